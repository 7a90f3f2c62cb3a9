"""Linking new articles into a stored corpus without relinking the rest.

A full run links the whole store: every article is loaded and the dedup,
story, event, contradiction and framing stages run over all of it. When a run
adds a few articles to a store that is already linked (by the same linking
code and settings), this module links only the neighbourhood they can touch:

- duplicates: the new bodies are looked up in the stored MinHash sketches
  (the LSH is rebuilt from them; no stored body is sketched again);
- stories: the new articles join the stored stories whose dates reach theirs
  (``stories.assign``), or start new ones; stored stories are never split;
- events: a report joins an event of its own story, one at the same place on
  the same day, or one it recalls at its town within its date's precision
  (``link.events`` blocks so), so the stored events the new reports could join
  are those of the stories they joined and those at the places and days they
  report; those events, closed over every article that
  reports them, are relinked with the new reports and replace their stored
  versions; contradictions follow their events; only the articles whose
  story, original or claims' events changed are written again;
- framing, voices and blind spots are sums over all outlets: they are
  recounted for the stories of the relinked articles and for the places,
  armed groups and named things the new articles name (the store indexes
  which articles name each), from a projection of those articles alone
  (only the readings they use), and replace just those rows.

What a full run would do differently: a story is never split or merged with
another once stored (the order of arrival matters, as for a reader of a live
feed), and the TF-IDF weights of the story features are those of the
neighbourhood. ``settings.incremental = false`` relinks everything.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..model import Article, Corpus

log = logging.getLogger(__name__)

# The settings that change how the store is linked.
LINK_SETTINGS = ("dedup_threshold", "story_threshold", "story_window_days", "merge_window_days", "news_window_days")


def link_state(settings, pipeline_version: str) -> str:
    """Names the code and settings that linked a store: a store linked otherwise is relinked in full."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(pipeline_version.encode())
    for path in sorted((root / "link").glob("*.py")) + [root / "frame.py", root / "model.py"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in LINK_SETTINGS:
        digest.update(f"{name}={getattr(settings, name)!r};".encode())
    return digest.hexdigest()[:16]


def can_link_into(store, new_ids: list[str], state: str, settings) -> bool:
    if not settings.incremental or not new_ids or store.get_meta("link_state") != state:
        return False
    stored = store.article_count()
    # When the new articles are a large part of the store, relinking it all costs little more
    # and clusters the new stories as a whole rather than one article at a time.
    return len(new_ids) <= float(settings.incremental_max_share) * max(1, stored - len(new_ids))


class Timer:
    def __init__(self, timings: dict):
        self.timings = timings

    def __call__(self, name: str):
        timer = self

        class _Span:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                timer.timings[name] = timer.timings.get(name, 0.0) + time.perf_counter() - self.t
        return _Span()


@dataclass
class Linked:
    """What an incremental link did."""
    new: int
    relinked_articles: int
    events_replaced: int
    events_relinked: int
    stories_touched: int
    articles_written: int

    def counts(self) -> dict:
        return dict(self.__dict__)


def link_into(store, new_ids: Iterable[str], settings, state: str, timings: Optional[dict] = None) -> Linked:
    """Link the stored articles *new_ids* into the store's linked view, and write it."""
    from . import dedup, events as link_events, contradictions, stories as link_stories
    from .. import frame

    timed = Timer(timings if timings is not None else {})
    new_ids = sorted(set(new_ids))
    with timed("store_load"):
        new = store.load_articles(new_ids)
    with timed("dedup"):
        index = dedup.DuplicateIndex.from_rows([r for r in store.sketch_rows() if r[0] not in set(new_ids)],
                                               settings.dedup_threshold)
        changes = dedup.link_new(new, index)
        regrouped = {aid: original for aid, original in changes.items() if aid not in set(new_ids)}
        sketches = index.rows(new_ids)

    with timed("stories"):
        near_stories = store.load_stories(_stories_near(store, new, int(settings.story_window_days)))
    with timed("store_load"):
        # what story features read: a projection, not the whole of each article
        members = store.load_articles({aid for s in near_stories for aid in s.article_ids},
                                      readings=link_stories.READINGS)
    with timed("stories"):
        for a in members:
            if a.article_id in regrouped:
                a.duplicate_of = regrouped[a.article_id]
        stories = link_stories.assign(new, near_stories, Corpus(articles=members + new), settings)
        before = {s.story_id: s for s in near_stories}
        touched = [s for s in stories if s.story_id not in before or s.article_ids != before[s.story_id].article_ids]
        del members

    with timed("link_events"):
        scope = _event_scope(store, new, set(regrouped), touched)
    with timed("store_load"):
        # the readings event linking and contradictions use; what they change (story, original,
        # claims' events) is all that is written back
        readings = tuple(dict.fromkeys(link_events.READINGS + contradictions.READINGS))
        part = Corpus(articles=new + store.load_articles(scope - set(new_ids), readings=readings, body=False))
        part.articles.sort(key=lambda a: (a.published or "", a.article_id))
    with timed("link_events"):
        was = {a.article_id: _links_of(a) for a in part.articles}
        story_of = {aid: s.story_id for s in touched for aid in s.article_ids}
        for a in part.articles:
            a.story_id = story_of.get(a.article_id, a.story_id)
            a.duplicate_of = regrouped.get(a.article_id, a.duplicate_of)
            for c in a.claims:
                c.event_id = None  # claims are linked again to the relinked events
        replaced = store.event_ids_of_articles(scope)
        part = link_events.run(part, settings)
    with timed("contradictions"):
        part = contradictions.run(part, settings)
    changed = [a for a in part.articles if a.article_id not in was or _links_of(a) != was[a.article_id]]

    with timed("store_load"):
        frame_scope = _frame_scope(part, was, touched, new)
        if frame_scope is None:
            view = Corpus(articles=store.load_articles(readings=frame.READINGS, body=frame.READS_BODY),
                          events=store.load_events(exclude=replaced) + part.events)
        else:
            view = _frame_part(store, part, replaced, *frame_scope)
        fresh = {a.article_id: a for a in part.articles}
        for a in view.articles:
            if a.article_id in fresh:
                _take_links(a, fresh[a.article_id])
        view.events.sort(key=lambda e: (e.event_date or "", e.event_id))
    with timed("frame"):
        view = frame.run(view, settings) if frame_scope is None else frame.run_part(view, settings, *frame_scope)
    with timed("store_linked"):
        store.update_linked(part, events_replaced=replaced, stories=touched, changed_articles=changed,
                            frame_view=view, frame_scope=frame_scope, sketches=sketches, link_state=state)
    linked = Linked(new=len(new_ids), relinked_articles=len(part.articles), events_replaced=len(replaced),
                    events_relinked=len(part.events), stories_touched=len(touched), articles_written=len(changed))
    log.info("linked into the store: %s", linked.counts())
    return linked


def _frame_scope(part: Corpus, was: dict[str, tuple], touched, new: list[Article]):
    """What framing, voices and blind spots must be recounted for: the stories of the relinked articles
    (before and after) and the corpus-wide referents the new articles name; None when an article has
    no story (rows without one are recounted over the whole store)."""
    from .. import frame

    stories = {a.story_id for a in part.articles} | {links[0] for links in was.values()}
    stories |= {s.story_id for s in touched}
    if None in stories:
        return None
    return stories, set().union(*(frame.corpus_referents(a) for a in new))


def _frame_part(store, part: Corpus, replaced: set[str], stories: set[str], referents: set[str]) -> Corpus:
    """The projection frame.run_part needs: every article of *stories* with its wordings and voices, the
    stories' events (relinked ones from *part*), and of the other articles only what the rows read:
    their wordings of *referents* and, for those the events cite, their outlets."""
    from .. import frame

    events = store.load_events(exclude=replaced, story_ids=stories) + [e for e in part.events if e.story_id in stories]
    whole = store.article_ids_of_stories(stories) | {a.article_id for a in part.articles}
    naming = store.wordings_naming(referents)
    cited = {aid for e in events for aid in set(e.sources) | {f.article_id for f in e.figures}}
    articles = store.load_articles(whole, readings=frame.READINGS, body=frame.READS_BODY)
    others = store.load_articles((set(naming) | cited) - whole, readings=(), body=False)
    for a in others:
        a.wordings = naming.get(a.article_id, [])
    articles = sorted(articles + others, key=lambda a: (a.published or "", a.article_id))
    return Corpus(articles=articles, events=events)


def _take_links(article: Article, relinked: Article) -> None:
    """Give a projection of an article what relinking set on another copy of it."""
    article.story_id, article.duplicate_of = relinked.story_id, relinked.duplicate_of
    events = {c.claim_id: c.event_id for c in relinked.claims}
    for c in article.claims:
        c.event_id = events.get(c.claim_id, c.event_id)


def _links_of(article: Article) -> tuple:
    """What linking changes on an article row: its story, its original, its claims' events."""
    return article.story_id, article.duplicate_of, tuple(c.event_id for c in article.claims)


def _stories_near(store, new: list[Article], window: int) -> set[str]:
    """Stored stories whose dates come within the story window of a new article (all, when one is undated)."""
    days = [_day(a.published) for a in new]
    if not days or any(d is None for d in days):
        return {s.story_id for s in store.load_stories()}
    first = (min(days) - dt.timedelta(days=window)).isoformat()
    last = (max(days) + dt.timedelta(days=window)).isoformat()
    return store.story_ids_between(first, last)


def _event_scope(store, new: list[Article], regrouped: set[str], touched) -> set[str]:
    """The articles whose events must be relinked, closed over the events they share.

    A report joins an event of its own story, one at the same place on the
    same day, or (a report recalling an earlier event) one at its town on a day
    its date allows: link.events blocks so. Hence the new articles' stories,
    whole, and the stored events at the places and days of their reports.
    """
    scope = {a.article_id for a in new} | set(regrouped)
    scope |= {aid for s in touched for aid in s.article_ids}
    from .events import recall_keys

    at = set()
    for a in new:
        for c in a.candidates:
            # the same place and day, and for a report that recalls an earlier event, the days it allows
            for location, day in [(c.location, c.event_date)] + recall_keys(c):
                at |= store.event_ids_at(location, day)
    scope |= store.article_ids_of_events(at)
    while True:
        grown = scope | store.article_ids_of_events(store.event_ids_of_articles(scope))
        if grown == scope:
            return scope
        scope = grown


def _day(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
