"""Fixtures for the web tests: apps over real builds, served by waitress on 127.0.0.1.

`server` is the project's app (the project's catalogue plus the small test queries in
tests/web/queries) on a free port, started once per session in a thread and stopped at
the end; `serve(app)` starts any other app the same way. Browser tests get a Playwright
page in Debian's chromium, and write screenshots to screenshots/ for review.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import web_support

from tipgraph.build import current
from tipgraph.catalog import Catalog, load_catalog, project_catalog
from tipgraph.load import load_files
from tipgraph.validate import load_shapes
from tipgraph.web import create_app

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def web_build(project):
    """The build every entry point answers from (dist/, made first if stale)."""
    return current(project)


@pytest.fixture(scope="session")
def web_catalog(project) -> Catalog:
    """The project's canned queries and the web tests' own."""
    own = load_catalog(HERE / "queries")
    return Catalog(project_catalog(project).queries + own.queries)


@pytest.fixture(scope="session")
def app(web_build, web_catalog, project):
    return create_app(web_build, {"query_timeout": 20.0, "max_body": 200_000},
                      catalog=web_catalog, assets=project.root / "node_modules",
                      shapes=load_shapes(project),
                      ontology=load_files(sorted(project.ontology_dir.glob("*.ttl"))))


@pytest.fixture(scope="session")
def client(app):
    """The project's app's Flask test client: requests answered without a server."""
    return app.test_client()


@pytest.fixture(scope="session")
def server(app) -> Iterator[str]:
    """The base URL of the project's app, served by waitress for the whole session."""
    with web_support.serve(app) as base:
        yield base


@pytest.fixture(scope="session")
def screenshots(project) -> Path:
    folder = project.root / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright; it reaches no network."""
    from playwright import sync_api as playwright
    if not Path(web_support.CHROMIUM).exists():
        pytest.fail(f"{web_support.CHROMIUM} is missing: the README's test command "
                    "installs chromium")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=web_support.CHROMIUM,
                                          args=web_support.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and any request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.outside_requests = []
    page.on("console", lambda message: message.type == "error"
            and page.console_errors.append(message.text))
    page.on("request", lambda request: not request.url.startswith(
        (server, "data:", "blob:", "about:")) and page.outside_requests.append(request.url))
    yield page
    context.close()
