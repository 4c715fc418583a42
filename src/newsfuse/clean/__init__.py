"""Clean: from a RawDocument to an Article (body, title, dateline, agencies, date).

Thin first version: whitespace normalisation only; the title is the first line
of plain text when it looks like a headline.
"""

from __future__ import annotations

from newsfuse.records import Article, RawDocument, content_id


def clean_document(raw: RawDocument) -> Article:
    """The cleaned article of ``raw``. Raises ValueError when nothing usable is left."""
    text = raw.text
    if text is None and raw.html is not None:
        import trafilatura

        text = trafilatura.extract(raw.html) or ""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    title = raw.title
    if title is None and len(lines) > 1 and len(lines[0].split()) <= 20 and not lines[0].endswith("."):
        title = lines.pop(0)
    body = "\n".join(lines)
    if not body:
        raise ValueError("no article text")
    return Article(
        id=content_id(body),
        path=raw.path,
        text=body,
        source=raw.source,
        title=title,
        url=raw.url,
        input_id=raw.input_id,
        published=raw.published,
    )
