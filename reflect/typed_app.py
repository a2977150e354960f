"""The one typed way for screens and widgets to reach the running app.

Textual's own `textual.getters.app` descriptor gives `self.app` as a subclass type. Screens and
widgets must not import `reflect.app` (only the composition root in `reflect.cli` does, so there
is no import circle), so the concrete type is named for the type checker alone; at run time the
descriptor checks for any Textual `App`.

    class MyScreen(Screen):
        reflect = reflect_app      # self.reflect: ReflectApp

and for annotations: `if TYPE_CHECKING: from reflect.typed_app import ReflectApp`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.app import App

if TYPE_CHECKING:
    from reflect.app import ReflectApp

    reflect_app = getters.app(ReflectApp)
else:
    reflect_app = getters.app(App)

__all__ = ["ReflectApp", "reflect_app"]
