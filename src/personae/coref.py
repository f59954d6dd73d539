"""Coreference sufficient for attribution and counting: third-person pronouns in narration, the
first-person narrator, and gender evidence from pronouns near a name.

Everything is one pass over mentions and pronoun tokens in text order, with a small table of recently
mentioned characters: linear in the length of the text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .names import FEMALE_PRONOUNS, FIRST_PERSON, MALE_PRONOUNS


@dataclass(frozen=True, slots=True)
class NameMention:
    start: int
    end: int
    cluster: int
    sent: int
    para: int
    subj: bool
    quoted: bool


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


# How far back (in sentences) a pronoun looks for its antecedent: English narration re-names a
# character within a few sentences when another of the same gender intervenes.
WINDOW = 5
_SUBJ = ("nsubj", "nsubjpass")


def _gender_of(lower: str) -> str | None:
    if lower in MALE_PRONOUNS:
        return "M"
    if lower in FEMALE_PRONOUNS:
        return "F"
    return None


def pronoun_votes(names, scan) -> dict[int, tuple[float, float]]:
    """(female, male) pronoun votes per cluster: subject, possessive and reflexive pronouns in narration
    in a sentence that names exactly one character, or in the next sentence when that names nobody.
    (Object pronouns are left out: "Buffy looked at him" — an object pronoun is rarely its own clause's
    subject.)"""
    by_sent: dict[int, set[int]] = defaultdict(set)
    first_pos: dict[int, int] = {}
    for m in names:
        if m.quoted:
            continue
        by_sent[m.sent].add(m.cluster)
        first_pos.setdefault(m.sent, m.start)
    votes: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for p in scan.pronouns:
        if p.quoted:
            continue
        g = _gender_of(p.lower)
        if g is None:
            continue
        if p.dep in _SUBJ or p.lower.endswith("self"):
            w = 1.0
        elif p.dep == "poss":
            w = 0.5
        else:
            continue
        owner = None
        here = by_sent.get(p.sent)
        if here:
            if len(here) == 1 and p.start > first_pos[p.sent]:
                owner = next(iter(here))
        else:
            prev = by_sent.get(p.sent - 1)
            if prev and len(prev) == 1 and scan.sent_para[p.sent - 1] == p.para:
                owner = next(iter(prev))
        if owner is not None:
            votes[owner][0 if g == "F" else 1] += w
    return {c: (f, m) for c, (f, m) in votes.items()}


def first_person(scan) -> bool:
    """First-person narration: I/me/my outside quotations make at least 1.5% of narration words
    (third-person narration has them only in stray free indirect speech)."""
    n = sum(1 for p in scan.pronouns if not p.quoted and p.lower in FIRST_PERSON)
    return n >= 5 and n >= 0.015 * max(1, scan.words_outside)


def resolve(names, scan, genders: dict[int, str], n_clusters: int | None = None) -> Resolved:
    """Name mentions as they are, plus pronouns in narration resolved to the most salient recent
    character of their gender (subjects preferred, then recency), plus the narrator's I/me/my."""
    narrator = None
    if first_person(scan):
        narrator = n_clusters if n_clusters is not None else (max(genders) + 1 if genders else 0)
    out: list[Resolved1] = []
    # cluster -> (sentence of last mention, was it a subject, offset)
    recent: dict[int, tuple[int, bool, int]] = {}
    ni = 0
    names = list(names)
    pr = scan.pronouns
    pi = 0
    while ni < len(names) or pi < len(pr):
        if pi >= len(pr) or (ni < len(names) and names[ni].start <= pr[pi].start):
            m = names[ni]
            ni += 1
            out.append(Resolved1(m.start, m.end, m.cluster, "name", 1.0))
            # A name inside a quotation (a vocative, a reference) marks presence, not narrative focus.
            if not m.quoted or m.cluster not in recent:
                recent[m.cluster] = (m.sent, m.subj and not m.quoted, m.start)
            continue
        p = pr[pi]
        pi += 1
        if p.quoted:
            continue
        if p.lower in FIRST_PERSON:
            if narrator is not None:
                out.append(Resolved1(p.start, p.end, narrator, "narrator", 0.9))
            continue
        g = _gender_of(p.lower)
        best, best_s, second = None, -1e9, -1e9
        stale = []
        for c, (sent, subj, _) in recent.items():
            dist = p.sent - sent
            if dist > WINDOW:
                stale.append(c)
                continue
            cg = genders.get(c, "U")
            if cg not in (g, "U"):
                continue
            s = -dist + (1.0 if subj else 0.0) - (1.5 if cg == "U" else 0.0)
            if s > best_s:
                best, best_s, second = c, s, best_s
            elif s > second:
                second = s
        for c in stale:
            del recent[c]
        if best is None:
            continue
        conf = 0.85 if best_s - second >= 1.0 else 0.5
        out.append(Resolved1(p.start, p.end, best, "pronoun", conf))
        prev = recent[best]
        recent[best] = (p.sent, p.dep in _SUBJ or (prev[0] == p.sent and prev[1]), p.start)
    return Resolved(out, narrator)
