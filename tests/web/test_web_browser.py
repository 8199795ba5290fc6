"""The pages in a real browser: Debian's chromium driven by Playwright.

Each test leaves a screenshot in screenshots/ for a person to look at, and fails on a
console error (a CSP violation is one) or on any request leaving 127.0.0.1.
"""

from __future__ import annotations

TIMEOUT = 20_000


def shoot(page, screenshots, name: str) -> None:
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def assert_clean(page) -> None:
    assert page.console_errors == []
    assert page.outside_requests == []


def test_the_catalogue(page, server, screenshots):
    page.goto(f"{server}/queries")
    assert page.locator("table.catalogue tbody tr").count() >= 3
    shoot(page, screenshots, "queries")
    page.click("a[href='/queries/test-countries-by-region']")
    page.wait_for_url(f"{server}/queries/test-countries-by-region")
    assert_clean(page)


def test_a_query_with_its_chart(page, server, screenshots):
    page.goto(f"{server}/queries/test-countries-by-region")
    page.wait_for_selector("body[data-chart='drawn']", timeout=TIMEOUT)
    painted = page.evaluate("""() => {
        const canvas = document.getElementById('chart');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let filled = 0;
        for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) filled++; }
        return {filled, width: canvas.width, height: canvas.height};
    }""")
    assert painted["width"] > 100 and painted["height"] > 100
    assert painted["filled"] > 1000, painted
    assert page.locator("table.results tbody tr").count() == 4
    shoot(page, screenshots, "query-chart")
    assert_clean(page)


def test_a_query_form_with_dropdowns(page, server, screenshots):
    page.goto(f"{server}/queries/test-country-names")
    page.select_option("#param-country", "ARG")
    page.select_option("#param-lang", "es")
    page.click("form.parameters button[type=submit]")
    page.wait_for_selector("table.results", timeout=TIMEOUT)
    assert "Argentina" in page.locator("table.results").inner_text()
    shoot(page, screenshots, "query-form")
    assert_clean(page)


def test_a_country_profile(page, server, screenshots):
    page.goto(f"{server}/country/ARG")
    assert page.locator("h1").inner_text() == "Argentina"
    assert page.locator("section#laws article.fact").count() >= 1
    shoot(page, screenshots, "country-ARG")
    page.click("section#authority article.fact h3 a >> nth=0")
    page.wait_for_selector("h2:has-text('Properties')")
    shoot(page, screenshots, "resource")
    assert_clean(page)


def test_the_sparql_editor_runs_a_query(page, server, screenshots):
    page.goto(f"{server}/editor")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=TIMEOUT)
    page.evaluate("""() => { window.tipgraphEditor.getTab().setQuery(
        'PREFIX tip: <https://w3id.org/tipgraph/ontology#>\\n' +
        'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\\n' +
        'SELECT ?code ?name WHERE { ?c a tip:Country ; tip:iso3166Alpha3 ?code ; ' +
        'rdfs:label ?name } ORDER BY ?code'); }""")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table", timeout=TIMEOUT)
    page.wait_for_function(
        "() => document.querySelector('.yasr').innerText.includes('Argentina')",
        timeout=TIMEOUT)
    shoot(page, screenshots, "editor")
    assert_clean(page)


def test_the_editor_offers_the_catalogue_as_examples(page, server):
    page.goto(f"{server}/editor")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=TIMEOUT)
    page.click("button.example:has-text('test-countries-by-region')")
    text = page.evaluate("() => window.tipgraphEditor.getTab().getQuery()")
    assert "tip:m49Region" in text
    assert_clean(page)


def test_the_ontology_page(page, server, screenshots):
    page.goto(f"{server}/ontology")
    assert page.locator("article.term").count() > 50
    shoot(page, screenshots, "ontology")
    assert_clean(page)


SUBMISSION = b"""@prefix tip:  <https://w3id.org/tipgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/tipgraph/id/hotline/GUY-999> a tip:DedicatedHotline ;
    rdfs:label "Guyana trafficking hotline"@en ;
    tip:country <https://w3id.org/tipgraph/id/country/GUY> ;
    prov:wasDerivedFrom <https://w3id.org/tipgraph/source/oas-tip-2018/appendix/9> .
"""


def test_an_upload_to_validate(page, server, screenshots):
    page.goto(f"{server}/validate")
    page.set_input_files("#file", files=[{"name": "guyana.ttl", "mimeType": "text/turtle",
                                          "buffer": SUBMISSION}])
    page.select_option("#severity", "warning")
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#report", timeout=TIMEOUT)
    assert "Report for guyana.ttl" in page.locator("#report h2").inner_text()
    assert page.locator("#report .status-violations").count() == 1
    assert page.locator("table.report tbody tr").count() >= 1
    assert "Guyana:" in page.locator("table.report").inner_text()
    shoot(page, screenshots, "validate")
    assert_clean(page)


def test_the_completeness_table(page, server, screenshots):
    page.goto(f"{server}/completeness")
    assert page.locator("table.completeness tbody tr").count() >= 30
    shoot(page, screenshots, "completeness")
    assert_clean(page)
