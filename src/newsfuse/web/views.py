"""What the pages and the API show, as plain data made from records: story summaries, citation links,
an article's text with its extracted items marked, a story's places on the map. No database here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from typing import Any

from newsfuse.records import Article, Extraction


def entity_key(type_: str, name: str) -> str:
    """The id of an entity across stories: its type and name (as the store's facet table keys it)."""
    return f"{type_}:{name}".lower()


# ------------------------------------------------------------ citations
@dataclass
class CiteLink:
    number: int
    href: str
    label: str  # who the cited article is from, for the link's title


def cite_links(
    mentions: list[dict[str, Any]], number: dict[str, int], articles: dict[str, dict[str, Any]]
) -> list[CiteLink]:
    """One link per cited article, in source-list order, to the article with the cited spans marked."""
    spans: dict[str, list[str]] = {}
    for m in mentions:
        if m["article"] not in number:
            continue
        spans.setdefault(m["article"], [])
        if m.get("start") is not None and m.get("end") is not None:
            spans[m["article"]].append(f"{m['start']}-{m['end']}")
    links = []
    for article_id in sorted(spans, key=number.__getitem__):
        a = articles[article_id]
        href = f"/articles/{article_id}"
        if spans[article_id]:
            href += "?hl=" + ",".join(dict.fromkeys(spans[article_id])) + "#cited"
        who = a.get("source") or ", ".join(a.get("agencies") or []) or a.get("path") or article_id
        links.append(CiteLink(number[article_id], href, f"{who}: {a.get('title') or ''}".strip(": ")))
    return links


_CITED_SUFFIX = re.compile(r"(\s*\[(\d+|\?)\])+\s*$")


def without_cites(text: str) -> str:
    """A dossier line without the trailing [n] marks that the page shows as links instead."""
    return _CITED_SUFFIX.sub("", text)


# ------------------------------------------------------------- articles
@dataclass
class Mark:
    start: int
    end: int
    kind: str  # css class: person, org, place, group, time, figure, quote, event
    label: str


def extraction_marks(extraction: Extraction) -> list[Mark]:
    marks = [
        Mark(m.start, m.end, e.type.lower(), f"{e.type.lower()}: {e.name}")
        for e in extraction.entities
        for m in e.mentions
    ]
    marks += [Mark(t.start, t.end, "time", f"time: {t.value}") for t in extraction.times]
    marks += [Mark(q.start, q.end, "figure", f"figure: {q.text}") for q in extraction.quantities]
    marks += [Mark(q.start, q.end, "quote", f"quote: {q.speaker or 'unattributed'}") for q in extraction.quotes]
    marks += [
        Mark(e.start, e.end, "event", f"event: {e.type}" + (f" ({e.mode})" if e.mode else ""))
        for e in extraction.events
    ]
    return marks


HL_PATTERN = r"^\d{1,9}-\d{1,9}(,\d{1,9}-\d{1,9}){0,49}$"


def parse_spans(hl: str | None, length: int) -> list[tuple[int, int]]:
    """The cited spans of ``?hl=10-14,80-95`` inside a text of ``length``, merged where they overlap."""
    spans = []
    for part in (hl or "").split(","):
        if "-" in part:
            a, b = (int(x) for x in part.split("-"))
            a, b = max(0, min(a, length)), max(0, min(b, length))
            if a < b:
                spans.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def marked_html(text: str, marks: list[Mark], cited: list[tuple[int, int]], sentences: list[tuple[int, int]]) -> str:
    """The text as HTML: every extracted item a <span> with its kind and label; each cited span one
    <mark class="cited"> (the first with id="cited", where the page scrolls to), inside its sentence."""
    cited_sentences = [(s, e) for s, e in sentences if any(s <= a < e for a, _ in cited)]
    bounds = {0, len(text)}
    for m in marks:
        bounds |= {max(0, min(m.start, len(text))), max(0, min(m.end, len(text)))}
    for a, b in cited + cited_sentences:
        bounds |= {a, b}
    out: list[str] = []
    in_cited = False
    first = True
    by_start = sorted(marks, key=lambda m: m.start)
    for a, b in pairwise(sorted(bounds)):
        now_cited = any(s <= a and b <= e for s, e in cited)
        if now_cited != in_cited:
            if now_cited:
                out.append('<mark class="cited"' + (' id="cited">' if first else ">"))
                first = False
            else:
                out.append("</mark>")
            in_cited = now_cited
        active = [m for m in by_start if m.start <= a and b <= m.end]
        classes = ["x-" + k for k in sorted({m.kind for m in active})]
        if any(s <= a and b <= e for s, e in cited_sentences):
            classes.append("in-cited-sentence")
        piece = escape(text[a:b])
        if classes:
            title = escape("; ".join(dict.fromkeys(m.label for m in active)))
            piece = f'<span class="{" ".join(classes)}"' + (f' title="{title}">' if title else ">") + piece + "</span>"
        out.append(piece)
    if in_cited:
        out.append("</mark>")
    return "".join(out)


def article_meta(article: Article) -> dict[str, Any]:
    """An article's metadata without its text (what a story's API object lists)."""
    data = article.to_dict()
    for key in ("text", "removed", "headings"):
        data.pop(key, None)
    return data


# ------------------------------------------------------------------ map
@dataclass
class MapView:
    view_box: str
    radius: float
    font: float
    points: list[dict[str, Any]] = field(default_factory=list)


WORLD = (-180.0, -84.0, 360.0, 142.0)  # the view box of static/world.svg (degrees; y is minus latitude)


def story_map(entities: list[dict[str, Any]]) -> MapView | None:
    """The story's places on the world map, the view framed around them, each label put where it overlaps
    no other (right, left, above or below its point; none if all four do: the point keeps its tooltip).
    None when no place has coordinates."""
    points = []
    for e in entities:
        p = e.get("place") or {}
        if e["type"] == "PLACE" and p.get("latitude") is not None and p.get("longitude") is not None:
            points.append({"name": e["name"], "x": p["longitude"], "y": -p["latitude"], "kind": p.get("kind") or "",
                           "weight": len(e.get("articles") or [])})
    if not points:
        return None
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    width = max(max(xs) - min(xs) + 24, 40.0)
    height = max(max(ys) - min(ys) + 16, width / 2.2)
    width = max(width, height * 2.2)
    x0 = max(WORLD[0], min((max(xs) + min(xs)) / 2 - width / 2, WORLD[0] + WORLD[2] - width))
    y0 = max(WORLD[1], min((max(ys) + min(ys)) / 2 - height / 2, WORLD[1] + WORLD[3] - height))
    radius, font = width / 140, width / 48
    taken: list[tuple[float, float, float, float]] = [(p["x"] - radius, p["y"] - radius, p["x"] + radius,
                                                       p["y"] + radius) for p in points]
    # the places most articles name get their labels first; countries after cities (they are big anyway)
    for p in sorted(points, key=lambda p: (p["kind"] == "country", -p["weight"], p["name"])):
        w, h = 0.58 * font * len(p["name"]), font
        for dx, dy, anchor in ((1.8, 0.35, "start"), (-1.8, 0.35, "end"), (0, -1.6, "middle"), (0, 2.6, "middle")):
            lx, ly = p["x"] + dx * radius, p["y"] + dy * radius + (0.35 * font if dy == 0.35 else 0)
            left = lx - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
            box = (left, ly - h * 0.85, left + w, ly + h * 0.2)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                taken.append(box)
                p["label"] = {"x": round(lx, 3), "y": round(ly, 3), "anchor": anchor}
                break
    return MapView(f"{x0:.1f} {y0:.1f} {width:.1f} {height:.1f}", round(radius, 3), round(font, 3), points)
