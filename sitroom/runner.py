"""Runs the pipeline over inputs: read, clean, per-article stages in batches
(cached per article in the store), then the corpus stages over the whole store,
then the run directory.

One bad article never stops a run: its failure is recorded with the stage and
reason, and the rest goes on.
"""
from __future__ import annotations

import collections
import contextlib
import copy
import dataclasses
import concurrent.futures as cf
import gc
import hashlib
import logging
import multiprocessing
import os
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Optional

from . import __version__, pipeline
from .errors import SitroomError
from .limits import ArticleTimeout, time_limit
from .model import Article, Corpus, ProcessingError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class RunSummary:
    run_id: str
    out_dir: str
    db_path: str
    inputs: list[str]
    articles_in_run: int = 0
    articles_read: int = 0
    articles_cached: int = 0
    articles_in_store: int = 0
    events: int = 0
    stories: int = 0
    claims: int = 0
    contradictions: int = 0
    errors: list[ProcessingError] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict = field(default_factory=dict)
    # the run's own process (not its workers): resident MB when each step ended, the most of its repeats
    stage_resident_mb: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["errors"] = [e.to_dict() for e in self.errors]
        return d


def pipeline_version() -> str:
    """Changes whenever code or data that shapes per-article readings changes."""
    root = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for sub in ("ingest", "read", "extract", "data"):
        for path in sorted((root / sub).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".csv", ".txt", ".toml", ".json"):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    for name in ("nlp.py", "model.py"):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- per-article work

def read_batch(articles: list[Article], settings) -> tuple[list[Article], list[ProcessingError], dict]:
    """Run the per-article stages over one batch; return read articles, errors and stage times."""
    from .ingest import clean

    stages = pipeline.per_article(pipeline.load_stages())
    timings: dict[str, float] = {}
    errors: list[ProcessingError] = []
    # Cleaning's per-article half runs here, on the worker: the corpus-level half (which
    # lines recur across an outlet) was done by the parent when it prepared the pages.
    t0 = time.perf_counter()
    cleaned = []
    for article in articles:
        error = clean.clean_prepared(article, settings)
        (errors.append(error) if error is not None else cleaned.append(article))
    articles = cleaned
    timings[clean.NAME] = time.perf_counter() - t0
    nlp_stage, rest = stages[0], stages[1:]
    t0 = time.perf_counter()
    try:
        nlp_stage.run(Corpus(articles=articles), settings)
    except Exception:  # one text broke the batch parse: parse one by one to find it
        log.debug("batch parse failed, retrying one by one", exc_info=True)
        for a in articles:
            a.tokens = []
    timings[nlp_stage.NAME] = time.perf_counter() - t0
    done: list[Article] = []
    for article in articles:
        ok = True
        stage_name = nlp_stage.NAME
        try:
            with time_limit(float(settings.max_article_seconds)):
                single = Corpus(articles=[article])
                if not article.tokens:
                    nlp_stage.run(single, settings)
                for stage in rest:
                    stage_name = stage.NAME
                    t = time.perf_counter()
                    single = stage.run(single, settings)
                    timings[stage.NAME] = timings.get(stage.NAME, 0.0) + time.perf_counter() - t
        except ArticleTimeout:
            ok = False
            errors.append(ProcessingError(article.path, stage_name,
                                          f"reading took longer than {settings.max_article_seconds} s", "E110",
                                          article.article_id))
        except Exception as exc:  # recorded per article; the run goes on
            ok = False
            errors.append(ProcessingError(article.path, stage_name, f"{type(exc).__name__}: {exc}", "E120",
                                          article.article_id))
            log.debug("stage %s failed on %s\n%s", stage_name, article.path, traceback.format_exc())
        article.tokens = []  # parses never leave the batch: memory stays flat
        if ok:
            done.append(article)
    return done, errors, timings


# The smallest batch of the tapered end: below it a batch's fixed costs (a task, a store transaction)
# outweigh the idle time it saves.
MIN_TAIL_BATCH = 8


def split_batches(items: list, size: int, workers: int = 1, running: bool = False) -> Iterable[list]:
    """Batches of *size* items in order; for several workers the last ones shrink (to about half of
    what is left per worker), so that the workers run out of input together instead of one reading a
    whole batch while the others wait for it. An input of one batch or less stays one batch (read where
    it is: no pool to start), unless the workers are *running* already: then it is shared among them."""
    size = max(1, int(size))
    if running and 0 < len(items) <= size:
        size = -(-len(items) // max(1, int(workers)))
        workers = 1
    workers = 1 if len(items) <= size else max(1, int(workers))
    i = 0
    while i < len(items):
        left = len(items) - i
        step = size if workers == 1 else max(min(size, MIN_TAIL_BATCH), min(size, -(-left // (2 * workers))))
        yield items[i:i + step]
        i += step


def batch_failed(batch: list[Article], exc: BaseException) -> list[ProcessingError]:
    """A whole batch was lost (a worker died): record every article of it, so the run goes on."""
    reason = f"the worker reading this batch failed: {type(exc).__name__}: {exc}"
    return [ProcessingError(a.path, "read", reason, "E120", a.article_id) for a in batch]


def release(batch: list[Article]) -> None:
    """A batch is stored: drop the pages prepared for its cleaning, so they do not wait for the whole run."""
    for article in batch:
        article.cleaning = None


def in_flight_limit(workers: int) -> int:
    # Two batches per worker keep every worker busy while the parent stores one;
    # submitting everything at once would hold every read article in memory.
    return 2 * max(1, workers)


def read_articles(articles: list[Article], settings, on_batch: Callable, progress: Optional[Progress] = None,
                  pool: Optional[cf.ProcessPoolExecutor] = None):
    """Feed batches to worker processes (or inline for one worker) and hand each result to on_batch.

    *pool*, when given, is a WarmPool's executor of ``settings.effective_workers``
    processes that loaded the model while the inputs were found: every batch,
    even a lone one, is read there.

    on_batch(done, errors, timings) gets the read articles as Articles when read
    inline, as store.db.ArticleRows from a worker process: both have
    ``article_id``, and Store.put_articles takes either.

    Results reach on_batch in submission order whatever the worker count, so the
    store and the outputs do not depend on timing; only a bounded window of
    batches is in flight, so memory stays flat however large the input.
    """
    batches = list(split_batches(articles, settings.batch_size, settings.effective_workers, running=pool is not None))
    total = len(articles)
    seen = 0

    def deliver(batch: list[Article], result: tuple) -> None:
        nonlocal seen
        on_batch(*result)
        release(batch)
        seen += len(batch)
        progress and progress(seen, total)

    workers = settings.effective_workers if pool is not None else min(settings.effective_workers, max(1, len(batches)))
    if workers <= 1:
        for batch in batches:
            # Read shallow copies: the caller's articles stay lean, and the readings
            # go out of memory once on_batch has stored them (as with worker processes).
            deliver(batch, read_batch([copy.copy(a) for a in batch], settings))
        return
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    queue = collections.deque(batches)
    while queue:
        suspects = _read_in_pool(queue, settings, workers, ctx, deliver, pool)
        pool = None  # a broken pool is not used again: the rest of the queue gets a fresh one
        # A worker died (a crash in native code, the OOM killer): the batches that
        # were in flight are read again one at a time, each in a fresh process, so
        # only the batch that kills its process is lost, and order is kept.
        for batch in suspects:
            deliver(batch, _read_alone(batch, settings, ctx))


def _read_in_pool(queue: collections.deque, settings, workers: int, ctx, deliver: Callable,
                  given: Optional[cf.ProcessPoolExecutor] = None) -> list[list[Article]]:
    """Read batches off *queue* until it is empty or the pool breaks; return the batches lost in flight.
    A *given* pool is its owner's to shut down; otherwise one is started here and shut down after."""
    owned = cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) if given is None else None
    with (owned if owned is not None else contextlib.nullcontext(given)) as pool:
        pending: collections.deque = collections.deque()
        while queue or pending:
            while queue and len(pending) < in_flight_limit(workers):
                batch = queue.popleft()
                pending.append((batch, _submit(pool, batch, settings)))
            batch, fut = pending.popleft()
            try:
                result = fut.result()
            except BrokenProcessPool:
                log.warning("a worker process died; re-reading %d batch(es) one at a time", 1 + len(pending))
                return [batch] + [b for b, _ in pending]
            except Exception as exc:  # the batch could not come back (e.g. not picklable): lose it, not the run
                log.warning("a batch of %d article(s) failed: %s", len(batch), exc)
                result = ([], batch_failed(batch, exc), {})
            deliver(batch, result)
            del fut, result  # the store has it now; do not keep it alive here
    return []


# One sentence of our own, read by each warm worker so that everything reading loads on first use (the
# spaCy model, the gazetteer, the date parser, compiled patterns) is loaded before the first batch comes.
WARM_UP_TEXT = "On 3 March 2021, police said two people were killed and five arrested in Nairobi on Tuesday."


def warm_up(settings) -> None:
    """Read WARM_UP_TEXT through the per-article stages; any failure is left for the real batches to meet."""
    from .settings import Settings
    settings = Settings(settings) if isinstance(settings, dict) else settings
    try:
        with fewer_collections():
            article = Article(article_id="warm-up", path="<warm-up>", body=WARM_UP_TEXT, published="2021-03-05")
            for stage in pipeline.per_article(pipeline.load_stages()):
                stage.run(Corpus(articles=[article]), settings)
    except Exception:  # an initializer that raises breaks the pool; reading will report the real cause
        log.debug("warm-up reading failed", exc_info=True)


class WarmPool:
    """Worker processes started when a run starts, each loading what reading needs while the run's own
    process finds, hashes and cleans the inputs and opens the store.

    A run that adds ten articles to a large store spends about a second loading the model: read in the
    run's process that second came after finding the inputs; here it runs beside it on another core.
    Forked before the run reads anything, the workers share none of its inputs. A run with nothing new
    to read stops them.
    """

    def __init__(self, settings):
        ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        self.executor = cf.ProcessPoolExecutor(max_workers=settings.effective_workers, mp_context=ctx,
                                               initializer=warm_up, initargs=(portable_settings(settings),))
        self.closed = False
        # a fork pool starts all its workers at its first task: this one starts them now
        self.executor.submit(os.getpid)

    @classmethod
    def for_run(cls, settings, engine_reader) -> Optional["WarmPool"]:
        if engine_reader is not None or settings.effective_workers <= 1:
            return None  # an engine reads elsewhere; one worker reads in the run's process
        return cls(settings)

    def close(self, needed: bool) -> None:
        """Shut the workers down: after the reading they were *needed* for, or at once (still loading
        the model, perhaps: they are stopped rather than waited for). Closing again does nothing."""
        if self.closed:
            return
        self.closed = True
        if not needed:
            # ProcessPoolExecutor has no public way to stop its workers before Python 3.14
            for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)


def _read_alone(batch: list[Article], settings, ctx) -> tuple:
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        try:
            return _submit(pool, batch, settings).result()
        except BrokenProcessPool as exc:
            log.warning("a batch of %d article(s) kills its worker process; skipped", len(batch))
            return [], batch_failed(batch, exc), {}


def portable_settings(settings):
    """What to send to another process: Settings as its plain dict of values.

    Settings.__getattr__ looks into ``values``, which does not exist yet while
    pickle rebuilds the object, so unpickling a Settings recurses until it fails.
    A dict crosses process (and machine) boundaries safely.
    """
    from .settings import Settings
    return dict(settings.values) if isinstance(settings, Settings) else settings


# Worker CPU spent turning read articles into the store's rows, beside the stages' times.
STORE_ROWS = "store_rows"


def read_batch_portable(articles: list[Article], settings) -> tuple[list, list[ProcessingError], dict]:
    """read_batch for another process: takes what portable_settings gave, gives back the store's rows.

    The run's process shares the cores with the workers; unpickling every
    reading and encoding it as JSON there took CPU from them while they read.
    Here that is done beside the reading, and the run's process gets the rows
    put_articles writes (store.db.article_rows: the same bytes whoever builds them).
    """
    from .settings import Settings
    from .store.db import article_rows
    with fewer_collections():  # a Dask worker is no child of the run: it has the default thresholds
        done, errors, timings = read_batch(articles, Settings(settings) if isinstance(settings, dict) else settings)
        started = time.perf_counter()
        rows = [article_rows(a) for a in done]
        timings[STORE_ROWS] = timings.get(STORE_ROWS, 0.0) + time.perf_counter() - started
    return rows, errors, timings


# Reading and linking make millions of small objects that live as long as their batch or their stage, and
# almost none in reference cycles; at CPython's default thresholds the collector walks them over and over
# (about a tenth of a rerun's time, measured). Collections stay, only less often.
GC_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def fewer_collections():
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _submit(pool: cf.ProcessPoolExecutor, batch: list[Article], settings) -> cf.Future:
    try:
        return pool.submit(read_batch_portable, batch, portable_settings(settings))
    except BrokenProcessPool as exc:  # an earlier worker died: this batch fails the same way
        failed: cf.Future = cf.Future()
        failed.set_exception(exc)
        return failed


# --------------------------------------------------------------------------- the whole run

# Steps between the stages, timed alongside them in stage_seconds: at scale
# loading and rewriting the whole store costs as much as some stages.
STORE_LOAD, STORE_LINKED, RUNDIR_WRITE = "store_load", "store_linked", "write_rundir"


@contextlib.contextmanager
def _timed(summary: RunSummary, name: str):
    t = time.perf_counter()
    try:
        yield
    finally:
        summary.stage_seconds[name] = summary.stage_seconds.get(name, 0.0) + time.perf_counter() - t
        mb = resident_mb()
        if mb is not None:
            summary.stage_resident_mb[name] = max(summary.stage_resident_mb.get(name, 0), mb)


def resident_mb() -> Optional[int]:
    """This process's resident memory now (Linux), in MB; None where /proc is not there."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def _link_whole_store(store, stages, settings, state: str, summary: RunSummary,
                      engine_linker: Optional[Callable] = None) -> None:
    """Run the corpus stages over every stored article and swap in the result.

    Each stage loads only the readings it declares (its READINGS), so the
    store's articles are never all in memory whole; what a stage sets on the
    articles (duplicate_of, story_id, a claim's event_id) is carried to the
    next stages and written back into the stored rows at the end.
    """
    linked = Corpus()
    links: dict[str, tuple] = {}
    claim_events: dict[str, Optional[str]] = {}
    kept: Optional[tuple] = None  # (readings, articles) the last stage ran on
    for stage in [s for s in pipeline.corpus_level(stages) if s.NAME != "clean"]:
        readings = getattr(stage, "READINGS", None)
        if kept is not None and readings is not None and kept[0] == readings:
            # the same projection as the stage before (event linking, then contradictions): it
            # already carries every link set since it was loaded
            articles = kept[1]
        else:
            kept = None  # let the last projection go before the next is loaded: never two at once
            with _timed(summary, STORE_LOAD):
                articles = store.load_articles(readings=readings, body=getattr(stage, "READS_BODY", True))
                for a in articles:
                    if a.article_id in links:
                        a.duplicate_of, a.story_id = links[a.article_id]
                    for c in a.claims:
                        c.event_id = claim_events.get(c.claim_id)  # no stale link survives a relink
        with _timed(summary, stage.NAME):
            if engine_linker is not None and stage.NAME == "link_events":
                # the same events, linked block by block on the engine's workers
                corpus = engine_linker(dataclasses.replace(linked, articles=articles), settings)
            else:
                corpus = stage.run(dataclasses.replace(linked, articles=articles), settings)
        links = {a.article_id: (a.duplicate_of, a.story_id) for a in corpus.articles}
        claim_events.update({c.claim_id: c.event_id for a in corpus.articles for c in a.claims})
        kept = (readings, corpus.articles)
        linked = dataclasses.replace(corpus, articles=[])
        del articles, corpus
    del kept
    with _timed(summary, STORE_LINKED):
        index = linked.duplicate_index
        store.replace_linked(linked, sketches=index.rows() if index is not None else [],
                             link_state=state if index is not None else None, links=links, claim_events=claim_events)


def run(inputs: list[str], out_dir: str | os.PathLike, settings, db_path: str | os.PathLike | None = None,
        progress: Optional[Progress] = None, engine_reader: Optional[Callable] = None,
        engine_linker: Optional[Callable] = None) -> RunSummary:
    with fewer_collections():  # worker processes forked inside inherit the thresholds
        stages = pipeline.load_stages()  # checks requires/provides before any work; warm workers inherit them
        warm = WarmPool.for_run(settings, engine_reader)
        try:
            return _run(inputs, out_dir, settings, db_path, progress, engine_reader, engine_linker, stages, warm)
        finally:
            if warm is not None:
                warm.close(needed=False)  # a run that failed before its reading ended (closing twice does nothing)


def _run(inputs: list[str], out_dir: str | os.PathLike, settings, db_path: str | os.PathLike | None,
         progress: Optional[Progress], engine_reader: Optional[Callable], engine_linker: Optional[Callable],
         stages: list, warm: Optional[WarmPool]) -> RunSummary:
    from .ingest import read as ingest_read
    from .link import incremental
    from .store import rundir
    from .store.db import Store, run_lock

    started = time.time()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = Path(db_path) if db_path else out / "sitroom.db"
    summary = RunSummary(run_id=uuid.uuid4().hex[:12], out_dir=str(out), db_path=str(db), inputs=list(inputs))

    articles: list[Article] = []
    for item in ingest_read.discover(list(inputs), settings):
        (articles if isinstance(item, Article) else summary.errors).append(item)
    if not articles and not summary.errors:
        raise SitroomError(f"no input articles found in {', '.join(map(str, inputs)) or 'nothing'}", "E001")

    version = pipeline_version()
    state = incremental.link_state(settings, version)
    clean_stage = stages[0]
    with run_lock(db):
        store = Store(db)
        try:
            store.start_run(summary.run_id, [str(i) for i in inputs])
            cached = store.cached_versions(a.article_id for a in articles)
            todo = [a for a in articles if not settings.cache or cached.get(a.article_id) != version]
            known = [a for a in articles if settings.cache and cached.get(a.article_id) == version]
            # Stored articles are not cleaned again; those of the same outlets still
            # show which lines recur across that outlet's pages. The pages are cleaned
            # on the workers, with the rest of each article's reading.
            with _timed(summary, clean_stage.NAME):
                todo, errors = clean_stage.prepare_all(todo, settings, context=known)
            summary.errors += errors
            summary.articles_cached = len(known)
            summary.articles_in_run = len(known) + len(todo)
            new_ids: list[str] = []

            def on_batch(done, errors, timings):
                store.put_articles(done, version, summary.run_id)
                new_ids.extend(a.article_id for a in done)
                summary.articles_read += len(done)
                summary.errors.extend(errors)
                # an article cleaned away to nothing was never one of the run's articles
                summary.articles_in_run -= sum(1 for e in errors if e.stage == clean_stage.NAME)
                for k, v in timings.items():
                    summary.stage_seconds[k] = summary.stage_seconds.get(k, 0.0) + v

            if engine_reader is not None:
                engine_reader(todo, settings, on_batch, progress)
            else:
                read_articles(todo, settings, on_batch, progress, pool=warm.executor if warm and todo else None)
            if warm is not None:
                warm.close(needed=bool(todo))  # the workers' memory is the linking's now
            # The cleaned inputs (raw text and body) are in the store now; let them go
            # before the store is loaded, so the two never sit in memory together.
            del todo, known, articles

            linked = None
            if incremental.can_link_into(store, new_ids, state, settings):
                try:
                    linked = incremental.link_into(store, new_ids, settings, state, summary.stage_seconds)
                except Exception:  # the store is as it was (one transaction): link it all instead
                    log.warning("linking the new articles into the store failed; relinking the whole store",
                                exc_info=True)
            if linked is None and (new_ids or store.get_meta("link_state") != state):
                _link_whole_store(store, stages, settings, state, summary, engine_linker)
            # else: nothing new and the stored links are current: nothing to relink
            store.put_errors(summary.run_id, summary.errors)
            with _timed(summary, STORE_LOAD):
                kinds = store.actor_kinds()
            summary.articles_in_store = store.report_count("articles")
            summary.events = store.report_count("events")
            summary.stories = store.report_count("stories")
            summary.claims = store.report_count("claims")
            summary.contradictions = store.report_count("contradictions")
            run_info = {"run_id": summary.run_id, "version": __version__, "pipeline_version": version,
                        "inputs": [str(i) for i in inputs],
                        "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
                        "finished": time.strftime("%Y-%m-%dT%H:%M:%S"), "articles_in_run": summary.articles_in_run,
                        "articles_read": summary.articles_read, "articles_cached": summary.articles_cached,
                        "stage_seconds": {k: round(v, 3) for k, v in summary.stage_seconds.items()},
                        "stage_resident_mb": dict(summary.stage_resident_mb)}
            with _timed(summary, RUNDIR_WRITE):
                rundir.write_store(store, out, kinds, run_info, [e.to_dict() for e in summary.errors],
                                   settings.briefing_max_stories, processes=settings.effective_workers)
            summary.seconds = time.time() - started
            store.finish_run(summary.run_id, {k: v for k, v in summary.to_dict().items() if k != "errors"})
        finally:
            store.close()
    return summary
