"""Framing: phrases for contested things, compared outlet by outlet."""
import re
from collections import Counter
from pathlib import Path

import pytest

from sitroom import frame
from sitroom.model import Article, Claim, Corpus, Event, Mention, Place
from sitroom.read import terms, wording

DEMO = Path(__file__).resolve().parents[1] / "sitroom" / "demo" / "corpus"


def test_lexicons_name_no_party_or_place_of_the_demo_conflict():
    """The method must find the demo's loaded terms without being told its names: no word that the demo
    corpus only ever writes capitalised (a name) is in any lexicon."""
    text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in DEMO.iterdir() if p.is_file())
    text = re.sub(r"\S*[/_=.<>@#]\S*", " ", text)  # URLs, paths and markup spell names in lower case
    words = re.findall(r"[A-Za-zÀ-ÿ][a-zà-ÿ-]{3,}", text)
    seen, capital = Counter(w.lower() for w in words), Counter(w.lower() for w in words if w[0].isupper())
    names = {w for w, n in capital.items() if n >= 0.9 * seen[w]}
    # Ordinary English nouns that the demo happens to use only inside names ("Liberation Front", "Rural Guard"):
    # they are head nouns of armed groups in any conflict, not this conflict's names.
    names -= {"front", "guard", "liberation", "council", "movement", "army"}
    assert {"tupiza", "cordillera", "atocha"} <= names  # the check sees the demo's names
    lexicon = set(terms.LOADED) | {w for heads in terms.FAMILIES.values() for w in heads}
    assert not names & lexicon, names & lexicon


def _article(aid, outlet, body, terms_found, claims=(), places=(), actors=(), story_id="s1"):
    a = Article(article_id=aid, path=f"{aid}.txt", body=body, outlet=outlet, story_id=story_id)
    a.terms = [Mention(aid, body.index(t), body.index(t) + len(t), t, f"TERM:{fam}") for t, fam in terms_found]
    a.claims = list(claims)
    a.places = list(places)
    a.actors = list(actors)
    a.wordings, a.voicings = wording.wordings(a), wording.voicings(a)  # what the per-article stage gives frame
    return a


def test_each_outlet_gets_its_own_words_and_quotes_are_marked_attributed():
    a = _article("a", "State Wire", "The anti-bandit sweep continued in the hills.", [("anti-bandit sweep", "operation")])
    body = 'The group said the "brutal assault" must stop.'
    quoted = "the \"brutal assault\" must stop"
    c = Claim("b-c0", "b", body.index(quoted), body.index(quoted) + len(quoted), quoted, speaker="the group")
    b = _article("b", "Free Voice", body, [("brutal assault", "operation")], claims=[c])
    rows = frame.framing(Corpus(articles=[a, b]))
    by_outlet = {(r.outlet, r.term): r for r in rows}
    assert by_outlet[("State Wire", "anti-bandit sweep")].attributed is False
    assert by_outlet[("Free Voice", "brutal assault")].attributed is True
    assert by_outlet[("State Wire", "anti-bandit sweep")].referent == by_outlet[("Free Voice", "brutal assault")].referent
    for r in rows:
        for ex in r.examples:
            src = a if ex.article_id == "a" else b
            assert src.body[ex.start:ex.end] == ex.text


def test_one_place_under_two_names_is_a_contested_referent():
    p1 = Place("a", 4, 9, "Xtown", 0, name="Xtown")
    p2 = Place("b", 4, 9, "Ytown", 0, name="Xtown")
    a = _article("a", "One", "The Xtown story", [], places=[p1])
    b = _article("b", "Two", "The Ytown story", [], places=[p2])
    rows = frame.framing(Corpus(articles=[a, b]))
    assert {(r.outlet, r.term) for r in rows if r.referent == "the place Xtown"} == {("One", "Xtown"), ("Two", "Ytown")}


def test_a_row_names_the_story_it_was_counted_in_and_only_that_one():
    """A place's names are counted over every story, so the row belongs to none (showing it under the
    story of its first article showed other stories' counts there); an operation named in one story
    ("the sweep") is counted in that story and says so."""
    a = _article("a", "One", "The Xtown sweep went on.", [("sweep", "operation")],
                 places=[Place("a", 4, 9, "Xtown", 0, name="Xtown")], story_id="s1")
    b = _article("b", "Two", "The Ytown raid went on.", [("raid", "operation")],
                 places=[Place("b", 4, 9, "Ytown", 0, name="Xtown")], story_id="s2")
    c = _article("c", "One", "Xtown again, and a raid.", [("raid", "operation")],
                 places=[Place("c", 0, 5, "Xtown", 0, name="Xtown")], story_id="s2")
    rows = frame.framing(Corpus(articles=[a, b, c]))
    place_rows = [r for r in rows if r.referent == "the place Xtown"]
    assert {(r.outlet, r.term, r.count, r.story_id) for r in place_rows} == {("One", "Xtown", 2, None),
                                                                             ("Two", "Ytown", 1, None)}
    operations = {(r.outlet, r.term): r.story_id for r in rows if r.referent.endswith(")")}
    assert operations == {("One", "sweep"): "s1", ("Two", "raid"): "s2", ("One", "raid"): "s2"}


def test_voices_count_speakers_per_outlet_with_shares():
    a = _article("a", "One", "x" * 50, [], claims=[Claim("a-c0", "a", 0, 1, "x", speaker="Ministry of Defence"),
                                                   Claim("a-c1", "a", 1, 2, "x", speaker="Ministry of Defence"),
                                                   Claim("a-c2", "a", 2, 3, "x", speaker="a resident")])
    voices = frame.voices(Corpus(articles=[a]))
    shares = {v.speaker: (v.count, v.share, v.kind) for v in voices}
    assert shares["Ministry of Defence"][:2] == (2, 0.667) and shares["Ministry of Defence"][2] == "official"
    assert shares["a resident"][2] == "resident"


def test_blindspots_name_the_outlets_that_left_an_event_out():
    a = _article("a", "One", "text", [])
    b = _article("b", "Two", "text", [])
    e = Event("e1", "2024-01-01", "Battles", "Armed clash", sources=["a"], story_id="s1", notes="a clash")
    spots = frame.blindspots(Corpus(articles=[a, b], events=[e]))
    assert spots and spots[0].reported_by == ["One"] and spots[0].missing_from == ["Two"]


@pytest.mark.model
def test_terms_read_the_noun_phrase_around_a_loaded_word(parse):
    a = parse("The self-proclaimed council of the breakaway province rejected the punitive operation.")
    found = {m.text: m.label for m in terms.read_terms(a)}
    assert any("self-proclaimed council" in t for t in found)
    assert any("breakaway province" in t for t in found)
    assert any("punitive operation" in t for t in found)
    for m in terms.read_terms(a):
        assert a.body[m.start:m.end] == m.text


@pytest.mark.model
def test_a_territory_name_the_gazetteer_does_not_know_is_a_framing_term(parse):
    a = parse("Shells fell across the Upper Highland Republic on Monday.")
    a.places = []  # nothing resolved: the name is one side's, not the map's
    found = [m for m in terms.read_terms(a) if m.label == "TERM:territory"]
    assert any("Upper Highland Republic" in m.text for m in found)
    assert all(a.body[m.start:m.end] == m.text for m in found)


def test_the_frame_stage_needs_only_the_wordings_not_the_articles_readings():
    a = _article("a", "State Wire", "The anti-bandit sweep went on.", [("anti-bandit sweep", "operation")])
    b = _article("b", "Free Voice", "The brutal assault went on.", [("brutal assault", "operation")])
    whole = frame.framing(Corpus(articles=[a, b]))
    for x in (a, b):  # what a projection of the store gives the stage: no body, no readings but its own
        x.body, x.terms, x.places, x.actors, x.claims = "", [], [], [], []
    assert frame.framing(Corpus(articles=[a, b])) == whole and len(whole) == 2


def test_a_voice_takes_the_side_and_kind_of_its_first_claim():
    claims = [Claim("a-c0", "a", 0, 1, "x", speaker="Colonel Ruiz", party="Bolivia"),
              Claim("a-c1", "a", 1, 2, "x", speaker="Colonel Ruiz", party=None)]
    a = _article("a", "One", "x" * 20, [], claims=claims)
    [voice] = frame.voices(Corpus(articles=[a]))
    assert (voice.speaker, voice.party, voice.count) == ("Colonel Ruiz", "Bolivia", 2)
