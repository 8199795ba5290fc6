"""Soak test: a mixed load on a real `tipgraph serve` for a fixed time, on 127.0.0.1.

Run: python bench/soak.py [--duration 60] [--clients 16] [--slow 0] [--project DIR]
                          [--mix canned=1,adhoc=1,page=1] [--json]
                          [--url http://127.0.0.1:PORT/ --pid PID]

It starts `tipgraph serve` on a free port of 127.0.0.1 (or uses --url, with --pid for the
memory readings), warms it up, then for --duration seconds has --clients threads send a
mix of requests back to back:

- canned queries through the query API, with parameters (country, year, part, concept);
- ad-hoc SPARQL through /sparql by GET and POST, each text different (a varying LIMIT or
  constant), so the response cache cannot answer for the query workers;
- pages: home, catalogue, country profiles, IRI pages, the ontology, the editor.

With --slow N, N more threads keep a slow query running all the time (five times every
triple, filtered on a string function), each stopped by query_timeout: the simple
requests' latencies then show what the server does for others while slow queries burn.

It reports errors (any failed connection, 5xx or unexpected status; target 0), refusals
because every query worker was taken (503 with Retry-After; 0 without --slow), latency
percentiles per kind of request, throughput, and the resident memory (RSS) of the server
(its processes: the one started and the worker the web server forks) and of its query
workers at the start (after the warm-up) and at the end, with samples along the way
(target: no growth beyond noise; the response cache fills up to its bound first). The
server it started is stopped at the end, by its process id.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ["ARG", "BHS", "BRA", "CAN", "CHL", "COL", "CRI", "ECU", "SLV", "GTM", "GUY",
             "HND", "JAM", "MEX", "PAN", "PRY", "PER", "DOM", "USA", "URY", "BOL", "TTO"]
CANNED = [
    ("member-states", {}), ("countries-by-region", {}), ("plans-in-force", {}),
    ("country-profile", {"country": "{country}"}), ("items-dated-in-year", {"year": "{year}"}),
    ("laws-before-year-and-later-plans", {"year": "{year}"}),
    ("discrepancies-by-part", {"part": "appendix/{appendix}"}),
    ("part-contents", {"part": "appendix/{appendix}"}), ("reported-figures", {}),
    ("hotline-without-police-unit", {}), ("appendix-06-laws", {}),
    ("table-01-national-policies", {}), ("institution-search", {"text": "{word}"}),
]
WORDS = ["ministry", "police", "women", "national", "commission", "office", "council"]
ADHOC = [
    "SELECT ?s ?label WHERE {{ ?s rdfs:label ?label }} LIMIT {n}",
    "SELECT ?c (COUNT(?f) AS ?n) WHERE {{ ?f tip:country ?c }} GROUP BY ?c ORDER BY DESC(?n) "
    "LIMIT {n}",
    "SELECT ?law ?year WHERE {{ ?law a tip:LegalInstrument ; dcterms:date ?year }} LIMIT {n}",
    "ASK {{ ?s tip:iso3166Alpha3 \"{country}\" }}",
    "CONSTRUCT {{ ?c rdfs:label ?l }} WHERE {{ ?c tip:iso3166Alpha3 \"{country}\" ; "
    "rdfs:label ?l }}",
    "DESCRIBE <https://w3id.org/tipgraph/id/country/{country}>",
    "SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }} GROUP BY ?p ORDER BY DESC(?n) LIMIT {n}",
    "SELECT ?d ?part WHERE {{ ?d a tip:Discrepancy ; prov:wasDerivedFrom ?part }} "
    "OFFSET {n} LIMIT 20",
]
PREFIXES = ("PREFIX tip: <https://w3id.org/tipgraph/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
            "PREFIX prov: <http://www.w3.org/ns/prov#>\n")
PAGES = ["/", "/queries", "/countries", "/country/{country}", "/id/country/{country}",
         "/queries/member-states", "/queries/country-profile?country={country}",
         "/ontology", "/editor", "/sparql", "/dumps/", "/completeness"]
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?s1 ?p1 ?o1 . ?s2 ?p2 ?o2 . ?s3 ?p3 ?o3 . "
        "?s4 ?p4 ?o4 . ?s5 ?p5 ?o5 FILTER(CONTAINS(STR(?o1), STR(?o5))) }")
BUSY = "503 busy"  # every query worker taken: refused with Retry-After, counted apart
# Weights of the mix: one request in three a canned query, one an ad-hoc query, one a page.
MIX = {"canned": 1, "adhoc": 1, "page": 1}


def fill(template: str, rng: random.Random) -> str:
    return template.format(country=rng.choice(COUNTRIES), year=rng.randint(1990, 2018),
                           appendix=rng.randint(1, 13), word=rng.choice(WORDS),
                           n=rng.randint(1, 500))


def canned_request(rng: random.Random) -> tuple[str, str, dict]:
    name, params = rng.choice(CANNED)
    suffix = rng.choice([".json", ".csv", ""])
    return "GET", f"/api/queries/{name}{suffix}", {
        "params": {key: fill(value, rng) for key, value in params.items()}}


def adhoc_request(rng: random.Random) -> tuple[str, str, dict]:
    query = PREFIXES + fill(rng.choice(ADHOC), rng)
    if rng.random() < 0.5:
        return "GET", "/sparql", {"params": {"query": query}}
    return "POST", "/sparql", {"data": query.encode(),
                               "headers": {"Content-Type": "application/sparql-query"}}


def page_request(rng: random.Random) -> tuple[str, str, dict]:
    return "GET", fill(rng.choice(PAGES), rng), {"headers": {"Accept": "text/html"}}


MAKERS = {"canned": canned_request, "adhoc": adhoc_request, "page": page_request}


# --- memory -------------------------------------------------------------------------------


def rss_kib(pid: int) -> int:
    """Resident memory of one process, from /proc (Linux), in KiB; 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, flags=re.M)
    return int(match.group(1)) if match else 0


def children(pid: int) -> list[int]:
    """The process ids whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    """Every process below `pid`: the server's worker process and its query workers."""
    found, todo = [], children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children(child))
    return found


def is_query_worker(pid: int) -> bool:
    try:
        return b"tipgraph.engines.workers" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def memory(pid: int) -> dict:
    """RSS in MiB of the server's processes (the one started and, when the web server
    forks, its worker) and of its query worker processes."""
    below = descendants(pid)
    workers = [child for child in below if is_query_worker(child)]
    server = [pid] + [child for child in below if child not in workers]
    return {"server_mib": round(sum(rss_kib(each) for each in server) / 1024, 1),
            "server_processes": len(server),
            "workers_mib": round(sum(rss_kib(each) for each in workers) / 1024, 1),
            "workers": len(workers)}


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(project: Path) -> tuple[subprocess.Popen, str]:
    """Start `tipgraph serve` on a free port of 127.0.0.1 and wait until it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tipgraph", "--project", str(project), "serve",
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {process.stderr.read()}")
        try:
            requests.get(f"{base}/healthz", timeout=2)
            return process, base
        except requests.ConnectionError:
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit("the server did not answer within 10 minutes")


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server we started, by its process id; its workers end with it."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


# --- the load ---------------------------------------------------------------------------------


class Tally:
    """Latencies by kind, errors with examples, and expected refusals, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []
        self.stopped = 0
        self.busy: dict[str, int] = defaultdict(int)

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            if problem is not None and problem.startswith(BUSY):
                self.busy[kind] += 1
                return
            if problem is None:
                self.latencies[kind].append(seconds * 1000)
            else:
                self.errors[kind] += 1
                if len(self.examples) < 10:
                    self.examples.append(problem)


def client(base: str, tally: Tally, until: float, seed: int, mix: dict[str, int]) -> None:
    rng = random.Random(seed)
    kinds = [kind for kind, weight in mix.items() for _ in range(weight)]
    with requests.Session() as session:
        while time.monotonic() < until:
            kind = rng.choice(kinds)
            method, path, options = MAKERS[kind](rng)
            started = time.perf_counter()
            problem = None
            try:
                response = session.request(method, base + path, timeout=60, **options)
                if response.status_code == 503 and "busy" in response.text:
                    problem = BUSY
                elif response.status_code != 200:
                    problem = f"{response.status_code} {method} {path}: {response.text[:120]}"
            except requests.RequestException as error:
                problem = f"{type(error).__name__} {method} {path}: {error}"
            tally.record(kind, time.perf_counter() - started, problem)


def slow_client(base: str, tally: Tally, until: float) -> None:
    with requests.Session() as session:
        while time.monotonic() < until:
            try:
                response = session.get(f"{base}/sparql", params={"query": SLOW}, timeout=120)
            except requests.RequestException as error:
                tally.record("slow", 0, f"{type(error).__name__} slow query: {error}")
                continue
            if response.status_code == 503 and "limit" in response.text:
                with tally.lock:
                    tally.stopped += 1
            elif response.status_code == 503 and "busy" in response.text:
                tally.record("slow", 0, BUSY)
            else:
                tally.record("slow", 0, f"{response.status_code} slow query: "
                                        f"{response.text[:120]}")


def warm_up(base: str) -> None:
    """Ask each kind of request a few times, so caches and workers exist before timing."""
    rng = random.Random(0)
    with requests.Session() as session:
        for _ in range(3):
            for make in MAKERS.values():
                for _ in range(4):
                    method, path, options = make(rng)
                    session.request(method, base + path, timeout=120, **options)


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 1)

    return {"count": len(ordered), "p50": at(0.50), "p90": at(0.90), "p99": at(0.99),
            "max": round(ordered[-1], 1), "mean": round(statistics.fmean(ordered), 1)}


def soak(base: str, pid: int | None, duration: float, clients: int, slow: int,
         mix: dict[str, int] = MIX) -> dict:
    warm_up(base)
    start_memory = memory(pid) if pid else None
    tally = Tally()
    samples = []
    until = time.monotonic() + duration
    threads = [threading.Thread(target=client, args=(base, tally, until, seed, mix),
                                daemon=True) for seed in range(clients)]
    threads += [threading.Thread(target=slow_client, args=(base, tally, until), daemon=True)
                for _ in range(slow)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        time.sleep(5)
        if pid:
            samples.append({"t": round(time.monotonic() - began), **memory(pid)})
    elapsed = time.monotonic() - began
    end_memory = memory(pid) if pid else None
    everything = [value for values in tally.latencies.values() for value in values]
    return {
        "duration_s": round(elapsed, 1), "clients": clients, "slow_clients": slow, "mix": mix,
        "requests": len(everything) + sum(tally.errors.values()) + sum(tally.busy.values()),
        "requests_per_s": round(len(everything) / elapsed, 1),
        "errors": sum(tally.errors.values()), "errors_by_kind": dict(tally.errors),
        "error_examples": tally.examples, "busy_refusals": dict(tally.busy),
        "slow_queries_stopped_at_limit": tally.stopped,
        "latency_ms": {"all": percentiles(everything) if everything else None,
                       **{kind: percentiles(values)
                          for kind, values in sorted(tally.latencies.items())}},
        "memory_start": start_memory, "memory_end": end_memory, "memory_samples": samples,
    }


def print_report(report: dict) -> None:
    print(f"{report['requests']} requests in {report['duration_s']} s from "
          f"{report['clients']} clients ({report['slow_clients']} more keeping a slow query "
          f"running): {report['requests_per_s']} per second")
    print(f"errors: {report['errors']} {report['errors_by_kind'] or ''}")
    for example in report["error_examples"]:
        print(f"  {example}")
    if report["busy_refusals"]:
        print(f"refused with 503 and Retry-After, every query worker taken: "
              f"{report['busy_refusals']}")
    if report["slow_clients"]:
        print(f"slow queries stopped at the time limit: {report['slow_queries_stopped_at_limit']}")
    print(f"{'latency ms':12s} {'count':>7s} {'p50':>8s} {'p90':>8s} {'p99':>8s} {'max':>8s}")
    for kind, row in report["latency_ms"].items():
        if row:
            print(f"{kind:12s} {row['count']:7d} {row['p50']:8.1f} {row['p90']:8.1f} "
                  f"{row['p99']:8.1f} {row['max']:8.1f}")
    start, end = report["memory_start"], report["memory_end"]
    if start and end:
        print(f"server RSS ({end['server_processes']} processes): {start['server_mib']} MiB at "
              f"the start, {end['server_mib']} MiB at the end; query workers: "
              f"{start['workers']} with {start['workers_mib']} MiB, then {end['workers']} with "
              f"{end['workers_mib']} MiB")
        trend = ", ".join(f"{s['t']}s {s['server_mib']}" for s in report["memory_samples"])
        print(f"server RSS along the way (MiB): {trend}")


def parse_mix(text: str) -> dict[str, int]:
    """Read `canned=1,adhoc=1,page=1` (kinds left out weigh 0)."""
    mix = {}
    for item in text.split(","):
        kind, _, weight = item.partition("=")
        if kind.strip() not in MAKERS or not weight.strip().isdigit():
            raise argparse.ArgumentTypeError(f"not kind=weight with a kind of {list(MAKERS)}: "
                                             f"{item!r}")
        mix[kind.strip()] = int(weight)
    if not any(mix.values()):
        raise argparse.ArgumentTypeError("the mix needs one kind with a weight above 0")
    return mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--slow", type=int, default=0,
                        help="clients that keep a slow query running all the time")
    parser.add_argument("--project", type=Path, default=ROOT, help="project folder")
    parser.add_argument("--url", help="use a server already running at this address")
    parser.add_argument("--pid", type=int, help="process id of the --url server, for RSS")
    parser.add_argument("--mix", type=parse_mix, default=MIX,
                        help="weights of each kind of request, e.g. canned=2,adhoc=1,page=0")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    options = parser.parse_args()
    process = None
    if options.url:
        base, pid = options.url.rstrip("/"), options.pid
        if not base.startswith(("http://127.0.0.1", "http://localhost")):
            parser.error("the soak test only talks to 127.0.0.1")
    else:
        process, base = start_server(options.project)
        pid = process.pid
    try:
        report = soak(base, pid, options.duration, options.clients, options.slow, options.mix)
    finally:
        if process is not None:
            stop_server(process)
    if options.json:
        print(json.dumps(report, indent=1))
    else:
        print_report(report)
    raise SystemExit(1 if report["errors"] else 0)


if __name__ == "__main__":
    main()
