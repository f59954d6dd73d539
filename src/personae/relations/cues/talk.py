"""Who speaks to whom: friends talk (a weak cue that tips a friendship the text names), and characters who
talk again and again know each other (``acquaintance``, the one relation talk alone may assert)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ...document import Span
from ...model import Character, Quote, Relation
from ..cue import CONFIDENCE_DIGITS, FRIENDSHIP, TALK_FRIEND, Cue, make_cue
from ..settings import RelationSettings

ACQUAINTANCE = "acquaintance"


@dataclass(frozen=True)
class Talk:
    """Pair (ids in order) -> the speeches one addressed to the other; and how many exchanges make two
    people more than passers-by (in a long book everyone exchanges a few words: the bar rises with the
    dialogue)."""

    spans: dict[tuple[str, str], list[Span]]
    min_exchanges: int


def talk(quotes: Sequence[Quote], cfg: RelationSettings) -> Talk:
    spans: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for q in quotes:
        if not q.speaker:
            continue
        for ad in q.addressees:
            if ad and ad != q.speaker:
                spans[tuple(sorted((q.speaker, ad)))].append(Span(q.start, q.end))
    total = sum(len(v) for v in spans.values())
    return Talk(spans, max(cfg.acquaintance_min_exchanges, total // cfg.acquaintance_dialogue_share))


def talk_cues(cues: list[Cue], exchanges: Talk, cfg: RelationSettings) -> list[Cue]:
    """Friends talk: two characters the text calls friends ("her friend", guessed) who also speak to each
    other again and again get one more (weak) cue. Talk alone never makes a friendship."""
    named = {(c.a, c.b) for c in cues if c.type == FRIENDSHIP}
    out = []
    for a, b in named:
        spans = exchanges.spans.get((min(a, b), max(a, b)), [])
        if len(spans) >= exchanges.min_exchanges:
            cue = make_cue(a, b, FRIENDSHIP, "friends", spans[0], cfg.talk_friend_confidence, TALK_FRIEND)
            if cue is not None:
                out.append(cue)
    return out


def acquaintances(exchanges: Talk, related: set[tuple[str, str]], characters: Sequence[Character],
                  cfg: RelationSettings) -> list[Relation]:
    """Characters who talk to each other repeatedly know each other (the one relation co-occurrence may assert)."""
    known = {c.id for c in characters}
    out = []
    for (x, y), spans in exchanges.spans.items():
        if (x, y) in related or x not in known or y not in known or len(spans) < exchanges.min_exchanges:
            continue
        conf = 1.0 - 1.0 / (1.0 + len(spans) / cfg.acquaintance_min_exchanges)
        out.append(Relation(a=x, b=y, type=ACQUAINTANCE, detail="converse", directed=False, confidence=round(conf, CONFIDENCE_DIGITS),
                            evidence=tuple(spans[:cfg.acquaintance_evidence])))
    return out
