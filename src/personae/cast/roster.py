"""A given cast (a roster): its characters are the cast, found in the text by their aliases; names the
text clearly uses that no alias covers become extra characters."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..context import Story
from ..lexicon import ARTICLES
from ..model import Character
from ..spans import SpanIndex
from .characters import Cast, to_cast
from .cluster import Cluster, cluster_names, full_titled
from .coref import NameMention
from .evidence import KeptNames
from .gender import genders
from .keys import NameKey
from .scan import Scan
from .settings import CastSettings

# Parts of speech of a one-word alias the parser reads as a verb or a function word ("Will you…").
_NOT_A_NAME_HERE = ("AUX", "VERB", "ADV", "ADP", "PRON", "DET", "SCONJ", "CCONJ", "PART")


def with_roster(story: Story, scan: Scan, roster: Sequence[Character], names: KeptNames, min_n: int,
                cfg: CastSettings) -> Cast:
    """The given cast: every alias found in the story text (longest first, at word boundaries, with or
    without a title); names the text clearly uses that match no alias become extra characters."""
    text = story.text
    alias_ids: dict[str, list[int]] = defaultdict(list)
    for ri, ch in enumerate(roster):
        for a in (ch.name, *ch.aliases):
            a = a.strip()
            if a and ri not in alias_ids[a]:
                alias_ids[a].append(ri)
    clusters = [Cluster() for _ in roster]
    fixed = {ri: ch for ri, ch in enumerate(roster)}
    mentions: list = []
    taken: list[tuple[int, int]] = []
    if alias_ids:
        hits = _find_aliases(text, story.paragraphs, alias_ids)
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
            if " " not in a and t0 >= 0 and scan.tok_pos[t0] in _NOT_A_NAME_HERE:
                continue
            if t0 < 0 or t0 >= len(ts) or not scan.tok_sent:
                continue  # inside a heading line the scan skipped
            sent = scan.tok_sent[t0]
            para = scan.sent_para[sent]
            subj = any(scan.tok_subj[t0:max(t1, t0 + 1)])
            mentions.append(NameMention(s, e, ri, sent, para, subj, story.in_quotes(s)))
            clusters[ri].add(NameKey(None, tuple(a.split())), 1)
            taken.append((s, e))
    base = len(clusters)
    extra_clusters, extra_mentions = _extra_characters(scan, names, alias_ids, taken, min_n, base, cfg)
    clusters.extend(extra_clusters)
    mentions.extend(extra_mentions)
    mentions.sort(key=lambda m: m.start)
    fixed_g = {ri: ch.gender for ri, ch in enumerate(roster) if ch.gender in ("F", "M", "X")}
    found = genders(clusters, mentions, scan, fixed_g, cfg)
    ids = {ri: ch.id for ri, ch in enumerate(roster)}
    return to_cast(scan, clusters, mentions, found, names.surfaces, ids, fixed, cfg)


def _extra_characters(scan: Scan, names: KeptNames, alias_ids: dict[str, list[int]], taken: list[tuple[int, int]],
                      min_n: int, base: int, cfg: CastSettings) -> tuple[list[Cluster], list[NameMention]]:
    """Discovered names no alias covers, clustered as characters of their own (only well-attested ones,
    and none sharing a word with an alias); cluster indices start at ``base``."""
    taken_spans = SpanIndex(sorted(taken))
    extra_counts: Counter = Counter()
    extra_occs = []
    for o, key in names.kept:
        if taken_spans.overlaps(o.start, o.end):
            continue
        extra_counts[key] += 1
        extra_occs.append((o, key))
    known_words = {w for a in alias_ids for w in a.split()}
    extra = {k: n for k, n in extra_counts.items()
             if n >= max(cfg.roster_extra_min_count, min_n) and not set(k[1]) & known_words}
    clusters, where = cluster_names(extra, full_titled(extra_occs), set(scan.lower), cfg)
    mentions = [NameMention(o.start, o.end, base + where[key], o.sent, o.para, o.subj, o.quoted)
                for o, key in extra_occs if key in where]
    return clusters, mentions


# Words for alias matching: split at spaces and at dashes ("dancing?--Mr. Darcy", "Darcy—and").
_WS_TOKEN = re.compile(r"(?:(?!--)[^\s—–])+")
_LEAD = "“\"‘'([—–-"


def _find_aliases(text: str, paragraphs, alias_ids: dict[str, list[int]]) -> list[tuple[int, int, str]]:
    """Every occurrence of a roster alias in the paragraphs: longest first, whole words (a possessive
    's or trailing punctuation may follow), one dictionary look-up per word and length — linear in the
    text. Aliases led by an article ("The Servant") also match in lower case ("the servant")."""
    exact: dict[tuple[str, ...], str] = {}
    folded: dict[tuple[str, ...], str] = {}
    for a in alias_ids:
        words = tuple(a.split())
        if not words:
            continue
        exact[words] = a
        if words[0].lower() in ARTICLES and len(words) > 1:
            folded[tuple(w.lower() for w in words)] = a
    if not exact:
        return []
    maxlen = max(len(k) for k in exact)
    firsts = {k[0] for k in exact} | {k[0] for k in folded}
    hits = []
    for p in paragraphs:
        toks = [(m.start(), m.group()) for m in _WS_TOKEN.finditer(text, p.start, p.end)]
        i = 0
        while i < len(toks):
            s0, w0 = toks[i]
            lead = len(w0) - len(w0.lstrip(_LEAD))
            w0 = w0[lead:]
            if not w0 or (_strip(w0) not in firsts and w0 not in firsts and w0.lower() not in firsts and _strip(w0).lower() not in firsts):
                i += 1
                continue
            found = None
            for n in range(min(maxlen, len(toks) - i), 0, -1):
                inner = [w0] + [toks[i + k][1] for k in range(1, n)]
                last = _strip(inner[-1])
                # Inner words carry no punctuation: "Darcy, Bingley" is no "Darcy Bingley".
                if n > 1 and any(_strip(w) != w and not w.endswith(".") for w in inner[:-1]):
                    continue
                for cand in dict.fromkeys((inner[-1], last)):
                    key = tuple(inner[:-1]) + (cand,)
                    a = exact.get(key) or folded.get(tuple(w.lower() for w in key))
                    if a is not None:
                        start = s0 + lead
                        end = toks[i + n - 1][0] + (lead if n == 1 else 0) + len(cand)
                        found = (start, end, a), n
                        break
                if found:
                    break
            if found:
                hit, n_words = found
                hits.append(hit)
                i += n_words
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


