"""Turn-taking features from tagged quotes: dialogue alternates, so who spoke a tagged quote an even
or odd number of turns away says who speaks this one."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .base import Book, Site

if TYPE_CHECKING:
    from .view import QuoteView


@dataclass(frozen=True)
class TurnFacts:
    # The speaker of the nearest earlier tagged quote in the conversation, by parity of the distance
    # in quotes (one of the two is None) ...
    prev_even: str | None
    prev_odd: str | None
    # ... and of the nearest later one.
    next_even: str | None
    next_odd: str | None
    # Tagged speakers elsewhere in the run of dialogue, by parity of the turn distance, weighted by
    # closeness (see ``run_anchors``).
    run_even: dict[str, float]
    run_odd: dict[str, float]
    conversation_speakers: set[str]
    prior: Mapping[str, int]


def run_anchors(book: Book, n: int) -> list[tuple[int, bool, float]]:
    """The other quotes of quote ``n``'s run within ``run_max_turns`` paragraph turns of it: (quote,
    even turn distance, weight). The weight decays with the distance: each narration-free turn flip is
    a chance for the alternation to break."""
    d, s = book.dialogue, book.settings
    out = []
    for k in d.runs[d.run_of[n]]:
        dt = abs(d.turn[k] - d.turn[n])
        if dt == 0 or dt > s.run_max_turns:
            continue
        out.append((k, dt % 2 == 0, math.exp(-dt / s.run_decay_turns)))
    return out


def turn_facts(book: Book, site: Site, anchors: list[tuple[int, bool, float]]) -> TurnFacts:
    n, tagged = site.n, book.reading.tagged
    reach = book.settings.tagged_quote_reach
    prev = _nearest_tagged(book, n, range(n - 1, max(-1, n - reach), -1))
    nxt = _nearest_tagged(book, n, range(n + 1, min(len(tagged), n + reach)))
    run_even: dict[str, float] = {}
    run_odd: dict[str, float] = {}
    for k, even, weight in anchors:
        if tagged[k]:
            d = run_even if even else run_odd
            d[tagged[k]] = d.get(tagged[k], 0.0) + weight
    return TurnFacts(*prev, *nxt, run_even, run_odd, site.pool.conversation_speakers, site.prior)


def _nearest_tagged(book: Book, n: int, ks: range) -> tuple[str | None, str | None]:
    """(even, odd): the speaker of the first tagged quote among ``ks`` in quote ``n``'s conversation,
    in the slot of the parity of its distance to ``n``."""
    tagged = book.reading.tagged
    for k in ks:
        if not book.dialogue.same_conversation(k, n):
            break
        if tagged[k]:
            return (tagged[k], None) if abs(n - k) % 2 == 0 else (None, tagged[k])
    return None, None


def prev_tag_even(v: QuoteView, c: str) -> float:
    """Spoke the nearest earlier tagged quote, an even number of turns back."""
    return float(v.turns.prev_even == c)


def prev_tag_odd(v: QuoteView, c: str) -> float:
    """… an odd number of turns back (someone else's turn, if two people alternate)."""
    return float(v.turns.prev_odd == c)


def next_tag_even(v: QuoteView, c: str) -> float:
    """Spoke the nearest later tagged quote, an even number of turns ahead."""
    return float(v.turns.next_even == c)


def next_tag_odd(v: QuoteView, c: str) -> float:
    """… an odd number of turns ahead."""
    return float(v.turns.next_odd == c)


def run_tag_even(v: QuoteView, c: str) -> float:
    """Spoke tagged quotes an even number of paragraph turns away in this run of dialogue."""
    return v.turns.run_even.get(c, 0.0)


def run_tag_odd(v: QuoteView, c: str) -> float:
    """… an odd number (decayed with distance; a run = quotes in consecutive paragraphs)."""
    return v.turns.run_odd.get(c, 0.0)


def in_conversation(v: QuoteView, c: str) -> float:
    """Spoke a tagged quote in this conversation."""
    return float(c in v.turns.conversation_speakers)


def log_speaker_prior(v: QuoteView, c: str) -> float:
    """log(1 + tagged quotes so far by this character)."""
    return math.log1p(v.turns.prior.get(c, 0))
