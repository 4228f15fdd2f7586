"""A bounded map of results by key (least recently used out first), for work that repeats
across a dump's copies of a text: the paraphrase finder's pairs and clause ranges, the
pipeline's language detections."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["Memo"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A bounded map of results by key: the least recently used drop out past ``size``
    (``size=0`` keeps nothing)."""

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError("a memo's size is a count of entries, 0 or more")
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> V | None:
        """The value kept for ``key`` (now the most recently used), or None."""
        value = self._items.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` for ``key`` and hand it back."""
        if not self.size:
            return value
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
