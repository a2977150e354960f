"""Small dialogs of the People & feedback area: a person, a new request, a pasted reply, a file to
import, a strength to pick. Each is a `Dialog` that returns its value (None when cancelled); the
person, new-request and reply dialogs keep a draft of what was typed until the caller saved it
(`drop_draft()` on the dialog after saving).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from reflect.core.errors import BadInput
from reflect.core.feedback.people import relation_label, relations
from reflect.core.feedback import requests as fb
from reflect.core.models import Person
from reflect.core.text import clean_line
from reflect.screens.dialog import DIALOG_CSS, ConfirmDialog, Dialog  # noqa: F401 - ConfirmDialog re-exported

def relation_options(current: str = "") -> list[tuple[str, str]]:
    """(label, id) of the shipped relations (data/relations.json), plus `current` if it is another."""
    options = [(r["label"], r["id"]) for r in relations()]
    if current and all(current != rid for _, rid in options):
        options.append((relation_label(current), current))
    return options


class PersonDialog(Dialog):
    """Add or edit a person: name, relation, how to reach them."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PersonDialog")

    def __init__(self, person: Person | None = None) -> None:
        super().__init__()
        self.person = person

    def draft_form(self) -> str:
        """One draft for a new person, one per edited person."""
        return f"person:{self.person.id}" if self.person else "person:new"

    def form_values(self) -> dict[str, Any]:
        """Name, relation, contact as typed."""
        return {"name": self.query_one("#name", Input).value, "relation": str(self.query_one("#relation", Select).value),
                "contact": self.query_one("#contact", Input).value}

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put a draft back."""
        self.query_one("#name", Input).value = str(values.get("name", ""))
        self.query_one("#contact", Input).value = str(values.get("contact", ""))
        if values.get("relation") in {r["id"] for r in relations()}:
            self.query_one("#relation", Select).value = values["relation"]

    def compose(self) -> ComposeResult:
        """Name, relation, contact, buttons."""
        p = self.person
        with Vertical() as box:
            box.border_title = "Edit person" if p else "Add a person"
            yield Label("Name (or a role, e.g. Client A)")
            yield Input(p.name if p else "", id="name", max_length=200)
            yield Label("Relation")
            yield Select(relation_options(p.relation if p else ""), value=p.relation if p else "client", allow_blank=False, id="relation")
            yield Label("How to reach them (e-mail, phone, anything)")
            yield Input(p.contact if p else "", id="contact", max_length=300)
            yield Static("", classes="error")
            with Horizontal(classes="row buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self) -> None:
        """Enter saves."""
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        self._save() if event.button.id == "save" else self.action_cancel()

    def _save(self) -> None:
        name = clean_line(self.query_one("#name", Input).value)
        if not name:
            self.show_error("Name: type a name or a role (e.g. Client A).")
            return
        relation = str(self.query_one("#relation", Select).value)
        contact = clean_line(self.query_one("#contact", Input).value)
        if self.person:
            self.dismiss(self.person.model_copy(update={"name": name, "relation": relation, "contact": contact}))
        else:
            self.dismiss(Person(name=name, relation=relation, contact=contact))


class NewRequestDialog(Dialog):
    """Choose a question set, the people to ask and a due date; returns a draft request."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NewRequestDialog") + """
    NewRequestDialog SelectionList { height: 5; }
    NewRequestDialog Label { margin-top: 0; }
    """

    def __init__(self, people: list[Person], chosen: set[str], today: date) -> None:
        super().__init__()
        self.people = people
        self.chosen = chosen
        self.today = today

    def draft_form(self) -> str:
        """One draft of a new request."""
        return "request:new"

    def form_values(self) -> dict[str, Any]:
        """Question set, who is ticked, the due date as typed."""
        return {"set": str(self.query_one("#set", Select).value), "who": sorted(self.query_one("#who", SelectionList).selected),
                "due": self.query_one("#due", Input).value}

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put a draft back (people no longer there are left out)."""
        if values.get("set") in {qs.id for qs in fb.question_sets()}:
            self.query_one("#set", Select).value = values["set"]
        who = self.query_one("#who", SelectionList)
        who.deselect_all()
        for pid in values.get("who") or []:
            if any(p.id == pid for p in self.people):
                who.select(pid)
        self.query_one("#due", Input).value = str(values.get("due", ""))

    def compose(self) -> ComposeResult:
        """Set, people, due date, buttons."""
        with Vertical() as box:
            box.border_title = "Ask for feedback"
            yield Label("Question set")
            yield Select([(qs.title, qs.id) for qs in fb.question_sets()], value="best-self", allow_blank=False, id="set")
            yield Label("Ask (space to tick)")
            yield SelectionList[str](*[(Text(f"{p.name} ({p.relation})"), p.id, p.id in self.chosen) for p in self.people], id="who")
            yield Label("Reply by (YYYY-MM-DD)")
            yield Input((self.today + timedelta(days=7)).isoformat(), id="due")
            yield Static("", classes="error")
            with Horizontal(classes="row buttons"):
                yield Button("Write the message", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Create or cancel."""
        if event.button.id != "save":
            self.action_cancel()
            return
        ids = set(self.query_one("#who", SelectionList).selected)
        if not ids:
            self.show_error("People: tick at least one person (space).")
            return
        try:
            due = fb.parse_due(self.query_one("#due", Input).value, self.today)
        except BadInput as exc:
            self.show_error(str(exc))
            return
        qs = fb.question_set(str(self.query_one("#set", Select).value))
        self.dismiss(fb.new_request(qs, [p for p in self.people if p.id in ids], due, self.today))


class PasteReplyDialog(Dialog):
    """A box to paste someone's reply into; returns the text."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PasteReplyDialog") + "PasteReplyDialog TextArea { height: 12; }"
    BINDINGS = [Binding("ctrl+s", "save", "Save reply")]

    def __init__(self, person: Person, template_hint: str) -> None:
        super().__init__()
        self.person = person
        self.template_hint = template_hint

    def draft_form(self) -> str:
        """One draft per person replying."""
        return f"reply:{self.person.id}"

    def form_values(self) -> dict[str, Any]:
        """The pasted text."""
        return {"text": self.query_one("#reply", TextArea).text}

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put the pasted text back."""
        self.query_one("#reply", TextArea).load_text(str(values.get("text", "")))

    def compose(self) -> ComposeResult:
        """The paste box and buttons."""
        with Vertical() as box:
            box.border_title = Text(f"Reply from {self.person.name}")
            yield Static(Text(self.template_hint), classes="hint")
            yield TextArea(id="reply", soft_wrap=True)
            yield Static("", classes="error")
            with Horizontal(classes="row buttons"):
                yield Button("Save reply (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_save(self) -> None:
        """Return the pasted text."""
        text = self.query_one("#reply", TextArea).text
        if not text.strip():
            self.show_error("Reply: paste the reply first (ctrl+v or your terminal's paste).")
            return
        if len(text) > fb.REPLY_MAX:
            self.show_error(f"Reply: {len(text):,} characters is too long; at most {fb.REPLY_MAX:,}.")
            return
        self.dismiss(text)


class ImportFileDialog(Dialog):
    """A reply file to import (.txt, .md, .eml, .csv) and who it is from."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ImportFileDialog")

    def __init__(self, default_dir: Path, from_name: str = "", relation: str = "other") -> None:
        super().__init__()
        self.default_dir = default_dir
        self.from_name = from_name
        self.relation = relation

    def compose(self) -> ComposeResult:
        """Path, name, relation."""
        with Vertical() as box:
            box.border_title = "Import a reply file"
            yield Label("File (.txt, .md, .eml, or a form's .csv export)")
            yield Input(str(self.default_dir) + "/", id="path")
            yield Label("From (a CSV name column overrides it)")
            yield Input(self.from_name, id="from", max_length=200)
            yield Label("Relation (for new people)")
            yield Select(relation_options(self.relation), value=self.relation, allow_blank=False, id="relation")
            yield Static("", classes="error")
            with Horizontal(classes="row buttons"):
                yield Button("Import", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self) -> None:
        """Enter imports."""
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Return (path, from, relation) or cancel."""
        self._done() if event.button.id == "save" else self.dismiss(None)

    def _done(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        self.dismiss((path, clean_line(self.query_one("#from", Input).value), str(self.query_one("#relation", Select).value)))


class PickStrength(Dialog):
    """Pick a strength from the vocabulary, or type a new one; returns its name."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PickStrength") + "PickStrength OptionList { height: 12; }"

    def __init__(self, names: list[str], title: str = "Tag with a strength") -> None:
        super().__init__()
        self.names = names
        self.title_text = title

    def compose(self) -> ComposeResult:
        """Filter box and list."""
        with Vertical() as box:
            box.border_title = self.title_text
            yield Input(placeholder="type to filter, or a new strength and Enter", id="filter", max_length=80)
            yield OptionList(*[Option(Text(n), id=n) for n in self.names], id="names")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter the list."""
        needle = event.value.strip().lower()
        ol = self.query_one(OptionList)
        ol.clear_options()
        ol.add_options([Option(Text(n), id=n) for n in self.names if needle in n.lower()])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: the highlighted match, else the typed words as a new strength."""
        ol = self.query_one(OptionList)
        if ol.option_count and event.value.strip():
            opt = ol.get_option_at_index(ol.highlighted or 0)
            self.dismiss(opt.id)
        elif clean_line(event.value):
            self.dismiss(clean_line(event.value)[:80])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A picked strength."""
        self.dismiss(event.option.id)
