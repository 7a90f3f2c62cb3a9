"""The briefing and the web app in headless Chromium (the Debian package, driven by Playwright).

Runs the pipeline once per corpus (the seeds, the bundled demo, and a tiny
hostile corpus written below), then opens what a reader opens: the briefing
as a file:// page, and the web app served on 127.0.0.1. Screenshots land in
bench/screenshots/ (git-ignored) for a human to look at.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from browser_util import (CHROMIUM, CHROMIUM_ARGS, MARK_OFFSET_JS, VIEWPORT, PageWatch, RunRows, screenshot_path,
                          serve_app)
from conftest import SEEDS, need

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium); the browser tests need it",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.slow]

DEMO = Path(__file__).resolve().parents[1] / "sitroom" / "demo" / "corpus"
CORPORA = ["seeds", "demo"]

# --------------------------------------------------------------------------- the hostile corpus (own words)

SCRIPT_TAG = "<script>window.__pwned=1</script>"
IMG_TAG = '<img src=x onerror="window.__pwned=1">'
JS_LINK = "javascript:window.__pwned=1"
TEMPLATE_EXPR = "{{ 7*7 }}"
TEMPLATE_TAG = "{% raw %}"
HOSTILE_TITLE = f"Shells hit Tripoli harbour {SCRIPT_TAG} {IMG_TAG} {TEMPLATE_EXPR}"
HOSTILE_OUTLET = f"Harbour Gazette {IMG_TAG}"
HOSTILE_COUNTED = f"We counted {TEMPLATE_EXPR} shells before dawn"
HOSTILE_BODY = (
    f"{HOSTILE_TITLE}\n\n"
    f"Artillery shells struck the harbour district of Tripoli on Monday, killing five civilians, "
    f"local officials said {SCRIPT_TAG}.\n\n"
    f"The mayor, Ilsa Varnet, said the attack was deliberate {IMG_TAG} and that rescue teams were "
    f"still searching the rubble.\n\n"
    f"\u201c{HOSTILE_COUNTED},\u201d Varnet told reporters, adding that details were posted at "
    f"{JS_LINK} for residents.\n\n"
    f"The defence ministry denied firing on the district {TEMPLATE_TAG} and said its units had struck "
    f"only a fuel depot.\n"
)


def write_hostile_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "01_harbour.txt").write_text(HOSTILE_BODY, encoding="utf-8")
    row = {"path": "01_harbour.txt", "outlet": HOSTILE_OUTLET, "published": "2031-05-06",
           "title": HOSTILE_TITLE, "url": JS_LINK}
    (folder / "manifest.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- fixtures

def run_pipeline(name: str, inputs: Path, out: Path) -> RunRows:
    from sitroom import runner
    from sitroom.settings import default_settings

    runner.run([str(inputs)], out, default_settings().replace(workers=1))
    return RunRows.load(name, out)


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory) -> RunRows:
    return run_pipeline("seeds", need(SEEDS), tmp_path_factory.mktemp("browser-seeds"))


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> RunRows:
    return run_pipeline("demo", DEMO, tmp_path_factory.mktemp("browser-demo"))


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> RunRows:
    corpus = write_hostile_corpus(tmp_path_factory.mktemp("browser-hostile-in"))
    return run_pipeline("hostile", corpus, tmp_path_factory.mktemp("browser-hostile"))


@pytest.fixture(params=CORPORA)
def corpus_run(request) -> RunRows:
    return request.getfixturevalue(f"{request.param}_run")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, **options):
    context = browser.new_context(viewport=VIEWPORT, **options)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser):
    # Reduced motion: jumps to anchors are instant, so clicks need not wait for smooth scrolling.
    yield from open_page(browser, reduced_motion="reduce")


@pytest.fixture
def moving_page(browser):
    """A page with the default motion settings (smooth scrolling), as most readers have it."""
    yield from open_page(browser, reduced_motion="no-preference")


@pytest.fixture
def static_page(browser):
    """A page with JavaScript off: what a reader with scripts blocked sees."""
    yield from open_page(browser, java_script_enabled=False)


# --------------------------------------------------------------------------- 1. the briefing renders offline

def test_briefing_renders_timeline_map_and_contradictions_offline(page, corpus_run):
    watch = PageWatch.attach(page)
    url = corpus_run.briefing.as_uri()
    page.goto(url, wait_until="load")
    markers = page.locator(".leaflet-container path.leaflet-interactive")
    expect(markers.first).to_be_attached()

    assert page.locator("ol.timeline li.event").count() == len(corpus_run.events)
    located = [e for e in corpus_run.events if e.get("latitude") is not None and e.get("longitude") is not None]
    assert located, "the run located no event, so the map test would prove nothing"
    assert markers.count() == len(located)
    assert page.locator(".leaflet-container").count() == page.locator("[data-map]").count() >= 1
    expect(page.locator(".map-fallback")).to_have_count(0)   # the script replaced the no-JS note
    assert page.locator(".contradictions-block").count() >= 1
    assert page.locator("article.contradiction").count() == len(corpus_run.contradictions)
    expect(page.locator(".contradictions-block").first).to_be_visible()

    assert watch.errors == []
    assert watch.foreign_requests(url) == [], "the briefing must load nothing but itself"
    assert set(watch.requests) == {url}

    name = corpus_run.name
    page.screenshot(path=screenshot_path(f"briefing-{name}-top"))
    page.locator(".story").first.evaluate("story => story.scrollIntoView()")
    page.screenshot(path=screenshot_path(f"briefing-{name}-story"))


# --------------------------------------------------------------------------- 2. evidence link -> source sentence

def check_mark_holds(mark, body: str, evidence: dict) -> None:
    """The mark is where the evidence says, and the words from there on are the evidence text."""
    seen = mark.evaluate(MARK_OFFSET_JS)
    assert seen["body"] == body, "the rendered article body differs from articles.jsonl, so offsets would drift"
    assert seen["offset"] == evidence["start"]
    assert seen["body"][seen["offset"]:seen["offset"] + len(evidence["text"])] == evidence["text"]


def test_briefing_evidence_link_scrolls_to_its_sentence(moving_page, corpus_run):
    page = moving_page
    watch = PageWatch.attach(page)
    page.goto(corpus_run.briefing.as_uri(), wait_until="load")
    evidence_by_key = corpus_run.briefing_evidence()
    links = page.locator("ul.evidence a.src")
    assert links.count() >= 1
    # The first and the last event's evidence: the last one sits far down the page.
    for link in (links.first, links.last):
        key = link.get_attribute("href").removeprefix("#")
        assert key in evidence_by_key, f"link #{key} does not name an evidence span of events.jsonl"
        evidence = evidence_by_key[key]
        snippet = link.inner_text().rstrip("…")
        assert " ".join(evidence["text"].split()).startswith(snippet)

        link.click()
        target = page.locator(f"mark[id='{key}']")
        expect(target).to_have_count(1)
        expect(target).to_be_visible()
        expect(target).to_be_in_viewport()
        assert page.evaluate("location.hash") == f"#{key}"
        assert "hl-evidence" in target.get_attribute("class").split()
        pieces = page.locator(f"mark[data-span='{key}']").evaluate_all("els => els.map(e => e.textContent).join('')")
        assert pieces == evidence["text"]
        check_mark_holds(target, corpus_run.body(evidence["article_id"]), evidence)
    assert watch.errors == []


# --------------------------------------------------------------------------- 3. hostile text stays text

def assert_inert(page, watch: PageWatch, allowed_prefix: str, *shown: str) -> str:
    """No injected script ran, no injected element exists, and *shown* appear as literal text."""
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    # JSON data blocks may carry the text (inert); no script the browser would run may.
    assert page.evaluate("[...document.scripts].some(s => (!s.type || /javascript|module/i.test(s.type))"
                         " && s.textContent.includes('__pwned=1'))") is False
    text = page.inner_text("body")
    for literal in shown:
        assert literal in text, f"{literal!r} is not shown as text"
    assert "We counted 49 shells" not in text
    assert watch.errors == []
    assert watch.foreign_requests(allowed_prefix) == []
    return text


def test_hostile_text_is_inert_in_the_briefing(page, hostile_run):
    assert hostile_run.events, "the hostile corpus should still yield an event"
    watch = PageWatch.attach(page)
    url = hostile_run.briefing.as_uri()
    page.goto(url, wait_until="load")
    assert_inert(page, watch, url, HOSTILE_TITLE, HOSTILE_OUTLET, HOSTILE_COUNTED, JS_LINK, TEMPLATE_TAG)
    # Following the source links (evidence, claims, contested statements) must not run anything either.
    for link in page.locator("a.src").all()[:6]:
        link.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert watch.errors == []


def test_hostile_text_is_inert_in_the_web_app(page, hostile_run):
    article_id = hostile_run.articles[0]["article_id"]
    event_id = hostile_run.events[0]["event_id"]
    watch = PageWatch.attach(page)
    with serve_app(hostile_run.db) as base:
        pages = {
            f"/articles/{article_id}": (HOSTILE_TITLE, HOSTILE_OUTLET, HOSTILE_COUNTED, JS_LINK, TEMPLATE_TAG),
            "/search?q=" + quote("counted"): (HOSTILE_TITLE, HOSTILE_COUNTED),
            "/search?q=" + quote(SCRIPT_TAG): (),
            "/events": (HOSTILE_OUTLET,),
            f"/events/{event_id}": (HOSTILE_OUTLET, SCRIPT_TAG),
            "/claims": (HOSTILE_COUNTED,),
            "/": (HOSTILE_TITLE,),
        }
        for path, shown in pages.items():
            watch.clear()
            response = page.goto(base + path, wait_until=settled(path))
            assert response.status == 200, path
            assert_inert(page, watch, base, *shown)
        # The search box gives the hostile query back as its value, not as markup.
        page.goto(base + "/search?q=" + quote(SCRIPT_TAG), wait_until="load")
        assert page.locator("main input[name=q]").input_value() == SCRIPT_TAG
        page.goto(base + f"/articles/{article_id}", wait_until="load")
        page.screenshot(path=screenshot_path("app-hostile-article"), full_page=True)


# --------------------------------------------------------------------------- 4. the web app

def settled(path: str) -> str:
    # /events fetches the country outlines after load; wait for that request too,
    # so an error it causes is seen. The other pages load nothing after "load".
    return "networkidle" if path.startswith("/events") and path.count("/") == 1 else "load"


def app_pages(run: RunRows) -> dict[str, str]:
    """The pages to open: name -> path, chosen from the run's own rows."""
    event = next(e for e in run.events if e.get("evidence") and not e.get("historical"))
    article_id = event["evidence"][0]["article_id"]
    word = max(re.findall(r"[A-Za-z]{5,}", event["evidence"][0]["text"]), key=len)
    return {"stories": "/", "events": "/events", "event": f"/events/{quote(event['event_id'])}",
            "article": f"/articles/{quote(article_id)}", "search": f"/search?q={quote(word)}",
            "contradictions": "/contradictions"}


def page_outline(page) -> dict:
    """What a page shows, independent of scripts: its tables, highlights, cards and results."""
    return {"tables": page.locator("main table").all_inner_texts(),
            "marks": page.locator("main mark").count(),
            "cards": page.locator("main .card").all_inner_texts(),
            "results": page.locator("main ul.results > li").all_inner_texts(),
            "evidence": page.locator("main ol.evidence > li").all_inner_texts(),
            "h1": page.locator("main h1").all_inner_texts()}


def check_page_content(name: str, page, run: RunRows) -> None:
    current = [e for e in run.events if not e.get("historical")]
    if name == "stories":
        expect(page.locator("main a[href^='/stories/']")).to_have_count(len(run.stories))
    elif name == "events":
        expect(page.locator("main table.data tbody tr")).to_have_count(min(len(current), 50))
    elif name == "event":
        event = next(e for e in current if e.get("evidence"))
        expect(page.locator("main ol.evidence > li")).to_have_count(len(event["evidence"]))
        expect(page.locator("main h1")).to_contain_text(event["event_type"])
    elif name == "article":
        assert page.locator("main .body mark.hl-evidence").count() >= 1
    elif name == "search":
        assert page.locator("main ul.results a[href^='/articles/']").count() >= 1
        assert page.locator("main ul.results mark").count() >= 1
    elif name == "contradictions":
        expect(page.locator("main .card")).to_have_count(min(len(run.contradictions), 50))


def test_web_app_pages_work_with_and_without_javascript(page, static_page, corpus_run):
    name = corpus_run.name
    watch = PageWatch.attach(page)
    with serve_app(corpus_run.db) as base:
        for page_name, path in app_pages(corpus_run).items():
            watch.clear()
            response = page.goto(base + path, wait_until=settled(path))
            assert response.status == 200, path
            check_page_content(page_name, page, corpus_run)
            assert watch.errors == [], path
            assert watch.foreign_requests(base) == [], path
            if page_name == "events":
                expect(page.locator("#map.leaflet-container")).to_be_visible()
            page.screenshot(path=screenshot_path(f"app-{name}-{page_name}"))

            response = static_page.goto(base + path, wait_until="load")
            assert response.status == 200, path
            check_page_content(page_name, static_page, corpus_run)
            assert page_outline(static_page) == page_outline(page), f"{path} differs without JavaScript"


def test_web_app_evidence_link_lands_on_its_highlight(page, corpus_run):
    event = next(e for e in corpus_run.events if e.get("evidence") and not e.get("historical"))
    evidence = event["evidence"][0]
    watch = PageWatch.attach(page)
    with serve_app(corpus_run.db) as base:
        page.goto(f"{base}/events/{quote(event['event_id'])}", wait_until="load")
        page.locator("main ol.evidence a.src").first.click()
        page.wait_for_url(re.compile(r"/articles/.+#.+"))
        target = page.locator(":target")
        expect(target).to_have_count(1)
        expect(target).to_be_visible()
        expect(target).to_be_in_viewport()
        assert "hl-evidence" in target.get_attribute("class").split()
        check_mark_holds(target, corpus_run.body(evidence["article_id"]), evidence)
    assert watch.errors == []
