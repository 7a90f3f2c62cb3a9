"""The HTML briefing: one self-contained file an analyst opens offline.

``render(bundle)`` turns a run's rows (the dicts of CONTRACT.md) into a single
HTML page: a summary, then per story a timeline, a map, contradictions, claims,
framing, voices and blindspots, and at the bottom every article body with the
spans the sections cite highlighted. Every line links to its source sentence.
``render_parts(bundle, kept)`` can reuse the parts an earlier run rendered
(``KeptParts``, kept in the store) where nothing they show has changed.

Article text is hostile. Everything read from it is escaped by Jinja's
autoescape or by ``markupsafe.escape``; data handed to the page's script goes
through ``script_json`` into a ``<script type="application/json">`` block; the
script builds DOM with ``textContent`` only; and a Content-Security-Policy
forbids every network request, so the file stays inert even if a bug lets
something through.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import os
import pickle
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..jsonio import load_json

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

# No network of any kind: no fetch, no images but data: URIs, no fonts, no frames.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)

SNIPPET_CHARS = 220
UNASSIGNED = "\x00unassigned"   # a key no real story_id can collide with
PRECISION_NOTES = {1: "", 2: "within the week", 3: "month or vaguer"}

BUNDLE_FILES = ("articles", "events", "claims", "contradictions", "stories", "framing",
                "voices", "blindspots", "errors")


# --------------------------------------------------------------------------- public API

def render(bundle: dict) -> str:
    """The whole briefing as one HTML document (a str)."""
    return "".join(render_parts(bundle))


def render_parts(bundle: dict, kept: Optional[KeptParts] = None) -> Iterator[str]:
    """The briefing in pieces, for writing a large one without holding it whole in memory; with *kept*,
    the story sections of an earlier briefing are reused where nothing they show has changed."""
    view = build_view(bundle or {}, kept)
    template = _environment().get_template("briefing.html.j2")
    return template.generate(**view)


def anchor_key(identifier: str) -> str:
    """A short, HTML-id-safe key for a row's id: anchors made from ids stay where they are when
    rows are added (a bookmarked event keeps pointing at that event after a rerun)."""
    return hashlib.sha1(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def write(bundle: dict, path: str | os.PathLike) -> Path:
    """Render and write atomically: a reader never sees half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    html = render(bundle)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(html)
        # mkstemp makes the file private; a briefing is meant to be passed on.
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def load_bundle(run_dir: str | os.PathLike) -> dict:
    """Read a run directory's JSON Lines files (and run.json) into a bundle."""
    root = Path(run_dir)
    bundle: dict[str, Any] = {}
    for name in BUNDLE_FILES:
        source = root / f"{name}.jsonl"
        if source.is_file():
            bundle[name] = _read_jsonl(source)
    run_file = root / "run.json"
    if run_file.is_file():
        bundle["run"] = json.loads(run_file.read_text(encoding="utf-8"))
    return bundle


def script_json(value: Any) -> str:
    """JSON safe to place inside a <script> element.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so neither ``</script>`` nor
    ``<!--`` can appear; JSON.parse reads the escapes back as the same text.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --------------------------------------------------------------------------- reading the bundle

def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if isinstance(row, dict):
                rows.append(row)
    return rows


def _rows(bundle: dict, key: str) -> list[dict]:
    value = bundle.get(key)
    if isinstance(value, StoredRows):
        return value  # type: ignore[return-value]  # iterated and counted like the list it stands for
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, dict)]


class StoredRows:
    """One report file's rows as the store keeps them: each row's JSON text beside the value the briefing
    files it under (a claim's article id, a framing, voice or blind-spot row's story id), decoded only when
    read. A rerun's briefing reuses nearly every story section, and a section's key made from these texts
    tells so at a fraction of the cost of decoding the tens of thousands of rows of a large store.

    Iterating decodes every row (the rows that are not JSON objects are left out, as ``_rows`` leaves
    them out of a list); ``len`` counts the rows stored as objects.
    """

    __slots__ = ("entries",)

    def __init__(self, entries: Iterable[tuple[Any, str]]):
        self.entries = [(filed, text) for filed, text in entries if isinstance(text, str) and text.startswith("{")]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[dict]:
        for _, text in self.entries:
            try:
                row = load_json(text)
            except ValueError:
                continue
            if isinstance(row, dict):
                yield row

    def __reduce__(self):
        # a part's key hashes the texts as stored, never the decoded rows
        return StoredRows, (self.entries,)

    def filed(self, story_of: Callable[[Any], str]) -> dict[str, "StoredRows"]:
        """The rows by story, each story's in stored order, by *story_of* the value a row is filed under."""
        grouped: dict[str, list[tuple[Any, str]]] = defaultdict(list)
        for entry in self.entries:
            grouped[story_of(entry[0])].append(entry)
        return {story_id: StoredRows(entries) for story_id, entries in grouped.items()}


def _text(value: Any) -> str:
    """A display string for any scalar; '' for null."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _int(value: Any) -> Optional[int]:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _coordinate(value: Any, limit: float) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and -limit <= number <= limit else None


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    return [_text(value)] if _text(value) else []


def _snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- parts kept between runs

def _digest(value: Any) -> str:
    """A hash of plain rows (no cycles): pickled, at a tenth of the cost of encoding them as JSON."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    # Without its memo pickle writes equal values alike however their objects are shared: a label
    # shared by several highlights when built, and read back as separate strings when kept.
    pickler.fast = True
    pickler.dump(value)
    return hashlib.sha1(buffer.getbuffer()).hexdigest()


@functools.lru_cache(maxsize=1)
def _part_version() -> str:
    """The code that shapes a kept part: another version of it renders every part afresh."""
    sources = [Path(__file__), TEMPLATES / "story.html.j2"]
    return _digest([path.read_bytes() for path in sources])


@dataclass
class PartTrace:
    """What building one part read beside its own rows: the articles it showed or cited, the event
    anchors it looked up, and the spans it highlighted, in order (replayed into the article bodies
    when the part is reused, so that they are marked as if it had been built)."""
    articles: set[str] = field(default_factory=set)
    events: dict[str, Optional[str]] = field(default_factory=dict)
    marks: list[list] = field(default_factory=list)


class KeptParts:
    """Parts of earlier briefings (story sections, articles with their highlights, the overview), by
    the hash of everything their rows hold.

    *backing* keeps them between runs (``get(key)`` -> the stored text or None,
    ``save(new, used)``): the store's ``BriefingParts``. A part is reused only
    when its own rows hash alike and every article and event anchor it read
    outside them is unchanged; otherwise it is built and rendered again.
    """

    def __init__(self, backing):
        self.backing = backing
        self.used: set[str] = set()
        self.new: dict[str, str] = {}

    def _kept(self, key: str) -> Optional[dict]:
        text = self.backing.get(key)  # str or UTF-8 bytes
        if text is None:
            return None
        try:
            kept = load_json(text)
        except ValueError:  # not JSON, not UTF-8: not a part this code wrote, built again
            return None
        return kept if isinstance(kept, dict) else None

    def reuse(self, key: str, articles: ArticleIndex, anchors: EventAnchors) -> Optional[dict]:
        kept = self._kept(key)
        if kept is None:
            return None
        if any(articles.fingerprint(a) != fp for a, fp in kept["articles"].items()):
            return None
        if any(anchors.peek(e) != anchor for e, anchor in kept["events"].items()):
            return None
        for mark in kept["marks"]:
            articles.mark(*mark)
        self.used.add(key)
        part = kept["part"]
        part["html"] = Markup(part["html"])  # rendered and escaped by our template when it was kept
        return part

    def keep(self, key: str, part: dict, trace: PartTrace, articles: ArticleIndex) -> None:
        self.new[key] = json.dumps({
            "part": {**part, "html": str(part["html"])},
            "articles": {a: articles.fingerprint(a) for a in sorted(trace.articles)},
            "events": trace.events, "marks": trace.marks}, ensure_ascii=False)
        self.used.add(key)

    def reuse_html(self, key: str) -> Optional[Markup]:
        """A part that read nothing beyond what its key hashes (an article with its highlights)."""
        kept = self._kept(key)
        if kept is None or not isinstance(kept.get("html"), str):
            return None
        self.used.add(key)
        return Markup(kept["html"])  # rendered and escaped by our template when it was kept

    def keep_html(self, key: str, html: str) -> None:
        self.new[key] = json.dumps({"html": str(html)}, ensure_ascii=False)
        self.used.add(key)

    def save(self) -> None:
        self.backing.save(self.new, self.used)


class EventAnchors:
    """Event ids to their anchors; each lookup is noted in the trace of the part being built."""

    def __init__(self, articles: ArticleIndex):
        self._anchors: dict[str, str] = {}
        self._articles = articles

    def add(self, event_id: str, anchor: str) -> None:
        self._anchors.setdefault(event_id, anchor)

    def peek(self, event_id: str) -> Optional[str]:
        return self._anchors.get(event_id)

    def get(self, event_id: str) -> Optional[str]:
        anchor = self._anchors.get(event_id)
        if self._articles.trace is not None:
            self._articles.trace.events[event_id] = anchor
        return anchor


# --------------------------------------------------------------------------- articles and highlights

@dataclass
class Highlight:
    """One highlighted span of an article body, shared by everything citing it."""
    key: str
    start: int
    end: int
    kinds: set[str] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)


def locate_span(body: str, start: Any, end: Any, text: Any) -> Optional[tuple[int, int]]:
    """The (start, end) of a cited span in ``body``, or None when it is not there.

    Offsets are trusted when ``body[start:end] == text``. When they disagree (a
    stage bug), the text is looked up instead, nearest to the given start, so
    the reader still lands on the words that were cited and never on others.
    """
    start, end = _int(start), _int(end)
    text = text if isinstance(text, str) else None
    if start is not None and end is not None and 0 <= start < end <= len(body):
        if text is None or body[start:end] == text:
            return start, end
    if not text or not text.strip():
        return None
    hits = [m.start() for m in re.finditer(re.escape(text), body)]
    if not hits:
        return None
    anchor = start if start is not None else 0
    best = min(hits, key=lambda hit: abs(hit - anchor))
    return best, best + len(text)


class ArticleIndex:
    """Articles by id, with their anchor keys, and the highlights cited in them."""

    def __init__(self, articles: list[dict]):
        self.rows: list[dict] = []
        self._by_id: dict[str, dict] = {}
        for row in articles:
            article_id = _text(row.get("article_id"))
            if not article_id or article_id in self._by_id:
                continue
            self._by_id[article_id] = row
            self.rows.append(row)
        self.highlights: dict[str, dict[str, Highlight]] = defaultdict(dict)
        self._keys: dict[str, str] = {}
        self.trace: Optional[PartTrace] = None  # set while a part that may be kept is built

    def get(self, article_id: Any) -> Optional[dict]:
        article_id = _text(article_id)
        if self.trace is not None:
            self.trace.articles.add(article_id)
        return self._by_id.get(article_id)

    def fingerprint(self, article_id: str) -> Optional[str]:
        """What a part shows of an article (title, outlet, body) as a hash; None for no such article."""
        row = self._by_id.get(article_id)
        if row is None:
            return None
        return _digest((row.get("title"), row.get("outlet"), row.get("body")))

    def key(self, article_id: str) -> str:
        if article_id not in self._keys:
            self._keys[article_id] = anchor_key(article_id)
        return self._keys[article_id]

    def anchor(self, article_id: Any) -> Optional[str]:
        article_id = _text(article_id)
        return f"art-{self.key(article_id)}" if self.get(article_id) is not None else None

    def outlet(self, article_id: Any) -> str:
        row = self.get(article_id)
        return _text(row.get("outlet")) if row else ""

    def body(self, article_id: Any) -> str:
        row = self.get(article_id)
        body = row.get("body") if row else None
        return body if isinstance(body, str) else ""

    def cite(self, article_id: Any, start: Any, end: Any, text: Any, kind: str, label: str) -> Optional[str]:
        """Register a span for highlighting; returns its anchor id, or None if it cannot be found."""
        article_id = _text(article_id)
        if self.get(article_id) is None:
            return None
        span = locate_span(self.body(article_id), start, end, text)
        if span is None:
            return None
        if self.trace is not None:
            self.trace.marks.append([article_id, span[0], span[1], kind, label])
        return self.mark(article_id, span[0], span[1], kind, label)

    def mark(self, article_id: str, start: int, end: int, kind: str, label: str) -> str:
        """Highlight body[start:end] of a known article (a span cite found, or one a kept part found)."""
        key = f"s{self.key(article_id)}-{start}-{end}"
        spans = self.highlights[article_id]
        highlight = spans.get(key)
        if highlight is None:  # not setdefault: a kept part replays tens of thousands of marks, most seen before
            highlight = spans[key] = Highlight(key, start, end)
        highlight.kinds.add(kind)
        if label and label not in highlight.labels:
            highlight.labels.append(label)
        return key


def _nesting_order(h: Highlight) -> tuple:
    # Earlier and longer spans sit outside later and shorter ones.
    return (h.start, -h.end, h.key)


def mark_body(body: str, highlights: Iterable[Highlight]) -> Markup:
    """The article body as HTML, each highlight wrapped in <mark>.

    Spans may nest (a figure inside an evidence sentence) or cross (a claim
    running over two sentences). Crossing spans are closed and reopened at the
    crossing, so the HTML stays well formed; every piece carries
    ``data-span=key`` and only the first piece carries ``id=key``.
    """
    spans = sorted((h for h in highlights if 0 <= h.start < h.end <= len(body)), key=_nesting_order)
    cuts = sorted({0, len(body)} | {h.start for h in spans} | {h.end for h in spans})
    starting: dict[int, list[Highlight]] = defaultdict(list)
    for h in spans:
        starting[h.start].append(h)
    out: list[str] = []
    stack: list[Highlight] = []
    covering: list[Highlight] = []  # the spans over the current piece, outermost first (the nesting order)
    opened: set[str] = set()
    for left, right in zip(cuts, cuts[1:]):
        # a span covers the piece from cut to cut if it started at or before it and has not ended
        covering = [h for h in covering if h.end > left] + starting.get(left, [])
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] is covering[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        stack = stack[:keep]
        for h in covering[keep:]:
            out.append(_open_mark(h, first=h.key not in opened))
            opened.add(h.key)
            stack.append(h)
        out.append(_escaped(body[left:right]))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


def _escaped(text: str) -> str:
    """markupsafe.escape's text without its Markup object: a large briefing escapes its bodies in tens
    of thousands of pieces, and the objects cost twice the escaping."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def _open_mark(h: Highlight, first: bool) -> str:
    classes = " ".join(["hl"] + [f"hl-{kind}" for kind in sorted(h.kinds)] + ([] if first else ["hl-cont"]))
    key = _escaped(h.key)
    ident = f' id="{key}"' if first else ""
    title = _escaped("; ".join(h.labels))
    return f'<mark class="{_escaped(classes)}"{ident} data-span="{key}" title="{title}">'


# --------------------------------------------------------------------------- stories

@dataclass
class StoryMap:
    """Which story each article, event and claim belongs to."""
    stories: list[dict]
    of_article: dict[str, str]
    of_event: dict[str, str]
    known: set[str]

    def for_article(self, article_id: Any) -> str:
        """for_articles of one article (every claim asks; a Counter each cost a twentieth of a second)."""
        story_id = self.of_article.get(_text(article_id))
        return story_id if story_id is not None else UNASSIGNED

    def for_articles(self, article_ids: Iterable[Any]) -> str:
        votes = Counter(self.of_article.get(_text(a)) for a in article_ids)
        votes.pop(None, None)
        return votes.most_common(1)[0][0] if votes else UNASSIGNED

    def for_row(self, row: dict) -> str:
        return self.for_story_id(row.get("story_id"))

    def for_story_id(self, value: Any) -> str:
        story_id = _text(value)
        return story_id if story_id in self.known else UNASSIGNED


def build_story_map(bundle: dict, articles: ArticleIndex) -> StoryMap:
    stories = []
    seen: set[str] = set()
    for row in _rows(bundle, "stories"):
        story_id = _text(row.get("story_id"))
        if story_id and story_id not in seen:
            seen.add(story_id)
            stories.append(row)
    of_article: dict[str, str] = {}
    for story in stories:
        for article_id in _names(story.get("article_ids")):
            of_article.setdefault(article_id, _text(story.get("story_id")))
    for row in articles.rows:
        story_id = _text(row.get("story_id"))
        if story_id in seen:
            of_article[_text(row.get("article_id"))] = story_id
    story_map = StoryMap(stories, of_article, {}, seen)
    for event in _rows(bundle, "events"):
        story_id = story_map.for_row(event)
        if story_id == UNASSIGNED:
            cited = _names(event.get("sources")) + [
                _text(e.get("article_id")) for e in event.get("evidence") or [] if isinstance(e, dict)]
            story_id = story_map.for_articles(cited)
        story_map.of_event[_text(event.get("event_id"))] = story_id
    return story_map


# --------------------------------------------------------------------------- timeline and map

def _fatality_text(event: dict) -> str:
    best, low, high = (_int(event.get(k)) for k in ("fatalities", "fatalities_low", "fatalities_high"))
    if low is not None and high is not None and low != high:
        spread = f"{low}–{high}"
        return f"{best} (reported {spread})" if best is not None else f"reported {spread}"
    if best is not None:
        return str(best)
    single = low if low is not None else high
    return str(single) if single is not None else "not reported"


def _figure_view(figure: dict, articles: ArticleIndex, event_label: str) -> dict:
    article_id = figure.get("article_id")
    outlet = articles.outlet(article_id)
    category = _text(figure.get("category"))
    link = articles.cite(article_id, figure.get("start"), figure.get("end"), figure.get("text"),
                         "figure", f"{event_label}: figure ({category or 'count'})")
    low, high, best = _int(figure.get("low")), _int(figure.get("high")), _int(figure.get("best"))
    if low is not None and high is not None and low != high:
        value = f"{low}–{high}"
    else:
        value = _text(best if best is not None else (low if low is not None else high))
    return {"text": _text(figure.get("text")), "value": value, "category": category,
            "group": _text(figure.get("group")), "outlet": outlet,
            "speaker": _text(figure.get("source")), "link": link,
            "historical": bool(figure.get("historical"))}


def _evidence_view(item: dict, articles: ArticleIndex, event_label: str) -> dict:
    article_id = item.get("article_id")
    link = articles.cite(article_id, item.get("start"), item.get("end"), item.get("text"),
                         "evidence", f"{event_label}: evidence")
    text = item.get("text") if isinstance(item.get("text"), str) else ""
    return {"outlet": articles.outlet(article_id) or _text(article_id), "snippet": _snippet(text), "link": link}


def _place_text(event: dict) -> str:
    parts = [_text(event.get(k)) for k in ("location", "admin2", "admin1", "country")]
    unique: list[str] = []
    for part in parts:
        if part and part not in unique:
            unique.append(part)
    return ", ".join(unique)


def _side(event: dict, main: str, associated: str) -> str:
    actor, assoc = _text(event.get(main)), _text(event.get(associated))
    if actor and assoc:
        return f"{actor} (with {assoc})"
    return actor or assoc


def _field_sources(event: dict, articles: ArticleIndex) -> list[dict]:
    rows = []
    for item in event.get("field_sources") or []:
        if not isinstance(item, dict):
            continue
        value = item.get("value")
        rows.append({"field": _text(item.get("field")),
                     "value": _text(value) if not isinstance(value, (list, dict)) else json.dumps(value, ensure_ascii=False),
                     "outlet": _text(item.get("outlet")) or articles.outlet(item.get("article_id")),
                     "speaker": _text(item.get("speaker")),
                     "article": articles.anchor(item.get("article_id"))})
    return rows


def event_anchor_of(event: dict) -> str:
    return f"ev-{anchor_key(_row_identity(event, 'event_id'))}"


def _row_identity(row: dict, id_field: str) -> str:
    """The row's id, or for a row without one (a hand-made bundle) the row itself, so that its anchor
    still depends on nothing but the row."""
    return _text(row.get(id_field)) or repr(sorted(row.items(), key=str))


def event_view(event: dict, number: int, articles: ArticleIndex, story_title: str = "") -> dict:
    anchor = event_anchor_of(event)
    label = f"Event {number}" + (f" of “{_snippet(story_title, 60)}”" if story_title else "")
    outlets = _names(event.get("outlets")) or sorted(
        {articles.outlet(a) for a in _names(event.get("sources")) if articles.outlet(a)})
    count = _int(event.get("sources_count"))
    if count is None:
        count = len(outlets) or len(_names(event.get("sources")))
    precision = _int(event.get("time_precision"))
    return {
        "anchor": anchor,
        "number": number,
        "event_id": _text(event.get("event_id")),
        "date": _text(event.get("event_date")) or "date unknown",
        "precision": PRECISION_NOTES.get(precision or 1, ""),
        "event_type": _text(event.get("event_type")) or "Unclassified",
        "sub_event_type": _text(event.get("sub_event_type")),
        "place": _place_text(event),
        "side1": _side(event, "actor1", "assoc_actor_1"),
        "side2": _side(event, "actor2", "assoc_actor_2"),
        "fatalities": _fatality_text(event),
        "figures": [_figure_view(f, articles, label) for f in event.get("figures") or [] if isinstance(f, dict)],
        "sources_count": count,
        "outlets": outlets,
        "disputed": bool(event.get("disputed")),
        "historical": bool(event.get("historical")),
        "evidence": [_evidence_view(e, articles, label) for e in event.get("evidence") or [] if isinstance(e, dict)],
        "field_sources": _field_sources(event, articles),
        "notes": _text(event.get("notes")),
        "latitude": _coordinate(event.get("latitude"), 90),
        "longitude": _coordinate(event.get("longitude"), 180),
        "country": _text(event.get("country")),
    }


def map_points(events: list[dict]) -> list[dict]:
    """What the map script needs per located event; plain strings and numbers only."""
    return [{"anchor": e["anchor"], "lat": e["latitude"], "lon": e["longitude"],
             "title": f'{e["event_type"]}' + (f' – {e["sub_event_type"]}' if e["sub_event_type"] else ""),
             "date": e["date"], "place": e["place"], "fatalities": e["fatalities"],
             "sources": e["sources_count"], "disputed": e["disputed"], "historical": e["historical"]}
            for e in events if e["latitude"] is not None and e["longitude"] is not None]


# --------------------------------------------------------------------------- contradictions and claims

def contradiction_view(row: dict, number: int, articles: ArticleIndex, event_anchor: dict[str, str],
                       story_title: str = "") -> dict:
    label = f"Contradiction {number}" + (f" of “{_snippet(story_title, 60)}”" if story_title else "")
    statements = []
    for item in row.get("statements") or []:
        if not isinstance(item, dict):
            continue
        article_id = item.get("article_id")
        text = item.get("text") if isinstance(item.get("text"), str) else ""
        statements.append({
            "speaker": _text(item.get("speaker")),
            "outlet": _text(item.get("outlet")) or articles.outlet(article_id) or _text(article_id),
            "text": text,
            "value": _text(item.get("value")),
            "link": articles.cite(article_id, item.get("start"), item.get("end"), text, "contradiction", label),
        })
    return {"anchor": f"cx-{anchor_key(_row_identity(row, 'contradiction_id'))}", "kind": _text(row.get("kind")) or "disagreement",
            "subject": _text(row.get("subject")), "statements": statements,
            "event": event_anchor.get(_text(row.get("event_id")))}


def claims_by_speaker(claims: list[dict], articles: ArticleIndex, event_anchor: dict[str, str]) -> list[dict]:
    groups: dict[str, dict] = {}
    for row in claims:
        speaker = _text(row.get("speaker")) or "Unattributed"
        group = groups.setdefault(speaker, {"speaker": speaker, "parties": [], "claims": []})
        party = _text(row.get("party"))
        if party and party not in group["parties"]:
            group["parties"].append(party)
        text = row.get("text") if isinstance(row.get("text"), str) else ""
        kind = _text(row.get("kind")) or "statement"
        group["claims"].append({
            "kind": kind,
            "direct": bool(row.get("direct")),
            "text": _snippet(text, 600),
            "outlet": articles.outlet(row.get("article_id")) or _text(row.get("article_id")),
            "link": articles.cite(row.get("article_id"), row.get("start"), row.get("end"), text,
                                  "claim", f"Claim by {speaker} ({kind})"),
            "event": event_anchor.get(_text(row.get("event_id"))),
        })
    return sorted(groups.values(), key=lambda g: (g["speaker"] == "Unattributed", -len(g["claims"]), g["speaker"]))


# --------------------------------------------------------------------------- framing, voices, blindspots

def framing_table(rows: list[dict]) -> Optional[dict]:
    """referent x outlet -> terms, most used first."""
    if not rows:
        return None
    outlets = sorted({_text(r.get("outlet")) or "unknown outlet" for r in rows})
    referents = sorted({_text(r.get("referent")) or "unspecified" for r in rows})
    cells: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        key = (_text(r.get("referent")) or "unspecified", _text(r.get("outlet")) or "unknown outlet")
        cells[key].append({"term": _text(r.get("term")), "count": _int(r.get("count")) or 1,
                           "attributed": bool(r.get("attributed"))})
    table = [{"referent": ref, "cells": [sorted(cells.get((ref, out), []), key=lambda t: (-t["count"], t["term"]))
                                         for out in outlets]}
             for ref in referents]
    return {"outlets": outlets, "rows": table}


def voices_by_outlet(rows: list[dict]) -> list[dict]:
    outlets: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        share = r.get("share")
        share = float(share) if isinstance(share, (int, float)) and not isinstance(share, bool) and math.isfinite(share) else 0.0
        share = min(max(share, 0.0), 1.0)
        outlets[_text(r.get("outlet")) or "unknown outlet"].append({
            "speaker": _text(r.get("speaker")), "party": _text(r.get("party")),
            "kind": _text(r.get("kind")), "count": _int(r.get("count")) or 0,
            "share": share, "percent": f"{share * 100:.0f}%"})
    return [{"outlet": outlet, "voices": sorted(voices, key=lambda v: (-v["share"], -v["count"], v["speaker"]))}
            for outlet, voices in sorted(outlets.items())]


def blindspot_view(row: dict, event_anchor: dict[str, str]) -> dict:
    kind = _text(row.get("item_kind"))
    return {"kind": kind or "item", "summary": _text(row.get("summary")),
            "reported_by": _names(row.get("reported_by")), "missing_from": _names(row.get("missing_from")),
            "event": event_anchor.get(_text(row.get("item_id"))) if kind == "event" else None}


# --------------------------------------------------------------------------- the page

def _story_sections(bundle: dict, articles: ArticleIndex, stories: StoryMap,
                    kept: Optional[KeptParts] = None) -> tuple[list[dict], Optional[dict]]:
    events_by_story: dict[str, list[dict]] = defaultdict(list)
    event_anchor = EventAnchors(articles)
    for event in _rows(bundle, "events"):
        event_id = _text(event.get("event_id"))
        if event_id:
            event_anchor.add(event_id, event_anchor_of(event))
        events_by_story[stories.of_event.get(event_id, UNASSIGNED)].append(event)

    claims_by_story = _filed(bundle.get("claims"), lambda row: stories.for_article(row.get("article_id")),
                             stories.for_article)

    contradictions_by_story: dict[str, list[dict]] = defaultdict(list)
    for row in _rows(bundle, "contradictions"):
        story_id = stories.of_event.get(_text(row.get("event_id")))
        if story_id is None:
            story_id = stories.for_articles(
                s.get("article_id") for s in row.get("statements") or [] if isinstance(s, dict))
        contradictions_by_story[story_id].append(row)

    def by_story(key: str) -> dict[str, Any]:
        return _filed(bundle.get(key), stories.for_row, stories.for_story_id)

    framing, voices, blindspots = by_story("framing"), by_story("voices"), by_story("blindspots")
    present = {k for k in ("events", "claims", "contradictions", "framing", "voices", "blindspots") if k in bundle}
    members = _members_by_story(articles, stories)

    story_body = _environment().get_template("story.html.j2").module.story_body

    def section(story_id: str, story: dict) -> dict:
        # Events and contradictions are numbered within their story, by date: a rerun that adds
        # rows to one story leaves the numbers of the others as they were.
        ordered = sorted(events_by_story.get(story_id, []), key=_event_row_order)
        listed = _story_articles(story_id, story, articles, members)
        own_rows = (story_id, story, ordered, contradictions_by_story.get(story_id, []),
                    claims_by_story.get(story_id, []), framing.get(story_id, []), voices.get(story_id, []),
                    blindspots.get(story_id, []), sorted(present), listed)
        key = _digest((_part_version(), own_rows)) if kept is not None else ""
        part = kept.reuse(key, articles, event_anchor) if kept is not None else None
        if part is not None:
            return part
        articles.trace = PartTrace() if kept is not None else None
        try:
            view = _section_view(story_id, story, ordered, listed)
            part = {"anchor": view["anchor"], "title": view["title"], "first_date": view["first_date"],
                    "last_date": view["last_date"], "articles": len(view["articles"]),
                    "events": len(view["events"]), "disputed_count": view["disputed_count"],
                    "map_points": view["map_points"],
                    "countries": sorted({e["country"] for e in view["events"] + view["historical"] if e["country"]}),
                    "html": story_body(view)}
        finally:
            trace, articles.trace = articles.trace, None
        if kept is not None:
            kept.keep(key, part, trace, articles)
        return part

    def _section_view(story_id: str, story: dict, ordered: list[dict], listed: list[str]) -> dict:
        title = _text(story.get("title")) or "Untitled story"
        events = [event_view(e, n, articles, title) for n, e in enumerate(ordered, start=1)]
        current = [e for e in events if not e["historical"]]
        return {
            "anchor": story_anchor(story_id),
            "title": title,
            "story_id": "" if story_id == UNASSIGNED else story_id,
            "first_date": _text(story.get("first_date")), "last_date": _text(story.get("last_date")),
            "articles": [{"anchor": articles.anchor(a), "title": _text((articles.get(a) or {}).get("title")) or a,
                          "outlet": articles.outlet(a)} for a in listed],
            "events": current,
            "historical": [e for e in events if e["historical"]],
            "disputed_count": sum(e["disputed"] for e in current),
            "map_points": map_points(events),
            "contradictions": [contradiction_view(row, n, articles, event_anchor, title)
                               for n, row in enumerate(contradictions_by_story.get(story_id, []), start=1)],
            "claim_groups": claims_by_speaker(list(claims_by_story.get(story_id, [])), articles, event_anchor),
            "framing": framing_table(list(framing.get(story_id, []))),
            "voices": voices_by_outlet(list(voices.get(story_id, []))),
            "blindspots": [blindspot_view(b, event_anchor) for b in blindspots.get(story_id, [])],
            "present": present,
        }

    sections = [section(_text(s.get("story_id")), s) for s in stories.stories]
    unassigned_articles = bool(members.get(UNASSIGNED))
    if unassigned_articles or any(
            UNASSIGNED in group for group in (events_by_story, claims_by_story, contradictions_by_story, blindspots)):
        title = "Reports not assigned to a story" if sections else "All reports"
        sections.append(section(UNASSIGNED, {"title": title}))
    overview = None
    if UNASSIGNED in framing or UNASSIGNED in voices:
        rows = (framing.get(UNASSIGNED, []), voices.get(UNASSIGNED, []))
        overview = {"html": _kept_or_built(kept, ("overview", rows), lambda: _environment().get_template(
            "story.html.j2").module.overview_section(
                {"framing": framing_table(list(rows[0])), "voices": voices_by_outlet(list(rows[1]))}))}
    return sections, overview


def _filed(rows: Any, story_of_row: Callable[[dict], str], story_of_filed: Callable[[Any], str]) -> dict[str, Any]:
    """Rows by story: stored rows by the value they are filed under, still undecoded; plain rows by their
    fields (the two agree: the store files each row under the field it was written with)."""
    if isinstance(rows, StoredRows):
        return rows.filed(story_of_filed)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            grouped[story_of_row(row)].append(row)
    return grouped


def story_anchor(story_id: str) -> str:
    return "story-unassigned" if story_id == UNASSIGNED else f"story-{anchor_key(story_id)}"


def _event_row_order(event: dict) -> tuple:
    date = _text(event.get("event_date"))
    return (not date, date, _text(event.get("event_id")))


def _story_articles(story_id: str, story: dict, articles: ArticleIndex, members: dict[str, list[str]]) -> list[str]:
    """The story's own list of articles, then any other article the map puts in it, in row order."""
    if story_id == UNASSIGNED:
        return members.get(UNASSIGNED, [])
    listed = [a for a in _names(story.get("article_ids")) if articles.get(a)]
    seen = set(listed)
    return listed + [a for a in members.get(story_id, []) if a not in seen]


def _members_by_story(articles: ArticleIndex, stories: StoryMap) -> dict[str, list[str]]:
    # grouped once: asking every story about every article made a large briefing quadratic
    members: dict[str, list[str]] = defaultdict(list)
    for row in articles.rows:
        article_id = _text(row.get("article_id"))
        members[stories.of_article.get(article_id, UNASSIGNED)].append(article_id)
    return members


def _article_views(articles: ArticleIndex, stories: StoryMap, kept: Optional[KeptParts] = None) -> list[dict]:
    """Each article as rendered HTML: kept from an earlier briefing when the article and its
    highlights are what they were, else marked and rendered."""
    article_source = _environment().get_template("story.html.j2").module.article_source
    views = []
    for row in articles.rows:
        article_id = _text(row.get("article_id"))
        body = articles.body(article_id)
        highlights = list(articles.highlights.get(article_id, {}).values())
        view = {
            "anchor": articles.anchor(article_id), "article_id": article_id,
            "title": _text(row.get("title")) or "(untitled)", "outlet": _text(row.get("outlet")),
            "published": _text(row.get("published")), "path": _text(row.get("path")),
            "url": _text(row.get("url")),
            "story": story_anchor(stories.of_article.get(article_id, UNASSIGNED)),
            "highlight_count": len(highlights),
        }
        shown = (view, body, [(h.key, h.start, h.end, sorted(h.kinds), h.labels) for h in highlights])
        views.append({**view, "html": _kept_or_built(
            kept, shown, lambda: article_source({**view, "body": mark_body(body, highlights)}))})
    return views


def _kept_or_built(kept: Optional[KeptParts], shown: Any, build) -> Markup:
    """A part that reads nothing beyond *shown*: kept from an earlier briefing if it showed the same,
    else built by *build* (and kept for the next)."""
    if kept is None:
        return build()
    key = _digest((_part_version(), shown))
    html = kept.reuse_html(key)
    if html is None:
        html = build()
        kept.keep_html(key, html)
    return html


def _date_range(first: str, last: str) -> str:
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


def _summary(bundle: dict, articles: ArticleIndex, sections: list[dict], real_stories: int) -> dict:
    events = _rows(bundle, "events")
    outlets = {_text(a.get("outlet")) for a in articles.rows if _text(a.get("outlet"))}
    if not outlets:
        outlets = {o for e in events for o in _names(e.get("outlets"))}
    historical = sum(bool(e.get("historical")) for e in events)
    run = bundle.get("run") if isinstance(bundle.get("run"), dict) else {}
    inputs = run.get("inputs")
    return {
        "counts": [
            ("Stories", real_stories),
            ("Articles", len(articles.rows)),
            ("Outlets", len(outlets)),
            ("Events", len(events) - historical),
            ("Disputed events", sum(bool(e.get("disputed")) and not e.get("historical") for e in events)),
            ("Contradictions", len(_rows(bundle, "contradictions"))),
            ("Claims", len(_rows(bundle, "claims"))),
            ("Skipped files", len(_rows(bundle, "errors"))),
        ],
        "historical": historical,
        "scope": _scope(run.get("briefing_scope")),
        "stories": [{"anchor": s["anchor"], "title": s["title"], "events": s["events"],
                     "disputed": s["disputed_count"], "articles": s["articles"],
                     "dates": _date_range(s["first_date"], s["last_date"])}
                    for s in sections],
        "errors": [{"path": _text(e.get("path")), "stage": _text(e.get("stage")),
                    "reason": _text(e.get("reason")), "code": _text(e.get("code"))}
                   for e in _rows(bundle, "errors")],
        "run": {"version": _text(run.get("version")), "started": _text(run.get("started")),
                "finished": _text(run.get("finished")),
                "inputs": _names(inputs) if isinstance(inputs, list) else ([_text(inputs)] if inputs else [])},
    }


def _scope(value: Any) -> Optional[dict]:
    """How much of a larger store the briefing shows (run.json's briefing_scope), as display numbers."""
    if not isinstance(value, dict):
        return None
    numbers = {k: _int(value.get(k)) for k in ("stories_shown", "stories_in_store", "articles_in_store",
                                                  "events_in_store")}
    return numbers if all(v is not None for v in numbers.values()) else None


def build_view(bundle: dict, kept: Optional[KeptParts] = None) -> dict:
    """Everything the page template shows: the story sections rendered (or kept from an earlier run),
    the rest as plain dicts (article text still unescaped)."""
    articles = ArticleIndex(_rows(bundle, "articles"))
    stories = build_story_map(bundle, articles)
    sections, overview = _story_sections(bundle, articles, stories, kept)
    countries = sorted({c for s in sections for c in s["countries"]})
    map_data = {"maps": {s["anchor"]: s["map_points"] for s in sections if s["map_points"]},
                "countries": countries}
    return {
        "csp": CONTENT_SECURITY_POLICY,
        "summary": _summary(bundle, articles, sections, len(stories.stories)),
        "sections": sections,
        "overview": overview,
        "articles": _article_views(articles, stories, kept),
        "map_data": Markup(script_json(map_data)),
        "outlines": Markup(_outlines_json()) if map_data["maps"] else None,
        "assets": _assets(include_map=bool(map_data["maps"])),
    }


# --------------------------------------------------------------------------- inlined assets

class _RowsEnvironment(Environment):
    """The template reads plain dicts: ``e.place`` is looked up as a key first. Jinja's default tries an
    attribute first and falls back on the failure, which made half a million failed lookups of the
    time a large briefing takes to render."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    return _RowsEnvironment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def _script_safe(code: str) -> str:
    # Inside <script> only "</script" and "<!--" change how HTML parses; both
    # are rewritten to JS-equivalent spellings.
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    code = code.replace("<!--", "<\\!--")
    return re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.MULTILINE)


def _style_safe(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)          # drop comments (they hold bug-tracker URLs)
    css = re.sub(r"url\(images/[^)]*\)", "none", css)             # Leaflet's icon sprites: unused, never fetched
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


def _read_static(relative: str) -> str:
    return (STATIC / relative).read_text(encoding="utf-8")


# The static assets are the same for every briefing: a process that renders several (a rerun after a run, the
# web app) reads and re-encodes them once (the country outlines alone take 0.08 s).
@functools.lru_cache(maxsize=1)
def _outlines_json() -> str:
    return script_json(json.loads(_read_static("world-atlas/countries-110m.geojson")))


@functools.lru_cache(maxsize=2)
def _assets(include_map: bool) -> dict:
    own_css = (TEMPLATES / "briefing.css").read_text(encoding="utf-8")
    own_js = (TEMPLATES / "briefing.js").read_text(encoding="utf-8")
    return {
        "leaflet_css": Markup(_style_safe(_read_static("leaflet/leaflet.css"))) if include_map else None,
        "leaflet_js": Markup(_script_safe(_read_static("leaflet/leaflet.js"))) if include_map else None,
        "css": Markup(_style_safe(own_css)),
        "js": Markup(_script_safe(own_js)),
    }
