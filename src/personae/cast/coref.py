"""Coreference sufficient for attribution and counting: third-person pronouns in narration, the
first-person narrator, and gender evidence from pronouns near a name.

Everything is one pass over mentions and pronoun tokens in text order, with a small table of recently
mentioned characters: linear in the length of the text. The inputs are the records below
(``NameMention``, ``Pronoun``, ``Description``), which the cast's scan of the story produces; the
distances, weights and confidences are fields of ``CastSettings``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from ..lexicon import FEMALE_PRONOUNS, FIRST_PERSON, MALE_PRONOUNS
from .settings import CastSettings


@dataclass(frozen=True, slots=True)
class NameMention:
    start: int
    end: int
    cluster: int
    sent: int
    para: int
    subj: bool
    quoted: bool


@dataclass
class Pronoun:
    """A pronoun token: offset, lower form, sentence index, paragraph, dependency, inside a quotation."""

    start: int
    end: int
    lower: str
    sent: int
    para: int
    dep: str
    quoted: bool


@dataclass
class Description:
    """A description of a person in narration: "the old man", "the girl", "this woman"."""

    start: int
    end: int
    gender: str
    definite: bool
    sent: int
    para: int
    dep: str


@dataclass(frozen=True, slots=True)
class Resolved1:
    start: int
    end: int
    cluster: int | None
    kind: str
    confidence: float


@dataclass
class Resolved:
    mentions: list[Resolved1]
    narrator: int | None  # cluster index of the first-person narrator (may be a new index)


_SUBJ = ("nsubj", "nsubjpass")


class _Candidate(NamedTuple):
    """A recent character a pronoun or description may stand for (sorted: most salient first)."""

    salience: float
    cluster: int  # negative: an unnamed person a description introduced
    dist: int  # sentences back
    gender: str


class _Seen(NamedTuple):
    """Where a character was last mentioned: sentence, as a subject or not, offset."""

    sent: int
    subj: bool
    start: int


class _Event(IntEnum):
    """What ``resolve`` reads at an offset; at one offset, in this order."""

    NAME = 0
    PRONOUN = 1
    DESCRIPTION = 2


def _gender_of(lower: str) -> str | None:
    if lower in MALE_PRONOUNS:
        return "M"
    if lower in FEMALE_PRONOUNS:
        return "F"
    return None


def pronoun_votes(names, pronouns: Sequence[Pronoun], sent_para: Sequence[int],
                  cfg: CastSettings) -> dict[int, tuple[float, float]]:
    """(female, male) pronoun votes per cluster: subject, possessive and reflexive pronouns in narration
    in a sentence that names exactly one character, or in the next sentence when that names nobody.
    (Object pronouns are left out: "Buffy looked at him" — an object pronoun is rarely its own clause's
    subject.) ``sent_para``: the paragraph of each sentence."""
    by_sent: dict[int, set[int]] = defaultdict(set)
    first_pos: dict[int, int] = {}
    subj_sent: set[int] = set()
    for m in names:
        if m.quoted:
            continue
        by_sent[m.sent].add(m.cluster)
        first_pos.setdefault(m.sent, m.start)
        if m.subj:
            subj_sent.add(m.sent)
    votes: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for p in pronouns:
        if p.quoted:
            continue
        g = _gender_of(p.lower)
        if g is None:
            continue
        if p.dep in _SUBJ or p.lower.endswith("self"):
            w = 1.0
        elif p.dep == "poss":
            w = cfg.possessive_vote
        else:
            continue
        # The name must be its sentence's subject: "Henry smiled; he ..." — a name in an object or
        # prepositional phrase is less often what the next pronoun picks up.
        owner = None
        here = by_sent.get(p.sent)
        if here:
            if len(here) == 1 and p.start > first_pos[p.sent] and p.sent in subj_sent:
                owner = next(iter(here))
        else:
            prev = by_sent.get(p.sent - 1)
            if prev and len(prev) == 1 and sent_para[p.sent - 1] == p.para and p.sent - 1 in subj_sent:
                owner = next(iter(prev))
        if owner is not None:
            votes[owner][0 if g == "F" else 1] += w
    return {c: (f, m) for c, (f, m) in votes.items()}


def first_person(pronouns: Sequence[Pronoun], words_outside: int, cfg: CastSettings) -> bool:
    """First-person narration: I/me/my outside quotations make at least 1.5% of narration words
    (``words_outside``; third-person narration has them only in stray free indirect speech)."""
    n = sum(1 for p in pronouns if not p.quoted and p.lower in FIRST_PERSON)
    return n >= cfg.first_person_min_count and n >= cfg.first_person_min_share * max(1, words_outside)


def resolve(names, pronouns: Sequence[Pronoun], descs: Sequence[Description], words_outside: int,
            genders: dict[int, str], cfg: CastSettings, n_clusters: int | None = None) -> Resolved:
    """Name mentions as they are; pronouns in narration resolved to the most salient recent character of
    their gender (subjects preferred, then recency); definite descriptions ("the girl") to the one recent
    character of their gender; the narrator's I/me/my. A description with no named candidate ("an old
    man came in") stands for an unnamed person: the pronouns that follow it stay unresolved rather than
    go to a named character by mistake."""
    narrator = None
    if first_person(pronouns, words_outside, cfg):
        narrator = n_clusters if n_clusters is not None else (max(genders) + 1 if genders else 0)
    events = [(m.start, _Event.NAME, m) for m in names]
    events += [(p.start, _Event.PRONOUN, p) for p in pronouns if not p.quoted]
    events += [(d.start, _Event.DESCRIPTION, d) for d in descs]
    events.sort(key=lambda e: (e[0], e[1]))
    # Who is named (outside quotes) in each sentence: a description there means somebody else.
    named_in: dict[int, set[int]] = defaultdict(set)
    for m in names:
        if not m.quoted:
            named_in[m.sent].add(m.cluster)
    out: list[Resolved1] = []
    # entity -> where last mentioned; unnamed people get negative ids.
    recent: dict[int, _Seen] = {}
    gender_of = dict(genders)
    unnamed = 0
    for _, kind, e in events:
        if kind == _Event.NAME:
            out.append(Resolved1(e.start, e.end, e.cluster, "name", 1.0))
            # A name inside a quotation (a vocative, a reference) marks presence, not narrative focus.
            if not e.quoted or e.cluster not in recent:
                recent[e.cluster] = _Seen(e.sent, e.subj and not e.quoted, e.start)
            continue
        if kind == _Event.PRONOUN and e.lower in FIRST_PERSON:
            if narrator is not None:
                out.append(Resolved1(e.start, e.end, narrator, "narrator", cfg.narrator_confidence))
            continue
        g = _gender_of(e.lower) if kind == _Event.PRONOUN else e.gender
        cands = []
        for c, (sent, subj, _) in list(recent.items()):
            dist = e.sent - sent
            if dist > cfg.pronoun_window:
                del recent[c]
                continue
            cg = gender_of.get(c, "U")
            if cg not in (g, "U"):
                continue
            salience = -dist + (cfg.subject_bonus if subj else 0.0) - (cfg.unknown_gender_penalty if cg == "U" else 0.0)
            cands.append(_Candidate(salience, c, dist, cg))
        cands.sort(reverse=True)
        is_subj = e.dep in _SUBJ
        if kind == _Event.DESCRIPTION:
            # Not a character named in this very sentence, before or after it: "Buffy sat down next to
            # the brunette", "the blonde touched Faith's cheek" are about someone else (a description,
            # like an object pronoun, avoids its own clause's subject).
            exact = [c for c in cands if c.gender == g and c.cluster >= 0 and 1 <= c.dist <= cfg.description_max_distance
                     and c.cluster not in named_in[e.sent]]
            if any(c.dist == 0 and c.gender == g and c.cluster >= 0 for c in cands) and not exact:
                continue
            if e.definite and len(exact) == 1:
                c = exact[0].cluster
                out.append(Resolved1(e.start, e.end, c, "description", cfg.description_confidence))
                recent[c] = _Seen(e.sent, is_subj, e.start)
            elif not e.definite or not exact:
                unnamed -= 1
                gender_of[unnamed] = g
                recent[unnamed] = _Seen(e.sent, is_subj, e.start)
            continue
        if not cands:
            continue
        best_s, best = cands[0].salience, cands[0].cluster
        second = cands[1].salience if len(cands) > 1 else -math.inf
        prev = recent[best]
        recent[best] = _Seen(e.sent, is_subj or (prev.sent == e.sent and prev.subj), e.start)
        if best < 0:
            continue
        # Confidence: a clear winner close by is usually right; a near tie or a distant antecedent less so.
        conf = cfg.tie_confidence if best_s - second < cfg.clear_margin else (
            cfg.near_confidence if cands[0].dist <= 1 else cfg.far_confidence)
        out.append(Resolved1(e.start, e.end, best, "pronoun", conf))
    return Resolved(out, narrator)
