"""Tags in the narration leading into a quote: Faith muttered: “…” / Lucy rose, exclaiming: “…”."""

from __future__ import annotations

from ...lexicon import SPEECH_TAG_VERBS
from .clause import Clause, speech_noun_owner, tag_of_subject
from .record import Tag

_SENTENCE_ENDS = (".", "!", "?", ";")
# Marks that lead a sentence into the quote that follows.
_LEAD_INS = (",", ":", "—", "-", "--")


def tag_before_quote(c: Clause) -> Tag | None:
    """The tag in ``c``, narration before a quote: its last sentence, when it leads into the quote (ends
    with , : — or a verb of speaking) and has a verb of speaking (or a noun of speaking's owner: "was
    his answer"); the subject of that verb, or of the clause it hangs from ("Lucy rose, exclaiming:")."""
    toks = c.tokens
    sent = toks
    for k in range(len(toks) - 2, -1, -1):
        if toks[k].text in _SENTENCE_ENDS:
            sent = toks[k + 1 :]
            break
    lead = sent[-1]
    if not (lead.text in _LEAD_INS or lead.lemma_.lower() in SPEECH_TAG_VERBS):
        return None
    verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_TAG_VERBS]
    subj = _subject_of(verbs[-1], {t.i for t in sent}, c.settings.lead_in_climb) if verbs else speech_noun_owner(c, sent)
    if subj is None:
        return None
    return tag_of_subject(c, subj, strong=True)


def _subject_of(verb, ids: set[int], climb: int):
    """The subject of the verb of speaking, or of a clause it hangs from, up to ``climb`` heads up
    ("Mary took the opportunity of looking around her, and saying to Captain Wentworth--"), inside
    the sentence (token indexes ``ids``)."""
    subj = None
    v = verb
    for _ in range(climb):
        subj = next((ch for ch in v.children if ch.dep_ in ("nsubj", "nsubjpass") and ch.i in ids), None)
        if subj is not None or v.head is v or v.head.i not in ids:
            break
        v = v.head
    return subj
