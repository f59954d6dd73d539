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
        if words[0].lower() in ARTICLES and len(words) > 1:
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
                        found = (s0 + lead, toks[i + n - 1][0] + (lead if n == 1 else 0) + len(cand), a), n
                        break
                # Inner words carry no punctuation: "Darcy, Bingley" is no "Darcy Bingley".
                if _strip(word) != word and not word.endswith("."):
                    break
                node_e, node_f = node_e.get(word) or {}, node_f.get(word.lower()) or {}
                if not node_e and not node_f:
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


