"""Project Gutenberg plain texts: find the work between the licence header and footer.

The text is not cut: the body is reported as a span, so offsets stay those of the decoded file.
Project Gutenberg has wrapped its texts in several generations of boilerplate; each marker below is
one of those published forms (they are facts about the archive, not about any one book).
"""

from __future__ import annotations

import re
from typing import Any

from ..document import Span

# Where the licence header ends: the line is part of the header.
_START = re.compile(
    r"^[ \t]*(?:"
    r"\*{3}\s*START OF (?:THE |THIS )?PROJECT GUTENBERG E(?:-?BOOK|TEXT)[^\n]*"  # 2000s and later
    r"|\*END\*?\s*THE SMALL PRINT[^\n]*"  # 1990s "small print" licence
    r")$",
    re.I | re.M,
)
# Where the footer begins: the line is part of the footer. The earliest match after the start wins,
# because "End of the Project Gutenberg EBook of X" precedes the "*** END OF ..." line.
_END = re.compile(
    r"^[ \t]*(?:"
    r"\*{3}\s*END OF (?:THE |THIS )?PROJECT GUTENBERG E(?:-?BOOK|TEXT)[^\n]*"
    r"|End of (?:the |this )?Project Gutenberg'?s?\b[^\n]*"
    r"|End of the Project Gutenberg E(?:-?book|text)[^\n]*"
    r")$",
    re.I | re.M,
)
# A transcriber's credit printed right after the start marker is not part of the work.
_CREDIT = re.compile(
    r"(?:Produced by|E-?text prepared by|This e-?(?:text|book) was (?:prepared|produced) by|Transcribed (?:from|by))",
    re.I,
)
# Headers since 2023 write "Release date:" and "Credits:" where older ones wrote "Release Date:".
_FIELD = re.compile(r"^(Title|Author|Language|Release Date|Translator|Editor|Illustrator|Credits):[ \t]*(.+?)\s*$", re.M | re.I)
_OLD_TITLE = re.compile(r"Project Gutenberg'?s? E(?:-?Book|text) of (.+?), by (.+?)\s*$", re.I | re.M)
_BLANK = re.compile(r"\r?\n[ \t]*\r?\n")


def gutenberg_body(text: str) -> Span | None:
    """The span of the work inside a Gutenberg file, or None when the text has no Gutenberg markers.

    Leading and trailing white space and a transcriber's "Produced by ..." paragraph right after the
    start marker are left out of the span.
    """
    start = _START.search(text)
    end = _END.search(text, start.end() if start else 0)
    if start is None and end is None:
        return None
    s = start.end() if start else 0
    e = end.start() if end else len(text)
    s = _skip_space(text, s, e)
    credit = _CREDIT.match(text, s)
    if credit and start is not None:
        # The credit runs to the next blank line (it may wrap over several lines).
        gap = _BLANK.search(text, credit.end(), e)
        if gap is not None:
            s = _skip_space(text, gap.end(), e)
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e)


def gutenberg_metadata(text: str, body: Span) -> dict[str, Any]:
    """Title, author and similar fields stated in the licence header (the text before ``body``)."""
    return header_metadata(text[: body.start])


def header_metadata(header: str) -> dict[str, Any]:
    """Title, author and similar fields from the text of a Gutenberg licence header."""
    meta: dict[str, Any] = {}
    for m in _FIELD.finditer(header):
        key = m.group(1).lower().replace(" ", "_")
        value = m.group(2).strip()
        if value and key not in meta:
            meta[key] = value
    if "title" not in meta:
        old = _OLD_TITLE.search(header)
        if old:
            meta["title"] = old.group(1).strip()
            meta.setdefault("author", old.group(2).strip())
    return meta


def _skip_space(text: str, i: int, limit: int) -> int:
    while i < limit and text[i].isspace():
        i += 1
    return i


def is_boilerplate_tag(tag: Any) -> bool:
    """Gutenberg's HTML and EPUB editions wrap the licence in marked sections (``pg-header``,
    ``pg-footer``, class ``pg-boilerplate``)."""
    ident = str(tag.get("id") or "")
    if ident in ("pg-header", "pg-footer", "pg-machine-header", "pg-start-separator", "pg-end-separator"):
        return True
    classes = tag.get("class") or []
    return any(c in ("pg-boilerplate", "pgheader", "pgfooter") for c in classes)


def boilerplate_blocks(blocks: list[str]) -> set[int]:
    """Indices of rendered blocks that are licence header or footer: everything up to a start marker
    and from an end marker on (older Gutenberg HTML has no marked sections, only the marker lines)."""
    drop: set[int] = set()
    first = 0
    for i, block in enumerate(blocks):
        if _START.search(block):
            drop.update(range(0, i + 1))
            first = i + 1
            break
    for i in range(first, len(blocks)):
        if _END.search(blocks[i]):
            drop.update(range(i, len(blocks)))
            break
    return drop
