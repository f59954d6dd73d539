"""Story structure: chapters (with titles), scenes, paragraphs and blocks, as offsets into the text.

``detect_structure(doc)`` works on lines of ``doc.text`` inside ``doc.body_span`` and never reads outside
it. When the format already states the chapters (``doc.sections`` from HTML/EPUB), those are used and
only the inside of each chapter (paragraphs, scene breaks, verse, letters) is recovered from the text.

Conventions (what the JSON means):

- A chapter runs from its heading line to the end of its last paragraph; its ``title`` is the name a
  reader gives it: the words after the number ("Chapter 1: Lover After Me" -> "Lover After Me"), the
  next line when the title is set below the number ("CHAPTER I." / "Down the Rabbit-Hole"), the word
  itself for a named section ("Prologue"), and ``None`` when the heading is only a number ("CHAPTER IV.").
  The whole heading is in ``Chapter.heading`` and in a ``heading`` block.
- Parts/books/volumes are ``heading`` blocks when the work also has chapters, else they are the chapters.
- Story text before the first heading becomes an untitled chapter; title pages, author lines, tables of
  contents, dedications, epigraphs, prefaces are ``front_matter`` blocks and belong to no chapter.
- Scenes tile the story text of a chapter between scene breaks; a break line belongs to no scene.
- Heading lines and scene-break lines are not paragraphs. Every other non-blank line is in exactly one
  paragraph; paragraphs in front matter have ``chapter == scene == -1``.

The package, in reading order: ``lines`` (lines, layout, the ``Page`` every rule reads), ``paragraphs``,
``breaks`` (scene breaks), ``headings`` (one heading line), ``chapters`` (which headings are chapters),
``verse``, ``letters``, ``blocks``, ``front`` (front matter), ``builder`` (records), ``from_text`` and
``from_sections`` (the two ways chapters are found). Every threshold is a field of ``StructureSettings``.
"""

from __future__ import annotations

from ..document import Document
from ..model import Structure
from .builder import Builder
from .from_sections import from_sections
from .from_text import from_text
from .front import work_title
from .lines import Page
from .settings import DEFAULT_SETTINGS, StructureSettings

__all__ = ["StructureSettings", "detect_structure"]


def detect_structure(doc: Document, settings: StructureSettings = DEFAULT_SETTINGS) -> Structure:
    """Chapters, scenes, paragraphs and blocks of ``doc`` (see the module docstring for conventions)."""
    body = doc.body_span
    builder = Builder(Page.of(doc.text, body.start, body.end, settings))
    if any(s.kind == "chapter" for s in doc.sections):
        from_sections(builder, doc.sections, body)
    else:
        from_text(builder)
    blocks = sorted(set(builder.blocks), key=lambda x: (x.start, x.end, x.kind))
    title = doc.source.metadata.get("title") if isinstance(doc.source.metadata, dict) else None
    if title is None:
        title = builder.title or work_title(doc.text, blocks, settings)
    paragraphs = tuple(sorted(builder.paragraphs, key=lambda p: p.start))
    return Structure(chapters=tuple(builder.chapters), blocks=tuple(blocks), paragraphs=paragraphs, title=title)
