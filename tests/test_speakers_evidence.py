"""Speaker evidence beyond the tag's own words (issue 15), each rule on invented text: the scene's and the
conversation's focus for an unanchored he/she, voice beats ("Kate's voice was gentle"), descriptions
tied to a name ("Tom Reed, the old gardener"), a vocative never naming the speaker, and a noun of
speaking inside a phrase not making its owner the speaker."""

from __future__ import annotations

import pytest

from personae import ingest
from personae.cast import build_cast
from personae.context import Story
from personae.language import parse
from personae.model import Character
from personae.quotes import find_quotes
from personae.speakers import FEATURES, quote_features
from personae.structure import detect_structure

ROSTER = [
    Character("ann", "Ann Shaw", ("Ann",), "F"),
    Character("kate", "Kate Moss", ("Kate",), "F"),
    Character("tom", "Tom Reed", ("Tom",), "M"),
    Character("will", "Will Hart", ("Will",), "M"),
]
IDS = {c.id for c in ROSTER}


def _features(text: str):
    doc = ingest.from_string(text)
    structure = detect_structure(doc)
    paragraphs = structure.story_paragraphs()
    story = Story(doc.text, structure, parse(doc.text, paragraphs)).with_quotes(find_quotes(doc.text, paragraphs))
    return quote_features(story.with_cast(build_cast(story, ROSTER)), IDS)[0]


def _column(feats, n: int, name: str) -> dict[str, float]:
    cands = feats[n].candidates
    return {c: float(cands.X[r, FEATURES.index(name)]) for r, c in enumerate(cands.ids)}


def test_scene_focus_resets_at_a_scene_break():
    """After a break, "she" is the woman the new scene's narration is about, not the one the previous
    scene named most."""
    text = (
        "Ann Shaw walked to the market. Ann bought bread, and Ann talked with the baker for an hour. "
        "Ann laughed at his jokes.\n\n"
        "\u201cSame time tomorrow?\u201d Ann asked.\n\n"
        "* * *\n\n"
        "Kate Moss sat alone in the garden with Tom Reed, watching the rain.\n\n"
        "\u201cIt will not stop,\u201d she said.\n"
    )
    feats = _features(text)
    scene = _column(feats, 1, "pron_scene_focal")
    assert scene.get("kate") == 1.0
    assert scene.get("ann", 0.0) == 0.0
    assert _column(feats, 1, "pron_conv_focal").get("kate") == 1.0


def test_names_said_in_quotes_are_not_the_focus():
    """A woman named inside a quote is talked about; the narration's woman stays the focus."""
    text = (
        "Ann Shaw and Tom Reed sat by the fire in the long evening.\n\n"
        "\u201cKate called. Kate wants the car, and Kate will not wait,\u201d Tom said.\n\n"
        "\u201cThen she can walk,\u201d she said.\n"
    )
    feats = _features(text)
    focal = _column(feats, 1, "pron_scene_focal")
    assert focal.get("ann") == 1.0 and focal.get("kate", 0.0) == 0.0


def test_voice_beat_after_the_quote_names_its_owner():
    text = (
        "Ann Shaw sat on the floor of the dark room. Kate Moss stood in the doorway.\n\n"
        "\u201cAm I right in thinking it went badly?\u201d\n\n"
        "Kate\u2019s voice was gentle, but it cut like a knife.\n"
    )
    feats = _features(text)
    after = _column(feats, 0, "voice_after")
    assert after.get("kate") == 1.0 and after.get("ann", 0.0) == 0.0


def test_heard_voice_before_the_quote_names_the_speaker_not_the_hearer():
    text = (
        "Tom Reed stood at the window, waiting, while Ann Shaw put on her coat.\n\n"
        "Then Tom heard Ann\u2019s quiet voice behind him.\n\n"
        "\u201cI have to go.\u201d\n"
    )
    feats = _features(text)
    assert _column(feats, 0, "voice_before").get("ann") == 1.0
    hearer = _column(feats, 0, "hearer_adjacent")
    assert hearer.get("tom") == 1.0 and hearer.get("ann", 0.0) == 0.0


@pytest.mark.parametrize(
    "introduction",
    [
        "Tom Reed, the old gardener, was raking leaves by the wall.",  # apposition
        "The old gardener was Tom Reed, who had raked these leaves for forty years.",  # copula
    ],
)
def test_a_description_tag_resolves_by_the_name_the_story_gives_it(introduction):
    text = (
        f"{introduction} Will Hart came up the path and stopped.\n\n"
        "\u201cYou are late,\u201d Will said.\n\n"
        "\u201cThe leaves are early,\u201d said the old gardener.\n"
    )
    feats = _features(text)
    assert feats[1].tag is not None and feats[1].tag.description == "old gardener"
    book = _column(feats, 1, "tag_epithet_book")
    assert book.get("tom") == 1.0 and book.get("will", 0.0) == 0.0


def test_a_vocative_never_names_the_speaker():
    """“Tom, it's me,” he said: whoever "he" is, he is not Tom."""
    text = (
        "Tom Reed waited by the door while the rain came down.\n\n"
        "\u201cTom, it\u2019s me,\u201d he said.\n"
    )
    feats = _features(text)
    assert feats[0].vocatives == ["tom"]
    assert feats[0].tag is not None and feats[0].tag.pronoun_gender == "M"
    assert feats[0].tag.speaker != "tom"


def test_a_noun_of_speaking_inside_a_phrase_is_not_the_tag():
    """“The coat.” Will informed him, startled by Ann's question: Will speaks, not Ann, who asked before."""
    text = (
        "Tom Reed took his coat from the hook. Ann Shaw and Will Hart watched him.\n\n"
        "\u201cWhere are you going?\u201d Ann asked.\n\n"
        "\u201cThe coat.\u201d Will informed him, startled by Ann\u2019s question. \u201cYou only wear it when you leave.\u201d\n"
    )
    feats = _features(text)
    assert feats[1].tag is not None and feats[1].tag.speaker == "will"


def test_the_owner_of_the_reply_is_still_the_speaker():
    """“No.” was Tom's reply: a noun of speaking as the clause's complement names its speaker."""
    text = (
        "Ann Shaw looked at Tom Reed across the table.\n\n"
        "\u201cWill you come?\u201d Ann asked.\n\n"
        "\u201cNever,\u201d was Tom\u2019s reply.\n"
    )
    feats = _features(text)
    assert feats[1].tag is not None and feats[1].tag.speaker == "tom"
