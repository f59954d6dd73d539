"""Who may have spoken a quote (the candidate pool), and the records the ranker reads.

Candidates are the characters mentioned near the quote (in its scene, from ``window`` characters
before it to a little after), the speakers tagged in its conversation, and the story's principal
speakers so far (a scene may open on an exchange between people it has not named yet: "How did the
lecture go?" Brenda asked. "Bad."), plus the tag's speaker, in that order, each once.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..context import Story
from ..model import Mention, Quote
from .conversations import Dialogue
from .reading import Reading
from .settings import SpeakerSettings
from .tags import Tag


@dataclass(frozen=True)
class Candidates:
    """A quote's candidate speakers and their feature rows."""

    ids: list[str]
    X: np.ndarray  # (len(ids), len(FEATURES)); the turn-taking columns are filled by ``with_history``
    # A paragraph of pure narration separates this quote from the previous one.
    after_narration: bool = False
    # The quote's paragraph holds nothing but the quote (bare dialogue, where turns alternate most).
    bare: bool = False
    genders: tuple[str, ...] = ()
    vocatives: tuple[str, ...] = ()

    @cached_property
    def id_array(self) -> np.ndarray:
        return np.array(self.ids, dtype=object)


@dataclass(frozen=True)
class QuoteFeatures:
    """What ``quote_features`` gives for one quote: its tag, its vocatives and its candidates."""

    tag: Tag | None
    vocatives: list[str]
    candidates: Candidates


@dataclass(frozen=True)
class Pool:
    ids: list[str]  # the candidates, in pool order
    near: list[Mention]  # mentions in the window around the quote
    conversation_speakers: set[str]  # speakers tagged near the quote in its conversation


def candidate_pool(
    story: Story, dialogue: Dialogue, reading: Reading, n: int, prior: Mapping[str, int], settings: SpeakerSettings
) -> Pool:
    """The candidates of quote ``n``; ``prior``: tagged quotes so far per character."""
    q = story.quotes[n]
    pe = dialogue.paragraphs[dialogue.para_of[n]][1]
    reach = settings.after_quote_reach
    near = reading.mentions.between(max(q.start - settings.window, story.scene_start(q.start)), min(q.end + reach, pe + reach))
    tagged, conv = reading.tagged, dialogue.conversation
    around = range(max(0, n - settings.conversation_speakers_reach), min(len(tagged), n + settings.conversation_speakers_reach))
    conv_speakers = {tagged[k] for k in around if conv[k] == conv[n] and tagged[k]}
    principals = heapq.nlargest(settings.principal_speakers, prior, key=prior.get) if prior else []
    ids = list(dict.fromkeys([m.character for m in near] + list(conv_speakers) + principals))
    tag = reading.tags[n]
    if tag is not None and tag.speaker and tag.speaker not in ids:
        ids.append(tag.speaker)
    return Pool(ids, near, conv_speakers)


def after_narration(dialogue: Dialogue, n: int) -> bool:
    """A paragraph of pure narration separates quote ``n`` from the previous one."""
    return n > 0 and dialogue.para_of[n] - dialogue.para_of[n - 1] > 1


def bare(text: str, q: Quote, para: tuple[int, int]) -> bool:
    """The quote's paragraph holds no letters outside the quote's parts."""
    ps, pe = para
    narration = text[ps:pe]
    for p in reversed(q.parts):
        if ps <= p.start and p.end <= pe:
            narration = narration[: p.start - ps] + narration[p.end - ps :]
    return not any(ch.isalpha() for ch in narration)
