"""A cheap check that the input is English prose fiction, the only kind personae's models are built for.

Nothing here changes the analysis: it only adds warnings that the results are unreliable. The test is
the share of a few very common English words among the word tokens of a sample of the story: function
words make up about half of the tokens of any English prose, and personal pronouns are a large share of
narrative (fiction tells what people did and said), far smaller in expository writing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lexicon import FUNCTION_WORDS, PERSONAL_PRONOUNS
from .model import Paragraph

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TOKEN = re.compile(r"\S+")
# A prose token is a word with punctuation around it at most ("well-known," "(she" "don't").
_PROSE_TOKEN = re.compile(r"^[\W_]*[^\W\d_]+(?:['’\-][^\W\d_]+)*[\W_]*$")

SAMPLE_CHARS = 200_000
MIN_WORDS = 200  # below this the shares are too noisy to judge
# Thresholds sit well below what English fiction shows (measured on 200k characters of each of the 100
# LitBank novels: prose tokens 0.97-1.00, function words 0.40-0.54 of words, personal pronouns
# 0.036-0.155) and above other languages (French 0.00, German 0.05 function words) and expository prose
# (this project's design notes: 0.011 personal pronouns); tests/test_fuzz.py checks both sides.
MIN_WORD_TOKENS = 0.75
MIN_FUNCTION = 0.2
MIN_PERSONAL = 0.02


def shares(text: str) -> tuple[int, float, float, float]:
    """(words, share of tokens that are words, share of words that are English function words,
    share of words that are personal pronouns) for ``text``."""
    tokens = _TOKEN.findall(text)
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0, 0.0, 0.0, 0.0
    n = len(words)
    return (
        n,
        sum(1 for t in tokens if _PROSE_TOKEN.match(t)) / len(tokens),
        sum(w in FUNCTION_WORDS for w in words) / n,
        sum(w in PERSONAL_PRONOUNS for w in words) / n,
    )


def language_warnings(text: str, paragraphs: Sequence[Paragraph]) -> list[str]:
    """Warnings (possibly none) that ``paragraphs`` of ``text`` do not look like English prose fiction."""
    sample: list[str] = []
    size = 0
    for p in paragraphs:
        if size >= SAMPLE_CHARS:
            break
        piece = text[p.start : min(p.end, p.start + SAMPLE_CHARS - size)]
        sample.append(piece)
        size += len(piece)
    n, word_share, function, personal = shares("\n".join(sample))
    if n < MIN_WORDS:
        return []
    if word_share < MIN_WORD_TOKENS:
        return [
            f"the text is mostly numbers, symbols or markup ({word_share:.0%} of tokens are words), "
            "not prose; results are unreliable"
        ]
    if function < MIN_FUNCTION:
        return [
            f"the text does not look like English (only {function:.0%} common English words); "
            "personae reads English fiction, so results are unreliable"
        ]
    if personal < MIN_PERSONAL:
        return [
            f"the text does not look like fiction (only {personal:.1%} personal pronouns); "
            "characters, speakers and relationships are unreliable"
        ]
    return []
