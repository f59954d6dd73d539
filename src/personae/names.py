"""Facts about English personal names: titles, nicknames, diminutives, the gender prior of a given name.

Shared by the cast (discovery, alias clustering) and coreference. Every list here is general English,
not tied to any book.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

# Honorifics that precede a name. Value: the gender the title implies (None: either).
TITLES: dict[str, str | None] = {
    "mr": "M", "mister": "M", "sir": "M", "lord": "M", "master": "M", "monsieur": "M", "herr": "M",
    "signor": "M", "señor": "M", "senor": "M", "father": "M", "brother": "M", "uncle": "M", "king": "M",
    "prince": "M", "duke": "M", "count": "M", "baron": "M", "earl": "M",
    "mrs": "F", "miss": "F", "ms": "F", "lady": "F", "madame": "F", "mme": "F", "mademoiselle": "F",
    "mlle": "F", "frau": "F", "fräulein": "F", "signora": "F", "signorina": "F", "señora": "F",
    "sister": "F", "aunt": "F", "auntie": "F", "queen": "F", "princess": "F", "duchess": "F",
    "countess": "F", "baroness": "F", "dame": "F", "mother": "F",
    "dr": None, "doctor": None, "professor": None, "prof": None, "captain": None, "capt": None,
    "colonel": None, "col": None, "major": None, "general": None, "lieutenant": None, "lt": None,
    "sergeant": None, "sgt": None, "admiral": None, "reverend": None, "rev": None, "inspector": None,
    "detective": None, "agent": None, "officer": None, "judge": None, "governor": None, "president": None,
    "senator": None, "cousin": None, "st": None, "saint": None,
}
# Titles that, with a family name, name a different person than another title would (Mr. vs Mrs. vs
# Miss Bennet). Grouped so that "Mr." and "Mister" are the same title.
TITLE_CLASS: dict[str, str] = {
    "mr": "mr", "mister": "mr", "monsieur": "mr", "herr": "mr", "signor": "mr", "señor": "mr", "senor": "mr",
    "mrs": "mrs", "madame": "mrs", "mme": "mrs", "frau": "mrs", "signora": "mrs", "señora": "mrs",
    "miss": "miss", "mademoiselle": "miss", "mlle": "miss", "fräulein": "miss", "signorina": "miss", "ms": "miss",
    "dr": "dr", "doctor": "dr", "prof": "professor", "capt": "captain", "col": "colonel", "lt": "lieutenant",
    "sgt": "sergeant", "rev": "reverend", "st": "saint",
}

# Kinship terms and endearments are written capitalised when used as a name ("Grandma said"), but they
# are roles: they count as characters only when the text treats them as one (speaks, acts, repeatedly).
ROLE_WORDS = frozenset(
    """mother father mom mum dad daddy mommy mummy mama mamma papa pa ma grandma grandpa grandmother
    grandfather granny gran grandad nana nan auntie aunt uncle sister brother son daughter baby honey sweetie
    sweetheart darling dear love lover sir madam madame ma'am miss mister lord lady god heaven christ jesus
    master mistress boss doc doctor captain professor king queen prince princess majesty highness
    nurse cousin husband wife mate""".split()
)

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})


def title_key(word: str) -> str | None:
    """The normalised title for ``word`` ("Mrs." -> "mrs"), or None when it is no title."""
    w = word.lower().rstrip(".")
    return w if w in TITLES else None


def title_class(title: str) -> str:
    return TITLE_CLASS.get(title, title)


@lru_cache(maxsize=1)
def _nicknames() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """formal -> nicknames and nickname -> formals, from the shipped table (see resources/PROVENANCE.md)."""
    data = json.loads((Path(__file__).parent / "resources" / "nicknames.json").read_text(encoding="utf-8"))
    formal = {k: frozenset(v) for k, v in data.items()}
    back: dict[str, set[str]] = {}
    for k, vs in formal.items():
        for v in vs:
            back.setdefault(v, set()).add(k)
    return formal, {k: frozenset(v) for k, v in back.items()}


def is_diminutive(short: str, full: str) -> bool:
    """True when ``short`` is a nickname or diminutive of ``full`` (Lizzy/Elizabeth, Bill/William,
    Dawnie/Dawn), or the other way round. Case-insensitive."""
    a, b = short.lower(), full.lower()
    if a == b:
        return False
    formal, back = _nicknames()
    if b in formal.get(a, ()) or a in formal.get(b, ()):
        return True
    # Clipped forms: Krys/Krystal, Alex/Alexandra (three letters at least, and a real clip).
    x, y = (a, b) if len(a) < len(b) else (b, a)
    if len(x) >= 3 and len(y) - len(x) >= 2 and y.startswith(x):
        return True
    # English diminutive suffixes: Dawn -> Dawnie/Dawny, Tom -> Tommy (doubled consonant), Jack -> Jacky.
    for x, y in ((a, b), (b, a)):
        for suf in ("ie", "y", "ey", "kins"):
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
