"""Checks every stage package's settings tests share: each threshold a documented field of the frozen
settings that some module reads, and no unnamed numbers left in the rules. (Module and function sizes:
test_code_shape.py, package-wide.)"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

# Literals that are no threshold: 0, 1, -1 and 2 (a mean, an index step, parity).
PLAIN = (0, 1, -1, 2)


def functions(modules: list[Path]) -> Iterator[tuple[Path, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for m in modules:
        for fn in ast.walk(ast.parse(m.read_text(encoding="utf-8"))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield m, fn


def check_documented_and_read(settings_file: Path, modules: list[Path], name: str, reach: int = 3) -> None:
    """The field ``name`` has a comment saying why its value within ``reach`` lines above it (or above the
    group of fields it belongs to), and some module reads ``.name``."""
    lines = settings_file.read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.strip().startswith(f"{name}:"))
    above = [ln.strip() for ln in lines[max(0, at - reach) : at]]
    assert any(ln.startswith("#") for ln in above), f"{name} has no comment saying why its value"
    assert any(f".{name}" in m.read_text(encoding="utf-8") for m in modules), f"{name} is never read"


def unnamed_numbers(modules: list[Path], package: Path) -> list[str]:
    """Every numeric literal other than PLAIN inside a function of ``modules``, as "module:line: value"."""
    return [f"{m.relative_to(package)}:{n.lineno}: {n.value}" for m, fn in functions(modules) for n in ast.walk(fn)
            if isinstance(n, ast.Constant) and type(n.value) in (int, float) and n.value not in PLAIN]
