"""Incremental story clustering: each article joins the most similar recent story or starts one.

Score of an article against a story: its newest ``MAX_MEMBERS`` articles are
kept as sparse vectors over hashed features and weighted with the current
incremental IDF when scored (so early articles are not stuck with a cold IDF):

    score = (1 - w) * cos(terms, centroid) + w * cos(entity keys, centroid)   (terms alone if no entities)
    score *= 1 - time_penalty * (1 - cos(time keys, centroid))  (only when both sides name dates)
    score *= 0.5 ** (max(0, gap_days - 1) / half_life)      (gap to the story's date span)

Time keys (``features.time_keys``: years, months, days the article's dates
name) only ever lower a score: two earthquakes, two elections of one country
share their words and people but not their dates. They attract nothing, as
months and years are shared by unrelated stories.

where a centroid is the sum of the members' unit vectors (on ECB+ dev it did better than the
mean cosine to each member).

An article joins the best story if ``score >= threshold``; every other story
it scores ``>= merge_threshold`` and ``>= merge_ratio`` times the best score
against is merged into that one (a bridging article). The ratio keeps an
article that fits one story well and a sibling event (same people, another
day) fairly from gluing the two together. A near-duplicate of an indexed
article joins its story directly.

Candidates come from an inverted index (entity key / top term -> the most
recent stories holding it, each list capped), never from a scan, so an
assignment costs the same at a thousand or a million stories. Stories whose
newest article is older than ``window_days`` before the newest date seen are
closed: their state leaves the index (and, with ``keep_closed=False``, memory),
so memory is bounded by the window, not by history.

Our own code because no library does incremental clustering with these three
signals and eviction; the parts that exist (MinHash LSH, stop words) are
library code.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Iterable

import numpy as np

from newsfuse.records import Article, Extraction, Story
from newsfuse.stories.copies import CopyDetector, origin_families, origin_keys
from newsfuse.stories.features import DocFreq, Features, article_features, day_of

# Tuned on ECB+ dev (bench/stories.py): THRESHOLD, ENTITY_WEIGHT, MERGE_THRESHOLD. The rest set by reasoning.
THRESHOLD = 0.2
ENTITY_WEIGHT = 0.4
MERGE_THRESHOLD = 0.35
MERGE_RATIO = 0.7  # a bridged story must also score this share of the best one (tuned on odd ECB+ dev topics)
TIME_PENALTY = 0.15  # most a story loses for naming none of the article's dates (tuned on odd ECB+ dev topics)
WINDOW_DAYS = 30
HALF_LIFE_DAYS = 30.0  # follow-ups weeks later are still the story; years later are not
MAX_MEMBERS = 24  # newest members a story is compared with
POSTING_CAP = 64  # most recent stories kept per inverted-index key
MAX_CANDIDATES = 32
QUERY_TERMS = 10  # top terms of an article used to find candidates
QUERY_KEYS = 20


def _centroid_cos(a_ids: np.ndarray, a_w: np.ndarray, members: _Members, df: DocFreq) -> float:
    """Cosine of unit vector ``a_w`` with the sum of the members' unit vectors, weighted now."""
    ids, vals, owner, n = members
    if not len(a_ids) or not len(ids):
        return 0.0
    w = vals * df.idf(ids)
    norms = np.sqrt(np.bincount(owner, weights=w * w, minlength=n))
    norms[norms == 0] = 1.0
    uniq, inverse = np.unique(ids, return_inverse=True)
    centroid = np.bincount(inverse, weights=w / norms[owner])
    cnorm = float(np.linalg.norm(centroid))
    pos = np.minimum(np.searchsorted(uniq, a_ids), len(uniq) - 1)
    hit = uniq[pos] == a_ids
    if not cnorm or not hit.any():
        return 0.0
    return float(np.dot(a_w[hit], centroid[pos[hit]])) / cnorm


_Members = tuple[np.ndarray, np.ndarray, np.ndarray, int]  # ids, values, member index, member count


def _stack(vectors: Iterable[tuple[np.ndarray, np.ndarray]]) -> _Members:
    vectors = list(vectors)
    if not vectors:
        return np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.int64), 0
    ids = np.concatenate([v[0] for v in vectors])
    vals = np.concatenate([v[1] for v in vectors])
    owner = np.repeat(np.arange(len(vectors)), [len(v[0]) for v in vectors])
    return ids, vals, owner, len(vectors)


def _earlier(day: int | None, than: int | None) -> bool:
    return day is not None and (than is None or day < than)


class _StoryState:
    __slots__ = (
        "id", "seq", "members", "title", "title_day", "fallback", "first", "last",
        "vectors", "_terms", "_keys", "_times", "posted", "absorbed",
    )  # fmt: skip

    def __init__(self, story_id: str, seq: int) -> None:
        self.id = story_id
        self.seq = seq
        self.members: dict[str, set[str]] = {}  # article id -> origin keys (agencies, outlet, copy links)
        self.title: str | None = None
        self.title_day: int | None = None
        self.fallback = ""  # the start of the first article, for stories without any headline
        self.first: int | None = None
        self.last: int | None = None
        self.vectors: deque[Features] = deque(maxlen=MAX_MEMBERS)  # the newest members' features
        self._terms: _Members | None = None  # stacked member vectors, rebuilt after a change
        self._keys: _Members | None = None
        self._times: _Members | None = None
        self.posted: set[int] = set()  # inverted-index keys that list this story
        self.absorbed: list[str] = []  # ids of stories merged into this one

    def add_vector(self, feats: Features) -> None:
        self.vectors.append(feats)
        self._terms = self._keys = self._times = None

    def terms(self) -> _Members:
        if self._terms is None:
            self._terms = _stack((f.term_ids, f.term_vals) for f in self.vectors)
        return self._terms

    def keys(self) -> _Members:
        if self._keys is None:
            self._keys = _stack((f.key_ids, f.key_vals) for f in self.vectors if len(f.key_ids))
        return self._keys

    def times(self) -> _Members:
        if self._times is None:
            self._times = _stack((f.time_ids, f.time_vals) for f in self.vectors if len(f.time_ids))
        return self._times

    def gap(self, day: int | None) -> int:
        if day is None or self.first is None or self.last is None:
            return 0
        return max(0, self.first - day, day - self.last)

    def story(self) -> Story:
        families = origin_families(list(self.members.items()))
        return Story(
            id=self.id,
            title=self.title or self.fallback,
            articles=list(self.members),
            origins=families,
            independent_sources=len(families),
        )


class StoryIndex:
    """Incremental story clustering over a sliding time window (see the module docstring).

    ``add(article, extraction)`` returns the id of the story the article joined
    (or started); ``stories()`` lists every story, open and closed. Merged
    stories keep the id of the older one; ``merged_into`` maps absorbed ids to
    their surviving id. ``from_stories`` rebuilds an index from stored stories.
    """

    def __init__(
        self,
        threshold: float = THRESHOLD,
        entity_weight: float = ENTITY_WEIGHT,
        merge_threshold: float = MERGE_THRESHOLD,
        merge_ratio: float = MERGE_RATIO,
        time_penalty: float = TIME_PENALTY,
        window_days: int = WINDOW_DAYS,
        half_life_days: float = HALF_LIFE_DAYS,
        keep_closed: bool = True,
        on_close: Callable[[Story], None] | None = None,
    ) -> None:
        self.threshold = threshold
        self.entity_weight = entity_weight
        self.merge_threshold = merge_threshold
        self.time_penalty = time_penalty
        self.merge_ratio = merge_ratio
        self.window_days = window_days
        self.half_life_days = half_life_days
        self.keep_closed = keep_closed
        self.on_close = on_close
        self.df = DocFreq()
        self.copies = CopyDetector()
        self.merged_into: dict[str, str] = {}
        self._active: dict[str, _StoryState] = {}
        self._closed: dict[str, Story] = {}
        self._story_of: dict[str, str] = {}  # article id -> story id (open stories only)
        self._postings: dict[int, deque[str]] = {}
        self._expiry: list[tuple[int, int, str]] = []  # heap of (last day, seq, story id)
        self._seq = 0
        self._now: int | None = None  # newest article day seen

    # ------------------------------------------------------------- public
    def __len__(self) -> int:
        """Number of open stories (those held in memory)."""
        return len(self._active)

    def add(self, article: Article, extraction: Extraction) -> str:
        """Assign ``article`` to a story (joining, starting or bridging stories); the story id."""
        if article.id in self._story_of:
            return self._story_of[article.id]
        feats = article_features(article, extraction)
        self._advance(feats.day)
        self.df.add(feats.term_ids, feats.key_ids, feats.time_ids)
        copied, signature = self.copies.query(article.text)
        target: _StoryState | None = None
        copy_of = [a for a in copied if a in self._story_of]
        if copy_of:  # a copy joins its original's story (and bridges stories holding other originals)
            target = self._active[self._story_of[copy_of[0]]]
            for other in copy_of[1:]:
                if self._story_of[other] != target.id:
                    target = self._merge(target, self._active[self._story_of[other]])
        else:
            scored = self._score(feats)
            if scored and scored[0][0] >= self.threshold:
                target = scored[0][1]
                for score, other in scored[1:]:
                    if score >= self.merge_threshold and score >= self.merge_ratio * scored[0][0]:
                        target = self._merge(target, other)
        if target is None:
            target = self._new_story(article.id)
        keys = origin_keys(article)
        for other in copy_of:
            link = "copy:" + min(other, article.id)
            keys.add(link)
            self._active[self._story_of[other]].members[other].add(link)
        self._join(target, article, feats, keys)
        self.copies.insert(article.id, signature)
        return target.id

    def stories(self) -> list[Story]:
        """Every story (closed ones only if ``keep_closed``), oldest first."""
        active = sorted(self._active.values(), key=lambda s: s.seq)
        return list(self._closed.values()) + [s.story() for s in active]

    def story_of(self, article_id: str) -> str | None:
        """Id of the open story holding ``article_id`` (None once its story is closed)."""
        return self._story_of.get(article_id)

    @classmethod
    def from_stories(
        cls,
        stories: Iterable[Story],
        articles: dict[str, Article],
        extractions: dict[str, Extraction],
        **params: object,
    ) -> StoryIndex:
        """An index holding stored ``stories``, ready to ``add`` new articles to them.

        Stories whose newest article is outside the time window are kept closed
        as given (their features are not rebuilt). Stored origin families are
        kept as families. Articles missing from ``articles``/``extractions`` are
        listed but contribute no features.
        """
        index = cls(**params)  # type: ignore[arg-type]
        stories = list(stories)

        def last_day(story: Story) -> int | None:
            days = [day_of(articles[a].published) for a in story.articles if a in articles]
            dated = [d for d in days if d is not None]
            return max(dated) if dated else None

        lasts = {s.id: last_day(s) for s in stories}
        dated = [d for d in lasts.values() if d is not None]
        now = max(dated) if dated else None
        for story in stories:
            last = lasts[story.id]
            if now is not None and last is not None and last < now - index.window_days:
                if index.keep_closed:
                    index._closed[story.id] = story
                continue
            state = index._new_story(story.articles[0] if story.articles else story.id, story_id=story.id)
            family_key = {a: "family:" + fam[0] for fam in story.origins if len(fam) > 1 for a in fam}
            for article_id in story.articles:
                article = articles.get(article_id)
                extraction = extractions.get(article_id)
                if article is None or extraction is None:
                    state.members[article_id] = {family_key[article_id]} if article_id in family_key else set()
                    index._story_of[article_id] = state.id
                    continue
                feats = article_features(article, extraction)
                index._advance(feats.day)
                index.df.add(feats.term_ids, feats.key_ids, feats.time_ids)
                keys = origin_keys(article)
                if article_id in family_key:
                    keys.add(family_key[article_id])
                index._join(state, article, feats, keys)
                index.copies.add(article_id, article.text)
            if story.title:
                state.title = story.title
        index._evict()
        return index

    # ------------------------------------------------------------ scoring
    def _probes(self, feats: Features) -> list[tuple[int, float]]:
        """Inverted-index keys of an article with their IDF: its rarest entity keys and words."""
        out: list[tuple[int, float]] = []
        for ids, limit in ((feats.key_ids, QUERY_KEYS), (feats.probe_ids, QUERY_TERMS)):
            if len(ids):
                idf = self.df.idf(ids, min_df=False)
                order = np.argsort(-idf, kind="stable")[:limit]
                out += zip(ids[order].tolist(), idf[order].tolist(), strict=True)
        return out

    def _candidates(self, feats: Features) -> list[_StoryState]:
        hits: dict[str, float] = {}
        for k, w in self._probes(feats):
            for sid in self._postings.get(k, ()):
                hits[sid] = hits.get(sid, 0.0) + w
        best = sorted((h for h in hits.items() if h[0] in self._active), key=lambda h: (-h[1], h[0]))
        return [self._active[sid] for sid, _ in best[:MAX_CANDIDATES]]

    def _unit(self, ids: np.ndarray, vals: np.ndarray) -> np.ndarray:
        w = vals * self.df.idf(ids)
        if len(w):
            w /= np.float32(np.linalg.norm(w)) or np.float32(1.0)
        return w

    def _score(self, feats: Features) -> list[tuple[float, _StoryState]]:
        candidates = self._candidates(feats)
        if not candidates:
            return []
        t_w = self._unit(feats.term_ids, feats.term_vals)
        k_w = self._unit(feats.key_ids, feats.key_vals)
        d_w = self._unit(feats.time_ids, feats.time_vals)
        scored = []
        for state in candidates:
            score = _centroid_cos(feats.term_ids, t_w, state.terms(), self.df)
            if len(k_w) and self.entity_weight:
                keys = state.keys()
                if keys[3]:
                    ent = _centroid_cos(feats.key_ids, k_w, keys, self.df)
                    score = (1.0 - self.entity_weight) * score + self.entity_weight * ent
            if len(d_w) and self.time_penalty and state.times()[3]:
                when = _centroid_cos(feats.time_ids, d_w, state.times(), self.df)
                score *= 1.0 - self.time_penalty * (1.0 - when)
            gap = state.gap(feats.day)
            if gap > 1:
                score *= 0.5 ** ((gap - 1) / self.half_life_days)
            scored.append((score, state))
        scored.sort(key=lambda x: (-x[0], x[1].seq))
        return scored

    # ------------------------------------------------------------- state
    def _new_story(self, first_article: str, story_id: str | None = None) -> _StoryState:
        sid = story_id or "s" + first_article[:10]
        while sid in self._active or sid in self._closed:
            sid += "x"
        state = _StoryState(sid, self._seq)
        self._seq += 1
        self._active[sid] = state
        return state

    def _post(self, state: _StoryState, probes: Iterable[tuple[int, float]]) -> None:
        for k, _ in probes:
            posting = self._postings.get(k)
            if posting is None:
                posting = self._postings[k] = deque(maxlen=POSTING_CAP)
            if not posting or posting[-1] != state.id:
                posting.append(state.id)
            state.posted.add(k)

    def _join(self, state: _StoryState, article: Article, feats: Features, keys: set[str]) -> None:
        state.members[article.id] = keys
        self._story_of[article.id] = state.id
        state.add_vector(feats)
        day = feats.day if feats.day is not None else self._now
        if day is not None:
            state.first = day if state.first is None else min(state.first, day)
            state.last = day if state.last is None else max(state.last, day)
            heapq.heappush(self._expiry, (state.last, state.seq, state.id))
        if article.title and (state.title is None or _earlier(day, state.title_day)):
            state.title, state.title_day = article.title, day
        if not state.fallback:
            state.fallback = " ".join(article.text.split())[:100]
        self._post(state, self._probes(feats))

    def _merge(self, into: _StoryState, other: _StoryState) -> _StoryState:
        """Merge two open stories; the survivor is the older one."""
        if other.seq < into.seq:
            into, other = other, into
        for article_id, keys in other.members.items():
            into.members[article_id] = keys
            self._story_of[article_id] = into.id
        for feats in sorted(other.vectors, key=lambda f: f.day or 0):
            into.add_vector(feats)
        if other.first is not None:
            into.first = other.first if into.first is None else min(into.first, other.first)
            into.last = other.last if into.last is None else max(into.last, other.last)  # type: ignore[type-var]
            heapq.heappush(self._expiry, (into.last, into.seq, into.id))  # type: ignore[arg-type]
        if other.title and (into.title is None or _earlier(other.title_day, into.title_day)):
            into.title, into.title_day = other.title, other.title_day
        self._post(into, [(k, 0.0) for k in other.posted])
        del self._active[other.id]
        self._drop_postings(other)
        into.absorbed += [other.id, *other.absorbed]
        for absorbed in (other.id, *other.absorbed):
            self.merged_into[absorbed] = into.id
        return into

    def _drop_postings(self, state: _StoryState) -> None:
        for k in state.posted:
            posting = self._postings.get(k)
            if posting is None:
                continue
            live = [s for s in posting if s in self._active]
            if not live:
                del self._postings[k]
            elif len(live) != len(posting):
                self._postings[k] = deque(live, maxlen=POSTING_CAP)

    def _advance(self, day: int | None) -> None:
        if day is not None and (self._now is None or day > self._now):
            self._now = day
            self._evict()

    def _evict(self) -> None:
        if self._now is None:
            return
        cutoff = self._now - self.window_days
        while self._expiry and self._expiry[0][0] < cutoff:
            last, _, sid = heapq.heappop(self._expiry)
            state = self._active.get(sid)
            if state is not None and state.last == last:
                self._close(state)

    def _close(self, state: _StoryState) -> Story:
        story = state.story()
        del self._active[state.id]
        self._drop_postings(state)
        for article_id in state.members:
            self._story_of.pop(article_id, None)
            self.copies.remove(article_id)
        if self.keep_closed:
            self._closed[story.id] = story
        else:
            for absorbed in state.absorbed:
                self.merged_into.pop(absorbed, None)
        if self.on_close is not None:
            self.on_close(story)
        return story
