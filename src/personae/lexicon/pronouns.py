"""Pronouns, by person and gender."""

from __future__ import annotations

# Third person singular, with the gender each fixes.
PRONOUN_GENDER: dict[str, str] = {
    "he": "M", "him": "M", "his": "M", "himself": "M",
    "she": "F", "her": "F", "hers": "F", "herself": "F",
}
MALE_PRONOUNS = frozenset(w for w, g in PRONOUN_GENDER.items() if g == "M")
FEMALE_PRONOUNS = frozenset(w for w, g in PRONOUN_GENDER.items() if g == "F")
# Inside a quotation the first person is its speaker and the second its addressee; in narration the
# first person is the narrator.
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
REFLEXIVE_PRONOUNS = frozenset({"himself", "herself", "myself", "yourself", "themselves", "ourselves"})
# Personal pronouns of narrative: fiction (first or third person) tells of people and uses them densely.
PERSONAL_PRONOUNS = frozenset("i me my he him his she her you your they them their we us our myself himself herself".split())
