"""Verse: stanzas broken where the poet broke them, and song lyrics typed one line per paragraph."""

from __future__ import annotations

import re

from .lines import Page, Para
from .paragraphs import deliberate_breaks
from .settings import StructureSettings

# A line that ends a sentence or a clause with its mark (a one-line paragraph of prose, not of verse).
_STOPPED = re.compile(r"[.!?:][-\u2014]*[\"\u201d\u2019']?$")
# A line ending as a sentence does (a question or an exclamation may end a line of a song).
CLOSED = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)_*]*$")
_FULL_STOP_END = re.compile(r"[.\u2026:;][\"'\u201d\u2019)_*]*$")
_DOUBLE_QUOTE = re.compile(r"[\"\u201c\u201d]")
_SPEAKER_PREFIX = re.compile(r"^[\w .'-]{1,30}:\s")  # "Name: text", a chat log or a script
_CAPS_LEAD = "\"'\u201c\u2018\u2019([_*-\u2014 "


def caps_start(s: str) -> bool:
    """The line's first word (past quotation marks, brackets, emphasis) starts with a capital or a digit."""
    s = s.lstrip(_CAPS_LEAD)
    return bool(s) and (s[0].isupper() or s[0].isdigit())


def verse_like(page: Page, p: Para) -> bool:
    """Verse: short lines broken where the poet broke them, each starting with a capital."""
    cfg = page.cfg
    n = p.last - p.first + 1
    texts = [page.lines[k].text for k in range(p.first, p.last + 1)]
    if any(len(t) > min(page.layout.width, cfg.verse_max_line_length) for t in texts):
        return False
    if n == 1:
        return len(texts[0]) <= cfg.verse_single_line_max_length and not _STOPPED.search(texts[0])
    caps = sum(caps_start(t) for t in texts[1:]) / (n - 1)
    return caps >= cfg.verse_min_capitalised_share and deliberate_breaks(page, p) >= cfg.verse_min_deliberate_share


def verse_continues(page: Page, p: Para) -> bool:
    """A stanza after a stanza: capitalised line starts and no line longer than the prose width, even
    when its line breaks happen to fall where a printer could have wrapped."""
    cfg = page.cfg
    texts = [page.lines[k].text for k in range(p.first, p.last + 1)]
    if any(len(t) > min(page.layout.width + cfg.stanza_width_slack, cfg.verse_max_line_length) for t in texts):
        return False
    if len(texts) == 1:
        return True
    return (
        sum(caps_start(t) for t in texts[1:]) >= cfg.verse_min_capitalised_share * (len(texts) - 1)
        and deliberate_breaks(page, p) >= cfg.stanza_min_deliberate_share
    )


def lyric_line(s: str, cfg: StructureSettings) -> bool:
    """A line that can be a line of a song typed as its own paragraph: short, capitalised, not ending
    with a full stop (prose), not speech, not "Name: text" (a chat log or a script), not a line in
    capitals (a headline, a sign, an inscription) or in brackets (a footnote, a stage direction)."""
    letters = [c for c in s if c.isalpha()]
    return (
        len(s) <= cfg.lyric_max_length
        and caps_start(s)
        and s[0] not in "[("
        and not _FULL_STOP_END.search(s)
        and not _DOUBLE_QUOTE.search(s)
        and not _SPEAKER_PREFIX.match(s)
        and not all(c.isupper() for c in letters)
    )


def song_lines(page: Page, paras: list[Para]) -> bool:
    """Enough one-line paragraphs that read as a song's lines, in one margin (centred display lines,
    such as headlines or a sign, vary theirs), mostly without a sentence's closing mark."""
    cfg = page.cfg
    if len(paras) < cfg.song_min_lines or any(p.first != p.last for p in paras):
        return False
    texts = [page.lines[p.first].text for p in paras]
    if not all(lyric_line(t, cfg) for t in texts) or CLOSED.search(texts[0]):
        return False
    return len({page.lines[p.first].indent for p in paras}) == 1 and sum(not CLOSED.search(t) for t in texts) >= cfg.song_min_open_share * len(texts)
