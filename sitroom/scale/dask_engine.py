"""The Dask backend: the per-article stages on a ``dask.distributed`` cluster.

``reader(settings)`` returns a function with the signature of
``runner.read_articles``, so the runner uses it in place of its local process
pool and nothing else changes: each batch becomes a Dask bag of one partition
that runs ``runner.read_batch_portable`` on a worker (which also turns the read articles
into the store's rows), and the results come back in submission order and go
through ``on_batch`` (the store write) in the parent, exactly as with the
local engine. Workers never open the store: on a real cluster they
cannot reach the parent's file.

``linker(settings)`` does the same for event linking, the corpus stage that
weighs reports against events: the runner hands it the store's reports after
dedup and stories, ``link.events.blocks`` splits them into groups no report
can cross (a story, the events at one place on one day, the events a report
recalls), and the groups are linked side by side on the cluster with the word
weights of the whole corpus, so the events are those of the local engine.
Dedup, stories, contradictions and framing stay in the runner.

With ``settings.scheduler`` set, the reader connects to that scheduler (a real
cluster, see docs/SCALING.md); without it, it starts a LocalCluster of
``settings.effective_workers`` single-threaded worker processes for the run
and stops it afterwards. Only a bounded window of batches is in flight, so the
parent's memory does not grow with the input.
"""
from __future__ import annotations

import collections
import contextlib
import logging
import pickle
from typing import Callable, Iterator, Optional

from .. import runner
from ..model import Article

log = logging.getLogger(__name__)

Reader = Callable[..., None]


def reader(settings) -> Reader:
    """A drop-in for runner.read_articles that reads on a Dask cluster."""
    scheduler = settings.scheduler
    workers = settings.effective_workers

    def read(articles: list[Article], run_settings, on_batch: Callable,
             progress: Optional[runner.Progress] = None) -> None:
        if not articles:
            return  # every article came from the cache: no cluster needed
        size = max(1, int(run_settings.batch_size))
        with connect(scheduler, min(workers, -(-len(articles) // size))) as client:
            # tapered for the threads the cluster has, which a remote scheduler only tells once connected
            threads = max(1, sum(client.nthreads().values()))
            read_on(client, list(runner.split_batches(articles, size, threads)), run_settings, on_batch, progress)

    return read


def linker(settings) -> Callable:
    """A drop-in for link.events.run that links the corpus's independent blocks on a Dask cluster."""
    from ..link import events as link_events

    scheduler = settings.scheduler
    workers = settings.effective_workers

    def link(corpus, run_settings):
        if len(corpus.articles) < int(run_settings.dask_link_min_articles):
            # measured on 1,000 articles: 0.9 s here, 6.4 s on a 2-worker LocalCluster (its start,
            # the blocks' trip to the workers and back)
            return link_events.run(corpus, run_settings)
        block_ids = link_events.blocks(corpus)
        if len(block_ids) < 2 or workers < 2 and not scheduler:
            return link_events.run(corpus, run_settings)  # nothing to share out
        with connect(scheduler, min(workers, len(block_ids))) as client:
            return link_events.link_blocks(corpus, run_settings, map_blocks=_map_on(client), block_ids=block_ids)

    return link


def _map_on(client) -> Callable:
    """map_blocks for link.events.link_blocks: blocks packed into a few tasks per worker, results in order."""
    def map_blocks(function, parts, settings, weights):
        slots = max(1, 4 * len(client.nthreads()))
        batches = pack(parts, slots)
        portable = runner.portable_settings(settings)
        shared = client.scatter(weights, broadcast=True)
        n = len(batches)
        futures = client.map(_link_batch, [[parts[i] for i in batch] for batch in batches],
                             [function] * n, [portable] * n, [shared] * n, pure=False)
        results: list = [None] * len(parts)
        for batch, future in zip(batches, futures):
            for i, result in zip(batch, future.result()):
                results[i] = result
        return results
    return map_blocks


def _link_batch(parts, function, settings, weights) -> list:
    from ..settings import Settings
    settings = Settings(settings) if isinstance(settings, dict) else settings
    return [function(part, settings, weights) for part in parts]


def pack(parts: list[list], slots: int) -> list[list[int]]:
    """Indices of *parts* in at most *slots* batches of about equal size (largest first)."""
    batches: list[list[int]] = [[] for _ in range(min(slots, len(parts)))]
    sizes = [0] * len(batches)
    for i in sorted(range(len(parts)), key=lambda i: -len(parts[i])):
        k = sizes.index(min(sizes))
        batches[k].append(i)
        sizes[k] += len(parts[i])
    return [b for b in batches if b]


@contextlib.contextmanager
def connect(scheduler: Optional[str], workers: int) -> Iterator["distributed.Client"]:  # noqa: F821
    """A client for *scheduler*, or for a LocalCluster that lives as long as the block."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # Single-threaded worker processes: spaCy and the readers hold the GIL, so
    # threads would not add speed; processes also keep one parse per worker.
    with dask.config.set(LOCAL_MONITORING), \
            LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


# A LocalCluster's scheduler and nannies live in the run's process, and by default poll every worker's
# memory ten times a second and sample the system twice a second, and each worker samples its own stack
# a hundred times a second, all for a dashboard the run does not show: CPU taken from the readers on a
# small machine. Once a second still stops a worker running out of memory.
LOCAL_MONITORING = {"distributed.worker.memory.monitor-interval": "1s",
                    "distributed.admin.system-monitor.interval": "2s",
                    "distributed.worker.profile.enabled": False}


def read_on(client, batches: list[list[Article]], settings, on_batch: Callable,
            progress: Optional[runner.Progress] = None) -> None:
    """Run read_batch_portable over *batches* as Dask bags of one partition each (made as each batch is
    submitted, so the input is never held twice); hand results (the store's rows, the errors, the timings)
    to on_batch in submission order."""
    import dask.bag as db

    portable = runner.portable_settings(settings)
    window = runner.in_flight_limit(max(1, sum(client.nthreads().values())))
    total = sum(len(b) for b in batches)
    seen = 0
    pending: collections.deque = collections.deque()
    todo = collections.deque(batches)
    while todo or pending:
        while todo and len(pending) < window:
            batch = todo.popleft()
            bag = db.from_sequence([pickled(batch)], npartitions=1).map(read_pickled, portable)
            pending.append((batch, client.compute(bag.to_delayed()[0])))
        batch, future = pending.popleft()
        try:
            results = future.result()
        except Exception as exc:  # a lost worker or a failed task loses this batch, never the run
            log.warning("a Dask task failed on a batch of %d article(s): %s", len(batch), exc)
            results = [([], runner.batch_failed(batch, exc), {})]
        finally:
            future.release()
        for done, errors, timings in results:
            on_batch(done, errors, timings)
        runner.release(batch)
        seen += len(batch)
        if progress:
            progress(seen, total)


def pickled(batch: list[Article]) -> bytes:
    """A batch pickled here, when it is submitted (never the whole input at once).

    The scheduler unpickles every task it is given, and on a LocalCluster it runs
    in this process, beside the store writes, on cores the workers need; articles
    sent as bytes pass through it undecoded and are unpickled once, on the worker.
    """
    return pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)


def read_pickled(batch: bytes, settings) -> tuple:
    return runner.read_batch_portable(pickle.loads(batch), settings)
