"""Fuzz the whole pipeline with hostile documents; count crashes, losses and injections.

    python bench/fuzz.py [--n 200] [--seed 7] [--chunk 25] [--keep DIR]

Documents are random mutations (byte flips, hostile snippets, re-encodings,
deep HTML, formula-led lines, foreign digits, unbalanced quotes, huge repeats,
JSON Lines records with hostile metadata) of the bundled demo corpus and of the
cases written by tools/make_hostile.py. They go through ``sitroom.runner.run``
in chunks (one fresh store each), so one crash does not hide the rest; a chunk
that crashes is rerun one document at a time to name the culprit.

Printed: documents tried, crashes, lost documents (in the input but in neither
articles.jsonl nor errors.jsonl), injections found (CSV cells that start a
formula, in events.csv and the csv export; live script, handlers or javascript:
URLs in briefing.html) and broken spans (claims or evidence whose offsets do not
give their text). Every figure but the first must be 0; the exit code is 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import make_hostile  # noqa: E402

from sitroom import runner  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402

DEMO = ROOT / "sitroom" / "demo" / "corpus"
MAX_DOC_BYTES = 120_000
SNIPPETS = (list(make_hostile.XSS) + list(make_hostile.FORMULAS) + [
    "\"", "\u201c", "\u201d", "\u00ab", "'", "\u2018", "1e308", "\u06f2\u06f0\u06f0", "\u0663\u0664",
    "10,000,000,000 killed", "99999999999999999999999 people died", "31 February 2024", "2024-02-31",
    make_hostile.ZERO_WIDTH, make_hostile.RTL, "\U0001F4A3", "\u0301\u0302\u0303", "\ufeff", "&#0;", "&#xD800;",
    "<div>" * 300, "</p></div></body>", "<![CDATA[", "<!--", "\\ud800", "\u2028", "\x85", "\r", "\x0b",
    "Հայաստան", "Украина", "بغداد", "said", "killed", "at least", "wounded", "denied", "(", ")", "\n\n",
])


@dataclass
class Doc:
    name: str
    data: bytes
    keys: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- sources

def seed_documents(work: Path) -> list[tuple[str, bytes]]:
    """(suffix, bytes) of the demo corpus and of the hostile generator's files."""
    found: list[tuple[str, bytes]] = []
    for path in sorted(DEMO.iterdir()):
        if path.suffix in (".txt", ".html"):
            found.append((path.suffix, path.read_bytes()))
        elif path.suffix == ".jsonl" and path.name != "manifest.jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    found.append((".jsonl", line.encode("utf-8")))
    hostile = make_hostile.make(work / "generated")
    for path in sorted(hostile.corpus.rglob("*")):
        if (path.is_file() and not path.is_symlink() and path.suffix in (".txt", ".html", ".htm", ".xhtml")
                and path.stat().st_size <= MAX_DOC_BYTES):
            try:
                found.append((path.suffix, path.read_bytes()))
            except OSError:
                continue
    return found


# --------------------------------------------------------------------------- mutations

def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def flip_bytes(rng, data):
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def insert_snippet(rng, data):
    text = _text(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(SNIPPETS) + text[at:]
    return text.encode("utf-8", "surrogatepass")


def delete_slice(rng, data):
    if len(data) < 4:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, max(1, len(data) // 4)):]


def repeat_slice(rng, data):
    if not data:
        return data
    a = rng.randrange(len(data))
    piece = data[a:a + rng.randint(1, 200)]
    return data[:a] + piece * rng.randint(2, 400) + data[a:]


def truncate(rng, data):
    return data[:rng.randint(0, len(data))]


def reencode(rng, data):
    encoding = rng.choice(["cp1251", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"])
    return _text(data).encode(encoding, errors="replace")


def deep_html(rng, data):
    depth = rng.choice([10, 300, 3000])
    paras = "".join(f"<p>{p}</p>" for p in _text(data).split("\n\n"))
    return ("<!DOCTYPE html><html><body>" + "<div>" * depth + paras + "</div>" * rng.choice([0, depth])
            + "</body></html>").encode("utf-8", "surrogatepass")


def formula_lines(rng, data):
    lines = _text(data).split("\n")
    return "\n".join((rng.choice(make_hostile.FORMULAS) + " " + l) if l and rng.random() < 0.4 else l
                     for l in lines).encode("utf-8", "surrogatepass")


def foreign_digits(rng, data):
    zero = rng.choice([0x06F0, 0x0660, 0x0966, 0xFF10])
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() and rng.random() < 0.7 else c
                   for c in _text(data)).encode("utf-8", "surrogatepass")


def unbalance_quotes(rng, data):
    text = _text(data)
    return "".join(c for c in text if not (c in "\"\u201d\u00bb" and rng.random() < 0.5)).encode("utf-8")


def invalid_utf8(rng, data):
    bad = rng.choice([b"\xc0\xaf", b"\xed\xa0\x80", b"\xff\xfe", b"\x80", b"\xe2\x82", b"\xf4\x90\x80\x80"])
    at = rng.randint(0, len(data))
    return data[:at] + bad + data[at:]


def shuffle_paragraphs(rng, data):
    paras = _text(data).split("\n\n")
    rng.shuffle(paras)
    return "\n\n".join(paras).encode("utf-8", "surrogatepass")


MUTATIONS = (flip_bytes, insert_snippet, delete_slice, repeat_slice, truncate, reencode, deep_html, formula_lines,
             foreign_digits, unbalance_quotes, invalid_utf8, shuffle_paragraphs)


def mutate(rng: random.Random, suffix: str, data: bytes) -> tuple[str, bytes]:
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(MUTATIONS)
        data = op(rng, data)
        if op is deep_html:
            suffix = ".html"
    return suffix, data[:MAX_DOC_BYTES]


def hostile_meta(rng: random.Random) -> dict:
    pick = lambda: rng.choice(SNIPPETS + ["Daily Wire", "", "   ", None, 42])
    meta = {"outlet": pick(), "title": pick(), "published": rng.choice(["2024-04-08", "2024-02-31", "0000-00-00",
                                                                         "yesterday", None, 20240408])}
    if rng.random() < 0.3:
        meta["url"] = rng.choice(["http://[::1", "//[", "javascript:alert('sitroom-js')", "http://a:99999999/x",
                                  "https://news.example/2024/02/31/story", "data:text/html,<script>alert(1)</script>"])
    return {k: v for k, v in meta.items() if v is not None}


def jsonl_record(rng: random.Random, text: str, n: int) -> bytes:
    record = {"text" if rng.random() < 0.7 else "html": text, **hostile_meta(rng)}
    if rng.random() < 0.3:
        record["id"] = rng.choice([f"id-{n}", "../../escape", "=cmd", "", 7, "a" * 500])
    if rng.random() < 0.2:
        record["path"] = rng.choice(["../../etc/passwd", "/abs/path.txt", "=formula.txt", f"rec-{n}.txt"])
    return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def make_documents(rng: random.Random, sources: list[tuple[str, bytes]], n: int) -> list[Doc]:
    docs = []
    for i in range(n):
        suffix, data = mutate(rng, *rng.choice(sources))
        if suffix == ".jsonl" or rng.random() < 0.1:
            line = jsonl_record(rng, _text(data), i) if suffix != ".jsonl" else data
            name = f"doc_{i:04d}.jsonl"
            docs.append(Doc(name, line.replace(b"\n", b" ") + b"\n"))
        else:
            docs.append(Doc(f"doc_{i:04d}{suffix}", data, meta=hostile_meta(rng) if rng.random() < 0.5 else {}))
    return docs


def doc_keys(folder: Path, doc: Doc) -> tuple[str, ...]:
    """The paths by which a run may account for *doc* once it sits in *folder*."""
    path = folder / doc.name
    if not doc.name.endswith(".jsonl"):
        return (str(path),)
    keys = [str(path), f"{path}:1"]   # an error about the whole file accounts for its records
    try:
        record = json.loads(doc.data)
    except ValueError:
        return tuple(keys)
    if isinstance(record, dict) and isinstance(record.get("path"), str) and record["path"].strip():
        keys.append(record["path"])
    return tuple(keys)


def write_chunk(folder: Path, docs: list[Doc]) -> None:
    folder.mkdir(parents=True)
    manifest = []
    for doc in docs:
        (folder / doc.name).write_bytes(doc.data)
        if doc.meta:
            manifest.append(json.dumps({"path": doc.name, **doc.meta}))
    (folder / "manifest.jsonl").write_text("\n".join(manifest) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- checks

@dataclass
class Tally:
    tried: int = 0
    crashes: int = 0
    crash_docs: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    formula_cells: list[str] = field(default_factory=list)
    unsafe_html: list[str] = field(default_factory=list)
    broken_spans: list[str] = field(default_factory=list)
    invalid_json: list[str] = field(default_factory=list)
    articles: int = 0
    errors: int = 0


def read_jsonl(path: Path, tally: Tally) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except ValueError:
            tally.invalid_json.append(f"{path.name}:{number}")
    return rows


def check_run(out: Path, docs: list[Doc], tally: Tally) -> None:
    from sitroom.store import export
    articles = read_jsonl(out / "articles.jsonl", tally)
    errors = read_jsonl(out / "errors.jsonl", tally)
    tally.articles += len(articles)
    tally.errors += len(errors)
    seen = {a.get("path") for a in articles} | {e.get("path") for e in errors}
    tally.lost += [d.name for d in docs if not set(d.keys) & seen]
    body = {a["article_id"]: a["body"] for a in articles}
    for c in read_jsonl(out / "claims.jsonl", tally):
        if body.get(c["article_id"], "")[c["start"]:c["end"]] != c["text"]:
            tally.broken_spans.append(f"claim {c['claim_id']}")
    for e in read_jsonl(out / "events.jsonl", tally):
        for ev in e.get("evidence", []):
            if body.get(ev["article_id"], "")[ev["start"]:ev["end"]] != ev["text"]:
                tally.broken_spans.append(f"evidence of {e['event_id']}")
    tally.formula_cells += make_hostile.formula_cells((out / "events.csv").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as exported:
        for path in export.export(out / "sitroom.db", "csv", exported):
            tally.formula_cells += make_hostile.formula_cells(Path(path).read_text(encoding="utf-8"))
    briefing = out / "briefing.html"
    if briefing.exists():
        tally.unsafe_html += make_hostile.inert_problems(briefing.read_text(encoding="utf-8"))


def run_chunk(folder: Path, out: Path, settings) -> None:
    runner.run([str(folder)], out, settings)


def fuzz(n: int, seed: int, chunk: int, work: Path) -> Tally:
    rng = random.Random(seed)
    sources = seed_documents(work)
    settings = default_settings().replace(workers=1, max_article_seconds=30.0)
    tally = Tally()
    docs = make_documents(rng, sources, n)
    for start in range(0, n, chunk):
        part = docs[start:start + chunk]
        folder, out = work / f"in_{start:04d}", work / f"out_{start:04d}"
        write_chunk(folder, part)
        for doc in part:
            doc.keys = doc_keys(folder, doc)
        tally.tried += len(part)
        try:
            run_chunk(folder, out, settings)
        except Exception:  # a crash is what we count; find which documents cause it
            tally.crashes += 1
            traceback.print_exc(limit=3)
            tally.crash_docs += find_culprits(part, work / f"alone_{start:04d}", settings)
            continue
        check_run(out, part, tally)
    return tally


def find_culprits(docs: list[Doc], work: Path, settings) -> list[str]:
    culprits = []
    for i, doc in enumerate(docs):
        folder = work / f"in_{i}"
        write_chunk(folder, [Doc(doc.name, doc.data, meta=doc.meta)])
        try:
            run_chunk(folder, work / f"out_{i}", settings)
        except Exception as exc:  # noqa: BLE001 - the point is to find them
            culprits.append(f"{doc.name}: {type(exc).__name__}: {exc}")
    return culprits


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="documents to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chunk", type=int, default=25, help="documents per run (one fresh store each)")
    parser.add_argument("--keep", help="write the documents and runs here instead of a temporary folder")
    args = parser.parse_args(argv)
    import logging
    logging.basicConfig(level=logging.CRITICAL)   # third-party extractors log parse failures we already count
    began = time.time()
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
        tally = fuzz(args.n, args.seed, args.chunk, work)
    else:
        with tempfile.TemporaryDirectory(prefix="sitroom-fuzz-") as tmp:
            tally = fuzz(args.n, args.seed, args.chunk, Path(tmp))
    injections = len(tally.formula_cells) + len(tally.unsafe_html)
    print(f"documents tried:    {tally.tried} (seed {args.seed}; {tally.articles} articles, {tally.errors} errors recorded)")
    print(f"crashes:            {tally.crashes}" + (f"  {tally.crash_docs[:5]}" if tally.crash_docs else ""))
    print(f"lost documents:     {len(tally.lost)}" + (f"  {tally.lost[:5]}" if tally.lost else ""))
    print(f"injections found:   {injections} (formula cells {len(tally.formula_cells)}, "
          f"unsafe briefing {len(tally.unsafe_html)})" + (f"  {(tally.formula_cells + tally.unsafe_html)[:5]}"
                                                          if injections else ""))
    print(f"broken spans:       {len(tally.broken_spans)}" + (f"  {tally.broken_spans[:5]}" if tally.broken_spans else ""))
    print(f"invalid JSON lines: {len(tally.invalid_json)}")
    print(f"seconds:            {time.time() - began:.1f}")
    bad = tally.crashes + len(tally.lost) + injections + len(tally.broken_spans) + len(tally.invalid_json)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
