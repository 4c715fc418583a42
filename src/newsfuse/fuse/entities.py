"""Story entities: one per real-world referent across the articles of a story.

Two entities are one referent when ``newsfuse.extract.entities.same_referent``
says so (so a story matches names the way an article does) or when the small
rule set below does (written here as a fallback should the extractor's matcher
be missing or fail): same type and equal names or aliases; for people, the
shorter name's words within the longer's with the same surname ("Jr." aside);
for organisations, an acronym or the same name with words in front; for groups, singular/plural.
Two people whose full names disagree ("Hunter Biden", "Joe Biden") are never one referent, even
when both carry the bare surname "Biden" as an alias; a bare "Biden" entity that fits both is left
on its own (see below).

Candidates come from a word index, and each distinct naming is compared once
(wire copies repeat them), so a story with thousands of mentions is not an
all-pairs scan. Entities join greedily, longest names first, so "Mohammad
Ishaq Dar" and "Ishaq Dar" are together before a bare "Dar" arrives; a name
that fits two different referents equally well is left on its own rather
than chaining them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsfuse.records import Article, Entity, Extraction, StoryEntity

HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "dame",
    "mullah",
    "sheikh",
    "shaikh",
    "maulana",
    "imam",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "capt",
    "captain",
    "president",
    "minister",
    "senator",
    "sen",
    "rep",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "father",
    "rev",
    "hon",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_POSSESSIVE = re.compile(r"['’]s\b")
_NON_WORD = re.compile(r"[^\w\s-]")


def name_tokens(name: str) -> list[str]:
    """Lower-cased tokens of ``name`` without honorifics, a leading "the" or possessives."""
    text = _NON_WORD.sub(" ", _POSSESSIVE.sub("", name.lower()))
    tokens = [t.strip("-") for t in text.split()]
    tokens = [t for t in tokens if t]
    while tokens and (tokens[0] in HONORIFICS or tokens[0] == "the"):
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def _person_fits(short: list[str], long_: list[str]) -> bool:
    """Same surname, and each other word of the shorter name is a word (or the start of one, "Pat" of
    "Patrick") of the longer name."""
    if short[-1] != long_[-1]:
        return False
    return all(any(w == t or (len(t) >= 3 and w.startswith(t)) for w in long_[:-1]) for t in short[:-1])


def different_people(a: str, b: str) -> bool:
    """Whether two person names of two words or more cannot be one person: same surname, different
    given names ("Hunter Biden", "Joe Biden"); one's words within the other's is not a conflict."""
    ta, tb = name_tokens(a), name_tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return not _person_fits(short, long_)


def _singular(token: str) -> str:
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


def _acronym(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t not in {"of", "and", "for", "the", "de", "du"})


def _names(entity: Entity) -> list[list[str]]:
    return [t for t in (name_tokens(n) for n in [entity.name, *entity.aliases]) if t]


def fallback_same_referent(a: Entity, b: Entity) -> bool:
    """Whether two entities (possibly from different articles) name the same referent."""
    if a.type != b.type:
        return False
    if a.type == "PERSON" and different_people(a.name, b.name):
        return False  # "Hunter Biden" and "Joe Biden", whatever bare "Biden" aliases they share
    names_a, names_b = _names(a), _names(b)
    for ta in names_a:
        for tb in names_b:
            if ta == tb or [_singular(t) for t in ta] == [_singular(t) for t in tb]:
                return True
            short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
            if a.type == "PERSON":
                if _person_fits(short, long_):
                    return True
            elif a.type == "ORG":
                if len(short) == 1 and len(long_) > 1 and short[0] == _acronym(long_):
                    return True
                # "Pakistan Ministry of Foreign Affairs" is the "Ministry of Foreign Affairs"; words added
                # after a name make a part of it: "United Nations High Commissioner for Refugees"
                if len(short) >= 2 and long_[-len(short) :] == short:
                    return True
            elif a.type == "PLACE" and a.place and b.place and a.place.name == b.place.name:
                return True
    return False


def _matcher() -> Callable[[Entity, Entity], bool]:
    try:
        from newsfuse.extract.entities import same_referent
    except ImportError:
        return fallback_same_referent

    def match(a: Entity, b: Entity) -> bool:
        try:
            if same_referent(a, b):
                return True
            if a.type == b.type == "PERSON" and min(len(name_tokens(a.name)), len(name_tokens(b.name))) >= 2:
                return False  # two full names the extractor tells apart: not rescued by a shared alias
        except Exception:  # the extractor's matcher is a dependency we do not control: degrade
            pass
        return fallback_same_referent(a, b)

    return match


def _keys(entity: Entity) -> set[str]:
    keys: set[str] = set()
    for tokens in _names(entity):
        keys.update(_singular(t) for t in tokens)
        keys.add(_acronym(tokens))
    return keys


def fuse_entities(
    story_id: str, articles: list[Article], extractions: dict[str, Extraction]
) -> tuple[list[StoryEntity], dict[tuple[str, str], str]]:
    """Story entities, and (article id, entity id) -> story entity id."""
    same = _matcher()
    items = [(a.id, e) for a in articles for e in extractions[a.id].entities]
    items.sort(key=lambda item: (-len(name_tokens(item[1].name)), -len(item[1].mentions)))
    members: list[list[tuple[str, Entity]]] = []
    namings: list[dict[tuple, Entity]] = []  # per cluster: one entity per distinct naming
    index: dict[str, set[int]] = {}
    memo: dict[tuple[tuple, tuple], bool] = {}

    def matches(entity: Entity, sig: tuple, other_sig: tuple, other: Entity) -> bool:
        if (sig, other_sig) not in memo:
            memo[(sig, other_sig)] = same(entity, other)
        return memo[(sig, other_sig)]

    for article_id, entity in items:
        sig = _signature(entity)
        candidates: set[int] = set()
        for key in _keys(entity):
            candidates |= index.get(key, set())
        scores = {c: sum(matches(entity, sig, s, o) for s, o in namings[c].items()) for c in candidates}
        scores = {c: s for c, s in scores.items() if s}
        best = max(scores.values(), default=0)
        winners = [c for c, s in scores.items() if s == best]
        if len(winners) == 1:
            cluster = winners[0]
            members[cluster].append((article_id, entity))
        else:
            cluster = len(members)
            members.append([(article_id, entity)])
            namings.append({})
        namings[cluster].setdefault(sig, entity)
        for key in _keys(entity):
            index.setdefault(key, set()).add(cluster)
    order = sorted(range(len(members)), key=lambda c: -sum(len(e.mentions) for _, e in members[c]))
    fused: list[StoryEntity] = []
    mapping: dict[tuple[str, str], str] = {}
    for n, cluster in enumerate(order, start=1):
        story_entity = _merge(f"{story_id}-e{n}", members[cluster])
        fused.append(story_entity)
        for article_id, entity in members[cluster]:
            mapping[(article_id, entity.id)] = story_entity.id
    return fused, mapping


def _signature(entity: Entity) -> tuple:
    """What name matching reads of an entity: equal signatures always match alike."""
    place = (entity.place.name, entity.place.country_code) if entity.place else None
    return (entity.type, entity.name, tuple(entity.aliases), entity.country, place)


def _merge(entity_id: str, group: list[tuple[str, Entity]]) -> StoryEntity:
    """One story entity from the article entities in ``group`` (longest name first)."""
    first = group[0][1]
    fused = StoryEntity(id=entity_id, name=first.name, type=first.type)
    for article_id, entity in group:
        for value in [entity.name, *entity.aliases]:
            if value != fused.name and value not in fused.aliases:
                fused.aliases.append(value)
        for role in entity.roles:
            if role.lower() not in {r.lower() for r in fused.roles}:
                fused.roles.append(role)
        fused.country = fused.country or entity.country
        fused.code = fused.code or entity.code
        fused.place = fused.place or entity.place
        if article_id not in fused.articles:
            fused.articles.append(article_id)
    return fused
