"""The app factory: routes, request-size limit, error pages, and a hook to run work beside the server."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsfuse import __version__
from newsfuse.web import alerts, api, pages
from newsfuse.web.state import ServeState

HERE = Path(__file__).parent
MAX_BODY = 8 * 1024 * 1024  # bytes of one request body
SWAGGER_UI = Path(fastapi_offline.__file__).parent / "static"  # Swagger UI 5 (reads OpenAPI 3.1, as FastAPI writes)

# Work that runs beside the server (the feed watcher) gets the store path and an event set at shutdown.
Background = Callable[[str, threading.Event], None]


class BodyLimit:
    """413 for a request body over ``limit`` bytes, by its Content-Length or, when chunked, as it arrives;
    nothing reaches the routes (so nothing is half-stored)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._too_large(send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                await self._too_large(send)
                return
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        response = JSONResponse({"detail": f"request body over {self.limit} bytes"}, status_code=413)
        await response({"type": "http"}, _nothing, send)


class EmptyFieldsDropped:
    """On the pages (not the API), a form field left empty (``?since=&q=Muttaqi``) means no filter: drop it
    from the query string before validation."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["query_string"] and not scope["path"].startswith("/api/"):
            pairs = [(k, v) for k, v in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True) if v]
            scope = {**scope, "query_string": urlencode(pairs).encode("latin-1")}
        await self.app(scope, receive, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app(
    db: str | Path, token: str | None = None, background: Background | None = None, max_body: int = MAX_BODY
) -> FastAPI:
    """The web app over the store at ``db``: one Store per worker thread. ``token`` turns writes on (bearer);
    ``background(db, stop)`` runs in a thread of its own while the app runs (e.g. the feed watcher), and
    ``stop`` is set when the app shuts down."""
    serve = ServeState(str(db), token or None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        worker = None
        if background is not None:
            worker = threading.Thread(target=background, args=(serve.db, stop), name="newsfuse-background", daemon=True)
            worker.start()
        try:
            yield
        finally:
            stop.set()
            if worker is not None:
                worker.join(timeout=10)
            serve.close()

    app = FastAPI(
        title="newsfuse",
        version=__version__,
        description="Stories fused from many news reports: per-fact corroboration and span citations.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's /docs and /redoc load their scripts from a CDN: ours come from the package
        redoc_url=None,
    )
    app.state.serve = serve
    app.include_router(api.router)
    app.include_router(alerts.router)
    app.include_router(pages.router)
    # before /static, which would take its paths
    app.mount("/static/swagger", StaticFiles(directory=SWAGGER_UI), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="newsfuse API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon.png",
        )
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(EmptyFieldsDropped)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return pages.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Any:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'] if p not in ('query', 'path', 'body'))}: {e['msg']}"
            for e in exc.errors()
        ]
        if _wants_json(request):
            # FastAPI's documented shape (detail: the list of problems), with the problems as one line too
            return JSONResponse({"detail": _jsonable(exc.errors()), "message": "; ".join(problems)}, status_code=422)
        return pages.error_page(request, 422, "; ".join(problems))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Any:
        # the traceback goes to the server's log, never to the client
        import logging

        logging.getLogger("newsfuse.web").exception("error on %s", request.url.path)
        if _wants_json(request):
            return JSONResponse({"detail": "internal error (see the server's log)"}, status_code=500)
        return HTMLResponse("<h1>Internal error</h1><p>See the server's log.</p>", status_code=500)

    return app


def app_from_env() -> FastAPI:
    """The app of a worker process started by ``newsfuse serve --workers N`` (uvicorn imports it by name,
    so the store and the token come through NEWSFUSE_DB and NEWSFUSE_TOKEN)."""
    return create_app(os.environ["NEWSFUSE_DB"], token=os.environ.get("NEWSFUSE_TOKEN"))


def _jsonable(errors: list[Any]) -> list[dict[str, Any]]:
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors]
