"""Quality of the quotes stage: seeds (gold claims) and PolNeAR (quote attribution).

    python bench/quotes.py [--shared ../shared] [--polnear-split dev] [--polnear-max 84] [--show-misses]

Seeds: the raw seed files are parsed as they are (their noise lines are
harmless here) and scored with the scorer's own claim rules. PolNeAR: every
gold attribution with a source and a content span is matched to the claim
whose text overlaps the content most; the speaker is right when our speaker
words overlap the gold source span or our resolved name contains its last
word. A naive baseline (the PERSON mention nearest to the content) is printed
beside it.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitroom import nlp, resources  # noqa: E402
from sitroom.model import Article  # noqa: E402
from sitroom.read import quotes  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("sitroom_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse(nlp_pipe, article_id: str, text: str) -> Article:
    article = Article(article_id=article_id, path=f"{article_id}.txt", body=text)
    nlp.fill_from_doc(article, nlp_pipe(text))
    return article


# --------------------------------------------------------------------------- seeds

def bench_seeds(shared: Path, nlp_pipe, show_misses: bool) -> dict:
    score = load_scorer(shared)
    gold = json.loads((shared / "eval" / "seeds.gold.json").read_text())
    claims_by_article = {}
    for path in sorted((shared / "seeds").glob("*.txt")):
        article = quotes.read_article(parse(nlp_pipe, path.stem, path.read_text(encoding="utf-8")))
        assert all(article.body[c.start:c.end] == c.text for c in article.claims)
        claims_by_article[path.name] = article.claims
    found = speaker_ok = kind_ok = 0
    for g in gold["claims"]:
        hits = [c for c in claims_by_article.get(g["article"], []) if score.norm(g["phrase"]) in score.norm(c.text)]
        if not hits:
            if show_misses:
                print(f"  MISSED {g['id']}: {g['phrase']!r}")
            continue
        found += 1
        sp = any(score.any_in(g["speaker"], c.speaker) for c in hits)
        kd = any(score.norm(c.kind) in {score.norm(k) for k in g.get("kind", [])} for c in hits)
        speaker_ok += sp
        kind_ok += kd
        if show_misses and not (sp and kd):
            print(f"  WRONG {g['id']}: gold {g['speaker']} {g['kind']} got "
                  f"{[(c.speaker, c.kind, c.text[:50]) for c in hits]}")
    n = len(gold["claims"])
    total = sum(len(v) for v in claims_by_article.values())
    return {"seeds.claims.recall": round(found / n, 3), "seeds.claims.speaker_ok": round(speaker_ok / max(found, 1), 3),
            "seeds.claims.kind_ok": round(kind_ok / max(found, 1), 3), "seeds.claims.count": total,
            "seeds.claims.gold": n}


# --------------------------------------------------------------------------- PolNeAR

def read_ann(path: Path) -> list[dict]:
    spans, events = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, *offsets = parts[1].replace(";", " ").split()
            nums = [int(x) for x in offsets if x.isdigit()]
            if nums:
                spans[parts[0]] = (label, min(nums), max(nums))
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
            events.append(roles)
    out = []
    for roles in events:
        src, content = spans.get(roles.get("Source", "")), spans.get(roles.get("Content", ""))
        if src and content:
            out.append({"source": src[1:], "content": content[1:]})
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _last_word(text: str) -> str:
    words = re.findall(r"[\w'’-]+", text)
    return words[-1].lower() if words else ""


def speaker_matches(gold_span, gold_text: str, local_span: tuple[int, int], name: str) -> bool:
    """Right when the words naming the speaker overlap the gold source, or the resolved name has its last word
    (the same test for our claims and for the baseline)."""
    word = _last_word(gold_text)
    return _overlap(tuple(local_span), tuple(gold_span)) > 0 or bool(word and name and word in name.lower())


def bench_polnear(shared: Path, nlp_pipe, split: str, limit: int, show_misses: int = 0) -> dict:
    root = shared / "eval-data" / "polnear" / split
    if not root.exists():
        return {"polnear": f"absent: {root}"}
    texts = sorted((root / "text").glob("*.txt"))[:limit]
    n = found = ours_ok = base_ok = base_found_ok = 0
    missed: list[tuple[str, str, str, str]] = []
    for text_path in texts:
        anns = sorted((root / "attributions").glob(text_path.stem + "*.ann"))
        if not anns:
            continue
        body = text_path.read_text(encoding="utf-8")
        gold = read_ann(anns[0])
        article = parse(nlp_pipe, text_path.stem, body)
        claims = quotes.find_claims(article)
        persons = [m for m in article.mentions if m.label == "PERSON"]
        for g in gold:
            n += 1
            src_text = body[g["source"][0]:g["source"][1]]
            best = max(claims, key=lambda f: _overlap((f.start, f.end), tuple(g["content"])), default=None)
            # baseline: nearest PERSON mention to the content span
            near = min(persons, key=lambda m: min(abs(m.end - g["content"][0]), abs(m.start - g["content"][1])),
                       default=None)
            base_hit = near is not None and speaker_matches(g["source"], src_text, (near.start, near.end), near.text)
            base_ok += base_hit
            if best is None or _overlap((best.start, best.end), tuple(g["content"])) < 0.5 * (g["content"][1] - g["content"][0]):
                missed.append((text_path.stem, src_text, body[g["content"][0]:g["content"][1]],
                               _cue_window(body, g)))
                continue
            found += 1
            base_found_ok += base_hit
            local = (best.subject_start, best.subject_end) if best.subject_start is not None else (0, 0)
            ours_ok += speaker_matches(g["source"], src_text, local, best.speaker.text if best.speaker else "")
    if show_misses:
        print(f"PolNeAR attributions with no claim over half their content ({len(missed)}; every "
              f"{max(1, len(missed) // show_misses)}th shown): source | the words between source and content | content")
        for doc, src, content, between in missed[::max(1, len(missed) // show_misses)][:show_misses]:
            print(f"  [{doc}] {src[:40]!r} | {between[:60]!r} | {content[:120]!r}")
    return {
        "polnear.articles": len(texts),
        "polnear.attributions": n,
        "polnear.content_recall": round(found / max(n, 1), 3),
        "polnear.speaker_acc_of_found": round(ours_ok / max(found, 1), 3),
        "polnear.baseline_nearest_person_of_found": round(base_found_ok / max(found, 1), 3),
        "polnear.speaker_acc_all": round(ours_ok / max(n, 1), 3),
        "polnear.baseline_nearest_person_all": round(base_ok / max(n, 1), 3),
    }


def _cue_window(body: str, g: dict) -> str:
    """The words between the source and the content (the cue, when they are close): what a miss looked like."""
    (s0, s1), (c0, c1) = g["source"], g["content"]
    lo, hi = (s1, c0) if s1 <= c0 else (c1, s0)
    return body[lo:hi] if 0 <= hi - lo <= 80 else "(far apart)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--polnear-split", default="dev")
    ap.add_argument("--polnear-max", type=int, default=84)
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--show-polnear-misses", type=int, default=0, metavar="N",
                    help="print N PolNeAR attributions no claim covers, spread over the misses")
    ap.add_argument("--skip-polnear", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    nlp_pipe = resources.get("nlp", default_settings())
    results = bench_seeds(shared, nlp_pipe, args.show_misses) if (shared / "seeds").exists() else {"seeds": "absent"}
    if not args.skip_polnear:
        results.update(bench_polnear(shared, nlp_pipe, args.polnear_split, args.polnear_max,
                                     args.show_polnear_misses))
    for key, value in results.items():
        print(f"{key:40} {value}")


if __name__ == "__main__":
    main()
