# ruff: noqa: E501  (the fixtures are paragraphs of scraped text, one per line, as scrapers give them)
"""The cleaning stage on short articles written for these tests, one kind of noise at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEEDS, needs_seeds

from newsfuse.clean import clean_document
from newsfuse.clean.dateline import parse_dateline
from newsfuse.clean.published import infer_year, normalise_date
from newsfuse.records import RawDocument

MENU = """Home
World
Business
Sport
Subscribe
Sign in
"""

# A scraped page: menu, headline, standfirst, photo + caption + credit, key-point bullets,
# body with subheadings, an in-body teaser, a glued credit, an agency credit line, then furniture
# and another story's teaser after the end.
PORT_PAGE = (
    MENU
    + """Harbour workers end strike after pay deal in Valparaiso
Dockers accept a 9 percent rise; shipping lines warn of weeks of backlog.

Dock workers leave the union hall in Valparaiso after the vote on Tuesday.
Chilean Ministry of Transport
Dockers in Valparaiso vote to end their strike.
Workers accept a nine percent pay rise over two years.
Shipping lines warn that the backlog will take weeks to clear.
Dock workers in the Chilean port of Valparaiso voted on Tuesday to end a strike that had halted container traffic for eleven days, after the port authority offered a nine percent pay rise spread over two years.
The union said 1,240 of its members took part in the vote and that a large majority had backed the offer, which also includes a safety review of the night shifts.
Read more: Copper exports slump as Chile's ports stay shut
Shipping lines said the backlog would take weeks to clear. At least forty vessels were waiting at anchor outside the bay on Tuesday morning, the harbour master said.
The transport minister thanked both sides for their patience during the talks in the port city.Chilean Ministry of Transport
Backlog at the terminals
Terminal operators said they would add extra shifts from Wednesday and keep the gates open at night until the queue of trucks on the coastal highway has gone.
Exporters of fruit and copper said the stoppage had cost them millions of dollars in delayed shipments and spoiled cargo during the busiest season of the year.
With additional input from Reuters
Most Read
More from Americas
Floods close the main road into La Paz
Heavy rain cut off the capital for a second day as rivers burst their banks
Comments
Share this story
"""
)

WIRE = """Nairobi/Kampala, Mar 4 (AFP).— Kenya and Uganda agreed on Saturday to reopen the Busia border crossing, a week after lorry drivers blocked the road over new transit fees.
The two governments said in a joint statement that the fees would be suspended while a joint committee reviews them, and that the crossing would reopen at dawn.
Trade between the two countries fell by a third in 2022 after a similar dispute, according to figures from the East African Community. AFP
jm-kl/ab
"""


@pytest.fixture(scope="module")
def port() -> object:
    return clean_document(RawDocument(path="port.txt", text=PORT_PAGE))


def _reasons(article: object) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in article.removed:  # type: ignore[attr-defined]
        out.setdefault(r.reason, []).append(r.text)
    return out


# ------------------------------------------------------------------ plain-text path
def test_title_and_standfirst(port) -> None:
    assert port.title == "Harbour workers end strike after pay deal in Valparaiso"
    assert port.standfirst.startswith("Dockers accept a 9 percent rise")
    assert "Harbour workers end strike" not in port.text
    assert "Dockers accept a 9 percent rise" not in port.text


def test_body_starts_and_ends_where_the_article_does(port) -> None:
    assert port.text.startswith("Dock workers in the Chilean port of Valparaiso voted on Tuesday")
    assert port.text.rstrip().endswith("during the busiest season of the year.")


def test_menu_and_furniture_dropped(port) -> None:
    reasons = _reasons(port)
    for word in ("Home", "Subscribe", "Sign in", "Most Read", "Comments", "Share this story"):
        assert word in reasons["page furniture"]
        assert f"\n{word}\n" not in f"\n{port.text}\n"


def test_caption_and_photo_credit_dropped(port) -> None:
    reasons = _reasons(port)
    assert reasons["caption"] == ["Dock workers leave the union hall in Valparaiso after the vote on Tuesday."]
    assert "Chilean Ministry of Transport" in reasons["photo credit"]
    assert "union hall" not in port.text


def test_duplicate_bullets_dropped(port) -> None:
    bullets = _reasons(port)["duplicate bullet"]
    assert len(bullets) == 3
    assert "Workers accept a nine percent pay rise over two years." in bullets
    assert "Workers accept" not in port.text


def test_glued_credit_split_off(port) -> None:
    assert "in the port city." in port.text
    assert "port city.Chilean" not in port.text
    assert "Ministry of Transport" not in port.text
    assert _reasons(port)["photo credit"].count("Chilean Ministry of Transport") == 2


def test_in_body_teaser_dropped(port) -> None:
    assert _reasons(port)["teaser"][0] == "Read more: Copper exports slump as Chile's ports stay shut"
    assert "Copper exports slump" not in port.text


def test_teasers_after_the_end(port) -> None:
    teasers = _reasons(port)["teaser"]
    assert "Floods close the main road into La Paz" in teasers
    assert "La Paz" not in port.text


def test_subheading_kept_as_structure(port) -> None:
    assert [h.text for h in port.headings] == ["Backlog at the terminals"]
    h = port.headings[0]
    assert port.text[h.start :].startswith("Terminal operators said")
    assert "Backlog at the terminals" not in port.text


def test_agency_credit_line(port) -> None:
    assert port.agencies == ["Reuters"]
    assert "With additional input from Reuters" in _reasons(port)["sign-off"]


def test_nothing_lost_silently(port) -> None:
    """Every line of the page is in the body, the title, the standfirst, a heading or ``removed``."""
    pieces = [port.text, port.title, port.standfirst] + [h.text for h in port.headings]
    pieces += [r.text for r in port.removed]
    joined = "\n".join(pieces)
    for line in PORT_PAGE.splitlines():
        for part in line.split(".Chilean"):  # the glued credit was split
            assert part.strip() in joined, part


def test_wire_copy_dateline_signoff_desk_code() -> None:
    a = clean_document(RawDocument(path="wire.txt", text=WIRE))
    assert a.dateline.places == ["Nairobi", "Kampala"]
    assert a.dateline.agency == "AFP"
    assert a.dateline.date == "Mar 4"
    assert a.text.startswith("Kenya and Uganda agreed on Saturday")
    assert a.text.endswith("according to figures from the East African Community.")
    reasons = _reasons(a)
    assert reasons["dateline"] == ["Nairobi/Kampala, Mar 4 (AFP).—"]
    assert reasons["sign-off"] == ["AFP"]
    assert reasons["desk code"] == ["jm-kl/ab"]
    assert a.agencies == ["AFP"]
    # Mar 4 on a Saturday, after the 2022 the text names as past: 2023 (2024 is a Monday)
    assert a.published == "2023-03-04" and a.published_inferred


def test_hard_wrapped_wire_copy_is_unwrapped() -> None:
    text = (
        "TORONTO, March 4 - Northern Mining Corp said it agreed to\n"
        "buy the Red Lake gold property from a private group for 42 mln\n"
        "Canadian dlrs in cash and shares.\n"
        "    The company said the deal, which is subject to regulatory\n"
        "approval, would double its proven reserves.\n"
        " Reuter\n"
    )
    a = clean_document(RawDocument(path="reuter.txt", text=text))
    assert a.dateline.places == ["Toronto"]
    assert a.text.split("\n") == [
        "Northern Mining Corp said it agreed to buy the Red Lake gold property from a private group for "
        "42 mln Canadian dlrs in cash and shares.",
        "The company said the deal, which is subject to regulatory approval, would double its proven reserves.",
    ]
    assert a.agencies == ["Reuters"]


def test_comment_thread_is_not_the_article() -> None:
    body = (
        "The city council approved the new tram line on Monday after a debate that lasted most of the night, "
        "ending two years of disputes over the route through the old town.\n"
        "Construction is due to start in the spring and the first trams should run within three years, "
        "the mayor told reporters outside the town hall.\n"
        "Opponents said they would challenge the decision in court, arguing the route would harm the "
        "historic centre and its small shops.\n"
    )
    comments = (
        "12 Comments\n"
        "riverwalker says:\n"
        "This is the best news the city has had in years and I cannot wait to ride it to work every day.\n"
        "oldtowner says:\n"
        "Nobody asked the people who actually live on the route what they think about this whole plan.\n"
    )
    a = clean_document(RawDocument(path="c.txt", text=MENU + body + comments))
    assert "riverwalker" not in a.text and "best news" not in a.text
    assert a.text.endswith("its small shops.")


def test_given_title_and_date_win() -> None:
    a = clean_document(RawDocument(path="x.txt", text=WIRE, title="Border reopens", published="2023-03-04"))
    assert a.title == "Border reopens"
    assert a.published == "2023-03-04" and not a.published_inferred


def test_nothing_usable_raises() -> None:
    with pytest.raises(ValueError):
        clean_document(RawDocument(path="e.txt", text="   \n"))
    with pytest.raises(ValueError):
        clean_document(RawDocument(path="e.html", html="<html><body><nav>Home</nav></body></html>"))


# ------------------------------------------------------------------------ HTML path
def test_html_path_metadata_and_cleanup() -> None:
    html = """<html><head><title>Floods cut off mountain villages | The Andes Courier</title>
    <meta property="og:title" content="Floods cut off mountain villages">
    <meta property="article:published_time" content="2024-02-11T08:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Floods cut off mountain villages</h1>
    <p>LA PAZ, Feb 11 (EFE) - Heavy rain cut off more than thirty villages in the Bolivian Andes on Sunday,
    as rivers burst their banks and landslides blocked the only roads into the valleys.</p>
    <p>Rescue teams reached two of the villages by helicopter and brought food and medicine to families who
    had spent the night on higher ground, the civil defence office said.</p>
    <p>Read more: Drought returns to the Altiplano</p>
    <p>Forecasters expect more rain until the middle of the week, and the government has asked residents of
    the lower valleys to move to shelters set up in schools. EFE</p></article>
    <footer><p>Copyright 2024 The Andes Courier</p></footer></body></html>"""
    a = clean_document(RawDocument(path="floods.html", html=html))
    assert a.title == "Floods cut off mountain villages"
    assert a.published == "2024-02-11" and not a.published_inferred
    assert a.dateline.places == ["La Paz"] and a.agencies == ["EFE"]
    assert a.text.startswith("Heavy rain cut off more than thirty villages")
    assert "Drought returns" not in a.text and "Copyright" not in a.text
    assert a.text.endswith("set up in schools.")


# -------------------------------------------------------------------------- datelines
@pytest.mark.parametrize(
    ("text", "places", "date", "agency"),
    [
        ("SALVADOR, Feb 26 - Showers continued", ["Salvador"], "Feb 26", None),
        ("Kabul/Islamabad, Apr 19 (EFE).— Pakistan said", ["Kabul", "Islamabad"], "Apr 19", "EFE"),
        ("WASHINGTON (AP) — The Senate voted", ["Washington"], None, "AP"),
        ("LONDON, March 3 (Reuters) - Shares fell", ["London"], "March 3", "Reuters"),
        ("PORTLAND, Ore., Feb 26 - Red Lion Inns said", ["Portland, Ore."], "Feb 26", None),
        ("NEW DELHI, 3 March (PTI): The ministry", ["New Delhi"], "3 March", "PTI"),
        ("RIO DE JANEIRO, Jan 5 (Agence France-Presse) - Police", ["Rio de Janeiro"], "Jan 5", "AFP"),
        ("KABUL — The Taliban said", ["Kabul"], None, None),
    ],
)
def test_dateline_forms(text: str, places: list[str], date: str | None, agency: str | None) -> None:
    m = parse_dateline(text)
    assert m is not None
    assert (m.dateline.places, m.dateline.date, m.dateline.agency) == (places, date, agency)


@pytest.mark.parametrize(
    "text",
    [
        "The minister, March 3 - no comment",
        "NOTE: figures are provisional",
        "Mr Smith (right) - said he",
        "In Brussels, Monday - talks",
    ],
)
def test_not_a_dateline(text: str) -> None:
    assert parse_dateline(text) is None


# ----------------------------------------------------------------- publication date
def test_year_must_agree_with_the_weekday() -> None:
    text = "Officials met on Saturday. The programme began in 2017 and was extended in 2021."
    # Apr 19: 2025 is a Saturday, 2024 a Friday
    assert infer_year(4, 19, text, lead="Officials met on Saturday.", today=dt.date(2026, 1, 1)) == 2025


def test_year_after_the_past_years_mentioned() -> None:
    text = "The agreement replaced the accord signed in November 2023."
    assert infer_year(4, 19, text, today=dt.date(2030, 1, 1)) == 2024
    assert infer_year(12, 1, "Talks began in March 2023.", today=dt.date(2030, 1, 1)) == 2023
    assert infer_year(4, 19, "No clue here.", today=dt.date(2030, 1, 1)) is None


def test_normalise_date() -> None:
    assert normalise_date("Sat, 19 Apr 2025 10:00:00 GMT") == ("2025-04-19", False)
    assert normalise_date("2025-04-19T10:00:00Z") == ("2025-04-19", False)
    assert normalise_date("April 19")[1] is True
    assert normalise_date("") == (None, False)


# ------------------------------------------------------------- the seeds (outcomes only)
@needs_seeds
def test_seed_outcomes() -> None:
    first, second = (
        clean_document(RawDocument(path=p.name, text=p.read_text(encoding="utf-8")))
        for p in sorted(SEEDS.glob("*.txt"))[:2]
    )
    assert "AFP" in first.agencies
    assert "EFE" in second.agencies
    assert second.dateline.places == ["Kabul", "Islamabad"]
    assert second.published == "2025-04-19" and second.published_inferred


def test_unknown_agency_in_the_dateline_and_its_credit_line() -> None:
    text = (
        "OSLO, May 2 (NPA) - Norway's fishing fleet stayed in port on Friday as a storm with gusts of up to 120 "
        "kilometres an hour swept along the west coast, the coastguard said.\n"
        "Ferries between Bergen and the outer islands were cancelled for the rest of the day and schools in "
        "three municipalities closed early so that children could get home before the worst of the wind.\n"
        "With reporting from Nordic Press Agency\n"
    )
    a = clean_document(RawDocument(path="oslo.txt", text=text))
    assert a.dateline.agency == "NPA" and a.agencies == ["NPA"]
    assert _reasons(a)["sign-off"] == ["With reporting from Nordic Press Agency"]
    assert "Nordic Press" not in a.text


def test_see_more_is_a_teaser_not_a_dateline() -> None:
    assert parse_dateline("SEE MORE: Floods close the coast road") is None
    text = (
        "The regional council approved a plan on Monday to rebuild the coast road, which was washed away in "
        "two places during the storms of last winter.\n"
        "SEE MORE: Floods close the coast road\n"
        "Work will start in June and should take about eighteen months, the council's engineer told a meeting "
        "in the town hall, where residents asked for a temporary bus service.\n"
    )
    a = clean_document(RawDocument(path="road.txt", text=text))
    assert a.dateline is None
    assert _reasons(a)["teaser"] == ["SEE MORE: Floods close the coast road"]
    assert a.text.startswith("The regional council approved")


def test_author_from_a_byline_and_from_html_metadata():
    text = (
        "Ferry service to Lindquay suspended\n"
        "By Maren Oakhurst\n"
        "Published March 9, 2026\n"
        "The ferry between Velara and Lindquay was suspended on Monday after a crane collapsed on the pier, "
        "the harbour office said.\n"
        "Passengers were offered seats on a replacement bus, which takes three hours longer than the crossing.\n"
    )
    article = clean_document(RawDocument(path="ferry.txt", text=text))
    assert article.author == "Maren Oakhurst" and "By Maren Oakhurst" not in article.text
    body = "The ferry between Velara and Lindquay was suspended on Monday after a crane collapsed, officials said. "
    page = (
        "<html><head><title>Ferry suspended</title><meta name='author' content='Jane Roe'>"
        "<meta property='og:site_name' content='Valley Post'></head><body><article><h1>Ferry suspended</h1>"
        f"<p>{body * 3}</p></article></body></html>"
    )
    article = clean_document(RawDocument(path="ferry.html", html=page))
    assert (article.author, article.source) == ("Jane Roe", "Valley Post")


def test_datelines_with_misspelt_months():
    for text, place, month, day in [
        ("ORLEANS, Narch 2 - The port reopened on Monday.", "Orleans", 3, 2),
        ("TARSK, Ore., Mach 14 - Shares fell.", "Tarsk, Ore.", 3, 14),
        ("VELARA, Spetember 9 (MP) - Rain eased.", "Velara", 9, 9),
    ]:
        match = parse_dateline(text)
        assert match is not None and match.dateline.places == [place] and (match.month, match.day) == (month, day)
    # a word that is no month does not make a dateline
    assert parse_dateline("Marsh, Tuesday 3 - the plan") is None


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Originally published 05/03/2013 at 10:20 AM EDT", "2013-05-03"),
        ("10:55 P. M. FEB. 2, 2009", "2009-02-02"),
        ("Reuters Sep 18, 2013, 02.16PM IST", "2013-09-18"),
        ("26 September 2013, 10:00 (GMT+05:00)", "2013-09-26"),
        ("WASHINGTON, DC, April 28, 2009", "2009-04-28"),
        ("Story Created: Aug 7, 2012 at 9:56 AM AKDT", "2012-08-07"),
        ("Mar. 8 5:46 PM EST", "XXXX-03-08"),
        ("02.29.12 4:15 PM", "2012-02-29"),
        ("31/12/2019 10:00", "2019-12-31"),
        ("Interior and Commerce Secretaries Must Act by May 9", None),  # a headline naming a date
        ("Obama Visits Japan May 9, 2013", None),
        ("Kabul, April 19 (AFP)", None),  # a dateline, not a stamp
    ],
)
def test_date_stamp_lines(line: str, date: str | None) -> None:
    from newsfuse.clean.published import date_stamp

    assert date_stamp(line) == date


def test_a_date_stamp_is_the_publication_date_not_the_title() -> None:
    text = (
        "10:55 P. M. FEB. 2, 2009\n\n"
        "Chargers defensive lineman Jamal Williams was arrested early Sunday on suspicion of drunken driving "
        "after he was speeding down state Route 94, the California Highway Patrol said.\n\n"
        "Williams, 32, was going more than 80 mph when he was pulled over, officers said. He was booked into "
        "county jail and released hours later after posting bail, according to the sheriff's department."
    )
    art = clean_document(RawDocument(path="stamp.txt", text=text))
    assert art.title is None
    assert art.published == "2009-02-02"
    assert art.text.startswith("Chargers defensive lineman")
    assert "10:55" not in art.text


def test_language_of_the_body():
    from newsfuse.clean.language import analysed, language_of

    assert language_of("The parliament passed a new law on pensions today after a long debate in the chamber.") == "en"
    assert language_of("Der Bundestag hat heute nach langer Debatte ein neues Gesetz zur Rente beschlossen.") == "de"
    assert language_of("Too short to tell.") is None
    assert analysed("en") and analysed(None) and not analysed("de")


def test_a_list_inside_the_story_is_its_text() -> None:
    """Only key-point bullets above the story are repeats; a list inside it stays, even when a later
    paragraph uses its words (a how-to page of the Zyte benchmark lost nine bullets so)."""
    first = (
        "Every online business exists in space and time, and the sooner you build one the sooner the "
        "benefits of both begin to accrue for you and for the people you want to serve."
    )
    items = [
        "Search engines will drive people to your information",
        "Your email list will begin to grow",
        "Your revenues and impact will grow year by year",
    ]
    last = (
        "When search engines drive people to your information, your email list will begin to grow, and "
        "your revenues and impact will grow year by year, which is why you should start today."
    )
    html = (
        "<html><head><title>Space and time</title></head><body><article><h1>Space and time</h1>"
        f"<p>{first}</p><p>Think about it:</p><ul>{''.join(f'<li>{i}</li>' for i in items)}</ul><p>{last}</p>"
        f"<p>{first.replace('Every', 'Each')}</p></article></body></html>"
    )
    article = clean_document(RawDocument(path="howto.html", html=html))
    kept = article.text + "\n".join(h.text for h in article.headings)
    assert all(i in kept for i in items), article.removed
    assert not [r for r in article.removed if r.reason == "duplicate bullet"]
