"""Casualty figures: how many people were killed, wounded, arrested, missing or displaced.

Two layers:
- ``parse_count`` / ``find_counts`` read a number as written ("at least 200",
  "dozens", "one hundred and twenty thousand") into best/low/high. Pure
  functions over plain text, safe on hostile input.
- ``read_figures`` ties each number to its noun and the noun to a casualty word
  through the dependency parse (``Token.dep``/``Token.head``): passives ("were
  killed"), actives ("X killed N people", "killing N"), adjectives ("N dead",
  "left 12 dead"), nominalisations ("the deaths of N", "N casualties") and
  tallies ("the death toll rose to 23").

Conventions for vague and hedged numbers follow ACLED's conservative coding
(see ``VAGUE`` and ``QUALIFIERS``): "dozens" is 12, "hundreds" 100, "several"
3, "more than N" is N, a range "between 3 and 5" is best 3, high 5.
"casualties" means killed and wounded together, so it gets its own category
(``CASUALTIES``) and is never counted as deaths.
"""
from __future__ import annotations

import logging
import re
from typing import NamedTuple, Optional

from ..model import ARRESTED, DISPLACED, KILLED, MISSING, WOUNDED, Article, Claim, Corpus, Figure, Token
from . import times as times_stage

NAME = "figures"
REQUIRES = {"tokens", "sentences", "claims"}
PROVIDES = {"figures"}
PER_ARTICLE = True

log = logging.getLogger(__name__)

# Killed and wounded together, when the text does not say which ("four casualties").
CASUALTIES = "casualties"

# Larger counts are not casualty figures of one report (or are hostile input).
MAX_COUNT = 10_000_000


class Count(NamedTuple):
    best: Optional[int]
    low: Optional[int]
    high: Optional[int]


# --------------------------------------------------------------------------- numbers as written

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Vague quantities -> (best, low). ACLED codes "several" as 3, "dozens" as 12, "hundreds" as 100.
VAGUE = {
    "a couple": (2, 2), "a couple of": (2, 2), "a few": (3, 2), "a handful": (3, 2), "a handful of": (3, 2),
    "several": (3, 3), "a dozen": (12, 12), "dozen": (12, 12), "dozens": (12, 12), "scores": (20, 20),
    "hundreds": (100, 100), "thousands": (1_000, 1_000), "tens of thousands": (10_000, 10_000),
    "hundreds of thousands": (100_000, 100_000), "millions": (1_000_000, 1_000_000),
}
# Hedges before a number: how they set low/high around the stated value.
QUALIFIERS = {
    # the stated number is a floor
    "at least": "floor", "no fewer than": "floor", "no less than": "floor", "not less than": "floor",
    "a minimum of": "floor", "more than": "floor", "over": "floor", "upwards of": "floor",
    "in excess of": "floor", "just over": "floor", "well over": "floor",
    # the stated number is a ceiling
    "up to": "ceiling", "as many as": "ceiling", "at most": "ceiling", "nearly": "ceiling",
    "almost": "ceiling", "close to": "ceiling", "just under": "ceiling",
    # the stated number is an estimate
    "about": "estimate", "around": "estimate", "approximately": "estimate", "roughly": "estimate",
    "some": "estimate", "an estimated": "estimate", "estimated": "estimate", "approx.": "estimate",
    # below the stated number: no best estimate we can stand by
    "fewer than": "below", "less than": "below", "under": "below",
}

_UNIT_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
_UNIT = rf"(?:(?:{_UNIT_WORDS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:hundred|thousand|million|billion)"
_ATOM = rf"(?:{_DIGITS}|{_UNIT}|{_SCALE})"
_JOIN = r"(?:\s+and\s+(?=(?:" + _UNIT_WORDS + r")\b)|[\s-]+)"
_NUMBER = rf"(?:(?:an?\s+)?{_ATOM}(?:{_JOIN}{_ATOM})*)"
_VAGUE = r"(?:tens of thousands|hundreds of thousands|a couple(?: of)?|a few|a handful(?: of)?|several|a dozen|dozens|scores|hundreds|thousands|millions)"
_QUALIFIER = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_COUNT_RE = re.compile(
    rf"(?<![\w.,:$€£¥-])(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:between\s+(?P<lo>{_NUMBER})\s+and\s+(?P<hi>{_NUMBER})"
    rf"|(?P<from>{_NUMBER})(?:\s*[-–]\s*(?=\d)|\s+(?:to|or)\s+)(?P<to>{_NUMBER})(?![\w,.-]*\d)"
    rf"|(?P<vague>{_VAGUE})"
    rf"|(?P<zero>no one|nobody|none)"
    rf"|(?P<num>{_NUMBER}))"
    rf"(?![\w]|[.,:]\d)",
    re.IGNORECASE | re.ASCII,
)


def words_to_int(text: str) -> Optional[int]:
    """"one hundred and twenty thousand" -> 120000, "5,000" -> 5000, "1.5 million" -> 1500000; None when unreadable."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    parts = re.findall(_ATOM + r"|\ban?\b", text.lower(), flags=re.ASCII)
    if not parts:
        return None
    total, current, seen, previous = 0.0, 0.0, False, None
    for part in parts:
        if part in ("a", "an"):
            current = current or 1
            continue
        seen = True
        if previous is not None and part not in SCALES and not _may_follow(previous, part):
            return None  # "5 000", "three four": not one number
        previous = part
        if part in SCALES:
            scale = SCALES[part]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif part in UNITS or "-" in part:
            current += sum(UNITS[w] for w in part.split("-") if w in UNITS)
        else:
            try:
                current += float(part.replace(",", ""))
            except ValueError:
                return None
    value = total + current
    if not seen or value != value or value > 10 * MAX_COUNT:  # NaN or absurd
        return None
    if value != int(value):
        return None  # "2.5 people" is not a head count
    return int(value)


def _may_follow(previous: str, part: str) -> bool:
    """Inside one number a unit may follow a scale ("hundred and twenty") or a ten ("twenty three")."""
    if previous in SCALES:
        return True
    tens = UNITS.get(previous)
    return tens is not None and tens >= 20 and tens % 10 == 0 and UNITS.get(part, 99) < 10


def parse_count(text: str) -> Optional[Count]:
    """best/low/high for a whole number phrase ("at least 200", "dozens", "between 3 and 5"); None if it is not one."""
    if not isinstance(text, str):
        return None
    m = _COUNT_RE.fullmatch(text.strip())
    return _count_from_match(m) if m else None


def find_counts(text: str) -> list[tuple[int, int, Count]]:
    """Every number phrase in ``text`` as (start, end, Count); offsets index ``text``."""
    if not isinstance(text, str):
        return []
    out = []
    for m in _COUNT_RE.finditer(text):
        count = _count_from_match(m)
        if count is not None and m.group("to") and re.search(r"\bfrom\s+$", text[max(0, m.start() - 6):m.start()], re.I):
            # "rose from 5 to 23": a change, not a range; the later figure stands
            count = _count_from_match(_COUNT_RE.fullmatch(m.group("to")))
        if count is not None:
            out.append((m.start(), m.end(), count))
    return out


def _count_from_match(m: re.Match) -> Optional[Count]:
    qualifier = QUALIFIERS.get((m.group("qual") or "").lower())
    if m.group("zero"):
        return Count(0, 0, 0)
    if m.group("vague"):
        best, low = VAGUE[m.group("vague").lower()]
        return Count(best, low, None)
    if m.group("lo") or m.group("from"):
        low = words_to_int(m.group("lo") or m.group("from"))
        high = words_to_int(m.group("hi") or m.group("to"))
        if low is None or high is None or high < low or high > MAX_COUNT:
            return None
        return Count(low, low, high)  # ACLED: the lower figure of a range
    value = words_to_int(m.group("num"))
    if value is None or value > MAX_COUNT:
        return None
    if qualifier == "floor":
        return Count(value, value, None)
    if qualifier == "ceiling":
        return Count(value, None, value)
    if qualifier == "estimate":
        return Count(value, None, None)
    if qualifier == "below":
        return Count(None, None, max(value - 1, 0))
    return Count(value, value, value)


# --------------------------------------------------------------------------- words of harm

# Trigger words (lemmas or lower-cased forms) -> category.
VERB_TRIGGERS = {
    KILLED: {"kill", "killed", "slay", "slain", "murder", "execute", "behead", "massacre", "slaughter",
             "assassinate", "die", "perish", "drown", "lynch", "decapitate"},
    WOUNDED: {"wound", "injure", "hurt", "maim"},
    ARRESTED: {"arrest", "detain", "apprehend", "jail", "imprison", "round"},
    MISSING: {"disappear", "abduct", "kidnap", "vanish"},
    DISPLACED: {"displace", "evacuate", "flee", "uproot", "relocate"},
}
# Verbs whose subject is the victim (intransitive).
INTRANSITIVE = {"die", "perish", "drown", "disappear", "vanish", "flee"}
ADJECTIVE_TRIGGERS = {"dead": KILLED, "killed": KILLED, "wounded": WOUNDED, "injured": WOUNDED, "hurt": WOUNDED,
                      "missing": MISSING, "displaced": DISPLACED, "homeless": DISPLACED, "detained": ARRESTED,
                      "arrested": ARRESTED, "unaccounted": MISSING}
NOUN_TRIGGERS = {
    "death": KILLED, "dead": KILLED, "fatality": KILLED, "killing": KILLED, "body": KILLED, "corpse": KILLED,
    "injury": WOUNDED, "injured": WOUNDED, "wounded": WOUNDED, "wounding": WOUNDED,
    "arrest": ARRESTED, "detention": ARRESTED, "detainee": ARRESTED,
    "missing": MISSING, "disappearance": MISSING, "abduction": MISSING,
    "refugee": DISPLACED, "evacuee": DISPLACED, "evacuation": DISPLACED, "displacement": DISPLACED,
    "idp": DISPLACED,
    "casualty": CASUALTIES,
}
# Tallies: "the death toll rose to 23", "the number of injured reached 40".
# "total" as in "the death total was raised to 4"
TALLY_NOUNS = {"toll", "tally", "number", "count", "figure", "total"}
TALLY_VERBS = {"rise", "climb", "reach", "increase", "jump", "stand", "grow", "hit", "mount", "soar", "bring",
               "put", "raise", "be", "exceed", "top", "pass", "surpass", "double"}
LIFE_VERBS = {"claim", "cost", "take", "lose"}  # "claimed 5 lives", "lost their lives"

PERSON_NOUNS = {
    "people", "person", "persons", "civilian", "soldier", "troop", "serviceman", "servicemen", "servicemember",
    "personnel", "member", "fighter", "militant", "rebel", "insurgent", "militiaman", "militiamen", "officer",
    "policeman", "policemen", "police", "policewoman", "guard", "peacekeeper", "protester", "protestor",
    "demonstrator", "student", "child", "children", "kid", "woman", "women", "man", "men", "girl", "boy", "baby",
    "infant", "teen", "teenager", "youth", "resident", "villager", "worker", "employee", "journalist", "reporter",
    "doctor", "medic", "paramedic", "nurse", "patient", "farmer", "herder", "herdsman", "herdsmen", "pilgrim",
    "worshipper", "worshiper", "passenger", "driver", "migrant", "refugee", "prisoner", "detainee", "inmate",
    "hostage", "victim", "individual", "citizen", "national", "foreigner", "tourist", "commander", "leader",
    "official", "staff", "staffer", "volunteer", "contractor", "mercenary", "jihadist", "gunman", "gunmen",
    "attacker", "assailant", "bomber", "suspect", "terrorist", "combatant", "recruit", "conscript", "sailor",
    "airman", "airmen", "marine", "pilot", "crew", "element", "other", "more", "family", "relative", "activist",
    "supporter", "pupil", "elder", "monk", "priest", "cleric", "imam", "settler", "trooper", "militia",
    "policemen", "cadet", "guerrilla", "separatist", "loyalist", "partisan", "ranger", "gendarme", "spectator",
    "shepherd", "fisherman", "fishermen", "miner", "trader", "vendor", "merchant", "teacher", "lawyer",
    "opponent", "dissident", "defender", "reservist", "volunteer", "agent", "operative", "commando",
    "paratrooper", "sniper", "occupant", "inhabitant", "evacuee", "displaced", "wounded", "injured", "dead",
    "casualty", "fatality", "body", "life", "them", "us", "those",
    # kin and companions, named alone after a victim ("a farmer and his brother")
    "brother", "sister", "son", "daughter", "wife", "husband", "father", "mother", "parent", "cousin", "nephew",
    "niece", "uncle", "aunt", "grandson", "granddaughter", "grandfather", "grandmother", "friend", "colleague",
    "companion", "neighbour", "neighbor", "bodyguard", "aide", "deputy", "escort", "bystander", "pedestrian",
    "councilor", "councillor", "chairman", "chief", "judge", "mayor", "governor", "businessman", "rider",
    "thief", "robber", "bandit", "criminal", "gangster", "poacher", "raider", "warrior",
}
PERSON_SUFFIXES = ("ers", "ors", "ists", "ians", "ans", "ees", "men", "ites", "is", "ese")
NOT_PEOPLE = {"years", "days", "hours", "weeks", "months", "minutes", "seconds", "times", "percent", "per",
              "meters", "metres", "kilometres", "kilometers", "miles", "dollars", "euros", "rounds", "shells",
              "rockets", "missiles", "drones", "houses", "homes", "buildings", "vehicles", "tanks", "cars",
              "villages", "towns", "km", "kg", "tons", "tonnes", "points", "votes", "seats", "floors", "barrels",
              "episodes", "incidents", "attacks", "strikes", "clashes", "raids", "operations", "cases", "others's"}
# Objects of "kill"/"injure" that are not victims ("killed the deal") and animals.
NOT_VICTIMS = {"deal", "bill", "plan", "project", "idea", "talk", "engine", "light", "process", "motion", "agreement",
               "proposal", "story", "time", "chance", "momentum", "hope", "mood", "bid", "effort", "initiative",
               "cattle", "cow", "goat", "sheep", "camel", "livestock", "animal", "dog", "donkey", "chicken", "head",
               "horse", "pig", "bird", "fish", "crop", "tree", "leg", "arm", "hand", "eye", "head", "back"}
BACKGROUND_AGENTS = {"war", "conflict", "genocide", "insurgency", "uprising", "revolution", "occupation",
                     "famine", "pandemic", "epidemic"}
GROUP_FROM_ADJECTIVE = {"civilian": "civilians", "military": "soldiers", "police": "police"}
SPEECH_VERBS = {"say", "state", "report", "read", "claim", "tell", "announce", "confirm", "add", "write", "tweet",
                "declare", "allege", "insist", "accuse", "note", "estimate", "put"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}
CATEGORY_ORDER = (KILLED, WOUNDED, CASUALTIES, ARRESTED, MISSING, DISPLACED)


# --------------------------------------------------------------------------- the parse as a small graph

class Parse:
    """Children and heads of one article's tokens (built once per article)."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.children: dict[int, list[Token]] = {}
        for t in tokens:
            if t.head != t.i and 0 <= t.head < len(tokens):
                self.children.setdefault(t.head, []).append(t)

    def head(self, t: Token) -> Optional[Token]:
        if t.head == t.i or not 0 <= t.head < len(self.tokens):
            return None
        return self.tokens[t.head]

    def kids(self, t: Token, *deps: str) -> list[Token]:
        found = self.children.get(t.i, [])
        return [c for c in found if not deps or c.dep in deps]

    def subtree(self, t: Token, depth: int = 0) -> list[Token]:
        if depth > 60:
            return [t]
        out = [t]
        for c in self.children.get(t.i, []):
            out.extend(self.subtree(c, depth + 1))
        return sorted(out, key=lambda x: x.i)

    def ancestors(self, t: Token, limit: int = 40) -> list[Token]:
        out, node = [], t
        while len(out) < limit:
            node = self.head(node)
            if node is None or node in out:
                break
            out.append(node)
        return out


def _is(t: Optional[Token], words: set[str]) -> bool:
    return t is not None and (t.lemma.lower() in words or t.text.lower() in words)


def _verb_category(t: Optional[Token]) -> Optional[str]:
    if t is None:
        return None
    for category, lemmas in VERB_TRIGGERS.items():
        if t.lemma.lower() in lemmas:
            if t.lemma.lower() == "round":  # "rounded up": only with the particle
                continue
            return category
    return None


def _adjective_category(t: Optional[Token]) -> Optional[str]:
    if t is None:
        return None
    return ADJECTIVE_TRIGGERS.get(t.text.lower()) or ADJECTIVE_TRIGGERS.get(t.lemma.lower())


def _noun_category(t: Optional[Token]) -> Optional[str]:
    if t is None:
        return None
    return NOUN_TRIGGERS.get(t.lemma.lower()) or NOUN_TRIGGERS.get(t.text.lower())


def _is_person_noun(t: Token) -> bool:
    word, lemma = t.text.lower(), t.lemma.lower()
    if word in NOT_PEOPLE or lemma in NOT_PEOPLE:
        return False
    if lemma in PERSON_NOUNS or word in PERSON_NOUNS or t.ent_type in ("NORP", "PERSON"):
        return True
    return t.pos in ("NOUN", "PROPN") and word.endswith(PERSON_SUFFIXES) and len(word) > 4


# --------------------------------------------------------------------------- from number to category

class Reading(NamedTuple):
    category: str
    group: Optional[str]
    trigger: Token
    nominal: Token


def classify(parse: Parse, anchor: Token) -> Optional[Reading]:
    """What the number at ``anchor`` counts: a category of harm and the group, or None."""
    nominal = anchor
    head = parse.head(anchor)
    if anchor.dep in ("nummod", "quantmod", "det", "amod", "compound") and head is not None \
            and head.pos in ("NOUN", "PROPN", "ADJ", "PRON", "NUM", "VERB"):
        nominal = head
    group = _group(parse, nominal, anchor)
    if _is_subset(parse, nominal):
        return None
    found = (_own_category(parse, nominal) or _role_category(parse, nominal) or _tally_category(parse, anchor))
    if found is None:
        return None
    category, trigger = found
    if nominal is not anchor and nominal.pos in ("NOUN", "PROPN") and _noun_category(nominal) is None \
            and not _could_be_victim(nominal, category, parse):
        return None
    group = group or _group_from_trigger(parse, nominal, trigger) or _tally_group(parse, anchor)
    return Reading(category, group, trigger, nominal)


def _could_be_victim(noun: Token, category: str, parse: Optional[Parse] = None) -> bool:
    """People, or (after a verb that only harms the living: killed, wounded, abducted) any noun that is not a thing."""
    if _is_person_noun(noun):
        return True
    if category not in (KILLED, WOUNDED, MISSING):
        return False
    word, lemma = noun.text.lower(), noun.lemma.lower()
    if word in NOT_PEOPLE or lemma in NOT_PEOPLE or lemma in NOT_VICTIMS and not _head_of_people(parse, noun):
        return False
    return noun.ent_type not in ("GPE", "LOC", "FAC", "ORG", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART")


def _head_of_people(parse: Optional[Parse], noun: Token) -> bool:
    """"the district head and his bodyguard", "the head of the council" lead people; "20,000 head of cattle"
    and "shot in the head" do not."""
    if parse is None or noun.lemma.lower() != "head" or noun.tag != "NN" or parse.kids(noun, "nummod"):
        return False
    if any(c.pos in ("NOUN", "PROPN") for c in parse.kids(noun, "compound")):
        return True
    return any(o.lemma.lower() not in NOT_VICTIMS and (o.pos == "PROPN" or _is_person_noun(o) or o.ent_type == "ORG")
               for prep in parse.kids(noun, "prep") if prep.lemma.lower() == "of" for o in parse.kids(prep, "pobj"))


def _own_category(parse: Parse, nominal: Token) -> Optional[tuple[str, Token]]:
    """The nominal names the harm itself ("12 dead", "4 casualties") or carries it ("personnel killed")."""
    category = _noun_category(nominal) if nominal.pos != "VERB" else None
    if category is None and nominal.pos == "ADJ":
        category = _adjective_category(nominal)
    if category == KILLED and nominal.lemma.lower() in ("body", "corpse") and not _bodies_found(parse, nominal):
        category = None
    if category is not None:
        return category, nominal
    for child in parse.kids(nominal, "acl", "amod", "relcl", "appos"):
        hit: Optional[tuple[str, Token]] = None
        category = _adjective_category(child)
        if category is not None:
            hit = (category, child)
        elif child.tag == "VBN" or child.dep == "relcl":
            hit = _verb_harm(parse, child)  # "personnel killed", "soldiers reported killed"
        if hit and (child.dep != "relcl" or _relative_is_victim(parse, child)):
            return hit
    return _shared_participle(parse, nominal)


def _shared_participle(parse: Parse, nominal: Token) -> Optional[tuple[str, Token]]:
    """"one policeman and two civilians killed in the attack": a headline participle after a list of nouns
    is parsed onto one of them but tells the harm of each."""
    root = nominal
    while root.dep == "conj" and parse.head(root) is not None and parse.head(root).pos in ("NOUN", "PROPN"):
        root = parse.head(root)
    coordinated = [root]
    for noun in coordinated:  # grows while walking: the conjuncts of conjuncts
        coordinated.extend(c for c in parse.kids(noun, "conj") if c.pos in ("NOUN", "PROPN") and len(coordinated) < 12)
    for noun in coordinated:
        if noun is nominal:
            continue
        for child in parse.kids(noun, "acl"):
            if child.tag == "VBN" and child.i > nominal.i:
                hit = _verb_harm(parse, child)
                if hit:
                    return hit
    return None


# verbs whose object is a corpse when it is a body: found, but also seen, carried off, buried or identified
# ("witnesses saw 4 bodies taken away", "villagers buried six bodies")
_FOUND = {"find", "recover", "discover", "retrieve", "pull", "collect", "exhume", "dump", "uncover",
          "see", "take", "carry", "bury", "identify", "count"}


def _bodies_found(parse: Parse, nominal: Token) -> bool:
    """"16 bodies were found / collected": a body count is a death count only when bodies are found."""
    head = parse.head(nominal)
    if head is not None and head.lemma.lower() in _FOUND:
        return True
    return any(c.lemma.lower() in _FOUND for c in parse.kids(nominal, "acl", "relcl"))


def _relative_is_victim(parse: Parse, verb: Token) -> bool:
    """"people who were killed" (victim), not "gunmen who killed" (agent)."""
    return any(c.dep in ("nsubjpass",) for c in parse.kids(verb)) or verb.lemma.lower() in INTRANSITIVE \
        or any(c.dep == "auxpass" for c in parse.kids(verb))


def _role_category(parse: Parse, nominal: Token) -> Optional[tuple[str, Token]]:
    """The nominal's role under a verb or noun of harm: victim of "killed", object of "killing", "deaths of N"."""
    node = nominal
    for _ in range(3):  # "killing 2 soldiers and 1 civilian": the second conjunct shares the first's role
        if node.dep == "conj" and parse.head(node) is not None and parse.head(node).pos in ("NOUN", "PROPN", "NUM", "PRON"):
            node = parse.head(node)
    head = parse.head(node)
    if head is None:
        return None
    dep = node.dep
    if dep == "pobj" and head.lemma.lower() == "of":
        owner = parse.head(head)
        if owner is not None:
            category = _noun_category(owner)
            if category is not None:
                return category, owner
            if owner.lemma.lower() in {"toll"}:
                return _tally_noun_category(parse, owner)
        return None
    if dep in ("nsubjpass",) or (dep == "nsubj" and _reads_passive(parse, head)):
        return _verb_harm(parse, head)
    if dep == "appos":
        if head.pos == "PROPN" and not parse.kids(head, "nummod"):
            named = _role_category(parse, head)  # "Ana Quispe, a nurse, was killed": the nurse is the one named
            if named is not None:
                return named
        verb = _verb_of_stranded_subject(parse, node)
        return _verb_harm(parse, verb) if verb is not None else None
    if dep in ("dobj", "obj") or dep == "npadvmod" and _is_person_noun(node):  # "shot dead three men"
        if node.lemma.lower() == "life" and head.lemma.lower() in LIFE_VERBS:  # "claimed 15 lives"
            return KILLED, head
        harm = _verb_harm(parse, head)
        if harm is not None and head.lemma.lower() not in INTRANSITIVE:
            return harm
        if head.lemma.lower() == "leave":  # "left 12 dead", "left 30 wounded"
            for child in parse.kids(head, "oprd", "xcomp", "ccomp", "acomp", "advcl", "conj"):
                hit = _adjective_category(child)
                if hit:
                    return hit, child
        return None
    if dep == "nsubj":
        if head.text.lower() in {"missing", "dead", "unaccounted"}:  # "three journalists are missing"
            return _adjective_category(head), head
        if head.lemma.lower() in INTRANSITIVE:
            return _verb_category(head), head
        if head.lemma.lower() == "lose" and any(c.lemma.lower() == "life" for c in parse.kids(head, "dobj")):
            return KILLED, head
        if head.lemma.lower() == "take" and any(c.lemma.lower() in {"shelter", "refuge"} for c in parse.kids(head, "dobj")):
            return DISPLACED, head
        if head.lemma.lower() in {"sustain", "suffer", "receive"}:  # "two employees sustained injuries"
            for obj in parse.kids(head, "dobj"):
                if _noun_category(obj) == WOUNDED:
                    return WOUNDED, obj
        if head.lemma.lower() in {"be", "remain", "go", "become", "lie", "get", "seem", "appear"}:
            for child in parse.kids(head, "acomp", "attr", "oprd", "xcomp"):
                hit = _adjective_category(child) or _noun_category(child)
                if hit:
                    return hit, child
        return None
    return None


def _verb_of_stranded_subject(parse: Parse, appos: Token) -> Optional[Token]:
    """"In Manaus, Amazonas, a man was beaten to death": after a list of places the parser hangs the subject
    on the last place as an apposition; the passive verb it belongs to has no subject of its own."""
    node = appos
    for _ in range(6):
        node = parse.head(node)
        if node is None or node.pos in ("VERB", "AUX"):
            break
        if node.dep not in ("conj", "pobj", "prep", "appos", "compound", "punct") and node.pos != "ADP":
            return None
    if node is None or node.i < appos.i or parse.kids(node, "nsubj", "nsubjpass", "csubj"):
        return None
    return node if parse.kids(node, "auxpass") or _reads_passive(parse, node) else None


def _reads_passive(parse: Parse, verb: Token) -> bool:
    """Headline style "Two killed, 23 injured", "five shot dead": a verb of harm with no object reads as passive
    (an active "killed" always has an object)."""
    if verb.tag not in ("VBN", "VBD") or verb.lemma.lower() == "leave" or _verb_harm(parse, verb) is None:
        return False  # "the blast left 12 dead": the subject is the cause
    if any(c.dep in ("dobj", "obj") and c.text.lower() != "dead" for c in parse.kids(verb)):
        return False
    if verb.lemma.lower() in INTRANSITIVE:
        return False
    return not any(c.dep == "aux" and c.lemma.lower() == "have" for c in parse.kids(verb))


def _verb_harm(parse: Parse, verb: Token) -> Optional[tuple[str, Token]]:
    """The harm a verb tells, with its helpers: "shot dead", "shot to death", "reported killed",
    "kidnapped and killed", "rounded up", "taken into custody". Deaths win over lesser harms."""
    hits: list[tuple[str, Token]] = []
    if _only_attempted(parse, verb):
        return None
    own = _verb_category(verb)
    if own is not None:
        hits.append((own, verb))
    if verb.lemma.lower() == "round" and any(c.text.lower() == "up" for c in parse.kids(verb, "prt")):
        hits.append((ARRESTED, verb))
    if verb.lemma.lower() == "take" and any(c.lemma.lower() == "custody" for c in parse.subtree(verb)):
        hits.append((ARRESTED, verb))
    if verb.lemma.lower() == "gun" and any(c.text.lower() == "down" for c in parse.kids(verb, "prt")):
        hits.append((KILLED, verb))  # "a cleric was gunned down": news English for shot dead
    for prep in parse.kids(verb, "prep"):
        if prep.lemma.lower() == "to" and any(o.lemma.lower() == "death" for o in parse.kids(prep, "pobj")):
            hits.append((KILLED, verb))  # "shot / stabbed / beaten to death"
    if any(c.pos == "ADJ" and c.text.lower() == "dead" for c in parse.kids(verb, "advcl")):
        hits.append((KILLED, verb))  # "shot dead two of his colleagues": the parser may take "dead" for a clause
    for child in parse.kids(verb, "oprd", "xcomp", "acomp", "ccomp", "attr", "conj", "advmod", "dobj"):
        if child.dep == "dobj" and child.text.lower() != "dead":
            continue
        hit = _adjective_category(child) or (_verb_category(child) if child.pos in ("VERB", "AUX") else None)
        if hit and not _tells_its_own_harm(parse, child) and not _only_attempted(parse, child):
            hits.append((hit, child))
    if not hits:
        return None
    return min(hits, key=lambda h: CATEGORY_ORDER.index(h[0]))


def _tells_its_own_harm(parse: Parse, child: Token) -> bool:
    """A verb under another with its own subject ("1 killed, 7 injured") or its own object ("rivals assaulted
    and killed a farmer", "a mine detonated, killing a civilian") names its own victims: they are not the
    other verb's subject or object, who may be the attackers or the weapon."""
    if parse.kids(child, "nsubj", "nsubjpass"):
        return True
    return child.pos in ("VERB", "AUX") and child.dep != "acomp" and \
        any(c.text.lower() != "dead" for c in parse.kids(child, "dobj", "obj"))


# A harm only tried, planned or threatened ("tried to lynch three men") is no casualty.
ATTEMPT_VERBS = {"try", "attempt", "plan", "plot", "threaten", "seek", "vow", "intend", "aim", "want", "fail",
                 "conspire", "scheme"}


def _only_attempted(parse: Parse, verb: Token) -> bool:
    if any(c.lemma.lower() in ("nearly", "almost") for c in parse.kids(verb, "advmod")):
        return True  # "nearly lynched a pickpocket": he lived
    head = parse.head(verb)
    return verb.dep == "xcomp" and head is not None and head.lemma.lower() in ATTEMPT_VERBS


def _tally_category(parse: Parse, anchor: Token) -> Optional[tuple[str, Token]]:
    """"the death toll rose to 23", "the number of civilians injured had risen to 23", "the toll is 23"."""
    head = parse.head(anchor)
    verb = None
    # "rose from 1 to 4" is read as one count, the new figure, headed by "from"
    if anchor.dep == "pobj" and head is not None and head.lemma.lower() in ("to", "at", "from"):
        verb = parse.head(head)
    elif anchor.dep in ("dobj", "attr", "npadvmod") and head is not None:
        verb = head
    if verb is None or verb.lemma.lower() not in TALLY_VERBS:
        return None
    for child in parse.kids(verb, "nsubj", "nsubjpass", "dobj"):
        if child.lemma.lower() in TALLY_NOUNS:
            return _tally_noun_category(parse, child)
    return None


def _tally_noun_category(parse: Parse, tally: Token) -> Optional[tuple[str, Token]]:
    for child in parse.kids(tally, "compound", "amod", "nmod"):
        category = _noun_category(child)
        if category is not None:
            return category, child
    for prep in parse.kids(tally, "prep"):
        if prep.lemma.lower() != "of":
            continue
        for obj in parse.kids(prep, "pobj"):
            category = _noun_category(obj) or _adjective_category(obj)
            if category is not None:
                return category, obj
            for child in parse.kids(obj, "acl", "amod", "relcl"):
                hit = _adjective_category(child) or _verb_category(child)
                if hit:
                    return hit, child
    if tally.lemma.lower() == "toll":
        return KILLED, tally  # in conflict reporting a bare "toll" counts the dead
    return None


def _tally_group(parse: Parse, anchor: Token) -> Optional[str]:
    """"the number of civilians injured rose to 23" counts civilians."""
    head = parse.head(anchor)
    verb = parse.head(head) if anchor.dep == "pobj" and head is not None else head
    if verb is None:
        return None
    for tally in parse.kids(verb, "nsubj", "nsubjpass", "dobj"):
        if tally.lemma.lower() in TALLY_NOUNS:
            for prep in parse.kids(tally, "prep"):
                for obj in parse.kids(prep, "pobj"):
                    if prep.lemma.lower() in ("of", "among") and _is_person_noun(obj) and _noun_category(obj) is None:
                        return _noun_phrase_group(parse, obj)
    return None


def _is_subset(parse: Parse, nominal: Token) -> bool:
    """"200 people, including 10 civilians": the part is inside the whole; counting both would double it."""
    head = parse.head(nominal)
    if nominal.dep == "pobj" and head is not None and head.lemma.lower() in ("include", "including", "among"):
        return head.lemma.lower() != "among" or parse.head(head) is not None and parse.head(head).pos in ("NOUN", "NUM")
    return False


def _group(parse: Parse, nominal: Token, anchor: Token) -> Optional[str]:
    """Who was counted, as the text names them ("soldiers", "service personnel", "civilians")."""
    if (nominal is not anchor or not _is_number(anchor)) and nominal.pos in ("NOUN", "PROPN") \
            and (_is_person_noun(nominal) or _head_of_people(parse, nominal)) \
            and _noun_category(nominal) is None and nominal.lemma.lower() != "life":
        return _noun_phrase_group(parse, nominal)
    # "dozens of people", "several of its peacekeepers", "23, including children"
    for prep in parse.kids(nominal, "prep"):
        if prep.lemma.lower() == "of":
            for obj in parse.kids(prep, "pobj"):
                if _is_person_noun(obj) and obj.text.lower() not in PRONOUNS | {"them", "us"}:
                    return _noun_phrase_group(parse, obj)
    return None


def _noun_phrase_group(parse: Parse, noun: Token) -> str:
    word = noun.text.lower()
    if word in ("others", "more", "other"):
        return "people"
    compounds = [c for c in parse.kids(noun, "compound") if c.i == noun.i - 1 and c.pos == "NOUN"]
    if any(_is(c, {"civilian"}) for c in parse.kids(noun, "amod", "compound")) and word != "civilians":
        return "civilians"
    if compounds:
        return f"{compounds[0].text.lower()} {word}"
    return word


def _group_from_trigger(parse: Parse, nominal: Token, trigger: Token) -> Optional[str]:
    """"civilian casualties", "casualties among civilians"."""
    for child in parse.kids(trigger, "amod", "compound"):
        if child.lemma.lower() in GROUP_FROM_ADJECTIVE:
            return GROUP_FROM_ADJECTIVE[child.lemma.lower()]
    for prep in parse.kids(trigger, "prep"):
        if prep.lemma.lower() == "among":
            for obj in parse.kids(prep, "pobj"):
                if _is_person_noun(obj):
                    return obj.text.lower()
    return None


# --------------------------------------------------------------------------- numbers in an article

class Candidate(NamedTuple):
    start: int
    end: int
    count: Count
    anchor: Token
    determiner: Optional[str] = None   # "a"/"the"/"no" when the count is read from an article before a noun;
    #                                    "pronoun"/"bare" for one victim named by "him" or a bare noun


def candidates(article: Article, parse: Parse, sentence_index: int) -> list[Candidate]:
    """Number phrases of one sentence with their syntactic head token, minus dates, ages, money and titles."""
    sentence = article.sentences[sentence_index]
    tokens = article.sentence_tokens(sentence_index)
    out: list[Candidate] = []
    used: set[int] = set()
    for start, end, count in find_counts(sentence.text):
        start, end = start + sentence.start, end + sentence.start
        inside = [t for t in tokens if t.start >= start and t.end <= end]
        if not inside or _excluded(article, tokens, inside, start, end):
            continue
        anchor = _phrase_head(parse, inside)
        if anchor.i in used:
            continue
        used.update(t.i for t in inside)
        out.append(Candidate(start, end, count, anchor))
    out.extend(_singular_and_none(article, parse, tokens, used))
    return out


def _phrase_head(parse: Parse, inside: list[Token]) -> Token:
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head not in ids or t.head == t.i]
    numeric = [t for t in heads if t.like_num or t.pos == "NUM" or t.lemma.lower() in {"dozen", "hundred", "thousand", "score", "several", "few"}]
    return (numeric or heads or inside)[-1]


_MONTH_WORDS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
                "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")


def _excluded(article: Article, tokens: list[Token], inside: list[Token], start: int, end: int) -> bool:
    body = article.body
    text = body[start:end]
    if any(t.ent_type in {"PERCENT", "MONEY", "ORDINAL"} for t in inside if t.like_num or t.pos == "NUM"):
        return True
    if any(t.ent_type in {"DATE", "TIME"} for t in inside) and _names_time(tokens, inside):
        return True
    if re.fullmatch(r"(?:1[89]|20|21)\d\d", text.strip()) and not re.match(r"\s+(?:people|persons|civilians|soldiers|troops)\b", body[end:end + 12]):
        return True  # a year
    after = body[end:end + 16].lower()
    # a date in the sentence before is no part of this number: "25 Aug. Five people were killed"
    before = body[max(0, tokens[0].start, start - 16):start].lower()
    if re.match(r"\s*(?:%|per ?cent|percent|-?years?[- ]old|-year|-month|-day|-week|-hour|-strong|-member|st\b|nd\b|rd\b|th\b|km|kg|mm|ft|\.\d|[ap]\.?m\b|o'clock)", after):
        return True
    if re.match(r"\s+(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies))\b", after):
        return True
    if re.match(r"\s*(?:of\s+)?(?:" + _MONTH_WORDS + r")\b", after) or _day_of_month_before(before, text):
        return True  # "14 June", "June 14"
    if re.search(r"(?:[$€£¥]|\b(?:aged|age|ages|no\.|number|page|article|resolution|chapter|room|route|flight|unit|brigade|battalion|division|regiment|corps|army|district)\s*)$", before):
        return True
    if re.match(r"\s*(?:dollars|euros|pounds|rubles|roubles|manat|dram|shekels|hryvnia|yuan|rupees|usd|eur)\b", after):
        return True
    return False


def _day_of_month_before(before: str, text: str) -> bool:
    """"June 14": a day is written in digits after its month, and a month that has its day already
    ("01 Oct. 7 people killed") or a number in words ("25 Aug. Five people") starts a count, not a date."""
    m = re.search(r"(\b\d{1,2}\s+)?\b(?:" + _MONTH_WORDS + r")\.?\s*$", before)
    return bool(m) and not m.group(1) and text.strip()[:1].isdigit()


_NUMBERISH = {"between", "and", "to", "or", "some", "about", "around", "at", "least", "more", "than", "over",
              "nearly", "almost", "up", "-", "–", "a", "an"}


def _names_time(tokens: list[Token], inside: list[Token]) -> bool:
    """The parser calls the number a DATE/TIME: believe it only when the entity has a word of time in it
    ("two days", "14 June"); it also mislabels bare ranges such as "between 3 and 5"."""
    labels = {t.ent_type for t in inside if t.ent_type in ("DATE", "TIME")}
    first, last = inside[0].i, inside[-1].i
    by_index = {t.i: t for t in tokens}
    while first - 1 in by_index and by_index[first - 1].ent_type in labels and by_index[first].ent_iob != "B":
        first -= 1
    while last + 1 in by_index and by_index[last + 1].ent_type in labels and by_index[last + 1].ent_iob == "I":
        last += 1
    for i in range(first, last + 1):
        t = by_index[i]
        word = t.text.lower()
        if t.like_num or word in _NUMBERISH or word in UNITS or word in SCALES or t.is_punct:
            continue
        if i < inside[0].i and _is_month(word) and not inside[0].text[:1].isdigit():
            continue  # "25 Aug. Five people were killed": a day is written in digits, so "Five" starts a count
        return True
    return False


def _is_month(word: str) -> bool:
    return re.fullmatch(r"(?:" + _MONTH_WORDS + r")\.?", word) is not None


def _singular_and_none(article: Article, parse: Parse, tokens: list[Token], used: set[int]) -> list[Candidate]:
    """"a soldier was killed" and "the driver was shot dead" count one; "no casualties were reported" counts zero."""
    out = []
    for t in tokens:
        det = t.lemma.lower()
        if t.dep != "det" or t.i in used or det not in ("a", "an", "no", "the"):
            continue
        noun = parse.head(t)
        owned = _owned_person(parse, noun) if det in ("a", "an") else None
        if owned is not None:  # "shot dead a regime's fighter": the article counts the one possessed
            used.add(t.i)
            out.append(Candidate(t.start, owned.end, Count(1, 1, 1), owned, det))
            continue
        if noun is None or noun.pos not in ("NOUN", "PROPN") or (noun.tag in ("NNS", "NNPS") and det != "no"):
            continue
        if noun.text.lower() in NOT_PEOPLE or noun.lemma.lower() in NOT_VICTIMS and not _head_of_people(parse, noun):
            continue
        if det == "the" and (_noun_category(noun) or noun.ent_type):
            continue  # "the death of ...": no head count in it
        if det != "no" and (_is_collective(noun) or noun.lemma.lower() in QUANTITY_NOUNS):
            continue  # "the army", "a mob of residents", "a number of fighters": one group, no head count
        if det == "no" and not (_is_person_noun(noun) or _noun_category(noun)):
            continue
        used.add(t.i)
        out.append(Candidate(t.start, noun.end, Count(0, 0, 0) if det == "no" else Count(1, 1, 1), t, det))
    out.extend(_bare_conjoined_people(parse, tokens, used))
    out.extend(_headline_victims(parse, tokens, used))
    out.extend(_pronoun_victims(tokens, used))
    return out


def _pronoun_victims(tokens: list[Token], used: set[int]) -> list[Candidate]:
    """"a mob attacked a man and killed him", "he died later": one person, when the sentence counts him
    nowhere else (see read_figures); "them" tells no number."""
    return [Candidate(t.start, t.end, Count(1, 1, 1), t, "pronoun") for t in tokens
            if t.i not in used and (t.text.lower() in ("him", "her") and t.dep == "dobj"
                                    or t.text.lower() in ("he", "she") and t.dep in ("nsubj", "nsubjpass"))]


UNCOUNTED = {"many", "several", "some", "more", "few", "numerous", "other", "multiple", "countless", "much", "any"}
# Singular people named without an article in headline English ("Mob kills suspected robber")
SINGULAR_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ee", "man", "woman")


def _headline_victims(parse: Parse, tokens: list[Token], used: set[int]) -> list[Candidate]:
    """"Mob lynches suspected thief", "Policeman killed in ambush": headlines drop the article, and a singular
    person with no article, number or possessive is still one person. Kept only as a death (see read_figures)."""
    out = []
    for noun in tokens:
        word = noun.text.lower()
        # the parser tags a capitalised first word as a name and a bare "civilian" as an adjective
        opening_word = noun.tag == "NNP" and noun.i == tokens[0].i
        singular = noun.tag == "NN" or word in PERSON_NOUNS and (noun.tag == "JJ" or opening_word)
        if noun.i in used or not singular or noun.dep not in ("dobj", "nsubj", "nsubjpass", "ROOT"):
            continue
        if parse.kids(noun, "det", "poss", "nummod", "quantmod") or _is_collective(noun) or noun.ent_type:
            continue
        if word in NOT_PEOPLE or noun.lemma.lower() in NOT_VICTIMS or _noun_category(noun) or _adjective_category(noun):
            continue  # "many dead": the harm itself, counted only by a number
        if any(c.lemma.lower() in UNCOUNTED for c in parse.kids(noun)):
            continue  # "many civilians", "other victim": a quantity without a number
        if _is_person_noun(noun) or len(word) > 4 and word.endswith(SINGULAR_PERSON_SUFFIXES):
            used.add(noun.i)
            out.append(Candidate(noun.start, noun.end, Count(1, 1, 1), noun, "bare"))
    return out


def _owned_person(parse: Parse, possessor: Optional[Token]) -> Optional[Token]:
    if possessor is None or possessor.dep != "poss":
        return None
    owned = parse.head(possessor)
    return owned if owned is not None and owned.tag == "NN" and _is_person_noun(owned) else None


def _bare_conjoined_people(parse: Parse, tokens: list[Token], used: set[int]) -> list[Candidate]:
    """"a farmer and his brother were killed", "a dead man and woman": a singular person joined to another
    names one more person even without an article."""
    out = []
    for noun in tokens:
        if noun.dep != "conj" or noun.tag != "NN" or noun.i in used or not _is_person_noun(noun) \
                or _is_collective(noun) or noun.ent_type in ("PERSON", "NORP", "ORG", "GPE"):
            continue
        if parse.kids(noun, "det", "nummod", "quantmod") or any(_is_number(c) for c in parse.kids(noun)):
            continue  # "and a woman", "and two children": counted from their own words
        if _one_person_told_twice(parse, noun):
            continue
        head = parse.head(noun)
        if head is None or head.pos not in ("NOUN", "PROPN") or not _could_be_victim(head, KILLED, parse):
            continue
        used.add(noun.i)
        out.append(Candidate(noun.start, noun.end, Count(1, 1, 1), noun))
    return out


def _one_person_told_twice(parse: Parse, noun: Token) -> bool:
    """"a religious leader and party leader was shot dead": a singular verb makes the pair one person."""
    root = noun
    while root.dep == "conj" and parse.head(root) is not None:
        root = parse.head(root)
    verb = parse.head(root)
    if root.dep not in ("nsubj", "nsubjpass") or verb is None:
        return False
    return any(c.text.lower() in ("was", "is", "has") for c in parse.kids(verb, "aux", "auxpass"))


def _is_number(t: Token) -> bool:
    return t.like_num or t.pos == "NUM"


QUANTITY_NOUNS = {"number", "lot", "host", "series", "total", "band", "gang", "party", "squad", "convoy",
                  "contingent", "delegation", "handful"}
COLLECTIVES = {"army", "military", "police", "government", "forces", "force", "militia", "group", "regime",
               "enemy", "side", "authorities", "administration", "ministry", "state", "crowd", "mob", "family",
               "population", "public", "community", "people", "personnel", "staff", "crew", "unit", "team"}


def _is_collective(noun: Token) -> bool:
    return noun.lemma.lower() in COLLECTIVES or noun.text.lower() in COLLECTIVES


# --------------------------------------------------------------------------- who says so, and when

def attribute(article: Article, parse: Parse, sentence_index: int, start: int, anchor: Token) -> tuple[Optional[str], Optional[str]]:
    """(source, claim_id): the claim holding the figure, a claim in its sentence, "according to X", or "X said"."""
    claims = [c for c in article.claims if isinstance(c, Claim)]
    holding = [c for c in claims if c.start <= start < c.end]
    if holding:
        best = min(holding, key=lambda c: c.end - c.start)
        return best.speaker, best.claim_id
    sentence = article.sentences[sentence_index]
    same = [c for c in claims if c.sentence == sentence_index or (c.start < sentence.end and c.end > sentence.start)]
    if same:
        best = min(same, key=lambda c: abs(c.start - start))
        return best.speaker, best.claim_id
    return _according_to(article, parse, sentence_index) or _said_by(article, parse, sentence_index, anchor), None


def _according_to(article: Article, parse: Parse, sentence_index: int) -> Optional[str]:
    for t in article.sentence_tokens(sentence_index):
        if t.text.lower() == "according":
            for to in parse.kids(t, "prep"):
                for obj in parse.kids(to, "pobj"):
                    return _span_text(article, parse.subtree(obj))
    return None


def _said_by(article: Article, parse: Parse, sentence_index: int, anchor: Token) -> Optional[str]:
    """The subject of the speech verb whose reported clause holds the figure ("..., officials said")."""
    path = [anchor] + parse.ancestors(anchor)
    for below, node in zip(path, path[1:]):
        if _is_speech(node) and below.dep in _REPORTED:
            return _speaker(article, parse, sentence_index, node)
    # "X killed three, officials said": the parser may hang the speech verb under the clause
    for node in path:
        for child in parse.kids(node, "parataxis", "ccomp", "advcl"):
            if _is_speech(child):
                return _speaker(article, parse, sentence_index, child)
    return None


_REPORTED = {"ccomp", "xcomp", "parataxis", "advcl", "conj"}


def _is_speech(t: Token) -> bool:
    return t.lemma.lower() in SPEECH_VERBS and t.pos in ("VERB", "AUX")


def _speaker(article: Article, parse: Parse, sentence_index: int, verb: Token) -> Optional[str]:
    for subject in parse.kids(verb, "nsubj"):
        if subject.text.lower() in PRONOUNS:
            return _resolve_pronoun(article, sentence_index, subject)
        return _span_text(article, [t for t in parse.subtree(subject) if t.dep not in ("relcl", "punct")] or [subject])
    return None


def _resolve_pronoun(article: Article, sentence_index: int, pronoun: Token) -> Optional[str]:
    """"He said ...": the last person named in the three sentences before (a cheap stand-in for coreference)."""
    if pronoun.text.lower() not in ("he", "she"):
        return None
    people = [m for m in article.mentions
              if m.label == "PERSON" and sentence_index - 3 <= m.sentence <= sentence_index and m.start < pronoun.start]
    return people[-1].text if people else None


def _span_text(article: Article, span: list[Token]) -> str:
    span = [t for t in span if not t.is_punct] or span
    start, end = min(t.start for t in span), max(t.end for t in span)
    return article.body[start:end]


# A death that is "prior" or that someone is accused or arrested for happened before the event told:
# "the man accused of the killing of a trader", "arrested over the earlier killing of two farmers"
PRIOR_MODIFIERS = {"prior", "earlier", "previous", "past"}
CHARGE_VERBS = {"accuse", "charge", "convict", "indict", "sentence", "acquit", "arrest", "detain", "jail",
                "prosecute", "try"}


def _told_as_prior(parse: Parse, trigger: Token) -> bool:
    if any(c.text.lower() in PRIOR_MODIFIERS for c in parse.kids(trigger, "amod")):  # lemma of "earlier" is "early"
        return True
    head = parse.head(trigger)
    if trigger.dep in ("pobj", "pcomp") and head is not None and head.dep == "prep":
        governor = parse.head(head)
        return governor is not None and governor.lemma.lower() in CHARGE_VERBS
    return False


def is_background(article: Article, parse: Parse, sentence_index: int, trigger: Token) -> bool:
    """History told as background: the nearest time in the sentence is historical, or a war is the killer."""
    if _told_as_prior(parse, trigger):
        return True
    in_sentence = [t for t in article.times if t.sentence == sentence_index]
    if in_sentence:
        nearest = min(in_sentence, key=lambda t: (times_stage.tree_distance(article, trigger.i, t), t.start))
        if nearest.historical:
            return True
        if any(t.historical for t in in_sentence) and not any(t.date and not t.historical for t in in_sentence):
            return True
    agents = parse.kids(trigger, "nsubj")
    head = parse.head(trigger)
    if trigger.dep == "relcl" and head is not None:
        agents.append(head)
    return any(a.lemma.lower() in BACKGROUND_AGENTS for a in agents)


# --------------------------------------------------------------------------- the stage

def read_figures(article: Article) -> list[Figure]:
    if not article.tokens or not article.sentences:
        return []
    parse = Parse(article.tokens)
    figures: list[Figure] = []
    for sentence in article.sentences:
        if sentence.token_end <= sentence.token_start:
            continue
        readings = []
        for cand in candidates(article, parse, sentence.index):
            reading = classify(parse, cand.anchor)
            if reading is None or cand.count.best is None:
                continue
            if cand.determiner == "the" and reading.category not in (KILLED, WOUNDED):
                continue  # "the protesters were evacuated": no count in a definite article
            if cand.determiner in ("pronoun", "bare") and reading.category != KILLED:
                continue
            readings.append((cand, reading))
        if any(c.determiner not in ("pronoun", "bare") and r.category == KILLED for c, r in readings):
            # "a man was killed after gunmen shot him dead": a pronoun or a bare noun may be a victim already
            # counted; they are read only where nothing else counts the dead
            readings = [(c, r) for c, r in readings if c.determiner not in ("pronoun", "bare")]
        for cand, reading in _without_double_counts(readings):
            source, claim_id = attribute(article, parse, sentence.index, cand.start, cand.anchor)
            figures.append(Figure(
                article_id=article.article_id, start=cand.start, end=cand.end,
                text=article.body[cand.start:cand.end], sentence=sentence.index, category=reading.category,
                best=cand.count.best, low=cand.count.low, high=cand.count.high, group=reading.group,
                source=source, claim_id=claim_id,
                historical=is_background(article, parse, sentence.index, reading.trigger)))
    return figures


def _without_double_counts(readings: list[tuple[Candidate, Reading]]) -> list[tuple[Candidate, Reading]]:
    """"the body of a man": the noun of harm and its complement count the same person; keep the complement."""
    specific = {r.trigger.i for _, r in readings if r.nominal.i != r.trigger.i}
    return [(c, r) for c, r in readings if not (r.nominal.i == r.trigger.i and r.trigger.i in specific)]


def run(corpus: Corpus, settings) -> Corpus:
    for article in corpus.articles:
        if article.body and article.tokens:
            article.figures = read_figures(article)
    return corpus


def killed_total(figures: list[Figure]) -> Optional[int]:
    """The deaths one article reports for one event: killed figures summed per sentence, the largest sentence kept.

    Figures of one sentence are parts of one report ("killing 2 soldiers and 1
    civilian"); figures in several sentences usually repeat or update the same
    count, so the largest is kept, not the sum.
    """
    per_sentence: dict[int, int] = {}
    for f in figures:
        if f.category == KILLED and not f.historical and f.best is not None:
            per_sentence[f.sentence] = per_sentence.get(f.sentence, 0) + f.best
    return max(per_sentence.values()) if per_sentence else None


# Whose deaths a figure counts, so that like is compared with like across reports.
MILITARY = {"soldier", "troop", "peacekeeper", "servicem", "service member", "service personnel", "fighter",
            "militant", "personnel", "officer", "combatant", "guard", "police", "rebel", "serviceman", "servicemen"}
CIVILIAN = {"civilian", "resident", "child", "woman", "women", "villager", "worker", "employee", "citizen",
            "passenger", "journalist", "protester", "student", "driver", "farmer", "family", "shopper", "vendor",
            "trader", "worshipper", "pupil", "teacher", "doctor", "nurse", "patient", "refugee", "miner"}


def group_family(f: Figure) -> str:
    """Whose deaths a figure counts: like is compared with like."""
    group = (f.group or "").lower()
    if any(w in group for w in MILITARY):
        return "military"
    if any(w in group for w in CIVILIAN):
        return "civilians"
    return "people"
