"""A word-level diff rendered as rich Text (never markup)."""

from __future__ import annotations

from rich.text import Text

from reflect.core.story import diff_ops

STYLES = {"=": "", "-": "strike red", "+": "bold green"}
"""Style of unchanged, removed and added words."""


def diff_text(old: str, new: str) -> Text:
    """Removed words struck through in red, added words in green."""
    out = Text()
    for op, text in diff_ops(old, new):
        out.append(text, style=STYLES[op])
    return out
