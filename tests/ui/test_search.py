"""Search everything written: the pure search, the palette's search screen under Pilot, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from reflect.core.checkin.checkins import new_checkin
from reflect.core.errors import BadInput
from reflect.core.models import Answer, FeedbackResponse, Reflection, Story
from reflect.core.search import search_docs


def _seed(store, clock) -> None:
    store.add(new_checkin(clock, mood=6, energy=5, tags=["client"], note="Proposal for [bold]Client A[/] sent"))
    store.add(Reflection(session="evening", day=date(2026, 3, 13), status="done",
                         answers={"progress": "Finished the proposal draft before lunch"}))
    store.add(FeedbackResponse(from_name="Client B", answers=[Answer(question="When was I at my best?",
                                                                      text="Your proposal made the budget talk easy")]))
    store.add(Story(master="I write proposals that clients sign.", steps={"one-liner": "Clear proposals"}))
    store.add(new_checkin(clock, mood=3, energy=3, note="tired"))


def test_every_word_must_match_in_any_case_and_ids_are_not_text() -> None:
    docs = [{"kind": "checkin", "id": "proposal-id", "at": "2026-03-14T09:00:00-07:00", "note": "Lunch with Ana", "tags": ["Client"]},
            {"kind": "checkin", "id": "x", "at": "2026-03-13T09:00:00-07:00", "note": "client call"}]
    assert [h.record_id for h in search_docs("CLIENT", docs)] == ["proposal-id", "x"]  # newest first
    assert [h.record_id for h in search_docs("client lunch", docs)] == ["proposal-id"]
    assert search_docs("proposal", docs) == []
    with pytest.raises(BadInput, match="at least one word"):
        search_docs("  \x1b ", docs)


async def test_search_from_the_palette_finds_every_kind_and_shows_text_literally(make_test_app, store, clock) -> None:
    from textual.widgets import Input, OptionList

    from reflect.screens.search import SearchScreen

    _seed(store, clock)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"search every", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#query", Input).value = "proposal"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert {h.label for h in screen.hits} == {"Check-in", "Feedback", "Reflection", "Story"}  # the story: one hit per text
        results = screen.query_one("#results", OptionList)
        lines = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert any("Proposal for [bold]Client A[/] sent" in line for line in lines), lines
        assert f"{len(screen.hits)} matches" in str(screen.query_one("#count").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


def test_reflect_search_cli(store, clock, data_dir) -> None:
    _seed(store, clock)
    run = [sys.executable, "-m", "reflect", "--data-dir", str(data_dir), "search"]
    done = subprocess.run([*run, "PROPOSAL", "client"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert sorted(line.split()[2] for line in lines) == ["Check-in", "Feedback", "Story"], lines
    found = json.loads(subprocess.run([*run, "tired", "--json"], capture_output=True, text=True, timeout=60).stdout)
    assert [h["kind"] for h in found] == ["checkin"]
    bad = subprocess.run([*run, " "], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr == "reflect: search text must have at least one word\n"
