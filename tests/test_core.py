"""Settings, pipeline checks and the model's dict round-trip."""
import json
import types

import pytest
from hypothesis import given, strategies as st

from sitroom import pipeline
from sitroom.errors import SitroomError
from sitroom.model import Article, Claim, Corpus, Event, Evidence, Figure, Place
from sitroom.settings import default_settings, load_settings


def test_settings_overlay_from_toml(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[sitroom]\nbatch_size = 8\nstory_threshold = 0.3\n")
    s = load_settings(path, workers=1)
    assert s.batch_size == 8 and s.story_threshold == 0.3 and s.workers == 1
    assert default_settings().batch_size != 8


def test_settings_reject_unknown_and_mistyped(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("no_such_thing = 1\n")
    with pytest.raises(SitroomError, match="unknown setting"):
        load_settings(bad)
    bad.write_text("batch_size = 'many'\n")
    with pytest.raises(SitroomError, match="should be int"):
        load_settings(bad)


def _stage(name, requires, provides):
    return types.SimpleNamespace(NAME=name, REQUIRES=set(requires), PROVIDES=set(provides), run=lambda c, s: c,
                                 __name__=name)


def test_pipeline_check_catches_a_missing_requirement():
    pipeline.check([_stage("a", ["raw"], ["x"]), _stage("b", ["x"], ["y"])])
    with pytest.raises(SitroomError, match="needs"):
        pipeline.check([_stage("b", ["x"], ["y"]), _stage("a", ["raw"], ["x"])])


def test_the_real_stage_list_is_consistent():
    stages = pipeline.load_stages()
    assert stages[0].NAME == "clean"
    assert [s.NAME for s in pipeline.per_article(stages)][0] == "nlp"


def test_model_round_trip_keeps_nested_objects():
    a = Article(article_id="a1", path="x.txt", body="Four were killed.",
                places=[Place("a1", 0, 4, "Four", 0, name="Four", latitude=1.0, longitude=2.0)],
                figures=[Figure("a1", 0, 4, "Four", 0, "killed", best=4, low=4)],
                claims=[Claim("a1-c0", "a1", 0, 4, "Four", speaker="X")])
    back = Article.from_dict(json.loads(json.dumps(a.to_dict())))
    assert back == a
    assert "tokens" not in a.to_dict()
    e = Event("e1", "2023-01-01", "Battles", "Armed clash", evidence=[Evidence("a1", 0, 4, "Four")])
    assert Event.from_dict(e.to_dict()).evidence[0].text == "Four"


@given(st.text(max_size=50), st.integers(0, 10**6))
def test_round_trip_any_text(text, n):
    c = Corpus(articles=[Article(article_id="x", path=text, body=text, title=text)],
               events=[Event(text or "e", None, "Riots", "Mob violence", fatalities=n, notes=text)])
    back = Corpus.from_dict(json.loads(json.dumps(c.to_dict())))
    assert back.articles[0].body == text and back.events[0].fatalities == n


def test_a_stage_reads_only_the_readings_it_names_and_a_first_item_alone(tmp_path):
    from sitroom.model import Place, Sentence
    from sitroom.store.db import Store

    body = "Shelling hit Aldport. Two people died. Talks resume."
    article = Article(article_id="a1", path="a.txt", body=body, title="T", published="2024-03-04",
                      sentences=[Sentence(i, s, e, body[s:e]) for i, (s, e) in enumerate([(0, 21), (22, 38), (39, 52)])],
                      places=[Place("a1", 13, 20, "Aldport", 0, name="Aldport")])
    store = Store(tmp_path / "store.db")
    store.put_articles([article], "v", "r")
    first_only = store.load_articles(readings=("sentences[0]",))[0]
    assert [s.text for s in first_only.sentences] == ["Shelling hit Aldport."]
    assert first_only.places == [] and first_only.body == body  # not asked for: not read
    both = store.load_articles(readings=("sentences", "places"))[0]
    assert len(both.sentences) == 3 and both.places[0].name == "Aldport"
    with pytest.raises(ValueError):
        store.load_articles(readings=("tokens; DROP TABLE articles",))


def test_a_run_collects_garbage_less_often_and_puts_the_thresholds_back():
    import gc
    from sitroom import runner
    before = gc.get_threshold()
    with runner.fewer_collections():
        assert gc.get_threshold() == runner.GC_THRESHOLDS != before
    assert gc.get_threshold() == before



@pytest.mark.model
def test_the_ruler_is_built_with_the_pipes_off_and_leaves_them_on(settings):
    from sitroom import resources

    nlp = resources.get("nlp", settings)
    assert {"tagger", "parser", "lemmatizer", "entity_ruler", "ner"} <= set(nlp.pipe_names)
    doc = nlp("Shelling was reported in Nagorno Karabakh on Monday, officials in Artsakh said.")
    assert [(e.text, e.label_) for e in doc.ents if e.text in ("Nagorno Karabakh", "Artsakh")] == \
        [("Nagorno Karabakh", "GPE"), ("Artsakh", "GPE")]
    assert doc[0].pos_ and doc[0].dep_   # the tagger and parser still run after the ruler was built
