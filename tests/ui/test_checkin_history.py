"""Check-in history: filters, edit and delete by keys; notes and tags shown literally there and on Today."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, Static

from reflect.core.checkin.checkins import new_checkin
from reflect.core.models import CheckIn
from reflect.screens.checkin.dialog import CheckInScreen
from reflect.screens.checkin.history import CheckInHistoryScreen
from reflect.widgets.footer import AppFooter
from tests.conftest import idle, wait_until

MARKUP = "[bold]x[/] [@click=app.quit]q[/]"


def _seed(store, clock):
    old = new_checkin(clock, mood=3, energy=2, tags=["client"], note="late invoice", at=clock.now() - timedelta(days=2))
    new = new_checkin(clock, mood=7, energy=6, tags=["walk", "[red]t[/]"], note=MARKUP)
    store.put_many([old, new])
    return old, new


def _rows(screen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_history_filters_edit_and_delete(make_test_app, store, clock) -> None:
    old, new = _seed(store, clock)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInHistoryScreen)
        assert [r[1] for r in _rows(screen)] == ["7", "3"]  # newest first
        assert _rows(screen)[0][5] == MARKUP and _rows(screen)[0][4] == "#walk #[red]t[/]"
        screen.query_one("#tag", Input).value = "client"
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert [r[1] for r in _rows(screen)] == ["3"]
        screen.query_one("#tag", Input).value = ""
        screen.query_one("#text", Input).value = "INVOICE"
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert [r[5] for r in _rows(screen)] == ["late invoice"]
        screen.query_one("#text", Input).value = ""
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen.query_one(DataTable).focus()
        await pilot.press("down", "e")  # edit the older one
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("right", "right", "enter")  # mood 3 -> 5, save
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        await app.workers.wait_for_complete()
        assert sorted(r[1] for r in _rows(screen)) == ["5", "7"]
        screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert [r[1] for r in _rows(screen)] == ["5"]
        assert app.is_running  # no markup in a note ran an action
    live = store.list(CheckIn)
    assert [(c.id, c.mood, c.energy, c.note) for c in live] == [(old.id, 5, 2, "late invoice")]
    [gone] = [c for c in store.list(CheckIn, include_deleted=True) if c.deleted]
    assert gone.id == new.id and gone.note == MARKUP  # a tombstone, the record kept


async def test_today_shows_notes_and_tags_literally(make_test_app, store, clock) -> None:
    _seed(store, clock)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(app.screen.query_one(".today-checkins", Static).render())
        assert "[bold]x[/] [@click=app.quit]q[/]" in text and "#[red]t[/]" in text
        await pilot.click(".today-checkins", offset=(40, 3))
        await pilot.pause()
        assert app.is_running


async def test_history_opens_from_todays_panel_by_mouse(make_test_app, store, clock) -> None:
    _seed(store, clock)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = str(app.screen.query_one(".today-checkins", Static).render()).splitlines()[4]
        assert line.endswith("m check in · h history")
        await pilot.click(".today-checkins", offset=(line.index("h history") + 2, 4))
        await pilot.pause()
        assert isinstance(app.screen, CheckInHistoryScreen)


async def test_grid_by_mouse_and_insights_show_tags_literally(make_test_app, store, clock) -> None:
    from reflect.widgets.affect_grid import AffectGrid

    days = [new_checkin(clock, mood=8, energy=7, tags=["[@click=app.quit]"], at=clock.now() - timedelta(days=d))
            for d in range(0, 14, 2)]
    days += [new_checkin(clock, mood=4, energy=3, at=clock.now() - timedelta(days=d)) for d in range(1, 14, 2)]
    store.put_many(days)
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        tags = str(app.screen.query_one("#ins-tags", Static).render())
        assert "#[@click=app.quit] goes with 4.0 higher mood" in tags
        app.screen.query_one("#ins-tags").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#ins-tags", offset=(5, 1))
        await pilot.press("m")
        await pilot.pause()
        await pilot.click(AffectGrid, offset=(7 + 3 * 6 + 1, 1))  # column 7, row 2 from the top
        await pilot.pause()
        grid = app.screen.query_one(AffectGrid)
        assert (grid.mood, grid.energy, grid.picked) == (7, 8, True)
        assert app.is_running


async def test_editing_a_mood_only_checkin_keeps_energy_empty(make_test_app, store, clock) -> None:
    c = new_checkin(clock, mood=6, note="from the shell, no energy")
    store.add(c)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("right", "enter")  # mood 7, energy untouched
        await app.workers.wait_for_complete()
        await pilot.pause()
        edited = store.get(CheckIn, c.id)
        assert (edited.mood, edited.energy, edited.note) == (7, None, "from the shell, no energy")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("9", "5", "enter")  # quick path: mood 9, energy 5 chosen on purpose
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert store.get(CheckIn, c.id).energy == 5
    assert [(x.mood, x.energy) for x in store.list(CheckIn)] == [(9, 5)]


async def test_a_checkin_dated_ahead_is_listed_in_history(make_test_app, store, clock) -> None:
    """`reflect log --at` and the dialog take a time up to a day ahead (another time zone, a typo):
    such a check-in must be findable, not hidden by the default range ending today."""
    store.add(new_checkin(clock, mood=2, note="typed for tomorrow", at=clock.now() + timedelta(hours=20)))
    store.add(new_checkin(clock, mood=6, note="now"))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r[1] for r in _rows(app.screen)] == ["2", "6"]


async def test_history_at_60_columns_keeps_dates_and_notes_and_end_goes_to_the_last_row(make_test_app, store, clock) -> None:
    store.put_many([new_checkin(clock, mood=5, energy=4, tags=["work", "client"], note=f"note {d}",
                                at=clock.now() - timedelta(days=d)) for d in range(30)])
    app = make_test_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        labels = [str(col.label) for col in table.columns.values()]
        assert labels[0] == "When" and labels[-1] == "Note"
        widths = {str(col.label): col.width for col in table.columns.values()}
        assert widths["When"] >= len("14 Mar 09:00")  # the date and time are never cut
        assert sum(w + 2 for w in widths.values()) <= 58  # all of it on screen, the note included
        assert widths["Note"] >= 10
        assert str(table.get_row_at(0)[0]) == "14 Mar 09:00"
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        assert table.scroll_x == 0
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0


async def test_escape_in_a_filter_leaves_the_field_and_keeps_the_filters(make_test_app, store, clock) -> None:
    """Escape in a text field only leaves it (the filters and the narrowed list stay); a second
    Escape goes back to where History was opened from."""
    _seed(store, clock)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckInHistoryScreen) and idle(app))
        screen = app.screen

        def escape_says() -> str:
            return next(k.description for k in screen.query_one(AppFooter).shown_keys() if k.key == "escape")

        await wait_until(pilot, lambda: len(_rows(screen)) == 2)
        assert escape_says() == "Back"
        await pilot.press("ctrl+f", *"walk")
        await wait_until(pilot, lambda: idle(app) and [r[1] for r in _rows(screen)] == ["7"])
        await wait_until(pilot, lambda: escape_says() == "Leave field")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#text", Input).value == "walk"
        assert screen.focused is screen.query_one(DataTable)  # e, d and the arrows work on the rows
        assert [r[1] for r in _rows(screen)] == ["7"]
        await wait_until(pilot, lambda: escape_says() == "Back")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CheckInHistoryScreen))


async def test_the_default_range_is_the_last_30_journal_days_with_no_end_date(make_test_app, store, clock) -> None:
    """The range starts 29 days before today's journal day and has no end (not tomorrow's date shown
    as the end): a check-in dated ahead is still listed."""
    clock.advance(17 * 3600)  # 02:00 on the 15th: before the day start, still the 14th's journal day
    store.add(new_checkin(clock, mood=4, note="just now"))
    store.add(new_checkin(clock, mood=2, note="typed for later", at=clock.now() + timedelta(hours=20)))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckInHistoryScreen) and idle(app))
        screen = app.screen
        assert screen.query_one("#since", Input).value == "2026-02-13"
        until = screen.query_one("#until", Input)
        assert until.value == "" and until.placeholder == "latest"
        await wait_until(pilot, lambda: [r[1] for r in _rows(screen)] == ["2", "4"])


async def test_rows_from_another_year_show_the_year_and_still_fit(make_test_app, store, clock) -> None:
    """Over a range of years every row says its year (all rows, so the columns stay aligned), and
    the table still fits at 60 and 80 columns with room for the note."""
    old = new_checkin(clock, mood=3, energy=2, tags=["walk"], note="by the river", at=clock.now() - timedelta(days=315))
    new = new_checkin(clock, mood=7, energy=6, tags=["walk"], note="park", at=clock.now() - timedelta(days=4))
    store.put_many([old, new])
    app = make_test_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckInHistoryScreen) and idle(app))
        screen = app.screen
        await wait_until(pilot, lambda: len(_rows(screen)) == 1)
        assert _rows(screen)[0][0] == "10 Mar 09:00"  # only this year's rows: no year
        screen.query_one("#since", Input).value = "2016-01-01"
        await wait_until(pilot, lambda: idle(app) and len(_rows(screen)) == 2)
        assert [r[0] for r in _rows(screen)] == ["10 Mar 2026 09:00", "03 May 2025 09:00"]
        for size, dates in (((80, 24), ["Tue 10 Mar 2026 09:00", "Sat 03 May 2025 09:00"]),
                            ((60, 20), ["10 Mar 2026 09:00", "03 May 2025 09:00"])):
            await pilot.resize_terminal(*size)
            await wait_until(pilot, lambda dates=dates: [r[0] for r in _rows(screen)] == dates)
            table = screen.query_one(DataTable)
            widths = {str(col.label): col.width for col in table.columns.values()}
            assert widths["When"] >= len(dates[0])  # the date and time are never cut
            assert sum(w + 2 for w in widths.values()) <= size[0] - 2  # all of it on screen
            assert widths["Note"] >= 10
