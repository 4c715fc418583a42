"""Polite HTTP: robots.txt (cached per host, with Crawl-delay), one request at a time per host with a minimum
spacing, a descriptive User-Agent, timeouts, a response size cap, conditional GET and Retry-After."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from newsfuse import __version__
from newsfuse.watch.urls import host_of

# the operator's contact belongs here: `watch` says so while it is missing (--user-agent)
DEFAULT_USER_AGENT = f"newsfuse/{__version__} (news feed reader; no contact given)"


@dataclass
class FetchOptions:
    user_agent: str = DEFAULT_USER_AGENT
    host_delay: float = 5.0  # seconds between two requests to one host (robots.txt Crawl-delay can raise it)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 5_000_000  # a feed or an article page is far smaller; past this the response is cut off
    max_retry_after: float = 6 * 3600.0  # a server cannot park us for longer than this
    robots_ttl: float = 24 * 3600.0
    robots_retry: float = 600.0  # robots.txt unreachable (5xx, network): everything disallowed until then


@dataclass
class Response:
    url: str
    status: int = 0  # 0: no response (network error, timeout, cut off)
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    content: bytes = b""
    error: str | None = None  # one line, when the fetch failed
    retry_after: float | None = None  # seconds (capped), from a 429 or 503

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300


def retry_after_seconds(value: str | None, now: float, cap: float) -> float | None:
    """Retry-After as seconds from now (delta-seconds or an HTTP date), capped; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return min(max(0.0, when - now), cap)


@dataclass
class _Robots:
    rules: object | None  # a Protego parser; None allows everything
    disallow_all: bool
    expires: float


class Fetcher:
    """One HTTP client for the watcher. Thread-safe: requests to one host are serialised and spaced."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        o = self.options
        self._client = httpx.Client(
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(o.read_timeout, connect=o.connect_timeout),
            follow_redirects=True,
            max_redirects=5,
        )
        self._agent = o.user_agent.split("/", 1)[0].split()[0]  # the product token robots.txt groups name
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._next_at: dict[str, float] = {}  # monotonic time a host may be asked again
        self._paused: dict[str, float] = {}  # hosts that said 429/503: until when
        self._robots: dict[str, _Robots] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------- politeness
    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def delay(self, host: str) -> float:
        """Seconds between two requests to ``host``: --host-delay, or its robots.txt Crawl-delay if longer."""
        robots = self._robots.get(host)
        crawl = None
        if robots and robots.rules is not None:
            crawl = robots.rules.crawl_delay(self._agent)  # type: ignore[attr-defined]
        return max(self.options.host_delay, float(crawl or 0))

    def ready_in(self, url: str) -> float:
        """Seconds until ``url``'s host may be asked again."""
        return max(0.0, self._next_at.get(host_of(url), 0.0) - time.monotonic())

    def defer_host(self, url: str, seconds: float) -> None:
        """Ask nothing of ``url``'s host for ``seconds`` (it said 429 or 503)."""
        host = host_of(url)
        self._next_at[host] = max(self._next_at.get(host, 0.0), time.monotonic() + seconds)
        self._paused[host] = self._next_at[host]

    def paused(self, url: str) -> bool:
        """Whether ``url``'s host asked for a pause that is not over: callers leave it for later rather
        than wait for it."""
        return self._paused.get(host_of(url), 0.0) > time.monotonic()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets us fetch it (robots.txt fetched and cached as needed)."""
        host = host_of(url)
        robots = self._robots.get(host)
        if robots is None or robots.expires < time.monotonic():
            robots = self._fetch_robots(url)
            self._robots[host] = robots
        if robots.disallow_all:
            return False
        return robots.rules is None or robots.rules.can_fetch(url, self._agent)  # type: ignore[attr-defined]

    def _fetch_robots(self, url: str) -> _Robots:
        from protego import Protego

        parts = urlsplit(url)
        response = self._request(f"{parts.scheme}://{parts.netloc}/robots.txt", {})
        now = time.monotonic()
        if response.status == 200 and response.error is None:
            text = response.content.decode("utf-8", errors="replace")
            return _Robots(Protego.parse(text), False, now + self.options.robots_ttl)
        if 400 <= response.status < 500:  # RFC 9309: unavailable, everything allowed
            return _Robots(None, False, now + self.options.robots_ttl)
        # unreachable (5xx, network): RFC 9309 says assume complete disallow, and ask again later
        return _Robots(None, True, now + self.options.robots_retry)

    # ------------------------------------------------------------- fetching
    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET ``url`` when its host is ready (waiting for it), reading at most ``max_bytes``."""
        return self._request(url, headers or {})

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        host = host_of(url)
        with self._host_lock(host):  # one request at a time per host
            wait = self._next_at.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return self._send(url, headers)
            finally:
                self._next_at[host] = max(self._next_at.get(host, 0.0), time.monotonic() + self.delay(host))

    def _send(self, url: str, headers: dict[str, str]) -> Response:
        o = self.options
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                out = Response(str(r.url), r.status_code, {k.lower(): v for k, v in r.headers.items()})
                if r.status_code in (429, 503):
                    out.retry_after = retry_after_seconds(r.headers.get("retry-after"), time.time(), o.max_retry_after)
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > o.max_bytes:
                    out.error = f"response too large ({int(declared):,} bytes declared; limit {o.max_bytes:,})"
                    return out
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > o.max_bytes:
                        out.error = f"response too large (over {o.max_bytes:,} bytes): cut off"
                        return out
                out.content = bytes(body)
                return out
        except httpx.TimeoutException as exc:
            kind = {"ConnectTimeout": "connecting", "ReadTimeout": "reading"}.get(type(exc).__name__, "waiting")
            return Response(url, error=f"timed out {kind}")
        except httpx.HTTPError as exc:
            return Response(url, error=f"network error ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})")
