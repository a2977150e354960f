"""The rehearsal screen's listening steps: attach what was heard to a run, keep or delete its recording."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.core.dates import short_date
from reflect.core.models import Rehearsal
from reflect.widgets.story.listen_panel import ListenPanel

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp


async def with_speech(app: ReflectApp, panel: ListenPanel, record: Rehearsal) -> Rehearsal:
    """The run's record with what listening heard and, when the user asked to keep it, its recording."""
    report = await panel.end()
    if report is None:
        return record
    record = record.model_copy(update={"speech": report.to_json()})
    if panel.keep and panel.session is not None and panel.session.audio:
        from reflect.services.listening import keep_recording

        try:
            await app.io(keep_recording, app.store.root, record.id, panel.session.audio)
        except OSError as exc:
            app.notify(f"The recording could not be kept: {exc.strerror or exc}", severity="error", markup=False)
            return record
        record = record.model_copy(update={"recording": record.id})
    if panel.session is not None:
        panel.session.audio = []
    return record


async def delete_last_recording(app: ReflectApp, runs: list[Rehearsal]) -> Rehearsal | None:
    """Delete the newest kept recording among `runs` (file and link); the updated run, or None when none was kept."""
    from reflect.services.listening import delete_recording

    kept = sorted((r for r in runs if r.recording and not r.deleted), key=lambda r: r.started_at)
    if not kept:
        app.notify("No kept recording to delete", markup=False, timeout=3)
        return None
    run = kept[-1]
    try:
        await app.io(delete_recording, app.store.root, run.recording)
    except OSError as exc:
        app.notify(f"The recording could not be deleted: {exc.strerror or exc}", severity="error", markup=False)
        return None
    saved = await app.save(run.model_copy(update={"recording": None}))
    app.notify(f"Deleted the recording of the {short_date(run.started_at, app.today(), time=True)} run", markup=False, timeout=3)
    return saved
