"""Facts about English personal and place names: name particles, nicknames and diminutives, the gender
prior of a given name, the last words of place names."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# Particles written in lower case before a family name ("de Bourgh", "van der Luyden", "della Robbia").
FAMILY_NAME_PARTICLES = frozenset("de du da di des del della van von der den la le ten ter".split())
# The particles that can open a family name written without a title or given name ("van der Luyden",
# "de Winter"); "la", "le", "der" alone open ordinary French and German phrases more often.
LEADING_PARTICLES = frozenset("de du da di van von del".split())
# Words inside a name or a title that are no names themselves ("the Duke of York", "Mr. and Mrs. Smith").
NAME_JOINERS = frozenset({"of", "the", "and"})
# Words before a name that tell one bearer of it from another ("Little Charles", "Young Thorley", "Old Mr.
# Emerson"): the bare name belongs to the other.
NAME_MODIFIERS = frozenset({"little", "young", "old", "big", "baby"})

# Last words of English place and building names ("Windy Corner", "Howards End", "Styles Court").
PLACE_HEADS = frozenset(
    """street st road rd lane avenue square place terrace crescent gardens park hall house court castle abbey
    manor lodge cottage farm grange priory church chapel cathedral corner end hill hills bridge inn hotel club
    yard station college school university museum palace tower gate gates green common heath wood woods
    forest river lake bay island islands valley mountain mountains magna parva street""".split()
)


def family_names(names: Iterable[str]) -> set[str]:
    """The family names a person goes by: the last word of each of their names of two words or more,
    when capitalised ("Elizabeth Bennet", "Mrs. Bennet" -> Bennet; "Mr. van der Luyden" -> Luyden)."""
    out = set()
    for n in names:
        parts = n.split()
        if len(parts) >= 2 and parts[-1][:1].isupper():
            out.add(parts[-1])
    return out


@lru_cache(maxsize=1)
def _nicknames() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """formal -> nicknames and nickname -> formals, from the shipped table (see resources/PROVENANCE.md)."""
    data = json.loads((Path(__file__).parent.parent / "resources" / "nicknames.json").read_text(encoding="utf-8"))
    formal = {k: frozenset(v) for k, v in data.items()}
    back: dict[str, set[str]] = {}
    for k, vs in formal.items():
        for v in vs:
            back.setdefault(v, set()).add(k)
    return formal, {k: frozenset(v) for k, v in back.items()}


# English diminutive endings: Dawn -> Dawnie/Dawny, Tom -> Tommy (doubled consonant), Jack -> Jacky.
DIMINUTIVE_SUFFIXES = ("ie", "y", "ey", "kins")


def is_diminutive(short: str, full: str, common: frozenset[str] | set[str] = frozenset()) -> bool:
    """True when ``short`` is a nickname or diminutive of ``full`` (Lizzy/Elizabeth, Bill/William,
    Dawnie/Dawn), or the other way round. Case-insensitive. ``common``: lower-case words the text
    uses as ordinary words."""
    a, b = short.lower(), full.lower()
    if a == b:
        return False
    formal, back = _nicknames()
    if b in formal.get(a, ()) or a in formal.get(b, ()):
        return True
    # Clipped forms: Krys/Krystal, Alex/Alexandra (three letters at least, and a real clip).
    x, y = (a, b) if len(a) < len(b) else (b, a)
    # (Not when either is a common word of the text: "Cat" is no clip of "Caterpillar".)
    if len(x) >= 3 and len(y) - len(x) >= 2 and y.startswith(x) and x not in common and y not in common:
        return True
    for x, y in ((a, b), (b, a)):
        for suf in DIMINUTIVE_SUFFIXES:
            if y.endswith(suf) and len(x) >= 3:
                stem = y[: -len(suf)]
                if stem == x or (len(stem) > 1 and stem[-1] == stem[-2] and stem[:-1] == x):
                    return True
    return False


@lru_cache(maxsize=1)
def _gender_model():
    import nomquamgender as nqg

    return nqg.NBGC()


def female_prior(names: list[str]) -> list[float | None]:
    """P(female) for each given name from ``nomquamgender`` (None when the name is unknown to it)."""
    if not names:
        return []
    out = []
    for p in _gender_model().get_pgf(list(names)):
        out.append(None if p is None or (isinstance(p, float) and math.isnan(p)) else float(p))
    return out
