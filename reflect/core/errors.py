"""Errors the domain and the store raise, each with a one-line message for the user."""

from __future__ import annotations


class ReflectError(Exception):
    """Base of every error that is shown to the user as one line, never a traceback."""

    exit_code: int = 1
    """The CLI exit code for this error."""


class BadInput(ReflectError):
    """The user gave a value that is not allowed; the message names the field and what is allowed."""

    exit_code = 2


class StoreError(ReflectError):
    """The store could not do what was asked; nothing already saved was lost."""

    exit_code = 1


class DiskFull(StoreError):
    """The disk (or a size limit) is full."""


class ReadOnly(StoreError):
    """The data folder cannot be written."""


class LockTimeout(StoreError):
    """Another process held the data folder's lock for too long."""


class CorruptData(StoreError):
    """A data file could not be parsed."""


class Unreadable(StoreError):
    """A data file exists but cannot be read (not a regular file, a link, too large, no permission).

    `path` names it; the rest of the journal is still read, and nothing is written over it.
    """

    def __init__(self, message: str, path: object = None) -> None:
        super().__init__(message)
        self.path = path
