"""Crash safety and concurrency of the store, with real processes: `newsfuse ingest` killed with SIGKILL at
random moments, and two ingests writing one store while a reader reads it."""

import os
import random
import signal
import subprocess
import sys
import threading
import time

from conftest import needs_reuters, reuters_jsonl

from newsfuse.pipeline import read_and_clean
from newsfuse.store import MIGRATIONS, Store

KILLS = 20  # the bar: at least 20 kills before the clean run
LANES = 2  # processes killed side by side on one store: crashes and concurrent writers at once


def _ingest(corpus, db, *extra):
    cmd = [sys.executable, "-m", "newsfuse.cli", "ingest", str(corpus), "--db", str(db), *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _expected_ids(corpus):
    return {a.id for a in read_and_clean([str(corpus)], lambda err: None)}


def _check(db, expected_ids):
    with Store(db) as store:
        assert store.problems() == []
        assert store.version == len(MIGRATIONS)
        assert store.pending() == []
        assert {a.id for a in store.articles()} == expected_ids  # each once: ids are the primary key
        members = [a for s in store.stories() for a in s.articles]
        assert sorted(members) == sorted(expected_ids)  # each article in exactly one story


def _stored(db) -> int:
    with Store(db) as store:
        return store.counts()["articles"]


@needs_reuters
def test_kill_9_at_random_moments_then_one_clean_run_loses_and_doubles_nothing(tmp_path):
    corpus = reuters_jsonl(tmp_path / "reuters.jsonl", 300)
    expected = _expected_ids(corpus)
    db = tmp_path / "store.db"
    Store(db).close()
    errors: list[str] = []
    kills = [0] * LANES

    def kill_moment(proc, rng):
        """Wait for a random moment of this run: early (start-up, reading), a few articles into storing,
        or while stories are being grouped once every article is stored; the machine's speed does not
        decide which."""
        if rng.random() < 0.25 or _stored(db) == len(expected):
            time.sleep(rng.uniform(0.2, 2.0))
            return
        want = _stored(db) + rng.randint(1, 10)
        deadline = time.monotonic() + 60
        while proc.poll() is None and _stored(db) < want and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.3))

    def kill_in_a_loop(lane: int) -> None:  # start an ingest, SIGKILL it at a random moment, again
        rng = random.Random(20261206 + lane)
        for _ in range(3 * KILLS):
            if kills[lane] >= KILLS // LANES:
                return
            proc = _ingest(corpus, db, "--batch", "8")
            kill_moment(proc, rng)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills[lane] += 1
            _, err = proc.communicate()
            if proc.returncode not in (0, -signal.SIGKILL) or "Traceback" in err or "locked" in err:
                errors.append(f"exit {proc.returncode}: {err[-500:]}")

    lanes = [threading.Thread(target=kill_in_a_loop, args=(lane,)) for lane in range(LANES)]
    for lane in lanes:
        lane.start()
    for lane in lanes:
        lane.join()
    assert errors == [] and sum(kills) >= KILLS
    stored_before = _stored(db)
    clean = _ingest(corpus, db)
    _, err = clean.communicate()
    assert clean.returncode == 0, err
    assert stored_before > 0  # the kills landed while articles were being stored
    _check(db, expected)


@needs_reuters
def test_two_ingests_and_a_reader_on_one_store(tmp_path):
    first = reuters_jsonl(tmp_path / "a.jsonl", 110, start=300)
    second = reuters_jsonl(tmp_path / "b.jsonl", 110, start=390)  # 20 articles in both halves
    db = tmp_path / "store.db"
    Store(db).close()
    stop, seen, failures = threading.Event(), [], []

    def read_in_a_loop():
        with Store(db) as store:
            while not stop.is_set():
                try:
                    for story, _ in store.story_list():
                        with store.snapshot():
                            fresh = store.story(story.id)
                            if fresh is not None:  # merged away meanwhile otherwise
                                assert len(store.articles(fresh.articles)) == len(fresh.articles)
                    seen.append(len(store.story_list()))
                except Exception as exc:  # noqa: BLE001 - any error here is the failure reported below
                    failures.append(repr(exc))
                time.sleep(0.05)

    reader = threading.Thread(target=read_in_a_loop)
    reader.start()
    writers = [_ingest(first, db, "--batch", "16"), _ingest(second, db, "--batch", "16")]
    outputs = [w.communicate() for w in writers]
    stop.set()
    reader.join()
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
    assert failures == [] and len(seen) > 3
    _check(db, _expected_ids(first) | _expected_ids(second))
