"""Helpers shared by the fusion steps: source names, origin families, citations."""

from __future__ import annotations

import os
import re
from urllib.parse import urlparse

from newsfuse.records import Article, Citation, Story


def source_name(article: Article) -> str:
    """A name a reader recognises for the outlet of ``article``."""
    if article.source:
        return article.source
    if article.url:
        host = urlparse(article.url).netloc.lower()
        if host:
            return host.removeprefix("www.")
    if article.dateline and article.dateline.agency:
        return article.dateline.agency
    if article.title:
        return f"“{clip(article.title, 48)}”"
    return os.path.basename(article.path) or article.id


def origin_of(story: Story) -> dict[str, int]:
    """Article id -> index of its origin family in ``story.origins`` (one family per article if unset)."""
    index: dict[str, int] = {}
    for i, family in enumerate(story.origins):
        for article_id in family:
            index[article_id] = i
    next_index = len(story.origins)
    for article_id in story.articles:
        if article_id not in index:
            index[article_id] = next_index
            next_index += 1
    return index


def origins_cited(mentions: list[Citation], origin: dict[str, int]) -> set[int]:
    return {origin.get(m.article, -1) for m in mentions}


def clip(text: str, limit: int = 160) -> str:
    """``text`` on one line, cut at a word boundary near ``limit`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
