"""Front matter: title pages, author lines, dedications, epigraphs and fan-fiction headers before the first
chapter, volume title pages between chapters, and the work's title read from them."""

from __future__ import annotations

import re

from ..model import Block
from .blocks import AUTHOR_NOTE
from .headings import FRONT, Heading, parse_heading, title_like
from .lines import Page, Para
from .settings import StructureSettings
from .verse import song_lines, verse_continues, verse_like

FRONT_LINE = re.compile(
    r"^(?:by\b|translated\b|edited\b|illustrated\b|with\b|to\b|for\b|dedicated\b|title:|author:|release date|"
    # the header lines of a fan fiction download
    r"(?:rating|rated|summary|pairings?|genres?|words|word count|fandoms?|category|categories|characters|"
    r"warnings?|status|published|updated|chapters|series|beta|spoilers|feedback|archive|notes?)\s*:|"
    r"copyright|all rights|\(?\d{4}\)?\.?$|a novel\b|in (?:two|three|four) (?:parts|volumes|books)|\[illustration)",
    re.I,
)
_ATTRIBUTION = re.compile(r"^(?:--|[-\u2013\u2014]+)\s*\S.{0,60}$")  # "-- Keats", the source under an epigraph
_TITLE_LABEL = re.compile(r"^title:\s*", re.I)


def opening_front_matter(page: Page, paras: list[Para], has_chapters: bool) -> int:
    """How many of the paragraphs before the first heading (``paras``) are front matter; the rest is
    story text (an untitled first chapter)."""
    cfg = page.cfg
    k = _front_matter_end(page, paras)
    rest = paras[k:]
    if has_chapters and not [p for p in rest if page.words(p) >= cfg.opening_story_min_words or p.last - p.first >= cfg.opening_story_min_breaks]:
        return len(paras)  # nothing before the first heading reads as story: it is all front matter
    if not rest:
        return 0  # a text of display lines only is still the work
    # Story follows: lyrics that open it are the songfic's verse, not front matter.
    while k > 0 and _lyric_stanza(page, paras[k - 1]):
        k -= 1
    # ... also when typed one line per paragraph.
    j = k
    while j > 0 and paras[j - 1].first == paras[j - 1].last and not FRONT_LINE.match(page.lines[paras[j - 1].first].text):
        j -= 1
    while j < k and not song_lines(page, paras[j:k]):
        j += 1
    return j


def _lyric_stanza(page: Page, p: Para) -> bool:
    first = page.lines[p.first].text.lstrip("_*")
    return p.last > p.first and verse_like(page, p) and not FRONT_LINE.match(first) and not AUTHOR_NOTE.match(first)


def _front_matter_end(page: Page, paras: list[Para]) -> int:
    """How many leading paragraphs (before the first heading) are title page, dedication, epigraphs."""
    lines, cfg = page.lines, page.cfg
    k = 0
    n = len(paras)
    while k < n:
        p = paras[k]
        first = lines[p.first].text
        if AUTHOR_NOTE.match(first) or FRONT_LINE.match(first.lstrip("_*")):
            k += 1
            continue
        if k + 1 < n and _ATTRIBUTION.match(lines[paras[k + 1].first].text) and paras[k + 1].last == paras[k + 1].first:
            k += 2  # an epigraph and its attribution
            continue
        display = (
            all(len(lines[j].text) <= cfg.front_line_max_length for j in range(p.first, p.last + 1))
            and p.last - p.first < cfg.front_display_max_lines
            and page.words(p) <= cfg.front_display_max_words
        )
        if display or verse_like(page, p):
            k += 1
            continue
        if k > 0 and verse_like(page, paras[k - 1]) and verse_continues(page, p):
            k += 1
            continue
        break
    return k


def _title_page_lines(page: Page, first: int, last: int) -> bool:
    """Short lines of a title page ("PRIDE AND PREJUDICE:", "London:", "1813."), not prose."""
    cfg = page.cfg
    return all(len(page.lines[k].text) <= cfg.title_page_line_max_length for k in range(first, last + 1)) and last - first < cfg.title_page_max_lines


def interstitial(page: Page, first: int, last: int, units: list[Heading]) -> list[tuple[int, int]]:
    """Around a volume heading or an end mark (lines ``first..last``), the title-page lines up to the next
    chapter heading are front matter (a new volume's title page), as line ranges (first, one past last)."""
    lines = page.lines
    starts = {h.first for h in units}
    out: list[tuple[int, int]] = []
    k = last + 1
    while k < len(lines) and k not in starts:
        if lines[k].text:
            z = k
            while z + 1 < len(lines) and lines[z + 1].text:
                z += 1
            if not _title_page_lines(page, k, z) or parse_heading(page, k, True) is not None:
                # Another volume heading continues the title page; story text means this was no title page.
                return out if parse_heading(page, k, True) is not None else []
            out.append((k, z + 1))
            k = z
        k += 1
    return out


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges (first, one past last) merged, in order."""
    out: list[tuple[int, int]] = []
    for a, z in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], z))
        else:
            out.append((a, z))
    return out


def work_title(text: str, blocks: list[Block], cfg: StructureSettings) -> str | None:
    """The work's title: the first line of its front matter, when that line reads as a title."""
    fm = next((x for x in blocks if x.kind == "front_matter"), None)
    if fm is None:
        return None
    first = text[fm.start : fm.end].strip().split("\n")[0].strip()
    first = _TITLE_LABEL.sub("", first)
    if FRONT.match(first):
        return None  # "Dedication", "Contents": the name of a front-matter section, not of the work
    return first if title_like(first, cfg) else None
