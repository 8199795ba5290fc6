"""The completeness report: statuses checked by hand against the report, and agreement
with the completeness shapes `tipgraph validate` applies."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from tipgraph.cli import main
from tipgraph.completeness import ANSWERED, Status, completeness, load_items
from tipgraph.namespaces import ID
from tipgraph.validate import SHAPES, load_shapes, validate_graph


@pytest.fixture(scope="module")
def shapes(project):
    return load_shapes(project, ["completeness"])


@pytest.fixture(scope="module")
def rows(graph, shapes):
    return {row.code: row for row in completeness(graph, shapes.graphs["completeness"])}


def status(rows, code: str, item: str) -> Status:
    return next(i.status for i in rows[code].items if i.key == item)


# (country, item, status, where the report says so)
BY_HAND = [
    ("CHL", "national-authority", Status.PRESENT, "Appendix 1, line 3111: Mesa Intersectorial"),
    ("CHL", "authority-chair", Status.PRESENT, "Appendix 1, line 3111: Ministry of the Interior"),
    ("CHL", "legal-instrument", Status.PRESENT, "Appendix 6, line 3483: Ley N° 20.507"),
    ("CHL", "legal-instrument-year", Status.PRESENT, "Appendix 6, line 3483: 2011"),
    ("CHL", "policy-or-plan", Status.PRESENT, "Appendix 3, line 3260: Plan de Acción Nacional"),
    ("CHL", "plan-period", Status.PRESENT, "Appendix 3, line 3260: 2015-2018"),
    ("CHL", "specialised-units", Status.PRESENT, "Appendix 7, line 3583: Brigada Investigadora"),
    ("CHL", "dedicated-hotline", Status.PRESENT, "Appendix 9, line 3779"),
    ("CHL", "hotline-number", Status.MISSING, "Appendix 9, line 3779 prints no number"),
    ("CHL", "hotline-operator", Status.PRESENT, "Appendix 9, line 3779: Investigative Police"),
    ("CHL", "victim-protocols", Status.PRESENT, "Appendix 12, line 3937: Guía de Detección"),
    ("CHL", "information-system-model", Status.PRESENT, "Section F, line 2096: Group 3"),
    ("GTM", "national-authority", Status.PRESENT, "Appendix 1, line 3125: Comisión"),
    ("GTM", "authority-chair", Status.MISSING, "Appendix 1, line 3125: the chair cell is empty"),
    ("GTM", "legal-instrument", Status.PRESENT, "Appendix 6, line 3474"),
    ("GTM", "policy-or-plan", Status.PRESENT, "Appendix 3, line 3272: Política Pública"),
    ("GTM", "plan-period", Status.PRESENT, "Appendix 3, line 3272: 2014-2024"),
    ("GTM", "specialised-units", Status.PRESENT, "Appendix 7, line 3614: Sección contra la Trata"),
    ("GTM", "dedicated-hotline", Status.PRESENT, "Appendix 9, line 3783: line 110"),
    ("GTM", "hotline-number", Status.PRESENT, "Appendix 9, line 3783: 110"),
    ("GTM", "hotline-operator", Status.PRESENT, "Appendix 9, line 3783: Policía Nacional Civil"),
    ("GTM", "victim-protocols", Status.PRESENT, "Appendix 12, line 3952: Protocolo"),
    ("GTM", "information-system-model", Status.PRESENT, "Section F, line 2149: Group 3"),
    ("URY", "national-authority", Status.PRESENT, "Appendix 1, line 3182: Mesa Interinstitucional"),
    ("URY", "authority-chair", Status.PRESENT, "Section A, lines 433-439: Women's Institute"),
    ("URY", "legal-instrument", Status.PRESENT, "Appendix 6, line 3467: Ley N° 18.250"),
    ("URY", "legal-instrument-year", Status.PRESENT, "Appendix 6, line 3467: 2008"),
    ("URY", "policy-or-plan", Status.MISSING, "Appendix 3 lists no Uruguayan plan"),
    ("URY", "plan-period", Status.NOT_APPLICABLE, "no plan, so no period to give"),
    ("URY", "specialised-units", Status.PRESENT, "Appendix 7, line 3666: specialised courts"),
    ("URY", "dedicated-hotline", Status.MISSING, "Appendix 9 lists no Uruguayan line"),
    ("URY", "hotline-number", Status.NOT_APPLICABLE, "no dedicated hotline"),
    ("URY", "hotline-operator", Status.NOT_APPLICABLE, "no dedicated hotline"),
    ("URY", "information-system-model", Status.PRESENT, "Section F, lines 2088 and 2224"),
    ("GUY", "hotline-operator", Status.UNKNOWN, "Appendix 9, line 3787: institution Unspecified"),
    ("BHS", "hotline-operator", Status.UNKNOWN, "Appendix 9, line 3775: institution Unspecified"),
]


@pytest.mark.parametrize("code, item, expected, where", BY_HAND,
                         ids=[f"{c}-{i}" for c, i, _, _ in BY_HAND])
def test_status_as_the_report_gives_it(rows, code, item, expected, where):
    assert status(rows, code, item) is expected, where


@pytest.mark.parametrize("code, applicable", [("CHL", 15), ("GTM", 15), ("URY", 12)])
def test_applicable_items_counted_by_hand(rows, code, applicable):
    """Uruguay has no plan and no dedicated hotline: their three details do not apply."""
    row = rows[code]
    counted = [i for i in row.items if i.status is not Status.NOT_APPLICABLE]
    assert len(counted) == applicable
    answered = sum(i.status in ANSWERED for i in counted)
    assert row.score == round(answered / applicable, 3)
    mandatory = [i for i in counted if i.level == "mandatory"]
    assert row.mandatory_score == round(
        sum(i.status in ANSWERED for i in mandatory) / len(mandatory), 3)


def test_missing_mandatory_items_lower_the_score(rows):
    """Chile lacks its hotline's number, which the report does not print."""
    assert rows["CHL"].mandatory_score < 1
    assert "hotline-number" in {i.key for i in rows["CHL"].with_status(Status.MISSING)}


def test_present_items_cite_their_sources(rows):
    for row in rows.values():
        for item in row.with_status(Status.PRESENT):
            assert item.evidence and item.sources, (row.code, item.key)
            assert all("/source/oas-tip-2018" in str(source) for source in item.sources)


def test_every_respondent_has_every_item(rows, graph, shapes):
    items = [item.key for item in load_items(shapes.graphs["completeness"])]
    assert len(rows) == 33
    for row in rows.values():
        assert [i.key for i in row.items] == items


def test_items_that_depend_on_nothing_always_apply(rows, shapes):
    independent = {item.key for item in load_items(shapes.graphs["completeness"])
                   if item.depends_on is None}
    for row in rows.values():
        for item in row.items:
            if item.key in independent:
                assert item.status is not Status.NOT_APPLICABLE, (row.code, item.key)


def test_report_and_shapes_agree_on_what_is_missing(rows, graph, shapes):
    """A country's item is missing exactly when `tipgraph validate` reports it."""
    validation = validate_graph(graph, shapes, "info")
    keys = {shape: str(key) for shape, key in
            shapes.graphs["completeness"].subject_objects(SHAPES.item)}
    reported = {(str(r.focus).rsplit("/", 1)[-1], keys[r.shape]) for r in validation.results}
    missing = {(row.code, item.key) for row in rows.values()
               for item in row.with_status(Status.MISSING)}
    assert reported == missing


def test_mandatory_items_warn_and_desirable_items_inform(shapes):
    levels = {item.key: item.level for item in load_items(shapes.graphs["completeness"])}
    assert levels["national-authority"] == "mandatory"
    assert levels["dedicated-hotline"] == "desirable"
    assert levels["hotline-number"] == "mandatory"
    assert set(levels.values()) == {"mandatory", "desirable"}


def test_completeness_of_chosen_countries_only(graph, shapes):
    rows = completeness(graph, shapes.graphs["completeness"], [ID["country/URY"]])
    assert [row.code for row in rows] == ["URY"]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_cli_table_has_a_line_per_country(runner):
    result = runner.invoke(main, ["completeness"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["Code", "Country", "Score", "Mandatory"]
    assert len(lines) == 1 + 33


def test_cli_table_for_one_country_lists_its_items(runner):
    result = runner.invoke(main, ["completeness", "--country", "ury"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 + 15
    assert any("dedicated hotline" in line and "missing" in line for line in lines)


def test_cli_csv_is_one_row_per_country_and_item(runner):
    result = runner.invoke(main, ["completeness", "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert len(table) == 33 * 15
    uruguay = {row["item"]: row["status"] for row in table if row["code"] == "URY"}
    assert uruguay["hotline-number"] == "n/a"


def test_cli_json_has_scores_and_items(runner):
    result = runner.invoke(main, ["completeness", "--format", "json", "--country", "CHL"])
    assert result.exit_code == 0, result.output
    [chile] = json.loads(result.output)
    assert chile["name"] == "Chile"
    assert 0 < chile["score"] <= 1
    assert {item["status"] for item in chile["items"]} <= {s.value for s in Status}


def test_cli_unknown_country_is_an_error(runner):
    result = runner.invoke(main, ["completeness", "--country", "XXX"])
    assert result.exit_code == 2
    assert "no respondent country with code XXX" in result.output
