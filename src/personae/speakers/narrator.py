"""The first-person narrator: "I" outside quotes, and which character that is.

Two readings, for two situations. With a bare roster (no mentions from the cast), the narrator is the
character other people name in their speech far more than the narration names them
(``narrator_by_names``). Once speech tags are read, the narrator is the character the others address
by name in the quotes next to "I said" (``narrator_by_address``), which may overrule the cast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..lexicon import FIRST_PERSON
from ..mentions import MentionIndex
from ..model import Mention
from .settings import SpeakerSettings
from .tags import Tag

# "I", "me", "my", ... as words of the text.
_FIRST_PERSON_WORD = re.compile(r"\b(" + "|".join("I" if w == "i" else w for w in sorted(FIRST_PERSON)) + r")\b")


def first_person_words(text: str, inside: Callable[[int], bool]) -> list[re.Match[str]]:
    """I/me/my... in the narration (outside quotes)."""
    return [m for m in _FIRST_PERSON_WORD.finditer(text) if not inside(m.start())]


def as_narrator(words: Sequence[re.Match[str]], who: str, settings: SpeakerSettings) -> list[Mention]:
    """First-person words as mentions of ``who``, the narrator."""
    return [Mention(m.start(), m.end(), who, "narrator", settings.narrator_mention_confidence) for m in words]


def narrator_by_names(
    text: str, first_person: int, names: Sequence[Mention], inside: Callable[[int], bool], settings: SpeakerSettings
) -> str | None:
    """With a bare roster: in first-person narration (``first_person`` words of I/me outside quotes),
    the character other people name in their speech far more than the narration names them
    (narrators rarely name themselves). None when the narration is not first-person."""
    words = max(1, len(text) // settings.chars_per_word)
    if first_person < words / settings.first_person_per_words:
        return None
    in_quotes: dict[str, int] = {}
    in_narr: dict[str, int] = {}
    for m in names:
        d = in_quotes if inside(m.start) else in_narr
        d[m.character] = d.get(m.character, 0) + 1
    scored = [(q / (1 + in_narr.get(c, 0)), c) for c, q in in_quotes.items() if q >= settings.narrator_min_quoted_names]
    if not scored:
        return None
    return max(scored)[1]


def narrator_by_address(
    tags: Sequence[Tag | None],
    vocs: Sequence[list[str]],
    conv: Sequence[int],
    idx: MentionIndex,
    inside: Callable[[int], bool],
    settings: SpeakerSettings,
) -> str | None:
    """The character a first-person narrator is: the people who answer the narrator, or whom the
    narrator answers, call the narrator by name (“Good night, Jake,” … “Good night,” I said),
    while the names the narrator's own quotes call out are other people; and the narration itself
    hardly ever names the narrator (it says "I")."""
    in_quotes: dict[str, int] = {}
    in_narration: dict[str, int] = {}
    for m in idx.mentions:
        if m.kind == "name":
            d = in_quotes if inside(m.start) else in_narration
            d[m.character] = d.get(m.character, 0) + 1
    votes: dict[str, float] = {}
    spoken = 0
    for n, tag in enumerate(tags):
        if tag is None or not tag.first_person or not tag.strong:
            continue
        spoken += 1
        for v in vocs[n]:
            votes[v] = votes.get(v, 0.0) - 1.0
        for k in (n - 1, n + 1):
            if 0 <= k < len(vocs) and conv[k] == conv[n] and not (tags[k] is not None and tags[k].first_person):
                for v in vocs[k]:
                    votes[v] = votes.get(v, 0.0) + 1.0
    share = settings.narrator_max_narration_share
    ranked = sorted(((c, v) for c, v in votes.items() if in_narration.get(c, 0) <= share * in_quotes.get(c, 0)), key=lambda kv: -kv[1])
    if (
        spoken < settings.narrator_min_spoken
        or not ranked
        or ranked[0][1] < settings.narrator_min_votes
        or (len(ranked) > 1 and ranked[0][1] <= ranked[1][1])
    ):
        return None
    clear = ranked[0][1] >= settings.narrator_clear_votes and (
        len(ranked) == 1 or ranked[0][1] >= settings.narrator_clear_factor * ranked[1][1]
    )
    # A narrator the cast chose but the narration keeps naming is no narrator: any clear lead wins then.
    current = {m.character for m in idx.mentions if m.kind == "narrator"}
    doubtful = not current or any(in_narration.get(c, 0) > share * in_quotes.get(c, 0) for c in current)
    return ranked[0][0] if clear or doubtful else None
