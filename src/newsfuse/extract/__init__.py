"""Extract: who, what, when, where, how many and who said so, from one annotated document.

``extract_doc`` runs the extractors in dependency order: sentences, entities
(which quotes, quantities and events resolve against), times (which give
events and quantities their dates and periods), then quantities, quotes and
events. Every item carries ``start``/``end`` offsets into the analysed text.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsfuse.extract.entities import extract_entities
from newsfuse.extract.events import extract_events
from newsfuse.extract.quantities import extract_quantities
from newsfuse.extract.quotes import extract_quotes
from newsfuse.extract.times import extract_times
from newsfuse.records import Extraction, Sentence


def extract_doc(doc: Doc, doc_id: str, published: str | None) -> Extraction:
    """All extracted items of ``doc``; ``published`` (YYYY-MM-DD) anchors relative dates."""
    sentences = [Sentence(s.start_char, s.end_char) for s in doc.sents]
    entities = extract_entities(doc)
    times = extract_times(doc.text, published, doc=doc)
    quantities = extract_quantities(doc, entities, times)
    quotes = extract_quotes(doc, entities)
    events = extract_events(doc, entities, times, published, quotes)
    return Extraction(
        id=doc_id,
        text=doc.text,
        published=published,
        sentences=sentences,
        entities=entities,
        times=times,
        quantities=quantities,
        quotes=quotes,
        events=events,
    )

