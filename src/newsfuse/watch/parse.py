"""Parsing what the watcher fetched: feeds, sitemaps, OPML lists and article pages. Functions of bytes only:
nothing here fetches (feedparser and the sitemap parser are given the bytes the watcher fetched itself)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from time import struct_time

from newsfuse.clean.html import extract_html
from newsfuse.watch.urls import normalise_url

logging.getLogger("usp").setLevel(logging.CRITICAL)  # it logs every odd sitemap; we report our own errors


@dataclass
class Entry:
    """An article a feed or sitemap lists."""

    url: str  # normalised
    title: str | None = None
    published: str | None = None  # ISO date-time when the source gives one


@dataclass
class Listing:
    """What a feed or sitemap holds: its kind, the articles it lists, and (an index) the sitemaps it lists."""

    kind: str  # feed | sitemap | sitemapindex
    entries: list[Entry]
    sitemaps: list[str]


_ROOT = re.compile(rb"<(?:[\w.-]+:)?(urlset|sitemapindex|rss|feed|RDF)\b")


def sniff_kind(data: bytes) -> str | None:
    """feed | sitemap | sitemapindex by the first root element in the first 4 kB, or None."""
    m = _ROOT.search(data[:4096])
    if not m:
        return None
    return {b"urlset": "sitemap", b"sitemapindex": "sitemapindex"}.get(m.group(1), "feed")


def _iso(parsed: struct_time | None) -> str | None:
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=UTC).isoformat()


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> Listing:
    """The entries of an RSS or Atom feed. Raises ValueError (one line) when it is not a readable feed."""
    import feedparser

    headers = {"content-type": content_type} if content_type else {}
    feed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    entries = []
    for item in feed.entries:
        given = (item.get("link") or "").strip()
        link = normalise_url(given, base=url) if given else None
        if link:
            published = _iso(item.get("published_parsed") or item.get("updated_parsed"))
            entries.append(Entry(link, (item.get("title") or "").strip() or None, published))
    if not entries and feed.get("bozo") and not feed.get("feed"):
        raise ValueError(f"malformed feed ({_bozo(feed)})")
    if not entries and feed.get("bozo"):
        raise ValueError(f"malformed feed with no readable item ({_bozo(feed)})")
    return Listing("feed", entries, [])


def _bozo(feed: dict) -> str:
    exc = feed.get("bozo_exception")
    return " ".join(str(exc).split())[:160] if exc else "unreadable"


def parse_sitemap(data: bytes, url: str) -> Listing:
    """The pages of a (news) sitemap, or the sitemaps of a sitemap index (ultimate-sitemap-parser on our bytes:
    ``sitemap_from_str`` fetches nothing, an index's children come back unfetched). Raises ValueError."""
    from lxml import etree
    from usp.tree import sitemap_from_str

    try:  # the parser forgives a broken file silently (no pages): tell it apart from an empty one
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"malformed XML ({' '.join(str(exc).split())[:160]})") from None
    text = data.decode("utf-8", errors="replace")
    tree = sitemap_from_str(text)
    children = [normalise_url(s.url, base=url) for s in getattr(tree, "sub_sitemaps", [])]
    sitemaps = [c for c in children if c]
    entries = []
    for page in tree.all_pages() if not sitemaps else []:
        link = normalise_url(page.url, base=url)
        if not link:
            continue
        story = page.news_story
        when = (story.publish_date if story else None) or page.last_modified
        entries.append(Entry(link, story.title if story else None, when.isoformat() if when else None))
    return Listing("sitemapindex" if sitemaps else "sitemap", entries, sitemaps)


def parse_listing(data: bytes, url: str, content_type: str | None = None) -> Listing:
    """A feed or a sitemap, whichever the bytes are."""
    kind = sniff_kind(data)
    if kind in ("sitemap", "sitemapindex"):
        return parse_sitemap(data, url)
    if kind is None and not data.strip():
        raise ValueError("empty response")
    return parse_feed(data, url, content_type)


def parse_opml(data: bytes | str, where: str) -> list[tuple[str, str | None]]:
    """(url, title) of every feed an OPML list names. Raises ValueError naming ``where``."""
    import listparser

    result = listparser.parse(data)
    if result.bozo and not result.feeds:
        raise ValueError(f"{where}: not a readable OPML list ({result.bozo_exception})")
    feeds = []
    for feed in result.feeds:
        url = normalise_url(feed.url)
        if url:
            feeds.append((url, feed.title or None))
    if not feeds:
        raise ValueError(f"{where}: no feed in the OPML list")
    return feeds


# ------------------------------------------------------------------ pages
def header_charset(content_type: str | None) -> str | None:
    """The charset a Content-Type header names, if any."""
    m = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return m.group(1).lower() if m else None


# Walls: pages that stand in for the article (a paywall's teaser, a bot check). Told by a phrase together with
# little text, so an article that merely ends with "subscribe to read more" is still an article.
_WALL = re.compile(
    r"subscribe (?:now )?to (?:continue )?read|subscribers? only|for subscribers|already a subscriber|"
    r"to continue reading|sign in to (?:continue|read)|create a free account to (?:continue|read)|"
    r"checking (?:if the site connection is secure|your browser)|verify(?:ing)? (?:that )?you are (?:a )?human|"
    r"enable javascript and cookies|are you a robot|complete the security check|captcha|"
    r"access to this page has been denied|attention required",
    re.IGNORECASE,
)
WALL_MAX_WORDS = 150


def wall_reason(html: str) -> str | None:
    """Why the page is a paywall stub or a bot wall rather than an article, or None."""
    m = _WALL.search(html)
    if not m:
        return None
    words = len(extract_html(html).text.split())
    if words > WALL_MAX_WORDS:
        return None
    return f"blocked: '{m.group(0)}' with {words} words of text (a paywall or bot wall)"
