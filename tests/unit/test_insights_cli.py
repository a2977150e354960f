"""`reflect insights` and the refusals of `reflect log`, as real processes would see them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta

from reflect.cli import main
from reflect.core.checkin.checkins import new_checkin
from reflect.core.clock import FakeClock
from reflect.store import Store


def test_insights_json_schema(tmp_path, capsys) -> None:
    store = Store(tmp_path / "j").open()
    now = datetime.now().astimezone()
    records = []
    for i in range(16):
        at = now - timedelta(days=i)
        records.append(new_checkin(FakeClock(at), mood=8 if i % 2 else 4, energy=6, tags=["walk"] if i % 2 else []))
    store.put_many(records)
    assert main(["--data-dir", str(tmp_path / "j"), "insights", "--json", "--days", "30"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["days"] == 30
    assert out["streak"] == {"current": 16, "longest": 16}
    assert all(0 <= h <= 23 for h in out["peak_energy_hours"])
    [mood] = [e for e in out["tag_effects"] if e["outcome"] == "mood"]
    assert mood["tag"] == "walk" and mood["difference"] == 4.0 and (mood["n_with"], mood["n_without"]) == (8, 8)
    assert set(mood) >= {"tag", "outcome", "difference", "n_with", "n_without", "low", "high"}


def test_insights_summary_and_bad_days(tmp_path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "j"), "insights"]) == 0
    text = capsys.readouterr().out
    assert "No check-ins yet" in text and "Tag effects: not enough data yet" in text
    proc = subprocess.run([sys.executable, "-m", "reflect", "--data-dir", str(tmp_path / "j"), "insights", "--days", "0"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.strip() == "reflect insights: argument --days: --days must be from 1 to 36500, not 0"


def test_log_refuses_mood_and_energy_outside_1_to_9(tmp_path) -> None:
    for flag, value in (("--mood", "0"), ("--mood", "10"), ("--energy", "12")):
        args = [sys.executable, "-m", "reflect", "--data-dir", str(tmp_path / "j"), "log", "--mood", "5", flag, value]
        proc = subprocess.run(args, capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert f"must be from 1 to 9, not {int(value)}" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "j" / "checkins").exists() or not any((tmp_path / "j" / "checkins").glob("*.json"))


def test_insights_cli_follows_the_day_start_setting(tmp_path, capsys) -> None:
    from reflect.core.models import Settings
    from tests.conftest import TZ

    store = Store(tmp_path / "j").open()
    store.put(new_checkin(FakeClock(datetime(2025, 3, 1, 0, 30, tzinfo=TZ)), mood=7, energy=5))
    argv = ["--data-dir", str(tmp_path / "j"), "insights", "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["first_day"] == "2025-02-28"  # the default day starts at 04:00
    store.save_settings(store.settings().model_copy(update={"day_start": "00:00"}))
    assert isinstance(store.settings(), Settings) and store.settings().day_start == "00:00"
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["first_day"] == "2025-03-01"


def test_the_focus_line_says_why_no_window_is_named(tmp_path, capsys) -> None:
    from reflect.core.models import FocusBlock

    store = Store(tmp_path / "j").open()
    start = datetime.now().astimezone().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    store.put_many([FocusBlock(intention="Draft", planned_seconds=1500, started_at=start - timedelta(days=d),
                               ended_at=start - timedelta(days=d) + timedelta(minutes=25), outcome="done")
                    for d in range(3)])
    assert main(["--data-dir", str(tmp_path / "j"), "insights"]) == 0
    text = capsys.readouterr().out
    assert ("Focus: Not enough blocks in any two-hour window yet to name your best focus window"
            " (a window needs 30 blocks and 5% of all yours; you have 3).\n") in text
