"""Dating undated reports from their story.

A scraped page often carries no date at all (the first seed article names
only weekdays). Reports of one story are published within days of each
other, so such a report is dated by the earliest dated report of its story,
flagged ``published_inferred``; relative times in it ("on Saturday") can then
be normalised.
"""

from __future__ import annotations

from newsfuse.records import Article, Story


def dates_from_stories(stories: list[Story], articles: dict[str, Article]) -> dict[str, str]:
    """Publication dates for the undated articles of ``stories`` that have a dated sibling."""
    dated: dict[str, str] = {}
    for story in stories:
        known = sorted(articles[a].published for a in story.articles if articles[a].published)
        if not known:
            continue
        for article_id in story.articles:
            if not articles[article_id].published:
                dated[article_id] = known[0]
    return dated
