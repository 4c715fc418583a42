"""Executors: where the stages run. One interface, two engines.

``LocalExecutor`` is a fork pool on this machine; ``RayExecutor`` (``executors.ray``, imported only
when asked for) runs the same stage functions on a Ray cluster. Stages never know which one runs
them: the pipeline hands an executor a function and its inputs.

- ``map(fn, items, setup)``: ``fn`` over ``items``, results in order. ``setup`` (e.g. loading the
  spaCy model) runs once per worker before its first item.
- ``shards(fn, shards, setup)``: stage A over shards of documents. ``distributed`` executors run
  the whole stage on their workers, ahead of the store, and checkpoint each shard (Parquet and a
  completion marker), so a rerun skips finished shards; the local one does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from newsfuse.records import Article, Extraction, InputError

T = TypeVar("T")
R = TypeVar("R")
# stage A's output for one document: the cleaned article with its extraction (or the reason it failed),
# or the error cleaning gave (with no extraction)
Prepared = tuple[Article | InputError, Extraction | str | None]

ENGINES = ("local", "ray")
RAY_INSTALL = "the Ray engine needs Ray: pip install 'newsfuse[ray]' (or: pip install ray==2.60.0)"


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (its package is not installed)."""


class Executor(Protocol):
    """What the pipeline needs of an executor (a distributed one also has ``shards``, see above)."""

    distributed: bool
    workers: int  # processes or actors that run ``map``'s items side by side

    def map(self, fn: Callable[[T], R], items: Sequence[T], setup: Callable[[], Any] | None = None) -> Iterator[R]:
        ...

    def close(self) -> None:
        ...


def make_executor(
    engine: str = "local", address: str | None = None, workers: int | None = None, work_dir: str | None = None
) -> Executor:
    """The executor of ``engine``: ``workers`` processes (local) or extraction actors (Ray, default one
    per CPU of the cluster); ``address`` is a Ray cluster's (None: start one here); ``work_dir`` keeps
    stage A's shards (None: a temporary directory)."""
    if engine == "local":
        from newsfuse.executors.local import LocalExecutor

        return LocalExecutor(workers)
    if engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise EngineUnavailable(RAY_INSTALL) from None
        from newsfuse.executors.ray import RayExecutor

        return RayExecutor(address=address, actors=workers, work_dir=work_dir)
    raise ValueError(f"unknown engine '{engine}' (expected one of {', '.join(ENGINES)})")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
