"""``analyze``: every stage, in order, from an input to an ``Analysis``.

Each stage is one function of what earlier stages produced. Nothing here knows how a stage works.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from . import ingest
from .document import Document
from .model import Analysis, Character

Progress = Callable[[str], None]

STAGES = ("ingest", "structure", "language", "voices", "relations", "arcs")


def load_document(source: str | os.PathLike | Document) -> Document:
    """A Path, or a one-line string naming an existing file or ending in a readable suffix, is read as a
    file (so a mistyped path is an error, not a one-line story); any other string is the text itself."""
    if isinstance(source, Document):
        return source
    if isinstance(source, os.PathLike):
        return ingest.load(source)
    looks_like_path = "\n" not in source and len(source) < 4096 and (
        Path(source).suffix.lower() in ingest.SUFFIXES or Path(source).exists()
    )
    return ingest.load(source) if looks_like_path else ingest.from_string(source)


def analyze(
    source: str | os.PathLike | Document,
    roster: Sequence[Character] | None = None,
    progress: Progress | None = None,
    lexicon: Path | None = None,
    n_process: int | None = None,
) -> Analysis:
    """Analyse one work.

    ``source``: a file path, the text itself, or a ``Document``. ``roster``: a given cast (ids, names,
    aliases, gender) to use instead of discovering one. ``progress``: called with each stage's name as it
    starts. ``lexicon``: a user-supplied valence lexicon for the arcs. ``n_process``: spaCy processes
    (default: 2 for long texts, else 1).
    """
    step = progress or (lambda _stage: None)
    from .arcs import compute_arcs
    from .cast import build_cast, with_counts
    from .context import Story
    from .language import parse
    from .language_check import language_warnings
    from .cast.names import with_names
    from .quotes import find_quotes
    from .relations import find_relations
    from .speakers import attribute
    from .structure import detect_structure
    from .tags import fandom_tags
    from .cast.address import merge_names_used_to_address

    step("ingest")
    doc = load_document(source)
    text = doc.text
    step("structure")
    structure = detect_structure(doc)
    paragraphs = structure.story_paragraphs()
    warnings = language_warnings(text, paragraphs)
    step("language")
    if n_process is None:
        n_process = 2 if sum(p.end - p.start for p in paragraphs) > 50_000 else 1
    story = Story(text, structure, parse(text, paragraphs, n_process=n_process))
    step("voices")
    story = story.with_quotes(find_quotes(text, paragraphs))
    story = story.with_cast(build_cast(story, roster))
    story = story.with_quotes(attribute(story, roster=roster))
    cast, quotes = merge_names_used_to_address(story)
    story = story.with_cast(cast).with_quotes(quotes)
    story = story.with_characters(with_names(with_counts(cast, quotes), cast.mentions, text))
    step("relations")
    relations = find_relations(story)
    step("arcs")
    arcs = compute_arcs(story, lexicon=lexicon)
    return Analysis(
        document=doc,
        structure=structure,
        characters=story.characters,
        mentions=story.mentions,
        quotes=story.quotes,
        relations=relations,
        arcs=arcs,
        tags=fandom_tags(story.characters, relations),
        warnings=tuple(warnings),
    )
