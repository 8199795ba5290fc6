"""Country pages: an index of the OAS member states and a profile of each."""

from __future__ import annotations

import re

from flask import Blueprint, render_template

from tipgraph.namespaces import TIP, sparql_prologue
from tipgraph.web import profile as profiles
from tipgraph.web.errors import WebError
from tipgraph.web.site import site
from tipgraph.web.validation import completeness_by_code

blueprint = Blueprint("countries", __name__)

ISO3 = re.compile(r"^[A-Za-z]{3}$")

INDEX = sparql_prologue() + """
SELECT ?country ?code ?label (SAMPLE(?report) AS ?responded) (COUNT(DISTINCT ?x) AS ?facts)
WHERE {
  ?country a tip:Country ; tip:iso3166Alpha3 ?code .
  OPTIONAL { ?country rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?country tip:respondentTo ?report }
  OPTIONAL { ?x tip:country ?country }
} GROUP BY ?country ?code ?label ORDER BY ?label ?code"""


@blueprint.get("/countries")
def index():
    """List every country with its code, whether it answered, and how much the graph holds."""
    rows = site().memo("country-index", lambda: [
        (country, str(code), label, responded, int(facts))
        for country, code, label, responded, facts in site().query(INDEX).rows])
    return render_template("countries.html", rows=rows, completeness=completeness_by_code())


@blueprint.get("/country/<code>")
def profile(code: str):
    """Everything the graph knows about one country, by kind, with sources."""
    if not ISO3.match(code):
        raise WebError(404, f"{code!r} is not an ISO 3166-1 alpha-3 code")
    code = code.upper()
    country = profiles.find_country(site().query, code)
    if country is None:
        raise WebError(404, f"no country with the code {code} in this graph")
    model = site().memo(f"profile:{code}",
                        lambda: profiles.profile(site().query, code, country))
    return render_template("country.html", p=model, tip=TIP,
                           completeness=completeness_by_code().get(code))
