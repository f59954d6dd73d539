"""Typed relationships between characters, with evidence and a per-chapter timeline. (Issue 4.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .language import Parsed
from .model import Character, Mention, Quote, Relation, Structure


def find_relations(
    text: str,
    structure: Structure,
    parsed: Parsed,
    characters: Sequence[Character],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
) -> tuple[Relation, ...]:
    return ()


def fandom_tags(characters: Sequence[Character], relations: Sequence[Relation]) -> dict[str, Any]:
    """AO3-style tags: ``relationships`` (``A/B`` romantic, ``A & B`` platonic) and ``characters``."""
    return {}
