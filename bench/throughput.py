"""Throughput of the full pipeline on Reuters-21578 articles: articles per second.

Writes N Reuters articles (title, dateline and body, as a scraper would see
them) to a temporary JSON-lines file, then times each part of the real
pipeline on it: read+clean alone, then ingest (read, clean, annotate, extract,
store) and stories+fusion into a fresh SQLite store.

    .venv/bin/python bench/throughput.py --n 1000 [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reuters import iter_reuters  # noqa: E402

from newsfuse.pipeline import build_stories, ingest, read_and_clean  # noqa: E402
from newsfuse.store import Store  # noqa: E402


def reuters_text(doc: dict) -> str:
    head = f"{doc['title']}\n" if doc["title"] else ""
    dateline = f"{doc['dateline']} " if doc["dateline"] else ""
    return head + dateline + doc["body"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "reuters.jsonl"
        with corpus.open("w") as f:
            for doc in iter_reuters(limit=args.n):
                f.write(json.dumps({"id": doc["id"], "text": reuters_text(doc)}) + "\n")

        t0 = time.perf_counter()
        cleaned = sum(1 for _ in read_and_clean([str(corpus)], lambda e: None))
        t_clean = time.perf_counter() - t0

        with Store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            result = ingest([str(corpus)], store, workers=args.workers)
            t_ingest = time.perf_counter() - t0
            t0 = time.perf_counter()
            stories = build_stories(store)
            t_stories = time.perf_counter() - t0

    total = t_ingest + t_stories
    print(f"articles: {args.n} Reuters-21578 (cleaned {cleaned}, stored {result.added}), workers: {args.workers}")
    print(f"read+clean only:                 {cleaned / t_clean:8.1f} articles/s ({t_clean:.1f} s)")
    print(f"ingest (clean+annotate+extract): {result.added / t_ingest:8.1f} articles/s ({t_ingest:.1f} s)")
    print(f"stories+fusion:                  {result.added / t_stories:8.1f} articles/s ({t_stories:.1f} s)")
    print(f"full pipeline:                   {result.added / total:8.1f} articles/s ({total:.1f} s)")
    print(f"stories found: {len(stories)}")
    print("goal (issue 4): >= 20 articles/s on this 2-core machine")


if __name__ == "__main__":
    main()
