"""The examples' three events fed through a loopback feed one article at a time: the same stories as
`newsfuse run examples/`, and the alerts a reader expects from watches on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES
from loopback import Loopback, Reply, example_page, rfc822, rss
from test_watch import make_due, options

from newsfuse.cli import main
from newsfuse.pipeline import build_stories, ingest
from newsfuse.records import Watch
from newsfuse.store import Store
from newsfuse.watch import Watcher

FLOOD = {"01", "02", "04", "05", "08"}
STRIKE = {"03", "06", "09", "11"}
MINE = {"07", "10", "12"}


def summary(store: Store, number_of: dict[str, str]) -> dict[frozenset, tuple]:
    """Each story as (independent origins, discrepancy kinds), by the example numbers of its articles."""
    paths = {a.id: a.path for a in store.articles()}
    return {
        frozenset(number_of[paths[a]] for a in s.articles): (
            s.independent_sources,
            sorted(d.kind for d in s.discrepancies),
        )
        for s in store.stories()
    }


@pytest.fixture(scope="module")
def fed(tmp_path_factory):
    """A store fed by the watcher one example at a time, with the alerts raised at each step."""
    tmp = tmp_path_factory.mktemp("examples")
    server = Loopback()
    items: list[tuple[str, str, str | None]] = []
    number_of: dict[str, str] = {}
    server.routes["/feed.xml"] = lambda request: Reply(200, rss(items), {"Content-Type": "application/rss+xml"})
    db = str(tmp / "watch.db")
    steps = {}
    with Store(db) as store:
        store.add_source(server.url("/feed.xml"), 0.2)
        store.add_watch(Watch(name="dock-strike", keyword="Hallbrook"))
        store.add_watch(
            Watch(name="strike-disputed", entity="Harbour and Dock Workers' Union", status_change="disputed")
        )
        store.add_watch(Watch(name="flood-figures", keyword="Velara", status_change="conflict"))
        watcher = Watcher(db, options())
        for path in sorted(EXAMPLES.glob("*.txt")):
            title, published, html = example_page(path)
            url = server.url(f"/{path.stem}.html")
            server.routes[f"/{path.stem}.html"] = Reply(200, html, {"Content-Type": "text/html; charset=utf-8"})
            items.insert(0, (url, title, rfc822(published) if published else None))
            number_of[url] = path.name[:2]
            make_due(store)
            result = watcher.poll_once(store)
            assert result.stored == 1, path
            steps[path.name[:2]] = result.alerts
        make_due(store)
        again = watcher.poll_once(store)  # nothing new in the feed
        refused = watcher._update_stories(store, build_stories(store) or store.stories())  # every story seen again
        yield db, number_of, steps, again, refused, store
    server.close()


def test_the_stories_are_those_of_newsfuse_run(fed, tmp_path):
    db, number_of, *_, store = fed
    with Store(tmp_path / "run.db") as batch:
        result = ingest([str(EXAMPLES)], batch)
        assert not result.errors
        build_stories(batch)
        expected = summary(batch, {a.path: Path(a.path).name[:2] for a in batch.articles()})
    got = summary(store, number_of)
    assert set(got) == {frozenset(FLOOD), frozenset(STRIKE), frozenset(MINE)}
    assert got == expected
    assert store.problems() == []


def test_a_watch_on_the_dock_strike_raises_the_alerts_a_reader_expects(fed):
    _, _, steps, again, refused, store = fed
    strike = {n: [a for a in alerts if a.watch == "dock-strike"] for n, alerts in steps.items()}
    assert [a.kind for a in strike["03"]] == ["new-story"]  # the first report of the strike
    assert "Dockworkers' union agrees to suspend Hallbrook" in strike["03"][0].message
    assert all(not strike[n] for n in ("01", "02", "04", "05", "07", "08", "10", "12"))  # other stories
    kinds = [a.kind for n in ("06", "09", "11") for a in strike[n]]
    assert kinds.count("new-story") == 0 and kinds.count("disputed") == 1 and "new-facts" in kinds
    (disputed,) = [a for n in ("06", "09", "11") for a in strike[n] if a.kind == "disputed"]
    assert disputed in strike["06"]  # the union's denial arrives with the Ardmere Ledger, 5 March
    assert "Now disputed" in disputed.message and "suspend" in disputed.message.lower()
    assert {link.article for link in disputed.articles} >= {a.id for a in store.articles() if "06_" in (a.url or "")}
    assert not [a for alerts in strike.values() for a in alerts if a.kind == "conflict"]  # 12%, 4%, 7%: no conflict
    # a watch on one kind of status change: exactly one alert each
    assert [(n, a.kind) for n, alerts in steps.items() for a in alerts if a.watch == "strike-disputed"] == [
        ("06", "disputed")
    ]
    (conflict,) = [(n, a) for n, alerts in steps.items() for a in alerts if a.watch == "flood-figures"]
    assert conflict[0] == "02" and "12,000" in conflict[1].message and "9,500" in conflict[1].message
    # nothing is said twice: no new item, or every story fused and seen again
    assert again.alerts == [] and again.stored == 0 and refused.alerts == []


def test_alerts_and_digest_commands(fed, capsys):
    db, *_ = fed
    assert main(["alerts", "--since", "1h", "--format", "json", "--db", db]) == 0
    alerts = json.loads(capsys.readouterr().out)
    assert {a["watch"] for a in alerts} == {"dock-strike", "strike-disputed", "flood-figures"}
    assert main(["alerts", "--since", "1h", "--watch", "flood-figures", "--db", db]) == 0
    md = capsys.readouterr().out
    assert md.count("\n") == 1 and "Figures now conflict" in md
    assert main(["digest", "--since", "24h", "--format", "json", "--db", db]) == 0
    digest = json.loads(capsys.readouterr().out)
    assert [s["independent_sources"] for s in digest["stories"]] == [4, 4, 3]  # ranked by independent origins
    strike = next(s for s in digest["stories"] if "Hallbrook" in s["title"])
    assert {c["kind"] for c in strike["changes"]} >= {"new-story", "new-facts", "disputed"}
    assert main(["digest", "--since", "24h", "--format", "html", "--db", db]) == 0
    assert "<h2>" in capsys.readouterr().out
    assert main(["digest", "--since", "yesterday", "--db", db]) == 2


def test_each_criterion_of_a_watch(fed):
    from newsfuse.watch.alerts import story_matches

    store = fed[-1]
    by_title = {s.title: s for s in store.stories()}
    strike = next(s for t, s in by_title.items() if "Hallbrook" in t)
    mine = next(s for t, s in by_title.items() if "miners" in t.lower())

    def matches(story, **query):
        return story_matches(Watch(name="w", **query), story, store.articles(story.articles))

    assert matches(strike, entity="Tobiah Quennell") and not matches(mine, entity="Tobiah Quennell")
    assert matches(strike, type="CONSULT") and not matches(strike, type="ASSAULT")
    assert matches(strike, keyword="dockworkers") and not matches(mine, keyword="dockworkers")
    assert matches(strike, source="Harbour Gazette") and not matches(strike, source="Highland Evening Post")
    assert matches(mine, place="Brackwater") and not matches(strike, place="Brackwater")
    assert not matches(strike, country="FR")  # the examples' places are invented: in no real country
    assert not matches(strike, entity="Tobiah Quennell", source="Highland Evening Post")  # every part must match
