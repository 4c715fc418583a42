"""Read: files and directories into RawDocuments, or one-line InputErrors.

Formats: ``.txt`` (scraped plain text), ``.html``/``.htm`` (a page), ``.jsonl``
(one article a line: ``text`` or ``html``, optional ``id``, ``url``, ``source``,
``title``, ``published``), each optionally gzipped. A bad file or line yields a
``InputError`` naming it and the reason, and reading goes on with the rest.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsfuse.records import InputError, RawDocument

MAX_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; anything this large is not one
FORMATS = (".txt", ".html", ".htm", ".jsonl")
_JSONL_FIELDS = ("url", "source", "title", "published")


def _format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes and suffixes[-1] in FORMATS else None


def discover(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Input files under ``paths``: files as named, directories recursively (supported formats only)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _format(p))
        elif not path.exists():
            yield InputError(str(path), "no such file or directory")
        elif _format(path) is None:
            yield InputError(str(path), f"unsupported format (expected one of {', '.join(FORMATS)}, or .gz)")
        else:
            yield path


def _read_text(path: Path) -> str:
    """The file's text; raises ValueError with a reader's reason."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValueError(f"file too large ({size / 1e6:.1f} MB; limit {MAX_BYTES / 1e6:.0f} MB)")
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"not a valid gzip file ({exc})") from None
        if len(data) > MAX_BYTES:
            raise ValueError(f"file too large once decompressed (over {MAX_BYTES / 1e6:.0f} MB)")
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = f"0x{data[exc.start]:02x} at offset {exc.start}"
        raise ValueError(f"not UTF-8 text (invalid byte {bad})") from None
    if not text.strip():
        raise ValueError("empty file")
    return text


def _jsonl_documents(path: Path, text: str) -> Iterator[RawDocument | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a JSON line must be an object")
            continue
        body, page = record.get("text"), record.get("html")
        if not (isinstance(body, str) and body.strip()) and not (isinstance(page, str) and page.strip()):
            yield InputError(where, "no non-empty 'text' or 'html' field")
            continue
        fields = {k: str(record[k]) for k in _JSONL_FIELDS if record.get(k) is not None}
        input_id = record.get("id")
        yield RawDocument(
            path=where,
            text=body if isinstance(body, str) and body.strip() else None,
            html=None if isinstance(body, str) and body.strip() else page,
            input_id=None if input_id is None else str(input_id),
            **fields,
        )


def read_file(path: Path) -> Iterator[RawDocument | InputError]:
    """The documents of one file (one, or one per line for JSON lines)."""
    try:
        text = _read_text(path)
    except (OSError, ValueError) as exc:
        yield InputError(str(path), str(exc) if isinstance(exc, ValueError) else exc.strerror or str(exc))
        return
    kind = _format(path)
    if kind == ".jsonl":
        yield from _jsonl_documents(path, text)
    elif kind in (".html", ".htm"):
        yield RawDocument(path=str(path), html=text)
    else:
        yield RawDocument(path=str(path), text=text)


def read_paths(paths: Iterable[str | Path]) -> Iterator[RawDocument | InputError]:
    """Every document under ``paths``, in order; errors are yielded, never raised."""
    for item in discover(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_file(item)
