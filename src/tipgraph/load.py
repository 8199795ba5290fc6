"""Parse the project's Turtle files; a syntax error names the file and the line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from tipgraph.namespaces import bind_prefixes

_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


class LoadError(Exception):
    """A file that does not parse: which file, which line, what the parser said."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = Path(path), line, message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


def _line_of(error: Exception) -> int | None:
    line = getattr(error, "lines", None)
    if isinstance(line, int):
        return line + 1  # rdflib's notation3 parser counts lines from 0
    match = _LINE.search(str(error))
    return int(match.group(1)) if match else None


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file into `graph` (a new one by default)."""
    graph = graph if graph is not None else Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises several unrelated types for bad syntax
        message = str(getattr(error, "_why", None) or error).strip().splitlines()[0]
        raise LoadError(path, _line_of(error), message) from error
    return graph


def load_files(paths: Iterable[Path]) -> Graph:
    """Parse every file into one graph with the project's prefixes bound."""
    graph = bind_prefixes(Graph())
    for path in paths:
        parse_file(path, graph)
    return graph
