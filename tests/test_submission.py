"""Submissions: a country's file is validated without being merged, bad input gets one
clear message and exit code 2, and reading it never reaches the network or a file."""

from __future__ import annotations

import json
import socket
import threading
import urllib.request

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import SH

import iri_cases
from tipgraph.cli import main
from tipgraph.namespaces import TIP
from tipgraph.submission import (
    SubmissionError,
    context_for,
    format_of,
    parse_submission,
    read_submission,
)

PREFIXES = """@prefix tip: <https://w3id.org/tipgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
APPENDIX_9 = "<https://w3id.org/tipgraph/source/oas-tip-2018/appendix/9>"
REPORT = "<https://w3id.org/tipgraph/source/oas-tip-2018>"

# A correct record about a country already in the graph: Chile's hotline, now numbered.
CHILE_HOTLINE = PREFIXES + f"""
<https://w3id.org/tipgraph/id/hotline/CHL-next-round> a tip:DedicatedHotline ;
    rdfs:label "Línea de denuncias de la Brigada Investigadora de Trata de Personas"@es ;
    tip:country <https://w3id.org/tipgraph/id/country/CHL> ;
    tip:telephone "+56 2 2708 1000" ;
    tip:operatedBy <https://w3id.org/tipgraph/id/institution/CHL-pdi> ;
    prov:wasDerivedFrom {APPENDIX_9} .
"""

# A new country record: Cuba, which the report does not show answering.
NEW_COUNTRY = PREFIXES + f"""
<https://w3id.org/tipgraph/id/country/CUB> a tip:Country ;
    rdfs:label "Cuba"@en , "Cuba"@es ;
    tip:iso3166Alpha3 "CUB" ; tip:iso3166Alpha2 "CU" ;
    tip:respondentTo {REPORT} .
<https://w3id.org/tipgraph/id/hotline/CUB-line> a tip:DedicatedHotline ;
    tip:country <https://w3id.org/tipgraph/id/country/CUB> ;
    tip:telephone "103" ;
    prov:wasDerivedFrom {APPENDIX_9} .
"""


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture
def write(tmp_path):
    """Write a submission file and return its path."""

    def make(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return make


def test_a_correct_record_about_a_known_country_conforms(runner, write):
    result = runner.invoke(main, ["validate", write("chile.ttl", CHILE_HOTLINE)])
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.output


def test_warnings_fail_when_the_severity_says_so(runner, write):
    result = runner.invoke(main, ["validate", "--severity", "warning",
                                  write("chile.ttl", CHILE_HOTLINE)])
    assert result.exit_code == 1, result.output
    assert "Chile: no national authority" in result.output


def test_a_submission_is_judged_on_its_own_record(runner, write):
    """Shipped facts about Chile do not count: the submission holds only a hotline."""
    result = runner.invoke(main, ["validate", "--format", "json",
                                  write("chile.ttl", CHILE_HOTLINE)])
    report = json.loads(result.output)
    assert report["conforms"] is True
    focus = {item["focus"] for item in report["results"]}
    assert focus == {"https://w3id.org/tipgraph/id/country/CHL"}
    messages = {item["message"] for item in report["results"]}
    assert "Chile: no law characterising trafficking in persons as a crime is recorded" in messages


def test_a_new_country_record_is_validated(runner, write):
    result = runner.invoke(main, ["validate", "--format", "json",
                                  write("cuba.ttl", NEW_COUNTRY)])
    report = json.loads(result.output)
    messages = {item["message"] for item in report["results"]}
    assert "Cuba: the dedicated hotline has no operating institution" in messages
    assert "Cuba: no national authority against trafficking in persons is recorded" in messages


def test_a_wrong_record_fails_with_its_messages(runner, write):
    wrong = CHILE_HOTLINE.replace('"+56 2 2708 1000"', '"call us"').replace(
        f"prov:wasDerivedFrom {APPENDIX_9} .", 'tip:year "1850"^^xsd:gYear .')
    result = runner.invoke(main, ["validate", write("chile.ttl", wrong)])
    assert result.exit_code == 1, result.output
    for words in ("Chile: a telephone number is not in a printable form",
                  "Chile: the item does not say which part of the report it comes from",
                  "Chile: a year is not written as a year (xsd:gYear) between 1900 and 2030"):
        assert words in result.output


def test_the_turtle_output_is_the_shacl_report(runner, write):
    result = runner.invoke(main, ["validate", "--format", "turtle",
                                  write("chile.ttl", CHILE_HOTLINE)])
    report = Graph().parse(data=result.output, format="turtle")
    assert next(report.objects(None, SH.conforms)).toPython() is True
    assert any("Chile:" in str(m) for m in report.objects(None, SH.resultMessage))


def test_several_files_are_one_submission(runner, write):
    hotline, country = CHILE_HOTLINE.split("<https://w3id.org/tipgraph/id/hotline/")
    first = write("a.ttl", PREFIXES + "<https://w3id.org/tipgraph/id/hotline/" + country)
    second = write("b.nt", "<https://w3id.org/tipgraph/id/hotline/CHL-next-round> "
                   "<https://w3id.org/tipgraph/ontology#sourceLine> \"3779\"^^"
                   "<http://www.w3.org/2001/XMLSchema#integer> .\n")
    result = runner.invoke(main, ["validate", first, second])
    assert result.exit_code == 0, result.output


def test_the_shipped_graph_is_not_touched(graph):
    before = len(graph)
    submission = parse_submission(CHILE_HOTLINE.encode(), "chile.ttl").graph
    context = context_for(submission, graph, Graph())
    assert len(graph) == before
    assert (None, None, None) in context
    hotline = next(submission.subjects())
    assert (hotline, None, None) not in graph


def test_referenced_shipped_nodes_come_along(graph):
    submission = parse_submission(CHILE_HOTLINE.encode(), "chile.ttl").graph
    context = context_for(submission, graph, Graph())
    police = next(submission.objects(None, TIP.operatedBy))
    assert (police, None, None) in context  # the institution, from the shipped data
    assert (None, TIP.respondentTo, None) in context  # Chile, referred to


# (file name, content, words of the one-line message)
BAD_INPUT = [
    ("empty.ttl", "", "the file is empty"),
    ("blank.ttl", "   \n\n", "the file is empty"),
    ("comments.ttl", "# nothing here\n", "holds no triples"),
    ("broken.ttl", PREFIXES + "<a> <b> .\n", "line 6: not valid Turtle"),
    ("broken.nt", "<http://a> <http://b> \"c .\n", "not valid N-Triples"),
    ("broken.jsonld", '{"@id": "http://a", ', "line 1: not valid JSON-LD"),
    ("broken.rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><a>",
     "not valid RDF/XML"),
    ("record.csv", "country,hotline\nCHL,145\n", "unknown format"),
    ("record", "country,hotline\nCHL,145\n", "unknown format"),
    ("latin1.ttl", "<a> <b> \"Perú\" .".encode("latin-1"), "not UTF-8 text"),
    ("deep.jsonld", "[" * 100000 + "]" * 100000, "nested too deeply"),
] + [(case.name, case.text, case.words) for case in iri_cases.CASES]


@pytest.mark.parametrize("name, content, words", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_gets_one_clear_message_and_exit_code_2(runner, write, name, content, words):
    result = runner.invoke(main, ["validate", write(name, content)])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_huge_file_is_refused_unread(runner, write):
    path = write("huge.ttl", CHILE_HOTLINE + "#" * 5000)
    result = runner.invoke(main, ["validate", path], env={"TIPGRAPH_MAX_BODY": "2000"})
    assert result.exit_code == 2
    assert "more than the limit of 2000" in result.output


def test_a_missing_file_is_an_error(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path / "nowhere.ttl")])
    assert result.exit_code == 2
    assert "cannot read the file" in result.output


@pytest.mark.parametrize("name, text, media_type, expected", [
    ("a.ttl", "", None, "turtle"),
    ("a.NT", "", None, "nt"),
    ("a.jsonld", "", None, "json-ld"),
    ("a.rdf", "", None, "xml"),
    ("upload", '  {"@id": "x"}', None, "json-ld"),
    ("upload", '<?xml version="1.0"?><rdf:RDF/>', None, "xml"),
    ("upload", "# a comment\n@prefix x: <http://x/> .", None, "turtle"),
    ("upload", "<http://a> <http://b> <http://c> .", None, "turtle"),
    ("upload.txt", "", "application/ld+json; charset=utf-8", "json-ld"),
])
def test_format_by_media_type_name_or_text(name, text, media_type, expected):
    assert format_of(name, text, media_type) == expected


def test_read_submission_checks_the_size_before_reading(tmp_path):
    path = tmp_path / "big.ttl"
    path.write_text("#" * 100)
    with pytest.raises(SubmissionError, match="more than the limit of 10"):
        read_submission(path, 10)


# --- Nothing is fetched: a local listener counts every connection attempt ---------------


class Listener:
    """A TCP server on 127.0.0.1 that accepts and closes connections, counting them."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.hits = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.hits += 1
            connection.close()

    def stop(self):
        self.running = False
        self.thread.join(timeout=5)
        self.socket.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.stop()


def remote_attempts(port: int) -> list[tuple[str, str, int]]:
    """(file name, content, expected exit code) for each way a file could pull a resource."""
    url = f"http://127.0.0.1:{port}"
    return [
        ("imports.ttl", CHILE_HOTLINE + f"<http://example.org/x> owl:imports <{url}/x> .\n", 0),
        ("imports.nt", f"<http://example.org/x> <http://www.w3.org/2002/07/owl#imports> "
                       f"<{url}/x> .\n", 0),
        ("context.jsonld", json.dumps({"@context": f"{url}/ctx", "@id": "http://a",
                                       "name": "x"}), 2),
        ("context-list.jsonld", json.dumps({"@context": [{"x": "http://x/"}, f"{url}/ctx"],
                                            "@id": "http://a"}), 2),
        ("nested-context.jsonld", json.dumps({"@graph": [{"@context": f"{url}/ctx",
                                                          "@id": "http://a"}]}), 2),
        ("import.jsonld", json.dumps({"@context": {"@import": f"{url}/ctx"},
                                      "@id": "http://a"}), 2),
        ("file-context.jsonld", json.dumps({"@context": "file:///etc/passwd",
                                            "@id": "http://a"}), 2),
        ("entity.rdf", f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY e SYSTEM "{url}/e"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="http://a"><rdfs:label>&e;</rdfs:label></rdf:Description>
</rdf:RDF>""", 2),
        ("file-entity.rdf", """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY e SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="http://a"><rdfs:label>&e;</rdfs:label></rdf:Description>
</rdf:RDF>""", 2),
        ("dtd.rdf", f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF SYSTEM "{url}/dtd">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>""", 2),
    ]


def test_no_submission_makes_a_request(runner, write, listener):
    for name, content, code in remote_attempts(listener.port):
        result = runner.invoke(main, ["validate", write(name, content)])
        assert result.exit_code == code, (name, result.output)
        assert "Traceback" not in result.output
        assert "root:" not in result.output  # nothing of /etc/passwd
    assert listener.hits == 0


def test_the_listener_would_have_seen_a_request(listener):
    """The control: a real request to the listener is counted, so zero above means none."""
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{listener.port}/x", timeout=2)
    assert listener.hits == 1


def test_rdflib_alone_would_fetch_the_remote_context(listener):
    """Why the JSON-LD check exists: rdflib's parser fetches a context given by address."""
    document = json.dumps({"@context": f"http://127.0.0.1:{listener.port}/ctx",
                           "@id": "http://a", "name": "x"})
    with pytest.raises(Exception):  # noqa: B017 - the listener closes without an answer
        Graph().parse(data=document, format="json-ld")
    assert listener.hits >= 1


def test_the_json_ld_check_refuses_remote_contexts_directly():
    with pytest.raises(SubmissionError, match="not fetched"):
        parse_submission(b'{"@context": "http://example.org/ctx", "@id": "http://a"}',
                         "a.jsonld")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda text: text.encode("utf-8")),
        st.sampled_from([CHILE_HOTLINE, NEW_COUNTRY]).flatmap(
            lambda text: st.integers(0, len(text)).map(lambda cut: text[:cut].encode())
        ),
    ),
    name=st.sampled_from(["a.ttl", "a.nt", "a.jsonld", "a.rdf", "a.csv", "upload"]),
)
def test_any_bytes_parse_or_get_one_message(data, name):
    """Whatever a country sends, the answer is a graph or a SubmissionError, nothing else."""
    try:
        submission = parse_submission(data, name, max_bytes=10_000)
    except SubmissionError as error:
        assert str(error).startswith(name + ":")
        assert "\n" not in str(error)
    else:
        assert len(submission.graph) > 0
