"""Stories: articles that cover the same real-world story, across outlets.

Two articles are alike when their words are (TF-IDF cosine of title and body),
when they name the same people, groups and places (IDF-weighted overlap of
entity keys from ``article.mentions`` and ``article.places``, when a reader
filled them), when they report one same event (an event candidate of a
compatible kind, on the same day, at the same place: partisan outlets tell
one shelling in words that share little) and when they were published close
together: articles further apart than ``settings.story_window_days`` never
share a story, and the similarity of nearer ones fades a little with the gap.

Candidate pairs come from blocks of articles inside one date window (a sparse
matrix product per block, each article keeping its nearest neighbours), so
the cost grows with articles times neighbours, not with all pairs. Clusters
are built by average linkage over those pairs, where a pair that is not a
candidate counts as zero similarity: a chain of loosely related articles then
has a low average and does not fuse into one story. Syndicated copies
(``article.duplicate_of``) always join their original's story.

``story_id`` is derived from the story's earliest article, so the same input
gives the same ids, and an incremental ``assign`` keeps the ids of stories
that gain articles.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import heapq
import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Article, Corpus, EventCandidate, EventSignal, Story, StoryCues

NAME = "stories"
REQUIRES = {"body", "cues", "duplicates"}
PROVIDES = {"stories"}
# The readings of an article its story features and title use: what a run loads of the store. Its
# cues stand for its mentions, places, dates and candidates (link/cues.py reads them per article).
READINGS = ("cues",)
PER_ARTICLE = False

log = logging.getLogger(__name__)

# Names of who and where; dates and numbers say nothing about which story it is.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"})
TITLE_REPEAT = 2           # a headline states the story: count its words twice
ENTITY_WEIGHT = 0.3        # share of the pair score given to shared names, when both articles have names
DATE_DECAY = 0.3           # a pair at the edge of the window keeps 1 - DATE_DECAY of its similarity
EDGE_FLOOR = 0.02          # pairs below this add nothing to an average: not kept as candidates
MAX_NEIGHBOURS = 100       # per article, so a huge window cannot make the pair list quadratic
EVENT_WEIGHT = 0.3         # added to a pair's score when both articles report one event (same kind, day, place)
ROW_CHUNK = 256
COL_CHUNK = 8192
TITLE_WORDS = 14           # a title made from a body's first sentence is cut to this many words

_WORD = r"(?u)\b[^\W\d_]{2,}\b"  # letters only: numbers and years join unrelated stories
_SPACES = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s$")


# --------------------------------------------------------------------------- per-article features

def article_text(article: Article) -> str:
    title = (article.title or "").strip()
    body = article.body or ""
    if title and body.lstrip().startswith(title):
        return body  # the body already opens with its headline
    return "\n".join([title] * TITLE_REPEAT + [body]) if title else body


def normalise_name(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower().strip(" \t\n\"'“”‘’.,;:()")
    folded = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", _SPACES.sub(" ", folded)))
    return folded.strip()


def story_cues(article: Article) -> StoryCues:
    """Read off an article's readings what story linking compares (see StoryCues)."""
    keys = {normalise_name(m.text) for m in (article.mentions or []) if m.label in ENTITY_LABELS}
    keys |= {normalise_name(p.name) for p in (article.places or []) if p.name}
    towns = {(round(p.latitude, 4), round(p.longitude, 4)) for p in article.places or []
             if p.latitude is not None and p.longitude is not None and p.kind == POPULATED}
    signals = {s for s in (event_signal(c) for c in (article.candidates or [])) if s is not None}
    counts = Counter(d for d in (parse_day(t.date) for t in (article.times or []) if not t.historical)
                     if d is not None)
    return StoryCues(entities=sorted(k for k in keys if len(k) > 1), towns=[list(t) for t in sorted(towns)],
                     events=sorted(signals, key=_signal_order),
                     dated_day=min(counts, key=lambda d: (-counts[d], d)) if counts else None,
                     lead=first_sentence(article))


def cues_of(article: Article) -> StoryCues:
    # an article straight from the readers (a test, a library caller) has its readings, not yet its cues
    return article.cues if article.cues is not None else story_cues(article)


def entity_keys(article: Article) -> frozenset[str]:
    """Who and where the article names: entity mentions and gazetteer places, normalised."""
    return frozenset(cues_of(article).entities)


def parse_day(value: Optional[str]) -> Optional[int]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def article_day(article: Article) -> Optional[int]:
    """Publication day; without one, the day the article's current (not historical) dates point to most."""
    day = parse_day(article.published)
    return day if day is not None else cues_of(article).dated_day


# --------------------------------------------------------------------------- the events an article reports

# Outlets code one incident differently (a shelled market is "Explosions" to one,
# "Violence against civilians" to another), so kinds within a family still agree.
VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
UNREST = frozenset({"Protests", "Riots"})
SAME_KIND, SAME_TYPE, SAME_FAMILY = 1.0, 0.8, 0.5
SAME_TOWN_KM = 15.0        # two reports placed this close name one place
NEAR_KM = 50.0             # ... this close, a place "near" the other (ACLED's geo_precision 2)
NEAR, SAME_REGION = 0.5, 0.4
DAY_SLACK = 1              # a night attack is "Sunday" to one outlet and "Monday" to another
WEEK_SLACK = 3             # a report dated only roughly (precision 2) still meets one within this many days
ROUGH_DATE = 0.5
REGION_PRECISION = 3       # ACLED geo_precision of a place known only to its region
MENTIONED = 0.5            # one outlet places the event where the other only names a town
POPULATED = "populated place"
CELL_DEGREES = 0.3         # town look-up grid: a town SAME_TOWN_KM away is in a neighbouring cell (up to 60° latitude)

Towns = dict  # grid cell -> (latitude, longitude) of the towns an article names there


def event_signal(candidate: EventCandidate) -> Optional[EventSignal]:
    """The signal of a current event the article itself reports; None for history and for
    references to events told elsewhere (those link to another story, not this one)."""
    if candidate.historical or candidate.reference:
        return None
    day = parse_day(candidate.event_date)
    if day is None or candidate.time_precision > 2:
        return None
    return EventSignal(candidate.event_type, candidate.sub_event_type, day, candidate.time_precision <= 1,
                       candidate.latitude, candidate.longitude, candidate.admin1,
                       (candidate.geo_precision or 1) >= REGION_PRECISION)


def town_cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / CELL_DEGREES), math.floor(longitude / CELL_DEGREES)


def mentioned_towns(article: Article) -> Towns:
    """Where the towns the article names lie, by grid cell (regions and countries left out: their centre is no place)."""
    by_cell: dict[tuple[int, int], set] = defaultdict(set)
    for latitude, longitude in cues_of(article).towns:
        by_cell[town_cell(latitude, longitude)].add((latitude, longitude))
    return {cell: tuple(sorted(points)) for cell, points in sorted(by_cell.items())}


def event_signals(article: Article) -> tuple[EventSignal, ...]:
    return tuple(cues_of(article).events)


def _signal_order(s: EventSignal) -> tuple:
    # every field: the signals come out of a set, and two that tie on the key would keep the set's order,
    # which changes with the interpreter's hash seed (a Dask worker's differs from the run's)
    return (s.day, s.event_type, s.sub_event_type, s.admin1 or "", s.latitude or 0.0, s.longitude or 0.0,
            s.region_only, s.precise_day)


def kind_agreement(a: EventSignal, b: EventSignal) -> float:
    if a.event_type == b.event_type:
        if a.sub_event_type == b.sub_event_type:
            return SAME_KIND
        # "Strategic developments" is a catch-all: an arrest and an agreement are not one event
        return 0.0 if a.event_type not in VIOLENCE | UNREST else SAME_TYPE
    for family in (VIOLENCE, UNREST):
        if a.event_type in family and b.event_type in family:
            return SAME_FAMILY
    return 0.0


def day_agreement(a: EventSignal, b: EventSignal) -> float:
    gap = abs(a.day - b.day)
    if a.precise_day and b.precise_day:
        return 1.0 if gap <= DAY_SLACK else 0.0
    return ROUGH_DATE if gap <= WEEK_SLACK else 0.0


KM_PER_DEGREE = 111.2      # of latitude


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    half = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, half)))


def distance_km(a: EventSignal, b: EventSignal) -> Optional[float]:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return km_between(a.latitude, a.longitude, b.latitude, b.longitude)


def place_agreement(a: EventSignal, b: EventSignal) -> float:
    if a.region_only or b.region_only:  # a region's centre says nothing about distance
        return SAME_REGION if a.admin1 and a.admin1 == b.admin1 else 0.0
    if a.latitude is None or b.latitude is None or abs(a.latitude - b.latitude) * KM_PER_DEGREE > NEAR_KM:
        return 0.0
    km = distance_km(a, b)
    if km is None:
        return 0.0
    return 1.0 if km <= SAME_TOWN_KM else NEAR if km <= NEAR_KM else 0.0


def names_the_place(signal: EventSignal, towns: Towns) -> bool:
    """Whether an article names a town where the other article places the event."""
    if signal.region_only or signal.latitude is None or signal.longitude is None or not towns:
        return False
    row, col = town_cell(signal.latitude, signal.longitude)
    return any(km_between(signal.latitude, signal.longitude, lat, lon) <= SAME_TOWN_KM
               for dr in (-1, 0, 1) for dc in (-1, 0, 1) for lat, lon in towns.get((row + dr, col + dc), ()))


def event_agreement(a: EventSignal, b: EventSignal, a_towns: Optional[Towns] = None,
                    b_towns: Optional[Towns] = None) -> float:
    """1 when two reports plainly tell one event; less as kind, day or place grow vaguer.

    Outlets place one event differently (the town where a truce was signed, the
    region it covers): a report placed where the other article names a town
    still half agrees.
    """
    score = kind_agreement(a, b)
    if score:
        score *= day_agreement(a, b)
    if not score:
        return 0.0
    place = place_agreement(a, b)
    if place < MENTIONED and (names_the_place(a, b_towns or {}) or names_the_place(b, a_towns or {})):
        place = MENTIONED
    return score * place


def event_similarity(a: Sequence[EventSignal], b: Sequence[EventSignal], a_towns: Optional[Towns] = None,
                     b_towns: Optional[Towns] = None) -> float:
    """How plainly two articles report one same event: the best agreement of their events.

    Both lists are sorted by day, so each event meets only the other's events a few days around it.
    """
    if not a or not b:
        return 0.0
    b_days = [s.day for s in b]
    best = 0.0
    for s in a:
        lo = bisect.bisect_left(b_days, s.day - WEEK_SLACK)
        hi = bisect.bisect_right(b_days, s.day + WEEK_SLACK)
        for t in b[lo:hi]:
            best = max(best, event_agreement(s, t, a_towns, b_towns))
            if best >= 1.0:
                return best
    return best


@dataclass
class Features:
    """What the similarity needs of each article, row i for article_ids[i]."""
    article_ids: list[str]
    matrix: sparse.csr_matrix          # L2-normalised TF-IDF rows
    days: list[Optional[int]]
    entities: list[frozenset[str]]
    entity_weight: dict[str, float]    # IDF of each entity key
    events: list[tuple[EventSignal, ...]] = dataclasses.field(default_factory=list)
    towns: list[Towns] = dataclasses.field(default_factory=list)

    def __len__(self) -> int:
        return len(self.article_ids)


def fit_features(articles: Sequence[Article]) -> Features:
    texts = [article_text(a) for a in articles]
    vectorizer = TfidfVectorizer(token_pattern=_WORD, stop_words="english", strip_accents="unicode",
                                 sublinear_tf=True, dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no text at all (every body empty): nothing to compare
        matrix = sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    entities = [entity_keys(a) for a in articles]
    df = Counter(k for keys in entities for k in keys)
    n = len(articles)
    weight = {k: math.log((1 + n) / (1 + c)) + 1.0 for k, c in df.items()}
    return Features([a.article_id for a in articles], matrix, [article_day(a) for a in articles], entities, weight,
                    [event_signals(a) for a in articles], [mentioned_towns(a) for a in articles])


# --------------------------------------------------------------------------- pair scores

def entity_similarity(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> Optional[float]:
    """IDF-weighted Jaccard of two name sets; None when either article has no names."""
    if not a or not b:
        return None
    # fsum: exact whatever the order the sets give their keys in (it varies between processes)
    union = math.fsum(weight.get(k, 1.0) for k in a | b)
    return math.fsum(weight.get(k, 1.0) for k in a & b) / union if union else 0.0


def combine(cosine: float, entity: Optional[float], day_a: Optional[int], day_b: Optional[int],
            window: int, event: float = 0.0) -> Optional[float]:
    """The pair score, or None when the dates are too far apart for one story.

    One event reported by both is added on top of the words: partisan outlets
    tell the same shelling in different vocabularies, and the words alone then
    fall short.
    """
    score = text_score(cosine, entity) + EVENT_WEIGHT * event
    if day_a is not None and day_b is not None:
        gap = abs(day_a - day_b)
        if gap > window:
            return None
        score *= 1 - DATE_DECAY * (gap / window if window > 0 else 0.0)
    return score


def text_score(cosine: float, entity: Optional[float]) -> float:
    return cosine if entity is None else (1 - ENTITY_WEIGHT) * cosine + ENTITY_WEIGHT * entity


def events_of(features: Features, i: int) -> tuple[EventSignal, ...]:
    return features.events[i] if i < len(features.events) else ()


def towns_of(features: Features, i: int) -> Towns:
    return features.towns[i] if i < len(features.towns) else {}


def event_score(features: Features, i: int, j: int) -> float:
    return event_similarity(events_of(features, i), events_of(features, j), towns_of(features, i),
                            towns_of(features, j))


def pair_score(features: Features, i: int, j: int, window: int) -> Optional[float]:
    cosine = float(features.matrix[i].multiply(features.matrix[j]).sum())
    entity = entity_similarity(features.entities[i], features.entities[j], features.entity_weight)
    event = event_score(features, i, j)
    return combine(cosine, entity, features.days[i], features.days[j], window, event)


def _blocks(features: Features, rows: Sequence[int], cols: Sequence[int], window: int):
    """(row indices, column indices) blocks: dated rows meet only columns within the window."""
    dated_cols = sorted((features.days[c], c) for c in cols if features.days[c] is not None)
    col_days = np.array([d for d, _ in dated_cols], dtype=np.int64)
    undated_cols = [c for c in cols if features.days[c] is None]
    dated_rows = sorted((features.days[r], r) for r in rows if features.days[r] is not None)
    for k in range(0, len(dated_rows), ROW_CHUNK):
        chunk = dated_rows[k:k + ROW_CHUNK]
        lo = np.searchsorted(col_days, chunk[0][0] - window, side="left")
        hi = np.searchsorted(col_days, chunk[-1][0] + window, side="right")
        yield [r for _, r in chunk], [c for _, c in dated_cols[lo:hi]] + undated_cols
    undated_rows = [r for r in rows if features.days[r] is None]
    for k in range(0, len(undated_rows), ROW_CHUNK):
        yield undated_rows[k:k + ROW_CHUNK], list(cols)


def _row_candidates(features: Features, i: int, cosines: np.ndarray, cols: np.ndarray, all_days: np.ndarray,
                    window: int, floor: float, max_neighbours: int,
                    event_cache: Optional[dict[tuple[int, int], float]] = None) -> list[tuple[float, int]]:
    """(score, j) for one row's columns: date gate and decay in bulk, then names for the most promising."""
    hits = np.nonzero(cosines >= floor * 0.5)[0]  # names may lift a weak text pair: look a bit lower
    hits = hits[cols[hits] != i]
    if not hits.size:
        return []
    factor = np.ones(hits.size)
    if features.days[i] is not None:
        gap = np.abs(all_days[cols[hits]] - features.days[i])   # NaN for undated columns: no gate
        keep = ~(gap > window)
        hits, gap = hits[keep], gap[keep]
        factor = np.where(np.isnan(gap), 1.0, 1.0 - DATE_DECAY * (gap / window if window > 0 else 0.0))
    rough = cosines[hits] * factor
    if hits.size > 2 * max_neighbours:
        top = np.argpartition(-rough, 2 * max_neighbours)[:2 * max_neighbours]
        hits, factor, rough = hits[top], factor[top], rough[top]
    mine = features.entities[i]
    my_events = events_of(features, i)
    out = []
    for pos, f, r in zip(hits.tolist(), factor.tolist(), rough.tolist()):
        j = int(cols[pos])
        entity = entity_similarity(mine, features.entities[j], features.entity_weight) if mine else None
        event = 0.0
        if my_events and events_of(features, j):
            key = (min(i, j), max(i, j))  # each pair is met from both of its rows: score it once
            if event_cache is None or key not in event_cache:
                event = event_score(features, i, j)
                if event_cache is not None:
                    event_cache[key] = event
            else:
                event = event_cache[key]
        score = (text_score(float(cosines[pos]), entity) + EVENT_WEIGHT * event) * f
        if score >= floor:
            out.append((score, j))
    return out


def candidate_pairs(features: Features, window: int, rows: Optional[Sequence[int]] = None,
                    cols: Optional[Sequence[int]] = None, floor: float = EDGE_FLOOR,
                    max_neighbours: int = MAX_NEIGHBOURS) -> dict[tuple[int, int], float]:
    """(i, j) with i < j → pair score, for each row's nearest columns inside the date window."""
    n = len(features)
    rows = list(range(n)) if rows is None else list(rows)
    cols = list(range(n)) if cols is None else list(cols)
    X = features.matrix
    all_days = np.array([np.nan if d is None else float(d) for d in features.days])
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    event_cache: dict[tuple[int, int], float] = {}
    for row_ids, col_ids in _blocks(features, rows, cols, window):
        if not col_ids:
            continue
        left = X[row_ids]
        for c0 in range(0, len(col_ids), COL_CHUNK):
            chunk_cols = np.array(col_ids[c0:c0 + COL_CHUNK])
            sims = (left @ X[chunk_cols].T).toarray()
            for r_pos, i in enumerate(row_ids):
                best[i].extend(_row_candidates(features, i, sims[r_pos], chunk_cols, all_days, window, floor,
                                               max_neighbours, event_cache))
    pairs: dict[tuple[int, int], float] = {}
    for i, found in best.items():
        found.sort(key=lambda sj: (-sj[0], sj[1]))
        for score, j in found[:max_neighbours]:
            pairs[(min(i, j), max(i, j))] = score
    return pairs


# --------------------------------------------------------------------------- average linkage

@dataclass
class _Cluster:
    members: list[int]
    lo: Optional[int]
    hi: Optional[int]
    story: Optional[int] = None        # index of the existing story this cluster extends, if any


def _span_after_merge(a: _Cluster, b: _Cluster) -> Optional[int]:
    days = [d for d in (a.lo, a.hi, b.lo, b.hi) if d is not None]
    return max(days) - min(days) if days else None


def average_linkage(n: int, pairs: dict[tuple[int, int], float], threshold: float, days: Sequence[Optional[int]],
                    window: int, groups: Sequence[Sequence[int]] = (),
                    extra_span: Sequence[tuple[Optional[int], Optional[int]]] = ()) -> list[_Cluster]:
    """Merge the two clusters with the highest average pair score until none reaches *threshold*.

    A missing pair counts as 0. Two clusters whose dates would span more than
    *window* days never merge. *groups* are existing stories (node lists):
    they may absorb new nodes but never merge with one another. *extra_span*
    widens each group's date span (dates of members not among the nodes).
    """
    clusters: dict[int, _Cluster] = {}
    node_cluster: dict[int, int] = {}
    for g, nodes in enumerate(groups):
        lo_hi = [days[x] for x in nodes if days[x] is not None]
        if g < len(extra_span):
            lo_hi += [d for d in extra_span[g] if d is not None]
        clusters[g] = _Cluster(list(nodes), min(lo_hi, default=None), max(lo_hi, default=None), story=g)
        for x in nodes:
            node_cluster[x] = g
    next_id = len(clusters)
    for x in range(n):
        if x not in node_cluster:
            clusters[next_id] = _Cluster([x], days[x], days[x])
            node_cluster[x] = next_id
            next_id += 1

    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), score in sorted(pairs.items()):
        a, b = node_cluster[i], node_cluster[j]
        if a != b:
            links[a][b] = links[a].get(b, 0.0) + score
            links[b][a] = links[b].get(a, 0.0) + score

    def average(a: int, b: int) -> float:
        return links[a].get(b, 0.0) / (len(clusters[a].members) * len(clusters[b].members))

    heap = [(-average(a, b), a, b) for a in sorted(links) for b in sorted(links[a]) if a < b]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in clusters or b not in clusters:
            continue  # one side was merged away since this entry was pushed
        if -neg < threshold:
            break
        ca, cb = clusters[a], clusters[b]
        if ca.story is not None and cb.story is not None:
            continue
        span = _span_after_merge(ca, cb)
        if span is not None and span > window:
            continue  # spans only widen, so this pair can never merge later either
        merged = _Cluster(sorted(ca.members + cb.members),
                          min((d for d in (ca.lo, cb.lo) if d is not None), default=None),
                          max((d for d in (ca.hi, cb.hi) if d is not None), default=None),
                          story=ca.story if ca.story is not None else cb.story)
        c = next_id
        next_id += 1
        del clusters[a], clusters[b]
        clusters[c] = merged
        combined: dict[int, float] = {}
        for old in (a, b):
            for other, s in links.pop(old, {}).items():
                if other in (a, b):
                    continue
                links[other].pop(old, None)
                combined[other] = combined.get(other, 0.0) + s
        links[c] = combined
        for other in sorted(combined):
            links[other][c] = combined[other]
            heapq.heappush(heap, (-average(c, other), other, c))
    return [clusters[k] for k in sorted(clusters)]


# --------------------------------------------------------------------------- stories from clusters

def story_id_for(earliest_article_id: str) -> str:
    return "s" + hashlib.sha1(earliest_article_id.encode("utf-8")).hexdigest()[:15]


def earliest_key(article: Article) -> tuple:
    return (article.published is None, article.published or "", article.article_id)


def story_dates(articles: Iterable[Article]) -> tuple[Optional[str], Optional[str]]:
    dates = sorted(a.published[:10] for a in articles if parse_day(a.published) is not None)
    return (dates[0], dates[-1]) if dates else (None, None)


def first_sentence(article: Article) -> str:
    if article.sentences:
        text = article.sentences[0].text
    else:
        text = re.split(r"(?<=[.!?])\s+|\n", (article.body or "").strip(), maxsplit=1)[0]
    words = text.split()
    return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")


def inner_weights(clusters: Sequence[_Cluster], pairs: dict[tuple[int, int], float]) -> dict[int, float]:
    """Each node's summed pair score with the other members of its own cluster (one pass over the pairs)."""
    home = {m: k for k, c in enumerate(clusters) for m in c.members}
    weight: dict[int, float] = defaultdict(float)
    for (i, j), score in pairs.items():
        if home.get(i) is not None and home.get(i) == home.get(j):
            weight[i] += score
            weight[j] += score
    return weight


def central_article(members: Sequence[int], weight: dict[int, float], articles: Sequence[Article]) -> Article:
    """The member most like the others (highest summed pair score), preferring one with a title; ties go to the earliest."""
    titled = [m for m in members if (articles[m].title or "").strip()] or list(members)
    return articles[min(titled, key=lambda m: (-weight.get(m, 0.0), earliest_key(articles[m])))]


def story_title(members: Sequence[int], weight: dict[int, float], articles: Sequence[Article]) -> str:
    central = central_article(members, weight, articles)
    return (central.title or "").strip() or cues_of(central).lead or central.article_id


def make_story(member_articles: Sequence[Article], title: str) -> Story:
    ordered = sorted(member_articles, key=earliest_key)
    first, last = story_dates(ordered)
    return Story(story_id=story_id_for(ordered[0].article_id), title=title,
                 article_ids=sorted(a.article_id for a in ordered), first_date=first, last_date=last)


def story_order(story: Story) -> tuple:
    return (story.first_date is None, story.first_date or "", story.story_id)


# --------------------------------------------------------------------------- the stage

def originals_and_copies(articles: Sequence[Article]) -> tuple[list[Article], dict[str, str]]:
    """Split into articles to cluster and copy id → root id (copies of copies followed to the root)."""
    by_id = {a.article_id: a for a in articles}
    copies: dict[str, str] = {}
    for a in articles:
        root, seen = a.article_id, set()
        while by_id.get(root) is not None and by_id[root].duplicate_of and root not in seen:
            seen.add(root)
            root = by_id[root].duplicate_of
        if root != a.article_id and root in by_id:
            copies[a.article_id] = root
    return [a for a in articles if a.article_id not in copies], copies


def cluster_articles(articles: Sequence[Article], settings) -> list[Story]:
    """Stories over *articles* (every article lands in exactly one); sets article.story_id."""
    articles = sorted(articles, key=lambda a: a.article_id)
    if not articles:
        return []
    nodes, copies = originals_and_copies(articles)
    features = fit_features(nodes)
    window = int(settings.story_window_days)
    pairs = candidate_pairs(features, window)
    clusters = average_linkage(len(nodes), pairs, float(settings.story_threshold), features.days, window)
    by_id = {a.article_id: a for a in articles}
    copies_of = defaultdict(list)
    for copy_id, root in sorted(copies.items()):
        copies_of[root].append(by_id[copy_id])
    weight = inner_weights(clusters, pairs)
    found = []
    for cluster in clusters:
        members = [nodes[m] for m in cluster.members]
        members += [c for m in members for c in copies_of[m.article_id]]
        story = make_story(members, story_title(cluster.members, weight, nodes))
        for a in members:
            a.story_id = story.story_id
        found.append(story)
    return sorted(found, key=story_order)


def run(corpus: Corpus, settings) -> Corpus:
    corpus.stories = cluster_articles(corpus.articles, settings)
    log.info("stories: %d articles in %d stories", len(corpus.articles), len(corpus.stories))
    return corpus


# --------------------------------------------------------------------------- incremental

def assign(new_articles: Sequence[Article], existing_stories: Sequence[Story], corpus: Corpus,
           settings=None) -> list[Story]:
    """Attach new articles to existing stories when similar enough, else start new stories.

    Existing stories keep their ids and titles and are never merged or split;
    only their article lists and dates grow. The articles of existing stories
    are looked up in *corpus* (those missing there only widen the date span).
    Returns every story, existing and new; sets story_id on the new articles.
    """
    if settings is None:
        from ..settings import default_settings
        settings = default_settings()
    window = int(settings.story_window_days)
    threshold = float(settings.story_threshold)
    existing_ids = {aid for s in existing_stories for aid in s.article_ids}
    new_articles = sorted((a for a in new_articles if a.article_id not in existing_ids), key=lambda a: a.article_id)
    if not new_articles:
        return sorted(existing_stories, key=story_order)
    story_of = {aid: k for k, s in enumerate(existing_stories) for aid in s.article_ids}
    # stored copies stay out, as in a full run: their originals speak for them
    known = {a.article_id: a for a in corpus.articles
             if a.article_id in story_of and not (a.duplicate_of and a.duplicate_of in story_of)}

    new_nodes, copies = originals_and_copies(new_articles)
    # a copy of a stored article goes straight to that article's story
    straight = {a.article_id: story_of[a.duplicate_of] for a in new_nodes
                if a.duplicate_of and a.duplicate_of in story_of}
    new_nodes = [a for a in new_nodes if a.article_id not in straight]

    old_nodes = [known[aid] for aid in sorted(known)]
    nodes = old_nodes + new_nodes
    features = fit_features(nodes)
    index = {a.article_id: i for i, a in enumerate(nodes)}
    groups = [[index[aid] for aid in sorted(s.article_ids) if aid in index] for s in existing_stories]
    spans = [(parse_day(s.first_date), parse_day(s.last_date)) for s in existing_stories]
    new_rows = list(range(len(old_nodes), len(nodes)))
    pairs = candidate_pairs(features, window, rows=new_rows)
    clusters = average_linkage(len(nodes), pairs, threshold, features.days, window, groups=groups, extra_span=spans)

    joined: dict[int, list[Article]] = defaultdict(list)
    fresh: list[tuple[list[int], list[Article]]] = []
    for cluster in clusters:
        added = [nodes[m] for m in cluster.members if m >= len(old_nodes)]
        if not added:
            continue
        if cluster.story is not None:
            joined[cluster.story].extend(added)
        else:
            fresh.append((cluster.members, added))
    for aid, k in straight.items():
        joined[k].append(next(a for a in new_articles if a.article_id == aid))

    by_new_id = {a.article_id: a for a in new_articles}
    copies_of = defaultdict(list)
    for copy_id, root in sorted(copies.items()):
        copies_of[root].append(by_new_id[copy_id])

    weight = inner_weights(clusters, pairs)
    result: list[Story] = []
    for k, story in enumerate(existing_stories):
        added = joined.get(k, [])
        added += [c for a in list(added) for c in copies_of[a.article_id]]
        if not added:
            result.append(story)
            continue
        for a in added:
            a.story_id = story.story_id
        dates = [d for d in (story.first_date, story.last_date) if d] + [a.published[:10] for a in added
                                                                         if parse_day(a.published) is not None]
        result.append(dataclasses.replace(story, article_ids=sorted(set(story.article_ids) | {a.article_id for a in added}),
                                          first_date=min(dates, default=None), last_date=max(dates, default=None)))
    for members, added in fresh:
        added = added + [c for a in added for c in copies_of[a.article_id]]
        story = make_story(added, story_title(members, weight, nodes))
        for a in added:
            a.story_id = story.story_id
        result.append(story)
    return sorted(result, key=story_order)
