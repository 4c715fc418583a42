"""Articles per second of the local and the Ray engine on the same Reuters-21578 articles, and the
peak memory of each (issue 14).

Each configuration runs in a process of its own: the local engine (a fork pool of 2 workers), then
the Ray engine on a local 2-CPU instance with 1 and with 2 extraction actors. Timed: ingest (read,
clean, annotate, extract, store) and stories (assignment, re-dating, fusion) into a fresh store,
model loading included (the local pool loads spaCy before it forks, Ray's actors when they start);
starting the Ray instance itself is reported apart (a cluster is already running where Ray is used).
Memory: the peak, sampled every 0.2 s, of the proportional set size (PSS: shared pages split among
their sharers) summed over the run's process tree (Ray's own processes and workers included).

    .venv/bin/python bench/scale.py --n 2000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import iter_reuters, reuters_text  # noqa: E402

CONFIGS = {"local": ("local", None), "ray-1": ("ray", 1), "ray-2": ("ray", 2)}


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_one(config: str, corpus: str, tmp: str) -> dict:
    """One configuration in this process: the timings and counts, as JSON on stdout."""
    from newsfuse.pipeline import build_stories, ingest
    from newsfuse.store import Store

    engine, actors = CONFIGS[config]
    executor, started = None, 0.0
    if engine == "ray":
        from newsfuse.executors.ray import RayExecutor, start_local

        t0 = time.perf_counter()
        start_local(num_cpus=2)
        started = time.perf_counter() - t0
        executor = RayExecutor(actors=actors, work_dir=str(Path(tmp) / f"{config}.stage-a"))
    with Store(Path(tmp) / f"{config}.db") as store:
        t0 = time.perf_counter()
        result = ingest([corpus], store, executor=executor)
        t_ingest = time.perf_counter() - t0
        t0 = time.perf_counter()
        stories = build_stories(store, executor=executor)
        t_stories = time.perf_counter() - t0
        memberships = sorted(sorted(s.articles) for s in store.stories())
    if executor:
        executor.close()
    return {
        "config": config,
        "added": result.added,
        "ray_start": started,
        "ingest": t_ingest,
        "stories": t_stories,
        "n_stories": len(stories),
        "memberships": hashlib.sha256(json.dumps(memberships).encode()).hexdigest(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="which of: " + ", ".join(CONFIGS))
    parser.add_argument("--one", help=argparse.SUPPRESS)  # run one configuration in this process
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--tmp", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus, args.tmp)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "reuters.jsonl"
        with corpus.open("w") as f:
            for doc in iter_reuters(limit=args.n):
                f.write(json.dumps({"id": doc["id"], "text": reuters_text(doc)}) + "\n")
        rows = []
        for config in args.configs.split(","):
            cmd = [sys.executable, __file__, "--one", config, "--corpus", str(corpus), "--tmp", tmp]
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
            peak = 0
            while proc.poll() is None:
                peak = max(peak, sum(_pss(p) for p in _tree(proc.pid)))
                time.sleep(0.2)
            out = proc.stdout.read() if proc.stdout else ""
            if proc.returncode:
                sys.exit(f"scale: {config} failed (exit {proc.returncode})")
            row = json.loads(out.strip().splitlines()[-1])
            row["peak_mb"] = peak / 2**20
            rows.append(row)
            total = row["ingest"] + row["stories"]
            print(
                f"{config:6} {row['added'] / total:6.1f} articles/s (ingest {row['ingest']:.1f} s, "
                f"stories {row['stories']:.1f} s; Ray start {row['ray_start']:.1f} s apart), "
                f"peak PSS {row['peak_mb']:.0f} MB, {row['n_stories']} stories",
                flush=True,
            )
    base = {r["config"]: r["added"] / (r["ingest"] + r["stories"]) for r in rows}
    if "local" in base and "ray-2" in base:
        print(f"ray-2 / local: {base['ray-2'] / base['local']:.2f} (goal >= 0.75)")
    if "ray-1" in base and "ray-2" in base:
        print(f"ray-2 / ray-1: {base['ray-2'] / base['ray-1']:.2f} (goal >= 1.7 on 2 free cores)")
    print("same story membership in every configuration:", len({r["memberships"] for r in rows}) == 1)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
