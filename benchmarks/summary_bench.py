"""The summary tables (kg/summaries.py): same rows as the .rq, how fast, what upkeep costs.

    python benchmarks/summary_bench.py --store STORE                 # rows and p50/p95, .rq vs tables
    python benchmarks/summary_bench.py --store STORE --repeats 7 --whole   # count the tables whole first
    python benchmarks/summary_bench.py --store STORE --upkeep 100,1000     # drop N articles' rows, add them back

For each canned question the tables answer and each parameter set of :func:`cases`, the
answer read from the tables is compared with the ``.rq``'s row by row (:func:`problems`),
then both are timed (``repeats`` runs each, p50 and p95).  ``--upkeep N`` measures the
incremental path: the tables forget N article graphs (as if they were new), then
``refresh`` reads them again and counts the pairs of the persons they reach; the tables
then must equal a whole recount.  The store is opened read-write (the tables are written
beside it); nothing in the store changes.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: the column each question orders by (most first), and the columns the .rq leaves to the
#: store (SAMPLE): compared as "one of the values it may give"
ORDER = {"co-attendance": "meetings", "concurrent-posts": "posts"}
SAMPLED = {"co-attendance": ("for_example",), "concurrent-posts": ()}
COUNT = {"co-attendance": "min_meetings", "concurrent-posts": "min_posts"}


def cases(name: str, names: Sequence[str]) -> list[dict[str, str]]:
    """Parameter sets: none, each minimum, each name, each name with a minimum."""
    count = COUNT[name]
    found: list[dict[str, str]] = [{}, {count: "1"}, {count: "2"}, {count: "3"}]
    for person in names:
        found += [{"person": person}, {"person": person, count: "1"}, {"person": person, count: "2"}]
    return found


def person_names(store: Any, limit: int = 3) -> list[str]:
    """Names to ask with: the labels of the persons with most shared meetings, the first
    without diacritics, and the family name of the first."""
    from kg.nameindex import bare

    rows = store.select(
        """SELECT ?label (COUNT(DISTINCT ?m) AS ?n) WHERE {
  GRAPH <https://w3id.org/vnkg/graph/entities> { ?p a <http://xmlns.com/foaf/0.1/Person> ;
     <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }
  GRAPH ?g { ?m <https://schema.org/attendee> ?p } } GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT """
        + str(limit)
    )
    labels = [row["label"].value for row in rows]
    if not labels:
        return []
    return [*labels, bare(labels[0]), labels[0].split(" ")[0]]


def _cell(term: Any) -> str | None:
    return None if term is None else term.value


def problems(backend: Any, store: Any, query: Any, values: dict[str, str]) -> list[str]:
    """How the tables' answer differs from the .rq's (empty: the same rows).  Rows are
    compared in the order the .rq defines (its ORDER BY column), as multisets among equal
    counts; a column the .rq SAMPLEs must hold one of the values of that row's group;
    GROUP_CONCAT's list (concurrent-posts' ``held``) as a set."""
    from kg import queries as canned

    name = query.name
    where = f"{name} {values}"
    summary = canned.answer(backend, query, values)
    if not summary.note:
        return [f"{where}: not answered from the summary tables"]
    counted = canned.run(backend, query.bind(values))
    if summary.variables != counted.variables:
        return [f"{where}: columns {summary.variables} != {counted.variables}"]
    if len(summary.rows) != len(counted.rows):
        return [f"{where}: {len(summary.rows)} rows != {len(counted.rows)} rows"]
    order = summary.variables.index(ORDER[name])
    sampled = [summary.variables.index(column) for column in SAMPLED[name]]
    held = summary.variables.index("held") if "held" in summary.variables else None

    def canonical(row: list[Any]) -> tuple[Any, ...]:
        cells: list[Any] = [_cell(term) for term in row]
        for index in sampled:
            cells[index] = "(sampled)"
        if held is not None and cells[held] is not None:
            cells[held] = tuple(sorted(cells[held].split("; ")))
        return tuple(cells)

    found: list[str] = []
    if [_cell(row[order]) for row in summary.rows] != [_cell(row[order]) for row in counted.rows]:
        found.append(f"{where}: the rows are not in the .rq's order of {ORDER[name]}")
    groups_new: dict[str | None, Counter[tuple[Any, ...]]] = {}
    groups_old: dict[str | None, Counter[tuple[Any, ...]]] = {}
    for rows, groups in ((summary.rows, groups_new), (counted.rows, groups_old)):
        for row in rows:
            groups.setdefault(_cell(row[order]), Counter())[canonical(row)] += 1
    for key in groups_old:
        if groups_new.get(key) != groups_old[key]:
            lost = list((groups_old[key] - groups_new.get(key, Counter())).elements())[:2]
            gained = list((groups_new.get(key, Counter()) - groups_old[key]).elements())[:2]
            found.append(f"{where}: {ORDER[name]}={key}: lost {lost}, gained {gained}")
    if name == "co-attendance":
        found += _examples_are_shared(store, summary, where)
    return found


def _examples_are_shared(store: Any, summary: Any, where: str) -> list[str]:
    """Each row's for_example is the label of a meeting both persons attended (or none)."""
    variables = summary.variables
    person, other, example = (variables.index(v) for v in ("person_iri", "other_iri", "for_example"))
    wanted = {(row[person].value, row[other].value) for row in summary.rows}
    if len(wanted) > 2000:  # a sample of the pairs on a large store
        wanted = set(sorted(wanted)[:: max(1, len(wanted) // 2000)])
    labels: dict[tuple[str, str], set[str | None]] = {}
    for a, b in wanted:
        rows = store.query(
            f"""SELECT DISTINCT ?m ?l WHERE {{ GRAPH ?g {{ ?m <https://schema.org/attendee> <{a}> }}
  GRAPH ?h {{ ?m <https://schema.org/attendee> <{b}> }}
  OPTIONAL {{ ?m <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}""",
            union_default_graph=True,
        )
        labels[(a, b)] = {None if row["l"] is None else row["l"].value for row in rows}
    bad = [
        row
        for row in summary.rows
        if (row[person].value, row[other].value) in labels
        and _cell(row[example]) not in labels[(row[person].value, row[other].value)]
    ]
    return [f"{where}: for_example not a shared meeting's label: {bad[:2]}"] if bad else []


def table_rows(path: Path) -> dict[str, Any]:
    """The tables' content by IRI (ids differ between an incremental and a whole count):
    what an incremental upkeep must leave equal to a whole recount."""
    connection = sqlite3.connect(path)
    try:
        iri = dict(connection.execute("SELECT id, iri FROM entity"))
        graphs = dict(connection.execute("SELECT id, iri FROM graph"))
        pairs = sorted(
            tuple(sorted((iri[a], iri[b]))) + (n,) for a, b, n in connection.execute("SELECT a, b, meetings FROM pair")
        )
        attend = sorted(
            (graphs[g], iri[m], iri[p]) for g, m, p in connection.execute("SELECT graph, meeting, person FROM attend")
        )
        shared = sorted(
            (iri[m], iri[p], n) for m, p, n in connection.execute("SELECT meeting, person, graphs FROM meeting_person")
        )
        posts = sorted(
            (iri[m], graphs[g], n, a)
            for m, g, n, a in connection.execute("SELECT member, graph, posts, attested FROM post_group")
        )
        used = {iri[key] for key in _used(connection)}
        entities = sorted(
            row
            for row in connection.execute("SELECT iri, person, pref, labels, keys, pref1, label1 FROM entity")
            if row[0] in used
        )
        records = sorted(connection.execute("SELECT iri, hash, article FROM graph"))
    finally:
        connection.close()
    return {
        "pairs": pairs,
        "attend": attend,
        "meeting_person": shared,
        "posts": posts,
        "entities": entities,
        "graphs": records,
    }


def _used(connection: sqlite3.Connection) -> set[int]:
    """The entities some row names (an incremental count keeps those of dropped rows)."""
    found: set[int] = set()
    for sql in ("SELECT meeting, person FROM attend", "SELECT member, role, body FROM membership"):
        for row in connection.execute(sql):
            found.update(key for key in row if key is not None)
    return found


def _named_in(path: Path, graphs: list[int]) -> set[str]:
    """The IRIs the rows of these graphs name: what the writer's touched set holds for them."""
    connection = sqlite3.connect(path)
    try:
        marks = ",".join("?" * len(graphs))
        keys: set[int] = set()
        for sql in (
            f"SELECT meeting, person FROM attend WHERE graph IN ({marks})",
            f"SELECT member, role, body FROM membership WHERE graph IN ({marks})",
        ):
            for row in connection.execute(sql, graphs):
                keys.update(key for key in row if key is not None)
        iri = dict(connection.execute("SELECT id, iri FROM entity"))
    finally:
        connection.close()
    return {iri[key] for key in keys}


def _timed(function: Any, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--whole", action="store_true", help="count the tables whole first (timed)")
    parser.add_argument("--upkeep", default="", help="comma-separated article counts to drop and read again")
    parser.add_argument("--no-check", action="store_true", help="time only, do not compare the rows")
    parser.add_argument("--quick", action="store_true", help="four parameter sets a question, not 19")
    options = parser.parse_args(argv)

    from kg import queries as canned
    from kg import summaries
    from kg.store import open_graph_store

    with open_graph_store(options.store) as store:
        if options.whole or not summaries.is_fresh(store):
            done = summaries.refresh(store, None, whole=True)
            print(f"whole count: {done.seconds:.1f} s" if done else "no tables (endpoint)")
        path = summaries.path_of(store)
        for size in [int(n) for n in options.upkeep.split(",") if n.strip()]:
            connection = sqlite3.connect(path)
            with connection:
                chosen = [
                    row[0] for row in connection.execute("SELECT id FROM graph ORDER BY id DESC LIMIT ?", (size,))
                ]
                marks = ",".join("?" * len(chosen))
                connection.execute(f"UPDATE graph SET hash = 'forgotten' WHERE id IN ({marks})", chosen)
            connection.close()
            touched = _named_in(path, chosen)
            done = summaries.refresh(store, touched)
            assert done is not None
            print(
                f"upkeep of {size} articles: {done.seconds:.2f} s ({done.added} graphs read, "
                f"{done.persons} persons' pairs counted, {done.relabelled} entities relabelled)"
            )
            incremental = table_rows(path)
            summaries.refresh(store, None, whole=True)
            print("  equal to a whole recount:", table_rows(path) == incremental)
        backend = canned.GraphStoreBackend(store)
        catalogue = canned.load_queries()
        names = person_names(store)
        print("| query | parameters | .rq p50 / p95 ms | tables p50 / p95 ms | ratio p50 | rows | same rows |")
        print("|---|---|---:|---:|---:|---:|---|")
        failures = 0
        for name in summaries.QUERIES:
            query = catalogue[name]
            asked = cases(name, names)
            if options.quick:
                asked = [asked[0], asked[2], asked[4], asked[4 + 3 * len(names) - 6]]
            for values in asked:
                found = [] if options.no_check else problems(backend, store, query, values)
                failures += bool(found)
                for line in found:
                    print("  !", line[:400])
                rows = len(canned.answer(backend, query, values).rows)
                old = _timed(lambda: canned.run(backend, query.bind(values)), options.repeats)  # noqa: B023
                new = _timed(lambda: canned.answer(backend, query, values), options.repeats)  # noqa: B023
                print(
                    f"| {name} | {values} | {old[0]:,.1f} / {old[1]:,.1f} | {new[0]:,.1f} / {new[1]:,.1f} | "
                    f"x{old[0] / max(new[0], 0.001):,.1f} | {rows:,} | {'yes' if not found else 'NO'} |"
                )
        print(f"{failures} parameter sets with different rows")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
