"""Time expressions, normalised TimeML-style (TIMEX3 type and value) relative to the publication date.

Why our own rules: no maintained offline Python library does TimeML normalisation. HeidelTime
and SUTime need Java; ``dateparser``/``ctparse`` parse one date string into a ``datetime`` (no
extents in running text, no durations, sets, quarters, decades or underspecified values).
So this is a compact rule-based tagger in the spirit of HeidelTime: a set of regular
expressions (compiled once at import) each with a normaliser, candidates resolved leftmost-
longest, values computed against the publication date ("document creation time"). Each rule
runs only in short windows around its trigger words (month names, units, digits...), so an
article of 6,000 characters takes about 2 ms.

Conventions (TimeML / TIMEX3 as TempEval-3 scored them):

- DATE: ``2025-04-19``, ``2025-04``, ``2025``, ``199`` (the 1990s), ``19`` (a century),
  ``2025-Q2``, ``2025-SU``, ``2025-W16``, ``2025-W16-WE``, ``PRESENT_REF``/``PAST_REF``/
  ``FUTURE_REF``; TIME: ``2025-04-19T22:00``, ``2025-04-19TNI``; DURATION: ``P2W``, ``PXY``,
  ``PT5H30M``, ``P20Y`` (two decades), ``PXDE`` (decades); SET: ``P1D``, ``XXXX-WXX-4``.
- A weekday means the most recent such day on or before the publication date (the day itself
  when it is that weekday), unless its clause is about the future ("will meet on Monday"; for a
  weekday opening its sentence, the main verb after it: "On Tuesday, the league plans to..."),
  then the next one. A past perfect overrides future words ("had been due to expire Friday").
  A clock time followed by a weekday ("10:35 a.m. (0735 GMT) Friday") is on that day.
- A month or quarter without a year takes the publication year, moved one year back (or
  forward, in a future clause or after "by"/"until": "payable Jan. 2", "repay it by February")
  when it would otherwise fall more than a few months after (before) the publication date; a
  deadline month ("by August") is not moved back unless its clause is in the past tense.
- Past tense beats future words: a clause whose own verb, the last one before the expression, is
  a past tense ("until he heard the July 25 call", "as soon as I learned about it on July 18") is
  not about the future, so its weekday or month is not moved forward. The nearest verb decides: a
  future auxiliary, an intention or a deferral after the past verb keeps the future ("said it will
  expel them by February", "planned to leave on Thursday", "postponed until Tuesday"), and a past
  verb after "until"/"as soon as" takes the tense of the main clause before it ("were likely to
  buy as soon as trading opened Monday"). Verbs are found by regular expressions, not tags.
- Not times: a fate or a kind ("the future of our peoples", "a future in which", "changed from a
  fiscal year to a calendar year"); "one day" after a modal ("will one day be") is FUTURE_REF.
- "A year ago"/"a year earlier"/"year-earlier" in a report about a quarter ("net rose in the
  third quarter from a year earlier") means that quarter a year before (1988-Q3), otherwise
  the year before publication.
- "The quarter"/"that quarter" is the quarter being reported: the last one of this year (or
  without a year) named before it, else the last completed quarter.
- Anaphoric units ("that year", "later that year", "the following month", "the previous
  year") count from the last date named before them ("in June 1998 ... later that year" ->
  1998), else from the publication date.
- Without a publication date, relative expressions get ``PRESENT_REF``/``PAST_REF``/
  ``FUTURE_REF`` and explicit but yearless ones an underspecified value (``XXXX-04-19``).

Extents follow TimeBank: modifiers that belong to the expression are inside it ("early this
month", "the end of April", "just over two weeks", "the past two months"); prepositions are
not ("since", "by", "in").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from newsfuse.records import TimeExpr

__all__ = ["extract_times", "normalise_period", "normalise_time"]

# ----------------------------------------------------------------------------- vocabulary
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
_UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "weekend": "WE", "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE", "centurie": "CE", "millennium": "ML", "millennia": "ML", "yr": "Y",
}  # fmt: skip
_SMALL = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "couple": 2, "half": 0.5,
}  # fmt: skip
_VAGUE = {"few", "several", "many", "some", "numerous", "dozens", "hundreds", "thousands", "couple"}

_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
# Case-sensitive (capitalised or all caps) month and weekday names.
_MONTH = rf"(?-i:{_MONTH_FULL}|{_MONTH_FULL.upper()}|{_MONTH_ABBR}\.?|{_MONTH_ABBR.upper()}\.?)"
_WEEKDAY_NAMES = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY = rf"(?-i:(?:{_WEEKDAY_NAMES}|{_WEEKDAY_NAMES.upper()}))"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_NUMWORD = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six"
    r"|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|ten|one|two|three|four|five|six|seven|eight|nine|zero"
)
_NUM = (
    rf"(?:\d+(?: 1/2|[.,]\d+)?|(?:a |one )?hundred|a dozen|a couple(?: of)?|(?:a )?few|several|many|some|couple of"
    rf"|numerous|dozens(?: of)?|hundreds(?: of)?|thousands(?: of)?|(?:{_NUMWORD})(?: and a half)?"
    rf"|(?:one|a) and a half|an?)"
)
_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?"
    r"|years?|yrs?|decades?|century|centuries|millennium|millennia)"
)
_UNIT_SG = r"(?:second|minute|hour|day|week|weekend|fortnight|month|quarter|year|decade|century)"
_APPROX = (
    r"(?:(?:just |only |well )?(?:more than|less than|fewer than|over(?! the)|under|nearly|almost|about"
    r"|around|roughly|approximately|some|up to|at least|at most|no more than|upwards of|close to|barely"
    r"|only|just|a full|the full|an estimated|a mere)\s+)"
)
_MOD = (
    r"(?:(?:the )?(?:very )?(?:(?:early|late|mid|middle)[- ]|(?:end|start|beginning|middle|close|turn) of )"
    r"(?:the )?)"
)
_EDGE = (
    r"(?:the (?:end|start|beginning|middle|close|first half|second half|last half|latter half|turn|rest|remainder)"
    r" of (?:the )?)"
)
_PART = r"(?:morning|afternoon|evening|night)"
_CLOCK = (
    r"(?<!high )(?<!High )(?:\d{1,2}(?::\d\d)?\s?(?:a\.m\.?|p\.m\.?|am\b|pm\b|AM\b|PM\b)"
    r"(?:\s?(?-i:[ECMP][SD]T|GMT|UTC))?|noon|midnight|midday)"
)


# A sentence end: not the dot of an initial or a title ("Daniel P. Davison", "Mr. Schwarz").
_SENT_END = re.compile(
    r"(?<![\s.][A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bGen)(?<!\bSen)(?<!\bRep)(?<!\bGov)"
    r"(?<!\bInc)(?<!\bCorp)(?<!\bCo)(?<!\bJr)\.\s|[?!]\s|\n"
)


@dataclass
class _Ctx:
    text: str
    dct: dt.date | None
    start: int
    end: int

    def before(self, n: int = 80) -> str:
        """The clause before the match (up to the last sentence end), lower-cased."""
        lo = max(0, self.start - n)
        seg = self.text[lo : self.start]
        cut = -1
        for m in _SENT_END.finditer(seg):
            cut = m.start()
        return seg[cut + 1 :].lower() if cut >= 0 else seg.lower()

    def after(self, n: int = 40) -> str:
        seg = self.text[self.end : self.end + n]
        cut = min([i for i in (seg.find(". "), seg.find("\n")) if i >= 0], default=len(seg))
        return seg[:cut].lower()


Result = tuple[str, str] | None  # (type, value), or None to reject the candidate
Rule = tuple[re.Pattern[str], Callable[[re.Match[str], _Ctx], Result]]

_FUTURE = re.compile(
    r"\b(?:will|won't|'ll|shall|going to|is to|are to|due to|set to|scheduled|slated to|this coming|plans? to"
    r"|planned to|planning to|expected to|as soon as|as early as|until|might|would be|to resume|payable|effective)\b"
)


# Past perfect: the clause looks back from a past moment, even with a future word in it ("the offer
# had been due to expire Friday", "until Thursday, they had not named him").
_PAST_PERFECT = re.compile(r"\b(?:had|'d)\s+(?:(?:not|never|already|previously|originally)\s+)?(?:been\s+)?\w+")


def _clause(ctx: _Ctx) -> str:
    """The clause before the match (from the last comma, conjunction or sentence end)."""
    before = ctx.before(80)
    return re.split(r"[,;:]|\b(?:and|but|after|before|when|while)\b", before)[-1]


# A clause's own verb in the past tense ("until he heard the July 25 call", "as soon as I learned about it
# on July 18"): a form that is only a past tense ("saw", "went"), or a past that is also a participle
# ("heard", "paid", a regular -ed form) after its subject, a pronoun or any word that is not a
# determiner, preposition, auxiliary or adverb ("the board approved", not "the proposed merger",
# "has agreed", "would be paid", "newly issued"). Regular expressions only: no part-of-speech tags.
_ONLY_PAST = (
    r"saw|was|were|did|went|took|gave|came|began|became|knew|wrote|fell|rose|spoke|chose|grew|drove|flew|ate"
    r"|broke|ran|forgot|threw|sang|swore|rode|woke"
)
_PAST_OR_PARTICIPLE = (
    r"heard|said|had|made|told|met|left|brought|thought|found|learned|got|sent|won|lost|held|kept|paid|sold"
    r"|bought|spent|led|felt|fought|caught|taught|meant|stood|understood|struck|built|sought"
    r"|(?!(?:need|seed|speed|breed|feed|proceed|exceed|succeed|indeed|hundred|sacred|naked|wicked|rugged"
    r"|beloved|aged)\b)[a-z]{2,}ed"
)
_NOT_SUBJECT = (
    r"a|an|the|this|that|these|those|its|his|her|their|our|my|your|some|any|no|all|each|every|more|most|less"
    r"|of|in|on|at|by|for|to|from|with|into|onto|over|under|about|after|before|since|until|than|as|per|via"
    r"|is|are|was|were|be|been|being|am|has|have|had|having|will|would|shall|should|can|could|may|might|must"
    r"|do|does|did|get|gets|got|not|and|or|but|nor|so|very|too|also|newly|recently|previously|already|once"
    r"|much|well|just|still|then|now|never|often|long|\w+ly|\w+'s|\w+s'"
)
_PREFIX = r"(?:re|over|under|out|mis|up|with|fore)?"  # "repaid", "withheld", "oversaw"
_PAST_TENSE = re.compile(
    rf"\b{_PREFIX}(?:{_ONLY_PAST})\b"
    rf"|(?<![\w'-])(?!(?:{_NOT_SUBJECT})\s)[a-z]+\s+(?:(?:also|then|never|just|first|later|\w+ly)\s+)?"
    rf"{_PREFIX}(?:{_PAST_OR_PARTICIPLE})\b"
)
# What keeps a clause in the future despite a past verb: a future auxiliary after it ("said it will
# expel them by February"), an intention or a deferral ("planned to leave on Thursday", "postponed
# until Tuesday"), a date-setting word ("a pact effective June 1").
_FUTURE_AUX = re.compile(
    r"\b(?:will|won't|'ll|shall|would|wouldn't|(?:is|are|'s|'re|am|was|were) (?:going|due|set|scheduled|slated"
    r"|expected|to)|going to|likely to|(?:plans?|planned|planning|expects?|expected|intends?|intended|agreed"
    r"|decided|promised|pledged|vowed|hoped|wanted) to|postponed|delayed|deferred|extended|adjourned"
    r"|rescheduled|put off|pushed back|payable|effective)\b"
)
# A past verb in a subordinate clause takes the tense of its main clause: "were likely to buy as soon as
# trading opened Monday" is ahead, "I opposed the hold as soon as I learned about it on July 18" behind.
_SUBORDINATE = re.compile(r"\b(?:as soon as|until|till|once|by the time)\s+(?:[\w'.-]+\s+){0,3}$")


def _past(ctx: _Ctx) -> bool:
    """Whether the clause's own verb (the last one before the match) is in the past tense."""
    before = _clause(ctx)
    verbs = list(_PAST_TENSE.finditer(before))
    if not verbs:
        return False
    last = verbs[-1]
    if _FUTURE_AUX.search(before, last.start()) or re.match(r"\s*(?:will|is expected|is scheduled)", ctx.after()):
        return False
    sub = _SUBORDINATE.search(before[: last.start()])
    return not (sub and _FUTURE_AUX.search(before[: sub.start()]))


def _future(ctx: _Ctx) -> bool:
    """Whether the clause around the match speaks of the future ("will meet on Monday")."""
    before = _clause(ctx)
    if _past(ctx):  # "until he heard the July 25 call", "as soon as I learned about it on July 18"
        return False
    if _PAST_PERFECT.search(before) or (
        re.search(r"\buntil\s*$", before) and _PAST_PERFECT.search(ctx.after(60))
    ):
        return False
    if re.fullmatch(r"\s*(?:on|by|early|late)?\s*", before):
        # the expression opens its sentence ("On Tuesday, the league plans to..."): the main verb after it
        after = ctx.after(80)
        cue = _FUTURE.search(after)
        return bool(cue) and not (cue.group().startswith("planned") or _PAST_TENSE.search(after[: cue.start()]))
    return bool(_FUTURE.search(before)) or bool(
        re.match(r"\s*(?:will|is expected|is scheduled)", ctx.after())
    )


# ----------------------------------------------------------------------------- value helpers
def _ymd(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter(y: int, m: int) -> str:
    return f"{y:04d}-Q{(m - 1) // 3 + 1}"


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def _num(word: str) -> float | None:
    """A number word or numeral as a number; None for vague quantities (few, several)."""
    w = word.lower().strip().replace(" of", "")
    if w.startswith(("a couple", "couple")):
        return 2
    w = re.sub(r"^(?:a|one) (?=hundred|dozen)", "", w)
    if re.fullmatch(r"\d+ 1/2", w):
        return int(w.split()[0]) + 0.5
    if re.fullmatch(r"\d+(?:[.,]\d+)?", w):
        return (
            float(w.replace(",", ""))
            if "." in w or ("," in w and len(w.split(",")[-1]) == 3)
            else float(w.replace(",", "."))
        )
    half = w.endswith("and a half")
    w = w.replace("and a half", "").strip()
    if w in _VAGUE or w.split(" ")[-1] in _VAGUE:
        return None
    total = 0.0
    for part in re.split(r"[- ]", w):
        if not part:
            continue
        if part not in _SMALL:
            return None
        total += _SMALL[part]
    return total + (0.5 if half else 0)


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


# unit -> (TimeML letter, is a time-of-day unit, the next smaller unit and how many of it)
_SPLIT = {
    "Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60),
    "Q": ("M", 3), "DE": ("Y", 10), "CE": ("Y", 100),
}  # fmt: skip


def _duration(n: float | None, unit_word: str) -> str:
    """TimeML duration for ``n`` ``unit_word``s: P2W, PT5H, PXY, P20Y (decades), P2Y6M (2 1/2 years)."""
    u = unit_word.lower().rstrip(".")
    u = u[:-1] if u.endswith("s") and u[:-1] in _UNITS else u
    code = "MIN" if u == "minute" else _UNITS.get(u, "X")
    if u == "fortnight" and n is not None:
        n = n * 2
    if code == "WE":
        return "P" + ("X" if n is None else _fmt(n * 2)) + "D"
    if code == "DE":  # TimeBank writes counted decades in years: "two decades" P20Y
        if n is None:
            return "PXDE"
        n, code = n * 10, "Y"
    if n is None:
        return {"H": "PTXH", "MIN": "PTXM", "S": "PTXS"}.get(code, f"PX{code}")
    parts = [(n, code)]
    if n != int(n) and code in _SPLIT:  # "2 1/2 years" -> 2 years 6 months
        small, factor = _SPLIT[code]
        parts = [(float(int(n)), code), ((n - int(n)) * factor, small)]
    date_part = "".join(f"{_fmt(q)}{c}" for q, c in parts if q and c not in ("H", "MIN", "S"))
    time_part = "".join(
        f"{_fmt(q)}{'M' if c == 'MIN' else c}" for q, c in parts if q and c in ("H", "MIN", "S")
    )
    if not date_part and not time_part:
        return f"P0{code}"
    return "P" + date_part + ("T" + time_part if time_part else "")


def _shift(dct: dt.date, n: int, unit: str) -> str:
    """The unit-granular value ``n`` units from dct (negative = before): 'year' -1 -> 2024."""
    u = unit.lower().rstrip("s")
    if u == "day" or u == "night":
        return _ymd(dct + dt.timedelta(days=n))
    if u in ("week", "fortnight"):
        return _week(dct + dt.timedelta(weeks=n * (2 if u == "fortnight" else 1)))
    if u == "weekend":
        return _week(dct + dt.timedelta(weeks=n)) + "-WE"
    if u == "month":
        d = _add_months(dct, n)
        return f"{d.year:04d}-{d.month:02d}"
    if u == "quarter":
        d = _add_months(dct, 3 * n)
        return _quarter(d.year, d.month)
    if u in ("year", "yr"):
        return f"{dct.year + n:04d}"
    if u == "decade":
        return f"{(dct.year + 10 * n) // 10:03d}"
    if u in ("century", "centurie"):
        return f"{(dct.year + 100 * n) // 100:02d}"
    return "PAST_REF" if n < 0 else "FUTURE_REF"


def _weekday_date(dct: dt.date, wd: int, future: bool, rel: str = "") -> dt.date:
    """The date of weekday ``wd`` (1 = Monday) for a document of date ``dct``."""
    today = dct.isoweekday()
    if rel == "next":
        delta = (wd - today) % 7 or 7
        return dct + dt.timedelta(days=delta)
    if rel == "last":
        delta = (today - wd) % 7 or 7
        return dct - dt.timedelta(days=delta)
    if wd == today:
        return dct
    if future:
        return dct + dt.timedelta(days=(wd - today) % 7)
    return dct - dt.timedelta(days=(today - wd) % 7)


_DEADLINE = re.compile(r"\b(?:by|through|until|till)\s+$")


def _month_year(dct: dt.date, month: int, ctx: _Ctx | None, rel: str = "") -> int:
    """The year of a yearless month: DCT year, moved by the clause's tense and 'last'/'next'."""
    if rel == "last":
        return dct.year if month < dct.month else dct.year - 1
    if rel == "next":
        return dct.year if month > dct.month else dct.year + 1
    if rel == "this":
        return dct.year
    # News speaks mostly of the recent past and the near future: a month name means the last
    # occurrence up to a few months after publication; in a clause about the future or after a
    # deadline word ("by August", "until February") the next one from a few months before, unless
    # the clause's own verb is past ("until he heard the July 25 call", "he repaid it by August").
    future = ctx is not None and _future(ctx)
    deadline = (
        ctx is not None
        and bool(_DEADLINE.search(ctx.text[max(0, ctx.start - 9) : ctx.start]))
        and not _past(ctx)  # "he repaid it by August" lies behind
    )
    if month - dct.month >= 3 and not (future or deadline):
        return dct.year - 1
    if month - dct.month <= -3 and (future or deadline):
        return dct.year + 1  # "payable Jan. 2", "pay down the loan by February"
    return dct.year


def _rel_word(s: str | None) -> str:
    s = (s or "").lower().strip()
    if s in ("last", "past", "previous", "preceding", "prior"):
        return "last"
    if s in ("next", "coming", "following", "upcoming"):
        return "next"
    if s in ("this", "current", "the current", "present"):
        return "this"
    return ""


# ----------------------------------------------------------------------------- the rules
def _c(pattern: str) -> re.Pattern[str]:
    # Candidates start at a word start: the leading look-behind lets the engine skip
    # mid-word positions quickly.
    return re.compile(r"(?<![^\W_])" + pattern, re.I)


def _r_full_date(m: re.Match[str], ctx: _Ctx) -> Result:
    g = m.groupdict()
    mon = _MONTHS[(g.get("mon") or g.get("mon2") or "").lower().rstrip(".")]
    day = int(re.match(r"\d+", g.get("day") or g.get("day2") or "").group())  # type: ignore[union-attr]
    year = g.get("year") or g.get("year2")
    try:
        if year:
            y = int(year) if len(year) == 4 else 1900 + int(year[-2:])
            dt.date(y, mon, day)
            val = f"{y:04d}-{mon:02d}-{day:02d}"
        elif ctx.dct is not None:
            y = _month_year(ctx.dct, mon, ctx)
            dt.date(y, mon, day)
            val = f"{y:04d}-{mon:02d}-{day:02d}"
        else:
            val = f"XXXX-{mon:02d}-{day:02d}"
    except ValueError:
        return None
    clock = g.get("clock")
    if clock:
        t = _clock(clock)
        return ("TIME", val + t) if t else ("DATE", val)
    return "DATE", val


def _r_week_of(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the week of March 6': the ISO week holding that date."""
    res = _r_full_date(m, ctx)
    if res is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", res[1]):
        return res
    return "DATE", _week(dt.date.fromisoformat(res[1]))


def _r_numeric_date(m: re.Match[str], ctx: _Ctx) -> Result:
    g = m.groupdict()
    if g.get("m"):
        mon, day = int(g["m"]), int(g["d"])
    else:
        a, b = int(g["a"]), int(g["b"])
        mon, day = (b, a) if a > 12 else (a, b)
    try:
        return "DATE", _ymd(dt.date(int(g["y"]), mon, day))
    except ValueError:
        return None


def _r_month_year(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = _MONTHS[m.group("mon").lower().rstrip(".")]
    return "DATE", f"{int(m.group('year')):04d}-{mon:02d}"


def _r_month(m: re.Match[str], ctx: _Ctx) -> Result:
    name = m.group("mon")
    rel = _rel_word(m.group("rel"))
    if (
        name.lower() == "may"
        and not (m.group("rel") or m.group("mod"))
        and not re.search(
            r"\b(?:in|since|until|till|by|of|during|before|after|through|from|to|and|or|early|late)\s*$",
            ctx.before(20),
        )
    ):
        return None
    if len(name) <= 4 and not name.endswith(".") and name.lower() not in ("may", "june", "july"):
        return None  # "Jan Kavan"
    if (
        re.match(r"\s+(?:for|of)\s+(?!\d)", ctx.text[m.end() : m.end() + 8])
        and not m.group("rel")
        and re.search(r"\b(?:the|a|annual)\s+$", ctx.before(10))
    ):
        return None  # "the March for Life", "March of the Living"
    mon = _MONTHS[name.lower().rstrip(".")]
    if m.group("each"):  # "each July"
        return "SET", f"XXXX-{mon:02d}"
    if ctx.dct is None:
        return "DATE", f"XXXX-{mon:02d}"
    if m.group("year_after"):
        return "DATE", f"{int(m.group('year_after')):04d}-{mon:02d}"
    if m.group("ly"):
        rel_y = _rel_word(m.group("ly"))
        y = ctx.dct.year + {"last": -1, "next": 1}.get(rel_y, 0)
        return "DATE", f"{y:04d}-{mon:02d}"
    return "DATE", f"{_month_year(ctx.dct, mon, ctx, rel):04d}-{mon:02d}"


def _r_year(m: re.Match[str], ctx: _Ctx) -> Result:
    y = m.group("y")
    after = ctx.text[m.end() : m.end() + 12]
    before = ctx.text[max(0, m.start() - 3) : m.start()]
    if re.match(
        r"\s*(?:%|percent|per cent|people|persons|men|women|troops|tons|dollars|shares|miles|feet|km|"
        r"kilometers|meters|-year|[-/]\d|,\d|\.\d)",
        after,
        re.I,
    ) or re.search(r"[$#/.-]\s?$|,$", before):
        return None  # "$1995", "3.1995", "1,995" -- but "in 1994, 1995 and 1997" is fine
    after = ctx.text[m.end() : m.end() + 30]
    if re.match(
        r"\s*(?:[A-Z][a-z]+ )*(?:Act|Resolution|Plan|Avenue|Street|St\.|Road|Boulevard|Ave\.)", after
    ):
        return None
    if y.startswith("'"):
        y2 = int(y[1:])
        full = (1900 + y2) if ctx.dct is None or 1900 + y2 <= ctx.dct.year + 5 else 1800 + y2
        if ctx.dct is not None and 2000 + y2 <= ctx.dct.year + 5:
            full = 2000 + y2
        return "DATE", f"{full:04d}"
    half = re.match(r"the (first|second|last|latter) half of", m.group(0), re.I)
    if half:  # "the first half of 1989"
        return "DATE", f"{y}-H{1 if half.group(1).lower() == 'first' else 2}"
    return "DATE", y


def _r_decade(m: re.Match[str], ctx: _Ctx) -> Result:
    d = m.group("dec")
    if d.startswith("'"):
        return "DATE", "19" + d[1]
    if d[2:] == "00" and m.group("cent_hint"):
        return "DATE", d[:2]
    return "DATE", d[:3]


def _r_decade_word(m: re.Match[str], ctx: _Ctx) -> Result:
    words = {
        "twenties": 2,
        "thirties": 3,
        "forties": 4,
        "fifties": 5,
        "sixties": 6,
        "seventies": 7,
        "eighties": 8,
        "nineties": 9,
    }
    return "DATE", "19" + str(words[m.group("w").lower()])


def _r_century(m: re.Match[str], ctx: _Ctx) -> Result:
    n = m.group("n").lower()
    words = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18, "seventeenth": 17}
    c = words.get(n) or int(re.match(r"\d+", n).group())  # type: ignore[union-attr]
    return "DATE", f"{c - 1:02d}"


def _r_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    g = m.groupdict()
    half = g.get("half")
    year = g.get("year") or g.get("year2")
    if g.get("fiscal_y"):
        year = g["fiscal_y"]
    ordn = g.get("ord")
    n = (2 if ordn.lower() in ("last", "latter") else _ORDINALS.get(ordn.lower())) if ordn else None
    rel = _rel_word(g.get("rel"))
    letter = "H" if half else "Q"
    if "det" in g and not (g["det"] or g.get("rel")) and not re.match(r"(?:the|fiscal)\b", m.group(0), re.I):
        return None  # a bare "quarter": mostly the fraction ("more than a quarter of")
    if half and not year and _HALF_OF_DECADE.match(ctx.text, m.end()):
        return None  # "the first half of the '80s": the decade rule takes it
    if year:
        y = int(year)
        if n is None:  # "the 1988 quarter": the quarter being reported, in that year
            if ctx.dct is None:
                return "DATE", f"{y:04d}"
            n = (_add_months(ctx.dct, -3).month - 1) // 3 + 1
    elif ctx.dct is None:
        if n is None:
            return "DATE", {"last": "PAST_REF", "next": "FUTURE_REF"}.get(rel, "PRESENT_REF")
        return "DATE", f"XXXX-{letter}{n}"
    else:
        y = ctx.dct.year
        if g.get("ly"):
            y += {"last": -1, "next": 1}.get(_rel_word(g["ly"]), 0)
        cur = (ctx.dct.month - 1) // 3 + 1 if not half else (ctx.dct.month - 1) // 6 + 1
        if n is None:
            if rel == "last":
                n = cur - 1
            elif rel == "next":
                n = cur + 1
            elif rel == "this":
                n = cur
            else:  # "the quarter", "the latest quarter": the last completed one
                n = cur - 1
            top = 2 if half else 4
            if n < 1:
                n, y = top, y - 1
            elif n > top:
                n, y = 1, y + 1
        elif not g.get("ly") and n > cur and not _future(ctx):
            y -= 1
        if not (g.get("ord") or g.get("rel") or g.get("ly") or half):
            # "the quarter": the quarter the report is about, i.e. the last one named (resolved later)
            return "DATE", f"{_THE_QUARTER}{y:04d}-{letter}{n}"
    return "DATE", f"{y:04d}-{letter}{n}"


_THE_QUARTER = "@Q:"
_HALF_OF_DECADE = re.compile(r"\s+of\s+(?:the\s+)?(?:'\d|\d|[a-z]+ties\b|decade|century)", re.I)
_ANAPHOR = "@A:"  # @A:<offset>:<unit>:<value if nothing was named before>


def _r_vague_duration(m: re.Match[str], ctx: _Ctx) -> Result:
    """'for a while', 'for some time'."""
    return "DURATION", "PXX"


def _r_earlier_in_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    """'earlier in the year', 'later in the day': the publication's year, day..."""
    if ctx.dct is None:
        return "DATE", "PRESENT_REF"
    return "DATE", _shift(ctx.dct, 0, m.group("unit"))


def _r_that_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    """'that year', 'later that year', 'earlier that day': the unit of the last date named."""
    unit = (m.group("unit") or m.group("unit2")).lower()
    if ctx.dct is None:
        return "DATE", "PAST_REF"
    return "DATE", f"{_ANAPHOR}0:{unit}:{_shift(ctx.dct, 0, unit)}"


def _resolve_anaphor(val: str, anchor: str | None) -> str:
    off_s, unit, fallback = val[len(_ANAPHOR) :].split(":", 2)
    off = int(off_s)
    if anchor is None:
        return fallback
    if unit == "year":
        return f"{int(anchor[:4]) + off:04d}"
    if unit == "month" and len(anchor) >= 7:
        d = _add_months(dt.date(int(anchor[:4]), int(anchor[5:7]), 1), off)
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "day" and len(anchor) >= 10:
        return _ymd(dt.date.fromisoformat(anchor[:10]) + dt.timedelta(days=off))
    if off == 0:  # "in 2019 ... that month": a month of that year
        return anchor[:7] + ("-XX" if unit == "month" or len(anchor) < 7 else "") + ("-XX" if unit == "day" else "")
    return fallback


def _r_season(m: re.Match[str], ctx: _Ctx) -> Result:
    s = _SEASONS[m.group("season").lower()]
    rel = _rel_word(m.group("rel"))
    if re.match(
        r"\s+(?:wheat|crops?|grains?|barley|plantings?|sowings?|olympics|games|storms?|sales|coats?)\b",
        ctx.text[m.end() : m.end() + 12],
        re.I,
    ):
        return None  # "winter wheat"
    if not (
        m.group("rel") or m.group("year") or m.group(0).lower().startswith(("the", "early", "late", "mid"))
    ) and not re.search(
        r"\b(?:in|during|by|until|since|through|over|before|after|of|and|or)\s*$", ctx.before(12)
    ):
        return None  # a bare season word must follow a preposition: "in spring"
    if m.group("year"):
        return "DATE", f"{m.group('year')}-{s}"
    if ctx.dct is None:
        return "DATE", f"XXXX-{s}"
    y = ctx.dct.year
    order = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
    cur = (ctx.dct.month % 12) // 3  # 0 winter .. 3 fall
    if rel == "last":
        y -= 1 if order[s] >= cur else 0
    elif rel == "next":
        y += 1 if order[s] <= cur else 0
    return "DATE", f"{y:04d}-{s}"


def _named_day(m: re.Match[str], ctx: _Ctx) -> bool:
    """A weekday that is part of a day's name ("Black Monday", "Super Tuesday", "Good Friday"): not that
    week's day. Only the words that make such names: in news a capitalised word before a weekday is mostly
    its subject ("President Bill Clinton Saturday vowed"; tried: any capitalised word, 10 such in the read
    half of TimeBank)."""
    before = re.search(r"(\w+)\s+$", ctx.text[max(0, m.start() - 20) : m.start()])
    return bool(before and before.group(1) in _DAY_NAME_WORDS)


_DAY_NAME_WORDS = {
    "Black", "Super", "Cyber", "Bloody", "Blue", "Giving", "Fat", "Shrove", "Ash", "Holy", "Good", "Palm",
    "Whit", "Easter", "Maundy", "Tragic",
}  # fmt: skip


def _r_weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    if _named_day(m, ctx):
        return None
    g = m.groupdict()
    wd = _WEEKDAYS[g["wd"].lower()]
    part = g.get("part") or g.get("part2")
    clock = g.get("clock") or g.get("clock2")
    rel = _rel_word(g.get("rel"))
    if g.get("plural") or g.get("each") or (part and m.group(0).lower().endswith(part.lower() + "s")):
        suffix = f"T{_PARTS[part.lower()]}" if part else ""
        return "SET", f"XXXX-WXX-{wd}{suffix}"
    val = f"XXXX-WXX-{wd}" if ctx.dct is None else _ymd(_weekday_date(ctx.dct, wd, _future(ctx), rel))
    if clock:
        t = _clock(clock)
        if t:
            return "TIME", val + t
    if part:
        return "TIME", f"{val}T{_PARTS[part.lower()]}"
    return "DATE", val


def _clock(s: str) -> str | None:
    s = s.lower().strip()
    if s.startswith("high "):
        return None
    if s in ("noon", "midday"):
        return "T12:00"
    if s == "midnight":
        return "T24:00"
    m = re.match(r"(\d{1,2})(?::(\d\d))?\s?([ap])", s)
    if not m:
        z = re.match(r"(\d{1,2}):(\d\d)\s?(?:gmt|utc|z)$", s)
        if z and int(z.group(1)) <= 24:
            return f"T{int(z.group(1)):02d}:{z.group(2)}"
        return None
    h = int(m.group(1))
    if h > 12:
        return None
    mi = int(m.group(2) or 0)
    if m.group(3) == "p" and h != 12:
        h += 12
    if m.group(3) == "a" and h == 12:
        h = 0
    return f"T{h:02d}:{mi:02d}"


def _r_clock(m: re.Match[str], ctx: _Ctx) -> Result:
    t = _clock(m.group("clock"))
    if t is None:
        return None
    day = m.group("rday")
    if ctx.dct is None:
        return "TIME", "XXXX-XX-XX" + t
    d = ctx.dct
    if day:
        d = ctx.dct + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(day.lower(), 0))
    wd = _CLOCK_WEEKDAY.match(ctx.text, m.end())
    if wd:  # "at 10:35 a.m. (0735 GMT) Friday": the time of that day
        d = _weekday_date(ctx.dct, _WEEKDAYS[wd.group(1).lower()], _future(ctx))
    return "TIME", _ymd(d) + t


_CLOCK_WEEKDAY = re.compile(rf"\s*\([^()]{{1,20}}\)\s*,?\s*(?:on\s+)?({_WEEKDAY})\b")


_DEICTIC_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


_GENERIC_TODAY = re.compile(
    r"'s\s+(?:(?:personal|modern|young|american|global)\s+)?(?:world|youth|society|generation|young|children|kids"
    r"|standards|terms|dollars|economy|technology|computers|families|teenagers|women|men)\b",
    re.I,
)


def _r_deictic(m: re.Match[str], ctx: _Ctx) -> Result:
    w = m.group("w").lower()
    part = m.group("part")
    off = _DEICTIC_DAY[w]
    if w == "today" and _GENERIC_TODAY.match(ctx.text, m.end()):
        return None  # "today's world", "today's youth": the present age, not the day
    if ctx.dct is None:
        base = {0: "PRESENT_REF", -1: "PAST_REF", 1: "FUTURE_REF"}[off]
        return ("TIME" if part or w == "tonight" else "DATE"), base
    val = _ymd(ctx.dct + dt.timedelta(days=off))
    if w == "tonight":
        return "TIME", val + "TNI"
    if part:
        return "TIME", f"{val}T{_PARTS[part.lower()]}"
    return "DATE", val


def _r_part_of_day(m: re.Match[str], ctx: _Ctx) -> Result:
    """'this morning', 'last night', 'overnight', 'later this afternoon'."""
    rel = (m.group("rel") or "this").lower()
    part = m.group("part").lower()
    off = -1 if rel == "last" else 0
    if part == "overnight":
        off = -1
    if ctx.dct is None:
        return "TIME", "PAST_REF" if off else "PRESENT_REF"
    return "TIME", f"{_ymd(ctx.dct + dt.timedelta(days=off))}T{_PARTS[part]}"


def _r_relative_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    """'last year', 'this month', 'next week', 'earlier this year', 'the past year' (a duration)."""
    if m.group("unit")[0].isupper() and not m.group("unit").isupper():
        return None  # "ABC's This Week"
    rel_raw = m.group("rel").lower()
    unit = m.group("unit").lower()
    rel = _rel_word(rel_raw)
    if m.group("the") and rel_raw in ("past", "last"):  # "the past year", "the last month": a duration
        return "DURATION", _duration(1, unit)
    anaphoric = bool(m.group("the")) and rel_raw in ("previous", "preceding", "prior", "following")
    if anaphoric:
        # "the previous year": anaphoric, anchored on the last date named (resolved after selection),
        # else on publication
        rel = "last" if rel_raw != "following" else "next"
        if ctx.dct is not None and unit in ("year", "month"):
            n = -1 if rel == "last" else 1
            return "DATE", f"{_ANAPHOR}{n}:{unit}:{_shift(ctx.dct, n, unit)}"
    if m.group("the") and rel_raw in ("next", "coming"):
        return "DURATION", _duration(1, unit)
    n = {"last": -1, "next": 1, "this": 0}.get(rel, 0)
    if ctx.dct is None:
        return "DATE", {-1: "PAST_REF", 1: "FUTURE_REF", 0: "PRESENT_REF"}[n]
    if unit == "weekend":
        base = ctx.dct + dt.timedelta(weeks=n)
        if n == 0 and ctx.dct.isoweekday() <= 2 and not _future(ctx):
            base = ctx.dct - dt.timedelta(weeks=1)
        return "DATE", _week(base) + "-WE"
    if unit in ("day",):
        return "DATE", _ymd(ctx.dct + dt.timedelta(days=n))
    return "DATE", _shift(ctx.dct, n, unit)


def _r_ago(m: re.Match[str], ctx: _Ctx) -> Result:
    """'a year ago', 'two weeks earlier', 'three days from now'."""
    n = _num(m.group("n"))
    if n is not None and n > 1000:
        return None  # a quantity: "292,000 week ago"
    unit = m.group("unit").lower()
    direction = m.group("dir").lower()
    sign = 1 if direction in ("from now", "later", "hence", "after") else -1
    if n == 1 and sign < 0 and unit in ("year", "yr") and ctx.dct is not None:
        return "DATE", _YEAR_AGO  # a year before the period being reported (resolved later)
    if ctx.dct is None or n is None or n != int(n):
        if n is None and unit.startswith("year") and ctx.dct is not None:
            return "DATE", f"{(ctx.dct.year + sign * 3) // 10:03d}X"
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    return "DATE", _shift(ctx.dct, sign * int(n), unit)


_NOT_PLURAL = {"this", "was", "has", "his", "its", "plus", "less", "thus", "unless", "across", "does", "is",
               "as", "yes", "perhaps", "always", "sometimes", "towards", "besides", "afterwards", "nearly",
               "whereas"}  # fmt: skip


def _r_duration(m: re.Match[str], ctx: _Ctx) -> Result:
    g = m.groupdict()
    unit = g["unit"]
    n = _num(g["n"]) if g.get("n") else (None if unit.lower().endswith("s") else 1.0)
    if g.get("n") and n is None and g["n"].lower().strip() in ("some", "an", "a"):
        n = 1.0 if g["n"].lower().strip() in ("an", "a") else None
    if g.get("half2") and n is not None:  # "a minute and a half"
        n += 0.5
    # a number before a unit that is really a year or a quantity ("1990 years", "5,000 days")
    if n is not None and n > 1000:
        return None
    after = ctx.after(12)
    before = ctx.before(14)
    if re.match(r"\s*-?\s*(?:old|of age)\b", after):
        return None  # ages: "a 12-year-old", "three years old"
    if unit[0].isupper() and not unit.isupper():
        return None  # "60 Minutes" (a title)
    raw_n = (g.get("n") or "").lower().strip()
    if (
        raw_n in ("a", "an", "one")
        and unit.lower() == "second"
        and not re.match(r"\s*(?:later|ago|or|and)\b", after)
    ):
        return None  # "a second group": the ordinal
    if raw_n == "one" and unit.lower() == "day" and re.search(r"\b(?:will|would|could|might|may|can)\s+$", before):
        return "DATE", "FUTURE_REF"  # "Islam will one day be...": some day, not a day's duration
    if unit.lower().startswith("quarter") and (re.match(r"\s*of\b", after) or g.get("hy") == "-"):
        return None  # fractions: "a quarter of", "three-quarters"
    prev = re.search(r"(\S+)\s*$", before)
    prev_word = prev.group(1) if prev else ""
    if raw_n in ("a", "an") and not g.get("half2") and (
        re.search(r"\d", prev_word)
        or prev_word in ("million", "billion", "mln", "bln", "pct", "percent", "dlrs", "cents")
        or (len(prev_word) > 3 and prev_word.endswith("s") and prev_word not in _NOT_PLURAL)
    ):
        return "SET", _duration(1, unit)  # rates: "$1.76 a year", "four flights a week"
    if re.search(r"\b(?:once|twice|thrice|times|per)\s*$", before) and n == 1:
        return "SET", _duration(1, unit)
    return "DURATION", _duration(n, unit)


def _r_set(m: re.Match[str], ctx: _Ctx) -> Result:
    w = m.group(0).lower()
    adverb = {
        "daily": "P1D",
        "nightly": "P1D",
        "weekly": "P1W",
        "monthly": "P1M",
        "quarterly": "P1Q",
        "annually": "P1Y",
        "yearly": "P1Y",
        "hourly": "PT1H",
        "biweekly": "P2W",
    }
    if w in adverb:
        nxt = ctx.text[m.end() : m.end() + 16]
        if (
            w == "quarterly"
            and re.match(r"\s+[a-z]", nxt)
            and not re.match(
                r"\s+(?:and|or|but|to|in|on|at|for|from|by|with|since|until"
                r"|through|over|under|during|as|than|the|a|an|is|are|was)\b",
                nxt,
            )
        ):
            return None  # adjective: "quarterly dividend", "daily flights"
        return "SET", adverb[w]
    n = _num(m.group("n")) if m.group("n") else 1
    return "SET", _duration(n, m.group("unit"))


_REF = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PAST_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF", "presently": "PRESENT_REF", "at present": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "the present": "PRESENT_REF", "present": "PRESENT_REF", "recently": "PAST_REF",
    "recent": "PAST_REF", "then current": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "previously": "PAST_REF",
    "once": "PAST_REF", "formerly": "PAST_REF", "earlier": "PAST_REF", "the future": "FUTURE_REF",
    "future": "FUTURE_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF", "later": "FUTURE_REF",
    "recent years": "PAST_REF", "in recent years": "PAST_REF", "the near future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF", "the years ahead": "FUTURE_REF", "the coming years": "FUTURE_REF",
    "the coming months": "FUTURE_REF", "the coming weeks": "FUTURE_REF", "the coming days": "FUTURE_REF",
    "the days ahead": "FUTURE_REF", "the weeks ahead": "FUTURE_REF", "the months ahead": "FUTURE_REF",
    "recent weeks": "PAST_REF", "recent months": "PAST_REF", "recent days": "PAST_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF", "a later date": "FUTURE_REF",
}  # fmt: skip


def _r_ref(m: re.Match[str], ctx: _Ctx) -> Result:
    w = re.sub(r"[\s-]+", " ", m.group("w").lower())
    nxt = ctx.text[m.end() : m.end() + 14].lower()
    if w == "current" and (
        re.match(r"\s*(?:account|flow|of|s\b|,|\.)", nxt) or ctx.before(9).endswith("electric ")
    ):
        return None
    if w == "present":
        return None
    if w == "soon" and (
        re.match(r"\s+(?:as|after|before|thereafter)\b", nxt) or ctx.before(4).endswith("as ")
    ):
        return None
    if w == "recent" and ctx.before(6).endswith("most "):
        return None
    if w in ("the future", "future") and (
        re.match(r"\s+of\s+\w", nxt) or (w == "future" and ctx.before(3).endswith(" a "))
    ):
        return None  # a fate, not a time: "the future of our peoples", "we face a future in which"
    if w in ("recent weeks", "recent months", "recent days"):
        return "DURATION", {"recent weeks": "PXW", "recent months": "PXM", "recent days": "PXD"}[w]
    unit = re.search(r"\b(year|month|week|day)s\b", w)
    if unit and ("coming" in w or "ahead" in w):  # "the coming weeks", "the years ahead": a vague duration
        return "DURATION", f"PX{unit.group(1)[0].upper()}"
    if w == "in recent years":
        return "DATE", "PAST_REF"
    return "DATE", _REF.get(w) or _REF.get("the " + w, "PRESENT_REF")


def _r_holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    h = m.group("h").lower()
    fixed = {
        "christmas": (12, 25),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year's day": (1, 1),
        "new year's eve": (12, 31),
        "halloween": (10, 31),
        "valentine's day": (2, 14),
        "independence day": (7, 4),
        "new year": (1, 1),
    }
    if ctx.dct is None:
        if h in fixed:
            mo, d = fixed[h]
            return "DATE", f"XXXX-{mo:02d}-{d:02d}"
        return None
    y = int(m.group("year")) if m.group("year") else ctx.dct.year
    if h in fixed:
        mo, d = fixed[h]
        if (
            not m.group("year")
            and (mo, d) > (ctx.dct.month, ctx.dct.day)
            and not _future(ctx)
            and mo - ctx.dct.month > 2
        ):
            y -= 1
        return "DATE", f"{y:04d}-{mo:02d}-{d:02d}"
    if h.startswith("thanksgiving"):
        if not m.group("year") and ctx.dct.month < 9 and not _future(ctx):
            y -= 1
        first = dt.date(y, 11, 1)
        thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        return "DATE", _ymd(thursday)
    return None


def _r_year_rel(m: re.Match[str], ctx: _Ctx) -> Result:
    """'year-earlier', 'the year-ago quarter': the period a year before the one being reported.

    Resolved after selection (``_YEAR_AGO``): a year before the last quarter mentioned, or
    the year before publication.
    """
    if ctx.dct is None:
        return "DATE", "PAST_REF"
    if m.group("ord"):
        return "DATE", f"{ctx.dct.year - 1:04d}-Q{_ORDINALS[m.group('ord').lower()]}"
    return "DATE", _YEAR_AGO


_YEAR_AGO = "@YEAR_AGO"


def _r_current_year(m: re.Match[str], ctx: _Ctx) -> Result:
    if _A_KIND_OF_YEAR.search(ctx.before(3)):
        return None
    if ctx.dct is None:
        return "DATE", "PRESENT_REF"
    return "DATE", f"{ctx.dct.year:04d}"


def _r_year_ended(m: re.Match[str], ctx: _Ctx) -> Result:
    if _A_KIND_OF_YEAR.search(ctx.before(3)):
        return None
    return "DURATION", "P1Y"


# "changed from a fiscal year to a calendar year": a kind of year, not a time
_A_KIND_OF_YEAR = re.compile(r"\ba\s$")


def _r_latest_period(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.dct is None:
        return "DATE", "PAST_REF"
    d = _add_months(ctx.dct, -3)
    return "DATE", _quarter(d.year, d.month)


def _r_weekend(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the weekend': the last one (the coming one in a future clause)."""
    rel = _rel_word(m.group("rel").strip())
    if ctx.dct is None:
        return "DATE", {"last": "PAST_REF", "next": "FUTURE_REF"}.get(rel, "PRESENT_REF")
    wd = ctx.dct.isoweekday()
    if rel == "next":
        base = ctx.dct + dt.timedelta(weeks=1 if wd >= 6 else 0)
    elif rel == "last":
        base = (
            ctx.dct - dt.timedelta(weeks=1 if wd >= 6 else 0) if wd < 6 else ctx.dct - dt.timedelta(weeks=1)
        )
    elif wd >= 6 or _future(ctx) or wd == 5:
        base = ctx.dct
    else:
        base = ctx.dct - dt.timedelta(weeks=1)
    return "DATE", _week(base) + "-WE"


def _r_spoken_year(m: re.Match[str], ctx: _Ctx) -> Result:
    """'nineteen ninety-six' (broadcast transcripts), 'the year two thousand'."""
    y = m.group("y").lower().replace("-", " ")
    if y.startswith("nineteen"):
        rest = _num(y[len("nineteen") :].strip())
        if rest is None or rest < 10:
            return None
        year = f"19{int(rest):02d}"
    else:
        rest = y[len("two thousand") :].replace("and", "").strip()
        n = _num(rest) if rest else 0
        if n is None:
            return None
        year = f"{2000 + int(n):04d}"
    if m.group("mon"):  # "January nineteen ninety-seven"
        return "DATE", f"{year}-{_MONTHS[m.group('mon').lower().rstrip('.')]:02d}"
    if m.group("season"):  # "the winter of nineteen ninety-four"
        return "DATE", f"{year}-{_SEASONS[m.group('season').lower()]}"
    return "DATE", year


def _r_edge_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the end of the year', 'the start of the month', 'the end of the decade' (DCT-relative)."""
    unit = m.group("unit").lower()
    if ctx.dct is None:
        return "DATE", "PRESENT_REF"
    return "DATE", _shift(ctx.dct, 0, unit)


def _r_the_year(m: re.Match[str], ctx: _Ctx) -> Result:
    return "DATE", m.group("y")


_R: list[tuple[str, Callable[[re.Match[str], _Ctx], Result]]] = [
    # numeric dates: ISO 2025-04-19, US 04/19/2025 (day first when the first number is over 12)
    (r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)", _r_numeric_date),
    (r"(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?!\d)", _r_numeric_date),
    # full and partial calendar dates, with optional time of day
    (
        rf"(?:(?P<clock>{_CLOCK})\s*,?\s*(?:on\s+)?)?(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<day>{_DAYNUM})\b"
        rf"(?:,?\s+(?P<year>{_YEAR}|'\d\d)\b)?",
        _r_full_date,
    ),
    (
        rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<day2>{_DAYNUM})(?:\s+of)?\s+(?P<mon2>{_MONTH})"
        rf"(?:,?\s+(?P<year2>{_YEAR}))?\b",
        _r_full_date,
    ),
    (
        rf"the\s+week\s+of\s+(?P<mon>{_MONTH})\s+(?P<day>{_DAYNUM})\b(?:,?\s+(?P<year>{_YEAR})\b)?",
        _r_week_of,
    ),
    (rf"(?:{_MOD})?(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR})\b", _r_month_year),
    (
        rf"(?:{_EDGE}|{_MOD})?(?:(?P<each>each|every)\s+)?(?:(?P<rel>last|next|this|past|coming|previous)\s+)?"
        rf"(?P<mod>(?:early|late"
        rf"|mid)[- ]?)?"
        rf"(?P<mon>{_MONTH})\b(?:\s+(?:of\s+)?(?P<ly>last|next|this)\s+year|,?\s+(?P<year_after>{_YEAR})\b)?",
        _r_month,
    ),
    # years, decades, centuries
    (
        rf"(?:{_MOD}|{_EDGE})?(?:(?:the\s+)?(?:fiscal|calendar|financial|model|school)(?:[- ]year)?\s+)?"
        rf"(?P<y>(?<![\d,.$])(?:{_YEAR})(?![\d,]\d)|(?<![\w'])'[0-9]\d(?!\w|s))",
        _r_year,
    ),
    (
        rf"(?:{_MOD}|{_EDGE})?(?:the\s+)?(?P<dec>(?<![\d$])1\d\d0|20[0-9]0|'\d0)'?s\b(?P<cent_hint>)",
        _r_decade,
    ),
    (
        r"(?:the\s+)?(?:early\s+|late\s+|mid-)?(?P<w>twenties|thirties|forties|fifties|sixties|seventies"
        r"|eighties|nineties)\b(?=[^.]{0,3}(?:\.|,|$|\s+and|\s+when))",
        _r_decade_word,
    ),
    (
        rf"(?:{_MOD}|{_EDGE})?(?:the\s+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|nineteenth|twentieth|twenty-first"
        rf"|eighteenth|"
        r"seventeenth)[- ]century",
        _r_century,
    ),
    (rf"the\s+year\s+(?P<y>{_YEAR})", _r_the_year),
    # quarters and halves
    (
        rf"(?:{_EDGE})?(?:the\s+)?(?:(?P<year>{_YEAR})\s+|(?:fiscal\s+)?(?P<fiscal_y>{_YEAR})'s\s+)?"
        rf"(?:(?P<ly>this|last|next)\s+year's\s+)?(?:(?:fiscal|calendar)\s+)?"
        rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|(?:last|latter)(?=[- ]half))"
        rf"(?:[- ](?:fiscal[- ])?(?:quarter|qtr)|"
        rf"[- ](?P<half>half))(?!s)\b(?:\s+(?:of\s+)?(?:(?:fiscal|calendar)\s+)?(?P<year2>{_YEAR})\b)?",
        _r_quarter,
    ),
    (
        rf"(?:{_EDGE})?(?:(?P<det>the|that|its|their)\s+)?(?P<rel>latest|last|this|next|current|previous|past"
        r"|coming|same|first|most recent|recent|june|september|december|march)?\s*(?:fiscal\s+)?quarter(?!s)\b"
        r"(?P<ord>)?(?P<half>)?(?P<year>)?(?P<year2>)?(?P<fiscal_y>)?(?P<ly>)?",
        _r_quarter,
    ),
    (
        rf"the\s+(?P<year>{_YEAR})\s+(?:quarter|period)\b"
        r"(?P<ord>)?(?P<half>)?(?P<rel>)?(?P<year2>)?(?P<fiscal_y>)?(?P<ly>)?",
        _r_quarter,
    ),
    # seasons
    (
        rf"(?:{_MOD})?(?:(?P<rel>last|next|this|past|coming)\s+|the\s+)?(?P<season>spring|summer|autumn"
        rf"|winter"
        rf"|(?<=last )fall|(?<=next )fall|(?<=this )fall|(?<=the )fall|(?<=early )fall|(?<=late )fall)\b"
        rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?",
        _r_season,
    ),
    (rf"(?:{_MOD})?(?P<rel>)(?P<season>fall)\s+(?:of\s+)?(?P<year>{_YEAR})", _r_season),
    # weekdays
    (
        rf"(?:(?P<clock>{_CLOCK})\s*,?\s*(?:on\s+)?)?(?:(?P<rel>last|next|this|past|coming)\s+)?"
        rf"(?:(?P<each>each|every)\s+)?(?P<wd>{_WEEKDAY})(?P<plural>s)?\b"
        rf"(?:\s+(?P<part>{_PART})s?\b|\s+(?:at\s+)?(?P<clock2>{_CLOCK}))?",
        _r_weekday,
    ),
    (
        rf"(?:(?P<clock>{_CLOCK})\s*,?\s*(?:on\s+)?)(?P<part2>)?(?P<wd2>)?(?P<rday>today|yesterday"
        rf"|tomorrow|tonight)?",
        _r_clock,
    ),
    # a 24-hour clock is a time only with its zone: "16:08 UTC", "08:30 GMT" (a bare "16:08" may be a score)
    (r"(?<![\d:.])(?P<clock>[012]?\d:[0-5]\d\s?(?-i:GMT|UTC|Z))\b(?P<rday>)", _r_clock),
    # deictic days and parts of days
    (
        rf"(?:(?:earlier|later)\s+)?(?P<w>today|yesterday|tomorrow|tonight)\b(?:\s+(?P<part>{_PART})\b)?",
        _r_deictic,
    ),
    (rf"(?:(?:early|late|mid)[- ]?)?(?P<part>{_PART})\s+(?P<w>yesterday|today|tomorrow)", _r_deictic),
    (
        r"(?:(?:early|late|earlier|later)\s+)?(?P<rel>this|last)\s+(?P<part>morning|afternoon|evening"
        r"|night)\b",
        _r_part_of_day,
    ),
    (r"(?P<rel>)(?P<part>overnight)\b", _r_part_of_day),
    (r"(?:early|late|mid)[- ]?(?P<part>morning|afternoon|evening)\b(?P<rel>)", _r_part_of_day),  # "by mid afternoon"
    # last / this / next + unit
    (
        r"(?:(?:earlier|later|early|late|mid)[- ])?(?:the\s+end\s+of\s+|the\s+start\s+of\s+"
        r"|the\s+beginning\s+of\s+"
        r"|the\s+middle\s+of\s+|the\s+rest\s+of\s+)?(?P<the>the\s+)?"
        r"(?P<rel>last|next|this|past|coming|previous|current|following)\s+(?P<unit>week|month|year"
        r"|weekend|decade|"
        r"century)\b",
        _r_relative_unit,
    ),
    (
        r"(?:(?:the\s+)?(?:end|start|beginning|middle|rest|remainder"
        r"|close)\s+of\s+)(?:the\s+)(?P<unit>year|month|week|decade|"
        r"century)\b",
        _r_edge_unit,
    ),
    (
        r"(?:(?:earlier|later)\s+)?that\s+(?P<unit>year|month)\b|(?:earlier|later)\s+that\s+(?P<unit2>day)\b",
        _r_that_unit,
    ),
    # ago / earlier / from now
    (
        rf"(?:{_APPROX})?(?P<n>{_NUM})\s+(?P<unit>{_UNIT})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier"
        rf"|from now|hence)\b",
        _r_ago,
    ),
    (
        r"(?:the\s+)?(?:comparable\s+|same\s+|corresponding\s+)?(?P<w>year-earlier|year-ago"
        r"|year earlier|year ago|prior-year)"
        r"(?:\s+(?P<ord>first|second|third|fourth)?\s*(?:fiscal\s+)?(?:quarter|period|nine months"
        r"|six months|half))?\b",
        _r_year_rel,
    ),
    (
        r"(?:the\s+)?(?:current|full|latest|fiscal|calendar|financial)(?:\s+(?:fiscal|calendar"
        r"|financial))?\s+year"
        r"(?!\s+(?:ended|ending|to|through))\b",
        _r_current_year,
    ),
    (r"(?<![-\w])(?:the\s+)?(?:fiscal\s+)?year(?=\s+(?:ended|ending|through|to)\s)", _r_year_ended),
    (
        r"(?:(?<=\bfor )|(?<=\bof ))the\s+year\b(?!\s+(?:ended|ending|to|through|before|after|in))",
        _r_current_year,
    ),
    (
        r"(?:(?:around|about)\s+)?(?:the\s+)?(?:year[- ]end|year's\s+end|end\s+of\s+the\s+year)\b",
        _r_current_year,
    ),
    (r"(?:the\s+)?(?:latest|most\s+recent|recent|current)\s+(?:period|fiscal\s+quarter)\b", _r_latest_period),
    (r"(?P<rel>(?:the|this|last|next|past)\s+)weekend\b", _r_weekend),
    (
        rf"(?:(?P<mon>{_MONTH})\s+|(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+of\s+"
        r"|(?:in|the\s+year)\s+)?(?P<y>nineteen[- ](?:"
        + _NUMWORD
        + r")|two thousand(?:[- ]and)?(?:[- ](?:"
        + _NUMWORD
        + r"))?)\b",
        _r_spoken_year,
    ),
    # durations
    (
        rf"(?:{_APPROX})?(?:the\s+(?:past|last|next|first|final|previous|coming|latest|initial|remaining|"
        rf"following|same|entire|whole|full)\s+|the\s+|(?:past|last|next|first|another)\s+)?"
        rf"(?P<n>{_NUM})(?:\s+(?:more|additional|extra|further|trading|business|working))?(?P<hy>[- ])?"
        rf"(?P<unit>{_UNIT})\b(?P<half2>\s+and\s+a\s+half\b)?",
        _r_duration,
    ),
    (rf"(?:(?P<n>{_NUM})[- ])?(?P<unit>{_UNIT})-long\b", _r_duration),  # "a decades-long battle"
    (
        rf"(?:{_APPROX})?(?:the\s+)(?:past|last|next|first|final|previous|coming|entire|whole|full)\s+"
        rf"(?P<unit>{_UNIT_SG})\b",
        _r_duration,
    ),
    (r"(?:a|the)\s+(?:half[- ](?P<unit>hour|century|decade|year))\b(?P<n>)?", _r_duration),
    (
        r"(?<=\bfor )(?P<unit>years|decades|centuries|months|weeks|days|hours|generations)\b(?P<n>)",
        _r_duration,
    ),
    (r"(?<=\bin )(?P<unit>years|decades|months|weeks|days)\b(?=\s*[,.;])(?P<n>)", _r_duration),
    (r"(?<=\bwithin )(?P<unit>hours|days|weeks|months|years)\b(?P<n>)", _r_duration),  # "within weeks"
    (r"(?<=\bover )the\s+(?P<unit>years|decades|centuries)\b(?P<n>)", _r_duration),  # "over the years"
    (r"(?<=\bfor )(?:a\s+while|some\s+time)\b", _r_vague_duration),
    (
        r"(?:earlier|later)\s+in\s+the\s+(?P<unit>year|month|week|day)\b(?!\s+(?:before|after|of)\b)",
        _r_earlier_in_unit,
    ),
    # sets
    (r"\b(?:daily|nightly|weekly|monthly|quarterly|annually|yearly|hourly|biweekly)\b", _r_set),
    (rf"(?:each|every|per)\s+(?:(?P<n>{_NUM})\s+)?(?P<unit>{_UNIT})\b", _r_set),
    # present / past / future references
    (
        r"(?P<w>right\s+now|just\s+now|now|currently|current|presently|at\s+present|nowadays|these\s+days|"
        r"at\s+the\s+moment|then[-\s]current|recently|recent\s+(?:years|weeks|months|days)|recent|lately|the\s+past|"
        r"the\s+(?:near\s+|foreseeable\s+)?future|future|soon|the\s+(?:near|short)\s+term|a\s+later\s+date|"
        r"(?:the\s+)?(?:coming\s+(?:years|months|weeks|days)|(?:years|months|weeks|days)\s+ahead))\b",
        _r_ref,
    ),
    # holidays
    (
        r"(?P<h>Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Halloween|Valentine's Day"
        r"|Thanksgiving(?: Day)?|"
        rf"Independence Day)(?:\s+(?P<year>{_YEAR}))?",
        _r_holiday,
    ),
]
_RULES: list[Rule] = [(_c(p), f) for p, f in _R]


# Every rule needs one of its trigger words (``#d``: any number) in its match, so each rule
# runs only in short windows around its trigger words: most of an article is never scanned.
_W_MONTHS = set(_MONTHS)
_W_WEEKDAYS = set(_WEEKDAYS)
_W_UNITS = {
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "night", "nights", "week",
    "weeks", "weekend", "weekends", "fortnight", "fortnights", "month", "months", "quarter", "quarters",
    "year", "years", "yr", "yrs", "decade", "decades", "century", "centuries", "millennium", "millennia",
}  # fmt: skip
_W_YEARISH = {"year", "period", "quarter", "qtr", "half"}
_TRIGGERS: dict[Callable[[re.Match[str], _Ctx], Result], set[str]] = {
    _r_numeric_date: {"#d"},
    _r_full_date: _W_MONTHS,
    _r_week_of: _W_MONTHS,
    _r_month_year: _W_MONTHS,
    _r_month: _W_MONTHS,
    _r_year: {"#d"},
    _r_decade: {"#d"},
    _r_decade_word: {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
                     "nineties"},
    _r_century: {"century"},
    _r_the_year: {"year"},
    _r_quarter: _W_YEARISH,
    _r_season: set(_SEASONS),
    _r_weekday: _W_WEEKDAYS,
    _r_clock: {"#d", "noon", "midnight", "midday"},
    _r_deictic: set(_DEICTIC_DAY),
    _r_part_of_day: set(_PARTS),
    _r_relative_unit: _W_UNITS,
    _r_edge_unit: _W_UNITS,
    _r_that_unit: {"year", "month", "day"},
    _r_vague_duration: {"while", "time"},
    _r_earlier_in_unit: {"year", "month", "week", "day"},
    _r_ago: {"ago", "earlier", "hence", "now"},
    _r_year_rel: {"year"},
    _r_current_year: {"year"},
    _r_year_ended: {"year"},
    _r_latest_period: _W_YEARISH,
    _r_weekend: {"weekend"},
    _r_spoken_year: {"nineteen", "thousand"},
    _r_duration: _W_UNITS | {"half"},
    _r_set: _W_UNITS | {"daily", "nightly", "weekly", "monthly", "quarterly", "annually", "yearly", "hourly",
                        "biweekly"},
    _r_ref: {"now", "current", "currently", "presently", "present", "nowadays", "days", "moment", "recently",
             "recent", "lately", "past", "future", "soon", "coming", "ahead", "years", "months", "weeks", "term",
             "date"},
    _r_holiday: {"christmas", "new", "halloween", "valentine", "thanksgiving", "independence"},
}  # fmt: skip
_RULE_TRIGGERS = [_TRIGGERS[fn] for _, fn in _RULES]
_ALL_TRIGGERS = set().union(*_RULE_TRIGGERS)
_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_BACK, _AHEAD = 70, 50


def _trigger_positions(text: str) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for m in _TOKEN.finditer(text):
        w = m.group()
        key = "#d" if w[0].isdigit() else w.lower()
        if key in _ALL_TRIGGERS:
            found.setdefault(key, []).append(m.span())
    return found


def _rule_windows(found: dict[str, list[tuple[int, int]]], words: set[str], n: int) -> list[tuple[int, int]]:
    hits = sorted(p for w in words if w in found for p in found[w])
    spans: list[tuple[int, int]] = []
    for s, e in hits:
        lo, hi = max(0, s - _BACK), min(n, e + _AHEAD)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def _candidates(text: str, dct: dt.date | None) -> list[tuple[int, int, str, str]]:
    cands: list[tuple[int, int, str, str]] = []
    seen: set[tuple[int, int, int]] = set()
    found = _trigger_positions(text)
    for ri, (rx, fn) in enumerate(_RULES):
        for lo, hi in _rule_windows(found, _RULE_TRIGGERS[ri], len(text)):
            for m in rx.finditer(text, lo, hi):
                s, e = m.span()
                if e <= s or (ri, s, e) in seen:
                    continue
                seen.add((ri, s, e))
                # trim trailing whitespace/punctuation captured by optional groups
                while e > s and text[e - 1] in " ,\n\t":
                    e -= 1
                if s > 0 and text[s - 1].isalnum():
                    continue
                if e < len(text) and (text[e].isalnum() and text[e - 1].isalnum()):
                    continue
                if e + 1 < len(text) and text[e] == "-" and text[e + 1].isalpha() and text[e - 1].isalpha():
                    continue  # "quarter-to-quarter", "day-to-day": part of a compound word
                if s > 1 and text[s - 1] == "-" and text[s - 2].isalnum():
                    continue
                ctx = _Ctx(text, dct, s, e)
                try:
                    res = fn(m, ctx)
                except (ValueError, OverflowError):  # an impossible date ("Feb. 30", "292,000 weeks ago")
                    continue
                if res is None:
                    continue
                cands.append((s, e, res[0], res[1]))
    return cands


def _select(cands: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Leftmost-longest non-overlapping candidates (the longest wins where they overlap)."""
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str, str]] = []
    starts: list[int] = []
    for c in cands:
        i = bisect.bisect_left(starts, c[0])
        if i > 0 and taken[i - 1][1] > c[0]:
            continue
        if i < len(taken) and taken[i][0] < c[1]:
            continue
        taken.insert(i, c)
        starts.insert(i, c[0])
    return taken


def _parse_dct(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


_QUARTER_VALUE = re.compile(r"\d{4}-Q\d")
_ANCHOR_VALUE = re.compile(r"\d{4}(?:-\d\d)?(?:-\d\d)?(?:T|$)")
_YEAR_AGO_REACH = 1500  # characters: "a year earlier" refers to a quarter named this close before


def extract_times(text: str, published: str | None, doc: Doc | None = None) -> list[TimeExpr]:
    """Time expressions in ``text``; ``published`` (YYYY-MM-DD) anchors relative ones.

    With ``doc`` (a spaCy Doc of ``text``), each expression's ``sentence`` is the index of its
    sentence in ``list(doc.sents)``.
    """
    dct = _parse_dct(published)
    chosen = _select(_candidates(text, dct))
    sent_starts: list[int] = []
    if doc is not None:
        try:
            sent_starts = [s.start_char for s in doc.sents]
        except ValueError:  # no sentence boundaries set
            sent_starts = []
    out = []
    last_quarter: str | None = None
    named_quarter: str | None = None
    anchor: str | None = None  # the last date named: what "that year" refers to
    last_quarter_end = 0
    for s, e, typ, val in chosen:
        if val == _YEAR_AGO:
            val = (
                f"{int(last_quarter[:4]) - 1:04d}{last_quarter[4:]}"
                if last_quarter
                and s - last_quarter_end < _YEAR_AGO_REACH
                # the reported (recent) quarter, not a year-old one ("the 1988 period")
                and (dct is None or int(last_quarter[:4]) >= _add_months(dct, -4).year)
                else (f"{dct.year - 1:04d}" if dct else "PAST_REF")
            )
        elif val.startswith(_ANAPHOR):
            val = _resolve_anaphor(val, anchor)
        elif val.startswith(_THE_QUARTER):
            val = val[len(_THE_QUARTER) :]
            if named_quarter and s - last_quarter_end < _YEAR_AGO_REACH:
                val = named_quarter
            last_quarter, last_quarter_end = val, e
        elif _QUARTER_VALUE.fullmatch(val):
            if dct is None or int(val[:4]) <= dct.year:  # not a forecast ("through the third quarter of 1990")
                last_quarter, last_quarter_end = val, e
            if dct is not None and (val[:4] == f"{dct.year:04d}" or not re.search(r"\d{4}", text[s:e])):
                named_quarter = val  # a quarter of this year or a yearless one ("third-quarter")
        if typ in ("DATE", "TIME") and _ANCHOR_VALUE.match(val):
            anchor = val
        sent = max(0, bisect.bisect_right(sent_starts, s) - 1) if sent_starts else None
        out.append(TimeExpr(start=s, end=e, text=text[s:e], type=typ, value=val, sentence=sent))
    return out


def normalise_time(phrase: str, published: str | None) -> TimeExpr | None:
    """The main time expression of a short phrase, e.g. a quantity's period.

    "in just over two weeks" -> DURATION P2W (extent "just over two weeks"), "this month" ->
    DATE 2025-04 for a 2025-04-19 article, "since the start of April" -> DATE 2025-04.
    Offsets are into ``phrase``; None when the phrase holds no time expression.
    """
    found = extract_times(phrase, published)
    if not found:
        return None
    return max(found, key=lambda t: (t.end - t.start, -t.start))


def normalise_period(phrase: str, published: str | None = None) -> str | None:
    """The TimeML value of a period phrase ("in just over two weeks" -> "P2W"), or None.

    Pass ``published`` for relative periods ("this month" -> "2025-04"); without it they get
    PRESENT_REF/PAST_REF/FUTURE_REF.
    """
    t = normalise_time(phrase, published)
    return t.value if t is not None else None
