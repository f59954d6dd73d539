"""The shape of the code (issue 11): someone new finds their room. No module of the package over
MAX_MODULE_LINES lines and no function over MAX_FUNCTION_LINES; the stage packages check their own
settings and word lists (test_*_settings.py, test_lexicon.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import personae

SRC = Path(personae.__file__).parent
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "vendor" not in p.parts)


def test_no_module_over_the_limit():
    long = [f"{p.relative_to(SRC)}: {n}" for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, "split these modules:\n" + "\n".join(long)


def test_no_function_over_the_limit():
    long = []
    for p in _modules():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                long.append(f"{p.relative_to(SRC)}: {node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert not long, "split these functions:\n" + "\n".join(long)
