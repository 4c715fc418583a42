"""Streaming ingest: `newsfuse ingest` of a generated 1 GB JSON-lines file, with its memory sampled as it runs.

The file repeats ``--unique`` Reuters-21578 articles until it reaches ``--size`` bytes: the first copy of each
is new (cleaned, extracted, stored, grouped), every later copy is read, cleaned and recognised as stored, as
when an export is ingested again after a crash. Memory is the proportional set size of the ingest process
and its workers, sampled every half second; flat memory means the last decile's peak is no higher than the first's.

    .venv/bin/python bench/stream.py [--size 1e9] [--unique 5000] [--keep FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reuters import iter_reuters

REPO = Path(__file__).resolve().parents[1]


def generate(path: Path, size: float, unique: int) -> int:
    """Write the corpus; returns the number of records."""
    lines = [
        json.dumps({"id": d["id"], "text": d["body"], "title": d["title"], "published": d["date"]}) + "\n"
        for d in iter_reuters(unique)
    ]
    written = records = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < size:
            line = lines[records % len(lines)]
            f.write(line)
            written += len(line.encode())
            records += 1
    return records


def _tree_pss(pid: int) -> int:
    """Proportional set size of ``pid`` and its children (the forked extraction workers): pages they share
    copy-on-write are counted once, split between them, where summed resident sizes would count them in each."""
    total = 0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        # a worker that is exiting has no Pss line any more
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0) * 1024
        pids += [int(c) for c in children]
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=float, default=1e9, help="bytes of JSON lines to generate")
    parser.add_argument("--unique", type=int, default=5000, help="distinct Reuters articles in it")
    parser.add_argument("--keep", type=Path, help="write the corpus here (default: a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsfuse-stream-") as tmp:
        corpus = args.keep or Path(tmp) / "corpus.jsonl"
        records = generate(corpus, args.size, args.unique)
        print(f"corpus: {corpus.stat().st_size / 1e9:.2f} GB, {records:,} records, {args.unique:,} distinct articles")
        db = Path(tmp) / "stream.db"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsfuse.cli", "ingest", str(corpus), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        samples: list[tuple[float, int]] = []
        while proc.poll() is None:
            samples.append((time.perf_counter() - start, _tree_pss(proc.pid)))
            time.sleep(0.5)
        elapsed = time.perf_counter() - start
        summary = proc.stderr.read().strip().splitlines()[-1] if proc.stderr else ""
    print(f"ingest: {elapsed:.0f} s, exit {proc.returncode}: {summary}")
    print(f"records/s over the whole file: {records / elapsed:,.0f}")
    deciles = [[rss for t, rss in samples if i * elapsed / 10 <= t < (i + 1) * elapsed / 10] for i in range(10)]
    peaks = [max(d) / 2**20 if d else 0.0 for d in deciles]
    print("peak memory (PSS) MiB by tenth of the run: " + " ".join(f"{p:.0f}" for p in peaks))
    print(f"peak {max(peaks):.0f} MiB; first tenth {peaks[0]:.0f}, last tenth {peaks[-1]:.0f}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
