"""Casualty figures (sitroom.read.figures): numbers as written, and numbers tied to harm through the parse."""
from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from sitroom.model import ARRESTED, DISPLACED, KILLED, MISSING, WOUNDED, Claim, Corpus
from sitroom.read import figures, times
from sitroom.read.figures import CASUALTIES, Count, find_counts, parse_count, words_to_int


@pytest.mark.parametrize("text, expected", [
    ("four", Count(4, 4, 4)),
    ("4", Count(4, 4, 4)),
    ("5,000", Count(5000, 5000, 5000)),
    ("twenty-three", Count(23, 23, 23)),
    ("one hundred and twenty thousand", Count(120_000, 120_000, 120_000)),
    ("1.5 million", Count(1_500_000, 1_500_000, 1_500_000)),
    ("at least 200", Count(200, 200, None)),
    ("more than 400", Count(400, 400, None)),        # ACLED's conservative rule: the stated number
    ("about 6,800", Count(6800, None, None)),
    ("nearly 50", Count(50, None, 50)),
    ("up to 10", Count(10, None, 10)),
    ("between 3 and 5", Count(3, 3, 5)),             # a range counts its lower end
    ("two or three", Count(2, 2, 3)),
    ("3-5", Count(3, 3, 5)),
    ("dozens", Count(12, 12, None)),                 # ACLED codes "dozens" as 12
    ("a dozen", Count(12, 12, None)),
    ("hundreds", Count(100, 100, None)),
    ("several", Count(3, 3, None)),                  # ACLED: "several fatalities coded as 3"
    ("tens of thousands", Count(10_000, 10_000, None)),
    ("no one", Count(0, 0, 0)),
    ("fewer than 10", Count(None, None, 9)),         # no best estimate: such figures are not emitted
])
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["1e308", "10,000,000,000", "۲۰۰", "2.5", "5 000", "three four", "", "people",
                                  "9" * 400, "1,00,000,000,000"])
def test_parse_count_rejects_what_is_not_a_head_count(text):
    assert parse_count(text) is None


def test_from_to_is_a_change_not_a_range():
    [(start, end, count)] = find_counts("the toll rose from 5 to 23")
    assert count.best == 23


def test_words_to_int():
    assert words_to_int("a hundred") == 100
    assert words_to_int("two thousand five hundred") == 2500
    assert words_to_int("nonsense") is None


@hsettings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(["at least", "more than", "about", "between", "and", "or", "to", "-", "one", "hundred",
                              "thousand", "twenty", "5,000", "1e308", "10,000,000,000", "۲۰۰", "dozens", "a",
                              "several", "no one", "0.5", "99999999999", "people", "killed"]),
             max_size=8).map(" ".join)))
def test_number_reading_never_raises(text):
    parse_count(text)
    for start, end, count in find_counts(text):
        assert 0 <= start < end <= len(text)
        assert count.best is None or 0 <= count.best <= figures.MAX_COUNT
        assert count.low is None or count.best is None or count.low <= count.best
        assert count.high is None or count.best is None or count.best <= count.high


# --------------------------------------------------------------------------- on parsed text

class _Settings:
    news_window_days = 60


def _figures(parse, text: str, published: str | None = "2023-06-28", claims: list | None = None):
    article = parse(text, published=published)
    article.claims = claims or []
    corpus = times.run(Corpus(articles=[article]), _Settings())
    figures.run(corpus, _Settings())
    for f in article.figures:
        assert article.body[f.start:f.end] == f.text
        assert f.article_id == article.article_id
    return article


def _summary(article):
    return [(f.category, f.best, f.group) for f in article.figures]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Four soldiers were killed by enemy forces on Wednesday morning.", [(KILLED, 4, "soldiers")]),
    ("Gunmen killed 12 villagers and wounded 30 others.", [(KILLED, 12, "villagers"), (WOUNDED, 30, "people")]),
    ("An airstrike hit the market, killing 23 people and injuring dozens.", [(KILLED, 23, "people"), (WOUNDED, 12, None)]),
    ("The blast left 12 dead and 30 wounded.", [(KILLED, 12, None), (WOUNDED, 30, None)]),
    ("The death toll rose to 23 on Monday.", [(KILLED, 23, None)]),
    ("The number of civilians injured has risen to 40.", [(WOUNDED, 40, "civilians")]),
    ("He mourned the deaths of five soldiers.", [(KILLED, 5, "soldiers")]),
    ("Police arrested 46 protesters outside parliament.", [(ARRESTED, 46, "protesters")]),
    ("At least 46 people were detained.", [(ARRESTED, 46, "people")]),
    ("Hundreds of residents fled their homes.", [(DISPLACED, 100, "residents")]),
    ("About 5,000 civilians were evacuated from the area.", [(DISPLACED, 5000, "civilians")]),
    ("Three journalists are missing after the attack.", [(MISSING, 3, "journalists")]),
    ("There were four casualties.", [(CASUALTIES, 4, None)]),      # never counted as deaths
    ("No one was killed in the attack.", [(KILLED, 0, None)]),
    ("Two killed, 23 injured in shelling", [(KILLED, 2, None), (WOUNDED, 23, None)]),
    ("Several peacekeepers were killed when their car was shot at.", [(KILLED, 3, "peacekeepers")]),
    ("The fighting claimed 15 lives.", [(KILLED, 15, None)]),
    ("Eight soldiers lost their lives in the ambush.", [(KILLED, 8, "soldiers")]),
    ("Israeli troops shot and killed a Palestinian man.", [(KILLED, 1, "man")]),
    ("Five peacekeepers were shot dead at a checkpoint.", [(KILLED, 5, "peacekeepers")]),
    ("Russian media reported that among the four service personnel killed was the deputy commander.",
     [(KILLED, 4, "service personnel")]),
    ("Rebels abducted 20 students from a school.", [(MISSING, 20, "students")]),
    ("At least 200 people, including 10 civilians, were killed and more than 400 others were wounded.",
     [(KILLED, 200, "people"), (WOUNDED, 400, "people")]),             # the part is not counted twice
    ("Residents said they saw six bodies carried away from the market.", [(KILLED, 6, None)]),
    ("By Friday the death total had been raised from 2 to 7.", [(KILLED, 7, None)]),  # the new figure
])
def test_phrasings(parse, text, expected):
    assert _summary(_figures(parse, text)) == expected


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The brigade has 2,000 soldiers and 300 tanks.",
    "In 2019, 300 people attended the rally.",
    "A 25-year-old man spoke to 40 reporters on 14 June.",
    "Prices rose 15 percent and the army spent $400 million.",
    "The Second World War ended in 1945.",
    "The attack killed 10,000,000,000 people.",
    "The explosion killed 1e308 people and ۲۰۰ soldiers.",
    "Thousands of protesters gathered in the square.",
    "The strike destroyed 3 houses and 2 cars.",
])
def test_no_figure(parse, text):
    assert _figures(parse, text).figures == []


@pytest.mark.model
def test_history_is_marked(parse):
    article = _figures(parse, "A six-week war in 2020 killed more than 6,700 people. Two soldiers were killed on Tuesday.")
    assert [(f.best, f.historical) for f in article.figures] == [(6700, True), (2, False)]
    background = _figures(parse, "Tensions are high again two years after a war that killed about 6,800 soldiers.")
    assert [f.historical for f in background.figures] == [True]


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Police detained two brothers accused of the killing of a shopkeeper.",
    "Traders blocked the road to protest the earlier killing of a driver.",
])
def test_prior_deaths_are_background(parse, text):
    killed = [f for f in _figures(parse, text).figures if f.category == KILLED]
    assert killed and all(f.historical for f in killed)


@pytest.mark.model
def test_source_from_claim_and_from_text(parse):
    text = "The ministry said that 12 soldiers were killed. Two civilians were hurt, according to the local governor."
    body_start = text.index("12 soldiers")
    claim = Claim(claim_id="c1", article_id="t1", start=body_start - 5, end=text.index("."), text=text[body_start - 5:text.index(".")],
                  speaker="Defence Ministry", sentence=0)
    article = _figures(parse, text, claims=[claim])
    killed, hurt = article.figures
    assert (killed.source, killed.claim_id) == ("Defence Ministry", "c1")
    assert hurt.source == "the local governor" and hurt.claim_id is None
    plain = _figures(parse, "At least 46 people were arrested on Thursday night, police said.")
    assert plain.figures[0].source == "police"


@pytest.mark.model
def test_killed_total(parse):
    article = _figures(parse, "Gunmen killed 2 soldiers and 1 civilian. Two soldiers were killed, officials said.")
    assert figures.killed_total(article.figures) == 3


# --------------------------------------------------------------------------- the seed articles (raw, noise and all)

def _seed(parse, seed_manifest, name):
    from conftest import SEEDS
    return _figures(parse, (SEEDS / name).read_text(encoding="utf-8"), seed_manifest[name]["published"])


def _has(article, category, best, group=None, low="any", high="any", historical=False):
    for f in article.figures:
        if f.category == category and f.best == best and (group is None or f.group == group) \
                and (low == "any" or f.low == low) and (high == "any" or f.high == high) and f.historical == historical:
            return True
    return False


@pytest.mark.model
def test_seed_000_four_soldiers_killed(parse, seed_manifest):
    article = _seed(parse, seed_manifest, "000_4b6afe68a6e65df6.txt")
    assert _has(article, KILLED, 4, "soldiers")
    assert _has(article, WOUNDED, 2)        # two Indian citizens injured on 14 June


@pytest.mark.model
def test_seed_003_offensive_figures(parse, seed_manifest):
    article = _seed(parse, seed_manifest, "003_3cb5a1096acd64c9.txt")
    assert _has(article, KILLED, 200, "people", low=200, high=None)
    assert _has(article, WOUNDED, 400, low=400, high=None)
    assert _has(article, ARRESTED, 46)
    assert _has(article, KILLED, 5, "peacekeepers")
    assert _has(article, KILLED, 6700, historical=True)
    assert not _has(article, KILLED, 6700, historical=False)
    stepanyan = [f for f in article.figures if f.best == 200]
    assert stepanyan[0].source and "Stepanyan" in stepanyan[0].source


@pytest.mark.model
def test_seed_004_two_killed_23_injured(parse, seed_manifest):
    article = _seed(parse, seed_manifest, "004_fcd129825950e3f3.txt")
    assert _has(article, KILLED, 2)
    assert _has(article, WOUNDED, 23)


@pytest.mark.model
def test_seed_001_peacekeepers(parse, seed_manifest):
    article = _seed(parse, seed_manifest, "001_43312e568341f835.txt")
    assert _has(article, KILLED, 4, "service personnel")


# --------------------------------------------------------------------------- who is the victim (issue #5)

@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # the attackers are the subject of an active verb of harm, not victims
    ("At least 40 villagers attacked and killed a herder near Tupiza.", [(KILLED, 1, "herder")]),
    ("A border guard shot and killed a farmer on Friday.", [(KILLED, 1, "farmer")]),
    ("A car bomb exploded near the checkpoint, killing a policeman.", [(KILLED, 1, "policeman")]),
    # each verb of a headline tally keeps its own number
    ("3 killed, 12 injured.", [(KILLED, 3, None), (WOUNDED, 12, None)]),
    # a harm only tried is no casualty
    ("About 30 residents tried to lynch two thieves in the market.", []),
    ("A crowd beat and nearly lynched a pickpocket in the market.", []),
    # singular victims joined to another, with or without an article
    ("A trader and his nephew were killed by gunmen in Oruro.", [(KILLED, 1, "trader"), (KILLED, 1, "nephew")]),
    ("A dead man and woman were killed on the road to Potosi.", [(KILLED, 1, "man"), (KILLED, 1, "woman")]),
    ("The village chief and his bodyguard were shot dead.", [(KILLED, 1, "village chief"), (KILLED, 1, "bodyguard")]),
    # one person named twice ("was") is one death
    ("A local judge and party organiser was shot dead in Sucre.", [(KILLED, 1, "judge")]),
    # a group of people is no head count
    ("Rebels ambushed the convoy, killing and wounding a number of soldiers.", []),
    # "gunned down" is news English for shot dead
    ("A teacher was gunned down outside his home in Tarija.", [(KILLED, 1, "teacher")]),
    # a pronoun victim counts one, unless the sentence counts the person already
    ("A mob seized a suspected thief and killed him.", [(KILLED, 1, None)]),
    ("A farmer was killed after gunmen shot him dead.", [(KILLED, 1, "farmer")]),
    # "dead" parsed as a clause of "shot", and an article before a possessor
    ("A Border Police officer shot dead three of his colleagues in Tarija.", [(KILLED, 3, "colleagues")]),
    ("Gunmen shot dead a militia's commander in the hills of Tarija.", [(KILLED, 1, "commander")]),
    # headline English drops the article: a bare singular person is still one death
    ("Crowd kills man suspected of cattle theft", [(KILLED, 1, "man")]),
    ("Farmer killed by raiders near Tupiza", [(KILLED, 1, "farmer")]),
    ("Police arrest suspect in Oruro", []),            # only deaths are read from a bare noun
    ("Witnesses reported many dead among the traders.", []),   # a quantity without a number
    # a headline participle after a list tells the harm of each noun in it
    ("One policeman and two farmers killed in ambush near Uyuni", [(KILLED, 1, "policeman"), (KILLED, 2, "farmers")]),
])
def test_victims_not_attackers(parse, text, expected):
    assert _summary(_figures(parse, text)) == expected


@pytest.mark.model
def test_apposition_to_a_name_is_the_victim(parse):
    article = _figures(parse, "Ana Quispe, a nurse, was killed in the shelling.")
    assert _summary(article) == [(KILLED, 1, "nurse")]
    # after a list of places the parser may take the last place for the subject and hang the victim on it
    article = _figures(parse, "On 11 March 2023, in Recife, Pernambuco, a youth was beaten to death by 10 men.")
    assert _summary(article) == [(KILLED, 1, "youth")]
    # an apposition that names the members of a count is not counted again
    assert _summary(_figures(parse, "Two soldiers, a sergeant and a private, were killed.")) == [(KILLED, 2, "soldiers")]


@pytest.mark.model
def test_a_date_before_the_sentence_is_not_the_number(parse):
    # "03 March. Two ...": the month has its day, so "Two" starts a count ("March 3" would be a date)
    article = _figures(parse, "03 March. Two soldiers were shot dead at a checkpoint near Uyuni.", published="2023-03-03")
    assert _summary(article) == [(KILLED, 2, "soldiers")]


# --------------------------------------------------------------------------- one event's fatalities (events._fatalities)

def _killed(body: str, text: str, best: int, group: str | None, occurrence: int = 0):
    from sitroom.model import Figure
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return Figure(article_id="t1", start=start, end=start + len(text), text=text, sentence=0, category=KILLED,
                  best=best, low=best, high=best, group=group)


def test_fatalities_add_the_dead_of_each_group():
    from sitroom.extract.events import _fatalities
    body = "Raiders killed a herder and his son near Tupiza."
    assert _fatalities([_killed(body, "a herder", 1, "herder"), _killed(body, "son", 1, "son")], body)[0] == 2
    # an aside in brackets and "as well as" still join two counts of the dead
    body = "At least 4 people (among them a reporter) as well as 2 policemen were killed in Sucre."
    assert _fatalities([_killed(body, "At least 4", 4, "people"), _killed(body, "2", 2, "policemen")], body)[0] == 6
    # a total broken down by a comma is not added again
    body = "Five people were killed, three soldiers and two civilians."
    figures_ = [_killed(body, "Five", 5, "people"), _killed(body, "three", 3, "soldiers"), _killed(body, "two", 2, "civilians")]
    assert _fatalities(figures_, body)[0] == 5
