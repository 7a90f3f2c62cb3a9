"""Relative and absolute date expressions against sitroom.read.times.resolve; prints accuracy and every miss.

    python bench/dates.py [--verbose]

The table is our own: each row is (expression, publication date, expected first
day, expected last day or None, expected ACLED time precision or None, future).
Expectations follow the conventions written in sitroom/read/times.py:
- a bare weekday is the most recent such day on or before publication ("on
  Wednesday" in a Wednesday paper is today); "last <weekday>" is strictly before;
- in a clause about what is to come (future=True) a bare weekday is the next one;
- "last week" is the previous Monday-Sunday; "earlier this month" runs from the
  1st to publication; a day-month without a year is the most recent such day on
  or before publication, so "14 June" in January is last year's;
- "overnight" is the publication day (the night that ends in the morning
  paper), "last night" the day before;
- nothing is made up: without a publication date a relative expression stays None.
Target: 100 %.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitroom.read.times import resolve  # noqa: E402

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Case:
    text: str
    published: Optional[str]
    date: Optional[str]
    end: Optional[str] = None
    precision: Optional[int] = None
    future: bool = False
    part: Optional[str] = None


def most_recent(pub: date, weekday: int, strictly_before: bool = False) -> date:
    back = (pub.weekday() - weekday) % 7
    return pub - timedelta(days=7 if strictly_before and back == 0 else back)


def weekday_cases() -> list[Case]:
    """Every weekday name on every weekday of publication (the week of Monday 4 March 2024)."""
    out = []
    for p in range(7):
        pub = date(2024, 3, 4) + timedelta(days=p)
        for w, name in enumerate(WEEKDAYS):
            out.append(Case(f"on {name}", pub.isoformat(), most_recent(pub, w).isoformat(), None, 1))
            out.append(Case(f"last {name}", pub.isoformat(), most_recent(pub, w, True).isoformat(), None, 1))
            ahead = pub + timedelta(days=(w - pub.weekday()) % 7)
            out.append(Case(f"on {name}", pub.isoformat(), ahead.isoformat(), None, 1, future=True))
    return out


# Publication Wednesday 6 March 2024 unless the row says otherwise.
WED = "2024-03-06"
FIXED: tuple[Case, ...] = (
    Case("yesterday", WED, "2024-03-05", None, 1),
    Case("yesterday", "2024-03-01", "2024-02-29", None, 1),          # leap day
    Case("yesterday", "2024-01-01", "2023-12-31", None, 1),          # year boundary
    Case("yesterday evening", WED, "2024-03-05", None, 1, part="evening"),
    Case("the day before yesterday", WED, "2024-03-04", None, 1),
    Case("today", WED, WED, None, 1),
    Case("two days ago", WED, "2024-03-04", None, 1),
    Case("2 days ago", "2024-01-01", "2023-12-30", None, 1),
    Case("three days ago", "2024-03-01", "2024-02-27", None, 1),
    Case("a week ago", WED, "2024-02-28", None, 2),
    Case("last week", WED, "2024-02-26", "2024-03-03", 2),
    Case("last week", "2024-01-03", "2023-12-25", "2023-12-31", 2),  # year boundary
    Case("earlier this week", "2024-03-07", "2024-03-04", "2024-03-07", 2),
    Case("last weekend", WED, "2024-03-02", "2024-03-03", 2),
    Case("earlier this month", "2024-03-20", "2024-03-01", "2024-03-20", 3),
    Case("earlier this month", "2024-01-09", "2024-01-01", "2024-01-09", 3),
    Case("last month", "2024-01-15", "2023-12-01", "2023-12-31", 3),
    Case("early March", "2024-03-20", "2024-03-01", "2024-03-10", 2),
    Case("late December", "2024-01-05", "2023-12-21", "2023-12-31", 2),
    Case("on 14 June", "2024-01-10", "2023-06-14", None, 1),         # across the year boundary
    Case("on 14 June", "2024-06-20", "2024-06-14", None, 1),
    Case("14 June 2022", "2024-01-10", "2022-06-14", None, 1),
    Case("on June 14", "2024-01-10", "2023-06-14", None, 1),
    Case("28 December", "2024-01-03", "2023-12-28", None, 1),
    Case("Jan. 5", "2024-01-10", "2024-01-05", None, 1),
    Case("Jan. 5", "2024-03-01", "2024-01-05", None, 1),
    Case("Jan. 5, 2023", "2024-03-01", "2023-01-05", None, 1),
    Case("Sept. 30", "2024-10-02", "2024-09-30", None, 1),
    Case("Dec. 31", "2024-01-02", "2023-12-31", None, 1),
    Case("Monday, June 3", "2024-06-05", "2024-06-03", None, 1),
    Case("1 March", "2024-03-01", "2024-03-01", None, 1),
    Case("overnight", WED, WED, None, 1, part="night"),
    Case("last night", WED, "2024-03-05", None, 1, part="night"),
    Case("late last night", WED, "2024-03-05", None, 1),
    Case("Tuesday night", WED, "2024-03-05", None, 1, part="night"),
    Case("on Tuesday night", WED, "2024-03-05", None, 1, part="night"),
    Case("late Tuesday", WED, "2024-03-05", None, 1),
    Case("early on Monday", WED, "2024-03-04", None, 1),
    Case("Monday morning", WED, "2024-03-04", None, 1, part="morning"),
    Case("on Wednesday morning", WED, WED, None, 1, part="morning"),
    Case("Sunday night", "2024-03-04", "2024-03-03", None, 1, part="night"),  # the weekend just gone
    Case("this morning", WED, WED, None, 1, part="morning"),
    Case("next Monday", WED, "2024-03-11", None, 1),
    Case("Saturday", "2024-03-04", "2024-03-02", None, 1),
    Case("2024-02-29", WED, "2024-02-29", None, 1),
    Case("in 2020", WED, "2020-01-01", "2020-12-31", 3),
    Case("the 1990s", WED, "1990-01-01", "1999-12-31", 3),
    # Spellings news copy uses for the same days.
    Case("Thursday's", "2024-03-08", "2024-03-07", None, 1),
    Case("Tues.", WED, "2024-03-05", None, 1),
    Case("earlier on Tuesday", WED, "2024-03-05", None, 1),
    Case("in the early hours of Sunday", "2024-03-04", "2024-03-03", None, 1),
    Case("last Friday night", WED, "2024-03-01", None, 1, part="night"),
    Case("this past weekend", WED, "2024-03-02", "2024-03-03", 2),
    Case("the previous week", WED, "2024-02-26", "2024-03-03", 2),
    Case("10 days ago", WED, "2024-02-25", None, 1),
    Case("mid-March", "2024-03-25", "2024-03-11", "2024-03-20", 2),
    Case("December 31st", "2024-01-02", "2023-12-31", None, 1),
    Case("the 5th of January", "2024-01-10", "2024-01-05", None, 1),
    Case("yesterday", None, None),                                    # no publication date: no guess
    Case("on Tuesday", None, None),
    Case("last week", None, None),
    Case("two-day", WED, None),                                       # a duration, not a date
    Case("24-hour", WED, None),
)


def all_cases() -> list[Case]:
    return weekday_cases() + list(FIXED)


def check(case: Case) -> Optional[str]:
    """None when resolve agrees with the row; else what differs."""
    got_date, got_end, got_precision, got_part = resolve(case.text, case.published, future=case.future)
    wrong = []
    if got_date != case.date:
        wrong.append(f"date {got_date} != {case.date}")
    if case.end is not None and got_end != case.end:
        wrong.append(f"end {got_end} != {case.end}")
    if case.date is not None and case.precision is not None and got_precision != case.precision:
        wrong.append(f"precision {got_precision} != {case.precision}")
    if case.part is not None and got_part != case.part:
        wrong.append(f"part {got_part} != {case.part}")
    return "; ".join(wrong) or None


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verbose", action="store_true", help="print every row, not only the misses")
    args = ap.parse_args(argv)
    cases = all_cases()
    misses = 0
    for case in cases:
        problem = check(case)
        misses += problem is not None
        if problem or args.verbose:
            pub = date.fromisoformat(case.published).strftime("%a %Y-%m-%d") if case.published else "no date"
            mode = " (future)" if case.future else ""
            print(f"{'MISS' if problem else 'ok  '} {case.text!r:<26} published {pub}{mode}: {problem or case.date}")
    print(f"\ndates: {len(cases) - misses}/{len(cases)} right ({(len(cases) - misses) / len(cases):.1%}); "
          f"target 100%")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
