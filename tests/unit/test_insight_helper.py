"""The helper process that sums months of a first run from the newest end (`reflect.services.insight_helper`).

Real processes on real files: the answer with a helper is the exact computation, the months it
answers are not read again here, and a helper that cannot start, fails, says nonsense, goes silent
or meets a file it cannot read plainly only costs time.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import time as clock_time
from pathlib import Path

import pytest

from reflect.core.insights.days import summarize
from reflect.core.insights.totals import digest
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.services import insight_cache, insight_helper
from reflect.store import Store
from reflect.store.month_docs import month_docs

from tests.unit import test_insight_cache as base
from tests.unit.test_insight_cache import TODAY, exact, load_and_compute, months_read

KINDS = (CheckIn, FocusBlock, Reflection)
journal = base.journal  # the same sample journal, written once per module
copy = base.copy


@pytest.fixture
def helpers(monkeypatch) -> list[insight_helper.Helper]:
    """Every helper started, with a helper used whatever the journal's size (as on two cores)."""
    monkeypatch.delenv(insight_helper.DISABLE_ENV, raising=False)
    monkeypatch.setattr(insight_helper, "MIN_BYTES", 0)
    monkeypatch.setattr(insight_helper, "cores", lambda: 2)
    started: list[insight_helper.Helper] = []
    real = insight_helper.Helper.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(insight_helper.Helper, "__init__", spy)
    return started


def helper_ahead(monkeypatch, helpers, months: int) -> list[str]:
    """Months read here (see `months_read`); before the first of the helper's, wait until it has
    finished `months` of them, as on a machine where this process is the slower one."""
    seen: list[str] = []
    real = insight_cache._read_month

    def spy(store, month, kinds=insight_cache.KINDS):
        if helpers and month in helpers[0].months and not seen_offered:
            deadline = time.monotonic() + 60
            while len(helpers[0].done) < months and helpers[0]._proc is not None and time.monotonic() < deadline:
                helpers[0]._read(wait=True)
            seen_offered.append(month)
        seen.append(month + ("+" if FocusBlock in kinds else ""))
        return real(store, month, kinds)

    seen_offered: list[str] = []
    monkeypatch.setattr(insight_cache, "_read_month", spy)
    return seen


def test_the_helper_sums_from_the_newest_and_its_months_are_not_read_here(copy: Store, helpers, monkeypatch) -> None:
    want = exact(copy)
    seen = helper_ahead(monkeypatch, helpers, 5)
    assert load_and_compute(copy, TODAY) == want
    (helper,) = helpers
    offered = helper.months
    assert len(offered) >= 20 and offered == sorted(offered)
    assert max(offered) < "2026-03"  # the balance window's months are read here, never offered
    answered = {m for m, entry in helper.done.items() if entry is not None}
    read_here = [m.rstrip("+") for m in seen if m.rstrip("+") in offered]
    # it went from the newest (a bug in it fails here, not silently) and this process from the
    # oldest: they met in the middle, each of the months above it read only by the helper (what
    # the helper did below it before it was ended is not used)
    assert len(answered) >= 5 and max(offered) in answered, sorted(answered)
    meeting = offered.index(max(read_here)) + 1
    assert read_here == offered[:meeting] and set(offered[meeting:]) <= answered, (read_here, sorted(answered))
    assert len(offered) - meeting >= 5  # at least the months it had done before this process began on them
    assert helper._proc is None  # ended when this process was done
    # the kept file has the helper's months like any other: a warm run reads only this month
    seen.clear()
    assert load_and_compute(copy, TODAY) == want
    assert seen == ["2026-03+"], seen
    assert len(helpers) == 1  # nothing left to read: no helper


SILENT_AFTER_STARTING = ("import json, sys, time; job = json.loads(sys.stdin.read()); "
                         "print('S', job['months'][-1], flush=True); time.sleep(60)")


@pytest.mark.parametrize("how", ["cannot start", "fails", "nonsense", "silent", "silent in a month"])
def test_a_helper_that_does_not_answer_only_costs_time(copy: Store, helpers, monkeypatch, how: str) -> None:
    want = exact(copy)
    commands = {
        "cannot start": ["/nonexistent/python3"],
        "fails": [sys.executable, "-c", "raise SystemExit(3)"],
        "nonsense": [sys.executable, "-c", "import sys; sys.stdout.write('D {\"month\": \"2024-01\", \"entry\": 7')"],
        "silent": [sys.executable, "-c", "import time; time.sleep(60)"],
        "silent in a month": [sys.executable, "-c", SILENT_AFTER_STARTING],
    }
    monkeypatch.setattr(insight_helper, "command", lambda: commands[how])
    monkeypatch.setattr(insight_helper, "TIMEOUT", 1.0)
    seen = months_read(monkeypatch)
    assert load_and_compute(copy, TODAY) == want
    (helper,) = helpers
    assert not [e for e in helper.done.values() if e is not None]
    assert set(helper.months) <= {m.rstrip("+") for m in seen}  # all read here instead
    assert helper._proc is None  # killed and reaped (or never started)


def test_a_month_the_helper_cannot_read_plainly_is_read_here(copy: Store, helpers, monkeypatch) -> None:
    """A file among the helper's months that is not plainly one the store wrote (here: a record
    given twice under one key, which the store's own reader resolves and reports) is left to this
    process."""
    load_and_compute(copy, TODAY)
    odd = max(helpers[0].months)  # the helper's first
    path = copy.shard_path(CheckIn, month=odd)
    lines = path.read_text().splitlines()
    lines.insert(2, lines[1])
    path.write_text("\n".join(lines) + "\n")
    helpers.clear()
    insight_cache.cache_path(copy.root).unlink()
    want = exact(copy)
    seen = helper_ahead(monkeypatch, helpers, 3)
    assert load_and_compute(copy, TODAY) == want
    (helper,) = helpers
    assert odd in helper.done and helper.done[odd] is None  # it said it left that one
    assert odd + "+" in seen
    assert [m for m, e in helper.done.items() if e is not None]  # and answered others


def test_a_file_changed_after_the_scan_is_not_taken_from_the_helper(copy: Store) -> None:
    month = "2024-06"
    kinds = [(cls.COLLECTION, cls.KIND, copy.version(cls)) for cls in KINDS]
    job = {"root": str(copy.root), "months": [month], "kinds": kinds, "day_start": "04:00",
           "sigs": {month: [list(copy._sig(copy.shard_path(cls, month=month))) for cls in KINDS]}}
    docs = [month_docs(copy, cls, month) for cls in KINDS]
    assert insight_helper.sum_month(job, month) == {
        "sig": job["sigs"][month], "digest": digest(summarize(*docs, clock_time(4)), month)}
    job["sigs"][month][1][2] += 1  # the focus blocks' size as it was when the folder was scanned
    assert insight_helper.sum_month(job, month) is None


def test_a_helper_is_worth_it_only_for_years_of_months_and_a_second_cpu(monkeypatch) -> None:
    monkeypatch.delenv(insight_helper.DISABLE_ENV, raising=False)
    monkeypatch.setattr(insight_helper, "cores", lambda: 2)
    assert insight_helper.worth_a_helper(insight_helper.MIN_BYTES)
    assert not insight_helper.worth_a_helper(insight_helper.MIN_BYTES - 1)
    monkeypatch.setattr(insight_helper, "cores", lambda: 1)
    assert not insight_helper.worth_a_helper(10 * insight_helper.MIN_BYTES)
    monkeypatch.setattr(insight_helper, "cores", lambda: 2)
    monkeypatch.setenv(insight_helper.DISABLE_ENV, "1")
    assert not insight_helper.worth_a_helper(10 * insight_helper.MIN_BYTES)
    monkeypatch.delenv(insight_helper.DISABLE_ENV)
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # a bundled app: sys.executable is the app
    assert not insight_helper.worth_a_helper(10 * insight_helper.MIN_BYTES)


def test_the_helper_imports_neither_pydantic_nor_textual_nor_numpy(tmp_path: Path) -> None:
    """It starts in a fresh Python on every first run: what it imports is time the user waits."""
    probe = ("import sys; import reflect.services.insight_helper as h; "
             "job = {'root': sys.argv[1], 'months': ['2020-01'], 'kinds': [['checkins', 'checkin', 1], ['focus_blocks', 'focus_block', 1], "
             "['reflections', 'reflection', 1]], 'sigs': {'2020-01': [None, None, None]}, 'day_start': '04:00'}; "
             "assert h.sum_month(job, '2020-01')['digest']['days'] == []; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'textual', 'numpy', 'rich'}))")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True,
                          cwd=Path(insight_helper.__file__).parents[2])
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_a_helper_is_ended_when_summing_here_fails(copy: Store, helpers, monkeypatch) -> None:
    def broken(self, day_map):
        raise TypeError("a bug")

    monkeypatch.setattr(insight_cache.Totals, "add_days", broken)
    with pytest.raises(TypeError, match="a bug"):
        load_and_compute(copy, TODAY)
    (helper,) = helpers
    assert helper._proc is None  # killed and reaped


def test_a_folder_name_that_is_not_utf8_gets_no_helper_and_the_same_answer(journal: Path, tmp_path: Path, helpers,
                                                                           monkeypatch) -> None:
    import shutil

    from reflect.core.clock import FakeClock

    root = tmp_path / "journal-caf\udce9"  # the byte 0xE9 of a Latin-1 name, as Python names it
    shutil.copytree(journal, root)
    store = Store(root, FakeClock(base.NOW), auto_backup=False).open()
    seen = months_read(monkeypatch)
    assert load_and_compute(store, TODAY) == exact(store)
    (helper,) = helpers
    assert helper._proc is None and not helper.done
    assert set(helper.months) <= {m.rstrip("+") for m in seen}
