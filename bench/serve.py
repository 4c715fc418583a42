"""Latency of `newsfuse serve` on a large store: p50 / p95 of the story list, a search, a story page and the
events export, with 20 concurrent clients on loopback.

The store is built fast by writing records directly through the Store: the seeds and the examples are
ingested once by the real pipeline (4 stories, 14 articles), then each story is copied with its articles
(every copy's text gets a sentence of its own, so ids, dates, titles, outlets and search words differ) until
the store holds --stories stories of --per-story articles. The server runs as `newsfuse serve` in its own
process; the clients are threads of this one, each with a keep-alive connection, each sending its next
request when the last one is answered.

    .venv/bin/python bench/serve.py [--stories 10000] [--per-story 10] [--clients 20] [--requests 600] \\
        [--db /tmp/newsfuse-bench-serve.db]   # an existing store of the right size is reused
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from newsfuse.pipeline import build_stories, ingest
from newsfuse.records import Article, Extraction, Story, content_id
from newsfuse.store import Store
from newsfuse.web.api import encode_cursor

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SYLLABLES = ["ka", "lo", "mer", "vin", "tas", "or", "bel", "un", "dra", "sel", "hom", "pri", "zu", "nek", "ab"]
OUTLETS = [f"Outlet {n}" for n in range(60)]
COMMON = ["Muttaqi", "flood", "strike", "miners", "Kabul", "evacuated"]  # in a quarter of the stories each


def words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(n)]


def templates() -> list[tuple[Story, list[Article], dict[str, Extraction]]]:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "t.db") as store:
        ingest([SHARED / "seeds", REPO / "examples"], store)
        build_stories(store)
        out = []
        for story in store.stories():
            out.append((story, store.articles(story.articles), store.extractions(story.articles)))
        return out


class Prebuilt:
    """A record already in its dict form, with the fields the Store reads as attributes: copying the
    templates as dicts saves the deep dataclass conversions that would take most of the build."""

    def __init__(self, data: dict) -> None:
        self.__dict__.update(data)
        self._data = data

    def to_dict(self) -> dict:
        return self._data


def build(db: Path, n_stories: int, per_story: int) -> None:
    rng = random.Random(11)
    models = [
        (s, [a.to_dict() for a in arts], {k: e.to_dict() for k, e in exts.items()}, json.dumps(s.to_dict()))
        for s, arts, exts in templates()
    ]
    start = time.perf_counter()
    with Store(db) as store:
        batch_articles: list = []
        batch_stories: list = []
        for i in range(n_stories):
            story, articles, extractions, record = models[i % len(models)]
            base = date(2024, 1, 1) + timedelta(days=i * 730 // n_stories)
            tag = words(rng, 1)[0]
            ids = []
            for j in range(per_story):
                src = articles[j % len(articles)]
                text = f"{src['text']}\n\nReport {i}.{j} from {tag}: {' '.join(words(rng, 2))}."
                new_id = content_id(text)
                day = (base + timedelta(days=j // 3)).isoformat()
                ids.append(new_id)
                article = {**src, "id": new_id, "text": text, "published": day, "path": f"bench/{i}/{j}.txt",
                           "source": rng.choice(OUTLETS)}
                extraction = {**extractions[src["id"]], "id": new_id, "text": text, "published": day}
                batch_articles.append((Prebuilt(article), Prebuilt(extraction)))
            copy = record
            for old, new in zip(story.articles, ids, strict=False):  # the copies stand where the originals were
                copy = copy.replace(old, new)
            data = json.loads(copy.replace(story.id, f"b{i:07d}"))
            data["title"], data["articles"] = f"{story.title}: {tag.capitalize()}", ids
            batch_stories.append(Prebuilt(data))
            if len(batch_stories) == 200:
                store.add_articles(batch_articles)
                store.save_stories(batch_stories)
                batch_articles, batch_stories = [], []
                print(f"\r{i + 1} stories, {time.perf_counter() - start:.0f} s", end="", file=sys.stderr)
        store.add_articles(batch_articles)
        store.save_stories(batch_stories)
    print(file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(base: str, paths: list[str], clients: int) -> tuple[list[float], float]:
    """Latencies (ms) of ``paths`` sent by ``clients`` threads, and the wall time."""
    latencies: list[float] = []
    lock = threading.Lock()
    queue = iter(paths)

    def client() -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            while True:
                with lock:
                    path = next(queue, None)
                if path is None:
                    return
                t = time.perf_counter()
                r = http.get(path)
                ms = (time.perf_counter() - t) * 1000
                if r.status_code != 200:
                    raise SystemExit(f"{path}: {r.status_code} {r.text[:200]}")
                with lock:
                    latencies.append(ms)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--per-story", type=int, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600, help="per kind of request")
    parser.add_argument("--workers", type=int, default=1, help="server processes (newsfuse serve --workers)")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "newsfuse-bench-serve.db")
    args = parser.parse_args()

    want = {"stories": args.stories, "articles": args.stories * args.per_story}
    if args.db.exists():
        with Store(args.db) as store:
            counts = store.counts()
        if {k: counts[k] for k in want} != want:
            args.db.unlink()
    if not args.db.exists():
        t = time.perf_counter()
        build(args.db, args.stories, args.per_story)
        print(f"built {args.db} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    with Store(args.db) as store:
        counts = store.counts()
        ids = [s["id"] for s in store.find_stories(store_filters(), args.stories)]
        rare = [t.split(": ")[-1] for t in (s["title"] for s in store.find_stories(store_filters(), 2000))]
    size = args.db.stat().st_size / 2**30
    print(f"store: {counts['articles']} articles, {counts['stories']} stories, {size:.1f} GiB", file=sys.stderr)

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsfuse.cli", "serve", "--db", str(args.db), "--port", str(port),
         "--workers", str(args.workers)],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # worker processes start slowly on a loaded machine
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        rng = random.Random(5)
        n = args.requests
        first = httpx.get(base + "/api/stories").json()
        kinds = {
            "story list (`/api/stories`, first or second page)": [
                "/api/stories" if k % 2 else f"/api/stories?cursor={first['next']}" for k in range(n)
            ],
            "story list page (`/`)": ["/" for _ in range(n)],
            "search, a rare word (`/api/stories?q=`)": [f"/api/stories?q={rng.choice(rare)}" for _ in range(n)],
            "search, a name in a quarter of the stories": [f"/api/stories?q={rng.choice(COMMON)}" for _ in range(n)],
            "story (`/api/stories/{id}`)": [f"/api/stories/{rng.choice(ids)}" for _ in range(n)],
            "story page (`/stories/{id}`)": [f"/stories/{rng.choice(ids)}" for _ in range(n)],
            "events export, a page of 100 (`/api/events`)": [
                f"/api/events?cursor={encode_cursor(rng.choice(ids), 0)}" for _ in range(n)
            ],
        }
        print(f"| request | p50 ms | p95 ms | max ms | req/s ({args.clients} clients, {args.workers} worker(s)) |")
        print("|---|---|---|---|---|")
        for name, paths in kinds.items():
            measure(base, paths[: args.clients * 2], args.clients)  # warm-up
            lat, wall = measure(base, paths, args.clients)
            q = statistics.quantiles(lat, n=100)
            print(f"| {name} | {q[49]:.0f} | {q[94]:.0f} | {max(lat):.0f} | {len(lat) / wall:.0f} |", flush=True)
        t = time.perf_counter()
        csv = httpx.get(base + "/api/events?format=csv", timeout=600)
        rows = csv.text.count("\n") - 1
        print(f"\nwhole events CSV (one client): {rows} rows, {len(csv.content) / 2**20:.0f} MiB in "
              f"{time.perf_counter() - t:.1f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def store_filters():  # noqa: ANN201 - the empty filter
    from newsfuse.store import StoryFilters

    return StoryFilters()


if __name__ == "__main__":
    main()
