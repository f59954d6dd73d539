"""Features of who is spoken to and spoken of: a character addressed by name (a vocative) or by a tag
("she told him") is seldom the speaker of that quote but often of the reply; one named inside the
run's quotes is talked about, often absent."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .base import Book, Site

if TYPE_CHECKING:
    from .view import QuoteView


@dataclass(frozen=True)
class AddressFacts:
    vocatives: list[str]  # addressed by name in this quote
    vocatives_prev: set[str]  # … in the previous quote of the conversation
    vocatives_next: set[str]  # … in the next one
    named: set[str]  # named inside this quote, in any way
    told_prev: str | None  # the previous quote's tag names this addressee
    # Addressed by name elsewhere in the run, by parity of the turn distance, weighted by closeness.
    run_voc_even: dict[str, float]
    run_voc_odd: dict[str, float]
    named_in_run: dict[str, int]  # times named (not as addressee) in the run's other quotes nearby


def address_facts(book: Book, site: Site, anchors: list[tuple[int, bool, float]]) -> AddressFacts:
    n, q = site.n, site.quote
    vocs, tags = book.reading.vocatives, book.reading.tags
    last = len(vocs) - 1
    voc_prev = set(vocs[n - 1]) if n >= 1 and book.dialogue.same_conversation(n - 1, n) else set()
    voc_next = set(vocs[n + 1]) if n < last and book.dialogue.same_conversation(n + 1, n) else set()
    named = {m.character for p in q.parts for m in book.reading.mentions.between(p.start, p.end)}
    told_prev = tags[n - 1].addressee if n >= 1 and book.dialogue.same_conversation(n - 1, n) and tags[n - 1] is not None else None
    voc_even: dict[str, float] = {}
    voc_odd: dict[str, float] = {}
    for k, even, weight in anchors:
        for v in vocs[k]:
            d = voc_even if even else voc_odd
            d[v] = d.get(v, 0.0) + weight
    return AddressFacts(vocs[n], voc_prev, voc_next, named, told_prev, voc_even, voc_odd, _named_in_run(book, n))


def _named_in_run(book: Book, n: int) -> dict[str, int]:
    d = book.dialogue
    out: dict[str, int] = {}
    for k in d.runs[d.run_of[n]]:
        if k != n and abs(k - n) <= book.settings.run_named_reach:
            for c in book.named[k]:
                out[c] = out.get(c, 0) + 1
    return out


def vocative_here(v: QuoteView, c: str) -> float:
    """Named as addressee inside this quote."""
    return float(c in v.address.vocatives)


def vocative_prev(v: QuoteView, c: str) -> float:
    """Named as addressee in the previous quote."""
    return float(c in v.address.vocatives_prev)


def vocative_next(v: QuoteView, c: str) -> float:
    """Named as addressee in the next quote (the reply names who spoke)."""
    return float(c in v.address.vocatives_next)


def told_prev(v: QuoteView, c: str) -> float:
    """The previous quote's tag names this character as its addressee ("she told him")."""
    return float(v.address.told_prev == c)


def named_in_quote(v: QuoteView, c: str) -> float:
    """Named (not vocative) inside this quote."""
    return float(c in v.address.named and c not in v.address.vocatives)


def run_voc_odd(v: QuoteView, c: str) -> float:
    """Named by vocative in a quote an odd number of turns away: the one addressed replies."""
    return v.address.run_voc_odd.get(c, 0.0)


def run_voc_even(v: QuoteView, c: str) -> float:
    """… an even number of turns away."""
    return v.address.run_voc_even.get(c, 0.0)


def log_named_in_run(v: QuoteView, c: str) -> float:
    """Named (not as addressee) in other quotes of this run: talked about, often absent."""
    return math.log1p(v.address.named_in_run.get(c, 0))
