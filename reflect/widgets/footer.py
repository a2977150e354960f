"""The footer every area shows: compact, and fitted to the terminal's width."""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.style import Style
from rich.text import Text

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, TextArea

LEAVE_FIELD = "leave_field"
"""The area screens' Escape in a text field (`AreaScreen.action_leave_field`): listed while one has focus."""
PALETTE_MIN_WIDTH = 92
"""From this width on, the footer also shows the command palette key (^p)."""


class FooterItem(NamedTuple):
    """One key the footer shows."""

    key: str
    key_display: str
    description: str
    enabled: bool = True
    palette: bool = False
    """The command palette's key, shown at the right end."""


class FooterLine(Widget):
    """The footer's keys as one line of text, drawn as Textual's compact footer draws its keys.

    Textual's footer mounts a widget per key, each styled on its own; on a screen with ten keys that
    was a third of the work between the app's first frame and Today's data, and again for every
    dialog (each has its own footer). Here the keys are spans of one text: a click on one presses
    its key, as a click on Textual's footer key does.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer-key--palette-rule", "footer-key--hover"}
    DEFAULT_CSS = """
    FooterLine {
        width: 1fr;
        height: 1;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--palette-rule {
            color: $foreground 20%;
            background: $footer-item-background;
        }
        .footer-key--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[FooterItem] = []
        self._spans: list[tuple[int, int, FooterItem]] = []
        """Where each key was drawn: (first cell, cell after the last, key)."""
        self._hover: str | None = None
        """The key under the mouse pointer, drawn highlighted as Textual's footer does."""

    def show(self, items: list[FooterItem]) -> None:
        """Draw these keys (nothing is mounted: one refresh)."""
        self.items = items
        self.refresh()

    def render(self) -> Text:
        """Each key and its description, a space after each; the palette key at the right end."""
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        for item in self.items:
            if not item.palette:
                start = line.cell_len
                line.append_text(self._key(item, key_style, description_style))
                spans.append((start, line.cell_len, item))
                line.append(" ")
        palette = [item for item in self.items if item.palette]
        if palette:
            key = self._key(palette[0], key_style, description_style)
            room = self.size.width - key.cell_len - 2  # the rule before it, a space after it
            if line.cell_len <= room:
                line.append(" " * (room - line.cell_len))
                line.append("▏", self.get_component_rich_style("footer-key--palette-rule"))
                spans.append((line.cell_len, line.cell_len + key.cell_len, palette[0]))
                line.append_text(key)
                line.append(" ")
        self._spans = spans
        hovered = next(((start, end) for start, end, item in spans if item.key == self._hover), None)
        if hovered is not None:
            line.stylize(self.get_component_rich_style("footer-key--hover"), *hovered)
        return line

    @staticmethod
    def _key(item: FooterItem, key_style: Style, description_style: Style) -> Text:
        dim = Style(dim=True) if not item.enabled else Style()
        text = Text(end="")
        text.append(item.key_display, key_style + dim)
        if item.description:
            text.append(" " + item.description, description_style + dim)
        return text

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Highlight the key under the pointer."""
        item = self.item_at(event.x)
        key = item.key if item is not None else None
        if key != self._hover:
            self._hover = key
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        """Nothing is highlighted once the pointer leaves."""
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def item_at(self, x: int) -> FooterItem | None:
        """The key drawn at cell `x` of this line, if any."""
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (on a key that does nothing now, the bell), as on Textual's footer."""
        item = self.item_at(event.x)
        if item is None:
            return
        event.stop()
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()


class AppFooter(Footer):
    """A compact footer that shows what fits, the screen's own keys first.

    An area's own keys (Start, Save, Rehearse...) come first. When they and the global keys
    (t f p s i m r q) do not fit on one line, keys are left out from the end, global ones first,
    but `? Help`, which lists them all, always stays. The `^p palette` hint shows only from PALETTE_MIN_WIDTH columns (ctrl+p always
    works). It also rebuilds itself only when the keys it shows change: the stock footer rebuilds
    on every change of focus, which cost a third of the app's first frame.

    A dialog without a footer of its own (the check-in, help, confirmations) shows through to
    this one: while such a dialog is on top, this footer lists the dialog's keys (Save ctrl+s,
    Cancel...) instead of the area's, since the area's and the global keys do not reach it.
    """

    DEFAULT_CSS = """
    AppFooter { dock: bottom; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Any = None

    def _source(self) -> Screen:
        """The screen whose keys work now: a footer-less dialog on top of this screen, else this screen."""
        try:
            top = self.app.screen
        except Exception:  # noqa: BLE001 - no screen yet (start-up, shut-down)
            return self.screen
        if top is not self.screen and top.is_modal and not top.query(Footer):
            return top
        return self.screen

    def _keys(self) -> list[tuple[Any, bool]]:
        """(binding, enabled) of the keys to show, fitted to the width."""
        shown = []
        actions: set[str] = set()
        source = self._source()
        modal = source.is_modal
        typing = isinstance(source.focused, (Input, TextArea))
        for node, binding, enabled, _tip in source.active_bindings.values():
            if modal and node is self.app:
                continue  # a dialog's footer lists the dialog's keys, never the areas' or the app's
            # in a text field on an area, letters are text: the footer says how to get the area keys back
            listed = binding.show or (typing and binding.action == LEAVE_FIELD)
            if listed and binding.action not in actions:  # one key per action, as the stock footer
                actions.add(binding.action)
                shown.append((node, binding, enabled))
        def cells(key: tuple) -> int:
            return len(self.app.get_key_display(key[1])) + len(self._label(key[1])) + 2

        room = self.app.size.width
        if self.show_command_palette:
            room -= 14  # the palette hint on the right: " ^p palette " and its margin
        help_key = [k for k in shown if k[1].action in ("help", LEAVE_FIELD)]  # always room for these
        room -= sum(cells(k) for k in help_key)
        picked = {id(k) for k in help_key}
        for own in (True, False):  # the screen's own keys first, then the global ones
            for key in shown:
                if (source is not self.screen or key[0] is not self.app) == own and id(key) not in picked and cells(key) <= room:
                    picked.add(id(key))
                    room -= cells(key)
        return [(key[1], key[2]) for key in shown if id(key) in picked]

    def _label(self, binding: Any) -> str:
        """What the footer says a key does: the screen's word for it now (`footer_description`), else
        the binding's."""
        describe = getattr(self._source(), "footer_description", None)
        said = describe(binding) if describe is not None else None
        return said if said is not None else str(binding.description)

    def _signature(self) -> tuple[FooterItem, ...]:
        """What the footer would show now, to compare with what it shows."""
        return tuple(self._items())

    def shown_keys(self) -> list[FooterItem]:
        """The keys on show, in order (the palette key last, when shown)."""
        return list(self.query_one(FooterLine).items) if self.children else []

    def compose(self) -> ComposeResult:
        """One line widget: the keys are text in it, not a widget each (see FooterLine)."""
        yield FooterLine()

    def _items(self) -> list[FooterItem]:
        keys = [
            FooterItem(binding.key, self.app.get_key_display(binding), self._label(binding), enabled)
            for binding, enabled in self._keys()
        ]
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and self._source() is self.screen:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tip = found
                keys.append(FooterItem(binding.key, self.app.get_key_display(binding), binding.description, enabled,
                                       palette=True))
        return keys

    def _redraw(self) -> None:
        """Show the keys that fit now (remembering which, so an unchanged set is not redrawn)."""
        if not self._bindings_ready or not self.is_attached or not self.children:
            return
        items = self._items()
        self._shown = tuple(items)
        self.query_one(FooterLine).show(items)

    def on_mount(self) -> None:
        """Follow this screen's keys, and the dialogs pushed over it."""
        super().on_mount()
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        """Stop following."""
        super().on_unmount()
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, top: Screen) -> None:
        """A dialog came or went: follow its keys while it is on top of this footer's screen."""
        if self.screen not in self.app.screen_stack:
            return  # a screen of another area, out of sight: not under this dialog
        if top is not self.screen and top.is_modal and top.is_running:
            top.bindings_updated_signal.subscribe(self, self.bindings_changed)
        if self.is_attached and self._bindings_ready and self._signature() != self._shown:
            self.call_after_refresh(self._redraw)

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild only when the shown keys changed (also while the terminal reports no focus: a
        dialog opened then must not leave the area's keys showing)."""
        self._bindings_ready = True
        if self.is_attached and screen is self._source() and self._signature() != self._shown:
            self.call_after_refresh(self._redraw)

    def on_resize(self, event: events.Resize) -> None:
        """Show the palette key only when it fits, and refit the keys."""
        wide = event.size.width >= PALETTE_MIN_WIDTH
        if wide != self.show_command_palette:
            self.show_command_palette = wide
        if self._bindings_ready and self._signature() != self._shown:
            self.call_after_refresh(self._redraw)


class OwnFooter:
    """A modal screen with its own `AppFooter` at the bottom, listing only the modal's keys.

    Put it first among the bases (`class Dialog(OwnFooter, ModalScreen)`). A screen that composes
    a footer of its own keeps that one. The dialog's footer covers the area's footer underneath, so
    what is shown never depends on the area's footer following the dialog (at any size, after any
    switch of area).
    """

    def _extend_compose(self, widgets: list[Widget]) -> None:
        super()._extend_compose(widgets)  # type: ignore[misc]
        if not any(isinstance(widget, Footer) for widget in widgets):
            widgets.append(AppFooter())
