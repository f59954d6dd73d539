"""The learned relation model: one logistic regression per relation type over the pair features
(``features.FEATURES``), its coefficients read from ``resources/relation_weights.json``.

The weights are fitted by ``benchmarks/train_relations.py`` on the 22 PDNC novels (provenance in
``resources/PROVENANCE.md``); ``benchmarks/relations.py`` measures the stage leave-one-novel-out by
refitting without each novel. Coefficients only: no text of the novels is shipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from .cue import TYPES
from .features import FEATURES

WEIGHTS_FILE = "relation_weights.json"
# Digits of the coefficients in the JSON file.
_DIGITS = 6
# Logits beyond this are certain either way (and exp() stays finite).
_LOGIT_CLIP = 30.0


@dataclass(frozen=True)
class TypeModel:
    """P(type | pair) = sigmoid(((x - mean) / scale) . weights + bias), over ``FEATURES``."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def prob(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -_LOGIT_CLIP, _LOGIT_CLIP)))

    def to_json(self, names: tuple[str, ...] = FEATURES) -> dict:
        """Per feature name: mean, scale, weight (a feature the fit left out has weight 0)."""
        return {"bias": round(float(self.bias), _DIGITS),
                "features": {n: [round(float(m), _DIGITS), round(float(s), _DIGITS), round(float(w), _DIGITS)]
                             for n, m, s, w in zip(names, self.mean, self.scale, self.weights)}}

    @classmethod
    def from_json(cls, d: dict) -> TypeModel:
        """Read by feature name; a feature the file does not know gets weight 0 (mean 0, scale 1)."""
        rows = [d["features"].get(n, [0.0, 1.0, 0.0]) for n in FEATURES]
        mean, scale, weights = (np.array(col, dtype=float) for col in zip(*rows))
        return cls(mean, scale, weights, float(d["bias"]))


@dataclass(frozen=True)
class RelationModel:
    types: dict[str, TypeModel]
    provenance: dict = field(default_factory=dict)

    def probabilities(self, X: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """type -> the probability of that type for every row (pair) of ``X[type]``."""
        return {t: self.types[t].prob(X[t]) for t in TYPES}

    def to_json(self) -> dict:
        return {"provenance": self.provenance, "types": {t: m.to_json() for t, m in self.types.items()}}

    @classmethod
    def from_json(cls, d: dict) -> RelationModel:
        return cls({t: TypeModel.from_json(d["types"][t]) for t in TYPES}, d.get("provenance", {}))


@cache
def default_model() -> RelationModel:
    """The shipped weights."""
    path = resources.files("personae") / "resources" / WEIGHTS_FILE
    return RelationModel.from_json(json.loads(path.read_text(encoding="utf-8")))
