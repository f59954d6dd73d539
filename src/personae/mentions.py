"""References to characters: one index to look them up by offset, and finding names by string match.

``MentionIndex`` holds ``Mention`` records (the cast's names, pronouns, descriptions, and the
references a stage adds of its own, such as the speaker behind "I" inside a quotation) ordered by
position. ``name_mentions`` finds the characters' names and aliases in the text by string match:
the fallback when the cast gave no mentions (a bare roster) or missed some.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property

from .lexicon import ADJECTIVE_RANKS, FAMILY_NAME_PARTICLES, NAME_JOINERS, NAME_MODIFIERS, RANK_TITLES, title_key
from .model import Character, Mention
from .spans import SpanIndex


class MentionIndex(SpanIndex[Mention]):
    """Mentions ordered by start (a stable sort: give mentions starting together in the order wanted)."""

    @property
    def mentions(self) -> list[Mention]:
        return self.items

    def longest_at(self, start: int, end: int, reach: int = 40) -> Mention | None:
        """The longest mention sharing a character with [start, end) (the first of equal length)."""
        best = None
        for m in self.overlapping(start, end, reach):
            if best is None or m.end - m.start > best.end - best.start:
                best = m
        return best

    @cached_property
    def _by_start(self) -> dict[int, Mention]:
        return {m.start: m for m in self.items}

    @cached_property
    def _by_end(self) -> dict[int, Mention]:
        out: dict[int, Mention] = {}
        for m in self.items:
            out.setdefault(m.end, m)
        return out

    def starting_at(self, offset: int) -> Mention | None:
        """The mention starting exactly at ``offset`` (the last in order, when several do)."""
        return self._by_start.get(offset)

    def ending_at(self, offset: int) -> Mention | None:
        """The mention ending exactly at ``offset`` (the first in order, when several do)."""
        return self._by_end.get(offset)


# Lower-case words inside a name ("Mr. van der Luyden", "the Duke of York").
_LOWER_CASE_IN_NAMES = FAMILY_NAME_PARTICLES | NAME_JOINERS


def _no_name_alone(word: str) -> bool:
    """A word of a full name that is no name on its own: a title, a particle, "Old", "the", "of"."""
    low = word.rstrip(".").lower()
    return title_key(word) is not None or low in FAMILY_NAME_PARTICLES or low in NAME_JOINERS or low in NAME_MODIFIERS


# How far back (characters) a name two characters share looks for the one of them named last.
SHARED_NAME_REACH = 400


def name_mentions(
    text: str,
    characters: Sequence[Character],
    spans: Iterable[tuple[int, int]] | None = None,
    *,
    short_forms: bool = False,
) -> list[Mention]:
    """Every occurrence of a character's name in ``spans`` of ``text`` (the whole text when None), as
    ``Mention(kind="name")``, longest names first where they overlap ("Mr. Bennet" before "Bennet").

    Two readings, kept apart because their users need different things:

    - ``short_forms=False`` (relations, arcs: a reference must be sure, since a wrong one makes a
      wrong relationship): each name and alias as written, capitalised; an alias two characters share
      names neither; not right after an apostrophe.
    - ``short_forms=True`` (speakers: a speech tag needs whoever "Denham remarked" means): also the
      parts of a full name the text writes as names (given name, family name; a bare family name
      shared by a man and a woman is the man's), "the Admiral" for the one who holds the rank, "the
      mouse" for "The Mouse"; a name two characters share is the one named unambiguously just before,
      else the one the story seldom names in full.
    """
    if short_forms:
        return _short_form_mentions(text, characters, spans)
    owners: dict[str, set[str]] = {}
    for c in characters:
        for n in {c.name, *c.aliases}:
            n = n.strip()
            if len(n) >= 2 and n[0].isupper():
                owners.setdefault(n, set()).add(c.id)
    names = {n: next(iter(ids)) for n, ids in owners.items() if len(ids) == 1}
    if not names:
        return []
    pattern = _alternation(names, r"(?<![\w'’])")
    return [Mention(m.start(), m.end(), names[m.group()], "name", 1.0) for m in _finditer(pattern, text, spans)]


def _alternation(names: Iterable[str], lookbehind: str) -> re.Pattern[str]:
    """One pattern for all ``names``, longest first, as whole words."""
    return re.compile(lookbehind + "(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w])")


def _finditer(pattern: re.Pattern[str], text: str, spans: Iterable[tuple[int, int]] | None):
    if spans is None:
        yield from pattern.finditer(text)
        return
    for s, e in spans:
        yield from pattern.finditer(text, s, e)


def _name_variants(n: str) -> set[str]:
    out = {n}
    words = n.split()
    if len(words) > 2:
        low = [w.lower() if k and w.lower() in _LOWER_CASE_IN_NAMES else w for k, w in enumerate(words)]
        out.add(" ".join(low))
    # "The Mouse" is written "the mouse" / "the Mouse" mid-sentence.
    if n.startswith(("The ", "A ", "An ")):
        out.add(n[0].lower() + n[1:])
        out.add(n.lower())
    return out


def _short_form_mentions(text: str, characters: Sequence[Character], spans) -> list[Mention]:
    names: dict[str, set[str]] = {}
    parts: dict[str, set[str]] = {}
    surnames: set[str] = set()
    gender = {c.id: c.gender for c in characters}
    # A word the text mostly writes in lower case is a common word ("The Woman At Whose House She Was
    # Dining": woman, she), not a name a character is called by on its own.
    words_used = Counter(re.findall(r"[A-Za-z]+", text))

    def name_like(w: str) -> bool:
        return words_used[w] >= words_used[w.lower()]

    for c in characters:
        variants = set()
        for n in (c.name, *c.aliases):
            variants |= _name_variants(n.strip())
            # Fiction calls people by a part of their full name (Frances Clyne -> Frances, Clyne).
            words = n.split()
            # "Little Charles", "Young Thorley": the modifier is how the story tells this one from the
            # elder who bears the bare name, so the bare name is not theirs.
            if len(words) > 1 and words[0].lower() not in NAME_MODIFIERS:
                for k, w in enumerate(words):
                    if len(w) > 2 and w[0].isupper() and not _no_name_alone(w) and name_like(w):
                        parts.setdefault(w, set()).add(c.id)
                        if k == len(words) - 1:
                            surnames.add(w)
                    if w[:1].isupper() and w.lower() in RANK_TITLES:
                        parts.setdefault("the " + w, set()).add(c.id)
                        # "said the count": a rank after "the" is written in lower case mid-sentence.
                        if w.lower() not in ADJECTIVE_RANKS:
                            parts.setdefault("the " + w.lower(), set()).add(c.id)
        for n in variants:
            if len(n) >= 2:
                names.setdefault(n, set()).add(c.id)
    for w, ids in parts.items():
        men = {i for i in ids if gender.get(i) == "M"}
        if w in surnames and men:
            # A bare surname in narration names a man ("Denham remarked"); the women of the family are
            # Mrs. Denham or go by their first names.
            ids = men
        if w not in names:
            names[w] = ids
    if not names:
        return []
    found = [(m.start(), m.end(), names[m.group()]) for m in _finditer(_alternation(names, r"(?<![\w])"), text, spans)]
    # A name two characters share (Charles Musgrove / Charles Hayter: "Charles") means the one the
    # story named unambiguously just before; else the one it seldom names in full: when two people
    # share a name, authors keep the bare name for one and the full name for the other.
    total: dict[str, int] = {}
    for _, _, ids in found:
        if len(ids) == 1:
            k = next(iter(ids))
            total[k] = total.get(k, 0) + 1
    out: list[Mention] = []
    last: dict[str, int] = {}
    for a, b, ids in found:
        if len(ids) == 1:
            cid = next(iter(ids))
            last[cid] = a
        else:
            recent = [(last[i], i) for i in ids if i in last and a - last[i] < SHARED_NAME_REACH]
            if recent:
                cid = max(recent)[1]
            else:
                # (Someone the story never names unambiguously is not known to be in it.)
                ranked = sorted((i for i in ids if total.get(i, 0)), key=lambda i: total[i])
                if not ranked or (len(ranked) > 1 and 2 * total[ranked[0]] + 3 > total[ranked[1]]):
                    continue
                cid = ranked[0]
        out.append(Mention(a, b, cid, "name"))
    return out
