"""Cleaning untrusted text on the way in.

Notes, replies from other people and imported files may hold terminal escape sequences or control
characters. They are removed before anything is stored, so that nothing a user or a stranger typed
can move the cursor, retitle the terminal or hide text. (Textual markup is a display concern: the
UI renders stored text as plain `Text`, never as markup.)
"""

from __future__ import annotations

import re
import unicodedata

NOTE_MAX = 20_000
"""The longest note or answer, in characters (after cleaning)."""

LINE_MAX = 500
"""The longest one-line field (a title, an intention, a name), in characters (after cleaning)."""

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/PM/APC/SOS
# (ESC P/^/_/X ... ST), and two-character escapes. Also the 8-bit C1 forms (CSI = U+009B, OSC = U+009D).
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                 # CSI
    | (?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c|$)      # OSC, to BEL or ST
    | (?:\x1b[P^_X]|[\x90\x98\x9e\x9f]).*?(?:\x1b\\|\x9c|$)  # DCS, SOS, PM, APC
    | \x1b[ -/]*[0-~]?                               # other escapes (and a lone ESC)
    """,
    re.VERBOSE | re.DOTALL,
)
_KEEP = {"\n", "\t"}
_ASCII_CONTROLS = {c: None for c in [*range(0x00, 0x20), 0x7F] if chr(c) not in _KEEP}
"""For `str.translate`: the ASCII control characters to drop (all but newline and tab)."""


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping newlines and tabs.

    Carriage returns become newlines (CRLF becomes one newline). Unicode format characters that
    can reorder text on screen (bidi overrides and isolates) are removed too.
    """
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    if text.isascii():  # the common case, in C: only C0 controls and DEL can be there
        return text.translate(_ASCII_CONTROLS)
    out = []
    for ch in text:
        if ch in _KEEP:
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc":
            continue
        if cat == "Cf" and ("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"):
            continue
        if cat == "Cs":  # lone surrogates cannot be written as UTF-8
            continue
        out.append(ch)
    return "".join(out)


def strip_escapes(text: str) -> str:
    """Remove terminal escape sequences, each one whole, and nothing else."""
    return _ESCAPES.sub("", text) if "\x1b" in text or not text.isascii() else text


def clean_line(text: str) -> str:
    """`strip_controls`, then newlines and tabs folded to spaces and the ends trimmed."""
    return " ".join(strip_controls(text).split())


def _visible(match: re.Match[str]) -> str:
    return "".join(f"\\u{ord(ch):04x}" for ch in match.group(0))


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What may not reach a terminal raw: C0 controls but newline and tab, DEL, C1, bidi overrides."""


def for_terminal(text: str) -> str:
    """Outside text made safe to print: every control character shown as a visible `\\uXXXX`.

    Unlike `strip_controls` nothing is removed, so a file name or label with an escape byte is still
    recognisable; and, being JSON's own escape, it leaves JSON printed through it valid and equal.
    """
    return _UNSAFE.sub(_visible, text) if text else text
