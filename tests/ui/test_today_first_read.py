"""Today's check-ins reach the screen before pydantic is imported (it is the largest cost between the
first frame and Today's data: `services.first_reads`), and through the models when the files need it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import asyncio, sys
from reflect.app import make_app
from reflect.widgets.today.checkins import TodayCheckIns

seen = []
real = TodayCheckIns.load

async def load(self, app):
    await real(self, app)
    seen.append((str(self.border_title), "pydantic" in sys.modules))

TodayCheckIns.load = load

async def main():
    app = make_app(data_dir=sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        while not seen:
            await pilot.pause()
        await app.workers.wait_for_complete()
    print(seen[0])

asyncio.run(main())
"""


def first_load(folder: Path) -> str:
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(folder)], capture_output=True, text=True, check=True,
                         env={"PYDANTIC_DISABLE_PLUGINS": "__all__", "PATH": "/usr/bin:/bin", "TZ": "UTC"})
    return out.stdout.strip().splitlines()[-1]


def test_todays_check_ins_show_before_pydantic_is_imported(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    for mood in ("6", "7"):
        subprocess.run([sys.executable, "-m", "reflect", "--data-dir", str(folder), "log", "--mood", mood, "--energy", "5"],
                       check=True, capture_output=True, env={"PATH": "/usr/bin:/bin", "TZ": "UTC"})
    assert first_load(folder) == "('Check-ins · 2 today', False)"
    # a record the model must read (an escape sequence in a note) sends the read through the model
    shard = next((folder / "checkins").glob("*.json"))
    shard.write_text(shard.read_text().replace('"note": ""', '"note": "\\u001b[2J"', 1))
    assert first_load(folder) == "('Check-ins · 2 today', True)"
