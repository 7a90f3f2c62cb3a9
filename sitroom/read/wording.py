"""What each article says that framing compares: its wordings and its voices.

Framing sums, outlet by outlet, how contested things are named and who is
quoted. Everything it needs of one article is decided by that article alone
(which actor or place a phrase overlaps, whether it sits inside a quote, a
speaker's side and kind), so it is read here, once, while the article's
readings are at hand; the corpus stage (frame.py) then only adds up these
small records, and never loads the store's places, actors, claims and terms
again (for a store of 10k articles that was the largest projection a run
held).
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Article, Claim, Corpus, Voicing, Wording

NAME = "wording"
REQUIRES = {"terms", "places", "actors", "claims"}
PROVIDES = {"wording"}
PER_ARTICLE = True

# Armed groups and forces: the actors whose names outlets dispute ("separatists", "the Defence Army").
ARMED_KINDS = ("rebels", "militia", "state_forces", "peacekeepers")
MAX_TERM_CHARS = 120  # longer is a parse gone wrong, not a name
QUOTE_MARKS = " \t\"“”‘’'"


def run(corpus: Corpus, settings) -> Corpus:
    for article in corpus.articles:
        article.wordings = wordings(article)
        article.voicings = voicings(article)
    return corpus


def wordings(article: Article) -> list[Wording]:
    """The article's phrases for contested things, then its names of places and of armed groups."""
    out = [_wording(article, term.start, term.end, "phrase", *_phrase_referent(article, term))
           for term in article.terms]
    out += [_wording(article, p.start, p.end, "place", p.name) for p in article.places if p.kind != "country"]
    out += [_wording(article, a.start, a.end, "group", a.name) for a in article.actors if a.kind in ARMED_KINDS]
    return out


def _wording(article: Article, start: int, end: int, source: str, referent: str, per_story: bool = False) -> Wording:
    return Wording(article.article_id, start, end, article.body[start:end], source, referent, per_story,
                   attributed=_inside_claim(article.claims, start, end))


def _phrase_referent(article: Article, term) -> tuple[str, bool]:
    """What a phrase names (the military action, a group, the territory or its authorities), and whether
    only its story tells which one it is."""
    family = term.label.split(":", 1)[1] if ":" in term.label else "other"
    if family == "armed group":
        actor = _overlapping(article.actors, term.start, term.end)
        return (f"the armed group {actor.name}", False) if actor else ("an armed group", True)
    if family == "territory":
        place = _overlapping(article.places, term.start, term.end)
        return (f"the territory {place.name}", False) if place else ("the territory", True)
    if family == "authorities":
        actor = _overlapping(article.actors, term.start, term.end)
        return (f"the authorities: {actor.name}", False) if actor else ("the authorities", True)
    if family == "operation":
        return "the military operation", True
    return "loaded words", True


def _inside_claim(claims: list[Claim], start: int, end: int) -> bool:
    return any(c.start <= start and end <= c.end for c in claims)


def _overlapping(items, start: int, end: int):
    return next((x for x in items if x.start < end and start < x.end), None)


def term_as_written(wording: Wording) -> str:
    """The words framing shows: a phrase without the quote marks around it, a name as written."""
    return wording.text.strip(QUOTE_MARKS) if wording.source == "phrase" else wording.text.strip()


# --------------------------------------------------------------------------- voices

INTERNATIONAL = re.compile(r"\b(UN|United Nations|European Union|EU|Council|NATO|OSCE|Red Cross|ICRC|UNHCR|"
                           r"Amnesty|Human Rights Watch|World Bank|IMF|African Union|Commission)\b")
OFFICIAL = re.compile(r"\b(minist|president|prime minister|government|spokes|official|authorit|ombuds|commissioner|"
                      r"parliament|army|forces|military|police|office|kremlin|white house|state department|"
                      r"governor|mayor|adviser|aide|embassy|defen[cs]e|prosecutor)", re.I)
RESIDENT = re.compile(r"\b(resident|villager|witness|local|refugee|displaced|mother|father|farmer|student)", re.I)
MEDIA = re.compile(r"\b(agency|news|media|tv|broadcaster|reuters|newspaper)\b", re.I)


def voicings(article: Article) -> list[Voicing]:
    """Each claim with a speaker: who speaks, for which side, as what kind of voice."""
    return [Voicing(c.speaker, _party(article, c), speaker_kind(c.speaker, c.speaker_role))
            for c in article.claims if c.speaker]


def speaker_kind(speaker: str, role: Optional[str]) -> str:
    text = f"{speaker} {role or ''}"
    if INTERNATIONAL.search(text):
        return "international"
    if RESIDENT.search(text):
        return "resident"
    if OFFICIAL.search(text):
        return "official"
    if MEDIA.search(text):
        return "media"
    return "other"


def _party(article: Article, claim: Claim) -> Optional[str]:
    if claim.party:
        return claim.party
    from .actors import side_of

    try:
        return side_of(f"{claim.speaker or ''} {claim.speaker_role or ''}".strip(), article)
    except Exception:  # a side we cannot tell is not an error
        return None
