"""Helpers the data tests share: IRI terms, windows on the report's text, common checks.

The checks take the graph of one or more data files ("own") and assert what data/README.md
asks of every file: provenance, source lines, discrepancies with their readings, figures
that recount or are disputed, findings printed near their country's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from tipgraph.namespaces import TIP

SOURCE_NAME = "oas-tip-2018.txt"
ID = "https://w3id.org/tipgraph/id/"
SRC = "https://w3id.org/tipgraph/source/oas-tip-2018/"
CONCEPT = "https://w3id.org/tipgraph/concept/"

# The kinds of node that state something at a line of the report (data/README.md rule 1).
FACTS = (TIP.Finding, TIP.ReportedFigure, TIP.Discrepancy, TIP.Reading)

def concept(path: str, term: str | None = None) -> str:
    """Return a SPARQL IRI term for a concept: concept("sphere", "police") or ("sphere/police")."""
    return f"<{CONCEPT}{path}{'/' + term if term else ''}>"


def part(kind: str, number: int | str) -> str:
    """Return a SPARQL IRI term for a report part: part("diagram", 11)."""
    return f"<{SRC}{kind}/{number}>"


def node(path: str) -> str:
    """Return a SPARQL IRI term for a thing: node("law/CHL-2011-20507")."""
    return f"<{ID}{path}>"


def code_of(country: URIRef | str) -> str:
    """Return the ISO alpha-3 code a country IRI ends with."""
    return str(country).rsplit("/", 1)[1]


def squash(text: str) -> str:
    """Make every run of whitespace one space (table cells wrap across lines)."""
    return re.sub(r"\s+", " ", text).strip()


def window(lines: list[str], line: int, before: int = 1, after: int = 1) -> str:
    """Return lines `line - before` to `line + after` (1-based) as one squashed string."""
    return squash(" ".join(lines[max(0, line - 1 - before) : line + after]))


def printed(text: str, value: float, words: Iterable[str] = ()) -> bool:
    """Whether the number (as printed, "3.4" or "25") or one of its words is in the text."""
    number = f"{value:g}"
    if re.search(rf"(?<![\w.]){re.escape(number)}(?![\d])", text):
        return True
    # A footnote call may stick to a word ("four8"): a word ends where its letters do.
    return any(re.search(rf"(?<![\w.]){re.escape(w)}(?![a-z])", text, re.I) for w in words)


def the_figure(figures: dict, figure: str):
    """Return what one reported figure (an IRI string) states; it must state one value."""
    found = figures.get(figure, [])
    assert len(found) == 1, (figure, found)
    return found[0]


def figure_values(figures: dict, slug: str, prefix: str) -> tuple:
    """Return (stated value, stated total) of the figure `prefix + slug`."""
    found = the_figure(figures, prefix + slug)
    return found.value, found.total


def assert_printed_at_line(source_lines, figure, words=(), before: int = 1, after: int = 1):
    """The figure's number, or one of the words for it, is printed at or around its line."""
    text = window(source_lines, figure.line, before, after)
    assert printed(text, figure.value, words), (figure, text)


def disputed(select, subject: str) -> bool:
    """Whether some discrepancy concerns the node (an IRI string)."""
    return bool(select(f"SELECT ?d WHERE {{ ?d a tip:Discrepancy ; tip:concerns <{subject}> }}"))


def typed_nodes(own: Graph) -> set:
    """Every subject a file types: the nodes it creates or describes."""
    return set(own.subjects(RDF.type, None))


def assert_provenance(own: Graph, lined: Iterable = FACTS, everything_lined: bool = False):
    """Every typed node cites a report part; facts (or every node) give the line they are on."""
    lined = set(lined)
    for subject in typed_nodes(own):
        assert (subject, PROV.wasDerivedFrom, None) in own, subject
        if everything_lined or set(own.objects(subject, RDF.type)) & lined:
            assert isinstance(own.value(subject, TIP.sourceLine), Literal), subject


def discrepancy_problems(graph: Graph, discrepancy) -> list[str]:
    """What a discrepancy lacks under rule 6 of data/README.md; empty when it is complete.

    Two or more readings, each a tip:Reading with a comment, a source and tip:adopted;
    exactly one adopted; a resolution; something it concerns.
    """
    problems = []
    readings = list(graph.objects(discrepancy, TIP.reading))
    if len(readings) < 2:
        problems.append("fewer than two readings")
    adopted = []
    for reading in readings:
        if (reading, RDF.type, TIP.Reading) not in graph:
            problems.append(f"{reading} is not a tip:Reading")
        if not graph.value(reading, PROV.wasDerivedFrom) or not graph.value(reading, RDFS.comment):
            problems.append(f"{reading} lacks a source or a comment")
        flags = list(graph.objects(reading, TIP.adopted))
        if len(flags) != 1:
            problems.append(f"{reading} has {len(flags)} tip:adopted values")
        elif flags[0].toPython() is True:
            adopted.append(reading)
    resolutions = list(graph.objects(discrepancy, TIP.resolution))
    if len(resolutions) != 1:
        problems.append(f"{len(resolutions)} resolutions")
    if len(adopted) != 1:
        problems.append(f"{len(adopted)} readings adopted")
    if (discrepancy, TIP.concerns, None) not in graph:
        problems.append("concerns nothing")
    return problems



def assert_discrepancies(
    own: Graph, expected: set[str] | None = None, prefix: str = "", rejects: bool = False
):
    """Every discrepancy of the file is complete; with `expected`, exactly those slugs exist;
    with `rejects`, each keeps beside the reading it adopts one it rejects."""
    found = set(own.subjects(RDF.type, TIP.Discrepancy))
    if expected is not None:
        assert {str(d).removeprefix(prefix) for d in found} == expected
    for discrepancy in found:
        assert discrepancy_problems(own, discrepancy) == [], discrepancy
        if rejects:
            readings = own.objects(discrepancy, TIP.reading)
            flags = {own.value(r, TIP.adopted).toPython() for r in readings}
            assert flags == {True, False}, discrepancy


def assert_recounts_or_disputed(select, figures: Iterable[tuple[str, float, int]]):
    """Each (figure, stated, recounted) either agrees or a discrepancy concerns the figure."""
    for figure, stated, count in figures:
        if int(stated) != count:
            assert disputed(select, figure), f"{figure}: stated {stated}, findings give {count}"


def assert_findings_near_their_country(
    own: Graph,
    source_lines: list[str],
    names_of: Callable[[str], set[str]],
    before: int = 1,
    after: int = 1,
):
    """Each finding's line, or the lines around it, prints one of its country's names."""
    for finding in own.subjects(RDF.type, TIP.Finding):
        code = code_of(own.value(finding, TIP.country))
        text = window(source_lines, int(own.value(finding, TIP.sourceLine)), before, after)
        names = names_of(code)
        assert any(name in text for name in names), (finding, names, text)


def assert_counted_figures(own: Graph, prefix: str, expected: set[str]):
    """tip:counts is for figures whose countries the text names in full (data/README rule 5)."""
    counted = {str(f).removeprefix(prefix) for f in own.subjects(TIP.counts, None)}
    assert counted == expected


# --- Tests shared by the section modules ------------------------------------------------
#
# Each factory returns a test function; a module binds it to a test_ name, and pytest
# collects it there with the module's own tables and fixtures.


def stated_figure_tests(prefix: str, table, words: dict | None = None, wording: dict | None = None):
    """Tests that each (slug, value, total) of `table` is stated, and printed at its line."""
    words, wording = words or {}, wording or {}

    @pytest.mark.parametrize(("slug", "value", "total"), table)
    def test_stated(figures, slug, value, total):
        found = the_figure(figures, prefix + slug)
        assert float(found.value) == value
        assert found.total == total

    @pytest.mark.parametrize(("slug", "value", "total"), table)
    def test_printed(figures, source_lines, slug, value, total):
        said = words.get(value, ())
        said = [said] if isinstance(said, str) else list(said)
        said.append(wording.get(slug, "\0"))
        assert_printed_at_line(source_lines, the_figure(figures, prefix + slug), said)

    return test_stated, test_printed


def named_countries_test(part_term: str, schemes: dict[str, dict[str, set[str]]]):
    """Test that the findings of each concept derived from the part are of exactly the
    countries the report names: `schemes` maps a scheme ("sphere") to {term: countries}."""
    cases = [
        pytest.param(f"{scheme}/{term}", named, id=f"{scheme}/{term}")
        for scheme, table in schemes.items()
        for term, named in table.items()
    ]

    @pytest.mark.parametrize(("term", "named"), cases)
    def test_named(countries_in, term, named):
        assert countries_in(concept(term), part_term) == named

    return test_named


def findings_near_country_test(names: Callable[[dict, str], set[str]], before: int, after: int):
    """Test that each finding of the module's files is printed near its country's name.

    `names(country_names, code)` gives the names to look for: the module knows how its
    part of the report writes them.
    """

    def test_findings_near(own, source_lines, country_names):
        def names_of(code: str) -> set[str]:
            return names(country_names, code)

        assert_findings_near_their_country(own, source_lines, names_of, before, after)

    return test_findings_near


def figures_under(figures: dict, prefix: str) -> dict:
    """Map the slug of each figure whose IRI starts with `prefix` to what it states."""
    return {
        iri.removeprefix(prefix): the_figure(figures, iri)
        for iri in figures
        if iri.startswith(prefix)
    }


def assert_section_recounts(figures: dict, countries_in, select, prefix: str, part_term: str):
    """Each figure under `prefix` that names a concept (tip:counts) recounts to its stated
    value from the findings of that concept derived from the part, or is disputed; return
    the (figure, stated, recounted) rows."""
    rows = [
        (prefix + slug, found.value, len(countries_in(f"<{found.counts}>", part_term)))
        for slug, found in figures_under(figures, prefix).items()
        if found.counts
    ]
    assert_recounts_or_disputed(select, rows)
    return rows


def assert_links_described(own: Graph, graph: Graph):
    """Every thing the file points to is described somewhere (has an rdf:type in the graph).

    A link to a node no file describes (a renamed IRI) would dangle silently.
    """
    targets = {o for o in own.objects() if isinstance(o, URIRef) and str(o).startswith(ID)}
    assert {str(t) for t in targets if (t, RDF.type, None) not in graph} == set()



# How the sections' running text shortens some names: "U.S.", "the Bahamas", "Saint Kitts".
SHORT_NAMES = {"USA": "U", "BHS": "Bahamas", "VCT": "Vincent", "KNA": "Kitts"}


def first_word_of_name(country_names, code: str) -> set[str]:
    """The word a finding's line prints for the country: the first of its English name."""
    return {SHORT_NAMES.get(code, country_names[code].label.split()[0])}


def section_file_tests(prefix: str, part_term: str, recomputable, names, before: int, after: int):
    """Tests every section file passes: each (slug, concept, named) of `recomputable`
    recounts from the part's findings or a discrepancy says not, and only those figures
    carry tip:counts; complete discrepancies; findings printed near their country's name
    (`names` as for findings_near_country_test)."""

    @pytest.mark.parametrize(("slug", "term", "named"), recomputable)
    def test_recount(figures, select, countries_in, slug, term, named):
        stated = the_figure(figures, prefix + slug).value
        assert int(stated) == len(named)
        found = countries_in(concept(term), part_term)
        if found != named or len(found) != int(stated):
            assert disputed(select, prefix + slug)

    def test_counted(own):
        assert_counted_figures(own, prefix, {slug for slug, _, _ in recomputable})

    def test_discrepancies(own):
        assert_discrepancies(own)

    return (
        test_recount,
        test_counted,
        test_discrepancies,
        findings_near_country_test(names, before, after),
    )


def stated_table_tests(prefix: str, stated: dict, words: dict, before: int = 1, after: int = 2):
    """Tests for a section that states its figures as {slug: (value, total)}: each is stated,
    no figure under `prefix` is left unchecked, and each number is printed at its line."""

    @pytest.mark.parametrize("slug", sorted(stated))
    def test_stated(figures, slug):
        found = figures_under(figures, prefix)
        assert slug in found, f"figure {slug} missing"
        assert (found[slug].value, found[slug].total) == stated[slug]

    def test_all_checked(figures):
        assert set(figures_under(figures, prefix)) == set(stated)

    @pytest.mark.parametrize("slug", sorted(stated))
    def test_printed(figures, source_lines, slug):
        figure = figures_under(figures, prefix)[slug]
        said = words.get(figure.value, ())
        assert_printed_at_line(source_lines, figure, said, before, after)

    return test_stated, test_all_checked, test_printed
