"""Publication dates: normalise what metadata gives, find one on the page, infer a missing year.

Dates with a year are parsed by python-dateutil. A dateline gives only "Apr 19";
the year is inferred the way a reader would: it must make every weekday the lead
names for that day agree ("Apr 19" with "on Saturday" admits 2025, not 2024), and
it must come after the years the text mentions as past ("in November 2023").
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateparser

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RE = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # noqa: E501
# full dates on a page: "November 19, 2019", "19 November 2019", "2019-11-19", "2019/11/19"
FULL_DATE_RE = re.compile(
    rf"\b(?:{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01]))(?![\d])"
)
# a year, with the month written before it when there is one ("November 2023", "Nov. 5, 2023", "2021")
YEAR_RE = re.compile(rf"(?:(?P<mon>{_MON})\s+(?:\d{{1,2}},?\s+)?)?(?<![\d,.$€£-])(?P<year>1[89]\d\d|20\d\d)(?![\d%])")
_FUTURE_CUE = re.compile(
    r"(?:\b(?:by|until|till|through|before|next|to|will|target|goal|deadline|from|fiscal|expected|forecast|"
    r"projected|planned|scheduled|due)\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:early|mid|late)[- ])?|[/-])$",
    re.I,
)
_MONTH_NUM = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}


def _month(text: str | None) -> int | None:
    return _MONTH_NUM.get(text.lower()[:3]) if text else None


def normalise_date(value: str | None) -> tuple[str | None, bool]:
    """('YYYY-MM-DD', year_missing) for a date in any common format; (None, False) if unreadable."""
    if not value or not value.strip():
        return None, False
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), False
        except ValueError:
            return None, False
    try:
        a = dateparser.parse(value, default=dt.datetime(1904, 1, 1), fuzzy=True)
        b = dateparser.parse(value, default=dt.datetime(1908, 1, 1), fuzzy=True)
    except (ValueError, OverflowError):
        return None, False
    if a is None:
        return None, False
    return a.date().isoformat(), a.year != b.year


# a date stamp line: "Tuesday, May 24, 2005", "10:55 P. M. FEB. 2, 2009", "Originally published 05/03/2013 at
# 10:20 AM EDT", "Reuters Sep 18, 2013, 02.16PM IST", "Mar. 8 5:46 PM EST": a date (and a time or a year),
# with nothing else but labels, weekdays and up to three capitalised words (a place, an agency, a time
# zone), at most two of them not in capitals
_STAMP_DATE = re.compile(
    rf"(?:{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON})"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?(?!\d)"
    r"|(?<![\d.])\d{1,2}(?P<sep>[-/.])\d{1,2}(?P=sep)(?P<year2>(?:19|20)?\d\d)(?![\d.])"
    r"|(?P<year3>(?:19|20)\d\d)[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)",
    re.I,
)
_STAMP_TIME = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s*[ap]\.\s?m\b\.?|\b\d{1,2}\s*[ap]m\b"
    r"|\(?\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}:?\d{2}\)?",
    re.I,
)
_STAMP_WORDS = frozenset(
    [
        "originally", "published", "posted", "updated", "last", "first", "modified", "date", "story", "created",
        "release", "released", "edited", "time", "found", "filed", "on", "at", "hrs", "hours", "local", "gmt", "utc",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"
    ]
) | frozenset(_WEEKDAYS)
_STAMP_WORD = re.compile(r"[^\W\d_][\w'’]*")


def date_stamp(line: str) -> str | None:
    """The date of a date stamp line ('YYYY-MM-DD', or 'XXXX-MM-DD' when it has no year); None otherwise."""
    if len(line) > 90:
        return None
    m = _STAMP_DATE.search(line)
    if not m:
        return None
    has_year = bool(m.group("year") or m.group("year2") or m.group("year3"))
    rest = line[: m.start()] + " " + line[m.end() :]
    timed = _STAMP_TIME.search(rest)
    if not (has_year or timed):
        return None
    rest = _STAMP_TIME.sub(" ", rest)
    others = [w for w in _STAMP_WORD.findall(rest) if w.lower().rstrip(".") not in _STAMP_WORDS]
    titled = [w for w in others if not w.isupper()]  # "Reuters", "Calif."; a headline has more of them
    if len(others) > 3 or len(titled) > 2 or any(not w[0].isupper() for w in titled):
        return None
    if m.group("sep"):  # 05/03/2013 is month first (US), 2.5.2019 and 31/12/2019 day first
        a, b, y = (int(x) for x in m.group(0).split(m.group("sep")))
        month, day = (b, a) if a > 12 or (m.group("sep") == "." and b <= 12) else (a, b)
        try:
            return dt.date(y + 2000 if y < 100 else y, month, day).isoformat()
        except ValueError:
            return None
    date, year_missing = normalise_date(m.group(0))
    if date is None:
        return None
    return "XXXX" + date[4:] if year_missing else date


def page_date(lines: list[str]) -> str | None:
    """The first full date (with its year) in ``lines`` (bylines, the lines above the story)."""
    for line in lines:
        stamp = date_stamp(line)
        if stamp and not stamp.startswith("X"):
            return stamp
        m = FULL_DATE_RE.search(line)
        if m:
            date, missing = normalise_date(m.group(0))
            if date and not missing:
                return date
    return None


def infer_year(month: int, day: int, text: str, lead: str | None = None, today: dt.date | None = None) -> int | None:
    """The year of a "month day" date written without one, or None when the text gives no clue.

    Constraints: the weekdays the lead names (else the whole text) must include the day's weekday;
    the year is at least every year the text mentions as past, and later than it when the text names a
    later month of that year ("in November 2023" for an April date). Among the years that fit, the
    earliest; with weekdays but no past years, the most recent up to ``today``.
    """
    today = today or dt.date.today()
    named = {w.lower() for w in WEEKDAY_RE.findall(lead or "")} or {w.lower() for w in WEEKDAY_RE.findall(text)}
    mentions: list[tuple[int, int | None]] = []
    for m in YEAR_RE.finditer(text):
        year = int(m.group("year"))
        before, after = text[max(0, m.start() - 30) : m.start()], text[m.end() : m.end() + 3]
        if year > today.year + 1 or _FUTURE_CUE.search(before) or after[:1] in ("/", "-"):
            continue  # "by 2030", "fiscal 1988", the 1986/87 crop year: not a past year
        mentions.append((year, _month(m.group("mon"))))
    floor = None
    for year, mon in mentions:
        # "in November 2023" written in April: 2024 at the earliest; a bare year the text mentions
        # ("in 2021", "its 1986 profit") is a past one
        bound = year if mon is not None and mon <= month else year + 1
        floor = bound if floor is None else max(floor, bound)

    def fits(year: int) -> bool:
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return False
        return not named or _WEEKDAYS[d.weekday()] in named

    if floor is not None:
        for year in range(floor, max(floor, today.year + 1) + 1):
            if fits(year):
                return year
        return floor if not named else None
    if named:
        for year in range(today.year, today.year - 12, -1):
            if fits(year) and dt.date(year, month, day) <= today:
                return year
    return None
