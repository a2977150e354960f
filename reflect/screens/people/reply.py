"""One reply: its answers as plain text, the strengths suggested in it (confirm or remove), tagging a
selected passage with a strength, and permission to quote.
"""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static, TextArea

from reflect.core.feedback import strengths as st
from reflect.core.feedback.requests import next_quote_permission, quote_label
from reflect.core.models import FeedbackResponse, Strength, TaggedPassage
from reflect.screens.people.dialogs import PickStrength
from reflect.typed_app import reflect_app
from reflect.core.prose import counted


def layout(response: FeedbackResponse) -> tuple[str, list[tuple[int, int, int]]]:
    """The document shown for a reply and, per answer, (index, start offset, end offset) in it."""
    parts: list[str] = []
    spans = []
    pos = 0
    for i, ans in enumerate(response.answers):
        head = f"## {ans.question or '(no heading)'}\n"
        parts.append(head)
        pos += len(head)
        spans.append((i, pos, pos + len(ans.text)))
        parts.append(ans.text + "\n\n")
        pos += len(ans.text) + 2
    return "".join(parts), spans


class ReplyScreen(ModalScreen):
    """Review a reply: confirm or remove suggested strengths, tag passages, mark it quotable."""

    DEFAULT_CSS = """
    ReplyScreen { background: $background 60%; }
    ReplyScreen > Vertical { border: round $primary; background: $surface; }
    ReplyScreen #head { height: auto; padding: 0 1; }
    ReplyScreen TextArea { height: 1fr; }
    ReplyScreen DataTable { height: 8; }
    """
    BINDINGS = [
        Binding("c", "confirm", "Confirm"),
        Binding("x", "remove", "Remove"),
        Binding("g", "tag", "Tag selection"),
        Binding("a", "confirm_all", "Confirm all"),
        Binding("u", "quotable", "Quotable"),
        Binding("tab", "app.focus_next", "Switch", show=False),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, response: FeedbackResponse, own: list[Strength]) -> None:
        super().__init__()
        self.response = response.model_copy(deep=True)
        """The reply as edited here."""
        self._base = response
        """The reply as last read or saved: a save keeps a change made elsewhere since."""
        self.own = own

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """Header line, the reply text, the strengths table, the footer."""
        doc, self.spans = layout(self.response)
        with Vertical():
            yield Static(id="head")
            yield TextArea(doc, read_only=True, soft_wrap=True, id="reply")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="tags")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        table.add_columns("Strength", "State", "Passage")
        self.refresh_view()
        table.focus()

    def refresh_view(self) -> None:
        """Redraw the header and the strengths table from `self.response`."""
        r = self.response
        head = Text()
        head.append(f"Reply from {r.from_name}", style="bold")
        head.append(f"  {r.received_at:%d %b %Y}  ")
        head.append(f"quote: {quote_label(r.quotable, r.anonymous)}", style="green" if r.quotable else "dim")
        head.append(f"  {counted(len(r.strengths), 'strength tag')}. Select words in the text, then g to tag them.", style="dim")
        self.query_one("#head", Static).update(head)
        table = self.query_one(DataTable)
        table.clear()
        for n, tag in enumerate(r.strengths):
            quote = " ".join(st.passage_text(r, tag).split())
            table.add_row(Text(tag.strength), Text("confirmed" if tag.confirmed else "suggested",
                          style="green" if tag.confirmed else "yellow"), Text(quote[:60] + ("…" if len(quote) > 60 else "")), key=str(n))

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.response.strengths or table.row_count == 0:
            return None
        return min(table.cursor_row, len(self.response.strengths) - 1)

    async def _save(self) -> None:
        saved = await self.reflect.save(self.response, base=self._base)
        if saved is not None:
            self._base, self.response = saved, saved.model_copy(deep=True)
        self.refresh_view()

    async def action_confirm(self) -> None:
        """Confirm the highlighted suggestion."""
        n = self._current()
        if n is not None:
            self.response.strengths[n].confirmed = True
            await self._save()

    async def action_confirm_all(self) -> None:
        """Confirm every suggestion."""
        for tag in self.response.strengths:
            tag.confirmed = True
        await self._save()

    async def action_remove(self) -> None:
        """Remove the highlighted tag; a removed suggestion is not suggested again for this reply."""
        n = self._current()
        if n is None:
            return
        tag = self.response.strengths.pop(n)
        if not tag.confirmed and tag.strength not in self.response.dismissed:
            self.response.dismissed.append(tag.strength)
        await self._save()

    async def action_quotable(self) -> None:
        """Cycle permission to quote: no, with the name, without it (quotable replies become testimonials)."""
        r = self.response
        r.quotable, r.anonymous = next_quote_permission(r.quotable, r.anonymous)
        await self._save()

    def action_tag(self) -> None:
        """Tag the words selected in the reply with a strength."""
        area = self.query_one("#reply", TextArea)
        start_loc, end_loc = sorted(area.selection)
        start = area.document.get_index_from_location(start_loc)
        end = area.document.get_index_from_location(end_loc)
        hit = next(((i, s, e) for i, s, e in self.spans if s <= start < e or s < end <= e), None)
        if start == end or hit is None:
            self.notify("Select words of an answer first (shift+arrows or drag with the mouse), then press g.", markup=False)
            return
        i, s, e = hit
        lo, hi = max(start, s) - s, min(end, e) - s
        names = [d.name for d in st.vocabulary(self.own)]

        async def done(name: str | None) -> None:
            if name:
                self.response.strengths.append(TaggedPassage(strength=name, answer=i, start=lo, end=hi, confirmed=True))
                if name in self.response.dismissed:
                    self.response.dismissed.remove(name)
                await self._save()
                if name.lower() not in {d.key for d in st.vocabulary(self.own)}:
                    if (saved := await self.reflect.save(Strength(name=name, custom=True))) is not None:
                        self.own.append(saved)

        self.app.push_screen(PickStrength(names), done)

    def action_close(self) -> None:
        """Back to the replies."""
        self.dismiss(None)
