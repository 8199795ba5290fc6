"""The project's app for any WSGI server, with the caches on or off, as the benchmarks need.

As a factory: `gunicorn 'wsgi_app:make_app()'`, `granian --interface wsgi --factory
wsgi_app:make_app` (run from bench/). As a script it serves with granian, as `tipgraph
serve` does, or with waitress:

    python bench/wsgi_app.py --port 8001 [--no-cache] [--threads 8] [--server waitress]

TIPGRAPH_PROJECT names the project (default: discovered); TIPGRAPH_BENCH_NO_CACHE=1
turns off both caches, the response cache (tipgraph.web.cache) and the session's cache
of canned-query answers, so every request runs its query. The build is the current one
in dist/, loaded as `tipgraph serve` loads it.
"""

from __future__ import annotations

import argparse
import os

from tipgraph.build import current
from tipgraph.catalog import QuerySession, project_catalog
from tipgraph.engines import OxigraphEngine
from tipgraph.load import load_files
from tipgraph.project import Project
from tipgraph.settings import defaults
from tipgraph.validate import load_shapes
from tipgraph.web import create_app
from tipgraph.web.cache import CacheSettings

NO_CACHE = "TIPGRAPH_BENCH_NO_CACHE"


def make_app(cache: bool | None = None):
    """The app `tipgraph serve` makes, with both caches off if asked."""
    if cache is None:
        cache = os.environ.get(NO_CACHE, "") not in ("1", "true", "yes")
    project = Project.discover()
    build = current(project)
    engine = OxigraphEngine.from_nquads(build.nquads(), build.version)
    app = create_app(build, defaults(), catalog=project_catalog(project),
                     assets=project.root / "node_modules", shapes=load_shapes(project),
                     ontology=load_files(sorted(project.ontology_dir.glob("*.ttl"))),
                     engine=engine, cache=None if cache else CacheSettings(entries=0))
    if not cache:
        site = app.extensions["tipgraph.site"]
        site.__dict__["session"] = QuerySession(site.catalog, site.engine, cache_size=0)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=int(defaults()["threads"]))
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--server", choices=("granian", "waitress"), default="granian")
    options = parser.parse_args()
    app = make_app(cache=not options.no_cache)
    if options.server == "waitress":
        import waitress

        waitress.serve(app, host="127.0.0.1", port=options.port, threads=options.threads,
                       ident="tipgraph", clear_untrusted_proxy_headers=True)
        return
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    server = Granian("tipgraph", address="127.0.0.1", port=options.port,
                     interface=Interfaces.WSGI, workers=1, blocking_threads=options.threads,
                     log_level=LogLevels.warning)
    server.serve(target_loader=lambda _target: app)


if __name__ == "__main__":
    main()
