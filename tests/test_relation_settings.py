"""The relation stage's thresholds: all in RelationSettings, each documented and used, and each reaching
the rule it weighs; and the package keeps its shape (small modules, small functions)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import personae.relations as relations
from personae.context import Story
from personae.language import parse
from personae.model import Chapter, Character, Paragraph, Scene, Structure
from personae.relations import RelationSettings, find_relations, shown

PACKAGE = Path(relations.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "settings.py")
FIELDS = [f.name for f in dataclasses.fields(RelationSettings)]
# Literals that are no threshold: 0, 1, -1 and 2 (a mean, an index step).
PLAIN = (0, 1, -1, 2)


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RelationSettings().min_support = 2.0  # type: ignore[misc]


@pytest.mark.parametrize("name", FIELDS)
def test_every_setting_is_documented_and_read(name):
    lines = (PACKAGE / "settings.py").read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.strip().startswith(f"{name}:"))
    # A comment says why the value: above the field, or above the group of fields it belongs to.
    above = [ln.strip() for ln in lines[max(0, at - 4) : at]]
    assert any(ln.startswith("#") for ln in above), f"{name} has no comment saying why its value"
    assert any(f".{name}" in m.read_text(encoding="utf-8") for m in MODULES), f"{name} is never read"


def test_no_unnamed_thresholds_in_rules():
    """Numbers in the rules' code are 0, 1, -1 or 2; thresholds live in the settings."""
    found = []
    for m in MODULES:
        for fn in ast.walk(ast.parse(m.read_text(encoding="utf-8"))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for n in ast.walk(fn):
                    if isinstance(n, ast.Constant) and type(n.value) in (int, float) and n.value not in PLAIN:
                        found.append(f"{m.relative_to(PACKAGE)}:{n.lineno}: {n.value}")
    assert not found, found


def test_small_modules_and_functions():
    """No module over 500 lines, no function over 80 (issue 11)."""
    for m in sorted(PACKAGE.rglob("*.py")):
        src = m.read_text(encoding="utf-8")
        assert len(src.splitlines()) <= 500, m
        for fn in ast.walk(ast.parse(src)):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert fn.end_lineno - fn.lineno < 80, f"{m.relative_to(PACKAGE)}: {fn.name}"


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
