"""The ranker's features: a registry of named functions, one column each.

``REGISTRY`` lists every feature in column order; ``FEATURES`` is their names (the weights file is keyed
by them). A feature is one of two kinds:

- *of the candidate* (``of_candidate(view, candidate_id) -> float``): computed once per quote and
  candidate by ``feature_matrix`` from a ``QuoteView`` — the facts of each family (``tag``, ``turns``,
  ``address``, ``narration``, ``story``), computed once per quote in ``view``;
- *of the history* (``of_history(candidates, previous) -> column``): who spoke the previous quotes, which
  the decoder decides, so ``with_history`` sets these columns for each hypothesis (``history``).

To add a feature: write its function in the family module it belongs to (its docstring says what it
means; a fact it needs goes in that family's facts record), add one ``Feature`` line here, and refit
the ranker (``benchmarks/train_speakers.py``): until then the shipped weights give it 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..candidates import Candidates
from . import address, epithet, history, narration, scene, story, tag, turns, voice
from .history import History, Previous, previous
from .view import QuoteView

OfCandidate = Callable[[QuoteView, str], float]
OfHistory = Callable[[Candidates, Previous], "np.ndarray | bool"]


@dataclass(frozen=True)
class Feature:
    name: str
    of_candidate: OfCandidate | None = None
    of_history: OfHistory | None = None

    @property
    def doc(self) -> str:
        fn = self.of_candidate or self.of_history
        return (fn.__doc__ or "").strip()


REGISTRY: tuple[Feature, ...] = (
    Feature("tag_subject", tag.tag_subject),
    Feature("tag_other", tag.tag_other),
    Feature("tag_pronoun_coref", tag.tag_pronoun_coref),
    Feature("tag_pronoun_scene_lead", tag.tag_pronoun_scene_lead),
    Feature("tag_pronoun_nearest", tag.tag_pronoun_nearest),
    Feature("tag_pronoun_subject", tag.tag_pronoun_subject),
    Feature("tag_pronoun_para_subject", tag.tag_pronoun_para_subject),
    Feature("tag_pronoun_match", tag.tag_pronoun_match),
    Feature("tag_pronoun_mismatch", tag.tag_pronoun_mismatch),
    Feature("weak_tag_subject", tag.weak_tag_subject),
    Feature("weak_pronoun_match", tag.weak_pronoun_match),
    Feature("weak_pronoun_mismatch", tag.weak_pronoun_mismatch),
    Feature("prev_tag_even", turns.prev_tag_even),
    Feature("prev_tag_odd", turns.prev_tag_odd),
    Feature("next_tag_even", turns.next_tag_even),
    Feature("next_tag_odd", turns.next_tag_odd),
    Feature("prev1", of_history=history.prev1),
    Feature("prev2", of_history=history.prev2),
    Feature("prev1_after_narration", of_history=history.prev1_after_narration),
    Feature("prev1_bare", of_history=history.prev1_bare),
    Feature("prev2_bare", of_history=history.prev2_bare),
    Feature("vocative_here", address.vocative_here),
    Feature("vocative_partner", of_history=history.vocative_partner),
    Feature("vocative_prev", address.vocative_prev),
    Feature("vocative_next", address.vocative_next),
    Feature("told_prev", address.told_prev),
    Feature("named_in_quote", address.named_in_quote),
    Feature("actor_before", narration.actor_before),
    Feature("actor_after", narration.actor_after),
    Feature("mention_before", narration.mention_before),
    Feature("mention_after", narration.mention_after),
    Feature("mention_prev_para", narration.mention_prev_para),
    Feature("log_distance", narration.log_distance),
    Feature("log_recent_count", narration.log_recent_count),
    Feature("log_recent_names", narration.log_recent_names),
    Feature("tag_possessor", tag.tag_possessor),
    Feature("tag_relative", tag.tag_relative),
    Feature("tag_kin_present", tag.tag_kin_present),
    Feature("unlisted", story.unlisted),
    Feature("is_narrator", story.is_narrator),
    Feature("run_tag_even", turns.run_tag_even),
    Feature("run_tag_odd", turns.run_tag_odd),
    Feature("run_voc_odd", address.run_voc_odd),
    Feature("run_voc_even", address.run_voc_even),
    Feature("log_named_in_run", address.log_named_in_run),
    Feature("log_salience", story.log_salience),
    Feature("in_conversation", turns.in_conversation),
    Feature("log_speaker_prior", turns.log_speaker_prior),
    Feature("pron_scene_focal", scene.pron_scene_focal),
    Feature("pron_conv_focal", scene.pron_conv_focal),
    Feature("pron_scene_speaker", scene.pron_scene_speaker),
    Feature("pron_conv_speaker", scene.pron_conv_speaker),
    Feature("log_scene_tagged", scene.log_scene_tagged),
    Feature("log_scene_names", scene.log_scene_names),
    Feature("pron_participant", scene.pron_participant),
    Feature("pron_absent", scene.pron_absent),
    Feature("pron_last_participant", scene.pron_last_participant),
    Feature("voice_before", voice.voice_before),
    Feature("voice_after", voice.voice_after),
    Feature("hearer_adjacent", voice.hearer_adjacent),
    Feature("heard_prev", voice.heard_prev),
    Feature("tag_epithet_book", epithet.tag_epithet_book),
    Feature("tag_epithet_scene", epithet.tag_epithet_scene),
    Feature("bias", story.bias),
)

FEATURES: tuple[str, ...] = tuple(f.name for f in REGISTRY)


def _zero(view: QuoteView, c: str) -> float:
    return 0.0


# Per column: the candidate's value (0 for history columns, which ``with_history`` sets).
_CANDIDATE_COLUMNS: tuple[OfCandidate, ...] = tuple(f.of_candidate or _zero for f in REGISTRY)
_HISTORY_COLUMNS: tuple[tuple[int, OfHistory], ...] = tuple(
    (i, f.of_history) for i, f in enumerate(REGISTRY) if f.of_history is not None
)


def feature_matrix(view: QuoteView, ids: Sequence[str]) -> np.ndarray:
    """The features of one quote's candidates ``ids``, one row each (history columns 0)."""
    X = np.zeros((len(ids), len(FEATURES)))
    for r, c in enumerate(ids):
        X[r] = [fn(view, c) for fn in _CANDIDATE_COLUMNS]
    return X


def with_history(cands: Candidates, n: int, conv: Sequence[int], history: History) -> np.ndarray:
    """The candidates' features with the turn-taking columns set from who spoke the previous quotes
    (predicted at run time, gold in training): dialogue alternates, so the speaker two turns back
    speaks again."""
    X = cands.X.copy()
    prev = previous(n, conv, history)
    for i, fn in _HISTORY_COLUMNS:
        X[:, i] = fn(cands, prev)
    return X


__all__ = ["FEATURES", "REGISTRY", "Feature", "QuoteView", "feature_matrix", "with_history"]
