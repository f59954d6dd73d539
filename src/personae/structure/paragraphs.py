"""Paragraphs: runs of lines between blank lines, tab indents and scene breaks; and where a line was
broken on purpose rather than by a wrapping printer."""

from __future__ import annotations

from .breaks import is_break_line
from .lines import Page, Para

_SPEECH_OPENERS = "\"'\u201c\u2018"


def _speech_start(s: str) -> bool:
    return bool(s) and s[0] in _SPEECH_OPENERS


def paragraphs(
    page: Page, first: int, stop: int, skip: set[int], breaks: frozenset[int] | set[int] = frozenset(), plain: bool = False
) -> list[Para]:
    """Paragraphs of lines ``first..stop-1``: blank lines separate them; a tab-indented line starts a new one
    (see ``Layout`` for when it does not). Lines in ``skip`` (headings, front matter) are not text; lines in
    ``breaks`` (section numbers inside a chapter) are not text and start a new scene. ``plain`` splits
    by blank lines and tabs alone, ignoring the layout's conventions (``each_line``,
    ``blank_separated_tabs``)."""
    lines = page.lines
    each_line = not plain and page.layout.each_line
    blank_tabs = not plain and page.layout.blank_separated_tabs
    short = page.cfg.tab_continues_max_length
    out: list[Para] = []
    cur: Para | None = None
    blanks = 0
    pending_break = False
    for k in range(first, stop):
        ln = lines[k]
        if k in breaks:
            cur, blanks = None, 0
            pending_break = True
            continue
        if k in skip:
            cur, blanks = None, 0
            continue
        if not ln.text:
            cur = None
            blanks += 1
            continue
        if is_break_line(ln.text, page.cfg) and (page.blank(k - 1) or page.blank(k + 1)):
            cur, blanks = None, 0
            pending_break = True
            continue
        # A tab opens a paragraph (fan fiction indents every paragraph with one); spaces do not, since
        # printed verse indents alternate lines.
        new = cur is None or each_line or (
            ln.indent.startswith("\t")
            and not (blank_tabs and len(lines[k - 1].text) <= short and not _speech_start(lines[k - 1].text) and not _speech_start(ln.text))
        )
        if new:
            cur = Para(k, k, blanks, pending_break)
            out.append(cur)
            pending_break = False
        else:
            cur.last = k
        blanks = 0
    return out


def deliberate_breaks(page: Page, p: Para) -> float:
    """Share of the line ends inside ``p`` that a wrapping printer would not have made: the next word
    would still have fitted. Hard-wrapped prose has none; verse and letters' address lines have many."""
    n = p.last - p.first
    if n <= 0:
        return 0.0
    if not page.layout.wrapped:
        return 1.0
    lines = page.lines
    room = page.layout.width - page.cfg.wrap_margin
    free = 0
    for k in range(p.first, p.last):
        nxt = lines[k + 1].text.split()[0]
        if (lines[k].hi - lines[k].start) + 1 + len(nxt) <= room:
            free += 1
    return free / n
