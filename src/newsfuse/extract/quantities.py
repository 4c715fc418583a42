"""Quantities: numbers that count something, with hedges, units, periods and attribution.

A number phrase is found with regular expressions over the text (digits with separators,
number words, scale words such as "1.3 million", "three million", "1.7 mln", "$5bn",
vague amounts such as "hundreds of thousands", fractions such as "over half of them",
"the majority of them", percentages), then read against the dependency parse for what is
counted, the period it covers and who it is attributed to.

Choices, documented here because fusion relies on them:

* ``value`` is the number as stated (scale applied): "1.3 million" -> 1300000. Vague
  amounts have no value, only bounds: "thousands" 2000..9999, "tens of thousands"
  20000..99999, "hundreds of thousands" 200000..999999, "millions" 2e6..999e6,
  "hundreds" 200..999, "dozens" 24..99, "a few/several thousand" 2000/3000..9000.
* Bounds: no hedge or an exact hedge ("only", "exactly") -> low = high = value;
  "more than/over/at least/...", "N or more", "N-plus" -> low = value, high None;
  "nearly/almost/up to/less than/under/..." -> high = value, low None;
  "about/around/some/roughly/an estimated/... or so" -> value -10% .. +10%;
  "between A and B", "A-B" -> low A, high B, value None.
* Fractions of a reference ("over half of them") have ``unit`` "fraction" and a value in
  0..1 ("half" 0.5, "two thirds" 0.667); hedges bound them as above, with 1.0 as the upper
  bound of "over half"; "the majority of" is low 0.5, high 1.0. What a fraction counts is
  "<predicate> among <reference>" when the sentence says what the share is ("half of them
  were children" -> "children among Afghans", the pronoun resolved to the counted thing
  of the previous figure), else the reference itself.
* ``unit``: ISO currency codes ("$", "dlrs" -> USD, "£"/"stg" -> GBP, "€" -> EUR ...),
  "percent", "percentage point", measures in singular ("2,640-kilometer" -> "kilometer").
* ``counted``: the noun phrase the number modifies ("undocumented Afghans", "Afghan
  deportations"), with a restrictive relative clause ("countries that recognized ...");
  "the residence permits of 800,000 Afghans" -> "residence permits of Afghans"; a bare
  "1.3 million who hold ..." borrows the head of the previous figure ("Afghans who hold
  Proof of Registration cards").
* ``period``: a time expression in the same clause (governed by the same verb), with its
  preposition ("in just over two weeks", "since the start of April", "this month").
  ``period_value`` is its TimeML value when the time extractor normalised it.
* ``attributed_to``: who the figure is reported by: the speaker of the direct or
  indirect speech containing it (see ``quotes.speech_frames``), or the subject of a
  reporting verb governing it ("Islamabad reported over 84,000 ...", "according to X").
  Pronouns are resolved to the named speaker; names are kept as written ("the FO").
* A figure whose unit is stated once for a coordinated pair takes it ("2.09 billion and
  1.722 billion dlrs"); a unit left implicit by the writer ("82.85 billion" after
  "56.88 billion rupees" in the previous sentence) is not guessed.

Not quantities: years and decades, dates and times of day, durations ("two weeks"),
ages, ordinals, numbers inside names ("G20", "Article 370", "COVID-19", "Boeing 737"),
phone numbers, list numbering, sports scores ("3-1", "Wild 4, Sabres 1") and page
furniture ("5 min read", "Photo 3 of 10"), citation markers ("hunger (18).", "[2]"), cells of
tables scraped as "| 388 |", definite small counts ("the two sides"), and "one" as a pronoun.

Why rules and not a library: quantity libraries on PyPI (quantulum3, number-parser,
text2num) parse measurements or number words but know nothing of news hedges, vague
amounts, counted noun phrases or attribution, and would be a second parse on top of
spaCy's; the regular expressions here are small and the parse gives the rest.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsfuse.extract.quotes import Speech, _np_span, _subject, line_ids, speech_frames, speech_lemma
from newsfuse.records import Entity, Quantity, TimeExpr

try:  # the time extractor's normaliser for period phrases ("in just over two weeks" -> P2W)
    from newsfuse.extract.times import normalise_period as _normalise_period
except ImportError:  # pragma: no cover - an older times module
    _normalise_period = None


def _words(s: str) -> list[str]:
    return s.split()


# ------------------------------------------------------------------ lexicon
_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "lakh": 1e5,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "crore": 1e7,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tln": 1e12,
}
_W = "(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"
_WN = rf"{_W}(?:-{_W})?"
_SCALE = r"(?:hundred|thousand|lakh|million|mln|mn|crore|billion|bln|bn|trillion|tln)"
_DIGITS = r"\d+-\d/\d{1,2}(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"  # 11-3/4: Reuters prices
_CUR = r"(?:US\$|U\.S\.\s?\$|A\$|C\$|HK\$|NZ\$|S\$|\$|£|€|¥|Rs\.?\s?|PKR\s?|INR\s?|USD\s?|EUR\s?|GBP\s?)"

_NUMBER_BODY = (
    rf"(?P<cur>{_CUR})?"
    rf"(?P<num>(?:{_DIGITS})|{_WN}|half\s+an?|an?)"
    rf"(?P<scale>(?:(?<=hundred)\s+and\s+{_WN}|[\s-]+(?:{_SCALE}|{_WN})(?![\w-]))*"
    r"|(?<=\d)(?:bn|mn|m|k)(?![\w]))"
)
_NUMBER = re.compile(r"(?<![\w$£€¥.,/#-])" + _NUMBER_BODY, re.I)
_NUMBER_AT = re.compile(_NUMBER_BODY, re.I)  # the second half of a range: "30-40 mln"
_VAGUE = re.compile(
    r"(?<![\w-])(?:(?P<mult>tens|hundreds)\s+of\s+)?(?P<big>thousands|millions|billions)(?![\w-])"
    r"|(?<![\w-])(?P<small>hundreds|dozens|scores)(?=\s+of\b)"
    r"|(?<![\w-])(?P<few>several|a\s+few|a\s+couple\s+of|many)\s+(?P<fscale>hundred|thousand|million|billion)s?(?![\w-])"
    r"|(?<![\w-])(?P<frac>half|one[\s-]half|a\s+third|one[\s-]third|two[\s-]thirds|a\s+quarter|one[\s-]quarter"
    r"|three[\s-]quarters|a\s+fifth|one[\s-]fifth|a\s+tenth|one[\s-]tenth)(?=\s+(?:of|the)\b)"
    r"|(?<![\w-])(?P<frac2>two[\s-]thirds|three[\s-]quarters)(?![\w-])"
    r"|(?<![\w-])(?P<major>(?:the|a)\s+(?:vast\s+|slim\s+|large\s+)?majority)(?=\s+of\b)",
    re.I,
)
_FRACTIONS = {
    "half": 0.5,
    "third": 1 / 3,
    "thirds": 2 / 3,
    "quarter": 0.25,
    "quarters": 0.75,
    "fifth": 0.2,
    "tenth": 0.1,
}
_VAGUE_BOUNDS = {
    ("tens", "thousands"): (2e4, 99999),
    ("hundreds", "thousands"): (2e5, 999999),
    ("tens", "millions"): (2e7, 99e6),
    ("hundreds", "millions"): (2e8, 999e6),
    ("tens", "billions"): (2e10, 99e9),
    ("hundreds", "billions"): (2e11, 999e9),
    (None, "thousands"): (2000, 9999),
    (None, "millions"): (2e6, 999e6),
    (None, "billions"): (2e9, 999e9),
    (None, "hundreds"): (200, 999),
    (None, "dozens"): (24, 99),
    (None, "scores"): (40, 99),
}
_FEW = {"a couple of": (2, 3), "a few": (2, 9), "several": (3, 9), "many": (2, None)}

# Hedges before a number, by what they say of the true value. One table for the whole pipeline:
# extraction turns a kind into bounds (``BOUND_SIDE``), fusion into an interval (``fuse.claims.interval``).
HEDGE_KINDS: dict[str, str] = {
    "above": r"(?:just|well|slightly|far|much|a\s+little)\s+(?:over|above|more\s+th[ae]n)|more\s+th[ae]n|over|above"
    r"|in\s+excess\s+of|upwards\s+of|greater\s+than|exceeding",
    "at-least": r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of",
    "nearly": r"(?:just|slightly)\s+(?:under|below|short\s+of|shy\s+of)|nearly|almost|close\s+to|approaching|nearing"
    r"|shy\s+of|short\s+of|not\s+quite|barely",
    "below": r"(?:well\s+)?(?:under|below)|(?:just\s+|slightly\s+|well\s+)?(?:less|fewer)\s+than",
    "at-most": r"up\s+to|as\s+(?:many|much)\s+as|no\s+more\s+than|not\s+more\s+than|at\s+most|a\s+maximum\s+of",
    "about": r"about|around|some(?:\s+estimated)?|approximately|roughly|an\s+estimated|estimated|circa|approx\.?"
    r"|an\s+average\s+of|on\s+average",
    "exact": r"exactly|precisely|only|just|a\s+total\s+of|total\s+of|fully",
}
# hedges after a number ("5,000 or more", "500-plus") by the word after "or"
POST_HEDGE_KINDS = {"more": "at-least", "above": "above", "over": "above", "plus": "at-least", "so": "about",
                    "fewer": "at-most", "less": "at-most"}
# which bound a hedge kind gives: low only, high only, both around the value (approx), or the value itself
BOUND_SIDE = {"above": "low", "at-least": "low", "nearly": "high", "below": "high", "at-most": "high",
              "about": "approx", "exact": "exact"}
_HEDGE_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\"“'‘—–-]))(?P<h>" + "|".join(f"(?:{p})" for p in HEDGE_KINDS.values()) + r")\s+$", re.I
)
_HEDGE_KIND = [(re.compile(rf"^(?:{p})$", re.I), k) for k, p in HEDGE_KINDS.items()]
_POST_HEDGE_KIND = re.compile(r"(?:^|\s)(?:or\s+(?P<word>\w+)|(?P<plus>plus))$")
_POST_HEDGE = re.compile(
    r"\s+or\s+(?P<ph>" + "|".join(w for w in POST_HEDGE_KINDS if w != "plus") + r")\b|(?P<plus>\s*-?plus\b|\+)", re.I
)

_PERCENT = re.compile(
    r"\s?(?:(?P<pct>%|per\s?cent\b|pct\b)|(?P<pp>percentage\s+points?\b|basis\s+points?\b|bps\b))", re.I
)
_CUR_WORD = re.compile(
    r"\s+(?:(?P<adj>U\.S\.|US|American|Australian|Canadian|Hong\s+Kong|New\s+Zealand|Singapore|Taiwan"
    r"|Pakistani|Indian|Afghan|Swiss|French|Belgian|West\s+German|German|Japanese|Chinese)\s+)?"
    r"(?P<cw>dollars?|dlrs?|euros?|pounds?\s+sterling|stg|sterling|yen|yuan|renminbi|rupees?|francs?|marks?"
    r"|lire|pesos?|rand|riyals?|dirhams?|afghanis?|cts|cents?|pence|rubles?|roubles?|won|baht|ringgit|guilders?"
    r"|kwacha|naira|shillings?|schillings?|cruzados?|crowns?|kron[aeo]r?|drachmas?|pesetas?|escudos?|bolivars?"
    r"|australs?|dinars?|lira|rupiah|taka|yuan)\b",
    re.I,
)
_MEASURE = re.compile(
    r"(?:-|\s+)(?P<mu>(?:square\s+|sq\s+|cubic\s+)?(?:kilomet(?:er|re)s?|km|miles?|met(?:er|re)s?|feet|foot|ft"
    r"|inch(?:es)?|centimet(?:er|re)s?|cm|millimet(?:er|re)s?|mm|hectares?|acres?|tonnes?|tons?|kilo(?:gram)?s?"
    r"|kg|grams?|lbs?|ounces?|oz|barrels?(?:\s+(?:per|a)\s+day)?|bpd|bushels?|lit(?:er|re)s?|gallons?"
    r"|megawatts?|mw|gigawatts?|gw|kilowatts?|kw|kwh|degrees?|points?|carats?|bcf|mcf|tcf|knots?|mph|kph"
    r"|km/h|sq\s+km))(?![\w])",
    re.I,
)
_CUR_CODES = {
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "a$": "AUD",
    "c$": "CAD",
    "hk$": "HKD",
    "nz$": "NZD",
    "s$": "SGD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "rs": "rupee",
    "rs.": "rupee",
    "pkr": "PKR",
    "inr": "INR",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
}
_CUR_WORDS = {
    "dollar": "USD",
    "dlr": "USD",
    "euro": "EUR",
    "pound": "GBP",
    "stg": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "rupee",
    "franc": "franc",
    "mark": "DEM",
    "lire": "ITL",
    "peso": "peso",
    "rand": "ZAR",
    "riyal": "SAR",
    "dirham": "AED",
    "afghani": "AFN",
    "ct": "cent",
    "cent": "cent",
    "pence": "pence",
    "ruble": "RUB",
    "rouble": "RUB",
    "won": "KRW",
    "baht": "THB",
    "ringgit": "MYR",
    "guilder": "NLG",
    "kwacha": "kwacha",
    "naira": "NGN",
    "shilling": "shilling",
    "schilling": "ATS",
    "cruzado": "BRC",
    "crown": "crown",
    "krona": "SEK",
    "krone": "krone",
    "kroner": "krone",
    "kronor": "SEK",
    "drachma": "GRD",
    "peseta": "ESP",
    "escudo": "PTE",
    "bolivar": "VEB",
    "austral": "ARA",
    "dinar": "dinar",
    "lira": "lira",
    "rupiah": "IDR",
    "taka": "BDT",
}
_CUR_ADJ = {
    "australian": "AUD",
    "canadian": "CAD",
    "hong kong": "HKD",
    "new zealand": "NZD",
    "singapore": "SGD",
    "taiwan": "TWD",
    "pakistani": "PKR",
    "indian": "INR",
    "swiss": "CHF",
    "french": "FRF",
    "belgian": "BEF",
    "west german": "DEM",
    "german": "DEM",
    "japanese": "JPY",
    "chinese": "CNY",
}
_MEASURE_CANON = {
    "km": "kilometer",
    "kilometer": "kilometer",
    "kilometre": "kilometer",
    "mile": "mile",
    "meter": "meter",
    "metre": "meter",
    "feet": "foot",
    "foot": "foot",
    "ft": "foot",
    "inch": "inch",
    "inches": "inch",
    "centimeter": "centimeter",
    "centimetre": "centimeter",
    "cm": "centimeter",
    "millimeter": "millimeter",
    "millimetre": "millimeter",
    "mm": "millimeter",
    "hectare": "hectare",
    "acre": "acre",
    "tonne": "tonne",
    "ton": "tonne",
    "kilo": "kilogram",
    "kilogram": "kilogram",
    "kg": "kilogram",
    "gram": "gram",
    "lb": "pound",
    "ounce": "ounce",
    "oz": "ounce",
    "barrel": "barrel",
    "bpd": "barrel per day",
    "bushel": "bushel",
    "liter": "liter",
    "litre": "liter",
    "gallon": "gallon",
    "megawatt": "megawatt",
    "mw": "megawatt",
    "gigawatt": "gigawatt",
    "gw": "gigawatt",
    "kilowatt": "kilowatt",
    "kw": "kilowatt",
    "kwh": "kilowatt-hour",
    "degree": "degree",
    "point": "point",
    "carat": "carat",
    "bcf": "billion cubic feet",
    "mcf": "thousand cubic feet",
    "tcf": "trillion cubic feet",
    "knot": "knot",
    "mph": "mile per hour",
    "kph": "kilometer per hour",
    "km/h": "kilometer per hour",
    "sq km": "square kilometer",
}

_TIME_WORDS = frozenset(
    _words(
        """
    year years yr yrs month months mth mths week weeks wk wks day days hour hours hr hrs minute
    minutes min mins second seconds sec secs decade decades century centuries qtr qtrs fortnight
    fortnights night nights weekend weekends season seasons quarter quarters semester term terms
        """
    )
)
_MONTHS_DAYS = frozenset(
    _words(
        """
    january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday
    sunday
        """
    )
)
_NAME_WORDS = frozenset(
    _words(
        """
    article section chapter resolution flight route highway road room no no. nos number phase level
    gate terminal platform ward sector block category grade class division league part rule clause
    paragraph amendment act boeing airbus apollo version vol volume page item proposition prop
    question game round stage model series unit line district squad pool table figure exhibit annex
    appendix schedule bill
        """
    )
)
_DEFINITE = frozenset({"the", "these", "those", "their", "its", "our", "his", "her", "both", "all", "my", "your"})
_GROUP_NOUNS = frozenset(
    _words(
        """
    people persons individuals members residents families households citizens nationals migrants
    refugees workers civilians children women men students voters passengers employees patients
    troops soldiers asylum-seekers immigrants deportees returnees others
        """
    )
)
_PARTITIVE = frozenset(
    {
        "majority",
        "number",
        "total",
        "group",
        "some",
        "many",
        "most",
        "all",
        "each",
        "one",
        "none",
        "rest",
        "share",
        "proportion",
        "percentage",
        "half",
        "part",
        "tally",
        "toll",
        "rate",
        "level",
        "value",
        "sum",
        "price",
        "cost",
        "figure",
        "average",
        "minimum",
        "maximum",
        "estimate",
        "count",
        "record",
        "high",
        "low",
        "peak",
    }
)
_REPORT_VERBS = frozenset(
    _words(
        """
    say report announce estimate put record register show count tell claim confirm state add reveal
    disclose cite give quote
        """
    )
)
_PERIOD_PREPS = frozenset(
    _words(
        """
    in since over during for within through throughout between from by until till after before
        """
    )
)
_MASKS = [
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?", re.I),  # 10:30, 10:30 a.m.
    re.compile(r"\b\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\.?(?!\w)", re.I),  # 3 p.m.
    re.compile(r"\b\d{4}\s*(?:GMT|UTC|hrs\b|hours\s+(?:GMT|local))", re.I),  # 0900 GMT
    re.compile(r"\b\d{1,2}\s+o'clock", re.I),
    re.compile(r"\b\d{1,3}-(?:years?|months?|weeks?|days?)-old\b", re.I),  # ages
    re.compile(r"\baged\s+\d{1,3}\b|\b\d{1,3}\s+(?:years?|months?)\s+old\b|\bage\s+of\s+\d{1,3}\b", re.I),
    re.compile(r"\b\d+\s*(?:min(?:ute)?s?)\s+read\b", re.I),  # page furniture
    re.compile(r"\b(?:page|photo|image|slide|picture|video|gallery|episode|part)\s+\d+(?:\s*(?:of|/)\s*\d+)?\b", re.I),
    re.compile(r"^\s*\d+\s*(?:comments?|replies|views|likes|shares)?\s*$", re.I | re.M),
    re.compile(r"^\s*\(?\d{1,2}[.)]\s", re.M),  # list numbering
    re.compile(r"(?<=\S)\s?[\[(]\d{1,3}(?:\s*[,–-]\s*\d{1,3})*[\])](?=[\s.,;:]|$)"),  # citations "(18)", "[2]"
    re.compile(r"(?<=\|)\s*[\d.,%$€£-]+\s*(?=\|)"),  # table cells "| 388 |"
    # scores: "Wild 4, Sabres 1"
    re.compile(r"\b[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)* \d{1,3}, [A-Z][\w.'-]*(?: [A-Z][\w.'-]*)* \d{1,3}\b"),
    re.compile(r"(?<![\w,.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){2,}(?![\w,])"),
]


# ---------------------------------------------------------------- utilities
def _words_value(s: str) -> float | None:
    """Value of a number phrase: "1.3 million", "two hundred and fifty thousand", "85,000", "half a"."""
    s = s.lower().replace(",", "").replace("-", " ")
    parts = s.split()
    if not parts:
        return None
    total = 0.0
    current = 0.0
    seen = False
    if parts[0] == "half":
        current, seen, parts = 0.5, True, parts[2:] if len(parts) > 1 else []
    for w in parts:
        if w == "and":
            continue
        if w in ("a", "an"):
            current, seen = 1.0, True
            continue
        if w in _WORDS:
            current += _WORDS[w]
            seen = True
            continue
        if "/" in w:
            num, _, den = w.partition("/")
            if num.isdigit() and den.isdigit() and int(den):
                current += int(num) / int(den)
                seen = True
                continue
        try:
            current += float(w)
            seen = True
            continue
        except ValueError:
            pass
        scale = _SCALES.get(w)
        if scale is None:
            return None
        if scale == 100:
            current = (current or 1) * 100
        else:
            total += (current or 1) * scale
            current = 0.0
        seen = True
    return float(f"{total + current:.12g}") if seen else None


def _round(x: float) -> float:
    return float(f"{x:.6g}")


def hedge_kind(hedge: str | None) -> str | None:
    """What a figure's ``hedge`` says of the true value: a key of ``HEDGE_KINDS`` (None: no hedge).

    A hedge after the number ("or more", "plus") decides over one before it.
    """
    if not hedge:
        return None
    h = " ".join(hedge.lower().split())
    post = _POST_HEDGE_KIND.search(h)
    if post:
        return POST_HEDGE_KINDS.get(post.group("word") or "plus")
    for pat, kind in _HEDGE_KIND:
        if pat.match(h):
            return kind
    return None


def _bound_side(hedge: str | None) -> str:
    return BOUND_SIDE[hedge_kind(hedge) or "exact"]


@dataclass
class _Cand:
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    hedge: str | None
    kind: str  # number | vague | fraction | majority
    word_number: bool = False
    has_unit: bool = False
    scaled: bool = False
    num_start: int = 0
    num_end: int = 0


def _bounds(value: float | None, kind: str) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    if kind == "low":
        return value, None
    if kind == "high":
        return None, value
    if kind == "approx":
        return _round(value * 0.9), _round(value * 1.1)
    return value, value


def _suffix_unit(text: str, end: int) -> tuple[str, int] | None:
    """The unit written right after a number at ``end`` (percent, currency word, measure) and its end."""
    pm = _PERCENT.match(text, end)
    if pm:
        unit = "percent" if pm.group("pct") else " ".join(pm.group("pp").lower().split()).rstrip("s")
        return ("basis point" if unit == "bp" else unit), pm.end()
    cm = _CUR_WORD.match(text, end)
    if cm:
        word = cm.group("cw").lower().split()[0]
        base = word[:-1] if word.endswith("s") and word[:-1] in _CUR_WORDS else word
        if word == "cts":
            base = "ct"
        unit = _CUR_WORDS.get(base, base)
        adj = " ".join((cm.group("adj") or "").lower().split())
        if adj in _CUR_ADJ and unit not in ("cent", "pence"):
            unit = _CUR_ADJ[adj]
        return unit, cm.end()
    mm = _MEASURE.match(text, end)
    if mm:
        mu = " ".join(mm.group("mu").lower().split())
        prefix = ""
        for p in ("square ", "sq ", "cubic "):
            if mu.startswith(p) and mu != "sq km":
                prefix, mu = ("square " if p != "cubic " else "cubic "), mu[len(p) :]
        per_day = mu.endswith(" day")
        base = mu.split()[0]
        canon = (
            _MEASURE_CANON.get(base)
            or _MEASURE_CANON.get(base.rstrip("s"))
            or _MEASURE_CANON.get(base[:-2] if base.endswith("es") else base)
            or base
        )
        return prefix + canon + (" per day" if per_day else ""), mm.end()
    return None


# ---------------------------------------------------------------- candidates
def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    masked = [(m.start(), m.end()) for pat in _MASKS for m in pat.finditer(text)]

    def is_masked(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in masked)

    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    # vague amounts, fractions, majorities
    for m in _VAGUE.finditer(text):
        s, e = m.start(), m.end()
        if is_masked(s, e):
            continue
        value = low = high = None
        unit = None
        if m.group("big"):
            mult = m.group("mult").lower() if m.group("mult") else None
            low, high = _VAGUE_BOUNDS[(mult, m.group("big").lower())]
            kind = "vague"
        elif m.group("small"):
            low, high = _VAGUE_BOUNDS[(None, m.group("small").lower())]
            kind = "vague"
        elif m.group("few"):
            few = " ".join(m.group("few").lower().split())
            scale = _SCALES[m.group("fscale").lower()]
            lo, hi = _FEW[few]
            low, high = lo * scale, (hi * scale if hi else None)
            kind = "vague"
        elif m.group("frac") or m.group("frac2"):
            word = (m.group("frac") or m.group("frac2")).lower().replace("-", " ").split()[-1]
            value = _round(_FRACTIONS[word])
            unit, kind = "fraction", "fraction"
            low = high = value
        else:
            low, high, unit, kind = 0.5, 1.0, "fraction", "majority"
        out.append(_Cand(s, e, value, low, high, unit, None, kind, num_start=s, num_end=e))
        taken.append((s, e))

    for m in _NUMBER.finditer(text):
        s, e = m.start(), m.end()
        num = m.group("num")
        scale = m.group("scale") or ""
        cur = m.group("cur")
        if not free(s, e):
            continue
        if (num.lower() in ("a", "an") or num.lower().startswith("half")) and (
            not scale.strip() or not re.search(_SCALE, scale, re.I)
        ):
            continue
        attached = scale and not scale[0].isspace() and scale[0] != "-"
        if attached and scale.lower() == "m" and not cur:
            continue  # "5m" without currency: metres or minutes, not million
        phrase = num + scale
        value = _words_value(phrase.replace("-", " "))
        if value is None:
            continue
        word_number = not re.match(r"[\d.]", num)
        if is_masked(m.start("num"), m.end("num")):
            continue
        unit = _CUR_CODES.get(cur.strip().lower().replace(" ", "")) if cur else None
        has_unit = unit is not None
        end = e
        # suffixes: percent, currency word, measure
        if not has_unit:
            suf = _suffix_unit(text, end)
            if suf is not None:
                unit, end = suf
                has_unit = True
        # the character after the phrase: letters or "/" or ":" glued to it mean a code, date or time
        nxt = text[end : end + 1]
        if nxt and (nxt.isalnum() or nxt in "/:" and text[end + 1 : end + 2].isdigit()):
            continue
        if nxt == "-" and text[end + 1 : end + 2].isalpha() and not has_unit:
            word = re.match(r"-([A-Za-z]+)", text[end:])
            w = word.group(1).lower() if word else ""
            if w in _TIME_WORDS or w in ("year", "old", "th", "st", "nd", "rd"):
                continue
        prev = text[max(0, s - 2) : s]
        if prev.endswith("-") and len(prev) == 2 and prev[0].isalpha():
            continue  # COVID-19, F-16
        hedge = None
        kind = "none"
        hm = _HEDGE_BEFORE.search(text, max(0, s - 40), s)
        start = s
        if hm:
            hedge = " ".join(hm.group("h").split())
            kind = _bound_side(hedge)
            start = hm.start("h")
        # ranges: "between A and B", "A-B", "A to B" after "between"/"from" is not a range
        low_v = high_v = None
        rng = None
        before = text[max(0, start - 9) : start].lower()
        if before.endswith("between "):
            rng = re.compile(r"\s+and\s+").match(text, end)
        elif not hedge:
            rng = re.compile(r"\s?[-–]\s?").match(text, end) if re.match(r"[\d]", num) else None
        if rng:
            m2 = _NUMBER_AT.match(text, rng.end())
            if m2 and m2.group("num").lower() not in ("a", "an"):
                v2 = _words_value((m2.group("num") + (m2.group("scale") or "")).replace("-", " "))
                if v2 is not None and not scale and m2.group("scale"):
                    # "5 to 10 million": the scale applies to both
                    v1 = _words_value(num.replace("-", " ") + m2.group("scale").replace("-", " "))
                    value = v1 if v1 is not None else value
                suf2 = _suffix_unit(text, m2.end()) if v2 is not None else None
                if v2 is not None and v2 > value and text[m2.end() : m2.end() + 1] not in ("/",):
                    if before.endswith("between ") or value >= 10 or v2 > 31 or suf2 is not None or has_unit:
                        low_v, high_v = value, v2
                        end = m2.end()
                        if suf2 is not None and not has_unit:
                            unit, end = suf2
                            has_unit = True
                        if before.endswith("between "):
                            start = start - 8
                            hedge = "between"
                elif v2 is not None and value <= 20 and v2 <= 20 and not has_unit:
                    continue  # a score: 3-1
        ph = _POST_HEDGE.match(text, end)
        if ph and low_v is None:
            word = (ph.group("ph") or "plus").lower()
            hedge = (hedge + " " if hedge else "") + ("or " + word if ph.group("ph") else "plus")
            kind = _bound_side(hedge)
            end = ph.end() if ph.group("ph") else end
        if low_v is not None:
            low, high, val = low_v, high_v, None
        else:
            val = value
            low, high = _bounds(value, kind)
        out.append(
            _Cand(
                start,
                end,
                val,
                low,
                high,
                unit,
                hedge,
                "number",
                word_number,
                has_unit,
                bool(scale.strip()),
                m.start("num"),
                m.end("num"),
            )
        )
        taken.append((start, end))
    # hedges before vague amounts and fractions ("more then half", "over half", "tens of thousands")
    for c in out:
        if c.kind in ("vague", "fraction") and c.hedge is None:
            hm = _HEDGE_BEFORE.search(text, max(0, c.start - 40), c.start)
            if hm:
                c.hedge = " ".join(hm.group("h").split())
                c.start = hm.start("h")
                if c.kind == "fraction":
                    c.low, c.high = _bounds(c.value, _bound_side(c.hedge))
                    if c.high is None:
                        c.high = 1.0
                elif _bound_side(c.hedge) == "low":
                    c.high = None
    out.sort(key=lambda c: c.start)
    return out


# ------------------------------------------------------------------ parse
def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _clause_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and t is not tok:
            return t
        if t.head is t:
            return t if t.pos_ in ("VERB", "AUX") else None
        t = t.head
    return None


def _under(tok: Token, verb: Token) -> Token | None:
    """The child of ``verb`` whose subtree holds ``tok`` (``tok`` itself when a direct child)."""
    t = tok
    for _ in range(20):
        if t.head.i == verb.i and t.i != verb.i:
            return t
        if t.head is t:
            return None
        t = t.head
    return None


_ADVERBIAL = frozenset(
    {"prep", "npadvmod", "advmod", "obl", "tmod", "advcl", "agent", "dative", "pcomp", "acomp", "oprd", "dep"}
)
_REF_TIMES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


def _restrictive_clause(noun: Token) -> tuple[int, int] | None:
    """Token range of a restrictive relative/participial clause right after ``noun``."""
    for child in noun.rights:
        if child.dep_ in ("relcl", "acl") and child.i > noun.i:
            lo = child.left_edge.i
            if any(noun.doc[j].is_punct for j in range(noun.i + 1, lo)):
                return None
            if noun.doc[lo].lower_ in ("which", "where", "when", "whose"):
                return None  # usually non-restrictive in news copy
            if lo > noun.i + 1 and noun.doc[noun.i + 1].is_punct:
                return None
            hi = child.i
            for g in child.rights:
                if g.dep_ in ("acl", "relcl", "advcl", "punct", "cc", "conj"):
                    break
                hi = max(hi, _trim_right(g))
            if hi - lo > 14:
                hi = lo + 14
            return lo, hi
    return None


def _trim_right(tok: Token) -> int:
    """Right edge of ``tok``'s subtree, stopping before nested clauses."""
    hi = tok.i
    for g in tok.rights:
        if g.dep_ in ("acl", "relcl", "advcl", "punct", "cc", "conj", "appos"):
            break
        hi = max(hi, _trim_right(g))
    return hi


def _np_text(noun: Token, after: int, with_clause: bool) -> str:
    """The counted noun phrase headed by ``noun``, starting after token ``after``."""
    doc = noun.doc
    lo = noun.i
    for child in noun.lefts:
        if child.i > after and child.dep_ in (
            "amod",
            "compound",
            "nmod",
            "poss",
            "nummod",
            "advmod",
            "npadvmod",
            "case",
            "det",
            "quantmod",
            "punct",
        ):
            lo = min(lo, child.left_edge.i if child.left_edge.i > after else child.i)
    lo = max(lo, after + 1)
    while lo < noun.i and (doc[lo].dep_ in ("det", "punct", "cc", "quantmod") or doc[lo].like_num or doc[lo].is_space):
        lo += 1
    hi = noun.i
    # "families of ...", "members of ..."
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and noun.lower_ in _GROUP_NOUNS:
            hi = max(hi, _trim_right(child))
    if with_clause and (noun.tag_ in ("NNS", "NNPS") or noun.lower_ in _GROUP_NOUNS):
        rc = _restrictive_clause(noun)
        if rc:
            hi = max(hi, rc[1])
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    ids = line_ids(doc)
    while hi > lo and ids[hi] != ids[noun.i]:
        hi -= 1
    while lo < noun.i and ids[lo] != ids[noun.i]:
        lo += 1
    return " ".join(doc[lo : hi + 1].text.split())


def _find_counted(doc: Doc, span: Span, cand: _Cand) -> tuple[Token | None, str | None, Token | None]:
    """(head noun, counted text, token whose clause the quantity is in)."""
    anchor = span[-1]
    # the number's own tokens; climb nummod/quantmod/compound links to the right
    noun = None
    t = anchor
    for _ in range(4):
        if (
            t.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "appos")
            and t.head.i > span.end - 1
            and t.head.i - span.end < 8
        ):
            t = t.head
            if t.pos_ in ("NOUN", "PROPN") and t.lower_ not in _SCALES:
                noun = t
                break
        else:
            break
    ids = line_ids(doc)
    if noun is not None and ids[span.end - 1] != ids[noun.i]:
        noun = None  # a table row: the next line's label is not what is counted
    if noun is not None:
        return noun, None, noun
    # "N of X", "half of them", "hundreds of thousands of Afghans"
    for tok in reversed(span):
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                while objs and objs[0].lower_ in ("thousands", "millions", "billions", "hundreds"):
                    nxt = [g for c in objs[0].children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                    objs = nxt or objs[:0]
                if objs and not objs[0].like_num:
                    return objs[0], None, tok
        if tok.i == span.start:
            break
    # the token after the span is a noun the parser did not link ("85,000 Afghans")
    if span.end < len(doc) and ids[span.end - 1] == ids[span.end] and not doc[span.end].is_space:
        nxt = doc[span.end]
        # (not the sentence's root: "Thousands flee ..." in a headline is a verb the tagger missed)
        if nxt.pos_ in ("NOUN", "PROPN") and nxt.tag_ in ("NNS", "NNPS") and nxt.dep_ != "ROOT":
            return nxt, None, nxt
        if nxt.lower_ == "of" and span.end + 1 < len(doc):
            obj = [g for g in nxt.children if g.dep_ == "pobj"]
            if obj:
                return obj[0], None, anchor
    return None, None, anchor


def _subject_counted(doc: Doc, span: Span) -> str | None:
    """What a bare figure measures, from its clause's subject.

    "the average price was 127,100 dlrs" -> "average price"; "the number of homes sold was
    53,000" -> "homes sold"; "Net profit rose 12 pct to 5.6 mln dlrs" -> "Net profit".
    """
    tok = span[-1]
    verb = _clause_verb(tok)
    if verb is None:
        return None
    under = _under(tok, verb)
    if (
        under is None
        or under.dep_ in ("nsubj", "nsubjpass", "csubj")
        or under.dep_
        not in ("attr", "dobj", "prep", "npadvmod", "acomp", "oprd", "advmod", "nummod", "quantmod", "pobj")
    ):
        return None
    if verb.lemma_ not in (
        "be",
        "rise",
        "fall",
        "increase",
        "decrease",
        "drop",
        "decline",
        "climb",
        "jump",
        "reach",
        "total",
        "stand",
        "gain",
        "lose",
        "grow",
        "shrink",
        "surge",
        "plunge",
        "slip",
        "ease",
        "edge",
        "amount",
        "come",
        "tumble",
        "soar",
        "dip",
        "rebound",
    ):
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].pos_ in ("PRON", "DET") or subjects[0].i > tok.i:
        return None
    subj = subjects[0]
    if subj.lower_ in _PARTITIVE:
        objs = [
            g for p in subj.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"
        ]
        if objs:
            subj = objs[0]
    txt = _np_text(subj, subj.left_edge.i - 1, with_clause=True)
    words = txt.split()
    return " ".join(words[:10]) if words else None


def _period_text(time_toks: Span) -> tuple[int, int]:
    """Character range of a time expression with its governing preposition ("in just over two weeks")."""
    doc = time_toks.doc
    start_i = time_toks.start
    root = time_toks.root
    if root.dep_ == "pobj" and root.head.i < time_toks.start and root.head.lower_ in _PERIOD_PREPS | {"on", "at", "of"}:
        if time_toks.start - root.head.i <= 3:
            start_i = root.head.i
    elif time_toks.start > 0 and doc[time_toks.start - 1].lower_ in _PERIOD_PREPS | {"on", "at"}:
        start_i = time_toks.start - 1
    end = time_toks.end_char
    if time_toks.end < len(doc) and doc[time_toks.end].lower_ == "alone":
        end = doc[time_toks.end].idx + len("alone")
    return doc[start_i].idx, end


@dataclass
class _Time:
    start: int
    end: int
    value: str | None
    type: str | None


def _time_spans(doc: Doc, times: list[TimeExpr]) -> list[_Time]:
    if times:
        return [_Time(t.start, t.end, t.value, t.type) for t in times]
    return [_Time(e.start_char, e.end_char, None, e.label_) for e in doc.ents if e.label_ in ("DATE", "TIME")]


def _attribution(frame: Speech) -> str | None:
    written = frame.speaker_text
    if written is None:
        return frame.speaker
    words = written.split()
    if words and words[-1].lower() in ("of", "and", "the", "for", "at", "in", "from", "to", ","):
        return frame.speaker if frame.entity else " ".join(words[:-1]) or None
    low = written.lower()
    if low in ("it", "they", "we", "i", "you") and frame.entity is None:
        return frame.speaker if frame.speaker and frame.speaker.lower() != low else None
    if low in ("he", "she", "it", "they", "we", "i", "him", "her") or low.split()[-1] in (
        "statement",
        "release",
        "report",
        "communique",
        "announcement",
    ):
        return frame.speaker or written
    return written


def _period_value(text: str, tm: _Time | None) -> str | None:
    """The period's TimeML value: the time extractor's, else its normaliser's on the phrase."""
    if tm is not None and tm.value:
        return tm.value
    if _normalise_period is None:
        return None
    try:
        return _normalise_period(text)
    except Exception:  # an optional helper must never break extraction
        return None


# ------------------------------------------------------------------- public
def extract_quantities(doc: Doc, entities: list[Entity], times: list[TimeExpr]) -> list[Quantity]:
    """Numbers in ``doc`` that count something, with bounds, unit, counted thing, period and source."""
    text = doc.text
    if not text.strip():
        return []
    sents = list(doc.sents)
    sent_starts = [s.start_char for s in sents]
    frames = speech_frames(doc, entities)
    tspans = _time_spans(doc, times)
    mentions = [(m.start, m.end, m.text) for e in entities for m in e.mentions]
    name_ents = [
        (e.start_char, e.end_char)
        for e in doc.ents
        if e.label_ in ("ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PERSON", "GPE", "LOC", "NORP")
    ]
    date_ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    out: list[Quantity] = []
    prev_heads: list[tuple[int, str]] = []  # (sentence, counted head text) of earlier figures

    cands = _candidates(text)
    # "2.09 billion and 1.722 billion dlrs": a unit stated once covers the coordinated figures
    for a, b in zip(cands, cands[1:], strict=False):
        if (
            a.unit is None
            and b.unit is not None
            and a.kind == b.kind == "number"
            and re.fullmatch(r"\s*(?:and|or|to|-|–)\s*", text[a.end : b.start])
        ):
            a.unit, a.has_unit = b.unit, True
    # "the 2.0 to 2.2 pct range": one range, unless it is a change ("from 4.9 to 5.6 pct")
    merged: list[_Cand] = []
    for c in cands:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.kind == c.kind == "number"
            and prev.value is not None
            and c.value is not None
            and (prev.hedge is None or _bound_side(prev.hedge) == "approx")
            and re.fullmatch(r"\s+to\s+", text[prev.end : c.start])
            and not re.search(r"\bfrom\s+$", text[max(0, prev.start - 6) : prev.start], re.I)
            and prev.unit == c.unit
            and prev.value < c.value <= prev.value * 10
        ):
            merged[-1] = _Cand(
                prev.start,
                c.end,
                None,
                prev.value,
                c.high if c.hedge else c.value,
                c.unit,
                None,
                "number",
                prev.word_number,
                c.has_unit,
                c.scaled,
                prev.num_start,
                c.num_end,
            )
            continue
        merged.append(c)
    cands = merged
    for c in cands:
        span = _tokens(doc, c.num_start, c.end if c.kind != "number" else max(c.num_end, c.end))
        if span is None or len(span) == 0:
            continue
        num_span = _tokens(doc, c.num_start, c.num_end)
        first = num_span[0] if num_span is not None and len(num_span) else span[0]
        si = bisect_right(sent_starts, c.start) - 1
        sent = sents[si]
        ns, ne = c.num_start, c.num_end
        has_comma = "," in text[ns:ne]
        # times and dates are the time extractor's
        if any(t.start < ne and ns < t.end for t in tspans) and not (c.has_unit or has_comma):
            continue
        if any(a <= ns and ne <= b for a, b in date_ents) and not (c.has_unit or has_comma):
            continue
        if c.kind == "number":
            raw = text[ns:ne]
            plain = raw.replace(",", "")
            # names: "G20", "Article 370", an entity with a number inside
            if any(a <= ns and ne <= b and a < ns for a, b in name_ents) and not c.has_unit:
                continue
            if any(a < ns and ne <= b for a, b, _t in mentions) and not c.has_unit:
                continue
            prev_tok = doc[first.i - 1] if first.i > 0 else None
            if prev_tok is not None and prev_tok.i >= sent.start and not c.hedge and not c.has_unit:
                pl = prev_tok.lower_
                if pl in _NAME_WORDS and prev_tok.text[:1].isupper():
                    continue
                if (
                    prev_tok.pos_ == "PROPN"
                    and prev_tok.text[:1].isupper()
                    and pl not in _MONTHS_DAYS
                    and prev_tok.i > sent.start
                    and not c.scaled
                    and not prev_tok.is_punct
                    and prev_tok.ent_type_ not in ("NORP",)
                ):
                    continue
                if pl in _MONTHS_DAYS:
                    continue  # "April 19", "March 2023"
            # years and decades
            if re.fullmatch(r"\d{4}", raw) and 1000 <= float(raw) <= 2100 and not c.has_unit and not c.scaled:
                nxt = doc[first.i + 1] if first.i + 1 < len(doc) else None
                if not (
                    nxt is not None
                    and nxt.tag_ in ("NNS", "NNPS")
                    and nxt.lower_ not in _TIME_WORDS
                    and first.dep_ == "nummod"
                ):
                    continue
            # durations: "two weeks", "10 years", "three-day visit"
            after_tok = doc[span[-1].i + 1] if span[-1].i + 1 < len(doc) else None
            if not c.has_unit and after_tok is not None and after_tok.lower_ in _TIME_WORDS:
                continue
            if (
                not c.has_unit
                and after_tok is not None
                and after_tok.text == "-"
                and after_tok.i + 1 < len(doc)
                and doc[after_tok.i + 1].lower_ in _TIME_WORDS
            ):
                continue
            # ages: "Jane Doe, 45, said"
            if (
                prev_tok is not None
                and prev_tok.text == ","
                and after_tok is not None
                and after_tok.text == ","
                and prev_tok.i > 0
                and doc[prev_tok.i - 1].ent_type_ == "PERSON"
                and plain.isdigit()
                and int(plain) < 120
            ):
                continue
            if c.word_number and not c.scaled and not c.has_unit:
                v = c.value or 0
                if prev_tok is not None and prev_tok.lower_ in _DEFINITE and v <= 12:
                    continue  # "the two sides"
                if raw.lower() == "one":
                    if (
                        after_tok is None
                        or after_tok.lower_ in ("of", "another", "day", "time")
                        or first.dep_ != "nummod"
                        or (
                            prev_tok is not None
                            and prev_tok.lower_ in ("no", "that", "this", "each", "every", "any", "which", "the")
                        )
                    ):
                        continue
                elif first.dep_ not in ("nummod", "quantmod") and not (
                    after_tok is not None and after_tok.lower_ == "of"
                ):
                    continue
            # a verbless fragment (headline furniture, captions) keeps only figures with a unit or scale
            if not any(t.pos_ in ("VERB", "AUX") for t in sent) and len(sent) < 5 and not (c.has_unit or c.scaled):
                continue

        # ---- what is counted
        noun, counted, clause_tok = _find_counted(doc, span, c)
        if noun is not None and noun.lower_ in _TIME_WORDS and not c.has_unit:
            if noun.i <= span[-1].i + 2:
                continue  # "three years": a duration
            noun = None  # "230 to 234 late last year": the parser's attachment, not what is counted
        if noun is not None:
            if noun.pos_ == "PRON" or noun.lower_ in ("them", "those", "these", "they"):
                recent = [h for s_i, h in prev_heads if si - s_i <= 3]
                counted = recent[-1] if recent else noun.text
            else:
                after_i = span[-1].i if noun.i > span[-1].i else noun.i - 1
                if noun.i <= span[-1].i:
                    after_i = noun.i - 1
                # left modifiers that come after the number only
                counted = _np_text(
                    noun, after_i if noun.i > span[-1].i else max(after_i, noun.left_edge.i - 1), with_clause=True
                )
                head_word = noun.text
                # "the residence permits of 800,000 Afghans"
                if (
                    noun.dep_ == "pobj"
                    and noun.head.lower_ == "of"
                    and noun.head.head.pos_ == "NOUN"
                    and noun.head.head.lower_ not in _PARTITIVE
                    and noun.head.head.i < span.start
                    and c.kind == "number"
                ):
                    owner = noun.head.head
                    counted = _np_text(owner, owner.left_edge.i - 1, with_clause=False) + " of " + counted
                prev_heads.append((si, noun.text if noun.tag_ in ("NNS", "NNPS") else head_word))
                if noun.tag_ not in ("NNS", "NNPS") and noun.pos_ == "PROPN" and c.kind == "number":
                    prev_heads.pop()
        else:
            # a bare "1.3 million who hold ..." borrows the previous figure's head
            rc = _restrictive_clause(span[-1])
            if (
                rc is not None
                and doc[rc[0]].lower_ in ("who", "that", "whom")
                or (rc is not None and doc[rc[0]].tag_ == "VBG")
            ):
                recent = [h for s_i, h in prev_heads if si - s_i <= 4]
                head = recent[-1] if recent else "people"
                counted = head + " " + " ".join(doc[rc[0] : rc[1] + 1].text.split())
        if c.kind in ("fraction", "majority"):
            # "half of them were children" -> "children among Afghans"
            subj_tok = span[-1]
            pred = None
            if subj_tok.dep_ in ("nsubj", "nsubjpass") and subj_tok.head.lemma_ == "be":
                attrs = [a for a in subj_tok.head.children if a.dep_ in ("attr", "acomp")]
                if attrs:
                    pred = _np_text(attrs[0], attrs[0].left_edge.i - 1, with_clause=False)
                    counted = f"{pred} among {counted}" if counted else pred
            if pred is None:
                # the parser often mangles "half of them were children": read the surface
                j = span[-1].i + 1
                if j < len(doc) and doc[j].lower_ == "of":
                    objs = [g for g in doc[j].children if g.dep_ == "pobj"]
                    j = (objs[0].right_edge.i if objs else j) + 1
                if j + 1 < len(doc) and doc[j].lemma_ == "be" and doc[j + 1].pos_ in ("NOUN", "ADJ"):
                    pred = doc[j + 1].text
                    counted = f"{pred} among {counted}" if counted else pred
        if counted is None and c.kind == "number":
            counted = _subject_counted(doc, span)
        if (
            c.kind == "number"
            and noun is None
            and counted is None
            and c.word_number
            and not c.scaled
            and not c.has_unit
        ):
            continue  # a bare small word number with nothing counted: "one", "two of"

        # ---- period: a time expression governed by the same verb
        verb = _clause_verb(clause_tok if clause_tok is not None else span[-1])
        period = period_value = None
        if verb is not None:
            best = None
            for tm in tspans:
                if not (sent.start_char <= tm.start < sent.end_char):
                    continue
                if tm.start < c.end and c.start < tm.end:
                    continue
                tspan = _tokens(doc, tm.start, tm.end)
                if tspan is None or len(tspan) == 0:
                    continue
                troot = tspan.root
                if troot.pos_ in ("VERB", "AUX"):
                    continue
                if troot.dep_ == "pobj" and troot.head.lower_ == "of" and troot.head.head.pos_ in ("NOUN", "PROPN"):
                    continue  # "the act of 1985": part of a name or description
                if tspan.end < len(doc) and doc[tspan.end].lower_ in ("after", "before", "later", "earlier", "ago"):
                    continue  # "a day after ...": an anchor, not the period counted
                tv = _clause_verb(troot)
                if tv is None or tv.i != verb.i or (tm.value or "") in _REF_TIMES:
                    continue
                # attached to the verb adverbially, or inside the same phrase as the figure
                t_under = _under(troot, verb)
                q_under = _under(span[-1], verb)
                if t_under is None or (t_under.dep_ not in _ADVERBIAL and (q_under is None or q_under.i != t_under.i)):
                    continue
                # another figure in between owns it: "53,000, up from 49,000 in December"
                lo_c, hi_c = sorted((c.end, tm.start)) if tm.start >= c.end else sorted((tm.end, c.start))
                if any(lo_c <= o.num_start and o.num_end <= hi_c for o in cands if o is not c):
                    continue
                # a time right after another figure is that figure's: "10.13 bln in 1986 from 17.48 bln"
                if tm.end <= c.start and any(
                    o is not c
                    and o.end <= tm.start
                    and re.fullmatch(r"[\s,]*(?:in|for|during|of)?\s*", text[o.end : tm.start])
                    for o in cands
                ):
                    continue
                ps, pe = _period_text(tspan)
                prep = doc[_tokens(doc, ps, ps + 1)[0].i].lower_ if ps < tm.start else ""
                score = (
                    0 if prep in _PERIOD_PREPS or (tm.type or "") == "DURATION" or prep == "" else 1,
                    abs(tm.start - c.start),
                )
                if best is None or score < best[0]:
                    best = (score, ps, pe, tm)
            if best is not None:
                _, ps, pe, tm = best
                period = " ".join(text[ps:pe].split())
                period_value = _period_value(period, tm)

        # ---- attribution
        attributed = None
        for f in frames:
            if f.start <= ns and ne <= f.end:
                attributed = _attribution(f)
                if attributed:
                    break
        if attributed is None and verb is not None:
            v = verb
            for _ in range(3):
                if speech_lemma(v) in _REPORT_VERBS and v.pos_ in ("VERB", "AUX"):
                    subj = _subject(v)
                    if subj is not None and not (subj.left_edge.i <= first.i <= subj.right_edge.i):
                        if subj.pos_ == "PRON":
                            prior = [f for f in frames if f.start < ns and f.speaker]
                            if subj.lower_ in ("he", "she") and prior:
                                attributed = prior[-1].speaker
                        else:
                            attributed = _np_span(subj).text
                    break
                if v.dep_ in ("xcomp", "ccomp", "conj", "advcl") and v.head is not v:
                    v = v.head
                    continue
                break

        out.append(
            Quantity(
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                value=c.value,
                low=c.low,
                high=c.high,
                unit=c.unit,
                counted=counted,
                period=period,
                period_value=period_value,
                attributed_to=attributed,
                hedge=c.hedge,
                sentence=si,
            )
        )
    return out
