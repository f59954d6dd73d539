"""The cast: character mentions, alias clusters, gender, importance.

One linear pass over the parsed story paragraphs collects every capitalised name-like run with the
evidence around it (NER label, part of speech, speech-verb subject, vocative, title, article before it,
place preposition before it, the same word written in lower case elsewhere). Runs with enough
person evidence become names; names are clustered into characters (full name / given name / surname /
title + surname / nicknames); then ``coref`` resolves pronouns (and the first-person narrator) to them.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .language import Parsed
from .model import Character, Mention, Quote, Structure
from .names import DEITY_WORDS, INTERJECTIONS, PERSON_NOUNS, PLACE_HEADS, ROLE_WORDS, TITLES, female_prior, is_diminutive, title_class, title_key


@dataclass(frozen=True)
class Cast:
    characters: tuple[Character, ...]
    # Every resolved reference (names, pronouns, descriptions), in text order.
    mentions: tuple[Mention, ...]


# Verbs that introduce speech: their subject is a speaker, and speakers are people.
SPEECH_VERBS = frozenset(
    """say tell ask reply answer cry exclaim shout yell scream whisper murmur mutter mumble call add continue
    begin repeat remark observe respond retort snap growl hiss sigh laugh giggle chuckle sob groan moan
    grumble protest argue insist explain declare announce admit agree demand inquire enquire query beg plead
    suggest interrupt interpose return rejoin resume observe state speak talk breathe gasp stammer stutter
    drawl purr croak bark roar bellow whimper quip tease promise warn order command urge wonder think
    muse note comment confess concede offer""".split()
)
# Words before a name that mark it as a common noun or a role ("the Slayer", "a Watcher").
_DETERMINERS = frozenset("the a an this that these those every each another some any no our their your".split())
# Prepositions of place: "in Sunnydale", "at Pemberley" — people are rarely the object of these.
_PLACE_PREPS = frozenset("in at near into inside outside across through toward towards around within".split())
# Exclamations built on a capitalised word ("Oh God", "my Lord", "Thank Heaven") are not references.
_EXCLAIM_BEFORE = frozenset("oh o ah my good thank dear by".split())
_OPENERS = frozenset({"“", '"', "‘", "'", "—", "–", "-", "(", "[", ":", ";", "…", "...", "--"})
_CLOSERS = frozenset({",", ".", "!", "?", "…", "...", "”", '"', "’", "'", ";", ":", "—", "–", "--", ")"})
# Parts of speech a name never has: "Someone", "Will you", "Goodbye".
_NOT_NAME_POS = frozenset("PRON DET AUX VERB ADP CCONJ SCONJ PART INTJ NUM".split())
_PARTICLES = frozenset("de du da di van von der la le del st".split())
_FAMILY_PARTICLES = _PARTICLES - {"st"}  # "de Bourgh", "van Tassel" (not "St John", a given name)
_NON_PERSON_ENTS = frozenset("GPE LOC FAC NORP EVENT WORK_OF_ART LAW LANGUAGE PRODUCT MONEY QUANTITY".split())
# A heading line ("Chapter 1:  Lover After Me"): short, with (nearly) every word capitalised.
_HEADING_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass
class _Stats:
    n: int = 0
    mid_cap: int = 0  # capitalised away from a sentence start: the English mark of a proper name
    person: int = 0  # spaCy NER PERSON
    org: int = 0
    other_ent: int = 0
    date: int = 0  # "May", "June", "April": the parser calls these names dates too
    speech: int = 0  # subject of a speech verb
    subj: int = 0  # subject of any verb
    vocative: int = 0
    titled: int = 0
    det: int = 0
    plural: int = 0  # tagged as a plural proper noun (NNPS)
    place: int = 0
    exclaim: int = 0
    titles: Counter = field(default_factory=Counter)


@dataclass
class _Occ:
    start: int
    end: int  # covers the title too
    title: str | None  # normalised title class
    words: tuple[str, ...]
    sent: int
    para: int
    subj: bool
    quoted: bool
    sub: list | None = None  # single-word occurrences inside a multi-word run, used if the run is rejected


@dataclass
class Token:
    """A pronoun-like token coref needs: offset, lower form, sentence index, paragraph, dependency."""

    start: int
    end: int
    lower: str
    sent: int
    para: int
    dep: str
    quoted: bool


@dataclass
class Desc:
    """A description of a person in narration: "the old man", "the girl", "this woman"."""

    start: int
    end: int
    gender: str
    definite: bool
    sent: int
    para: int
    dep: str


@dataclass
class Scan:
    descs: list[Desc]
    occs: list[_Occ]
    stats: dict[tuple[str, ...], _Stats]
    lower: Counter
    pronouns: list[Token]
    words_outside: int
    sent_para: list[int]
    n_words: int
    # Every token: start offset, part of speech, subject or not, sentence index (roster look-ups).
    tok_starts: list[int] = field(default_factory=list)
    tok_pos: list[str] = field(default_factory=list)
    tok_subj: list[bool] = field(default_factory=list)
    tok_sent: list[int] = field(default_factory=list)


class _QuoteMask:
    """Which offsets lie inside a quotation. From the ``quotes`` stage when it gave any; otherwise a
    paragraph-local scan of double quotation marks (enough to tell narration from speech)."""

    def __init__(self, text: str, paragraphs, quotes: Sequence[Quote]):
        spans: list[tuple[int, int]] = []
        for q in quotes:
            spans.extend((p.start, p.end) for p in (q.parts or ()))
            if not q.parts:
                spans.append((q.start, q.end))
        if not quotes:
            for p in paragraphs:
                spans.extend(_scan_double_quotes(text, p.start, p.end))
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


_DQ = re.compile(r"[“”\"]")


def _scan_double_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    opened = None
    for m in _DQ.finditer(text, start, end):
        ch = m.group()
        if opened is None:
            if ch != "”":
                opened = m.end()
        elif ch != "“":
            out.append((opened, m.start()))
            opened = None
        else:  # a new opening mark before a close: the previous quote ran on
            out.append((opened, m.start()))
            opened = m.end()
    if opened is not None:  # a speech running on past the paragraph end
        out.append((opened, end))
    return out


def _is_cap(t: str) -> bool:
    # Capitalised, not all capitals: "MONTANA", "CHAPTER" are headings and shouting, not name evidence.
    # A word run into a dash ("Olenska--") is a tokenisation slip, not a new name.
    return t[:1].isupper() and not t.endswith("-") and t.replace("'", "").replace("’", "").replace("-", "").isalpha() and not (t.isupper() and len(t) > 1) and t != "I"


def _is_heading(doc_text: str) -> bool:
    words = _HEADING_WORD.findall(doc_text)
    if not words or len(words) > 12 or doc_text.rstrip()[-1:] in ".!?”\"":
        return False
    caps = sum(1 for w in words if w[0].isupper() or len(w) <= 3)
    return caps >= 0.8 * len(words)


def _scan(text: str, parsed: Parsed, mask: _QuoteMask) -> Scan:
    from .names import FEMALE_PRONOUNS, FIRST_PERSON, MALE_PRONOUNS

    pron_words = MALE_PRONOUNS | FEMALE_PRONOUNS | FIRST_PERSON
    occs: list[_Occ] = []
    stats: dict[tuple[str, ...], _Stats] = defaultdict(_Stats)
    lower: Counter = Counter()
    pronouns: list[Token] = []
    descs: list[Desc] = []
    tok_starts: list[int] = []
    tok_pos: list[str] = []
    tok_subj: list[bool] = []
    tok_sent: list[int] = []
    sent_para: list[int] = []
    words_outside = 0
    n_words = 0
    sidx = -1
    for pidx, (base, doc) in enumerate(parsed):
        if _is_heading(doc.text):
            continue
        for sent in doc.sents:
            sidx += 1
            sent_para.append(pidx)
            toks = list(sent)
            n = len(toks)
            for x in toks:
                tok_starts.append(base + x.idx)
                tok_pos.append(x.pos_)
                tok_subj.append(x.dep_ in ("nsubj", "nsubjpass"))
            tok_sent.extend([sidx] * n)
            i = 0
            while i < n:
                tok = toks[i]
                t = tok.text
                low = tok.lower_
                if tok.is_alpha:
                    n_words += 1
                if t.islower():
                    lower[low] += 1
                off = base + tok.idx
                if low in pron_words:
                    quoted = off in mask
                    if not quoted:
                        words_outside += 1
                    pronouns.append(Token(off, off + len(t), low, sidx, pidx, tok.dep_, quoted))
                    i += 1
                    continue
                if tok.is_alpha and not tok.is_punct:
                    if off not in mask:
                        words_outside += 1
                        if tok.pos_ == "NOUN" and low in PERSON_NOUNS and t.islower():
                            d = _describe(tok, base, sidx, pidx)
                            if d is not None:
                                descs.append(d)
                if not _is_cap(t) and not title_key(t) and t not in _LEADING_PARTICLES:
                    i += 1
                    continue
                # A name run: optional title, then capitalised proper-noun tokens (with name particles).
                title = None
                j = i
                # A title is capitalised ("Sister Agnes"); "her sister Margaret" is a description.
                tk = title_key(t) if t[:1].isupper() else None
                if tk and i + 1 < n and (_is_cap(toks[i + 1].text) or toks[i + 1].text in (".", *_FAMILY_PARTICLES)):
                    k = i + 1
                    if toks[k].text == "." and k + 1 < n:
                        k += 1
                    # "Mr. van der Luyden", "Mrs. de Winter": the family particles belong to the name.
                    after = _particle_chain(toks, k, title_after=True)
                    if after is not None or (_is_cap(toks[k].text) and not title_key(toks[k].text)):
                        title = title_class(tk)
                        j = k
                initial = i == 0 or toks[i - 1].text in _OPENERS or toks[i - 1].text.endswith(("“", '"'))
                if title is None and not _is_cap(t):
                    # A family name led by its particles with no title ("Henry's cousin, van der Luyden").
                    end = _particle_chain(toks, i) if t in _LEADING_PARTICLES else None
                    if end is None:
                        i += 1
                        continue
                    title, j, initial = None, i, False
                first = toks[j]
                if title is None and first.text[:1].isupper() and (
                    not (first.pos_ == "PROPN" or first.ent_type_ == "PERSON" or not initial)
                    or (first.pos_ in _NOT_NAME_POS and first.ent_type_ != "PERSON")
                ):
                    i += 1
                    continue
                k = j + 1 if first.text[:1].isupper() else _particle_chain(toks, j, title_after=title is not None) + 1
                while k < n:
                    nt = toks[k]
                    if _is_cap(nt.text) and not title_key(nt.text) and (nt.pos_ == "PROPN" or nt.ent_type_ == "PERSON"):
                        k += 1
                    elif (e := _particle_chain(toks, k)) is not None:
                        k = e + 1
                    else:
                        break
                words = tuple(x.text for x in toks[j:k])
                start, end = off, base + toks[k - 1].idx + len(toks[k - 1].text)
                quoted = start in mask
                occ = _Occ(start, end, title, words, sidx, pidx, False, quoted)
                _feats(stats[words], toks, i, j, k, initial, quoted, occ)
                units = _name_units(toks, j, k)
                if len(units) > 1:
                    # Each name of the run on its own (a family name with its particles), used if the
                    # whole run is rejected.
                    occ.sub = []
                    for m0, m1 in units:
                        ti = i if m0 == j else m0
                        so = base + toks[ti].idx
                        sub = _Occ(so, base + toks[m1 - 1].idx + len(toks[m1 - 1].text), title if m0 == j else None,
                                   tuple(x.text for x in toks[m0:m1]), sidx, pidx, False, quoted)
                        occ.sub.append((sub, ti, m0, m1, initial and m0 == j, toks))
                occs.append(occ)
                i = k
    return Scan(descs, occs, stats, lower, pronouns, words_outside, sent_para, n_words, tok_starts, tok_pos, tok_subj, tok_sent)


# Particles that can open a family name written without a title or given name ("van der Luyden",
# "de Winter"); "la", "le", "der" alone open ordinary French and German phrases more often.
_LEADING_PARTICLES = frozenset("de du da di van von del".split())


def _particle_chain(toks, k: int, title_after: bool = False) -> int | None:
    """When ``toks[k:]`` is a chain of lower-case family particles followed by a capitalised proper
    noun ("van der Luyden"), the index of that noun; else None. After a title the noun need not be
    tagged a proper noun (a title already marks a name)."""
    n = len(toks)
    m = k
    while m < n and toks[m].text.islower() and toks[m].lower_ in _PARTICLES:
        m += 1
    if m == k or m >= n or not _is_cap(toks[m].text) or title_key(toks[m].text):
        return None
    if not title_after and toks[m].pos_ != "PROPN":
        return None
    return m


def _name_units(toks, j: int, k: int) -> list[tuple[int, int]]:
    """The names in the run ``toks[j:k]``, each as (start, end) token indices: a capitalised word, or a
    family name with the particles before it ("Henry", "van der Luyden")."""
    out = []
    m = j
    while m < k:
        e = m
        while e < k and toks[e].text.islower():
            e += 1
        out.append((m, min(e + 1, k)))
        m = e + 1
    return out


def _describe(tok, base: int, sidx: int, pidx: int) -> Desc | None:
    """The noun phrase "the old man" around the head noun ``tok``, if it has an article or demonstrative
    (a bare or plural noun is no reference to one known person)."""
    det = None
    left = tok.i
    for ch in tok.children:
        if ch.i < tok.i and ch.dep_ == "det":
            det = ch.lower_
            left = min(left, ch.i)
        elif ch.i < tok.i and ch.dep_ in ("amod", "compound", "nummod") and tok.i - ch.i <= 3:
            left = min(left, ch.i)
    if det not in ("the", "this", "that", "a", "an"):
        return None
    doc = tok.doc
    start = base + doc[left].idx
    return Desc(start, base + tok.idx + len(tok.text), PERSON_NOUNS[tok.lower_], det not in ("a", "an"), sidx, pidx, tok.dep_)


def _feats(st: _Stats, toks, i: int, j: int, k: int, initial: bool, quoted: bool, occ: _Occ) -> None:
    """Add the evidence around the name run ``toks[j:k]`` (title at ``toks[i]`` when i < j)."""
    n = len(toks)
    st.n += 1
    if not initial or i < j:
        st.mid_cap += 1
    if i < j:
        st.titled += 1
        st.titles[occ.title] += 1
    ents = {x.ent_type_ for x in toks[j:k]}
    if toks[k - 1].tag_ == "NNPS" or toks[k - 1].ent_type_ == "NORP":
        st.plural += 1
    if "PERSON" in ents:
        st.person += 1
    elif "ORG" in ents:
        st.org += 1
    elif ents & _NON_PERSON_ENTS:
        st.other_ent += 1
    elif ents & {"DATE", "TIME"}:
        st.date += 1
    prev = toks[i - 1].lower_ if i > 0 else ""
    nxt = toks[k].text if k < n else ""
    if i == j:
        # "the younger Slayer", "her Watcher": look back over adjectives and numbers for an article.
        b = i - 1
        while b >= 0 and i - b <= 3 and toks[b].pos_ in ("ADJ", "NUM", "ADV"):
            b -= 1
        if b >= 0 and (toks[b].lower_ in _DETERMINERS or toks[b].tag_ == "PRP$"):
            st.det += 1
        if prev in _PLACE_PREPS:
            st.place += 1
        if prev in _EXCLAIM_BEFORE:
            st.exclaim += 1
    for x in toks[j:k]:
        if x.dep_ in ("nsubj", "nsubjpass"):
            occ.subj = True
            st.subj += 1
            if x.head.lemma_.lower() in SPEECH_VERBS:
                st.speech += 1
            break
    if quoted and (i == 0 or toks[i - 1].text in _OPENERS or toks[i - 1].text == ",") and (not nxt or nxt in _CLOSERS) and not occ.subj:
        st.vocative += 1


def _plural_of(words: tuple[str, ...], accepted: set) -> bool:
    """"Bennets" of "Bennet", "van der Luydens" of "van der Luyden"."""
    *lead, w = words
    return (w.endswith("s") and (*lead, w[:-1]) in accepted) or (w.endswith("es") and (*lead, w[:-2]) in accepted)


def _n_names(words: tuple[str, ...]) -> int:
    """Names in a run, a family name with its particles counting as one ("Henry van der Luyden": 2)."""
    return sum(1 for w in words if not w.islower())


def _min_count(n_words: int) -> int:
    """Occurrences a name needs without other strong evidence: 2 in a story, more in a long novel
    (a capitalised word seen twice in 200,000 words is weak evidence of a character)."""
    return max(2, round(1 + n_words / 60_000))


def _speaks_as_a_name(st: _Stats) -> bool:
    """A role the text uses as a name: it speaks, again and again ("said the Hatter"), or the author
    capitalises it mid-sentence nearly every time and makes it the subject of clause after clause
    ("the General frowned") and it speaks."""
    n = st.n
    if st.speech >= 3 and st.speech >= 0.1 * n:
        return True
    return st.speech >= 3 and st.mid_cap >= 0.9 * n and st.subj >= 0.25 * n and n >= 10


def _title_as_name(st: _Stats, min_count: int) -> bool:
    """"The General", "the Colonel": a title the text, with its article, capitalises nearly every time
    and makes the subject of clause after clause, or lets speak, names one person (the one who holds
    it, if the text names one; see ``_cluster``)."""
    n = st.n
    if st.det < 0.5 * n or n < max(min_count, 5):
        return False
    return _speaks_as_a_name(st) or (st.mid_cap >= 0.9 * n and st.subj >= 0.25 * n)


def _is_person(key: tuple[str, ...], st: _Stats, lower: Counter, min_count: int, single: bool,
               words_stats: dict[tuple[str, ...], _Stats] | None = None) -> bool:
    n = st.n
    strong = st.speech + st.vocative + st.titled
    # A full name (two capitalised words the parser calls a person, or with a title) is evidence enough
    # once; a lone word needs to recur.
    if n < min_count and not (st.titled or (st.mid_cap and (st.speech or (not single and st.person)))):
        return False
    last = key[-1].lower()
    # A title alone is no name ("Mr.", "my Lord") unless the text lets it stand for one person.
    title_as_name = single and last in TITLES and _title_as_name(st, min_count)
    if last in TITLES and not st.titled and not title_as_name:
        return False
    # "the Slayer": proper names take no article — unless the role speaks, again and again, as
    # "said the Hatter", "the Duchess replied": then the text uses it as a character's name.
    if st.det >= 0.25 * n and not (_speaks_as_a_name(st) or title_as_name):
        return False
    if st.plural >= 0.5 * n:  # "the Italians", "Russians": a group
        return False
    if last in DEITY_WORDS and (st.speech < 3 or st.speech < 0.2 * n):  # "Thank God", "Lord knows": oaths
        return False
    # "Windy Corner", "Howards End", "Dorsetshire": English place names end in these heads.
    if last in PLACE_HEADS or last.endswith("shire"):
        if not (st.titled or st.speech >= max(3, 0.3 * n)):
            return False
    if last in INTERJECTIONS:
        return False
    if st.exclaim >= 0.4 * n and st.speech == 0:  # "Oh God", "my Lord"
        return False
    if st.place >= 0.25 * n and st.speech + st.vocative == 0 and st.person < 0.5 * n:
        return False
    # People act: a character's name is the subject of a clause, speaks, is addressed or titled. A place
    # or house name ("at Netherfield", "from Kent") almost never is.
    agent = st.subj + st.speech + st.vocative + st.titled
    # A date does not speak: a name the parser takes for a month but that speaks is a woman's name.
    other_ent = st.other_ent + (st.date if st.speech < 3 else 0)
    place_like = st.place + other_ent + 0.5 * st.org
    if n >= 4 and agent < 0.12 * n and (place_like >= 0.25 * n or agent == 0):
        return False
    if place_like >= 0.6 * n and agent < 0.3 * n and st.person < 0.3 * n:
        return False
    if other_ent >= 0.5 * n and st.person < 0.2 * n and st.speech + st.titled == 0:
        return False
    if not single and any(lower.get(w.lower(), 0) > n for w in key if w[:1].isupper()):
        # "Despite Spike", "Someone Spike": a common word run into a name. But "Bill Gorton", "Harvey
        # Stone", "May Welland" are names made of common words: the first word is written as a name
        # (capitalised mid-sentence) more often than as a word, and the parser calls the whole a person
        # nearly every time, or the first word is a name far more often than a word.
        first = key[0]
        as_name = words_stats.get((first,)).mid_cap if words_stats and (first,) in words_stats else 0
        as_word = lower.get(first.lower(), 0)
        if not (as_name > as_word and (st.person >= 0.8 * n or as_name >= 3 * as_word)):
            return False
    if single:
        low = lower.get(last, 0)
        # A common word capitalised at sentence starts ("Tears", "Will you"): written lower case more
        # often than capitalised mid-sentence, and no speech or NER evidence to outweigh that.
        if low > st.mid_cap and st.speech < 2 and st.person < 0.5 * n and not st.titled:
            return False
        if last in ROLE_WORDS and st.speech < 2 and not (n >= 5 and st.subj >= 0.3 * n and st.exclaim < 0.2 * n):
            return False
        # A one-word name is capitalised mid-sentence somewhere; one letter is an initial, not a name.
        if st.mid_cap == 0 or len(last) < 2:
            return False
    evidence = (1 if single else 2) * st.person + 2 * strong + 0.5 * st.subj + 0.25 * st.mid_cap
    return evidence >= 2


@dataclass
class _Cluster:
    keys: Counter = field(default_factory=Counter)  # (title class or None, words) -> count
    given: set = field(default_factory=set)
    surname: str | None = None
    title_gender: Counter = field(default_factory=Counter)
    full_titles: set = field(default_factory=set)  # title classes used with the full name
    count: int = 0
    prior: float | None = None  # P(female) of the given name(s)
    title_classes: set = field(default_factory=set)

    def add(self, key, n: int) -> None:
        self.keys[key] += n
        self.count += n


# Titles English puts before a given name as well as a family name ("Miss Elizabeth", "Sir William",
# "Aunt May"); Mr./Mrs./Dr./military ranks take the family name.
_GIVEN_NAME_TITLES = frozenset("miss lady sir lord aunt auntie uncle cousin sister brother mother father master prince princess king queen saint dame".split())


def _cluster(accepted: dict[tuple, int], full_titled: Counter, common: set[str],
             together: set[frozenset] = frozenset(),
             positions: dict[tuple, list[int]] | None = None) -> tuple[list[_Cluster], dict[tuple, int]]:
    """Group accepted name keys ``(title class | None, words)`` into characters. ``full_titled`` counts
    (title class, given, surname) uses; ``positions``: each key's start offsets, in order. Returns the
    clusters and key -> cluster index."""
    clusters: list[_Cluster] = []
    where: dict[tuple, int] = {}
    full: dict[tuple[str, str], int] = {}  # (given, surname) -> cluster
    titled_full: dict[tuple[str, str, str], int] = {}

    def new() -> int:
        clusters.append(_Cluster())
        return len(clusters) - 1

    given_words = sorted({k[1][0] for k in accepted if len(k[1]) > 1 or not k[0]})
    prior = dict(zip(given_words, female_prior(given_words)))

    # A. Full names (given + family name): one person per (given, surname), nicknames merged.
    multi = sorted((k for k in accepted if len(k[1]) > 1), key=lambda k: (-len(k[1]), -accepted[k]))
    for key in multi:
        tc, words = key
        given, surname = words[0], words[-1]
        tg = TITLES.get(tc) if tc else None
        p = prior.get(given)
        # "Mrs. John Knightley" is John Knightley's wife: English names a married woman by her husband's
        # full name ("Lady Brett Ashley" is still Brett's own name).
        if tc == "mrs" and p is not None and p < 0.2:
            ci = titled_full.get((tc, given, surname))
            if ci is None:
                ci = titled_full[(tc, given, surname)] = new()
                clusters[ci].surname = surname
                clusters[ci].title_gender[tg] += 1
            clusters[ci].add(key, accepted[key])
            where[key] = ci
            continue
        ci = full.get((given, surname))
        if ci is None:
            for (g, s), c in full.items():
                if s == surname and is_diminutive(given, g, common):
                    ci = c
                    break
        if ci is None and not tc:
            # The leading words of one longer full name are that person ("Antonida Vassilievna" of
            # "Antonida Vassilievna Tarassevitcha", a given name and patronymic without the surname).
            longer = {where[k] for k in where if len(k[1]) > len(words) and k[1][: len(words)] == words}
            if len(longer) == 1:
                ci = longer.pop()
        if ci is None:
            ci = new()
            clusters[ci].surname = surname
            full[(given, surname)] = ci
        clusters[ci].given.add(given)
        if tc:
            clusters[ci].title_classes.add(tc)
            if tg:
                clusters[ci].title_gender[tg] += accepted[key]
            # "Mr. John Knightley", used repeatedly, tells this man from the plain "Mr. Knightley".
            if full_titled[(tc, given, surname)] >= 2:
                clusters[ci].full_titles.add(tc)
        clusters[ci].add(key, accepted[key])
        where[key] = ci
    for c in clusters:
        ps = [prior[g] for g in c.given if prior.get(g) is not None]
        c.prior = sum(ps) / len(ps) if ps else None
    by_surname: dict[str, list[int]] = defaultdict(list)
    by_given: dict[str, list[int]] = defaultdict(list)
    for (g, s), ci in full.items():
        if ci not in by_surname[s]:
            by_surname[s].append(ci)
    for ci, c in enumerate(clusters):
        for g in sorted(c.given):  # every given form, nicknames too ("Eliza Bennet" in Elizabeth's)
            if ci not in by_given[g]:
                by_given[g].append(ci)

    def first_name_terms(ci: int) -> bool:
        """Does the text call this person by the given name, untitled, at least as often as by a title?
        Pet names and diminutives are for such people ("Lizzy" for the "Elizabeth" of the narration),
        not for one the text keeps at a title's distance ("Lady Catherine")."""
        c = clusters[ci]
        bare = sum(accepted.get((None, (g,)), 0) for g in c.given)
        bare += sum(n for (t, ws), n in c.keys.items() if not t and len(ws) > 1)
        titled_n = sum(n for (t, ws), n in c.keys.items() if t)
        return bare >= titled_n

    def diminutive_of(w: str, tg: str | None) -> int | None:
        """The one character whose given name ``w`` is a nickname or diminutive of (or the full form of),
        if only one could be. Only the names people were introduced by count: "Louisa" is not "Eliza"'s
        formal name just because "Eliza" is Elizabeth's nickname."""
        near: list = [ci for (g, _s), ci in full.items() if is_diminutive(w, g, common)]
        near += [ci for g, ci in bare.items() if is_diminutive(w, g, common)]
        near = [ci for ci in dict.fromkeys(near) if _gender_ok(clusters[ci], tg) and first_name_terms(ci)]
        # A first name used only bare, not yet given a cluster ("Elizabeth" beside "Miss Lizzy").
        pending = [g for (t, ws), n in accepted.items() if not t and len(ws) == 1 and (g := ws[0]) not in bare
                   and g not in by_given and g not in by_surname and g not in titled_by_word and is_diminutive(w, g, common)
                   and _gender_ok(_Cluster(prior=prior.get(g)), tg)]
        if len(near) + len(pending) != 1:
            return None
        if near:
            return near[0]
        g = pending[0]
        ci = bare[g] = new()
        clusters[ci].prior = prior.get(g)
        clusters[ci].given.add(g)
        return ci
    def came_first(key: tuple, ci: int) -> bool:
        """Was "Mr. Knightley" in use (twice at least) before the text first gave the full name of
        ``ci``? A full name arriving after the short form is established marks a second man ("Mr. John
        Knightley", the brother); a man introduced by his full name is then called by the short form
        ("Mr. Thomas Marvel", then "Mr. Marvel"). Without positions, assume the former."""
        if positions is None or not positions.get(key):
            return True
        firsts = [positions[k][0] for k in clusters[ci].keys if len(k[1]) > 1 and positions.get(k)]
        return not firsts or bisect.bisect_left(positions[key], min(firsts)) >= 2

    titled: dict[tuple[str, str], int] = {}
    titled_by_word: dict[str, list[int]] = defaultdict(list)
    bare: dict[str, int] = {}
    # B. Title + one word: "Mr. Darcy" is Fitzwilliam Darcy (same family name, compatible gender) unless
    # the text keeps "Mr. John Knightley" apart from "Mr. Knightley".
    for key in sorted((k for k in accepted if len(k[1]) == 1 and k[0]), key=lambda k: -accepted[k]):
        tc, (w,) = key
        tg = TITLES.get(tc)
        # One person is not both "Miss Bates" and "Mrs. Bates", nor "Lady Lucas" and "Miss Lucas".
        def fits(ci: int) -> bool:
            c = clusters[ci]
            # A married woman's title with the family name, in one sentence with a sister's first name
            # ("“Jane, my dear,” said Mrs. Bennet"), is another person than that sister.
            if tc == "mrs" and any(frozenset((key, (None, (g,)))) in together for g in c.given):
                return False
            return _gender_ok(c, tg) and not (c.title_classes - {tc})
        family = by_surname.get(w, [])
        if len(family) > 1:
            # Several people of one family ("Elizabeth Bennet", "Jane Bennet", "Lydia Bennet"): "Mrs.
            # Bennet" is none of them unless the text gives one of them that very title with her full
            # name. English calls a mother, a father, an eldest daughter by title and family name alone.
            cands = [ci for ci in family if tc in clusters[ci].title_classes and tc not in clusters[ci].full_titles and fits(ci)]
        else:
            # One person of that name: "Miss Fairfax" is Jane Fairfax even when the text also says "Miss
            # Jane Fairfax", "Captain Wentworth" is Captain Frederick Wentworth; but "Mr. John Knightley",
            # used repeatedly, marks a man apart from "Mr. Knightley" (English gives a younger brother his
            # given name after "Mr.") when "Mr. Knightley" was in use before that full name came (see
            # ``came_first``). A form used once or twice is a variant, not evidence of a second man ("I
            # am Mr. Holmes" beside "Mr. Sherlock Holmes").
            apart = tc == "mr" and accepted[key] >= 3
            cands = [ci for ci in family if not (apart and tc in clusters[ci].full_titles and came_first(key, ci)) and fits(ci)]
        if len(cands) != 1 and tc in _GIVEN_NAME_TITLES:
            cands = [ci for ci in by_given.get(w, ()) if fits(ci)]
            if len(cands) > 1:  # "Sir William": the William the text also calls "Sir William Lucas"
                cands = [ci for ci in cands if tc in clusters[ci].title_classes] or cands
            if not cands and tc in ("miss", "lady", "sir", "lord"):
                d = diminutive_of(w, tg)  # "Miss Lizzy", "Miss Eliza"
                cands = [d] if d is not None else []
        ci = cands[0] if len(cands) == 1 else titled.get((tc, w))
        if ci is None:
            ci = new()
            clusters[ci].surname = w
            clusters[ci].prior = None
            titled[(tc, w)] = ci
            titled_by_word[w].append(ci)
        if tg:
            clusters[ci].title_gender[tg] += accepted[key]
        clusters[ci].title_classes.add(tc)
        clusters[ci].add(key, accepted[key])
        where[key] = ci
    # C. One bare word: a given name, a family name, or a nickname of one.
    particled: dict[str, list[int]] = defaultdict(list)  # "Griers" -> the "de Griers" family
    for s2, cs in [*by_surname.items(), *titled_by_word.items()]:
        if " " in s2:
            particled[s2.rsplit(" ", 1)[1]].extend(cs)
    for key in sorted((k for k in accepted if len(k[1]) == 1 and not k[0]), key=lambda k: -accepted[k]):
        (w,) = key[1]
        ci = bare.get(w)  # made already for a nickname of it ("Miss Lizzy" before "Elizabeth")
        # Candidates that use this word as a given name or as a family name, weighed by how often
        # they do; a bare family name in English fiction mostly names the man of the family ("Bennet").
        score: Counter = Counter()
        for c in by_given.get(w, ()):
            score[c] += sum(n for k, n in clusters[c].keys.items() if k[1][0] == w) + 0.5
        fam = by_surname.get(w, []) + titled_by_word.get(w, []) + particled.get(w, [])
        # A bare family name names a man when the family has one: women are "Miss Morland", "Catherine".
        men = [c for c in fam if not _is_female(clusters[c])]
        for c in men or fam:
            score[c] += sum(n for k, n in clusters[c].keys.items() if k[1][-1] == w) * (2 if clusters[c].title_gender.get("M") else 1) + 0.5
        tk = title_key(w)
        if ci is None and tk and not score:
            # A title standing alone ("the Colonel") is the person the text gives that title, when one
            # holds it (or nearly all its uses: a stray parse beside him is no rival).
            holders = sorted((cl.count, c) for c, cl in enumerate(clusters) if title_class(tk) in cl.title_classes)
            # The holder must be named often enough to be the one meant: "General Perovski" named once
            # is not "the General" of two hundred mentions.
            if holders and (len(holders) == 1 or holders[-1][0] >= 5 * holders[-2][0]) and holders[-1][0] >= 0.2 * accepted[key]:
                score[holders[-1][1]] = 1
        if ci is None:
            ci = score.most_common(1)[0][0] if score else diminutive_of(w, None)
        if ci is None:
            ci = new()
            clusters[ci].prior = prior.get(w)
            clusters[ci].given.add(w)
            bare[w] = ci
        clusters[ci].add(key, accepted[key])
        where[key] = ci
    return clusters, where


# Titles that address one grown person interchangeably with "Mr." or "Mrs." and the family name: a man
# is "Mr. Kemp" and "Dr. Kemp", "Captain Weston" and "Mr. Weston"; a married woman "Madame Olenska" and
# "Countess Olenska", "Mrs. X" and "Lady X". Not "Miss" (a daughter: "Miss Bennet" is not "Mrs. Bennet"),
# nor kinship titles ("Uncle X", "Father X"), nor "Master X" (a boy).
_WIFE_TITLES = frozenset("mrs lady countess duchess baroness princess queen dame".split())
_NOT_INTERCHANGEABLE = frozenset("miss father mother brother sister uncle aunt auntie cousin master saint".split())


def _merge_titles(clusters: list[_Cluster], where: dict[tuple, int], genders: dict[int, str],
                  together: set[frozenset]) -> bool:
    """Join the characters the text calls by one family name under different titles of one sex ("Mr.
    Kemp", "Dr. Kemp") when it gives no sign of two people: no two given names, no two of them named
    in one sentence, no title shared (which would have joined them already, unless the text keeps them
    apart), and no member of that sex and family named untitled only. Changes ``clusters`` and
    ``where`` in place; True when any were joined."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(clusters):
        g = genders.get(i)
        if g not in ("F", "M"):
            continue
        surnames = {ws[-1] for (tc, ws) in c.keys if len(ws) > 1 or (tc and ws[0] not in c.given)}
        for s in surnames:
            groups[(s, g)].append(i)
    changed = False
    for (surname, g), members in groups.items():
        allowed = (lambda t: t in _WIFE_TITLES) if g == "F" else (lambda t: TITLES.get(t) != "F" and t not in _NOT_INTERCHANGEABLE)
        # Only a title with the bare family name is a form of address ("Lady X"); before a given name it
        # is a style of its own ("Lady Brenda", a peer's daughter; "Sir Walter").
        classes = {i: {tc for tc, ws in clusters[i].keys if tc and ws == (surname,)} for i in members}
        # A daughter ("Miss X"), a boy ("Master X"), a kinsman ("Uncle X") is another person: left apart.
        members = [i for i in members if not classes[i] or all(allowed(t) for t in classes[i])]
        if len(members) < 2 or not all(classes[i] for i in members):
            continue  # one of them is never "Title + family name": which of them it is, the text does not say
        if any(classes[a] & classes[b] for a in members for b in members if a < b):
            continue
        givens: list[str] = []
        for i in members:
            for w in clusters[i].given:
                if not any(w == v or is_diminutive(w, v) for v in givens):
                    givens.append(w)
        if len(givens) > 1:
            continue  # two people given their own first names
        # Two of them named in one sentence are two people; a bare word ("Kemp", "Ellen") beside a
        # titled name is no such sign ("Mr. Kemp's neighbour ... the siege of Kemp's house").
        keys = {i: [k for k in clusters[i].keys if k[0] or len(k[1]) > 1] for i in members}
        if any(frozenset((x, y)) in together for a in members for b in members if a < b
               for x in keys[a] for y in keys[b]):
            continue
        head = max(members, key=lambda i: clusters[i].count)
        h = clusters[head]
        for i in members:
            if i == head or not clusters[i].keys:
                continue
            c = clusters[i]
            for k, n in c.keys.items():
                h.add(k, n)
                where[k] = head
            h.given |= c.given
            h.title_gender.update(c.title_gender)
            h.title_classes |= c.title_classes
            h.full_titles |= c.full_titles
            h.prior = h.prior if h.prior is not None else c.prior
            clusters[i] = _Cluster()
            changed = True
    if changed:
        keep = [i for i, c in enumerate(clusters) if c.keys]
        new_index = {old: new for new, old in enumerate(keep)}
        clusters[:] = [clusters[i] for i in keep]
        for k, i in where.items():
            where[k] = new_index[i]
    return changed


def _is_female(c: _Cluster) -> bool:
    if c.title_gender:
        return c.title_gender.most_common(1)[0][0] == "F"
    return c.prior is not None and c.prior > 0.8


def _gender_ok(c: _Cluster, tg: str | None) -> bool:
    """Could a person titled with gender ``tg`` be this cluster? Titles first, then the given-name prior."""
    if tg is None:
        return True
    if c.title_gender:
        return c.title_gender.most_common(1)[0][0] == tg
    p = getattr(c, "prior", None)
    if p is None:
        return True
    return p >= 0.2 if tg == "F" else p <= 0.8


def _surface(key: tuple) -> str:
    tc, words = key
    name = " ".join(words)
    if not tc:
        return name
    t = {"mr": "Mr.", "mrs": "Mrs.", "miss": "Miss", "dr": "Dr.", "ms": "Ms."}.get(tc, tc.capitalize())
    return f"{t} {name}"


def _best_name(c: _Cluster, surfaces: dict[tuple, Counter]) -> tuple[str, list[str]]:
    """The most complete common name (full name, then title + name, then the commonest single word),
    and every other surface form seen."""
    forms: Counter = Counter()
    for key, n in c.keys.items():
        for s, m in surfaces.get(key, Counter()).items():
            forms[s] += m
    fulls = [k for k in c.keys if len(k[1]) > 1 and not k[0]]
    titled = [k for k in c.keys if k[0]]
    # Name a character as the text does: one mostly called by a title ("Mr. Darcy", "Mrs. Bennet") by
    # the commonest titled form; one mostly called untitled ("Elizabeth", "Wickham") by a full name when
    # the text gives one (with the title dropped: "Miss Lydia Bennet" -> "Lydia Bennet").
    n_titled = sum(c.keys[k] for k in titled)
    full_any = [k for k in c.keys if len(k[1]) > 1]

    def written(key: tuple, keep_title: bool = True) -> str:
        """The key as the text writes it most often ("De Griers", "Mr. Darcy")."""
        if not keep_title:
            return " ".join(key[1])
        return surfaces[key].most_common(1)[0][0] if surfaces.get(key) else _surface(key)

    def commonest(keys: list) -> tuple:
        return max(keys, key=lambda k: (c.keys[k], len(k[1])))

    if titled and (n_titled * 2 > c.count or n_titled == c.count):
        name = written(commonest(titled))
    elif fulls:
        name = written(commonest(fulls))
    elif full_any:
        name = written(commonest(full_any), keep_title=False)
    else:
        name = written(max(c.keys, key=lambda k: c.keys[k]))
    aliases = [s for s, _ in forms.most_common() if s != name]
    return name, aliases


def build_cast(
    text: str,
    structure: Structure,
    parsed: Parsed,
    quotes: Sequence[Quote],
    roster: Sequence[Character] | None = None,
) -> Cast:
    """Find the characters and every mention of them. With ``roster``, those characters (and their ids)
    are the cast; others the text clearly names may be added."""
    from . import coref

    paragraphs = structure.story_paragraphs()
    mask = _QuoteMask(text, paragraphs, quotes)
    scan = _scan(text, parsed, mask)
    min_count = _min_count(scan.n_words)

    # Decide multi-word runs first; a rejected run ("Oh Buffy", "Sunnydale High") falls back to its words.
    accepted_words: set[tuple[str, ...]] = set()
    for key, st in scan.stats.items():
        if _n_names(key) > 1 and _is_person(key, st, scan.lower, min_count, single=False, words_stats=scan.stats):
            accepted_words.add(key)
    occs: list[_Occ] = []
    for o in scan.occs:
        if len(o.words) > 1 and o.words not in accepted_words and o.sub:
            for sub, ti, m0, m1, ini, toks in o.sub:
                _feats(scan.stats[sub.words], toks, ti, m0, m1, ini, sub.quoted, sub)
                occs.append(sub)
        else:
            occs.append(o)
    rejected = []
    for key, st in scan.stats.items():
        if _n_names(key) == 1:
            if _is_person(key, st, scan.lower, min_count, single=True):
                accepted_words.add(key)
            elif len(key) == 1 and st.vocative + st.speech + st.subj and not (st.det or st.exclaim) and len(key[0]) >= 3 and scan.lower.get(key[0].lower(), 0) == 0:
                rejected.append(key[0])
    # A pet name seen only at the head of a speech ("Dawnie, wait!") is a name when it is the
    # diminutive of a name the text already uses.
    given = {w[0] for w in accepted_words} | {w[0] for w in accepted_words if len(w) > 1}
    for w in rejected:
        if any(is_diminutive(w, g, scan.lower.keys()) for g in given):
            accepted_words.add((w,))

    # "the Miss Bennets", "the Collinses": a plural family name is a group, not a person.
    counts: Counter = Counter()
    surfaces: dict[tuple, Counter] = defaultdict(Counter)
    kept: list[tuple[_Occ, tuple]] = []
    for o in occs:
        if o.words not in accepted_words:
            continue
        if _n_names(o.words) == 1 and _plural_of(o.words, accepted_words):
            continue
        if o.title == "saint":  # "St. James", "St. Paul's": in fiction mostly places and churches
            continue
        key = _name_key(o.title, o.words)
        counts[key] += 1
        surface = " ".join(text[o.start : o.end].split())
        st = scan.stats.get(o.words)
        if o.title is None and st and st.det >= 0.5 * st.n and text[max(0, o.start - 4) : o.start].lower() == "the ":
            surface = "the " + surface  # a role the text uses as a name: "the Hatter", "the General"
        surfaces[key][surface] += 1
        kept.append((o, key))

    if roster:
        return _with_roster(text, paragraphs, parsed, scan, mask, roster, kept, counts, surfaces, min_count)

    positions: dict[tuple, list[int]] = defaultdict(list)
    for o, key in kept:
        positions[key].append(o.start)
    together = _together(kept)
    clusters, where = _cluster(dict(counts), _full_titled(kept), set(scan.lower), together, positions)

    def name_mentions() -> list:
        return [coref.NameMention(o.start, o.end, where[key], o.sent, o.para, o.subj, o.quoted) for o, key in kept]

    names = name_mentions()
    genders = _genders(clusters, names, scan, {})
    if _merge_titles(clusters, where, genders, together):
        names = name_mentions()
        genders = _genders(clusters, names, scan, {})
    return _finish(text, scan, clusters, names, genders, surfaces, ids=None, fixed=[])


def _name_key(title: str | None, words: tuple[str, ...]) -> tuple:
    """(title class, words) with a family-name particle joined to the name it belongs to, in one case
    ("Miss De Bourgh" = "Miss de Bourgh", "Catherine de Bourgh" has the family name "de Bourgh"), and a
    title the scan left in the words taken out."""
    ws = list(words)
    while title is None and len(ws) > 1 and title_key(ws[0]) and title_class(title_key(ws[0])) != "saint":
        title = title_class(title_key(ws[0]))
        ws = ws[1:]
    out: list[str] = []
    i = 0
    while i < len(ws):
        if ws[i].lower() in _FAMILY_PARTICLES and i + 1 < len(ws):
            j = i
            while j < len(ws) - 1 and ws[j].lower() in _FAMILY_PARTICLES:
                j += 1
            out.append(" ".join(w.lower() for w in ws[i:j]) + " " + ws[j])
            i = j + 1
        else:
            out.append(ws[i])
            i += 1
    return (title, tuple(out))


def _together(kept) -> set[frozenset]:
    """Pairs of name keys used in one sentence: "“Jane, my dear,” said Mrs. Bennet" names two people."""
    by_sent: dict[int, set] = defaultdict(set)
    for o, key in kept:
        by_sent[o.sent].add(key)
    out: set[frozenset] = set()
    for keys in by_sent.values():
        if 1 < len(keys) <= 6:
            ks = sorted(keys, key=str)
            out.update(frozenset((a, b)) for i, a in enumerate(ks) for b in ks[i + 1 :])
    return out


def _full_titled(kept) -> Counter:
    out: Counter = Counter()
    for o, key in kept:
        if o.title and len(o.words) > 1:
            out[(o.title, o.words[0], o.words[-1])] += 1
    return out


# Military and naval ranks: in English fiction until recently, held by men — a lean, not a rule.
_RANKS = frozenset("captain colonel general major admiral lieutenant sergeant corporal commander".split())


def _genders(clusters: list[_Cluster], names, scan: Scan, fixed: dict[int, str]) -> dict[int, str]:
    """F/M/U per cluster. Mr./Mrs./Miss/Lady settle it; otherwise the pronouns that follow the character
    as a subject in narration, and the given name's prior (nomquamgender)."""
    from . import coref

    votes = coref.pronoun_votes(names, scan)
    given: dict[int, str] = {}
    titles: dict[int, Counter] = {}
    for i, c in enumerate(clusters):
        t = Counter(c.title_gender)
        g = []
        for (tc, words), n in c.keys.items():
            words = list(words)
            # Roster aliases arrive untitled ("Mr. Darcy" as words): read the title off them.
            while words and title_key(words[0]) and len(words) > 1:
                tk = title_class(title_key(words[0]))
                tc = tc or tk
                if TITLES.get(title_key(words[0])):
                    t[TITLES[title_key(words[0])]] += n
                words = words[1:]
                tc = tc or tk
            if not words:
                continue
            if (len(words) > 1 or not tc) and words[0][:1].isupper():
                g.extend([words[0]] * n)
            if tc in _RANKS:
                t["rank"] += n
        titles[i] = t
        if g:
            given[i] = Counter(g).most_common(1)[0][0]
    priors = dict(zip(given, female_prior(list(given.values()))))
    out = {}
    for i, c in enumerate(clusters):
        if i in fixed:
            out[i] = fixed[i]
            continue
        t = titles[i]
        if t.get("F", 0) != t.get("M", 0):
            # Gendered titles decide: one character is not both "Mr." and "Mrs.".
            out[i] = "F" if t.get("F", 0) > t.get("M", 0) else "M"
            continue
        score = 0.0  # log-odds of female
        if t.get("rank"):
            score -= 1.5
        f, m = votes.get(i, (0, 0))
        score += max(-5.0, min(5.0, 0.7 * (f - m)))
        p = priors.get(i)
        if p is not None:
            p = min(max(p, 0.03), 0.97)
            score += math.log(p / (1 - p))
        out[i] = "F" if score > 0.9 else "M" if score < -0.9 else "U"
    return out


def _importance(n: int, top: int) -> str:
    """Major: near the top of the cast; intermediate: a recurring part; minor: the rest."""
    if top and n >= 0.2 * top and n >= 20:
        return "major"
    if n >= max(8, 0.03 * top):
        return "intermediate"
    return "minor"


def _narrator_name(names) -> int | None:
    """The cluster that names a first-person narrator: others call the narrator by name in dialogue
    ("Jake, you're drunk"), while the narration itself says "I". So: the name used most inside quotations
    that the narration almost never uses."""
    quoted: Counter = Counter()
    narrated: Counter = Counter()
    for m in names:
        (quoted if m.quoted else narrated)[m.cluster] += 1
    best = None
    for c, q in quoted.most_common():
        if q >= 5 and narrated.get(c, 0) <= 0.15 * q:
            best = c
            break
    return best


def _finish(text, scan, clusters, names, genders, surfaces, ids, fixed) -> Cast:
    from . import coref

    resolved = coref.resolve(names, scan, genders, n_clusters=len(clusters))
    narrator = resolved.narrator
    named_narrator = False
    if narrator is not None:
        who = _narrator_name(names)
        if who is not None:
            resolved.mentions = [
                replace(m, cluster=who) if m.cluster == narrator and m.kind == "narrator" else m for m in resolved.mentions
            ]
            narrator, named_narrator = who, True
        else:
            clusters = [*clusters, _Cluster()]
    per: Counter = Counter(m.cluster for m in resolved.mentions if m.cluster is not None)
    order = sorted(range(len(clusters)), key=lambda i: (-per.get(i, 0), i))
    top = per.most_common(1)[0][1] if per else 0
    id_of: dict[int, str] = {}
    chars: list[Character] = []
    n = 0
    for i in order:
        c = clusters[i]
        if ids and i in ids:
            cid = ids[i]
        else:
            cid = f"C{n}"
            while ids and cid in ids.values():
                n += 1
                cid = f"C{n}"
            n += 1
        id_of[i] = cid
        if i in fixed:
            base = fixed[i]
            chars.append(replace(base, gender=genders.get(i, base.gender), importance=_importance(per.get(i, 0), top)))
            continue
        if narrator is not None and i == narrator:
            name, aliases = _best_name(c, surfaces) if named_narrator else ("Narrator", [])
            name, aliases = ("Narrator", []) if not named_narrator else (name, [*aliases, "Narrator"])
        else:
            name, aliases = _best_name(c, surfaces)
        chars.append(Character(id=cid, name=name, aliases=tuple(aliases), gender=genders.get(i, "U"), importance=_importance(per.get(i, 0), top)))
    mentions = tuple(
        Mention(m.start, m.end, id_of.get(m.cluster) if m.cluster is not None else None, m.kind, round(m.confidence, 3))
        for m in resolved.mentions
    )
    return Cast(characters=tuple(chars), mentions=mentions)


def _with_roster(text, paragraphs, parsed, scan, mask, roster, kept, counts, surfaces, min_count) -> Cast:
    """The given cast: every alias found in the story text (longest first, at word boundaries, with or
    without a title); names the text clearly uses that match no alias become extra characters."""
    from . import coref

    alias_ids: dict[str, list[int]] = defaultdict(list)
    for ri, ch in enumerate(roster):
        for a in (ch.name, *ch.aliases):
            a = a.strip()
            if a and ri not in alias_ids[a]:
                alias_ids[a].append(ri)
    clusters = [_Cluster() for _ in roster]
    fixed = {ri: ch for ri, ch in enumerate(roster)}
    names: list = []
    taken: list[tuple[int, int]] = []
    if alias_ids:
        hits = _find_aliases(text, paragraphs, alias_ids)
        # An alias shared by several characters goes to the one the text names most by unshared aliases.
        solo: Counter = Counter()
        for _, _, a in hits:
            if len(alias_ids[a]) == 1:
                solo[alias_ids[a][0]] += 1
        ts = scan.tok_starts
        for s, e, a in hits:
            cands = alias_ids[a]
            ri = cands[0] if len(cands) == 1 else max(cands, key=lambda r: (roster[r].name == a, solo[r]))
            t0 = bisect.bisect_right(ts, s) - 1  # the token the alias starts in
            t1 = bisect.bisect_left(ts, e)
            # A one-word alias that the parser reads as a verb or function word here ("Will you…").
            if " " not in a and t0 >= 0 and scan.tok_pos[t0] in ("AUX", "VERB", "ADV", "ADP", "PRON", "DET", "SCONJ", "CCONJ", "PART"):
                continue
            if t0 < 0 or t0 >= len(ts) or not scan.tok_sent:
                continue  # inside a heading line the scan skipped
            sent = scan.tok_sent[t0]
            para = scan.sent_para[sent]
            subj = any(scan.tok_subj[t0:max(t1, t0 + 1)])
            names.append(coref.NameMention(s, e, ri, sent, para, subj, s in mask))
            clusters[ri].add((None, tuple(a.split())), 1)
            taken.append((s, e))
    # Discovered names no alias covers become extra characters (only well-attested ones).
    taken.sort()
    starts = [s for s, _ in taken]
    extra_counts: Counter = Counter()
    extra_occs = []
    for o, key in kept:
        i = bisect.bisect_right(starts, o.end - 1) - 1
        if i >= 0 and taken[i][1] > o.start:
            continue
        extra_counts[key] += 1
        extra_occs.append((o, key))
    known_words = {w for a in alias_ids for w in a.split()}
    extra = {k: n for k, n in extra_counts.items() if n >= max(3, min_count) and not set(k[1]) & known_words}
    ex_clusters, where = _cluster(extra, _full_titled(extra_occs), set(scan.lower))
    base = len(clusters)
    clusters.extend(ex_clusters)
    for o, key in extra_occs:
        if key in where:
            names.append(coref.NameMention(o.start, o.end, base + where[key], o.sent, o.para, o.subj, o.quoted))
    names.sort(key=lambda m: m.start)
    fixed_g = {ri: ch.gender for ri, ch in enumerate(roster) if ch.gender in ("F", "M", "X")}
    genders = _genders(clusters, names, scan, fixed_g)
    ids = {ri: ch.id for ri, ch in enumerate(roster)}
    return _finish(text, scan, clusters, names, genders, surfaces, ids=ids, fixed=fixed)


# Words for alias matching: split at spaces and at dashes ("dancing?--Mr. Darcy", "Darcy—and").
_WS_TOKEN = re.compile(r"(?:(?!--)[^\s—–])+")
_LEAD = "“\"‘'([—–-"
_ARTICLES = ("the", "a", "an")


def _find_aliases(text: str, paragraphs, alias_ids: dict[str, list[int]]) -> list[tuple[int, int, str]]:
    """Every occurrence of a roster alias in the paragraphs: longest first, whole words (a possessive
    's or trailing punctuation may follow). Aliases are held in a word trie, so each position costs one
    step per word the text shares with some alias — linear in the text, however long the aliases.
    Aliases led by an article ("The Servant") also match in lower case ("the servant")."""
    end_mark = None  # the key under which a trie node holds the alias that ends there
    exact: dict = {}
    folded: dict = {}
    for a in alias_ids:
        words = a.split()
        if not words:
            continue
        tries = [(exact, words)]
        if words[0].lower() in _ARTICLES and len(words) > 1:
            tries.append((folded, [w.lower() for w in words]))
        for node, key in tries:
            for w in key:
                node = node.setdefault(w, {})
            node[end_mark] = a
    if not exact:
        return []
    hits = []
    for p in paragraphs:
        toks = [(m.start(), m.group()) for m in _WS_TOKEN.finditer(text, p.start, p.end)]
        i = 0
        while i < len(toks):
            s0, w0 = toks[i]
            lead = len(w0) - len(w0.lstrip(_LEAD))
            w0 = w0[lead:]
            found = None
            node_e, node_f = exact, folded
            n = 0
            while w0 and i + n < len(toks):
                word = w0 if n == 0 else toks[i + n][1]
                n += 1
                # The alias may end at this word, with its trailing punctuation or possessive left out.
                for cand in dict.fromkeys((word, _strip(word))):
                    a = (node_e.get(cand) or {}).get(end_mark) or (node_f.get(cand.lower()) or {}).get(end_mark)
                    if a is not None:
                        found = (s0 + lead, toks[i + n - 1][0] + (lead if n == 1 else 0) + len(cand), a, n)
                        break
                # Inner words carry no punctuation: "Darcy, Bingley" is no "Darcy Bingley".
                if _strip(word) != word and not word.endswith("."):
                    break
                node_e, node_f = node_e.get(word) or {}, node_f.get(word.lower()) or {}
                if not node_e and not node_f:
                    break
            if found:
                hits.append(found[:3])
                i += found[3]
            else:
                i += 1
    return hits


_WORD_HEAD = re.compile(r"[^\W\d_]+(?:[’'.][^\W\d_]+)*\.?")


def _strip(w: str) -> str:
    """A word without trailing punctuation or possessive: "Darcy’s," -> "Darcy", "Darcy—and" -> "Darcy"."""
    m = _WORD_HEAD.match(w)
    if m:
        w = m.group()
    w = w.rstrip(",.;:!?”\"’')]…—–-*")
    for suf in ("’s", "'s"):
        if w.endswith(suf):
            return w[: -len(suf)]
    return w.rstrip("’'")


def with_counts(cast: Cast, quotes: Sequence[Quote]) -> tuple[Character, ...]:
    """The characters with mention and quote counts filled in, most prominent first; importance
    re-judged now that speech is counted."""
    mentions: dict[str, int] = {}
    spoken: dict[str, int] = {}
    for m in cast.mentions:
        if m.character:
            mentions[m.character] = mentions.get(m.character, 0) + 1
    for q in quotes:
        if q.speaker:
            spoken[q.speaker] = spoken.get(q.speaker, 0) + 1
    weight = {c.id: mentions.get(c.id, 0) + 3 * spoken.get(c.id, 0) for c in cast.characters}
    top = max(weight.values(), default=0)
    out = [
        replace(c, mentions=mentions.get(c.id, 0), quotes=spoken.get(c.id, 0), importance=_importance(weight[c.id], top))
        for c in cast.characters
    ]
    out.sort(key=lambda c: -weight[c.id])
    return tuple(out)


def addressed_by_name(text: str, part_start: int, part_end: int, start: int, end: int) -> bool:
    """Is the name at [start, end), inside the quoted part [part_start, part_end), set off as the person
    spoken to: by commas or a sentence's end ("Buffy, I'm sorry", "..., Spike!", "Look, William, I ...")?"""
    before = text[part_start:start].rstrip()
    after = text[end:part_end].lstrip()
    lead = before == "" or before[-1:] in ",!?.…" or before.lower().endswith(("oh", "dear", "my dear"))
    trail = after == "" or after[:1] in ",!?.…;—-"
    return (before == "" and trail) or (before[-1:] == "," and trail) or (lead and after[:1] == ",")


def merge_names_used_to_address(text: str, cast: Cast, quotes: Sequence[Quote]) -> tuple[Cast, tuple[Quote, ...]]:
    """Fold into a character a name that is only ever said *to* that character.

    Intimates call a person by a name the narration never uses ("Look, William, ..." to the man the
    narration calls by his nickname). A name found only inside speech, never speaking itself, and said
    each time in an exchange whose other party is one and the same character (the speaker of the
    quotes just before and after, who is not the one saying the name), set off as the one spoken to
    ("Look, William, I ..."), at least twice, is that character's name.
    """
    quotes = tuple(quotes)
    if not quotes or not cast.characters:
        return cast, quotes
    starts = [q.start for q in quotes]

    def quote_at(pos: int) -> int | None:
        i = bisect.bisect_right(starts, pos) - 1
        return i if i >= 0 and quotes[i].start <= pos < quotes[i].end else None

    speakers = {q.speaker for q in quotes if q.speaker}
    names_of: dict[str, list[Mention]] = defaultdict(list)
    for m in cast.mentions:
        if m.kind == "name" and m.character:
            names_of[m.character].append(m)
    into: dict[str, str] = {}
    for c in cast.characters:
        ms = names_of.get(c.id, [])
        if len(ms) < 2 or c.id in speakers:
            continue
        parties = set()
        for m in ms:
            qi = quote_at(m.start)
            part = next((p for p in quotes[qi].parts if p.start <= m.start and m.end <= p.end), None) if qi is not None else None
            if part is None or quotes[qi].speaker is None or not addressed_by_name(text, part.start, part.end, m.start, m.end):
                break
            said_by = quotes[qi].speaker
            near = {quotes[j].speaker for j in (qi - 1, qi + 1) if 0 <= j < len(quotes)} - {said_by, None}
            if len(near) != 1:
                break
            parties |= near
        else:
            if len(parties) == 1 and (p := parties.pop()) != c.id:
                into[c.id] = p
    if not into:
        return cast, quotes
    by_id = {c.id: c for c in cast.characters}
    chars = []
    for c in cast.characters:
        if c.id in into:
            continue
        extra = [n for v, p in into.items() if p == c.id for n in (by_id[v].name, *by_id[v].aliases)]
        chars.append(replace(c, aliases=tuple(dict.fromkeys((*c.aliases, *extra)))) if extra else c)
    mentions = tuple(replace(m, character=into[m.character]) if m.character in into else m for m in cast.mentions)
    quotes = tuple(
        replace(q, addressees=tuple(dict.fromkeys(into.get(a, a) for a in q.addressees))) if set(q.addressees) & into.keys() else q
        for q in quotes
    )
    return Cast(characters=tuple(chars), mentions=mentions), quotes
