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
    """A path (str or Path) is read as a file; any other string is the text itself."""
    if isinstance(source, Document):
        return source
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and len(source) < 4096 and Path(source).suffix and Path(source).exists()):
        return ingest.load(source)
    return ingest.from_string(str(source))


def analyze(
    source: str | os.PathLike | Document,
    roster: Sequence[Character] | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse one work. ``source``: a file path, the text itself, or a ``Document``.
    ``roster``: a given cast (ids, names, aliases, gender) to use instead of discovering one."""
    step = progress or (lambda _stage: None)
    from .structure import detect_structure

    step("ingest")
    doc = load_document(source)
    step("structure")
    structure = detect_structure(doc)
    return Analysis(document=doc, structure=structure)
