"""Noun phrases that name contested things, read while the parse is at hand.

An outlet's choice of words shows in the noun phrases around a few kinds of
head noun: the military action (operation, offensive, sweep, crackdown ...),
the armed group (forces, fighters, militants, army ...), the territory
(region, republic, enclave ...) and its institutions (authorities, regime ...),
and in any phrase carrying a loaded qualifier (so-called, breakaway, de facto,
terrorist ...). The lexicons are about how news talks of conflict in general;
none names a place or party. frame.py compares these phrases across outlets.
"""
from __future__ import annotations

import re

from ..model import Article, Corpus, Mention, Token

NAME = "terms"
REQUIRES = {"tokens", "sentences"}
PROVIDES = {"terms"}
PER_ARTICLE = True

FAMILIES = {
    "operation": {"operation", "offensive", "sweep", "assault", "crackdown", "blitz", "campaign", "aggression",
                  "measure", "incursion", "invasion", "onslaught", "raid", "escalation", "counteroffensive",
                  "counter-offensive", "purge", "bombardment", "siege", "clampdown", "intervention", "attack",
                  "war", "hostility", "action", "activity"},
    "armed group": {"force", "fighter", "militant", "separatist", "rebel", "insurgent", "troop", "formation",
                    "group", "militia", "unit", "soldier", "bandit", "terrorist", "army", "guerrilla", "brigade",
                    "battalion", "movement", "front", "gunman", "extremist", "jihadist", "occupier", "invader",
                    "mercenary", "combatant", "defender", "partisan", "guard"},
    "territory": {"region", "territory", "republic", "enclave", "area", "province", "state", "entity", "zone",
                  "exclave", "homeland", "land", "statelet", "breakaway"},
    "authorities": {"authority", "government", "official", "leadership", "leader", "parliament", "administration",
                    "regime", "junta", "institution", "council", "representative", "cabinet"},
}
# Qualifiers that take a side (our own list).
LOADED = {"so-called", "self-styled", "self-proclaimed", "self-declared", "de-facto", "breakaway", "separatist",
          "secessionist", "terrorist", "counter-terrorism", "counter-terrorist", "anti-terror", "anti-terrorist",
          "regime", "junta", "occupation", "occupied", "occupying", "liberation", "liberated", "genocidal",
          "puppet", "illegal", "illegitimate", "unrecognised", "unrecognized", "disputed", "rebel", "militant",
          "insurgent", "bandit", "aggressive", "punitive", "martyr", "fascist", "nazi", "criminal", "extremist",
          "provocation", "provocative", "annexed", "terror", "anti-bandit", "freedom", "heroic", "brutal",
          "unprovoked", "retaliatory", "sham"}
LOADED_PHRASES = re.compile(r"\b(de facto|so called|ethnic cleansing|war crimes?|freedom fighters?|"
                            r"special military operation|partially recognised|partially recognized)\b", re.I)
MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss", "case", "advmod", "punct",
                 "hmod", "hyph"}
GENERIC_ALONE = {"action", "activity", "area", "state", "group", "unit", "official", "leader", "land", "zone",
                 "entity", "institution", "representative", "force", "war", "attack", "measure", "authority",
                 "government", "soldier", "troop", "council", "hostility", "cabinet", "movement", "front"}


def run(corpus: Corpus, settings) -> Corpus:
    for article in corpus.articles:
        article.terms = read_terms(article)
    return corpus


def read_terms(article: Article) -> list[Mention]:
    if not article.tokens:
        return []
    out: dict[tuple[int, int], Mention] = {}
    for sentence in article.sentences:
        toks = article.tokens[sentence.token_start:sentence.token_end]
        by_i = {t.i: t for t in toks}
        for tok in toks:
            family = _family_of(tok)
            loaded = tok.text.lower() in LOADED or tok.lemma.lower() in LOADED
            if loaded and family is None:
                head = by_i.get(tok.head)
                if head is not None and head.i != tok.i and head.pos in ("NOUN", "PROPN"):
                    family = _family_of(head) or "other"
                    tok = head
                elif tok.pos in ("NOUN", "PROPN"):
                    family = "armed group" if tok.text.lower().endswith("s") else "other"
                else:
                    continue
            if family is None or tok.pos not in ("NOUN", "PROPN"):
                continue
            start, end = _np_span(tok, toks, by_i)
            first = next(t for t in toks if t.start == start)
            if first.text.lower() in ("the", "a", "an", "its", "their", "this", "that", "these", "those", "his",
                                      "her", "our"):
                continue  # cannot happen with our deps, kept for safety
            text = article.body[start:end]
            words = text.split()
            if len(words) == 1 and tok.lemma.lower() in GENERIC_ALONE and not loaded:
                continue
            if len(words) > 8 or "\n" in text:
                continue
            out.setdefault((start, end), Mention(article.article_id, start, end, text, f"TERM:{family}",
                                                 sentence.index, first.i, tok.i + 1))
        for m in _unmapped_territories(article, sentence.index):
            out.setdefault((m.start, m.end), m)
        for m in LOADED_PHRASES.finditer(sentence.text):
            s, e = sentence.start + m.start(), sentence.start + m.end()
            out.setdefault((s, e), Mention(article.article_id, s, e, article.body[s:e], "TERM:other",
                                           sentence.index))
    return sorted(out.values(), key=lambda m: (m.start, m.end))


def _unmapped_territories(article: Article, sentence: int) -> list[Mention]:
    """A place name the gazetteer does not know ("the Free Cordillera"): often one side's name for a territory."""
    placed = [(p.start, p.end) for p in article.places]
    out = []
    for m in article.mentions:
        if m.sentence != sentence or m.label not in ("GPE", "LOC"):
            continue
        if any(s < m.end and m.start < e for s, e in placed):
            continue
        start = m.start + (4 if article.body[m.start:m.start + 4].lower() == "the " else 0)
        text = article.body[start:m.end]
        if len(text) < 3 or not text[:1].isupper():
            continue
        out.append(Mention(article.article_id, start, m.end, text, "TERM:territory", sentence))
    return out


def _family_of(tok: Token):
    lemma = tok.lemma.lower()
    for family, heads in FAMILIES.items():
        if lemma in heads or tok.text.lower() in heads:
            return family
    return None


def _np_span(head: Token, toks: list[Token], by_i: dict[int, Token]) -> tuple[int, int]:
    """The head noun with its left modifiers (adjectives, compounds, possessors), without determiners."""
    left = head.i
    frontier = [head]
    while frontier:
        node = frontier.pop()
        for t in toks:
            if t.head == node.i and t.i < node.i and t.dep in MODIFIER_DEPS and t.i != node.i:
                if t.dep == "punct" and t.text not in ("-", "‘", "“", '"', "'"):
                    continue
                left = min(left, t.i)
                frontier.append(t)
    # Keep the span contiguous and free of a leading punctuation mark.
    while left < head.i and (by_i[left].is_punct and by_i[left].text not in ("“", '"') or
                             by_i[left].dep == "det"):
        left += 1
    start = by_i[left].start
    end = head.end
    if by_i[left].text in ("“", '"'):
        start = by_i[left].start
    return start, end
