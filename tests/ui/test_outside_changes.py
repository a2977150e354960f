"""Areas follow changes another process (the CLI) makes to the data files underneath them."""

from __future__ import annotations

from textual.widgets import DataTable

from reflect.core.checkin.checkins import new_checkin
from reflect.core.models import Person
from reflect.store import Store
from reflect.widgets.today.checkins import TodayCheckIns
from tests.conftest import wait_until


def _cli_store(store: Store) -> Store:
    """A second store on the same folder, as `reflect log` in another shell opens."""
    return Store(store.root, store.clock).open()


def _today_title(app) -> str:
    panels = app.screen.query(TodayCheckIns)
    return str(panels.first().border_title) if panels else ""


async def test_today_follows_a_checkin_logged_from_the_shell(make_test_app, store, clock) -> None:
    store.add(new_checkin(clock, mood=5, energy=5))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: _today_title(app) == "Check-ins · 1 today")
        await app.check_data_files()  # the baseline the watch compares with
        _cli_store(store).add(new_checkin(clock, mood=3, energy=8))
        await app.check_data_files()  # what the 2 s watch does
        await wait_until(pilot, lambda: _today_title(app) == "Check-ins · 2 today")


async def test_the_area_key_of_the_area_shown_reloads_it(make_test_app, store, clock) -> None:
    store.add(new_checkin(clock, mood=5, energy=5))
    app = make_test_app()
    app.DATA_WATCH_SECONDS = 0  # no watch: only the key can show the change
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: _today_title(app) == "Check-ins · 1 today")
        _cli_store(store).add(new_checkin(clock, mood=3, energy=8))
        await pilot.press("t")
        await wait_until(pilot, lambda: _today_title(app) == "Check-ins · 2 today")


async def test_insights_follow_the_shell(make_test_app, store, clock) -> None:
    store.add(new_checkin(clock, mood=5, energy=5))
    app = make_test_app()
    app.DATA_WATCH_SECONDS = 0
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        await wait_until(pilot, lambda: getattr(app.screen, "insights", None) is not None)
        first = app.screen.insights
        await app.check_data_files()
        _cli_store(store).add(new_checkin(clock, mood=1, energy=1))
        await app.check_data_files()
        await wait_until(pilot, lambda: app.screen.insights is not first and app.screen.insights is not None)
        shown = app.screen.insights
        _cli_store(store).add(new_checkin(clock, mood=2, energy=2))
        await pilot.press("i")
        await wait_until(pilot, lambda: app.screen.insights is not shown and app.screen.insights is not None)


async def test_people_follow_the_shell(make_test_app, store, clock) -> None:
    app = make_test_app()
    app.DATA_WATCH_SECONDS = 0
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "PeopleScreen")
        table = app.screen.query_one("#people-table", DataTable)
        await app.check_data_files()
        _cli_store(store).add(Person(name="Client A"))
        await app.check_data_files()
        await wait_until(pilot, lambda: "Client A" in str([table.get_row_at(i) for i in range(table.row_count)]))
        _cli_store(store).add(Person(name="Colleague B"))
        await pilot.press("p")
        await wait_until(pilot, lambda: "Colleague B" in str([table.get_row_at(i) for i in range(table.row_count)]))


async def test_the_apps_own_saves_are_not_announced_twice(make_test_app, store, clock) -> None:
    app = make_test_app()
    app.DATA_WATCH_SECONDS = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query(TodayCheckIns)))
        heard: list[str] = []
        app.data_changed.subscribe(app.screen, lambda collection: heard.append(collection), immediate=True)
        await app.check_data_files()
        await app.save(new_checkin(clock, mood=6, energy=6))
        assert heard == ["checkins"]
        await app.check_data_files()  # its own file: no news
        assert heard == ["checkins"]
        _cli_store(store).add(new_checkin(clock, mood=2, energy=2))
        await app.check_data_files()
        assert heard == ["checkins", "checkins"]
        _cli_store(store).add(new_checkin(clock, mood=3, energy=3))  # the watch's own announcement hides nothing
        await pilot.pause()
        await app.check_data_files()
        assert heard == ["checkins", "checkins", "checkins"]
