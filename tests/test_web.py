"""The web app over a store filled by hand with invented reports (no pipeline, no model)."""
from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings as hyp_settings, strategies as st

from sitroom.model import (Actor, Article, Blindspot, Claim, Contradiction, Corpus, Event, Evidence, FieldSource,
                           Figure, FrameTerm, Merge, Place, Statement, Story, Voice)
from sitroom.settings import default_settings
from sitroom.store.db import Store
from sitroom.web import app as webapp

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
HOSTILE_TITLE = f"Shelling reported {XSS[0]}"
HOSTILE_SPEAKER = f"Colonel {XSS[1]}"
HOSTILE_OUTLET = f"Daily {XSS[1]}"


def span(body: str, text: str, after: int = 0) -> tuple[int, int]:
    start = body.index(text, after)
    return start, start + len(text)


def make_corpus() -> Corpus:
    """Three invented reports of one shelling in an invented country, one of them hostile."""
    b1 = ("Artillery shells struck the town of Marvel Ridge on Monday, killing at least 12 civilians, "
          "local officials said. \"We were targeted deliberately,\" said Mayor Lena Ortan. "
          f"The defence ministry denied any role. {XSS[0]} {XSS[1]}")
    b2 = ("Officials in Marvel Ridge said 15 people died when shells hit the market on Monday. "
          f"{HOSTILE_SPEAKER} said the army had not fired on the town.")
    b3 = "A protest took place in Port Selwyn on Tuesday, with about 300 people marching peacefully."
    a1 = Article("a1", "one.txt", body=b1, title=HOSTILE_TITLE, outlet="The Northern Herald", published="2031-03-04",
                 story_id="s1")
    a2 = Article("a2", "two.txt", body=b2, title="Market hit in Marvel Ridge", outlet=HOSTILE_OUTLET,
                 published="2031-03-05", story_id="s1", url="javascript:alert(1)")
    a3 = Article("a3", "three.txt", body=b3, title="March in Port Selwyn", outlet="The Northern Herald",
                 published="2031-03-06", story_id="s2")

    s, e = span(b1, "We were targeted deliberately")
    ss, se = span(b1, "Lena Ortan")
    a1.claims.append(Claim("c1", "a1", s, e, b1[s:e], speaker="Lena Ortan", kind="accusation", direct=True,
                           speaker_start=ss, speaker_end=se, event_id="e1"))
    s, e = span(b1, "The defence ministry denied any role.")
    a1.claims.append(Claim("c2", "a1", s, e, b1[s:e], speaker="Defence Ministry", kind="denial", event_id="e1"))
    s, e = span(b1, XSS[0])
    a1.claims.append(Claim("c3", "a1", s, e, b1[s:e], speaker=XSS[0], kind="statement"))
    s, e = span(b2, "the army had not fired on the town")
    a2.claims.append(Claim("c4", "a2", s, e, b2[s:e], speaker=HOSTILE_SPEAKER, kind="denial", event_id="e1"))

    s, e = span(b1, "at least 12")
    fig1 = Figure("a1", s, e, b1[s:e], 0, "killed", best=12, low=12, high=None, group="civilians",
                  source="local officials")
    a1.figures.append(fig1)
    s, e = span(b2, "15")
    fig2 = Figure("a2", s, e, b2[s:e], 0, "killed", best=15, low=15, high=15, group="people", source="Officials")
    a2.figures.append(fig2)
    s, e = span(b1, "Marvel Ridge")
    a1.places.append(Place("a1", s, e, b1[s:e], 0, "Marvel Ridge", country="Vestland", admin1="Upper Vale",
                           latitude=41.5, longitude=44.2))
    s, e = span(b1, "The defence ministry")
    a1.actors.append(Actor("a1", s, e, b1[s:e], 2, "Military Forces of Vestland", kind="state_forces"))
    s, e = span(b3, "Port Selwyn")
    a3.places.append(Place("a3", s, e, b3[s:e], 0, "Port Selwyn", country="Vestland", latitude=40.1, longitude=45.0))

    ev1 = Evidence("a1", 0, b1.index(". ") + 1, b1[:b1.index(". ") + 1])
    ev2 = Evidence("a2", 0, b2.index(". ") + 1, b2[:b2.index(". ") + 1])
    e1 = Event("e1", "2031-03-03", "Explosions/Remote violence", "Shelling/artillery/missile attack",
               actor1="Unidentified Armed Group (Vestland)", actor2=f"Civilians {XSS[0]}", location="Marvel Ridge",
               admin1="Upper Vale", country="Vestland", iso="VL", latitude=41.5, longitude=44.2, geo_precision=1,
               time_precision=1, fatalities=12, fatalities_low=12, fatalities_high=15, notes=f"Notes {XSS[1]}",
               sources=["a1", "a2"], outlets=["The Northern Herald", HOSTILE_OUTLET], sources_count=2,
               evidence=[ev1, ev2], candidate_ids=["k1", "k2"], figures=[fig1, fig2], disputed=True, story_id="s1",
               field_sources=[FieldSource("fatalities", 12, "a1", "The Northern Herald", "local officials"),
                              FieldSource("fatalities", 15, "a2", HOSTILE_OUTLET, "Officials")])
    e2 = Event("e2", "2031-03-06", "Protests", "Peaceful protest", actor1="Protesters (Vestland)",
               location="Port Selwyn", country="Vestland", iso="VL", latitude=40.1, longitude=45.0,
               sources=["a3"], sources_count=1, evidence=[Evidence("a3", 0, len(b3), b3)], story_id="s2")
    e3 = Event("e3", "2009-05-01", "Battles", "Armed clash", location="Old Fort", country="Vestland", historical=True,
               sources=["a1"], story_id="s1")
    return Corpus(
        articles=[a1, a2, a3],
        stories=[Story("s1", f"Shelling of Marvel Ridge {XSS[0]}", ["a1", "a2"], "2031-03-04", "2031-03-05"),
                 Story("s2", "Port Selwyn march", ["a3"], "2031-03-06", "2031-03-06")],
        events=[e1, e2, e3],
        merges=[Merge("e1", "k1", "a1", "same place and day", 0.92), Merge("e1", "k2", "a2", f"why {XSS[0]}", 0.81)],
        contradictions=[
            Contradiction("x1", "figure", "how many were killed in Marvel Ridge", "e1",
                          [Statement("a1", "at least 12", "local officials", value=12),
                           Statement("a2", "15", "Officials", value=15)]),
            Contradiction("x2", "denial", f"who fired {XSS[1]}", "e1",
                          [Statement("a1", "We were targeted deliberately", "Lena Ortan"),
                           Statement("a2", "the army had not fired on the town", HOSTILE_SPEAKER)])],
        framing=[FrameTerm("The Northern Herald", "the attack", "shelling", 3, False, story_id="s1"),
                 FrameTerm(HOSTILE_OUTLET, "the attack", XSS[0], 1, True, story_id="s1")],
        voices=[Voice("The Northern Herald", "s1", "Lena Ortan", "residents", "official", 1, 0.5),
                Voice(HOSTILE_OUTLET, "s1", HOSTILE_SPEAKER, "army", "official", 1, 1.0)],
        blindspots=[Blindspot("s1", "figure", "x1", f"15 dead {XSS[0]}", [HOSTILE_OUTLET], ["The Northern Herald"])],
    )


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "store.db"
    corpus = make_corpus()
    with Store(path) as store:
        store.put_articles(corpus.articles, "test", "run1")
        store.replace_linked(corpus)
    return path


@pytest.fixture(scope="module")
def client(db_path):
    return TestClient(webapp.create_app(db_path))


PAGES = ["/", "/stories/s1", "/stories/s2", "/events", "/events/e1", "/events/e2", "/claims", "/contradictions",
         "/articles", "/articles/a1", "/articles/a2", "/articles/a3", "/outlets", "/search?q=shells",
         "/search?q=Ortan", "/search"]


def api(path: str) -> str:
    return "/api/summary" if path == "/" else "/api" + path


@pytest.mark.parametrize("path", PAGES)
def test_every_page_and_its_json_twin_answer(client, path):
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "<nav" in page.text
    twin = client.get(api(path))
    assert twin.status_code == 200, twin.text
    assert isinstance(twin.json(), dict)


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_never_reaches_html_unescaped(client, path):
    html = client.get(path).text
    for bad in ("<script>alert", "<img src=x", "onerror=alert(1)>"):
        assert bad not in html
    assert "javascript:" not in html


def test_hostile_text_is_shown_escaped(client):
    html = client.get("/articles/a1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert client.get("/api/articles/a1").json()["article"]["title"] == HOSTILE_TITLE


def test_the_only_script_tags_are_our_own(client):
    for path in PAGES:
        html = client.get(path).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert tag in ('<script src="/static/leaflet.js" defer>', '<script src="/static/map.js" defer>',
                           '<script type="application/json" id="map-data">')


@pytest.mark.parametrize("path", ["/stories/nope", "/events/nope", "/articles/nope"])
def test_unknown_ids_are_404(client, path):
    assert client.get(path).status_code == 404
    assert "Not found" in client.get(path).text
    response = client.get("/api" + path)
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_summary_counts(client):
    data = client.get("/api/summary").json()
    stories = {s["story_id"]: s for s in data["stories"]}
    assert stories["s1"]["articles"] == 2
    assert stories["s1"]["events"] == 2
    assert stories["s1"]["claims"] == 4
    assert stories["s1"]["contradictions"] == 2
    assert stories["s2"]["events"] == 1
    assert data["totals"]["articles"] == 3


def event_ids(client, query: str) -> list[str]:
    return [e["event_id"] for e in client.get("/api/events" + query).json()["events"]]


def test_event_filters(client):
    assert sorted(event_ids(client, "")) == ["e1", "e2"]  # history hidden by default
    assert sorted(event_ids(client, "?historical=true")) == ["e1", "e2", "e3"]
    assert event_ids(client, "?date_from=2031-03-05") == ["e2"]
    assert event_ids(client, "?date_to=2031-03-05") == ["e1"]
    assert event_ids(client, "?event_type=Protests") == ["e2"]
    assert event_ids(client, "?place=marvel") == ["e1"]
    assert event_ids(client, "?place=Upper%20Vale") == ["e1"]
    assert event_ids(client, "?disputed=true") == ["e1"]
    assert event_ids(client, "?outlet=The%20Northern%20Herald") == ["e2", "e1"]
    assert event_ids(client, "?place=%25") == []  # the user's % is a literal, not a wildcard
    assert event_ids(client, "?story_id=s2") == ["e2"]


def test_blank_form_fields_and_bad_dates_are_ignored(client):
    data = client.get("/api/events?date_from=&date_to=&outlet=&event_type=&place=&date_from=someday").json()
    assert len(data["events"]) == 2
    response = client.get("/api/events?date_from=03/04/2031")
    assert response.status_code == 200
    assert response.json()["notices"]


def test_pagination(client):
    first = client.get("/api/events?per_page=1&historical=true").json()
    assert first["pager"]["total"] == 3
    assert first["pager"]["pages"] == 3
    assert first["pager"]["prev"] is None
    second = client.get("/api/events" + first["pager"]["next"]).json()
    assert second["pager"]["page"] == 2
    assert second["events"][0]["event_id"] != first["events"][0]["event_id"]
    assert client.get("/api/events?page=0").status_code == 422
    assert client.get("/events?page=x").status_code == 422


def test_claim_filters(client):
    def ids(query):
        return sorted(c["claim_id"] for c in client.get("/api/claims" + query).json()["claims"])

    assert ids("") == ["c1", "c2", "c3", "c4"]
    assert ids("?kind=denial") == ["c2", "c4"]
    assert ids("?speaker=ortan") == ["c1"]
    assert ids("?outlet=The%20Northern%20Herald") == ["c1", "c2", "c3"]
    assert ids("?event_id=e1") == ["c1", "c2", "c4"]


def test_contradiction_and_article_filters(client):
    found = client.get("/api/contradictions?kind=figure").json()["contradictions"]
    assert [c["contradiction_id"] for c in found] == ["x1"]
    assert [s["value"] for s in found[0]["statements"]] == [12, 15]
    arts = client.get("/api/articles?outlet=The%20Northern%20Herald").json()["articles"]
    assert sorted(a["article_id"] for a in arts) == ["a1", "a3"]


def test_event_page_shows_figures_sources_and_merges(client):
    data = client.get("/api/events/e1").json()
    assert [(f["best"], f["outlet"]) for f in data["figures"]] == [(12, "The Northern Herald"), (15, HOSTILE_OUTLET)]
    assert [m["candidate_id"] for m in data["merges"]] == ["k1", "k2"]
    figure_dispute = next(c for c in data["contradictions"] if c["kind"] == "figure")
    assert [s["outlet"] for s in figure_dispute["statements"]] == ["The Northern Herald", HOSTILE_OUTLET]
    assert {s["article_id"] for s in data["sources"]} == {"a1", "a2"}
    html = client.get("/events/e1").text
    assert "12–15" in html
    assert "disputed" in html
    for ev in data["evidence"]:
        assert f'/articles/{ev["article_id"]}#{ev["anchor"]}' in html


def test_evidence_and_claim_links_land_on_highlight_ids(client):
    event = client.get("/api/events/e1").json()
    for ev in event["evidence"]:
        article_html = client.get(f"/articles/{ev['article_id']}").text
        assert f'id="{ev["anchor"]}"' in article_html
    for c in event["claims"]:
        assert f'id="{c["anchor"]}"' in client.get(f"/articles/{c['article_id']}").text


def test_article_highlights_cover_every_extracted_kind(client):
    data = client.get("/api/articles/a1").json()
    kinds = {h["kind"] for h in data["highlights"]}
    assert kinds == {"evidence", "claim", "speaker", "figure", "place", "actor"}
    body = data["article"]["body"]
    for h in data["highlights"]:
        assert body[h["start"]:h["end"]] == h["text"]
    assert data["offsets_not_matching"] == 0
    html = client.get("/articles/a1").text
    assert len(set(re.findall(r'id="([^"]+)"', html))) == len(re.findall(r'id="([^"]+)"', html))


def test_rendered_body_keeps_the_text_exactly():
    body = 'A <b>&"quoted"</b> text with "Marvel Ridge" in it.'
    marks = [webapp.Highlight("evidence", 0, len(body), "ev-0", "e", body),
             webapp.Highlight("claim", 2, 20, "claim-1", "c<>", body[2:20]),
             webapp.Highlight("place", 15, 40, "place-15", "p", body[15:40]),  # crosses the claim
             webapp.Highlight("figure", 90, 99, "fig-x", "out of range", "")]
    html = str(webapp.render_highlighted(body, marks))
    assert "<b>" not in html
    plain = re.sub(r"</?mark[^>]*>", "", html)
    assert plain.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&amp;", "&") == body
    assert html.count("<mark") == html.count("</mark>")
    assert html.count('id="place-15"') == 1  # split in two pieces, only the first carries the id
    assert 'title="c&lt;&gt;"' in html


def unescape(html: str) -> str:
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


@hyp_settings(max_examples=150, deadline=None)
@given(body=st.text(alphabet=st.sampled_from(list("ab <>&\"'=/") + ["\u00e9", "\n"]), max_size=40),
       cuts=st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45), st.sampled_from(sorted(webapp.KIND_RANK))),
                     max_size=8))
def test_highlighting_any_text_and_spans_keeps_the_text_and_the_markup_sound(body, cuts):
    marks = [webapp.Highlight(kind, s, e, f"{kind}-{n}", "<l>", body[max(s, 0):max(e, 0)])
             for n, (s, e, kind) in enumerate(cuts)]
    html = str(webapp.render_highlighted(body, marks))
    tags = re.findall(r"<[^>]*>", html)
    assert all(re.fullmatch(r'<mark class="hl hl-[a-z]+"( id="[^"<>]+")? title="[^"<>]*">|</mark>', t) for t in tags)
    assert html.count("<mark") == html.count("</mark>")
    assert unescape(re.sub(r"<[^>]*>", "", html)) == body
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("q", ['"', '""', "*", "NEAR(", "shell*", "'; DROP TABLE articles; --", "a OR b AND",
                               "title:x", "^x", "(((", "-", "\\", "%_", "😀"])
def test_search_with_fts_syntax_never_errors(client, q):
    for path in ("/search", "/api/search"):
        response = client.get(path, params={"q": q})
        assert response.status_code == 200, response.text
    assert client.get("/api/search", params={"q": q}).json()["error"] is None  # the text went in as data, not syntax
    assert client.get("/api/summary").json()["totals"]["articles"] == 3


def test_search_finds_articles_and_claims(client):
    data = client.get("/api/search", params={"q": "deliberately"}).json()
    assert [a["article_id"] for a in data["articles"]] == ["a1"]
    assert [c["claim_id"] for c in data["claims"]] == ["c1"]
    assert data["claims"][0]["article_id"] == "a1"
    html = client.get("/search", params={"q": "deliberately"}).text
    assert "<mark>deliberately</mark>" in html


def test_openapi_lists_the_api_routes(client):
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for route in ("/api/summary", "/api/events", "/api/events/{event_id}", "/api/claims", "/api/contradictions",
                  "/api/articles", "/api/articles/{article_id}", "/api/outlets", "/api/search",
                  "/api/stories/{story_id}"):
        assert route in paths
    assert "post" in schema["paths"]["/api/articles"]
    assert "ArticleIn" in schema["components"]["schemas"]
    assert not any(p.startswith("/static") or p == "/events" for p in paths)


def test_static_files_are_a_fixed_list(client):
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/leaflet.js").status_code == 200
    for bad in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/", "/static/app.py", "/static/templates"):
        assert client.get(bad).status_code == 404


def test_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_missing_store_is_reported(tmp_path):
    response = TestClient(webapp.create_app(tmp_path / "none.db")).get("/api/events")
    assert response.status_code == 503


# --------------------------------------------------------------------------- POST /api/articles

@pytest.fixture
def upload_client(tmp_path):
    path = tmp_path / "upload.db"
    Store(path).close()
    settings = default_settings().replace(web_max_upload_bytes=2000)
    return TestClient(webapp.create_app(path, settings)), path


def test_upload_over_the_cap_is_413(upload_client):
    client, _ = upload_client
    big = json.dumps({"text": "x" * 5000})
    assert client.post("/api/articles", content=big, headers={"content-type": "application/json"}).status_code == 413


def test_upload_over_the_cap_without_content_length_is_413(upload_client):
    client, _ = upload_client

    def chunks():
        for _ in range(10):
            yield b" " * 500

    response = client.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


@pytest.mark.parametrize("body", ["42", '"text"', "[1, 2]", "null", "[]", "{not json", '{"title": "no text"}',
                                  '{"text": "x", "published": "yesterday"}', '{"text": "x", "evil": 1}'])
def test_upload_that_is_not_an_article_is_422(upload_client, body):
    client, _ = upload_client
    assert client.post("/api/articles", content=body, headers={"content-type": "application/json"}).status_code == 422


def test_upload_needs_json_content_type(upload_client):
    client, _ = upload_client
    assert client.post("/api/articles", content='{"text": "x"}', headers={"content-type": "text/plain"}).status_code == 415


def test_upload_runs_the_pipeline_and_returns_ids(upload_client, monkeypatch):
    """The runner is replaced by a stand-in that stores what it was given: this checks the app's side only."""
    from sitroom import runner
    from sitroom.ingest import read as ingest_read

    client, path = upload_client
    seen = {}

    def fake_run(inputs, out_dir, settings, db_path=None, **kwargs):
        seen["settings"], seen["db"] = settings, db_path
        found = list(ingest_read.discover(inputs, settings))
        for a in found:
            a.body = a.raw
        with Store(db_path) as store:
            store.put_articles(found, "test", "r")
        return runner.RunSummary(run_id="r", out_dir=str(out_dir), db_path=str(db_path), inputs=inputs,
                                 articles_in_store=len(found))

    monkeypatch.setattr(runner, "run", fake_run)
    payload = [{"text": "Shells hit Marvel Ridge.", "outlet": "Test Wire", "published": "2031-03-04", "title": "T"},
               {"html": "<html><body><p>Second report.</p></body></html>", "outlet": "Test Wire"}]
    response = client.post("/api/articles", json=payload)
    assert response.status_code == 201, response.text
    ids = response.json()["article_ids"]
    assert len(ids) == 2
    assert seen["db"] == path and seen["settings"].workers == 1
    assert client.get(f"/api/articles/{ids[0]}").json()["article"]["outlet"] == "Test Wire"
    single = client.post("/api/articles", json={"text": "Shells hit Marvel Ridge.", "outlet": "Test Wire"})
    assert single.status_code == 201
