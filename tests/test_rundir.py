"""The run directory: contract fields, formula-safe CSV, GeoJSON."""
import csv
import io
import json

from sitroom.model import Article, Corpus, Event, Evidence
from sitroom.store import rundir


def _corpus():
    body = "=HYPERLINK(\"http://x\") Shelling hit the town on Monday."
    a = Article(article_id="a1", path="in/a.txt", body=body, title="@title", outlet="+Outlet", published="2024-03-04")
    e = Event("ev1", "2024-03-04", "Explosions/Remote violence", "Shelling/artillery/missile attack",
              actor1="=cmd|' /C calc'!A0", location="-Town", latitude=1.5, longitude=2.5, country="Nowhere",
              iso="NW", fatalities=3, fatalities_low=3, fatalities_high=7, notes="\tTab note",
              sources=["a1"], sources_count=1, evidence=[Evidence("a1", 0, len(body), body)])
    return Corpus(articles=[a], events=[e])


def test_contract_files_are_written(tmp_path):
    rundir.write(_corpus(), tmp_path, {"run_id": "r"}, briefing=False)
    for name in ("articles", "events", "claims", "contradictions", "stories", "framing"):
        assert (tmp_path / f"{name}.jsonl").exists()
    row = json.loads((tmp_path / "events.jsonl").read_text().splitlines()[0])
    for key in ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "location", "fatalities",
                "fatalities_low", "fatalities_high", "sources", "evidence", "disputed", "historical", "notes"):
        assert key in row
    art = json.loads((tmp_path / "articles.jsonl").read_text())
    assert set(rundir.ARTICLE_FIELDS) <= set(art)


def test_csv_neutralises_formulas(tmp_path):
    rundir.write(_corpus(), tmp_path, briefing=False)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text())))
    assert rows and rows[0]["fatalities_low"] == "3" and rows[0]["fatalities_high"] == "7"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert rows[0]["source"] == "'+Outlet"


def test_geojson_points_use_lon_lat(tmp_path):
    rundir.write(_corpus(), tmp_path, briefing=False)
    gj = json.loads((tmp_path / "events.geojson").read_text())
    assert gj["type"] == "FeatureCollection"
    assert gj["features"][0]["geometry"]["coordinates"] == [2.5, 1.5]


def test_no_temp_files_left(tmp_path):
    rundir.write(_corpus(), tmp_path, briefing=False)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _store_with_two_stories(tmp_path):
    from sitroom.model import Story
    from sitroom.store.db import Store

    older = Article(article_id="a1", path="in/a.txt", body="Shelling hit Aldport on Monday.", title="Aldport shelled",
                    outlet="North Wire", published="2024-03-04", story_id="s1")
    newer = Article(article_id="a2", path="in/b.txt", body="Police detained 12 marchers in Belmere on Friday.",
                    title="Belmere arrests", outlet="South Post", published="2024-05-10", story_id="s2")
    events = [Event("ev1", "2024-03-04", "Explosions/Remote violence", "Shelling/artillery/missile attack",
                    location="Aldport", latitude=1.5, longitude=2.5, country="Nowhere", iso="NW", story_id="s1",
                    sources=["a1"], sources_count=1, evidence=[Evidence("a1", 0, 31, older.body)]),
              Event("ev2", "2024-05-10", "Strategic developments", "Arrests", location="Belmere", latitude=3.0,
                    longitude=4.0, country="Nowhere", iso="NW", story_id="s2", sources=["a2"], sources_count=1,
                    evidence=[Evidence("a2", 0, 49, newer.body)])]
    stories = [Story("s1", "Aldport shelled", ["a1"], "2024-03-04", "2024-03-04"),
               Story("s2", "Belmere arrests", ["a2"], "2024-05-10", "2024-05-10")]
    store = Store(tmp_path / "store.db")
    store.put_articles([older, newer], "v", "r")
    store.replace_linked(Corpus(articles=[older, newer], events=events, stories=stories))
    return store


def test_a_store_is_written_row_by_row_as_its_rows_would_be(tmp_path):
    store = _store_with_two_stories(tmp_path)
    run = {"run_id": "r"}
    rundir.write_rows({**store.report_rows(), "errors": [], "run": run}, tmp_path / "whole", {})
    rundir.write_store(store, tmp_path / "streamed", {}, run, [], briefing_max_stories=10)
    for name in ("articles.jsonl", "events.jsonl", "stories.jsonl", "events.csv", "events.geojson", "briefing.html"):
        assert (tmp_path / "streamed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    assert "latest of the store" not in (tmp_path / "streamed" / "briefing.html").read_text()


def test_a_briefing_of_a_large_store_shows_its_latest_stories_and_says_so(tmp_path):
    store = _store_with_two_stories(tmp_path)
    rundir.write_store(store, tmp_path / "out", {}, {"run_id": "r"}, [], briefing_max_stories=1)
    html = (tmp_path / "out" / "briefing.html").read_text()
    assert "Belmere arrests" in html and "Aldport shelled" not in html
    assert "shows the 1 latest of the store&#39;s 2 stories" in html or "shows the 1 latest of the store's 2 stories" in html
    events = [json.loads(line) for line in (tmp_path / "out" / "events.jsonl").read_text().splitlines()]
    assert [e["event_id"] for e in events] == ["ev1", "ev2"]  # the files keep every story


def test_a_capped_briefing_leaves_the_files_as_a_whole_one_writes_them(tmp_path):
    # below the cap the rows are decoded and kept for the briefing; above it stored lines pass straight through
    store = _store_with_two_stories(tmp_path)
    rundir.write_store(store, tmp_path / "whole", {}, {"run_id": "r"}, [], briefing_max_stories=10)
    rundir.write_store(store, tmp_path / "capped", {}, {"run_id": "r"}, [], briefing_max_stories=1)
    written = sorted(p.name for p in (tmp_path / "whole").iterdir() if p.suffix in (".jsonl", ".csv", ".geojson"))
    assert {"stories.jsonl", "events.csv", "events.geojson", "framing.jsonl"} <= set(written)
    for name in written:
        assert (tmp_path / "capped" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    assert not [p for p in (tmp_path / "capped").iterdir() if p.name.endswith(".tmp")]


def _written(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_files_written_by_a_process_of_their_own_are_the_same_files(tmp_path, monkeypatch, caplog):
    store = _store_with_two_stories(tmp_path)
    # a module in the working folder named like one the writer imports is not the one it gets
    (tmp_path / "json.py").write_text("raise SystemExit(7)\n")
    monkeypatch.chdir(tmp_path)
    run, errors = {"run_id": "r"}, [{"path": "in/<x>.txt", "stage": "read", "code": "E101", "reason": "gone",
                                     "article_id": None}]
    rundir.write_store(store, tmp_path / "here", {}, run, errors, briefing_max_stories=10)
    with caplog.at_level("WARNING", logger="sitroom.store.rundir"):
        rundir.write_store(store, tmp_path / "beside", {}, run, errors, briefing_max_stories=10, processes=2)
    assert "writing them here" not in caplog.text  # written by the other process, not by the fallback
    here, beside = _written(tmp_path / "here"), _written(tmp_path / "beside")
    assert sorted(here) == sorted(beside) and "errors.jsonl" in here and "briefing.html" in here
    assert here == beside


def test_files_are_written_here_when_their_process_fails(tmp_path, monkeypatch, caplog):
    store = _store_with_two_stories(tmp_path)
    rundir.write_store(store, tmp_path / "here", {}, {"run_id": "r"}, [], briefing_max_stories=10)
    monkeypatch.setattr(rundir.FilesWriter, "MODULE", "sitroom.store.no_such_module")
    with caplog.at_level("WARNING", logger="sitroom.store.rundir"):
        rundir.write_store(store, tmp_path / "after", {}, {"run_id": "r"}, [], briefing_max_stories=10, processes=2)
    assert "writing them here" in caplog.text and "no_such_module" in caplog.text
    assert _written(tmp_path / "after") == _written(tmp_path / "here")


def test_an_article_read_again_leaves_one_full_text_row_and_old_stores_are_rekeyed(tmp_path):
    import sqlite3

    from sitroom.model import Claim
    from sitroom.store.db import MIGRATIONS, Store

    body = "Police detained 12 marchers in Belmere on Friday, the mayor said."
    claim = Claim(claim_id="a1-c0", article_id="a1", speaker="the mayor", kind="statement", direct=False,
                  text=body, start=0, end=len(body))
    article = Article(article_id="a1", path="in/a.txt", body=body, title="Belmere arrests", outlet="South Post",
                      published="2024-05-10", claims=[claim])
    store = Store(tmp_path / "store.db")
    for _ in range(3):  # read again twice, as after an upgrade
        store.put_articles([article], "v", "r")
    assert store.search("marchers")["articles"] and len(store.search("marchers")["articles"]) == 1
    assert len(store.search("mayor")["claims"]) == 1
    store.close()

    # a store written before the rows had keys: its full-text rows are rekeyed once, then found by key
    old = sqlite3.connect(tmp_path / "store.db")
    old.execute("DELETE FROM migrations WHERE name='0006_fulltext_keys'")
    old.execute("DELETE FROM articles_fts")
    old.execute("INSERT INTO articles_fts VALUES ('a1', 'Belmere arrests', ?, 'South Post')", (body,))
    old.commit()
    old.close()
    assert "0006_fulltext_keys" in dict(MIGRATIONS)
    store = Store(tmp_path / "store.db")
    store.put_articles([article], "v", "r")
    assert len(store.search("marchers")["articles"]) == 1


def _as_before_migration(path, migration: str, table: str):
    """The store at *path* as a version before *migration* left it (its *table* empty, the migration not
    applied), opened again: the migration fills the table once."""
    import sqlite3

    from sitroom.store.db import Store

    old = sqlite3.connect(path)
    old.execute(f"DELETE FROM {table}")  # our own table names
    old.execute("DELETE FROM migrations WHERE name=?", (migration,))
    old.commit()
    old.close()
    return Store(path)


def test_the_wordings_of_each_framing_referent_are_indexed_and_old_stores_are_indexed_once(tmp_path):
    from sitroom.model import Wording
    from sitroom.store.db import Store

    body = "Shelling hit Belmere, which the other side calls Belmir, during the sweep."
    wordings = [Wording("a1", 13, 20, "Belmere", "place", "Belmere"),
                Wording("a1", 47, 53, "Belmir", "place", "Belmere"),
                Wording("a1", 66, 71, "sweep", "phrase", "the military operation", per_story=True),
                Wording("a1", 0, 8, "Shelling", "phrase", "the named operation")]
    article = Article(article_id="a1", path="in/a.txt", body=body, outlet="South Post", wordings=wordings)
    wanted = [("the place Belmere", "a1", "Belmere"), ("the place Belmere", "a1", "Belmir"),
              ("the named operation", "a1", "Shelling")]  # a per-story phrase is not corpus-wide

    def indexed(store):
        return [(r, a, json.loads(w)["text"]) for r, a, w in
                store.conn.execute("SELECT referent, article_id, wording FROM framing_wordings ORDER BY rowid")]

    store = Store(tmp_path / "store.db")
    store.put_articles([article], "v", "r")
    store.put_articles([article], "v", "r")  # read again: its rows replace the old ones
    assert indexed(store) == wanted
    naming = store.wordings_naming(["the place Belmere", "the place Elsewhere"])
    assert [w.text for w in naming["a1"]] == ["Belmere", "Belmir"] and list(naming) == ["a1"]
    store.close()

    store = _as_before_migration(tmp_path / "store.db", "0007_framing_wordings", "framing_wordings")
    assert indexed(store) == wanted


def test_actor_kinds_come_from_the_first_article_that_read_each_name_and_old_stores_are_indexed_once(tmp_path):
    from sitroom.model import Actor
    from sitroom.store.db import Store

    def actor(article_id, name, kind, start=0):
        return Actor(article_id, start, start + 5, "x", 0, name, kind)

    earlier = Article(article_id="b", path="in/b.txt", body="x", published="2024-05-01",
                      actors=[actor("b", "Belmere Militia", "militia"), actor("b", "Police of Nowhere", "police", 9)])
    later = Article(article_id="a", path="in/a.txt", body="x", published="2024-05-09",
                    actors=[actor("a", "Belmere Militia", "rebels"), actor("a", "Rioters (Nowhere)", "rioters")])
    wanted = {"Belmere Militia": "militia", "Police of Nowhere": "police", "Rioters (Nowhere)": "rioters"}
    store = Store(tmp_path / "store.db")
    store.put_articles([later, earlier], "v", "r")
    store.put_articles([later], "v", "r")  # read again: its actors replace the old ones
    assert store.actor_kinds() == wanted and list(store.actor_kinds()) == list(wanted)
    assert store.conn.execute("SELECT count(*) FROM article_actors").fetchone()[0] == 4
    store.close()

    store = _as_before_migration(tmp_path / "store.db", "0009_article_actors", "article_actors")
    assert store.actor_kinds() == wanted and list(store.actor_kinds()) == list(wanted)


def test_kept_briefing_parts_round_trip_compressed_and_a_foreign_entry_is_built_again(tmp_path):
    import zlib

    from sitroom.report import briefing
    from sitroom.store.db import Store

    def html_of(key):
        return json.loads(parts.get(key))["html"]

    store = Store(tmp_path / "store.db")
    parts = store.briefing_parts()
    html = '{"html": "<article id=\\"art-1\\">Shelling hit Belmere \\u2014 twice</article>"}'
    parts.save({"k1": html, "k2": "{}"}, used={"k1", "k2"})
    assert parts.get("k1") == html.encode("utf-8") and parts.get("missing") is None
    stored = store.conn.execute("SELECT data FROM briefing_parts WHERE part_key='k1'").fetchone()[0]
    assert isinstance(stored, bytes) and html.encode() not in stored
    store.conn.execute("INSERT OR REPLACE INTO briefing_parts VALUES ('k3', 'plain text')")
    assert parts.get("k3") is None
    store.conn.execute("INSERT OR REPLACE INTO briefing_parts VALUES ('k4', ?)", (zlib.compress(b"\xff{not json"),))
    kept = briefing.KeptParts(parts)
    assert kept.reuse_html("k4") is None and kept.reuse_html("k1") == html_of("k1") and kept.used == {"k1"}
    parts.save({}, used={"k2"})  # what the last briefing did not use goes
    assert [r[0] for r in store.conn.execute("SELECT part_key FROM briefing_parts")] == ["k2"]
