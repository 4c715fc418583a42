"""The bundled examples/ corpus against its known answer (examples/README.md)."""

import json

import pytest
from conftest import EXAMPLES

from newsfuse.cli import main

FLOOD = {"01", "02", "04", "05", "08"}
STRIKE = {"03", "06", "09", "11"}
MINE = {"07", "10", "12"}


@pytest.fixture(scope="module")
def report():
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", str(EXAMPLES), "--format", "json"]) == 0
    return json.loads(out.getvalue())


def _number(article: dict) -> str:
    return article["path"].rsplit("/", 1)[-1][:2]


def _stories(report: dict) -> dict[frozenset, dict]:
    number = {a["id"]: _number(a) for a in report["articles"]}
    return {frozenset(number[a] for a in s["articles"]): s for s in report["stories"]}


def test_three_stories_with_their_articles(report):
    assert set(_stories(report)) == {frozenset(FLOOD), frozenset(STRIKE), frozenset(MINE)}


def test_wire_copies_count_once(report):
    stories = _stories(report)
    assert stories[frozenset(FLOOD)]["independent_sources"] == 4
    assert stories[frozenset(STRIKE)]["independent_sources"] == 4
    assert stories[frozenset(MINE)]["independent_sources"] == 3


def test_disagreeing_evacuation_figures_are_reported(report):
    flood = _stories(report)[frozenset(FLOOD)]
    figures = [d for d in flood["discrepancies"] if d["kind"] == "figures"]
    assert len(figures) == 1
    assert "12,000" in figures[0]["summary"] and "9,500" in figures[0]["summary"]
    claims = {c["id"]: c for c in flood["claims"]}
    disputed_values = {claims[c]["value"] for c in figures[0]["claims"]}
    # the planned 20,000 is a different measure, not a conflict
    assert disputed_values == {12000, 9500}
    twelve = [c for c in flood["claims"] if c["value"] == 12000 and "evacuated" in c["text"]]
    assert twelve and all(c["status"] == "corroborated" for c in twelve)


def test_scraper_noise_is_removed_and_audited(report):
    by_number = {_number(a): a for a in report["articles"]}
    courier, tribune = by_number["02"], by_number["08"]
    assert "Photo:" not in courier["text"] and "Volunteers ferry residents" not in courier["text"]
    assert courier["text"].startswith("Nearly 9,500 people had been evacuated")
    assert "Glass museum" not in tribune["text"] and "More from Regions" not in tribune["text"]
    removed = " ".join(r["text"] for r in courier["removed"] + tribune["removed"])
    assert "Photo: Maren Oakhurst" in removed and "Glass museum in Lindquay" in removed
    for wire in ("01", "05"):
        assert {"MP", "Meridian Press"} & set(by_number[wire]["agencies"])
