"""The report as one self-contained HTML page (inline CSS, no scripts, no external resources)."""

from __future__ import annotations

from html import escape
from typing import Any

from newsfuse.render.dossier import Dossier, report_dossiers

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1d232b}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:1px solid #d7dce2;margin-top:1.6rem}
.sub{color:#5b6570;margin-top:0}table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #eceff2}
th{background:#f5f7f9}td:first-child{white-space:nowrap}article{margin-bottom:3rem}li{margin:.2rem 0}
td.corroborated{color:#17692f;font-weight:600}td.disputed{color:#a4161a;font-weight:600}
"""


def dossier_html(dossier: Dossier) -> str:
    parts = [f"<article><h1>{escape(dossier.title)}</h1><p class='sub'>{escape(dossier.subtitle)}</p>"]
    for section in dossier.sections:
        if not section.items and not section.rows:
            continue
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        if section.rows:
            head = "".join(f"<th>{escape(h)}</th>" for h in section.header)
            body = "".join(
                "<tr>" + "".join(f"<td class='{escape(c)}'>{escape(c)}</td>" for c in row) + "</tr>"
                for row in section.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        if section.items:
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in section.items) + "</ul>")
    parts.append("</article>")
    return "".join(parts)


def to_html(report: dict[str, Any]) -> str:
    dossiers = report_dossiers(report)
    body = "".join(dossier_html(d) for d in dossiers) or "<p>No stories found.</p>"
    title = dossiers[0].title if len(dossiers) == 1 else f"newsfuse: {len(dossiers)} stories"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width,initial-scale=1'><title>{escape(title)}</title>"
        f"<style>{_CSS}</style></head><body>{body}</body></html>\n"
    )
