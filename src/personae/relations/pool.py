"""From cues to relations: filter the guesses, pool the cues per pair and type, and keep what enough
independent evidence supports (weak cues alone never make a relation).

Filters, in order: a proximity guess must beat chance (``above_chance``); "Papa" must come from the few
who say it again and again (``address_consensus``); one has one father and one wife (``settle_slots``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..document import Span
from ..model import Relation
from .cue import CONFIDENCE_DIGITS, FAMILY, PARENT_ADDRESS, ROMANTIC, Cue, Guess, Slot
from .grammar import backstory
from .reader import Reader
from .settings import DEFAULT_SETTINGS, RelationSettings
from .timeline import timeline

# A pair of characters in id order, and one of its types.
PairType = tuple[str, str, str]
_PARENT_ROLES = {"father": "M", "mother": "F"}


def above_chance(cues: list[Cue], reader: Reader) -> list[Cue]:
    """Keep a proximity guess ("his sister" -> the nearest woman) only when that character turns up
    beside this possessor's role word clearly more often than beside the possessor anywhere (lift over
    chance). In a long book the leads stand near everyone; the nearest name is no evidence then. A
    handful of guesses cannot be weighed, and is kept as it is."""
    cfg = reader.cfg
    groups: dict[Guess, list[Cue]] = defaultdict(list)
    for c in cues:
        if c.guess is not None:
            groups[c.guess].append(c)
    drop: set[int] = set()
    base_cache: dict[tuple[str, str, bool], Counter] = {}
    for guess, cs in groups.items():
        if len(cs) < cfg.guess_min_for_chance:
            continue
        bkey = (guess.possessor, guess.gender, guess.kin)
        if bkey not in base_cache:
            base_cache[bkey] = reader.baseline(*bkey)
        base = base_cache[bkey]
        total = sum(base.values())
        if not total:
            continue
        seen = Counter(c.target for c in cs)
        top, top_n = seen.most_common(1)[0]
        for c in cs:
            if c.target == top and top_n >= cfg.guess_usual_min:
                continue  # the usual guess: a relative is also whom one is most often seen with
            lift = (seen[c.target] / len(cs)) / ((base.get(c.target, 0) + 1) / (total + 1))
            if lift < cfg.guess_min_lift:
                drop.add(id(c))
    return [c for c in cues if id(c) not in drop]


def address_consensus(cues: list[Cue], cfg: RelationSettings) -> list[Cue]:
    """"Papa" is said by the addressee's own children, a few people who say it again and again. When one
    character is called so often, a speaker who does it once or in a tiny share of those speeches is
    more likely a misattributed quote than another child."""
    by_addressee: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (role, listener) -> speaker -> times
    for c in cues:
        if c.family == PARENT_ADDRESS:
            by_addressee[(c.slot.role, c.target)][c.slot.possessor] += 1
    drop: set[tuple[str, str, str]] = set()
    for (role, target), speakers in by_addressee.items():
        total = sum(speakers.values())
        if total < cfg.parent_address_consensus_min:
            continue
        for sp, n in speakers.items():
            if n < cfg.parent_address_min_repeats or n < cfg.parent_address_min_share * total:
                drop.add((sp, role, target))
    return [c for c in cues if not (c.family == PARENT_ADDRESS and (c.slot.possessor, c.slot.role, c.target) in drop)]


def settle_slots(cues: list[Cue], gender: dict[str, str] | None = None,
                 cfg: RelationSettings | None = None) -> list[Cue]:
    """One has one father, one wife: of the characters named for one possessor's singular role, keep the
    best-supported one (and drop the rest). With ``gender``, also a parent met from the other side ("his
    daughter") when the child's father (mother) is settled otherwise."""
    cfg = cfg or DEFAULT_SETTINGS
    votes: dict[Slot, Counter] = defaultdict(Counter)
    bound: dict[Slot, Counter] = defaultdict(Counter)
    cues = [c for c in cues if not c.state_only] + [c for c in cues if c.state_only]
    for c in cues:
        if c.slot is not None:
            votes[c.slot][c.target] += c.confidence
            if c.guess is None:
                bound[c.slot][c.target] += c.confidence
    # A role bound by name, grammar, address or naming convention ("Mrs. Weston" is Mr. Weston's wife)
    # outweighs any number of guesses from who happened to be near the word.
    best = {slot: (bound[slot] or v).most_common(1)[0][0] for slot, v in votes.items()}
    out = [c for c in cues if c.slot is None or best[c.slot] == c.target]
    if gender is None:
        return out
    parent_of = {}
    for slot, who in best.items():
        if slot.role not in _PARENT_ROLES:
            continue
        # Only a parent bound by the text (a name, grammar, "Papa!") rules out others, or a guess that
        # would make a relation on its own and has no close rival.
        ranked = votes[slot].most_common(2)
        clear = ranked[0][1] >= cfg.min_support and (len(ranked) == 1 or ranked[0][1] >= cfg.clear_winner_ratio * ranked[1][1])
        if bound[slot] or clear:
            parent_of[(slot.possessor, _PARENT_ROLES[slot.role])] = who
    return [c for c in out if not (c.detail == "parent-child" and c.directed and c.slot is None
                                   and parent_of.get((c.b, gender.get(c.a, "U")), c.a) != c.a)]


def filtered(cues: list[Cue], reader: Reader) -> list[Cue]:
    """The cues that survive the three filters."""
    return settle_slots(address_consensus(above_chance(cues, reader), reader.cfg), reader.gender, reader.cfg)


def pool(cues: list[Cue], reader: Reader, guessed: set[PairType] | None = None) -> list[Relation]:
    """Relations from cues. ``guessed``, if given, receives (a, b, type) of relations whose detail rests
    on proximity guesses alone."""
    cfg = reader.cfg
    groups: dict[PairType, list[Cue]] = defaultdict(list)
    for c in filtered(cues, reader):
        groups[(min(c.a, c.b), max(c.a, c.b), c.type)].append(c)
    veto = _Vetoes.of(groups, cfg)
    out: list[Relation] = []
    for (x, y, type_), cs in groups.items():
        # A kiss between family members is not a romance (parents kiss children).
        if type_ == ROMANTIC and (x, y) in veto.family_pairs:
            cs = [c for c in cs if c.detail in ("spouses", "engaged") and c.confidence >= cfg.kin_romance_min_confidence]
            if not cs:
                continue
        support, detail, direction = type_support(cs, type_, cfg)
        if support < cfg.min_support and max(c.confidence for c in cs) < cfg.strong_cue:
            continue
        if veto.weaker_reading(x, y, type_, cs, support, cfg):
            continue
        rel = _relation(reader, x, y, type_, cs, support, detail, direction)
        # (The detail as the relation names it: an aunt's cues say "aunt/uncle-niece/nephew", so a
        # gendered aunt relation counts as guessed whatever its cues. Kept as it was.)
        named = rel.detail or ""
        if guessed is not None and all(c.guess is not None and c.slot is None for c in cs if c.detail == named):
            guessed.add((rel.a, rel.b, type_))
        out.append(rel)
    return out


@dataclass
class _Vetoes:
    """Family evidence strong enough to veto a romance reading must itself be strong (bound by name or
    grammar), not a pile of guesses from who stood nearby; of two readings from guesses alone (kin or
    couple), the better-attested one stands."""

    family_pairs: set[tuple[str, str]]
    romance_weak: dict[tuple[str, str], float]
    family_weak: dict[tuple[str, str], float]

    @classmethod
    def of(cls, groups: dict[PairType, list[Cue]], cfg: RelationSettings) -> _Vetoes:
        def weak(v):
            return all(c.confidence < cfg.sure_cue for c in v)

        family_pairs = {(k[0], k[1]) for k, v in groups.items() if k[2] == FAMILY
                        and type_support([c for c in v if c.confidence >= cfg.sure_cue], FAMILY, cfg)[0] >= cfg.min_support}
        romance_weak = {(k[0], k[1]): support_of(v) for k, v in groups.items() if k[2] == ROMANTIC and weak(v)}
        family_weak = {(k[0], k[1]): type_support(v, FAMILY, cfg, best_detail_only=True)[0] for k, v in groups.items()
                       if k[2] == FAMILY and weak(v)}
        return cls(family_pairs, romance_weak, family_weak)

    def weaker_reading(self, x: str, y: str, type_: str, cs: list[Cue], support: float, cfg: RelationSettings) -> bool:
        if not all(c.confidence < cfg.sure_cue for c in cs):
            return False
        if type_ == FAMILY:
            return self.romance_weak.get((x, y), 0.0) > support
        return type_ == ROMANTIC and (x, y) in self.family_weak and self.family_weak[(x, y)] >= support


def _relation(reader: Reader, x: str, y: str, type_: str, cs: list[Cue], support: float, detail: str,
              direction: tuple[str, str] | None) -> Relation:
    cfg = reader.cfg
    a, b = direction if direction else (x, y)
    if detail == "aunt/uncle-niece/nephew":
        ga, gb = reader.gender.get(a, "U"), reader.gender.get(b, "U")
        if ga in "MF" and gb in "MF":
            detail = ("aunt" if ga == "F" else "uncle") + "-" + ("niece" if gb == "F" else "nephew")
    # Evidence: the cues for the detail asserted first, then the rest of the type's.
    cs_sorted = sorted(cs, key=lambda c: (c.detail not in (detail, ""), -c.confidence, c.pos))
    evidence = tuple(sorted({c.span for c in cs_sorted[:cfg.max_evidence]}, key=lambda sp: sp.start))
    states = timeline(cs, reader.story.chapter_of, lambda off: backstory(reader, off), cfg) if type_ == ROMANTIC else ()
    # Saturating: more independent cues, surer; never certain.
    conf = min(cfg.max_confidence, 1.0 - math.exp(-cfg.support_rate * support))
    return Relation(a=a, b=b, type=type_, detail=detail or None, directed=direction is not None,
                    confidence=round(conf, CONFIDENCE_DIGITS), evidence=evidence, timeline=states)


def type_support(cs: list[Cue], type_: str, cfg: RelationSettings,
                 best_detail_only: bool = False) -> tuple[float, str, tuple[str, str] | None]:
    """(support, detail, direction) of one pair's cues of one type. Romantic details are stages of one
    bond and add up; family details are different facts (a sister is not a mother), so each detail (and
    direction) must be supported on its own, helped by detail-free cues (the shared surname)."""
    generic = support_of([c for c in cs if not c.detail])
    by_detail: dict[tuple[str, tuple[str, str] | None], list[Cue]] = defaultdict(list)
    for c in cs:
        if c.detail:
            by_detail[(c.detail, (c.a, c.b) if c.directed else None)].append(c)
    if not by_detail:
        return generic, "", None
    scored = {k: support_of(v) for k, v in by_detail.items()}
    if type_ == ROMANTIC:
        total = support_of([c for c in cs if c.detail]) + generic
        rank = cfg.romantic_detail_rank
        (detail, _), _best = max(scored.items(), key=lambda kv: kv[1] + cfg.detail_rank_weight * rank.get(kv[0][0], 0))
        ex = sum(v for (d, _), v in scored.items() if d == "ex-partners")
        if ex >= cfg.min_support and detail not in ("spouses",):
            detail = "ex-partners"  # having broken up is a lasting fact even when they meet again
        return total, detail, None
    (detail, direction), best = max(scored.items(), key=lambda kv: kv[1])
    if best_detail_only:
        return best + generic, detail, direction
    # That the two are kin at all is supported by every kin cue ("his aunt" and "his cousin" both say
    # family); which kin they are, by the best-supported detail alone.
    return support_of([c for c in cs if c.detail]) + generic, detail, direction


def support_of(cs: list[Cue]) -> float:
    """Repeated weak cues add up, but one span counts once; state words never make a relation."""
    seen: dict[Span, float] = {}
    for c in cs:
        if c.state_only:
            continue
        seen[c.span] = max(seen.get(c.span, 0.0), c.confidence)
    return sum(seen.values())
