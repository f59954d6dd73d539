"""Verbs the stages look for: of speaking, of telling someone, of wishing, and of acts between two people."""

from __future__ import annotations

# Verbs of speaking (lemmas): their subject is a speaker, so a person, and a clause with one of them beside
# a quotation is its speech tag.
SPEECH_VERBS = frozenset(
    """acknowledge add admit agree announce answer apologise apologize argue ask assure bark beg begin bellow
    blurt breathe call chime chuckle coax command comment complain concede conclude confess continue correct
    counter croak cry declare demand drawl echo enquire exclaim explain gasp giggle groan growl grumble gush
    hiss inquire insist interpose interrupt joke laugh lisp moan mock mumble murmur muse mutter note observe
    offer order plead promise protest purr quaver query question quip reason reassure rejoin remark repeat
    reply reproach respond resume retort return roar say scoff scold scream shout shriek sigh snap sneer snort
    sob soothe speak squeal stammer state stutter suggest swear talk tease tell think urge utter wail warn
    whimper whisper wonder yell yelp""".split()
)
# Verbs that tag a quotation: the verbs of speaking, and verbs that introduce speech only beside one
# ("went on", "put in", "pointed out", "the note read", "he wrote", "she sang", "she informed him"). Only beside a quotation
# do these say someone speaks, so they are no evidence that their subject is a person ("the road went").
SPEECH_TAG_VERBS = SPEECH_VERBS | frozenset("go put point proceed pursue persist venture read write sing pray inform".split())
# Verbs whose object is the person spoken to ("told him", "asked Emma", "assured her").
TELL_VERBS = frozenset("tell ask answer assure warn remind beg urge promise reassure inform thank implore entreat".split())
# Verbs under which a clause is wished, feared or supposed, not told as fact ("We wish Charles had married Anne").
WISH_VERBS = frozenset("wish hope want fear dream imagine suppose fancy expect intend plan pretend".split())

# Acts one person does to another, by what they tell of the two.
LOVE_VERBS = frozenset({"kiss", "snog", "caress", "seduce"})
MARRY_VERBS = frozenset({"marry", "wed"})
BREAK_UP_VERBS = frozenset({"divorce", "dump", "jilt"})
VIOLENCE_VERBS = frozenset("slap punch strike stab kick hit threaten attack".split())
EMPLOY_VERBS = frozenset({"employ", "hire"})
# Verbs that say what their subject is ("she was his sister", "he became her guardian").
COPULA_VERBS = frozenset({"be", "become", "remain"})
# Acts of conflict one person does to another ("she accused him", "he betrayed them"): hostility, when
# the text tells it of two people again and again.
CONFLICT_VERBS = frozenset(
    """accuse insult betray defy scorn mock ridicule denounce curse blackmail rob murder kill shoot poison
    strangle wound persecute torment bully humiliate snub spurn""".split()
)
# Verbs of hearing: their object owns the voice heard ("heard Dawn's voice"), their subject listens.
HEAR_VERBS = frozenset({"hear", "overhear"})
