"""The relation stage's thresholds: all in RelationSettings, each documented and used, and each reaching
the rule it weighs; and the package keeps its shape (small modules, small functions)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from settings_checks import check_documented_and_read, unnamed_numbers

import personae.relations as relations
from personae.context import Story
from personae.language import parse
from personae.model import Chapter, Character, Paragraph, Scene, Structure
from personae.relations import RelationSettings, find_relations, shown

PACKAGE = Path(relations.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "settings.py")
FIELDS = [f.name for f in dataclasses.fields(RelationSettings)]


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RelationSettings().min_support = 2.0  # type: ignore[misc]


@pytest.mark.parametrize("name", FIELDS)
def test_every_setting_is_documented_and_read(name):
    check_documented_and_read(PACKAGE / "settings.py", MODULES, name, reach=4)


def test_no_unnamed_thresholds_in_rules():
    """Numbers in the rules' code are 0, 1, -1 or 2; thresholds live in the settings."""
    found = unnamed_numbers(MODULES, PACKAGE)
    assert not found, found


def _story(text: str, roster) -> Story:
    chapter = Chapter(0, None, 0, len(text), (Scene(0, 0, len(text)),))
    structure = Structure((chapter,), (), (Paragraph(0, len(text), 0, 0),))
    chars = tuple(Character(id=n, name=n, aliases=(), gender=g) for n, g in roster)
    return Story(text, structure, parse(text, structure.story_paragraphs()), characters=chars)


def test_settings_reach_the_rules():
    """"Mr. Brown" and "Mrs. Brown" are spouses by naming alone (one strong cue); trusted less, the naming
    convention makes the model less sure; with a higher bar to show it, the reader is not shown it."""
    story = _story("Mr. Brown came in with Mrs. Brown.", [("Mr. Brown", "M"), ("Mrs. Brown", "F")])
    sure = [r for r in find_relations(story) if r.type == "romantic"]
    assert [r.detail for r in sure] == ["spouses"] and shown(sure)
    weak = dataclasses.replace(RelationSettings(), surname_spouse_confidence=0.3)
    less = [r for r in find_relations(story, weak) if r.type == "romantic"]
    assert not less or less[0].confidence < sure[0].confidence
    strict = dataclasses.replace(RelationSettings(), show_confidence={"romantic": 0.999})
    assert not shown(sure, strict)
