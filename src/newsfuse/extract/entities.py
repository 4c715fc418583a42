"""Entities: people, organisations, places and groups, one per referent in a document.

Thin first version: spaCy's entities, grouped by exact surname/name match.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsfuse.records import Entity, EntityMention

_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "GROUP"}


def extract_entities(doc: Doc) -> list[Entity]:
    """Entities of ``doc`` with their mentions (offsets into ``doc.text``)."""
    sent_of = {}
    for i, sent in enumerate(doc.sents):
        for tok in sent:
            sent_of[tok.i] = i
    by_key: dict[tuple[str, str], Entity] = {}
    for ent in doc.ents:
        etype = _TYPES.get(ent.label_)
        if etype is None:
            continue
        name = ent.text.strip()
        key = (etype, name.lower())
        entity = by_key.get(key)
        if entity is None:
            entity = Entity(id=f"e{len(by_key) + 1}", name=name, type=etype)
            by_key[key] = entity
        entity.mentions.append(EntityMention(ent.start_char, ent.end_char, ent.text, sent_of[ent.start]))
    return list(by_key.values())
