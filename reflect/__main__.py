"""`python -m reflect` and the `reflect` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the CLI and exit with its code."""
    from reflect.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
