"""Every word list lives in ``personae/lexicon/``: a stage that needs words imports them from there.

The check reads the source of every module under ``src/personae`` (except ``lexicon/`` itself) and fails
on a word list written in it. A *word list* is five or more English words (``say``, ``ma'am``,
``ex-wife``, ``Mr``; not ``PRON`` or ``GPE``, which are parser labels) written as

- a set literal ``{"say", "tell", ...}``, or ``frozenset``/``set`` of a list or tuple of them;
- a ``"say tell ask ...".split()``;
- a tuple or list of them on the right of ``in`` / ``not in`` (``if w in ("the", "this", ...)``);
- a dict literal keyed by them, bound to a module or class name (``ROLE_NOUNS = {"wife": ...}``).

Left alone, on purpose: dicts from labels to numbers (``{"spouses": 6, ...}``: a setting of a rule, not
words read in the text); dict and tuple displays inside functions (JSON keys, column names); regular
expressions (a stage's patterns may name the few words of its own construction, "been with", "in love
with"); and the format readers and writers (``ingest/``, ``export/``), whose literals are markup element
names, file names, metadata labels and column names, not words of a story.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import personae

SRC = Path(personae.__file__).resolve().parent
# Lower case or capitalised letters, an apostrophe or hyphen inside ("ma'am", "ex-wife", "Mr", "señor").
WORD = re.compile(r"[^\W\d_]?[^\W\d_A-Z]+(?:['’-][^\W\d_A-Z]+)*")
MIN_WORDS = 5
# Not stages: the lexicon itself, and the format readers and writers (see the module docstring; roster
# reads the roster file format, whose gender words are that format's vocabulary, not the story's).
NOT_CHECKED = ("lexicon", "ingest", "export", "roster")


def _strings(node: ast.AST) -> list[str] | None:
    """The strings of a literal collection or of a ``"...".split()``, else None."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        return node.func.value.value.split()
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("set", "frozenset") and node.args:
        return _strings(node.args[0])
    return None


def _n_words(strings: list[str] | None) -> int:
    return sum(1 for s in strings or () if WORD.fullmatch(s))


def word_lists(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """(line, words) of every word list in a parsed module."""
    found: dict[int, list[str]] = {}
    bound = set()  # dict displays bound to a module or class name
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef)):
            for stmt in node.body:
                if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(stmt.value, ast.Dict):
                    bound.add(id(stmt.value))
    for node in ast.walk(tree):
        strings = None
        if isinstance(node, ast.Set) or (isinstance(node, ast.Call) and _strings(node) is not None):
            strings = _strings(node)
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
            right = node.comparators[-1]
            if isinstance(right, (ast.List, ast.Tuple)):
                strings = _strings(right)
        elif isinstance(node, ast.Dict) and id(node) in bound:
            numeric = all(isinstance(v, ast.Constant) and isinstance(v.value, (int, float)) for v in node.values)
            if not numeric:
                strings = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        if _n_words(strings) >= MIN_WORDS:
            found.setdefault(node.lineno, strings)
    return sorted(found.items())


def _stage_modules() -> list[Path]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        top = rel.parts[0].removesuffix(".py")
        if top in NOT_CHECKED:
            continue
        out.append(path)
    return out


def test_no_stage_defines_its_own_word_list():
    offenders = []
    for path in _stage_modules():
        for line, words in word_lists(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(SRC)}:{line}: {' '.join(words[:8])} ...")
    assert not offenders, "word lists outside personae/lexicon/ (import them from lexicon instead):\n" + "\n".join(offenders)


def test_the_check_finds_word_lists():
    """The check itself: each form of word list is caught, and labels, settings and JSON keys are not."""
    caught = [
        'SPEECH = frozenset("say tell ask reply answer".split())',
        'TITLES = {"mr": "M", "mrs": "F", "miss": "F", "sir": "M", "lady": "F"}',
        'def f(w):\n    return w in ("the", "this", "that", "a", "an")',
        'def f(w):\n    return w in {"oh", "ah", "alas", "hush", "pooh"}',
        'WORDS = set(["he", "him", "his", "himself", "she"])',
    ]
    left = [
        'RANK = {"spouses": 6, "engaged": 5, "lovers": 3, "partners": 2, "courtship": 2}',
        'def to_dict(a):\n    return {"schema": 1, "source": 2, "chapters": 3, "quotes": 4, "characters": a}',
        'POS = frozenset("PRON DET AUX VERB ADP CCONJ".split())',
        'def f(t):\n    return t in ("VBD", "VBZ", "VBP", "VB", "MD")',
        'STAGES = ("ingest", "structure", "language", "voices", "relations")',
    ]
    for src in caught:
        assert word_lists(ast.parse(src)), src
    for src in left:
        assert not word_lists(ast.parse(src)), src


def test_lexicon_lists_are_lower_case_words():
    """Lexicon keys are looked up lower-cased: a capitalised or padded entry would never match."""
    from personae import lexicon

    for name in dir(lexicon):
        value = getattr(lexicon, name)
        if isinstance(value, (frozenset, set, dict)) and name.isupper():
            bad = [w for w in value if not isinstance(w, str) or w != w.strip().lower() or not w]
            assert not bad, (name, bad[:5])
