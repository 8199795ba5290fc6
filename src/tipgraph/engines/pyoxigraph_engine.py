"""The default engine: an in-memory pyoxigraph Store, loaded once from the build.

Oxigraph evaluates SPARQL in Rust, so a canned query over this graph takes well under a
millisecond; the Python side only converts the answer's terms to rdflib terms, and
memoises that conversion because a read-only graph keeps returning the same terms.

Values are bound by a VALUES block (tipgraph.engines.syntax.with_values), not by
pyoxigraph's `substitutions`: those follow SEP-0007, which only substitutes variables
that the SELECT projects and leaves `BOUND(?x)` false for a substituted variable, so an
optional parameter could not be written. A VALUES block gives every engine, this one
and a remote store alike, the same standard semantics.

A dataset a request names (QueryDataset) reaches Oxigraph as its `default_graph` and
`named_graphs` arguments, both always given: Oxigraph keeps every named graph readable
when `named_graphs` is left out, where the protocol's dataset has only those it names.
"""

from __future__ import annotations

from itertools import islice

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from tipgraph.engines import syntax
from tipgraph.engines.base import QUERY_BASE, Engine, QueryDataset, QueryError
from tipgraph.results import AskResult, GraphResult, Result, SelectResult, Term

_XSD_STRING = str(XSD.string)
_CACHE_LIMIT = 200_000
_TEXTS_KEPT = 1024


class OxigraphEngine(Engine):
    """Query an in-process pyoxigraph Store holding one build's graph."""

    name = "oxigraph"

    def __init__(self, store: ox.Store, version: str):
        super().__init__(version, frozenset(graph.value for graph in store.named_graphs()))
        self._store = store
        self._terms = _Terms()
        self._texts: dict[tuple, str] = {}

    @classmethod
    def from_nquads(cls, data: bytes, version: str) -> OxigraphEngine:
        """Load a dataset as N-Quads: a line without a graph is in the default graph, so
        N-Triples load too. The fastest format to parse, and what dumps are."""
        store = ox.Store()
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        return cls(store, version)

    @classmethod
    def from_graph(cls, graph: Graph, version: str) -> OxigraphEngine:
        """Load an rdflib graph, as the default graph, by way of N-Triples."""
        return cls.from_nquads(graph.serialize(format="nt", encoding="utf-8"), version)

    def nquads(self) -> bytes:
        """The store's dataset as N-Quads, to load another store with."""
        return self._store.dump(format=ox.RdfFormat.N_QUADS)

    def _run(self, text, bindings, limit, timeout=None, dataset=None) -> Result:
        try:
            answer = self._store.query(self._with_values(text, bindings), base_iri=QUERY_BASE,
                                       **dataset_arguments(dataset))
        except (SyntaxError, ValueError) as error:
            raise QueryError(str(error)) from None
        except (OSError, RuntimeError) as error:  # evaluation errors Oxigraph reports
            raise QueryError(str(error)) from None
        if isinstance(answer, ox.QueryBoolean):
            return AskResult(bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            return self._solutions(answer, limit)
        return self._triples(answer, limit)

    def _with_values(self, text: str, bindings: dict) -> str:
        """The text with its VALUES block, kept per text and values (canned queries repeat)."""
        if not bindings:
            return text
        key = (text, tuple(bindings.items()))
        bound = self._texts.get(key)
        if bound is None:
            bound = syntax.with_values(text, bindings)
            if len(self._texts) >= _TEXTS_KEPT:
                self._texts.clear()
            self._texts[key] = bound
        return bound

    def _solutions(self, answer: ox.QuerySolutions, limit: int | None) -> SelectResult:
        variables = tuple(variable.value for variable in answer.variables)
        convert = self._terms.__getitem__
        solutions = answer if limit is None else islice(answer, limit + 1)
        # map() over a dict's __getitem__ stays in C for every term already converted
        rows = [tuple(map(convert, solution)) for solution in solutions]
        truncated = limit is not None and len(rows) > limit
        return SelectResult(variables, tuple(rows[:limit] if truncated else rows), truncated)

    def _triples(self, answer: ox.QueryTriples, limit: int | None) -> GraphResult:
        convert = self._terms.__getitem__
        triples = answer if limit is None else islice(answer, limit + 1)
        rows = [(convert(triple.subject), convert(triple.predicate), convert(triple.object))
                for triple in triples]
        truncated = limit is not None and len(rows) > limit
        return GraphResult(tuple(rows[:limit] if truncated else rows), truncated)

    def _term(self, term) -> Term | None:
        """Convert one pyoxigraph term to rdflib, once per distinct term."""
        return self._terms[term]


def dataset_arguments(dataset: QueryDataset | None) -> dict:
    """Store.query's `default_graph` and `named_graphs` for a dataset (none: the store's)."""
    if dataset is None:
        return {}
    named = [ox.NamedNode(iri) for iri in dataset.named]
    default = ox.DefaultGraph() if dataset.union else [ox.NamedNode(iri)
                                                      for iri in dataset.default]
    return {"default_graph": default, "named_graphs": named}


class _Terms(dict):
    """pyoxigraph term -> rdflib term, filled on first use; unbound (None) stays None.

    The graph does not change, so a term converts the same way every time; the memo is
    emptied if it ever grows past _CACHE_LIMIT terms (queries that build new literals).
    """

    def __init__(self):
        super().__init__({None: None})

    def __missing__(self, term) -> Term:
        if len(self) > _CACHE_LIMIT:
            self.clear()
            self[None] = None
        converted = self[term] = to_rdflib(term)
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
