"""Features of the quote's speech tag: who its subject is, and, when the subject is he/she, which
character of that gender it most likely means."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..tags import Tag
from .base import Book, Site

if TYPE_CHECKING:
    from .view import QuoteView

_SUBJECT = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class TagFacts:
    tag: Tag | None
    # A strong tag whose subject is he/she (not a name).
    pronoun: bool
    # The nearest character of the tag pronoun's gender named in the narration before the tag ...
    nearest: str | None
    # ... and the nearest one named as a clause's subject (only for ``pronoun``).
    nearest_subject: str | None
    candidates: list[str]
    # The last subject of the tag pronoun's gender in the narration of the quote's paragraph before
    # the tag (or of the paragraph before, when the quote opens its own): a name, or a description
    # the cast ties to a character ("her husband raised a hand … “No,” he said").
    paragraph_subject: str | None


def tag_facts(book: Book, site: Site) -> TagFacts:
    tag = book.reading.tags[site.n]
    strong_pronoun = tag is not None and tag.strong and bool(tag.pronoun_gender)
    pronoun = strong_pronoun and not tag.explicit
    nearest = _nearest_named(book, site, tag, as_subject=False) if strong_pronoun else None
    subject = _nearest_named(book, site, tag, as_subject=True) if pronoun else None
    para = _paragraph_subject(book, site, tag) if pronoun else None
    return TagFacts(tag, pronoun, nearest, subject, site.ids, para)


def _paragraph_subject(book: Book, site: Site, tag: Tag) -> str | None:
    story = book.story
    lo = site.paragraph[0]
    if site.quote.start - lo < book.settings.paragraph_lead:
        p = book.dialogue.para_of[site.n]
        if p > 0 and story.scene_of(book.dialogue.paragraphs[p - 1][0]) == story.scene_of(lo):
            lo = book.dialogue.paragraphs[p - 1][0]
    for m in reversed(book.reading.mentions.between(lo, tag.span[0])):
        if m.kind not in ("name", "description") or story.in_quotes(m.start) or book.gender.get(m.character) != tag.pronoun_gender:
            continue
        if m.character == tag.possessor or m.character in book.narrators:
            continue
        tok = story.parsed.token_at(m.start)
        if tok is not None and len(tok) and (tok[-1].dep_ in _SUBJECT or tok[-1].head.dep_ in _SUBJECT):
            return m.character
    return None


def _nearest_named(book: Book, site: Site, tag: Tag, as_subject: bool) -> str | None:
    """The nearest character of the tag pronoun's gender named in narration before it (as a clause's
    subject, if ``as_subject``), other than the possessor of "said her mother"."""
    story = book.story
    start = max(site.paragraph[0] - book.settings.window, story.scene_start(site.quote.start))
    for m in reversed(book.reading.mentions.between(start, tag.span[0])):
        if m.kind == "name" and not story.in_quotes(m.start) and book.gender.get(m.character) == tag.pronoun_gender and m.character != tag.possessor:
            if not as_subject:
                return m.character
            tok = story.parsed.token_at(m.start)
            if tok is not None and len(tok) and (tok[-1].dep_ in _SUBJECT or tok[-1].head.dep_ in _SUBJECT):
                return m.character
    return None


def _strong(t: Tag | None) -> bool:
    return t is not None and t.strong


def _by(t: Tag | None, c: str) -> bool:
    return t is not None and bool(t.speaker) and t.speaker == c


def tag_subject(v: QuoteView, c: str) -> float:
    """The tag's subject is this character (a strong tag, named or described)."""
    t = v.tag.tag
    return float(_by(t, c) and t.strong and not t.pronoun_gender)


def tag_other(v: QuoteView, c: str) -> float:
    """The quote has a strong tag naming someone else."""
    t = v.tag.tag
    return float(_strong(t) and bool(t.speaker) and t.speaker != c and not t.pronoun_gender)


def tag_pronoun_coref(v: QuoteView, c: str) -> float:
    """The tag's subject is he/she and the cast resolves it to this character."""
    t = v.tag.tag
    return float(_by(t, c) and t.strong and bool(t.pronoun_gender))


def tag_pronoun_scene_lead(v: QuoteView, c: str) -> float:
    """… not to this character, who took no part in the scene: the he/she went to this one, the
    scene's clear lead of that gender."""
    t = v.tag.tag
    return float(_by(t, c) and t is not None and t.scene_lead)


def tag_pronoun_nearest(v: QuoteView, c: str) -> float:
    """… and this is the nearest character of that gender named in narration before."""
    return float(v.tag.nearest is not None and c == v.tag.nearest)


def tag_pronoun_subject(v: QuoteView, c: str) -> float:
    """… and this is the nearest character of that gender named as a clause's subject."""
    return float(v.tag.pronoun and c == v.tag.nearest_subject)


def tag_pronoun_para_subject(v: QuoteView, c: str) -> float:
    """… and this is the last one of that gender acting as a subject in the narration of the quote's
    paragraph (named or described)."""
    return float(v.tag.paragraph_subject is not None and c == v.tag.paragraph_subject)


def _gender_agrees(v: QuoteView, c: str) -> bool | None:
    """Whether this character's gender is the tag pronoun's (None: no he/she tag, or no known gender).
    A first-person narrator is "I" to the narration, never the "he" or "she" of a tag."""
    t = v.tag.tag
    g = v.book.gender.get(c)
    if not (_strong(t) and t.pronoun_gender and g in ("M", "F")):
        return None
    return g == t.pronoun_gender and c not in v.book.narrators


def tag_pronoun_match(v: QuoteView, c: str) -> float:
    """The tag's subject is he/she and this character has that gender."""
    return float(_gender_agrees(v, c) is True)


def tag_pronoun_mismatch(v: QuoteView, c: str) -> float:
    """The tag's subject is he/she and this character has the other gender (or is the narrator)."""
    return float(_gender_agrees(v, c) is False)


def _weak_gender_agrees(v: QuoteView, c: str) -> bool | None:
    """Whether this character's gender is that of a weak tag's he/she ("“Yes.” She smiled.")."""
    t = v.tag.tag
    g = v.book.gender.get(c)
    if t is None or t.strong or t.explicit or not t.pronoun_gender or g not in ("M", "F"):
        return None
    return g == t.pronoun_gender and c not in v.book.narrators


def weak_pronoun_match(v: QuoteView, c: str) -> float:
    """The subject of a clause right after the quote, not plainly a tag, is he/she, and this character
    has that gender: the one acting next to a quote is most often its speaker."""
    return float(_weak_gender_agrees(v, c) is True)


def weak_pronoun_mismatch(v: QuoteView, c: str) -> float:
    """… and this character has the other gender (or is the narrator)."""
    return float(_weak_gender_agrees(v, c) is False)


def weak_tag_subject(v: QuoteView, c: str) -> float:
    """Subject of a clause right after the quote that is not plainly a tag."""
    t = v.tag.tag
    return float(_by(t, c) and not t.strong)


def _shares_surname(v: QuoteView, a: str, b: str) -> bool:
    s = v.book.surnames
    return bool(s.get(a, set()) & s.get(b, set()))


def tag_possessor(v: QuoteView, c: str) -> float:
    """The tag's subject is "her mother" and this is who "her" is."""
    t = v.tag.tag
    return float(_strong(t) and bool(t.possessor) and c == t.possessor)


def tag_relative(v: QuoteView, c: str) -> float:
    """… the noun is a relative's, and this character shares the possessor's surname."""
    t = v.tag.tag
    if not (_strong(t) and t.possessor and t.relation):
        return 0.0
    return float(c != t.possessor and v.book.gender.get(c) == t.pronoun_gender and _shares_surname(v, c, t.possessor))


def tag_kin_present(v: QuoteView, c: str) -> float:
    """"said her father": a relative noun, and this one shares a surname with another candidate."""
    t = v.tag.tag
    if not (_strong(t) and t.relation and v.book.gender.get(c) == t.pronoun_gender):
        return 0.0
    mine = v.book.surnames.get(c, set())
    return float(any(o != c and mine & v.book.surnames.get(o, set()) for o in v.tag.candidates))
