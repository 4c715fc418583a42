"""The HTML path: trafilatura finds the main content and the page's metadata.

trafilatura is the best-scoring open extractor on Zyte's article-extraction
benchmark; we run it tuned for precision with comments left out (a reader's
view of the article), then pass its text through the same news-specific
clean-up as scraped text (captions, credits, teasers, sign-offs, datelines).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class HtmlContent:
    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD, from the page's metadata
    author: str | None = None
    site: str | None = None
    url: str | None = None


def _roomy_regex_cache() -> None:
    """Let the regex module keep every pattern dateparser compiles: for a page without date metadata,
    htmldate asks dateparser, which compiles one pattern per locale (over 1,000), more than the module's
    cache of 500 holds, so every such page compiled them all again (seconds per page)."""
    import regex._main

    regex._main._MAXCACHE = max(regex._main._MAXCACHE, 4096)


def extract_html(html: str, url: str | None = None) -> HtmlContent:
    """Main text and metadata of an HTML page ("" when trafilatura finds no article)."""
    import trafilatura

    _roomy_regex_cache()

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
    )
    if doc is None:
        return HtmlContent(text="")
    return HtmlContent(
        text=doc.text or "",
        title=doc.title or None,
        date=doc.date or None,
        author=doc.author or None,
        site=doc.sitename or None,
        url=doc.url or url,
    )
