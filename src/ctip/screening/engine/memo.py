"""A bounded memo filled on lookup, for per-word and per-token work.

Posts reuse a small vocabulary, so work that depends only on a word or a token is
done once per distinct key and looked up after that. Lookups through ``map`` over
``Memo.__getitem__`` run the per-word loop in C; ``__missing__`` does the work for a
new key. A memo is emptied when full, so a stream of odd words cannot grow it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """``compute(key)`` for each key looked up, remembered for up to ``limit`` keys."""

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.compute(key)
        return value
