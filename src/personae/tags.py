"""AO3-style tags for a work: its relationships (``A/B`` romantic, ``A & B`` platonic) and characters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .model import Character, Relation


def fandom_tags(characters: Sequence[Character], relations: Sequence[Relation]) -> dict[str, Any]:
    """AO3-style tags: ``relationships`` (``A/B`` romantic, ``A & B`` platonic) and ``characters``.

    As fans tag: romantic pairings first (slash), then the strongest platonic bonds (family, friendship)
    between prominent characters; characters by prominence (the cast arrives sorted that way). Only the
    relations sure enough to show a reader are tagged (``personae.relations.shown``)."""
    from .relations import shown

    if not characters:
        return {}
    relations = shown(relations)
    rank = {c.id: i for i, c in enumerate(characters)}
    name = {c.id: c.name for c in characters}
    # Prominent: the top of the cast, and anyone who speaks or is named often relative to the lead.
    top = max((c.mentions + 3 * c.quotes) for c in characters) or 0
    prominent = {c.id for i, c in enumerate(characters)
                 if i < 6 or (top and (c.mentions + 3 * c.quotes) >= 0.15 * top)}
    prominent = {cid for cid in prominent if rank[cid] < 12}

    def order(r: Relation) -> tuple[str, str]:
        return (r.a, r.b) if rank.get(r.a, 99) <= rank.get(r.b, 99) else (r.b, r.a)

    romantic = [r for r in relations if r.type == "romantic" and r.a in prominent and r.b in prominent]
    romantic.sort(key=lambda r: (-r.confidence, rank.get(r.a, 99) + rank.get(r.b, 99)))
    platonic = [r for r in relations if r.type in ("family", "friendship") and r.a in prominent and r.b in prominent]
    platonic.sort(key=lambda r: (rank.get(r.a, 99) + rank.get(r.b, 99), -r.confidence))
    tags: list[str] = []
    seen: set[tuple[str, str]] = set()
    for r in romantic[:6]:
        x, y = order(r)
        if (x, y) not in seen:
            seen.add((x, y))
            tags.append(f"{name.get(x, x)}/{name.get(y, y)}")
    for r in platonic[:6]:
        x, y = order(r)
        if (x, y) not in seen:
            seen.add((x, y))
            tags.append(f"{name.get(x, x)} & {name.get(y, y)}")
    chars = [name[c.id] for c in characters if c.id in prominent]
    return {"relationships": tags, "characters": chars}
