"""Quotes: direct and indirect speech with the speaker resolved to an entity.

Thin first version: none.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsfuse.records import Entity, Quote


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    return []
