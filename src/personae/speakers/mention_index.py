"""The mentions speaker attribution reads: the cast's, completed by string match where it is silent.

Speech tags need every reference near a quote. The cast gives names, pronouns and descriptions; names
and aliases it did not mark ("the Mouse", a bare surname) are added by string match. With a bare roster
(no mentions at all), names are found by string match, he/she is the nearest preceding named character
of that gender, and "I" is the narrator if the narration is first-person.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..context import Story
from ..lexicon import PRONOUN_GENDER
from ..mentions import MentionIndex, name_mentions
from ..model import Character, Mention
from .narrator import as_narrator, first_person_words, narrator_by_names
from .settings import SpeakerSettings

# "he", "She", "HIS", ... as words of the text.
_THIRD_PERSON_WORD = re.compile(r"\b(" + "|".join(sorted(PRONOUN_GENDER)) + r")\b", re.I)


def speaker_mentions(story: Story, settings: SpeakerSettings) -> MentionIndex:
    """The cast's mentions, searchable by offset. When the cast gives no mentions (a bare roster),
    names and aliases are found by string match and he/she resolved to the nearest preceding named
    character of that gender: enough for speech tags."""
    mentions = [m for m in story.mentions if m.character]
    if not any(m.kind == "name" for m in mentions):
        mentions = _fallback_mentions(story.text, story.characters, story.in_quotes, settings)
    else:
        # Names and aliases the cast did not mark (it may miss "the Mouse" or a bare surname)
        # are found by string match; the cast's own mentions win where both exist.
        mentions = merge_mentions(mentions, name_mentions(story.text, story.characters, short_forms=True))
    return MentionIndex(m for m in mentions if m.character)


def with_narrator(
    idx: MentionIndex, who: str, text: str, inside: Callable[[int], bool], settings: SpeakerSettings
) -> MentionIndex | None:
    """The mentions with ``who`` as the first-person narrator: every narrator mention (I/me outside
    quotes) is theirs. None when nothing changes."""
    if any(m.kind == "narrator" for m in idx.mentions):
        if all(m.character == who for m in idx.mentions if m.kind == "narrator"):
            return None
        return MentionIndex(replace(m, character=who) if m.kind == "narrator" else m for m in idx.mentions)
    return MentionIndex(merge_mentions(idx.mentions, as_narrator(first_person_words(text, inside), who, settings)))


def merge_mentions(primary: list[Mention], extra: list[Mention]) -> list[Mention]:
    """``primary`` with the ``extra`` mentions that clash with none of it, or that cover names of it
    entirely and are longer (a longer name covering a shorter one is the more specific reading:
    Mr. van der Luyden), replacing those."""
    primary = sorted(primary, key=lambda m: m.start)
    starts = [m.start for m in primary]
    out = list(primary)
    dropped = set()
    for m in extra:
        i = bisect.bisect_left(starts, m.start)
        clash = [k for k in (i - 1, i, i + 1) if 0 <= k < len(primary) and primary[k].start < m.end and m.start < primary[k].end]
        if all(
            primary[k].kind == "name"
            and m.start <= primary[k].start
            and primary[k].end <= m.end
            and m.end - m.start > primary[k].end - primary[k].start
            for k in clash
        ):
            dropped.update(clash)
            out.append(m)
    return sorted((m for k, m in enumerate(out) if k not in dropped), key=lambda m: m.start)


def _fallback_mentions(
    text: str, characters: Sequence[Character], inside: Callable[[int], bool], settings: SpeakerSettings
) -> list[Mention]:
    """Names by string match (with their short forms), he/she as the nearest preceding named character
    of that gender, and the first-person narrator."""
    names = name_mentions(text, characters, short_forms=True)
    firsts = first_person_words(text, inside)
    narrator = narrator_by_names(text, len(firsts), names, inside, settings)
    narrated = as_narrator(firsts, narrator, settings) if narrator is not None else []
    return sorted(names + _fallback_pronouns(text, characters, names, inside, settings) + narrated, key=lambda m: m.start)


def _fallback_pronouns(
    text: str, characters: Sequence[Character], names: list[Mention], inside: Callable[[int], bool], settings: SpeakerSettings
) -> list[Mention]:
    """he/she outside quotes as the nearest preceding character of that gender named outside quotes."""
    gender = {c.id: c.gender for c in characters}
    last: dict[str, tuple[int, str]] = {}
    names_iter = iter(names)
    pending = next(names_iter, None)
    pronouns = []
    for m in _THIRD_PERSON_WORD.finditer(text):
        while pending is not None and pending.start < m.start():
            if not inside(pending.start):
                g = gender.get(pending.character, "U")
                last[g] = (pending.start, pending.character)
            pending = next(names_iter, None)
        if inside(m.start()):
            continue
        g = PRONOUN_GENDER[m.group().lower()]
        hit = last.get(g)
        if hit and m.start() - hit[0] < settings.fallback_pronoun_reach:
            pronouns.append(Mention(m.start(), m.end(), hit[1], "pronoun", settings.fallback_pronoun_confidence))
    return pronouns
