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
        "built = sorted(n for n, c in vars(models).items() if isinstance(c, type) and issubclass(c, BaseModel)\n"
        "               and c.__module__ == models.__name__ and c.__pydantic_complete__)\n"
        "print(json.dumps(built))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == ["CheckIn"]


def test_a_deferred_model_still_validates_and_round_trips() -> None:
    from datetime import datetime, timezone

    from reflect.core.models import FocusBlock, Interruption

    start = datetime(2026, 3, 14, 9, 0, tzinfo=timezone.utc)
    block = FocusBlock(intention="write", planned_seconds=1500, started_at=start,
                       interruptions=[Interruption(at=start, source="internal")])
    again = FocusBlock.model_validate(block.to_doc())
    assert again == block and again.kind == "focus_block"
