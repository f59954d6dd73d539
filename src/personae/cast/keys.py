"""Name keys: a name as the cast compares it, its title class apart from its words.

"Mr. Darcy" is ``NameKey("mr", ("Darcy",))``, "Fitzwilliam Darcy" ``NameKey(None, ("Fitzwilliam",
"Darcy"))``, "Mr. van der Luyden" ``NameKey("mr", ("van der Luyden",))`` (a family name with its
particles is one word of the key). A key is a tuple, so it compares and hashes as ``(title, words)``.
"""

from __future__ import annotations

from typing import NamedTuple

from ..lexicon import FAMILY_NAME_PARTICLES, TITLE_WRITTEN, title_class, title_key


class NameKey(NamedTuple):
    title: str | None  # title class ("mr", "miss", "colonel") or None
    words: tuple[str, ...]


def name_key(title: str | None, words: tuple[str, ...]) -> NameKey:
    """The key of a run: a family-name particle joined to the name it belongs to, in one case ("Miss De
    Bourgh" = "Miss de Bourgh", "Catherine de Bourgh" has the family name "de Bourgh"), and a title the
    scan left in the words taken out."""
    ws = list(words)
    while title is None and len(ws) > 1 and title_key(ws[0]) and title_class(title_key(ws[0])) != "saint":
        title = title_class(title_key(ws[0]))
        ws = ws[1:]
    out: list[str] = []
    i = 0
    while i < len(ws):
        if ws[i].lower() in FAMILY_NAME_PARTICLES and i + 1 < len(ws):
            j = i
            while j < len(ws) - 1 and ws[j].lower() in FAMILY_NAME_PARTICLES:
                j += 1
            out.append(" ".join(w.lower() for w in ws[i:j]) + " " + ws[j])
            i = j + 1
        else:
            out.append(ws[i])
            i += 1
    return NameKey(title, tuple(out))


def written_key(key: tuple) -> str:
    """The key written out with its title's usual spelling ("Mr. Darcy"), when no surface form is known."""
    tc, words = key
    name = " ".join(words)
    if not tc:
        return name
    t = TITLE_WRITTEN.get(tc, tc.capitalize())
    return f"{t} {name}"
