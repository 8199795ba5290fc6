"""Bad input: malformed SPARQL, wrong types, huge values, odd encodings (invalid UTF-8,
broken percent-escapes, NUL bytes), wrong methods and media types, on the endpoint, the
query API and /validate. The answer is never a 5xx (but a 503 for a query past its time
limit), never a stack trace, and a refusal says what is wrong.

Requests are written byte for byte on a socket where a client library would clean them
up (an invalid percent-escape, a raw byte above 0x7F or a space in a URL). A request that
is not valid HTTP never reaches the app: the HTTP server refuses it with a bare status
line (granian, which `tipgraph serve` runs: 400, or 414 for an over-long URL).
"""

from __future__ import annotations

import http.client
import json
import socket
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


class Answer:
    """A raw HTTP answer: status, headers and body."""

    def __init__(self, status: int, reason: str, headers: dict[str, str], body: bytes):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def raw(base: str, method: str, target: bytes | str, body: bytes | None = None,
        headers: dict[str, str] | None = None) -> Answer:
    """Send one request byte for byte over a socket (nothing is re-encoded) and read it."""
    address = urlsplit(base)
    target = target.encode("utf-8", "surrogatepass") if isinstance(target, str) else target
    lines = [method.encode() + b" " + target + b" HTTP/1.1",
             f"Host: {address.netloc}".encode(), b"Connection: close"]
    lines += [f"{name}: {value}".encode("utf-8", "surrogatepass")
              for name, value in (headers or {}).items()]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}".encode())
    with socket.create_connection((address.hostname, address.port), timeout=60) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + (body or b""))
        response = http.client.HTTPResponse(sock, method=method)
        response.begin()
        return Answer(response.status, response.reason,
                      {k.lower(): v for k, v in response.getheaders()}, response.read())


def assert_handled(answer: Answer) -> None:
    """Not a server error, no stack trace; a refusal with a message in it."""
    message = answer.text
    assert answer.status < 500 or (answer.status == 503 and (
        "limit" in message or "busy" in message)), (answer.status, message[:300])
    assert "Traceback" not in message and 'File "' not in message
    if answer.status >= 400:
        if answer.headers.get("content-type", "").startswith("application/json"):
            document = json.loads(message)
            assert document["error"].strip() and document["status"] == answer.status
        elif not message.strip():  # the HTTP server's refusal of what is not HTTP
            assert "content-type" not in answer.headers
            assert answer.status in (400, 414, 431) and answer.reason, answer.status


# --- the SPARQL endpoint -------------------------------------------------------------------

ODD_BYTES = st.binary(max_size=120)
PERCENT = st.lists(st.one_of(
    st.sampled_from([b"%", b"%0", b"%zz", b"%FF", b"%00", b"%C3%28", b"%E2%82", b"%F0%9F",
                     b"%2525", b"+", b"&", b"=", b"%3D", b"%26", b"query=", b"\xff", b"\x80",
                     b"%ED%A0%80", b"%C0%AF"]),
    st.binary(min_size=1, max_size=4).map(lambda data: "".join(f"%{b:02X}" for b in data)
                                          .encode()),
    st.text(alphabet="SELECTWHER{}?sp*. ", max_size=8).map(str.encode),
), max_size=20).map(b"".join)


@FUZZ
@given(query=PERCENT)
def test_any_bytes_in_the_query_string_get_an_answer(any_server, query):
    assert_handled(raw(any_server, "GET", b"/sparql?query=" + query))
    assert_handled(raw(any_server, "GET", b"/sparql?" + query))


@FUZZ
@given(body=ODD_BYTES, content_type=st.sampled_from([
    "application/sparql-query", "application/sparql-query; charset=latin-1",
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-16",
    "multipart/form-data", "multipart/form-data; boundary=x", "application/sparql-update",
    "text/plain", "application/json", "*/*", "", "application/sparql-query\x00",
    "a" * 300]))
def test_any_body_of_any_type_gets_an_answer(any_server, body, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_handled(raw(any_server, "POST", "/sparql", body, headers))


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text_posted_as_a_query_gets_an_answer(any_server, text):
    for body in (text.encode("utf-8"), text.encode("utf-16"), text.encode("utf-8") + b"\x00"):
        assert_handled(raw(any_server, "POST", "/sparql", body,
                           {"Content-Type": "application/sparql-query"}))


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999999",
    "SELECT * WHERE { ?s ?p ?o } OFFSET -1",
    "SELECT (1/0 AS ?x) WHERE {}",
    'SELECT (xsd:integer("x") AS ?x) WHERE {}',
    "SELECT (REGEX(\"a\", \"(\") AS ?x) WHERE {}",
    "SELECT (STRDT(\"1\", <urn:x>) AS ?x) (\"1\"^^<urn:x> + 1 AS ?y) WHERE {}",
    "SELECT * WHERE { ?s ?p ?o } GROUP BY ?nothing",
    "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }",
    "SELECT * WHERE { ?s ?p \"\\uD800\" }",
    "SELECT * WHERE { <\x00> ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } " + "ORDER BY ?s " * 2000,
    "SELECT " + " ".join(f"?v{i}" for i in range(5000)) + " WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT * WHERE { " + "{ " * 3000 + "}" * 3000 + " }",
    "SELECT * WHERE { FILTER(" + "+".join(["1"] * 30000) + ") }",
    "ASK { ?s <" + "a" * 100_000 + "> ?o }",
    "DESCRIBE " + " ".join(["?x"] * 3000),
    "\ufeffASK {}",
    "ASK {}\x00",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3 " + "#" * 50_000,
])
@pytest.mark.parametrize("how", ["GET", "POST"])
def test_malformed_strange_and_huge_queries_get_a_message(any_server, query, how):
    if how == "GET":
        from urllib.parse import quote
        answer = raw(any_server, "GET", "/sparql?query=" + quote(query, safe=""),
                     headers={"Accept": "application/json"})
    else:
        answer = raw(any_server, "POST", "/sparql", query.encode("utf-8", "surrogatepass"),
                     {"Content-Type": "application/sparql-query"})
    assert_handled(answer)


ROUTES = ["/sparql", "/api/queries/member-states.json", "/api/queries/country-profile",
          "/validate", "/queries/member-states", "/id/country/ARG", "/country/ARG",
          "/openapi.json", "/dumps/tipgraph.ttl", "/completeness", "/", "/editor"]


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "FOO",
                                    "OPTIONS", "HEAD"])
def test_wrong_methods_get_a_message(any_server, path, method):
    answer = raw(any_server, method, path, b"x", {"Content-Type": "text/plain"})
    if method in ("OPTIONS", "HEAD"):
        assert answer.status < 500
    else:
        assert answer.status in (400, 405, 501), (answer.status, answer.text[:200])
        assert_handled(answer)


@FUZZ
@given(accept=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                      max_size=120),
       path=st.sampled_from(ROUTES + ["/sparql?query=ASK%20%7B%7D", "/nowhere"]))
def test_any_accept_header_gets_an_answer(any_server, accept, path):
    assert_handled(raw(any_server, "GET", path, headers={"Accept": accept}))


# --- the query API ----------------------------------------------------------------------------

VALUES = st.one_of(
    st.text(max_size=60), st.integers().map(str), st.floats().map(str),
    st.sampled_from(["", " ", "-1", "0", "99999999999999999999999", "1e309", "NaN", "true",
                     "ARG", "arg", "XXX", "https://w3id.org/tipgraph/id/country/ARG",
                     "<script>", "\x00", "ARG\x00", "%00", "../../etc/passwd", "a" * 5000,
                     "appendix/9", "table/1", "concept/x", "\ud7ff", "\u202e"]))


@FUZZ
@given(name=st.sampled_from(["concept-members", "countries-by-region", "country-profile",
                             "discrepancies-by-part", "institution-search",
                             "items-dated-in-year", "laws-before-year-and-later-plans",
                             "part-contents", "member-states", "no-such-query", ""]),
       suffix=st.sampled_from(["", ".json", ".csv", ".tsv", ".xml", ".ttl", ".exe", "."]),
       values=st.dictionaries(st.sampled_from(["concept", "region", "country", "part", "text",
                                               "year", "x", "query", "format"]),
                              VALUES, max_size=4),
       method=st.sampled_from(["GET", "POST"]))
def test_any_parameters_of_any_query_get_an_answer(any_server, name, suffix, values, method):
    from urllib.parse import urlencode
    query = urlencode(values, encoding="utf-8", errors="surrogatepass")
    target = f"/api/queries/{name}{suffix}"
    if method == "GET":
        answer = raw(any_server, "GET", f"{target}?{query}")
    else:
        answer = raw(any_server, "POST", target, query.encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert_handled(answer)
    if answer.status == 400 and answer.headers["content-type"].startswith("application/json"):
        parameter = json.loads(answer.text).get("parameter")
        assert parameter is None or parameter in values or parameter in (
            "concept", "region", "country", "part", "text", "year")


@FUZZ
@given(query=PERCENT, name=st.sampled_from(["country-profile", "institution-search",
                                           "items-dated-in-year"]))
def test_any_bytes_as_parameters_get_an_answer(any_server, query, name):
    assert_handled(raw(any_server, "GET", f"/api/queries/{name}.json?".encode() + query))
    assert_handled(raw(any_server, "GET", f"/queries/{name}?".encode() + query))


# --- /validate ----------------------------------------------------------------------------------

UPLOAD_TYPES = ["text/turtle", "application/n-triples", "application/ld+json",
                "application/rdf+xml", "application/json", "text/plain", "",
                "application/octet-stream", "multipart/form-data",
                "application/x-www-form-urlencoded", "text/turtle; charset=utf-16"]
STARTS = [b"", b"@prefix x: <urn:x:> .\n", b"<urn:a> <urn:b> ", b'{"@id": ', b"[",
          b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
          b'syntax-ns#">', b"\xef\xbb\xbf", b"\xff\xfe", b"\x00\x00\xfe\xff"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(start=st.sampled_from(STARTS), rest=ODD_BYTES,
       content_type=st.sampled_from(UPLOAD_TYPES),
       name=st.sampled_from(["x.ttl", "x.jsonld", "x.rdf", "x.nt", "x", "../../x.ttl",
                             "x.exe", "%00.ttl", "\u202ex.ttl"]))
def test_any_upload_gets_a_report_or_a_message(any_server, start, rest, content_type, name):
    from urllib.parse import quote
    headers = {"Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    answer = raw(any_server, "POST", f"/validate?name={quote(name)}", start + rest, headers)
    assert_handled(answer)


@pytest.mark.parametrize(("name", "media_type", "data"), [
    ("deep.ttl", "text/turtle", b"<urn:a> <urn:b> " + b"(" * 20000 + b")" * 20000 + b" ."),
    ("blank.ttl", "text/turtle", b"<urn:a> <urn:b> " + b"[ <urn:b> " * 20000 + b"1"
     + b" ]" * 20000 + b" ."),
    ("deep.jsonld", "application/ld+json", b'{"urn:x:p": ' * 20000 + b"1" + b"}" * 20000),
    ("deep.rdf", "application/rdf+xml",
     b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
     + b'<rdf:Description rdf:about="urn:x:a"><x:p xmlns:x="urn:x:" rdf:parseType="Resource">'
     * 5000 + b"</x:p></rdf:Description>" * 5000 + b"</rdf:RDF>"),
    ("laughs.rdf", "application/rdf+xml",
     b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
     b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
     b']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
     b'<rdf:Description rdf:about="urn:x:a"><rdf:value>&c;</rdf:value></rdf:Description>'
     b"</rdf:RDF>"),
    ("utf16.ttl", "text/turtle", "<urn:a> <urn:b> \"é\" .".encode("utf-16")),
    ("latin1.ttl", "text/turtle", "<urn:a> <urn:b> \"é\" .".encode("latin-1")),
    ("nul.ttl", "text/turtle", b"<urn:a> <urn:b> \"a\x00b\" ."),
    ("long.nt", "application/n-triples", b"<urn:a> <urn:b> \"" + b"x" * 900_000 + b"\" ."),
    ("empty.jsonld", "application/ld+json", b"{}"),
    ("number.jsonld", "application/ld+json", b"1e999999"),
    ("surrogate.jsonld", "application/ld+json", b'{"@id": "urn:x:\\ud800", "urn:x:p": 1}'),
])
def test_strange_uploads_get_a_message(any_server, name, media_type, data):
    answer = raw(any_server, "POST", f"/validate?name={name}", data,
                 {"Content-Type": media_type, "Accept": "application/json"})
    assert_handled(answer)
    assert answer.status in (200, 400, 413), (answer.status, answer.text[:300])


@pytest.mark.parametrize(("field", "value"), [
    ("severity", "fatal"), ("severity", ""), ("severity", "\x00"), ("format", "text/n3"),
    ("format", "application/x-trig"), ("format", "a" * 10_000), ("text", ""),
    ("text", "\x00"), ("file", ""),
])
def test_odd_form_fields_get_a_message(any_server, field, value):
    from urllib.parse import urlencode
    fields = {"text": "<urn:a> <urn:b> <urn:c> .", "format": "text/turtle", field: value}
    answer = raw(any_server, "POST", "/validate", urlencode(fields).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded",
                  "Accept": "application/json"})
    assert_handled(answer)
