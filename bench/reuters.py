"""Reader for the Reuters-21578 SGML files in ../shared/data/reuters21578 (benchmarks only)."""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
REUTERS = SHARED / "reuters21578"

_DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)


def _field(name: str, doc: str) -> str | None:
    m = re.search(rf"<{name}>(.*?)</{name}>", doc, re.S)
    return html.unescape(m.group(1)) if m else None


def iter_reuters(limit: int | None = None) -> Iterator[dict[str, str | None]]:
    """Reuters articles that have a body: id, date, title, dateline, body (as in the SGML)."""
    count = 0
    for path in sorted(REUTERS.glob("reut2-*.sgm.gz")):
        raw = gzip.decompress(path.read_bytes()).decode("latin-1")
        for m in _DOC.finditer(raw):
            doc = m.group(2)
            body = _field("BODY", doc)
            if not body:
                continue
            yield {
                "id": m.group(1),
                "date": (_field("DATE", doc) or "").strip(),
                "title": (_field("TITLE", doc) or "").strip() or None,
                "dateline": (_field("DATELINE", doc) or "").strip() or None,
                "body": body.replace("\x03", "").strip(),
            }
            count += 1
            if limit is not None and count >= limit:
                return
