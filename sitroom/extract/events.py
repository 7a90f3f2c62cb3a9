"""Event candidates in ACLED's taxonomy, one article at a time.

The method is transparent on purpose: a trigger lexicon (lemmas and phrases
mapped to ACLED event and sub-event types) finds sentences that report an
event; the dependency parse decides who acted on whom; the reading stages give
the date, the place and the figures that belong to the sentence. Nothing here
is learnt from ACLED data (ACLED's terms forbid derived data sets), and no
entry names a particular conflict's places or parties.

Rules kept in mind while reading a sentence:
- a trigger under a modal ("could resume"), a negation or a conditional is not
  an event; neither is one whose only date is background history;
- talks and ceasefires are coded as Strategic developments / Agreement only
  when the sentence says they happened (held, began, declared, agreed, signed),
  because ACLED codes agreements between conflict parties, not every mention
  of diplomacy; phone calls and statements of concern are not events;
- arrests at a protest make the protest a "Protest with intervention" rather
  than a separate arrest event.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..model import Actor, Article, Claim, Corpus, EventCandidate, Evidence, Figure, Place, TimeExpr, Token
from ..read.figures import group_family

NAME = "events"
REQUIRES = {"tokens", "sentences", "places", "actors", "times", "figures", "claims"}
PROVIDES = {"candidates"}
PER_ARTICLE = True

EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    strength: int          # 3 names the means (artillery, drone); 2 a clear event; 1 only an outcome (killed)
    needs_happening: bool = False  # talks, ceasefires: only when the sentence says they took place


# Lemma (or lower-cased phrase) -> trigger. Phrases are matched on lemmas joined by spaces.
TRIGGERS: dict[str, Trigger] = {}


def _add(words: Iterable[str], trigger: Trigger) -> None:
    for w in words:
        TRIGGERS[w] = trigger


_add(["shell", "shelling", "artillery", "mortar", "rocket", "missile", "bombard", "bombardment", "barrage",
      "projectile", "salvo", "mortar bomb", "explosive projectile", "indirect fire",
      "howitzer", "cannon", "rocket fire", "artillery fire", "shellfire", "mlrs", "grad"],
     Trigger(EXPLOSIONS, "Shelling/artillery/missile attack", 3))
_add(["airstrike", "air strike", "air raid", "drone", "uav", "warplane", "airstrikes", "bomber", "drone strike",
      "drone attack", "helicopter gunship", "air attack", "kamikaze drone", "loitering munition"],
     Trigger(EXPLOSIONS, "Air/drone strike", 3))
_add(["landmine", "land mine", "ied", "roadside bomb", "car bomb", "explosive device", "improvised explosive",
      "mine blast", "booby trap"],
     Trigger(EXPLOSIONS, "Remote explosive/landmine/IED", 3))
_add(["suicide bomber", "suicide bombing", "suicide attack", "suicide vest"],
     Trigger(EXPLOSIONS, "Suicide bomb", 3))
_add(["grenade"], Trigger(EXPLOSIONS, "Grenade", 3))
_add(["explosion", "blast", "detonation"], Trigger(EXPLOSIONS, "Shelling/artillery/missile attack", 2))
_add(["gunfire", "sniper fire", "small arms fire", "burst of fire", "exchange fire", "exchanged fire"],
     Trigger(BATTLES, "Armed clash", 2))
_add(["chemical weapon", "chemical attack", "nerve agent", "chlorine gas", "mustard gas", "poisonous gas",
      "toxic gas", "sarin", "poison gas"], Trigger(EXPLOSIONS, "Chemical weapon", 3))
_add(["clash", "fighting", "firefight", "gunfight", "skirmish", "battle", "exchange of fire", "open fire",
      "fire at", "fire on", "fire upon", "shoot at", "ambush", "offensive", "assault", "attack", "shootout",
      "ceasefire violation", "cease-fire violation", "hostility", "military operation", "raid", "incursion",
      "storm", "shoot"],
     Trigger(BATTLES, "Armed clash", 2))
_add(["recapture", "retake", "regain control", "regain", "reclaim", "liberate"],
     Trigger(BATTLES, "Government regains territory", 2))
_add(["seize", "capture", "overrun", "take control", "take over"],
     Trigger(BATTLES, "Non-state actor overtakes territory", 2))
_add(["kill", "die", "dead", "death", "wound", "injure", "casualty"],
     Trigger(BATTLES, "Armed clash", 1))
_add(["massacre", "execute", "execution", "behead", "assassinate", "assassination"], Trigger(VAC, "Attack", 2))
_add(["abduct", "kidnap", "abduction", "kidnapping", "disappear", "enforced disappearance", "hostage"],
     Trigger(VAC, "Abduction/forced disappearance", 2))
_add(["rape", "sexually abuse", "sexual violence", "molest", "sexual assault", "sexually assault", "gang-rape"],
     Trigger(VAC, "Sexual violence", 2))
_add(["lynch", "lynching", "mob justice", "vigilante"], Trigger(RIOTS, "Mob violence", 2))
_add(["defect", "defection", "split", "rename", "dissolve", "merge with"],
     Trigger(STRATEGIC, "Change to group/activity", 1, needs_happening=False))
_add(["water cannon", "tear gas", "teargas", "rubber bullet"], Trigger(PROTESTS, "Protest with intervention", 3))
_add(["protest", "protester", "demonstration", "demonstrator", "rally", "march", "sit-in", "picket", "demonstrate",
      "walkout", "walk out", "down tool", "hunger strike", "go on strike", "vigil"],
     Trigger(PROTESTS, "Peaceful protest", 2))
_add(["riot", "rioter", "mob", "loot", "torch"], Trigger(RIOTS, "Violent demonstration", 2))
_add(["cessation of hostility", "cessation of hostilities"], Trigger(STRATEGIC, "Agreement", 2, needs_happening=True))
_add(["ceasefire", "cease-fire", "truce", "peace deal", "peace agreement", "agreement", "accord", "deal", "talk",
      "negotiation", "peace talk", "discussion", "round of talk", "disarm", "disband", "capitulation", "surrender",
      "prisoner exchange", "exchange of prisoner", "swap of prisoner",
      "prisoner swap"],
     Trigger(STRATEGIC, "Agreement", 2, needs_happening=True))
_add(["arrest", "detain", "detention"], Trigger(STRATEGIC, "Arrests", 2))
# A bare "strike" is an attack told again ("the strike killed four") unless workers strike (see _classify).
_add(["strike"], Trigger(BATTLES, "Armed clash", 1))
_add(["blockade", "block"], Trigger(STRATEGIC, "Other", 1, needs_happening=True))
_add(["evacuate", "evacuation"], Trigger(STRATEGIC, "Other", 1, needs_happening=True))
_add(["withdraw", "withdrawal", "hand over", "pull out"], Trigger(STRATEGIC, "Non-violent transfer of territory", 1,
                                                                  needs_happening=True))
_add(["defuse", "intercept", "shoot down", "weapons cache", "arms cache"], Trigger(STRATEGIC, "Disrupted weapons use", 2))

BASE_WORDS = {"base", "post", "outpost", "camp", "checkpoint", "headquarters", "position", "station", "garrison"}
# Objects that make a seizure a seizure of arms, not of ground.
ARMS_WORDS = {"weapon", "firearm", "gun", "rifle", "ammunition", "explosive", "arm", "cache", "munition", "grenade",
              "rocket", "mine", "bomb", "device", "drug"}
# Targets that make an attack an attack on civilians when no armed party is hit.
CIVILIAN_TARGETS = {"civilian", "resident", "villager", "house", "home", "vehicle", "car", "bus", "plane", "community",
                    "village", "market", "school", "church", "mosque", "temple", "hospital", "university",
                    "shop", "farmer", "passenger", "worshipper", "student", "family", "journalist", "people", "man",
                    "woman", "child", "driver", "trader", "herder", "motorist", "pedestrian"}
ARMED_WORDS = {"soldier", "troop", "force", "army", "police", "policeman", "officer", "guard", "militant", "rebel",
               "fighter", "insurgent", "militia", "gunman", "position", "post", "base", "checkpoint", "patrol",
               "convoy", "unit", "personnel", "serviceman", "jihadist", "terrorist", "separatist", "peacekeeper",
               "commander", "guardsman", "servicemen", "sniper", "trooper", "gendarme"}
CROWD_AGENT_VIOLENCE = {"clash", "vandalize", "vandalise", "torch", "burn", "throw", "stone", "pelt", "attack",
                        "ransack", "loot", "smash", "block"}
# Triggers that count only as nouns ("according to" is no accord, "to deal with" no deal).
NOUN_ONLY = {"accord", "deal", "agreement", "talk", "negotiation", "truce", "ceasefire", "cease-fire"}

# Words that show a talk or truce took place, rather than being wished for or discussed.
HAPPENING = {"enter", "effect", "force", "conduct", "carry", "complete", "hold", "host", "begin", "start", "open", "meet", "sign", "reach", "agree", "declare", "announce",
             "broker", "mediate", "conclude", "end", "attend", "take", "launch", "establish", "accept", "impose",
             "continue", "resume", "convene", "round", "ongoing", "underway", "place", "focus", "come"}
MODALS = {"could", "would", "might", "may", "should", "will", "can", "must", "shall"}
FUTURE_OR_WISH = {"threaten", "plan", "prepare", "seek", "want", "hope", "fear", "risk", "warn", "urge", "call",
                  "demand", "ask", "propose", "expect", "aim", "avoid", "prevent", "concern", "worry", "move",
                  "bid", "intend", "vow", "pledge"}
# A nominal trigger that is the topic of these is a reference to an event told elsewhere
# ("apologised for the death of", "a meeting on the offensive"), not a new report.
REFERENCE_HEADS = {"cessation", "end", "halt", "suspension", "stop", "blame", "responsibility", "apologise", "apologize", "apology", "meeting", "session", "statement", "condolence", "concern",
                   "condemn", "condemnation", "investigation", "inquiry", "report", "debate", "resolution",
                   "sanction", "mourn", "commemorate", "anniversary", "memorial", "request"}
SPEECH_VERBS = {"comment", "respond", "reply", "say", "claim", "announce", "state", "report", "deny", "accuse", "insist", "urge", "call", "demand",
                "warn", "tell", "add", "confirm", "allege", "blame", "argue", "stress", "note", "write", "tweet"}
ANCHOR_VERBS = {"meet", "negotiate", "visit", "attend", "host", "travel", "fly", "arrive", "speak", "phone"}
# Quantities of people that are a crowd, not victims, when the trigger is a protest.
PROTEST_WORDS = {"protest", "protester", "demonstration", "demonstrator", "rally", "march", "sit-in", "walkout"}
# People who strike or block roads in protest, not with weapons.
LABOUR_OR_CIVIC = {"worker", "union", "employee", "miner", "teacher", "student", "driver", "farmer", "resident",
                   "trader", "vendor", "nurse", "doctor", "staff", "villager", "unionist", "trucker", "taxi"}
WEAPON_WORDS = {"drone", "missile", "bomb", "airstrike", "aircraft", "jet", "warplane", "artillery", "rocket",
                "shell", "gun", "rifle", "weapon", "munition"}
# Small arms whose names contain heavy-weapon words: "rocket-propelled grenade" is a firefight, not shelling.
HISTORY_CUES = re.compile(r"\b(since (the )?(end of )?(a |the )?(\w+ )?(war|conflict|uprising)|years? ago|"
                          r"in the (early |late |mid-)?(1[89]\d0|20[0-2]0)s|anniversary)\b", re.I)
def run(corpus: Corpus, settings) -> Corpus:
    for article in corpus.articles:
        article.candidates = code_article(article, settings)
    return corpus


# --------------------------------------------------------------------------- per article

def code_article(article: Article, settings) -> list[EventCandidate]:
    if not article.sentences or not article.tokens:
        return []
    context = _ArticleContext(article)
    out: list[EventCandidate] = []
    for sentence in article.sentences:
        out.extend(_code_sentence(article, sentence.index, context, settings))
    for n, cand in enumerate(out):
        cand.candidate_id = f"{article.article_id}-e{n}"
    return out


class _ArticleContext:
    """What the sentences of one article share: the default place and dates."""

    def __init__(self, article: Article):
        self.article = article
        self.by_sentence_places: dict[int, list[Place]] = {}
        for p in article.places:
            self.by_sentence_places.setdefault(p.sentence, []).append(p)
        self.by_sentence_actors: dict[int, list[Actor]] = {}
        for a in article.actors:
            self.by_sentence_actors.setdefault(a.sentence, []).append(a)
        self.by_sentence_times: dict[int, list[TimeExpr]] = {}
        for t in article.times:
            self.by_sentence_times.setdefault(t.sentence, []).append(t)
        self.by_sentence_figures: dict[int, list[Figure]] = {}
        for f in article.figures:
            self.by_sentence_figures.setdefault(f.sentence, []).append(f)
        self.by_sentence_claims: dict[int, list[Claim]] = {}
        for c in article.claims:
            self.by_sentence_claims.setdefault(c.sentence, []).append(c)
        self.main_place = _main_place(article)

    def places(self, i: int) -> list[Place]:
        return self.by_sentence_places.get(i, [])

    def actors(self, i: int) -> list[Actor]:
        return self.by_sentence_actors.get(i, [])

    def times(self, i: int) -> list[TimeExpr]:
        return self.by_sentence_times.get(i, [])

    def figures(self, i: int) -> list[Figure]:
        return self.by_sentence_figures.get(i, [])

    def claims(self, i: int) -> list[Claim]:
        return self.by_sentence_claims.get(i, [])


def _main_place(article: Article) -> Optional[Place]:
    """The dateline's place when the story is about it, else the most mentioned sub-national place."""
    dateline, dominant = _dateline_place(article), _dominant_place(article.places)
    if dateline is None or dominant is None:
        return dateline or dominant
    count = lambda p: sum(1 for q in article.places if q.name == p.name)  # noqa: E731
    return dateline if count(dateline) > count(dominant) or dateline.name == dominant.name else dominant


def _dateline_place(article: Article) -> Optional[Place]:
    """"SUCRE, Bolivia, April 17 (Agency) -": where the report was filed, usually where it happened."""
    for p in article.places:
        if p.sentence > 2:
            break
        line_start = p.start == 0 or article.body[p.start - 1] == "\n"
        if line_start and article.body[p.end:p.end + 2] == ", " and p.kind != "country":
            # a wire story is filed from the capital about events elsewhere: the dateline counts
            # only when the story comes back to that place
            again = sum(1 for q in article.places if q.name == p.name and q.start != p.start)
            return p if again else None
    return None


def _dominant_place(places: list[Place]) -> Optional[Place]:
    """The most mentioned sub-national place: where an article's undated, unplaced sentences happen."""
    counts: dict[str, int] = {}
    first: dict[str, Place] = {}
    for p in places:
        if p.kind == "country":
            continue
        counts[p.name] = counts.get(p.name, 0) + 1
        first.setdefault(p.name, p)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k].start))
    return first[best] if counts[best] >= 2 else None


def _find_triggers(tokens: list[Token]) -> list[tuple[Token, Trigger, str]]:
    """Single lemmas and two/three-word phrases of the lexicon, longest first."""
    found: list[tuple[Token, Trigger, str]] = []
    used: set[int] = set()
    lemmas = [t.lemma.lower() for t in tokens]
    texts = [t.text.lower() for t in tokens]
    for k, text in enumerate(texts):  # "rocket-propelled grenade(s)": mark its parts as used
        if text.strip("-") == "propelled":
            used.update(range(max(0, k - 2), min(len(tokens), k + 3)))
            found.append((tokens[k], Trigger(BATTLES, "Armed clash", 2), "rocket-propelled grenade"))
    for tok in tokens:  # "fired with small arms on the positions of ...": the verb and its target, apart
        if tok.i in used or tok.lemma.lower() not in ("fire", "shoot") or tok.pos != "VERB":
            continue
        if any(c.dep == "prep" and c.text.lower() in ("on", "at", "upon", "against", "toward", "towards")
               for c in tokens if c.head == tok.i):
            found.append((tok, Trigger(BATTLES, "Armed clash", 2), f"{tok.lemma.lower()} on"))
            used.add(tok.i)
    for tok in tokens:  # "set up a new military base", "established an observation post"
        if tok.lemma.lower() in ("establish", "set", "build", "open") and tok.pos == "VERB":
            objs = [c for c in tokens if c.head == tok.i and c.dep == "dobj" and c.lemma.lower() in BASE_WORDS]
            if objs and (tok.lemma.lower() != "set" or any(c.text.lower() == "up" for c in tokens if c.head == tok.i)):
                found.append((tok, Trigger(STRATEGIC, "Headquarters or base established", 2), "establish base"))
                used.add(tok.i)
    for size in (3, 2, 1):
        for k in range(len(tokens) - size + 1):
            if any(j in used for j in range(k, k + size)):
                continue
            for seq in (" ".join(lemmas[k:k + size]), " ".join(texts[k:k + size])):
                trig = TRIGGERS.get(seq)
                if trig:
                    if size == 1 and tokens[k].pos in ("PROPN",):
                        break  # "Rocket Forces" as a name, "Peace Deal Act"
                    if size == 1 and seq in NOUN_ONLY and tokens[k].pos != "NOUN":
                        break  # "according to", "deal with", "talk to"
                    head = _phrase_head(tokens[k:k + size])
                    found.append((head, trig, seq))
                    used.update(range(k, k + size))
                    break
    return found


def _phrase_head(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head not in ids or t.head == t.i:
            return t
    return tokens[-1]


def _token_by_i(article: Article, i: int) -> Optional[Token]:
    if 0 <= i < len(article.tokens) and article.tokens[i].i == i:
        return article.tokens[i]
    for t in article.tokens:
        if t.i == i:
            return t
    return None


def _ancestors(article: Article, tok: Token, limit: int = 8) -> list[Token]:
    out = []
    cur = tok
    for _ in range(limit):
        if cur.head == cur.i:
            break
        nxt = _token_by_i(article, cur.head)
        if nxt is None:
            break
        out.append(nxt)
        cur = nxt
    return out


def _children(tokens: list[Token], tok: Token) -> list[Token]:
    return [t for t in tokens if t.head == tok.i and t.i != tok.i]


def _is_irrealis(article: Article, tokens: list[Token], trig: Token) -> bool:
    """Modal, negated, wished-for or feared: not a report that it happened."""
    chain = [trig] + _ancestors(article, trig, 3)
    for node in chain[:3]:
        kids = _children(tokens, node)
        if any(k.lemma.lower() in MODALS and k.dep in ("aux", "auxpass") for k in kids):
            return True
        if any(k.dep == "neg" or k.lemma.lower() in ("not", "never") and k.dep in ("neg", "advmod") for k in kids):
            return True
        if node is trig and any(k.lemma.lower() == "no" and k.dep == "det" for k in kids):
            return True  # "no agreement was reached"
        for subj in (k for k in kids if k.dep in ("nsubj", "nsubjpass")):
            if any(g.lemma.lower() == "no" and g.dep == "det" for g in _children(tokens, subj)):
                return True  # "no unit of the Front had operated there"
    for anc in chain[1:4]:
        if anc.lemma.lower() in FUTURE_OR_WISH and anc.pos in ("VERB", "NOUN"):
            return True
    return False


def _is_reference(article: Article, trig: Token) -> bool:
    """An event told earlier and named again ("apologised for the deaths", "since the shelling",
    "the group that attacked X"): it may join the event it names, never found a new one."""
    if trig.dep == "acl" and trig.tag == "VBN":
        described = _token_by_i(article, trig.head)
        if described is not None and described.pos in ("NOUN", "PROPN"):
            return True  # "people detained during protests": a description of people, not a new report
    if trig.dep == "relcl":
        described = _token_by_i(article, trig.head)
        if described is not None and described.pos in ("NOUN", "PROPN") and \
                described.lemma.lower() not in TRIGGERS:
            return True  # "the group that attacked Atocha": a description, not a new report
    if trig.pos in ("NOUN", "PROPN"):
        parent = _token_by_i(article, trig.head)
        grand = _token_by_i(article, parent.head) if parent is not None else None
        if parent is not None and parent.dep == "prep" and grand is not None and \
                parent.text.lower() in ("for", "on", "over", "about", "into", "of", "to") and \
                grand.lemma.lower() in REFERENCE_HEADS:
            return True
        if parent is not None and trig.dep in ("dobj", "nsubjpass") and parent.lemma.lower() in \
                {"follow", "precede", "mark", "commemorate", "recall", "condemn", "investigate", "deny", "blame"}:
            return True  # "the talks followed last week's shelling": told as background to something else
        if parent is not None and parent.dep == "prep" and parent.text.lower() in ("since", "following", "before",
                                                                                 "during"):
            return True  # "for the first time since the shelling": an event told earlier, used as a time mark
    return False


def _happened(article: Article, tokens: list[Token], trig: Token) -> bool:
    """For talks and truces: did the sentence say they took place?"""
    window = [trig] + _ancestors(article, trig, 3) + _children(tokens, trig)
    for t in window:
        if t.lemma.lower() in HAPPENING:
            return True
    # "agreed Wednesday to disarm", "talks in Yevlakh": a verb of agreement or a located talk
    for t in tokens:
        if t.lemma.lower() == "agree" and t.pos == "VERB":
            return True
    return False


def _code_sentence(article: Article, index: int, ctx: _ArticleContext, settings) -> list[EventCandidate]:
    sentence = article.sentences[index]
    tokens = article.tokens[sentence.token_start:sentence.token_end]
    if not tokens or len(tokens) > 150:
        return []
    triggers = _find_triggers(tokens)
    if not triggers:
        return []
    scored, references = [], []
    for tok, trig, phrase in triggers:
        if _is_irrealis(article, tokens, tok):
            continue
        if trig.needs_happening and not _happened(article, tokens, tok):
            continue
        (references if _is_reference(article, tok) else scored).append((tok, trig, phrase))
    reference = not scored
    scored = scored or references
    if not scored:
        return []
    event_type, sub_type, strength, trig_tok, phrase = _classify(scored, tokens, ctx.figures(index))
    if event_type is None:
        return []

    when, date_source = _sentence_time(article, index, ctx, trig_tok)
    historical = bool(when and when.historical) or (bool(HISTORY_CUES.search(sentence.text)) and date_source != "sentence")
    if _is_background(tokens, when):
        historical = True
    if when is None and strength <= 1 and not ctx.figures(index):
        return []  # an undated outcome with no figure is usually background
    spans_days = when is not None and when.end_date and when.end_date != when.date
    if spans_days and not historical and (strength <= 1 or EXPLICIT_RANGE.search(when.text)):
        return []  # a tally over several days ("between 7 and 10 April, 18 were killed") is no single event

    actor_roles = _roles(article, tokens, trig_tok, ctx.actors(index), event_type)
    actor1, assoc1, actor2, assoc2 = actor_roles
    places, place_source = _event_places(article, tokens, trig_tok, ctx.places(index), ctx.actors(index),
                                         {t.i for t, _, _ in triggers})
    if not places:
        inherited = _nearby_place(article, index, ctx)
        in_paragraph = inherited is not None and inherited.sentence >= 0 and \
            article.sentences[inherited.sentence].paragraph == sentence.paragraph
        if event_type in (PROTESTS, RIOTS) and not in_paragraph:
            inherited = None  # a crowd is placed by its own paragraph, never by the article's main place
        inherited = inherited or _country_fallback(article, index, ctx)
        if inherited is None:
            return []
        places, place_source = [inherited], ("paragraph" if inherited.sentence != -1 and
                                             article.sentences[inherited.sentence].paragraph == sentence.paragraph
                                             else "article")
    figures = [f for f in ctx.figures(index) if not f.historical]
    killed = [f for f in figures if f.category == "killed" and f.best is not None]
    if event_type == PROTESTS and any(f.category == "arrested" for f in figures):
        sub_type = "Protest with intervention"
    if event_type == BATTLES and killed and strength <= 2 and _victims_are_civilians(killed) \
            and not _armed_patient(ctx.actors(index), actor2):
        event_type, sub_type = VAC, "Attack"  # unarmed victims and no armed opponent: an attack on civilians
    kinds = {a.name: a.kind for a in ctx.actors(index)}
    if sub_type == "Non-state actor overtakes territory" and kinds.get(actor1) in ("state_forces", "police"):
        sub_type = "Government regains territory"
    elif sub_type == "Government regains territory" and kinds.get(actor1) in ("rebels", "militia"):
        sub_type = "Non-state actor overtakes territory"
    if event_type == BATTLES and sub_type == "Armed clash" and not _armed_patient(ctx.actors(index), actor2) \
            and _hits_civilian_target(article, tokens, trig_tok) and kinds.get(actor2) not in \
            ("state_forces", "rebels", "militia", "police", "peacekeepers") \
            and not {t.lemma.lower() for t in tokens} & ARMED_WORDS:
        event_type, sub_type = VAC, "Attack"  # "gunmen opened fire on a bus": no armed party on the other side
    actor1, assoc1, actor2, assoc2 = _acled_conventions(event_type, sub_type, actor1, assoc1, actor2, assoc2,
                                                        places[0], killed, ctx.actors(index))
    best, low, high = _fatalities(killed)
    claim = _claim_over(ctx.claims(index), sentence.start, sentence.end)
    disputed, denied_by = _denial_nearby(article, index, ctx)

    out = []
    for place in places:
        if when and when.date:
            date, precision = when.date, when.time_precision
        elif article.published:
            date, precision, date_source = article.published, 2, "published"
        else:
            date, precision, date_source = None, 3, "published"
        one = len(places) == 1
        cand = EventCandidate(
            candidate_id="", article_id=article.article_id, event_type=event_type, sub_event_type=sub_type,
            event_date=date, time_precision=precision, actor1=actor1, assoc_actor_1=assoc1, actor2=actor2,
            assoc_actor_2=assoc2, location=_location_name(place), admin1=place.admin1, admin2=place.admin2,
            country=place.country, iso=place.iso, latitude=place.latitude, longitude=place.longitude,
            geo_precision=place.geo_precision if place_source == "sentence" else max(place.geo_precision, 2),
            fatalities=best if one else None, fatalities_low=low if one else None,
            fatalities_high=high if one else None, figures=figures if one else [],
            evidence=[Evidence(article.article_id, sentence.start, sentence.end, sentence.text)],
            trigger=phrase, strength=strength, date_source=date_source, place_source=place_source,
            reference=reference,
            source_speaker=claim.speaker if claim else None, source_kind=claim.kind if claim else None,
            disputed=disputed,
            denied_by=denied_by, historical=historical, sentence=index)
        cand.notes = describe(cand)
        out.append(cand)
    violent_refs = [(t, tr, ph) for t, tr, ph in references if tr.event_type in VIOLENT_TYPES]
    if out and violent_refs and event_type not in VIOLENT_TYPES:
        # "a ceasefire was declared following a 24-hour offensive": the offensive is named too,
        # as a report that can only join the event it names.
        _, tr, ph = violent_refs[0]
        first = out[0]
        out.append(dataclasses.replace(first, event_type=tr.event_type, sub_event_type=tr.sub_event_type,
                                       trigger=ph, strength=1, reference=True, date_source="published",
                                       event_date=article.published, time_precision=2, figures=[],
                                       fatalities=None, fatalities_low=None, fatalities_high=None,
                                       actor1=None, actor2=None, assoc_actor_1=None, assoc_actor_2=None))
    return out


def _location_name(place: Place) -> str:
    """The gazetteer's name, with the name the report used when it differs (renamed places)."""
    written = " ".join(place.text.split())
    if _fold(written) in _fold(place.name) or _fold(place.name) in _fold(written):
        return place.name
    return f"{place.name} ({written})"


def _fold(text: str) -> str:
    import unicodedata
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _classify(scored, tokens, figures):
    """Pick the event type from all triggers of the sentence, then read what the words around it say."""
    lemmas = {t.lemma.lower() for t in tokens}
    text = " ".join(t.text.lower() for t in tokens)
    best = max(scored, key=lambda s: (s[1].strength, -s[0].i))
    tok, trig, phrase = best
    event_type, sub_type = trig.event_type, trig.sub_event_type
    has_protest = bool(lemmas & PROTEST_WORDS)
    if has_protest and event_type in (STRATEGIC, BATTLES, VAC) and trig.strength < 3:
        # "46 people were arrested ... in a protest", "police fired on protesters": the protest is the event
        event_type, sub_type = PROTESTS, "Peaceful protest"
        tok = next((t for t in tokens if t.lemma.lower() in PROTEST_WORDS), tok)
        phrase = tok.lemma.lower()
    if event_type == PROTESTS:
        sub_type = _protest_subtype(tokens, lemmas, text)
        if sub_type == "Violent demonstration":
            event_type = RIOTS
    if phrase in ("strike", "block", "blockade", "blockad") and lemmas & LABOUR_OR_CIVIC and not lemmas & WEAPON_WORDS:
        event_type, sub_type = PROTESTS, "Peaceful protest"  # a labour strike or a civic road blockade
    if event_type == BATTLES and trig.sub_event_type == "Armed clash" and not lemmas & ARMED_WORDS \
            and lemmas & {"supporter", "villager", "group", "clan", "resident", "youth", "mob", "crowd", "family"} \
            and "clash" in lemmas:
        event_type, sub_type = RIOTS, "Mob violence"  # supporters or villagers clashing, nobody armed
    if event_type == RIOTS and not has_protest and "mob" not in lemmas:
        if trig.sub_event_type == "Violent demonstration" and phrase in ("loot", "torch"):
            event_type, sub_type = STRATEGIC, "Looting/property destruction"
    if trig.sub_event_type in ("Non-state actor overtakes territory", "Government regains territory"):
        objects = {c.lemma.lower() for c in tokens if c.head == tok.i and c.dep in ("dobj", "nsubjpass")}
        if objects & ARMS_WORDS:
            event_type, sub_type = STRATEGIC, "Disrupted weapons use"
    if event_type == EXPLOSIONS and lemmas & {"defuse", "find", "discover", "clear", "dismantle", "recover", "seize"} \
            and not lemmas & {"explode", "detonate", "kill", "wound", "injure", "hit", "strike"}:
        event_type, sub_type = STRATEGIC, "Disrupted weapons use"  # explosives found or defused, none went off
    return event_type, sub_type, trig.strength, tok, phrase


def _protest_subtype(tokens: list[Token], lemmas: set[str], text: str) -> str:
    crowd = {t.i for t in tokens if t.lemma.lower() in PROTEST_WORDS | {"crowd", "student", "demonstrator"}}
    crowd_acts = any(t.lemma.lower() in CROWD_AGENT_VIOLENCE and any(
        c.i in crowd and c.dep in ("nsubj", "amod", "compound") for c in tokens if c.head == t.i) for t in tokens)
    force = any(w in text for w in ("open fire", "opened fire", "live bullet", "live ammunition", "fired on",
                                    "shot dead", "beat ")) or \
        (lemmas & {"kill", "shoot"} and lemmas & {"police", "force", "soldier", "troop"})
    if force:
        return "Excessive force against protesters"
    if crowd_acts or lemmas & {"riot", "rioter", "vandalize", "vandalise", "stone", "ransack"}:
        return "Violent demonstration"
    if any(w in text for w in ("tear gas", "teargas", "water cannon", "dispersed", "disperse", "broke up",
                               "arrested", "detained", "baton")):
        return "Protest with intervention"
    return "Peaceful protest"


def _sentence_time(article: Article, index: int, ctx: _ArticleContext, trig: Token):
    """The sentence's own date nearest the trigger; else the date of the sentence before it in the paragraph."""
    own = [t for t in ctx.times(index) if t.date]
    if own:
        current = [t for t in own if not t.historical] or own
        # the most precise expression wins ("On 30 April 2020" over "2020"), a date of the telling
        # ("said on Monday that ... on Sunday night") loses to the date of the deed, then the nearest
        return min(current, key=lambda t: (t.time_precision or 3, _time_role(article, t, trig),
                                           abs(t.start - trig.start))), "sentence"
    para = article.sentences[index].paragraph
    for j in range(index - 1, max(-1, index - 6), -1):
        if article.sentences[j].paragraph != para:
            break
        earlier = [t for t in ctx.times(j) if t.date]
        if earlier:
            return earlier[-1], "paragraph"
    return None, "published"


def _time_role(article: Article, time: TimeExpr, trig: Token) -> int:
    """0 when the time hangs on the event's own clause, 2 on a verb of saying, 1 otherwise."""
    tok = next((t for t in article.tokens if t.start >= time.start and t.end <= time.end), None)
    if tok is None:
        return 1
    heads = _event_heads(article, trig) | {trig.i}
    for anc in [tok] + _ancestors(article, tok, 4):
        if anc.i in heads:
            return 0
        if anc.lemma.lower() in SPEECH_VERBS and anc.pos == "VERB":
            return 2
    return 1


def _is_background(tokens: list[Token], when: Optional[TimeExpr]) -> bool:
    """Present-perfect summaries without a date ("clashes have been reported since") are background."""
    if when is not None:
        return False
    words = {t.text.lower() for t in tokens}
    return "since" in words or "sporadic" in words or "recent" in words


# Nouns whose places are not where the event happened ("talks in Washington", "the border with X").
OTHER_ANCHORS = {"hospital", "clinic", "morgue", "talk", "negotiation", "meeting", "summit", "conference", "visit", "call", "statement", "border",
                 "request", "embassy", "headquarters", "delegation", "forum", "session", "trip",
                 "agency", "ministry", "media", "broadcaster", "parliament", "government", "minister", "president"}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "around", "across", "along", "inside", "into", "on", "towards",
                  "toward", "within", "throughout", "over", "between"}


def _event_places(article: Article, tokens: list[Token], trig: Token, places: list[Place], actors: list[Actor],
                  trigger_ids: set[int]) -> tuple[list[Place], str]:
    """Where the event happened: places the parse ties to the trigger, most specific first.

    A place is dropped when its path up the tree meets another anchor first (the
    talks, the border, a ministry), when it only meets the event far above the
    trigger's own clause, or when it names an actor (metonymy: "Baku said").
    """
    actor_spans = [(a.start, a.end) for a in actors if a.kind in ("government", "state_forces")]
    heads = _event_heads(article, trig)
    ranked: list[tuple[tuple, Place]] = []
    unattached: list[Place] = []
    for p in places:
        ptoks = [t for t in tokens if t.start >= p.start and t.end <= p.end]
        if not ptoks or any(t.text.endswith("-") or "-" in t.text and t.pos == "ADJ" for t in ptoks):
            continue
        head = _phrase_head(ptoks)
        nxt = _token_by_i(article, ptoks[-1].i + 1)
        if nxt is not None and nxt.text in ("-", "–") :
            continue  # "US-affiliated", "Russian-mediated": an adjective, not a place
        locative = _locative_prep(article, head)
        if any(s <= p.start and p.end <= e for s, e in actor_spans) and not locative:
            continue
        if p.kind == "country" and not locative:
            continue  # "Armenia and Azerbaijan conduct talks": the parties, not the place
        governor = _token_by_i(article, head.head)
        if head.dep in ("nsubj", "compound") and governor is not None and governor.lemma.lower() in SPEECH_VERBS:
            continue  # "Baku said", "Baku claims": the government speaking
        parent = _token_by_i(article, head.head)
        if head.dep in ("compound", "amod", "nmod", "poss") and parent is not None and \
                parent.lemma.lower() in PEOPLE_NOUNS:
            continue  # "the Tupiza dead", "Gaza residents": who they are, not where it happened
        steps = _steps_to_event(article, head, heads)
        if steps is None:
            if p.kind == "populated place":
                unattached.append(p)
            continue
        if steps < 0:
            continue
        limit = 8 if (locative or p.kind != "country") and p.kind == "populated place" else 5
        if steps > limit:
            continue
        kind_rank = {"populated place": 0, "region": 1, "territory": 2}.get(p.kind, 3)
        ranked.append(((kind_rank, 0 if locative else 1, steps), p))
    if not ranked:
        # A single town in the sentence that the parse does not tie to anything else is still the
        # best guess ("Tupiza spent Wednesday burying the victims of the market, where shells fell").
        if len({p.name for p in unattached}) == 1:
            return unattached[:1], "sentence"
        return [], "sentence"
    ranked.sort(key=lambda r: r[0])
    first = ranked[0][1]
    chosen = [first] + [p for _, p in ranked[1:] if p.name != first.name and _coordinated(article, tokens, first, p)]
    seen, out = set(), []
    for p in chosen:
        if p.name not in seen:
            seen.add(p.name)
            out.append(p)
    return out[:4], "sentence"


PEOPLE_NOUNS = {"dead", "resident", "victim", "people", "family", "fighter", "official", "citizen", "villager",
                "refugee", "survivor", "relative", "voter", "worker", "native", "community", "population",
                "diaspora", "authority", "leader", "team", "club", "fan", "student", "mayor", "governor"}
CARE_PLACES = {"hospital", "clinic", "morgue", "safety", "shelter", "camp"}


def tokens_of(article: Article, tok: Token) -> list[Token]:
    s = article.sentences[tok.sent] if 0 <= tok.sent < len(article.sentences) else None
    return article.tokens[s.token_start:s.token_end] if s else []


def _carries_to_care(tokens: list[Token], verb: Token) -> bool:
    for prep in _children(tokens, verb):
        if prep.dep == "prep" and prep.text.lower() == "to":
            if any(t.lemma.lower() in CARE_PLACES for t in _children(tokens, prep)):
                return True
    return False


def _coordinated(article: Article, tokens: list[Token], a: Place, b: Place) -> bool:
    """"Tupiza and Villazón", "the towns of X, Y and Z": places in one coordination are one event each."""
    def head(p):
        toks = [t for t in tokens if t.start >= p.start and t.end <= p.end]
        return _phrase_head(toks) if toks else None
    ha, hb = head(a), head(b)
    if ha is None or hb is None or a.kind != b.kind:
        return False
    def conj_root(t):
        while t.dep == "conj":
            parent = _token_by_i(article, t.head)
            if parent is None or parent.i == t.i:
                break
            t = parent
        return t.i
    return conj_root(ha) == conj_root(hb)


def _steps_to_event(article: Article, head: Token, event_heads: set[int]) -> Optional[int]:
    """Steps from a place up to the event's clause; -1 when another anchor comes first (the talks, a
    hospital, a border), None when the path never reaches the event."""
    cur = head
    for step in range(1, 10):
        parent = _token_by_i(article, cur.head)
        if parent is None or parent.i == cur.i:
            return None
        if parent.i in event_heads:
            return step
        if parent.pos == "VERB" and _carries_to_care(tokens_of(article, parent), parent):
            return -1  # "taken to hospital in X": where the wounded went, not where it happened
        lemma = parent.lemma.lower()
        if lemma in OTHER_ANCHORS and parent.pos in ("NOUN", "PROPN") or lemma in ANCHOR_VERBS and parent.pos == "VERB":
            return -1
        if parent.text.lower() == "with" and cur.dep == "pobj":
            grand = _token_by_i(article, parent.head)
            if grand is not None and grand.lemma.lower() == "border":
                return -1
        cur = parent
    return None


def _locative_prep(article: Article, head: Token) -> bool:
    parent = _token_by_i(article, head.head)
    return bool(parent and parent.dep == "prep" and parent.text.lower() in LOCATIVE_PREPS)


EXPLICIT_RANGE = re.compile(r"\b(between|from)\b.*\b(and|to|until)\b|\d\s*[-–]\s*\d", re.I)
REFERENCE_POINT = re.compile(r"\b(borders?|frontier|boundary)\s+(with|of)\s+(the\s+)?([\w’'-]+\s+)?$", re.I)
OWN_SOIL = re.compile(r"\b(?:in|on|into|inside)\s+([A-Z][\w-]+)\s+(?:territory|soil|airspace|side of the border)\b")


def _nearby_place(article: Article, index: int, ctx: _ArticleContext) -> Optional[Place]:
    """A place from the previous sentences of the paragraph, else the article's dominant place."""
    para = article.sentences[index].paragraph
    for j in range(index, max(-1, index - 6), -1):
        if article.sentences[j].paragraph != para:
            break
        if j != index:
            local = [p for p in ctx.places(j) if p.kind != "country"
                     and not REFERENCE_POINT.search(article.body[max(0, p.start - 40):p.start])]
            if local:
                return local[0]
        soil = _own_soil(article, j)
        if soil is not None:
            return soil
    return ctx.main_place


def _country_fallback(article: Article, index: int, ctx: _ArticleContext) -> Optional[Place]:
    """Nothing finer: the country the sentence names, else the article's one country (ACLED precision 3)."""
    countries = [p for p in ctx.places(index) if p.kind == "country"]
    if not countries:
        everywhere = {p.iso for p in article.places if p.iso}
        if len(everywhere) == 1:
            countries = [p for p in article.places if p.kind == "country"][:1] or \
                [p for p in article.places if p.iso][:1]
    if not countries:
        return None
    p = countries[0]
    if p.kind == "country":
        return p
    return Place(p.article_id, p.start, p.end, p.text, p.sentence, name=p.country or p.name, country=p.country,
                 iso=p.iso, iso3=p.iso3, kind="country", geo_precision=3)


def _own_soil(article: Article, index: int) -> Optional[Place]:
    """"on Armenian territory", "in Ukrainian airspace": a nationality word names the country."""
    sentence = article.sentences[index]
    m = OWN_SOIL.search(sentence.text)
    if not m:
        return None
    try:
        from .. import resources
        from ..read.actors import country_of_demonym
        from ..read.places import country_display_name, geocode
    except ImportError:
        return None
    iso = country_of_demonym(m.group(1))
    if not iso:
        return None
    try:
        gaz = resources.get("gazetteer", None)
        name = country_display_name(iso) or iso
        cand = geocode(name, gaz, [iso])
    except Exception:  # no gazetteer at hand (tests with fakes): no place rather than a guess
        return None
    if cand is None:
        return None
    start = sentence.start + m.start(1)
    end = sentence.start + m.end(0)
    return Place(article.article_id, start, end, article.body[start:end], index, name=name,
                 country=name, iso=iso, latitude=cand.latitude, longitude=cand.longitude, kind="country",
                 geo_precision=3)


def _actor_tokens(article: Article, actor: Actor) -> list[Token]:
    return [t for t in article.tokens if t.start >= actor.start and t.end <= actor.end]


CLIMB_DEPS = {"dobj", "xcomp", "conj", "compound", "pcomp", "pobj", "prep", "advcl", "acl", "relcl", "attr",
              "appos", "nmod", "nsubj", "nsubjpass", "amod", "agent"}
ACCUSE = {"accuse", "blame", "charge"}


def _event_heads(article: Article, trig: Token) -> set[int]:
    """The trigger and the words that govern it as the event ("unleashed ... attacks", "killed in strikes")."""
    heads = {trig.i}
    cur = trig
    for _ in range(3):
        parent = _token_by_i(article, cur.head)
        if parent is None or parent.i == cur.i or cur.dep not in CLIMB_DEPS:
            break
        if parent.lemma.lower() in ACCUSE | {"say", "report", "claim", "state", "tell"}:
            break
        heads.add(parent.i)
        cur = parent
    return heads


def _roles(article: Article, tokens: list[Token], trig: Token, actors: list[Actor], event_type: str):
    """actor1 acts, actor2 is acted on: from the dependency parse, with order as a fallback."""
    heads = _event_heads(article, trig)
    agent, patient, other = [], [], []
    for actor in actors:
        toks = _actor_tokens(article, actor)
        if not toks:
            continue
        head = _phrase_head(toks)
        parent = _token_by_i(article, head.head)
        grand = _token_by_i(article, parent.head) if parent else None
        if head.dep == "nsubj" and parent is not None and parent.lemma.lower() in SPEECH_VERBS - ACCUSE \
                and parent.i not in heads:
            continue  # the ministry that reports the attack is not its author
        if trig.i in {t.i for t in toks} or head.i in heads and head.i != trig.i and head.dep in ("nsubj",):
            agent.append(actor)  # "Azerbaijani artillery", "the army's shelling"
        elif head.head in heads and head.dep in ("nsubj", "poss", "amod", "compound", "nmod", "npadvmod"):
            agent.append(actor)
        elif parent and parent.dep == "agent" or (parent and parent.text.lower() == "by" and parent.head in heads):
            agent.append(actor)
        elif parent and parent.lemma.lower() in ACCUSE and head.dep == "dobj" and _governs(article, parent, trig):
            agent.append(actor)  # "X accused Y of firing on Z": Y is who fired, as X tells it
        elif head.head in heads and head.dep in ("dobj", "nsubjpass"):
            patient.append(actor)
        elif parent and parent.dep == "prep" and parent.head in heads and \
                parent.text.lower() in ("against", "on", "at", "upon", "targeting", "toward", "towards"):
            patient.append(actor)
        elif grand is not None and parent.dep == "prep" and parent.text.lower() in ("of", "from") and \
                grand.dep in ("nsubjpass", "dobj") and grand.head in heads:
            patient.append(actor)  # "soldiers from the defence force of X were killed"
        else:
            other.append(actor)
    names_agent = _unique(a.name for a in agent)
    names_patient = [n for n in _unique(a.name for a in patient) if n not in names_agent]
    if not names_agent:
        names_agent = _unique(_nationality_of_means(article, tokens, trig, heads))
    if not names_agent:
        names_agent = _unique(_accused(article, tokens, trig))
    if not names_agent and event_type in VIOLENT_TYPES:
        armed = [a.name for a in other if a.kind in ("state_forces", "rebels", "militia")
                 and a.name not in names_patient]
        names_agent = _unique(armed)[:1]
    if not names_agent and event_type in (PROTESTS, RIOTS):
        names_agent = _unique(a.name for a in agent + other + patient if a.kind in ("protesters", "rioters", "civilians"))[:1]
    if event_type == STRATEGIC:
        # The parties to talks or an agreement, in the order the sentence names them; escorts,
        # mediators' troops and crowds are not parties.
        party_kinds = ("government", "state_forces", "rebels", "militia")
        kind_of = {a.name: a.kind for a in actors}
        names_agent = [n for n in names_agent if kind_of.get(n) in party_kinds]
        names_patient = [n for n in names_patient if kind_of.get(n) in party_kinds]
        parties = _unique(a.name for a in sorted(actors, key=lambda a: a.start) if a.kind in party_kinds)
        if not names_agent:
            names_agent = parties[:1]
        names_patient = [n for n in names_patient + parties if n not in names_agent]
    actor1 = names_agent[0] if names_agent else None
    assoc1 = names_agent[1] if len(names_agent) > 1 else None
    names_patient = [n for n in names_patient if n != actor1]
    actor2 = names_patient[0] if names_patient else None
    assoc2 = names_patient[1] if len(names_patient) > 1 else None
    return actor1, assoc1, actor2, assoc2


VIOLENT_TYPES = {BATTLES, EXPLOSIONS, VAC}


def _accused(article: Article, tokens: list[Token], trig: Token) -> list[str]:
    """"X accused Y of firing on Z": Y, as X tells it, even when Y is a bare country name."""
    try:
        from ..read.actors import normalise_actor
    except ImportError:
        return []
    accusers = [t for t in tokens if t.lemma.lower() in ACCUSE and t.pos == "VERB" and t.i < trig.i]
    for anc in accusers[-1:]:
        if True:
            for obj in _children(tokens, anc):
                if obj.dep == "dobj":
                    mention = next((m for m in article.mentions if m.start <= obj.start < m.end), None)
                    text = mention.text if mention else obj.text
                    actor = normalise_actor(text, article)
                    if actor is not None:
                        return [actor.name]
    return []


def _nationality_of_means(article: Article, tokens: list[Token], trig: Token, heads: set[int]) -> list[str]:
    """"Azerbaijani shelling", "killed by Israeli fire": a nationality word on the means names the forces."""
    try:
        from ..read.actors import country_of_demonym, normalise_actor
    except ImportError:
        return []
    means = [t for t in tokens if t.i in heads or (t.dep == "pobj" and _token_by_i(article, t.head) is not None
                                                   and _token_by_i(article, t.head).text.lower() == "by"
                                                   and _token_by_i(article, t.head).head in heads)]
    out = []
    by_i = {t.i: t for t in tokens}
    for m in means:  # "Azerbaijani shelling" even when the parse splits the adjective off
        left = by_i.get(m.i - 1)
        if left is not None and country_of_demonym(left.text):
            actor = normalise_actor(f"{left.text} forces", article)
            if actor is not None:
                out.append(actor.name)
        for child in _children(tokens, m):
            if child.dep in ("amod", "compound", "nmod") and (child.ent_type == "NORP" or country_of_demonym(child.text)):
                actor = normalise_actor(f"{child.text} forces", article)
                if actor is not None:
                    out.append(actor.name)
    return out


def _governs(article: Article, top: Token, node: Token) -> bool:
    return top.i in {a.i for a in _ancestors(article, node, 6)}


def _unique(items: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for i in items:
        if i and i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _acled_conventions(event_type, sub_type, actor1, assoc1, actor2, assoc2, place: Place, killed, actors):
    """ACLED's naming habits: states act through their forces in violence, demonstrators are
    "Protesters (Country)" facing the police, unarmed victims are "Civilians (Country)"."""
    country = place.country
    if event_type in VIOLENT_TYPES:
        actor1, actor2 = _as_forces(actor1), _as_forces(actor2)
    if event_type in (PROTESTS, RIOTS) and country:
        crowd = "Protesters" if event_type == PROTESTS else "Rioters"
        named = {a.name: a.kind for a in actors}
        police = [n for n in (actor1, actor2) if n and named.get(n) in ("police", "state_forces")]
        if not actor1 or named.get(actor1) not in ("protesters", "rioters", "civilians") or actor1 in police:
            actor1 = f"{crowd} ({country})"
        if police:
            actor2 = police[0]
        elif sub_type in ("Protest with intervention", "Excessive force against protesters"):
            actor2 = actor2 if actor2 and actor2 != actor1 else f"Police Forces of {country}"
    if country and event_type == VAC and not (actor2 or "").startswith("Civilians"):
        if actor2 and not assoc2:
            assoc2 = actor2
        actor2 = f"Civilians ({country})"
    elif country and event_type == EXPLOSIONS and killed and _victims_are_civilians(killed):
        if not actor2:
            actor2 = f"Civilians ({country})"
        elif not assoc2 and not actor2.startswith("Civilians"):
            assoc2 = f"Civilians ({country})"  # armed targets hit, civilians among the dead
    if actor1 and actor1 == actor2:
        actor2 = None
    return actor1, assoc1, actor2, assoc2


def _as_forces(name: Optional[str]) -> Optional[str]:
    if name and name.startswith("Government of "):
        return "Military Forces of " + name[len("Government of "):]
    return name


def _hits_civilian_target(article: Article, tokens: list[Token], trig: Token) -> bool:
    heads = _event_heads(article, trig)
    targets = []
    for t in tokens:
        parent = _token_by_i(article, t.head)
        if t.dep in ("dobj", "nsubjpass") and t.head in heads:
            targets.append(t)
        elif t.dep == "pobj" and parent is not None and parent.head in heads and \
                parent.text.lower() in ("on", "at", "against", "upon", "into"):
            targets.append(t)
    lemmas = {t.lemma.lower() for t in targets}
    return bool(lemmas & CIVILIAN_TARGETS) and not lemmas & ARMED_WORDS


def _armed_patient(actors: list[Actor], actor2: Optional[str]) -> bool:
    return any(a.name == actor2 and a.kind in ("state_forces", "rebels", "militia", "police", "peacekeepers")
               for a in actors)


def _victims_are_civilians(killed: list[Figure]) -> bool:
    return all(group_family(f) == "civilians" for f in killed)


def _fatalities(killed: list[Figure]) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """ACLED's conservative best value for one event; nested counts ("including 10 civilians") are not added."""
    if not killed:
        return None, None, None
    main = max(killed, key=lambda f: f.best or 0)
    return main.best, main.low if main.low is not None else main.best, main.high


def _claim_over(claims: list[Claim], start: int, end: int) -> Optional[Claim]:
    for c in claims:
        if c.start < end and c.end > start:
            return c
    return None


def _denial_nearby(article: Article, index: int, ctx: _ArticleContext) -> tuple[bool, Optional[str]]:
    """A denial in this sentence or the next two of the article marks the report disputed."""
    for j in (index, index + 1, index + 2):
        for c in ctx.claims(j):
            if c.kind == "denial":
                return True, c.speaker
    return False, None


def describe(c: EventCandidate) -> str:
    """One generated sentence in ACLED's notes style."""
    when = _format_date(c.event_date) if c.event_date else "On an unknown date"
    who = c.actor1 or "unidentified actors"
    what = {
        "Shelling/artillery/missile attack": "shelled",
        "Air/drone strike": "carried out an air or drone strike on",
        "Remote explosive/landmine/IED": "were hit by an explosive device in",
        "Armed clash": "clashed with" if c.actor2 else "engaged in armed clashes in",
        "Attack": "attacked",
        "Peaceful protest": "protested in",
        "Protest with intervention": "protested and were met with intervention in",
        "Agreement": "reached or negotiated an agreement concerning",
        "Arrests": "made arrests in",
    }.get(c.sub_event_type, f"were involved in an event ({c.sub_event_type}) in")
    target = c.actor2 if c.actor2 and c.sub_event_type in ("Armed clash", "Attack") else None
    where = c.location or "an unknown place"
    text = f"{when}, {who} {what} {target + ' in ' if target else ''}{where}"
    if c.country and c.country not in where:
        text += f" ({c.country})"
    text += "."
    if c.fatalities:
        text += f" {c.fatalities} reported killed."
    if c.disputed:
        text += " The report is disputed."
    return text


def _format_date(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return f"On {iso}"
    return f"On {d.day} {d.strftime('%B %Y')}"
