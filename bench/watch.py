"""The watcher end to end against a loopback server (issue 12): articles per second from feeds to stories,
and the time from an item appearing in a feed to its story being updated.

Reuters-21578 articles are served as HTML pages by four loopback servers (four hosts, as politeness counts
them), each with an RSS feed of its pages. Throughput: one ``poll_once``
over every feed (robots.txt, feeds, pages, clean, extract, store, stories, alerts). Latency: a watcher runs
in a thread (``run``), an item is added to a feed, and the clock stops when its article is in a story.

    .venv/bin/python bench/watch.py --n 200 --host-delay 0 --batch 8 --latency 10 --min-interval 1
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from email.utils import formatdate
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from loopback import Loopback, Reply, page, rss  # noqa: E402
from reuters import iter_reuters  # noqa: E402

from newsfuse.store import Store  # noqa: E402
from newsfuse.watch import FetchOptions, Watcher, WatchOptions  # noqa: E402

HOSTS = 4


def reuters_page(doc: dict) -> tuple[str, str | None, bytes]:
    title = doc["title"] or doc["body"].split(".")[0][:80]
    paragraphs = [p for p in re.split(r"\n\s*\n|\n(?=\s{2,})", doc["body"]) if p.strip()]
    if doc["dateline"]:
        paragraphs[0] = f"{doc['dateline']} - {paragraphs[0].strip()}"
    when = None
    with contextlib.suppress(ValueError):
        when = formatdate(datetime.strptime(doc["date"].split(".")[0], "%d-%b-%Y %H:%M:%S").timestamp(), usegmt=True)
    return title, when, page(title, [" ".join(p.split()) for p in paragraphs])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="articles for the throughput run (default 200)")
    parser.add_argument("--host-delay", type=float, default=0.0, help="seconds between requests to a host")
    parser.add_argument("--batch", type=int, default=8, help="articles per ingest batch (the watcher's default 8)")
    parser.add_argument("--latency", type=int, default=10, help="items added one by one for the latency run")
    parser.add_argument("--min-interval", type=float, default=1.0, help="poll interval of the latency run (s)")
    parser.add_argument("--baseline", action="store_true", help="also ingest the same pages as files, in one batch")
    args = parser.parse_args()

    docs = list(iter_reuters(limit=args.n + args.latency))
    servers = [Loopback() for _ in range(HOSTS)]
    feeds: list[list] = [[] for _ in servers]
    for server, feed in zip(servers, feeds, strict=True):
        server.routes["/feed.xml"] = lambda request, feed=feed: Reply(200, rss(feed))
    for i, doc in enumerate(docs):
        title, when, html = reuters_page(doc)
        k = i % HOSTS if i < args.n else 0
        servers[k].routes[f"/a/{doc['id']}.html"] = Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})
        if i < args.n:
            feeds[k].append((servers[k].url(f"/a/{doc['id']}.html"), title, when))

    options = WatchOptions(
        min_interval=args.min_interval, max_interval=args.min_interval, batch=args.batch,
        fetch=FetchOptions(host_delay=args.host_delay, user_agent="newsfuse-bench/1.0 (+http://127.0.0.1/)"),
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "watch.db")
        with Store(db) as store:
            for server in servers:
                store.add_source(server.url("/feed.xml"), args.min_interval)
            watcher = Watcher(db, options, log=lambda line: None)
            from newsfuse.clean.html import extract_html
            from newsfuse.pipeline import _warm_up

            # once per process, not part of the watcher's rate: the model loads, and the HTML path's date
            # parser compiles its patterns the first time a page gives it no date
            _warm_up()
            extract_html(reuters_page(docs[-1])[2].decode())
            t0 = time.perf_counter()
            result = watcher.poll_once(store)
            elapsed = time.perf_counter() - t0
            stories = store.counts()["stories"]
        print(
            f"throughput: {result.stored} articles stored ({result.duplicates} duplicates, {result.failed} not used) "
            f"from {HOSTS} hosts in {elapsed:.1f} s = {result.stored / elapsed:.1f} articles/s end to end "
            f"(host delay {args.host_delay} s, batch {args.batch}); {stories} stories"
        )

        # latency: a running watcher, one new item at a time
        stop = threading.Event()
        thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
        thread.start()
        delays = []
        with Store(db) as store:
            for doc in docs[args.n :]:
                title, when, _ = reuters_page(doc)
                url = servers[0].url(f"/a/{doc['id']}.html")
                feeds[0].append((url, title, when))
                t0 = time.perf_counter()
                while True:  # stored, and grouped into its story (nothing waiting for story assignment)
                    outcome = store.url_outcomes([url]).get(url)
                    grouped = outcome == "stored" and store.counts()["pending_stories"] == 0
                    if grouped or outcome in ("duplicate", "error", "blocked", "gone"):
                        break
                    time.sleep(0.02)
                if outcome == "stored":
                    delays.append(time.perf_counter() - t0)
        stop.set()
        thread.join(timeout=30)
        watcher.close()
    for server in servers:
        server.close()
    if args.baseline:  # the same pages as files through `newsfuse ingest`'s path, in one batch
        from newsfuse.pipeline import build_stories, ingest

        with tempfile.TemporaryDirectory() as tmp:
            for doc in docs[: args.n]:
                (Path(tmp) / f"{doc['id']}.html").write_bytes(reuters_page(doc)[2])
            with Store(Path(tmp) / "batch.db") as store:
                t0 = time.perf_counter()
                done = ingest([tmp], store)
                build_stories(store)
                elapsed = time.perf_counter() - t0
        print(f"baseline, the same pages as files, one ingest: {done.added / elapsed:.1f} articles/s ({elapsed:.1f} s)")
    if delays:
        print(
            f"latency, feed item to story updated: median {statistics.median(delays):.2f} s, "
            f"max {max(delays):.2f} s over {len(delays)} items (poll interval {args.min_interval} s)"
        )


if __name__ == "__main__":
    main()
