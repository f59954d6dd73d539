"""Nouns for people: with the gender English fixes, of speaking, of kinship and other bonds, and the
words that name a role rather than a person."""

from __future__ import annotations

from typing import NamedTuple

from .titles import RANK_TITLES

# Singular nouns for one person whose gender English fixes ("the old man", "the girl", "the brunette",
# "said her mother").
PERSON_NOUN_GENDER: dict[str, str] = {
    **dict.fromkeys(
        """man gentleman boy lad fellow youth husband father son brother uncle nephew king prince duke count lord
        sir master monk priest widower bachelor groom bridegroom grandfather papa dad daddy""".split(), "M"),
    **dict.fromkeys(
        """woman lady girl lass wife mother daughter sister aunt niece queen princess duchess countess widow maid
        maiden mistress bride grandmother brunette blonde redhead spinster governess actress madam mamma mama
        mum mummy""".split(), "F"),
}
# The gendered nouns that describe a person in narration ("the old man", "the brunette"), for coreference;
# not the titles of rank: "the count" names the one who holds the title (see titles.RANK_TITLES).
DESCRIPTION_NOUN_GENDER: dict[str, str] = {w: g for w, g in PERSON_NOUN_GENDER.items() if w not in RANK_TITLES}
# Nouns for people, gendered or not: "her friend" is someone other than "her".
PERSON_NOUNS = frozenset(PERSON_NOUN_GENDER) | frozenset(
    """friend companion partner cousin host hostess guest servant neighbour neighbor colleague visitor lover
    sweetheart fiance fiancee assistant parent child relation relative acquaintance informant interlocutor
    attendant footman butler coachman landlady landlord employer""".split()
)

# Kinship terms and endearments are written capitalised when used as a name ("Grandma said"), but they
# are roles: they count as characters only when the text treats them as one (speaks, acts, repeatedly).
ROLE_WORDS = frozenset(
    """mother father mom mum dad daddy mommy mummy mama mamma papa pa ma grandma grandpa grandmother
    grandfather granny gran grandad nana nan auntie aunt uncle sister brother son daughter baby honey sweetie
    sweetheart darling dear love lover sir madam madame ma'am miss mister lord lady god heaven christ jesus
    master mistress boss doc doctor captain professor king queen prince princess majesty highness
    nurse cousin husband wife mate ladyship lordship majesty highness grace honour honor excellency
    reverence worship""".split()
)
# Words of oaths and exclamations ("Thank God", "Good Lord", "Heaven knows").
DEITY_WORDS = frozenset("god lord heaven heavens christ jesus providence almighty gods".split())

# Nouns that name an utterance: "was Frank's reply", "Mary's declaration was".
SPEECH_NOUNS = frozenset(
    """reply answer rejoinder remark words exclamation cry question retort response comment observation
    reproach declaration language speech greeting farewell salutation protest explanation advice whisper
    sentence verdict comment assent rejoinder ejaculation interjection suggestion query inquiry enquiry
    announcement word """.split()
)
# Nouns whose owner is the one speaking, in narration next to a quote: "Faith's voice was gentle", "the
# tone of Mr. Hale", "Buffy's whispered words".
VOICE_NOUNS = SPEECH_NOUNS | frozenset("voice tone tones accent laugh laughter whisper murmur sob scream shout cry".split())
# Descriptions of a person too common to name the same one across a book ("the man", "the girl"); their
# modified forms ("the old man") may.
GENERIC_PERSON_NOUNS = frozenset("man woman girl boy lady gentleman person fellow child one creature people".split())
# Close kin, who usually share a person's family name (Elizabeth Bennet's mother is Mrs. Bennet).
KIN_NOUNS = frozenset(
    "mother wife sister daughter aunt niece grandmother mamma mama father husband brother son uncle nephew "
    "grandfather papa cousin".split()
)


class RoleNoun(NamedTuple):
    """What "X's <noun>" says of the person it names: the relation ``type`` and ``detail``, which end of a
    directed relation that person is (``a``: the parent in "X's mother"; ``b``: the child in "X's
    daughter"; None: symmetric), and the gender English gives the noun ("U": either)."""

    type: str
    detail: str
    role: str | None
    gender: str


def _nouns(type_: str, detail: str, role: str | None, spec: str) -> dict[str, RoleNoun]:
    """``spec``: the nouns, each followed by ``:F`` or ``:M`` when English gives it a gender."""
    out = {}
    for item in spec.split():
        word, _, gender = item.partition(":")
        out[word] = RoleNoun(type_, detail, role, gender or "U")
    return out


# Nouns for the people someone is bound to ("her husband", "Dawn's fiancé"), by the bond they name.
# ("partner" is left out on purpose: a dance, business or card partner as often as a lover.)
RELATIONSHIP_NOUNS: dict[str, RoleNoun] = {
    **_nouns("romantic", "spouses", None, "wife:F husband:M spouse bride:F widow:F"),
    **_nouns("romantic", "engaged", None, "fiancé:M fiancée:F fiance:M fiancee:F betrothed intended"),
    **_nouns("romantic", "lovers", None, "lover"),
    **_nouns("romantic", "lovers", None, "girlfriend:F boyfriend:M sweetheart"),
    **_nouns("romantic", "affair", None, "mistress:F paramour"),
    **_nouns("romantic", "courtship", None, "suitor:M admirer"),
    **_nouns("romantic", "ex-partners", None, "ex ex-wife:F ex-husband:M ex-girlfriend:F ex-boyfriend:M"),
    **_nouns("family", "parent-child", "a", "mother:F father:M mom:F mum:F mamma:F mama:F dad:M papa:M daddy:M parent"),
    **_nouns("family", "parent-child", "b", "daughter:F son:M child"),
    **_nouns("family", "siblings", None, "sister:F brother:M sibling"),
    **_nouns("family", "twins", None, "twin"),
    **_nouns("family", "half-siblings", None, "half-sister:F half-brother:M"),
    **_nouns("family", "step-parent", "a", "stepmother:F stepfather:M"),
    **_nouns("family", "step-parent", "b", "stepdaughter:F stepson:M"),
    **_nouns("family", "aunt/uncle-niece/nephew", "a", "aunt:F uncle:M"),
    **_nouns("family", "aunt/uncle-niece/nephew", "b", "niece:F nephew:M"),
    **_nouns("family", "cousins", None, "cousin"),
    **_nouns("family", "grandparent-grandchild", "a", "grandmother:F grandfather:M"),
    **_nouns("family", "grandparent-grandchild", "b", "granddaughter:F grandson:M"),
    **_nouns("family", "in-laws", "a", "mother-in-law:F father-in-law:M"),
    **_nouns("family", "in-laws", None, "sister-in-law:F brother-in-law:M"),
    **_nouns("family", "in-laws", "b", "son-in-law:M daughter-in-law:F"),
    **_nouns("friendship", "friends", None, "friend confidante:F confidant"),
    **_nouns("hostile", "enemies", None, "enemy foe nemesis"),
    **_nouns("hostile", "rivals", None, "rival"),
    **_nouns("hostile", "bully", None, "tormentor"),
    **_nouns("professional", "master-servant", "b", "servant maid:F butler:M footman:M valet:M housekeeper:F coachman:M housemaid:F maidservant:F manservant:M cook gardener steward"),
    **_nouns("professional", "master-servant", "a", "master:M"),
    **_nouns("professional", "employer-employee", "a", "employer boss"),
    **_nouns("professional", "employer-employee", "b", "employee secretary assistant clerk"),
    **_nouns("professional", "teacher-student", "a", "governess:F tutor teacher"),
    **_nouns("professional", "teacher-student", "b", "pupil student apprentice"),
    **_nouns("professional", "patron-client", "a", "patron:M patroness:F"),
    **_nouns("professional", "colleagues", None, "colleague"),
    # (Not "patient": "his patient wife" is an adjective before the noun.)
    **_nouns("professional", "doctor-patient", "a", "doctor physician"),
    **_nouns("professional", "patron-client", "a", "lawyer solicitor attorney benefactor:M benefactress:F"),
    **_nouns("professional", "patron-client", "b", "client"),
    # A guardian and a ward are bound by law and duty, not by blood (the ward is often no kin at all).
    **_nouns("professional", "guardian-ward", "a", "guardian"),
    **_nouns("professional", "guardian-ward", "b", "ward"),
}
# "his love, Samantha" / "his new love": 'love' names a partner only when a name or a modifier pins it.
LOVE_NOUN = "love"
# Plurals of the nouns above ("her sisters").
RELATIONSHIP_NOUN_PLURALS = {"children": "child", "daughters": "daughter", "sons": "son", "sisters": "sister",
                             "brothers": "brother", "parents": "parent", "cousins": "cousin", "friends": "friend",
                             "twins": "twin", "nieces": "niece", "nephews": "nephew", "servants": "servant",
                             "kids": "child", "enemies": "enemy", "pupils": "pupil"}
# Colloquial kin words for the nouns above ("her kids", "my sis").
RELATIONSHIP_NOUN_VARIANTS = {"kid": "child", "sis": "sister", "bro": "brother", "hubby": "husband", "missus": "wife",
                              "ma": "mother", "pa": "father", "mommy": "mother", "mamma": "mamma", "mother": "mother"}
# Roles one holds toward a person only once at a time (one father, one wife): general facts of kinship.
SINGULAR_ROLES = frozenset({"wife", "husband", "fiancé", "fiancée", "fiance", "fiancee", "mother", "father", "mom", "mum",
                            "mamma", "mama", "dad", "papa", "daddy", "stepmother", "stepfather", "mother-in-law",
                            "father-in-law"})
# Roles of an older married woman. Not "wife": a bride-to-be is "his wife" at the end of a story that
# never calls her "Mrs.".
MARRIED_WOMAN_ROLES = frozenset({"mother", "stepmother", "mother-in-law"})
# Words for the same one person ("her father", "papa"): the first of each.
SAME_ROLE = {"mom": "mother", "mum": "mother", "mamma": "mother", "mama": "mother", "dad": "father", "papa": "father",
             "daddy": "father", "fiance": "fiancé", "fiancee": "fiancée"}
# Address terms in dialogue (general English usage): what a child calls a parent, with the parent's gender.
PARENT_ADDRESS_TERMS = {"papa": "M", "daddy": "M", "dad": "M", "father": "M", "pa": "M", "mamma": "F", "mama": "F",
                        "mommy": "F", "mom": "F", "mum": "F", "mother": "F", "ma": "F", "mummy": "F"}
# Pet names lovers call each other.
ENDEARMENTS = frozenset({"baby", "honey", "love", "sweetheart", "darling", "pet", "babe", "hon", "sweetie", "luv", "lover",
                         "dearest"})
# Kin words said to a relative as a title or alone ("Aunt Juley", "Uncle!", "Cousin Tom", "Grandmamma"):
# what the listener is to the one who speaks (``a``: the elder).
KIN_ADDRESS_TERMS: dict[str, RoleNoun] = {
    **_nouns("family", "aunt/uncle-niece/nephew", "a", "aunt:F auntie:F aunty:F uncle:M"),
    **_nouns("family", "cousins", None, "cousin"),
    **_nouns("family", "grandparent-grandchild", "a",
             "grandmother:F grandmamma:F grandmama:F granny:F grandma:F grandfather:M grandpapa:M grandpa:M"),
}
# Said to a friend in English fiction of every age ("old fellow", "my dear chap", "mate").
FRIEND_ADDRESS_TERMS = frozenset({"old fellow", "old chap", "old man", "old boy", "dear fellow", "dear chap",
                                  "dear boy", "old friend", "my friend", "mate", "pal", "buddy", "old sport"})
# Insults hurled at the listener ("you fool", "you damned scoundrel"): said in anger, in fiction of every age.
INSULT_NOUNS = frozenset("""fool idiot scoundrel villain wretch brute beast liar coward cad rascal rogue traitor hypocrite
    devil monster swine pig bastard bitch blackguard impostor thief murderer snake viper""".split())
# Words of deference set off in a speech ("Yes, sir", "my lady"): said up to a master, a superior.
DEFERENCE_TERMS = ("sir", "madam", "ma'am", "ma’am", "my lord", "my lady", "your ladyship", "your lordship")
# Role nouns an elder says to anyone younger, as an endearment, not as kin ("my dear child").
ENDEARING_ROLE_NOUNS = frozenset({"child", "kid"})
