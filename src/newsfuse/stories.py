"""Stories: group reports of the same event.

Thin first version: articles sharing enough named entities within a few days
are one story (single-link).
"""

from __future__ import annotations

from datetime import date

from newsfuse.records import Article, Extraction, Story

MIN_SHARED = 3
MAX_DAYS = 4


def _keys(extraction: Extraction) -> set[str]:
    return {e.name.lower() for e in extraction.entities if e.type in ("PERSON", "ORG", "PLACE")}


def _days_apart(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def group_stories(articles: list[Article], extractions: dict[str, Extraction]) -> list[Story]:
    """Stories over ``articles`` (extractions keyed by article id), oldest article first."""
    parent = list(range(len(articles)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [_keys(extractions[a.id]) for a in articles]
    for i in range(len(articles)):
        for j in range(i):
            close = _days_apart(articles[i].published, articles[j].published) <= MAX_DAYS
            if close and len(keys[i] & keys[j]) >= MIN_SHARED:
                parent[find(i)] = find(j)
    groups: dict[int, list[Article]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(find(i), []).append(article)
    stories = []
    for members in groups.values():
        ids = sorted(a.id for a in members)
        stories.append(
            Story(id="s" + ids[0][:10], title=members[0].title or members[0].text[:80], articles=ids)
        )
    return stories
