"""Function words and other small closed classes of English the stages read: articles and
determiners, prepositions of place, negators, conditional words, interjections, elisions."""

from __future__ import annotations

ARTICLES = frozenset({"the", "a", "an"})
# Articles and demonstratives that make a noun phrase point at one person ("the old man", "this woman").
DESCRIBING_DETERMINERS = frozenset({"the", "this", "that", "a", "an"})
INDEFINITE_ARTICLES = frozenset({"a", "an"})
# Words before a name that mark it as a common noun or a role ("the Slayer", "a Watcher").
DETERMINERS = frozenset("the a an this that these those every each another some any no our their your".split())
# Prepositions of place: "in Sunnydale", "at Pemberley" — people are rarely the object of these.
PLACE_PREPOSITIONS = frozenset("in at near into inside outside across through toward towards around within".split())
# Words that open an exclamation on a capitalised word ("Oh God", "my Lord", "Thank Heaven", "By Jove").
EXCLAMATION_OPENERS = frozenset("oh o ah my good thank dear by".split())
# Interjections that open speeches capitalised ("Aye, sir", "Hullo, Bill") and look like vocatives.
INTERJECTIONS = frozenset(
    """aye nay yes no oh ah alas hush pooh pshaw hullo hallo hello goodbye farewell bravo amen ja nein oui
    si well why o hey hi okay ok yeah yep nope mmm hmm huh wow gosh golly gee bah ugh ahem eh er um uh
    welcome thanks please sorry indeed certainly""".split()
)
# The commonest English function words (articles, prepositions, conjunctions, auxiliaries, pronouns):
# together about half of all tokens in English prose of any period or genre.
FUNCTION_WORDS = frozenset(
    "the of and to a in that is was he she it for his her with as i you on be at by had have not but "
    "this are were from or which an they we my me him them their there so been would all one if what "
    "when no will said could do did into out up then than more any who its our your".split()
)
# Negators flip the next few words ("not happy").
NEGATORS = frozenset(
    """not no never nor cannot nothing neither nobody without n't don't didn't doesn't isn't wasn't aren't
    weren't won't wouldn't couldn't shouldn't can't hadn't haven't hasn't""".split()
)
# Words that put a clause under a condition ("if he had proposed") or a mere possibility ("would marry").
CONDITIONAL_CONJUNCTIONS = frozenset({"if", "unless", "whether"})
MODAL_VERBS = frozenset("would could might should may".split())
# The days of the week: never part of a person's name ("He saw Colonel Brandon Monday morning").
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Words English writes with a leading apostrophe (elisions), so an opening single mark before them is
# not a quotation: ’til, ’em, ’bout, ’cause, rock ’n’ roll, ’twas, ’tis, dialect ’im/’er/’ow/’ere.
ELISIONS = frozenset(
    """til tis twas twere twill twould em bout cause cos coz n round im er ere ow e ad ave is cept fore nuff
    kay s d ll re ve m t un uns ome alf appen ope eard tween gainst neath mongst scuse spose sposed cuz ya
    an bye night morning mornin evening""".split()
)
