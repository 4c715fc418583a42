"""Stories: group reports of the same event, and count their independent origins.

``group_stories`` is the batch entry point; ``StoryIndex`` the incremental one
(``add`` one article at a time, ``from_stories`` to continue from stored
stories). Near-duplicate copies and origin families live in ``copies``.
"""

from __future__ import annotations

from newsfuse.records import Article, Extraction, Story
from newsfuse.stories.copies import CopyDetector, find_copies, origins
from newsfuse.stories.index import StoryIndex

__all__ = ["CopyDetector", "StoryIndex", "arrival_order", "find_copies", "group_stories", "origins"]


def arrival_order(articles: list[Article]) -> list[Article]:
    """``articles`` oldest first; ties by id, so the order never depends on the input's.

    Undated articles come first: before any date is seen their stories stay
    undated (no time penalty, never closed), so a dated article of any time can
    still join them; coming last they would be taken for the newest articles
    and miss every story already closed. (Once dates flow, an undated article
    is taken to be as new as the newest one seen.)
    """
    return sorted(articles, key=lambda a: (a.published is not None, a.published or "", a.id))


def group_stories(
    articles: list[Article], extractions: dict[str, Extraction], **params: object
) -> list[Story]:
    """Stories over ``articles`` (extractions keyed by article id), with origins and independent sources.

    The articles are added to a fresh ``StoryIndex`` oldest first, so the
    result equals adding them one by one in that order.
    """
    index = StoryIndex(**params)  # type: ignore[arg-type]
    for article in arrival_order(articles):
        index.add(article, extractions[article.id])
    return index.stories()
