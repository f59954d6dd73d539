"""The ranker's weights: one coefficient per feature, learned from PDNC and shipped as JSON.

``benchmarks/train_speakers.py`` writes ``resources/speaker_weights.json`` (``{"weights": {feature:
coefficient}, "provenance": {...}}``). Weights are keyed by feature name, so a feature the file does
not know weighs 0 until the ranker is refitted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from .features import FEATURES


@dataclass
class Weights:
    w: np.ndarray  # one coefficient per name of FEATURES, in that order
    provenance: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    """The shipped weights (the hand-set ``_PRIOR`` when no learned file is shipped)."""
    path = resources.files("personae") / "resources" / "speaker_weights.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Weights(np.array([_PRIOR.get(f, 0.0) for f in FEATURES]))
    return Weights(np.array([data["weights"].get(f, 0.0) for f in FEATURES]), data.get("provenance", {}))


# Hand-set weights used only when no learned file is shipped (and as a sanity baseline).
_PRIOR = {
    "tag_subject": 6.0, "tag_pronoun_coref": 3.0, "tag_pronoun_nearest": 1.0, "tag_other": -1.0, "weak_tag_subject": 2.0, "prev_tag_even": 2.0,
    "prev_tag_odd": -1.5, "next_tag_even": 1.5, "next_tag_odd": -1.0, "prev1": -1.0, "prev2": 1.0,
    "vocative_here": -3.0, "vocative_prev": 1.5, "vocative_next": 1.0, "named_in_quote": -0.5, "actor_before": 1.5,
    "mention_before": 0.5, "mention_after": 0.3, "mention_prev_para": 0.3, "log_distance": -0.3,
    "log_recent_count": 0.3, "in_conversation": 1.0, "log_speaker_prior": 0.3,
}
