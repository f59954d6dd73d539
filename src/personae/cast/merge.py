"""Characters joined once their genders are known: titles of one sex before one family name.

A man is "Mr. Kemp" and "Dr. Kemp", "Captain Weston" and "Mr. Weston"; a married woman "Madame Olenska"
and "Countess Olenska". The clustering cannot see this before the genders are read (it needs the
pronouns), so it is a step of its own after them.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..lexicon import NOT_INTERCHANGEABLE_TITLES, TITLES, WIFE_TITLES, is_diminutive
from .cluster import Cluster


def merge_titles(clusters: list[Cluster], where: dict, genders: dict[int, str], together: Counter) -> bool:
    """Join the characters the text calls by one family name under different titles of one sex ("Mr.
    Kemp", "Dr. Kemp") when it gives no sign of two people: no two given names, no two of them named
    in one sentence, no title shared (which would have joined them already, unless the text keeps them
    apart), and no member of that sex and family named untitled only. Changes ``clusters`` and
    ``where`` in place; True when any were joined."""
    changed = False
    for (surname, g), members in _families(clusters, genders).items():
        members = _interchangeable(clusters, members, surname, g, together)
        if members:
            _join(clusters, where, members)
            changed = True
    if changed:
        keep = [i for i, c in enumerate(clusters) if c.keys]
        new_index = {old: new for new, old in enumerate(keep)}
        clusters[:] = [clusters[i] for i in keep]
        for k, i in where.items():
            where[k] = new_index[i]
    return changed


def _families(clusters: list[Cluster], genders: dict[int, str]) -> dict[tuple[str, str], list[int]]:
    """(family name, sex) -> the characters of that sex who go by that family name."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(clusters):
        g = genders.get(i)
        if g not in ("F", "M"):
            continue
        surnames = {ws[-1] for (tc, ws) in c.keys if len(ws) > 1 or (tc and ws[0] not in c.given)}
        for s in surnames:
            groups[(s, g)].append(i)
    return groups


def _interchangeable(clusters: list[Cluster], members: list[int], surname: str, g: str,
                     together: Counter) -> list[int]:
    """The members of one family and sex that are one person under different titles, or [] when the
    text gives a sign of two people."""
    # Titles that address one grown person interchangeably with "Mr." or "Mrs." and the family name: a
    # man is "Mr. Kemp" and "Dr. Kemp", "Captain Weston" and "Mr. Weston"; a married woman "Madame
    # Olenska" and "Countess Olenska", "Mrs. X" and "Lady X". Not "Miss" (a daughter: "Miss Bennet" is
    # not "Mrs. Bennet"), nor kinship titles ("Uncle X", "Father X"), nor "Master X" (a boy).
    allowed = (lambda t: t in WIFE_TITLES) if g == "F" else (lambda t: TITLES.get(t) != "F" and t not in NOT_INTERCHANGEABLE_TITLES)
    # Only a title with the bare family name is a form of address ("Lady X"); before a given name it
    # is a style of its own ("Lady Brenda", a peer's daughter; "Sir Walter").
    classes = {i: {tc for tc, ws in clusters[i].keys if tc and ws == (surname,)} for i in members}
    # A daughter ("Miss X"), a boy ("Master X"), a kinsman ("Uncle X") is another person: left apart.
    members = [i for i in members if not classes[i] or all(allowed(t) for t in classes[i])]
    if len(members) < 2 or not all(classes[i] for i in members):
        return []  # one of them is never "Title + family name": which of them it is, the text does not say
    if any(classes[a] & classes[b] for a in members for b in members if a < b):
        return []
    givens: list[str] = []
    for i in members:
        for w in clusters[i].given:
            if not any(w == v or is_diminutive(w, v) for v in givens):
                givens.append(w)
    if len(givens) > 1:
        return []  # two people given their own first names
    # Two of them named in one sentence are two people; a bare word ("Kemp", "Ellen") beside a
    # titled name is no such sign ("Mr. Kemp's neighbour ... the siege of Kemp's house").
    keys = {i: [k for k in clusters[i].keys if k[0] or len(k[1]) > 1] for i in members}
    if any(frozenset((x, y)) in together for a in members for b in members if a < b for x in keys[a] for y in keys[b]):
        return []
    return members


def _join(clusters: list[Cluster], where: dict, members: list[int]) -> None:
    """Fold the members into the one named most; the others are left empty."""
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
        clusters[i] = Cluster()
