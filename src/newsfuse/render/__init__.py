"""Render: the report (schema ``newsfuse.report/1``) for programs and people.

``build_report`` makes the JSON-ready report from records; ``to_markdown``
and ``to_html`` present that same report to a reader; ``extraction_json``
is the contract of ``newsfuse extract``.
"""

from newsfuse.render.html import to_html
from newsfuse.render.markdown import to_markdown
from newsfuse.render.report import SCHEMA, build_report, extraction_json

__all__ = ["SCHEMA", "build_report", "extraction_json", "to_html", "to_markdown"]
