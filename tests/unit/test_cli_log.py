"""`reflect log` and `--version`: exit codes and one-line messages, in-process and as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from reflect import __version__
from reflect.cli import main
from reflect.core.models import CheckIn
from reflect.store import Store

REFLECT = Path(sys.executable).with_name("reflect")


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    """`reflect ARGV...` as a real process."""
    return subprocess.run([str(REFLECT), *argv], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("args", "field", "allowed"),
    [
        (["--mood", "12", "--energy", "5"], "mood", "from 1 to 9"),
        (["--mood", "5", "--energy", "0"], "energy", "from 1 to 9"),
        (["--mood", "five", "--energy", "5"], "mood", "whole number from 1 to 9"),
        (["--mood", "5", "--energy", "5", "--at", "yesterday"], "--at", "ISO 8601"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(data_dir: Path, capsys, args, field, allowed) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(data_dir), "log", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert field in err and allowed in err, err
    assert not (data_dir / "checkins").exists()  # nothing written


def test_log_stores_the_checkin_and_confirms_in_one_line(data_dir: Path, capsys) -> None:
    code = main(["--data-dir", str(data_dir), "log", "--mood", "7", "--energy", "3", "--emotion", "calm",
                 "--tag", "Exercise", "--note", "[bold]x[/]", "--at", "2026-03-14T21:05-07:00"])
    assert code == 0
    out = capsys.readouterr().out
    assert out.strip() == "Logged mood 7, energy 3 at 2026-03-14 21:05."
    [stored] = Store(data_dir).list(CheckIn)
    assert (stored.mood, stored.energy, stored.emotion, stored.tags, stored.note) == (7, 3, "calm", ["exercise"], "[bold]x[/]")
    assert stored.at.isoformat() == "2026-03-14T21:05:00-07:00"  # the offset given, not UTC
    assert (data_dir / "checkins" / "2026-03.json").exists()


def test_energy_may_be_left_out(data_dir: Path, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "log", "--mood", "4", "--at", "2026-03-14T08:00-07:00"]) == 0
    assert "energy" not in capsys.readouterr().out
    [stored] = Store(data_dir).list(CheckIn, date(2026, 3, 14), date(2026, 3, 14))
    assert stored.energy is None


def test_bad_input_from_a_real_process_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    for args in (["--mood", "12", "--energy", "5"], ["--mood", "5", "--energy", "0"], ["--mood", "5", "--at", "yesterday"]):
        done = run("--data-dir", str(tmp_path / "j"), "log", *args)
        assert done.returncode == 2, done
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stderr.startswith("reflect log: argument"), done.stderr


def test_success_from_a_real_process(tmp_path: Path) -> None:
    done = run("--data-dir", str(tmp_path / "j"), "log", "--mood", "5", "--energy", "6", "--at", "2026-03-14T09:00-07:00")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Logged mood 5, energy 6 at 2026-03-14 09:00")
    assert done.stderr == ""


def test_an_unwritable_folder_exits_1_saying_nothing_was_lost(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = run("--data-dir", str(blocker / "j"), "log", "--mood", "5", "--energy", "5")
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "nothing" in done.stderr and "lost" in done.stderr


def test_version_from_the_console_script_and_python_m() -> None:
    for argv in ([str(REFLECT), "--version"], [sys.executable, "-m", "reflect", "--version"]):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done
        assert done.stdout.strip() == f"reflect {__version__}"
        assert done.stderr == ""


def test_unknown_command_exits_2_in_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "frobnicate" in err


@pytest.mark.parametrize(("setting", "scanned"), [(None, False), ("", True)])
def test_the_command_does_not_look_for_pydantic_plugins(tmp_path: Path, setting: str | None, scanned: bool) -> None:
    """reflect uses no pydantic plugins, so the entry point turns pydantic's search for them off
    (it reads every installed package's metadata); a value the user set is kept. (A non-ASCII note
    is one the command leaves to the model, so pydantic is used.)"""
    code = (
        "import sys\n"
        "from reflect.__main__ import main\n"
        f"sys.argv = ['reflect', '--data-dir', {str(tmp_path / 'j')!r}, 'log', '--mood', '5', '--note', 'caf\\u00e9']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "from pydantic.plugin import _loader\n"
        "print(_loader._plugins is not None)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip().splitlines()[-1] == str(scanned)


def test_a_check_in_timed_in_the_future_is_refused_in_one_line(data_dir: Path, capsys) -> None:
    """Tomorrow's check-in would be stored and then left out of every insight (they count up to
    today) without a word: it is refused, naming the time; a clock a minute or two ahead is not."""
    from datetime import datetime, timedelta

    now = datetime.now().astimezone()
    tomorrow = (now + timedelta(days=1)).replace(second=0, microsecond=0)
    try:
        code = main(["--data-dir", str(data_dir), "log", "--mood", "5", "--at", tomorrow.isoformat()])
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--at" in err and "in the future" in err, err
    assert not (data_dir / "checkins").exists()  # nothing written
    soon = (now + timedelta(minutes=2)).isoformat()
    assert main(["--data-dir", str(data_dir), "log", "--mood", "5", "--at", soon]) == 0
    assert len(Store(data_dir).list(CheckIn)) == 1
