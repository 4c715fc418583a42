"""The dossier of a story: what a reader sees, as neutral sections that md and html format.

Sections: sources and origins, who's who, what happened (timeline), figures,
discrepancies, what only one source says, quotes. Every line cites its
articles as [n], the article's number in the story's source list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    heading: str
    items: list[str] = field(default_factory=list)  # a bulleted list, or
    header: list[str] = field(default_factory=list)  # a table: header + rows
    rows: list[list[str]] = field(default_factory=list)
    # what each row (or item) cites: {"article", "start", "end"} (no span for a whole article), so a page
    # can link every [n] to the span it stands for; md and html print the [n] already in the text
    cites: list[list[dict[str, Any]]] = field(default_factory=list)


@dataclass
class Dossier:
    title: str
    subtitle: str
    sections: list[Section]


def _cites(mentions: list[dict[str, Any]], number: dict[str, int]) -> str:
    nums = sorted({number[m["article"]] for m in mentions if m["article"] in number})
    return " ".join(f"[{n}]" for n in nums)


_STATUS_ORDER = {"disputed": 0, "corroborated": 1, "single-source": 2}
EXCLUSIVE_SHOWN = 12  # per source; the JSON report has them all
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


_DAY_PARTS = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}


def when(value: str) -> str:
    """A TimeML date value for a reader, at its own precision: 2025-04-19, Apr 2025, 2023, 1990s."""
    day, _, clock = value.partition("T")
    if clock:
        return f"{day} {_DAY_PARTS.get(clock, clock)}"
    parts = value.split("-")
    if len(parts) == 1 and len(value) == 3 and value.isdigit():
        return f"{value}0s"
    if len(parts) == 1 and len(value) == 2 and value.isdigit():
        return f"{int(value) + 1}th century"
    if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


def _clip(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def _worth_showing(event: dict[str, Any]) -> bool:
    """Corroborated or disputed events, and single-source ones whose actor and target are both known."""
    return event["status"] != "single-source" or bool(event["actor"] and event["target"])


def _status(event: dict[str, Any]) -> str:
    """The event's status, with what the reports say of the act when it is not plainly done:
    "corroborated · urged", "single-source · planned", "disputed · not done"."""
    modality = event.get("modality") or "asserted"
    if event.get("polarity") == "negative" and modality in ("asserted", "reported"):
        modality = "not done"
    return event["status"] if modality in ("asserted", "reported") else f"{event['status']} · {modality}"


def _fmt_number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _fmt_range(value: float | None, low: float | None, high: float | None) -> str:
    if low is not None and high is not None and low != high:
        return f"{_fmt_number(low)} – {_fmt_number(high)}"
    if low is not None and high is None:
        return f"≥ {_fmt_number(low)}"
    if high is not None and low is None:
        return f"≤ {_fmt_number(high)}"
    return _fmt_number(value if value is not None else low)


def story_dossier(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> Dossier:
    """The dossier of one story of a report (``articles`` by id, from the same report)."""
    members = [articles[a] for a in story["articles"] if a in articles]
    number = {a["id"]: i for i, a in enumerate(members, start=1)}
    dates = sorted(a["published"] for a in members if a["published"])
    span = f"{dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else (dates[0] if dates else "undated")
    subtitle = (
        f"{span} · {len(members)} article{'s' * (len(members) != 1)} · "
        f"{story['independent_sources']} independent origin{'s' * (story['independent_sources'] != 1)}"
    )
    entity_name = {e["id"]: e["name"] for e in story["entities"]}
    sections = []

    origin_of = {a: i for i, family in enumerate(story.get("origins") or [], start=1) for a in family}
    sources = Section("Sources and origins", header=["#", "source", "title", "published", "agencies", "origin"])
    for a in members:
        sources.rows.append(
            [
                str(number[a["id"]]),
                a["source"] or a["path"],
                a["title"] or _clip(a["text"], 80),
                (a["published"] or "") + (" (inferred)" if a["published_inferred"] else ""),
                ", ".join(a["agencies"]),
                str(origin_of.get(a["id"], "")),
            ]
        )
        sources.cites.append([{"article": a["id"]}])
    sections.append(sources)

    people = Section("Who's who")
    order = {"PERSON": 0, "ORG": 1, "GROUP": 2, "PLACE": 3}
    for e in sorted(story["entities"], key=lambda e: (order.get(e["type"], 9), -len(e["articles"]), e["name"])):
        roles = "; ".join(e["roles"])
        country = f" ({e['country']})" if e.get("country") else ""
        place = e.get("place") or {}
        where = (
            f" — {place['latitude']:.2f}, {place['longitude']:.2f}"
            if place.get("latitude") is not None and place.get("longitude") is not None
            else ""
        )
        aliases = [a for a in e["aliases"] if a != e["name"]]
        also = f" (also: {', '.join(aliases)})" if aliases else ""
        cited = " ".join(f"[{n}]" for n in sorted(number[a] for a in e["articles"] if a in number))
        label = e["type"].lower()
        people.items.append(f"{e['name']}{also} — {label}{': ' + roles if roles else ''}{country}{where} {cited}")
        people.cites.append([{"article": a} for a in e["articles"]])
    sections.append(people)

    events = {e["id"]: e for e in story["events"]}
    claims = {c["id"]: c for c in story["claims"]}
    happened = Section("What happened", header=["when", "what", "status", "sources"])
    dated = set()
    hidden = 0
    for entry in story["timeline"]:
        event = events.get(entry.get("event") or "")
        item = event or claims.get(entry.get("claim") or "")
        dated.add(entry.get("event") or entry.get("claim"))
        if len(entry["date"]) > 7 and ((event and not _worth_showing(event)) or item is None):
            hidden += 1  # at day precision these repeat what the resolved events already say; history stays
            continue
        mentions = item["mentions"] if item else entry.get("mentions") or []
        status = (_status(event) if event else item["status"]) if item else "background"
        happened.rows.append([when(entry["date"]), entry["summary"], status, _cites(mentions, number)])
        happened.cites.append(mentions)
    undated = [e for e in story["events"] if e["id"] not in dated]
    shown = [e for e in undated if _worth_showing(e)]
    hidden += len(undated) - len(shown)
    for e in sorted(shown, key=lambda e: _STATUS_ORDER.get(e["status"], 9)):
        summary = e.get("summary") or " ".join(
            x for x in (entity_name.get(e["actor"] or ""), e["type"], entity_name.get(e["target"] or "")) if x
        )
        happened.rows.append(["undated", summary, _status(e), _cites(e["mentions"], number)])
        happened.cites.append(e["mentions"])
    if hidden:
        happened.items.append(
            f"{hidden} more lines (single-source events with an unresolved actor or target, and dated "
            "background sentences) are in the JSON report."
        )
    sections.append(happened)

    figures = Section("Figures", header=["group", "figure", "range", "counted", "period", "status", "sources"])
    for c in sorted(story["claims"], key=lambda c: (c.get("group") or "", c["id"])):
        bounds = _fmt_range(c["value"], c["low"], c["high"])
        figures.rows.append(
            [
                c.get("group") or "",
                c["text"],
                bounds,
                c.get("counted") or "",
                c.get("period") or "",
                c["status"],
                _cites(c["mentions"], number),
            ]
        )
        figures.cites.append(c["mentions"])
    sections.append(figures)

    cited = {**{e["id"]: e["mentions"] for e in story["events"]}, **{c["id"]: c["mentions"] for c in story["claims"]}}
    sections.append(
        Section(
            "Discrepancies",
            items=[d["summary"] for d in story["discrepancies"]],
            cites=[[m for i in d["events"] + d["claims"] for m in cited.get(i, [])] for d in story["discrepancies"]],
        )
    )
    exclusive = Section("Only one source says")
    for source, ids in sorted((story.get("exclusive") or {}).items()):
        items = [events.get(i) or claims.get(i) for i in ids]
        worth = [x for x in items if x and (x["id"] in claims or _worth_showing(x))]
        for item in worth[:EXCLUSIVE_SHOWN]:
            exclusive.items.append(f"{source}: {item.get('summary') or item.get('text')}")
            exclusive.cites.append(item["mentions"])
        if len(worth) > EXCLUSIVE_SHOWN:
            exclusive.items.append(f"{source}: … and {len(worth) - EXCLUSIVE_SHOWN} more (see the JSON report)")
            exclusive.cites.append([])
    sections.append(exclusive)
    quotes = Section("Quotes")
    for q in story["quotes"]:
        said = f"“{q['text']}”" if q["direct"] else f"(reported) {q['text']}"
        quotes.items.append(f"{q['speaker'] or 'unattributed'}: {said} [{number.get(q['article'], '?')}]")
        quotes.cites.append([{"article": q["article"], "start": q["start"], "end": q["end"]}])
    sections.append(quotes)
    return Dossier(title=story["title"], subtitle=subtitle, sections=sections)


def report_dossiers(report: dict[str, Any]) -> list[Dossier]:
    articles = {a["id"]: a for a in report["articles"]}
    return [story_dossier(s, articles) for s in report["stories"]]
