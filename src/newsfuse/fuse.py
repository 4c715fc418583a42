"""Fuse: one account per story from the extractions of its articles.

Thin first version: entities merged by name; each article its own origin
unless articles share an agency.
"""

from __future__ import annotations

from newsfuse.records import Article, Extraction, Story, StoryEntity


def origins(articles: list[Article]) -> list[list[str]]:
    """Origin families: articles that share an agency count as one origin."""
    families: list[tuple[set[str], list[str]]] = []
    for article in articles:
        agencies = set(article.agencies)
        for fam_agencies, members in families:
            if agencies & fam_agencies:
                fam_agencies |= agencies
                members.append(article.id)
                break
        else:
            families.append((agencies, [article.id]))
    return [members for _, members in families]


def fuse_story(story: Story, articles: dict[str, Article], extractions: dict[str, Extraction]) -> Story:
    """``story`` with its fused entities and origin count."""
    members = [articles[a] for a in story.articles]
    story.origins = origins(members)
    story.independent_sources = len(story.origins)
    merged: dict[tuple[str, str], StoryEntity] = {}
    for article in members:
        for entity in extractions[article.id].entities:
            key = (entity.type, entity.name.lower())
            fused = merged.get(key)
            if fused is None:
                fused = StoryEntity(id=f"{story.id}-e{len(merged) + 1}", name=entity.name, type=entity.type)
                merged[key] = fused
            for value, into in ((entity.aliases, fused.aliases), (entity.roles, fused.roles)):
                into.extend(v for v in value if v not in into)
            fused.country = fused.country or entity.country
            fused.code = fused.code or entity.code
            fused.place = fused.place or entity.place
            if article.id not in fused.articles:
                fused.articles.append(article.id)
    story.entities = list(merged.values())
    return story
