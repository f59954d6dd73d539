"""Name keys grouped into characters: which names are one person.

``cluster_names`` reads the accepted keys in three steps, most informative first:

1. full names (given + family name): one person per (given name, family name), a nickname of the
   given name being the same person ("Lizzy Bennet" of "Elizabeth Bennet");
2. a title with one word ("Mr. Darcy", "Miss Lizzy"): the one person of that family (or given name)
   the title fits, unless the text keeps a second holder apart;
3. one bare word: a given name, a family name, a nickname, or a title standing alone ("the Colonel").

What a step decides stays decided; each later step reads the clusters the earlier ones made.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..lexicon import GIVEN_NAME_TITLES, TITLES, WIFE_TITLES, female_prior, is_diminutive, title_class, title_key
from .keys import NameKey
from .settings import CastSettings


@dataclass
class Cluster:
    """One character's names while the cast is being built."""

    keys: Counter = field(default_factory=Counter)  # NameKey -> count
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


def is_female(c: Cluster, cfg: CastSettings) -> bool:
    if c.title_gender:
        return c.title_gender.most_common(1)[0][0] == "F"
    return c.prior is not None and c.prior > cfg.female_name_min_prior


def gender_ok(c: Cluster, tg: str | None, cfg: CastSettings) -> bool:
    """Could a person titled with gender ``tg`` be this cluster? Titles first, then the given-name prior."""
    if tg is None:
        return True
    if c.title_gender:
        return c.title_gender.most_common(1)[0][0] == tg
    p = c.prior
    if p is None:
        return True
    return p >= cfg.male_name_max_prior if tg == "F" else p <= cfg.female_name_min_prior


def together(kept, cfg: CastSettings) -> Counter:
    """Pairs of name keys used in one sentence, with the number of such sentences: "“Jane, my dear,”
    said Mrs. Bennet" names two people."""
    by_sent: dict[int, set] = defaultdict(set)
    for o, key in kept:
        by_sent[o.sent].add(key)
    out: Counter = Counter()
    for keys in by_sent.values():
        if 1 < len(keys) <= cfg.together_max_names:
            ks = sorted(keys, key=str)
            out.update(frozenset((a, b)) for i, a in enumerate(ks) for b in ks[i + 1 :])
    return out


def full_titled(kept) -> Counter:
    """How often each (title class, given name, family name) is used: "Mr. John Knightley"."""
    out: Counter = Counter()
    for o, key in kept:
        if o.title and len(o.words) > 1:
            out[(o.title, o.words[0], o.words[-1])] += 1
    return out


def cluster_names(accepted: dict[NameKey, int], full_titled: Counter, common: set[str], cfg: CastSettings,
                  together: Counter | None = None,
                  positions: dict[NameKey, list[int]] | None = None) -> tuple[list[Cluster], dict[NameKey, int]]:
    """Group accepted name keys (with their counts) into characters. ``full_titled`` counts (title
    class, given, surname) uses; ``common``: words the text writes in lower case; ``together``: pairs of
    keys named in one sentence; ``positions``: each key's start offsets, in order. Returns the clusters
    and key -> cluster index."""
    c = _Clustering(accepted, full_titled, common, together or Counter(), positions, cfg)
    c.full_names()
    c.index_names()
    c.titled_names()
    c.bare_names()
    return c.clusters, c.where


class _Clustering:
    """The three steps of ``cluster_names`` and the look-ups they share."""

    def __init__(self, accepted, full_titled, common, together, positions, cfg: CastSettings) -> None:
        self.accepted = accepted
        self.full_titled = full_titled
        self.common = common
        self.together = together
        self.positions = positions
        self.cfg = cfg
        self.clusters: list[Cluster] = []
        self.where: dict[NameKey, int] = {}
        self.full: dict[tuple[str, str], int] = {}  # (given, surname) -> cluster
        self.titled_full: dict[tuple[str, str, str], int] = {}  # "Mrs. John Knightley": his wife
        self.by_surname: dict[str, list[int]] = defaultdict(list)
        self.by_given: dict[str, list[int]] = defaultdict(list)
        self.titled: dict[tuple[str, str], int] = {}  # (title class, word) -> cluster of its own
        self.titled_by_word: dict[str, list[int]] = defaultdict(list)
        self.bare: dict[str, int] = {}  # a bare given name -> the cluster made for it
        given_words = sorted({k[1][0] for k in accepted if len(k[1]) > 1 or not k[0]})
        self.prior = dict(zip(given_words, female_prior(given_words)))

    def new(self) -> int:
        self.clusters.append(Cluster())
        return len(self.clusters) - 1

    def place(self, key: NameKey, ci: int) -> None:
        self.clusters[ci].add(key, self.accepted[key])
        self.where[key] = ci

    # --- 1. full names ----------------------------------------------------------------------------

    def full_names(self) -> None:
        """One person per (given, surname), nicknames merged; longest and commonest first."""
        multi = sorted((k for k in self.accepted if len(k[1]) > 1), key=lambda k: (-len(k[1]), -self.accepted[k]))
        for key in multi:
            tc, words = key
            given, surname = words[0], words[-1]
            tg = TITLES.get(tc) if tc else None
            p = self.prior.get(given)
            # "Mrs. John Knightley" is John Knightley's wife: English names a married woman by her
            # husband's full name ("Lady Brett Ashley" is still Brett's own name).
            if tc == "mrs" and p is not None and p < self.cfg.male_name_max_prior:
                self.husbands_name(key, tg)
                continue
            ci = self.full_name_cluster(key)
            c = self.clusters[ci]
            c.given.add(given)
            if tc:
                c.title_classes.add(tc)
                if tg:
                    c.title_gender[tg] += self.accepted[key]
                # "Mr. John Knightley", used repeatedly, tells this man from the plain "Mr. Knightley".
                if self.full_titled[(tc, given, surname)] >= self.cfg.full_title_min_count:
                    c.full_titles.add(tc)
            self.place(key, ci)
        for c in self.clusters:
            ps = [self.prior[g] for g in c.given if self.prior.get(g) is not None]
            c.prior = sum(ps) / len(ps) if ps else None

    def husbands_name(self, key: NameKey, tg: str | None) -> None:
        """"Mrs. John Knightley": a person of her own, the wife of the man of that full name."""
        tc, words = key
        given, surname = words[0], words[-1]
        ci = self.titled_full.get((tc, given, surname))
        if ci is None:
            ci = self.titled_full[(tc, given, surname)] = self.new()
            self.clusters[ci].surname = surname
            self.clusters[ci].title_gender[tg] += 1
        self.place(key, ci)

    def full_name_cluster(self, key: NameKey) -> int:
        """The cluster of a full name: the same (given, surname), a nickname of the given name with the
        same surname, or the one longer full name it begins; else a new one."""
        tc, words = key
        given, surname = words[0], words[-1]
        ci = self.full.get((given, surname))
        if ci is None:
            for (g, s), c in self.full.items():
                if s == surname and is_diminutive(given, g, self.common):
                    ci = c
                    break
        if ci is None and not tc:
            # The leading words of one longer full name are that person ("Antonida Vassilievna" of
            # "Antonida Vassilievna Tarassevitcha", a given name and patronymic without the surname).
            longer = {self.where[k] for k in self.where if len(k[1]) > len(words) and k[1][: len(words)] == words}
            if len(longer) == 1:
                ci = longer.pop()
        if ci is None:
            ci = self.new()
            self.clusters[ci].surname = surname
            self.full[(given, surname)] = ci
        return ci

    def index_names(self) -> None:
        """Who goes by each family name and each given form (nicknames too: "Eliza Bennet" in Elizabeth's)."""
        for (g, s), ci in self.full.items():
            if ci not in self.by_surname[s]:
                self.by_surname[s].append(ci)
        for ci, c in enumerate(self.clusters):
            for g in sorted(c.given):
                if ci not in self.by_given[g]:
                    self.by_given[g].append(ci)

    # --- 2. a title with one word -----------------------------------------------------------------

    def titled_names(self) -> None:
        """"Mr. Darcy" is Fitzwilliam Darcy (same family name, compatible gender) unless the text keeps
        "Mr. John Knightley" apart from "Mr. Knightley"; commonest first."""
        for key in sorted((k for k in self.accepted if len(k[1]) == 1 and k[0]), key=lambda k: -self.accepted[k]):
            tc, (w,) = key
            tg = TITLES.get(tc)
            cands = self.titled_candidates(key, tg)
            ci = cands[0] if len(cands) == 1 else self.titled.get((tc, w))
            if ci is None:
                ci = self.new()
                self.clusters[ci].surname = w
                self.clusters[ci].prior = None
                self.titled[(tc, w)] = ci
                self.titled_by_word[w].append(ci)
            if tg:
                self.clusters[ci].title_gender[tg] += self.accepted[key]
            self.clusters[ci].title_classes.add(tc)
            self.place(key, ci)

    def fits(self, ci: int, key: NameKey, tg: str | None) -> bool:
        """One person is not both "Miss Bates" and "Mrs. Bates", nor "Lady Lucas" and "Miss Lucas"."""
        tc = key[0]
        c = self.clusters[ci]
        if self.named_apart(key, c):
            return False
        return gender_ok(c, tg, self.cfg) and not (c.title_classes - {tc})

    def named_apart(self, key: NameKey, c: Cluster, with_given: bool = False) -> bool:
        """Is the titled name used, again and again, in one sentence with this person's names? Then it
        is someone else: "“Jane, my dear,” said Mrs. Bennet", "Mr. Ashby and his son Henry Ashby". Once
        or twice in a long book is a restatement ("Mrs. Pontellier ... Edna"), not two people. A full
        name that begins with the titled word ("Sir Walter" beside "Sir Walter Elliot") is no sign."""
        names = {k for k in c.keys if len(k[1]) > 1 and k[1][0] != key[1][0]}
        if key[0] in WIFE_TITLES or with_given:
            # A mother talks to her daughter by her given name. A young woman's given name beside "Miss
            # Woodhouse" is no such sign when the text ties them itself (her friends call her by both in
            # one breath), only when the title is matched to her by sex alone (``with_given``).
            names |= {NameKey(None, (g,)) for g in c.given}  # (bare names are placed after titled ones)
        n = sum(self.together[frozenset((key, k))] for k in names)
        return n >= max(self.cfg.apart_together_min_count, self.cfg.apart_together_min_share * self.accepted[key])

    def titled_candidates(self, key: NameKey, tg: str | None) -> list[int]:
        tc, (w,) = key
        if tc in WIFE_TITLES and any(s == w for (_t, _g, s) in self.titled_full):
            # A wife of the family is named by her husband's name ("Mrs. Peter Ashby"): "Mrs. Ashby"
            # may be her or another, and no woman's own given name tells which.
            return []
        family = self.by_surname.get(w, [])
        if len(family) > 1:
            # Several people of one family ("Elizabeth Bennet", "Jane Bennet", "Lydia Bennet"): "Mrs.
            # Bennet" is none of them unless the text gives one of them that very title with her full
            # name. English calls a mother, a father, an eldest daughter by title and family name alone.
            cands = [ci for ci in family if tc in self.clusters[ci].title_classes
                     and tc not in self.clusters[ci].full_titles and self.fits(ci, key, tg)]
            if not cands:
                cands = self.one_of_the_sex(key, tg, family)
        else:
            # One person of that name: "Miss Fairfax" is Jane Fairfax even when the text also says "Miss
            # Jane Fairfax", "Captain Wentworth" is Captain Frederick Wentworth; but "Mr. John Knightley",
            # used repeatedly, marks a man apart from "Mr. Knightley" (English gives a younger brother his
            # given name after "Mr.") when "Mr. Knightley" was in use before that full name came (see
            # ``came_first``). A form used once or twice is a variant, not evidence of a second man ("I
            # am Mr. Holmes" beside "Mr. Sherlock Holmes").
            apart = tc == "mr" and self.accepted[key] >= self.cfg.apart_min_count
            cands = [ci for ci in family if not (apart and tc in self.clusters[ci].full_titles and self.came_first(key, ci))
                     and self.fits(ci, key, tg)]
        if len(cands) != 1 and tc in GIVEN_NAME_TITLES:
            cands = [ci for ci in self.by_given.get(w, ()) if self.fits(ci, key, tg)]
            if len(cands) > 1:  # "Sir William": the William the text also calls "Sir William Lucas"
                cands = [ci for ci in cands if tc in self.clusters[ci].title_classes] or cands
            if not cands and tc in ("miss", "lady", "sir", "lord"):
                d = self.diminutive_of(w, tg, key)  # "Miss Lizzy", "Miss Eliza"
                cands = [d] if d is not None else []
        if not cands and not family and tg:
            cands = self.titled_given_name(key, tg)
        return cands

    def titled_given_name(self, key: NameKey, tg: str) -> list[int]:
        """"Mrs. Rachel", "Mr. Lawrence": a title before a word no family of the text bears is the one
        person of the title's sex with that given name ("Rachel Lynde", "Lawrence Cavendish"), or with
        the one given name it is a pet form of ("Mr. Frank", Francis Oakley)."""
        (w,) = key[1]
        cands = [ci for ci in self.by_given.get(w, ()) if self.sex(self.clusters[ci]) == tg and self.fits(ci, key, tg)]
        if not cands and w not in self.by_given:
            d = self.diminutive_of(w, tg, key, pending_too=False)
            cands = [d] if d is not None and self.sex(self.clusters[d]) == tg and self.fits(d, key, tg) else []
        return cands if len(cands) == 1 else []

    def one_of_the_sex(self, key: NameKey, tg: str | None, family: list[int]) -> list[int]:
        """The one person of a family whose given name is of the title's sex: "Miss Morland" is
        Catherine Morland when her brother James is the family's only other given name, "Mr. Tilney"
        is Henry when his sister is the other and his brother is "Captain Tilney". None when two of
        that sex are named (sisters: "Miss Bennet" is the eldest, whom the text does not tell), when
        one member's sex is unclear, nor for "Mrs." when "Miss" of that family is also in use (a
        daughter beside her mother: the given name is the daughter's)."""
        tc, (w,) = key
        if tg is None or (tc in WIFE_TITLES and ("miss", (w,)) in self.accepted):
            return []
        known = self.known_by(key, family)
        if any(self.sex(self.clusters[ci]) == tg for ci in known):
            family = known
        sexes = [self.sex(self.clusters[ci]) for ci in family]
        if None in sexes:
            return []  # a member of unknown sex could be the one
        # A man the text gives another title ("Captain Tilney") is called by that one, not "Mr.", and
        # the one holder must be tied to the family name more than once ("Randolph Miller" once, a
        # boy, is not "Mr. Miller").
        cands = [ci for ci, sex in zip(family, sexes) if sex == tg and self.fits(ci, key, tg)]
        if len(cands) != 1:
            return []
        c = self.clusters[cands[0]]
        # English gives a younger sister the title with her given name ("Miss Marianne"); the title
        # with the family name alone is then the eldest's, whom the text may never name in full.
        if any(self.accepted.get((tc, (g,)), 0) >= self.cfg.full_title_min_count for g in c.given):
            return []
        # A guess from the sex alone yields to her given name beside the title again and again
        # ("Diana" and "Miss Barry", her great-aunt, in sentence after sentence).
        if self.named_apart(key, c, with_given=True):
            return []
        if sum(n for k, n in c.keys.items() if len(k[1]) > 1 and k[1][-1] == w) < self.cfg.family_holder_min_full_names:
            return []
        return cands

    def known_by(self, key: NameKey, family: list[int]) -> list[int]:
        """The members of a family the text has named in full by the last use of the titled name: a
        reader takes "Miss Welland" of the first chapters for the daughter introduced there, not for the
        mother whose given name comes chapters later ("Augusta Welland"). (When no one of the title's
        sex is known yet, the reader waits: "Miss Tilney" is told her given name later.)"""
        uses = (self.positions or {}).get(key)
        if not uses:
            return family
        return [ci for ci in family if (first := self.first_full_name(ci)) is not None and first <= uses[-1]]

    def first_full_name(self, ci: int) -> int | None:
        """Where the text first names this person in full (given and family name), if it does."""
        starts = [self.positions[k][0] for k in self.clusters[ci].keys if len(k[1]) > 1 and self.positions.get(k)]
        return min(starts, default=None)

    def sex(self, c: Cluster) -> str | None:
        """This person's sex by a title already given or by a clear given name; None when unclear."""
        if c.title_gender:
            return c.title_gender.most_common(1)[0][0]
        p = c.prior
        if p is not None and p >= self.cfg.female_name_min_prior:
            return "F"
        if p is not None and p <= self.cfg.male_name_max_prior:
            return "M"
        return None

    def came_first(self, key: NameKey, ci: int) -> bool:
        """Was "Mr. Knightley" in use (twice at least) before the text first gave the full name of
        ``ci``? A full name arriving after the short form is established marks a second man ("Mr. John
        Knightley", the brother); a man introduced by his full name is then called by the short form
        ("Mr. Thomas Marvel", then "Mr. Marvel"). Without positions, assume the former."""
        positions = self.positions
        if positions is None or not positions.get(key):
            return True
        firsts = [positions[k][0] for k in self.clusters[ci].keys if len(k[1]) > 1 and positions.get(k)]
        return not firsts or bisect.bisect_left(positions[key], min(firsts)) >= self.cfg.short_form_first_count

    def first_name_terms(self, ci: int) -> bool:
        """Does the text call this person by the given name, untitled, at least as often as by a title?
        Pet names and diminutives are for such people ("Lizzy" for the "Elizabeth" of the narration),
        not for one the text keeps at a title's distance ("Lady Catherine")."""
        c = self.clusters[ci]
        bare = sum(self.accepted.get((None, (g,)), 0) for g in c.given)
        bare += sum(n for (t, ws), n in c.keys.items() if not t and len(ws) > 1)
        titled_n = sum(n for (t, ws), n in c.keys.items() if t)
        return bare >= titled_n

    def diminutive_of(self, w: str, tg: str | None, key: NameKey | None = None, pending_too: bool = True) -> int | None:
        """The one character whose given name ``w`` is a nickname or diminutive of (or the full form of),
        if only one could be. Only the names people were introduced by count: "Louisa" is not "Eliza"'s
        formal name just because "Eliza" is Elizabeth's nickname. Of several, the one named in the
        scenes where ``key`` is used ("Harry" beside Lord Henry Wotton, not a clerk Henry Ashton).
        ``pending_too``: a bare given name not yet placed may be the one (it is then given a cluster)."""
        common = self.common
        near: list = [ci for (g, _s), ci in self.full.items() if is_diminutive(w, g, common)]
        near += [ci for g, ci in self.bare.items() if is_diminutive(w, g, common)]
        near = [ci for ci in dict.fromkeys(near) if gender_ok(self.clusters[ci], tg, self.cfg)]
        if len(near) > 1 and key is not None and (ci := self.in_scene(key, near)) is not None:
            return ci
        near = [ci for ci in near if self.first_name_terms(ci)]
        # A pet form of a family name, the name lengthened, is its one holder's ("Skaggsy" of "Mr.
        # Skaggs"; a clipped "Ann" is no pet form of "Mr. Anning").
        near += [ci for s, cis in self.titled_by_word.items() if len(w) > len(s) and is_diminutive(w, s, common)
                 for ci in cis if ci not in near and gender_ok(self.clusters[ci], tg, self.cfg)]
        # A first name used only bare, not yet given a cluster ("Elizabeth" beside "Miss Lizzy").
        pending = [g for (t, ws), n in self.accepted.items() if not t and len(ws) == 1 and (g := ws[0]) not in self.bare
                   and g not in self.by_given and g not in self.by_surname and g not in self.titled_by_word
                   and is_diminutive(w, g, common) and gender_ok(Cluster(prior=self.prior.get(g)), tg, self.cfg)]
        if not pending_too:
            pending = []
        if len(near) + len(pending) != 1:
            return None
        if near:
            return near[0]
        g = pending[0]
        ci = self.bare[g] = self.new()
        self.clusters[ci].prior = self.prior.get(g)
        self.clusters[ci].given.add(g)
        return ci

    # --- 3. one bare word -------------------------------------------------------------------------

    def bare_names(self) -> None:
        """A given name, a family name, or a nickname of one; commonest first."""
        particled: dict[str, list[int]] = defaultdict(list)  # "Griers" -> the "de Griers" family
        for s2, cs in [*self.by_surname.items(), *self.titled_by_word.items()]:
            if " " in s2:
                particled[s2.rsplit(" ", 1)[1]].extend(cs)
        for key in sorted((k for k in self.accepted if len(k[1]) == 1 and not k[0]), key=lambda k: -self.accepted[k]):
            (w,) = key[1]
            ci = self.bare.get(w)  # made already for a nickname of it ("Miss Lizzy" before "Elizabeth")
            score = self.bare_scores(key, particled)
            if ci is None:
                ci = score.most_common(1)[0][0] if score else self.diminutive_of(w, None, key)
            if ci is None:
                ci = self.new()
                self.clusters[ci].prior = self.prior.get(w)
                self.clusters[ci].given.add(w)
                self.bare[w] = ci
            self.place(key, ci)

    def bare_scores(self, key: NameKey, particled: dict[str, list[int]]) -> Counter:
        """Candidates that use this word as a given name or as a family name, weighed by how often they
        do; a bare family name in English fiction mostly names the man of the family ("Bennet")."""
        cfg = self.cfg
        (w,) = key[1]
        clusters = self.clusters
        score: Counter = Counter()
        holders = self.by_given.get(w, [])
        if len(holders) > 1 and (ci := self.in_scene(key, holders)) is not None:
            return Counter({ci: 1})  # "John" in the scenes of John Beaver, not of the boy John Andrew
        for c in holders:
            score[c] += sum(n for k, n in clusters[c].keys.items() if k[1][0] == w) + cfg.candidate_base_score
        fam = self.by_surname.get(w, []) + self.titled_by_word.get(w, []) + particled.get(w, [])
        # A bare family name names a man when the family has one: women are "Miss Morland", "Catherine".
        men = [c for c in fam if not is_female(clusters[c], cfg)]
        for c in men or fam:
            factor = cfg.family_man_factor if clusters[c].title_gender.get("M") else 1
            score[c] += sum(n for k, n in clusters[c].keys.items() if k[1][-1] == w) * factor + cfg.candidate_base_score
        tk = title_key(w)
        if self.bare.get(w) is None and tk and not score:
            # A title standing alone ("the Colonel") is the person the text gives that title, when one
            # holds it (or nearly all its uses: a stray parse beside him is no rival).
            holders = sorted((cl.count, c) for c, cl in enumerate(clusters) if title_class(tk) in cl.title_classes)
            # The holder must be named often enough to be the one meant: "General Perovski" named once
            # is not "the General" of two hundred mentions.
            if (holders and (len(holders) == 1 or holders[-1][0] >= cfg.title_holder_dominance * holders[-2][0])
                    and holders[-1][0] >= cfg.title_holder_min_share * self.accepted[key]):
                score[holders[-1][1]] = 1
            elif holders and (ci := self.in_scene(key, [c for _n, c in holders])) is not None:
                score[ci] = 1
        return score

    def in_scene(self, key: NameKey, candidates: list[int]) -> int | None:
        """The one of ``candidates`` the text names just before this name again and again: a reader takes
        a form two people could bear for the one in the scene ("Professor de Worms", named a few times,
        then "the Professor" for chapters; "Harry" in the scenes of Lord Henry, not of a clerk Henry).
        None when the scenes name no candidate often enough, or two about as often."""
        cfg = self.cfg
        uses = (self.positions or {}).get(key)
        if not uses or not candidates:
            return None
        named = sorted((p, ci) for ci in set(candidates) for k in self.clusters[ci].keys for p in self.positions.get(k, ()))
        votes: Counter = Counter()
        for p in uses:
            i = bisect.bisect_left(named, (p, -1)) - 1
            if i >= 0 and p - named[i][0] <= cfg.scene_chars:
                votes[named[i][1]] += 1
        ranked = votes.most_common(2)
        if not ranked or ranked[0][1] < cfg.scene_min_share * len(uses):
            return None
        if len(ranked) > 1 and ranked[0][1] < cfg.scene_dominance * ranked[1][1]:
            return None
        return ranked[0][0]
