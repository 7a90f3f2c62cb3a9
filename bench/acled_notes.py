"""ACLED ``notes`` read back into ACLED fields; prints per-field accuracy.

    python bench/acled_notes.py [--shared ../shared] [--limit 500] [--seed 7] [--show 5] [--json out.json]

Reads at run time (never copied into the repo; ACLED forbids redistribution):
  eval-data/acled-*/*.csv  (Armenia 2018-20, global Apr-May 2020, Kenya 2019, Bangladesh 2024)

Each row's ``notes`` (ACLED's own one- or two-sentence summary, which names
the date: "On 3 May 2020, ...") is read as one article published on the row's
``event_date``. Our best candidate (strongest non-historical, first among
equals) is compared with the coded row:
  event_type, sub_event_type   exact
  actor1, actor2               folded names equal, one inside the other, or the
                               same name once unit suffixes and "(2016-)" years
                               are dropped; an empty gold actor2 wants none
  location                     folded substring either way, or within 25 km
                               when both sides have coordinates
  event_date                   exact ISO day
  fatalities                   exact; our "no figure" counts as 0
A row with no candidate is wrong on every field. Fields a file lacks (Armenia
has no fatalities, Bangladesh no actor2) are not scored for it.
Floors: 0.8 on event_type, location, event_date and fatalities. Under the
floors, location is split between the notes that write the coded place (or
its admin2) and those that do not (half of Kenya's one-line notes): context
for the floor, which stays measured on every note.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import sys
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from event_typing import best_candidate, read_articles, shared_root, why_no_event  # noqa: E402
from sitroom.model import Article, EventCandidate  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402

FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "location", "event_date", "fatalities")
FLOORS = {"event_type": 0.8, "location": 0.8, "event_date": 0.8, "fatalities": 0.8}
NEAR_KM = 25.0


def acled_files(root: Path) -> list[Path]:
    return sorted((root / "eval-data").glob("acled-*/*.csv"))


def load_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        rows = [r for r in csv.DictReader(fh) if not (r.get("event_id_cnty") or "").startswith("#")]
    return [r for r in rows if (r.get("notes") or "").strip()]


def sample(rows: list, limit: Optional[int], seed: int) -> list:
    """Evenly spread over the file (one row per stride), the seed choosing the place within each stride."""
    if not limit or limit >= len(rows):
        return rows
    rng = random.Random(seed)
    step = len(rows) / limit
    return [rows[min(len(rows) - 1, int(i * step + rng.random() * step))] for i in range(limit)]


def iso_day(text: str) -> Optional[str]:
    """ACLED exports spell dates several ways: 2020-12-05, 9-May-20, 31-12-19 (day first)."""
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d-%b-%y", "%d-%B-%Y", "%d-%m-%y", "%d/%m/%Y", "%d %B %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------- field matching

def fold(text: Optional[str]) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\(\d{4}-\d{0,4}\)", " ", text)  # "(2018-)": the government period, not the name
    return re.sub(r"\s+", " ", re.sub(r"[^\w()-]+", " ", text)).strip()


def actor_core(text: Optional[str]) -> str:
    """"Military Forces of Armenia - Border Guard" -> "military forces of armenia" (the unit dropped)."""
    return re.split(r"\s+-\s+", fold(text))[0].strip()


def actor_matches(gold: Optional[str], ours: Optional[str]) -> bool:
    g, o = fold(gold), fold(ours)
    if not g:
        return not o
    if not o:
        return False
    return g == o or g in o or o in g or actor_core(gold) == actor_core(ours)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _float(text) -> Optional[float]:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def location_matches(row: dict, cand: EventCandidate) -> bool:
    g, o = fold(row.get("location")), fold(cand.location)
    if g and o and (g in o or o in g):
        return True
    lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
    if lat is not None and lon is not None and cand.latitude is not None and cand.longitude is not None:
        return km_between(lat, lon, cand.latitude, cand.longitude) <= NEAR_KM
    return False


def gold_fatalities(row: dict) -> Optional[int]:
    value = (row.get("fatalities") or "").strip()
    return int(value) if value.isdigit() else None


def score_row(row: dict, cand: Optional[EventCandidate]) -> dict[str, Optional[bool]]:
    """True/False per field; None where the file has no gold for it."""
    has_actor2 = "actor2" in row
    fatalities = gold_fatalities(row)
    if cand is None:
        return {f: (None if (f == "actor2" and not has_actor2) or (f == "fatalities" and fatalities is None)
                    else False) for f in FIELDS}
    return {
        "event_type": cand.event_type == row["event_type"],
        "sub_event_type": cand.sub_event_type == row["sub_event_type"],
        "actor1": actor_matches(row.get("actor1"), cand.actor1),
        "actor2": actor_matches(row.get("actor2"), cand.actor2) if has_actor2 else None,
        "location": location_matches(row, cand),
        "event_date": cand.event_date == iso_day(row["event_date"]),
        "fatalities": (cand.fatalities or 0) == fatalities if fatalities is not None else None,
    }


# --------------------------------------------------------------------------- main

def evaluate_file(path: Path, limit: Optional[int], seed: int, settings, progress: bool = True,
                  explain: bool = True) -> list[dict]:
    rows = sample(load_rows(path), limit, seed)
    articles = [Article(f"acled{k}", f"{path.stem}-{k}.txt", body=r["notes"].strip(),
                        published=iso_day(r["event_date"])) for k, r in enumerate(rows)]
    read = read_articles(articles, settings, progress=progress)
    records = []
    for k, row in enumerate(rows):
        article = read.get(f"acled{k}")
        cand = best_candidate(article.candidates) if article is not None else None
        record = {"file": path.parent.name, "row": row, "cand": cand.to_dict() if cand else None,
                  "score": score_row(row, cand)}
        if explain and cand is None:
            record["why"], record["would_be"] = why_no_event(articles[k].body, settings, articles[k].published)
        records.append(record)
    return records


def accuracy(records: list[dict]) -> dict[str, tuple[float, int]]:
    out = {}
    for f in FIELDS:
        scored = [r["score"][f] for r in records if r["score"][f] is not None]
        out[f] = (sum(scored) / len(scored), len(scored)) if scored else (float("nan"), 0)
    return out


def print_table(by_file: dict[str, list[dict]]) -> None:
    print(f"\n{'file':<28} {'n':>4} {'found':>6} " + " ".join(f"{f[:11]:>11}" for f in FIELDS))
    everything = [r for recs in by_file.values() for r in recs]
    for name, recs in list(by_file.items()) + [("OVERALL", everything)]:
        acc = accuracy(recs)
        found = sum(r["cand"] is not None for r in recs) / len(recs)
        cells = " ".join(f"{acc[f][0]:11.3f}" if acc[f][1] else f"{'-':>11}" for f in FIELDS)
        print(f"{name:<28} {len(recs):4d} {found:6.3f} {cells}")
    acc = accuracy(everything)
    for f, floor in FLOORS.items():
        flag = "ok" if acc[f][0] >= floor else "BELOW FLOOR"
        print(f"  floor {f} >= {floor}: {acc[f][0]:.3f} {flag}")
    print_location_bound(by_file)


def names_its_place(row: dict) -> bool:
    """The note writes the coded location (or its admin2) itself; many one-line notes write no place."""
    note = fold(row.get("notes"))
    return any(fold(row.get(k)) and fold(row.get(k)) in note for k in ("location", "admin2"))


def print_location_bound(by_file: dict[str, list[dict]]) -> None:
    """How location splits between the notes that write their place and those that do not (for which
    only a coordinate match within NEAR_KM of another place they name can count): context for the
    floor, not another measure of it."""
    print("  location, notes that write the coded place / notes that do not:")
    for name, recs in by_file.items():
        written = [r for r in recs if names_its_place(r["row"])]
        unwritten = [r for r in recs if not names_its_place(r["row"])]
        share = lambda rs: f"{sum(bool(r['score']['location']) for r in rs) / len(rs):.3f}" if rs else "-"
        print(f"    {name:<28} {share(written)} of {len(written):4d} / {share(unwritten)} of {len(unwritten):4d}")


def print_misses(records: list[dict], show: int) -> None:
    """Why the coder found no event in a note, by gate, with examples."""
    missed = [r for r in records if "why" in r]
    if not missed:
        return
    kinds = Counter(r["why"].split(":")[0] for r in missed)
    print(f"\nWhy no event was coded ({len(missed)} notes):")
    for kind, n in kinds.most_common():
        print(f"  {n:4d}  {kind}")
        for r in _spread_examples([m for m in missed if m["why"].split(":")[0] == kind], min(show, 3)):
            print(f"        [{r['file']}] {r['why'][:90]!r} (would be {r['would_be']}): {r['row']['notes'][:150]!r}")


def print_failures(records: list[dict], show: int) -> None:
    pairs = Counter((r["row"]["sub_event_type"], r["cand"]["sub_event_type"] if r["cand"] else "-- none --")
                    for r in records if not r["score"]["sub_event_type"])
    print("\nWorst sub_event_type confusions (gold -> ours):")
    for (g, o), n in pairs.most_common(12):
        print(f"  {n:4d}  {g} -> {o}")
    for f in FIELDS:
        bad = [r for r in records if r["score"][f] is False]
        print(f"\n== {f}: {len(bad)} wrong")
        for r in _spread_examples(bad, show):
            row, cand = r["row"], r["cand"]
            ours = cand.get(f) if cand else "-- no candidate --"
            gold = row.get(f) if f != "event_date" else iso_day(row["event_date"])
            print(f"   [{r['file']}] gold={gold!r} ours={ours!r} trig={cand and cand.get('trigger')!r}: "
                  f"{row['notes'][:200]!r}")


def _spread_examples(items: list, n: int) -> list:
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared or $SITROOM_SHARED)")
    ap.add_argument("--limit", type=int, default=500, help="rows per file, evenly spread (0 = all)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=5, help="failing examples per field")
    ap.add_argument("--files", help="comma-separated folder names to keep (e.g. acled-kenya-2019)")
    ap.add_argument("--no-explain", action="store_true", help="skip the per-miss replay of the coder's gates")
    ap.add_argument("--json", help="write every record to this file")
    args = ap.parse_args(argv)
    files = acled_files(shared_root(args.shared))
    if args.files:
        keep = set(args.files.split(","))
        files = [f for f in files if f.parent.name in keep]
    if not files:
        print("no eval-data/acled-*/*.csv here; nothing to measure", file=sys.stderr)
        return 2
    settings = default_settings()
    by_file = {f.parent.name: evaluate_file(f, args.limit or None, args.seed, settings, explain=not args.no_explain)
               for f in files}
    print_table(by_file)
    print_misses([r for recs in by_file.values() for r in recs], args.show)
    print_failures([r for recs in by_file.values() for r in recs], args.show)
    if args.json:
        Path(args.json).write_text(json.dumps(by_file, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
