"""Each character's gender: F, M or U.

Gendered titles decide ("Mr.", "Mrs.", "Miss", "Lady"): one character is not both. Otherwise the
evidence is weighed as log-odds of female: the pronouns that follow the character as a subject in
narration, the given name's prior (nomquamgender, see ``lexicon.female_prior``), and a lean towards men
for military ranks.
"""

from __future__ import annotations

import math
from collections import Counter

from ..lexicon import MILITARY_RANKS, TITLES, female_prior, title_class, title_key
from .cluster import Cluster
from .coref import pronoun_votes
from .scan import Scan
from .settings import CastSettings


def genders(clusters: list[Cluster], names, scan: Scan, fixed: dict[int, str], cfg: CastSettings) -> dict[int, str]:
    """F/M/U per cluster index; ``fixed``: genders a roster gives."""
    votes = pronoun_votes(names, scan.pronouns, scan.sent_para, cfg)
    titles, given = _titles_and_given(clusters)
    priors = dict(zip(given, female_prior(list(given.values()))))
    out = {}
    for i in range(len(clusters)):
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
            score -= cfg.rank_log_odds
        f, m = votes.get(i, (0, 0))
        score += max(-cfg.pronoun_max_log_odds, min(cfg.pronoun_max_log_odds, cfg.pronoun_vote_log_odds * (f - m)))
        p = priors.get(i)
        if p is not None:
            p = min(max(p, cfg.prior_min), cfg.prior_max)
            score += math.log(p / (1 - p))
        out[i] = "F" if score > cfg.gender_min_log_odds else "M" if score < -cfg.gender_min_log_odds else "U"
    return out


def _titles_and_given(clusters: list[Cluster]) -> tuple[dict[int, Counter], dict[int, str]]:
    """Per cluster: the title evidence (gender -> uses, "rank" -> uses of a military rank), and its
    commonest given name (the first word of a full name or of an untitled name)."""
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
            if tc in MILITARY_RANKS:  # in English fiction until recently held by men: a lean, not a rule
                t["rank"] += n
        titles[i] = t
        if g:
            given[i] = Counter(g).most_common(1)[0][0]
    return titles, given
