"""The event coder on our own sentences (an invented conflict in real places)."""
import pytest


@pytest.fixture(scope="module")
def read(read_events):
    return lambda text, published="2024-05-15": read_events(text, published)


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


# --------------------------------------------------------------------------- typing (issue #5)

def reports(article):
    """Current candidates that may found an event (a reference only joins one told elsewhere)."""
    return [c for c in current(article) if not c.reference]


def kinds(article):
    return {(c.event_type, c.sub_event_type) for c in reports(article)}


def typing_of(article):
    """The coder's typing of each sentence, place and date aside, with the reason when none."""
    from sitroom.extract import events as ev
    ctx = ev._ArticleContext(article)
    return [ev.type_sentence(article, s.index, ctx) for s in article.sentences]


@pytest.mark.model
def test_gunmen_attacking_a_church_is_an_attack_on_civilians(read):
    a = read("Gunmen attacked a church in Tupiza on Sunday, killing four worshippers.")
    assert ("Violence against civilians", "Attack") in kinds(a)


@pytest.mark.model
def test_gunmen_attacking_an_army_post_is_an_armed_clash(read):
    a = read("Gunmen attacked an army post in Tupiza on Sunday, killing four soldiers.")
    assert kinds(a) == {("Battles", "Armed clash")}


@pytest.mark.model
def test_militants_opening_fire_on_villagers_is_an_attack(read):
    a = read("Militants opened fire on villagers in Porco on Saturday.")
    assert ("Violence against civilians", "Attack") in kinds(a)


@pytest.mark.model
def test_an_earthquake_toll_is_no_political_violence(read):
    a = read("A strong earthquake killed twelve people in Potosí on Monday.")
    assert not reports(a)
    [(typing, why)] = typing_of(a)
    assert typing is None and "disaster" in why


@pytest.mark.model
def test_a_factory_blast_is_an_accident(read):
    a = read("Three workers were killed when a boiler exploded at a chemical plant in Oruro on Tuesday.")
    assert not reports(a)


@pytest.mark.model
def test_arrests_of_drug_smugglers_are_ordinary_crime(read):
    a = read("Police arrested four suspected drug smugglers in Uyuni on Friday.")
    assert not reports(a)


@pytest.mark.model
def test_arrests_of_opposition_activists_are_arrests(read):
    a = read("Police arrested four opposition activists in Uyuni on Friday.")
    assert kinds(a) == {("Strategic developments", "Arrests")}


@pytest.mark.model
def test_raids_to_detain_people_are_arrests_not_a_clash(read):
    a = read("Police carried out raids to detain opposition activists in Sucre on Tuesday.")
    assert kinds(a) == {("Strategic developments", "Arrests")}


@pytest.mark.model
def test_a_claim_of_responsibility_only_names_the_attack(read):
    a = read("An armed group claimed responsibility for the car bomb at a bus station in Oruro on Friday.")
    assert a.candidates and not reports(a)


@pytest.mark.model
def test_a_missile_programme_is_not_a_missile_attack(read):
    a = read("The army showed its new missile programme to reporters in Sucre on Monday.")
    assert not reports(a)


@pytest.mark.model
def test_a_speakers_present_tense_is_rhetoric(read):
    a = read('"They send drones against our villages," the rebel leader said in Tupiza on Monday.')
    assert not reports(a)


@pytest.mark.model
def test_fire_running_since_a_day_is_a_summary(read):
    a = read("The rebels blamed the army, whose artillery has been shelling their positions near Tupiza since Monday.")
    assert not reports(a)


@pytest.mark.model
def test_crowd_throwing_stones_is_a_violent_demonstration(read):
    a = read("Protesters threw stones at police and set fire to cars in Sucre on Monday.")
    assert kinds(a) == {("Riots", "Violent demonstration")}


@pytest.mark.model
def test_thrown_projectiles_are_no_shelling(read):
    a = read("Protesters threw projectiles at police in Sucre on Monday.")
    assert kinds(a) == {("Riots", "Violent demonstration")}


@pytest.mark.model
def test_soldiers_firing_on_demonstrators_is_excessive_force(read):
    a = read("Soldiers opened fire on peaceful demonstrators in Sucre on Monday, killing two.")
    assert kinds(a) == {("Protests", "Excessive force against protesters")}


@pytest.mark.model
def test_tear_gas_to_disperse_a_march_is_an_intervention(read):
    a = read("Police used tear gas to disperse a march by teachers in Sucre on Monday.")
    assert kinds(a) == {("Protests", "Protest with intervention")}


@pytest.mark.model
def test_riot_police_alone_do_not_make_a_riot(read):
    a = read("Riot police watched a peaceful march by teachers in Sucre on Monday.")
    assert kinds(a) == {("Protests", "Peaceful protest")}


@pytest.mark.model
def test_a_lynching_mob_is_mob_violence(read):
    a = read("An angry mob lynched a man accused of theft in Oruro on Saturday.")
    assert kinds(a) == {("Riots", "Mob violence")}


@pytest.mark.model
def test_looting_and_burning_shops_is_property_destruction(read):
    a = read("Armed men looted and torched shops in Oruro on Saturday night.")
    assert kinds(a) == {("Strategic developments", "Looting/property destruction")}


@pytest.mark.model
def test_rape_is_sexual_violence_not_an_attack(read):
    a = read("Soldiers raped and assaulted two women in a village near Tupiza on Friday.")
    assert kinds(a) == {("Violence against civilians", "Sexual violence")}


@pytest.mark.model
def test_taking_hostages_is_an_abduction(read):
    a = read("Rebels took hostage three engineers near Uyuni on Monday.")
    assert kinds(a) == {("Violence against civilians", "Abduction/forced disappearance")}


@pytest.mark.model
def test_troops_deployed_are_a_change_to_group_activity(read):
    a = read("The army deployed troops to Villazón on Monday.")
    assert kinds(a) == {("Strategic developments", "Change to group/activity")}


@pytest.mark.model
def test_a_new_armed_group_formed_is_a_change_to_group_activity(read):
    a = read("Rebel commanders formed a new armed group in Potosí on Monday.")
    assert kinds(a) == {("Strategic developments", "Change to group/activity")}


@pytest.mark.model
def test_ground_left_without_resistance_is_a_non_violent_transfer(read):
    a = read("Government troops withdrew from Villazón on Monday and rebel fighters took control of the town "
             "without resistance.")
    assert ("Strategic developments", "Non-violent transfer of territory") in kinds(a)


@pytest.mark.model
@pytest.mark.parametrize("text, sub", [
    ("Rebel fighters seized the town of Atocha on Monday.", "Non-state actor overtakes territory"),
    ("Government forces recaptured the town of Atocha on Monday.", "Government regains territory"),
    ("Government forces seized the town of Atocha on Monday.", "Government regains territory"),
    ("Rebel fighters recaptured the town of Atocha on Monday.", "Non-state actor overtakes territory"),
    ("The army drove the rebels out of the town of Atocha on Monday.", "Government regains territory"),
])
def test_who_took_the_ground_decides_the_territory_sub_type(read, text, sub):
    assert ("Battles", sub) in kinds(read(text))


@pytest.mark.model
def test_a_cache_of_grenades_found_is_disrupted_weapons_use(read):
    a = read("Police found a cache of rifles and grenades in Oruro on Monday.")
    assert kinds(a) == {("Strategic developments", "Disrupted weapons use")}


@pytest.mark.model
def test_rockets_seized_are_not_rocket_fire(read):
    a = read("Soldiers seized two rockets and a mortar near Tupiza on Monday.")
    assert kinds(a) == {("Strategic developments", "Disrupted weapons use")}


@pytest.mark.model
def test_observation_points_set_up_are_a_base_established(read):
    a = read("The army set up two new observation points near Villazón on Monday.")
    assert kinds(a) == {("Strategic developments", "Headquarters or base established")}


@pytest.mark.model
def test_prisoners_exchanged_are_an_agreement(read):
    a = read("The government and the rebels exchanged prisoners in Sucre on Tuesday.")
    assert ("Strategic developments", "Agreement") in kinds(a)


@pytest.mark.model
def test_chemical_agent_names_the_attack_over_its_carrier(read):
    a = read("Rebels fired shells filled with chlorine gas at Tupiza on Monday.")
    assert kinds(a) == {("Explosions/Remote violence", "Chemical weapon")}


@pytest.mark.model
def test_the_month_of_march_is_no_march(read):
    a = read("Rebel mortars shelled the town of Tupiza on 3 March.", published="2024-03-05")
    [(typing, _)] = typing_of(a)
    assert typing.sub_event_type == "Shelling/artillery/missile attack"


# --------------------------------------------------------------------------- who did it to whom (issue #5)

def best(article):
    """The strongest current candidate, first among equals (as the benches pick it)."""
    cands = [c for c in current(article) if not c.reference]
    top = max(c.strength for c in cands)
    return next(c for c in cands if c.strength == top)


@pytest.mark.model
def test_the_one_whose_positions_were_fired_on_is_actor2(read):
    a = read("On 3 May 2024, military forces of Peru fired with heavy machine guns on the positions of the "
             "military forces of Bolivia located near Villazón.")
    c = best(a)
    assert c.event_type == "Battles"
    assert c.actor1 == "Military Forces of Peru" and c.actor2 == "Military Forces of Bolivia"


@pytest.mark.model
def test_a_target_behind_a_preposition_hung_on_the_weapon_is_actor2(read):
    a = read("On 3 May 2024, the army of Peru fired mortars at the outposts of the army of Bolivia near Villazón.")
    c = best(a)
    assert c.actor2 and "Bolivia" in c.actor2 and "Peru" in (c.actor1 or "")


@pytest.mark.model
def test_a_month_named_march_is_no_protest(read):
    a = read("On 31 March 2024, military forces of Peru fired with small arms on the positions of the "
             "military forces of Bolivia located near Villazón.")
    assert best(a).event_type == "Battles"


@pytest.mark.model
def test_the_subject_nearest_the_attack_is_actor1(read):
    a = read("Government troops launched a sweep in the hills on Monday, hours after rebels attacked a post "
             "of the Bolivian army in Atocha on Sunday night and killed three soldiers.")
    c = next(c for c in current(a) if "Atocha" in c.location)
    assert c.actor1 and "Military Forces" not in c.actor1
    assert c.actor2 and "Military Forces of Bolivia" in c.actor2
    assert c.event_date == "2024-05-12"  # Sunday: the attack's own time, not the sweep's


@pytest.mark.model
def test_those_who_died_are_acted_on(read):
    a = read("Three soldiers of the Bolivian army died near Atocha on 5 May 2024.")
    c = best(a)
    assert c.actor1 is None or "Military Forces" not in c.actor1
    assert c.actor2 and "Military Forces of Bolivia" in c.actor2


@pytest.mark.model
def test_speakers_joined_by_and_are_not_the_authors(read):
    a = read("On 5 May 2024, relatives and the Andean Liberation Army said the dead near Tupiza were five "
             "farmers returning from a funeral.")
    assert all("Andean" not in (c.actor1 or "") for c in current(a))


@pytest.mark.model
def test_the_accused_is_actor1_not_the_accuser(read):
    a = read("On 5 May 2024, the Andean Liberation Army accused the Bolivian army of shelling the market in Tupiza.")
    c = best(a)
    assert c.actor1 and "Military Forces" in c.actor1


@pytest.mark.model
def test_a_killing_blamed_on_a_group_names_the_group(read):
    a = read("The rebels denied any role in the killing of two drivers in Porco on 5 May 2024, which the "
             "government has blamed on the Andean Liberation Army.")
    c = best(a)
    assert "Porco" in c.location and c.actor1 and "Andean" in c.actor1


@pytest.mark.model
def test_a_drone_of_the_army_striking_a_pickup_of_rebels(read):
    a = read("On 5 May 2024, a Bolivian army drone struck a pickup carrying members of the Andean Liberation Army "
             "near Tupiza.")
    c = best(a)
    assert c.actor1 and "Military Forces" in c.actor1
    assert c.actor2 and "Andean" in c.actor2


@pytest.mark.model
def test_the_target_of_another_deed_is_no_default_author(read):
    a = read("Shells struck the market in Tupiza on 5 May 2024, killing nine people, as the army pressed an "
             "offensive against insurgents in the hills.")
    c = best(a)
    assert c.actor1 is None or "Unidentified" not in c.actor1


@pytest.mark.model
def test_a_crowd_is_named_as_the_crowd_with_its_party_beside_it(read):
    a = read("On 5 May 2024, residents of Uyuni held a protest in front of the town hall in Uyuni.")
    c = best(a)
    assert c.event_type == "Protests" and c.actor1 == "Protesters (Bolivia)"


@pytest.mark.model
def test_a_place_deep_in_a_noun_phrase_is_still_the_event_place(read):
    a = read("On 3 May 2024, military forces of Peru fired with small arms on the positions of the military "
             "forces of Bolivia located near Villazón, Potosí.")
    assert "Villazón" in best(a).location


@pytest.mark.model
def test_police_action_after_a_protest_is_placed_at_the_protest(read):
    a = read("On 5 May 2024, hundreds of students marched on the main square in Sucre demanding lower fees.\n\n"
             "Police fired tear gas when some marchers threw stones at the governor's office. Twenty people "
             "were arrested.\n\nIn Tupiza, farmers mourned the dead of the market shelling.")
    crowd = [c for c in current(a) if c.event_type in ("Protests", "Riots") or c.sub_event_type == "Arrests"]
    assert crowd and all("Sucre" in c.location for c in crowd)


@pytest.mark.model
def test_a_development_carries_no_toll_of_the_violence_it_mentions(read):
    a = read("The market of Tupiza reopened on 18 May 2024 for the first time since the shelling that killed "
             "eleven people, as the ceasefire agreed in Sucre held for a second day.")
    developments = [c for c in current(a) if c.event_type == "Strategic developments"]
    assert developments and all(c.fatalities in (None, 0) for c in developments)
    assert not [f for c in developments for f in c.figures if f.category == "killed"]


@pytest.mark.model
def test_shelling_villages_hits_civilians(read):
    a = read("On 5 May 2024, government artillery shelled the villages around Cotagaita in Bolivia.")
    c = best(a)
    assert c.event_type == "Explosions/Remote violence" and c.actor2 == "Civilians (Bolivia)"


@pytest.mark.model
def test_an_event_named_in_passing_is_done_by_the_party_its_own_words_name(read):
    a = read("Aid convoys escorted by Kenyan police reached the town after a ceasefire was declared in Mandera "
             "following a two-day Somali offensive.")
    named = [c for c in current(a) if c.reference]
    assert named and named[0].trigger == "offensive"
    # the escort elsewhere in the sentence did not fight the offensive
    assert named[0].actor1 == "Military Forces of Somalia"


@pytest.mark.model
def test_the_side_fired_on_is_found_when_the_parse_hangs_the_aim_on_the_weapon(read):
    a = read("On 3 May 2021, border units of Azerbaijan shot with machine guns/sniper rifles on the trenches "
             "of the armed forces of Armenia located near Berd, Tavush.", published="2021-05-03")
    reps = reports(a)
    assert reps and reps[0].actor2 == "Military Forces of Armenia"


@pytest.mark.model
def test_a_peaceful_protest_counts_no_deaths_its_grievance_names(read):
    a = read("On 2 June 2022, hundreds of traders staged a peaceful protest in Kisumu against the killing "
             "of two market porters.", published="2022-06-02")
    protests = [c for c in reports(a) if c.sub_event_type == "Peaceful protest"]
    assert protests and all(c.fatalities is None for c in protests)


@pytest.mark.model
def test_a_gang_is_an_unidentified_armed_group(read):
    a = read("On 4 March 2021, a gang attacked a police patrol in Nakuru and wounded two officers.",
             published="2021-03-04")
    assert any(c.actor1 and c.actor1.startswith("Unidentified Armed Group") for c in reports(a))


@pytest.mark.model
def test_the_other_side_of_a_clash_is_actor2(read):
    a = read("On 9 June 2022, armed men clashed with police officers in Eldoret.", published="2022-06-09")
    assert any(c.actor2 == "Police Forces of Kenya" for c in reports(a))
    a = read("On 9 June 2022, the armed forces of Armenia and Azerbaijan exchanged fire near Ijevan.",
             published="2022-06-09")
    pair = [(c.actor1, c.actor2) for c in reports(a)]
    assert ("Military Forces of Armenia", "Military Forces of Azerbaijan") in pair


@pytest.mark.model
def test_a_village_the_gazetteer_lacks_still_places_the_event(read):
    a = read("On 2 June 2022, Kenyan police shot dead a trader in Kamwerebu.", published="2022-06-02")
    assert any(c.location == "Kamwerebu" and c.iso == "KE" and c.latitude is None for c in reports(a))


@pytest.mark.model
def test_an_unlisted_village_with_a_double_name_places_the_event(read):
    a = read("On 3 March 2021, gunmen raided a police camp in Hagar-Dibi. Nobody was hurt.", published="2021-03-03")
    assert reports(a) and reports(a)[0].location == "Hagar-Dibi"


@pytest.mark.model
def test_a_known_town_outranks_an_unlisted_quarter_inside_it(read):
    a = read("On 2 June 2022, rioters burned shops in the Kibokoni estate of Nakuru town.", published="2022-06-02")
    assert reports(a) and reports(a)[0].location == "Nakuru"


@pytest.mark.model
def test_a_city_and_its_quarter_joined_by_a_spaced_dash_place_the_event(read):
    a = read("On 5 May 2024, students staged a protest rally in Dhaka - Motijheel, demanding new exams.",
             published="2024-05-05")
    assert reports(a) and reports(a)[0].location == "Dhaka"


@pytest.mark.model
def test_a_village_missing_from_the_map_is_coded_at_its_upazila(read):
    a = read("On 2 March 2024, two groups of farmers clashed with sticks at Kolvarokandi village, Dhunat upazila "
             "(Bogra, Rajshahi), over a pond.", published="2024-03-02")
    assert reports(a) and reports(a)[0].location == "Dhunat"


@pytest.mark.model
def test_hyphens_inside_a_name_keep_the_place(read):
    a = read("A roadside bomb killed two soldiers in Nawa-e Barakzayi district, Helmand, on Tuesday.")
    assert reports(a) and reports(a)[0].location == "Nawa-e Barakzayi"
    a = read("Gunmen shot dead a shopkeeper in Xalapa-Enriquez, Veracruz, on Friday.")
    assert reports(a) and "Xalapa" in reports(a)[0].location


@pytest.mark.model
def test_a_village_outranks_the_countryside_of_a_city(read):
    a = read("Regime artillery shelled Kolvaro village in rural Idlib on Monday.")
    assert reports(a) and reports(a)[0].location == "Kolvaro"


@pytest.mark.model
def test_the_place_a_crowd_protests_about_is_not_where_it_gathered(read):
    a = read("On 6 May 2024, students staged a protest in Sylhet city condemning the military aggression on Gaza "
             "and the war in Sudan.", published="2024-05-06")
    assert reports(a) and all(c.location == "Sylhet" for c in reports(a))


@pytest.mark.model
def test_the_dead_of_each_side_add_up_but_a_breakdown_does_not(read):
    a = read("On 3 May 2021, troops clashed with rebels near Kidal, killing six soldiers and four rebels.",
             published="2021-05-03")
    assert [c.fatalities for c in reports(a)] == [10]
    a = read("On 3 May 2021, a car bomb killed 14 people in Kidal, including three soldiers.", published="2021-05-03")
    assert [c.fatalities for c in reports(a)] == [14]


# --------------------------------------------------------------------------- typing rules (CASE 2021 task 2 pass)

def typed(read, text):
    """Sub-event types of the sentences the coder types as new reports, place and date aside."""
    return [t.sub_event_type for t, _ in typing_of(read(text)) if t is not None and not t.reference]


@pytest.mark.model
def test_weapons_behind_a_quantity_are_disrupted_weapons(read):
    assert typed(read, "Soldiers seized a large quantity of pistols and ammunition in Tupiza on Monday.") == \
        ["Disrupted weapons use"]


@pytest.mark.model
def test_an_arms_depot_destroyed_by_jets_is_an_air_strike(read):
    assert typed(read, "Government jets destroyed a rebel arms depot near Uyuni on Monday.") == ["Air/drone strike"]


@pytest.mark.model
def test_drugs_seized_are_no_disrupted_weapons(read):
    assert "Disrupted weapons use" not in typed(read, "Police seized 40 kilograms of cocaine in Villazón on Monday.")


@pytest.mark.model
def test_ground_taken_after_the_other_side_pulled_out_is_a_transfer(read):
    assert typed(read, "Rebel fighters took control of Atocha on Monday after government forces pulled out.") == \
        ["Non-violent transfer of territory"]


@pytest.mark.model
def test_riot_police_are_a_unit_not_a_riot(read):
    assert typed(read, "Riot police beat protesters in Potosí on Monday.") == \
        ["Excessive force against protesters"]


@pytest.mark.model
def test_a_march_against_police_brutality_is_peaceful(read):
    assert typed(read, "Hundreds of lawyers marched in Sucre on Tuesday to protest against police brutality.") == \
        ["Peaceful protest"]


@pytest.mark.model
def test_fire_on_peaceful_protesters_amid_unrest_is_excessive_force(read):
    assert typed(read, "Soldiers opened fire on peaceful protesters in Potosí on Friday, killing three, "
                       "as weeks of unrest continued.") == ["Excessive force against protesters"]


@pytest.mark.model
def test_a_surrender_told_as_done_is_an_agreement(read):
    assert typed(read, "Forty rebel fighters have surrendered to the army in Tupiza.") == ["Agreement"]


@pytest.mark.model
def test_a_release_in_exchange_is_an_agreement(read):
    assert typed(read, "The government released 12 rebels in exchange for five soldiers on Monday.") == ["Agreement"]


@pytest.mark.model
def test_the_army_and_allied_fighters_regain_ground(read):
    assert typed(read, "The army and allied fighters captured the village of Porco on Thursday.") == \
        ["Government regains territory"]


@pytest.mark.model
def test_an_attack_to_capture_positions_takes_no_ground(read):
    assert typed(read, "Rebels launched an attack to capture army positions near Uyuni on Monday.") == ["Armed clash"]


@pytest.mark.model
def test_a_toll_next_to_an_accident_is_no_event(read):
    assert typed(read, "A tank exploded at a fertilizer plant in Potosí on Monday. Six workers were injured.") == []


@pytest.mark.model
def test_catching_fire_at_a_place_is_no_shooting(read):
    assert typed(read, "A warehouse caught fire at the port of Uyuni on Monday.") == []


@pytest.mark.model
def test_hostility_as_a_feeling_is_no_fighting(read):
    assert typed(read, "The minister spoke of the inherent hostility of the opposition toward the reform.") == []


@pytest.mark.model
def test_shops_burned_are_property_destruction(read):
    assert typed(read, "Dozens of shops were burned in Villazón on Monday night.") == ["Looting/property destruction"]


@pytest.mark.model
def test_vehicles_destroyed_in_clashes_are_part_of_the_clash(read):
    assert typed(read, "Rebels destroyed four army vehicles in clashes with troops near Tupiza.") == ["Armed clash"]


@pytest.mark.model
def test_a_mass_flight_is_no_event_of_its_own(read):
    # ACLED codes the attacks, not the flight they cause: "thousands fled" is told in most war reports
    assert typed(read, "Some 5,000 people have fled villages around Tupiza because of rebel attacks.") == []


@pytest.mark.model
def test_bases_set_up_are_a_base_established(read):
    assert typed(read, "Government forces have set up two new bases near Uyuni.") == \
        ["Headquarters or base established"]


@pytest.mark.model
def test_a_reported_clause_is_no_relative_clause(read):
    assert typed(read, "Residents told reporters that soldiers have set up a new military post near Porco.") == \
        ["Headquarters or base established"]


@pytest.mark.model
def test_a_where_clause_still_describes_a_place(read):
    text = "Traffic resumed on the road to Uyuni, where the rebels had blocked the bridges during the fighting."
    assert typed(read, text) == []


@pytest.mark.model
def test_activists_detained_before_a_rally_are_arrests(read):
    assert typed(read, "Police detained several opposition activists in Sucre before the president's rally.") == \
        ["Arrests"]


@pytest.mark.model
def test_raped_is_sexual_violence(read):
    assert typed(read, "Soldiers raped two women in a village near Porco.") == ["Sexual violence"]


@pytest.mark.model
def test_troops_dispatched_are_a_change_of_activity(read):
    assert typed(read, "The army has dispatched hundreds of troops to the border near Villazón.") == \
        ["Change to group/activity"]


@pytest.mark.model
def test_packages_identified_as_bombs_and_intercepted_are_disrupted(read):
    assert typed(read, "Police intercepted two packages identified as explosive devices in Sucre.") == \
        ["Disrupted weapons use"]


@pytest.mark.model
def test_protesters_tearing_down_a_fence_is_a_violent_demonstration(read):
    assert typed(read, "Protesters tore down the fence around parliament during a demonstration in Sucre.") == \
        ["Violent demonstration"]


@pytest.mark.model
def test_gunmen_attacking_an_office_building_is_an_attack(read):
    assert typed(read, "Armed men attacked an office building in Sucre on Monday, police said.") == ["Attack"]


@pytest.mark.model
def test_officials_who_report_are_no_armed_target(read):
    assert typed(read, "Gunmen attacked a mosque in Porco on Friday, wounding 30 people, "
                       "health and police officials said.") == ["Attack"]


@pytest.mark.model
def test_a_crowd_its_paragraph_does_not_place_is_at_the_dateline_town(read):
    a = read("TUPIZA, Bolivia, May 14 (Test Wire) - Talks between the government and the rebels resumed in Tupiza "
             "on Monday.\n\nOn Tuesday, relatives of the missing held a silent vigil outside the building where the "
             "talks were held.")
    vigils = [c for c in reports(a) if c.event_type == "Protests"]
    assert vigils and vigils[0].location == "Tupiza"


@pytest.mark.model
def test_the_town_of_the_dead_is_not_where_their_relatives_gathered(read):
    a = read("On Monday, relatives of the Uyuni dead held a silent vigil outside the courthouse in Bolivia.")
    vigils = [c for c in reports(a) if c.event_type == "Protests"]
    assert vigils and all(c.location != "Uyuni" for c in vigils)


@pytest.mark.model
def test_rape_during_a_dispersal_stays_sexual_violence(read):
    assert typed(read, "Soldiers raped two women as they dispersed protesters in Sucre on Monday.") == \
        ["Sexual violence"]


@pytest.mark.model
def test_protesters_who_broke_into_a_building_make_a_violent_demonstration(read):
    assert typed(read, "Police fired tear gas to disperse protesters who broke into the town hall in Sucre.") == \
        ["Violent demonstration"]


@pytest.mark.model
def test_protesters_pulling_down_walls_is_a_violent_demonstration(read):
    assert typed(read, "Protesters pulled down the concrete walls around the ministry in Sucre on Friday.") == \
        ["Violent demonstration"]


@pytest.mark.model
def test_missiles_fired_by_jets_are_an_air_strike(read):
    assert typed(read, "Government jets fired four missiles at a rebel camp near Uyuni on Saturday.") == \
        ["Air/drone strike"]


@pytest.mark.model
def test_people_intercepted_are_no_disrupted_weapons(read):
    assert "Disrupted weapons use" not in typed(read, "The coast guard said 40 migrants were intercepted off Arica.")


@pytest.mark.model
def test_a_drone_filming_is_no_disrupted_weapon(read):
    assert typed(read, "A drone operated by the agency captured footage of the flooded valley near Uyuni.") == []


@pytest.mark.model
def test_people_killed_and_injured_in_an_alleged_attack_found_no_event(read):
    text = ("The ministry rejected allegations that its aircraft were responsible for an attack on a convoy "
            "near Uyuni which left several people killed and injured.")
    assert typed(read, text) == []


@pytest.mark.model
def test_regions_recovered_are_ground_regained(read):
    assert typed(read, "The army recovered the border regions near Villazón on Sunday.") == \
        ["Government regains territory"]


@pytest.mark.model
def test_attackers_killed_by_their_own_charge_are_a_suicide_bomb(read):
    assert typed(read, "Two militants detonated explosives near a police station in Sucre, killing themselves.") == \
        ["Suicide bomb"]


@pytest.mark.model
def test_a_die_in_is_a_peaceful_protest(read):
    assert typed(read, "Students staged a die-in outside the ministry in Sucre on Monday.") == ["Peaceful protest"]


@pytest.mark.model
def test_a_charge_that_blew_up_is_a_remote_explosive(read):
    assert typed(read, "A truck full of explosives blew up at the market in Porco on Tuesday.") == \
        ["Remote explosive/landmine/IED"]


@pytest.mark.model
def test_attacks_on_shops_alone_are_property_destruction(read):
    assert typed(read, "Gangs attacked shops and vehicles in Villazón on Monday night.") == \
        ["Looting/property destruction"]


@pytest.mark.model
def test_an_attack_on_a_police_station_is_no_property_destruction(read):
    assert "Looting/property destruction" not in typed(read, "Rebels attacked a police station in Villazón on Monday.")


@pytest.mark.model
def test_shops_set_on_fire_are_property_destruction(read):
    assert typed(read, "Unknown men set the shops and houses on fire in Porco on Sunday.") == \
        ["Looting/property destruction"]


@pytest.mark.model
def test_a_police_station_set_up_is_no_property_destruction(read):
    assert "Looting/property destruction" not in typed(read, "Police set up a station in Porco on Sunday.")


@pytest.mark.model
def test_tanks_attacking_positions_is_shelling(read):
    assert typed(read, "Three tanks attacked rebel positions near Tupiza on Sunday.") == \
        ["Shelling/artillery/missile attack"]


# --------------------------------------------------------------------------- ordinary news (false alarms)

@pytest.mark.model
def test_a_market_rally_is_no_protest_but_a_crowd_rally_is(read):
    assert typed(read, "Shares on Wall Street staged a strong rally on Friday as investors cheered the rate cut.") == []
    assert typed(read, "The Nikkei index advanced 1.2 percent to close at a record high on Tuesday.") == []
    assert typed(read, "Thousands of opposition supporters held a rally in Harare on Saturday to demand new "
                       "elections.") == ["Peaceful protest"]


@pytest.mark.model
def test_demonstrate_with_an_object_means_show(read):
    assert typed(read, "The ruling clearly demonstrated that the court had been misled.") == []
    assert typed(read, "Hundreds of teachers demonstrated against pay cuts in Lusaka on Monday.") == ["Peaceful protest"]


@pytest.mark.model
def test_sport_clashes_and_attacks_are_games_but_troops_clash(read):
    assert typed(read, "Zambia face Malawi in a Group A clash at the national stadium in Lusaka on Sunday.") == []
    assert typed(read, "The visitors scored twice on the counter attack in the second half of the match.") == []
    assert typed(read, "Troops clashed with rebels near Tupiza on Monday.") == ["Armed clash"]


@pytest.mark.model
def test_words_of_war_in_other_senses(read):
    assert typed(read, "The mayor stormed out of the council meeting on Tuesday.") == []
    assert typed(read, "It is not clear when the video was shot.") == []
    assert typed(read, "The senator is locked in a battle for the party nomination.") == []
    assert typed(read, "The driver of the car drove away.") == []
    assert typed(read, "Gunmen stormed a police station in Tupiza on Monday.") != []


@pytest.mark.model
def test_a_building_that_burnt_down_by_itself_is_an_accident(read):
    assert typed(read, "Three people died when their shack burnt down in Tupiza on Thursday.") == []
    assert typed(read, "A candle fell over and set the hut on fire.") == []
    assert typed(read, "Rebels burnt down twenty houses in the village on Monday.") == ["Looting/property destruction"]


@pytest.mark.model
def test_a_crime_named_as_a_court_case_is_no_new_report(read):
    assert typed(read, "The two men face charges of murder and robbery in the Tupiza court.") == []
    assert typed(read, "He was jailed for life on Friday for raping a schoolgirl.") == []
    assert typed(read, "Gunmen murdered a village chief in Tupiza on Monday.") == ["Attack"]


@pytest.mark.model
def test_bare_tolls_after_a_road_accident_in_the_lead(read):
    a = read("A minibus collided with a truck on the highway near Tupiza on Saturday, police said. "
             "The truck driver fled on foot. Police are looking for him. Two passengers died at the scene.")
    assert reports(a) == []


@pytest.mark.model
def test_bombs_carried_or_packed_are_no_attack_but_one_that_exploded_is(read):
    assert typed(read, "The bombs were packed into pressure cookers.") == []
    assert typed(read, "The men bought two backpacks and carried the bombs to the square.") == []
    assert typed(read, "A bomb hidden in a backpack exploded at a bus stop in Tupiza, killing two people.") != []


@pytest.mark.model
def test_deaths_from_illness_or_by_court_sentence_are_no_violence(read):
    assert typed(read, "The veteran actor died on Wednesday in Sucre after a long illness.") == []
    assert typed(read, "The death row inmate is set to be put to death by lethal injection on Thursday.") == []
    assert typed(read, "Soldiers shot dead two villagers in Sucre on Wednesday.") != []


@pytest.mark.model
def test_a_death_named_as_a_topic_or_denied_is_no_report(read):
    assert typed(read, "The coroner has not yet released the cause of death.") == []
    assert typed(read, "None of the guards were injured in the robbery.") == []
    assert typed(read, "The city says it is not immune to cyber attacks on its water system.") == []
    assert typed(read, "Three guards were injured when gunmen attacked the bank in Sucre on Friday.") != []


@pytest.mark.model
def test_an_arrest_for_stolen_goods_is_ordinary_crime_but_an_activist_arrest_counts(read):
    assert typed(read, "Two men were arrested in Sucre on Friday after they were found in possession of "
                       "stolen cattle.") == []
    assert typed(read, "Police arrested two opposition activists in Sucre on Friday.") == ["Arrests"]


@pytest.mark.model
def test_violence_by_locals_or_party_supporters_is_mob_violence(read):
    assert typed(read, "Villagers beat and killed a man in Sucre on Monday on suspicion of stealing a goat.") == \
        ["Mob violence"]
    assert typed(read, "Supporters of the ruling party assaulted two journalists in Sucre on Monday.") == \
        ["Mob violence"]
    assert typed(read, "Members of the party's student wing attacked a rival candidate's camp in Sucre on "
                       "Monday.") == ["Mob violence"]


@pytest.mark.model
def test_armed_men_or_attacks_on_troops_are_no_mob_violence(read):
    assert "Mob violence" not in typed(read, "Members of the armed group attacked a village near Sucre on Monday.")
    assert "Mob violence" not in typed(read, "Government supporters attacked an army convoy near Sucre on Monday.")


@pytest.mark.model
def test_business_trade_and_forum_talks_are_no_conflict_agreement(read):
    assert typed(read, "The two companies reached an agreement on Tuesday on the acquisition of the operator.") == []
    assert typed(read, "He was speaking at a panel discussion at the economic forum in Sucre on Monday.") == []
    assert typed(read, "Government and rebel negotiators reached an agreement in Sucre on Tuesday to end the "
                       "fighting.") == ["Agreement"]


@pytest.mark.model
def test_launches_scares_offices_and_social_ills_are_no_violence(read):
    assert typed(read, "The space shuttle blasted off from the island on Thursday morning.") == []
    assert typed(read, "A bomb threat forced the evacuation of the station on Monday.") != ["Remote explosive/landmine/IED"]
    assert typed(read, "The minister said the country was fighting corruption and poverty.") == []
    assert typed(read, "Bolivia hands over the presidency of the bloc to Peru next month.") == []
    assert typed(read, "The rebels handed over the town of Tupiza to the army on Monday.") != []


# --------------------------------------------------------------------------- issue #5: reports the coder missed

def _kinds(article):
    return [(c.event_type, c.sub_event_type) for c in reports(article)]


@pytest.mark.model
def test_a_participle_with_its_own_was_is_the_main_verb(read):
    a = read("On 6 May 2024, a drone belonging to the rebels was shot down by soldiers near Tupiza.",
             published="2024-05-06")
    assert ("Strategic developments", "Disrupted weapons use") in _kinds(a)


@pytest.mark.model
def test_a_sentence_whose_only_verb_hangs_on_a_noun_still_reports_it(read):
    a = read("On 6 May 2024, about fifty teachers of the district schools protested in front of the town hall "
             "in Potosí.", published="2024-05-06")
    assert any(t == "Protests" for t, _ in _kinds(a))


@pytest.mark.model
def test_residents_who_blocked_a_road_held_a_protest(read):
    a = read("On 6 May 2024, residents of Villazón blocked the main road to Tupiza and demanded compensation "
             "for their flooded fields.", published="2024-05-06")
    assert _kinds(a) and _kinds(a)[0][0] == "Protests"


@pytest.mark.model
def test_no_casualties_reported_does_not_deny_the_shelling(read):
    a = read("On 6 May 2024, rebel forces reportedly shelled army positions near Tupiza, with no casualties "
             "reported.", published="2024-05-06")
    assert ("Explosions/Remote violence", "Shelling/artillery/missile attack") in _kinds(a)


@pytest.mark.model
def test_a_bracketed_aside_does_not_negate_the_report(read):
    a = read("Around 6 May 2024 (exact date not reported) traders protested in Potosí over market fees.",
             published="2024-05-06")
    assert any(t == "Protests" for t, _ in _kinds(a))


@pytest.mark.model
def test_a_second_deed_after_prevented_is_done(read):
    a = read("On 6 May 2024, residents prevented a council hearing in Sucre and protested against the new "
             "mine.", published="2024-05-06")
    assert any(t == "Protests" for t, _ in _kinds(a))


@pytest.mark.model
def test_a_gathering_that_voices_a_demand_is_a_protest(read):
    a = read("On 6 May 2024, supporters of the jailed mayor gathered outside the courthouse in Sucre and "
             "demanded his release.", published="2024-05-06")
    assert ("Protests", "Peaceful protest") in _kinds(a)
    b = read("On 6 May 2024, ministers gathered in Sucre to condemn the bombing.", published="2024-05-06")
    assert not any(t == "Protests" for t, _ in _kinds(b))


@pytest.mark.model
def test_a_present_tense_headline_reports_the_killing(read):
    a = read("Rebels kill two herders near Tupiza", published="2024-05-06")
    assert reports(a) and reports(a)[0].event_date == "2024-05-06"
    b = read("The army says the border is calm. Rebels kill herders near Tupiza.", published="2024-05-06")
    assert not reports(b)  # further down, an undated present tense is commentary


@pytest.mark.model
def test_bodies_found_with_marks_of_violence_are_an_attack(read):
    a = read("On 6 May 2024, the bodies of two men were found near Tupiza. Both had been handcuffed and bore "
             "signs of torture.", published="2024-05-06")
    [c] = reports(a)
    assert (c.event_type, c.sub_event_type) == ("Violence against civilians", "Attack") and c.actor1 is None
    b = read("On 6 May 2024, the body of a fisherman was found on the shore of the lake near Tupiza.",
             published="2024-05-06")
    assert not reports(b)


@pytest.mark.model
def test_fire_that_includes_small_arms_is_a_clash_and_heavy_weapons_are_shelling(read):
    a = read("On 6 May 2024, rebel forces fired small arms and mortars at army positions near Tupiza.",
             published="2024-05-06")
    assert _kinds(a)[0] == ("Battles", "Armed clash")
    b = read("On 6 May 2024, rebel forces fired heavy weapons on army positions near Tupiza.",
             published="2024-05-06")
    assert _kinds(b)[0] == ("Explosions/Remote violence", "Shelling/artillery/missile attack")


@pytest.mark.model
def test_supporters_who_clash_riot_and_soldiers_who_clash_fight(read):
    a = read("On 6 May 2024, supporters of two rival candidates clashed in Tarija.", published="2024-05-06")
    assert _kinds(a)[0] == ("Riots", "Mob violence")
    b = read("On 6 May 2024, rebel fighters clashed with soldiers in Tarija.", published="2024-05-06")
    assert _kinds(b)[0] == ("Battles", "Armed clash")


@pytest.mark.model
def test_a_crowd_that_vandalises_a_house_riots(read):
    a = read("On 6 May 2024, supporters of the mayor vandalised the house of a rival candidate in Tarija.",
             published="2024-05-06")
    assert _kinds(a)[0] == ("Riots", "Mob violence")


@pytest.mark.model
def test_a_beating_is_an_attack_but_a_won_match_is_nothing(read):
    a = read("On 6 May 2024, an activist was beaten by two men in Tarija.", published="2024-05-06")
    assert _kinds(a)[0] == ("Violence against civilians", "Attack")
    b = read("On 5 May 2024, Bolivar beat The Strongest 2-1 in La Paz.", published="2024-05-06")
    assert not reports(b)


@pytest.mark.model
def test_stones_pelted_and_explosives_set_off(read):
    a = read("On 6 May 2024, residents pelted a police vehicle with stones in Tarija.", published="2024-05-06")
    assert _kinds(a)[0][0] == "Riots"
    b = read("On 6 May 2024, militants set off explosives under a bridge near Tupiza.", published="2024-05-06")
    assert _kinds(b)[0] == ("Explosions/Remote violence", "Remote explosive/landmine/IED")


@pytest.mark.model
def test_attackers_pushed_back_are_a_clash_but_pushed_back_from_a_place_lose_ground(read):
    a = read("On 6 May 2024, the rebels tried to take the hill near Tupiza, but the army pushed them back.",
             published="2024-05-06")
    assert ("Battles", "Armed clash") in _kinds(a)
    b = read("On 6 May 2024, the rebels were pushed back from their strongholds near Tupiza.",
             published="2024-05-06")
    assert ("Battles", "Government regains territory") in _kinds(b)


@pytest.mark.model
def test_an_attack_where_only_shops_suffered_is_the_looting(read):
    a = read("On 6 May 2024, no arrests were made after the attacks in which about 20 shops were looted in "
             "Tarija.", published="2024-05-06")
    assert _kinds(a)[0] == ("Strategic developments", "Looting/property destruction")


@pytest.mark.model
def test_party_supporters_who_stab_a_rival_riot(read):
    a = read("On 6 May 2024, supporters of a rival candidate stabbed and killed a shopkeeper in Tarija.",
             published="2024-05-06")
    assert _kinds(a)[0] == ("Riots", "Mob violence")


@pytest.mark.model
def test_a_road_blocked_with_burning_tyres_is_violent_but_a_road_sit_in_is_not(read):
    a = read("On 6 May 2024, demonstrators blocked the highway near Tarija, demanding lower fuel prices.",
             published="2024-05-06")
    assert _kinds(a)[0] == ("Protests", "Peaceful protest")
    b = read("On 6 May 2024, demonstrators blocked the highway near Tarija with burning tyres, demanding lower "
             "fuel prices.", published="2024-05-06")
    assert _kinds(b)[0] == ("Riots", "Violent demonstration")


@pytest.mark.model
def test_a_toll_told_after_the_event_in_its_paragraph_is_its_own(read):
    a = read("Gunmen attacked a bus station in Tupiza on Monday. Four passengers were killed, police said.")
    attack = [c for c in current(a) if c.sub_event_type in ("Attack", "Armed clash")]
    assert attack and attack[0].sentence == 0 and attack[0].fatalities == 4


@pytest.mark.model
def test_a_toll_at_another_place_is_not_the_events_own(read):
    a = read("Gunmen attacked a bus station in Tupiza on Monday. In Potosi, four miners died when a tunnel "
             "collapsed.")
    attack = [c for c in current(a) if c.sentence == 0]
    assert attack and attack[0].fatalities is None


@pytest.mark.model
def test_a_crowd_that_turns_violent_in_the_next_sentence_makes_the_protest_a_riot(read):
    a = read("On 6 May 2024, traders protested against new market fees in Tarija. They burnt tyres and stoned "
             "passing cars.", published="2024-05-06")
    assert ("Riots", "Violent demonstration") in _kinds(a)
    assert ("Protests", "Peaceful protest") not in _kinds(a)
    b = read("On 6 May 2024, traders protested against new market fees in Tarija. Police dispersed the "
             "marchers an hour later.", published="2024-05-06")
    assert all(k[0] == "Protests" for k in _kinds(b))


@pytest.mark.model
def test_violence_done_to_the_crowd_next_does_not_make_it_a_riot(read):
    a = read("On 6 May 2024, nurses staged a protest in front of the clinic in Tarija. Guards of the clinic "
             "threw stones at the protesting nurses.", published="2024-05-06")
    assert _kinds(a)[0][0] == "Protests"


@pytest.mark.model
def test_a_protest_after_an_earlier_clash_is_peaceful(read):
    a = read("On 6 May 2024, bus drivers staged a protest in Tarija, following a prior clash between two unions.",
             published="2024-05-06")
    assert _kinds(a)[0] == ("Protests", "Peaceful protest")


@pytest.mark.model
def test_an_off_duty_officer_shot_by_gunmen_is_an_attack_on_a_civilian(read):
    a = read("On 6 May 2024, an off-duty police officer was shot and killed by two gunmen in Tarija.",
             published="2024-05-06")
    assert _kinds(a)[0] == ("Violence against civilians", "Attack")


@pytest.mark.model
def test_militants_attacking_a_town_by_name_attack_civilians_but_a_post_is_a_battle(read):
    a = read("On 6 May 2024, suspected militants attacked Manzira (Bawku, Upper East).", published="2024-05-06")
    assert _kinds(a)[0] == ("Violence against civilians", "Attack")
    b = read("On 6 May 2024, suspected militants attacked an army post near Bawku.", published="2024-05-06")
    assert _kinds(b)[0] == ("Battles", "Armed clash")


@pytest.mark.model
def test_hundreds_of_supporters_who_wreck_a_house_riot(read):
    a = read("On 6 May 2024, hundreds of supporters of the ruling party vandalized the house of an opposition "
             "leader in Tarija.", published="2024-05-06")
    assert _kinds(a)[0] == ("Riots", "Mob violence")


@pytest.mark.model
def test_bonfires_lit_by_supporters_are_a_violent_demonstration(read):
    a = read("In Tarija, party supporters lit bonfires on 6 May 2024 as they demanded the removal of the "
             "electoral chief.", published="2024-05-06")
    assert _kinds(a)[0] == ("Riots", "Violent demonstration")


@pytest.mark.model
def test_a_thief_stoned_or_attacked_by_a_mob_is_mob_violence(read):
    a = read("On 6 May 2024, youths in Tarija stoned a suspected thief to death.", published="2024-05-06")
    assert _kinds(a)[0] == ("Riots", "Mob violence")
    b = read("On 6 May 2024, a suspected car thief was attacked and injured by a vigilante mob in Tarija.",
             published="2024-05-06")
    assert _kinds(b)[0] == ("Riots", "Mob violence")


@pytest.mark.model
def test_a_crowd_or_the_police_who_hit_people_beat_them(read):
    a = read("On 6 May 2024, villagers in Punata hit a man they accused of stealing a goat.", published="2024-05-06")
    assert _kinds(a)[0] == ("Riots", "Mob violence")
    b = read("On 6 May 2024, police in Punata hit several traders with batons.", published="2024-05-06")
    assert ("Violence against civilians", "Attack") in _types(b)


@pytest.mark.model
def test_a_vehicle_or_a_price_rise_that_hits_people_is_no_beating(read):
    assert not current(read("On 6 May 2024, a minibus hit a man on the main road in Punata.", published="2024-05-06"))
    assert not current(read("Higher fuel prices hit farmers in Punata this month.", published="2024-05-06"))


@pytest.mark.model
def test_armed_men_who_overtake_a_town_take_ground_but_an_economy_does_not(read):
    a = read("On 6 May 2024, the rebels overtook the town of Punata after the army withdrew.", published="2024-05-06")
    assert {t for t, _ in _types(a)} & {"Battles", "Strategic developments"}
    assert not current(read("In 2023 Bolivia overtook Peru as the region's largest tin exporter.",
                            published="2024-05-06"))


@pytest.mark.model
def test_people_burnt_to_death_by_named_killers_is_a_deliberate_killing(read):
    a = read("Villagers in Punata burnt a herder to death for trespassing on their farms.", published="2024-05-06")
    assert any(c.trigger == "burn to death" and c.strength == 2 for c in current(a))
    b = read("Three children were burnt to death in a house fire in Punata.", published="2024-05-06")
    assert not any(c.trigger == "burn to death" for c in current(b))


@pytest.mark.model
def test_suspects_burnt_to_death_by_unnamed_people_is_mob_violence(read):
    a = read("On 6 May 2024, two suspected cattle thieves were burnt to death in Punata.", published="2024-05-06")
    assert _kinds(a)[0] == ("Riots", "Mob violence")


@pytest.mark.model
def test_suspects_who_die_in_a_fire_or_at_the_hands_of_police_are_no_mob_violence(read):
    a = read("On 6 May 2024, two suspected smugglers were burnt to death when their lorry caught fire in Punata.",
             published="2024-05-06")
    assert ("Riots", "Mob violence") not in _types(a)
    b = read("On 6 May 2024, two suspected robbers were shot dead by police in Punata.", published="2024-05-06")
    assert ("Riots", "Mob violence") not in _types(b)


# --------------------------------------------------------------------------- events a report places nowhere

@pytest.mark.model
def test_a_report_that_names_no_place_gives_an_unlocated_event(read):
    a = read("An angry mob beat two men to death on Tuesday after accusing them of stealing a motorcycle.")
    [c] = current(a)
    assert c.event_type == "Riots" and c.fatalities == 2
    assert c.location is None and c.latitude is None and c.geo_precision is None and c.place_source == "none"
    assert "unknown place" in c.notes


@pytest.mark.model
def test_an_unlocated_crowd_is_still_named_as_acled_names_crowds(read):
    a = read("Hundreds of market traders protested on Monday against a new levy on their stalls.")
    [c] = current(a)
    assert c.sub_event_type == "Peaceful protest" and c.actor1 == "Protesters" and c.country is None


@pytest.mark.model
def test_a_deed_that_cannot_be_tied_to_the_places_its_report_names_stays_uncoded(read):
    # the article is placed (Tupiza), but the crowd in its second paragraph is told nowhere near it:
    # an unlocated event would double the placed ones an analyst already has
    a = read("Government artillery shelled the town of Tupiza on Monday.\n\nIn a separate development, students protested "
             "on Tuesday against higher fees.")
    assert current(a) and all(c.location for c in current(a))


# --------------------------------------------------------------------------- which of a sentence's places is the event's

@pytest.mark.model
def test_the_towns_a_blocked_highway_runs_between_are_not_where_the_crowd_stood(read):
    a = read("On 6 May 2024, residents blocked the Tarija - Bermejo highway in Padcaya municipality over water cuts.",
             published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Padcaya"


@pytest.mark.model
def test_a_place_the_crowd_protests_about_is_not_where_it_gathered(read):
    a = read("On 6 May 2024, hundreds of miners protested in front of the courthouse, Sucre, against the arrests of "
             "their leaders in Potosí.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Sucre"


@pytest.mark.model
def test_a_crowd_protesting_about_its_own_town_is_placed_there(read):
    a = read("On 6 May 2024, shopkeepers rallied against the slow repair of the old market in Tarija.",
             published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Tarija"


@pytest.mark.model
def test_a_site_is_coded_at_the_town_that_holds_it(read):
    a = read("On 6 May 2024, garment workers walked out and rallied at the Kantuta Free Trade Zone in Tarija city over "
             "late pay.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Tarija"


@pytest.mark.model
def test_a_quarter_of_a_town_is_coded_at_the_town(read):
    a = read("On 6 May 2024, police clashed with stone-throwing youths in Los Pinos area, Tarija town, "
             "injuring four.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Tarija"


@pytest.mark.model
def test_a_place_named_only_to_say_where_a_finer_one_lies_does_not_outrank_it(read):
    a = read("On 6 May 2024, rebel gunners shelled Villazón town in Potosí department, killing a farmer.",
             published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Villazón"


@pytest.mark.model
def test_places_in_a_list_are_not_read_as_lying_in_one_another(read):
    a = read("On 6 May 2024, rebels attacked army posts in Tupiza, Uyuni, Sucre and Tarija, killing three soldiers.",
             published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Tupiza"


@pytest.mark.model
def test_a_town_told_as_lying_outside_another_is_the_place_not_the_landmark(read):
    a = read("On 6 May 2024, a roadside bomb wounded two soldiers in Tomatas, outside of Tarija.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location.startswith("Tomatas")


@pytest.mark.model
def test_where_the_doers_live_yields_to_where_they_acted(read):
    a = read("On 6 May 2024, in Tupiza municipality, residents of Villazón town blocked the access roads to the new "
             "landfill.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Tupiza"


@pytest.mark.model
def test_a_crowd_marching_to_a_headquarters_is_placed_at_its_town(read):
    a = read("On 6 May 2024, nurses from Potosí department walked to the health authority's headquarters in Uyuni "
             "town to protest unpaid wages.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Uyuni"


@pytest.mark.model
def test_a_place_named_with_its_unit_word_keeps_its_preposition(read):
    a = read("On 6 May 2024, a mayor's bodyguards knifed a rival party worker to death in Tupiza municipality, "
             "Sud Chichas province (Potosí), during the vote count.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Tupiza"


@pytest.mark.model
def test_a_neighbourhood_is_coded_at_the_town_its_sentence_opens_with(read):
    a = read("On 6 May 2024, in Villazón, Potosí, local radio said that gunmen opened fire on a bus in Las Lomas "
             "neighbourhood.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Villazón"


@pytest.mark.model
def test_a_deed_told_after_a_quarter_takes_the_town_that_holds_it(read):
    a = read("On 6 May 2024, teachers marched through San Roque area, Tupiza town, demanding back pay. Officers "
             "used batons to break up the march.", published="2024-05-06")
    assert all(c.location == "Tupiza" for c in reports(a))


@pytest.mark.model
def test_an_area_told_as_part_of_a_unit_is_coded_at_the_unit_but_not_one_bracketed_for_finding(read):
    a = read("On 6 May 2024, soldiers clashed with coca growers in Las Lajas area, Villazón municipality, killing one "
             "grower.", published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Villazón"
    b = read("On 6 May 2024, soldiers clashed with coca growers in Las Lajas area (Villazón, Potosí), killing one "
             "grower.", published="2024-05-06")
    assert reports(b) and reports(b)[0].location == "Las Lajas"


@pytest.mark.model
def test_arrests_a_protest_is_held_against_are_its_cause_not_an_intervention(read):
    # "staged" is tagged "stag" by the parser; a demand joined to the protest by "and" is its cause too
    assert typed(read, "On 6 May 2024, nurses staged a rally in Tupiza, demanding the release of detained union "
                       "leaders.")[0] == "Peaceful protest"
    assert typed(read, "On 6 May 2024, miners held a protest in Uyuni against the arrest of a union organiser and "
                       "demanded his freedom.")[0] == "Peaceful protest"
    assert typed(read, "On 6 May 2024, supporters of a former mayor who was arrested in a graft case marched in "
                       "Tupiza.")[0] == "Peaceful protest"
    assert typed(read, "On 6 May 2024, supporters of Juan Quispe, the arrested former mayor of Tupiza, marched in "
                       "Tupiza.")[0] == "Peaceful protest"


@pytest.mark.model
def test_police_action_told_after_the_protest_makes_it_an_intervention(read):
    first = typed(read, "On 6 May 2024, bus drivers staged a protest in Tupiza over fuel prices. Police officers "
                        "dispersed the drivers and detained six of them.")
    assert first[0] == "Protest with intervention"
    stepped_in = typed(read, "On 6 May 2024, a crowd of vendors rallied in Uyuni against new market fees. "
                             "Riot police intervened a few hours later.")
    assert stepped_in[0] == "Protest with intervention"


@pytest.mark.model
def test_rival_activists_who_set_on_the_marchers_make_it_an_intervention(read):
    text = ("On 6 May 2024, teachers held a march in Tupiza demanding back pay. Activists of the ruling party "
            "assaulted the marchers and blocked the march.")
    assert typed(read, text)[0] == "Protest with intervention"
    assert ("Riots", "Violent demonstration") not in _kinds(read(text, published="2024-05-06"))


@pytest.mark.model
def test_police_action_at_another_place_leaves_the_protest_peaceful(read):
    a = typed(read, "On 6 May 2024, farmers held a rally in Uyuni over water rights. In Villazón, police "
                    "dispersed a crowd of traders.")
    assert a[0] == "Peaceful protest"


@pytest.mark.model
def test_wrecking_during_the_demonstration_told_next_makes_it_a_riot(read):
    a = read("On 6 May 2024, members of the ruling party staged a demonstration in Tupiza against an attack on "
             "their office. Demonstrators vandalised an opposition office during the demonstration.",
             published="2024-05-06")
    assert ("Riots", "Violent demonstration") in _kinds(a)
    assert ("Protests", "Peaceful protest") not in _kinds(a)
    assert all(c.actor1.startswith("Rioters") for c in reports(a))


@pytest.mark.model
def test_a_victim_shot_by_nobody_armed_on_the_other_side_is_an_attack(read):
    assert typed(read, "On 6 May 2024, a local politician was attacked by a rival group in Tupiza.") == ["Attack"]
    assert "Attack" in typed(read, "On 6 May 2024, a man was found dead near Uyuni. The victim was shot in the "
                                   "back.")


@pytest.mark.model
def test_rioting_met_with_teargas_stays_a_riot(read):
    assert typed(read, "On 6 May 2024, rioting erupted at a council meeting in Tupiza and police intervened "
                       "firing teargas.") == ["Violent demonstration"]


@pytest.mark.model
def test_burning_barricades_make_a_protest_violent_wherever_it_blocks(read):
    assert typed(read, "On 6 May 2024, villagers protested against water cuts near Uyuni, burning tyres outside "
                       "the mine offices.") == ["Violent demonstration"]


@pytest.mark.model
def test_people_named_by_their_town_place_their_deed_there(read):
    [c] = current(read("On 3 March 2024, Maralal residents protested against the closure of the market.",
                       "2024-03-04"))
    assert c.event_type == "Protests" and c.location == "Maralal"
    [c] = current(read("On 3 March 2024, Kolvaro residents protested against the evictions.", "2024-03-04"))
    assert c.location == "Kolvaro"


@pytest.mark.model
def test_a_part_of_a_town_is_inside_it_but_a_bearing_from_it_is_not(read):
    [c] = current(read("On 2 May 2020, a shepherd was shot dead in the east of Hays city (Al Hudaydah governorate).",
                       "2020-05-03"))
    assert c.location == "Hays"
    [c] = current(read("Unknown men killed a shepherd on 2 May 2020 in Nihm district, to the northeast of Sanaa.",
                       "2020-05-03"))
    assert c.location == "Nihm"


@pytest.mark.model
def test_a_road_places_a_deed_only_its_paragraph_has_not_placed(read):
    [c] = current(read("On 3 May 2020, protesters blocked the Kolvaro-Kolvara road with burning tyres.",
                       "2020-05-04"))
    assert c.location == "Kolvaro"
    cands = current(read("On 3 May 2020, residents of Molo protested against the nomination results. They "
                         "blocked the Nakuru-Eldoret highway for four hours.", "2020-05-04"))
    assert cands and all(c.location == "Molo" for c in cands)


@pytest.mark.model
def test_a_district_center_is_coded_at_the_district_not_its_province(read):
    [c] = current(read("On 30 April 2020, Taliban militants attacked police posts in Zari district center, Balkh, "
                       "killing four policemen.", "2020-05-01"))
    assert c.location == "Zari"


@pytest.mark.model
def test_an_estate_of_a_town_is_coded_at_the_town_whatever_it_shares_a_name_with(read):
    [c] = current(read("On 3 May 2020, a mob lynched a suspected thief at Dallas estate in Embu town.", "2020-05-04"))
    assert c.location == "Embu" and c.iso == "KE"


@pytest.mark.model
def test_a_camp_named_after_its_town_places_what_happens_at_it(read):
    [c] = current(read("On 3 May 2020, hundreds of residents demonstrated outside Kakuma refugee camp in northwest "
                       "Kenya over the dismissal of aid workers.", "2020-05-04"))
    assert c.location == "Kakuma"


@pytest.mark.model
def test_an_unlisted_village_is_coded_at_the_district_or_commune_it_lies_in(read):
    [c] = current(read("On 3 May 2020, a landmine exploded in Kolvaro village, Samraong commune, Ou Chrov district, "
                       "killing a farmer.", "2020-05-04"))
    assert c.location == "Samraong"


@pytest.mark.model
def test_a_suspect_killed_by_police_in_a_drug_raid_is_an_event(read):
    # ACLED: the state's lethal force against a person is political violence, whatever the crime alleged
    [c] = current(read("Police killed two suspected drug dealers during a raid in Tondo, Manila, on 2 May 2020.",
                       "2020-05-04"))
    assert c.location is not None
    # an arrest over drugs stays ordinary crime
    assert current(read("On 2 May 2020, police arrested two drug traffickers in Tondo, Manila.", "2020-05-04")) == []


@pytest.mark.model
def test_residents_who_close_a_road_protest(read):
    [c] = current(read("On 3 June, people living in Dilijan blocked a central street of the town to demand "
                       "repairs to the water supply.", "2020-06-04"))
    assert (c.event_type, c.location) == ("Protests", "Dilijan")
    [c] = current(read("On 2 May, a few hundred demonstrators blocked the central streets of Gavar.", "2020-05-04"))
    assert (c.event_type, c.location) == ("Protests", "Gavar")
    # the police closing a road is no protest
    assert current(read("On 2 May, police closed the main road in Gavar for repairs.", "2020-05-04")) == []


@pytest.mark.model
def test_a_clash_at_a_rally_held_on_an_anniversary_is_current(read):
    [c] = current(read("On 1 September 2023, opposition activists clashed with police during a rally in Bauphal "
                       "upazila (Patuakhali, Barisal) on the party's founding anniversary.", "2023-09-02"))
    assert (c.event_date, c.location) == ("2023-09-01", "Bauphal")
    # a remembered day, written without its year, stays history
    assert current(read("Residents remembered the 5 May attack on its anniversary.", "2023-09-02")) == []


@pytest.mark.model
def test_fire_fight_written_as_two_words_is_an_armed_clash(read):
    # "fire fight" / "gun battle" in two words: without them the sentence yields no event at all
    a = read("Soldiers engaged in a fire fight with gunmen near Uyuni on Sunday.")
    [c] = current(a)
    assert c.event_type == "Battles" and c.sub_event_type == "Armed clash" and "Uyuni" in c.location
    b = read("Police and smugglers fought a gun battle outside Tupiza on Monday.")
    assert [c.sub_event_type for c in current(b)] == ["Armed clash"]


@pytest.mark.model
def test_crowd_who_were_protesting_is_the_protest_reported(read):
    # a past progressive relative clause tells what the crowd was doing then: the protest itself
    a = read("Police dispersed youths in Sucre who were protesting electoral fraud.")
    [c] = current(a)
    assert c.event_type == "Protests" and c.strength == 2  # a report, not a reference (strength 1)


@pytest.mark.model
def test_a_later_sentence_takes_the_place_a_group_went_to_not_the_one_it_came_from(read):
    # the second sentence names no place: its deed happened where the traders went, not in their home county
    cands = current(read("On 3 May 2020, hundreds of traders from Nyeri County drove to Nanyuki town. They burnt "
                         "tyres and stoned the police.", "2020-05-04"))
    later = [c for c in cands if c.place_source != "sentence"]
    assert later and all(c.location == "Nanyuki" for c in later)


@pytest.mark.model
def test_a_hall_or_bus_stand_is_coded_at_the_town_that_holds_it(read):
    # a building named in a town is no place of its own: the town is
    for text in ("On 3 May 2020, teachers staged a protest in front of Kolvaro Memorial Hall, Eldoret town.",
                 "On 3 May 2020, traders staged a protest at the Kolvaro Old Bus Stand in Eldoret town."):
        [c] = current(read(text, "2020-05-04"))
        assert c.location == "Eldoret"


@pytest.mark.model
def test_a_village_told_near_a_town_with_bracketed_units_is_coded_at_that_town(read):
    # the writer pins the town down by its units; the village beside it is only placed by the town
    for text in ("On 3 May 2020, gunmen killed two herders in Kolvaro village near Garissa (Garissa, North "
                 "Eastern).",
                 "On 3 May 2020, gunmen shot dead a trader in Kolvaro in Garissa (North Eastern)."):
        [c] = current(read(text, "2020-05-04"))
        assert c.location == "Garissa"
    # a village with its own bracket is the place itself
    [c] = current(read("On 3 May 2020, gunmen killed two herders in Kolvaro (Garissa, North Eastern) near "
                       "Dadaab.", "2020-05-04"))
    assert c.location == "Kolvaro"


@pytest.mark.model
def test_a_place_fronted_before_the_main_verb_sets_the_scene(parse):
    from sitroom.extract import events
    article = parse("On 3 May 2020, in Osasco, Sao Paulo, a shoot-out broke out between police and smugglers.")
    town = next(t for t in article.tokens if t.text == "Osasco")
    assert events._sets_the_scene(article, town)
    # a place told after the verb hangs on what the parse says it does
    article = parse("Police arrested two smugglers in Osasco on Sunday.")
    town = next(t for t in article.tokens if t.text == "Osasco")
    assert not events._sets_the_scene(article, town)


@pytest.mark.model
def test_a_colonia_is_coded_at_the_town_its_sentence_opened_with(read):
    # "Colonia X" names a quarter of the town, whatever village elsewhere shares its name
    [c] = current(read("On 3 May 2020, in Cuernavaca, Morelos, armed men on a motorbike carried out a drive-by "
                       "shooting against two brothers in Colonia San Rafael.", "2020-05-04"))
    assert c.location == "Cuernavaca"


@pytest.mark.model
def test_an_unlisted_unit_placed_at_the_sentences_town_is_no_second_place(read):
    # the bracketed unit after the town is read as a place at the town's coordinates: the town stays the place
    [c] = current(read("On 3 May 2024, party activists beat a reporter at Kolvaro college in Comilla city, "
                       "Kolvara Sadar (Chittagong), for filming them.", "2024-05-04"))
    assert c.location == "Comilla"


@pytest.mark.model
def test_an_area_in_a_citys_countryside_is_no_quarter_of_the_city(read):
    # the countryside lies outside the city: an area there is a locality of its own
    [c] = current(read("On 3 May 2020, gunmen shot dead a shepherd in Kolvaro area in Hama countryside.",
                       "2020-05-04"))
    assert c.location == "Kolvaro"


# Events told in plain words the lexicon lacks (issue #5: notes where no event was found).

def _types(article):
    return {(c.event_type, c.sub_event_type) for c in current(article)}


@pytest.mark.model
def test_taking_to_the_streets_is_a_protest(read):
    # a four-word idiom: phrases longer than three words were never tried
    a = read("Hundreds of teachers took to the streets of Oruro on Monday chanting against the pay freeze.")
    assert ("Protests", "Peaceful protest") in _types(a)


@pytest.mark.model
def test_a_procession_staged_against_a_decision_is_a_protest(read):
    a = read("Members of the farmers' union staged a procession in Tupiza on Monday, rejecting the new land tax.")
    assert ("Protests", "Peaceful protest") in _types(a)


@pytest.mark.model
def test_a_motorcade_to_demand_relief_is_a_protest(read):
    a = read("Taxi drivers carried out a motorcade in Potosí on Monday to demand cheaper fuel.")
    assert ("Protests", "Peaceful protest") in _types(a)


@pytest.mark.model
def test_a_funeral_procession_or_a_product_demo_is_no_protest(read):
    assert not current(read("A funeral procession was held in Tupiza on Monday for the late mayor."))
    assert not current(read("The firm held a demo of its new tractor in Uyuni on Monday."))


@pytest.mark.model
def test_police_dispersing_a_crowd_is_a_protest_with_intervention(read):
    a = read("Police fired into the air to disperse a crowd of angry traders in Oruro on Monday.")
    assert ("Protests", "Protest with intervention") in _types(a)


@pytest.mark.model
def test_a_crowd_that_disperses_by_itself_is_no_event(read):
    assert not current(read("The crowd dispersed quietly in Oruro on Monday after the concert."))


@pytest.mark.model
def test_beaten_up_by_locals_is_a_beating(read):
    a = read("A suspected pickpocket was beaten up by locals at the bus station in Uyuni on Monday.")
    assert {t for t, _ in _types(a)} & {"Riots", "Violence against civilians"}


@pytest.mark.model
def test_stones_thrown_at_police_are_a_riot(read):
    a = read("Angry youths hurled stones at police in Potosí on Monday.")
    assert ("Riots", "Violent demonstration") in _types(a)


@pytest.mark.model
def test_petrol_bombs_thrown_at_a_shop_destroy_property(read):
    a = read("Two men threw petrol bombs at a shop in Villazón on Monday.")
    assert ("Strategic developments", "Looting/property destruction") in _types(a)


@pytest.mark.model
def test_troops_engaging_rebels_is_a_clash_but_engaging_them_in_talks_is_not(read):
    a = read("Government troops engaged rebel fighters near Tupiza on Monday.")
    assert ("Battles", "Armed clash") in _types(a)
    assert not current(read("The army engaged rebel leaders in talks in Tupiza on Monday."))


@pytest.mark.model
def test_a_downed_drone_is_a_disrupted_weapon_not_a_strike(read):
    a = read("A rebel drone was downed near Uyuni on Monday.")
    assert _types(a) == {("Strategic developments", "Disrupted weapons use")}


@pytest.mark.model
def test_a_road_barricaded_with_burning_tyres_is_a_riot(read):
    a = read("Residents of Tupiza barricaded the main road with burning tyres on Monday.")
    assert ("Riots", "Violent demonstration") in _types(a)


@pytest.mark.model
def test_police_barricading_a_road_is_no_protest(read):
    assert not current(read("Police barricaded the main road into Tupiza on Monday ahead of the visit."))


@pytest.mark.model
def test_shots_from_small_arms_are_a_clash_but_vaccine_shots_are_not(read):
    a = read("Monitors recorded 14 shots from small arms near Villazón on Monday.")
    assert ("Battles", "Armed clash") in _types(a)
    assert not current(read("Nurses in Villazón received their booster shots on Monday."))


@pytest.mark.model
def test_a_joint_military_patrol_is_a_change_in_activity_but_a_police_round_is_not(read):
    a = read("Bolivian and Peruvian forces conducted a joint patrol near Villazón on Monday.")
    assert ("Strategic developments", "Change to group/activity") in _types(a)
    assert not current(read("The police conducted a patrol in Villazón on Monday."))


@pytest.mark.model
def test_rivals_who_fought_each_other_clashed(read):
    a = read("Supporters of two rival parties fought each other in Oruro on Monday.")
    assert {t for t, _ in _types(a)} & {"Riots", "Battles"}


@pytest.mark.model
def test_rivals_who_fought_one_another_clashed_but_teams_competing_for_a_title_did_not(read):
    a = read("Youth wings of two parties fought one another in Sucre on Monday.")
    assert {t for t, _ in _types(a)} & {"Riots", "Battles"}
    assert not current(read("The two clubs fought one another for the league title in Sucre on Monday."))


@pytest.mark.model
def test_a_crowd_on_the_rampage_riots_but_a_gunmans_rampage_is_his_shooting(read):
    a = read("Students at a college in Oruro went on rampage over fees on Monday.")
    assert ("Riots", "Violent demonstration") in _types(a)
    b = read("A gunman shot dead six people in a rampage through a bar in Oruro on Monday.")
    assert ("Riots", "Violent demonstration") not in _types(b)


@pytest.mark.model
def test_a_group_of_citizens_closing_a_checkpoint_to_demand_passage_protest(read):
    a = read("A group of citizens closed the border checkpoint in Villazón on Monday and demanded passage.")
    assert ("Protests", "Peaceful protest") in _types(a)


@pytest.mark.model
def test_new_fortifications_are_a_troop_movement(read):
    a = read("Government forces built new fortifications east of Tupiza on Monday.")
    assert ("Strategic developments", "Change to group/activity") in _types(a)


@pytest.mark.model
def test_a_weapon_named_by_its_initials_is_no_name(read):
    a = read("A roadside RCIED hit a police vehicle in Oruro on Monday.")
    assert ("Explosions/Remote violence", "Remote explosive/landmine/IED") in _types(a)


@pytest.mark.model
def test_banging_pots_is_a_protest(read):
    a = read("Residents of Sucre banged pots against the president on Monday.")
    assert ("Protests", "Peaceful protest") in _types(a)


@pytest.mark.model
def test_a_bomb_thrown_by_militants_is_no_riot(read):
    a = read("Militants threw a bomb at a police post in Oruro on Monday.")
    assert ("Riots", "Violent demonstration") not in _types(a)


@pytest.mark.model
def test_protesters_who_voiced_a_demand_were_gathered(read):
    a = read("On Monday, dozens of protesters in Tupiza demanded new elections.")
    [c] = current(a)
    assert c.event_type == "Protests" and "Tupiza" in c.location


@pytest.mark.model
def test_protesters_who_only_plan_or_want_are_no_protest(read):
    assert not current(read("Protesters plan to march in Tupiza on Friday."))
    assert not current(read("Protesters want the mayor of Tupiza to resign."))


@pytest.mark.model
def test_recent_grievance_does_not_make_the_protest_background(read):
    a = read("Residents of Tupiza protest a recent wave of burglaries.")
    [c] = current(a)
    assert c.event_type == "Protests" and "Tupiza" in c.location


@pytest.mark.model
def test_recent_deeds_summarised_stay_background(read):
    assert not current(read("Recent clashes between the clans in Tupiza have displaced hundreds."))


@pytest.mark.model
def test_people_beating_a_suspected_thief_is_political_violence(read):
    a = read("On Monday, shop owners beat and injured a boy at the market in Tupiza, accused of being a robber.")
    [c] = current(a)
    assert c.event_type in ("Violence against civilians", "Riots") and "Tupiza" in c.location


@pytest.mark.model
def test_robbery_and_arrest_of_a_suspect_stay_ordinary_crime(read):
    assert not current(read("On Monday, two men beat and robbed a trader at the market in Tupiza."))
    assert not current(read("On Monday, police arrested a suspected thief at the market in Tupiza."))


@pytest.mark.model
def test_participle_on_a_sentence_without_main_verb_is_the_report(read):
    a = read("On Monday, several people, who lost their homes, protested against the courts in Tupiza "
             "and demand a meeting with the mayor.")
    assert [c for c in current(a) if c.event_type == "Protests" and not c.reference]


@pytest.mark.model
def test_participle_describing_people_stays_a_reference(read):
    a = read("Police in Tupiza released the people detained during the protests on Monday.")
    assert not [c for c in current(a) if c.sub_event_type == "Arrests" and not c.reference]


@pytest.mark.model
def test_rally_on_an_anniversary_dated_without_its_year_is_current(read):
    a = read("On 12 May, about 300 people held a rally in Tupiza to mark the tenth anniversary of the miners' strike.")
    rallies = [c for c in current(a) if c.event_type == "Protests"]
    assert rallies and rallies[0].event_date == "2024-05-12" and "Tupiza" in rallies[0].location
    assert not [c for c in current(a) if c.reference and c.event_type != "Protests"]


@pytest.mark.model
def test_date_inside_the_remembered_event_stays_history(read):
    a = read("Thousands rallied in Tupiza to mark the anniversary of the May 12 crackdown.")
    assert not [c for c in current(a) if c.event_date == "2024-05-12"]


@pytest.mark.model
def test_an_attempted_attack_or_abduction_is_a_deed(read):
    a = read("Gunmen attempted to abduct two traders in Tupiza on Saturday.")
    [c] = current(a)
    assert c.sub_event_type == "Abduction/forced disappearance" and "Tupiza" in c.location
    assert current(read("Youths tried to attack the mayor of Tupiza at a funeral on Saturday."))


@pytest.mark.model
def test_an_attempt_still_to_come_is_no_deed(read):
    assert not current(read("Rebels will try to attack Tupiza on Saturday."))
    assert not current(read("Rebels plan to try to attack Tupiza."))


@pytest.mark.model
def test_a_demonstration_first_named_as_the_setting_is_reported(read):
    a = read("On Monday, students locked the rector inside his office during a demonstration on campus in Tupiza.")
    assert [c for c in current(a) if c.event_type == "Protests" and not c.reference and "Tupiza" in c.location]


@pytest.mark.model
def test_the_protests_named_again_as_a_time_stay_a_reference(read):
    a = read("On Monday, a shopkeeper in Tupiza was robbed during the protests.")
    assert all(c.reference for c in current(a) if c.event_type == "Protests")


@pytest.mark.model
def test_an_attempt_that_only_describes_the_target_is_no_deed(read):
    a = read("On Saturday, soldiers attacked rebels in Tupiza who had tried to abduct a priest.")
    assert not [c for c in current(a) if c.sub_event_type == "Abduction/forced disappearance"]


@pytest.mark.model
def test_an_attempt_told_of_the_victims_does_not_outweigh_their_killing(read):
    a = read("On Saturday, angry villagers in Tupiza killed two men they said tried to abduct a teacher.")
    assert not [c for c in current(a) if c.sub_event_type == "Abduction/forced disappearance"]


@pytest.mark.model
def test_recent_as_the_time_of_the_deeds_keeps_them_background(read):
    a = read("Soldiers abused and assaulted civilians in Tupiza during violence in recent elections.")
    assert not current(a)


@pytest.mark.model
def test_recent_cause_of_a_march_does_not_make_it_background(read):
    a = read("Traders in Tupiza marched against recent killings of shopkeepers.")
    assert [c for c in current(a) if c.event_type == "Protests" and "Tupiza" in c.location]


@pytest.mark.model
def test_a_unit_named_to_locate_a_finer_place_does_not_outrank_it(read):
    # the parse ties only the bracketed district to the deed; the upazila it locates is the finer place
    a = read("On 2 May 2024, unknown men burned down the house of the Education Minister in Dhunat upazila "
             "(Bogra, Rajshahi) during a strike.")
    assert reports(a) and reports(a)[0].location == "Dhunat"


@pytest.mark.model
def test_a_village_told_by_a_chain_of_units_outranks_them_all(read):
    # the parse ties only the district and the region to the deed; the village is named link by link inside them
    a = read("On 3 May 2024, a mine hit a truck near Kolvaro village, Thayetchaung Township, Dawei District, "
             "Tanintharyi Region, killing its driver.")
    assert reports(a) and reports(a)[0].location == "Kolvaro"


@pytest.mark.model
def test_people_feared_dead_are_reported_dead(read):
    a = read("On 6 May 2024, five guards are feared dead after gunmen raided a depot in Tupiza.",
             published="2024-05-06")
    assert current(a)


@pytest.mark.model
def test_a_fear_of_what_may_come_is_still_no_event(read):
    a = read("Traders in Tupiza fear that gunmen may raid the market this week.", published="2024-05-06")
    assert not current(a)


@pytest.mark.model
def test_troops_who_encounter_militants_clash_with_them(read):
    a = read("On 6 May 2024, army troops encountered militants in a forest near Tupiza.", published="2024-05-06")
    assert ("Battles", "Armed clash") in _kinds(a)


@pytest.mark.model
def test_encountering_problems_or_people_is_no_clash(read):
    a = read("On 6 May 2024, election officials encountered long queues of voters in Tupiza.",
             published="2024-05-06")
    assert ("Battles", "Armed clash") not in _kinds(a)
    a = read("On 6 May 2024, soldiers encountered heavy traffic on the road to Tupiza.", published="2024-05-06")
    assert ("Battles", "Armed clash") not in _kinds(a)


@pytest.mark.model
def test_a_broken_truce_is_the_fighting_that_broke_it(read):
    a = read("On 6 May 2024, rebel units violated the truce near Tupiza.", published="2024-05-06")
    assert ("Battles", "Armed clash") in _kinds(a)


@pytest.mark.model
def test_a_truce_that_may_be_broken_is_no_clash(read):
    a = read("On 6 May 2024, mediators warned that the rebels could break the truce near Tupiza.",
             published="2024-05-06")
    assert ("Battles", "Armed clash") not in _kinds(a)


@pytest.mark.model
def test_a_road_blocked_to_press_a_demand_is_a_protest_even_told_in_the_present(read):
    a = read("On 6 May 2024, retired miners block the highway at Tupiza, demanding their pensions.",
             published="2024-05-06")
    assert _kinds(a) and _kinds(a)[0][0] == "Protests"


@pytest.mark.model
def test_armed_men_who_block_a_road_with_a_demand_hold_no_protest(read):
    a = read("On 6 May 2024, gunmen block the highway at Tupiza, demanding money from drivers.",
             published="2024-05-06")
    assert not [k for k in _kinds(a) if k[0] == "Protests"]


@pytest.mark.model
def test_a_guided_missile_used_to_destroy_a_vehicle_was_fired(read):
    a = read("On 6 May 2024, rebels destroyed an army truck near Tupiza using an ATGM.", published="2024-05-06")
    assert ("Explosions/Remote violence", "Shelling/artillery/missile attack") in _kinds(a)


@pytest.mark.model
def test_an_outbreak_of_violence_does_not_hide_a_killing_as_a_disaster(read):
    a = read("On 5 August 2024, unknown men hacked and killed a councillor at his home in Tupiza, amid an "
             "outbreak of violence after the vote.", published="2024-08-06")
    assert [c for c in current(a) if c.event_type == "Violence against civilians"]


@pytest.mark.model
def test_deaths_in_an_outbreak_of_disease_are_no_event(read):
    a = read("On 5 August 2024, two people died in Tupiza amid an outbreak of cholera.", published="2024-08-06")
    assert not current(a)


@pytest.mark.model
def test_a_killing_told_with_the_broken_truce_names_who_was_hit(read):
    a = read("On 6 May 2024, rebel units violated the truce and killed a soldier of the army near Tupiza.",
             published="2024-05-06")
    assert reports(a) and all(c.trigger != "breach ceasefire" for c in reports(a))  # the killing names the victim


@pytest.mark.model
def test_a_guided_missile_found_and_destroyed_was_not_fired(read):
    a = read("On 6 May 2024, soldiers found and destroyed an ATGM hidden near Tupiza.", published="2024-05-06")
    assert ("Explosions/Remote violence", "Shelling/artillery/missile attack") not in _kinds(a)



@pytest.mark.model
def test_an_unlisted_village_in_rural_town_is_coded_at_the_town(read):
    # "rural X" is the countryside a small town governs: a village the map lacks there is coded at the town; a
    # village the map has keeps its own name, and so does one in the countryside of a province's seat
    [c] = current(read("On 6 May 2020, rebels shelled Kolvarimo in rural Tal Tamer in Al-Hasakeh on Sunday.",
                       "2020-05-07"))
    assert c.location == "Tal Tamer"
    [c] = current(read("On 6 May 2020, rebels shelled Douma in rural Damascus on Sunday.", "2020-05-07"))
    assert "Douma" in c.location
    [c] = current(read("On 6 May 2020, rebels shelled Kolvarimo in rural Damascus on Sunday.", "2020-05-07"))
    assert c.location == "Kolvarimo"


@pytest.mark.model
def test_an_unlisted_village_attacked_in_an_lga_places_the_event(read):
    [c] = current(read("On 4 May 2020, bandits attacked Kolvarimo in Igabi LGA (Kaduna) and killed a farmer.",
                       "2020-05-05"))
    assert c.location == "Kolvarimo"


@pytest.mark.model
def test_a_plantation_or_land_port_is_coded_at_the_unit_that_holds_it(read):
    # the spot is named after a place the map lacks; the unit its address gives is what ACLED codes
    for text in ("On 9 March 2023, tea workers staged a protest at Dholbari Tea Garden, Kamalganj upazila "
                 "(Maulvibazar, Sylhet), over unpaid wages.",
                 "On 9 March 2023, porters staged a protest at Sonahat Land Port, Kamalganj upazila (Maulvibazar, "
                 "Sylhet), over unpaid wages."):
        [c] = current(read(text, "2023-03-10"))
        assert c.location == "Kamalganj"


@pytest.mark.model
def test_a_country_named_only_as_where_people_were_going_gives_way_to_the_town_told_next(read):
    a = read("Police arrested nine men on Friday who they said were travelling to Uganda to join a rebel group. "
             "The men were found at a lodge in Eldoret.")
    [c] = current(a)
    assert c.sub_event_type == "Arrests" and c.location == "Eldoret"


@pytest.mark.model
def test_an_event_placed_only_by_a_country_its_raiders_came_from_is_never_dropped(read):
    a = read("Armed rustlers from Uganda raided a farm on Friday, killing a herder.")
    [c] = current(a)
    assert c.sub_event_type == "Attack" and c.iso == "UG" and c.geo_precision == 3


@pytest.mark.model
def test_a_country_opening_a_longer_name_is_no_direction(read):
    a = read("Reporters marched on Friday against an amendment to the Uganda Wildlife Act.")
    [c] = current(a)
    assert c.iso == "UG" and c.geo_precision == 3


@pytest.mark.model
def test_an_unplaced_deed_falls_back_on_the_home_country_not_on_a_direction(read):
    # the article's only home place is a Kenyan county; Somalia is named only as where the raiders came from
    a = read("Raiders from Somalia attacked herders in Mandera county last week.\n\n"
             "On Tuesday, gunmen shot dead two herders.", published="2019-06-07")
    shooting = next(c for c in current(a) if c.event_date == "2019-06-04")
    assert shooting.location == "Kenya" and shooting.geo_precision == 3


@pytest.mark.model
def test_a_town_whose_name_holds_a_possessive_is_the_place_not_its_owner(read):
    # the parse hangs "Cox" on "area" as an owner; the name is still where the clash happened
    a = read("On 3 June 2023, fish traders clashed with the police in Cox's Bazar area (Chittagong division) over tolls.",
             published="2023-06-03")
    assert reports(a) and reports(a)[0].location == "Cox's Bazar"


# ---- notes that name their place but found no event: detection gaps (session 11)

@pytest.mark.model
def test_protestors_spelt_with_or_are_protesters(read):
    a = read("On Tuesday, protestors filled the central square of Oruro.")
    [c] = current(a)
    assert c.event_type == "Protests" and c.location == "Oruro"


@pytest.mark.model
def test_protestors_who_may_gather_are_no_event(read):
    assert not current(read("Police said protestors could gather in Oruro next week."))


@pytest.mark.model
def test_an_aim_clause_with_a_modal_does_not_make_the_protest_before_it_unreal(read):
    a = read("On Monday, teachers held a protest outside the education office in Potosí, "
             "so they could receive their unpaid wages.")
    [c] = current(a)
    assert c.sub_event_type == "Peaceful protest" and c.location == "Potosí"


@pytest.mark.model
def test_a_protest_that_may_happen_so_wages_get_paid_stays_unreal(read):
    assert not current(read("Unions said teachers may protest in Potosí so they can receive their wages."))


@pytest.mark.model
def test_a_relative_clause_on_the_protesters_does_not_make_their_protest_a_description(read):
    a = read("On 3 May, in Sucre, some pensioners, who lost their pensions, protested against the reform "
             "and demand a meeting with the minister.")
    [c] = current(a)
    assert c.event_type == "Protests" and not c.reference and c.location == "Sucre"


@pytest.mark.model
def test_a_protest_named_in_a_relative_clause_stays_a_reference(read):
    a = read("Families who protested in Sucre last year received new homes on Friday.")
    assert all(c.reference for c in current(a))


@pytest.mark.model
def test_the_second_verb_of_a_gathering_shares_its_subject(read):
    a = read("Farmers gathered at the town hall in Tarija on Monday and closed the entrance.")
    [c] = current(a)
    assert c.sub_event_type == "Peaceful protest" and c.location == "Tarija"


@pytest.mark.model
def test_police_who_close_a_road_are_no_protest(read):
    assert not current(read("Police gathered at the station in Tarija on Monday and closed the road."))


@pytest.mark.model
def test_workers_who_shut_an_office_and_voice_a_demand_protest(read):
    a = read("Miners shut the regional mining office in Potosí on Monday and demanded their back pay.")
    [c] = current(a)
    assert c.sub_event_type == "Peaceful protest" and c.location == "Potosí"


@pytest.mark.model
def test_a_company_that_shuts_its_office_is_no_protest(read):
    assert not current(read("The company shut its office in Potosí on Monday and demanded payment from its clients."))


@pytest.mark.model
def test_a_beating_told_by_its_implement_is_an_attack(read):
    a = read("A councillor was beaten with iron bars by masked men in El Alto on Sunday.")
    [c] = current(a)
    assert c.sub_event_type == "Attack" and c.location == "El Alto"


@pytest.mark.model
def test_a_team_beaten_is_no_beating(read):
    assert not current(read("The national team was beaten by Peru in La Paz on Sunday."))


@pytest.mark.model
def test_a_party_league_is_no_sports_league(read):
    a = read("A lawmaker of the Andean league and his aides assaulted two party members in Tarija on Monday.")
    [c] = current(a)
    assert c.location == "Tarija"


@pytest.mark.model
def test_a_foul_in_a_league_match_stays_sport(read):
    assert not current(read("The veteran striker assaulted a rival defender during a league match in Tarija on Monday."))


@pytest.mark.model
def test_a_crowd_that_damages_cars_wrecks_property(read):
    a = read("Rival supporters damaged cars in Sucre on Monday.")
    [c] = current(a)
    assert c.event_type == "Riots" and c.location == "Sucre"


@pytest.mark.model
def test_rain_that_damages_houses_is_no_event(read):
    assert not current(read("Heavy rain damaged houses in Sucre on Monday."))


@pytest.mark.model
def test_a_crowd_gathered_to_pressure_the_government_protests(read):
    a = read("Hundreds of parents gathered outside the ministry in La Paz on Monday to pressure the government "
             "over school fees.")
    [c] = current(a)
    assert c.sub_event_type == "Peaceful protest" and c.location == "La Paz"


@pytest.mark.model
def test_ministers_gathered_to_pressure_donors_are_no_protest(read):
    assert not current(read("Ministers gathered in La Paz on Monday to pressure donors for more aid."))


@pytest.mark.model
def test_a_protest_told_before_a_call_is_no_wish(read):
    a = read("Nurses protested outside the main hospital in Sucre on Monday, they also called for more staff "
             "to be hired.")
    [c] = current(a)
    assert c.event_type == "Protests" and c.location == "Sucre"


@pytest.mark.model
def test_a_protest_called_for_is_still_a_wish(read):
    assert not current(read("Unions called on nurses to protest outside the main hospital in Sucre on Monday."))


@pytest.mark.model
def test_a_cattle_raid_is_no_ordinary_robbery(read):
    a = read("Raiders killed two herders near Tupiza on Monday and robbed them of 40 head of cattle.")
    [c] = current(a)
    assert c.event_type == "Violence against civilians" and c.location == "Tupiza"


@pytest.mark.model
def test_an_armed_raid_on_a_village_is_no_ordinary_robbery(read):
    a = read("Armed men attacked the village of Chaquí on Monday and robbed its residents.")
    [c] = current(a)
    assert c.event_type == "Violence against civilians" and c.location == "Chaquí"


@pytest.mark.model
def test_a_shop_robbery_stays_ordinary_crime(read):
    assert not current(read("Robbers shot a shopkeeper and stole cash from his store in Tupiza on Monday."))


@pytest.mark.model
def test_a_stadium_stand_burnt_by_men_is_property_destroyed(read):
    a = read("Unknown men burnt the main stand of the football stadium in Oruro on Sunday.")
    [c] = current(a)
    assert c.sub_event_type == "Looting/property destruction" and c.location == "Oruro"


@pytest.mark.model
def test_a_hospital_destroyed_by_a_fire_is_no_event(read):
    assert not current(read("A fire destroyed the old hospital in Oruro on Sunday."))


# Hand-made parses: the misparses these rules mend come and go with the model's version.

def _parse(spec: str):
    """"word/lemma/POS/dep/head ..." with heads as indexes into the list."""
    from sitroom.model import Token
    tokens, pos = [], 0
    for i, item in enumerate(spec.split()):
        text, lemma, tag_pos, dep, head = item.split("/")
        tokens.append(Token(i=i, text=text, start=pos, end=pos + len(text), lemma=lemma, pos=tag_pos,
                            tag="VBN" if tag_pos == "VERB" else "", dep=dep, head=int(head), sent=0))
        pos += len(text) + 1
    return tokens


def test_a_beating_up_told_in_the_passive_without_its_victim_is_an_attack():
    from sitroom.extract import events as ev
    tokens = _parse("Oruro/Oruro/PROPN/appos/2 was/be/AUX/auxpass/2 beaten/beat/VERB/ROOT/2 up/up/ADP/prt/2 "
                    "by/by/ADP/agent/2 traders/trader/NOUN/pobj/4")
    hit = ev._crowd_deed(tokens, tokens[2], [], set())
    assert hit and hit[0].sub_event_type == "Attack"


def test_a_fight_beaten_back_with_no_victim_and_no_passive_is_none():
    from sitroom.extract import events as ev
    tokens = _parse("they/they/PRON/nsubj/1 beat/beat/VERB/ROOT/1 up/up/ADP/prt/1")
    assert ev._crowd_deed(tokens, tokens[1], [], set()) is None


def test_assaulted_tagged_as_an_adjective_with_its_own_subject_is_the_deed():
    from sitroom.extract import events as ev
    tokens = _parse("members/member/NOUN/nsubj/4 of/of/ADP/prep/0 the/the/DET/det/3 league/League/PROPN/pobj/1 "
                    "assaulted/assaulted/ADJ/amod/5 rivals/rival/NOUN/ROOT/5")
    assert [p for _, _, p in ev._find_triggers(tokens)] == ["assaulted"]


def test_assaulted_as_an_adjective_gives_way_to_the_verb_that_tells_the_deed():
    from sitroom.extract import events as ev
    tokens = _parse("fans/fan/NOUN/nsubj/1 vandalized/vandalize/VERB/ROOT/1 shops/shop/NOUN/dobj/1 and/and/CCONJ/cc/1 "
                    "assaulted/assaulted/ADJ/amod/5 rivals/rival/NOUN/conj/1")
    assert [p for _, _, p in ev._find_triggers(tokens)] == ["vandalize property"]


def test_a_verb_with_its_own_subject_hung_on_a_road_closes_it():
    from sitroom.extract import events as ev
    tokens = _parse("villagers/villager/NOUN/nsubj/1 closed/close/VERB/amod/2 road/road/NOUN/ROOT/2")
    assert [p for _, _, p in ev._find_triggers(tokens)] == ["close road"]


def test_a_road_described_as_closed_is_no_blockade():
    from sitroom.extract import events as ev
    tokens = _parse("the/the/DET/det/2 closed/close/VERB/amod/2 road/road/NOUN/nsubj/3 "
                    "reopened/reopen/VERB/ROOT/3")
    assert ev._find_triggers(tokens) == []


@pytest.mark.model
def test_an_area_told_in_a_province_is_coded_by_its_own_name(read):
    # a province is never where ACLED codes a deed the report places more finely; "the X area of Y" would make the
    # area a part of a city that shares the province's name
    [c] = current(read("On 3 May 2020, a roadside bomb hit a truck in the Kolvarimo area in Homs, killing two men.",
                       "2020-05-04"))
    assert c.location == "Kolvarimo"


@pytest.mark.model
def test_a_unit_of_the_sentence_outranks_its_province(read):
    # a province is named to say where a finer unit lies; ACLED codes the finest place written
    [c] = current(read("On 3 May 2020, near Kolvaro and Kolvara municipalities in Oaxaca, farmers blocked the roads "
                       "to demand water.", "2020-05-04"))
    assert c.location in ("Kolvaro", "Kolvara")


def test_a_gerund_subject_tagged_as_an_auxiliary_is_the_doer_not_the_thing_destroyed():
    from sitroom.extract import events as ev
    tokens = _parse("Shelling/shelling/AUX/aux/1 wrecked/destroy/VERB/ROOT/1 a/a/DET/det/3 clinic/clinic/NOUN/dobj/1")
    assert not ev._acted_on(tokens, tokens[0], ev.DISRUPT_VERBS, 3)


def test_mortars_destroyed_by_troops_are_still_acted_on():
    from sitroom.extract import events as ev
    tokens = _parse("troops/troop/NOUN/nsubj/1 destroyed/destroy/VERB/ROOT/1 the/the/DET/det/3 "
                    "mortars/mortar/NOUN/dobj/1")
    assert ev._acted_on(tokens, tokens[3], ev.DISRUPT_VERBS, 3)


@pytest.mark.model
def test_villagers_who_demand_a_repair_are_protesting(read):
    assert typed(read, "On Monday, villagers of Tomave demanded that the prefecture rebuild their washed-out bridge.") == \
        ["Peaceful protest"]


@pytest.mark.model
def test_a_demand_written_in_a_letter_or_made_by_an_official_is_no_protest(read):
    assert typed(read, "On Monday, villagers of Tomave demanded a new bridge in a letter to the prefecture.") == []
    assert typed(read, "On Monday, the governor of Potosí demanded a new bridge for Tomave.") == []


@pytest.mark.model
def test_a_crowd_with_a_few_guards_among_it_that_beats_a_suspect_is_a_mob(read):
    assert typed(read, "On Friday, some 40 people, including a few security guards, beat a man to death in Sucre, "
                       "suspecting him of being a thief.") == ["Mob violence"]


@pytest.mark.model
def test_soldiers_with_officers_among_them_who_beat_a_suspect_are_no_mob(read):
    assert "Mob violence" not in typed(read, "On Friday, soldiers, including two officers, beat a man to death "
                                             "in Sucre, suspecting him of being a thief.")


@pytest.mark.model
def test_a_body_found_with_its_hands_tied_is_an_attack(read):
    assert typed(read, "On Monday, the body of a young man was found beside a dirt road in Camiri. "
                       "His hands and feet had been tied.")[:1] == ["Attack"]


@pytest.mark.model
def test_a_body_found_on_a_beach_with_no_mark_is_nothing(read):
    assert typed(read, "On Monday, the body of a young man was found on a river beach in Camiri. "
                       "He had gone fishing the day before.") == []


@pytest.mark.model
def test_rival_supporters_who_fought_outside_a_polling_station_came_to_blows(read):
    assert typed(read, "On Tuesday, supporters of the two candidates fought outside the tallying centre in Kasama.") \
        == ["Mob violence"]


@pytest.mark.model
def test_fighting_for_a_cause_or_in_a_war_is_no_brawl(read):
    assert typed(read, "On Tuesday, residents fought for the reopening of the clinic in Kasama.") == []
    assert typed(read, "Many veterans fought in the war of liberation near Kasama.") == []


def test_a_protest_the_parser_hangs_across_a_second_verb_on_vehicles_is_the_event():
    from sitroom.extract import events as ev
    tokens = _parse("locals/local/NOUN/nsubj/1 staged/stage/VERB/ROOT/1 a/a/DET/det/6 protest/protest/NOUN/nmod/6 "
                    "and/and/CCONJ/cc/3 blocked/block/VERB/amod/6 vehicles/vehicle/NOUN/dobj/1")
    assert not ev._names_a_unit(tokens, tokens[3])


def test_riot_control_vehicles_still_name_a_kit():
    from sitroom.extract import events as ev
    tokens = _parse("the/the/DET/det/3 riot/riot/NOUN/compound/3 control/control/NOUN/compound/3 "
                    "vehicles/vehicle/NOUN/nsubj/4 arrived/arrive/VERB/ROOT/4")
    assert ev._names_a_unit(tokens, tokens[1])


@pytest.mark.model
def test_a_district_the_parse_leaves_untied_still_places_a_reported_deed(read):
    a = read("Tension has been rising in Wardak province for weeks. On Friday, fresh skirmishes pitting the army "
             "against tribal gunmen were reported in Charkh district (Logar) close to the border.")
    assert reports(a) and reports(a)[0].location == "Charkh"


@pytest.mark.model
def test_a_unit_naming_an_office_or_two_units_of_one_rank_do_not_place_a_deed(read):
    a = read("Tension has been rising in Wardak province for weeks. On Friday, the Logar County police chief said "
             "a grenade thrown by unknown men had killed two farmers.")
    assert reports(a) and "Lowgar" not in (reports(a)[0].location or "")
    a = read("Tension has been rising in Wardak province for weeks. On Friday, fresh skirmishes pitting the army "
             "against tribal gunmen were reported in Charkh and Baraki Barak districts (Logar).")
    assert reports(a) and reports(a)[0].location not in ("Charkh", "Baraki Barak")


@pytest.mark.model
def test_a_remark_after_a_dash_that_details_went_untold_does_not_deny_the_deed(read):
    a = read("Two herders shot dead near Kapedo - FULL DETAILS NOT GIVEN.")
    assert current(a) and not any(c.reference for c in current(a))
    a = read("Rebels did not attack the town of Kapedo - the governor said.")
    assert not [c for c in current(a) if not c.reference]


@pytest.mark.model
def test_a_bare_headline_of_reports_of_fighting_is_the_fighting(read):
    a = read("Reports of heavy fighting between rival militias near Kapedo.")
    assert [c for c in current(a) if not c.reference]
    a = read("The governor denied reports of heavy fighting near Kapedo.")
    assert not [c for c in current(a) if not c.reference]


@pytest.mark.model
def test_demos_held_are_protests_and_demos_planned_are_not(read):
    a = read("Traders held noisy demos in Eldoret town on Monday over new market levies.")
    assert [c for c in current(a) if c.sub_event_type == "Peaceful protest" and c.location == "Eldoret"]
    a = read("Traders will hold demos in Eldoret town next week over new market levies.")
    assert not [c for c in current(a) if c.event_type == "Protests"]


@pytest.mark.model
def test_violence_that_erupted_is_no_accident_beside_a_toll(read):
    a = read("Five people were injured in a brawl between rival party agents in Butere on Monday. "
             "The violence erupted after campaign posters were torn down.")
    assert [c for c in current(a) if not c.reference]
    a = read("Five people were injured in Butere on Monday. The nearby volcano erupted without warning.")
    assert not [c for c in current(a) if not c.reference]


@pytest.mark.model
def test_a_trigger_word_the_parser_tags_as_a_name_but_written_in_lower_case_still_counts(read):
    a = read("In Eldoret, Ford supporters held their anti-levy demos peacefully.")
    assert [c for c in current(a) if c.event_type == "Protests"]
    a = read("Members of the Rally for Culture party met in Eldoret on Monday.")
    assert not [c for c in current(a) if c.event_type == "Protests"]


@pytest.mark.model
def test_a_school_named_after_a_village_places_the_deed_after_an_opening_preposition(read):
    a = read("At Kirimbogo Primary School, angry parents chased away the new headteacher on Monday.",
             published="2019-06-04")
    assert reports(a) and reports(a)[0].location == "Kirimbogo"


@pytest.mark.model
def test_a_location_field_places_the_deeds_told_before_it(read):
    a = read("Raiders drove off 300 goats and shot a herder. The herder died later in hospital. "
             "Location: Kataruk in Turkana County", published="2019-06-04")
    assert reports(a) and {c.location for c in reports(a)} == {"Kataruk"}


@pytest.mark.model
def test_an_unlisted_village_before_its_county_places_the_deed(read):
    a = read("Gunmen set fire to a police post at dawn in a raid on Kolbio, Tana River County.",
             published="2019-06-04")
    assert reports(a) and reports(a)[0].location == "Kolbio"


@pytest.mark.model
def test_a_location_field_outranks_the_district_capital_it_names(read):
    a = read("Bandits torched two lorries and fled with goods. "
             "Location: Takaba town, Mandera County; Mandera is the county seat and Mandera police gave the figures.",
             published="2019-06-04")
    assert reports(a) and reports(a)[0].location == "Takaba"


@pytest.mark.model
def test_a_deed_just_outside_a_town_is_placed_at_the_town_not_its_province(read):
    # "outside" puts the deed at the town's edge: the town is finer than the province the sentence also names
    a = read("On 6 May 2024, gunmen shot a guard at a checkpoint just outside Uyuni town centre, Potosí department.",
             published="2024-05-06")
    assert reports(a) and reports(a)[0].location == "Uyuni"


@pytest.mark.model
def test_the_units_bracketed_after_a_landmark_are_no_nearer_the_deed(read):
    a = read("On 6 May 2024, rebels shelled farms in Tomatas area north of Tarija city (Tarija) overnight.",
             published="2024-05-06")
    assert reports(a) and reports(a)[0].location.startswith("Tomatas")


@pytest.mark.model
def test_a_village_is_coded_at_an_upazila_spelled_twice(read):
    a = read("On 2 March 2024, rival farmers beat up two men at Kolvarokandi village, Kolbaripur (Kolbarypur) "
             "upazila (Rajshahi), over a pond.", published="2024-03-02")
    assert reports(a) and reports(a)[0].location == "Kolbaripur"


@pytest.mark.model
def test_a_border_spot_the_parse_leaves_loose_is_coded_at_its_unit(read):
    # "at the X border" meets the border as an anchor of its own, so the deed falls back on the sentence's towns
    a = read("On 2 March 2024, guards from across the frontier and their civilian helpers clashed with local "
             "cattle traders at Premtoli border, Godagari upazila (Rajshahi), as the traders drove a herd back "
             "to their village.", published="2024-03-02")
    assert reports(a) and reports(a)[0].location == "Godagari"


@pytest.mark.model
def test_a_site_named_after_an_unmapped_town_keeps_its_name_before_its_bracket(read):
    # the bracket only gives the district round the club; the club is named after the town it stands in
    a = read("On 3 March 2024, teachers rallied in front of Kolbaripur Press Club (Sirajganj, Rajshahi) over unpaid "
             "wages.", published="2024-03-03")
    assert reports(a) and "Kolbaripur" in reports(a)[0].location
    # named after the unit that holds it, it is coded at that unit as before
    a = read("On 3 March 2024, teachers rallied in front of Tangail Press Club (Tangail Sadar, Dhaka) over unpaid "
             "wages.", published="2024-03-03")
    assert reports(a) and reports(a)[0].location == "Tangail"


@pytest.mark.model
def test_a_place_reported_struck_west_of_a_city_is_the_place_not_the_city(read):
    a = read("On 6 May 2024, three air strikes were reported on Kolvaro district west of Aden city (Aden) overnight.",
             published="2024-05-06")
    assert reports(a) and reports(a)[0].location.startswith("Kolvaro")


@pytest.mark.model
def test_a_crowd_backing_people_elsewhere_gathered_where_it_stood(read):
    a = read("On 2 May 2024, about 40 nurses staged a rally in Gomel in solidarity with striking doctors in "
             "Vitebsk.", published="2024-05-02")
    assert reports(a) and reports(a)[0].location == "Gomel"


@pytest.mark.model
def test_a_severed_head_found_is_an_attack_but_the_head_of_an_office_is_not(read):
    assert typed(read, "On Sunday, a severed human head was found beside the market in Quillacollo.")[:1] == ["Attack"]
    assert typed(read, "On Sunday, reporters found the head of the water board at his desk in Quillacollo.") == []


@pytest.mark.model
def test_a_person_found_whose_body_was_burnt_is_an_attack_unless_a_fire_burnt_it(read):
    assert typed(read, "On Sunday, a woman was found in a ditch near Quillacollo. Her body had been burnt.")[:1] \
        == ["Attack"]
    assert typed(read, "On Sunday, firemen found a woman in the ashes of a house in Quillacollo. "
                       "Her body had been burnt by the blaze.") == []


@pytest.mark.model
def test_a_body_found_with_its_killers_named_is_an_attack(read):
    assert typed(read, "On Sunday, the body of a taxi driver was found in a field near Quillacollo. "
                       "Police are hunting his killers.")[:1] == ["Attack"]
