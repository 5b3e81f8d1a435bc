"""One article through every pure stage: extract -> resolve -> rdf.

This is the unit of work that `kg build` maps over processes (or Dask workers):
a pure function of the article, so it can run anywhere.
"""

from __future__ import annotations

from kg.facts import Article, ArticleFacts
from kg.rdf import ArticleGraph, to_graph
from kg.resolve import resolve


def extract(article: Article) -> ArticleFacts:
    from kg.extract import extract_article

    return extract_article(article)


def article_graph(article: Article) -> ArticleGraph:
    """The named graph of one article (its facts, provenance and article record)."""
    return to_graph(resolve(extract(article)))
