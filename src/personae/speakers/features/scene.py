"""Features of the scene and the conversation a quote is in: whom their narration has been about so far,
and who has spoken in them.

An unanchored he/she of a tag ("she said", after lines of bare dialogue) most often means the character
of that gender the scene's narration is about, and a scene break resets that: people named before the
break are elsewhere. So the focus is counted per scene and per conversation, from the narration's
names only — a name said inside a quote is talked about, not present.

``SceneRegister`` is built once per story in text order (names and tags are each counted once), and
each quote reads its ``SceneFacts`` from it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...context import Story
from ..conversations import Dialogue
from ..reading import Reading


if TYPE_CHECKING:
    from .base import Book, Site
    from .view import QuoteView

Scene = tuple[int, int, int]


@dataclass(frozen=True)
class SceneRegister:
    """Per story: the scenes' and conversations' narration names and tagged speakers."""

    scene: list[Scene]  # per quote: its scene
    # Per quote: the character of each gender the narration names most in its scene before the quote,
    # and in its conversation (from the end of the previous conversation) before the quote.
    scene_focus: list[dict[str, str]]
    conversation_focus: list[dict[str, str]]
    scene_names: dict[Scene, Counter]  # narration names per character in the whole scene
    scene_tagged: dict[Scene, Counter]  # quotes with a strong tag per speaker in the scene
    scene_named_tags: dict[Scene, Counter]  # … with a tag naming the speaker
    conversation_tagged: dict[int, Counter]  # quotes with a strong tag per speaker in the conversation
    # The scene's participants: who speaks a quote tagged by name or is addressed by name in one. Each
    # is there by the text's own words (never by a resolved pronoun, which would feed on itself).
    scene_participants: dict[Scene, set[str]]
    # Per quote: the participant of each gender who spoke or was addressed last before it in its scene.
    last_participant: list[dict[str, str]]


class _Focus:
    """Running narration-name counts of one stretch (a scene or a conversation): the most named of each
    gender, ties going to the one named last."""

    def __init__(self, gender: dict[str, str], narrators: set[str]) -> None:
        self.gender, self.narrators = gender, narrators
        self.counts: Counter = Counter()
        self.last: dict[str, int] = {}

    def add(self, character: str, at: int) -> None:
        self.counts[character] += 1
        self.last[character] = at

    def focus(self) -> dict[str, str]:
        best: dict[str, tuple[int, int, str]] = {}
        for c, k in self.counts.items():
            g = self.gender.get(c)
            if g in ("M", "F") and c not in self.narrators:
                key = (k, self.last[c], c)
                if g not in best or key > best[g]:
                    best[g] = key
        return {g: key[2] for g, key in best.items()}


def scene_register(story: Story, dialogue: Dialogue, reading: Reading, gender: dict[str, str], narrators: set[str]) -> SceneRegister:
    quotes = story.quotes
    names = [m for m in reading.mentions.mentions if m.kind == "name" and not story.in_quotes(m.start)]
    scene_names: dict[Scene, Counter] = {}
    for m in names:
        scene_names.setdefault(story.scene_of(m.start), Counter())[m.character] += 1
    scenes = [story.scene_of(q.start) for q in quotes]
    scene_focus, conversation_focus = [], []
    i = 0  # the next narration name to count
    scene_run: _Focus | None = None
    conv_run: _Focus | None = None
    for n, q in enumerate(quotes):
        if n == 0 or scenes[n] != scenes[n - 1]:
            scene_run = _Focus(gender, narrators)
            lo = story.scene_start(q.start)
            while i < len(names) and names[i].start < lo:
                i += 1
        if n == 0 or not dialogue.same_conversation(n, n - 1):
            # A conversation's narration starts where the previous conversation's last quote ended.
            conv_run = _Focus(gender, narrators)
            since = max(story.scene_start(q.start), quotes[n - 1].end if n else 0)
            while i < len(names) and names[i].start < since:
                scene_run.add(names[i].character, names[i].start)
                i += 1
        while i < len(names) and names[i].start < q.start:
            scene_run.add(names[i].character, names[i].start)
            conv_run.add(names[i].character, names[i].start)
            i += 1
        scene_focus.append(scene_run.focus())
        conversation_focus.append(conv_run.focus())
    scene_tagged: dict[Scene, Counter] = {}
    scene_named_tags: dict[Scene, Counter] = {}
    conversation_tagged: dict[int, Counter] = {}
    for n, t in enumerate(reading.tags):
        if t is None or not t.strong or not t.speaker:
            continue
        scene_tagged.setdefault(scenes[n], Counter())[t.speaker] += 1
        conversation_tagged.setdefault(dialogue.conversation[n], Counter())[t.speaker] += 1
        if t.explicit:
            scene_named_tags.setdefault(scenes[n], Counter())[t.speaker] += 1
    participants: dict[Scene, set[str]] = {}
    last_participant: list[dict[str, str]] = []
    last: dict[str, str] = {}
    for n, t in enumerate(reading.tags):
        if n == 0 or scenes[n] != scenes[n - 1]:
            last = {}
        last_participant.append(dict(last))
        here = list(reading.vocatives[n])
        if t is not None and t.strong and t.explicit and t.speaker:
            here.append(t.speaker)
        for c in here:
            participants.setdefault(scenes[n], set()).add(c)
            g = gender.get(c)
            if g in ("M", "F") and c not in narrators:
                last[g] = c
    return SceneRegister(
        scenes, scene_focus, conversation_focus, scene_names, scene_tagged, scene_named_tags, conversation_tagged,
        participants, last_participant,
    )


@dataclass(frozen=True)
class SceneFacts:
    # The tag's subject is he/she (or a gendered description), not a name: its gender, else None.
    pronoun_gender: str | None
    scene_focus: str | None  # the scene's narration focus of that gender before the quote
    conversation_focus: str | None  # … the conversation's
    # Of the scene's quotes tagged by name with a speaker of that gender (this one aside): each one's share.
    scene_speaker_share: dict[str, float]
    conversation_speakers: set[str]  # spoke a strongly tagged quote in this conversation (this one aside)
    scene_tagged: Counter  # strongly tagged quotes per speaker in the scene (this one aside)
    scene_names: Counter
    # The subject of the quote's tag, strong or weak, is he/she (or a gendered description): its gender.
    beat_gender: str | None
    participants: set[str]  # the scene's participants of that gender
    last_participant: str | None  # the one of them who spoke or was addressed last before the quote


def _without(counts: Counter, speaker: str | None) -> Counter:
    """``counts`` less one quote of ``speaker`` (the quote being judged counts as evidence of nothing)."""
    if speaker and counts.get(speaker):
        counts = counts.copy()
        counts[speaker] -= 1
    return counts


def scene_facts(book: Book, site: Site) -> SceneFacts:
    reg, n = book.scenes, site.n
    scene = reg.scene[n]
    tag = book.reading.tags[n]
    own = tag.speaker if tag is not None and tag.strong else None
    tagged = _without(reg.scene_tagged.get(scene, Counter()), own)
    # Who takes part counts for any he/she next to the quote, a weak tag's too ("“Yes.” She smiled.").
    beat = tag.pronoun_gender if tag is not None and not tag.explicit else None
    present = {c for c in reg.scene_participants.get(scene, ()) if book.gender.get(c) == beat and c not in book.narrators}
    last = reg.last_participant[n].get(beat) if beat else None
    g = beat if tag is not None and tag.strong else None
    if g is None:
        return SceneFacts(None, None, None, {}, set(), tagged, reg.scene_names.get(scene, Counter()), beat, present, last)
    named = _without(reg.scene_named_tags.get(scene, Counter()), own)
    same = {c: k for c, k in named.items() if k > 0 and book.gender.get(c) == g}
    total = sum(same.values())
    conv = _without(reg.conversation_tagged.get(book.dialogue.conversation[n], Counter()), own)
    return SceneFacts(
        g,
        reg.scene_focus[n].get(g),
        reg.conversation_focus[n].get(g),
        {c: k / total for c, k in same.items()},
        {c for c, k in conv.items() if k > 0 and book.gender.get(c) == g},
        tagged,
        reg.scene_names.get(scene, Counter()),
        beat,
        present,
        last,
    )


def pron_scene_focal(v: QuoteView, c: str) -> float:
    """The tag's subject is he/she and this is whom the scene's narration has named most of that gender."""
    return float(v.scene.pronoun_gender is not None and v.scene.scene_focus == c)


def pron_conv_focal(v: QuoteView, c: str) -> float:
    """… whom this conversation's narration has named most of that gender."""
    return float(v.scene.pronoun_gender is not None and v.scene.conversation_focus == c)


def pron_scene_speaker(v: QuoteView, c: str) -> float:
    """… this one's share of the scene's name-tagged quotes spoken by characters of that gender."""
    return v.scene.scene_speaker_share.get(c, 0.0)


def pron_conv_speaker(v: QuoteView, c: str) -> float:
    """… this one has that gender and speaks a tagged quote in this conversation."""
    return float(c in v.scene.conversation_speakers)


def log_scene_tagged(v: QuoteView, c: str) -> float:
    """log(1 + quotes of this scene tagged with this character, this one aside): present and speaking."""
    return math.log1p(v.scene.scene_tagged.get(c, 0))


def log_scene_names(v: QuoteView, c: str) -> float:
    """log(1 + times the scene's narration names this character): present."""
    return math.log1p(v.scene.scene_names.get(c, 0))


def pron_participant(v: QuoteView, c: str) -> float:
    """The subject of the tag (strong or weak) is he/she and this one of that gender takes part in the
    scene: speaks a quote tagged by name or is addressed by name."""
    return float(c in v.scene.participants)


def pron_absent(v: QuoteView, c: str) -> float:
    """… this one has that gender but takes no part in the scene, where someone else of it does: named
    in the narration (a thought, a memory), not there to speak."""
    s = v.scene
    return float(bool(s.participants) and c not in s.participants and v.book.gender.get(c) == s.beat_gender)


def pron_last_participant(v: QuoteView, c: str) -> float:
    """… this is the participant of that gender who spoke or was addressed last before the quote."""
    return float(v.scene.last_participant == c)
