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


def extract_article(article: Article) -> ArticleFacts:
    from kg.extract.components import prepare

    pipeline = nlp()
    doc = pipeline(prepare(article))
    return doc._.draft.facts()


__all__ = ["extract_article", "nlp", "PIPELINE"]
