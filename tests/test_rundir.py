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
