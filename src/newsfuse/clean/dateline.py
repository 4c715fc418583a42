"""Datelines: the "PLACE, Date (AGENCY) -" that opens wire copy.

Handles the forms wire copy uses::

    SALVADOR, Feb 26 -                      LONDON, March 3 (Reuters) -
    Kabul/Islamabad, Apr 19 (EFE).—         WASHINGTON (AP) —
    PORTLAND, Ore., Feb 26 -                NEW DELHI, 3 March (PTI):
    BEIJING, April 7, 2025 (Xinhua) --      KABUL —

A regular expression rather than a parser library: the grammar is small and
fixed, and it must run on every article in well under a millisecond.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from newsfuse.clean.agencies import canonical
from newsfuse.records import Dateline

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MON = r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # noqa: E501
_WDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_DATE = (
    rf"(?P<date>{_WDAY}?(?:{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}))"
)
# a place word: capitalised or all-caps, allowing St., N.C., Winston-Salem, Dar es Salaam, Rio de Janeiro
_PW = r"(?:[A-ZÀ-Þ][\w'’.\-À-ÿ]*|de|del|da|do|es|al|el|la|le|upon|am|an|of)"
_PLACE = rf"{_PW}(?:\s+(?:{_PW}|[a-z][\w'’.\-]*)){{0,4}}"
_PLACES = rf"(?P<places>{_PLACE}(?:\s*/\s*{_PLACE})*(?:\s*,\s+{_PLACE}){{0,2}}?)"
_AGENCY = r"(?:\(\s*(?P<agency>[A-Za-z][\w .\-]{0,40}?)\s*\))"
_DASH = r"(?:\s*[.:]?\s*(?:[-–—]+|:)\s*)"

DATELINE_RE = re.compile(
    rf"^[\s*#>]*{_PLACES}(?:\s*,\s*|\s+)?(?:[-–—]\s+)?(?:{_DATE},?)?\s*{_AGENCY}?{_DASH}"  # PLACE, Date (AGENCY) -
)
# the same with any word where the month goes, for misspelt months in wire copy ("NEW YORK, Narch 2 -")
LOOSE_DATELINE_RE = re.compile(DATELINE_RE.pattern.replace(_MON, r"[A-Za-z]{3,9}\.?"))
_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
# "KABUL — ", "NEW DELHI: " only when the place is in capitals (else any "Word: " would match)
CAPS_DATELINE_RE = re.compile(
    r"^\s*(?P<places>[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]+(?:[ /][A-ZÀ-Þ][A-ZÀ-Þ.'’\-]+){0,3}(?:,\s+[A-Z][\w.]+){0,1})"
    r"\s*(?:[-–—]+|:)\s+(?=[A-Z“\"‘'])"
)

_NOT_PLACE = {
    "The", "A", "An", "In", "On", "At", "By", "He", "She", "It", "They", "We", "I", "This", "That",
    "But", "And", "When", "While", "After", "Before", "Update", "Updated", "Breaking", "Photo", "Video",
    "Watch", "Read", "Opinion", "Analysis", "Editorial", "Exclusive", "Published", "Posted", "Last",
    "Sources", "Source", "Note", "Notes", "Editor", "Correction", "Clarification", "Warning", "Live",
    "Urgent", "Flash", "Bulletin", "Advisory", "Corrected", "Repeat", "Refile", "Attention", "Editors", "Ed",
    "Q", "Advertisement", "Related", "Comment", "Comments", "See", "More", "Don't", "Must", "Also", "Top", "Most",
}  # fmt: skip


_PARTICLES = {"de", "del", "da", "do", "es", "al", "el", "la", "le", "upon", "am", "an", "of"}


@dataclass
class DatelineMatch:
    dateline: Dateline
    end: int  # offset in the paragraph where the story text begins
    month: int | None = None
    day: int | None = None
    year: int | None = None


def _tidy_place(place: str) -> str:
    """ "NEW YORK" -> "New York", "PORTLAND, Ore." -> "Portland, Ore."; abbreviations like N.C. stay."""
    parts = []
    for part in " ".join(place.split()).strip(" ,").split(","):
        part = part.strip()
        if part.isupper() and len(part) > 3 and not re.fullmatch(r"(?:[A-Z]\.)+", part):
            part = " ".join(w if re.fullmatch(r"(?:[A-Z]\.)+", w) else w.title() for w in part.split())
            part = re.sub(r"(?<=\s)(De|Del|Da|Es|Al|El|La|Of|On|Upon|Am|An)\b", lambda m: m.group(1).lower(), part)
        parts.append(part)
    return ", ".join(p for p in parts if p)


def split_places(text: str) -> list[str]:
    """["Kabul", "Islamabad"] for "Kabul/Islamabad"; ["Portland, Ore."] for "PORTLAND, Ore."."""
    return [_tidy_place(p) for p in re.split(r"\s*/\s*", text) if p.strip(" ,")]


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation, also misspelt ("Narch", "Mach"); None for other words."""
    w = word.lower().rstrip(".")
    if w in MONTHS:
        return MONTHS[w]
    if len(w) < 4:
        return None
    match = process.extractOne(w, _MONTH_NAMES, scorer=fuzz.ratio, score_cutoff=80)
    return _MONTH_NAMES.index(match[0]) + 1 if match else None


def parse_date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a dateline date as written ("Apr 19", "3 March 2025", "2025-04-19")."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    text = re.sub(_WDAY, "", text)
    mon = re.search(r"[A-Za-z]+", text)
    nums = re.findall(r"\d+", text)
    month = month_number(mon.group(0)) if mon else None
    day = int(nums[0]) if nums and len(nums[0]) <= 2 else None
    year = int(nums[-1]) if nums and len(nums[-1]) == 4 else None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


def parse_dateline(paragraph: str) -> DatelineMatch | None:
    """The dateline opening ``paragraph``, or None when it does not open with one."""
    head = paragraph[:160]
    m = DATELINE_RE.match(head)
    caps = False
    if m is not None and not (m.group("date") or m.group("agency")):
        m = None
    if m is None:
        m = LOOSE_DATELINE_RE.match(head)
        if m is not None and not (m.group("date") and parse_date_parts(m.group("date"))[1]):
            m = None
    if m is None:
        m = CAPS_DATELINE_RE.match(head)
        caps = True
        if m is None:
            return None
    places_text = m.group("places")
    first = places_text.split()[0].strip(",/")
    if first in _NOT_PLACE or len(places_text.split()) > 8:
        return None
    lower = [w for w in places_text.split() if w[0].islower() and w not in _PARTICLES]
    if len(lower) > 1 or (lower and len(places_text.split()) > 3):  # "Police said on Monday, March 3 -"
        return None
    if places_text.isupper() and first.title() in _NOT_PLACE and first != "THE":  # "NOTE:", "UPDATE -"
        return None
    agency_raw = None if caps else m.group("agency")
    agency = None
    if agency_raw:
        agency = canonical(agency_raw)
        if agency is None:
            # "(Reuters Breakingviews)", "(AP Photo)": accept a known agency as the first word
            agency = canonical(agency_raw.split()[0])
            if agency is None:
                if not re.fullmatch(r"[A-Z][A-Za-z.\-]{1,15}", agency_raw):
                    return None
                agency = agency_raw  # an agency we do not know, in the agency slot: keep it as written
    date_text = None if caps else m.group("date")
    if caps and not (places_text.isupper() and len(places_text) >= 3):
        return None
    year = month = day = None
    if date_text:
        year, month, day = parse_date_parts(date_text)
        if month is None or day is None:
            return None
    text = paragraph[: m.end()].strip()
    dl = Dateline(text=text, places=split_places(places_text), date=date_text, agency=agency)
    return DatelineMatch(dateline=dl, end=m.end(), month=month, day=day, year=year)
