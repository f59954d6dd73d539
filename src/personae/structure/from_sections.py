"""Chapters as the format states them (``doc.sections`` from HTML/EPUB); paragraphs, breaks and blocks
inside each are recovered from the text, and text outside every chapter is front matter."""

from __future__ import annotations

import bisect

from ..document import Section, Span
from ..model import Block, Paragraph
from .builder import Builder, Unit
from .headings import parse_heading, reader_title
from .lines import Page
from .paragraphs import paragraphs

_NOT_STORY = ("author_note", "front_matter")  # section kinds the format marks as outside the story


class _Locator:
    """Sections (character offsets) located among the page's lines."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.starts = [ln.start for ln in page.lines]

    def line_at(self, off: int) -> int:
        return max(0, bisect.bisect_right(self.starts, off) - 1)

    def lines_between(self, start: int, end: int) -> range:
        """The lines holding offsets ``start..end-1``."""
        return range(self.line_at(start), self.line_at(end - 1) + 1)

    def line_range(self, sec: Section) -> range:
        return range(self.line_at(sec.start), self.line_at(max(sec.start, sec.end - 1)) + 1)

    def trimmed(self, sec: Section) -> tuple[int, int] | None:
        """The section's offsets without surrounding white space; None if it is only white space."""
        chunk = self.page.text[sec.start : sec.end]
        lead = len(chunk) - len(chunk.lstrip())
        e = sec.start + len(chunk.rstrip())
        return (sec.start + lead, e) if e > sec.start + lead else None


def from_sections(builder: Builder, sections: tuple[Section, ...], body: Span) -> None:
    """Chapters as ``sections`` state them, each filled from the text; text outside them is front matter."""
    loc = _Locator(builder.page)
    chapters = sorted((s for s in sections if s.kind == "chapter"), key=lambda s: s.start)
    others = [s for s in sections if s.kind != "chapter"]
    for s in others:
        span = loc.trimmed(s)
        if s.kind in _NOT_STORY and span is not None:
            builder.blocks.append(Block(s.kind, *span))
    covered: set[int] = set()
    prev_end = body.start
    for c in chapters:
        # Chapters are kept inside the body and from overlapping the one before.
        cs, ce = max(c.start, prev_end, body.start), min(c.end, body.end)
        if ce <= cs:
            continue
        prev_end = ce
        covered.update(loc.lines_between(cs, ce))
        builder.chapter(_chapter(builder, loc, c, cs, ce, others))
    # Headings outside chapters (the work's title, "Contents") are headings too.
    for s in others:
        if s.kind == "heading" and loc.trimmed(s) is not None and not any(c.start <= s.start < c.end for c in chapters):
            builder.blocks.append(Block("heading", *loc.trimmed(s)))
    _outside_chapters(builder, loc, covered, others)


def _chapter(builder: Builder, loc: _Locator, c: Section, cs: int, ce: int, others: list[Section]) -> Unit:
    """The chapter section ``c``, clipped to offsets ``cs..ce``, with the sections inside it: its
    heading, its scene breaks, what is not story."""
    page = builder.page
    rows = loc.lines_between(cs, ce)
    inner = [s for s in others if cs <= s.start and s.end <= ce]
    heads = [s for s in inner if s.kind == "heading" and loc.trimmed(s) is not None]
    skip = {k for s in heads for k in loc.line_range(s)}
    heading = loc.trimmed(heads[0]) if heads and not page.text[cs : heads[0].start].strip() else None
    if heading is None:
        first = _heading_line(page, c, rows)
        if first is not None:
            heading = page.span(first, first)
            skip.add(first)
    breaks = {k for s in inner if s.kind == "scene_break" for k in loc.line_range(s)}
    exclude = [(s.start, s.end) for s in inner if s.kind in _NOT_STORY]
    for s in heads[1:]:
        builder.blocks.append(Block("heading", *loc.trimmed(s)))
    return Unit(reader_title(c.title, page.cfg), heading, rows.start, rows.stop, breaks - skip, skip, exclude)


def _heading_line(page: Page, c: Section, rows: range) -> int | None:
    """With no heading marked, the chapter's first line is its heading when it states the title or
    reads as one ("Chapter 3: Unlovable")."""
    first = next((k for k in rows if page.lines[k].text), None)
    if first is None:
        return None
    text = page.lines[first].text
    if c.title and text.strip(" .:") == c.title.strip(" .:"):
        return first
    if parse_heading(page, first, page.layout.wrapped) is not None and page.blank(first + 1):
        return first
    return None


def _outside_chapters(builder: Builder, loc: _Locator, covered: set[int], others: list[Section]) -> None:
    """Text outside every chapter (title page, summary, end notes) is front matter, in one block per
    stretch the format did not already mark."""
    lines = builder.page.lines
    marked: set[int] = set()
    for s in others:
        if s.kind in _NOT_STORY:
            marked.update(loc.line_range(s))
    for first, stop in _runs([k for k in range(len(lines)) if k not in covered]):
        for p in paragraphs(builder.page, first, stop, set()):
            builder.paragraphs.append(Paragraph(*builder.page.span(p.first, p.last), -1, -1))
        for a, z in _runs([k for k in range(first, stop) if k not in marked]):
            paras = paragraphs(builder.page, a, z, set())
            if paras:
                builder.blocks.append(Block("front_matter", *builder.page.span(paras[0].first, paras[-1].last)))


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs in sorted ``indices`` as (first, one past last)."""
    out: list[tuple[int, int]] = []
    for k in indices:
        if out and out[-1][1] == k:
            out[-1] = (out[-1][0], k + 1)
        else:
            out.append((k, k + 1))
    return out
