"""The domain and the store never import Textual; the CLI's fast path does not either."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import reflect

PACKAGE = Path(reflect.__file__).parent


def imports_of(path: Path) -> set[str]:
    """Top-level module names imported anywhere in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_and_store_never_import_textual() -> None:
    offenders = []
    files = list((PACKAGE / "core").rglob("*.py")) + list((PACKAGE / "store").rglob("*.py"))
    assert len(files) >= 5
    for path in files:
        found = imports_of(path) & {"textual", "rich", "textual_plotext"}
        if found:
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(found)}")
    assert offenders == []


def test_the_check_finds_a_textual_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from textual.app import App\n", encoding="utf-8")
    assert "textual" in imports_of(bad)


def test_cli_log_does_not_load_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from reflect.cli import main\n"
        f"rc = main(['--data-dir', {str(tmp_path / 'j')!r}, 'log', '--mood', '5', '--energy', '5'])\n"
        "assert rc == 0, rc\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_cli_log_does_not_load_numpy(tmp_path: Path) -> None:
    """numpy is for computing insights only: logging a check-in must stay quick to start, and the
    Insights screen must not block the event loop importing it."""
    code = (
        "import sys\n"
        "from reflect.cli import main\n"
        f"rc = main(['--data-dir', {str(tmp_path / 'j')!r}, 'log', '--mood', '5', '--energy', '5', '--tag', 'a'])\n"
        "assert rc == 0, rc\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'numpy'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    # opening the Insights screen imports it on the event loop: numpy waits for the worker's computation
    code = ("import sys, reflect.screens.insights as s\n"
            "from reflect.core.insights.tag_effects import effects\n"
            "print('numpy' in sys.modules)\n"
            "effects([(5.0, 5.0)] * 20, {'a': list(range(0, 20, 2))})\n"
            "print('numpy' in sys.modules)\n")
    seen = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert seen.stdout.split() == ["False", "True"]  # and the check does see numpy once it is used


def test_opening_the_app_does_not_build_the_command_parser() -> None:
    """`reflect [--data-dir DIR]` goes straight to the app: no subcommand module, no pydantic."""
    code = (
        "import sys\n"
        "import reflect.cli as cli\n"
        "cli.run_tui = lambda args: print('tui', args.data_dir) or 0\n"
        "assert cli.main(['--data-dir', 'somewhere']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'reflect.cli.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["tui somewhere", "[]"]


def test_anything_else_still_parses_in_full(capsys) -> None:
    from reflect.cli import main, tui_only

    assert tui_only(["--data-dir", "x", "log"]) is None and tui_only(["--version"]) is None
    assert tui_only(["--data-dir=x"]).data_dir == "x"
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.startswith("reflect ")
