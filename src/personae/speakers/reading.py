"""Pass 1: what the text says about each quote before any ranking — its speech tag and the names it
calls out (vocatives) — and who a first-person narrator is.

The narrator is found from the tags and vocatives (the people who answer "I said" call the narrator by
name); when that changes the narrator's mentions, tags and vocatives are read again with them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property

from ..context import Story
from ..mentions import MentionIndex
from ..model import Quote
from ..cast.address import addressed_by_name
from .conversations import Dialogue
from .mention_index import speaker_mentions, with_narrator
from .narrator import narrator_by_address
from .settings import SpeakerSettings
from .tags import Tag, find_tags


@dataclass(frozen=True)
class Reading:
    """Per quote of a story (lists indexed like ``story.quotes``), and the mentions they were read with."""

    mentions: MentionIndex
    tags: list[Tag | None]
    vocatives: list[list[str]]  # characters the quote addresses by name, in text order

    @cached_property
    def tagged(self) -> list[str | None]:
        """The speaker of each quote's strong tag (None without one)."""
        return [t.speaker if t is not None and t.strong else None for t in self.tags]


def read_quotes(story: Story, dialogue: Dialogue, settings: SpeakerSettings) -> Reading:
    idx = speaker_mentions(story, settings)
    reading = _read(story, idx, dialogue, settings)
    me = narrator_by_address(reading.tags, reading.vocatives, dialogue.conversation, idx, story.in_quotes, settings)
    if me is not None and (narrated := with_narrator(idx, me, story.text, story.in_quotes, settings)) is not None:
        reading = _read(story, narrated, dialogue, settings)
    return reading


def _read(story: Story, idx: MentionIndex, dialogue: Dialogue, settings: SpeakerSettings) -> Reading:
    tags = find_tags(story, idx, dialogue, settings)
    vocatives = [vocatives_of(story.text, q, idx) for q in story.quotes]
    tags = [_not_addressee(t, v) for t, v in zip(tags, vocatives)]
    tags = _present_pronouns(story, tags, vocatives, {m.character for m in idx.mentions if m.kind == "narrator"}, settings)
    return Reading(idx, tags, vocatives)


def _present_pronouns(
    story: Story, tags: list[Tag | None], vocatives: list[list[str]], narrators: set[str], settings: SpeakerSettings
) -> list[Tag | None]:
    """A tag's he/she means someone present. When the cast resolves it to someone who takes no part in
    the scene (never speaks a quote tagged by name nor is addressed by name in it: a name in a thought
    or in exposition), it is the one of that gender who takes part most, if clearly so."""
    gender = {c.id: c.gender for c in story.characters}
    scenes = [story.scene_of(q.start) for q in story.quotes]
    part: dict[tuple, Counter] = {}
    for n, t in enumerate(tags):
        here = set(vocatives[n])
        if t is not None and t.strong and t.explicit and t.speaker:
            here.add(t.speaker)
        part.setdefault(scenes[n], Counter()).update(c for c in here if c not in narrators)
    out = []
    for n, t in enumerate(tags):
        if t is not None and t.strong and not t.explicit and not t.description and t.pronoun_gender and not t.possessor:
            there = part.get(scenes[n], Counter())
            same = sorted(
                ((k, c) for c, k in there.items() if gender.get(c) == t.pronoun_gender and c not in vocatives[n]), reverse=True
            )
            if t.speaker not in there and same and (len(same) == 1 or same[0][0] >= settings.present_lead * same[1][0]):
                t = replace(t, speaker=same[0][1], scene_lead=True)
        out.append(t)
    return out


def _not_addressee(tag: Tag | None, vocatives: list[str]) -> Tag | None:
    """A quote does not address its own speaker: a tag's he/she (or description) resolved to someone
    the quote calls by name is unresolved (“Angel… it's me,” he said: he is not Angel). A name in the
    tag itself is the text's word and stands."""
    if tag is None or tag.explicit or tag.speaker is None or tag.speaker not in vocatives:
        return tag
    return replace(tag, speaker=None)


def vocatives_of(text: str, q: Quote, idx: MentionIndex) -> list[str]:
    """Characters named as addressees inside the quote: a name set off by commas or ending a
    sentence (“Buffy, I’m sorry”, “…, Spike!”, “Goodbye, Spike.”)."""
    out = []
    for p in q.parts:
        for m in idx.between(p.start, p.end):
            if m.kind != "name" or m.end > p.end:
                continue
            if addressed_by_name(text, p.start, p.end, m.start, m.end):
                out.append(m.character)
    return out
