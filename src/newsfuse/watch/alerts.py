"""What changed in a story, and which watches care: functions of records (no store, no network).

A story's facts are its events and figures, each known by the spans that state it (article:start:end), so a
fact is the same fact however the story is fused again; a figure conflict is known by the spans of its figures.
``changes`` compares a story with what was last seen of it and says, once, what is new: the story itself, new
facts, facts that became corroborated or disputed, and new figure conflicts.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from newsfuse.records import Alert, AlertLink, Article, Story, Watch

STATUS_KINDS = ("corroborated", "disputed", "conflict")
KINDS = ("new-story", "new-facts", *STATUS_KINDS)
_LISTED = 3  # facts named in one sentence before "and N more"


@dataclass
class Fact:
    kind: str  # event | claim | conflict
    cites: list[str]  # "article:start:end" of every span that states it
    status: str
    text: str
    type: str | None = None  # PLOVER type of an event
    who: list[str] = field(default_factory=list)  # names of its actor, target and participants
    origins: int = 0  # independent origins among the articles that state it

    def articles(self) -> list[str]:
        return list(dict.fromkeys(c.rsplit(":", 2)[0] for c in self.cites))


def facts_of(story: Story) -> list[Fact]:
    """The story's events, figures and figure conflicts as facts."""
    names = {e.id: e.name for e in story.entities}
    family = {a: i for i, members in enumerate(story.origins) for a in members}
    facts = []
    cites_of: dict[str, list[str]] = {}
    for event in story.events:
        cites = sorted({f"{m.article}:{m.start}:{m.end}" for m in event.mentions})
        cites_of[event.id] = cites
        who = [names.get(x, x) for x in (event.actor, event.target, *event.participants) if x]
        facts.append(Fact("event", cites, event.status, event.summary, event.type, list(dict.fromkeys(who))))
    for claim in story.claims:
        cites = sorted({f"{m.article}:{m.start}:{m.end}" for m in claim.mentions})
        cites_of[claim.id] = cites
        facts.append(Fact("claim", cites, claim.status, claim.text))
    for d in story.discrepancies:
        if d.kind == "figures":
            cites = sorted({c for i in (*d.claims, *d.events) for c in cites_of.get(i, [])})
            facts.append(Fact("conflict", cites, "conflict", d.summary))
    for fact in facts:
        fact.origins = len({family.get(a, a) for a in fact.articles()})
    return facts


def snapshot(story: Story) -> tuple[str, str]:
    """(digest, facts as JSON): what alerting remembers of a story."""
    data = json.dumps([f.__dict__ for f in facts_of(story)], ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(data.encode()).hexdigest()[:16], data


def load_facts(data: str) -> list[Fact]:
    return [Fact(**f) for f in json.loads(data)]


@dataclass
class Changes:
    story: Story
    new_story: bool = False
    new_facts: list[Fact] = field(default_factory=list)
    became: dict[str, list[Fact]] = field(default_factory=dict)  # corroborated | disputed | conflict -> facts

    def __bool__(self) -> bool:
        return self.new_story or bool(self.new_facts) or any(self.became.values())


def changes(story: Story, seen: list[Fact] | None) -> Changes:
    """What is new in ``story`` since ``seen`` (None: never seen, a new story)."""
    out = Changes(story, new_story=seen is None)
    old_by_cite: dict[str, list[Fact]] = {}
    for fact in seen or []:
        for cite in fact.cites:
            old_by_cite.setdefault(cite, []).append(fact)
    for fact in facts_of(story):
        conflict = fact.kind == "conflict"
        old = [o for c in fact.cites for o in old_by_cite.get(c, []) if (o.kind == "conflict") == conflict]
        if not old and fact.kind != "conflict":
            out.new_facts.append(fact)
        if fact.status in STATUS_KINDS and not any(o.status == fact.status for o in old):
            out.became.setdefault(fact.status, []).append(fact)
    return out


# ------------------------------------------------------------------ matching
def _has(haystack: str | None, needle: str) -> bool:
    return bool(haystack) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack, re.IGNORECASE) is not None


def _country_code(name: str) -> str | None:
    if len(name) == 2 and name.isalpha():
        return name.upper()
    import pycountry

    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def story_matches(watch: Watch, story: Story, articles: list[Article]) -> bool:
    """Whether the story answers every part of the watch's query."""
    if watch.entity and not any(_has(n, watch.entity) for e in story.entities for n in (e.name, *e.aliases)):
        return False
    places = [e for e in story.entities if e.type == "PLACE"]
    if watch.place and not (
        any(_has(n, watch.place) for e in places for n in (e.name, *e.aliases))
        or any(_has(ev.location, watch.place) for ev in story.events)
    ):
        return False
    if watch.country:
        code = _country_code(watch.country)
        in_country = [e for e in story.entities if e.place is not None and e.place.country_code == code]
        if not (in_country or any(_has(e.country, watch.country) for e in story.entities)):
            return False
    if watch.type and not any(ev.type == watch.type.upper() for ev in story.events):
        return False
    if watch.keyword and not any(_has(a.text, watch.keyword) or _has(a.title, watch.keyword) for a in articles):
        return False
    return not watch.source or any(_has(a.source, watch.source) or _has(a.url, watch.source) for a in articles)


def fact_matches(watch: Watch, fact: Fact) -> bool:
    """Whether a fact is about what the watch names (its event type, its entity); other criteria are the story's."""
    if watch.type and fact.kind != "conflict" and fact.type != watch.type.upper():
        return False
    return not (watch.entity and fact.kind == "event" and not any(_has(w, watch.entity) for w in fact.who))


# -------------------------------------------------------------------- alerts
def _quote(text: str, limit: int = 110) -> str:
    text = " ".join(text.split()).rstrip(".")
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


def _listing(facts: list[Fact]) -> str:
    named = "; ".join(_quote(f.text) for f in facts[:_LISTED])
    more = len(facts) - _LISTED
    return named + (f"; and {more} more" if more > 0 else "")


def _key(facts: list[Fact]) -> str:
    return hashlib.sha1("|".join(sorted(c for f in facts for c in f.cites)).encode()).hexdigest()[:16]


def _links(article_ids: list[str], articles: dict[str, Article]) -> list[AlertLink]:
    out = []
    for i in dict.fromkeys(article_ids):
        a = articles.get(i)
        out.append(AlertLink(i, a.title if a else None, a.source if a else None, a.url if a else None))
    return out


def story_alerts(change: Changes, articles: dict[str, Article], watch: str = "") -> list[Alert]:
    """The alerts (one plain sentence each) that say what changed; ``watch`` '' is the story's own log."""
    story = change.story
    title = _quote(story.title, 90)
    out = []
    if change.new_story:
        outlets = list(dict.fromkeys(a.source for i in story.articles if (a := articles.get(i)) and a.source))
        by = f" from {', '.join(outlets[:3])}" + (f" and {len(outlets) - 3} more" if len(outlets) > 3 else "")
        n = len(story.articles)
        message = f"New story: {title}, {n} article{'s' * (n != 1)}{by if outlets else ''}."
        out.append(Alert(watch, story.id, "new-story", "", message, story.title, [], _links(story.articles, articles)))
    elif change.new_facts:
        facts = change.new_facts
        n = len(facts)
        out.append(
            Alert(
                watch,
                story.id,
                "new-facts",
                _key(facts),
                f"{n} new fact{'s' * (n != 1)} in {title}: {_listing(facts)}.",
                story.title,
                [f.text for f in facts],
                _links([a for f in facts for a in f.articles()], articles),
            )
        )
    for status in STATUS_KINDS:
        facts = change.became.get(status, [])
        if not facts:
            continue
        if status == "conflict":
            message = f"Figures now conflict in {title}: {_quote(facts[0].text, 240)}" + (
                f" (and {len(facts) - 1} more conflict{'s' * (len(facts) > 2)})." if len(facts) > 1 else "."
            )
        elif status == "disputed":
            message = f"Now disputed in {title}: {_listing(facts)}."
        elif len(facts) == 1:
            message = f"Now corroborated by {facts[0].origins} independent origins in {title}: {_listing(facts)}."
        else:
            message = f"{len(facts)} facts now corroborated by independent origins in {title}: {_listing(facts)}."
        out.append(
            Alert(
                watch,
                story.id,
                status,
                _key(facts),
                message,
                story.title,
                [f.text for f in facts],
                _links([a for f in facts for a in f.articles()], articles),
            )
        )
    return out


def watch_alerts(
    watch: Watch, change: Changes, story_articles: list[Article], by_id: dict[str, Article]
) -> list[Alert]:
    """The alerts ``watch`` raises for one story's changes."""
    if not story_matches(watch, change.story, story_articles):
        return []
    relevant = Changes(
        change.story,
        change.new_story,
        [f for f in change.new_facts if fact_matches(watch, f)],
        {k: [f for f in v if fact_matches(watch, f)] for k, v in change.became.items()},
    )
    alerts = story_alerts(relevant, by_id, watch.name)
    if watch.status_change:
        alerts = [a for a in alerts if a.kind == watch.status_change]
    return alerts
