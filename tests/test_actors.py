"""Actors: phrases normalised to ACLED-style names and party keys."""
from __future__ import annotations

import pytest

from sitroom.read import actors, places


def test_demonyms_and_country_words():
    assert actors.country_of_demonym("Azerbaijani") == "AZ"
    assert actors.country_of_demonym("Israelis") == "IL"
    assert actors.country_of_demonym("Burkinabe") == "BF"
    assert actors.country_of_name("Ukraine’s") == "UA"
    assert actors.country_of_capital("Baku") == "AZ"
    assert actors.country_of_capital("the Kremlin") == "RU"


@pytest.mark.parametrize("text, name, kind, side", [
    ("Azerbaijan's Defence Ministry", "Military Forces of Azerbaijan", "state_forces", "Azerbaijan"),
    ("the Israeli army", "Military Forces of Israel", "state_forces", "Israel"),
    ("Sudanese police", "Police Forces of Sudan", "police", "Sudan"),
    ("Russian peacekeepers", "Military Forces of Russia - Peacekeeping Contingent", "peacekeepers", "Russia"),
    ("Moscow", "Government of Russia", "government", "Russia"),
    ("the Malian government", "Government of Mali", "government", "Mali"),
    ("Ministry of Defence of Ukraine", "Military Forces of Ukraine", "state_forces", "Ukraine"),
])
def test_normalise_free_text(text, name, kind, side):
    found = actors.normalise_actor(text)
    assert (found.name, found.kind, found.side) == (name, kind, side)


def test_side_of_canonical_names_and_words():
    assert actors.side_of("Military Forces of Armenia") == "Armenia"
    assert actors.side_of("Government of Ethiopia") == "Ethiopia"
    assert actors.side_of("Ukrainian") == "Ukraine"
    assert actors.side_of("the weather") is None


def test_kinds_cover_the_model_vocabulary():
    assert {"state_forces", "rebels", "militia", "civilians", "protesters", "police", "peacekeepers",
            "government", "international", "other"} <= set(actors.KINDS)


# --------------------------------------------------------------------------- in parsed text

@pytest.fixture(scope="session")
def read(parse, settings):
    from sitroom import resources
    gazetteer = resources.get("gazetteer", settings)

    def _read(text):
        article = parse(text)
        article.places = places.resolve(article, gazetteer)
        article.actors = actors.read_actors(article)
        for a in article.actors:
            assert article.body[a.start:a.end] == a.text
        return article
    return _read


def _names(article):
    return {(a.text, a.name) for a in article.actors}


@pytest.mark.model
def test_forces_ministries_and_metonymy(read):
    article = read("Russian forces shelled villages in the Donetsk region, Ukraine's military said. "
                   "Kyiv condemned the strike, and Moscow said it was responding.")
    names = _names(article)
    assert ("Russian forces", "Military Forces of Russia") in names
    assert ("Ukraine's military", "Military Forces of Ukraine") in names
    assert ("Moscow", "Government of Russia") in names
    assert ("Kyiv", "Government of Ukraine") in names


@pytest.mark.model
def test_protesters_and_police_take_the_country_of_the_place(read):
    article = read("Protesters gathered in Nairobi as police fired tear gas. Ghanaian peacekeepers patrolled nearby.")
    by_text = {a.text: a for a in article.actors}
    assert by_text["Protesters"].name == "Protesters (Kenya)" and by_text["Protesters"].kind == "protesters"
    assert by_text["police"].name == "Police Forces of Kenya"
    assert by_text["Ghanaian peacekeepers"].kind == "peacekeepers"


@pytest.mark.model
def test_named_group_keeps_its_name_and_territory_side(read):
    article = read("The Tigray Defence Forces said they had captured a town in Tigray. "
                   "Ethiopian troops withdrew, Addis Ababa said. Separatists later shelled the road.")
    by_text = {a.text: a for a in article.actors}
    group = by_text["Tigray Defence Forces"]
    assert (group.name, group.kind, group.side) == ("Tigray Defence Forces", "rebels", "Tigray")
    assert by_text["Ethiopian troops"].name == "Military Forces of Ethiopia"
    assert by_text["Addis Ababa"].name == "Government of Ethiopia"
    assert by_text["Separatists"].side == "Tigray"


@pytest.mark.model
def test_ethnic_forces_belong_to_the_territory_not_the_country(read):
    article = read("Fighting broke out in Transnistria. Ethnic Russian forces fired on a checkpoint, "
                   "and local self-defense forces answered.")
    by_text = {a.text: a for a in article.actors}
    assert by_text["Ethnic Russian forces"].kind == "rebels"
    assert by_text["Ethnic Russian forces"].side == "Transnistria"
    assert by_text["local self-defense forces"].kind == "militia"
    assert actors.side_of("Ethnic Russian forces", article) == "Transnistria"


@pytest.mark.model
def test_speaker_with_a_title_has_a_side(read):
    article = read("Kenyan President William Ruto said the talks would go on.")
    assert actors.side_of("William Ruto", article) == "Kenya"
