"""Story structure: chapters (with titles), scenes, paragraphs and blocks, as offsets into the text.

First version: paragraphs only, the whole body as one untitled chapter. (Issue 2 fills this in.)
"""

from __future__ import annotations

import re

from .document import Document
from .model import Chapter, Paragraph, Scene, Structure

_PARA_BREAK = re.compile(r"\n[ \t]*\n|\n(?=\t)")


def detect_structure(doc: Document) -> Structure:
    body = doc.body_span
    text = doc.text
    paragraphs = []
    pos = body.start
    for m in _PARA_BREAK.finditer(text, body.start, body.end):
        _add(text, pos, m.start(), paragraphs)
        pos = m.end()
    _add(text, pos, body.end, paragraphs)
    chapter = Chapter(index=0, title=None, start=body.start, end=body.end, scenes=(Scene(0, body.start, body.end),))
    paragraphs = [Paragraph(s, e, 0, 0) for s, e in paragraphs]
    return Structure(chapters=(chapter,), blocks=(), paragraphs=tuple(paragraphs))


def _add(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
