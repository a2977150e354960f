"""People & feedback: people to ask, requests, replies, the strengths themes and the best-self portrait.

The screen owns the data (loaded off the loop) and every action; the tabs only show it. Bindings are
filtered by the active tab (`check_action`), so the footer shows what works where. The people and
requests actions are here; the Replies tab's are in `replies.py`, the Themes and Portrait tabs' in
`portrait.py` (mixins of the screen).
"""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane, TextArea

from reflect.core.feedback import requests as fb
from reflect.core.feedback.people import relation_label
from reflect.screens.base import AreaScreen
from reflect.screens.people.portrait import PortraitActions, PortraitDraft
from reflect.screens.people.replies import ReplyActions
from reflect.services import feedback_store as fs
from reflect.widgets.feedback_views import ThemesView, person_status, short, when

TABS = ("people", "requests", "replies", "themes", "portrait")
"""Tab ids, in order (keys 1-5)."""

COLUMNS = {
    "people-table": ("Name", "Relation", "Contact", "Asked", "Thanked", "Status"),
    "requests-table": ("Person", "Request", "Status", "Due", "Sent"),
    "replies-table": ("From", "Received", "Answers", "Strengths", "Quote"),
}
"""Column titles of each table."""

ACTIONS_BY_TAB = {
    "people": {"add", "edit", "ask", "paste", "thanked", "delete_person", "merge"},
    "requests": {"open_request", "cycle_status", "followed_up", "delete_request"},
    "replies": {"open_reply", "paste", "import_file", "quotable", "delete_reply"},
    "themes": {"rate"},
    "portrait": {"draft", "save_portrait", "older"},
}
"""Which screen actions each tab offers."""


class PeopleScreen(ReplyActions, PortraitActions, AreaScreen):
    """People & feedback: ask for stories about your strengths, collect replies, see the themes."""

    WATCHES = frozenset({"people", "feedback_requests", "feedback_responses", "strengths", "portraits", "stories"})
    DEFAULT_CSS = """
    PeopleScreen TabPane { padding: 0; }
    PeopleScreen DataTable { height: 1fr; }
    PeopleScreen .hint { height: auto; color: $text-muted; padding: 0 1; }
    PeopleScreen #portrait-text { height: 1fr; }
    """
    BINDINGS = [
        *(Binding(str(n), f"tab('{t}')", t.title(), show=False) for n, t in enumerate(TABS, start=1)),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("n", "ask", "Ask"),
        Binding("v", "paste", "Paste reply"),
        Binding("x", "thanked", "Thanked"),
        Binding("delete", "delete_person", "Delete"),
        Binding("j", "merge", "Merge"),
        Binding("k", "cycle_status", "Status"),
        Binding("o", "followed_up", "Followed up"),
        Binding("delete", "delete_request", "Delete"),
        Binding("i", "import_file", "Import file"),
        Binding("u", "quotable", "Quotable"),
        Binding("delete", "delete_reply", "Delete"),
        Binding("w", "rate", "Rate yourself"),
        Binding("ctrl+g", "draft", "Draft from themes"),
        Binding("ctrl+s", "save_portrait", "Save version"),
        Binding("ctrl+b", "older", "Older version"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data = fs.FeedbackData()
        """Everything the area shows, as last loaded."""
        self._older = 0
        self._portrait = PortraitDraft(self)

    def body(self) -> ComposeResult:
        """Five tabs."""
        with TabbedContent(id="feedback-tabs"):
            with TabPane("1 People", id="people"):
                yield DataTable(cursor_type="row", zebra_stripes=True, id="people-table")
            with TabPane("2 Requests", id="requests"):
                yield DataTable(cursor_type="row", zebra_stripes=True, id="requests-table")
            with TabPane("3 Replies", id="replies"):
                yield DataTable(cursor_type="row", zebra_stripes=True, id="replies-table")
            with TabPane("4 Themes", id="themes"):
                with VerticalScroll():
                    yield ThemesView()
            with TabPane("5 Portrait", id="portrait"):
                yield Static(Text("Your best-self portrait, 2-4 paragraphs in your own words.", style="dim"), classes="hint", id="portrait-hint")
                yield TextArea("", id="portrait-text", soft_wrap=True)


    # --- state ----------------------------------------------------------------------------------

    @property
    def tab(self) -> str:
        """The id of the active tab."""
        return self.query_one(TabbedContent).active or "people"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each action only on its tab."""
        tabs = [tab for tab, actions in ACTIONS_BY_TAB.items() if action in actions]
        return self.tab in tabs if tabs else True

    def on_tabbed_content_tab_activated(self) -> None:
        """Refresh the footer for the new tab."""
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        """Show a tab and focus its content."""
        self.query_one(TabbedContent).active = tab
        target = {"portrait": "#portrait-text", "themes": "ThemesView"}.get(tab, f"#{tab}-table")
        widget = self.query_one(target)
        if widget.focusable:
            widget.focus()

    async def load(self) -> None:
        """Read the area off the loop, then fill every tab."""
        self.data = await self.reflect.io(fs.load, self.reflect.store)
        self._fill_people()
        self._fill_requests()
        self._fill_replies()
        self.query_one(ThemesView).data = self.data
        await self._portrait.fill(self.query_one("#portrait-text", TextArea), self.data.portrait)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Typing in the portrait is kept as a draft until a version is saved."""
        if event.text_area.id == "portrait-text":
            self._portrait.changed(event.text_area.text)

    def _refill(self, table: DataTable, rows: list[tuple[str, list[Text]]], empty: str) -> None:
        keep = table.cursor_row
        table.clear(columns=True)
        if not rows:
            table.add_column("")
            table.add_row(Text(empty, style="dim"), key="")
            return
        table.add_columns(*COLUMNS[str(table.id)])
        for key, cells in rows:
            table.add_row(*cells, key=key)
        table.move_cursor(row=min(keep, table.row_count - 1))

    def _fill_people(self) -> None:
        rows = []
        for p in sorted(self.data.people, key=lambda p: p.name.lower()):
            status = person_status(self.data, p.id)
            rows.append((p.id, [Text(short(p.name, 22), style="bold"), Text(relation_label(p.relation)), Text(short(p.contact, 18)),
                                Text(when(p.last_asked)), Text(when(p.last_thanked)), Text(status)]))
        self._refill(self.query_one("#people-table", DataTable), rows, "No one yet: press a to add a person.")

    def _fill_requests(self) -> None:
        rows = []
        for req in reversed(self.data.requests):
            for pid, status in req.status.items():
                person = self.data.person(pid)
                if person is None:
                    continue
                rows.append((f"{req.id}:{pid}", [Text(short(person.name, 20)), Text(short(fb.request_label(req), 24)), Text(status),
                                                 Text(req.due.isoformat() if req.due else "–"), Text(when(req.sent_at))]))
        self._refill(self.query_one("#requests-table", DataTable), rows, "No requests: press n on People.")

    def _fill_replies(self) -> None:
        rows = []
        for r in sorted(self.data.responses, key=lambda r: r.received_at, reverse=True):
            named = sorted({t.strength for t in r.strengths})
            rows.append((r.id, [Text(short(r.from_name, 20), style="bold"), Text(when(r.received_at)), Text(str(len(r.answers))),
                                Text(short(", ".join(named), 26)), Text(fb.quote_label(r.quotable, r.anonymous))]))
        self._refill(self.query_one("#replies-table", DataTable), rows, "No replies: v pastes one, i imports a file.")

    def _selected(self, table_id: str) -> str:
        table = self.query_one(f"#{table_id}-table", DataTable)
        if not table.row_count:
            return ""
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or "")

    def _person(self):
        return self.data.person(self._selected("people"))

    # --- people ---------------------------------------------------------------------------------

    def action_add(self) -> None:
        """Add a person."""
        from reflect.screens.people.dialogs import PersonDialog

        self._edit_person(PersonDialog())

    def action_edit(self) -> None:
        """Edit the highlighted person."""
        from reflect.screens.people.dialogs import PersonDialog

        if person := self._person():
            self._edit_person(PersonDialog(person), base=person)

    def _edit_person(self, dialog, base=None) -> None:
        """Open a person dialog; once its result is saved its draft goes (`base`: the person edited)."""

        async def done(record) -> None:
            edit_of = base if base is not None and record is not None and record.id == base.id else None
            if record is not None and await self.reflect.save(record, base=edit_of) is not None:
                dialog.drop_draft()

        self.app.push_screen(dialog, done)

    def _confirm_delete(self, record, question: str, done: str = "") -> None:
        """Ask, then tombstone the record."""
        from reflect.screens.people.dialogs import ConfirmDialog

        async def answer(yes: bool | None) -> None:
            if yes and await self.reflect.save(record, delete=True) is not None and done:
                self.notify(done, markup=False)

        self.app.push_screen(ConfirmDialog(question), answer)

    def action_delete_person(self) -> None:
        """Delete the highlighted person (their replies stay, under their name)."""
        if person := self._person():
            self._confirm_delete(person, f"Delete {person.name}? Their replies are kept.", f"Deleted {person.name}.")

    def action_merge(self) -> None:
        """Merge another person into the highlighted one (asks which, then for a yes)."""
        from reflect.screens.people.merge import start_merge

        if person := self._person():
            start_merge(self, person)

    async def action_thanked(self) -> None:
        """Note that you thanked the highlighted person today (clears the Today reminder)."""
        if person := self._person():
            await self.reflect.save(person.model_copy(update={"last_thanked": self.reflect.clock.now()}), base=person)
            self.notify(f"Noted: you thanked {person.name}.", markup=False)

    def action_ask(self) -> None:
        """Write a request to the highlighted person (and any others you tick)."""
        from reflect.screens.people.dialogs import NewRequestDialog

        people = sorted(self.data.people, key=lambda p: p.name.lower())
        if not people:
            self.notify("Add a person first (a).", markup=False)
            return
        chosen = {p.id for p in [self._person()] if p}

        dialog = NewRequestDialog(people, chosen, self.reflect.clock.now().date())

        async def created(request) -> None:
            if request is not None and (saved := await self.reflect.save(request)) is not None:
                from reflect.screens.people.request import RequestDialog

                dialog.drop_draft()
                self.action_tab("requests")
                first = next(p for p in people if p.id in saved.person_ids)
                self.app.push_screen(RequestDialog(saved, first))

        self.app.push_screen(dialog, created)

    # --- requests -------------------------------------------------------------------------------

    def _request(self):
        req_id, _, pid = self._selected("requests").partition(":")
        req = next((r for r in self.data.requests if r.id == req_id), None)
        return req, self.data.person(pid)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens it."""
        if event.data_table.id == "requests-table":
            self.action_open_request()
        elif event.data_table.id == "replies-table":
            self.action_open_reply()
        elif event.data_table.id == "people-table":
            self.action_edit()

    def action_open_request(self) -> None:
        """Open the highlighted request's message."""
        from reflect.screens.people.request import RequestDialog

        req, person = self._request()
        if req and person:
            self.app.push_screen(RequestDialog(req, person))

    async def action_cycle_status(self) -> None:
        """Next status for the highlighted person: draft, sent, answered, declined."""
        req, person = self._request()
        if req and person:
            status = dict(req.status)
            status[person.id] = fb.next_status(status.get(person.id, "draft"))
            now = self.reflect.clock.now()
            sent = status[person.id] == "sent"
            update = {"status": status, "sent_at": req.sent_at or (now if sent else None)}
            if await self.reflect.save(req.model_copy(update=update), base=req) is not None and sent:
                await self.reflect.save(person.model_copy(update={"last_asked": now}), base=person)

    async def action_followed_up(self) -> None:
        """Note a follow-up today: the next reminder comes a week later."""
        req, person = self._request()
        if req and person:
            followed = {**req.followed_up, person.id: self.reflect.clock.now()}
            await self.reflect.save(req.model_copy(update={"followed_up": followed}), base=req)
            self.notify(f"Noted a follow-up with {person.name}.", markup=False)

    def action_delete_request(self) -> None:
        """Delete the highlighted request (for everyone it was sent to)."""
        req, _ = self._request()
        if req:
            self._confirm_delete(req, f"Delete the request “{req.title}” for all {len(req.status)} people? Replies are kept.")
