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

import re
from collections import Counter, defaultdict
from typing import Optional

from .model import Article, Blindspot, Claim, Corpus, FrameTerm, Span, Voice

NAME = "frame"
REQUIRES = {"events", "stories"}
PROVIDES = {"framing", "voices", "blindspots"}
PER_ARTICLE = False
# The readings this stage uses of each stored article (the runner loads no more).
READINGS = ("places", "actors", "claims", "terms")


def run(corpus: Corpus, settings) -> Corpus:
    corpus.framing = framing(corpus)
    corpus.voices = voices(corpus)
    corpus.blindspots = blindspots(corpus)
    return corpus


# --------------------------------------------------------------------------- framing

def _inside_claim(claims: list[Claim], start: int, end: int) -> bool:
    return any(c.start <= start and end <= c.end for c in claims)


def _overlapping(items, start: int, end: int):
    return next((x for x in items if x.start < end and start < x.end), None)


def _referent(article: Article, term) -> str:
    """What a phrase names: the military action, a group, the territory or its authorities, in this story."""
    family = term.label.split(":", 1)[1] if ":" in term.label else "other"
    story = f" ({article.story_id})" if article.story_id else ""
    if family == "armed group":
        actor = _overlapping(article.actors, term.start, term.end)
        return f"the armed group {actor.name}" if actor else "an armed group" + story
    if family == "territory":
        place = _overlapping(article.places, term.start, term.end)
        return f"the territory {place.name}" if place else "the territory" + story
    if family == "authorities":
        actor = _overlapping(article.actors, term.start, term.end)
        return f"the authorities: {actor.name}" if actor else "the authorities" + story
    if family == "operation":
        return "the military operation" + story
    return "loaded words" + story


def _names_of_places(corpus: Corpus):
    """One place (gazetteer entry) named differently across outlets: each outlet's names for it."""
    by_place: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for a in corpus.articles:
        for p in a.places:
            if p.kind == "country" or not a.outlet:
                continue
            by_place[p.name][a.outlet].append((a, p))
    for place, per_outlet in by_place.items():
        surface = {p.text.strip().lower() for mentions in per_outlet.values() for _, p in mentions}
        if len(surface) < 2:
            continue  # everyone uses one name: nothing contested
        for outlet, mentions in per_outlet.items():
            for a, p in mentions:
                yield outlet, f"the place {place}", p.text.strip(), a, p.start, p.end


def _names_of_groups(corpus: Corpus):
    """One armed group or force named differently: actor mentions grouped by canonical actor."""
    by_actor: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for a in corpus.articles:
        for act in a.actors:
            if act.kind in ("rebels", "militia", "state_forces", "peacekeepers") and a.outlet:
                by_actor[act.name][a.outlet].append((a, act))
    for name, per_outlet in by_actor.items():
        surface = {x.text.strip().lower() for ms in per_outlet.values() for _, x in ms}
        if len(surface) < 2:
            continue
        for outlet, mentions in per_outlet.items():
            for a, act in mentions:
                yield outlet, f"the armed group {name}", act.text.strip(), a, act.start, act.end


def _phrases(corpus: Corpus):
    for a in corpus.articles:
        if not a.outlet:
            continue
        for term in a.terms:
            yield a.outlet, _referent(a, term), term.text.strip(" \t\"“”‘’'"), a, term.start, term.end


def framing(corpus: Corpus) -> list[FrameTerm]:
    rows: dict[tuple[str, str, str, bool], FrameTerm] = {}
    for source in (_phrases(corpus), _names_of_places(corpus), _names_of_groups(corpus)):
        for outlet, referent, term, article, start, end in source:
            if not term or len(term) > 120:
                continue
            attributed = _inside_claim(article.claims, start, end)
            key = (outlet, referent, term.lower(), attributed)
            row = rows.get(key)
            if row is None:
                row = rows[key] = FrameTerm(outlet=outlet, referent=referent, term=term, count=0,
                                            attributed=attributed, story_id=article.story_id)
            row.count += 1
            if len(row.examples) < 3:
                row.examples.append(Span(article.article_id, start, end, article.body[start:end]))
    return sorted(rows.values(), key=lambda r: (r.referent, r.outlet, -r.count, r.term))


# --------------------------------------------------------------------------- voices

INTERNATIONAL = re.compile(r"\b(UN|United Nations|European Union|EU|Council|NATO|OSCE|Red Cross|ICRC|UNHCR|"
                           r"Amnesty|Human Rights Watch|World Bank|IMF|African Union|Commission)\b")
OFFICIAL = re.compile(r"\b(minist|president|prime minister|government|spokes|official|authorit|ombuds|commissioner|"
                      r"parliament|army|forces|military|police|office|kremlin|white house|state department|"
                      r"governor|mayor|adviser|aide|embassy|defen[cs]e|prosecutor)", re.I)
RESIDENT = re.compile(r"\b(resident|villager|witness|local|refugee|displaced|mother|father|farmer|student)", re.I)


def speaker_kind(speaker: str, role: Optional[str]) -> str:
    text = f"{speaker} {role or ''}"
    if INTERNATIONAL.search(text):
        return "international"
    if RESIDENT.search(text):
        return "resident"
    if OFFICIAL.search(text):
        return "official"
    if re.search(r"\b(agency|news|media|tv|broadcaster|reuters|newspaper)\b", text, re.I):
        return "media"
    return "other"


def _party(article: Article, claim: Claim) -> Optional[str]:
    if claim.party:
        return claim.party
    try:
        from .read.actors import side_of
    except ImportError:
        return None
    try:
        return side_of(f"{claim.speaker or ''} {claim.speaker_role or ''}".strip(), article)
    except Exception:  # a side we cannot tell is not an error
        return None


def voices(corpus: Corpus) -> list[Voice]:
    counts: Counter = Counter()
    meta: dict[tuple, tuple] = {}
    for a in corpus.articles:
        if a.duplicate_of:
            continue
        for c in a.claims:
            if not c.speaker:
                continue
            key = (a.outlet or "unknown outlet", a.story_id, c.speaker)
            counts[key] += 1
            if key not in meta:  # the first claim of a voice tells its party: resolve it once
                meta[key] = (_party(a, c), speaker_kind(c.speaker, c.speaker_role))
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
