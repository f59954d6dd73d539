"""One vocabulary for the metadata that archives and download tools print as "Label: value".

AO3, FanFicFare and EPUB title pages name the same facts differently ("Archive Warning",
"Warnings"; "Relationship", "Pairing"); ``add_field`` files each under one key, with list values for
the fields archives give as lists, and the word count as an int.
"""

from __future__ import annotations

import re
from typing import Any

_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "by": "author",
    "rating": "rating",
    "ratings": "rating",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "warning": "warnings",
    "warnings": "warnings",
    "category": "categories",
    "categories": "categories",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "pairing": "relationships",
    "pairings": "relationships",
    "ships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tags": "additional_tags",
    "additional tag": "additional_tags",
    "freeform": "additional_tags",
    "freeforms": "additional_tags",
    "tags": "additional_tags",
    "genre": "genres",
    "genres": "genres",
    "language": "language",
    "series": "series",
    "collections": "collections",
    "collection": "collections",
    "summary": "summary",
    "description": "summary",
    "words": "words",
    "word count": "words",
    "chapters": "chapters",
    "status": "status",
    "published": "published",
    "updated": "updated",
    "completed": "completed",
    "packaged": "packaged",
    "publisher": "publisher",
    "source": "url",
    "url": "url",
    "story url": "url",
    "kudos": "kudos",
    "hits": "hits",
    "comments": "comments",
    "bookmarks": "bookmarks",
}
LIST_KEYS = frozenset(
    {"warnings", "categories", "fandoms", "relationships", "characters", "additional_tags", "genres", "collections"}
)
_LABEL_LINE = re.compile(r"^([A-Z][A-Za-z ]{0,24}):\s+(\S.*)$")


def key_for(label: str) -> str | None:
    """The metadata key for a printed label, or None when the label is not a known field."""
    return _KEYS.get(re.sub(r"\s+", " ", label.strip().rstrip(":").strip()).lower())


def add_field(meta: dict[str, Any], label: str, value: str | list[str]) -> bool:
    """File ``value`` under the key for ``label``. Returns False for an unknown label."""
    key = key_for(label)
    if key is None:
        return False
    if isinstance(value, list):
        items = [v.strip() for v in value if v.strip()]
    else:
        items = [v.strip() for v in value.split(",")] if key in LIST_KEYS else [value.strip()]
        items = [v for v in items if v]
    if not items:
        return True
    if key in LIST_KEYS:
        existing = meta.setdefault(key, [])
        existing.extend(v for v in items if v not in existing)
    elif key in ("words", "chapters_count", "kudos", "hits", "comments", "bookmarks"):
        digits = re.sub(r"[,.\s]", "", items[0])
        meta.setdefault(key, int(digits) if digits.isdigit() else items[0])
    else:
        meta.setdefault(key, ", ".join(items) if key == "author" else items[0])
    return True


def label_lines(text: str) -> list[tuple[str, str]]:
    """``Label: value`` lines of a rendered block whose label is a known metadata field."""
    out = []
    for line in text.split("\n"):
        m = _LABEL_LINE.match(line.strip())
        if m and key_for(m.group(1)) is not None:
            out.append((m.group(1), m.group(2)))
    return out
