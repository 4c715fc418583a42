"""The HTTP API and the pages, through FastAPI's test client on a real store of the seeds and examples."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from newsfuse.pipeline import build_stories, ingest_documents
from newsfuse.records import RawDocument
from newsfuse.render import build_report
from newsfuse.render.report import story_json
from newsfuse.store import Store
from newsfuse.web import create_app

SEED_STORY_TITLE = "Pakistan, Afghanistan agree to deepen ties, continue dialogue amid deportation row"
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def client(seeded_db):
    with TestClient(create_app(seeded_db)) as c:
        yield c


@pytest.fixture
def writer(db_copy):
    with TestClient(create_app(db_copy, token=TOKEN, max_body=200_000)) as c:
        yield c


def _seed_story(client):
    (story,) = client.get("/api/stories", params={"q": "Muttaqi"}).json()["stories"]
    return story


def test_story_list_newest_first_with_counts(client):
    page = client.get("/api/stories").json()
    assert page["next"] is None and len(page["stories"]) == 4
    lasts = [s["last_published"] for s in page["stories"]]
    assert lasts == sorted(lasts, reverse=True)
    seed = next(s for s in page["stories"] if s["title"] == SEED_STORY_TITLE)
    assert (seed["articles"], seed["origins"]) == (2, 2)
    assert seed["corroborated"] > 0 and seed["disputed"] > 0
    assert "Amir Khan Muttaqi" in {p["name"] for p in seed["people"]}
    assert "person:amir khan muttaqi" in {p["id"] for p in seed["people"]}


def test_search_and_filters(client):
    def ids(**params):
        return [s["title"] for s in client.get("/api/stories", params=params).json()["stories"]]

    assert ids(q="Muttaqi") == [SEED_STORY_TITLE]
    assert ids(q="muttaqi kabul") == [SEED_STORY_TITLE] and ids(q="muttaq") == []  # words, every one
    assert ids(q='Muttaqi" AND (') == [SEED_STORY_TITLE]  # FTS5 syntax in the input is only words ("and")
    assert client.get("/api/stories", params={"q": 'NEAR(" *'}).status_code == 200 and ids(q="«»") == []
    assert ids(q="zebra quantum") == []
    assert ids(q="Brackwater") == ["Eight miners brought out alive at Brackwater, one dead"]
    assert ids(entity="Amir Khan Muttaqi") == [SEED_STORY_TITLE]
    assert ids(entity="person:amir khan muttaqi") == [SEED_STORY_TITLE]
    assert ids(place="AF") == ids(place="kabul") == [SEED_STORY_TITLE]
    assert SEED_STORY_TITLE in ids(status="disputed")
    assert set(ids(type="consult")) <= set(ids())
    assert ids(until="2025-12-31") == [SEED_STORY_TITLE]
    assert SEED_STORY_TITLE not in ids(since="2026-01-01") and len(ids(since="2026-01-01")) == 3
    assert ids(source="no such outlet") == []


def test_paging_with_cursor_visits_every_story_once(client):
    seen, cursor = [], None
    while True:
        page = client.get("/api/stories", params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        seen += [s["id"] for s in page["stories"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == [s["id"] for s in client.get("/api/stories").json()["stories"]]


def test_paging_stays_right_while_stories_arrive(db_copy):
    with TestClient(create_app(db_copy)) as c:
        before = [s["id"] for s in c.get("/api/stories").json()["stories"]]
        first = c.get("/api/stories", params={"limit": 2}).json()
        # meanwhile another writer adds a newer story (and so a new first page)
        with Store(db_copy) as store:
            doc = RawDocument(
                path="late.txt",
                text="Ferry service resumes in Port Alder\nPublished 9 May 2027\n\nPORT ALDER, May 9 - The ferry "
                "between Port Alder and Wrenmouth resumed on Sunday after a week of storms, the operator said.\n",
            )
            assert ingest_documents([doc], store).new
            build_stories(store)
        seen, cursor = [s["id"] for s in first["stories"]], first["next"]
        while cursor:
            page = c.get("/api/stories", params={"limit": 2, "cursor": cursor}).json()
            seen += [s["id"] for s in page["stories"]]
            cursor = page["next"]
        assert seen == before  # no story twice, none skipped
        now = c.get("/api/stories").json()["stories"]
        assert len(now) == 5 and now[0]["title"] == "Ferry service resumes in Port Alder"


def test_story_object_is_what_show_prints(client, seeded_db):
    story = _seed_story(client)
    data = client.get(f"/api/stories/{story['id']}").json()
    with Store(seeded_db) as store:
        stored = store.story(story["id"])
        report = build_report(store.articles(stored.articles), [stored])
    assert data["schema"] == "newsfuse.report/1"
    assert data["story"] == json.loads(json.dumps(story_json(stored))) == report["stories"][0]
    assert [a["id"] for a in data["articles"]] == [a["id"] for a in report["articles"]]
    assert all("text" not in a for a in data["articles"])
    assert {a for a in data["story"]["articles"]} == {a["id"] for a in data["articles"]}


def test_article_offsets_index_its_text(client):
    story = client.get(f"/api/stories/{_seed_story(client)['id']}").json()
    for meta in story["articles"]:
        data = client.get(f"/api/articles/{meta['id']}").json()
        text = data["article"]["text"]
        items = [m for e in data["extraction"]["entities"] for m in e["mentions"]]
        items += data["extraction"]["times"] + data["extraction"]["quantities"] + data["extraction"]["events"]
        assert items and all(text[i["start"] : i["end"]] == i["text"] for i in items)


def test_entities(client):
    hits = client.get("/api/entities", params={"q": "Muttaqi"}).json()["entities"]
    assert hits == [{"id": "person:amir khan muttaqi", "name": "Amir Khan Muttaqi", "type": "PERSON", "stories": 1}]
    entity = client.get("/api/entities/person:amir khan muttaqi").json()
    assert entity["roles"] == ["Acting Foreign Minister"]
    assert [s["title"] for s in entity["stories"]] == [SEED_STORY_TITLE]
    assert {"actor", "target"} >= {e["role"] for e in entity["events"]} and entity["events"]
    assert any("Muttaqi" in e["summary"] for e in entity["events"] if e["role"] == "actor")


def test_events_and_claims_pages_and_downloads(client):
    def every(path, **params):
        rows, cursor = [], None
        while True:
            page = client.get(path, params={**params, "limit": 7, **({"cursor": cursor} if cursor else {})}).json()
            rows += page["rows"]
            cursor = page["next"]
            if cursor is None:
                return rows

    events = every("/api/events")
    assert events == client.get("/api/events", params={"limit": 200}).json()["rows"]
    assert len({(r["story"], r["id"]) for r in events}) == len(events) > 20
    table = list(csv.DictReader(io.StringIO(client.get("/api/events", params={"format": "csv"}).text)))
    assert [r["id"] for r in table] == [r["id"] for r in events]
    parquet = pq.read_table(io.BytesIO(client.get("/api/events", params={"format": "parquet"}).content))
    assert parquet.column("id").to_pylist() == [r["id"] for r in events]
    consult = every("/api/events", type="CONSULT")
    assert consult and all(r["type"] == "CONSULT" for r in consult)
    muttaqi = every("/api/events", actor="Amir Khan Muttaqi")
    assert muttaqi and all(r["actor_name"] == "Amir Khan Muttaqi" for r in muttaqi)
    disputed = every("/api/claims", status="disputed")
    assert all(r["status"] == "disputed" for r in disputed)
    assert len(every("/api/claims")) == len(client.get("/api/claims", params={"limit": 200}).json()["rows"])
    dated = every("/api/events", since="2025-04-01", until="2025-04-30")
    # an event dated to the day, the month or the year that overlaps the range
    assert dated and all(r["date"][:7] == "2025-04" or "2025-04".startswith(r["date"]) for r in dated)


def test_error_statuses(client):
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/entities/person:nobody").status_code == 404
    for params in ({"since": "yesterday"}, {"limit": 0}, {"limit": 10_000}, {"cursor": "garbage"}, {"status": "x"}):
        r = client.get("/api/stories", params=params)
        assert r.status_code == 422 and r.json()["message"], params
    assert client.get("/api/events", params={"cursor": "W1siYSJdXQ"}).status_code == 422
    assert client.get("/api/events", params={"format": "xml"}).status_code == 422
    assert client.get("/api/entities").status_code == 422  # q is required
    assert client.get("/articles/x", params={"hl": "1-2;drop"}).status_code == 422
    page = client.get("/stories/nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"] and "No story" in page.text


def test_writes_are_off_without_a_token(client):
    r = client.post("/api/articles", json={"articles": [{"text": "x"}]})
    assert r.status_code == 403 and "--token" in r.json()["detail"]


def test_write_auth_and_limits(writer, db_copy):
    body = {"articles": [{"text": "Talks resume\nThe union and the ministry resumed wage talks on Monday."}]}
    r = writer.post("/api/articles", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert writer.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
    auth = {"Authorization": f"Bearer {TOKEN}"}
    huge = {"articles": [{"text": "word " * 60_000}]}
    assert writer.post("/api/articles", json=huge, headers=auth).status_code == 413
    for bad in ({"articles": []}, {"articles": [{"title": "no body"}]}, {"articles": [{"text": "a", "html": "b"}]},
                {"articles": [{"text": "a", "colour": "red"}]}, {"nothing": 1}):
        r = writer.post("/api/articles", json=bad, headers=auth)
        assert r.status_code == 422 and r.json()["message"], bad
    r = writer.post("/api/articles", content=b"{not json", headers={**auth, "content-type": "application/json"})
    assert r.status_code == 422
    with Store(db_copy) as store:
        assert store.counts()["articles"] == 14  # nothing of the refused requests was stored


def test_ingest_through_the_api(writer, db_copy):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with Store(db_copy) as store:
        known = store.articles()[0]
    body = {
        "articles": [
            {"text": "Ferry service resumes in Port Alder\nPORT ALDER, May 9 - The ferry between Port Alder and "
             "Wrenmouth resumed on Sunday after a week of storms, the operator Alder Lines said.\n",
             "source": "Alder Gazette", "published": "2027-05-09", "url": "https://example.org/ferry"},
            {"text": known.text},
            {"html": "<html><body></body></html>"},
        ]
    }
    r = writer.post("/api/articles", json=body, headers=auth)
    assert r.status_code == 200, r.text
    out = r.json()
    assert len(out["added"]) == 1 and out["duplicates"] == 1
    assert [e["item"] for e in out["errors"]] == ["request:2"]
    (story,) = out["stories"]
    listed = writer.get("/api/stories", params={"source": "Alder Gazette"}).json()["stories"]
    assert [s["id"] for s in listed] == [story["id"]]
    assert writer.get("/api/stories", params={"q": "Wrenmouth"}).json()["stories"][0]["id"] == story["id"]


def test_health(client):
    assert client.get("/api/health").json() == {"status": "ok", "articles": 14, "stories": 4,
                                                "schema_version": client.get("/api/health").json()["schema_version"]}


def test_story_page_links_each_citation_to_its_span(client):
    story = _seed_story(client)
    page = client.get(f"/stories/{story['id']}").text
    assert "Who&#39;s who" in page and "What happened" in page and "Figures" in page
    row = page[page.index("Mohammad Ishaq Dar met with Amir Khan Muttaqi in Kabul") :].split("</tr>")[0]
    assert 'href="/articles/41c1646d083a1d7f?hl=242-245#cited"' in row
    assert '<image href="/static/world.svg"' in page and "<title>Kabul</title>" in page
    article = client.get("/articles/41c1646d083a1d7f", params={"hl": "242-245"}).text
    assert '<mark class="cited" id="cited"><span class="x-event in-cited-sentence"' in article
    assert "What cleaning removed" in article


def test_pages_answer(client):
    assert "Stories" in client.get("/").text
    assert SEED_STORY_TITLE in client.get("/", params={"q": "Muttaqi"}).text
    assert "Amir Khan Muttaqi" in client.get("/entities", params={"q": "mutt"}).text
    assert "Acting Foreign Minister" in client.get("/entities/person:amir khan muttaqi").text
    assert client.get("/static/world.svg").headers["content-type"].startswith("image/svg")


def test_background_work_runs_beside_the_app_and_stops_with_it(seeded_db):
    import threading

    seen = {}
    started = threading.Event()

    def work(db, stop):
        seen["db"] = db
        started.set()
        seen["stopped"] = stop.wait(timeout=30)

    with TestClient(create_app(seeded_db, background=work)) as c:
        assert started.wait(timeout=10) and c.get("/api/health").status_code == 200
        assert "stopped" not in seen
    assert seen == {"db": str(seeded_db), "stopped": True}
