"""Bracketed pastes from the terminal arrive whole and without escape sequences.

Textual's terminal parser treats an ESC inside a bracketed paste as the start of a key sequence:
what follows it is sent as key presses, ahead of the paste event that carries the text before it,
so the pasted text lands with its halves swapped and the ESC shown as ^ (a reply pasted with a
colour code loses its heading). `CleanPasteParser` holds each paste until its end marker and hands
it on with every escape sequence removed whole (`core.text.strip_escapes`), so the parser sees a
plain paste. Everything outside a paste passes through at once, untouched.
"""

from __future__ import annotations

from typing import Any

from textual._xterm_parser import XTermParser

from reflect.core.text import strip_escapes

START = "\x1b[200~"
"""What the terminal sends before a bracketed paste."""
END = "\x1b[201~"
"""... and after it."""


class PasteCleaner:
    """Splits the terminal's input into text outside pastes (passed on as it comes) and pastes
    (passed on whole, cleaned, once their end marker arrives), across reads cut anywhere."""

    def __init__(self) -> None:
        self._paste: str | None = None
        """The paste read so far (None: not in a paste)."""
        self._seen = ""
        """The last characters passed on outside a paste (a start marker may be cut between reads)."""

    def feed(self, data: str) -> str:
        """What to hand on for `data` (possibly less, while a paste is not yet complete)."""
        out: list[str] = []
        while data:
            if self._paste is None:
                window = self._seen + data
                at = window.find(START)
                if at < 0:
                    out.append(data)
                    self._seen = window[-(len(START) - 1):]
                    return "".join(out)
                upto = at + len(START) - len(self._seen)
                out.append(data[:upto])
                data = data[upto:]
                self._paste, self._seen = "", ""
            else:
                self._paste += data
                at = self._paste.find(END)
                if at < 0:
                    return "".join(out)
                out.append(strip_escapes(self._paste[:at]) + END)
                data = self._paste[at + len(END):]
                self._paste = None
        return "".join(out)

    def flush(self) -> str:
        """A paste never ended (end of input): what it held, cleaned."""
        held, self._paste = self._paste, None
        return strip_escapes(held) if held else ""


class CleanPasteParser(XTermParser):
    """Textual's terminal parser, fed through a `PasteCleaner`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cleaner = PasteCleaner()

    def feed(self, data: str):  # type: ignore[no-untyped-def]
        """Parse `data` with every paste in it whole and clean."""
        if not data:
            held = self._cleaner.flush()
            if held:
                yield from super().feed(held)
            yield from super().feed("")
            return
        cleaned = self._cleaner.feed(data)
        if cleaned:
            yield from super().feed(cleaned)


def clean_pastes(driver: type) -> None:
    """Make `driver` (Textual's terminal driver class) parse its input with `CleanPasteParser`."""
    import sys

    module = sys.modules.get(driver.__module__)
    if module is not None and getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = CleanPasteParser  # type: ignore[attr-defined]
