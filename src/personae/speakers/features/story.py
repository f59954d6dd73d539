"""Features of the candidate in the story as a whole: how much the narration names them, whether
they are the narrator or a character the user did not list."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .view import QuoteView


def log_salience(v: QuoteView, c: str) -> float:
    """log share of narration name mentions in the book, relative to the most named."""
    return math.log1p(v.book.narration_names.get(c, 0)) - v.book.top_names


def is_narrator(v: QuoteView, c: str) -> float:
    """The first-person narrator (named by "I" everywhere, so recency misleads)."""
    return float(c in v.book.narrators)


def unlisted(v: QuoteView, c: str) -> float:
    """A roster was given and the cast added this character beyond it."""
    return float(v.book.listed is not None and c not in v.book.listed)


def bias(v: QuoteView, c: str) -> float:
    """1 for every candidate. It adds the same score to all the candidates of a quote, so it cancels
    in the softmax over them: it changes no choice or probability."""
    return 1.0
