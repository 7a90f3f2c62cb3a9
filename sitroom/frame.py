"""Framing and coverage: how each outlet names contested things, whose voices
it carries, and what it leaves out.

Contested referents are found generally, not from a list of one conflict:
- loaded qualifiers (our own lexicon: so-called, breakaway, separatist, de
  facto, terrorist, occupation, genocide ...) and the noun phrase they shape;
- the same referent named differently across outlets: one place (one gazetteer
  entry) under several names, one armed group under several names, one merged
  event called an "offensive" by one outlet and "counter-terrorism measures" by
  another.
A term is `attributed` when the outlet only quotes or reports a party using it.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Optional

from .model import Article, Blindspot, Claim, Corpus, FrameTerm, Span, Voice

NAME = "frame"
REQUIRES = {"events", "stories"}
PROVIDES = {"framing", "voices", "blindspots"}
PER_ARTICLE = False

# Qualifiers that take a side, and the referent family of the noun they usually shape.
LOADED = [
    "so-called", "self-styled", "self-proclaimed", "self-declared", "de facto", "de-facto", "breakaway",
    "separatist", "separatists", "secessionist", "terrorist", "terrorists", "counter-terrorism", "counter-terrorist",
    "anti-terror", "anti-terrorist", "regime", "junta", "occupation", "occupied", "occupying", "occupiers",
    "liberation", "liberated", "genocide", "genocidal", "ethnic cleansing", "ethnically cleanse", "puppet",
    "illegal", "illegitimate", "unrecognised", "unrecognized", "partially recognised", "disputed", "rebel",
    "rebels", "militants", "militant", "insurgents", "insurgent", "bandits", "aggression", "invasion", "invaders",
    "offensive", "military operation", "special military operation", "punitive", "martyr", "martyrs",
    "freedom fighters", "annexation", "annexed", "enclave", "illegal armed", "armed formations", "extremists",
    "provocation", "provocations", "capitulation", "massacre", "atrocities", "war crimes", "retaliatory",
]
_LOADED_RE = re.compile(r"(?<![\w-])(" + "|".join(sorted((re.escape(w) for w in LOADED), key=len, reverse=True)) + r")(?![\w-])",
                        re.I)
REGION_NOUNS = {"region", "territory", "republic", "enclave", "area", "province", "state", "entity", "zone",
                "exclave", "oblast", "district", "lands", "homeland"}
GROUP_NOUNS = {"forces", "force", "army", "fighters", "militants", "separatists", "rebels", "insurgents", "troops",
               "formations", "groups", "group", "militia", "militias", "units", "soldiers", "bandits", "terrorists",
               "battalion", "brigade", "movement", "front"}
OPERATION_NOUNS = {"operation", "offensive", "measures", "attack", "attacks", "aggression", "campaign", "assault",
                   "invasion", "strikes", "war", "escalation", "actions", "activities", "sweep", "raid"}
AUTHORITY_NOUNS = {"authorities", "government", "officials", "leadership", "leaders", "parliament", "administration",
                   "president", "regime", "junta", "institutions", "representatives"}


def run(corpus: Corpus, settings) -> Corpus:
    corpus.framing = framing(corpus)
    corpus.voices = voices(corpus)
    corpus.blindspots = blindspots(corpus)
    return corpus


# --------------------------------------------------------------------------- framing

def _inside_claim(claims: list[Claim], start: int, end: int) -> bool:
    return any(c.start <= start and end <= c.end for c in claims)


def _noun_phrase(article: Article, start: int, end: int) -> tuple[int, int]:
    """Grow a qualifier's span to the noun phrase it belongs to (a few tokens either side, same sentence)."""
    toks = [t for t in article.tokens] if article.tokens else []
    if not toks:
        return _phrase_by_text(article.body, start, end)
    idx = [k for k, t in enumerate(toks) if t.start < end and t.end > start]
    if not idx:
        return start, end
    lo, hi = idx[0], idx[-1]
    while hi + 1 < len(toks) and hi - idx[-1] < 4 and toks[hi + 1].pos in ("NOUN", "PROPN", "ADJ", "PART") \
            and toks[hi + 1].sent == toks[hi].sent:
        hi += 1
    while lo - 1 >= 0 and idx[0] - lo < 3 and toks[lo - 1].pos in ("ADJ", "PROPN", "NOUN", "DET") \
            and toks[lo - 1].sent == toks[lo].sent and toks[lo - 1].text.lower() not in ("a", "an"):
        lo -= 1
    return toks[lo].start, toks[hi].end


_WORD = re.compile(r"[\w'’-]+")


def _phrase_by_text(body: str, start: int, end: int) -> tuple[int, int]:
    """Without a parse: the qualifier plus up to three following capitalised or lower-case words."""
    tail = body[end:end + 80]
    m = re.match(r"((?:[ \t]+[A-Za-z][\w'’-]*){0,3})", tail)
    grown = end + (len(m.group(1)) if m else 0)
    return start, grown


def _family(phrase: str) -> str:
    words = {w.lower().strip("'’") for w in _WORD.findall(phrase)}
    for fam, nouns in (("the region or entity", REGION_NOUNS), ("the armed group", GROUP_NOUNS),
                       ("the military operation", OPERATION_NOUNS), ("the authorities", AUTHORITY_NOUNS)):
        if words & nouns:
            return fam
    return "the conflict"


def loaded_terms(article: Article) -> Iterable[tuple[str, str, int, int, bool]]:
    """(referent, term, start, end, attributed) for each loaded qualifier in the body."""
    for m in _LOADED_RE.finditer(article.body):
        start, end = _noun_phrase(article, m.start(), m.end())
        term = article.body[start:end].strip()
        if not term or "\n" in term:
            start, end = m.start(), m.end()
            term = article.body[start:end]
        yield _family(term), term, start, end, _inside_claim(article.claims, start, end)


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
        if len(surface) < 2 and len(per_outlet) < 2:
            continue
        for outlet, mentions in per_outlet.items():
            for a, act in mentions:
                yield outlet, f"the armed group {name}", act.text.strip(), a, act.start, act.end


def _names_of_events(corpus: Corpus):
    """One merged event named differently: each outlet's noun phrase around the event's trigger."""
    arts = {a.article_id: a for a in corpus.articles}
    for e in corpus.events:
        outlets = {arts[s].outlet for s in e.sources if s in arts}
        if len(outlets) < 2:
            continue
        for ev in e.evidence:
            a = arts.get(ev.article_id)
            if not a or not a.outlet:
                continue
            for m in re.finditer(r"\b(offensive|operation|measures|aggression|attack|assault|campaign|escalation|"
                                 r"strikes?|invasion|incursion|sweep|clashes)\b", a.body[ev.start:ev.end], re.I):
                s, t = ev.start + m.start(), ev.start + m.end()
                s, t = _noun_phrase(a, s, t)
                yield a.outlet, f"the {e.event_type.lower()} of {e.event_date or 'unknown date'} in {e.location}", \
                    a.body[s:t].strip(), a, s, t


def framing(corpus: Corpus) -> list[FrameTerm]:
    rows: dict[tuple[str, str, str, bool], FrameTerm] = {}

    def add(outlet, referent, term, article, start, end, attributed):
        if not outlet or not term or len(term) > 120:
            return
        key = (outlet, referent, term.lower(), attributed)
        row = rows.get(key)
        if row is None:
            row = rows[key] = FrameTerm(outlet=outlet, referent=referent, term=term, count=0, attributed=attributed,
                                        story_id=article.story_id)
        row.count += 1
        if len(row.examples) < 3:
            row.examples.append(Span(article.article_id, start, end, article.body[start:end]))

    for a in corpus.articles:
        if not a.outlet:
            continue
        for referent, term, start, end, attributed in loaded_terms(a):
            add(a.outlet, referent, term, a, start, end, attributed)
    for source in (_names_of_places(corpus), _names_of_groups(corpus), _names_of_events(corpus)):
        for outlet, referent, term, a, start, end in source:
            add(outlet, referent, term, a, start, end, _inside_claim(a.claims, start, end))
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
            party = _party(a, c)
            key = (a.outlet or "unknown outlet", a.story_id, c.speaker)
            counts[key] += 1
            meta.setdefault(key, (party, speaker_kind(c.speaker, c.speaker_role)))
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
