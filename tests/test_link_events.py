"""Merging candidates across reports, fatality ranges, contradictions."""
import pytest

from sitroom.link import contradictions as contra
from sitroom.link import events as link_events
from sitroom.model import Article, Claim, Corpus, EventCandidate, Evidence, Figure, Sentence
from sitroom.settings import default_settings


def cand(cid, aid, date, place, *, sub="Shelling/artillery/missile attack", etype="Explosions/Remote violence",
         lat=40.0, lon=45.0, precision=1, geo=1, actor1=None, actor2=None, killed=None, trigger="shell", iso="XA",
         victims="soldiers", **more):
    figures = []
    if killed is not None:
        figures = [Figure(aid, 0, 4, str(killed), 0, "killed", best=killed, low=killed, group=victims,
                          source=f"speaker-{aid}")]
    return EventCandidate(candidate_id=cid, article_id=aid, event_type=etype, sub_event_type=sub, event_date=date,
                          time_precision=precision, location=place, country="Xland", iso=iso, latitude=lat,
                          longitude=lon, geo_precision=geo, actor1=actor1, actor2=actor2, figures=figures,
                          trigger=trigger, evidence=[Evidence(aid, 0, 4, "text")], **more)


def corpus_of(cands, story="s1"):
    ids = sorted({c.article_id for c in cands})
    arts = []
    for n, aid in enumerate(ids):
        arts.append(Article(article_id=aid, path=f"{aid}.txt", body="text text", outlet=f"Outlet {n}",
                            published="2024-05-02", story_id=story,
                            candidates=[c for c in cands if c.article_id == aid]))
    return Corpus(articles=arts)


def test_reports_of_one_event_merge_and_keep_a_range():
    c = corpus_of([cand("a-e0", "a", "2024-05-01", "Townville", killed=2, actor1="Military Forces of Xland"),
                   cand("b-e0", "b", "2024-05-01", "Townville", killed=7, actor1="Military Forces of Xland"),
                   cand("c-e0", "c", "2024-05-01", "Townville", killed=3, sub="Air/drone strike")])
    c = link_events.run(c, default_settings())
    assert len(c.events) == 1
    e = c.events[0]
    assert e.sources == ["a", "b", "c"] and e.sources_count == 3
    assert (e.fatalities_low, e.fatalities, e.fatalities_high) == (2, 2, 7)
    assert len(c.merges) == 3 and all(m.reason for m in c.merges)


def test_different_days_places_or_stories_stay_apart():
    c = corpus_of([cand("a-e0", "a", "2024-05-01", "Townville"),
                   cand("b-e0", "b", "2024-05-05", "Townville"),
                   cand("c-e0", "c", "2024-05-01", "Farburg", lat=48.0, lon=30.0)])
    assert len(link_events.run(c, default_settings()).events) == 3
    # Across stories, only the same town on the same day joins; a report a day later does not.
    c = corpus_of([cand("a-e0", "a", "2024-05-01", "Townville")], story="s1")
    c.articles += corpus_of([cand("b-e0", "b", "2024-05-02", "Townville", precision=2)], story="s2").articles
    assert len(link_events.run(c, default_settings()).events) == 2
    c = corpus_of([cand("a-e0", "a", "2024-05-01", "Townville")], story="s1")
    c.articles += corpus_of([cand("b-e0", "b", "2024-05-01", "Townville")], story="s2").articles
    assert len(link_events.run(c, default_settings()).events) == 1


def test_a_week_precise_date_merges_with_a_day_in_that_week():
    c = corpus_of([cand("a-e0", "a", "2024-05-01", "Townville"),
                   cand("b-e0", "b", "2024-05-03", "Townville", precision=2)])
    e = link_events.run(c, default_settings()).events
    assert len(e) == 1 and e[0].event_date == "2024-05-01" and e[0].time_precision == 1


def test_a_town_merges_into_its_region():
    region = cand("a-e0", "a", "2024-05-01", "Upper Province", geo=3, lat=40.2, lon=45.2)
    town = cand("b-e0", "b", "2024-05-01", "Townville", geo=1)
    town.admin1 = "Upper Province"
    e = link_events.run(corpus_of([region, town]), default_settings()).events
    assert len(e) == 1 and e[0].location == "Townville"


def test_figure_contradiction_names_both_sources():
    c = corpus_of([cand("a-e0", "a", "2024-05-01", "Townville", killed=4),
                   cand("b-e0", "b", "2024-05-01", "Townville", killed=5)])
    c = contra.run(link_events.run(c, default_settings()), default_settings())
    figs = [k for k in c.contradictions if k.kind == "figure"]
    assert len(figs) == 1
    assert {s.value for s in figs[0].statements} == {4, 5}
    assert {s.article_id for s in figs[0].statements} == {"a", "b"}


def test_same_figure_everywhere_is_no_contradiction():
    c = corpus_of([cand("a-e0", "a", "2024-05-01", "Townville", killed=4),
                   cand("b-e0", "b", "2024-05-01", "Townville", killed=4)])
    c = contra.run(link_events.run(c, default_settings()), default_settings())
    assert not c.contradictions


def test_denial_pairs_with_the_assertion_and_disputes_the_event():
    body = "The army shelled Townville on Monday, officials said. The ministry denied any attack took place."
    s0, s1 = body.index("The army"), body.index("The ministry")
    art = Article(article_id="a", path="a.txt", body=body, outlet="O", published="2024-05-02", story_id="s",
                  sentences=[Sentence(0, s0, s1 - 1, body[s0:s1 - 1]), Sentence(1, s1, len(body), body[s1:])])
    c0 = cand("a-e0", "a", "2024-05-01", "Townville")
    c0.evidence = [Evidence("a", s0, s1 - 1, body[s0:s1 - 1])]
    art.candidates = [c0]
    t = "any attack took place"
    art.claims = [Claim("a-c0", "a", body.index(t), body.index(t) + len(t), t, speaker="the Ministry of Defence",
                        kind="denial", sentence=1)]
    c = contra.run(link_events.run(Corpus(articles=[art]), default_settings()), default_settings())
    denials = [k for k in c.contradictions if k.kind == "denial"]
    assert len(denials) == 1 and c.events[0].disputed
    assert denials[0].statements[1].text == t


# --------------------------------------------------------------------------- how news reports one event

def agreement(cid, aid, date, place, lat, lon, **kw):
    return cand(cid, aid, date, place, sub="Agreement", etype="Strategic developments", trigger="ceasefire",
                lat=lat, lon=lon, **kw)


def sources_of(events):
    return sorted(sorted(e.sources) for e in events if not e.historical)


def test_one_agreement_named_at_its_signing_town_and_at_the_places_it_covers_is_one_event():
    # two outlets name the town of the talks, a third the valley the truce covers, 300 km away
    c = corpus_of([agreement("a-e0", "a", "2024-05-01", "Capitalia", 40.0, 45.0),
                   agreement("b-e0", "b", "2024-05-01", "Capitalia", 40.0, 45.0),
                   agreement("c-e0", "c", "2024-05-01", "Hillvale", 42.5, 46.5)])
    events = link_events.run(c, default_settings()).events
    assert len(events) == 1
    assert events[0].location == "Capitalia" and events[0].sources == ["a", "b", "c"]


def test_an_agreement_and_its_entry_into_force_next_day_in_one_article_are_one_event():
    c = corpus_of([agreement("a-e0", "a", "2024-05-01", "Capitalia", 40.0, 45.0),
                   agreement("a-e1", "a", "2024-05-02", "Capitalia", 40.0, 45.0),
                   agreement("b-e0", "b", "2024-05-01", "Hillvale", 42.5, 46.5)])
    events = link_events.run(c, default_settings()).events
    assert len(events) == 1 and events[0].event_date == "2024-05-01"


def test_agreements_on_different_days_at_different_places_stay_apart():
    # a ceasefire one day, talks in another town the next: two events
    c = corpus_of([agreement("a-e0", "a", "2024-05-01", "Hillvale", 42.5, 46.5),
                   agreement("b-e0", "b", "2024-05-02", "Capitalia", 40.0, 45.0)])
    assert len(link_events.run(c, default_settings()).events) == 2


def test_agreements_between_other_parties_stay_apart():
    c = corpus_of([agreement("a-e0", "a", "2024-05-01", "Capitalia", 40.0, 45.0,
                             actor1="Government of Xland", actor2="Red Hills Front"),
                   agreement("b-e0", "b", "2024-05-01", "Hillvale", 42.5, 46.5,
                             actor1="Blue River Militia", actor2="Green Valley Council")])
    assert len(link_events.run(c, default_settings()).events) == 2


def test_an_undated_report_joins_the_event_at_the_town_it_names():
    # a large event at Atown and, the next day, a small one at Btown 25 km away; the undated report
    # that follows the Atown report in its article names Btown
    big = [cand(f"{x}-e0", x, "2024-05-01", "Atown", trigger="attack", sub="Attack",
                etype="Violence against civilians") for x in "abc"]
    small = cand("d-e0", "d", "2024-05-02", "Btown", lat=40.2, lon=45.1, trigger="shoot", sub="Attack",
                 etype="Violence against civilians")
    late = cand("a-e1", "a", "2024-05-03", "Btown", lat=40.2, lon=45.1, trigger="kill", sub="Attack",
                etype="Violence against civilians", date_source="published", precision=2, sentence=5)
    events = link_events.run(corpus_of(big + [small, late]), default_settings()).events
    assert sources_of(events) == [["a", "b", "c"], ["a", "d"]]


def test_an_undated_report_goes_on_about_the_event_its_article_told_just_before():
    first = cand("a-e0", "a", "2024-05-02", "Townville", sentence=0)
    second = cand("a-e1", "a", "2024-05-01", "Townville", sentence=6, sub="Air/drone strike", trigger="drone")
    other = cand("b-e0", "b", "2024-05-01", "Townville", sub="Air/drone strike", trigger="drone")
    follow_up = cand("a-e2", "a", "2024-05-02", "Townville", sentence=2, date_source="published",
                     sub="Armed clash", etype="Battles", trigger="fire on")
    events = link_events.run(corpus_of([first, second, other, follow_up]), default_settings()).events
    told = {e.event_date: e.candidate_ids for e in events}
    assert "a-e2" in told["2024-05-02"]


def test_a_report_recalling_an_event_of_another_story_joins_it():
    event = [cand("a-e0", "a", "2024-05-01", "Townville"), cand("b-e0", "b", "2024-05-01", "Townville")]
    # a week later, another story: "last week's shelling of Townville" (dated to the week)
    recall = cand("c-e0", "c", "2024-04-29", "Townville", precision=2, reference=True)
    elsewhere = cand("c-e1", "c", "2024-04-29", "Farburg", lat=48.0, lon=30.0, precision=2, reference=True)
    c = corpus_of(event, story="s1")
    c.articles += corpus_of([recall, elsewhere], story="s2").articles
    events = link_events.run(c, default_settings()).events
    assert sources_of(events) == [["a", "b", "c"]]   # the recall joins; a recall never founds an event
    assert ("Townville", "2024-05-01") in link_events.recall_keys(recall)
    assert link_events.recall_keys(cand("d-e0", "d", "2024-05-01", "Townville", date_source="published")) == []


def test_a_report_placed_only_by_its_article_joins_the_same_day_event_by_the_same_means():
    event = [cand("a-e0", "a", "2024-05-01", "Townville"), cand("b-e0", "b", "2024-05-01", "Townville")]
    # its article's place is the capital (300 km off); its sentence names no place
    vague = cand("c-e0", "c", "2024-05-01", "Capitalia", lat=42.5, lon=46.5, geo=2, place_source="article")
    events = link_events.run(corpus_of(event + [vague]), default_settings()).events
    assert sources_of(events) == [["a", "b", "c"]] and events[0].location == "Townville"
    # a report placed in its own sentence at another town stays apart
    placed = cand("c-e0", "c", "2024-05-01", "Capitalia", lat=42.5, lon=46.5, geo=2)
    assert len(link_events.run(corpus_of(event + [placed]), default_settings()).events) == 2


def test_deaths_of_different_kinds_of_people_at_one_place_and_day_are_two_events():
    c = corpus_of([cand("a-e0", "a", "2024-05-01", "Townville", killed=3, victims="guardsmen", trigger="attack",
                        etype="Battles", sub="Armed clash"),
                   cand("b-e0", "b", "2024-05-01", "Townville", killed=2, victims="civilians", trigger="shoot",
                        etype="Violence against civilians", sub="Attack")])
    assert len(link_events.run(c, default_settings()).events) == 2


def test_undated_reports_of_one_sentence_share_its_event():
    # "artillery against positions in the Xdistrict and Ydistrict", no date of its own
    dated = cand("a-e0", "a", "2024-05-01", "Xdistrict", geo=2, sentence=0)
    near = cand("b-e0", "b", "2024-04-30", "Ytown", lat=40.2, lon=45.1, geo=1, sub="Armed clash", etype="Battles")
    x = cand("a-e1", "a", "2024-05-01", "Xdistrict", geo=2, sentence=3, date_source="published", trigger="artillery")
    y = cand("a-e2", "a", "2024-05-01", "Ydistrict", lat=40.6, lon=45.0, geo=2, sentence=3,
             date_source="published", trigger="artillery")
    events = link_events.run(corpus_of([dated, near, x, y]), default_settings()).events
    may_first = next(e for e in events if e.event_date == "2024-05-01")
    assert {"a-e1", "a-e2"} <= set(may_first.candidate_ids)


def test_an_event_named_in_passing_is_matched_by_its_words_not_by_its_article():
    # Three outlets tell of the offensive on the 1st; article "a" and one other tell of a shooting
    # on the 2nd. Article "a" also names "the offensive" in passing, without a date of its own.
    offensive = [cand(f"{x}-e0", x, "2024-05-01", "Townville", sub="Armed clash", etype="Battles", trigger="attack")
                 for x in ("b", "c", "d")]
    shooting = [cand("a-e0", "a", "2024-05-02", "Townville", sub="Armed clash", etype="Battles", trigger="shoot",
                     sentence=9),
                cand("e-e0", "e", "2024-05-02", "Townville", sub="Armed clash", etype="Battles", trigger="shoot")]
    named = cand("a-e1", "a", "2024-05-03", "Townville", sub="Armed clash", etype="Battles", trigger="offensive",
                 precision=2, date_source="published", reference=True, sentence=1)
    summary = cand("a-e2", "a", "2024-05-03", "Townville", sub="Armed clash", etype="Battles", trigger="fire",
                   precision=2, date_source="published", sentence=10)
    events = link_events.run(corpus_of(offensive + shooting + [named, summary]), default_settings()).events
    told = {e.event_date: set(e.candidate_ids) for e in events}
    assert "a-e1" in told["2024-05-01"]      # the offensive most outlets carry, not its own article's shooting
    assert "a-e2" in told["2024-05-02"]      # an undated report that goes on about its article's event joins it


def test_reports_of_an_article_without_any_date_merge_by_place_and_kind():
    # no manifest, no dateline: nothing is dated, and each report names the town
    reports = [cand(f"a-e{k}", "a", None, "Townville", precision=3, date_source="published", strength=3,
                    sentence=k) for k in range(4)]
    elsewhere = cand("a-e9", "a", None, "Farburg", lat=48.0, lon=30.0, precision=3, date_source="published",
                     strength=3, sentence=9)
    c = corpus_of(reports + [elsewhere])
    for a in c.articles:
        a.published = None
    events = link_events.run(c, default_settings()).events
    assert sorted(len(e.candidate_ids) for e in events) == [1, 4]
    assert {e.event_date for e in events} == {None}
    # across articles, undated reports never meet: nothing says they tell of the same days
    other = corpus_of([cand("b-e0", "b", None, "Townville", precision=3, date_source="published", strength=3)])
    c.articles += other.articles
    for a in c.articles:
        a.published = None
    assert len(link_events.run(c, default_settings()).events) == 3


def test_a_report_adding_the_dead_of_each_side_gives_its_total_to_the_range():
    both = cand("a-e0", "a", "2024-05-01", "Townville", killed=5)
    both.figures.append(Figure("a", 10, 14, "three", 0, "killed", best=3, low=3, group="rebels"))
    both.fatalities = both.fatalities_low = both.fatalities_high = 8
    other = cand("b-e0", "b", "2024-05-01", "Townville", killed=9)
    e = link_events.run(corpus_of([both, other]), default_settings()).events[0]
    assert (e.fatalities_low, e.fatalities, e.fatalities_high) == (8, 8, 9)


# --------------------------------------------------------------------------- linking block by block

def _linked_demo_reports(tmp_path):
    """The demo corpus's reports as event linking sees them in a full run (after dedup and stories)."""
    from pathlib import Path as _Path

    from sitroom import pipeline, runner
    from sitroom.settings import default_settings
    from sitroom.store.db import Store

    settings = default_settings().replace(workers=1)
    demo = _Path(runner.__file__).parent / "demo" / "corpus"
    runner.run([str(demo)], tmp_path / "run", settings, db_path=tmp_path / "store.db")
    store = Store(tmp_path / "store.db", readonly=True)
    stage = next(s for s in pipeline.load_stages() if s.NAME == "link_events")
    articles = store.load_articles(readings=stage.READINGS)
    store.close()
    return articles, settings


@pytest.mark.model
@pytest.mark.slow
def test_linking_block_by_block_gives_the_events_of_linking_all(tmp_path):
    import copy

    from sitroom.link import events as link_events

    articles, settings = _linked_demo_reports(tmp_path)
    blocks = link_events.blocks(Corpus(articles=articles))
    assert len(blocks) > 1, "the demo corpus should fall into several independent blocks"
    story_blocks = {}
    for n, ids in enumerate(blocks):
        for a in (a for a in articles if a.article_id in set(ids)):
            assert story_blocks.setdefault(a.story_id, n) == n, "a story is never split between blocks"
    whole = link_events.run(Corpus(articles=copy.deepcopy(articles)), settings)
    seen = []
    by_block = link_events.link_blocks(
        Corpus(articles=copy.deepcopy(articles)), settings,
        map_blocks=lambda f, parts, s, w: [seen.append(len(p)) or f(p, s, w) for p in reversed(parts)][::-1])
    assert len(seen) == len(blocks)
    assert [e.to_dict() for e in by_block.events] == [e.to_dict() for e in whole.events]
    assert [m.to_dict() for m in by_block.merges] == [m.to_dict() for m in whole.merges]
    claims = lambda c: [(x.claim_id, x.event_id) for a in c.articles for x in a.claims]  # noqa: E731
    assert claims(by_block) == claims(whole)
