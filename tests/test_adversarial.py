"""Hostile and pathological input (issue 14): time and memory stay proportional to the input whatever its
shape, outputs are safe where they land, and nothing of the user's is lost.

Time bounds here are generous ceilings on CPU time (``time.process_time``: other processes on a loaded
machine do not count); the figures that show linear behaviour come from ``benchmarks/adversarial.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personae.model import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))  # the hand-zipped EPUB builder

few = settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))

# Characters spaCy's tokenizer peels off a word one at a time (quadratic in a run of them).
SYMBOLS = list('"“”‘’\'!?*()[]_$%<>…;:.,-—~#@&^=+|/\\') + ["\ufffd"]


def _parse_spans(text: str):
    from personae.language import parse

    return parse(text, [Paragraph(0, len(text), 0, 0)])


# --- 1. runs of symbols ------------------------------------------------------------------------------


@few
@given(st.lists(st.sampled_from(SYMBOLS + ["a", "ab", " ", "\n"]), min_size=1, max_size=6), st.integers(2_000, 4_000))
def test_symbol_runs_tokenise_in_linear_time_and_keep_offsets(unit, n):
    from personae.language import LONG_RUN, SYMBOL_RUN, shown_to_spacy

    piece = ("".join(unit) * (n // len("".join(unit)) + 1))[:n]
    shown = shown_to_spacy(piece)
    assert len(shown) == len(piece)  # offsets unchanged
    # Only white space is added, and only inside long runs.
    assert all(a == b or b == " " for a, b in zip(piece, shown))
    assert max(map(len, shown.split()), default=0) <= LONG_RUN
    t0 = time.process_time()
    parsed = _parse_spans(piece)
    assert time.process_time() - t0 < 20, "a few thousand symbols must not take quadratic time"
    assert parsed.docs and all(len(d.text) for d in parsed.docs)
    assert SYMBOL_RUN < 100


def test_prose_is_shown_to_spacy_as_it_is():
    from importlib.resources import files

    from personae.language import shown_to_spacy

    sample = (files("personae") / "sample" / "a-scandal-in-bohemia.txt").read_text(encoding="utf-8")
    for para in sample.split("\n\n"):
        assert shown_to_spacy(para) == para.replace("\n", " ").replace("\r", " ").replace("\t", " ")


def test_twenty_thousand_quote_marks_analyse_quickly():
    import personae

    text = "Anna looked at Ben.\n\n“Hello,” she said.\n\n" + '"' * 10_000 + "\n\n" + "“" * 10_000 + "\n"
    t0 = time.process_time()
    a = personae.analyze(text)
    assert time.process_time() - t0 < 30  # 10k of either mark took 23 s, 20k 69 s; both take ~3 s now
    assert a.document.text == text


# --- 3. layout: one huge line, thousands of break lines --------------------------------------------


def test_no_batch_or_piece_is_unbounded(monkeypatch):
    """Whatever the layout, spaCy never gets a piece over MAX_CHUNK characters or MAX_TOKENS tokens, nor a
    batch of more than MAX_TOKENS tokens (its memory grows with both)."""
    import personae.language as language

    nlp = language.load_nlp()
    batches: list[list[str]] = []

    class Spy:
        def pipe(self, texts, batch_size, n_process):
            texts = list(texts)
            for i in range(0, len(texts), batch_size):
                batches.append(texts[i : i + batch_size])
            return nlp.pipe(texts, batch_size=batch_size, n_process=n_process)

    monkeypatch.setattr(language, "load_nlp", lambda: Spy())
    line = " ".join(["She walked to the window and looked out at the rain."] * 500)  # 27k chars, no newline
    breaks = "* * *\n" * 3_000  # 9k tokens in 18k characters
    prose = "\n\n".join(["“Come in,” she said. He did."] * 100)
    for text in (line, breaks, prose):
        paragraphs, pos = [], 0
        for para in text.split("\n\n"):
            paragraphs.append(Paragraph(pos, pos + len(para), 0, 0))
            pos += len(para) + 2
        batches.clear()
        parsed = language.parse(text, paragraphs)
        assert sum(len(d.text) for d in parsed.docs) == sum(p.end - p.start for p in paragraphs)
        for batch in batches:
            assert all(len(piece) <= language.MAX_CHUNK for piece in batch)
            assert all(len(language._TOKENISH.findall(p)) <= language.MAX_TOKENS + 1 for p in batch)
            assert len(batch) == 1 or sum(len(language._TOKENISH.findall(p)) for p in batch) <= language.MAX_TOKENS
    # Prose goes through in batches of 64 paragraphs, as before.
    assert max(len(b) for b in batches) == 64


def test_doc_lookup_does_not_rebuild_the_doc_text():
    """``Parsed.doc_at`` is called once per quote and mention: it must not cost the length of the doc
    (spaCy's ``Doc.text`` joins every token on each call)."""
    from personae.language import doc_length

    text = " ".join(["“Stay,” she said. He stayed."] * 300)
    parsed = _parse_spans(text)
    start, doc = parsed.doc_at(len(text) // 2)
    assert doc_length(doc) == len(doc.text)
    t0 = time.process_time()
    for off in range(0, len(text), 3):
        parsed.doc_at(off)
    assert time.process_time() - t0 < 5


# --- 4. roster aliases of any length -----------------------------------------------------------------

WORDS = ["the", "The", "Mr.", "Darcy", "Darcy,", "Darcy’s", "“Darcy", "Miss", "Bennet", "Bennet.", "servant", "old", "--", "Jane—and", "and"]


def _aliases_by_brute_force(text, paragraphs, alias_ids):
    """The reference: for each position, every alias length from the longest down (what cast did before)."""
    from personae.cast.roster import _LEAD, _WS_TOKEN, _strip
    from personae.lexicon import ARTICLES as _ARTICLES

    exact = {tuple(a.split()): a for a in alias_ids if a.split()}
    folded = {tuple(w.lower() for w in a.split()): a for a in alias_ids if len(a.split()) > 1 and a.split()[0].lower() in _ARTICLES}
    maxlen = max((len(k) for k in exact), default=0)
    hits = []
    for p in paragraphs:
        toks = [(m.start(), m.group()) for m in _WS_TOKEN.finditer(text, p.start, p.end)]
        i = 0
        while i < len(toks):
            s0, w0 = toks[i]
            lead = len(w0) - len(w0.lstrip(_LEAD))
            w0 = w0[lead:]
            found = None
            for n in range(min(maxlen, len(toks) - i), 0, -1) if w0 else ():
                inner = [w0] + [toks[i + k][1] for k in range(1, n)]
                if n > 1 and any(_strip(w) != w and not w.endswith(".") for w in inner[:-1]):
                    continue
                for cand in dict.fromkeys((inner[-1], _strip(inner[-1]))):
                    key = tuple(inner[:-1]) + (cand,)
                    a = exact.get(key) or folded.get(tuple(w.lower() for w in key))
                    if a is not None:
                        found = (s0 + lead, toks[i + n - 1][0] + (lead if n == 1 else 0) + len(cand), a, n)
                        break
                if found:
                    break
            hits.append(found[:3]) if found else None
            i += found[3] if found else 1
    return hits


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    st.lists(st.lists(st.sampled_from(WORDS + ["Darcy", "Bennet", "Mr"]), min_size=1, max_size=5), min_size=1, max_size=6),
)
def test_alias_matching_finds_what_trying_every_length_finds(words, aliases):
    from personae.cast.roster import _find_aliases

    text = " ".join(words)
    alias_ids = {" ".join(a): [0] for a in aliases}
    paragraphs = [Paragraph(0, len(text), 0, 0)]
    assert _find_aliases(text, paragraphs, alias_ids) == _aliases_by_brute_force(text, paragraphs, alias_ids)


@pytest.mark.parametrize("length", [100, 500])
def test_a_long_alias_costs_no_more_than_a_short_one(length):
    from importlib.resources import files

    from personae.cast.roster import _find_aliases

    text = (files("personae") / "sample" / "a-scandal-in-bohemia.txt").read_text(encoding="utf-8")[:100_000]
    words = text.split()
    alias = " ".join(["the", *words[1000 : 1000 + length - 1]])
    t0 = time.process_time()
    hits = _find_aliases(text, [Paragraph(0, len(text), 0, 0)], {alias: [0], "Holmes": [1]})
    assert time.process_time() - t0 < 10  # was 58 s (100 words) and > 300 s (500 words) in a whole analysis
    assert any(a == "Holmes" for _, _, a in hits)


# --- outputs: each destination neutralises what it would read as markup, a formula or a command ------


def test_report_embeds_story_strings_as_data_only():
    """6. "<!--<script" in a title or in evidence must not open a script state that swallows the page."""
    import base64
    import hashlib
    import json
    import re

    from story_fixture import hostile_analysis

    from personae.export.html import render_html, report_data

    a = hostile_analysis()
    page = render_html(a)
    blocks = dict(re.findall(r'<script id="(personae-\w+)" type="application/json">(.*?)</script>', page, re.S))
    assert set(blocks) == {"personae-data", "personae-text"}
    for body in blocks.values():
        assert not set("<>&") & set(body)
    data, expected = json.loads(blocks["personae-data"]), json.loads(json.dumps(report_data(a)))
    for key in ("title", "characters", "relations"):
        assert data[key] == expected[key]  # the escapes are JSON's: the strings come back as they were
    assert json.loads(blocks["personae-data"])["chapters"][0]["title"] == "<!--<script>"
    # The page runs exactly its two inline scripts: the CSP lists their hashes, not 'unsafe-inline'.
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for js in scripts:
        digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_graphs_are_well_formed_xml_whatever_the_names(suffix):
    """7. A control character in a title or a name made the GEXF unreadable and GraphML crash."""
    import io

    import networkx as nx
    from lxml import etree
    from story_fixture import hostile_analysis

    from personae.export.graph import render_graph

    data = render_graph(hostile_analysis(), "net" + suffix)
    etree.parse(io.BytesIO(data))  # well-formed
    g = (nx.read_gexf if suffix == ".gexf" else nx.read_graphml)(io.BytesIO(data))
    assert g.number_of_nodes() == 4
    assert any("na" in str(d.get("label")) for _, d in g.nodes(data=True))


def test_tei_is_well_formed_with_hostile_strings_and_colliding_ids():
    """7, 15. Control characters are cleaned; ids that read the same as xml:ids stay distinct."""
    from dataclasses import replace

    from lxml import etree
    from story_fixture import hostile_analysis

    from personae.export.tei import XML_ID, render_tei

    a = hostile_analysis()
    renamed = {"anna": "a b", "ben": "a_b", "clara": "qt-explicit", "dora": "Q0.1"}
    a = replace(
        a,
        characters=tuple(replace(c, id=renamed[c.id]) for c in a.characters),
        quotes=tuple(replace(q, speaker=renamed.get(q.speaker), addressees=tuple(renamed[x] for x in q.addressees)) for q in a.quotes),
        relations=tuple(replace(r, a=renamed[r.a], b=renamed[r.b]) for r in a.relations),
    )
    tree = etree.fromstring(render_tei(a).encode("utf-8"))
    ids = [e.get(XML_ID) for e in tree.iter() if e.get(XML_ID)]
    assert len(ids) == len(set(ids))
    persons = [e.get(XML_ID) for e in tree.iter("{*}person")]
    assert len(persons) == 4
    for e in tree.iter("{*}said"):
        for ref in (e.get("who") or "").split() + (e.get("toWhom") or "").split():
            assert ref[1:] in persons


def test_tables_neutralise_formulas():
    """10. Cells beginning with = + - @ (OWASP's list) get a leading apostrophe; numbers stay numbers."""
    import csv
    import io

    from story_fixture import hostile_analysis

    from personae.export.tables import render_tables

    tables = render_tables(hostile_analysis())
    for name, delimiter in (("chapters.csv", ","), ("quotes.csv", ","), ("characters.csv", ","), (".quotes", "\t")):
        name = next(n for n in tables if n.endswith(name))
        rows = list(csv.reader(io.StringIO(tables[name]), delimiter=delimiter))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    chapters = list(csv.DictReader(io.StringIO(tables["chapters.csv"])))
    assert chapters[1]["title"].startswith("\x1b]0;owned")  # not a formula: starts with ESC
    quotes = list(csv.DictReader(io.StringIO(tables["quotes.csv"])))
    assert any(q["text"].startswith("'=cmd|") for q in quotes)
    assert all(q["start"].isdigit() for q in quotes)
    names = {r["name"]: r for r in csv.DictReader(io.StringIO(tables["characters.csv"]))}
    assert '"@Annie"' in names["An\x01na\x1b[2J"]["aliases"]  # a JSON list cell begins with "["


def test_summary_prints_no_control_characters():
    """11. An ESC sequence in a chapter title would set the terminal's window title."""
    import unicodedata

    from story_fixture import hostile_analysis

    from personae.summary import summary_lines

    lines = summary_lines(hostile_analysis())
    assert any("owned" in line for line in lines)
    for line in lines:
        assert not [c for c in line if unicodedata.category(c) == "Cc"], repr(line)


def test_terminal_safe():
    from personae.output import terminal_safe

    assert terminal_safe("a\x1b]0;x\x07b\u202ec\udce9d\ud800\n") == "a ]0;x b c\\xe9d\\ud800 "


def test_write_all_writes_everything_or_leaves_every_file_as_it_was(tmp_path):
    """9. One output failing must not take away the user's existing files, nor leave new ones."""
    from personae.output import write_all

    old = tmp_path / "a.json"
    old.write_text("the user's own", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_all([(old, "new"), (tmp_path / "new" / "b.json", "\ud800")])
    assert old.read_text(encoding="utf-8") == "the user's own"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]  # no temporary file, no new folder
    write_all([(old, "new"), (tmp_path / "new" / "b.json", "b")])
    assert old.read_text(encoding="utf-8") == "new" and (tmp_path / "new" / "b.json").read_text(encoding="utf-8") == "b"


# --- the command line: destinations checked before anything is read ----------------------------------


def _cli(*args: str, cwd=None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "personae.cli", *args], capture_output=True, cwd=cwd)


def _one_line(r) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


STORY = "Chapter 1: The Gate\n\n“Come in,” said Anna to Ben.\n\n“No,” Ben said. Anna smiled.\n"


def test_outputs_that_would_overwrite_an_input_or_each_other_are_refused(tmp_path):
    """8. Refused with one line before anything is read; every file left as it was."""
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    roster = tmp_path / "roster.json"
    roster.write_text('[{"id": "a", "name": "Anna"}]', encoding="utf-8")
    lexicon = tmp_path / "lex.txt"
    lexicon.write_text("good\t1\n", encoding="utf-8")
    (tmp_path / "tables").mkdir()
    link = tmp_path / "link.txt"
    link.symlink_to(story)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    for args, says in (
        (["--html", str(story)], "the story being analysed"),
        (["--json", str(link)], "the story being analysed"),  # the same file by another name
        (["--json", str(roster), "--characters", str(roster)], "--characters roster"),
        (["--tei", str(lexicon), "--lexicon", str(lexicon)], "--lexicon"),
        (["--json", str(tmp_path / "o.json"), "--tei", str(tmp_path / "o.json")], "also the --json output"),
        (["--json", str(tmp_path / "tables" / "quotes.csv"), "--tables", str(tmp_path / "tables")], "also the --json output"),
        (["--json", str(tmp_path / "a.json"), "--html", str(story / "r.html")], "is a file, not a folder"),
    ):
        r = _cli("analyze", str(story), "-q", *args)
        assert says in _one_line(r), (args, r.stderr)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    assert list((tmp_path / "tables").iterdir()) == []


def test_a_lexicon_with_nan_or_infinity_is_refused(tmp_path):
    """12. NaN would end up in the JSON, which cannot hold it."""
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    for bad in ("nan", "inf", "-Infinity"):
        lexicon = tmp_path / "lex.txt"
        lexicon.write_text(f"good\t1\nbad\t{bad}\n", encoding="utf-8")
        r = _cli("analyze", str(story), "-q", "--json", str(tmp_path / "a.json"), "--lexicon", str(lexicon))
        assert "line 2" in _one_line(r) and "finite" in r.stderr.decode()
    assert not (tmp_path / "a.json").exists()


def test_a_file_name_that_is_not_utf8_and_an_escape_sequence_in_a_title(tmp_path):
    """11, 13. Every output is written (the path escaped, as in corpus tables), nothing printed runs."""
    import json
    import os

    folder = os.fsencode(tmp_path)
    story = folder + b"/caf\xe9.txt"
    with open(story, "wb") as f:
        f.write(STORY.replace("The Gate", "\x1b]0;owned\x07The Gate").encode("utf-8"))
    outs = [folder + b"/o\xe9." + ext for ext in (b"json", b"html", b"xml", b"gexf")]
    r = _cli("analyze", os.fsdecode(story), "--json", os.fsdecode(outs[0]), "--html", os.fsdecode(outs[1]),
             "--tei", os.fsdecode(outs[2]), "--graph", os.fsdecode(outs[3]), "--tables", os.fsdecode(folder + b"/t\xe9"))
    assert r.returncode == 0, r.stderr
    assert b"\x1b" not in r.stdout and b"owned" in r.stdout and b"o\\xe9.json" in r.stdout
    data = json.loads(open(outs[0], "rb").read())
    assert data["source"]["path"].endswith("caf\\xe9.txt")
    for out in outs:
        assert os.path.getsize(out) > 0
    assert os.path.exists(folder + b"/t\xe9/caf\\xe9.quotes")


# --- ingest: archives and markup of any shape -----------------------------------------------------------


def _epub(path, chapters: list[str]) -> str:
    """A plain EPUB with one XHTML document per chapter body given (the benchmark's hand-zipped builder)."""
    from adversarial import epub

    documents = [f'<html xmlns="http://www.w3.org/1999/xhtml"><body><h2>Chapter {n + 1}</h2>{body}</body></html>' for n, body in enumerate(chapters)]
    return str(epub(path, documents))


NEST = ["div", "span", "b", "i", "em", "blockquote", "section", "p", "li", "a", "font", "center", "table", "td", "pre", "h3"]


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(NEST), min_size=1, max_size=4), st.integers(300, 2_000))
def test_markup_nested_to_any_depth_reads(tmp_path_factory, tags, depth):
    """14. HTML nested deeper than ~500 elements was a RecursionError (also in `personae text`)."""
    from personae.ingest import load

    opening = "".join(f"<{tags[k % len(tags)]}>" for k in range(depth))
    closing = "".join(f"</{tags[k % len(tags)]}>" for k in reversed(range(depth)))
    deep = f"<p>Anna came in.</p>{opening}Deep words here.{closing}<p>Ben left.</p>"
    folder = tmp_path_factory.mktemp("deep")
    page = folder / "deep.html"
    page.write_text(f"<html><body><h2>Chapter 1</h2>{deep}</body></html>", encoding="utf-8")
    for path in (page, _epub(folder / "deep.epub", [deep])):
        t0 = time.process_time()
        text = load(path).text
        assert time.process_time() - t0 < 30
        assert "Anna came in." in text and "Deep words here." in text and "Ben left." in text


def test_an_ao3_download_nested_deeply_reads(tmp_path):
    """14. The AO3 readers find their parts however deeply a page or a converter wraps them."""
    import re
    import zipfile

    from ingest_builders import FIXTURES, ao3_epub

    from personae.ingest import load

    html = (FIXTURES / "ao3_work.html").read_text(encoding="utf-8")
    deep_html = html.replace('<div id="chapters"', "<div>" * 2_000 + '<div id="chapters"').replace("</body>", "</div>" * 2_000 + "</body>")
    assert load_text(tmp_path / "deep.html", deep_html) == load_text(tmp_path / "plain.html", html)
    shallow = ao3_epub(tmp_path / "shallow.epub", html)
    deep = tmp_path / "deep.epub"
    with zipfile.ZipFile(shallow) as src, zipfile.ZipFile(deep, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".xhtml") and b"split" in info.filename.encode():
                data = re.sub(rb"(<body[^>]*>)", rb"\1" + b"<div>" * 2_000, data).replace(b"</body>", b"</div>" * 2_000 + b"</body>")
                assert data.count(b"<div>") >= 2_000
            dst.writestr(info, data)
    assert load(deep).text == load(shallow).text
    assert load(deep).source.metadata == load(shallow).source.metadata


def load_text(path, html: str) -> str:
    from personae.ingest import load

    path.write_text(html, encoding="utf-8")
    return load(path).text


def _lying_epub(path, size: int, stated: int) -> str:
    """An EPUB whose one document (``OEBPS/c0.xhtml``) unpacks to ``size`` bytes but states ``stated``."""
    from adversarial import epub

    return str(epub(path, [b"<p>" + b"a" * (size - 7) + b"</p>\n"], stated=stated))


def test_a_zip_member_lying_about_its_size_is_never_inflated(tmp_path):
    """5. ZipFile.read inflates up to 2 GiB in one piece before it checks the stated size."""
    import tracemalloc
    import zipfile

    from personae.ingest import read_zip_member

    path = tmp_path / "lie.zip"
    _lying_epub(path, 40_000_000, 1_000)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("OEBPS/c0.xhtml")
        assert info.file_size == 1_000
        tracemalloc.start()
        with pytest.raises(zipfile.BadZipFile):
            read_zip_member(z, info, 64 * 2**20)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 8 * 2**20


def test_an_epub_that_lies_or_unpacks_too_far_is_one_line(tmp_path, monkeypatch):
    """2, 5. An EPUB whose documents unpack past what one work may hold is refused while unpacking."""
    import zipfile

    import personae.ingest as ingest
    from personae.document import InputError

    lying = tmp_path / "lie.epub"
    _lying_epub(lying, 5_000_000, 1_000)
    with pytest.raises(InputError, match="damaged"):
        ingest.load(lying)
    monkeypatch.setattr(ingest, "MAX_BYTES", 1_000_000)
    big = _epub(tmp_path / "big.epub", ["<p>" + "All work and no play. " * 30_000 + "</p>"])  # 660 kB
    with zipfile.ZipFile(big) as z:
        assert sum(i.compress_size for i in z.infolist()) < 100_000
    ingest.load(big)
    bigger = _epub(tmp_path / "bigger.epub", ["<p>" + "All work and no play. " * 30_000 + "</p>"] * 2)
    with pytest.raises(InputError, match="too large for one work"):
        ingest.load(bigger)
    with pytest.raises(InputError, match="split it"):
        ingest.from_string("All work and no play. " * 50_000)


def test_personae_text_refuses_an_epub_bomb_in_one_line(tmp_path):
    """2. A small EPUB that unpacks to more text than one work may have (the limit of a .txt file)."""
    import zipfile

    from personae.ingest import MAX_BYTES

    bomb = _epub(tmp_path / "bomb.epub", ["<p>Anna smiled.</p>"])
    chapter = b"<html><body><h2>Chapter 2</h2>" + b"<p>All work and no play.</p>" * (MAX_BYTES // 28 + 1000) + b"</body></html>"
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("EPUB/c2.xhtml", chapter)
    assert (tmp_path / "bomb.epub").stat().st_size < 2 * 2**20
    t0 = time.perf_counter()
    r = _cli("text", bomb)
    assert "too large for one work" in _one_line(r)
    assert time.perf_counter() - t0 < 60


# --- rosters ---------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
character_shapes = st.dictionaries(
    st.sampled_from(["id", "name", "aliases", "gender", "alias", "notes"]),
    json_values | st.sampled_from(["Anna", "A b", "", " ", "\ud800", "f", "Male", "x\x1by"]) | st.lists(st.text(max_size=5), max_size=3),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, st.lists(character_shapes, max_size=4)))
def test_any_roster_shape_is_a_cast_or_one_clear_line(data):
    """15. Whatever the JSON holds: characters with usable ids and names, or an InputError in one line."""
    from personae.document import InputError
    from personae.model import GENDERS
    from personae.roster import roster_from_json

    try:
        cast = roster_from_json(data, "r.json")
    except InputError as e:
        assert str(e).startswith("r.json: ") and "\n" not in str(e)
        return
    assert cast and len({c.id for c in cast}) == len(cast)
    for c in cast:
        assert c.id.strip() and c.name.strip() and c.gender in GENDERS and all(a.strip() for a in c.aliases)
        assert isinstance(data, list)


@pytest.mark.parametrize(
    "roster, says",
    [
        ([{"id": "a", "name": "Ally", "aliases": 5}], "'aliases' is a number"),
        ([{"id": "a", "name": "Ally", "aliases": "Al"}], "'aliases' is a string"),
        ([{"id": "a", "name": ""}], "'name' is empty"),
        ([{"id": None, "name": "Ally"}], "'id' is a null"),
        ([{"id": "x", "name": "Ally"}, {"id": "x", "name": "Bo"}], "also character 1's"),
        ([{"id": "a", "name": "Al\ud800ly"}], "U+D800"),
        ([{"id": "a", "name": "Ally", "alias": ["Al"]}], "has the key 'alias'"),
        ([{"id": "a", "name": "Ally", "gender": "they"}], "'gender'"),
        ([], "non-empty"),
        ({"id": "a", "name": "Ally"}, "list"),
    ],
)
def test_roster_problems_are_named(roster, says):
    from personae.document import InputError
    from personae.roster import roster_from_json

    with pytest.raises(InputError, match=re_escape(says)):
        roster_from_json(roster, "r.json")


def re_escape(s: str) -> str:
    import re

    return re.escape(s)


def test_roster_files_that_break_the_json_reader_are_one_line(tmp_path):
    """15. A 100k-deep nested list was a RecursionError traceback; a lone surrogate an IndexError later."""
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    for name, content in (("deep.json", "[" * 100_000 + "]" * 100_000), ("surrogate.json", '[{"id": "a", "name": "\\ud800"}]'),
                          ("dup.json", '[{"id": "x", "name": "Anna"}, {"id": "x", "name": "Ben"}]')):
        roster = tmp_path / name
        roster.write_text(content, encoding="utf-8")
        r = _cli("analyze", str(story), "-q", "--json", str(tmp_path / "a.json"), "--characters", str(roster))
        assert name in _one_line(r)
    assert not (tmp_path / "a.json").exists()


def test_validate_rejects_duplicate_ids():
    import jsonschema
    from story_fixture import fixture_analysis

    import personae

    d = fixture_analysis().to_dict()
    personae.validate(d)
    d["characters"].append(dict(d["characters"][0]))
    with pytest.raises(jsonschema.ValidationError, match="used twice"):
        personae.validate(d)
