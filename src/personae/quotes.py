"""Quotation spans: every utterance in the story text, with its sub-quotations.

A ``Quote`` is one utterance; its ``parts`` are the spans *inside* the marks (PDNC's quoteByteSpans
delimit the same way). All quoted parts of one paragraph form one utterance (in fiction a new speaker
starts a new paragraph), and a paragraph whose quote is still open at its end continues into the next
paragraph when that one opens with a quote mark (the convention for multi-paragraph speeches).

Styles: double quotes (curly or straight) as the main marks; single quotes as the main marks when the
text uses them so (British convention), or as inner speech inside narration (``murmured ‘I love you’``);
em-dash dialogue when a text opens its speech paragraphs with dashes and has almost no quote marks.
Quoted words that are not speech (titles, scare quotes) are left out: see ``_is_scare_quote``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .document import Span
from .lexicon import ELISIONS
from .model import Paragraph, Quote

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
DASHES = "—―"

# Verbs of speaking: a scare-quote-looking span right after one is speech (she whispered "sorry" and…).
_SPEECH_BEFORE = re.compile(
    r"\b(said|says|say|whispered|murmured|muttered|cried|shouted|called|yelled|asked|answered|replied|"
    r"screamed|sang|breathed|hissed|added|told|telling|saying|exclaimed|repeated|heard|thought|mouthed)"
    r"[\s,:]*$",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+")


def find_quotes(text: str, paragraphs: Sequence[Paragraph]) -> tuple[Quote, ...]:
    """Every quotation in ``paragraphs`` of ``text``, in text order, ids ``Q0, Q1, …``; no speakers yet."""
    style = _main_style(text, paragraphs)
    utterances: list[list[Span]] = []
    open_run = False  # the previous paragraph ended inside a quote
    prev_para_end = -1
    for para in paragraphs:
        s, e = para.start, para.end
        inner: set[int] = set()
        if style == "dash":
            parts, unclosed = _dash_parts(text, s, e), False
        else:
            parts, unclosed, inner = _paragraph_parts(text, s, e, style)
        if not parts:
            open_run = False
            continue
        # A speech continued from the previous paragraph: this one opens with a quote mark.
        continues = open_run and parts[0].start - s <= 2 and prev_para_end >= 0 and parts[0].start not in inner
        group: list[Span] = []
        for n, p in enumerate(parts):
            if p.start in inner:
                # Inner speech inside narration is its own utterance (often another speaker's).
                if group:
                    utterances.append(group)
                    group = []
                utterances.append([p])
                continue
            if n == 0 and continues and utterances:
                group = utterances.pop()
            group.append(p)
        if group:
            utterances.append(group)
        open_run = unclosed
        prev_para_end = e
    out = []
    for parts in utterances:
        out.append(Quote(id=f"Q{len(out)}", start=parts[0].start, end=parts[-1].end, parts=tuple(parts)))
    return tuple(out)


def _main_style(text: str, paragraphs: Sequence[Paragraph]) -> str:
    """'double', 'single' or 'dash': which marks this text uses for its dialogue."""
    doubles = singles = dashes = 0
    for p in paragraphs:
        chunk = text[p.start : p.end]
        doubles += sum(chunk.count(c) for c in DOUBLE_OPEN + DOUBLE_CLOSE + '"')
        head = chunk[:1]
        if head in "‘'":
            singles += 1
        if head in DASHES or chunk.startswith("--"):
            dashes += 1
        singles += len(re.findall(r"(?:^|\s)[‘'](?=[A-Z])", chunk))
    if dashes > 20 and doubles < dashes:
        return "dash"
    return "single" if singles > doubles else "double"


def _paragraph_parts(text: str, s: int, e: int, style: str) -> tuple[list[Span], bool, set[int]]:
    """The quoted parts of one paragraph, whether the last one is still open at its end, and the
    starts of the parts that are inner speech inside narration."""
    inner_starts: set[int] = set()
    if style == "double":
        parts, unclosed = _double_parts(text, s, e)
        # Inner speech in single quotes inside the narration between the quotes.
        gaps, pos = [], s
        for p in parts:
            gaps.append((pos, p.start - 1))
            pos = p.end + 1
        if not unclosed:
            gaps.append((pos, e))
        inner = [sp for a, b in gaps if b > a for sp in _single_parts(text, a, b, inner=True)[0]]
        inner_starts = {sp.start for sp in inner}
        parts = sorted(parts + inner, key=lambda sp: sp.start)
    else:
        parts, unclosed = _single_parts(text, s, e, inner=False)
    kept = [p for p in parts if not _is_scare_quote(text, p, s)]
    if unclosed and parts and kept and kept[-1] is not parts[-1]:
        unclosed = False
    return kept, unclosed, inner_starts


def _double_parts(text: str, s: int, e: int) -> tuple[list[Span], bool]:
    parts: list[Span] = []
    start = -1  # content start of the open quote, -1 when outside
    for i in range(s, e):
        c = text[i]
        if c in DOUBLE_OPEN:
            if start >= 0 and _strip(text, start, i) is not None:
                # Two openers in a row: the writer forgot a closing mark; close before this one.
                parts.append(_strip(text, start, i))
            start = i + 1
        elif c in DOUBLE_CLOSE:
            if start >= 0:
                sp = _strip(text, start, i)
                if sp is not None:
                    parts.append(sp)
                start = -1
            elif _looks_opening(text, i, s, e):
                start = i + 1  # a closing mark typed where an opener belongs
        elif c == '"':
            if start < 0:
                start = i + 1
            else:
                sp = _strip(text, start, i)
                if sp is None:  # "" or a lone mark: treat this one as the real opener
                    start = i + 1
                    continue
                parts.append(sp)
                start = -1
    unclosed = False
    if start >= 0:
        sp = _strip(text, start, e)
        if sp is not None:
            parts.append(sp)
            unclosed = True
    return parts, unclosed


def _single_parts(text: str, s: int, e: int, inner: bool) -> tuple[list[Span], bool]:
    """Single-quoted spans in text[s:e], telling quote marks from apostrophes."""
    parts: list[Span] = []
    i = s
    while i < e:
        c = text[i]
        if c in SINGLE_OPEN + "'" and _single_opens(text, i, s, e):
            close = _single_close(text, i + 1, e)
            if close is None:
                if inner:
                    i += 1
                    continue
                sp = _strip(text, i + 1, e)
                if sp is not None:
                    parts.append(sp)
                return parts, sp is not None
            sp = _strip(text, i + 1, close)
            if sp is not None and (not inner or _WORD.search(text, sp.start, sp.end)):
                parts.append(sp)
            i = close + 1
            continue
        i += 1
    return parts, False


def _single_opens(text: str, i: int, s: int, e: int) -> bool:
    before = text[i - 1] if i > s else " "
    after = text[i + 1] if i + 1 < e else " "
    if not (before.isspace() or before in "([{—–-:;,\"“" or i == s):
        return False  # inside a word: an apostrophe (Buffy’s, don’t)
    if after.isspace():
        return False
    m = _WORD.match(text, i + 1)
    if m and m.group().lower() in ELISIONS:
        # ’em, ’til … unless the word is plainly the start of a sentence-like quote (‘Til death…’ is rare).
        return False
    if text[i + 1 : i + 3].isdigit():
        return False  # ’90s
    return True


def _single_close(text: str, j: int, e: int) -> int | None:
    """The closing single mark for a quote whose content starts at ``j``: the first closer that
    ends on punctuation or before a non-letter; a closer after ``s`` or ``in`` followed by a
    lowercase word is more likely a possessive or a dropped g (the girls’ room, nothin’ doing)."""
    weak = None
    for k in range(j, e):
        c = text[k]
        if c not in SINGLE_CLOSE + "'":
            continue
        before = text[k - 1]
        after = text[k + 1] if k + 1 < e else " "
        if before.isspace() or after.isalnum():
            continue  # opener or in-word apostrophe
        if k - 2 >= j and text[k - 2] in SINGLE_CLOSE + "'":
            continue  # a one-letter elision: rock ’n’ roll
        if before in ",.!?…—–-;:":
            return k
        rest = text[k + 1 : k + 3]
        if (before == "s" or text[k - 2 : k] == "in") and rest[:1] == " " and rest[1:2].islower():
            if weak is None:
                weak = k
            continue
        return k
    return weak


def _looks_opening(text: str, i: int, s: int, e: int) -> bool:
    before = text[i - 1] if i > s else " "
    after = text[i + 1] if i + 1 < e else " "
    return (before.isspace() or i == s) and not after.isspace()


def _strip(text: str, a: int, b: int) -> Span | None:
    """The span text[a:b] without surrounding whitespace, None when nothing is left."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(a, b) if b > a else None


def _is_scare_quote(text: str, part: Span, para_start: int) -> bool:
    """Quoted words that are not speech: a title, a term, a scare quote. English marks them the same
    way as speech, but they are short, carry no punctuation of their own, and sit mid-sentence
    (the word before them is part of the same clause), not after a verb of speaking."""
    content = text[part.start : part.end]
    if len(content.split()) > 4 or re.search(r"[.!?,;:…—–]|--", content):
        return False
    k = part.start - 2  # the character before the opening mark
    while k >= para_start and text[k] == " ":
        k -= 1
    if k < para_start:
        return False  # opens the paragraph: an utterance
    if not text[k].isalnum():
        return False  # after a comma, colon, dash: introduced like speech
    if _SPEECH_BEFORE.search(text[max(para_start, k - 40) : k + 1]):
        return False
    return True


def _dash_parts(text: str, s: int, e: int) -> list[Span]:
    """Em-dash dialogue: a paragraph that opens with a dash is speech; further spaced dashes alternate
    between the speech and a speech tag (— Yes, — she said, — I will.)."""
    head = text[s:e]
    if not (head[:1] in DASHES or head.startswith("--")):
        return []
    pieces = [m.span() for m in re.finditer(r"(?:^|\s)(?:[—―]|--)\s*", head)]
    parts = []
    for n, (a, b) in enumerate(pieces):
        if n % 2:
            continue
        stop = pieces[n + 1][0] if n + 1 < len(pieces) else len(head)
        sp = _strip(text, s + b, s + stop)
        if sp is not None:
            parts.append(sp)
    return parts
