"""The local executor: a pool of forked worker processes on this machine.

``setup`` runs once in this process before the pool forks, so every worker inherits what it
loaded (the spaCy model, lazy indexes) instead of loading it again.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class LocalExecutor:
    distributed = False  # stage A runs batch by batch beside the store, in ``pipeline.ingest``

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or min(2, os.cpu_count() or 1)

    def map(self, fn: Callable[[T], R], items: Sequence[T], setup: Callable[[], Any] | None = None) -> Iterator[R]:
        """``fn`` over ``items`` in order: in this process for one worker or one item, else in a fork pool."""
        if self.workers == 1 or len(items) < 2:
            yield from map(fn, items)
            return
        if setup:
            setup()
        with ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(fn, items)

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
