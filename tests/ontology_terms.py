"""Is an IRI a term its standard vocabulary defines?  rdflib ships the term lists of FOAF,
ORG, SKOS, PROV, OWL-Time, Dublin Core, schema.org, RDF(S), OWL and XSD as closed
namespaces; Web Annotation (not in rdflib) is listed here from the W3C vocabulary."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

# https://www.w3.org/TR/annotation-vocab/ : the classes and properties kg may use
OA_TERMS = frozenset({
    "Annotation", "SpecificResource", "TextPositionSelector", "TextQuoteSelector", "FragmentSelector",
    "hasSource", "hasSelector", "hasTarget", "hasBody", "start", "end", "exact", "prefix", "suffix",
    "refinedBy", "motivatedBy",
})
_CLOSED = (FOAF, ORG, SKOS, PROV, TIME, DCTERMS, RDF, RDFS, OWL, XSD)


def is_standard_term(term: URIRef) -> bool:
    text = str(term)
    if text.startswith("https://schema.org/"):
        return _defines(SDO, text.removeprefix("https://schema.org/"))
    if text.startswith("http://www.w3.org/ns/oa#"):
        return text.removeprefix("http://www.w3.org/ns/oa#") in OA_TERMS
    for namespace in _CLOSED:
        base = str(namespace._NS) if hasattr(namespace, "_NS") else str(namespace)
        if text.startswith(base):
            local = text.removeprefix(base)
            return bool(local) and _defines(namespace, local)
    return False


def _defines(namespace: object, local: str) -> bool:
    """The term list of an rdflib DefinedNamespace (attribute access is no test: SDO is open)."""
    return local in getattr(namespace, "__annotations__", {}) or local in getattr(namespace, "_extras", ())
