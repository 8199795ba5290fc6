"""Fixtures for the security tests: a listener that counts connections, a file whose
contents must never show up, and apps over the project's build served on 127.0.0.1.

Everything here talks to 127.0.0.1 only, and everything started is stopped at the end:
the listener's socket and thread, each waitress server, and each app's query workers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from security_support import SECRET, Listener, serve

import engines_fixtures
from engines_fixtures import serve_command
from tipgraph.load import load_files
from tipgraph.validate import load_shapes
from tipgraph.web import create_app
from tipgraph.web.cache import CacheSettings


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    """One listener for the session; tests compare its count before and after."""
    counting = Listener()
    yield counting
    counting.close()


@pytest.fixture(scope="session")
def secret_file(tmp_path_factory) -> Path:
    """A Turtle file (also valid as a JSON-LD context and an XML entity target) holding
    a marker that must never appear in an answer."""
    folder = tmp_path_factory.mktemp("secret")
    path = folder / "secret.ttl"
    path.write_text(f'<urn:tipgraph:secret> <urn:tipgraph:says> "{SECRET}" .\n')
    (folder / "context.jsonld").write_text(json.dumps(
        {"@context": {"says": "urn:tipgraph:says", "marker": SECRET}}))
    return path


# The build and the catalogue, made as for the query-layer tests.
sec_build = engines_fixtures.build
sec_catalog = engines_fixtures.catalog


@pytest.fixture(scope="session")
def sec_shapes(project):
    return load_shapes(project)


@pytest.fixture(scope="session")
def sec_ontology(project):
    return load_files(sorted(project.ontology_dir.glob("*.ttl")))


@pytest.fixture(scope="session")
def make_app(sec_build, sec_catalog, sec_shapes, sec_ontology, project):
    """Make an app over the project's build with the given settings.

    The response cache is off unless asked for, so every request reaches its view.
    """

    def make(settings: dict | None = None, **options):
        options.setdefault("cache", CacheSettings(entries=0))
        return create_app(sec_build, settings, catalog=sec_catalog,
                          assets=project.root / "node_modules", shapes=sec_shapes,
                          ontology=sec_ontology, **options)

    return make


@pytest.fixture(scope="session")
def sec_server(make_app) -> Iterator[str]:
    """The project's app with the default settings, for the whole session."""
    with serve(make_app()) as base:
        yield base


@pytest.fixture(scope="session")
def served(project) -> Iterator[str]:
    """`tipgraph serve` itself, as deployed, on a free port of 127.0.0.1."""
    with serve_command(project.root) as base:
        yield base


@pytest.fixture(scope="session", params=["app", "tipgraph-serve"])
def any_server(request) -> str:
    """The app under the tests' waitress, then `tipgraph serve` as deployed."""
    return request.getfixturevalue("sec_server" if request.param == "app" else "served")
