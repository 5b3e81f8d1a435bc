"""The extract stage: one :class:`kg.facts.Article` in, its :class:`kg.facts.ArticleFacts` out.

The work is a spaCy pipeline whose components are registered by name (see
:mod:`kg.extract.components`); ``config`` can reorder or drop them like any
spaCy pipeline.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from kg.facts import Article, ArticleFacts

PIPELINE = (
    "kg_sentences",
    "kg_context",
    "kg_bodies",
    "kg_body_grammar",
    "kg_persons",
    "kg_places",
    "kg_documents",
    "kg_meetings",
    "kg_coreference",
)


@cache
def nlp() -> Language:
    from kg.extract.components import make_pipeline

    return make_pipeline(PIPELINE)


#: Articles one pipeline reads before it is replaced by a fresh one (13 ms): spaCy's
#: vocabulary keeps every new string it meets (names, numbers), so a worker that reads a
#: whole archive with one pipeline would grow without end.
RENEW_EVERY = 2000
_read = 0


def extract_article(article: Article) -> ArticleFacts:
    from kg.extract.components import prepare

    global _read
    if _read >= RENEW_EVERY:
        nlp.cache_clear()
        _read = 0
    _read += 1
    pipeline = nlp()
    doc = pipeline(prepare(article))
    return doc._.draft.facts()


__all__ = ["extract_article", "nlp", "PIPELINE"]
