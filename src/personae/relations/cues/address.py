"""Address terms in dialogue: a child calls a parent "Papa" (lexicon.PARENT_ADDRESS_TERMS); lovers call
each other pet names (lexicon.ENDEARMENTS); a niece calls her aunt "Aunt" or "Aunt Juley", cousins call
each other "Cousin" (lexicon.KIN_ADDRESS_TERMS); friends say "old fellow" (lexicon.FRIEND_ADDRESS_TERMS).
The word must stand alone as a vocative, set off by punctuation (a kin title may lead the listener's
name); the ends of the cue are the quote's speaker and listener. A kin word is relative to whoever
says it: it binds only the speaker and the listener so addressed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...document import Span
from ...lexicon import ENDEARMENTS, FRIEND_ADDRESS_TERMS, KIN_ADDRESS_TERMS, PARENT_ADDRESS_TERMS
from ...model import Quote
from ..cue import FAMILY, FRIEND_ADDRESS, FRIENDSHIP, KIN_ADDRESS, PARENT_ADDRESS, PET_NAME, ROMANTIC, Cue, Slot, make_cue
from ..reader import Reader

_VOCATIVE = re.compile(r"(?:^|[,.!?;:…—–-]\s*|^\W*)(?P<w>[A-Za-z]+)(?=\s*(?:[,.!?;:…—–-]|$))")
# Parent words that are address terms even in lower case ("papa", not "father").
_ADDRESS_ONLY = ("papa", "mamma", "daddy", "mommy")
# A kin title, capitalised, set off as a vocative or leading a name ("Aunt Juley", "dear Uncle,").
_KIN_TITLE = re.compile(r"\b(?P<w>" + "|".join(sorted((w.capitalize() for w in KIN_ADDRESS_TERMS), key=len, reverse=True))
                        + r")\b(?:(?P<name>\s+)(?=[A-Z])|(?=\s*(?:[,.!?;:…—–-]|$)))")
# A friend's word, set off as a vocative ("Look here, old fellow,", "my dear chap!").
_FRIEND = re.compile(r"(?:^|[,.!?;:…—–-]\s*)(?:my\s+)?(?:dear\s+)?(?P<w>"
                     + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(FRIEND_ADDRESS_TERMS, key=len, reverse=True))
                     + r")(?=\s*(?:[,.!?;:…—–-]|$))", re.I)


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
                    cue = make_cue(q.speaker, listeners[0], ROMANTIC, "lovers", span, conf, PET_NAME, state="together")
                else:
                    continue
                if cue is not None:
                    yield cue
            if len(listeners) == 1:
                yield from _kin_and_friends(reader, q, listeners[0], seg, part.start)


def _kin_and_friends(reader: Reader, q: Quote, listener: str, seg: str, at: int) -> Iterator[Cue]:
    """"Aunt Juley, ...", "Uncle!", "Cousin Tom" (the listener is that kin to the speaker), "old fellow"."""
    cfg = reader.cfg
    sure = max(q.confidence, cfg.attribution_floor)
    for m in _KIN_TITLE.finditer(seg):
        if m.group("name"):
            named = reader.name_at(at + m.end("w")) or reader.name_at(at + m.start("w"), 0)
            if named is None or named.character != listener:
                continue  # "Aunt Juley" said of her, to someone else (or the name is the listener's own)
        entry = KIN_ADDRESS_TERMS[m.group("w").lower()]
        if not reader.fits(listener, entry.gender):
            continue
        a, b = (listener, q.speaker) if entry.role == "a" else (q.speaker, listener)
        cue = make_cue(a, b, FAMILY, entry.detail, Span(at + m.start("w"), at + m.end("w")),
                       cfg.kin_address_weight * sure + cfg.kin_address_base, KIN_ADDRESS, directed=entry.role == "a")
        if cue is not None:
            yield cue
    for m in _FRIEND.finditer(seg):
        cue = make_cue(q.speaker, listener, FRIENDSHIP, "friends", Span(at + m.start("w"), at + m.end("w")),
                       cfg.friend_address_weight * sure + cfg.friend_address_base, FRIEND_ADDRESS)
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
