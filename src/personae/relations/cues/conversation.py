"""How one character speaks to another, read as evidence of what they are to each other: "Yes, sir" said
again and again to one listener who never says it back (a servant to a master, an employee to an
employer); "you fool!" hurled at the listener (hostility); "my dear Emma" (affection between friends,
and within families: the model weighs it against the pair's kin cues). Each cue binds the quote's speaker
and its one listener."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ...document import Span
from ...lexicon import DEFERENCE_TERMS, INSULT_NOUNS, title_key
from ..cue import DEAR_ADDRESS, DEFERENCE, FRIENDSHIP, HOSTILE, INSULT, PROFESSIONAL, Cue, make_cue
from ..reader import Reader

# A word of deference set off in a speech ("Yes, sir.", "my lady!").
DEFERENCE_RE = re.compile(r"(?:^|[,!?.;—-]\s*)(?P<w>" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in DEFERENCE_TERMS)
                          + r")(?=\s*[,.!?;—-]|$)", re.I)
# Affection words right before the listener's name ("my dear Emma", "dearest Jane").
DEAR_RE = re.compile(r"\b(?:my\s+)?(?:dear|dearest|darling|poor|sweet)\s+$", re.I)
# "you fool", "you damned scoundrel", "you liars".
_INSULT = re.compile(r"\byou\s+(?:[a-z]+\s+){0,2}?(?P<w>" + "|".join(sorted(INSULT_NOUNS, key=len, reverse=True)) + r")s?\b",
                     re.I)


def find(reader: Reader) -> Iterator[Cue]:
    cfg = reader.cfg
    deferring: dict[tuple[str, str], list[tuple[Span, float]]] = defaultdict(list)
    for q in reader.quotes:
        listeners = [a for a in q.addressees if a and a != q.speaker]
        if not q.speaker or len(listeners) != 1:
            continue
        listener = listeners[0]
        sure = max(q.confidence, cfg.attribution_floor)
        for part in q.parts:
            seg = reader.text[part.start : part.end]
            m = DEFERENCE_RE.search(seg)
            if m:
                deferring[(q.speaker, listener)].append((Span(part.start + m.start("w"), part.start + m.end("w")), sure))
            for m in _INSULT.finditer(seg):
                cue = make_cue(q.speaker, listener, HOSTILE, "enemies", Span(part.start + m.start("w"), part.start + m.end("w")),
                               cfg.insult_weight * sure + cfg.insult_base, INSULT)
                if cue is not None:
                    yield cue
            for r in reader.index.between(part.start, part.end):
                if r.kind != "name" or r.character != listener or title_key(reader.text[r.start : r.end].split()[0]):
                    continue
                if DEAR_RE.search(reader.text, max(part.start, r.start - cfg.dear_reach), r.start):
                    cue = make_cue(q.speaker, listener, FRIENDSHIP, "friends", Span(r.start, r.end),
                                   cfg.dear_address_weight * sure + cfg.dear_address_base, DEAR_ADDRESS)
                    if cue is not None:
                        yield cue
    for (speaker, listener), said in deferring.items():
        # Deference is a servant's when it is habitual and goes one way (strangers and guests say "sir" too).
        if len(said) < cfg.deference_min_quotes or deferring.get((listener, speaker)):
            continue
        for span, sure in said:
            cue = make_cue(listener, speaker, PROFESSIONAL, "master-servant", span,
                           cfg.deference_weight * sure + cfg.deference_base, DEFERENCE, directed=True)
            if cue is not None:
                yield cue
