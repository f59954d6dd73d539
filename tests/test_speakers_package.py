"""The speakers package's shape: every threshold in SpeakerSettings (documented, read, reaching its rule),
the feature registry (named, documented, what the shipped weights were fitted on), typed records, and the
turn-taking columns set from the decoded history."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from pathlib import Path

import pytest
from settings_checks import check_documented_and_read, unnamed_numbers

import personae.speakers as speakers
from personae import ingest
from personae.cast import build_cast
from personae.context import Story
from personae.language import parse
from personae.model import Character
from personae.quotes import find_quotes
from personae.speakers import FEATURES, REGISTRY, QuoteFeatures, SpeakerSettings, quote_features, with_history
from personae.structure import detect_structure

PACKAGE = Path(speakers.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "settings.py")
FIELDS = [f.name for f in dataclasses.fields(SpeakerSettings)]


def _story(text: str, roster: list[Character]) -> Story:
    doc = ingest.from_string(text)
    structure = detect_structure(doc)
    paragraphs = structure.story_paragraphs()
    s = Story(doc.text, structure, parse(doc.text, paragraphs)).with_quotes(find_quotes(doc.text, paragraphs))
    return s.with_cast(build_cast(s, roster))


ROSTER = [Character("ann", "Ann Shaw", ("Ann",), "F"), Character("tom", "Tom Reed", ("Tom",), "M")]


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SpeakerSettings().beam = 1  # type: ignore[misc]


@pytest.mark.parametrize("name", FIELDS)
def test_every_setting_is_documented_and_read(name):
    check_documented_and_read(PACKAGE / "settings.py", MODULES, name)


def test_no_unnamed_thresholds():
    """Numbers in the code are 0, 1, -1 or 2 (index steps, parity); thresholds live in the settings.
    (Functions and files stay short enough to read whole: test_code_shape.py.)"""
    numbers = unnamed_numbers(MODULES, PACKAGE)
    assert not numbers, numbers


def test_registry():
    """One entry per feature, each computed one way and saying what it means; the shipped weights
    were fitted on exactly these features (a new feature means refitting: benchmarks/train_speakers.py)."""
    assert len(set(FEATURES)) == len(FEATURES) == len(REGISTRY)
    for f in REGISTRY:
        assert (f.of_candidate is None) != (f.of_history is None), f.name
        assert f.doc, f"{f.name} has no docstring"
    path = resources.files("personae") / "resources" / "speaker_weights.json"
    shipped = json.loads(path.read_text(encoding="utf-8"))["weights"]
    assert list(shipped) == list(FEATURES)


def test_records_and_history_columns():
    """quote_features gives typed records; the turn-taking columns are 0 until the history is known,
    then mark who spoke one and two turns back."""
    text = (
        "Ann Shaw was waiting in the kitchen when Tom Reed came in from the rain.\n\n"
        "\u201cWhere were you?\u201d Ann asked.\n\n"
        "\u201cOut,\u201d Tom said.\n\n"
        "\u201cOut where?\u201d\n"
    )
    feats, conv = quote_features(_story(text, ROSTER), {"ann", "tom"})
    assert len(feats) == 3 and all(isinstance(f, QuoteFeatures) for f in feats)
    assert feats[0].tag.speaker == "ann" and feats[1].tag.speaker == "tom" and feats[2].tag is None
    cands = feats[2].candidates
    p1, p2 = FEATURES.index("prev1"), FEATURES.index("prev2")
    assert not cands.X[:, [p1, p2]].any()
    X = with_history(cands, 2, conv, ["ann", "tom", None])
    assert X[cands.ids.index("tom"), p1] == 1 and X[cands.ids.index("ann"), p1] == 0
    assert X[cands.ids.index("ann"), p2] == 1 and X[cands.ids.index("tom"), p2] == 0


def test_settings_reach_the_rules():
    """Two exchanges a long paragraph apart are two conversations; with a longer gap allowed, one."""
    filler = " ".join(["The rain went on falling over the fields and the road beyond the gate."] * 10)
    text = (
        "Ann Shaw was waiting in the kitchen when Tom Reed came in from the rain.\n\n"
        "\u201cWhere were you?\u201d Ann asked.\n\n"
        f"{filler}\n\n"
        "\u201cOut,\u201d Tom said.\n"
    )
    story = _story(text, ROSTER)
    assert len(filler) > SpeakerSettings().conversation_gap
    assert quote_features(story)[1] == [0, 1]
    wide = dataclasses.replace(SpeakerSettings(), conversation_gap=2 * len(filler))
    assert quote_features(story, settings=wide)[1] == [0, 0]
