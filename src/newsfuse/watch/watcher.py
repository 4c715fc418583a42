"""The watcher: polls sources when due, fetches the new articles they list, and sends them through the one
ingest path (``ingest_documents`` + ``build_stories``) in small batches, then says what changed.

Everything it knows is in the store (sources with validators and schedule, each URL with its outcome), so a
watcher killed at any moment starts again where it stopped: an article is stored with its URL's outcome in
one transaction, and ``build_stories`` picks up whatever a killed run left waiting for story assignment.
Runs as ``newsfuse watch`` or as a thread inside ``newsfuse serve`` (``Watcher(db, options).run(stop)``).
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from newsfuse.pipeline import CHUNK, build_stories, ingest_documents
from newsfuse.read import declared_charset, decode
from newsfuse.records import Alert, RawDocument, Source, Story
from newsfuse.store import Store
from newsfuse.watch.alerts import Changes, changes, load_facts, snapshot, story_alerts, watch_alerts
from newsfuse.watch.deliver import Deliverer, DeliveryOptions
from newsfuse.watch.fetch import Fetcher, FetchOptions, Response
from newsfuse.watch.parse import header_charset, parse_listing, wall_reason
from newsfuse.watch.urls import host_of

Log = Callable[[str], None]


def _stderr(line: str) -> None:
    print(f"newsfuse watch: {line}", file=sys.stderr, flush=True)


@dataclass
class WatchOptions:
    min_interval: float = 900.0  # never poll a source more often (seconds)
    max_interval: float = 6 * 3600.0  # a source that rarely changes is polled at least this often
    max_backoff: float = 24 * 3600.0  # the longest wait after failures
    fail_after: int = 3  # consecutive failures before a source is 'failing'
    disable_after: int = 10  # ... and 'disabled' (polled no more)
    batch: int = 8  # articles per ingest: small, so a story updates seconds after its report is fetched ...
    # ... and larger with a backlog (a first poll), as each ingest has a fixed cost: up to a chunk per core
    max_batch: int = 2 * CHUNK
    page_tries: int = 3  # an article page that fails transiently is tried this often
    catch_up_every: float = 300.0  # seconds between looks at every story for changes made by other writers
    fetch: FetchOptions = field(default_factory=FetchOptions)
    delivery: DeliveryOptions = field(default_factory=DeliveryOptions)


@dataclass
class PollResult:
    sources: int = 0  # polled
    new_urls: int = 0  # article URLs found that the store had not seen
    stored: int = 0  # articles stored
    duplicates: int = 0  # pages whose text was already stored (under another URL)
    failed: int = 0  # pages that could not be used (errors, walls, robots)
    stories: int = 0  # stories updated
    alerts: list[Alert] = field(default_factory=list)

    def add(self, other: PollResult) -> None:
        for name in ("sources", "new_urls", "stored", "duplicates", "failed", "stories"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.alerts += other.alerts


class Watcher:
    """Follows the store's sources. One Watcher per thread (it opens its own Store)."""

    def __init__(self, db_path: str, options: WatchOptions | None = None, log: Log = _stderr) -> None:
        self.db_path = db_path
        self.options = options or WatchOptions()
        self.log = log
        self.fetcher = Fetcher(self.options.fetch)
        self._caught_up = 0.0  # monotonic time of the last look at every story

    # ---------------------------------------------------------------- loop
    def run(self, stop: threading.Event) -> None:
        """Poll until ``stop`` is set; webhooks are delivered by a thread of their own, so a slow or failing
        receiver never holds up ingestion."""
        deliverer = Deliverer(self.db_path, self.options.delivery, self.log)
        thread = threading.Thread(target=deliverer.run, args=(stop,), name="newsfuse-webhooks", daemon=True)
        thread.start()
        with Store(self.db_path) as store:
            while not stop.is_set():
                try:
                    self.poll_once(store, stop)
                except Exception as exc:  # a bug or a full disk must not end a long-running watch silently
                    self.log(f"poll failed ({type(exc).__name__}: {exc}); trying again")
                    stop.wait(self.options.min_interval)
                    continue
                stop.wait(self._idle(store))
        thread.join(timeout=5)

    def _idle(self, store: Store) -> float:
        """Seconds until something is due (a source or a page to retry), at least a short nap."""
        now = time.time()
        due = [s.next_poll for s in store.sources() if s.state != "disabled"]
        due += [now] if store.pending_urls(now) else []
        return max(0.05, min(due, default=now + self.options.min_interval) - now)

    def close(self) -> None:
        self.fetcher.close()

    # ---------------------------------------------------------------- poll
    def poll_once(self, store: Store | None = None, stop: threading.Event | None = None) -> PollResult:
        """Poll every source that is due, then fetch and ingest the new articles; returns what happened."""
        if store is None:
            with Store(self.db_path) as own:
                return self.poll_once(own, stop)
        result = PollResult()
        result.add(self._update_stories(store, build_stories(store)))  # what a killed run left waiting
        if time.monotonic() - self._caught_up >= self.options.catch_up_every or not self._caught_up:
            # stories changed without this watcher seeing it: a run killed between saving stories and its
            # alerts, or articles added by `newsfuse ingest` or the web API
            result.add(self._update_stories(store, store.stories()))
            self._caught_up = time.monotonic()
        for source in store.sources(due_at=time.time()):
            if stop is not None and stop.is_set():
                return result
            if self.fetcher.paused(source.url):  # its host asked for a pause: polled once it is over
                continue
            result.sources += 1
            result.new_urls += self._poll_source(store, source)
        result.add(self._fetch_pages(store, stop))
        return result

    def _poll_source(self, store: Store, source: Source) -> int:
        """Fetch one feed or sitemap and record the article URLs it lists; returns how many were new."""
        o = self.options
        now = time.time()
        source.last_poll = now
        if not self.fetcher.allowed(source.url):
            source.state, source.last_error = "blocked", "disallowed by robots.txt"
            source.next_poll = now + o.max_interval
            store.update_source(source)
            self.log(f"{source.url}: disallowed by robots.txt")
            return 0
        headers = {}
        if source.etag:
            headers["If-None-Match"] = source.etag
        if source.last_modified:
            headers["If-Modified-Since"] = source.last_modified
        response = self.fetcher.get(source.url, headers)
        if response.status == 410:
            source.state, source.last_error = "disabled", "410 Gone: the source was removed"
            store.update_source(source)
            self.log(f"{source.url}: 410 Gone, disabled")
            return 0
        if response.status in (401, 403, 451):  # refused to us: polled again, rarely
            source.state, source.failures = "blocked", source.failures + 1
            source.last_error = f"HTTP {response.status}: refused (a login or a bot wall)"
            source.next_poll = now + o.max_interval
            store.update_source(source)
            self.log(f"{source.url}: {source.last_error}")
            return 0
        if response.status == 304:
            self._succeeded(store, source, response, found=0)
            return 0
        if not response.ok:
            self._failed(store, source, response)
            return 0
        try:
            listing = parse_listing(response.content, response.url, response.headers.get("content-type"))
        except ValueError as exc:
            self._failed(store, source, response, str(exc))
            return 0
        source.kind = listing.kind
        for child in listing.sitemaps:
            store.add_source(child, o.min_interval, kind="sitemap", parent=source.id)
        new = store.add_urls(source.id, [(e.url, e.title, e.published) for e in listing.entries])
        self._succeeded(store, source, response, found=len(new) + len(listing.sitemaps))
        return len(new)

    def _succeeded(self, store: Store, source: Source, response: Response, found: int) -> None:
        """A good poll: validators as received, and the next poll sooner when it found something, later when not."""
        o = self.options
        if response.status != 304:
            source.etag = response.headers.get("etag")
            source.last_modified = response.headers.get("last-modified")
        source.state, source.failures, source.last_error = "ok", 0, None
        source.last_success = source.last_poll
        if found:
            source.last_change = source.last_poll
            source.interval = max(o.min_interval, source.interval / 2)
        else:
            source.interval = min(o.max_interval, max(o.min_interval, source.interval * 1.5))
        source.next_poll = (source.last_poll or time.time()) + source.interval
        store.update_source(source)

    def _failed(self, store: Store, source: Source, response: Response, reason: str | None = None) -> None:
        """A failed poll: back off (doubling, to a cap; longer if the server said Retry-After), then 'failing',
        then 'disabled'."""
        o = self.options
        source.failures += 1
        source.last_error = reason or response.error or f"HTTP {response.status}"
        backoff = min(o.max_backoff, max(o.min_interval, source.interval) * 2 ** (source.failures - 1))
        if response.retry_after is not None:
            backoff = max(backoff, response.retry_after)
            self.fetcher.defer_host(source.url, response.retry_after)
        if source.failures >= o.disable_after:
            source.state = "disabled"
        elif source.failures >= o.fail_after:
            source.state = "failing"
        source.next_poll = (source.last_poll or time.time()) + backoff
        store.update_source(source)
        self.log(f"{source.url}: {source.last_error} ({source.state}, failure {source.failures})")

    # --------------------------------------------------------------- pages
    def _fetch_pages(self, store: Store, stop: threading.Event | None) -> PollResult:
        """Fetch every pending article page, host by host as each becomes ready, and ingest them in batches."""
        result = PollResult()
        batch: list[tuple[str, int, RawDocument]] = []
        queues: dict[str, deque[tuple[str, int, str | None, str | None]]] = {}  # per host, in the order listed
        for item in store.pending_urls(time.time()):
            if not self.fetcher.paused(item[0]):
                queues.setdefault(host_of(item[0]), deque()).append(item)
        left = sum(len(q) for q in queues.values())
        # ingest in small batches, larger while a backlog lasts (each ingest has a fixed cost)
        size = min(self.options.max_batch, max(self.options.batch, left // 4))
        while queues and not (stop is not None and stop.is_set()):
            # the host ready soonest: hosts take turns, so one slow host does not hold up the rest
            host = min(queues, key=lambda h: self.fetcher.ready_in(queues[h][0][0]))
            url, source_id, title, published = queues[host].popleft()
            if not queues[host]:
                del queues[host]
            if article_id := store.article_at(url):  # stored by a run killed before it noted the outcome
                store.set_url_outcome(url, "stored", article_id=article_id)
                continue
            doc, pause = self._fetch_page(store, url, title, published, result)
            if pause:  # the host asked for a pause (429/503): its other pages wait for a later round
                queues.pop(host, None)
            if doc is not None:
                batch.append((url, source_id, doc))
            if len(batch) >= size:
                result.add(self._ingest(store, batch))
                batch = []
        if batch:
            result.add(self._ingest(store, batch))
        return result

    def _fetch_page(
        self, store: Store, url: str, title: str | None, published: str | None, result: PollResult
    ) -> tuple[RawDocument | None, bool]:
        """The page as a document to ingest, or None (its outcome stored); and whether its host asked for a
        pause."""
        if not self.fetcher.allowed(url):
            store.set_url_outcome(url, "disallowed", detail="disallowed by robots.txt")
            result.failed += 1
            return None, False
        response = self.fetcher.get(url, {})
        if response.status in (404, 410):
            store.set_url_outcome(url, "gone", detail=f"HTTP {response.status}")
            result.failed += 1
            return None, False
        if response.retry_after is not None:  # the host asked for a pause: leave its pages for later
            self.fetcher.defer_host(url, response.retry_after)
            again = time.time() + response.retry_after
            if not store.retry_url(url, f"HTTP {response.status}", again, self.options.page_tries):
                result.failed += 1
            return None, True
        if response.status in (401, 403, 451):  # a login, a bot wall or a legal block: not an article
            store.set_url_outcome(url, "blocked", detail=f"blocked: HTTP {response.status}")
            self.log(f"skipped {url}: blocked (HTTP {response.status})")
            result.failed += 1
            return None, False
        if not response.ok:
            reason = response.error or f"HTTP {response.status}"
            transient = response.status == 0 or response.status >= 500 or response.status == 429
            if transient and "too large" not in reason:
                wait = self.options.min_interval
                if store.retry_url(url, reason, time.time() + wait, self.options.page_tries):
                    return None, False
            else:
                store.set_url_outcome(url, "error", detail=reason)
            self.log(f"skipped {url}: {reason}")
            result.failed += 1
            return None, False
        try:  # UTF-8 if it is, else the header's charset, else the page's, else detected: labels lie
            declared = header_charset(response.headers.get("content-type")) or declared_charset(response.content)
            html, encoding = decode(response.content, declared)
        except ValueError as exc:
            store.set_url_outcome(url, "error", detail=str(exc))
            self.log(f"skipped {url}: {exc}")
            result.failed += 1
            return None, False
        wall = wall_reason(html)
        if wall:
            store.set_url_outcome(url, "blocked", detail=wall)
            self.log(f"skipped {url}: {wall}")
            result.failed += 1
            return None, False
        return RawDocument(path=url, html=html, url=url, title=title, published=published, encoding=encoding), False

    def _ingest(self, store: Store, batch: list[tuple[str, int, RawDocument]]) -> PollResult:
        """One batch through the one ingest path, then each URL's outcome (a run killed in between leaves the
        URL pending, and the next one finds its article by path instead of fetching it again)."""
        result = PollResult()
        ingested = ingest_documents([doc for _, _, doc in batch], store)
        with store.transaction():
            failed = {e.path: e.reason for e in ingested.errors}
            stored_ids = set(ingested.new)
            by_path = {a.path: a.id for a in store.articles(ingested.articles)}
            per_source: dict[int, int] = {}
            for url, source_id, _ in batch:
                if url in failed:
                    store.set_url_outcome(url, "error", detail=failed[url])
                    self.log(f"skipped {url}: {failed[url]}")
                    result.failed += 1
                elif by_path.get(url) in stored_ids:
                    store.set_url_outcome(url, "stored", article_id=by_path[url])
                    per_source[source_id] = per_source.get(source_id, 0) + 1
                    result.stored += 1
                else:  # its text is stored already, from another URL
                    store.set_url_outcome(url, "duplicate", article_id=by_path.get(url))
                    result.duplicates += 1
            for source_id, added in per_source.items():
                store.count_source_articles(source_id, added)
        result.add(self._update_stories(store, build_stories(store)))
        return result

    # -------------------------------------------------------------- alerts
    def _update_stories(self, store: Store, touched: list[Story]) -> PollResult:
        """Compare each touched story with what was last seen of it; store what changed once (the story's own
        log, read by the digest) and the alerts of every watch that matches, with the new view of the story."""
        result = PollResult(stories=len(touched))
        if not touched:
            return result
        seen = store.seen_stories(s.id for s in touched)
        watches = store.watches()
        ids = {a for s in touched for a in s.articles}
        by_id = {a.id: a for a in store.articles(ids)}
        alerts: list[Alert] = []
        new_seen = {}
        for story in touched:
            digest, facts = snapshot(story)
            old = seen.get(story.id)
            if old is not None and old[0] == digest:
                continue  # fused again, unchanged
            change: Changes = changes(story, None if old is None else load_facts(old[1]))
            new_seen[story.id] = (digest, facts)
            if not change:
                continue
            alerts += story_alerts(change, by_id)
            story_articles = [by_id[a] for a in story.articles if a in by_id]
            for watch in watches:
                alerts += watch_alerts(watch, change, story_articles, by_id)
        stored = store.record_alerts(alerts, new_seen, deliver={w.name for w in watches if w.webhook})
        result.alerts = [a for a in stored if a.watch]
        for alert in result.alerts:
            self.log(f"alert [{alert.watch}] {alert.message}")
        return result
