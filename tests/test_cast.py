"""The cast on real text: the shared fan fiction, a slice of a PDNC novel with its roster, and small
synthetic texts for nicknames and first-person narration."""

from __future__ import annotations

import ast
import csv

import pytest

from personae import ingest
from personae.cast import build_cast, with_counts
from personae.context import Story
from personae.language import parse
from personae.model import Character
from personae.lexicon import is_diminutive
from personae.structure import detect_structure

from conftest import PDNC, need


def _cast(text: str, roster=None):
    doc = ingest.from_string(text)
    structure = detect_structure(doc)
    return doc.text, build_cast(Story(doc.text, structure, parse(doc.text, structure.story_paragraphs())), roster)


def _by_name(cast):
    out = {}
    for c in cast.characters:
        for n in (c.name, *c.aliases):
            out.setdefault(n, c)
    return out


def _check_offsets(text, cast):
    ids = {c.id for c in cast.characters}
    last = -1
    for m in cast.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last, "mentions in text order"
        last = m.start
        assert m.character is None or m.character in ids
        assert m.kind in ("name", "pronoun", "description", "narrator")
        surface = text[m.start : m.end]
        assert surface.strip() == surface and surface


@pytest.fixture(scope="module")
def fanfic(fanfic_path):
    doc = ingest.load(fanfic_path)
    structure = detect_structure(doc)
    return doc.text, build_cast(Story(doc.text, structure, parse(doc.text, structure.story_paragraphs())))


def test_fanfic_cast(fanfic):
    text, cast = fanfic
    names = _by_name(cast)
    for name, gender in (("Buffy", "F"), ("Faith", "F"), ("Spike", "M"), ("Dawn", "F")):
        assert name in names, f"{name} not found in {[c.name for c in cast.characters]}"
        assert names[name].gender == gender, (name, names[name].gender)
    for junk in ("Slayer", "Tears", "Grandma", "Goodbye", "God", "Chapter", "Prologue"):
        assert junk not in names, junk
    # Dawnie is Dawn, not a second sister.
    assert names.get("Dawnie") is None or names["Dawnie"].id == names["Dawn"].id
    major = {c.name for c in cast.characters if c.importance == "major"}
    assert {"Buffy", "Spike", "Faith"} <= major
    ids = [c.id for c in cast.characters]
    assert len(set(ids)) == len(ids)


def test_fanfic_mentions(fanfic):
    text, cast = fanfic
    _check_offsets(text, cast)
    names = _by_name(cast)
    buffy = names["Buffy"].id
    spans = [text[m.start : m.end] for m in cast.mentions if m.character == buffy and m.kind == "name"]
    assert spans and all(s.startswith("Buffy") for s in spans)
    # Pronouns in narration resolve to a character of their gender.
    gender = {c.id: c.gender for c in cast.characters}
    pron = [m for m in cast.mentions if m.kind == "pronoun"]
    assert len(pron) > 200
    for m in pron:
        word = text[m.start : m.end].lower()
        want = "M" if word in ("he", "him", "his", "himself") else "F"
        assert gender[m.character] in (want, "U"), (word, gender[m.character])
    # "Realization struck him": Spike, named in the speech just before.
    him = text.index("Realization struck him") + len("Realization struck ")
    got = [m for m in cast.mentions if m.start == him]
    assert got and got[0].character == names["Spike"].id
    counted = with_counts(cast, ())
    assert counted[0].mentions >= counted[-1].mentions


def test_nicknames_cluster():
    text = "\n\n".join(
        [
            "In May, Elizabeth Bennet walked into the garden. She was tired, and Lizzy had no wish to talk.",
            "“Lizzy, come here,” said William Collins. Lizzy turned round.",
            "Mr. Collins bowed. “Will you walk with me?” he asked. Elizabeth shook her head.",
            "Then Eliza laughed at him, and Bill Collins went away. Eliza was cruel. Mr. Collins was sad, and Lizzy was glad.",
            "Later, Samantha Jones arrived. Sam sat down. “Sam, you are late,” Elizabeth said.",
            "Samantha smiled, and Sam said nothing.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Lizzy"].id == names["Elizabeth Bennet"].id == names["Eliza"].id
    assert names["Elizabeth Bennet"].name == "Elizabeth Bennet"
    assert names["Mr. Collins"].id == names["William Collins"].id
    assert names["Sam"].id == names["Samantha Jones"].id
    assert names["Sam"].id != names["Lizzy"].id
    assert names["Elizabeth Bennet"].gender == "F" and names["Mr. Collins"].gender == "M"
    assert "Will" not in names  # "Will you walk": the verb, not the nickname
    _check_offsets(text, cast)
    assert is_diminutive("Dawnie", "Dawn") and is_diminutive("Bill", "William") and not is_diminutive("Sam", "Dawn")


def test_titles_keep_family_apart():
    text = "\n\n".join(
        [
            "Mr. Bennet sat in his library. Mrs. Bennet came in; she was cross.",
            "“My dear Mr. Bennet,” said Mrs. Bennet, “you must go.” Mr. Bennet smiled at her.",
            "Mr. Bennet said nothing. Mrs. Bennet left the room, and he returned to his book.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Mr. Bennet"].id != names["Mrs. Bennet"].id
    assert names["Mr. Bennet"].gender == "M" and names["Mrs. Bennet"].gender == "F"


def test_first_person_narrator():
    text = "\n\n".join(
        [
            "I had not seen my brother for ten years when I walked into the station at Crewe.",
            "He was standing by the clock. I knew him at once, though my eyes were bad.",
            "“Hello, Tom,” I said. Tom looked at me and laughed, and I laughed with him.",
            "We walked out together. I carried my bag myself; Tom would not let me pay for the cab.",
            "“You look old,” Tom said. I told him that I was old, and he laughed at me again.",
        ]
    )
    text, cast = _cast(text)
    narr = [c for c in cast.characters if c.name == "Narrator"]
    assert len(narr) == 1  # nobody calls the narrator by name here; Tom is named in the narration
    ms = [m for m in cast.mentions if m.character == narr[0].id]
    assert all(m.kind == "narrator" for m in ms)
    # Only I/me/my outside the quotations: "“Hello, Tom,” I said" counts the narrator's I, not quoted words.
    assert {text[m.start : m.end].lower() for m in ms} <= {"i", "me", "my", "myself", "mine"}
    assert len(ms) >= 10
    assert "Tom" in _by_name(cast)
    _check_offsets(text, cast)


def test_third_person_has_no_narrator(fanfic):
    _, cast = fanfic
    assert not any(c.name == "Narrator" for c in cast.characters)


def _pdnc_roster(novel: str) -> list[Character]:
    out = []
    with open(need(PDNC / novel / "character_info.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            aliases = sorted(ast.literal_eval(row["Aliases"]))
            g = row["Gender"][:1].upper()
            out.append(Character(id=f"R{row['Character ID']}", name=row["Main Name"], aliases=tuple(aliases), gender=g if g in "FMX" else "U"))
    return out


def test_roster_mode_daisy_miller():
    roster = _pdnc_roster("DaisyMiller")
    full = (PDNC / "DaisyMiller" / "novel_text.txt").read_text(encoding="utf-8")
    cut = full.index("\n\n", 25_000)
    text, cast = _cast(full[:cut], roster)
    _check_offsets(text, cast)
    ids = {c.id for c in cast.characters}
    assert {r.id for r in roster} <= ids
    daisy = next(r for r in roster if r.name == "Daisy Miller")
    winter = next(r for r in roster if r.name == "Winterbourne")
    counts = with_counts(cast, ())
    by_id = {c.id: c for c in counts}
    assert by_id[daisy.id].mentions > 20 and by_id[winter.id].mentions > 20
    assert by_id[daisy.id].gender == "F" and by_id[winter.id].gender == "M"
    # Every name mention of a roster character is one of its aliases, as written in the text.
    # (An alias led by an article, "The Child", also matches in lower case.)
    alias = {r.id: {a.lower() for a in (r.name, *r.aliases)} for r in roster}
    for m in cast.mentions:
        if m.kind == "name" and m.character in alias:
            surface = " ".join(text[m.start : m.end].split())
            assert surface.lower() in alias[m.character]
            assert surface[0].isupper() or surface.split()[0] in ("the", "a", "an")
    extras = [c for c in cast.characters if c.id not in alias]
    assert all(c.id not in alias for c in extras)


def test_descriptions_and_unnamed_people():
    text = "\n\n".join(
        [
            "It was a cold, wet evening in the town, and the lamps were lit early along the street by the river.",
            "Mary Watson came home late from the mill, and she was tired.",
            "The girl put down her bag and went to bed.",
            "An old man knocked at the door of Mary Watson. He was wet through, and he asked for bread.",
        ]
    )
    text, cast = _cast(text)
    mary = _by_name(cast)["Mary Watson"].id
    desc = [m for m in cast.mentions if m.kind == "description"]
    assert [(text[m.start : m.end], m.character) for m in desc] == [("The girl", mary)]
    # "He" is the unnamed old man: left unresolved rather than given to a named character.
    he = text.index("He was wet")
    assert not any(m.start == he for m in cast.mentions)
    _check_offsets(text, cast)


def test_family_titles_and_diminutives():
    """A title + family name shared by several of a family is its own person ("Mrs. Bennet" is none of
    the sisters); a diminutive with a title ("Miss Lizzy") joins the one character called by that first
    name; the name shown is the form the text uses ("Mrs. Bennet", "Elizabeth Bennet")."""
    text = "\n\n".join(
        [
            "Elizabeth Bennet and Jane Bennet sat by the fire with Lydia Bennet. Mrs. Bennet came in.",
            "“Jane, my dear,” said Mrs. Bennet, “where is Lizzy?” Jane looked up. Elizabeth laughed.",
            "“Miss Lizzy is in the garden,” said the maid. Mrs. Bennet sighed. Jane smiled at Elizabeth.",
            "Elizabeth walked out. Lydia ran after Elizabeth, and Mrs. Bennet scolded Lydia. Jane sighed.",
            "Elizabeth came back at last. “Lizzy!” cried Mrs. Bennet. Elizabeth only smiled at Jane.",
            "Jane Bennet was the eldest; Elizabeth Bennet the cleverest.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Mrs. Bennet"].id != names["Jane"].id
    assert names["Mrs. Bennet"].name == "Mrs. Bennet"
    assert names["Lizzy"].id == names["Elizabeth"].id == names["Miss Lizzy"].id
    assert names["Elizabeth"].name == "Elizabeth Bennet"
    assert names["Jane"].id != names["Elizabeth"].id
    _check_offsets(text, cast)


def test_a_rare_short_title_is_the_same_man():
    """"Mr. Sherlock Holmes", said again and again, does not make a single "Mr. Holmes" a second man
    (only a short form the text uses often marks someone apart, as "Mr. Knightley" from "Mr. John
    Knightley")."""
    text = "\n\n".join(
        [
            "Holmes lit his pipe. “Mr. Sherlock Holmes, I believe?” said the lady at the door.",
            "“I am Mr. Holmes,” answered Holmes, and he bowed. The lady smiled at Holmes.",
            "“Good-night, Mr. Sherlock Holmes,” said she. Holmes watched her go down the street.",
            "Sherlock Holmes sat long by the fire that evening. Holmes said nothing at all.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Mr. Holmes"].id == names["Holmes"].id == names["Mr. Sherlock Holmes"].id
    _check_offsets(text, cast)


def _chapters(novel: str, first: int, last: int) -> str:
    doc = ingest.load(need(PDNC / novel / "novel_text.txt"))
    chapters = detect_structure(doc).chapters
    return doc.text[chapters[first].start : chapters[last].end]


def test_roles_the_text_uses_as_names():
    # "A Mad Tea-Party": the Hatter, the March Hare and the Dormouse are named only by what they are.
    text, cast = _cast(_chapters("AlicesAdventuresInWonderland", 6, 6))
    _check_offsets(text, cast)
    names = {c.name for c in cast.characters}
    assert {"Alice", "the Hatter", "the March Hare", "the Dormouse"} <= names


def test_a_title_alone_is_the_one_person_holding_it():
    # Sense and Sensibility: "the Colonel" is Colonel Brandon, the only colonel in the story.
    text, cast = _cast(_chapters("SenseAndSensibility", 38, 40))
    by = _by_name(cast)
    assert "Colonel Brandon" in by
    assert by["the Colonel"] is by["Colonel Brandon"]
    assert not any(c.name in ("Colonel", "the Colonel") for c in cast.characters)


def test_a_name_said_only_to_one_character_is_theirs(fanfic_path):
    # Sam calls Spike "William" ("Look, William, I know you love me"); the narration never does.
    from story_fixture import analysed

    a = analysed(fanfic_path)
    spike = next(c for c in a.characters if c.name == "Spike")
    assert "William" in spike.aliases
    assert not any(c.name == "William" for c in a.characters)
    william = [m for m in a.mentions if a.document.text[m.start : m.end] == "William"]
    assert william and all(m.character == spike.id for m in william)


def test_a_name_talked_about_is_not_the_listener():
    import personae

    story = (
        "Anna sat by the fire. Tom came in from the snow and shook his coat.\n\n"
        "\u201cI saw Mr. Hammond at the mill,\u201d Tom said. \u201cHe asked after you.\u201d\n\n"
        "\u201cDid he?\u201d Anna said. She did not look up.\n\n"
        "\u201cMr. Hammond wants an answer by Sunday,\u201d Tom said.\n\n"
        "\u201cThen he will wait,\u201d Anna said.\n\n"
        "Anna went up to bed, and Tom sat alone by the fire until it died.\n"
    )
    a = personae.analyze(story)
    anna = next(c for c in a.characters if c.name == "Anna")
    assert "Mr. Hammond" not in anna.aliases


def test_interchangeable_titles_of_one_sex_are_one_person():
    """A married woman is "Madame Orlova" and "Countess Orlova", a man "Mr. Hale" and "Dr. Hale": titles
    of one sex before one family name address one person when the text gives no sign of two. Across the
    sexes they are spouses ("Mrs. Hale"), and "Miss" is a daughter, never her mother."""
    text = "\n\n".join(
        [
            "In the spring Vera Orlova came back to New York. Madame Orlova took a small house near the river.",
            "“The Countess Orlova is a very odd woman,” said Mrs. Hale. Madame Orlova only laughed at that.",
            "Dr. Hale came in from his rounds. He was tired. “My dear,” said Mrs. Hale to her husband, “Vera Orlova is back.”",
            "Mr. Hale sat down by the fire. Countess Orlova had written to him twice that winter, he said.",
            "Miss Hale brought the tea. Mrs. Hale frowned at her daughter, and Miss Hale went out again.",
            "Dr. Hale walked over to see Madame Orlova the next day. He took his hat. Countess Orlova received him kindly.",
            "Mr. Hale told his wife that evening that Countess Orlova meant to stay. Mrs. Hale sighed.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Countess Orlova"].id == names["Madame Orlova"].id
    assert names["Countess Orlova"].gender == "F"
    assert names["Mr. Hale"].id == names["Dr. Hale"].id
    assert names["Mr. Hale"].gender == "M"
    assert names["Mrs. Hale"].id != names["Mr. Hale"].id
    assert names["Miss Hale"].id not in (names["Mrs. Hale"].id, names["Mr. Hale"].id)
    # Each "Countess Orlova" mention covers the title and the name, and is the one character.
    orlova = names["Madame Orlova"].id
    spans = {(m.start, m.end) for m in cast.mentions if m.character == orlova and m.kind == "name"}
    for i in [i for i in range(len(text)) if text.startswith("Countess Orlova", i)]:
        assert (i, i + len("Countess Orlova")) in spans
    _check_offsets(text, cast)


def test_different_titles_named_together_or_with_two_first_names_are_two_people():
    """"Captain Tilney and Mr. Tilney" in one sentence are two men; so are a "Frederick" and a "Henry"
    of one family, each titled differently."""
    text = "\n\n".join(
        [
            "Captain Tilney and Mr. Tilney came into the room together. Captain Tilney bowed to Catherine.",
            "“You are welcome,” said Mr. Tilney. Captain Tilney said nothing and looked at the window.",
            "Mr. Tilney smiled at Catherine. Captain Tilney left the house soon after.",
            "Catherine thought Mr. Tilney kind, and Captain Tilney proud.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Captain Tilney"].id != names["Mr. Tilney"].id
    text = "\n\n".join(
        [
            "The elder brother, Frederick Ashby, was a soldier; the younger, Henry Ashby, was a clergyman.",
            "Colonel Ashby rode out at dawn. Mr. Ashby stayed at home with his books.",
            "“Shall we walk?” asked Mr. Ashby. But Colonel Ashby had gone.",
            "Colonel Ashby came back late. Mr. Ashby was asleep by then.",
            "Everyone liked Henry Ashby; few liked Frederick Ashby.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Frederick Ashby"].id != names["Henry Ashby"].id
    assert names["Colonel Ashby"].id != names["Mr. Ashby"].id


def test_a_man_introduced_by_full_name_then_by_title_and_surname_is_one():
    """English introduces a man by his full name and then shortens it: "Mr. Thomas Pym", then "Mr.
    Pym". Only a full name arriving after the short form is established marks a second man (a younger
    brother, "Mr. John Knightley" beside "Mr. Knightley")."""
    text = "\n\n".join(
        [
            "Mr. Thomas Pym was a short stout man with a red face. He walked slowly up the lane.",
            "Mr. Pym sat down on a stone. “A fine day,” said Mr. Pym to nobody at all.",
            "Mr. Thomas Pym, as the villagers called him, was not a man of many words. Mr. Pym sighed.",
            "Then Mr. Pym got up and went on towards the town. Mr. Pym did not look back.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Mr. Pym"].id == names["Mr. Thomas Pym"].id
    text = "\n\n".join(
        [
            "Mr. Weldon came to dinner. Mr. Weldon talked of his farm all evening.",
            "“The roads are bad,” said Mr. Weldon. Emma agreed with Mr. Weldon, as she always did.",
            "Mr. Weldon left early. Emma watched Mr. Weldon go.",
            "The next week Mr. John Weldon, his brother, came from London with his wife.",
            "Mr. John Weldon was a lawyer. Emma did not like Mr. John Weldon half so well.",
            "“London is very dull,” said Mr. John Weldon.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert names["Mr. Weldon"].id != names["Mr. John Weldon"].id


def test_family_name_particles_stay_in_the_name():
    """"Mr. van der Berg", "Henry van der Berg", "Mrs. de Winter": the lower-case particles belong to the
    family name, and the mention covers title, particles and name; "the van der Bergs" are a family."""
    text = "\n\n".join(
        [
            "My uncle Henry van der Berg lived in a tall house on the square. Mr. van der Berg seldom went out.",
            "“We dine at seven,” said Mr. van der Berg. Mrs. van der Berg nodded to her husband.",
            "The van der Bergs were the oldest family in the town. Mr. van der Berg was proud of it.",
            "Mrs. de Winter called that afternoon. Mrs. de Winter talked to Mrs. van der Berg of the weather.",
            "Mr. van der Berg listened. “Indeed,” said Mrs. de Winter. Mrs. van der Berg smiled.",
            "Nobody in the town was so grand as Henry van der Berg.",
        ]
    )
    text, cast = _cast(text)
    names = _by_name(cast)
    assert "Luyden" not in names and "Berg" not in names and "Mr. Berg" not in names
    assert names["Mr. van der Berg"].id == names["Henry van der Berg"].id
    assert names["Mr. van der Berg"].gender == "M"
    assert names["Mrs. van der Berg"].id != names["Mr. van der Berg"].id
    assert names["Mrs. de Winter"].gender == "F"
    mr = names["Mr. van der Berg"].id
    spans = {(m.start, m.end) for m in cast.mentions if m.character == mr and m.kind == "name"}
    for i in [i for i in range(len(text)) if text.startswith("Mr. van der Berg", i)]:
        assert (i, i + len("Mr. van der Berg")) in spans
    dw = names["Mrs. de Winter"].id
    assert all(text[m.start : m.end] == "Mrs. de Winter" for m in cast.mentions if m.character == dw and m.kind == "name")
    _check_offsets(text, cast)
