"""The app's threads share one C heap (glibc): memory freed by one read is used again by the next."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reflect import malloc_arenas

glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
    reason="the arena limit is a GNU C library setting",
)

THREADS = """
import ctypes, sys, threading
from reflect import malloc_arenas
if sys.argv[1] == "limit":
    assert malloc_arenas.limit()
def work():
    blocks = [bytes(4096) for _ in range(64)]  # through malloc, not Python's small-object allocator
    held.wait()
held = threading.Event()
threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads:
    t.start()
held.set()
for t in threads:
    t.join()
sys.stderr.flush()
ctypes.CDLL(None).malloc_stats()  # one "Arena N:" block per heap, on stderr
"""


def _heaps(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    out = subprocess.run([sys.executable, "-c", THREADS, mode], capture_output=True, text=True, check=True, env=env)
    return out.stderr.count("Arena ")


@glibc
def test_threads_started_after_the_limit_share_the_main_heap() -> None:
    assert _heaps("free") > 1  # the check can fail: without the limit each thread gets its own
    assert _heaps("limit") == 1


def test_only_the_first_call_asks(monkeypatch) -> None:
    monkeypatch.setattr(malloc_arenas, "_done", True)
    assert malloc_arenas.limit() is False


def test_a_users_own_setting_is_left_alone(monkeypatch) -> None:
    monkeypatch.setattr(malloc_arenas, "_done", False)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert malloc_arenas.limit() is False


def test_the_app_asks_before_textual_starts_a_thread(make_test_app, monkeypatch) -> None:
    import threading

    asked: list[int] = []
    monkeypatch.setattr(malloc_arenas, "limit", lambda: asked.append(threading.active_count()))
    make_test_app()
    assert asked == [threading.active_count()]
