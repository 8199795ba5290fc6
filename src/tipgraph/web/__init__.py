"""The web application factory: pages for people, formats for machines."""

from __future__ import annotations

from flask import Flask

from tipgraph.build import Build


def create_app(build: Build, settings: dict | None = None) -> Flask:
    """Create an app serving `build`; nothing is read from disk or globals here."""
    app = Flask(__name__)
    app.config.update(settings or {})
    app.extensions["tipgraph.build"] = build

    from tipgraph.web import home

    app.register_blueprint(home.blueprint)
    return app
