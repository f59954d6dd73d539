"""Turn-taking features from who spoke the previous quotes of the conversation.

Those speakers are decided, not read: predicted at run time (by the decoder, one hypothesis at a time),
gold in training. So these columns are left at 0 by ``quote_features`` and set by ``with_history``;
each is a function of the candidates and the previous speakers, vectorised over the candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..candidates import Candidates


@dataclass(frozen=True)
class Previous:
    """The speakers of the previous two quotes, when in the same conversation."""

    p1: str | None
    p2: str | None


class History(Protocol):
    def __getitem__(self, i: int) -> str | None: ...


def previous(n: int, conv: Sequence[int], history: History) -> Previous:
    p1 = history[n - 1] if n >= 1 and conv[n - 1] == conv[n] else None
    p2 = history[n - 2] if n >= 2 and conv[n - 2] == conv[n] else None
    return Previous(p1, p2)


def prev1(c: Candidates, h: Previous) -> np.ndarray | bool:
    """Spoke the previous quote in this conversation."""
    return c.id_array == h.p1 if h.p1 is not None else False


def prev2(c: Candidates, h: Previous) -> np.ndarray | bool:
    """Spoke the quote two before, and the previous one was someone else."""
    return (c.id_array == h.p2) & (h.p1 != h.p2) if h.p2 is not None else False


def prev1_after_narration(c: Candidates, h: Previous) -> np.ndarray | bool:
    """prev1, with a narration paragraph in between (a speaker resumes)."""
    return prev1(c, h) * c.after_narration


def prev1_bare(c: Candidates, h: Previous) -> np.ndarray | bool:
    """prev1, and this paragraph is bare dialogue."""
    return prev1(c, h) * c.bare


def prev2_bare(c: Candidates, h: Previous) -> np.ndarray | bool:
    """prev2, and this paragraph is bare dialogue."""
    return prev2(c, h) * c.bare


def vocative_partner(c: Candidates, h: Previous) -> np.ndarray | bool:
    """This quote names someone; this is who last spoke besides them (“Buffy, I'm sorry”: said to
    Buffy by whoever she was talking with)."""
    if not c.vocatives:
        return False
    partner = next((p for p in (h.p1, h.p2) if p is not None and p not in c.vocatives), None)
    return c.id_array == partner if partner is not None else False
