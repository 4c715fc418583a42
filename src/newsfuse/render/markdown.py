"""The report as markdown, for a person at a terminal."""

from __future__ import annotations

from typing import Any

from newsfuse.render.dossier import Dossier, report_dossiers


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def dossier_markdown(dossier: Dossier) -> str:
    lines = [f"# {dossier.title}", "", f"_{dossier.subtitle}_", ""]
    for section in dossier.sections:
        if not section.items and not section.rows:
            continue
        lines += [f"## {section.heading}", ""]
        if section.rows:
            lines.append("| " + " | ".join(section.header) + " |")
            lines.append("|" + "---|" * len(section.header))
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.rows]
            lines.append("")
        lines += [f"- {item}" for item in section.items]
        if section.items:
            lines.append("")
    return "\n".join(lines)


def to_markdown(report: dict[str, Any]) -> str:
    dossiers = report_dossiers(report)
    if not dossiers:
        return "No stories found.\n"
    header = f"{len(dossiers)} stor{'y' if len(dossiers) == 1 else 'ies'} from {len(report['articles'])} articles\n\n"
    return header + "\n".join(dossier_markdown(d) for d in dossiers)
