"""A cast given by the user (``--characters ROSTER.json``): ``[{"id", "name", "aliases", "gender"}]``.

Validated strictly, each problem one line saying where it is and what to give instead:

- the file is a JSON list of one or more objects with the keys ``id`` and ``name`` and optionally
  ``aliases`` and ``gender`` (no other key: a misspelt "alias" would otherwise be silently ignored);
- ``id``: a non-empty string (or an integer, used as its digits), different for every character;
- ``name`` and each alias: a non-empty string without control characters or lone surrogates;
  ``aliases`` is a list of them (a bare string is refused: it is not read as one alias);
- ``gender``: F, M, X or U, or the words female, male, nonbinary, unknown (any case).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .document import InputError
from .model import Character

KEYS = ("id", "name", "aliases", "gender")
_GENDER_WORDS = {
    "f": "F", "female": "F", "woman": "F", "m": "M", "male": "M", "man": "M",
    "x": "X", "nonbinary": "X", "non-binary": "X", "u": "U", "unknown": "U", "": "U",
}
_UNFIT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SHAPE = 'give a list of {"id", "name", "aliases": [...], "gender"}'


def load_roster(path: str | Path) -> tuple[Character, ...]:
    """The characters of a roster file; ``InputError`` (one line) for any problem with it."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such roster file; check the --characters path") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory; give the roster's JSON file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{p}: the roster is not valid JSON ({' '.join(str(e).split())}); {_SHAPE}") from None
    except RecursionError:
        raise InputError(f"{p}: the roster's JSON is nested too deeply to be a roster; {_SHAPE}") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read the roster ({e.strerror or e}); check the path") from None
    return roster_from_json(data, str(p))


def roster_from_json(data: Any, source: str = "roster") -> tuple[Character, ...]:
    """The characters of a parsed roster (see the module docstring); ``InputError`` names the first problem."""
    if not isinstance(data, list) or not data:
        raise InputError(f"{source}: the roster must be a non-empty JSON list of characters; {_SHAPE}")
    out: list[Character] = []
    seen: dict[str, int] = {}
    for n, x in enumerate(data, 1):
        where = f"{source}: character {n}"
        if not isinstance(x, dict):
            raise InputError(f"{where} is a {_kind(x)}, not an object; {_SHAPE}")
        unknown = [k for k in x if k not in KEYS]
        if unknown:
            raise InputError(f"{where} has the key {unknown[0]!r}; a character has only {', '.join(KEYS)}")
        for key in ("id", "name"):
            if key not in x:
                raise InputError(f"{where} has no {key!r}; {_SHAPE}")
        cid = x["id"]
        if isinstance(cid, int) and not isinstance(cid, bool):
            cid = str(cid)
        cid = _text(cid, f"{where}: 'id'", "a string")
        if cid in seen:
            raise InputError(f"{where}: the id {cid!r} is also character {seen[cid]}'s; give every character its own id")
        seen[cid] = n
        name = _text(x["name"], f"{where} ({cid}): 'name'", "the character's name")
        aliases = x.get("aliases")
        if aliases is None:
            aliases = []
        if not isinstance(aliases, list):
            raise InputError(f"{where} ({cid}): 'aliases' is a {_kind(aliases)}; give a list of names, e.g. [\"Lizzy\"]")
        names = [_text(a, f"{where} ({cid}): alias {k}", "a name") for k, a in enumerate(aliases, 1)]
        gender = x.get("gender")
        if gender is None:
            gender = "U"
        if not isinstance(gender, str) or gender.strip().lower() not in _GENDER_WORDS:
            raise InputError(f"{where} ({cid}): 'gender' is {json.dumps(gender)[:40]}; give F, M, X or U")
        out.append(
            Character(
                id=cid,
                name=name,
                aliases=tuple(dict.fromkeys(a for a in names if a != name)),
                gender=_GENDER_WORDS[gender.strip().lower()],
            )
        )
    return tuple(out)


def _kind(value: Any) -> str:
    return {dict: "JSON object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def _text(value: Any, what: str, expected: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{what} is a {_kind(value)}; give {expected}")
    value = value.strip()
    if not value:
        raise InputError(f"{what} is empty; give {expected}")
    bad = _UNFIT.search(value)
    if bad:
        raise InputError(f"{what} contains the character U+{ord(bad.group()):04X}; give plain text")
    return value
