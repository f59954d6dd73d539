"""A cast given by the user (``--characters ROSTER.json``): ``[{"id", "name", "aliases", "gender"}]``."""

from __future__ import annotations

import json
from pathlib import Path

from .document import InputError
from .model import GENDERS, Character


def load_roster(path: str | Path) -> tuple[Character, ...]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such roster file; check the --characters path") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{p}: the roster is not valid JSON ({e}); give a list of {{id, name, aliases, gender}}") from None
    if not isinstance(data, list) or not all(isinstance(x, dict) and "id" in x and "name" in x for x in data):
        raise InputError(f"{p}: the roster must be a JSON list of objects with at least 'id' and 'name'")
    out = []
    for x in data:
        gender = str(x.get("gender") or "U").upper()[:1]
        out.append(
            Character(
                id=str(x["id"]),
                name=str(x["name"]),
                aliases=tuple(str(a) for a in x.get("aliases") or () if str(a) != str(x["name"])),
                gender=gender if gender in GENDERS else "U",
            )
        )
    return tuple(out)
