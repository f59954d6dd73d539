"""``Story``: what the stages read, in one frozen record, with the look-ups they share.

A stage is a function of a ``Story``: ``build_cast(story, roster)``, ``attribute(story)``,
``find_relations(story)``, ``compute_arcs(story)``. The story grows as stages run: ``with_quotes``,
``with_cast`` and ``with_characters`` return a new ``Story`` (the look-ups that do not depend on what
changed are carried over, the others are rebuilt on first use).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from .language import Parsed
from .mentions import MentionIndex
from .model import Chapter, Character, Mention, Paragraph, Quote, Structure
from .spans import SpanIndex

if TYPE_CHECKING:
    from .cast import Cast


@dataclass(frozen=True, eq=False)
class Story:
    """The decoded text and what the stages so far have found in it.

    ``parsed`` covers the story paragraphs; ``quotes`` are in text order (attributed once the speakers
    stage has run); ``characters`` and ``mentions`` are the cast.
    """

    text: str
    structure: Structure
    parsed: Parsed | None = None
    quotes: tuple[Quote, ...] = ()
    characters: tuple[Character, ...] = ()
    mentions: tuple[Mention, ...] = ()

    # --- growing ---------------------------------------------------------------------------------

    def with_quotes(self, quotes) -> Story:
        return self._derive(quotes=tuple(quotes), keep=_TEXT_LOOKUPS + _CAST_LOOKUPS)

    def with_cast(self, cast: Cast) -> Story:
        """The story with ``cast``'s characters and mentions."""
        return self._derive(characters=tuple(cast.characters), mentions=tuple(cast.mentions),
                            keep=_TEXT_LOOKUPS + _QUOTE_LOOKUPS)

    def with_characters(self, characters) -> Story:
        """The same mentions, with the characters re-described (counts, importance, order)."""
        return self._derive(characters=tuple(characters), keep=_TEXT_LOOKUPS + _QUOTE_LOOKUPS + _CAST_LOOKUPS)

    def _derive(self, keep: tuple[str, ...], **changes) -> Story:
        new = replace(self, **changes)
        for name in keep:
            if name in self.__dict__:
                new.__dict__[name] = self.__dict__[name]
        return new

    # --- paragraphs, sentences, chapters, scenes -------------------------------------------------

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """The paragraphs the stages read (``Structure.story_paragraphs``)."""
        return self.structure.story_paragraphs()

    @cached_property
    def paragraph_index(self) -> SpanIndex[Paragraph]:
        return SpanIndex(self.paragraphs)

    def paragraph_of(self, offset: int) -> int:
        """Index in ``paragraphs`` of the last paragraph starting at or before ``offset`` (-1: none)."""
        return self.paragraph_index.index_at(offset)

    @cached_property
    def sentences(self) -> SpanIndex[tuple[int, int]]:
        """(start, end) of every parsed sentence."""
        return SpanIndex((s, e) for s, e, _ in self.parsed.sentences()) if self.parsed is not None else SpanIndex()

    @cached_property
    def chapter_index(self) -> SpanIndex[Chapter]:
        return SpanIndex(self.structure.chapters)

    def chapter_of(self, offset: int) -> int:
        """The ``index`` of the chapter holding ``offset``: the last chapter starting at or before it (the
        first chapter for an offset before any; 0 when the story has no chapters)."""
        chapters = self.chapter_index.items
        if not chapters:
            return 0
        return chapters[max(self.chapter_index.index_at(offset), 0)].index

    @cached_property
    def _scenes(self) -> tuple[list[tuple[int, int, int]], list[int]]:
        keys: list[tuple[int, int, int]] = []
        starts: list[int] = []
        breaks = 0
        for i, p in enumerate(self.paragraphs):
            # A paragraph with no letters at all (~*~*~, * * *) is a scene break, whatever the structure says.
            if not any(ch.isalpha() for ch in self.text[p.start : p.end]):
                breaks += 1
            key = (p.chapter, p.scene, breaks)
            new = i == 0 or key != keys[-1]
            starts.append(p.start if new else starts[-1])
            keys.append(key)
        return keys, starts

    def scene_of(self, offset: int) -> tuple[int, int, int]:
        """The scene of the paragraph at ``offset`` (the first paragraph's before any): equal keys are one
        scene. A chapter or scene of the structure, or a paragraph without letters, starts a new one."""
        return self._scenes[0][max(0, self.paragraph_of(offset))]

    def scene_start(self, offset: int) -> int:
        """Where the scene of the paragraph at ``offset`` begins."""
        return self._scenes[1][max(0, self.paragraph_of(offset))]

    # --- quotations --------------------------------------------------------------------------------

    @cached_property
    def quote_index(self) -> SpanIndex[Quote]:
        return SpanIndex(self.quotes)

    def quote_at(self, offset: int) -> Quote | None:
        """The quote one of whose parts holds ``offset``."""
        q = self.quote_index.preceding(offset)
        if q is not None and any(p.start <= offset < p.end for p in q.parts):
            return q
        return None

    @cached_property
    def quote_mask(self) -> SpanIndex[tuple[int, int]]:
        """Where characters speak: the quotes' parts; without quotes, the text between double quotation
        marks within each paragraph (enough to tell narration from speech)."""
        spans: list[tuple[int, int]] = []
        for q in self.quotes:
            spans.extend((p.start, p.end) for p in (q.parts or ()))
            if not q.parts:
                spans.append((q.start, q.end))
        if not self.quotes:
            for p in self.paragraphs:
                spans.extend(_between_double_marks(self.text, p.start, p.end))
        spans.sort()
        return SpanIndex(spans)

    def in_quotes(self, offset: int) -> bool:
        return offset in self.quote_mask

    # --- the cast ----------------------------------------------------------------------------------

    @cached_property
    def mention_index(self) -> MentionIndex:
        """The mentions that name a character."""
        return MentionIndex(m for m in self.mentions if m.character)


# Look-ups that depend only on the text, structure and parse; on the quotes; on the mentions.
_TEXT_LOOKUPS = ("paragraphs", "paragraph_index", "sentences", "chapter_index", "_scenes")
_QUOTE_LOOKUPS = ("quote_index", "quote_mask")
_CAST_LOOKUPS = ("mention_index",)

_DOUBLE_MARK = re.compile(r"[“”\"]")


def _between_double_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans inside double quotation marks in ``text[start:end]``: an opening mark before a close
    starts a new span (the previous one ran on); a span still open at ``end`` runs to it."""
    out = []
    opened = None
    for m in _DOUBLE_MARK.finditer(text, start, end):
        ch = m.group()
        if opened is None:
            if ch != "”":
                opened = m.end()
        elif ch != "“":
            out.append((opened, m.start()))
            opened = None
        else:
            out.append((opened, m.start()))
            opened = m.end()
    if opened is not None:
        out.append((opened, end))
    return out
