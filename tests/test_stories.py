"""Story clustering: own texts, the date window, copies, chaining, stable ids, incremental assign, the seeds."""
from __future__ import annotations

import json
import random

import pytest

from conftest import GOLD, SEEDS, need
from sitroom.link import dedup, stories
from sitroom.model import Article, Corpus, EventCandidate, Mention, Place, TimeExpr
from sitroom.settings import default_settings

# Our own texts, written for these tests: two stories, told by several outlets in their own words.
DAM = [
    ("Dam breach floods villages along the Orlen river",
     "Water from a breached dam on the Orlen river flooded four villages downstream on Tuesday, forcing hundreds "
     "of residents onto rooftops. Rescue teams in boats reached the village of Harrow Ford by the afternoon. "
     "Engineers said heavy rain had weakened the dam's earth wall for days before it gave way."),
    ("Hundreds rescued after Orlen dam gives way",
     "Rescuers pulled hundreds of people from flooded homes after the dam on the Orlen river collapsed. The "
     "worst hit village, Harrow Ford, was still under water on Wednesday. Officials blamed days of rain for "
     "the breach and said the dam had not been inspected in years."),
    ("Questions over dam inspections after Orlen flood",
     "Opposition members asked why the Orlen dam, which burst this week and flooded villages including Harrow "
     "Ford, had gone without inspection. The regional engineer said rain had soaked the wall of the dam and "
     "that rescue boats were still searching flooded houses."),
]
STRIKE = [
    ("Port workers walk out at Kelmouth over pay",
     "Dock workers at the port of Kelmouth began an indefinite strike on Monday after talks on pay broke down. "
     "Container ships queued outside the harbour as cranes stood idle. The union said its members had not had "
     "a pay rise in three years."),
    ("Kelmouth port strike strands cargo ships",
     "A strike by dockers at Kelmouth left cargo ships waiting at anchor for a second day. The port authority "
     "said talks with the union over wages would resume, while dockers picketed the container terminal and "
     "cranes stayed idle."),
]


def art(aid, title, body, published=None, outlet=None):
    return Article(article_id=aid, path=f"{aid}.txt", title=title, body=body, published=published, outlet=outlet)


def own_articles(dated=True):
    out = [art(f"d{i}", t, b, f"2024-05-{14 + i:02d}" if dated else None) for i, (t, b) in enumerate(DAM)]
    out += [art(f"k{i}", t, b, f"2024-05-{13 + i:02d}" if dated else None) for i, (t, b) in enumerate(STRIKE)]
    return out


def cluster(articles, **changes):
    settings = default_settings().replace(**changes) if changes else default_settings()
    corpus = Corpus(articles=list(articles))
    dedup.run(corpus, settings)
    stories.run(corpus, settings)
    return corpus


def groups(corpus):
    return sorted(sorted(s.article_ids) for s in corpus.stories)


def test_own_texts_form_two_stories():
    corpus = cluster(own_articles())
    assert groups(corpus) == [["d0", "d1", "d2"], ["k0", "k1"]]
    for story in corpus.stories:
        assert all(corpus.article(aid).story_id == story.story_id for aid in story.article_ids)
    dam = next(s for s in corpus.stories if "d0" in s.article_ids)
    assert (dam.first_date, dam.last_date) == ("2024-05-14", "2024-05-16")
    assert dam.title in {t for t, _ in DAM}
    assert dam.story_id == stories.story_id_for("d0")


def test_undated_articles_cluster_by_text():
    assert groups(cluster(own_articles(dated=False))) == [["d0", "d1", "d2"], ["k0", "k1"]]


def test_articles_further_apart_than_the_window_never_join():
    a, b = own_articles()[:2]
    b.published = "2024-07-01"
    corpus = cluster([a, b])
    assert groups(corpus) == [["d0"], ["d1"]]
    assert groups(cluster([a, b], story_window_days=60)) == [["d0", "d1"]]


def test_a_copy_joins_its_originals_story_whatever_its_text():
    articles = own_articles()
    odd = art("x9", "Brief", "Markets closed higher on Friday as technology shares rose.", "2024-05-15")
    odd.duplicate_of = "k0"  # as if dedup had found it; dedup.run would undo this, so call stories alone
    corpus = Corpus(articles=articles + [odd])
    stories.run(corpus, default_settings())
    assert corpus.article("x9").story_id == corpus.article("k0").story_id


def test_no_text_still_gets_a_story_of_its_own():
    corpus = cluster(own_articles() + [art("e1", None, "")])
    assert ["e1"] in groups(corpus)
    assert corpus.article("e1").story_id
    only_empty = cluster([art("e1", None, ""), art("e2", None, "")])
    assert groups(only_empty) == [["e1"], ["e2"]]
    assert all(s.title for s in only_empty.stories)


def test_shared_names_lift_a_pair_and_missing_names_are_tolerated():
    def with_names(aid, text, names, places=()):
        a = art(aid, None, text, "2024-05-14")
        a.mentions = [Mention(aid, 0, len(n), n, "GPE") for n in names]
        a.places = [Place(aid, 0, len(p), p, 0, name=p) for p in places]
        return a
    one = with_names("n1", "Fighting was reported near the northern crossing overnight.", ["Varda", "the Lune Front"])
    two = with_names("n2", "Officials described clashes close to a border post before dawn.", ["Varda"], ["Lune Front"])
    none = art("n3", None, "Officials described clashes close to a border post before dawn.", "2024-05-14")
    features = stories.fit_features([one, two, none])
    assert stories.entity_keys(one) == {"varda", "lune front"} == stories.entity_keys(two)
    with_names_score = stories.pair_score(features, 0, 1, 10)
    text_only = stories.pair_score(features, 0, 2, 10)
    assert with_names_score > text_only + 0.2
    assert stories.entity_similarity(frozenset(), frozenset({"varda"}), {}) is None


def test_average_linkage_resists_chaining():
    # 0-1-2-3 is a chain of neighbours; 0 and 3 have nothing in common
    chain = {(0, 1): 0.3, (1, 2): 0.3, (2, 3): 0.3}
    clusters = stories.average_linkage(4, chain, 0.18, [None] * 4, 10)
    assert sorted(c.members for c in clusters) == [[0, 1], [2, 3]]
    # a tight group still forms
    tight = {(0, 1): 0.3, (0, 2): 0.3, (1, 2): 0.3}
    assert [c.members for c in stories.average_linkage(3, tight, 0.18, [None] * 3, 10)] == [[0, 1, 2]]


def test_average_linkage_keeps_a_story_inside_the_window():
    pairs = {(0, 1): 0.5, (1, 2): 0.5, (0, 2): 0.5}
    clusters = stories.average_linkage(3, pairs, 0.18, [0, 6, 12], 10)
    assert sorted(c.members for c in clusters) == [[0, 1], [2]]


def test_ids_and_groups_do_not_depend_on_input_order():
    seen = set()
    for seed in range(5):
        articles = own_articles()
        random.Random(seed).shuffle(articles)
        corpus = cluster(articles)
        seen.add(tuple((s.story_id, tuple(s.article_ids), s.title) for s in corpus.stories))
    assert len(seen) == 1


def test_undated_article_falls_back_on_its_resolved_dates():
    a = art("t1", None, "text", None)
    a.times = [TimeExpr("t1", 0, 4, "text", 0, date="2024-05-10"), TimeExpr("t1", 0, 4, "text", 0, date="2024-05-10"),
               TimeExpr("t1", 0, 4, "text", 0, date="2001-01-01", historical=True)]
    assert stories.article_day(a) == stories.parse_day("2024-05-10")
    assert stories.article_day(art("t2", None, "text", "2024-05-11T08:00:00")) == stories.parse_day("2024-05-11")


def test_assign_extends_existing_stories_and_starts_new_ones():
    old = own_articles()[:2] + own_articles()[3:4]       # d0, d1, k0
    corpus = cluster(old)
    existing = list(corpus.stories)
    ids_before = {s.story_id for s in existing}
    late_dam, late_strike = own_articles()[2], own_articles()[4]   # d2, k1
    unrelated = art("z1", "Apple growers expect early harvest",
                    "Orchards in the valley expect an early apple harvest after a warm spring, and pickers are "
                    "already arriving from nearby districts.", "2024-05-15")
    result = stories.assign([late_dam, late_strike, unrelated], existing, corpus)
    by_member = {aid: s for s in result for aid in s.article_ids}
    assert by_member["d2"].story_id == by_member["d0"].story_id
    assert by_member["k1"].story_id == by_member["k0"].story_id
    assert {by_member["d0"].story_id, by_member["k0"].story_id} == ids_before
    assert by_member["z1"].story_id not in ids_before and by_member["z1"].article_ids == ["z1"]
    assert late_dam.story_id == by_member["d0"].story_id and unrelated.story_id == by_member["z1"].story_id
    assert by_member["d2"].last_date == "2024-05-16"
    # the same answer as clustering everything at once
    full = cluster(own_articles() + [art("z1", unrelated.title, unrelated.body, unrelated.published)])
    assert groups(full) == sorted(sorted(s.article_ids) for s in result)


def test_assign_sends_a_copy_to_its_originals_story():
    corpus = cluster(own_articles())
    copy = art("c1", None, "An unrelated short text.", "2024-05-20")
    copy.duplicate_of = "k1"
    result = stories.assign([copy], corpus.stories, corpus)
    assert copy.story_id == corpus.article("k1").story_id
    assert sum("c1" in s.article_ids for s in result) == 1


# --------------------------------------------------------------------------- the events articles report

# Invented towns with made-up coordinates: Harlow Ford and Mirren are 5 km apart, Castellan 120 km away.
HARLOW, MIRREN, CASTELLAN = (48.100, 16.200), (48.140, 16.230), (47.050, 16.900)
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
CIVILIANS = ("Violence against civilians", "Attack")
CLASH = ("Battles", "Armed clash")
AGREEMENT = ("Strategic developments", "Agreement")
ARRESTS = ("Strategic developments", "Arrests")


def candidate(aid, kind, date, where, precision=1, geo_precision=1, admin1="North", **flags):
    return EventCandidate(candidate_id=f"{aid}-{kind[1]}-{date}", article_id=aid, event_type=kind[0],
                          sub_event_type=kind[1], event_date=date, time_precision=precision,
                          latitude=where[0], longitude=where[1], admin1=admin1, geo_precision=geo_precision,
                          **flags)


def signal(*args, **kwargs):
    return stories.event_signal(candidate("x", *args, **kwargs))


def test_one_event_told_by_two_articles_agrees_fully():
    a = signal(SHELLING, "2024-05-14", HARLOW)
    assert stories.event_agreement(a, signal(SHELLING, "2024-05-14", HARLOW)) == 1.0
    # a night attack lands on adjacent days in two outlets
    assert stories.event_agreement(a, signal(SHELLING, "2024-05-15", MIRREN)) == 1.0


def test_event_agreement_weakens_with_kind_day_and_place():
    a = signal(SHELLING, "2024-05-14", HARLOW)
    one_event = stories.event_agreement(a, signal(SHELLING, "2024-05-14", HARLOW))
    other_kind = stories.event_agreement(a, signal(CIVILIANS, "2024-05-14", HARLOW))
    rough_day = stories.event_agreement(a, signal(SHELLING, "2024-05-16", HARLOW, precision=2))
    region = stories.event_agreement(a, signal(SHELLING, "2024-05-14", (47.5, 16.5), geo_precision=3))
    assert one_event > other_kind > 0 and one_event > rough_day > 0 and one_event > region > 0
    assert stories.event_agreement(a, signal(SHELLING, "2024-05-17", HARLOW)) == 0.0       # another day
    assert stories.event_agreement(a, signal(SHELLING, "2024-05-14", CASTELLAN)) == 0.0    # another town
    assert stories.event_agreement(a, signal(SHELLING, "2024-05-14", (47.5, 16.5), geo_precision=3,
                                             admin1="South")) == 0.0                       # another region
    # protests and shelling are not one event, and an arrest is not an agreement
    assert stories.event_agreement(a, signal(("Protests", "Peaceful protest"), "2024-05-14", HARLOW)) == 0.0
    assert stories.event_agreement(signal(AGREEMENT, "2024-05-14", HARLOW),
                                   signal(ARRESTS, "2024-05-14", HARLOW)) == 0.0


def test_history_references_and_vague_dates_say_nothing_about_the_story():
    assert signal(SHELLING, "2024-05-14", HARLOW, historical=True) is None
    assert signal(SHELLING, "2024-05-14", HARLOW, reference=True) is None
    assert signal(SHELLING, "2024-05-01", HARLOW, precision=3) is None
    assert signal(SHELLING, None, HARLOW) is None


def test_an_event_placed_where_the_other_article_names_a_town_half_agrees():
    signed_here = signal(AGREEMENT, "2024-05-14", CASTELLAN)
    placed_in_region = signal(AGREEMENT, "2024-05-14", HARLOW)
    assert stories.event_agreement(signed_here, placed_in_region) == 0.0
    names_castellan = {stories.town_cell(*CASTELLAN): (CASTELLAN,)}
    assert stories.event_agreement(signed_here, placed_in_region, {}, names_castellan) == stories.MENTIONED
    assert stories.event_agreement(placed_in_region, signed_here, names_castellan, {}) == stories.MENTIONED
    assert stories.event_similarity([signed_here], [placed_in_region], {}, names_castellan) == stories.MENTIONED
    names_mirren = {stories.town_cell(*MIRREN): (MIRREN,)}
    assert stories.event_agreement(signed_here, placed_in_region, {}, names_mirren) == 0.0


def test_mentioned_towns_keep_towns_only():
    a = art("p1", None, "Harlow Ford, North Province", "2024-05-14")
    a.places = [Place("p1", 0, 11, "Harlow Ford", 0, name="Harlow Ford", latitude=HARLOW[0], longitude=HARLOW[1]),
                Place("p1", 13, 27, "North Province", 0, name="North Province", latitude=47.5, longitude=16.5,
                      kind="region")]
    assert list(stories.mentioned_towns(a).values()) == [(HARLOW,)]


# Two outlets on opposite sides tell one shelling in words that share almost nothing.
LOYAL = ("Terrorists shell Harlow Ford market",
         "Terrorist gangs hiding in the hills fired mortar bombs into the crowded market of Harlow Ford on "
         "Tuesday, the interior ministry said, promising to hunt down the criminals behind the massacre.")
REBEL = ("Regime guns massacre shoppers",
         "The occupation army's artillery pounded the bazaar this week, our correspondent reports, and the "
         "freedom movement swore that its fighters had no heavy weapons anywhere near the town.")


def partisan_pair(with_events=True):
    loyal = art("p1", *LOYAL, "2024-05-15")
    rebel = art("p2", *REBEL, "2024-05-16")
    if with_events:
        loyal.candidates = [candidate("p1", SHELLING, "2024-05-14", HARLOW)]
        rebel.candidates = [candidate("p2", SHELLING, "2024-05-14", MIRREN),
                            candidate("p2", CLASH, "2024-04-02", CASTELLAN, historical=True)]
    return [loyal, rebel]


def test_one_reported_event_joins_articles_whose_words_differ():
    assert groups(cluster(partisan_pair(with_events=False))) == [["p1"], ["p2"]]
    assert groups(cluster(partisan_pair())) == [["p1", "p2"]]
    features = stories.fit_features(partisan_pair())
    assert stories.event_score(features, 0, 1) == 1.0
    assert stories.pair_score(features, 0, 1, 10) >= stories.EVENT_WEIGHT * 0.9


def test_events_on_other_days_do_not_join_them():
    loyal, rebel = partisan_pair()
    rebel.candidates = [candidate("p2", SHELLING, "2024-05-10", HARLOW),
                        candidate("p2", SHELLING, "2024-05-14", HARLOW, reference=True)]
    assert groups(cluster([loyal, rebel])) == [["p1"], ["p2"]]


def test_ids_and_groups_with_events_do_not_depend_on_input_order():
    seen = set()
    for seed in range(4):
        articles = partisan_pair() + own_articles()
        random.Random(seed).shuffle(articles)
        for a in articles:
            random.Random(seed).shuffle(a.candidates)
        corpus = cluster(articles)
        seen.add(tuple((s.story_id, tuple(s.article_ids), s.title) for s in corpus.stories))
    assert len(seen) == 1


def test_assign_uses_the_reported_events_too():
    loyal, rebel = partisan_pair()
    corpus = cluster([loyal] + own_articles())
    result = stories.assign([rebel], corpus.stories, corpus)
    assert rebel.story_id == loyal.story_id
    assert sorted(next(s for s in result if "p1" in s.article_ids).article_ids) == ["p1", "p2"]


# --------------------------------------------------------------------------- the seeds

def seed_articles():
    need(SEEDS)
    rows = [json.loads(x) for x in (SEEDS / "manifest.jsonl").read_text().splitlines() if x.strip()]
    return [Article(article_id=r["path"][:3], path=r["path"], body=(SEEDS / r["path"]).read_text(encoding="utf-8"),
                    published=r["published"], outlet=r["outlet"]) for r in rows]


def gold_groups():
    gold = json.loads(need(GOLD).read_text())["articles"]
    by_story = {}
    for path, row in gold.items():
        by_story.setdefault(row["story"], []).append(path[:3])
    return sorted(sorted(v) for v in by_story.values())


def test_seeds_form_the_two_gold_stories():
    expected = gold_groups()
    assert expected == [["000", "002"], ["001", "003", "004"]]
    corpus = cluster(seed_articles())
    assert groups(corpus) == expected
    assert [s.first_date for s in corpus.stories] == ["2023-06-28", "2023-09-19"]


@pytest.mark.model
def test_seeds_with_parsed_entities_form_the_two_gold_stories(parse):
    articles = [parse(a.body, published=a.published, outlet=a.outlet, article_id=a.article_id)
                for a in seed_articles()]
    assert all(a.mentions for a in articles)
    assert groups(cluster(articles)) == gold_groups()


def test_stories_from_stored_cues_are_the_stories_from_the_readings(tmp_path):
    from sitroom.store.db import Store
    articles = partisan_pair() + own_articles()
    for a in articles:
        a.cues = stories.story_cues(a)  # what the per-article stage stores
    store = Store(tmp_path / "s.db")
    store.put_articles(articles, "v", "r")
    projected = store.load_articles(readings=stories.READINGS)
    assert all(not a.candidates and not a.places and a.cues is not None for a in projected)
    assert groups(cluster(projected)) == groups(cluster(partisan_pair() + own_articles())) and \
        ["p1", "p2"] in groups(cluster(projected))
    store.close()


def test_reported_events_are_ordered_whatever_order_a_set_gives_them():
    from sitroom.link.stories import _signal_order
    from sitroom.model import EventSignal

    exact = EventSignal("Battles", "Armed clash", 740000, True, 40.1, 44.5, "Ararat", False)
    vague = EventSignal("Battles", "Armed clash", 740000, False, 40.1, 44.5, "Ararat", False)
    assert sorted([exact, vague], key=_signal_order) == sorted([vague, exact], key=_signal_order)
