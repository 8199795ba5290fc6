"""Parse the project's Turtle and TriG files into a dataset; errors name the file and line.

The dataset is a set of named graphs (https://www.w3.org/TR/rdf11-datasets/). A data file
in TriG states each triple in the graph of the report part that prints it (the part's
IRI names the graph); a Turtle file (the ontology, its concept schemes) loads into a graph
of its own, named after the file (`GRAPH_BASE` + its stem). The union of all the graphs,
each triple once, is what a query reads by default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from tipgraph.namespaces import GRAPH_BASE, bind_prefixes

_LINE = re.compile(r"line (\d+)", re.IGNORECASE)
_FORMATS = {".ttl": "turtle", ".trig": "trig"}


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


def graph_name(path: Path) -> URIRef:
    """The graph a Turtle file loads into: `GRAPH_BASE` + the file's stem."""
    return URIRef(GRAPH_BASE + Path(path).stem)


def parse_into(dataset: Dataset, path: Path) -> Dataset:
    """Parse one file into `dataset`: Turtle into the graph named after the file, TriG
    into the graphs it names; a TriG triple outside any graph is an error."""
    path = Path(path)
    format_name = _FORMATS.get(path.suffix)
    if format_name is None:
        raise LoadError(path, None, f"unknown file type {path.suffix!r}: use .ttl or .trig")
    target = dataset.graph(graph_name(path)) if format_name == "turtle" else dataset
    try:
        target.parse(path, format=format_name)
    except Exception as error:  # rdflib raises several unrelated types for bad syntax
        message = str(getattr(error, "_why", None) or error).strip().splitlines()[0]
        raise LoadError(path, _line_of(error), message) from error
    outside = len(dataset.default_graph)
    if outside:
        raise LoadError(path, None, f"{outside} triples stand outside any graph: state each "
                        "in the graph of the report part that prints it")
    return dataset


def load_dataset(paths: Iterable[Path]) -> Dataset:
    """Parse every file into one dataset of named graphs, the project's prefixes bound."""
    dataset = bind_prefixes(Dataset())
    for path in paths:
        parse_into(dataset, path)
    return dataset


def union(dataset: Dataset) -> Graph:
    """The dataset's named graphs merged into one graph, each triple once, with the
    prefixes the files declared."""
    graph = bind_prefixes(Graph())
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=False)
    graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads())
    return graph


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one file into `graph` (a new one by default), its graphs merged."""
    graph = graph if graph is not None else Graph()
    graph += union(parse_into(Dataset(), path))
    return graph


def load_files(paths: Iterable[Path]) -> Graph:
    """Parse every file into one graph, the union of their graphs, prefixes bound."""
    return union(load_dataset(paths))
