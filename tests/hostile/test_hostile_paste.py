"""A bracketed paste that holds escape sequences arrives as one paste, in order, with each sequence
removed whole (Textual's own parser sends the rest of the paste after an ESC as key presses, ahead
of the paste: the halves swapped and the ESC shown as ^)."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from reflect.terminal_input import CleanPasteParser, clean_pastes

START, END = "\x1b[200~", "\x1b[201~"
REPLY = "Thanks!\n\x1b[31m## A time you saw me at my best\nThe launch week.\x1b]0;pwned\x07\n"


def tokens(parser: XTermParser, *chunks: str) -> list:
    out = []
    for chunk in chunks:
        out.extend(parser.feed(chunk))
    return [t for t in out if isinstance(t, (events.Key, events.Paste))]


def pasted(parser: XTermParser, *chunks: str) -> list[str]:
    return [t.text if isinstance(t, events.Paste) else f"<{t.key}>" for t in tokens(parser, *chunks)]


def test_the_escape_sequence_goes_and_the_text_stays_in_order() -> None:
    data = f"{START}abc \x1b[31m def END{END}"
    assert pasted(CleanPasteParser(), data) == ["abc  def END"]


def test_textual_alone_scrambles_it() -> None:
    """The reason for the cleaner: without it the paste does not arrive as typed."""
    assert pasted(XTermParser(), f"{START}abc \x1b[31m def END{END}") != ["abc  def END"]


def test_a_pasted_reply_keeps_its_heading_on_its_own_line() -> None:
    assert pasted(CleanPasteParser(), f"{START}{REPLY}{END}") == ["Thanks!\n## A time you saw me at my best\nThe launch week.\n"]


def test_a_paste_split_across_reads_anywhere_is_the_same() -> None:
    data = f"x{START}abc \x1b[31m def END{END}y"
    for cut in range(1, len(data)):
        for second in range(cut + 1, len(data)):
            got = pasted(CleanPasteParser(), data[:cut], data[cut:second], data[second:])
            assert got == ["<x>", "abc  def END", "<y>"], (cut, second, got)


def test_keys_and_escape_outside_a_paste_are_untouched() -> None:
    parser = CleanPasteParser()
    assert pasted(parser, "ab\x1b[A", "\x1b[", "B") == ["<a>", "<b>", "<up>", "<down>"]


def test_the_app_installs_it_in_the_terminal_driver() -> None:
    from textual.drivers import linux_driver

    clean_pastes(linux_driver.LinuxDriver)
    assert linux_driver.XTermParser is CleanPasteParser


def test_a_paste_that_never_ends_is_handed_on_at_end_of_input() -> None:
    parser = CleanPasteParser()
    assert pasted(parser, f"{START}abc \x1b[31mdef") == []
    list(parser.feed(""))  # end of input is passed on once (a second one would be a parse error)
