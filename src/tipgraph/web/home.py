"""The home page: what the graph holds and where to go next."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    """Show the build's version and size."""
    build = current_app.extensions["tipgraph.build"]
    return render_template("home.html", version=build.version, triples=len(build.graph))
