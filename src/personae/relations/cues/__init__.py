"""The cue families: each module reads one kind of evidence of English fiction and yields typed ``Cue``
records (``relations.cue``). ``find_all`` runs them in a fixed order (the order cues are pooled in)."""

from __future__ import annotations

from ..cue import Cue
from ..reader import Reader
from . import actions, address, body, conversation, couples, family_intro, role_nouns, statements, surnames

# The families in the order they run.
FINDERS = (role_nouns, family_intro, statements, actions, address, conversation, body, couples, surnames)


def find_all(reader: Reader) -> list[Cue]:
    cues: list[Cue] = []
    for finder in FINDERS:
        cues.extend(finder.find(reader))
    return cues
