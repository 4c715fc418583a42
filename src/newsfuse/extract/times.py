"""Time expressions, normalised TimeML-style relative to the publication date.

Thin first version: none. Replaced by the rule-based normaliser.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsfuse.records import TimeExpr


def extract_times(text: str, published: str | None, doc: Doc | None = None) -> list[TimeExpr]:
    """Time expressions in ``text``; ``published`` (YYYY-MM-DD) anchors relative ones."""
    return []
