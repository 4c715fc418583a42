"""The server reads while another process writes: `newsfuse ingest` adds stories to the store while a client
reads the story list and every story in a loop over HTTP. No error ("database is locked" or any other), and
no torn story: every story read lists exactly the articles that come with it."""

import subprocess
import sys
import time

import httpx
from conftest import EXAMPLES, SEEDS, needs_seeds
from web_server import serving

from newsfuse.pipeline import build_stories, ingest
from newsfuse.store import Store
from newsfuse.web import create_app


@needs_seeds
def test_reads_while_another_process_ingests(tmp_path):
    db = tmp_path / "news.db"
    with Store(db) as store:  # the seed story first; the writer adds the three example stories
        ingest([SEEDS], store)
        build_stories(store)
    with serving(create_app(db)) as base, httpx.Client(base_url=base, timeout=30) as client:
        writer = subprocess.Popen(
            [sys.executable, "-m", "newsfuse.cli", "ingest", str(EXAMPLES), "--db", str(db)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        counts, reads = set(), 0
        deadline = time.monotonic() + 240
        while True:
            done = writer.poll() is not None  # one more full pass after the writer has finished
            listed = client.get("/api/stories", params={"limit": 200})
            assert listed.status_code == 200, listed.text
            stories = listed.json()["stories"]
            counts.add(len(stories))
            for summary in stories:
                r = client.get(f"/api/stories/{summary['id']}")
                if r.status_code == 404:  # merged away between the list and this read: allowed
                    continue
                assert r.status_code == 200, r.text
                data = r.json()
                assert sorted(data["story"]["articles"]) == sorted(a["id"] for a in data["articles"])
                reads += 1
            assert client.get("/api/health").status_code == 200
            if done or time.monotonic() > deadline:
                break
        _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert "locked" not in err
    assert counts >= {1, 4} and reads > 10  # it read before, during and after the writes
