"""Validate a graph against the SHACL shapes in shapes/, one file per purpose.

The result is what pySHACL returns, ``(conforms, report_graph, report_text)``, plus the
results as typed rows for the CLI and the web layer. Messages name the country they are
about ("Guyana: the dedicated hotline has no operating institution").

How the shapes are applied, and why:

- to one graph that holds the ontology and the data. pySHACL's ``ont_graph`` would mix
  the ontology into a copy of the data graph; the graph here already holds it, so the
  copy is skipped;
- without RDFS inference. SHACL's "instance of" already follows rdfs:subClassOf in the
  data graph (https://www.w3.org/TR/shacl/#dfn-shacl-instance), so a target class
  reaches its subclasses; RDFS inference would add types from rdfs:range and make every
  ``sh:class`` check pass whatever the data says;
- one purpose at a time, so each result knows whether it is about structure,
  completeness or consistency, and the build can run the structure shapes alone;
- with the SPARQL of the SHACL-SPARQL constraints answered by Oxigraph rather than
  rdflib (see _OxigraphQueries): the same standard SPARQL, a hundred times faster.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, Namespace, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.query import Result as QueryResult
from rdflib.term import Node

from tipgraph.engines.pyoxigraph_engine import to_rdflib
from tipgraph.load import load_files
from tipgraph.namespaces import BASE, TIP, bind_prefixes
from tipgraph.project import Project

SHAPES = Namespace(BASE + "shapes#")

PURPOSES = ("structure", "completeness", "consistency")

SEVERITIES = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
RANKS = {SH.Info: 0, SH.Warning: 1, SH.Violation: 2}
SEVERITY_NAMES = {iri: name for name, iri in SEVERITIES.items()}

# What pySHACL may let pass for each --severity: the lowest severity that fails.
ALLOWANCES = {
    "violation": {"allow_warnings": True, "allow_infos": True},
    "warning": {"allow_warnings": False, "allow_infos": True},
    "info": {"allow_warnings": False, "allow_infos": False},
}

# The links from a node to the country it belongs to, tried in order.
COUNTRY_LINKS = (TIP.country, TIP.criminalizes)


class ShapesError(ValueError):
    """A shapes file that is missing or that pySHACL cannot use."""


@dataclass(frozen=True)
class Result:
    """One validation result, in words a country official can act on."""

    severity: str
    purpose: str
    message: str
    focus: Node
    value: Node | None
    country: URIRef | None
    country_name: str | None
    shape: Node | None
    component: str

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping; nodes as their N-Triples-free string forms."""
        return {
            "severity": self.severity,
            "purpose": self.purpose,
            "message": self.message,
            "focus": str(self.focus),
            "value": None if self.value is None else str(self.value),
            "country": None if self.country is None else str(self.country),
            "country_name": self.country_name,
            "shape": None if isinstance(self.shape, BNode | None) else str(self.shape),
            "component": self.component,
        }


@dataclass(frozen=True)
class Validation:
    """pySHACL's triple, plus the parsed results; unpacks as the triple."""

    conforms: bool
    report_graph: Graph
    report_text: str
    results: tuple[Result, ...]
    fail_on: str = "violation"

    def __iter__(self) -> Iterator[object]:
        return iter((self.conforms, self.report_graph, self.report_text))

    def counts(self) -> dict[str, int]:
        """Number of results per severity name."""
        found = Counter(result.severity for result in self.results)
        return {name: found.get(name, 0) for name in SEVERITIES}

    def as_dict(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "fail_on": self.fail_on,
            "counts": self.counts(),
            "results": [result.as_dict() for result in self.results],
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Shapes:
    """The shapes graph of each purpose: parse once, apply as often as needed."""

    graphs: dict[str, Graph]

    def only(self, *purposes: str) -> Shapes:
        """The shapes of some purposes."""
        return Shapes({purpose: self.graphs[purpose] for purpose in purposes})


class _OxigraphQueries(Graph):
    """A view of the data graph that answers pySHACL's SPARQL with Oxigraph.

    pySHACL sends the text of a SPARQL constraint once per focus node, with the focus
    node pre-bound. rdflib parses each text anew (some 0.1 s) and evaluates it slowly;
    Oxigraph, loaded once with the same triples, answers in about a millisecond. The
    pre-bound values go to Oxigraph as `substitutions`, its form of the pre-binding
    SHACL-SPARQL prescribes (https://www.w3.org/TR/shacl/#pre-binding); blank nodes are
    named by IRIs inside Oxigraph, which renames blank nodes as it loads them. The
    answer goes back to pySHACL as an rdflib Result, the type it reads.
    """

    def __init__(self, graph: Graph):
        super().__init__(store=graph.store, identifier=graph.identifier)
        self.namespace_manager = graph.namespace_manager
        self._oxigraph: ox.Store | None = None

    def _loaded(self) -> ox.Store:
        if self._oxigraph is None:
            self._oxigraph = ox.Store()
            self._oxigraph.bulk_extend(
                ox.Quad(*(_to_oxigraph(_name_blank(term)) for term in triple))
                for triple in self.triples((None, None, None))
            )
        return self._oxigraph

    def query(
        self,
        query_object,
        processor="sparql",
        result="sparql",
        initNs=None,
        initBindings=None,
        use_store_provided=True,
        **kwargs,
    ):
        if not isinstance(query_object, str) or initNs or kwargs:
            return super().query(
                query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
            )
        bindings = {
            ox.Variable(name): _to_oxigraph(_name_blank(term))
            for name, term in (initBindings or {}).items()
        }
        try:
            answer = self._loaded().query(query_object, substitutions=bindings)
        except (SyntaxError, ValueError, OSError, RuntimeError) as error:
            raise ShapesError(f"a SPARQL constraint failed: {error}") from error
        return _rdflib_result(answer)


_BLANK = "urn:x-tipgraph:blank:"


def _name_blank(term):
    """A blank node as an IRI Oxigraph keeps; other terms as they are.

    The label is percent-encoded: a JSON-LD blank node may be called anything
    ("_:a b"), and an IRI may not hold every character.
    """
    if isinstance(term, BNode):
        return URIRef(_BLANK + quote(str(term), safe="", errors="surrogatepass"))
    return term


def _to_oxigraph(term: Node):
    """An rdflib IRI or literal as Oxigraph's."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _term(value) -> Node | None:
    """An Oxigraph term as rdflib's, with the blank nodes named by _name_blank restored."""
    if value is None:
        return None
    term = to_rdflib(value)
    if isinstance(term, URIRef) and term.startswith(_BLANK):
        return BNode(unquote(term[len(_BLANK) :], errors="surrogatepass"))
    return term


def _rdflib_result(answer) -> QueryResult:
    """An Oxigraph answer as the rdflib Result pySHACL reads (askAnswer or bindings)."""
    if isinstance(answer, ox.QueryBoolean):
        result = QueryResult("ASK")
        result.askAnswer = bool(answer)
        return result
    result = QueryResult("SELECT")
    result.vars = [Variable(variable.value) for variable in answer.variables]
    result.bindings = [
        {
            var: term
            for var, value in zip(result.vars, solution, strict=True)
            if (term := _term(value)) is not None
        }
        for solution in answer
    ]
    return result


def shape_files(project: Project, purposes: Iterable[str] = PURPOSES) -> dict[str, Path]:
    """Return the shapes file of each purpose, shapes/{purpose}.ttl."""
    files = {}
    for purpose in purposes:
        if purpose not in PURPOSES:
            raise ShapesError(f"unknown purpose {purpose!r}; use one of {', '.join(PURPOSES)}")
        path = project.shapes_dir / f"{purpose}.ttl"
        if not path.is_file():
            raise ShapesError(f"{path}: no such shapes file")
        files[purpose] = path
    return files


def load_shapes(project: Project, purposes: Iterable[str] = PURPOSES) -> Shapes:
    """Parse the shapes of each purpose into its own graph."""
    files = shape_files(project, purposes)
    return Shapes({purpose: load_files([path]) for purpose, path in files.items()})


def validate_graph(
    data: Graph,
    shapes: Shapes,
    fail_on: str = "violation",
    keep: Iterable[Node] | None = None,
) -> Validation:
    """Validate `data` (ontology included) against the shapes of each purpose.

    `fail_on` is the lowest severity that makes the graph not conform. `keep`, when
    given, limits the results to these focus nodes: a submission is validated together
    with the shipped nodes it refers to, and only its own nodes are judged.
    """
    if fail_on not in SEVERITIES:
        raise ValueError(f"unknown severity {fail_on!r}; use one of {', '.join(SEVERITIES)}")
    view = _OxigraphQueries(data)
    keep = None if keep is None else set(keep)
    kept: list[tuple[Result, Graph, Node]] = []
    for purpose, shapes_graph in shapes.graphs.items():
        try:
            _, report, _ = pyshacl.validate(
                view,
                shacl_graph=shapes_graph,
                inference="none",
                do_owl_imports=False,
                **ALLOWANCES[fail_on],
            )
        except Exception as error:  # pySHACL raises its own types for unusable shapes
            raise ShapesError(f"shapes/{purpose}.ttl: {error}") from error
        for node in report.objects(None, SH.result):
            result = _result(report, node, purpose, data, shapes_graph)
            if keep is None or result.focus in keep:
                kept.append((result, report, node))
    kept.sort(key=lambda item: _order(item[0]))
    results = tuple(result for result, _, _ in kept)
    threshold = RANKS[SEVERITIES[fail_on]]
    conforms = not any(RANKS[SEVERITIES[r.severity]] >= threshold for r in results)
    report_graph = _report_graph(kept, conforms)
    return Validation(
        conforms, report_graph, report_text(results, conforms, fail_on), results, fail_on
    )


def validate_project(
    project: Project,
    purposes: Iterable[str] = PURPOSES,
    fail_on: str = "violation",
    graph: Graph | None = None,
) -> Validation:
    """Validate the shipped graph: ontology and data, as the build loads them."""
    data = graph if graph is not None else load_files(project.graph_files())
    return validate_graph(data, load_shapes(project, purposes), fail_on)


def country_of(graph: Graph, node: Node) -> URIRef | None:
    """The country a node is, or belongs to, if any."""
    if (node, TIP.iso3166Alpha3, None) in graph or (node, RDF.type, TIP.Country) in graph:
        return node if isinstance(node, URIRef) else None
    for link in COUNTRY_LINKS:
        country = graph.value(node, link)
        if isinstance(country, URIRef):
            return country
    return None


def name_of(graph: Graph, node: Node) -> str:
    """The English name of a node, else any name, else its ISO code, else its IRI."""
    for prop in (RDFS.label, SKOS.prefLabel):
        names = list(graph.objects(node, prop))
        english = [n for n in names if isinstance(n, Literal) and (n.language or "") == "en"]
        if english or names:
            return str(sorted(english or names)[0])
    code = graph.value(node, TIP.iso3166Alpha3)
    return str(code) if code is not None else str(node)


def _message(report: Graph, node: Node, shapes: Graph) -> str | None:
    """The message the shapes file gives for a result.

    A SPARQL constraint's message comes back with its variables filled in; otherwise the
    source shape's own sh:message is preferred, because pySHACL reports the message of a
    custom constraint component's validator in its place.
    """
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    if report.value(node, SH.sourceConstraint) is None:
        own = sorted(str(m) for m in shapes.objects(report.value(node, SH.sourceShape), SH.message))
        messages = own or messages
    return messages[0] if messages else None


def _result(report: Graph, node: Node, purpose: str, data: Graph, shapes: Graph) -> Result:
    """Turn one sh:ValidationResult into a Result, with the country's name in front."""
    focus = report.value(node, SH.focusNode)
    severity = SEVERITY_NAMES.get(report.value(node, SH.resultSeverity), "violation")
    component = report.value(node, SH.sourceConstraintComponent)
    component_name = str(component).rsplit("#", 1)[-1] if component is not None else ""
    message = _message(report, node, shapes) or f"does not meet {component_name}"
    country = country_of(data, focus)
    name = name_of(data, country) if country is not None else None
    if name and not message.startswith(name + ":"):
        message = f"{name}: {message}"
    elif not name:
        message = message[:1].upper() + message[1:]
    return Result(
        severity=severity,
        purpose=purpose,
        message=message,
        focus=focus,
        value=report.value(node, SH.value),
        country=country,
        country_name=name,
        shape=report.value(node, SH.sourceShape),
        component=component_name,
    )


def _order(result: Result) -> tuple:
    """Most severe first, then by country, message and node, so output is stable."""
    return (
        -RANKS[SEVERITIES[result.severity]],
        result.country_name or "~",
        result.message,
        str(result.focus),
        str(result.value),
    )


def _report_graph(kept: list[tuple[Result, Graph, Node]], conforms: bool) -> Graph:
    """One SHACL validation report of the kept results, with the messages rewritten."""
    graph = bind_prefixes(Graph())
    graph.bind("tipsh", SHAPES)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for result, source, node in kept:
        graph.add((report, SH.result, node))
        for triple in source.cbd(node):
            if triple[1] != SH.resultMessage:
                graph.add(triple)
        graph.add((node, SH.resultMessage, Literal(result.message, lang="en")))
    return graph


def report_text(results: Iterable[Result], conforms: bool, fail_on: str = "violation") -> str:
    """A plain-text report: a summary line, then one result per line with its node."""
    results = list(results)
    found = Counter(result.severity for result in results)
    summary = ", ".join(f"{found.get(name, 0)} {name}" for name in SEVERITIES)
    lines = [
        "Validation Report",
        f"Conforms: {conforms} (fails on {fail_on} and above)",
        f"Results: {summary}",
    ]
    for result in results:
        where = str(result.focus)
        if result.value is not None and result.value != result.focus:
            where += f"  value: {result.value}"
        lines.append(f"{result.severity.capitalize():9s} [{result.purpose}] {result.message}")
        lines.append(f"          {where}")
    return "\n".join(lines) + "\n"


class ValidationFailed(ValueError):
    """The graph breaks the structure shapes; the message names the offending nodes."""


def require_structure(project: Project, graph: Graph, shown: int = 20) -> Validation:
    """Raise ValidationFailed unless `graph` has no structure violation.

    The build calls this after loading, so no dumps are written from a wrong graph.
    """
    validation = validate_graph(graph, load_shapes(project, ["structure"]))
    if validation.conforms:
        return validation
    violations = [result for result in validation.results if result.severity == "violation"]
    lines = [
        f"the graph breaks shapes/structure.ttl in {len(violations)} places; nothing was written:"
    ]
    lines += [f"  {result.focus}: {result.message}" for result in violations[:shown]]
    if len(violations) > shown:
        lines.append(
            f"  ... and {len(violations) - shown} more; "
            "`tipgraph validate --purpose structure` lists them all"
        )
    raise ValidationFailed("\n".join(lines))
