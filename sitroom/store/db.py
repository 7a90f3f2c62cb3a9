"""The embedded SQLite store: the only module that speaks SQL.

The store grows with each run. Articles are keyed by their id (a hash of the
raw input) and carry their per-article readings, so an unchanged article is
never read twice; linked results (stories, events, contradictions, framing)
are replaced as a whole at the end of each run, in one transaction.
Every statement uses parameters; nothing from an article is spliced into SQL.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Optional

from .. import frame
from ..errors import SitroomError
from ..jsonio import load_json
from ..model import (Article, Blindspot, Contradiction, Event, FrameTerm, Merge, ProcessingError, Record, Story,
                     Voice, Wording)

# Named migrations, applied in order, each once.
MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, started TEXT, finished TEXT, status TEXT, inputs TEXT, summary TEXT);
CREATE TABLE IF NOT EXISTS articles (
  article_id TEXT PRIMARY KEY, path TEXT, outlet TEXT, published TEXT, title TEXT, body TEXT,
  raw TEXT, raw_format TEXT, language TEXT, url TEXT, content_hash TEXT, story_id TEXT,
  duplicate_of TEXT, pipeline_version TEXT, added_run TEXT, data TEXT);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE TABLE IF NOT EXISTS claims (
  claim_id TEXT PRIMARY KEY, article_id TEXT, speaker TEXT, kind TEXT, direct INTEGER,
  text TEXT, start INTEGER, "end" INTEGER, event_id TEXT, data TEXT);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE TABLE IF NOT EXISTS stories (story_id TEXT PRIMARY KEY, title TEXT, first_date TEXT, last_date TEXT, data TEXT);
CREATE TABLE IF NOT EXISTS events (
  event_id TEXT PRIMARY KEY, story_id TEXT, event_date TEXT, event_type TEXT, sub_event_type TEXT,
  location TEXT, country TEXT, fatalities INTEGER, disputed INTEGER, historical INTEGER, data TEXT);
CREATE INDEX IF NOT EXISTS events_date ON events(event_date);
CREATE TABLE IF NOT EXISTS merges (event_id TEXT, candidate_id TEXT, article_id TEXT, reason TEXT, score REAL);
CREATE TABLE IF NOT EXISTS contradictions (contradiction_id TEXT PRIMARY KEY, kind TEXT, event_id TEXT, subject TEXT, data TEXT);
CREATE TABLE IF NOT EXISTS framing (outlet TEXT, referent TEXT, term TEXT, count INTEGER, attributed INTEGER, story_id TEXT, data TEXT);
CREATE TABLE IF NOT EXISTS voices (outlet TEXT, story_id TEXT, speaker TEXT, party TEXT, kind TEXT, count INTEGER, share REAL, data TEXT);
CREATE TABLE IF NOT EXISTS blindspots (story_id TEXT, item_kind TEXT, item_id TEXT, data TEXT);
CREATE TABLE IF NOT EXISTS errors (run_id TEXT, path TEXT, stage TEXT, code TEXT, reason TEXT, article_id TEXT);
"""),
    ("0002_fulltext", """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(article_id UNINDEXED, title, body, outlet);
CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(claim_id UNINDEXED, speaker, text);
"""),
    # What an incremental run needs to link new articles without reloading the store:
    # each body's MinHash sketch, and indexes to find the stories, events and
    # contradictions near the new articles.
    ("0003_incremental", """
CREATE TABLE IF NOT EXISTS sketches (
  article_id TEXT PRIMARY KEY, published TEXT, length INTEGER, fingerprint TEXT, content_hash TEXT,
  shingle_count INTEGER, hashvalues BLOB);
CREATE INDEX IF NOT EXISTS merges_event ON merges(event_id);
CREATE INDEX IF NOT EXISTS merges_article ON merges(article_id);
CREATE INDEX IF NOT EXISTS events_country_date ON events(country, event_date);
CREATE INDEX IF NOT EXISTS contradictions_event ON contradictions(event_id);
CREATE INDEX IF NOT EXISTS stories_dates ON stories(first_date, last_date);
"""),
    # Event linking meets reports of other stories only at the same place on the same day.
    ("0004_events_place_day", """
CREATE INDEX IF NOT EXISTS events_place_day ON events(location, event_date);
"""),
    # A briefing limited to some stories reads just their rows.
    ("0005_story_rows", """
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS events_story ON events(story_id);
CREATE INDEX IF NOT EXISTS framing_story ON framing(story_id);
CREATE INDEX IF NOT EXISTS voices_story ON voices(story_id);
CREATE INDEX IF NOT EXISTS blindspots_story ON blindspots(story_id);
"""),
    # Full-text rows keyed by their article's or claim's id (fts_key): an article read again drops its old
    # ones by key, where a delete by the unindexed id column read the whole table for every article.
    ("0006_fulltext_keys", """
DELETE FROM articles_fts;
INSERT INTO articles_fts(rowid, article_id, title, body, outlet)
  SELECT fts_key(article_id), article_id, title, body, outlet FROM articles;
DELETE FROM claims_fts;
INSERT INTO claims_fts(rowid, claim_id, speaker, text) SELECT fts_key(claim_id), claim_id, speaker, text FROM claims;
"""),
    # The wordings that count toward each corpus-wide framing referent (a place, an armed group, a named
    # thing), in the order written: linking in new articles recounts the referents they name from these
    # rows, without reading the articles' stored JSON.
    ("0007_framing_wordings", """
CREATE TABLE IF NOT EXISTS framing_wordings (referent TEXT, article_id TEXT, wording TEXT);
CREATE INDEX IF NOT EXISTS framing_wordings_referent ON framing_wordings(referent);
CREATE INDEX IF NOT EXISTS framing_wordings_article ON framing_wordings(article_id);
CREATE INDEX IF NOT EXISTS framing_referent ON framing(referent);
INSERT INTO framing_wordings(referent, article_id, wording)
  SELECT corpus_referent(json_extract(w.value, '$.source'), json_extract(w.value, '$.referent'),
                         json_extract(w.value, '$.per_story')), a.article_id, w.value
  FROM articles a, json_each(a.data, '$.wordings') w
  WHERE corpus_referent(json_extract(w.value, '$.source'), json_extract(w.value, '$.referent'),
                        json_extract(w.value, '$.per_story')) IS NOT NULL
  ORDER BY a.rowid, w.key
"""),
    # Story sections of the last briefing, kept for the next (report.briefing.KeptParts).
    ("0008_briefing_parts", """
CREATE TABLE IF NOT EXISTS briefing_parts (part_key TEXT PRIMARY KEY, data TEXT)
"""),
    # Each article's actors (name and kind, in the order read): the CSV's inter codes come from them after
    # every run, and finding them in the articles' stored JSON meant parsing every article whole.
    ("0009_article_actors", """
CREATE TABLE IF NOT EXISTS article_actors (article_id TEXT, position INTEGER, name TEXT, kind TEXT);
CREATE INDEX IF NOT EXISTS article_actors_article ON article_actors(article_id);
INSERT INTO article_actors(article_id, position, name, kind)
  SELECT a.article_id, j.key, json_extract(j.value, '$.name'), json_extract(j.value, '$.kind')
  FROM articles a, json_each(a.data, '$.actors') j
"""),
]

# An article's own columns (what a projected load always gives) and its readings (kept in the data JSON).
ARTICLE_COLUMNS = ("article_id", "path", "outlet", "published", "title", "body", "raw_format", "language", "url",
                   "content_hash", "story_id", "duplicate_of")
# A reading asked for as "sentences[0]" loads just its first item (a one-item list).
FIRST_ONLY = "[0]"
READING_FIELDS = ("removed", "sentences", "mentions", "places", "actors", "times", "figures", "claims",
                  "candidates", "terms", "wordings", "voicings", "cues")
# Readings that are one record, not a list: absent, they are None.
SINGLE_READINGS = ("cues",)

LINKED_TABLES = ("stories", "events", "merges", "contradictions", "framing", "voices", "blindspots")


def fts_key(identifier: str) -> int:
    """The full-text row id of an article or claim id: 63 bits of its SHA-1, so that the row is found by
    key (two ids of a store sharing one is about as likely as n squared over 2**64)."""
    return int.from_bytes(hashlib.sha1(identifier.encode("utf-8", "surrogatepass")).digest()[:8], "big") >> 1


def _dump(obj) -> str:
    """A record as JSON, the text of ``json.dumps(obj.to_dict())``: the encoder asks for each nested
    record's fields as it meets it, so no plain copy of the whole tree is built first (a quarter
    less time storing a read article)."""
    return json.dumps(obj, ensure_ascii=False, default=_record_fields)


def _record_fields(obj) -> dict:
    if isinstance(obj, Record):
        return obj.stored_fields()
    raise TypeError(f"{type(obj).__name__} is not a record and not JSON")


class ArticleRows(NamedTuple):
    """One read article as put_articles writes it: plain strings and tuples, no typed objects.

    A worker builds these next to the reading (see runner.read_batch_portable):
    the run's own process shares the cores with the workers, so all it should
    do per article is unpickle strings and insert them. The run's pipeline
    version and id are not in here: the run's process adds them.
    """
    article_id: str
    columns: tuple            # the articles row up to duplicate_of
    data: str                 # the article's JSON
    claims: list[tuple]       # its claims rows, JSON last
    framing: tuple = ()       # (referent, wording JSON) of each wording counted across the corpus
    actors: tuple = ()        # (position, name, kind) of each actor read


def article_rows(a: Article) -> ArticleRows:
    """The only place an Article becomes its stored rows, wherever that happens."""
    return ArticleRows(
        a.article_id,
        (a.article_id, a.path, a.outlet, a.published, a.title, a.body, a.raw, a.raw_format, a.language, a.url,
         a.content_hash, a.story_id, a.duplicate_of),
        _dump(a),
        [(c.claim_id, c.article_id, c.speaker, c.kind, int(c.direct), c.text, c.start, c.end, c.event_id, _dump(c))
         for c in a.claims],
        tuple((r, _dump(w)) for w in a.wordings if (r := frame.corpus_referent(w.source, w.referent, w.per_story))),
        tuple((i, actor.name, actor.kind) for i, actor in enumerate(a.actors)))


def _corpus_referent(source: Optional[str], referent: Optional[str], per_story: Any) -> Optional[str]:
    """frame.corpus_referent for SQL (the migration that indexes stored articles)."""
    return frame.corpus_referent(source, referent, bool(per_story)) if source and referent else None


class BriefingParts:
    """The briefing's parts kept in the store: derived data, replaced as a whole after each briefing.

    Kept compressed: rendered HTML shrinks about sevenfold (28 to 4 MB for a briefing of 1k articles),
    for about 0.1 s of a run that renders them all and less for one that reuses them.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def get(self, key: str) -> Optional[bytes]:
        """The kept part's text as UTF-8 (left undecoded: its reader parses bytes fastest), or None."""
        row = self.conn.execute("SELECT data FROM briefing_parts WHERE part_key=?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return zlib.decompress(row[0])
        except (zlib.error, TypeError):
            return None  # not a part this code wrote: built again

    def save(self, new: dict[str, str], used: set[str]) -> None:
        """Keep the parts the last briefing used, with the *new* ones, and nothing else."""
        with self.conn:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS used_parts (part_key TEXT PRIMARY KEY)")
            self.conn.execute("DELETE FROM used_parts")
            self.conn.executemany("INSERT OR IGNORE INTO used_parts VALUES (?)", [(k,) for k in used])
            self.conn.execute("DELETE FROM briefing_parts WHERE part_key NOT IN (SELECT part_key FROM used_parts)")
            self.conn.executemany("INSERT OR REPLACE INTO briefing_parts VALUES (?,?)",
                                  [(k, zlib.compress(v.encode("utf-8"), 1)) for k, v in new.items()])


class Store:
    """One SQLite file, opened for one run or one web process."""

    def __init__(self, path: str | os.PathLike, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise SitroomError(f"no store at {self.path}", "E004")
            uri = f"file:{self.path}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.row_factory = sqlite3.Row
        self.conn.create_function("fts_key", 1, fts_key, deterministic=True)
        self.conn.create_function("corpus_referent", 3, _corpus_referent, deterministic=True)
        try:
            if not readonly:
                self.migrate()
            self.conn.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError as exc:
            raise SitroomError(f"{self.path} is not a sitroom store or is damaged: {exc}", "E004") from exc

    # ------------------------------------------------------------------ schema
    def migrate(self) -> None:
        with self.conn:
            self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT)")
            done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
            for name, sql in MIGRATIONS:
                if name not in done:
                    self._apply(name, sql)

    def _apply(self, name: str, sql: str) -> None:
        for statement in [s.strip() for s in sql.split(";") if s.strip()]:
            self.conn.execute(statement)
        self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, time.strftime("%Y-%m-%dT%H:%M:%S")))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.conn:
            yield self.conn

    # ------------------------------------------------------------------ runs
    def start_run(self, run_id: str, inputs: list[str]) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO runs(run_id, started, status, inputs) VALUES (?,?,?,?)",
                              (run_id, _now(), "running", json.dumps(inputs)))

    def finish_run(self, run_id: str, summary: dict) -> None:
        with self.conn:
            self.conn.execute("UPDATE runs SET finished=?, status=?, summary=? WHERE run_id=?",
                              (_now(), "done", json.dumps(summary), run_id))

    # ------------------------------------------------------------------ articles
    def cached_versions(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        out: dict[str, str] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT article_id, pipeline_version FROM articles WHERE article_id IN ({marks})", chunk):
                out[row[0]] = row[1]
        return out

    def put_articles(self, articles: Iterable[Article | ArticleRows], version: str, run_id: str) -> None:
        """Write read articles (and their claims) in one transaction; each given as an Article or as
        the rows article_rows made of it (on a worker)."""
        with self.conn:
            for item in articles:
                self._put_article_rows(item if isinstance(item, ArticleRows) else article_rows(item), version, run_id)

    def _put_article_rows(self, rows: ArticleRows, version: str, run_id: str) -> None:
        self._drop_article_rows(rows.article_id)
        article_id, _, outlet, _, title, body = rows.columns[:6]
        self.conn.execute("INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          (*rows.columns, version, run_id, rows.data))
        self.conn.execute("INSERT INTO articles_fts(rowid, article_id, title, body, outlet) VALUES (?,?,?,?,?)",
                          (fts_key(article_id), article_id, title, body, outlet))
        for claim in rows.claims:
            claim_id, _, speaker, _, _, text = claim[:6]
            self.conn.execute("INSERT OR REPLACE INTO claims VALUES (?,?,?,?,?,?,?,?,?,?)", claim)
            self.conn.execute("INSERT INTO claims_fts(rowid, claim_id, speaker, text) VALUES (?,?,?,?)",
                              (fts_key(claim_id), claim_id, speaker, text))
        self.conn.executemany("INSERT INTO framing_wordings VALUES (?,?,?)",
                              [(referent, article_id, wording) for referent, wording in rows.framing])
        self.conn.executemany("INSERT INTO article_actors VALUES (?,?,?,?)",
                              [(article_id, *actor) for actor in rows.actors])

    def _drop_article_rows(self, article_id: str) -> None:
        """An article read again: its old claims and full-text rows go before the new ones come (for a
        new article these find nothing, through indexes and keys, at no cost).

        The full-text rows are found by their key (fts_key): the full-text tables
        have no index on the ids, and a delete by id read the whole table for
        every article written.
        """
        # the full-text rows first: they are found through the claims about to go
        claims = [r[0] for r in self.conn.execute("SELECT claim_id FROM claims WHERE article_id=?", (article_id,))]
        self.conn.executemany("DELETE FROM claims_fts WHERE rowid=?", [(fts_key(c),) for c in claims])
        self.conn.execute("DELETE FROM claims WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM articles_fts WHERE rowid=?", (fts_key(article_id),))
        self.conn.execute("DELETE FROM framing_wordings WHERE article_id=?", (article_id,))
        self.conn.execute("DELETE FROM article_actors WHERE article_id=?", (article_id,))

    def load_articles(self, article_ids: Optional[Iterable[str]] = None,
                      readings: Optional[Iterable[str]] = None, body: bool = True) -> list[Article]:
        """Articles in (published, id) order; all of them, or those of *article_ids*.

        With *readings* (names of Article's list fields, e.g. ("places", "claims")),
        only those readings are revived, beside the article's own columns: SQLite
        cuts them out of the stored JSON, so a stage that needs a few readings of
        every article does not pay for parsing all of them. ``body=False`` leaves
        the body out of such a projection too (it is the largest column).
        """
        own = [c for c in ARTICLE_COLUMNS if body or c != "body"]
        if readings is None:
            columns = "data"
        else:
            wanted = list(readings)
            unknown = [r for r in wanted if r.removesuffix(FIRST_ONLY) not in READING_FIELDS]
            if unknown:
                raise ValueError(f"not a reading of an article: {unknown}")
            # field names are checked against our own list above, never taken from text
            columns = ", ".join([*own] + [f"json_extract(data, '$.{r}')" for r in wanted])
        if article_ids is None:
            # read row by row: the whole store's stored JSON is never held beside what it decodes to
            rows = self.conn.execute(f"SELECT {columns} FROM articles ORDER BY published, article_id")
        else:
            rows = []
            for chunk in _chunks(sorted(set(article_ids)), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(f"SELECT {columns} FROM articles WHERE article_id IN ({marks})",
                                          chunk).fetchall()
        if readings is None:
            articles = [Article.from_dict(load_json(r[0])) for r in rows]
        else:
            articles = []
            for r in rows:
                data = {name: r[name] for name in own}
                for i, name in enumerate(wanted):
                    value = r[len(own) + i]
                    if name.endswith(FIRST_ONLY):
                        data[name.removesuffix(FIRST_ONLY)] = [load_json(value)] if value else []
                    else:
                        data[name] = load_json(value) if value else (None if name in SINGLE_READINGS else [])
                articles.append(Article.from_dict(data))
        if article_ids is not None:  # chunks come back in any order: give the same order as a whole load
            articles.sort(key=lambda a: (a.published or "", a.article_id))
        return articles

    def article_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT article_id FROM articles ORDER BY published, article_id")]

    # ------------------------------------------------------------------ state kept for incremental runs
    def get_meta(self, key: str) -> Optional[str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: Optional[str]) -> None:
        """Inside the caller's transaction: the state changes with the rows it describes."""
        if value is None:
            self.conn.execute("DELETE FROM meta WHERE key=?", (key,))
        else:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def sketch_rows(self) -> list[sqlite3.Row]:
        """Every stored body sketch, with the article's current original (duplicate_of)."""
        return self.conn.execute(
            "SELECT s.article_id, s.published, s.length, s.fingerprint, s.content_hash, s.shingle_count, "
            "s.hashvalues, a.duplicate_of FROM sketches s JOIN articles a ON a.article_id = s.article_id "
            "ORDER BY s.article_id").fetchall()

    def _put_sketches(self, rows: Iterable[tuple]) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO sketches VALUES (?,?,?,?,?,?,?)", rows)

    def load_stories(self, story_ids: Optional[Iterable[str]] = None) -> list[Story]:
        if story_ids is None:
            rows = self.conn.execute("SELECT data FROM stories ORDER BY first_date IS NULL, first_date, story_id").fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(story_ids)), 500):
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(f"SELECT data FROM stories WHERE story_id IN ({marks})", chunk).fetchall()
        return [Story.from_dict(load_json(r[0])) for r in rows]

    def story_ids_between(self, first: str, last: str) -> set[str]:
        """Stories whose dates overlap [first, last], and undated ones (which may be anywhere)."""
        return {r[0] for r in self.conn.execute(
            "SELECT story_id FROM stories WHERE first_date IS NULL OR last_date IS NULL "
            "OR (first_date <= ? AND last_date >= ?)", (last, first))}

    def story_ids_of_articles(self, article_ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._select_in("SELECT story_id FROM articles WHERE article_id IN ({})", article_ids)
                if r[0]}

    def event_ids_of_articles(self, article_ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._select_in("SELECT event_id FROM merges WHERE article_id IN ({})", article_ids)}

    def article_ids_of_events(self, event_ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._select_in("SELECT article_id FROM merges WHERE event_id IN ({})", event_ids)}

    def event_ids_at(self, location: Optional[str], event_date: Optional[str]) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT event_id FROM events WHERE location IS ? AND event_date IS ?", (location, event_date))}

    def load_events(self, exclude: Iterable[str] = (), story_ids: Optional[Iterable[str]] = None) -> list[Event]:
        """Events by date and id: all, or those of *story_ids*; never those in *exclude*."""
        skip = set(exclude)
        if story_ids is None:
            rows = self.conn.execute("SELECT data FROM events ORDER BY event_date, event_id")
        else:
            rows = self._select_in("SELECT data FROM events WHERE story_id IN ({})", story_ids)
        events = [e for e in (Event.from_dict(load_json(r[0])) for r in rows) if e.event_id not in skip]
        if story_ids is not None:
            events.sort(key=lambda e: (e.event_date or "", e.event_id))
        return events

    def _execute_in(self, sql: str, values: Iterable[str]) -> None:
        for chunk in _chunks(sorted(set(values)), 500):
            self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def article_ids_of_stories(self, story_ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._select_in("SELECT article_id FROM articles WHERE story_id IN ({})", story_ids)}

    def wordings_naming(self, referents: Iterable[str]) -> dict[str, list[Wording]]:
        """The wordings that count toward these corpus-wide framing referents, by article, in the order
        each article has them."""
        out: dict[str, list[Wording]] = {}
        rows = self._select_in("SELECT rowid, article_id, wording FROM framing_wordings WHERE referent IN ({})",
                               referents)
        for _, article_id, wording in sorted(rows, key=lambda r: r[0]):
            out.setdefault(article_id, []).append(Wording.from_dict(load_json(wording)))
        return out

    def _select_in(self, sql: str, values: Iterable[str]) -> list[sqlite3.Row]:
        rows: list[sqlite3.Row] = []
        for chunk in _chunks(sorted(set(values)), 500):
            rows += self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    # ------------------------------------------------------------------ linked results
    def replace_linked(self, corpus, sketches: Iterable[tuple] = (), link_state: Optional[str] = None,
                       links: Optional[dict[str, tuple]] = None,
                       claim_events: Optional[dict[str, Optional[str]]] = None) -> None:
        """Swap in the linked view of the whole store in one transaction.

        The linked lists come from *corpus*; what linking sets on articles comes
        from *links* (article id -> (duplicate_of, story_id)) and *claim_events*
        (claim id -> event id), or else from corpus.articles. Only those fields
        of the stored articles change, so a caller need not hold whole articles.
        *sketches* (rows for the sketches table) and *link_state* (what linked
        it) let a later run link new articles into this view incrementally.
        """
        if links is None:
            links = {a.article_id: (a.duplicate_of, a.story_id) for a in corpus.articles}
        if claim_events is None:
            claim_events = {c.claim_id: c.event_id for a in corpus.articles for c in a.claims}
        with self.conn:
            self._put_sketches(sketches)
            self._set_meta("link_state", link_state)
            for table in LINKED_TABLES:
                self.conn.execute(f"DELETE FROM {table}")  # table names are ours, never article text
            self._set_links(links, claim_events)
            self.conn.executemany("INSERT INTO stories VALUES (?,?,?,?,?)",
                                  [(s.story_id, s.title, s.first_date, s.last_date, _dump(s)) for s in corpus.stories])
            self._insert_events(corpus)
            self._insert_frame(corpus)

    def _set_links(self, links: dict[str, tuple], claim_events: dict[str, Optional[str]]) -> None:
        """Write story, original and claims' events into the stored rows and JSON, leaving the rest as it is.

        Only what differs from the stored rows is written: a relink after a few new articles changes
        few links, and rewriting every article's JSON was the largest part of storing a relink.
        """
        # only the rows named are read: an incremental run names a few, a full relink all
        stored_claims = {cid: (aid, eid) for cid, aid, eid in self.conn.execute(
            "SELECT claim_id, article_id, event_id FROM claims WHERE claim_id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(claim_events))])}
        claim_events = {cid: eid for cid, eid in claim_events.items()
                        if cid in stored_claims and stored_claims[cid][1] != eid}
        stored_links = {aid: (dup, story) for aid, dup, story in self.conn.execute(
            "SELECT article_id, duplicate_of, story_id FROM articles "
            "WHERE article_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(links))])}
        links = {aid: link for aid, link in links.items() if aid in stored_links and stored_links[aid] != tuple(link)}
        touched = set(links) | {stored_claims[cid][0] for cid in claim_events}
        positions: dict[str, list[tuple[int, str]]] = {}   # where each claim sits in its article's JSON
        for article_id, index, claim_id in self.conn.execute(
                "SELECT a.article_id, j.key, json_extract(j.value, '$.claim_id') "
                "FROM articles a, json_each(a.data, '$.claims') j "
                "WHERE a.article_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(touched))]):
            positions.setdefault(article_id, []).append((int(index), claim_id))
        for article_id in sorted(touched):
            if article_id in links:
                duplicate_of, story_id = links[article_id]
                self.conn.execute("UPDATE articles SET story_id=?, duplicate_of=?, "
                                  "data=json_set(data, '$.story_id', ?, '$.duplicate_of', ?) WHERE article_id=?",
                                  (story_id, duplicate_of, story_id, duplicate_of, article_id))
            claims = [(i, cid) for i, cid in positions.get(article_id, ()) if cid in claim_events]
            for chunk in _chunks(claims, 50):  # SQLite caps a function's arguments
                # the paths are built from our own integers, the values are parameters
                paths = ", ".join(f"'$.claims[{i}].event_id', ?" for i, _ in chunk)
                self.conn.execute(f"UPDATE articles SET data=json_set(data, {paths}) WHERE article_id=?",
                                  [claim_events[cid] for _, cid in chunk] + [article_id])
        self.conn.executemany("UPDATE claims SET event_id=?, data=json_set(data, '$.event_id', ?) WHERE claim_id=?",
                              [(eid, eid, cid) for cid, eid in claim_events.items()])

    def _insert_events(self, corpus) -> None:
        self.conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                              [(e.event_id, e.story_id, e.event_date, e.event_type, e.sub_event_type, e.location,
                                e.country, e.fatalities, int(e.disputed), int(e.historical), _dump(e))
                               for e in corpus.events])
        self.conn.executemany("INSERT INTO merges VALUES (?,?,?,?,?)",
                              [(m.event_id, m.candidate_id, m.article_id, m.reason, m.score) for m in corpus.merges])
        self.conn.executemany("INSERT OR REPLACE INTO contradictions VALUES (?,?,?,?,?)",
                              [(c.contradiction_id, c.kind, c.event_id, c.subject, _dump(c))
                               for c in corpus.contradictions])

    def _insert_frame(self, corpus) -> None:
        self.conn.executemany("INSERT INTO framing VALUES (?,?,?,?,?,?,?)",
                              [(f.outlet, f.referent, f.term, f.count, int(f.attributed), f.story_id, _dump(f))
                               for f in corpus.framing])
        self.conn.executemany("INSERT INTO voices VALUES (?,?,?,?,?,?,?,?)",
                              [(v.outlet, v.story_id, v.speaker, v.party, v.kind, v.count, v.share, _dump(v))
                               for v in corpus.voices])
        self.conn.executemany("INSERT INTO blindspots VALUES (?,?,?,?)",
                              [(b.story_id, b.item_kind, b.item_id, _dump(b)) for b in corpus.blindspots])

    def update_linked(self, part, *, events_replaced: Iterable[str], stories: Iterable[Story],
                      changed_articles: Iterable[Article], frame_view, sketches: Iterable[tuple],
                      link_state: str, frame_scope: Optional[tuple[set[str], set[str]]] = None) -> None:
        """Write what an incremental run relinked, in one transaction.

        *part* holds the articles in the relinked neighbourhood with their new
        events, merges and contradictions; *events_replaced* are the stored events
        they replace; *stories* are the new and grown stories; *changed_articles*
        those whose story, original or claims' events changed; *frame_view* has
        the framing, voices and blind spots recomputed: of the whole store, or,
        with *frame_scope* (story ids, corpus-wide referents), of those only,
        which replace their stored rows.
        """
        replaced = sorted(set(events_replaced))
        scope = {a.article_id for a in part.articles}
        with self.conn:
            self._put_sketches(sketches)
            self._set_meta("link_state", link_state)
            for chunk in _chunks(replaced, 500):
                marks = ",".join("?" * len(chunk))
                for table in ("events", "merges", "contradictions"):  # our table names, never article text
                    self.conn.execute(f"DELETE FROM {table} WHERE event_id IN ({marks})", chunk)
            # a denial with no event is about its own article: it goes when that article is relinked
            for cid, data in self.conn.execute(
                    "SELECT contradiction_id, data FROM contradictions WHERE event_id IS NULL").fetchall():
                if {s.get("article_id") for s in load_json(data).get("statements", [])} & scope:
                    self.conn.execute("DELETE FROM contradictions WHERE contradiction_id=?", (cid,))
            # the links alone are written into the stored JSON: *changed_articles* may be projections
            changed = list(changed_articles)
            self._set_links({a.article_id: (a.duplicate_of, a.story_id) for a in changed},
                            {c.claim_id: c.event_id for a in changed for c in a.claims})
            for story in stories:
                self.conn.execute("INSERT OR REPLACE INTO stories VALUES (?,?,?,?,?)",
                                  (story.story_id, story.title, story.first_date, story.last_date, _dump(story)))
            self._insert_events(part)
            if frame_scope is None:
                for table in ("framing", "voices", "blindspots"):
                    self.conn.execute(f"DELETE FROM {table}")
            else:
                story_ids, referents = frame_scope
                for table in ("framing", "voices", "blindspots"):  # our table names, never article text
                    self._execute_in(f"DELETE FROM {table} WHERE story_id IN ({{}})", story_ids)
                self._execute_in("DELETE FROM framing WHERE story_id IS NULL AND referent IN ({})", referents)
            self._insert_frame(frame_view)

    def put_errors(self, run_id: str, errors: Iterable[ProcessingError]) -> None:
        with self.conn:
            self.conn.executemany("INSERT INTO errors VALUES (?,?,?,?,?,?)",
                                  [(run_id, e.path, e.stage, e.code, e.reason, e.article_id) for e in errors])

    def load_linked(self, corpus) -> None:
        """Fill a corpus's linked lists from the store (for reports and the web app)."""
        corpus.stories = [Story.from_dict(load_json(r[0])) for r in self.conn.execute("SELECT data FROM stories ORDER BY first_date IS NULL, first_date, story_id")]
        corpus.events = [Event.from_dict(load_json(r[0])) for r in self.conn.execute("SELECT data FROM events ORDER BY event_date, event_id")]
        corpus.merges = [Merge(*r) for r in self.conn.execute("SELECT event_id, candidate_id, article_id, reason, score FROM merges")]
        corpus.contradictions = [Contradiction.from_dict(load_json(r[0])) for r in self.conn.execute("SELECT data FROM contradictions ORDER BY contradiction_id")]
        corpus.framing = [FrameTerm.from_dict(load_json(r[0])) for r in self.conn.execute("SELECT data FROM framing")]
        corpus.voices = [Voice.from_dict(load_json(r[0])) for r in self.conn.execute("SELECT data FROM voices")]
        corpus.blindspots = [Blindspot.from_dict(load_json(r[0])) for r in self.conn.execute("SELECT data FROM blindspots")]

    # ------------------------------------------------------------------ the briefing's kept parts
    def briefing_parts(self) -> BriefingParts:
        return BriefingParts(self.conn)

    # ------------------------------------------------------------------ the run directory's rows
    REPORT_KINDS = ("articles", "events", "claims", "contradictions", "stories", "framing", "voices",
                    "blindspots", "merges")

    def report_rows(self, story_ids: Optional[Iterable[str]] = None) -> dict[str, Any]:
        """Every row the run directory shows, as plain dicts straight from the stored JSON.

        The same rows ``rundir.bundle`` makes from a corpus (articles, events,
        claims, contradictions, stories, framing, voices, blind spots, merges),
        without reviving any typed object. With *story_ids*, only the rows of
        those stories (what a briefing limited to them shows; no merges).
        """
        if story_ids is None:
            rows: dict[str, Any] = {kind: list(self.report_iter(kind)) for kind in self.REPORT_KINDS}
            return rows
        wanted = sorted(set(story_ids))
        rows = {kind: list(self.report_iter(kind, wanted)) for kind in self.REPORT_KINDS if kind != "merges"}
        rows["merges"] = []
        return rows

    def report_count(self, kind: str) -> int:
        if kind not in self.REPORT_KINDS:
            raise ValueError(f"not a report file: {kind}")
        return self.conn.execute(f"SELECT count(*) FROM {kind}").fetchone()[0]  # our own table names

    def report_iter(self, kind: str, story_ids: Optional[list[str]] = None) -> Iterator[dict]:
        """One report file's rows in the run directory's order, read one at a time (a large store
        has hundreds of megabytes of them); with *story_ids*, only those stories' rows."""
        from .rundir import ARTICLE_FIELDS  # the run directory decides what an article row shows

        where, params = _of_stories(story_ids)
        if kind == "articles":
            columns = ", ".join(ARTICLE_FIELDS)  # our own column names
            sql = f"SELECT {columns} FROM articles{where.format(col='story_id')} ORDER BY published, article_id"
            return (dict(r) for r in self.conn.execute(sql, params))
        if kind == "events":
            sql = f"SELECT data FROM events{where.format(col='story_id')} ORDER BY event_date, event_id"
            return (_event_row(load_json(r[0])) for r in self.conn.execute(sql, params))
        if kind in self.FILED_KINDS:
            return (load_json(text) for _, text in self.report_filed(kind, story_ids))
        if kind == "contradictions":
            rows = (load_json(r[0]) for r in self.conn.execute(
                "SELECT data FROM contradictions ORDER BY contradiction_id"))
            if story_ids is None:
                return rows
            return (r for r in rows if self._contradiction_in(r, set(story_ids)))
        if kind == "stories":
            sql = f"SELECT data FROM stories{where.format(col='story_id')} " \
                  "ORDER BY first_date IS NULL, first_date, story_id"
            return (load_json(r[0]) for r in self.conn.execute(sql, params))
        if kind == "merges":
            return (dict(r) for r in self.conn.execute(
                "SELECT event_id, candidate_id, article_id, reason, score FROM merges ORDER BY rowid"))
        raise ValueError(f"not a report file: {kind}")

    # The report files whose rows a briefing files by a column of their own (a claim under its article, the
    # others under their story), so that it can tell which rows a story shows without decoding them.
    FILED_KINDS = ("claims", "framing", "voices", "blindspots")

    def report_filed(self, kind: str, story_ids: Optional[list[str]] = None) -> Iterator[tuple[Optional[str], str]]:
        """A report file's rows in report_iter's order as (the value it is filed under, its stored JSON
        text): a claim's article id, a framing, voice or blind-spot row's story id (the store writes each
        column from the same field as the JSON). With *story_ids*, only those stories' rows."""
        where, params = _of_stories(story_ids)
        if kind == "claims":
            sql = ("SELECT c.article_id, c.data FROM claims c JOIN articles a ON a.article_id = c.article_id"
                   f"{where.format(col='a.story_id')} ORDER BY a.published, a.article_id, c.rowid")
        elif kind in self.FILED_KINDS:
            sql = f"SELECT story_id, data FROM {kind}{where.format(col='story_id')} ORDER BY rowid"  # our own names
        else:
            raise ValueError(f"not a filed report file: {kind}")
        return (tuple(r) for r in self.conn.execute(sql, params))

    # Report rows whose stored JSON is already their line in the run directory: written whole by _dump,
    # never edited in place (claims are: their event is set with json_set, which respaces the JSON).
    VERBATIM_KINDS = {"contradictions": "contradiction_id", "stories": "first_date IS NULL, first_date, story_id",
                      "framing": "rowid", "voices": "rowid", "blindspots": "rowid"}

    def report_lines(self, kind: str) -> Iterator[str]:
        """One report file's lines as stored, in report_iter's order, for a file that shows them unchanged:
        written without decoding and encoding every row again."""
        order = self.VERBATIM_KINDS[kind]  # our own table and column names, never taken from text
        return (r[0] + "\n" for r in self.conn.execute(f"SELECT data FROM {kind} ORDER BY {order}"))

    def _contradiction_in(self, row: dict, story_ids: set[str]) -> bool:
        """Whether a contradiction belongs to one of *story_ids*: its event's story, else its statements'."""
        if row.get("event_id"):
            found = self.conn.execute("SELECT story_id FROM events WHERE event_id = ?", (row["event_id"],)).fetchone()
            if found is not None:
                return found[0] in story_ids
        cited = [s.get("article_id") for s in row.get("statements") or [] if isinstance(s, dict)]
        return bool(self.story_ids_of_articles(a for a in cited if isinstance(a, str)) & story_ids)

    def recent_story_ids(self, limit: int) -> Optional[list[str]]:
        """The *limit* stories a briefing shows when the store has more: the latest to end, larger first
        among equals; None when the store has no more than *limit*."""
        if self.report_count("stories") <= limit:
            return None
        return [r[0] for r in self.conn.execute(
            "SELECT story_id FROM stories ORDER BY last_date IS NULL, last_date DESC, "
            "json_array_length(json_extract(data, '$.article_ids')) DESC, story_id LIMIT ?", (limit,))]

    def actor_kinds(self) -> dict[str, str]:
        """Each actor name read in any article, with the kind it was first read as (ACLED's inter codes)."""
        kinds: dict[str, str] = {}
        for name, kind in self.conn.execute(
                "SELECT x.name, x.kind FROM article_actors x JOIN articles a ON a.article_id = x.article_id "
                "ORDER BY a.published, a.article_id, x.position"):
            if name is not None:
                kinds.setdefault(name, kind)
        return kinds

    def _json_rows(self, sql: str) -> list[dict]:
        return [load_json(r[0]) for r in self.conn.execute(sql)]

    # ------------------------------------------------------------------ queries for the web app
    def query(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def search(self, text: str, limit: int = 50) -> dict[str, list[dict]]:
        """Full-text search over articles and claims; the user's text is a parameter, quoted as a phrase."""
        phrase = '"' + text.replace('"', '""') + '"'
        arts = self.query("SELECT article_id, title, outlet, snippet(articles_fts, 2, '[', ']', ' … ', 12) AS snippet "
                          "FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?", (phrase, limit))
        claims = self.query("SELECT claim_id, speaker, snippet(claims_fts, 2, '[', ']', ' … ', 12) AS snippet "
                            "FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?", (phrase, limit))
        return {"articles": arts, "claims": claims}

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _of_stories(story_ids: Optional[list[str]]) -> tuple[str, list[str]]:
    """A WHERE clause keeping the rows of *story_ids* (all rows for None), with ``{col}`` left for the column."""
    if story_ids is None:
        return "", []
    return " WHERE {col} IN (SELECT value FROM json_each(?))", [json.dumps(list(story_ids))]


def _event_row(event: dict) -> dict:
    event["year"] = int(event["event_date"][:4]) if event.get("event_date") else None
    return event


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


@contextlib.contextmanager
def run_lock(db_path: str | os.PathLike) -> Iterator[None]:
    """One writing run per store at a time: a second run stops with a clear message."""
    import fcntl
    lock_path = Path(str(db_path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock_path, "w")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SitroomError(f"another sitroom run is writing to {db_path}; wait for it to finish", "E003") from None
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
