"""Chapters found in plain text: headings sorted into chapters and parts, the front matter around them
(tables of contents, title pages, volume title pages, end marks), then each chapter between two headings."""

from __future__ import annotations

from ..model import Block
from .builder import Builder, Unit
from .chapters import ChapterHeadings, chapter_headings
from .front import interstitial, merge_ranges, opening_front_matter
from .headings import END_MARK, Heading
from .lines import Page
from .paragraphs import paragraphs

Ranges = list[tuple[int, int]]  # line ranges (first, one past last)


def from_text(builder: Builder) -> None:
    """Chapters, parts and front matter of a text whose format states none of them."""
    page = builder.page
    found = chapter_headings(page)
    units, parts = found.units, found.parts
    first_unit = units[0].first if units else len(page.lines)
    # Headings of parts, and "END OF VOL. I." style marks, are heading blocks.
    for h in parts:
        builder.blocks.append(Block("heading", *page.span(h.first, h.last)))
    if len(parts) == 1 and parts[0].first < first_unit and parts[0].title:
        builder.title = parts[0].title  # one named part over all the chapters: the work's own title
    end_marks = _end_marks(page)
    for i in sorted(end_marks):
        builder.blocks.append(Block("heading", *page.span(i, i)))
    # Before the first chapter: front matter, then (if any) story text as an untitled first chapter.
    pre_end = min([first_unit] + [h.first for h in parts if h.first < first_unit])
    front_ranges = _front_ranges(page, found, end_marks, pre_end)
    for a, z in front_ranges:
        builder.front(a, z)
    skip = {i for a, z in front_ranges for i in range(a, z)} | _lines_of(parts) | end_marks
    for h, a, z in _chapter_bounds(page, units, skip, pre_end):
        builder.chapter(
            Unit(
                title=h.title if h is not None else None,
                heading=page.span(h.first, h.last) if h is not None else None,
                first=a,
                stop=z,
                breaks={i for s in found.subs if a <= s.first < z for i in range(s.first, s.last + 1)},
                skip={i for i in skip if a <= i < z},
            )
        )


def _lines_of(heads: list[Heading]) -> set[int]:
    return {i for h in heads for i in range(h.first, h.last + 1)}


def _end_marks(page: Page) -> set[int]:
    """Lines set apart that close a work or a volume ("THE END", "END OF VOL. I.")."""
    return {i for i, ln in enumerate(page.lines) if ln.text and END_MARK.match(ln.text) and page.blank(i - 1) and page.blank(i + 1)}


def _front_ranges(page: Page, found: ChapterHeadings, end_marks: set[int], pre_end: int) -> Ranges:
    """Front matter as line ranges: tables of contents, sections a front-matter heading opens (Preface,
    Contents, running to the next heading), what precedes the story before the first heading, and the
    title pages of volumes; pieces of one title page joined."""
    n = len(page.lines)
    stops = sorted({h.first for h in found.units} | {h.first for h in found.parts} | {n})
    ranges: Ranges = [(a, z + 1) for a, z in found.tocs]
    for h in found.fronts:
        ranges.append((h.first, next(s for s in stops if s > h.first)))
    ranges += _opening(page, pre_end, ranges, bool(found.units))
    # Volume title pages between chapters: display lines around a part heading or an end mark.
    for h in found.parts:
        ranges.extend(interstitial(page, h.first, h.last, found.units))
    for i in sorted(end_marks):
        ranges.extend(interstitial(page, i, i, found.units))
    return _join_title_pages(page, merge_ranges(ranges), _lines_of(found.parts) | end_marks)


def _opening(page: Page, pre_end: int, known: Ranges, has_chapters: bool) -> Ranges:
    """The front matter among the paragraphs before the first heading (those not already in ``known``)."""
    pre_paras = [p for p in paragraphs(page, 0, pre_end, set()) if not any(a <= p.first < z for a, z in known)]
    k = opening_front_matter(page, pre_paras, has_chapters)
    return [(pre_paras[0].first, pre_paras[k - 1].last + 1)] if k else []


def _join_title_pages(page: Page, ranges: Ranges, display: set[int]) -> Ranges:
    """Pieces of one title page separated only by blank lines or a volume heading are one block."""
    joined: Ranges = []
    for a, z in ranges:
        if joined and all(not page.lines[k].text or k in display for k in range(joined[-1][1], a)):
            joined[-1] = (joined[-1][0], z)
        else:
            joined.append((a, z))
    return joined


def _chapter_bounds(page: Page, units: list[Heading], skip: set[int], pre_end: int) -> list[tuple[Heading | None, int, int]]:
    """Each chapter as (its heading, first line of its content, one past its last line); story text
    before the first heading is an untitled chapter with no heading."""
    n = len(page.lines)
    first_unit = units[0].first if units else n
    bounds: list[tuple[Heading | None, int, int]] = []
    if pre_end > 0 and any(i not in skip and page.lines[i].text for i in range(0, first_unit)):
        bounds.append((None, 0, first_unit))
    for idx, h in enumerate(units):
        nxt = units[idx + 1].first if idx + 1 < len(units) else n
        bounds.append((h, h.last + 1, nxt))
    return bounds
