"""Results of pure functions of an atlas, kept for as long as that atlas is used.

An `Atlas` compares by value and holds lists, so it cannot be a cache key; it never changes
once loaded (app.py shares one per data directory between all viewers), so its identity is
key enough. The cache holds the atlas it was made for, so an identity is never reused while a
result is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

R = TypeVar("R")
# Callers that miss the same key at once wait for the first to make it (see `per_atlas`).
_STRIPES = 64


class SameAtlas:
    """Hashes and compares by the atlas's identity."""

    __slots__ = ("atlas",)

    def __init__(self, atlas: Any) -> None:
        self.atlas = atlas

    def __hash__(self) -> int:
        return id(self.atlas)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SameAtlas) and other.atlas is self.atlas


def per_atlas(maxsize: int = 256) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Cache `func(atlas, *args)` by the atlas's identity and `args` (which must hash).

    Only for pure functions whose results nobody changes: every caller gets the same object.
    Sessions that miss the same key together (a room's projectors, all rerun at one step)
    make it once: the others wait on that key's lock and then find it made; without this,
    fifty projectors each drew the step's map overlays.
    """
    def decorate(func: Callable[..., R]) -> Callable[..., R]:
        @lru_cache(maxsize=maxsize)
        def cached(key: SameAtlas, *args: Any) -> R:
            return func(key.atlas, *args)

        # Locks by the key's hash: a key's makers queue; other keys mostly do not wait.
        # Reentrant, as a cached function may call another (or itself) with another key.
        locks = [threading.RLock() for _ in range(_STRIPES)]

        @wraps(func)
        def wrapper(atlas: Any, *args: Any) -> R:
            key = SameAtlas(atlas)
            with locks[hash((key, *args)) % _STRIPES]:
                return cached(key, *args)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return wrapper
    return decorate
