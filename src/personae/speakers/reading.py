"""Pass 1: what the text says about each quote before any ranking — its speech tag and the names it
calls out (vocatives) — and who a first-person narrator is.

The narrator is found from the tags and vocatives (the people who answer "I said" call the narrator by
name); when that changes the narrator's mentions, tags and vocatives are read again with them.
"""

from __future__ import annotations

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
    return Reading(idx, [_not_addressee(t, v) for t, v in zip(tags, vocatives)], vocatives)


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
