"""Dates resolved against the publication date (sitroom.read.times)."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from sitroom.model import Article, Corpus
from sitroom.read import times
from sitroom.read.times import is_duration, is_historical, resolve

PUB = "2023-06-28"  # a Wednesday


@pytest.mark.parametrize("text, expected", [
    ("Wednesday", ("2023-06-28", None, 1, None)),             # the publication weekday is today
    ("on Wednesday", ("2023-06-28", None, 1, None)),
    ("Wednesday morning", ("2023-06-28", None, 1, "morning")),
    ("Tuesday night", ("2023-06-27", None, 1, "night")),
    ("on Thursday", ("2023-06-22", None, 1, None)),           # most recent Thursday on or before publication
    ("Sunday evening", ("2023-06-25", None, 1, "evening")),
    ("last Wednesday", ("2023-06-21", None, 1, None)),
    ("yesterday", ("2023-06-27", None, 1, None)),
    ("two days ago", ("2023-06-26", None, 1, None)),
    ("last night", ("2023-06-27", None, 1, "night")),
    ("this morning", ("2023-06-28", None, 1, "morning")),
    ("last week", ("2023-06-19", "2023-06-25", 2, None)),
    ("this week", ("2023-06-26", "2023-06-28", 2, None)),
    ("last month", ("2023-05-01", "2023-05-31", 3, None)),
    ("earlier this month", ("2023-06-01", "2023-06-28", 3, None)),
    ("14 June", ("2023-06-14", None, 1, None)),
    ("on 27 June", ("2023-06-27", None, 1, None)),
    ("June 14", ("2023-06-14", None, 1, None)),
    ("Jan. 5, 2023", ("2023-01-05", None, 1, None)),
    ("December 7, 2020", ("2020-12-07", None, 1, None)),
    ("the morning of June 14", ("2023-06-14", None, 1, "morning")),
    ("in 2020", ("2020-01-01", "2020-12-31", 3, None)),
    ("the 1990s", ("1990-01-01", "1999-12-31", 3, None)),
    ("since the early 1990s", ("1990-01-01", "1993-12-31", 3, None)),
    ("December", ("2022-12-01", "2022-12-31", 3, None)),     # the most recent December
    ("mid-June", ("2023-06-11", "2023-06-20", 2, None)),
    ("31 February", (None, None, 1, None)),                   # no such day: never made up
    ("February 29", (None, None, 1, None)),                   # 2023 is not a leap year
    ("six-week", (None, None, 3, None)),                      # durations are not dates
    ("24-hour", (None, None, 3, None)),
    ("two years", (None, None, 3, None)),
    ("the previous day", (None, None, 3, None)),
])
def test_resolve_against_a_wednesday(text, expected):
    assert resolve(text, PUB) == expected


def test_future_clause_moves_a_weekday_forward():
    assert resolve("Thursday", PUB, future=True)[0] == "2023-06-29"
    assert resolve("Wednesday", PUB, future=True)[0] == "2023-06-28"
    assert resolve("next Monday", PUB)[0] == "2023-07-03"


def test_weekday_on_every_publication_weekday_is_never_later_than_publication():
    for day in range(19, 26):  # Monday 2023-06-19 .. Sunday 2023-06-25
        published = f"2023-06-{day}"
        for weekday in times.WEEKDAYS:
            resolved = resolve(weekday, published)[0]
            gap = (date.fromisoformat(published) - date.fromisoformat(resolved)).days
            assert 0 <= gap <= 6
            if weekday == times.WEEKDAYS[date.fromisoformat(published).weekday()]:
                assert gap == 0


def test_without_publication_date_relative_forms_stay_unknown():
    assert resolve("Wednesday", None)[0] is None
    assert resolve("last week", None)[:2] == (None, None)
    assert resolve("14 June", None)[0] is None
    assert resolve("14 June 2022", None)[0] == "2022-06-14"   # absolute forms need no anchor
    assert resolve("Wednesday", "not a date")[0] is None


@pytest.mark.parametrize("text", ["1e308", "۲۰۰", "in 99999", "the 99990s", "", " ", "31/31/31",
                                  "June 99", "0 January 0000", "x" * 5000])
def test_hostile_text_resolves_to_nothing(text):
    day, end, precision, _ = resolve(text, PUB)
    assert day is None and end is None and precision in (1, 2, 3)


def test_historical_rules():
    assert is_historical("2020", "2020-01-01", "2020-12-31", PUB, 60)
    assert is_historical("the 1990s", None, None, PUB, 60)
    assert is_historical("decades", None, None, PUB, 60)
    assert is_historical("that day", "2023-06-20", None, PUB, 60, context="anniversary")
    assert not is_historical("27 June", "2023-06-27", None, PUB, 60)
    assert not is_historical("last month", "2023-05-01", "2023-05-31", PUB, 60)
    assert not is_historical("Wednesday", None, None, None, 60)


def test_durations():
    assert is_duration("six-week") and is_duration("months-long") and is_duration("a 24-hour")
    assert not is_duration("last week") and not is_duration("two days ago") and not is_duration("this month")


_PHRASES = st.sampled_from(["on", "last", "this", "next", "early", "late", "mid-", "the", "of", "ago", "since",
                            "Monday", "Wednesday", "morning", "night", "week", "month", "year", "June", "Feb.",
                            "31", "29", "1", "2023", "1990s", "9999", "0", "-", ",", "١٢", "1e308", "days"])


@hsettings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=40), st.lists(_PHRASES, max_size=6).map(" ".join)),
       published=st.one_of(st.none(), st.dates().map(date.isoformat), st.text(max_size=12)))
def test_resolve_never_raises_and_returns_iso_or_none(text, published):
    day, end, precision, part = resolve(text, published)
    for value in (day, end):
        assert value is None or date.fromisoformat(value).isoformat() == value
    if day and end:
        assert end >= day
    assert precision in (1, 2, 3)
    assert part in (None, "morning", "afternoon", "evening", "night")


# --------------------------------------------------------------------------- on parsed text

def _read(parse, text: str, published: str | None = PUB) -> Article:
    article = parse(text, published=published)
    times.run(Corpus(articles=[article]), _Settings())
    return article


class _Settings:
    news_window_days = 60


@pytest.mark.model
def test_split_day_and_part_are_joined(parse):
    article = _read(parse, "Four soldiers were killed on Wednesday morning. Protesters gathered on Tuesday night.")
    found = {t.text: t for t in article.times}
    assert found["Wednesday morning"].date == "2023-06-28" and found["Wednesday morning"].part_of_day == "morning"
    assert found["Tuesday night"].date == "2023-06-27" and found["Tuesday night"].part_of_day == "night"
    for t in article.times:
        assert article.body[t.start:t.end] == t.text


@pytest.mark.model
def test_relative_phrases_in_text(parse):
    article = _read(parse, "Earlier this month, two workers were hurt. Last week the EU spoke. "
                           "The talks began on Tuesday and will finish on Thursday. The war ended in 2020.")
    by_text = {t.text.lower(): t for t in article.times}
    assert by_text["earlier this month"].time_precision == 3
    assert by_text["last week"].end_date == "2023-06-25"
    assert by_text["tuesday"].date == "2023-06-27"
    assert by_text["thursday"].date == "2023-06-29"      # "will finish": the coming Thursday
    assert by_text["2020"].historical


@pytest.mark.model
def test_sentence_date_picks_the_time_of_its_own_sentence(parse):
    article = _read(parse, "Shelling hit the town on Monday. Nobody was hurt. A clash in 2020 was worse.")
    assert times.sentence_date(article, 0).date == "2023-06-26"
    assert times.sentence_date(article, 1) is None
    assert times.sentence_date(article, 2).historical


@pytest.mark.model
def test_unknown_publication_leaves_dates_empty(parse):
    article = _read(parse, "Fighting resumed on Friday.", published=None)
    assert [t.date for t in article.times] == [None]


@pytest.mark.model
def test_seed_dates(parse, seed_manifest):
    from conftest import SEEDS

    def read(name):
        return _read(parse, (SEEDS / name).read_text(encoding="utf-8"), seed_manifest[name]["published"])

    oc = read("000_4b6afe68a6e65df6.txt")
    morning = [t for t in oc.times if t.text == "Wednesday morning"]
    assert morning and morning[0].date == "2023-06-28" and morning[0].part_of_day == "morning"
    assert any(t.text.replace("\u00a0", " ") == "14 June" and t.date == "2023-06-14" for t in oc.times)

    lat = read("003_3cb5a1096acd64c9.txt")
    link_date = [t for t in lat.times if t.text == "Jan. 23, 2023"]
    assert link_date and link_date[0].historical
    assert all(t.historical for t in lat.times if t.text in ("1994", "2020", "the early 1990s"))
    assert all(not t.historical for t in lat.times if t.text in ("Thursday", "Wednesday", "Tuesday"))
    assert all(t.date is None or t.date <= "2023-09-21" for t in lat.times)


@pytest.mark.parametrize("text", ["between 7 and 10 April 2024", "from 7 to 10 April", "7-10 April 2024"])
def test_a_span_of_days_keeps_both_ends(text):
    assert resolve(text, "2024-04-11")[:2] == ("2024-04-07", "2024-04-10")


@pytest.mark.model
def test_a_day_and_month_left_out_of_a_bare_year_or_cut_by_a_colon_are_read(parse):
    article = _read(parse, "On 26 Aug 2023, rebels burnt a school in Lira. 14 June: soldiers came back.")
    texts = {t.text: t.date for t in article.times}
    assert texts.get("26 Aug 2023") == "2023-08-26" and texts.get("14 June") == "2023-06-14"
    alone = _read(parse, "The school was first burnt in 2019.")
    assert [t.text for t in alone.times] == ["2019"]  # a year told alone stays a year


@pytest.mark.parametrize("text", ["April 7th and 8th", "April 7 - 8", "from April 7 to 8, 2024"])
def test_a_span_of_days_after_its_month_reads_the_second_day_as_a_day_not_a_year(text):
    assert resolve(text, "2024-04-11")[:2] == ("2024-04-07", "2024-04-08")


def test_a_day_and_a_year_after_a_month_are_no_span():
    assert resolve("April 7, 2024", "2024-04-11")[:2] == ("2024-04-07", None)
