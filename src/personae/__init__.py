"""personae: recover the people in a work of fiction.

>>> import personae
>>> a = personae.analyze("story.txt")
>>> a.to_json()
"""

from .document import Document, InputError, Span
from .model import SCHEMA, Analysis, Character, Quote, Relation, validate
from .pipeline import analyze
from .roster import load_roster

__version__ = "0.1.0"

__all__ = ["analyze", "load_roster", "Analysis", "Character", "Quote", "Relation", "Document", "Span", "InputError", "SCHEMA", "validate", "__version__"]
