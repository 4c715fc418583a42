"""The JSON API under /api (schema at /openapi.json): stories, articles, entities, events and claims
(JSON pages or CSV / Parquet downloads), ingest (bearer token), health."""

from __future__ import annotations

import base64
import binascii
import io
import json
import secrets
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsfuse.records import Claim, RawDocument, StoryEvent
from newsfuse.render import SCHEMA, extraction_json
from newsfuse.render.export import story_rows, write_csv, write_parquet
from newsfuse.render.report import article_json, story_json
from newsfuse.store import Store, StoryFilters
from newsfuse.web.state import ServeState
from newsfuse.web.views import article_meta, entity_key

MAX_LIMIT = 200
EXPORT_CHUNK = 200  # at most this many stories read per query while exporting


class Error(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": Error, "description": "no such item"}}


async def state(request: Request) -> ServeState:
    return request.app.state.serve


# ------------------------------------------------------------- parameters
Text = Annotated[str | None, Query(max_length=200)]


def _day(value: str | None) -> str | None:
    if value is not None:
        date.fromisoformat(value)  # a ValueError here is a 422 naming the parameter
    return value


# a day as written, YYYY-MM-DD, and nothing else (pydantic's date would take "0" as a Unix time)
Day = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD", json_schema_extra={"format": "date"}),
    AfterValidator(_day),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=400, description="the `next` of the page before")]
EventType = Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z_]+$", description="PLOVER event type")]
Status = Literal["disputed", "figure-conflict"]


async def story_filters(
    q: Annotated[str | None, Query(max_length=200, description="full text: titles, bodies, entity names")] = None,
    since: Day = None,
    until: Day = None,
    entity: Annotated[str | None, Query(max_length=200, description="entity id or name")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place name or ISO country code")] = None,
    type: EventType = None,
    status: Annotated[Status | None, Query()] = None,
    source: Text = None,
) -> StoryFilters:
    return StoryFilters(
        q=q or None,
        since=since,
        until=until,
        entity=entity or None,
        place=place or None,
        type=type or None,
        status=status,
        source=source or None,
    )


def encode_cursor(*key: str | int) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, types: tuple[type, ...]) -> list[Any] | None:
    """The key a cursor holds; a cursor this API did not make is a 422."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(key, list) and [type(k) for k in key] == list(types):
            return key
    except (binascii.Error, ValueError, UnicodeDecodeError):
        pass
    raise RequestValidationError(
        [
            {
                "loc": ("query", "cursor"),
                "msg": "not a cursor from this API (use the `next` of the page before)",
                "type": "value_error",
            }
        ]
    )


# ---------------------------------------------------------------- models
class Named(BaseModel):
    id: str
    name: str


class StorySummary(BaseModel):
    id: str
    title: str
    first_published: str | None
    last_published: str | None
    articles: int
    origins: int
    corroborated: int
    disputed: int
    figure_conflicts: int
    people: list[Named]
    places: list[Named]


class StoryPage(BaseModel):
    stories: list[StorySummary]
    next: str | None


class StoryDetail(BaseModel):
    schema_: str = Field(alias="schema")
    story: dict[str, Any] = Field(description="a story of the report schema newsfuse.report/1")
    articles: list[dict[str, Any]] = Field(description="its articles' metadata (no text)")


class ArticleDetail(BaseModel):
    article: dict[str, Any] = Field(description="the cleaned article; offsets index into its `text`")
    extraction: dict[str, Any] = Field(description="everything extracted, as `newsfuse extract` gives it")


class EntityHit(BaseModel):
    id: str
    name: str
    type: str
    stories: int


class EntityList(BaseModel):
    entities: list[EntityHit]


class EntityEvent(BaseModel):
    story: str
    id: str
    type: str
    role: Literal["actor", "target"]
    summary: str
    date: str | None
    status: str


class EntityDetail(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    roles: list[str]
    story_count: int
    stories: list[StorySummary]
    events: list[EntityEvent]


class Rows(BaseModel):
    rows: list[dict[str, Any]]
    next: str | None


class Health(BaseModel):
    status: str
    articles: int
    stories: int
    schema_version: int


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, max_length=1_000_000)
    html: str | None = Field(None, max_length=2_000_000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=100)

    @model_validator(mode="after")
    def one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(min_length=1, max_length=500)


class ItemError(BaseModel):
    item: str
    reason: str


class IngestResponse(BaseModel):
    added: list[str]
    articles: list[str]
    duplicates: int
    errors: list[ItemError]
    stories: list[Named]


# ---------------------------------------------------------------- routes
router = APIRouter(prefix="/api", tags=["api"])


@router.get("/health", response_model=Health)
async def health(serve: Annotated[ServeState, Depends(state)]) -> dict[str, Any]:
    store = serve.store()
    counts = store.counts()
    return {
        "status": "ok",
        "articles": counts["articles"],
        "stories": counts["stories"],
        "schema_version": store.version,
    }


def story_page(store: Store, filters: StoryFilters, limit: int, cursor: str | None) -> dict[str, Any]:
    """A page of story summaries and the cursor of the next (shared by the API and the list page)."""
    after = decode_cursor(cursor, (str, str))
    found = store.find_stories(filters, limit + 1, tuple(after) if after else None)
    page = found[:limit]
    nxt = encode_cursor(page[-1]["last_published"] or "", page[-1]["id"]) if len(found) > limit else None
    return {"stories": page, "next": nxt}


@router.get("/stories", response_model=StoryPage)
async def list_stories(
    serve: Annotated[ServeState, Depends(state)],
    filters: Annotated[StoryFilters, Depends(story_filters)],
    limit: Limit = 20,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Stories, newest activity first, filtered; `next` pages on, and stays right while stories arrive."""
    return story_page(serve.store(), filters, limit, cursor)


@router.get("/stories/{story_id}", response_model=StoryDetail, responses=ERRORS)
async def get_story(serve: Annotated[ServeState, Depends(state)], story_id: str) -> dict[str, Any]:
    store = serve.store()
    with store.snapshot():
        story = store.story_record(story_id)
        if story is None:
            raise HTTPException(404, f"no story '{story_id}'")
        articles = store.articles(story["articles"])
    return {"schema": SCHEMA, "story": story_json(story), "articles": [article_meta(a) for a in articles]}


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=ERRORS)
async def get_article(serve: Annotated[ServeState, Depends(state)], article_id: str) -> dict[str, Any]:
    store = serve.store()
    with store.snapshot():
        found = store.articles([article_id])
        extraction = store.extractions([article_id]).get(article_id)
    if not found or extraction is None:
        raise HTTPException(404, f"no article '{article_id}'")
    return {"article": article_json(found[0]), "extraction": extraction_json(extraction)}


@router.get("/entities", response_model=EntityList)
async def list_entities(
    serve: Annotated[ServeState, Depends(state)],
    q: Annotated[str, Query(min_length=1, max_length=200, description="part of a name")],
    limit: Limit = 20,
) -> dict[str, Any]:
    hits = serve.store().find_entities(q, limit)
    return {"entities": [{"id": k, "name": n, "type": k.split(":", 1)[0].upper(), "stories": c} for k, n, c in hits]}


ENTITY_STORIES = 50  # newest stories shown on an entity's page


def entity_detail(store: Store, key: str) -> dict[str, Any]:
    """An entity across the stories: roles and aliases seen, its stories, the events it acts in or is the
    target of (shared by the API and the entity page); 404 if no story holds it."""
    total, stories, summaries = store.entity_stories(key.lower(), ENTITY_STORIES)
    if not stories:
        raise HTTPException(404, f"no entity '{key}'")
    name, type_, aliases, roles, events = "", "", {}, {}, []
    for story in stories:
        for e in story.entities:
            if entity_key(e.type, e.name) != key.lower():
                continue
            name, type_ = name or e.name, type_ or e.type
            aliases.update(dict.fromkeys(a for a in e.aliases if a != e.name))
            roles.update(dict.fromkeys(e.roles))
            for ev in story.events:
                role = "actor" if ev.actor == e.id else "target" if ev.target == e.id else None
                if role:
                    events.append(
                        {
                            "story": story.id,
                            "id": ev.id,
                            "type": ev.type,
                            "role": role,
                            "summary": ev.summary,
                            "date": ev.date,
                            "status": ev.status,
                        }
                    )
    return {
        "id": key.lower(),
        "name": name,
        "type": type_,
        "aliases": list(aliases),
        "roles": list(roles),
        "story_count": total,
        "stories": summaries,
        "events": events,
    }


@router.get("/entities/{entity_id}", response_model=EntityDetail, responses=ERRORS)
async def get_entity(serve: Annotated[ServeState, Depends(state)], entity_id: str) -> dict[str, Any]:
    """An entity by id (`type:name`, lower case, as the list gives it)."""
    store = serve.store()
    with store.snapshot():
        return entity_detail(store, entity_id)


# ------------------------------------------------------ events and claims
def _matches(row: dict[str, Any], table: str, f: dict[str, Any]) -> bool:
    if f["status"] and row["status"] != f["status"]:
        return False
    if table == "events":
        if f["type"] and row["type"] != f["type"].upper():
            return False
        if f["actor"] and f["actor"].lower() not in {str(row["actor_name"]).lower(), str(row["actor"]).lower()}:
            return False
        if f["place"] and (row["location"] or "").lower() != f["place"].lower():
            return False
    when = row.get("date") if table == "events" else None
    if f["since"] or f["until"]:
        if table != "events" or not when:
            return False
        if f["since"] and when < f["since"][: len(when)]:
            return False
        if f["until"] and when[:10] > f["until"]:
            return False
    return True


def _rows(store: Store, table: str, f: dict[str, Any], after: tuple[str, int] | None) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` that match, story by story in id order, after the cursor's (story, row index)."""

    def matching(stories: list[dict[str, Any]], skip: int = -1) -> Iterator[dict[str, Any]]:
        for story in stories:
            for i, row in enumerate(story_rows([story], table)):
                if i > skip and _matches(row, table, f):
                    row["_index"] = i
                    yield row

    if after:
        yield from matching(store.story_records([after[0]]), after[1])
    prefilter = StoryFilters(type=f["type"])  # the facet table narrows the stories to read
    start = after[0] if after else None
    chunk = 4  # a page needs a few stories; a whole download, many: read more at a time as it goes on
    while ids := store.story_ids(prefilter, after=start, limit=chunk):
        yield from matching(store.story_records(ids))
        start, chunk = ids[-1], min(chunk * 2, EXPORT_CHUNK)


COLUMNS = {
    "events": ["story", *(f.name for f in fields(StoryEvent)), "actor_name", "target_name"],
    "claims": ["story", *(f.name for f in fields(Claim))],
}


def _export(serve: ServeState, table: str, f: dict[str, Any], fmt: str, limit: int, cursor: str | None) -> Any:
    store = serve.store()
    if fmt == "json":
        after = decode_cursor(cursor, (str, int))
        rows = []
        with store.snapshot():
            for row in _rows(store, table, f, tuple(after) if after else None):
                rows.append(row)
                if len(rows) > limit:
                    break
        page = rows[:limit]
        nxt = encode_cursor(page[-1]["story"], page[-1]["_index"]) if len(rows) > limit else None
        for row in page:
            del row["_index"]
        return {"rows": page, "next": nxt}
    if fmt == "csv":

        def chunks() -> Iterator[str]:
            # its own Store: the response streams from another thread than the route's
            from newsfuse.store import Store

            with Store(serve.db) as own, own.snapshot():
                buffer = io.StringIO()
                write_csv([], buffer, COLUMNS[table])
                for n, row in enumerate(_rows(own, table, f, None)):
                    row.pop("_index")
                    write_csv([row], buffer, COLUMNS[table], header=False)
                    if n % 500 == 499:
                        yield buffer.getvalue()
                        buffer.seek(0)
                        buffer.truncate()
                yield buffer.getvalue()

        return StreamingResponse(
            chunks(), media_type="text/csv", headers={"content-disposition": f'attachment; filename="{table}.csv"'}
        )
    with store.snapshot():
        rows = [{k: v for k, v in r.items() if k != "_index"} for r in _rows(store, table, f, None)]
    out = io.BytesIO()
    write_parquet(rows or [dict.fromkeys(COLUMNS[table])], out)
    return Response(
        out.getvalue(),
        media_type="application/vnd.apache.parquet",
        headers={"content-disposition": f'attachment; filename="{table}.parquet"'},
    )


async def _answer(serve: ServeState, table: str, f: dict[str, Any], fmt: str, limit: int, cursor: str | None) -> Any:
    # a page is quick and answered here; a whole Parquet file takes seconds: a worker thread builds it
    if fmt == "parquet":
        return await run_in_threadpool(_export, serve, table, f, fmt, limit, cursor)
    return _export(serve, table, f, fmt, limit, cursor)


EXPORT_DOC = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
        },
        "description": "a page of rows (JSON), or every row (CSV, Parquet)",
    }
}
Format = Annotated[Literal["json", "csv", "parquet"], Query(description="json: pages; csv, parquet: every row")]


@router.get("/events", response_model=Rows, responses=EXPORT_DOC)
async def list_events(
    serve: Annotated[ServeState, Depends(state)],
    type: EventType = None,
    actor: Text = None,
    place: Text = None,
    since: Day = None,
    until: Day = None,
    status: Annotated[Literal["corroborated", "single-source", "disputed"] | None, Query()] = None,
    format: Format = "json",
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Any:
    """Every fused event across the stories (PLOVER type, actor, target, date, place, status, citations)."""
    f = {
        "type": type,
        "actor": actor,
        "place": place,
        "status": status,
        "since": since,
        "until": until,
    }
    return await _answer(serve, "events", f, format, limit, cursor)


@router.get("/claims", response_model=Rows, responses=EXPORT_DOC)
async def list_claims(
    serve: Annotated[ServeState, Depends(state)],
    status: Annotated[Literal["corroborated", "single-source", "disputed"] | None, Query()] = None,
    format: Format = "json",
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Any:
    """Every fused figure claim across the stories (value, range, unit, what is counted, status, citations)."""
    f = {"type": None, "actor": None, "place": None, "status": status, "since": None, "until": None}
    return await _answer(serve, "claims", f, format, limit, cursor)


# ----------------------------------------------------------------- ingest
bearer = HTTPBearer(auto_error=False, description="the token given to `newsfuse serve --token` (or NEWSFUSE_TOKEN)")


async def writer(
    serve: Annotated[ServeState, Depends(state)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> ServeState:
    """Writes need the server's bearer token; with none configured they are off."""
    if not serve.token:
        raise HTTPException(403, "writes are off: start newsfuse serve with --token (or NEWSFUSE_TOKEN)")
    if credentials is None:
        raise HTTPException(401, "a bearer token is needed", headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(credentials.credentials.encode(), serve.token.encode()):
        raise HTTPException(403, "wrong token")
    return serve


WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Error, "description": "no bearer token"},
    403: {"model": Error, "description": "wrong token, or writes are off"},
    413: {"model": Error, "description": "request body too large"},
}


def _ingest(serve: ServeState, body: IngestRequest) -> dict[str, Any]:
    from newsfuse.pipeline import build_stories, ingest_documents  # the one ingest path (spaCy loads here)

    docs = [
        RawDocument(
            path=f"request:{i}",
            text=a.text,
            html=a.html,
            url=a.url,
            source=a.source,
            title=a.title,
            published=a.published,
        )
        for i, a in enumerate(body.articles)
    ]
    store = serve.store()
    result = ingest_documents(docs, store)
    touched = build_stories(store)
    return {
        "added": result.new,
        "articles": result.articles,
        "duplicates": result.duplicates,
        "errors": [{"item": e.path, "reason": e.reason} for e in result.errors],
        "stories": [{"id": s.id, "name": s.title} for s in touched],
    }


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """A JSON schema with its local $refs replaced by what they name (for a body documented by hand)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


_BODY_SCHEMA = IngestRequest.model_json_schema()
INGEST_BODY = {
    "required": True,
    "content": {"application/json": {"schema": _inline(_BODY_SCHEMA, _BODY_SCHEMA.pop("$defs", {}))}},
}


@router.post(
    "/articles", response_model=IngestResponse, responses=WRITE_ERRORS, openapi_extra={"requestBody": INGEST_BODY}
)
async def post_articles(serve: Annotated[ServeState, Depends(writer)], request: Request) -> dict[str, Any]:
    """Ingest articles (text or HTML with their metadata): the ids added, duplicates, per-item errors
    (`request:N` is the N-th item, from 0), and the stories touched. An item that fails stores nothing.
    The token is checked before the body is read, so a caller without one learns that first."""
    try:
        body = IngestRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(
            [{"loc": ("body", *e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        ) from None
    return await run_in_threadpool(_ingest, serve, body)
