"""Near-duplicate (syndicated) copies and origin families.

A copy is an article whose word shingles are mostly contained in another
article's: a wire story republished with a new headline, trimmed, or with a
paragraph added. Candidates come from datasketch's MinHash LSH over word
3-shingles, so a look-up costs the same however many articles are indexed; a
candidate is a copy when the estimated *containment* of the shorter text in the
longer one is high. Containment, not Jaccard, is what makes a trimmed copy a
copy: a wire story cut to 40% of its length has Jaccard 0.4 with the original
but containment 1.0. It is estimated from the MinHash Jaccard estimate and the
two shingle counts, |A & B| = J (|A| + |B|) / (1 + J), so no shingle sets are
kept.

Origin families are the connected components of "shares an origin key" where
the keys of an article are its agencies, its outlet (``source``: two reports
from one outlet are not independent confirmation of each other) and the copy
links it takes part in. Our own code (a tiny union-find) because the rule is
three lines and no library adds anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from datasketch import MinHash, MinHashLSH

from newsfuse.clean.agencies import canonical
from newsfuse.records import Article

NUM_PERM = 128
SHINGLE = 3  # words per shingle
LSH_THRESHOLD = 0.2  # Jaccard at which LSH returns a candidate (low: trimmed copies have low Jaccard)
MIN_CONTAINMENT = 0.7  # estimated share of the shorter text's shingles found in the longer one
MIN_SHINGLES = 20  # texts shorter than this (about 22 words) are never called copies

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-shingles of ``text``, case- and punctuation-insensitive."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def minhash(text: str) -> tuple[MinHash, int]:
    """MinHash of the shingles of ``text`` and the number of shingles."""
    sh = shingles(text)
    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch(list(sh))
    return mh, len(sh)


def containment(a: MinHash, na: int, b: MinHash, nb: int) -> float:
    """Estimated share of the smaller shingle set contained in the other one."""
    if not na or not nb:
        return 0.0
    j = a.jaccard(b)
    inter = j * (na + nb) / (1.0 + j)
    return min(1.0, inter / min(na, nb))


class CopyDetector:
    """Incremental near-duplicate detection: ``add`` returns the indexed articles ``text`` copies."""

    def __init__(self, min_containment: float = MIN_CONTAINMENT) -> None:
        self.min_containment = min_containment
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._docs: dict[str, tuple[MinHash, int]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, key: str) -> bool:
        return key in self._docs

    def query(self, text: str) -> tuple[list[str], tuple[MinHash, int]]:
        """Indexed articles that ``text`` is a copy of (or that are copies of it), best first."""
        mh, n = minhash(text)
        if n < MIN_SHINGLES:
            return [], (mh, n)
        scored = []
        for key in self._lsh.query(mh):
            other, m = self._docs[key]
            if m < MIN_SHINGLES:
                continue
            c = containment(mh, n, other, m)
            if c >= self.min_containment:
                scored.append((c, key))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return [k for _, k in scored], (mh, n)

    def insert(self, key: str, signature: tuple[MinHash, int]) -> None:
        if key in self._docs:
            return
        self._docs[key] = signature
        self._lsh.insert(key, signature[0])

    def add(self, key: str, text: str) -> list[str]:
        """Index ``text`` under ``key``; the already indexed articles it copies (or that copy it)."""
        found, signature = self.query(text)
        self.insert(key, signature)
        return found

    def remove(self, key: str) -> None:
        if self._docs.pop(key, None) is not None:
            self._lsh.remove(key)


def find_copies(articles: Iterable[Article]) -> list[tuple[str, str]]:
    """Pairs (earlier, later) of near-duplicate articles, in input order."""
    detector = CopyDetector()
    pairs = []
    for article in articles:
        for other in detector.add(article.id, article.text):
            pairs.append((other, article.id))
    return pairs


def origin_keys(article: Article) -> set[str]:
    """What an article's origin is known by: its agencies and its outlet (one namespace)."""
    keys = {_norm(a) for a in article.agencies}
    if article.source:
        keys.add(_norm(article.source))
    keys.discard("")
    return keys


def _norm(name: str) -> str:
    name = canonical(name) or name
    return " ".join(name.lower().replace(".", "").split())


def origin_families(members: list[tuple[str, set[str]]]) -> list[list[str]]:
    """Connected components of article ids (in order) that share an origin key."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, (_, keys) in enumerate(members):
        for key in keys:
            j = owner.setdefault(key, i)
            if j != i:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    families: dict[int, list[str]] = {}
    for i, (article_id, _) in enumerate(members):
        families.setdefault(find(i), []).append(article_id)
    return list(families.values())


def origins(articles: list[Article], copies: Iterable[tuple[str, str]] | None = None) -> list[list[str]]:
    """Origin families of ``articles``: shared agency or outlet, or copies (found here if not given)."""
    pairs = find_copies(articles) if copies is None else list(copies)
    keys = {a.id: origin_keys(a) for a in articles}
    for a, b in pairs:
        if a in keys and b in keys:
            keys[a].add("copy:" + a)
            keys[b].add("copy:" + a)
    return origin_families([(a.id, keys[a.id]) for a in articles])
