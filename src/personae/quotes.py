"""Quotation spans: every utterance in the story text, with its sub-quotations. (Issue 3 fills this in.)"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Paragraph, Quote


def find_quotes(text: str, paragraphs: Sequence[Paragraph]) -> tuple[Quote, ...]:
    """Every quotation in ``paragraphs`` of ``text``, in text order, ids ``Q0, Q1, …``; no speakers yet."""
    return ()
