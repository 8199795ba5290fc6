"""What the benchmarks share: servers started and stopped by process id, wrk, and the
peak of Python allocations while a step runs.

Every server listens on 127.0.0.1 only, on a port the kernel picked free; every load run
is bounded by wrk's own duration and a timeout around it; every process started here is
stopped by its process group in a `finally`, so an interrupted run leaves nothing behind.
wrk is Debian's package (`apt-get install -y wrk`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
WRK_MISSING = "wrk is not installed: apt-get install -y wrk (Debian's package)"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A server process: its base URL, and how long it took to give its first answer."""

    name: str
    base: str
    process: subprocess.Popen
    started_in: float = 0.0


def _answer(url: str, headers: Mapping[str, str]) -> bool:
    request = urllib.request.Request(url, headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            response.read()
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen) -> None:
    """Stop a process started by `serve` (its own process group) and wait for it."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def serve(name: str, command: Sequence[str], port: int, ready_path: str,
          headers: Mapping[str, str] | None = None, *, env: Mapping[str, str] | None = None,
          cwd: Path | None = None, wait: float = 120.0) -> Iterator[Server]:
    """Start `command` (which listens on `port`), wait for a 200 on `ready_path`, yield it.

    `started_in` is the time from starting the process to that first answer. The process
    runs in a process group of its own, so its workers stop with it.
    """
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    started = time.perf_counter()
    process = subprocess.Popen(list(command), stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, **(env or {})}, cwd=cwd,
                               start_new_session=True)
    base = f"http://{HOST}:{port}"
    try:
        while not _answer(base + ready_path, headers or {}):
            if process.poll() is not None or time.perf_counter() - started > wait:
                log.seek(0)
                tail = log.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"{name} did not answer {ready_path}:\n{tail}")
            time.sleep(0.01)
        yield Server(name, base, process, time.perf_counter() - started)
    finally:
        stop(process)
        log.close()


@dataclass(frozen=True)
class Load:
    """One wrk run: requests per second, latency percentiles in ms, and failures."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int

    @property
    def ok_per_s(self) -> float:
        """Successful answers per second: a refusal (a 503) is no throughput."""
        if not self.requests:
            return 0.0
        return self.requests_per_s * (self.requests - self.errors) / self.requests


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_PERCENTILE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


def parse_wrk(text: str) -> Load:
    """Read wrk --latency output."""
    percentiles = {int(p): float(v) * _UNITS[u] for p, v, u in _PERCENTILE.findall(text)}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        text)
    if rate is None or 50 not in percentiles or 99 not in percentiles:
        raise RuntimeError(f"cannot read wrk's output:\n{text}")
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return Load(float(rate.group(1)), percentiles[50], percentiles[99],
                int(total.group(1)) if total else 0, errors)


# A Lua script for wrk that makes every request's query text unique (a comment with a
# counter), so no cache on either side can answer it: what ad-hoc queries are.
UNIQUE_QUERY_SCRIPT = """
local counter = 0
local id = 0
function setup(thread)
  id = id + 1
  thread:set("id", id)
end
function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "%0A%23%20" .. id .. "-" .. counter)
end
"""


def wrk(url: str, *, seconds: float, connections: int, threads: int,
        headers: Mapping[str, str] | None = None, unique_query: bool = False) -> Load:
    """Load `url` with wrk for `seconds`; the run is bounded by a timeout as well."""
    if shutil.which("wrk") is None:
        raise SystemExit(WRK_MISSING)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency",
               "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if unique_query:
            script.write(UNIQUE_QUERY_SCRIPT)
            script.flush()
            command += ["-s", script.name]
        output = subprocess.run(command + [url], capture_output=True, text=True, check=True,
                                timeout=seconds + 60).stdout
    return parse_wrk(output)


def post(url: str, data: bytes, content_type: str) -> None:
    """POST `data` (to load a store), expecting a 2xx."""
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()


def warm(url: str, headers: Mapping[str, str] | None = None, times: int = 20) -> None:
    """Ask a few times first: workers start, caches fill, the JIT of nothing warms."""
    for _ in range(times):
        if not _answer(url, headers or {}):
            raise RuntimeError(f"no 200 from {url}")


def load_options(description: str) -> argparse.ArgumentParser:
    """The options every wrk benchmark takes: the load, the canned query, the output."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--query", default="member-states", help="the canned query")
    parser.add_argument("--json", action="store_true")
    return parser


def load_context(options: argparse.Namespace) -> str:
    """The line that says how the numbers under it were taken."""
    return (f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; "
            f"wrk -t{options.threads} -c{options.connections} -d{options.seconds:g}s; "
            f"canned query {options.query}")


def traced_peak(function) -> float:
    """Peak MB of Python allocations while `function` runs (tracing slows it: time apart)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
