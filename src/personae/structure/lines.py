"""The body of a work as lines, how its prose is laid out, and the page every rule reads.

Structure is recovered line by line: a heading, a scene break, a stanza are all decided by a line's
content and by the blank lines around it. ``Page`` bundles what those rules need: the text, its lines,
the measured layout and the thresholds (``StructureSettings``).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .settings import StructureSettings


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # offset of the first character of the line
    end: int  # offset of the line end (before "\n" / "\r\n")
    text: str  # stripped content
    indent: str  # leading white space
    lo: int  # offset of the first non-space character
    hi: int  # offset after the last non-space character


# A line ends at "\n" ("\r\n" keeps its "\r" on the line) or at a lone "\r": files from classic Mac OS
# editors end every line with "\r" alone, and offsets are kept without newline translation.
_EOL = re.compile(r"\n|\r(?!\n)")


def split_lines(text: str, start: int, end: int) -> list[Line]:
    """The lines of ``text[start:end]``, blank ones included (their ``text`` is empty)."""
    out: list[Line] = []
    pos = start
    while pos < end:
        m = _EOL.search(text, pos, end)
        stop = end if m is None else m.start()
        raw = text[pos:stop]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw) - len(raw.rstrip())
            out.append(Line(pos, stop, stripped, raw[:lead], pos + lead, stop - trail))
        else:
            out.append(Line(pos, stop, "", raw, pos, pos))
        pos = stop + 1
    return out


def is_blank(lines: list[Line], i: int) -> bool:
    """Line ``i`` is blank; so is every line before the first or after the last."""
    return i < 0 or i >= len(lines) or not lines[i].text


# The wrap width of text whose lines are whole paragraphs: no line is too long to be one.
NO_WRAP = 10_000


@dataclass(frozen=True)
class Layout:
    wrapped: bool  # prose hard-wrapped at a fixed width (a printed book's plain-text edition)
    width: int  # wrap width of the prose (NO_WRAP when lines are whole paragraphs)
    indent: str  # the usual indentation of a prose line
    # Whole paragraphs on consecutive lines with no blank between (a common plain-text export).
    each_line: bool = False
    # Blank lines separate the paragraphs although each begins with a tab (a word processor's first-line
    # indent): a tab after a short line then continues a block broken line by line (a stanza, a note),
    # unless either line opens with a quotation mark (two short lines of dialogue are two paragraphs).
    blank_separated_tabs: bool = False


def measure_layout(lines: list[Line], cfg: StructureSettings) -> Layout:
    """How the prose is laid out: hard-wrapped (and at what width), one paragraph per line, or
    paragraphs separated by blank lines although tab-indented."""
    lengths = []  # lengths of lines followed by another non-blank line (lines a wrap may have cut)
    followed = 0
    nonblank = 0
    for k, ln in enumerate(lines):
        if not ln.text:
            continue
        nonblank += 1
        if k + 1 < len(lines) and lines[k + 1].text:
            followed += 1
            lengths.append(ln.hi - ln.start)
    indents = [ln.indent for ln in lines if ln.text]
    usual_indent = statistics.mode(indents) if indents else ""
    if nonblank and followed >= cfg.wrapped_min_followed_share * nonblank and len(lengths) >= cfg.wrapped_min_lines:
        lengths.sort()
        width = lengths[int(cfg.wrap_width_quantile * (len(lengths) - 1))]
        if width <= cfg.wrapped_max_width:
            return Layout(True, width, usual_indent)
    each_line = (
        nonblank >= cfg.each_line_min_lines
        and followed >= cfg.each_line_min_followed_share * nonblank
        and bool(lengths)
        and statistics.median(lengths) > cfg.each_line_min_median_length
    )
    tabbed = [k for k, ln in enumerate(lines) if ln.text and ln.indent.startswith("\t")]
    after_blank = sum(1 for k in tabbed if is_blank(lines, k - 1))
    blank_tabs = len(tabbed) >= cfg.tabbed_min_lines and after_blank >= cfg.tabbed_min_after_blank_share * len(tabbed)
    return Layout(False, NO_WRAP, usual_indent, each_line, blank_tabs)


@dataclass
class Para:
    """A paragraph being found: a run of lines (indexes into ``Page.lines``)."""

    first: int
    last: int
    gap: int  # blank lines before it (0 when split by indentation or after a heading)
    scene_break_before: bool = False


@dataclass(frozen=True, eq=False)
class Page:
    """The body's lines as laid out, with the thresholds to judge them by: what every rule reads."""

    text: str  # the whole decoded text (lines hold offsets into it)
    lines: list[Line]
    layout: Layout
    cfg: StructureSettings

    @classmethod
    def of(cls, text: str, start: int, end: int, cfg: StructureSettings) -> Page:
        lines = split_lines(text, start, end)
        return cls(text, lines, measure_layout(lines, cfg), cfg)

    def blank(self, i: int) -> bool:
        return is_blank(self.lines, i)

    def next_text(self, i: int, max_blanks: int) -> int | None:
        """The first non-blank line after ``i`` across at most ``max_blanks`` blank lines, else None."""
        lines = self.lines
        j = i + 1
        while j < len(lines) and j <= i + max_blanks and not lines[j].text:
            j += 1
        return j if j < len(lines) and lines[j].text else None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of the text of lines ``first..last`` (inclusive), without surrounding white space."""
        return self.lines[first].lo, self.lines[last].hi

    def words(self, p: Para) -> int:
        return sum(len(self.lines[k].text.split()) for k in range(p.first, p.last + 1))
