"""Kinship solved as one graph, not pair by pair.

Relations are accepted one at a time, the most confident first, into a graph that refuses what cannot
hold together: a person has at most two parents (one of each sex), no one is their own ancestor, a pair
is kin in one way only, close kin are not a couple (cousins may marry), and one is married to one person
at a time (two marriages of one person must lie in different chapters of the timeline). Then the graph
composes what follows: a parent's spouse is the other parent, two children of one parent are siblings, a
sibling's parent is one's parent. A composed relation cites the evidence of the relations it came from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from ..lexicon import RELATIONSHIP_NOUNS
from ..model import Relation
from .cue import CONFIDENCE_DIGITS, FAMILY, ROMANTIC
from .settings import RelationSettings

# Kin who may not be a couple: every bond a kin noun names but cousins (who may marry) and in-laws.
CLOSE_KIN = frozenset(e.detail for e in RELATIONSHIP_NOUNS.values() if e.type == FAMILY) - {"cousins", "in-laws"}
_PARENT_CHILD = "parent-child"
_SIBLINGS = ("siblings", "twins")


def _pair(r: Relation) -> frozenset:
    return frozenset((r.a, r.b))


def _married_chapters(r: Relation) -> tuple[int, int] | None:
    """The chapters a couple's timeline spans (None: no timeline, so any time)."""
    chapters = [s.chapter for s in r.timeline]
    return (min(chapters), max(chapters)) if chapters else None


@dataclass
class KinGraph:
    """The relations accepted so far, by what they say of kinship and marriage."""

    gender: dict[str, str]
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    spouses: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    kin: dict[frozenset, str] = field(default_factory=dict)  # pair -> family detail ("" unknown)
    couples: set[frozenset] = field(default_factory=set)

    def ancestors(self, x: str) -> set[str]:
        out, todo = set(), [x]
        while todo:
            for p in self.parents.get(todo.pop(), ()):
                if p not in out:
                    out.add(p)
                    todo.append(p)
        return out

    def accepts(self, r: Relation) -> bool:
        if r.type == ROMANTIC:
            return self._accepts_couple(r)
        if r.type != FAMILY:
            return True
        pair, detail = _pair(r), r.detail or ""
        if pair in self.kin and self.kin[pair] != detail:
            return False  # kin in one way only
        if pair in self.couples and (detail in CLOSE_KIN or not detail):
            return False  # a couple's shared name is the marriage's, not kinship
        if detail == _PARENT_CHILD and r.directed:
            return self._accepts_parent(r.a, r.b)
        return True

    def _accepts_couple(self, r: Relation) -> bool:
        if self.kin.get(_pair(r), "") in CLOSE_KIN:
            return False
        if r.detail != "spouses":
            return True
        for x, y in ((r.a, r.b), (r.b, r.a)):
            for other in self.spouses.get(x, ()):
                if y in (other.a, other.b):
                    continue
                mine, theirs = _married_chapters(r), _married_chapters(other)
                if mine is None or theirs is None or not (mine[1] < theirs[0] or theirs[1] < mine[0]):
                    return False  # one spouse at a time
        return True

    def _accepts_parent(self, parent: str, child: str) -> bool:
        ps = self.parents.get(child, set())
        if parent in ps:
            return True
        if len(ps) >= 2 or child in self.ancestors(parent) or parent == child:
            return False
        g = self.gender.get(parent, "U")
        return not (g in "MF" and any(self.gender.get(p) == g for p in ps))  # one mother, one father

    def add(self, r: Relation) -> None:
        pair = _pair(r)
        if r.type == ROMANTIC:
            self.couples.add(pair)
            if r.detail == "spouses":
                self.spouses[r.a].append(r)
                self.spouses[r.b].append(r)
        elif r.type == FAMILY:
            self.kin[pair] = r.detail or ""
            if r.detail == _PARENT_CHILD and r.directed:
                self.parents[r.b].add(r.a)


def consistent(rels: Iterable[Relation], gender: dict[str, str], cfg: RelationSettings) -> list[Relation]:
    """The relations that fit one family graph (kinship and couples first, the most confident first),
    plus the kinship the sure ones imply."""
    graph = KinGraph(gender)
    kept = []
    for r in sorted(rels, key=lambda r: (r.type not in (FAMILY, ROMANTIC), -r.confidence, r.a, r.b, r.type)):
        if graph.accepts(r):
            graph.add(r)
            kept.append(r)
    return kept + compose(kept, graph, cfg)


def compose(kept: list[Relation], graph: KinGraph, cfg: RelationSettings) -> list[Relation]:
    """Kinship from sure kinship (twice: a composed parent makes siblings): a parent's spouse is the other
    parent, a parent's children are siblings, a sibling's parent is one's parent."""
    have = {_pair(r) for r in kept if r.type == FAMILY}
    new: list[Relation] = []

    def put(a: str, b: str, detail: str, directed: bool, r1: Relation, r2: Relation) -> None:
        conf = round(cfg.inferred_factor * min(r1.confidence, r2.confidence), CONFIDENCE_DIGITS)
        pair = frozenset((a, b))
        if a == b or pair in have or conf < cfg.infer_min_confidence:
            return
        each = cfg.inferred_evidence_each
        ev = tuple(sorted(set(r1.evidence[:each] + r2.evidence[:each]), key=lambda sp: sp.start))
        rel = Relation(a=a, b=b, type=FAMILY, detail=detail, directed=directed, confidence=conf, evidence=ev)
        if graph.accepts(rel):
            graph.add(rel)
            have.add(pair)
            new.append(rel)

    sure = [r for r in kept if r.confidence >= cfg.compose_from]
    spouses = [r for r in sure if r.type == ROMANTIC and r.detail == "spouses"]
    for _ in range(2):
        links = sure + new
        parent_of: dict[str, list[Relation]] = defaultdict(list)  # child -> relations to their parents
        for r in links:
            if r.type == FAMILY and r.detail == _PARENT_CHILD and r.directed:
                parent_of[r.b].append(r)
        for s in spouses:
            for p, q in ((s.a, s.b), (s.b, s.a)):
                for child, prs in list(parent_of.items()):
                    for pr in prs:
                        if pr.a == p and child != q:
                            put(q, child, _PARENT_CHILD, True, s, pr)
        children: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
        for child, prs in parent_of.items():
            for pr in prs:
                children[pr.a].append((child, pr))
        for kids in children.values():
            for (x, rx), (y, ry) in combinations(kids, 2):
                put(min(x, y), max(x, y), "siblings", False, rx, ry)
        for sr in [r for r in links if r.type == FAMILY and r.detail in _SIBLINGS]:
            for x, y in ((sr.a, sr.b), (sr.b, sr.a)):
                for pr in parent_of.get(y, []):
                    put(pr.a, x, _PARENT_CHILD, True, sr, pr)
    return new
