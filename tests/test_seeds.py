"""The canonical example end to end: what issues 4 and 5 say a reader gets from ../shared/seeds."""

import contextlib
import io
import json

import pytest
from conftest import SEEDS, needs_seeds

from newsfuse.cli import main

pytestmark = needs_seeds

OFFICIALS = {
    "Dar": "Foreign Minister",
    "Muttaqi": "Foreign Minister",
    "Akhund": "Prime Minister",
    "Naeem": "Deputy Minister",
    "Hanafi": "Deputy Prime Minister",
    "Chaudhry": "Interior Minister",
}


@pytest.fixture(scope="module")
def story():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", str(SEEDS), "--format", "json"]) == 0
    (story,) = json.loads(out.getvalue())["stories"]
    return story


def _person(story, surname):
    people = [e for e in story["entities"] if e["type"] == "PERSON" and e["name"].split()[-1] == surname]
    assert len(people) == 1, (surname, [p["name"] for p in people])
    return people[0]


def test_two_independent_origins(story):
    assert len(story["articles"]) == 2 and story["independent_sources"] == 2


def test_six_officials_one_person_each_with_roles(story):
    for surname, role in OFFICIALS.items():
        person = _person(story, surname)
        assert any(role in r for r in person["roles"]), (surname, person["roles"])


def test_kabul_meetings_are_corroborated_consult_events_on_the_day(story):
    dar = _person(story, "Dar")["id"]
    for other in ("Muttaqi", "Akhund"):
        them = _person(story, other)["id"]
        meetings = [
            e
            for e in story["events"]
            if e["type"] == "CONSULT" and {dar, them} <= {e["actor"], e["target"], *e["participants"]}
        ]
        assert meetings, other
        meeting = max(meetings, key=lambda e: len(e["mentions"]))
        assert meeting["status"] == "corroborated" and meeting["date"] == "2025-04-19", (other, meeting)
        assert meeting["location"] == "Kabul"
        assert len({m["article"] for m in meeting["mentions"]}) == 2


def test_deportation_figures_are_grouped_and_the_inconsistency_reported(story):
    claims = {c["id"]: c for c in story["claims"]}
    by_value = {}
    for c in story["claims"]:
        by_value.setdefault(c["value"], []).append(c)
    groups = {c["group"] for v in (84000, 85000) for c in by_value[v]}
    assert len(groups) == 1 and None not in groups
    more_than = next(c for c in by_value[85000] if c["low"] == 85000)
    nearly = next(c for c in by_value[85000] if c["high"] == 85000 and c["low"] != 85000)
    assert more_than["period"] and nearly["period"] and more_than["counted"] == "Afghans"
    figures = [d for d in story["discrepancies"] if d["kind"] == "figures"]
    assert any({more_than["id"], nearly["id"]} <= set(d["claims"]) for d in figures)
    assert all(claims[c]["mentions"] for d in figures for c in d["claims"])


def test_the_timeline_reaches_back_to_1979_in_order(story):
    dates = [t["date"] for t in story["timeline"]]
    assert dates[0] == "1979"
    assert "2025-04-19" in dates
