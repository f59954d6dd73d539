"""Relations on real text (the shared fan fiction, with a given roster) and on synthetic sentences."""

from __future__ import annotations

import re

import pytest

from personae.document import Document
from personae.language import parse
from personae.model import Analysis, Chapter, Character, Paragraph, Scene, Structure, validate
from personae.context import Story
from personae.relations import RelationSettings, find_relations, shown
from personae.tags import fandom_tags

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
    return structure, chars, find_relations(Story(text, structure, parsed, characters=chars))


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


@pytest.fixture(scope="module")
def fanfic_analysis(fanfic_path):
    """The fan fiction as a user analyses it (no roster): what the report and the summary show."""
    from personae.pipeline import analyze

    return analyze(fanfic_path)


# The relationships a reader names in the fan fiction (issue 12): pair, type, detail (None: any).
FANFIC_RELATIONSHIPS = [("Buffy", "Spike", "romantic", "ex-partners"), ("Spike", "Sam", "romantic", None),
                        ("Buffy", "Faith", "romantic", None), ("Buffy", "Dawn", "family", "siblings"),
                        ("Sam", "Krystal", "family", "parent-child"), ("Dawn", "Michael", "romantic", "engaged"),
                        ("Aiden", "Alana", "family", "twins")]


def test_fanfic_relationships_shown(fanfic_analysis):
    """The fan fiction's relationships clear the bar a reader is shown (``relations.shown``), end to end."""
    a = fanfic_analysis
    name = {c.id: c.name for c in a.characters}
    rels = [r for r in shown(a.relations) if r.type != "acquaintance"]
    pairs = {r: {name.get(r.a), name.get(r.b)} for r in rels}
    for x, y, type_, detail in FANFIC_RELATIONSHIPS:
        got = [r for r in rels if pairs[r] == {x, y} and r.type == type_]
        assert got and detail in (None, got[0].detail), (x, y, type_, detail, [(r.type, r.detail, r.confidence) for r in rels if pairs[r] == {x, y}])
    # Spike is the children's father figure ("daddy"): one child at least.
    assert any(pairs[r] & {"Krystal", "Aiden", "Alana"} and "Spike" in pairs[r] and r.type == "family" for r in rels)
    assert not [r for r in rels if pairs[r] == {"Buffy", "Dawn"} and r.type == "romantic"]
    assert all(r.evidence for r in rels)
    # The JSON keeps every relation with its confidence; what is not shown is less sure.
    bars = RelationSettings().show_confidence
    assert all(r.confidence < bars[r.type] for r in a.relations if r not in rels and r.type in bars)


def test_fanfic_tags(fanfic_analysis):
    tags = fanfic_analysis.tags
    # A pairing is tagged in cast order ("Spike/Buffy" when Spike leads the cast).
    romantic = {frozenset(t.split("/")) for t in tags["relationships"] if "/" in t}
    platonic = {frozenset(t.split(" & ")) for t in tags["relationships"] if " & " in t}
    assert {frozenset(("Buffy", "Faith")), frozenset(("Buffy", "Spike")), frozenset(("Spike", "Sam"))} <= romantic
    assert frozenset(("Buffy", "Dawn")) in platonic
    assert {"Buffy", "Spike", "Faith", "Dawn", "Sam"} <= set(tags["characters"])


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
    # Hostility is read ("her rival", "slapped"), but the model shows no hostile relation (too rarely right
    # leave-one-out): the cues are there for the model and the evidence.
    from personae.relations import find_cues

    cues, _ = find_cues(Story(text, structure, parse(text, structure.story_paragraphs()), characters=chars))
    hostile = {(c.detail, text[c.span.start : c.span.end]) for c in cues if {c.a, c.b} == {"Lucy", "Roger"} and c.type == "hostile"}
    assert hostile == {("rivals", "rival"), ("enemies", "slapped")}


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
    rels = shown(rels)
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


def _quoted(text: str, speaker: str, addressees: tuple[str, ...], n: int = 0):
    from personae.document import Span
    from personae.model import Quote

    starts = [m.start() for m in re.finditer("“", text)]
    s = starts[n]
    e = text.index("”", s) + 1
    return Quote(id=f"Q{n}", start=s, end=e, parts=(Span(s, e),), speaker=speaker, addressees=addressees, type="explicit", confidence=1.0)


def test_naming_binds_her_husband_and_a_guessed_mother_is_no_miss():
    # "Mr. Hale" and "Mrs. Hale" are husband and wife: "her husband" beside Mrs. Hale is not the nearer Mr. Bell.
    # "her mother" beside Margaret is Mrs. Hale (a married woman), not her sister Miss Edith Hale close by.
    text = ("Chapter 1\nMr. Hale and Mrs. Hale lived at the parsonage.\n"
            "Mr. Bell came in. Mrs. Hale smiled at him and then at her husband, who was reading.\n"
            "Mr. Bell left. Mrs. Hale sewed while Miss Edith Hale sat by Margaret, and Margaret looked at her mother.\n"
            "Mrs. Hale spoke. Miss Edith Hale played, and Margaret went to her mother again.\n")
    roster = [("Mr. Hale", "M", ()), ("Mrs. Hale", "F", ()), ("Mr. Bell", "M", ()), ("Margaret", "F", ()),
              ("Miss Edith Hale", "F", ("Edith",))]
    structure, chars, rels = run(text, roster)
    assert rel(rels, "Mr. Hale", "Mrs. Hale", "romantic")
    from personae.relations import find_cues
    from personae.relations.cue import Slot
    from personae.relations.pool import settle_slots

    cues, reader = find_cues(Story(text, structure, parse(text, structure.story_paragraphs()), characters=chars))
    husband = [c for c in cues if c.slot == Slot("Mrs. Hale", "husband")]
    assert {c.target for c in husband} >= {"Mr. Hale"}
    assert not [c for c in settle_slots(cues, reader.gender) if {c.a, c.b} == {"Mr. Bell", "Mrs. Hale"}]
    mother = [c.target for c in cues if c.slot == Slot("Margaret", "mother")]
    assert mother and set(mother) == {"Mrs. Hale"}


def test_parent_address_among_listeners_and_role_vocative():
    text = ("Chapter 1\n“I am not going to run away, Papa,” said Kitty to her sister and her father.\n"
            "“You must give me leave, my dear cousin, to speak,” said Mr. Collins to Elizabeth.\n")
    structure = chaptered(text, r"(?m)^Chapter \d+$")
    parsed = parse(text, structure.story_paragraphs())
    chars = tuple(Character(id=n, name=n, aliases=(), gender=g) for n, g in
                  [("Kitty", "F"), ("Jane", "F"), ("Mr. Bennet", "M"), ("Mr. Collins", "M"), ("Elizabeth", "F")])
    quotes = (_quoted(text, "Kitty", ("Jane", "Mr. Bennet"), 0), _quoted(text, "Mr. Collins", ("Elizabeth",), 1))
    from personae.relations import find_cues

    cues, _ = find_cues(Story(text, structure, parsed, quotes=quotes, characters=chars))
    papa = [c for c in cues if c.detail == "parent-child"]
    assert [(c.a, c.b) for c in papa] == [("Mr. Bennet", "Kitty")] and text[papa[0].span.start : papa[0].span.end] == "Papa"
    cousin = [c for c in cues if c.detail == "cousins"]
    assert cousin and {cousin[0].a, cousin[0].b} == {"Mr. Collins", "Elizabeth"} and not cousin[0].guess


# --- the two gold novels: recall and precision must not slide back ------------------------------------
# Floors under what benchmarks/relations.py --shipped measures (the shipped weights, which were fitted on
# these novels too: a regression guard, not a leave-one-out figure) against the complete gold in
# ../shared/gold/relations (its scoring: a relation is a pair and a type; recall over gold relations but
# in-laws, precision over the relations shown between two scope characters). Measured (rel3, 4c08a37): roster P&P 28
# of 69 recalled, precision 0.935 (29/31); Emma 15 of 31, 0.800 (16/20); e2e P&P 28 of 69, 0.732 (30/41);
# Emma 17 of 31, 0.952 (20/21). The floors are two relations under the recall and about two wrong
# predictions under the precision, so that a change losing two relations or adding two wrong ones fails
# here. Parses come from the benchmarks' parse cache and the e2e cast from its stage cache: seconds when
# warm, a few minutes once when cold.
NOVEL_FLOORS = {("PrideAndPrejudice", "roster"): (26, 0.93), ("Emma", "roster"): (12, 0.72),
                ("PrideAndPrejudice", "e2e"): (23, 0.69), ("Emma", "e2e"): (13, 0.83)}


@pytest.mark.parametrize("novel,mode", sorted(NOVEL_FLOORS))
def test_gold_novels_recall_and_precision(novel, mode):
    import sys
    from pathlib import Path

    from conftest import PDNC, SHARED, need

    need(PDNC / novel / "novel_text.txt")
    need(SHARED / "gold" / "relations" / f"{novel}.json")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import relations as bench

    res = bench.score(novel, mode)
    recalled, precision = NOVEL_FLOORS[(novel, mode)]
    assert res["recalled"] >= recalled, res
    assert res["precision"] >= precision, res


def test_copula_between_and_conversation_cues():
    """"X was Y's friend" binds the subject; "not her brother" binds no one; "the friendship between X and
    Y" names the pair; "Yes, sir" said habitually one way is deference, "you scoundrel" an insult, "my dear
    Emma" affection."""
    from personae.relations import find_cues

    text = ("Chapter 1\nCharlotte walked in. Charlotte was Elizabeth's intimate friend. Tom was not her brother. "
            "He smiled at the friendship between Mary and Anne.\n"
            "“Yes, sir, the carriage is ready,” said Parker.\n“Thank you.”\n“Very good, sir.”\n"
            "“You damned scoundrel!” cried Tom.\n“My dear Emma, come in,” said Harriet.\n")
    structure = chaptered(text, r"(?m)^Chapter \d+$")
    names = [("Charlotte", "F"), ("Elizabeth", "F"), ("Tom", "M"), ("Mary", "F"), ("Anne", "F"), ("Parker", "M"),
             ("Mr. Hale", "M"), ("Roger", "M"), ("Emma", "F"), ("Harriet", "F")]
    chars = tuple(Character(id=n, name=n, aliases=(), gender=g) for n, g in names)
    quotes = (_quoted(text, "Parker", ("Mr. Hale",), 0), _quoted(text, "Mr. Hale", ("Parker",), 1),
              _quoted(text, "Parker", ("Mr. Hale",), 2), _quoted(text, "Tom", ("Roger",), 3),
              _quoted(text, "Harriet", ("Emma",), 4))
    cues, _ = find_cues(Story(text, structure, parse(text, structure.story_paragraphs()), quotes=quotes, characters=chars))
    got = {(c.a, c.b, c.type, c.family) for c in cues}
    assert ("Charlotte", "Elizabeth", "friendship", "role_bound") in got
    assert not [c for c in cues if c.type == "family" and "Tom" in (c.a, c.b)]
    assert ("Anne", "Mary", "friendship", "statement") in got
    assert ("Mr. Hale", "Parker", "professional", "deference") in got
    assert ("Roger", "Tom", "hostile", "insult") in got
    assert ("Emma", "Harriet", "friendship", "dear_address") in got
