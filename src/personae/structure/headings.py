"""Heading lines: chapter and part keywords, numbers in words or numerals, named sections, front-matter
section names, and the title a heading gives its chapter.

Which headings then make the chapters (a running sequence, parts over chapters, tables of contents to
skip) is decided in ``chapters``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon.numbers import ORDINAL_WORDS, TENS_WORDS, UNIT_WORDS
from .lines import NO_WRAP, Layout, Line, Page
from .settings import StructureSettings

# --- numbers in headings ---------------------------------------------------------------------------

_UNITS = UNIT_WORDS
_TENS = TENS_WORDS
_ORD = ORDINAL_WORDS
_WORD_VALUE = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: i + 1 for i, w in enumerate(_ORD)}
_WORD_VALUE |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_NUM = (
    r"(?:\d{1,4}|[IVXLCDM]+|[ivxlcdm]+"
    r"|(?:the\s+)?(?:" + "|".join(_ORD) + r")"
    r"|(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS[:9]) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
_COMPOUND = re.compile(r"[- ]")  # "twenty-one", "twenty one"


def number_value(tok: str) -> int | None:
    """The value of a heading's number: "12", "XII", "xii", "twelve", "the twelfth", "twenty-one"."""
    t = tok.strip().lower()
    if t.startswith("the "):
        t = t.removeprefix("the ").strip()
    if t.isdigit():
        return int(t)
    if t in _WORD_VALUE:
        return _WORD_VALUE[t]
    parts = _COMPOUND.split(t)
    if len(parts) == 2 and parts[0] in _WORD_VALUE and parts[1] in _WORD_VALUE:
        return _WORD_VALUE[parts[0]] + _WORD_VALUE[parts[1]]
    up = tok.strip().upper()
    # A Roman numeral is written in one case ("XIV", "xiv"); "Mix" or "Did" is a word.
    if up and ROMAN.match(up) and (tok.isupper() or tok.islower()):
        total = 0
        for a, b in zip(up, up[1:] + " "):
            v = _ROMAN_VALUE[a]
            total += -v if b != " " and _ROMAN_VALUE[b] > v else v
        return total
    return None


# --- heading patterns ------------------------------------------------------------------------------

# Words that introduce a chapter-level unit, and the larger units that group chapters.
CHAPTER_WORDS = r"chapter|chap\.|ch\.|adventure|stave|canto|letter|section"
PART_WORDS = r"part|book|volume|vol\."
_PART_WORD = re.compile(PART_WORDS, re.I)
_SEP = r"\s*(?:[:.\-\u2013\u2014]+\s*|\s+(?=\S))?"
KEYWORD = re.compile(
    rf"^(?P<kw>{CHAPTER_WORDS}|{PART_WORDS})\s+(?P<num>{_NUM})(?![\w'\u2019])(?P<sep>{_SEP})(?P<title>.*)$",
    re.I,
)
_KEYWORD_ALONE = re.compile(rf"^(?P<kw>{CHAPTER_WORDS}|{PART_WORDS})\.?$", re.I)
_NUM_ALONE = re.compile(rf"^(?P<num>{_NUM})\.?$", re.I)
# Sections every novel reader treats as chapters although they carry no number.
NAMED = re.compile(
    r"^(?:the\s+)?(?P<kw>prologue|epilogue|interlude|afterword|postscript|coda)\b(?P<sep>\s*[:.\-\u2013\u2014]*\s*)(?P<title>.*)$",
    re.I,
)
# Sections that frame the work rather than tell it.
FRONT = re.compile(
    r"^(?:the\s+)?(?:preface|foreword|introduction|contents|table of contents|dedication|acknowledge?ments?"
    r"|author'?s?\u2019?s? (?:note|preface)|note on the text|transcriber'?s?\u2019?s? note)\s*[:.]?$",
    re.I,
)
# A number alone, or a number and a title ("I. A SCANDAL IN BOHEMIA"), on a line set apart.
BARE = re.compile(r"^(?P<br>\[)?(?P<num>\d{1,3}|[IVXLCDM]+|[ivxlcdm]+)(?(br)\])(?P<dot>\.?)(?:\s+(?P<title>\S.*))?$")
# "THE END", "FINIS", "END OF VOL. I." close a work or a volume; they are typography, not story.
END_MARK = re.compile(r"^(?:the end\.?|finis\.?|end of (?:the )?(?:\w+ )?(?:vol\.?|volume|book|part)\b.*)$", re.I)
# Plain-text emphasis ("_Chapter I_", "**Chapter 2**") and a Markdown heading mark ("## Chapter 3",
# .md files are read as text) are typography around the heading.
_MARKDOWN_MARK = re.compile(r"^#{1,6}[ \t]+")
# Lower case starts a sentence's continuation, except a keyword or a lower-case numeral set alone ("iv.").
_LOWER_CASE_STARTS = ("chapter", "ch.", "prologue", "epilogue", "part", "book")
_LOWER_NUMERAL = re.compile(r"[ivxlc]+\.?")
_TITLE_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")
_SENTENCE_END = re.compile(r"[.!?]['\"\u201d\u2019]?$")
_ABBREVIATION_END = re.compile(r"\b[A-Z][a-z]{0,2}\.$")  # "Mr.", "St.": a full stop that ends no sentence
_QUOTE_OPENERS = "\"'\u201c\u2018"
_SPOKEN_LINE_END = re.compile(r"[!?.,]['\"\u201d\u2019]$")
_PROSE_LINE_END = re.compile(r"[.!?,;:]['\"\u201d\u2019]?$")


@dataclass
class Heading:
    kind: str  # chapter | part | named | front | bare | sub | titled
    first: int  # line index of the heading's first line
    last: int  # line index of its last line (title lines included)
    number: int | None
    title: str | None


def clean_title(t: str | None) -> str | None:
    if t is None:
        return None
    t = t.strip().strip(":.-\u2013\u2014 ").strip()
    return t or None


def title_like(s: str, cfg: StructureSettings) -> bool:
    """A line that reads as a title: capitalised words, no sentence running on."""
    if not s or len(s) > cfg.title_max_length or s[0] in "([":
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return False
    if all(not c.islower() for c in letters):
        return True
    words = _TITLE_WORD.findall(s)
    if not words or not words[0][0].isupper():
        return False
    if s[0] in _QUOTE_OPENERS:
        return False
    if _SENTENCE_END.search(s) and not _ABBREVIATION_END.search(s):
        return False
    # Short words ("of", "the", "in") stay in lower case in a title; most longer ones are capitalised.
    long = [w for w in words if len(w) > cfg.title_short_word_length]
    return not long or sum(w[0].isupper() for w in long) >= cfg.title_min_capitalised_share * len(long)


def _part_or_chapter(keyword: str) -> str:
    return "part" if _PART_WORD.match(keyword) else "chapter"


# --- one heading ------------------------------------------------------------------------------------


def parse_heading(page: Page, i: int, wrapped: bool) -> Heading | None:
    """The heading that line ``i`` starts, if it is one. In ``wrapped`` prose a heading must stand
    apart (a blank line above it), since a wrapped line can begin with "Chapter" by accident."""
    cfg = page.cfg
    s = _MARKDOWN_MARK.sub("", page.lines[i].text).strip("_*").strip()
    lower_ok = s.startswith(_LOWER_CASE_STARTS) or _LOWER_NUMERAL.fullmatch(s)
    if not s or len(s) > cfg.heading_max_length or (s[0].islower() and not lower_ok):
        return None
    apart_before = page.blank(i - 1)
    if wrapped and not apart_before:
        return None
    apart_after = page.blank(i + 1)
    alone = apart_before or not wrapped
    if alone and (m := KEYWORD.match(s)):
        return _keyword_heading(page, i, s, m, wrapped and not apart_after)
    if alone and (m := _KEYWORD_ALONE.match(s)):
        return _keyword_over_number(page, i, m)
    m = NAMED.match(s)
    if m and alone and (not m.group("title") or m.group("sep").strip()) and len(s) <= cfg.named_heading_max_length:
        return Heading("named", i, i, None, clean_title(m.group("title")) or clean_title(s))
    if FRONT.match(s) and apart_before and apart_after:
        return Heading("front", i, i, None, clean_title(s))
    m = BARE.match(s)
    if m and apart_before:
        return _bare_heading(page, i, m, apart_after)
    # A number spelled out alone on a line set apart ("Two", "_Seven_", "TWENTY-ONE") numbers a chapter
    # as a numeral would; like one, it counts only in a running sequence.
    m = _NUM_ALONE.match(s)
    if m and apart_before and apart_after and not ROMAN.match(s.rstrip(".").upper()):
        number = number_value(m.group("num"))
        if number is not None:
            return Heading("bare", i, i, number, None)
    return None


def _keyword_heading(page: Page, i: int, s: str, m: re.Match[str], runs_on: bool) -> Heading | None:
    """ "Chapter 3: Unlovable", "BOOK II.", "Chapter Twelve The Lake"; ``runs_on``: wrapped text goes on
    on the next line."""
    cfg = page.cfg
    number = number_value(m.group("num"))
    title = m.group("title").strip()
    sep = m.group("sep").strip()
    if number is None:
        return None
    if title and not sep and not title_like(title, cfg):
        return None  # "Chapter two was found, and she glanced ..." is a sentence
    h = Heading(_part_or_chapter(m.group("kw")), i, i, number, title or None)
    if title and runs_on:
        nxt = page.lines[i + 1].text
        if (len(nxt) <= cfg.title_continuation_max_length and page.blank(i + 2)) or title.endswith((",", ";", "-")):
            h.last = i + 1  # a long title carried onto the next line
            h.title = title + " " + nxt
        elif len(s) > cfg.heading_full_line_length:
            return None  # a full line running on into the next: prose that starts with "Chapter"
    return h


def _keyword_over_number(page: Page, i: int, m: re.Match[str]) -> Heading | None:
    """ "CHAPTER" with its number on a line below."""
    j = page.next_text(i, page.cfg.number_below_keyword_max_blanks)
    if j is None:
        return None
    below = _NUM_ALONE.match(page.lines[j].text)
    number = number_value(below.group("num")) if below else None
    if not number:
        return None
    return Heading(_part_or_chapter(m.group("kw")), i, j, number, None)


def _bare_heading(page: Page, i: int, m: re.Match[str], apart_after: bool) -> Heading | None:
    """ "IV.", "12", "I. A SCANDAL IN BOHEMIA", "[2]" (a section inside a chapter)."""
    number = number_value(m.group("num"))
    if number is None:
        return None
    title = m.group("title")
    if title is not None and (m.group("br") or not title_like(title, page.cfg)):
        return None  # "[4] Rascal" is a footnote; a bracketed section number stands alone
    if not apart_after and not (title is None and title_like(page.lines[i + 1].text, page.cfg) and page.blank(i + 2)):
        return None
    return Heading("sub" if m.group("br") else "bare", i, i, number, title)


# --- titles below headings -------------------------------------------------------------------------


def attach_title(page: Page, h: Heading) -> None:
    """A heading that is only a number often has its title on the next line, or after a blank line."""
    if h.title is not None or h.kind not in ("chapter", "part", "bare"):
        return
    lines = page.lines
    j = h.last + 1
    if j < len(lines) and lines[j].text:
        cand = lines[j].text
        if page.blank(j + 1) and title_like(cand, page.cfg) and not parse_heading(page, j, False):
            h.title, h.last = cand, j
        return
    j = page.next_text(h.last, page.cfg.title_below_max_blanks)
    if j is None:
        return
    cand = lines[j].text
    if cand[0] in _QUOTE_OPENERS and _SPOKEN_LINE_END.search(cand):
        return  # a line of speech ("TOM!") opening the chapter, not its title
    if page.blank(j + 1) and title_like(cand, page.cfg) and not parse_heading(page, j, False):
        if cand.isupper() or not _PROSE_LINE_END.search(cand):
            h.title, h.last = cand, j
        return
    # A long title in capitals wrapped onto a second line, then a blank line.
    if (
        j + 1 < len(lines)
        and page.blank(j + 2)
        and cand.isupper()
        and lines[j + 1].text.isupper()
        and len(cand) + len(lines[j + 1].text) <= page.cfg.wrapped_title_max_length
        and not parse_heading(page, j, False)
    ):
        h.title, h.last = cand + " " + lines[j + 1].text.strip(), j + 1


def find_headings(page: Page, skip: set[int]) -> list[Heading]:
    """Every heading line of the page outside ``skip`` (tables of contents), with its title attached."""
    found: list[Heading] = []
    lines = page.lines
    i = 0
    while i < len(lines):
        if lines[i].text and i not in skip:
            h = parse_heading(page, i, page.layout.wrapped)
            if h is not None:
                attach_title(page, h)
                found.append(h)
                i = h.last + 1
                continue
        i += 1
    return found


def reader_title(title: str | None, cfg: StructureSettings) -> str | None:
    """The name a reader calls a chapter, from a heading the format gives: "Chapter 1: The Lamp" ->
    "The Lamp", "CHAPTER I." -> None, "Prologue" -> "Prologue", "Lighting" -> "Lighting"."""
    if not title or not title.strip():
        return None
    probe = Page(title, [Line(0, len(title), title.strip(), "", 0, len(title))], Layout(False, NO_WRAP, ""), cfg)
    h = parse_heading(probe, 0, False)
    if h is None or h.kind in ("front", "sub"):
        return title.strip()
    return clean_title(h.title)
