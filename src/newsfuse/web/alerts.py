"""Alerts over HTTP: ``GET /api/alerts`` (JSON) and ``/alerts.atom`` (an Atom feed for any feed reader)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel

from newsfuse.watch.commands import parse_since
from newsfuse.watch.render import alerts_atom, story_path
from newsfuse.web.api import state
from newsfuse.web.state import ServeState

router = APIRouter()


class AlertLink(BaseModel):
    article: str
    title: str | None = None
    source: str | None = None
    url: str | None = None


class AlertOut(BaseModel):
    id: int | None = None
    watch: str
    story: str
    story_url: str
    kind: str
    message: str
    story_title: str
    facts: list[str]
    articles: list[AlertLink]
    created: str


class AlertList(BaseModel):
    since: str
    alerts: list[AlertOut]


# '24h', '7d', '90m' or an ISO date or time; an unreadable one is a 422 naming the parameter
Since = Annotated[
    str | None,
    Query(max_length=40, description="24h, 7d, 90m or an ISO date or time (default: 24h; the feed: 7d)"),
    AfterValidator(lambda v: None if v is None else parse_since(v)),
]
WatchName = Annotated[str | None, Query(max_length=200, description="only this watch's alerts")]


@router.get("/api/alerts", response_model=AlertList, tags=["api"])
def api_alerts(
    serve: Annotated[ServeState, Depends(state)],
    since: Since = None,
    watch: WatchName = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict:
    """The alerts raised by the saved watches since a time, newest first."""
    since = since or parse_since("24h")
    alerts = serve.store().alerts(since=since, watch=watch, limit=limit)
    return {
        "since": since,
        "alerts": [{**a.to_dict(), "story_url": story_path(a.story)} for a in alerts if a.watch],
    }


@router.get("/alerts.atom", include_in_schema=False)
def atom(request: Request, serve: Annotated[ServeState, Depends(state)], since: Since = None, watch: WatchName = None):
    alerts = serve.store().alerts(since=since or parse_since("7d"), watch=watch, limit=200)
    body = alerts_atom([a for a in alerts if a.watch], str(request.base_url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
