"""Which headings make the chapters: tables of contents (skipped), running sequences of numbers, parts over
chapters, numbered sections inside chapters, numbered stanzas (not chapters), and, when nothing is
numbered, titles in capitals recurring between long stretches of prose."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .breaks import is_break_line
from .headings import BARE, CHAPTER_WORDS, FRONT, KEYWORD, NAMED, PART_WORDS, Heading, find_headings, number_value, title_like
from .lines import Page
from .paragraphs import paragraphs
from .settings import StructureSettings
from .verse import verse_like


@dataclass
class ChapterHeadings:
    """The headings of a text sorted by role."""

    tocs: list[tuple[int, int]]  # tables of contents, as line ranges (first, last inclusive)
    units: list[Heading]  # headings that open a chapter
    parts: list[Heading]  # parts, books, volumes grouping the chapters
    subs: list[Heading]  # numbered sections inside a chapter: scene breaks
    fronts: list[Heading]  # "Preface", "Contents": front-matter section names


def chapter_headings(page: Page) -> ChapterHeadings:
    """The headings of the page outside its tables of contents, sorted into chapters, parts, sections."""
    tocs = find_contents(page)
    skip = {k for a, z in tocs for k in range(a, z + 1)}
    heads = find_headings(page, skip)
    units, parts, subs = _chapter_level(heads, page.cfg)
    if units and all(h.kind == "bare" for h in units) and _numbered_stanzas(page, units):
        units = []
    if not units and not parts:
        units = _title_headings(page, skip)
    return ChapterHeadings(tocs, units, parts, subs, [h for h in heads if h.kind == "front"])


# --- tables of contents ----------------------------------------------------------------------------

_TOC_QUICK = re.compile(rf"^(?:{CHAPTER_WORDS}|{PART_WORDS}|the\b|prologue|epilogue|interlude|afterword|postscript|coda|\d|[IVXLCDM]+\.)", re.I)
_PAGE_NUMBER = re.compile(r"(?:\s*\.){2,}\s*\d+$|\s{2,}\d+$")  # "Chapter I ....... 7", "Chapter I     7"


def _toc_line(s: str, cfg: StructureSettings) -> bool:
    """A line as a table of contents lists it: a heading, maybe with a page number after it."""
    if not _TOC_QUICK.match(s):
        return False
    s = _PAGE_NUMBER.sub("", s).strip()
    if len(s) > cfg.toc_entry_max_length:
        return False
    m = KEYWORD.match(s)
    if m and number_value(m.group("num")) is not None and not (m.group("title") and m.group("title")[0].islower()):
        return True
    m = BARE.match(s)
    return bool(m and m.group("dot") and m.group("title") and title_like(m.group("title"), cfg)) or bool(
        NAMED.match(s) and len(s) < cfg.toc_named_entry_max_length
    )


def find_contents(page: Page) -> list[tuple[int, int]]:
    """Tables of contents: enough heading-like lines with at most one short line (a title) between
    consecutive ones. Returned as line ranges (first, last inclusive), with the "Contents" line."""
    lines, cfg = page.lines, page.cfg
    out: list[tuple[int, int]] = []
    i = 0
    n = len(lines)
    while i < n:
        if not (lines[i].text and _toc_line(lines[i].text, cfg)):
            i += 1
            continue
        entries = _toc_entries(page, i)
        if len(entries) < cfg.toc_min_entries:
            i = entries[0] + 1
            continue
        first = i
        j = i - 1
        while j >= 0 and i - j <= cfg.toc_title_max_lines_above and not lines[j].text:
            j -= 1
        if j >= 0 and FRONT.match(lines[j].text):
            first = j  # the "Contents" line above the entries
        last = entries[-1]
        if last + 1 < n and lines[last + 1].text and len(lines[last + 1].text) <= cfg.toc_title_max_length and not _toc_line(lines[last + 1].text, cfg):
            last += 1  # the last entry's title on the line below it
        out.append((first, last))
        i = last + 1
    return out


def _toc_entries(page: Page, i: int) -> list[int]:
    """The lines of the entries of a table of contents whose first entry is line ``i``."""
    lines, cfg = page.lines, page.cfg
    entries = [i]
    k = i + 1
    between = 0  # non-entry lines since the last entry (at most one: the entry's title)
    while k < len(lines):
        t = lines[k].text
        if not t:
            k += 1
            continue
        if _toc_line(t, cfg):
            entries.append(k)
            between = 0
        elif between == 0 and len(t) <= cfg.toc_title_max_length and not is_break_line(t, cfg):
            between = 1
        else:
            # Story text follows: the last "entry" was the first real heading after the table.
            if len(entries) > cfg.toc_min_entries or (len(entries) == cfg.toc_min_entries and between == 0):
                entries.pop()
            break
        k += 1
    return entries


# --- chapter level ---------------------------------------------------------------------------------


def _chapter_level(heads: list[Heading], cfg: StructureSettings) -> tuple[list[Heading], list[Heading], list[Heading]]:
    """Split headings into chapter units, part headings, and sub-section headings (scene breaks)."""
    chapters = [h for h in heads if h.kind == "chapter"]
    parts = [h for h in heads if h.kind == "part"]
    bare = _sequence([h for h in heads if h.kind == "bare"], parts, cfg)
    named = [h for h in heads if h.kind == "named"]
    subs = []
    for h in (h for h in heads if h.kind == "sub"):
        # Section numbers count up inside a chapter and restart at 1; a stray "[7]" is a footnote mark.
        if h.number == 1 or (subs and subs[-1].number is not None and h.number == subs[-1].number + 1):
            subs.append(h)
    if len(chapters) >= cfg.min_sequence or (chapters and not bare):
        units = chapters
        # Numbers restarting inside each chapter are its sections, i.e. scenes.
        subs += bare
    elif len(bare) >= cfg.min_sequence:
        # One "ADVENTURE I. A SCANDAL IN BOHEMIA" over sections "I.", "II.": the sections are the
        # chapters and the lone keyword heading names the whole, like a part.
        units, parts = bare, sorted(parts + chapters, key=lambda h: h.first)
    elif parts:
        units, parts = parts, []
    else:
        units = chapters + bare
    units = sorted(units + named, key=lambda h: h.first)
    return units, parts, sorted(subs, key=lambda h: h.first)


def _sequence(cands: list[Heading], parts: list[Heading], cfg: StructureSettings) -> list[Heading]:
    """Bare numbers count as headings only in a running sequence (1, 2, 3 ... restarting after a part):
    a stray "I." in dialogue or a numbered list does not continue the book's numbering."""
    kept: list[Heading] = []
    for h in cands:
        n = h.number or 0
        if not kept or (len(kept) == 1 and n == 1):
            # A lone "1" so far may have been a stray line; a new "1" restarts the sequence.
            if kept and n == 1:
                kept.clear()
            ok = n <= cfg.sequence_max_first
        else:
            prev = kept[-1]
            restarted = any(prev.first < p.first < h.first for p in parts)
            ok = prev.number is not None and prev.number < n <= prev.number + cfg.sequence_max_step or (n == 1 and restarted)
        if ok:
            kept.append(h)
    return kept if len(kept) >= cfg.min_sequence else []


def _numbered_stanzas(page: Page, units: list[Heading]) -> bool:
    """Numbers over nothing but verse ("I." / stanza / "II." / stanza) number a poem's stanzas."""
    verse = 0
    for h, nxt in zip(units, units[1:]):
        # Split as plain text (the layout's paragraph conventions not applied), as it always has been.
        paras = paragraphs(page, h.last + 1, nxt.first, set(), plain=True)
        if paras and all(p.last > p.first and verse_like(page, p) for p in paras):
            verse += 1
    return verse >= page.cfg.stanza_numbers_min_verse_share * (len(units) - 1)


# --- chapters named in capitals --------------------------------------------------------------------

_CRY_END = re.compile(r"[!?]['\"\u201d\u2019]?$")


def _title_headings(page: Page, skip: set[int]) -> list[Heading]:
    """Chapters named but not numbered ("THE SISTERS" ... "ARABY"): a line in capitals with two blank
    lines above it and one below, recurring with long stretches of prose between. Only consulted when
    the text has no numbered headings."""
    cfg = page.cfg
    found: list[Heading] = []
    words_since = 0
    gaps: list[int] = []
    for i, ln in enumerate(page.lines):
        if not ln.text or i in skip:
            continue
        s = ln.text
        letters = [c for c in s if c.isalpha()]
        if (
            len(s) <= cfg.titled_heading_max_length
            and len(letters) >= cfg.titled_heading_min_letters
            and all(c.isupper() for c in letters)
            and s[0] not in "\"'\u201c\u2018(["
            and not _CRY_END.search(s)
            # two blank lines above (none exist at the top of the text), or centred by indentation
            and (i < 2 or (page.blank(i - 1) and page.blank(i - 2)) or len(ln.indent) >= cfg.titled_heading_min_indent)
            and page.blank(i + 1)
        ):
            if found:
                gaps.append(words_since)
            found.append(Heading("titled", i, i, None, s))
            words_since = 0
            continue
        words_since += len(s.split())
    if len(found) < cfg.titled_min_headings or min(gaps) < cfg.titled_min_words_between or statistics.median(gaps) < cfg.titled_min_median_words_between:
        return []
    return found
