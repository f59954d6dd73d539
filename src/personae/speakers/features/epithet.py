"""Features of a description as a tag's subject ("said the old man", "the younger girl let a small smile
slip"): which character the story itself ties that description to.

The evidence is the text's own: an apposition ("Hale, the old gentleman, rose"), a copula ("the old
man was Hale"; "Hale was the old gentleman"), and the descriptions the cast resolved to a character.
A bare common description ("the man", "the girl") names a different person from book to scene, so it
counts only within the quote's scene; a modified one ("the old gentleman") counts book-wide. With no
evidence the features are 0 and the tag's gender and the scene decide.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...context import Story
from ...lexicon import GENERIC_PERSON_NOUNS
from ...mentions import MentionIndex
from ..tags import Tag
from ..tags.clause import description_key

if TYPE_CHECKING:
    from .base import Book, Site
    from .view import QuoteView


Uses = dict[str, list[tuple[int, str]]]  # description key -> (offset, character) of each use tied to a name


def description_uses(story: Story, tags: list[Tag | None], idx: MentionIndex) -> Uses:
    """Where the story ties each tag description to a character: appositions, copulas, and the
    descriptions the cast resolved (only for the descriptions some tag uses)."""
    wanted = {t.description for t in tags if t is not None and t.description}
    if not wanted:
        return {}
    heads = {k.rsplit(" ", 1)[-1] for k in wanted}
    uses: Uses = {}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, heads))) + r")\b", re.IGNORECASE)
    for match in pattern.finditer(story.text):
        if story.in_quotes(match.start()):
            continue
        span = story.parsed.token_at(match.start())
        if span is None or not len(span):
            continue
        t = span[0]
        if t.pos_ != "NOUN":
            continue
        key = description_key(t)
        if key not in wanted:
            continue
        who = _named_by(t, idx, story.parsed.doc_at(match.start())[0])
        if who is not None:
            uses.setdefault(key, []).append((match.start(), who))
    for m in idx.mentions:
        if m.kind == "description" and m.character and not story.in_quotes(m.start):
            span = story.parsed.token_at(m.end - 1)
            if span is not None and len(span) and span[-1].pos_ == "NOUN":
                key = description_key(span[-1])
                if key in wanted:
                    uses.setdefault(key, []).append((m.start, m.character))
    return uses


def _named_by(t, idx: MentionIndex, dstart: int) -> str | None:
    """The character a name in apposition or copula with the noun ``t`` is: "Hale, the old man", "the
    old man, Hale,", "Hale was the old man", "the old man was Hale"."""

    def name(tok) -> str | None:
        if tok is None or tok.pos_ != "PROPN":
            return None
        m = idx.longest_at(dstart + tok.idx, dstart + tok.idx + len(tok.text))
        return m.character if m is not None and m.kind == "name" else None

    if t.dep_ == "appos":
        return name(t.head)
    found = name(next((c for c in t.children if c.dep_ == "appos"), None))
    if found is None and t.dep_ == "attr":
        found = name(next((c for c in t.head.children if c.dep_ == "nsubj"), None))
    if found is None and t.dep_ == "nsubj":
        found = name(next((c for c in t.head.children if c.dep_ == "attr"), None))
    return found


@dataclass(frozen=True)
class EpithetFacts:
    book_share: dict[str, float]  # share of the book's uses of the tag's description naming each character
    in_scene: frozenset[str]  # characters the scene already called by that description


_NONE = EpithetFacts({}, frozenset())


def epithet_facts(book: Book, site: Site) -> EpithetFacts:
    tag = book.reading.tags[site.n]
    if tag is None or not tag.strong or not tag.description:
        return _NONE
    uses = book.descriptions.get(tag.description, [])
    if not uses:
        return _NONE
    lo = book.story.scene_start(site.quote.start)
    in_scene = frozenset(c for at, c in uses if lo <= at < site.quote.start)
    key = tag.description
    if " " not in key and key in GENERIC_PERSON_NOUNS:
        return EpithetFacts({}, in_scene)
    counts = Counter(c for _, c in uses)
    return EpithetFacts({c: k / len(uses) for c, k in counts.items()}, in_scene)


def tag_epithet_book(v: QuoteView, c: str) -> float:
    """The tag's subject is a description ("said the old gentleman"); this character's share of the
    book's appositions, copulas and resolved uses of it."""
    return v.epithet.book_share.get(c, 0.0)


def tag_epithet_scene(v: QuoteView, c: str) -> float:
    """… and this scene already called this character by that description."""
    return float(c in v.epithet.in_scene)
