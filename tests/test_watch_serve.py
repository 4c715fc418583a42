"""`serve --watch`: the watcher as a thread of the web app. New stories appear in a browser without a restart;
alerts are served as JSON (/api/alerts) and as an Atom feed (/alerts.atom)."""

from __future__ import annotations

import time

import feedparser
import httpx
import pytest
from conftest import EXAMPLES
from loopback import Loopback, Reply, example_page, rfc822, rss
from test_watch import options
from test_web_browser import CHROMIUM, browser_type_launch_args  # noqa: F401 (the fixture: Debian's chromium)
from web_server import serving

from newsfuse.cli import build_parser
from newsfuse.records import Watch
from newsfuse.store import Store
from newsfuse.watch.commands import watch_in_background
from newsfuse.web import create_app


@pytest.fixture
def feed():
    """A loopback feed that starts empty; ``add(example)`` puts an examples/ article in it."""
    server = Loopback()
    items = []
    server.routes["/feed.xml"] = lambda request: Reply(200, rss(items), {"Content-Type": "application/rss+xml"})

    def add(name: str) -> str:
        path = EXAMPLES / name
        title, published, html = example_page(path)
        server.routes[f"/{path.stem}.html"] = Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})
        items.insert(0, (server.url(f"/{path.stem}.html"), title, rfc822(published) if published else None))
        return title

    server.add = add
    yield server
    server.close()


def test_serve_watch_arguments():
    args = build_parser().parse_args(["serve", "--watch", "--host-delay", "1", "--min-interval", "60"])
    assert args.watch and args.host_delay == 1 and args.min_interval == 60


@pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="no chromium")
def test_new_stories_appear_in_the_browser_without_a_restart(page, feed, tmp_path):
    from playwright.sync_api import expect

    db = str(tmp_path / "news.db")
    first = feed.add("03_harbour-gazette.txt")
    with Store(db) as store:
        store.add_source(feed.url("/feed.xml"), 0.2)
        store.add_watch(Watch(name="strike", keyword="Hallbrook"))
    with serving(create_app(db, background=watch_in_background(options()))) as base:
        rows = page.locator("li.story-row")

        def wait_for(count: int) -> None:
            deadline = time.monotonic() + 90  # the first story waits for the model to load
            while time.monotonic() < deadline:
                page.goto(base + "/")
                if rows.count() >= count:
                    return
                time.sleep(0.5)

        wait_for(1)
        expect(rows).to_have_count(1)
        expect(rows.first.locator("a.title")).to_contain_text(first)
        second = feed.add("07_highland-evening-post.txt")  # another event, while the server runs
        wait_for(2)
        expect(rows).to_have_count(2)
        expect(page.locator("li.story-row a.title", has_text=second)).to_have_count(1)
        feed.add("06_ardmere-ledger.txt")  # the strike again: its story grows, no third story
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not httpx.get(base + "/api/alerts").json()["alerts"][1:]:
            time.sleep(0.3)
        page.goto(base + "/")
        expect(rows).to_have_count(2)

        alerts = httpx.get(base + "/api/alerts", params={"since": "1h", "watch": "strike"}).json()["alerts"]
        kinds = [a["kind"] for a in alerts]
        assert kinds[-1] == "new-story" and "disputed" in kinds  # newest first
        assert all(a["story_url"] == f"/stories/{a['story']}" for a in alerts)
        atom = httpx.get(base + "/alerts.atom")
        assert atom.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(atom.content)
        assert not parsed.bozo and len(parsed.entries) == len(alerts)
        assert parsed.entries[-1].link == f"{base}/stories/{alerts[-1]['story']}"
        assert httpx.get(base + "/api/alerts", params={"since": "soon"}).status_code == 422
        page.goto(base + parsed.entries[0].link[len(base) :])  # an alert's link opens its story
        expect(page.locator("h1")).to_contain_text("Hallbrook")
