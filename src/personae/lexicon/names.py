"""Facts about English personal and place names: name particles, nicknames and diminutives, the gender
prior of a given name, the last words of place names."""

from __future__ import annotations

import json
import math
import re
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
def _name_table() -> bytes:
    """``nomquamgender``'s table as the JSON text it ships (name -> [sources, counts, p(female), ...]).
    Read, not imported: importing the package parses all 720,000 names and loads pandas (~270 MB and
    seconds per process) for the few dozen given names one work looks up."""
    import importlib.util

    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("nomquamgender")
    return (Path(next(iter(spec.submodule_search_locations))) / "name_data.json").read_bytes()


@lru_cache(maxsize=1)
def _parsed_name_table() -> dict[str, list]:
    return json.loads(_name_table())


# A key whose JSON text is itself between quotes: printable ASCII without a quote or a backslash.
_PLAIN_KEY = re.compile(r'[ !#-\[\]-~]*')


@lru_cache(maxsize=16384)
def _table_entry(key: str) -> list | None:
    """The table's entry for ``key``, or None. A plain key is found in the JSON text itself: each entry
    is written ``{"key": [`` or ``, "key": [`` and the values hold only numbers, so that text marks the
    one place the key's entry begins. Any other key (escaped in the JSON text) is looked up in the
    parsed table."""
    if not _PLAIN_KEY.fullmatch(key):
        return _parsed_name_table().get(key)
    table = _name_table()
    entry = b'"' + key.encode("ascii") + b'": ['
    found = table.find(b", " + entry)
    if found >= 0:
        start = found + 2 + len(entry) - 1
    elif table.startswith(b"{" + entry):
        start = len(entry)
    else:
        return None
    end = table.find(b', "', start)  # the next entry: a value holds numbers and lists of numbers
    return json.JSONDecoder().raw_decode(table[start : end if end >= 0 else len(table)].decode("ascii"))[0]


def female_prior(names: list[str]) -> list[float | None]:
    """P(female) for each given name from ``nomquamgender``'s table (None when the name is unknown to
    it), looked up as its ``NBGC.get_pgf`` does: the name folded to lower-case ASCII and stripped, else
    the folded name's first word."""
    from unidecode import unidecode

    out: list[float | None] = []
    for name in names:
        folded = unidecode(str(name)).lower().strip()
        entry = _table_entry(folded)
        if entry is None:
            entry = _table_entry(folded.split(" ")[0])
        p = None if entry is None else entry[2]
        out.append(None if p is None or (isinstance(p, float) and math.isnan(p)) else float(p))
    return out
