"""Claims: the figures of a story, grouped by what they measure, checked for agreement.

Written here rather than taken from a library: no package decides whether
two hedged news figures ("more than 85,000" vs "nearly 85,000") can both be
true; it takes a dozen lines of interval arithmetic.

* Interval: each figure becomes the set of true values its wording allows:
  "more than / over N" -> (N, inf); "at least N" -> [N, inf); "nearly /
  almost N" -> [0.9N, N); "fewer than N" -> [0, N); "up to N" -> [0, N];
  "about N" -> [0.9N, 1.1N]; a bare round number -> N plus or minus half its
  rounding unit (84,000 -> [83,500, 84,500)). Two figures agree when their
  intervals meet.
* Measure: the unit (a share such as "the majority" is never compared with a
  count), the head noun of what is counted (singular, lower case: "Afghans"
  -> "afghan"), the predicate class of the nearest predicate word ("expelled",
  "deported", "crossed into", "deportations" -> departed; "fled" -> fled) and
  whether it is done or only intended ("a campaign to evict 800,000" ->
  intended). The extractor's events in the same sentence give the predicate
  when their span covers the figure. People targeted for expulsion and people
  already expelled are different measures, so they never conflict.
* Period: figures of one measure form one group only when their periods
  overlap for most of their length ("this month" and "in just over two
  weeks" do; "in 2023" and "this month" do not); a missing period fits any.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from newsfuse.extract.quantities import hedge_kind
from newsfuse.fuse.events import INTENDED_MODALITIES, stem
from newsfuse.records import Article, Citation, Claim, Discrepancy, Event, Extraction, Quantity

INF = math.inf


def _words(text: str) -> set[str]:
    return set(text.split())


NEARLY_FLOOR = 0.9
ABOUT_SPREAD = 0.1

PREDICATE_CLASSES: dict[str, str] = {}
for _cls, _stems in {
    "departed": "expel deport repatriat evict cross return remov push sent send forc exit depart leave "
    "oust exodus",
    "fled": "flee escap",
    "sheltered": "shelter host",
    "killed": "kill die dead murder slain",
    "injured": "injur wound hurt",
    "arrested": "arrest detain custody jail imprison",
    "displaced": "displac homeless",
    "missing": "missing",
    "evacuated": "evacuat",
    "rescued": "rescu",
    "cancelled": "cancel revok",
    "demanded": "demand",
    "offered": "offer",
    "agreed": "agree deal settle",
}.items():
    for _w in _stems.split():
        PREDICATE_CLASSES[_w] = _cls
SAME_HEAD = {"rise": "increase", "raise": "increase", "hike": "increase", "people": "person"}
LABELS = {"departed": "expelled or deported", "fled": "who fled", "sheltered": "sheltering"}
NOMINALISED = _words(
    "deportation expulsion eviction arrest death killing return arrival crossing casualty "
    "evacuation injury repatriation departure"
)
INTENT_BEFORE = _words(
    "to will would plan plans planned aim aims target targets face facing must could may "
    "might threatened threatens"
)
DONE_BEFORE_TO = {"forced", "had", "were", "was", "managed", "chose", "able"}
_CUT = _words(
    "who which that whose with from in on at by since for to of into across during after "
    "before holding living issued this last next alone so per each every until till as among "
    "including"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        """Whether some value lies in both intervals."""
        low = max(self.low, other.low)
        high = min(self.high, other.high)
        if low != high:
            return low < high
        low_open = (self.low == low and self.low_open) or (other.low == low and other.low_open)
        high_open = (self.high == high and self.high_open) or (other.high == high and other.high_open)
        return not (low_open or high_open)


def rounding_unit(value: float) -> float:
    """10^k for the trailing zeros of a round figure: 84,000 -> 1,000; 1.3 million -> 100,000."""
    if value <= 0 or value != int(value):
        return 0.0
    number, unit = int(value), 1
    while number % 10 == 0 and number >= 10:
        number //= 10
        unit *= 10
    return float(unit) if unit > 1 else 0.0


def interval(q: Quantity) -> Interval | None:
    """The values the wording of ``q`` allows; None when it has no number."""
    v = q.value
    kind = hedge_kind(q.hedge)
    if v is None:
        if q.low is None and q.high is None:
            return None
        return Interval(q.low if q.low is not None else 0.0, q.high if q.high is not None else INF)
    if kind == "above":
        return Interval(v, INF, low_open=True)
    if kind == "at-least":
        return Interval(v, INF)
    if kind == "nearly":
        return Interval(v * NEARLY_FLOOR, v, high_open=True)
    if kind == "below":
        return Interval(0.0, v, high_open=True)
    if kind == "at-most":
        return Interval(0.0, v)
    if kind == "about":
        return Interval(v * (1 - ABOUT_SPREAD), v * (1 + ABOUT_SPREAD))
    if q.low is not None or q.high is not None:
        low = q.low if q.low is not None else 0.0
        high = q.high if q.high is not None else INF
        if not (low == high == v):
            return Interval(low, high)
    half = rounding_unit(v) / 2
    return Interval(v - half, v + half, high_open=half > 0)


# ------------------------------------------------------------------ measure
def counted_key(counted: str | None) -> tuple[str | None, str | None]:
    """(head of what is counted, predicate class a nominalised head implies): "Afghan deportations"."""
    if not counted:
        return None, None
    words = [w.lower() for w in _WORD.findall(counted)]
    kept: list[str] = []
    for w in words:
        if w in _CUT and kept:
            break
        kept.append(w)
    kept = [w for w in kept if w not in {"the", "a", "an", "of", "them", "those"}]
    if not kept:
        return None, None
    head = _singular(kept[-1])
    if head in NOMINALISED and len(kept) > 1:
        return _singular(kept[-2]), _predicate_class(head)
    return SAME_HEAD.get(head, head), None


def _singular(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _predicate_class(word: str) -> str | None:
    w = word.lower()
    for prefix, cls in PREDICATE_CLASSES.items():
        if w.startswith(prefix) or stem(w).startswith(prefix):
            return cls
    return None


@dataclass
class Measure:
    counted: str | None
    predicate: str  # class ("departed") or stem of the nearest verb-like word, "" if none
    intended: bool
    phrase: tuple[int, int]  # span covering the figure and its predicate


def measure(q: Quantity, sentence: tuple[int, int], text: str, events: list[Event]) -> Measure:
    """What ``q`` counts, the predicate it stands in, and whether that is only intended."""
    counted, predicate = counted_key(q.counted)
    intended = False
    event = _covering_event(q, events)
    if event is not None:
        intended = event.modality in INTENDED_MODALITIES
        predicate = predicate or _predicate_class(event.mode or "") or _predicate_class(event.text)
    found = _nearest_predicate(q, sentence, text)
    phrase = (q.start, _counted_end(q, text, sentence[1]))
    if found is not None:
        cls, start, end, before = found
        predicate = predicate or cls
        intended = intended or _intends(before)
        phrase = (min(phrase[0], start), max(phrase[1], end))
    return Measure(counted, predicate or "", intended, phrase)


def _covering_event(q: Quantity, events: list[Event]) -> Event | None:
    for event in events:
        for span in (event.target, event.actor):
            if span is not None and span.start <= q.start and q.end <= span.end:
                return event
    return None


AUXILIARIES = _words(
    "have has had been be being was were is are will would who which that alone all also "
    "already reportedly now so far"
)


def _nearest_predicate(
    q: Quantity, sentence: tuple[int, int], text: str, window: int = 10, reach: int = 3
) -> tuple[str, int, int, list[str]] | None:
    """The predicate-class word nearest the figure in its sentence: class, span, the two words before it.

    Distance counts words between it and the figure, not counting what is counted or auxiliaries
    ("85,000 Afghans have been expelled": distance 0), at most ``reach``; on a tie the word after
    the figure wins."""
    s_start, s_end = _clause(q, sentence, text)
    left = [
        (m.start() + s_start, m.end() + s_start, m.group()) for m in _WORD.finditer(text[s_start : q.start])
    ]
    right = [(m.start() + q.end, m.end() + q.end, m.group()) for m in _WORD.finditer(text[q.end : s_end])]
    counted = {w.lower() for w in _WORD.findall(q.counted or "")}
    candidates = []
    distance = 0
    for start, end, word in reversed(left[-window:]):
        candidates.append((distance, 1, start, end, word))
        distance += word.lower() not in AUXILIARIES
    distance = 0
    for start, end, word in right[:window]:
        candidates.append((distance, 0, start, end, word))
        distance += word.lower() not in AUXILIARIES | counted
    candidates = sorted((c for c in candidates if c[0] <= reach), key=lambda c: (c[0], c[1]))
    words_all = left + right
    for _, _, start, end, word in candidates:
        cls = _predicate_class(word)
        if cls:
            index = next(i for i, w in enumerate(words_all) if w[0] == start)
            before = [w[2].lower() for w in words_all[max(0, index - 2) : index]]
            if before and before[-1] == "to" and index > 0:
                start = words_all[index - 1][0]
            return cls, start, end, before
    return None


_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]{1,2}\s|[–—]")


def _clause(q: Quantity, sentence: tuple[int, int], text: str) -> tuple[int, int]:
    """The stretch of the sentence around the figure between clause punctuation."""
    start, end = sentence
    for m in _CLAUSE_BREAK.finditer(text, start, q.start):
        start = m.end()
    after = _CLAUSE_BREAK.search(text, q.end, end)
    return start, after.start() if after else end


def _counted_end(q: Quantity, text: str, limit: int) -> int:
    """End of the counted words when they follow the figure closely ("over 800,000 Afghans")."""
    if not q.counted:
        return q.end
    for words in (q.counted, q.counted.split()[-1]):
        at = text.find(words, q.end, min(limit, q.end + len(q.counted) + 30))
        if at >= 0:
            return at + len(words)
    return q.end


def _intends(before: list[str]) -> bool:
    if not before:
        return False
    if before[-1] == "to":
        return len(before) < 2 or before[-2] not in DONE_BEFORE_TO
    return before[-1] in INTENT_BEFORE


# ------------------------------------------------------------------- period
def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def value_range(value: str | None, published: str | None) -> tuple[date, date] | None:
    """The days a TimeML value covers (durations end at publication); None if unknown."""
    if not value:
        return None
    anchor = _parse_day(published) if published else None
    if "/" in value:
        a, b = (value_range(v, published) for v in value.split("/", 1))
        return (a[0], b[1]) if a and b else None
    m = re.fullmatch(r"P(\d+(?:\.\d+)?)([DWMY])", value)
    if m:
        if anchor is None:
            return None
        days = float(m.group(1)) * {"D": 1, "W": 7, "M": 30.4, "Y": 365.25}[m.group(2)]
        return anchor - timedelta(days=round(days)), anchor
    m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if m:
        start = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return start, start + timedelta(days=6)
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return None
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return date(year, month, 1), end
    m = re.fullmatch(r"(\d{3,4})", value)
    if m:
        if len(value) == 3:  # a decade: "199" is the 1990s
            return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
        return date(int(value), 1, 1), date(int(value), 12, 31)
    day = _parse_day(value)
    return (day, day) if day else None


def period_range(q: Quantity, published: str | None) -> tuple[date, date] | None:
    """The days ``q``'s period covers, cut at publication ("this month", "since the start of April")."""
    span = value_range(q.period_value, published)
    if span is None:
        return None
    anchor = _parse_day(published) if published else None
    start, end = span
    if q.period and q.period.lower().strip().startswith("since") and anchor:
        end = anchor
    if anchor and start <= anchor < end:
        end = anchor
    return start, end


def periods_compatible(a: tuple[date, date] | None, b: tuple[date, date] | None, share: float = 0.4) -> bool:
    if a is None or b is None:
        return True
    overlap = (min(a[1], b[1]) - max(a[0], b[0])).days + 1
    longest = max((a[1] - a[0]).days, (b[1] - b[0]).days) + 1
    return overlap > 0 and overlap / longest >= share


# ------------------------------------------------------------------ fusion
@dataclass
class Figure:
    article: str
    quantity: Quantity
    interval: Interval | None
    measure: Measure
    period: tuple[date, date] | None
    text: str


def collect_figures(articles: list[Article], extractions: dict[str, Extraction]) -> list[Figure]:
    figures = []
    for article in articles:
        ex = extractions[article.id]
        published = ex.published or article.published
        for q in ex.quantities:
            sentence = _sentence_span(ex, q)
            same_sentence = [e for e in ex.events if e.sentence is None or e.sentence == q.sentence]
            m = measure(q, sentence, ex.text, same_sentence)
            text = " ".join(ex.text[m.phrase[0] : m.phrase[1]].split())
            if q.period and q.period.lower() not in text.lower():
                text += f" ({q.period})"
            figures.append(Figure(article.id, q, interval(q), m, period_range(q, published), text))
    return figures


def _sentence_span(ex: Extraction, q: Quantity) -> tuple[int, int]:
    if q.sentence is not None and 0 <= q.sentence < len(ex.sentences):
        s = ex.sentences[q.sentence]
        return s.start, s.end
    for s in ex.sentences:
        if s.start <= q.start < s.end:
            return s.start, s.end
    return max(0, q.start - 200), min(len(ex.text), q.end + 200)


def group_figures(figures: list[Figure]) -> list[list[Figure]]:
    """Figures measuring the same thing over overlapping periods. A figure whose predicate is
    unknown joins a group only where the very same figure of the same counted thing already is
    (the same claim worded differently, or a copy); else it stays alone."""
    groups: list[list[Figure]] = []
    by_key: dict[tuple, list[int]] = {}
    measured = [f for f in figures if f.measure.counted and f.measure.predicate]
    for figure in measured + [f for f in figures if not (f.measure.counted and f.measure.predicate)]:
        m = figure.measure
        unit = (figure.quantity.unit or "").lower() or None
        same = (
            "same figure",
            m.counted or figure.quantity.counted,
            unit,
            figure.quantity.value,
            figure.interval,
        )
        if m.counted and m.predicate:
            lookup = ("measure", m.counted, m.predicate, m.intended, unit)
            register = [lookup, same]
        else:
            lookup, register = same, [same]
        chosen = next(
            (
                n
                for n in by_key.get(lookup, [])
                if all(periods_compatible(figure.period, other.period) for other in groups[n])
            ),
            None,
        )
        if chosen is None:
            chosen = len(groups)
            groups.append([])
        groups[chosen].append(figure)
        for key in register:
            if chosen not in by_key.setdefault(key, []):
                by_key[key].append(chosen)
    return groups


def merge_claims(group: list[Figure]) -> list[list[Figure]]:
    """Within a group, the figures that state the same number with the same hedge are one claim."""
    claims: list[list[Figure]] = []
    for figure in group:
        for claim in claims:
            if claim[0].interval == figure.interval and claim[0].quantity.value == figure.quantity.value:
                claim.append(figure)
                break
        else:
            claims.append([figure])
    return claims


def to_claim(claim_id: str, group_id: str | None, figures: list[Figure]) -> Claim:
    first = figures[0]
    q = first.quantity
    span = first.interval
    return Claim(
        id=claim_id,
        text=first.text,
        value=q.value,
        low=round(span.low, 6) if span and span.low not in (0.0, -INF) else None,
        high=round(span.high, 6) if span and span.high != INF else None,
        unit=q.unit,
        counted=q.counted,
        period=next((f.quantity.period for f in figures if f.quantity.period), None),
        group=group_id,
        mentions=[
            Citation(
                f.article, f.quantity.sentence, f.quantity.start, f.quantity.end, f.quantity.attributed_to
            )
            for f in figures
        ],
    )


def conflicts(claims: list[list[Figure]]) -> list[tuple[int, int]]:
    """Pairs of claims (indexes) in one group whose figures cannot both be true."""
    pairs = []
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            a, b = claims[i][0].interval, claims[j][0].interval
            if a is not None and b is not None and not a.meets(b):
                pairs.append((i, j))
    return pairs


def describe_conflict(a: list[Figure], b: list[Figure], source: dict[str, str], measure_name: str) -> str:
    """One line a reader understands: who says what, and that both cannot be true."""
    fa = a[0]
    said_a, said_b = _said(a), _said(b)
    if {f.article for f in a} == {f.article for f in b} and len({f.article for f in a}) == 1:
        who = source[fa.article]
        return (
            f"{who} contradicts itself on {measure_name}: it gives {said_a} and, in the same article, "
            f"{said_b}; both cannot be true."
        )
    who_a = ", ".join(sorted({source[f.article] for f in a}))
    who_b = ", ".join(sorted({source[f.article] for f in b}))
    return (
        f"Figures for {measure_name} disagree: {who_a} says {said_a}, {who_b} says {said_b}; "
        "both cannot be true."
    )


def _said(claim: list[Figure]) -> str:
    """“more than 12,000” (since Monday, citing the provincial government)."""
    q = claim[0].quantity
    cited = next((f.quantity.attributed_to for f in claim if f.quantity.attributed_to), None)
    notes = [n for n in (q.period, f"citing {cited}" if cited else None) if n]
    return f"“{_figure_words(claim[0])}”" + (f" ({', '.join(notes)})" if notes else "")


def _figure_words(figure: Figure) -> str:
    return " ".join(figure.quantity.text.split())


def measure_name(group: list[Figure]) -> str:
    """What a group measures, in words: "Afghans expelled", "Afghans to be evicted"."""
    plain = [f for f in group if f.quantity.counted and counted_key(f.quantity.counted)[1] is None]
    first = (plain or group)[0]
    counted = first.quantity.counted or "the figure"
    predicate = first.measure.predicate
    if _predicate_class(counted.split()[-1]) == predicate:
        predicate = ""
    predicate = LABELS.get(predicate, predicate)
    if first.measure.intended:
        predicate = f"to be {predicate}" if predicate else "targeted"
    return f"{counted} {predicate}".strip()


def figure_discrepancies(
    group_claims: list[tuple[list[list[Figure]], list[str]]], source: dict[str, str], origin: dict[str, int]
) -> tuple[list[Discrepancy], set[str]]:
    """Discrepancies of kind "figures" for every pair of conflicting claims of a group, and the ids of
    the disputed claims: those contradicted by another origin whose figure has as many origins behind
    it. A figure more origins support stands (12,000 from two origins against 9,500 from one: the
    first is corroborated, the second single-source, the discrepancy says both); a conflict inside
    one origin is an inconsistency of that origin, reported, but no dispute between origins."""
    found: list[Discrepancy] = []
    disputed: set[str] = set()
    for claims, ids in group_claims:
        name = measure_name([c[0] for c in claims])
        support = [{origin.get(f.article, -1) for f in claim} for claim in claims]
        for i, j in conflicts(claims):
            found.append(
                Discrepancy(
                    kind="figures",
                    summary=describe_conflict(claims[i], claims[j], source, name),
                    claims=[ids[i], ids[j]],
                )
            )
            if support[i] != support[j] and len(support[i]) == len(support[j]):
                disputed |= {ids[i], ids[j]}
    return found, disputed


def agreeing_origins(claims: list[list[Figure]], index: int, origin: dict[str, int]) -> set[int]:
    """Origins that state claim ``index`` or a figure of its group consistent with it ("over 84,000"
    backs "more than 85,000": both can be true of one count)."""
    mine = claims[index][0].interval
    origins = {origin.get(f.article, -1) for f in claims[index]}
    for j, other in enumerate(claims):
        if (
            j != index
            and mine is not None
            and other[0].interval is not None
            and mine.meets(other[0].interval)
        ):
            origins |= {origin.get(f.article, -1) for f in other}
    return origins
