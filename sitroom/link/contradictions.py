"""Where sources disagree: figures, denials, who did it.

- figure: two sources give different numbers for the same quantity (the same
  category of casualty) of the same event;
- denial: a party denies what another asserts (in the same or another article);
- attribution: sources name different perpetrators for one event (each party blamed by a
  voice that does not blame the other: "the Front blamed the Guard; the ministry blamed the Front").
An event with a denial or an attribution split is marked disputed.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Optional

from ..model import Article, Claim, Contradiction, Corpus, Event, EventCandidate, Figure, Statement
from ..read.figures import group_family
from .events import attribution_split, perpetrators

NAME = "contradictions"
REQUIRES = {"events"}
PROVIDES = {"contradictions"}
PER_ARTICLE = False
# The readings this stage uses of each stored article (the runner loads no more).
READINGS = ("sentences", "candidates", "claims")

CATEGORY_WORDS = {"killed": "killed", "wounded": "wounded", "arrested": "arrested", "missing": "missing",
                  "displaced": "displaced"}


def run(corpus: Corpus, settings) -> Corpus:
    articles = {a.article_id: a for a in corpus.articles}
    candidates = {c.candidate_id: c for a in corpus.articles for c in a.candidates}
    rows: list[Contradiction] = []
    for event in corpus.events:
        rows += figure_disputes(event, articles)
        rows += attribution_disputes(event, articles, candidates)
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


def denial_disputes(corpus: Corpus, articles: dict[str, Article]) -> list[Contradiction]:
    """Pair each denial with the assertion it answers: an event report or an accusing claim nearby."""
    evidence_at: dict[tuple[str, int], Event] = {}
    for e in corpus.events:
        for ev in e.evidence:
            evidence_at[(ev.article_id, ev.start)] = e
    out = []
    for a in corpus.articles:
        starts = {s.index: s.start for s in a.sentences}
        for denial in (c for c in a.claims if c.kind == "denial"):
            asserted = _assertion_before(a, denial, evidence_at, starts)
            if asserted is None:
                continue
            event, text, start, end, speaker = asserted
            statements = [
                Statement(article_id=a.article_id, text=text, speaker=speaker, outlet=a.outlet, start=start, end=end),
                Statement(article_id=a.article_id, text=denial.text, speaker=denial.speaker, outlet=a.outlet,
                          start=denial.start, end=denial.end),
            ]
            what = event.notes if event else text
            subject = f"{denial.speaker or 'A party'} denies: {what} (asserted by {speaker or 'another source'})"
            out.append(Contradiction("", "denial", subject, event.event_id if event else None, statements))
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
