"""Mentions in every output: each exported mention is a name, description or pronoun of its character,
checked against the text, and the JSON, TEI, tables and corpus rows all carry the same list. Each
character's ``names`` count the name forms the text uses, and its aliases follow them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from lxml import etree

from story_fixture import analysed

import personae
from personae.corpus import rows_of, to_table
from personae.export.tables import render_tables
from personae.export.tei import TEI_NS, render_tei
from personae.model import MENTION_KINDS, Analysis, validate
from personae.lexicon import PERSON_NOUNS

PRONOUNS = set(
    "he him his himself she her hers herself i me my mine myself they them their theirs themselves themself".split()
)
DETERMINERS = {"the", "this", "that", "a", "an"}


def json_mentions(a: Analysis) -> tuple[dict, list[dict]]:
    data = json.loads(a.to_json())
    validate(data)
    return {c["id"]: c for c in data["characters"]}, data["mentions"]


def check_mentions_against_text(a: Analysis) -> list[dict]:
    """Every mention is a name, description or pronoun of its character, as the text writes it."""
    chars, mentions = json_mentions(a)
    text = a.text
    last = -1
    per_char: dict[str, int] = {}
    names_used: dict[str, dict[str, int]] = {}
    for m in mentions:
        assert m["kind"] in MENTION_KINDS
        assert 0 <= m["start"] < m["end"] <= len(text) and m["start"] >= last
        last = m["start"]
        c = chars[m["character"]]
        per_char[c["id"]] = per_char.get(c["id"], 0) + 1
        span = text[m["start"] : m["end"]]
        assert span == span.strip() and span
        written = " ".join(span.split())
        if m["kind"] == "name":
            # A name as the text writes it: capitalised, and one of the character's name forms.
            assert written in {c["name"], *c["aliases"]}, (written, c["name"], c["aliases"])
            assert written[0].isupper() or written.split()[0] in DETERMINERS, written
            assert written.lower() not in PRONOUNS
            names_used.setdefault(c["id"], {})
            names_used[c["id"]][written] = names_used[c["id"]].get(written, 0) + 1
        elif m["kind"] == "pronoun":
            assert written.lower() in PRONOUNS, written
        else:  # a description: an article or demonstrative, then a noun for a person ("the younger girl")
            words = written.lower().split()
            assert words[0] in DETERMINERS and words[-1] in PERSON_NOUNS, written
    for cid, c in chars.items():
        # The counts, the names and the mention list agree.
        assert c["mentions"] == per_char.get(cid, 0)
        assert {n["name"]: n["count"] for n in c["names"]} == names_used.get(cid, {})
        counts = [n["count"] for n in c["names"]]
        assert counts == sorted(counts, reverse=True)
        used = [n["name"] for n in c["names"] if n["name"] != c["name"]]
        assert c["aliases"][: len(used)] == used, "aliases list the forms the text uses, most frequent first"
    return mentions


@pytest.fixture(scope="module")
def fanfic(fanfic_path) -> Analysis:
    return analysed(fanfic_path)


def test_fanfic_mentions_are_names_descriptions_and_pronouns_of_their_character(fanfic):
    mentions = check_mentions_against_text(fanfic)
    kinds = {k: sum(1 for m in mentions if m["kind"] == k) for k in MENTION_KINDS}
    assert kinds["name"] > 300 and kinds["pronoun"] > 800 and kinds["description"] > 0
    by_name = {c.name: c for c in fanfic.characters}
    # The fan fiction's cast keeps its name forms together, the commonest first.
    for name, other in (("Spike", "William"), ("Sam", "Samantha"), ("Dawn", "Dawnie"), ("Krystal", "Krys")):
        c = by_name[name]
        assert dict(c.names)[name] > dict(c.names)[other] and other in c.aliases


def test_first_person_narrator_mentions_are_pronouns():
    text = "\n\n".join(
        [
            "I had not seen my brother for ten years when I walked into the station at Crewe.",
            "He was standing by the clock. I knew him at once, though my eyes were bad.",
            "“Hello, Tom,” I said. Tom looked at me and laughed, and I laughed with him.",
            "We walked out together. I carried my bag myself; Tom would not let me pay for the cab.",
            "“You look old,” Tom said. I told him that I was old, and he laughed at me again.",
        ]
    )
    a = personae.analyze(text)
    mentions = check_mentions_against_text(a)
    narrator = next(c for c in a.characters if c.name == "Narrator")
    mine = [m for m in mentions if m["character"] == narrator.id]
    assert len(mine) >= 10 and all(m["kind"] == "pronoun" for m in mine)
    assert {text[m["start"] : m["end"]].lower() for m in mine} <= {"i", "me", "my", "myself"}
    # BookNLP's files count the narrator's I/me/my as pronouns too.
    tables = render_tables(a)
    book = json.loads(tables["book.book"])
    entry = next(c for c in book["characters"] if c["id"] == narrator.id)
    assert sum(x["c"] for x in entry["mentions"]["pronoun"]) == len(mine)


def test_names_count_the_forms_the_text_uses_and_order_the_aliases():
    text = "\n\n".join(
        [
            "In May, Elizabeth Bennet walked into the garden. She was tired, and Lizzy had no wish to talk.",
            "“Lizzy, come here,” said William Collins. Lizzy turned round.",
            "Mr. Collins bowed. “Will you walk with me?” he asked. Elizabeth shook her head.",
            "Then Eliza laughed at him, and Bill Collins went away. Eliza was cruel. Mr. Collins was sad, and Lizzy was glad.",
        ]
    )
    a = personae.analyze(text)
    check_mentions_against_text(a)
    lizzy = next(c for c in a.characters if "Lizzy" in c.aliases or c.name == "Lizzy")
    names = dict(lizzy.names)
    assert names["Lizzy"] == 4 and names["Eliza"] == 2 and names["Elizabeth Bennet"] == 1
    # Shown by the most complete name; the form the text uses most comes first among the aliases.
    assert lizzy.name == "Elizabeth Bennet" and lizzy.aliases[0] == "Lizzy"


def test_a_given_cast_keeps_its_unused_aliases_after_the_used_ones():
    from personae.model import Character

    text = "\n\n".join(
        [
            "Clara Hale came down the stairs. Clara was late, and she knew it.",
            "“Clara!” called her mother. Mrs. Hale stood at the door.",
            "Clara ran. Miss Hale was never on time, and Clara never would be.",
        ]
    )
    roster = [
        Character("clara", "Clara Hale", ("Clara", "Miss Hale", "Clarissa"), "F"),
        Character("mother", "Mrs. Hale", (), "F"),
    ]
    a = personae.analyze(text, roster=roster)
    check_mentions_against_text(a)
    clara = a.character("clara")
    assert clara.aliases[0] == "Clara" and clara.aliases[-1] == "Clarissa" and dict(clara.names)["Clara"] == 4


# --- every output carries the same mentions -------------------------------------------------------


def _csv(s: str, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(s), delimiter=delimiter))


@pytest.mark.parametrize("which", ["fanfic", "narrator"])
def test_every_output_carries_the_mentions(which, request):
    if which == "fanfic":
        a = request.getfixturevalue("fanfic")
    else:
        a = personae.analyze("\n\n".join(
            ["I met my cousin Ruth at the gate. “You came,” Ruth said, and she took my arm.",
             "Ruth walked me to the house. I told her about the journey, and she laughed at me."] * 3))
    text = a.text
    _, mentions = json_mentions(a)
    assert mentions
    want = [(m["character"], m["kind"], " ".join(text[m["start"] : m["end"]].split())) for m in mentions]

    # TEI: persName (names) and rs (pronouns, descriptions) in the text, each pointing to its person.
    root = etree.fromstring(render_tei(a).encode("utf-8"))
    body = root.find(f"{{{TEI_NS}}}text")
    got = []
    for e in body.iter(f"{{{TEI_NS}}}persName", f"{{{TEI_NS}}}rs"):
        kind = "name" if e.tag.endswith("persName") else e.get("type")
        got.append((e.get("ref").lstrip("#"), kind, " ".join(e.text.split())))
    assert got == want
    persons = {p.get("{http://www.w3.org/XML/1998/namespace}id") for p in root.iter(f"{{{TEI_NS}}}person")}
    assert {r for r, _, _ in got} <= persons

    # Tables: mentions.csv and BookNLP's .entities, one row per mention, in the same order.
    tables = render_tables(a)
    rows = _csv(tables["mentions.csv"])
    assert [(r["character"], r["kind"], r["text"]) for r in rows] == want
    assert [(int(r["start"]), int(r["end"])) for r in rows] == [(m["start"], m["end"]) for m in mentions]
    stem = next(k for k in tables if k.endswith(".entities"))
    ent = tables[stem]
    assert ent.splitlines()[0].split("\t") == ["COREF", "start_token", "end_token", "prop", "cat", "text"]
    prop = {"name": "PROP", "description": "NOM", "pronoun": "PRON"}
    assert [(r["COREF"], r["prop"], r["cat"], r["text"]) for r in _csv(ent, "\t")] == [(c, prop[k], "PER", t) for c, k, t in want]
    assert [(int(r["start_token"]), int(r["end_token"])) for r in _csv(ent, "\t")] == [(m["start"], m["end"]) for m in mentions]

    # Corpus mode: a mentions table with the JSON's fields and the words.
    d = a.to_dict()
    table = to_table("mentions", rows_of("w.txt", "0" * 64, len(text), d, text, 1.0)["mentions"])
    assert table.num_rows == len(mentions)
    assert table.column("character").to_pylist() == [m["character"] for m in mentions]
    assert table.column("text").to_pylist() == [t for _, _, t in want]
    assert str(table.schema.field("start").type) == "int64" and str(table.schema.field("kind").type) == "string"
