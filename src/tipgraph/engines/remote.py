"""Any SPARQL 1.1 endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, Neptune).

Queries travel with SPARQLWrapper over the SPARQL 1.1 Protocol
(https://www.w3.org/TR/sparql11-protocol/); values are bound by a VALUES block written
from validated terms, and answers come back as SPARQL JSON, read into the same rdflib
terms (same datatypes, simple literals for xsd:string) the in-process engines give. A
dataset a request names travels as the protocol's default-graph-uri and named-graph-uri
(https://www.w3.org/TR/sparql11-protocol/#dataset); the store's default graph has no
name to send, so the union beside named graphs cannot be asked for.
"""

from __future__ import annotations

import urllib.error

from rdflib import Graph
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from tipgraph.engines import syntax
from tipgraph.engines.base import (
    QUERY_BASE,
    Engine,
    EngineUnavailable,
    QueryDataset,
    QueryError,
    QueryRefused,
    QueryTimeout,
)
from tipgraph.results import GraphResult, Result, SelectResult, from_sparql_json, plain

USER_AGENT = "tipgraph (+https://w3id.org/tipgraph/)"


class RemoteEngine(Engine):
    """Query a SPARQL 1.1 endpoint over HTTP."""

    name = "remote"
    keeps_time = True

    def __init__(self, endpoint: str, version: str = "remote", *, timeout: float = 30.0,
                 graphs: frozenset[str] = frozenset()):
        """`graphs` are the named graphs of the build the store holds, which queries may
        name in FROM, FROM NAMED or a dataset."""
        super().__init__(version, graphs)
        if not endpoint.startswith(("http://", "https://")):
            raise ValueError(f"the remote engine needs an http(s) endpoint URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.default_timeout = timeout

    def _client(self, text: str, return_format: str, seconds: float,
                dataset: QueryDataset | None = None) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        for iri in protocol_dataset(dataset):
            client.addDefaultGraph(iri)
        client.setMethod(POST)
        client.setReturnFormat(return_format)
        client.setTimeout(max(1, round(seconds)))
        client.setQuery(text)
        for iri in dataset.named if dataset else ():
            client.addNamedGraph(iri)
        if client.isSparqlUpdateRequest():
            raise QueryRefused("SPARQL Update is refused: this graph is read-only")
        return client

    def _run(self, text, bindings, limit, timeout, dataset=None) -> Result:
        seconds = timeout or self.default_timeout
        try:
            text = syntax.with_values(text, bindings)
        except ValueError as error:
            raise QueryError(str(error)) from None
        # The store would resolve relative IRIs against a base of its own; on line 1, so
        # the store's line numbers stay the text's.
        text = f"BASE <{QUERY_BASE}> {text}"
        query_form = syntax.form(text)
        graph_form = query_form in ("CONSTRUCT", "DESCRIBE")
        client = self._client(text, TURTLE if graph_form else JSON, seconds, dataset)
        try:
            response = client.query()
            payload = response.convert()
        except QueryBadFormed as error:
            raise QueryError(_first_line(error)) from None
        except (EndPointNotFound, EndPointInternalError, Unauthorized) as error:
            raise EngineUnavailable(f"{self.endpoint}: {_first_line(error)}") from None
        except TimeoutError as error:
            raise QueryTimeout(seconds) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise QueryTimeout(seconds) from None
            raise EngineUnavailable(f"{self.endpoint}: {error.reason}") from None
        except SPARQLWrapperException as error:
            raise EngineUnavailable(f"{self.endpoint}: {_first_line(error)}") from None
        if graph_form:
            return _graph(payload, limit)
        result = from_sparql_json(payload)
        if isinstance(result, SelectResult) and limit is not None and len(result) > limit:
            return SelectResult(result.variables, result.rows[:limit], truncated=True)
        return result


def protocol_dataset(dataset: QueryDataset | None) -> tuple[str, ...]:
    """The default-graph-uri values for `dataset`: none for the store's own default graph,
    which the protocol can only ask for by sending no dataset at all."""
    if dataset is None or not dataset.union:
        return dataset.default if dataset else ()
    if dataset.named:
        raise QueryError("a remote store cannot take its default graph beside named "
                         "graphs: name the graphs for the default graph instead")
    return ()


def _graph(payload, limit: int | None) -> GraphResult:
    graph = payload if isinstance(payload, Graph) else Graph().parse(
        data=payload, format="turtle")
    triples = sorted((tuple(plain(t) for t in triple) for triple in graph),
                     key=lambda triple: tuple(t.n3() for t in triple))
    if limit is not None and len(triples) > limit:
        return GraphResult(tuple(triples[:limit]), truncated=True)
    return GraphResult(tuple(triples))


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
