"""The store: every read and write of newsfuse's SQLite database goes through here.

SQLite in WAL mode (one file, readers never block the writer). Records are kept
as JSON beside the columns that are queried. An article is keyed by the hash of
its normalised text, so ingesting it again stores nothing new. The schema is
versioned: ``MIGRATIONS[i]`` brings a database from version i to i + 1.
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

from newsfuse.records import Article, Extraction, Story

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
    # 3 (newsfuse serve): full-text search (FTS5) over articles' titles and bodies and stories' titles and
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
    CREATE INDEX story_facets_value ON story_facets(kind, value, story_id);
    CREATE INDEX story_facets_story ON story_facets(story_id);
    CREATE INDEX stories_activity ON stories(COALESCE(last_published, ''), id);

    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_fts (rowid, title, text)
        VALUES (new.rowid, json_extract(new.record, '$.title'), json_extract(new.record, '$.text'));
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF record ON articles BEGIN
        DELETE FROM article_fts WHERE rowid = old.rowid;
        INSERT INTO article_fts (rowid, title, text)
        VALUES (new.rowid, json_extract(new.record, '$.title'), json_extract(new.record, '$.text'));
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM article_fts WHERE rowid = old.rowid;
    END;

    CREATE TRIGGER stories_index_replace BEFORE INSERT ON stories BEGIN
        DELETE FROM story_fts WHERE rowid = (SELECT rowid FROM stories WHERE id = new.id);
        DELETE FROM story_facets WHERE story_id = new.id;
    END;
    CREATE TRIGGER stories_index_delete AFTER DELETE ON stories BEGIN
        DELETE FROM story_fts WHERE rowid = old.rowid;
        DELETE FROM story_facets WHERE story_id = old.id;
    END;
    CREATE TRIGGER stories_index_update BEFORE UPDATE ON stories BEGIN
        DELETE FROM story_fts WHERE rowid = old.rowid;
        DELETE FROM story_facets WHERE story_id = old.id;
    END;
    CREATE TRIGGER stories_index_insert AFTER INSERT ON stories BEGIN
        INSERT INTO story_fts_source (story_rowid, story_id, record) VALUES (new.rowid, new.id, new.record);
    END;
    CREATE TRIGGER stories_index_updated AFTER UPDATE ON stories BEGIN
        INSERT INTO story_fts_source (story_rowid, story_id, record) VALUES (new.rowid, new.id, new.record);
    END;

    -- one place that turns a story record into its index rows: a view whose INSTEAD OF trigger does it
    CREATE VIEW story_fts_source AS SELECT 0 AS story_rowid, '' AS story_id, '' AS record;
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
    END;

    INSERT INTO article_fts (rowid, title, text)
    SELECT rowid, json_extract(record, '$.title'), json_extract(record, '$.text') FROM articles;
    INSERT INTO story_fts_source (story_rowid, story_id, record) SELECT rowid, id, record FROM stories;
    """,
]

_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


def _dump(record: Article | Extraction | Story) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"))


class Store:
    """A newsfuse database. Use as a context manager, or call ``close``."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @property
    def version(self) -> int:
        return self._db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
        )
        for version in range(self.version, len(MIGRATIONS)):
            with self._db:
                self._db.executescript("BEGIN;" + MIGRATIONS[version] + ";")
                self._db.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?)",
                    (version + 1, datetime.now(UTC).isoformat(timespec="seconds")),
                )

    # ------------------------------------------------------------ articles
    def has_article(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article, extraction: Extraction) -> bool:
        """Store an article with its extraction, atomically. False if it was already stored."""
        with self._db:
            inserted = self._db.execute(
                "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.path,
                    article.source,
                    article.published,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    _dump(article),
                ),
            ).rowcount
            if inserted:
                self._db.execute("INSERT INTO extractions VALUES (?, ?)", (article.id, _dump(extraction)))
        return bool(inserted)

    def update_article(self, article: Article, extraction: Extraction) -> None:
        """Replace a stored article's record and extraction (e.g. once its date is known), atomically."""
        with self._db:
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
        """Insert or replace ``stories`` and delete the ``removed`` ones (merged away), in one transaction."""
        with self._db:
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
        rows = self._db.execute(
            "SELECT record FROM stories WHERE id = ? OR id LIKE ? ESCAPE '\\' ORDER BY id = ? DESC",
            (id_or_prefix, id_or_prefix.replace("%", "\\%").replace("_", "\\_") + "%", id_or_prefix),
        ).fetchall()
        if not rows or (len(rows) > 1 and json.loads(rows[0][0])["id"] != id_or_prefix):
            return None
        return Story.from_dict(json.loads(rows[0][0]))

    def counts(self) -> dict[str, int]:
        return {
            table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "extractions", "stories")
        }

    # ------------------------------------------------- the web app's reads
    @contextmanager
    def reading(self) -> Iterator[Store]:
        """One read snapshot: a story and its articles read inside it come from the same committed state,
        whatever a writer commits meanwhile (WAL readers never block it, nor it them)."""
        if self._db.in_transaction:
            yield self
            return
        self._db.execute("BEGIN")
        try:
            yield self
        finally:
            self._db.execute("COMMIT")

    def find_stories(
        self, filters: StoryFilters, limit: int, after: tuple[str, str] | None = None
    ) -> list[tuple[Story, str | None, str | None]]:
        """Stories matching ``filters``, newest activity (last publication) first, ``limit`` at most,
        starting after the ``(activity, id)`` key of the last story of the page before (keyset paging:
        stories added meanwhile never shift the pages still to come); each with its first and last
        publication date."""
        where, params = self._story_where(filters)
        if after is not None:
            where.append("(COALESCE(s.last_published, ''), s.id) < (?, ?)")
            params += list(after)
        sql = (
            "SELECT s.record, s.first_published, s.last_published FROM stories s"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY COALESCE(s.last_published, '') DESC, s.id DESC LIMIT ?"
        )
        rows = self._db.execute(sql, [*params, limit]).fetchall()
        return [(Story.from_dict(json.loads(r)), first, last) for r, first, last in rows]

    def _story_where(self, f: StoryFilters) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if f.q:
            match = fts_query(f.q)
            where.append(
                "(s.rowid IN (SELECT rowid FROM story_fts WHERE story_fts MATCH ?) OR s.id IN ("
                "SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
                " WHERE a.rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)))"
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
        sql = "SELECT s.id FROM stories s" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY s.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [r[0] for r in self._db.execute(sql, params)]

    def stories_by_id(self, ids: Iterable[str]) -> list[Story]:
        """The stored stories of ``ids``, in id order."""
        rows = sorted(self._records("SELECT id, record FROM stories WHERE id", ids))
        return [Story.from_dict(json.loads(r)) for _, r in rows]

    def facet_values(self, kind: str) -> list[str]:
        """The values a story filter of ``kind`` (e.g. event ``type``) can take in this store."""
        rows = self._db.execute("SELECT DISTINCT value FROM story_facets WHERE kind = ? ORDER BY 1", (kind,))
        return [r[0] for r in rows]

    def find_entities(self, q: str, limit: int) -> list[tuple[str, str, int]]:
        """(key, name, number of stories) of the entities whose name contains ``q``, most stories first."""
        rows = self._db.execute(
            "SELECT value, MIN(label), COUNT(DISTINCT story_id) AS n FROM story_facets"
            " WHERE kind = 'entity' AND label LIKE ? ESCAPE '\\' GROUP BY value ORDER BY n DESC, value LIMIT ?",
            ("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", limit),
        ).fetchall()
        return [(k, name, n) for k, name, n in rows]

    def entity_stories(self, key: str, limit: int) -> tuple[int, list[tuple[Story, str | None, str | None]]]:
        """How many stories hold the entity ``key``, and the newest ``limit`` of them."""
        (total,) = self._db.execute(
            "SELECT COUNT(*) FROM story_facets WHERE kind = 'entity' AND value = ?", (key,)
        ).fetchone()
        rows = self._db.execute(
            "SELECT s.record, s.first_published, s.last_published FROM story_facets f"
            " JOIN stories s ON s.id = f.story_id WHERE f.kind = 'entity' AND f.value = ?"
            " ORDER BY COALESCE(s.last_published, '') DESC, s.id DESC LIMIT ?",
            (key, limit),
        ).fetchall()
        return total, [(Story.from_dict(json.loads(r)), first, last) for r, first, last in rows]


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
    """A reader's search words as an FTS5 query: every word must appear (as a word or a word's start
    for the last one, so results come while typing); FTS5 syntax in the input has no effect."""
    words = re.findall(r"\w+", text)
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
