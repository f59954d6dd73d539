""""The couple had become engaged", "the happy couple were married": 'couple' with a stated engagement or
marriage names the two characters of the sentence as that pair."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...document import Span
from ..cue import COUPLE, ROMANTIC, Cue, make_cue
from ..reader import Reader
from ..references import SPEAKER

_COUPLE = re.compile(r"\bthe\s+(?:happy\s+|young\s+|new\s+|engaged\s+|married\s+)?couple\b(?:[^.!?]{0,30}?\b(?P<what>engaged|betrothed|married|wed)\b)?", re.I)


def find(reader: Reader) -> Iterator[Cue]:
    for s, e in reader.story.sentences:
        for m in _COUPLE.finditer(reader.text, s, e):
            chars = list(dict.fromkeys(r.character for r in reader.index.between(s, e) if r.kind != SPEAKER))
            word = (m.group("what") or "").lower()
            if len(chars) != 2 or not word:
                continue  # "the couple who stood there" says who is together, not which two
            engaged = word.startswith(("engaged", "betrothed"))
            detail, state = ("engaged", "engaged") if engaged else ("spouses", "married")
            cue = make_cue(chars[0], chars[1], ROMANTIC, detail, Span(m.start(), m.end()), reader.cfg.couple_confidence,
                           COUPLE, state=state)
            if cue is not None:
                yield cue
