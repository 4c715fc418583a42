"""Scale of story assignment: the cost of adding an article does not grow with the number of stories.

Synthetic stories (entity keys and Zipf-distributed words, one article each,
spread over time) are put straight into a ``StoryIndex`` (cheap construction);
then real ``add`` calls (features, copy look-up, candidate search, scoring) are
timed for synthetic articles: half follow up a recent story, half are new.

Part 1: no time window, 1k -> 100k open stories: the inverted index (capped
posting lists, capped candidates) keeps the cost flat; scoring every story
(a scan, timed up to 10k) grows with the number of stories.
Part 2: a 7-day window while 1,000,000 stories stream through (1,000 a day):
the cost and the memory stay flat, because closed stories leave the index.

    .venv/bin/python bench/story_scale.py            # about a minute
    .venv/bin/python bench/story_scale.py --stream 200000 --active 1000 10000
"""

from __future__ import annotations

import argparse
import heapq
import os
import statistics
import sys
import time
from datetime import date

import numpy as np

from newsfuse.records import Article, Entity, EntityMention, Extraction
from newsfuse.stories import StoryIndex
from newsfuse.stories.features import Features, article_features, feature_id, key_id

WORDS = 50_000
NAMES = 200_000
TERMS_PER_STORY = 40
KEYS_PER_STORY = 4
DAY0 = date(2026, 1, 1).toordinal()
POOL = 20_000  # distinct synthetic stories; beyond that they repeat (on other days) to keep construction cheap


class Synth:
    """Vocabulary tables and a seeded generator of story features and articles."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.word_ids = np.array([feature_id(f"w{k}") for k in range(WORDS)], np.int64)
        self.name_ids = np.array([key_id(f"n{k}") for k in range(NAMES)], np.int64)
        self.recent: list[tuple[np.ndarray, np.ndarray]] = []  # (words, names) of recent stories
        self.pool: list[Features] = []
        self.pool_src: list[tuple[np.ndarray, np.ndarray]] = []
        self.drawn = 0

    def _words(self, n: int) -> np.ndarray:
        return np.minimum(self.rng.zipf(1.15, n), WORDS) - 1

    def _names(self, n: int) -> np.ndarray:
        return np.minimum(self.rng.zipf(1.05, n), NAMES) - 1

    def story(self, day: int) -> Features:
        """Features of a new synthetic story (drawn once per pool slot, then reused with a new day)."""
        slot = self.drawn % POOL
        self.drawn += 1
        if slot < len(self.pool):
            f = self.pool[slot]
            self.recent.append(self.pool_src[slot])
            del self.recent[:-200]
            return Features(f.term_ids, f.term_vals, f.key_ids, f.key_vals, day, f.probe_ids)
        f = self._draw(day)
        self.pool.append(f)
        self.pool_src.append(self.recent[-1])
        return f

    def _draw(self, day: int) -> Features:
        words, names = self._words(TERMS_PER_STORY), self._names(KEYS_PER_STORY)
        self.recent.append((words, names))
        del self.recent[:-200]
        t_ids, t_counts = np.unique(self.word_ids[words], return_counts=True)
        k_ids = np.unique(self.name_ids[names])
        t_vals = (1.0 + np.log(t_counts)).astype(np.float32)
        t_vals /= np.linalg.norm(t_vals)
        k_vals = np.full(len(k_ids), 1.0 / np.sqrt(len(k_ids)), np.float32)
        probe = t_ids[np.argsort(-t_counts, kind="stable")[:40]]
        return Features(t_ids, t_vals, k_ids, k_vals, day, probe)

    def article(self, day: int, follow_up: bool) -> tuple[Article, Extraction]:
        if follow_up and self.recent:
            words, names = self.recent[int(self.rng.integers(len(self.recent)))]
            words = np.concatenate([words, self._words(10)])
        else:
            words, names = self._words(TERMS_PER_STORY), self._names(KEYS_PER_STORY)
        text = " ".join(f"w{k}" for k in words.tolist()) + " " + " ".join(f"n{k}" for k in names.tolist())
        text += f" serial{self.rng.integers(1 << 60)}"  # never a copy of another synthetic text
        a = Article(id=f"a{self.rng.integers(1 << 62):x}", path="-", text=text,
                    published=date.fromordinal(day).isoformat())
        ents = [Entity(id=f"e{i}", name=f"n{k}", type="PERSON", mentions=[EntityMention(0, 1, "x", 0)])
                for i, k in enumerate(names.tolist())]
        return a, Extraction(id=a.id, text=text, entities=ents)


def seed_story(index: StoryIndex, feats: Features, n: int, probes: dict[int, list]) -> None:
    """Put one synthetic one-article story into ``index`` without scoring it (cheap construction).

    What ``StoryIndex._join`` does for a new story, with the inverted-index keys
    of a reused synthetic story computed once (``probes``, keyed by ``id(term_ids)``).
    """
    index._advance(feats.day)
    index.df.add(feats.term_ids, feats.key_ids)
    aid = f"{n:010d}synthetic"  # story ids are "s" + the first 10 characters
    state = index._new_story(aid)
    state.members[aid] = set()
    index._story_of[aid] = state.id
    state.add_vector(feats)
    state.first = state.last = feats.day
    heapq.heappush(index._expiry, (feats.day, state.seq, state.id))
    key = id(feats.term_ids)
    if key not in probes:
        probes[key] = index._probes(feats)
    index._post(state, probes[key])


def time_adds(index: StoryIndex, synth: Synth, day: int, n: int) -> list[float]:
    """Milliseconds per ``add`` for ``n`` articles dated ``day`` (alternately follow-ups and new)."""
    out = []
    for i in range(n):
        a, e = synth.article(day, follow_up=i % 2 == 0)
        t = time.perf_counter()
        index.add(a, e)
        out.append((time.perf_counter() - t) * 1000)
    return out


def scan_ms(index: StoryIndex, synth: Synth, n: int = 3) -> float:
    """Milliseconds to score one article against every open story (what the inverted index avoids)."""
    everything = list(index._active.values())
    index._candidates = lambda feats: everything  # type: ignore[method-assign]
    try:
        t = time.perf_counter()
        for _ in range(n):
            a, e = synth.article(DAY0 + 6, follow_up=False)
            index._score(article_features(a, e))
        return (time.perf_counter() - t) * 1000 / n
    finally:
        del index._candidates


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def summary(ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=10)
    return f"median {statistics.median(ms):6.2f} ms  p90 {q[-1]:6.2f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--active", type=int, nargs="+", default=[1_000, 10_000, 100_000],
                    help="open-story counts for part 1 (no window)")
    ap.add_argument("--stream", type=int, default=1_000_000, help="stories streamed through in part 2")
    ap.add_argument("--per-day", type=int, default=1_000)
    ap.add_argument("--adds", type=int, default=150, help="timed adds per measurement")
    args = ap.parse_args(argv)
    t0 = time.time()

    print("Part 1: open stories held in the index, no time window (all dated the same week)")
    synth = Synth(0)
    index = StoryIndex(window_days=10**6)
    probes: dict[int, list] = {}
    n = 0
    for target in sorted(args.active):
        while n < target:
            seed_story(index, synth.story(DAY0 + n % 7), n, probes)
            n += 1
        ms = time_adds(index, synth, DAY0 + 6, args.adds)
        scan = f"a scan of every story {scan_ms(index, synth):8.1f} ms" if target <= 10_000 else ""
        print(f"  {len(index):>9,} open stories: add {summary(ms)}   rss {rss_mb():7.0f} MB   {scan}")
    del index, synth

    print(f"Part 2: {args.stream:,} stories streamed at {args.per_day:,} a day through a 7-day window")
    synth = Synth(1)
    index = StoryIndex(window_days=7, keep_closed=False)
    probes = {}
    checkpoints = sorted({c for c in (1_000, 10_000, 100_000, args.stream) if c <= args.stream})
    n = 0
    for target in checkpoints:
        while n < target:
            seed_story(index, synth.story(DAY0 + n // args.per_day), n, probes)
            n += 1
        day = DAY0 + (n - 1) // args.per_day
        ms = time_adds(index, synth, day, args.adds)
        print(f"  {n:>9,} stories seen, {len(index):>6,} open, {len(index._postings):>7,} index keys: "
              f"add {summary(ms)}   rss {rss_mb():7.0f} MB")
    print(f"({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
