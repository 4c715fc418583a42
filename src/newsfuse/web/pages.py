"""The pages a person reads: the story list, a story's dossier, an article with its extractions marked,
an entity across stories. Server-rendered (Jinja2); the data comes from the same functions as the API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from newsfuse.render.dossier import story_dossier
from newsfuse.render.report import build_report
from newsfuse.store import StoryFilters
from newsfuse.web.api import Cursor, entity_detail, state, story_filters, story_page
from newsfuse.web.state import ServeState
from newsfuse.web.views import (
    HL_PATTERN,
    cite_links,
    extraction_marks,
    marked_html,
    parse_spans,
    story_map,
    without_cites,
)

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)
PAGE = 25  # stories per page


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status)


@router.get("/", response_class=HTMLResponse)
async def stories_page(
    request: Request,
    serve: Annotated[ServeState, Depends(state)],
    filters: Annotated[StoryFilters, Depends(story_filters)],
    cursor: Cursor = None,
) -> HTMLResponse:
    store = serve.store()
    page = story_page(store, filters, PAGE, cursor)
    args = {k: v for k, v in request.query_params.items() if k != "cursor" and v}
    return templates.TemplateResponse(
        request,
        "stories.html",
        {
            "page": page,
            "filters": filters,
            "args": args,
            "types": store.facet_values("type"),
            # counting is a scan: only an empty page says how many stories there are
            "total": None if page["stories"] else store.counts()["stories"],
        },
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_view(request: Request, serve: Annotated[ServeState, Depends(state)], story_id: str) -> HTMLResponse:
    store = serve.store()
    with store.snapshot():
        story = store.story_record(story_id)
        if story is None:
            raise HTTPException(404, f"No story '{story_id}'.")
        report = build_report(store.articles(story["articles"]), [story])
    articles = {a["id"]: a for a in report["articles"]}
    data = report["stories"][0]
    dossier = story_dossier(data, articles)
    number = {a: i for i, a in enumerate((a for a in data["articles"] if a in articles), start=1)}
    sections = []
    for section in dossier.sections:
        if not section.items and not section.rows:
            continue
        links = [cite_links(c, number, articles) for c in section.cites]
        cite_col = section.header.index("sources") if "sources" in section.header else None
        sections.append(
            {
                "heading": section.heading,
                "header": section.header,
                "rows": [(row, links[i] if i < len(links) else []) for i, row in enumerate(section.rows)],
                # a table's cites are its rows'; the notes under it cite nothing
                "lines": [
                    (without_cites(t), links[i] if i < len(links) and not section.rows else [])
                    for i, t in enumerate(section.items)
                ],
                "cite_col": cite_col,
                "id": section.heading.lower().replace(" ", "-").replace("'", ""),
            }
        )
    return templates.TemplateResponse(
        request,
        "story.html",
        {
            "story": data,
            "dossier": dossier,
            "sections": sections,
            "map": story_map(data["entities"]),
        },
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_view(
    request: Request,
    serve: Annotated[ServeState, Depends(state)],
    article_id: str,
    hl: Annotated[str | None, Query(pattern=HL_PATTERN, max_length=1000)] = None,
) -> HTMLResponse:
    store = serve.store()
    with store.snapshot():
        found = store.articles([article_id])
        extraction = store.extractions([article_id]).get(article_id)
        stories = store.stories_with([article_id])
    if not found or extraction is None:
        raise HTTPException(404, f"No article '{article_id}'.")
    article = found[0]
    cited = parse_spans(hl, len(article.text))
    sentences = [(s.start, s.end) for s in extraction.sentences]
    body = marked_html(article.text, extraction_marks(extraction), cited, sentences)
    return templates.TemplateResponse(
        request,
        "article.html",
        {"article": article, "body": body, "cited": cited, "stories": stories},
    )


@router.get("/entities", response_class=HTMLResponse)
async def entities_page(
    request: Request,
    serve: Annotated[ServeState, Depends(state)],
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    hits = serve.store().find_entities(q, 50) if q else []
    return templates.TemplateResponse(request, "entities.html", {"q": q, "hits": hits})


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
async def entity_page(request: Request, serve: Annotated[ServeState, Depends(state)], entity_id: str) -> HTMLResponse:
    store = serve.store()
    with store.snapshot():
        entity: dict[str, Any] = entity_detail(store, entity_id)
    return templates.TemplateResponse(request, "entity.html", {"entity": entity})
