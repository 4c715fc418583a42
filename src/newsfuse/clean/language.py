"""The language an article is written in, so that only English text is analysed.

py3langid (langid.py's Naive Bayes model over byte n-grams, shipped inside the
package, 97 languages) decides; a text too short to tell gets no language.
newsfuse's extractors are English rules over an English spaCy model: on other
languages they produce entities and events made of junk ("Mit — person"), so
the pipeline stores such articles without analysing them, and says so.
"""

from __future__ import annotations

import re

import py3langid

ANALYSED = frozenset({"en"})  # languages the extractors read
MIN_WORDS = 12  # fewer words than this and the language is left unknown
SAMPLE = 1000  # characters enough to tell (about 150 words; 0.6 ms an article)


def language_of(text: str) -> str | None:
    """ISO 639-1 code of the language ``text`` is written in ("en", "de"), or None when too short."""
    if len(re.findall(r"\w+", text[:SAMPLE])) < MIN_WORDS:
        return None
    return py3langid.classify(text[:SAMPLE])[0]


def analysed(language: str | None) -> bool:
    """Whether text in ``language`` is analysed (unknown languages are given the benefit of the doubt)."""
    return language is None or language in ANALYSED
