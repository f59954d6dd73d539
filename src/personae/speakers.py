"""Who speaks each quotation, and to whom.

Two passes over the quotes, in text order:

1. **Speech tags.** The narration right after a quoted part (``“Yes,” she said``, ``said Faith``) or
   right before the first one (``Faith muttered: “…”``) is parsed for a clause whose subject is a
   character mention; the cast resolves names, pronouns and descriptions to characters.
2. **Ranking.** Every character near the quote is a candidate, described by features (is the tag
   subject; spoke the nearest tagged quote an even or odd number of turns away in this conversation —
   dialogue alternates; was addressed by a vocative in the previous quote; is addressed by one in this
   quote; acted in the narration of this paragraph; recency of mention; tagged or addressed elsewhere in
   the same run of dialogue at an even or odd number of turns; named in the run's quotes, so talked
   about rather than present; how much the narration names them, its focus, which an unanchored
   he/she most often means …). A conditional logit model
   scores the candidates; its weights are learned from PDNC (``benchmarks/train_speakers.py``) and
   shipped in ``resources/speaker_weights.json``.

Speech tags cover inverted tags with any verb ("Poor girl!" exploded Mr. Emerson), possessive nouns of
speaking ("was Frank's reply"), relational descriptions ("said her mother": not "her", and a relative
shares her surname), passives ("was uttered by Catherine"). A first-person narrator is the character
the others address by name in the quotes next to "I said". The ranker's choices are decoded per
conversation with a small beam, since turn-taking features depend on the previous speakers.

Addressees: vocatives inside the quote, the object of the tag (``told him``, ``said to Emma``), else
the other party of a two-person conversation.
"""

from __future__ import annotations

import bisect
import heapq
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import numpy as np

from .cast import Cast, addressed_by_name
from .language import Parsed, doc_length
from .model import Character, Mention, Quote, Structure

# Verbs that introduce speech in English fiction. Any verb can serve as a tag (she smiled), but these
# make the clause a speech tag even when it is not adjacent to a quote's edge.
SPEECH_VERBS = frozenset(
    """say tell ask answer reply cry exclaim shout yell call murmur mutter whisper add continue
    remark observe return rejoin respond retort snap growl hiss sigh laugh sob scream bellow roar begin
    resume repeat insist protest argue agree declare announce explain suggest urge plead beg demand
    inquire enquire question query interrupt interpose put chime echo stammer stutter gasp breathe
    mumble groan moan grumble complain warn promise assure admit confess concede acknowledge reason
    persist pursue venture exclaim cry drawl lisp chuckle giggle snort sneer scoff mock tease joke
    apologize apologise soothe coax counter correct note point offer reassure reproach scold shriek
    squeal wail whimper yelp bark blurt croak gush quaver sing state swear think wonder write read
    pray conclude proceed go speak utter""".split()
)
PRONOUNS = {"he": "M", "him": "M", "his": "M", "himself": "M", "she": "F", "her": "F", "hers": "F", "herself": "F"}
FIRST_PERSON = {"i", "me", "my", "myself"}
# Honorifics and words of address: never a name on their own.
_TITLES = frozenset(
    "Mr Mrs Miss Ms Mx Dr Sir Lady Lord Madam Madame Mme Mlle Monsieur Mademoiselle Count Countess Duke "
    "Duchess Captain Colonel General Major Lieutenant Sergeant Professor Rev Reverend Father Mother Sister "
    "Brother Aunt Uncle Cousin King Queen Prince Princess Saint St Old Young Little Big The Of And De Von Van "
    "La Le Du Des Del Da Di".split()
)
# How far back (characters) a character mentioned in the narration stays a candidate speaker.
WINDOW = 2500
# A narration gap longer than this (characters) between two quotes ends a conversation.
CONVERSATION_GAP = 600

FEATURES = (
    "tag_subject",  # the tag's subject is this character
    "tag_other",  # the quote has a tag naming someone else
    "tag_pronoun_coref",  # the tag's subject is he/she and the cast resolves it to this character
    "tag_pronoun_nearest",  # … and this is the nearest character of that gender named in narration before
    "tag_pronoun_subject",  # … and this is the nearest character of that gender named as a clause's subject
    "tag_pronoun_focal",  # … and this is the character of that gender the narration names most (its focus)
    "tag_pronoun_match",  # the tag's subject is he/she and this character has that gender
    "tag_pronoun_mismatch",
    "weak_tag_subject",  # subject of a clause right after the quote that is not plainly a tag
    "prev_tag_even",  # spoke the nearest earlier tagged quote, an even number of turns back
    "prev_tag_odd",
    "next_tag_even",
    "next_tag_odd",
    "prev1",  # spoke the previous quote in this conversation (filled in by ``with_history``)
    "prev2",  # spoke the quote two before, and the previous one was someone else
    "prev1_after_narration",  # prev1, with a narration paragraph in between (a speaker resumes)
    "prev1_bare",  # prev1, and this paragraph is bare dialogue
    "prev2_bare",  # prev2, and this paragraph is bare dialogue
    "vocative_here",  # named as addressee inside this quote
    "vocative_partner",  # this quote names someone; this is who last spoke besides them (filled in by ``with_history``)
    "vocative_prev",  # named as addressee in the previous quote
    "vocative_next",  # named as addressee in the next quote (the reply names who spoke)
    "told_prev",  # the previous quote's tag names this character as its addressee ("she told him")
    "named_in_quote",  # named (not vocative) inside this quote
    "actor_before",  # subject of a clause in this paragraph's narration before the quote
    "actor_after",  # subject of a clause in this paragraph's narration after the quote
    "mention_before",  # mentioned in this paragraph's narration before the quote
    "mention_after",  # mentioned in this paragraph's narration after the quote
    "mention_prev_para",  # mentioned in the previous paragraph's narration
    "log_distance",  # log of characters since the last mention
    "log_recent_count",  # log(1 + mentions in the window)
    "log_recent_names",  # log(1 + mentions by name in the window)
    "tag_possessor",  # the tag's subject is "her mother" and this is who "her" is
    "tag_relative",  # … the noun is a relative's, and this character shares the possessor's surname
    "tag_kin_present",  # "said her father": a relative noun, and this one shares a surname with another candidate
    "unlisted",  # a roster was given and the cast added this character beyond it
    "is_narrator",  # the first-person narrator (named by "I" everywhere, so recency misleads)
    "run_tag_even",  # spoke tagged quotes an even number of paragraph turns away in this run of dialogue
    "run_tag_odd",  # … an odd number (decayed with distance; a run = quotes in consecutive paragraphs)
    "run_voc_odd",  # named by vocative in a quote an odd number of turns away: the one addressed replies
    "run_voc_even",
    "log_named_in_run",  # named (not as addressee) in other quotes of this run: talked about, often absent
    "log_salience",  # log share of narration name mentions in the book, relative to the most named
    "in_conversation",  # spoke a tagged quote in this conversation
    "log_speaker_prior",  # log(1 + tagged quotes so far by this character)
    "bias",
)


@dataclass
class Weights:
    w: np.ndarray
    provenance: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    path = resources.files("personae") / "resources" / "speaker_weights.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Weights(np.array([_PRIOR.get(f, 0.0) for f in FEATURES]))
    return Weights(np.array([data["weights"].get(f, 0.0) for f in FEATURES]), data.get("provenance", {}))


# Hand-set weights used only when no learned file is shipped (and as a sanity baseline).
_PRIOR = {
    "tag_subject": 6.0, "tag_pronoun_coref": 3.0, "tag_pronoun_nearest": 1.0, "tag_other": -1.0, "weak_tag_subject": 2.0, "prev_tag_even": 2.0,
    "prev_tag_odd": -1.5, "next_tag_even": 1.5, "next_tag_odd": -1.0, "prev1": -1.0, "prev2": 1.0,
    "vocative_here": -3.0, "vocative_prev": 1.5, "vocative_next": 1.0, "named_in_quote": -0.5, "actor_before": 1.5,
    "mention_before": 0.5, "mention_after": 0.3, "mention_prev_para": 0.3, "log_distance": -0.3,
    "log_recent_count": 0.3, "in_conversation": 1.0, "log_speaker_prior": 0.3,
}


# --- mentions --------------------------------------------------------------------------------------


class MentionIndex:
    """The cast's mentions, searchable by offset. When the cast gives no mentions (a bare roster),
    names and aliases are found by string match and he/she resolved to the nearest preceding named
    character of that gender: enough for speech tags."""

    def __init__(self, text: str, cast: Cast, quotes: Sequence[Quote]):
        mentions = [m for m in cast.mentions if m.character]
        if not any(m.kind == "name" for m in mentions):
            mentions = _fallback_mentions(text, cast.characters, quotes)
        else:
            # Names and aliases the cast did not mark (it may miss "the Mouse" or a bare surname)
            # are found by string match; the cast's own mentions win where both exist.
            extra = [m for m in _fallback_mentions(text, cast.characters, quotes, pronouns=False)]
            mentions = _merge(mentions, extra)
        self.mentions = sorted((m for m in mentions if m.character), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.gender = {c.id: c.gender for c in cast.characters}

    def at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping [start, end), preferring the longest."""
        i = bisect.bisect_left(self.starts, start - 40)
        best = None
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end > start and (best is None or m.end - m.start > best.end - best.start):
                best = m
            i += 1
        return best

    def set_narrator(self, who: str, text: str, inside) -> bool:
        """Make ``who`` the first-person narrator: every narrator mention (I/me outside quotes) is
        theirs. Returns whether anything changed."""
        if any(m.kind == "narrator" for m in self.mentions):
            if all(m.character == who for m in self.mentions if m.kind == "narrator"):
                return False
            self.mentions = [replace(m, character=who) if m.kind == "narrator" else m for m in self.mentions]
        else:
            firsts = [
                Mention(m.start(), m.end(), who, "narrator", 0.7)
                for m in re.finditer(r"\b(I|me|my|myself)\b", text)
                if not inside(m.start())
            ]
            self.mentions = _merge(self.mentions, firsts)
            self.starts = [m.start for m in self.mentions]
        return True

    def between(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return self.mentions[i:j]


def _merge(primary: list[Mention], extra: list[Mention]) -> list[Mention]:
    primary = sorted(primary, key=lambda m: m.start)
    starts = [m.start for m in primary]
    out = list(primary)
    dropped = set()
    for m in extra:
        i = bisect.bisect_left(starts, m.start)
        clash = [k for k in (i - 1, i, i + 1) if 0 <= k < len(primary) and primary[k].start < m.end and m.start < primary[k].end]
        # A longer name covering a shorter one is the more specific reading (Mr. van der Luyden).
        if all(primary[k].kind == "name" and m.start <= primary[k].start and primary[k].end <= m.end and m.end - m.start > primary[k].end - primary[k].start for k in clash):
            dropped.update(clash)
            out.append(m)
    return sorted((m for k, m in enumerate(out) if k not in dropped), key=lambda m: m.start)


# Name particles English writes in lower case mid-name (Mr. van der Luyden, Charles de Gaulle).
_PARTICLES = frozenset("van der den de du des la le von ten ter da di del della of the".split())
# Titles of rank or office: "the Admiral" alone names the character who holds it.
_RANKS = frozenset(
    "Admiral Captain Colonel General Major Lieutenant Sergeant Doctor Professor Count Countess Duke Duchess "
    "Baron Baroness Marquis Marquess Marchioness Judge Governor Squire Vicar Rector Abbe Inspector".split()
)


# Ranks that are also everyday adjectives ("the general opinion", "the major part").
_ADJECTIVE_RANKS = frozenset({"General", "Major"})


def _name_variants(n: str) -> set[str]:
    out = {n}
    words = n.split()
    if len(words) > 2:
        low = [w.lower() if k and w.lower() in _PARTICLES else w for k, w in enumerate(words)]
        out.add(" ".join(low))
    # "The Mouse" is written "the mouse" / "the Mouse" mid-sentence.
    if n.startswith(("The ", "A ", "An ")):
        out.add(n[0].lower() + n[1:])
        out.add(n.lower())
    return out


def _fallback_mentions(text: str, characters: Sequence[Character], quotes: Sequence[Quote], pronouns: bool = True) -> list[Mention]:
    names: dict[str, set[str]] = {}
    parts: dict[str, set[str]] = {}
    surnames: set[str] = set()
    gender = {c.id: c.gender for c in characters}
    # A word the text mostly writes in lower case is a common word ("The Woman At Whose House She Was
    # Dining": woman, she), not a name a character is called by on its own.
    words_used = Counter(re.findall(r"[A-Za-z]+", text))

    def name_like(w: str) -> bool:
        return words_used[w] >= words_used[w.lower()]

    for c in characters:
        variants = set()
        for n in (c.name, *c.aliases):
            variants |= _name_variants(n.strip())
            # Fiction calls people by a part of their full name (Frances Clyne -> Frances, Clyne).
            words = n.split()
            # "Little Charles", "Young Thorley": the modifier is how the story tells this one from the
            # elder who bears the bare name, so the bare name is not theirs.
            if len(words) > 1 and words[0] not in ("Little", "Young", "Old", "Baby"):
                for k, w in enumerate(words):
                    if len(w) > 2 and w[0].isupper() and w.strip(".") not in _TITLES and name_like(w):
                        parts.setdefault(w, set()).add(c.id)
                        if k == len(words) - 1:
                            surnames.add(w)
                    if w in _RANKS:
                        parts.setdefault("the " + w, set()).add(c.id)
                        # "said the count": a rank after "the" is written in lower case mid-sentence.
                        if w not in _ADJECTIVE_RANKS:
                            parts.setdefault("the " + w.lower(), set()).add(c.id)
        for n in variants:
            if len(n) >= 2:
                names.setdefault(n, set()).add(c.id)
    for w, ids in parts.items():
        men = {i for i in ids if gender.get(i) == "M"}
        if w in surnames and men:
            # A bare surname in narration names a man ("Denham remarked"); the women of the family are
            # Mrs. Denham or go by their first names.
            ids = men
        if w not in names:
            names[w] = ids
    usable = sorted(names, key=len, reverse=True)
    out: list[Mention] = []
    if usable:
        pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in usable) + r")(?![\w])")
        found = [(m.start(), m.end(), names[m.group()]) for m in pattern.finditer(text)]
        # A name two characters share (Charles Musgrove / Charles Hayter: "Charles") means the one
        # the story named unambiguously just before; else the one it seldom names in full: when two
        # people share a name, authors keep the bare name for one and the full name for the other.
        total: dict[str, int] = {}
        for _, _, ids in found:
            if len(ids) == 1:
                k = next(iter(ids))
                total[k] = total.get(k, 0) + 1
        last: dict[str, int] = {}
        for a, b, ids in found:
            if len(ids) == 1:
                cid = next(iter(ids))
                last[cid] = a
            else:
                recent = [(last[i], i) for i in ids if i in last and a - last[i] < 400]
                if recent:
                    cid = max(recent)[1]
                else:
                    # (Someone the story never names unambiguously is not known to be in it.)
                    ranked = sorted((i for i in ids if total.get(i, 0)), key=lambda i: total[i])
                    if not ranked or (len(ranked) > 1 and 2 * total[ranked[0]] + 3 > total[ranked[1]]):
                        continue
                    cid = ranked[0]
            out.append(Mention(a, b, cid, "name"))
    if not pronouns:
        return out
    inside = _quote_mask(quotes)
    last: dict[str, tuple[int, str]] = {}
    names_iter = iter(out)
    pending = next(names_iter, None)
    pronouns = []
    for m in re.finditer(r"\b(he|him|his|himself|she|her|hers|herself)\b", text, re.I):
        while pending is not None and pending.start < m.start():
            if not inside(pending.start):
                g = gender.get(pending.character, "U")
                last[g] = (pending.start, pending.character)
            pending = next(names_iter, None)
        if inside(m.start()):
            continue
        g = PRONOUNS[m.group().lower()]
        hit = last.get(g)
        if hit and m.start() - hit[0] < WINDOW:
            pronouns.append(Mention(m.start(), m.end(), hit[1], "pronoun", 0.6))
    return sorted(out + pronouns + _narrator_mentions(text, out, inside), key=lambda m: m.start)


def _narrator_mentions(text: str, names: list[Mention], inside) -> list[Mention]:
    """In first-person narration, I/me outside quotes is the narrator; with a bare roster, the narrator
    is the character other people name in their speech far more than the narration names them
    (narrators rarely name themselves)."""
    firsts = [m for m in re.finditer(r"\b(I|me|my|myself)\b", text) if not inside(m.start())]
    words = max(1, len(text) // 6)
    if len(firsts) < words / 200:
        return []
    in_quotes: dict[str, int] = {}
    in_narr: dict[str, int] = {}
    for m in names:
        d = in_quotes if inside(m.start) else in_narr
        d[m.character] = d.get(m.character, 0) + 1
    scored = [(q / (1 + in_narr.get(c, 0)), c) for c, q in in_quotes.items() if q >= 5]
    if not scored:
        return []
    narrator = max(scored)[1]
    return [Mention(m.start(), m.end(), narrator, "narrator", 0.7) for m in firsts]


def _surnames(c: Character) -> set[str]:
    """The words of a character's names after the first (Elizabeth *Bennet*, Mrs. *Bennet*), titles aside."""
    out = set()
    for n in (c.name, *c.aliases):
        words = [w for w in n.split() if w[:1].isupper() and w.strip(".") not in _TITLES]
        out.update(words[1:] if len(words) > 1 or n.split()[0].strip(".") not in _TITLES else words)
    return out


def _quote_mask(quotes: Sequence[Quote]):
    spans = sorted((p.start, p.end) for q in quotes for p in q.parts)
    starts = [s for s, _ in spans]

    def inside(off: int) -> bool:
        i = bisect.bisect_right(starts, off) - 1
        return i >= 0 and spans[i][0] <= off < spans[i][1]

    return inside


# --- pass 1: speech tags ---------------------------------------------------------------------------


@dataclass
class Tag:
    speaker: str | None
    pronoun_gender: str | None  # "M"/"F" when the subject is he/she
    explicit: bool  # a name (not a pronoun or description)
    strong: bool  # a verb of speaking, or a clause the quote leads into with a comma
    span: tuple[int, int]
    addressee: str | None = None
    first_person: bool = False  # the subject is "I": the narrator speaks
    possessor: str | None = None  # "said her mother": who "her" is (not the speaker)
    relation: bool = False  # … and the noun names a relative (mother, husband, sister)
    inverted: bool = False  # verb first: "said Emma", "cried she"


def _tag_for(
    text: str, q: Quote, parsed: Parsed, idx: MentionIndex, para: tuple[int, int], inside, prev_para: tuple[int, int] | None = None
) -> Tag | None:
    """The speech tag of a quote: a clause adjacent to one of its parts whose subject is a character
    (or an unresolved person), looking after each part, then before the first. A tag with a verb of
    speaking (or after a part ending in a comma, which English uses only before a tag) is strong; the
    first strong tag wins, else the first weak one (“No.” Faith threw back)."""
    segments = []
    for n, p in enumerate(q.parts):
        nxt = q.parts[n + 1].start - 1 if n + 1 < len(q.parts) else para[1]
        if p.end < para[1] and nxt > p.end and para[0] <= p.end <= para[1]:
            segments.append((p.end + 1, min(nxt, para[1]), "after", text[p.end - 1 : p.end]))
    first = q.parts[0]
    if para[0] < first.start - 1:
        segments.append((para[0], first.start - 1, "before", ""))
    elif prev_para is not None and text[prev_para[0] : prev_para[1]].rstrip()[-1:] in (",", ":", "-", "—"):
        # A narration paragraph ending in a colon or comma introduces this one's speech.
        segments.append((prev_para[0], prev_para[1], "before", ""))
    # Which strong tag wins: one the quote's own sentence runs into (“…,” said X / “…!” cried X), then
    # a lead-in before the quote (X said, “…”), then a clause after a quote that ended its sentence.
    weak = None
    best, best_rank = None, 9
    for a, b, where, last_char in segments:
        tag = _clause_subject(a, b, where, last_char, parsed, idx, inside)
        if tag is None:
            continue
        if not tag.strong:
            weak = weak or tag
            continue
        rank = 0 if where == "after" and (last_char in ",—-" or tag.inverted) else 1 if where == "before" else 2
        if rank < best_rank:
            best, best_rank = tag, rank
        if rank == 0:
            break
    return best or weak


# Nouns that name an utterance: "was Frank's reply", "Mary's declaration was".
SPEECH_NOUNS = frozenset(
    """reply answer rejoinder remark words exclamation cry question retort response comment observation
    reproach declaration language speech greeting farewell salutation protest explanation advice whisper
    sentence verdict comment assent rejoinder ejaculation interjection suggestion query inquiry enquiry
    announcement word """.split()
)


def _speech_noun_owner(toks, idx: MentionIndex, dstart: int):
    """The owner of a noun of speaking: "was Mr. Emerson's reply" -> Mr. Emerson."""
    for t in toks:
        if t.dep_ == "poss" and t.head.lemma_.lower() in SPEECH_NOUNS and idx.at(dstart + t.idx, dstart + t.idx + len(t.text)):
            return t
    return None


# English nouns for people carry gender ("said her mother", "cried the old man").
NOUN_GENDER = {
    **dict.fromkeys(
        "mother wife sister daughter aunt niece lady woman girl mistress widow queen grandmother mamma mama "
        "mum mummy madam maid governess duchess countess princess bride spinster".split(), "F"
    ),
    **dict.fromkeys(
        "father husband brother son uncle nephew man gentleman master boy king grandfather papa dad daddy "
        "lord duke count prince bridegroom bachelor fellow lad".split(), "M"
    ),
}
# Nouns for people: "her friend" is someone other than "her".
PERSON_NOUNS = frozenset(NOUN_GENDER) | frozenset(
    """friend companion partner cousin host hostess guest servant neighbour neighbor colleague visitor lover
    sweetheart fiance fiancee assistant parent child relation relative acquaintance informant interlocutor
    attendant maid footman butler coachman landlady landlord employer master""".split()
)
# Relatives: a relative of someone often shares their surname (Elizabeth Bennet's mother, Mrs. Bennet).
RELATIVES = frozenset(
    "mother wife sister daughter aunt niece grandmother mamma mama father husband brother son uncle nephew "
    "grandfather papa cousin".split()
)

_TELL_VERBS = frozenset("tell ask answer assure warn remind beg urge promise reassure inform thank implore entreat".split())


def _clause_subject(a: int, b: int, where: str, last_char: str, parsed: Parsed, idx: MentionIndex, inside) -> Tag | None:
    found = parsed.doc_at(a) if a < b else None
    if found is None:
        return None
    dstart, doc = found
    span = doc.char_span(a - dstart, min(b, dstart + doc_length(doc)) - dstart, alignment_mode="expand")
    if span is None:
        return None
    toks = [t for t in span if not t.is_space and not inside(dstart + t.idx) and t.text not in "\"“”‘’'"]
    if not toks:
        return None
    subj = None
    strong = False
    if where == "after":
        # The tag clause starts right after the closing mark, before any sentence break.
        window = []
        for t in toks[:12]:
            if t.text in (".", "!", "?", ";") and window:
                break
            window.append(t)
        if window[0].lower_ == "from":
            # "a murmured ‘I love you’ from Spike": the speaker follows "from".
            who = next((t for t in window[1:4] if t.dep_ == "pobj"), None)
            m = idx.at(dstart + who.idx, dstart + who.idx + len(who.text)) if who is not None else None
            if m is not None:
                return Tag(m.character, PRONOUNS.get(who.lower_), m.kind == "name", True, (dstart + window[0].idx, m.end), inverted=True)
        ids = {t.i for t in window}
        words = [t for t in window if not t.is_punct]
        if not words:
            return None
        first_verb = words[0].pos_ in ("VERB", "AUX")
        speech_first = first_verb and words[0].lemma_.lower() in SPEECH_VERBS
        # Right after a quote ending in , ! ? or a dash, a past-tense verb followed by a name is an
        # inverted tag whatever the verb ("Poor girl!" exploded Mr. Emerson; broke in old Isaac Brown).
        inverted = speech_first or (first_verb and words[0].tag_ == "VBD" and last_char in ",!?—-")
        if inverted:
            # Inverted tag: "asked Isabella", "said he", "observed Mrs. Weston", "exclaimed the voice of
            # old Mr. Emerson" (the parser often takes the name for an object).
            for t in words[1 : 7 if speech_first else 5]:
                if t.lower_ in PRONOUNS or t.lower_ in FIRST_PERSON or idx.at(dstart + t.idx, dstart + t.idx + len(t.text)):
                    if t.dep_ == "poss" and t.head.i in ids and idx.at(dstart + t.head.idx, dstart + t.head.idx + len(t.head.text)):
                        t = t.head  # "said her mother": the possessed noun is the speaker
                    subj = t
                    break
                if not speech_first and t.pos_ in ("VERB", "AUX", "PRON"):
                    break
        if subj is None:
            # NAME + verb of speaking, whatever the parse ("May said", "Will asked": names that are
            # also words fool the tagger).
            for k, t in enumerate(words[:4]):
                m = idx.at(dstart + t.idx, dstart + t.idx + len(t.text))
                if m is None or m.kind != "name":
                    continue
                rest = [u for u in words[k + 1 : k + 5] if not (m.start <= dstart + u.idx < m.end)]
                if rest and rest[0].lemma_.lower() in SPEECH_VERBS and rest[0].tag_ in ("VBD", "VBZ", "VBP", "VB"):
                    subj = t
                break
        if subj is None:
            subj = _speech_noun_owner(window, idx, dstart)
        if subj is None:
            # Passive: "was uttered at the same moment by Catherine".
            by = next((t for t in window if t.dep_ == "agent" and t.head.lemma_.lower() in SPEECH_VERBS), None)
            who = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            if who is not None and idx.at(dstart + who.idx, dstart + who.idx + len(who.text)):
                subj = who
        if subj is None:
            # The subject of a clause near the quote's edge, preferring the subject of a verb of
            # speaking ("Archer heard Lawrence Lefferts say": Lefferts speaks).
            cands = [
                t
                for pos, t in enumerate(window)
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.i in ids and min(pos, window.index(t.head)) <= 3
            ]
            subj = next((t for t in cands if t.head.lemma_.lower() in SPEECH_VERBS), cands[0] if cands else None)
        if subj is None:
            return None
        strong = (
            subj.head.lemma_.lower() in SPEECH_VERBS
            or subj.head.lemma_.lower() in SPEECH_NOUNS
            or last_char in ",—-"
            or speech_first
            or (inverted and subj.pos_ == "PROPN")
            or subj.dep_ == "pobj"  # the passive's agent
        )
    else:
        # Before the quote: its last sentence, when it leads into the quote (ends with , : — or a verb
        # of speaking) and has a verb of speaking; the subject of that verb, or of the clause it hangs
        # from ("Lucy rose, exclaiming:").
        sent = toks
        for k in range(len(toks) - 2, -1, -1):
            if toks[k].text in (".", "!", "?", ";"):
                sent = toks[k + 1 :]
                break
        lead = sent[-1]
        if not (lead.text in (",", ":", "—", "-", "--") or lead.lemma_.lower() in SPEECH_VERBS):
            return None
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_VERBS]
        if not verbs:
            subj = _speech_noun_owner(sent, idx, dstart)
            if subj is None:
                return None
        else:
            verb = verbs[-1]
            ids = {t.i for t in sent}
            # The subject of the verb of speaking, or of a clause it hangs from ("Mary took the
            # opportunity of looking around her, and saying to Captain Wentworth--").
            v = verb
            for _ in range(5):
                subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in ids), None)
                if subj is not None or v.head is v or v.head.i not in ids:
                    break
                v = v.head
            if subj is None:
                return None
        strong = True
    possessor = None
    if subj.dep_ == "poss" and subj.head.lemma_.lower() in PERSON_NOUNS:
        # "said her mother", "said Lucy's father": the possessed person speaks, not the owner.
        pm = idx.at(dstart + subj.idx, dstart + subj.idx + len(subj.text))
        possessor = pm.character if pm else None
        subj = subj.head
    elif subj.pos_ == "NOUN":
        poss = next((c for c in subj.children if c.dep_ == "poss"), None)
        if poss is not None and subj.lemma_.lower() in PERSON_NOUNS:
            pm = idx.at(dstart + poss.idx, dstart + poss.idx + len(poss.text))
            possessor = pm.character if pm else None
        elif poss is not None and subj.lemma_.lower() not in SPEECH_NOUNS:
            subj = poss  # "her mind screaming", "his voice rang out": the owner speaks
    verb = subj.head
    if where == "after" and words and words[0].lemma_.lower() in SPEECH_VERBS and words[0].pos_ in ("VERB", "AUX"):
        verb = words[0]
    # The mention that covers the subject's head word (Mr. *Knightley*, the *brunette*).
    start = dstart + subj.idx
    m = idx.at(start, start + len(subj.text))
    if m is not None and m.character == possessor:
        m = None
    speaker = m.character if m else None
    if speaker is None and subj.pos_ not in ("PRON", "PROPN", "NOUN"):
        return None
    explicit = subj.pos_ == "PROPN" or (m is not None and m.kind == "name")
    noun = subj.lemma_.lower() if subj.pos_ == "NOUN" else ""
    gender = PRONOUNS.get(subj.lower_) or NOUN_GENDER.get(noun)
    addressee = None
    for ch in verb.children:
        obj = None
        if ch.dep_ in ("dobj", "dative") and verb.lemma_.lower() in _TELL_VERBS:
            obj = ch
        elif ch.dep_ == "prep" and ch.lower_ == "to":
            obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
        if obj is not None:
            om = idx.at(dstart + obj.idx, dstart + obj.idx + len(obj.text))
            if om is not None and om.character != speaker:
                addressee = om.character
    tag_start = dstart + min(subj.idx, verb.idx)
    tag_end = dstart + max(subj.idx + len(subj.text), verb.idx + len(verb.text))
    inverted = where == "after" and bool(words) and words[0].pos_ in ("VERB", "AUX") and words[0].i < subj.i
    return Tag(
        speaker, gender, explicit, strong, (tag_start, tag_end), addressee, subj.lower_ in FIRST_PERSON, possessor,
        noun in RELATIVES, inverted,
    )


def _prev(paras: list[tuple[int, int]], i: int, inside, ends: Sequence[int]) -> tuple[int, int] | None:
    """The narration that ends the previous paragraph (after its last quote), when it ends the
    paragraph: “…,” he said, and rose with a sigh and added: ⏎ “I think …”. ``ends``: the sorted
    ends of all quote parts."""
    if i == 0:
        return None
    s, e = paras[i - 1]
    if inside(e - 2):
        return None
    j = bisect.bisect_right(ends, e) - 1
    start = max(s, ends[j] + 1) if j >= 0 else s
    return (start, e) if e - start > 3 else None


def _narrator_by_address(
    tags: Sequence[Tag | None], vocs: Sequence[list[str]], conv: Sequence[int], idx: MentionIndex, inside
) -> str | None:
    """The character a first-person narrator is: the people who answer the narrator, or whom the
    narrator answers, call the narrator by name (“Good night, Jake,” … “Good night,” I said),
    while the names the narrator's own quotes call out are other people; and the narration itself
    hardly ever names the narrator (it says "I")."""
    in_quotes: dict[str, int] = {}
    in_narration: dict[str, int] = {}
    for m in idx.mentions:
        if m.kind == "name":
            d = in_quotes if inside(m.start) else in_narration
            d[m.character] = d.get(m.character, 0) + 1
    votes: dict[str, float] = {}
    spoken = 0
    for n, tag in enumerate(tags):
        if tag is None or not tag.first_person or not tag.strong:
            continue
        spoken += 1
        for v in vocs[n]:
            votes[v] = votes.get(v, 0.0) - 1.0
        for k in (n - 1, n + 1):
            if 0 <= k < len(vocs) and conv[k] == conv[n] and not (tags[k] is not None and tags[k].first_person):
                for v in vocs[k]:
                    votes[v] = votes.get(v, 0.0) + 1.0
    ranked = sorted(
        ((c, v) for c, v in votes.items() if in_narration.get(c, 0) <= 0.25 * in_quotes.get(c, 0)), key=lambda kv: -kv[1]
    )
    if spoken < 5 or not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] <= ranked[1][1]):
        return None
    clear = ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1])
    # A narrator the cast chose but the narration keeps naming is no narrator: any clear lead wins then.
    current = {m.character for m in idx.mentions if m.kind == "narrator"}
    doubtful = not current or any(in_narration.get(c, 0) > 0.25 * in_quotes.get(c, 0) for c in current)
    return ranked[0][0] if clear or doubtful else None


# --- vocatives -------------------------------------------------------------------------------------


def _vocatives(text: str, q: Quote, idx: MentionIndex) -> list[str]:
    """Characters named as addressees inside the quote: a name set off by commas or ending a
    sentence (“Buffy, I’m sorry”, “…, Spike!”, “Goodbye, Spike.”)."""
    out = []
    for p in q.parts:
        for m in idx.between(p.start, p.end):
            if m.kind not in ("name",) or m.end > p.end:
                continue
            if addressed_by_name(text, p.start, p.end, m.start, m.end):
                out.append(m.character)
    return out


# --- pass 2: ranking -------------------------------------------------------------------------------


@dataclass
class Candidates:
    ids: list[str]
    X: np.ndarray  # (len(ids), len(FEATURES))
    # A paragraph of pure narration separates this quote from the previous one.
    after_narration: bool = False
    # The quote's paragraph holds nothing but the quote (bare dialogue, where turns alternate most).
    bare: bool = False
    genders: tuple[str, ...] = ()
    vocatives: tuple[str, ...] = ()

    @property
    def id_array(self) -> np.ndarray:
        if "_ids" not in self.__dict__:
            self.__dict__["_ids"] = np.array(self.ids, dtype=object)
        return self.__dict__["_ids"]


def quote_features(
    text: str, structure: Structure, parsed: Parsed, quotes: Sequence[Quote], cast: Cast, listed: set[str] | None = None
):
    """For every quote: its Tag (or None), its vocatives, and its Candidates. Shared by ``attribute``
    and the training script, so the model is trained on exactly what it sees at run time. ``listed``:
    the ids of a roster the user gave (characters the cast added beyond it are less likely speakers)."""
    idx = MentionIndex(text, cast, quotes)
    inside = _quote_mask(quotes)
    story = structure.story_paragraphs()
    paras = [(p.start, p.end) for p in story]
    pstarts = [s for s, _ in paras]
    # Where each paragraph's scene begins: a scene or chapter break ends every conversation, and
    # people named before it are no longer present.
    scene_start, scene_of = [], []
    breaks = 0
    for i, p in enumerate(story):
        # A paragraph with no letters at all (~*~*~, * * *) is a scene break, whatever the structure says.
        if not any(ch.isalpha() for ch in text[p.start : p.end]):
            breaks += 1
        key = (p.chapter, p.scene, breaks)
        new = i == 0 or key != scene_of[-1]
        scene_start.append(p.start if new else scene_start[-1])
        scene_of.append(key)

    def para_of(off: int) -> int:
        return max(0, bisect.bisect_right(pstarts, off) - 1)

    qpara = [para_of(q.start) for q in quotes]
    gender = {c.id: c.gender for c in cast.characters}
    surnames = {c.id: _surnames(c) for c in cast.characters}
    # Conversation ids: a new conversation when narration between two quotes is long.
    conv = []
    c = 0
    for n, q in enumerate(quotes):
        if n and (
            _narration_between(quotes[n - 1].end, q.start, inside) > CONVERSATION_GAP
            or scene_of[qpara[n]] != scene_of[qpara[n - 1]]
        ):
            c += 1
        conv.append(c)
    # Runs of dialogue: quotes in consecutive paragraphs of one conversation. Within a run the turn
    # is the paragraph (a paragraph is one speaker's turn), and turns alternate between two people.
    run_of, turn = [], []
    for n in range(len(quotes)):
        if n and conv[n] == conv[n - 1] and qpara[n] - qpara[n - 1] <= 1:
            run_of.append(run_of[-1])
            turn.append(turn[-1] + qpara[n] - qpara[n - 1])
        else:
            run_of.append(n)
            turn.append(0)
    runs: dict[int, list[int]] = {}
    for n, r in enumerate(run_of):
        runs.setdefault(r, []).append(n)
    part_ends = sorted(p.end for q in quotes for p in q.parts)
    tags = [_tag_for(text, q, parsed, idx, paras[qpara[n]], inside, _prev(paras, qpara[n], inside, part_ends)) for n, q in enumerate(quotes)]
    vocs = [_vocatives(text, q, idx) for q in quotes]
    me = _narrator_by_address(tags, vocs, conv, idx, inside)
    if me is not None and idx.set_narrator(me, text, inside):
        tags = [_tag_for(text, q, parsed, idx, paras[qpara[n]], inside, _prev(paras, qpara[n], inside, part_ends)) for n, q in enumerate(quotes)]
        vocs = [_vocatives(text, q, idx) for q in quotes]
    tagged = [t.speaker if t is not None and t.strong else None for t in tags]
    # The narration's focus: narrated fiction names its viewpoint character far more than others,
    # and an unanchored he/she most often means that character.
    narr_names: dict[str, int] = {}
    for m in idx.mentions:
        if m.kind == "name" and not inside(m.start):
            narr_names[m.character] = narr_names.get(m.character, 0) + 1
    top_names = math.log1p(max(narr_names.values(), default=0))
    focal = {}
    for cid, k in sorted(narr_names.items(), key=lambda kv: -kv[1]):
        focal.setdefault(gender.get(cid), cid)
    named = [{m.character for p in q.parts for m in idx.between(p.start, p.end) if m.kind == "name"} - set(vocs[n]) for n, q in enumerate(quotes)]
    prior: dict[str, int] = {}
    narrators = {m.character for m in idx.mentions if m.kind == "narrator"}
    out = []
    for n, q in enumerate(quotes):
        ps, pe = paras[qpara[n]]
        # candidate pool: characters mentioned near the quote, and speakers tagged in the conversation
        near = idx.between(max(q.start - WINDOW, scene_start[qpara[n]]), min(q.end + 300, pe + 300))
        conv_speakers = {tagged[k] for k in range(max(0, n - 12), min(len(quotes), n + 12)) if conv[k] == conv[n] and tagged[k]}
        # The story's principal speakers so far are always candidates: a scene may open on an exchange
        # between people it has not named yet ("How did the lecture go?" Brenda asked. "Bad.").
        principals = heapq.nlargest(3, prior, key=prior.get) if prior else []
        pool = [m.character for m in near] + list(conv_speakers) + principals
        ids = list(dict.fromkeys(pool))
        if tags[n] is not None and tags[n].speaker and tags[n].speaker not in ids:
            ids.append(tags[n].speaker)
        if not ids:
            out.append((tags[n], vocs[n], Candidates([], np.zeros((0, len(FEATURES))))))
            continue
        prev_even = prev_odd = next_even = next_odd = None
        for k in range(n - 1, max(-1, n - 15), -1):
            if conv[k] != conv[n]:
                break
            if tagged[k]:
                if (n - k) % 2 == 0:
                    prev_even = tagged[k]
                else:
                    prev_odd = tagged[k]
                break
        for k in range(n + 1, min(len(quotes), n + 15)):
            if conv[k] != conv[n]:
                break
            if tagged[k]:
                if (k - n) % 2 == 0:
                    next_even = tagged[k]
                else:
                    next_odd = tagged[k]
                break
        voc_prev = set(vocs[n - 1]) if n >= 1 and conv[n - 1] == conv[n] else set()
        voc_next = set(vocs[n + 1]) if n + 1 < len(quotes) and conv[n + 1] == conv[n] else set()
        named_in = {m.character for p in q.parts for m in idx.between(p.start, p.end)}
        before_ms = [m for m in idx.between(ps, q.start) if not inside(m.start)]
        after_ms = [m for m in idx.between(q.end, pe) if not inside(m.start)]
        actors = _actors(parsed, before_ms)
        actors_after = _actors(parsed, after_ms)
        told_prev = tags[n - 1].addressee if n >= 1 and conv[n - 1] == conv[n] and tags[n - 1] is not None else None
        pp = paras[qpara[n] - 1] if qpara[n] > 0 else (0, 0)
        prev_para_ms = {m.character for m in idx.between(pp[0], pp[1]) if not inside(m.start)}
        window_ms = [m for m in near if m.start < q.start]
        last_at: dict[str, int] = {}
        counts: dict[str, int] = {}
        name_counts: dict[str, int] = {}
        for m in window_ms:
            last_at[m.character] = m.start
            counts[m.character] = counts.get(m.character, 0) + 1
            if m.kind == "name":
                name_counts[m.character] = name_counts.get(m.character, 0) + 1
        tag = tags[n]
        # Anchors elsewhere in the run, by parity of the turn distance, decayed with distance (each
        # narration-free turn flip is a chance for the alternation to break).
        run_even: dict[str, float] = {}
        run_odd: dict[str, float] = {}
        voc_even: dict[str, float] = {}
        voc_odd: dict[str, float] = {}
        named_run: dict[str, int] = {}
        for k in runs[run_of[n]]:
            if k != n and abs(k - n) <= 12:
                for c in named[k]:
                    named_run[c] = named_run.get(c, 0) + 1
            dt = abs(turn[k] - turn[n])
            if dt == 0 or dt > 24:
                continue
            wgt = math.exp(-dt / 8)
            if tagged[k]:
                d = run_even if dt % 2 == 0 else run_odd
                d[tagged[k]] = d.get(tagged[k], 0.0) + wgt
            for v in vocs[k]:
                d = voc_even if dt % 2 == 0 else voc_odd
                d[v] = d.get(v, 0.0) + wgt

        def nearest_named(tag: Tag, as_subject: bool) -> str | None:
            """The nearest character of the tag pronoun's gender named in narration before it (as a
            clause's subject, if ``as_subject``), other than the possessor of "said her mother"."""
            for m in reversed(idx.between(max(ps - WINDOW, scene_start[qpara[n]]), tag.span[0])):
                if m.kind == "name" and not inside(m.start) and gender.get(m.character) == tag.pronoun_gender and m.character != tag.possessor:
                    if not as_subject:
                        return m.character
                    tok = parsed.token_at(m.start)
                    if tok is not None and len(tok) and (tok[-1].dep_ in ("nsubj", "nsubjpass") or tok[-1].head.dep_ in ("nsubj", "nsubjpass")):
                        return m.character
            return None

        pron = tag is not None and tag.strong and tag.pronoun_gender and not tag.explicit
        nearest = nearest_named(tag, as_subject=False) if tag is not None and tag.strong and tag.pronoun_gender else None
        subj_of = nearest_named(tag, as_subject=True) if pron else None
        X = np.zeros((len(ids), len(FEATURES)))
        for r, cid in enumerate(ids):
            f = dict.fromkeys(FEATURES, 0.0)
            if tag is not None and tag.speaker:
                if tag.speaker == cid:
                    if not tag.strong:
                        f["weak_tag_subject"] = 1.0
                    else:
                        f["tag_pronoun_coref" if tag.pronoun_gender else "tag_subject"] = 1.0
                elif tag.strong and not tag.pronoun_gender:
                    f["tag_other"] = 1.0
            if nearest is not None and cid == nearest:
                f["tag_pronoun_nearest"] = 1.0
            if pron:
                f["tag_pronoun_subject"] = float(cid == subj_of)
                f["tag_pronoun_focal"] = float(focal.get(tag.pronoun_gender) == cid)
            if tag is not None and tag.strong and tag.pronoun_gender and gender.get(cid) in ("M", "F"):
                # A first-person narrator is "I" to the narration, never the "he" or "she" of a tag.
                match = gender[cid] == tag.pronoun_gender and cid not in narrators
                f["tag_pronoun_match" if match else "tag_pronoun_mismatch"] = 1.0
            if tag is not None and tag.strong and tag.possessor:
                f["tag_possessor"] = float(cid == tag.possessor)
                f["tag_relative"] = float(
                    tag.relation
                    and cid != tag.possessor
                    and gender.get(cid) == tag.pronoun_gender
                    and bool(surnames.get(cid, set()) & surnames.get(tag.possessor, set()))
                )
            if tag is not None and tag.strong and tag.relation and gender.get(cid) == tag.pronoun_gender:
                mine = surnames.get(cid, set())
                f["tag_kin_present"] = float(any(o != cid and mine & surnames.get(o, set()) for o in ids))
            f["prev_tag_even"] = float(prev_even == cid)
            f["prev_tag_odd"] = float(prev_odd == cid)
            f["next_tag_even"] = float(next_even == cid)
            f["next_tag_odd"] = float(next_odd == cid)
            f["vocative_here"] = float(cid in vocs[n])
            f["vocative_prev"] = float(cid in voc_prev)
            f["vocative_next"] = float(cid in voc_next)
            f["named_in_quote"] = float(cid in named_in and cid not in vocs[n])
            f["actor_before"] = float(cid in actors)
            f["actor_after"] = float(cid in actors_after)
            f["told_prev"] = float(told_prev == cid)
            f["mention_before"] = float(any(m.character == cid for m in before_ms))
            f["mention_after"] = float(any(m.character == cid for m in after_ms))
            f["mention_prev_para"] = float(cid in prev_para_ms)
            f["log_distance"] = math.log1p(q.start - last_at[cid]) if cid in last_at else math.log1p(WINDOW)
            f["log_recent_count"] = math.log1p(counts.get(cid, 0))
            f["run_tag_even"] = run_even.get(cid, 0.0)
            f["run_tag_odd"] = run_odd.get(cid, 0.0)
            f["run_voc_odd"] = voc_odd.get(cid, 0.0)
            f["run_voc_even"] = voc_even.get(cid, 0.0)
            f["log_named_in_run"] = math.log1p(named_run.get(cid, 0))
            f["log_salience"] = math.log1p(narr_names.get(cid, 0)) - top_names
            f["in_conversation"] = float(cid in conv_speakers)
            f["log_recent_names"] = math.log1p(name_counts.get(cid, 0))
            f["is_narrator"] = float(cid in narrators)
            f["unlisted"] = float(listed is not None and cid not in listed)
            f["log_speaker_prior"] = math.log1p(prior.get(cid, 0))
            f["bias"] = 1.0
            X[r] = [f[k] for k in FEATURES]
        gap = n > 0 and qpara[n] - qpara[n - 1] > 1
        narration = text[ps:pe]
        for p in reversed(q.parts):
            if ps <= p.start and p.end <= pe:
                narration = narration[: p.start - ps] + narration[p.end - ps :]
        bare = not any(ch.isalpha() for ch in narration)
        out.append((tag, vocs[n], Candidates(ids, X, gap, bare, tuple(gender.get(c, "U") for c in ids), tuple(vocs[n]))))
        if tagged[n]:
            prior[tagged[n]] = prior.get(tagged[n], 0) + 1
    return out, conv


_P1, _P2, _P1N, _P1B, _P2B, _VP = (
    FEATURES.index(f) for f in ("prev1", "prev2", "prev1_after_narration", "prev1_bare", "prev2_bare", "vocative_partner")
)


def with_history(cands: Candidates, n: int, conv: Sequence[int], history: Sequence[str | None]) -> np.ndarray:
    """The candidates' features with the turn-taking columns set from who spoke the previous quotes
    (predicted at run time, gold in training): dialogue alternates, so the speaker two turns back
    speaks again."""
    X, ids = cands.X.copy(), cands.id_array
    p1 = history[n - 1] if n >= 1 and conv[n - 1] == conv[n] else None
    p2 = history[n - 2] if n >= 2 and conv[n - 2] == conv[n] else None
    is1 = ids == p1 if p1 is not None else False
    is2 = (ids == p2) & (p1 != p2) if p2 is not None else False
    X[:, _P1] = is1
    X[:, _P2] = is2
    X[:, _P1N] = X[:, _P1] * cands.after_narration
    X[:, _P1B] = X[:, _P1] * cands.bare
    X[:, _P2B] = X[:, _P2] * cands.bare
    if cands.vocatives:
        # “Buffy, I'm sorry”: said to Buffy by whoever she was talking with.
        partner = next((h for h in (p1, p2) if h is not None and h not in cands.vocatives), None)
        X[:, _VP] = ids == partner if partner is not None else False
    return X


def _narration_between(a: int, b: int, inside) -> int:
    return max(0, b - a)


def _actors(parsed: Parsed, mentions: Sequence[Mention]) -> set[str]:
    """Characters whose mention is the subject of a clause."""
    out = set()
    for m in mentions:
        tok = parsed.token_at(m.start)
        if tok is not None and len(tok) and tok[0].dep_ in ("nsubj", "nsubjpass"):
            out.add(m.character)
        elif tok is not None and len(tok) and tok[0].head.dep_ in ("nsubj",) and tok[0].dep_ == "compound":
            out.add(m.character)
    return out


def attribute(
    text: str,
    structure: Structure,
    parsed: Parsed,
    quotes: Sequence[Quote],
    cast: Cast,
    weights: Weights | None = None,
    roster: Sequence[Character] | None = None,
) -> tuple[Quote, ...]:
    """The quotes with ``speaker``, ``addressees``, ``type`` and ``confidence`` filled in. ``roster``:
    the characters the user gave, if any."""
    if not quotes:
        return ()
    listed = {c.id for c in roster} if roster else None
    feats, conv = quote_features(text, structure, parsed, quotes, cast, listed)
    return decide(quotes, feats, conv, weights)


# Beam width of the decoder (1 = greedy). On PDNC, leave-one-novel-out, 4 beats greedy by half a point.
BEAM = 4


def _beam_decode(feats, conv: Sequence[int], w: np.ndarray) -> tuple[list[str | None], list[float]]:
    """The most probable speaker sequence of each conversation under the ranker, by beam search:
    turn-taking features depend on who spoke the two previous quotes, so one early mistake would
    otherwise propagate through a whole exchange."""
    n_q = len(feats)
    chosen: list[str | None] = [None] * n_q
    probs = [0.0] * n_q
    # A hypothesis: (log-probability, speakers so far in this conversation, their probabilities).
    beams: list[tuple[float, list, list]] = [(0.0, [], [])]
    start = 0

    def flush(end: int) -> None:
        best = max(beams, key=lambda b: b[0])
        chosen[start:end] = best[1]
        probs[start:end] = best[2]

    for n in range(n_q):
        if n and conv[n] != conv[n - 1]:
            flush(n)
            beams, start = [(0.0, [], [])], n
        cands = feats[n][2]
        grown = []
        for lp, hist, ps in beams:
            if not cands.ids:
                grown.append((lp, hist + [None], ps + [0.0]))
                continue
            history = _History(chosen, start, hist)
            s = with_history(cands, n, conv, history) @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            for k in np.argsort(-p)[:BEAM]:
                grown.append((lp + math.log(max(p[k], 1e-12)), hist + [cands.ids[k]], ps + [float(p[k])]))
        grown.sort(key=lambda b: -b[0])
        beams = grown[:BEAM]
    flush(n_q)
    return chosen, probs


class _History:
    """Speakers of earlier quotes as ``with_history`` reads them: decided ones before ``start``, the
    hypothesis's own after it."""

    def __init__(self, decided: list, start: int, hyp: list):
        self.decided, self.start, self.hyp = decided, start, hyp

    def __getitem__(self, i: int):
        return self.hyp[i - self.start] if i >= self.start else self.decided[i]


def decide(quotes: Sequence[Quote], feats, conv: Sequence[int], weights: Weights | None = None) -> tuple[Quote, ...]:
    """Speakers, types, confidences and addressees from ``quote_features`` output."""
    w = (weights or default_weights()).w
    chosen, probs = _beam_decode(feats, conv, w)
    out: list[Quote] = []
    speakers: list[str | None] = []
    for n, (q, (tag, vocs, cands)) in enumerate(zip(quotes, feats)):
        speaker, conf = chosen[n], probs[n]
        same_gender = speaker is not None and tag is not None and cands.genders[cands.ids.index(speaker)] == tag.pronoun_gender
        if tag is not None and tag.strong and (tag.speaker == speaker or same_gender):
            qtype = "explicit" if tag.explicit else "anaphoric"
        else:
            qtype = "implicit"
        speakers.append(speaker)
        out.append(replace(q, speaker=speaker, type=qtype, confidence=round(conf, 4), tag=_span(tag)))
    # Addressees: vocatives, the tag's object, else the other party of a two-person exchange.
    final = []
    for n, q in enumerate(out):
        tag, vocs, _ = feats[n]
        addr = [v for v in vocs if v != q.speaker]
        if tag is not None and tag.addressee and tag.addressee != q.speaker and tag.addressee not in addr:
            addr.append(tag.addressee)
        if not addr:
            for k in (n - 1, n + 1):
                if 0 <= k < len(out) and conv[k] == conv[n] and speakers[k] and speakers[k] != q.speaker:
                    addr.append(speakers[k])
                    break
        final.append(replace(q, addressees=tuple(a for a in addr if a)))
    return tuple(final)


def _span(tag: Tag | None):
    from .document import Span

    return Span(*tag.span) if tag is not None else None
