"""The gender prior of given names: nomquamgender's own answers, read from its table without importing it."""

from __future__ import annotations

import json
import math
import random
import re
import subprocess
import sys
import warnings

from personae.lexicon import female_prior
from personae.lexicon.names import _PLAIN_KEY, _name_table


def _nqg():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # its importlib.resources.open_text
        import nomquamgender

    return nomquamgender


def reference(names: list[str]) -> list[float | None]:
    """What nomquamgender itself says (its ``NBGC.get_pgf``), NaN as None."""
    nqg = _nqg()
    return [None if p is None or (isinstance(p, float) and math.isnan(p)) else float(p) for p in nqg.NBGC().get_pgf(names)]


def test_female_prior_is_nomquamgenders_own_answer():
    nqg = _nqg()
    keys = list(nqg.name_data)
    rng = random.Random(16)
    # Keys of every kind (escaped characters, entity debris, spaces, the first and last entries) and
    # names as a text writes them: capitals, accents, a family name after the given name, unknown names.
    odd = [k for k in keys if not k.replace(" ", "").isalnum()]
    names = rng.sample(odd, 300) + rng.sample(keys, 1000) + keys[:3] + keys[-3:]
    names += [k for k in keys if '"' in k or "\\" in k or not _PLAIN_KEY.fullmatch(k)][:50]
    names += [f" {k.title()} " for k in rng.sample(keys, 100)] + [f"{k} Smith" for k in rng.sample(keys, 100)]
    names += ["Élodie", "Zoë", "José María", "Ægir", "李", "Mary Ann", "Anne-Marie", "O'Brien", "", " ", "Qxzvbnm", 'a"b', "a\\b"]
    assert female_prior(names) == reference(names)
    assert female_prior(["Mary"])[0] > 0.9 > 0.1 > female_prior(["John"])[0]


def test_every_plain_key_begins_its_entry_once_in_the_table_text():
    """What the lookup relies on: the text ``{"key": [`` or ``, "key": [`` is where each plain key's
    entry begins, and nowhere else."""
    nqg = _nqg()
    text = _name_table().decode("ascii")
    found = re.findall(r'(?:^\{|, )"([ !#-\[\]-~]*)": \[', text)
    plain = [k for k in nqg.name_data if _PLAIN_KEY.fullmatch(k)]
    assert len(found) == len(set(found)) == len(plain)
    assert set(found) == set(plain)
    assert json.loads(text) == nqg.name_data


def test_female_prior_leaves_pandas_and_the_parsed_table_alone():
    """A worker holds the table's text (~22 MB), not nomquamgender's parsed table and pandas (~270 MB)."""
    code = (
        "import sys; from personae.lexicon import female_prior; female_prior(['Anna', 'Zoë', 'Mary Ann']); "
        "print('pandas' in sys.modules, 'nomquamgender.nomquamgender' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
