"""From features to attributions: the ranker's choices decoded per conversation with a small beam,
then each quote's type (explicit / anaphoric / implicit) and addressees.

A conditional logit scores each quote's candidates (``features @ weights``, softmax over the
candidates). Turn-taking features depend on who spoke the two previous quotes, so one early mistake
would otherwise propagate through a whole exchange: the decoder keeps the ``beam`` most probable
speaker sequences of each conversation.

Addressees: vocatives inside the quote, the object of the tag (``told him``, ``said to Emma``), else
the other party of a two-person conversation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..document import Span
from ..model import Quote
from .candidates import QuoteFeatures
from .features import with_history
from .settings import DEFAULT_SETTINGS, SpeakerSettings
from .tags import Tag
from .weights import Weights, default_weights

# A hypothesis: (log-probability, speakers so far in this conversation, their probabilities).
_Hypothesis = tuple[float, list, list]


def decide(
    quotes: Sequence[Quote],
    feats: Sequence[QuoteFeatures],
    conv: Sequence[int],
    weights: Weights | None = None,
    settings: SpeakerSettings = DEFAULT_SETTINGS,
) -> tuple[Quote, ...]:
    """Speakers, types, confidences and addressees from ``quote_features`` output."""
    w = (weights or default_weights()).w
    chosen, probs = beam_decode(feats, conv, w, settings)
    out: list[Quote] = []
    for q, f, speaker, conf in zip(quotes, feats, chosen, probs):
        tag, cands = f.tag, f.candidates
        same_gender = speaker is not None and tag is not None and cands.genders[cands.ids.index(speaker)] == tag.pronoun_gender
        if tag is not None and tag.strong and (tag.speaker == speaker or same_gender):
            qtype = "explicit" if tag.explicit else "anaphoric"
        else:
            qtype = "implicit"
        out.append(replace(q, speaker=speaker, type=qtype, confidence=round(conf, settings.confidence_digits), tag=_span(tag)))
    return tuple(replace(q, addressees=_addressees(n, q, feats[n], conv, chosen)) for n, q in enumerate(out))


def _addressees(n: int, q: Quote, f: QuoteFeatures, conv: Sequence[int], speakers: Sequence[str | None]) -> tuple[str, ...]:
    """Vocatives, the tag's object, else the other party of a two-person exchange (the speaker of the
    previous quote, else of the next, in the conversation)."""
    addr = [v for v in f.vocatives if v != q.speaker]
    tag = f.tag
    if tag is not None and tag.addressee and tag.addressee != q.speaker and tag.addressee not in addr:
        addr.append(tag.addressee)
    if not addr:
        for k in (n - 1, n + 1):
            if 0 <= k < len(speakers) and conv[k] == conv[n] and speakers[k] and speakers[k] != q.speaker:
                addr.append(speakers[k])
                break
    return tuple(a for a in addr if a)


def beam_decode(
    feats: Sequence[QuoteFeatures], conv: Sequence[int], w: np.ndarray, settings: SpeakerSettings = DEFAULT_SETTINGS
) -> tuple[list[str | None], list[float]]:
    """The most probable speaker sequence of each conversation under the ranker, by beam search, and
    each chosen speaker's probability."""
    n_q = len(feats)
    chosen: list[str | None] = [None] * n_q
    probs = [0.0] * n_q
    beams: list[_Hypothesis] = [(0.0, [], [])]
    start = 0

    def flush(end: int) -> None:
        best = max(beams, key=lambda b: b[0])
        chosen[start:end] = best[1]
        probs[start:end] = best[2]

    for n in range(n_q):
        if n and conv[n] != conv[n - 1]:
            flush(n)
            beams, start = [(0.0, [], [])], n
        grown: list[_Hypothesis] = []
        for hyp in beams:
            grown.extend(_extend(hyp, feats[n], n, conv, _History(chosen, start, hyp[1]), w, settings))
        grown.sort(key=lambda b: -b[0])
        beams = grown[: settings.beam]
    flush(n_q)
    return chosen, probs


def _extend(
    hyp: _Hypothesis, f: QuoteFeatures, n: int, conv: Sequence[int], history: _History, w: np.ndarray, settings: SpeakerSettings
) -> list[_Hypothesis]:
    """The hypothesis grown by quote ``n``'s ``beam`` most probable speakers (by None without candidates)."""
    lp, hist, ps = hyp
    cands = f.candidates
    if not cands.ids:
        return [(lp, hist + [None], ps + [0.0])]
    s = with_history(cands, n, conv, history) @ w
    p = np.exp(s - s.max())
    p /= p.sum()
    return [
        (lp + math.log(max(p[k], settings.min_probability)), hist + [cands.ids[k]], ps + [float(p[k])])
        for k in np.argsort(-p)[: settings.beam]
    ]


class _History:
    """Speakers of earlier quotes as ``with_history`` reads them: decided ones before ``start``, the
    hypothesis's own after it."""

    def __init__(self, decided: list, start: int, hyp: list):
        self.decided, self.start, self.hyp = decided, start, hyp

    def __getitem__(self, i: int) -> str | None:
        return self.hyp[i - self.start] if i >= self.start else self.decided[i]


def _span(tag: Tag | None) -> Span | None:
    return Span(*tag.span) if tag is not None else None
