"""One C heap for all the app's threads, so memory one thread frees is used again by the next.

The app reads the journal in threads (`ReflectApp.io`), and Textual's driver runs two more. The GNU
C library gives each new thread a heap of its own ("arena"), up to eight per core, and what a thread
frees stays in its heap: a read that lands on another thread of the pool grows the process again.
Insights over ten years run on whichever thread is free, so each showing of Insights left a few MB
in another heap. With one heap, asked for before any thread starts, the peak of a session over ten
years that opens every area is about 10 MB lower (121.7 -> 112.2 MB, `bench_tui_memory.py`; with
two heaps 117.7 MB). Python threads hold the interpreter lock while they allocate, so sharing the
heap costs no speed worth measuring.

Only the GNU C library on Linux is told (`mallopt(M_ARENA_MAX)`); elsewhere, or when the user set
MALLOC_ARENA_MAX themselves, nothing changes. It only changes where memory comes from, never what
the app computes.
"""

from __future__ import annotations

import os
import sys

M_ARENA_MAX = -8
"""glibc's `mallopt` parameter for the most arenas (malloc.h)."""

ARENAS = 1
"""The main thread's heap, shared by every thread started after the call."""

_done = False


def limit(arenas: int = ARENAS) -> bool:
    """Ask glibc for at most `arenas` heaps from now on (threads that have one keep it).

    Returns whether it was asked; only the first call does anything. Blocking (imports ctypes):
    call it off the event loop, before the threads it should cover start allocating.
    """
    global _done
    if _done:
        return False
    _done = True
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, ImportError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(M_ARENA_MAX, arenas) == 1
