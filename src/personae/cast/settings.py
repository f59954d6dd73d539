"""The numbers the cast stage weighs its evidence by, in one frozen settings object.

Each field is one threshold, ratio or weight of one rule, with why it has that value. Counts are of
occurrences of a name (``n``: every time the run is seen), shares are in [0, 1] of those occurrences.
``build_cast(story, roster, settings)`` takes a ``CastSettings``; the defaults are what every figure in
``benchmarks/cast.py``, ``benchmarks/coref.py``, ``benchmarks/pdnc.py`` and the tests was measured with.
Change one to study a rule, not to fit a book.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CastSettings:
    # --- the scan (scan) --------------------------------------------------------------------------
    # A heading line ("Chapter 1:  Lover After Me") is short: at most this many words ...
    heading_max_words: int = 12
    # ... with (nearly) every word capitalised ...
    heading_min_capitalised_share: float = 0.8
    # ... short words ("of", "the", "to") counting as capitalised, as titles leave them lower case.
    heading_short_word_length: int = 3
    # Modifiers of a described person ("the tall old man") sit just before the noun.
    description_modifier_reach: int = 3
    # "the younger Slayer", "her Watcher": an article this many words back over adjectives and
    # numbers still governs the name.
    article_lookback: int = 3

    # --- how often a name must occur (evidence) ---------------------------------------------------
    # A lone capitalised word seen once is weak evidence of a character: at least twice in a story ...
    min_count_floor: int = 2
    # ... and one more per 60,000 words of a long novel (twice in 200,000 words is a passing mention).
    words_per_extra_count: int = 60_000

    # --- roles used as names (evidence) -----------------------------------------------------------
    # "said the Hatter": a role that is the subject of a speech verb this many times speaks as a
    # character ...
    role_min_speech: int = 3
    # ... in at least this share of its occurrences ...
    role_min_speech_share: float = 0.1
    # ... or, speaking that often, is capitalised mid-sentence nearly every time ...
    role_name_mid_cap_share: float = 0.9
    # ... and the subject of clause after clause ("the General frowned") ...
    role_name_subject_share: float = 0.25
    # ... over enough occurrences to say so.
    role_name_min_count: int = 10
    # "The Colonel": a title written with its article at least half the time ...
    title_name_min_article_share: float = 0.5
    # ... over at least this many occurrences (and the story's minimum).
    title_name_min_count: int = 5

    # --- is a capitalised run a person (evidence.is_person) ---------------------------------------
    # Proper names take no article: a word written after one this often is a noun ("the Slayer") ...
    article_max_share: float = 0.25
    # ... and a plural proper noun ("the Italians") this often is a group.
    plural_max_share: float = 0.5
    # "Thank God", "Lord knows": a deity word is an oath unless it speaks this often ...
    deity_min_speech: int = 3
    # ... and in this share of its occurrences.
    deity_min_speech_share: float = 0.2
    # A place-like last word ("Windy Corner", "Dorsetshire") is a person only titled or speaking at
    # least this often ...
    place_head_min_speech: int = 3
    # ... and in this share of its occurrences.
    place_head_min_speech_share: float = 0.3
    # After an exclamation opener ("Oh God", "my Lord") this often, and never speaking, an oath.
    exclaim_max_share: float = 0.4
    # After a preposition of place ("at Netherfield") this often, never speaking or addressed ...
    place_max_share: float = 0.25
    # ... and not called a person by the parser at least half the time: a place.
    place_min_person_share: float = 0.5
    # A name the parser takes for a date ("May", "June") is a woman's when it speaks this often.
    date_min_speech: int = 3
    # An organisation label counts half as much as a place (firms are named after people).
    org_place_weight: float = 0.5
    # People act: over at least this many occurrences ...
    agent_min_count: int = 4
    # ... a name that is agent (subject, speaker, addressed, titled) less often than this ...
    agent_min_share: float = 0.12
    # ... and place-like this often (or never an agent) is no person.
    agent_place_max_share: float = 0.25
    # Mostly place-like (this share) ...
    place_like_max_share: float = 0.6
    # ... seldom an agent ...
    place_like_min_agent_share: float = 0.3
    # ... and seldom a person to the parser: a place or a thing.
    place_like_min_person_share: float = 0.3
    # Labelled a non-person entity (GPE, WORK_OF_ART...) this often ...
    other_entity_max_share: float = 0.5
    # ... and a person to the parser less often than this, never speaking or titled: no person.
    other_entity_min_person_share: float = 0.2
    # "Bill Gorton", "May Welland": a run starting with a common word is a name when the parser calls
    # it a person this often ...
    common_word_name_person_share: float = 0.8
    # ... or its first word is capitalised mid-sentence this many times more than written lower case.
    common_word_name_ratio: int = 3
    # A common word capitalised at sentence starts ("Tears") is a name only speaking this often ...
    common_word_min_speech: int = 2
    # ... or called a person by the parser in this share of its occurrences.
    common_word_min_person_share: float = 0.5
    # A role word ("Mother", "Doctor") is a name when it speaks this often ...
    role_word_min_speech: int = 2
    # ... or is, over this many occurrences ...
    role_word_min_count: int = 5
    # ... the subject in this share of them ...
    role_word_min_subject_share: float = 0.3
    # ... and seldom after an exclamation ("Oh Mother!").
    role_word_max_exclaim_share: float = 0.2
    # One letter is an initial, not a name.
    min_name_length: int = 2
    # The evidence sum: a PERSON label counts once for a one-word name, twice for a full name ...
    person_weight_single: float = 1
    person_weight_full: float = 2
    # ... speech, address and a title are strong evidence ...
    strong_weight: float = 2
    # ... the subject of a clause and a mid-sentence capital are weak ...
    subject_weight: float = 0.5
    mid_cap_weight: float = 0.25
    # ... and a name needs this much in all.
    min_evidence: float = 2
    # A pet name seen only at the head of speech ("Dawnie, wait!") has at least this many letters.
    pet_name_min_length: int = 3
    # A role the text writes with its article at least half the time is shown with it ("the Hatter").
    role_surface_article_share: float = 0.5

    # --- clustering (cluster) ---------------------------------------------------------------------
    # A given name with a prior of P(female) below this is a man's ("Mrs. John Knightley" is his wife;
    # "Mr." cannot be a woman's first name) ...
    male_name_max_prior: float = 0.2
    # ... and above this a woman's.
    female_name_min_prior: float = 0.8
    # "Mr. John Knightley" used this often is a style of its own, telling him from "Mr. Knightley" ...
    full_title_min_count: int = 2
    # ... when "Mr. Knightley" was used this often before the full name first appeared ...
    short_form_first_count: int = 2
    # ... and "Mr. Knightley" is frequent enough (this often) to be someone else.
    apart_min_count: int = 3
    # A bare word's candidates: each gets this much for naming the word at all (a tie-breaker) ...
    candidate_base_score: float = 0.5
    # ... and a family name counts double for a man of the family ("Bennet" is Mr. Bennet).
    family_man_factor: float = 2
    # "The Colonel" is the holder of that title named this many times more often than any other ...
    title_holder_dominance: float = 5
    # ... and named at least this share as often as "the Colonel" itself.
    title_holder_min_share: float = 0.2
    # A form two people could bear ("the Colonel" of several colonels, "Harry" of two Henrys) is the
    # one of them named in the scene (this many characters before it, a page or two) ...
    scene_chars: int = 5000
    # ... before at least this share of its uses ...
    scene_min_share: float = 0.3
    # ... and this many times as often as any other.
    scene_dominance: float = 5
    # Names in one sentence are different people; a sentence naming more is a list, not evidence.
    together_max_names: int = 6
    # A titled name used in this many sentences with a person's other names is someone else ("Mr.
    # Ashby and his son Henry Ashby", "“Jane, my dear,” said Mrs. Bennet") ...
    apart_together_min_count: int = 2
    # ... and in at least this share of its uses (twice in a hundred is a restatement).
    apart_together_min_share: float = 0.05
    # "Miss Morland" is the family's one woman with a given name when the text writes her full name
    # ("Catherine Morland") at least this often.
    family_holder_min_full_names: int = 2
    # The display name is a titled form when titled forms make more than this share of the uses.
    titled_name_share: float = 0.5

    # --- gender (gender) --------------------------------------------------------------------------
    # Log-odds of female: a military rank leans male (a lean, not a rule) ...
    rank_log_odds: float = 1.5
    # ... each pronoun vote moves it this much ...
    pronoun_vote_log_odds: float = 0.7
    # ... pronouns together at most this much either way ...
    pronoun_max_log_odds: float = 5.0
    # ... the given name's prior is clipped to these (no name is certain) ...
    prior_min: float = 0.03
    prior_max: float = 0.97
    # ... and a gender is given past this much log-odds, else "U".
    gender_min_log_odds: float = 0.9

    # --- importance and the narrator (characters) -------------------------------------------------
    # Major: mentioned at least a fifth as often as the most mentioned character ...
    major_min_share: float = 0.2
    # ... and at least this often.
    major_min_count: int = 20
    # Intermediate: a recurring part, mentioned at least this often ...
    intermediate_min_count: int = 8
    # ... or this share of the most mentioned character.
    intermediate_min_share: float = 0.03
    # A quote weighs this many mentions when importance is judged after attribution.
    quote_weight: int = 3
    # The first-person narrator's name: used inside quotations at least this often ...
    narrator_name_min_quoted: int = 5
    # ... and in narration at most this share as often.
    narrator_name_max_narrated_share: float = 0.15

    # --- a given roster (roster) ------------------------------------------------------------------
    # A name no roster alias covers becomes an extra character when used this often (and the
    # story's minimum).
    roster_extra_min_count: int = 3

    # --- pronouns and descriptions (coref) --------------------------------------------------------
    # How far back (in sentences) a pronoun looks for its antecedent: English narration re-names a
    # character within a few sentences when another of the same gender intervenes.
    pronoun_window: int = 5
    # A possessive pronoun is half a vote for the gender of the name before it.
    possessive_vote: float = 0.5
    # First-person narration: at least this many I/me/my outside quotations ...
    first_person_min_count: int = 5
    # ... making this share of narration words (free indirect speech has a few).
    first_person_min_share: float = 0.015
    # Salience: a subject is preferred by this much (sentences of distance) ...
    subject_bonus: float = 1.0
    # ... a character of unknown gender avoided by this much.
    unknown_gender_penalty: float = 1.5
    # "The girl" resolves to the one character of its gender named 1 to this many sentences before.
    description_max_distance: int = 3
    # Confidences: the narrator's I/me/my ...
    narrator_confidence: float = 0.9
    # ... a definite description ...
    description_confidence: float = 0.6
    # ... a pronoun whose best antecedent wins by less than this margin ...
    clear_margin: float = 1.0
    # ... (then this confidence) ...
    tie_confidence: float = 0.5
    # ... else one named in this or the previous sentence ...
    near_confidence: float = 0.85
    # ... else one further back.
    far_confidence: float = 0.7


DEFAULT_SETTINGS = CastSettings()
