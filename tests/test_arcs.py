"""Arcs: valence curves and shapes on synthetic texts, the lexicon file option, the JSON."""

from __future__ import annotations

import pytest

from personae.arcs import arc_shape, compute_arcs, load_lexicon
from personae.context import Story
from personae.document import InputError
from personae.model import Chapter, Paragraph, Scene, Structure

SAD = "The grief was terrible and the loss was awful; she wept in misery and pain."
HAPPY = "The joy was wonderful and the love was great; she laughed in delight and happiness."


def story(paragraphs: list[str]) -> tuple[str, Structure]:
    text = "\n\n".join(paragraphs)
    paras, pos = [], 0
    n = len(paragraphs)
    per = max(1, n // 4)
    for i, p in enumerate(paragraphs):
        paras.append(Paragraph(pos, pos + len(p), min(i // per, 3), 0))
        pos += len(p) + 2
    chapters = []
    for ci in range(4):
        ps = [p for p in paras if p.chapter == ci]
        chapters.append(Chapter(ci, None, ps[0].start, ps[-1].end, (Scene(0, ps[0].start, ps[-1].end),)))
    return text, Structure(tuple(chapters), (), tuple(paras))


def blend(k: float) -> str:
    """A paragraph whose share of happy sentences is k."""
    n = 10
    h = round(k * n)
    return " ".join([HAPPY] * h + [SAD] * (n - h))


@pytest.mark.parametrize(
    "profile,label",
    [
        (lambda x: x, "rags to riches"),
        (lambda x: 1 - x, "tragedy"),
        (lambda x: abs(2 * x - 1), "man in a hole"),
        (lambda x: 1 - abs(2 * x - 1), "Icarus"),
    ],
)
def test_shapes_of_synthetic_stories(profile, label):
    text, st = story([blend(profile(i / 39)) for i in range(40)])
    arcs = compute_arcs(Story(text, st))
    assert arcs["story"]["shape"]["label"] == label
    assert arcs["story"]["shape"]["fit"] > 0.8
    ch = arcs["story"]["chapters"]
    assert len(ch) == 4 and all(-1 <= v <= 1 for v in ch)
    if label == "rags to riches":
        assert ch[0] < 0 < ch[-1]


def test_prototype_fits_itself():
    assert arc_shape([0, 1, 0, 1])["label"] == "Cinderella"
    assert arc_shape([1, 0, 1, 0])["label"] == "Oedipus"


def test_user_lexicon(tmp_path):
    lex = tmp_path / "lex.tsv"
    lex.write_text("# my lexicon\nword\tscore\nsunny\t3\ngloomy\t-3\n", encoding="utf-8")
    assert load_lexicon(lex) == {"sunny": 1.0, "gloomy": -1.0}
    csvlex = tmp_path / "lex.csv"
    csvlex.write_text("sunny,0.5\ngloomy,-1\n", encoding="utf-8")
    assert load_lexicon(csvlex) == {"sunny": 0.5, "gloomy": -1.0}
    text, st = story(["A gloomy day." if i < 20 else "A sunny day." for i in range(40)])
    arcs = compute_arcs(Story(text, st), lexicon=lex)
    assert arcs["lexicon"] == "lex.tsv"
    assert arcs["story"]["chapters"][0] == -1.0 and arcs["story"]["chapters"][-1] == 1.0
    with pytest.raises(InputError):
        load_lexicon(tmp_path / "missing.tsv")


def test_negation_flips():
    text, st = story(["She was not happy." for _ in range(8)])
    assert compute_arcs(Story(text, st))["story"]["chapters"][0] < 0


def test_character_arcs_and_json(fanfic_path):
    from personae.document import Document, Source
    from personae.model import Analysis, Character, Quote, validate
    from personae.document import Span

    text = "Anna smiled with joy. Anna laughed.\n\nBoris wept in misery. \u201cI hate this awful pain,\u201d Boris said."
    st = Structure((Chapter(0, None, 0, len(text), (Scene(0, 0, len(text)),)),), (),
                   (Paragraph(0, 35, 0, 0), Paragraph(37, len(text), 0, 0)))
    chars = (Character("anna", "Anna", gender="F"), Character("boris", "Boris", gender="M"))
    qs, qe = text.index("\u201c") + 1, text.index("\u201d")
    quotes = tuple(Quote(f"Q{i}", qs, qe, (Span(qs, qe),), speaker="boris", addressees=("anna",)) for i in range(3))
    arcs = compute_arcs(Story(text, st, quotes=quotes, characters=chars))
    assert arcs["characters"]["anna"]["mean"] > 0 > arcs["characters"]["boris"]["mean"]
    assert arcs["characters"]["boris"]["speech"] < 0
    assert arcs["pairs"][0]["a"] == "anna" and arcs["pairs"][0]["exchanges"] == 3 and arcs["pairs"][0]["valence"] < 0
    doc = Document(text=text, source=Source(path=None, format="string", sha256="0" * 64))
    validate(Analysis(document=doc, structure=st, characters=chars, quotes=quotes, arcs=arcs).to_dict())
