"""The decoded text every stage points into, and the span type they point with.

The text is immutable. Every later record (chapter, quote, mention, evidence) is a pair of
Python string offsets into ``Document.text``, ``end`` exclusive, with no newline translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class InputError(Exception):
    """Input personae cannot read. The message is one line for the user: what is wrong, what to do."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def text(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def to_json(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Section:
    """A piece of structure the input format states outright (an HTML ``<h2>`` chapter, an EPUB spine
    item, an AO3 author's note), so structure detection need not guess it.

    ``kind`` is one of: ``chapter`` (``title`` may be None), ``scene_break``, ``author_note``,
    ``front_matter``, ``heading``.
    """

    kind: str
    start: int
    end: int
    title: str | None = None


@dataclass(frozen=True)
class Source:
    path: str | None
    format: str  # txt | html | epub | gutenberg | string
    sha256: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    text: str
    source: Source
    # Structure known from the format itself (HTML/EPUB); empty for plain text.
    sections: tuple[Section, ...] = ()
    # The part of ``text`` that is the work (for Gutenberg files: between licence header and footer).
    body: Span | None = None

    @property
    def body_span(self) -> Span:
        return self.body if self.body is not None else Span(0, len(self.text))
