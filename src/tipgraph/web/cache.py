"""Validators and a response cache: the graph is read-only while served.

A build never changes once it is served, so an answer depends only on the request and on
what the server is: the build's version, the settings, the canned queries and the code
that renders. Hence:

- every successful GET answer of a page or a machine route carries a weak ETag made
  from those and from the negotiated representation (its Content-Type), so two formats
  of one resource never share a tag and a new build changes every tag, and a
  Cache-Control that lets clients and shared caches keep it for a while
  (https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2);
- `If-None-Match` with a matching tag gets a 304 without a body
  (https://www.rfc-editor.org/rfc/rfc9110#section-13.1.2);
- answers are kept in a bounded least-recently-used cache (by count and by bytes) and
  replayed without running the view again: a canned query, a /sparql query (by GET, or
  by POST with the same body), a page. The key is everything the answer can depend on:
  the method, the full URL (scheme, host, path, query string), Accept and, for a POST,
  the body and its type. Errors are never kept. A GET or HEAD is replayed by a WSGI
  middleware in front of Flask (`Replay`), as the app sent it the first time; a POST
  from a before_request hook, since its key needs the body Flask reads.

The cache is per app, so two apps over different builds share nothing.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, Response, current_app, g, request
from werkzeug.http import parse_etags, unquote_etag

import tipgraph

# POST answers that may be kept: read-only queries, whose answer the body determines.
POST_ENDPOINTS = frozenset({"sparql.endpoint", "queries.api"})
CACHE_CONTROL = "public, max-age=300"
# Headers a replayed answer must not repeat: the server writes them per response.
NOT_KEPT = frozenset({"date", "set-cookie", "content-length"})
EXTENSION = "tipgraph.cache"
KEEP = "tipgraph.cache.keep"  # set in the WSGI environ on an answer that may be kept


@dataclass(frozen=True)
class CacheSettings:
    """How much the response cache may hold: entries, bytes in all, bytes per answer."""

    entries: int = 1024
    total_bytes: int = 64 * 2**20
    entry_bytes: int = 4 * 2**20

    @property
    def enabled(self) -> bool:
        return self.entries > 0 and self.total_bytes > 0


@dataclass(frozen=True)
class Stored:
    """One kept answer: status, headers and body, as the view made them."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def response(self) -> Response:
        return Response(self.body, status=self.status, headers=list(self.headers))


@dataclass
class ResponseCache:
    """A least-recently-used map of request keys to answers, bounded by count and bytes."""

    limits: CacheSettings = field(default_factory=CacheSettings)
    _items: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _bytes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    hits: int = 0
    misses: int = 0

    def get(self, key: tuple) -> Stored | None:
        with self._lock:
            stored = self._items.get(key)
            if stored is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return stored

    def put(self, key: tuple, stored: Stored) -> None:
        size = len(stored.body)
        if not self.limits.enabled or size > self.limits.entry_bytes:
            return
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous.body)
            self._items[key] = stored
            self._bytes += size
            while (len(self._items) > self.limits.entries
                   or self._bytes > self.limits.total_bytes):
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        return self._bytes


@dataclass
class Validators:
    """One app's response cache and the seed its ETags are made from."""

    seed: str
    cache: ResponseCache

    def etag(self, representation: str) -> str:
        """The tag of an answer in one representation (its Content-Type)."""
        digest = hashlib.sha256(f"{self.seed}\0{representation}".encode()).hexdigest()
        return digest[:20]


def _digest(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def code_digest() -> str:
    """A digest of the package's code, templates and static files, which render answers."""
    root = Path(tipgraph.__file__).parent
    files = sorted(path for pattern in ("*.py", "*.html", "*.css", "*.js", "*.svg")
                   for path in root.rglob(pattern))
    return _digest(path.relative_to(root).as_posix().encode() + path.read_bytes()
                   for path in files)


def seed_of(version: str, settings: Mapping[str, object], catalog: Iterable,
            code: str | None = None) -> str:
    """What every answer of an app depends on besides the request: build, settings,
    canned queries, code. Equal seeds mean equal answers to equal requests."""
    return _digest([
        version.encode(),
        tipgraph.__version__.encode(),
        repr(sorted((name, repr(value)) for name, value in settings.items())).encode(),
        repr(tuple(catalog)).encode(),
        (code if code is not None else code_digest()).encode(),
    ])


def uncached(view: Callable) -> Callable:
    """Mark a view whose answers get no validators and are never kept (a health probe)."""
    view.cached = False
    return view


def _view_allows() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "cached", True)


def environ_key(environ: Mapping[str, object]) -> tuple | None:
    """The cache key of a GET or HEAD request, from its WSGI environ alone."""
    method = environ.get("REQUEST_METHOD")
    if method not in ("GET", "HEAD"):
        return None
    return ("GET", environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
            environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT", ""))


def post_key() -> tuple | None:
    """The cache key of a POST to a query route: the request and its body's digest."""
    if request.method != "POST" or request.endpoint not in POST_ENDPOINTS:
        return None
    body = request.get_data(cache=True)
    return ("POST", request.url, request.headers.get("Accept", ""), request.mimetype,
            hashlib.sha256(body).hexdigest())


def _validators() -> Validators:
    return current_app.extensions[EXTENSION]


def replay_post() -> Response | None:
    """Answer a query POSTed before from the cache (a before_request hook)."""
    key = post_key()
    g.tipgraph_cache_key = key
    if key is None:
        return None
    stored = _validators().cache.get(key)
    if stored is None:
        return None
    g.tipgraph_replayed = True
    return stored.response()


def validate(response: Response) -> Response:
    """Tag a successful GET answer and mark it to be kept; keep a POST answer; turn a
    GET answer into a 304 if the client has it (an after_request hook)."""
    if response.status_code != 200 or request.endpoint is None or not _view_allows():
        return response
    cacheable = not response.is_streamed and not response.direct_passthrough
    if request.method == "POST":
        key = getattr(g, "tipgraph_cache_key", None)
        if key is not None and cacheable and not getattr(g, "tipgraph_replayed", False):
            headers = tuple((name, value) for name, value in response.headers
                            if name.lower() not in NOT_KEPT)
            _validators().cache.put(key, Stored(200, headers, response.get_data()))
        return response
    if request.method not in ("GET", "HEAD"):
        return response
    if "ETag" not in response.headers:
        response.set_etag(_validators().etag(response.content_type or ""), weak=True)
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = CACHE_CONTROL
    if cacheable:
        response.make_conditional(request)
        if request.method == "GET" and response.status_code == 200:
            request.environ[KEEP] = True
    return response


class Replay:
    """WSGI middleware: answer a GET or HEAD the app answered before, without the app.

    The app marks each answer that may be kept (`validate`); this keeps it as it left
    the app, every after_request hook applied, and sends it again, or a 304 when the
    client's If-None-Match has its tag. A replay enters no Flask code at all, so it
    costs less than the app's cheapest route; nothing the app decides per request is
    skipped, since an answer is kept only when the same request gets the same answer.
    """

    def __init__(self, app: Callable, validators: Validators):
        self.app = app
        self.validators = validators

    def __call__(self, environ: dict, start_response: Callable):
        key = environ_key(environ)
        stored = self.validators.cache.get(key) if key is not None else None
        if stored is not None:
            return _send(stored, environ, start_response)
        seen: dict[str, object] = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        answer = self.app(environ, capture)
        if key is None or not environ.get(KEEP) or not str(seen.get("status", "")).startswith(
                "200"):
            return answer
        try:
            body = b"".join(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()
        headers = tuple((name, value) for name, value in seen["headers"]
                        if name.lower() not in NOT_KEPT)
        self.validators.cache.put(key, Stored(200, headers, body))
        return [body]


def _send(stored: Stored, environ: dict, start_response: Callable) -> list[bytes]:
    """Send a kept answer, or a 304 if the client's If-None-Match has its tag."""
    tag = next((value for name, value in stored.headers if name.lower() == "etag"), None)
    wanted = environ.get("HTTP_IF_NONE_MATCH")
    if tag and wanted and parse_etags(wanted).contains_weak(unquote_etag(tag)[0]):
        start_response("304 Not Modified", [
            (name, value) for name, value in stored.headers
            if name.lower() not in ("content-type", "content-length")])
        return []
    start_response("200 OK", [*stored.headers, ("Content-Length", str(len(stored.body)))])
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [stored.body]


def install(app: Flask, version: str, settings: Mapping[str, object], catalog: Iterable,
            limits: CacheSettings) -> Validators:
    """Give an app validators and a response cache; call it after every other
    before_request hook, so a replayed answer has passed them all."""
    validators = Validators(seed_of(version, settings, catalog), ResponseCache(limits))
    app.extensions[EXTENSION] = validators
    app.before_request(replay_post)
    app.after_request(validate)
    app.wsgi_app = Replay(app.wsgi_app, validators)
    return validators
