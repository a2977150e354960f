"""Record models build their pydantic validators on first use, only for the kinds a command touches."""

from __future__ import annotations

import json
import subprocess
import sys


def test_logging_a_checkin_builds_only_the_checkin_validator() -> None:
    code = (
        "import json\n"
        "from pydantic import BaseModel\n"
        "from reflect.core import models\n"
        "models.CheckIn(mood=5)\n"
        "def walk(cls):\n"
        "    for sub in cls.__subclasses__():\n"
        "        yield sub\n"
        "        yield from walk(sub)\n"
        "every = list(models.RECORD_TYPES)\n"  # defines every kind, none built
        "built = sorted({c.__name__ for c in walk(BaseModel) if c.__module__.startswith('reflect.core.')\n"
        "                and c.__pydantic_complete__})\n"
        "print(len(every), json.dumps(built))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    count, built = proc.stdout.split(" ", 1)
    assert int(count) >= 17 and json.loads(built) == ["CheckIn"]


def test_the_models_module_names_every_class_of_its_areas() -> None:
    """`from reflect.core.models import X` keeps working for every name it had, each from its area."""
    from reflect.core import models
    from reflect.core.checkin.model import CheckIn
    from reflect.core.story.model import Story

    assert models.CheckIn is CheckIn and models.Story is Story and models.Record.__name__ == "Record"
    assert {"Episode", "Pause", "Interruption", "Answer", "TaggedPassage", "Relation", "Settings"} <= set(dir(models))
    for name in dir(models):
        getattr(models, name)
    try:
        models.NoSuchModel  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchModel" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def test_a_deferred_model_still_validates_and_round_trips() -> None:
    from datetime import datetime, timezone

    from reflect.core.models import FocusBlock, Interruption

    start = datetime(2026, 3, 14, 9, 0, tzinfo=timezone.utc)
    block = FocusBlock(intention="write", planned_seconds=1500, started_at=start,
                       interruptions=[Interruption(at=start, source="internal")])
    again = FocusBlock.model_validate(block.to_doc())
    assert again == block and again.kind == "focus_block"
