"""reflect: a private terminal journal for independent workers."""

__version__ = "0.1.0"
