"""What a speech tag is, and where one is looked for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Tag:
    """The speech tag of a quote: who its clause names as the speaker, and how sure the clause is."""

    speaker: str | None
    pronoun_gender: str | None  # "M"/"F" when the subject is he/she (or a gendered noun: "said her mother")
    explicit: bool  # a name (not a pronoun or description)
    strong: bool  # a verb of speaking, or a clause the quote leads into with a comma
    span: tuple[int, int]
    addressee: str | None = None
    first_person: bool = False  # the subject is "I": the narrator speaks
    possessor: str | None = None  # "said her mother": who "her" is (not the speaker)
    relation: bool = False  # … and the noun names a relative (mother, husband, sister)
    inverted: bool = False  # verb first: "said Emma", "cried she"
    # The subject is a description, not a name: its modifiers and head noun ("old man" for "said the
    # old man"), which the story may tie to a name elsewhere ("Hale, the old man, ...").
    description: str = ""
    # The cast resolved the he/she to someone taking no part in the scene; the speaker is the scene's
    # clear lead of that gender instead (speakers.reading): evidence of another strength than coref.
    scene_lead: bool = False


class Side(Enum):
    """Which side of the quote a stretch of narration is on; tags read differently on each."""

    AFTER = "after"  # right after a quoted part: “Yes,” she said / “No,” said Faith
    BEFORE = "before"  # leading into the first part: Faith muttered: “…”


@dataclass(frozen=True)
class Narration:
    """A stretch of narration next to a quote, where its tag may be."""

    start: int
    end: int
    side: Side
    # After a part: the part's last character, which says how the quote runs into the tag
    # (“Yes,” she said / “Yes.” She smiled). Empty before the quote.
    last_char: str = ""
