"""Query workers writing answers themselves: the answer the server would write.

Tables come out byte for byte the same. A graph's triples have no order (rdflib writes
them in its hash order, which differs between processes) and a CONSTRUCT cut by the
limit keeps whichever triples came first, so graphs are compared as sets and by size.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from tipgraph.engines import QueryError, QueryRefused, make_engine
from tipgraph.engines.workers import isolate
from tipgraph.results import serialize

SELECT = """SELECT ?country ?label WHERE {
  ?country a <https://w3id.org/tipgraph/ontology#Country> ;
           <http://www.w3.org/2000/01/rdf-schema#label> ?label .
} ORDER BY ?country ?label"""
CONSTRUCT = """CONSTRUCT { ?country ?p ?o } WHERE {
  ?country a <https://w3id.org/tipgraph/ontology#Country> ; ?p ?o .
}"""
ASK = "ASK { ?s a <https://w3id.org/tipgraph/ontology#Country> }"


def parsed(body: bytes, fmt: str) -> Graph:
    return Graph().parse(data=body, format=fmt)


@pytest.fixture(scope="module")
def engine(project):
    from tipgraph.build import current

    return make_engine("oxigraph", current(project))


@pytest.fixture(scope="module")
def pool(engine):
    pool = isolate(engine, size=1)
    yield pool
    pool.close()


@pytest.mark.parametrize("query, fmt", [
    (SELECT, "json"), (SELECT, "xml"), (SELECT, "csv"), (SELECT, "tsv"),
    (ASK, "json"), (ASK, "xml"),
    (CONSTRUCT, "nt"), (CONSTRUCT, "turtle"),
])
@pytest.mark.parametrize("limit", [None, 5])
def test_a_written_answer_is_the_answer_the_server_would_write(engine, pool, query, fmt,
                                                                limit):
    result = engine.query(query, limit=limit)
    written = pool.written(query, fmt, timeout=60, limit=limit)
    assert written.kind == result.kind
    if result.kind != "graph":
        assert written.body == serialize(result, fmt)
    elif limit is None:
        assert set(parsed(written.body, fmt)) == set(result.triples)
    else:
        assert len(parsed(written.body, fmt)) == len(result.triples) == limit
    assert written.truncated == result.truncated == (limit is not None and query != ASK)


def test_a_refused_query_is_refused_before_any_worker_sees_it(pool):
    with pytest.raises(QueryRefused, match="SERVICE"):
        pool.written("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "json")


def test_a_format_that_cannot_hold_the_result_is_the_querys_error(pool):
    with pytest.raises(QueryError, match="cannot hold"):
        pool.written(SELECT, "turtle", timeout=60)
