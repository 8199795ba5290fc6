"""`tipgraph serve` starts a real server whose printed address answers, pages and all."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import requests


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_prints_an_address_that_answers(project):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tipgraph", "--project", str(project.root), "serve",
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        line = process.stdout.readline()
        address = re.search(r"http://\S+", line).group(0)
        assert address == f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                response = requests.get(address, timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "server did not answer"
                time.sleep(0.1)
        assert response.status_code == 200
        assert "tipgraph" in response.text
        assert "Content-Security-Policy" in response.headers
        # the page's ways in work, the front-end packages (npm ci) included
        for path in ("queries", "countries", "country/ARG", "editor", "ontology",
                     "assets/yasgui.js", "assets/chart.js", "static/site.css"):
            assert requests.get(address + path, timeout=30).status_code == 200, path
        answer = requests.get(address + "sparql", params={"query": "ASK { ?s ?p ?o }"},
                              timeout=30)
        assert answer.json() == {"head": {}, "boolean": True}
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the server and the workers it forked
        process.wait(timeout=10)
