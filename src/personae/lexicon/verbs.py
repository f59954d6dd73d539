"""Verbs the stages look for: of speaking, of telling someone, of wishing, and of acts between two people."""

from __future__ import annotations

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
