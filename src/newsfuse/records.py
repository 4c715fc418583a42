"""The records that flow between newsfuse's stages.

read -> RawDocument; clean -> Article; annotate+extract -> Extraction;
stories -> Story (ids of articles); fuse -> Story filled with fused entities,
events, claims, quotes, timeline and discrepancies. Every record is a plain
dataclass that round-trips through JSON with ``to_dict``/``from_dict``.

Offsets (``start``/``end``) are character offsets into the ``text`` that was
analysed: ``Article.text`` for cleaned articles, the raw input for ``--raw``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


class Record:
    """Mixin: JSON-ready dict conversion for dataclasses (nested, lists, optionals)."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        return _build(cls, data)


def _build(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_build(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(tp)
        return {k: _build(item, v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        hints = _field_types(tp)
        return tp(**{k: _build(hints[k], v) for k, v in value.items() if k in hints})
    return value


@functools.cache
def _field_types(tp: type) -> dict[str, Any]:
    """A dataclass's field types, resolved once (get_type_hints is slow)."""
    hints = typing.get_type_hints(tp)
    return {f.name: hints[f.name] for f in dataclasses.fields(tp)}


# --------------------------------------------------------------------- input
@dataclass
class RawDocument(Record):
    """One input document as read from disk, before cleaning."""

    path: str  # file path; "file.jsonl:12" for line 12 of a JSON-lines file
    text: str | None = None  # plain (scraped) text
    html: str | None = None  # HTML page
    input_id: str | None = None  # the `id` of a JSON-lines record
    url: str | None = None
    source: str | None = None  # outlet name, when known
    title: str | None = None
    published: str | None = None  # as given by metadata, any format
    encoding: str | None = None  # what the bytes were decoded as ("utf-8", "cp1252", "utf-16"...)

    def fingerprint(self) -> str:
        """A hash of everything cleaning reads: the same input again is known without cleaning it again."""
        digest = hashlib.blake2b(digest_size=16)
        for value in (self.text, self.html, self.title, self.published, self.source, self.url):
            digest.update(b"\x00" if value is None else value.encode("utf-8", "surrogatepass") + b"\x01")
        return digest.hexdigest()


@dataclass
class InputError(Record):
    """An input that was skipped (unreadable, unusable, or failed in a stage), and why: one line."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# --------------------------------------------------------------------- clean
@dataclass
class Removed(Record):
    """A piece of the input that cleaning dropped, with why (the audit trail)."""

    text: str
    reason: str  # e.g. "caption", "photo credit", "teaser", "duplicate bullet", "sign-off"


@dataclass
class Dateline(Record):
    text: str  # "Kabul/Islamabad, Apr 19 (EFE).—"
    places: list[str] = field(default_factory=list)
    date: str | None = None  # as written ("Apr 19"), normalised later if possible
    agency: str | None = None


@dataclass
class Heading(Record):
    """A subheading kept as structure: it starts the section at ``start`` in the text."""

    text: str
    start: int


@dataclass
class Article(Record):
    id: str  # stable hash of the normalised body text
    path: str
    text: str  # the cleaned body: what extraction analyses
    source: str | None = None
    title: str | None = None
    standfirst: str | None = None
    author: str | None = None
    url: str | None = None
    input_id: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_inferred: bool = False
    language: str | None = None  # ISO 639-1 code of the body's language, when the text is long enough to tell
    encoding: str | None = None  # the input's encoding, as read
    dateline: Dateline | None = None
    agencies: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


# ------------------------------------------------------------------- extract
@dataclass
class Span(Record):
    start: int
    end: int
    text: str


@dataclass
class Sentence(Record):
    start: int
    end: int


@dataclass
class Place(Record):
    """A place resolved against the gazetteer."""

    name: str
    country_code: str | None = None  # ISO 3166-1 alpha-2
    latitude: float | None = None
    longitude: float | None = None
    kind: str | None = None  # country | city | region


@dataclass
class EntityMention(Record):
    start: int
    end: int
    text: str
    sentence: int  # index into Extraction.sentences


@dataclass
class Entity(Record):
    """One real-world referent within a document (or, after fusion, a story)."""

    id: str  # "e3" within a document
    name: str  # canonical (longest full) name, without honorifics
    type: str  # PERSON | ORG | PLACE | GROUP
    mentions: list[EntityMention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    country: str | None = None  # the country/organisation a role belongs to
    code: str | None = None  # CAMEO actor code
    place: Place | None = None


@dataclass
class TimeExpr(Record):
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TimeML value: 2025-04-19, 2025-04, 2024, P2W, PAST_REF ...
    sentence: int | None = None


@dataclass
class Quantity(Record):
    start: int
    end: int
    text: str
    value: float | None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    counted: str | None = None  # what is counted: "Afghans", "residence permits"
    period: str | None = None  # as written: "in just over two weeks"
    period_value: str | None = None  # TimeML value of the period, when normalised
    attributed_to: str | None = None  # "the FO", "the UN refugee agency"
    hedge: str | None = None  # "more than", "nearly", ...
    sentence: int | None = None


@dataclass
class Quote(Record):
    start: int
    end: int
    text: str
    speaker: str | None = None  # as resolved: the entity's name
    speaker_entity: str | None = None  # entity id
    direct: bool = True
    sentence: int | None = None


@dataclass
class Event(Record):
    start: int  # the trigger
    end: int
    text: str
    type: str  # PLOVER type: CONSULT, AGREE, COERCE, ...
    mode: str | None = None  # PLOVER mode: expel, visit, ...
    verb: str | None = None  # the trigger as a base-form verb phrase: "call on", "assure"; None for a noun
    actor: Span | None = None
    target: Span | None = None
    actor_entity: str | None = None
    target_entity: str | None = None
    participants: list[str] = field(default_factory=list)  # entity ids
    location: str | None = None
    date: str | None = None  # TimeML value
    polarity: str = "positive"  # positive | negative
    modality: str = "asserted"  # asserted | denied | pledged | urged | planned | ...
    attributed_to: str | None = None
    sentence: int | None = None


@dataclass
class Extraction(Record):
    """Everything extracted from one document; offsets index into ``text``."""

    id: str
    text: str
    published: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


# ------------------------------------------------------------- stories / fuse
@dataclass
class Citation(Record):
    """Where a fused fact is stated: article, sentence index and span."""

    article: str
    sentence: int | None
    start: int
    end: int
    attributed_to: str | None = None


@dataclass
class StoryEntity(Record):
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    code: str | None = None
    place: Place | None = None
    articles: list[str] = field(default_factory=list)


@dataclass
class StoryEvent(Record):
    id: str
    type: str
    mode: str | None = None
    actor: str | None = None  # story entity id (or text when unresolved)
    target: str | None = None
    participants: list[str] = field(default_factory=list)
    date: str | None = None
    location: str | None = None
    status: str = "single-source"  # corroborated | single-source | disputed
    summary: str = ""
    mentions: list[Citation] = field(default_factory=list)
    # what every mention says of it (fusion never joins a done act with an intended or denied one):
    # the extraction's modality (asserted | reported | urged | planned | attempted | denied | ...) and polarity
    modality: str = "asserted"
    polarity: str = "positive"  # positive | negative


@dataclass
class Claim(Record):
    id: str
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    counted: str | None = None
    period: str | None = None
    group: str | None = None
    status: str = "single-source"
    mentions: list[Citation] = field(default_factory=list)


@dataclass
class StoryQuote(Record):
    speaker: str | None
    text: str
    direct: bool
    article: str
    start: int
    end: int


@dataclass
class TimelineEntry(Record):
    date: str  # TimeML value at its true precision: 2025-04-19, 2025-04, 1979
    event: str | None = None
    claim: str | None = None
    summary: str = ""
    mentions: list[Citation] = field(default_factory=list)  # for background dates (events/claims cite their own)


@dataclass
class Discrepancy(Record):
    kind: str  # "figures" | "denial" | ...
    summary: str
    events: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


@dataclass
class Story(Record):
    id: str
    title: str
    articles: list[str] = field(default_factory=list)
    origins: list[list[str]] = field(default_factory=list)  # article ids per origin family
    independent_sources: int = 0
    entities: list[StoryEntity] = field(default_factory=list)
    events: list[StoryEvent] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[StoryQuote] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    exclusive: dict[str, list[str]] = field(default_factory=dict)  # source -> event/claim ids only it reports


def content_id(text: str) -> str:
    """Stable id of an article: a hash of its whitespace- and case-normalised body."""
    normalised = " ".join(text.lower().split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------- watch
@dataclass
class Source(Record):
    """A feed or sitemap the watcher polls, with its validators, schedule and health."""

    id: int
    url: str
    kind: str | None = None  # feed | sitemap | sitemapindex; None until first fetched
    parent: int | None = None  # the sitemap index that listed it
    added: str = ""
    state: str = "ok"  # ok | failing | disabled | blocked
    etag: str | None = None  # validators exactly as the server sent them
    last_modified: str | None = None
    interval: float = 900.0  # seconds between polls now (adaptive)
    next_poll: float = 0.0  # unix time
    last_poll: float | None = None
    last_success: float | None = None
    last_change: float | None = None  # last poll that found a new item
    last_error: str | None = None
    failures: int = 0  # consecutive
    articles: int = 0  # articles stored from it


@dataclass
class Watch(Record):
    """A saved query over stories, and how its alerts are delivered."""

    name: str
    entity: str | None = None
    place: str | None = None  # a place named in the story
    country: str | None = None  # a country (name or ISO code) a place of the story is in
    type: str | None = None  # PLOVER event type
    keyword: str | None = None  # full text of the story's articles
    source: str | None = None  # an outlet
    status_change: str | None = None  # corroborated | disputed | conflict: only alert on this
    webhook: str | None = None
    secret: str | None = None
    created: str = ""


@dataclass
class AlertLink(Record):
    article: str
    title: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass
class Alert(Record):
    """Something a watch saw change in a story, said once."""

    watch: str
    story: str
    kind: str  # new-story | new-facts | corroborated | disputed | conflict
    key: str  # what changed, so the same change is never said twice
    message: str  # one plain sentence
    story_title: str = ""
    facts: list[str] = field(default_factory=list)
    articles: list[AlertLink] = field(default_factory=list)  # the cited articles
    id: int | None = None
    created: str = ""
