"""The query catalogue's pages, the query API and its OpenAPI description."""

from __future__ import annotations

import csv
import io

import pytest
import requests


def test_the_catalogue_lists_every_query_with_its_part_and_links(server, web_catalog):
    page = requests.get(f"{server}/queries").text
    for query in web_catalog:
        assert f'href="/queries/{query.name}"' in page
        assert f'href="/api/queries/{query.name}.csv"' in page
        assert f'href="/api/queries/{query.name}.json"' in page
    assert 'href="/source/oas-tip-2018/appendix/1"' in page


def test_every_query_page_renders(server, web_catalog):
    for query in web_catalog:
        response = requests.get(f"{server}/queries/{query.name}")
        assert response.status_code == 200, (query.name, response.text[:300])
        assert query.summary.replace('"', "&#34;").replace("'", "&#39;") in response.text


def test_a_query_page_has_table_chart_data_and_api_links(server):
    page = requests.get(f"{server}/queries/test-countries-by-region").text
    assert '<canvas id="chart"' in page
    assert 'id="chart-data"' in page and '"Caribbean"' in page
    assert "<td>" in page and "Caribbean" in page
    assert 'href="/api/queries/test-countries-by-region.csv"' in page
    assert 'src="/assets/chart.js"' in page


def test_a_form_offers_dropdowns_from_enumerations_and_countries(server):
    page = requests.get(f"{server}/queries/test-country-names").text
    assert '<select id="param-lang" name="lang"' in page
    for language in ("en", "es", "pt", "fr"):
        assert f'<option value="{language}"' in page
    assert '<select id="param-country" name="country" required' in page
    assert '<option value="ARG">Argentina (ARG)</option>' in page
    assert "Fill in the parameters" in page


def test_a_query_page_runs_with_the_forms_values(server):
    page = requests.get(f"{server}/queries/test-country-names",
                        params={"country": "ARG", "lang": "fr"}).text
    assert "Argentine" in page
    assert '<option value="fr" selected>' in page
    assert 'href="/api/queries/test-country-names.csv?country=ARG&amp;lang=fr"' in page


def test_a_bad_parameter_on_a_page_is_400_naming_it(server):
    response = requests.get(f"{server}/queries/test-country-names",
                            params={"country": "ZZZ"})
    assert response.status_code == 400
    assert "country" in response.text and "ZZZ" in response.text


@pytest.mark.parametrize(("suffix", "accept", "media_type"), [
    (".json", None, "application/json"),
    (".csv", None, "text/csv"),
    (".tsv", None, "text/tab-separated-values"),
    (".xml", None, "application/sparql-results+xml"),
    ("", None, "application/sparql-results+json"),
    ("", "text/csv", "text/csv"),
    ("", "application/sparql-results+json", "application/sparql-results+json"),
    ("", "text/csv;q=0.2, application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_the_api_answers_by_suffix_or_accept(server, suffix, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = requests.get(f"{server}/api/queries/test-countries-by-region{suffix}",
                            headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Caribbean" in response.text


def test_the_api_json_and_csv_agree(server):
    document = requests.get(f"{server}/api/queries/test-countries-by-region.json").json()
    rows = list(csv.DictReader(io.StringIO(
        requests.get(f"{server}/api/queries/test-countries-by-region.csv").text)))
    assert document["head"]["vars"] == ["region", "regionName", "countries"]
    assert [b["regionName"]["value"] for b in document["results"]["bindings"]] == [
        row["regionName"] for row in rows]
    assert sum(int(row["countries"]) for row in rows) == 35


def test_the_api_binds_parameters(server):
    rows = requests.get(f"{server}/api/queries/test-country-names.json",
                        params={"country": "BR", "lang": "pt"}).json()["results"]["bindings"]
    assert [row["name"]["value"] for row in rows] == ["Brasil"]
    post = requests.post(f"{server}/api/queries/test-country-names.json",
                         data={"country": "BRA", "lang": "pt"}).json()
    assert post["results"]["bindings"] == [{"name": {"type": "literal", "value": "Brasil",
                                                     "xml:lang": "pt"}}]


@pytest.mark.parametrize(("params", "parameter"), [
    ({}, "country"),                                  # required and missing
    ({"country": "XX"}, "country"),                   # not a country of the graph
    ({"country": "ARG", "lang": "de"}, "lang"),       # not in the enumeration
    ({"country": "ARG", "colour": "red"}, "colour"),  # not a parameter at all
])
def test_a_bad_parameter_is_400_naming_it(server, params, parameter):
    response = requests.get(f"{server}/api/queries/test-country-names.json", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter and parameter in body["error"]


def test_a_year_out_of_range_is_400(server):
    response = requests.get(f"{server}/api/queries/test-laws-since.csv", params={"year": "99"})
    assert response.status_code == 400 and response.json()["parameter"] == "year"


@pytest.mark.parametrize("path", ["/api/queries/no-such-query.json", "/queries/no-such-query",
                                  "/api/queries/test-countries-by-region.exe"])
def test_an_unknown_query_is_404(server, path):
    response = requests.get(server + path)
    assert response.status_code == 404
    assert response.json()["error"]


def test_a_format_the_result_cannot_take_is_406(server):
    response = requests.get(f"{server}/api/queries/test-countries-by-region.ttl")
    assert response.status_code == 406
    response = requests.get(f"{server}/api/queries/test-countries-by-region",
                            headers={"Accept": "text/turtle"})
    assert response.status_code == 406


def test_openapi_describes_every_query_with_typed_parameters(server, web_catalog):
    document = requests.get(f"{server}/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": server}]
    for query in web_catalog:
        for suffix in ("", ".json", ".csv"):
            assert f"/api/queries/{query.name}{suffix}" in document["paths"]
    operation = document["paths"]["/api/queries/test-country-names.json"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["country"]["required"] is True
    assert parameters["country"]["in"] == "query"
    assert parameters["lang"]["required"] is False
    assert parameters["lang"]["schema"]["enum"] == ["en", "es", "pt", "fr"]
    assert parameters["lang"]["schema"]["default"] == "en"
    year = document["paths"]["/api/queries/test-laws-since"]["get"]["parameters"][0]
    assert year["schema"] == {"type": "integer", "minimum": 1900, "maximum": 2100,
                              "default": 2010}
    assert {"200", "400", "404"} <= set(operation["responses"])
    form = document["paths"]["/api/queries/test-country-names.json"]["post"]["requestBody"]
    fields = form["content"]["application/x-www-form-urlencoded"]["schema"]
    assert fields["required"] == ["country"]
    assert fields["properties"]["lang"]["enum"] == ["en", "es", "pt", "fr"]
    operation_ids = [op[method]["operationId"] for op in document["paths"].values()
                     for method in ("get", "post")]
    assert len(operation_ids) == len(set(operation_ids))


def test_a_query_takes_its_parameters_from_a_posted_form_as_openapi_says(server):
    by_get = requests.get(f"{server}/api/queries/test-country-names.json",
                          params={"country": "ARG", "lang": "es"})
    by_post = requests.post(f"{server}/api/queries/test-country-names.json",
                            data={"country": "ARG", "lang": "es"})
    assert by_get.status_code == by_post.status_code == 200
    assert by_post.json() == by_get.json()
    assert by_post.json()["results"]["bindings"]


def test_a_chart_counts_each_category_once(app):
    from rdflib import Literal, URIRef

    from tipgraph.results import SelectResult
    from tipgraph.web.queries import chart_data

    query = next(q for q in app.extensions["tipgraph.site"].catalog
                 if q.name == "test-countries-by-region")
    sole, collegiate = Literal("sole"), Literal("collegiate")
    five, two, one = Literal(5), Literal(2), Literal(1)
    rows = ((URIRef("urn:a"), sole, five), (URIRef("urn:b"), sole, five),
            (URIRef("urn:c"), collegiate, two), (URIRef("urn:d"), collegiate, one))
    result = SelectResult(("region", "regionName", "countries"), rows)
    with app.test_request_context():
        data = chart_data(query, result)
    assert data["labels"] == ["sole", "collegiate"]
    assert data["values"] == [5.0, 3.0]


AUTHORITY_MODEL = "https://w3id.org/tipgraph/concept/authority-model/"


def test_the_diagram_1_page_shows_the_numbers_the_report_prints(client):
    """Diagram 1 as printed: 28 collegiate authorities (line 310 of the report's text,
    "chosen by most of the 28 countries") and 5 sole ones (lines 304-306, "the
    five-country group made up of Dominica, Grenada, Guatemala, Saint Kitts and Nevis,
    and Venezuela"), each on its category's rows; a count of named countries is no
    substitute for the stated one."""
    answer = client.get("/api/queries/diagram-01-authority-models.json").get_json()
    stated = {}
    for row in answer["results"]["bindings"]:
        if "stated" in row and "category" in row:
            stated.setdefault(row["category"]["value"], set()).add(float(row["stated"]["value"]))
    assert stated.get(AUTHORITY_MODEL + "collegiate") == {28}
    assert stated.get(AUTHORITY_MODEL + "sole") == {5}
    page = client.get("/queries/diagram-01-authority-models").get_data(as_text=True)
    rows = page.split("<tr")
    cell = '<td><span class="literal">{}</span></td>'.format
    assert any("collegiate authority" in row and cell(28) in row for row in rows)
    assert any("sole authority" in row and cell(5) in row for row in rows)
