"""Build the graph: load every input, then write deterministic dumps to dist/.

A build reuses what an earlier one in the same folder already worked out: the types
HermiT inferred, when the reasoner would see exactly the same input (`REASONING` holds
the hash of that input), and the whole build, when the inputs are unchanged (`VERSION`).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import shutil
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
import pyoxigraph as ox
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from tipgraph import reason as reasoner
from tipgraph.load import load_dataset, union
from tipgraph.namespaces import GRAPH_BASE, PREFIXES, bind_prefixes
from tipgraph.project import Project
from tipgraph.reason import inferred_types, reasoning_input
from tipgraph.validate import require_structure
from tipgraph.void import describe

DUMPS = {"tipgraph.ttl": "turtle", "tipgraph.nt": "nt", "tipgraph.jsonld": "json-ld"}
# The named graphs, one per report part (and the ontology's, the inferred types'): the
# triple dumps above hold their union, the default graph every query reads.
DATASET_DUMPS = {"tipgraph.nq": "nquads", "tipgraph.trig": "trig"}
INFERRED_GRAPH = URIRef(GRAPH_BASE + "inferred")
CONTEXT = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
REASONING_STAMP = "REASONING"


@dataclass(frozen=True)
class Build:
    """A dataset, the version hash of the inputs it came from, and which triples are inferred.

    `dataset` holds the named graphs, one per report part; `graph` their union, each
    triple once: the default graph every query reads, asserted and inferred triples
    together, so engines need no reasoner. `inferred` keeps the inferred ones apart (they
    are the graph INFERRED_GRAPH too). `canonical` says the blank nodes already carry
    canonical labels (see `canonical`).
    """

    graph: Graph
    version: str
    inferred: Graph = field(default_factory=Graph)
    canonical: bool = False
    dataset: Dataset = field(default_factory=Dataset)

    def ntriples(self) -> bytes:
        """The default graph (the union) as N-Triples."""
        return self.graph.serialize(format="nt", encoding="utf-8")

    def named_nquads(self) -> bytes:
        """The named graphs as N-Quads."""
        return nquads_text(sorted_quads(self.dataset)).encode("utf-8")

    def nquads(self) -> bytes:
        """The whole dataset as N-Quads, what engines load: the union as the default
        graph, then each named graph."""
        return self.ntriples() + self.named_nquads()

    def graph_sizes(self) -> dict[str, int]:
        """The triples in each named graph, by graph IRI, in IRI order: for the VoID and
        service descriptions. Read from the N-Quads, which Oxigraph parses in
        milliseconds."""
        quads = ox.parse(self.named_nquads(), format=ox.RdfFormat.N_QUADS)
        return dict(sorted(Counter(quad.graph_name.value for quad in quads).items()))

    def graph_names(self) -> frozenset[str]:
        """The IRIs of the named graphs: what FROM, FROM NAMED and a request's dataset
        may name."""
        return frozenset(self.graph_sizes())


class StoredBuild(Build):
    """A build read back from a dist/ folder; its rdflib graphs are parsed on first use.

    A server needs only the N-Triples and N-Quads to load its engine, and the rdflib graph
    later (for dumps, VoID, validation), so it can answer before the graph is parsed. The files'
    bytes are read at once, so a later build that replaces the folder changes nothing.
    """

    def __init__(self, folder: Path, version: str, files: dict[str, bytes]):
        # rdflib gives the blank nodes it reads new labels: not canonical ones
        for name, value in (("folder", Path(folder)), ("version", version),
                            ("canonical", False), ("_lock", threading.Lock()),
                            ("_files", dict(files)), ("_parsed", {})):
            object.__setattr__(self, name, value)

    @classmethod
    def read(cls, folder: Path, version: str) -> StoredBuild | None:
        """Read the build in `folder` if it is still the one with `version`."""
        try:
            files = {name: (folder / name).read_bytes()
                     for name in ("tipgraph.nt", "tipgraph.nq", "inferred.nt")}
            still = (folder / "VERSION").read_text().strip() == version
        except OSError:  # replaced while being read
            return None
        return cls(folder, version, files) if still else None

    def _graph(self, name: str) -> Graph:
        with self._lock:
            if name not in self._parsed:
                graph = {"tipgraph.nt": lambda: bind_prefixes(Graph()),
                         "tipgraph.nq": lambda: bind_prefixes(Dataset())}.get(name, Graph)()
                self._parsed[name] = graph.parse(data=self._files[name],
                                                 format="nquads" if name.endswith(".nq")
                                                 else "nt")
            return self._parsed[name]

    @property
    def dataset(self) -> Dataset:
        return self._graph("tipgraph.nq")

    @property
    def graph(self) -> Graph:
        return self._graph("tipgraph.nt")

    @property
    def inferred(self) -> Graph:
        return self._graph("inferred.nt")

    def ntriples(self) -> bytes:
        return self._files["tipgraph.nt"]

    def named_nquads(self) -> bytes:
        return self._files["tipgraph.nq"]

    def __repr__(self) -> str:
        return f"StoredBuild(folder={str(self.folder)!r}, version={self.version!r})"


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
    """Parse ontology and data (and check the shapes parse) into one dataset."""
    load_dataset(project.shape_files())
    dataset = load_dataset(project.graph_files())
    return Build(union(dataset), version_of(project), dataset=dataset)


def canonical(build: Build) -> Build:
    """Relabel the blank nodes canonically, graph by graph, so equal inputs get equal
    labels: the dumps' bytes and the reasoning input's hash depend on them. Blank nodes
    stay inside the graph (the file) that wrote them, so each graph is relabelled alone."""
    dataset = bind_prefixes(Dataset())
    for named in build.dataset.graphs():
        if named.identifier == DATASET_DEFAULT_GRAPH_ID:
            continue
        target = dataset.graph(named.identifier)
        target.addN((s, p, o, target) for s, p, o in _canonical_blank_nodes(named))
    return Build(union(dataset), build.version, build.inferred, canonical=True,
                 dataset=dataset)


def _tree_labels(triples: list) -> dict[BNode, BNode] | None:
    """Canonical labels for blank nodes that form trees, or None if they do not.

    Turtle's `[ ]` and `( )` (restrictions, lists) make trees: each blank node is the
    object of at most one triple. A node's label is then a hash of where it hangs (its
    parent's name or label and the predicate) and of everything under it, so equal
    graphs get equal labels. Nodes alike in both are interchangeable, and are told
    apart by a counter: which gets which makes the same triples. Anything else (a node
    shared or in a cycle) returns None.
    """
    below: dict[BNode, list] = {}
    parent: dict[BNode, tuple] = {}
    for s, p, o in triples:
        if isinstance(p, BNode):
            return None
        if isinstance(s, BNode):
            below.setdefault(s, []).append((p, o))
        if isinstance(o, BNode):
            if o in parent:
                return None
            parent[o] = (s, p)
    content: dict[BNode, str] = {}

    def shape(node: BNode, depth: int = 0) -> str:
        if depth > 200:
            raise RecursionError
        if node not in content:
            parts = sorted(p.n3() + " " + (f"[{shape(o, depth + 1)}]" if isinstance(o, BNode)
                                           else o.n3()) for p, o in below.get(node, ()))
            content[node] = hashlib.sha256(" ; ".join(parts).encode()).hexdigest()
        return content[node]

    labels: dict[BNode, BNode] = {}
    seen: dict[str, int] = {}

    def label(node: BNode, depth: int = 0) -> BNode:
        if node in labels:
            return labels[node]
        if depth > 200:
            raise RecursionError
        subject, predicate = parent.get(node, (None, None))
        where = "" if subject is None else (
            label(subject, depth + 1) if isinstance(subject, BNode) else subject).n3() \
            + " " + predicate.n3()
        digest = hashlib.sha256(f"{where}|{shape(node)}".encode()).hexdigest()[:32]
        seen[digest] = seen.get(digest, -1) + 1
        labels[node] = BNode(f"t{digest}n{seen[digest]}")
        return labels[node]

    try:  # a cycle, or a list too long to walk, ends here
        for node in set(below) | set(parent):
            label(node)
    except RecursionError:
        return None
    return labels


def _canonical_blank_nodes(graph: Graph) -> list:
    """Relabel blank nodes (the ontology's restrictions) canonically, so labels are stable.

    Only the triples that touch a blank node are relabelled; data files have no blank
    nodes (data/README.md). Trees of blank nodes get labels from their shape
    (`_tree_labels`); any other blank structure goes through rdflib's canonicalisation,
    which is general and slow.
    """
    with_blank = []
    plain = []
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            with_blank.append(triple)
        else:
            plain.append(triple)
    if not with_blank:
        return plain
    labels = _tree_labels(with_blank)
    if labels is None:
        general = Graph()
        general.addN((s, p, o, general) for s, p, o in with_blank)
        return plain + list(to_canonical_graph(general))
    return plain + [tuple(labels.get(term, term) for term in triple) for triple in with_blank]


def sorted_graph(graph: Graph, relabel: bool = True) -> Graph:
    """Copy a graph with its triples in sorted order, so serializers write stable bytes.

    `relabel=False` skips the canonical relabelling of blank nodes, for a graph whose
    labels are canonical already.
    """
    ordered = bind_prefixes(Graph())
    ordered.addN((s, p, o, ordered) for s, p, o in sorted_triples(graph, relabel))
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


def _ntriples(graph: Graph, relabel: bool = True) -> str:
    """N-Triples with sorted lines: the canonical, diffable dump."""
    ordered = sorted_graph(graph) if relabel else graph
    lines = sorted(line for line in ordered.serialize(format="nt").splitlines() if line)
    return "\n".join(lines) + "\n" if lines else ""


# --- fast dumps: Oxigraph writes N-Triples and Turtle, JSON-LD is written here -----------
#
# rdflib's serializers take seconds over this graph; Oxigraph's take milliseconds and
# write the same N-Triples bytes. Oxigraph writes every literal as RDF 1.1 says (an
# xsd:string datatype left out, language tags in lower case), so a graph whose literals
# rdflib would read back differently is written by rdflib instead.
_PREFIX_LINES = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in PREFIXES.items())
_BY_LENGTH = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()),
                    key=lambda item: -len(item[0]))


def _to_oxigraph(triples: list) -> list | None:
    """The triples as Oxigraph terms, or None if a literal would not read back the same."""
    term = _oxigraph_term()
    try:
        return [ox.Triple(term(s), term(p), term(o)) for s, p, o in triples]
    except ValueError:
        return None


def _oxigraph_term():
    """A converter of rdflib terms to Oxigraph's; ValueError for a literal that Oxigraph
    would write otherwise than rdflib reads it."""
    memo: dict = {}

    def term(node):
        converted = memo.get(node)
        if converted is None:
            if isinstance(node, URIRef):
                converted = ox.NamedNode(str(node))
            elif isinstance(node, BNode):
                converted = ox.BlankNode(str(node))
            elif node.language:
                if node.language != node.language.lower():
                    raise ValueError(node)
                converted = ox.Literal(str(node), language=node.language)
            elif node.datatype is not None:
                if node.datatype == XSD.string:
                    raise ValueError(node)
                converted = ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
            else:
                converted = ox.Literal(str(node))
            memo[node] = converted
        return converted

    return term


def sorted_quads(dataset: Dataset) -> list:
    """The named graphs' quads, (s, p, o, graph IRI), sorted."""
    quads = [(s, p, o, URIRef(str(g.identifier if isinstance(g, Graph) else g)))
             for s, p, o, g in dataset.quads()
             if (g.identifier if isinstance(g, Graph) else g) != DATASET_DEFAULT_GRAPH_ID]
    quads.sort(key=lambda q: (q[3], *(term.n3() for term in q[:3])))
    return quads


def nquads_text(quads: list, format_name: str = "nquads") -> str:
    """Sorted quads as N-Quads (or TriG, with the project's prefixes)."""
    term = _oxigraph_term()
    try:
        converted = [ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in quads]
    except ValueError:
        dataset = bind_prefixes(Dataset())
        dataset.addN(quads)
        return dataset.serialize(format=format_name)
    if format_name == "trig":
        return ox.serialize(converted, format=ox.RdfFormat.TRIG,
                            prefixes={p: str(ns) for p, ns in PREFIXES.items()}).decode()
    return ox.serialize(converted, format=ox.RdfFormat.N_QUADS).decode()


def _compact(iri: str) -> str:
    """A compact IRI with the project's prefixes (https://www.w3.org/TR/json-ld11/#compact-iris)."""
    for namespace, prefix in _BY_LENGTH:
        if iri.startswith(namespace) and not iri[len(namespace):].startswith("//"):
            return f"{prefix}:{iri[len(namespace):]}"
    if iri.split(":", 1)[0] in CONTEXT:  # would read as a compact IRI
        raise ValueError(iri)
    return iri


def _json_value(node) -> object:
    if isinstance(node, URIRef):
        return {"@id": _compact(str(node))}
    if isinstance(node, BNode):
        return {"@id": f"_:{node}"}
    if node.language:
        return {"@value": str(node), "@language": node.language}
    if node.datatype is not None:
        return {"@value": str(node), "@type": _compact(str(node.datatype))}
    return str(node)


def _value_order(value) -> tuple:
    if isinstance(value, str):
        return ("", value, "")
    return (value.get("@id", ""), value.get("@value", ""),
            value.get("@language", "") + "|" + value.get("@type", ""))


def _jsonld(triples: list) -> str | None:
    """JSON-LD compacted with the project context: one node object per subject, sorted.

    One node object per line: the standard library's C encoder writes that in a blink,
    where indenting the whole document takes its slow pure-Python path.
    """
    nodes: dict = {}
    try:
        for s, p, o in triples:
            node = nodes.setdefault(s, {"@id": _json_value(s)["@id"]})
            if p == RDF.type and not isinstance(o, Literal):
                node.setdefault("@type", []).append(_json_value(o)["@id"])
            else:
                node.setdefault(_compact(str(p)), []).append(_json_value(o))
    except ValueError:
        return None
    for node in nodes.values():
        for key, values in node.items():
            if key != "@id" and len(values) > 1:
                values.sort(key=_value_order)
    context = json.dumps(CONTEXT, indent=1, sort_keys=True)
    lines = ",\n".join(json.dumps(node, sort_keys=True, ensure_ascii=False)
                       for node in sorted(nodes.values(), key=lambda node: node["@id"]))
    return f'{{\n"@context": {context},\n"@graph": [\n{lines}\n]\n}}\n'


def dump_texts(triples: list) -> dict[str, str]:
    """The text of each dump (DUMPS) of sorted triples with canonical blank nodes."""
    converted = _to_oxigraph(triples)
    jsonld = _jsonld(triples) if converted is not None else None
    if converted is None or jsonld is None:
        ordered = bind_prefixes(Graph())
        ordered.addN((s, p, o, ordered) for s, p, o in triples)
        return {"tipgraph.ttl": ordered.serialize(format="turtle"),
                "tipgraph.nt": _ntriples(ordered, relabel=False),
                "tipgraph.jsonld": stable_jsonld(ordered)}
    lines = ox.serialize(converted, format=ox.RdfFormat.N_TRIPLES).decode().splitlines()
    turtle = ox.serialize(converted, format=ox.RdfFormat.TURTLE,
                          prefixes={prefix: str(ns) for prefix, ns in PREFIXES.items()})
    body = [line for line in turtle.decode().splitlines(keepends=True)
            if not line.startswith("@prefix ")]
    return {"tipgraph.ttl": _PREFIX_LINES + "".join(body),
            "tipgraph.nt": "\n".join(sorted(lines)) + "\n" if lines else "",
            "tipgraph.jsonld": jsonld}


def sorted_triples(graph: Graph, relabel: bool = True) -> list:
    """The graph's triples with canonical blank nodes (unless `relabel=False`), sorted."""
    triples = _canonical_blank_nodes(graph) if relabel else list(graph)
    triples.sort(key=lambda t: tuple(term.n3() for term in t))
    return triples


def write_dumps(build: Build, directory: Path) -> list[Path]:
    """Write Turtle, N-Triples, JSON-LD (with its context) and VoID into `directory`."""
    texts = dump_texts(sorted_triples(build.graph, relabel=not build.canonical))
    quads = sorted_quads(build.dataset)
    texts.update({name: nquads_text(quads, format_name)
                  for name, format_name in DATASET_DUMPS.items()})
    written = []
    for name in (*DUMPS, *DATASET_DUMPS):
        path = directory / name
        path.write_text(texts[name], encoding="utf-8")
        written.append(path)
    context = directory / "context.jsonld"
    context.write_text(json.dumps({"@context": CONTEXT}, indent=1, sort_keys=True) + "\n")
    inferred = directory / "inferred.nt"
    inferred.write_text(_ntriples(build.inferred), encoding="utf-8")
    void = directory / "void.ttl"
    description = describe(build.graph, build.version, build.inferred, build.graph_sizes())
    void.write_text(sorted_graph(description).serialize(format="turtle"))
    (directory / "VERSION").write_text(build.version + "\n")
    return [*written, context, inferred, void, directory / "VERSION"]


def with_inferred(build: Build, inferred: Graph) -> Build:
    """Add the inferred types to the build, in place: to the union, and as a graph."""
    build.graph.addN((s, p, o, build.graph) for s, p, o in inferred)
    graph = build.dataset.graph(INFERRED_GRAPH)
    graph.addN((s, p, o, graph) for s, p, o in inferred)
    return Build(build.graph, build.version, inferred, build.canonical, build.dataset)


def reason(build: Build) -> Build:
    """A new build with the types HermiT infers; `build` stays as it was."""
    dataset = bind_prefixes(Dataset())
    dataset.addN(build.dataset.quads())
    copy = Build(build.graph + Graph(), build.version, canonical=build.canonical,
                 dataset=dataset)
    return with_inferred(copy, inferred_types(build.graph))


def reasoning_key(graph: Graph) -> str:
    """Hash what HermiT would see of `graph`, and how it would run, to reuse its answer.

    The graph's blank nodes must carry canonical labels (`canonical`), or equal inputs
    hash apart (which costs a HermiT run, never a wrong answer).
    """
    digest = hashlib.sha256()
    for part in (owlready2.VERSION, reasoner.JAVA_OPTIONS, Path(reasoner.__file__).read_text()):
        digest.update(str(part).encode() + b"\0")
    lines = sorted(" ".join(term.n3() for term in triple) for triple in reasoning_input(graph))
    digest.update("\n".join(lines).encode())
    return digest.hexdigest()


def reused_inferred(folder: Path, key: str) -> Graph | None:
    """The types an earlier build in `folder` inferred from the same reasoning input."""
    stamp, inferred = folder / REASONING_STAMP, folder / "inferred.nt"
    if stamp.is_file() and inferred.is_file() and stamp.read_text().strip() == key:
        return Graph().parse(inferred, format="nt")
    return None


def build(project: Project, out_dir: Path | None = None) -> Build:
    """Load, check the structure shapes, reason, then replace `out_dir` (default dist/)
    whole; a failure, structure violations included, leaves it untouched.

    The inferred types of the build already in `out_dir` are reused when the reasoning
    input has not changed: HermiT is the slowest step by far. Otherwise HermiT runs
    while the shapes are checked: it runs in a Java process, so the two overlap. Both
    only read the graph.
    """
    out_dir = Path(out_dir or project.dist_dir)
    loaded = canonical(load(project))
    key = reasoning_key(loaded.graph)
    inferred = reused_inferred(out_dir, key)
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="reason") as pool:
        reasoning = pool.submit(inferred_types, loaded.graph) if inferred is None else None
        require_structure(project, loaded.graph)  # its failure is reported first
        if reasoning is not None:
            inferred = reasoning.result()
    result = with_inferred(loaded, inferred)  # ours alone: in place, without a copy
    staging = Path(tempfile.mkdtemp(prefix=".dist-", dir=out_dir.parent))
    staging.chmod(0o755)
    try:
        write_dumps(result, staging)
        (staging / REASONING_STAMP).write_text(key + "\n")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return result


def current(project: Project) -> Build:
    """Return the build in dist/ if it was made from today's inputs, else build it anew.

    Every entry point (serve, query, sparql, publish, the Python API) opens its graph
    here, so all of them answer from the same triples, the reasoner's types included.
    """
    version = version_of(project)
    dist = project.dist_dir
    stamp = dist / "VERSION"
    if stamp.is_file() and stamp.read_text().strip() == version:
        stored = StoredBuild.read(dist, version)
        if stored is not None:
            return stored
    return build(project)
