"""The event coder on our own sentences (an invented conflict in real places)."""
import pytest

from sitroom import pipeline
from sitroom.model import Corpus


@pytest.fixture(scope="module")
def read(settings, parse):
    stages = pipeline.per_article(pipeline.load_stages())[1:]

    def _read(text, published="2024-05-15"):
        article = parse(text, published=published, outlet="Test Wire")
        corpus = Corpus(articles=[article])
        for stage in stages:
            corpus = stage.run(corpus, settings)
        return article

    return _read


def current(article):
    return [c for c in article.candidates if not c.historical]


@pytest.mark.model
def test_shelling_of_a_town_with_its_date_place_and_toll(read):
    a = read("Government artillery shelled the town of Tupiza on Monday, killing three civilians, "
             "local officials said.")
    [c] = current(a)
    assert c.event_type == "Explosions/Remote violence"
    assert c.sub_event_type == "Shelling/artillery/missile attack"
    assert c.event_date == "2024-05-13" and c.time_precision == 1
    assert "Tupiza" in c.location and c.iso == "BO"
    assert c.fatalities == 3
    assert a.body[c.evidence[0].start:c.evidence[0].end] == c.evidence[0].text


@pytest.mark.model
def test_drone_strike_names_the_means(read):
    a = read("A drone strike hit a pickup truck near Uyuni on Sunday evening.")
    [c] = current(a)
    assert c.sub_event_type == "Air/drone strike" and "Uyuni" in c.location


@pytest.mark.model
def test_two_towns_shelled_are_two_events(read):
    a = read("Rebel mortars shelled the towns of Tupiza and Villazón on Tuesday.")
    assert {c.location for c in current(a)} >= {"Tupiza", "Villazón"}


@pytest.mark.model
def test_talks_that_may_happen_are_not_an_agreement(read):
    a = read("The minister said talks could begin in Sucre next month if the fighting stops.")
    assert not [c for c in current(a) if c.event_type == "Strategic developments"]


@pytest.mark.model
def test_talks_held_are_coded_as_agreement(read):
    a = read("Government and rebel negotiators held talks in Sucre on Tuesday.")
    agreements = [c for c in current(a) if c.sub_event_type == "Agreement"]
    assert agreements and "Sucre" in agreements[0].location


@pytest.mark.model
def test_background_war_is_historical(read):
    a = read("A war in 1998 killed more than 2,000 people in Potosí Department.")
    assert a.candidates and all(c.historical for c in a.candidates)


@pytest.mark.model
def test_protest_with_arrests_is_a_protest_with_intervention(read):
    a = read("Police arrested 23 students during a protest in Potosí on Wednesday.")
    [c] = current(a)
    assert c.event_type == "Protests" and c.sub_event_type == "Protest with intervention"


@pytest.mark.model
def test_civilians_shot_dead_is_violence_against_civilians(read):
    a = read("Gunmen shot dead two truck drivers at a roadblock in Porco on Monday morning.")
    kinds = {(c.event_type, c.sub_event_type) for c in current(a)}
    assert ("Violence against civilians", "Attack") in kinds


@pytest.mark.model
def test_a_labour_strike_is_a_protest_not_an_air_strike(read):
    a = read("Hundreds of miners went on strike in Uyuni on Thursday over unpaid wages.")
    assert {c.event_type for c in current(a)} == {"Protests"}


@pytest.mark.model
def test_place_of_the_talks_is_not_where_the_attack_happened(read):
    a = read("The rebels demanded that the government leave the talks in Sucre after reporting that four fighters "
             "were killed by army drones near Tupiza on Monday.")
    violent = [c for c in current(a) if c.event_type != "Strategic developments"]
    assert violent and all("Sucre" not in (c.location or "") for c in violent)


@pytest.mark.model
def test_a_denial_nearby_marks_the_report_disputed(read):
    a = read("The ministry said rebels fired mortars at Tupiza on Monday. "
             "The rebels denied that they had fired on the town.")
    assert any(c.disputed for c in current(a))
