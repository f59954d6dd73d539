"""Address terms in dialogue: a child calls a parent "Papa" (lexicon.PARENT_ADDRESS_TERMS); lovers call
each other pet names (lexicon.ENDEARMENTS). The word must stand alone as a vocative, set off by
punctuation; the ends of the cue are the quote's speaker and listener."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...document import Span
from ...lexicon import ENDEARMENTS, PARENT_ADDRESS_TERMS
from ...model import Quote
from ..cue import FAMILY, PARENT_ADDRESS, PET_NAME, ROMANTIC, Cue, Slot, make_cue
from ..reader import Reader

_VOCATIVE = re.compile(r"(?:^|[,.!?;:…—–-]\s*|^\W*)(?P<w>[A-Za-z]+)(?=\s*(?:[,.!?;:…—–-]|$))")
# Parent words that are address terms even in lower case ("papa", not "father").
_ADDRESS_ONLY = ("papa", "mamma", "daddy", "mommy")


def find(reader: Reader) -> Iterator[Cue]:
    for q in reader.quotes:
        listeners = [a for a in q.addressees if a and a != q.speaker]
        if not q.speaker or not listeners:
            continue
        for part in q.parts:
            seg = reader.text[part.start : part.end]
            for m in _VOCATIVE.finditer(seg):
                w = m.group("w")
                low = w.lower()
                span = Span(part.start + m.start("w"), part.start + m.start("w") + len(w))
                if low in PARENT_ADDRESS_TERMS and (w[0].isupper() or low in _ADDRESS_ONLY):
                    cue = _parent_address(reader, q, listeners, low, span)
                elif low in ENDEARMENTS and len(listeners) == 1:
                    conf = reader.cfg.pet_name_weight * max(q.confidence, reader.cfg.attribution_floor) + reader.cfg.pet_name_base
                    cue = make_cue(q.speaker, listeners[0], ROMANTIC, "partners", span, conf, PET_NAME, state="together")
                else:
                    continue
                if cue is not None:
                    yield cue


def _parent_address(reader: Reader, q: Quote, listeners: list[str], low: str, span: Span) -> Cue | None:
    """"Papa!": the listener who can be the parent is the speaker's father (mother)."""
    cfg = reader.cfg
    g = PARENT_ADDRESS_TERMS[low]
    # "Mamma" is not said to a "Miss"; among several listeners, the one who can be the parent (the man
    # for "Papa", the married woman for "Mamma") is the one called so.
    cands = [a for a in listeners if reader.fits(a, g) and not (g == "F" and reader.maiden.get(a))]
    if g == "F" and len(cands) > 1:
        cands = [a for a in cands if reader.married.get(a)] or cands
    if len(cands) != 1 or reader.not_his_parent(q.speaker, cands[0]):
        return None
    parent = "father" if g == "M" else "mother"
    # "Papa!" from a surely known speaker to a surely known listener binds the two as surely as "his
    # daughter Maria"; the doubt is the attribution's.
    conf = cfg.parent_address_weight * max(q.confidence, cfg.attribution_floor) + cfg.parent_address_base
    if len(listeners) > 1:
        conf *= cfg.parent_address_among_listeners
    return make_cue(cands[0], q.speaker, FAMILY, "parent-child", span, conf, PARENT_ADDRESS, directed=True,
                    slot=Slot(q.speaker, parent), target=cands[0])
