"""Report, per respondent country, which items of its record are present, missing or unknown.

The items, their order, whether they are mandatory (sh:Warning) or desirable (sh:Info),
and the queries that decide them all live in shapes/completeness.ttl, the same shapes
`tipgraph validate` applies; this module runs them over the whole graph at once and adds
what validation does not say: which items are present, on what evidence, from which
parts of the report, and which the report gives as unknown or as an explicit no.

Statuses:

    present  the record has the item (the evidence nodes say so)
    no       the report says explicitly that the country has none
    unknown  the report gives it as unspecified or not answered
    missing  the record says nothing; the shape reports it
    n/a      the item details another that the record does not have (a hotline's
             number when there is no hotline)

The score is the share of applicable items answered (present or no); unknown and
missing count against it, n/a does not count.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import PROV, RDFS, SH

from tipgraph.namespaces import CONCEPT, TIP
from tipgraph.validate import SHAPES, name_of

ANSWER = Namespace(str(CONCEPT) + "answer/")


class Status(StrEnum):
    """What a country's record says about one item."""

    PRESENT = "present"
    NO = "no"
    UNKNOWN = "unknown"
    MISSING = "missing"
    NOT_APPLICABLE = "n/a"


ANSWERED = {Status.PRESENT, Status.NO}
LEVELS = {SH.Warning: "mandatory", SH.Info: "desirable"}


@dataclass(frozen=True)
class Item:
    """One item of a country record, as shapes/completeness.ttl defines it."""

    key: str
    label: str
    level: str
    order: int
    evidence: str
    answer: str
    missing: str
    depends_on: str | None


@dataclass(frozen=True)
class ItemStatus:
    """One item for one country: its status, the nodes behind it and their sources."""

    key: str
    label: str
    level: str
    status: Status
    evidence: tuple[URIRef, ...]
    sources: tuple[URIRef, ...]


@dataclass(frozen=True)
class CountryCompleteness:
    """A respondent country's record, item by item, with its scores."""

    country: URIRef
    code: str
    name: str
    items: tuple[ItemStatus, ...]

    def _score(self, level: str | None = None) -> float | None:
        applicable = [
            i
            for i in self.items
            if i.status is not Status.NOT_APPLICABLE and level in (None, i.level)
        ]
        if not applicable:
            return None
        return round(sum(i.status in ANSWERED for i in applicable) / len(applicable), 3)

    @property
    def score(self) -> float | None:
        """Share of applicable items answered (present or an explicit no)."""
        return self._score()

    @property
    def mandatory_score(self) -> float | None:
        """The same share over the mandatory items only."""
        return self._score("mandatory")

    def with_status(self, *statuses: Status) -> list[ItemStatus]:
        return [item for item in self.items if item.status in statuses]

    def as_dict(self) -> dict[str, object]:
        return {
            "country": str(self.country),
            "code": self.code,
            "name": self.name,
            "score": self.score,
            "mandatory_score": self.mandatory_score,
            "items": [
                {
                    "item": item.key,
                    "label": item.label,
                    "level": item.level,
                    "status": str(item.status),
                    "evidence": [str(node) for node in item.evidence],
                    "sources": [str(node) for node in item.sources],
                }
                for item in self.items
            ],
        }


def load_items(shapes: Graph) -> list[Item]:
    """Read the items from the completeness shapes, in their sh:order."""
    items = []
    for shape in shapes.subjects(SHAPES.item, None):
        constraint = shapes.value(shape, SH.sparql)
        prologue = _prologue(shapes, shapes.value(constraint, SH.prefixes))
        parent = shapes.value(shape, SHAPES.dependsOn)
        items.append(
            Item(
                key=str(shapes.value(shape, SHAPES.item)),
                label=str(shapes.value(shape, RDFS.label)),
                level=LEVELS[shapes.value(shape, SH.severity)],
                order=int(shapes.value(shape, SH.order)),
                evidence=prologue + str(shapes.value(shape, SHAPES.evidence)),
                answer=prologue + str(shapes.value(shape, SHAPES.answer)),
                missing=prologue + str(shapes.value(constraint, SH.select)),
                depends_on=None if parent is None else str(shapes.value(parent, SHAPES.item)),
            )
        )
    return sorted(items, key=lambda item: item.order)


def completeness(
    graph: Graph, shapes: Graph, countries: Iterable[URIRef] | None = None
) -> list[CountryCompleteness]:
    """Every respondent country's record (or those given), item by item."""
    items = load_items(shapes)
    respondents = sorted(set(graph.subjects(TIP.respondentTo, None)), key=str)
    if countries is not None:
        wanted = set(countries)
        respondents = [country for country in respondents if country in wanted]
    found = {item.key: _run(graph, item, respondents) for item in items}
    rows = []
    for country in respondents:
        statuses = tuple(_status(graph, item, country, *found[item.key]) for item in items)
        code = graph.value(country, TIP.iso3166Alpha3)
        rows.append(
            CountryCompleteness(
                country=country,
                code=str(code) if code is not None else str(country).rsplit("/", 1)[-1],
                name=name_of(graph, country),
                items=statuses,
            )
        )
    return sorted(rows, key=lambda row: row.name)


def _run(graph: Graph, item: Item, respondents: list[URIRef]):
    """Run an item's queries once for all countries.

    An item that details no other is missing exactly where it has neither evidence nor
    answer: its constraint says so in the same words (a test checks), so the long
    constraint query need not be parsed and run again here.
    """
    evidence = defaultdict(set)
    for row in graph.query(item.evidence):
        evidence[row.this].add(row.evidence)
    answers = defaultdict(set)
    for row in graph.query(item.answer):
        answers[row.this].add((row.answered, row.answer))
    if item.depends_on is None:
        missing = {c for c in respondents if not evidence.get(c) and not answers.get(c)}
    else:
        missing = {row.this for row in graph.query(item.missing)}
    return missing, evidence, answers


def _status(graph: Graph, item: Item, country: URIRef, missing, evidence, answers) -> ItemStatus:
    """Decide one item for one country: missing, present, no, unknown, else n/a."""
    nodes: set = set()
    if country in missing:
        status = Status.MISSING
    elif evidence.get(country):
        status, nodes = Status.PRESENT, evidence[country]
    elif answers.get(country):
        given = answers[country]
        status = Status.NO if any(answer == ANSWER.no for _, answer in given) else Status.UNKNOWN
        nodes = {node for node, _ in given}
    else:
        status = Status.NOT_APPLICABLE
    sources = {
        part
        for node in nodes
        for prop in (PROV.wasDerivedFrom, TIP.question)
        for part in graph.objects(node, prop)
    }
    return ItemStatus(
        key=item.key,
        label=item.label,
        level=item.level,
        status=status,
        evidence=tuple(sorted(nodes, key=str)),
        sources=tuple(sorted(sources, key=str)),
    )


def _prologue(shapes: Graph, prefixes_node) -> str:
    """PREFIX lines from the sh:declare of a shapes file's prefixes node."""
    lines = []
    for declaration in shapes.objects(prefixes_node, SH.declare):
        prefix = shapes.value(declaration, SH.prefix)
        namespace = shapes.value(declaration, SH.namespace)
        lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(lines))


# Output: one function per format, chosen from a table by the CLI.


def _fraction(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def as_table(rows: list[CountryCompleteness], detail: bool = False) -> str:
    """A text table: one line per country, or one line per item with `detail`."""
    if detail:
        header = ("Country", "Item", "Level", "Status", "Sources")
        body = [
            (
                row.name,
                item.label,
                item.level,
                str(item.status),
                " ".join(str(s).rsplit("oas-tip-2018/", 1)[-1] for s in item.sources),
            )
            for row in rows
            for item in row.items
        ]
    else:
        header = ("Code", "Country", "Score", "Mandatory", "Missing", "Unknown")
        body = [
            (
                row.code,
                row.name,
                _fraction(row.score),
                _fraction(row.mandatory_score),
                ", ".join(i.key for i in row.with_status(Status.MISSING)) or "-",
                ", ".join(i.key for i in row.with_status(Status.UNKNOWN)) or "-",
            )
            for row in rows
        ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *body, strict=False)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in (header, *body)
    ]
    return "\n".join(lines) + "\n"


def as_csv(rows: list[CountryCompleteness], detail: bool = False) -> str:
    """CSV, one line per country and item: the long form that spreadsheets pivot."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "code",
            "country",
            "item",
            "level",
            "status",
            "score",
            "mandatory_score",
            "evidence",
            "sources",
        ]
    )
    for row in rows:
        for item in row.items:
            writer.writerow(
                [
                    row.code,
                    row.name,
                    item.key,
                    item.level,
                    str(item.status),
                    row.score,
                    row.mandatory_score,
                    " ".join(map(str, item.evidence)),
                    " ".join(map(str, item.sources)),
                ]
            )
    return out.getvalue()


def as_json(rows: list[CountryCompleteness], detail: bool = False) -> str:
    return json.dumps([row.as_dict() for row in rows], indent=1, ensure_ascii=False) + "\n"


FORMATTERS = {"table": as_table, "csv": as_csv, "json": as_json}
