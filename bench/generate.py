"""Make synthetic data shaped like the real graph, N times its size, as N-Triples.

Run: python bench/generate.py --factor 100 --out /tmp/tipgraph-x100.nt
     python bench/generate.py --factor 3 --check     # compare its shape with the real graph

Each extra copy is a further reporting round: a new report with its own parts, and the
countries, institutions, laws, findings... it reports on. Every triple whose subject is
a record (an IRI under /id/) or a part of the report (under /source/) is copied once per
round, with every such IRI in it renamed: `.../id/country/ARG` becomes
`.../id/country/ARG-r7`, and `.../source/oas-tip-2018/appendix/1` (the report node
`.../source/oas-tip-2018` too) becomes `.../source/oas-tip-2018-r7/appendix/1`. Literals
and links to anything else (concepts, ontology terms, external pages) stay as they are.
The ontology and the concept schemes (`.../concept/...`, ontology terms, their blank
nodes) are written once and shared by every round; the few ontology terms that point at
a diagram of the report (rdfs:seeAlso) keep pointing at the first round's.

So the output has the same classes and properties as the real graph; the triples, and
the instances of every class of records and report parts, are `factor` times the real
ones, while the ontology and concepts keep their real counts (`--check` verifies this:
see `shape_problems`). Queries that name a part of this report as a constant see only the
first round, whatever the size; queries over every fact see all rounds.

What differs from real data, by construction: a copied country's address ends in `-rN`,
not in its three-letter code (there are not enough codes for thousands of countries),
so the structure shape tipsh:Country gives two violations per copied country; and the
completeness shapes, like the canned queries, name this report's parts, so a copy's
"unspecified" or "not answered" answers are not recognised (123 completeness results a
round, against the real 115). The first round (factor 1) is the real graph, triple for
triple.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = "https://w3id.org/tipgraph/"
RECORD = re.compile(r"^<https://w3id\.org/tipgraph/(?:id|source)/")
# the places a round's suffix goes: the end of a record's IRI, after the report's slug
RENAMED = re.compile(r"(<https://w3id\.org/tipgraph/id/[^>]*)(>)"
                     r"|(<https://w3id\.org/tipgraph/source/[^/>#]+)([/>#])")
MARK = "\x00"  # never in N-Triples: an IRI cannot hold it and literals escape it
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def split_lines(ntriples: str) -> tuple[list[str], list[str]]:
    """Separate the records' and report parts' lines (copied per round) from the shared
    ones (ontology, concepts, kept once)."""
    records, shared = [], []
    for line in ntriples.splitlines():
        if line:
            (records if RECORD.match(line) else shared).append(line)
    return records, shared


def template(records: list[str]) -> str:
    """The records' lines with a mark where each round's suffix goes."""
    def mark(match: re.Match) -> str:
        if match.group(1):
            return match.group(1) + MARK + match.group(2)
        return match.group(3) + MARK + match.group(4)

    text = "\n".join(records) + "\n"
    if MARK in text:
        raise ValueError("the graph holds a NUL character")
    return RENAMED.sub(mark, text)


def write_scaled(ntriples: str, factor: int, out) -> int:
    """Write the graph with `factor` rounds to the text stream `out`; return the lines."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    records, shared = split_lines(ntriples)
    block = template(records)
    out.write("\n".join(shared) + "\n")
    for round_number in range(factor):
        out.write(block.replace(MARK, f"-r{round_number}" if round_number else ""))
    return len(shared) + factor * len(records)


def shape(lines) -> tuple[Counter, Counter]:
    """Instances per class (records and parts apart from shared terms) and triples per
    property of N-Triples lines."""
    classes: Counter = Counter()
    properties: Counter = Counter()
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        properties[predicate] += 1
        if predicate == TYPE:
            kind = "record" if RECORD.match(subject) else "shared"
            classes[kind, rest.rsplit(" ", 1)[0]] += 1
    return classes, properties


def shape_problems(real: str, scaled_lines, factor: int) -> list[str]:
    """How the scaled graph differs from `factor` rounds of the real one: every class and
    property present, records' and parts' classes `factor` times, shared ones once."""
    records, shared = split_lines(real)
    real_classes, real_properties = shape(records + shared)
    classes, properties = shape(scaled_lines)
    problems = []
    if set(classes) != set(real_classes):
        problems.append(f"classes differ: {set(classes) ^ set(real_classes)}")
    if set(properties) != set(real_properties):
        problems.append(f"properties differ: {set(properties) ^ set(real_properties)}")
    for (kind, cls), count in real_classes.items():
        expected = count * factor if kind == "record" else count
        if classes[kind, cls] != expected:
            problems.append(f"{cls} ({kind}): {classes[kind, cls]} instances, not {expected}")
    shared_properties = Counter(line.split(" ", 2)[1] for line in shared)
    for prop, count in real_properties.items():
        expected = shared_properties[prop] + (count - shared_properties[prop]) * factor
        if properties[prop] != expected:
            problems.append(f"{prop}: {properties[prop]} triples, not {expected}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True, help="how many rounds")
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    parser.add_argument("--check", action="store_true",
                        help="compare the output's classes and properties with the real "
                             "graph's and exit 1 if they are not `factor` times them")
    parser.add_argument("--project", default=None)
    args = parser.parse_args()
    from tipgraph.build import current
    from tipgraph.project import Project

    ntriples = current(Project.discover(args.project)).ntriples().decode("utf-8")
    if args.out:
        with args.out.open("w", encoding="utf-8") as out:
            lines = write_scaled(ntriples, args.factor, out)
    elif args.check:
        out = io.StringIO()
        lines = write_scaled(ntriples, args.factor, out)
    else:
        lines = write_scaled(ntriples, args.factor, sys.stdout)
    print(f"{lines} triples at {args.factor}x", file=sys.stderr)
    if not args.check:
        return
    if args.out:
        with args.out.open(encoding="utf-8") as scaled:
            problems = shape_problems(ntriples, filter(None, map(str.strip, scaled)),
                                      args.factor)
    else:
        problems = shape_problems(ntriples, out.getvalue().splitlines(), args.factor)
    print("\n".join(problems) or "same classes and properties as the real graph; "
          f"records and report parts {args.factor} times theirs, ontology and concepts once",
          file=sys.stderr)
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
