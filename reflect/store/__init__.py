"""Persistence on TinyDB, crash-safe and locked. Never imports Textual."""

from reflect.store.repository import Store

__all__ = ["Store"]
