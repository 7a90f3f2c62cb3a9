"""Speedup of the Dask backend: 2 workers against 1 on one synthetic corpus; prints a table.

    python bench/dask_speedup.py [--size 1000] [--repeat 3] [--dask-only] [--out bench/dask_results.json]

RUN IT ON AN OTHERWISE IDLE MACHINE. The figure is a ratio of wall times:
anything else using a core while the 2-worker run goes (another benchmark, a
test suite, an editor's indexer) makes the speedup look smaller than it is.
The load average at the start of every run is recorded, and a warning is
printed when it is above 0.5.

One corpus of --size articles is synthesised with bench/throughput.py's
functions (a remix of the demo corpus and, when present, the seeds; see
bench/README.md) into a temp folder (or --keep DIR). Then, each in a fresh
child process (so neither the OS file cache of a finished run nor its loaded
model can help the next one beyond what any second run gets), with a fresh
store and against a snapshot of the package taken at start:

- `--engine dask` with 1 worker and with 2 (a LocalCluster of single-threaded
  worker processes, as `sitroom run --engine dask --workers N` starts);
- `--engine local` with 1 and 2 workers, for comparison (not with
  --dask-only). One local worker reads in the run's own process; two use a
  process pool.

With --repeat K the four runs are repeated K times, the order of 1 and 2
workers alternating between repetitions, and the best (lowest) time of each
is kept for each measure. For every run:

- *whole*: `sitroom.runner.run` end to end (ingest, cleaning, reading, corpus
  stages, store, run directory; with Dask, event linking runs on the cluster
  too, block by block, and its time is in `stage_seconds["link_events"]`);
- *reading*: the wall time of the reader (the per-article half), measured by
  wrapping the reader the runner is given; it includes starting and stopping
  the LocalCluster, the workers' model load and the parent's store writes
  between batches (both also given alone: `cluster start/stop`, `store writes`,
  and `first batch` — from the reader's start to the first batch stored);
- the peak resident memory of the process tree (run, nannies, workers).

The speedups are 1-worker time / 2-worker time, for the whole run and for the
reading. Issue #8's target is >= 1.7 for Dask on 1,000 articles. Results go to
bench/dask_results.json (git-ignored).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# throughput.py sits next to this file and puts the package snapshot
# (SITROOM_BENCH_CODE) first on sys.path when imported.
from throughput import (
    ROOT,
    PeakMemory,
    read_sources,
    synthesize,
    town_pool,
    write_corpus,
)

ENGINES = ("dask", "local")
WORKER_COUNTS = (1, 2)
TARGET_SPEEDUP = 1.7
BUSY_LOAD = 0.5


# --------------------------------------------------------------------------- one run, in its own process

class ReaderClock:
    """Wraps a reader (runner.read_articles or a Dask reader) to time it and the store writes it triggers."""

    def __init__(self, reader: Callable):
        self.reader = reader
        self.seconds = 0.0
        self.store_seconds = 0.0
        self.first_batch_seconds: float | None = None
        self.batches = 0

    def __call__(self, articles, settings, on_batch: Callable, progress=None) -> None:
        started = time.perf_counter()

        def timed_on_batch(*result) -> None:
            t = time.perf_counter()
            on_batch(*result)
            self.store_seconds += time.perf_counter() - t
            self.batches += 1
            if self.first_batch_seconds is None:
                self.first_batch_seconds = time.perf_counter() - started

        try:
            self.reader(articles, settings, timed_on_batch, progress)
        finally:
            self.seconds += time.perf_counter() - started


def _sitroom_folder() -> str:
    import sitroom
    return str(Path(sitroom.__file__).parent)


@contextlib.contextmanager
def timed_cluster(box: dict):
    """Time dask_engine.connect's start and stop (read by name at call time, so wrapping the module's attribute works)."""
    from sitroom.scale import dask_engine

    original = dask_engine.connect

    @contextlib.contextmanager
    def connect(scheduler, workers):
        t = time.perf_counter()
        with original(scheduler, workers) as client:
            box["start"] = box.get("start", 0.0) + time.perf_counter() - t
            box["workers_started"] = len(client.nthreads())
            # The workers must read with the snapshot, as the parent does.
            box["worker_code"] = sorted(set(client.run(_sitroom_folder).values()))
            try:
                yield client
            finally:
                t = time.perf_counter()
        box["stop"] = box.get("stop", 0.0) + time.perf_counter() - t

    dask_engine.connect = connect
    try:
        yield
    finally:
        dask_engine.connect = original


def measure(engine: str, workers: int, corpus: Path, work: Path, batch_size: int | None) -> dict:
    """One whole run with a fresh store; the caller runs this in a fresh process."""
    from sitroom import runner
    from sitroom.settings import default_settings

    changes = {"workers": workers, "engine": engine, "scheduler": None}
    if batch_size:
        changes["batch_size"] = batch_size
    settings = default_settings().replace(**changes)
    linker = None
    if engine == "dask":
        from sitroom.scale import dask_engine
        clock = ReaderClock(dask_engine.reader(settings))
        linker = dask_engine.linker(settings)  # as `sitroom run --engine dask` links events
    else:
        clock = ReaderClock(runner.read_articles)

    cluster: dict = {}
    load = os.getloadavg()[0]
    with (timed_cluster(cluster) if engine == "dask" else contextlib.nullcontext()), PeakMemory() as memory:
        summary = runner.run([str(corpus)], work / "run", settings, db_path=work / "store.db", engine_reader=clock,
                             engine_linker=linker)
    return {
        "engine": engine, "workers": workers, "batch_size": settings.batch_size, "code": str(Path(runner.__file__).parent),
        "load_average_at_start": round(load, 2),
        "articles": summary.articles_in_run, "articles_read": summary.articles_read, "errors": len(summary.errors),
        "events": summary.events, "stories": summary.stories,
        "whole_seconds": round(summary.seconds, 2), "reading_seconds": round(clock.seconds, 2),
        "store_write_seconds": round(clock.store_seconds, 2), "batches": clock.batches,
        "first_batch_seconds": round(clock.first_batch_seconds, 2) if clock.first_batch_seconds is not None else None,
        "cluster_start_seconds": round(cluster["start"], 2) if "start" in cluster else None,
        "cluster_stop_seconds": round(cluster["stop"], 2) if "stop" in cluster else None,
        "cluster_workers": cluster.get("workers_started"), "worker_code": cluster.get("worker_code"),
        "peak_tree_mb": memory.peak_mb,
        "stage_seconds": {k: round(v, 3) for k, v in summary.stage_seconds.items()},
    }


# --------------------------------------------------------------------------- the parent

def run_plan(engines: list[str], repeat: int) -> list[tuple[str, int]]:
    """Every (engine, workers) once per repetition; 1 and 2 swap places every other repetition against drift."""
    plan = []
    for rep in range(repeat):
        counts = WORKER_COUNTS if rep % 2 == 0 else tuple(reversed(WORKER_COUNTS))
        plan += [(engine, w) for engine in engines for w in counts]
    return plan


def run_child(engine: str, workers: int, corpus: Path, work: Path, batch_size: int | None, env: dict) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", engine, str(workers), str(corpus), str(work)]
    if batch_size:
        command += ["--batch-size", str(batch_size)]
    # Dask's scratch space (worker lock files, spilled data) goes into the run's folder, not /tmp.
    env = {**env, "DASK_TEMPORARY_DIRECTORY": str(work / "dask-scratch")}
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=env, cwd=work)
    if done.returncode != 0:
        sys.exit(f"the {engine} run with {workers} worker(s) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


BEST_OF = ("whole_seconds", "reading_seconds", "store_write_seconds", "first_batch_seconds",
           "cluster_start_seconds", "cluster_stop_seconds", "peak_tree_mb")


def best(runs: list[dict]) -> dict:
    """The lowest value of each timing over the repetitions (each measure on its own)."""
    out = {"engine": runs[0]["engine"], "workers": runs[0]["workers"], "articles": runs[0]["articles"],
           "articles_read": runs[0]["articles_read"], "runs": len(runs)}
    for key in BEST_OF:
        values = [r[key] for r in runs if r.get(key) is not None]
        out[key] = min(values) if values else None
    out["articles_per_s"] = round(out["articles"] / out["whole_seconds"], 2)
    out["read_per_s"] = round(out["articles_read"] / out["reading_seconds"], 2) if out["reading_seconds"] else None
    return out


def speedups(bests: dict[tuple[str, int], dict]) -> dict:
    out = {}
    for engine in sorted({e for e, _ in bests}):
        one, two = bests.get((engine, 1)), bests.get((engine, 2))
        if one and two:
            out[engine] = {"whole": round(one["whole_seconds"] / two["whole_seconds"], 2),
                           "reading": round(one["reading_seconds"] / two["reading_seconds"], 2)}
    return out


def same_output(runs: list[dict]) -> list[str]:
    """Every run read the same corpus: their counts must agree, whatever the engine and workers."""
    keys = ("articles", "articles_read", "errors", "events", "stories")
    seen = {tuple(r[k] for k in keys) for r in runs}
    if len(seen) == 1:
        return []
    return [f"runs disagree on {', '.join(keys)}: {sorted(seen)}"]


def print_table(results: dict) -> None:
    print(f"{results['size']} articles ({results['words']:,} words), batch size {results['batch_size']}, "
          f"{results['cpu_count']} cores, best of {results['repeat']}")
    head = ("engine", "workers", "whole s", "reading s", "art/s", "read art/s", "store s", "1st batch s",
            "cluster s", "peak MB")
    print("{:>7} {:>8} {:>8} {:>10} {:>7} {:>11} {:>8} {:>12} {:>10} {:>8}".format(*head))
    for row in results["best"]:
        cluster = "-" if row["cluster_start_seconds"] is None else \
            f"{row['cluster_start_seconds']}+{row['cluster_stop_seconds']}"
        print("{:>7} {:>8} {:>8} {:>10} {:>7} {:>11} {:>8} {:>12} {:>10} {:>8}".format(
            row["engine"], row["workers"], row["whole_seconds"], row["reading_seconds"], row["articles_per_s"],
            row["read_per_s"] or "-", row["store_write_seconds"], row["first_batch_seconds"] or "-", cluster,
            row["peak_tree_mb"]))
    for engine, s in results["speedup"].items():
        verdict = ""
        if engine == "dask":
            verdict = f"  (target >= {TARGET_SPEEDUP}: {'met' if s['whole'] >= TARGET_SPEEDUP else 'NOT met'} " \
                      f"on the whole run, {'met' if s['reading'] >= TARGET_SPEEDUP else 'NOT met'} on the reading)"
        print(f"speedup 2 vs 1 worker, {engine}: whole run x{s['whole']}, reading x{s['reading']}{verdict}")
    loads = [r["load_average_at_start"] for r in results["runs"]]
    print(f"load average at the start of the runs: {min(loads)} to {max(loads)}")
    for warning in results["warnings"]:
        print(f"WARNING: {warning}")


def git_state() -> dict:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], check=False, cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--", "sitroom"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="articles in the corpus")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (engine, workers); the best is kept")
    parser.add_argument("--dask-only", action="store_true", help="skip the local process-pool engine")
    parser.add_argument("--batch-size", type=int, help="articles per batch (default: the setting's, 64); "
                        "a small corpus needs a smaller one to make more batches than workers")
    parser.add_argument("--out", default=str(ROOT / "bench" / "dask_results.json"))
    parser.add_argument("--keep", help="write the corpus and runs here and keep them (default: a temp dir)")
    parser.add_argument("--measure", nargs=4, metavar=("ENGINE", "WORKERS", "CORPUS", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:  # the child: one run in its own process
        engine, workers, corpus, work = args.measure
        print(json.dumps(measure(engine, int(workers), Path(corpus), Path(work), args.batch_size)))
        return

    engines = ["dask"] if args.dask_only else list(ENGINES)
    with tempfile.TemporaryDirectory(prefix="sitroom-dask-bench-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        from sitroom.settings import default_settings
        settings = default_settings()
        print(f"building a corpus of {args.size} articles ...", file=sys.stderr, flush=True)
        sources = read_sources(work)
        articles = synthesize(sources, town_pool(settings), args.size, seed=args.size)
        words = write_corpus(articles, work / "corpus")
        code = work / "code"
        shutil.copytree(ROOT / "sitroom", code / "sitroom", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "SITROOM_BENCH_CODE": str(code)}

        runs = []
        for i, (engine, workers) in enumerate(run_plan(engines, args.repeat)):
            load = os.getloadavg()[0]
            print(f"run {i + 1}: {engine}, {workers} worker(s) (load average {load:.2f}) ...", file=sys.stderr,
                  flush=True)
            r = run_child(engine, workers, work / "corpus", work / f"run-{i:02d}-{engine}-{workers}",
                          args.batch_size, env)
            print(f"  whole {r['whole_seconds']} s, reading {r['reading_seconds']} s", file=sys.stderr, flush=True)
            runs.append(r)

    groups: dict[tuple[str, int], list[dict]] = {}
    for r in runs:
        groups.setdefault((r["engine"], r["workers"]), []).append(r)
    bests = {key: best(group) for key, group in groups.items()}
    warnings = same_output(runs)
    busy = [r["load_average_at_start"] for r in runs if r["load_average_at_start"] > BUSY_LOAD]
    if busy:
        warnings.append(f"{len(busy)} of {len(runs)} runs started with a load average above {BUSY_LOAD} "
                        f"(up to {max(busy)}): the machine was not idle, the speedups are understated")
    strays = [r for r in runs if r.get("worker_code") and r["worker_code"] != [r["code"]]]
    if strays:
        warnings.append(f"Dask workers imported sitroom from {strays[0]['worker_code']}, not the snapshot "
                        f"{strays[0]['code']}: an edit made during the benchmark could reach them")
    batches = {r["batches"] for r in runs}
    if max(batches) < 2 * max(WORKER_COUNTS):
        warnings.append(f"only {max(batches)} batch(es): too few to keep 2 workers busy (lower --batch-size)")
    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"), **git_state(), "cpu_count": os.cpu_count(),
        "size": args.size, "words": words, "sources": len(sources), "repeat": args.repeat,
        "batch_size": runs[0]["batch_size"], "target_speedup": TARGET_SPEEDUP,
        "best": [bests[key] for key in sorted(bests)], "speedup": speedups(bests),
        "warnings": warnings, "runs": runs,
    }
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    print_table(results)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
