"""Quantities: hedged figures, what they count, the period they cover and who states them."""

from __future__ import annotations

import re

import pytest
from conftest import spacy_entities

from newsfuse.extract.quantities import extract_quantities
from newsfuse.records import Quantity, TimeExpr


def _times(text: str, spans: dict[str, tuple[str, str]]) -> list[TimeExpr]:
    out = []
    for phrase, (ttype, value) in spans.items():
        i = text.index(phrase)
        out.append(TimeExpr(i, i + len(phrase), phrase, ttype, value))
    return out


def _run(nlp, text: str, times: dict[str, tuple[str, str]] | None = None) -> list[Quantity]:
    doc = nlp(text)
    return extract_quantities(doc, spacy_entities(doc), _times(text, times or {}))


def _one(qs: list[Quantity], fragment: str) -> Quantity:
    found = [q for q in qs if re.search(rf"(?<![\d,.]){re.escape(fragment)}", q.text)]
    assert len(found) == 1, [q.text for q in qs]
    return found[0]


def test_hedges_give_bounds(nlp):
    text = (
        "More than 2,500 protesters were detained on Monday. Nearly 40,000 people fled the city. "
        "About 300 soldiers were deployed to the border. At least 12 civilians were killed in the strike."
    )
    qs = _run(nlp, text)
    more = _one(qs, "2,500")
    assert (more.value, more.low, more.high, more.hedge) == (2500, 2500, None, "More than")
    nearly = _one(qs, "40,000")
    assert (nearly.low, nearly.high, nearly.hedge) == (None, 40000, "Nearly")
    about = _one(qs, "300")
    assert about.low == pytest.approx(270) and about.high == pytest.approx(330)
    least = _one(qs, "12")
    assert (least.low, least.high) == (12, None)
    assert least.counted == "civilians"


def test_scales_vague_amounts_and_ranges(nlp):
    text = (
        "The United Nations says nearly three million refugees have taken shelter in the country. "
        "Tens of thousands of residents fled the fighting, and between 200 and 300 people are missing. "
        "The government has expelled over 1.7 mln undocumented migrants."
    )
    qs = _run(nlp, text)
    three = _one(qs, "three million")
    assert three.value == 3_000_000 and three.high == 3_000_000 and three.counted == "refugees"
    tens = _one(qs, "Tens of thousands")
    assert tens.value is None and (tens.low, tens.high) == (20000, 99999)
    assert tens.counted == "residents"
    rng = _one(qs, "200")
    assert rng.value is None and (rng.low, rng.high) == (200, 300) and rng.counted == "people"
    mln = _one(qs, "1.7 mln")
    assert mln.value == 1_700_000 and mln.low == 1_700_000 and mln.counted == "undocumented migrants"


def test_units(nlp):
    text = (
        "The company reported a loss of $5 billion last year. Unemployment rose to 7.5 percent. "
        "Officials inspected the 1,200-km pipeline, which carries 1.7 mln tonnes of wheat."
    )
    qs = _run(nlp, text)
    usd = _one(qs, "$5 billion")
    assert usd.value == 5e9 and usd.unit == "USD"
    assert _one(qs, "7.5").unit == "percent"
    km = _one(qs, "1,200")
    assert km.unit == "kilometer" and km.counted == "pipeline"
    tonnes = _one(qs, "1.7 mln")
    assert tonnes.unit == "tonne" and tonnes.value == 1.7e6 and tonnes.counted == "wheat"


def test_not_claims(nlp):
    text = (
        "In 2019, leaders of the G20 met to discuss Article 370 at 10:30 a.m. on March 5. "
        "A 45-year-old man was arrested during the first phase of the operation. "
        "The two sides met for three days in the 1990s. For details call +1 212 555 0100."
    )
    assert _run(nlp, text) == []


def test_period_comes_from_the_same_clause(nlp):
    text = (
        "The interior minister said on Friday that nearly 85,000 migrants have crossed the border "
        "since the start of April."
    )
    times = {"Friday": ("DATE", "2025-04-18"), "the start of April": ("DATE", "2025-04")}
    q = _one(_run(nlp, text, times), "85,000")
    assert q.period == "since the start of April"
    assert q.period_value == "2025-04"
    assert q.counted == "migrants"


def test_attribution_and_pronouns(nlp):
    text = (
        "Health Minister Jane Smith visited the hospital on Tuesday. "
        "She said 120 patients had died of the disease. "
        "According to the World Health Organization, 4,000 new cases were recorded. "
        "Islamabad reported over 84,000 deportations this month alone."
    )
    qs = _run(nlp, text, {"this month": ("DATE", "2025-04")})
    assert _one(qs, "120").attributed_to == "Jane Smith"
    assert "World Health Organization" in (_one(qs, "4,000").attributed_to or "")
    dep = _one(qs, "84,000")
    assert dep.attributed_to == "Islamabad" and dep.period == "this month alone"
    assert dep.counted == "deportations"


def test_fractions_and_borrowed_heads(nlp):
    text = (
        "The ministry cancelled the residence permits of more than 5,000 migrants. "
        "More than 1,000 who hold work visas have been told to leave. "
        "The refugee agency said more than half of them were women."
    )
    qs = _run(nlp, text)
    permits = _one(qs, "5,000")
    assert permits.counted == "residence permits of migrants"
    bare = _one(qs, "1,000")
    assert bare.counted == "migrants who hold work visas"
    half = _one(qs, "half")
    assert half.unit == "fraction" and half.value == 0.5 and half.low == 0.5
    assert half.counted == "women among migrants"
    assert half.attributed_to == "The refugee agency"


def test_period_without_time_extractor_output(nlp):
    text = "Under the drive, more than 85,000 Afghans have been expelled in just over two weeks."
    q = _one(_run(nlp, text), "85,000")
    assert q.period == "in just over two weeks"
    assert q.period_value == "P2W"
    assert q.attributed_to is None


def test_table_rows_and_wrapped_lines(nlp):
    text = "Shr 11 cts vs nine cts\n    Net 2.1 mln vs 1.6 mln\n    Revs 60.8 mln vs 32.9 mln\n"
    qs = _run(nlp, text)
    assert _one(qs, "11 cts").unit == "cent"
    # the next row's label is not what a figure counts
    assert _one(qs, "1.6 mln").counted is None
    assert _one(qs, "2.1 mln").value == 2_100_000


def test_one_hedge_table_for_bounds_and_fusion(nlp):
    """Extraction's bounds and fusion's intervals come from the same reading of each hedge."""
    from newsfuse.fuse.claims import interval

    text = (
        "Approaching 9,000 people have registered. Some 5,000 or more were turned away. "
        "Just under 700 tents were set up. Well below 300 families got food."
    )
    qs = _run(nlp, text)
    approaching = _one(qs, "9,000")
    assert (approaching.low, approaching.high) == (None, 9000)
    more = _one(qs, "5,000")
    assert (more.low, more.high, more.hedge) == (5000, None, "Some or more")
    under = _one(qs, "700")
    below = _one(qs, "300")
    assert under.high == 700 and below.high == 300
    # fusion: "approaching 9,000" and "just under 700" are near their number, "well below 300" is not
    assert interval(approaching).low == 9000 * 0.9 and interval(under).low == 700 * 0.9
    assert interval(below).low == 0.0
    assert interval(more).low == 5000 and not interval(more).low_open


def test_citations_table_cells_and_scores_are_not_figures(nlp):
    text = (
        "Fasting was linked to a higher risk of binge eating (2). Fibre reduced hunger [18].\n"
        "| 30 | David Ragan | 388 | 0 |\n"
        "Wild 4, Sabres 1: Zach Parise scored twice as 18,000 fans watched. "
        "The blast killed 12 people (3 children) in Kabul."
    )
    values = sorted(q.value for q in _run(nlp, text) if q.value is not None)
    assert values == [3, 12, 18000]
