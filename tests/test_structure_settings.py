"""The structure stage's thresholds: all in StructureSettings, each documented and used, and each reaching
the rule it tunes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from settings_checks import check_documented_and_read, unnamed_numbers

import personae.structure as structure
from personae.ingest import from_string
from personae.structure import StructureSettings, detect_structure

PACKAGE = Path(structure.__file__).parent
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "settings.py")
FIELDS = [f.name for f in dataclasses.fields(StructureSettings)]

PROSE = (
    "She walked down the long road to the village, thinking of nothing in particular, and the "
    "afternoon light lay across the fields like a blanket.\n\n"
    "\u201cAre you coming?\u201d he called from the gate. She said she was.\n"
)


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        StructureSettings().rule_min_length = 2  # type: ignore[misc]


@pytest.mark.parametrize("name", FIELDS)
def test_every_setting_is_documented_and_read(name):
    check_documented_and_read(PACKAGE / "settings.py", MODULES, name)


def test_no_unnamed_thresholds_in_rules():
    """Numbers in the rules' code are 0, 1, -1 or an index step of 2; thresholds live in the settings."""
    found = unnamed_numbers(MODULES, PACKAGE)
    assert not found, found


def test_settings_reach_the_rules():
    """A lone "--" line is interrupted speech by default; with shorter rules allowed it breaks the scene."""
    text = "Chapter 1\n\n" + PROSE + "\n--\n\n" + PROSE
    doc = from_string(text)
    assert len(detect_structure(doc).chapters[0].scenes) == 1
    loose = dataclasses.replace(StructureSettings(), rule_min_length=2)
    assert len(detect_structure(doc, loose).chapters[0].scenes) == 2
