"""Import, export and sync from the TUI: two dialogs and the merge of sync-conflict copies.

The import dialog takes a path and a format, shows the dry run (every row added or skipped, and
why), asks a level for each Daylio mood label it does not know, and imports in a worker. The export
dialog writes JSON, CSV (a folder or a .zip) or Markdown. All file work runs off the event loop.
Text from the files is shown as plain `Text`, never as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from reflect.core.errors import BadInput, ReflectError
from reflect.typed_app import reflect_app
from reflect.screens.dialog import Dialog
from reflect.core.prose import counted

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp
    from reflect.portability.transfer import ImportPlan

PREVIEW_ROWS = 300
"""At most this many row lines are shown in the preview (the summary counts them all)."""

IMPORT_FORMATS = [
    ("Detect from content", "auto"),
    ("reflect JSON export", "reflect"),
    ("Daylio CSV", "daylio"),
    ("jrnl (JSON or text)", "jrnl"),
]
EXPORT_FORMATS = [("JSON (everything)", "json"), ("CSV (zip or folder)", "csv"), ("Markdown journal", "md")]
EXPORT_SUFFIX = {"json": ".json", "csv": ".zip", "md": ".md"}


async def merge_sync_conflicts(app: ReflectApp, *, quiet: bool) -> None:
    """Merge sync-conflict copies off the loop; tell the user what was merged (always, unless quiet)."""
    from reflect.portability.sync import merge_conflicts

    from reflect.services.record_conflicts import count

    try:
        report = await app.io(merge_conflicts, app.store)
        conflicts = await app.io(count, app.store) if report.merged else 0
    except ReflectError as exc:
        app.notify(str(exc), title="Sync copies not merged", severity="error", markup=False, timeout=15)
        return
    if report.changed or (report.ignored and not quiet):
        more = [f"{counted(conflicts, 'record')} edited on both sides: Conflicts (ctrl+p) shows both copies."] if conflicts else []
        app.notify(
            "\n".join([*report.short_lines(), *more]), title="Merged copies from your sync tool",
            severity="warning" if report.damaged else "information", markup=False, timeout=15,
        )
    elif not quiet:
        app.notify("No conflict copies were waiting.", title="Sync", markup=False)
    for collection in sorted({m.shard.split("/")[0] for m in report.merged}):
        app.data_changed.publish(collection)


def _preview(app: ReflectApp, path: str, fmt: str, mapping: dict[str, int]) -> ImportPlan:
    """In a thread: read the file and plan the import (the dry run)."""
    from reflect.portability.transfer import plan_file, read_text_file, remembered_moods

    path = pasted_path(path)
    if not path:
        raise BadInput("give the path of the file to import")
    return plan_file(app.store, read_text_file(path), fmt, {**remembered_moods(app.store), **mapping})


def pasted_path(text: str) -> str:
    """A path as typed or pasted (a file dropped on a terminal comes quoted or with escaped spaces)."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text.replace("\\ ", " ")


def _write(app: ReflectApp, previewed: ImportPlan, mapping: dict[str, int]) -> ImportPlan:
    """In a thread: import the rows that were previewed (checked again against the store as it is
    now) and remember the levels given to Daylio mood labels."""
    from reflect.portability.transfer import apply_plan, remember_moods

    plan = previewed.recheck(app.store) if previewed.recheck else previewed
    apply_plan(app.store, plan)
    if plan.format == "daylio" and mapping:
        remember_moods(app.store, mapping)
    return plan


class TransferDialog(Dialog[None]):
    """The frame both dialogs share (Escape leaves the path box first, then closes)."""

    DEFAULT_CSS = """
    TransferDialog { align: center middle; }
    TransferDialog > Vertical {
        width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    TransferDialog .title { text-style: bold; margin-bottom: 1; }
    TransferDialog Horizontal { height: auto; }
    TransferDialog .path { width: 1fr; }
    TransferDialog Select { width: 28; }
    TransferDialog .buttons { margin-top: 1; }
    TransferDialog .buttons Button { margin-right: 1; }
    TransferDialog .status { height: auto; }
    TransferDialog .error { color: $error; }
    """

    reflect = reflect_app
    """The app, typed."""

    def _show(self, target: Static, text: Text | str, error: bool = False) -> None:
        target.update(Text(text) if isinstance(text, str) else text)
        target.set_class(error, "error")


class ImportScreen(TransferDialog):
    """Path, format, preview of the dry run, mapping of unknown Daylio labels, import."""

    DEFAULT_CSS = """
    ImportScreen > Vertical { height: 30; }
    ImportScreen #preview { height: 1fr; min-height: 3; border: round $primary 40%; }
    ImportScreen .map-row { height: 3; }
    ImportScreen .map-row Label { width: 30; padding: 1 1 0 0; }
    ImportScreen .map-row Input { width: 12; }
    """

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self._path = Input(path, placeholder="Path of a reflect, Daylio (CSV) or jrnl (JSON) export", classes="path")
        self._format: Select[str] = Select(IMPORT_FORMATS, allow_blank=False, value="auto")
        self._mapping = Vertical(classes="status")
        self._map_inputs: dict[str, Input] = {}
        self._status = Static("", classes="status")
        self._rows = Static("")
        self._import = Button("Import", variant="primary", disabled=True, id="do-import")
        self.plan: ImportPlan | None = None
        """The last preview's plan (None until a preview succeeded)."""

    def compose(self) -> ComposeResult:
        """The form, the preview and the buttons."""
        with Vertical():
            yield Static("Import from another app or a reflect export", classes="title")
            with Horizontal():
                yield self._path
                yield self._format
            yield self._mapping
            yield self._status
            with VerticalScroll(id="preview"):
                yield self._rows
            with Horizontal(classes="buttons"):
                yield Button("Preview", id="preview-btn")
                yield self._import
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """Focus the path."""
        self._show(self._status, "Give a path, then Preview (Enter) to see what would be added.")
        self._path.focus()

    def mapping(self) -> dict[str, int]:
        """The levels given so far for mood labels the defaults do not know (blank ones left out)."""
        return {
            label: int(field.value)
            for label, field in self._map_inputs.items()
            if field.value.strip().isdigit() and 1 <= int(field.value) <= 9
        }

    @on(Input.Changed)
    @on(Select.Changed)
    def _invalidate(self) -> None:
        self.plan = None
        self._import.disabled = True

    @on(Input.Submitted)
    @on(Button.Pressed, "#preview-btn")
    def _preview_pressed(self) -> None:
        self.preview()

    @on(Button.Pressed, "#do-import")
    def _import_pressed(self) -> None:
        if self.plan is not None:
            self.run_import()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    async def _ask_labels(self, labels: list[str]) -> None:
        for label in labels:
            if label in self._map_inputs:
                continue
            field = Input(placeholder="1-9", restrict=r"[1-9]?", max_length=1)
            self._map_inputs[label] = field
            row = Horizontal(Label(Text(f"Mood \"{label}\" is level", overflow="ellipsis", no_wrap=True)), field,
                             classes="map-row")
            await self._mapping.mount(row)
        blank = [label for label in labels if not self._map_inputs[label].value]
        self._map_inputs[(blank or labels)[0]].focus()

    @work(exclusive=True, group="import", exit_on_error=False)
    async def preview(self) -> None:
        """Dry-run the import in a thread and show every row's fate."""
        self.plan = None
        self._import.disabled = True
        mapping = self.mapping()
        self._show(self._status, "Reading the file…")
        try:
            plan = await self.reflect.io(_preview, self.reflect, self._path.value, str(self._format.value), mapping)
        except BadInput as exc:
            labels = getattr(exc, "labels", None)
            if labels:
                await self._ask_labels(labels)
                self._show(
                    self._status,
                    "Give each mood label a level from 1 to 9 (rad 9, good 7, meh 5, bad 3, awful 1), then Preview.",
                    True,
                )
            else:
                self._show(self._status, str(exc), True)
            self._rows.update("")
            return
        except ReflectError as exc:
            self._show(self._status, str(exc), True)
            return
        except Exception as exc:  # noqa: BLE001 - one line to the user, never a crash
            self._show(self._status, f"could not read the file ({type(exc).__name__}); nothing was imported", True)
            return
        self.plan = plan
        lines = plan.lines()
        shown = "\n".join(lines[:PREVIEW_ROWS])
        if len(lines) > PREVIEW_ROWS:
            shown += f"\n… and {len(lines) - PREVIEW_ROWS} more rows"
        self._rows.update(Text(shown or "The file holds nothing to import."))
        then = " Press Import to write them." if plan.to_write else " Nothing new to import."
        self._show(self._status, f"{plan.format}: {plan.summary()}.{then}")
        self._import.disabled = not plan.to_write

    @work(exclusive=True, group="import", exit_on_error=False)
    async def run_import(self) -> None:
        """Import what the preview showed, in a thread (checked again against the store), then close."""
        previewed = self.plan
        if previewed is None:
            return
        self._import.disabled = True
        self._show(self._status, "Importing…")
        try:
            plan = await self.reflect.io(_write, self.reflect, previewed, self.mapping())
        except ReflectError as exc:
            self._show(self._status, f"Nothing was imported: {exc}", True)
            return
        except Exception as exc:  # noqa: BLE001 - put_many undid any partial write
            self._show(self._status, f"Nothing was imported: unexpected {type(exc).__name__}", True)
            return
        for collection in sorted(plan.collections()):
            self.reflect.data_changed.publish(collection)
        self.reflect.notify(f"Imported ({plan.format}): {plan.summary()}.", title="Import", markup=False)
        self.dismiss(None)


class ExportScreen(TransferDialog):
    """Format and path, then the export written in a thread."""

    def __init__(self) -> None:
        super().__init__()
        self._format: Select[str] = Select(EXPORT_FORMATS, allow_blank=False, value="json")
        self._path = Input("", classes="path")
        self._status = Static("", classes="status")

    def compose(self) -> ComposeResult:
        """The form and the buttons."""
        with Vertical():
            yield Static("Export the journal", classes="title")
            with Horizontal():
                yield self._path
                yield self._format
            yield self._status
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="do-export")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """A dated file in the home folder by default."""
        today = self.reflect.clock.now().date().isoformat()
        self._path.value = str(Path.home() / f"reflect-export-{today}.json")
        self._show(self._status, "JSON keeps everything (and imports back); CSV and Markdown are for reading.")
        self._path.focus()

    @on(Select.Changed)
    def _format_changed(self, event: Select.Changed) -> None:
        path = Path(self._path.value)
        if path.suffix.lower() in EXPORT_SUFFIX.values() or not path.suffix:
            self._path.value = str(path.with_suffix(EXPORT_SUFFIX[str(event.value)]))

    @on(Input.Submitted)
    @on(Button.Pressed, "#do-export")
    def _export_pressed(self) -> None:
        self.export()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @work(exclusive=True, group="export", exit_on_error=False)
    async def export(self) -> None:
        """Write the export off the loop; tell where it went, or why not."""
        from reflect.portability.exporters import write_export

        text = self._path.value.strip()
        if not text:
            self._show(self._status, "Give a file (or, for CSV, a folder) to write.", True)
            return
        self._show(self._status, "Writing…")
        try:
            where: Any = await self.reflect.io(
                write_export, self.reflect.store, str(self._format.value), Path(text).expanduser()
            )
        except ReflectError as exc:
            self._show(self._status, str(exc).removeprefix("--output: "), True)
            return
        except Exception as exc:  # noqa: BLE001 - one line to the user, never a crash
            self._show(self._status, f"Not exported: unexpected {type(exc).__name__}", True)
            return
        self.reflect.notify(f"Exported to {where}.", title="Export", markup=False)
        self.dismiss(None)
