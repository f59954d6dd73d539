"""Story structure: chapters (with titles), scenes, paragraphs and blocks, as offsets into the text.

``detect_structure(doc)`` works on lines of ``doc.text`` inside ``doc.body_span`` and never reads outside
it. When the format already states the chapters (``doc.sections`` from HTML/EPUB), those are used and
only the inside of each chapter (paragraphs, scene breaks, verse, letters) is recovered from the text.

Conventions (what the JSON means):

- A chapter runs from its heading line to the end of its last paragraph; its ``title`` is the name a
  reader gives it: the words after the number ("Chapter 1: Lover After Me" -> "Lover After Me"), the
  next line when the title is set below the number ("CHAPTER I." / "Down the Rabbit-Hole"), the word
  itself for a named section ("Prologue"), and ``None`` when the heading is only a number ("CHAPTER IV.").
  The whole heading is in ``Chapter.heading`` and in a ``heading`` block.
- Parts/books/volumes are ``heading`` blocks when the work also has chapters, else they are the chapters.
- Story text before the first heading becomes an untitled chapter; title pages, author lines, tables of
  contents, dedications, epigraphs, prefaces are ``front_matter`` blocks and belong to no chapter.
- Scenes tile the story text of a chapter between scene breaks; a break line belongs to no scene.
- Heading lines and scene-break lines are not paragraphs. Every other non-blank line is in exactly one
  paragraph; paragraphs in front matter have ``chapter == scene == -1``.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field

from .document import Document, Section, Span
from .model import Block, Chapter, Paragraph, Scene, Structure

# --- lines -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # offset of the first character of the line
    end: int  # offset of the line end (before "\n" / "\r\n")
    text: str  # stripped content
    indent: str  # leading white space
    lo: int  # offset of the first non-space character
    hi: int  # offset after the last non-space character


# A line ends at "\n" ("\r\n" keeps its "\r" on the line) or at a lone "\r": files from classic Mac OS
# editors end every line with "\r" alone, and offsets are kept without newline translation.
_EOL = re.compile(r"\n|\r(?!\n)")


def _lines(text: str, start: int, end: int) -> list[_Line]:
    out: list[_Line] = []
    pos = start
    while pos < end:
        m = _EOL.search(text, pos, end)
        stop = end if m is None else m.start()
        raw = text[pos:stop]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw) - len(raw.rstrip())
            out.append(_Line(pos, stop, stripped, raw[:lead], pos + lead, stop - trail))
        else:
            out.append(_Line(pos, stop, "", raw, pos, pos))
        pos = stop + 1
    return out


# --- numbers in headings ---------------------------------------------------------------------------

_UNITS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORD = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
_WORD_VALUE = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: i + 1 for i, w in enumerate(_ORD)}
_WORD_VALUE |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_ROMAN_OK = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_NUM = (
    r"(?:\d{1,4}|[IVXLCDM]+|[ivxlcdm]+"
    r"|(?:the\s+)?(?:" + "|".join(_ORD) + r")"
    r"|(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS[:9]) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)


def _number(tok: str) -> int | None:
    t = tok.strip().lower()
    if t.startswith("the "):
        t = t[4:].strip()
    if t.isdigit():
        return int(t)
    if t in _WORD_VALUE:
        return _WORD_VALUE[t]
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in _WORD_VALUE and parts[1] in _WORD_VALUE:
        return _WORD_VALUE[parts[0]] + _WORD_VALUE[parts[1]]
    up = tok.strip().upper()
    if up and _ROMAN_OK.match(up) and (tok.isupper() or tok.islower()):
        total = 0
        for a, b in zip(up, up[1:] + " "):
            v = _ROMAN_VALUE[a]
            total += -v if b != " " and _ROMAN_VALUE[b] > v else v
        return total
    return None


# --- headings --------------------------------------------------------------------------------------

# Words that introduce a chapter-level unit, and the larger units that group chapters.
_CHAPTER_WORDS = r"chapter|chap\.|ch\.|adventure|stave|canto|letter|section"
_PART_WORDS = r"part|book|volume|vol\."
_SEP = r"\s*(?:[:.\-\u2013\u2014]+\s*|\s+(?=\S))?"
_KEYWORD = re.compile(
    rf"^(?P<kw>{_CHAPTER_WORDS}|{_PART_WORDS})\s+(?P<num>{_NUM})(?![\w'\u2019])(?P<sep>{_SEP})(?P<title>.*)$",
    re.I,
)
_KEYWORD_ALONE = re.compile(rf"^(?P<kw>{_CHAPTER_WORDS}|{_PART_WORDS})\.?$", re.I)
_NUM_ALONE = re.compile(rf"^(?P<num>{_NUM})\.?$", re.I)
# Sections every novel reader treats as chapters although they carry no number.
_NAMED = re.compile(
    r"^(?:the\s+)?(?P<kw>prologue|epilogue|interlude|afterword|postscript|coda)\b(?P<sep>\s*[:.\-\u2013\u2014]*\s*)(?P<title>.*)$",
    re.I,
)
# Sections that frame the work rather than tell it.
_FRONT = re.compile(
    r"^(?:the\s+)?(?:preface|foreword|introduction|contents|table of contents|dedication|acknowledge?ments?"
    r"|author'?s?\u2019?s? (?:note|preface)|note on the text|transcriber'?s?\u2019?s? note)\s*[:.]?$",
    re.I,
)
# A number alone, or a number and a title ("I. A SCANDAL IN BOHEMIA"), on a line set apart.
_BARE = re.compile(rf"^(?P<br>\[)?(?P<num>\d{{1,3}}|[IVXLCDM]+|[ivxlcdm]+)(?(br)\])(?P<dot>\.?)(?:\s+(?P<title>\S.*))?$")
# "THE END", "FINIS", "END OF VOL. I." close a work or a volume; they are typography, not story.
_END_MARK = re.compile(r"^(?:the end\.?|finis\.?|end of (?:the )?(?:\w+ )?(?:vol\.?|volume|book|part)\b.*)$", re.I)


@dataclass
class _Heading:
    kind: str  # chapter | part | named | front | bare | sub
    first: int  # line index of the heading's first line
    last: int  # line index of its last line (title lines included)
    number: int | None
    title: str | None


def _clean_title(t: str | None) -> str | None:
    if t is None:
        return None
    t = t.strip().strip(":.-\u2013\u2014 ").strip()
    return t or None


def _title_like(s: str) -> bool:
    """A line that reads as a title: capitalised words, no sentence running on."""
    if not s or len(s) > 80 or s[0] in "([":
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return False
    if all(not c.islower() for c in letters):
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", s)]
    if not words or not words[0][0].isupper():
        return False
    if s[0] in "\"\u201c\u2018'":
        return False
    if re.search(r"[.!?]['\"\u201d\u2019]?$", s) and not re.search(r"\b[A-Z][a-z]{0,2}\.$", s):
        return False
    long = [w for w in words if len(w) > 3]
    return not long or sum(w[0].isupper() for w in long) >= 0.5 * len(long)


def _is_blank(lines: list[_Line], i: int) -> bool:
    return i < 0 or i >= len(lines) or not lines[i].text


def _next_nonblank(lines: list[_Line], i: int, limit: int) -> int | None:
    j = i + 1
    while j < len(lines) and j <= i + limit and not lines[j].text:
        j += 1
    return j if j < len(lines) and lines[j].text else None


def _parse_heading(lines: list[_Line], i: int, wrapped: bool) -> _Heading | None:
    # Plain-text emphasis ("_Chapter I_", "**Chapter 2**") and a Markdown heading mark ("## Chapter 3",
    # .md files are read as text) are typography around the heading.
    s = re.sub(r"^#{1,6}[ \t]+", "", lines[i].text).strip("_*").strip()
    # Lower case starts a sentence's continuation, except a keyword or a lower-case numeral set alone ("iv.").
    lower_ok = s.startswith(("chapter", "ch.", "prologue", "epilogue", "part", "book")) or re.fullmatch(r"[ivxlc]+\.?", s)
    if not s or len(s) > 120 or (s[0].islower() and not lower_ok):
        return None
    apart_before = _is_blank(lines, i - 1)
    if wrapped and not apart_before:
        return None
    apart_after = _is_blank(lines, i + 1)
    # In hard-wrapped prose, a line can begin with "Chapter" by accident; a heading stands alone.
    alone = apart_before or not wrapped
    m = _KEYWORD.match(s)
    if m and alone:
        number = _number(m.group("num"))
        title = m.group("title").strip()
        sep = m.group("sep").strip()
        if number is None:
            return None
        if title and not sep and not _title_like(title):
            return None  # "Chapter two was found, and she glanced ..." is a sentence
        kind = "part" if re.match(_PART_WORDS, m.group("kw"), re.I) else "chapter"
        h = _Heading(kind, i, i, number, title or None)
        if title and wrapped and not apart_after:
            nxt = lines[i + 1].text
            if (len(nxt) <= 60 and _is_blank(lines, i + 2)) or title.endswith((",", ";", "-")):
                h.last = i + 1  # a long title carried onto the next line
                h.title = title + " " + nxt
            elif len(s) > 60:
                return None  # a full line running on into the next: prose that starts with "Chapter"
        return h
    m = _KEYWORD_ALONE.match(s)
    if m and alone:
        j = _next_nonblank(lines, i, 2)
        if j is not None and _NUM_ALONE.match(lines[j].text) and _number(_NUM_ALONE.match(lines[j].text).group("num")):
            kind = "part" if re.match(_PART_WORDS, m.group("kw"), re.I) else "chapter"
            return _Heading(kind, i, j, _number(_NUM_ALONE.match(lines[j].text).group("num")), None)
        return None
    m = _NAMED.match(s)
    if m and alone and (not m.group("title") or m.group("sep").strip()) and len(s) <= 80:
        title = _clean_title(m.group("title")) or _clean_title(s)
        return _Heading("named", i, i, None, title)
    if _FRONT.match(s) and apart_before and apart_after:
        return _Heading("front", i, i, None, _clean_title(s))
    m = _BARE.match(s)
    if m and apart_before:
        number = _number(m.group("num"))
        if number is None:
            return None
        title = m.group("title")
        if title is not None and (m.group("br") or not _title_like(title)):
            return None  # "[4] Rascal" is a footnote; a bracketed section number stands alone
        if not apart_after and not (title is None and _title_like(lines[i + 1].text) and _is_blank(lines, i + 2)):
            return None
        kind = "sub" if m.group("br") else "bare"
        return _Heading(kind, i, i, number, title)
    # A number spelled out alone on a line set apart ("Two", "_Seven_", "TWENTY-ONE") numbers a chapter
    # as a numeral would; like one, it counts only in a running sequence.
    m = _NUM_ALONE.match(s)
    if m and apart_before and apart_after and not _ROMAN_OK.match(s.rstrip(".").upper()):
        number = _number(m.group("num"))
        if number is not None:
            return _Heading("bare", i, i, number, None)
    return None


def _attach_title(lines: list[_Line], h: _Heading) -> None:
    """A heading that is only a number often has its title on the next line, or after one blank line."""
    if h.title is not None or h.kind not in ("chapter", "part", "bare"):
        return
    j = h.last + 1
    if j < len(lines) and lines[j].text:
        cand = lines[j]
        if _is_blank(lines, j + 1) and len(cand.text) <= 80 and _title_like(cand.text) and not _parse_heading(lines, j, False):
            h.title, h.last = cand.text, j
        return
    j = _next_nonblank(lines, h.last, 3)
    if j is None:
        return
    cand = lines[j].text
    if cand[0] in "\"'\u201c\u2018" and re.search(r"[!?.,]['\"\u201d\u2019]$", cand):
        return  # a line of speech ("TOM!") opening the chapter, not its title
    if _is_blank(lines, j + 1) and _title_like(cand) and not _parse_heading(lines, j, False):
        if cand.isupper() or not re.search(r"[.!?,;:]['\"\u201d\u2019]?$", cand):
            h.title, h.last = cand, j
        return
    # A long title in capitals wrapped onto a second line, then a blank line.
    if (
        j + 1 < len(lines)
        and _is_blank(lines, j + 2)
        and cand.isupper()
        and lines[j + 1].text.isupper()
        and len(cand) + len(lines[j + 1].text) <= 160
        and not _parse_heading(lines, j, False)
    ):
        h.title, h.last = cand + " " + lines[j + 1].text.strip(), j + 1


def _headings(lines: list[_Line], wrapped: bool, tocs: list[tuple[int, int]]) -> list[_Heading]:
    found: list[_Heading] = []
    inside = {k for a, z in tocs for k in range(a, z + 1)}
    i = 0
    while i < len(lines):
        if lines[i].text and i not in inside:
            h = _parse_heading(lines, i, wrapped)
            if h is not None:
                _attach_title(lines, h)
                found.append(h)
                i = h.last + 1
                continue
        i += 1
    return found


_TOC_QUICK = re.compile(rf"^(?:{_CHAPTER_WORDS}|{_PART_WORDS}|the\b|prologue|epilogue|interlude|afterword|postscript|coda|\d|[IVXLCDM]+\.)", re.I)


def _toc_line(s: str) -> bool:
    """A line as a table of contents lists it: a heading, maybe with a page number after it."""
    if not _TOC_QUICK.match(s):
        return False
    s = re.sub(r"(?:\s*\.){2,}\s*\d+$|\s{2,}\d+$", "", s).strip()
    if len(s) > 100:
        return False
    m = _KEYWORD.match(s)
    if m and _number(m.group("num")) is not None and not (m.group("title") and m.group("title")[0].islower()):
        return True
    m = _BARE.match(s)
    return bool(m and m.group("dot") and m.group("title") and _title_like(m.group("title"))) or bool(_NAMED.match(s) and len(s) < 60)


def _contents(lines: list[_Line]) -> list[tuple[int, int]]:
    """Tables of contents: three or more heading-like lines with at most one short line (a title)
    between consecutive ones. Returned as line ranges (first, last inclusive), with the "Contents" line."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(lines)
    while i < n:
        if not (lines[i].text and _toc_line(lines[i].text)):
            i += 1
            continue
        heads = [i]
        k = i + 1
        between = 0
        while k < n:
            t = lines[k].text
            if not t:
                k += 1
                continue
            if _toc_line(t):
                heads.append(k)
                between = 0
            elif between == 0 and len(t) <= 60 and not _is_break_line(t):
                between = 1
            else:
                # Story text follows: the last "entry" was the first real heading after the table.
                if len(heads) > 3 or (len(heads) == 3 and between == 0):
                    heads.pop()
                break
            k += 1
        if len(heads) >= 3:
            first = i
            j = i - 1
            while j >= 0 and i - j <= 4 and not lines[j].text:
                j -= 1
            if j >= 0 and _FRONT.match(lines[j].text):
                first = j
            last = heads[-1]
            if last + 1 < n and lines[last + 1].text and len(lines[last + 1].text) <= 60 and not _toc_line(lines[last + 1].text):
                last += 1
            out.append((first, last))
            i = last + 1
        else:
            i = heads[0] + 1
    return out


def _chapter_level(heads: list[_Heading]) -> tuple[list[_Heading], list[_Heading], list[_Heading]]:
    """Split headings into chapter units, part headings, and sub-section headings (scene breaks)."""
    chapters = [h for h in heads if h.kind == "chapter"]
    parts = [h for h in heads if h.kind == "part"]
    bare = _sequence([h for h in heads if h.kind == "bare"], parts)
    named = [h for h in heads if h.kind == "named"]
    subs = []
    for h in (h for h in heads if h.kind == "sub"):
        # Section numbers count up inside a chapter and restart at 1; a stray "[7]" is a footnote mark.
        if h.number == 1 or (subs and subs[-1].number is not None and h.number == subs[-1].number + 1):
            subs.append(h)
    if len(chapters) >= 2 or (chapters and not bare):
        units = chapters
        # Numbers restarting inside each chapter are its sections, i.e. scenes.
        subs += bare
    elif len(bare) >= 2:
        # One "ADVENTURE I. A SCANDAL IN BOHEMIA" over sections "I.", "II.": the sections are the
        # chapters and the lone keyword heading names the whole, like a part.
        units, parts = bare, sorted(parts + chapters, key=lambda h: h.first)
    elif parts:
        units, parts = parts, []
    else:
        units = chapters + bare
    units = sorted(units + named, key=lambda h: h.first)
    return units, parts, sorted(subs, key=lambda h: h.first)


def _numbered_stanzas(lines: list[_Line], units: list[_Heading], lay: _Layout) -> bool:
    """Numbers over nothing but verse ("I." / stanza / "II." / stanza) number a poem's stanzas."""
    verse = 0
    for h, nxt in zip(units, units[1:]):
        paras = _paragraphs(lines, h.last + 1, nxt.first, set())
        if paras and all(p.last > p.first and _verse_like(lines, p, lay) for p in paras):
            verse += 1
    return verse >= 0.75 * (len(units) - 1)


def _title_headings(lines: list[_Line], skip: set[int]) -> list[_Heading]:
    """Chapters named but not numbered ("THE SISTERS" ... "ARABY"): a line in capitals with two blank
    lines above it and one below, recurring with long stretches of prose between. Only consulted when
    the text has no numbered headings."""
    found: list[_Heading] = []
    words_since = 0
    gaps: list[int] = []
    for i, ln in enumerate(lines):
        if not ln.text or i in skip:
            continue
        s = ln.text
        letters = [c for c in s if c.isalpha()]
        if (
            len(s) <= 60
            and len(letters) >= 3
            and all(c.isupper() for c in letters)
            and s[0] not in "\"'\u201c\u2018(["
            and not re.search(r"[!?]['\"\u201d\u2019]?$", s)
            and (i < 2 or (_is_blank(lines, i - 1) and _is_blank(lines, i - 2)) or len(ln.indent) >= 8)
            and _is_blank(lines, i + 1)
        ):
            if found:
                gaps.append(words_since)
            found.append(_Heading("titled", i, i, None, s))
            words_since = 0
            continue
        words_since += len(s.split())
    if len(found) < 3 or min(gaps) < 150 or statistics.median(gaps) < 500:
        return []
    return found


def _sequence(cands: list[_Heading], parts: list[_Heading]) -> list[_Heading]:
    """Bare numbers count as headings only in a running sequence (1, 2, 3 ... restarting after a part):
    a stray "I." in dialogue or a numbered list does not continue the book's numbering."""
    kept: list[_Heading] = []
    for h in cands:
        n = h.number or 0
        if not kept or (len(kept) == 1 and n == 1):
            # A lone "1" so far may have been a stray line; a new "1" restarts the sequence.
            if kept and n == 1:
                kept.clear()
            ok = n <= 2
        else:
            prev = kept[-1]
            restarted = any(prev.first < p.first < h.first for p in parts)
            ok = prev.number is not None and prev.number < n <= prev.number + 2 or (n == 1 and restarted)
        if ok:
            kept.append(h)
    return kept if len(kept) >= 2 else []


# --- paragraphs, breaks, blocks --------------------------------------------------------------------

# Scene-break lines: rows of ornament characters ("* * *", "~*~*~*~", "#", "-----", centred dingbats) or
# the letter ornaments fan fiction uses ("o0o", "xXx", "-x-").
_ORNAMENT = set("*~#=_-\u2013\u2014\u2022\u00b7\u00b0\u25ca\u2666\u2756\u00a7\u2020\u2021\u203b\u2766\u2767\u2726\u2727\u2605\u2606\u2665\u2661\u25c6\u25c7\u25a0\u25a1\u25aa\u25ab\u25cb\u25cf\u25e6\u2042^.:")
_LETTER_BREAK = re.compile(
    r"^[\W_]*(?:[oO0]*0[oO0]*|(?=\w*o)(?=\w*O)[oO]{3,}|(?=\w*x)(?=\w*X)[xX]{3,})[\W_]*$|^[-~=*_.]+\s*[xXoO0]\s*[-~=*_.]+$"
    # "x-x-x-x", "-o-o-o-" (ornament marks only between the letters: '"O--O--O!"' is a cry)
    r"|^[-~=*_.+#:<>|]*[xXoO0](?:[-~=*_.+#:<>|]+[xXoO0]){2,}[-~=*_.+#:<>|]*$"
)


# Archives that strip rules and symbol-only lines taught writers to spell the break out: "~Line Break~",
# "[scene break]", "-Time Skip-". A bare "break" counts only set off by symbols.
_TEXT_BREAK = re.compile(r"^[\W_]*(?:(?P<q>line|scene|page|section|time|pov)[\s_-]*(?:break|skip|change|switch)|break)[\W_]*$", re.I)
_BOX_EDGE = re.compile(r"^[+|][-=_]{3,}[+|]$")
# Marks a line of speech can consist of ("...", "?!", a lone dash of interrupted speech).
_SPEECH_MARKS = set(".,:;!?\u2026'\"\u201c\u201d\u2018\u2019()[]")


def _is_break_line(s: str) -> bool:
    m = _TEXT_BREAK.match(s)
    if m and (m.group("q") or not s[0].isalnum()):
        return True
    if s[0].isalnum() and s[0] not in "oOxX0":
        return False
    compact = s.replace(" ", "").replace("\u00a0", "").replace("\t", "")
    if not compact:
        return False
    if all(c in _ORNAMENT for c in compact) or not any(c.isalnum() for c in compact):
        # Any row of symbols is typography ("+++", "<><>", "/ / /"), except what speech is made of.
        if set(compact) <= _SPEECH_MARKS:
            return False  # an ellipsis is speech trailing off
        if set(compact) <= set("-\u2013\u2014_") and len(compact) < 3:
            return False
        if _BOX_EDGE.match(compact):
            return False  # the top or bottom edge of a card or sign drawn in text
        return True
    return bool(len(compact) <= 12 and _LETTER_BREAK.match(compact) and not compact.isdigit())


@dataclass
class _Para:
    first: int
    last: int
    gap: int  # blank lines before it (0 when split by indentation or after a heading)
    scene_break_before: bool = False


@dataclass
class _Layout:
    wrapped: bool
    width: int  # wrap width of the prose (large when lines are whole paragraphs)
    indent: str  # the usual indentation of a prose line
    # Whole paragraphs on consecutive lines with no blank between (a common plain-text export).
    each_line: bool = False
    # Blank lines separate the paragraphs although each begins with a tab (a word processor's first-line
    # indent): a tab after a short line then continues a block broken line by line (a stanza, a note),
    # unless either line opens with a quotation mark (two short lines of dialogue are two paragraphs).
    blank_separated_tabs: bool = False


def _layout(lines: list[_Line]) -> _Layout:
    lengths = []
    multi = 0
    nonblank = 0
    for k, ln in enumerate(lines):
        if not ln.text:
            continue
        nonblank += 1
        if k + 1 < len(lines) and lines[k + 1].text:
            multi += 1
            lengths.append(ln.hi - ln.start)
    if nonblank and multi >= 0.4 * nonblank and len(lengths) >= 10:
        lengths.sort()
        width = lengths[int(0.9 * (len(lengths) - 1))]
        if width <= 100:
            indents = [ln.indent for ln in lines if ln.text]
            return _Layout(True, width, statistics.mode(indents) if indents else "")
    indents = [ln.indent for ln in lines if ln.text]
    each_line = nonblank >= 20 and multi >= 0.5 * nonblank and bool(lengths) and statistics.median(lengths) > 100
    tabbed = [k for k, ln in enumerate(lines) if ln.text and ln.indent.startswith("\t")]
    after_blank = sum(1 for k in tabbed if _is_blank(lines, k - 1))
    blank_tabs = len(tabbed) >= 10 and after_blank >= 0.5 * len(tabbed)
    return _Layout(False, 10_000, statistics.mode(indents) if indents else "", each_line, blank_tabs)


def _speech_start(s: str) -> bool:
    return bool(s) and s[0] in "\"'\u201c\u2018"


def _paragraphs(
    lines: list[_Line], a: int, b: int, skip: set[int], breaks: frozenset[int] | set[int] = frozenset(), lay: _Layout | None = None
) -> list[_Para]:
    """Paragraphs of lines ``a..b-1``: blank lines separate them; a tab-indented line starts a new one
    (see ``_Layout`` for when it does not). Lines in ``skip`` (headings, front matter) are not text; lines in
    ``breaks`` (section numbers inside a chapter) are not text and start a new scene."""
    each_line = lay is not None and lay.each_line
    blank_tabs = lay is not None and lay.blank_separated_tabs
    out: list[_Para] = []
    cur: _Para | None = None
    blanks = 0
    pending_break = False
    for k in range(a, b):
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
        if _is_break_line(ln.text) and (_is_blank(lines, k - 1) or _is_blank(lines, k + 1)):
            cur, blanks = None, 0
            pending_break = True
            continue
        # A tab opens a paragraph (fan fiction indents every paragraph with one); spaces do not, since
        # printed verse indents alternate lines.
        new = cur is None or each_line or (
            ln.indent.startswith("\t")
            and not (blank_tabs and len(lines[k - 1].text) <= 80 and not _speech_start(lines[k - 1].text) and not _speech_start(ln.text))
        )
        if new:
            cur = _Para(k, k, blanks, pending_break)
            out.append(cur)
            pending_break = False
        else:
            cur.last = k
        blanks = 0
    return out


def _words(lines: list[_Line], p: _Para) -> int:
    return sum(len(lines[k].text.split()) for k in range(p.first, p.last + 1))


def _deliberate_breaks(lines: list[_Line], p: _Para, lay: _Layout) -> float:
    """Share of the line ends inside ``p`` that a wrapping printer would not have made: the next word
    would still have fitted. Hard-wrapped prose has none; verse and letters' address lines have many."""
    n = p.last - p.first
    if n <= 0:
        return 0.0
    if not lay.wrapped:
        return 1.0
    free = 0
    for k in range(p.first, p.last):
        nxt = lines[k + 1].text.split()[0]
        if (lines[k].hi - lines[k].start) + 1 + len(nxt) <= lay.width - 4:
            free += 1
    return free / n


def _caps_start(s: str) -> bool:
    s = s.lstrip("\"'\u201c\u2018\u2019([_*-\u2014 ")
    return bool(s) and (s[0].isupper() or s[0].isdigit())


def _verse_like(lines: list[_Line], p: _Para, lay: _Layout) -> bool:
    """Verse: short lines broken where the poet broke them, each starting with a capital."""
    n = p.last - p.first + 1
    texts = [lines[k].text for k in range(p.first, p.last + 1)]
    if any(len(t) > min(lay.width, 80) for t in texts):
        return False
    if n == 1:
        return len(texts[0]) <= 60 and not re.search(r"[.!?:][-\u2014]*[\"\u201d\u2019']?$", texts[0])
    caps = sum(_caps_start(t) for t in texts[1:]) / (n - 1)
    return caps >= 0.75 and _deliberate_breaks(lines, p, lay) >= 0.75


def _verse_continues(lines: list[_Line], p: _Para, lay: _Layout) -> bool:
    """A stanza after a stanza: capitalised line starts and no line longer than the prose width, even
    when its line breaks happen to fall where a printer could have wrapped."""
    texts = [lines[k].text for k in range(p.first, p.last + 1)]
    if any(len(t) > min(lay.width + 2, 80) for t in texts):
        return False
    if len(texts) == 1:
        return True
    return sum(_caps_start(t) for t in texts[1:]) >= 0.75 * (len(texts) - 1) and _deliberate_breaks(lines, p, lay) >= 0.5


_SALUTATION = re.compile(
    r"^[\"'\u201c\u2018_*]*(?:(?:my\s+)?(?:dear(?:est)?|darling|beloved)\b[^!?]{0,30}|sir|madam|gentlemen|to whom it may concern)[,:!]\s*[\"'\u201d\u2019_*]*$",
    re.I,
)
_CLOSING_WORDS = r"(?:yours|ever yours|love|with love|all my love|sincerely|faithfully|affectionately|your[s]? (?:truly|ever|always|sincerely)|your \w+(?: \w+)?)\b.{0,30}[,.]?"
_SIGNOFF = re.compile(rf"^(?:[-\u2013\u2014~]+\s*\S.{{0,30}}|{_CLOSING_WORDS})$", re.I)
# "Yours ever," on a line of its own: the close of a letter (with the quotation marks of a quoted one).
_CLOSING = re.compile(rf"^[\"'\u201c\u2018_]*{_CLOSING_WORDS}[\"'\u201d\u2019_]*$", re.I)


def _salutes(lines: list[_Line], p: _Para) -> bool:
    """A salutation on one of the first lines ("WINDSOR-JULY." / "MY DEAR MADAM,")."""
    return any(_SALUTATION.match(lines[k].text) for k in range(p.first, min(p.last, p.first + 2) + 1))
# What announces a written text: a writing noun or verb in the sentence that ends with a colon.
_INTRO = re.compile(
    r"\b(?:note|letter|card|message|telegram|postcard|inscription|inscribed|wrote|written|scrawled|penned|printed|typed|read|reads|as follows)\b[^.!?]{0,80}:[-\u2014]*\s*$",
    re.I,
)
_AUTHOR_NOTE = re.compile(
    r"^[(\[*_\s]*(?:A/N|A\.N\.|AN:|Author'?s?\u2019?s? ?notes?|Authors? notes?|Disclaimer|Note from the author|N/A:)\b",
    re.I,
)


# "A note was pinned to the door. It said:": a written thing named, then "it" says what it says.
_WRITTEN_THING = re.compile(r"\b(?:a|the|this|that|his|her|their|my|your|its)\s+(?:\w+\s+)?(?:note|letter|card|message|telegram|postcard|sign|notice|inscription)\b", re.I)
_SAYS = re.compile(r"\b(?:it|which|this|that)\s+(?:said|says|read|reads|ran)\s*:$", re.I)


def _announces(tail: str) -> bool:
    """The end of a paragraph that announces a written text ("the note on her pillow read:")."""
    t = tail.rstrip("-\u2014 \t")
    return t.endswith(":") and (bool(_INTRO.search(t)) or (bool(_SAYS.search(t)) and bool(_WRITTEN_THING.search(t))))


def _signature(s: str) -> bool:
    """A closing line: "-Buffy", "Yours ever,", "WILLIAM COLLINS." (a name in capitals)."""
    t = s.strip("\"'\u201c\u201d\u2018\u2019_ ")
    if _SIGNOFF.match(t):
        return True
    letters = [c for c in t if c.isalpha()]
    # A shouted line of speech ("NO!") is not a signature.
    return bool(letters) and len(t) <= 40 and all(c.isupper() for c in letters) and len(t.split()) <= 5 and not re.search(r"[!?]", t)


def _blocks(lines: list[_Line], paras: list[_Para], lay: _Layout, text: str) -> list[tuple[str, int, int]]:
    """Verse, notes, letters and author's notes among ``paras``, as (kind, first para, last para)."""
    out: list[tuple[str, int, int]] = []
    i = 0
    n = len(paras)

    while i < n:
        p = paras[i]
        first_line = lines[p.first].text
        if _AUTHOR_NOTE.match(first_line):
            j = i
            # An author's note closing a chapter often runs on ("Please review!"): the few short
            # paragraphs after it, up to the chapter's end, are the note too.
            if n - i <= 4 and all(_words(lines, paras[k]) <= 60 and not paras[k].scene_break_before for k in range(i + 1, n)):
                j = n - 1
            out.append(("author_note", i, j))
            i = j + 1
            continue
        # A letter: salutation ... signature, or the written thing a sentence ending in ":" announces.
        intro = i > 0 and not paras[i].scene_break_before and _announces(text[max(lines[paras[i - 1].first].lo, lines[paras[i - 1].last].hi - 160) : lines[paras[i - 1].last].hi])
        saluted = _salutes(lines, p)
        if saluted or intro:
            end = _letter_end(lines, paras, i, lay)
            signed = end is not None and _signature(lines[paras[end].last].text)
            if end is not None and not signed and not saluted and _verse_like(lines, p, lay) and p.last - p.first >= 3:
                end = None  # an announced poem ("These were the verses the White Rabbit read:") is verse
            if end is not None:
                words = sum(_words(lines, paras[k]) for k in range(i, end + 1))
                salut = any(_salutes(lines, paras[k]) for k in range(i, min(end, i + 2) + 1))
                kind = "letter" if salut or words > 120 else "note"
                out.append((kind, _letter_start(lines, paras, i, lay), end))
                i = end + 1
                continue
        if p.last > p.first and _verse_like(lines, p, lay) and not any(_CLOSING.match(lines[k].text) for k in range(p.first, p.last + 1)):
            j = i
            while j + 1 < n and _verse_continues(lines, paras[j + 1], lay) and not paras[j + 1].scene_break_before and (paras[j + 1].last > paras[j + 1].first or _verse_like(lines, paras[j + 1], lay)):
                j += 1
            nlines = sum(paras[k].last - paras[k].first + 1 for k in range(i, j + 1))
            multi = any(paras[k].last > paras[k].first for k in range(i, j + 1))
            if nlines >= 3 and multi:
                out.append(("verse", i, j))
                i = j + 1
                continue
        # Lyrics typed one line per paragraph (a rich-text editor makes each line a <p>): a run of short
        # one-line paragraphs, mostly without a sentence's closing mark. Prose and dialogue end their
        # sentences with one; song lines mostly do not.
        if p.last == p.first and _lyric_line(first_line) and not _CLOSED.search(first_line):
            j = i
            while j + 1 < n and paras[j + 1].last == paras[j + 1].first and not paras[j + 1].scene_break_before and _lyric_line(lines[paras[j + 1].first].text):
                j += 1
            if _song_lines(lines, paras[i : j + 1]):
                out.append(("verse", i, j))
                i = j + 1
                continue
        i += 1
    return out


def _song_lines(lines: list[_Line], paras: list[_Para]) -> bool:
    """Four or more one-line paragraphs that read as a song's lines, in one margin (centred display lines,
    such as headlines or a sign, vary theirs), mostly without a sentence's closing mark."""
    if len(paras) < 4 or any(p.first != p.last for p in paras):
        return False
    texts = [lines[p.first].text for p in paras]
    if not all(_lyric_line(t) for t in texts) or _CLOSED.search(texts[0]):
        return False
    return len({lines[p.first].indent for p in paras}) == 1 and sum(not _CLOSED.search(t) for t in texts) >= 0.75 * len(texts)


# A line ending as a sentence does (a question or an exclamation may end a line of a song).
_CLOSED = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)_*]*$")


def _lyric_line(s: str) -> bool:
    """A line that can be a line of a song typed as its own paragraph: short, capitalised, not ending
    with a full stop (prose), not speech, not "Name: text" (a chat log or a script), not a line in
    capitals (a headline, a sign, an inscription) or in brackets (a footnote, a stage direction)."""
    letters = [c for c in s if c.isalpha()]
    return (
        len(s) <= 60
        and _caps_start(s)
        and s[0] not in "[("
        and not re.search(r"[.\u2026:;][\"'\u201d\u2019)_*]*$", s)
        and not re.search(r"[\"\u201c\u201d]", s)
        and not re.match(r"^[\w .'-]{1,30}:\s", s)
        and not all(c.isupper() for c in letters)
    )


def _name_line(s: str) -> bool:
    """A line that can be a signature's name: a few capitalised words ("Hermione", "Mr. J. Smith")."""
    words = s.strip("_*\"'\u201c\u201d\u2018\u2019 ").split()
    return 0 < len(words) <= 4 and len(s) <= 40 and all(w[0].isupper() for w in words) and not re.search(r"[!?:;]", s)


def _letter_start(lines: list[_Line], paras: list[_Para], i: int, lay: _Layout) -> int:
    """Letters in print are set off by indentation: the address and date above the salutation go too."""
    ind = lines[paras[i].first].indent
    k = i
    if len(ind) > len(lay.indent):
        while k > 0 and i - k < 3 and lines[paras[k - 1].first].indent == ind and paras[k - 1].last - paras[k - 1].first < 3:
            k -= 1
    return k


def _letter_end(lines: list[_Line], paras: list[_Para], i: int, lay: _Layout) -> int | None:
    ind = lines[paras[i].first].indent
    indented = len(ind) > len(lay.indent)
    # Indented letters end where the indentation does; others must reach their signature soon.
    limit = min(len(paras), i + (40 if indented else 25))
    for k in range(i, limit):
        if k > i and paras[k].scene_break_before:
            break
        p = paras[k]
        if indented and k > i and len(lines[p.first].indent) <= len(lay.indent):
            return k - 1  # the narrative's own margin again: the letter has ended
        last = lines[p.last].text
        # "Love," then the writer's name on the line below: the close and its signature.
        closed = p.last > p.first and bool(_CLOSING.match(lines[p.last - 1].text)) and _name_line(last)
        if (k > i or p.last > p.first) and (_signature(last) or closed):
            if k + 1 < len(paras) and not paras[k + 1].scene_break_before and paras[k + 1].last == paras[k + 1].first:
                name = lines[paras[k + 1].first].text
                if _signature(name) or (_CLOSING.match(last) and _name_line(name)):
                    return k + 1  # "Yours ever," then the name
            return k
    if indented:
        return limit - 1
    # No signature: a short note of a few lines, broken where the writer broke them.
    p = paras[i]
    if p.last > p.first and _deliberate_breaks(lines, p, lay) >= 0.75:
        return i
    return None


# --- front matter ----------------------------------------------------------------------------------

_FRONT_LINE = re.compile(
    r"^(?:by\b|translated\b|edited\b|illustrated\b|with\b|to\b|for\b|dedicated\b|title:|author:|release date|"
    # the header lines of a fan fiction download
    r"(?:rating|rated|summary|pairings?|genres?|words|word count|fandoms?|category|categories|characters|"
    r"warnings?|status|published|updated|chapters|series|beta|spoilers|feedback|archive|notes?)\s*:|"
    r"copyright|all rights|\(?\d{4}\)?\.?$|a novel\b|in (?:two|three|four) (?:parts|volumes|books)|\[illustration)",
    re.I,
)
_ATTRIBUTION = re.compile(r"^(?:--|[-\u2013\u2014]+)\s*\S.{0,60}$")


def _front_matter_end(lines: list[_Line], paras: list[_Para], lay: _Layout) -> int:
    """How many leading paragraphs (before the first heading) are title page, dedication, epigraphs.
    If no story prose follows them before the heading, all of them are."""
    k = 0
    n = len(paras)
    while k < n:
        p = paras[k]
        first = lines[p.first].text
        short = all(len(lines[j].text) <= 70 for j in range(p.first, p.last + 1)) and p.last - p.first < 6
        if _AUTHOR_NOTE.match(first) or _FRONT_LINE.match(first.lstrip("_*")):
            k += 1
            continue
        if k + 1 < n and _ATTRIBUTION.match(lines[paras[k + 1].first].text) and paras[k + 1].last == paras[k + 1].first:
            k += 2  # an epigraph and its attribution
            continue
        if (short and p.last - p.first < 3 and _words(lines, p) <= 20) or _verse_like(lines, p, lay):
            k += 1
            continue
        if k > 0 and _verse_like(lines, paras[k - 1], lay) and _verse_continues(lines, p, lay):
            k += 1
            continue
        break
    return k


# --- assembling ------------------------------------------------------------------------------------


@dataclass
class _Unit:
    """A chapter being built: its heading, its line range, scene-break lines inside it."""

    title: str | None
    heading: tuple[int, int] | None  # offsets of the heading
    a: int  # first line of the chapter's content
    b: int  # one past its last line
    breaks: set[int] = field(default_factory=set)  # lines that are sub-section headings (scene breaks)
    skip: set[int] = field(default_factory=set)  # lines inside the range that are not this chapter's text
    exclude: list[tuple[int, int]] = field(default_factory=list)  # offset ranges that are not story


class _Builder:
    def __init__(self, text: str, lines: list[_Line], lay: _Layout) -> None:
        self.text = text
        self.lines = lines
        self.lay = lay
        self.chapters: list[Chapter] = []
        self.blocks: list[Block] = []
        self.paragraphs: list[Paragraph] = []
        self.title: str | None = None  # the work's title when a heading states it

    def span_of(self, a: int, b: int) -> tuple[int, int]:
        return self.lines[a].lo, self.lines[b].hi

    def front(self, a: int, b: int, kind: str = "front_matter") -> None:
        """Lines a..b-1 are front matter: one block, paragraphs outside any chapter."""
        paras = _paragraphs(self.lines, a, b, set(), lay=self.lay)
        if not paras:
            return
        s, e = self.lines[paras[0].first].lo, self.lines[paras[-1].last].hi
        self.blocks.append(Block(kind, s, e))
        for p in paras:
            lo, hi = self.lines[p.first].lo, self.lines[p.last].hi
            self.paragraphs.append(Paragraph(lo, hi, -1, -1))
            if _AUTHOR_NOTE.match(self.lines[p.first].text):
                self.blocks.append(Block("author_note", lo, hi))

    def chapter(self, u: _Unit) -> None:
        lines = self.lines
        paras = _paragraphs(lines, u.a, u.b, u.skip, u.breaks, self.lay)
        # Paragraphs in spans the format marks as not story (author's notes, headings) stay paragraphs
        # of the chapter, but belong to no scene and carry their block.
        def excluded(p: _Para) -> bool:
            s, e = lines[p.first].lo, lines[p.last].hi
            return any(x <= s and e <= y for x, y in u.exclude)

        story = [p for p in paras if not excluded(p)]
        self._blank_run_breaks(story)
        index = len(self.chapters)
        for kind, i, j in _blocks(lines, story, self.lay, self.text):
            self.blocks.append(Block(kind, lines[story[i].first].lo, lines[story[j].last].hi))
        # Scenes: contiguous runs of paragraphs between breaks.
        scenes: list[list[_Para]] = []
        for p in story:
            if not scenes or p.scene_break_before:
                scenes.append([])
            scenes[-1].append(p)
        scenes = [s for s in scenes if s]
        if u.heading is not None:
            start = u.heading[0]
        elif paras:
            start = lines[paras[0].first].lo
        else:
            return
        end = lines[paras[-1].last].hi if paras else u.heading[1]
        scene_recs: list[Scene] = []
        for k, sc in enumerate(scenes):
            scene_recs.append(Scene(k, lines[sc[0].first].lo, lines[sc[-1].last].hi))
        if not scene_recs:
            # A chapter with no story text still has one (empty) scene, placed after its heading.
            scene_recs.append(Scene(0, end, end))
        where: dict[int, int] = {}
        for k, sc in enumerate(scenes):
            for p in sc:
                where[p.first] = k
        for p in paras:
            self.paragraphs.append(Paragraph(lines[p.first].lo, lines[p.last].hi, index, where.get(p.first, -1)))
        heading = Span(*u.heading) if u.heading else None
        if heading is not None:
            self.blocks.append(Block("heading", heading.start, heading.end))
        self.chapters.append(Chapter(index, u.title, start, end, tuple(scene_recs), heading))

    def _blank_run_breaks(self, paras: list[_Para]) -> None:
        """A run of blank lines is a scene break when it is clearly longer than this chapter's usual
        gap between paragraphs (some writers put six blank lines between every paragraph)."""
        gaps = [p.gap for p in paras[1:] if not p.scene_break_before]
        if len(gaps) < 4:
            return
        usual = statistics.median(gaps)
        # With no blank line between paragraphs, a single blank line is already deliberate.
        limit = 1 if usual == 0 else max(3, 2 * usual + 1)
        wide = [p for p in paras[1:] if p.gap >= limit and not p.scene_break_before]
        if wide and len(wide) <= 0.15 * len(gaps):
            for p in wide:
                p.scene_break_before = True


def detect_structure(doc: Document) -> Structure:
    """Chapters, scenes, paragraphs and blocks of ``doc`` (see the module docstring for conventions)."""
    body = doc.body_span
    text = doc.text
    lines = _lines(text, body.start, body.end)
    lay = _layout(lines)
    b = _Builder(text, lines, lay)
    if any(s.kind == "chapter" for s in doc.sections):
        _from_sections(b, doc.sections, body)
    else:
        _from_text(b, lines, lay)
    blocks = sorted(set(b.blocks), key=lambda x: (x.start, x.end, x.kind))
    title = doc.source.metadata.get("title") if isinstance(doc.source.metadata, dict) else None
    if title is None:
        title = b.title or _work_title(text, blocks)
    return Structure(chapters=tuple(b.chapters), blocks=tuple(blocks), paragraphs=tuple(sorted(b.paragraphs, key=lambda p: p.start)), title=title)


def _work_title(text: str, blocks: list[Block]) -> str | None:
    fm = next((x for x in blocks if x.kind == "front_matter"), None)
    if fm is None:
        return None
    first = text[fm.start : fm.end].strip().split("\n")[0].strip()
    first = re.sub(r"^title:\s*", "", first, flags=re.I)
    if _FRONT.match(first):
        return None  # "Dedication", "Contents": the name of a front-matter section, not of the work
    return first if 0 < len(first) <= 80 and _title_like(first) else None


def _from_text(b: _Builder, lines: list[_Line], lay: _Layout) -> None:
    tocs = _contents(lines)
    heads = _headings(lines, lay.wrapped, tocs)
    units, parts, subs = _chapter_level(heads)
    if units and all(h.kind == "bare" for h in units) and _numbered_stanzas(lines, units, lay):
        units = []
    if not units and not parts:
        units = _title_headings(lines, {k for a, z in tocs for k in range(a, z + 1)})
    fronts = [h for h in heads if h.kind == "front"]
    n = len(lines)
    first_unit = units[0].first if units else n
    # Headings of parts, and "END OF VOL. I." style marks, are heading blocks; a front-matter heading
    # (Preface, Contents) opens front matter that runs to the next heading.
    for h in parts:
        b.blocks.append(Block("heading", *b.span_of(h.first, h.last)))
    if len(parts) == 1 and parts[0].first < first_unit and parts[0].title:
        b.title = parts[0].title  # one named part over all the chapters: the work's own title
    stops = sorted({h.first for h in units} | {h.first for h in parts} | {n})
    front_ranges: list[tuple[int, int]] = [(a, z + 1) for a, z in tocs]
    for h in fronts:
        nxt = next(s for s in stops if s > h.first)
        front_ranges.append((h.first, nxt))
    # Before the first chapter: front matter, then (if any) story text as an untitled first chapter.
    pre_end = min([first_unit] + [h.first for h in parts if h.first < first_unit])
    pre_paras = [p for p in _paragraphs(lines, 0, pre_end, set(), lay=lay) if not _in_ranges(p.first, front_ranges)]
    k = _front_matter_end(lines, pre_paras, lay)
    rest = pre_paras[k:]
    if units and not [p for p in rest if _words(lines, p) >= 30 or p.last - p.first >= 2]:
        k = len(pre_paras)  # nothing before the first heading reads as story: it is all front matter
    elif not rest:
        k = 0  # a text of display lines only is still the work
    else:
        # Story follows: lyrics that open it are the songfic's verse, not front matter.
        def lyric(p: _Para) -> bool:
            first = lines[p.first].text.lstrip("_*")
            return p.last > p.first and _verse_like(lines, p, lay) and not _FRONT_LINE.match(first) and not _AUTHOR_NOTE.match(first)

        while k > 0 and lyric(pre_paras[k - 1]):
            k -= 1
        # ... also when typed one line per paragraph.
        j = k
        while j > 0 and pre_paras[j - 1].first == pre_paras[j - 1].last and not _FRONT_LINE.match(lines[pre_paras[j - 1].first].text):
            j -= 1
        while j < k and not _song_lines(lines, pre_paras[j:k]):
            j += 1
        k = j
    if k:
        front_ranges.append((pre_paras[0].first, pre_paras[k - 1].last + 1))
    # Volume title pages between chapters: display lines around a part heading or an end mark.
    for h in parts:
        front_ranges.extend(_interstitial(lines, h.first, h.last, units))
    end_marks = {i for i, ln in enumerate(lines) if ln.text and _END_MARK.match(ln.text) and _is_blank(lines, i - 1) and _is_blank(lines, i + 1)}
    for i in sorted(end_marks):
        b.blocks.append(Block("heading", lines[i].lo, lines[i].hi))
        front_ranges.extend(_interstitial(lines, i, i, units))
    front_ranges = _merge(front_ranges)
    # Pieces of one title page separated only by blank lines or a volume heading are one block.
    display = {i for h in parts for i in range(h.first, h.last + 1)} | end_marks
    joined: list[tuple[int, int]] = []
    for a, z in front_ranges:
        if joined and all(not lines[k].text or k in display for k in range(joined[-1][1], a)):
            joined[-1] = (joined[-1][0], z)
        else:
            joined.append((a, z))
    front_ranges = joined
    for a, z in front_ranges:
        b.front(a, z)
    fm_lines = {i for a, z in front_ranges for i in range(a, z)}
    skip = fm_lines | {i for h in parts for i in range(h.first, h.last + 1)}
    skip |= end_marks
    # Chapter units.
    bounds: list[tuple[_Heading | None, int, int]] = []
    if pre_end > 0 and any(i not in skip and lines[i].text for i in range(0, first_unit)):
        bounds.append((None, 0, first_unit))
    for idx, h in enumerate(units):
        nxt = units[idx + 1].first if idx + 1 < len(units) else n
        bounds.append((h, h.last + 1, nxt))
    for h, a, z in bounds:
        b.chapter(
            _Unit(
                title=h.title if h is not None else None,
                heading=b.span_of(h.first, h.last) if h is not None else None,
                a=a,
                b=z,
                breaks={i for s in subs if a <= s.first < z for i in range(s.first, s.last + 1)},
                skip={i for i in skip if a <= i < z},
            )
        )


def _in_ranges(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < z for a, z in ranges)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, z in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], z))
        else:
            out.append((a, z))
    return out


def _display(lines: list[_Line], first: int, last: int) -> bool:
    """Short lines of a title page ("PRIDE AND PREJUDICE:", "London:", "1813."), not prose."""
    return all(len(lines[k].text) <= 60 for k in range(first, last + 1)) and last - first < 6


def _interstitial(lines: list[_Line], first: int, last: int, units: list[_Heading]) -> list[tuple[int, int]]:
    """Around a volume heading or an end mark, the title-page lines up to the next chapter heading and
    back to the last prose paragraph are front matter (a new volume's title page)."""
    starts = {h.first for h in units}
    out: list[tuple[int, int]] = []
    k = last + 1
    while k < len(lines) and k not in starts:
        if lines[k].text:
            z = k
            while z + 1 < len(lines) and lines[z + 1].text:
                z += 1
            if not _display(lines, k, z) or _parse_heading(lines, k, True) is not None:
                # Another volume heading continues the title page; story text means this was no title page.
                return out if _parse_heading(lines, k, True) is not None else []
            out.append((k, z + 1))
            k = z
        k += 1
    return out


def _reader_title(title: str | None) -> str | None:
    """The name a reader calls a chapter, from a heading the format gives: "Chapter 1: The Lamp" ->
    "The Lamp", "CHAPTER I." -> None, "Prologue" -> "Prologue", "Lighting" -> "Lighting"."""
    if not title or not title.strip():
        return None
    probe = [_Line(0, len(title), title.strip(), "", 0, len(title))]
    h = _parse_heading(probe, 0, False)
    if h is None or h.kind in ("front", "sub"):
        return title.strip()
    return _clean_title(h.title)


def _from_sections(b: _Builder, sections: tuple[Section, ...], body: Span) -> None:
    """Chapters as the format states them; paragraphs, breaks and blocks inside each from the text."""
    lines = b.lines
    starts = [ln.start for ln in lines]

    def line_at(off: int) -> int:
        return max(0, bisect.bisect_right(starts, off) - 1)

    def line_range(sec: Section) -> range:
        return range(line_at(sec.start), line_at(max(sec.start, sec.end - 1)) + 1)

    def trimmed(sec: Section) -> tuple[int, int] | None:
        chunk = b.text[sec.start : sec.end]
        lead = len(chunk) - len(chunk.lstrip())
        e = sec.start + len(chunk.rstrip())
        return (sec.start + lead, e) if e > sec.start + lead else None

    chapters = sorted((s for s in sections if s.kind == "chapter"), key=lambda s: s.start)
    others = [s for s in sections if s.kind != "chapter"]
    for s in others:
        span = trimmed(s)
        if s.kind in ("author_note", "front_matter") and span is not None:
            b.blocks.append(Block(s.kind, *span))
    covered: set[int] = set()
    prev_end = body.start
    for c in chapters:
        cs, ce = max(c.start, prev_end, body.start), min(c.end, body.end)
        if ce <= cs:
            continue
        prev_end = ce
        a, z = line_at(cs), line_at(ce - 1) + 1
        covered.update(range(a, z))
        inner = [s for s in others if cs <= s.start and s.end <= ce]
        heads = [s for s in inner if s.kind == "heading" and trimmed(s) is not None]
        skip: set[int] = set()
        for s in heads:
            skip.update(line_range(s))
        heading = trimmed(heads[0]) if heads and not b.text[cs : heads[0].start].strip() else None
        if heading is None:
            # No heading marked: the chapter's first line is its heading when it states the title or
            # reads as one ("Chapter 3: Unlovable").
            first = next((k for k in range(a, z) if lines[k].text), None)
            if first is not None and (
                (c.title and lines[first].text.strip(" .:") == c.title.strip(" .:"))
                or (_parse_heading(lines, first, b.lay.wrapped) is not None and _is_blank(lines, first + 1))
            ):
                heading = (lines[first].lo, lines[first].hi)
                skip.add(first)
        breaks: set[int] = set()
        for s in inner:
            if s.kind == "scene_break":
                breaks.update(line_range(s))
        exclude = [(s.start, s.end) for s in inner if s.kind in ("author_note", "front_matter")]
        for s in heads[1:]:
            b.blocks.append(Block("heading", *trimmed(s)))
        b.chapter(_Unit(_reader_title(c.title), heading, a, z, breaks - skip, skip, exclude))
    # Headings outside chapters (the work's title, "Contents") are headings too.
    for s in others:
        if s.kind == "heading" and trimmed(s) is not None and not any(c.start <= s.start < c.end for c in chapters):
            b.blocks.append(Block("heading", *trimmed(s)))
    # Text outside every chapter (title page, summary, end notes) is front matter, in one block per
    # stretch the format did not already mark.
    marked: set[int] = set()
    for s in others:
        if s.kind in ("author_note", "front_matter"):
            marked.update(line_range(s))
    for first, stop in _runs([k for k in range(len(lines)) if k not in covered]):
        for p in _paragraphs(lines, first, stop, set(), lay=b.lay):
            b.paragraphs.append(Paragraph(lines[p.first].lo, lines[p.last].hi, -1, -1))
        for a, z in _runs([k for k in range(first, stop) if k not in marked]):
            paras = _paragraphs(lines, a, z, set(), lay=b.lay)
            if paras:
                b.blocks.append(Block("front_matter", lines[paras[0].first].lo, lines[paras[-1].last].hi))


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs in sorted ``indices`` as (first, one past last)."""
    out: list[tuple[int, int]] = []
    for k in indices:
        if out and out[-1][1] == k:
            out[-1] = (out[-1][0], k + 1)
        else:
            out.append((k, k + 1))
    return out
