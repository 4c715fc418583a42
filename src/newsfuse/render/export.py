"""Tables of the store for other programs (``newsfuse export``, the web API's downloads): one row per
fused event, figure claim, entity or article, as JSON lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from newsfuse.records import Article, Story

TABLES = ("events", "claims", "entities", "articles")


def story_rows(stories: Iterable[Story | dict[str, Any]], table: str) -> list[dict[str, Any]]:
    """One row per item of ``table`` (events, claims or entities) of each story (a record, or its stored
    form ``Story.to_dict()``), with the story's id; an event's actor and target come with their names."""
    rows = []
    for story in stories:
        data = story.to_dict() if isinstance(story, Story) else story
        names = {e["id"]: e["name"] for e in data["entities"]} if table == "events" else {}
        for item in data[table]:
            row = {"story": data["id"], **item}
            if table == "events":
                row["actor_name"] = names.get(item["actor"] or "", item["actor"])
                row["target_name"] = names.get(item["target"] or "", item["target"])
            rows.append(row)
    return rows


def article_rows(articles: Iterable[Article]) -> list[dict[str, Any]]:
    return [{k: v for k, v in a.to_dict().items() if k != "removed"} for a in articles]


def flat(value: Any) -> Any:
    """A cell: lists and objects as JSON text (CSV and Parquet columns hold scalars)."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def write_jsonl(rows: list[dict[str, Any]], out: IO[str]) -> None:
    out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write_csv(
    rows: list[dict[str, Any]], out: IO[str], fieldnames: list[str] | None = None, header: bool = True
) -> None:
    """Rows as CSV; ``fieldnames`` (default: every key seen) fixes the columns when writing in pieces."""
    writer = csv.DictWriter(out, fieldnames=fieldnames or list(dict.fromkeys(k for r in rows for k in r)))
    if header:
        writer.writeheader()
    writer.writerows({k: flat(v) for k, v in r.items()} for r in rows)


def write_parquet(rows: list[dict[str, Any]], out: str | IO[bytes]) -> None:
    import pyarrow as pa  # only here: a second's import that most commands never need
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{k: flat(v) for k, v in r.items()} for r in rows]), out)
