"""A cross-process lock on a sidecar file (`<folder>/.lock`), never on the data file itself.

The data files are replaced by rename, which swaps their inode; a lock taken on a data file would
be taken on a file that is no longer there. The sidecar file is never replaced, so `flock` on it
serializes every read-modify-write of the folder across processes. `flock` locks belong to the
open file description, so closing some other descriptor of the file does not drop the lock (as it
would with POSIX record locks). Where `fcntl` is missing (Windows) the `filelock` package is used.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from reflect.core.errors import LockTimeout
from reflect.store.storage import FILE_MODE

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".lock"
DEFAULT_TIMEOUT = 10.0
ENV_TIMEOUT = "REFLECT_LOCK_TIMEOUT"
"""Environment variable that overrides the lock timeout, in seconds."""


def lock_timeout() -> float:
    """Seconds to wait for another process's lock: $REFLECT_LOCK_TIMEOUT, else 10."""
    text = os.environ.get(ENV_TIMEOUT, "")
    try:
        value = float(text)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value >= 0 and value == value else DEFAULT_TIMEOUT


class SidecarLock:
    """An exclusive, non-reentrant lock on one sidecar file, shared by every process.

    `acquire` raises LockTimeout (one line, nothing lost) when another process holds the lock
    longer than the timeout, and OSError when the lock file cannot be opened or created.
    """

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self._fd: int | None = None
        self._fallback = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None or self._fallback is not None

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting at most `timeout` seconds."""
        if fcntl is None:  # pragma: no cover - Windows
            from filelock import FileLock, Timeout

            lock = FileLock(str(self.path), mode=FILE_MODE)
            try:
                lock.acquire(timeout=timeout)
            except Timeout:
                raise self._timeout() from None
            self._fallback = lock
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        try:
            try:
                if os.fstat(fd).st_mode & 0o777 != FILE_MODE:
                    os.fchmod(fd, FILE_MODE)
            except OSError:
                pass  # not ours to change; doctor reports the mode
            deadline = time.monotonic() + timeout
            delay = 0.001
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    pass
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timeout()
                time.sleep(min(delay, remaining))
                delay = min(delay * 2, 0.05)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Give the lock up (closing the descriptor releases the flock)."""
        if self._fallback is not None:  # pragma: no cover - Windows
            self._fallback.release()
            self._fallback = None
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def _timeout(self) -> LockTimeout:
        return LockTimeout(
            f"{self.what} is locked by another reflect process (waited too long); "
            "this change was not saved; nothing already saved was lost"
        )
