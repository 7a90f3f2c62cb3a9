"""The local web app: every page is one dict, rendered as HTML or served as JSON.

``/events`` and ``/api/events`` call the same builder with the same query
parameters; the HTML route hands the dict to a Jinja2 template (autoescape on),
the API route returns it as JSON. Pages need no JavaScript. GET requests read
the store through a read-only connection opened per request; the one writing
route (``POST /api/articles``) runs the ordinary pipeline, which takes the
store's run lock.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import math
import re
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Optional
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import SitroomError
from ..model import CLAIM_KINDS, Article, Event
from ..settings import default_settings
from ..store.db import Store

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
REPORT_STATIC = HERE.parent / "report" / "static"
# The only files served under /static: a fixed name -> file table, never a path built from the request.
STATIC_FILES = {
    "app.css": (HERE / "static" / "app.css", "text/css"),
    "map.js": (HERE / "static" / "map.js", "text/javascript"),
    "leaflet.js": (REPORT_STATIC / "leaflet" / "leaflet.js", "text/javascript"),
    "leaflet.css": (REPORT_STATIC / "leaflet" / "leaflet.css", "text/css"),
    "countries.geojson": (REPORT_STATIC / "world-atlas" / "countries-110m.geojson", "application/geo+json"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
UNKNOWN_OUTLET = "unknown outlet"


# --------------------------------------------------------------------------- small helpers

def _like(text: str) -> str:
    """A LIKE pattern matching *text* anywhere, with the user's % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _clean(value: Optional[str]) -> Optional[str]:
    """Form fields arrive as empty strings when left blank: treat those as absent."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def _iso_date(value: Optional[str], label: str, notices: list[str]) -> Optional[str]:
    value = _clean(value)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        notices.append(f"{label} {value!r} is not a YYYY-MM-DD date and was ignored")
        return None


def anchor(kind: str, *parts: Any) -> str:
    """The HTML id of one highlight; event and claim pages link to the same ids."""
    raw = "-".join([kind, *(str(p) for p in parts)])
    return re.sub(r"[^A-Za-z0-9_.-]", "_", raw)


def _pager(total: int, page: int, per_page: int, params: dict[str, Any]) -> dict[str, Any]:
    pages = max(1, math.ceil(total / per_page))
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}

    def link(n: int) -> str:
        return "?" + urlencode({**kept, "page": n, **({"per_page": per_page} if per_page != PAGE_SIZE else {})})

    return {"page": page, "per_page": per_page, "total": total, "pages": pages,
            "first_row": min(total, (page - 1) * per_page + 1), "last_row": min(total, page * per_page),
            "prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < pages else None}


class Where:
    """A WHERE clause built from fixed SQL fragments; every user value goes in as a parameter."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, fragment: str, *params: Any) -> None:
        self.parts.append(fragment)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.parts) or "1 = 1"


def _rows_by_id(store: Store, select: str, column: str, ids: list[str]) -> list[dict[str, Any]]:
    """Rows of a fixed SELECT whose *column* is one of *ids*, queried in chunks (SQLite caps parameters)."""
    unique = list(dict.fromkeys(ids))
    rows: list[dict[str, Any]] = []
    for i in range(0, len(unique), 500):
        chunk = unique[i:i + 500]
        rows += store.query(f"{select} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)
    return rows


def _outlets_of(store: Store, article_ids: list[str]) -> dict[str, Optional[str]]:
    rows = _rows_by_id(store, "SELECT article_id, outlet FROM articles", "article_id", article_ids)
    return {r["article_id"]: r["outlet"] for r in rows}


def _with_statement_outlets(store: Store, contradictions: list[dict]) -> list[dict]:
    """Statements name their article; add its outlet where the linker left it out."""
    outlets_of = _outlets_of(store, [s["article_id"] for c in contradictions for s in c.get("statements", [])])
    for c in contradictions:
        for s in c.get("statements", []):
            s["outlet"] = s.get("outlet") or outlets_of.get(s["article_id"])
    return contradictions


def _event_row(data: dict, outlets_of: dict[str, Optional[str]]) -> dict[str, Any]:
    outlets = data.get("outlets") or sorted({outlets_of.get(s) or UNKNOWN_OUTLET for s in data.get("sources", [])})
    keep = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "admin1",
            "country", "latitude", "longitude", "fatalities", "fatalities_low", "fatalities_high", "disputed",
            "historical", "story_id", "time_precision", "geo_precision")
    row = {k: data.get(k) for k in keep}
    row["sources_count"] = data.get("sources_count") or len(outlets)
    row["outlets"] = list(outlets)
    return row


def _choices(store: Store, sql: str) -> list[str]:
    return [r["v"] for r in store.query(sql) if r["v"] not in (None, "")]


# --------------------------------------------------------------------------- highlights

@dataclass(frozen=True)
class Highlight:
    """One piece of an article's body to mark: what it is, where, and its anchor id."""
    kind: str            # evidence | claim | figure | place | actor | speaker
    start: int
    end: int
    anchor: str
    label: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# Outer kinds first when two spans cover the same text.
KIND_RANK = {"evidence": 0, "claim": 1, "speaker": 2, "figure": 3, "actor": 4, "place": 5}


def article_highlights(article: Article, events: list[Event]) -> tuple[list[Highlight], int]:
    """Everything read from one article, as highlights; also the number whose offsets do not fit the body."""
    found: dict[tuple[str, int, int], Highlight] = {}
    dropped = 0

    def add(kind: str, start: Optional[int], end: Optional[int], anchor_id: str, label: str, text: Optional[str]) -> None:
        nonlocal dropped
        if start is None or end is None or not 0 <= start < end <= len(article.body):
            dropped += 1
            return
        if text is not None and article.body[start:end] != text:
            dropped += 1
            return
        key = (kind, start, end)
        if key in found:  # one sentence can be evidence for two events: one mark, both labels
            old = found[key]
            if label not in old.label:
                found[key] = Highlight(kind, start, end, old.anchor, f"{old.label}; {label}", old.text)
            return
        found[key] = Highlight(kind, start, end, anchor_id, label, article.body[start:end])

    for e in events:
        for ev in e.evidence:
            if ev.article_id == article.article_id:
                add("evidence", ev.start, ev.end, anchor("ev", ev.start, ev.end),
                    f"evidence: {e.event_type} on {e.event_date or 'unknown date'} ({e.event_id})", ev.text)
        for f in e.figures:
            if f.article_id == article.article_id:
                add("figure", f.start, f.end, anchor("fig", f.start, f.end), _figure_label(f), f.text)
    for c in article.claims:
        add("claim", c.start, c.end, anchor("claim", c.claim_id),
            f"{c.kind}{' (direct quote)' if c.direct else ''} by {c.speaker or 'unknown speaker'}", c.text)
        if c.speaker_start is not None and c.speaker_end is not None:
            add("speaker", c.speaker_start, c.speaker_end, anchor("speaker", c.speaker_start, c.speaker_end),
                f"speaker of a {c.kind}", None)
    for f in article.figures:
        add("figure", f.start, f.end, anchor("fig", f.start, f.end), _figure_label(f), f.text)
    for p in article.places:
        where = ", ".join(x for x in (p.name, p.admin1, p.country) if x)
        add("place", p.start, p.end, anchor("place", p.start, p.end), f"place: {where}", p.text)
    for a in article.actors:
        add("actor", a.start, a.end, anchor("actor", a.start, a.end), f"actor: {a.name} ({a.kind})", a.text)
    marks = sorted(found.values(), key=lambda h: (h.start, -h.end, KIND_RANK.get(h.kind, 9)))
    return marks, dropped


def _figure_label(f) -> str:
    amount = f.best if f.best is not None else f.text
    if f.low is not None and f.high is not None and f.low != f.high:
        amount = f"{f.low}–{f.high}"
    who = f" {f.group}" if f.group else ""
    source = f", according to {f.source}" if f.source else ""
    return f"figure: {amount}{who} {f.category}{source}"


def render_highlighted(body: str, marks: list[Highlight]) -> Markup:
    """The body as HTML with nested <mark>s; crossing spans are split, and only a span's first piece carries its id.

    Every piece of text and every attribute is escaped here; the result is the
    only HTML the templates take unescaped.
    """
    usable = [m for m in marks if 0 <= m.start < m.end <= len(body)]
    cuts = sorted({0, len(body)} | {m.start for m in usable} | {m.end for m in usable})
    out: list[str] = []
    stack: list[Highlight] = []
    anchored: set[Highlight] = set()
    for left, right in zip(cuts, cuts[1:]):
        covering = [m for m in usable if m.start <= left and right <= m.end]
        live = set(covering)
        keep = 0
        while keep < len(stack) and stack[keep] in live:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        stack = stack[:keep]
        for m in covering:
            if m in stack:
                continue
            ident = "" if m in anchored else f' id="{escape(m.anchor)}"'
            anchored.add(m)
            out.append(f'<mark class="hl hl-{escape(m.kind)}"{ident} title="{escape(m.label)}">')
            stack.append(m)
        out.append(str(escape(body[left:right])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


# --------------------------------------------------------------------------- search

def search(store: Store, text: str, limit: int = 50) -> dict[str, list[dict]]:
    """Full-text search via Store.search, with each claim's article added so results can link to it."""
    found = store.search(text, limit=limit)
    dates = {r["article_id"]: r["published"] for r in _rows_by_id(
        store, "SELECT article_id, published FROM articles", "article_id", [a["article_id"] for a in found["articles"]])}
    for a in found["articles"]:
        a["published"] = dates.get(a["article_id"])
    claim_ids = [c["claim_id"] for c in found["claims"]]
    where: dict[str, dict] = {}
    if claim_ids:
        marks = ",".join("?" * len(claim_ids))
        for row in store.query(f"SELECT c.claim_id, c.article_id, c.kind, a.outlet, a.published FROM claims c "
                               f"LEFT JOIN articles a ON a.article_id = c.article_id WHERE c.claim_id IN ({marks})",
                               claim_ids):
            where[row["claim_id"]] = row
    for c in found["claims"]:
        c.update({k: v for k, v in where.get(c["claim_id"], {}).items() if k != "claim_id"})
    return found


def snippet_html(snippet: Optional[str]) -> Markup:
    """Store.search marks hits with [ and ]: show them as <mark>, everything else escaped."""
    text = str(escape(snippet or ""))
    return Markup(text.replace("[", "<mark>").replace("]", "</mark>")) if text.count("[") == text.count("]") else Markup(text)


# --------------------------------------------------------------------------- the uploads

class ArticleIn(BaseModel):
    """One article to add: its text (or HTML) and what is known about it."""
    model_config = ConfigDict(extra="forbid")

    text: Optional[str] = Field(None, description="plain text of the article")
    html: Optional[str] = Field(None, description="the article page's HTML (cleaned like an input file)")
    outlet: Optional[str] = Field(None, max_length=200)
    published: Optional[str] = Field(None, description="publication date, YYYY-MM-DD")
    title: Optional[str] = Field(None, max_length=1000)
    url: Optional[str] = Field(None, max_length=2000)
    language: Optional[str] = Field(None, max_length=20)

    @field_validator("published")
    @classmethod
    def _iso(cls, value: Optional[str]) -> Optional[str]:
        if value is None or not value.strip():
            return None
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            raise ValueError("published must be a YYYY-MM-DD date") from None

    @model_validator(mode="after")
    def _has_text(self) -> "ArticleIn":
        if not ((self.text or "").strip() or (self.html or "").strip()):
            raise ValueError("an article needs a non-empty text or html field")
        return self


class BodyTooLarge(Exception):
    pass


async def read_capped(request: Request, cap: int) -> bytes:
    """The request body, refused as soon as it is known to exceed *cap* bytes (before reading it all)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > cap:
                raise BodyTooLarge()
        except ValueError:
            raise HTTPException(400, "Content-Length is not a number") from None
    chunks: list[bytes] = []
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > cap:  # a client may lie about, or omit, Content-Length
            raise BodyTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def parse_upload(raw: bytes) -> list[ArticleIn]:
    try:
        payload = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(422, f"the body is not JSON: {exc}") from None
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise HTTPException(422, "the list of articles is empty")
    if not all(isinstance(i, dict) for i in items):
        raise HTTPException(422, "send one JSON object per article, or a list of such objects")
    out = []
    for n, item in enumerate(items):
        try:
            out.append(ArticleIn.model_validate(item))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'article'}: {e['msg']}" for e in exc.errors())
            raise HTTPException(422, f"article {n}: {problems}") from None
    return out


def ingest_uploads(items: list[ArticleIn], db_path: Path, settings) -> tuple[int, dict]:
    """Run the ordinary pipeline over the uploads in a scratch folder; the store is the app's own."""
    from .. import runner
    from ..ingest import read as ingest_read

    stamp = time.strftime("%Y%m%dT%H%M%S")
    # One worker: the web server's threads must not fork a process pool.
    run_settings = settings.replace(workers=1)
    with tempfile.TemporaryDirectory(prefix="sitroom-upload-") as tmp:
        source = Path(tmp) / "upload.jsonl"
        lines = []
        for n, item in enumerate(items, 1):
            record = {k: v for k, v in item.model_dump().items() if v is not None}
            record["path"] = f"web-upload/{stamp}/{n}"
            lines.append(json.dumps(record, ensure_ascii=False))
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        wanted = [a.article_id for a in ingest_read.discover([str(source)], run_settings) if isinstance(a, Article)]
        try:
            summary = runner.run([str(source)], Path(tmp) / "out", run_settings, db_path=db_path)
        except SitroomError as exc:
            return (409 if exc.code == "E003" else 422), {"error": str(exc), "code": exc.code}
    log.info("web upload: %d article(s) sent, run %s, %d error(s)", len(items), summary.run_id, len(summary.errors))
    with Store(db_path, readonly=True) as store:
        present = set(_outlets_of(store, wanted))
    ids = [i for i in wanted if i in present]
    body = {"article_ids": ids, "run_id": summary.run_id,
            "errors": [e.to_dict() for e in summary.errors],
            "store": {"articles": summary.articles_in_store, "events": summary.events, "stories": summary.stories}}
    return (201 if ids else 422), body


# --------------------------------------------------------------------------- the app

def create_app(db_path, settings=None) -> FastAPI:
    """The web app over one store file."""
    settings = settings or default_settings()
    db = Path(db_path)
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                                   autoescape=True, undefined=jinja2.StrictUndefined)
    templates.globals.update(version=__version__, anchor=anchor, snippet_html=snippet_html)
    templates.filters["fatal_range"] = fatality_range

    app = FastAPI(title="sitroom", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Events, claims and contradictions read from news articles. Every HTML page has "
                              "a JSON twin under /api.")

    def reader() -> Iterator[Store]:
        try:
            store = Store(db, readonly=True)
        except SitroomError as exc:
            raise HTTPException(503, f"{exc} — run `sitroom run ... --db {db}` first") from None
        try:
            yield store
        finally:
            store.close()

    def render(template: str, data: dict, status: int = 200) -> HTMLResponse:
        return HTMLResponse(templates.get_template(template).render(**data), status_code=status)

    def page(path: str, template: str, build: Callable, decorate: Optional[Callable] = None, name: str = "") -> None:
        """Register one page twice: HTML at *path*, JSON at /api*path*; both take the builder's parameters."""

        @functools.wraps(build)
        def as_json(**kwargs):
            return JSONResponse(build(**kwargs))

        @functools.wraps(build)
        def as_html(**kwargs):
            data = build(**kwargs)
            extra = decorate(data) if decorate else {}
            return render(template, {"data": data, "nav": name, **extra})

        api_path = "/api" + (path if path != "/" else "/summary")
        app.add_api_route(api_path, as_json, methods=["GET"], name=f"api_{build.__name__}",
                          summary=(build.__doc__ or "").strip().splitlines()[0] if build.__doc__ else None,
                          response_model=None, tags=["pages"])
        app.add_api_route(path, as_html, methods=["GET"], name=build.__name__, include_in_schema=False,
                          response_class=HTMLResponse, response_model=None)

    Reader = Depends(reader)

    # ------------------------------------------------------------------ /
    def summary(store: Store = Reader) -> dict:
        """Stories with their counts, and totals for the whole store."""
        by_story: dict[Optional[str], dict[str, Any]] = {}

        def bump(sql: str, *fields: str) -> None:
            for row in store.query(sql):
                slot = by_story.setdefault(row["story_id"], {})
                for f in fields:
                    slot[f] = row[f] or 0

        bump("SELECT story_id, count(*) AS articles, count(DISTINCT outlet) AS outlets FROM articles GROUP BY story_id",
             "articles", "outlets")
        bump("SELECT story_id, count(*) AS events, sum(disputed) AS disputed FROM events GROUP BY story_id",
             "events", "disputed")
        bump("SELECT a.story_id, count(*) AS claims FROM claims c JOIN articles a ON a.article_id = c.article_id "
             "GROUP BY a.story_id", "claims")
        bump("SELECT e.story_id, count(*) AS contradictions FROM contradictions c JOIN events e "
             "ON e.event_id = c.event_id GROUP BY e.story_id", "contradictions")
        zero = {"articles": 0, "outlets": 0, "events": 0, "disputed": 0, "claims": 0, "contradictions": 0}
        stories = []
        for row in store.query("SELECT story_id, title, first_date, last_date FROM stories "
                               "ORDER BY last_date DESC, first_date DESC, story_id"):
            stories.append({**row, **zero, **by_story.get(row["story_id"], {})})
        loose = by_story.get(None)
        totals = store.query(
            "SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(DISTINCT outlet) FROM articles) AS outlets, "
            "(SELECT count(*) FROM events) AS events, (SELECT count(*) FROM events WHERE disputed) AS disputed, "
            "(SELECT count(*) FROM claims) AS claims, (SELECT count(*) FROM contradictions) AS contradictions, "
            "(SELECT count(*) FROM stories) AS stories, (SELECT min(published) FROM articles) AS first_date, "
            "(SELECT max(published) FROM articles) AS last_date")[0]
        runs = store.query("SELECT run_id, started, finished, status FROM runs ORDER BY started DESC LIMIT 1")
        return {"stories": stories, "unassigned": {**zero, **loose} if loose else None, "totals": totals,
                "last_run": runs[0] if runs else None}

    page("/", "index.html", summary, name="stories")

    # ------------------------------------------------------------------ /stories/{id}
    def story(story_id: str, store: Store = Reader) -> dict:
        """One story: its articles, events, contradictions, framing, voices and blind spots."""
        rows = store.query("SELECT data FROM stories WHERE story_id = ?", (story_id,))
        if not rows:
            raise HTTPException(404, f"no story {story_id!r}")
        data = json.loads(rows[0]["data"])
        articles = store.query("SELECT article_id, outlet, published, title, duplicate_of FROM articles "
                               "WHERE story_id = ? ORDER BY published, outlet", (story_id,))
        events_data = [json.loads(r["data"]) for r in store.query(
            "SELECT data FROM events WHERE story_id = ? ORDER BY event_date, event_id", (story_id,))]
        outlets_of = _outlets_of(store, [s for e in events_data for s in e.get("sources", [])])
        events = [_event_row(e, outlets_of) for e in events_data]
        contradictions = _with_statement_outlets(store, [json.loads(r["data"]) for r in store.query(
            "SELECT c.data FROM contradictions c JOIN events e ON e.event_id = c.event_id WHERE e.story_id = ? "
            "ORDER BY c.contradiction_id", (story_id,))])
        framing = store.query("SELECT outlet, referent, term, count, attributed FROM framing WHERE story_id = ? "
                              "ORDER BY referent, outlet, count DESC", (story_id,))
        voices = store.query("SELECT outlet, speaker, party, kind, count, share FROM voices WHERE story_id = ? "
                             "ORDER BY outlet, count DESC, speaker", (story_id,))
        blindspots = [json.loads(r["data"]) for r in store.query(
            "SELECT data FROM blindspots WHERE story_id = ?", (story_id,))]
        return {"story": data, "articles": articles, "events": events, "contradictions": contradictions,
                "framing": framing, "voices": voices, "blindspots": blindspots}

    page("/stories/{story_id}", "story.html", story, name="stories")

    # ------------------------------------------------------------------ /events
    def events(date_from: Optional[str] = Query(None, description="first event date, YYYY-MM-DD"),
               date_to: Optional[str] = Query(None, description="last event date, YYYY-MM-DD"),
               outlet: Optional[str] = Query(None, description="only events reported by this outlet"),
               event_type: Optional[str] = Query(None, description="ACLED event type"),
               place: Optional[str] = Query(None, description="part of the location, admin1, admin2 or country"),
               disputed: bool = Query(False, description="only disputed events"),
               historical: bool = Query(False, description="include background events told as history"),
               story_id: Optional[str] = Query(None),
               page: int = Query(1, ge=1), per_page: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
               store: Store = Reader) -> dict:
        """Events, filtered and paginated."""
        notices: list[str] = []
        start, end = _iso_date(date_from, "from-date", notices), _iso_date(date_to, "to-date", notices)
        outlet, event_type, place, story_id = _clean(outlet), _clean(event_type), _clean(place), _clean(story_id)
        where = Where()
        if start:
            where.add("e.event_date >= ?", start)
        if end:
            where.add("e.event_date <= ?", end)
        if event_type:
            where.add("e.event_type = ?", event_type)
        if story_id:
            where.add("e.story_id = ?", story_id)
        if disputed:
            where.add("e.disputed = 1")
        if not historical:
            where.add("NOT e.historical")
        if place:
            columns = ("e.location", "e.country", "json_extract(e.data, '$.admin1')", "json_extract(e.data, '$.admin2')")
            where.add("(" + " OR ".join(f"{col} LIKE ? ESCAPE '\\'" for col in columns) + ")", *[_like(place)] * 4)
        if outlet:
            where.add("EXISTS (SELECT 1 FROM json_each(e.data, '$.sources') s JOIN articles a "
                      "ON a.article_id = s.value WHERE a.outlet = ?)", outlet)
        clause, params = where.sql(), where.params
        total = store.query(f"SELECT count(*) AS n FROM events e WHERE {clause}", params)[0]["n"]
        rows = store.query(f"SELECT e.data FROM events e WHERE {clause} ORDER BY e.event_date DESC, e.event_id "
                           f"LIMIT ? OFFSET ?", [*params, per_page, (page - 1) * per_page])
        found = [json.loads(r["data"]) for r in rows]
        outlets_of = _outlets_of(store, [s for e in found for s in e.get("sources", [])])
        filters = {"date_from": start, "date_to": end, "outlet": outlet, "event_type": event_type, "place": place,
                   "disputed": disputed, "historical": historical, "story_id": story_id}
        return {"events": [_event_row(e, outlets_of) for e in found], "filters": filters, "notices": notices,
                "pager": _pager(total, page, per_page, filters),
                "choices": {"event_type": _choices(store, "SELECT DISTINCT event_type AS v FROM events ORDER BY v"),
                            "outlet": _choices(store, "SELECT DISTINCT outlet AS v FROM articles ORDER BY v")}}

    page("/events", "events.html", events, name="events")

    # ------------------------------------------------------------------ /events/{id}
    def event(event_id: str, store: Store = Reader) -> dict:
        """One event: its fields, the fatality figures and who gave them, sources, evidence and merge decisions."""
        rows = store.query("SELECT data FROM events WHERE event_id = ?", (event_id,))
        if not rows:
            raise HTTPException(404, f"no event {event_id!r}")
        data = json.loads(rows[0]["data"])
        ev = Event.from_dict(data)
        sources = store.query(
            "SELECT article_id, outlet, published, title FROM articles WHERE article_id IN "
            "(SELECT value FROM json_each(?)) ORDER BY published, outlet", (json.dumps(ev.sources),))
        outlets_of = {s["article_id"]: s["outlet"] for s in sources}
        figures = [{**f.to_dict(), "outlet": outlets_of.get(f.article_id),
                    "anchor": anchor("fig", f.start, f.end)} for f in ev.figures]
        evidence = [{**e.to_dict(), "outlet": outlets_of.get(e.article_id), "anchor": anchor("ev", e.start, e.end)}
                    for e in ev.evidence]
        merges = store.query("SELECT m.candidate_id, m.article_id, m.reason, m.score, a.outlet FROM merges m "
                             "LEFT JOIN articles a ON a.article_id = m.article_id WHERE m.event_id = ? "
                             "ORDER BY m.score DESC, m.candidate_id", (event_id,))
        claims = store.query("SELECT c.claim_id, c.article_id, c.speaker, c.kind, c.direct, c.text, a.outlet "
                             "FROM claims c LEFT JOIN articles a ON a.article_id = c.article_id WHERE c.event_id = ? "
                             "ORDER BY a.published, c.start", (event_id,))
        for c in claims:
            c["anchor"] = anchor("claim", c["claim_id"])
        contradictions = _with_statement_outlets(store, [json.loads(r["data"]) for r in store.query(
            "SELECT data FROM contradictions WHERE event_id = ? ORDER BY contradiction_id", (event_id,))])
        field_sources = [{**fs.to_dict(), "outlet": fs.outlet or outlets_of.get(fs.article_id)}
                         for fs in ev.field_sources]
        fields = {k: v for k, v in data.items()
                  if k not in ("evidence", "figures", "field_sources", "sources", "candidate_ids", "outlets")}
        return {"event": fields, "outlets": data.get("outlets") or sorted({s["outlet"] or UNKNOWN_OUTLET for s in sources}),
                "sources": sources, "figures": figures, "evidence": evidence, "field_sources": field_sources,
                "merges": merges, "claims": claims, "contradictions": contradictions}

    page("/events/{event_id}", "event.html", event, name="events")

    # ------------------------------------------------------------------ /claims
    def claims(speaker: Optional[str] = Query(None, description="part of the speaker's name"),
               kind: Optional[str] = Query(None, description="statement, claim, accusation, denial or appeal"),
               outlet: Optional[str] = Query(None),
               event_id: Optional[str] = Query(None),
               page: int = Query(1, ge=1), per_page: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
               store: Store = Reader) -> dict:
        """Who said what, filtered by speaker, kind and outlet."""
        speaker, kind, outlet, event_id = _clean(speaker), _clean(kind), _clean(outlet), _clean(event_id)
        where = Where()
        if speaker:
            where.add("c.speaker LIKE ? ESCAPE '\\'", _like(speaker))
        if kind:
            where.add("c.kind = ?", kind)
        if outlet:
            where.add("a.outlet = ?", outlet)
        if event_id:
            where.add("c.event_id = ?", event_id)
        clause, params = where.sql(), where.params
        base = f"FROM claims c LEFT JOIN articles a ON a.article_id = c.article_id WHERE {clause}"
        total = store.query(f"SELECT count(*) AS n {base}", params)[0]["n"]
        rows = store.query(f"SELECT c.claim_id, c.article_id, c.speaker, c.kind, c.direct, c.text, c.event_id, "
                           f"a.outlet, a.published, a.title {base} ORDER BY a.published DESC, c.article_id, c.start "
                           f"LIMIT ? OFFSET ?", [*params, per_page, (page - 1) * per_page])
        for r in rows:
            r["direct"] = bool(r["direct"])
            r["anchor"] = anchor("claim", r["claim_id"])
        filters = {"speaker": speaker, "kind": kind, "outlet": outlet, "event_id": event_id}
        kinds = list(dict.fromkeys([*CLAIM_KINDS, *_choices(store, "SELECT DISTINCT kind AS v FROM claims ORDER BY v")]))
        return {"claims": rows, "filters": filters, "pager": _pager(total, page, per_page, filters),
                "choices": {"kind": kinds,
                            "outlet": _choices(store, "SELECT DISTINCT outlet AS v FROM articles ORDER BY v")}}

    page("/claims", "claims.html", claims, name="claims")

    # ------------------------------------------------------------------ /contradictions
    def contradictions(kind: Optional[str] = Query(None, description="figure, denial, attribution, ..."),
                       page: int = Query(1, ge=1), per_page: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
                       store: Store = Reader) -> dict:
        """Where sources disagree: different figures, denials, disputed attribution."""
        kind = _clean(kind)
        where = Where()
        if kind:
            where.add("c.kind = ?", kind)
        clause, params = where.sql(), where.params
        total = store.query(f"SELECT count(*) AS n FROM contradictions c WHERE {clause}", params)[0]["n"]
        rows = store.query(f"SELECT c.data, e.event_date, e.event_type, e.location FROM contradictions c "
                           f"LEFT JOIN events e ON e.event_id = c.event_id WHERE {clause} "
                           f"ORDER BY e.event_date DESC, c.contradiction_id LIMIT ? OFFSET ?",
                           [*params, per_page, (page - 1) * per_page])
        found = []
        for r in rows:
            c = json.loads(r["data"])
            c["event"] = {k: r[k] for k in ("event_date", "event_type", "location")} if c.get("event_id") else None
            found.append(c)
        filters = {"kind": kind}
        return {"contradictions": _with_statement_outlets(store, found), "filters": filters, "pager": _pager(total, page, per_page, filters),
                "choices": {"kind": _choices(store, "SELECT DISTINCT kind AS v FROM contradictions ORDER BY v")}}

    page("/contradictions", "contradictions.html", contradictions, name="contradictions")

    # ------------------------------------------------------------------ /articles
    def articles(outlet: Optional[str] = Query(None), story_id: Optional[str] = Query(None),
                 page: int = Query(1, ge=1), per_page: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
                 store: Store = Reader) -> dict:
        """The articles in the store, newest first."""
        outlet, story_id = _clean(outlet), _clean(story_id)
        where = Where()
        if outlet:
            where.add("a.outlet = ?", outlet)
        if story_id:
            where.add("a.story_id = ?", story_id)
        clause, params = where.sql(), where.params
        total = store.query(f"SELECT count(*) AS n FROM articles a WHERE {clause}", params)[0]["n"]
        rows = store.query(
            f"SELECT a.article_id, a.outlet, a.published, a.title, a.story_id, a.duplicate_of, a.url, "
            f"length(a.body) AS chars, (SELECT count(*) FROM claims c WHERE c.article_id = a.article_id) AS claims "
            f"FROM articles a WHERE {clause} ORDER BY a.published DESC, a.outlet, a.article_id LIMIT ? OFFSET ?",
            [*params, per_page, (page - 1) * per_page])
        filters = {"outlet": outlet, "story_id": story_id}
        return {"articles": rows, "filters": filters, "pager": _pager(total, page, per_page, filters),
                "choices": {"outlet": _choices(store, "SELECT DISTINCT outlet AS v FROM articles ORDER BY v")}}

    page("/articles", "articles.html", articles, name="articles")

    # ------------------------------------------------------------------ /articles/{id}
    def article(article_id: str, store: Store = Reader) -> dict:
        """One article's body with everything read from it, as character spans."""
        found = store.load_articles([article_id])
        if not found:
            raise HTTPException(404, f"no article {article_id!r}")
        a = found[0]
        cited = [Event.from_dict(json.loads(r["data"])) for r in store.query(
            "SELECT data FROM events e WHERE EXISTS (SELECT 1 FROM json_each(e.data, '$.sources') s "
            "WHERE s.value = ?) ORDER BY event_date, event_id", (article_id,))]
        marks, dropped = article_highlights(a, cited)
        return {"article": {k: getattr(a, k) for k in ("article_id", "path", "outlet", "published", "title", "url",
                                                        "language", "story_id", "duplicate_of", "body")},
                "highlights": [m.to_dict() for m in marks], "offsets_not_matching": dropped,
                "claims": [{**c.to_dict(), "anchor": anchor("claim", c.claim_id)} for c in a.claims],
                "events": [{"event_id": e.event_id, "event_date": e.event_date, "event_type": e.event_type,
                            "sub_event_type": e.sub_event_type, "location": e.location, "disputed": e.disputed,
                            "fatalities": e.fatalities, "fatalities_low": e.fatalities_low,
                            "fatalities_high": e.fatalities_high,
                            "anchors": [anchor("ev", ev.start, ev.end) for ev in e.evidence
                                        if ev.article_id == article_id]} for e in cited],
                "counts": {kind: sum(1 for m in marks if m.kind == kind) for kind in KIND_RANK}}

    def article_html(data: dict) -> dict:
        marks = [Highlight(**h) for h in data["highlights"]]
        return {"body_html": render_highlighted(data["article"]["body"] or "", marks)}

    page("/articles/{article_id}", "article.html", article, decorate=article_html, name="articles")

    # ------------------------------------------------------------------ /outlets
    def outlets(store: Store = Reader) -> dict:
        """Per outlet: its articles, the terms it uses for contested things, and whom it quotes."""
        rows = store.query(
            "SELECT a.outlet, count(*) AS articles, min(a.published) AS first_date, max(a.published) AS last_date, "
            "(SELECT count(*) FROM claims c JOIN articles b ON b.article_id = c.article_id "
            " WHERE b.outlet IS a.outlet) AS claims FROM articles a GROUP BY a.outlet ORDER BY articles DESC, a.outlet")
        framing = store.query("SELECT outlet, referent, term, sum(count) AS count, max(attributed) AS attributed "
                              "FROM framing GROUP BY outlet, referent, term ORDER BY outlet, referent, count DESC, term")
        voices = store.query("SELECT outlet, speaker, party, kind, sum(count) AS count FROM voices "
                             "GROUP BY outlet, speaker, party, kind ORDER BY outlet, count DESC, speaker")
        by_outlet: dict[Optional[str], dict] = {}
        for r in rows:
            by_outlet[r["outlet"]] = {**r, "framing": [], "voices": []}
        for f in framing:
            f["attributed"] = bool(f["attributed"])
            by_outlet.setdefault(f["outlet"], {"outlet": f["outlet"], "articles": 0, "claims": 0, "framing": [],
                                               "voices": [], "first_date": None, "last_date": None})["framing"].append(f)
        for v in voices:
            by_outlet.setdefault(v["outlet"], {"outlet": v["outlet"], "articles": 0, "claims": 0, "framing": [],
                                               "voices": [], "first_date": None, "last_date": None})["voices"].append(v)
        for slot in by_outlet.values():
            total = sum(v["count"] or 0 for v in slot["voices"]) or 1
            for v in slot["voices"]:
                v["share"] = round((v["count"] or 0) / total, 3)
        referents = sorted({f["referent"] for f in framing if f["referent"]})
        return {"outlets": list(by_outlet.values()), "referents": referents}

    page("/outlets", "outlets.html", outlets, name="outlets")

    # ------------------------------------------------------------------ /search
    def search_page(q: Optional[str] = Query(None, max_length=500, description="words or a phrase"),
                    store: Store = Reader) -> dict:
        """Full-text search over article titles, bodies and claims."""
        text = _clean(q)
        if not text:
            return {"q": q or "", "articles": [], "claims": [], "error": None}
        try:
            found = search(store, text)
        except sqlite3.OperationalError as exc:  # FTS refuses some inputs even as a quoted phrase
            return {"q": text, "articles": [], "claims": [], "error": f"the search could not run: {exc}"}
        return {"q": text, **found, "error": None}

    page("/search", "search.html", search_page, name="search")

    # ------------------------------------------------------------------ uploads
    upload_schema = {
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "oneOf": [{"$ref": "#/components/schemas/ArticleIn"},
                      {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}}]}}}}}

    @app.post("/api/articles", tags=["articles"], status_code=201, openapi_extra=upload_schema,
              summary="Add articles and run the pipeline over them",
              responses={413: {"description": "body larger than web_max_upload_bytes"},
                         409: {"description": "another run is writing to the store"},
                         422: {"description": "not an article object or list of them"}})
    async def add_articles(request: Request):
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            # Browsers cannot send application/json across origins without asking first: this keeps
            # other web pages from posting into a local store.
            raise HTTPException(415, "send the articles as application/json")
        try:
            raw = await read_capped(request, int(settings.web_max_upload_bytes))
        except BodyTooLarge:
            raise HTTPException(413, f"request body is over {settings.web_max_upload_bytes} bytes "
                                     "(setting web_max_upload_bytes)") from None
        items = parse_upload(raw)
        status, body = await run_in_threadpool(ingest_uploads, items, db, settings)
        return JSONResponse(body, status_code=status)

    # ArticleIn is referenced by hand above (the body is read by us, to cap it), so add it to the schema.
    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["ArticleIn"] = ArticleIn.model_json_schema()
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    # ------------------------------------------------------------------ static files and headers
    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        entry = STATIC_FILES.get(name)
        if entry is None or not entry[0].is_file():
            raise HTTPException(404, "no such file")
        return FileResponse(entry[0], media_type=entry[1], headers={"Cache-Control": "max-age=3600"})

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response: Response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render("error.html", {"status": exc.status_code, "detail": str(exc.detail), "nav": ""}, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        if wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        detail = "; ".join(f"{'.'.join(map(str, p['loc'][1:]))}: {p['msg']}" for p in problems)
        return render("error.html", {"status": 422, "detail": detail, "nav": ""}, 422)

    return app


def fatality_range(row: dict) -> str:
    """'12', '10–25 (best 12)' or '—' for unknown; never a made-up zero."""
    best, low, high = row.get("fatalities"), row.get("fatalities_low"), row.get("fatalities_high")
    if low is not None and high is not None and low != high:
        return f"{low}–{high}" + (f" (best {best})" if best is not None else "")
    if best is not None:
        return str(best)
    if low is not None:
        return str(low)
    return "—"
