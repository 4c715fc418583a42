"""The report as one JSON-ready dict (schema ``newsfuse.report/1``, docs/report.schema.json)."""

from __future__ import annotations

from typing import Any

from newsfuse.records import Article, Extraction, Story

SCHEMA = "newsfuse.report/1"


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "source": article.source,
        "agencies": article.agencies,
        "title": article.title,
        "published": article.published,
        "published_inferred": article.published_inferred,
        "language": article.language,
        "dateline": None
        if article.dateline is None
        else {"text": article.dateline.text, "places": article.dateline.places},
        "text": article.text,
        "removed": [r.to_dict() for r in article.removed],
        "standfirst": article.standfirst,
        "author": article.author,
        "headings": [h.to_dict() for h in article.headings],
        "url": article.url,
    }


def story_json(story: Story | dict[str, Any]) -> dict[str, Any]:
    """A story of the report; from the record or from its stored form (``Story.to_dict()``, as the store
    keeps it), which gives the same object without building the dataclasses."""
    data = story.to_dict() if isinstance(story, Story) else story
    data["events"] = [{**e, "mentions": [_citation(c) for c in e["mentions"]]} for e in data["events"]]
    data["claims"] = [{**c, "mentions": [_citation(m) for m in c["mentions"]]} for c in data["claims"]]
    return data


def _citation(citation: dict[str, Any]) -> dict[str, Any]:
    return {k: citation[k] for k in ("article", "sentence", "start", "end", "attributed_to")}


def build_report(articles: list[Article], stories: list[Story] | list[dict[str, Any]]) -> dict[str, Any]:
    """The report of ``stories`` with the ``articles`` they cite."""
    return {
        "schema": SCHEMA,
        "articles": [article_json(a) for a in articles],
        "stories": [story_json(s) for s in stories],
    }


def extraction_json(extraction: Extraction, input_id: str | None = None) -> dict[str, Any]:
    """``newsfuse extract``'s object: every item with ``start``, ``end`` and ``text`` into ``text``."""
    data = extraction.to_dict()
    if input_id is not None:
        data["id"] = input_id
    for entity in data["entities"]:
        first = entity["mentions"][0] if entity["mentions"] else {"start": None, "end": None, "text": entity["name"]}
        entity.update(start=first["start"], end=first["end"], text=first["text"])
    return data
