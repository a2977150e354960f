"""A word-level diff rendered as rich Text (never markup)."""

from __future__ import annotations

from rich.text import Text

from reflect.core.story.story import diff_ops

STYLES = {"=": "", "-": "strike red", "+": "bold green"}
"""Style of unchanged, removed and added words."""

CONTEXT = 80
"""Characters of unchanged text kept on each side of a change; longer stretches are folded."""


def diff_text(old: str, new: str, context: int = CONTEXT) -> Text:
    """Removed words struck through in red, added words in green; long unchanged stretches folded."""
    out = Text()
    ops = diff_ops(old, new)
    for i, (op, text) in enumerate(ops):
        if op == "=" and len(text) > 3 * context:
            head = text[:context] if i > 0 else ""
            tail = text[-context:] if i < len(ops) - 1 else ""
            if head:
                out.append(head)
            out.append(" \u2026 \n" if head or tail else "(no changes)", style="dim")
            if tail:
                out.append(tail)
            continue
        out.append(text, style=STYLES[op])
    return out
