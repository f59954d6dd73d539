"""A family introduced by the parent, then the children named by birth order: "She was the mother of three
children. Krystal was the eldest ... the two youngest were twins"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...document import Span
from ...lexicon import PARENT_ADDRESS_TERMS
from ..cue import FAMILY, FAMILY_INTRO, Cue, make_cue
from ..grammar import subject_of
from ..reader import Reader

_PARENT_OF_N = re.compile(r"\b(?P<p>mother|father|mom|mum|dad|parent)\s+(?:of|to)\s+(?:[a-z]+\s+){0,2}?(?:children|kids|daughters|sons|girls|boys)\b", re.I)
_BIRTH_ORDER = re.compile(r"\b(?:eldest|oldest|youngest|middle\s+child|twins?|first-?born|baby\s+of\s+the\s+family)\b", re.I)


def find(reader: Reader) -> Iterator[Cue]:
    cfg, text = reader.cfg, reader.text
    sents = reader.story.sentences.items
    for i, (s, e) in enumerate(sents):
        m = _PARENT_OF_N.search(text, s, e)
        if m is None:
            continue
        parent = subject_of(reader, m.start(), exclude="")
        if parent is None or not reader.fits(parent.character, PARENT_ADDRESS_TERMS.get(m.group("p").lower(), "U")):
            continue
        for s2, e2 in sents[i : i + cfg.family_intro_sentences]:
            if s2 - e > cfg.family_intro_reach or not _BIRTH_ORDER.search(text, s2, e2):
                continue
            for r in reader.index.between(s2, e2):
                if r.kind == "name" and r.character != parent.character:
                    cue = make_cue(parent.character, r.character, FAMILY, "parent-child", Span(m.start(), m.end()),
                                   cfg.family_intro_confidence, FAMILY_INTRO, directed=True)
                    if cue is not None:
                        yield cue
