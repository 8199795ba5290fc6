"""The default engine: an in-memory pyoxigraph Store, loaded once from the build.

Oxigraph evaluates SPARQL in Rust, so a canned query over this graph takes well under a
millisecond; the Python side only converts the answer's terms to rdflib terms, and
memoises that conversion because a read-only graph keeps returning the same terms.

Values are bound by a VALUES block (tipgraph.engines.syntax.with_values), not by
pyoxigraph's `substitutions`: those follow SEP-0007, which only substitutes variables
that the SELECT projects and leaves `BOUND(?x)` false for a substituted variable, so an
optional parameter could not be written. A VALUES block gives every engine, this one
and a remote store alike, the same standard semantics.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from tipgraph.engines import syntax
from tipgraph.engines.base import Engine, QueryError
from tipgraph.results import AskResult, GraphResult, Result, SelectResult, Term

_XSD_STRING = str(XSD.string)
_CACHE_LIMIT = 200_000


class OxigraphEngine(Engine):
    """Query an in-process pyoxigraph Store holding one build's graph."""

    name = "oxigraph"

    def __init__(self, store: ox.Store, version: str):
        super().__init__(version)
        self._store = store
        self._terms: dict[object, Term | None] = {None: None}

    @classmethod
    def from_ntriples(cls, data: bytes, version: str) -> OxigraphEngine:
        """Load N-Triples bytes: the fastest format to parse, and what dumps are."""
        store = ox.Store()
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        return cls(store, version)

    @classmethod
    def from_graph(cls, graph: Graph, version: str) -> OxigraphEngine:
        """Load an rdflib graph by way of N-Triples."""
        return cls.from_ntriples(graph.serialize(format="nt", encoding="utf-8"), version)

    def ntriples(self) -> bytes:
        """The store's triples as N-Triples, to load another store with."""
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def _run(self, text, bindings, limit, timeout=None) -> Result:
        try:
            answer = self._store.query(syntax.with_values(text, bindings))
        except (SyntaxError, ValueError) as error:
            raise QueryError(str(error)) from None
        except (OSError, RuntimeError) as error:  # evaluation errors Oxigraph reports
            raise QueryError(str(error)) from None
        if isinstance(answer, ox.QueryBoolean):
            return AskResult(bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            return self._solutions(answer, limit)
        return self._triples(answer, limit)

    def _solutions(self, answer: ox.QuerySolutions, limit: int | None) -> SelectResult:
        variables = tuple(variable.value for variable in answer.variables)
        convert = self._term
        rows, truncated = [], False
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append(tuple(convert(value) for value in solution))
        return SelectResult(variables, tuple(rows), truncated)

    def _triples(self, answer: ox.QueryTriples, limit: int | None) -> GraphResult:
        convert = self._term
        triples, truncated = [], False
        for triple in answer:
            if limit is not None and len(triples) >= limit:
                truncated = True
                break
            triples.append((convert(triple.subject), convert(triple.predicate),
                            convert(triple.object)))
        return GraphResult(tuple(triples), truncated)

    def _term(self, term) -> Term | None:
        """Convert one pyoxigraph term to rdflib, once per distinct term."""
        try:
            return self._terms[term]
        except KeyError:
            pass
        if len(self._terms) > _CACHE_LIMIT:
            self._terms = {None: None}
        converted = to_rdflib(term)
        self._terms[term] = converted
        return converted


def to_rdflib(term) -> Term:
    """Convert a pyoxigraph term; xsd:string literals become simple literals."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise QueryError(f"cannot return a {type(term).__name__} (RDF-star) term")
