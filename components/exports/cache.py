"""Files already made, kept for the next viewer who asks for the same one.

A 100-step deck costs about 5 s of CPU as PowerPoint and 3 s as the steps' ZIP (measured
2026-12-04): a room of viewers pressing Download on the deck being presented, or one viewer
pressing it ten times, would otherwise make the same file again each time, all at once, on a
server with two cores. A file is made once per what it depends on (its `key`, which the caller
builds from every argument of the maker), the others who ask meanwhile wait for that one
(single flight), and the results are kept up to a total size, least recently used first out.

Pure: no streamlit. A caller's key holds the atlas itself (compared by identity,
components/memo.py's SameAtlas), so a key never outlives the atlas it was made for and an
identity is never reused.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024


class FileCache:
    """Made files by key, at most `budget_bytes` in all; one making per key at a time."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self.lock = threading.Lock()
        self.files: OrderedDict[Hashable, bytes] = OrderedDict()
        self.size = 0
        self.making: dict[Hashable, threading.Lock] = {}
        self.made = 0  # how many times a maker ran (for tests and the benchmark)

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The file for `key`: kept, or made now by `make()` (once, however many ask at once).
        A maker's exception reaches every caller waiting on it and nothing is kept."""
        while True:
            with self.lock:
                if key in self.files:
                    self.files.move_to_end(key)
                    return self.files[key]
                maker_lock = self.making.get(key)
                if maker_lock is None:
                    maker_lock = self.making[key] = threading.Lock()
                    maker_lock.acquire()
                    break
            # Someone is making it: wait for them, then look again (kept, or their maker failed
            # and this caller makes it itself).
            with maker_lock:
                pass
        try:
            data = make()
            with self.lock:
                self.made += 1
                self.keep(key, data)
            return data
        finally:
            with self.lock:
                del self.making[key]
            maker_lock.release()

    def keep(self, key: Hashable, data: bytes) -> None:
        """Store `data` (the lock held), dropping the least recently used to stay in budget;
        a file bigger than the whole budget is given but not kept."""
        if len(data) > self.budget_bytes:
            return
        self.files[key] = data
        self.size += len(data)
        while self.size > self.budget_bytes:
            _, dropped = self.files.popitem(last=False)
            self.size -= len(dropped)

    def clear(self) -> None:
        with self.lock:
            self.files.clear()
            self.size = 0
