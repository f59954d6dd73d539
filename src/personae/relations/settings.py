"""The numbers the relation stage weighs evidence by, in one frozen settings object.

Each field is one threshold, weight or reach of one rule, with why it has that value. Confidences are in
[0, 1]; reaches are in characters of the text unless the name says otherwise. ``find_relations(story,
settings)`` takes a ``RelationSettings``; the defaults are what every figure in ``benchmarks/relations.py``
and the tests was measured with. Change one to study a rule, not to fit a book.

Many values were first set on Pride and Prejudice and Emma (phase 1 of issue 12 measured them on all 22
PDNC novels); they are general readings of English fiction, not of those two books.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _romantic_detail_rank() -> dict[str, int]:
    # Which romantic detail names a pair whose cues name several: the later, more binding stage wins a
    # near tie (a married couple was also engaged, and lovers, before).
    return {"spouses": 6, "engaged": 5, "ex-partners": 4, "affair": 3, "lovers": 2, "courtship": 2,
            "unrequited": 1}


def _state_weight() -> dict[str, float]:
    # How much a cue of each state counts toward a chapter's state: a break-up or a wedding is an event
    # that defines the chapter; affection words are everywhere, even in a farewell.
    return {"broken up": 1.5, "married": 1.3, "engaged": 1.3, "strained": 0.8, "courtship": 0.8, "together": 0.6}


def _show_confidence() -> dict[str, float]:
    return {"romantic": 0.6, "family": 0.525, "friendship": 0.8, "hostile": 1.0, "professional": 0.95}


@dataclass(frozen=True)
class RelationSettings:
    # --- references (references, reader) -----------------------------------------------------------
    # How far before an offset a reference covering it may start (the longest names and phrases).
    ref_reach: int = 200
    # "I" inside a quotation is its speaker, "you" its one listener, as sure as the attribution (a weak
    # attribution still says something: at least this) ...
    quote_person_min_confidence: float = 0.3
    # ... and "you" a little less (it may be general: "you never know").
    addressee_factor: float = 0.8
    # Without the cast's coreference, a pronoun is the last character of its gender named this far back
    # (about a long paragraph) ...
    pronoun_reach: int = 1500
    # ... surely when a few words after the name, less so further on.
    pronoun_near_chars: int = 60
    pronoun_near_confidence: float = 0.8
    pronoun_far_confidence: float = 0.5
    # A reference's own confidence, raised this much (at most 1) when it holds one end of a cue: a
    # resolved pronoun is a little surer in the grammar of its own clause.
    reference_confidence_boost: float = 0.1

    # --- looking around a phrase (reader) ----------------------------------------------------------
    # Spaces and commas between a phrase and the name it introduces ("her sister, Dawn").
    name_gap: int = 3
    # ... in a list of names ("Krystal, Aiden, and Alana"), a little more.
    list_name_gap: int = 4
    # ", and " between two names of a list.
    list_joiner_reach: int = 6
    # "the daughter of Mr. X": the name follows "of" after one space.
    of_name_gap: int = 1
    # The nearest reference prefers names: a pronoun or description counts as this much further away.
    nearby_non_name_penalty: int = 40
    # The chance rate of a proximity guess is measured over at most this many of the possessor's
    # references, spread evenly (enough for a rate, cheap in a long novel).
    baseline_max_references: int = 600
    # How far up the parse a verb's subject, or a mark of a wish or condition, is looked for (a clause
    # and the clauses it hangs from; further up is another sentence's business).
    subject_depth: int = 4
    hypothetical_depth: int = 4
    # A proper name this far after a role noun ("her cousin, Mr. Price") is the relative, when the cast
    # does not know it.
    unknown_name_reach: int = 30

    # --- role nouns (cues/role_nouns) ---------------------------------------------------------------
    # "his sister": "his" resolved to a name is as sure as a name possessive, short of certain.
    pronoun_possessor_confidence: float = 0.9
    # "Dawn, her sister": an apposition before the phrase.
    apposition_confidence: float = 0.95
    # "Charlotte was Elizabeth's friend": the subject of "be"/"become" is the relative, as surely as the
    # subject is known (a name: this much; a resolved pronoun: its own confidence, boosted, times this).
    copula_confidence: float = 0.9
    # "the girl's mother" where the phrase is itself a resolved description: as sure as the description.
    description_target_factor: float = 0.85
    # "my dear cousin" set off as a vocative names the listener, as sure as the quote's attribution
    # (a weak attribution counts as this much) ...
    attribution_floor: float = 0.5
    vocative_role_factor: float = 0.8
    # ... when it opens the quote or a clause: one of these few characters before it is punctuation.
    vocative_lead_chars: int = 3
    # '"…," said her uncle': the role noun is the speaker of a quote ending (or starting) this close to the
    # tag, as sure as the attribution.
    speech_tag_reach: int = 12
    speech_tag_factor: float = 0.9
    # A relative guessed from proximity alone: the nearest fitting character in the same sentence, or
    # in the paragraph (weaker): several such guesses must agree before they make a relation.
    guess_same_sentence_confidence: float = 0.45
    guess_paragraph_confidence: float = 0.3
    # "her ex": the nearest other character, weakly.
    ex_guess_confidence: float = 0.4
    # "the twins, Ben and Amy".
    twins_confidence: float = 0.9
    # Proximity guesses of one possessor's role word are weighed against chance once there are this
    # many of them ...
    guess_min_for_chance: int = 5
    # ... a guessed character must stand beside the role word more often than beside the possessor
    # anywhere (lift over chance) ...
    guess_min_lift: float = 1.0
    # ... except the usual guess, picked at least this often: a relative is also whom one is most often
    # seen with.
    guess_usual_min: int = 2

    # --- family introductions (cues/family_intro) --------------------------------------------------
    # "She was the mother of three children." — the children named by birth order in the next few
    # sentences (this many, starting with the introduction's own), not too far on.
    family_intro_sentences: int = 4
    family_intro_reach: int = 800
    family_intro_confidence: float = 0.85

    # --- statements (cues/statements) ---------------------------------------------------------------
    # "engaged to" is looked for this far before the name it ties ...
    statement_reach: int = 40
    # ... and a negation this far before the statement ("had never been engaged to").
    negation_reach: int = 30
    # Both ends named (or the speaker), or one a pronoun or description.
    statement_named_confidence: float = 0.9
    statement_other_confidence: float = 0.6
    # "hated", "quarrelled with", "worked for" are said of many things short of enmity or service; they
    # take repetition.
    weak_statement_factor: float = 0.5
    # "left her" is also leaving a room; only a hint of a break-up.
    left_factor: float = 0.5
    # "X and Y were married": the statement follows the two names within this many characters.
    pair_statement_reach: int = 60
    pair_statement_confidence: float = 0.9

    # --- actions (cues/actions) ---------------------------------------------------------------------
    # "Buffy kissed Faith": the mean confidence of the two references, times this when both are names,
    # or this when one is a pronoun or description.
    action_named_factor: float = 0.7
    action_other_factor: float = 0.45

    # --- address terms (cues/address) ---------------------------------------------------------------
    # "Papa!" from a surely known speaker to a surely known listener binds the two as surely as "his
    # daughter Maria"; the doubt is the attribution's: weight * max(attribution, floor) + base ...
    parent_address_weight: float = 0.6
    parent_address_base: float = 0.3
    # ... and less when the listener was picked out of several.
    parent_address_among_listeners: float = 0.85
    # "Papa" is said by a few people again and again: with this many such speeches to one listener ...
    parent_address_consensus_min: int = 6
    # ... a speaker who says it fewer times than this, or in less than this share, is a misattribution.
    parent_address_min_repeats: int = 2
    parent_address_min_share: float = 0.1
    # Kin said to the listener ("Aunt Juley", "Uncle!"): bound to the two like "Papa!", a little less
    # sure (an old family friend may be "Uncle" too).
    kin_address_weight: float = 0.5
    kin_address_base: float = 0.2
    # "old fellow", "my dear chap" said to the listener: friends, weakly (several must agree).
    friend_address_weight: float = 0.3
    friend_address_base: float = 0.1
    # "you fool!" said to the listener: hostility, as surely as the attribution.
    insult_weight: float = 0.5
    insult_base: float = 0.2
    # "my dear Emma" said to Emma: affection, of friends as of kin and lovers (a weak cue; the model
    # weighs it against the pair's other cues).
    dear_address_weight: float = 0.3
    dear_address_base: float = 0.1
    # "Yes, sir" said to one listener in at least this many speeches, never said back: a servant to a
    # master (a weak cue: strangers and the young say "sir" too).
    deference_min_quotes: int = 2
    deference_weight: float = 0.3
    deference_base: float = 0.1
    # Pet names ("baby", "honey") are said by lovers, and by many others: a weak cue.
    pet_name_weight: float = 0.3
    pet_name_base: float = 0.1

    # --- bodies and couples (cues/body, cues/couples) -----------------------------------------------
    # "lips met", "made love" with two characters in the sentence: weak, several must agree.
    body_confidence: float = 0.3
    # "the couple were married": the two characters of the sentence.
    couple_confidence: float = 0.6

    # --- surnames (cues/surnames) -------------------------------------------------------------------
    # "Mr. X" and "Mrs. X": spouses (English naming: a wife takes her husband's name); surer when the
    # full names agree than when only the family name does.
    surname_spouse_confidence: float = 0.9
    surname_spouse_family_only_confidence: float = 0.7
    # "Mr. X" and "Mr. John X": the eldest and a younger sibling; more younger ones than this is a clan.
    surname_sibling_confidence: float = 0.6
    surname_max_younger: int = 6
    # Bearers of one family name are one family: a weak, detail-free cue; more bearers than a household
    # is a common name.
    surname_family_confidence: float = 0.6
    surname_max_household: int = 8

    # --- pooling (pool) -----------------------------------------------------------------------------
    # Support (summed confidence over distinct spans) that settles a guessed singular role ("her father")
    # or names a couple ex-partners ...
    min_support: float = 1.15
    # ... and the confidence of a cue that is sure on its own (a "Mr. X" beside a "Miss X": one family).
    strong_cue: float = 0.85
    # A cue at least this confident is bound by name, grammar or address, not guessed from proximity.
    sure_cue: float = 0.5
    # A guessed singular role ("her father") goes to a character with no close rival: at least this
    # many times the runner-up's support.
    clear_winner_ratio: float = 2.0
    # A near tie of romantic details is broken by rank (``romantic_detail_rank``) times this.
    detail_rank_weight: float = 0.1
    romantic_detail_rank: dict[str, int] = field(default_factory=_romantic_detail_rank)
    # Evidence spans kept per relation (the cues of the detail asserted first).
    max_evidence: int = 12

    # --- the model (build, features) ----------------------------------------------------------------
    # Every relation the model finds at least this likely is kept in the output with its confidence ...
    keep_confidence: float = 0.2
    # ... and shown to a reader (report, summary, tags) from this confidence on, per type: chosen once
    # on the leave-one-novel-out scores by benchmarks/train_relations.py (the lowest bars at which both
    # benchmark modes keep their target precision, 0.85 with the roster and 0.80 end to end).
    show_confidence: dict[str, float] = field(default_factory=_show_confidence)
    # A reference counts toward co-presence when the cast is at least this sure of it.
    present_min_confidence: float = 0.5
    # "my dear Emma": affection words this far before the listener's name.
    dear_reach: int = 20

    # --- timeline (timeline) ------------------------------------------------------------------------
    # A state word ("it was over") is a weak cue of a known couple's state, never of a relation.
    state_word_confidence: float = 0.2
    # Later in the chapter counts more: a cue's weight ramps from this at the chapter's first cue to
    # one more at its last ...
    state_ramp_floor: float = 0.5
    # (A chapter's only cue counts as one this far along.)
    state_ramp_lone: float = 0.5
    # ... times (this + the cue's confidence).
    state_confidence_floor: float = 0.5
    state_weight: dict[str, float] = field(default_factory=_state_weight)
    # Evidence spans per chapter state (the last ones: where the chapter ends up).
    timeline_evidence: int = 4

    # --- kinship from kinship (family) --------------------------------------------------------------
    # Only relations this sure are composed (a guess built on a guess is no evidence) ...
    compose_from: float = 0.8
    # ... the composed one is discounted, and kept only if still this likely ...
    inferred_factor: float = 0.8
    infer_min_confidence: float = 0.6
    # ... and cites this many evidence spans of each relation it came from.
    inferred_evidence_each: int = 2

    # --- talk (cues/talk) ---------------------------------------------------------------------------
    # Characters who exchange this many speeches know each other (acquaintance) ...
    acquaintance_min_exchanges: int = 6
    # ... or one exchange in this many of the book's, if more: in a long book everyone exchanges a few words.
    acquaintance_dialogue_share: int = 30
    acquaintance_evidence: int = 6
    # Friends talk: a weak cue that only tips a friendship the text already names. (0.2 lifts a pair
    # called friends three times over the bar, not a pair called so once.)
    talk_friend_confidence: float = 0.2


DEFAULT_SETTINGS = RelationSettings()
