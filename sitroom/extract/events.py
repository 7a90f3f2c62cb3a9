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
from ..read.actors import police_of, with_country
from ..read.figures import group_family
from ..read.places import ARABIC_ARTICLES

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
      "mine blast", "booby trap", "set off explosive", "explosive charge"],
     Trigger(EXPLOSIONS, "Remote explosive/landmine/IED", 3))
_add(["suicide bomber", "suicide bombing", "suicide attack", "suicide vest", "suicide bomb", "suicide car bomb",
      "suicide blast", "kamikaze"],
     Trigger(EXPLOSIONS, "Suicide bomb", 3))
_add(["grenade"], Trigger(EXPLOSIONS, "Grenade", 3))
_add(["explosion", "blast", "detonation"], Trigger(EXPLOSIONS, "Shelling/artillery/missile attack", 2))
# Guns too heavy to carry fire shells: "a tank attack", "naval gunfire" (ACLED: shelling/artillery).
_add(["tank attack", "tank fire", "tank shell", "tank shelling", "naval gunfire", "naval bombardment"],
     Trigger(EXPLOSIONS, "Shelling/artillery/missile attack", 3))
_add(["gunfire", "sniper fire", "small arms fire", "burst of fire", "exchange fire", "exchanged fire"],
     Trigger(BATTLES, "Armed clash", 2))
# The same fights written as two words ("engaged in a fire fight", "a gun battle"): the lexicon's
# one-word "firefight"/"gunfight" misses them and the note then yields no event at all.
_add(["fire fight", "gun fight", "gun battle", "fire-fight", "gun-fight"], Trigger(BATTLES, "Armed clash", 2))
_add(["chemical weapon", "chemical attack", "nerve agent", "chlorine gas", "mustard gas", "poisonous gas",
      "sulfur mustard", "sulphur mustard", "chlorine", "poison gas", "chemical munition",
      "toxic gas", "sarin", "poison gas"], Trigger(EXPLOSIONS, "Chemical weapon", 3))
_add(["clash", "fighting", "firefight", "gunfight", "skirmish", "battle", "exchange of fire", "open fire",
      "fire at", "fire on", "fire upon", "shoot at", "ambush", "offensive", "assault", "attack", "shootout",
      "ceasefire violation", "cease-fire violation", "hostility", "military operation", "raid", "incursion",
      "storm", "shoot"],
     Trigger(BATTLES, "Armed clash", 2))
# "members of the wing assaulted rivals" is often tagged as an adjective on the object noun, left unlemmatised
# (see _without_stray_adjectives).
_add(["assaulted"], Trigger(BATTLES, "Armed clash", 2))
_add(["recapture", "retake", "regain control", "regain", "reclaim", "liberate", "retook"],  # "retook": parser leaves it
     Trigger(BATTLES, "Government regains territory", 2))
_add(["seize", "capture", "overrun", "take control", "take over"],
     Trigger(BATTLES, "Non-state actor overtakes territory", 2))
_add(["kill", "die", "dead", "death", "wound", "injure", "casualty", "killing"],
     Trigger(BATTLES, "Armed clash", 1))
_add(["massacre", "execute", "execution", "behead", "assassinate", "assassination"], Trigger(VAC, "Attack", 2))
_add(["abduct", "kidnap", "abduction", "kidnapping", "disappear", "enforced disappearance", "hostage"],
     Trigger(VAC, "Abduction/forced disappearance", 2))
_add(["rape", "sexually abuse", "sexual violence", "molest", "sexual assault", "sexually assault", "gang-rape",
      "raped", "raping", "sexual attack"],  # "raped": the lemmatiser sometimes leaves it or makes it "rap"
     Trigger(VAC, "Sexual violence", 2))
_add(["lynch", "lynching", "mob justice", "vigilante"], Trigger(RIOTS, "Mob violence", 2))
_add(["defect", "defection", "split", "rename", "dissolve", "merge with"],
     Trigger(STRATEGIC, "Change to group/activity", 1, needs_happening=False))
_add(["water cannon", "tear gas", "teargas", "rubber bullet"], Trigger(PROTESTS, "Protest with intervention", 3))
_add(["protest", "protester", "demonstration", "demonstrator", "rally", "march", "sit-in", "picket", "demonstrate",
      "walkout", "walk out", "down tool", "hunger strike", "go on strike", "vigil"],
     Trigger(PROTESTS, "Peaceful protest", 2))
# The -or spelling is as common in news English; without it "protestors closed the streets" names no event.
_add(["protestor"], Trigger(PROTESTS, "Peaceful protest", 2))
# The clipped form of "demonstration" is common in news English ("held demos", "anti-government demos").
_add(["demo", "demos"], Trigger(PROTESTS, "Peaceful protest", 2))  # the parser may leave the plural
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
# One-sided killings and maimings: who was hit decides attack or clash (see _one_sided).
_add(["gun down", "shoot dead", "hack to death", "beat to death", "burn alive", "stab", "murder", "torture",
      "slaughter", "mass killing"], Trigger(VAC, "Attack", 2))
_add(["gang rape", "gang-rape", "sexual harassment", "sexually harass", "sexual exploitation", "sexual abuse",
      "rapist"], Trigger(VAC, "Sexual violence", 2))
_add(["take hostage", "hold hostage", "kidnapper", "abductor", "forcibly disappear", "hostage-taking"],
     Trigger(VAC, "Abduction/forced disappearance", 2))
_add(["mob", "lynch mob", "mob attack", "vigilantism", "jungle justice"], Trigger(RIOTS, "Mob violence", 2))
_add(["riot"], Trigger(RIOTS, "Violent demonstration", 2))
_add(["loot", "looting", "looter", "plunder", "ransack", "vandalize", "vandalise", "vandalism", "torch", "set ablaze",
      "set fire", "set on fire", "burn down", "raze", "arson", "arsonist",
      "torched", "torching", "looted", "set afire", "afire", "set alight"],  # forms the parser leaves unlemmatised
     Trigger(STRATEGIC, "Looting/property destruction", 2))
_add(["smoke grenade", "stun grenade", "flash grenade", "sound grenade", "pepper spray", "pepper-spray",
      "plastic bullet", "baton charge", "baton-charge"], Trigger(PROTESTS, "Protest with intervention", 3))
_add(["apprehend", "round up", "take into custody", "house arrest"], Trigger(STRATEGIC, "Arrests", 2))
_add(["deploy", "deployment", "redeploy", "redeployment", "reinforce", "reinforcement", "mobilize", "mobilise",
      "mobilization", "mobilisation", "pull back", "fortify", "troop movement"],
     Trigger(STRATEGIC, "Change to group/activity", 1))
_add(["withdraw", "withdrawal", "pull out"], Trigger(STRATEGIC, "Change to group/activity", 1))
_add(["hand over", "handover", "cede", "relinquish"], Trigger(STRATEGIC, "Non-violent transfer of territory", 2))
_add(["occupy", "wrest", "gain ground", "drive out", "push out", "oust"],
     Trigger(BATTLES, "Non-state actor overtakes territory", 2))
_add(["advance"], Trigger(BATTLES, "Non-state actor overtakes territory", 1))
_add(["exchange prisoner", "swap prisoner", "exchange of prisoners of war", "prisoner-of-war exchange"],
     Trigger(STRATEGIC, "Agreement", 2, needs_happening=True))
_add(["ground mine", "anti-personnel mine", "anti-tank mine", "improvised bomb", "homemade bomb", "pipe bomb",
      "parcel bomb", "letter bomb", "magnetic bomb", "sticky bomb", "limpet mine", "limpet", "bomb blast",
      "bomb explosion", "bomb attack"], Trigger(EXPLOSIONS, "Remote explosive/landmine/IED", 3))
_add(["bomb"], Trigger(EXPLOSIONS, "Remote explosive/landmine/IED", 2))  # "bombing" is as often from the air
_add(["aerial bombardment", "aerial bombing", "aerial attack", "air bombardment", "air missile", "chopper",
      "fighter jet", "military aircraft", "bombing raid", "helicopter gunship"], Trigger(EXPLOSIONS, "Air/drone strike", 3))
_add(["die-in", "die - in", "sit - in", "human chain", "take to the street", "took to the street"],  # "die - in": as tokenised
     Trigger(PROTESTS, "Peaceful protest", 2))
_add(["blow himself up", "blow herself up", "blow themselves up", "blew himself up", "blew herself up",
      "blew themselves up"], Trigger(EXPLOSIONS, "Suicide bomb", 3))
# Weapons named by their initials, which the tagger takes for names ("an RCIED", "a UAV").
WEAPON_ACRONYMS = {"ied", "uav", "mlrs", "rcied", "vbied", "pbied", "svbied", "atgm"}
_add(["rcied", "vbied", "pbied"], Trigger(EXPLOSIONS, "Remote explosive/landmine/IED", 3))
_add(["svbied"], Trigger(EXPLOSIONS, "Suicide bomb", 3))
# An anti-tank guided missile is fired from afar like any missile (ACLED: shelling/artillery/missile attack).
_add(["atgm", "atgms"], Trigger(EXPLOSIONS, "Shelling/artillery/missile attack", 3))
# Crowds that run riot or bang pans in protest (ACLED: violent demonstration; the "cacerolazo" is a protest).
_add(["rioting"], Trigger(RIOTS, "Violent demonstration", 2))
_add(["bang pot", "bang pan", "pot-banging", "pot banging", "cacerolazo"], Trigger(PROTESTS, "Peaceful protest", 2))
_add(["stash", "arms depot", "weapons depot", "ammunition depot", "arms haul", "weapons haul"],
     Trigger(STRATEGIC, "Disrupted weapons use", 2))

# Sending troops somewhere is a change in a group's activity (ACLED: troop movements, reinforcements).
SEND_VERBS = {"dispatch", "send", "move", "transfer", "forward", "rush", "amass", "mass", "airlift", "station"}
TROOP_WORDS = {"troop", "force", "soldier", "fighter", "reinforcement", "unit", "militiaman", "personnel",
               "battalion", "brigade", "tank", "convoy", "commando", "paratrooper", "marine"}
# Property wrecked by hand (ACLED: looting/property destruction): "shops were burned", "torched vehicles".
WRECK_VERBS = {"burn", "destroy", "torch", "vandalize", "vandalise", "loot", "ransack", "raze", "demolish", "smash",
               "wreck", "plunder", "torched", "shatter"}
WRECK_NOUNS = {"destruction", "burning", "torching", "looting", "vandalism", "ransacking", "arson"}
PROPERTY = {"shop", "house", "home", "vehicle", "car", "property", "building", "office", "store", "market",
            "church", "mosque", "school", "warehouse", "truck", "bus", "station", "business", "stall", "kiosk",
            "bank", "hotel", "factory", "properties", "premise", "residence", "hut", "dwelling", "facility",
            "infrastructure", "tower", "monument", "statue", "window", "pane", "windowpane",
            "crop", "farm", "farmland", "pasture", "pastureland", "granary",  # fields burnt to drive people out
            "mast", "pylon", "greenhouse", "airstrip", "shelter",  # masts and pylons felled to cut a region off
            # public buildings, shrines and their works of art wrecked by hand are property destroyed just the same
            "hospital", "clinic", "stadium", "grandstand", "museum", "library", "temple", "shrine", "pagoda",
            "monastery", "madrasa", "sculpture", "mural", "plantation", "orchard"}
# Goods and premises of trade: an attack on these alone destroys property. Harm to people makes it more.
GOODS = {"property", "properties", "shop", "store", "business", "vehicle", "car", "truck", "warehouse", "factory",
         "establishment", "stall", "kiosk"}
HARM_WORDS = {"kill", "die", "dead", "death", "wound", "injure", "injury", "casualty", "hurt", "victim", "body"}
BASE_WORDS = {"base", "post", "outpost", "camp", "checkpoint", "headquarters", "position", "station", "garrison",
              "point", "barracks", "airbase", "airstrip", "outposts", "fob"}
# Hand-thrown things: in a crowd's hands they are a riot, not shelling.
THROWN = {"projectile", "stone", "rock", "bottle", "petrol bomb", "molotov"}
# Crowd violence: a demonstration with these is a violent demonstration (ACLED: riots).
CROWD_VIOLENCE = {"riot", "rioter", "vandalize", "vandalise", "vandalism", "stone", "ransack", "loot", "looting",
                  "looter", "clash", "scuffle", "violence", "violent", "hurl", "pelt", "smash", "torch", "molotov",
                  "projectile", "arson", "firebomb", "rampage", "unrest", "skirmish", "aggressive", "storm",
                  "throw", "ablaze", "firecracker", "firework", "rioting"}
# Words that put a protest before or apart from the deed told with it.
OFF_SCENE = {"before", "ahead", "anticipation", "prior", "upcoming"}
# Words that say there was violence without saying who used it: a crowd called peaceful did not.
GENERIC_VIOLENCE = {"violence", "violent", "unrest", "aggressive"}  # a clash or scuffle involves the crowd itself
# Prepositions and purpose verbs that introduce what a protest is about.
TOPIC_PREPS = {"against", "over", "about", "following"}
PROTEST_PURPOSES = {"protest", "denounce", "decry", "mourn", "condemn", "demand", "honor", "honour", "commemorate",
                    "remember", "oppose", "criticize", "criticise", "demonstrate", "express", "voice"}
# What police do to a crowd short of lethal force.
INTERVENTION = {"disperse", "dispersal", "arrest", "detain", "suppress", "halt", "chase", "teargas", "baton",
                "kettle", "pepper-spray", "clampdown", "detention", "crack"}
# A crowd acting as a mob rather than demonstrating.
MOB_WORDS = {"mob", "lynch", "lynching", "vigilante", "vigilantism", "looter"}
# Modifiers that only name a unit or a kit: "riot police", "strike force", "attack helicopter".
UNIT_MODIFIERS = {"riot", "strike", "protest", "assault", "attack"}
UNIT_HEADS = {"police", "policeman", "officer", "squad", "gear", "unit", "shield", "force", "helicopter", "rifle",
              "team", "control", "vehicle", "troop", "group"}
TERRITORY = {"Non-state actor overtakes territory", "Government regains territory"}
HANDOVER_CUES = {"handover", "hand", "vacate", "abandon", "unopposed", "relinquish", "cede"}
# People captured: an arrest, not ground taken.
PERSON_OBJECTS = {"man", "woman", "suspect", "member", "leader", "national", "citizen", "person", "people",
                  "youth", "official", "commander", "activist", "journalist", "smuggler", "trafficker"}
DISPLACED_PEOPLE = {"people", "civilian", "resident", "family", "villager", "refugee", "inhabitant", "person",
                    "household", "thousand", "hundred"}
REFLEXIVES = {"himself", "herself", "themselves"}
DETONATION_WORDS = {"detonate", "explosive", "explosion", "blast", "bomb", "vest", "belt", "blow"}
CAPTIVES = {"prisoner", "detainee", "captive", "hostage", "pow", "body"}
# Natural hazards and accidents: deaths and blasts with these and no attacker are no political violence.
DISASTER_WORDS = {"earthquake", "quake", "tremor", "tsunami", "volcano", "eruption", "erupt", "flood", "flooding",
                  "landslide", "mudslide", "avalanche", "cyclone", "hurricane", "typhoon", "tornado", "wildfire",
                  "bushfire", "drought", "heatwave", "lightning", "rainfall", "downpour", "snow", "storm-hit",
                  "accident", "crash", "collision", "collide", "derail", "derailment", "capsize", "shipwreck",
                  "stampede", "leak", "leakage", "spill", "poisoning", "toxin", "adulterate", "alcohol", "firefighter",
                  "rain", "disaster", "epidemic", "outbreak", "pandemic", "overdose", "drown", "collapse",
                  "plunge", "overturn", "skid", "icy",
                  "illness", "disease", "cancer", "ailment"}  # a death from illness is no violence either
INDUSTRIAL_WORDS = {"plant", "factory", "warehouse", "boiler", "furnace", "cylinder", "pipeline", "refinery",
                    "transformer", "firework", "fireworks", "propane", "chemical", "mine", "reactor", "garage",
                    "solvent", "tanker", "container", "gas", "ammonium", "fertilizer", "fertiliser", "industrial"}
# Triggers that a hazard can fill: "an earthquake struck", "the battle against the fire", "evacuated".
HAZARD_PRONE = {"strike", "battle", "take control", "gain ground", "evacuate", "evacuation", "barrage", "mobilize",
                "mobilise", "deploy", "take over"}
# What goes wrong in a plant: with these an outcome at a factory is an accident, not an attack on it.
MISHAP_WORDS = {"explode", "explosion", "blast", "fire", "blaze", "leak", "leakage", "burn", "collapse", "spill",
                "detonation"}
# Words that say someone attacked: they keep a disaster word from hiding an attack.
ATTACK_WORDS = {"attack", "attacker", "bomb", "bomber", "bombing", "militant", "gunman", "terrorist", "insurgent",
                "rebel", "suicide", "shell", "shelling", "rocket", "missile", "airstrike", "drone", "ied",
                "explosive", "grenade", "assailant", "jihadist", "extremist", "sabotage", "arson", "gunfire",
                "artillery", "mortar", "warplane", "detonate", "plant", "terror", "blast"} - {"plant", "blast"}
# Ordinary crime: arrests, seizures and fights over it are not political violence (ACLED: unless by armed groups).
CRIME_WORDS = {"smuggle", "smuggler", "smuggling", "trafficker", "trafficking", "drug", "narcotic", "cocaine",
               "heroin", "hashish", "cannabis", "marijuana", "methamphetamine", "steroid", "counterfeit", "robbery",
               "rob", "robber", "theft", "thief", "burglary", "burglar", "fraud", "cyber", "hacker", "website",
               "poaching", "poacher", "contraband", "fake", "bribery", "embezzlement", "laundering", "scam",
               "migrant", "immigrant", "speedboat", "cattle-rustling"}
# Police-blotter words: an arrest over stolen goods, a break-in, a hijacked car or a hired killer is ordinary
# crime; a raid that steals cattle is not (herders' raids are armed violence), so these judge arrests only.
BLOTTER_WORDS = {"steal", "stolen", "hijack", "hijacking", "housebreaking", "shoplifting", "hitman"}
# Words that make an arrest or a seizure political or armed after all.
POLITICAL_WORDS = {"activist", "opposition", "protester", "demonstrator", "militant", "rebel", "terrorist",
                   "insurgent", "jihadist", "militia", "separatist", "journalist", "dissident", "party", "critic",
                   "blogger", "politician", "lawmaker", "candidate", "extremist", "guerrilla", "gunman", "army",
                   "soldier", "troop", "military"}
# Heads that make a named weapon a topic: "missile tests", "drone parts", "weapons programme".
WEAPON_TOPICS = {"test", "testing", "program", "programme", "development", "launch", "part", "technology",
                 "embargo", "sale", "export", "import", "supply", "factory", "arsenal", "stockpile", "capability",
                 "defence", "defense", "system", "shield", "sanction", "treaty", "deal", "purchase", "delivery",
                 "production", "footage", "maker", "manufacturer", "industry", "exercise", "drill", "display"}
WATCHING_VERBS = {"capture", "film", "record", "photograph", "monitor", "survey", "observe", "spot", "map",
                  "show", "deliver", "inspect", "track"}
# Objects that make a seizure a seizure of arms, not of ground.
ARMS_WORDS = {"weapon", "firearm", "gun", "rifle", "ammunition", "explosive", "arm", "cache", "munition", "grenade",
              "rocket", "mine", "bomb", "device", "drug", "pistol", "revolver", "shotgun", "bullet", "cartridge",
              "kalashnikov", "launcher", "ordnance", "detonator", "ied", "landmine", "mortar", "shell", "weaponry",
              "armament", "missile", "ammo", "handgun"}
# Links inside an object phrase that still name what was taken: "a total of 206 weapons", "caches containing
# rifles", "pistols and bullets"; a clause like "a man killed by a bomb" names something else.
ARMS_PHRASE_DEPS = {"prep", "pobj", "conj", "compound", "nmod", "appos", "dobj"}
CONTAINING = {"contain", "hold", "include", "fill", "pack", "load", "store", "stock", "hide", "stuff",
              "identify", "suspect", "believe"}  # "packages identified as explosive devices"
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
                        "ransack", "loot", "smash", "block", "tear", "break", "storm", "damage", "destroy",
                        "overturn", "topple", "wreck"}  # "protesters tore down the fence", "broke into"
# Words that name an armed party on the receiving side: with them a shooting is a clash.
DEFENDER_WORDS = {"soldier", "troop", "army", "police", "policeman", "policemen", "officer", "guard", "security",
                  "military", "position", "post", "base", "checkpoint", "patrol", "convoy", "peacekeeper",
                  "commando", "serviceman", "servicemen", "personnel", "gendarme", "trooper", "ranger", "militia",
                  "rebel", "militant", "fighter", "insurgent", "garrison", "barracks", "outpost", "tank",
                  "bandit", "sniper", "cop", "guardsman", "marine", "vigilante", "jihadist", "force"}
# Places whose attack is an attack on the people in them.
PLACE_TARGETS = {"village", "church", "mosque", "temple", "school", "university", "college", "campus", "hotel",
                 "market", "hospital", "teahouse", "restaurant", "cafe", "bar", "nightclub", "shop", "store",
                 "community", "house", "home", "bus", "plane", "train", "wedding", "funeral", "classroom",
                 "dormitory", "worshipper", "congregation", "tourist", "shrine", "clinic", "settlement", "camp",
                 "building", "office", "bank", "mall", "stadium", "library", "cinema", "theatre", "theater"}
# Triggers that name a fight between two sides by their very meaning.
TWO_SIDED = {"clash", "fighting", "firefight", "gunfight", "skirmish", "battle", "shootout", "hostility",
             "exchange", "gunfire", "fight"}
# Heads that make an event a topic of responsibility, diplomacy or blame rather than a report of it.
ATTRIBUTION_HEADS = {"responsibility", "responsible", "credit", "involvement", "sanction", "expel", "condemn",
                     "condemnation", "response", "allegation", "accusation", "retaliation", "scene", "reject",
                     "justify", "pretext", "excuse", "role"}
# Sub-types that say more than "attack" or "clash" about the same deed: they win at equal strength.
SPECIFIC_HARM = {"Sexual violence", "Abduction/forced disappearance"}
# Verbs that act on weapons without firing them.
DISRUPT_VERBS = {"defuse", "find", "discover", "clear", "dismantle", "recover", "seize", "confiscate", "unearth",
                 "uncover", "destroy", "neutralize", "neutralise", "capture", "intercept", "impound", "shoot"}
WITHDRAW_WORDS = {"withdraw", "withdrawal", "pull", "vacate", "leave", "evacuation", "abandon"}
# Words of the acting side that tell a state's forces from a non-state group.
STATE_SIDE = {"army", "government", "troop", "soldier", "military", "regime", "police", "security", "federal",
              "national", "governmental", "pro-government", "loyalist"}
NONSTATE_SIDE = {"rebel", "militant", "insurgent", "jihadist", "terrorist", "militia", "fighter", "opposition",
                 "guerrilla", "separatist", "extremist", "insurgency", "rebel-held", "anti-government", "mujahideen"}
CONTROL_VERBS = {"take", "gain", "establish", "seize", "assume", "wrest", "regain", "restore", "impose", "retake",
                 "recover", "extend"}
PLACE_NOUNS = {"town", "city", "village", "area", "district", "region", "province", "territory", "neighbourhood",
               "neighborhood", "base", "camp", "post", "position", "hill", "airport", "crossing", "oilfield",
               "highway", "bridge", "port", "island", "county", "locality", "stronghold", "enclave", "ground",
               "outpost", "checkpoint", "zone", "settlement", "valley", "countryside", "suburb", "village", "part",
               "airbase", "junction", "road", "mountain", "border", "frontier", "bastion", "capital"}
GROUP_WORDS = {"group", "unit", "force", "brigade", "battalion", "militia", "organisation", "organization",
               "coalition", "alliance", "faction", "party", "front", "movement", "wing", "division", "regiment",
               "entity", "command", "formation", "corps", "army"}
# Triggers that count only as verbs ("ousted leader" and "an advance" report nothing).
VERB_ONLY = {"oust", "advance", "occupy", "deploy", "redeploy", "reinforce", "mobilize", "mobilise", "fortify",
             "withdraw", "wrest", "stab", "torture"}
THROWN_MEANS = {"projectile", "rocket", "explosive projectile", "barrage", "salvo"}
# Triggers that count only as nouns ("according to" is no accord, "to deal with" no deal).
NOUN_ONLY = {"accord", "deal", "agreement", "talk", "negotiation", "truce", "ceasefire", "cease-fire"}

# Words that show a talk or truce took place, rather than being wished for or discussed.
HAPPENING = {"enter", "effect", "force", "conduct", "carry", "complete", "hold", "host", "begin", "start", "open", "meet", "sign", "reach", "agree", "declare", "announce",
             "broker", "mediate", "conclude", "end", "attend", "take", "launch", "establish", "accept", "impose",
             "continue", "resume", "convene", "round", "ongoing", "underway", "place", "focus", "come",
             "under", "result", "part"}  # "under an evacuation deal", "as a result/part of the deal": in force
# Verbs whose infinitive says the deed was done or under way ("managed to retake", "began to withdraw").
ACHIEVED_VERBS = {"manage", "succeed", "begin", "start", "continue", "proceed", "resume", "keep", "go", "come",
                  "be", "have", "get", "used"}
MODALS = {"could", "would", "might", "may", "should", "will", "can", "must", "shall"}
FUTURE_OR_WISH = {"threaten", "plan", "prepare", "seek", "want", "hope", "fear", "risk", "warn", "urge", "call",
                  "demand", "ask", "propose", "expect", "aim", "avoid", "prevent", "concern", "worry", "move",
                  "bid", "intend", "vow", "pledge", "plot", "wait", "await", "mobilize", "mobilise", "order"}
# A nominal trigger that is the topic of these is a reference to an event told elsewhere
# ("apologised for the death of", "a meeting on the offensive"), not a new report.
REFERENCE_HEADS = {"cessation", "end", "halt", "suspension", "stop", "blame", "responsibility", "apologise", "apologize", "apology", "meeting", "session", "statement", "condolence", "concern",
                   "condemn", "condemnation", "investigation", "inquiry", "report", "debate", "resolution",
                   "sanction", "mourn", "commemorate", "anniversary", "memorial", "request",
                   # "the cause of death", "news of the attack", "after hearing about the killing"
                   "cause", "news", "information", "detail", "circumstance", "hear", "learn"}
SPEECH_VERBS = {"comment", "respond", "reply", "say", "claim", "announce", "state", "report", "deny", "accuse", "insist", "urge", "call", "demand",
                "warn", "tell", "add", "confirm", "allege", "blame", "argue", "stress", "note", "write", "tweet"}
ANCHOR_VERBS = {"meet", "negotiate", "visit", "attend", "host", "travel", "fly", "arrive", "speak", "phone"}
# Quantities of people that are a crowd, not victims, when the trigger is a protest.
PROTEST_WORDS = {"protest", "protester", "demonstration", "demonstrator", "rally", "march", "sit-in", "walkout",
                 "protestor"}
# People who strike or block roads in protest, not with weapons.
LABOUR_OR_CIVIC = {"worker", "union", "employee", "miner", "teacher", "student", "driver", "farmer", "resident",
                   "trader", "vendor", "nurse", "doctor", "staff", "villager", "unionist", "trucker", "taxi"}
WEAPON_WORDS = {"drone", "missile", "bomb", "airstrike", "aircraft", "jet", "warplane", "artillery", "rocket",
                "shell", "gun", "rifle", "weapon", "munition"}
# Aircraft as the subject of a verb of striking: "jets pounded the hideouts" is an air strike.
AIRCRAFT = {"jet", "warplane", "aircraft", "plane", "helicopter", "drone", "bomber", "aviation", "chopper",
            "gunship", "airforce"}
HEAVY_GUNS = {"tank", "gunboat", "warship", "frigate", "destroyer", "battleship", "howitzer", "battery"}
STRIKE_VERBS = {"strike", "hit", "pound", "bomb", "destroy", "target", "raid", "attack", "blast", "shell",
                "bombard", "fire"}
# Triggers that sport and market reports use as metaphors: "a derby clash", "a counter attack", "stocks
# advanced", "a strong rally on Wall Street", "took control of Group C".
FIGURATIVE_PRONE = {"clash", "battle", "fighting", "attack", "assault", "storm", "shoot", "execute", "execution",
                    "strike", "take control", "take over", "advance", "capture", "seize", "rally", "raid",
                    "offensive", "gain ground", "beat people", "fight each other", "fight at", "hit people"}
# Words found in sport reports and seldom in conflict news.
SPORT_WORDS = {"match", "tournament", "championship", "league", "derby", "fixture", "semifinal", "semi-final",
               "quarterfinal", "quarter-final", "playoff", "playoffs", "rugby", "football", "soccer", "cricket",
               "tennis", "golf", "basketball", "baseball", "hockey", "striker", "midfielder", "goalkeeper",
               "inning", "innings", "halftime", "half-time", "scorer", "substitute", "teammate", "birdie", "bogey",
               "game", "goal", "midtable", "relegation", "trounce", "penalty", "stroke", "cup", "olympic", "olympics", "athlete", "batsman", "bowler", "wicket", "serve",
               "set point", "match point", "tie-break", "tiebreak", "medal", "lap", "stadium"}
SPORT_NAMES = {"rugby", "football", "soccer", "cricket", "tennis", "golf", "basketball", "baseball", "hockey"}
# Words of party politics, seldom in a match report: with them "league" or "stadium" is a party's name or a
# rally's venue.
PARTY_POLITICS = {"lawmaker", "politician", "legislator", "activist", "opposition", "party", "mp", "councillor",
                  "councilor", "campaign"}
# Words of markets: prices, indices and currencies "rally", "advance" and "retreat".
MARKET_WORDS = {"stock", "index", "dow", "nasdaq", "nikkei", "ftse", "dax", "dollar", "yen", "euro", "currency",
                "investor", "bond", "crude", "futures", "equity", "dealer", "shares", "wall street",
                "benchmark", "commodity", "oil price", "brent", "rand", "sterling", "peso"}
# People and arms that keep a sport or market word from making a real fight a metaphor: "fans clashed
# with police after the match", "gunmen attacked a market".
REAL_FIGHTERS = {"soldier", "troop", "army", "police", "policeman", "militant", "rebel", "insurgent", "militia",
                 "gunman", "jihadist", "terrorist", "separatist", "military", "fan", "supporter", "hooligan",
                 "crowd", "protester", "demonstrator", "mob", "rioter", "gun", "rifle", "weapon", "bomb",
                 "knife", "machete", "stone", "teargas", "tear", "wound", "injure", "injury", "dead", "hospital",
                 "civilian", "attacker", "assailant", "officer", "security", "arrest", "spectator", "territory",
                 "village", "province", "district", "frontline", "front", "youth", "villager", "resident", "gang",
                 "clan"}
# Verbs that handle a weapon without setting it off.
HANDLING_VERBS = {"buy", "purchase", "carry", "pack", "make", "build", "assemble", "manufacture", "transport",
                  "sell", "own", "possess", "describe", "load", "fill", "stuff", "prepare", "bring", "order",
                  "acquire", "design", "hide", "store"}
# Words that say a weapon went off.
WENT_OFF = {"explode", "detonate", "blast", "explosion", "kill", "wound", "injure", "hit", "strike", "target",
            "fire", "launch", "drop", "go", "rip", "tear", "destroy", "damage", "attack", "dead", "death"}
# Words for talks and deals that name no side: business, trade and forums use them as much as wars do.
PLAIN_TALKS = {"deal", "agreement", "accord", "talk", "negotiation", "discussion", "round of talk"}
CIVIL_AFFAIRS = {"company", "firm", "merger", "acquisition", "acquire", "transaction", "shareholder", "share",
                 "stake", "subsidiary", "operator", "investor", "investment", "trade", "tariff", "import", "export",
                 "debt", "loan", "finance", "financial", "economic", "economy", "energy", "budget", "forum", "panel",
                 "roundtable", "seminar", "workshop", "conference", "theme", "topic", "hearing", "court",
                 "postponement", "consultation", "industry", "agricultural", "market", "customer", "contract",
                 "wage", "salary", "pay", "employer", "sponsorship", "broadcast", "licence", "license"}
CONFLICT_CUES = {"peace", "ceasefire", "cease-fire", "truce", "rebel", "militant", "armed", "war", "fighting",
                 "conflict", "hostility", "prisoner", "hostage", "insurgent", "insurgency", "militia", "troop",
                 "withdrawal", "disarm", "surrender", "army", "military", "violence", "clash", "dispute", "border",
                 "territory", "nuclear", "missile", "weapon", "guerrilla", "junta", "mutiny", "soldier",
                 "fighter", "separatist", "occupation", "blockade", "siege", "evacuation", "attack"}
# Fires that start by themselves or from a mishap: "a candle set the shack on fire", "the shack burnt down".
FIRE_CAUSES = {"candle", "fire", "blaze", "flame", "lightning", "stove", "heater", "cigarette", "circuit", "spark",
               "fault", "lamp", "paraffin", "gas", "wire", "wiring", "heat", "ember"}
# Court and police-procedure words: a crime named as their topic is the case, not a new report of the deed
# ("murder trial", "charges of rape", "jailed for raping", "a grievance of harassment").
LEGAL_HEADS = {"trial", "charge", "convict", "conviction", "sentence", "jail", "imprison", "acquit", "indict",
               "indictment", "plead", "bail", "verdict", "prosecute", "prosecution", "testify", "hearing", "case",
               "docket", "count", "accused", "guilty", "grievance", "complaint", "lawsuit", "evidence", "inquest",
               "parole", "clemency", "reward", "accomplice", "suspect"}
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
    _riot_told_beside(article, context, out)
    for n, cand in enumerate(out):
        cand.candidate_id = f"{article.article_id}-e{n}"
    return out


# Who a violent deed is done by when it makes a crowd's gathering a riot: the crowd named again or "they".
CROWD_PRONOUNS_AND_NAMES = {"rioter", "they", "crowd", "youth", "participant", "marcher"}
RIOT_DEEDS = CROWD_AGENT_VIOLENCE | {"assault", "beat", "hurl", "injure", "hit", "chase", "set"}
FIRE_OBJECTS = {"fire", "bonfire", "tyre", "tire", "blaze"}


def _riot_told_beside(article: Article, ctx: "_ArticleContext", out: list[EventCandidate]) -> None:
    """ACLED codes a demonstration during which the crowd turns violent as one event, a riot (violent
    demonstration). News and ACLED notes tell the gathering first and what the crowd did next ("Residents
    protested in X. They burnt tyres and stoned police"), or the intervention after the rioting: the
    crowd's violence told in a sentence beside the protest, in its paragraph and at no other place,
    makes the protest a riot."""
    for cand in out:
        if cand.event_type != PROTESTS or cand.reference or cand.historical or cand.sentence < 0:
            continue
        paragraph = article.sentences[cand.sentence].paragraph
        for j in (cand.sentence - 2, cand.sentence - 1, cand.sentence + 1, cand.sentence + 2):
            if j < 0 or j >= len(article.sentences) or article.sentences[j].paragraph != paragraph:
                continue
            if any(p.kind != "country" and _location_name(p, j) != cand.location and p.name != cand.location
                   and not _road_end(article, p) for p in ctx.places(j)):
                continue  # another scene: its crowd is its own (a road is named after the towns it leads to)
            if _crowd_violence_told(article, j):
                cand.event_type, cand.sub_event_type = RIOTS, "Violent demonstration"
                if cand.actor1 and cand.actor1.startswith("Protesters"):
                    cand.actor1 = "Rioters" + cand.actor1[len("Protesters"):]  # ACLED names a crowd by its deed
                cand.notes = describe(cand)
                break


def _crowd_violence_told(article: Article, index: int) -> bool:
    """"They burnt tyres", "Demonstrators assaulted 4 officers", "the protest became violent", "rioters":
    violence done by the crowd itself, not force used on it."""
    sentence = article.sentences[index]
    tokens = article.tokens[sentence.token_start:sentence.token_end]
    lemmas = _content_lemmas(tokens)
    if lemmas & {"peaceful", "peacefully"}:
        return False  # "apart from a scuffle, the demonstration was peaceful"
    if lemmas & {"rioter", "rampage", "rioting"} or any(t.lemma.lower() == "riot" and t.pos == "VERB" for t in tokens):
        return True  # the crowd named by its deed; "riots" as a noun is as often background ("riots last week")
    said = " ".join(t.lemma.lower() for t in tokens)
    if re.search(r"\b(turn|become|grow) violent\b", said):
        return True
    for verb in tokens:
        lemma = verb.lemma.lower()
        if lemma not in RIOT_DEEDS | {"light"} and not _wrecks(tokens, verb):
            continue
        said_of = [c for c in _children(tokens, verb) if c.dep not in ("nsubj", "conj", "cc") and not _when_or_where(c)]
        objects = {t.lemma.lower() for t in _in_subtrees(tokens, *said_of)}
        if lemma in ("set", "light") and not objects & (FIRE_OBJECTS | {"ablaze", "alight"}):
            continue
        if lemma == "block" and not objects & BARRICADE_MATERIAL:
            continue
        if objects & (PROTEST_WORDS | {"protesting", "demonstrating", "demonstrate", "marcher", "participant"}):
            continue  # "threw stones at the protesting workers": others' violence against the crowd
        if _done_by_crowd(tokens, verb):
            return True
    return False


# Prepositions that set a deed in time or place; "at" is left out: "threw stones at the marchers" aims.
SCENE_PREPS = {"during", "amid", "amidst", "in", "throughout", "after", "following"}


def _when_or_where(child: Token) -> bool:
    """"vandalised an office during the demonstration": the phrase names the deed's scene, not a crowd
    it was done to ("threw stones at the protesting workers")."""
    return child.dep == "prep" and child.text.lower() in SCENE_PREPS


def _done_by_crowd(tokens: list[Token], verb: Token) -> bool:
    doers = _doers(tokens, verb)
    if not doers and verb.dep == "conj":  # "burnt tyres and stoned police": the first verb's subject
        first = _head(tokens, verb)
        doers = _doers(tokens, first) if first is not None else []
    crowd = PROTEST_WORDS | CROWD_DOERS | CROWD_PRONOUNS_AND_NAMES
    return any(d.lemma.lower() in crowd or d.text.lower() in crowd for d in doers)


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
        self.typed: dict[int, tuple] = {}   # type_sentence's answer per sentence: asked again for later tolls
        self.last_crowd_place: Optional[Place] = None  # where the last protest or riot told took place
        self.last_crowd_sentence = -99

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
            if _subject_lemmas(tokens, tok) & AIRCRAFT:  # "jets fired missiles at the village": from the air
                found.append((tok, Trigger(EXPLOSIONS, "Air/drone strike", 3), f"aircraft {tok.lemma.lower()}"))
            else:
                found.append((tok, Trigger(BATTLES, "Armed clash", 2), f"{tok.lemma.lower()} on"))
            used.add(tok.i)
    for tok in tokens:  # "set up a new military base", "established an observation post"
        if tok.lemma.lower() in ("establish", "set", "build", "open", "create", "construct", "install") and \
                tok.pos == "VERB":
            objs = [c for c in tokens if c.head == tok.i and c.dep in ("dobj", "nsubjpass")
                    and _phrase_names(tokens, c, BASE_WORDS)]
            if objs and (tok.lemma.lower() != "set" or any(c.text.lower() == "up" for c in tokens if c.head == tok.i)):
                found.append((tok, Trigger(STRATEGIC, "Headquarters or base established", 2), "establish base"))
                used.add(tok.i)
    for tok in tokens:
        if tok.i in used or tok.pos != "VERB":
            continue
        lemma = tok.lemma.lower()
        objs = [c for c in tokens if c.head == tok.i and c.dep in ("dobj", "nsubjpass")] + \
            _object_hung_above(tokens, tok)
        obj_lemmas = {c.lemma.lower() for c in objs}
        hit = None
        if lemma in CONTROL_VERBS and "control" in obj_lemmas:
            hit = (Trigger(BATTLES, "Non-state actor overtakes territory", 2), f"{lemma} control")
        elif lemma in ("drive", "push", "force", "chase", "flush") and objs and \
                not obj_lemmas & {"investment", "investor", "business", "capital", "customer", "buyer", "tourist",
                                  "price", "cost", "inflation", "rate", "share", "stock"} and any(
                c.head == tok.i and c.lemma.lower() in ("out", "back", "away") for c in tokens):
            # with someone driven out: "the driver drove away" is no expulsion
            hit = (Trigger(BATTLES, "Government regains territory", 2), f"{lemma} out")
            if _repelled(tokens, tok):
                hit = (Trigger(BATTLES, "Armed clash", 2), f"{lemma} back")
        elif lemma in ("free", "liberate", "clear", "secure", "control", "recover") and obj_lemmas & PLACE_NOUNS:
            hit = (Trigger(BATTLES, "Government regains territory", 2 if lemma != "control" else 1), lemma)
        elif lemma == "kill" and obj_lemmas & REFLEXIVES and _content_lemmas(tokens) & DETONATION_WORDS:
            hit = (Trigger(EXPLOSIONS, "Suicide bomb", 3), "detonate, killing themselves")
        elif lemma == "blow" and any(c.head == tok.i and c.text.lower() == "up" for c in tokens) and \
                not obj_lemmas & REFLEXIVES:
            hit = (Trigger(EXPLOSIONS, "Remote explosive/landmine/IED", 2), "blow up")  # as "bomb": a charge set off
        elif lemma in STRIKE_VERBS and _subject_lemmas(tokens, tok) & AIRCRAFT:
            hit = (Trigger(EXPLOSIONS, "Air/drone strike", 3), f"aircraft {lemma}")
        elif lemma in STRIKE_VERBS and _subject_lemmas(tokens, tok) & HEAVY_GUNS:
            hit = (Trigger(EXPLOSIONS, "Shelling/artillery/missile attack", 3), f"heavy guns {lemma}")
        elif lemma in DISRUPT_VERBS and lemma != "shoot" and any(_names_arms(tokens, o) for o in objs) and \
                not _struck_from_afar(tokens, tok):
            hit = (Trigger(STRATEGIC, "Disrupted weapons use", 3), f"{lemma} arms")
        elif lemma in SEND_VERBS and any(_phrase_names(tokens, o, TROOP_WORDS) for o in objs):
            hit = (Trigger(STRATEGIC, "Change to group/activity", 1), f"{lemma} troops")  # ACLED: troop movements
        elif lemma in ("form", "create", "establish", "set", "launch", "found") and \
                any(_phrase_names(tokens, o, GROUP_WORDS, depth=0) for o in objs) and \
                (lemma != "set" or any(c.text.lower() == "up" for c in tokens if c.head == tok.i)):
            hit = (Trigger(STRATEGIC, "Change to group/activity", 2), "form group")
        elif lemma in ("abuse", "assault", "harass") and obj_lemmas & {"woman", "girl", "child", "minor", "boy"}:
            hit = (Trigger(VAC, "Sexual violence", 2), f"{lemma} women")
        elif lemma in ("exchange", "swap", "release", "free") and obj_lemmas & (CAPTIVES | _traded_people(tokens)) and \
                ("exchange" in {t.lemma.lower() for t in tokens} or lemma in ("exchange", "swap")):
            hit = (Trigger(STRATEGIC, "Agreement", 2), "exchange prisoners")
        elif (lemma in WRECK_VERBS or _sets_alight(tokens, tok)) and \
                any(_phrase_names(tokens, o, PROPERTY) for o in objs) and not _struck_from_afar(tokens, tok):
            hit = (Trigger(STRATEGIC, "Looting/property destruction", 2), f"{lemma} property")
        elif lemma == "damage" and any(_phrase_names(tokens, o, PROPERTY) for o in objs) and \
                _damaged_by_people(tokens, tok):
            # "supporters damaged vehicles": property wrecked by hand; storms and shells also "damage"
            # buildings, so only people as the doers make it the deed
            hit = (Trigger(STRATEGIC, "Looting/property destruction", 2), "damage property")
        elif lemma in ("intercept",) and obj_lemmas & PERSON_OBJECTS:
            hit = (Trigger(STRATEGIC, "Arrests", 2), "intercept people")
        elif lemma == "beat" and any(_phrase_names(tokens, o, BEATEN_PEOPLE, depth=1) for o in objs):
            # "was severely beaten by a man", "police beat several women": ACLED codes a beating as an attack
            # (the crowd and crime readings of _classify still apply); "beat the champions" names no victim
            hit = (Trigger(VAC, "Attack", 2), "beat people")
        elif lemma == "pelt" and objs:
            # "residents pelted a police vehicle with stones": stone-throwing crowds riot (ACLED: violent
            # demonstration, or mob violence with no cause voiced)
            hit = (Trigger(RIOTS, "Violent demonstration", 2), "pelt")
        elif lemma in ("light", "burn", "set") and obj_lemmas & {"bonfire", "tyre", "tire"}:
            # ACLED's codebook names burning tyres and bonfires lit on roads as the mark of a violent
            # demonstration: "supporters lit bonfires as they demanded ...", "youths burnt tyres"
            burnt = min(obj_lemmas & {"bonfire", "tyre", "tire"})
            hit = (Trigger(RIOTS, "Violent demonstration", 2), f"{lemma} {burnt}")
        elif lemma in CLOSE_VERBS and any(_phrase_names(tokens, o, ROUTE_NOUNS, depth=2) for o in objs) and \
                _a_protest_blockade(tokens, tok):
            # "residents closed the highway", "protesters shut the main streets of the town": people who close a
            # road they do not run block it (ACLED: a road blockade by civilians is a protest); the police or
            # a ministry that closes one is not the doer here
            hit = (Trigger(PROTESTS, "Peaceful protest", 2), f"{lemma} road")
        elif lemma in CLOSE_VERBS | LOCK_VERBS and any(_phrase_names(tokens, o, PREMISES, depth=1) for o in objs) and \
                _blocked_by_civilians(tokens, tok) and _blockade_voices_demand(tokens, tok):
            # "workers shut the ministry's building and demanded their pay": people who close premises they do
            # not run while voicing a demand occupy them in protest (ACLED: peaceful protest); an owner who
            # closes a shop, or staff sent home, voice nothing
            hit = (Trigger(PROTESTS, "Peaceful protest", 2), f"{lemma} premises")
        elif lemma in GATHER_VERBS and _gathered_to_voice(tokens, tok):
            hit = (Trigger(PROTESTS, "Peaceful protest", 2), f"{lemma} to demand")
        elif lemma == "demand" and _lay_people_demand(tokens, tok):
            hit = (Trigger(PROTESTS, "Peaceful protest", 2), "people demand")
        else:
            hit = _deed_in_plain_words(tokens, tok, objs, obj_lemmas)
            if hit:
                used |= {t.i for t in _in_subtrees(tokens, *objs)}  # "petrol bombs" thrown
        if hit:
            found.append((tok, hit[0], hit[1]))
            used.add(tok.i)
            if hit[0].sub_event_type == "Disrupted weapons use":
                for o in objs:  # the rockets seized are no rocket fire
                    used |= _subtree(tokens, o)
    for tok in tokens:
        if tok.i not in used and tok.pos == "NOUN":
            hit = _shots_fired(tokens, tok) or _patrol_conducted(tokens, tok)
            if hit:
                found.append((tok, hit[0], hit[1]))
                used.add(tok.i)
    for tok in tokens:  # "the wanton destruction of government property", "the burning of shops"
        if tok.i not in used and tok.pos == "NOUN" and tok.lemma.lower() in WRECK_NOUNS and any(
                c.head == p.i and c.lemma.lower() in PROPERTY for p in tokens
                if p.head == tok.i and p.text.lower() == "of" for c in tokens):
            found.append((tok, Trigger(STRATEGIC, "Looting/property destruction", 2),
                          f"{tok.lemma.lower()} of property"))
            used.add(tok.i)
    for size in (4, 3, 2, 1):  # "take to the street" has four words
        for k in range(len(tokens) - size + 1):
            if any(j in used for j in range(k, k + size)):
                continue
            for seq in (" ".join(lemmas[k:k + size]), " ".join(texts[k:k + size])):
                trig = TRIGGERS.get(seq)
                if trig:
                    if size == 1 and tokens[k].pos in ("PROPN",) and seq not in WEAPON_ACRONYMS and \
                            not tokens[k].text.islower():
                        break  # "Rocket Forces" as a name, "Peace Deal Act"; a word in lower case names nobody
                    if size == 1 and seq in NOUN_ONLY and tokens[k].pos != "NOUN":
                        break  # "according to", "deal with", "talk to"
                    if size == 1 and seq in VERB_ONLY and (tokens[k].pos != "VERB" or tokens[k].dep == "amod"):
                        break  # "the ousted leader", "an advance party"
                    if seq == "intercept" and _intercepts_people(tokens, tokens[k]):
                        break  # "he was intercepted", "migrants were intercepted": people stopped, no weapon
                    if seq in ("fire at", "fire on", "fire upon") and tokens[k].pos != "VERB":
                        break  # "caught fire at the plant": a blaze, not shooting
                    if size == 1 and tokens[k].text.lower() == "hostility":
                        break  # "inherent hostility toward": a feeling; fighting is "hostilities"
                    if size == 1 and _names_a_unit(tokens, tokens[k]):
                        break  # "riot police", "assault rifle", "attack helicopter": a unit or a kit, no event
                    if size == 1 and tokens[k].text == "March" and (k > 0 or _next_is_number(tokens, k)):
                        break  # the month
                    if seq in THROWN_MEANS and _thrown(tokens, tokens[k]):
                        break  # "projectiles were thrown at police": by hand, not by artillery
                    if _other_sense(tokens, _phrase_head(tokens[k:k + size]), seq):
                        break  # "demonstrated that", "stormed out", "a legal battle", "the video was shot"
                    head = _phrase_head(tokens[k:k + size])
                    found.append((head, trig, seq))
                    used.update(range(k, k + size))
                    break
    return _without_stray_adjectives(tokens, found)


def _object_hung_above(tokens: list[Token], verb: Token) -> list[Token]:
    """"residents closed the main road" parsed with "closed" as a modifier of "road": a verb with a subject
    of its own cannot describe a noun, so the noun it hangs on is what it acted on."""
    if verb.dep != "amod" or not _kids(tokens, verb, "nsubj"):
        return []
    noun = _head(tokens, verb)
    return [noun] if noun is not None and noun is not verb and noun.pos == "NOUN" else []


def _without_stray_adjectives(tokens: list[Token], found: list[tuple[Token, Trigger, str]]):
    """"vandalized the office and assaulted supporters" may come out with "assaulted" as an adjective on its
    object: with no subject of its own it is a verb only when nothing else in the sentence tells the deed."""
    def stray(tok: Token, seq: str) -> bool:
        return seq == "assaulted" and tok.pos != "VERB" and not _kids(tokens, tok, "nsubj")
    kept = [f for f in found if not stray(f[0], f[2])]
    return kept or found


# "a legal battle", "a verbal battle", "a battle for the nomination": contests fought with words or votes.
WORDY_CONTESTS = {"legal", "court", "verbal", "political", "electoral", "ideological", "diplomatic", "uphill",
                  "courtroom", "custody", "boardroom", "leadership", "succession", "nomination", "bidding",
                  "price", "trade", "tariff", "ratings"}
CONTEST_PRIZES = {"nomination", "presidency", "leadership", "seat", "vote", "title", "championship", "candidacy",
                  "custody", "crown", "trophy", "cup", "ticket", "chair", "chairmanship", "mayoralty", "succession"}
HARMLESS_ATTACKS = {"cyber", "cyber-", "heart", "panic", "asthma", "anxiety", "ransomware", "malware", "phishing",
                    "hacker", "hacking", "verbal", "shark", "dog"}
BOMB_SCARES = {"threat", "hoax", "scare", "alert", "warning", "squad", "disposal", "detection", "detector",
               "sniffer", "shelter", "drill"}
# What is "fought" without arms: "fighting corruption", "battling poverty", "fighting the arms trade".
SOCIAL_ILLS = {"trade", "trafficking", "corruption", "crime", "poverty", "terrorism", "extremism", "disease",
               "fire", "blaze", "inflation", "hunger", "drug", "climate", "pandemic", "virus", "graft", "fraud",
               "impunity", "racism", "discrimination", "unemployment", "illness", "cancer", "addiction", "wind",
               "flame", "flood", "malaria", "hiv", "aids", "famine", "smuggling", "piracy", "poaching"}
# Offices and roles handed on: "hands over the presidency of the bloc" moves no territory.
OFFICES = {"presidency", "chairmanship", "chair", "office", "leadership", "baton", "rein", "reins", "title",
           "seat", "mantle", "helm", "place", "role", "crown", "captaincy", "portfolio"}  # not "post": a base
FILMED = {"video", "film", "footage", "scene", "photo", "picture", "movie", "clip", "documentary", "episode",
          "image", "photograph", "advert", "advertisement"}
PLANS = {"plan", "order", "strategy", "warrant", "contract", "move", "try", "pass", "play", "deal", "transaction",
         "task", "program", "programme", "project", "policy", "trade", "manoeuvre", "maneuver", "shot", "kick"}


def _other_sense(tokens: list[Token], tok: Token, seq: str) -> bool:
    """A trigger word in a sense that reports no event. News English gives each its marks:
    "demonstrate" that takes an object or a clause means "show" (the protest verb is intransitive or
    takes "against", "for"); "storm out of the chamber" is leaving in anger; a "legal battle" or a
    "battle for the nomination" is fought with words or votes; a video is "shot" by a camera; a plan or
    a try is "executed" but a person is executed."""
    kids = _children(tokens, tok)
    kid_deps = {k.dep for k in kids}
    if seq == "demonstrate" and tok.pos == "VERB":
        return bool(kid_deps & {"dobj", "ccomp", "nsubjpass", "attr", "oprd"})
    if seq in ("demo", "demos") and tok.pos in ("NOUN", "PROPN"):
        return any(k.dep == "prep" and k.text.lower() == "of" for k in kids)  # "a demo of the new tractor": a show
    if seq == "storm" and tok.pos == "VERB":
        return any(k.text.lower() in ("out", "off") and k.dep in ("prt", "advmod", "prep") for k in kids)
    if seq in ("battle", "fight", "fighting", "clash", "war") and tok.pos == "NOUN":
        if any(k.dep in ("amod", "compound") and k.lemma.lower() in WORDY_CONTESTS for k in kids):
            return True
        return any(k.dep == "prep" and k.text.lower() in ("for", "over") and any(
            g.dep == "pobj" and g.lemma.lower() in CONTEST_PRIZES for g in _children(tokens, k)) for k in kids)
    if seq in ("attack", "assault") and any(k.dep in ("compound", "amod", "nmod") and
                                            k.lemma.lower() in HARMLESS_ATTACKS for k in kids):
        return True  # "cyber-attacks", "a heart attack", "a panic attack"
    if seq == "blast" and tok.pos == "VERB":
        return any(k.text.lower() == "off" for k in kids)  # "the rocket blasted off": a launch
    if seq == "bomb" and tok.dep == "compound":
        head = _head(tokens, tok)
        return head is not None and head.lemma.lower() in BOMB_SCARES  # "a bomb threat", "a bomb hoax"
    if seq in ("fight", "fighting", "battle") and tok.pos == "VERB":
        return any(k.dep == "dobj" and k.lemma.lower() in SOCIAL_ILLS for k in kids)  # "fighting poverty"
    if seq in ("hand over", "handover", "cede", "relinquish"):
        after = [t for t in tokens if tok.i < t.i <= tok.i + 5 and t.pos == "NOUN" and t.lemma.lower() != "hand"]
        handed = [k for k in kids if k.dep in ("dobj", "nsubjpass")] + after[:1]  # the parse may miss "hands over"
        return any(k.lemma.lower() in OFFICES for k in handed)
    if seq == "shoot" and tok.pos == "VERB":
        return any(k.dep in ("dobj", "nsubjpass") and k.lemma.lower() in FILMED for k in kids)
    if seq in ("execute", "execution"):
        if tok.dep == "amod" or any(k.lemma.lower() == "well" for k in kids):
            return True  # "a well-executed try"
        return any(k.dep in ("dobj", "nsubjpass") and k.lemma.lower() in PLANS for k in kids)
    return False


def _subject_lemmas(tokens: list[Token], verb: Token) -> set[str]:
    """Lemmas of the verb's subject or passive agent heads, and of their coordinates."""
    subjects = _doers(tokens, verb)
    subjects += [g for c in subjects for g in _kids(tokens, c, "conj")]
    lemmas = {c.lemma.lower() for c in subjects}
    if any(c.lemma.lower() == "force" and any(g.head == c.i and g.lemma.lower() == "air" for g in tokens)
           for c in subjects):
        lemmas.add("airforce")  # "the Air Force destroyed ...": its aircraft did
    return lemmas


def _struck_from_afar(tokens: list[Token], verb: Token) -> bool:
    """"Warplanes destroyed an arms depot": weapons destroyed by a strike are the strike's target, and
    ACLED codes the strike, not a disrupted weapons use."""
    return bool(_subject_lemmas(tokens, verb) & (WEAPON_WORDS | AIRCRAFT | {"airstrike", "strike", "shelling",
                                                                          "bombardment"}))


def _repelled(tokens: list[Token], verb: Token) -> bool:
    """"the army pushed them back": attackers repelled, with no place they were driven from, is a fight
    that held the line (ACLED: armed clash), not ground regained ("drove them back out of the town")."""
    kids = _children(tokens, verb)
    back = any(k.lemma.lower() == "back" for k in kids) and not any(k.lemma.lower() in ("out", "away") for k in kids)
    kids += [g for k in kids if k.lemma.lower() == "back" for g in _children(tokens, k)]  # "back from their bases"
    from_place = any(k.dep == "prep" and k.text.lower() in ("from", "of", "out") for k in kids)
    return back and not from_place


def _names_arms(tokens: list[Token], obj: Token) -> bool:
    """The object phrase names weapons, also behind a quantity or a container ("a large amount of
    ammunition", "two caches containing rifles", "pistols and 1,100 bullets")."""
    return _phrase_names(tokens, obj, ARMS_WORDS - {"drug"})  # seized drugs are crime, not arms


def _phrase_names(tokens: list[Token], obj: Token, words: set[str], depth: int = 4) -> bool:
    """A word of ``words`` heads the phrase or stands behind a quantity, a coordination or a container
    ("a total of 56 observation points", "a number of barracks"). Also read on the surface form,
    since the lemmatiser turns "bases" into "basis"."""
    frontier, seen = [obj], {obj.i}
    for _ in range(depth + 1):
        if any(t.lemma.lower() in words or t.text.lower() in words or t.text.lower().rstrip("s") in words
               for t in frontier):
            return True
        nxt = []
        for node in frontier:
            for c in tokens:
                if c.head != node.i or c.i in seen:
                    continue
                if c.dep in ARMS_PHRASE_DEPS or c.dep == "acl" and c.lemma.lower() in CONTAINING:
                    nxt.append(c)
                    seen.add(c.i)
        frontier = nxt
    return False


def _traded_people(tokens: list[Token]) -> set[str]:
    """"released 30 rebels in exchange for 16 soldiers": with an exchange told, anyone released is traded."""
    lemmas = {t.lemma.lower() for t in tokens}
    return PERSON_OBJECTS | ARMED_WORDS if lemmas & {"exchange", "swap"} else set()


def _sets_alight(tokens: list[Token], verb: Token) -> bool:
    """"set the shops and houses on fire", "set the market ablaze" (but "set up a station" builds one)."""
    return verb.lemma.lower() == "set" and any(
        t.lemma.lower() in ("fire", "ablaze", "alight", "afire", "aflame") for t in _in_subtrees(tokens, verb)
        if t.i != verb.i)


def _intercepts_people(tokens: list[Token], verb: Token) -> bool:
    objs = _kids(tokens, verb, "dobj", "nsubjpass")
    return any(o.pos == "PRON" or o.lemma.lower() in PERSON_OBJECTS | DISPLACED_PEOPLE | {"migrant", "boat"}
               for o in objs)


def _names_a_unit(tokens: list[Token], tok: Token) -> bool:
    """"riot police", "strike force", "assault rifle": the word names a unit or a kit, not an event."""
    head = _head(tokens, tok)
    return tok.lemma.lower() in UNIT_MODIFIERS and tok.dep in ("compound", "amod", "nmod") and \
        head is not None and head.lemma.lower() in UNIT_HEADS and not _clause_between(tokens, tok, head)


def _clause_between(tokens: list[Token], modifier: Token, head: Token) -> bool:
    """"staged a protest and blocked police vehicles" may come out with "protest" modifying "vehicles":
    a name for a unit or a kit is one stretch of nouns, so a verb or a conjunction in between shows
    the parser joined two clauses, and the word is the event of the first."""
    low, high = sorted((modifier.i, head.i))
    return any(t.pos in ("VERB", "AUX", "CCONJ") for t in tokens if low < t.i < high)


def _next_is_number(tokens: list[Token], k: int) -> bool:
    return k + 1 < len(tokens) and tokens[k + 1].text[:1].isdigit()


def _thrown(tokens: list[Token], tok: Token) -> bool:
    by_i = {t.i: t for t in tokens}
    head = by_i.get(tok.head)
    return head is not None and head.lemma.lower() in ("throw", "hurl", "lob", "pelt", "toss", "fling")


def _place_tokens(tokens: list[Token], p) -> list[Token]:
    """The tokens a place's span covers."""
    return [t for t in tokens if t.start >= p.start and t.end <= p.end]


def _place_head(tokens: list[Token], p) -> Optional[Token]:
    toks = _place_tokens(tokens, p)
    return _phrase_head(_past_inner_possessive(toks)) if toks else None


def _past_inner_possessive(toks: list[Token]) -> list[Token]:
    """"Cox's Bazar area": the parser reads a possessive inside a place's own name as its owner ("Cox" of
    "area"); the name's head is in the words after it, as in any other name."""
    k = max((k for k, t in enumerate(toks[:-1]) if t.text in ("'s", "’s")), default=None)
    return toks[k + 1:] if k is not None else toks


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


def _kids(tokens: list[Token], tok: Token, *deps: str) -> list[Token]:
    return [t for t in _children(tokens, tok) if t.dep in deps]


def _doers(tokens: list[Token], verb: Token) -> list[Token]:
    """Who did what the verb says: its subject, or the object of its passive 'by'."""
    return _kids(tokens, verb, "nsubj") + [g for a in _kids(tokens, verb, "agent") for g in _kids(tokens, a, "pobj")]


def _is_irrealis(article: Article, tokens: list[Token], trig: Token) -> bool:
    """Modal, negated, wished-for or feared: not a report that it happened."""
    chain = [trig] + _ancestors(article, trig, 3)
    chain = chain[:next((k for k, node in enumerate(chain) if k and (_aside_of(tokens, node, trig) or
                                                                    _aim_hung_above(tokens, chain[k - 1], node) or
                                                                    _dash_between(article, tokens, node, trig))),
                        len(chain))]
    for depth, node in enumerate(chain[:3]):
        kids = _children(tokens, node)
        if any(k.lemma.lower() in MODALS and k.dep in ("aux", "auxpass") for k in kids):
            return True
        if any(k.dep == "neg" or k.lemma.lower() in ("not", "never") and k.dep in ("neg", "advmod") for k in kids):
            return True
        if node is trig and any(k.lemma.lower() == "no" and k.dep == "det" for k in kids):
            return True  # "no agreement was reached"
        if not _subject_reaches(tokens, chain[:depth + 1]):
            continue  # "shelled the town, with no casualties reported": "no" denies the casualties, not the shelling
        for subj in (k for k in kids if k.dep in ("nsubj", "nsubjpass")):
            if any(g.lemma.lower() == "no" and g.dep == "det" for g in _children(tokens, subj)):
                return True  # "no unit of the Front had operated there"
            if subj.lemma.lower() in ("none", "nobody", "noone") or subj.text.lower() in ("none", "nobody"):
                return True  # "none of the guards were injured", "nobody was hurt"
    for below, anc in zip(chain, chain[1:4]):
        if below.dep == "agent" or below.text.lower() == "by" and below.dep == "prep" and anc.tag == "VBD":
            continue  # "prevented the hearing by blocking the road": the means was used, whatever it stopped
        if below.dep == "conj" and below.pos == "VERB" and anc.pos == "VERB":
            continue  # "prevented the hearing and protested": a second deed of the doers, not the thing prevented
        if anc.lemma.lower() == "demand" and below.pos == "VERB" and TRIGGERS.get(below.lemma.lower()) and \
                TRIGGERS[below.lemma.lower()].event_type == PROTESTS:
            continue  # "gathered to demand pay and to protest": a crowd voicing its demand is the protest
        if _told_before_its_governor(tokens, below, anc):
            continue  # "students protested against the fees, they also called for grants": a deed told first
        if _voiced_by_its_subject(below, anc):
            continue  # "protesters demanded his release": the crowd that voiced the demand was there
        if _presumed_dead(tokens, below, anc):
            continue  # "four guards are feared dead": the deaths are reported, only not yet confirmed
        if anc.lemma.lower() in FUTURE_OR_WISH and anc.pos in ("VERB", "NOUN"):
            return True
    return False


# Verbs by which a crowd voices what it wants; said of it in the past, they tell that the crowd stood there.
VOICING_VERBS = {"demand", "call", "urge", "ask"}


def _presumed_dead(tokens: list[Token], below: Token, anc: Token) -> bool:
    """"ten miners were feared killed", "two soldiers are feared dead": news English reports deaths not yet
    confirmed with a passive "feared"; it tells a toll, not a fear of what may come ("residents fear an
    attack", "fears of fresh fighting" keep their irrealis reading)."""
    return anc.lemma.lower() == "fear" and anc.pos == "VERB" and below.dep in ("oprd", "acomp", "xcomp") and \
        any(k.dep == "auxpass" for k in _children(tokens, anc))


def _told_before_its_governor(tokens: list[Token], below: Token, anc: Token) -> bool:
    """A clause in the simple past with its own subject, written before the wish or fear verb the parser
    hangs it on, is a deed already told ("the crowd marched to the palace, its leaders also called for
    talks"; "gunmen attacked the base, officials feared"). What is wished or feared follows its verb
    ("residents feared the rebels would attack")."""
    return below.dep == "ccomp" and below.i < anc.i and below.tag == "VBD" and bool(_kids(tokens, below, "nsubj"))


def _voiced_by_its_subject(below: Token, anc: Token) -> bool:
    """What a wish verb makes unreal is the thing wished, its object; the one who wished, its subject, is
    real. A crowd that "demanded" or "called for" something in the past tense was gathered to say it (ACLED
    codes the demand voiced by protesters as the protest), whereas "protesters plan to march" or "want the
    mayor out" tells of no gathering yet, so only past voicing verbs count."""
    return below.dep == "nsubj" and anc.tag == "VBD" and anc.lemma.lower() in VOICING_VERBS


RAISING_DEPS = {"xcomp", "oprd", "acomp", "ccomp", "conj", "auxpass", "aux"}


def _subject_reaches(tokens: list[Token], path: list[Token]) -> bool:
    """Whether the subject of the last word of ``path`` is also the trigger's (the first word's): "no one
    was reported killed", "none of them were hurt or killed". A clause with a subject of its own, or a
    trigger hung on a preposition ("no casualties were reported in the shelling"), is not denied by
    another clause's "no"."""
    for node in path[:-1]:
        if node.dep not in RAISING_DEPS or _kids(tokens, node, "nsubj", "nsubjpass"):
            return False
    return True


def _aim_hung_above(tokens: list[Token], below: Token, node: Token) -> bool:
    """"workers staged a protest, so they can get paid": a clause of aim opened by "so" follows the deed
    it explains, but the parser often makes it the sentence's root and hangs the deed under it. The
    aim's modal is then no doubt cast on the deed, which has its own subject and a past tense."""
    marked_so = any(k.dep == "mark" and k.lemma.lower() == "so" and k.i > below.i for k in _children(tokens, node))
    return marked_so and below.dep in ("ccomp", "advcl") and below.tag == "VBD" and \
        bool(_kids(tokens, below, "nsubj"))


def _aside_of(tokens: list[Token], node: Token, trig: Token) -> bool:
    """The word stands in brackets the trigger is outside of ("(exact date not reported) traders
    protested"): an aside cannot make the sentence's own report unreal, however the parser hangs it."""
    def depth(tok: Token) -> int:
        opened = 0
        for t in tokens:
            if t.i >= tok.i:
                break
            opened += (t.text == "(") - (t.text == ")")
        return opened
    return depth(node) > depth(trig)


def _dash_between(article: Article, tokens: list[Token], node: Token, trig: Token) -> bool:
    """"two shot dead - details not known": a spaced dash ends the report and opens a remark on it, as a
    bracket does; a remark that the details went untold does not deny the deed, however the parser hangs
    the deed under the remark's verb."""
    low, high = sorted((node.i, trig.i))
    return any(low < t.i < high and _spaced_dash(article, t) for t in tokens)


def _gapless_clause(article: Article, verb: Token) -> bool:
    """"informed the Observatory that Turkish forces have set up a post": a clause with its own subject and
    its own object has no gap for "that" to fill, so it is a reported statement, not a relative clause
    describing a noun (the parser often takes it for one)."""
    kids = _children(tokens_of(article, verb), verb)
    nominal = lambda k: k.pos in ("NOUN", "PROPN") or k.pos == "PRON" and k.tag not in ("WDT", "WP", "WP$")
    if any(k.tag == "WRB" for k in kids):
        return False  # "the road where the fighters blocked the bridges": the gap is the place
    return any(k.dep == "nsubj" and nominal(k) for k in kids) and any(k.dep == "dobj" and nominal(k) for k in kids)


def _purpose_only(article: Article, tokens: list[Token], trig: Token) -> bool:
    """"an attack to capture the positions", "launched an offensive to free the province": an infinitive
    of purpose names what a side set out to do, not what it did. Gathering "to protest" is the protest
    itself, so protest triggers never come here; "managed to", "began to" report the deed."""
    if trig.pos != "VERB" or trig.tag != "VB" or trig.dep not in ("advcl", "xcomp", "acl"):
        return False
    if not any(k.dep == "aux" and k.text.lower() == "to" for k in _children(tokens, trig)):
        return False
    head = _token_by_i(article, trig.head)
    return head is not None and head.lemma.lower() not in ACHIEVED_VERBS and not _attempt_made(article, tokens, head)


ATTEMPT_VERBS = {"try", "attempt"}


def _attempt_made(article: Article, tokens: list[Token], head: Token) -> bool:
    """"youths tried to attack the MP", "gunmen attempted to abduct two men", "police were forced to shoot":
    the attempt is itself the deed told (ACLED codes attempted attacks and abductions, whatever their
    outcome), and what someone was forced to do was done. Unlike a purpose ("launched an offensive to
    capture the town"), nothing here says the deed is still to come. Only a verb in the past or present
    (or a participle with its auxiliary) counts, so "plans to try to attack" stays a plan."""
    lemma = head.lemma.lower()
    if head.pos != "VERB" or head.tag not in ("VBD", "VBZ", "VBP", "VBN"):
        return False
    if any(node.dep in ("relcl", "acl") for node in [head] + _ancestors(article, head, 3)) or \
            not _kids(tokens, head, "nsubj", "nsubjpass"):
        # "militants who had tried to kidnap a nun", "killed men they claimed tried to kidnap teachers":
        # who the people are, not the deed reported; an attempt told as a deed names who made it
        return False
    if lemma in ATTEMPT_VERBS:
        return head.tag != "VBN" or any(k.dep in ("aux", "auxpass") for k in _children(tokens, head))
    return lemma == "force" and head.tag == "VBN" and any(k.dep == "auxpass" for k in _children(tokens, head))


def _is_reference(article: Article, trig: Token) -> bool:
    """An event told earlier and named again ("apologised for the deaths", "since the shelling",
    "the group that attacked X"): it may join the event it names, never found a new one."""
    if trig.dep == "conj":
        first = _token_by_i(article, trig.head)
        if first is not None and first.lemma.lower() in TRIGGERS and first.dep in ("acl", "relcl") and \
                _is_reference(article, first):
            return True  # "people killed and injured": both words describe the same people
    if trig.dep == "acl" and trig.tag == "VBN" and not _misparsed_main_verb(article, trig):
        described = _token_by_i(article, trig.head)
        if described is not None and described.pos in ("NOUN", "PROPN") and \
                not _participle_reads_as_main_verb(article, trig, described):
            return True  # "people detained during protests": a description of people, not a new report
    if trig.dep == "relcl" and not _gapless_clause(article, trig) and not _misparsed_main_verb(article, trig) \
            and not _doing_at_the_time(article, trig):
        described = _token_by_i(article, trig.head)
        if described is not None and described.pos in ("NOUN", "PROPN") and \
                described.lemma.lower() not in TRIGGERS:
            return True  # "the group that attacked Atocha": a description, not a new report
    if _ongoing_since(article, trig):
        return True  # "whose artillery has been firing since Monday": a running summary, not one event
    if any(a.lemma.lower() in ATTRIBUTION_HEADS for a in _ancestors(article, trig, 5)):
        return True  # "claimed responsibility for the bombing", "sanctions over the attack": told to blame
    if _before_the_court(article, trig):
        return True  # "the murder trial", "charged with assault", "jailed for raping": the case, not the deed
    if trig.pos in ("NOUN", "PROPN"):
        parent = _token_by_i(article, trig.head)
        grand = _token_by_i(article, parent.head) if parent is not None else None
        if parent is not None and parent.dep == "prep" and grand is not None and \
                parent.text.lower() in ("for", "on", "over", "about", "into", "of", "to") and \
                grand.lemma.lower() in REFERENCE_HEADS and not _reports_told_as_news(article, parent, grand):
            return True
        if parent is not None and trig.dep in ("dobj", "nsubjpass") and parent.lemma.lower() in \
                {"follow", "precede", "mark", "commemorate", "recall", "condemn", "investigate", "deny", "blame"}:
            return True  # "the talks followed last week's shelling": told as background to something else
        if parent is not None and parent.dep == "prep" and parent.text.lower() in ("since", "following", "before",
                                                                                 "during") and \
                not _introduced_as_the_setting(article, trig, parent):
            return True  # "for the first time since the shelling": an event told earlier, used as a time mark
        causes = {"because", "wake", "due", "owing"}
        if parent is not None and (parent.text.lower() in causes or parent.text.lower() in ("of", "to") and
                                   grand is not None and grand.text.lower() in causes):
            return True  # "fled because of the attacks": the cause of what is reported, told earlier
    return False


FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def _reports_told_as_news(article: Article, prep: Token, report: Token) -> bool:
    """"Reports of clashes in the hills." as a headline, "there were reports of fighting near the dam": the
    reports are the news itself, told as the sentence's whole content, not a document or a claim that
    someone denied, read or released ("denied reports of clashes", "a report on the attacks")."""
    if report.lemma.lower() != "report" or prep.text.lower() != "of" or report.tag != "NNS":
        return False
    if report.dep == "ROOT":
        return not any(t.pos in ("VERB", "AUX") and t.dep != "amod" for t in tokens_of(article, report))
    verb = _token_by_i(article, report.head)
    return report.dep == "attr" and verb is not None and verb.lemma.lower() == "be" and \
        any(k.dep == "expl" for k in _children(tokens_of(article, verb), verb))


def _introduced_as_the_setting(article: Article, trig: Token, prep: Token) -> bool:
    """"students locked the principal in his office during a demonstration": news English brings a new
    event in with "a", and one told before back with "the" ("during the protests"). An event first named
    as the setting of a deed ("during") happened then and there, so it is a report, not a reference."""
    if prep.text.lower() != "during":
        return False
    return any(k.dep == "det" and k.text.lower() in ("a", "an") for k in _children(tokens_of(article, trig), trig))


def _participle_reads_as_main_verb(article: Article, trig: Token, described: Token) -> bool:
    """A past participle that describes a noun is passive ("people detained during protests"), so it
    takes no direct object and its noun is part of some clause. "men assaulted a reporter" (an object of
    its own) or a noun that heads the whole sentence ("several people, who lost their homes, protested
    outside the court") shows the parser took an active past verb, the sentence's report, for one."""
    kids = _children(tokens_of(article, trig), trig)
    return described.dep == "ROOT" or any(k.dep == "dobj" for k in kids)


def _doing_at_the_time(article: Article, trig: Token) -> bool:
    """"police dispersed youths who were protesting": a past progressive in a relative clause tells
    what the people were doing when the main clause happened, so it reports that deed rather than
    naming one told earlier (unlike "the group that attacked X", a finished deed used as a label)."""
    if trig.tag != "VBG":
        return False
    kids = [t for t in tokens_of(article, trig) if t.head == trig.i and t.i != trig.i]
    return any(k.dep == "aux" and k.lemma.lower() == "be" and k.tag == "VBD" for k in kids) and \
        not _ongoing_since(article, trig)


def _misparsed_main_verb(article: Article, trig: Token) -> bool:
    """The parser hangs a sentence's own main verb on a noun when the verb's -ed form could be a
    participle ("supporters of a candidate stabbed and killed a rival", "villagers protested in front of
    the office"), or when a fragment is a headline ("Driver killed on bus"). A participle that has its
    own "was"/"had" is a finite clause, and a sentence with no finite verb outside the participle's
    own words says nothing else: either way the participle is what the sentence reports, not a
    description of something told elsewhere."""
    tokens = tokens_of(article, trig)
    if trig.dep == "acl" and any(k.dep in ("aux", "auxpass") for k in _children(tokens, trig)):
        return True  # "a drone ... was shot down by soldiers": "was" makes it a clause of its own
    own = _subtree(tokens, trig) | _who_clauses_of(tokens, _head(tokens, trig))
    return not any(t.tag in FINITE_TAGS and t.pos in ("VERB", "AUX") and t.i not in own for t in tokens)


def _who_clauses_of(tokens: list[Token], noun: Optional[Token]) -> set[int]:
    """"several people, who lost their homes, protested": a relative clause on the doers says who they
    are; its finite verb is no other report of the sentence, so it cannot make the protest a description."""
    if noun is None:
        return set()
    return {i for k in _kids(tokens, noun, "relcl") for i in _subtree(tokens, k)}


def _before_the_court(article: Article, trig: Token) -> bool:
    """A deed named as the matter of a court or police procedure ("the murder trial", "charges of rape",
    "accused of assaulting", "jailed for raping her niece") is told to report the case; the deed itself
    was (or will be) reported when it happened. Only the nearest governors count, so "troops who were
    later tried killed ten villagers" still reports the killing."""
    for node in [trig] + _ancestors(article, trig, 2):
        parent = _token_by_i(article, node.head)
        if parent is None or parent.i == node.i:
            return False
        if parent.lemma.lower() in LEGAL_HEADS or parent.pos == "NOUN" and parent.text.lower() in LEGAL_HEADS:
            # "the murder-accused", but not the verb: "residents accused him of kidnapping" reports it
            return node.dep in ("compound", "nmod", "amod", "prep", "pobj", "pcomp", "dobj", "npadvmod") or \
                node is not trig and node.dep in ("prep", "pobj")
        if node.dep not in ("prep", "pobj", "pcomp", "compound", "conj"):
            return False
    return False


def _quoted_present(article: Article, trig: Token, claims: list[Claim]) -> bool:
    """"They send drones against funerals," she said: a speaker's present tense is rhetoric about
    what happens, not a report of something that happened."""
    verb = trig if trig.pos == "VERB" else _token_by_i(article, trig.head)
    if verb is None or verb.pos != "VERB" or verb.tag not in ("VBP", "VBZ"):
        return False
    return any(c.direct and c.start <= trig.start < c.end for c in claims)


def _ongoing_since(article: Article, trig: Token) -> bool:
    """The trigger's verb is a present perfect progressive with "since" ("have been shelling since")."""
    verb = trig if trig.pos in ("VERB", "AUX") else _token_by_i(article, trig.head)
    if verb is None or verb.tag != "VBG":
        return False
    kids = [t for t in tokens_of(article, verb) if t.head == verb.i and t.i != verb.i]
    perfect = {k.lemma.lower() for k in kids if k.dep == "aux"} >= {"have", "be"}
    return perfect and any(k.text.lower() == "since" for k in kids)


def _happened(article: Article, tokens: list[Token], trig: Token, kind: Optional[Trigger] = None) -> bool:
    """For talks and truces: did the sentence say they took place?"""
    if kind is not None and kind.sub_event_type == "Agreement" and trig.pos == "VERB" and trig.tag in ("VBD", "VBN"):
        return True  # "67 fighters have surrendered", "the two sides swapped prisoners": told as done
    if kind is not None and kind.sub_event_type == "Other" and _told_as_done(tokens, trig):
        return True  # "residents blocked the road": a blockade has no signing to wait for, the deed is the event
    if kind is not None and kind.sub_event_type == "Other" and _blockade_voices_demand(tokens, trig):
        return True  # "traders block the highway, demanding ...": a report's present tense, the deed was done
    ancestors = _ancestors(article, trig, 3)
    told_of = [c for a in ancestors for c in _children(tokens, a) if c.dep == "xcomp"]
    window = [trig] + ancestors + _children(tokens, trig) + told_of  # "a swap is said to have taken place"
    for t in window:
        if t.lemma.lower() in HAPPENING:
            return True
    # "agreed Wednesday to disarm", "talks in Yevlakh": a verb of agreement or a located talk
    for t in tokens:
        if t.lemma.lower() == "agree" and t.pos == "VERB":
            return True
    return False


def _told_as_done(tokens: list[Token], verb: Token) -> bool:
    """A verb in the past with its own subject ("residents blocked", "workers were blocking", "had
    blocked") tells what someone did; a bare noun or an infinitive ("a blockade", "to block") does not."""
    if verb.pos != "VERB":
        return False
    if verb.tag == "VBD":
        return True  # finite past, whether or not the parser found its subject
    return bool(_kids(tokens, verb, "nsubj")) and any(k.dep == "aux" and k.tag == "VBD" for k in _children(tokens, verb))


@dataclass
class SentenceTyping:
    """What the trigger lexicon and the parse make of one sentence, before any place or date gate."""
    event_type: str
    sub_event_type: str
    strength: int
    trigger: Token
    phrase: str
    reference: bool                       # only triggers that name an event told elsewhere
    triggers: list                        # every (token, Trigger, phrase) found, for the place finder
    references: list                      # the triggers read as references
    roles: tuple                          # actor1, assoc1, actor2, assoc2 from the parse
    figures: list                         # the sentence's current figures


def type_sentence(article: Article, index: int, ctx: "_ArticleContext") -> tuple[Optional[SentenceTyping], str]:
    """The sentence's event and sub-event type, or why it has none ("no trigger", "irrealis: attack",
    "not happened: talk", "classify rejected: strike"). Place and date are not looked at here, so a
    stand-alone snippet is typed exactly as a sentence of a full article."""
    if index not in ctx.typed:
        ctx.typed[index] = _type_sentence(article, index, ctx)
    return ctx.typed[index]


def _type_sentence(article: Article, index: int, ctx: "_ArticleContext") -> tuple[Optional[SentenceTyping], str]:
    sentence = article.sentences[index]
    tokens = article.tokens[sentence.token_start:sentence.token_end]
    if not tokens:
        return None, "no trigger"
    if len(tokens) > 150:
        return None, "sentence over 150 tokens"
    triggers = _find_triggers(tokens) or _body_found_with_marks(article, index, tokens)
    if not triggers:
        return None, "no trigger"
    scored, references, why = [], [], ""
    for tok, trig, phrase in triggers:
        if _is_irrealis(article, tokens, tok):
            governors = " > ".join(a.lemma for a in _ancestors(article, tok, 3)) or tok.lemma
            why = why or f"irrealis: {phrase} (under '{governors}')"
            continue
        if trig.event_type != PROTESTS and _purpose_only(article, tokens, tok):
            why = why or f"purpose only: {phrase}"
            continue
        if trig.needs_happening and not _happened(article, tokens, tok, trig):
            why = why or f"not happened: {phrase}"
            continue
        if _quoted_present(article, tok, ctx.claims(index)):
            why = why or f"quoted present tense: {phrase}"
            continue
        (references if _is_reference(article, tok) else scored).append((tok, trig, phrase))
    reference = not scored
    scored = scored or references
    if not scored:
        return None, why
    figures = [f for f in ctx.figures(index) if not f.historical]
    event_type, sub_type, strength, trig_tok, phrase = _classify(scored, tokens, figures)
    if event_type is None:
        return None, f"classify rejected ({sub_type}): {phrase}"
    if (strength <= 1 or event_type == EXPLOSIONS and strength <= 2) and _accident_told_nearby(article, index, tokens):
        return None, f"toll of an accident told next to it: {phrase}"
    roles = _roles(article, tokens, trig_tok, ctx.actors(index), event_type)
    if phrase == BODY_FOUND:
        roles = (None, None) + tuple(roles[2:])  # the finders are not the killers, who go unnamed
    event_type, sub_type = _refine_with_roles(article, tokens, trig_tok, event_type, sub_type, strength,
                                              roles, ctx.actors(index), figures)
    if sub_type == "Peaceful protest" and _intervention_told_next(article, index):
        sub_type = "Protest with intervention"
    return SentenceTyping(event_type, sub_type, strength, trig_tok, phrase, reference, triggers, references,
                          roles, figures), ""


# Who breaks up a crowd for ACLED's "Protest with intervention": the police and other state forces.
POLICING = {"police", "policeman", "policemen", "officer", "security", "force", "soldier", "troop", "army", "cop",
            "gendarme", "personnel", "military", "authority"}
STEPPING_IN = {"intervene", "interfere", "intervention"}
STOPPING = INTERVENTION | STEPPING_IN | {"obstruct", "foil", "baton-charge"}
# What others do to a crowd to stop it, short of killing: said of protesters, it is an intervention.
SUPPRESSING = {"assault", "attack", "beat", "throw", "hurl", "pelt", "injure", "block", "obstruct", "foil", "charge"}
STOPPING_MEANS = ("tear gas", "teargas", "water cannon", "rubber bullet", "pepper spray", "baton charge",
                  "baton-charge", "charged batons", "broke up", "break up")
CROWD_REFERENCES = PROTEST_WORDS | {"crowd", "gathering", "participant", "they", "them", "people", "member",
                                    "student", "supporter", "activist", "leader", "picket", "march", "marcher",
                                    "procession", "sit-in", "blockade", "human"}


def _intervention_told_next(article: Article, index: int) -> bool:
    """"Hundreds staged a rally in the capital. Police dispersed them and detained twelve.": a report
    names the protest first and tells in the sentences after it how police met the crowd. ACLED codes
    the one event as a protest with intervention. A sentence that names a place the protest sentence
    does not is another scene, and ends the search."""
    here = {p.name for p in article.places if p.sentence == index}
    for k in range(index + 1, min(index + 3, len(article.sentences))):
        if any(p.name not in here for p in article.places if p.sentence == k):
            return False
        sentence = article.sentences[k]
        tokens = article.tokens[sentence.token_start:sentence.token_end]
        if _crowd_stopped(article, tokens):
            return True
    return False


def _crowd_stopped(article: Article, tokens: list[Token]) -> bool:
    """Someone acts on the crowd: "police dispersed the protesters", "some members were detained by the
    police", "police fired tear gas", "police intervened", "party activists assaulted the marchers and
    blocked the rally". ACLED codes a physical attempt to break up or suppress a protest as intervention
    whoever makes it, police or a rival party's men. An arrest of one named person ("he was arrested in
    a graft case") says nothing of the crowd."""
    policed = any(t.lemma.lower() in POLICING for t in tokens)
    text = " ".join(t.text.lower() for t in tokens)
    if policed and any(means in text for means in STOPPING_MEANS):
        return True
    for verb in tokens:
        lemma = _lemma(verb)
        if lemma not in STOPPING | SUPPRESSING or _is_irrealis(article, tokens, verb):
            continue
        if policed and lemma in STEPPING_IN:
            return True  # "police intervened", "injured during police intervention": no object needed
        acted_on = {i for c in tokens if c.head == verb.i and c.i != verb.i and not _when_or_where(c) and
                    c.dep in ("dobj", "nsubjpass", "prep", "compound") for i in _subtree(tokens, c)}
        said = [t for t in tokens if t.i in acted_on]
        if policed and lemma in STOPPING and any(t.lemma.lower() in CROWD_REFERENCES or t.pos == "NUM" for t in said):
            return True
        if any(t.lemma.lower() in PROTEST_WORDS | {"protesting", "demonstrating"} for t in said) and \
                not any(d.lemma.lower() in PROTEST_WORDS for d in _doers(tokens, verb)):
            return True  # others set on the protesters: "activists of the ruling party assaulted the marchers"
    return False


BODY_FOUND = "body found with marks of violence"
FIND_VERBS = {"find", "discover", "recover", "retrieve", "dump", "exhume", "unearth", "locate"}
REMAINS = {"body", "corpse", "remains", "cadaver"}
# Marks only a killer leaves: torture, bonds, gunshot or stab wounds, mutilation.
MARKS_OF_VIOLENCE = {"torture", "tortured", "handcuff", "handcuffed", "blindfold", "blindfolded", "gunshot",
                     "bullet", "stab", "stabbed", "mutilate", "mutilated", "decapitate", "decapitated", "dismember",
                     "dismembered", "behead", "beheaded", "strangle", "strangled", "gag", "gagged", "execution-style",
                     "tie", "tied",  # hands or feet tied: bonds put on by a captor, as a handcuff is
                     "murder", "murdered", "murderer", "killer", "perpetrator"}  # a body told with its killers


# A body burnt after death hides a killing; a fire or a crash burns its victims too, so the burn counts only
# when no blaze or mishap is told with it.
BURN_MARKS = {"burn", "burnt", "burned", "charred", "torch", "torched"}
FIRE_WORDS = {"fire", "blaze", "flame", "inferno", "firefighter", "explosion", "explode"}
# Who a found person is, when the body is named only in the next sentence ("a man was found ... The body ...").
FOUND_PEOPLE = {"man", "woman", "boy", "girl", "person", "child", "youth"}
# A head found alone was cut off: the find is itself the mark of a killing.
SEVERED = {"human", "severed", "decapitated"}


def _body_found_with_marks(article: Article, index: int, tokens: list[Token]) -> list:
    """"The bodies of two men were found by the road. Both were handcuffed and bore signs of torture":
    ACLED codes bodies found with marks of violence as an attack on civilians by an unidentified armed
    group, dated to the finding. A body found with no such mark (a drowning, an accident) is nothing."""
    told = [tokens] + [article.tokens[s.token_start:s.token_end] for s in article.sentences[index + 1:index + 2]]
    words = {w for ts in told for t in ts for w in (t.lemma.lower(), t.text.lower())}
    marked = bool(words & MARKS_OF_VIOLENCE) or bool(words & BURN_MARKS) and not words & (FIRE_WORDS | DISASTER_WORDS)
    for verb in tokens:
        if verb.pos != "VERB" or verb.lemma.lower() not in FIND_VERBS:
            continue
        found = _kids(tokens, verb, "dobj", "nsubjpass")
        if any(_severed_head(tokens, o) for o in found):
            return [(verb, Trigger(VAC, "Attack", 2), BODY_FOUND)]
        remains = any(_phrase_names(tokens, o, REMAINS, depth=1) for o in found)
        person_then_body = len(told) > 1 and any(o.lemma.lower() in FOUND_PEOPLE for o in found) and \
            any(t.lemma.lower() in REMAINS for t in told[-1])
        if (remains or person_then_body) and marked:
            return [(verb, Trigger(VAC, "Attack", 2), BODY_FOUND)]
    return []


def _severed_head(tokens: list[Token], found: Token) -> bool:
    return found.lemma.lower() == "head" and any(
        t.head == found.i and t.dep == "amod" and t.lemma.lower() in SEVERED for t in tokens)


def _accident_told_nearby(article: Article, index: int, tokens: list[Token]) -> bool:
    """"Four people were injured." after "a tank at the plant exploded": a bare toll (killed, injured,
    dead) or a bare blast with no attacker named is the toll or the blast of the accident told nearby.
    A report opens with what happened and tells its bare tolls later, so the lead counts as near, as do
    the two sentences either side ("One child died at the scene." after "a bakkie collided with a car")."""
    if _content_lemmas(tokens) & ATTACK_WORDS:
        return False
    window = [k for k in (index - 1, index + 1, index - 2, index + 2, 0)
              if k != index and 0 <= k < len(article.sentences)]
    near = [_content_lemmas(told) - _outbreaks_of_violence(told)  # "the violence erupted": no volcano
            for told in (article.tokens[article.sentences[k].token_start:article.sentences[k].token_end]
                         for k in window)]
    if any(lemmas & ATTACK_WORDS for lemmas in near):
        return False
    return any(lemmas & DISASTER_WORDS or lemmas & INDUSTRIAL_WORDS and lemmas & MISHAP_WORDS for lemmas in near)


def _refine_with_roles(article, tokens, trig_tok, event_type, sub_type, strength, roles, actors, figures):
    """What the parties and the tolls say about the type: arrests at a protest, unarmed victims."""
    actor1, _, actor2, _ = roles
    killed = [f for f in figures if f.category == "killed" and f.best is not None]
    if event_type == PROTESTS and sub_type == "Peaceful protest" and _arrests_at_the_protest(tokens, figures):
        sub_type = "Protest with intervention"
    if event_type == BATTLES and killed and strength <= 2 and _victims_are_civilians(killed) \
            and not _armed_patient(actors, actor2):
        event_type, sub_type = VAC, "Attack"  # unarmed victims and no armed opponent: an attack on civilians
    kinds = {a.name: a.kind for a in actors}
    side = _acting_side(article, tokens, trig_tok) if sub_type in TERRITORY else None
    if side is None and sub_type in TERRITORY:
        side = {"state_forces": "state", "police": "state", "rebels": "nonstate", "militia": "nonstate"}.get(
            kinds.get(actor1))
    if side == "state":
        sub_type = "Government regains territory"
    elif side == "nonstate":
        sub_type = "Non-state actor overtakes territory"
    armed_patient = (_armed_patient(actors, actor2) or
                     kinds.get(actor2) in ("state_forces", "rebels", "militia", "police", "peacekeepers")) and \
        not _off_duty_patient(tokens, actors, actor2) and not _patient_is_a_place(article, actors, actor2)
    if event_type == BATTLES and sub_type == "Armed clash" and not armed_patient \
            and trig_tok.lemma.lower() not in TWO_SIDED and _one_sided(article, tokens, trig_tok):
        event_type, sub_type = VAC, "Attack"  # "gunmen opened fire on a bus": no armed party on the other side
    return event_type, sub_type


def _arrests_at_the_protest(tokens: list[Token], figures: list[Figure]) -> bool:
    """"Police detained twelve of the marchers" but not "protested against the arrest of a youth": an
    arrest the crowd protests against is its cause, not an intervention at the protest."""
    topic = _protest_topic(tokens) | _described_as_held(tokens)
    cause = [(t.start, t.end) for t in tokens if t.i in topic]
    return any(f.category == "arrested" and not any(f.start <= start < f.end or start <= f.start < end
                                                    for start, end in cause)
               for f in figures)


def _described_as_held(tokens: list[Token]) -> set[int]:
    """"followers of a cleric who was arrested last week", "the detained leader": someone other than the
    crowd described by his arrest, which the crowd came out about."""
    by_i = {t.i: t for t in tokens}
    return {t.head for t in tokens if t.dep in ("amod", "relcl", "acl") and t.lemma.lower() in INTERVENTION
            and t.head in by_i and by_i[t.head].lemma.lower() not in CROWD_REFERENCES}


def _acting_side(article: Article, tokens: list[Token], trig: Token) -> Optional[str]:
    """"state" or "nonstate" from the words of who took the ground ("government forces recaptured",
    "the militants were driven out": the other side took it), None when the words do not say."""
    def side_of(ids: set[int]) -> Optional[str]:
        words = {t.lemma.lower() for t in tokens if t.i in ids}
        if words & NONSTATE_SIDE:
            return "nonstate"
        if words & STATE_SIDE:
            return "state"
        return None
    heads = _event_heads(article, trig) | {trig.i}
    passive = any(t.head in heads and t.dep in ("nsubjpass", "auxpass") for t in tokens)
    subject = _subject_tokens(article, tokens, trig)
    if passive:
        agents = {i for i in subject
                  if _token_by_i(article, i) is not None and _token_by_i(article, i).dep != "nsubjpass"}
        losers: set[int] = set()
        for t in tokens:
            if t.head in heads and t.dep == "nsubjpass":
                losers |= _subtree(tokens, t)
        found = side_of(agents - losers)
        if found:
            return found
        lost = side_of(losers)
        if lost and trig.lemma.lower() in ("push", "drive", "expel", "oust", "rout", "clear"):
            return "state" if lost == "nonstate" else "nonstate"
        return None
    for root in (t for t in tokens if t.head in heads and t.dep == "nsubj"):
        found = _head_phrase_side(tokens, root)
        if found:
            return found
    return side_of(subject)


HEAD_PHRASE_DEPS = {"compound", "amod", "nmod", "poss", "acl", "npadvmod", "nummod", "det"}


def _head_phrase_side(tokens: list[Token], root: Token) -> Optional[str]:
    """The side named by the subject's own noun and its modifiers: "the Syrian army and allied fighters",
    "Afghan forces in a crackdown on Taliban militants", "forces loyal to the government". Words in a
    second conjunct or a prepositional phrase name partners or targets, not who took the ground."""
    ids = {root.i}
    for c in tokens:
        if c.head == root.i and c.dep in HEAD_PHRASE_DEPS:
            ids |= _subtree(tokens, c)
    text = " ".join(t.text.lower() for t in tokens if t.i in ids)
    words = {t.lemma.lower() for t in tokens if t.i in ids}
    if re.search(r"\bpro\s*-?\s*government|government\s*-?\s*(backed|allied|aligned)", text):
        return "state"  # ACLED counts the government's affiliates on its side
    if re.search(r"\banti\s*-?\s*government", text):
        return "nonstate"
    if words & NONSTATE_SIDE:
        return "nonstate"
    if words & (STATE_SIDE | {"trooper", "serviceman", "commando", "gendarme", "marine", "peshmerga"}):
        return "state"
    return None


# News calls whoever is hit in a one-sided attack "the victim"; a side in a fight is no victim.
VICTIMS = {"victim", "person", "politician", "bystander", "passer-by", "passerby"}


def _one_sided(article: Article, tokens: list[Token], trig: Token) -> bool:
    """Unarmed people or places were hit and nobody armed stood on the other side.

    The attackers' own words ("gunmen", "militants") and those of whoever reports it ("police said")
    do not make an armed opponent; soldiers, police or posts among the targets or the dead do."""
    attackers = _subject_tokens(article, tokens, trig)
    reporters = {t.i for t in tokens if _reports(article, t)}
    off_duty = _off_duty_people(tokens)
    others = [t for t in tokens if t.i not in attackers and t.i not in reporters and t.i not in off_duty]
    armed = {t.lemma.lower() for t in others} & DEFENDER_WORDS
    if armed:
        return False
    unarmed = {t.lemma.lower() for t in others} & (CIVILIAN_TARGETS | PLACE_TARGETS | WORKING_PEOPLE | VICTIMS)
    return bool(unarmed or off_duty) or _hits_civilian_target(article, tokens, trig) or \
        _attacks_a_named_place(article, tokens, trig)


# People at their trade: shot or killed with nobody armed on their side, they were attacked (ACLED: civilians).
WORKING_PEOPLE = {"fisherman", "fishermen", "businessman", "businesswoman", "missionary", "priest", "pastor", "imam",
                  "teacher", "doctor", "nurse", "shopkeeper", "vendor", "player", "foreigner", "tourist", "boy",
                  "girl", "chief", "elder", "worker", "labourer", "laborer", "miner", "farmer"}
OFF_DUTY = re.compile(r"\b(off\s*-?\s*duty|retired|former)\b")


def _off_duty_people(tokens: list[Token]) -> set[int]:
    """Token ids of "an off-duty police officer", "a retired commander of the army base" and what they
    govern: ACLED codes an attack on security personnel off duty or retired as violence against
    civilians, since they were not in the field as a fighting side."""
    out: set[int] = set()
    for t in tokens:
        if t.lemma.lower() not in DEFENDER_WORDS | ARMED_WORDS:
            continue
        before = " ".join(x.text.lower() for x in tokens if t.i - 4 <= x.i < t.i)
        if OFF_DUTY.search(before):
            out |= _subtree(tokens, t)
    return out


def _attacks_a_named_place(article: Article, tokens: list[Token], trig: Token) -> bool:
    """"militants attacked Napula", "raiders attacked Kimbo village": what was attacked is a town by its
    name, not a post or a force; with nobody armed named there (checked by the caller) ACLED codes an
    attack on a settlement as an attack on the people who live in it."""
    if trig.lemma.lower() not in ("attack", "raid", "storm", "incursion"):
        return False
    named = [p for p in article.places if p.kind != "country"]
    for obj in _kids(tokens, trig, "dobj"):
        if obj.lemma.lower() in PLACE_TARGETS:
            return True
        spans = _in_subtrees(tokens, obj)
        if obj.pos == "PROPN" and any(p.start <= t.start < p.end for t in spans for p in named):
            return True
    return False


def _patient_is_a_place(article: Article, actors: list[Actor], actor2: Optional[str]) -> bool:
    """The "force" on the receiving side was read from a town's name ("attacked Kimbo"): a place, no army."""
    mentions = [a for a in actors if a.name == actor2]
    return bool(mentions) and all(any(p.start <= a.start < p.end or a.start <= p.start < a.end
                                       for p in article.places if p.kind != "country") and
                                   not set(a.text.lower().split()) & DEFENDER_WORDS for a in mentions)


def _off_duty_patient(tokens: list[Token], actors: list[Actor], actor2: Optional[str]) -> bool:
    """The armed party on the receiving side is only an off-duty or retired member of a force."""
    off_duty = [t for t in tokens if t.i in _off_duty_people(tokens)]
    return any(a.name == actor2 and any(a.start <= t.start < a.end for t in off_duty) for a in actors)


def _subject_tokens(article: Article, tokens: list[Token], trig: Token) -> set[int]:
    """Token ids of the phrase that does the deed: the subject of the trigger or of a verb above it,
    or the agent of a passive."""
    heads = _event_heads(article, trig) | {trig.i}
    roots = [t for t in tokens if t.head in heads and t.dep in ("nsubj", "poss", "compound", "amod")
             and t.i != trig.i]
    roots += [t for t in tokens if t.dep == "pobj" and _token_by_i(article, t.head) is not None and
              _token_by_i(article, t.head).dep == "agent" and _token_by_i(article, t.head).head in heads]
    out: set[int] = set()
    for r in roots:
        out |= _subtree(tokens, r)
    return out


def _head(tokens: list[Token], t: Token) -> Optional[Token]:
    """The token *t* hangs from, when it is among *tokens* (a sentence's tokens, consecutive: found by its
    index rather than by a search of the sentence)."""
    k = t.head - tokens[0].i if tokens else -1
    if 0 <= k < len(tokens) and tokens[k].i == t.head:
        return tokens[k]
    return next((x for x in tokens if x.i == t.head), None)


def _in_subtrees(tokens: list[Token], *roots: Token) -> list[Token]:
    """The tokens of the roots' subtrees, in sentence order; each subtree is walked once (asking
    ``t.i in _subtree(...)`` of every token walked it again for each)."""
    ids: set[int] = set()
    for root in roots:
        ids |= _subtree(tokens, root)
    return [t for t in tokens if t.i in ids]


def _subtree(tokens: list[Token], root: Token) -> set[int]:
    ids = {root.i}
    grew = True
    while grew:
        grew = False
        for t in tokens:
            if t.i not in ids and t.head in ids and t.i != t.head:
                ids.add(t.i)
                grew = True
    return ids


def _reports(article: Article, tok: Token) -> bool:
    """"police said", "according to security sources": the word names who tells, not who was hit."""
    parent = _token_by_i(article, tok.head)
    if parent is None:
        return False
    if tok.dep in ("nsubj", "compound") and parent.lemma.lower() in SPEECH_VERBS | {"confirm", "quote", "cite"}:
        return True
    grand = _token_by_i(article, parent.head)
    if tok.dep == "pobj" and parent.text.lower() == "to" and grand is not None and grand.text.lower() == "according":
        return True
    if tok.dep in ("compound", "nmod") and parent.dep in ("nsubj", "pobj"):
        return _reports(article, parent)
    if tok.dep == "conj" and parent.dep in ("nsubj", "pobj", "compound", "nmod"):
        return _reports(article, parent)  # "health and police officials said": both only tell
    return False


ANNIVERSARY = re.compile(r"\banniversar(?:y|ies)\b", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _held_on_an_anniversary(article: Article, text: str, when: Optional[TimeExpr], settings,
                            trig: Optional[Token] = None) -> bool:
    """"On 1 September 2023, BNP supporters clashed with police during a rally on the party's founding
    anniversary": a rally, a clash or a march held on an anniversary happens on the day the sentence dates, and
    that day, written with its year and inside the news window, cannot be the day remembered (an anniversary
    falls a year or more after it). An old date is the remembered event, and so is one without its year unless
    it dates the gathering itself (see _dates_the_gathering)."""
    if when is None or not when.date or not ANNIVERSARY.search(text):
        return False
    if not YEAR.search(when.text) and not (trig is not None and _dates_the_gathering(article, when, trig)):
        return False
    published = (article.published or "")[:10]
    try:
        day, pub = dt.date.fromisoformat(when.end_date or when.date), dt.date.fromisoformat(published)
    except ValueError:
        return False
    window = int(getattr(settings, "news_window_days", 60))
    return pub - dt.timedelta(days=window) <= day <= pub + dt.timedelta(days=1)


def _dates_the_gathering(article: Article, when: TimeExpr, trig: Token) -> bool:
    """"On 2 June, hundreds held a rally to mark the anniversary of the strike": a date without its year
    that hangs on the gathering's own clause, outside the words naming what is remembered, is the day of
    the gathering; "marked the anniversary of the June 4 crackdown" puts the date inside the remembered
    event's words, and that one stays history."""
    if _event_family_of(trig) not in (PROTESTS, RIOTS):
        return False
    tok = next((t for t in article.tokens if t.start >= when.start and t.end <= when.end), None)
    if tok is None or any(ANNIVERSARY.search(a.text) for a in _ancestors(article, tok, 8)):
        return False
    return _time_role(article, when, trig) < 5


def _event_family_of(trig: Token) -> Optional[str]:
    kind = TRIGGERS.get(trig.lemma.lower())
    return kind.event_type if kind is not None else None


def _code_sentence(article: Article, index: int, ctx: _ArticleContext, settings) -> list[EventCandidate]:
    typing, _ = type_sentence(article, index, ctx)
    if typing is None:
        return []
    sentence = article.sentences[index]
    tokens = article.tokens[sentence.token_start:sentence.token_end]
    event_type, sub_type, strength = typing.event_type, typing.sub_event_type, typing.strength
    trig_tok, phrase, reference = typing.trigger, typing.phrase, typing.reference
    triggers, references = typing.triggers, typing.references

    when, date_source = _sentence_time(article, index, ctx, trig_tok)
    historical = bool(when and when.historical) or (bool(HISTORY_CUES.search(sentence.text)) and date_source != "sentence")
    remembers = historical and _held_on_an_anniversary(article, sentence.text, when, settings, trig_tok)
    if remembers:
        historical = False
    if _is_background(tokens, when):
        historical = True
    if when is None and strength <= 1 and not ctx.figures(index) and not _headline_deed(article, index, tokens, trig_tok):
        return []  # an undated outcome with no figure is usually background
    spans_days = when is not None and when.end_date and when.end_date != when.date
    if spans_days and not historical and (strength <= 1 or EXPLICIT_RANGE.search(when.text)):
        return []  # a tally over several days ("between 7 and 10 April, 18 were killed") is no single event

    if reference and sub_type == "Change to group/activity":
        return []  # "where peacekeepers are deployed": a description that would only blur the event it joins
    actor1, assoc1, actor2, assoc2 = typing.roles
    places, place_source = _event_places(article, tokens, trig_tok, ctx.places(index), ctx.actors(index),
                                         {t.i for t, _, _ in triggers})
    if place_source == "road":
        # a road only places a deed its paragraph has not placed already ("Residents of X protested. They
        # blocked the Y highway": at X)
        told = _nearby_place(article, index, ctx)
        if told is not None and 0 <= told.sentence < index and \
                article.sentences[told.sentence].paragraph == sentence.paragraph:
            places, place_source = [told], "paragraph"
        else:
            place_source = "sentence"
    if not places:
        inherited = _nearby_place(article, index, ctx)
        in_paragraph = inherited is not None and inherited.sentence >= 0 and \
            article.sentences[inherited.sentence].paragraph == sentence.paragraph
        # the article's main place, not one told before: a location field after the deed says where it was
        told_before = in_paragraph and inherited.sentence < index
        field = None if told_before else _place_in_a_location_field(article, index, ctx)
        if field is not None:
            inherited, in_paragraph = field, True
        if event_type in (PROTESTS, RIOTS) and not in_paragraph:
            # a crowd is placed by its own paragraph or by the crowd just told, never by the article's
            # main place ("... marched on the square in X. // Police fired tear gas when marchers ...")
            inherited = ctx.last_crowd_place if ctx.last_crowd_sentence >= index - 3 else None
            inherited = inherited or _place_told_next(article, index, ctx)
            # ... but a report filed from a town that tells of a crowd it does not place saw it there
            # ("SUCRE, April 17 - ... relatives held a vigil outside the building where the talks were held")
            inherited = inherited or _dateline_place(article)
        elif sub_type == "Arrests" and not in_paragraph and ctx.last_crowd_sentence >= index - 3:
            inherited = ctx.last_crowd_place  # "23 people were arrested": at the protest just told
        inherited = inherited or _country_fallback(article, index, ctx)
        if inherited is not None:
            places, place_source = [inherited], ("paragraph" if inherited.sentence != -1 and
                                                 article.sentences[inherited.sentence].paragraph == sentence.paragraph
                                                 else "article")
        elif article.places:
            return []  # the article has places but none can be tied to this deed: no place beats a wrong one
        else:
            # a report that names no place at all ("Police rescue man from lynch mob") still tells of an
            # event: it is coded unlocated, for the analyst to place, rather than lost; the map and the
            # place keys of linking pass it by
            place_source = "none"
    figures = typing.figures
    killed = [f for f in figures if f.category == "killed" and f.best is not None]
    if event_type == STRATEGIC or sub_type == "Peaceful protest":
        # ACLED counts no deaths in a development ("the market reopened after the shelling that killed
        # 11"), nor in a peaceful protest, whose deaths are its grievance ("marched against the killing
        # of a trader"): a protest where people die is coded as intervention or excessive force
        killed = []
        figures = [f for f in figures if f.category != "killed"]
    country = places[0].country if places else None
    actor1, assoc1, actor2, assoc2 = _acled_conventions(event_type, sub_type, actor1, assoc1, actor2, assoc2,
                                                        country, killed, ctx.actors(index))
    if event_type == EXPLOSIONS and not actor2 and country and _hits_civilian_target(article, tokens, trig_tok):
        actor2 = f"Civilians ({country})"  # "shelled the villages around X": homes, not positions, were hit
    if not killed and not historical and not reference and event_type != STRATEGIC and sub_type != "Peaceful protest":
        # news leads and ACLED notes name the event first and its toll next ("Gunmen attacked the
        # village. Four people were killed."): the toll told after it in its paragraph is its own
        killed = _deaths_told_after(article, index, ctx, places)
        figures = list(figures) + killed
    best, low, high = _fatalities(killed, article.body)
    claim = _claim_over(ctx.claims(index), sentence.start, sentence.end)
    disputed, denied_by = _denial_nearby(article, index, ctx)

    out = []
    for place in places or [None]:
        if when and when.date:
            date, precision = when.date, when.time_precision
        elif article.published:
            date, precision, date_source = article.published, 2, "published"
        else:
            date, precision, date_source = None, 3, "published"
        # ACLED splits an event told at several places into one per place but counts its dead once:
        # on the place named first ("a mine exploded on the road between A and B")
        one = not places or place is places[0]
        cand = EventCandidate(
            candidate_id="", article_id=article.article_id, event_type=event_type, sub_event_type=sub_type,
            event_date=date, time_precision=precision, actor1=actor1, assoc_actor_1=assoc1, actor2=actor2,
            assoc_actor_2=assoc2, **_where(place, place_source, index),
            fatalities=best if one else None, fatalities_low=low if one else None,
            fatalities_high=high if one else None, figures=figures if one else [],
            evidence=[Evidence(article.article_id, sentence.start, sentence.end, sentence.text)],
            trigger=phrase, strength=1 if reference else strength,  # a reference never outweighs a report
            date_source=date_source, place_source=place_source,
            reference=reference,
            source_speaker=claim.speaker if claim else None, source_kind=claim.kind if claim else None,
            disputed=disputed,
            denied_by=denied_by, historical=historical, sentence=index)
        cand.notes = describe(cand)
        out.append(cand)
    if event_type in (PROTESTS, RIOTS) and not historical and places:
        ctx.last_crowd_place, ctx.last_crowd_sentence = places[0], index
    violent_refs = [(t, tr, ph) for t, tr, ph in references if tr.event_type in VIOLENT_TYPES]
    if out and violent_refs and event_type not in VIOLENT_TYPES:
        # "a ceasefire was declared following a 24-hour offensive": the offensive is named too,
        # as a report that can only join the event it names.
        # Its own parties come from its own words ("an Azerbaijani offensive"), so that it can tell
        # which of its story's events it names.
        ref_tok, tr, ph = violent_refs[0]
        first = out[0]
        authors = _reference_authors(article, tokens, ref_tok, ctx.actors(index))
        out.append(dataclasses.replace(first, event_type=tr.event_type, sub_event_type=tr.sub_event_type,
                                       trigger=ph, strength=1, reference=True, date_source="published",
                                       event_date=article.published, time_precision=2, figures=[],
                                       fatalities=None, fatalities_low=None, fatalities_high=None,
                                       historical=first.historical or remembers,  # the day remembered
                                       actor1=authors[0] if authors else None, actor2=None,
                                       assoc_actor_1=authors[1] if len(authors) > 1 else None, assoc_actor_2=None))
    return out


def _where(place: Optional[Place], place_source: str, index: int) -> dict:
    """An event's ACLED place fields; all empty for an event its report places nowhere."""
    if place is None:
        return dict(location=None, admin1=None, admin2=None, country=None, iso=None, latitude=None,
                    longitude=None, geo_precision=None)
    return dict(location=_location_name(place, index), admin1=place.admin1, admin2=place.admin2,
                country=place.country, iso=place.iso, latitude=place.latitude, longitude=place.longitude,
                geo_precision=place.geo_precision if place_source == "sentence" else max(place.geo_precision, 2))


def _headline_deed(article: Article, index: int, tokens: list[Token], verb: Token) -> bool:
    """"Raiders kill herder near Lokichoggio": news English puts a fresh event in the present simple in a
    headline or lede, with the doer and the victim named. Only the article's first sentence counts:
    further down, a present tense with no date is commentary ("such raids kill dozens a year")."""
    if index != 0 or verb.pos != "VERB" or verb.tag not in ("VBZ", "VBP") or verb.dep != "ROOT":
        return False
    doers = _kids(tokens, verb, "nsubj")
    victims = _kids(tokens, verb, "dobj")
    return bool(doers and victims) and all(d.pos in ("NOUN", "PROPN") for d in doers + victims) and \
        not any(d.lemma.lower() in TRIGGERS for d in doers)  # "attacks kill dozens": the deed, told generically


def _reference_authors(article: Article, tokens: list[Token], ref: Token, actors: list[Actor]) -> list[str]:
    """Who did an event a sentence only names ("following an Azerbaijani offensive", "the army's
    assault"): the parties inside the naming phrase itself; the rest of the sentence tells of
    something else."""
    own = []
    for actor in actors:
        toks = _actor_tokens(article, actor)
        if toks and _phrase_head(toks).head == ref.i and _phrase_head(toks).dep in ("poss", "compound", "amod", "nmod"):
            own.append(actor.name)
    return _unique(_as_forces(n) for n in own + _nationality_of_means(article, tokens, ref, {ref.i}))


def _location_name(place: Place, sentence: int = -1) -> str:
    """The gazetteer's name, with the name the report used when it differs (renamed places, or the
    place of the sentence whose country stands in for it)."""
    written = " ".join(place.text.split())
    if place.kind == "country" and place.sentence != sentence:
        return place.name  # the article's country, read off a place told elsewhere: that place is not meant
    if _fold(written) in _fold(place.name) or _fold(place.name) in _fold(written):
        return place.name
    return f"{place.name} ({written})"


def _fold(text: str) -> str:
    import unicodedata
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _classify(scored, tokens, figures):
    """Pick the event type from all triggers of the sentence, then read what the words around it say.
    Returns (None, ...) when the words say it is no political violence at all: a disaster or an
    accident, ordinary crime, or weapons named in a story about tests, trade or sanctions."""
    lemmas = _content_lemmas(tokens)
    text = " ".join(t.text.lower() for t in tokens)
    best = max(scored, key=lambda s: (s[1].strength, s[1].sub_event_type in SPECIFIC_HARM, -s[0].i))
    if best[1].sub_event_type == "Looting/property destruction":
        violent = [x for x in scored if x[1].event_type in VIOLENT_TYPES and x[1].strength >= 2 and x[2] != "attack"]
        if violent:  # ACLED: property destruction is its own event only outside other violence ("an attack on
            # properties" names the wrecking itself, so the bare word does not count)
            best = max(violent, key=lambda s: (s[1].strength, -s[0].i))
    wrecking = next((x for x in scored if x[1].sub_event_type == "Looting/property destruction"), None)
    if best[2] == "attack" and wrecking is not None and wrecking[1].strength >= best[1].strength and \
            not lemmas & HARM_WORDS and not any(_phrase_names(tokens, o, BEATEN_PEOPLE | DEFENDER_WORDS, depth=1)
                                                for o in _kids(tokens, best[0], "dobj", "nsubjpass")):
        best = wrecking  # "the attacks in which shops were looted": only property suffered, the looting is the event
    disrupted = next((x for x in scored if x[1].sub_event_type == "Disrupted weapons use" and x[1].strength >= 3),
                     None)
    if disrupted is not None and best[1].event_type == EXPLOSIONS and best[1].strength <= disrupted[1].strength:
        best = disrupted  # "IEDs and mortars were found and cleared": the weapons named are what was found
    tok, trig, phrase = best
    event_type, sub_type = trig.event_type, trig.sub_event_type
    chemical = next((x for x in scored if x[1].sub_event_type == "Chemical weapon"), None)
    if chemical is not None and event_type == EXPLOSIONS and not _under(tokens, chemical[0], ACCUSE | {"allege"}):
        tok, trig, phrase = chemical  # "shells filled with chlorine": the agent, not the carrier, names the attack
        event_type, sub_type = trig.event_type, trig.sub_event_type
    if phrase == "attack" and _attack_on_goods(tokens, tok) and not lemmas & HARM_WORDS:
        # "attacks on the properties of its members": things, not people, were hit (ACLED: property destruction)
        trig = Trigger(STRATEGIC, "Looting/property destruction", trig.strength)
        event_type, sub_type = trig.event_type, trig.sub_event_type
    if phrase in ("block", "blockade", "blockad") and _a_protest_blockade(tokens, tok):
        # ACLED codes a road blocked by residents or workers as a protest, whatever they protest about:
        # neither the "migrant workers" nor the "landslide zone" they complain of make it crime or a disaster
        trig = Trigger(PROTESTS, "Peaceful protest", 2)
        event_type, sub_type = trig.event_type, trig.sub_event_type
    unseen = _not_political_violence(tokens, lemmas, tok, trig, phrase)
    if unseen:
        return None, unseen, trig.strength, tok, phrase
    has_protest = bool(lemmas & PROTEST_WORDS) and _protest_at_scene(tokens, tok)
    if has_protest and sub_type not in SPECIFIC_HARM and \
            (event_type in (STRATEGIC, BATTLES, VAC) and trig.strength < 3 or phrase in THROWN):
        # rape or abduction at a protest stays what it is: ACLED codes those harms in their own right
        # "46 people were arrested ... in a protest", "police fired on protesters": the protest is the event
        event_type, sub_type = PROTESTS, "Peaceful protest"
        tok = next((t for t in tokens if t.lemma.lower() in PROTEST_WORDS and t.ent_type not in CALENDAR_LABELS), tok)
        phrase = tok.lemma.lower()
    if event_type == PROTESTS:
        sub_type = _protest_subtype(tokens, lemmas, text)
        if sub_type == "Violent demonstration":
            event_type = RIOTS
    if phrase in ("strike", "block", "blockade", "blockad") and lemmas & LABOUR_OR_CIVIC and not lemmas & WEAPON_WORDS:
        event_type, sub_type = PROTESTS, "Peaceful protest"  # a labour strike or a civic road blockade
    if event_type == BATTLES and trig.sub_event_type == "Armed clash" and not lemmas & ARMED_WORDS \
            and lemmas & {"supporter", "villager", "group", "clan", "resident", "youth", "mob", "crowd", "family",
                          "community", "gang"} \
            and lemmas & {"clash", "brawl", "scuffle"}:
        event_type, sub_type = RIOTS, "Mob violence"  # supporters or villagers clashing, nobody armed
    if event_type == BATTLES and sub_type == "Armed clash" and phrase in BRAWLS and _unarmed_clash(tokens, tok):
        event_type, sub_type = RIOTS, "Mob violence"  # "supporters of two candidates clashed", "passengers and staff"
    if sub_type == "Looting/property destruction" and _crowd_did_it(tokens, tok):
        # ACLED codes wrecking by a crowd as a riot, kept apart from the development "looting/property
        # destruction" by armed groups or forces: by demonstrators or students it is a violent
        # demonstration, by supporters or locals with no cause voiced it is mob violence
        protesting = has_protest or _subject_lemmas(tokens, tok) & {"student", "pupil", "protester", "demonstrator"}
        event_type, sub_type = RIOTS, "Violent demonstration" if protesting else "Mob violence"
    if event_type in (BATTLES, VAC) and sub_type not in SPECIFIC_HARM and trig.strength <= 2 and \
            phrase != BODY_FOUND and _crowd_did_it(tokens, tok):  # who finds a body did not kill
        event_type, sub_type = RIOTS, "Mob violence"  # "locals beat a suspected thief", "supporters assaulted"
    if event_type in (BATTLES, VAC) and sub_type not in SPECIFIC_HARM and trig.strength <= 2 and \
            tok.pos == "VERB" and any(d.lemma.lower() in MOB_WORDS for v in [tok] + _kids(tokens, tok, "conj")
                                      for d in _doers(tokens, v)):  # "attacked and injured by a mob"
        event_type, sub_type = RIOTS, "Mob violence"  # "attacked by a vigilante mob": a mob is no armed side
    if event_type in (BATTLES, VAC) and sub_type not in SPECIFIC_HARM and lemmas & CRIME_WORDS and \
            _killed_by_hand_unnamed(tokens, tok) and _private_people_punish_a_suspect(tokens, tok, trig):
        event_type, sub_type = RIOTS, "Mob violence"  # "suspected thieves were stoned to death": a crowd's justice
    if event_type in (RIOTS, STRATEGIC) and not has_protest and lemmas & MOB_WORDS:
        event_type, sub_type = RIOTS, "Mob violence"  # a crowd that lynches, burns or loots without a cause to voice
    if trig.sub_event_type in ("Non-state actor overtakes territory", "Government regains territory"):
        object_tokens = _kids(tokens, tok, "dobj", "nsubjpass")
        objects = {c.lemma.lower() for c in object_tokens}
        if any(_names_arms(tokens, o) for o in object_tokens):
            event_type, sub_type = STRATEGIC, "Disrupted weapons use"
        elif objects & PERSON_OBJECTS:
            event_type, sub_type = STRATEGIC, "Arrests"  # people captured are detained, not ground taken
    if phrase == "raid" and lemmas & {"arrest", "detain", "apprehend", "custody", "round"}:
        event_type, sub_type = STRATEGIC, "Arrests"  # raids to detain people are arrests
    fought = lemmas & (TWO_SIDED | {"attack", "offensive", "assault", "kill", "flee", "retreat", "rout", "expel",
                                    "counterattack", "battle"}) or _forced_out(tokens)
    left = lemmas & HANDOVER_CUES or _unopposed(tokens) or \
        (lemmas & WITHDRAW_WORDS and not fought and
         (sub_type in TERRITORY or _taken_over(tokens)))
    if (event_type == BATTLES and sub_type in TERRITORY or sub_type == "Change to group/activity") and left:
        event_type, sub_type = STRATEGIC, "Non-violent transfer of territory"  # one side left, the other walked in
    if event_type == EXPLOSIONS and sub_type in ("Shelling/artillery/missile attack", "Grenade") and \
            _small_arms_beside(tokens, tok) and not HEAVY_WEAPONS.search(text):
        # "fired small arms, grenade launchers and mortars at the positions": ACLED codes fire that includes
        # small arms as an armed clash, the sides being within rifle range of each other; a launcher or a
        # mortar fired on its own is shelling
        event_type, sub_type = BATTLES, "Armed clash"
    elif event_type == BATTLES and sub_type == "Armed clash" and phrase in FIRE_PHRASES and HEAVY_WEAPONS.search(text):
        # "fired with primarily heavy weapons on the positions": heavy weapons are artillery, not a firefight
        event_type, sub_type = EXPLOSIONS, "Shelling/artillery/missile attack"
    if event_type == EXPLOSIONS and (_acted_on(tokens, tok, DISRUPT_VERBS, 3) or lemmas & {"cache", "stash", "depot"}) \
            and not lemmas & {"explode", "detonate", "kill", "wound", "injure", "hit", "strike", "fire", "launch",
                              "target", "jet", "warplane", "aircraft", "airstrike", "go"} \
            and not _used_as_the_means(tokens, tok):
        event_type, sub_type = STRATEGIC, "Disrupted weapons use"  # explosives found or defused, none went off
    return event_type, sub_type, trig.strength, tok, phrase


SMALL_ARMS = re.compile(r"\b(small[- ]arms?|(sniper|assault|automatic) rifles?|rifles|automatic weapons|light weapons|"
                        r"pistols?|kalashnikovs?|ak-47s?)\b")
HEAVY_WEAPONS = re.compile(r"\bheavy (weapons|weaponry|arms)\b")
FIRE_PHRASES = {"fire on", "fire at", "fire upon", "open fire", "gunfire", "shoot at", "exchange fire", "exchanged fire"}


def _small_arms_beside(tokens: list[Token], tok: Token, reach: int = 10) -> bool:
    """Small arms named in the same list of weapons as the trigger ("small arms/sniper rifles/mortars")."""
    near = [t for t in tokens if abs(t.i - tok.i) <= reach]
    return bool(SMALL_ARMS.search(" ".join(t.text.lower() for t in near)))


# Unorganised doers: people of a place, a crowd, or the rank and file of a party or a student wing.
CROWD_DOERS = {"local", "locals", "villager", "resident", "mob", "crowd", "youth", "supporter", "activist",
               "student", "worker", "follower", "people", "inhabitant", "neighbour", "neighbor", "relative"}
# Members, leaders or factions count as a crowd only of a party or a union: "members of Boko Haram" are armed.
RANK_AND_FILE = {"member", "leader", "faction", "group", "rival"}
MILITARY_TARGETS = {"troop", "soldier", "convoy", "army", "military", "patrol", "base", "position", "checkpoint",
                    "peacekeeper", "outpost", "tank"}
PARTY_CUES = {"party", "league", "wing", "union", "student", "council", "congress", "committee", "supporter",
              "community"}  # "community members": the locals
ARMED_DOERS = ARMED_WORDS | NONSTATE_SIDE | {"armed", "gunman", "assailant", "attacker", "gang", "robber", "bandit",
                                            "criminal", "pirate", "kidnapper", "unidentified", "unknown", "masked"}


def _crowd_did_it(tokens: list[Token], tok: Token) -> bool:
    """"locals assaulted and killed a suspected thief", "supporters of the candidate assaulted journalists",
    "two groups led by party leaders clashed": violence by a crowd, by party supporters or by a student
    wing, none of them an armed group, is what ACLED codes as mob violence (Riots, actor "Rioters"),
    not as a battle or an attack on civilians, and not as ordinary crime even when it punishes a theft."""
    verb = _verb_of_toll(tokens, tok)  # "stoned a thief to death": the verb the toll hangs from
    if verb is not None and not any(c.head == verb.i and c.dep in ("nsubj", "agent") for c in tokens) and \
            verb.dep == "conj":
        verb = _head(tokens, verb)  # "assaulted and killed": one subject
    if verb is None:
        return False
    doers = _doers(tokens, verb) or _phrase_before_a_misparsed_verb(tokens, verb)
    doers = [m for d in doers for m in _members_of(tokens, d)]
    said_of_doers = _said_of_the_whole(tokens, doers)
    crowd = any(d.lemma.lower() in CROWD_DOERS or d.text.lower() in CROWD_DOERS for d in doers) or \
        any(d.lemma.lower() in RANK_AND_FILE for d in doers) and said_of_doers & PARTY_CUES
    if not crowd or said_of_doers & ARMED_DOERS:
        return False
    # a crowd that takes on troops in the field fights them: "supporters attacked an American convoy"
    targets = {t.lemma.lower() for t in _in_subtrees(tokens, *_kids(tokens, verb, "dobj", "prep"))}
    return not targets & MILITARY_TARGETS


PART_OF_A_WHOLE = {"including", "among"}


def _said_of_the_whole(tokens: list[Token], doers: list[Token]) -> set[str]:
    """Lemmas that describe the doers, leaving out the few singled out "including" or "among" them: "30
    people, including two guards, beat the thief" is a crowd with some guards in it, not an armed force."""
    singled_out = {i for d in doers for k in _kids(tokens, d, "prep")
                   if k.text.lower() in PART_OF_A_WHOLE for i in _subtree(tokens, k)}
    return {t.lemma.lower() for t in _in_subtrees(tokens, *doers) if t.i not in singled_out}


COLLECTIVE_HEADS = {"hundred", "hundreds", "dozen", "dozens", "thousand", "thousands", "score", "scores", "group",
                    "number", "band", "crowd"}


def _members_of(tokens: list[Token], doer: Token) -> list[Token]:
    """"hundreds of supporters", "a group of people": the people a count or a collective is made of."""
    if doer.lemma.lower() not in COLLECTIVE_HEADS and doer.text.lower() not in COLLECTIVE_HEADS:
        return [doer]
    members = [g for p in _kids(tokens, doer, "prep") if p.text.lower() == "of" for g in _kids(tokens, p, "pobj")]
    return members or [doer]


CLOSE_VERBS = {"close", "shut"}
LOCK_VERBS = {"lock", "padlock", "seal"}
PREMISES = {"building", "office", "gate", "entrance", "premise", "premises", "headquarters", "hall", "ministry",
            "municipality", "courthouse", "administration", "plant", "factory", "mine", "depot"}
ROUTE_NOUNS = {"road", "street", "highway", "motorway", "bridge", "entrance", "crossing", "route", "roadway",
               "railway", "railroad", "rail", "checkpoint"}


def _damaged_by_people(tokens: list[Token], verb: Token) -> bool:
    """The doers of "damaged" are people of a crowd or an armed band, not weather, fire or guns."""
    doers = _acting_members(tokens, verb)
    said = {t.lemma.lower() for t in _in_subtrees(tokens, *doers)}
    people = CROWD_DOERS | LABOUR_OR_CIVIC | {"protester", "protestor", "demonstrator", "rioter", "fan", "hooligan",
                                             "assailant", "attacker", "gang", "gunman", "militant"}
    return any(d.lemma.lower() in people or d.text.lower() in people for d in doers) and \
        not said & (AIRCRAFT | HEAVY_GUNS | WEAPON_WORDS | DISASTER_WORDS)


def _a_protest_blockade(tokens: list[Token], verb: Token) -> bool:
    return _blocked_by_civilians(tokens, verb) or _blockade_voices_demand(tokens, verb)


def _blocked_by_civilians(tokens: list[Token], verb: Token) -> bool:
    """"residents of the village blocked the road", "4000 migrant labourers blocked the highway": the
    blockade's own doers are unarmed people of a trade or a place."""
    doers = _acting_members(tokens, verb)  # "a group of citizens"
    said = {t.lemma.lower() for t in _in_subtrees(tokens, *doers)}
    people = LABOUR_OR_CIVIC | CROWD_DOERS | {"labourer", "laborer", "inhabitant", "parent", "protester", "citizen",
                                             "protestor", "demonstrator"}
    return any(d.lemma.lower() in people for d in doers) and not said & (ARMED_DOERS | WEAPON_WORDS)


def _acting_members(tokens: list[Token], verb: Token) -> list[Token]:
    """Who did it, a pair's second verb sharing the first's doers and a group read as its members ("a group
    of citizens" -> "citizens")."""
    return [m for d in _shared_doers(tokens, verb) for m in _members_of(tokens, d)]


def _shared_doers(tokens: list[Token], verb: Token) -> list[Token]:
    """"supporters gathered at the court and closed the entrance": the second verb of a pair has no
    subject of its own in the parse; it shares the first verb's."""
    doers = _doers(tokens, verb)
    if not doers and verb.dep == "conj" and (first := _head(tokens, verb)) is not None and first.pos == "VERB":
        return _doers(tokens, first)
    return doers


def _blockade_voices_demand(tokens: list[Token], verb: Token) -> bool:
    """"veterans block the border road, demanding their pensions": whoever blocks a road to press a demand
    is protesting (ACLED: a protest), unless those blocking are armed or police, who close roads for their
    own ends."""
    if verb.pos != "VERB" or not _doers(tokens, verb):
        return False
    if _subject_words(tokens, verb) & (ARMED_DOERS | WEAPON_WORDS | POLICING):
        return False
    said = {t.lemma.lower() for t in _in_subtrees(tokens, *_kids(tokens, verb, "conj", "advcl", "xcomp"))}
    return bool(said & VOICED)


BEATEN_PEOPLE = PERSON_OBJECTS | DISPLACED_PEOPLE | {"activist", "journalist", "reporter", "student", "teenager",
                                                    "child", "girl", "boy", "staffer", "worker", "trader", "farmer",
                                                    "herder", "victim", "teacher", "voter", "supporter", "migrant",
                                                    "protester", "demonstrator", "chief", "wife", "husband", "son",
                                                    "daughter"}  # no pronouns: "beat them 2-1" is a match
GATHER_VERBS = {"gather", "assemble", "congregate", "converge", "mass"}
VOICED = {"demand", "protest", "denounce", "decry", "condemn", "oppose", "criticize", "criticise", "chant",
          "grievance", "complain", "slogan", "placard", "banner", "reject", "rejection",
          "pressure", "petition"}  # "gathered to pressure the council", "to petition the governor"
OFFICE_HOLDERS = {"minister", "official", "diplomat", "president", "lawmaker", "legislator", "senator", "envoy",
                  "delegate", "delegation", "representative", "mourner", "worshipper", "worshiper", "pilgrim"}


def _gathered_to_voice(tokens: list[Token], verb: Token) -> bool:
    """"supporters gathered outside the courthouse and demanded his release", "parents gathered in front
    of the school to demand lower fees": ACLED codes a public gathering that voices a demand or a
    grievance as a demonstration even when no word "protest" is used. Officials who meet to condemn
    and mourners or worshippers who gather are no demonstration."""
    if _subject_lemmas(tokens, verb) & OFFICE_HOLDERS:
        return False
    said = {t.lemma.lower() for t in _in_subtrees(tokens, *_kids(tokens, verb, "conj", "advcl", "xcomp", "prep"))}  # "with the demand to"
    return bool(said & VOICED)



# People of a trade or a place, who have no office to voice a demand from; a union has one (its statements).
LAY_PEOPLE = (LABOUR_OR_CIVIC - {"union", "unionist"}) | {"inhabitant", "parent", "citizen", "local", "pupil",
                                                          "labourer", "laborer", "villager", "community"}
# Channels through which a demand is written or spoken rather than voiced in public.
WRITTEN_CHANNELS = {"statement", "letter", "conference", "interview", "communique", "post", "tweet", "memo",
                    "memorandum", "court", "suit", "lawsuit", "meeting", "talk", "negotiation"}


def _lay_people_demand(tokens: list[Token], verb: Token) -> bool:
    """"villagers demanded that the council repair their road", "workers of the mill demanded their
    wages": ACLED codes residents or workers who come forward to demand something as a (peaceful) protest,
    since they have no office through which to make the demand; a demand made in a letter, a statement
    or at a meeting is talk, and officials, unions or armed men who demand something are no protesters."""
    if verb.pos != "VERB" or verb.tag not in ("VBD", "VBP", "VBZ"):
        return False  # "residents demanding" describes them; "will demand" is no deed
    doers = _acting_members(tokens, verb)
    if not any(d.lemma.lower() in LAY_PEOPLE for d in doers):
        return False
    said = {t.lemma.lower() for t in tokens}
    return not said & (WRITTEN_CHANNELS | ARMED_DOERS | OFFICE_HOLDERS | SPEECH_VERBS - {"demand"})


# Shows a crowd stages in the street: "staged a procession", "held demos", "carried out a motorcade".
PARADES = {"procession", "motorcade", "caravan", "cavalcade", "demo"}
STAGING_VERBS = {"stage", "stag", "hold", "organize", "organise", "carry", "do", "take", "lead", "bring"}  # "stag": the lemmatiser's "staged"
# A procession of mourners, of a wedding or a feast voices no grievance.
FESTIVE = {"funeral", "wedding", "bridal", "religious", "festival", "carnival", "victory", "holy", "torch",
           "easter", "christmas", "eid", "pride", "royal", "official", "presidential", "ceremonial", "memorial"}
GRIEVANCE = VOICED | {"against", "reject", "rejection", "black-flag", "black", "anti", "boycott", "demanding"}
# Who breaks up a crowd, and what a crowd is.
DISPERSE_VERBS = {"disperse", "quell", "scatter"}
# Who disperses a crowd: those who police it (guards too), not the "personnel" or "authority" of POLICING.
ENFORCERS = (POLICING - {"personnel", "authority"}) | {"guard"}
CROWDS = {"crowd", "protester", "protestor", "demonstrator", "people", "gathering", "rally", "protest", "mob",
          "supporter", "student", "worker", "resident", "trader", "labourer", "laborer", "youth", "villager",
          "voter", "chaos", "demonstration", "march", "group", "hundred", "dozen", "thousand"}
THROW_VERBS = {"throw", "hurl", "lob", "fling", "toss"}
HAND_MISSILES = THROWN | {"brick", "cocktail", "firebomb", "stick", "egg", "bomb"}  # crude bombs of street fights
INCENDIARIES = {"cocktail", "molotov", "firebomb", "petrol bomb", "bomb"}
FUELS = {"petrol", "gasoline", "fire", "molotov", "kerosene"}
DOWNING_VERBS = {"down", "shoot", "bring"}
FORTIFICATIONS = {"fortification", "trench", "earthwork", "bunker", "berm"}
AIR_TARGETS = AIRCRAFT | {"uav", "missile", "rocket", "projectile"}


def _deed_in_plain_words(tokens: list[Token], verb: Token, objs: list[Token], obj_lemmas: set[str]):
    """Events that news English tells with ordinary verbs rather than a word of the lexicon."""
    return _crowd_deed(tokens, verb, objs, obj_lemmas) or _armed_deed(tokens, verb, objs, obj_lemmas)


def _crowd_deed(tokens: list[Token], verb: Token, objs: list[Token], obj_lemmas: set[str]):
    """What crowds do and what is done to them: processions, dispersals, beatings, stones, barricades."""
    lemma = verb.lemma.lower()
    parts = {c.text.lower() for c in _kids(tokens, verb, "prt", "advmod", "prep")}
    if lemma in STAGING_VERBS and any(_phrase_names(tokens, o, PARADES, depth=0) for o in objs) and \
            _voices_grievance(tokens, verb, objs):
        # a procession or a motorcade held against something is a demonstration (ACLED: peaceful protest)
        return Trigger(PROTESTS, "Peaceful protest", 2), "stage procession"
    if lemma in DISPERSE_VERBS and any(_phrase_names(tokens, o, CROWDS, depth=2) for o in objs) and \
            _enforcer_did_it(tokens, verb):
        # ACLED codes a gathering broken up by the police as a protest with intervention even when the report
        # names only the dispersal; "the crowd dispersed" by itself names no police and no event
        return Trigger(PROTESTS, "Protest with intervention", 2), f"{lemma} crowd"
    if lemma in HAND_KILLING and objs and _doers(tokens, verb) and _to_death(tokens, verb):
        # "residents burnt the man to death", "he was clubbed to death by youths": a killing by hand with
        # its killers named is a deliberate attack; the unnamed dead of a fire are left to the toll words
        return Trigger(VAC, "Attack", 2), f"{lemma} to death"
    if lemma == "hit" and _people_hit_people(tokens, verb, objs):
        # "residents hit a man they caught stealing", "police hit the women with sticks": a beating told
        # with the plainest verb (ACLED: an attack, or mob violence by a crowd)
        return Trigger(VAC, "Attack", 2), "hit people"
    if lemma == "beat" and "up" in parts and (objs or _kids(tokens, verb, "auxpass")):
        # "beat up" only means a beating (ACLED: an attack, or mob violence by a crowd); "was beaten up"
        # says someone was, even when the parser loses who
        return Trigger(VAC, "Attack", 2), "beat up"
    if lemma == "beat" and _struck_with_an_implement(tokens, verb):
        # "beaten with sticks", "beat him with an iron rod": a beating by its means, whoever the victim is
        # named as; a team is beaten by goals, not with clubs
        return Trigger(VAC, "Attack", 2), "beat with"
    if lemma in THROW_VERBS and (thrown := _hand_thrown_deed(tokens, verb, objs)):
        return thrown
    if lemma == "barricade" and any(_phrase_names(tokens, o, ROUTE_NOUNS, depth=1) for o in objs) and \
            not _subject_lemmas(tokens, verb) & (ARMED_DOERS | ENFORCERS):
        # people who barricade a road block it in protest; with burning tyres ACLED calls it violent
        burning = any(t.lemma.lower() in ("tyre", "tire") for t in _in_subtrees(tokens, verb))
        if burning:
            return Trigger(RIOTS, "Violent demonstration", 2), "barricade with tyres"
        return Trigger(PROTESTS, "Peaceful protest", 2), "barricade road"
    if _crowd_on_rampage(tokens, verb):
        # "students went on the rampage": a crowd running riot (ACLED: violent demonstration); a gunman's
        # "rampage" is his shooting, told by its own verb
        return Trigger(RIOTS, "Violent demonstration", 2), "rampage"
    if lemma == "fight" and {t.lemma.lower() for t in objs + [k for o in objs for k in _children(tokens, o)]} & \
            {"other", "another"}:
        # "fought each other", "fought one another": two sides came to blows (the parser makes "one" the
        # object of "fought one another" and "another" its determiner)
        return Trigger(BATTLES, "Armed clash", 2), "fight each other"
    if lemma == "fight" and not objs and _sides_fought_at_a_scene(tokens, verb):
        # "rival supporters fought outside the polling station": two or more people who fought at a place,
        # with nothing fought for or against, came to blows there
        return Trigger(BATTLES, "Armed clash", 2), "fight at"
    return None


SCENE_OF_A_FIGHT = {"at", "in", "inside", "outside", "near", "on"}
CAUSES_FOUGHT = {"for", "against", "over", "to", "about", "with"}
# What one fights "in" that is no scene of blows: a war, a race, a court, a contest.
CONTESTS_ENTERED = {"war", "battle", "conflict", "election", "race", "court", "parliament", "final", "ring",
                    "army", "campaign", "struggle", "revolution", "liberation"} | SPORT_WORDS


def _sides_fought_at_a_scene(tokens: list[Token], verb: Token) -> bool:
    """A past "fought" whose subject is several people and whose only complement is a place."""
    if verb.tag != "VBD":
        return False
    doers = _doers(tokens, verb)
    if not doers or not all(d.tag == "NNS" or d.lemma.lower() in COLLECTIVE_HEADS for d in doers):
        return False  # "he fought at the front" tells a soldier's past, not a fight between people
    preps = _kids(tokens, verb, "prep")
    if any(p.text.lower() in CAUSES_FOUGHT for p in preps):
        return False  # "fought for their rights", "fought against the rebels", "fought with the police"
    scenes = [o for p in preps if p.text.lower() in SCENE_OF_A_FIGHT for o in _kids(tokens, p, "pobj")
              if o.ent_type not in CALENDAR_LABELS]
    return bool(scenes) and not any(_phrase_names(tokens, o, CONTESTS_ENTERED, depth=1) for o in scenes)


BEATING_IMPLEMENTS = {"stick", "rod", "club", "baton", "cane", "pipe", "whip", "belt", "hammer", "machete", "bat",
                      "truncheon", "cudgel", "plank", "wood", "lathi", "fist", "bar", "butt", "iron"}


def _struck_with_an_implement(tokens: list[Token], verb: Token) -> bool:
    return any(g.lemma.lower() in BEATING_IMPLEMENTS for p in _kids(tokens, verb, "prep") if p.text.lower() == "with"
               for g in _kids(tokens, p, "pobj"))


def _to_death(tokens: list[Token], verb: Token) -> bool:
    return any(g.lemma.lower() == "death" for p in _kids(tokens, verb, "prep") if p.text.lower() == "to"
               for g in _kids(tokens, p, "pobj"))


# Who strikes people with hands or sticks in the news: crowds and the police; and what hits people by accident.
HITTERS = CROWD_DOERS | ENFORCERS
ROAD_VEHICLES = {"car", "vehicle", "bus", "truck", "lorry", "train", "motorbike"}


def _people_hit_people(tokens: list[Token], verb: Token, objs: list[Token]) -> bool:
    """"hit" is a beating only when people hit people: a car or a bullet that hits a man is an accident or
    a shooting told elsewhere, and a crisis or a price rise that "hits workers" hurts nobody's body."""
    doers = [m for d in _doers(tokens, verb) for m in _members_of(tokens, d)]
    if not doers or not any(d.lemma.lower() in HITTERS or d.text.lower() in HITTERS for d in doers):
        return False
    said = {t.lemma.lower() for t in _in_subtrees(tokens, *doers)}
    if said & (AIRCRAFT | HEAVY_GUNS | WEAPON_WORDS | ROAD_VEHICLES):
        return False
    return any(_phrase_names(tokens, o, BEATEN_PEOPLE, depth=1) for o in objs)


def _armed_deed(tokens: list[Token], verb: Token, objs: list[Token], obj_lemmas: set[str]):
    """What armed forces do: engage the enemy, bring down drones, move convoys, dig in."""
    lemma = verb.lemma.lower()
    parts = {c.text.lower() for c in _kids(tokens, verb, "prt", "advmod", "prep")}
    if lemma == "engage" and any(_phrase_names(tokens, o, ARMED_WORDS | NONSTATE_SIDE, depth=1) for o in objs) and \
            not _engaged_in_talks(tokens, verb):
        # "troops engaged the militants": the battle sense; "engaged the rebels in talks" is diplomacy
        return Trigger(BATTLES, "Armed clash", 2), "engage fighters"
    if lemma in DOWNING_VERBS and (lemma == "down" or "down" in parts) and obj_lemmas & AIR_TARGETS:
        # a drone or a missile brought down is a weapon stopped (ACLED: disrupted weapons use), not a strike
        return Trigger(STRATEGIC, "Disrupted weapons use", 2), "down aircraft"
    if lemma in ("enter", "cross") and _subject_words(tokens, verb) & {"convoy", "column"} and \
            _subject_words(tokens, verb) & MILITARY_DOERS:
        # "a military convoy entered the province": ACLED counts troop movements as a change to group activity
        return Trigger(STRATEGIC, "Change to group/activity", 1), "convoy enter"
    if lemma == "encounter" and any(_phrase_names(tokens, o, ARMED_WORDS | NONSTATE_SIDE, depth=1) for o in objs) \
            and _subject_words(tokens, verb) & (ARMED_WORDS | STATE_SIDE):
        # armed men who "encounter" armed men fight them (South Asian English calls a gunfight an encounter);
        # meeting resistance, problems or civilians stays outside this reading
        return Trigger(BATTLES, "Armed clash", 2), "encounter fighters"
    if lemma in BREACH_VERBS and obj_lemmas & TRUCE_WORDS and not _violence_told_beside(tokens, objs):
        # a truce is broken by firing: ACLED codes a ceasefire violation as the fighting it was; when the
        # sentence tells the deed itself ("violated the truce and killed a soldier"), that deed names who was hit
        return Trigger(BATTLES, "Armed clash", 2), "breach ceasefire"
    if lemma == "overtake" and _armed_or_named_group(tokens, verb) and \
            any(o.ent_type in ("GPE", "LOC", "FAC") or o.lemma.lower() in PLACE_NOUNS for o in objs):
        # "the militants overtook the village", "the Front overtook Kolvarimo": ground taken by an armed side;
        # a country that "overtakes" another in trade, or a car that overtakes a bus, is no armed group
        return Trigger(BATTLES, "Non-state actor overtakes territory", 2), "overtake place"
    if lemma in ("establish", "build", "construct", "dig", "erect") and obj_lemmas & FORTIFICATIONS:
        # new fortifications or trenches dug are a force digging in (ACLED: change to group/activity)
        return Trigger(STRATEGIC, "Change to group/activity", 1), "build fortifications"
    return None


def _armed_or_named_group(tokens: list[Token], verb: Token) -> bool:
    """The doer is armed by its words ("rebels", "gunmen") or is a group named, not a state: the tagger
    often takes an armed group's name for a person's, so any name but a country's counts."""
    if _subject_words(tokens, verb) & (ARMED_DOERS - {"unknown", "unidentified"}):
        return True
    return any(d.pos == "PROPN" and d.ent_type not in ("GPE", "LOC") for d in _doers(tokens, verb))


def _violence_told_beside(tokens: list[Token], skip: list[Token]) -> bool:
    """Any word of the lexicon for fighting, shelling or harm besides the tokens skipped."""
    skipped = {t.i for t in skip}
    for t in tokens:
        trig = TRIGGERS.get(t.lemma.lower()) or TRIGGERS.get(t.text.lower())
        if t.i not in skipped and trig is not None and trig.event_type in (BATTLES, EXPLOSIONS, VAC):
            return True
    return False


BREACH_VERBS = {"violate", "break", "breach"}
TRUCE_WORDS = {"ceasefire", "cease-fire", "truce"}
TALKING = {"talk", "dialogue", "negotiation", "discussion", "conversation", "debate", "consultation", "service"}


def _engaged_in_talks(tokens: list[Token], verb: Token) -> bool:
    """"engaged the rebels in talks", "engaged with the militia leaders", "engaged the services of": no fight."""
    preps = _kids(tokens, verb, "prep")
    if any(p.text.lower() == "with" for p in preps):
        return True
    return any(t.lemma.lower() in TALKING for t in _in_subtrees(tokens, verb))


def _crowd_on_rampage(tokens: list[Token], verb: Token) -> bool:
    """"youths rampaged through the market", "students went on (a) rampage"."""
    lemma = verb.lemma.lower()
    rampage = lemma == "rampage" or lemma == "go" and any(
        g.lemma.lower() == "rampage" for p in _kids(tokens, verb, "prep") for g in _kids(tokens, p, "pobj"))
    doers = {m.lemma.lower() for d in _doers(tokens, verb) for m in _members_of(tokens, d)}
    return rampage and bool(doers & (CROWD_DOERS | LABOUR_OR_CIVIC | {"protester", "protestor", "demonstrator"}))


def _voices_grievance(tokens: list[Token], verb: Token, objs: list[Token]) -> bool:
    """The procession says what it is against ("rejecting the results", "an anti-tax motorcade", "to demand
    pay") and is no funeral, wedding or feast."""
    under = _in_subtrees(tokens, verb)
    said = {t.lemma.lower() for t in under} | {t.text.lower().split("-")[0] for t in under}
    festive = {t.lemma.lower() for t in _in_subtrees(tokens, *objs)} & FESTIVE
    return bool(said & GRIEVANCE) and not festive


def _enforcer_did_it(tokens: list[Token], verb: Token) -> bool:
    """The police or troops did it, also through a purpose clause: "police fired in the air to disperse"."""
    doers = _subject_lemmas(tokens, verb)
    if not doers and verb.dep in ("xcomp", "advcl"):
        head = _head(tokens, verb)
        doers = _subject_lemmas(tokens, head) if head is not None else set()
    return bool(doers & ENFORCERS)


def _hand_thrown_deed(tokens: list[Token], verb: Token, objs: list[Token]):
    """Stones thrown at someone, as with "pelt", are a crowd's violence (ACLED: riots); fire bombs thrown
    at a shop destroy property. What militants throw keeps the reading of its own word ("a grenade")."""
    thrown, targets = _thrown_by_hand(tokens, objs), _thrown_at(tokens, verb)
    if not thrown or not targets or _subject_words(tokens, verb) & (ARMED_WORDS | NONSTATE_SIDE):
        return None
    if thrown & INCENDIARIES and any(_phrase_names(tokens, t, PROPERTY, depth=1) for t in targets):
        return Trigger(STRATEGIC, "Looting/property destruction", 2), "firebomb property"
    return Trigger(RIOTS, "Violent demonstration", 2), f"{verb.lemma.lower()} stones"


def _thrown_by_hand(tokens: list[Token], objs: list[Token]) -> set[str]:
    """Stones, bricks and fire bombs ("petrol bombs", "Molotov cocktails", "crude bombs")."""
    thrown = {o.lemma.lower() for o in objs} & HAND_MISSILES
    if any(o.lemma.lower() == "bomb" and any(k.lemma.lower() in FUELS for k in _kids(tokens, o, "compound", "amod"))
           for o in objs):
        thrown.add("petrol bomb")
    return thrown


def _thrown_at(tokens: list[Token], verb: Token) -> list[Token]:
    """What something was thrown at: "hurled stones at the police"."""
    return [g for p in _kids(tokens, verb, "prep") if p.text.lower() in ("at", "on", "towards", "toward")
            for g in _kids(tokens, p, "pobj")]


SHOT_NOUNS = {"shot", "gunshot"}
GUN_CUES = {"arm", "gun", "rifle", "weapon", "firearm", "pistol", "automatic", "sniper", "machine-gun", "kalashnikov"}
SHOT_VERBS = {"fire", "hear", "ring", "exchange"}
NOT_GUNSHOTS = {"vaccine", "booster", "flu", "jab", "photo", "camera", "mug", "screen", "dose", "warning", "air"}


def _shots_fired(tokens: list[Token], noun: Token):
    """"shots from small arms near the village", "gunshots were fired": shooting told by its shots (ACLED:
    armed clash). A vaccine shot, a photo or a shot at goal is none; shots in the air are warnings."""
    if noun.lemma.lower() not in SHOT_NOUNS or not noun.text.lower().endswith("s"):
        return None
    lemmas = {t.lemma.lower() for t in tokens}
    if lemmas & (NOT_GUNSHOTS | SPORT_WORDS):
        return None
    head = _head(tokens, noun)
    if lemmas & GUN_CUES or head is not None and head.lemma.lower() in SHOT_VERBS:
        return Trigger(BATTLES, "Armed clash", 2), "shots fired"
    return None


PATROL_VERBS = {"conduct", "carry", "run", "launch", "mount", "hold"}
MILITARY_DOERS = {"force", "troop", "army", "military", "soldier", "marine", "battalion", "brigade"}


def _subject_words(tokens: list[Token], verb: Token) -> set[str]:
    """Every lemma of the subject phrases: "Russian military police" gives "military" too."""
    return {t.lemma.lower() for t in _in_subtrees(tokens, *_doers(tokens, verb))}


def _patrol_conducted(tokens: list[Token], noun: Token):
    """"troops of two states conducted a joint patrol", "a patrol of foreign troops took place near the town":
    ACLED codes such patrols as a change in the armed groups' activity. A patrol told as an event of its own,
    a joint one or one by an army counts; "police conducted a patrol" is the daily round."""
    if noun.lemma.lower() != "patrol":
        return None
    head = _head(tokens, noun)
    took_place = noun.dep == "nsubj" and head is not None and head.lemma.lower() == "take" and \
        any(k.lemma.lower() == "place" for k in _children(tokens, head))
    conducted = noun.dep == "dobj" and head is not None and head.lemma.lower() in PATROL_VERBS
    joint = any(k.lemma.lower() == "joint" for k in _kids(tokens, noun, "amod"))
    by_army = conducted and bool(_subject_words(tokens, head) & MILITARY_DOERS)
    if took_place or conducted and (joint or by_army):
        return Trigger(STRATEGIC, "Change to group/activity", 1), "patrol"
    return None

BRAWLS = {"clash", "scuffle", "brawl", "fight", "fighting"}
# Sides of a brawl that are people, not armed groups: party supporters, travellers and staff, rival groups.
UNARMED_SIDES = CROWD_DOERS | {"passenger", "staff", "member", "faction", "group", "rival", "employee", "trader",
                               "villager", "labourer", "laborer", "driver", "vendor", "fan", "inmate", "prisoner"}
# Sides ACLED treats as armed even without a gun named: identity militias of clans and ethnic groups.
COMMUNAL_SIDES = {"ethnic", "clan", "tribe", "tribal", "community", "communal", "pastoralist", "herder", "raider",
                  "warrior", "militiaman", "cattle"}
NOT_A_SIDE = {"position", "post", "base", "checkpoint", "unit"}  # "the post of chairman": an office, no army


def _clash_sides(tokens: list[Token], tok: Token) -> list[Token]:
    """Who clashed: "X and Y clashed", "X clashed with Y", "a clash between X and Y", "X engaged in a clash"."""
    sides: list[Token] = []
    holder = tok
    if tok.pos == "NOUN":
        sides += [g for p in _kids(tokens, tok, "prep") if p.text.lower() == "between" for g in _kids(tokens, p, "pobj")]
        parent = _head(tokens, tok)
        if parent is not None and parent.dep == "prep" and parent.text.lower() == "in":
            holder = _head(tokens, parent) or tok  # "members engaged in a clash"
    sides += _doers(tokens, holder) if holder.pos == "VERB" else []
    sides += [g for p in _kids(tokens, tok, "prep") if p.text.lower() == "with" for g in _kids(tokens, p, "pobj")
              if g.lemma.lower() not in ("weapon", "stick", "arm", "rod", "machete", "knife", "stone", "brick")]
    return sides + [c for s in sides for c in _kids(tokens, s, "conj")]


def _unarmed_clash(tokens: list[Token], tok: Token) -> bool:
    """ACLED's mob violence includes clashes between unarmed, unorganised sides (party supporters, a
    party's factions, passengers and staff, two groups over a land dispute); a clash where any side is
    a force, an armed or a communal group stays a battle."""
    sides = _clash_sides(tokens, tok)
    if not sides:
        return False
    said = {t.lemma.lower() for t in _in_subtrees(tokens, *sides)} - NOT_A_SIDE
    if said & (ARMED_DOERS - NOT_A_SIDE) or said & COMMUNAL_SIDES or said & DEFENDER_WORDS - NOT_A_SIDE:
        return False
    return any(s.lemma.lower() in UNARMED_SIDES or s.text.lower() in UNARMED_SIDES for s in sides)


def _phrase_before_a_misparsed_verb(tokens: list[Token], verb: Token) -> list[Token]:
    """"supporters of a candidate stabbed a rival" parsed as a participle on "candidate": in a sentence with
    no verb at its root, the doer is the whole noun phrase the verb hangs on, whose head is "supporters"."""
    by_i = {t.i: t for t in tokens}
    root = next((t for t in tokens if t.dep == "ROOT"), None)
    if verb.dep != "acl" or root is None or root.pos not in ("NOUN", "PROPN"):
        return []
    cur = by_i.get(verb.head)
    while cur is not None and cur.dep in ("pobj", "prep") and cur.head in by_i:
        cur = by_i[cur.head]
    return [cur] if cur is not None and cur.pos in ("NOUN", "PROPN") else []


def _taken_over(tokens: list[Token]) -> bool:
    """Someone took the ground that was left ("entered the town", "took control"); a modifier like
    "regime-controlled area" only describes where the leaving side went."""
    return any(t.lemma.lower() in ("control", "enter", "seize", "capture", "takeover", "hand")
               and t.dep not in ("amod", "compound") for t in tokens)


def _forced_out(tokens: list[Token]) -> bool:
    """"drove the rebels out", "forced them to withdraw": the leaving side was made to leave. Only as
    verbs: "forces" as a noun is just the army that left ("after government forces pulled out")."""
    return any(t.lemma.lower() in ("drive", "force", "push") and t.pos == "VERB" for t in tokens)


def _protest_at_scene(tokens: list[Token], trig: Token) -> bool:
    """Whether a protest is the scene of the triggered deed. "detained people who take part in
    demonstrations" and "activists were detained before the rally" name a protest elsewhere or later:
    ACLED codes those as arrests, not as a protest met with intervention."""
    by_i = {t.i: t for t in tokens}
    for p in tokens:
        if p.lemma.lower() not in PROTEST_WORDS or p.ent_type in CALENDAR_LABELS:
            continue
        cur, elsewhere = p, False
        for _ in range(8):
            parent = by_i.get(cur.head)
            if parent is None or parent.i == cur.i or parent.i == trig.i:
                break
            if cur.dep == "relcl" or parent.lemma.lower() in OFF_SCENE:
                elsewhere = True
                break
            cur = parent
        if not elsewhere:
            return True
    return False


def _attack_on_goods(tokens: list[Token], tok: Token) -> bool:
    """The attack's target is goods or premises of trade, none guarded: "attacks on properties", "attacked
    shops and vehicles" (a police station or an army truck is an armed target)."""
    targets = [c for c in tokens if c.head == tok.i and c.dep == "dobj"]
    targets += [g for c in tokens if c.head == tok.i and c.dep == "prep" and c.text.lower() in ("on", "against")
                for g in tokens if g.head == c.i and g.dep == "pobj" and g.ent_type not in CALENDAR_LABELS]
    return bool(targets) and all(_phrase_names(tokens, t, GOODS, depth=1) and
                                 not _phrase_names(tokens, t, DEFENDER_WORDS, depth=2) for t in targets)


def _acted_on(tokens: list[Token], tok: Token, lemmas: set[str], depth: int) -> bool:
    """A verb of ``lemmas`` governs the token and the token is not its doer: "rockets were found" but not
    "a drone operated by the agency captured footage"."""
    step = _governing(tokens, tok, lemmas, depth)
    # "Shelling destroyed the hospital": the parser may tag a gerund subject as an auxiliary; a trigger
    # word is never a true auxiliary, so it is the doer, not the thing found or destroyed
    return step is not None and step[1].dep not in ("nsubj", "agent", "csubj", "aux")


def _under(tokens: list[Token], tok: Token, lemmas: set[str], depth: int = 5) -> bool:
    """Whether a word of ``lemmas`` governs the token within ``depth`` steps (inside the sentence)."""
    return _governing(tokens, tok, lemmas, depth) is not None


def _governing(tokens: list[Token], tok: Token, lemmas: set[str], depth: int) -> Optional[tuple[Token, Token]]:
    """The nearest word of ``lemmas`` above the token within ``depth`` steps, with the word just below it."""
    by_i = {t.i: t for t in tokens}
    cur = tok
    for _ in range(depth):
        parent = by_i.get(cur.head)
        if parent is None or parent.i == cur.i:
            return None
        if parent.lemma.lower() in lemmas:
            return parent, cur
        cur = parent
    return None


CALENDAR_LABELS = {"DATE", "TIME"}


def _content_lemmas(tokens: list[Token]) -> set[str]:
    """The sentence's lemmas, less words that only name a unit ("riot police", "strike force")."""
    by_i = {t.i: t for t in tokens}
    out = set()
    for t in tokens:
        lemma = t.lemma.lower()
        head = by_i.get(t.head)
        if t.ent_type in CALENDAR_LABELS:
            continue  # "On 31 March 2020": the month, not a march
        if lemma in UNIT_MODIFIERS and t.dep in ("compound", "amod", "nmod") and head is not None and \
                head.lemma.lower() in UNIT_HEADS:
            continue
        out.add(lemma)
    return out


def _not_political_violence(tokens: list[Token], lemmas: set[str], tok: Token, trig: Trigger, phrase: str) -> str:
    """Why a triggered sentence is outside ACLED's scope, or "" when it is not."""
    attack_words = lemmas & ATTACK_WORDS
    accidental = _event_family(trig) == "blast" or phrase in HAZARD_PRONE
    if lemmas & DISASTER_WORDS - _outbreaks_of_violence(tokens) and not attack_words and accidental:
        return "disaster or accident"
    if lemmas & INDUSTRIAL_WORDS and lemmas & MISHAP_WORDS and not attack_words and trig.strength <= 2 and accidental:
        return "industrial accident"
    crime = lemmas & CRIME_WORDS or trig.sub_event_type == "Arrests" and lemmas & BLOTTER_WORDS
    # a mob or vigilantes punishing a suspected thief is mob violence (ACLED: riots), not the theft's crime
    if crime and not lemmas & POLITICAL_WORDS and trig.event_type not in (PROTESTS, RIOTS) and \
            not _crowd_did_it(tokens, tok) and not lemmas & MOB_WORDS and not _killed_by_the_state(lemmas, trig) and \
            not _private_people_punish_a_suspect(tokens, tok, trig) and not _raid_on_herds_or_villages(tokens, tok, trig) \
            and not (trig.strength >= 3 and attack_words) and not _arms_object(tokens, tok):
        return "ordinary crime"
    if trig.strength >= 3 and trig.event_type == EXPLOSIONS and _weapon_as_topic(tokens, tok):
        return "weapons as a topic"  # "missile tests", "parts for drones", "sanctions over the chemical attack"
    if trig.strength <= 2 and _judicial_death(tokens):
        return "judicial execution"
    if trig.event_type == EXPLOSIONS and _handled_not_used(tokens, tok) and not lemmas & WENT_OFF:
        return "weapons handled, not used"
    if trig.sub_event_type == "Agreement" and phrase in PLAIN_TALKS and lemmas & CIVIL_AFFAIRS and \
            not lemmas & CONFLICT_CUES:
        # ACLED's agreements are between parties to a conflict (ceasefires, peace deals, prisoner swaps);
        # a merger, a trade pact or a panel discussion is none
        return "business, trade or forum talks"
    if phrase in FIGURATIVE_PRONE and _sport_or_markets(tokens, lemmas):
        return "sport or markets"
    if trig.sub_event_type == "Looting/property destruction" and _burnt_without_arsonist(tokens, tok) and \
            not attack_words:
        return "accidental fire"
    return ""


# What breaks out or erupts in conflict news: "an outbreak of violence", "clashes erupted".
OUTBREAK_WORDS = {"outbreak", "erupt", "eruption"}
VIOLENCE_THAT_BREAKS_OUT = GENERIC_VIOLENCE | TWO_SIDED | {"riot", "rioting", "protest", "war", "hostility",
                                                          "shooting", "gunfire", "attack"}


def _outbreaks_of_violence(tokens: list[Token]) -> set[str]:
    """"amid an outbreak of violence", "after clashes erupted": the words of epidemics and volcanoes
    describing violence name no disaster, so they must not hide the killing told beside them."""
    out = set()
    for t in tokens:
        lemma = t.lemma.lower()
        if lemma not in OUTBREAK_WORDS:
            continue
        told = [g for p in _kids(tokens, t, "prep") if p.text.lower() == "of" for g in _kids(tokens, p, "pobj")]
        told += _kids(tokens, t, "nsubj")
        if any(g.lemma.lower() in VIOLENCE_THAT_BREAKS_OUT for g in told):
            out.add(lemma)
    return out


LIVESTOCK = {"cattle", "cow", "goat", "sheep", "camel", "livestock", "herd", "donkey"}
RAIDED_COMMUNITIES = {"village", "community", "homestead", "settlement", "hamlet", "manyatta"}


def _raid_on_herds_or_villages(tokens: list[Token], tok: Token, trig: Trigger) -> bool:
    """"raiders killed two herders and drove off their cattle", "an armed band attacked the village and robbed
    its people": ACLED codes livestock raids and raids on whole villages as the violence they are (communal
    or armed attacks), not as theft; a robbery of a shop or a bank stays ordinary crime."""
    if trig.event_type not in (BATTLES, VAC):
        return False
    if any(t.lemma.lower() in LIVESTOCK for t in tokens):
        return True
    verb = _verb_of_toll(tokens, tok)
    return verb is not None and any(o.lemma.lower() in RAIDED_COMMUNITIES for o in _kids(tokens, verb, "dobj"))


SUSPICION_WORDS = {"suspicion", "suspect", "suspected", "accuse", "accused", "allege", "alleged", "allegedly"}


def _private_people_punish_a_suspect(tokens: list[Token], tok: Token, trig: Trigger) -> bool:
    """"traders beat a youth they suspected of stealing": when the only crime in the sentence is the one
    the victim is suspected of, the violence is not that crime but people taking the law into their own
    hands, which ACLED codes as mob violence (or an attack), not as ordinary crime. Police who arrest or
    beat a suspect, and armed robbers, are left to the other rules."""
    if trig.event_type not in (VAC, BATTLES, RIOTS):
        return False
    crimes = [t for t in tokens if t.lemma.lower() in CRIME_WORDS]
    if not crimes or not all(_told_as_suspicion(tokens, t) for t in crimes):
        return False
    verb = tok if tok.pos == "VERB" else None
    if verb is not None and verb.dep == "conj" and not _doers(tokens, verb):
        verb = _head(tokens, verb)  # "beat and injured": one subject
    doers = _doers(tokens, verb) if verb is not None else []
    if not doers:
        return _killed_by_hand_unnamed(tokens, tok)
    doers = [m for d in doers for m in _members_of(tokens, d)]
    said_of_doers = _said_of_the_whole(tokens, doers)
    return not said_of_doers & (ARMED_DOERS | STATE_FORCE_WORDS | POLICING)


# Ways of killing by hand that belong to crowds: police and armed men shoot a suspect, they do not burn,
# stone or club him to death.
HAND_KILLING = {"burn", "beat", "stone", "hack", "lynch", "club", "torch", "burnt"}


def _killed_by_hand_unnamed(tokens: list[Token], tok: Token) -> bool:
    """"two suspected burglars were burnt to death": news English leaves the killers of a suspect unnamed
    when they were a crowd taking the law into its own hands; the means (burning, stoning, beating) tells
    it from a police shooting, which ACLED codes apart. Only a passive with no agent counts, and only where
    the state's forces are not named in the sentence."""
    verb = _verb_of_toll(tokens, tok)
    if verb is None or verb.lemma.lower() not in HAND_KILLING and verb.text.lower() not in HAND_KILLING:
        return False
    if not _kids(tokens, verb, "auxpass") or _kids(tokens, verb, "agent", "nsubj"):
        return False
    told = {t.lemma.lower() for t in tokens}
    return not told & (STATE_FORCE_WORDS | POLICING | ARMED_DOERS) and not told & (DISASTER_WORDS | ACCIDENTAL_FIRE)


# Fires that start by themselves: the dead of a blaze were not burnt by anyone.
ACCIDENTAL_FIRE = {"fire", "blaze", "explosion", "explode", "blast", "leak", "spill"}


def _verb_of_toll(tokens: list[Token], tok: Token) -> Optional[Token]:
    """The verb a trigger tells: itself, or the verb of "... to death" when the trigger is "death"."""
    if tok.pos == "VERB" or tok.pos == "ADJ" and _kids(tokens, tok, "nsubj"):
        return tok  # a word with a subject of its own is a verb the tagger took for an adjective
    prep = _head(tokens, tok)
    if tok.dep == "pobj" and prep is not None and prep.text.lower() == "to":
        above = _head(tokens, prep)
        return above if above is not None and above.pos == "VERB" else None
    return None


def _told_as_suspicion(tokens: list[Token], crime: Token) -> bool:
    """"suspected of stealing", "a suspected robber", "accused of theft": the crime is laid at
    someone's door, not reported as done."""
    by_i = {t.i: t for t in tokens}
    node = crime
    for _ in range(4):
        if any(k.lemma.lower() in SUSPICION_WORDS or k.text.lower() in SUSPICION_WORDS
               for k in tokens if k.head == node.i and k.i != node.i):
            return True
        parent = by_i.get(node.head)
        if parent is None or parent.i == node.i:
            return False
        if parent.lemma.lower() in SUSPICION_WORDS or parent.text.lower() in SUSPICION_WORDS:
            return True
        node = parent
    return False


# Police or troops who kill a suspect use the state's force on a person: ACLED codes it as violence against
# civilians however ordinary the crime the suspect is accused of ("drug suspects killed in a police raid").
STATE_FORCE_WORDS = {"police", "policeman", "policemen", "soldier", "troop", "army", "military"}
KILLING_WORDS = {"kill", "dead", "death", "slay", "gun"}


def _killed_by_the_state(lemmas: set[str], trig: Trigger) -> bool:
    return trig.sub_event_type != "Arrests" and bool(lemmas & STATE_FORCE_WORDS) and bool(lemmas & KILLING_WORDS)


def _sport_or_markets(tokens: list[Token], lemmas: set[str]) -> bool:
    """Sport and market reports borrow the words of war ("a derby clash", "a counter attack", "stocks
    advanced", "a strong rally on Wall Street"). With their vocabulary and no fighter, weapon, crowd or
    casualty in the sentence, the trigger is a metaphor (ACLED codes political violence and protest only)."""
    if lemmas & (REAL_FIGHTERS | LABOUR_OR_CIVIC - {"driver"}):
        return False  # "fans clashed with police after the match", "striking miners rallied"
    if lemmas & PARTY_POLITICS:
        return False  # "lawmakers of the People's league assaulted party members": a party, not a sports league
    text = " ".join(t.text.lower() for t in tokens)
    phrases = {w for w in SPORT_WORDS | MARKET_WORDS if " " in w and w in text}
    # names hide common nouns: "ANC Youth League", "a VW Golf"; a sport named as such still counts
    sport = phrases | {w for t in tokens for w in (t.lemma.lower(), t.text.lower())
                       if t.pos != "PROPN" or w in SPORT_NAMES}
    sport = (sport & SPORT_WORDS) - {"try", "serve"}
    sport_nouns = any(t.lemma.lower() in ("try", "serve") and t.pos == "NOUN" for t in tokens)  # not the verbs
    markets = phrases | lemmas | {t.text.lower() for t in tokens}
    return bool(sport or sport_nouns or markets & MARKET_WORDS)


def _judicial_death(tokens: list[Token]) -> bool:
    """"a death row inmate", "put to death by lethal injection": an execution by a court's sentence
    is no political violence in ACLED's sense (it codes extrajudicial killings, not the death penalty)."""
    text = " ".join(t.text.lower() for t in tokens)
    return any(p in text for p in ("death row", "death sentence", "death penalty", "put to death",
                                   "lethal injection", "clemency", "sentenced to die", "sentencing him to die",
                                   "sentencing her to die"))


def _handled_not_used(tokens: list[Token], tok: Token) -> bool:
    """"bought backpacks to carry the bombs", "the bombs were packed into pressure cookers": a weapon that
    is the object of a verb of buying, carrying, making or describing is handled, not set off; unless the
    sentence also says it went off, it reports no attack (the attack is told where it exploded)."""
    by_i = {t.i: t for t in tokens}
    head = by_i.get(tok.head)
    if head is None or head.i == tok.i:
        return False
    if tok.dep in ("compound", "conj") and head.lemma.lower() in ARMS_WORDS | DETONATION_WORDS:
        tok, head = head, by_i.get(head.head)  # "pipe bombs", "bombs and guns": the phrase's head
        if head is None or head.i == tok.i:
            return False
    if any(c.head == head.i and c.dep == "prt" for c in tokens):
        return False  # "carried out a mortar attack", "made off with": a phrasal verb of doing, not handling
    return tok.dep in ("dobj", "nsubjpass", "pobj") and head.lemma.lower() in HANDLING_VERBS


def _used_as_the_means(tokens: list[Token], tok: Token) -> bool:
    """"destroyed a bulldozer using a guided missile", "used mortars to destroy the post": the weapon is
    what the deed was done with, so it was fired, not found or defused."""
    head = _head(tokens, tok)
    return tok.dep == "dobj" and head is not None and head.lemma.lower() == "use" and head.i != tok.i


def _burnt_without_arsonist(tokens: list[Token], verb: Token) -> bool:
    """"the shack burnt down", "a candle set the house on fire": a building that burns by itself (the
    verb with the building, not an arsonist, as its active subject) or a fire started by a candle or a
    stove is an accidental fire; ACLED codes property destruction only by a perpetrator."""
    subjects = [c for c in tokens if c.head == verb.i and c.dep == "nsubj"]
    if not subjects and verb.dep == "conj":  # "a candle fell over and set the hut on fire": a shared subject
        subjects = [c for c in tokens if c.head == verb.head and c.dep == "nsubj"]
    return any(c.lemma.lower() in FIRE_CAUSES or verb.lemma.lower() == "burn" and
               (c.lemma.lower() in PROPERTY or c.text.lower() in PROPERTY or c.lemma.lower() in ("shack", "hut"))
               for c in subjects)


def _event_family(trig: Trigger) -> str:
    """"blast" for what can go off by accident (explosions, gas, outcomes), "other" for the rest."""
    if trig.event_type == EXPLOSIONS and trig.strength <= 2 or trig.sub_event_type == "Chemical weapon" \
            or trig.strength == 1:
        return "blast"
    return "other"


def _arms_object(tokens: list[Token], tok: Token) -> bool:
    """The trigger acts on weapons ("seized two firearms", "rifles were found")."""
    return any(c.head == tok.i and c.dep in ("dobj", "nsubjpass") and _names_arms(tokens, c) for c in tokens)


def _weapon_as_topic(tokens: list[Token], tok: Token) -> bool:
    """A weapon named as the subject of tests, programmes, trade or sanctions, not fired at anyone."""
    by_i = {t.i: t for t in tokens}
    head = by_i.get(tok.head)
    if tok.dep in ("compound", "amod", "nmod") and head is not None and head.lemma.lower() in WEAPON_TOPICS:
        return True
    if tok.lemma.lower() in ("drone", "uav") and tok.dep == "nsubj" and head is not None and \
            head.lemma.lower() in WATCHING_VERBS:
        return True  # "a drone captured footage of the floods": a camera in the air, no strike
    if head is not None and head.lemma.lower() in ("for", "of", "over") and by_i.get(head.head) is not None and \
            by_i[head.head].lemma.lower() in WEAPON_TOPICS:
        return True
    return bool({t.lemma.lower() for t in tokens} & {"sanction", "embargo"}) and not any(
        t.lemma.lower() in ("kill", "wound", "injure", "hit", "strike", "target", "destroy") and t.pos == "VERB"
        for t in tokens)


def _unopposed(tokens: list[Token]) -> bool:
    """"without resistance", "without a fight", "unopposed": ground changed hands peacefully."""
    words = [t.lemma.lower() for t in tokens]
    for k, w in enumerate(words):
        if w in ("resistance", "fight", "fighting", "shot", "clash") and any(
                x in ("without", "no", "not") for x in words[max(0, k - 4):k]):
            return True
    return "unopposed" in words


def _violence_of_others(tokens: list[Token]) -> set[str]:
    """Violence words that describe what the state did ("a violent crackdown", "violently dispersed"),
    not what the crowd did."""
    by_i = {t.i: t for t in tokens}
    out = set()
    for t in tokens:
        head = by_i.get(t.head)
        if t.lemma.lower() in ("violent", "violently", "aggressive") and head is not None and \
                head.lemma.lower() in INTERVENTION | {"crackdown", "repression", "force", "raid", "attack"}:
            out.add(t.lemma.lower())
    return out


def _protest_topic(tokens: list[Token]) -> set[int]:
    """Token ids of what a protest is about: "a protest against police brutality", "rallied to mourn
    demonstrators killed last month", "demonstrations over the detention of". Those words name the
    cause, not what happened at the protest, so they must not make it violent or repressed."""
    by_i = {t.i: t for t in tokens}
    protestish = PROTEST_WORDS | {"gather", "demonstrate", "picket", "strike", "vigil", "street", "take", "chain"}
    topic: set[int] = set()
    for t in tokens:
        head = by_i.get(t.head)
        if head is None or head.i == t.i:
            continue
        about_protest = _lemma(head) in protestish or _holds_a_protest(tokens, head, protestish)
        if t.dep == "prep" and t.text.lower() in TOPIC_PREPS and about_protest:
            topic |= _subtree(tokens, t)
        elif t.dep in ("advcl", "xcomp", "conj") and t.lemma.lower() in PROTEST_PURPOSES and \
                (about_protest or _lemma(head) in {"stage", "hold", "walk", "march", "gather", "rally"}):
            # "held a protest and demanded the release of detained members": the demand, joined to the
            # protest by "and" as much as by a participle, is its cause, not an arrest at the scene
            topic |= _subtree(tokens, t) - _next_clauses(tokens, t)
    return topic


def _next_clauses(tokens: list[Token], verb: Token) -> set[int]:
    """"demanded his release, and police detained five": clauses chained on after the verb tell what
    happened next, not what the protest demanded."""
    return {i for c in tokens if c.head == verb.i and c.i != verb.i and c.dep == "conj" and c.pos in ("VERB", "AUX")
            for i in _subtree(tokens, c)}


def _lemma(tok: Token) -> str:
    """The lemma, mended where the tagger is known to stumble: "staged" (a protest) is read as "stag"."""
    lemma = tok.lemma.lower()
    return "stage" if lemma == "stag" and tok.text.lower().startswith("stage") else lemma


def _holds_a_protest(tokens: list[Token], verb: Token, protestish: set[str]) -> bool:
    """"staged a protest rally", "held a demonstration", "the protest was against": the verb's subject or
    object is the protest itself, so what hangs on the verb ("against the arrests", "demanding the
    release of detained leaders") tells the protest's cause, as it would hanging on the noun."""
    return any(c.head == verb.i and c.i != verb.i and c.dep in ("nsubj", "dobj") and c.lemma.lower() in protestish
               for c in tokens)


EARLIER = {"prior", "previous", "earlier", "recent", "last", "past"}


def _other_occasion(tokens: list[Token]) -> set[int]:
    """Token ids of violence told as another, earlier occasion: "a protest following a prior clash",
    "rallied after last week's riots". The crowd did not do it at this protest."""
    out: set[int] = set()
    for t in tokens:
        if t.lemma.lower() in CROWD_VIOLENCE and any(c.head == t.i and c.i != t.i and c.lemma.lower() in EARLIER
                                                    for c in tokens):
            out |= _subtree(tokens, t)
    return out


def _wrecks(tokens: list[Token], verb: Token) -> bool:
    """A verb of crowd violence, "pull down" and "tear down" included ("pulled down the walls")."""
    if verb.lemma.lower() in CROWD_AGENT_VIOLENCE:
        return True
    return verb.lemma.lower() in ("pull", "bring", "knock") and any(
        c.head == verb.i and c.text.lower() == "down" for c in tokens)


BARRICADE_MATERIAL = {"barricade", "tyre", "tire", "bonfire", "rock", "boulder", "log", "burning", "burn", "debris",
                      "brick", "stone"}


def _protest_subtype(tokens: list[Token], lemmas: set[str], text: str) -> str:
    """Violence by the crowd first (ACLED codes a demonstration that turned violent as a riot), then
    lethal or brutal force against it, then dispersal or arrests, else peaceful."""
    topic = _protest_topic(tokens) | _other_occasion(tokens)
    if topic:
        tokens = [t for t in tokens if t.i not in topic]
        lemmas = _content_lemmas(tokens)
        text = " ".join(t.text.lower() for t in tokens)
    crowd = {t.i for t in tokens if t.lemma.lower() in PROTEST_WORDS | {"crowd", "student", "activist", "supporter",
                                                                        "youth"}}
    crowd_acts = any(_wrecks(tokens, t) and (t.lemma.lower() != "block" or lemmas & BARRICADE_MATERIAL) and (any(
        c.i in crowd and c.dep in ("nsubj", "amod", "compound") for c in tokens if c.head == t.i) or
        t.dep == "relcl" and t.head in crowd) for t in tokens)  # also "activists who broke into the building"
    # ACLED: road-blocking with barricades, burning tyres or other material is a violent demonstration; a
    # crowd that stands on a road or a sit-in that stops traffic is a peaceful protest
    blocks_roads = lemmas & {"block", "barricade", "blockade", "shut"} and lemmas & {"road", "street", "highway",
                                                                                      "railway", "thoroughfare",
                                                                                      "bridge", "traffic"} and \
        lemmas & BARRICADE_MATERIAL
    crowd_violence = CROWD_VIOLENCE - _violence_of_others(tokens)
    if lemmas & {"peaceful", "peacefully", "unarmed", "nonviolent", "non-violent", "peacefull"}:
        crowd_violence = crowd_violence - GENERIC_VIOLENCE  # "fired on peaceful protesters amid unrest"
    turned_violent = "turn violent" in " ".join(t.lemma.lower() for t in tokens)
    if crowd_acts or lemmas & crowd_violence or blocks_roads or _burns_barricades(tokens) or turned_violent or \
            "set fire" in text or "set ablaze" in text:
        return "Violent demonstration"
    victims = lemmas & {"kill", "die", "dead", "death", "injure", "wound", "shoot", "gunfire", "injury"}
    force = any(w in text for w in ("open fire", "opened fire", "live bullet", "live ammunition", "live round",
                                    "fired on", "shot dead", "beat ", "excessive force")) or \
        lemmas & {"violently", "brutally", "brutal", "crackdown", "beat", "beating", "hit", "brutality"} or \
        (victims and lemmas & {"police", "force", "soldier", "troop", "officer", "guard", "military"}) or \
        (victims and lemmas & {"protester", "demonstrator"})
    if force:
        return "Excessive force against protesters"
    if _intervention_lemmas(tokens) or any(w in text for w in ("tear gas", "water cannon", "broke up", "break up",
                                                               "pepper spray", "rubber bullet")):
        return "Protest with intervention"
    return "Peaceful protest"


BURNT_MATERIAL = {"tyre", "tire", "barricade", "bonfire", "fire"}


def _burns_barricades(tokens: list[Token]) -> bool:
    """"burning tyres", "blockaded the offices with burning barricades", "lighting fires on the road":
    ACLED codes a crowd that burns barricades or tyres as a violent demonstration, wherever it blocks."""
    by_i = {t.i: t for t in tokens}
    for t in tokens:
        if t.lemma.lower() not in ("burn", "burning", "light"):
            continue
        linked = [c for c in tokens if c.head == t.i and c.i != t.i and c.dep in ("dobj", "compound")]
        if t.dep == "amod" and t.head in by_i:
            linked.append(by_i[t.head])
        if any(o.lemma.lower() in BURNT_MATERIAL for o in linked):
            return True
    return False


def _intervention_lemmas(tokens: list[Token]) -> set[str]:
    """Words of intervention said of the crowd, less those that only describe someone else: "supporters
    of the arrested former president", "followers of a cleric who was detained last week" name why the
    crowd came, not what was done to it."""
    by_i = {t.i: t for t in tokens}
    out = set()
    for t in tokens:
        head = by_i.get(t.head)
        if t.dep in ("amod", "relcl", "acl") and head is not None and head.lemma.lower() not in CROWD_REFERENCES:
            continue
        out.add(t.lemma.lower())
    return out & INTERVENTION


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
    """How far from the deed the time hangs: 0 on the trigger's own clause, more on each verb above it
    ("launched a sweep on Monday, hours after rebels attacked on Sunday night": Sunday), 8 on a verb of
    saying, 5 elsewhere."""
    tok = next((t for t in article.tokens if t.start >= time.start and t.end <= time.end), None)
    if tok is None:
        return 5
    chain = _head_chain(article, trig)
    for anc in [tok] + _ancestors(article, tok, 4):
        if anc.i in chain:
            return chain.index(anc.i)
        if anc.lemma.lower() in SPEECH_VERBS and anc.pos == "VERB":
            return 8
    return 5


def _is_background(tokens: list[Token], when: Optional[TimeExpr]) -> bool:
    """Present-perfect summaries without a date ("clashes have been reported since") are background."""
    if when is not None:
        return False
    words = {t.text.lower() for t in tokens}
    return "since" in words or "sporadic" in words or \
        any(_recent_dates_the_report(tokens, t) for t in tokens if t.text.lower() == "recent")


TIME_SPANS = {"week", "month", "day", "year", "time", "period", "past", "hour", "weekend"}
# Prepositions that bring in what a deed answers: its grievance or its cause.
ANSWERED_PREPS = {"against", "over", "about", "following", "after", "to", "for"}
DENOUNCING_VERBS = {"condemn", "denounce", "decry", "mourn", "demand"}


def _recent_dates_the_report(tokens: list[Token], recent: Token) -> bool:
    """"recent clashes have displaced hundreds", "in recent weeks", "abused civilians during recent
    elections": "recent" summarises the sentence's own deeds or their time. Said of what a deed answers
    ("residents protest a recent wave of burglaries", "marched against recent killings", "rioted following
    the killing of guards in a recent raid"), it dates the grievance or the cause, which is earlier than
    the deed itself, so it does not make the deed background."""
    by_i = {t.i: t for t in tokens}
    head = by_i.get(recent.head)
    if head is None or head.lemma.lower() in TIME_SPANS:
        return True
    if head.dep == "dobj" and by_i.get(head.head) is not None and \
            by_i[head.head].lemma.lower() in PROTEST_WORDS | DENOUNCING_VERBS:
        return False
    node = head
    for _ in range(6):
        parent = by_i.get(node.head)
        if parent is None or parent.i == node.i:
            return True
        if node.dep == "pobj" and parent.text.lower() in ANSWERED_PREPS:
            return False
        node = parent
    return True


# Nouns whose places are not where the event happened ("talks in Washington", "the border with X").
OTHER_ANCHORS = {"hospital", "clinic", "morgue", "talk", "negotiation", "meeting", "summit", "conference", "visit", "call", "statement", "border",
                 "request", "embassy", "headquarters", "delegation", "forum", "session", "trip",
                 "agency", "ministry", "media", "broadcaster", "parliament", "government", "minister", "president",
                 # what a crowd protests about, told in its own words: "condemning the aggression on Gaza",
                 # "against the deal ending the war in X", "in solidarity with X"
                 "war", "aggression", "occupation", "solidarity"}
CROWD_SITES = {"embassy", "headquarters", "ministry", "parliament"}
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
    crowd = trig.lemma.lower() in PROTEST_WORDS | CROWD_VERBS
    ranked: list[tuple[tuple, Place]] = []
    unattached: list[Place] = []
    at_home: list[Place] = []  # places that only say where people live ("Gaza residents")
    road_ends: list[Place] = []  # towns a road is named after ("the Oruro-Potosí highway")
    detached: list[Place] = []  # places the parse ties to no event of this sentence
    unattached_units: list[Place] = []  # districts, regions the parse ties to nothing ("clashes were reported in X")
    for p in places:
        ptoks = _place_tokens(tokens, p)
        # A hyphen inside the span ("pro-Kyiv", "Azerbaijani-held") makes it part of a word, not a place; a dash
        # with spaces round it does not ("Dhaka - Mirpur": a city and its quarter, as local papers write them),
        # nor the one that ties an Arabic article to its noun ("El-Wak", "Bir Al-Abd")
        if not ptoks or not _hyphenated_name(p) and any(
                t.text.endswith("-") and not _spaced_dash(article, t) and not _inside_name(ptoks, k)
                or "-" in t.text and t.pos == "ADJ" for k, t in enumerate(ptoks)):
            continue
        head = _phrase_head(_past_inner_possessive(ptoks))
        nxt = _token_by_i(article, ptoks[-1].i + 1)
        if _road_end(article, p):
            road_ends.append(p)
            continue  # "blocked the Oruro-Potosí highway": where the road runs to, not where the crowd stood
        if nxt is not None and nxt.text in ("-", "–") and nxt.start == ptoks[-1].end:
            # "US-affiliated", "Russian-mediated": an adjective, not a place. A spaced dash is no such
            # compound: "Dhaka - Mirpur" names a city and its quarter.
            continue
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
            if parent.lemma.lower() in RESIDENT_NOUNS:
                at_home.append(p)
            detached.append(p)
            continue  # "the Tupiza dead", "Gaza residents": who they are, not where it happened
        if nxt is not None and nxt.lemma.lower() in PEOPLE_NOUNS and nxt.sent == head.sent and \
                nxt.dep != "compound":
            # the same, when the parse hangs the people noun elsewhere ("relatives of the Tupiza dead"); not
            # when that noun only says what a site is for ("outside Kakuma refugee camp": at the camp)
            detached.append(p)
            continue
        if crowd and (_told_as_grievance(article, head, heads) or _backed_in_solidarity(article, trig, p)) and \
                _placed_otherwise(article, tokens, p, places, heads):
            continue  # "protested in X against the arrests in Y": Y is what the crowd protests about
        steps = _steps_to_event(article, head, heads, crowd)
        if steps is None and _sets_the_scene(article, head):
            steps = 2
        if steps is None:
            if p.kind == "populated place":
                unattached.append(p)
            elif p.kind != "country" and not _names_whose(head, parent):
                unattached_units.append(p)
            detached.append(p)
            continue
        if steps < 0:
            detached.append(p)
            continue
        limit = 8 if (locative or p.kind != "country") and p.kind == "populated place" else 5
        if steps > limit:
            detached.append(p)
            continue
        kind_rank = {"populated place": 0, "region": 1, "territory": 2}.get(p.kind, 3)
        if _first_level_unit(p) and not QUARTER_OF_BEFORE.search(article.body[max(0, p.start - 30):p.start]):
            # "in Kolvaro region (Rift, Upper)": a province is named to say where a finer area lies; ACLED codes
            # the finest place written, so a district or locality of the sentence outranks the province
            kind_rank += 0.25
        if p.kind != "country" and (p.latitude is None or _placed_at_a_town_named(p, places)) and \
                not _bare_name_in_a_larger_place(article, p):
            # A name no gazetteer lists is most often a quarter, estate or hamlet inside the town the sentence
            # also names ("in the Flamingo estate of Nakuru"): the town is the place to code. A village is
            # still finer than a province the gazetteer knows.
            kind_rank += 0.5
        if _told_as_countryside(article, p):
            kind_rank = max(kind_rank, 1)  # "the western countryside of Hama": the province round the city
        if _whence(article, head):
            kind_rank += 1  # "residents of Tomatas village blocked the roads in Padcaya": who they are, not where
        if PART_OF.search(article.body[max(0, p.start - 40):p.start]):
            # "in the east of Hays": a part of the town, an area as wide as a district; a district or village
            # the sentence names there is finer ("in Nihm district, in the northeast of Sanaa")
            kind_rank = max(kind_rank, 1)
        elif OUTSIDE_BEFORE.search(article.body[max(0, p.start - 40):p.start]):
            # "a checkpoint outside Kolvaro district center, Upper": at the edge of the town, a short way off, so
            # finer than the province the sentence names; a place told as lying in the sentence is finer still
            kind_rank = 1.1 + kind_rank / 10
        elif _told_as_landmark(article, p, places):
            # "in Nihm district, north of Sanaa", "20 km north of X": X is only the landmark the
            # place is told by, so any other place of the sentence is nearer; still finer than the country
            kind_rank = 2.5 + kind_rank / 10
        ranked.append(((kind_rank, 0 if locative else 1, steps), p))
    if not ranked:
        # A single town in the sentence that the parse does not tie to anything else is still the
        # best guess ("Tupiza spent Wednesday burying the victims of the market, where shells fell").
        # A name no gazetteer lists that places.py put at a town of the sentence is no second place: it lies in
        # that town ("in Kolvaro city, Kolvara Sadar (Upper)")
        towns = [p for p in unattached if not _placed_at_a_town_named(p, places)] or unattached
        told = _told_by_its_landmark(article, unattached_units + unattached, towns)
        if told is not None:
            return [told], "sentence"
        if len({p.name for p in towns}) == 1:
            return towns[:1], "sentence"
        unit = _lone_unattached_unit(article, unattached_units, unattached, places)
        if unit is not None:
            return [unit], "sentence"
        if len({p.name for p in at_home}) == 1 and not unattached:
            # "Kolvaro residents blocked the road": people named by the town they live in, in a sentence that
            # places their deed nowhere else, did it at home; ACLED codes such a report at that town. Not "the
            # Kolvaro dead" or "Kolvaro people", which may be a people as well as a town
            return at_home[:1], "sentence"
        if road_ends and not unattached and not at_home:
            # "blocked the Kolvaro-Kolvara road" and no other place: the road is the only place the report
            # gives, and ACLED codes it at a town it joins; the first, as for a deed told between two places
            return road_ends[:1], "road"
        return [], "sentence"
    ranked = _with_places_they_hold(article, ranked, detached, places)
    ranked = _with_places_told_by_landmarks(article, ranked, detached)
    ranked = _to_containers(article, ranked, places)
    ranked.sort(key=lambda r: r[0])
    first = ranked[0][1]
    chosen = [first] + [p for _, p in ranked[1:] if p.name != first.name and _coordinated(article, tokens, first, p)]
    chosen = _first_ends_of_stretches(article, chosen, [p for _, p in ranked])
    seen, out = set(), []
    for p in chosen:
        if p.name not in seen:
            seen.add(p.name)
            out.append(p)
    return out[:4], "sentence"


def _names_whose(head: Token, parent: Optional[Token]) -> bool:
    """"the Kolvaro County commander": the unit says whose office, not where; "Kolvaro district", "Kolvaro
    area" are the place itself."""
    return head.dep in ("compound", "poss", "amod") and parent is not None and \
        parent.lemma.lower() not in UNIT_WORDS | QUARTER_WORDS | SITE_WORDS


def _lone_unattached_unit(article: Article, units: list[Place], towns: list[Place],
                          places: list[Place]) -> Optional[Place]:
    """"Clashes were reported in Kolvaro district (Upper)": a noun trigger under a report verb leaves the
    sentence's units tied to nothing, yet they still tell where the deed happened, nearer than any place of
    another sentence. A unit written to say where another lies ("Kolvaro (Rift, Upper)") and a province are
    no such place (ACLED codes the finest place written); two finer units of one rank leave the deed unplaced.
    Towns named only after the unit are the landmarks it is told by ("on the border of Y")."""
    held = {id(c) for c in (_container(article, p, places) for p in units) if c is not None}
    finer = [p for p in units if id(p) not in held and not _first_level_unit(p)]
    if not finer:
        return None  # a province alone: the paragraph may name the finer place
    if len({p.name for p in finer}) != 1 or any(t.start < finer[0].start for t in towns):
        return None
    return finer[0]


# "ambushed a bus between X and Y": one deed on the stretch two places bound, not one at each; ACLED codes it at the
# first named (as a road is coded at the first town it joins).
BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
AND_BETWEEN = re.compile(r"^\s+and\s+(?:the\s+)?$", re.I)


def _first_ends_of_stretches(article: Article, chosen: list[Place], ranked: list[Place]) -> list[Place]:
    def bounds(x: Place, y: Place) -> bool:
        return x.sentence == y.sentence and x.end <= y.start and bool(AND_BETWEEN.match(article.body[x.end:y.start])) \
            and bool(BETWEEN_BEFORE.search(article.body[max(0, x.start - 20):x.start]))
    return [next((x for x in ranked if bounds(x, p)), p) for p in chosen]


def _with_places_they_hold(article: Article, ranked: list[tuple[tuple, Place]], detached: list[Place],
                           places: list[Place]) -> list[tuple[tuple, Place]]:
    """A unit named only to say where a finer place lies ("in Kolvaro, Upper province", "Kolvaro town (Rift
    district)") is where the parse often hangs the whole phrase, leaving the finer name tied to nothing. The
    writer named the unit for that place, so the place shares the unit's tie to the event; ACLED codes the most
    specific place named, and _to_containers then ranks it above its unit. A chain ("A village, B township, C
    district") joins link by link."""
    ranked = list(ranked)
    for _ in range(3):
        grown = False
        for p in detached:
            if p.kind == "country" or any(q.name == p.name for _, q in ranked):
                continue
            holder = _container(article, p, places)
            keys = [key for key, q in ranked if holder is not None and q is holder]
            if keys:
                ranked.append((keys[0], p))
                grown = True
        if not grown:
            break
    return ranked


# the gap between a place and the landmark it is told by: "X district west of Y", "X area in the east of Y"
_COMPASS = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
TOLD_BY_LANDMARK = re.compile(rf"(?:\s+[a-z]+)?,?\s+(?:{_COMPASS}\s+of|in\s+the\s+(?:far\s+)?{_COMPASS}(?:ern)?\s+"
                              rf"(?:parts?\s+)?of)\s+(?:the\s+)?", re.I)


def _with_places_told_by_landmarks(article: Article, ranked: list[tuple[tuple, Place]],
                                   detached: list[Place]) -> list[tuple[tuple, Place]]:
    """"air raids were reported on Kolvaro district west of Kolvara city": the parse hangs the phrase on the
    report verb and ties only the landmark to the deed, yet the landmark is named only to find the place written
    before it. That place shares the landmark's tie and, being what the deed struck, ranks finer than it."""
    out = list(ranked)
    for p in detached:
        if p.kind == "country" or any(q.name == p.name for _, q in out):
            continue
        key = next((k for k, q in ranked if _landmark_after(article, p, q)), None)
        if key is not None:
            own = {"populated place": 0, "region": 1}.get(p.kind, 2)
            out.append(((min(own, key[0] - 0.01),) + tuple(key[1:]), p))
    return out


def _told_by_its_landmark(article: Article, loose: list[Place], towns: list[Place]) -> Optional[Place]:
    """The place written just before the sentence's one town when that town is only its landmark ("on Kolvaro
    district west of Kolvara city"): the same reading as _with_places_told_by_landmarks, for a deed the parse
    ties to no place at all."""
    if len({q.name for q in towns}) != 1:
        return None
    return next((p for p in loose for q in towns if p.kind != "country" and _landmark_after(article, p, q)), None)


def _landmark_after(article: Article, p: Place, q: Place) -> bool:
    """q is written after p in its sentence only to find it by ("Kolvaro district west of Kolvara city")."""
    return p.sentence == q.sentence and q.start > p.end and bool(TOLD_BY_LANDMARK.fullmatch(article.body[p.end:q.start]))


def _sets_the_scene(article: Article, head: Token) -> bool:
    """"In Kolvaro, a shoot-out broke out ...": a place fronted before the main verb, set off by a comma, places
    everything its sentence tells, however deep the parse hangs the deed itself."""
    prep = _token_by_i(article, head.head)
    if prep is None or head.dep != "pobj" or prep.text.lower() not in ("in", "at"):
        return False
    root = _token_by_i(article, prep.head)
    if root is None or root.dep != "ROOT" or prep.i > root.i:
        return False
    return any(t.text == "," and t.sent == head.sent for t in tokens_of(article, head) if head.i < t.i < root.i)


COUNTRYSIDE_BEFORE = re.compile(r"\b(?:countryside|hinterland)\s+of\s+(?:the\s+)?$|\brural\s+$", re.I)
COUNTRYSIDE_AFTER = re.compile(r"\s+(?:countryside|hinterland)\b", re.I)


def _told_as_countryside(article: Article, p: Place) -> bool:
    """"the countryside of Hama", "rural Damascus", "Raqqa countryside": the land round a city, as wide as
    a province; any village the sentence names in it is the finer place."""
    return bool(COUNTRYSIDE_BEFORE.search(article.body[max(0, p.start - 40):p.start]) or
                COUNTRYSIDE_AFTER.match(article.body[p.end:p.end + 15]))


def _bare_name_in_a_larger_place(article: Article, p: Place) -> bool:
    """"shot a man in Kolvaro in Aleppo": a bare name told as lying in another place is a settlement of that
    area, which ACLED codes by its own name; a quarter of a town is written with its word ("the Kolvaro estate of
    Nakuru", "Kolvaro area, Dhaka city")."""
    return p.text == p.name and article.body[p.end:p.end + 4] == " in "


def _placed_at_a_town_named(p: Place, places: list[Place]) -> bool:
    """A name no gazetteer lists that read/places.py put at a town its sentence names ("the Kibokoni estate of
    Nakuru"): it has no entry of its own, only that town's coordinates."""
    return p.geonameid is None and p.population == 0 and p.kind == "populated place" and any(
        q is not p and q.geonameid is not None and q.kind == "populated place"
        and (q.latitude, q.longitude) == (p.latitude, p.longitude) for q in places)


CROWD_VERBS = {"demonstrate", "picket", "gather", "chain"}  # a crowd's own words, beside PROTEST_WORDS
# Words that make a name a quarter or a stretch of a town rather than a settlement ("San Roque area", "the
# Las Lomas neighbourhood of Tarija"), and nouns that make it a site ("Rosales Primary School", "the Kantuta
# shopping complex").
QUARTER_WORDS = {"area", "areas", "neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "vicinity",
                 "quarter", "estate"}
SITE_WORDS = {"school", "college", "university", "campus", "market", "complex", "zone", "club", "museum", "mosque",
              "church", "temple", "stadium", "factory", "mill", "station", "office", "hospital", "mall", "police",
              # halls and transport stops, named like any other building ("X Hall", "X Bus Stand", "X Bus Terminal")
              "hall", "stand", "terminal",
              # a plantation, a land port or a border crossing is named after the spot it lies at, which the map
              # seldom has; the unit the report places it in is the place to code ("X Tea Garden, Y upazila")
              "garden", "gardens", "port", "border"}
# "X district center, Y": the town a district is governed from, named after it; the district's own place.
SEAT_WORDS = {"center", "centre", "headquarters", "hq"}
# Words for a part of a town only (unlike "area", said of villages as well).
URBAN_QUARTER_WORDS = {"estate", "neighbourhood", "neighborhood", "suburb", "colonia", "barrio"}
# Latin American news writes a town's quarters after their word ("Colonia Kolvaro", "Barrio Kolvaro"), as English
# writes "the Kolvaro neighbourhood"; ACLED codes them at their town. (Not a Philippine barangay: a rural one is
# a village of its own, and ACLED codes it as such.)
QUARTER_WORD_BEFORE = re.compile(r"\b(?:colonias?|barrios?)\s+$", re.I)
# Words that tell how one place lies from another ("south of", "near"), not that one lies inside the other.
NOT_INSIDE = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "near", "outside",
              "from", "to", "and", "or", "between", "towards", "toward", "via", "on", "at", "with"}
# "A village, B union", "the A area of B district", "A in B", "A upazila (B, C)": the text says A lies inside B
# (when the words between, if any, end in a unit, quarter or site word: "the Pachamama social housing project in
# Sucre" names a project, and a project holds no place). Another spelling may stand in brackets after A ("A (A')
# upazila (B, C)").
INSIDE_GAP = re.compile(r"^(?:\s*\([A-Z][^()]{0,40}\))?((?:\s*[A-Za-z][\w-]*){0,3})"
                        r"\s*(?:,\s*(?:in\s+)?|\(|\bin\s+|\bof\s+|\bunder\s+)(?:the\s+)?$")
ROAD_NAMED_BY = re.compile(r"^(?:\s*[-–]\s*[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,2})?\s+(?i:highway|road|motorway|"
                           r"expressway|railway|bypass)s?\b")


def _road_end(article: Article, p: Place) -> bool:
    """"the Tarija - Bermejo highway", "Potosí Road": a name before a road noun names where the road leads."""
    return bool(ROAD_NAMED_BY.match(article.body[p.end:p.end + 60]))


def _told_as_grievance(article: Article, head: Token, event_heads: set[int]) -> bool:
    """On the way from a place up to a protest, "against", "over" or a verb of protest ("demanding",
    "condemning") makes the place part of the crowd's cause, not where it gathered."""
    cur = head
    for _ in range(16):
        parent = _token_by_i(article, cur.head)
        if parent is None or parent.i == cur.i or parent.i in event_heads:
            return False
        if parent.dep == "prep" and parent.text.lower() in ("against", "over", "about") or \
                parent.pos == "VERB" and parent.lemma.lower() in PROTEST_PURPOSES:
            return True
        cur = parent
    return False


SOLIDARITY_WITH = re.compile(r"\bin\s+solidarity\s+with\b", re.I)


def _backed_in_solidarity(article: Article, trig: Token, p: Place) -> bool:
    """"rallied in X in solidarity with the strikers in Y": a crowd backing people elsewhere names their place
    after "in solidarity with"; the crowd gathered where the words before the phrase put it. The parse seldom
    hangs the place under "solidarity", so the words decide."""
    gap = article.body[trig.end:p.start]
    return trig.end <= p.start and "." not in gap and bool(SOLIDARITY_WITH.search(gap))


def _placed_otherwise(article: Article, tokens: list[Token], p: Place, places: list[Place],
                      heads: set[int]) -> bool:
    """Another place of the sentence lies outside the crowd's cause; when none does, the crowd protests about
    its own town ("a protest against delays of the new bridge in Tarija")."""
    for q in places:
        toks = [t for t in tokens if t.start >= q.start and t.end <= q.end]
        if q is not p and q.kind != "country" and toks and not _road_end(article, q) and \
                not _told_as_grievance(article, _phrase_head(toks), heads):
            return True
    return False


def _told_as_landmark(article: Article, p: Place, places: list[Place]) -> bool:
    """"north of X", "outside X", and the units bracketed after such a landmark ("west of Kolvaro city (Kolvaro)"):
    the brackets only tell where the landmark lies, and so are no nearer the deed than the landmark itself."""
    if _told_relative_to(article, p):
        return True
    landmark = next((q for q in places if q.sentence == p.sentence and q.end <= p.start and
                     LANDMARK_BRACKET.fullmatch(article.body[q.end:p.start])), None)
    return landmark is not None and _told_relative_to(article, landmark)


def _told_relative_to(article: Article, p: Place) -> bool:
    """"north of X", "outside X": X is a landmark, not where the deed was."""
    return bool(RELATIVE_TO.search(article.body[max(0, p.start - 40):p.start]))


OUTSIDE_BEFORE = re.compile(r"\boutside(?:\s+of)?\s+(?:the\s+)?$", re.I)
# the gap between a landmark and the first unit bracketed after it: its unit word, then the bracket
LANDMARK_BRACKET = re.compile(r"(?:\s+[a-z]+)?\s*\([^()]*")


def _container(article: Article, p: Place, places: list[Place]) -> Optional[Place]:
    """The place the text says p lies in: the next one, joined by a comma, "in", "of" or a bracket, with at
    most a unit word or two between ("Tomatas village, Cercado province"). A bracket round one name alone
    gives another spelling, not a larger place ("Villazón (Villazon)")."""
    later = [q for q in places if q.sentence == p.sentence and q.start >= p.end]
    if not later or p.kind == "country":
        return None  # "southern Bolivia (Yunchará, Tarija)": the bracket tells where in the country
    if _told_relative_to(article, p):
        return None  # "30 km north of Tarija in Uriondo province": the province holds the deed, not the landmark
    q = min(later, key=lambda x: x.start)
    gap = article.body[p.end:q.start]
    m = INSIDE_GAP.match(gap)
    words = m.group(1).lower().split() if m else []
    if not m or q.name == p.name or set(words) & NOT_INSIDE:
        return None
    if words and words[-1] not in UNIT_WORDS | QUARTER_WORDS | SITE_WORDS | SEAT_WORDS:
        return None  # "Saheb Bazar area of X" holds; "the Kantuta Road in X" is a street, no place
    if gap.rstrip().endswith("(") and article.body[q.end:q.end + 1] == ")":
        return None
    if gap.strip() == "," and _listed(article, p, places):
        return None  # "in Tupiza, Uyuni, Sucre and Tarija": a list of places, each beside the next
    return q


def _listed(article: Article, p: Place, places: list[Place]) -> bool:
    """p opens a run of names joined by commas that ends in "and" or "or"."""
    run = sorted((q for q in places if q.sentence == p.sentence and q.start >= p.end), key=lambda x: x.start)
    end = p.end
    for q in run:
        gap = article.body[end:q.start]
        if re.fullmatch(r"\s*,?\s*(?:and|or)\s+", gap):
            return True
        if gap.strip() != ",":
            return False
        end = q.end
    return False


def _stands_for_container(article: Article, p: Place, q: Place) -> bool:
    """ACLED codes a site at the town or unit that holds it ("a sit-in at Rosales Primary School, Uyuni
    municipality": Uyuni), unless the site bears the name of a settlement the gazetteer knows there ("Tupiza
    Technical College in Sud Chichas province": Tupiza). A quarter of a town is coded to the town (its own name
    only joins the town's, "Tarija - San Roque"), and so is an area told as part of a unit ("the San Roque area
    of Cercado province"); a bracket after an area only gives the units round it, to find it by ("Lajas area
    (Cercado, Tarija)"): such an area is a village, coded as itself."""
    words = re.findall(r"[a-z]+", article.body[p.start:q.start].lower())[-4:]
    if set(words) & URBAN_QUARTER_WORDS and _a_town(article, q):
        # "Kiganjo estate, Thika", "Dallas estate in Embu town": an estate or a neighbourhood of a town is a part
        # of it, whatever village elsewhere shares its name
        return True
    if _settlement_named(p):
        return False  # "Tupiza Technical College", "Tomatas area": named after a town that is on the map itself
    if set(words) & SITE_WORDS:
        # "a rally outside the Kolvaro Press Club (Kolvara, Upper)": a bracket after a site only gives the units
        # round it, to find it by; the site's own name says the town it serves, finer than those units, when the
        # map lacks that town and the site is not named after the unit itself ("Kolvara Press Club (Kolvara Sadar)")
        bracketed = article.body[p.end:q.start].rstrip().endswith("(")
        return not (bracketed and p.geo_precision >= 2 and not _named_after(p, q))
    if not set(words) & QUARTER_WORDS or _told_as_countryside(article, q):
        # "the Kolvaro area in the Hama countryside": land outside the city, so no quarter of it; an area of the
        # countryside is a locality of its own
        return False
    if _a_province(article, q) and not _told_as_part_of(article, p, q):
        return False  # "the Kolvaro area in Upper province": a locality of its own, far finer than the province
    bracketed = article.body[p.end:q.start].rstrip().endswith("(")
    return _a_town(article, q) or not bracketed


def _named_after(p: Place, q: Place) -> bool:
    """The site p bears the first word of the unit q's name ("Kolvara Press Club", "Kolvara Sadar")."""
    unit = _fold(q.text).split()
    return bool(unit) and unit[0] in _fold(p.name).split()


def _told_as_part_of(article: Article, p: Place, q: Place) -> bool:
    """"the Kolvaro area of Kolvara" makes the area a part of a place (a city often shares its province's name);
    "the Kolvaro area in Kolvara" or "Kolvaro area, Kolvara" only tells what holds it."""
    return bool(re.search(r"\bof\s+(?:the\s+)?$", article.body[p.end:q.start]))


def _a_province(article: Article, q: Place) -> bool:
    """A first-level unit (a governorate, a state): an area told there is no quarter of a town, but a locality ACLED
    codes by its own name, the finest place the report gives (ACLED codes a province only when nothing finer is
    written)."""
    return _first_level_unit(q) and not _a_town(article, q)


# "the Kolvaro area of Kolvara": a part of a city, often written by a name it shares with its province.
QUARTER_OF_BEFORE = re.compile(r"\b(?:areas?|neighbou?rhoods?|quarters?|suburbs?)\s+of\s+(?:the\s+)?$", re.I)


def _first_level_unit(q: Place) -> bool:
    """A province, state or governorate: a region the gazetteer places no finer than its first level."""
    return q.kind == "region" and q.geo_precision >= 3


def _whence(article: Article, head: Token) -> bool:
    """A place that only says where people come from: "residents of X", "villagers from X"."""
    prep = _token_by_i(article, head.head)
    if prep is not None and head.dep == "compound" and prep.lemma.lower() in UNIT_WORDS:
        head, prep = prep, _token_by_i(article, prep.head)  # "residents of Tomatas village"
    if prep is None or prep.dep != "prep" or prep.text.lower() not in ("of", "from") or head.dep == "compound":
        return False
    people = _token_by_i(article, prep.head)
    if people is None:
        return False
    if prep.text.lower() == "from" and people.pos in ("NOUN", "PROPN") and people.ent_type not in _PLACE_ENTS and \
            people.lemma.lower() not in _NO_GROUP_WORDS:
        # "riders from X", "militants from X", "a delegation from X": where a group comes from, not where it acted
        # (not "50 km from X", which places the deed by X, nor "the road from X")
        return True
    return people.lemma.lower() in PEOPLE_NOUNS


# Units a distance is told in ("50 km from X"): the place is a landmark the deed is placed by.
DISTANCE_WORDS = {"km", "kilometre", "kilometer", "kilometres", "kilometers", "mile", "metre", "meter", "m", "way",
                  "road", "highway", "route", "distance"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}


def _settlement_named(p: Place) -> bool:
    """The gazetteer's settlement is the one the text names, not a loose match for a longer name."""
    return p.kind == "populated place" and p.geonameid is not None and _fold(p.name) in _fold(p.text)


def _a_town(article: Article, q: Place) -> bool:
    return q.kind == "populated place" or bool(re.match(r"\s+(?:town|city)\b", article.body[q.end:q.end + 6], re.I))


def _to_containers(article: Article, ranked: list[tuple[tuple, Place]], places: list[Place]) -> list:
    """Hand the rank of a quarter or a site to the place the text says holds it."""
    held = [[key, _town_of_quarter(article, p, places) or _bracketed_landmark(article, p, places) or
             _town_round_an_unmapped_village(article, p, places) or _holder(article, p, places)] for key, p in ranked]
    for _ in range(3):  # a chain "A village, B municipality, C province" settles in as many passes as it has links
        for inner in held:
            outer = [h for h in held if h[1] is not inner[1] and _container(article, inner[1], places) is h[1]]
            for h in outer:
                # a place named only to say where a finer one lies ("targeted Villazón town in Potosí
                # department") never outranks that finer one, whatever preposition it carries: ACLED codes the
                # finest place; the pair keeps the better of the two ranks
                inner[0] = min(inner[0], h[0])
                h[0] = max(h[0], (inner[0][0], inner[0][1], inner[0][2] + 0.5))
    return [tuple(h) for h in held]


# Reports pin a place down by writing its units in brackets right after it ("Kolvaro town (Rift district, Upper
# province)"). A village told in or near such a town without brackets of its own ("Kolvara village near Kolvaro
# town (Rift, Upper)") is a spot the writer could only place by that town: the town is the place located, and
# the one ACLED codes. Not "in X, Y (Z)": there Y is as often the district X lies in, named after its seat.
UNITS_BRACKETED = re.compile(r"^(?:\s+[a-z]+)?\s*\(\s*[A-Z]")
LIES_IN_OR_BY = re.compile(r"^(?:\s+(?!(?:and|or|to|from|between|via)\b)[A-Za-z]+){0,2}\s*(?:,\s*)?"
                           r"\b(?:in|of|near|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+"
                           r"(?:the\s+)?$", re.I)


def _bracketed_landmark(article: Article, p: Place, places: list[Place]) -> Optional[Place]:
    """The town right after p that the text places by its bracketed units, when p has none (see above)."""
    if p.kind != "populated place" or UNITS_BRACKETED.match(article.body[p.end:p.end + 30]):
        return None
    later = [q for q in places if q.sentence == p.sentence and q.start >= p.end]
    if not later:
        return None
    q = min(later, key=lambda x: x.start)
    gap = article.body[p.end:q.start]
    if q.kind != "populated place" or q.name == p.name or "," in gap.strip(", ") or not LIES_IN_OR_BY.match(gap):
        return None
    return q if UNITS_BRACKETED.match(article.body[q.end:q.end + 30]) else None


# "in Kolvaro in rural Kolvara": "rural" before a town's name makes it the countryside that town governs.
IN_RURAL = re.compile(r"^(?:\s+villages?)?,?\s+in\s+(?:the\s+)?rural\s+$", re.I)


def _town_round_an_unmapped_village(article: Article, p: Place, places: list[Place]) -> Optional[Place]:
    """A village no gazetteer lists, told as lying in the countryside of the small town right after it ("in Kolvaro
    in rural Kolvara"): ACLED codes the finest place its map knows, which is that town (as in _unmapped_in_unit). A
    village the map has keeps its own name."""
    if p.geonameid is not None or p.kind != "populated place":
        return None
    later = [q for q in places if q.sentence == p.sentence and q.start >= p.end]
    if not later:
        return None
    q = min(later, key=lambda x: x.start)
    if q.kind != "populated place" or q.name == p.name or not IN_RURAL.match(article.body[p.end:q.start]):
        return None
    return None if _seat_of_a_province(q) else q


def _seat_of_a_province(q: Place) -> bool:
    """"rural Idlib", "rural Damascus": the countryside of a city, or of a town its province is named after, is the
    province round it (see _told_as_countryside), as wide as a region; a village told there is the finer place."""
    return q.population >= 50000 or bool(q.admin1) and _fold(q.admin1) == _fold(q.name)


def _town_of_quarter(article: Article, p: Place, places: list[Place]) -> Optional[Place]:
    """"In Villazón, Potosí, a shoot-out was reported in Las Lomas neighbourhood": a neighbourhood told with
    no holder of its own lies in the town its sentence opened with. ACLED codes a quarter at its town (a big
    city's quarter only joins the city's name, "La Paz-Sopocachi")."""
    if not _told_as_a_quarter(article, p) or _container(article, p, places):
        return None
    before = [q for q in places if q.sentence == p.sentence and q.end <= p.start and q.kind != "country"
              and not _told_as_a_quarter(article, q)]
    towns = [q for q in before if q.kind == "populated place"]
    return (towns or before or [None])[-1]


def _told_as_a_quarter(article: Article, p: Place) -> bool:
    """"the Kolvaro neighbourhood", "Barrio Kolvaro", "in Colonia Kolvaro" (see QUARTER_WORD_BEFORE)."""
    own_first_word = p.text.split()[0] + " " if p.text.split() else ""
    return bool(re.match(r"\s+neighbou?rhoods?\b", article.body[p.end:p.end + 16], re.I) or
                QUARTER_WORD_BEFORE.search(article.body[max(0, p.start - 12):p.start]) or
                QUARTER_WORD_BEFORE.fullmatch(own_first_word))


def _holder(article: Article, p: Place, places: list[Place]) -> Place:
    """The place to code for p: p itself, else the first place up its chain of holders that is neither a
    quarter, a site nor a village missing from the map ("San Roque area, Tupiza town (Sud Chichas, Potosí)":
    Tupiza)."""
    for _ in range(4):
        q = _container(article, p, places)
        if q is None or q.kind == "country":
            return p
        if not (_stands_for_container(article, p, q) or _unmapped_in_unit(article, p, q)):
            return p
        p = q
    return p


# The smallest units of South Asian administration: a village no gazetteer lists is coded by ACLED at the
# upazila, union or police station the report places it in ("Kolvaro village, Tarabari upazila": Tarabari); a
# town or union in an upazila keeps its own name. Elsewhere ACLED codes an unlisted village at the district,
# commune, municipality, constituency, named area or town the report places it in ("Kolvaro village, Samraong
# commune", "the Kolvaro village of Ghorband district"), the finest place its own map knows; a village in a
# county, tehsil or province keeps its own name, a unit too wide to stand for it.
# South Asian reports may give a unit's other spelling in brackets before its level word ("Kolbari (Kolbary)
# upazila"); the level word is still the unit's.
OTHER_SPELLING = r"(?:\s\([^(),;]{1,30}\))?"
LOCAL_UNITS = re.compile(r"^[^,;()]*?" + OTHER_SPELLING + r"\s(?:sadar\s+)?(?:upazila|union|police\s+station|thana)s?\b",
                         re.I)
SMALL_UNITS = re.compile(r"^[^,;()]*?\s(?:district|commune|area|constituency|division|municipality|town|city)s?\b",
                         re.I)
TOLD_AS_VILLAGE = re.compile(r"^[^,;()]*?\svillages?\b", re.I)


def _unmapped_in_unit(article: Article, p: Place, q: Place) -> bool:
    """A village no gazetteer lists, told as lying in a local unit or a town: ACLED codes the finest place its
    map knows, which is that unit or town (see above)."""
    if p.geonameid is not None or p.kind != "populated place" or p.iso != q.iso:
        return False  # a unit the gazetteer matched to a namesake abroad holds no village of this country
    if not TOLD_AS_VILLAGE.match(article.body[p.start:p.end + 10]):
        return False
    told = article.body[q.start:q.end + 30]
    return bool(LOCAL_UNITS.match(told) or SMALL_UNITS.match(told))


# Transliterated Arabic writes the article joined to its noun by a hyphen ("El-Wak", "Al-Bab", "Ras Al-Ain"):
# the articles are places.ARABIC_ARTICLES.


def _hyphenated_name(p: Place) -> bool:
    """Capitalised words joined by a hyphen that the gazetteer read as one name ("Xalapa-Enriquez",
    "Issele-Azagba"), not as one of the two places a compound pairs ("the Kenya-Somalia border")."""
    joined = re.findall(r"\b([A-Z][\w'’]*)-([A-Z][\w'’]*)\b", p.text)
    if p.geonameid is None and p.latitude is None:
        # a name no gazetteer lists, read whole as one village ("near Kolvaro-Dubove"): double names are common
        # in Slavic and Somali villages; two places a compound pairs are each names the gazetteer knows, and
        # read/places.py reads those apart
        return bool(joined) and p.kind == "populated place" and _fold(p.name) == _fold(p.text)
    return p.geonameid is not None and bool(joined) and \
        not any(_fold(p.name) in (_fold(a), _fold(b)) for a, b in joined)


# Persian, Dari and Bengali names join their words by an ezafe "e" or "i" written between hyphens
# ("Nawa-e Barakzayi", "Mazar-i-Sharif", "Sher-e-Bangla Nagar").
EZAFE = {"e", "i", "ye", "yi"}
NAME_LINKS = set(ARABIC_ARTICLES) | EZAFE | {"esh", "ech"}  # "Busra esh-Sham", "Deir-ez-Zor"


def _inside_name(toks: list[Token], k: int) -> bool:
    """The hyphen after an Arabic article, or on either side of an ezafe, inside a name."""
    if toks[k].text != "-" or not 0 < k < len(toks) - 1:
        return False
    before, after = toks[k - 1].text, toks[k + 1].text
    return before.lower() in NAME_LINKS and after[:1].isupper() or \
        before[:1].isupper() and after.lower() in NAME_LINKS


def _spaced_dash(article: Article, tok: Token) -> bool:
    return tok.text in ("-", "–") and article.body[tok.start - 1:tok.start].isspace() and \
        article.body[tok.end:tok.end + 1].isspace()


PEOPLE_NOUNS = {"dead", "resident", "victim", "people", "family", "fighter", "official", "citizen", "villager",
                "refugee", "survivor", "relative", "voter", "worker", "native", "community", "population",
                "diaspora", "authority", "leader", "team", "club", "fan", "student", "mayor", "governor"}
# People named by the place they live or study in: "Kolvaro residents", "Kolvaro students".
RESIDENT_NOUNS = {"resident", "villager", "inhabitant", "native", "student"}
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
    ha, hb = _place_head(tokens, a), _place_head(tokens, b)
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


def _steps_to_event(article: Article, head: Token, event_heads: set[int], crowd: bool = False) -> Optional[int]:
    """Steps from a place up to the event's clause; -1 when another anchor comes first (the talks, a
    hospital, a border), None when the path never reaches the event. A crowd gathers at the very buildings
    that elsewhere only speak ("marched to the regional headquarters in X", "outside the embassy in Y")."""
    cur, step = head, 0
    for _ in range(16):
        parent = _token_by_i(article, cur.head)
        if parent is None or parent.i == cur.i:
            return None
        if not _inside_noun_phrase(cur, parent):
            step += 1
        if parent.i in event_heads:
            return max(step, 1)
        if parent.pos == "VERB" and _carries_to_care(tokens_of(article, parent), parent):
            return -1  # "taken to hospital in X": where the wounded went, not where it happened
        lemma = parent.lemma.lower()
        if lemma in OTHER_ANCHORS and parent.pos in ("NOUN", "PROPN") and not (crowd and lemma in CROWD_SITES) or \
                lemma in ANCHOR_VERBS and parent.pos == "VERB":
            return -1
        if parent.text.lower() == "with" and cur.dep == "pobj":
            grand = _token_by_i(article, parent.head)
            if grand is not None and grand.lemma.lower() == "border":
                return -1
        cur = parent
    return None


def _inside_noun_phrase(child: Token, parent: Token) -> bool:
    """A hop that stays inside one noun phrase ("the positions of the forces of X"): a preposition's
    object, or a preposition or name hanging on a noun. Such hops do not take a place further from
    the event than the phrase itself is."""
    if child.dep == "pobj":
        return True
    return child.dep in ("prep", "compound", "appos", "conj") and parent.pos in ("NOUN", "PROPN")


def _locative_prep(article: Article, head: Token) -> bool:
    parent = _token_by_i(article, head.head)
    if parent is not None and head.dep == "compound" and parent.lemma.lower() in UNIT_WORDS:
        return _locative_prep(article, parent)  # "in Tupiza municipality": the unit word carries the preposition
    if parent is not None and parent.dep == "prep" and parent.text.lower() == "of":
        # "in the town of X", "on the outskirts of X": the noun names X's area, and its own preposition counts;
        # not when the area has a name of its own ("in Cukurca district of Hakkari": X is only where it lies)
        area = _token_by_i(article, parent.head)
        if area is not None and area.lemma.lower() in AREA_NOUNS and not any(
                t.head == area.i and t.pos == "PROPN" for t in tokens_of(article, area)):
            return _locative_prep(article, area)
    return bool(parent and parent.dep == "prep" and parent.text.lower() in LOCATIVE_PREPS)


# The words news and ACLED notes put after a place's name to say what kind of unit it is.
UNIT_WORDS = {"village", "town", "city", "municipality", "union", "upazila", "district", "subdistrict", "county",
              "subcounty", "constituency", "ward", "division", "province", "region", "state", "governorate",
              "locality", "commune", "prefecture", "department", "lga", "tehsil", "sector", "camp"}
AREA_NOUNS = {"town", "village", "city", "region", "district", "area", "province", "county", "state", "outskirts",
              "suburb", "centre", "center", "heart", "neighbourhood", "neighborhood", "municipality", "locality"}
# Nouns before "from X" that are no group coming from X.
_NO_GROUP_WORDS = UNIT_WORDS | AREA_NOUNS | DISTANCE_WORDS | SITE_WORDS


# "in the east of X", "in the northern part of X": a part of X, so inside it (not "east of X", "20 km north of
# X", which lie outside it).
PART_OF = re.compile(r"\bin\s+the\s+(?:far\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east|"
                     r"south-?west)(?:ern)?\s+(?:parts?\s+)?of\s+(?:the\s+)?$", re.I)
RELATIVE_TO = re.compile(r"(?:\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of|"
                         r"\boutside(?:\s+of)?)\s+(?:the\s+)?$", re.I)
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
            local = _local_places(article, ctx.places(j))
            if local:
                # "Riders from X rode to Y. They stoned him.": the later deed is where the group went, not whence
                return next((p for p in local if not _told_as_whence(article, p)), local[0])
        soil = _own_soil(article, j)
        if soil is not None:
            return soil
    return ctx.main_place


def _told_as_whence(article: Article, p: Place) -> bool:
    head = _place_head(article.tokens, p)
    return head is not None and _whence(article, head)


def _local_places(article: Article, places: list[Place]) -> list[Place]:
    """A sentence's places below the country, each as the place to code for it (a quarter or a site gives
    way to the place said to hold it), road ends and reference points left out."""
    return [_holder(article, p, places) for p in places if p.kind != "country" and not _road_end(article, p)
            and not REFERENCE_POINT.search(article.body[max(0, p.start - 40):p.start])]


def _place_told_next(article: Article, index: int, ctx: _ArticleContext) -> Optional[Place]:
    """A crowd named first and placed in the next sentence of its paragraph ("Supporters protested
    against the remarks. The protesters burnt tyres in X.")."""
    para = article.sentences[index].paragraph
    for j in range(index + 1, min(len(article.sentences), index + 3)):
        if article.sentences[j].paragraph != para:
            break
        local = [p for p in ctx.places(j) if p.kind != "country"
                 and not REFERENCE_POINT.search(article.body[max(0, p.start - 40):p.start])]
        if local:
            return local[0]
    return None


# Incident logs give an item's place as a field after its story ("... LOCATION: X, Y District"): the field says
# where every deed told before it in the item happened, however many sentences away.
LOCATION_FIELD = re.compile(r"\b(?:locations?|venue)\s*:\s*$", re.I)


def _place_in_a_location_field(article: Article, index: int, ctx: _ArticleContext) -> Optional[Place]:
    para = article.sentences[index].paragraph
    for j in range(index + 1, len(article.sentences)):
        if article.sentences[j].paragraph != para:
            break
        field = [p for p in ctx.places(j) if p.kind != "country" and
                 LOCATION_FIELD.search(article.body[max(0, p.start - 20):p.start])]
        if field:
            return field[0]
    return None


def _country_fallback(article: Article, index: int, ctx: _ArticleContext) -> Optional[Place]:
    """Nothing finer: the country the sentence names, else the article's one country (ACLED precision 3).

    ACLED codes the finest place a report gives, so a town still comes first: one the sentence names though its
    parse hangs it on something else ("left 5 dead at the border with Y near X"), or, when the sentence names
    none, the place the next sentences of its paragraph give ("Gunmen killed three. The attack was in X.")."""
    own = [p for p in ctx.places(index) if p.kind != "country" and p.latitude is not None
           and not REFERENCE_POINT.search(article.body[max(0, p.start - 40):p.start])]
    if own:
        return _holder(article, own[0], ctx.places(index))  # a site or a quarter gives way to what holds it
    told_next = _place_told_next(article, index, ctx)
    named = {p.iso for p in ctx.places(index) if p.kind == "country" and not _direction_only(article, p)}
    if told_next is not None and (not named or told_next.iso in named):
        return told_next
    countries = _unless_only_directions(article, [p for p in ctx.places(index) if p.kind == "country"])
    if not countries:
        # the article's one country, a direction told beside it left out ("troops from X" in a report set at home)
        located = _unless_only_directions(article, [p for p in article.places if p.iso])
        if len({p.iso for p in located}) == 1:
            countries = [p for p in located if p.kind == "country"][:1] or located[:1]
    if not countries:
        return None
    p = countries[0]
    if p.kind == "country":
        return p
    return Place(p.article_id, p.start, p.end, p.text, p.sentence, name=p.country or p.name, country=p.country,
                 iso=p.iso, iso3=p.iso3, kind="country", geo_precision=3)


# Words before a country that make it where people came from or went, not where the deed was done.
DIRECTION_BEFORE = re.compile(r"\b(?:from|to|into|towards?)\s+(?:the\s+)?$", re.I)
BASED_IN = re.compile(r"^-\s*based\b", re.I)
NAME_GOES_ON = re.compile(r"^ [A-Z][a-z]")


def _direction_only(article: Article, p: Place) -> bool:
    """"raiders from X", "fled into X", "an X-based group", "the road to X", "the X road": a neighbour named as
    a way in or out. News English places a deed with "in", "at" or "near"; a country behind "from" or "to" is
    where the doers came from or went, so it neither places the deed nor outranks the home place told beside."""
    after = article.body[p.end:p.end + 12]
    if _road_end(article, p) or BASED_IN.match(after):
        return True
    if NAME_GOES_ON.match(after):
        return False  # "an amendment to the Kenya Media Act": the country opens a longer name, no way anywhere
    return bool(DIRECTION_BEFORE.search(article.body[max(0, p.start - 30):p.start]))


def _unless_only_directions(article: Article, places: list[Place]) -> list[Place]:
    """The places told as more than a direction; all of them when each is one (a country the report names only
    as whence still says more than none, and an event is never dropped for it)."""
    placed = [p for p in places if not _direction_only(article, p)]
    return placed or places


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
    return set(_head_chain(article, trig))


def _head_chain(article: Article, trig: Token) -> list[int]:
    """The trigger's event heads in order, the trigger first: how far up a party is attached matters
    ("X launched a sweep after Y attacked the post": Y, the subject nearest the attack, did it)."""
    chain = [trig.i]
    cur = trig
    for _ in range(3):
        parent = _token_by_i(article, cur.head)
        if parent is None or parent.i == cur.i or cur.dep not in CLIMB_DEPS:
            break
        if parent.lemma.lower() in ACCUSE | {"say", "report", "claim", "state", "tell"}:
            break
        chain.append(parent.i)
        cur = parent
    return chain


# Outcomes whose grammatical subject is the one who suffered: "three guards died", "the soldier's death".
SUFFERED = {"die", "dead", "death", "perish", "casualty", "succumb"}
# Event nouns whose "of" names who did it ("the attack of the rebels"); for the others it names the
# victim ("the killing of two drivers", "the abduction of a teacher").
# Verbs and nouns of fighting between two sides: "X clashed with Y", "a clash between X and Y",
# "X and Y exchanged fire" name the other side where other events name the means ("with mortars").
RECIPROCAL = {"clash", "fight", "battle", "skirmish", "exchange", "engage", "confront", "confrontation",
              "firefight", "gunfight", "shootout", "scuffle"}
AGENTIVE_NOUNS = {"attack", "offensive", "assault", "raid", "advance", "incursion", "fire", "gunfire", "ambush"}
# Prepositions that aim the deed at someone, wherever the parse hangs them.
TARGET_PREPS = {"against", "on", "at", "upon", "targeting", "toward", "towards", "into"}
# Prepositions that never lead to the one acted on: the means, the author, the time or the cause.
NOT_TARGET_PREPS = {"with", "by", "from", "during", "after", "before", "since", "for", "amid", "despite", "via"}
INSTRUMENT_PREPS = {"with", "using"}
TARGET_PATH_DEPS = {"pobj", "prep", "dobj", "conj", "appos", "compound", "nmod", "acl"}


def _role_anchor(article: Article, head: Token, heads: set[int]) -> Token:
    """The word that stands for a party in the clause: "the positions of X", "the Guard's post",
    "a drone belonging to X" hold X, and it is the holder that the event reaches."""
    cur = head
    for _ in range(3):
        parent = _token_by_i(article, cur.head)
        if parent is None or parent.i == cur.i or parent.i in heads:
            break
        if cur.dep == "poss" and parent.pos in ("NOUN", "PROPN"):
            cur = parent
            continue
        if cur.dep != "pobj" or parent.dep != "prep" or parent.text.lower() not in ("of", "to"):
            break
        holder = _token_by_i(article, parent.head)
        if holder is not None and parent.text.lower() == "to":
            holder = _token_by_i(article, holder.head) if holder.lemma.lower() == "belong" else None
        if holder is None or holder.i in heads or holder.pos not in ("NOUN", "PROPN"):
            break
        cur = holder
    return cur


def _is_target(article: Article, tok: Token, heads: set[int]) -> bool:
    """Whether ``tok`` is what the event hit: its object, or a noun under an aiming preposition on the
    way up to it, also when the parse hangs the preposition on the weapon ("fired mortars at X") or the
    object is carried ("struck a pickup carrying members of X")."""
    cur, aimed = tok, False
    for _ in range(8):
        parent = _token_by_i(article, cur.head)
        if parent is None or parent.i == cur.i:
            return False
        if cur.dep == "pobj" and parent.dep == "prep":
            word = parent.text.lower()
            if word in NOT_TARGET_PREPS and not (aimed and word in INSTRUMENT_PREPS):
                # ("fired with rifles on the positions of X": the parse hangs the aim on the weapon)
                return False
            aimed = aimed or word in TARGET_PREPS
        if parent.i in heads:
            return cur.dep in ("dobj", "nsubjpass") or (cur.dep == "prep" and aimed)
        if cur.dep not in TARGET_PATH_DEPS:
            return False
        cur = parent
    return False


def _other_side(article: Article, anchor: Token, heads: set[int]) -> bool:
    """Whether a party is the other side of a fight: the object of "with" or "between" on the fight
    itself, or the second of two parties "between" it names."""
    parent = _token_by_i(article, anchor.head)
    if anchor.dep == "conj" and parent is not None:
        # "between X and Y": Y; "X and Y exchanged fire": Y; "the forces of X and Y clashed": Y
        first = parent
        for _ in range(3):
            up = _token_by_i(article, first.head)
            if first.dep != "pobj" or up is None or up.text.lower() != "of":
                break
            first = _token_by_i(article, up.head) or first
        above = _token_by_i(article, first.head)
        return (first.dep == "pobj" and above is not None and above.text.lower() == "between"
                and above.head in heads) or (first.dep == "nsubj" and first.head in heads)
    return (anchor.dep == "pobj" and parent is not None and parent.text.lower() == "with"
            and parent.head in heads)


def _speaker(article: Article, head: Token, heads: set[int]) -> bool:
    """"Relatives and the Front said ...", "the ministry blamed ...": who tells or accuses, not who did it."""
    cur = head
    for _ in range(4):
        if cur.dep != "conj":
            break
        parent = _token_by_i(article, cur.head)
        if parent is None or parent.i == cur.i:
            break
        cur = parent
    verb = _token_by_i(article, cur.head)
    return cur.dep == "nsubj" and verb is not None and verb.i not in heads and \
        verb.lemma.lower() in SPEECH_VERBS | ACCUSE | {"allege", "confirm"}


def _blamed_for(article: Article, head: Token, trig: Token) -> bool:
    """"the killing, which the government blamed on X", "X was blamed for the attack": X as accused."""
    parent = _token_by_i(article, head.head)
    if parent is None:
        return False
    if head.dep == "nsubjpass" and parent.lemma.lower() in ACCUSE:
        return True
    verb = _token_by_i(article, parent.head) if head.dep == "pobj" and parent.text.lower() == "on" else None
    return verb is not None and verb.lemma.lower() == "blame" and (
        _governs(article, verb, trig) or _governs(article, trig, verb))


def _acted_on_elsewhere(article: Article, actor: Actor) -> bool:
    """The party is the object of another deed of the sentence ("as the army pressed an offensive against
    insurgents"): no author of this one by default."""
    toks = _actor_tokens(article, actor)
    if not toks:
        return False
    anchor = _role_anchor(article, _phrase_head(toks), set())
    parent = _token_by_i(article, anchor.head)
    if anchor.dep in ("dobj", "nsubjpass"):
        return True
    return anchor.dep == "pobj" and parent is not None and parent.text.lower() in TARGET_PREPS


def _roles(article: Article, tokens: list[Token], trig: Token, actors: list[Actor], event_type: str):
    """actor1 acts, actor2 is acted on: from the dependency parse, with order as a fallback."""
    chain = _head_chain(article, trig)
    heads = set(chain)
    suffered = trig.lemma.lower() in SUFFERED
    reciprocal = any((_token_by_i(article, h) or trig).lemma.lower() in RECIPROCAL for h in heads)
    agent, patient, other = [], [], []
    subject_depth: dict[str, int] = {}  # a party that is the subject of a head: how far above the trigger
    for actor in actors:
        toks = _actor_tokens(article, actor)
        if not toks:
            continue
        head = _phrase_head(toks)
        if _speaker(article, head, heads):
            continue  # the ministry that reports or blames is not the author
        anchor = _role_anchor(article, head, heads)
        parent = _token_by_i(article, anchor.head)
        grand = _token_by_i(article, parent.head) if parent else None
        if trig.i in {t.i for t in toks}:
            agent.append(actor)  # "Azerbaijani artillery", "the army's shelling"
        elif suffered and anchor.head in heads and anchor.dep in ("nsubj", "poss", "compound", "amod", "nmod"):
            patient.append(actor)  # "three guardsmen died", "the soldier's death"
        elif anchor.head in heads and anchor.dep in ("nsubj", "poss", "amod", "compound", "nmod", "npadvmod"):
            agent.append(actor)
            if anchor.dep == "nsubj":
                subject_depth[actor.name] = min(subject_depth.get(actor.name, 9), chain.index(anchor.head))
        elif parent and parent.dep == "agent" or (parent and parent.text.lower() == "by" and parent.head in heads):
            agent.append(actor)
        elif reciprocal and _other_side(article, anchor, heads):
            patient.append(actor)  # "clashed with the police", "a clash between X and Y"
        elif parent and parent.lemma.lower() in ACCUSE and anchor.dep == "dobj" and _governs(article, parent, trig):
            agent.append(actor)  # "X accused Y of firing on Z": Y is who fired, as X tells it
        elif _blamed_for(article, anchor, trig):
            agent.append(actor)
        elif parent and parent.text.lower() == "of" and parent.head == trig.i and anchor.dep == "pobj":
            (agent if trig.lemma.lower() in AGENTIVE_NOUNS else patient).append(actor)
        elif _is_target(article, anchor, heads):
            patient.append(actor)
        elif grand is not None and parent.dep == "prep" and parent.text.lower() in ("of", "from") and \
                grand.dep in ("nsubjpass", "dobj") and grand.head in heads:
            patient.append(actor)  # "soldiers from the defence force of X were killed"
        else:
            other.append(actor)
    if len(set(subject_depth.values())) > 1:
        nearest = min(subject_depth.values())
        far = {n for n, d in subject_depth.items() if d > nearest}
        agent = [a for a in agent if a.name not in far]  # the subject of the verb above told what came next
    names_agent = _unique(a.name for a in agent)
    names_patient = [n for n in _unique(a.name for a in patient) if n not in names_agent]
    if not names_agent:
        names_agent = _unique(_nationality_of_means(article, tokens, trig, heads))
    if not names_agent:
        names_agent = _unique(_accused(article, tokens, trig))
    if not names_agent and event_type in VIOLENT_TYPES:
        armed = [a.name for a in other if a.kind in ("state_forces", "rebels", "militia")
                 and a.name not in names_patient and not _acted_on_elsewhere(article, a)]
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


def _acled_conventions(event_type, sub_type, actor1, assoc1, actor2, assoc2, country: Optional[str], killed,
                       actors):
    """ACLED's naming habits: states act through their forces in violence, demonstrators are
    "Protesters (Country)" facing the police, unarmed victims are "Civilians (Country)". A report that
    names no country still names the group ("Protesters"): who they were is known, where is not."""
    if event_type in VIOLENT_TYPES:
        actor1, actor2 = _as_forces(actor1), _as_forces(actor2)
    if event_type in (PROTESTS, RIOTS):
        crowd = "Protesters" if event_type == PROTESTS else "Rioters"
        named = {a.name: a.kind for a in actors}
        police = [n for n in (actor1, actor2) if n and named.get(n) in ("police", "state_forces")]
        if actor1 and actor1 not in police and named.get(actor1) not in ("protesters", "rioters", "civilians") \
                and not assoc1:
            assoc1 = actor1  # a party or a union in the crowd: ACLED names it beside the crowd
        # ACLED names a crowd by what it did, whoever is in it ("residents", "supporters", "students")
        actor1 = with_country(crowd, country)
        if police:
            actor2 = police[0]
        elif sub_type in ("Protest with intervention", "Excessive force against protesters"):
            actor2 = actor2 if actor2 and actor2 != actor1 else (police_of(country) if country else "Police Forces")
    if event_type == VAC and not (actor2 or "").startswith("Civilians"):
        if actor2 and not assoc2:
            assoc2 = actor2
        actor2 = with_country("Civilians", country)
    elif event_type == EXPLOSIONS and killed and _victims_are_civilians(killed):
        if not actor2:
            actor2 = with_country("Civilians", country)
        elif not assoc2 and not actor2.startswith("Civilians"):
            assoc2 = with_country("Civilians", country)  # armed targets hit, civilians among the dead
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


def _deaths_told_after(article: Article, index: int, ctx: "_ArticleContext", places: list[Place]) -> list[Figure]:
    """The largest current toll told in the sentences after *index* in its paragraph, up to the first
    that names another place (a new scene, whose toll is its own) or tells a new event of its own."""
    paragraph = article.sentences[index].paragraph
    here = {p.name for p in places}
    later: list[list[Figure]] = []
    for j in range(index + 1, len(article.sentences)):
        if article.sentences[j].paragraph != paragraph:
            break
        if any(p.name not in here and p.kind != "country" for p in ctx.places(j)):
            break
        typing, _ = type_sentence(article, j, ctx)
        if typing is not None and not typing.reference and typing.strength >= 3:
            break  # "Police then raided a camp, killing two": the toll of the raid, not of this event
        killed = [f for f in ctx.figures(j) if f.category == "killed" and f.best is not None and not f.historical]
        if killed:
            later.append(killed)
    return max(later, key=lambda ks: _fatalities(ks, article.body)[0] or 0) if later else []


def _fatalities(killed: list[Figure], body: str = "") -> tuple[Optional[int], Optional[int], Optional[int]]:
    """ACLED's conservative best value for one event; nested counts ("including 10 civilians") are not
    added, but the dead of each side told together ("killing five soldiers and three militants") are:
    ACLED counts every death of the event."""
    if not killed:
        return None, None, None
    ordered = sorted(killed, key=lambda f: f.start)
    if len(ordered) > 1 and all(_added_to(a, b, body) for a, b in zip(ordered, ordered[1:])):
        lows = [f.low if f.low is not None else f.best for f in ordered]
        highs = [f.high if f.high is not None else f.best for f in ordered]
        return sum(f.best for f in ordered), sum(lows), sum(highs)
    main = max(killed, key=lambda f: f.best or 0)
    return main.best, main.low if main.low is not None else main.best, main.high


GENERIC_VICTIMS = {"people", "persons", "person", "individuals", "dead", "others", "victims"}
# Words that can only add one count to another ("as well as"), unlike a comma that may break a total down
ADDITIVE = re.compile(r"\b(?:as well as|in addition to|besides|plus)\b", re.I)
NESTING = re.compile(r"\b(?:including|included|among(?:st)? them|among the|of whom|of them|of which|"
                     r"such as|mostly|mainly)\b", re.I)


def _added_to(first: Figure, then: Figure, body: str) -> bool:
    """Whether *then* counts other dead than *first*: another named group, joined by 'and' or a
    comma, in the same voice, and not one of the first ("11 people, including two children")."""
    groups = [(f.group or "").lower() for f in (first, then)]
    # an aside in brackets is no part of the join: "4 people (including a journalist) as well as 2 police"
    between = re.sub(r"\([^()]*\)", " ", body[first.end:then.start])
    additive = ADDITIVE.search(between) is not None
    if not all(groups) or groups[0] == groups[1] or any(g in GENERIC_VICTIMS for g in groups) and not additive:
        return False  # "five people, three soldiers and two civilians" breaks a total down
    if first.source != then.source or first.best is None or then.best is None:
        return False
    return len(between) <= 60 and bool(re.search(r",|\band\b", between) or additive) \
        and not NESTING.search(between) and ";" not in between and "." not in between


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
