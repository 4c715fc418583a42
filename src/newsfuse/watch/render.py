"""Alerts and the digest for people and programs: Markdown, JSON, HTML and an Atom feed of alerts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from newsfuse.records import Alert, Story


def story_path(story_id: str) -> str:
    """Where ``serve`` shows a story (relative to its base URL)."""
    return f"/stories/{story_id}"


def alerts_markdown(alerts: list[Alert]) -> str:
    if not alerts:
        return "No alerts.\n"
    lines = []
    for a in alerts:
        cited = ", ".join(f"[{x.source or x.title or x.article}]({x.url})" if x.url else x.article for x in a.articles)
        lines.append(f"- {a.created} · {a.watch} · {a.message} (story {a.story}{'; ' + cited if cited else ''})")
    return "\n".join(lines) + "\n"


def alerts_json(alerts: list[Alert]) -> str:
    return json.dumps([a.to_dict() for a in alerts], ensure_ascii=False, indent=2) + "\n"


def alerts_atom(alerts: list[Alert], base_url: str, title: str = "newsfuse alerts") -> str:
    """An Atom feed of alerts, newest first; each entry links to its story and to the articles it cites."""
    base = base_url.rstrip("/")
    updated = alerts[0].created if alerts else datetime.now(UTC).isoformat(timespec="seconds")
    entries = []
    for a in alerts:
        links = "".join(
            f'<link rel="related" href="{_attr(x.url)}" title="{_attr(x.title or x.article)}"/>'
            for x in a.articles
            if x.url
        )
        entries.append(
            "<entry>"
            f"<id>{xml_escape(base)}/alerts/{a.id}</id>"
            f"<title>{xml_escape(f'[{a.watch}] {a.kind}: {a.story_title}')}</title>"
            f"<updated>{xml_escape(_rfc3339(a.created))}</updated>"
            f'<link rel="alternate" href="{xml_escape(base + story_path(a.story))}"/>{links}'
            f"<summary>{xml_escape(a.message)}</summary>"
            f'<category term="{xml_escape(a.kind)}"/>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{xml_escape(base)}/alerts.atom</id><title>{xml_escape(title)}</title>"
        f"<updated>{xml_escape(_rfc3339(updated))}</updated>"
        f'<link rel="self" href="{xml_escape(base)}/alerts.atom"/>' + "".join(entries) + "</feed>\n"
    )


def _attr(value: str) -> str:
    return xml_escape(value, {'"': "&quot;"})


def _rfc3339(value: str) -> str:
    return value if ("+" in value[10:] or value.endswith("Z")) else value + "Z"


# -------------------------------------------------------------------- digest
def build_digest(since: str, stories: list[Story], changes: dict[str, list[Alert]]) -> dict[str, Any]:
    """The period's stories ranked by independent origins, then activity (changes seen in the period), each
    with what is new since the period began."""
    ranked = sorted(stories, key=lambda s: (-s.independent_sources, -len(changes.get(s.id, [])), s.id))
    return {
        "since": since,
        "stories": [
            {
                "id": s.id,
                "title": s.title,
                "articles": len(s.articles),
                "independent_sources": s.independent_sources,
                "changes": [
                    {"kind": c.kind, "created": c.created, "message": c.message, "facts": c.facts}
                    for c in sorted(changes.get(s.id, []), key=lambda c: (c.created, c.id or 0))
                ],
            }
            for s in ranked
        ],
    }


def digest_markdown(digest: dict[str, Any]) -> str:
    n = len(digest["stories"])
    lines = [f"# newsfuse digest since {digest['since']}", "", f"{n} stor{'y' if n == 1 else 'ies'} changed.", ""]
    for s in digest["stories"]:
        lines.append(f"## {s['title']}")
        lines.append(f"_{s['articles']} articles · {s['independent_sources']} independent origins · story {s['id']}_")
        lines.append("")
        lines += [f"- {c['message']}" for c in s["changes"]]
        lines.append("")
    return "\n".join(lines)


def digest_html(digest: dict[str, Any]) -> str:
    parts = [f"<h1>newsfuse digest since {escape(digest['since'])}</h1>"]
    for s in digest["stories"]:
        parts.append(
            f"<article><h2><a href='{escape(story_path(s['id']))}'>{escape(s['title'])}</a></h2>"
            f"<p class='sub'>{s['articles']} articles · {s['independent_sources']} independent origins</p><ul>"
            + "".join(f"<li class='{escape(c['kind'])}'>{escape(c['message'])}</li>" for c in s["changes"])
            + "</ul></article>"
        )
    if not digest["stories"]:
        parts.append("<p>Nothing changed in this period.</p>")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>newsfuse digest</title><style>"
        "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d232b}"
        ".sub{color:#5b6570}li.disputed,li.conflict{color:#a4161a}li.corroborated{color:#17692f}"
        "</style></head><body>" + "".join(parts) + "</body></html>\n"
    )
