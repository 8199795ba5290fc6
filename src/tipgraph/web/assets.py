"""Front-end packages (the SPARQL editor, the chart library) served from node_modules.

They are declared in package.json and installed by `npm ci`, never copied into the
repository. Only the files named in ASSETS can be served: the client picks a name,
never a path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Blueprint, Response, request

from tipgraph.web.errors import WebError
from tipgraph.web.site import site

blueprint = Blueprint("assets", __name__)

# name -> (npm package, file inside it, media type)
ASSETS: Mapping[str, tuple[str, str, str]] = {
    "chart.js": ("chart.js", "dist/chart.umd.min.js", "text/javascript"),
    "yasgui.js": ("@zazuko/yasgui", "build/yasgui.min.js", "text/javascript"),
    "yasgui.css": ("@zazuko/yasgui", "build/yasgui.min.css", "text/css"),
}


def asset_path(folder: Path | None, name: str) -> Path | None:
    """Where an asset's file is installed, if it is."""
    if folder is None:
        return None
    package, file, _ = ASSETS[name]
    path = folder / package / file
    return path if path.is_file() else None


def _read(name: str) -> bytes:
    path = asset_path(site().assets, name)
    if path is None:
        raise WebError(404, f"the front-end package for {name} is not installed; "
                            "run `npm ci` in the project folder")
    return path.read_bytes()


@blueprint.get("/assets/<name>")
def asset(name: str):
    """Serve one named front-end file, kept in memory after the first request."""
    if name not in ASSETS:
        raise WebError(404, f"no asset named {name!r}")
    body = site().memo(f"asset:{name}", lambda: _read(name))
    response = Response(body, mimetype=ASSETS[name][2])
    response.set_etag(f"{name}-{len(body)}")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)
