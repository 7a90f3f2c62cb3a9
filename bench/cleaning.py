"""How well does cleaning keep the article and drop the page furniture? Prints figures.

    python bench/cleaning.py [--limit N] [--shared ../shared]

Reads third-party data from ``../shared`` at run time (nothing is copied):

1. seeds: the scorer's cleaning figures on ../shared/seeds (cleaning.noise_removed,
   cleaning.content_kept, titles.exact).
2. scrapinghub-aeb, HTML: our HTML path (trafilatura + line rules) against the gold
   articleBody, bag-of-words token P/R/F1 per page, averaged; trafilatura alone for
   comparison.
3. scrapinghub-aeb, plain text: each page rendered to plain text the way a scraper
   dumps a page (every block element on its own line, menus, captions and footers
   included), then our plain-text cleaner. Shows whether the plain-text rules hold
   beyond the seeds. "keep all" and jusText-only are the baselines.
4. trafilatura-eval, plain text: the same rendering; share of gold "with" snippets kept
   and of "without" snippets removed, and headline exact match (English pages only, up to --limit pages).
"""
from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitroom.ingest import clean  # noqa: E402
from sitroom.ingest.read import discover  # noqa: E402
from sitroom.model import Article, Corpus  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402

TOKEN = re.compile(r"\w+")
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "select", "option"}
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "section",
              "article", "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote", "form", "main",
              "dd", "dt", "dl", "pre", "hr", "td", "th", "button", "label", "body", "time", "address"}


# --------------------------------------------------------------------------- helpers

def tokens(text: str) -> Counter:
    return Counter(TOKEN.findall((text or "").lower()))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    p, g = tokens(predicted), tokens(gold)
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def mean(rows: list[tuple[float, ...]]) -> tuple[float, ...]:
    return tuple(round(sum(col) / len(rows), 3) for col in zip(*rows)) if rows else ()


def decode_html(data: bytes) -> str:
    head = data[:4096].decode("ascii", errors="ignore")
    match = re.search(r"charset=[\"']?([\w-]+)", head, re.IGNORECASE)
    for encoding in ([match.group(1)] if match else []) + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def render_plain(markup: str) -> str:
    """A page as a naive scraper saves it: all visible text, one line per block, blank lines between."""
    from lxml import html as lxml_html
    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, TypeError):
        return ""
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in SKIP_TAGS or not tag:
            parts.append(el.tail or "")
            return
        block = tag.lower() in BLOCK_TAGS
        if block:
            parts.append("\n")
        parts.append(el.text or "")
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        parts.append(el.tail or "")

    walk(tree)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n\n".join(html_lib.unescape(line) for line in lines if line)


def clean_plain(text: str) -> str:
    lines, paragraphed = clean.split_lines(text)
    return clean.clean_page(clean.Page(lines, paragraphed)).body


def justext_only(text: str) -> str:
    lines, _ = clean.split_lines(text)
    bad = clean.justext_bad(lines, "en")
    return "\n\n".join(l.text for i, l in enumerate(lines) if i not in bad)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").lower()).strip()


# --------------------------------------------------------------------------- the benchmarks

def bench_seeds(shared: Path) -> None:
    seeds, gold, scorer = shared / "seeds", shared / "eval" / "seeds.gold.json", shared / "eval" / "score.py"
    if not (seeds.is_dir() and gold.is_file() and scorer.is_file()):
        print("seeds: skipped (../shared/seeds or the scorer is absent)")
        return
    settings = default_settings()
    articles = [a for a in discover([str(seeds)], settings) if isinstance(a, Article)]
    corpus = clean.run(Corpus(articles=articles), settings)
    with tempfile.TemporaryDirectory() as run_dir:
        with open(Path(run_dir) / "articles.jsonl", "w", encoding="utf-8") as fh:
            for a in corpus.articles:
                row = {k: getattr(a, k) for k in ("article_id", "path", "outlet", "published", "title", "body")}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--run", run_dir, "--json"],
                             capture_output=True, text=True, check=False)
    try:
        figures = json.loads(out.stdout[:out.stdout.rindex("}") + 1])
    except (json.JSONDecodeError, ValueError):
        print("seeds: scorer output unreadable:", out.stdout[:200], out.stderr[:200])
        return
    for key in ("cleaning.noise_removed", "cleaning.content_kept", "titles.exact"):
        print(f"seeds  {key:28} {figures.get(key)}")


def bench_aeb(shared: Path, limit: int) -> None:
    base = shared / "eval-data" / "scrapinghub-aeb"
    if not (base / "ground-truth.json").is_file():
        print("scrapinghub-aeb: skipped (absent)")
        return
    import trafilatura
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    rows: dict[str, list] = {"html: trafilatura alone": [], "html: sitroom": [], "plain: keep all": [],
                             "plain: jusText only": [], "plain: sitroom": []}
    seconds = 0.0
    for key in sorted(truth)[:limit]:
        path = base / "html" / f"{key}.html.gz"
        if not path.is_file():
            continue
        markup = decode_html(gzip.open(path).read())
        gold = truth[key].get("articleBody") or ""
        rows["html: trafilatura alone"].append(prf(trafilatura.extract(markup, favor_precision=True,
                                                                       include_comments=False) or "", gold))
        started = time.perf_counter()
        page = clean.page_from_html(markup, truth[key].get("url"))
        rows["html: sitroom"].append(prf(clean.clean_page(page).body, gold))
        plain = render_plain(markup)
        rows["plain: sitroom"].append(prf(clean_plain(plain), gold))
        seconds += time.perf_counter() - started
        rows["plain: keep all"].append(prf(plain, gold))
        rows["plain: jusText only"].append(prf(justext_only(plain), gold))
    n = len(rows["html: sitroom"])
    for name, values in rows.items():
        p, r, f = mean(values)
        print(f"aeb    {name:26} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (n={n})")
    print(f"aeb    sitroom html+plain cleaning: {1000 * seconds / max(n, 1):.0f} ms/page")


def bench_trafilatura_eval(shared: Path, limit: int) -> None:
    base = shared / "eval-data" / "trafilatura-eval"
    if not (base / "evaldata.json").is_file():
        print("trafilatura-eval: skipped (absent)")
        return
    data = json.loads((base / "evaldata.json").read_text(encoding="utf-8"))
    kept = with_total = gone = without_total = pages = titled = titles_ok = 0
    for url, entry in sorted(data.items()):
        if pages >= limit:
            break
        if not _english(url, entry):
            continue
        path = base / entry["file"]
        if not path.is_file():
            continue
        lines, paragraphed = clean.split_lines(render_plain(decode_html(gzip.open(path).read())))
        outcome = clean.clean_page(clean.Page(lines, paragraphed))
        body = norm(outcome.body)
        pages += 1
        if entry.get("title"):
            titled += 1
            titles_ok += norm(outcome.title) == norm(entry["title"])
        for snippet in entry.get("with") or []:
            with_total += 1
            kept += norm(snippet) in body
        for snippet in entry.get("without") or []:
            without_total += 1
            gone += norm(snippet) not in body
    if pages:
        print(f"treval plain: sitroom  'with' kept {kept / max(with_total, 1):.3f} ({kept}/{with_total})  "
              f"'without' removed {gone / max(without_total, 1):.3f} ({gone}/{without_total})  (n={pages} English pages)")
        print(f"treval plain: sitroom  title exact {titles_ok / max(titled, 1):.3f} ({titles_ok}/{titled})")


_ENGLISH_HINT = re.compile(r"\b(?:the|and|of|to|in|is|that|for)\b")


def _english(url: str, entry: dict) -> bool:
    sample = " ".join(entry.get("with") or [])
    return len(_ENGLISH_HINT.findall(sample.lower())) >= 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--limit", type=int, default=1000, help="pages per data set")
    args = parser.parse_args()
    shared = Path(args.shared)
    bench_seeds(shared)
    bench_aeb(shared, args.limit)
    bench_trafilatura_eval(shared, args.limit)


if __name__ == "__main__":
    main()
