"""The pipeline: read -> clean -> annotate+extract -> store; then stories -> fuse.

Stages are functions of records; this module only wires them and hands the
work to an executor (``newsfuse.executors``: a local fork pool, or Ray), which
decides where it runs. Annotation and extraction run together in worker
processes (the spaCy model is loaded once per worker, documents go through
``nlp.pipe`` in batches, workers return plain ``Extraction`` records).
Everything that touches the database goes through ``Store``, in this process.
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from newsfuse.annotate import annotate
from newsfuse.clean import clean_document
from newsfuse.clean.language import analysed
from newsfuse.executors import Executor, Prepared, batched
from newsfuse.executors.local import LocalExecutor
from newsfuse.extract import extract_doc
from newsfuse.fuse import fuse_story
from newsfuse.read import read_paths
from newsfuse.records import Article, Extraction, InputError, RawDocument, Story
from newsfuse.store import Store
from newsfuse.stories import StoryIndex, arrival_order
from newsfuse.stories.dating import dates_from_stories
from newsfuse.stories.index import WINDOW_DAYS

CHUNK = 64  # most documents per worker task: large enough to batch, small enough to balance two cores
PARALLEL_FROM = 16  # below this, forking worker processes costs more than it saves (a chunk takes seconds)
INGEST_BATCH = 8 * CHUNK  # articles extracted and stored per transaction: four chunks per core keep both busy
INPUTS_PER_FLUSH = 4096  # inputs recognised as stored, remembered per transaction (bounds memory on re-ingests)

SHARD = 64  # documents per stage-A shard on a distributed executor (one Parquet file each)

ErrorSink = Callable[[InputError], None]


def clean_documents(docs: Iterable[RawDocument | InputError]) -> Iterator[Article | InputError]:
    """Clean every RawDocument; pass errors through; a document cleaning rejects becomes an error."""
    for doc in docs:
        if isinstance(doc, InputError):
            yield doc
            continue
        try:
            yield clean_document(doc)
        except ValueError as exc:
            yield InputError(doc.path, str(exc))


def _extract_chunk(chunk: list[tuple[str, str, str | None]]) -> list[Extraction | str]:
    docs = annotate(text for _, text, _ in chunk)
    results: list[Extraction | str] = []
    for doc, (doc_id, _, published) in zip(docs, chunk, strict=True):
        try:
            results.append(extract_doc(doc, doc_id, published))
        except Exception as exc:  # one document's failure must not stop the batch
            results.append(f"extraction failed ({type(exc).__name__}: {exc})")
    return results


@functools.cache
def _warm_up() -> None:
    """Load the model and every lazy index once in this process, so forked workers inherit them
    instead of each loading them again for every pool."""
    _extract_chunk([("warm-up", "Officials from Paris met the minister in Kabul on Monday, he said.", None)])


def extract_texts(
    items: list[tuple[str, str, str | None]], workers: int | None = None, executor: Executor | None = None
) -> Iterator[Extraction | str]:
    """Extractions of ``(id, text, published)`` items, in order, on ``executor`` (default: a local pool
    of ``workers`` processes); a document whose extraction failed yields the reason instead."""
    if executor is None:
        workers = workers or min(2, os.cpu_count() or 1)
        executor = LocalExecutor(1 if len(items) < PARALLEL_FROM else workers)
    # a batch smaller than a chunk per worker is split evenly, so every worker has a share
    size = max(1, min(CHUNK, -(-len(items) // executor.workers)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    for result in executor.map(_extract_chunk, chunks, setup=_warm_up):
        yield from result


def extract_articles(
    articles: list[Article], workers: int | None = None, executor: Executor | None = None
) -> Iterator[Extraction | str]:
    """Extractions of cleaned articles, anchored on their publication dates; an article in a language
    the extractors do not read gets an empty one (stored, not analysed)."""
    read = [a for a in articles if analysed(a.language)]
    done = iter(extract_texts([(a.id, a.text, a.published) for a in read], workers, executor))
    for a in articles:
        yield next(done) if analysed(a.language) else Extraction(id=a.id, text=a.text, published=a.published)


def prepare_shard(docs: list[RawDocument]) -> list[Prepared]:
    """Stage A over one shard, in one process: clean every document, annotate and extract what was
    cleaned. A document cleaning rejects is its error (with no extraction); a failed extraction is its reason."""
    cleaned = list(clean_documents(docs))
    extracted = iter(extract_articles([a for a in cleaned if isinstance(a, Article)], workers=1))
    return [(item, None) if isinstance(item, InputError) else (item, next(extracted)) for item in cleaned]


def prepare(
    executor: Executor, docs: Iterable[RawDocument | InputError], known: Callable[[RawDocument], bool]
) -> Iterator[tuple[RawDocument | InputError, Prepared | None]]:
    """Stage A on a distributed executor, ahead of the store: every document with what stage A made of
    it, in input order. Documents are read here and sent in shards of at most ``SHARD``; errors and
    ``known`` documents (read before) go through without stage A (None)."""
    groups: deque[tuple[list[RawDocument | InputError], list[bool]]] = deque()  # sent ahead, not yet back

    def shards() -> Iterator[list[RawDocument]]:
        for group in batched(docs, SHARD):
            sent = [isinstance(d, RawDocument) and not known(d) for d in group]
            groups.append((group, sent))
            yield [d for d, s in zip(group, sent, strict=True) if s]

    for shard in executor.shards(prepare_shard, shards(), setup=_warm_up):
        made = iter(shard)
        group, sent = groups.popleft()
        for doc, s in zip(group, sent, strict=True):
            yield doc, next(made) if s else None


@dataclass
class IngestResult:
    articles: list[str] = field(default_factory=list)  # ids of every article read, new or not (if kept)
    new: list[str] = field(default_factory=list)  # ids of the articles this ingest stored (if kept)
    added: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    not_analysed: list[Article] = field(default_factory=list)  # stored, in a language not read


def ingest_documents(
    docs: Iterable[RawDocument | InputError],
    store: Store,
    on_error: ErrorSink | None = None,
    progress: Callable[[Iterable[RawDocument | InputError]], Iterable[RawDocument | InputError]] | None = None,
    workers: int | None = None,
    batch: int = INGEST_BATCH,
    keep_ids: bool = True,
    executor: Executor | None = None,
) -> IngestResult:
    """Clean, extract and store what is new in ``docs``; stored articles are never redone.

    The one way articles enter the store (the command line, the web API and the watcher all call it).
    Documents stream through in batches of ``batch``: memory follows the batch, not the input (with
    ``keep_ids=False`` not even the ids of what was read and stored are kept). An input read before
    (the same raw document) is known by its fingerprint without being cleaned again. Each new article
    is stored with its extraction and queued for story assignment in one transaction; ``build_stories``
    groups the queue. An article another process stores meanwhile counts as a duplicate.

    Extraction runs on ``executor`` (default: a local pool of ``workers``). A distributed executor runs
    all of stage A ahead, on its workers (``prepare``): what is left here is storing.
    """
    result = IngestResult()

    def error(err: InputError) -> None:
        result.errors.append(err)
        if on_error:
            on_error(err)

    pending: dict[str, tuple[Article, Extraction | str | None]] = {}  # with its extraction if stage A made it
    inputs: dict[str, str] = {}  # fingerprint -> article id, for the inputs of this batch

    def flush() -> None:
        if not pending and not inputs:
            return
        done = []
        fresh = iter(extract_articles([a for a, e in pending.values() if e is None], workers, executor))
        for article, prepared in pending.values():
            extraction = next(fresh) if prepared is None else prepared
            if isinstance(extraction, str):
                error(InputError(article.path, extraction))
            else:
                done.append((article, extraction))
        for (article, _), added in zip(done, store.add_articles(done, inputs.items()), strict=True):
            if not added:
                result.duplicates += 1
                continue
            result.added += 1
            if keep_ids:
                result.new.append(article.id)
            if not analysed(article.language):
                result.not_analysed.append(article)
        pending.clear()
        inputs.clear()

    docs = progress(docs) if progress else docs
    stream: Iterable[tuple[RawDocument | InputError, Prepared | None]] = (
        prepare(executor, docs, lambda d: store.input_article(d.fingerprint()) is not None)
        if executor is not None and executor.distributed
        else ((d, None) for d in docs)
    )
    for doc, made in stream:
        if isinstance(doc, InputError):
            error(doc)
            continue
        fingerprint = doc.fingerprint()
        article_id = inputs.get(fingerprint) or store.input_article(fingerprint)
        if article_id is None:
            article, extraction = made or (next(clean_documents([doc])), None)
            if isinstance(article, InputError):
                error(article)
                continue
            article_id = inputs[fingerprint] = article.id
            new = article.id not in pending and not store.has_article(article.id)
            if new:
                pending[article.id] = (article, extraction)
        else:
            new = False
        result.duplicates += not new
        if keep_ids:
            result.articles.append(article_id)
        if len(pending) >= batch or len(inputs) >= INPUTS_PER_FLUSH:
            flush()
    flush()
    if keep_ids:
        result.articles = list(dict.fromkeys(result.articles))
    return result


def ingest(paths: Iterable[str], store: Store, on_error: ErrorSink | None = None, **options: Any) -> IngestResult:
    """``ingest_documents`` over every file under ``paths``."""
    return ingest_documents(read_paths(paths), store, on_error, **options)


def _articles(docs: Iterable[RawDocument | InputError], on_error: ErrorSink) -> Iterator[Article]:
    for item in clean_documents(docs):
        if isinstance(item, InputError):
            on_error(item)
        else:
            yield item


def read_and_clean(paths: Iterable[str], on_error: ErrorSink) -> Iterator[Article]:
    """Cleaned articles under ``paths``; every bad input goes to ``on_error``."""
    return _articles(read_paths(paths), on_error)


GROUP_BATCH = 1024  # articles grouped per write transaction: bounds how long other writers wait


def build_stories(store: Store, batch: int = GROUP_BATCH, executor: Executor | None = None) -> list[Story]:
    """Add every article waiting for a story (stored by this process or by one that died before grouping
    it) to the stored stories, then fuse and store the stories they touched. Returns the touched stories.

    Each batch is one write transaction: the stories it reads, the assignments and the fused stories it
    writes, and the queue rows it clears, so two processes never assign the same article and a crash
    leaves the batch waiting. Only stories still inside the clustering time window are loaded, so the
    cost follows the window, not the size of the store. Undated reports take their date from their story
    and are extracted again with it. Assignment runs here, one article after another (one assigner, in
    arrival order); re-extraction, and fusion on a distributed executor, run on ``executor``.
    """
    touched: dict[str, Story] = {}
    while True:
        with store.transaction():
            waiting = store.pending(limit=batch)
            if not waiting:
                break
            stories, removed = _group(store, waiting, executor)
            store.save_stories(stories, removed=removed)
        for story_id in removed:
            touched.pop(story_id, None)
        touched.update((s.id, s) for s in stories)
    return list(touched.values())


def _fuse(job: tuple[Story, dict[str, Article], dict[str, Extraction]]) -> Story:
    return fuse_story(*job)


def _group(store: Store, new_ids: list[str], executor: Executor | None = None) -> tuple[list[Story], list[str]]:
    """The stories ``new_ids`` join or start, fused, and the ids of stories merged away."""
    newest = store.newest_published()
    since = None if newest is None else (date.fromisoformat(newest) - timedelta(days=WINDOW_DAYS)).isoformat()
    stored = store.stories(active_since=since)
    ids = {a for s in stored for a in s.articles} | set(new_ids)
    by_id = {a.id: a for a in store.articles(ids)}
    extractions = store.extractions(ids)
    index = StoryIndex.from_stories(stored, by_id, extractions)
    touched = {index.add(a, extractions[a.id]) for a in arrival_order([by_id[i] for i in new_ids])}
    grouped = [s for s in index.stories() if s.id in touched]

    new_dates = dates_from_stories(grouped, by_id)
    redated = [by_id[i] for i in new_dates]
    for article in redated:
        article.published, article.published_inferred = new_dates[article.id], True
    for article, extraction in zip(redated, extract_articles(redated, executor=executor), strict=True):
        if isinstance(extraction, Extraction):  # on failure the undated extraction stays
            store.update_article(article, extraction)
            extractions[article.id] = extraction

    if executor is not None and executor.distributed:  # in parallel, each story with only its members
        jobs = [(s, {a: by_id[a] for a in s.articles}, {a: extractions[a] for a in s.articles}) for s in grouped]
        stories = list(executor.map(_fuse, jobs))
    else:  # a story fuses in milliseconds: a local pool would cost more than it saves
        stories = [fuse_story(s, by_id, extractions) for s in grouped]
    return stories, [m for m in index.merged_into if m not in touched]
