"""Scale: ordered, bounded batch reading; same output for any worker count or engine; the per-article cache."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from sitroom import runner
from sitroom.link import events as link_events
from sitroom.model import Article, ProcessingError
from sitroom.settings import Settings, default_settings

DEMO = Path(runner.__file__).parent / "demo" / "corpus"
# Fields of run.json that differ between any two runs by design.
RUN_SPECIFIC = ("run_id", "started", "finished", "stage_seconds", "stage_resident_mb")


# --------------------------------------------------------------------------- batch reading, with a fake reader

def fake_read_batch(articles, settings):
    """Stands in for the stages: later batches finish first, and one article kills its process."""
    import time
    for a in articles:
        if a.body == "crash":
            os._exit(3)
    time.sleep(0.02 * (5 - int(articles[0].article_id[1:]) % 5))
    return [Article(a.article_id, a.path, body=a.body.upper()) for a in articles], [], {"fake": 1.0}


def _articles(n: int) -> list[Article]:
    return [Article(f"a{i}", f"{i}.txt", body=f"text {i}") for i in range(n)]


def _collect(articles, settings):
    seen, errors, progress = [], [], []

    def on_batch(done, errs, timings):
        seen.extend(a.article_id for a in done)
        errors.extend(errs)

    runner.read_articles(articles, settings, on_batch, lambda d, t: progress.append((d, t)))
    return seen, errors, progress


@pytest.fixture
def fake_reader(monkeypatch):
    # Worker processes are forked, so they inherit the patched function.
    if not hasattr(os, "fork"):
        pytest.skip("the fake reader reaches worker processes only where they are forked")
    monkeypatch.setattr(runner, "read_batch", fake_read_batch)


def test_results_come_back_in_submission_order(fake_reader):
    settings = default_settings().replace(workers=2, batch_size=1)
    seen, errors, progress = _collect(_articles(12), settings)
    assert seen == [f"a{i}" for i in range(12)]
    assert errors == []
    assert progress[-1] == (12, 12) and [d for d, _ in progress] == sorted(d for d, _ in progress)


def test_a_batch_that_kills_its_worker_is_lost_alone(fake_reader):
    settings = default_settings().replace(workers=2, batch_size=1)
    articles = _articles(8)
    articles[3].body = "crash"
    seen, errors, _ = _collect(articles, settings)
    assert seen == [f"a{i}" for i in range(8) if i != 3]
    assert [(e.article_id, e.code) for e in errors] == [("a3", "E120")]


def test_one_worker_reads_copies_and_leaves_inputs_lean(monkeypatch):
    def stamp(articles, settings):
        for a in articles:
            a.title = "read"
        return articles, [], {}
    monkeypatch.setattr(runner, "read_batch", stamp)
    articles = _articles(3)
    seen, _, _ = _collect(articles, default_settings().replace(workers=1, batch_size=2))
    assert seen == ["a0", "a1", "a2"]
    assert all(a.title is None for a in articles)


def test_settings_cross_process_boundaries_as_plain_values():
    settings = default_settings().replace(batch_size=7)
    portable = runner.portable_settings(settings)
    assert portable == dict(settings.values) and isinstance(portable, dict)
    assert Settings(portable).batch_size == 7


def test_batches_cover_every_article_once():
    items = list(range(10))
    assert [len(b) for b in runner.split_batches(items, 4)] == [4, 4, 2]
    assert [x for b in runner.split_batches(items, 0) for x in b] == items


def test_batches_for_several_workers_shrink_towards_the_end_and_keep_the_order():
    items = list(range(1000))
    sizes = [len(b) for b in runner.split_batches(items, 64, workers=2)]
    assert [x for b in runner.split_batches(items, 64, workers=2) for x in b] == items
    assert sizes[0] == 64 and max(sizes) == 64
    assert sizes == sorted(sizes, reverse=True)       # never a large batch after a small one
    assert max(sizes[-3:]) <= 8                        # the last ones are small: no worker waits long for another
    assert sum(s == 64 for s in sizes) >= 10           # and most stay whole (a batch costs a task and a transaction)
    assert [len(b) for b in runner.split_batches(items, 64, workers=1)] == [64] * 15 + [40]
    assert [len(b) for b in runner.split_batches(items[:10], 64, workers=2)] == [10]  # read inline, no pool
    # workers already running share even a small input
    assert [len(b) for b in runner.split_batches(items[:11], 64, workers=2, running=True)] == [6, 5]
    assert list(runner.split_batches(items, 64, workers=2, running=True)) == list(runner.split_batches(items, 64, 2))


def test_a_lost_batch_becomes_one_error_per_article():
    errors = runner.batch_failed(_articles(2), RuntimeError("gone"))
    assert [e.article_id for e in errors] == ["a0", "a1"]
    assert all(isinstance(e, ProcessingError) and e.code == "E120" and "gone" in e.reason for e in errors)


# --------------------------------------------------------------------------- whole runs on the demo corpus

def comparable_outputs(run_dir: Path, ignore: tuple[str, ...] = ()) -> dict[str, object]:
    """Every output file of a run, with the fields that differ between runs by design removed."""
    out: dict[str, object] = {}
    for path in sorted(run_dir.iterdir()):
        if path.suffix in (".jsonl", ".csv", ".geojson"):
            out[path.name] = path.read_text(encoding="utf-8")
    info = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    out["run.json"] = {k: v for k, v in info.items() if k not in RUN_SPECIFIC + ignore}
    return out


def assert_same_outputs(a: Path, b: Path, ignore: tuple[str, ...] = ()) -> None:
    left, right = comparable_outputs(a, ignore), comparable_outputs(b, ignore)
    assert sorted(left) == sorted(right)
    for name in left:
        assert left[name] == right[name], f"{name} differs between {a} and {b}"


@pytest.fixture(scope="module")
def one_worker_run(tmp_path_factory):
    """The demo corpus read inline, in batches of two (the reference for the other engines)."""
    out = tmp_path_factory.mktemp("one-worker")
    settings = default_settings().replace(workers=1, batch_size=2)
    summary = runner.run([str(DEMO)], out, settings)
    assert summary.articles_read == summary.articles_in_run > 10 and not summary.errors
    return out, settings


@pytest.mark.model
@pytest.mark.slow
def test_run_json_tells_the_memory_held_after_each_step(one_worker_run):
    out, _ = one_worker_run
    held = json.loads((out / "run.json").read_text())["stage_resident_mb"]
    if runner.resident_mb() is None:
        pytest.skip("no /proc on this system: resident memory is not read")
    # the reading model alone is a few hundred MB; every corpus step is there
    assert {"store_load", "link_events", "store_linked"} <= set(held)
    assert all(isinstance(v, int) and 50 < v < 8000 for v in held.values())


@pytest.mark.model
@pytest.mark.slow
def test_two_workers_give_the_same_output_as_one(one_worker_run, tmp_path):
    reference, settings = one_worker_run
    summary = runner.run([str(DEMO)], tmp_path, settings.replace(workers=2))
    assert summary.articles_read == summary.articles_in_run
    assert_same_outputs(reference, tmp_path)


@pytest.mark.model
@pytest.mark.slow
def test_an_unchanged_article_is_never_read_again(one_worker_run, tmp_path):
    reference, settings = one_worker_run
    again = runner.run([str(DEMO)], tmp_path, settings, db_path=reference / "sitroom.db")
    assert again.articles_read == 0
    assert again.articles_cached == again.articles_in_run > 10
    assert_same_outputs(reference, tmp_path, ignore=("articles_read", "articles_cached"))


@pytest.mark.model
@pytest.mark.slow
def test_a_rerun_with_nothing_new_stops_its_warm_workers(one_worker_run, tmp_path):
    import multiprocessing
    reference, settings = one_worker_run
    db = tmp_path / "copy.db"
    db.write_bytes((reference / "sitroom.db").read_bytes())
    again = runner.run([str(DEMO)], tmp_path / "out", settings.replace(workers=2), db_path=db)
    assert again.articles_read == 0 and again.articles_cached > 10
    assert multiprocessing.active_children() == []  # the workers that started loading the model are gone
    assert_same_outputs(reference, tmp_path / "out", ignore=("articles_read", "articles_cached"))


def test_a_warm_pool_reads_a_lone_batch_in_its_workers(fake_reader, monkeypatch):
    monkeypatch.setattr(runner, "warm_up", lambda settings: None)  # no model in this test
    settings = default_settings().replace(workers=2, batch_size=64)
    pool = runner.WarmPool(settings)
    try:
        batches = []

        def on_batch(done, errs, timings):
            batches.append(([a.article_id for a in done], runner.STORE_ROWS in timings))

        runner.read_articles(_articles(3), settings, on_batch, pool=pool.executor)
        # less than a batch, shared by the running workers (only a worker turns articles into the store's rows)
        assert batches == [(["a0", "a1"], True), (["a2"], True)]
    finally:
        pool.close(needed=True)
    assert pool.closed


@pytest.mark.model
@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_output(one_worker_run, tmp_path):
    pytest.importorskip("dask.distributed")
    from sitroom.scale import dask_engine

    reference, settings = one_worker_run
    dask_settings = settings.replace(workers=2, engine="dask", dask_link_min_articles=0)  # link on the cluster too
    linked_on_the_cluster = []

    def linker(corpus, settings):
        linked_on_the_cluster.append(len(link_events.blocks(corpus)))
        return dask_engine.linker(dask_settings)(corpus, settings)

    summary = runner.run([str(DEMO)], tmp_path, dask_settings, engine_reader=dask_engine.reader(dask_settings),
                         engine_linker=linker)
    assert summary.articles_read == summary.articles_in_run and not summary.errors
    assert linked_on_the_cluster and linked_on_the_cluster[0] > 1, "the demo's events should be linked in blocks"
    assert_same_outputs(reference, tmp_path)


def _stored_rows(db_path: Path) -> dict[str, list[tuple]]:
    import sqlite3
    conn = sqlite3.connect(db_path)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                for table in ("articles", "claims", "articles_fts", "claims_fts")}
    finally:
        conn.close()


def _rows_of(articles: list[Article]) -> list:
    from sitroom.store.db import article_rows
    return [article_rows(a) for a in articles]


@pytest.mark.model
@pytest.mark.slow
def test_rows_built_on_a_worker_are_those_built_in_the_run(tmp_path):
    """A worker turns its read articles into the store's rows; they must be the very bytes
    put_articles writes for the same articles read in the run's own process."""
    import concurrent.futures as cf
    import copy
    import multiprocessing

    from sitroom import pipeline
    from sitroom.ingest import read as ingest_read
    from sitroom.store.db import ArticleRows, Store

    settings = default_settings()
    found = [a for a in ingest_read.discover([str(DEMO)], settings) if isinstance(a, Article)]
    prepared, _ = pipeline.load_stages()[0].prepare_all(found, settings)
    if hasattr(os, "fork"):
        # the whole worker path, as the local engine's forked processes take it
        with cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            from_worker, _, _ = pool.submit(runner.read_batch_portable, prepared,
                                            runner.portable_settings(settings)).result()
    in_process, _, _ = runner.read_batch([copy.copy(a) for a in prepared], settings)
    assert any(a.claims for a in in_process), "the demo's claims should be compared too"
    # a fresh interpreter (another hash seed, as a Dask worker has) builds rows of the same readings
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        built_afresh = pool.submit(_rows_of, in_process).result()
    assert all(isinstance(r, ArticleRows) for r in built_afresh)
    assert built_afresh == _rows_of(in_process)
    if hasattr(os, "fork"):
        assert from_worker == built_afresh

    for name, articles in (("in_process", in_process), ("worker", built_afresh)):
        with Store(tmp_path / f"{name}.db") as store:
            store.put_articles(articles, "v", "r")
    assert _stored_rows(tmp_path / "in_process.db") == _stored_rows(tmp_path / "worker.db")


def test_blocks_are_packed_evenly_largest_first():
    from sitroom.scale import dask_engine

    parts = [[0] * n for n in (5, 1, 4, 2, 2)]
    batches = dask_engine.pack(parts, 2)
    assert sorted(i for b in batches for i in b) == [0, 1, 2, 3, 4]
    assert sorted(sum(len(parts[i]) for i in b) for b in batches) == [7, 7]
    assert dask_engine.pack(parts[:1], 4) == [[0]]


# --------------------------------------------------------------------------- the benchmark's corpus maker

@pytest.fixture(scope="module")
def throughput():
    sys.path.insert(0, str(Path(runner.__file__).resolve().parents[1] / "bench"))
    try:
        import throughput as module
    finally:
        sys.path.pop(0)
    return module


def test_bench_moves_written_dates_by_the_story_shift(throughput):
    text = "On April 8 shelling hit the town; by 30 March 2023 talks had failed."
    moved = throughput.shift_dates(text, 3, 2024)
    assert moved == "On April 11 shelling hit the town; by 2 April 2023 talks had failed."


def test_bench_swaps_whole_names_only(throughput):
    assert throughput.swap_names("Laja and Lajas near Laja.", {"Laja": "Oruro"}) == "Oruro and Lajas near Oruro."
