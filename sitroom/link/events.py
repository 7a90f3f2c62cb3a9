"""Merge event candidates from many reports into events.

Candidates become one event when date (within their precision), place
(compatible in the admin hierarchy or near each other), type and actors agree.
Every merge decision is recorded with its reason so a user can audit and undo
it. Blocking by country and a sliding date window keeps the work linear in the
number of candidates, never all pairs.

How news tells one event, and what the merge reads from it:
- a report joins an event of its own story, or one at the same place on the
  same day; a report that recalls an event told in another story ("last week's
  shelling of X") joins the event at the town it names on a day its date allows
  (``recall_keys``);
- a report without a date of its own goes with the event at the town it names,
  by the means it names, told in the words it shares with other outlets'
  reports, and that its article told just before it;
- an agreement is placed where it was signed: within a story, reports of an
  agreement on one day are one event whatever places they name (the places a
  truce covers are not its place), and the town most articles name places it;
- a report placed only by its article (no place in its sentence) joins its
  story's event of that day by the same means;
- deaths of different kinds of people (guardsmen, drivers) are different events;
- sources that blame different parties make the event disputed
  (``attribution_split``).
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from typing import Optional

from ..model import Article, Corpus, Event, EventCandidate, FieldSource, Figure, Merge
from ..read.figures import group_family

NAME = "link_events"
REQUIRES = {"candidates", "stories", "duplicates"}
PROVIDES = {"events", "merges"}
PER_ARTICLE = False
# The readings this stage uses of each stored article (the runner loads no more).
READINGS = ("sentences", "candidates", "claims")
READS_BODY = False  # the sentences carry the text it compares

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
AGREEMENT = "Agreement"
# The words two reports of one event share; function words and the words every report uses
# whatever it tells (reporting verbs, times) tell no event from another.
POSSESSIVE = re.compile(r"['’]s\b")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
STOP_WORDS = frozenset("""
about above after again against also among amid because been before being below between both could
does doing down during each even every from further have having here into just last least many more
most much must near next once only other over same several should since some such than that their
them then there these they this those though through under until upon very were what when where which
while whom whose will with within without would your said says saying told tell tells report reports
reported according added statement news agency source sources official officials people year years
week weeks month months today yesterday monday tuesday wednesday thursday friday saturday sunday
night morning evening another first second third later earlier still already""".split())
WORDS_ARTICLES = 24   # a report's words are weighed against those of an event's first articles only
UNIDENTIFIED = "Unidentified"


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
    return parse_day(c.event_date or "")


@functools.lru_cache(maxsize=65536)
def parse_day(text: str) -> Optional[dt.date]:
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


def distance_km(a, b) -> Optional[float]:
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
    km = distance_km(a, b)
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


STATE_FORCES = ("Military Forces of ", "Government of ", "Police Forces of ")


def _side(name: str) -> str:
    """A state's government, army and police are one side to an agreement."""
    party = _party(name) or name
    for prefix in STATE_FORCES:
        if party.startswith(prefix):
            return "state of " + party[len(prefix):].split(" (")[0]
    return party


def parties_agree(a, b) -> bool:
    """Two reports of an agreement name its parties in any order and in part: they agree unless
    both name parties and none of them is the same side."""
    pa = {_side(x) for x in (a.actor1, a.actor2) if x}
    pb = {_side(x) for x in (b.actor1, b.actor2) if x}
    return not pa or not pb or bool(pa & pb)


# --------------------------------------------------------------------------- merging

def merge_candidates(candidates: list[EventCandidate], articles: dict[str, Article], settings):
    """Two passes. Dated reports form events, blocked by country and a sliding date window;
    reports without a date of their own (and reports that recall an event told elsewhere) then
    join the event of their article or story they fit, or the event at the place and days they
    name, and stand alone only when they name the means and the place themselves."""
    return _events_and_merges(_merged_groups(candidates, articles, settings))


def _events_and_merges(built: list[tuple[tuple, Event, list[Merge]]]) -> tuple[list[Event], list[Merge]]:
    """Events and their merge records from built groups, in the order the groups were founded."""
    built = sorted(built, key=lambda b: b[0])
    events = sorted((event for _, event, _ in built), key=lambda e: (e.event_date or "", e.event_id))
    return events, [m for _, _, merges in built for m in merges]


def _merged_groups(candidates: list[EventCandidate], articles: dict[str, Article], settings,
                   weights: Optional[dict[str, float]] = None) -> list[tuple[tuple, Event, list[Merge]]]:
    """Each event as (the key that orders its founding, the event, its merge records)."""
    ctx = _Context(articles, int(getattr(settings, "merge_window_days", 1)), candidates, weights)
    # Reports that carry neither their own date nor their own place only join events that
    # better-grounded reports have established; they never found one.
    dated = [c for c in candidates if c.date_source != "published" and
             (c.date_source == "sentence" or c.place_source == "sentence") and
             (c.strength >= 2 or c.actor1 or c.actor2 or c.historical) and not c.reference]
    dated_ids = {c.candidate_id for c in dated}
    undated = [c for c in candidates if c.candidate_id not in dated_ids]
    groups: list[_Group] = []
    reasons: dict[str, tuple[str, float]] = {}
    blocks: dict[tuple, list[EventCandidate]] = defaultdict(list)
    for c in dated:
        blocks[(c.iso or "", c.historical)].append(c)
    for key in sorted(blocks):
        block = sorted(blocks[key], key=_dated_order)
        # A report may join an event of its own story, or one at the same place on the same day
        # (see _fit): index open events by both keys so each report meets only those.
        by_story_open: dict[Optional[str], list[_Group]] = defaultdict(list)
        by_place_day: dict[tuple, list[_Group]] = defaultdict(list)
        for cand in block:
            story = _story_of(cand, articles)
            mine = {id(g) for g in by_story_open[story]}
            pool = by_story_open[story] + [g for g in by_place_day[(cand.location, cand.event_date)]
                                           if id(g) not in mine]
            group, score, reason = _best_group(cand, pool, ctx)
            if group is not None:
                group.append(cand)
                reasons[cand.candidate_id] = (reason, score)
                if id(group) not in mine:
                    by_story_open[story].append(group)
            else:
                group = _Group(cand, ctx)
                group.founded = (0, key, _dated_order(cand))
                groups.append(group)
                by_story_open[story].append(group)
                reasons[cand.candidate_id] = ("first dated report of this event", 1.0)
            by_place_day[(cand.location, cand.event_date)].append(group)
            d = _date(cand)
            if d is not None:  # an anchor further back than any date precision allows can take no more reports
                by_story_open[story] = [g for g in by_story_open[story]
                                        if _date(g[0]) is None or (d - _date(g[0])).days <= ctx.window + MAX_SLACK]
    # Second pass, blocked by story and by week of the event's most precise date, and by the
    # places and days of the events' reports (for a report that recalls an event of another story).
    # key -> {id(group): group}: insertion-ordered, and a group is added once in constant time
    by_story_week: dict[tuple, dict[int, _Group]] = defaultdict(dict)
    at_place_day: dict[tuple, dict[int, _Group]] = defaultdict(dict)

    def index(g: _Group, members) -> None:
        for m in members:
            story = articles[m.article_id].story_id if m.article_id in articles else None
            by_story_week[(story, _week(g.best_dated))][id(g)] = g
            if m.location and m.event_date:
                at_place_day[(m.location, m.event_date)][id(g)] = g

    for g in groups:  # a group that crossed stories is found from each of them
        index(g, g)
    reach = UNDATED_REACH_DAYS // 7 + 2
    # reports that recall an event come last: they meet it with all its own story's reports
    for cand in sorted(undated, key=_undated_order):
        story = _story_of(cand, articles)
        week = _week(cand)
        weeks = [None] if week is None else [None] + list(range(week - reach, week + 2))
        seen, pool = set(), []
        found = [by_story_week.get((story, w), {}) for w in weeks] + \
            [at_place_day.get(key, {}) for key in recall_keys(cand)]
        for g in (g for gs in found for g in gs.values()):
            if id(g) not in seen:
                seen.add(id(g))
                pool.append(g)
        group, score, reason = _best_group(cand, pool, ctx, undated=cand.date_source == "published")
        if group is not None:
            group.append(cand)
            index(group, [cand])
            reasons[cand.candidate_id] = (reason, score)
        elif cand.strength >= 2 and cand.place_source == "sentence" and not cand.historical \
                and cand.date_source == "published" and not cand.reference and (cand.geo_precision or 3) <= 2:
            # without a date of its own, a report founds an event only when it names the town
            groups.append(_Group(cand, ctx))
            groups[-1].founded = (1, _undated_order(cand))
            index(groups[-1], groups[-1])
            reasons[cand.candidate_id] = ("report without a date of its own; dated by publication", 0.5)
    built = []
    for group in groups:
        event = _build_event(group, articles)
        merges = []
        for c in group:
            reason, score = reasons[c.candidate_id]
            merges.append(Merge(event.event_id, c.candidate_id, c.article_id, reason, round(score, 3)))
        built.append((group.founded, event, merges))
    return built


def _dated_order(c: EventCandidate) -> tuple:
    return (c.event_date or "", -c.strength, -SUB_RANK.get(c.sub_event_type, 1), c.candidate_id)


def _undated_order(c: EventCandidate) -> tuple:
    return (c.reference, c.article_id, c.sentence, c.candidate_id)


# --------------------------------------------------------------------------- independent blocks

def blocks(corpus: Corpus) -> list[list[str]]:
    """The articles in groups that no report can cross. A report joins an event of another story
    only at the same place on the same day (``_same_place_and_day``: dated to the day, placed to the
    town, of one event type, at one town or within NEAR_KM / 4) or when it recalls the event at
    the town and day it names (``recall_keys``, looked up by the place and day of the event's
    reports); so a story, the same-day reports near each other, and the reports a recall finds are
    what ties articles together. Linking each group alone, with the word weights of the whole
    corpus, gives the events of linking them all (``link_blocks``); a cluster links them side by side."""
    parent: dict[tuple, tuple] = {}

    def find(x: tuple) -> tuple:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: tuple, b: tuple) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    with_reports = [a for a in corpus.articles if a.candidates]
    at_place_day: dict[tuple, list[tuple]] = defaultdict(list)   # where a recall looks events up
    for a in with_reports:
        node = ("article", a.article_id)
        union(node, ("story", a.story_id or ""))
        for c in a.candidates:
            at_place_day[(c.location, c.event_date)].append(node)
            for key in _same_place_and_day_keys(c):
                union(node, key)
    for a in with_reports:
        for c in a.candidates:
            for location, day in recall_keys(c):
                for other in at_place_day.get((location, day), ()):
                    union(("article", a.article_id), other)
    grouped: dict[tuple, list[str]] = defaultdict(list)
    for a in with_reports:
        grouped[find(("article", a.article_id))].append(a.article_id)
    return sorted(grouped.values(), key=lambda ids: (-len(ids), ids[0]))


CELL_DEGREES = 0.5   # wider than NEAR_KM / 4 in longitude below 79 degrees of latitude


def _same_place_and_day_keys(c: EventCandidate) -> list[tuple]:
    """Keys that two reports ``_same_place_and_day`` can join share: the town's name, or a cell
    of the grid (a report takes its own cell and the eight around it, so two reports closer than
    a cell share one)."""
    if c.date_source == "published" or (c.time_precision or 3) > 1 or (c.geo_precision or 3) > 2:
        return []
    keys = [("same place and day", c.event_date, c.event_type, c.location)]
    if c.latitude is not None and c.longitude is not None:
        row, col = math.floor(c.latitude / CELL_DEGREES), math.floor(c.longitude / CELL_DEGREES)
        keys += [("cell", c.event_date, c.event_type, row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
    return keys


def word_weights(articles: list[Article]) -> dict[str, float]:
    """The weight of each content word over the whole corpus (what _Context computes for its own)."""
    return _Context({a.article_id: a for a in articles}, 0,
                    [c for a in articles for c in a.candidates]).weight


def link_block(articles: list[Article], settings, weights: dict[str, float]) -> list[tuple[tuple, Event, list[Merge]]]:
    """The events of one block (see ``blocks``): plain records, ready to travel back from a worker."""
    by_id = {a.article_id: a for a in articles}
    return _merged_groups([c for a in articles for c in a.candidates], by_id, settings, weights)


def link_blocks(corpus: Corpus, settings, map_blocks=None, block_ids: Optional[list[list[str]]] = None) -> Corpus:
    """``run``, block by block: *map_blocks(function, list of article lists, settings, weights)* runs
    ``link_block`` over the blocks (in this process when None, or on a cluster) and returns the
    results in order; the events and merges are those ``run`` gives."""
    by_id = {a.article_id: a for a in corpus.articles}
    parts = [[by_id[i] for i in ids] for ids in (block_ids if block_ids is not None else blocks(corpus))]
    weights = word_weights(corpus.articles)
    if map_blocks is None:
        results = [link_block(part, settings, weights) for part in parts]
    else:
        results = map_blocks(link_block, parts, settings, weights)
    corpus.events, corpus.merges = _events_and_merges([b for result in results for b in result])
    _link_claims(corpus)
    return corpus


def recall_keys(c: EventCandidate) -> list[tuple[str, str]]:
    """The (location, day) keys of the events a report may join across stories after the first pass:
    a report that recalls an event ("last week's shelling of the market in X") with a date of its
    own (to the day or the week) and a town named in its sentence may join the event at that town
    on any day its date allows. Incremental linking looks stored events up by the same keys."""
    d = _date(c)
    if not _may_recall(c) or d is None:
        return []
    slack = _slack(c.time_precision)
    return [(c.location, (d + dt.timedelta(days=k)).isoformat()) for k in range(-slack, slack + 1)]


def _may_recall(c: EventCandidate) -> bool:
    return bool(c.location and c.date_source != "published" and (c.time_precision or 3) <= 2
                and c.place_source == "sentence" and (c.geo_precision or 3) <= 2 and not c.historical)


class _Context:
    """What weighing a report against an event needs beyond the two: the articles, the date window,
    and the content words of each report's sentence with their weights (a word few articles use
    tells more)."""

    def __init__(self, articles: dict[str, Article], window: int, candidates: list[EventCandidate],
                 weights: Optional[dict[str, float]] = None):
        self.articles = articles
        self.window = window
        self.words: dict[str, frozenset[str]] = {}
        sentence_words: dict[str, dict[int, frozenset[str]]] = {}
        for c in candidates:
            article = articles.get(c.article_id)
            if article is None:
                self.words[c.candidate_id] = frozenset()
                continue
            if c.article_id not in sentence_words:
                sentence_words[c.article_id] = _words_by_sentence(article)
            by_sentence = sentence_words[c.article_id]
            indices = {s.index for s in (article.sentence_at(ev.start) for ev in c.evidence
                                         if ev.article_id == c.article_id) if s is not None} or {c.sentence}
            self.words[c.candidate_id] = frozenset().union(*(by_sentence.get(i, frozenset()) for i in indices))
        if weights is not None:  # a block of a larger corpus weighs words as the whole corpus does
            self.weight = weights
            return
        df: Counter = Counter()
        for by_sentence in sentence_words.values():
            df.update(frozenset().union(*by_sentence.values()) if by_sentence else ())
        n = max(1, len(sentence_words))
        self.weight = {w: math.log((1 + n) / (1 + k)) for w, k in df.items()}

    def similarity(self, cand: EventCandidate, group: _Group) -> float:
        """The weighted share of the report's content words that the event's reports in another
        article use too, for the article that shares most (a large event is weighed on its first
        few articles only, so a report is weighed against it in constant time)."""
        words = self.words.get(cand.candidate_id, frozenset())
        # fsum: a sum over a set in hash order differs in its last bits from run to run, and ties
        # between events must be broken the same way in every process
        total = math.fsum(self.weight.get(w, 0.0) for w in words)
        if not total:
            return 0.0
        best = 0.0
        for aid, theirs in group.words_by_article.items():
            if aid != cand.article_id:
                best = max(best, math.fsum(self.weight.get(w, 0.0) for w in words & theirs))
        return best / total


def _words_by_sentence(article: Article) -> dict[int, frozenset[str]]:
    """Each sentence's content words, read from its text: the parse's tokens do not outlive reading."""
    return {s.index: frozenset(_content_words(s.text)) for s in article.sentences}


def _content_words(text: str) -> set[str]:
    out = set()
    for word in WORD.findall(POSSESSIVE.sub("", text.lower())):
        if len(word) >= 4 and word not in STOP_WORDS:
            out.add(word[:-1] if word.endswith("s") and not word.endswith("ss") else word)
    return out


class _Group(list):
    """An event being built: its reports, with what fitting a new report needs kept up to date,
    so that a report is weighed against a large event in constant time."""

    def __init__(self, first: EventCandidate, ctx: Optional[_Context] = None):
        super().__init__()
        self.ctx = ctx
        self.article_ids: set[str] = set()
        self.by_article: dict[str, list[EventCandidate]] = defaultdict(list)
        self.best_placed: Optional[EventCandidate] = None
        self.best_dated: Optional[EventCandidate] = None
        self.max_strength = 0
        self.families: set[str] = set()
        self.sub_types: set[str] = set()
        self.words_by_article: dict[str, set[str]] = {}   # the first WORDS_ARTICLES articles' words
        self.founded: tuple = ()   # orders the groups as one pass over the whole corpus founds them
        self.append(first)

    def append(self, c: EventCandidate) -> None:
        super().append(c)
        self.article_ids.add(c.article_id)
        self.by_article[c.article_id].append(c)
        self.max_strength = max(self.max_strength, c.strength)
        self.families |= _victim_families(c.figures)
        self.sub_types.add(c.sub_event_type)
        if self.ctx is not None and (c.article_id in self.words_by_article or
                                     len(self.words_by_article) < WORDS_ARTICLES):
            self.words_by_article.setdefault(c.article_id, set()).update(self.ctx.words.get(c.candidate_id, ()))
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
    km = distance_km(a, b)
    return a.location == b.location or (km is not None and km <= NEAR_KM / 4)


def _recalls(cand: EventCandidate, group: _Group) -> bool:
    """A report that recalls an event of another story names its town, and a date of its own that
    allows the event's day (see recall_keys)."""
    if not _may_recall(cand) or cand.location != group.best_placed.location:
        return False
    d, e = _date(cand), _date(group.best_dated)
    return d is not None and e is not None and abs((d - e).days) <= _slack(cand.time_precision)


def _week(c: Optional[EventCandidate]) -> Optional[int]:
    d = _date(c) if c is not None else None
    return d.toordinal() // 7 if d else None


def _best_group(cand, groups, ctx: _Context, undated=False):
    best, best_score, best_reason = None, 0.0, ""
    before = _last_told_before(cand, groups) if undated else None
    for group in groups:
        score, reason = _fit(cand, group, ctx, undated, continues=group is before)
        if score > best_score:
            best, best_score, best_reason = group, score, reason
    return best, best_score, best_reason


def _last_told_before(cand: EventCandidate, groups) -> Optional[_Group]:
    """The event the report's article told last before the report's sentence: a sentence without
    a date of its own most often goes on about it."""
    best, best_sentence = None, -1
    for g in groups:
        for m in g.by_article.get(cand.article_id, ()):
            if best_sentence < m.sentence <= cand.sentence and m is not cand:
                best, best_sentence = g, m.sentence
    return best


def _both_agreements(a: EventCandidate, b: EventCandidate) -> bool:
    return a.sub_event_type == AGREEMENT and b.sub_event_type == AGREEMENT


def _agreement_days(cand: EventCandidate, group: _Group) -> bool:
    """One article telling of an agreement on one day and of its entry into force the next, at the
    town its sentences name, tells of one agreement."""
    if cand.sub_event_type != AGREEMENT or cand.place_source != "sentence" or (cand.geo_precision or 3) > 2:
        return False
    d = _date(cand)
    for m in group.by_article.get(cand.article_id, ()):
        e = _date(m)
        if m.sub_event_type == AGREEMENT and m.location == cand.location and m.place_source == "sentence" \
                and d is not None and e is not None and abs((d - e).days) <= 1:
            return True
    return False


def _same_day(a: EventCandidate, b: EventCandidate) -> bool:
    return (a.date_source != "published" and b.date_source != "published" and a.event_date == b.event_date
            and (a.time_precision or 3) == 1 and (b.time_precision or 3) == 1)


def _fit(cand: EventCandidate, group: _Group, ctx: _Context, undated: bool = False, continues: bool = False):
    """How well a candidate fits an event, judged against the event's first dated report
    (its anchor) so that a chain of near neighbours never drags unrelated reports together."""
    articles, window = ctx.articles, ctx.window
    anchor = group[0]
    if cand.historical != anchor.historical:
        return 0.0, ""
    art_c, art_a = articles.get(cand.article_id), articles.get(anchor.article_id)
    same_article = cand.article_id in group.article_ids
    same_story = bool(art_c and art_a and art_c.story_id and art_c.story_id == art_a.story_id)
    recalled = not (same_article or same_story) and _recalls(cand, group)
    if not (same_article or same_story or recalled or _same_place_and_day(cand, anchor)):
        return 0.0, ""  # across stories only at the same place on a day the report's date allows
    agreement = _both_agreements(cand, anchor) and (same_article or same_story)
    next_day = not undated and _agreement_days(cand, group)
    if undated:
        published = _date(cand)
        d = _date(group.best_dated)  # the event's most precise date
        no_dates = published is None and d is None and same_article
        # an article with no date at all (no manifest, no dateline): its reports of one kind at one
        # place are one event, as a reader would take them
        if not no_dates and (published is None or d is None or
                             not (0 <= (published - d).days <= UNDATED_REACH_DAYS)):
            return 0.0, ""
    elif not (dates_agree(cand, anchor, window) or next_day):
        return 0.0, ""
    if not types_agree(cand, anchor):
        return 0.0, ""
    # Matched against the event's best-located report alone: a large event gathers many places
    # (a town, its province, a neighbouring town), and matching any of them lets chains form.
    ok, why_place = places_agree(cand, group.best_placed)
    fallback = 0.0
    if not ok and agreement and (undated or next_day or _same_day(cand, anchor)) \
            and _same_country(cand, group.best_placed):
        # an agreement is placed where it was signed; one outlet names the town of the talks,
        # another the region the truce covers: within a story, one day's agreement is one event
        ok, why_place = True, f"one agreement reported at {cand.location} and {group.best_placed.location}"
    sibling = undated and any(m.sentence == cand.sentence for m in group.by_article.get(cand.article_id, ()))
    if not ok and sibling and (distance_km(cand, group.best_placed) or REGION_KM + 1) <= REGION_KM:
        # one sentence without a date of its own telling of two nearby places ("positions in the
        # X and Y districts") tells of one event: its reports share the sentence's time
        ok, why_place = True, f"told in the same sentence as this event's report at {group.best_placed.location}"
    if not ok and _placed_by_article_only(cand, group, same_article or same_story):
        # the report's place is only its article's (no place in its sentence): the event of its
        # story on the same day by the same means is the one it tells; never preferred to an event
        # whose place agrees
        ok, why_place, fallback = True, f"placed only by its article at {cand.location}; same day and means", 0.6
    if not ok:
        return 0.0, ""
    if agreement and not undated and not parties_agree(cand, anchor):
        return 0.0, ""
    if not undated and not agreement and not actors_agree(cand, anchor):
        return 0.0, ""  # undated summaries name victims loosely; the victims' kind is weighed below instead
    families = _victim_families(cand.figures)
    if not undated and families and group.families and not families & group.families and "people" not in families | group.families:
        return 0.0, ""  # "three guardsmen killed" and "two drivers shot dead" are two events
    when = ("neither report dated, nor their article" if undated and cand.event_date is None else
            "undated report, published within three weeks after the event" if undated else
            f"dates {cand.event_date} and {anchor.event_date} agree within precision")
    how = 'same article' if same_article else 'same story' if same_story else 'recalled from another story' \
        if recalled else 'same place and day'
    reason = f"{why_place}; {when}; types {cand.sub_event_type} / {anchor.sub_event_type}; {how}"
    if fallback:
        return fallback, reason
    score = 1.0
    if undated:
        # A toll or report without a date of its own usually sums up the story's main event:
        # the one most outlets carry and whose reports name heavy means; better still, the one
        # at the town it names, by the means it names, told in the words it uses.
        score += 0.2 * len(group.article_ids)
        score += 0.3 if group.max_strength >= 3 else 0.0
        # a report that only names an event in passing ("a truce declared after the offensive")
        # is placed by the words and parties it names, not by its article's own events
        score += 0.3 if same_article and not cand.reference else 0.0
        own_town = cand.place_source == "sentence" and cand.location != group.best_placed.location
        score += 0.4 if continues and not own_town else 0.0  # a town of its own says more than its neighbours
        score += 1.0 if sibling else 0.0
        score += 1.0 if cand.location and cand.location == group.best_placed.location else 0.0
        score += 0.3 if cand.sub_event_type in group.sub_types else 0.0
        score += ctx.similarity(cand, group)
        if families and group.families and not families & group.families:
            score -= 1.0  # "200 people killed in the fighting" is not the toll of "four peacekeepers shot"
    else:
        # the same day only counts when both name the day (a week-precise date is its first day)
        score += 0.5 if _same_day(cand, anchor) else 0.0
        score += 0.5 if cand.location == anchor.location else 0.0
        score += 0.3 if cand.sub_event_type == anchor.sub_event_type or \
            (recalled and cand.sub_event_type in group.sub_types) else 0.0
        score += 0.2 if cand.actor1 and cand.actor1 == anchor.actor1 else 0.0
        score += 0.3 if same_article else 0.0
        score += ctx.similarity(cand, group) if recalled or agreement else 0.0
    return score, reason


def _same_country(a: EventCandidate, b: EventCandidate) -> bool:
    return not (a.iso and b.iso and a.iso != b.iso)


def _placed_by_article_only(cand: EventCandidate, group: _Group, same_story: bool) -> bool:
    best = group.best_dated
    return (same_story and cand.place_source == "article" and _same_day(cand, best)
            and cand.sub_event_type in group.sub_types and SUB_RANK.get(cand.sub_event_type, 1) >= 5
            and _same_country(cand, group.best_placed))


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
    place_c = _place_of(group, lead)
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
    # a report that adds the dead of each side ("five soldiers and three militants") gives its total
    totals: dict[str, tuple[int, Optional[int], Optional[int]]] = {}
    for c in group:
        if c.fatalities is not None and sum(f.category == "killed" for f in c.figures) > 1 and \
                c.fatalities > totals.get(c.article_id, (-1, None, None))[0]:
            totals[c.article_id] = (c.fatalities, c.fatalities_low, c.fatalities_high)
    best, low, high = fatality_range(figures, totals)
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
        figures=figures, disputed=any(c.disputed for c in group) or attribution_split(
            group, {s: articles[s].outlet for s in sources if s in articles}),
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


def fatality_range(figures: list[Figure], totals: Optional[dict[str, tuple]] = None
                   ) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """UCDP-style low/best/high across sources; the best value follows ACLED's most conservative rule.

    Each source counts once with its highest killed figure for the event (a later
    sentence may update an earlier one), or with the total it gives by adding the
    dead of each side (*totals*: article id -> best, low, high) when that is
    higher; across sources the best is the lowest.
    """
    per_source: dict[str, tuple[int, int, int]] = {}
    for f in figures:
        if f.category != "killed" or f.best is None or f.historical:
            continue
        value = (f.best, f.low if f.low is not None else f.best, f.high if f.high is not None else f.best)
        cur = per_source.get(f.article_id)
        if cur is None or value[0] > cur[0]:
            per_source[f.article_id] = value
    for article_id, (best, low, high) in (totals or {}).items():
        if article_id in per_source and best > per_source[article_id][0]:
            per_source[article_id] = (best, low if low is not None else best, high if high is not None else best)
    if not per_source:
        return None, None, None
    return (min(v[0] for v in per_source.values()), min(v[1] for v in per_source.values()),
            max(v[2] for v in per_source.values()))


def _victim_families(figures) -> set[str]:
    return {group_family(f) for f in figures if f.category == "killed" and not f.historical}


def _place_of(group: list[EventCandidate], lead: EventCandidate) -> EventCandidate:
    """The report whose place names the event: the most precise one told in its own sentence.
    An agreement is placed where it was signed, which its reports name more often than any one
    of the places it covers: the town most articles name in the sentence that reports it."""
    placed = sorted(group, key=lambda c: (c.place_source != "sentence", c.geo_precision or 3,
                                          0 if c.latitude is not None else 1))
    if lead.sub_event_type != AGREEMENT:
        return placed[0]
    named: dict[str, set[str]] = defaultdict(set)
    for c in group:
        if c.place_source == "sentence" and c.location and c.date_source != "published":
            named[c.location].add(c.article_id)
    if not named:
        return placed[0]
    rank = {c.location: i for i, c in reversed(list(enumerate(placed)))}
    town = max(named, key=lambda loc: (len(named[loc]), -rank.get(loc, 0)))
    return next(c for c in placed if c.location == town)


def perpetrators(group: list[EventCandidate], outlets: Optional[dict[str, Optional[str]]] = None
                 ) -> dict[str, dict[str, list[EventCandidate]]]:
    """Who the reports of a violent event say did it: party -> voice -> reports.

    A voice is whoever the report quotes (or its outlet when it quotes no one). Counted: reports
    whose trigger says what was done (not only that people died), that name a known party (an
    unidentified group blames no one), and that are not a denial (whoever denies names the party
    it clears, not the one it blames), nor a passing mention of the event (a reference)."""
    out: dict[str, dict[str, list[EventCandidate]]] = defaultdict(lambda: defaultdict(list))
    for c in group:
        if c.event_type not in VIOLENT or not c.actor1 or c.actor1.startswith(UNIDENTIFIED) \
                or c.trigger in WEAK_TRIGGERS or c.source_kind == "denial" or c.historical or c.reference:
            continue
        voice = c.source_speaker or (outlets or {}).get(c.article_id) or c.article_id
        out[_party(c.actor1)][voice].append(c)
    return out


def attribution_split(group: list[EventCandidate], outlets: Optional[dict[str, Optional[str]]] = None) -> bool:
    """Sources name different perpetrators: at least two parties, each blamed by a voice that
    does not blame the other (one voice naming both is a sequence of events, not a dispute)."""
    named = perpetrators(group, outlets)
    if len(named) < 2:
        return False
    voices = {party: set(by_voice) for party, by_voice in named.items()}
    only = {party: vs - set().union(*(v for p, v in voices.items() if p != party)) for party, vs in voices.items()}
    return sum(1 for vs in only.values() if vs) >= 2


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
