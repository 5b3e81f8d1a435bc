"""spaCy components of the extractor, registered by name.

The tokenizer splits Vietnamese text into syllables and punctuation (spaCy's own
rule-based tokenizer: fast, offline, no word segmenter); multi-syllable words and
names are joined by the rules, which work on character offsets.  The article
travels with its text: :func:`prepare` blanks everything outside the article body
(same length, so offsets stay those of the original) and the components fill the
draft kept on ``doc._.draft``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import bodies, context, documents, grammar, meetings, persons, places, sentences
from kg.extract.draft import Draft
from kg.facts import Article
from kg.text import normalize_in_place

_WORD = re.compile(r"\w+")
_NOT_A_START = numpy.iinfo(numpy.uint64).max  # -1, as Doc.to_array / from_array store it
_BRACKETED_ABBREVIATION = re.compile(r"(?<=\w )\([A-ZĐ][A-ZĐ&.\-]{1,9}\)(?= \w)")

if not Doc.has_extension("draft"):
    Doc.set_extension("draft", default=None)


class PreparedText(str):
    """The blanked, normalised text of an article, carrying the article along."""

    article: Article


def prepare(article: Article) -> PreparedText:
    text = normalize_in_place(article.text)
    if article.body_spans:
        pieces = []
        done = 0  # text[:done] is in pieces
        for start, end in sorted(article.body_spans):
            if end <= max(start, done):  # empty, or inside a span already copied
                continue
            if start > done:
                pieces.append(_blank(text[done:start]))
                done = start
            pieces.append(text[done:end])
            done = end
        pieces.append(_blank(text[done:]))
        text = "".join(pieces)
    # "Ban Tuyên giáo và Dân vận (TG&DV) Trung ương": the abbreviation in brackets would split the name
    text = _BRACKETED_ABBREVIATION.sub(lambda m: " " * len(m.group()), text)
    prepared = PreparedText(text)
    prepared.article = article
    return prepared


def _blank(text: str) -> str:
    """Spaces in place of every character but the line breaks (same length)."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def make_pipeline(names: Iterable[str]) -> Language:
    nlp = spacy.blank("xx")  # rule-based tokenizer: splits syllables and punctuation, no model
    original: Callable[[str], Doc] = nlp.tokenizer

    def tokenize(text: str) -> Doc:
        doc = original(str(text))
        article = getattr(text, "article", None)
        if article is not None:
            doc._.draft = Draft(article=article, text=str(text))
        return doc

    nlp.tokenizer = tokenize  # type: ignore[assignment]
    for name in names:
        nlp.add_pipe(name)
    return nlp


def _step(function: Callable[[Draft], None]) -> Callable[[Doc], Doc]:
    def component(doc: Doc) -> Doc:
        if doc._.draft is not None:
            function(doc._.draft)
        return doc

    return component


def _sentences(doc: Doc) -> Doc:
    """Sentence boundaries from the rules (abbreviation-aware), set on the tokens too."""
    draft: Draft | None = doc._.draft
    text = draft.text if draft is not None else doc.text  # Doc.text re-joins every token: slow
    bounds = sentences.split_sentences(text)
    if draft is not None:
        draft.set_sentences(bounds)
        lower = text.lower()
        if len(lower) != len(text):  # a few letters change length when lower-cased
            lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        draft.set_words([(m.start(), m.group()) for m in _WORD.finditer(lower)])
    # one array for the whole doc: setting Token.is_sent_start one token at a time costs
    # about 10 µs a sentence
    token_starts = doc.to_array("IDX")
    flags = numpy.full(len(doc), _NOT_A_START, dtype=numpy.uint64)
    starts = token_starts.searchsorted([start for start, _ in bounds])
    flags[starts[starts < len(doc)]] = 1
    if len(doc):
        flags[0] = 1
        doc.from_array(["SENT_START"], flags.reshape(-1, 1))
    return doc


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    return _sentences(doc)


@Language.component("kg_context")
def kg_context(doc: Doc) -> Doc:
    return _step(context.infer_context)(doc)


@Language.component("kg_bodies")
def kg_bodies(doc: Doc) -> Doc:
    return _step(bodies.find_bodies)(doc)


@Language.component("kg_body_grammar")
def kg_body_grammar(doc: Doc) -> Doc:
    return _step(grammar.find_unknown_bodies)(doc)


def _persons(draft: Draft) -> None:
    persons.find_byline(draft)
    persons.find_persons(draft)
    persons.find_appointments(draft)


@Language.component("kg_persons")
def kg_persons(doc: Doc) -> Doc:
    return _step(_persons)(doc)


@Language.component("kg_places")
def kg_places(doc: Doc) -> Doc:
    return _step(places.find_places)(doc)


@Language.component("kg_documents")
def kg_documents(doc: Doc) -> Doc:
    return _step(documents.find_documents)(doc)


@Language.component("kg_meetings")
def kg_meetings(doc: Doc) -> Doc:
    return _step(meetings.find_meetings)(doc)


@Language.component("kg_coreference")
def kg_coreference(doc: Doc) -> Doc:
    return _step(persons.resolve_title_references)(doc)
