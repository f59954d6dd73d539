"""Titles: the honorifics, ranks and kinship words English puts before a name, with what they say.

A title is keyed in lower case without its period ("Mrs." -> "mrs", see ``title_key``). ``TITLES`` gives
the gender a title implies; ``TITLE_CLASS`` groups titles that are one form of address ("Mister" is
"Mr."), so that "Mr. Bennet" and "Mrs. Bennet" are two people but "Mr." and "Mister" one title.
"""

from __future__ import annotations

# Honorifics that precede a name. Value: the gender the title implies (None: either).
TITLES: dict[str, str | None] = {
    "mr": "M", "mister": "M", "mistah": "M", "sir": "M", "lord": "M", "master": "M", "monsieur": "M", "herr": "M",
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
    "senator": None, "cousin": None, "st": None, "saint": None, "madam": "F", "mx": None, "comrade": None,
}
# Titles that, with a family name, name a different person than another title would (Mr. vs Mrs. vs
# Miss Bennet). Grouped so that "Mr." and "Mister" are the same title.
TITLE_CLASS: dict[str, str] = {
    "mr": "mr", "mister": "mr", "mistah": "mr", "monsieur": "mr", "herr": "mr", "signor": "mr", "señor": "mr", "senor": "mr",
    "mrs": "mrs", "madame": "mrs", "madam": "mrs", "mme": "mrs", "frau": "mrs", "signora": "mrs", "señora": "mrs",
    "miss": "miss", "mademoiselle": "miss", "mlle": "miss", "fräulein": "miss", "signorina": "miss", "ms": "miss",
    "dr": "dr", "doctor": "dr", "prof": "professor", "capt": "captain", "col": "colonel", "lt": "lieutenant",
    "sgt": "sergeant", "rev": "reverend", "st": "saint",
}
# How a title class is written before a name when no surface form of it was seen ("mrs" -> "Mrs.");
# any other class is written capitalised ("captain" -> "Captain").
TITLE_WRITTEN = {"mr": "Mr.", "mrs": "Mrs.", "miss": "Miss", "dr": "Dr.", "ms": "Ms."}

# Titles English puts before a given name as well as a family name ("Miss Elizabeth", "Sir William",
# "Aunt May"); Mr./Mrs./Dr./military ranks take the family name.
GIVEN_NAME_TITLES = frozenset(
    "miss lady sir lord aunt auntie uncle cousin sister brother mother father master prince princess king queen saint dame".split()
)
# Title classes of a married woman, who is addressed by them interchangeably with "Mrs." and the family
# name ("Madame Olenska" and "Countess Olenska", "Mrs. X" and "Lady X").
WIFE_TITLES = frozenset("mrs lady countess duchess baroness princess queen dame".split())
# Titles that name another person than "Mr."/"Mrs." with the same family name would: a daughter ("Miss
# Bennet" is not "Mrs. Bennet"), a kinsman ("Uncle X", "Father X"), a boy ("Master X"), a saint.
NOT_INTERCHANGEABLE_TITLES = frozenset("miss father mother brother sister uncle aunt auntie cousin master saint".split())
# Military and naval ranks: in English fiction until recently, held by men — a lean, not a rule.
MILITARY_RANKS = frozenset("captain colonel general major admiral lieutenant sergeant corporal commander".split())
# Titles of rank or office that, with the article alone, name the one who holds them ("the Admiral",
# "said the count").
RANK_TITLES = frozenset(
    """admiral captain colonel general major lieutenant sergeant doctor professor count countess duke duchess
    baron baroness marquis marquess marchioness judge governor squire vicar rector abbe inspector""".split()
)
# Ranks that are also everyday adjectives ("the general opinion", "the major part").
ADJECTIVE_RANKS = frozenset({"general", "major"})
# Titles of an unmarried woman ("Ms." says nothing of marriage).
MAIDEN_TITLES = frozenset({"miss", "mademoiselle", "mlle", "fräulein", "signorina"})


def title_key(word: str) -> str | None:
    """The normalised title for ``word`` ("Mrs." -> "mrs"), or None when it is no title."""
    w = word.lower().rstrip(".")
    return w if w in TITLES else None


def title_class(title: str) -> str:
    """The class of a normalised title ("mister" -> "mr"; a title with no class is its own class)."""
    return TITLE_CLASS.get(title, title)
