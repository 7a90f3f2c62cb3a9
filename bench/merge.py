"""Document-level event merging and story clustering through the whole pipeline; prints B-cubed.

    python bench/merge.py [--shared ../shared] [--topics 5] [--no-wikiref] [--json out.json]

Reads at run time (never copied into the repo):
- eval-data/ecbplus/ECB+/<topic>/*.xml (CC BY 3.0): every topic holds two
  similar but different seminal events, the ``ecb`` and the ``ecbplus`` files
  (e.g. two earthquakes). Gold per document: topic + sub-topic.
- eval-data/wikiref220: 220 texts in 5 big topics plus 11 small "noise" topics
  (labels.csv); gold per document: its topic.

Each ECB+ topic's documents are written to a temporary folder (first sentence
as the headline, the rest as the body; tokens re-joined) and run through
``sitroom.runner.run`` with one worker and no cache, as a user would. Two
system clusterings are scored per topic with document-level B-cubed, then
averaged over topics (macro) and over documents (micro):
- events: documents joined when they are sources of one merged event
  (connected components of events.jsonl ``sources``); a document with no
  event is alone;
- stories: stories.jsonl.
Two trivial clusterings give the scale: everything of a topic in one cluster
(B-cubed F1 ~0.67 when the sub-topics are even) and every document alone.
WikiRef220 is run once over all 220 texts and its stories scored the same way.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from event_typing import shared_root  # noqa: E402
from sitroom import runner  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402

ECB = "eval-data/ecbplus/ECB+"
WIKIREF = "eval-data/wikiref220"


# --------------------------------------------------------------------------- B-cubed

def bcubed(gold: dict[str, str], system: dict[str, str]) -> tuple[float, float, float]:
    """Document-level B-cubed precision, recall, F1 over the documents of *gold*."""
    if not gold:
        return 0.0, 0.0, 0.0
    by_gold, by_sys = defaultdict(set), defaultdict(set)
    for doc, label in gold.items():
        by_gold[label].add(doc)
        by_sys[system[doc]].add(doc)
    p = r = 0.0
    for doc in gold:
        g, s = by_gold[gold[doc]], by_sys[system[doc]]
        both = len(g & s)
        p += both / len(s)
        r += both / len(g)
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def components(docs: list[str], groups: list[list[str]]) -> dict[str, str]:
    """Union-find: documents that appear together in any group share a cluster."""
    parent = {d: d for d in docs}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for group in groups:
        members = [d for d in group if d in parent]
        for other in members[1:]:
            parent[find(other)] = find(members[0])
    return {d: find(d) for d in docs}


# --------------------------------------------------------------------------- ECB+ documents

_NO_SPACE_BEFORE = re.compile(r" (?=[.,;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")


def detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens).replace("``", '"').replace("''", '"')
    text = _NO_SPACE_BEFORE.sub("", text)
    return _NO_SPACE_AFTER.sub("", text)


def ecb_text(path: Path) -> str:
    """Headline, blank line, body; the source URL line some ECB+ files start with is left out."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for tok in ET.parse(path).getroot().iter("token"):
        sentences[int(tok.get("sentence", 0))].append(tok.text or "")
    lines = [detokenize(sentences[k]) for k in sorted(sentences)]
    lines = [line for line in lines if not line.replace(" ", "").startswith("http")]
    if not lines:
        return ""
    return lines[0] + "\n\n" + " ".join(lines[1:]) + "\n"


def ecb_topics(root: Path) -> dict[str, list[Path]]:
    topics: dict[str, list[Path]] = defaultdict(list)
    for path in sorted((root / ECB).glob("*/*.xml")):
        topics[path.parent.name].append(path)
    return dict(sorted(topics.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else kv[0]))


def ecb_gold(path: Path) -> str:
    topic = path.parent.name
    return f"{topic}-{'ecbplus' if path.stem.endswith('ecbplus') else 'ecb'}"


# --------------------------------------------------------------------------- running the pipeline

def run_folder(folder: Path, settings) -> dict:
    """The whole pipeline over one folder; returns {doc name: (event cluster, story)} and counts."""
    out = folder.parent / (folder.name + "-run")
    summary = runner.run([str(folder)], out, settings, db_path=out / "sitroom.db")
    articles = _jsonl(out / "articles.jsonl")
    name_of = {a["article_id"]: Path(a["path"]).name for a in articles}
    events = _jsonl(out / "events.jsonl")
    stories = _jsonl(out / "stories.jsonl")
    docs = sorted(name_of.values())
    event_groups = [[name_of[s] for s in e.get("sources", []) if s in name_of] for e in events]
    story_of = {name_of[a]: s["story_id"] for s in stories for a in s.get("article_ids", []) if a in name_of}
    return {"docs": docs, "event_cluster": components(docs, event_groups),
            "story": {d: story_of.get(d, f"alone:{d}") for d in docs},
            "events": len(events), "multi_source_events": sum(len(set(g)) > 1 for g in event_groups),
            "errors": len(summary.errors),
            "error_reasons": [f"{Path(e.path).name}: {e.stage}: {e.reason}" for e in summary.errors]}


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure_ecb(root: Path, settings, topics: Optional[int], progress: bool = True) -> dict:
    per_topic = {}
    t0 = time.perf_counter()
    chosen = list(ecb_topics(root).items())[:topics] if topics else list(ecb_topics(root).items())
    for n, (topic, paths) in enumerate(chosen, 1):
        with tempfile.TemporaryDirectory(prefix=f"ecb{topic}-") as tmp:
            folder = Path(tmp) / "docs"
            folder.mkdir()
            gold = {}
            for path in paths:
                name = path.stem + ".txt"
                (folder / name).write_text(ecb_text(path), encoding="utf-8")
                gold[name] = ecb_gold(path)
            got = run_folder(folder, settings)
        gold = {d: g for d, g in gold.items() if d in got["event_cluster"]}
        per_topic[topic] = {
            "docs": len(gold), "events": got["events"], "multi_source_events": got["multi_source_events"],
            "errors": got["errors"], "error_reasons": got["error_reasons"],
            "events_b3": bcubed(gold, got["event_cluster"]), "stories_b3": bcubed(gold, got["story"]),
            "one_cluster_b3": bcubed(gold, {d: "all" for d in gold}), "singletons_b3": bcubed(gold, {d: d for d in gold}),
            "event_clusters": len(set(got["event_cluster"].values())), "stories": len(set(got["story"].values())),
        }
        if progress:
            row = per_topic[topic]
            print(f"  topic {topic:>3}: {row['docs']:3d} docs, events B3 F1 {row['events_b3'][2]:.3f} "
                  f"({row['event_clusters']} clusters), stories B3 F1 {row['stories_b3'][2]:.3f} "
                  f"({row['stories']} stories) [{n}/{len(chosen)}, {time.perf_counter() - t0:.0f}s]",
                  file=sys.stderr)
            for reason in row["error_reasons"]:
                print(f"      ! {reason}", file=sys.stderr)
    return per_topic


def averages(per_topic: dict, key: str) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """(macro over topics, micro weighted by documents) of one B-cubed triple."""
    rows = list(per_topic.values())
    macro = tuple(sum(r[key][i] for r in rows) / len(rows) for i in range(3))
    docs = sum(r["docs"] for r in rows)
    micro = tuple(sum(r[key][i] * r["docs"] for r in rows) / docs for i in range(3))
    return macro, micro  # type: ignore[return-value]


def measure_wikiref(root: Path, settings) -> Optional[dict]:
    base = root / WIKIREF
    if not (base / "labels.csv").exists():
        return None
    with open(base / "labels.csv", newline="", encoding="utf-8") as fh:
        labels = {r["file"]: r["topic"] for r in csv.DictReader(fh)}
    with tempfile.TemporaryDirectory(prefix="wikiref-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for name in labels:
            src = base / "docs" / name
            if src.exists():
                (folder / name).write_bytes(src.read_bytes())
        got = run_folder(folder, settings)
    gold = {d: t for d, t in labels.items() if d in got["story"]}
    return {"docs": len(gold), "stories": len(set(got["story"][d] for d in gold)),
            "stories_b3": bcubed(gold, got["story"]), "events_b3": bcubed(gold, got["event_cluster"]),
            "one_cluster_b3": bcubed(gold, {d: "all" for d in gold}),
            "singletons_b3": bcubed(gold, {d: d for d in gold}), "errors": got["errors"]}


def _fmt(triple) -> str:
    return f"{triple[0]:.3f}/{triple[1]:.3f}/{triple[2]:.3f}"


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared or $SITROOM_SHARED)")
    ap.add_argument("--topics", type=int, help="only the first N ECB+ topics")
    ap.add_argument("--no-wikiref", action="store_true")
    ap.add_argument("--json", help="write the per-topic figures to this file")
    args = ap.parse_args(argv)
    root = shared_root(args.shared)
    if not (root / ECB).exists():
        print(f"{root / ECB} is not here; nothing to measure", file=sys.stderr)
        return 2
    settings = default_settings().replace(workers=1, cache=False)
    per_topic = measure_ecb(root, settings, args.topics)
    docs = sum(r["docs"] for r in per_topic.values())
    print(f"\nECB+ document clustering within topics: {len(per_topic)} topics, {docs} documents "
          f"(gold: 2 seminal events per topic); B-cubed P/R/F1, macro over topics | micro over documents")
    for key, label in (("events_b3", "share a merged event"), ("stories_b3", "same story"),
                       ("one_cluster_b3", "baseline: one cluster"), ("singletons_b3", "baseline: all alone")):
        macro, micro = averages(per_topic, key)
        print(f"  {label:<24} {_fmt(macro)} | {_fmt(micro)}")
    multi = sum(r["multi_source_events"] for r in per_topic.values())
    total = sum(r["events"] for r in per_topic.values())
    print(f"  events: {total} merged events, {multi} with more than one source document")
    result = {"ecb": per_topic}
    if not args.no_wikiref:
        wiki = measure_wikiref(root, settings)
        if wiki is None:
            print("\nWikiRef220: not here")
        else:
            print(f"\nWikiRef220: {wiki['docs']} documents, {wiki['stories']} stories; B-cubed P/R/F1 "
                  f"stories {_fmt(wiki['stories_b3'])}, shared events {_fmt(wiki['events_b3'])}, "
                  f"one cluster {_fmt(wiki['one_cluster_b3'])}, all alone {_fmt(wiki['singletons_b3'])}")
        result["wikiref"] = wiki
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
