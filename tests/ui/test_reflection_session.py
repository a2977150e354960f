"""A reflection session: pages, skip and back, autosave, killed mid-session and resumed."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.widgets import Static, TextArea

from reflect.core.models import FocusBlock, Reflection
from reflect.screens.reflection import ReflectionScreen
from tests.conftest import TZ, wait_until


async def _wait_saved(app, pilot, store, answer: str) -> None:
    """Until the autosave has stored `answer`."""
    await wait_until(pilot, lambda: any(answer in r.answers.values() for r in store.list(Reflection)))
    await app.workers.wait_for_complete()


async def _start_suggested(app, pilot) -> None:
    """Open Reflect and start the set it suggests for the time of day (morning, evening)."""
    await pilot.press("r")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")  # the suggested set
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_session_killed_and_resumed_with_answers_intact(make_test_app, store, clock, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    clock.set(datetime(2026, 3, 14, 20, 0, tzinfo=TZ))  # evening
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _start_suggested(app, pilot)  # evening
        await pilot.press(*"Shipped the draft")
        await pilot.press("ctrl+n")  # next
        await pilot.press("ctrl+n")  # skip the setback page
        await pilot.press(*"A quiet [bold]hour[/]")
        await _wait_saved(app, pilot, store, "A quiet [bold]hour[/]")
        # killed: the app goes away without finishing the session
    [saved] = store.list(Reflection)
    assert saved.status == "in_progress" and saved.position == 2 and saved.session == "evening"
    assert saved.answers == {"progress": "Shipped the draft", "catalysts": "A quiet [bold]hour[/]"}

    app2 = make_test_app()
    async with app2.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await app2.workers.wait_for_complete()
        await pilot.pause()
        screen = app2.screen
        assert isinstance(screen, ReflectionScreen)
        assert screen.index == 2
        assert screen.query_one("#answer", TextArea).text == "A quiet [bold]hour[/]"
        assert "What helped" in str(screen.query_one("#prompt", Static).render())
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen.query_one("#answer", TextArea).text == "Shipped the draft"


async def test_evening_episodes_prefilled_from_focus_blocks_and_frog(make_test_app, store, clock, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    start = datetime(2026, 3, 14, 9, 30, tzinfo=TZ)
    store.add(FocusBlock(intention="Proposal for Client A", planned_seconds=3600, started_at=start,
                         ended_at=start + timedelta(minutes=50), outcome="done"))
    clock.set(datetime(2026, 3, 14, 21, 0, tzinfo=TZ))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        for _ in range(6):
            await pilot.press("ctrl+n")
            await app.workers.wait_for_complete()
        screen = app.screen
        assert screen.pages[screen.index].kind == "episodes"
        assert screen.query_one("#answer", TextArea).text == "09:30-10:20 Proposal for Client A"
        await pilot.press(*" = 8", "enter", *"14:00-13:00 backwards = 12")
        await pilot.pause()
        hint = str(screen.query_one("#hint", Static).render())
        assert hint.startswith("Line 2: write it as 09:00-10:30 activity = 1-9"), hint
        assert screen.query_one("#hint", Static).region.height >= 1  # on screen, not cut away
        await pilot.press(*(["backspace"] * len("\n14:00-13:00 backwards = 12")))
        await pilot.press("ctrl+n")
        await app.workers.wait_for_complete()
        await pilot.press(*"Call the accountant")
        await pilot.press("ctrl+n")  # frog page -> look deeper page
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+n")  # finish
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ReflectionScreen)
    [r] = store.list(Reflection)
    assert r.status == "done" and r.frog == "Call the accountant"
    assert [(e.start, e.end, e.activity, e.feeling) for e in r.episodes] == [("09:30", "10:20", "Proposal for Client A", 8)]


async def test_typing_right_before_the_app_closes_is_kept(make_test_app, store, clock, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    app = make_test_app()  # 09:00: the morning set is suggested
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"Coffee with a friend")
        # no pause: the app closes inside the autosave delay
    import asyncio

    for _ in range(50):
        if store.list(Reflection):
            break
        await asyncio.sleep(0.05)
    [r] = store.list(Reflection)
    assert r.session == "morning" and r.answers == {"thankful": "Coffee with a friend"} and r.status == "in_progress"


async def test_users_own_prompt_set_is_offered_and_shown_literally(make_test_app, store, tmp_path, monkeypatch) -> None:
    import json

    from textual.widgets import OptionList

    config = tmp_path / "config"
    config.mkdir()
    (config / "prompts.json").write_text(json.dumps({"sets": [{
        "id": "client-day", "name": "After a client day", "session": "evening",
        "prompts": [{"text": "[@click=app.quit]What did the client need?[/]"}]}]}), encoding="utf-8")
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(config))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        chooser = app.screen.query_one("#chooser", OptionList)
        labels = [str(chooser.get_option_at_index(i).prompt) for i in range(chooser.option_count)]
        assert labels[-1].startswith("After a client day")
        chooser.highlighted = chooser.option_count - 1
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.screen.query_one("#prompt", Static).render()) == "[@click=app.quit]What did the client need?[/]"
        await pilot.click("#prompt")
        await pilot.press(*"Clarity")
        await pilot.press("ctrl+n", "ctrl+n")  # the set's page, then the look-deeper page: finished
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ReflectionScreen)
    [r] = store.list(Reflection)
    assert (r.prompt_set, r.session, r.status, r.answers) == ("client-day", "evening", "done", {"p1": "Clarity"})




async def test_prompt_counts_agree_and_a_finished_morning_is_reopened_not_doubled(make_test_app, store, clock, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    app = make_test_app()  # 09:00: morning is suggested
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        from textual.widgets import OptionList

        label = str(app.screen.query_one("#chooser", OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        total = len(screen.pages)
        assert f"{total} prompts" in label, (label, total)  # the chooser counts the pages "1 of N" counts
        assert str(screen.query_one("#progress-line", Static).render()) == f"1 of {total}"
        await pilot.press(*"Coffee")
        for _ in range(total):
            await pilot.press("ctrl+n")
            await pilot.pause()
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, ReflectionScreen)
        await _start_suggested(app, pilot)  # the finished morning again: it opens, it is not started twice
        assert app.screen.query_one("#answer", TextArea).text == "Coffee"
        await pilot.press("escape")
        await app.workers.wait_for_complete()
    assert [(r.session, r.status) for r in store.list(Reflection)] == [("morning", "done")]


async def test_skipping_every_prompt_is_not_done(make_test_app, store, clock, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _start_suggested(app, pilot)
        for _ in range(len(app.screen.pages)):
            await pilot.press("ctrl+n")
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ReflectionScreen)
        assert any("not counted as done" in str(n.message) for n in app._notifications)  # noqa: SLF001
    assert [r for r in store.list(Reflection) if r.status == "done"] == []


async def test_a_finished_morning_from_an_older_prompt_set_is_reopened_too(make_test_app, store, clock, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    from datetime import date

    done = store.add(Reflection(session="morning", day=date(2026, 3, 14), status="done", prompt_set="morning-basic",
                                answers={"glad": "Sun"}))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _start_suggested(app, pilot)
        assert app.screen.reflection.id == done.id
        await pilot.press("escape")
        await app.workers.wait_for_complete()
    assert len(store.list(Reflection)) == 1


async def test_a_session_resumed_in_a_new_year_names_its_year(make_test_app, store, clock, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    clock.set(datetime(2026, 12, 31, 20, 0, tzinfo=TZ))  # New Year's Eve, evening
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _start_suggested(app, pilot)  # evening
        assert app.screen.query_one("#dialog").border_title.endswith("· Thu 31 Dec")  # this year's: no year
        await pilot.press(*"Shipped the draft")
        await _wait_saved(app, pilot, store, "Shipped the draft")
    clock.set(datetime(2027, 1, 1, 10, 0, tzinfo=TZ))
    app2 = make_test_app()
    async with app2.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app2.screen, ReflectionScreen) and app2.screen.has_class("-in-session"))
        assert app2.screen.query_one("#dialog").border_title.endswith("· Thu 31 Dec 2026")
