"""The ASCII fast path of `strip_controls` removes exactly what the general path removes."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from reflect.core.text import _ESCAPES, strip_controls


def slow_strip(text: str) -> str:
    """The character-by-character path, applied to any text."""
    text = _ESCAPES.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\n\t" or not (cat in ("Cc", "Cs") or (cat == "Cf" and ("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"))):
            out.append(ch)
    return "".join(out)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_fast_path_matches_the_general_path(text: str) -> None:
    assert strip_controls(text) == slow_strip(text)


@given(st.text())
def test_any_text_matches_the_general_path(text: str) -> None:
    assert strip_controls(text) == slow_strip(text)


def test_examples() -> None:
    assert strip_controls("a\x07b\x7fc\td\r\ne\x1b[31mred\x1b[0m") == "abc\td\nered"
    assert strip_controls("[bold]x[/] [@click=app.quit]") == "[bold]x[/] [@click=app.quit]"
    assert strip_controls("caf\u00e9\u202eevil") == "caf\u00e9evil"
