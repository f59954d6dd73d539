"""Names used to address someone: the vocative rule, and the names a character is only ever called to
their face.

``addressed_by_name`` is the rule English punctuation gives for a vocative (the speakers stage reads
addressees with it). ``merge_names_used_to_address`` runs after speaker attribution, since it needs to
know who speaks each quote: a name only ever said *to* one character is that character's name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .characters import Cast
from ..context import Story
from ..model import Mention, Quote


def addressed_by_name(text: str, part_start: int, part_end: int, start: int, end: int) -> bool:
    """Is the name at [start, end), inside the quoted part [part_start, part_end), set off as the person
    spoken to: by commas or a sentence's end ("Buffy, I'm sorry", "..., Spike!", "Look, William, I ...")?"""
    before = text[part_start:start].rstrip()
    after = text[end:part_end].lstrip()
    lead = before == "" or before[-1:] in ",!?.…" or before.lower().endswith(("oh", "dear", "my dear"))
    trail = after == "" or after[:1] in ",!?.…;—-"
    return (before == "" and trail) or (before[-1:] == "," and trail) or (lead and after[:1] == ",")


def merge_names_used_to_address(story: Story) -> tuple[Cast, tuple[Quote, ...]]:
    """The cast and the (attributed) quotes of ``story``, with a name that is only ever said *to* a
    character folded into that character.

    Intimates call a person by a name the narration never uses ("Look, William, ..." to the man the
    narration calls by his nickname). A name found only inside speech, never speaking itself, and said
    each time in an exchange whose other party is one and the same character (the speaker of the
    quotes just before and after, who is not the one saying the name), set off as the one spoken to
    ("Look, William, I ..."), at least twice, is that character's name.
    """
    cast = Cast(characters=story.characters, mentions=story.mentions)
    quotes = story.quotes
    if not quotes or not cast.characters:
        return cast, quotes
    text = story.text
    ordered = story.quote_index

    def quote_at(pos: int) -> int | None:
        i = ordered.index_at(pos)
        return i if i >= 0 and pos < ordered.ends[i] else None

    speakers = {q.speaker for q in quotes if q.speaker}
    names_of: dict[str, list[Mention]] = defaultdict(list)
    for m in cast.mentions:
        if m.kind == "name" and m.character:
            names_of[m.character].append(m)
    into: dict[str, str] = {}
    for c in cast.characters:
        ms = names_of.get(c.id, [])
        if len(ms) < 2 or c.id in speakers:
            continue
        parties = set()
        for m in ms:
            qi = quote_at(m.start)
            q = ordered.items[qi] if qi is not None else None
            part = next((p for p in q.parts if p.start <= m.start and m.end <= p.end), None) if q is not None else None
            if part is None or q.speaker is None or not addressed_by_name(text, part.start, part.end, m.start, m.end):
                break
            said_by = q.speaker
            near = {ordered.items[j].speaker for j in (qi - 1, qi + 1) if 0 <= j < len(ordered)} - {said_by, None}
            if len(near) != 1:
                break
            parties |= near
        else:
            if len(parties) == 1 and (p := parties.pop()) != c.id:
                into[c.id] = p
    if not into:
        return cast, quotes
    by_id = {c.id: c for c in cast.characters}
    chars = []
    for c in cast.characters:
        if c.id in into:
            continue
        extra = [n for v, p in into.items() if p == c.id for n in (by_id[v].name, *by_id[v].aliases)]
        chars.append(replace(c, aliases=tuple(dict.fromkeys((*c.aliases, *extra)))) if extra else c)
    mentions = tuple(replace(m, character=into[m.character]) if m.character in into else m for m in cast.mentions)
    quotes = tuple(
        replace(q, addressees=tuple(dict.fromkeys(into.get(a, a) for a in q.addressees))) if set(q.addressees) & into.keys() else q
        for q in quotes
    )
    return Cast(characters=tuple(chars), mentions=mentions), quotes
