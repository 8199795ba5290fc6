"""Time and size limits: a slow query stops at the limit (its worker process with it),
the server keeps answering other requests meanwhile, and bodies, queries, rows and
memory are bounded by settings that the messages name."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import requests
from security_support import serve

PREFIXES = "PREFIX tip: <https://w3id.org/tipgraph/ontology#>\n"
# Five times every triple, filtered on a string function: minutes, not seconds.
CARTESIAN = ("SELECT (COUNT(*) AS ?n) WHERE { ?s1 ?p1 ?o1 . ?s2 ?p2 ?o2 . ?s3 ?p3 ?o3 . "
             "?s4 ?p4 ?o4 . ?s5 ?p5 ?o5 FILTER(CONTAINS(STR(?o1), STR(?o5))) }")
# Any path of any length between any two nodes, three times over.
DEEP_PATH = ("SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x:none>|^!<urn:x:none>)*/"
             "(!<urn:x:none>|^!<urn:x:none>)*/(!<urn:x:none>)* ?b }")
SLOW = [CARTESIAN, DEEP_PATH]
ASK = "ASK { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


def alive(pid: int) -> bool:
    return os.path.exists(f"/proc/{pid}")


def pool_of(app):
    return app.extensions["tipgraph.site"].cache["query-workers"]


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def one_worker(request, make_app):
    """An app with one query worker and a 1.5 s limit, on each embedded engine."""
    app = make_app({"query_timeout": 1.5, "query_workers": 1, "engine": request.param})
    with serve(app) as base:
        yield app, base


@pytest.mark.parametrize("query", SLOW, ids=["cartesian", "deep-path"])
def test_a_slow_query_stops_at_the_limit_and_says_which(one_worker, query):
    _, base = one_worker
    started = time.monotonic()
    response = requests.get(f"{base}/sparql", params={"query": query}, headers=JSON,
                            timeout=60)
    assert time.monotonic() - started < 30
    assert response.status_code == 503
    message = response.json()["error"]
    assert "1.5 s limit" in message and "query_timeout" in message
    assert "TIPGRAPH_QUERY_TIMEOUT" in message


def test_the_limit_is_a_page_for_a_browser(one_worker):
    _, base = one_worker
    response = requests.post(f"{base}/sparql", data={"query": CARTESIAN},
                             headers={"Accept": "text/html"}, timeout=60)
    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("text/html")
    assert "query_timeout" in response.text and "Traceback" not in response.text


def test_the_stopped_query_no_longer_runs(one_worker):
    """The worker that ran it is gone: no query keeps burning a core after its 503."""
    app, base = one_worker
    assert requests.get(f"{base}/sparql", params={"query": ASK}, timeout=60).ok
    (before,) = pool_of(app).pids()
    response = requests.get(f"{base}/sparql", params={"query": CARTESIAN}, timeout=60)
    assert response.status_code == 503
    assert not alive(before)
    assert requests.get(f"{base}/sparql", params={"query": ASK}, timeout=60).json()["boolean"]
    (after,) = pool_of(app).pids()
    assert after != before


@pytest.fixture(scope="module")
def busy_server(make_app):
    """Four workers, a 12 s limit: room for three slow queries and simple ones beside."""
    app = make_app({"query_timeout": 12.0, "query_workers": 4})
    with serve(app, threads=12) as base:
        requests.get(f"{base}/sparql", params={"query": ASK}, timeout=60)
        assert pool_of(app).warm() == 4  # every worker ready before anything is timed
        yield base


def test_simple_requests_are_answered_while_slow_queries_run(busy_server):
    base = busy_server
    ended: list[float] = []

    def slow() -> None:
        requests.get(f"{base}/sparql", params={"query": CARTESIAN}, timeout=60)
        ended.append(time.monotonic())

    threads = [threading.Thread(target=slow) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    simple = [
        ("GET", "/sparql", {"params": {"query": ASK}, "headers": JSON}),
        ("POST", "/sparql", {"data": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}}),
        ("GET", "/api/queries/member-states.json", {}),
        ("GET", "/country/ARG", {"headers": {"Accept": "text/html"}}),
        ("GET", "/id/country/ARG", {"headers": {"Accept": "text/turtle"}}),
    ]
    answered = []
    for method, path, options in simple:
        response = requests.request(method, base + path, timeout=60, **options)
        assert response.status_code == 200, (path, response.text[:200])
        answered.append(time.monotonic())
    for thread in threads:
        thread.join()
    assert len(ended) == 3
    assert max(answered) < min(ended), "simple requests waited for the slow queries"


def test_when_every_worker_is_taken_a_query_is_told_to_come_back(make_app):
    app = make_app({"query_timeout": 3.0, "query_workers": 1, "threads": 2})
    with serve(app) as base:
        requests.get(f"{base}/sparql", params={"query": ASK}, timeout=60)
        running = threading.Thread(target=requests.get, args=(f"{base}/sparql",),
                                   kwargs={"params": {"query": CARTESIAN}, "timeout": 60})
        waiting = threading.Thread(target=requests.get, args=(f"{base}/sparql",),
                                   kwargs={"params": {"query": CARTESIAN}, "timeout": 60})
        running.start()
        time.sleep(0.3)
        waiting.start()
        time.sleep(0.3)
        response = requests.get(f"{base}/sparql", params={"query": ASK}, timeout=60)
        running.join()
        waiting.join()
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "busy" in response.json()["error"] and "query_workers" in response.json()["error"]


@pytest.fixture(scope="module")
def small(make_app):
    app = make_app({"query_timeout": 20.0, "query_workers": 1, "query_memory": 400,
                    "max_body": 200_000, "result_limit": 7})
    with serve(app) as base:
        yield base


def test_a_query_nested_too_deeply_fails_alone(small):
    deep = "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }"
    response = requests.post(f"{small}/sparql", data={"query": deep}, timeout=60)
    assert response.status_code == 400
    assert "nests too deeply" in response.json()["error"]
    assert requests.get(f"{small}/sparql", params={"query": ASK}, timeout=60).ok


def test_a_query_that_needs_too_much_memory_fails_alone(small):
    doubling = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
    query = f'SELECT (STRLEN(?v40) AS ?n) WHERE {{ BIND("0123456789" AS ?v0) {doubling} }}'
    response = requests.get(f"{small}/sparql", params={"query": query}, timeout=60)
    assert response.status_code == 400
    message = response.json()["error"]
    assert "400 MB" in message and "query_memory" in message
    assert requests.get(f"{small}/sparql", params={"query": ASK}, timeout=60).ok


@pytest.mark.parametrize("how", ["GET", "form", "body"])
def test_a_query_longer_than_max_body_is_413_naming_the_setting(small, how):
    query = "ASK {} #" + "x" * 210_000
    if how == "GET":
        response = requests.get(f"{small}/sparql", params={"query": query}, timeout=60)
    elif how == "form":
        response = requests.post(f"{small}/sparql", data={"query": query}, timeout=60)
    else:
        response = requests.post(f"{small}/sparql", data=query.encode(), timeout=60,
                                 headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert "200000 bytes" in response.json()["error"]
    assert "max_body" in response.json()["error"]


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE ?s WHERE { ?s a ?c }",
])
def test_results_stop_at_the_row_limit_and_say_so(small, query):
    response = requests.post(f"{small}/sparql", data={"query": query}, timeout=60,
                             headers={"Accept": "application/n-triples, "
                                                "application/sparql-results+json;q=0.9"})
    assert response.status_code == 200
    assert response.headers["X-Result-Truncated"] == "true"
    assert response.headers["X-Result-Limit"] == "7"
    if "json" in response.headers["Content-Type"]:
        assert len(response.json()["results"]["bindings"]) == 7
    else:
        assert len(response.text.strip().splitlines()) == 7


def test_a_query_waiting_for_a_worker_gives_up_within_its_own_limit(sec_build):
    """Waiting counts against the waiting query's limit, not the running query's."""
    from tipgraph.engines import EngineBusy, make_engine
    from tipgraph.engines.workers import isolate

    pool = isolate(make_engine("oxigraph", sec_build), size=1, queue=4)
    try:
        assert pool.query(ASK, timeout=30)
        running = threading.Thread(target=lambda: pytest.raises(
            Exception, pool.query, CARTESIAN, timeout=8))
        running.start()
        time.sleep(0.5)
        started = time.monotonic()
        with pytest.raises(EngineBusy):
            pool.query(ASK, timeout=0.5)
        assert time.monotonic() - started < 5
        running.join()
    finally:
        pool.close()


ORPHAN = f"""
from tipgraph.build import load
from tipgraph.engines import make_engine
from tipgraph.engines.workers import isolate
from tipgraph.project import Project
pool = isolate(make_engine("oxigraph", load(Project.discover())), size=1)
pool.query("ASK {{}}", timeout=60)
print(pool.pids()[0], flush=True)
pool.query({CARTESIAN!r}, timeout=600)
"""


def test_a_worker_ends_when_its_server_dies_mid_query(project):
    """A server killed outright leaves no query burning a core behind it."""
    import subprocess
    import sys

    server = subprocess.Popen([sys.executable, "-c", ORPHAN], cwd=project.root,
                              stdout=subprocess.PIPE, text=True)
    try:
        worker = int(server.stdout.readline())
        time.sleep(1)
        assert alive(worker)
    finally:
        server.kill()
        server.wait(timeout=30)
    deadline = time.monotonic() + 20
    while alive(worker) and "Z" not in Path(f"/proc/{worker}/stat").read_text().split()[2]:
        assert time.monotonic() < deadline, "the worker outlived its server"
        time.sleep(0.2)


def many_hotlines(count: int) -> bytes:
    """A submission of `count` hotlines, each to be validated in the shipped graph."""
    head = ("@prefix tip: <https://w3id.org/tipgraph/ontology#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
    nodes = (f"<https://w3id.org/tipgraph/id/hotline/GUY-{n}> a tip:DedicatedHotline ;\n"
             f'  rdfs:label "Hotline {n}"@en ;\n'
             "  tip:country <https://w3id.org/tipgraph/id/country/GUY> .\n"
             for n in range(count))
    return (head + "".join(nodes)).encode()


def test_a_submission_past_the_validation_limit_is_stopped_and_says_which(make_app):
    # 3 s: a one-line submission validates in a quarter of a second on a quiet machine,
    # and must still pass on a loaded one; 3,000 hotlines take several times longer.
    app = make_app({"validation_timeout": 3.0})
    turtle = {"Content-Type": "text/turtle", "Accept": "application/json"}
    with serve(app) as base:
        small = requests.post(f"{base}/validate", data=many_hotlines(1), headers=turtle,
                              timeout=120)
        assert small.status_code == 200, small.text
        assert requests.get(f"{base}/country/ARG", timeout=60).status_code == 200  # warm
        checkers = app.extensions["tipgraph.site"].cache["submission-checkers"]
        [first] = checkers.pids()
        answered: list[float] = []

        def page_meanwhile() -> None:
            time.sleep(0.3)
            started = time.monotonic()
            assert requests.get(f"{base}/country/ARG", timeout=30).status_code == 200
            answered.append(time.monotonic() - started)

        meanwhile = threading.Thread(target=page_meanwhile)
        meanwhile.start()
        started = time.monotonic()
        response = requests.post(f"{base}/validate", data=many_hotlines(3000),
                                 headers=turtle, timeout=120)
        elapsed = time.monotonic() - started
        meanwhile.join()
        assert response.status_code == 503
        assert "3 s limit" in response.json()["error"]
        assert "validation_timeout" in response.json()["error"]
        assert elapsed < 15
        assert answered and answered[0] < 3
        assert not alive(first) or "Z" in Path(f"/proc/{first}/stat").read_text().split()[2]
        again = requests.post(f"{base}/validate", data=many_hotlines(1), headers=turtle,
                              timeout=120)
        assert again.status_code == 200
        assert checkers.pids() and checkers.pids() != [first]
