"""Keys that act on what was typed before them.

Textual hands each key to the focused widget's own queue, but a priority binding (ctrl+s in a
dialog, ctrl+q) runs as soon as the app reads its key, possibly before the field has taken the keys
typed just before it (a burst from a fast typist, a text expander or a paste without bracketed
paste). A save or quit action first waits here until the field, and every widget its messages
bubble through up to the screen, has handled all of that.
"""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen


async def settled(pump: MessagePump) -> None:
    """Wait until `pump` has handled every message (keys) queued for it before this call.

    Called from `pump`'s own handler (Enter's Submitted, say) there is nothing to wait for: what
    came before that message is handled already, and waiting would never end.
    """
    if pump._task is None or asyncio.current_task() is pump.task:
        return
    done = asyncio.get_running_loop().create_future()
    if not pump.call_later(done.set_result, None):
        return  # closing: nothing more will be handled
    await done


async def keys_taken(app: App) -> None:
    """Wait until the focused widget has taken every key typed so far, and its screen has handled
    what those keys changed (a field's Changed message, which keeps a draft)."""
    node: MessagePump | None = app.focused or app.screen
    while node is not None and not isinstance(node, App):
        await settled(node)
        node = None if isinstance(node, Screen) else node.parent


def origin_screen(event: events.Key) -> Screen | None:
    """The screen that was on top when the app first read this key (see `follow_new_screen`)."""
    return getattr(event, "_reflect_origin", None)


def follow_new_screen(app: App, event: events.Key) -> bool:
    """Send a key to the screen now on top when another screen was on top as the app read it.

    A key without a priority binding goes to the focused widget first and comes back to the app's
    own bindings only as it bubbles up. `m` opens the check-in that way, so the digits typed right
    after it (a fast typist, a text expander: `m58` Enter) had already gone to the area underneath,
    and came back to the app with nothing left to take them. Called by the app for every key: the
    first time it marks the key with the screen on top; when the key comes back after a binding
    opened or closed a screen, it hands the key to the new screen's focused widget (or the screen)
    and returns True (the key is then the new screen's, not the app's).
    """
    if not event.is_forwarded:
        event._reflect_origin = app.screen  # type: ignore[attr-defined]
        return False
    origin = origin_screen(event)
    if origin is None or origin is app.screen:
        return False
    again = events.Key(event.key, event.character)
    again._reflect_origin = app.screen  # type: ignore[attr-defined]
    event.stop()
    event.prevent_default()
    (app.focused or app.screen)._forward_event(again)
    return True
