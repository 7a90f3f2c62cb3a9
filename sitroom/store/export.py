"""Export a store's events, claims and articles for other tools.

Formats: ``csv`` (events.csv in ACLED's layout, claims.csv, articles.csv),
``geojson`` (events.geojson), ``parquet`` (flat columns; nested lists and
objects as JSON strings) and ``jsonl`` (the run directory's contract files).
The rows come from ``rundir.bundle`` and the ACLED/GeoJSON writers in
``rundir``, so an export and a run directory never disagree. Every file is
written to a temporary name and renamed into place.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import types
import typing
from pathlib import Path
from typing import Any, Callable

from ..errors import SitroomError
from ..model import Article, Claim, Corpus, Event, ProcessingError
from . import rundir
from .db import Store

FORMATS = ("csv", "geojson", "parquet", "jsonl")
JSONL_FILES = ("articles", "events", "claims", "contradictions", "stories", "framing", "voices", "blindspots",
               "merges", "errors")
# Columns of the flat tables; claims carry their article's outlet and date so a table stands alone.
CLAIM_COLUMNS = ("claim_id", "article_id", "outlet", "published", "speaker", "speaker_role", "party", "kind",
                 "direct", "text", "cue", "start", "end", "event_id")
ARTICLE_COLUMNS = rundir.ARTICLE_FIELDS


def export(db_path: str | os.PathLike, fmt: str, out_dir: str | os.PathLike) -> list[Path]:
    """Write the store's contents in *fmt* into *out_dir*; return the files written."""
    if fmt not in FORMATS:
        raise SitroomError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}", "E002")
    corpus = load_corpus(db_path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return WRITERS[fmt](corpus, out)


def load_corpus(db_path: str | os.PathLike) -> Corpus:
    """The whole store as a corpus: articles with their readings, the linked results and recorded errors."""
    with Store(db_path, readonly=True) as store:
        corpus = Corpus(articles=store.load_articles())
        store.load_linked(corpus)
        corpus.errors = [ProcessingError(path=r["path"], stage=r["stage"], reason=r["reason"], code=r["code"],
                                         article_id=r["article_id"])
                         for r in store.query("SELECT path, stage, code, reason, article_id FROM errors")]
    return corpus


# --------------------------------------------------------------------------- rows

def claim_rows(corpus: Corpus) -> list[dict[str, Any]]:
    rows = []
    for a in corpus.articles:
        for c in a.claims:
            row = rundir.claim_row(c)
            row.update(outlet=a.outlet, published=a.published)
            rows.append({k: row.get(k) for k in CLAIM_COLUMNS})
    return rows


def article_rows(corpus: Corpus) -> list[dict[str, Any]]:
    return [rundir.article_row(a) for a in corpus.articles]


def event_rows(corpus: Corpus) -> list[dict[str, Any]]:
    return [rundir.event_row(e) for e in corpus.events]


# --------------------------------------------------------------------------- csv

def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """CSV with a header; no cell can start a spreadsheet formula (rundir.safe_cell)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([rundir.safe_cell(_cell(row.get(c))) for c in columns])
    return buf.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(corpus: Corpus, out: Path) -> list[Path]:
    files = {
        "events.csv": rundir.events_csv(corpus),
        "claims.csv": csv_text(claim_rows(corpus), CLAIM_COLUMNS),
        "articles.csv": csv_text(article_rows(corpus), ARTICLE_COLUMNS),
    }
    return [_write(out / name, text) for name, text in files.items()]


# --------------------------------------------------------------------------- geojson and jsonl

def write_geojson(corpus: Corpus, out: Path) -> list[Path]:
    return [_write(out / "events.geojson", json.dumps(rundir.events_geojson(corpus.events), ensure_ascii=False))]


def write_jsonl(corpus: Corpus, out: Path) -> list[Path]:
    rows = rundir.bundle(corpus)
    return [_write(out / f"{name}.jsonl", rundir.jsonl(rows[name])) for name in JSONL_FILES]


# --------------------------------------------------------------------------- parquet

def arrow_type(hint: Any):
    """The Arrow column type for a model field's type hint; lists and objects become JSON text."""
    import pyarrow as pa

    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return arrow_type(inner[0]) if len(inner) == 1 else pa.string()
    simple = {bool: pa.bool_(), int: pa.int64(), float: pa.float64(), str: pa.string()}
    return simple.get(hint, pa.string())


def arrow_schema(model: type, columns: tuple[str, ...], extra: dict[str, Any] | None = None):
    import pyarrow as pa

    hints = typing.get_type_hints(model)
    extra = extra or {}
    return pa.schema([(c, extra[c] if c in extra else arrow_type(hints.get(c, str))) for c in columns])


def arrow_table(rows: list[dict[str, Any]], schema):
    """Rows as an Arrow table of flat columns; values the schema keeps as text are JSON-encoded."""
    import pyarrow as pa

    def fit(value: Any, typ) -> Any:
        if value is None:
            return None
        if pa.types.is_string(typ) and not isinstance(value, str):
            return json.dumps(value, ensure_ascii=False)
        if pa.types.is_floating(typ) and isinstance(value, int):
            return float(value)
        return value

    columns = {f.name: [fit(r.get(f.name), f.type) for r in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def write_parquet(corpus: Corpus, out: Path) -> list[Path]:
    import pyarrow as pa

    event_list = event_rows(corpus)
    event_columns = tuple(dict.fromkeys([f for f in typing.get_type_hints(Event)] + ["year"]))
    tables = {
        "events.parquet": arrow_table(event_list, arrow_schema(Event, event_columns, {"year": pa.int64()})),
        "claims.parquet": arrow_table(claim_rows(corpus), arrow_schema(
            Claim, CLAIM_COLUMNS, {"outlet": pa.string(), "published": pa.string()})),
        "articles.parquet": arrow_table(article_rows(corpus), arrow_schema(Article, ARTICLE_COLUMNS)),
    }
    return [_write_with(out / name, _parquet_writer(table)) for name, table in tables.items()]


def _parquet_writer(table) -> Callable[[str], None]:
    import pyarrow.parquet as pq

    return lambda tmp: pq.write_table(table, tmp)


# --------------------------------------------------------------------------- atomic files

def _write(path: Path, text: str) -> Path:
    rundir.atomic_write(path, text)
    return path


def _write_with(path: Path, write: Callable[[str], None]) -> Path:
    """Let *write* fill a temporary file beside *path*, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        rundir.with_suppress_unlink(tmp)
        raise
    return path


WRITERS: dict[str, Callable[[Corpus, Path], list[Path]]] = {
    "csv": write_csv,
    "geojson": write_geojson,
    "parquet": write_parquet,
    "jsonl": write_jsonl,
}
