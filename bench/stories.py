"""Story clustering and near-duplicate quality on public data; prints figures.

    python bench/stories.py [--shared ../shared] [--nlp | --read] [--thresholds 0.1,0.18,0.25]

Reads at run time (never copied into the repo):
- eval-data/uci-news-aggregator-sample: 999 headlines in 18 story clusters → B-cubed F1
- eval-data/semeval2022-task8-subset/pairs_en.jsonl: same-story pair scores (1 = same .. 4 = different)
  → Pearson r of our pair score against ``Overall`` (negative is right: higher score, lower label)
- eval-data/ecbplus: 982 documents, gold cluster = topic + ecb/ecbplus sub-topic → B-cubed F1
- eval-data/wikiref220: 220 texts in 5 topics + small noise topics (coarse, topic-level) → B-cubed F1
- seeds + eval/seeds.gold.json: the gold story labels → B-cubed F1, with and without dates
Each is compared with a plain TF-IDF baseline (sklearn defaults, cosine, connected components).
``--nlp`` fills entity mentions with the spaCy pipeline first (slower) so the name signal counts;
``--read`` runs every per-article reader (places, dates, events ...) first (slowest), so the signal of
the events articles report counts too. None of these sets has publication dates, so only events
dated in the text itself ("on 3 March 2019") give that signal here.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitroom.link import dedup, stories  # noqa: E402
from sitroom.model import Article, Corpus  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402
from merge import bcubed as bcubed_f1  # noqa: E402  (one B-cubed for every bench)


def baseline_labels(texts: list[str], threshold: float) -> list[int]:
    """Plain TF-IDF cosine, pairs above threshold, connected components (single link)."""
    X = TfidfVectorizer().fit_transform(texts)
    sims = (X @ X.T).tocsr()
    sims.data[sims.data < threshold] = 0
    sims.eliminate_zeros()
    return list(connected_components(sims, directed=False)[1])


def ours_labels(articles: list[Article], settings) -> dict[str, str]:
    corpus = Corpus(articles=articles)
    dedup.run(corpus, settings)
    stories.run(corpus, settings)
    return {a.article_id: a.story_id for a in corpus.articles}


def fill_mentions(articles: list[Article], settings) -> None:
    from sitroom import nlp
    pipe = nlp.resources.get("nlp", settings)
    texts = [a.body for a in articles]
    for article, doc in zip(articles, pipe.pipe(texts, batch_size=16)):
        nlp.fill_from_doc(article, doc)


def read_all(articles: list[Article], settings) -> None:
    """Every per-article reader, in place (an article a reader fails on keeps what it had)."""
    from sitroom.runner import read_batch
    for k in range(0, len(articles), 16):
        read_batch(articles[k:k + 16], settings)


def prepare(articles: list[Article], settings, mode: str) -> None:
    if mode == "nlp":
        fill_mentions(articles, settings)
    elif mode == "read":
        read_all(articles, settings)


# --------------------------------------------------------------------------- data sets

def load_uci(root: Path) -> tuple[list[Article], dict[str, str]]:
    path = root / "eval-data/uci-news-aggregator-sample/uci-news-aggregator-first999.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # headlines only and no usable timestamps: title and body are the headline, undated
    articles = [Article(article_id=f"u{int(r['ID']):05d}", path=r["URL"], title=r["TITLE"], body=r["TITLE"],
                        outlet=r["PUBLISHER"]) for r in rows]
    return articles, {a.article_id: r["STORY"] for a, r in zip(articles, rows)}


def load_semeval(root: Path) -> list[dict]:
    path = root / "eval-data/semeval2022-task8-subset/pairs_en.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_ecb(root: Path) -> tuple[list[Article], dict[str, str]]:
    base = root / "eval-data/ecbplus/ECB+"
    articles, gold = [], {}
    for path in sorted(base.glob("*/*.xml")):
        tokens = [t.text or "" for t in ET.parse(path).getroot().iter("token")]
        name = path.stem  # e.g. 1_10ecbplus
        topic, rest = name.split("_", 1)
        sub = "ecbplus" if rest.endswith("ecbplus") else "ecb"
        aid = "e" + name
        articles.append(Article(article_id=aid, path=str(path), body=" ".join(tokens)))
        gold[aid] = f"{topic}-{sub}"
    return articles, gold


def load_wikiref(root: Path) -> tuple[list[Article], dict[str, str]]:
    base = root / "eval-data/wikiref220"
    with open(base / "labels.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    articles = [Article(article_id=f"w{i:03d}", path=r["file"],
                        body=(base / "docs" / r["file"]).read_text(encoding="utf-8", errors="replace"))
                for i, r in enumerate(rows)]
    return articles, {a.article_id: r["topic"] for a, r in zip(articles, rows)}


def load_seeds(root: Path, dated: bool) -> tuple[list[Article], dict[str, str]]:
    seeds = root / "seeds"
    gold = json.loads((root / "eval/seeds.gold.json").read_text(encoding="utf-8"))["articles"]
    rows = [json.loads(x) for x in (seeds / "manifest.jsonl").read_text().splitlines() if x.strip()]
    articles = [Article(article_id=r["path"], path=r["path"], body=(seeds / r["path"]).read_text(encoding="utf-8"),
                        published=r["published"] if dated else None, outlet=r["outlet"]) for r in rows]
    return articles, {r["path"]: gold[r["path"]]["story"] for r in rows}


# --------------------------------------------------------------------------- measures

def clustering_figures(name: str, articles: list[Article], gold: dict[str, str], thresholds: list[float]) -> None:
    texts = [stories.article_text(a) for a in articles]
    for threshold in thresholds:
        settings = default_settings().replace(story_threshold=threshold)
        t0 = time.perf_counter()
        ours = ours_labels([dataclass_copy(a) for a in articles], settings)
        took = time.perf_counter() - t0
        base = baseline_labels(texts, threshold)
        base_map = {a.article_id: str(base[i]) for i, a in enumerate(articles)}
        po, ro, fo = bcubed_f1(gold, ours)
        pb, rb, fb = bcubed_f1(gold, base_map)
        print(f"{name:<10} thr={threshold:<5} ours B3 P/R/F1 {po:.3f}/{ro:.3f}/{fo:.3f} "
              f"({len(set(ours.values()))} stories, {took:.1f}s) | baseline {pb:.3f}/{rb:.3f}/{fb:.3f} "
              f"({len(set(base_map.values()))} clusters) | gold {len(set(gold.values()))}")


def baseline_best(name: str, articles: list[Article], gold: dict[str, str]) -> None:
    """The baseline at its own best threshold (chosen on the gold, so an upper bound for it)."""
    texts = [stories.article_text(a) for a in articles]
    scored = []
    for threshold in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        labels = baseline_labels(texts, threshold)
        scored.append((bcubed_f1(gold, {a.article_id: str(labels[i]) for i, a in enumerate(articles)})[2], threshold))
    f1, threshold = max(scored)
    print(f"{name:<10} baseline at its best threshold {threshold}: B3 F1 {f1:.3f}")


def dataclass_copy(article: Article) -> Article:
    import copy
    return copy.copy(article)


def semeval_figures(pairs: list[dict], mode: str, settings) -> None:
    articles, index = [], {}
    for p in pairs:
        for side in ("1", "2"):
            key = (p["title_" + side] or "", p["text_" + side] or "")
            if key not in index:
                index[key] = len(articles)
                articles.append(Article(article_id=f"t{len(articles):05d}", path="-", title=key[0], body=key[1]))
    prepare(articles, settings, mode)
    features = stories.fit_features(articles)
    window = 10_000  # the subset has no dates: no gating
    labels = np.array([p["Overall"] for p in pairs])
    ours = np.array([stories.pair_score(features, index[(p["title_1"] or "", p["text_1"] or "")],
                                        index[(p["title_2"] or "", p["text_2"] or "")], window) or 0.0 for p in pairs])
    X = TfidfVectorizer().fit_transform([f"{a.title}\n{a.body}" for a in articles])
    base = np.array([float(X[index[(p["title_1"] or "", p["text_1"] or "")]]
                           .multiply(X[index[(p["title_2"] or "", p["text_2"] or "")]]).sum()) for p in pairs])
    r_ours = np.corrcoef(ours, labels)[0, 1]
    r_base = np.corrcoef(base, labels)[0, 1]
    same, diff = labels <= 1.5, labels >= 3.5
    print(f"semeval-en {len(pairs)} pairs: Pearson r vs Overall ours {r_ours:.3f} | baseline {r_base:.3f} "
          f"(negative is right); mean score same-story {ours[same].mean():.3f} vs different {ours[diff].mean():.3f}; "
          f"readers: {mode}")
    thr = float(settings.story_threshold)
    print(f"semeval-en at story_threshold {thr}: same-story pairs above {np.mean(ours[same] >= thr):.2f}, "
          f"different-story pairs above {np.mean(ours[diff] >= thr):.2f}")


def dedup_figures(articles: list[Article], settings) -> None:
    """Copies made by editing a few words of real texts must be found, and nothing else."""
    rng = np.random.default_rng(7)
    originals = [a for a in articles if len(a.body.split()) > 120][:200]
    copies = []
    for a in originals:
        words = a.body.split()
        for pos in rng.choice(len(words), size=max(1, len(words) // 60), replace=False):
            words[pos] = "edited"
        copies.append(Article(article_id="c" + a.article_id, path="-", body=" ".join(words[3:]),
                              published=a.published))
    alone = dedup.build_index([dataclass_copy(a) for a in originals], settings.dedup_threshold)
    pool = [dataclass_copy(a) for a in originals] + copies
    t0 = time.perf_counter()
    index = dedup.build_index(pool, settings.dedup_threshold)
    took = time.perf_counter() - t0
    hits = sum(1 for c in copies if index.original_of(c.article_id) == index.original_of(c.article_id[1:]))
    # a wrong link joins originals that were not copies of each other before the copies came in
    roots = defaultdict(set)
    for a in originals:
        roots[index.original_of(a.article_id)].add(alone.original_of(a.article_id))
    wrong = sum(len(r) - 1 for r in roots.values())
    print(f"dedup      {len(copies)} lightly edited copies of ECB+ texts (1 word in 60 replaced, 3 dropped): "
          f"found {hits}/{len(copies)}, wrong joins {wrong}; {len(alone.groups())} copy groups among the "
          f"originals themselves; {took:.2f}s for {len(pool)} texts")


def main(argv=None) -> int:
    here = Path(__file__).resolve()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("SITROOM_SHARED", str(here.parents[2] / "shared")))
    ap.add_argument("--nlp", action="store_true", help="fill entity mentions with spaCy first (slower)")
    ap.add_argument("--read", action="store_true", help="run every per-article reader first (slowest)")
    ap.add_argument("--thresholds", default=None, help="comma-separated story thresholds (default: the setting)")
    ap.add_argument("--only", default="seeds,uci,semeval,ecb,wikiref,dedup")
    args = ap.parse_args(argv)
    root = Path(args.shared)
    if not (root / "eval-data").exists():
        print(f"{root / 'eval-data'} is not here: nothing to measure", file=sys.stderr)
        return 1
    settings = default_settings()
    mode = "read" if args.read else "nlp" if args.nlp else "text"
    thresholds = [float(x) for x in args.thresholds.split(",")] if args.thresholds else [settings.story_threshold]
    only = set(args.only.split(","))
    if "seeds" in only and (root / "seeds").exists():
        for dated in (True, False):
            articles, gold = load_seeds(root, dated)
            prepare(articles, settings, mode)
            clustering_figures("seeds" + ("" if dated else "-nodate"), articles, gold, thresholds)
    if "uci" in only:
        articles, gold = load_uci(root)
        clustering_figures("uci", articles, gold, thresholds)
        baseline_best("uci", articles, gold)
    if "semeval" in only:
        semeval_figures(load_semeval(root), mode, settings)
    if "ecb" in only or "dedup" in only:
        articles, gold = load_ecb(root)
        if "dedup" in only:
            dedup_figures(articles, settings)  # on the raw texts, before any reader fills them
        if "ecb" in only:
            prepare(articles, settings, mode)
            clustering_figures("ecb+", articles, gold, thresholds)
            baseline_best("ecb+", articles, gold)
    if "wikiref" in only and (root / "eval-data/wikiref220").exists():
        articles, gold = load_wikiref(root)
        prepare(articles, settings, mode)
        clustering_figures("wikiref", articles, gold, thresholds)
        baseline_best("wikiref", articles, gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
