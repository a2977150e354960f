"""The command-line parser imports only the command it runs; its light help matches the real one."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.cli import COMMANDS, build_parser


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    """The parser's subcommand action."""
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def _loaded_after(argv: list[str], data_dir: Path) -> list[str]:
    """Top-level modules of interest loaded by a fresh process that runs `reflect ARGV`."""
    code = (
        "import sys, json\n"
        "from reflect.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "mods = [m for m in sys.modules if m.split('.')[0] == 'pydantic'\n"
        "        or (m.startswith('reflect.cli.') and m != 'reflect.cli.parser')\n"
        "        or m.startswith('reflect.core.') or m.startswith('reflect.store')]\n"
        "sys.__stdout__.write('\\n' + json.dumps(sorted(mods)))\n"
    )
    env = {"REFLECT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_light_table_names_every_command_with_its_registered_help() -> None:
    """`reflect --help` is built from COMMANDS without the modules: it must say what they say."""
    full = _subcommands(build_parser())
    registered = {action.dest: action.help for action in full._choices_actions}
    assert registered == {name: help_text for name, (_, help_text) in COMMANDS.items()}


def test_help_lists_the_commands_in_the_same_order_either_way() -> None:
    light = build_parser(["--help"]).format_help()
    assert light == build_parser().format_help()
    for name in COMMANDS:
        assert f"    {name}" in light


@pytest.mark.parametrize("argv", [["--version"], ["--help"], []])
def test_version_and_help_load_no_command_module_and_no_pydantic(tmp_path: Path, argv: list[str]) -> None:
    if not argv:
        argv = ["--bogus"]  # exits 2 before opening the app
    assert _loaded_after(argv, tmp_path / "j") == []


def test_log_loads_only_its_own_command_module(tmp_path: Path) -> None:
    loaded = _loaded_after(["log", "--mood", "5"], tmp_path / "j")
    commands = [m for m in loaded if m.startswith("reflect.cli.")]
    assert commands == ["reflect.cli.common", "reflect.cli.log"]
    assert "pydantic" not in loaded  # a plain check-in's document is built without it


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_gets_its_full_parser_when_named(name: str) -> None:
    parser = build_parser(["--data-dir", "somewhere", name])
    sub = _subcommands(parser).choices[name]
    assert sub.get_default("func") is not None or any(
        isinstance(a, argparse._SubParsersAction) for a in sub._actions
    ), f"{name} got only its bare entry"


def test_a_data_dir_named_like_a_command_is_not_taken_for_one() -> None:
    parser = build_parser(["--data-dir", "search", "log", "--mood", "3"])
    args = parser.parse_args(["--data-dir", "search", "log", "--mood", "3"])
    assert args.command == "log" and args.mood == 3 and args.data_dir == "search"
