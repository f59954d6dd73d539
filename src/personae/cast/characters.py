"""From clusters to the cast's records: pronouns resolved, the narrator placed, each character named,
given an id and an importance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Character, Mention, Quote
from .cluster import Cluster
from .coref import resolve
from .keys import written_key
from .scan import Scan
from .settings import DEFAULT_SETTINGS, CastSettings

NARRATOR = "Narrator"
# Confidences are written with this many decimals.
_CONFIDENCE_DIGITS = 3


@dataclass(frozen=True)
class Cast:
    characters: tuple[Character, ...]
    # Every resolved reference (names, pronouns, descriptions), in text order.
    mentions: tuple[Mention, ...]


def importance(n: int, top: int, cfg: CastSettings) -> str:
    """Major: near the top of the cast; intermediate: a recurring part; minor: the rest."""
    if top and n >= cfg.major_min_share * top and n >= cfg.major_min_count:
        return "major"
    if n >= max(cfg.intermediate_min_count, cfg.intermediate_min_share * top):
        return "intermediate"
    return "minor"


def _narrator_name(names, cfg: CastSettings) -> int | None:
    """The cluster that names a first-person narrator: others call the narrator by name in dialogue
    ("Jake, you're drunk"), while the narration itself says "I". So: the name used most inside quotations
    that the narration almost never uses."""
    quoted: Counter = Counter()
    narrated: Counter = Counter()
    for m in names:
        (quoted if m.quoted else narrated)[m.cluster] += 1
    for c, q in quoted.most_common():
        if q >= cfg.narrator_name_min_quoted and narrated.get(c, 0) <= cfg.narrator_name_max_narrated_share * q:
            return c
    return None


def to_cast(scan: Scan, clusters: list[Cluster], names, genders: dict[int, str], surfaces: dict,
            ids: dict[int, str] | None, fixed: dict[int, Character], cfg: CastSettings) -> Cast:
    """The cast: pronouns and descriptions resolved to the clusters, the first-person narrator given
    the name others call them by (or a character of their own), characters ordered by mentions and
    given ids (``ids``: a roster's; ``fixed``: roster characters kept as given)."""
    resolved = resolve(names, scan.pronouns, scan.descs, scan.words_outside, genders, cfg, n_clusters=len(clusters))
    narrator = resolved.narrator
    named_narrator = False
    if narrator is not None:
        who = _narrator_name(names, cfg)
        if who is not None:
            resolved.mentions = [
                replace(m, cluster=who) if m.cluster == narrator and m.kind == "narrator" else m for m in resolved.mentions
            ]
            narrator, named_narrator = who, True
        else:
            clusters = [*clusters, Cluster()]
    per: Counter = Counter(m.cluster for m in resolved.mentions if m.cluster is not None)
    order = sorted(range(len(clusters)), key=lambda i: (-per.get(i, 0), i))
    top = per.most_common(1)[0][1] if per else 0
    id_of = _ids(order, ids)
    chars: list[Character] = []
    for i in order:
        c = clusters[i]
        rank = importance(per.get(i, 0), top, cfg)
        if i in fixed:
            base = fixed[i]
            chars.append(replace(base, gender=genders.get(i, base.gender), importance=rank))
            continue
        if narrator is not None and i == narrator and not named_narrator:
            name, aliases = NARRATOR, []  # an unnamed narrator: a character of their own, no names
        else:
            name, aliases = best_name(c, surfaces, cfg)
            if narrator is not None and i == narrator:
                aliases = [*aliases, NARRATOR]
        chars.append(Character(id=id_of[i], name=name, aliases=tuple(aliases), gender=genders.get(i, "U"), importance=rank))
    mentions = tuple(
        Mention(m.start, m.end, id_of.get(m.cluster) if m.cluster is not None else None, m.kind, round(m.confidence, _CONFIDENCE_DIGITS))
        for m in resolved.mentions
    )
    return Cast(characters=tuple(chars), mentions=mentions)


def _ids(order: list[int], ids: dict[int, str] | None) -> dict[int, str]:
    """Cluster -> character id: a roster's id, else C0, C1, ... in order of mentions (skipping ids the
    roster uses)."""
    id_of: dict[int, str] = {}
    n = 0
    for i in order:
        if ids and i in ids:
            id_of[i] = ids[i]
            continue
        cid = f"C{n}"
        while ids and cid in ids.values():
            n += 1
            cid = f"C{n}"
        n += 1
        id_of[i] = cid
    return id_of


def best_name(c: Cluster, surfaces: dict, cfg: CastSettings) -> tuple[str, list[str]]:
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
        return surfaces[key].most_common(1)[0][0] if surfaces.get(key) else written_key(key)

    def commonest(keys: list) -> tuple:
        return max(keys, key=lambda k: (c.keys[k], len(k[1])))

    if titled and (n_titled > cfg.titled_name_share * c.count or n_titled == c.count):
        name = written(commonest(titled))
    elif fulls:
        name = written(commonest(fulls))
    elif full_any:
        name = written(commonest(full_any), keep_title=False)
    else:
        name = written(max(c.keys, key=lambda k: c.keys[k]))
    aliases = [s for s, _ in forms.most_common() if s != name]
    return name, aliases


def with_counts(cast: Cast, quotes: Sequence[Quote], cfg: CastSettings = DEFAULT_SETTINGS) -> tuple[Character, ...]:
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
    weight = {c.id: mentions.get(c.id, 0) + cfg.quote_weight * spoken.get(c.id, 0) for c in cast.characters}
    top = max(weight.values(), default=0)
    out = [
        replace(c, mentions=mentions.get(c.id, 0), quotes=spoken.get(c.id, 0), importance=importance(weight[c.id], top, cfg))
        for c in cast.characters
    ]
    out.sort(key=lambda c: -weight[c.id])
    return tuple(out)
