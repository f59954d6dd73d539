"""Kinship that follows from kinship (general facts): a parent's spouse is a parent (or step-parent) of
the child; two children of one parent are siblings (or half-siblings); a sibling's sibling is a sibling.
A composed relation cites the evidence of the relations it came from, at a discounted confidence."""

from __future__ import annotations

from collections import defaultdict

from ..model import Relation
from .cue import CONFIDENCE_DIGITS, FAMILY, ROMANTIC
from .pool import PairType
from .settings import RelationSettings

_SIBLINGS = ("siblings", "twins")


class _Composer:
    """The relations composed so far, never twice for a pair nor over a known kinship."""

    def __init__(self, known: dict[frozenset, Relation], guessed: set[PairType], cfg: RelationSettings):
        self.known = known
        self.guessed = guessed
        self.cfg = cfg
        self.new: dict[frozenset, Relation] = {}

    def put(self, a: str, b: str, detail: str, directed: bool, r1: Relation, r2: Relation) -> None:
        key = frozenset((a, b))
        if a == b or key in self.known or key in self.new:
            return
        # Guesses are not built on guesses: one of the two must be bound by name, grammar or address.
        if (r1.a, r1.b, r1.type) in self.guessed and (r2.a, r2.b, r2.type) in self.guessed:
            return
        cfg = self.cfg
        conf = round(cfg.inferred_factor * min(r1.confidence, r2.confidence), CONFIDENCE_DIGITS)
        each = cfg.inferred_evidence_each
        ev = tuple(sorted(set(r1.evidence[:each] + r2.evidence[:each]), key=lambda sp: sp.start))
        self.new[key] = Relation(a=a, b=b, type=FAMILY, detail=detail, directed=directed, confidence=conf, evidence=ev)


def infer_family(rels: list[Relation], guessed: set[PairType] | None, cfg: RelationSettings) -> list[Relation]:
    """The kinship ``rels`` imply and do not state (only relations sure enough are composed)."""
    rels = [r for r in rels if r.confidence >= cfg.infer_min_confidence]
    known = {frozenset((r.a, r.b)): r for r in rels if r.type == FAMILY}
    parents: dict[str, dict[str, Relation]] = defaultdict(dict)  # child -> parent -> relation
    for r in rels:
        if r.type == FAMILY and r.detail == "parent-child" and r.directed:
            parents[r.b][r.a] = r
    comp = _Composer(known, guessed or set(), cfg)
    for r in rels:
        if r.type == ROMANTIC and r.detail == "spouses":
            for p, q in ((r.a, r.b), (r.b, r.a)):
                for child, ps in list(parents.items()):
                    if p in ps and q not in ps:
                        comp.put(q, child, "parent-child", True, r, ps[p])
    for r in comp.new.values():
        parents[r.b][r.a] = r
    by_parent: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for child, ps in parents.items():
        for p, r in ps.items():
            by_parent[p].append((child, r))
    for kids in by_parent.values():
        for i, (x, rx) in enumerate(kids):
            for y, ry in kids[i + 1 :]:
                comp.put(x, y, "siblings", False, rx, ry)
    sib = [r for r in list(known.values()) + list(comp.new.values()) if r.detail in _SIBLINGS]
    for r1 in sib:
        for r2 in sib:
            common = {r1.a, r1.b} & {r2.a, r2.b}
            if r1 is not r2 and len(common) == 1:
                x, = {r1.a, r1.b} - common
                y, = {r2.a, r2.b} - common
                comp.put(min(x, y), max(x, y), "siblings", False, r1, r2)
    return list(comp.new.values())
