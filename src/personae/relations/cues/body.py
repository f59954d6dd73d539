"""Bodies meeting: "Buffy's lips met hers", "made love", "in each other's arms" in a sentence that refers
to exactly two characters, told as done (not wished or supposed). A weak romantic cue (parents kiss
children: the family graph refuses a couple of close kin)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...document import Span
from ..cue import BODY, ROMANTIC, Cue, make_cue
from ..grammar import hypothetical_at
from ..reader import Reader
from ..references import ADDRESSEE, SPEAKER

_BODY_ROMANCE = re.compile(r"\b(?:lips\s+(?:met|brushing|brushed|touched|on)|made\s+love|make\s+love|making\s+love|"
                           r"goodnight\s+kiss|kissed|kissing|kisses|in\s+(?:one\s+another's|each\s+other's|one\s+another’s|each\s+other’s)\s+arms)\b", re.I)
_PERSON_KINDS = ("name", "pronoun", SPEAKER, ADDRESSEE)


def find(reader: Reader) -> Iterator[Cue]:
    for s, e in reader.story.sentences:
        m = _BODY_ROMANCE.search(reader.text, s, e)
        if m is None or hypothetical_at(reader, m.start()):
            continue  # "if he had kissed her" is no kiss
        chars = list(dict.fromkeys(r.character for r in reader.index.between(s, e) if r.kind in _PERSON_KINDS))
        if len(chars) == 2:
            cue = make_cue(chars[0], chars[1], ROMANTIC, "lovers", Span(m.start(), m.end()), reader.cfg.body_confidence,
                           BODY, state="together")
            if cue is not None:
                yield cue
