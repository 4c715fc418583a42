"""The store: every read and write of newsfuse's SQLite database goes through here.

SQLite in WAL mode (one file, readers never block the writer). Records are kept
as JSON beside the columns that are queried. An article is keyed by the hash of
its normalised text, so ingesting it again stores nothing new. The schema is
versioned: ``MIGRATIONS[i]`` brings a database from version i to i + 1.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

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
