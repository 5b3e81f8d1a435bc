"""Write the ontology's documentation (Markdown) from ontology/kg.ttl.

    python scripts/ontology_docs.py                 # -> docs/ontology.md
    python scripts/ontology_docs.py -o other.md     # elsewhere
    python scripts/ontology_docs.py --check         # exit 1 if docs/ontology.md is stale

One section per kind of term (classes, object, datatype and annotation properties), one
entry per kg: term with its English and Vietnamese labels and comments, the standard
terms it refines, its domain and range.  Standard terms are linked to their vocabulary,
never described as ours.  The output depends only on the ontology file (sorted, no date),
so a stale copy is easy to detect.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
OUTPUT = ROOT / "docs" / "ontology.md"
KG = "https://w3id.org/vnkg/ontology#"
PREFIXES = {
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://www.w3.org/ns/org#": "org",
    "http://www.w3.org/2004/02/skos/core#": "skos",
    "https://schema.org/": "schema",
    "http://www.w3.org/ns/prov#": "prov",
    "http://www.w3.org/2006/time#": "time",
    "http://www.w3.org/ns/oa#": "oa",
    "http://www.w3.org/2001/XMLSchema#": "xsd",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://www.w3.org/2002/07/owl#": "owl",
    KG: "kg",
}
KINDS = (
    (OWL.Class, "Classes", "Lớp"),
    (OWL.ObjectProperty, "Object properties", "Thuộc tính quan hệ"),
    (OWL.DatatypeProperty, "Datatype properties", "Thuộc tính giá trị"),
    (OWL.AnnotationProperty, "Annotation properties", "Thuộc tính chú thích"),
)


def _text(graph: Graph, subject: URIRef, predicate: URIRef, language: str) -> str:
    values = sorted(
        str(v) for v in graph.objects(subject, predicate) if isinstance(v, Literal) and v.language == language
    )
    return " ".join(" ".join(v.split()) for v in values)


def _name(term: object, graph: Graph) -> str:
    """A term as a Markdown link: ours to its entry, a standard one to its vocabulary."""
    if isinstance(term, BNode):
        members = graph.value(term, OWL.unionOf)
        if members is not None:
            return " or ".join(_name(m, graph) for m in Collection(graph, members))
        return "(anonymous)"
    text = str(term)
    for namespace, prefix in sorted(PREFIXES.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(namespace):
            local = text[len(namespace):]
            if prefix == "kg":
                return f"[kg:{local}](#{_anchor(term, graph)})"
            return f"[{prefix}:{local}]({text})"
    return f"<{text}>"


def _anchor(term: object, graph: Graph) -> str:
    """Classes and properties may differ only in case (kg:Province, kg:province)."""
    kind = "class" if (term, RDF.type, OWL.Class) in graph else "property"
    return f"{kind}-{str(term)[len(KG):]}"


def _list(values: list[object], graph: Graph) -> str:
    return ", ".join(sorted(_name(v, graph) for v in values))


def render(graph: Graph) -> str:
    ontology = next(graph.subjects(RDF.type, OWL.Ontology))
    lines = [
        f"# {_text(graph, ontology, DCTERMS.title, 'en')}",
        "",
        f"*{_text(graph, ontology, DCTERMS.title, 'vi')}*",
        "",
        "Generated from `ontology/kg.ttl` by `python scripts/ontology_docs.py`; do not edit by hand.",
        "",
        f"- Ontology IRI: <{ontology}>",
        f"- Namespace: `{KG}` (prefix `kg:`)",
        f"- Version: {graph.value(ontology, OWL.versionInfo)}",
        "",
        _text(graph, ontology, DCTERMS.description, "en"),
        "",
        "Only the `kg:` terms are described here. Each refines a term of a standard vocabulary "
        "(linked, not re-declared): " + ", ".join(
            _name(v, graph) for v in sorted(graph.objects(ontology, RDFS.seeAlso), key=lambda v: _name(v, graph))
        ) + ".",
        "",
    ]
    for kind, title, title_vi in KINDS:
        terms = sorted(t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef) and str(t).startswith(KG))
        if not terms:
            continue
        lines += [f"## {title} / {title_vi}", ""]
        lines += [" · ".join(_name(t, graph) for t in terms), ""]
        for term in terms:
            local = str(term)[len(KG):]
            lines += [f'<a id="{_anchor(term, graph)}"></a>', "", f"### kg:{local}", ""]
            lines += [f"`{term}`", ""]
            lines += [f"- **Label**: {_text(graph, term, RDFS.label, 'en')} / "
                      f"*{_text(graph, term, RDFS.label, 'vi')}*"]
            for predicate, label in ((RDFS.subClassOf, "Refines"), (RDFS.subPropertyOf, "Refines"),
                                     (RDFS.domain, "Domain"), (RDFS.range, "Range")):
                values = list(graph.objects(term, predicate))
                if values:
                    lines.append(f"- **{label}**: {_list(values, graph)}")
            subclasses = [s for s in graph.subjects(RDFS.subClassOf, term) if isinstance(s, URIRef)]
            if subclasses:
                lines.append(f"- **Subclasses**: {_list(subclasses, graph)}")
            lines += ["", _text(graph, term, RDFS.comment, "en"), "", "> " + _text(graph, term, RDFS.comment, "vi"), ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ontology", type=Path, default=ONTOLOGY, help="ontology file (default: ontology/kg.ttl)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="output file (default: docs/ontology.md)")
    parser.add_argument("--check", action="store_true", help="only check that the output file is up to date")
    args = parser.parse_args(argv)
    try:
        graph = Graph().parse(args.ontology, format="turtle")
    except (OSError, SyntaxError, ValueError) as error:
        print(f"{args.ontology}: cannot read the ontology ({' '.join(str(error).split())[:200]})", file=sys.stderr)
        return 2
    text = render(graph)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != text:
            print(f"{args.output} is stale: run python scripts/ontology_docs.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
