"""Which capitalised runs are people's names, from the evidence the scan gathered over the whole story.

A name is used as people are: the subject of clauses and of speech verbs, addressed, titled, capitalised
in mid-sentence, called a person by the parser; and it is not used as places, groups, oaths and common
words are (after an article or a preposition of place, in the plural, after "Oh", in lower case
elsewhere). ``accept_names`` decides multi-word runs first, lets a rejected run fall back to its single
names, then decides those; ``keep_names`` turns the accepted occurrences into name keys.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..lexicon import DEITY_WORDS, INTERJECTIONS, PLACE_HEADS, ROLE_WORDS, TITLES, is_diminutive
from .keys import NameKey, name_key
from .scan import NameStats, Occurrence, Scan
from .settings import CastSettings

_THE = "the "


def min_count(n_words: int, cfg: CastSettings) -> int:
    """Occurrences a name needs without other strong evidence: 2 in a story, more in a long novel
    (a capitalised word seen twice in 200,000 words is weak evidence of a character)."""
    return max(cfg.min_count_floor, round(1 + n_words / cfg.words_per_extra_count))


def n_names(words: tuple[str, ...]) -> int:
    """Names in a run, a family name with its particles counting as one ("Henry van der Luyden": 2)."""
    return sum(1 for w in words if not w.islower())


def plural_of(words: tuple[str, ...], accepted: set) -> bool:
    """"Bennets" of "Bennet", "van der Luydens" of "van der Luyden"."""
    *lead, w = words
    return (w.endswith("s") and (*lead, w[: -len("s")]) in accepted) or (w.endswith("es") and (*lead, w[: -len("es")]) in accepted)


def _speaks_as_a_name(st: NameStats, cfg: CastSettings) -> bool:
    """A role the text uses as a name: it speaks, again and again ("said the Hatter"), or the author
    capitalises it mid-sentence nearly every time and makes it the subject of clause after clause
    ("the General frowned") and it speaks."""
    n = st.n
    if st.speech >= cfg.role_min_speech and st.speech >= cfg.role_min_speech_share * n:
        return True
    return (st.speech >= cfg.role_min_speech and st.mid_cap >= cfg.role_name_mid_cap_share * n
            and st.subj >= cfg.role_name_subject_share * n and n >= cfg.role_name_min_count)


def _title_as_name(st: NameStats, min_n: int, cfg: CastSettings) -> bool:
    """"The General", "the Colonel": a title the text, with its article, capitalises nearly every time
    and makes the subject of clause after clause, or lets speak, names one person (the one who holds
    it, if the text names one; see ``cluster``)."""
    n = st.n
    if st.det < cfg.title_name_min_article_share * n or n < max(min_n, cfg.title_name_min_count):
        return False
    return _speaks_as_a_name(st, cfg) or (st.mid_cap >= cfg.role_name_mid_cap_share * n
                                          and st.subj >= cfg.role_name_subject_share * n)


def _used_as_a_thing(key: tuple[str, ...], st: NameStats, min_n: int, single: bool, cfg: CastSettings) -> bool:
    """Is the run used as a title alone, a noun, a group, an oath, a place or a thing rather than as a
    person's name?"""
    n = st.n
    last = key[-1].lower()
    # A title alone is no name ("Mr.", "my Lord") unless the text lets it stand for one person.
    title_as_name = single and last in TITLES and _title_as_name(st, min_n, cfg)
    if last in TITLES and not st.titled and not title_as_name:
        return True
    # "the Slayer": proper names take no article — unless the role speaks, again and again, as
    # "said the Hatter", "the Duchess replied": then the text uses it as a character's name.
    if st.det >= cfg.article_max_share * n and not (_speaks_as_a_name(st, cfg) or title_as_name):
        return True
    # "the Italians", "Russians": a group. But a group does not speak, again and again, as one: a
    # name the parser labels a nationality ("Dorian") that does is a person's.
    if st.plural >= cfg.plural_max_share * n and not _speaks_as_a_name(st, cfg):
        return True
    if last in DEITY_WORDS and (st.speech < cfg.deity_min_speech or st.speech < cfg.deity_min_speech_share * n):
        return True  # "Thank God", "Lord knows": oaths
    # "Windy Corner", "Howards End", "Dorsetshire": English place names end in these heads.
    if last in PLACE_HEADS or last.endswith("shire"):
        if not (st.titled or st.speech >= max(cfg.place_head_min_speech, cfg.place_head_min_speech_share * n)):
            return True
    if last in INTERJECTIONS:
        return True
    if st.exclaim >= cfg.exclaim_max_share * n and st.speech == 0:  # "Oh God", "my Lord"
        return True
    if st.place >= cfg.place_max_share * n and st.speech + st.vocative == 0 and st.person < cfg.place_min_person_share * n:
        return True
    return _used_as_a_place(st, cfg)


def _used_as_a_place(st: NameStats, cfg: CastSettings) -> bool:
    """People act: a character's name is the subject of a clause, speaks, is addressed or titled. A place
    or house name ("at Netherfield", "from Kent") almost never is."""
    n = st.n
    agent = st.subj + st.speech + st.vocative + st.titled
    # A date does not speak: a name the parser takes for a month but that speaks is a woman's name.
    other_ent = st.other_ent + (st.date if st.speech < cfg.date_min_speech else 0)
    place_like = st.place + other_ent + cfg.org_place_weight * st.org
    if n >= cfg.agent_min_count and agent < cfg.agent_min_share * n and (place_like >= cfg.agent_place_max_share * n or agent == 0):
        return True
    if (place_like >= cfg.place_like_max_share * n and agent < cfg.place_like_min_agent_share * n
            and st.person < cfg.place_like_min_person_share * n):
        return True
    return other_ent >= cfg.other_entity_max_share * n and st.person < cfg.other_entity_min_person_share * n and st.speech + st.titled == 0


def _common_words_run(key: tuple[str, ...], st: NameStats, lower: Counter,
                      words_stats: dict[tuple[str, ...], NameStats] | None, cfg: CastSettings) -> bool:
    """"Despite Spike", "Someone Spike": a common word run into a name. But "Bill Gorton", "Harvey
    Stone", "May Welland" are names made of common words: the first word is written as a name
    (capitalised mid-sentence) more often than as a word, and the parser calls the whole a person
    nearly every time, or the first word is a name far more often than a word."""
    n = st.n
    if not any(lower.get(w.lower(), 0) > n for w in key if w[:1].isupper()):
        return False
    first = key[0]
    as_name = words_stats.get((first,)).mid_cap if words_stats and (first,) in words_stats else 0
    as_word = lower.get(first.lower(), 0)
    return not (as_name > as_word and (st.person >= cfg.common_word_name_person_share * n
                                        or as_name >= cfg.common_word_name_ratio * as_word))


def _not_a_one_word_name(key: tuple[str, ...], st: NameStats, lower: Counter, cfg: CastSettings) -> bool:
    """A single word that is a common word, a role word, or never capitalised mid-sentence."""
    n = st.n
    last = key[-1].lower()
    low = lower.get(last, 0)
    # A common word capitalised at sentence starts ("Tears", "Will you"): written lower case more
    # often than capitalised mid-sentence, and no speech or NER evidence to outweigh that.
    if low > st.mid_cap and st.speech < cfg.common_word_min_speech and st.person < cfg.common_word_min_person_share * n and not st.titled:
        return True
    if last in ROLE_WORDS and st.speech < cfg.role_word_min_speech and not (
        n >= cfg.role_word_min_count and st.subj >= cfg.role_word_min_subject_share * n
        and st.exclaim < cfg.role_word_max_exclaim_share * n
    ):
        return True
    # A one-word name is capitalised mid-sentence somewhere; one letter is an initial, not a name.
    return st.mid_cap == 0 or len(last) < cfg.min_name_length


def is_person(key: tuple[str, ...], st: NameStats, lower: Counter, min_n: int, single: bool, cfg: CastSettings,
              words_stats: dict[tuple[str, ...], NameStats] | None = None) -> bool:
    """Is the run ``key`` (one name when ``single``, else a full name) used as a person's name?"""
    n = st.n
    strong = st.speech + st.vocative + st.titled
    # A full name (two capitalised words the parser calls a person, or with a title) is evidence enough
    # once; a lone word needs to recur.
    if n < min_n and not (st.titled or (st.mid_cap and (st.speech or (not single and st.person)))):
        return False
    if _used_as_a_thing(key, st, min_n, single, cfg):
        return False
    if not single and _common_words_run(key, st, lower, words_stats, cfg):
        return False
    if single and _not_a_one_word_name(key, st, lower, cfg):
        return False
    person_weight = cfg.person_weight_single if single else cfg.person_weight_full
    evidence = person_weight * st.person + cfg.strong_weight * strong + cfg.subject_weight * st.subj + cfg.mid_cap_weight * st.mid_cap
    return evidence >= cfg.min_evidence


def accept_names(scan: Scan, min_n: int, cfg: CastSettings) -> tuple[set[tuple[str, ...]], list[Occurrence]]:
    """The runs of words that are names, and the occurrences to read (a rejected multi-word run replaced
    by its single names, whose evidence is added then)."""
    # Decide multi-word runs first; a rejected run ("Oh Buffy", "Sunnydale High") falls back to its words.
    accepted: set[tuple[str, ...]] = set()
    for key, st in scan.stats.items():
        if n_names(key) > 1 and is_person(key, st, scan.lower, min_n, False, cfg, words_stats=scan.stats):
            accepted.add(key)
    occs: list[Occurrence] = []
    for o in scan.occs:
        if len(o.words) > 1 and o.words not in accepted and o.parts:
            for part in o.parts:
                if not o.weak:
                    part.add_evidence(scan.stats[part.occurrence.words], cfg)
                occs.append(part.occurrence)
        else:
            occs.append(o)
    rejected = []
    for key, st in scan.stats.items():
        if n_names(key) == 1:
            if is_person(key, st, scan.lower, min_n, True, cfg):
                accepted.add(key)
            elif (len(key) == 1 and st.vocative + st.speech + st.subj and not (st.det or st.exclaim)
                  and len(key[0]) >= cfg.pet_name_min_length and scan.lower.get(key[0].lower(), 0) == 0):
                rejected.append(key[0])
    # A pet name seen only at the head of a speech ("Dawnie, wait!") is a name when it is the
    # diminutive of a name the text already uses.
    given = {w[0] for w in accepted} | {w[0] for w in accepted if len(w) > 1}
    for w in rejected:
        if any(is_diminutive(w, g, scan.lower.keys()) for g in given):
            accepted.add((w,))
    return accepted, occs


@dataclass
class KeptNames:
    """The accepted occurrences with their name keys, how often each key is used and how it is written."""

    kept: list[tuple[Occurrence, NameKey]]
    counts: Counter
    surfaces: dict[NameKey, Counter]


def keep_names(text: str, scan: Scan, accepted: set[tuple[str, ...]], occs: list[Occurrence],
               cfg: CastSettings) -> KeptNames:
    """The occurrences of accepted names that name one person: not a family in the plural ("the Miss
    Bennets", "the Collinses"), not a saint's name (in fiction mostly places and churches)."""
    out = KeptNames([], Counter(), defaultdict(Counter))
    for o in occs:
        if o.words not in accepted:
            continue
        # A name at a sentence start the parser took for another word is a name when the text never
        # writes any of its words in lower case ("Elinor could not", but not "Will you").
        if o.weak and any(scan.lower.get(w.lower(), 0) for w in o.words):
            continue
        if n_names(o.words) == 1 and plural_of(o.words, accepted):
            continue
        if o.title == "saint":  # "St. James", "St. Paul's"
            continue
        key = name_key(o.title, o.words)
        out.counts[key] += 1
        surface = " ".join(text[o.start : o.end].split())
        st = scan.stats.get(o.words)
        if (o.title is None and st and st.det >= cfg.role_surface_article_share * st.n
                and text[max(0, o.start - len(_THE)) : o.start].lower() == _THE):
            surface = _THE + surface  # a role the text uses as a name: "the Hatter", "the General"
        out.surfaces[key][surface] += 1
        out.kept.append((o, key))
    return out
