"""Throughput, memory and incremental cost of whole runs on synthetic corpora; prints a table.

    python bench/throughput.py [--sizes 100,1000] [--workers N] [--out bench/results.json]

For each size it writes a synthetic corpus (.txt files + manifest.jsonl) into a
temporary folder, built from the demo corpus and, when present, the seed
articles in ../shared/seeds (read at run time, never copied into the repo):
stories are recombined paragraphs of one or two source articles, with every
date moved by a per-story shift, towns swapped for other real towns of the
same country from the gazetteer, invented outlets, and some lightly edited
syndicated copies, so that dedup, story and event linking have real work.

Then, in a fresh process per size (so peak memory is that size's own):
- the whole run (sitroom.runner.run, fresh store): articles/s, words/s, time
  per stage, peak memory of the process tree;
- the incremental run: the same store plus 10 new articles;
- bare spaCy over the same bodies with the same model and as many processes
  (sitroom.nlp.pipe_texts): the floor any reader of these texts pays.
Results go to bench/results.json (git-ignored).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
# The measuring children import a snapshot of the package taken at start, so
# edits made to the working tree during a long benchmark cannot change the
# pipeline version between the full and the incremental run.
sys.path.insert(0, os.environ.get("SITROOM_BENCH_CODE", str(ROOT)))

DEMO = ROOT / "sitroom" / "demo" / "corpus"
SEEDS = Path(os.environ.get("SITROOM_SHARED", ROOT.parent / "shared")) / "seeds"
EXTRA_ARTICLES = 10

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH = "(" + "|".join(MONTHS) + ")"
MONTH_DAY = re.compile(_MONTH + r" (\d{1,2})(?:, (\d{4}))?\b")
DAY_MONTH = re.compile(r"\b(\d{1,2}) " + _MONTH + r"(?: (\d{4}))?\b")

OUTLET_FIRST = ("Daily", "Evening", "Morning", "Weekly", "Northern", "Southern", "Coastal", "Capital", "Frontier",
                "Valley", "Harbour", "Central")
OUTLET_SECOND = ("Courier", "Herald", "Ledger", "Dispatch", "Observer", "Tribune", "Gazette", "Wire", "Monitor",
                 "Chronicle", "Bulletin", "Standard")


# --------------------------------------------------------------------------- sources

@dataclass
class Source:
    """One real article to recombine: its paragraphs and the towns it names."""
    title: str
    outlet: str
    published: dt.date
    paragraphs: list[str]
    towns: dict[str, str] = field(default_factory=dict)   # town as written -> its country code


def read_sources(work: Path) -> list[Source]:
    """Run the pipeline once over the demo corpus (and the seeds) to learn paragraphs, dates and towns."""
    from sitroom import runner
    from sitroom.settings import default_settings
    from sitroom.store.db import Store

    inputs = [str(DEMO)] + ([str(SEEDS)] if SEEDS.exists() else [])
    if not SEEDS.exists():
        print(f"note: {SEEDS} is absent; building from the demo corpus only", file=sys.stderr)
    db = work / "sources.db"
    runner.run(inputs, work / "sources-run", default_settings().replace(workers=1), db_path=db)
    store = Store(db, readonly=True)
    try:
        articles = store.load_articles()
    finally:
        store.close()
    sources = []
    for a in articles:
        day = _parse_day(a.published)
        paragraphs = [p.strip() for p in a.body.split("\n") if len(p.split()) >= 5]
        if day is None or len(paragraphs) < 2:
            continue
        towns = {p.text: p.iso for p in a.places if p.kind == "populated place" and p.iso and _plain_name(p.text)}
        title = re.split(r" [|\u2013\u2014-] ", a.title or paragraphs[0][:80])[0]  # drop a "| Outlet" tail
        sources.append(Source(title, a.outlet or "", day, paragraphs, towns))
    return sources


def town_pool(settings) -> dict[str, list[str]]:
    """Real towns of 15,000 to 3 million people from the gazetteer index, by country code."""
    from sitroom import resources
    from sitroom.read import places

    resources.get("gazetteer", settings)  # builds the index file when it is missing
    db = sqlite3.connect(f"file:{places.cache_path(settings.gazetteer_min_population)}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT name, iso FROM places WHERE kind = ? AND population BETWEEN 15000 AND 3000000 "
                          "ORDER BY name, iso", (places.POPULATED,)).fetchall()
    finally:
        db.close()
    pool: dict[str, list[str]] = {}
    for name, iso in rows:
        if _plain_name(name):
            pool.setdefault(iso, []).append(name)
    return pool


def _plain_name(name: str) -> bool:
    # Swapping works on whole words; names with odd characters would need a smarter rewrite.
    return bool(re.fullmatch(r"[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+)?", name))


def _parse_day(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- rewriting

def shift_dates(text: str, days: int, year: int) -> str:
    """Move every written date ("April 8", "8 April 2024") by *days*; a date without a year is taken in *year*."""
    def moved(month: str, day: str, written_year: Optional[str]) -> Optional[dt.date]:
        try:
            return dt.date(int(written_year or year), MONTHS.index(month) + 1, int(day)) + dt.timedelta(days=days)
        except ValueError:
            return None

    def month_day(m: re.Match) -> str:
        new = moved(m.group(1), m.group(2), m.group(3))
        if new is None:
            return m.group(0)
        return f"{MONTHS[new.month - 1]} {new.day}" + (f", {new.year}" if m.group(3) else "")

    def day_month(m: re.Match) -> str:
        new = moved(m.group(2), m.group(1), m.group(3))
        if new is None:
            return m.group(0)
        return f"{new.day} {MONTHS[new.month - 1]}" + (f" {new.year}" if m.group(3) else "")

    return DAY_MONTH.sub(day_month, MONTH_DAY.sub(month_day, text))


def swap_names(text: str, mapping: dict[str, str]) -> str:
    """Replace whole-word occurrences of each key by its value, longest keys first."""
    if not mapping:
        return text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def outlet_names() -> list[str]:
    return [f"The {a} {b}" for a in OUTLET_FIRST for b in OUTLET_SECOND]


# --------------------------------------------------------------------------- the synthetic corpus

@dataclass
class Synthetic:
    title: str
    outlet: str
    published: str
    body: str

    def text(self) -> str:
        return f"{self.title}\n\n{self.body}\n"


def synthesize(sources: list[Source], towns: dict[str, list[str]], n: int, seed: int) -> list[Synthetic]:
    """*n* distinct articles in stories of two to eight, each story a remix of one or two sources."""
    rng = random.Random(seed)
    outlets = outlet_names()
    out: list[Synthetic] = []
    seen: set[str] = set()
    while len(out) < n:
        cores = rng.sample(sources, k=min(len(sources), rng.choice((1, 2))))
        shift = rng.randint(-900, 900)
        mapping = {}
        for core in cores:
            for town, iso in core.towns.items():
                choices = towns.get(iso) or [t for ts in towns.values() for t in ts]
                mapping.setdefault(town, rng.choice(choices))
        for core in cores:
            if core.outlet:
                mapping.setdefault(core.outlet, rng.choice(outlets))
        previous: Optional[Synthetic] = None
        for _ in range(rng.randint(2, 8)):
            if previous is not None and rng.random() < 0.15:
                article = syndicated_copy(previous, rng.choice(outlets), rng)
            else:
                article = remix(cores, mapping, shift, rng.choice(outlets), rng)
            key = article.text()
            if key in seen:
                continue
            seen.add(key)
            out.append(article)
            previous = article
            if len(out) == n:
                break
    return out


def remix(cores: list[Source], mapping: dict[str, str], shift: int, outlet: str, rng: random.Random) -> Synthetic:
    lead = rng.choice(cores)
    pool = [p for c in cores for p in c.paragraphs[1:]]
    keep = rng.sample(pool, k=min(len(pool), max(2, int(len(lead.paragraphs) * rng.uniform(0.6, 1.2)))))
    paragraphs = [lead.paragraphs[0]] + keep
    year = lead.published.year
    rewrite = lambda t: swap_names(shift_dates(t, shift, year), mapping)  # noqa: E731
    published = lead.published + dt.timedelta(days=shift + rng.randint(0, 2))
    return Synthetic(rewrite(lead.title), outlet, published.isoformat(), "\n\n".join(rewrite(p) for p in paragraphs))


def syndicated_copy(original: Synthetic, outlet: str, rng: random.Random) -> Synthetic:
    """A wire copy: the same story under another outlet, cut short or lightly edited."""
    paragraphs = original.body.split("\n\n")
    if len(paragraphs) > 3 and rng.random() < 0.5:
        paragraphs = paragraphs[:-1]
    else:
        paragraphs = paragraphs + [f"This report was distributed by {original.outlet}."]
    return Synthetic(original.title, outlet, original.published, "\n\n".join(paragraphs))


def write_corpus(articles: list[Synthetic], folder: Path, start: int = 0) -> int:
    """Write .txt files and manifest.jsonl; return the number of words written."""
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    with open(folder / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for i, a in enumerate(articles, start):
            name = f"{i:06d}.txt"
            (folder / name).write_text(a.text(), encoding="utf-8")
            manifest.write(json.dumps({"path": name, "outlet": a.outlet, "published": a.published,
                                       "title": a.title, "language": "en"}) + "\n")
            words += len(a.body.split())
    return words


# --------------------------------------------------------------------------- memory

def _tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    try:
        import psutil
    except ImportError:
        return _tree_rss_proc(pid)
    try:
        proc = psutil.Process(pid)
        members = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in members:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue  # a worker that just exited
    return total


def _tree_rss_proc(pid: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(statm[1]) * page
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(p, 0) for p in tree)


class PeakMemory:
    """Samples the process tree's resident memory in a thread; `peak_mb` is the highest seen."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_bytes(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss_bytes(os.getpid()))

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


def maxrss_mb() -> dict:
    """getrusage's high-water marks: this process, and the largest finished child (Linux: KiB)."""
    return {"self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "largest_child_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


# --------------------------------------------------------------------------- one size, in its own process

def measure(corpus: Path, extra: Path, workers: int, work: Path, whole_run_only: bool = False) -> dict:
    from sitroom import nlp, pipeline, resources, runner
    from sitroom.settings import default_settings

    settings = default_settings().replace(workers=workers)
    corpus_stages = [s.NAME for s in pipeline.corpus_level(pipeline.load_stages()) if s.NAME != "clean"]
    db = work / "store.db"

    with PeakMemory() as memory:
        full = runner.run([str(corpus)], work / "run-full", settings, db_path=db)
    result = {"code": str(Path(runner.__file__).parent), "articles": full.articles_in_run, "articles_read": full.articles_read, "errors": len(full.errors),
              "events": full.events, "stories": full.stories, "seconds": round(full.seconds, 2),
              "peak_tree_mb": memory.peak_mb, **maxrss_mb(),
              "stage_seconds": {k: round(v, 3) for k, v in full.stage_seconds.items()},
              "stage_resident_mb": dict(full.stage_resident_mb),
              "corpus_stage_seconds": round(sum(full.stage_seconds.get(n, 0.0) for n in corpus_stages), 3)}

    with open(work / "run-full" / "articles.jsonl", encoding="utf-8") as fh:
        bodies = [json.loads(line)["body"] for line in fh]  # exactly the texts the run parsed
    result["words"] = sum(len(b.split()) for b in bodies)
    if whole_run_only:
        return result

    with PeakMemory() as memory:
        more = runner.run([str(corpus), str(extra)], work / "run-incremental", settings, db_path=db)
    result["incremental"] = {
        "articles_read": more.articles_read, "articles_cached": more.articles_cached,
        "seconds": round(more.seconds, 2), "fraction_of_full": round(more.seconds / full.seconds, 3),
        "corpus_stage_seconds": round(sum(more.stage_seconds.get(n, 0.0) for n in corpus_stages), 3),
        "stage_seconds": {k: round(v, 3) for k, v in more.stage_seconds.items()}, "peak_tree_mb": memory.peak_mb}

    t = time.perf_counter()
    resources.get("nlp", settings)  # loaded once up front, as every runner worker does
    result["model_load_seconds"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    for _ in nlp.pipe_texts(bodies, settings, n_process=workers):
        pass
    result["spacy_seconds"] = round(time.perf_counter() - t, 2)
    return result


# --------------------------------------------------------------------------- the table

def summarise(size: int, r: dict) -> dict:
    spacy = r.get("spacy_seconds")
    incremental = r.get("incremental", {})
    return {
        "size": size, "articles_per_s": round(r["articles"] / r["seconds"], 2),
        "words_per_s": round(r["words"] / r["seconds"]),
        "spacy_articles_per_s": round(r["articles"] / spacy, 2) if spacy else "-",
        "spacy_words_per_s": round(r["words"] / spacy) if spacy else "-",
        "ratio_to_spacy": round(r["seconds"] / spacy, 2) if spacy else "-",
        "peak_tree_mb": r["peak_tree_mb"], "corpus_stage_seconds": r["corpus_stage_seconds"],
        "incremental_fraction": f"{incremental['fraction_of_full']:.1%}" if incremental else "-",
        "incremental_read": incremental.get("articles_read", "-"),
    }


def print_table(results: dict) -> None:
    rows = [summarise(int(size), r) for size, r in sorted(results["sizes"].items(), key=lambda kv: int(kv[0]))]
    head = ("size", "art/s", "words/s", "spaCy art/s", "x spaCy", "peak MB", "corpus s", "+10 rerun", "+10 read")
    print(("{:>7} {:>8} {:>9} {:>12} {:>8} {:>8} {:>9} {:>10} {:>9}").format(*head))
    for row in rows:
        print(("{size:>7} {articles_per_s:>8} {words_per_s:>9} {spacy_articles_per_s:>12} {ratio_to_spacy:>8} "
               "{peak_tree_mb:>8} {corpus_stage_seconds:>9} {incremental_fraction:>10} {incremental_read:>9}").format(**row))
    for size, r in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["stage_seconds"].items())
        print(f"  {size}: {r['seconds']} s in all; stages (per-article ones summed over workers): {stages}")
        if r.get("stage_resident_mb"):
            held = ", ".join(f"{k} {v}" for k, v in r["stage_resident_mb"].items())
            print(f"  {size}: the run's own process, resident MB after each of its steps: {held}")
        inc = r.get("incremental")
        if not inc:
            continue
        print(f"  {size}+{EXTRA_ARTICLES}: {inc['seconds']} s, of which corpus stages {inc['corpus_stage_seconds']} s "
              f"over the whole store; read {inc['articles_read']}, cached {inc['articles_cached']}")
    for name, value in results.get("scaling", {}).items():
        print(f"  {name}: {value}")


def scaling(results: dict) -> dict:
    """Time ratios between successive sizes: a linear stage grows as fast as the size."""
    sizes = sorted(int(s) for s in results)
    out = {}
    for small, large in zip(sizes, sizes[1:]):
        a, b = results[str(small)], results[str(large)]
        out[f"corpus stages {small}->{large} time ratio (size ratio {large / small:g})"] = round(
            b["corpus_stage_seconds"] / max(a["corpus_stage_seconds"], 1e-9), 2)
        out[f"whole run {small}->{large} time ratio"] = round(b["seconds"] / a["seconds"], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated corpus sizes (10000 takes long)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--keep", help="write the corpora and runs here and keep them (default: a temp dir)")
    parser.add_argument("--whole-run-only", action="store_true",
                        help="skip the incremental run and the bare spaCy floor (for a quick look at 10k)")
    parser.add_argument("--measure", nargs=3, metavar=("CORPUS", "EXTRA", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:  # the child: one size, its own memory
        corpus, extra, work = map(Path, args.measure)
        print(json.dumps(measure(corpus, extra, args.workers, work, args.whole_run_only)))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        from sitroom.settings import default_settings
        sources = read_sources(work)
        towns = town_pool(default_settings())
        code = work / "code"
        shutil.copytree(ROOT / "sitroom", code / "sitroom", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "SITROOM_BENCH_CODE": str(code)}
        results: dict = {"workers": args.workers, "cpu_count": os.cpu_count(), "sources": len(sources), "sizes": {}}
        for size in sizes:
            articles = synthesize(sources, towns, size + EXTRA_ARTICLES, seed=size)
            base = work / f"size-{size}"
            write_corpus(articles[:size], base / "corpus")
            write_corpus(articles[size:], base / "extra", start=size)
            print(f"{size} articles: running ...", file=sys.stderr, flush=True)
            flags = ["--whole-run-only"] if args.whole_run_only else []
            done = subprocess.run([sys.executable, __file__, "--workers", str(args.workers), *flags, "--measure",
                                   str(base / "corpus"), str(base / "extra"), str(base)],
                                  capture_output=True, text=True, env=env)
            if done.returncode != 0:
                sys.exit(f"the {size}-article run failed:\n{done.stderr[-3000:]}")
            results["sizes"][str(size)] = json.loads(done.stdout.strip().splitlines()[-1])
        results["scaling"] = scaling(results["sizes"])
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    print_table(results)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
