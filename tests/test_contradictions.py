"""Who did it: attribution disputes between sources, and when naming two parties is no dispute."""
from sitroom.link import contradictions as contra
from sitroom.link import events as link_events
from sitroom.model import Article, Corpus, EventCandidate, Evidence
from sitroom.settings import default_settings

ARMY = "Military Forces of Xland - Border Guard"
FRONT = "Red Hills Front"


def report(cid, aid, body, *, actor1=None, trigger="shell", speaker=None, kind="statement", **more):
    return EventCandidate(candidate_id=cid, article_id=aid, event_type="Explosions/Remote violence",
                          sub_event_type="Shelling/artillery/missile attack", event_date="2024-05-01",
                          time_precision=1, location="Marketon", country="Xland", iso="XA", latitude=40.0,
                          longitude=45.0, geo_precision=1, actor1=actor1, trigger=trigger,
                          source_speaker=speaker, source_kind=kind,
                          evidence=[Evidence(aid, 0, len(body), body)], **more)


def linked(*reports_and_bodies):
    arts = []
    for n, (cand, body) in enumerate(reports_and_bodies):
        arts.append(Article(article_id=cand.article_id, path=f"{cand.article_id}.txt", body=body,
                            outlet=f"Outlet {n}", published="2024-05-02", story_id="s1", candidates=[cand]))
    c = link_events.run(Corpus(articles=arts), default_settings())
    return contra.run(c, default_settings())


def attributions(c):
    return [k for k in c.contradictions if k.kind == "attribution"]


def test_each_side_blaming_the_other_is_an_attribution_dispute():
    a_body = "The Front said Border Guard artillery shelled the market in Marketon."
    b_body = "The ministry said the rounds were mortar bombs fired by the Red Hills Front."
    c = linked((report("a-e0", "a", a_body, actor1=ARMY, speaker="the Front"), a_body),
               (report("b-e0", "b", b_body, actor1=FRONT, trigger="mortar", speaker="the ministry"), b_body))
    assert len(c.events) == 1 and c.events[0].disputed
    rows = attributions(c)
    assert len(rows) == 1
    assert {s.article_id for s in rows[0].statements} == {"a", "b"}
    assert {s.text for s in rows[0].statements} == {a_body, b_body}   # the reports' own words
    assert "Red Hills Front" in rows[0].subject and "Military Forces of Xland" in rows[0].subject


def test_two_units_of_one_side_are_no_dispute():
    a_body, b_body = "Border Guard guns shelled Marketon.", "Army artillery shelled Marketon."
    c = linked((report("a-e0", "a", a_body, actor1=ARMY), a_body),
               (report("b-e0", "b", b_body, actor1="Military Forces of Xland - Army"), b_body))
    assert not attributions(c) and not c.events[0].disputed


def test_an_unknown_group_or_a_bare_death_toll_blames_no_one():
    a_body, b_body, c_body = ("Border Guard guns shelled Marketon.", "Unknown gunmen fired on Marketon.",
                              "Two Front fighters died in Marketon.")
    c = linked((report("a-e0", "a", a_body, actor1=ARMY), a_body),
               (report("b-e0", "b", b_body, actor1="Unidentified Armed Group (Xland)"), b_body),
               (report("c-e0", "c", c_body, actor1=FRONT, trigger="die"), c_body))
    assert not attributions(c) and not c.events[0].disputed


def test_a_denial_names_the_party_it_clears_not_one_it_blames():
    a_body, b_body = "Border Guard guns shelled Marketon.", "The Front denied it had fired on Marketon."
    c = linked((report("a-e0", "a", a_body, actor1=ARMY, speaker="witnesses"), a_body),
               (report("b-e0", "b", b_body, actor1=FRONT, speaker="the Front", kind="denial"), b_body))
    assert not attributions(c)


def test_one_voice_naming_both_parties_is_no_dispute():
    a_body, b_body = "The ministry said the Border Guard returned fire.", "The ministry said the Front shelled Marketon."
    c = linked((report("a-e0", "a", a_body, actor1=ARMY, speaker="the ministry"), a_body),
               (report("b-e0", "b", b_body, actor1=FRONT, speaker="the ministry"), b_body))
    assert not attributions(c)
    assert not link_events.attribution_split(c.articles[0].candidates + c.articles[1].candidates)
