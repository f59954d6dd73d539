"""The cast stage's thresholds: all in CastSettings, each documented and used, and each reaching the rule
it tunes; the package's modules and functions stay small enough to read."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import personae.cast as cast
from personae.cast import CastSettings, build_cast
from personae.context import Story
from personae.ingest import from_string
from personae.language import parse
from personae.structure import detect_structure

PACKAGE = Path(cast.__file__).parent
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "settings.py")
FIELDS = [f.name for f in dataclasses.fields(CastSettings)]
# Longest a function or module may grow before it says why (issue 11).
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 500


def _functions():
    for m in MODULES:
        for fn in ast.walk(ast.parse(m.read_text(encoding="utf-8"))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield m, fn


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CastSettings().pronoun_window = 2  # type: ignore[misc]


@pytest.mark.parametrize("name", FIELDS)
def test_every_setting_is_documented_and_read(name):
    lines = (PACKAGE / "settings.py").read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.strip().startswith(f"{name}:"))
    # A comment says why the value: on the lines above, or above a group of fields it covers.
    above = [ln.strip() for ln in lines[max(0, at - 3) : at]]
    assert any(ln.startswith("#") for ln in above), f"{name} has no comment saying why its value"
    assert any(f".{name}" in m.read_text(encoding="utf-8") for m in MODULES), f"{name} is never read"


def test_no_unnamed_thresholds_in_rules():
    """Numbers in the rules' code are 0, 1, -1 or 2; thresholds live in the settings."""
    found = [f"{m.name}:{n.lineno}: {n.value}" for m, fn in _functions() for n in ast.walk(fn)
             if isinstance(n, ast.Constant) and type(n.value) in (int, float) and n.value not in (0, 1, -1, 2)]
    assert not found, found


def test_modules_and_functions_are_short():
    long_modules = [m.name for m in MODULES if len(m.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES]
    long_functions = [f"{m.name}:{fn.name}" for m, fn in _functions() if fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long_modules and not long_functions, (long_modules, long_functions)


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
