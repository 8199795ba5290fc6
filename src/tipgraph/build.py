"""Build the graph: load every input, then write deterministic dumps to dist/."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from tipgraph.load import load_files
from tipgraph.namespaces import PREFIXES, bind_prefixes
from tipgraph.project import Project
from tipgraph.reason import inferred_types
from tipgraph.void import describe

DUMPS = {"tipgraph.ttl": "turtle", "tipgraph.nt": "nt", "tipgraph.jsonld": "json-ld"}
CONTEXT = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@dataclass(frozen=True)
class Build:
    """A graph, the version hash of the inputs it came from, and which triples are inferred.

    `graph` holds the asserted and the inferred triples together, so engines need no
    reasoner; `inferred` keeps the inferred ones apart so they stay marked as such.
    """

    graph: Graph
    version: str
    inferred: Graph = field(default_factory=Graph)


def input_files(project: Project) -> list[Path]:
    """Every file whose content defines a build: ontology, data and shapes."""
    return project.graph_files() + project.shape_files()


def version_of(project: Project) -> str:
    """Hash the inputs' names and bytes, so equal inputs give an equal version."""
    digest = hashlib.sha256()
    for path in input_files(project):
        digest.update(path.relative_to(project.root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def load(project: Project) -> Build:
    """Parse ontology and data (and check the shapes parse) into one graph."""
    load_files(project.shape_files())
    return Build(load_files(project.graph_files()), version_of(project))


def _canonical_blank_nodes(graph: Graph) -> list:
    """Relabel blank nodes (the ontology's restrictions) canonically, so labels are stable.

    Only the triples that touch a blank node go through canonicalisation, which is costly;
    data files have no blank nodes (data/README.md).
    """
    with_blank = Graph()
    plain = []
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            with_blank.add(triple)
        else:
            plain.append(triple)
    return plain + list(to_canonical_graph(with_blank)) if len(with_blank) else plain


def sorted_graph(graph: Graph) -> Graph:
    """Copy a graph with its triples in sorted order, so serializers write stable bytes."""
    ordered = bind_prefixes(Graph())
    triples = _canonical_blank_nodes(graph)
    for triple in sorted(triples, key=lambda t: tuple(term.n3() for term in t)):
        ordered.add(triple)
    return ordered


def _sorted_values(value):
    """Sort JSON-LD arrays, which are unordered sets (but not @list), so the text is stable."""
    if isinstance(value, dict):
        return {
            key: [_sorted_values(i) for i in item] if key == "@list" else _sorted_values(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        items = [_sorted_values(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def stable_jsonld(graph: Graph) -> str:
    """Serialize JSON-LD compacted with the project context, in a deterministic order."""
    document = json.loads(graph.serialize(format="json-ld", context=CONTEXT))
    document["@graph"] = _sorted_values(document.get("@graph", []))
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _ntriples(graph: Graph) -> str:
    """N-Triples with sorted lines: the canonical, diffable dump."""
    lines = sorted(line for line in sorted_graph(graph).serialize(format="nt").splitlines() if line)
    return "\n".join(lines) + "\n" if lines else ""


def write_dumps(build: Build, directory: Path) -> list[Path]:
    """Write Turtle, N-Triples, JSON-LD (with its context) and VoID into `directory`."""
    ordered = sorted_graph(build.graph)
    written = []
    for name, fmt in DUMPS.items():
        path = directory / name
        if fmt == "nt":
            path.write_text(_ntriples(ordered), encoding="utf-8")
        elif fmt == "json-ld":
            path.write_text(stable_jsonld(ordered), encoding="utf-8")
        else:
            path.write_text(ordered.serialize(format=fmt), encoding="utf-8")
        written.append(path)
    context = directory / "context.jsonld"
    context.write_text(json.dumps({"@context": CONTEXT}, indent=1, sort_keys=True) + "\n")
    inferred = directory / "inferred.nt"
    inferred.write_text(_ntriples(build.inferred), encoding="utf-8")
    void = directory / "void.ttl"
    description = describe(build.graph, build.version, build.inferred)
    void.write_text(sorted_graph(description).serialize(format="turtle"))
    (directory / "VERSION").write_text(build.version + "\n")
    return [*written, context, inferred, void, directory / "VERSION"]


def reason(build: Build) -> Build:
    """Add the types HermiT infers, kept apart in `inferred` as well."""
    inferred = inferred_types(build.graph)
    return Build(build.graph + inferred, build.version, inferred)


def build(project: Project, out_dir: Path | None = None) -> Build:
    """Load and reason, then replace `out_dir` (default dist/) whole; a failure leaves it."""
    out_dir = Path(out_dir or project.dist_dir)
    result = reason(load(project))
    staging = Path(tempfile.mkdtemp(prefix=".dist-", dir=out_dir.parent))
    staging.chmod(0o755)
    try:
        write_dumps(result, staging)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return result


def current(project: Project) -> Build:
    """Return the build in dist/ if it was made from today's inputs, else build it anew."""
    version = version_of(project)
    dist = project.dist_dir
    stamp = dist / "VERSION"
    if stamp.is_file() and stamp.read_text().strip() == version:
        graph = bind_prefixes(Graph()).parse(dist / "tipgraph.nt", format="nt")
        inferred = Graph().parse(dist / "inferred.nt", format="nt")
        return Build(graph, version, inferred)
    return build(project)
