"""The home page: what the graph holds and where to go next."""

from __future__ import annotations

from flask import Blueprint, render_template

from tipgraph.web.site import site

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    """Show the build's version and size, and the ways in."""
    build = site().build
    return render_template("home.html", version=build.version, triples=len(build.graph),
                           queries=len(site().catalog))
