"""Exports of a store filled by hand: every format writes files other tools can read back."""
from __future__ import annotations

import csv
import io
import json

import pytest

from sitroom.errors import SitroomError
from sitroom.model import Article, Claim, Corpus, Event, Evidence, Figure, Story
from sitroom.store import export as exporter
from sitroom.store.db import Store

FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+2", "-3+cmd", "@SUM(A1)"]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    """Two invented articles; outlet, title, speaker and event fields begin like spreadsheet formulas."""
    b1 = "Rockets hit Dunmere on Friday, killing 4 people, the regional governor said."
    b2 = "Residents said about 7 people died in Dunmere. The army denied firing."
    a1 = Article("a1", "one.txt", body=b1, title=FORMULAS[0], outlet=FORMULAS[1], published="2031-06-07", story_id="s1")
    a2 = Article("a2", "two.txt", body=b2, title="Dunmere", outlet="Lakeside Post", published="2031-06-08", story_id="s1")
    start = b2.index("The army")
    a2.claims.append(Claim("c1", "a2", start, len(b2), b2[start:], speaker=FORMULAS[3], kind="denial", event_id="e1"))
    fig = Figure("a1", b1.index("4"), b1.index("4") + 1, "4", 0, "killed", best=4)
    a1.figures.append(fig)
    event = Event("e1", "2031-06-06", "Explosions/Remote violence", "Shelling/artillery/missile attack",
                  actor1=FORMULAS[2], location="Dunmere", country="Vestland", iso="VL", latitude=51.25, longitude=3,
                  time_precision=1, fatalities=4, fatalities_low=4, fatalities_high=7, sources=["a1", "a2"],
                  outlets=[FORMULAS[1], "Lakeside Post"], sources_count=2, disputed=True, story_id="s1",
                  evidence=[Evidence("a1", 0, len(b1), b1)], figures=[fig])
    undated = Event("e2", None, "Strategic developments", "Other", sources=["a2"])
    corpus = Corpus(articles=[a1, a2], events=[event, undated],
                    stories=[Story("s1", "Dunmere", ["a1", "a2"], "2031-06-07", "2031-06-08")])
    path = tmp_path_factory.mktemp("export") / "store.db"
    with Store(path) as store:
        store.put_articles(corpus.articles, "test", "run1")
        store.replace_linked(corpus)
    return path


def read_csv(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_files_are_readable_and_formula_safe(db_path, tmp_path):
    paths = exporter.export(db_path, "csv", tmp_path)
    assert sorted(p.name for p in paths) == ["articles.csv", "claims.csv", "events.csv"]
    events, claims, articles = (read_csv(tmp_path / n) for n in ("events.csv", "claims.csv", "articles.csv"))
    assert sorted(e["event_id"] for e in events) == ["e1", "e2"]
    shelling = next(e for e in events if e["event_id"] == "e1")
    assert shelling["fatalities_low"] == "4" and shelling["fatalities_high"] == "7"
    assert claims[0]["claim_id"] == "c1" and claims[0]["outlet"] == "Lakeside Post"
    assert {a["article_id"] for a in articles} == {"a1", "a2"}
    for rows in (events, claims, articles):
        for row in rows:
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@")), value
    assert claims[0]["speaker"] == "'" + FORMULAS[3]
    assert next(a for a in articles if a["article_id"] == "a1")["title"] == "'" + FORMULAS[0]


def test_geojson_has_one_point_per_located_event(db_path, tmp_path):
    (path,) = exporter.export(db_path, "geojson", tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["event_id"] for f in data["features"]] == ["e1"]
    assert data["features"][0]["geometry"]["coordinates"] == [3, 51.25]


def test_parquet_reads_back_with_flat_columns(db_path, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is needed for the parquet export")
    paths = exporter.export(db_path, "parquet", tmp_path)
    assert sorted(p.name for p in paths) == ["articles.parquet", "claims.parquet", "events.parquet"]
    events = pq.read_table(tmp_path / "events.parquet").to_pylist()
    by_id = {e["event_id"]: e for e in events}
    assert by_id["e1"]["fatalities_high"] == 7
    assert by_id["e1"]["longitude"] == 3.0 and by_id["e1"]["year"] == 2031
    assert by_id["e2"]["event_date"] is None and by_id["e2"]["year"] is None
    assert json.loads(by_id["e1"]["sources"]) == ["a1", "a2"]
    assert json.loads(by_id["e1"]["evidence"])[0]["article_id"] == "a1"
    schema = pq.read_schema(tmp_path / "events.parquet")
    assert str(schema.field("fatalities").type) == "int64"
    assert str(schema.field("disputed").type) == "bool"
    claims = pq.read_table(tmp_path / "claims.parquet").to_pylist()
    assert claims[0]["speaker"] == FORMULAS[3] and claims[0]["direct"] is False
    articles = pq.read_table(tmp_path / "articles.parquet").to_pylist()
    assert {a["article_id"]: a["outlet"] for a in articles} == {"a1": FORMULAS[1], "a2": "Lakeside Post"}


def test_jsonl_writes_the_contract_files(db_path, tmp_path):
    paths = exporter.export(db_path, "jsonl", tmp_path)
    assert {p.name for p in paths} >= {"articles.jsonl", "events.jsonl", "claims.jsonl", "contradictions.jsonl",
                                       "stories.jsonl", "framing.jsonl"}
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert {e["event_id"] for e in events} == {"e1", "e2"}
    articles = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text().splitlines()]
    for a in articles:
        assert set(a) >= {"article_id", "path", "outlet", "published", "title", "body", "story_id"}
    claims = [json.loads(line) for line in (tmp_path / "claims.jsonl").read_text().splitlines()]
    body = next(a["body"] for a in articles if a["article_id"] == claims[0]["article_id"])
    assert body[claims[0]["start"]:claims[0]["end"]] == claims[0]["text"]


def test_no_temporary_files_are_left(db_path, tmp_path):
    for fmt in exporter.FORMATS:
        exporter.export(db_path, fmt, tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_empty_store_exports_empty_but_valid_files(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is needed for the parquet export")
    db = tmp_path / "empty.db"
    Store(db).close()
    exporter.export(db, "parquet", tmp_path / "out")
    assert pq.read_table(tmp_path / "out" / "events.parquet").num_rows == 0
    exporter.export(db, "csv", tmp_path / "out")
    assert read_csv(tmp_path / "out" / "claims.csv") == []


def test_unknown_format_and_missing_store_are_clear_errors(db_path, tmp_path):
    with pytest.raises(SitroomError, match="unknown export format"):
        exporter.export(db_path, "xlsx", tmp_path)
    with pytest.raises(SitroomError, match="no store"):
        exporter.export(tmp_path / "nothing.db", "csv", tmp_path)
