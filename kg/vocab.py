"""Namespaces of the knowledge graph: ours and the standard vocabularies it reuses."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/vnkg/ontology#")
ONTOLOGY_IRI = "https://w3id.org/vnkg/ontology"
ID = "https://w3id.org/vnkg/id/"
GRAPH = "https://w3id.org/vnkg/graph/"
# rdflib's SDO namespace is http://schema.org/; the project uses the https form.
SCHEMA = Namespace("https://schema.org/")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "id": ID,
    "foaf": str(FOAF),
    "org": str(ORG),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}

__all__ = ["FOAF", "GRAPH", "ID", "KG", "ONTOLOGY_IRI", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS",
           "SCHEMA", "SKOS", "XSD"]
