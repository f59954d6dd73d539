"""Relations on real text (the shared fan fiction, with a given roster) and on synthetic sentences."""

from __future__ import annotations

import re

import pytest

from personae.document import Document
from personae.language import parse
from personae.model import Analysis, Chapter, Character, Paragraph, Scene, Structure, validate
from personae.relations import fandom_tags, find_relations

ROSTER = [("Buffy", "F", ()), ("Faith", "F", ()), ("Spike", "M", ("William", "Will")), ("Dawn", "F", ("Dawnie",)),
          ("Sam", "F", ("Samantha",)), ("Michael", "M", ()), ("Krystal", "F", ("Krys",)), ("Aiden", "M", ()),
          ("Alana", "F", ()), ("Angel", "M", ())]


def chaptered(text: str, heading: str = r"(?m)^\s*(?:Prologue|Chapter \d+).*$") -> Structure:
    """Chapters at heading lines, paragraphs at blank lines / tab indents (the test's own structure)."""
    heads = [m.start() for m in re.finditer(heading, text)] or [0]
    bounds = heads + [len(text)]
    chapters = tuple(Chapter(i, None, bounds[i], bounds[i + 1], (Scene(0, bounds[i], bounds[i + 1]),)) for i in range(len(heads)))
    paras = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if not line.strip() or re.match(heading.replace("(?m)^", ""), line):
            continue
        ci = max((i for i, c in enumerate(chapters) if c.start <= m.start()), default=-1)
        if ci < 0:
            continue
        paras.append(Paragraph(m.start(), m.end(), ci, 0))
    return Structure(chapters, (), tuple(paras))


def run(text: str, roster, structure: Structure | None = None):
    structure = structure or chaptered(text, r"(?m)^Chapter \d+$")
    parsed = parse(text, structure.story_paragraphs())
    chars = tuple(Character(id=n, name=n, aliases=a, gender=g) for n, g, a in roster)
    return structure, chars, find_relations(text, structure, parsed, chars, (), ())


def rel(rels, a, b, type_=None):
    return [r for r in rels if {r.a, r.b} == {a, b} and (type_ is None or r.type == type_)]


@pytest.fixture(scope="module")
def fanfic(fanfic_path):
    text = fanfic_path.read_text(encoding="utf-8")
    structure, chars, rels = run(text, ROSTER, chaptered(text))
    return text, structure, chars, rels


def test_fanfic_chapter_one_pairings(fanfic):
    text, structure, chars, rels = fanfic
    bf = rel(rels, "Buffy", "Faith", "romantic")
    assert bf and bf[0].detail in ("lovers", "partners")
    bs = rel(rels, "Buffy", "Spike", "romantic")
    assert bs and bs[0].detail == "ex-partners"
    bd = rel(rels, "Buffy", "Dawn", "family")
    assert bd and bd[0].detail == "siblings"
    dm = rel(rels, "Dawn", "Michael", "romantic")
    assert dm and dm[0].detail == "engaged"
    assert rel(rels, "Spike", "Sam", "romantic")
    assert rel(rels, "Aiden", "Alana", "family")[0].detail == "twins"
    # Nothing romantic between the sisters, nor between Buffy and Sam who never meet.
    assert not rel(rels, "Buffy", "Dawn", "romantic")
    assert not rel(rels, "Buffy", "Sam")


def test_fanfic_evidence_points_at_the_words(fanfic):
    text, _, _, rels = fanfic
    words = {"Buffy/Faith": r"lover|kiss|together|been with", "Buffy/Dawn": r"sister", "Dawn/Michael": r"boyfriend|engaged|couple"}
    for pair, pattern in words.items():
        a, b = pair.split("/")
        r = rel(rels, a, b)[0]
        assert r.evidence and 0 < r.confidence <= 1
        hits = [e for e in r.evidence if re.search(pattern, text[e.start : e.end], re.I)]
        assert hits, (pair, [text[e.start : e.end] for e in r.evidence])
        for e in r.evidence:
            assert 0 <= e.start < e.end <= len(text) and text[e.start : e.end].strip()


def test_fanfic_timeline_shows_the_breakups(fanfic):
    text, structure, _, rels = fanfic
    bf = rel(rels, "Buffy", "Faith", "romantic")[0]
    states = [t.state for t in bf.timeline]
    assert states[0] == "together" and states[-1] == "broken up"
    last = bf.timeline[-1]
    assert last.chapter == len(structure.chapters) - 1
    assert any("over" in text[e.start : e.end] or "meant" in text[e.start : e.end] for e in last.evidence)
    bs = rel(rels, "Buffy", "Spike", "romantic")[0]
    assert "broken up" in [t.state for t in bs.timeline] and "together" in [t.state for t in bs.timeline]
    ss = rel(rels, "Spike", "Sam", "romantic")[0]
    assert [t.state for t in ss.timeline][-1] == "broken up"


def test_fanfic_tags(fanfic):
    _, _, chars, rels = fanfic
    tags = fandom_tags(chars, rels)
    assert "Buffy/Faith" in tags["relationships"] and "Buffy/Spike" in tags["relationships"]
    assert "Buffy & Dawn" in tags["relationships"]
    assert tags["characters"][:2] == ["Buffy", "Faith"]


def test_relations_json_validates(fanfic):
    text, structure, chars, rels = fanfic
    from personae.document import Source

    doc = Document(text=text, source=Source(path=None, format="string", sha256="0" * 64))
    a = Analysis(document=doc, structure=structure, characters=chars, relations=rels, tags=fandom_tags(chars, rels))
    validate(a.to_dict())


SYNTH = """Chapter 1
Mary lived at the farm with her brother Tom and her father, Mr. Green.
Anne, his eldest daughter, was in town. Mr. Green and Mrs. Green had a dog.
Chapter 2
Lucy had been engaged to Henry since the spring. Henry kissed Lucy at the gate.
Chapter 3
Lucy and Henry were married in June. Later Lucy slapped Roger, her rival.
"""

SYN_ROSTER = [("Mary", "F", ()), ("Tom", "M", ()), ("Mr. Green", "M", ()), ("Mrs. Green", "F", ()), ("Anne", "F", ()),
              ("Lucy", "F", ()), ("Henry", "M", ()), ("Roger", "M", ())]


def test_patterns_on_synthetic_text():
    text = SYNTH
    structure, chars, rels = run(text, SYN_ROSTER)
    sib = rel(rels, "Mary", "Tom", "family")
    assert sib and sib[0].detail == "siblings"
    assert any(text[e.start : e.end] == "brother" for e in sib[0].evidence)
    pc = rel(rels, "Mr. Green", "Anne", "family")
    assert pc and pc[0].detail == "parent-child" and pc[0].directed and pc[0].a == "Mr. Green"
    pm = rel(rels, "Mr. Green", "Mary", "family")
    assert pm and pm[0].a == "Mr. Green"
    sp = rel(rels, "Mr. Green", "Mrs. Green", "romantic")
    assert sp and sp[0].detail == "spouses"
    lh = rel(rels, "Lucy", "Henry", "romantic")[0]
    assert lh.detail == "spouses"
    assert [(t.chapter, t.state) for t in lh.timeline] == [(1, "engaged"), (2, "married")]
    assert any(text[e.start : e.end] == "kissed" for e in lh.evidence)
    assert rel(rels, "Lucy", "Roger", "hostile")


def test_nothing_from_co_occurrence_alone():
    text = "Chapter 1\nMary and Tom walked to town. Tom saw Mary at the market. Mary waved to Tom.\n"
    _, _, rels = run(text, [("Mary", "F", ()), ("Tom", "M", ())])
    assert all(r.type == "acquaintance" for r in rels)


def test_surname_rules():
    """Mr. X + Mrs. X are spouses (also when the alias is hard-wrapped); a Miss X is never Mr. X's wife."""
    text = "Chapter 1\nMr. Brown came in with Mrs. Brown. Miss Grey and Mr. Grey followed; Mrs. Grey stayed home.\n"
    roster = [("Mr. Brown", "M", ("Mr.\nBrown",)), ("Mrs. Brown", "F", ()), ("Mr. Grey", "M", ()),
              ("Miss Grey", "F", ("Mrs. Grey",))]
    _, _, rels = run(text, roster)
    sp = rel(rels, "Mr. Brown", "Mrs. Brown", "romantic")
    assert sp and sp[0].detail == "spouses" and text[sp[0].evidence[0].start : sp[0].evidence[0].end].endswith("Brown")
    assert not rel(rels, "Mr. Grey", "Miss Grey", "romantic")


def test_family_introduced_by_birth_order():
    """"the mother of three children ... Kate was the eldest ... the youngest were twins, Ben and Amy"."""
    text = ("Chapter 1\nSarah was a kind woman. She was the mother of three children. At ten, Kate was the eldest. "
            "The two youngest were twins, Ben and Amy.\nSarah smiled at them.\n")
    _, _, rels = run(text, [("Sarah", "F", ()), ("Kate", "F", ()), ("Ben", "M", ()), ("Amy", "F", ())])
    for child in ("Kate", "Ben", "Amy"):
        pc = rel(rels, "Sarah", child, "family")
        assert pc and pc[0].detail == "parent-child" and pc[0].a == "Sarah"
    assert rel(rels, "Ben", "Amy", "family")


def test_name_beginning_a_clause_is_no_apposition():
    """"quitting her father, Mr. Knightley felt": Mr. Knightley is not her father; "my brother, Mr.
    Suckling" names someone outside the cast, so no one nearby is made the brother."""
    text = ("Chapter 1\nEmma would not think of quitting her father, Mr. Knightley felt as strongly as she did.\n"
            "Mrs. Elton smiled at Mr. Weston. “You would be amazed to hear how my brother, Mr. Suckling, lives.”\n")
    roster = [("Emma", "F", ()), ("Mr. Knightley", "M", ()), ("Mrs. Elton", "F", ()), ("Mr. Weston", "M", ())]
    _, _, rels = run(text, roster)
    assert not rel(rels, "Emma", "Mr. Knightley", "family")
    assert not rel(rels, "Mrs. Elton", "Mr. Weston", "family")


def test_backstory_breakup_does_not_set_the_chapter_state():
    text = ("Chapter 1\nTom was engaged to Ann. Tom kissed Ann. Ann kissed Tom.\n"
            "Chapter 2\nAnn broke up with Tom. It was over.\n"
            "Chapter 3\nLong after Ann had broken up with Tom, Tom kissed Ann again. “I love you,” Tom told Ann. "
            "Ann kissed Tom.\n")
    structure = chaptered(text, r"(?m)^Chapter \d+$")
    _, _, rels = run(text, [("Tom", "M", ()), ("Ann", "F", ())], structure)
    r = rel(rels, "Tom", "Ann", "romantic")[0]
    states = [t.state for t in r.timeline]
    assert states[1] == "broken up" and states[-1] != "broken up"


def test_wished_marriage_is_no_marriage():
    text = ("Chapter 1\nWe do so wish that Charles had married Anne. If Charles had kissed Anne, all would be well. "
            "Tom married Ann in June.\n")
    _, _, rels = run(text, [("Charles", "M", ()), ("Anne", "F", ()), ("Tom", "M", ()), ("Ann", "F", ())])
    assert not rel(rels, "Charles", "Anne", "romantic")
    assert rel(rels, "Tom", "Ann", "romantic")
