"""Relative and absolute dates, resolved against the article's publication date.

News text dates events relative to the day it was written ("on Wednesday",
"last week", "earlier this month"). The parser finds the spans (DATE/TIME
entities); this stage joins the pieces the parser splits ("Wednesday" +
"morning"), resolves each against ``article.published`` with our own rules,
and hands absolute forms ("14 June", "Jan. 5, 2023") to dateparser.

Conventions (see the project's dependency notes, section 5):
- a bare weekday is the most recent such day on or before publication (the
  same day when it is the publication weekday: "on Wednesday" in a Wednesday
  paper means today);
- "last week" / "last month" / "earlier this month" are ranges;
- ``time_precision`` follows ACLED: 1 a day, 2 a week or a few days, 3 a month
  or vaguer;
- what cannot be resolved stays ``None``; no date is ever made up.
"""
from __future__ import annotations

import bisect
import calendar
import functools
import logging
import re
from datetime import date, datetime, timedelta
from typing import Optional

from ..model import Article, Corpus, TimeExpr

NAME = "times"
REQUIRES = {"mentions", "sentences"}
PROVIDES = {"times"}
PER_ARTICLE = True

log = logging.getLogger(__name__)

Resolution = tuple[Optional[str], Optional[str], int, Optional[str]]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {name: n for n, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): n for name, n in MONTHS.items()}
MONTHS = {k.lower(): v for k, v in MONTHS.items()}
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                       "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
ALL_MONTH_WORDS = {**MONTHS, **MONTH_ABBREVIATIONS}

# Part of day as written -> the label we keep.
PARTS_OF_DAY = {
    "morning": "morning", "dawn": "morning", "daybreak": "morning", "early hours": "night",
    "afternoon": "afternoon", "midday": "afternoon", "noon": "afternoon",
    "evening": "evening", "dusk": "evening",
    "night": "night", "overnight": "night", "midnight": "night", "tonight": "night",
}

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "several": 3,
                "a couple of": 2, "couple of": 2}

# Years we treat as plausible at all (guards hostile text such as "in 99999").
MIN_YEAR, MAX_YEAR = 1800, 2200

_LEADING = re.compile(r"^(?:(?:on|in|at|during|by|since|from|until|till|of|around|about|as of|before|after|"
                      r"for|earlier|later|the)\s+)+", re.I)
_WS = re.compile(r"\s+")
_YEAR = re.compile(r"^(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:year\s+)?(\d{4})(?:\s+\w+)?$", re.A)
_DECADE = re.compile(r"^(?:the\s+)?(?:(early|mid|late)[\s-]+)?(\d{3})0'?s$", re.A)
_AGO = re.compile(r"^(\w+(?:\s+\w+)?)\s+(day|week|month|year)s?\s+ago$")
_MONTH_PART = re.compile(r"^(early|mid|late|the end of|end of|the beginning of|beginning of|the middle of)[\s-]*([a-z]+)\.?(?:,?\s+(\d{4}))?$", re.A)
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?(?:\s+(?:of\s+)?(\d{4}))?$", re.A)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)\.?", re.A)
_MONTH_DAY = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.A)
_EXPLICIT_YEAR = re.compile(r"\b(\d{4})\b", re.A)
_COUNT_WORD = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
               r"thirty|forty|fifty|sixty|hundred|several|few|many|couple of)")
_DURATION = re.compile(r"^(?:an?\s+|the\s+)?" + _COUNT_WORD + r"[\s-](?:hour|day|week|month|year|decade)s?(?:[\s-](?:long|old))?$|"
                       r"\b" + _COUNT_WORD + r"[\s-](?:hour|day|week|month|year)s?[\s-](?:long|old)\b|"
                       r"^(?:hours|days|weeks|months|years|decades)(?:[\s-](?:long|old))?$|"
                       r"\b(?:decades|years|months)[\s-](?:long|old)\b", re.A)
_HISTORY_WORDS = re.compile(r"\b(?:anniversary|\d{3}0s|decades?|century|centuries)\b", re.A)


# --------------------------------------------------------------------------- pure helpers

def parse_published(published: Optional[str]) -> Optional[date]:
    """The publication day from an ISO string (a time part is ignored); None when unusable."""
    if not published or not isinstance(published, str):
        return None
    m = _ISO_DATE.match(published.strip())
    if not m:
        return None
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _iso(d: Optional[date]) -> Optional[str]:
    return d.isoformat() if d else None


def _shift(d: date, days: int) -> Optional[date]:
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return None


def _month_range(year: int, month: int) -> tuple[Optional[date], Optional[date]]:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None, None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _previous_month(d: date) -> tuple[int, int]:
    return (d.year - 1, 12) if d.month == 1 else (d.year, d.month - 1)


def _most_recent_weekday(pub: date, weekday: int, strictly_before: bool = False) -> date:
    back = (pub.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return pub - timedelta(days=back)


def _small_number(words: str) -> Optional[int]:
    words = words.strip().lower()
    if words.isascii() and words.isdigit() and len(words) <= 4:
        return int(words)
    return NUMBER_WORDS.get(words)


def normalise(text: str) -> str:
    """Lower-case, typographic marks folded, spaces collapsed, leading prepositions dropped."""
    t = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-").lower()
    t = _WS.sub(" ", t).strip(" ,.;:()[]\"'")
    t = re.sub(r"'s$", "", t)
    return _LEADING.sub("", t).strip()


def split_part_of_day(text: str) -> tuple[str, Optional[str]]:
    """("wednesday morning" -> ("wednesday", "morning")); the day words are kept for resolution."""
    part = None
    rest = text
    for word in sorted(PARTS_OF_DAY, key=len, reverse=True):
        pattern = re.compile(r"\b(?:the\s+|this\s+|in\s+the\s+|on\s+the\s+)?" + re.escape(word) + r"\b(?:\s+(?:of|on))?")
        if pattern.search(rest):
            part = PARTS_OF_DAY[word]
            rest = pattern.sub(" ", rest, count=1)
            break
    return _WS.sub(" ", rest).strip(" ,"), part


def is_duration(text: str) -> bool:
    """"six-week", "24-hour", "months-long", "two years": spans of time, not points."""
    return bool(_DURATION.search(normalise(text))) and not _AGO.match(normalise(text))


def resolve(text: str, published: Optional[str], *, future: bool = False) -> Resolution:
    """(date, end_date, time_precision, part_of_day) for one expression; pure, never raises.

    ``date``/``end_date`` are ISO strings or None; an unknown publication date
    leaves relative expressions unresolved. ``future`` says the clause speaks
    of what is to come ("talks will finish on Thursday"): a bare weekday then
    means the next such day.
    """
    try:
        return _resolve(text if isinstance(text, str) else "", parse_published(published), future)
    except (ValueError, OverflowError, TypeError, AttributeError, IndexError, KeyError, RecursionError) as exc:
        # dateparser and calendar arithmetic have many ways to reject odd text; a date is optional.
        log.debug("could not resolve %r: %s", text, exc)
        return None, None, 3, None


_DAY_RANGE = re.compile(r"^(?:between |from )?(?P<first>\d{1,2})(?:st|nd|rd|th)? ?(?:and|to|until|-|–) ?"
                        r"(?P<last>\d{1,2})(?:st|nd|rd|th)? (?P<tail>[a-z]+\.?(?: \d{4})?)$")
def _range_month(days: re.Match) -> str:
    """The month (and year) a span of days shares, whichever side of the days it was written on."""
    if "tail" in days.groupdict():
        return days.group("tail")
    return " ".join(filter(None, (days.group("tail_month"), days.group("year"))))


# The month written first ("September 11th and 12th", "August 10-12, 2017"): the second day is no year.
_MONTH_DAY_RANGE = re.compile(r"^(?:between |from )?(?P<tail_month>[a-z]+)\.? (?P<first>\d{1,2})(?:st|nd|rd|th)? ?"
                              r"(?:and|to|until|-|–) ?(?P<last>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<year>\d{4}))?$")


def _resolve(text: str, pub: Optional[date], future: bool = False) -> Resolution:
    raw = normalise(text[:200])
    if raw in {"last night", "overnight"}:
        night = pub if raw == "overnight" else (pub and _shift(pub, -1))
        return _iso(night), None, 1, "night"
    if raw in {"tonight", "this evening", "this morning", "this afternoon"}:
        return _iso(pub), None, 1, split_part_of_day(raw)[1]
    rest, part = split_part_of_day(raw)
    if rest in {"", "the"}:
        return None, None, 1, part
    if re.match(r"^(?:early|late) (?!\d)", rest) and _month_part(rest, pub) is None:
        rest = rest.split(" ", 1)[1]  # "late last night", "early on Monday": the day is what counts
        rest = _LEADING.sub("", rest).strip()
    days = _DAY_RANGE.match(rest) or _MONTH_DAY_RANGE.match(rest)
    if days:  # "between 7 and 10 April 2024", "7-10 April": a span of days, not its last day
        first_day, last_day, tail = days.group("first"), days.group("last"), _range_month(days)
        start = _resolve(f"{first_day} {tail}", pub, future)[0]
        end = _resolve(f"{last_day} {tail}", pub, future)[0]
        if start and end and start <= end:
            span = (date.fromisoformat(end) - date.fromisoformat(start)).days
            return start, end, 2 if span <= 7 else 3, part
    if rest == "last":  # "last night" with the part already split off
        return _iso(pub and _shift(pub, -1)), None, 1, part
    if is_duration(rest):
        return None, None, 3, part
    found = (_relative_day(rest, pub) or _weekday(rest, pub, future) or _relative_period(rest, pub)
             or _decade(rest) or _year(rest) or _month_part(rest, pub) or _month(rest, pub)
             or _absolute_day(rest, pub))
    if found is None:
        return None, None, 3, part
    start, end, precision = found
    return _iso(start), _iso(end), precision, part


Found = Optional[tuple[Optional[date], Optional[date], int]]


def _relative_day(rest: str, pub: Optional[date]) -> Found:
    offsets = {"today": 0, "yesterday": -1, "the day before yesterday": -2, "day before yesterday": -2,
               "tomorrow": 1, "now": 0}
    if rest in offsets:
        return (pub and _shift(pub, offsets[rest])), None, 1
    m = _AGO.match(rest)
    if m:
        n = _small_number(m.group(1))
        unit = m.group(2)
        if n is None or pub is None:
            return None, None, {"day": 1, "week": 2}.get(unit, 3)
        if unit == "day":
            return _shift(pub, -n), None, 1
        if unit == "week":
            start = _shift(pub, -7 * n)
            return start, None, 2
        if unit == "month":
            year, month = pub.year, pub.month - n
            while month < 1:
                month += 12
                year -= 1
            return _month_range(year, month)[0], _month_range(year, month)[1], 3
        return _year_range(pub.year - n) + (3,)
    return None


WEEKDAY_ABBREVIATIONS = {"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
                         "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
                         "sat": "saturday", "sun": "sunday"}


def _weekday(rest: str, pub: Optional[date], future: bool = False) -> Found:
    rest = re.sub(r"\b(" + "|".join(WEEKDAY_ABBREVIATIONS) + r")\.?$",
                  lambda m: WEEKDAY_ABBREVIATIONS[m.group(1)], rest)
    m = re.match(r"^(last|this|next|past|previous)?\s*(" + "|".join(WEEKDAYS) + r")$", rest)
    if not m:
        return None
    if pub is None:
        return None, None, 1
    modifier, weekday = m.group(1), WEEKDAYS.index(m.group(2))
    if modifier == "next" or (future and modifier is None):
        ahead = (weekday - pub.weekday()) % 7
        if modifier == "next" and ahead == 0:
            ahead = 7
        return pub + timedelta(days=ahead), None, 1
    # "last Wednesday" written on a Wednesday means a week ago; a bare weekday may be today.
    return _most_recent_weekday(pub, weekday, strictly_before=modifier in {"last", "previous"}), None, 1


def _relative_period(rest: str, pub: Optional[date]) -> Found:
    rest = re.sub(r"^(?:over|in|during|within|for)\s+(?:the\s+)?", "", rest)
    rest = re.sub(r"^(?:earlier|later)\s+", "", rest)
    week_like = {"last week", "previous week", "this week", "past week", "last weekend", "this weekend",
                 "weekend", "the weekend", "this past weekend", "past weekend", "past few days", "past days", "recent days", "few days ago",
                 "a few days ago", "past two weeks", "last two weeks", "past couple of days"}
    month_like = {"last month", "previous month", "this month", "past month", "past few weeks", "recent weeks",
                  "last year", "previous year", "this year", "past year", "past few months", "recent months"}
    if rest not in week_like | month_like:
        return None
    if pub is None:
        return None, None, 2 if rest in week_like else 3
    if rest in {"last week", "previous week"}:
        monday = pub - timedelta(days=pub.weekday() + 7)
        return monday, monday + timedelta(days=6), 2
    if rest == "this week":
        return pub - timedelta(days=pub.weekday()), pub, 2
    if rest in {"past week"}:
        return pub - timedelta(days=7), pub, 2
    if rest in {"past two weeks", "last two weeks"}:
        return pub - timedelta(days=14), pub, 2
    if "weekend" in rest:
        saturday = _most_recent_weekday(pub, 5)
        if saturday == pub:  # written on Saturday: the weekend is today
            return saturday, saturday, 2
        sunday = saturday + timedelta(days=1)
        return saturday, min(sunday, pub), 2
    if "days" in rest:
        return pub - timedelta(days=3), pub, 2
    if rest in {"last month", "previous month"}:
        start, end = _month_range(*_previous_month(pub))
        return start, end, 3
    if rest == "this month":
        return pub.replace(day=1), pub, 3
    if rest in {"past month", "past few weeks", "recent weeks"}:
        return pub - timedelta(days=30), pub, 3
    if rest in {"past few months", "recent months"}:
        return pub - timedelta(days=90), pub, 3
    if rest in {"last year", "previous year"}:
        return _year_range(pub.year - 1) + (3,)
    if rest == "this year":
        return date(pub.year, 1, 1), pub, 3
    if rest == "past year":
        return _shift(pub, -365), pub, 3
    return None


def _year_range(year: int) -> tuple[Optional[date], Optional[date]]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, None
    return date(year, 1, 1), date(year, 12, 31)


def _decade(rest: str) -> Found:
    m = _DECADE.match(rest)
    if not m:
        return None
    first = int(m.group(2)) * 10
    start, end = first, first + 9
    if m.group(1) == "early":
        end = first + 3
    elif m.group(1) == "mid":
        start, end = first + 3, first + 6
    elif m.group(1) == "late":
        start = first + 6
    if not (MIN_YEAR <= start and end <= MAX_YEAR):
        return None, None, 3
    return date(start, 1, 1), date(end, 12, 31), 3


def _year(rest: str) -> Found:
    m = _YEAR.match(rest)
    if not m:
        return None
    start, end = _year_range(int(m.group(1)))
    return start, end, 3


def _month_number(word: str) -> Optional[int]:
    return ALL_MONTH_WORDS.get(word.strip(".").lower())


def _month_year(month: int, year: Optional[int], pub: Optional[date]) -> Optional[int]:
    """The year of a month named without one: the most recent such month on or before publication."""
    if year is not None:
        return year
    if pub is None:
        return None
    return pub.year if month <= pub.month else pub.year - 1


def _month_part(rest: str, pub: Optional[date]) -> Found:
    m = _MONTH_PART.match(rest)
    if not m or _month_number(m.group(2)) is None:
        return None
    month = _month_number(m.group(2))
    year = _month_year(month, int(m.group(3)) if m.group(3) else None, pub)
    if year is None:
        return None, None, 2
    first, last = _month_range(year, month)
    if first is None or last is None:
        return None, None, 2
    which = m.group(1)
    if which == "early" or "beginning" in which:
        return first, first + timedelta(days=9), 2
    if which == "mid" or "middle" in which:
        return first + timedelta(days=10), first + timedelta(days=19), 2
    return first + timedelta(days=20), last, 2


def _month(rest: str, pub: Optional[date]) -> Found:
    m = _MONTH_YEAR.match(rest)
    if not m or _month_number(m.group(1)) is None:
        return None
    month = _month_number(m.group(1))
    year = _month_year(month, int(m.group(2)) if m.group(2) else None, pub)
    if year is None:
        return None, None, 3
    start, end = _month_range(year, month)
    return start, end, 3


def _absolute_day(rest: str, pub: Optional[date]) -> Found:
    """A day of a named month ("14 June", "Jan. 5, 2023") or an ISO date."""
    iso = _ISO_DATE.match(rest)
    if iso:
        return _safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))), None, 1
    day_month = _explicit_day_month(rest)
    if day_month is None:
        return None
    day, month = day_month
    years = _EXPLICIT_YEAR.findall(rest)
    year = int(years[0]) if years else None
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return None, None, 1
    resolved_year = _month_year(month, year, pub)
    check_year = resolved_year if resolved_year is not None else 2000  # a leap year: 29 February is valid
    if _safe_date(check_year, month, day) is None:
        return None, None, 1  # "31 February": no such day, and we never make one up
    if pub is None and year is None:
        return None, None, 1
    parsed = _dateparser(rest, pub)
    if parsed is None or (parsed.month, parsed.day) != (month, day):
        # dateparser disagrees with what is plainly written: trust the text
        parsed = _safe_date(check_year, month, day)
    return parsed, None, 1


def _explicit_day_month(rest: str) -> Optional[tuple[int, int]]:
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for m in pattern.finditer(rest):
            month = _month_number(m.group(month_group))
            if month is not None:
                return int(m.group(day_group)), month
    return None


@functools.lru_cache(maxsize=4096)
def _dateparser(text: str, pub: Optional[date]) -> Optional[date]:
    import dateparser  # imported late: it is slow to import and only absolute days need it

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day, 12)
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError) as exc:
        log.debug("dateparser rejected %r: %s", text, exc)
        return None
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed.date()


def is_historical(text: str, date_iso: Optional[str], end_iso: Optional[str], published: Optional[str],
                  window_days: int, context: str = "") -> bool:
    """Background history: before the news window, or told as history (decades, anniversaries)."""
    pub = parse_published(published)
    norm = normalise(text)
    if _DECADE.match(norm) or _HISTORY_WORDS.search(norm) or "anniversary" in context.lower():
        return True
    last = end_iso or date_iso
    if pub is None or last is None:
        return False
    try:
        return date.fromisoformat(last) < pub - timedelta(days=window_days)
    except (ValueError, OverflowError):
        return False


# --------------------------------------------------------------------------- spans in an article

_WEEKDAY_OR_RELATIVE = re.compile(
    r"\b(?:(?:last|this|next|on|early|late)\s+)?(?:" + "|".join(WEEKDAYS) + r"|yesterday|today|tonight|overnight)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b|\blast night\b", re.I)

_JOINERS = {"", " ", " of ", " on ", " in the ", ", "}


def time_spans(article: Article) -> list[tuple[int, int, int]]:
    """(start, end, sentence) of each time expression: DATE/TIME mentions, joined when adjacent,
    plus weekday and yesterday/today phrases the parser did not mark."""
    body = article.body
    spans = sorted((_with_day_number(body, m.start), m.end, m.sentence)
                   for m in article.mentions if m.label in ("DATE", "TIME"))
    for m in _WEEKDAY_OR_RELATIVE.finditer(body):
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _ in spans):
            sentence = article.sentence_at(m.start())
            spans.append((m.start(), m.end(), sentence.index if sentence else 0))
    spans.sort()
    joined: list[tuple[int, int, int]] = []
    for start, end, sent in spans:
        if joined and joined[-1][2] == sent and body[joined[-1][1]:start].lower() in _JOINERS \
                and _joinable(body[joined[-1][0]:joined[-1][1]], body[start:end]):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]), sent)
        else:
            joined.append((start, end, sent))
    return [_trim(body, s, e, n) for s, e, n in joined]


_DAY_BEFORE = re.compile(r"(?<![\d,.])([0-3]?\d)(?:st|nd|rd|th)?\s+$", re.A)


def _with_day_number(body: str, start: int) -> int:
    """Move a span starting with a month name left over the day number the parser left out ("28 June 2023"),
    and a bare year over the day and month before it ("26 Aug 2018", "Aug. 26, 2018")."""
    following = body[start:start + 12].split(None, 1)
    if following and _YEAR_ONLY.match(following[0]):
        m = _DAY_MONTH_BEFORE.search(body[max(0, start - 20):start].replace("\u00a0", " "))
        return start - len(m.group(0)) if m and _month_number(m.group("month") or m.group("month2")) else start
    if not following or _month_number(following[0].rstrip(":,;").lower()) is None:  # "27 February: ..."
        return start
    m = _DAY_BEFORE.search(body[max(0, start - 8):start].replace("\u00a0", " "))
    return start - len(m.group(0)) if m else start


_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d\b")
_DAY_MONTH_BEFORE = re.compile(r"(?<![\w,.])(?:[0-3]?\d(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]{3,9})\.?,?"
                               r"|(?P<month2>[A-Za-z]{3,9})\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?)\s+$", re.A)


def _joinable(left: str, right: str) -> bool:
    """Join a day and a part of day ("Wednesday" + "morning"), not two separate dates."""
    parts = set(PARTS_OF_DAY) | {"the morning", "the early hours of", "early hours"}
    left_n, right_n = normalise(left), normalise(right)
    return any(p in left_n for p in parts) or any(p in right_n for p in parts)


def _trim(body: str, start: int, end: int, sent: int) -> tuple[int, int, int]:
    while start < end and body[start] in " ,;:(\"'":
        start += 1
    while end > start and body[end - 1] in " ,;:)\"'.":
        end -= 1
    return start, end, sent


def read_times(article: Article, window_days: int) -> list[TimeExpr]:
    out = []
    index = _TokenIndex(article.tokens)
    for start, end, sent in time_spans(article):
        text = article.body[start:end]
        if not text.strip():
            continue
        day, last, precision, part = resolve(text, article.published, future=_speaks_of_future(index, start, end))
        context = article.sentences[sent].text if 0 <= sent < len(article.sentences) else ""
        historical = is_historical(text, day, last, article.published, window_days, _anniversary_context(context))
        historical = historical or _years_before(text, article.body[end:end + 12])
        out.append(TimeExpr(article_id=article.article_id, start=start, end=end, text=text, sentence=sent,
                            date=day, end_date=last, time_precision=precision, part_of_day=part,
                            historical=historical))
    return out


class _TokenIndex:
    """Tokens by offset and by head, built once per article (articles can have tens of thousands of tokens)."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.starts = [t.start for t in tokens]
        self.children: dict[int, list] = {}
        for t in tokens:
            if t.head != t.i:
                self.children.setdefault(t.head, []).append(t)

    def inside(self, start: int, end: int) -> list:
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        return self.tokens[first:last]


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_FUTURE_VERBS = {"expect", "schedule", "plan", "due", "set", "intend"}


def _speaks_of_future(index: _TokenIndex, start: int, end: int) -> bool:
    """The clause the expression belongs to is in the future ("will finish on Thursday")."""
    tokens = index.tokens
    inside = index.inside(start, end)
    if not inside:
        return False
    head = next((t for t in inside if not start <= tokens[t.head].start < end or t.head == t.i), inside[-1])
    node, steps = head, 0
    while steps < 4:
        if node.pos in ("VERB", "AUX") or node.lemma in _FUTURE_VERBS:
            if node.lemma in _FUTURE_VERBS or any(
                    c.lemma in _FUTURE_AUX and c.dep == "aux" for c in index.children.get(node.i, [])):
                return True
        if node.head == node.i or not 0 <= node.head < len(tokens):
            break
        node, steps = tokens[node.head], steps + 1
    return False


def _years_before(text: str, following: str) -> bool:
    """"two years after the war ...", "decades since ...": a span of years pointing back to history."""
    return bool(re.search(r"\b(?:years?|decades?)\b", text, re.I)) and \
        bool(re.match(r"\s*(?:after|since|on from)\b", following, re.I))


def _anniversary_context(sentence: str) -> str:
    return "anniversary" if re.search(r"\banniversar(?:y|ies)\b", sentence, re.I) else ""


def run(corpus: Corpus, settings) -> Corpus:
    window = int(getattr(settings, "news_window_days", 60))
    for article in corpus.articles:
        if article.body and article.sentences:
            article.times = read_times(article, window)
    return corpus


# --------------------------------------------------------------------------- for the event coder

def sentence_date(article: Article, sentence_index: int, near: Optional[int] = None) -> Optional[TimeExpr]:
    """The time expression that dates the event told in one sentence, or None.

    Only expressions in the sentence itself count (dates do not carry over
    from earlier sentences). Among several, a resolved day beats a range and a
    range beats a duration; with ``near`` (the token index of the event's
    trigger) the expression closest to it in the parse wins.
    """
    candidates = [t for t in article.times if t.sentence == sentence_index and t.date is not None]
    if not candidates:
        return None
    if near is not None and article.tokens:
        return min(candidates, key=lambda t: (tree_distance(article, near, t), t.time_precision, t.start))
    return min(candidates, key=lambda t: (t.historical, t.time_precision, t.start))


def tree_distance(article: Article, token_index: int, time: TimeExpr) -> int:
    """Steps through the parse from a token to the nearest token of a time expression (99: unrelated)."""
    tokens = article.tokens
    if not 0 <= token_index < len(tokens):
        return 99
    inside = [t.i for t in tokens if time.start <= t.start < time.end]
    if not inside:
        return 99
    return min(_path_length(tokens, token_index, i) for i in inside)


def _path_length(tokens, a: int, b: int) -> int:
    ancestors_a = _ancestors(tokens, a)
    for steps_b, node in enumerate(_ancestors(tokens, b)):
        if node in ancestors_a:
            return ancestors_a[node] + steps_b
    return 99


def _ancestors(tokens, i: int) -> dict[int, int]:
    seen: dict[int, int] = {}
    steps = 0
    while i not in seen and 0 <= i < len(tokens) and steps < 100:
        seen[i] = steps
        i = tokens[i].head
        steps += 1
    return seen
