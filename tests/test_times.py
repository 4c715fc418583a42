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


@pytest.mark.parametrize(
    ("sentence", "published", "extent", "typ", "value"),
    [
        # a yearless month far behind publication is this year's unless the clause looks ahead
        ("The chairman stepped down in March for health reasons.", "1989-11-02", "March", "DATE", "1989-03"),
        ("The dividend is payable Jan. 2 to holders of record Dec. 15.", "1989-11-02", "Jan. 2", "DATE", "1990-01-02"),
        ("It plans to repay the bridge loan by February.", "1989-10-30", "February", "DATE", "1990-02"),
        ("Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", "1989-10-26", "Feb. 1", "DATE", "1990-02-01"),
        # anaphoric units follow the last date named
        ("She fled to Florida in June 1998 and returned later that year.", PUB, "later that year", "DATE", "1998"),
        ("He was promoted on May 22, 1995, and the following year he left.", PUB, "the following year", "DATE", "1996"),
        (
            "The board met in March 2024. The following month, it sold the unit.",
            PUB,
            "The following month",
            "DATE",
            "2024-04",
        ),
        # "the quarter" is the quarter the report is about
        (
            "Net rose in the fiscal first quarter. Sales in the quarter were flat.",
            "1989-10-26",
            "the quarter",
            "DATE",
            "1989-Q1",
        ),
        ("Profit rose in the last half of 1989.", PUB, "the last half of 1989", "DATE", "1989-H2"),
        ("The hearing is set for the week of March 6.", "2000-02-24", "the week of March 6", "DATE", "2000-W10"),
        ("Orangemen march each July to the church.", PUB, "each July", "SET", "XXXX-07"),
        ("The shows run on Tuesday nights.", PUB, "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
        ("January nineteen ninety-seven. A bomb explodes.", PUB, "January nineteen ninety-seven", "DATE", "1997-01"),
        (
            "Prices fell in the winter of nineteen ninety-four.",
            PUB,
            "the winter of nineteen ninety-four",
            "DATE",
            "1994-WI",
        ),
        ("Sales were delayed earlier in the year by rains.", PUB, "earlier in the year", "DATE", "2025"),
        ("He was seen there in 1994, 1995 and 1997.", PUB, "1995", "DATE", "1995"),
        ("The fabled 11th century temple draws tourists.", PUB, "11th century", "DATE", "10"),
        # durations and vague references
        ("The lease may be extended for an additional year.", PUB, "an additional year", "DURATION", "P1Y"),
        ("The fleet stays for at least 20 more years.", PUB, "at least 20 more years", "DURATION", "P20Y"),
        ("Eight trading days after the crash, the index recovered.", PUB, "Eight trading days", "DURATION", "P8D"),
        ("Over the next couple of years sales should double.", PUB, "the next couple of years", "DURATION", "P2Y"),
        ("The government's decades-long battle goes on.", PUB, "decades-long", "DURATION", "PXDE"),
        ("Troops will arrive within weeks.", PUB, "weeks", "DURATION", "PXW"),
        ("The tape runs a minute and a half.", PUB, "a minute and a half", "DURATION", "PT1M30S"),
        ("They will have to live without power for a while.", PUB, "a while", "DURATION", "PXX"),
        ("Many patients improved over the years.", PUB, "the years", "DURATION", "PXY"),
        ("Funds may flow out in the coming weeks.", PUB, "the coming weeks", "DURATION", "PXW"),
        ("We don't minimize the challenges of the near term.", PUB, "the near term", "DATE", "FUTURE_REF"),
        ("It will raise the money at a later date.", PUB, "a later date", "DATE", "FUTURE_REF"),
        ("He described the conditions of his daily life.", PUB, "daily", "SET", "P1D"),
        # tense: a past perfect clause looks back even with "due to"/"until" in it
        ("The offer had been due to expire Friday evening.", "2025-04-21", "Friday evening", "TIME", "2025-04-18TEV"),
        ("Until Thursday, police had not called him a suspect.", "2025-04-19", "Thursday", "DATE", "2025-04-17"),
        # a weekday opening its sentence takes the tense of the main verb after it
        ("On Tuesday, the league plans to hold a news conference.", "2025-04-21", "Tuesday", "DATE", "2025-04-22"),
        ("On Friday, the government planned to pay the first claims.", "2025-04-23", "Friday", "DATE", "2025-04-18"),
        # a deadline month lies ahead; the future cue may sit a long way before the month
        ("Qantas doubles its flights between Sydney and Bombay by August.", "1998-02-13", "August", "DATE", "1998-08"),
        (
            "Air Force Lieutenant Colonel Eileen Collins will be named commander of the Space Shuttle Columbia for a"
            " mission in December.",
            "1998-03-04",
            "December",
            "DATE",
            "1998-12",
        ),
        # a past verb beats a future word ("until", "as soon as"); the nearest verb decides
        (
            "Sondland did not realize Mr. Trump saw the request as a condition until he heard the July 25 call.",
            "2019-11-20",
            "July 25",
            "DATE",
            "2019-07-25",
        ),
        (
            "I opposed the hold as soon as I learned about it on July 18, and thought we could turn it around.",
            "2019-11-20",
            "July 18",
            "DATE",
            "2019-07-18",
        ),
        ("The official said it will expel them by February.", "2019-11-20", "February", "DATE", "2020-02"),
        ("The company repaid the loan by February.", "2019-11-20", "February", "DATE", "2019-02"),
        ("They met as soon as he arrived on Monday.", "2025-04-16", "Monday", "DATE", "2025-04-14"),
        ("He said he will meet them on Monday.", "2025-04-16", "Monday", "DATE", "2025-04-21"),
        ("The team planned to leave Nairobi on Thursday.", "1998-09-30", "Thursday", "DATE", "1998-10-01"),
        ("Officials postponed until Tuesday any action on the case.", "2000-03-30", "Tuesday", "DATE", "2000-04-04"),
        (
            "Buyers were likely to buy the stock as soon as trading opened Monday.",
            "1989-11-01",
            "Monday",
            "DATE",
            "1989-11-06",
        ),
        # a clock time followed by its weekday after a parenthesis
        ("The blast occurred at about 10:35 a.m. (0735 GMT) Friday.", PUB, "10:35 a.m.", "TIME", "2025-04-18T10:35"),
        # references: "then current", "one day" meaning some day
        ("Holders may buy shares at half the then current market price.", PUB, "then current", "DATE", "PAST_REF"),
        ("Islam will one day be the second largest religion in the country.", PUB, "one day", "DATE", "FUTURE_REF"),
        ("John Major had only been in the job one day.", PUB, "one day", "DURATION", "P1D"),
        ("Residents are worried about the future.", PUB, "the future", "DATE", "FUTURE_REF"),
    ],
)
def test_expression_in_context(sentence: str, published: str, extent: str, typ: str, value: str) -> None:
    found = _found(sentence, published)
    assert extent in found, found
    assert found[extent] == (typ, value)


def test_anaphora_without_a_precise_anchor() -> None:
    found = _found("In 2019 the firm was sold. That month, its founder resigned.")
    assert found["That month"] == ("DATE", "2019-XX")
    found = _found("The company reported a third-quarter loss. In the quarter, revenue fell.")
    assert found["the quarter"] == found["third-quarter"] == ("DATE", "2024-Q3")


def test_parts_of_days_and_halves() -> None:
    assert _found("By mid afternoon, crowds had gathered.")["mid afternoon"] == ("TIME", "2025-04-19TAF")
    assert _found("Profit rose in the first half of the year.")["the first half"] == ("DATE", "2025-H1")
    assert _found("Sales fell in the first half of the 1980s.")["the first half of the 1980s"] == ("DATE", "198")


def test_generic_today_and_fractions_are_not_times() -> None:
    assert _found("The case is for today's youth what the blockade was for their parents.") == {}
    assert _found("Junk funds account for more than a quarter of the market.") == {}


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
        "That is very important to the future of our peoples.",  # a fate, not a time
        "We face a future in which weapons will be more destructive.",  # a kind of future
        "The operator changed from a fiscal year to a calendar year.",  # kinds of years
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


def test_year_ago_in_january_follows_last_years_fourth_quarter() -> None:
    found = _found("Net rose in the fourth quarter to $5 million from $3 million a year earlier.", "2025-01-20")
    assert found["the fourth quarter"] == ("DATE", "2024-Q4")
    assert found["a year earlier"] == ("DATE", "2023-Q4")


def test_year_ago_after_a_year_old_period_is_last_year() -> None:
    text = "Net was $5 million, against a loss in the 1988 period. The year-ago results included a charge."
    assert _found(text, "1989-11-02")["The year-ago"] == ("DATE", "1988")


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


def test_clock_times_with_a_zone_and_named_days() -> None:
    """A 24-hour clock with its zone is a time ("16:08 UTC"), a bare one may be a score; a weekday in a
    day's name ("Black Monday", "Super Tuesday") is not that week's day."""

    def found(text: str) -> list[tuple[str, str]]:
        return [(t.text, t.value) for t in extract_times(text, "2013-03-05")]

    assert found("The quake struck at 16:08 UTC.") == [("16:08 UTC", "2013-03-05T16:08")]
    assert found("Trading opened at 08:30 GMT.") == [("08:30 GMT", "2013-03-05T08:30")]
    assert found("The Jets won 21:14.") == []
    assert found("Stocks fell on Black Monday in 1987.") == [("1987", "1987")]
    assert found("President Obama Saturday vowed to act.") == [("Saturday", "2013-03-02")]
