"""Timeline: dated events, claims and background dates of a story, in time order.

Dates keep their true precision (a day, a month, a year, a decade: the
TimeML value as is); they sort by the first day they cover, coarser first
on ties, so "2025-04" comes before "2025-04-19" and "1979" before "199"
(the 1990s).
"""

from __future__ import annotations

import re
from datetime import date

from newsfuse.fuse.claims import value_range
from newsfuse.fuse.common import clip
from newsfuse.records import Citation, Extraction, TimelineEntry

_DATE_VALUE = re.compile(r"^\d{3,4}(-\d{2}(-\d{2}(T[\w:.]+)?)?|-W\d{2})?$")


def is_date_value(value: str | None) -> bool:
    """A calendar date at some precision (not a duration, set or PAST_REF)."""
    return bool(value and _DATE_VALUE.match(value))


def sort_key(value: str) -> tuple[date, int]:
    span = value_range(value, None)
    if span is None:
        return date.max, 0
    return span[0], -(span[1] - span[0]).days


def sentence_text(ex: Extraction, index: int | None) -> str:
    if index is None or not 0 <= index < len(ex.sentences):
        return ""
    s = ex.sentences[index]
    return ex.text[s.start : s.end]


def background(
    extractions: list[Extraction], used: set[tuple[str, int | None, str]], busy: set[tuple[str, int]]
) -> list[TimelineEntry]:
    """Dated background facts: date expressions in sentences with an event or a figure, and every
    year- or decade-precision date (history the story leans on), summarised by their sentence."""
    entries: list[TimelineEntry] = []
    seen: set[tuple[str, str]] = set()
    for ex in extractions:
        for t in ex.times:
            if t.type != "DATE" or not is_date_value(t.value) or t.sentence is None:
                continue
            coarse = len(t.value) <= 4
            if not coarse and (ex.id, t.sentence) not in busy:
                continue
            if (ex.id, t.sentence, t.value) in used:
                continue
            summary = clip(sentence_text(ex, t.sentence), 160)
            key = (t.value, " ".join(summary.lower().split()))
            if not summary or key in seen:
                continue
            seen.add(key)
            cite = Citation(article=ex.id, sentence=t.sentence, start=t.start, end=t.end)
            entries.append(TimelineEntry(date=t.value, summary=summary, mentions=[cite]))
    return entries


def order(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    return sorted(entries, key=lambda e: sort_key(e.date))
