"""Persistence on TinyDB, crash-safe and locked. Never imports Textual.

`Store` is imported on first use, so a reader of one module here (the insights helper process
reads month files with `month_docs` and `storage` alone) does not pay for the whole store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect.store.repository import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from reflect.store.repository import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
