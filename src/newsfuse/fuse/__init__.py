"""Fuse: one account per story from the extractions of its articles.

``fuse_story`` fills a Story (whose ``articles``, ``origins`` and
``independent_sources`` the stories stage has set) with:

* entities: one per referent across articles (``fuse.entities``);
* events: mentions of the same real event joined, each citing every article
  (``fuse.events``);
* claims: figures grouped by measure and period, checked for agreement
  (``fuse.claims``);
* statuses: ``corroborated`` when two or more independent origins report it
  (for a figure: state it or a consistent figure of the same measure);
  ``disputed`` when one side denies an event, or when origins give
  conflicting figures with equal support (see ``claims.figure_discrepancies``);
  else ``single-source``;
* discrepancies, per-source exclusives, quotes and the timeline
  (``fuse.timeline``).
"""

from __future__ import annotations

from newsfuse.fuse import claims as claims_mod
from newsfuse.fuse import events as events_mod
from newsfuse.fuse.common import origin_of, origins_cited, source_name
from newsfuse.fuse.entities import fuse_entities
from newsfuse.fuse.timeline import background, is_date_value, order, sentence_text
from newsfuse.records import (
    Article,
    Citation,
    Claim,
    Discrepancy,
    Extraction,
    Story,
    StoryEvent,
    StoryQuote,
    TimelineEntry,
)

__all__ = ["fuse_story"]


def fuse_story(story: Story, articles: dict[str, Article], extractions: dict[str, Extraction]) -> Story:
    """``story`` filled with its fused entities, events, claims, quotes, timeline and discrepancies."""
    members = [articles[a] for a in story.articles if a in articles and a in extractions]
    origin = origin_of(story)
    source = {a.id: source_name(a) for a in members}
    story.entities, entity_map = fuse_entities(story.id, members, extractions)
    names = {e.id: e.name for e in story.entities}

    story.events, event_discrepancies = _events(
        story, members, extractions, entity_map, names, origin, source
    )
    story.claims, claim_discrepancies = _claims(story, members, extractions, origin, source)
    story.discrepancies = event_discrepancies + claim_discrepancies
    story.exclusive = exclusives(story.events, story.claims, source)
    story.quotes = _quotes(members, extractions, entity_map, names)
    story.timeline = _timeline(story, members, extractions)
    story.title = headline(members) or story.title
    return story


def headline(members: list[Article]) -> str | None:
    """The story as it stands: the title of its most recent titled report (the longest on a tie)."""
    titled = [a for a in members if a.title]
    if not titled:
        return None
    return max(titled, key=lambda a: (a.published or "", len(a.text), a.id)).title


def _events(
    story: Story,
    members: list[Article],
    extractions: dict[str, Extraction],
    entity_map: dict[tuple[str, str], str],
    names: dict[str, str],
    origin: dict[str, int],
    source: dict[str, str],
) -> tuple[list[StoryEvent], list[Discrepancy]]:
    mentions = events_mod.collect_mentions(members, extractions, entity_map, story.entities)
    clusters = events_mod.cluster_mentions(mentions)
    position = {id(m): n for n, m in enumerate(mentions)}
    clusters.sort(
        key=lambda c: (-len({m.article for m in c.mentions}), min(position[id(m)] for m in c.mentions))
    )
    text_of = {a.id: extractions[a.id].text for a in members}
    fused = [
        events_mod.to_story_event(f"{story.id}-v{n}", c, names, text_of)
        for n, c in enumerate(clusters, start=1)
    ]
    for event in fused:
        event.status = "corroborated" if len(origins_cited(event.mentions, origin)) >= 2 else "single-source"
    return fused, _event_disputes(fused, clusters, mentions, members, extractions, source)


def _event_disputes(
    fused: list[StoryEvent],
    clusters: list[events_mod.Cluster],
    mentions: list[events_mod.Mention],
    members: list[Article],
    extractions: dict[str, Extraction],
    source: dict[str, str],
) -> list[Discrepancy]:
    """Mark disputed events (a negated report against an asserted one, an accusation reported denied)
    and describe each dispute."""
    found: list[Discrepancy] = []
    sentences = {}
    for ex in (extractions[a.id] for a in members):
        sentences.update({(ex.id, i): sentence_text(ex, i) for i in range(len(ex.sentences))})
    cluster_of = {id(m): n for n, c in enumerate(clusters) for m in c.mentions}
    contradicted: set[int] = set()
    for neg, pos in events_mod.contradictions(clusters):
        fused[neg].status = fused[pos].status = "disputed"
        contradicted |= {neg, pos}
        found.append(
            Discrepancy(
                kind="denial",
                summary=(
                    f"{fused[pos].summary} (reported by {_sources(fused[pos].mentions, source)}); "
                    f"denied or contradicted according to {_sources(fused[neg].mentions, source)}: "
                    f"{fused[neg].summary}"
                ),
                events=[fused[pos].id, fused[neg].id],
            )
        )
    denied = events_mod.denied_accusations(mentions, sentences)
    for n in sorted({cluster_of[id(mentions[i])] for i in denied} - contradicted):
        event = fused[n]
        event.status = "disputed"
        found.append(
            Discrepancy(
                kind="denial",
                summary=f"{event.summary}; the accused side denies it "
                f"(reported by {_sources(event.mentions, source)}).",
                events=[event.id],
            )
        )
    return found


def _sources(mentions: list[Citation], source: dict[str, str]) -> str:
    return ", ".join(sorted({source.get(m.article, m.article) for m in mentions}))


def _claims(
    story: Story,
    members: list[Article],
    extractions: dict[str, Extraction],
    origin: dict[str, int],
    source: dict[str, str],
) -> tuple[list[Claim], list[Discrepancy]]:
    figures = claims_mod.collect_figures(members, extractions)
    result: list[Claim] = []
    grouped: list[tuple[list[list[claims_mod.Figure]], list[str]]] = []
    statuses: dict[str, str] = {}
    group_number = 0
    for group in claims_mod.group_figures(figures):
        measured = bool(group[0].measure.counted and group[0].measure.predicate)
        group_id = None
        if measured:
            group_number += 1
            group_id = f"{story.id}-g{group_number}"
        merged = claims_mod.merge_claims(group)
        ids = []
        for n, figs in enumerate(merged):
            claim = claims_mod.to_claim(f"{story.id}-c{len(result) + 1}", group_id, figs)
            result.append(claim)
            ids.append(claim.id)
            agreeing = claims_mod.agreeing_origins(merged, n, origin)
            statuses[claim.id] = "corroborated" if len(agreeing) >= 2 else "single-source"
        grouped.append((merged, ids))
    found, disputed = claims_mod.figure_discrepancies(grouped, source, origin)
    for claim in result:
        claim.status = "disputed" if claim.id in disputed else statuses[claim.id]
    return result, found


def exclusives(events: list[StoryEvent], claims: list[Claim], source: dict[str, str]) -> dict[str, list[str]]:
    """Source -> ids of the events and claims only that source reports (empty for a one-source story)."""
    if len(set(source.values())) < 2:
        return {}
    only: dict[str, list[str]] = {}
    for item in [*events, *claims]:
        outlets = {source.get(m.article, m.article) for m in item.mentions}
        if len(outlets) == 1:
            only.setdefault(outlets.pop(), []).append(item.id)
    return only


def _quotes(
    members: list[Article],
    extractions: dict[str, Extraction],
    entity_map: dict[tuple[str, str], str],
    names: dict[str, str],
) -> list[StoryQuote]:
    quotes = []
    for article in members:
        for q in extractions[article.id].quotes:
            speaker = q.speaker
            if q.speaker_entity and (article.id, q.speaker_entity) in entity_map:
                speaker = names[entity_map[(article.id, q.speaker_entity)]]
            quotes.append(StoryQuote(speaker, q.text, q.direct, article.id, q.start, q.end))
    return quotes


def _timeline(
    story: Story, members: list[Article], extractions: dict[str, Extraction]
) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    used: set[tuple[str, int | None, str]] = set()
    for event in story.events:
        if is_date_value(event.date):
            entries.append(TimelineEntry(date=event.date or "", event=event.id, summary=event.summary))
            used |= {(m.article, m.sentence, event.date or "") for m in event.mentions}
    published = {a.id: (extractions[a.id].published or a.published) for a in members}
    for claim in story.claims:
        when = _claim_date(claim, extractions, published)
        if when:
            entries.append(TimelineEntry(date=when, claim=claim.id, summary=claim.text))
            used |= {(m.article, m.sentence, when) for m in claim.mentions}
    busy = {
        (m.article, m.sentence)
        for item in [*story.events, *story.claims]
        for m in item.mentions
        if m.sentence is not None
    }
    entries += background([extractions[a.id] for a in members], used, busy)
    return order(entries)


def _claim_date(
    claim: Claim, extractions: dict[str, Extraction], published: dict[str, str | None]
) -> str | None:
    """When a figure holds: its period's date, or the publication day for a duration up to then.
    (Not any date of its sentence: in "opened in 1962, employs about 800", 1962 is not the figure's.)"""
    for m in claim.mentions:
        ex = extractions[m.article]
        q = next((q for q in ex.quantities if q.start == m.start and q.end == m.end), None)
        if q is None:
            continue
        if is_date_value(q.period_value):
            return q.period_value
        if q.period_value and q.period_value.startswith("P") and published.get(m.article):
            return published[m.article]
    return None
