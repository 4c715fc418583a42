"""Quantities: numbers that count something, with hedges, units, periods and attribution.

Thin first version: none.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsfuse.records import Entity, Quantity, TimeExpr


def extract_quantities(doc: Doc, entities: list[Entity], times: list[TimeExpr]) -> list[Quantity]:
    return []
