"""Where sources disagree: figures, denials, who did it.

- figure: two sources give different numbers for the same quantity (the same
  category of casualty) of the same event;
- denial: a party denies what another asserts (in the same or another article);
- attribution: sources name different perpetrators for one event (each party blamed by a
  voice that does not blame the other: "the Front blamed the Guard; the ministry blamed the Front");
- timing: reports of one event name different days, each in its own words ("on Monday" in one
  outlet, "on Tuesday" in another), not dates inferred from publication;
- place: reports of one event name different towns for it, none of them naming the other's.
An event with a denial or an attribution split is marked disputed; a timing or place
disagreement is shown but does not mark it (the merge already judged the reports compatible).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Optional

from ..model import Article, Claim, Contradiction, Corpus, Event, EventCandidate, Figure, Statement
from ..read.figures import group_family
from .events import attribution_split, distance_km, parse_day, perpetrators

NAME = "contradictions"
REQUIRES = {"events"}
PROVIDES = {"contradictions"}
PER_ARTICLE = False
# The readings this stage uses of each stored article (the runner loads no more).
READINGS = ("sentences", "candidates", "claims")
READS_BODY = False  # the sentences carry the text it compares

TOWN_PRECISION = 1    # ACLED's geo_precision for a named town or village
SAME_PLACE_KM = 5.0   # two names this close are one place told two ways (a village and its district seat)

CATEGORY_WORDS = {"killed": "killed", "wounded": "wounded", "arrested": "arrested", "missing": "missing",
                  "displaced": "displaced"}


def run(corpus: Corpus, settings) -> Corpus:
    articles = {a.article_id: a for a in corpus.articles}
    candidates = {c.candidate_id: c for a in corpus.articles for c in a.candidates}
    rows: list[Contradiction] = []
    for event in corpus.events:
        rows += figure_disputes(event, articles)
        rows += attribution_disputes(event, articles, candidates)
        group = [candidates[cid] for cid in event.candidate_ids if cid in candidates]
        rows += timing_disputes(event, group, articles)
        rows += place_disputes(event, group, articles)
    rows += next_day_disputes(corpus.events, articles, candidates)
    rows += denial_disputes(corpus, articles)
    seen, unique = set(), []
    for row in rows:
        key = (row.kind, row.event_id, tuple(sorted((s.article_id, s.start or -1, s.value or -1) for s in row.statements)))
        if key not in seen:
            seen.add(key)
            unique.append(row)
    for row in unique:
        row.contradiction_id = "k" + hashlib.sha1(repr(sorted(
            (s.article_id, s.start or -1, s.text, s.value) for s in row.statements)).encode()
            + row.kind.encode() + row.subject.encode()).hexdigest()[:12]
    events = {e.event_id: e for e in corpus.events}
    for row in unique:
        if row.kind in ("denial", "attribution") and row.event_id in events:
            events[row.event_id].disputed = True
    corpus.contradictions = unique
    return corpus


def _outlet(articles: dict[str, Article], article_id: str) -> Optional[str]:
    a = articles.get(article_id)
    return a.outlet if a else None


def _sentence_text(articles: dict[str, Article], f: Figure) -> tuple[str, int, int]:
    a = articles.get(f.article_id)
    if a:
        s = a.sentence_at(f.start)
        if s:
            return s.text, s.start, s.end
    return f.text, f.start, f.end


def figure_disputes(event: Event, articles: dict[str, Article]) -> list[Contradiction]:
    """Different numbers for the same quantity of one event, one statement per source and value."""
    out = []
    by_category: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in event.figures:
        if f.best is not None and not f.historical:
            by_category[(f.category, group_family(f))].append(f)
    for (category, family), figures in by_category.items():
        per_source: dict[tuple[str, int], Figure] = {}
        for f in figures:
            per_source.setdefault((f.article_id, f.best), f)
        sources = {a for a, _ in per_source}
        values = {v for _, v in per_source}
        if len(values) < 2 or len(sources) < 2:
            continue
        # One statement per source and value: an article that carries both sides' numbers
        # ("the ministry said three; the Front said seven") shows the dispute by itself.
        largest = per_source
        statements = []
        for f in sorted(largest.values(), key=lambda f: (articles[f.article_id].published or "" if f.article_id in articles else "", f.article_id, f.best)):
            text, start, end = _sentence_text(articles, f)
            statements.append(Statement(article_id=f.article_id, text=text, speaker=f.source,
                                        outlet=_outlet(articles, f.article_id), value=f.best, start=start, end=end))
        values_text = " vs ".join(f"{s.value} ({s.outlet or 'unknown outlet'}{', ' + s.speaker if s.speaker else ''})"
                                  for s in statements)
        who = "" if family == "people" else f" ({family})"
        subject = (f"Number {CATEGORY_WORDS.get(category, category)}{who} in: {event.notes or event.event_id}"
                   f" — {values_text}")
        out.append(Contradiction("", "figure", subject, event.event_id, statements))
    return out


def attribution_disputes(event: Event, articles: dict[str, Article],
                         candidates: Optional[dict[str, EventCandidate]] = None) -> list[Contradiction]:
    """Sources name different perpetrators of one event (see link.events.attribution_split):
    one statement per party and voice, the report's own words."""
    if candidates is None:
        candidates = {c.candidate_id: c for a in articles.values() for c in a.candidates}
    group = [candidates[cid] for cid in event.candidate_ids if cid in candidates]
    outlets = {aid: _outlet(articles, aid) for aid in event.sources}
    if not attribution_split(group, outlets):
        return []
    statements = []
    for party, by_voice in sorted(perpetrators(group, outlets).items()):
        for voice, reports in sorted(by_voice.items()):
            c = min(reports, key=lambda c: (c.article_id, c.candidate_id))
            ev = next((e for e in c.evidence if e.article_id == c.article_id), None)
            statements.append(Statement(article_id=c.article_id, text=ev.text if ev else party,
                                        speaker=c.source_speaker, outlet=_outlet(articles, c.article_id),
                                        start=ev.start if ev else None, end=ev.end if ev else None))
    parties = " / ".join(sorted(perpetrators(group, outlets)))
    subject = f"Who did it: {parties} — {event.notes or event.event_id}"
    return [Contradiction("", "attribution", subject, event.event_id, statements)]


def _told_by_article(group: list[EventCandidate], told) -> dict[str, list[EventCandidate]]:
    """The reports of an event that tell *told* in their own sentence, by article."""
    by_article: dict[str, list[EventCandidate]] = defaultdict(list)
    for c in group:
        if not c.historical and not c.reference and told(c):
            by_article[c.article_id].append(c)
    return by_article


def _statement(c: EventCandidate, articles: dict[str, Article]) -> Statement:
    ev = next((e for e in c.evidence if e.article_id == c.article_id), None)
    return Statement(article_id=c.article_id, text=ev.text if ev else (c.notes or ""), speaker=c.source_speaker,
                     outlet=_outlet(articles, c.article_id), start=ev.start if ev else None,
                     end=ev.end if ev else None)


def timing_disputes(event: Event, group: list[EventCandidate], articles: dict[str, Article]) -> list[Contradiction]:
    """Articles that each name one day for the event, and not the same day. An article naming two
    days (a raid that ran overnight) disagrees with nobody."""
    by_article = _told_by_article(group, lambda c: c.date_source == "sentence" and (c.time_precision or 3) == 1
                                  and c.event_date)
    days = {aid: {c.event_date for c in cs} for aid, cs in by_article.items()}
    single = {aid: next(iter(d)) for aid, d in days.items() if len(d) == 1}
    if len(set(single.values())) < 2:
        return []
    statements = [_statement(min(by_article[aid], key=lambda c: c.candidate_id), articles)
                  for aid in sorted(single, key=lambda a: (single[a], a))]
    told = " vs ".join(f"{single[s.article_id]} ({s.outlet or 'unknown outlet'})" for s in statements)
    return [Contradiction("", "timing", f"When: {told} — {event.notes or event.event_id}", event.event_id,
                          statements)]


def next_day_disputes(events: list[Event], articles: dict[str, Article],
                      candidates: dict[str, EventCandidate]) -> list[Contradiction]:
    """Two events of one story, of one kind at one town, a day apart, each told by outlets that do
    not tell the other: events dated to the day never merge across days (merge_window_days), so
    "on Monday" in one outlet and "on Tuesday" in another for one shelling stand as two events;
    this row says they may be one."""
    by_key: dict[tuple, list[Event]] = defaultdict(list)
    for e in events:
        if not e.historical and e.story_id and e.location and e.event_date and e.time_precision == 1:
            by_key[(e.story_id, e.location, e.sub_event_type)].append(e)
    out = []
    for group in by_key.values():
        group.sort(key=lambda e: (e.event_date, e.event_id))
        for first, second in zip(group, group[1:]):
            d1, d2 = parse_day(first.event_date), parse_day(second.event_date)
            if d1 is None or d2 is None or (d2 - d1).days != 1 or set(first.outlets) & set(second.outlets):
                continue
            reports = [_own_day_report(e, candidates) for e in (first, second)]
            if None in reports:
                continue
            statements = [_statement(c, articles) for c in reports]
            told = " vs ".join(f"{e.event_date} ({', '.join(e.outlets)})" for e in (first, second))
            subject = f"When: {told} — perhaps one event: {first.notes or first.event_id}"
            out.append(Contradiction("", "timing", subject, first.event_id, statements))
    return out


def _own_day_report(event: Event, candidates: dict[str, EventCandidate]) -> Optional[EventCandidate]:
    told = [candidates[cid] for cid in event.candidate_ids if cid in candidates
            and candidates[cid].date_source == "sentence" and candidates[cid].event_date == event.event_date]
    return min(told, key=lambda c: c.candidate_id) if told else None


def place_disputes(event: Event, group: list[EventCandidate], articles: dict[str, Article]) -> list[Contradiction]:
    """Articles that name a town for the event in their own sentence, where no town one names is
    within a few kilometres of a town the other names. Not for developments: an agreement is told
    at the town where it was signed by one outlet and at the towns it covers by another."""
    if event.event_type == "Strategic developments":
        return []
    by_article = _told_by_article(group, lambda c: c.place_source == "sentence" and c.location
                                  and (c.geo_precision or 3) == TOWN_PRECISION)
    # Towns within a few kilometres of each other are one place; an article names a set of places, and
    # two articles disagree when their sets share none. Comparing the few distinct sets, not every pair
    # of articles, keeps an event told by hundreds of outlets cheap.
    town_of = _town_clusters({c.location: c for cs in by_article.values() for c in cs})
    named_by = {aid: frozenset(town_of[c.location] for c in cs) for aid, cs in by_article.items()}
    sets = list(set(named_by.values()))
    apart_sets = {s for s in sets if any(not s & other for other in sets)}
    apart = {aid for aid, named in named_by.items() if named in apart_sets}
    if not apart:
        return []
    reports, named = [], set()
    for aid in sorted(apart):  # one statement per town named
        c = min(by_article[aid], key=lambda c: c.candidate_id)
        if c.location not in named:
            named.add(c.location)
            reports.append(c)
    statements = [_statement(c, articles) for c in reports]
    told = " vs ".join(f"{c.location} ({s.outlet or 'unknown outlet'})" for c, s in zip(reports, statements))
    return [Contradiction("", "place", f"Where: {told} — {event.notes or event.event_id}", event.event_id,
                          statements)]


def _town_clusters(towns: dict[str, EventCandidate]) -> dict[str, int]:
    """Each town name's cluster: names joined when their reports lie within SAME_PLACE_KM."""
    names = sorted(towns)
    cluster = {name: k for k, name in enumerate(names)}
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            km = distance_km(towns[a], towns[b])
            if km is not None and km <= SAME_PLACE_KM and cluster[a] != cluster[b]:
                old, new = cluster[b], cluster[a]
                cluster = {n: new if k == old else k for n, k in cluster.items()}
    return cluster


def denial_disputes(corpus: Corpus, articles: dict[str, Article]) -> list[Contradiction]:
    """Pair each denial with the assertion it answers: an event report or an accusing claim nearby."""
    evidence_at: dict[tuple[str, int], Event] = {}
    for e in corpus.events:
        for ev in e.evidence:
            evidence_at[(ev.article_id, ev.start)] = e
    out = []
    for a in corpus.articles:
        starts = {s.index: s.start for s in a.sentences}
        # One party answering one assertion is one dispute, however many sentences the denial takes
        # ("X denied it. 'Not a shot was fired,' X said."): its later words join the same row.
        answered: dict[tuple[int, Optional[str]], Contradiction] = {}
        for denial in (c for c in a.claims if c.kind == "denial"):
            asserted = _assertion_before(a, denial, evidence_at, starts)
            if asserted is None:
                continue
            event, text, start, end, speaker = asserted
            said = Statement(article_id=a.article_id, text=denial.text, speaker=denial.speaker, outlet=a.outlet,
                             start=denial.start, end=denial.end)
            row = answered.get((start, denial.speaker))
            if row is not None:
                if not any(s.start <= said.start and said.end <= s.end for s in row.statements[1:]):
                    row.statements.append(said)
                continue
            statements = [
                Statement(article_id=a.article_id, text=text, speaker=speaker, outlet=a.outlet, start=start, end=end),
                said,
            ]
            what = event.notes if event else text
            subject = f"{denial.speaker or 'A party'} denies: {what} (asserted by {speaker or 'another source'})"
            answered[(start, denial.speaker)] = row = Contradiction(
                "", "denial", subject, event.event_id if event else None, statements)
            out.append(row)
    return out


def _assertion_before(article: Article, denial: Claim, evidence_at, starts):
    """The nearest earlier sentence (up to three back) that reports an event or makes an accusation."""
    for j in range(denial.sentence, max(-1, denial.sentence - 4), -1):
        start = starts.get(j)
        if start is None:
            continue
        sent = article.sentences[j]
        event = evidence_at.get((article.article_id, start))
        accusing = next((c for c in article.claims if c.sentence == j and c.kind in ("accusation", "claim")
                         and c.claim_id != denial.claim_id and c.speaker != denial.speaker), None)
        if j == denial.sentence and event is None:
            continue  # the denial's own sentence only counts when it carries the event report
        if event is not None or accusing is not None:
            speaker = accusing.speaker if accusing else _speaker_of_sentence(article, j)
            if speaker and denial.speaker and speaker == denial.speaker:
                continue
            return event, sent.text, sent.start, sent.end, speaker
    return None


def _speaker_of_sentence(article: Article, index: int) -> Optional[str]:
    for c in article.claims:
        if c.sentence == index and c.speaker:
            return c.speaker
    return None
