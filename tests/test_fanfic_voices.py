"""Who speaks each quotation of the shared fan fiction, scored against a reader's gold
(tests/data/fanfic_speakers.json: offsets and names only, the text is not ours to ship).

The gold records, for every span personae got wrong when it was made, the kind of error: focus that
did not reset at a scene break, a voice beat naming the speaker ("Faith's voice was gentle"), a
vocative taken as the speaker ("Daddy!"), twins swapped with the sibling named as object, a
description as tag subject ("the younger girl"), a quote not detected.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from story_fixture import analysed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import fanfic_voices  # noqa: E402

# Wrong spans of the 246 double-quoted ones (the 3 single-quoted spans of speech are right): 28 at main
# 08e15fb (the issue's count); 22 with issue 15's scene focus, voice beats, description evidence, the
# vocative and noun-of-speaking rules (branch spk15); 19 with who takes part in the scene for a tag's
# he/she, weak-beat pronouns and the main clause's subject of a beat (branch spk3); 16 when the ranker weighs
# a tag moved to the scene's lead apart from coreference's pick (tag_pronoun_scene_lead); + 1 slack.
# The issue's target is 10.
CEILING = 17


def _verdicts(fanfic_path):
    text = fanfic_path.read_text(encoding="utf-8")
    gold = fanfic_voices.load_gold(text)
    a = analysed(fanfic_path)
    names = {c.id: c.name for c in a.characters}
    return text, fanfic_voices.judge(gold, a.quotes, names)


def test_fanfic_speakers_within_ceiling(fanfic_path):
    text, verdicts = _verdicts(fanfic_path)
    wrong = [v for v in verdicts if not v.ok]
    assert len(wrong) <= CEILING, fanfic_voices.report(verdicts, text)


def test_gold_covers_every_quotation_and_the_issue_patterns(fanfic_path):
    """Every double-quoted span of the story is labelled, and the gold holds examples of each error
    pattern the issue names, so lowering the ceiling means fixing them."""
    text = fanfic_path.read_text(encoding="utf-8")
    gold = fanfic_voices.load_gold(text)
    doubles = [g for g in gold if g.get("mark") != "single"]
    assert len(doubles) == text.count("\u201c") == 246
    for g in gold:
        assert text[g["start"] - 1] in "\u201c\u2018" and text[g["end"]] in "\u201d\u2019"
    kinds = Counter(g["pattern"] for g in gold if "pattern" in g)
    assert {"scene_focus", "voice_beat", "vocative", "children", "epithet"} <= set(kinds)
