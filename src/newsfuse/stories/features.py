"""Article features for story clustering: hashed terms, entity keys, a day, and an incremental IDF.

Terms are the words and numbers of title + body without English stop words,
weighted by sublinear term frequency; entity keys are the extracted entity
names (normalised; a person's surname too, so "Reid" meets "Tara Reid") and
the absolute dates the article mentions. Both are hashed into one space of
2**20 ids with crc32 (stable across processes, unlike ``hash``), so the
document-frequency table is a fixed-size array: memory does not grow with the
vocabulary. This is a hashing vectoriser with an incremental IDF; our own code
rather than scikit-learn's ``HashingVectorizer`` because the IDF must be
updated one article at a time and the vectors stay sparse numpy arrays small
enough to keep per story.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsfuse.records import Article, Extraction

N_FEATURES = 1 << 20
MASK = N_FEATURES - 1
NGRAMS = 1  # word n-grams (2-3 helped batch clustering but not the cold-start incremental one on ECB+)
PROBE_WORDS = 40  # most frequent words kept as inverted-index probes (the IDF picks among them)
MIN_DF = 1  # features seen in fewer documents weigh nothing (1: off; 2 helped only with a warm IDF)
MIN_DF_GRAMS = 2  # a phrase counts once two documents share it: it never dilutes a lone article's norm
GRAMS = np.zeros(N_FEATURES, bool)  # which hashed ids are phrases (module-wide: the hash is fixed)
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "GROUP")
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "according", "just", "like", "year"}

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]|\d+(?:[.,]\d+)*", re.UNICODE)
_ABS_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")
_WHEN = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?$")
_LEADING = re.compile(r"^(?:the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s$")


def feature_id(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) & MASK


def key_id(key: str) -> int:
    return zlib.crc32(b"\x01" + key.encode("utf-8")) & MASK


def day_of(published: str | None) -> int | None:
    """Ordinal day of a ``YYYY-MM-DD`` date (None when absent or malformed)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def time_key_id(key: str) -> int:
    return zlib.crc32(b"\x02" + key.encode("utf-8")) & MASK


def normalise_name(name: str) -> str:
    name = " ".join(name.lower().replace("’", "'").split())
    name = _LEADING.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return name.strip(" .,;:'\"-()")


@dataclass(slots=True)
class Features:
    """One article's features: ``*_ids`` sorted unique, ``*_vals`` unit L2 norm (before IDF)."""

    term_ids: np.ndarray
    term_vals: np.ndarray
    key_ids: np.ndarray
    key_vals: np.ndarray
    day: int | None
    probe_ids: np.ndarray  # single-word terms, by count: what the inverted index is probed with
    time_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # when: see ``time_keys``
    time_vals: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))


def _vector(weights: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    if not weights:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    ids = np.fromiter(sorted(weights), np.int64, len(weights))
    vals = np.array([weights[i] for i in ids.tolist()], np.float32)
    return ids, vals / np.float32(np.linalg.norm(vals))


def entity_keys(extraction: Extraction) -> dict[str, float]:
    """Normalised entity names (and person surnames, absolute dates) with weights 1 + log(mentions)."""
    keys: dict[str, float] = {}
    for entity in extraction.entities:
        if entity.type not in ENTITY_TYPES:
            continue
        name = normalise_name(entity.name)
        if len(name) < 2:
            continue
        w = 1.0 + math.log(max(1, len(entity.mentions)))
        keys[name] = keys.get(name, 0.0) + w
        parts = name.split()
        if entity.type == "PERSON" and len(parts) > 1 and len(parts[-1]) > 2:
            keys[parts[-1]] = keys.get(parts[-1], 0.0) + w
    for t in extraction.times:
        m = _ABS_DATE.match(t.value or "")
        if m and t.type == "DATE":
            key = "@" + (m.group(0) if m.group(2) else m.group(1))
            keys[key] = keys.get(key, 0.0) + 1.0
    return keys


def time_keys(article: Article, extraction: Extraction) -> dict[str, float]:
    """When the article's dates fall: year, year-month, month and month-day keys, counted.

    From the calendar dates the article mentions (``TimeExpr`` DATE values such
    as 2013-09-17, 2013-09, 2008 or, year unknown, XXXX-12-09) and its
    publication date. Two reports of one event name the same days and months;
    two events of the same kind (last year's election, this year's) differ here
    even when their people and words are the same.
    """
    keys: dict[str, float] = {}

    def add(key: str) -> None:
        keys[key] = keys.get(key, 0.0) + 1.0

    values = [t.value for t in extraction.times if t.type == "DATE" and t.value]
    if article.published:
        values.append(article.published[:10])
    for value in values:
        m = _WHEN.match(value)
        if not m:
            continue
        year, month, day = m.groups()
        if year != "XXXX":
            add("y" + year)
        if month:
            add("m" + month)
            if year != "XXXX":
                add("ym" + year + month)
            if day:
                add("md" + month + day)
    return keys


def terms(text: str, ngrams: int = NGRAMS) -> dict[str, int]:
    """Counts of the words of ``text`` (stop words out) and of their n-grams up to ``ngrams``."""
    toks = [t for t in _TOKEN.findall(text.lower()) if t not in STOP and (len(t) > 1 or t.isdigit())]
    counts: dict[str, int] = {}
    for n in range(1, ngrams + 1):
        for i in range(len(toks) - n + 1):
            gram = " ".join(toks[i : i + n])
            counts[gram] = counts.get(gram, 0) + 1
    return counts


def article_features(article: Article, extraction: Extraction) -> Features:
    text = f"{article.title}\n{article.text}" if article.title else article.text
    tw: dict[int, float] = {}
    words: list[tuple[int, int]] = []
    for tok, n in terms(text).items():
        i = feature_id(tok)
        if " " in tok:
            GRAMS[i] = True
        tw[i] = tw.get(i, 0.0) + 1.0 + math.log(n)
        if " " not in tok and not tok.isdigit():
            words.append((n, i))
    words.sort(key=lambda x: -x[0])
    probe_ids = np.array([i for _, i in words[:PROBE_WORDS]], np.int64)
    kw: dict[int, float] = {}
    for key, w in entity_keys(extraction).items():
        i = key_id(key)
        kw[i] = kw.get(i, 0.0) + w
    tk: dict[int, float] = {}
    for key, w in time_keys(article, extraction).items():
        i = time_key_id(key)
        tk[i] = tk.get(i, 0.0) + w
    term_ids, term_vals = _vector(tw)
    key_ids, key_vals = _vector(kw)
    time_ids, time_vals = _vector(tk)
    day = day_of(article.published)
    return Features(term_ids, term_vals, key_ids, key_vals, day, probe_ids, time_ids, time_vals)


class DocFreq:
    """Document frequencies over a fixed hashed space; IDF as scikit-learn's smooth IDF."""

    def __init__(self, min_df: int = MIN_DF, min_df_grams: int = MIN_DF_GRAMS) -> None:
        self.min_df = min_df
        self.min_df_grams = min_df_grams
        self.counts = np.zeros(N_FEATURES, np.int32)
        self.n = 0

    def add(self, *id_arrays: np.ndarray) -> None:
        for ids in id_arrays:
            self.counts[ids] += 1
        self.n += 1

    def idf(self, ids: np.ndarray, min_df: bool = True) -> np.ndarray:
        """Smooth IDF of ``ids``; 0 for features seen in fewer than ``min_df`` documents if ``min_df``."""
        counts = self.counts[ids]
        idf = (np.log((1.0 + self.n) / (1.0 + counts)) + 1.0).astype(np.float32)
        if min_df:
            idf[(counts < self.min_df) | (GRAMS[ids] & (counts < self.min_df_grams))] = 0.0
        return idf
