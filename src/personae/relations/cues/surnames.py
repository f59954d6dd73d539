"""What English naming says of kinship: a married woman takes her husband's name ("Mr. X" and "Mrs. X" are
spouses; "Mrs. John Knightley" is the wife of "Mr. John Knightley"); "Miss X" was born an X (Mr. X's
daughter or sister, never his wife); the eldest son or daughter is "Mr. X" / "Miss X", a younger one
"Mr. John X" / "Miss Elizabeth X"; and the bearers of one family name are usually one family."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from ...document import Span
from ...model import Character
from ..cue import FAMILY, ROMANTIC, SURNAME_FAMILY, SURNAME_SIBLING, SURNAME_SPOUSE, Cue, Slot, make_cue
from ..grammar import TITLE_WORD
from ..reader import Reader

# A name led by a title: the title, and the family name (the last word).
_HONORIFIC = re.compile(r"^(" + TITLE_WORD + r")\.?\s+(?:[A-Z][\w'’-]*\s+)*([A-Z][\w'’-]+)$")
_MR, _MRS, _MISS = "Mr", "Mrs", "Miss"

# What follows a title -> (title, exact) -> the characters so named. ``exact``: the whole rest of the
# name ("Mr. John Knightley" under "John Knightley"); not exact: under the family name alone (weaker).
Titled = dict[str, dict[tuple[str, bool], set[str]]]


def find(reader: Reader) -> Iterator[Cue]:
    titled, family = _bearers(reader.story.characters)
    yield from _spouses_and_daughters(reader, titled)
    yield from _siblings_by_title(reader, titled)
    yield from _households(reader, family)


def _bearers(characters: Sequence[Character]) -> tuple[Titled, dict[str, set[str]]]:
    titled: Titled = defaultdict(lambda: defaultdict(set))
    family: dict[str, set[str]] = defaultdict(set)
    for c in characters:
        for n in {c.name, *c.aliases}:
            n = " ".join(n.split())
            mm = _HONORIFIC.match(n)
            if mm:
                title, surname = mm.group(1), mm.group(2)
                rest = n[mm.end(1) :].lstrip(". ")
                titled[rest][(title, True)].add(c.id)
                if rest != surname:
                    titled[surname][(title, False)].add(c.id)
                family[surname].add(c.id)
            else:
                parts = n.split()
                if len(parts) >= 2 and all(p[:1].isupper() for p in parts):
                    family[parts[-1]].add(c.id)
    return titled, family


def _spouses_and_daughters(reader: Reader, titled: Titled) -> Iterator[Cue]:
    cfg = reader.cfg
    for key, titles in titled.items():
        def named(title: str, exact: bool = True) -> set[str]:
            return titles.get((title, exact), set())

        # "Miss X" was born an X: she is Mr. X's sister or daughter, never his wife, whatever else she is called.
        born = named(_MISS) | named(_MISS, False)
        exact_mr, exact_mrs = named(_MR), named(_MRS) - born
        mr = exact_mr | named(_MR, False)
        mrs = exact_mrs | (named(_MRS, False) - born)
        span = _first_name_span(reader, key)
        if span is None:
            continue
        # "Mr. X" and "Miss X": she was born an X in his household — his daughter or his sister.
        exact_miss = named(_MISS)
        if " " not in key and len(exact_mr) == 1 and len(exact_miss) == 1 and exact_mr != exact_miss:
            cue = make_cue(next(iter(exact_mr)), next(iter(exact_miss)), FAMILY, "", span, cfg.strong_cue, SURNAME_FAMILY)
            if cue is not None:
                yield cue
        if len(exact_mr) == 1 and len(exact_mrs) == 1 and exact_mr != exact_mrs:
            yield from _spouses_by_name(next(iter(exact_mr)), next(iter(exact_mrs)), span, cfg.surname_spouse_confidence)
        elif len(mr) == 1 and len(mrs) == 1 and mr != mrs:
            yield from _spouses_by_name(next(iter(mr)), next(iter(mrs)), span, cfg.surname_spouse_family_only_confidence)


def _spouses_by_name(husband: str, wife: str, span: Span, conf: float) -> Iterator[Cue]:
    """The naming convention binds both roles at once: she is his wife and he is her husband, so that
    "her husband" near Mrs. X is not guessed to be whichever man stood closest. (One span: the two
    cues count once toward support.)"""
    for slot, target in ((Slot(husband, "wife"), wife), (Slot(wife, "husband"), husband)):
        cue = make_cue(husband, wife, ROMANTIC, "spouses", span, conf, SURNAME_SPOUSE, state="married", slot=slot,
                       target=target)
        if cue is not None:
            yield cue


def _siblings_by_title(reader: Reader, titled: Titled) -> Iterator[Cue]:
    """"Mr. X" and "Mr. John X", "Miss X" and "Miss Elizabeth X": the eldest and a younger sibling."""
    cfg = reader.cfg
    for key, titles in titled.items():
        if " " in key:
            continue
        for title in (_MR, _MISS):
            eldest = titles.get((title, True), set())
            younger = titles.get((title, False), set()) - eldest
            if len(eldest) != 1 or not younger or len(younger) > cfg.surname_max_younger:
                continue
            x = next(iter(eldest))
            for y in sorted(younger):
                span = _first_name_span(reader, key, title)
                if span is not None:
                    cue = make_cue(x, y, FAMILY, "siblings", span, cfg.surname_sibling_confidence, SURNAME_SIBLING)
                    if cue is not None:
                        yield cue


def _households(reader: Reader, family: dict[str, set[str]]) -> Iterator[Cue]:
    """The bearers of one family name (no more than a household) are kin, of no known detail."""
    cfg = reader.cfg
    for surname, members in family.items():
        if not 1 < len(members) <= cfg.surname_max_household:
            continue
        span = _first_name_span(reader, surname)
        if span is None:
            continue
        for x in members:
            for y in members:
                if x < y:
                    cue = make_cue(x, y, FAMILY, "", span, cfg.surname_family_confidence, SURNAME_FAMILY)
                    if cue is not None:
                        yield cue


def _first_name_span(reader: Reader, surname: str, title: str = "") -> Span | None:
    """Where a name ending in ``surname`` (and starting with ``title``) first occurs."""
    for r in reader.index.mentions:
        said = reader.text[r.start : r.end]
        if r.kind == "name" and said.endswith(surname) and said.startswith(title):
            return Span(r.start, r.end)
    return None
