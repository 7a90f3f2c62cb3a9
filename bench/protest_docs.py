"""Which news articles report a protest: document-level precision and recall on GLOCON's sample.

    python bench/protest_docs.py [--shared ../shared] [--negatives 300] [--seed 3] [--show 10] [--json out.json]

Reads at run time (never copied into the repo):
  eval-data/glocon-gold-sample/document_Sabinet_R.jsonl   (wire news; label 1 = reports a protest event)

Every labelled-1 document and a fixed-seed sample of labelled-0 ones (most of
them business, sport and politics news with no event at all) go through the
per-article stages; a document "reports a protest" when it yields a current
(not historical, not a reference) candidate of type Protests or Riots.
Prints precision, recall and F1 of that decision, the event types coded in
each class of document (what the coder finds in news that reports no
protest is its false alarms on ordinary news), and examples of both errors.
Dates are resolved against a fixed publication day: the sample has none.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from event_typing import read_articles, shared_root  # noqa: E402
from sitroom.model import Article, EventCandidate  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402

CROWD_TYPES = ("Protests", "Riots")
PUBLISHED = "2010-06-15"


def load_documents(root: Path, negatives: int, seed: int) -> list[dict]:
    path = root / "eval-data" / "glocon-gold-sample" / "document_Sabinet_R.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("label") in (0, 1) and (r.get("text") or "").strip()]
    positives = [r for r in rows if r["label"] == 1]
    others = [r for r in rows if r["label"] == 0]
    random.Random(seed).shuffle(others)
    return positives + others[:negatives] if negatives else positives + others


def current(candidates: list[EventCandidate]) -> list[EventCandidate]:
    return [c for c in candidates if not c.historical and not c.reference]


def evaluate(docs: list[dict], settings) -> dict:
    articles = [Article(article_id=f"g{i}", path=f"glocon-{i}.txt", body=d["text"], outlet="wire",
                        published=PUBLISHED) for i, d in enumerate(docs)]
    read = read_articles(articles, settings)
    counts = Counter()
    types_by_label: dict[int, Counter] = {0: Counter(), 1: Counter()}
    records = []
    for i, d in enumerate(docs):
        a = read.get(f"g{i}")
        found = current(a.candidates) if a is not None else []
        crowd = [c for c in found if c.event_type in CROWD_TYPES]
        said, gold = bool(crowd), d["label"] == 1
        counts[("tp" if said else "fn") if gold else ("fp" if said else "tn")] += 1
        types_by_label[d["label"]].update(c.event_type for c in found)
        records.append({"label": d["label"], "said": said, "text": d["text"][:300],
                        "crowd": [(c.sub_event_type, c.trigger, c.evidence[0].text if c.evidence else "")
                                  for c in crowd],
                        "found": [(c.event_type, c.trigger) for c in found]})
    p = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    r = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    return {"counts": dict(counts), "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "types_by_label": {k: dict(v) for k, v in types_by_label.items()}, "records": records}


def print_report(result: dict, show: int, negatives: int) -> None:
    c = result["counts"]
    n0 = c.get("fp", 0) + c.get("tn", 0)
    print(f"\nGLOCON sample: {c.get('tp', 0) + c.get('fn', 0)} protest documents, {n0} others")
    print(f"  reports a protest: precision {result['precision']}  recall {result['recall']}  F1 {result['f1']}"
          f"  (tp {c.get('tp', 0)}, fp {c.get('fp', 0)}, fn {c.get('fn', 0)}, tn {c.get('tn', 0)})")
    for label, name in ((0, "documents with no protest"), (1, "protest documents")):
        types = result["types_by_label"][label]
        total = sum(types.values())
        print(f"  current candidates in {name}: {total} " +
              ", ".join(f"{t} {n}" for t, n in sorted(types.items(), key=lambda kv: -kv[1])))
    if show:
        print("\nFalse alarms (a protest read in a document that reports none):")
        for rec in [r for r in result["records"] if r["said"] and r["label"] == 0][:show]:
            sub, trig, text = rec["crowd"][0]
            print(f"  - {sub} (trigger {trig!r}): {text[:220]!r}")
        print("\nMissed protest documents (what was coded instead):")
        for rec in [r for r in result["records"] if not r["said"] and r["label"] == 1][:show]:
            print(f"  - {rec['text'][:200]!r}\n      coded: {rec['found'][:4]}")


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared or $SITROOM_SHARED)")
    ap.add_argument("--negatives", type=int, default=300, help="documents without a protest to sample (0 = all)")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--show", type=int, default=10, help="examples of each error")
    ap.add_argument("--json", help="write every record to this file")
    args = ap.parse_args(argv)
    root = shared_root(args.shared)
    docs = load_documents(root, args.negatives, args.seed)
    result = evaluate(docs, default_settings())
    print_report(result, args.show, args.negatives)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
