"""The numbers speaker attribution judges quotes by, in one frozen settings object.

Each field is one window, reach or threshold of one rule, with why it has that value. Distances are
in characters of the text unless the name says quotes, turns, tokens or words. ``attribute(story,
settings=...)`` and ``quote_features(story, settings=...)`` take a ``SpeakerSettings``; the defaults
are what the shipped weights were trained with and every figure of ``benchmarks/pdnc.py`` was
measured with. A changed value changes the features, so the ranker must be refitted
(``benchmarks/train_speakers.py``) before its figures mean anything. Change one to study a rule, not
to fit a book.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpeakerSettings:
    # --- who is near a quote (candidates, features) ----------------------------------------------
    # A character mentioned in the narration this far before a quote (within its scene) is still
    # present: about half a page. It also caps the search for the nearest character of a tag
    # pronoun's gender, and is the distance recorded for a candidate not mentioned in it.
    window: int = 2500
    # Mentions this far past the quote's end (or its paragraph's end) count too: the narration just
    # after a quote often names who spoke or who answers.
    after_quote_reach: int = 300
    # Speakers tagged this many quotes either side, in the same conversation, are candidates: the
    # people of a conversation speak again.
    conversation_speakers_reach: int = 12
    # The story's most frequent speakers so far are always candidates: a scene may open on an
    # exchange between people it has not named yet. Three covers a scene's usual speakers.
    principal_speakers: int = 3

    # A quote with less narration than this before it in its paragraph opens the paragraph: the subject
    # acting just before it is in the previous paragraph (a short lead like "Then," aside).
    paragraph_lead: int = 20

    # A tag's he/she the cast gives to someone absent from the scene goes to the one of that gender
    # taking part most (speaking under a name tag, addressed by name), when they take part at least
    # this many times as often as the next one (a name echoed once, "Faith?", is not a second person).
    present_lead: int = 2

    # --- conversations (conversations) -----------------------------------------------------------
    # Narration this long between two quotes (about two paragraphs of prose) ends a conversation.
    conversation_gap: int = 600

    # --- turn-taking features (features.turns, features.address) ---------------------------------
    # The nearest tagged quote is looked for up to this many quotes back and forward (stopping at
    # the conversation's edge): further away, its parity says little.
    tagged_quote_reach: int = 15
    # Names said in other quotes of the run this many quotes away count as talked about.
    run_named_reach: int = 12
    # Tags and vocatives anchor a run's turns up to this many paragraph turns away ...
    run_max_turns: int = 24
    # ... their weight decaying by e per this many turns (each narration-free turn flip is a chance
    # for the alternation to break).
    run_decay_turns: int = 8

    # --- speech tags after a quote (clauses) -----------------------------------------------------
    # A tag is short: it is read in the first tokens after the closing mark, up to a sentence end.
    tag_tokens: int = 12
    # "a murmured ‘I love you’ from Spike": the speaker is among the few tokens after "from".
    from_speaker_tokens: int = 3
    # Inverted tags ("said Emma", "exclaimed the voice of old Mr. Emerson"): the subject is within
    # this many words after a verb of speaking ...
    inverted_speech_verb_reach: int = 6
    # ... or within fewer after any other past-tense verb, where a longer reach finds objects.
    inverted_other_verb_reach: int = 4
    # "May said": a name among the first words, followed within a few words by a verb of speaking.
    name_first_words: int = 4
    name_to_verb_words: int = 4
    # Failing those, a clause's subject is a tag when it or its verb has at most this many tokens
    # between it and the closing mark: the clause is at the quote's edge.
    edge_subject_words: int = 3

    # --- speech tags before a quote (clauses, tags) ----------------------------------------------
    # A verb of speaking may hang from a clause ("Mary took the opportunity of looking around her,
    # and saying to Captain Wentworth--"): its subject is looked for this many heads up.
    lead_in_climb: int = 5
    # The previous paragraph's closing narration introduces this one's speech only when it has a
    # few characters of words in it (not a stray dash).
    lead_in_min_length: int = 3

    # --- the first-person narrator (narrator, mention_index) -------------------------------------
    # With a bare roster, narration is first-person when "I"/"me" outside quotes is frequent: one in
    # this many words, words counted as characters / chars_per_word (a typical English word and its
    # space).
    first_person_per_words: int = 200
    chars_per_word: int = 6
    # ... and the narrator is a character others name in quotes at least this often.
    narrator_min_quoted_names: int = 5
    # By address: the narrator must speak this many tagged "I said" quotes to be judged ...
    narrator_min_spoken: int = 5
    # ... be named in narration at most this share of the times quotes name them (narration says "I") ...
    narrator_max_narration_share: float = 0.25
    # ... and lead the votes with at least this many, strictly ahead of the next ...
    narrator_min_votes: int = 2
    # ... a lead being clear (enough to overrule the cast's narrator) with this many votes, and this
    # many times the next one's.
    narrator_clear_votes: int = 3
    narrator_clear_factor: int = 2
    # The confidence of a mention the stage adds itself: "I" as the narrator (a sure rule once the
    # narrator is known) and a fallback he/she (the nearest named character of the gender: a guess).
    narrator_mention_confidence: float = 0.7
    fallback_pronoun_confidence: float = 0.6
    # The fallback resolves he/she to a named character of that gender at most this far back.
    fallback_pronoun_reach: int = 2500

    # --- decoding (decode) -----------------------------------------------------------------------
    # Beam width of the decoder (1 = greedy). On PDNC, leave-one-novel-out, 4 beats greedy by half a point.
    beam: int = 4
    # Probabilities are floored here before their log: a hypothesis the ranker finds impossible
    # stays comparable instead of -inf.
    min_probability: float = 1e-12
    # Confidences are written with this many decimals (more is noise).
    confidence_digits: int = 4


DEFAULT_SETTINGS = SpeakerSettings()
