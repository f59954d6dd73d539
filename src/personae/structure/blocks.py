"""Blocks inside a chapter's story text: author's notes, letters and notes, verse and song lyrics."""

from __future__ import annotations

import re

from .letters import CLOSING, announces, letter_end, letter_start, salutes, signature
from .lines import Page, Para
from .verse import CLOSED, lyric_line, song_lines, verse_continues, verse_like

AUTHOR_NOTE = re.compile(
    r"^[(\[*_\s]*(?:A/N|A\.N\.|AN:|Author'?s?\u2019?s? ?notes?|Authors? notes?|Disclaimer|Note from the author|N/A:)\b",
    re.I,
)

Found = tuple[str, int, int]  # (kind, first paragraph, last paragraph)


def find_blocks(page: Page, paras: list[Para]) -> list[Found]:
    """Verse, notes, letters and author's notes among ``paras``, as (kind, first para, last para)."""
    out: list[Found] = []
    i = 0
    while i < len(paras):
        for find in (_author_note, _letter, _stanzas, _song):
            found = find(page, paras, i)
            if found is not None:
                out.append(found)
                i = found[2] + 1
                break
        else:
            i += 1
    return out


def _author_note(page: Page, paras: list[Para], i: int) -> Found | None:
    if not AUTHOR_NOTE.match(page.lines[paras[i].first].text):
        return None
    cfg = page.cfg
    n = len(paras)
    # An author's note closing a chapter often runs on ("Please review!"): the few short paragraphs
    # after it, up to the chapter's end, are the note too.
    if n - i <= cfg.closing_note_max_paras and all(
        page.words(paras[k]) <= cfg.closing_note_max_words and not paras[k].scene_break_before for k in range(i + 1, n)
    ):
        return ("author_note", i, n - 1)
    return ("author_note", i, i)


def _letter(page: Page, paras: list[Para], i: int) -> Found | None:
    """A letter: salutation ... signature, or the written thing a sentence ending in ":" announces."""
    cfg = page.cfg
    p = paras[i]
    intro = i > 0 and not p.scene_break_before and announces(_tail(page, paras[i - 1]))
    saluted = salutes(page, p)
    if not (saluted or intro):
        return None
    end = letter_end(page, paras, i)
    if end is None:
        return None
    signed = signature(page.lines[paras[end].last].text, cfg)
    if not signed and not saluted and verse_like(page, p) and p.last - p.first >= cfg.announced_verse_min_breaks:
        return None  # an announced poem ("These were the verses the White Rabbit read:") is verse
    words = sum(page.words(paras[k]) for k in range(i, end + 1))
    salut = any(salutes(page, paras[k]) for k in range(i, min(end, i + cfg.salutation_within_paras - 1) + 1))
    kind = "letter" if salut or words > cfg.letter_min_words else "note"
    return (kind, letter_start(page, paras, i), end)


def _tail(page: Page, p: Para) -> str:
    """The last characters of paragraph ``p``: where a sentence announcing a written text ends."""
    lo, hi = page.lines[p.first].lo, page.lines[p.last].hi
    return page.text[max(lo, hi - page.cfg.announcement_tail_chars) : hi]


def _stanzas(page: Page, paras: list[Para], i: int) -> Found | None:
    """Stanzas of verse: a paragraph of verse lines and the stanzas that continue it."""
    p = paras[i]
    if not (p.last > p.first and verse_like(page, p)) or any(CLOSING.match(page.lines[k].text) for k in range(p.first, p.last + 1)):
        return None
    j = i
    while (
        j + 1 < len(paras)
        and verse_continues(page, paras[j + 1])
        and not paras[j + 1].scene_break_before
        and (paras[j + 1].last > paras[j + 1].first or verse_like(page, paras[j + 1]))
    ):
        j += 1
    nlines = sum(paras[k].last - paras[k].first + 1 for k in range(i, j + 1))
    return ("verse", i, j) if nlines >= page.cfg.verse_min_lines else None


def _song(page: Page, paras: list[Para], i: int) -> Found | None:
    """Lyrics typed one line per paragraph (a rich-text editor makes each line a <p>): a run of short
    one-line paragraphs, mostly without a sentence's closing mark. Prose and dialogue end their
    sentences with one; song lines mostly do not."""
    p = paras[i]
    first_line = page.lines[p.first].text
    if not (p.last == p.first and lyric_line(first_line, page.cfg) and not CLOSED.search(first_line)):
        return None
    j = i
    while (
        j + 1 < len(paras)
        and paras[j + 1].last == paras[j + 1].first
        and not paras[j + 1].scene_break_before
        and lyric_line(page.lines[paras[j + 1].first].text, page.cfg)
    ):
        j += 1
    return ("verse", i, j) if song_lines(page, paras[i : j + 1]) else None
