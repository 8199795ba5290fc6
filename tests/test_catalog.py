"""The catalogue: the project's queries load and follow the rules; bad files are refused."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from rdflib.plugins.sparql import prepareQuery

import engines_fixtures
from tipgraph.catalog import (
    GRLC_KEYS,
    PRESETS,
    TIPGRAPH_KEYS,
    CatalogError,
    UnknownQuery,
    load_catalog,
    parse_query_file,
    split_header,
)
from tipgraph.engines import syntax
from tipgraph.namespaces import SRC

build = engines_fixtures.build
catalog = engines_fixtures.catalog
engines = engines_fixtures.engines
lookups = engines_fixtures.lookups
oxigraph_server = engines_fixtures.oxigraph_server
session = engines_fixtures.session


def test_the_project_catalog_loads(catalog, project):
    presets = yaml.safe_load((project.queries_dir / PRESETS).read_text(encoding="utf-8"))
    assert len(catalog) == len(list(project.queries_dir.glob("*.rq"))) + len(presets)
    assert catalog.names() == sorted(catalog.names())
    with pytest.raises(UnknownQuery, match="tipgraph queries"):
        catalog["no-such-query"]


def test_every_query_documents_itself(catalog):
    for query in catalog:
        assert query.summary and query.description, query.name
        assert query.tags, query.name
        for parameter in query.parameters:
            assert parameter.description, (query.name, parameter.name)
            assert parameter.default is not None or not parameter.required, (
                f"{query.name}: give required parameter {parameter.name} a default, "
                "so grlc and the cross-engine test can run it")


def test_every_query_orders_its_rows(catalog):
    """Rows must come in the same order on every engine, so every query sorts."""
    for query in catalog:
        assert {"ORDER", "BY"} <= syntax.keywords(query.text), query.name


def test_every_query_is_valid_for_grlc(catalog):
    """grlc parses with rdflib and reads the YAML header; both must accept every file."""
    for query in (query for query in catalog if query.preset_of is None):
        header, text = split_header(query.path.read_text(encoding="utf-8"))
        metadata = yaml.safe_load(header)
        assert set(metadata) <= GRLC_KEYS | TIPGRAPH_KEYS
        assert isinstance(metadata.get("tags", []), list)
        for key in ("defaults", "enumerate"):
            assert all(isinstance(item, dict) for item in metadata.get(key, [])), query.name
        prepareQuery(text)


def test_report_queries_name_their_part(catalog):
    for query in catalog:
        if query.name.startswith(("table-", "diagram-", "figure-", "appendix-")):
            assert query.sources, query.name
            number = query.name.split("-")[1].lstrip("0")
            kind = query.name.split("-")[0]
            assert SRC[f"{kind}/{number}"] in query.sources, query.name


GOOD = """\
#+ summary: "Countries in a region"
#+ description: A test query.
#+ tags:
#+   - Test
#+ source: https://w3id.org/tipgraph/source/oas-tip-2018/table/1
#+ params:
#+   country: {type: country, description: the country}
#+   text: {type: string, description: part of a name}
#+ defaults:
#+   - country: ARG
#+ enumerate:
#+   - country: [ARG, BRA]
#+ chart: {type: bar, x: code, y: n}
PREFIX tip: <https://w3id.org/tipgraph/ontology#>
SELECT ?code (COUNT(?x) AS ?n) WHERE {
  ?_country_iri tip:iso3166Alpha3 ?code .
  OPTIONAL { ?x tip:country ?_country_iri ; tip:note ?note FILTER(CONTAINS(?note, ?__text_string)) }
} GROUP BY ?code ORDER BY ?code
"""


def write(tmp_path, text, name="a-query.rq"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_file_parses_into_a_canned_query(tmp_path):
    query = parse_query_file(write(tmp_path, GOOD))
    assert query.name == "a-query"
    assert query.summary == "Countries in a region"
    assert query.tags == ("Test",)
    assert query.source == SRC["table/1"]
    assert query.variables == ("code", "n")
    assert (query.chart.type, query.chart.x, query.chart.y) == ("bar", "code", "n")
    country, text = query.parameters
    assert (country.name, country.variable, country.type, country.required) == (
        "country", "_country_iri", "country", True)
    assert country.default == "ARG" and country.enumeration == ("ARG", "BRA")
    assert (text.name, text.type, text.required, text.default) == ("text", "string", False, None)
    assert "#+" not in query.text


REFUSED = [
    ("no header", GOOD.replace("#+", "#"), "no #+ header"),
    ("bad yaml", GOOD.replace('"Countries in a region"', "Countries: in: a region"),
     "not valid YAML"),
    ("unknown key", GOOD.replace("#+ tags:", "#+ colour: red\n#+ tags:"), "unknown header key"),
    ("no summary", GOOD.replace('#+ summary: "Countries in a region"\n', ""), "summary"),
    ("tags not a list", GOOD.replace("#+ tags:\n#+   - Test", "#+ tags: Test"), "tags"),
    ("undeclared parameter",
     GOOD.replace("#+   text: {type: string, description: part of a name}\n", ""),
     "params declares no 'text'"),
    ("declared unused", GOOD.replace("#+ defaults:", "#+   year: {type: year}\n#+ defaults:"),
     "params names 'year'"),
    ("kind mismatch", GOOD.replace("{type: country,", "{type: year,"), "binds a integer"),
    ("unknown type", GOOD.replace("{type: country,", "{type: planet,"), "unknown type"),
    ("default for nothing", GOOD.replace("#+   - country: ARG", "#+   - region: x"),
     "defaults names 'region'"),
    ("enumeration without values", GOOD.replace("#+   - country: [ARG, BRA]", "#+   - country"),
     "enumerate"),
    ("chart column", GOOD.replace("y: n}", "y: total}"), "not a projected variable"),
    ("chart type", GOOD.replace("type: bar", "type: radar"), "chart type"),
    ("source outside the report", GOOD.replace("oas-tip-2018/table/1", "other/table/1"),
     "not a part of the report"),
    ("syntax", GOOD.replace("GROUP BY", "GROUP BY BY"), "does not parse"),
    ("update", GOOD.split("PREFIX")[0] + "INSERT DATA { <http://a> <http://b> ?_country_iri }",
     "SELECT or CONSTRUCT"),
    ("grlc-invalid variable", GOOD.replace("?__text_string", "?__te_xt_string"),
     "not a grlc parameter"),
    ("kind grlc has but tipgraph does not", GOOD.replace("?__text_string", "?__text_en"),
     "unsupported kind"),
    ("parameter inside a UNION branch", GOOD.replace(
        "OPTIONAL { ?x", "{ ?x tip:a ?_country_iri } UNION { ?x tip:b ?y } OPTIONAL { ?x"),
     "inside a UNION group"),
    ("parameter inside MINUS", GOOD.replace(
        "OPTIONAL { ?x", "MINUS { ?x tip:note ?__text_string } OPTIONAL { ?x"),
     "inside a MINUS group"),
    ("parameter hidden in a subquery", GOOD.replace(
        "OPTIONAL { ?x", "{ SELECT ?x WHERE { ?x tip:note ?__text_string } } OPTIONAL { ?x"),
     "subquery that does not project it"),
]


@pytest.mark.parametrize("label, text, message", REFUSED, ids=[case[0] for case in REFUSED])
def test_bad_files_are_refused_with_the_file_and_the_problem(tmp_path, label, text, message):
    path = write(tmp_path, text)
    with pytest.raises(CatalogError) as caught:
        parse_query_file(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_bad_file_names_are_refused(tmp_path):
    with pytest.raises(CatalogError, match="routes"):
        parse_query_file(write(tmp_path, GOOD, name="Bad Name.rq"))


def test_a_folder_with_bad_files_lists_every_problem(tmp_path):
    write(tmp_path, GOOD, name="good.rq")
    write(tmp_path, REFUSED[0][1], name="first.rq")
    write(tmp_path, REFUSED[1][1], name="second.rq")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert [path.name for path, _ in caught.value.problems] == ["first.rq", "second.rq"]


def test_a_session_keeps_answers_and_not_errors(build, catalog):
    from tipgraph.catalog import QuerySession
    from tipgraph.engines import OxigraphEngine
    from tipgraph.params import ParameterError

    engine = OxigraphEngine.from_graph(build.graph, build.version)
    session = QuerySession(catalog, engine)
    first = session.run("plans-in-force", year=2016)
    assert session.run("plans-in-force", {"year": "2016"}) is first
    assert session.run("plans-in-force", year=2017) is not first
    with pytest.raises(ParameterError):
        session.run("plans-in-force", year="later")
    uncached = QuerySession(catalog, engine, cache_size=0)
    assert uncached.run("plans-in-force", year=2016) == first
    assert uncached.run("plans-in-force", year=2016) is not uncached.run("plans-in-force",
                                                                           year=2016)


# --- presets ---------------------------------------------------------------------------------


def test_every_preset_fixes_a_part_of_the_report_it_names(catalog, lookups):
    """A preset's part exists in the graph, and is the first part its source names."""
    presets = [query for query in catalog if query.preset_of is not None]
    assert len(presets) >= 30
    for preset in presets:
        (part,) = preset.fixed
        assert preset.bind({}, lookups)[part.variable] in lookups.parts, preset.name
        assert preset.source == preset.bind({}, lookups)[part.variable], preset.name
        assert preset.summary and preset.tags and not preset.parameters, preset.name


FIGURED_PARTS = """PREFIX tip: <https://w3id.org/tipgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?part WHERE { ?figure tip:statedValue ?value ; prov:wasDerivedFrom ?part }
ORDER BY ?part"""


def test_the_shared_query_states_every_figure_of_every_part(session):
    """Run for each part that prints figures, it gives each of them with its number."""
    figures = session.sparql(FIGURED_PARTS.replace("DISTINCT ?part", "?part ?figure ?value"))
    expected: dict = {}
    for part, figure, value in figures.rows:
        expected.setdefault(part, set()).add((figure, value))
    assert len(expected) > 60
    for part, stated in expected.items():
        result = session.run("report-part-figures", part=part)
        rows = [dict(zip(result.variables, row, strict=True)) for row in result.rows]
        assert {(row["figure"], row["stated"]) for row in rows if row["figure"]} == stated, part


PRESET = """\
shared-part:
  query: a-query
  values: {text: Argentina}
  summary: A preset
  tags: [Test]
  source: https://w3id.org/tipgraph/source/oas-tip-2018/table/1
"""


def test_a_preset_is_the_shared_query_with_its_value_fixed(tmp_path):
    write(tmp_path, GOOD)
    (tmp_path / PRESETS).write_text(PRESET, encoding="utf-8")
    catalog = load_catalog(tmp_path)
    preset, shared = catalog["shared-part"], catalog["a-query"]
    assert preset.text == shared.text and preset.preset_of == "a-query"
    assert [p.name for p in preset.parameters] == ["country"]
    assert [(p.name, p.default) for p in preset.fixed] == [("text", "Argentina")]
    assert preset.description == shared.description and preset.chart == shared.chart


@pytest.mark.parametrize("change, message", [
    (("query: a-query", "query: nothing"), "not a .rq file"),
    (("{text: Argentina}", "{colour: red}"), "no parameter 'colour'"),
    (("shared-part:", "a-query:"), "no .rq file of that name"),
    (("tags: [Test]", "tags: [Test]\n  colour: red"), "may only set"),
    (("  summary: A preset\n", ""), "summary"),
])
def test_bad_presets_are_refused(tmp_path, change, message):
    write(tmp_path, GOOD)
    (tmp_path / PRESETS).write_text(PRESET.replace(*change), encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        load_catalog(tmp_path)
