"""Valence over story time, per chapter, scene and character; the arc's shape. (Issue 4.)"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .model import Character, Mention, Quote, Structure


def compute_arcs(
    text: str,
    structure: Structure,
    characters: Sequence[Character],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    lexicon: Path | None = None,
) -> dict[str, Any]:
    return {}
