"""Events typed with the PLOVER ontology: who did what to whom, where and when.

Thin first version: none.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsfuse.records import Entity, Event, TimeExpr


def extract_events(
    doc: Doc, entities: list[Entity], times: list[TimeExpr], published: str | None
) -> list[Event]:
    return []
