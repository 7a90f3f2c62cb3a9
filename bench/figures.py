"""Quality of the figures stage on ACLED notes: does our killed count equal ACLED's `fatalities`?

    python bench/figures.py [--shared ../shared] [--limit 1500] [--show-misses 20]

ACLED's `notes` are one- or two-sentence summaries written by ACLED coders;
`fatalities` is what they coded. For each note we run the parser, the times
stage and the figures stage, and take the article-level killed count that the
event coder would take (``figures.killed_total``: killed figures summed per
sentence, the largest sentence, historical ones left out; no figure = 0).

Printed:
- exact: share of notes where our count equals `fatalities`;
- recall: of the notes with fatalities > 0, the share where we give exactly that number;
- precision: of the notes where we give a number > 0, the share that equals `fatalities`;
- the same on the "answerable" subset: notes that do not tell their own coding
  ("coded as 10", "fatalities divided between events"), which text alone cannot reach.
Notes are taken evenly across the file (every k-th row) so that a limit keeps every region.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitroom import nlp, resources  # noqa: E402
from sitroom.model import Article, Corpus  # noqa: E402
from sitroom.read import figures, times  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402

FILES = ("acled-global-2020-apr-may/acled_global_2020-04-27_2020-05-09.csv",
         "acled-kenya-2019/acled_kenya_2019.csv")
UNANSWERABLE = re.compile(r"coded as|divided|split (?:between|across|among)|spread (?:over|across)|"
                          r"distributed|across (?:\w+ )?events|per event", re.I)


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("notes") and not r.get("event_id_cnty", "").startswith("#")]
    return [r for r in rows if (r.get("fatalities") or "").strip().isdigit()]


def published(row: dict) -> str | None:
    for fmt in ("%d-%b-%y", "%d-%m-%y", "%Y-%m-%d", "%d %B %Y"):
        try:
            return datetime.strptime(row["event_date"].strip(), fmt).date().isoformat()
        except (ValueError, KeyError):
            continue
    return None


def evenly(rows: list[dict], limit: int) -> list[dict]:
    if limit <= 0 or len(rows) <= limit:
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def predict(nlp_pipe, rows: list[dict], settings) -> list[int]:
    out = []
    texts = [r["notes"] for r in rows]
    for row, doc in zip(rows, nlp_pipe.pipe(texts, batch_size=64)):
        article = Article(article_id=row.get("event_id_cnty", "x"), path="-", body=row["notes"], published=published(row))
        nlp.fill_from_doc(article, doc)
        corpus = times.run(Corpus(articles=[article]), settings)
        corpus = figures.run(corpus, settings)
        out.append(figures.killed_total(article.figures) or 0)
    return out


def scores(pairs: list[tuple[int, int]]) -> dict:
    n = len(pairs)
    exact = sum(p == g for p, g in pairs)
    positives = [(p, g) for p, g in pairs if g > 0]
    predicted = [(p, g) for p, g in pairs if p > 0]
    return {
        "notes": n,
        "exact": exact / n if n else 0.0,
        "recall": sum(p == g for p, g in positives) / len(positives) if positives else 0.0,
        "precision": sum(p == g for p, g in predicted) / len(predicted) if predicted else 0.0,
        "with_fatalities": len(positives),
        "predicted_nonzero": len(predicted),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--limit", type=int, default=1500, help="notes per file (0 = all)")
    ap.add_argument("--show-misses", type=int, default=0)
    args = ap.parse_args(argv)
    settings = default_settings()
    nlp_pipe = resources.get("nlp", settings)
    found_any = False
    for name in FILES:
        path = args.shared / "eval-data" / name
        if not path.exists():
            print(f"{name}: not here, skipped")
            continue
        found_any = True
        rows = evenly(read_rows(path), args.limit)
        guesses = predict(nlp_pipe, rows, settings)
        gold = [int(r["fatalities"]) for r in rows]
        everything = scores(list(zip(guesses, gold)))
        answerable = scores([(p, g) for p, g, r in zip(guesses, gold, rows) if not UNANSWERABLE.search(r["notes"])])
        for label, s in (("all", everything), ("answerable", answerable)):
            print(f"{name} [{label}] notes={s['notes']} exact={s['exact']:.3f} "
                  f"killed.recall={s['recall']:.3f} (of {s['with_fatalities']}) "
                  f"killed.precision={s['precision']:.3f} (of {s['predicted_nonzero']})")
        if args.show_misses:
            misses = [(p, g, r["notes"]) for p, g, r in zip(guesses, gold, rows)
                      if p != g and not UNANSWERABLE.search(r["notes"])]
            for p, g, note in misses[:args.show_misses]:
                print(f"  ours={p} acled={g} | {note[:220]}")
    return 0 if found_any else 1


if __name__ == "__main__":
    sys.exit(main())
