"""The Ray engine (``--engine ray``) on a real local Ray instance: the same stored articles,
extractions and stories as the local engine; a killed worker, a rerun and a two-node cluster
change nothing. Skipped only where Ray is not installed (``make test`` installs it)."""

import importlib.util
import json
import os
import signal
import sys
import threading
import time

import pytest
from conftest import EXAMPLES, REPO, SEEDS, needs_seeds

import newsfuse.pipeline as pipeline
from newsfuse.cli import main
from newsfuse.store import Store

needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="Ray is not installed (pip install 'newsfuse[ray]')"
)
REUTERS = 200


@pytest.fixture(scope="session")
def ray_local():
    """A local Ray instance for the session: 2 CPUs, no dashboard, a small object store, loopback only."""
    import ray

    from newsfuse.executors.ray import start_local

    if not ray.is_initialized():
        start_local(num_cpus=2)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="session")
def executor(ray_local):
    """One Ray executor for the tests on the session's instance: its actors load spaCy once."""
    from newsfuse.executors.ray import RayExecutor

    with RayExecutor() as ex:
        yield ex


def _work(executor, path):
    """Point the executor's stage-A checkpoints at ``path`` (a fresh directory: nothing to skip)."""
    from newsfuse.executors.parquet import ShardDir

    executor.work, executor.skipped = ShardDir(path), 0
    executor.ran_on.clear()
    return path


@pytest.fixture(scope="session")
def reuters(tmp_path_factory):
    """200 Reuters-21578 articles as one JSON-lines file, as bench/throughput.py writes them."""
    sys.path.insert(0, str(REPO / "bench"))
    from reuters import REUTERS as DIR
    from throughput import iter_reuters, reuters_text

    if not DIR.exists():
        pytest.skip("../shared/data/reuters21578 is not beside the checkout")
    path = tmp_path_factory.mktemp("reuters") / "reuters.jsonl"
    with path.open("w") as f:
        for doc in iter_reuters(limit=REUTERS):
            f.write(json.dumps({"id": doc["id"], "text": reuters_text(doc)}) + "\n")
    return path


def _snapshot(store: Store) -> dict:
    return {
        "articles": [a.to_dict() for a in store.articles()],
        "extractions": {i: e.to_dict() for i, e in sorted(store.extractions().items())},
        "stories": [s.to_dict() for s in store.stories()],
    }


def _run(paths, db, executor=None) -> dict:
    with Store(db) as store:
        result = pipeline.ingest([str(p) for p in paths], store, executor=executor)
        pipeline.build_stories(store, executor=executor)
        return {**_snapshot(store), "errors": [str(e) for e in result.errors], "new": result.new}


_local_cache: dict[str, dict] = {}


def _local(name, paths, tmp_path) -> dict:
    """The local engine's result (computed once per input for the whole session)."""
    if name not in _local_cache:
        _local_cache[name] = _run(paths, tmp_path / f"local-{name}.db")
    return _local_cache[name]


def _assert_same(ray_result: dict, local: dict) -> None:
    assert [a["id"] for a in ray_result["articles"]] == [a["id"] for a in local["articles"]]
    assert sorted(sorted(s["articles"]) for s in ray_result["stories"]) == sorted(
        sorted(s["articles"]) for s in local["stories"]
    )
    assert ray_result == local  # and every record equal: articles, extractions, fused stories, errors


@needs_ray
@needs_seeds
def test_the_ray_engine_stores_what_the_local_engine_stores_on_the_seeds(executor, tmp_path):
    local = _local("seeds", [SEEDS], tmp_path)
    assert local["stories"] and local["articles"]
    _work(executor, tmp_path / "stage-a")
    ray_result = _run([SEEDS], tmp_path / "ray.db", executor)
    assert sum(executor.ran_on.values()) >= 1  # stage A ran on the actors, not here
    _assert_same(ray_result, local)
    # the node stays on loopback
    import ray

    assert {n["NodeManagerAddress"] for n in ray.nodes()} == {"127.0.0.1"}


@needs_ray
def test_on_reuters_a_killed_worker_and_a_rerun_still_store_what_the_local_engine_stores(
    executor, reuters, tmp_path
):
    import ray

    local = _local("reuters", [reuters], tmp_path)
    assert len(local["articles"]) > REUTERS - 5 and len(local["stories"]) > 50  # one is a duplicate
    work = _work(executor, tmp_path / "stage-a")
    done = work / "_done"
    killed: dict = {}

    def kill_the_first_actor_once_a_shard_is_done(executor):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (executor.placement and any(done.iterdir())):
            time.sleep(0.02)
        killed["done_before"] = len(list(done.iterdir()))
        killed["pid"] = executor.placement[0][1]
        os.kill(killed["pid"], signal.SIGKILL)

    killer = threading.Thread(target=kill_the_first_actor_once_a_shard_is_done, args=(executor,))
    killer.start()
    result = _run([reuters], tmp_path / "killed.db", executor)
    killer.join()
    # the actor came back as another process, and the run finished without a lost shard
    assert ray.get(executor.actors[0].where.remote())[1] != killed["pid"]
    shards = -(-REUTERS // pipeline.SHARD)
    assert 1 <= killed["done_before"] < shards  # killed mid-run
    assert len(list(done.iterdir())) == shards
    _assert_same(result, local)

    # a rerun reads every finished shard back instead of running it; a shard without its marker is redone
    sorted(done.iterdir())[0].unlink()
    _work(executor, work)
    again = _run([reuters], tmp_path / "rerun.db", executor)
    assert executor.skipped == shards - 1 and len(list(done.iterdir())) == shards
    _assert_same(again, local)

    # ingesting the same input into that store again sends nothing to stage A: every input is known
    _work(executor, tmp_path / "stage-a-again")
    with Store(tmp_path / "rerun.db") as store:
        third = pipeline.ingest([str(reuters)], store, executor=executor)
    assert (third.added, third.duplicates, sum(executor.ran_on.values())) == (0, REUTERS, 0)


@needs_ray
def test_stage_a_parquet_reads_back_with_its_schema(executor, tmp_path):
    import pyarrow.parquet as pq

    from newsfuse.executors.parquet import SCHEMA

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "in" / "good.txt").write_text((EXAMPLES / "01_ardmere-ledger.txt").read_text())
    _work(executor, tmp_path / "stage-a")
    result = _run([tmp_path / "in"], tmp_path / "n.db", executor)
    assert result["errors"] == [f"{tmp_path / 'in' / 'bad.txt'}: binary file (contains NUL bytes), not text"]
    # every column typed as declared, even those null in the whole shard
    table = pq.read_table(tmp_path / "stage-a")
    assert table.schema.equals(SCHEMA) or table.schema.remove_metadata().equals(SCHEMA)
    # the unreadable file never reached stage A; the shard's error column is all null, and still a string
    assert table.column("kind").to_pylist() == ["article"] and table.column("error").null_count == 1


def test_without_ray_the_engine_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed: 'import ray' raises ImportError
    assert main(["run", "--engine", "ray", str(EXAMPLES)]) == 2
    assert "pip install 'newsfuse[ray]'" in capsys.readouterr().err


@needs_ray
def test_the_cli_on_a_two_node_cluster_prints_the_same_report_and_stores_the_same(
    executor, ray_local, tmp_path, monkeypatch, capsys
):
    """``newsfuse run --engine ray --ray-address`` on a cluster of two nodes on this machine:
    shards made on both nodes, and the report and store of ``--engine local``."""
    import pyarrow.parquet as pq
    from ray.cluster_utils import Cluster

    from newsfuse.executors.ray import loopback

    reports, stores = [], []
    db = {engine: tmp_path / f"{engine}.db" for engine in ("local", "ray")}
    assert main(["run", "--engine", "local", "--db", str(db["local"]), str(EXAMPLES)]) == 0
    executor.close()
    ray_local.shutdown()  # the session's instance makes way for the cluster (this test runs last)
    loopback()
    node = {"num_cpus": 1, "object_store_memory": 100 * 1024 * 1024}
    cluster = Cluster(initialize_head=True, head_node_args={**node, "include_dashboard": False})
    try:
        cluster.add_node(**node)
        monkeypatch.setattr(pipeline, "SHARD", 4)  # three shards of the twelve examples, for two actors
        argv = ["run", "--engine", "ray", "--ray-address", cluster.address, "--db", str(db["ray"]), str(EXAMPLES)]
        assert main(argv) == 0
    finally:
        ray_local.shutdown()
        cluster.shutdown()
    reports = capsys.readouterr().out
    for engine in ("local", "ray"):
        with Store(db[engine]) as store:
            stores.append(_snapshot(store))
    half = len(reports) // 2
    assert reports[:half] == reports[half:] and "Ardmere" in reports
    assert len(stores[0]["stories"]) == 3 and stores[0] == stores[1]
    shards = pq.read_table(tmp_path / "ray.db.stage-a")  # stage A checkpointed beside the store
    assert len(set(shards.column("shard").to_pylist())) == 3
    assert len(set(shards.column("node").to_pylist())) == 2
