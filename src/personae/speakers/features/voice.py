"""Features of voice beats: narration right next to a quote that gives the speech an owner without a
verb of speaking — “Am I right?” Faith's voice was gentle; He heard Alana's excited voice: “…”;
she heard Dawn's voice break through her thoughts — and who listens (the subject of "heard"), who
does not speak the quote but often answers it.

The narration read is the sentence right before the quote's opening mark and the one right after its
closing mark, in its paragraph; when the quote opens (or closes) its paragraph, the closing (or opening)
sentence of the neighbouring paragraph of the same scene, unless that is a quote too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...context import Story
from ...lexicon import HEAR_VERBS, VOICE_NOUNS
from ...mentions import MentionIndex
from ..conversations import Dialogue

if TYPE_CHECKING:
    from .base import Book, Site
    from .view import QuoteView

_OPENING_MARKS = "“‘\"'"
_CLOSING_MARKS = "”’\"'"


@dataclass(frozen=True)
class Beat:
    """The voice beats around one quote."""

    before: frozenset[str]  # owners of a voice in the narration sentence right before the quote
    after: frozenset[str]  # … right after it
    hearers: frozenset[str]  # subjects of "heard" in those sentences (who listens, not who speaks)


_NO_BEAT = Beat(frozenset(), frozenset(), frozenset())


def voice_beats(story: Story, dialogue: Dialogue, idx: MentionIndex) -> list[Beat]:
    """The voice beats of every quote of ``story``."""
    out = []
    for n, q in enumerate(story.quotes):
        before, after = _adjacent(story, dialogue, n)
        ob, hb = _owners(before, idx)
        oa, ha = _owners(after, idx)
        out.append(Beat(ob, oa, hb | ha) if ob or oa or hb or ha else _NO_BEAT)
    return out


def _sentence(story: Story, off: int, lo: int, hi: int) -> list[tuple[int, object]]:
    """(doc start, token) of the sentence at ``off``, outside quotes, within [lo, hi)."""
    span = story.parsed.token_at(off)
    if span is None or not len(span):
        return []
    dstart = story.parsed.doc_at(off)[0]
    return [(dstart, t) for t in span[0].sent if lo <= dstart + t.idx < hi and not story.in_quotes(dstart + t.idx)]


def _last_letter(text: str, a: int, b: int) -> int:
    """The last non-space offset in [a, b) (a - 1 when none)."""
    k = b - 1
    while k >= a and text[k].isspace():
        k -= 1
    return k


def _first_letter(text: str, a: int, b: int) -> int:
    """The first non-space offset in [a, b) (b when none)."""
    k = a
    while k < b and text[k].isspace():
        k += 1
    return k


def _adjacent(story: Story, d: Dialogue, n: int) -> tuple[list, list]:
    """The narration sentences right before and right after quote ``n``."""
    text, q, p = story.text, story.quotes[n], d.para_of[n]
    ps, pe = d.paragraphs[p]

    def same_scene(i: int) -> bool:
        return 0 <= i < len(d.paragraphs) and story.scene_of(d.paragraphs[i][0]) == story.scene_of(ps)

    before: list = []
    open_at = q.parts[0].start - 1
    k = _last_letter(text, ps, open_at)
    if k >= ps:
        if not story.in_quotes(k) and text[k] not in _CLOSING_MARKS:
            before = _sentence(story, k, ps, open_at)
    elif same_scene(p - 1):
        a, b = d.paragraphs[p - 1]
        k = _last_letter(text, a, b)
        if k >= a and not story.in_quotes(k) and text[k] not in _CLOSING_MARKS:
            before = _sentence(story, k, a, b)
    after: list = []
    close_at = q.parts[-1].end + 1
    k = _first_letter(text, close_at, pe)
    if k < pe:
        if not story.in_quotes(k) and text[k] not in _OPENING_MARKS:
            after = _sentence(story, k, close_at, pe)
    elif same_scene(p + 1):
        a, b = d.paragraphs[p + 1]
        k = _first_letter(text, a, b)
        if k < b and not story.in_quotes(k) and text[k] not in _OPENING_MARKS:
            after = _sentence(story, k, a, b)
    return before, after


def _owners(tokens: list, idx: MentionIndex) -> tuple[frozenset[str], frozenset[str]]:
    """Who owns a voice in ``tokens`` ("X's voice", "the voice of X", "heard X", "heard X say"), and
    who hears (the subject of "heard")."""
    owners: set[str] = set()
    hearers: set[str] = set()

    def who(dstart: int, t) -> str | None:
        m = idx.longest_at(dstart + t.idx, dstart + t.idx + len(t.text))
        return m.character if m is not None else None

    for dstart, t in tokens:
        lemma = t.lemma_.lower()
        if t.pos_ == "NOUN" and lemma in VOICE_NOUNS:
            for c in t.children:
                if c.dep_ == "poss":
                    owners.add(who(dstart, c))
                elif c.dep_ == "prep" and c.lower_ == "of":
                    owners.update(who(dstart, g) for g in c.children if g.dep_ == "pobj")
        elif t.pos_ == "VERB" and lemma in HEAR_VERBS:
            for c in t.children:
                if c.dep_ == "nsubj":
                    hearers.add(who(dstart, c))
                elif c.dep_ == "dobj":
                    owners.add(who(dstart, c))
                elif c.dep_ in ("ccomp", "xcomp"):
                    owners.update(who(dstart, g) for g in c.children if g.dep_ == "nsubj")
    owners.discard(None)
    hearers.discard(None)
    return frozenset(owners), frozenset(hearers - owners)


@dataclass(frozen=True)
class VoiceFacts:
    beat: Beat
    heard_previous: frozenset[str]  # heard the previous quote of the conversation


def voice_facts(book: Book, site: Site) -> VoiceFacts:
    n = site.n
    prev = book.beats[n - 1].hearers if n and book.dialogue.same_conversation(n - 1, n) else frozenset()
    return VoiceFacts(book.beats[n], prev)


def voice_before(v: QuoteView, c: str) -> float:
    """Owns a voice in the narration sentence right before the quote ("Faith's voice was gentle: “…”")."""
    return float(c in v.voice.beat.before)


def voice_after(v: QuoteView, c: str) -> float:
    """Owns a voice in the narration sentence right after the quote."""
    return float(c in v.voice.beat.after)


def hearer_adjacent(v: QuoteView, c: str) -> float:
    """Hears a voice in the sentence before or after the quote: the listener, not the speaker."""
    return float(c in v.voice.beat.hearers)


def heard_prev(v: QuoteView, c: str) -> float:
    """Heard the previous quote: the one spoken to, who answers."""
    return float(c in v.voice.heard_previous)
