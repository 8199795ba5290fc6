"""Validation for people and programs: /validate for a submitted file, /completeness."""

from __future__ import annotations

from flask import Blueprint

from tipgraph.web.errors import WebError

blueprint = Blueprint("validation", __name__)


@blueprint.route("/validate", methods=["GET", "POST"])
def validate():
    """Validate a submitted file against the shapes."""
    raise WebError(503, "validation is not available yet")


@blueprint.get("/completeness")
def completeness():
    """The completeness of every country's record."""
    raise WebError(503, "completeness is not available yet")
