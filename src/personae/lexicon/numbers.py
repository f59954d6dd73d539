"""Numbers written as words, as chapter headings write them ("Chapter Twenty-One", "The Third Part").

Ordered: a word's value is its position (``UNIT_WORDS[0]`` is 1, ``TENS_WORDS[0]`` is 20,
``ORDINAL_WORDS[0]`` is 1st).
"""

from __future__ import annotations

UNIT_WORDS = tuple(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen""".split()
)
TENS_WORDS = tuple("twenty thirty forty fifty sixty seventy eighty ninety".split())
ORDINAL_WORDS = tuple(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth
    fifteenth sixteenth seventeenth eighteenth nineteenth twentieth""".split()
)
