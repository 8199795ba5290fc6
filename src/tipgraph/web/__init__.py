"""The web application factory: pages for people, formats for machines.

`create_app(build, settings)` makes a Flask app around one build: it makes the engine
named by the settings once, binds the catalogue to it, and registers the routes. Nothing
is read at import time and nothing is kept in module globals, so differently configured
apps can live side by side (the tests make several).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, Response
from rdflib import Graph

from tipgraph.build import Build
from tipgraph.catalog import Catalog
from tipgraph.engines import Engine, make_engine
from tipgraph.settings import SETTINGS
from tipgraph.validate import Shapes
from tipgraph.web import errors, headers, present
from tipgraph.web.cache import CacheSettings, install, uncached
from tipgraph.web.site import Site, site


def _settings(overrides: Mapping[str, object] | None) -> dict[str, object]:
    """The settings table's defaults under the given values (not the environment's:
    the caller, such as the CLI, decides where values come from)."""
    return {**{setting.name: setting.default for setting in SETTINGS}, **(overrides or {})}


def create_app(build: Build, settings: Mapping[str, object] | None = None, *,
               catalog: Catalog | None = None, assets: Path | None = None,
               shapes: Shapes | None = None, ontology: Graph | None = None,
               engine: Engine | None = None,
               cache: CacheSettings | None = None) -> Flask:
    """Create an app serving `build`; nothing is read from disk or globals here.

    `catalog` is the canned queries (none by default), `assets` the node_modules folder
    the front-end packages are installed in, `shapes` the SHACL shapes by purpose and
    `ontology` the ontology alone (for /validate and /completeness; without shapes they
    answer 503), `engine` an engine to use instead of making the one the settings
    name, and `cache` the bounds of the response cache (tipgraph.web.cache; entries=0
    keeps nothing, while ETags and 304s still work).
    """
    values = _settings(settings)
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=int(values["max_body"]),
        MAX_FORM_MEMORY_SIZE=int(values["max_body"]),
        JSON_SORT_KEYS=False,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.debug = False
    engine = engine or make_engine(str(values["engine"]), build,
                                   str(values["endpoint"]) or None)
    app.extensions["tipgraph.build"] = build
    app.extensions["tipgraph.site"] = Site(build, engine, catalog or Catalog(()), values,
                                           assets, shapes, ontology or Graph())
    _register(app)
    install(app, build.version, values, catalog or (), cache or CacheSettings())
    return app


@uncached
def healthz() -> Response:
    """Say that the server answers, and which build: for probes, and as the cheapest route."""
    return Response(f"ok {site().build.version}\n", mimetype="text/plain")


def _register(app: Flask) -> None:
    from tipgraph.web import (
        assets,
        countries,
        dumps,
        editor,
        home,
        queries,
        resources,
        sparql,
        validation,
    )

    for module in (home, sparql, resources, dumps, queries, countries, editor, validation,
                   assets):
        app.register_blueprint(module.blueprint)
    errors.register(app)
    headers.register(app)
    present.register(app)
    app.add_url_rule("/healthz", "healthz", healthz)
