"""`reflect feedback import` and `reflect feedback themes` from the shell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reflect.cli import main


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), "feedback", *args])


def accept_all(data: Path) -> None:
    """Accept every suggested strength, as the user does on the reply screen."""
    from reflect.core.models import FeedbackResponse
    from reflect.store import Store

    store = Store(data).open()
    for reply in store.list(FeedbackResponse):
        tags = [t.model_copy(update={"confirmed": True}) for t in reply.strengths]
        store.put(reply.model_copy(update={"strengths": tags}))


def test_import_csv_then_themes_json(tmp_path: Path, capsys) -> None:
    form = tmp_path / "form.csv"
    form.write_text(
        "Timestamp,Your name,What I do well\n"
        '1,Client A,"You explained it clearly, and stayed calm."\n'
        "2,Colleague B,You listen and explain.\n"
        "3,Colleague B,You explain well.\n",
        encoding="utf-8",
    )
    data = tmp_path / "j"
    assert run(data, "import", str(form), "--from", "Client A") == 0
    assert "Imported 1 answer from Client A" in capsys.readouterr().out
    assert run(data, "import", str(form)) == 0
    assert "Skipped 3" in capsys.readouterr().out
    assert run(data, "themes", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []  # suggestions only: nothing accepted yet
    assert run(data, "themes") == 0
    assert "Suggested, not yet accepted (confirm them in the app): Clear explaining (3)" in capsys.readouterr().out
    accept_all(data)
    assert run(data, "themes", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert [(t["strength"], t["people"]) for t in out] == [("Clear explaining", 2), ("Calm under pressure", 1), ("Listening", 1)]
    assert out[0]["quotes"][0] == {"text": "You explained it clearly, and stayed calm.", "from": "Client A"}
    assert len(out[0]["quotes"]) == 3


def test_import_text_links_person_and_relation(tmp_path: Path, capsys) -> None:
    reply = tmp_path / "reply.md"
    reply.write_bytes("\ufeff## Keep doing\r\nThe weekly notes. Very organised.\r\n".encode("utf-8"))
    data = tmp_path / "j"
    assert run(data, "import", str(reply), "--from", "A friend", "--relation", "friend") == 0
    accept_all(data)
    assert run(data, "themes") == 0
    out = capsys.readouterr().out
    assert "Organising (1 person)" in out and "(A friend)" in out
    from reflect.core.models import Person
    from reflect.store import Store

    (person,) = Store(data).open().list(Person)
    assert (person.name, person.relation) == ("A friend", "friend")


def test_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50)
    cmd = [sys.executable, "-m", "reflect", "--data-dir", str(tmp_path / "j"), "feedback", "import", str(junk), "--from", "Client A"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip() == "reflect: junk.txt: looks like binary data, not text; import a .txt, .md, .eml or .csv file"
    cmd[-3:] = [str(tmp_path / "x.txt"), "--relation", "boss"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 2 and "invalid choice: 'boss'" in out.stderr and "Traceback" not in out.stderr


def test_feedback_commands_do_not_load_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from reflect.cli import main\n"
        f"assert main(['--data-dir', {str(tmp_path / 'j')!r}, 'feedback', 'themes', '--json']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
