"""The run directory of CONTRACT.md: JSON Lines, an ACLED CSV and GeoJSON.

Every file is written to a temporary name and renamed into place, so a crash
never leaves a half-written file that looks whole.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from ..jsonio import load_json
from ..model import Corpus, Event

ARTICLE_FIELDS = ("article_id", "path", "outlet", "published", "title", "body", "story_id",
                  "duplicate_of", "url", "language", "content_hash")

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp")
OUR_COLUMNS = ("fatalities_low", "fatalities_high", "sources_count", "disputed", "historical", "event_id")

# ACLED's inter codes: what kind of actor a name is.
INTER_CODES = {"state_forces": 1, "government": 1, "peacekeepers": 8, "rebels": 2, "militia": 3,
               "identity_militia": 4, "rioters": 5, "protesters": 6, "civilians": 7, "international": 8,
               "police": 1, "other": 8}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

log = logging.getLogger(__name__)


def atomic_write(path: Path, text: str | Iterable[str]) -> None:
    """Write *text* (a str, or pieces of one) to a temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
        os.chmod(tmp, 0o644)  # mkstemp makes owner-only files; outputs are for sharing
        os.replace(tmp, path)
    except BaseException:
        with_suppress_unlink(tmp)
        raise


def with_suppress_unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def jsonl(rows: Iterable[dict]) -> str:
    return "".join(jsonl_lines(rows))


# json.dumps with any option builds a new encoder for every call: a file of tens of thousands of rows spent a
# fifth of its encoding time making encoders (13k claims: 0.068 against 0.055 s). One made once writes the same.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)


def jsonl_lines(rows: Iterable[dict]) -> Iterator[str]:
    encode = _ROW_ENCODER.encode
    return (encode(r) + "\n" for r in rows)


def article_row(article) -> dict:
    return {k: getattr(article, k) for k in ARTICLE_FIELDS}


def event_row(event: Event) -> dict:
    row = event.to_dict()
    row["year"] = int(event.event_date[:4]) if event.event_date else None
    return row


def claim_row(claim) -> dict:
    return claim.to_dict()


def bundle(corpus: Corpus, run_info: dict | None = None) -> dict[str, Any]:
    """All the run's rows as plain dicts (what the briefing and the files show)."""
    return {
        "articles": [article_row(a) for a in corpus.articles],
        "events": [event_row(e) for e in corpus.events],
        "claims": [claim_row(c) for a in corpus.articles for c in a.claims],
        "contradictions": [c.to_dict() for c in corpus.contradictions],
        "stories": [s.to_dict() for s in corpus.stories],
        "framing": [f.to_dict() for f in corpus.framing],
        "voices": [v.to_dict() for v in corpus.voices],
        "blindspots": [b.to_dict() for b in corpus.blindspots],
        "merges": [m.to_dict() for m in corpus.merges],
        "errors": [e.to_dict() for e in corpus.errors],
        "run": run_info or {},
    }


def write(corpus: Corpus, out_dir: str | os.PathLike, run_info: dict | None = None, briefing: bool = True) -> dict:
    rows = bundle(corpus, run_info)
    write_rows(rows, out_dir, _actor_kinds(corpus), briefing=briefing)
    return rows


def write_rows(rows: dict[str, Any], out_dir: str | os.PathLike, actor_kinds: dict[str, str],
               briefing: bool = True) -> None:
    """Write a bundle of plain rows (as ``bundle`` gives); the briefing shows them all."""
    _write_files(lambda name: iter(rows[name]), out_dir, actor_kinds, rows["run"])
    if briefing:
        _write_briefing(rows, Path(out_dir))


def write_store(store, out_dir: str | os.PathLike, actor_kinds: dict[str, str], run_info: dict,
                errors: list[dict], briefing_max_stories: int, briefing: bool = True, processes: int = 1) -> None:
    """Write the run directory of a whole store, each file streamed from the store row by row.

    The briefing is a page for reading: past *briefing_max_stories* stories it
    shows the latest ones and says so (the files, the store and the web app
    keep them all), and no file's rows are held whole (a store of 10k articles
    has hundreds of megabytes of them); below that, the rows are kept for the
    briefing as the files pass them, so that each is read once (but for the
    claims, framing, voices and blind spots, which the briefing reads as stored
    text and decodes only for the stories it renders anew).

    With *processes* > 1 the files are written by another process while this
    one renders the briefing (each reads the rows it needs from the store):
    the two take about as long each, and a run with a second core waits for
    the longer only.
    """
    if briefing and processes > 1:
        writer = FilesWriter(store.path, out_dir, actor_kinds, run_info, errors)
        try:
            _write_briefing_of_store(store, Path(out_dir), run_info, errors,
                                     store.recent_story_ids(max(1, int(briefing_max_stories))))
        finally:
            if not writer.finished():
                write_store(store, out_dir, actor_kinds, run_info, errors, briefing_max_stories, briefing=False)
        return
    shown = store.recent_story_ids(max(1, int(briefing_max_stories))) if briefing else None
    kept: dict[str, list[dict]] = {}  # a briefing of the whole store keeps the rows as the files pass them

    def rows_of(name: str) -> Iterator[dict]:
        if name == "errors":
            return iter(errors)
        if name in kept:
            return iter(kept[name])
        rows = store.report_iter(name)
        if briefing and shown is None and name != "merges" and name not in store.FILED_KINDS:
            return _keeping(rows, kept.setdefault(name, []))
        return rows

    def lines_of(name: str) -> Iterator[str]:
        if name in store.VERBATIM_KINDS:  # stored as their lines: written as they are, decoded only to be kept
            lines = store.report_lines(name)
            keep = briefing and shown is None and name not in store.FILED_KINDS  # those are read as stored
            return _keeping_decoded(lines, kept.setdefault(name, [])) if keep else lines
        return jsonl_lines(rows_of(name))

    _write_files(rows_of, out_dir, actor_kinds, run_info, lines_of)
    if briefing:
        _write_briefing_of_store(store, Path(out_dir), run_info, errors, shown, kept)


def _write_briefing_of_store(store, out: Path, run_info: dict, errors: list[dict], shown: Optional[list[str]],
                             kept: Optional[dict[str, list[dict]]] = None) -> None:
    """The briefing of a store: of the *shown* stories (None: all of them), from the rows *kept* as the
    files passed them, or read here."""
    from ..report.briefing import StoredRows  # late: the files alone need no template engine

    kept = kept or {}
    wanted = None if shown is None else sorted(set(shown))
    bundle: dict[str, Any] = {}
    for name in store.REPORT_KINDS:
        if name in store.FILED_KINDS:
            bundle[name] = StoredRows(store.report_filed(name, wanted))
        elif name != "merges":
            bundle[name] = kept.get(name) or list(store.report_iter(name, wanted))
    bundle["errors"], bundle["run"] = errors, dict(run_info)
    if shown is not None:
        bundle["run"]["briefing_scope"] = {
            "stories_shown": len(shown), "stories_in_store": store.report_count("stories"),
            "articles_in_store": store.report_count("articles"), "events_in_store": store.report_count("events")}
    _write_briefing(bundle, out, store.briefing_parts())


class FilesWriter:
    """The run directory's files written from a store by a process of their own (``sitroom.store.write_files``,
    the job on its standard input as JSON): a fresh interpreter, so it
    neither copies this process's memory nor re-runs the caller's main module, as a forked or a
    spawned multiprocessing child would."""

    MODULE = "sitroom.store.write_files"
    # Isolated (-I): neither the working folder nor PYTHONPATH can put another module in the writer's way. The
    # folder this sitroom was imported from is searched first only while sitroom itself is imported, so a
    # package folder never shadows the standard library.
    BOOTSTRAP = ("import importlib, sys; sys.path.insert(0, sys.argv[1]); import sitroom; sys.path.remove(sys.argv[1]); "
                 "sys.exit(importlib.import_module(sys.argv[2]).main())")

    def __init__(self, db_path: str | os.PathLike, out_dir: str | os.PathLike, actor_kinds: dict[str, str],
                 run_info: dict, errors: list[dict]):
        import subprocess
        import sys

        job = {"db": str(db_path), "out": str(out_dir), "actor_kinds": actor_kinds, "run": run_info, "errors": errors}
        package_root = str(Path(__file__).resolve().parents[2])  # the same sitroom as this process's
        # a file, not a pipe: a pipe that filled while this process renders would stop the writer
        self.stderr = tempfile.TemporaryFile()
        try:
            self.process: Any = subprocess.Popen([sys.executable, "-I", "-c", self.BOOTSTRAP, package_root, self.MODULE],
                                                 stdin=subprocess.PIPE, stderr=self.stderr)
            self.process.stdin.write(json.dumps(job, ensure_ascii=False).encode("utf-8"))
            self.process.stdin.close()
        except OSError as exc:  # no process to be had: the caller writes the files itself
            log.warning("could not start a process to write the run directory's files: %s", exc)
            self.process = None

    def finished(self) -> bool:
        """Wait for the files; False when they were not written (the reason is logged)."""
        try:
            if self.process is None:
                return False
            if self.process.wait() != 0:
                self.stderr.seek(0)
                log.warning("the process writing the run directory's files failed; writing them here:\n%s",
                            self.stderr.read().decode("utf-8", "replace")[-4000:])
                return False
            return True
        finally:
            self.stderr.close()


def _keeping_decoded(lines: Iterator[str], into: list[dict]) -> Iterator[str]:
    for line in lines:
        into.append(load_json(line))
        yield line


def _keeping(rows: Iterator[dict], into: list[dict]) -> Iterator[dict]:
    for row in rows:
        into.append(row)
        yield row


def _write_files(rows_of, out_dir: str | os.PathLike, actor_kinds: dict[str, str], run_info: dict,
                 lines_of=None) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines_of = lines_of or (lambda name: jsonl_lines(rows_of(name)))
    outlets: dict[str, Optional[str]] = {}  # the CSV names each event's outlets
    atomic_write(out / "articles.jsonl", jsonl_lines(_noting_outlets(rows_of("articles"), outlets)))
    for name in ("claims", "contradictions", "stories", "framing", "voices", "blindspots", "merges", "errors"):
        atomic_write(out / f"{name}.jsonl", lines_of(name))
    _write_event_files(rows_of("events"), out, outlets, actor_kinds)
    atomic_write(out / "run.json", json.dumps(run_info, ensure_ascii=False, indent=1))


def _noting_outlets(rows: Iterable[dict], outlets: dict[str, Optional[str]]) -> Iterator[dict]:
    for row in rows:
        outlets[row["article_id"]] = row.get("outlet")
        yield row


def _write_event_files(events: Iterable[dict], out: Path, outlets: dict[str, Optional[str]],
                       actor_kinds: dict[str, str]) -> None:
    """events.jsonl, events.csv and events.geojson in one pass: each event is decoded once, none is held."""
    with _atomic_files(out / "events.jsonl", out / "events.csv", out / "events.geojson") as (lines, table, points):
        rows = _CsvRows(outlets, actor_kinds)
        table.write(rows.header())
        points.write(GEOJSON_OPEN)
        placed = 0
        for n, event in enumerate(events, 1):
            lines.write(_ROW_ENCODER.encode(event) + "\n")
            table.write(rows.line(n, event))
            feature = _feature(event)
            if feature is not None:
                points.write((", " if placed else "") + _ROW_ENCODER.encode(feature))
                placed += 1
        points.write(GEOJSON_CLOSE)


@contextlib.contextmanager
def _atomic_files(*paths: Path) -> Iterator[list]:
    """Files written under temporary names and renamed into place together, when all are whole."""
    opened: list[tuple[Any, str, Path]] = []
    try:
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            opened.append((os.fdopen(fd, "w", encoding="utf-8", newline=""), tmp, path))
        yield [fh for fh, _, _ in opened]
        for fh, tmp, path in opened:
            fh.close()
            os.chmod(tmp, 0o644)  # mkstemp makes owner-only files; outputs are for sharing
        for _, tmp, path in opened:
            os.replace(tmp, path)
    except BaseException:
        for fh, tmp, _ in opened:
            fh.close()
            with_suppress_unlink(tmp)
        raise


def _write_briefing(rows: dict[str, Any], out: Path, backing=None) -> None:
    """The briefing; with *backing* (the store's kept parts) the story sections an earlier briefing
    rendered are reused where nothing they show changed, and this briefing's are kept."""
    from ..report import briefing as report  # late: the files alone need no template engine

    kept = report.KeptParts(backing) if backing is not None else None
    atomic_write(out / "briefing.html", report.render_parts(rows, kept))
    if kept is not None:
        kept.save()


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas: a cell that starts like one gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def events_csv(corpus: Corpus) -> str:
    return csv_of_events([event_row(e) for e in corpus.events], {a.article_id: a.outlet for a in corpus.articles},
                         _actor_kinds(corpus))


def csv_of_events(events: Iterable[dict], outlets_of: dict[str, Optional[str]], kinds: dict[str, str]) -> str:
    return "".join(csv_lines_of_events(events, outlets_of, kinds))


def csv_lines_of_events(events: Iterable[dict], outlets_of: dict[str, Optional[str]],
                        kinds: dict[str, str]) -> Iterator[str]:
    rows = _CsvRows(outlets_of, kinds)
    yield rows.header()
    for n, e in enumerate(events, 1):
        yield rows.line(n, e)


class _CsvRows:
    """The ACLED CSV, a line at a time: the header, then one line per event row."""

    def __init__(self, outlets_of: dict[str, Optional[str]], kinds: dict[str, str]):
        self.outlets_of, self.kinds = outlets_of, kinds
        self.buf = io.StringIO()
        self.writer = csv.writer(self.buf)

    def _flushed(self) -> str:
        text = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        return text

    def header(self) -> str:
        self.writer.writerow(ACLED_COLUMNS + OUR_COLUMNS)
        return self._flushed()

    def line(self, n: int, e: dict) -> str:
        g, kinds = e.get, self.kinds
        inter1 = INTER_CODES.get(kinds.get(g("actor1") or "", "other"), 8) if g("actor1") else 0
        inter2 = INTER_CODES.get(kinds.get(g("actor2") or "", "other"), 8) if g("actor2") else 0
        outlets = sorted({self.outlets_of.get(s) or "unknown outlet" for s in g("sources") or []})
        date = g("event_date")
        row = {
            "event_id_cnty": f"{g('iso') or 'XX'}{n}", "event_date": date,
            "year": date[:4] if date else None, "time_precision": g("time_precision"),
            "disorder_type": _disorder_type(g("event_type")), "event_type": g("event_type"),
            "sub_event_type": g("sub_event_type"), "actor1": g("actor1"), "assoc_actor_1": g("assoc_actor_1"),
            "inter1": inter1, "actor2": g("actor2"), "assoc_actor_2": g("assoc_actor_2"), "inter2": inter2,
            "interaction": int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter1 and inter2 else inter1 * 10,
            "civilian_targeting": "Civilian targeting" if g("event_type") == "Violence against civilians" else "",
            "iso": g("iso"), "region": None, "country": g("country"), "admin1": g("admin1"), "admin2": g("admin2"),
            "admin3": g("admin3"), "location": g("location"), "latitude": g("latitude"),
            "longitude": g("longitude"), "geo_precision": g("geo_precision"), "source": "; ".join(outlets),
            "source_scale": "International" if len(outlets) > 1 else "Other", "notes": g("notes"),
            "fatalities": g("fatalities") if g("fatalities") is not None else 0, "tags": "", "timestamp": None,
            "fatalities_low": g("fatalities_low"), "fatalities_high": g("fatalities_high"),
            "sources_count": g("sources_count"), "disputed": g("disputed"), "historical": g("historical"),
            "event_id": g("event_id"),
        }
        self.writer.writerow([safe_cell("" if row[c] is None else row[c]) for c in ACLED_COLUMNS + OUR_COLUMNS])
        return self._flushed()


def _disorder_type(event_type: str) -> str:
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def _actor_kinds(corpus: Corpus) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for a in corpus.articles:
        for actor in a.actors:
            kinds.setdefault(actor.name, actor.kind)
    return kinds


def events_geojson(events: list[Event]) -> dict:
    return geojson_of_events([e.to_dict() for e in events])


def geojson_of_events(events: Iterable[dict]) -> dict:
    return {"type": "FeatureCollection", "features": list(_features(events))}


GEOJSON_OPEN, GEOJSON_CLOSE = '{"type": "FeatureCollection", "features": [', "]}"


def _features(events: Iterable[dict]) -> Iterator[dict]:
    return (f for f in map(_feature, events) if f is not None)


def _feature(e: dict) -> Optional[dict]:
    """An event as a GeoJSON point; None for one that has no coordinates (unlisted or unlocated)."""
    if e.get("latitude") is None or e.get("longitude") is None:
        return None
    props = {k: v for k, v in e.items() if k not in ("evidence", "field_sources", "figures", "year")}
    props["evidence"] = [ev.get("text") for ev in e.get("evidence") or []]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]},
            "properties": props}
