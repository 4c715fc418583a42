"""Stage A's Parquet shards: one file per shard of documents, with an explicit schema.

Records are kept as JSON columns beside flat key columns, as the store keeps them, so a shard is
both the checkpoint of a run and a table DuckDB or Arrow can query directly. The schema is explicit
because a column that happens to be all null in one shard would otherwise be typed ``null`` there
and no longer read back together with the others.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsfuse import __version__
from newsfuse.executors import Prepared
from newsfuse.records import Article, Extraction, InputError, RawDocument

SCHEMA = pa.schema(
    [
        pa.field("shard", pa.string(), nullable=False),
        pa.field("position", pa.int32(), nullable=False),  # the document's place in its shard
        pa.field("node", pa.string()),  # the cluster node that made the shard
        pa.field("kind", pa.string(), nullable=False),  # article | failed (extraction failed) | error (unreadable)
        pa.field("path", pa.string(), nullable=False),
        pa.field("id", pa.string()),
        pa.field("source", pa.string()),
        pa.field("published", pa.string()),
        pa.field("language", pa.string()),
        pa.field("error", pa.string()),
        pa.field("article", pa.string()),  # Article as JSON
        pa.field("extraction", pa.string()),  # Extraction as JSON
    ]
)


def _json(record: Article | Extraction) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"))


def shard_key(docs: list[RawDocument | InputError]) -> str:
    """A shard's name: the hash of its documents and of this version of newsfuse, so the same
    input gives the same shards on a rerun, and a shard made by other code is not reused."""
    h = hashlib.sha256(__version__.encode())
    for doc in docs:
        h.update(json.dumps(doc.to_dict(), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:24]


def to_table(key: str, rows: list[Prepared], node: str | None = None) -> pa.Table:
    """A shard's rows as an Arrow table of ``SCHEMA``."""
    cols: dict[str, list] = {f.name: [] for f in SCHEMA}
    for position, (item, extraction) in enumerate(rows):
        article = item if isinstance(item, Article) else None
        failed = isinstance(extraction, str)
        values = {
            "shard": key,
            "position": position,
            "node": node,
            "kind": "error" if article is None else "failed" if failed else "article",
            "path": item.path,
            "id": article and article.id,
            "source": article and article.source,
            "published": article and article.published,
            "language": article and article.language,
            "error": item.reason if isinstance(item, InputError) else extraction if failed else None,
            "article": article and _json(article),
            "extraction": _json(extraction) if isinstance(extraction, Extraction) else None,
        }
        for name, value in values.items():
            cols[name].append(value)
    return pa.Table.from_pydict(cols, schema=SCHEMA)


def from_table(table: pa.Table) -> list[Prepared]:
    """The rows of a shard table, in their order."""
    rows: list[Prepared] = []
    for r in sorted(table.to_pylist(), key=lambda r: r["position"]):
        if r["kind"] == "error":
            rows.append((InputError(r["path"], r["error"]), None))
            continue
        article = Article.from_dict(json.loads(r["article"]))
        extraction = r["error"] if r["kind"] == "failed" else Extraction.from_dict(json.loads(r["extraction"]))
        rows.append((article, extraction))
    return rows


class ShardDir:
    """A directory of shards: ``<key>.parquet`` and, once that is complete, the marker ``_done/<key>``
    (Arrow and DuckDB skip names starting with ``_`` or ``.``, so the directory reads as one table)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        (self.path / "_done").mkdir(parents=True, exist_ok=True)

    def done(self, key: str) -> bool:
        return (self.path / "_done" / key).exists()

    def read(self, key: str) -> pa.Table:
        return pq.read_table(self.path / f"{key}.parquet", schema=SCHEMA)

    def write(self, key: str, table: pa.Table) -> None:
        """Write the shard, then its marker: a shard without a marker (a crash between) is redone."""
        tmp = self.path / f".{key}.parquet.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, self.path / f"{key}.parquet")
        (self.path / "_done" / key).touch()
