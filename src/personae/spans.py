"""One look-up for spans of the text: which span holds an offset, which spans start inside a window.

Every stage asks these questions of some sorted spans (quotation parts, paragraphs, sentences,
chapters, mentions of characters). ``SpanIndex`` answers them by bisection over the start offsets.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


def _bounds(item) -> tuple[int, int]:
    """(start, end) of a span record (``.start``/``.end``) or of a tuple whose first two fields are them."""
    if isinstance(item, tuple):
        return item[0], item[1]
    return item.start, item.end


class SpanIndex(Generic[T]):
    """Spans ordered by start offset (a stable sort: spans starting together keep the order given).

    ``at``, ``__contains__``, ``overlaps`` look only at the last span starting at or before the offset,
    which is exact for spans that do not overlap (quotation parts, paragraphs, sentences, chapters);
    ``covering`` and ``overlapping`` look further back, for spans that may overlap (mentions).
    """

    __slots__ = ("items", "starts", "ends")

    def __init__(self, items: Iterable[T] = ()):
        bounds = sorted(((*_bounds(x), x) for x in items), key=lambda b: b[0])
        self.items: list[T] = [b[2] for b in bounds]
        self.starts: list[int] = [b[0] for b in bounds]
        self.ends: list[int] = [b[1] for b in bounds]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def index_at(self, offset: int) -> int:
        """Position of the last span starting at or before ``offset`` (-1 when none does)."""
        return bisect.bisect_right(self.starts, offset) - 1

    def preceding(self, offset: int) -> T | None:
        """The last span starting at or before ``offset``, whether or not it reaches it."""
        i = self.index_at(offset)
        return self.items[i] if i >= 0 else None

    def at(self, offset: int) -> T | None:
        """The span holding ``offset`` (start <= offset < end), or None."""
        i = self.index_at(offset)
        return self.items[i] if i >= 0 and offset < self.ends[i] else None

    def __contains__(self, offset: int) -> bool:
        i = self.index_at(offset)
        return i >= 0 and offset < self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Does a span share a character with [start, end)?"""
        i = self.index_at(end - 1)
        return i >= 0 and self.ends[i] > start

    def between(self, start: int, end: int) -> list[T]:
        """The spans that start in [start, end), in order."""
        return self.items[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def covering(self, offset: int, reach: int) -> T | None:
        """The last-starting span holding ``offset``, among spans that start at most ``reach`` before it."""
        i = self.index_at(offset)
        while i >= 0:
            if offset < self.ends[i]:
                return self.items[i]
            if offset - self.starts[i] > reach:
                return None
            i -= 1
        return None

    def overlapping(self, start: int, end: int, reach: int) -> list[T]:
        """The spans that share a character with [start, end), among spans that start at most ``reach``
        before ``start``, in order."""
        i = bisect.bisect_left(self.starts, start - reach)
        out = []
        while i < len(self.items) and self.starts[i] < end:
            if self.ends[i] > start:
                out.append(self.items[i])
            i += 1
        return out
