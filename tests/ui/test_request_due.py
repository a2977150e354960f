"""A request's reply-by date: a past day is refused with one line, the message names the year when
it is not this year's, and marking the request sent shows in the dialog's title at once."""

from __future__ import annotations

from datetime import date

import pytest
from textual.containers import Vertical

from reflect.core.errors import BadInput
from reflect.core.feedback import requests as fb
from reflect.core.models import FeedbackRequest, Person
from reflect.screens.people.dialogs import NewRequestDialog
from reflect.screens.people.request import RequestDialog
from tests.ui.test_feedback_ui import open_people

TODAY = date(2026, 3, 14)


def test_a_reply_by_day_already_past_is_refused_in_one_line() -> None:
    with pytest.raises(BadInput, match=r"^Reply by: 2020-01-01 is already past; choose today or a later day$"):
        fb.parse_due("2020-01-01", TODAY)
    with pytest.raises(BadInput, match=r"^Reply by: 'soon' is not a date; use YYYY-MM-DD"):
        fb.parse_due("soon", TODAY)
    assert fb.parse_due(" ", TODAY) is None
    assert fb.parse_due("2026-03-14", TODAY) == TODAY
    assert fb.parse_due("2026-03-01", TODAY, was=date(2026, 3, 1)) == date(2026, 3, 1)  # an old request keeps its date


def test_the_message_names_the_year_only_when_it_is_not_this_year() -> None:
    qs = fb.question_set("best-self")
    assert "Could you reply by Friday 20 March? " in fb.compose_message(qs, date(2026, 3, 20), today=TODAY)
    assert "Could you reply by Friday 08 January 2027? " in fb.compose_message(qs, date(2027, 1, 8), today=TODAY)


async def test_a_past_reply_by_day_is_refused_and_sent_shows_in_the_title(make_test_app, store) -> None:
    store.add(Person(name="Client A"))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewRequestDialog)
        app.screen.query_one("#due").value = "2020-01-01"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, NewRequestDialog)
        assert store.list(FeedbackRequest) == []
        app.screen.query_one("#due").value = "2026-03-20"
        app.screen.query_one("#save").press()  # (a click or Enter within 0.2 s of the last is ignored by the button)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RequestDialog)
        assert str(app.screen.query_one(Vertical).border_title).endswith("(draft)")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.screen.query_one(Vertical).border_title).endswith("(sent)")
