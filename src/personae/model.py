"""Result records of every stage, the ``Analysis`` that holds them, and the personae/1 JSON schema.

Exporters see only ``Analysis``. Records are frozen: a stage returns new records, never edits old ones.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from typing import Any

from .document import Document, Span

SCHEMA_ID = "personae/1"

BLOCK_KINDS = ("verse", "note", "letter", "author_note", "heading", "front_matter")
# Blocks whose paragraphs later stages do not read (see ``Structure.story_paragraphs``).
NON_STORY_BLOCKS = ("author_note", "front_matter", "heading", "verse")
GENDERS = ("F", "M", "X", "U")
IMPORTANCE = ("major", "intermediate", "minor")
QUOTE_TYPES = ("explicit", "anaphoric", "implicit")
# Kinds of mention in the outputs. Inside the stages a first-person narrator's I/me/my keep a kind of their
# own ("narrator"); to a reader, and in every export, they are pronouns like any other.
MENTION_KINDS = ("name", "description", "pronoun")
RELATION_TYPES = ("romantic", "family", "friendship", "hostile", "professional", "acquaintance")


# --- structure -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scene:
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Chapter:
    index: int
    title: str | None
    start: int
    end: int
    scenes: tuple[Scene, ...]
    # Where the heading line itself sits (None when the chapter has no heading in the text).
    heading: Span | None = None


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # one of BLOCK_KINDS
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    chapter: int  # index into Structure.chapters, -1 outside any chapter (front matter)
    scene: int  # index of the scene within its chapter, -1 outside


@dataclass(frozen=True)
class Structure:
    chapters: tuple[Chapter, ...]
    blocks: tuple[Block, ...]
    paragraphs: tuple[Paragraph, ...]
    title: str | None = None

    def story_paragraphs(self) -> list[Paragraph]:
        """Paragraphs later stages read: inside a chapter and not inside a non-story block
        (author's note, front matter, heading, verse). Verse is left out because song lyrics and poems
        are not speech (on PDNC this drops 4 of 1,048 quotations of Alice, recited poems, and no others);
        notes and letters stay: characters write them and quote inside them."""
        # The union of the non-story spans as disjoint intervals, so each paragraph is one lookup.
        merged: list[list[int]] = []
        for b in sorted((b for b in self.blocks if b.kind in NON_STORY_BLOCKS), key=lambda b: b.start):
            if merged and b.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b.end)
            else:
                merged.append([b.start, b.end])
        starts = [m[0] for m in merged]
        out = []
        for p in self.paragraphs:
            if p.chapter < 0:
                continue
            k = bisect.bisect_right(starts, p.start) - 1
            if k >= 0 and p.end <= merged[k][1]:
                continue
            out.append(p)
        return out


# --- people --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Character:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    gender: str = "U"  # one of GENDERS
    importance: str = "minor"  # one of IMPORTANCE
    mentions: int = 0
    quotes: int = 0
    confidence: float = 1.0
    # Every name form the text uses for the character, with how often, most frequent first.
    names: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference to a character in the text: a name, a pronoun, or a description."""

    start: int
    end: int
    character: str | None  # character id, None when unresolved
    kind: str  # name | pronoun | description | narrator
    confidence: float = 1.0

    @property
    def output_kind(self) -> str:
        """The kind as the outputs give it (one of MENTION_KINDS): the narrator's I/me/my are pronouns."""
        return "pronoun" if self.kind == "narrator" else self.kind


@dataclass(frozen=True)
class Quote:
    """One utterance. ``parts`` are its sub-quotations (the text inside the marks) in order:
    ``“Yes,” she said, “I will.”`` is one Quote of two parts. ``start``/``end`` cover all parts."""

    id: str
    start: int
    end: int
    parts: tuple[Span, ...]
    speaker: str | None = None
    addressees: tuple[str, ...] = ()
    type: str = "implicit"  # one of QUOTE_TYPES
    confidence: float = 0.0
    # The speech tag ("she told him") when there is one.
    tag: Span | None = None


@dataclass(frozen=True, slots=True)
class TimelineState:
    chapter: int
    state: str
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Relation:
    a: str
    b: str
    type: str  # one of RELATION_TYPES
    detail: str | None = None
    directed: bool = False
    confidence: float = 0.0
    evidence: tuple[Span, ...] = ()
    timeline: tuple[TimelineState, ...] = ()


@dataclass(frozen=True)
class Analysis:
    document: Document
    structure: Structure
    characters: tuple[Character, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    relations: tuple[Relation, ...] = ()
    arcs: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.document.text

    def words(self) -> int:
        return sum(len(self.text[p.start : p.end].split()) for p in self.structure.story_paragraphs())

    def character(self, cid: str | None) -> Character | None:
        return next((c for c in self.characters if c.id == cid), None)

    def character_mentions(self) -> list[Mention]:
        """The mentions every output lists: those resolved to a character of the cast, in text order.
        A reference the stages could not resolve is left out rather than listed with no character."""
        ids = {c.id for c in self.characters}
        return sorted((m for m in self.mentions if m.character in ids), key=lambda m: (m.start, m.end))

    def to_dict(self) -> dict[str, Any]:
        src = self.document.source
        s = self.structure
        return {
            "schema": SCHEMA_ID,
            "source": {
                "path": src.path,
                "format": src.format,
                "chars": len(self.text),
                "sha256": src.sha256,
                "metadata": src.metadata,
                "title": s.title,
                "words": self.words(),
            },
            "chapters": [
                {
                    "index": c.index,
                    "title": c.title,
                    "start": c.start,
                    "end": c.end,
                    "scenes": [{"index": sc.index, "start": sc.start, "end": sc.end} for sc in c.scenes],
                }
                for c in s.chapters
            ],
            "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in s.blocks],
            "characters": [
                {
                    "id": c.id,
                    "name": c.name,
                    "aliases": list(c.aliases),
                    "gender": c.gender,
                    "importance": c.importance,
                    "mentions": c.mentions,
                    "quotes": c.quotes,
                    "names": [{"name": n, "count": k} for n, k in c.names],
                }
                for c in self.characters
            ],
            "mentions": [
                {"start": m.start, "end": m.end, "character": m.character, "kind": m.output_kind}
                for m in self.character_mentions()
            ],
            "quotes": [
                {
                    "id": q.id,
                    "start": q.start,
                    "end": q.end,
                    "parts": [p.to_json() for p in q.parts],
                    "speaker": q.speaker,
                    "addressees": list(q.addressees),
                    "type": q.type,
                    "confidence": round(q.confidence, 3),
                }
                for q in self.quotes
            ],
            "relations": [
                {
                    "a": r.a,
                    "b": r.b,
                    "type": r.type,
                    "detail": r.detail,
                    "directed": r.directed,
                    "confidence": round(r.confidence, 3),
                    "evidence": [e.to_json() for e in r.evidence],
                    "timeline": [
                        {"chapter": t.chapter, "state": t.state, "evidence": [e.to_json() for e in t.evidence]}
                        for t in r.timeline
                    ],
                }
                for r in self.relations
            ],
            "arcs": self.arcs,
            "tags": self.tags,
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


# --- the personae/1 JSON schema ------------------------------------------------------------------

_SPAN = {
    "type": "object",
    "required": ["start", "end"],
    "properties": {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}},
}
_ID = {"type": ["string"]}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "type": "object",
    "required": ["schema", "source", "chapters", "blocks", "characters", "mentions", "quotes", "relations", "arcs"],
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "source": {
            "type": "object",
            "required": ["path", "format", "chars", "sha256", "metadata"],
            "properties": {
                "path": {"type": ["string", "null"]},
                "format": {"type": "string"},
                "chars": {"type": "integer", "minimum": 0},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "metadata": {"type": "object"},
                "title": {"type": ["string", "null"]},
                "words": {"type": "integer", "minimum": 0},
            },
        },
        "chapters": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["index", "title", "start", "end", "scenes"],
                "properties": {
                    "index": {"type": "integer", "minimum": 0},
                    "title": {"type": ["string", "null"]},
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "scenes": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["index", "start", "end"],
                            "properties": {"index": {"type": "integer", "minimum": 0}, **_SPAN["properties"]},
                        },
                    },
                },
            },
        },
        "blocks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "start", "end"],
                "properties": {"kind": {"enum": list(BLOCK_KINDS)}, **_SPAN["properties"]},
            },
        },
        "characters": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "aliases", "gender", "importance", "mentions", "quotes", "names"],
                "properties": {
                    "id": _ID,
                    "name": {"type": "string"},
                    "aliases": {"type": "array", "items": {"type": "string"}},
                    "gender": {"enum": list(GENDERS)},
                    "importance": {"enum": list(IMPORTANCE)},
                    "mentions": {"type": "integer", "minimum": 0},
                    "quotes": {"type": "integer", "minimum": 0},
                    "names": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name", "count"],
                            "properties": {"name": {"type": "string"}, "count": {"type": "integer", "minimum": 1}},
                        },
                    },
                },
            },
        },
        "mentions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "end", "character", "kind"],
                "properties": {**_SPAN["properties"], "character": _ID, "kind": {"enum": list(MENTION_KINDS)}},
            },
        },
        "quotes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "start", "end", "speaker", "addressees", "type", "confidence"],
                "properties": {
                    "id": _ID,
                    **_SPAN["properties"],
                    "parts": {"type": "array", "items": _SPAN},
                    "speaker": {"type": ["string", "null"]},
                    "addressees": {"type": "array", "items": {"type": "string"}},
                    "type": {"enum": list(QUOTE_TYPES)},
                    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                },
            },
        },
        "relations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["a", "b", "type", "detail", "directed", "confidence", "evidence", "timeline"],
                "properties": {
                    "a": _ID,
                    "b": _ID,
                    "type": {"enum": list(RELATION_TYPES)},
                    "detail": {"type": ["string", "null"]},
                    "directed": {"type": "boolean"},
                    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                    "evidence": {"type": "array", "items": _SPAN},
                    "timeline": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["chapter", "state"],
                            "properties": {"chapter": {"type": "integer"}, "state": {"type": "string"}},
                        },
                    },
                },
            },
        },
        "arcs": {"type": "object"},
        "tags": {"type": "object"},
        "warnings": {"type": "array", "items": {"type": "string"}},
    },
}


def validate(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``data`` is valid personae/1 JSON: the schema, and ids
    that identify (no two characters, and no two quotes, share one)."""
    import jsonschema

    jsonschema.validate(data, SCHEMA)
    for key in ("characters", "quotes"):
        seen: set[str] = set()
        for item in data[key]:
            if item["id"] in seen:
                raise jsonschema.ValidationError(f"{key}: the id {item['id']!r} is used twice; ids must be unique")
            seen.add(item["id"])
