"""``quote_features``: every quote's tag, vocatives and candidates with their feature rows.

Shared by ``attribute`` and the training script, so the model is trained on exactly what it sees at
run time. The steps: conversations (``conversations``), pass 1 (``reading``: mentions, tags, vocatives,
the narrator), the story-wide facts (``features.base.Book``), then per quote in text order its
candidate pool (``candidates``) and feature rows (``features``).
"""

from __future__ import annotations

import numpy as np

from ..context import Story
from .candidates import Candidates, QuoteFeatures, after_narration, bare, candidate_pool
from .conversations import dialogue
from .features import FEATURES, feature_matrix
from .features.base import Book, Site
from .features.view import view_of
from .reading import read_quotes
from .settings import DEFAULT_SETTINGS, SpeakerSettings


def quote_features(
    story: Story, listed: set[str] | None = None, settings: SpeakerSettings = DEFAULT_SETTINGS
) -> tuple[list[QuoteFeatures], list[int]]:
    """For every quote of ``story`` (which has its cast): its ``QuoteFeatures``; and every quote's
    conversation id. ``listed``: the ids of a roster the user gave (characters the cast added beyond it
    are less likely speakers)."""
    d = dialogue(story, settings)
    reading = read_quotes(story, d, settings)
    book = Book.of(story, d, reading, listed, settings)
    prior: dict[str, int] = {}  # tagged quotes so far per character
    out = []
    for n in range(len(story.quotes)):
        out.append(_quote_features(book, n, prior))
        speaker = reading.tagged[n]
        if speaker:
            prior[speaker] = prior.get(speaker, 0) + 1
    return out, d.conversation


def _quote_features(book: Book, n: int, prior: dict[str, int]) -> QuoteFeatures:
    story, d, reading = book.story, book.dialogue, book.reading
    q = story.quotes[n]
    tag, vocs = reading.tags[n], reading.vocatives[n]
    pool = candidate_pool(story, d, reading, n, prior, book.settings)
    if not pool.ids:
        return QuoteFeatures(tag, vocs, Candidates([], np.zeros((0, len(FEATURES)))))
    para = d.paragraphs[d.para_of[n]]
    X = feature_matrix(view_of(book, Site(n, q, para, pool, dict(prior))), pool.ids)
    genders = tuple(book.gender.get(c, "U") for c in pool.ids)
    return QuoteFeatures(tag, vocs, Candidates(pool.ids, X, after_narration(d, n), bare(story.text, q, para), genders, tuple(vocs)))
