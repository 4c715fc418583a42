"""Clean: from a RawDocument to an Article (body, title, dateline, agencies, publication date).

Plain text goes through :mod:`newsfuse.clean.text` (find the article in the page
text, strip its noise); HTML goes through trafilatura (:mod:`newsfuse.clean.html`)
and then the same news-specific clean-up. Datelines, agencies and the
publication date are read the same way on both paths.
"""

from __future__ import annotations

import re

from newsfuse.clean.dateline import parse_dateline
from newsfuse.clean.html import extract_html
from newsfuse.clean.language import language_of
from newsfuse.clean.published import date_stamp, infer_year, normalise_date, page_date
from newsfuse.clean.text import TextResult, clean_text
from newsfuse.records import Article, RawDocument, content_id

__all__ = ["clean_document", "clean_text", "parse_dateline", "infer_year", "normalise_date"]


def clean_document(raw: RawDocument) -> Article:
    """The cleaned article of ``raw``. Raises ValueError when nothing usable is left."""
    meta_date = None
    title = raw.title
    source = raw.source
    url = raw.url
    author = None
    if raw.text is not None and raw.text.strip():
        res = clean_text(raw.text, title=title)
    elif raw.html is not None and raw.html.strip():
        page = extract_html(raw.html, url=url)
        if not page.text.strip():
            raise ValueError("no article text found (the page has no main content)")
        res = clean_text(page.text, title=title or page.title, find_boundaries=False)
        meta_date = page.date
        source = source or page.site
        author = page.author
        url = url or page.url
    else:
        raise ValueError("empty document")
    if not res.body.strip():
        raise ValueError("no article text found (nothing left after cleaning)")
    if not has_prose(res.body):
        raise ValueError(f"no article text found (only page furniture: {_excerpt(res.body)!r})")

    published, inferred = _published(raw.published, meta_date, res)
    dateline = res.dateline.dateline if res.dateline else None
    return Article(
        id=content_id(res.body),
        path=raw.path,
        text=res.body,
        source=source,
        title=res.title,
        standfirst=res.standfirst,
        author=author or _byline_author(res),
        url=url,
        input_id=raw.input_id,
        published=published,
        published_inferred=inferred,
        language=language_of(res.body),
        encoding=raw.encoding,
        dateline=dateline,
        agencies=list(res.agencies),
        headings=list(res.headings),
        removed=list(res.removed),
    )


MIN_PROSE_WORDS = 4  # words one phrase needs to be prose; a menu or a list of links has none that long
_MENU_SEPARATOR = re.compile(r"\s[|•·»>/]\s|\s{3,}|\t")
_WORD = re.compile(r"[^\W\d_]{2,}")


def has_prose(body: str) -> bool:
    """Whether ``body`` has a phrase of ``MIN_PROSE_WORDS`` words: navigation ("Home | About"), link
    lists and button labels never do, the shortest news brief does."""
    parts = (part for line in body.splitlines() for part in _MENU_SEPARATOR.split(line))
    return any(len(_WORD.findall(part)) >= MIN_PROSE_WORDS for part in parts)


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_BYLINE = re.compile(r"^\s*(?i:by)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*$")


def _byline_author(res: TextResult) -> str | None:
    """The name in a removed "By Jane Doe" line (a byline, whatever part of the page it was cut with)."""
    for removed in res.removed:
        if m := _BYLINE.match(removed.text):
            return m.group("name")
    return None


def _published(given: str | None, meta: str | None, res: TextResult) -> tuple[str | None, bool]:
    """Metadata first, then a dated line on the page, then the dateline (or a date stamp without a year)
    with its year inferred."""
    for value in (given, meta):
        date, year_missing = normalise_date(value)
        if date and not year_missing:
            return date, False
    lines = res.preamble[-15:] + [r.text for r in res.removed if r.reason in ("byline", "date stamp")]
    date = page_date(lines)
    if date:
        return date, False
    dm = res.dateline
    month_day = (dm.month, dm.day) if dm is not None and dm.month and dm.day else None
    if month_day and dm is not None and dm.year:
        return f"{dm.year:04d}-{dm.month:02d}-{dm.day:02d}", False
    if month_day is None:  # "Jul. 7 5:59 PM EDT"
        stamp = next((d for d in map(date_stamp, lines) if d), None)
        month_day = (int(stamp[5:7]), int(stamp[8:10])) if stamp else None
    if month_day:
        month, day = month_day
        year = infer_year(month, day, res.body, res.body.split("\n", 1)[0])
        if year:
            return f"{year:04d}-{month:02d}-{day:02d}", True
    return None, False
