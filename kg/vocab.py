"""Namespaces of the knowledge graph: ours and the standard vocabularies it reuses."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

KG = Namespace("https://w3id.org/vnkg/ontology#")
ONTOLOGY_IRI = "https://w3id.org/vnkg/ontology"
ID = "https://w3id.org/vnkg/id/"
GRAPH = "https://w3id.org/vnkg/graph/"
# rdflib's SDO namespace is http://schema.org/; the project uses the https form.
SCHEMA = Namespace("https://schema.org/")
# W3C Web Annotation vocabulary (evidence selectors); rdflib has no constant for it.
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "id": ID,
    "foaf": str(FOAF),
    "org": str(ORG),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "time": str(TIME),
    "oa": str(OA),
    "dcterms": str(DCTERMS),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}

__all__ = ["DCTERMS", "FOAF", "GRAPH", "ID", "KG", "OA", "ONTOLOGY_IRI", "ORG", "OWL", "PREFIXES", "PROV", "RDF",
           "RDFS", "SCHEMA", "SKOS", "TIME", "XSD"]
