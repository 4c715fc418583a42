"""`kill -9` of a running `newsfuse watch` at random points, several times, then a clean run: each article is
stored once, every story is consistent, and no URL already stored is fetched again."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from conftest import EXAMPLES
from loopback import Loopback, Reply, example_page, rfc822, rss
from test_watch import options
from test_watch_examples import FLOOD, MINE, STRIKE

from newsfuse.cli import main
from newsfuse.store import Store
from newsfuse.watch import Watcher

ARGS = ["--min-interval", "0.2", "--host-delay", "0.01", "--user-agent", "newsfuse-test/1.0 (+http://127.0.0.1/)"]


def test_kill_9_at_random_points_then_a_clean_run(tmp_path):
    server = Loopback()
    items, number_of = [], {}
    for path in sorted(EXAMPLES.glob("*.txt")):
        title, published, html = example_page(path)
        server.routes[f"/{path.stem}.html"] = Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})
        items.append((server.url(f"/{path.stem}.html"), title, rfc822(published) if published else None))
        number_of[server.url(f"/{path.stem}.html")] = path.name[:2]
    server.routes["/feed.xml"] = Reply(200, rss(items), {"Content-Type": "application/rss+xml"})
    db = str(tmp_path / "watch.db")
    watch = [sys.executable, "-m", "newsfuse.cli", "watch", "--db", db, *ARGS]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        assert main(["sources", "add", server.url("/feed.xml"), "--db", db]) == 0
        rng = random.Random(12)

        def stored() -> int:
            with Store(db) as store:
                return store.counts()["articles"]

        # three runs killed at random points: early (importing, loading the model), once the feed was read
        # (fetching pages, extracting), and once articles are stored (later batches, grouping, alerts)
        def fed() -> bool:
            return bool(server.hits("/feed.xml"))

        states = []
        for ready in (lambda: True, fed, lambda: stored() > states[-1][0]):
            process = subprocess.Popen(watch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            deadline = time.monotonic() + 90
            while not ready() and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 2.0))
            process.send_signal(signal.SIGKILL)
            process.wait()
            states.append((stored(), len(server.requests)))
        print("articles and requests at each kill:", states)
        with Store(db) as store:
            Watcher(db, options()).poll_once(store)  # the clean run
        with Store(db) as store:
            assert store.problems() == []
            assert set(store.url_outcomes().values()) == {"stored"}
            assert store.counts()["articles"] == 12 and store.counts()["pending_stories"] == 0
            paths = {a.id: a.path for a in store.articles()}
            groups = {frozenset(number_of[paths[a]] for a in s.articles) for s in store.stories()}
            assert groups == {frozenset(FLOOD), frozenset(STRIKE), frozenset(MINE)}
            new_stories = [c.story for c in store.alerts(watch="") if c.kind == "new-story"]
            assert sorted(new_stories) == sorted(s.id for s in store.stories())  # each said once
            for source in store.sources():
                source.next_poll = 0
                store.update_source(source)
            fetched = len([r for r in server.requests if r.path.endswith(".html")])
            again = Watcher(db, options()).poll_once(store)
        assert again.sources == 1 and len([r for r in server.requests if r.path.endswith(".html")]) == fetched
        assert server.hits("/feed.xml")[0].headers["user-agent"].startswith("newsfuse-test/1.0")
    finally:
        server.close()
