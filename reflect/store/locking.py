"""A cross-process lock on a collection's folder itself, never on a file inside it.

The data files are replaced by rename, which swaps their inode, so a lock taken on a data file
would be on a file that is no longer there. A sidecar lock file has the same weakness in another
form: sync tools and cleaners delete or replace stray files such as `.lock`, and a writer that
opens the new file locks a different inode than a writer still holding the old one, so both write
at once and one loses the other's records. The folder cannot be swapped under a writer while it
holds the data files, so `flock` on the folder's own descriptor serializes every
read-modify-write of the collection. After the lock is taken the folder's identity is checked
again (device, inode): if the folder was replaced meanwhile, the lock is dropped and taken anew.

Nothing is created, opened for writing or chmodded by the lock: a `.lock` file left by an older
version, or planted as a symlink to a file elsewhere, is never touched. The folder is opened with
O_NOFOLLOW, so a symlinked collection folder is refused rather than followed out of the data
folder. Where `fcntl` is missing (Windows) the `filelock` package locks `<folder>/.lock`.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from typing import Any

from reflect.core.errors import LockTimeout, StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".lock"
"""The sidecar file used only where folders cannot be locked (Windows), and by older versions."""
DEFAULT_TIMEOUT = 10.0
ENV_TIMEOUT = "REFLECT_LOCK_TIMEOUT"
"""Environment variable that overrides the lock timeout, in seconds."""

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def lock_timeout() -> float:
    """Seconds to wait for another process's lock: $REFLECT_LOCK_TIMEOUT, else 10."""
    text = os.environ.get(ENV_TIMEOUT, "")
    try:
        value = float(text)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value >= 0 and value == value else DEFAULT_TIMEOUT


class FolderLock:
    """An exclusive, non-reentrant lock on one folder, shared by every process.

    `acquire` raises LockTimeout (one line, nothing lost) when another process holds the lock
    longer than the timeout, StoreError when the folder is a symbolic link, and OSError when the
    folder cannot be opened.
    """

    def __init__(self, folder: Path, what: str) -> None:
        self.folder = folder
        self.what = what
        self._fd: int | None = None
        self._fallback: Any = None  # a filelock.FileLock where flock is missing

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None or self._fallback is not None

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting at most `timeout` seconds."""
        if fcntl is None:  # pragma: no cover - Windows
            self._acquire_fallback(timeout)
            return
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            fd = self._open()
            try:
                if self._try_lock(fd):
                    if self._same_folder(fd):
                        self._fd = fd
                        return
                    fcntl.flock(fd, fcntl.LOCK_UN)  # the folder was swapped: lock the new one
                    delay = 0.001
                else:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise self._timeout()
                    time.sleep(min(delay, remaining))
                    delay = min(delay * 2, 0.05)
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)

    def _open(self) -> int:
        try:
            return os.open(self.folder, _DIR_FLAGS)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR) and self.folder.is_symlink():
                raise StoreError(
                    f"{self.what} is a symbolic link, which reflect does not follow; "
                    "this change was not saved; nothing already saved was lost"
                ) from None
            raise

    @staticmethod
    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _same_folder(self, fd: int) -> bool:
        try:
            now = os.stat(self.folder, follow_symlinks=False)
        except OSError:
            return False
        held = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def _acquire_fallback(self, timeout: float) -> None:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.folder / LOCK_NAME), mode=0o600)
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise self._timeout() from None
        self._fallback = lock

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
