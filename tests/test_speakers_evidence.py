"""Speaker evidence beyond the tag's own words (issue 15), each rule on invented text: the scene's and the
conversation's focus for an unanchored he/she, voice beats ("Kate's voice was gentle"), descriptions
tied to a name ("Tom Reed, the old gardener"), a vocative never naming the speaker, and a noun of
speaking inside a phrase not making its owner the speaker; who takes part in a scene (speaks under a
name tag, is addressed by name) as the he/she of a tag, over a woman or man only thought of."""

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


def test_a_woman_named_only_in_thought_is_absent_from_the_scene():
    """Kate and Tom talk; Tom thinks of Ann, who is elsewhere. The next "she" is a participant (Kate,
    tagged by name), not the woman the narration named last."""
    text = (
        "It was late in the evening when Kate Moss knocked on the door, and Tom Reed let her in.\n\n"
        "\u201cI had to see you tonight,\u201d Kate said.\n\n"
        "\u201cYou should not have come,\u201d Tom said. He thought of Ann Shaw, waiting for him at home, "
        "and of how Ann would look at him tonight.\n\n"
        "\u201cThis was a mistake,\u201d she told him.\n"
    )
    feats = _features(text)
    n = 2
    assert feats[n].tag is not None and feats[n].tag.pronoun_gender == "F"
    # The cast's coreference takes the last-named woman (Ann); the tag goes to the one present.
    assert feats[n].tag.speaker == "kate"
    assert _column(feats, n, "pron_participant").get("kate") == 1.0
    assert _column(feats, n, "pron_last_participant").get("kate") == 1.0
    absent = _column(feats, n, "pron_absent")
    assert absent.get("ann") == 1.0 and absent.get("kate", 0.0) == 0.0
    # The model weighs a tag moved this way apart from one the cast's coreference resolved.
    assert feats[n].tag.scene_lead
    lead = _column(feats, n, "tag_pronoun_scene_lead")
    assert lead["kate"] == 1.0 and sum(lead.values()) == 1.0
    assert not feats[1].tag.scene_lead and sum(_column(feats, 1, "tag_pronoun_scene_lead").values()) == 0.0


def test_an_addressee_takes_part_in_the_scene():
    """A woman addressed by name is there, though no tag names her yet."""
    text = (
        "It was late in the evening, and Tom Reed stood at the window of the empty house.\n\n"
        "\u201cKate, you came,\u201d Tom said.\n\n"
        "\u201cI said I would,\u201d she answered.\n"
    )
    feats = _features(text)
    assert _column(feats, 1, "pron_participant").get("kate") == 1.0
    assert _column(feats, 1, "pron_last_participant").get("kate") == 1.0


def test_the_main_clause_subject_acts_not_the_subordinate_one():
    """“I did…” When he gave her a curious look, she smiled: she (Kate) acts; he (Tom) only looks."""
    text = (
        "It was late in the evening, and Kate Moss sat across from Tom Reed in the quiet kitchen.\n\n"
        "\u201cI did\u2026\u201d When he gave her a curious look, she smiled lightly. \u201cI used to dream about it.\u201d\n"
    )
    feats = _features(text)
    tag = feats[0].tag
    assert tag is not None and tag.pronoun_gender == "F"


def test_a_weak_beat_pronoun_gives_the_speaker_gender():
    """“Yes.” She smiled.: no verb of speaking, but the one smiling is a woman."""
    text = (
        "It was late in the evening, and Kate Moss sat across from Tom Reed in the quiet kitchen.\n\n"
        "\u201cDid you finish the letter?\u201d Tom asked.\n\n"
        "\u201cYes.\u201d She smiled at the window.\n"
    )
    feats = _features(text)
    assert feats[1].tag is not None and not feats[1].tag.strong
    assert _column(feats, 1, "weak_pronoun_match") == {"kate": 1.0, "tom": 0.0}
    assert _column(feats, 1, "weak_pronoun_mismatch") == {"kate": 0.0, "tom": 1.0}


def test_the_subject_acting_in_the_paragraph_is_the_tag_pronoun():
    """Ann acts in the narration of the quote's own paragraph; Kate was named later but only as an
    object. "She" is Ann."""
    text = (
        "It was late in the evening, and Ann Shaw sat with Kate Moss and Tom Reed by the fire.\n\n"
        "Ann, in a voice rather louder than the rest, was telling Tom about the ball and about Kate. "
        "\u201cOh! It was the best night of the year,\u201d said she.\n"
    )
    feats = _features(text)
    assert _column(feats, 0, "tag_pronoun_para_subject") == {c: float(c == "ann") for c in feats[0].candidates.ids}
