"""The records relation cues are made of: ``Cue`` (one piece of evidence for one pair), and the typed
keys some cues carry (``Slot``: the one role a possessor has one of; ``Guess``: a target guessed from
proximity)."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Span

ROMANTIC, FAMILY, FRIENDSHIP, HOSTILE, PROFESSIONAL = "romantic", "family", "friendship", "hostile", "professional"
TYPES = (ROMANTIC, FAMILY, FRIENDSHIP, HOSTILE, PROFESSIONAL)

# Cue families: which kind of evidence a cue is (one module of ``cues/`` each, some with two families).
ROLE_BOUND = "role_bound"  # a role noun bound to both ends by a name, grammar or apposition ("her sister Dawn")
ROLE_GUESS = "role_guess"  # a role noun whose target is the nearest fitting character ("her sister" ... Dawn)
TWINS = "twins"  # "the twins, Ben and Amy"
FAMILY_INTRO = "family_intro"  # "the mother of three children ... Kate was the eldest"
STATEMENT = "statement"  # "engaged to Henry", "Lucy and Henry were married"
ACTION = "action"  # "Henry kissed Lucy", "she slapped him"
PARENT_ADDRESS = "parent_address"  # "Papa!" said to a listener
PET_NAME = "pet_name"  # "honey", "baby" said to a listener
BODY = "body"  # "lips met", "made love" with two characters in the sentence
COUPLE = "couple"  # "the couple were married"
SURNAME_SPOUSE = "surname_spouse"  # "Mr. X" and "Mrs. X"
SURNAME_SIBLING = "surname_sibling"  # "Mr. X" and "Mr. John X"
SURNAME_FAMILY = "surname_family"  # one family name, no detail
TALK_FRIEND = "talk_friend"  # named friends who talk again and again
KIN_ADDRESS = "kin_address"  # "Aunt Juley", "Uncle!", "Cousin Tom" said to the listener
FRIEND_ADDRESS = "friend_address"  # "old fellow", "my dear chap" said to the listener
CONFLICT = "conflict"  # "she accused him", "quarrelled with him", "jealous of her"
SERVICE = "service"  # "worked for him", "in the service of", "housekeeper to the Oakleys"
DEFERENCE = "deference"  # "Yes, sir" said to the listener, again and again, and never back
INSULT = "insult"  # "you fool!", "you damned scoundrel" said to the listener
DEAR_ADDRESS = "dear_address"  # "my dear Emma" said to Emma
STATE_WORD = "state_word"  # "it was over" beside a known couple: a state, never support
FAMILIES = (ROLE_BOUND, ROLE_GUESS, TWINS, FAMILY_INTRO, STATEMENT, ACTION, PARENT_ADDRESS, PET_NAME, BODY, COUPLE,
            SURNAME_SPOUSE, SURNAME_SIBLING, SURNAME_FAMILY, TALK_FRIEND, KIN_ADDRESS, FRIEND_ADDRESS, CONFLICT, SERVICE,
            DEFERENCE, INSULT, DEAR_ADDRESS, STATE_WORD)

# Confidences are rounded to this many digits when a cue is made (stable output, readable evidence).
CONFIDENCE_DIGITS = 3


@dataclass(frozen=True, slots=True)
class Slot:
    """A role one has only one of ("her husband", "Papa"): its possessor and the role, so that competing
    targets for it can be settled by vote (``pool.settle_slots``)."""

    possessor: str
    role: str


@dataclass(frozen=True, slots=True)
class Guess:
    """A target guessed from proximity alone ("his sister" -> the nearest woman): the possessor, the role
    word, the gender wanted and whether it is kin, so that the guesses can be weighed against chance
    (``pool.above_chance``)."""

    possessor: str
    role: str
    gender: str
    kin: bool


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence: ``a``/``b`` in the relation's own order (a = parent/employer when directed)."""

    a: str
    b: str
    type: str
    detail: str
    directed: bool
    state: str
    span: Span
    confidence: float
    family: str
    # The role this cue fills, and whom it names for it (role nouns, parent address, surnames).
    slot: Slot | None = None
    target: str = ""
    guess: Guess | None = None

    @property
    def pos(self) -> int:
        return self.span.start

    @property
    def state_only(self) -> bool:
        """A state word: it places a known couple in time and adds no support."""
        return self.family == STATE_WORD


def make_cue(a: str, b: str, type_: str, detail: str, span: Span, confidence: float, family: str, *,
             directed: bool = False, state: str = "", slot: Slot | None = None, target: str = "",
             guess: Guess | None = None) -> Cue | None:
    """A cue between two different characters (None for one character with itself); an undirected
    pair is put in id order."""
    if a == b:
        return None
    if not directed and b < a:
        a, b = b, a
    return Cue(a, b, type_, detail, directed, state, span, round(confidence, CONFIDENCE_DIGITS), family, slot, target,
               guess)
