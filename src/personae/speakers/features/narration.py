"""Features of the narration around the quote: who acts and who is mentioned in its paragraph, the
previous one and the window before it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...language import Parsed
from ...model import Mention
from .base import Book, Site

if TYPE_CHECKING:
    from .view import QuoteView


@dataclass(frozen=True)
class NarrationFacts:
    quote_start: int
    # Characters mentioned in the narration of the quote's paragraph before / after the quote ...
    mentioned_before: set[str]
    mentioned_after: set[str]
    # ... and those of them that are the subject of a clause.
    actors_before: set[str]
    actors_after: set[str]
    mentioned_prev_para: set[str]  # mentioned in the previous paragraph's narration
    # In the candidate window before the quote: where each character was last mentioned, how often,
    # and how often by name.
    last_mention: dict[str, int]
    mentions: dict[str, int]
    names: dict[str, int]


def narration_facts(book: Book, site: Site) -> NarrationFacts:
    story, idx, q = book.story, book.reading.mentions, site.quote
    inside = story.in_quotes
    ps, pe = site.paragraph
    before = [m for m in idx.between(ps, q.start) if not inside(m.start)]
    after = [m for m in idx.between(q.end, pe) if not inside(m.start)]
    para = book.dialogue.para_of[site.n]
    pp = book.dialogue.paragraphs[para - 1] if para > 0 else (0, 0)
    last_at: dict[str, int] = {}
    counts: dict[str, int] = {}
    names: dict[str, int] = {}
    for m in site.pool.near:
        if m.start >= q.start:
            continue
        last_at[m.character] = m.start
        counts[m.character] = counts.get(m.character, 0) + 1
        if m.kind == "name":
            names[m.character] = names.get(m.character, 0) + 1
    return NarrationFacts(
        q.start,
        {m.character for m in before},
        {m.character for m in after},
        _actors(story.parsed, before),
        _actors(story.parsed, after),
        {m.character for m in idx.between(pp[0], pp[1]) if not inside(m.start)},
        last_at, counts, names,
    )


def _actors(parsed: Parsed, mentions: Sequence[Mention]) -> set[str]:
    """Characters whose mention is the subject of a clause."""
    out = set()
    for m in mentions:
        tok = parsed.token_at(m.start)
        if tok is not None and len(tok) and tok[0].dep_ in ("nsubj", "nsubjpass"):
            out.add(m.character)
        elif tok is not None and len(tok) and tok[0].head.dep_ in ("nsubj",) and tok[0].dep_ == "compound":
            out.add(m.character)
    return out


def actor_before(v: QuoteView, c: str) -> float:
    """Subject of a clause in this paragraph's narration before the quote."""
    return float(c in v.narration.actors_before)


def actor_after(v: QuoteView, c: str) -> float:
    """Subject of a clause in this paragraph's narration after the quote."""
    return float(c in v.narration.actors_after)


def mention_before(v: QuoteView, c: str) -> float:
    """Mentioned in this paragraph's narration before the quote."""
    return float(c in v.narration.mentioned_before)


def mention_after(v: QuoteView, c: str) -> float:
    """Mentioned in this paragraph's narration after the quote."""
    return float(c in v.narration.mentioned_after)


def mention_prev_para(v: QuoteView, c: str) -> float:
    """Mentioned in the previous paragraph's narration."""
    return float(c in v.narration.mentioned_prev_para)


def log_distance(v: QuoteView, c: str) -> float:
    """log of characters since the last mention (the window's length when none)."""
    f = v.narration
    return math.log1p(f.quote_start - f.last_mention[c]) if c in f.last_mention else math.log1p(v.book.settings.window)


def log_recent_count(v: QuoteView, c: str) -> float:
    """log(1 + mentions in the window)."""
    return math.log1p(v.narration.mentions.get(c, 0))


def log_recent_names(v: QuoteView, c: str) -> float:
    """log(1 + mentions by name in the window)."""
    return math.log1p(v.narration.names.get(c, 0))
