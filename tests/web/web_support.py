"""What the web tests share besides fixtures: serving an app on 127.0.0.1, and chromium.

A module of its own with a name no other test folder uses, so test modules can import
it whatever order pytest loads the conftest files in.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import waitress

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


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
