"""Relations from the model's scores: for every pair and type the model finds likely enough, the detail
and direction its cues name, its evidence, and (romantic) its per-chapter timeline; then the family
graph keeps what holds together (``family``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Relation
from .cue import CONFIDENCE_DIGITS, FAMILY, FRIENDSHIP, HOSTILE, ROMANTIC, TYPES, Cue
from .features import PairTable
from .grammar import backstory
from .pool import type_support
from .reader import Reader
from .settings import RelationSettings
from .timeline import state_cues, timeline

# The detail a type names when no cue of the pair names one: a friendship is between friends, a hostility
# between enemies (rivals are the rarer kind); kinship and romance are left unsaid.
_DEFAULT_DETAIL = {FRIENDSHIP: "friends", HOSTILE: "enemies"}
_AUNT = "aunt/uncle-niece/nephew"


@dataclass(frozen=True)
class Names:
    """What the characters' names say (``Reader`` has the same fields): gender, a married woman's title
    ("Mrs."), an unmarried woman's ("Miss")."""

    gender: dict[str, str]
    married: dict[str, bool]
    maiden: dict[str, bool]

    @classmethod
    def of(cls, reader: Reader) -> Names:
        return cls(reader.gender, reader.married, reader.maiden)


def propose(names: Names, table: PairTable, probs: dict[str, np.ndarray], cfg: RelationSettings) -> list[Relation]:
    """One relation per pair and type scored at least ``keep_confidence`` and named by at least one of the
    pair's cues of that type, its confidence the model's. (Measured leave-one-out, the few relations the
    model scored from co-presence and talk alone were mostly wrong, and a reader cannot check them.)"""
    out = []
    for t in TYPES:
        for i in np.nonzero(probs[t] >= cfg.keep_confidence)[0]:
            x, y = table.pairs[int(i)]
            cs = table.kept.get((x, y, t), [])
            if not cs:
                continue  # a relation rests on words of its type; co-presence and talk only weigh them
            out.append(_relation(names, x, y, t, cs, float(probs[t][i]), cfg))
    return out


def _relation(names: Names, x: str, y: str, type_: str, cs: list[Cue], p: float, cfg: RelationSettings) -> Relation:
    _support, detail, direction = type_support(cs, type_, cfg)
    if not detail:
        detail, direction = _detail_by_name(names, x, y) if type_ == FAMILY else (_DEFAULT_DETAIL.get(type_, ""), None)
    a, b = direction or (x, y)
    ordered = sorted(cs, key=lambda c: (c.detail not in (detail, ""), -c.confidence, c.pos))
    evidence = tuple(sorted({c.span for c in ordered[:cfg.max_evidence]}, key=lambda sp: sp.start))
    return Relation(a=a, b=b, type=type_, detail=detail or None, directed=direction is not None,
                    confidence=round(p, CONFIDENCE_DIGITS), evidence=evidence)


def _detail_by_name(names: Names, x: str, y: str) -> tuple[str, tuple[str, str] | None]:
    """Kin known by a shared family name alone: a married woman ("Mrs.") and a "Miss" of one name are
    mother and daughter (she took the name, the daughter was born to it); otherwise unsaid."""
    for a, b in ((x, y), (y, x)):
        if names.married.get(a) and names.maiden.get(b):
            return "parent-child", (a, b)
    return "", None


def with_timelines(reader: Reader, rels: list[Relation], table: PairTable, cfg: RelationSettings) -> list[Relation]:
    """Romantic relations with their per-chapter state, from their cues and the state words said beside
    the couples shown."""
    bar = cfg.show_confidence.get(ROMANTIC, 0.0)
    couples = {(min(r.a, r.b), max(r.a, r.b)) for r in rels if r.type == ROMANTIC and r.confidence >= bar}
    words: dict[tuple[str, str], list[Cue]] = {}
    for c in state_cues(reader, couples):
        words.setdefault((c.a, c.b), []).append(c)
    out = []
    for r in rels:
        if r.type == ROMANTIC:
            pair = (min(r.a, r.b), max(r.a, r.b))
            cs = table.kept.get((*pair, ROMANTIC), []) + words.get(pair, [])
            states = timeline(cs, reader.story.chapter_of, lambda off: backstory(reader, off), reader.cfg)
            r = Relation(r.a, r.b, r.type, r.detail, r.directed, r.confidence, r.evidence, states)
        out.append(r)
    return out


def name_aunts(gender: dict[str, str], rels: list[Relation]) -> list[Relation]:
    """"aunt/uncle-niece/nephew" said by sex where both are known ("aunt-nephew")."""
    out = []
    for r in rels:
        ga, gb = gender.get(r.a, "U"), gender.get(r.b, "U")
        if r.detail == _AUNT and ga in ("M", "F") and gb in ("M", "F"):
            detail = ("aunt" if ga == "F" else "uncle") + "-" + ("niece" if gb == "F" else "nephew")
            r = Relation(r.a, r.b, r.type, detail, r.directed, r.confidence, r.evidence, r.timeline)
        out.append(r)
    return out
