"""The reference engine: rdflib's SPARQL over the build's rdflib graph.

Slower than Oxigraph, but it is the implementation the rest of the project (loading,
validation, grlc) already relies on, so the cross-engine test checks the fast engine
against it. Values are bound with rdflib's `initBindings`, the pre-binding rdflib
offers; parsed queries are kept, since parsing costs rdflib more than evaluating.

rdflib reads FROM and FROM NAMED from the dataset it queries, but fetches an IRI over
the network when the dataset holds no triples under it: every graph a query or a
request names is therefore looked up first, and a graph the dataset lacks refused. A
dataset a request names (QueryDataset) becomes the parsed query's dataset clause, as
https://www.w3.org/TR/sparql11-protocol/#dataset has it override the query's own.
"""

from __future__ import annotations

from collections import OrderedDict

from pyparsing import ParseBaseException
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from tipgraph.engines.base import (
    QUERY_BASE,
    Engine,
    QueryDataset,
    QueryError,
    QueryRefused,
)
from tipgraph.results import AskResult, GraphResult, Result, SelectResult, plain

_PREPARED_LIMIT = 512


class RdflibEngine(Engine):
    """Query an rdflib graph, or a dataset (its default graph, and GRAPH over its named
    graphs), in process."""

    name = "rdflib"

    def __init__(self, graph: Graph, version: str):
        super().__init__(version, named_graphs(graph))
        self._graph = graph
        self._prepared: OrderedDict[str, Query] = OrderedDict()

    @classmethod
    def from_graph(cls, graph: Graph, version: str) -> RdflibEngine:
        """Use the graph as it is; it must not change while the engine serves it."""
        return cls(graph, version)

    @classmethod
    def from_nquads(cls, data: bytes, version: str) -> RdflibEngine:
        """Load a dataset as N-Quads: a line without a graph is in the default graph."""
        return cls(Dataset().parse(data=data, format="nquads"), version)

    def nquads(self) -> bytes:
        """The graph or dataset as N-Quads, to load another engine with."""
        return self._graph.serialize(format="nquads" if isinstance(self._graph, Dataset)
                                     else "nt", encoding="utf-8")

    def _prepare(self, text: str) -> Query:
        prepared = self._prepared.get(text)
        if prepared is None:
            try:
                prepared = prepareQuery(text, base=QUERY_BASE)
            except ParseBaseException as error:
                raise QueryError(f"syntax error: {error}") from None
            except Exception as error:  # rdflib's algebra raises several bare types
                raise QueryError(str(error)) from None
            self._prepared[text] = prepared
            if len(self._prepared) > _PREPARED_LIMIT:
                self._prepared.popitem(last=False)
        return prepared

    def _run(self, text, bindings, limit, timeout=None, dataset=None) -> Result:
        prepared = self._prepare(text)
        self._check_clause(prepared)
        if dataset is not None:
            prepared = with_dataset(prepared, dataset)
        try:
            answer = self._graph.query(prepared, initBindings=bindings)
            if answer.type == "ASK":
                return AskResult(bool(answer.askAnswer))
            if answer.type == "SELECT":
                return _select(answer, limit)
            return _graph(answer, limit)
        except QueryError:
            raise
        except Exception as error:  # evaluation errors surface as assorted exceptions
            raise QueryError(str(error)) from None


    def _check_clause(self, prepared: Query) -> None:
        """Refuse a FROM or FROM NAMED naming a graph the dataset lacks, which rdflib
        would otherwise fetch."""
        for clause in prepared.algebra.datasetClause or ():
            iri = clause.default or clause.named
            if str(iri) not in self.graphs:
                raise QueryRefused(f"<{iri}> is no graph of this dataset")


def named_graphs(graph: Graph) -> frozenset[str]:
    """The IRIs of a dataset's named graphs with triples; a lone graph has none.

    rdflib lists its own default graph among a dataset's graphs: it is not one of them.
    """
    if not isinstance(graph, Dataset):
        return frozenset()
    return frozenset(str(named.identifier) for named in graph.graphs()
                     if named.identifier != DATASET_DEFAULT_GRAPH_ID and len(named))


def with_dataset(prepared: Query, dataset: QueryDataset) -> Query:
    """The parsed query with `dataset` as its dataset clause; the served default graph
    (the union) is the one rdflib's dataset keeps under DATASET_DEFAULT_GRAPH_ID."""
    default = (DATASET_DEFAULT_GRAPH_ID,) if dataset.union else tuple(map(URIRef,
                                                                          dataset.default))
    clause = [*(CompValue("DatasetClause", default=iri) for iri in default),
              *(CompValue("DatasetClause", named=URIRef(iri)) for iri in dataset.named)]
    algebra = CompValue(prepared.algebra.name, **prepared.algebra)
    algebra["datasetClause"] = clause
    return Query(prepared.prologue, algebra)


def _select(answer, limit: int | None) -> SelectResult:
    variables = tuple(str(variable) for variable in answer.vars)
    rows, truncated = [], False
    for row in answer:
        if limit is not None and len(rows) >= limit:
            truncated = True
            break
        rows.append(tuple(plain(value) for value in row))
    return SelectResult(variables, tuple(rows), truncated)


def _graph(answer, limit: int | None) -> GraphResult:
    triples, truncated = [], False
    for triple in answer:
        if limit is not None and len(triples) >= limit:
            truncated = True
            break
        triples.append(tuple(plain(term) for term in triple))
    return GraphResult(tuple(triples), truncated)
