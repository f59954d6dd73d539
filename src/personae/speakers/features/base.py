"""What the features of a story's quotes are computed from: ``Book`` (the whole story, once) and
``Site`` (one quote with its candidate pool)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ...context import Story
from ...lexicon import family_names
from ...model import Quote
from ..candidates import Pool
from ..conversations import Dialogue
from ..reading import Reading
from ..settings import SpeakerSettings
from .epithet import Uses, description_uses
from .scene import SceneRegister, scene_register
from .voice import Beat, voice_beats


@dataclass(frozen=True)
class Book:
    """The story with pass 1 read, and what features need of it as a whole."""

    story: Story
    dialogue: Dialogue
    reading: Reading
    settings: SpeakerSettings
    listed: set[str] | None  # ids of a roster the user gave
    gender: dict[str, str]  # character id -> gender
    surnames: dict[str, set[str]]  # character id -> family names of its names
    narration_names: dict[str, int]  # name mentions in the narration (outside quotes) per character
    top_names: float  # log(1 + the most named character's count)
    narrators: set[str]  # characters "I" refers to in the narration
    named: list[set[str]]  # per quote: characters named inside it, not as addressees
    scenes: SceneRegister  # who each scene and conversation is about, and who speaks in them
    beats: list[Beat]  # per quote: the voice beats next to it
    descriptions: Uses  # where the story ties each description a tag uses to a character

    @classmethod
    def of(cls, story: Story, dialogue: Dialogue, reading: Reading, listed: set[str] | None, settings: SpeakerSettings) -> Book:
        idx, inside = reading.mentions, story.in_quotes
        gender = {c.id: c.gender for c in story.characters}
        narr_names: dict[str, int] = {}
        for m in idx.mentions:
            if m.kind == "name" and not inside(m.start):
                narr_names[m.character] = narr_names.get(m.character, 0) + 1
        narrators = {m.character for m in idx.mentions if m.kind == "narrator"}
        named = [
            {m.character for p in q.parts for m in idx.between(p.start, p.end) if m.kind == "name"} - set(reading.vocatives[n])
            for n, q in enumerate(story.quotes)
        ]
        return cls(
            story, dialogue, reading, settings, listed, gender,
            surnames={c.id: family_names((c.name, *c.aliases)) for c in story.characters},
            narration_names=narr_names,
            top_names=math.log1p(max(narr_names.values(), default=0)),
            narrators=narrators,
            named=named,
            scenes=scene_register(story, dialogue, reading, gender, narrators),
            beats=voice_beats(story, dialogue, idx),
            descriptions=description_uses(story, reading.tags, idx),
        )


@dataclass(frozen=True)
class Site:
    """One quote, where it is, and who its candidates are."""

    n: int  # its index in ``story.quotes``
    quote: Quote
    paragraph: tuple[int, int]  # (start, end) of its paragraph
    pool: Pool
    prior: Mapping[str, int]  # tagged quotes per character before this one

    @property
    def ids(self) -> list[str]:
        return self.pool.ids
