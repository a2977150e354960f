"""The helper process that sums part of a first run's months (`reflect.services.insight_helper`).

Real processes on real files: the answer with a helper is the exact computation, the helper's
months are not read again here, and a helper that cannot start, fails, says nonsense, hangs or
meets a file it cannot read plainly only costs time.
"""

from __future__ import annotations

import sys
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
    monkeypatch.setattr(insight_helper, "START_BYTES", 0)
    monkeypatch.setattr(insight_helper, "cores", lambda: 2)
    started: list[insight_helper.Helper] = []
    real = insight_helper.Helper.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(insight_helper.Helper, "__init__", spy)
    return started


def test_a_helper_sums_the_newest_old_months_and_the_answer_is_exact(copy: Store, helpers, monkeypatch) -> None:
    want = exact(copy)
    seen = months_read(monkeypatch)
    assert load_and_compute(copy, TODAY) == want
    (helper,) = helpers
    share = helper.months
    assert len(share) >= 10 and share == sorted(share)
    # every month of its share answered (a bug in the helper fails here, not silently) and none
    # of them read again in this process
    assert sorted(helper.results()) == share
    assert not {m.rstrip("+") for m in seen} & set(share), seen
    # the newest of the months that are read and kept: older ones stay here
    assert max(share) < "2026-03" and min(share) > min(m.rstrip("+") for m in seen)
    assert helper._proc is None or helper._proc.returncode == 0  # waited for, not left running
    # the kept file has the helper's months like any other: a warm run reads only this month
    seen.clear()
    assert load_and_compute(copy, TODAY) == want
    assert seen == ["2026-03+"], seen
    assert len(helpers) == 1  # nothing left to read: no helper


@pytest.mark.parametrize("how", ["cannot start", "fails", "nonsense", "hangs"])
def test_a_helper_that_does_not_answer_only_costs_time(copy: Store, helpers, monkeypatch, how: str) -> None:
    want = exact(copy)
    commands = {
        "cannot start": ["/nonexistent/python3"],
        "fails": [sys.executable, "-c", "raise SystemExit(3)"],
        "nonsense": [sys.executable, "-c", "import sys; sys.stdout.write('{\"2024-01\": 7, \"x\": [')"],
        "hangs": [sys.executable, "-c", "import time; time.sleep(60)"],
    }
    monkeypatch.setattr(insight_helper, "command", lambda: commands[how])
    monkeypatch.setattr(insight_helper, "TIMEOUT", 1.0)
    seen = months_read(monkeypatch)
    assert load_and_compute(copy, TODAY) == want
    (helper,) = helpers
    assert helper.results() == {}
    assert set(helper.months) <= {m.rstrip("+") for m in seen}  # read here instead
    assert helper._proc is None or helper._proc.returncode is not None  # ended and reaped (or never started)


def test_a_month_the_helper_cannot_read_plainly_is_read_here(copy: Store, helpers, monkeypatch) -> None:
    """A file in the helper's share that is not plainly one the store wrote (here: a record's key
    given twice, which the store's own reader resolves and reports) is left to this process."""
    share = insight_helper.helper_share(sorted(p.name[:7] for p in copy.folder(CheckIn).glob("*.json")),
                                        {}, 0)
    assert share == []  # no sizes, nothing worth a helper: the real share is found below
    load_and_compute(copy, TODAY)
    (helper,) = helpers
    odd = helper.months[len(helper.months) // 2]
    path = copy.shard_path(CheckIn, month=odd)
    lines = path.read_text().splitlines()
    lines.insert(2, lines[1])  # the first record twice under one key: not the store's layout
    path.write_text("\n".join(lines) + "\n")
    helpers.clear()
    insight_cache.cache_path(copy.root).unlink()
    want = exact(copy)
    seen = months_read(monkeypatch)
    assert load_and_compute(copy, TODAY) == want
    (helper,) = helpers
    assert odd in helper.months and odd not in helper.results()
    assert odd + "+" in seen and len(helper.results()) == len(helper.months) - 1


def test_a_file_changed_after_the_scan_is_not_taken_from_the_helper(copy: Store) -> None:
    month = "2024-06"
    sigs = {(month, cls.KIND): list(copy._sig(copy.shard_path(cls, month=month))) for cls in KINDS}
    kinds = [(cls.COLLECTION, cls.KIND, copy.version(cls)) for cls in KINDS]
    job = {"root": str(copy.root), "months": [month], "kinds": kinds, "day_start": "04:00",
           "sigs": {month: [sigs[(month, cls.KIND)] for cls in KINDS]}}
    docs = [month_docs(copy, cls, month) for cls in KINDS]
    from datetime import time

    assert insight_helper.sum_months(job) == {
        month: {"sig": job["sigs"][month], "digest": digest(summarize(*docs, time(4)), month)}}
    job["sigs"][month][1][2] += 1  # the focus blocks' size as it was when the folder was scanned
    assert insight_helper.sum_months(job) == {}


def test_the_share_is_the_newest_half_less_the_start_and_only_where_it_helps(monkeypatch) -> None:
    months = [f"2020-{m:02d}" for m in range(1, 13)]
    sizes = dict.fromkeys(months, 1_000_000)
    monkeypatch.delenv(insight_helper.DISABLE_ENV, raising=False)
    monkeypatch.setattr(insight_helper, "cores", lambda: 2)
    monkeypatch.setattr(insight_helper, "MIN_BYTES", 8_000_000)
    monkeypatch.setattr(insight_helper, "START_BYTES", 2_000_000)
    # (12 MB + 2 MB read here anyway - 2 MB while it starts) / 2 = 6 MB: the newest six months
    assert insight_helper.helper_share(months, sizes, 2_000_000) == months[6:]
    assert insight_helper.helper_share(months, sizes) == months[7:]
    assert insight_helper.helper_share(months[:7], sizes) == []  # 7 MB: one process is faster
    monkeypatch.setattr(insight_helper, "cores", lambda: 1)
    assert insight_helper.helper_share(months, sizes) == []
    monkeypatch.setattr(insight_helper, "cores", lambda: 2)
    monkeypatch.setenv(insight_helper.DISABLE_ENV, "1")
    assert insight_helper.helper_share(months, sizes) == []


def test_the_helper_imports_neither_pydantic_nor_textual(tmp_path: Path) -> None:
    """It starts in a fresh Python on every first run: what it imports is time the user waits."""
    import subprocess

    probe = ("import sys, runpy; sys.stdin = open(sys.argv[1]); "
             "import reflect.services.insight_helper as h; h.sum_months({'root': sys.argv[2], 'months': [], 'kinds': [], "
             "'sigs': {}, 'day_start': '04:00'}); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'textual', 'tinydb', 'numpy')))")
    job = tmp_path / "job"
    job.write_text("{}")
    done = subprocess.run([sys.executable, "-c", probe, str(job), str(tmp_path)], capture_output=True, text=True, check=True,
                          cwd=Path(insight_helper.__file__).parents[2])
    loaded = eval(done.stdout)  # noqa: S307 - our own probe's list of names
    assert not [m for m in loaded if not m.startswith("tinydb")], loaded


def test_a_helper_is_ended_when_summing_here_fails(copy: Store, helpers, monkeypatch) -> None:
    def broken(self, day_map):
        raise TypeError("a bug")

    monkeypatch.setattr(insight_cache.Totals, "add_days", broken)
    with pytest.raises(TypeError, match="a bug"):
        load_and_compute(copy, TODAY)
    (helper,) = helpers
    assert helper._proc is None and helper.results() == {}  # killed and reaped, its answer dropped
