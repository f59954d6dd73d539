"""The name forms a text uses for each character, counted from the cast's name mentions.

A character's ``names`` are every form its name mentions take ("Jack", "Jack Bear", "Mr. Bear"), with
how often each is used, most frequent first; its ``aliases`` follow the same order (the display name left
out), then any alias no mention uses (a roster's alias the text never writes, "the Hatter" beside the
mentions' "Hatter", "Narrator"). Counting the mentions themselves keeps both in step with what the
outputs list, whatever decided the clusters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ..model import Character, Mention


def written(text: str, m: Mention) -> str:
    """A mention as written, with a line break or run of spaces inside a name made one space."""
    return " ".join(text[m.start : m.end].split())


def name_counts(text: str, mentions: Sequence[Mention]) -> dict[str, Counter[str]]:
    """Per character id, how often each name form is used, forms counted in text order (so a tie keeps
    the form the text uses first)."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind == "name" and m.character:
            form = written(text, m)
            if form:
                out[m.character][form] += 1
    return out


def with_names(characters: Sequence[Character], mentions: Sequence[Mention], text: str) -> tuple[Character, ...]:
    """The characters with ``names`` filled in and ``aliases`` ordered by use, as the module says."""
    counts = name_counts(text, mentions)
    out = []
    for c in characters:
        used = counts.get(c.id, Counter()).most_common()
        forms = [n for n, _ in used]
        aliases = [n for n in forms if n != c.name]
        aliases += [a for a in c.aliases if a not in forms and a != c.name]
        out.append(replace(c, names=tuple(used), aliases=tuple(dict.fromkeys(aliases))))
    return tuple(out)
