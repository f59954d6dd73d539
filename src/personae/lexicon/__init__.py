"""The words personae reads English fiction with: one place for every word list the stages use.

- ``words``: function words and small closed classes (articles, determiners, prepositions of place,
  negators, conditional words, interjections, elisions).
- ``pronouns``: pronouns by person and gender.
- ``verbs``: verbs of speaking and telling, of wishing, of acts between two people.
- ``nouns``: nouns for people (with gender), of speaking, of kinship and other bonds, role words.
- ``titles``: honorifics and ranks, the gender they imply, their classes (``title_key``, ``title_class``).
- ``names``: name particles and modifiers, family names (``family_names``), nicknames and diminutives
  (``is_diminutive``), the gender prior of a given name (``female_prior``), the last words of place names.
- ``numbers``: numbers written as words, as chapter headings write them.

Every list is general English, tied to no book. A stage that needs a subset of a list uses a subset
defined here, named for what it is (``tests/test_lexicon.py`` fails on a word list defined elsewhere).
"""

from .names import (
    FAMILY_NAME_PARTICLES,
    LEADING_PARTICLES,
    NAME_JOINERS,
    NAME_MODIFIERS,
    PLACE_HEADS,
    family_names,
    female_prior,
    is_diminutive,
)
from .nouns import (
    DEFERENCE_TERMS,
    DEITY_WORDS,
    DESCRIPTION_NOUN_GENDER,
    ENDEARING_ROLE_NOUNS,
    ENDEARMENTS,
    FRIEND_ADDRESS_TERMS,
    GENERIC_PERSON_NOUNS,
    INSULT_NOUNS,
    KIN_ADDRESS_TERMS,
    KIN_NOUNS,
    LOVE_NOUN,
    MARRIED_WOMAN_ROLES,
    PARENT_ADDRESS_TERMS,
    PERSON_NOUN_GENDER,
    PERSON_NOUNS,
    RELATIONSHIP_NOUN_PLURALS,
    RELATIONSHIP_NOUN_VARIANTS,
    RELATIONSHIP_NOUNS,
    ROLE_WORDS,
    SAME_ROLE,
    SINGULAR_ROLES,
    SPEECH_NOUNS,
    VOICE_NOUNS,
    RoleNoun,
)
from .numbers import ORDINAL_WORDS, TENS_WORDS, UNIT_WORDS
from .pronouns import (
    FEMALE_PRONOUNS,
    FIRST_PERSON,
    MALE_PRONOUNS,
    PERSONAL_PRONOUNS,
    PRONOUN_GENDER,
    REFLEXIVE_PRONOUNS,
    SECOND_PERSON,
)
from .titles import (
    ADJECTIVE_RANKS,
    GIVEN_NAME_TITLES,
    MAIDEN_TITLES,
    MILITARY_RANKS,
    NOT_INTERCHANGEABLE_TITLES,
    RANK_TITLES,
    TITLE_CLASS,
    TITLE_WRITTEN,
    TITLES,
    WIFE_TITLES,
    title_class,
    title_key,
)
from .verbs import (
    BREAK_UP_VERBS,
    COPULA_VERBS,
    CONFLICT_VERBS,
    EMPLOY_VERBS,
    HEAR_VERBS,
    LOVE_VERBS,
    MARRY_VERBS,
    SPEECH_TAG_VERBS,
    SPEECH_VERBS,
    TELL_VERBS,
    VIOLENCE_VERBS,
    WISH_VERBS,
)
from .words import (
    ARTICLES,
    CONDITIONAL_CONJUNCTIONS,
    DESCRIBING_DETERMINERS,
    DETERMINERS,
    ELISIONS,
    EXCLAMATION_OPENERS,
    FUNCTION_WORDS,
    INDEFINITE_ARTICLES,
    INTERJECTIONS,
    MODAL_VERBS,
    NEGATORS,
    PLACE_PREPOSITIONS,
    WEEKDAYS,
)
