"""The layers: the domain and the store never import Textual; core imports no store, portability
or services; store imports no portability or services; widgets import no screens; only the
composition root (reflect.cli) imports reflect.app. The CLI's fast path does not load Textual."""

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


def reflect_imports(path: Path) -> set[str]:
    """Every `reflect.*` module a file imports at run time (imports under `if TYPE_CHECKING:` are
    for the type checker only and are left out; relative imports are resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("reflect", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {n for n in names if n == "reflect" or n.startswith("reflect.")}


def layer_offenders(layer: str, forbidden: tuple[str, ...], exempt: tuple[str, ...] = ()) -> list[str]:
    """Files under reflect/<layer> that import a forbidden module (or one inside it)."""
    offenders = []
    root = PACKAGE / layer if layer else PACKAGE
    files = [root.with_suffix(".py")] if root.with_suffix(".py").exists() else list(root.rglob("*.py"))
    assert files
    for path in files:
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(exempt):
            continue
        bad = sorted(n for n in reflect_imports(path) if any(n == f or n.startswith(f + ".") for f in forbidden))
        if bad:
            offenders.append(f"{rel}: {bad}")
    return offenders


def test_core_imports_no_store_portability_or_services() -> None:
    assert layer_offenders("core", ("reflect.store", "reflect.portability", "reflect.services")) == []


def test_store_imports_no_portability_or_services() -> None:
    assert layer_offenders("store", ("reflect.portability", "reflect.services")) == []


def test_widgets_import_no_screens() -> None:
    assert layer_offenders("widgets", ("reflect.screens",)) == []


def test_only_the_composition_root_imports_the_app() -> None:
    """reflect.app is imported by reflect.cli alone; screens and widgets use `reflect.typed_app`."""
    assert layer_offenders("", ("reflect.app",), exempt=("cli/", "app.py")) == []


def test_typing_only_imports_of_the_app_go_through_one_accessor() -> None:
    """Even for the type checker, only `reflect.typed_app` names `reflect.app`."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("cli/") or rel in ("app.py", "typed_app.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if "from reflect.app import" in text or "import reflect.app" in text:
            offenders.append(rel)
    assert offenders == []


def test_the_layer_check_finds_violations(tmp_path: Path, monkeypatch) -> None:
    """The layer check sees absolute, relative and in-function imports, and skips typing-only ones."""
    fake = tmp_path / "reflect"
    (fake / "widgets" / "today").mkdir(parents=True)
    (fake / "widgets" / "today" / "a.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from reflect.app import ReflectApp\n"
        "def f():\n    from ...screens.focus import session\n", encoding="utf-8")
    (fake / "widgets" / "b.py").write_text("import reflect.app\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert layer_offenders("widgets", ("reflect.screens",)) == ["widgets/today/a.py: ['reflect.screens.focus', 'reflect.screens.focus.session']"]
    assert layer_offenders("", ("reflect.app",)) == ["widgets/b.py: ['reflect.app']"]


def test_core_and_store_never_import_textual() -> None:
    offenders = []
    files = list((PACKAGE / "core").rglob("*.py")) + list((PACKAGE / "store").rglob("*.py"))
    assert len(files) >= 5
    for path in files:
        found = imports_of(path) & {"textual", "rich"}
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


OTHER_AREA_MODELS = (
    "reflect.core.models",
    "reflect.core.reflection.model",
    "reflect.core.focus.model",
    "reflect.core.feedback.model",
    "reflect.core.story.model",
    "reflect.core.story.records",
    "reflect.core.drafts",
)
"""Modules that define the record models of areas other than check-ins (and the facade over all)."""


def test_cli_log_does_not_import_pydantic(tmp_path: Path) -> None:
    """`reflect log` builds the check-in's document itself (`reflect.core.checkin.quick`, held to the
    model by a property test) and writes it through the store: importing pydantic alone would cost
    more start-up time than the whole command may take."""
    code = (
        "import sys\n"
        "from reflect.cli import main\n"
        f"rc = main(['--data-dir', {str(tmp_path / 'j')!r}, 'log', '--mood', '5', '--energy', '4',"
        " '--tag', 'a, b', '--emotion', 'calm', '--note', 'a note', '--at', '2026-03-14T21:05'])\n"
        "assert rc == 0, rc\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    # and the check does see pydantic when input the quick builder leaves to the model is given
    code = code.replace("'a note'", "'caf\\u00e9'")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "'pydantic'" in out.stdout.strip().splitlines()[-1]


def test_cli_log_defines_only_the_checkin_model(tmp_path: Path) -> None:
    """When `reflect log` uses the model (input the quick builder leaves to it, here a non-ASCII
    note) it imports the check-in model, not every kind's: defining a pydantic model costs start-up
    time, and the store finds a collection's class through the kinds registry."""
    code = (
        "import sys\n"
        "from reflect.cli import main\n"
        f"rc = main(['--data-dir', {str(tmp_path / 'j')!r}, 'log', '--mood', '5', '--tag', 'a', '--note', 'caf\\u00e9'])\n"
        "assert rc == 0, rc\n"
        "from pydantic import BaseModel\n"
        "def walk(cls):\n"
        "    for sub in cls.__subclasses__():\n"
        "        yield sub\n"
        "        yield from walk(sub)\n"
        "print(sorted({c.__name__ for c in walk(BaseModel) if c.__module__.startswith('reflect.')}))\n"
        f"print(sorted(m for m in sys.modules if m in {OTHER_AREA_MODELS!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    defined, modules = out.stdout.strip().splitlines()[-2:]
    # the store module that reads the settings record names its class (Store.settings)
    assert defined in ("['CheckIn', 'Record']", "['CheckIn', 'Record', 'Settings']")
    assert modules == "[]"


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


def test_every_worker_goes_through_the_one_error_path() -> None:
    """Workers run with exit_on_error=False, so a failure is reported (reflect.worker_reports)
    instead of closing the journal with a traceback."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            bare_decorator = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                isinstance(d, ast.Name) and d.id == "work" for d in node.decorator_list)
            call = isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "run_worker")
                or (isinstance(node.func, ast.Name) and node.func.id == "work"))
            if bare_decorator or (call and not any(
                    k.arg == "exit_on_error" and isinstance(k.value, ast.Constant) and k.value.value is False
                    for k in node.keywords)):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def files_mentioning(text: str) -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if text in p.read_text(encoding="utf-8"))


def test_one_of_each() -> None:
    """One validation-error formatter, one atomic writer, one daily-backup trigger."""
    assert files_mentioning(".errors()") == ["core/errors.py"]
    assert files_mentioning("mkstemp(") == ["store/storage.py"]
    assert files_mentioning("backups.daily(") == ["store/repository.py", "store/writes.py"]
    assert files_mentioning(".daily_backup(") == []


def test_the_one_formatter_names_the_field_and_what_is_allowed() -> None:
    from pydantic import BaseModel, ValidationError

    from reflect.core.errors import one_line

    class Two(BaseModel):
        mood: int
        energy: int

    try:
        Two(mood="x", energy="y")
    except ValidationError as exc:
        line = one_line(exc)
    assert line.startswith("mood: ") and line.endswith("(+1 more)") and "\n" not in line
    assert one_line(ValueError("first\nsecond")) == "first"
