"""The kept per-month insight sums (`reflect.services.insight_cache`) against the exact computation.

Every test compares `load_and_compute` (reading kept months) with `compute_insights` over every raw
record, on real files: a cold start, a warm one, after edits in history that keep a file's size, after
deletes, after a month move that a crash interrupted, with damaged or unwritable cache files.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.insights.mood import RAW_DROP, compute_insights
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.core.sample.journal import fill
from reflect.services import insight_cache, insight_helper
from reflect.store import Store, backups, moves
from reflect.services.insight_cache import cache_path

from tests.conftest import TZ

NOW = datetime(2026, 3, 14, 21, 0, tzinfo=TZ)
TODAY = NOW.date()


def exact(store: Store, today: date = TODAY, days: int | None = None) -> dict:
    """Every insight from every raw record: what the cache must always agree with."""
    env = RAW_DROP["envelope"]
    return compute_insights(
        store.raw_docs(CheckIn, drop=env),
        store.raw_docs(FocusBlock, drop=env | RAW_DROP["focus_block"]),
        store.raw_docs(Reflection, drop=env | RAW_DROP["reflection"]),
        today,
        days,
    )


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    """Two and a half years of the sample journal, written once; each test copies it."""
    root = tmp_path_factory.mktemp("sample") / "journal"
    store = Store(root, FakeClock(NOW), auto_backup=False).open()
    fill(store, NOW, 2.5, seed=11)
    return root


@pytest.fixture
def copy(journal: Path, tmp_path: Path) -> Store:
    import shutil

    root = tmp_path / "journal"
    shutil.copytree(journal, root)
    return Store(root, FakeClock(NOW), auto_backup=False).open()


@pytest.fixture(autouse=True)
def one_process(monkeypatch) -> None:
    """These tests count the months this process reads: no helper process takes some of them
    (`test_insight_helper` covers the helper)."""
    monkeypatch.setenv(insight_helper.DISABLE_ENV, "1")


def kept(path: Path) -> dict:
    """A kept file's JSON (after its checksum line)."""
    return json.loads(path.read_bytes().partition(b"\n")[2])


def load_and_compute(store: Store, today: date, days: int | None = None) -> dict:
    """The cache's answer, after its files are written (they are written by a thread)."""
    result = insight_cache.load_and_compute(store, today, days)
    insight_cache.flush()
    return result


def months_read(monkeypatch) -> list[str]:
    """Record which months the cache reads from their files, with the focus blocks (no "+": only
    check-ins and reflections)."""
    seen: list[str] = []
    real = insight_cache._read_month

    def spy(store, month, kinds=insight_cache.KINDS):
        seen.append(month + ("+" if FocusBlock in kinds else ""))
        return real(store, month, kinds)

    monkeypatch.setattr(insight_cache, "_read_month", spy)
    return seen


def test_cold_and_warm_runs_equal_the_exact_computation(copy: Store, monkeypatch) -> None:
    want = exact(copy)
    seen = months_read(monkeypatch)
    assert load_and_compute(copy, TODAY) == want
    cold = list(seen)
    assert len(cold) >= 30  # every month was read once
    seen.clear()
    assert load_and_compute(copy, TODAY) == want
    # warm: only the balance window's month is read again; history and "on this day" (March of
    # earlier years) come from the kept file
    assert seen == ["2026-03+"], seen
    for days in (7, 30, 45, 365, 1000):
        assert load_and_compute(copy, TODAY, days) == exact(copy, TODAY, days), days


def test_on_this_day_follows_the_calendar_month_in_the_one_kept_file(copy: Store, monkeypatch) -> None:
    """The kept file holds "on this day" rows for today's calendar month only; another month's are
    read once from its files and replace them."""
    load_and_compute(copy, TODAY)
    march = kept(cache_path(copy.root))["months"]
    assert {m for m, e in march.items() if "otd" in e} == {"2024-03", "2025-03"}
    earlier = date(2026, 2, 20)
    seen = months_read(monkeypatch)
    assert load_and_compute(copy, earlier) == exact(copy, earlier)
    assert sorted(m for m in seen if not m.endswith("+")) == ["2024-02", "2025-02"]
    february = kept(cache_path(copy.root))["months"]
    assert {m for m, e in february.items() if "otd" in e} == {"2024-02", "2025-02"}
    seen.clear()
    assert load_and_compute(copy, earlier) == exact(copy, earlier)
    assert all(m.endswith("+") for m in seen), seen  # only the balance window's months


def test_cache_files_are_private_and_never_backed_up(copy: Store) -> None:
    load_and_compute(copy, TODAY)
    folder = cache_path(copy.root).parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["insights.json"]
    for p in folder.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert all(CACHE not in p.parts for p in backups.data_files(copy.root) for CACHE in (".cache",))


def test_an_edit_in_history_that_keeps_the_file_size_is_noticed(copy: Store, monkeypatch) -> None:
    load_and_compute(copy, TODAY)
    old = [c for c in copy.list(CheckIn, date(2024, 6, 1), date(2024, 6, 30))]
    target = next(c for c in old if c.mood != 9)
    path = copy.shard_path(CheckIn, target)
    size = path.stat().st_size
    copy.put(target.model_copy(update={"mood": 9 if target.mood < 9 else 1}), touch=False)
    assert path.stat().st_size == size  # one digit for another: only the signature's inode and times move
    want = exact(copy)
    assert load_and_compute(copy, TODAY) == want

    # the same check fails when the kept month is trusted without looking at its file again
    load_and_compute(copy, TODAY)
    copy.put(target.model_copy(update={"mood": 5 if target.mood != 5 else 6}), touch=False)
    real = insight_cache._signatures
    stale = kept(cache_path(copy.root))["months"]["2024-06"]["sig"]

    def blind(store):
        sigs = real(store)
        sigs[("2024-06", "checkin")] = stale[0]
        return sigs

    monkeypatch.setattr(insight_cache, "_signatures", blind)
    assert load_and_compute(copy, TODAY) != exact(copy)


def test_deletes_backfills_and_new_months_are_counted(copy: Store) -> None:
    load_and_compute(copy, TODAY)
    victim = copy.list(CheckIn, date(2025, 2, 1), date(2025, 2, 28))[0]
    copy.delete(victim)
    copy.add(CheckIn(at=datetime(2023, 9, 1, 8, 30, tzinfo=TZ), mood=2, energy=8, tags=["backfilled"],
                     created_at=NOW, updated_at=NOW))  # a month older than any other
    copy.add(CheckIn(at=datetime(2025, 11, 3, 8, 30, tzinfo=TZ), mood=8, energy=2, tags=["late-entry"],
                     created_at=NOW, updated_at=NOW))
    want = exact(copy)
    assert want["first_day"] == "2023-09-01"
    assert load_and_compute(copy, TODAY) == want
    assert load_and_compute(copy, TODAY, 200) == exact(copy, TODAY, 200)


@pytest.mark.parametrize("to", [datetime(2024, 2, 10, 9, 0, tzinfo=TZ), datetime(2026, 3, 10, 9, 0, tzinfo=TZ)])
def test_a_month_move_cut_short_by_a_crash_counts_once(copy: Store, to: datetime) -> None:
    """A crash between the two writes of a move left the record in two months' files; the next
    store to open the folder finishes the move, and the kept sums agree with every record."""
    load_and_compute(copy, TODAY)  # kept sums exist before the crash
    record = copy.list(CheckIn, date(2024, 8, 1), date(2024, 8, 31))[3]
    moved = record.model_copy(update={"at": to, "updated_at": NOW + timedelta(minutes=5)})
    new, old = copy.shard_path(CheckIn, moved), copy.shard_path(CheckIn, record)
    with pytest.raises(KeyboardInterrupt), moves.moving(copy, CheckIn, moved.to_doc(), new, [old]):
        copy._write(CheckIn, new, [moved])
        raise KeyboardInterrupt("killed before the old copy was removed")
    both = [p for p in (new, old) if record.id in p.read_text()]
    assert both == [new, old]
    reopened = Store(copy.root, FakeClock(NOW), auto_backup=False).open()
    assert record.id not in old.read_text()
    want = exact(reopened)
    assert load_and_compute(reopened, TODAY) == want
    assert load_and_compute(reopened, TODAY) == want  # and again, from the kept sums


def test_damaged_or_foreign_cache_files_are_ignored_and_rebuilt(copy: Store) -> None:
    want = exact(copy)
    load_and_compute(copy, TODAY)
    path = cache_path(copy.root)
    good = path.read_bytes()
    check, _, body = good.partition(b"\n")
    foreign = json.dumps({**kept(path), "format": -1}).encode()
    tampered = body.replace(b'"c":[', b'"c":["not numbers",', 1)  # parses, right signatures, not ours
    for bad in (b"\x00garbage{", b"[]", check + b"\n" + foreign, check + b"\n" + tampered, good[: len(good) // 2]):
        path.write_bytes(bad)
        assert load_and_compute(copy, TODAY) == want
        assert path.read_bytes() == good  # rebuilt as it was
    path.unlink()
    assert load_and_compute(copy, TODAY) == want


def test_a_bug_in_the_fast_path_is_not_hidden(copy: Store, monkeypatch) -> None:
    """Only the kept files' bytes are checked; an error while summing good kept months is a bug
    and reaches the caller (and the user), instead of a silent fall-back to the slow path."""
    load_and_compute(copy, TODAY)

    def broken(self, *args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr(insight_cache.Totals, "add_digest", broken)
    with pytest.raises(TypeError, match="a bug"):
        load_and_compute(copy, TODAY)


def test_a_cache_that_cannot_be_written_only_costs_time(copy: Store, monkeypatch) -> None:
    def full(path, payload, durable=True):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(insight_cache, "atomic_write", full)
    assert load_and_compute(copy, TODAY) == exact(copy)
    assert not cache_path(copy.root).exists()


def test_stale_temp_files_of_a_crashed_cache_write_are_removed(copy: Store) -> None:
    load_and_compute(copy, TODAY)
    folder = cache_path(copy.root).parent
    old = folder / ".tmp-insights.json.abc"
    fresh = folder / ".tmp-insights.json.def"
    old.write_text("half")
    fresh.write_text("someone writing now")
    os.utime(old, (0, 0))
    earlier = folder / "on-this-day-03.json"  # kept beside insights.json by earlier versions
    earlier.write_text("{}")
    copy.add(CheckIn(at=datetime(2025, 5, 5, 9, 0, tzinfo=TZ), mood=5, created_at=NOW, updated_at=NOW))
    load_and_compute(copy, TODAY)  # a history month changed: the cache is written again
    assert not old.exists() and fresh.exists() and not earlier.exists()


def test_an_empty_or_missing_journal(tmp_path: Path) -> None:
    store = Store(tmp_path / "new", FakeClock(NOW)).open()
    assert load_and_compute(store, TODAY) == compute_insights([], [], [], TODAY)



class _Tracked(list):
    """One kind's docs of a month, counting themselves while alive (CPython frees them as soon as
    the last reference goes)."""

    live = 0
    peak = 0

    def __init__(self, items) -> None:
        super().__init__(items)
        _Tracked.live += 1
        _Tracked.peak = max(_Tracked.peak, _Tracked.live)

    def __del__(self) -> None:
        _Tracked.live -= 1


def test_a_first_run_lets_each_old_month_go_once_it_is_summed(copy: Store, monkeypatch) -> None:
    """Holding every month read on the first run put the TUI's peak memory at twice its target."""
    want = exact(copy)
    real = insight_cache._read_month
    _Tracked.live = _Tracked.peak = 0
    monkeypatch.setattr(insight_cache, "_read_month",
                        lambda store, month, *kinds: tuple(_Tracked(d) for d in real(store, month, *kinds)))
    assert load_and_compute(copy, TODAY) == want
    months_held = _Tracked.peak / 3
    # the balance window's months, this calendar month of earlier years, the one being summed
    assert months_held <= 6, months_held


def test_a_flush_from_another_thread_never_meets_a_writer_not_yet_started(copy: Store, monkeypatch) -> None:
    """Two windows' insight loads: one may flush while the other is between queueing its writer
    and starting it. Joining a thread that has not started raises, and the Insights screen failed."""
    import threading

    real = threading.Thread
    errors: list[BaseException] = []
    others: list[threading.Thread] = []

    def other_flush() -> None:
        try:
            insight_cache.flush()
        except RuntimeError as exc:
            errors.append(exc)

    class Racing(real):  # another load flushes at the worst moment: right before the writer starts
        def start(self) -> None:
            if self.name == "reflect-insight-cache":
                other = real(target=other_flush)
                others.append(other)
                other.start()
                other.join(timeout=1)  # with the fix it waits for the lock, so do not wait forever
            super().start()

    monkeypatch.setattr(threading, "Thread", Racing)
    insight_cache.load_and_compute(copy, TODAY)
    monkeypatch.setattr(threading, "Thread", real)
    for other in others:
        other.join(timeout=30)
    insight_cache.flush()
    assert others and errors == []


def test_a_kept_file_orjson_would_read_otherwise_is_read_with_the_standard_parser(tmp_path: Path) -> None:
    """Sums kept as written: an integer past 64 bits stays exact, a NaN stays a NaN."""
    path = tmp_path / "insights.json"
    data = {"format": insight_cache.FORMAT, "months": {"2020-01": {"big": 2**64 + 1, "odd": float("nan")}}}
    insight_cache._write_json(path, data)
    back = insight_cache._read_json(path)
    month = back["months"]["2020-01"]
    assert month["big"] == 2**64 + 1 and type(month["big"]) is int
    assert month["odd"] != month["odd"]


def test_the_collector_is_off_while_summing_and_as_it_was_after(copy: Store, monkeypatch) -> None:
    import gc

    seen: list[bool] = []
    real = insight_cache.summarize

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(insight_cache, "summarize", spy)
    assert gc.isenabled()
    load_and_compute(copy, TODAY)
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        load_and_compute(copy, TODAY)
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_the_collector_comes_back_after_a_failure(copy: Store, monkeypatch) -> None:
    import gc

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(insight_cache, "summarize", broken)
    with pytest.raises(RuntimeError):
        insight_cache.load_and_compute(copy, TODAY)
    assert gc.isenabled()


def test_overlapping_computations_turn_the_collector_back_on_only_when_the_last_ends() -> None:
    """Two threads: the first to start ends first; the collector stays off for the second, then
    comes back (restoring "as it was" per call would leave it on too early, then off for good)."""
    import gc
    import threading

    inside, leave = threading.Event(), threading.Event()

    def first() -> None:
        with insight_cache.collector_paused():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert inside.wait(10)
        with insight_cache.collector_paused():
            leave.set()
            thread.join()
            assert not gc.isenabled()  # still summing here
    finally:
        leave.set()
        thread.join()
    assert gc.isenabled()


def test_the_kept_file_is_read_with_orjson(copy: Store, monkeypatch) -> None:
    """Its file signatures hold nanosecond times (19 digits): orjson reads those exactly."""
    load_and_compute(copy, TODAY)
    calls: list[int] = []
    real = json.loads
    monkeypatch.setattr(insight_cache.json, "loads", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert insight_cache._read_json(cache_path(copy.root))["months"]
    assert calls == []


def test_a_note_with_a_lone_surrogate_is_kept_and_read_back(copy: Store) -> None:
    """A hand-edited file can hold text no UTF-8 encoder takes ("\\ud800" in JSON): "on this day"
    keeps the note, so the kept file must still be written, and read back the same."""
    path = copy.shard_path(CheckIn, month="2025-03")
    text = path.read_text()
    assert '"note": ""' in text
    path.write_text(text.replace('"note": ""', '"note": "odd \\ud800 text"', 1))
    want = exact(copy)
    assert load_and_compute(copy, TODAY) == want
    assert cache_path(copy.root).exists()
    assert "odd \ud800 text" in json.dumps(kept(cache_path(copy.root)), ensure_ascii=False)
    assert load_and_compute(copy, TODAY) == want
