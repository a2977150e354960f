"""Layouts that fit: the check-in dialog at 60x20, charts that use the width and read without colour."""

from __future__ import annotations

from reflect.widgets.insight_views import render_heatmap, render_hours, render_pixels


async def test_checkin_dialog_shows_time_save_and_cancel_at_60x20(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        for wid in ("#time", "#save", "#cancel", "#tags", "#note"):
            region = screen.query_one(wid).region
            assert region.height >= 1 and region.y + region.height <= 19, (wid, region)  # above the footer row


def _insights() -> dict:
    days = [{"date": f"2026-{m:02d}-{d:02d}", "mood": (d % 9) + 1} for m in range(1, 13) for d in range(1, 29)]
    cell = {"energy": 6.4, "n": 3}
    return {
        "peak_energy_hours": [10],
        "energy_by_hour": [{"hour": h, "energy": 3 + h % 5, "n": 3} for h in range(24)],
        "heatmap": [[cell if 8 <= h <= 20 else {"energy": None, "n": 0} for h in range(24)] for _ in range(7)],
        "year_in_pixels": {"year": 2026, "days": days},
    }


def test_charts_use_the_width_and_fit_narrow_panels() -> None:
    ins = _insights()
    def chart_width(text) -> int:  # the chart rows (words above and below wrap like any text)
        return max(len(line.rstrip()) for line in text.plain.splitlines() if line[:5].strip() in ("", "Mon", "2026"))

    for render in (render_hours, render_heatmap, render_pixels):
        narrow, wide = chart_width(render(ins, 52)), chart_width(render(ins, 150))
        assert narrow <= 52 < 100 < wide <= 150, (render.__name__, narrow, wide)


def test_heatmap_and_year_in_pixels_read_without_colour() -> None:
    ins = _insights()
    heat = render_heatmap(ins, 80).plain
    assert "▓" in heat and "░ low" in heat  # the shade itself says the level
    pixels = render_pixels(ins, 150).plain.splitlines()
    assert pixels[1].startswith("Mon") and sum(ch.isdigit() for ch in pixels[1]) > 40  # a digit a day
    assert "(1 low to 9 high)" in render_pixels(ins, 150).plain


def test_year_in_pixels_in_a_narrow_window_shows_the_weeks_up_to_today_and_no_future_days() -> None:
    """In October, a narrow Insights panel showed the year's last weeks: weeks still to come, their
    days marked as days without a check-in."""
    from datetime import date, timedelta

    year = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    ins = {**_insights(), "today": "2026-10-20",  # a Tuesday
           "year_in_pixels": {"year": 2026, "days": [{"date": d.isoformat(), "mood": d.day % 9 + 1} for d in year]}}
    narrow = render_pixels(ins, 40).plain.splitlines()
    assert "Oct" in narrow[0] or "O" in narrow[0].split()[-1], narrow[0]
    assert "D" not in narrow[0][5:], narrow[0]
    assert "the 35 weeks up to this one" in narrow[-1], narrow[-1]
    # the last column is this week: Monday 19 and Tuesday 20 October have their moods, the rest is to come
    assert [row[-1] for row in narrow[1:8]] == [str(19 % 9 + 1), str(20 % 9 + 1), " ", " ", " ", " ", " "], narrow
    wide = render_pixels(ins, 150).plain.splitlines()
    assert "D" in wide[0][5:]  # the whole year when it fits
    assert sum(ch.isdigit() for row in wide[1:8] for ch in row) == date(2026, 10, 20).timetuple().tm_yday  # none after today
