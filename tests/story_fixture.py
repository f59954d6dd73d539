"""A small hand-built ``Analysis`` with every kind of record the exporters render: two chapters with
headings and scenes, a verse block and an author's note, three characters, quotes (one in two parts,
one unattributed, one inside the verse), mentions, two relations with timelines, and arcs.

Offsets are found in the text, never typed in, so the fixture cannot drift from its own story."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from personae.document import Document, Source, Span
from personae.model import (
    Analysis, Block, Chapter, Character, Mention, Paragraph, Quote, Relation, Scene, Structure, TimelineState,
)

TEXT = (
    "The Letter Home\n"
    "by A. Writer\n"
    "\n"
    "Chapter 1: The Letter\n"
    "\n"
    "\tAnna found the letter on the mat. “It’s from Ben,” she said to Clara, “and he is coming home.”\n"
    "\n"
    "\t“Then we shall need more bread,” said Clara.\n"
    "\n"
    "~*~*~*~\n"
    "\n"
    "\tBen stood at the gate. “Anna! Clara!” he called.\n"
    "\n"
    "\t“You’re late,” Anna told him, & smiled <anyway>.\n"
    "\n"
    "Chapter 2: Winter\n"
    "\n"
    "\tThe winter was long. Dora sighed. Someone said “Not again” from the stairs.\n"
    "\n"
    "\tClara sang softly:\n"
    "\n"
    "\tThe snow is deep, “the night is long,”\n"
    "\tand Anna hums along.\n"
    "\n"
    "\t“I’m sorry,” Ben said to Anna. “I should have written.”\n"
    "\n"
    "A/N: thanks for reading!\n"
)


def _find(s: str, after: int = 0) -> Span:
    i = TEXT.index(s, after)
    return Span(i, i + len(s))


def _para_spans() -> list[tuple[int, int]]:
    out, pos = [], 0
    for block in TEXT.split("\n\n"):
        s, e = pos, pos + len(block)
        pos = e + 2
        while s < e and TEXT[s].isspace():
            s += 1
        while e > s and TEXT[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def fixture_analysis() -> Analysis:
    text = TEXT
    ch1 = text.index("Chapter 1")
    ch2 = text.index("Chapter 2")
    brk = text.index("~*~*~*~")
    note = text.index("A/N")
    chapters = (
        Chapter(0, "The Letter", ch1, ch2, (Scene(0, 0, brk), Scene(1, brk, ch2)), heading=_find("Chapter 1: The Letter")),
        Chapter(1, "Winter", ch2, len(text), (Scene(0, ch2, len(text)),), heading=_find("Chapter 2: Winter")),
    )
    paragraphs = []
    for s, e in _para_spans():
        if text[s:e] == "~*~*~*~":
            continue
        if s < ch1:
            paragraphs.append(Paragraph(s, e, -1, -1))  # the title page: outside every chapter
            continue
        chapter = 0 if s < ch2 else 1
        scene = (0 if s < brk else 1) if chapter == 0 else 0
        paragraphs.append(Paragraph(s, e, chapter, scene))
    verse = _find("The snow is deep, “the night is long,”\n\tand Anna hums along.")
    blocks = (
        Block("front_matter", 0, ch1 - 2),
        Block("heading", *_span(_find("Chapter 1: The Letter"))),
        Block("heading", *_span(_find("Chapter 2: Winter"))),
        Block("verse", verse.start, verse.end),
        Block("author_note", note, len(text) - 1),
    )
    structure = Structure(chapters=chapters, blocks=blocks, paragraphs=tuple(paragraphs), title="The Letter Home")

    characters = (
        Character("anna", "Anna", ("Anna", "Annie"), "F", "major", mentions=5, quotes=2),
        Character("ben", "Ben", ("Ben", "Benjamin"), "M", "major", mentions=3, quotes=2),
        Character("clara", "Clara", ("Clara",), "F", "intermediate", mentions=4, quotes=1),
        # Named once, in chapter 2, never speaks, linked to no one: on the network (as an intermediate
        # character) only from chapter 2 on.
        Character("dora", "Dora", (), "F", "intermediate", mentions=1, quotes=0),
    )
    mentions = []
    for name, cid in (("Anna", "anna"), ("Ben", "ben"), ("Clara", "clara"), ("Dora", "dora")):
        pos = 0
        while (i := text.find(name, pos)) >= 0:
            mentions.append(Mention(i, i + len(name), cid, "name"))
            pos = i + 1
    mentions.append(Mention(text.index("she said"), text.index("she said") + 3, "anna", "pronoun"))
    mentions.sort(key=lambda m: m.start)

    def q(qid: str, parts: list[str], speaker: str | None, to: tuple[str, ...], kind: str, conf: float, tag: str | None = None, after: int = 0) -> Quote:
        spans, pos = [], after
        for p in parts:
            sp = _find(p, pos)
            spans.append(sp)
            pos = sp.end
        return Quote(qid, spans[0].start, spans[-1].end, tuple(spans), speaker, to, kind, conf, _find(tag) if tag else None)

    quotes = (
        q("Q0", ["It’s from Ben,", "and he is coming home."], "anna", ("clara",), "anaphoric", 0.9, "she said to Clara"),
        q("Q1", ["Then we shall need more bread,"], "clara", ("anna",), "explicit", 0.95, "said Clara"),
        q("Q2", ["Anna! Clara!"], "ben", ("anna", "clara"), "implicit", 0.6),
        q("Q3", ["You’re late,"], "anna", ("ben",), "explicit", 0.97, "Anna told him"),
        q("Q4", ["Not again"], None, (), "implicit", 0.1),
        q("Q5", ["the night is long,"], "clara", (), "implicit", 0.3),
        q("Q6", ["I’m sorry,", "I should have written."], "ben", ("anna",), "explicit", 0.92, "Ben said to Anna"),
    )
    relations = (
        Relation(
            "anna", "ben", "romantic", "lovers", False, 0.8,
            evidence=(_find("Ben stood at the gate."),),
            timeline=(
                TimelineState(0, "apart", (_find("he is coming home."),)),
                TimelineState(1, "reconciled", (_find("I should have written."),)),
            ),
        ),
        Relation(
            "anna", "clara", "family", "siblings", False, 0.7,
            evidence=(_find("Then we shall need more bread"),),
            timeline=(TimelineState(0, "close", ()),),
        ),
    )
    arcs = {
        "story": {"chapters": [0.4, -0.2], "shape": {"label": "man in a hole", "fit": 0.61}},
        "characters": {"anna": {"chapters": [0.5, 0.1]}, "ben": {"chapters": [0.2, -0.4]}, "clara": {"chapters": [0.1, None]}},
    }
    doc = Document(text, Source("the-letter-home.txt", "txt", hashlib.sha256(text.encode()).hexdigest(), {}))
    return Analysis(doc, structure, characters, tuple(mentions), quotes, relations, arcs, {"relationships": ["Anna/Ben"]})


def _span(s: Span) -> tuple[int, int]:
    return s.start, s.end


@functools.lru_cache(maxsize=2)
def analysed(path: Path) -> Analysis:
    """``personae.analyze`` of a real file, once per test session (it costs seconds)."""
    import personae

    return personae.analyze(path)


# Strings an attacker (or an unlucky file) puts where the exporters copy story text: markup that opens a
# script state, spreadsheet formulas, terminal escape sequences, control characters XML cannot hold.
HOSTILE_TITLE = "\x01<!--<script>alert(1)</script>"
HOSTILE_CHAPTERS = ("<!--<script>", "\x1b]0;owned\x07=SUM(1+1)")
# Same-length replacements in the text, so every offset of the fixture still holds.
HOSTILE_TEXT = {
    "Ben stood at the gate.": "<!--<script>alert(1)//",  # relation evidence
    "Then we shall need more bread": '=cmd|"/C calc"!A0+HYPERLINK()',  # a quote's words
}


def hostile_analysis() -> Analysis:
    """The fixture with hostile strings in its title, chapter titles, a name, an alias, evidence and a quote."""
    from dataclasses import replace

    a = fixture_analysis()
    text = a.text
    for old, new in HOSTILE_TEXT.items():
        assert len(old) == len(new)
        text = text.replace(old, new)
    doc = replace(a.document, text=text, source=replace(a.document.source, metadata={"title": HOSTILE_TITLE}))
    chapters = tuple(replace(c, title=t) for c, t in zip(a.structure.chapters, HOSTILE_CHAPTERS))
    characters = tuple(
        replace(c, name="An\x01na\x1b[2J", aliases=("</script><!--", "@Annie")) if c.id == "anna" else c for c in a.characters
    )
    return replace(a, document=doc, structure=replace(a.structure, chapters=chapters), characters=characters)
