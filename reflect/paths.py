"""Where the app keeps the journal and the user's own configuration."""

from __future__ import annotations

import os
from pathlib import Path

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
