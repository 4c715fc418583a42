"""What the app's routes share: the store path (one Store per thread) and the write token."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field

from newsfuse.store import Store


@dataclass
class ServeState:
    db: str
    token: str | None = None
    _local: threading.local = field(default_factory=threading.local)
    _all: list[Store] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _generation: int = 0  # counts ``close`` calls: a thread's Store from before one is not used again

    def store(self) -> Store:
        """This thread's Store (sqlite3 connections are not shared across threads). The read routes are
        ``async`` and read on the event loop's thread (each read takes milliseconds, and hopping to a worker
        thread and back costs more under load); long work (ingest, whole downloads) runs in worker threads,
        each with its own Store. Call it inside a route's body, not in a dependency."""
        mine = getattr(self._local, "store", None)
        if mine is None or mine[0] != self._generation:
            mine = self._local.store = (self._generation, Store(self.db))
            with self._lock:
                self._all.append(mine[1])
        return mine[1]

    def close(self) -> None:
        """Close every Store (at shutdown; the app may start again, e.g. in tests, and opens new ones)."""
        with self._lock:
            stores, self._all = self._all, []
            self._generation += 1
        for store in stores:
            with contextlib.suppress(Exception):  # a connection of another thread refuses: it goes with the process
                store.close()
