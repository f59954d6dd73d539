"""The cast: character mentions, alias clusters, gender, importance. (Issue 3 fills this in.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .language import Parsed
from .model import Character, Mention, Quote, Structure


@dataclass(frozen=True)
class Cast:
    characters: tuple[Character, ...]
    # Every resolved reference (names, pronouns, descriptions), in text order.
    mentions: tuple[Mention, ...]


def build_cast(
    text: str,
    structure: Structure,
    parsed: Parsed,
    quotes: Sequence[Quote],
    roster: Sequence[Character] | None = None,
) -> Cast:
    """Find the characters and every mention of them. With ``roster``, those characters (and their ids)
    are the cast; others the text clearly names may be added."""
    return Cast(characters=tuple(roster or ()), mentions=())


def with_counts(cast: Cast, quotes: Sequence[Quote]) -> tuple[Character, ...]:
    """The characters with mention and quote counts filled in, most prominent first."""
    mentions: dict[str, int] = {}
    spoken: dict[str, int] = {}
    for m in cast.mentions:
        if m.character:
            mentions[m.character] = mentions.get(m.character, 0) + 1
    for q in quotes:
        if q.speaker:
            spoken[q.speaker] = spoken.get(q.speaker, 0) + 1
    out = [replace(c, mentions=mentions.get(c.id, 0), quotes=spoken.get(c.id, 0)) for c in cast.characters]
    out.sort(key=lambda c: -(c.mentions + 3 * c.quotes))
    return tuple(out)
