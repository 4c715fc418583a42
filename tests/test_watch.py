"""The watcher against a loopback server that records every request (tests/loopback.py): politeness,
conditional GET, failures and their states, walls, duplicates, and the stories and alerts it keeps current."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from itertools import pairwise

import httpx
import pytest
from loopback import Loopback, Reply, page, rss

from newsfuse.cli import main
from newsfuse.records import Watch
from newsfuse.store import Store
from newsfuse.watch import FetchOptions, Watcher, WatchOptions
from newsfuse.watch.deliver import SIGNATURE_HEADER, Deliverer, DeliveryOptions
from newsfuse.watch.fetch import retry_after_seconds
from newsfuse.watch.parse import parse_listing, wall_reason
from newsfuse.watch.urls import normalise_url

PARAGRAPHS = [
    "The harbour authority of Tarsk closed the northern quay on Monday after a crane collapsed onto a cargo ship, "
    "the port's director, Mirela Vost, said.",
    "No one was hurt, but about 40 containers fell into the water and divers were searching for them on Tuesday.",
    "Vost said the quay would reopen on Friday once engineers from the Ministry of Transport had inspected it.",
]


def article(n: int) -> tuple[str, bytes]:
    """A distinct generated article: (title, page)."""
    title = f"Report {n}: crane collapse number {n} closes quay {n} in Tarsk"
    body = [f"{p} This is update number {n} on case {n * 7919}." for p in PARAGRAPHS]
    return title, page(title, body)


@pytest.fixture
def server():
    s = Loopback()
    yield s
    s.close()


def options(**fetch) -> WatchOptions:
    defaults = dict(host_delay=0.02, connect_timeout=1.0, read_timeout=0.6, max_bytes=200_000, max_retry_after=2.0)
    return WatchOptions(
        min_interval=0.2, max_interval=5.0, max_backoff=3.0, fail_after=2, disable_after=3, batch=4, page_tries=2,
        fetch=FetchOptions(**{**defaults, **fetch}), delivery=DeliveryOptions(backoff=0.1, timeout=1.0),
    )  # fmt: skip


def make_due(store: Store) -> None:
    for s in store.sources():
        s.next_poll = 0
        store.update_source(s)


def serve_articles(server: Loopback, numbers: list[int], feed: str = "/feed.xml", date: str | None = None) -> None:
    items = []
    for n in numbers:
        title, html = article(n)
        server.routes[f"/news/{n}.html"] = Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})
        items.append((server.url(f"/news/{n}.html"), title, date))
    server.routes[feed] = Reply(200, rss(items), {"Content-Type": "application/rss+xml"})


def source_of(store: Store, url: str):
    return store.source(normalise_url(url))


# --------------------------------------------------------------- pure parts
def test_url_normalisation_drops_tracking_case_fragment_and_default_port():
    assert (
        normalise_url("HTTPS://News.Example.ORG:443/World/a.html?id=3&utm_source=rss&utm_medium=x&fbclid=Z#top")
        == "https://news.example.org/World/a.html?id=3"
    )
    assert normalise_url("/a?gclid=1", base="http://Example.org/x/") == "http://example.org/a"
    assert normalise_url("http://example.org") == "http://example.org/"
    assert normalise_url("mailto:a@b.c") is None and normalise_url("ftp://x/y") is None


def test_retry_after_is_read_as_seconds_or_date_and_capped():
    assert retry_after_seconds("30", 0, 3600) == 30
    assert retry_after_seconds("99999", 0, 3600) == 3600
    assert retry_after_seconds("Thu, 01 Jan 1970 00:01:40 GMT", 40.0, 3600) == pytest.approx(60)
    assert retry_after_seconds("soon", 0, 3600) is None


def test_a_paywall_stub_is_told_from_an_article_that_mentions_subscribing():
    stub = page("Exclusive", ["Subscribe to continue reading this article.", "Already a subscriber? Sign in."])
    assert wall_reason(stub.decode()).startswith("blocked:")
    long = page("Story", PARAGRAPHS * 8 + ["Subscribe to continue reading our coverage of the port."])
    assert wall_reason(long.decode()) is None
    assert wall_reason(page("Just a moment...", ["Checking your browser before accessing the site."]).decode())


def test_sitemaps_and_malformed_xml():
    news = (
        b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>http://a.org/x?utm_campaign=c</loc>'
        b"<news:news><news:publication><news:name>A</news:name><news:language>en</news:language></news:publication>"
        b"<news:publication_date>2026-03-04T10:00:00Z</news:publication_date><news:title>Quay shut</news:title>"
        b"</news:news></url></urlset>"
    )
    listing = parse_listing(news, "http://a.org/sitemap.xml")
    assert listing.kind == "sitemap" and listing.sitemaps == []
    assert [(e.url, e.title, e.published[:10]) for e in listing.entries] == [
        ("http://a.org/x", "Quay shut", "2026-03-04")
    ]
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://a.org/s1.xml</loc></sitemap></sitemapindex>'
    assert parse_listing(index, "http://a.org/index.xml").sitemaps == ["http://a.org/s1.xml"]
    for broken in (b"<urlset><url><loc>http://a.org/x</loc></url", b"<rss><channel><item><title>x</ti"):
        with pytest.raises(ValueError, match="malformed"):
            parse_listing(broken, "http://a.org/f")


# ------------------------------------------------------------- the watcher
def test_first_poll_then_a_conditional_repoll_answered_304(server, tmp_path):
    serve_articles(server, [1, 2])
    feed = server.routes["/feed.xml"]
    etag, modified = 'W/"v1-5f3a"', "Wed, 04 Mar 2026 12:00:00 GMT"

    def conditional(request):
        if request.headers.get("if-none-match") == etag:
            return Reply(304)
        return Reply(200, feed.body, {"ETag": etag, "Last-Modified": modified, "Content-Type": "application/rss+xml"})

    server.routes["/feed.xml"] = conditional
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        watcher = Watcher(db, options())
        first = watcher.poll_once(store)
        assert (first.sources, first.new_urls, first.stored) == (1, 2, 2)
        src = source_of(store, server.url("/feed.xml"))
        assert (src.state, src.etag, src.last_modified, src.articles) == ("ok", etag, modified, 2)
        assert src.next_poll >= src.last_poll + 0.2
        make_due(store)
        second = watcher.poll_once(store)
        assert (second.sources, second.new_urls, second.stored) == (1, 0, 0)
    repoll = server.hits("/feed.xml")[1]
    assert repoll.headers["if-none-match"] == etag and repoll.headers["if-modified-since"] == modified
    assert [len(server.hits(f"/news/{n}.html")) for n in (1, 2)] == [1, 1]  # a stored URL is not fetched again
    assert "newsfuse/" in repoll.headers["user-agent"]


def test_robots_txt_is_obeyed_with_its_crawl_delay_and_hosts_are_spaced(server, tmp_path):
    serve_articles(server, [1, 2, 3])
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /news/2.html\nCrawl-delay: 0.3\n")
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        result = Watcher(db, options(host_delay=0.05)).poll_once(store)
        assert result.stored == 2
        assert store.url_outcomes()[server.url("/news/2.html")] == "disallowed"
    assert server.hits("/news/2.html") == []
    assert len(server.hits("/robots.txt")) == 1  # cached for the host
    times = [r.at for r in server.requests]
    gaps = [b - a for a, b in pairwise(times)]
    assert len(times) == 4 and min(gaps[1:]) >= 0.29  # after robots.txt is read, its Crawl-delay spaces requests


def test_per_host_spacing_from_the_recorded_request_times(server, tmp_path):
    serve_articles(server, [1, 2, 3, 4, 5])
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        Watcher(db, options(host_delay=0.25)).poll_once(store)
    times = [r.at for r in server.requests]
    assert len(times) == 7  # robots.txt, the feed, five pages
    assert min(b - a for a, b in pairwise(times)) >= 0.24


def test_429_with_retry_after_waits_as_asked_capped(server, tmp_path):
    server.routes["/feed.xml"] = Reply(429, b"slow down", {"Retry-After": "3600"})
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        watcher = Watcher(db, options())
        watcher.poll_once(store)
        src = source_of(store, server.url("/feed.xml"))
        assert src.last_error == "HTTP 429" and src.failures == 1
        assert src.next_poll - src.last_poll == pytest.approx(2.0)  # Retry-After 3600 capped at 2 s
        watcher.poll_once(store)  # not due yet: no request
    assert len(server.hits("/feed.xml")) == 1


def test_errors_and_timeouts_back_off_then_fail_then_disable(server, tmp_path):
    server.routes["/feed.xml"] = Reply(500, b"oops")
    server.routes["/slow.xml"] = Reply(200, rss([]), delay=1.2)
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        store.add_source(server.url("/slow.xml"), 0.2)
        watcher = Watcher(db, options())
        waits, states = [], []
        for _ in range(3):
            make_due(store)
            watcher.poll_once(store)
            src = source_of(store, server.url("/feed.xml"))
            waits.append(src.next_poll - src.last_poll)
            states.append(src.state)
        assert states == ["ok", "failing", "disabled"] and src.last_error == "HTTP 500"
        assert waits[0] < waits[1] < waits[2] <= 3.0  # doubling, to the cap
        slow = source_of(store, server.url("/slow.xml"))
        assert slow.last_error == "timed out reading" and slow.state == "disabled"
        make_due(store)
        watcher.poll_once(store)  # disabled sources are polled no more
    assert len(server.hits("/feed.xml")) == 3
    code = main(["sources", "list", "--db", db])
    assert code == 0


def test_410_gone_disables_the_source(server, tmp_path):
    server.routes["/feed.xml"] = Reply(410, b"gone")
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        Watcher(db, options()).poll_once(store)
        src = source_of(store, server.url("/feed.xml"))
        assert src.state == "disabled" and "410" in src.last_error


def test_malformed_feed_is_a_failure_with_its_reason(server, tmp_path):
    server.routes["/feed.xml"] = Reply(200, b"<rss><channel><item><title>Broken", {"Content-Type": "application/xml"})
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        Watcher(db, options()).poll_once(store)
        src = source_of(store, server.url("/feed.xml"))
        assert src.failures == 1 and src.last_error.startswith("malformed feed")


def test_mislabelled_encodings_are_read_right(server, tmp_path):
    title = "Café owners in Tarsk “count the cost” of the quay closure"
    body = [p.replace("director", "directrice, Renée") for p in PARAGRAPHS]
    html = page(title, body).decode().replace("<meta charset='utf-8'>", "").encode("cp1252")
    server.routes["/news/1.html"] = Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})  # a lie
    feed = (
        rss([(server.url("/news/1.html"), title, None)]).decode().replace('encoding="utf-8"', 'encoding="iso-8859-1"')
    )
    feed = feed.replace("“", "'").replace("”", "'")
    server.routes["/feed.xml"] = Reply(200, feed.encode("latin-1"), {"Content-Type": "text/xml; charset=utf-8"})
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        assert Watcher(db, options()).poll_once(store).stored == 1
        (stored,) = store.articles()
    assert stored.title.startswith("Café owners") and "Renée" in stored.text and "\ufffd" not in stored.text


def test_a_huge_response_is_cut_off(server, tmp_path):
    big = page("Huge", ["word " * 60_000])
    server.routes["/news/big.html"] = Reply(200, big, length=False)  # no Content-Length: read until the cap
    server.routes["/news/declared.html"] = Reply(200, big)
    server.routes["/feed.xml"] = Reply(
        200, rss([(server.url("/news/big.html"), "Big", None), (server.url("/news/declared.html"), "Declared", None)])
    )
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        result = Watcher(db, options()).poll_once(store)
        assert result.stored == 0 and result.failed == 2
        outcomes = store.url_outcomes()
        assert outcomes[server.url("/news/big.html")] == outcomes[server.url("/news/declared.html")] == "error"


def test_a_paywall_stub_is_recorded_as_blocked_not_ingested(server, tmp_path):
    serve_articles(server, [1])
    stub = page("Port exclusive", ["Subscribe to continue reading.", "Already a subscriber? Sign in."])
    server.routes["/news/paid.html"] = Reply(200, stub)
    challenge = page("Just a moment...", ["Checking if the site connection is secure."])
    server.routes["/news/wall.html"] = Reply(403, challenge)
    server.routes["/feed.xml"] = Reply(
        200,
        rss([(server.url(f"/news/{n}.html"), n, None) for n in ("1", "paid", "wall")]),
    )
    server.routes["/refused.xml"] = Reply(403, challenge)
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        store.add_source(server.url("/refused.xml"), 0.2)
        assert Watcher(db, options()).poll_once(store).stored == 1
        outcomes = store.url_outcomes()
        assert outcomes[server.url("/news/paid.html")] == outcomes[server.url("/news/wall.html")] == "blocked"
        assert store.counts()["articles"] == 1
        assert source_of(store, server.url("/refused.xml")).state == "blocked"


def test_duplicates_across_feeds_and_tracking_parameters_are_fetched_once(server, tmp_path):
    serve_articles(server, [1, 2])
    _, twin = article(2)
    server.routes["/mirror/2.html"] = Reply(200, twin)  # the same text under another URL
    other = [
        (server.url("/news/1.html", host="127.0.0.1") + "?utm_source=rss&utm_medium=feed#comments", "One", None),
        (server.url("/mirror/2.html"), "Two again", None),
    ]
    server.routes["/other.xml"] = Reply(200, rss(other))
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        store.add_source(server.url("/other.xml"), 0.2)
        result = Watcher(db, options()).poll_once(store)
        assert (result.new_urls, result.stored, result.duplicates) == (3, 2, 1)
        assert store.counts()["articles"] == 2
        assert store.url_outcomes()[server.url("/mirror/2.html")] == "duplicate"
    assert len(server.hits("/news/1.html")) == 1
    assert not [r for r in server.requests if "utm_" in r.path]


def test_sitemap_index_and_opml(server, tmp_path):
    serve_articles(server, [1])
    title, html = article(2)
    server.routes["/news/2.html"] = Reply(200, html)
    server.routes["/sitemap-index.xml"] = Reply(
        200,
        (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
            f"<loc>{server.url('/news-sitemap.xml')}</loc></sitemap></sitemapindex>"
        ).encode(),
    )
    server.routes["/news-sitemap.xml"] = Reply(
        200,
        (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"<url><loc>{server.url('/news/2.html')}</loc><news:news><news:publication><news:name>T</news:name>"
            "<news:language>en</news:language></news:publication><news:publication_date>2026-03-04"
            f"</news:publication_date><news:title>{title}</news:title></news:news></url></urlset>"
        ).encode(),
    )
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="news"><outline type="rss" xmlUrl="{server.url("/feed.xml")}"/>'
        "</outline></body></opml>"
    )
    db = str(tmp_path / "w.db")
    assert main(["sources", "add", server.url("/sitemap-index.xml"), "--opml", str(opml), "--db", db]) == 0
    assert main(["sources", "add", "not a url", "--db", db]) == 1
    with Store(db) as store:
        watcher = Watcher(db, options())
        watcher.poll_once(store)  # the index lists the news sitemap, a source of its own, due at once
        watcher.poll_once(store)
        kinds = {s.url.rsplit("/", 1)[1]: (s.kind, s.articles) for s in store.sources()}
        assert kinds == {
            "sitemap-index.xml": ("sitemapindex", 0),
            "feed.xml": ("feed", 1),
            "news-sitemap.xml": ("sitemap", 1),
        }
        (from_sitemap,) = [a for a in store.articles() if a.url.endswith("/2.html")]
        assert from_sitemap.published == "2026-03-04"


# ----------------------------------------------------------- alerts, webhooks
def test_webhooks_are_signed_retried_and_never_block_ingestion(server, tmp_path):
    received = []

    def hook(request):
        received.append(request)
        return Reply(200, b"ok")

    server.routes["/hook"] = hook
    server.routes["/broken-hook"] = Reply(500, b"down")
    serve_articles(server, [1])
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_watch(Watch(name="tarsk", entity="Mirela Vost", webhook=server.url("/hook"), secret="s3cret"))
        store.add_watch(Watch(name="broken", keyword="crane", webhook=server.url("/broken-hook"), secret="x"))
        store.add_source(server.url("/feed.xml"), 0.2)
        result = Watcher(db, options()).poll_once(store)
        assert result.stored == 1 and {a.watch for a in result.alerts} == {"tarsk", "broken"}
        deliverer = Deliverer(db, DeliveryOptions(attempts=2, backoff=0.05))
        with httpx.Client(timeout=1) as client:
            assert deliverer.deliver_due(store, client) == 1
            time.sleep(0.12)
            deliverer.deliver_due(store, client)
            deliverer.deliver_due(store, client)  # attempts used up: no third try
        attempts = {alert_id: (n, ok, err) for alert_id, n, ok, err in store.deliveries()}
    (request,) = received
    body = request.headers["x-body"].encode()
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert request.headers[SIGNATURE_HEADER.lower()] == expected
    alert = json.loads(body)
    assert alert["watch"] == "tarsk" and alert["kind"] == "new-story" and alert["articles"][0]["url"].endswith("1.html")
    assert sorted((n, ok is not None, err) for n, ok, err in attempts.values()) == [
        (1, True, None),
        (2, False, "HTTP 500"),
    ]
    assert len(server.hits("/broken-hook")) == 2


def test_a_hanging_webhook_receiver_does_not_hold_up_a_running_watcher(server, tmp_path):
    import threading

    server.routes["/hook"] = Reply(200, b"ok", delay=3.0)
    serve_articles(server, [1])
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_watch(Watch(name="all", keyword="crane", webhook=server.url("/hook"), secret="k"))
        store.add_source(server.url("/feed.xml"), 0.2)
    opts = options()
    opts.delivery = DeliveryOptions(poll=0.05, timeout=5.0)
    stop = threading.Event()
    watcher = Watcher(db, opts)
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.hits("/hook") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.hits("/hook")  # the first alert is being delivered, and the receiver hangs
        serve_articles(server, [1, 2])  # a second report while the receiver hangs
        with Store(db) as store:
            while store.counts()["articles"] < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert store.counts()["articles"] == 2
            assert time.monotonic() - server.hits("/hook")[0].at < 3.0  # stored before the receiver answered
    finally:
        stop.set()
        thread.join(timeout=10)
        watcher.close()


def test_the_commands(server, tmp_path, capsys):
    serve_articles(server, [1, 2])
    db = str(tmp_path / "w.db")
    assert main(["sources", "add", server.url("/feed.xml"), server.url("/feed.xml") + "#x", "--db", db]) == 0
    assert "1 sources added, 0 already there" in capsys.readouterr().err
    code = main(["watches", "add", "port", "--keyword", "quay", "--status-change", "corroborated", "--db", db])
    assert code == 0
    assert main(["watches", "add", "empty", "--db", db]) == 2
    server.routes["/hook"] = Reply(204)
    assert main(["watches", "add", "hook", "--keyword", "crane", "--webhook", server.url("/hook"), "--db", db]) == 0
    args = ["--host-delay", "0.01", "--min-interval", "0.2", "--user-agent", "t/1 (+mailto:a@b.c)", "--db", db]
    assert main(["watch", "--once", *args]) == 0
    assert "2 articles stored" in capsys.readouterr().err
    assert main(["sources", "list", "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split("\t")[:2] == ["ok", "2"] and out[1].split("\t")[4] == "feed"
    assert main(["watches", "list", "--db", db]) == 0
    assert '"status_change": "corroborated"' in capsys.readouterr().out
    assert server.hits("/feed.xml")[0].headers["user-agent"] == "t/1 (+mailto:a@b.c)"
    assert server.hits("/hook")  # --once delivers the webhooks it raised, once each


def test_a_page_answered_429_pauses_its_host_then_is_fetched(server, tmp_path):
    serve_articles(server, [1, 2, 3])
    page_two = server.routes["/news/2.html"]
    answers = iter([Reply(429, b"busy", {"Retry-After": "1"})])
    server.routes["/news/2.html"] = lambda request: next(answers, page_two)
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        watcher = Watcher(db, options())
        stored = watcher.poll_once(store).stored  # page 1; page 2 said 429, and page 3 waits with it
        deadline = time.monotonic() + 10
        while stored < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
            stored += watcher.poll_once(store).stored
        assert stored == 3
    refused = server.hits("/news/2.html")[0].at
    after = [server.hits("/news/2.html")[1].at, server.hits("/news/3.html")[0].at]
    assert min(after) - refused >= 1.0  # nothing asked of the host before its Retry-After was over
    assert [len(server.hits(f"/news/{n}.html")) for n in (1, 2, 3)] == [1, 2, 1]
