"""A loopback HTTP server for the watcher's tests: routes set per test, every request recorded."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Request:
    at: float  # time.monotonic() when it arrived
    path: str
    headers: dict[str, str]  # lower-case names


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    length: bool = True  # send Content-Length (False: read until the connection closes)


Route = Reply | Callable[[Request], Reply]


class Loopback:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                self._answer()

            def do_POST(self) -> None:  # noqa: N802
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()})
                request.headers["x-body"] = body.decode("utf-8", errors="replace")
                with server._lock:
                    server.requests.append(request)
                    route = server.routes.get(self.path)
                reply = (
                    Reply(404, b"not found") if route is None else route if isinstance(route, Reply) else route(request)
                )
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if reply.length:
                        self.send_header("Content-Length", str(len(reply.body)))
                    else:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# ----------------------------------------------------------------- content
def rss(items: list[tuple[str, str, str | None]], title: str = "Test feed") -> bytes:
    """An RSS 2.0 feed of (link, title, RFC 822 date or None) items."""
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        + (f"<pubDate>{d}</pubDate>" if d else "")
        + "</item>"
        for link, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>{body}</channel></rss>"
    ).encode()


def rfc822(iso_date: str) -> str:
    """'2026-03-04' as an RSS date (noon UTC)."""
    from datetime import UTC, datetime

    return formatdate(datetime.fromisoformat(iso_date).replace(hour=12, tzinfo=UTC).timestamp(), usegmt=True)


def page(title: str, paragraphs: list[str], extra: str = "") -> bytes:
    """A plain article page."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>"
        f"<header><a href='/'>Home</a></header><article><h1>{escape(title)}</h1>{body}</article>{extra}"
        "<footer>Contact us</footer></body></html>"
    ).encode()


def example_page(path: Path) -> tuple[str, str | None, bytes]:
    """An examples/ file as (title, published YYYY-MM-DD or None, HTML page): the title line as the title, the
    'Published ...' line left to the feed, the outlet (from the file name) as the site name, every other line a
    paragraph."""
    from dateutil import parser

    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].strip()
    outlet = path.stem.split("_", 1)[1].replace("-", " ").title()
    published = None
    paragraphs = []
    for line in lines[1:]:
        if line.startswith("Published "):
            published = parser.parse(line[len("Published ") :]).date().isoformat()
            continue
        if line.strip():
            paragraphs.append(line.strip())
    meta = f"<meta property='og:site_name' content='{escape(outlet)}'>"
    html = page(title, paragraphs).replace(b"<title>", meta.encode() + b"<title>", 1)
    return title, published, html
