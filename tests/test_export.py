"""Exports: TEI, graph, tables and the HTML report, from one hand-built Analysis and from real runs.

Round trips: every character, quote and relation in the JSON is found again, with the same ids,
speakers, addressees, spans and types, in the TEI and in the tables."""

from __future__ import annotations

import csv
import io
import json
import sys

import networkx as nx
import pytest
from lxml import etree

from conftest import PDNC, REPO, need
from story_fixture import analysed, fixture_analysis

from personae.export.graph import character_graph, render_graph
from personae.export.html import network_nodes, render_html, report_data
from personae.export.tables import render_tables, table_names
from personae.export.tei import TEI_NS, XML_ID, render_tei
from personae.model import Analysis, validate

NS = {"t": TEI_NS}
RNG = REPO / "tests" / "data" / "tei-said-relation.rng"
# The official TEI P5 schema (4.3.0), fetched from PyPI by `make test` (tools/tei-schema/fetch.sh).
TEI_ALL = REPO / "build" / "tei" / "tei_all.rng"


@pytest.fixture(scope="module")
def story() -> Analysis:
    return fixture_analysis()


@pytest.fixture(scope="module")
def fanfic(fanfic_path) -> Analysis:
    return analysed(fanfic_path)


@pytest.fixture(scope="module")
def daisy() -> Analysis:
    """A real novel at full length, with PDNC's gold quotes (multi-paragraph speeches included)."""
    need(PDNC / "DaisyMiller")
    sys.path.insert(0, str(REPO / "benchmarks"))
    from pdnc_analysis import pdnc_analysis

    return pdnc_analysis("DaisyMiller")


# --- what the JSON says, the reference every other export is checked against ------------------------


def json_records(a: Analysis) -> tuple[dict, dict, list]:
    data = json.loads(a.to_json())
    validate(data)
    chars = {c["id"]: c for c in data["characters"]}
    quotes = {q["id"]: q for q in data["quotes"]}
    rels = sorted((r["a"], r["b"], r["type"], r["detail"], r["directed"]) for r in data["relations"])
    return chars, quotes, rels


# --- TEI -----------------------------------------------------------------------------------------


def tei_records(a: Analysis, xml: str) -> tuple[dict, dict, list]:
    """Characters, quotes and relations read back from the TEI alone."""
    root = etree.fromstring(xml.encode("utf-8"))
    chars = {}
    for p in root.iterfind(".//t:listPerson/t:person", NS):
        names = [n.text for n in p.iterfind("t:persName", NS)]
        chars[p.get(XML_ID)] = {"name": names[0], "aliases": names[1:]}
    quotes: dict[str, dict] = {}
    for s in root.iter(f"{{{TEI_NS}}}said"):
        q = quotes.setdefault(s.get("n"), {"who": s.get("who"), "toWhom": s.get("toWhom"), "ana": s.get("ana"), "text": []})
        assert (q["who"], q["toWhom"]) == (s.get("who"), s.get("toWhom")), "pieces of one quote disagree"
        q["text"].append("".join(s.itertext()))  # the words, mentions marked inside included
    rels = []
    for r in root.iterfind(".//t:listRelation/t:relation", NS):
        if r.get("mutual"):
            a, b = (x.lstrip("#") for x in r.get("mutual").split())
            rels.append((a, b, r.get("name"), r.get("subtype"), False))
        else:
            rels.append((r.get("active").lstrip("#"), r.get("passive").lstrip("#"), r.get("name"), r.get("subtype"), True))
    return chars, quotes, sorted(rels)


def check_tei_round_trip(a: Analysis) -> etree._Element:
    xml = render_tei(a)
    root = etree.fromstring(xml.encode("utf-8"))  # well-formed, or this raises
    rng = etree.RelaxNG(etree.parse(str(RNG)))
    assert rng.validate(root), rng.error_log
    chars, quotes, rels = json_records(a)
    t_chars, t_quotes, t_rels = tei_records(a, xml)
    assert set(t_chars) == set(chars)
    for cid, c in chars.items():
        assert t_chars[cid]["name"] == c["name"]
        assert set(t_chars[cid]["aliases"]) == set(c["aliases"]) - {c["name"]}
    assert set(t_quotes) == set(quotes), "a quote is missing from the TEI"
    text = a.text
    for qid, q in quotes.items():
        tq = t_quotes[qid]
        assert tq["who"] == (f"#{q['speaker']}" if q["speaker"] else None)
        assert (tq["toWhom"] or "").split() == [f"#{x}" for x in q["addressees"]]
        assert tq["ana"] == f"#qt-{q['type']}"
        # The said elements hold exactly the quote's words: the parts, cut only at paragraph/line breaks.
        said = "".join(tq["text"])
        parts = "".join(text[p["start"] : p["end"]] for p in q["parts"])
        assert "".join(said.split()) == "".join(parts.split())
    assert t_rels == rels
    # Every pointer resolves to a person or a category in the file.
    ids = {e.get(XML_ID) for e in root.iter() if e.get(XML_ID)}
    for e in root.iter(f"{{{TEI_NS}}}said"):
        for attr in ("who", "toWhom", "ana", "next", "prev"):
            for ptr in (e.get(attr) or "").split():
                assert ptr.lstrip("#") in ids, f"{attr}={ptr} points nowhere"
    return root


def test_tei_fixture_structure_and_round_trip(story):
    root = check_tei_round_trip(story)
    chapters = root.findall(".//t:body/t:div[@type='chapter']", NS)
    assert [c.findtext("t:head", namespaces=NS) for c in chapters] == ["The Letter", "Winter"]
    assert [len(c.findall("t:div[@type='scene']", NS)) for c in chapters] == [2, 1]
    # The verse is lg/l, one l per line, and the quote inside it is still a said.
    lines = root.findall(".//t:lg/t:l", NS)
    assert ["".join(l.itertext()) for l in lines] == ["The snow is deep, “the night is long,”", "and Anna hums along."]
    assert lines[0].find("t:said", NS).get("n") == "Q5"
    # A quote interrupted by its speech tag is two said elements chained by next/prev.
    q0 = root.findall(".//t:said[@n='Q0']", NS)
    assert ["".join(s.itertext()) for s in q0] == ["It’s from Ben,", "and he is coming home."]
    # Mentions are marked where they are, inside a quote too, each pointing to its person.
    assert q0[0].find("t:persName", NS).get("ref") == "#ben"
    she = root.find(".//t:rs[@type='pronoun']", NS)
    assert (she.text, she.get("ref")) == ("she", "#anna") and she.getparent().tag == f"{{{TEI_NS}}}p"
    assert q0[0].get("next") == "#" + q0[1].get(XML_ID) and q0[1].get("prev") == "#" + q0[0].get(XML_ID)
    # The narration between quotes survives, escaped: the whole paragraph text is kept.
    p = next(p for p in root.iter(f"{{{TEI_NS}}}p") if "late" in "".join(p.itertext()))
    assert "".join(p.itertext()) == "“You’re late,” Anna told him, & smiled <anyway>."
    assert root.find(".//t:note[@type='author']", NS) is not None
    rel = root.find(".//t:relation[@name='romantic']", NS)
    assert rel.get("mutual") == "#anna #ben" and "reconciled" in rel.findtext("t:desc", namespaces=NS)


def test_tei_directed_relation_uses_active_passive(story):
    from dataclasses import replace

    a = replace(story, relations=(replace(story.relations[1], type="family", detail="parent-child", directed=True),))
    root = etree.fromstring(render_tei(a).encode())
    rel = root.find(".//t:relation", NS)
    assert (rel.get("active"), rel.get("passive"), rel.get("mutual")) == ("#anna", "#clara", None)


def test_tei_text_is_the_story_text(story):
    """Nothing of the story is lost or added: the body's text is the paragraphs' text, in order."""
    root = etree.fromstring(render_tei(story).encode())
    body = root.find("t:text", NS)
    got = "".join("".join(e.itertext()) for e in body.iter(f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}l"))
    assert "".join(root.find("t:text/t:front", NS).itertext()).split() == "The Letter Home by A. Writer".split()
    heads = {c.heading.start for c in story.structure.chapters if c.heading}
    want = "".join(
        "".join(story.text[p.start : p.end].split()) for p in story.structure.paragraphs if p.start not in heads
    )
    assert "".join(got.split()) == want


def test_tei_real_novel_round_trip(daisy):
    check_tei_round_trip(daisy)


def test_tei_fanfic_real_pipeline(fanfic):
    check_tei_round_trip(fanfic)


@pytest.fixture(scope="module")
def tei_all():
    if not TEI_ALL.exists():
        pytest.skip(f"full TEI P5 schema check skipped: {TEI_ALL} not found (`make tei-schema` fetches it from PyPI)")
    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


@pytest.mark.parametrize("which", ["story", "daisy", "fanfic"])
def test_tei_valid_against_full_tei_p5(which, request, tei_all):
    """Valid against the whole of TEI P5 (tei_all, its RelaxNG part), not only the subset above."""
    root = etree.fromstring(render_tei(request.getfixturevalue(which)).encode("utf-8"))
    assert tei_all.validate(root), [f"{e.line}: {e.message}" for e in list(tei_all.error_log)[:5]]


# --- tables --------------------------------------------------------------------------------------


def read_csv(s: str, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(s), delimiter=delimiter))


def check_tables_round_trip(a: Analysis) -> dict[str, str]:
    tables = render_tables(a)
    # The CLI checks these names for clashes before writing anything: they must be exactly the files written.
    assert sorted(tables) == sorted(table_names(a.document.source.path))
    chars, quotes, rels = json_records(a)
    t_chars = {r["id"]: r for r in read_csv(tables["characters.csv"])}
    assert set(t_chars) == set(chars)
    for cid, c in chars.items():
        assert t_chars[cid]["name"] == c["name"] and json.loads(t_chars[cid]["aliases"]) == c["aliases"]
        assert t_chars[cid]["gender"] == c["gender"] and t_chars[cid]["importance"] == c["importance"]
    t_quotes = {r["id"]: r for r in read_csv(tables["quotes.csv"])}
    assert set(t_quotes) == set(quotes)
    for qid, q in quotes.items():
        t = t_quotes[qid]
        assert (int(t["start"]), int(t["end"])) == (q["start"], q["end"])
        assert json.loads(t["parts"]) == [[p["start"], p["end"]] for p in q["parts"]]
        assert (t["speaker"] or None) == q["speaker"] and json.loads(t["addressees"]) == q["addressees"]
        assert t["type"] == q["type"]
        assert t["text"].split(" … ")[0] == a.text[q["parts"][0]["start"] : q["parts"][0]["end"]]
    t_rels = sorted((r["a"], r["b"], r["type"], r["detail"] or None, r["directed"] == "true") for r in read_csv(tables["relations.csv"]))
    assert t_rels == rels
    chapters = read_csv(tables["chapters.csv"])
    assert len(chapters) == len(a.structure.chapters)
    assert sum(int(c["quotes"]) for c in chapters) == len(quotes)
    # BookNLP-style files: BookNLP's column names, one row per quote; .book lists every character.
    bq = [k for k in tables if k.endswith(".quotes")]
    assert len(bq) == 1
    rows = read_csv(tables[bq[0]], delimiter="\t")
    assert tables[bq[0]].splitlines()[0].split("\t") == ["quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase", "char_id", "quote"]
    assert len(rows) == len(quotes)
    assert sorted((int(r["quote_start"]), r["char_id"] or None) for r in rows) == sorted((q["start"], q["speaker"]) for q in quotes.values())
    book = json.loads(tables[bq[0].replace(".quotes", ".book")])
    assert {c["id"] for c in book["characters"]} == set(chars)
    return tables


def test_tables_fixture_round_trip(story):
    tables = check_tables_round_trip(story)
    q0 = next(r for r in read_csv(tables["quotes.csv"]) if r["id"] == "Q0")
    assert (q0["chapter"], q0["scene"], q0["speaker_name"], json.loads(q0["addressee_names"])) == ("1", "1", "Anna", ["Clara"])
    assert story.text[int(q0["tag_start"]) : int(q0["tag_end"])] == "she said to Clara"
    ben = next(r for r in read_csv(tables["relations.csv"]) if r["b"] == "ben")
    assert json.loads(ben["timeline"]) == [{"chapter": 1, "state": "apart"}, {"chapter": 2, "state": "reconciled"}]
    assert int(ben["conversation"]) == 3  # Q2 (Ben to Anna), Q3 (Anna to Ben), Q6 (Ben to Anna)
    book = json.loads(tables["the-letter-home.book"])
    anna = next(c for c in book["characters"] if c["id"] == "anna")
    assert anna["g"]["argmax"] == "she/her" and {"n": "she", "c": 1} in anna["mentions"]["pronoun"]


def test_tables_real_novel_round_trip(daisy):
    check_tables_round_trip(daisy)


def test_tables_fanfic_real_pipeline(fanfic):
    check_tables_round_trip(fanfic)


# --- graph ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix,reader", [(".gexf", nx.read_gexf), (".graphml", nx.read_graphml)])
def test_graph_files_read_back(story, tmp_path, suffix, reader):
    path = tmp_path / f"net{suffix}"
    path.write_bytes(render_graph(story, path))
    g = reader(path)
    assert set(g.nodes) == {c.id for c in story.characters}
    assert g.nodes["anna"]["label"] == "Anna" and g.nodes["anna"]["gender"] == "F"
    edge = g.edges["anna", "ben"]
    assert edge["relation"] == "romantic" and int(edge["conversation"]) == 3
    assert edge["timeline"] == "1:apart | 2:reconciled"
    # Ben and Clara hold no relation but Ben calls to her: a conversation-only edge.
    assert g.edges["ben", "clara"]["relation"] == "conversation"


def test_graph_real_novel(daisy):
    g = character_graph(daisy)
    assert g.number_of_nodes() == len(daisy.characters)
    talk = {tuple(sorted((q.speaker, ad))) for q in daisy.quotes if q.speaker for ad in q.addressees if ad != q.speaker}
    assert talk <= {tuple(sorted(e)) for e in g.edges}


# --- HTML ----------------------------------------------------------------------------------------


def page_json(html: str, element_id: str):
    start = html.index(f'<script id="{element_id}" type="application/json">') + len(f'<script id="{element_id}" type="application/json">')
    return json.loads(html[start : html.index("</script>", start)].replace("<\\/", "</"))


def test_html_is_self_contained(story):
    html = render_html(story)
    low = html.lower()
    for needle in ("<script src", "<link", "@import", "url(http", 'src="http', "src='http"):
        assert needle not in low, needle
    assert "default-src 'none'" in html  # the page's own policy forbids any request
    # Each inlined library carries its licence notice (MIT: "included in all copies").
    from importlib.resources import files

    from personae.export.html import VENDORED

    for _, lic in VENDORED:
        notice = next(l for l in (files("personae.export") / "vendor" / lic).read_text(encoding="utf-8").splitlines() if "Copyright" in l)
        assert notice.strip() in html, lic
    data = page_json(html, "personae-data")
    assert data["network"]["nodes"] == network_nodes(story)
    assert data["tags"] == {"relationships": ["Anna/Ben"]}
    assert {c["id"] for c in data["characters"]} == {"anna", "ben", "clara", "dora"}
    assert data["arcs"]["story"] == [0.4, -0.2] and data["arcs"]["characters"]["clara"] == [0.1, None]
    chapters = page_json(html, "personae-text")
    assert len(chapters) == 2
    # Every quote piece is in the text, marked with its speaker and addressees; markup is escaped.
    assert chapters[0].count('data-q="Q0"') == 2
    assert 'data-q="Q2" data-t="i" data-sp="ben" data-ad="anna clara"' in chapters[0]
    assert "&amp; smiled &lt;anyway&gt;" in chapters[0]
    assert '<hr class="scene-break" id="ch0-s1"' in chapters[0]
    assert '<div class="verse">' in chapters[1]
    assert chapters[0].startswith('<p class="outside">The Letter Home\nby A. Writer</p>')  # the title page is not lost


def test_network_leaves_out_minor_characters_linked_to_no_one(story):
    from dataclasses import replace

    assert "dora" in network_nodes(story)
    minor = replace(story, characters=tuple(replace(c, importance="minor") for c in story.characters))
    assert network_nodes(minor) == ["anna", "clara", "ben"]  # linked by talk or relation; by prominence


def test_html_script_cannot_be_closed_by_the_story(story):
    from dataclasses import replace

    from personae.document import Document

    text = story.text.replace("<anyway>", "</script")  # same length: every offset still holds
    html = render_html(replace(story, document=Document(text, story.document.source)))
    assert html.count("</script") == html.count("<script")
    assert "smiled &lt;/script." in page_json(html, "personae-text")[0]


def test_html_tolerates_missing_or_odd_arcs(story):
    from dataclasses import replace

    for arcs in ({}, {"story": "flat"}, {"story": [1, "x"]}, {"characters": {"anna": {"scenes": [1]}}}, {"story": [0.1, float("nan")]}):
        data = report_data(replace(story, arcs=arcs))
        assert data["arcs"]["characters"] == {}
    assert report_data(replace(story, arcs={"story": [0.1, float("nan")]}))["arcs"]["story"] == [0.1, None]


def test_html_reads_story_time_and_character_means(story):
    """The arcs stage's richer shape: a smoothed series through the text, raw windows, a shape with
    extra fields, and a mean per character."""
    from dataclasses import replace

    arcs = {
        "story": {"chapters": [0.1], "windows": [0.2, -0.1, 0.3], "smoothed": [0.1, 0.05, 0.2],
                  "shape": {"label": "Cinderella", "fit": 0.56, "fits": {"tragedy": -0.3}}},
        "characters": {"anna": {"chapters": [0.1], "mean": 0.1, "speech": 0.2}, "nobody": {"mean": "n/a"}},
    }
    got = report_data(replace(story, arcs=arcs))["arcs"]
    assert got["time"] == [0.1, 0.05, 0.2] and got["timeRaw"] == [0.2, -0.1, 0.3]
    assert got["shape"] == {"label": "Cinderella", "fit": 0.56}
    assert got["mean"] == {"anna": 0.1}


def test_html_evidence_is_shown_in_context(story):
    data = report_data(story)
    rel = next(r for r in data["relations"] if r["type"] == "romantic")
    # The evidence span is the whole sentence "Ben stood at the gate."; its paragraph goes on after it.
    assert rel["evidence"][0]["text"].startswith("‹Ben stood at the gate.› “Anna! Clara!”")
    assert rel["conv"] == [2, 1]


def test_html_real_novel(daisy):
    html = render_html(daisy)
    chapters = page_json(html, "personae-text")
    marked = {s.split('"')[0] for h in chapters for s in h.split('data-q="')[1:]}
    assert marked == {q.id for q in daisy.quotes}, "every quote is marked in the text"


def test_every_export_of_an_empty_analysis():
    """A text with nothing found (no chapters, cast, quotes) still exports cleanly."""
    import hashlib

    from personae.document import Document, Source
    from personae.model import Structure

    doc = Document("", Source(None, "string", hashlib.sha256(b"").hexdigest(), {}))
    a = Analysis(doc, Structure((), (), ()))
    etree.fromstring(render_tei(a).encode())
    assert page_json(render_html(a), "personae-text") == []
    assert read_csv(render_tables(a)["quotes.csv"]) == []
    assert character_graph(a).number_of_nodes() == 0
