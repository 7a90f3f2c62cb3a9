"""Gazetteer coverage on ACLED's coded locations (third-party eval data, read at run time).

For every distinct (location, country) pair of the ACLED samples in ../shared/eval-data it prints
the share whose name the gazetteer knows in the right country, and the share whose best candidate
is in the right country with and without the country as context. Also the RSS of this process
with the gazetteer open.

    python bench/geocoding.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import time
from collections import Counter
from pathlib import Path

SAMPLES = {
    "armenia 2018-20": "acled-armenia-hdx/conflict_data_arm.csv",
    "global 2020 apr-may": "acled-global-2020-apr-may/acled_global_2020-04-27_2020-05-09.csv",
    "kenya 2019": "acled-kenya-2019/acled_kenya_2019.csv",
    "bangladesh 2024": "acled-bangladesh-2024/acled_bangladesh_2024.csv",
}


def location_pairs(path: Path) -> Counter:
    pairs: Counter = Counter()
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            if (row.get("event_id_cnty") or "").startswith("#"):
                continue  # the HXL hashtag row
            if row.get("location") and row.get("country"):
                pairs[(row["location"].strip(), row["country"].strip())] += 1
    return pairs


def composed_parts(location: str) -> list[str]:
    """The name itself, then the pieces of ACLED's composed names: 'City-District', 'X (Y Region)'."""
    parts = [location]
    inner = re.findall(r"\(([^)]*)\)", location)
    outer = re.sub(r"\([^)]*\)", "", location).strip()
    parts += [outer] + [re.sub(r"\s+Region$", "", i) for i in inner]
    if "-" in outer:
        parts.append(outer.split("-", 1)[0])
    return [p for p in parts if p]


def iso_of_country(name: str) -> str | None:
    from sitroom.read.actors import country_of_name
    return country_of_name(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = parser.parse_args()
    data = Path(args.shared) / "eval-data"
    if not data.exists():
        raise SystemExit(f"{data} is not here: nothing to measure")

    from sitroom import resources
    from sitroom.read.places import geocode
    from sitroom.settings import default_settings

    t0 = time.perf_counter()
    gazetteer = resources.get("gazetteer", default_settings())
    opened = time.perf_counter() - t0
    print(f"gazetteer {gazetteer.path.name} opened in {opened:.2f} s (built now if that took long)")
    print(f"{'sample':22} {'pairs':>6} {'known':>7} {'top, no ctx':>12} {'top, country ctx':>17} {'name or part':>14}  (events weighted)")
    t1, lookups = time.perf_counter(), 0
    for label, rel in SAMPLES.items():
        path = data / rel
        if not path.exists():
            print(f"{label:22} absent")
            continue
        pairs = location_pairs(path)
        known = top = top_ctx = total = part_known = 0
        unknown_isos = Counter()
        for (location, country), weight in pairs.items():
            iso = iso_of_country(country)
            if iso is None:
                unknown_isos[country] += weight
                continue
            total += weight
            lookups += 1
            cands = gazetteer.lookup(location)
            if any(c.iso == iso for c in cands):
                known += weight
            # ACLED's composed names ("Beirut-Mazraa", "Nameless Hills (Tartar Region)") hold a known part.
            if any(c.iso == iso for part in composed_parts(location) for c in gazetteer.lookup(part)):
                part_known += weight
            best = geocode(location, gazetteer)
            if best is not None and best.iso == iso:
                top += weight
            best = geocode(location, gazetteer, [iso])
            if best is not None and best.iso == iso:
                top_ctx += weight
        share = lambda n: f"{100 * n / max(1, total):6.1f} %"  # noqa: E731
        print(f"{label:22} {len(pairs):6d} {share(known):>7} {share(top):>12} {share(top_ctx):>17} "
              f"{share(part_known):>14}")
        if unknown_isos:
            print(f"{'':22} countries not mapped to ISO: {dict(unknown_isos.most_common(5))}")
    elapsed = time.perf_counter() - t1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{lookups} distinct names looked up in {elapsed:.1f} s; peak RSS of this process {rss:.0f} MB "
          f"(pid {os.getpid()})")


if __name__ == "__main__":
    main()
