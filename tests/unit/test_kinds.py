"""The kinds registry names every record class as it is, and the store imports a class only when it
needs one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

from reflect.core import kinds, models
from reflect.core.envelope import Record

AREA_MODELS = (
    "reflect.core.checkin.model",
    "reflect.core.reflection.model",
    "reflect.core.focus.model",
    "reflect.core.feedback.model",
    "reflect.core.story.model",
    "reflect.core.story.records",
    "reflect.core.drafts",
)


def _subclasses(cls: type[BaseModel]) -> set[type[BaseModel]]:
    out: set[type[BaseModel]] = set()
    for sub in cls.__subclasses__():
        out |= {sub, *_subclasses(sub)}
    return out


def test_every_kind_names_its_class_collection_and_sharding() -> None:
    for kind in kinds.KINDS:
        cls = kind.load()
        assert (cls.KIND, cls.COLLECTION, cls.SHARDED, cls.__module__, cls.__name__) == (
            kind.kind, kind.collection, kind.sharded, kind.module, kind.name)
        assert kinds.BY_KIND[kind.kind] is cls and kinds.BY_COLLECTION[kind.collection] is cls


def test_every_record_class_is_registered_once() -> None:
    registered = list(kinds.RECORD_TYPES)
    concrete = {cls for cls in _subclasses(Record) if cls.KIND and cls.__module__.startswith("reflect.")}
    assert set(registered) == concrete and len(registered) == len(concrete) == len(kinds.KINDS)
    assert len(set(kinds.COLLECTIONS)) == len(kinds.COLLECTIONS) == len(set(kinds.BY_KIND))


def test_the_lazy_tables_behave_as_a_tuple_and_dicts() -> None:
    assert models.RECORD_TYPES[0].KIND == "checkin" and models.RECORD_TYPES[-1].KIND == "draft"
    assert models.RECORD_TYPES[:2] == (models.CheckIn, models.Reflection)
    assert tuple(models.RECORD_TYPES) == tuple(kinds.BY_KIND.values())
    assert "checkin" in models.BY_KIND and "nothing" not in models.BY_KIND
    assert models.BY_KIND.get("nothing") is None and models.BY_COLLECTION.get("people") is models.Person
    assert dict(models.BY_COLLECTION)["focus_blocks"] is models.FocusBlock


def _open_and_list_models(root: Path) -> list[str]:
    code = (
        "import sys\n"
        "from reflect.store import Store\n"
        f"store = Store({str(root)!r}).open()\n"
        f"print(sorted(m for m in sys.modules if m in {AREA_MODELS!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(out.stdout.strip().splitlines()[-1].replace("'", '"'))
    return loaded


def test_opening_the_store_imports_a_class_only_for_a_folder_with_something_to_repair(tmp_path: Path) -> None:
    root = tmp_path / "j"
    for name in kinds.COLLECTIONS:
        (root / name).mkdir(parents=True)
        (root / name / "all.json").write_text("{}", encoding="utf-8")
    assert _open_and_list_models(root) == []
    temp = root / "focus_blocks" / ".tmp-2026-03.json.left"  # a crashed writer's temp file
    temp.write_bytes(b"{")
    assert _open_and_list_models(root) == ["reflect.core.focus.model"]
    assert not temp.exists()
