"""The story builder's secondary actions: delete a variant, versions, rehearse, uses, export.

A mixin of StoryScreen (it uses the screen's story, drafts, item and store_story).
"""

from __future__ import annotations

from reflect.core.models import Variant, VariantVersion
from reflect.core.story import story as sc
from reflect.core.story.cut import suggest_cut
from reflect.core.errors import ReflectError
from reflect.services.evidence import anonymous_ids, quotable_ids
from reflect.services.story_export import write_export
from reflect.screens.dialog import ConfirmDialog
from reflect.screens.story.dialogs import ExportChoice, ExportDialog, NewVariantDialog, VariantChoice
from reflect.widgets.story.items import ItemList


class StoryActions:
    """Actions of the story screen that open other screens and dialogs (mixed into StoryScreen)."""

    def action_new_variant(self) -> None:
        """Cut a new variant from the master story."""
        if sc.MASTER in self.drafts:
            self.notify("Save the master story first (ctrl+s): a variant starts from the saved master.", markup=False, timeout=5)
            return
        self.app.push_screen(NewVariantDialog(), self._create_variant)

    async def _create_variant(self, choice: VariantChoice | None) -> None:
        if choice is None or self.story is None:
            return
        now = self.reflect.clock.now()
        story = self.story
        if not story.versions:
            story = sc.save_version(story, now, dict(story.steps), story.master, "First version")
        base = sc.latest_version(story)
        master = story.master
        text = suggest_cut(story.steps, master, choice.length, choice.audience, self.wpm)
        why = f"Suggested cut of master version {base}"
        ver = VariantVersion(n=1, saved_at=now, why=why, text=text, from_version=base)
        variant = Variant(length=choice.length, audience=choice.audience, text=text, from_version=base, updated_at=now, versions=[ver])  # type: ignore[arg-type]
        saved = await self.store_story(story.model_copy(update={"variants": [*story.variants, variant]}))
        if saved is not None:
            self.story = saved
            self.item = f"v:{variant.id}"
            self.rebuild_items()
            self.show_item(self.item)

    def on_item_list_remove_requested(self, message: ItemList.RemoveRequested) -> None:
        """Confirm, then delete a variant (its versions go with it; rehearsals are kept)."""
        v = self.variant(message.item)
        if v is None:
            self.notify("Only variants can be deleted; steps and the master keep their versions.", markup=False, timeout=4)
            return
        question = f"Delete the variant {sc.variant_label(v)} and its {len(v.versions)} version(s)? Rehearsals of it are kept."
        self._removing = v.id
        self.app.push_screen(ConfirmDialog(question), self._remove)

    async def _remove(self, ok: bool | None) -> None:
        variant_id = self._removing
        if not ok or self.story is None:
            return
        story = self.story.model_copy(update={"variants": [v for v in self.story.variants if v.id != variant_id]})
        saved = await self.store_story(story)
        if saved is not None:
            self.story = saved
            self.drafts.pop(f"v:{variant_id}", None)
            self.item = sc.MASTER
            self.rebuild_items()
            self.show_item(self.item)

    def action_versions(self) -> None:
        """Compare and restore versions of the item in the editor."""
        from reflect.screens.story.versions import VersionItem, VersionsScreen

        if self.story is None:
            return
        v = self.variant()
        if v:
            items = [VersionItem(x.n, f"{x.saved_at:%Y-%m-%d %H:%M}", x.why, x.text) for x in v.versions]
        else:
            items = [VersionItem(x.n, f"{x.saved_at:%Y-%m-%d %H:%M}", x.why, sc.version_text(x)) for x in self.story.versions]
        self.app.push_screen(VersionsScreen(self._title(self.item), items), self._restore)

    async def _restore(self, n: int | None) -> None:
        if n is None or self.story is None:
            return
        now = self.reflect.clock.now()
        v = self.variant()
        story = sc.restore_variant(self.story, v.id, n, now) if v else sc.restore_version(self.story, n, now)
        saved = await self.store_story(story)
        if saved is not None:
            self.story = saved
            if v:
                self.drafts.pop(self.item, None)
            else:
                self.drafts = {k: t for k, t in self.drafts.items() if k.startswith("v:")}
            self.notify(f"Restored version {n} (saved as a new version)", markup=False, timeout=3)
            self.rebuild_items()
            self.show_item(self.item)

    def action_rehearse(self) -> None:
        """Rehearse the variant (or the master story) in the editor, as saved."""
        from reflect.screens.story.rehearse import RehearseScreen

        if self.story is None:
            return
        v = self.variant()
        if v is None and self.item != sc.MASTER:
            self.notify("Pick a variant or the master story to rehearse.", markup=False, timeout=4)
            return
        if self.item in self.drafts:
            self.notify("Save first (ctrl+s): a rehearsal uses the saved text.", markup=False, timeout=4)
            return
        self.app.push_screen(RehearseScreen(self.story, v, self.wpm, self.reflect.clock))

    def action_uses(self) -> None:
        """The log of real uses of the pitch."""
        from reflect.screens.story.pitch_uses import PitchUsesScreen

        labels = {v.id: sc.variant_label(v) for v in (self.story.variants if self.story else [])}
        v = self.variant()
        self.app.push_screen(PitchUsesScreen(self.story.id if self.story else None, labels, v.id if v else None))

    def action_export(self) -> None:
        """Write the variant (or master) as a Markdown script or plain text."""
        v = self.variant()
        stem = f"pitch-{v.length}-{v.audience}" if v else "value-story"
        self.app.push_screen(ExportDialog(stem), self._export)

    async def _export(self, choice: ExportChoice | None) -> None:
        if choice is None or self.story is None:
            return
        try:
            quotable = await self.reflect.io(quotable_ids, self.reflect.store)
            anonymous = await self.reflect.io(anonymous_ids, self.reflect.store)
            withheld = await self.reflect.io(write_export, self.story, self.variant(), choice.fmt, choice.path, quotable,
                                             self.wpm, anonymous)
        except (ReflectError, OSError) as exc:
            self.notify(str(exc), title="Not exported", severity="error", markup=False, timeout=8)
            return
        note = (f" ({withheld} quote(s) left out: their authors have not said yes; ask them first, then mark the"
                " reply quotable with u on People)") if withheld else ""
        self.notify(f"Exported to {choice.path}{note}", markup=False, timeout=6)
