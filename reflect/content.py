"""Loads the content shipped in `data/` (prompt sets, emotion words, vocabularies).

From the source tree or an editable install the files are read from the top-level `data/` folder;
an installed wheel carries them as `reflect/_data/`. Both are found the same way.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding the shipped JSON files."""
    for candidate in (_HERE / "_data", _HERE.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the shipped data folder is missing from this installation")


@cache
def load(name: str) -> Any:
    """Parse `data/<name>.json` (cached: shipped content never changes while the app runs)."""
    path = data_root() / f"{name}.json"
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def available() -> list[str]:
    """The names of every shipped content file."""
    return sorted(p.stem for p in data_root().glob("*.json"))
