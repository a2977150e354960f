"""The footer fits the terminal: an area's own keys first, `? Help` always, global keys as room allows;
and every key an area shows is also in the command palette, so a narrow footer hides nothing."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.command import CommandPalette

from reflect.widgets.footer import AppFooter

from tests.ui.test_shell import settle
from tests.conftest import palette_offers, wait_until


GLOBAL = {"t", "f", "p", "s", "i", "m", "r", "question_mark", "q"}


@asynccontextmanager
async def area(make_test_app, size: tuple[int, int], key: str | None = None):
    """A running app at `size`, settled, on the area of `key` (Today when None): (app, pilot)."""
    app = make_test_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if key:
            await pilot.press(key)
            await settle(pilot)
        yield app, pilot


def footer_keys(app) -> list[str]:
    """The keys of the footer on show: the top screen's, or, under a dialog, the screen below's."""
    shown = next(s for s in reversed(app.screen_stack) if s.query(AppFooter))
    return [key.key for key in shown.query_one(AppFooter).shown_keys()]


def footer_width(app) -> int:
    return sum(len(key.key_display) + len(key.description) + 2 for key in app.screen.query_one(AppFooter).shown_keys())


@pytest.mark.parametrize("key", ["t", "f", "p", "s", "i"])
async def test_help_always_shows_and_the_keys_fit_80_columns(make_test_app, key) -> None:
    async with area(make_test_app, (80, 24), key) as (app, _pilot):
        keys = footer_keys(app)
        assert "question_mark" in keys, keys
        assert footer_width(app) <= 80
        shown_own = {k.key: len(k.key_display) + len(k.description) + 2
                     for k in app.screen.query_one(AppFooter).shown_keys() if k.key not in GLOBAL}
        for node, b, _e, _t in app.screen.active_bindings.values():
            if b.show and node is not app and b.key not in keys:  # left out only when it could not fit
                help_cells = len("?") + len("Help") + 2
                assert sum(shown_own.values()) + help_cells + len(app.get_key_display(b)) + len(b.description) + 2 > 80, b


async def test_today_shows_every_global_key_and_a_wide_story_screen_keeps_the_globals(make_test_app) -> None:
    async with area(make_test_app, (80, 24)) as (app, _pilot):
        assert footer_keys(app) == ["t", "f", "p", "s", "i", "m", "r", "question_mark", "q"]
    async with area(make_test_app, (200, 30), "s") as (app, _pilot):
        keys = footer_keys(app)
        assert {"ctrl+t", "ctrl+l", "t", "q", "question_mark"} <= set(keys), keys  # nothing left out
        assert "ctrl+p" in keys  # the palette hint from 92 columns


async def test_story_at_80_columns_leaves_global_keys_out_but_keeps_its_own(make_test_app) -> None:
    async with area(make_test_app, (80, 24), "s") as (app, _pilot):
        keys = footer_keys(app)
        assert {"ctrl+s", "ctrl+r", "question_mark"} <= set(keys)
        assert "t" not in keys and "q" not in keys


async def test_the_palette_offers_the_area_keys_a_narrow_footer_left_out(make_test_app) -> None:
    async with area(make_test_app, (80, 24), "s") as (app, pilot):
        assert "ctrl+t" not in footer_keys(app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export (^t)" in titles and "Rehearse (^r)" in titles
        called = []
        app.screen.action_export = lambda: called.append("export")  # the palette runs the screen's action
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Export (^t)")
        await wait_until(pilot, lambda: palette_offers(app, "Export"))
        await pilot.press("enter")
        await settle(pilot)
        assert called == ["export"]


@pytest.mark.parametrize("terminal_focused", [True, False])
async def test_a_dialog_opened_over_an_area_puts_its_own_keys_in_the_footer(make_test_app, terminal_focused: bool) -> None:
    """The footer lists the dialog's keys, not the area's, also while the terminal reports that it
    lost focus (tmux and others send focus-out; a dialog can open then, from a timer or an action),
    when Textual's stock footer stops following bindings. It fails when the footer does not follow
    a dialog; the tmux-only case the focus check was removed for is not reproduced headless."""
    async with area(make_test_app, (60, 20)) as (app, pilot):
        app.app_focus = terminal_focused
        await pilot.pause()
        await app.run_action("check_in")  # not a key press: a key would tell Textual the terminal has focus
        await settle(pilot)
        assert app.app_focus is terminal_focused
        shown = next(s for s in reversed(app.screen_stack) if s.query(AppFooter))  # the dialog's own footer
        descriptions = [key.description for key in shown.query_one(AppFooter).shown_keys()]
        assert "Close (draft kept)" in descriptions, descriptions
        assert "Reflect" not in descriptions


DIALOG_OPENERS = {
    "check-in": ("m",),
    "help": ("question_mark",),
    "add person": ("p", "1", "a"),
    "ask": ("p", "1", "n"),
}


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (160, 48)])
@pytest.mark.parametrize("dialog", list(DIALOG_OPENERS))
async def test_a_dialog_footer_shows_its_own_keys_only(make_test_app, store, dialog, size) -> None:
    from reflect.core.models import Person

    store.add(Person(name="Client A"))
    async with area(make_test_app, size) as (app, pilot):
        for key in ("m", "escape", "i", "m", "escape", "t"):  # away and back: Today's footer sat out of sight
            await pilot.press(key)
            await settle(pilot)
        await pilot.press(*DIALOG_OPENERS[dialog])
        await settle(pilot)
        keys = footer_keys(app)
        assert "escape" in keys, (dialog, keys)
        assert not set(keys) & GLOBAL, (dialog, keys)
        if dialog != "help":
            assert "ctrl+s" in keys, (dialog, keys)


async def test_abandon_dialog_footer_shows_its_keys(make_test_app) -> None:
    async with area(make_test_app, (60, 20), "f") as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape", "a")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReasonDialog"
        keys = footer_keys(app)
        assert "escape" in keys and "ctrl+s" in keys and not set(keys) & GLOBAL, keys


async def test_ctrl_s_saves_the_add_person_form(make_test_app, store) -> None:
    from reflect.core.models import Person

    async with area(make_test_app, (60, 20), "p") as (app, pilot):
        await pilot.press("1", "a")
        await settle(pilot)
        assert type(app.screen).__name__ == "PersonDialog"
        await pilot.press(*"Client A", "ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "PeopleScreen"
        assert [p.name for p in store.list(Person)] == ["Client A"]


async def test_ctrl_s_right_after_typing_saves_every_key(make_test_app, store) -> None:
    """A burst of keys then ctrl+s (a paste, a fast typist): the person is saved with the whole name."""
    from reflect.core.models import Person
    from tests.ui.test_ordered_saves import burst, until

    async with area(make_test_app, (80, 24), "p") as (app, pilot):
        await pilot.press("1", "a")
        await settle(pilot)
        burst(app, "Colleague B", "ctrl+s")
        await until(lambda: bool(store.list(Person)), lambda: type(app.screen).__name__)
        assert [p.name for p in store.list(Person)] == ["Colleague B"]


async def test_a_click_on_a_footer_key_presses_it(make_test_app) -> None:
    """The keys are spans of one line: a click on a key's label presses that key; a click between
    keys does nothing."""
    from reflect.widgets.footer import FooterLine

    async with area(make_test_app, (80, 24)) as (app, pilot):
        line = app.screen.query_one(AppFooter).query_one(FooterLine)
        x = 0
        for item in app.screen.query_one(AppFooter).shown_keys():
            if item.key == "f":
                break
            x += len(item.key_display) + 1 + len(item.description) + 1
        assert line.item_at(x - 1) is None  # the space before the key
        await pilot.click(FooterLine, offset=(x - 1, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        await pilot.click(FooterLine, offset=(x + 3, 0))  # on "Focus"
        await settle(pilot)
        assert type(app.screen).__name__ == "FocusScreen"


async def test_the_key_under_the_pointer_is_highlighted(make_test_app) -> None:
    from reflect.widgets.footer import FooterLine

    async with area(make_test_app, (80, 24)) as (app, pilot):
        line = app.screen.query_one(AppFooter).query_one(FooterLine)
        await pilot.hover(FooterLine, offset=(1, 0))  # on "t Today"
        await pilot.pause()
        assert line._hover == "t"
        hover = line.get_component_rich_style("footer-key--hover").bgcolor
        assert hover is not None
        assert any(seg.style and seg.style.bgcolor == hover for seg in line.render().render(app.console))
        await pilot.hover("#today", offset=(1, 1))  # off the footer
        await pilot.pause()
        assert line._hover is None


async def test_in_a_text_field_the_footer_says_escape_leaves_it(make_test_app) -> None:
    """Escape in a dialog's text field only leaves the field: the footer says so, and says Close
    once the field is left."""
    from textual.widgets import Input

    async with area(make_test_app, (80, 24), "p") as (app, pilot):
        await pilot.press("a")  # add a person: the name field has focus
        await settle(pilot)
        assert isinstance(app.screen.focused, Input)

        def escape_says() -> str:
            return next(k.description for k in app.screen.query_one(AppFooter).shown_keys() if k.key == "escape")

        await wait_until(pilot, lambda: escape_says() == "Leave field")
        await pilot.press("escape")
        await wait_until(pilot, lambda: escape_says() == "Close")
        assert app.screen.focused is None


async def test_in_an_areas_text_box_the_footer_says_how_to_get_the_area_keys_back(make_test_app) -> None:
    """On People's Portrait tab the text box has focus and letters and digits are text: the footer
    says so (esc Leave field), also at 60 columns, and stops saying it once the box is left."""
    from textual.widgets import TextArea

    async with area(make_test_app, (60, 20), "p") as (app, pilot):
        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen.focused, TextArea))

        def keys() -> list[tuple[str, str]]:
            return [(k.key, k.description) for k in app.screen.query_one(AppFooter).shown_keys()]

        await wait_until(pilot, lambda: ("escape", "Leave field") in keys())
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.focused is None and all(k != "escape" for k, _ in keys()))
