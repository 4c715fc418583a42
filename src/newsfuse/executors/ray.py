"""The Ray executor: the pipeline's stages on a Ray cluster (``--engine ray``).

- Stage A (clean, annotate, extract) runs on a pool of actors, each loading the spaCy model once
  (``setup``) and taking whole shards of documents, as datatrove runs its steps over shards with
  Ray core. spaCy objects never leave an actor: it returns an Arrow table of records. Each finished
  shard is written here as Parquet with its completion marker (``parquet.ShardDir``), so a rerun
  skips it; a shard whose actor died is retried on the restarted actor.
- Stage B (story assignment) stays in the driver, in ``pipeline.build_stories``: one assigner in
  arrival order, and the SQLite store its single writer.
- Stage C (fusion of the touched stories) runs in parallel shares on the same actors (``map``).

Pitfalls handled here: a local instance stays on loopback (Ray otherwise replaces 127.0.0.1 with the
machine's external address); token authentication is set explicitly in the environment, so every
process of the cluster has the same setting; actors ask for a fraction of a CPU, so tasks still
find CPUs beside a full pool on a small machine (the driver, reading, and anything else the cluster runs).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import ray

from newsfuse.executors import Prepared
from newsfuse.executors.parquet import ShardDir, from_table, shard_key, to_table
from newsfuse.records import InputError, RawDocument

T = TypeVar("T")
R = TypeVar("R")
_END = object()

ACTOR_CPUS = 0.5  # a whole CPU per actor on a 2-CPU machine would leave no CPU for any task beside the pool
IN_FLIGHT = 2  # shards queued per actor: one running, one waiting, so an actor never idles between shards
RETRIES = 3  # restarts of a dead actor (and retries of its shard) before the shard is given up
OBJECT_STORE = 256 * 1024 * 1024  # bytes, for a local instance: shards are small, and the machine is shared


def start_local(num_cpus: int = 2, object_store_memory: int = OBJECT_STORE) -> None:
    """Start a Ray instance on this machine, on loopback only, without a dashboard."""
    loopback()
    ray.init(
        _node_ip_address="127.0.0.1",
        include_dashboard=False,
        num_cpus=num_cpus,
        object_store_memory=object_store_memory,
        log_to_driver=False,
        logging_level=logging.WARNING,
    )


def loopback() -> None:
    """Settings every process of a local cluster must share, set before it starts: the environment
    is inherited by each Ray process this one starts."""
    # token authentication, explicitly (Ray's default for a new local instance): every process started
    # from here then has the same mode and reads the same token (~/.ray/auth_token, made if missing).
    # Ray caches the mode at import, so it is reloaded here as Ray itself does when it turns tokens on.
    if "RAY_AUTH_MODE" not in os.environ:
        os.environ["RAY_AUTH_MODE"] = "token"
        ray._raylet.Config.initialize("")
    # Ray resolves 127.0.0.1 to the external address "for remote reachability" unless it thinks it is
    # a single-machine platform; this flag (read at import by every process, hence the environment)
    # keeps the node on loopback. The constant is patched too, for this process, which imported Ray.
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    from ray._private import ray_constants

    ray_constants.ENABLE_RAY_CLUSTER = False


@ray.remote
class _Worker:
    """One extraction worker: loads what the stage needs once, then runs its items and shards."""

    def __init__(self, setup: Callable[[], Any] | None) -> None:
        if setup:
            setup()

    def where(self) -> tuple[str, int]:
        return ray.get_runtime_context().get_node_id(), os.getpid()

    def run(self, fn: Callable[[T], R], items: list[T]) -> list[R]:
        return [fn(item) for item in items]

    def shard(self, fn: Callable[[list], list[Prepared]], key: str, docs: list) -> Any:
        return to_table(key, fn(docs), ray.get_runtime_context().get_node_id())


class RayExecutor:
    distributed = True  # stage A runs on the cluster, ahead of the store

    def __init__(self, address: str | None = None, actors: int | None = None, work_dir: str | None = None) -> None:
        self.started = not ray.is_initialized()
        if self.started:
            if address:
                ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
            else:
                start_local()
        self.n_actors = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.workers = self.n_actors
        self._tmp = None if work_dir else tempfile.mkdtemp(prefix="newsfuse-stage-a-")
        self.work = ShardDir(work_dir or self._tmp)
        self.actors: list[Any] = []
        self.placement: list[tuple[str, int]] = []  # (node id, pid) of each actor when it started
        self.skipped = 0  # shards found finished on disk and not run again
        self.ran_on: Counter[str] = Counter()  # items finished by actors, by node id
        self._setup: Callable[[], Any] | None = None
        self._replaced: dict[Any, Any] = {}
        self._node: dict[Any, str] = {}
        self._options = {
            "num_cpus": ACTOR_CPUS,
            "max_restarts": RETRIES,
            "max_task_retries": RETRIES,  # a shard whose actor died is run again on the restarted actor
            "scheduling_strategy": "SPREAD",  # over the nodes, not packed on the first
        }

    # ------------------------------------------------------------ actors
    def _pool(self, setup: Callable[[], Any] | None) -> list[Any]:
        if not self.actors or (setup is not None and setup is not self._setup):
            self._kill()
            self._setup = setup
            self.actors = [_Worker.options(**self._options).remote(setup) for _ in range(self.n_actors)]
            self.placement = ray.get([a.where.remote() for a in self.actors])
            self._node = {a: node for a, (node, _) in zip(self.actors, self.placement, strict=True)}
        return self.actors

    def _replace(self, dead: Any) -> Any:
        """A fresh actor in place of one that died more often than it may restart."""
        if dead not in self.actors:  # already replaced, through another of its items
            return self._replaced[dead]
        fresh = _Worker.options(**self._options).remote(self._setup)
        self.actors[self.actors.index(dead)] = self._replaced[dead] = fresh
        return fresh

    def _ordered(
        self,
        submit: Callable[[Any, T], Any],
        items: Iterable[T],
        setup: Callable[[], Any] | None,
        ready: Callable[[T], Any] | None = None,
    ) -> Iterator[tuple[T, Any]]:
        """``(item, result)`` of ``submit(actor, item)`` over ``items``, in order, each actor holding
        at most ``IN_FLIGHT`` items. ``ready(item)`` gives a result without running it, or None. A
        result is the ``RayActorError`` of a shard whose actor died ``RETRIES`` times (it is replaced)."""
        slots: deque[Any] = deque()
        running: dict[Any, tuple[int, T, Any]] = {}
        results: dict[int, tuple[T, Any]] = {}
        todo = iter(items)
        index = out = 0
        exhausted = False
        while True:
            while not exhausted and (slots or not running):
                item = next(todo, _END)
                if item is _END:
                    exhausted = True
                    break
                done = ready(item) if ready else None
                if done is not None:
                    results[index] = (item, done)
                elif not running and not slots:
                    slots.extend(self._pool(setup) * IN_FLIGHT)
                if done is None:
                    actor = slots.popleft()
                    running[submit(actor, item)] = (index, item, actor)
                index += 1
            while out in results:
                yield results.pop(out)
                out += 1
            if not running:
                if exhausted:
                    return
                continue
            finished, _ = ray.wait(list(running), num_returns=1)
            for ref in finished:
                i, item, actor = running.pop(ref)
                try:
                    value = ray.get(ref)
                except ray.exceptions.RayActorError as exc:
                    value, actor = exc, self._replace(actor)
                results[i] = (item, value)
                slots.append(actor)
                self.ran_on[self._node.get(actor, "replaced")] += 1

    # ---------------------------------------------------------- interface
    def map(self, fn: Callable[[T], R], items: Sequence[T], setup: Callable[[], Any] | None = None) -> Iterator[R]:
        """``fn`` over ``items`` in order, on the actor pool (made with ``setup`` if it needs one),
        ``IN_FLIGHT`` shares per actor.

        Not a task per item: a fresh Ray worker imports the stages (spaCy with them) before its first
        task, 19 s for four workers on this loaded 2-core machine, against milliseconds for fusing a
        story; the actors have imported them already."""
        size = max(1, -(-len(items) // (IN_FLIGHT * self.n_actors)))
        shares = [list(items[i : i + size]) for i in range(0, len(items), size)]
        for _, value in self._ordered(lambda actor, share: actor.run.remote(fn, share), shares, setup):
            if isinstance(value, Exception):
                raise value
            yield from value

    def shards(
        self,
        fn: Callable[[list], list[Prepared]],
        shards: Iterable[list[RawDocument | InputError]],
        setup: Callable[[], Any] | None = None,
    ) -> Iterator[list[Prepared]]:
        """``fn`` over each shard on the actor pool, in order; a shard already finished in the work
        directory is read back instead of run, and each newly finished one is written there. A shard
        no worker could finish gives each of its documents an error."""

        def ready(item: tuple[str, list]) -> Any:
            if not item[1]:  # nothing to run (every document of the group read before): no actor needed
                return to_table(item[0], [])
            if not self.work.done(item[0]):
                return None
            self.skipped += 1
            return self.work.read(item[0])

        def submit(actor: Any, item: tuple[str, list]) -> Any:
            return actor.shard.remote(fn, *item)

        keyed = ((shard_key(docs), docs) for docs in shards)
        for (key, docs), table in self._ordered(submit, keyed, setup, ready):
            if isinstance(table, Exception):
                reason = f"the worker died on every try at its shard ({type(table).__name__})"
                yield [(InputError(doc.path, reason), None) for doc in docs]
                continue
            if table.num_rows and not self.work.done(key):
                self.work.write(key, table)
            yield from_table(table)

    def close(self) -> None:
        self._kill()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
        if self.started:
            ray.shutdown()

    def _kill(self) -> None:
        for actor in self.actors if ray.is_initialized() else ():  # else gone with their Ray session
            ray.kill(actor)
        self.actors, self.placement = [], []

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
