"""`python -m reflect` and the `reflect` console script."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run the CLI and exit with its code."""
    # reflect uses no pydantic plugins. Unless told not to, pydantic looks for them when it builds
    # its first model by reading the entry points of every installed package, on every command;
    # and a plugin installed in the same environment for something else would see each record as
    # it is validated. PYDANTIC_DISABLE_PLUGINS is pydantic's documented switch; a value the user
    # set (an empty one turns plugins back on) is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from reflect.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
