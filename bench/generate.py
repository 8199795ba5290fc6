"""Make synthetic data shaped like the real graph, N times its size, as N-Triples.

Run: python bench/generate.py --factor 100 --out /tmp/tipgraph-x100.nt

Every triple of the build that mentions a thing (an IRI under /id/) is copied once per
extra round with those IRIs renamed (`.../id/country/ARG` becomes
`.../id/country/ARG-r7`): the copies have the same classes, properties, literals and
links as the real records, as more countries, rounds and institutions would. The
ontology, concepts and report parts are shared, as they would be.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tipgraph.build import current
from tipgraph.project import Project

THING = re.compile(r"<(https://w3id\.org/tipgraph/id/[^>]*)>")


def split_lines(ntriples: str) -> tuple[list[str], list[str]]:
    """Separate the lines that mention things (copied) from the shared ones (kept once)."""
    things, shared = [], []
    for line in ntriples.splitlines():
        if line:
            (things if THING.search(line) else shared).append(line)
    return things, shared


def write_scaled(ntriples: str, factor: int, out) -> int:
    """Write the graph `factor` times over to the text stream `out`; return the lines."""
    things, shared = split_lines(ntriples)
    written = 0
    for line in shared + things:
        out.write(line + "\n")
        written += 1
    for round_number in range(1, factor):
        rename = rf"<\1-r{round_number}>"
        block = THING.sub(rename, "\n".join(things))
        out.write(block + "\n")
        written += len(things)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True, help="how many times the size")
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    parser.add_argument("--project", default=None)
    args = parser.parse_args()
    ntriples = current(Project.discover(args.project)).ntriples().decode("utf-8")
    if args.out:
        with args.out.open("w", encoding="utf-8") as out:
            lines = write_scaled(ntriples, args.factor, out)
    else:
        lines = write_scaled(ntriples, args.factor, sys.stdout)
    print(f"{lines} triples at {args.factor}x", file=sys.stderr)


if __name__ == "__main__":
    main()
