"""The kinds registry names every record class as it is."""

from __future__ import annotations

from pydantic import BaseModel

from reflect.core import kinds, models
from reflect.core.envelope import Record

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
