"""Merge event candidates from many reports into events.

Candidates become one event when date (within their precision), place
(compatible in the admin hierarchy or near each other), type and actors agree.
Every merge decision is recorded with its reason so a user can audit and undo
it. Blocking by country and a sliding date window keeps the work linear in the
number of candidates, never all pairs.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
from collections import Counter, defaultdict
from typing import Optional

from ..model import Article, Corpus, Event, EventCandidate, FieldSource, Figure, Merge
from ..read.figures import group_family

NAME = "link_events"
REQUIRES = {"candidates", "stories", "duplicates"}
PROVIDES = {"events", "merges"}
PER_ARTICLE = False

WEAK_TRIGGERS = {"kill", "die", "dead", "death", "wound", "injure", "casualty", "block", "blockade", "evacuate",
                 "evacuation"}
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# Sub-event types ranked by how much they say about the means; the most specific one names the merged event.
SUB_RANK = {"Air/drone strike": 5, "Shelling/artillery/missile attack": 5, "Remote explosive/landmine/IED": 5,
            "Suicide bomb": 5, "Grenade": 5, "Chemical weapon": 5, "Government regains territory": 4,
            "Non-state actor overtakes territory": 4, "Protest with intervention": 4,
            "Excessive force against protesters": 4, "Attack": 3, "Armed clash": 2, "Peaceful protest": 2}
UNDATED_REACH_DAYS = 21   # an undated report may name an event of its story up to three weeks before publication
NEAR_KM = 40.0
REGION_KM = 120.0


def run(corpus: Corpus, settings) -> Corpus:
    articles = {a.article_id: a for a in corpus.articles}
    candidates = [c for a in corpus.articles for c in a.candidates]
    events, merges = merge_candidates(candidates, articles, settings)
    corpus.events = events
    corpus.merges = merges
    _link_claims(corpus)
    return corpus


# --------------------------------------------------------------------------- compatibility

def _date(c) -> Optional[dt.date]:
    return _parse_day(c.event_date or "")


@functools.lru_cache(maxsize=65536)
def _parse_day(text: str) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


SLACK_DAYS = {1: 0, 2: 3, 3: 15}
MAX_SLACK = max(SLACK_DAYS.values())


def _slack(precision: Optional[int]) -> int:
    return SLACK_DAYS.get(precision or 3, MAX_SLACK)


def dates_agree(a, b, window: int) -> bool:
    da, db = _date(a), _date(b)
    if da is None or db is None:
        return da is None and db is None
    return abs((da - db).days) <= window + max(_slack(a.time_precision), _slack(b.time_precision))


def _km(a, b) -> Optional[float]:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def places_agree(a, b) -> tuple[bool, str]:
    if a.location and a.location == b.location:
        return True, f"same place ({a.location})"
    if a.iso and b.iso and a.iso != b.iso:
        return False, "different countries"
    coarse = max(a.geo_precision or 3, b.geo_precision or 3)
    for x, y in ((a, b), (b, a)):
        if x.location and x.location in (y.admin1, y.admin2, y.admin3):
            return True, f"{y.location} lies in {x.location}"
        if _country_level(x) and x.iso and x.iso == y.iso:
            return True, f"{y.location} lies in {x.location}"
    km = _km(a, b)
    if km is not None:
        limit = NEAR_KM if coarse <= 2 else REGION_KM  # "near X" is still a town, not a province
        if km <= limit:
            return True, f"{a.location} and {b.location} are {km:.0f} km apart"
        return False, f"{km:.0f} km apart"
    return False, "places unknown"


def _country_level(c) -> bool:
    """"Armenia", or "United States (US)" as the report wrote it."""
    return bool(c.location and c.country and (c.location == c.country or c.location.startswith(c.country + " (")))


def types_agree(a, b) -> bool:
    """One report's "shelling" is another's "fighting": the violent types fold into one event;
    the most specific report names it."""
    if a.event_type == b.event_type:
        return True
    if {a.event_type, b.event_type} == {"Protests", "Riots"}:
        return True  # one outlet's protest is another's riot
    if {a.sub_event_type, b.sub_event_type} & {"Arrests"} and {a.event_type, b.event_type} == {"Protests", "Strategic developments"}:
        return True  # arrests at a protest are the protest's intervention
    return a.event_type in VIOLENT and b.event_type in VIOLENT


def _party(name: Optional[str]) -> Optional[str]:
    """"Military Forces of X - Rural Guard" and "... - National Rural Guard" are one party."""
    return name.split(" - ")[0] if name else None


def actors_agree(a, b) -> bool:
    """Reports that name opposite perpetrators may still be one event (an attribution dispute),
    but explicit, different targets are different events (peacekeepers shot at vs. a town shelled)."""
    a1, a2, b1, b2 = _party(a.actor1), _party(a.actor2), _party(b.actor1), _party(b.actor2)
    if a2 and b2 and a2 != b2 and a1 != b2 and b1 != a2:
        return False
    return True


# --------------------------------------------------------------------------- merging

def merge_candidates(candidates: list[EventCandidate], articles: dict[str, Article], settings):
    """Two passes. Dated reports form events, blocked by country and a sliding date window;
    reports without a date of their own then join the event of their article or story they fit,
    and stand alone only when they name the means and the place themselves."""
    window = int(getattr(settings, "merge_window_days", 1))
    # Reports that carry neither their own date nor their own place only join events that
    # better-grounded reports have established; they never found one.
    dated = [c for c in candidates if c.date_source != "published" and
             (c.date_source == "sentence" or c.place_source == "sentence") and
             (c.strength >= 2 or c.actor1 or c.actor2 or c.historical) and not c.reference]
    dated_ids = {c.candidate_id for c in dated}
    undated = [c for c in candidates if c.candidate_id not in dated_ids]
    groups: list[list[EventCandidate]] = []
    reasons: dict[str, tuple[str, float]] = {}
    blocks: dict[tuple, list[EventCandidate]] = defaultdict(list)
    for c in dated:
        blocks[(c.iso or "", c.historical)].append(c)
    for key in sorted(blocks):
        block = sorted(blocks[key], key=lambda c: (c.event_date or "", -c.strength,
                                                    -SUB_RANK.get(c.sub_event_type, 1), c.candidate_id))
        # A report may join an event of its own story, or one at the same place on the same day
        # (see _fit): index open events by both keys so each report meets only those.
        by_story_open: dict[Optional[str], list[list[EventCandidate]]] = defaultdict(list)
        by_place_day: dict[tuple, list[list[EventCandidate]]] = defaultdict(list)
        for cand in block:
            story = _story_of(cand, articles)
            mine = {id(g) for g in by_story_open[story]}
            pool = by_story_open[story] + [g for g in by_place_day[(cand.location, cand.event_date)]
                                           if id(g) not in mine]
            group, score, reason = _best_group(cand, pool, articles, window)
            if group is not None:
                group.append(cand)
                reasons[cand.candidate_id] = (reason, score)
                if id(group) not in mine:
                    by_story_open[story].append(group)
            else:
                group = _Group(cand)
                groups.append(group)
                by_story_open[story].append(group)
                reasons[cand.candidate_id] = ("first dated report of this event", 1.0)
            by_place_day[(cand.location, cand.event_date)].append(group)
            d = _date(cand)
            if d is not None:  # events far behind the window can take no more members
                # an anchor further back than any date precision allows can take no more reports
                by_story_open[story] = [g for g in by_story_open[story]
                                        if _date(g[0]) is None or (d - _date(g[0])).days <= window + MAX_SLACK]
    # Second pass, blocked by story and by week of the event's most precise date.
    by_story_week: dict[tuple, list[_Group]] = defaultdict(list)

    def index(g: _Group) -> None:
        for story in {articles[m.article_id].story_id if m.article_id in articles else None for m in g}:
            by_story_week[(story, _week(g.best_dated))].append(g)

    for g in groups:  # a group that crossed stories is found from each of them
        index(g)
    reach = UNDATED_REACH_DAYS // 7 + 2
    for cand in sorted(undated, key=lambda c: (c.article_id, c.candidate_id)):
        story = _story_of(cand, articles)
        week = _week(cand)
        weeks = [None] if week is None else [None] + list(range(week - reach, week + 2))
        seen, pool = set(), []
        for w in weeks:
            for g in by_story_week.get((story, w), []):
                if id(g) not in seen:
                    seen.add(id(g))
                    pool.append(g)
        group, score, reason = _best_group(cand, pool, articles, window,
                                           undated=cand.date_source == "published")
        if group is not None:
            group.append(cand)
            reasons[cand.candidate_id] = (reason, score)
        elif cand.strength >= 2 and cand.place_source == "sentence" and not cand.historical \
                and cand.date_source == "published" and not cand.reference and (cand.geo_precision or 3) <= 2:
            # without a date of its own, a report founds an event only when it names the town
            groups.append(_Group(cand))
            index(groups[-1])
            reasons[cand.candidate_id] = ("report without a date of its own; dated by publication", 0.5)
    events, merges = [], []
    for group in groups:
        event = _build_event(group, articles)
        events.append(event)
        for c in group:
            reason, score = reasons[c.candidate_id]
            merges.append(Merge(event.event_id, c.candidate_id, c.article_id, reason, round(score, 3)))
    events.sort(key=lambda e: (e.event_date or "", e.event_id))
    return events, merges


class _Group(list):
    """An event being built: its reports, with what fitting a new report needs kept up to date,
    so that a report is weighed against a large event in constant time."""

    def __init__(self, first: EventCandidate):
        super().__init__()
        self.article_ids: set[str] = set()
        self.best_placed: Optional[EventCandidate] = None
        self.best_dated: Optional[EventCandidate] = None
        self.max_strength = 0
        self.families: set[str] = set()
        self.append(first)

    def append(self, c: EventCandidate) -> None:
        super().append(c)
        self.article_ids.add(c.article_id)
        self.max_strength = max(self.max_strength, c.strength)
        self.families |= _victim_families(c.figures)
        placed_key = lambda m: (m.place_source != "sentence", m.geo_precision or 3)  # noqa: E731
        if self.best_placed is None or placed_key(c) < placed_key(self.best_placed):
            self.best_placed = c
        dated_key = lambda m: (m.time_precision or 3, m.event_date or "")  # noqa: E731
        if self.best_dated is None or dated_key(c) < dated_key(self.best_dated):
            self.best_dated = c


def _story_of(c: EventCandidate, articles: dict[str, Article]) -> Optional[str]:
    article = articles.get(c.article_id)
    return article.story_id if article else None


def _same_place_and_day(a: EventCandidate, b: EventCandidate) -> bool:
    if a.date_source == "published" or b.date_source == "published":
        return False
    if a.event_date != b.event_date or (a.time_precision or 3) > 1 or (b.time_precision or 3) > 1:
        return False
    if a.event_type != b.event_type or (a.geo_precision or 3) > 2 or (b.geo_precision or 3) > 2:
        return False
    km = _km(a, b)
    return a.location == b.location or (km is not None and km <= NEAR_KM / 4)


def _week(c: Optional[EventCandidate]) -> Optional[int]:
    d = _date(c) if c is not None else None
    return d.toordinal() // 7 if d else None


def _best_group(cand, groups, articles, window, undated=False):
    best, best_score, best_reason = None, 0.0, ""
    for group in groups:
        score, reason = _fit(cand, group, articles, window, undated)
        if score > best_score:
            best, best_score, best_reason = group, score, reason
    return best, best_score, best_reason


def _fit(cand: EventCandidate, group: list[EventCandidate], articles, window: int, undated: bool = False):
    """How well a candidate fits an event, judged against the event's first dated report
    (its anchor) so that a chain of near neighbours never drags unrelated reports together."""
    anchor = group[0]
    if cand.historical != anchor.historical:
        return 0.0, ""
    art_c, art_a = articles.get(cand.article_id), articles.get(anchor.article_id)
    same_article = cand.article_id in group.article_ids
    same_story = bool(art_c and art_a and art_c.story_id and art_c.story_id == art_a.story_id)
    if not (same_article or same_story or _same_place_and_day(cand, anchor)):
        return 0.0, ""  # across stories only when the place and the day are the same
    if undated:
        published = _date(cand)
        d = _date(group.best_dated)  # the event's most precise date
        if published is None or d is None or not (0 <= (published - d).days <= UNDATED_REACH_DAYS):
            return 0.0, ""
    elif not dates_agree(cand, anchor, window):
        return 0.0, ""
    if not types_agree(cand, anchor):
        return 0.0, ""
    # Matched against the event's best-located report alone: a large event gathers many places
    # (a town, its province, a neighbouring town), and matching any of them lets chains form.
    ok, why_place = places_agree(cand, group.best_placed)
    if not ok:
        return 0.0, ""
    if not undated and not actors_agree(cand, anchor):
        return 0.0, ""  # undated summaries name victims loosely; the victims' kind is weighed below instead
    score = 1.0
    if undated:
        # A toll or report without a date of its own usually sums up the story's main event:
        # the one most outlets carry and whose reports name heavy means.
        score += 0.2 * len(group.article_ids)
        score += 0.3 if group.max_strength >= 3 else 0.0
        score += 0.3 if same_article else 0.0
        families = _victim_families(cand.figures)
        if families and group.families and not families & group.families:
            score -= 1.0  # "200 people killed in the fighting" is not the toll of "four peacekeepers shot"
    else:
        score += 0.5 if cand.event_date == anchor.event_date else 0.0
        score += 0.5 if cand.location == anchor.location else 0.0
        score += 0.3 if cand.sub_event_type == anchor.sub_event_type else 0.0
        score += 0.2 if cand.actor1 and cand.actor1 == anchor.actor1 else 0.0
        score += 0.3 if same_article else 0.0
    when = ("undated report, published within three weeks after the event" if undated else
            f"dates {cand.event_date} and {anchor.event_date} agree within precision")
    reason = (f"{why_place}; {when}; types {cand.sub_event_type} / {anchor.sub_event_type}; "
              f"{'same article' if same_article else 'same story'}")
    return score, reason


def _most_common(values):
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -values.index(v)))


def _build_event(group: list[EventCandidate], articles: dict[str, Article]) -> Event:
    from .dedup import independent_outlets  # late import: dedup owns the notion of a copy

    # The report that names the event: told in the outlet's own voice or a neutral source's
    # rather than as one party's accusation, then the most specific about the means.
    lead = max(group, key=lambda c: (c.event_type != "Strategic developments" or all(
                   m.event_type == "Strategic developments" for m in group),
                                     c.source_kind not in ("accusation", "denial", "claim"),
                                     SUB_RANK.get(c.sub_event_type, 1) if c.trigger not in WEAK_TRIGGERS else 0,
                                     -(c.time_precision or 3), -(c.geo_precision or 3)))
    dated = sorted((c for c in group if c.event_date), key=lambda c: (c.time_precision or 3, c.event_date))
    date_c = dated[0] if dated else lead
    placed = sorted(group, key=lambda c: (c.place_source != "sentence", c.geo_precision or 3,
                                          0 if c.latitude is not None else 1))
    place_c = placed[0]
    event_id = "ev" + hashlib.sha1(min(c.candidate_id for c in group).encode()).hexdigest()[:12]
    sources = sorted({c.article_id for c in group})
    outlets = sorted({(articles[s].outlet if s in articles else None) or "unknown outlet" for s in sources})
    try:
        independent = independent_outlets(sources, Corpus(articles=[articles[s] for s in sources if s in articles]))
    except Exception:  # dedup not run: distinct outlets is the best we know
        independent = outlets
    # The report that names the event names its actors; the others fill what it leaves open.
    voiced = [c for c in group if c.source_kind not in ("accusation", "denial")] or group
    actor1 = lead.actor1 or _most_common([c.actor1 for c in voiced]) or _most_common([c.actor1 for c in group])
    actor2 = (lead.actor2 if lead.actor2 != actor1 else None) or \
        _most_common([c.actor2 for c in voiced if c.actor2 != actor1]) or \
        _most_common([c.actor2 for c in group if c.actor2 != actor1])
    sub_type = lead.sub_event_type
    arrested = any(f.category == "arrested" for c in group for f in c.figures) or \
        any(c.sub_event_type == "Arrests" for c in group)
    if lead.event_type == "Protests" and arrested and sub_type == "Peaceful protest":
        sub_type = "Protest with intervention"  # arrests reported at the protest
        if actor2 is None and place_c.country:
            actor2 = f"Police Forces of {place_c.country}"
    if actor2 is None and lead.event_type == "Strategic developments":
        # the other party to an agreement is whoever else the reports name first
        actor2 = _most_common([c.actor1 for c in group if c.actor1 and _party(c.actor1) != _party(actor1)])
    figures = [f for c in group for f in c.figures]
    best, low, high = fatality_range(figures)
    field_sources = []
    for c in group:
        outlet = articles[c.article_id].outlet if c.article_id in articles else None
        for name in ("event_date", "location", "actor1", "actor2", "sub_event_type"):
            value = getattr(c, name)
            if value is not None:
                field_sources.append(FieldSource(name, value, c.article_id, outlet, c.source_speaker))
        for f in c.figures:
            if f.category == "killed":
                field_sources.append(FieldSource("fatalities", f.best, c.article_id, outlet, f.source))
    evidence, seen = [], set()
    for c in sorted(group, key=lambda c: c.candidate_id):
        for ev in c.evidence:
            key = (ev.article_id, ev.start)
            if key not in seen:
                seen.add(key)
                evidence.append(ev)
    stories = Counter(articles[s].story_id for s in sources if s in articles and articles[s].story_id)
    event = Event(
        event_id=event_id, event_date=date_c.event_date, event_type=lead.event_type,
        sub_event_type=sub_type, actor1=actor1,
        assoc_actor_1=_most_common([c.assoc_actor_1 for c in group if c.assoc_actor_1 not in (actor1, actor2)]),
        actor2=actor2, assoc_actor_2=_most_common([c.assoc_actor_2 for c in group if c.assoc_actor_2 not in (actor1, actor2)]),
        location=place_c.location, admin1=place_c.admin1, admin2=place_c.admin2, admin3=place_c.admin3,
        country=place_c.country, iso=place_c.iso, latitude=place_c.latitude, longitude=place_c.longitude,
        geo_precision=place_c.geo_precision, time_precision=date_c.time_precision,
        fatalities=best if best is not None else 0, fatalities_low=low, fatalities_high=high,
        sources=sources, outlets=outlets, sources_count=len(independent), evidence=evidence,
        candidate_ids=sorted(c.candidate_id for c in group), field_sources=field_sources,
        figures=figures, disputed=any(c.disputed for c in group) or _attribution_split(group),
        historical=all(c.historical for c in group),
        story_id=stories.most_common(1)[0][0] if stories else None)
    from ..extract.events import describe
    event.notes = describe(EventCandidate(candidate_id="", article_id="", event_type=event.event_type,
                                          sub_event_type=event.sub_event_type, event_date=event.event_date,
                                          actor1=event.actor1, actor2=event.actor2, location=event.location,
                                          country=event.country, fatalities=event.fatalities,
                                          disputed=event.disputed))
    if low is not None and high is not None and low != high:
        event.notes += f" Reported fatalities range from {low} to {high} across sources."
    return event


def fatality_range(figures: list[Figure]) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """UCDP-style low/best/high across sources; the best value follows ACLED's most conservative rule.

    Each source counts once with its highest killed figure for the event (a later
    sentence may update an earlier one); across sources the best is the lowest.
    """
    per_source: dict[str, Figure] = {}
    for f in figures:
        if f.category != "killed" or f.best is None or f.historical:
            continue
        cur = per_source.get(f.article_id)
        if cur is None or (f.best or 0) > (cur.best or 0):
            per_source[f.article_id] = f
    if not per_source:
        return None, None, None
    bests = [f.best for f in per_source.values()]
    lows = [f.low if f.low is not None else f.best for f in per_source.values()]
    highs = [f.high if f.high is not None else f.best for f in per_source.values()]
    return min(bests), min(lows), max(highs)


def _victim_families(figures) -> set[str]:
    return {group_family(f) for f in figures if f.category == "killed" and not f.historical}


def _attribution_split(group: list[EventCandidate]) -> bool:
    named = {c.actor1 for c in group if c.actor1 and c.trigger not in WEAK_TRIGGERS}
    victims = {c.actor2 for c in group if c.actor2}
    return len(named) > 1 and bool(named & victims)


def _link_claims(corpus: Corpus) -> None:
    """A claim is about the event whose evidence shares its sentence (or the sentence next to it)."""
    by_sentence: dict[tuple[str, int], str] = {}
    for e in corpus.events:
        for ev in e.evidence:
            by_sentence[(ev.article_id, ev.start)] = e.event_id
    for a in corpus.articles:
        starts = {s.index: s.start for s in a.sentences}
        for c in a.claims:
            for j in (c.sentence, c.sentence - 1, c.sentence + 1):
                eid = by_sentence.get((a.article_id, starts.get(j, -1)))
                if eid:
                    c.event_id = eid
                    break
