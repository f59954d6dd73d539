"""Valence over story time, per chapter, scene and character; the arc's shape. (Issue 4.)

Valence is scored straight from a word lexicon (no per-sentence model call: a dictionary lookup per word
keeps a novel under a second). The default lexicon is VADER's (MIT, shipped with ``vaderSentiment``),
its scores divided by 4 into [-1, 1]. A user lexicon (``lexicon=PATH``, ``--lexicon PATH``) is a text
file of ``word<TAB>score`` or ``word,score`` lines (``#`` comments and a header line are skipped;
scores in any range, rescaled by the largest absolute score into [-1, 1]); e.g. the NRC VAD lexicon,
which personae cannot ship.

The ``arcs`` JSON::

    {"lexicon": "vader" | "<file name>",
     "unit": "...",                                   # what the numbers mean
     "story": {"chapters": [v, ...],                  # one valence per chapter (null: no scored words)
               "scenes": [[v, ...], ...],             # per chapter, one per scene
               "windows": [v, ...],                   # the story in equal slices of words
               "smoothed": [v, ...],                  # windows after a moving average
               "shape": {"label": "man in a hole", "fit": 0.81, "fits": {label: r, ...}}},
     "characters": {id: {"chapters": [v|null, ...], "speech": v, "narration": v, "mean": v,
                         "words": n}},
     "pairs": [{"a": id, "b": id, "exchanges": n, "valence": v,   # how two characters speak to each other
                "chapters": [v|null, ...]}, ...]}                  # (pairs with >= PAIR_MIN_EXCHANGES quotes)

``shape`` compares the smoothed curve with Reagan et al.'s (2016) six emotional arcs: rags to riches
(rise), tragedy (fall), man in a hole (fall-rise), Icarus (rise-fall), Cinderella (rise-fall-rise),
Oedipus (fall-rise-fall); ``fit`` is the Pearson correlation with the best prototype.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .document import InputError
from .context import Story
from .lexicon import NEGATORS
from .mentions import MentionIndex, name_mentions
from .spans import SpanIndex

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# Negators (lexicon.NEGATORS) flip the next few words ("not happy"); VADER uses the same idea with a damping factor.
NEGATION_SCALE = -0.74  # VADER's N_SCALAR
SMOOTH_WINDOWS = 40
PAIR_MIN_EXCHANGES = 3
SHAPES: dict[str, list[float]] = {
    "rags to riches": [0, 1],
    "tragedy": [1, 0],
    "man in a hole": [1, 0, 1],
    "Icarus": [0, 1, 0],
    "Cinderella": [0, 1, 0, 1],
    "Oedipus": [1, 0, 1, 0],
}


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    import vaderSentiment

    path = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            try:
                out[parts[0].lower()] = float(parts[1]) / 4.0
            except ValueError:
                continue
    return out


def load_lexicon(path: str | Path) -> dict[str, float]:
    """A user lexicon: ``word<TAB>score`` or ``word,score`` per line; rescaled into [-1, 1]."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{p}: no such lexicon file; give a word<TAB>score or word,score file") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: the lexicon is not UTF-8 text; give a word<TAB>score or word,score file") from None
    delim = "\t" if "\t" in raw.split("\n", 1)[0] or raw.count("\t") > raw.count(",") else ","
    out: dict[str, float] = {}
    for number, row in enumerate(csv.reader(raw.splitlines(), delimiter=delim), 1):
        if not row or row[0].startswith("#") or len(row) < 2:
            continue
        try:
            score = float(row[1])
        except ValueError:
            continue  # a header line
        if not math.isfinite(score):
            # NaN or infinity would end up in the JSON, which cannot hold them.
            raise InputError(f"{p}: line {number}: the score {row[1].strip()!r} is not a finite number; give numbers like 0.5 or -2")
        out[row[0].strip().lower()] = score
    if not out:
        raise InputError(f"{p}: no word,score lines found; give a word<TAB>score or word,score file")
    top = max(abs(v) for v in out.values()) or 1.0
    return {w: v / top for w, v in out.items()}


class _Scorer:
    def __init__(self, lexicon: dict[str, float]):
        self.lex = lexicon

    def score(self, text: str) -> tuple[float, int]:
        """(sum of word valences, number of scored words) of ``text``."""
        total, n, neg = 0.0, 0, 0
        lex = self.lex
        for m in _WORD.finditer(text):
            w = m.group().lower().replace("’", "'")
            if w in NEGATORS or w.endswith("n't"):
                neg = 3
                continue
            v = lex.get(w)
            if v is not None:
                total += v * (NEGATION_SCALE if neg else 1.0)
                n += 1
            if neg:
                neg -= 1
        return total, n


def _mean(s: float, n: int) -> float | None:
    return round(s / n, 4) if n else None


def _smooth(xs: list[float], k: int) -> list[float]:
    if not xs:
        return []
    arr = np.asarray(xs, dtype=float)
    k = max(1, min(k, len(arr)))
    pad = k // 2
    padded = np.pad(arr, (pad, k - 1 - pad), mode="edge")
    return [round(float(v), 4) for v in np.convolve(padded, np.ones(k) / k, mode="valid")]


def arc_shape(curve: Sequence[float]) -> dict[str, Any]:
    """The best-fitting of the six arcs (Pearson r of the curve with each prototype on 100 points)."""
    if len(curve) < 3 or float(np.std(curve)) == 0.0:
        return {"label": None, "fit": 0.0, "fits": {}}
    x = np.linspace(0, 1, 100)
    y = np.interp(x, np.linspace(0, 1, len(curve)), np.asarray(curve, dtype=float))
    fits = {}
    for label, pts in SHAPES.items():
        proto = np.interp(x, np.linspace(0, 1, len(pts)), pts)
        fits[label] = round(float(np.corrcoef(y, proto)[0, 1]), 3)
    best = max(fits, key=fits.get)
    return {"label": best, "fit": fits[best], "fits": fits}


def compute_arcs(story: Story, lexicon: Path | None = None) -> dict[str, Any]:
    """Valence per chapter, scene, story window and character, and the story's arc shape (see module
    doc), from the story's text, structure, characters, mentions and attributed quotes."""
    lex = load_lexicon(lexicon) if lexicon else vader_lexicon()
    scorer = _Scorer(lex)
    text, characters = story.text, story.characters
    paragraphs = story.paragraphs
    if not paragraphs:
        return {}
    chapters = story.structure.chapters
    ch_index = {c.index: i for i, c in enumerate(chapters)}
    sums = _Sums(chapters)
    # Speech of each character (their quotes) and narration around them (paragraphs that mention them).
    parts = SpanIndex(sorted((p.start, p.end, q.speaker) for q in story.quote_index for p in q.parts))
    mentioned = story.mention_index
    if not mentioned and characters:
        mentioned = MentionIndex(name_mentions(text, characters, [(p.start, p.end) for p in paragraphs]))
    known = {c.id for c in characters}
    units: list[tuple[float, int, int]] = []  # (sum, scored, words) per paragraph, in order
    for p in paragraphs:
        (narr_s, narr_n), speech = _score_paragraph(text, p, parts, scorer)
        total_s = narr_s + sum(x[1] for x in speech)
        total_n = narr_n + sum(x[2] for x in speech)
        units.append((total_s, total_n, len(text[p.start : p.end].split())))
        ci = ch_index.get(p.chapter)
        sums.add_paragraph(ci, p.scene, total_s, total_n)
        for spk, s, n in speech:
            if spk in known and n:
                sums.credit(sums.speech, spk, s, n, ci)
        if narr_n:
            present = {m.character for m in mentioned.between(p.start, p.end)}
            for cid in present & known:
                sums.credit(sums.narration, cid, narr_s, narr_n, ci)
    windows = _windows(units, SMOOTH_WINDOWS)
    smoothed = _smooth(windows, max(3, len(windows) // 5))
    whole = {
        "chapters": [_mean(s, n) for s, n in sums.chapters],
        "scenes": [[_mean(s, n) for s, n in row] for row in sums.scenes],
        "windows": windows,
        "smoothed": smoothed,
        "shape": arc_shape(smoothed),
    }
    return {
        "lexicon": Path(lexicon).name if lexicon else "vader",
        "pairs": _pairs(story, scorer, known),
        "unit": "mean valence of the lexicon's words in [-1, 1] (negated words flipped and damped)",
        "story": whole,
        "characters": sums.characters(characters),
    }


def _score_paragraph(text: str, p: Any, parts: SpanIndex, scorer: _Scorer) -> tuple[tuple[float, int], list[tuple[str | None, float, int]]]:
    """A paragraph's valence: the narration's (sum, scored words), and (speaker, sum, scored) per quote part."""
    pos, narr_s, narr_n = p.start, 0.0, 0
    speech: list[tuple[str | None, float, int]] = []
    for qs, qe, spk in parts.between(p.start, p.end):
        s, n = scorer.score(text[pos:qs]) if qs > pos else (0.0, 0)
        narr_s, narr_n = narr_s + s, narr_n + n
        s, n = scorer.score(text[qs:qe])
        speech.append((spk, s, n))
        pos = max(pos, qe)
    s, n = scorer.score(text[pos : p.end]) if p.end > pos else (0.0, 0)
    return (narr_s + s, narr_n + n), speech


class _Sums:
    """Running (valence sum, scored words) per chapter, scene and character (speech, narration, chapter)."""

    def __init__(self, chapters: Any) -> None:
        self.n_chapters = len(chapters)
        self.chapters = [[0.0, 0] for _ in chapters]
        self.scenes = [[[0.0, 0] for _ in c.scenes] for c in chapters]
        self.speech: dict[str, list[float]] = {}
        self.narration: dict[str, list[float]] = {}
        self.by_chapter: dict[str, list[list[float]]] = {}

    def add_paragraph(self, ci: int | None, scene: int, total: float, n: int) -> None:
        if ci is None:
            return
        self.chapters[ci][0] += total
        self.chapters[ci][1] += n
        if 0 <= scene < len(self.scenes[ci]):
            self.scenes[ci][scene][0] += total
            self.scenes[ci][scene][1] += n

    def credit(self, overall: dict[str, list[float]], cid: str, total: float, n: int, ci: int | None) -> None:
        """Add valence to a character's sum (speech or narration) and to their chapter's sum."""
        acc = overall.setdefault(cid, [0.0, 0])
        acc[0] += total
        acc[1] += n
        if ci is not None:
            row = self.by_chapter.setdefault(cid, [[0.0, 0] for _ in range(self.n_chapters)])
            row[ci][0] += total
            row[ci][1] += n

    def characters(self, characters: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for c in characters:
            sp = self.speech.get(c.id, [0.0, 0])
            na = self.narration.get(c.id, [0.0, 0])
            if not sp[1] and not na[1]:
                continue
            out[c.id] = {
                "chapters": [_mean(s, n) for s, n in self.by_chapter.get(c.id, [[0.0, 0] for _ in range(self.n_chapters)])],
                "speech": _mean(*sp),
                "narration": _mean(*na),
                "mean": _mean(sp[0] + na[0], sp[1] + na[1]),
                "words": sp[1] + na[1],
            }
        return out


def _windows(units: list[tuple[float, int, int]], n: int) -> list[float]:
    """The story cut into ``n`` slices of about equal words; each slice's mean valence."""
    total_words = sum(u[2] for u in units)
    if not total_words:
        return []
    n = max(1, min(n, len(units)))
    out: list[float] = []
    per = total_words / n
    s = c = w = 0.0
    for us, un, uw in units:
        s, c, w = s + us, c + un, w + uw
        if w >= per * (len(out) + 1) and len(out) < n - 1:
            out.append(round(s / c, 4) if c else 0.0)
            s = c = 0.0
    out.append(round(s / c, 4) if c else 0.0)
    return out


def _pairs(story: Story, scorer: _Scorer, known: set[str]) -> list[dict[str, Any]]:
    """The valence of what two characters say to each other, overall and per chapter (the tone of a bond)."""
    n_ch = len(story.structure.chapters)
    agg: dict[tuple[str, str], list] = {}
    for q in story.quotes:
        if q.speaker not in known:
            continue
        for ad in q.addressees:
            if ad == q.speaker or ad not in known:
                continue
            key = (min(q.speaker, ad), max(q.speaker, ad))
            row = agg.setdefault(key, [0, 0.0, 0, [[0.0, 0] for _ in range(n_ch)]])
            s = n = 0
            for part in q.parts:
                ps, pn = scorer.score(story.text[part.start : part.end])
                s, n = s + ps, n + pn
            row[0] += 1
            row[1] += s
            row[2] += n
            ci = story.chapter_index.index_at(q.start)
            if 0 <= ci < n_ch:
                row[3][ci][0] += s
                row[3][ci][1] += n
    out = []
    for (a, b), (count, s, n, chs) in sorted(agg.items(), key=lambda kv: -kv[1][0]):
        if count >= PAIR_MIN_EXCHANGES:
            out.append({"a": a, "b": b, "exchanges": count, "valence": _mean(s, n), "chapters": [_mean(x, y) for x, y in chs]})
    return out
