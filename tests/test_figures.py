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
