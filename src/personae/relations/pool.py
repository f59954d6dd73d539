"""Cues pooled per pair: the filters a proximity guess must pass, and what a pair's cues of one type
support and name (the detail and direction).

Filters, in order: a proximity guess must beat chance (``above_chance``); "Papa" must come from the few
who say it again and again (``address_consensus``); one has one father and one wife (``settle_slots``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..document import Span
from .cue import PARENT_ADDRESS, ROMANTIC, Cue, Guess, Slot
from .reader import Reader
from .settings import DEFAULT_SETTINGS, RelationSettings

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
