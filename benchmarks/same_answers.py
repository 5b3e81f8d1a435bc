"""Every canned question's rows on a store, recorded or compared with a recording.

The name index and the derived graphs change how the canned questions find their answers,
not what the answers are.  This script runs every canned query with a fixed set of
parameter values (each query's example, each name parameter with several names of the
sample articles, each optional parameter left out) and writes the rows as JSON, or checks
them against a JSON file written earlier, by the code before the change.

    python benchmarks/same_answers.py --store STORE --write answers.json
    python benchmarks/same_answers.py --store STORE --check answers.json

``tests/test_same_answers.py`` does the check on the sample store with
``tests/data/queries/canned_answers.json``; at 10,000 articles run it by hand (the
recording is too large to commit): build a store with the old code, ``--write``, build
with the new one, ``--check``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

#: Values tried for a text parameter, by parameter name (besides the query's example).
#: Names of the sample articles, in both spellings a user types; on a generated corpus the
#: same names exist (the corpus draws on the same gazetteers).
NAMES: dict[str, list[str]] = {
    "person": ["Phan Xuân Thủy", "Nguyễn Trọng Nghĩa", "Lê Văn Tuấn", "Kha Văn Tám", "Nguyễn"],
    "name": ["Phan Xuân", "Ban Tuyên giáo Tỉnh ủy Nghệ An", "05-CT/TW", "Nghệ An", "Hội nghị"],
    "body": ["Ban Tuyên giáo Tỉnh ủy Nghệ An", "Tỉnh ủy Nghệ An", "Ban Tuyên giáo"],
    "document": ["05-CT/TW", "Chỉ thị 05-CT/TW", "Nghị quyết"],
    "province": ["Nghệ An", "Quảng Bình", "Hà Nội"],
    "issuer": ["Bộ Chính trị", "Ban Bí thư"],
    "organiser": ["Ban Tuyên giáo"],
    "kind": ["Hội nghị"],
    "role": ["Trưởng Ban"],
    "type": ["Chỉ thị"],
}


def cases(query: Any) -> list[dict[str, str]]:
    """The parameter values a query is asked with: its example, then one text parameter at
    a time set to each name of :data:`NAMES` (the required ones kept at their example)."""
    example = query.example_values()
    base = {p.name: example[p.name] for p in query.parameters if p.required and p.name in example}
    found: list[dict[str, str]] = [example, base]
    for param in query.parameters:
        if param.type != "text":
            continue
        for value in NAMES.get(param.name, []):
            found.append({**base, param.name: value})
    unique: list[dict[str, str]] = []
    for case in found:
        if case not in unique and all(p.name in case for p in query.parameters if p.required):
            unique.append(case)
    return unique


def answers(store_path: Path) -> dict[str, list[dict[str, Any]]]:
    """{query name: [{"params": ..., "rows": sorted rows as lists of plain strings}]}."""
    from kg.store import open_graph_store

    with open_graph_store(store_path, read_only=True) as store:
        return answers_of(store)


def answers_of(store: Any) -> dict[str, list[dict[str, Any]]]:
    """:func:`answers` of an open :class:`kg.store.GraphStore` (embedded or remote)."""
    from kg import queries as canned

    out: dict[str, list[dict[str, Any]]] = {}
    backend = canned.GraphStoreBackend(store)
    for name, query in canned.load_queries().items():
        runs = []
        for values in cases(query):
            result = canned.run(backend, query.bind(values))
            rows = sorted([canned.plain(term) for term in row] for row in result.rows)
            runs.append({"params": values, "variables": result.variables, "rows": rows})
        out[name] = runs
    return out


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per query and parameter set whose rows differ (or that one side lacks)."""
    problems = []
    for name in sorted(set(old) | set(new)):
        if name not in new or name not in old:
            problems.append(f"{name}: only in the {'recording' if name in old else 'new answers'}")
            continue
        new_runs = {json.dumps(run["params"], sort_keys=True): run for run in new[name]}
        for run in old[name]:
            key = json.dumps(run["params"], sort_keys=True)
            other = new_runs.get(key)
            if other is None:
                problems.append(f"{name} {key}: not asked any more")
            elif other["rows"] != run["rows"] or other["variables"] != run["variables"]:
                lost = [r for r in run["rows"] if r not in other["rows"]]
                gained = [r for r in other["rows"] if r not in run["rows"]]
                problems.append(f"{name} {key}: {len(lost)} rows lost {lost[:2]}, {len(gained)} gained {gained[:2]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="the store to ask (read-only)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the answers to this JSON file")
    group.add_argument("--check", type=Path, help="compare the answers with this JSON file")
    options = parser.parse_args(argv)
    found = answers(options.store)
    if options.write:
        options.write.parent.mkdir(parents=True, exist_ok=True)
        options.write.write_text(json.dumps(found, ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")
        runs = sum(len(v) for v in found.values())
        rows = sum(len(r["rows"]) for v in found.values() for r in v)
        print(f"wrote {runs} runs of {len(found)} queries, {rows} rows, to {options.write}")
        return 0
    problems = differences(json.loads(options.check.read_text("utf-8")), found)
    for line in problems:
        print(line)
    print(f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
