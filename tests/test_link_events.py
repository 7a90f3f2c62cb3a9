"""Merging candidates across reports, fatality ranges, contradictions."""
from sitroom.link import contradictions as contra
from sitroom.link import events as link_events
from sitroom.model import Article, Claim, Corpus, EventCandidate, Evidence, Figure, Sentence
from sitroom.settings import default_settings


def cand(cid, aid, date, place, *, sub="Shelling/artillery/missile attack", etype="Explosions/Remote violence",
         lat=40.0, lon=45.0, precision=1, geo=1, actor1=None, actor2=None, killed=None, trigger="shell", iso="XA"):
    figures = []
    if killed is not None:
        figures = [Figure(aid, 0, 4, str(killed), 0, "killed", best=killed, low=killed, group="soldiers",
                          source=f"speaker-{aid}")]
    return EventCandidate(candidate_id=cid, article_id=aid, event_type=etype, sub_event_type=sub, event_date=date,
                          time_precision=precision, location=place, country="Xland", iso=iso, latitude=lat,
                          longitude=lon, geo_precision=geo, actor1=actor1, actor2=actor2, figures=figures,
                          trigger=trigger, evidence=[Evidence(aid, 0, 4, "text")])


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
