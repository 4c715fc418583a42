"""The language an article is written in, so that only English text is analysed.

py3langid (langid.py's Naive Bayes model over byte n-grams, shipped inside the
package, 97 languages) decides, after a fast path of our own for plain English
(a tenth of the words are "the", "of", "and", ...); a text too short to tell gets
no language.

newsfuse's extractors are English rules over an English spaCy model: on other
languages they produce entities and events made of junk ("Mit — person"), so
the pipeline stores such articles without analysing them, and says so.
"""

from __future__ import annotations

import re

ANALYSED = frozenset({"en"})  # languages the extractors read
MIN_WORDS = 12  # fewer words than this and the language is left unknown
SAMPLE = 1000  # characters enough to tell (about 150 words)


# Words only English writes often: "an" (German, Dutch), "was" (German), "is" (Dutch) are left out. A tenth
# of the words being these is English beyond doubt (news runs at about a fifth) and spares the classifier
# (1-2 ms an article) for almost every article.
_ENGLISH = frozenset(
    ("the", "of", "and", "to", "that", "for", "with", "by", "on", "from", "his", "were", "has", "have", "said",
     "which", "this", "but", "not")
)
ENGLISH_SHARE = 0.1


def language_of(text: str) -> str | None:
    """ISO 639-1 code of the language ``text`` is written in ("en", "de"), or None when too short."""
    sample = text[:SAMPLE]
    words = re.findall(r"\w+", sample.lower())
    if len(words) < MIN_WORDS:
        return None
    if sum(w in _ENGLISH for w in words) >= ENGLISH_SHARE * len(words):
        return "en"
    import py3langid  # its model loads in half a second: only when a text is not plainly English

    return py3langid.classify(sample)[0]


def analysed(language: str | None) -> bool:
    """Whether text in ``language`` is analysed (unknown languages are given the benefit of the doubt)."""
    return language is None or language in ANALYSED
