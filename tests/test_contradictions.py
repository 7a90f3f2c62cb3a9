"""Who did it: attribution disputes between sources, and when naming two parties is no dispute."""
from sitroom.link import contradictions as contra
from sitroom.link import events as link_events
from sitroom.model import Article, Corpus, EventCandidate, Evidence
from sitroom.settings import default_settings, load_settings

ARMY = "Military Forces of Xland - Border Guard"
FRONT = "Red Hills Front"


def report(cid, aid, body, *, actor1=None, trigger="shell", speaker=None, kind="statement", **more):
    fields = dict(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                  event_date="2024-05-01", time_precision=1, location="Marketon", country="Xland", iso="XA",
                  latitude=40.0, longitude=45.0, geo_precision=1)
    fields.update(more)
    return EventCandidate(candidate_id=cid, article_id=aid, actor1=actor1, trigger=trigger,
                          source_speaker=speaker, source_kind=kind,
                          evidence=[Evidence(aid, 0, len(body), body)], **fields)


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


# --------------------------------------------------------------------------- when and where

def kinds_of(c, kind):
    return [k for k in c.contradictions if k.kind == kind]


def test_outlets_naming_different_days_for_one_shelling_disagree_on_timing():
    a_body = "Artillery shelled the market in Marketon on Monday."
    b_body = "The market in Marketon was shelled on Tuesday."
    c_body = "Artillery shelled the market in Marketon on Tuesday."
    c = linked((report("a-e0", "a", a_body, date_source="sentence", strength=3), a_body),
               (report("b-e0", "b", b_body, date_source="sentence", event_date="2024-05-02", strength=3), b_body),
               (report("c-e0", "c", c_body, date_source="sentence", event_date="2024-05-02", strength=3), c_body))
    assert len(c.events) == 2   # days told to the day never merge (merge_window_days = 0) ...
    rows = kinds_of(c, "timing")  # ... but the row says they may be one shelling
    assert len(rows) == 1 and {s.article_id for s in rows[0].statements} <= {"a", "b", "c"}
    assert "2024-05-01" in rows[0].subject and "2024-05-02" in rows[0].subject
    assert not any(e.disputed for e in c.events)
    # an outlet that tells of both days tells of two shellings
    both = "Artillery shelled the market in Marketon on Monday and again on Tuesday."
    c = linked((report("a-e0", "a", both, date_source="sentence", strength=3), both),
               (report("b-e0", "b", b_body, date_source="sentence", event_date="2024-05-02", strength=3), b_body))
    c.articles[0].candidates.append(report("a-e1", "a", both, date_source="sentence", event_date="2024-05-02",
                                           strength=3))
    c = contra.run(link_events.run(c, default_settings()), default_settings())
    assert not kinds_of(c, "timing")


def test_one_event_told_on_two_days_within_the_merge_window_disagrees_on_timing():
    a_body = "Artillery shelled the market in Marketon on Monday."
    b_body = "The market in Marketon was shelled on Tuesday."
    arts = [Article(article_id=x, path=f"{x}.txt", body=body, outlet=f"Outlet {x}", published="2024-05-03",
                    story_id="s1", candidates=[report(f"{x}-e0", x, body, date_source="sentence", strength=3,
                                                      event_date=day)])
            for x, body, day in (("a", a_body, "2024-05-01"), ("b", b_body, "2024-05-02"))]
    settings = load_settings(merge_window_days=1)
    c = contra.run(link_events.run(Corpus(articles=arts), settings), settings)
    assert len(c.events) == 1
    rows = kinds_of(c, "timing")
    assert len(rows) == 1 and {s.article_id for s in rows[0].statements} == {"a", "b"}
    assert not c.events[0].disputed  # shown, but the merge judged the two reports one event


def test_a_day_inferred_from_publication_contradicts_nobody():
    a_body = "Artillery shelled the market in Marketon on Monday."
    b_body = "The market in Marketon has been shelled."
    c = linked((report("a-e0", "a", a_body, date_source="sentence"), a_body),
               (report("b-e0", "b", b_body, date_source="published", event_date="2024-05-02",
                       time_precision=2), b_body))
    assert not kinds_of(c, "timing")


def test_outlets_naming_different_towns_for_one_event_disagree_on_place():
    a_body = "Artillery shelled the market in Marketon on Monday."
    b_body = "Artillery shelled Hilltown, near Marketon, on Monday."
    hilltown = dict(location="Hilltown", latitude=40.15, longitude=45.0)   # about 17 km north
    c = linked((report("a-e0", "a", a_body, place_source="sentence", strength=3), a_body),
               (report("b-e0", "b", b_body, place_source="sentence", strength=3, **hilltown), b_body))
    assert len(c.events) == 1
    rows = kinds_of(c, "place")
    assert len(rows) == 1 and "Marketon" in rows[0].subject and "Hilltown" in rows[0].subject
    # a suburb a kilometre off is the same place told two ways
    suburb = dict(location="Lower Marketon", latitude=40.005, longitude=45.0)
    c = linked((report("a-e0", "a", a_body, place_source="sentence", strength=3), a_body),
               (report("b-e0", "b", b_body, place_source="sentence", strength=3, **suburb), b_body))
    assert len(c.events) == 1 and not kinds_of(c, "place")


# --------------------------------------------------------------------------- denials

def test_a_denial_told_in_two_sentences_is_one_dispute_with_both_sentences():
    from sitroom.model import Claim, Sentence
    body = ("The Front said Border Guard guns shelled Marketon on Tuesday. The ministry denied it. "
            "“Not one round left our guns,” the ministry said.")
    sentences, start = [], 0
    for i, text in enumerate(("The Front said Border Guard guns shelled Marketon on Tuesday.",
                              "The ministry denied it.", "“Not one round left our guns,” the ministry said.")):
        start = body.index(text, start)
        sentences.append(Sentence(i, start, start + len(text), text))

    def claim(n, text, kind, sentence, speaker):
        at = body.index(text)
        return Claim(f"a-c{n}", "a", at, at + len(text), text, speaker=speaker, kind=kind, sentence=sentence)

    article = Article(article_id="a", path="a.txt", body=body, outlet="Outlet", published="2024-05-02",
                      story_id="s1", sentences=sentences,
                      claims=[claim(0, "Border Guard guns shelled Marketon", "claim", 0, "the Front"),
                              claim(1, "denied it", "denial", 1, "the ministry"),
                              claim(2, "Not one round left our guns", "denial", 2, "the ministry")])
    rows = contra.denial_disputes(Corpus(articles=[article]), {"a": article})
    assert len(rows) == 1
    assert [s.text for s in rows[0].statements] == [sentences[0].text, "denied it", "Not one round left our guns"]
