"""The HTML briefing: sections, escaping of hostile text, no network, highlights.

The bundle below is invented for these tests (a fictional conflict between
"Arvenia" and "Doloria"); every offset is computed from the invented bodies.
"""
from __future__ import annotations

import copy
import json
import os
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from sitroom.report import briefing

# Anchors are made from row ids, so that they stay put when a rerun adds rows.
S1, S2 = briefing.story_anchor("st1"), briefing.story_anchor("st2")
EV1, EV2, EV3 = (f"ev-{briefing.anchor_key(e)}" for e in ("e1", "e2", "e3"))
ART1, ART2, ART3 = (f"art-{briefing.anchor_key(a)}" for a in ("a1", "a2", "a3"))
CX1 = f"cx-{briefing.anchor_key('x1')}"

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
]

BODY_1 = (
    "Artillery struck the market town of Kestrel Ford on Tuesday morning, local officials said.\n\n"
    "At least 12 civilians were killed and 30 wounded, according to the regional governor, Mara Ostrel.\n\n"
    "\u201cThis was a deliberate attack on people buying bread,\u201d Ostrel told reporters. "
    "The Dolorian defence ministry denied firing on the town and said its units had hit a depot.\n\n"
    "The town was also shelled during the war of 1994, when dozens died."
)
BODY_2 = (
    "Dolorian forces shelled Kestrel Ford on Tuesday, killing eight people, the Arvenian health ministry said.\n\n"
    "A spokesman for the Dolorian army, Teo Vran, said: \u201cWe struck only military targets.\u201d\n\n"
    "Separately, protesters gathered in Sel Varan to demand a ceasefire."
)
BODY_3 = (
    "Reports say " + HOSTILE[0] + " an explosion hit Marrow Hill, killing 3 soldiers " + HOSTILE[1] + ".\n\n"
    "A source called it " + HOSTILE[2] + " and asked not to be named."
)


def at(body: str, text: str, article_id: str) -> dict:
    start = body.index(text)
    return {"article_id": article_id, "start": start, "end": start + len(text), "text": text}


def demo_bundle() -> dict:
    """A small, fully invented run: two stories, one hostile article, one skipped file."""
    s1_market = at(BODY_1, "Artillery struck the market town of Kestrel Ford on Tuesday morning, local officials said.", "a1")
    s1_figure = at(BODY_1, "At least 12", "a1")
    s1_history = at(BODY_1, "The town was also shelled during the war of 1994, when dozens died.", "a1")
    s2_shell = at(BODY_2, "Dolorian forces shelled Kestrel Ford on Tuesday, killing eight people, the Arvenian health ministry said.", "a2")
    s2_figure = at(BODY_2, "eight", "a2")
    s2_protest = at(BODY_2, "Separately, protesters gathered in Sel Varan to demand a ceasefire.", "a2")
    s3_blast = at(BODY_3, "an explosion hit Marrow Hill, killing 3 soldiers " + HOSTILE[1] + ".", "a3")
    s3_figure = at(BODY_3, "3", "a3")
    quote_1 = at(BODY_1, "This was a deliberate attack on people buying bread,", "a1")
    denial_1 = at(BODY_1, "denied firing on the town and said its units had hit a depot", "a1")
    quote_2 = at(BODY_2, "We struck only military targets.", "a2")
    hostile_quote = at(BODY_3, HOSTILE[2], "a3")
    return {
        "articles": [
            {"article_id": "a1", "path": "in/harbor.txt", "outlet": "Harbor Ledger", "published": "2031-05-14",
             "title": "Shelling kills civilians in Kestrel Ford", "body": BODY_1, "story_id": "st1"},
            {"article_id": "a2", "path": "in/wire.txt", "outlet": "Eastern Wire", "published": "2031-05-14",
             "title": "Army says it hit only military targets", "body": BODY_2, "story_id": "st1",
             "url": "https://example.org/wire/123"},
            {"article_id": "a3", "path": "in/" + HOSTILE[1] + ".txt", "outlet": HOSTILE[0], "published": "2031-05-15",
             "title": HOSTILE[0], "body": BODY_3, "story_id": "st2"},
        ],
        "stories": [
            {"story_id": "st1", "title": "Shelling of Kestrel Ford", "article_ids": ["a1", "a2"],
             "first_date": "2031-05-14", "last_date": "2031-05-14"},
            {"story_id": "st2", "title": HOSTILE[2], "article_ids": ["a3"],
             "first_date": "2031-05-15", "last_date": "2031-05-15"},
        ],
        "events": [
            {"event_id": "e1", "event_date": "2031-05-13", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Military Forces of Doloria",
             "actor2": "Civilians (Arvenia)", "location": "Kestrel Ford", "admin1": "Upper Vale",
             "country": "Arvenia", "latitude": 44.21, "longitude": 20.95, "geo_precision": 1,
             "time_precision": 1, "fatalities": 12, "fatalities_low": 8, "fatalities_high": 12,
             "sources": ["a1", "a2"], "outlets": ["Harbor Ledger", "Eastern Wire"], "sources_count": 2,
             "evidence": [s1_market, s2_shell], "disputed": True, "historical": False, "story_id": "st1",
             "figures": [
                 dict(s1_figure, category="killed", best=12, low=12, high=None, group="civilians", source="Mara Ostrel"),
                 dict(s2_figure, category="killed", best=8, low=8, high=8, group="people", source="Arvenian health ministry"),
             ],
             "field_sources": [{"field": "actor1", "value": "Military Forces of Doloria", "article_id": "a2",
                                "outlet": "Eastern Wire", "speaker": "Arvenian health ministry"}]},
            {"event_id": "e2", "event_date": "1994-01-01", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Shelling/artillery/missile attack", "location": "Kestrel Ford", "country": "Arvenia",
             "latitude": 44.21, "longitude": 20.95, "time_precision": 3, "fatalities": None,
             "sources": ["a1"], "outlets": ["Harbor Ledger"], "sources_count": 1, "evidence": [s1_history],
             "disputed": False, "historical": True, "story_id": "st1", "figures": []},
            {"event_id": "e3", "event_date": "2031-05-14", "event_type": "Protests", "sub_event_type": "Peaceful protest",
             "actor1": "Protesters (Arvenia)", "location": "Sel Varan", "country": "Arvenia",
             "latitude": 44.6, "longitude": 21.4, "time_precision": 1, "fatalities": 0,
             "sources": ["a2"], "outlets": ["Eastern Wire"], "sources_count": 1, "evidence": [s2_protest],
             "disputed": False, "historical": False, "story_id": "st1"},
            {"event_id": "e4", "event_date": "2031-05-15", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Remote explosive/landmine/IED", "actor1": HOSTILE[0], "location": HOSTILE[2],
             "country": HOSTILE[1], "latitude": 45.0, "longitude": 22.0, "fatalities": 3,
             "sources": ["a3"], "outlets": [HOSTILE[0]], "sources_count": 1, "evidence": [s3_blast],
             "disputed": False, "historical": False, "story_id": "st2", "notes": HOSTILE[1],
             "figures": [dict(s3_figure, category="killed", best=3, group=HOSTILE[0], source=HOSTILE[2])]},
        ],
        "claims": [
            dict(quote_1, claim_id="c1", speaker="Mara Ostrel", kind="accusation", direct=True, event_id="e1", party="Arvenia"),
            dict(denial_1, claim_id="c2", speaker="Dolorian defence ministry", kind="denial", direct=False, event_id="e1", party="Doloria"),
            dict(quote_2, claim_id="c3", speaker="Teo Vran", kind="denial", direct=True, event_id="e1", party="Doloria"),
            dict(hostile_quote, claim_id="c4", speaker=HOSTILE[1], kind="claim", direct=False),
        ],
        "contradictions": [
            {"contradiction_id": "x1", "kind": "figure", "subject": "People killed in the shelling of Kestrel Ford",
             "event_id": "e1", "statements": [
                 {"article_id": "a1", "speaker": "Mara Ostrel", "text": s1_figure["text"], "value": 12,
                  "start": s1_figure["start"], "end": s1_figure["end"]},
                 {"article_id": "a2", "speaker": "Arvenian health ministry", "text": s2_figure["text"], "value": 8}]},
            {"contradiction_id": "x2", "kind": "denial", "subject": HOSTILE[0], "event_id": "e4", "statements": [
                {"article_id": "a3", "speaker": HOSTILE[1], "text": HOSTILE[2], "value": None}]},
        ],
        "framing": [
            {"outlet": "Harbor Ledger", "referent": "the shelling", "term": "deliberate attack", "count": 1, "attributed": True},
            {"outlet": "Harbor Ledger", "referent": "the shelling", "term": "artillery strike", "count": 2, "attributed": False},
            {"outlet": "Eastern Wire", "referent": "the shelling", "term": "military targets", "count": 1, "attributed": True},
            {"outlet": HOSTILE[0], "referent": HOSTILE[1], "term": HOSTILE[2], "count": 1, "attributed": False},
        ],
        "voices": [
            {"outlet": "Harbor Ledger", "story_id": "st1", "speaker": "Mara Ostrel", "party": "Arvenia", "kind": "official", "count": 2, "share": 0.67},
            {"outlet": "Harbor Ledger", "story_id": "st1", "speaker": "Dolorian defence ministry", "party": "Doloria", "kind": "official", "count": 1, "share": 0.33},
            {"outlet": "Eastern Wire", "story_id": "st1", "speaker": "Teo Vran", "party": "Doloria", "kind": "official", "count": 1, "share": 1.0},
            {"outlet": HOSTILE[0], "story_id": "st2", "speaker": HOSTILE[2], "party": HOSTILE[1], "kind": "other", "count": 1, "share": 1.0},
        ],
        "blindspots": [
            {"story_id": "st1", "item_kind": "event", "item_id": "e3", "summary": "Protest in Sel Varan",
             "reported_by": ["Eastern Wire"], "missing_from": ["Harbor Ledger"]},
            {"story_id": "st2", "item_kind": "claim", "item_id": "c4", "summary": HOSTILE[1],
             "reported_by": [HOSTILE[0]], "missing_from": [HOSTILE[2]]},
        ],
        "errors": [{"path": "in/" + HOSTILE[0] + ".pdf", "stage": "ingest", "reason": "file is binary, not text", "code": "E103"}],
        "run": {"started": "2031-05-16T08:00:00Z", "finished": "2031-05-16T08:00:09Z", "version": "0.1.0",
                "inputs": ["in/"]},
    }


# --------------------------------------------------------------------------- an HTML reader for the assertions

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "wbr", "source", "embed", "param", "track"}


class Page(HTMLParser):
    """Collects tags, ids, links, scripts and the text inside each <mark data-span>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.stack: list[tuple[str, dict]] = []
        self.mark_text: dict[str, str] = defaultdict(str)
        self.mark_article: dict[str, str] = {}
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.unbalanced: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.unbalanced.append(tag)
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
            return
        article = next((a.get("id") for t, a in reversed(self.stack) if t == "article" and a.get("id", "").startswith("art-")), None)
        for tag, attributes in self.stack:
            if tag == "mark" and "data-span" in attributes:
                key = attributes["data-span"]
                self.mark_text[key] += data
                self.mark_article[key] = article


@pytest.fixture(scope="module")
def bundle():
    return demo_bundle()


@pytest.fixture(scope="module")
def html(bundle):
    return briefing.render(bundle)


@pytest.fixture(scope="module")
def page(html):
    return Page(html)


# --------------------------------------------------------------------------- sections and structure

def test_sections_exist_in_order(page):
    # Framing rows carry no story_id in the contract, so they form the
    # cross-story overview; voices name their story and sit inside it.
    wanted = ["summary",
              S1, EV1, f"{S1}-timeline", f"{S1}-map", f"{S1}-contradictions",
              f"{S1}-claims", f"{S1}-voices", f"{S1}-blindspots",
              S2, f"{S2}-timeline", f"{S2}-map", f"{S2}-contradictions", f"{S2}-claims",
              f"{S2}-voices", f"{S2}-blindspots", "overview", "overview-framing",
              "articles", ART1, ART2, ART3]
    section_like = [i for i in page.ids if i in wanted]
    # the first event sits inside the timeline, after its heading section opens
    assert [i for i in section_like if i != EV1] == [w for w in wanted if w != EV1]
    assert page.ids.index(f"{S1}-timeline") < page.ids.index(EV1) < page.ids.index(f"{S1}-map")


def test_ids_are_unique_and_every_internal_link_resolves(page):
    assert len(page.ids) == len(set(page.ids))
    hrefs = [a["href"] for tag, a in page.tags if tag == "a" and "href" in a]
    assert hrefs, "the page should link its lines to their sources"
    missing = [h for h in hrefs if not h.startswith("#") or h[1:] not in set(page.ids)]
    assert missing == []


def test_html_is_well_formed(page):
    assert page.unbalanced == []
    assert [t for t, _ in page.stack] == []


def test_summary_counts(html):
    summary = html[html.index('id="summary"'):html.index(f'id="{S1}"')]
    counts = dict((label, int(value)) for value, label in re.findall(
        r'<span class="value">(\d+)</span><span class="label">([^<]+)</span>', summary))
    assert counts == {"Stories": 2, "Articles": 3, "Outlets": 3, "Events": 3, "Disputed events": 1,
                      "Contradictions": 2, "Claims": 4, "Skipped files": 1}
    assert "file is binary, not text" in summary


def test_timeline_orders_events_and_sets_history_apart(html):
    story = html[html.index(f'id="{S1}-timeline"'):html.index(f'id="{S1}-map"')]
    current, _, background = story.partition("historical-block")
    assert current.index(f'id="{EV1}"') < current.index(f'id="{EV3}"')     # 2031-05-13 before 2031-05-14
    assert f'id="{EV2}"' in background and f'id="{EV2}"' not in current
    assert "badge-disputed" in current[current.index(f'id="{EV1}"'):current.index(f'id="{EV3}"')]
    assert "badge-disputed" not in current[current.index(f'id="{EV3}"'):]
    numbers = re.findall(r'<span class="ev-no">#(\d+)</span>', story)
    assert numbers == ["2", "3", "1"]   # numbered by date within the story (1994 first), history listed after


def test_event_shows_figures_with_outlet_and_speaker(html):
    event = html[html.index(f'id="{EV1}"'):html.index(f'id="{EV3}"')]
    assert "12 (reported 8–12)" in event
    assert "Harbor Ledger, citing Mara Ostrel" in event
    assert "Eastern Wire, citing Arvenian health ministry" in event
    assert "2 outlets" in event


def test_contradiction_statements_side_by_side(html):
    block = html[html.index(f'id="{CX1}"'):html.index(f'id="{S1}-claims"')]
    assert block.count('class="statement"') == 2
    assert '<div class="value">12</div>' in block and '<div class="value">8</div>' in block
    assert block.index("Mara Ostrel") < block.index("Arvenian health ministry")


def test_claims_grouped_by_speaker(html):
    block = html[html.index(f'id="{S1}-claims"'):html.index(f'id="{S1}-voices"')]
    speakers = re.findall(r'<h4>([^<]+?) <span class="party">', block)
    assert sorted(speakers) == ["Dolorian defence ministry", "Mara Ostrel", "Teo Vran"]


def test_framing_marks_attributed_terms(html):
    block = html[html.index('id="overview-framing"'):html.index('id="articles"')]
    assert re.search(r'class="term attributed"[^>]*>deliberate attack', block)
    assert re.search(r'class="term">artillery strike<span class="n">×2', block)


def test_map_data_round_trips_through_json_parse(page, bundle):
    data = next(text for attrs, text in page.scripts if attrs.get("id") == "sitroom-map-data")
    assert "<" not in data and ">" not in data
    parsed = json.loads(data)
    assert sorted(parsed["maps"]) == sorted([S1, S2])
    hostile_point = parsed["maps"][S2][0]
    assert hostile_point["place"].startswith(HOSTILE[2])    # the hostile text survives as data, intact
    outlines = next(text for attrs, text in page.scripts if attrs.get("id") == "sitroom-outlines")
    assert json.loads(outlines)["type"] == "FeatureCollection"


# --------------------------------------------------------------------------- hostile text

def test_hostile_strings_never_appear_unescaped(html):
    for hostile in HOSTILE:
        assert hostile not in html
    assert "<img" not in html.lower()


def test_only_our_scripts_exist_and_no_event_handlers(page):
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert [s.get("id") or s.get("type") or "inline" for s in scripts] == [
        "sitroom-map-data", "sitroom-outlines", "inline", "inline"]
    handlers = [(tag, name) for tag, attrs in page.tags for name in attrs if name.lower().startswith("on")]
    assert handlers == []


def test_content_security_policy_forbids_network(html):
    head = html[:html.index("<style")]
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
    assert match
    policy = match.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in policy and "img-src data:" in policy
    assert "connect-src" not in policy and "http" not in policy


def test_no_remote_url_would_be_fetched(page, html):
    url_attributes = {"src", "href", "action", "srcset", "poster", "data", "formaction", "xlink:href", "background"}
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name in url_attributes:
                assert value and value.startswith("#"), (tag, name, value)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "@import" not in html
    # The only absolute URLs left are inert strings inside vendored Leaflet
    # (an XML namespace and the attribution link we switch off), and the
    # article's URL shown as text.
    found = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert found <= {"http://www.w3.org/2000/svg", "https://leafletjs.com", "https://example.org/wire/123"}
    assert 'href="https://' not in html.replace('<a href="https://leafletjs.com"', "")


def test_article_url_is_text_not_link(html):
    assert '<span class="url">https://example.org/wire/123</span>' in html


# --------------------------------------------------------------------------- highlights

def test_every_evidence_span_is_a_highlight_with_the_same_text(page, bundle):
    bodies = {a["article_id"]: a["body"] for a in bundle["articles"]}
    anchors = {a["article_id"]: f"art-{briefing.anchor_key(a['article_id'])}" for a in bundle["articles"]}
    spans = [e for event in bundle["events"] for e in event["evidence"]]
    spans += [f for event in bundle["events"] for f in event.get("figures", [])]
    spans += bundle["claims"]
    marked = {(page.mark_article[k], text) for k, text in page.mark_text.items()}
    for span in spans:
        expected = bodies[span["article_id"]][span["start"]:span["end"]]
        assert (anchors[span["article_id"]], expected) in marked, expected


def test_every_highlight_has_an_anchor_on_its_first_piece(page):
    ids = set(page.ids)
    assert page.mark_text and all(key in ids for key in page.mark_text)


def test_evidence_link_points_at_its_highlight(page, bundle):
    marks_by_id = dict(page.mark_text)
    links = [a["href"][1:] for tag, a in page.tags if tag == "a" and a.get("class") == "src"]
    evidence_texts = {e["text"] for event in bundle["events"] for e in event["evidence"]}
    linked_texts = {marks_by_id[target] for target in links if target in marks_by_id}
    assert evidence_texts <= linked_texts


def test_article_bodies_render_whole(page, bundle, html):
    for article in bundle["articles"]:
        # each body comes back intact once tags are dropped and entities decoded
        start = html.index(f'id="art-{briefing.anchor_key(article["article_id"])}"')
        chunk = html[start:]
        body_html = chunk[chunk.index('<div class="body">') + len('<div class="body">'):chunk.index("</div>")]
        assert _text_of(body_html) == article["body"]


def _text_of(fragment: str) -> str:
    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)
    reader = Text()
    reader.feed(fragment)
    reader.close()
    return "".join(reader.parts)


def test_crossing_spans_stay_well_formed_and_whole():
    body = "one two three four"
    first = briefing.Highlight("s1-0-7", 0, 7, {"evidence"})
    crossing = briefing.Highlight("s1-4-13", 4, 13, {"claim"})
    html = str(briefing.mark_body(body, [first, crossing]))
    page = Page(f"<article id='art-1'>{html}</article>")
    assert page.unbalanced == []
    assert page.mark_text == {"s1-0-7": "one two", "s1-4-13": "two three"}
    assert html.count('id="s1-4-13"') == 1 and html.count('data-span="s1-4-13"') == 2


def test_offsets_that_miss_are_found_by_text_or_left_unlinked():
    body = "Alpha said one thing. Beta said another."
    assert briefing.locate_span(body, 0, 5, "Alpha") == (0, 5)
    assert briefing.locate_span(body, 3, 8, "Beta") == (22, 26)
    assert briefing.locate_span(body, 3, 8, "Gamma") is None
    assert briefing.locate_span(body, 30, 10, None) is None


def test_unfindable_quote_is_shown_as_unverified_text():
    bundle = {"articles": [{"article_id": "a", "body": "Nothing here.", "outlet": "X"}],
              "claims": [{"claim_id": "c", "article_id": "a", "speaker": "S", "text": "words never written",
                          "start": 0, "end": 5, "kind": "claim"}]}
    html = briefing.render(bundle)
    assert re.search(r'class="src unverified"[^>]*>words never written<', html)
    assert "<mark" not in html.split('id="articles"')[1].split("</section>")[0].replace('<mark class="hl hl-', "")


# --------------------------------------------------------------------------- partial bundles and writing

@pytest.mark.parametrize("bundle_value", [{}, {"articles": []}, {"events": None, "claims": "nonsense"},
                                          {"run": {"version": "x"}, "errors": [{"path": "p"}]}])
def test_partial_bundles_render(bundle_value):
    html = briefing.render(bundle_value)
    assert html.startswith("<!DOCTYPE html>") and 'id="summary"' in html
    assert Page(html).unbalanced == []


def test_without_located_events_no_map_library_is_inlined():
    html = briefing.render({"articles": [{"article_id": "a", "body": "Quiet day.", "title": "T"}]})
    assert "Leaflet 1.9.4" not in html and 'id="leaflet-css"' not in html
    assert 'id="sitroom-outlines"' not in html


def test_events_without_stories_get_a_section(page):
    bundle = {"events": [{"event_id": "e", "event_date": "2031-01-02", "event_type": "Battles",
                          "sub_event_type": "Armed clash", "latitude": 1.0, "longitude": 2.0}]}
    html = briefing.render(bundle)
    assert 'id="story-unassigned"' in html and "All reports" in html and f'id="ev-{briefing.anchor_key("e")}"' in html


def test_render_is_deterministic(bundle, html):
    assert briefing.render(bundle) == html


# --------------------------------------------------------------------------- reruns: stable anchors

def test_anchors_stay_put_when_a_rerun_adds_rows():
    before = Page(briefing.render(demo_bundle()))
    grown = demo_bundle()
    body = "Shelling resumed near Kestrel Ford overnight, the governor said."
    grown["articles"].insert(0, {"article_id": "a0", "outlet": "Night Desk", "published": "2031-05-13",
                                 "title": "Overnight shelling", "body": body, "story_id": "st0"})
    grown["stories"].insert(0, {"story_id": "st0", "title": "Overnight shelling", "article_ids": ["a0"],
                                "first_date": "2031-05-13", "last_date": "2031-05-13"})
    grown["events"].insert(0, dict(grown["events"][0], event_id="e0", event_date="2031-05-12", story_id="st0",
                                   sources=["a0"], evidence=[at(body, body, "a0")], figures=[], field_sources=[]))
    after = Page(briefing.render(grown))
    assert set(before.ids) <= set(after.ids)      # every old link still resolves ...
    new_story = briefing.story_anchor("st0")      # ... to the same thing, after the story put before them
    assert after.ids.index(new_story) < after.ids.index(S1) < after.ids.index(EV1) < after.ids.index(S2)
    assert after.ids.index(f"art-{briefing.anchor_key('a0')}") < after.ids.index(ART1)


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path, bundle):
    target = tmp_path / "out" / "briefing.html"
    written = briefing.write(bundle, target)
    assert written == target and target.read_text(encoding="utf-8") == briefing.render(bundle)
    assert sorted(os.listdir(target.parent)) == ["briefing.html"]
    assert target.stat().st_mode & 0o044, "others should be able to read the briefing"


def test_load_bundle_reads_a_run_directory(tmp_path, bundle):
    for key in ("articles", "events", "claims"):
        (tmp_path / f"{key}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in bundle[key]), encoding="utf-8")
    (tmp_path / "run.json").write_text(json.dumps(bundle["run"]), encoding="utf-8")
    loaded = briefing.load_bundle(tmp_path)
    assert loaded["events"] == bundle["events"] and loaded["run"]["version"] == "0.1.0"
    assert "stories" not in loaded


def test_vendored_files_and_licences_are_present():
    static = briefing.STATIC
    for name in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/LICENSE",
                 "world-atlas/countries-110m.geojson", "world-atlas/LICENSE", "VERSIONS"):
        assert (static / name).is_file(), name
    leaflet = (static / "leaflet/leaflet.js").read_text(encoding="utf-8")
    assert "</script" not in leaflet.lower() and "<!--" not in leaflet
    assert "1.9.4" in (static / "VERSIONS").read_text(encoding="utf-8")


def test_country_outlines_do_not_jump_across_the_map():
    outlines = json.loads((briefing.STATIC / "world-atlas/countries-110m.geojson").read_text(encoding="utf-8"))
    jumping = set()
    for feature in outlines["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for ring in (ring for polygon in polygons for ring in polygon):
            jumps = sum(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:]))
            if jumps % 2 == 0 and jumps:
                jumping.add(feature["properties"]["name"])
    assert jumping == set()
    assert len(outlines["features"]) > 150


# --------------------------------------------------------------------------- properties over hostile text

@hsettings(max_examples=150, deadline=None)
@given(st.text())
def test_script_json_never_closes_the_script_and_round_trips(text):
    encoded = briefing.script_json({"t": text})
    assert "<" not in encoded and ">" not in encoded
    assert json.loads(encoded) == {"t": text}


@hsettings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'\n/")), max_size=40), st.data())
def test_marked_body_always_reads_back_as_the_body(body, data):
    spans = []
    for n in range(data.draw(st.integers(0, 5))):
        if len(body) < 1:
            break
        start = data.draw(st.integers(0, len(body) - 1))
        end = data.draw(st.integers(start + 1, len(body)))
        spans.append(briefing.Highlight(f"s1-{start}-{end}-{n}", start, end, {"evidence"}))
    html = str(briefing.mark_body(body, spans))
    page = Page(f"<article id='art-1'>{html}</article>")
    assert page.unbalanced == []
    assert _text_of(html) == body
    for h in spans:
        assert page.mark_text.get(h.key, "") == body[h.start:h.end]


@hsettings(max_examples=300, deadline=None)
@given(st.text())
def test_marks_escape_as_markupsafe_does(text):
    from markupsafe import escape

    assert briefing._escaped(text) == str(escape(text))


def test_many_speakers_fold_the_tail_but_keep_every_claim():
    body = " ".join(f"Speaker {n} said thing {n}." for n in range(12))
    claims = [dict(at(body, f"thing {n}", "a"), claim_id=f"c{n}", speaker=f"Speaker {n}", kind="statement")
              for n in range(12)]
    html = briefing.render({"articles": [{"article_id": "a", "body": body}], "claims": claims})
    assert html.count('<div class="speaker">') == 12
    folded = html[html.index('class="more-speakers"'):]
    assert "4 more speakers" in folded and folded.count('<div class="speaker">') == 4
    assert Page(html).unbalanced == []


def test_an_event_its_reports_place_nowhere_says_so_and_stays_off_the_map():
    bundle = {"events": [{"event_id": "e", "event_date": "2031-01-02", "event_type": "Riots",
                          "sub_event_type": "Mob violence", "location": None, "latitude": None, "longitude": None}]}
    html = briefing.render(bundle)
    assert "not told in its reports" in html and "Leaflet 1.9.4" not in html


# --------------------------------------------------------------------------- sections kept between runs

class _Backing:
    """The store's kept parts, in memory."""

    def __init__(self):
        self.parts: dict[str, str] = {}

    def get(self, key):
        return self.parts.get(key)

    def save(self, new, used):
        self.parts = {k: v for k, v in self.parts.items() if k in used} | new


def _render_keeping(bundle, backing):
    kept = briefing.KeptParts(backing)
    html = "".join(briefing.render_parts(bundle, kept))
    kept.save()
    return html, kept


def test_kept_sections_render_the_same_page_and_are_rebuilt_when_an_article_they_cite_changes(bundle):
    backing = _Backing()
    first, kept = _render_keeping(bundle, backing)
    assert first == briefing.render(bundle) and kept.new and len(backing.parts) == len(kept.new)
    again, kept = _render_keeping(bundle, backing)
    assert again == first and not kept.new and kept.used == set(backing.parts)  # every section reused

    # an article's title and body change (read again by a newer version): the sections citing it are built
    # again, since their own rows are unchanged but what they show of the article is not
    changed = copy.deepcopy(bundle)
    article = changed["articles"][0]
    article["title"] = "A retitled report"
    article["body"] = article["body"].replace("the", "teh", 1)
    edited, kept = _render_keeping(changed, backing)
    assert edited == briefing.render(changed)
    assert kept.new and len(kept.new) < len(backing.parts)


def test_a_part_key_depends_on_values_not_on_which_objects_are_shared():
    label = "".join(["Event 1 of ", "the story"])
    shared = [{"labels": [label]}, {"labels": [label]}]
    separate = [{"labels": ["".join(["Event 1 of ", "the story"])]}, {"labels": ["".join(["Event 1 of ", "the story"])]}]
    assert briefing._digest(shared) == briefing._digest(separate)
    assert briefing._digest(shared) != briefing._digest([{"labels": ["Event 2 of the story"]}] * 2)


def _as_stored(bundle: dict) -> dict:
    """The bundle with its claims, framing, voices and blind spots as a store hands them to a briefing."""
    def stored(rows, filed_under):
        return briefing.StoredRows((row.get(filed_under), json.dumps(row)) for row in rows)
    return {**bundle, "claims": stored(bundle["claims"], "article_id"),
            **{kind: stored(bundle[kind], "story_id") for kind in ("framing", "voices", "blindspots")}}


def test_stored_rows_are_decoded_when_read_and_filed_by_story_in_their_order():
    rows = briefing.StoredRows([("s1", '{"n": 1}'), ("s2", '{"n": 2}'), ("s1", '{"n": 3}'),
                                ("s1", "[1, 2]"), ("s2", '{"n": broken')])
    assert len(rows) == 4 and [r["n"] for r in rows] == [1, 2, 3]  # a list is no row; broken JSON is skipped
    filed = rows.filed(lambda story: story.upper())
    assert sorted(filed) == ["S1", "S2"] and [r["n"] for r in filed["S1"]] == [1, 3]


def test_rows_read_as_stored_text_render_the_page_their_decoded_rows_render(bundle):
    stored = _as_stored(bundle)
    assert briefing.render(stored) == briefing.render(bundle)
    backing = _Backing()
    first, _ = _render_keeping(stored, backing)
    again, kept = _render_keeping(_as_stored(bundle), backing)
    assert again == first == briefing.render(bundle) and not kept.new

    # a claim worded otherwise in the store: its story's section is built again, and shows the new words
    changed = copy.deepcopy(bundle)
    claim = changed["claims"][0]
    claim["speaker"] = "Mara Ostrel, the governor"
    edited, kept = _render_keeping(_as_stored(changed), backing)
    assert edited == briefing.render(changed) and "Mara Ostrel, the governor" in edited
    assert kept.new and len(kept.new) < len(backing.parts)
