"""The store: every read and write of newsfuse's SQLite database goes through here.

SQLite in WAL mode (one file, readers never block the writer). Records are kept
as JSON beside the columns that are queried. An article is keyed by the hash of
its normalised text, so ingesting it again stores nothing new. The schema is
versioned: ``MIGRATIONS[i]`` brings a database from version i to i + 1.

Crash safety and concurrency come from SQLite itself, not from a journal of ours:

- Every write is one transaction (``transaction()``: ``BEGIN IMMEDIATE``, so a
  writer takes the write lock before it reads what it will change, and two
  writers queue instead of failing when the second one upgrades).
- An article is stored with its extraction and a row in ``pending_stories`` in
  one transaction; story assignment reads the pending rows, saves the stories
  and deletes those rows in another. A process killed anywhere leaves either
  the article waiting (the next ``build_stories`` groups it) or fully grouped.
- ``synchronous=NORMAL`` in WAL mode: a committed transaction survives the
  process being killed (it is in the WAL, which the OS holds); a power cut can
  lose the last commits but never corrupts the file or tears a transaction.
  FULL would add an fsync per commit for the power-cut case only.
- A busy timeout of ``BUSY_TIMEOUT`` seconds: a writer waits for another
  writer's transaction (each is bounded: one batch of articles, or one batch
  of story assignments) instead of raising "database is locked"; readers never
  wait in WAL mode.

Open one ``Store`` per thread: a connection is not shared between threads.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsfuse.records import Alert, Article, Extraction, Source, Story, Watch

MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        source TEXT,
        published TEXT,
        ingested TEXT NOT NULL,
        record TEXT NOT NULL
    );
    CREATE TABLE extractions (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        record TEXT NOT NULL
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        record TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        story_id TEXT NOT NULL REFERENCES stories(id),
        article_id TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (story_id, article_id)
    );
    CREATE INDEX articles_published ON articles(published);
    """,
    # 2: a story's first and newest publication dates: list stories without loading their articles, and
    # load only the stories inside the clustering time window
    """
    ALTER TABLE stories ADD COLUMN first_published TEXT;
    ALTER TABLE stories ADD COLUMN last_published TEXT;
    CREATE INDEX stories_last_published ON stories(last_published);
    CREATE INDEX story_articles_article ON story_articles(article_id);
    """,
    # 3: articles stored but not yet in a story, written with the article and cleared with its story, so a
    # crash between storing and grouping leaves them waiting instead of never grouped; stores written before
    # this version get their ungrouped articles queued
    """
    CREATE TABLE pending_stories (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL UNIQUE REFERENCES articles(id)
    );
    INSERT INTO pending_stories (article_id)
        SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles) ORDER BY rowid;
    """,
    # 4: inputs already read (a hash of the raw document) and the article each gave: an export ingested
    # again, e.g. after a crash, is recognised without being cleaned again
    """
    CREATE TABLE inputs (
        fingerprint TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id)
    ) WITHOUT ROWID;
    """,
    # 5 (newsfuse serve): full-text search (FTS5) over articles' titles and bodies and stories' titles and
    # entity names, and a facet table (entity, place, country, event type, status) that the web filters use.
    # Triggers keep both in step with every write, whichever code does it; the index is built here for the
    # rows already stored. A BEFORE INSERT trigger drops the old story's rows, because INSERT OR REPLACE
    # deletes the old row without firing delete triggers.
    """
    CREATE VIRTUAL TABLE article_fts USING fts5(title, text);
    CREATE VIRTUAL TABLE story_fts USING fts5(title, names);
    CREATE TABLE story_facets (
        story_id TEXT NOT NULL,
        kind TEXT NOT NULL,   -- entity | place | country | type | status
        value TEXT NOT NULL,  -- lower-case key: "person:amir khan muttaqi", "kabul", "AF", "CONSULT", "disputed"
        label TEXT            -- the name as shown, for entities
    );
    -- a story's row in lists, with its dates: small rows that lists, filters and paging read instead of the
    -- stories' records (a story's dates sit after its record in the stories table, behind its overflow pages)
    CREATE TABLE story_summaries (
        id TEXT PRIMARY KEY,
        first_published TEXT,
        last_published TEXT,
        activity TEXT NOT NULL,  -- last_published or '': the list's order, newest first
        summary TEXT NOT NULL
    );
    CREATE INDEX story_summaries_activity ON story_summaries(activity, id);
    CREATE INDEX story_summaries_last ON story_summaries(last_published);
    -- article rowid (= article_fts rowid) -> id, small rows: a search maps thousands of hits to their stories
    -- without reading the articles' records
    CREATE TABLE article_keys (rowid INTEGER PRIMARY KEY, article_id TEXT NOT NULL);
    CREATE INDEX story_facets_value ON story_facets(kind, value, story_id);
    CREATE INDEX story_facets_story ON story_facets(story_id);

    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_fts (rowid, title, text)
        VALUES (new.rowid, json_extract(new.record, '$.title'), json_extract(new.record, '$.text'));
        INSERT INTO article_keys VALUES (new.rowid, new.id);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF record ON articles BEGIN
        DELETE FROM article_fts WHERE rowid = old.rowid;
        INSERT INTO article_fts (rowid, title, text)
        VALUES (new.rowid, json_extract(new.record, '$.title'), json_extract(new.record, '$.text'));
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM article_fts WHERE rowid = old.rowid;
        DELETE FROM article_keys WHERE rowid = old.rowid;
    END;

    CREATE TRIGGER stories_index_replace BEFORE INSERT ON stories BEGIN
        DELETE FROM story_fts WHERE rowid = (SELECT rowid FROM stories WHERE id = new.id);
        DELETE FROM story_facets WHERE story_id = new.id;
        DELETE FROM story_summaries WHERE id = new.id;
    END;
    CREATE TRIGGER stories_index_delete AFTER DELETE ON stories BEGIN
        DELETE FROM story_fts WHERE rowid = old.rowid;
        DELETE FROM story_facets WHERE story_id = old.id;
        DELETE FROM story_summaries WHERE id = old.id;
    END;
    CREATE TRIGGER stories_index_update BEFORE UPDATE ON stories BEGIN
        DELETE FROM story_fts WHERE rowid = old.rowid;
        DELETE FROM story_facets WHERE story_id = old.id;
        DELETE FROM story_summaries WHERE id = old.id;
    END;
    CREATE TRIGGER stories_index_insert AFTER INSERT ON stories BEGIN
        INSERT INTO story_fts_source VALUES (new.rowid, new.id, new.record, new.first_published, new.last_published);
    END;
    CREATE TRIGGER stories_index_updated AFTER UPDATE ON stories BEGIN
        INSERT INTO story_fts_source VALUES (new.rowid, new.id, new.record, new.first_published, new.last_published);
    END;

    -- one place that turns a story record into its index rows: a view whose INSTEAD OF trigger does it
    CREATE VIEW story_fts_source AS
        SELECT 0 AS story_rowid, '' AS story_id, '' AS record, '' AS first_published, '' AS last_published;
    CREATE TRIGGER story_fts_source_insert INSTEAD OF INSERT ON story_fts_source BEGIN
        INSERT INTO story_fts (rowid, title, names) VALUES (
            new.story_rowid,
            json_extract(new.record, '$.title'),
            (SELECT group_concat(json_extract(e.value, '$.name') || ' ' || COALESCE(
                (SELECT group_concat(a.value, ' ') FROM json_each(e.value, '$.aliases') a), ''), ' ')
             FROM json_each(new.record, '$.entities') e)
        );
        INSERT INTO story_facets
        SELECT DISTINCT new.story_id, 'entity',
               lower(json_extract(e.value, '$.type') || ':' || json_extract(e.value, '$.name')),
               json_extract(e.value, '$.name')
        FROM json_each(new.record, '$.entities') e;
        INSERT INTO story_facets
        SELECT DISTINCT new.story_id, 'place', lower(json_extract(e.value, '$.name')), json_extract(e.value, '$.name')
        FROM json_each(new.record, '$.entities') e WHERE json_extract(e.value, '$.type') = 'PLACE';
        INSERT INTO story_facets
        SELECT DISTINCT new.story_id, 'country', upper(json_extract(e.value, '$.place.country_code')), NULL
        FROM json_each(new.record, '$.entities') e WHERE json_extract(e.value, '$.place.country_code') IS NOT NULL;
        INSERT INTO story_facets
        SELECT DISTINCT new.story_id, 'type', json_extract(e.value, '$.type'), NULL
        FROM json_each(new.record, '$.events') e;
        INSERT INTO story_facets
        SELECT new.story_id, 'status', 'disputed', NULL WHERE
            EXISTS (SELECT 1 FROM json_each(new.record, '$.events') e
                    WHERE json_extract(e.value, '$.status') = 'disputed')
            OR EXISTS (SELECT 1 FROM json_each(new.record, '$.claims') c
                       WHERE json_extract(c.value, '$.status') = 'disputed');
        INSERT INTO story_facets
        SELECT new.story_id, 'status', 'figure-conflict', NULL WHERE
            EXISTS (SELECT 1 FROM json_each(new.record, '$.discrepancies') d
                    WHERE json_extract(d.value, '$.kind') = 'figures');
        -- the list row: counts, and the three people and places most articles name
        INSERT INTO story_summaries VALUES (new.story_id, new.first_published, new.last_published,
                                            COALESCE(new.last_published, ''), json_object(
            'id', new.story_id,
            'title', json_extract(new.record, '$.title'),
            'articles', json_array_length(new.record, '$.articles'),
            'origins', json_extract(new.record, '$.independent_sources'),
            'corroborated', (SELECT COUNT(*) FROM (
                SELECT value FROM json_each(new.record, '$.events') UNION ALL
                SELECT value FROM json_each(new.record, '$.claims'))
                WHERE json_extract(value, '$.status') = 'corroborated'),
            'disputed', (SELECT COUNT(*) FROM (
                SELECT value FROM json_each(new.record, '$.events') UNION ALL
                SELECT value FROM json_each(new.record, '$.claims'))
                WHERE json_extract(value, '$.status') = 'disputed'),
            'figure_conflicts', (SELECT COUNT(*) FROM json_each(new.record, '$.discrepancies')
                                 WHERE json_extract(value, '$.kind') = 'figures'),
            'people', json((SELECT json_group_array(json_object('id', 'person:' || lower(name), 'name', name)) FROM (
                SELECT json_extract(value, '$.name') AS name FROM json_each(new.record, '$.entities')
                WHERE json_extract(value, '$.type') = 'PERSON'
                ORDER BY json_array_length(value, '$.articles') DESC, name LIMIT 3))),
            'places', json((SELECT json_group_array(json_object('id', 'place:' || lower(name), 'name', name)) FROM (
                SELECT json_extract(value, '$.name') AS name FROM json_each(new.record, '$.entities')
                WHERE json_extract(value, '$.type') = 'PLACE'
                ORDER BY json_array_length(value, '$.articles') DESC, name LIMIT 3)))
        ));
    END;

    INSERT INTO article_fts (rowid, title, text)
    SELECT rowid, json_extract(record, '$.title'), json_extract(record, '$.text') FROM articles;
    INSERT INTO article_keys SELECT rowid, id FROM articles;
    INSERT INTO story_fts_source SELECT rowid, id, record, first_published, last_published FROM stories;
    """,
    # 6 (the watcher, issue 12): sources with their validators and schedule, every URL seen with its outcome,
    # saved watches, the alerts they raised (once each; watch '' is every story's own log of changes, which
    # the digest reads), webhook deliveries, and what alerting last saw of each story (so a story fused
    # again unchanged raises nothing); articles by path, to tell a fetched URL already stored
    """
    CREATE TABLE watch_sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT,
        parent INTEGER REFERENCES watch_sources(id),
        added TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'ok',
        etag TEXT,
        last_modified TEXT,
        interval REAL NOT NULL,
        next_poll REAL NOT NULL DEFAULT 0,
        last_poll REAL,
        last_success REAL,
        last_change REAL,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        articles INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE watch_urls (
        url TEXT PRIMARY KEY,
        source_id INTEGER REFERENCES watch_sources(id),
        seen TEXT NOT NULL,
        fetched TEXT,
        outcome TEXT NOT NULL,
        article_id TEXT,
        detail TEXT,
        title TEXT,
        published TEXT,
        tries INTEGER NOT NULL DEFAULT 0,
        next_try REAL NOT NULL DEFAULT 0
    );
    CREATE INDEX watch_urls_outcome ON watch_urls(outcome);
    CREATE TABLE watches (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        webhook TEXT,
        secret TEXT,
        created TEXT NOT NULL
    );
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        watch TEXT NOT NULL,
        story_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        created TEXT NOT NULL,
        message TEXT NOT NULL,
        record TEXT NOT NULL,
        UNIQUE (watch, story_id, kind, key)
    );
    CREATE INDEX alerts_created ON alerts(created);
    CREATE TABLE alert_deliveries (
        alert_id INTEGER PRIMARY KEY REFERENCES alerts(id),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try REAL NOT NULL DEFAULT 0,
        delivered TEXT,
        last_error TEXT
    );
    CREATE TABLE story_seen (
        story_id TEXT PRIMARY KEY,
        digest TEXT NOT NULL,
        facts TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
    """,
]

_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
BUSY_TIMEOUT = 120.0  # seconds a writer waits for another's transaction before "database is locked"


def _dump(record: Article | Extraction | Story) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"))


class Store:
    """A newsfuse database. Use as a context manager, or call ``close``."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        # autocommit mode: transactions are explicit (``transaction``), never opened behind our back
        self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._depth = 0
        self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (re-entrant: an inner one joins the outer). Takes the write lock at once,
        waiting up to ``BUSY_TIMEOUT`` for another writer; rolls back on any exception."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        self._db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that see one state of the store (a story and its articles as of one commit)."""
        if self._depth:
            yield
            return
        self._db.execute("BEGIN")
        self._depth = 1
        try:
            yield
        finally:
            self._depth = 0
            self._db.execute("COMMIT")

    @property
    def version(self) -> int:
        return self._db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
        )
        while (version := self.version) < len(MIGRATIONS):
            applied = datetime.now(UTC).isoformat(timespec="seconds")
            try:  # the version row goes first: a process migrating at the same time fails on it and rolls back
                self._db.executescript(
                    f"BEGIN IMMEDIATE; INSERT INTO schema_migrations VALUES ({version + 1}, '{applied}');"
                    + MIGRATIONS[version]
                    + "; COMMIT;"
                )
            except sqlite3.DatabaseError:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if self.version == version:  # nobody else applied it: a real failure
                    raise

    # ------------------------------------------------------------ articles
    def has_article(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_articles(
        self, items: Iterable[tuple[Article, Extraction]], inputs: Iterable[tuple[str, str]] = ()
    ) -> list[bool]:
        """Store articles with their extractions, each queued for story assignment, and the ``inputs``
        (raw fingerprint, article id) they came from, in one transaction. For each item, False if that
        article was already stored (by this process or another)."""
        added = []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.transaction():
            for article, extraction in items:
                inserted = self._db.execute(
                    "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                    (article.id, article.path, article.source, article.published, now, _dump(article)),
                ).rowcount
                if inserted:
                    self._db.execute("INSERT INTO extractions VALUES (?, ?)", (article.id, _dump(extraction)))
                    self._db.execute("INSERT INTO pending_stories (article_id) VALUES (?)", (article.id,))
                added.append(bool(inserted))
            self._db.executemany(
                "INSERT OR IGNORE INTO inputs SELECT ?, id FROM articles WHERE id = ?", list(inputs)
            )
        return added

    def input_article(self, fingerprint: str) -> str | None:
        """The id of the article an input with this fingerprint gave, if it was read before."""
        row = self._db.execute("SELECT article_id FROM inputs WHERE fingerprint = ?", (fingerprint,)).fetchone()
        return row[0] if row else None

    def add_article(self, article: Article, extraction: Extraction) -> bool:
        """Store one article with its extraction (see ``add_articles``)."""
        return self.add_articles([(article, extraction)])[0]

    def pending(self, limit: int | None = None) -> list[str]:
        """Ids of the articles waiting for story assignment, in the order they were stored."""
        sql = "SELECT article_id FROM pending_stories ORDER BY seq" + ("" if limit is None else f" LIMIT {int(limit)}")
        return [r[0] for r in self._db.execute(sql)]

    def update_article(self, article: Article, extraction: Extraction) -> None:
        """Replace a stored article's record and extraction (e.g. once its date is known), atomically."""
        with self.transaction():
            self._db.execute(
                "UPDATE articles SET published = ?, record = ? WHERE id = ?",
                (article.published, _dump(article), article.id),
            )
            self._db.execute("UPDATE extractions SET record = ? WHERE article_id = ?", (_dump(extraction), article.id))

    def _records(self, sql: str, ids: Iterable[str] | None) -> list[tuple[str, str]]:
        """(id, record) rows of ``sql`` (which ends in a ``WHERE`` on ids, or has none when ids is None)."""
        if ids is None:
            return self._db.execute(sql).fetchall()
        wanted = sorted(set(ids))
        rows = []
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            rows += self._db.execute(sql + f" IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return rows

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Stored articles (all, or those with ``ids``), oldest publication first."""
        rows = self._records("SELECT id, record FROM articles" + ("" if ids is None else " WHERE id"), ids)
        articles = [Article.from_dict(json.loads(r)) for _, r in rows]
        return sorted(articles, key=lambda a: (a.published or "", a.id))

    def extractions(self, ids: Iterable[str] | None = None) -> dict[str, Extraction]:
        sql = "SELECT article_id, record FROM extractions" + ("" if ids is None else " WHERE article_id")
        return {i: Extraction.from_dict(json.loads(r)) for i, r in self._records(sql, ids)}

    def newest_published(self) -> str | None:
        return self._db.execute("SELECT MAX(published) FROM articles").fetchone()[0]

    # ------------------------------------------------------------- stories
    def save_stories(self, stories: list[Story], removed: Iterable[str] = ()) -> None:
        """Insert or replace ``stories`` and delete the ``removed`` ones (merged away), in one transaction;
        their articles are no longer waiting for a story."""
        with self.transaction():
            for story_id in removed:
                self._db.execute("DELETE FROM story_articles WHERE story_id = ?", (story_id,))
                self._db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            for story in stories:
                first, last = self._db.execute(
                    "SELECT MIN(published), MAX(published) FROM articles"
                    f" WHERE id IN ({','.join('?' * len(story.articles))})",
                    story.articles,
                ).fetchone()
                self._db.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
                self._db.execute(
                    "INSERT OR REPLACE INTO stories (id, title, record, first_published, last_published)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (story.id, story.title, _dump(story), first, last),
                )
                self._db.executemany(
                    "INSERT INTO story_articles VALUES (?, ?)", [(story.id, a) for a in story.articles]
                )
                self._db.executemany(
                    "DELETE FROM pending_stories WHERE article_id = ?", [(a,) for a in story.articles]
                )

    def stories(self, active_since: str | None = None) -> list[Story]:
        """Stored stories; with ``active_since`` (YYYY-MM-DD), only those with an article published
        since then or with no dated article (the ones still open to new reports)."""
        if active_since is None:
            rows = self._db.execute("SELECT record FROM stories ORDER BY id").fetchall()
        else:
            rows = self._db.execute(
                "SELECT record FROM stories WHERE last_published IS NULL OR last_published >= ? ORDER BY id",
                (active_since,),
            ).fetchall()
        return [Story.from_dict(json.loads(r)) for (r,) in rows]

    def story_list(self) -> list[tuple[Story, str | None]]:
        """Every stored story with its first publication date, oldest first."""
        rows = self._db.execute(
            "SELECT record, first_published FROM stories ORDER BY first_published IS NULL, first_published, id"
        ).fetchall()
        return [(Story.from_dict(json.loads(r)), first) for r, first in rows]

    def stories_with(self, article_ids: Iterable[str]) -> list[Story]:
        """The stored stories that hold any of ``article_ids``."""
        sql = (
            "SELECT DISTINCT s.id, s.record FROM stories s JOIN story_articles sa ON sa.story_id = s.id"
            " WHERE sa.article_id"
        )
        rows = sorted(self._records(sql, article_ids))
        return [Story.from_dict(json.loads(r)) for _, r in dict(rows).items()]

    def story(self, id_or_prefix: str) -> Story | None:
        """The story with this id, or the only one whose id starts with it."""
        data = self.story_record(id_or_prefix)
        return None if data is None else Story.from_dict(data)

    def story_record(self, id_or_prefix: str) -> dict[str, Any] | None:
        """``story``'s record as stored (``Story.to_dict()``), for readers that need no dataclasses (the web
        app: building them and back costs more than the rest of a page). Both lookups use the index (a LIKE
        would read every story's row: tens of milliseconds on a store of 10,000 stories)."""
        rows = self._db.execute("SELECT record FROM stories WHERE id = ?", (id_or_prefix,)).fetchall()
        if not rows and id_or_prefix:
            after = id_or_prefix[:-1] + chr(ord(id_or_prefix[-1]) + 1)  # the first string past the prefix's range
            rows = self._db.execute(
                "SELECT record FROM stories WHERE id >= ? AND id < ? LIMIT 2", (id_or_prefix, after)
            ).fetchall()
        return json.loads(rows[0][0]) if len(rows) == 1 else None

    def counts(self) -> dict[str, int]:
        return {
            table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "extractions", "stories", "pending_stories")
        }

    def problems(self) -> list[str]:
        """What is inconsistent in the store, one line each (empty when all is well): every article has its
        extraction and is in exactly one story or waiting for one; every story's record lists exactly the
        articles the membership table gives it; the schema is at the newest version."""
        with self.snapshot():
            found = [f"schema version {self.version}, expected {len(MIGRATIONS)}"] * (self.version != len(MIGRATIONS))
            for article_id, n in self._db.execute(
                "SELECT a.id, (SELECT COUNT(*) FROM story_articles sa WHERE sa.article_id = a.id)"
                " + (SELECT COUNT(*) FROM pending_stories p WHERE p.article_id = a.id) AS n FROM articles a"
                " WHERE n != 1"
            ):
                found.append(f"article {article_id} is in {n} stories or queues (expected 1)")
            for (article_id,) in self._db.execute(
                "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM extractions)"
            ):
                found.append(f"article {article_id} has no extraction")
            members: dict[str, set[str]] = {}
            for story_id, article_id in self._db.execute("SELECT story_id, article_id FROM story_articles"):
                members.setdefault(story_id, set()).add(article_id)
            for story_id, record in self._db.execute("SELECT id, record FROM stories"):
                listed = set(json.loads(record)["articles"])
                if listed != members.pop(story_id, set()):
                    found.append(f"story {story_id}: its record and the membership table disagree")
            found += [f"story {s}: members but no story record" for s in members]
        return found

    # ------------------------------------------------------------- watcher
    # Sources, the URLs seen, watches and alerts (issue 12). Times of the schedule are unix seconds.
    _SOURCE_COLUMNS = (
        "id, url, kind, parent, added, state, etag, last_modified, interval, next_poll, last_poll,"
        " last_success, last_change, last_error, failures, articles"
    )

    def _source(self, row: tuple) -> Source:
        names = [c.strip() for c in self._SOURCE_COLUMNS.split(",")]
        return Source(**dict(zip(names, row, strict=True)))

    def add_source(self, url: str, interval: float, kind: str | None = None, parent: int | None = None) -> bool:
        """Add a source to poll (due at once). False if it was already there."""
        with self.transaction():
            return bool(
                self._db.execute(
                    "INSERT OR IGNORE INTO watch_sources (url, kind, parent, added, interval) VALUES (?, ?, ?, ?, ?)",
                    (url, kind, parent, datetime.now(UTC).isoformat(timespec="seconds"), interval),
                ).rowcount
            )

    def sources(self, due_at: float | None = None) -> list[Source]:
        """Every source, or (with ``due_at``) the ones not disabled whose next poll is due then."""
        sql = f"SELECT {self._SOURCE_COLUMNS} FROM watch_sources"
        if due_at is None:
            return [self._source(r) for r in self._db.execute(sql + " ORDER BY id")]
        rows = self._db.execute(
            sql + " WHERE state != 'disabled' AND next_poll <= ? ORDER BY next_poll, id", (due_at,)
        )
        return [self._source(r) for r in rows]

    def source(self, url: str) -> Source | None:
        row = self._db.execute(f"SELECT {self._SOURCE_COLUMNS} FROM watch_sources WHERE url = ?", (url,)).fetchone()
        return None if row is None else self._source(row)

    def update_source(self, source: Source) -> None:
        """Write back a source's state, validators and schedule."""
        fields = [c.strip() for c in self._SOURCE_COLUMNS.split(",")][1:]
        values = [getattr(source, f) for f in fields]
        with self.transaction():
            self._db.execute(
                f"UPDATE watch_sources SET {', '.join(f + ' = ?' for f in fields)} WHERE id = ?", [*values, source.id]
            )

    def count_source_articles(self, source_id: int, added: int) -> None:
        with self.transaction():
            self._db.execute("UPDATE watch_sources SET articles = articles + ? WHERE id = ?", (added, source_id))

    def add_urls(self, source_id: int, items: Iterable[tuple[str, str | None, str | None]]) -> list[str]:
        """Record article URLs (normalised) found in a source, with the entry's title and date, as waiting
        to be fetched; URLs seen before are left as they are. Returns the URLs new to the store."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        new = []
        with self.transaction():
            for url, title, published in items:
                if self._db.execute(
                    "INSERT OR IGNORE INTO watch_urls (url, source_id, seen, outcome, title, published)"
                    " VALUES (?, ?, ?, 'pending', ?, ?)",
                    (url, source_id, now, title, published),
                ).rowcount:
                    new.append(url)
        return new

    def article_at(self, path: str) -> str | None:
        """The id of the article stored from ``path`` (for the watcher, its URL), if any."""
        row = self._db.execute("SELECT id FROM articles WHERE path = ? LIMIT 1", (path,)).fetchone()
        return row[0] if row else None

    def pending_urls(self, now: float) -> list[tuple[str, int, str | None, str | None]]:
        """(url, source id, title, published) of the URLs waiting to be fetched and due at ``now``, oldest first."""
        return self._db.execute(
            "SELECT url, source_id, title, published FROM watch_urls WHERE outcome = 'pending' AND next_try <= ?"
            " ORDER BY rowid",
            (now,),
        ).fetchall()

    def retry_url(self, url: str, detail: str, next_try: float, max_tries: int) -> bool:
        """Count a failed try at a URL; it stays pending until ``next_try`` unless ``max_tries`` are used up
        (then its outcome is 'error'). True if it will be tried again."""
        with self.transaction():
            self._db.execute(
                "UPDATE watch_urls SET tries = tries + 1, next_try = ?, detail = ?,"
                " outcome = CASE WHEN tries + 1 >= ? THEN 'error' ELSE outcome END WHERE url = ?",
                (next_try, detail, max_tries, url),
            )
            row = self._db.execute("SELECT outcome FROM watch_urls WHERE url = ?", (url,)).fetchone()
        return bool(row) and row[0] == "pending"

    def url_outcomes(self, urls: Iterable[str] | None = None) -> dict[str, str]:
        """The outcome (pending | stored | duplicate | blocked | error | disallowed | gone) of each URL seen."""
        rows = self._records("SELECT url, outcome FROM watch_urls" + ("" if urls is None else " WHERE url"), urls)
        return dict(rows)

    def set_url_outcome(self, url: str, outcome: str, article_id: str | None = None, detail: str | None = None) -> None:
        with self.transaction():
            self._db.execute(
                "UPDATE watch_urls SET outcome = ?, article_id = ?, detail = ?, fetched = ? WHERE url = ?",
                (outcome, article_id, detail, datetime.now(UTC).isoformat(timespec="seconds"), url),
            )

    def add_watch(self, watch: Watch) -> None:
        """Save a watch (replacing one of the same name)."""
        query = {k: v for k, v in watch.to_dict().items() if k not in ("name", "webhook", "secret", "created") and v}
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO watches VALUES (?, ?, ?, ?, ?)",
                (
                    watch.name,
                    json.dumps(query, ensure_ascii=False),
                    watch.webhook,
                    watch.secret,
                    watch.created or datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )

    def watches(self) -> list[Watch]:
        rows = self._db.execute("SELECT name, query, webhook, secret, created FROM watches ORDER BY name")
        return [
            Watch(name=n, webhook=w, secret=s, created=c, **json.loads(q)) for n, q, w, s, c in rows.fetchall()
        ]

    def seen_stories(self, story_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """What alerting last saw of each story: id -> (digest, facts as JSON)."""
        rows = self._records("SELECT story_id, digest, facts FROM story_seen WHERE story_id", story_ids)
        return {i: (digest, facts) for i, digest, facts in rows}  # type: ignore[misc]

    def record_alerts(self, alerts: list[Alert], seen: dict[str, tuple[str, str]], deliver: set[str]) -> list[Alert]:
        """Store new alerts together with what alerting has now seen of their stories, in one transaction;
        an alert already stored (same watch, story, kind and key) is not stored again. Alerts of the
        watches named in ``deliver`` are queued for their webhook. Returns the alerts stored now."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        stored = []
        with self.transaction():
            for alert in alerts:
                alert.created = alert.created or now
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO alerts (watch, story_id, kind, key, created, message, record)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (alert.watch, alert.story, alert.kind, alert.key, alert.created, alert.message, "{}"),
                )
                if cur.rowcount:
                    alert.id = cur.lastrowid
                    self._db.execute("UPDATE alerts SET record = ? WHERE id = ?", (_dump(alert), alert.id))
                    if alert.watch in deliver:
                        self._db.execute("INSERT INTO alert_deliveries (alert_id) VALUES (?)", (alert.id,))
                    stored.append(alert)
            self._db.executemany(
                "INSERT OR REPLACE INTO story_seen VALUES (?, ?, ?)", [(i, d, f) for i, (d, f) in seen.items()]
            )
        return stored

    def alerts(self, since: str | None = None, watch: str | None = None, limit: int | None = None) -> list[Alert]:
        """Stored alerts, newest first; ``since`` is an ISO time; ``watch=''`` gives the stories' own changes."""
        sql, args = "SELECT record FROM alerts WHERE created >= ?", [since or ""]
        if watch is not None:
            sql, args = sql + " AND watch = ?", [*args, watch]
        else:
            sql += " AND watch != ''"
        sql += " ORDER BY id DESC" + ("" if limit is None else f" LIMIT {int(limit)}")
        return [Alert.from_dict(json.loads(r)) for (r,) in self._db.execute(sql, args)]

    def due_deliveries(self, now: float, max_attempts: int) -> list[tuple[Alert, Watch, int]]:
        """(alert, its watch, attempts so far) of the webhook deliveries due at ``now``."""
        rows = self._db.execute(
            "SELECT a.record, d.attempts FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id"
            " WHERE d.delivered IS NULL AND d.next_try <= ? AND d.attempts < ? ORDER BY d.alert_id",
            (now, max_attempts),
        ).fetchall()
        watches = {w.name: w for w in self.watches()}
        out = []
        for record, attempts in rows:
            alert = Alert.from_dict(json.loads(record))
            if alert.watch in watches:
                out.append((alert, watches[alert.watch], attempts))
        return out

    def record_delivery(self, alert_id: int, ok: bool, error: str | None = None, next_try: float = 0) -> None:
        with self.transaction():
            self._db.execute(
                "UPDATE alert_deliveries SET attempts = attempts + 1, delivered = ?, last_error = ?, next_try = ?"
                " WHERE alert_id = ?",
                (datetime.now(UTC).isoformat(timespec="seconds") if ok else None, error, next_try, alert_id),
            )

    def deliveries(self) -> list[tuple[int, int, str | None, str | None]]:
        """(alert id, attempts, delivered, last error) of every webhook delivery."""
        return self._db.execute(
            "SELECT alert_id, attempts, delivered, last_error FROM alert_deliveries ORDER BY alert_id"
        ).fetchall()

    # ------------------------------------------------- the web app's reads
    def find_stories(
        self, filters: StoryFilters, limit: int, after: tuple[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """Summaries of the stories matching ``filters`` (see ``story_summaries`` in the schema, with
        ``first_published`` and ``last_published``), newest activity (last publication) first, ``limit`` at
        most, starting after the ``(last_published or "", id)`` key of the last story of the page before
        (keyset paging: stories added meanwhile never shift the pages still to come)."""
        where, params = self._story_where(filters)
        if after is not None:
            where.append("(s.activity, s.id) < (?, ?)")
            params += list(after)
        sql = (
            "SELECT s.summary, s.first_published, s.last_published FROM story_summaries s"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY s.activity DESC, s.id DESC LIMIT ?"
        )
        return [_summary(*row) for row in self._db.execute(sql, [*params, limit])]

    def _story_where(self, f: StoryFilters) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if f.q:
            match = fts_query(f.q)
            where.append(
                "s.id IN (SELECT id FROM stories WHERE rowid IN (SELECT rowid FROM story_fts WHERE story_fts MATCH ?)"
                " UNION SELECT sa.story_id FROM article_keys k JOIN story_articles sa ON sa.article_id = k.article_id"
                " WHERE k.rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?))"
            )
            params += [match, match]
        if f.since:
            where.append("s.last_published >= ?")
            params.append(f.since)
        if f.until:
            where.append("s.first_published <= ?")
            params.append(f.until)
        facet = "s.id IN (SELECT story_id FROM story_facets WHERE kind = ? AND value = ?)"
        if f.entity:
            # a full key ("person:amir khan muttaqi") or a bare name of any type
            if ":" in f.entity:
                where.append(facet)
                params += ["entity", f.entity.lower()]
            else:
                where.append(
                    "s.id IN (SELECT story_id FROM story_facets WHERE kind = 'entity' AND value IN "
                    "(" + ",".join("?" * len(ENTITY_TYPES)) + "))"
                )
                params += [f"{t.lower()}:{f.entity.lower()}" for t in ENTITY_TYPES]
        if f.place:
            where.append(
                "s.id IN (SELECT story_id FROM story_facets WHERE (kind = 'place' AND value = ?)"
                " OR (kind = 'country' AND value = ?))"
            )
            params += [f.place.lower(), f.place.upper()]
        if f.type:
            where.append(facet)
            params += ["type", f.type.upper()]
        if f.status:
            where.append(facet)
            params += ["status", f.status]
        if f.source:
            where.append(
                "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
                " WHERE a.source = ? COLLATE NOCASE)"
            )
            params.append(f.source)
        return where, params

    def story_ids(self, filters: StoryFilters, after: str | None = None, limit: int | None = None) -> list[str]:
        """Ids of the stories matching ``filters``, in id order, after ``after`` (for exports)."""
        where, params = self._story_where(filters)
        if after is not None:
            where.append("s.id > ?")
            params.append(after)
        sql = "SELECT s.id FROM story_summaries s" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY s.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [r[0] for r in self._db.execute(sql, params)]

    def story_records(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The stored stories of ``ids`` as stored (``Story.to_dict()``, see ``story_record``), in id order."""
        rows = sorted(self._records("SELECT id, record FROM stories WHERE id", ids))
        return [json.loads(r) for _, r in rows]

    def facet_values(self, kind: str) -> list[str]:
        """The values a story filter of ``kind`` (e.g. event ``type``) takes in this store: one index seek
        per value (a skip scan), not a scan of every story's rows."""
        rows = self._db.execute(
            "WITH RECURSIVE v(value) AS ("
            " SELECT MIN(value) FROM story_facets WHERE kind = ?1"
            " UNION ALL SELECT (SELECT MIN(value) FROM story_facets WHERE kind = ?1 AND value > v.value)"
            " FROM v WHERE v.value IS NOT NULL)"
            " SELECT value FROM v WHERE value IS NOT NULL",
            (kind,),
        )
        return [r[0] for r in rows]

    def find_entities(self, q: str, limit: int) -> list[tuple[str, str, int]]:
        """(key, name, number of stories) of the entities whose name contains ``q``, most stories first."""
        rows = self._db.execute(
            "SELECT value, MIN(label), COUNT(DISTINCT story_id) AS n FROM story_facets"
            " WHERE kind = 'entity' AND label LIKE ? ESCAPE '\\' GROUP BY value ORDER BY n DESC, value LIMIT ?",
            ("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", limit),
        ).fetchall()
        return [(k, name, n) for k, name, n in rows]

    def entity_stories(self, key: str, limit: int) -> tuple[int, list[Story], list[dict[str, Any]]]:
        """How many stories hold the entity ``key``, the newest ``limit`` of them and their summaries."""
        (total,) = self._db.execute(
            "SELECT COUNT(*) FROM story_facets WHERE kind = 'entity' AND value = ?", (key,)
        ).fetchone()
        rows = self._db.execute(
            "SELECT s.record, m.summary, m.first_published, m.last_published FROM story_facets f"
            " JOIN story_summaries m ON m.id = f.story_id JOIN stories s ON s.id = m.id"
            " WHERE f.kind = 'entity' AND f.value = ?"
            " ORDER BY m.activity DESC, m.id DESC LIMIT ?",
            (key, limit),
        ).fetchall()
        return total, [Story.from_dict(json.loads(r[0])) for r in rows], [_summary(*r[1:]) for r in rows]


def _summary(summary: str, first: str | None, last: str | None) -> dict[str, Any]:
    return {**json.loads(summary), "first_published": first, "last_published": last}


ENTITY_TYPES = ("PERSON", "ORG", "GROUP", "PLACE")


@dataclass
class StoryFilters:
    """What a reader narrows the story list by (every field optional)."""

    q: str | None = None  # full text: titles, bodies, entity names
    since: str | None = None  # YYYY-MM-DD: stories with an article published on or after it
    until: str | None = None  # YYYY-MM-DD: stories with an article published on or before it
    entity: str | None = None  # an entity key ("person:amir khan muttaqi") or name
    place: str | None = None  # a place name or an ISO 3166-1 alpha-2 country code
    type: str | None = None  # a PLOVER event type
    status: str | None = None  # disputed | figure-conflict
    source: str | None = None  # an outlet name


def fts_query(text: str) -> str:
    """A reader's search words as an FTS5 query: every word must appear, as a word (a prefix search would
    cost ten times more on a common word); FTS5 syntax in the input has no effect."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"' for w in words) if words else '""'
