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


# --------------------------------------------------------------------------- labels and the article's roster (no model)

@pytest.mark.parametrize("words, expected", [
    (["armed", "bandits"], ("nonstate", "bandit")),
    (["insurgents"], ("nonstate", "insurgent")),
    (["freedom", "fighters"], ("nonstate", "fighter")),
    (["regime", "troops"], ("regime", "troop")),
    (["occupation", "forces"], ("regime", "force")),
    (["rebel", "soldiers"], ("nonstate", "rebel")),      # a non-state modifier outweighs a neutral head
    (["soldiers"], ("state", "soldier")),
    (["guardsmen"], ("state", "guardsman")),
    (["gunmen"], ("unidentified", "gunman")),
    (["armed", "men"], ("unidentified", "man")),
    (["authorities"], None),
    (["market"], None),
])
def test_label_kinds(words, expected):
    assert actors.label_of(words) == expected


def _group(name, kind, country=None):
    words = tuple(places.fold(name).split())
    canonical = f"Military Forces of {country} - {name}" if kind == "state_forces" else name
    return actors.Group(name=name, words=words, kind=kind, canonical=canonical, country=country,
                        side=country if kind == "state_forces" else name)


def test_labels_resolve_to_the_one_group_of_their_side():
    front = _group("Ruvuma Liberation Front", "rebels")
    guard = _group("Coastal Guard", "state_forces", "Tanzania")
    owner = actors.owner_of_iso("TZ")
    groups = [front, guard]
    assert actors.resolve_label("nonstate", "bandit", None, groups, {}, owner)[0] == "Ruvuma Liberation Front"
    assert actors.resolve_label("state", "soldier", None, groups, {}, owner)[0] == \
        "Military Forces of Tanzania - Coastal Guard"
    assert actors.resolve_label("regime", "regime", None, groups, {}, owner)[1] == "state_forces"
    # "the army" is the whole of the state's forces, not the unit the article is about
    assert actors.resolve_label("state", "army", None, groups, {}, owner)[0] == "Military Forces of Tanzania"


def test_labels_fall_back_to_generic_acled_names():
    owner = actors.owner_of_iso("TZ")
    assert actors.resolve_label("unidentified", "gunman", None, [], {}, owner)[0] == \
        "Unidentified Armed Group (Tanzania)"
    assert actors.resolve_label("nonstate", "militant", None, [], {}, owner)[0] == \
        "Unidentified Armed Group (Tanzania)"
    assert actors.resolve_label("regime", "regime", None, [], {}, owner)[0] == "Military Forces of Tanzania"
    # unowned "soldiers" with no state body named: whose they are is not said
    assert actors.resolve_label("state", "soldier", None, [], {}, owner) is None


def test_soldiers_stay_unresolved_when_the_non_state_side_is_an_army_too():
    army = _group("Highland Defence Army", "rebels")
    guard = _group("Republican Guard", "state_forces", "Chad")
    owner = actors.owner_of_iso("TD")
    assert actors.resolve_label("state", "soldier", None, [army, guard], {}, owner) is None
    assert actors.resolve_label("regime", "regime", None, [army, guard], {}, owner)[0].startswith("Military Forces")


def test_evidence_in_the_article_beats_the_default():
    a = _group("Lake Front", "rebels")
    b = _group("Hill Movement", "rebels")
    owner = actors.owner_of_iso("TZ")
    assert actors.resolve_label("nonstate", "bandit", None, [a, b], {"bandit": b}, owner)[0] == "Hill Movement"
    assert actors.resolve_label("nonstate", "bandit", None, [a, b], {}, owner)[0] == \
        "Unidentified Armed Group (Tanzania)"


def test_pronoun_us_is_not_the_united_states():
    assert actors.owner_of_word("us") is None
    assert actors.owner_of_word("US").country == "United States"


def test_canonical_unit_names_keep_their_side():
    found = actors.normalise_actor("Military Forces of Tanzania - National Border Gendarmerie")
    assert (found.side, found.kind) == ("Tanzania", "state_forces")


# --------------------------------------------------------------------------- named groups in parsed text
# An invented conflict in real Tanzanian places: no name here is in the lexicon.

GOVERNMENT_WIRE = (
    "DODOMA, Tanzania, March 3 (Wirenet) - The National Border Gendarmerie said on Sunday that bandits had attacked "
    "one of its posts near Songea, killing two gendarmes. The Ruvuma Liberation Front (FLR), which the government "
    "calls bandits, denied any role. Gendarmerie patrols were reinforced on the road to Mbinga, and the Front's "
    "fighters withdrew towards Tunduru. Units of the Front later fired on a convoy.")

REBEL_SITE = (
    "Occupation forces shelled our villages near Songea for a week, the Ruvuma Liberation Front said. The regime's "
    "drones struck a market, killing four farmers. Our freedom fighters answered.")


@pytest.mark.model
def test_named_groups_short_forms_and_acronyms(read):
    article = read(GOVERNMENT_WIRE)
    by_text = {a.text: a for a in article.actors}
    front = by_text["Ruvuma Liberation Front"]
    assert (front.name, front.kind, front.side) == ("Ruvuma Liberation Front", "rebels", "Ruvuma Liberation Front")
    assert by_text["FLR"].name == front.name
    assert by_text["Front's fighters"].name == front.name
    assert by_text["Units of the Front"].name == front.name
    gendarmerie = by_text["National Border Gendarmerie"]
    assert gendarmerie.name == "Police Forces of Tanzania - National Border Gendarmerie"
    assert (gendarmerie.kind, gendarmerie.side) == ("police", "Tanzania")
    assert by_text["Gendarmerie patrols"].name == gendarmerie.name


@pytest.mark.model
def test_loaded_labels_resolve_to_the_party_they_designate(read):
    government = read(GOVERNMENT_WIRE)
    bandits = [a for a in government.actors if a.text == "bandits"]
    assert bandits and all(a.name == "Ruvuma Liberation Front" for a in bandits)
    rebel = read(REBEL_SITE)
    by_text = {a.text: a for a in rebel.actors}
    assert by_text["Occupation forces"].name == "Military Forces of Tanzania"
    assert by_text["regime's drones"].side == "Tanzania"
    assert by_text["freedom fighters"].name == "Ruvuma Liberation Front"


@pytest.mark.model
def test_short_form_of_a_group_is_normalised_with_the_article(read):
    article = read(GOVERNMENT_WIRE)
    assert actors.normalise_actor("the Front", article).name == "Ruvuma Liberation Front"
    assert actors.side_of("the Gendarmerie", article) == "Tanzania"


@pytest.mark.model
def test_unattributed_gunmen_are_an_unidentified_group_of_the_country(read):
    article = read("Gunmen killed three people in a village near Songea, police said.")
    gunmen = next(a for a in article.actors if a.text == "Gunmen")
    assert gunmen.name == "Unidentified Armed Group (Tanzania)"


@pytest.mark.model
def test_a_party_or_campaign_called_front_is_no_armed_group(read):
    article = read("The Popular Renewal Front won a seat in the Mwanza council elections, officials said.")
    assert not [a for a in article.actors if "Front" in a.text]


@pytest.mark.model
def test_fighters_of_a_group_named_before_them_take_its_name(read):
    article = read("Zendari militants ambushed a convoy near Kolwe, while Burmese rebels held the pass. "
                   "Later al-Harith fighters and Islamist gunmen raided the market.")
    names = {a.text: a.name for a in article.actors}
    assert names["Zendari militants"] == "Zendari"
    assert names["al-Harith fighters"] == "al-Harith"
    # a people or a creed before the fighters names no group of its own
    assert names["Burmese rebels"] != "Burmese"
    assert names.get("Islamist gunmen") != "Islamist"


@pytest.mark.model
def test_a_report_that_names_no_country_still_names_police_soldiers_and_gunmen(read):
    names = _names(read("Police fired on the crowd. Soldiers later clashed with gunmen near the market."))
    assert {("Police", "Police Forces"), ("Soldiers", "Military Forces"),
            ("gunmen", "Unidentified Armed Group")} <= names


@pytest.mark.model
def test_a_named_country_still_gives_the_forces_their_state(read):
    names = _names(read("In Nairobi, police fired on the crowd and gunmen attacked a bus."))
    assert ("police", "Police Forces of Kenya") in names and ("gunmen", "Unidentified Armed Group (Kenya)") in names
