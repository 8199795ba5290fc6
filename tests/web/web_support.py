"""What the web tests share besides fixtures: serving an app on 127.0.0.1, chromium, and
what every answer to a fuzzed request must be.

A module of its own with a name no other test folder uses, so test modules can import
it whatever order pytest loads the conftest files in.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator

import waitress

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def examples(count: int) -> int:
    """How many examples a fuzz test runs: `count`, times TIPGRAPH_FUZZ_SCALE for a long
    run (`TIPGRAPH_FUZZ_SCALE=20 python -m pytest tests/web/test_web_fuzz.py
    tests/web/test_web_upload_mutations.py` sends over 10,000 requests), so the suite
    stays quick and a soak needs no code change."""
    return count * int(os.environ.get("TIPGRAPH_FUZZ_SCALE", "1"))


@contextlib.contextmanager
def serve(app) -> Iterator[str]:
    """Serve a WSGI app with waitress on a free port of 127.0.0.1; yield its base URL."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4,
                                    ident="tipgraph-test")
    thread = threading.Thread(target=server.run, name="waitress-test", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        server.task_dispatcher.shutdown()
        thread.join(timeout=5)


def assert_handled(response) -> None:
    """Not a server error but a 503, no stack trace, and a refusal with a message; for a
    `requests` response and a Flask test client's alike."""
    assert response.status_code < 500 or response.status_code == 503, response.text[:300]
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        assert json.loads(response.text)["error"]
