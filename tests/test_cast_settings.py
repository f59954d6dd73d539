"""The cast stage's thresholds: all in CastSettings, each documented and used, and each reaching the rule
it tunes; sizes: test_code_shape.py."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from settings_checks import check_documented_and_read, unnamed_numbers

import personae.cast as cast
from personae.cast import CastSettings, build_cast
from personae.context import Story
from personae.ingest import from_string
from personae.language import parse
from personae.structure import detect_structure

PACKAGE = Path(cast.__file__).parent
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "settings.py")
FIELDS = [f.name for f in dataclasses.fields(CastSettings)]


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CastSettings().pronoun_window = 2  # type: ignore[misc]


@pytest.mark.parametrize("name", FIELDS)
def test_every_setting_is_documented_and_read(name):
    check_documented_and_read(PACKAGE / "settings.py", MODULES, name)


def test_no_unnamed_thresholds_in_rules():
    """Numbers in the rules' code are 0, 1, -1 or 2; thresholds live in the settings."""
    found = unnamed_numbers(MODULES, PACKAGE)
    assert not found, found


def test_settings_reach_the_rules():
    """First-person narration is told by its share of I/me/my: asking for more than all of them
    leaves the narrator out."""
    text = "\n\n".join(
        [
            "I had not seen my brother for ten years when I walked into the station at Crewe.",
            "He was standing by the clock. I knew him at once, though my eyes were bad.",
            "“Hello, Tom,” I said. Tom looked at me and laughed, and I laughed with him.",
            "We walked out together. I carried my bag myself; Tom would not let me pay for the cab.",
        ]
    )
    doc = from_string(text)
    structure = detect_structure(doc)
    story = Story(doc.text, structure, parse(doc.text, structure.story_paragraphs()))
    assert any(c.name == "Narrator" for c in build_cast(story).characters)
    strict = dataclasses.replace(CastSettings(), first_person_min_share=1.5)
    assert not any(c.name == "Narrator" for c in build_cast(story, settings=strict).characters)
