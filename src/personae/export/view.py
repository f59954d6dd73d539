"""Facts every exporter derives from an ``Analysis`` the same way: which chapter an offset is in, who
talks to whom how often, each character's prominence, and how quotes cut into the text's units.

The HTML report, the TEI, the graph and the tables all read these, so a number in one export is the same
number in every other.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..document import Span
from ..model import Analysis, Character, Mention, Paragraph, Quote, Relation


@dataclass(frozen=True, slots=True)
class Piece:
    """The part of one quote's sub-quotation that falls inside one text unit (a paragraph, or a line of
    verse). A sub-quotation that runs over a paragraph break becomes several pieces."""

    start: int
    end: int
    quote: Quote
    part: int  # index into quote.parts


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of running text an exporter renders as a block: a prose paragraph, or a verse line."""

    start: int
    end: int
    paragraph: Paragraph
    kind: str  # "p" (prose), "l" (verse line), or a Block kind for paragraphs inside a block


class View:
    """Derived, read-only facts about one ``Analysis``. Build once per export."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        self.text = analysis.text
        self._chapter_starts = [c.start for c in analysis.structure.chapters]

    # --- where things are ------------------------------------------------------------------------

    def chapter_of(self, offset: int) -> int:
        """Index of the chapter holding ``offset``; the first chapter for anything before it (front
        matter belongs to no chapter, but a timeline must start somewhere)."""
        i = bisect.bisect_right(self._chapter_starts, offset) - 1
        return max(i, 0)

    @cached_property
    def _para_starts(self) -> list[int]:
        return [p.start for p in self.a.structure.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        i = bisect.bisect_right(self._para_starts, offset) - 1
        if i >= 0:
            p = self.a.structure.paragraphs[i]
            if p.start <= offset < p.end:
                return p
        return None

    def scene_of(self, offset: int) -> int:
        ch = self.a.structure.chapters[self.chapter_of(offset)] if self.a.structure.chapters else None
        if ch is None:
            return -1
        for sc in ch.scenes:
            if sc.start <= offset < sc.end:
                return sc.index
        return -1

    @property
    def n_chapters(self) -> int:
        return max(len(self.a.structure.chapters), 1)

    # --- people ----------------------------------------------------------------------------------

    @cached_property
    def lines(self) -> Counter[str]:
        """Quotes spoken per character id, counted from the quotes themselves."""
        return Counter(q.speaker for q in self.a.quotes if q.speaker)

    @cached_property
    def quote_words(self) -> Counter[str]:
        """Words spoken per character id (inside the quotation marks)."""
        out: Counter[str] = Counter()
        for q in self.a.quotes:
            if q.speaker:
                out[q.speaker] += sum(len(self.text[p.start : p.end].split()) for p in q.parts)
        return out

    def share_of_dialogue(self, cid: str) -> float:
        total = sum(self.quote_words.values())
        return self.quote_words[cid] / total if total else 0.0

    def prominence(self, c: Character) -> int:
        """Mentions plus lines spoken: how much of the story a character takes up."""
        return c.mentions + self.lines[c.id]

    @cached_property
    def first_chapter(self) -> dict[str, int]:
        """The chapter each character first appears in (first mention, line spoken or addressed)."""
        out: dict[str, int] = {}

        def see(cid: str | None, offset: int) -> None:
            if cid:
                ch = self.chapter_of(offset)
                if ch < out.get(cid, 1 << 30):
                    out[cid] = ch

        for m in self.a.mentions:
            see(m.character, m.start)
        for q in self.a.quotes:
            see(q.speaker, q.start)
            for ad in q.addressees:
                see(ad, q.start)
        return out

    @cached_property
    def active_chapters(self) -> dict[str, list[int]]:
        """Per character, how often they appear (mentioned, speaking, addressed) in each chapter."""
        out: dict[str, list[int]] = defaultdict(lambda: [0] * self.n_chapters)
        for m in self.a.mentions:
            if m.character:
                out[m.character][self.chapter_of(m.start)] += 1
        for q in self.a.quotes:
            ch = self.chapter_of(q.start)
            for cid in {q.speaker, *q.addressees} - {None}:
                out[cid][ch] += 1  # type: ignore[index]
        return dict(out)

    # --- conversation ----------------------------------------------------------------------------

    @cached_property
    def conversation(self) -> dict[tuple[str, str], list[int]]:
        """Quotes from speaker to addressee per chapter, keyed by the ordered pair (speaker, addressee)."""
        out: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * self.n_chapters)
        for q in self.a.quotes:
            if not q.speaker:
                continue
            ch = self.chapter_of(q.start)
            for ad in q.addressees:
                if ad != q.speaker:
                    out[(q.speaker, ad)][ch] += 1
        return dict(out)

    def pair_conversation(self, a: str, b: str) -> list[int]:
        """Quotes either way between ``a`` and ``b``, per chapter."""
        ab = self.conversation.get((a, b), [0] * self.n_chapters)
        ba = self.conversation.get((b, a), [0] * self.n_chapters)
        return [x + y for x, y in zip(ab, ba)]

    def pairs(self) -> list[tuple[str, str]]:
        """Every unordered pair linked by conversation or a relation, each once, as sorted tuples."""
        known = {c.id for c in self.a.characters}
        seen: set[tuple[str, str]] = set()
        for s, ad in self.conversation:
            seen.add(tuple(sorted((s, ad))))  # type: ignore[arg-type]
        for r in self.relations:
            seen.add(tuple(sorted((r.a, r.b))))  # type: ignore[arg-type]
        return sorted(p for p in seen if p[0] in known and p[1] in known)

    @cached_property
    def relations(self) -> list[Relation]:
        """The relations a reader is shown (sure enough: ``personae.relations.shown``); the JSON and the
        tables keep every relation with its confidence."""
        from ..relations import shown

        return shown(self.a.relations)

    def relations_between(self, a: str, b: str) -> list[Relation]:
        return [r for r in self.relations if {r.a, r.b} == {a, b}]

    # --- the text, cut for rendering -------------------------------------------------------------

    def block_kind(self, p: Paragraph) -> str | None:
        """The kind of the block holding paragraph ``p``, if any (the innermost, i.e. shortest)."""
        best = None
        for b in self._blocks_near(p.start):
            if b.start <= p.start and p.end <= b.end and (best is None or b.end - b.start < best.end - best.start):
                best = b
        return best.kind if best else None

    @cached_property
    def _block_starts(self) -> tuple[list[int], list[Any]]:
        blocks = sorted(self.a.structure.blocks, key=lambda b: b.start)
        return [b.start for b in blocks], blocks

    def _blocks_near(self, offset: int) -> list[Any]:
        starts, blocks = self._block_starts
        i = bisect.bisect_right(starts, offset)
        return [b for b in blocks[:i] if b.end > offset]

    def units(self, p: Paragraph) -> list[Unit]:
        """A paragraph as the units it renders as: one prose unit, or one unit per verse line."""
        kind = self.block_kind(p)
        if kind == "verse":
            out = []
            for m in re.finditer(r"[^\n]+", self.text[p.start : p.end]):
                s, e = p.start + m.start(), p.start + m.end()
                while s < e and self.text[s].isspace():  # indentation is layout, not part of the line
                    s += 1
                if e > s:
                    out.append(Unit(s, e, p, "l"))
            return out
        return [Unit(p.start, p.end, p, kind or "p")]

    @cached_property
    def _part_index(self) -> tuple[list[int], list[tuple[int, int, Quote, int]]]:
        parts = sorted(
            ((sp.start, sp.end, q, i) for q in self.a.quotes for i, sp in enumerate(q.parts or (Span(q.start, q.end),))),
            key=lambda t: (t[0], t[1]),
        )
        return [t[0] for t in parts], parts

    def pieces(self, start: int, end: int) -> list[Piece]:
        """Quote pieces inside [start, end), clipped to it, in text order, never overlapping (a part that
        starts inside an earlier one is cut to what follows it: nested quotes are not marked twice)."""
        starts, parts = self._part_index
        # Parts are sorted by start; any part overlapping [start, end) starts before ``end``. Long parts
        # that start earlier are found by scanning back a bounded distance.
        hi = bisect.bisect_left(starts, end)
        lo = bisect.bisect_left(starts, start)
        j = lo
        while j > 0 and parts[j - 1][1] > start and lo - j < 64:
            j -= 1
        out: list[Piece] = []
        pos = start
        for s, e, q, i in parts[j:hi]:
            s, e = max(s, start, pos), min(e, end)
            if e > s:
                out.append(Piece(s, e, q, i))
                pos = e
        return out

    @cached_property
    def _mentions(self) -> tuple[list[int], list[Mention]]:
        ms = self.a.character_mentions()
        return [m.start for m in ms], ms

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The exported mentions wholly inside [start, end), in text order, none overlapping an earlier one."""
        starts, ms = self._mentions
        out: list[Mention] = []
        for m in ms[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]:
            if m.end <= end and (not out or m.start >= out[-1].end):
                out.append(m)
        return out


def names(analysis: Analysis, ids: Sequence[str]) -> list[str]:
    return [(analysis.character(i).name if analysis.character(i) else i) for i in ids]
