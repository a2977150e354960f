"""What `reflect sync` reports is what it did: every version it put into a history is counted."""

from __future__ import annotations

from pathlib import Path

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn
from reflect.portability.sync import merge_conflicts
from reflect.store import Store
from tests.unit.test_port_sync import T0, diverge, hand_over, machines


def test_a_newer_version_that_replaces_a_record_counts_the_older_one_kept_in_history(tmp_path: Path) -> None:
    a, b, shared = machines(tmp_path)
    diverge(a, b, shared)
    hand_over(a, b)
    report = merge_conflicts(a)
    [checkins] = [m for m in report.merged if "checkins" in str(m.shard)]
    fresh = Store(a.root, FakeClock(T0)).open()
    in_history = sum(len(c.to_doc().get("history", [])) for c in fresh.list(CheckIn, include_deleted=True))
    assert in_history == 2  # B's edit under A's newer one; A's edit under B's later delete
    assert (checkins.added, checkins.replaced, checkins.kept_in_history) == (1, 1, in_history)
    assert "1 replaced by a newer version, 2 older versions kept in history" in "\n".join(report.lines())
