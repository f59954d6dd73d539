"""Speech tags: the clause next to a quote that names its speaker.

``find_tags`` reads every quote's tag. ``record`` says what a tag is (``Tag``) and where one is looked
for (``Narration``, ``Side``); ``find`` chooses the narration and the winning reading; ``after`` and
``before`` read a clause on each side of the quote (``after.SUBJECT_READERS`` is the list of ways a tag
after a quote names its subject); ``clause`` turns the subject found into a ``Tag``.

Covered: inverted tags with any verb ("Poor girl!" exploded Mr. Emerson), possessive nouns of speaking
("was Frank's reply"), relational descriptions ("said her mother": not "her", and a relative shares her
surname), passives ("was uttered by Catherine"), "from" phrases (a murmured ‘I love you’ from Spike).
"""

from .find import find_tags, lead_in, narration_around, read_narration, tag_of
from .record import Narration, Side, Tag

__all__ = ["Narration", "Side", "Tag", "find_tags", "lead_in", "narration_around", "read_narration", "tag_of"]
