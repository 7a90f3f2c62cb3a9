"""Framing and coverage: how each outlet names contested things, whose voices
it carries, and what it leaves out.

Contested referents are found generally, not from a list of one conflict:
- the noun phrases read.terms found around the military action, the armed
  groups, the territory and its authorities, and around loaded qualifiers
  (so-called, breakaway, de facto, terrorist ...), grouped by what they name;
- the same referent named differently across outlets: one place (one gazetteer
  entry) under several names, one armed group (one canonical actor) under
  several names.
A term is `attributed` when the outlet only quotes or reports a party using it.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

from .model import Article, Blindspot, Corpus, FrameTerm, Span, Voice
from .read.wording import MAX_TERM_CHARS, term_as_written

NAME = "frame"
REQUIRES = {"events", "stories", "wording"}
PROVIDES = {"framing", "voices", "blindspots"}
PER_ARTICLE = False
# The readings this stage uses of each stored article (the runner loads no more), and no body:
# each wording carries its own words.
READINGS = ("wordings", "voicings")
READS_BODY = False


def run(corpus: Corpus, settings) -> Corpus:
    corpus.framing = framing(corpus)
    corpus.voices = voices(corpus)
    corpus.blindspots = blindspots(corpus)
    return corpus


def run_part(corpus: Corpus, settings, stories: set[str], referents: set[str]) -> Corpus:
    """The rows of *stories* and of the corpus-wide *referents* only, from a corpus holding every
    article of those stories, every article naming those referents, the stories' events and the
    articles those events cite: they are then the rows a run over the whole store would give."""
    corpus = run(corpus, settings)
    corpus.framing = [f for f in corpus.framing
                      if (f.referent in referents if f.story_id is None else f.story_id in stories)]
    corpus.voices = [v for v in corpus.voices if v.story_id in stories]
    corpus.blindspots = [b for b in corpus.blindspots if b.story_id in stories]
    return corpus


def corpus_referent(source: str, referent: str, per_story: bool) -> Optional[str]:
    """The referent a wording is counted under across the whole corpus, or None for a phrase counted
    within its story."""
    if source == "place":
        return f"the place {referent}"
    if source == "group":
        return f"the armed group {referent}"
    return None if per_story else referent


def corpus_referents(article: Article) -> set[str]:
    """The corpus-wide referents an article's wordings count toward (what a new article can change)."""
    found = (corpus_referent(w.source, w.referent, w.per_story) for w in article.wordings)
    return {r for r in found if r is not None}


# --------------------------------------------------------------------------- framing

def _names(corpus: Corpus, source: str):
    """One place (gazetteer entry) or armed group (canonical actor) named differently across outlets:
    each outlet's names for it. Where everyone uses one name nothing is contested."""
    by_referent: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for a in corpus.articles:
        if not a.outlet:
            continue
        for w in a.wordings:
            if w.source == source:
                by_referent[w.referent][a.outlet].append((a, w))
    for referent, per_outlet in by_referent.items():
        surface = {w.text.strip().lower() for mentions in per_outlet.values() for _, w in mentions}
        if len(surface) < 2:
            continue
        for outlet, mentions in per_outlet.items():
            for a, w in mentions:
                yield outlet, corpus_referent(source, referent, False), None, a, w


def _phrases(corpus: Corpus):
    for a in corpus.articles:
        if not a.outlet:
            continue
        story = f" ({a.story_id})" if a.story_id else ""
        for w in a.wordings:
            if w.source == "phrase":
                if w.per_story:
                    yield a.outlet, w.referent + story, a.story_id, a, w
                else:
                    yield a.outlet, corpus_referent(w.source, w.referent, False), None, a, w


def framing(corpus: Corpus) -> list[FrameTerm]:
    """One row per (outlet, referent, term). A row's story_id is the story its count was made in: a
    phrase that names something only within its story ("the offensive") is counted per story; a place,
    an armed group or a named thing is counted over the whole corpus and belongs to no one story."""
    rows: dict[tuple[str, str, str, bool], FrameTerm] = {}
    for source in (_phrases(corpus), _names(corpus, "place"), _names(corpus, "group")):
        for outlet, referent, story_id, article, wording in source:
            term = term_as_written(wording)
            if not term or len(term) > MAX_TERM_CHARS:
                continue
            key = (outlet, referent, term.lower(), wording.attributed)
            row = rows.get(key)
            if row is None:
                row = rows[key] = FrameTerm(outlet=outlet, referent=referent, term=term, count=0,
                                            attributed=wording.attributed, story_id=story_id)
            row.count += 1
            if len(row.examples) < 3:
                row.examples.append(Span(article.article_id, wording.start, wording.end, wording.text))
    return sorted(rows.values(), key=lambda r: (r.referent, r.outlet, -r.count, r.term))


# --------------------------------------------------------------------------- voices

def voices(corpus: Corpus) -> list[Voice]:
    counts: Counter = Counter()
    meta: dict[tuple, tuple] = {}
    for a in corpus.articles:
        if a.duplicate_of:
            continue
        for v in a.voicings:
            key = (a.outlet or "unknown outlet", a.story_id, v.speaker)
            counts[key] += 1
            meta.setdefault(key, (v.party, v.kind))  # the first claim of a voice tells its party
    totals: Counter = Counter()
    for (outlet, story, _), n in counts.items():
        totals[(outlet, story)] += n
    out = []
    for key, n in counts.items():
        outlet, story, speaker = key
        party, kind = meta[key]
        out.append(Voice(outlet=outlet, story_id=story, speaker=speaker, party=party, kind=kind, count=n,
                         share=round(n / totals[(outlet, story)], 3)))
    return sorted(out, key=lambda v: (v.story_id or "", v.outlet, -v.count, v.speaker))


# --------------------------------------------------------------------------- blindspots

def blindspots(corpus: Corpus) -> list[Blindspot]:
    """Per story: events and figures that some outlets report and others in the story omit."""
    arts = {a.article_id: a for a in corpus.articles}
    outlets_in_story: dict[str, set] = defaultdict(set)
    for a in corpus.articles:
        if a.story_id and a.outlet:
            outlets_in_story[a.story_id].add(a.outlet)
    out = []
    for e in corpus.events:
        if e.historical or not e.story_id:
            continue
        everyone = outlets_in_story.get(e.story_id, set())
        reporting = {arts[s].outlet for s in e.sources if s in arts and arts[s].outlet}
        missing = sorted(everyone - reporting)
        if missing and reporting and len(everyone) > 1:
            out.append(Blindspot(story_id=e.story_id, item_kind="event", item_id=e.event_id,
                                 summary=e.notes or e.event_id, reported_by=sorted(reporting), missing_from=missing))
        if e.fatalities:
            with_figure = {arts[f.article_id].outlet for f in e.figures
                           if f.category == "killed" and f.article_id in arts and arts[f.article_id].outlet}
            silent = sorted(reporting - with_figure)
            if silent and with_figure:
                out.append(Blindspot(story_id=e.story_id, item_kind="figure", item_id=e.event_id,
                                     summary=f"death toll of: {e.notes or e.event_id}",
                                     reported_by=sorted(with_figure), missing_from=silent))
    return out
