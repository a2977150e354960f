"""The one error path for workers: a worker that fails is told to the user and written to the log.

Workers run with `exit_on_error=False` (a failed load must not close the journal), which in
Textual means nobody hears of the exception. `ReportingWorkers` replaces the app's worker manager:
when any worker (app, screen or widget) ends in the ERROR state, the user gets a one-line notice
and the `reflect` logger gets the exception type and traceback. The exception's message goes to
the notice only when it is one of ours (`ReflectError`, written for the user); other messages can
carry journal text, so neither the notice nor the log repeats them.

A screen that shows a placeholder while it loads (Insights' "Computing…") also handles
`Worker.StateChanged` itself to replace the placeholder.

Relies on `WorkerManager._remove_worker`, the done-callback Textual 8.2.8 calls for every worker;
`tests/ui/test_worker_errors.py` fails if a Textual upgrade stops calling it.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkerState
from textual.worker_manager import WorkerManager

from reflect.core.errors import ReflectError

if TYPE_CHECKING:
    from textual.app import App

log = logging.getLogger("reflect")
log.addHandler(logging.NullHandler())  # nothing on stderr under the TUI unless logging is set up


def describe(worker: Worker[Any]) -> str:
    """A short name for what the worker was doing ("load", "open store", …)."""
    return (worker.name or worker.group or "a background task").replace("_", " ")


def failure_line(worker: Worker[Any], error: BaseException) -> str:
    """The one line the user sees for a failed worker."""
    if isinstance(error, ReflectError):
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    return (f"{describe(worker).capitalize()} failed ({type(error).__name__}); "
            "nothing saved was lost. Details are in the log.")


def report(app: App[Any], worker: Worker[Any]) -> None:
    """Tell the user and the log that `worker` failed."""
    error = worker.error
    if error is None:
        return
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("worker %r (group %r) failed: %s\n%s", worker.name, worker.group, type(error).__name__, frames)
    app.notify(failure_line(worker, error), title="Something went wrong", severity="error", markup=False, timeout=15)


class ReportingWorkers(WorkerManager):
    """Textual's worker manager, plus: every worker that fails is reported (see `report`)."""

    def _remove_worker(self, worker: Worker[Any]) -> None:
        super()._remove_worker(worker)
        if worker.state == WorkerState.ERROR and not worker.exit_on_error:
            report(self._app, worker)
