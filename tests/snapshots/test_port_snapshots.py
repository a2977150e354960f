"""Snapshot of the import dialog after a preview that needed a Daylio label mapping (80x24)."""

from __future__ import annotations

CSV = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2026-03-14,March 14,Saturday,10:00 pm,good,work | reading ,,fine day\n"
    "2026-03-14,March 14,Saturday,10:00 pm,good,work | reading ,,fine day\n"
    "2026-03-13,March 13,Friday,8:00 am,[b]superb[/b],,,note\n"
)


def test_import_dialog_preview(snap_compare, make_test_app, tmp_path, monkeypatch) -> None:
    (tmp_path / "daylio.csv").write_text(CSV, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_test_app()

    async def run_before(pilot) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.action_import()
        await pilot.pause()
        await pilot.press(*"daylio.csv", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("8", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
