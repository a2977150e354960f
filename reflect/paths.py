"""Where the app keeps the journal and the user's own configuration."""

from __future__ import annotations

import os
from pathlib import Path

from reflect.core.errors import BadInput

APP_NAME = "reflect"
ENV_DATA_DIR = "REFLECT_DATA_DIR"
ENV_CONFIG_DIR = "REFLECT_CONFIG_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `--data-dir`, else $REFLECT_DATA_DIR, else the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The configuration folder (custom prompt sets and the like): $REFLECT_CONFIG_DIR or the platform's."""
    env = os.environ.get(ENV_CONFIG_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def shown(text: object, limit: int = 60) -> str:
    """A value from outside for an error message: repr'd, and cut to `limit` characters."""
    out = repr(str(text))
    return out if len(out) <= limit else out[: limit - 4] + "...'"


def check_data_dir(value: str | None) -> None:
    """Refuse (exit 2) a `--data-dir` that is empty or names something that is not a folder."""
    if value is None:
        return
    if not value.strip():
        raise BadInput("--data-dir: the folder name is empty; give a folder path, or leave the option out")
    path = os.path.expanduser(value)
    if os.path.lexists(path) and not os.path.isdir(path):
        raise BadInput(f"--data-dir: {shown(value)} is not a folder; give a folder (it is created if missing)")
