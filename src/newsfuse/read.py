"""Read: files and directories into RawDocuments, or one-line InputErrors.

Formats: ``.txt`` (scraped plain text), ``.html``/``.htm`` (a page), ``.jsonl``
(one article a line: ``text`` or ``html``, optional ``id``, ``url``, ``source``,
``title``, ``published``), each optionally gzipped. A bad file or line yields a
``InputError`` naming it (and the line) and the reason, and reading goes on with
the rest.

Everything streams: directories are walked lazily, JSON lines are read one at a
time (a corpus export of millions of articles takes the memory of one record),
and a size limit applies to each document, not to a JSON-lines file.

Text that is not UTF-8 is decoded by its byte-order mark, then the charset the
HTML declares, then charset-normalizer's detection; the encoding used is kept on
the document. Only what decodes to no text (NUL bytes without a UTF-16/32 mark,
or mostly control characters) is refused as binary.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from newsfuse.records import InputError, RawDocument

MAX_BYTES = 20 * 1024 * 1024  # one document (a file, or one JSON line): a news article is kilobytes
FORMATS = (".txt", ".html", ".htm", ".jsonl")
_JSONL_FIELDS = ("url", "source", "title", "published")
_SKIP_CHUNK = 1 << 20  # bytes read at a time while skipping the rest of an over-long line

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# browsers read these labels as windows-1252 (WHATWG Encoding): pages labelled Latin-1 use its extra letters
_AS_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.05  # decoded text with more control characters than this is binary


def _format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes and suffixes[-1] in FORMATS else None


def _walk(directory: Path) -> Iterator[Path]:
    """Input files below ``directory`` in a stable order, found as the walk goes (no list of them all)."""
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            path = Path(root, name)
            if _format(path) and path.is_file():
                yield path


def discover(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Input files under ``paths``: files as named, directories recursively (supported formats only)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield InputError(str(path), "no such file or directory")
        elif _format(path) is None:
            yield InputError(str(path), f"unsupported format (expected one of {', '.join(FORMATS)}, or .gz)")
        else:
            yield path


# ------------------------------------------------------------------ encodings
def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its top, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """``data`` as text and the encoding it was read in: a byte-order mark, then UTF-8, then the
    ``declared`` charset (an HTTP header's or the page's own), then detection. Raises ValueError
    (the reason) when the bytes are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError as exc:
                raise ValueError(f"invalid {encoding} text after its byte-order mark (at byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return _text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        name = "cp1252" if declared.lower() in _AS_WINDOWS_1252 else declared
        try:
            return _text(data.decode(name), codecs.lookup(name).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: detect instead
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ValueError("binary file (no text encoding fits), not text")
    # short texts fit several single-byte encodings equally well: then the most used one on the web wins
    least = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least + 0.01]
    best = next((m for m in tied if m.encoding == "cp1252"), tied[0])
    return _text(str(best), best.encoding)


def _text(text: str, encoding: str) -> tuple[str, str]:
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise ValueError(f"binary file (mostly control characters as {encoding}), not text")
    return text, encoding


# ---------------------------------------------------------------------- files
def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")  # noqa: SIM115


def _read_bytes(path: Path) -> bytes:
    """The (decompressed) bytes of a one-document file; raises ValueError with a reader's reason."""
    if path.suffix.lower() != ".gz" and (size := path.stat().st_size) > MAX_BYTES:
        raise ValueError(f"file too large ({size / 1e6:.1f} MB; limit {MAX_BYTES / 1e6:.0f} MB)")
    try:
        with _open(path) as f:
            data = f.read(MAX_BYTES + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise ValueError(f"not a valid gzip file ({exc})") from None
    if len(data) > MAX_BYTES:
        raise ValueError(f"file too large once decompressed (over {MAX_BYTES / 1e6:.0f} MB)")
    return data


def _lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Lines of ``stream``, each at most ``MAX_BYTES``; an over-long line yields None (and is skipped)."""
    while line := stream.readline(MAX_BYTES + 1):
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _jsonl_record(where: str, line: bytes) -> RawDocument | InputError | None:
    """The document of one JSON line (None for a blank line)."""
    if not line.strip():
        return None
    try:
        text, encoding = decode(line)
        record = json.loads(text)
    except ValueError as exc:  # json.JSONDecodeError is a ValueError too
        if isinstance(exc, json.JSONDecodeError):
            return InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
        return InputError(where, str(exc))
    if not isinstance(record, dict):
        return InputError(where, "a JSON line must be an object")
    body, page = record.get("text"), record.get("html")
    has_body = isinstance(body, str) and bool(body.strip())
    if not has_body and not (isinstance(page, str) and page.strip()):
        return InputError(where, "no non-empty 'text' or 'html' field")
    fields = {k: str(record[k]) for k in _JSONL_FIELDS if record.get(k) is not None}
    input_id = record.get("id")
    return RawDocument(
        path=where,
        text=body if has_body else None,
        html=None if has_body else page,
        input_id=None if input_id is None else str(input_id),
        encoding=encoding,
        **fields,
    )


def _jsonl_documents(path: Path) -> Iterator[RawDocument | InputError]:
    number = 0
    try:
        with _open(path) as stream:
            for number, line in enumerate(_lines(stream), start=1):
                where = f"{path}:{number}"
                if line is None:
                    yield InputError(where, f"record too large (over {MAX_BYTES / 1e6:.0f} MB)")
                elif (doc := _jsonl_record(where, line)) is not None:
                    yield doc
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield InputError(f"{path}:{number + 1}", f"not a valid gzip stream from here on ({exc})")


def read_file(path: Path) -> Iterator[RawDocument | InputError]:
    """The documents of one file (one, or one per line for JSON lines)."""
    kind = _format(path)
    try:
        if kind == ".jsonl":
            yield from _jsonl_documents(path)
            return
        data = _read_bytes(path)
        is_html = kind in (".html", ".htm")
        text, encoding = decode(data, declared_charset(data) if is_html else None)
    except (OSError, ValueError) as exc:
        yield InputError(str(path), str(exc) if isinstance(exc, ValueError) else exc.strerror or str(exc))
        return
    if not text.strip():
        yield InputError(str(path), "empty file")
    elif is_html:
        yield RawDocument(path=str(path), html=text, encoding=encoding)
    else:
        yield RawDocument(path=str(path), text=text, encoding=encoding)


def read_paths(paths: Iterable[str | Path]) -> Iterator[RawDocument | InputError]:
    """Every document under ``paths``, in order; errors are yielded, never raised."""
    for item in discover(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_file(item)
