"""Time expressions: extents and TimeML values on news-style sentences."""

from __future__ import annotations

import time

import pytest

from newsfuse.extract.times import extract_times, normalise_period, normalise_time

PUB = "2025-04-19"  # a Saturday


def _found(text: str, published: str | None = PUB) -> dict[str, tuple[str, str]]:
    """{extent text: (type, value)} of the expressions found in ``text``."""
    out = {}
    for t in extract_times(text, published):
        assert text[t.start : t.end] == t.text
        out[t.text] = (t.type, t.value)
    return out


@pytest.mark.parametrize(
    ("sentence", "extent", "typ", "value"),
    [
        # weekdays: the most recent such day, or the publication day itself
        ("The foreign minister met his counterpart in Kabul on Saturday.", "Saturday", "DATE", "2025-04-19"),
        (
            "The deputy minister told a press conference on Friday that talks would go on.",
            "Friday",
            "DATE",
            "2025-04-18",
        ),
        ("Officials said on Monday that the border crossing had reopened.", "Monday", "DATE", "2025-04-14"),
        ("The two leaders will meet again on Tuesday in Islamabad.", "Tuesday", "DATE", "2025-04-22"),
        (
            "Protesters gathered outside parliament late Thursday night.",
            "Thursday night",
            "TIME",
            "2025-04-17TNI",
        ),
        # deictic days
        (
            "Dar arrived in the Afghan capital earlier today for a day-long visit.",
            "earlier today",
            "DATE",
            "2025-04-19",
        ),
        ("The ministry said yesterday that 300 people had been detained.", "yesterday", "DATE", "2025-04-18"),
        ("Results are expected tomorrow.", "tomorrow", "DATE", "2025-04-20"),
        ("The president will address the nation tonight.", "tonight", "TIME", "2025-04-19TNI"),
        # calendar dates
        (
            "Kabul/Islamabad, Apr 19 (EFE).- Pakistan's foreign minister arrived on a visit.",
            "Apr 19",
            "DATE",
            "2025-04-19",
        ),
        ("The agreement was signed on 19 April 2025 in Kabul.", "19 April 2025", "DATE", "2025-04-19"),
        ("The company was founded on Nov. 3, 1987, in Ohio.", "Nov. 3, 1987", "DATE", "1987-11-03"),
        ("The deportation drive began in November 2023.", "November 2023", "DATE", "2023-11"),
        ("Prices rose sharply in March, the statistics office said.", "March", "DATE", "2025-03"),
        ("Elections were last held in 2023.", "2023", "DATE", "2023"),
        ("The government first came to power in the 1990s.", "the 1990s", "DATE", "199"),
        ("Exports peaked in the early 1980s.", "the early 1980s", "DATE", "198"),
        # relative periods
        ("Last year was the deadliest for a decade.", "Last year", "DATE", "2024"),
        ("Inflation fell this month to its lowest level since 2021.", "this month", "DATE", "2025-04"),
        ("Thousands crossed the border early this month.", "early this month", "DATE", "2025-04"),
        (
            "Islamabad wants to evict 800,000 Afghans by the end of April.",
            "the end of April",
            "DATE",
            "2025-04",
        ),
        (
            "Nearly 85,000 people have crossed since the start of April.",
            "the start of April",
            "DATE",
            "2025-04",
        ),
        ("The talks will resume next week in Doha.", "next week", "DATE", "2025-W17"),
        ("Sales dropped last month.", "last month", "DATE", "2025-03"),
        ("Profit rose 12% in the first quarter.", "the first quarter", "DATE", "2025-Q1"),
        ("Profit fell in the fourth quarter, the bank said.", "the fourth quarter", "DATE", "2024-Q4"),
        ("Revenue fell in the first quarter of 2024.", "the first quarter of 2024", "DATE", "2024-Q1"),
        ("The plant will close this summer.", "this summer", "DATE", "2025-SU"),
        ("The law was passed two years ago.", "two years ago", "DATE", "2023"),
        # durations
        (
            "More than 85,000 Afghans have been expelled in just over two weeks.",
            "just over two weeks",
            "DURATION",
            "P2W",
        ),
        (
            "Hundreds of thousands were forced across the border in the space of a few weeks.",
            "a few weeks",
            "DURATION",
            "PXW",
        ),
        ("Some have been living there for decades.", "decades", "DURATION", "PXDE"),
        ("The fighting has lasted 40 years.", "40 years", "DURATION", "P40Y"),
        ("Unemployment fell over the past two months.", "the past two months", "DURATION", "P2M"),
        ("The strike lasted five hours.", "five hours", "DURATION", "PT5H"),
        ("It signed a two-year contract.", "two-year", "DURATION", "P2Y"),
        ("Home prices rose 6% over the past year.", "the past year", "DURATION", "P1Y"),
        # sets
        ("Convoys have been heading to border crossings each day.", "each day", "SET", "P1D"),
        ("The committee meets every week.", "every week", "SET", "P1W"),
        ("The newspaper is published daily.", "daily", "SET", "P1D"),
        ("Output will rise to 5 mln dlrs a year, the company said.", "a year", "SET", "P1Y"),
        ("Exports fell 3% from the previous year.", "the previous year", "DATE", "2024"),
        ("The flight took 5 1/2 hours.", "5 1/2 hours", "DURATION", "PT5H30M"),
        ("The report, dated 2025-04-17, was released on Friday.", "2025-04-17", "DATE", "2025-04-17"),
        # present / past / future references
        ("The refugees now live in camps near the border.", "now", "DATE", "PRESENT_REF"),
        ("About three million Afghans currently live in Pakistan.", "currently", "DATE", "PRESENT_REF"),
        ("The ministry recently changed its rules.", "recently", "DATE", "PAST_REF"),
        # times of day
        ("The blast happened at 10 p.m. Wednesday.", "10 p.m. Wednesday", "TIME", "2025-04-16T22:00"),
        ("Polls close at 8 p.m. today.", "8 p.m. today", "TIME", "2025-04-19T20:00"),
    ],
)
def test_expression(sentence: str, extent: str, typ: str, value: str) -> None:
    found = _found(sentence)
    assert extent in found, found
    assert found[extent] == (typ, value)


def test_month_without_year_in_a_january_article_is_last_year() -> None:
    found = _found("The ceasefire collapsed in November.", "2025-01-10")
    assert found["November"] == ("DATE", "2024-11")


def test_weekday_in_january_crosses_the_year() -> None:
    assert _found("The minister resigned on Friday.", "2025-01-01")["Friday"] == ("DATE", "2024-12-27")


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials may announce new measures.",  # the modal verb, not the month
        "Czech Foreign Minister Jan Kavan said he was pleased.",  # a name
        "The company cut its quarterly dividend.",  # an adjective, not a frequency
        "Mr. Reupke, 52 years old, will succeed him.",  # an age
        "Iraq imports about three-quarters of its food.",  # a fraction
        "The group paid $2,001 for the permits.",  # money, not a year
        "Winter wheat plantings rose sharply.",  # a crop
        "Traders expect 292,000 head versus 305,000 week ago.",  # a quantity, not 292,000 weeks
    ],
)
def test_not_time_expressions(sentence: str) -> None:
    assert _found(sentence) == {}


def test_without_publication_date() -> None:
    found = _found(
        "Dar met Muttaqi on Saturday, a day after officials said on April 19 that talks stalled last "
        "year; more talks are expected tomorrow.",
        None,
    )
    assert found["Saturday"] == ("DATE", "XXXX-WXX-6")
    assert found["April 19"] == ("DATE", "XXXX-04-19")
    assert found["last year"] == ("DATE", "PAST_REF")
    assert found["tomorrow"] == ("DATE", "FUTURE_REF")


def test_year_ago_follows_the_reported_quarter() -> None:
    text = "Net income rose in the third quarter to $5 million from $3 million a year earlier."
    found = _found(text, "1989-10-26")
    assert found["the third quarter"] == ("DATE", "1989-Q3")
    assert found["a year earlier"] == ("DATE", "1988-Q3")


def test_offsets_and_sentences_with_doc() -> None:
    from newsfuse.annotate import load_nlp

    text = "Talks began on Monday. They will end by the end of April, officials said on Friday."
    doc = load_nlp()(text)
    times = extract_times(text, PUB, doc=doc)
    assert [(t.text, t.sentence) for t in times] == [("Monday", 0), ("the end of April", 1), ("Friday", 1)]
    assert all(text[t.start : t.end] == t.text for t in times)


def test_normalise_time_for_quantity_periods() -> None:
    p = normalise_time("in just over two weeks", PUB)
    assert p is not None and (p.text, p.type, p.value) == ("just over two weeks", "DURATION", "P2W")
    p = normalise_time("since the start of April", PUB)
    assert p is not None and (p.type, p.value) == ("DATE", "2025-04")
    p = normalise_time("this month", PUB)
    assert p is not None and p.value == "2025-04"
    p = normalise_time("since November 2023", PUB)
    assert p is not None and p.value == "2023-11"
    assert normalise_time("according to the UN refugee agency", PUB) is None
    assert normalise_period("in just over two weeks") == "P2W"
    assert normalise_period("this month", PUB) == "2025-04"
    assert normalise_period("this month") == "PRESENT_REF"


def test_fast_on_a_long_article() -> None:
    para = (
        "Pakistan's deputy prime minister met Afghan officials in Kabul on Saturday, the ministry said. "
        "More than 85,000 Afghans have been expelled in just over two weeks, and the government plans to "
        "evict 800,000 by the end of April. Last year was the deadliest in a decade; 2,300 people died. "
    )
    text = para * 20  # about 6,000 characters
    extract_times(text, PUB)
    t0 = time.perf_counter()
    for _ in range(10):
        extract_times(text, PUB)
    per_article = (time.perf_counter() - t0) / 10
    assert per_article < 0.05
