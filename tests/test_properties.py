"""Property tests for everything that reads hostile text: no exception escapes,
offsets round-trip, output is JSON-serialisable and writable as UTF-8.

Examples are bounded (``max_examples``) and derandomised so the suite stays fast
and a failure reproduces. Text comes from two sources: arbitrary Unicode, and
"newsy" text stitched from fragments that exercise quotes, numbers, dates,
scripts and formulas in every order.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import make_hostile  # noqa: E402

from sitroom.ingest import clean, read  # noqa: E402
from sitroom.model import Article, Corpus  # noqa: E402
from sitroom.read import figures, quotes, times  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402
from sitroom.store import rundir  # noqa: E402

FAST = hsettings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = hsettings(max_examples=40, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])

FRAGMENTS = [
    "Artillery shells struck", "the town of Kharkiv", "on Monday", "killing at least 4 civilians", "said",
    "officials said.", "the ministry denied", "rebels", "soldiers were killed", "wounded", "\"", "\u201c", "\u201d",
    "\u00ab", "\u00bb", "'", "\u2018", "\u2019", "\u201e", "1e308", "\u06f2\u06f0\u06f0", "10,000,000,000",
    "31 February", "2031-02-31", "yesterday", "last week", "between 5 and 3", "dozens", "hundreds of", "-5",
    "99999999999999999999999", "\n", "\n\n", ".", ",", "(", ")", "\u200b", "\u202e", "\ufeff", "\u0301",
    "\U0001F4A3", "\u0540\u0580\u0565\u057f", "\u0410\u0440\u0442", "\u0642\u0635\u0641", "=HYPERLINK(\"x\")",
    "+cmd", "@SUM(1)", "-2+3", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "&amp;", "&#0;", "Mayor Ilse Brandt", "he said", "told reporters", "according to", "the army",
]
newsy = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=400), newsy)
published = st.one_of(st.none(), st.sampled_from(["2031-03-04", "2024-02-29", "0001-01-01", "9999-12-31",
                                                  "2031-02-31", "", "garbage"]))


def writable(value) -> str:
    """JSON text of *value* that also encodes as UTF-8 (lone surrogates would not)."""
    text = json.dumps(value, ensure_ascii=False)
    text.encode("utf-8")
    return text


def assert_spans(body: str, items, what: str) -> None:
    for item in items:
        assert 0 <= item.start <= item.end <= len(body), what
        assert body[item.start:item.end] == item.text, (what, item.text)


# --------------------------------------------------------------------------- ingest

@FAST
@given(st.binary(max_size=3000))
def test_decode_bytes_never_raises_and_gives_clean_text(data):
    decoded = read.decode_bytes(data, "x.txt")
    assert (decoded.text is None) != (decoded.error is None)
    if decoded.text is not None:
        decoded.text.encode("utf-8")
    else:
        assert decoded.error.code in ("E102", "E103")


ESCAPED_SURROGATES = [
    '{"text": "Shells hit Kharkiv \\ud800 on Monday", "outlet": "\\udfff", "title": "\\ud83d"}',
    '{"html": "<p>\\udc80</p>", "id": "\\ud800", "path": "\\udbff.txt", "published": "\\ud800"}',
]


@FAST
@given(st.lists(st.one_of(
    st.sampled_from(ESCAPED_SURROGATES),
    st.text(max_size=200),
    st.dictionaries(st.sampled_from(["text", "html", "id", "path", "outlet", "title", "published", "url"]),
                    st.one_of(st.text(max_size=80), newsy, st.integers(), st.none(), st.booleans(),
                              st.lists(st.integers(), max_size=2)), max_size=6).map(json.dumps)), max_size=8))
def test_json_lines_from_stdin_become_articles_or_errors(lines):
    stream = io.BytesIO("\n".join(lines).encode("utf-8", "surrogatepass"))
    items = list(read.discover(["-"], default_settings(), stdin=stream))
    for item in items:
        writable(item.to_dict())
        if isinstance(item, Article):
            assert item.raw.strip()


@FAST
@given(any_text)
def test_jsonl_lines_keep_records_whole(text):
    record = json.dumps({"text": text}, ensure_ascii=False)
    assert read.jsonl_lines(record + "\r\n" + record + "\n") == [record, record]


@FAST
@given(st.text(max_size=200))
def test_scrub_leaves_utf8_writable_text(text):
    scrubbed = read.scrub(text)
    scrubbed.encode("utf-8")
    assert len(scrubbed) == len(text)


@SLOW
@given(st.lists(st.tuples(any_text, st.sampled_from(["txt", "html"])), min_size=1, max_size=3))
def test_clean_never_raises_and_bodies_are_text(docs):
    articles = [Article(article_id=f"p{i}", path=f"p{i}.{fmt}", raw=text if fmt == "txt" else f"<html><body><p>{text}</p></body></html>",
                        raw_format=fmt) for i, (text, fmt) in enumerate(docs)]
    corpus = clean.run(Corpus(articles=articles), default_settings().replace(max_article_chars=300))
    for a in corpus.articles:
        assert a.body.strip() and len(a.body) <= 300
        writable({"body": a.body, "title": a.title, "outlet": a.outlet, "published": a.published})
    assert {e.code for e in corpus.errors} <= {"E104"}
    assert len(corpus.articles) + len(corpus.errors) == len(docs)


@FAST
@given(st.one_of(st.text(max_size=80), st.sampled_from(["http://[::1", "//[", "http://a:99999999/x", "javascript:x",
                                                         "http://example.com/2031/02/31/x", "[", "http://%zz/"])))
def test_urls_from_input_never_raise(url):
    for value in (clean.date_from_url(url), clean.outlet_from_url(url)):
        assert value is None or isinstance(value, str)


@FAST
@given(any_text, st.integers(min_value=1, max_value=500))
def test_cut_body_keeps_a_prefix_within_the_limit(body, limit):
    kept, cut = clean.cut_body(body, limit)
    assert len(kept) <= limit
    assert body.startswith(kept.rstrip()) or not kept


# --------------------------------------------------------------------------- readers without the model

@FAST
@given(any_text, published, st.booleans())
def test_times_resolve_gives_iso_dates_or_none(text, pub, future):
    date, end, precision, part = times.resolve(text, pub, future=future)
    for value in (date, end):
        assert value is None or (len(value) == 10 and value[4] == "-" and value[7] == "-")
    assert precision in (1, 2, 3)
    writable([date, end, precision, part])


@FAST
@given(any_text)
def test_figure_numbers_parse_safely_and_stay_in_range(text):
    for start, end, count in figures.find_counts(text):
        assert 0 <= start <= end <= len(text)
        for value in count:
            assert value is None or (isinstance(value, int) and 0 <= value <= 10 * figures.MAX_COUNT)
    for value in (figures.parse_count(text), figures.words_to_int(text)):
        writable(value)


@FAST
@given(st.text(alphabet=st.sampled_from(list("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a`")
                                          + list("ab .,\n")), max_size=300) | newsy)
def test_quote_scan_offsets_stay_inside_the_text(text):
    for q in quotes.scan_quotes(text):
        assert 0 <= q.open_at < q.start <= q.end <= len(text)
        assert q.close_at is None or q.end <= q.close_at < len(text)


@FAST
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.none(), st.booleans()))
def test_safe_cell_never_lets_a_formula_start(value):
    cell = rundir.safe_cell(value)
    if isinstance(value, str):
        assert not cell.startswith(make_hostile.FORMULA_STARTS)
        assert cell == value or cell == "'" + value
    else:
        assert cell is value


# --------------------------------------------------------------------------- briefing

@SLOW
@given(st.lists(any_text, min_size=6, max_size=6), st.sampled_from(make_hostile.XSS + make_hostile.FORMULAS))
def test_briefing_renders_arbitrary_strings_inertly(texts, payload):
    from sitroom.report import briefing
    body = texts[0] + " " + payload + " " + texts[1]
    start = len(texts[0]) + 1
    span = {"article_id": payload, "start": start, "end": start + len(payload), "text": payload}
    bundle = {
        "articles": [{"article_id": payload, "path": texts[2], "outlet": payload, "published": "2031-03-04",
                      "title": texts[3] + payload, "body": body, "story_id": payload, "url": payload}],
        "events": [{"event_id": payload, "event_date": "2031-03-04", "event_type": payload, "sub_event_type": texts[4],
                    "actor1": payload, "location": payload, "latitude": 1e308, "longitude": float("-inf"),
                    "fatalities": 10 ** 30, "notes": texts[5], "sources": [payload], "evidence": [span],
                    "story_id": payload}],
        "claims": [{"claim_id": payload, "article_id": payload, "speaker": payload, "text": payload, "kind": payload,
                    "direct": True, "start": start, "end": start + len(payload), "event_id": payload}],
        "contradictions": [{"contradiction_id": payload, "kind": payload, "subject": payload, "event_id": payload,
                            "statements": [{**span, "speaker": payload, "value": payload}]}],
        "stories": [{"story_id": payload, "title": payload, "article_ids": [payload], "first_date": "2031-02-31",
                     "last_date": payload}],
        "framing": [{"outlet": payload, "referent": payload, "term": payload, "count": "x", "attributed": True}],
        "errors": [{"path": payload, "stage": payload, "reason": payload, "code": payload}],
    }
    html = briefing.render(bundle)
    assert make_hostile.inert_problems(html) == []


def test_inert_check_finds_what_it_looks_for():
    assert make_hostile.inert_problems("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == []
    for bad in ("<img src=x onerror=alert(1)>", "<a href=' javascript:x'>", "<script>alert(1)</script>",
                "<script type='application/json'>{\"a\": \"</script><script>alert(3)</script>",
                "<iframe src=x></iframe>", "<script src='http://evil.example/x.js'></script>"):
        assert make_hostile.inert_problems(bad), bad
    assert make_hostile.formula_cells("ok,-1.5,'=1\r\n=1+1,-2+3,@x,\"\tx\"\r\n") == ["=1+1", "-2+3", "@x", "\tx"]


# --------------------------------------------------------------------------- readers with the model

@pytest.mark.model
@SLOW
@given(any_text, published)
def test_per_article_readers_never_raise_and_spans_round_trip(parse, text, pub):
    from sitroom.extract import events
    from sitroom.read import actors, places
    article = parse(text, published=pub, outlet="=cmd")
    corpus = Corpus(articles=[article])
    settings = default_settings()
    for stage in (places, actors, times, quotes, figures, events):
        corpus = stage.run(corpus, settings)
    a = corpus.articles[0]
    for name in ("sentences", "mentions", "places", "actors", "times", "figures", "claims"):
        assert_spans(a.body, getattr(a, name), name)
    for cand in a.candidates:
        assert_spans(a.body, cand.evidence, "evidence")
    a.tokens = []
    writable(a.to_dict())


# what a stored record can hold: no integer past 64 bits (see store.db.load_json), any float, any text
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@FAST
@given(_JSON_VALUES)
def test_stored_json_reads_back_as_json_would_read_it(value):
    from sitroom.jsonio import load_json
    text = json.dumps(value, ensure_ascii=False)
    expected, got = json.loads(text), load_json(text)
    # NaN is not equal to itself: compare the texts they write again
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
    assert type(got) is type(expected)


def test_stored_json_that_orjson_refuses_is_read_by_json():
    from sitroom.jsonio import load_json
    got = load_json('{"share": NaN, "high": Infinity, "n": 3}')
    assert got["share"] != got["share"] and got["high"] == float("inf") and got["n"] == 3
