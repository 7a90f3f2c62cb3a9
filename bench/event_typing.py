"""ACLED sub-event typing on the CASE 2021 Task 2 snippets; prints figures.

    python bench/event_typing.py [--shared ../shared] [--limit N] [--show 5] [--json out.json]

(Named event_typing, not typing: a bench/typing.py would shadow the standard
library's ``typing`` for every script run from bench/, and numpy, spaCy and
our own model.py import it.)

Reads at run time (never copied into the repo):
  eval-data/case2021-task2-acled-subtypes/test_set_final_release_with_labels.tsv
  1,019 snippets with one label each: 25 ACLED sub-event types, plus five
  "unseen" types (organised crime, disasters, diplomacy, attribution) that are
  not ACLED events and must come out as "not an event".

Each snippet is read as one undated article through the per-article stages;
our label is the sub-event type of the strongest non-historical candidate
that is not a mere reference (EventCandidate.strength, then the order in the
text), "not an event" when there is none. Two figures are printed: END TO END
(every gate of the coder on) and TYPING (the coder's own typing step,
``events.type_sentence``, with the place/date/history gates that exist for
whole articles set aside; no trigger, irrealis, not-happened, a rejection by the
classifier or a reference only still give "not an event"). For both: accuracy,
macro-F1 and weighted F1 over the 26 gold classes, per-class P/R/F1; then the
event_type accuracy, the typing confusions of the worst classes with example
snippets, and, for every snippet we found no event in, the gate of the event
coder that dropped it (see ``why_no_event``).

Anchors: the best CASE 2021 system reached weighted F1 0.839 (a fine-tuned
transformer); our floor is macro-F1 0.75.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitroom import runner  # noqa: E402
from sitroom.model import Article, EventCandidate  # noqa: E402
from sitroom.settings import default_settings  # noqa: E402

NOT_EVENT = "not an event"
DATA = "eval-data/case2021-task2-acled-subtypes/test_set_final_release_with_labels.tsv"

# The shared task's codes spelled as in ACLED's codebook (sub-event types are unique across event types).
LABEL_TO_ACLED: dict[str, tuple[str, str]] = {
    "ARMED_CLASH": ("Battles", "Armed clash"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("Battles", "Non-state actor overtakes territory"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon"),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike"),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb"),
    "ART_MISS_ATTACK": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "REM_EXPLOS": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "GRENADE": ("Explosions/Remote violence", "Grenade"),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence"),
    "ATTACK": ("Violence against civilians", "Attack"),
    "ABDUCT_DISSAP": ("Violence against civilians", "Abduction/forced disappearance"),
    "PEACE_PROTEST": ("Protests", "Peaceful protest"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration"),
    "MOB_VIOL": ("Riots", "Mob violence"),
    "AGREEMENT": ("Strategic developments", "Agreement"),
    "ARREST": ("Strategic developments", "Arrests"),
    "CHANGE_TO_GROUP_ACT": ("Strategic developments", "Change to group/activity"),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use"),
    "HQ_ESTABLISHED": ("Strategic developments", "Headquarters or base established"),
    "PROPERTY_DISTRUCT": ("Strategic developments", "Looting/property destruction"),
    "NON_VIOL_TERRIT_TRANSFER": ("Strategic developments", "Non-violent transfer of territory"),
    "OTHER": ("Strategic developments", "Other"),
}
# Not ACLED events at all: the system should find nothing to code.
UNSEEN_LABELS = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")


def shared_root(given: Optional[str]) -> Path:
    if given:
        return Path(given)
    return Path(os.environ.get("SITROOM_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def gold_label(code: str) -> str:
    if code in LABEL_TO_ACLED:
        return LABEL_TO_ACLED[code][1]
    if code in UNSEEN_LABELS:
        return NOT_EVENT
    raise ValueError(f"unknown CASE label {code!r}: add it to LABEL_TO_ACLED or UNSEEN_LABELS")


def gold_event_type(code: str) -> str:
    return LABEL_TO_ACLED[code][0] if code in LABEL_TO_ACLED else NOT_EVENT


def load_snippets(root: Path, limit: Optional[int] = None) -> list[dict]:
    with open(root / DATA, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return spread(rows, limit)


def spread(rows: list, limit: Optional[int]) -> list:
    """Every k-th row, so a small sample still covers the whole file (and every class of a sorted file)."""
    if not limit or limit >= len(rows):
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


# --------------------------------------------------------------------------- reading

def read_articles(articles: list[Article], settings, batch: int = 64,
                  progress: bool = True) -> dict[str, Article]:
    """The per-article stages over batches (runner.read_batch); returns read articles by id."""
    out: dict[str, Article] = {}
    t0 = time.perf_counter()
    for k in range(0, len(articles), batch):
        done, errors, _ = runner.read_batch(articles[k:k + batch], settings)
        for e in errors:
            print(f"  ! {e.path}: {e.stage}: {e.reason}", file=sys.stderr)
        out.update((a.article_id, a) for a in done)
        if progress:
            print(f"  read {min(k + batch, len(articles))}/{len(articles)} ({time.perf_counter() - t0:.0f}s)",
                  file=sys.stderr)
    return out


def best_candidate(candidates: Iterable[EventCandidate]) -> Optional[EventCandidate]:
    """The strongest non-historical candidate; the first in the text among equals. A reference
    ("claimed responsibility for the bombing") only joins an event told elsewhere and never founds
    one in a run (link/events.py), so alone in a snippet it is no event."""
    current = [c for c in candidates if not c.historical and not c.reference]
    if not current:
        return None
    top = max(c.strength for c in current)
    return next(c for c in current if c.strength == top)


def predicted_label(article: Optional[Article]) -> tuple[str, Optional[EventCandidate]]:
    best = best_candidate(article.candidates) if article is not None else None
    return (best.sub_event_type if best else NOT_EVENT), best


# --------------------------------------------------------------------------- why nothing was coded

def why_no_event(text: str, settings, published: Optional[str] = None) -> tuple[str, Optional[str]]:
    """Replay the event coder's gates on one text and name the first that stopped every trigger.

    Returns e.g. "no trigger", "irrealis: attack", "not happened: agreement",
    "no place in sentence: protest", "coded but historical", "undated outcome: kill";
    with the sub-event type the coder gives the text when the place, date and
    history gates are set aside (see ``replay``), else None.
    """
    article = Article("why", "why.txt", body=text, published=published)
    return replay([article], settings)[0]


def replay(articles: list[Article], settings, batch: int = 64) -> list[tuple[str, Optional[str]]]:
    """For each article: (why the coder found no event, the sub-event type it types the text as).

    Read-only use of sitroom.extract.events: ``type_sentence`` is the coder's own
    typing step (trigger lexicon, irrealis, not-happened, reference and the
    classifier), so the second value is exactly what the coder says of the
    strongest typed sentence (the first among equals) before the gates that
    exist for whole articles (no place in a stand-alone snippet, no date, a
    historical date) are applied; None when no sentence gets a type.
    """
    from sitroom import pipeline
    from sitroom.model import Corpus

    stages = pipeline.per_article(pipeline.load_stages())
    before_events = stages[:[s.NAME for s in stages].index("events")]
    out: list[tuple[str, Optional[str]]] = []
    for k in range(0, len(articles), batch):
        corpus = Corpus(articles=articles[k:k + batch])
        for stage in before_events:
            corpus = stage.run(corpus, settings)
        for article in corpus.articles:
            out.append(_replay_gates(article))
            article.tokens = []  # parses never outlive their batch
    return out


def _replay_gates(article: Article) -> tuple[str, Optional[str]]:
    from sitroom.extract import events as ev

    ctx = ev._ArticleContext(article)
    reasons: list[tuple[int, str]] = []  # (how far the sentence got, why it stopped)
    typed: list[tuple[int, int, str]] = []  # (strength, -sentence, sub-event type) of sentences that got typed
    for sentence in article.sentences:
        typing, why = ev.type_sentence(article, sentence.index, ctx)
        if typing is None:
            if why and why != "no trigger":
                reasons.append((2 if why.startswith("classify") else 1, why))
            continue
        if typing.reference:
            reasons.append((2, f"reference only: {typing.phrase}"))
            continue
        typed.append((typing.strength, -sentence.index, typing.sub_event_type))
        tokens = article.tokens[sentence.token_start:sentence.token_end]
        phrase, trig_tok = typing.phrase, typing.trigger
        when, _ = ev._sentence_time(article, sentence.index, ctx, trig_tok)
        if when is None and typing.strength <= 1 and not ctx.figures(sentence.index):
            reasons.append((3, f"undated outcome: {phrase}"))
            continue
        places, _ = ev._event_places(article, tokens, trig_tok, ctx.places(sentence.index),
                                     ctx.actors(sentence.index), {t.i for t, _, _ in typing.triggers})
        if not places and article.places:  # a report that names no place at all is coded unlocated
            read = _place_names(ctx.places(sentence.index))
            if typing.event_type in (ev.PROTESTS, ev.RIOTS):
                reasons.append((4, f"{_place_gate(read)} ({typing.event_type} never inherits one): {phrase} {read}"))
                continue
            if ev._nearby_place(article, sentence.index, ctx) is None and \
                    ev._country_fallback(article, sentence.index, ctx) is None:
                reasons.append((4, f"{_place_gate(read)}: {phrase} {read}"))
                continue
        reasons.append((5, f"coded but historical: {phrase}"))
    would_be = max(typed)[2] if typed else None
    if not reasons:
        return "no trigger", would_be
    return max(reasons, key=lambda r: r[0])[1], would_be


def _place_names(places) -> list[str]:
    return [f"{p.text}={p.kind}" for p in places]


def _place_gate(read: list[str]) -> str:
    # Two different faults: the gazetteer found nothing, or the parse did not tie what it found to the trigger.
    return "place not tied to trigger" if read else "no place in sentence"


# --------------------------------------------------------------------------- measures

def per_class(gold: list[str], pred: list[str]) -> dict[str, dict]:
    labels = sorted(set(gold) | set(pred))
    out = {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        n_pred = sum(p == label for p in pred)
        n_gold = sum(g == label for g in gold)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[label] = {"precision": prec, "recall": rec, "f1": f1, "support": n_gold, "predicted": n_pred}
    return out


def summary(gold: list[str], pred: list[str]) -> dict:
    """Accuracy, macro-F1 over the gold classes, support-weighted F1 (as the shared task reported)."""
    table = per_class(gold, pred)
    gold_labels = sorted(set(gold))
    total = len(gold)
    macro = sum(table[c]["f1"] for c in gold_labels) / len(gold_labels)
    weighted = sum(table[c]["f1"] * table[c]["support"] for c in gold_labels) / total
    accuracy = sum(g == p for g, p in zip(gold, pred)) / total
    return {"n": total, "accuracy": accuracy, "macro_f1": macro, "weighted_f1": weighted, "per_class": table}


def confusions(gold: list[str], pred: list[str], label: str) -> tuple[Counter, Counter]:
    """(what the gold class was taken for, what the predicted class really was)."""
    taken_for = Counter(p for g, p in zip(gold, pred) if g == label and p != label)
    really = Counter(g for g, p in zip(gold, pred) if p == label and g != label)
    return taken_for, really


# --------------------------------------------------------------------------- main

def evaluate(rows: list[dict], settings, explain: bool = True, progress: bool = True) -> dict:
    """Two figures. End to end: the label of the strongest candidate the coder emits. Typing: the label
    the coder gives the snippet's strongest typed sentence with the place/date/history gates set aside
    (those gates exist for whole articles: a stand-alone snippet has no dateline and often no place);
    snippets with no trigger, or whose triggers irrealis, not-happened or the classifier reject, stay
    "not an event" in both. ``explain=False`` skips the replay, so the typing figure too."""
    articles = [Article(f"case{r['id']}", f"case{r['id']}.txt", body=r["EventSnippet"]) for r in rows]
    read = read_articles(articles, settings, progress=progress)
    records = []
    for r in rows:
        label, best = predicted_label(read.get(f"case{r['id']}"))
        records.append({"id": r["id"], "code": r["SubType"], "gold": gold_label(r["SubType"]),
                        "gold_type": gold_event_type(r["SubType"]), "pred": label,
                        "pred_type": best.event_type if best else NOT_EVENT,
                        "trigger": best.trigger if best else None, "strength": best.strength if best else None,
                        "text": r["EventSnippet"]})
    gold = [r["gold"] for r in records]
    if explain:
        fresh = [Article(f"case{r['id']}", f"case{r['id']}.txt", body=r["text"]) for r in records]
        for rec, (why, would_be) in zip(records, replay(fresh, settings)):
            rec["typed"] = would_be or NOT_EVENT
            if rec["pred"] == NOT_EVENT:
                rec["why"], rec["would_be"] = why, would_be
    result = summary(gold, [r["pred"] for r in records])
    result["event_type_accuracy"] = sum(r["gold_type"] == r["pred_type"] for r in records) / len(records)
    if explain:
        result["typing"] = summary(gold, [r["typed"] for r in records])
    result["records"] = records
    return result


def print_report(result: dict, show: int, worst: int) -> None:
    records = result["records"]
    gold = [r["gold"] for r in records]
    table = result["per_class"]
    typing = result.get("typing")
    print(f"\nCASE 2021 task 2: {result['n']} snippets")
    print(f"  END TO END (the coder's strongest candidate, every gate on): accuracy {result['accuracy']:.3f}  "
          f"macro-F1 {result['macro_f1']:.3f}  weighted F1 {result['weighted_f1']:.3f}  "
          f"event_type accuracy {result['event_type_accuracy']:.3f}")
    if typing:
        print(f"  TYPING (strongest typed sentence, place/date/history gates set aside): "
              f"accuracy {typing['accuracy']:.3f}  macro-F1 {typing['macro_f1']:.3f}  "
              f"weighted F1 {typing['weighted_f1']:.3f}")
    print("  anchors: best shared-task system weighted F1 0.839; our floor macro-F1 0.75")
    print(f"\n{'':<38} {'end to end':^20}  {'typing':^20}")
    print(f"{'class':<38} {'P':>6} {'R':>6} {'F1':>6}  {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    typed_table = typing["per_class"] if typing else {}
    for label in sorted(set(table) | set(typed_table), key=lambda c: (typed_table or table).get(c, {}).get("f1", 0)):
        e = table.get(label, {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "predicted": 0})
        t = typed_table.get(label)
        typed = f"{t['precision']:6.3f} {t['recall']:6.3f} {t['f1']:6.3f}" if t else " " * 20
        print(f"{label:<38} {e['precision']:6.3f} {e['recall']:6.3f} {e['f1']:6.3f}  {typed} "
              f"{e['support']:5d} {e['predicted']:5d}")
    why = Counter(_reason_kind(r["why"]) for r in records if "why" in r and r["gold"] != NOT_EVENT)
    if why:
        print("\nWhy events were missed end to end (gold is an ACLED event, we coded none):")
        for reason, n in why.most_common():
            print(f"  {n:4d}  {reason}")
        gated = sum(1 for r in records if "why" in r and r["gold"] != NOT_EVENT and r.get("would_be") == r["gold"])
        print(f"  of which typed right but dropped by a place/date/history gate: {gated}")
    # Confusions of the typing figure: what the lexicon and patterns get wrong (gates aside).
    shown = typed_table or table
    labels = [r.get("typed", r["pred"]) for r in records]
    ranked = sorted((c for c in shown if shown[c]["support"]), key=lambda c: shown[c]["f1"])[:worst]
    for label in ranked:
        taken_for, really = confusions(gold, labels, label)
        print(f"\n== {label}: typing F1 {shown[label]['f1']:.3f}, end to end F1 {table[label]['f1']:.3f}")
        print("   gold typed as: " + ", ".join(f"{k} {v}" for k, v in taken_for.most_common(5)))
        print("   typed so but was: " + ", ".join(f"{k} {v}" for k, v in really.most_common(5)))
        misses = [r for r in records if r["gold"] == label and r.get("typed", r["pred"]) != label][:show]
        for r in misses:
            extra = (r.get("why") and f"{r['why']}") or f"trigger={r['trigger']!r} strength={r['strength']}"
            print(f"   - [{r['id']}] -> {r.get('typed', r['pred'])} ({extra}): {r['text'][:220]!r}")
        false_alarms = [r for r in records if r.get("typed", r["pred"]) == label and r["gold"] != label][:show]
        for r in false_alarms:
            print(f"   + [{r['id']}] gold {r['gold']} (trigger={r['trigger']!r}): {r['text'][:220]!r}")


def _reason_kind(why: str) -> str:
    return why.split(":")[0]


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared or $SITROOM_SHARED)")
    ap.add_argument("--limit", type=int, help="read only N snippets, evenly spread")
    ap.add_argument("--show", type=int, default=5, help="example snippets per worst class")
    ap.add_argument("--worst", type=int, default=8, help="how many of the worst classes to detail")
    ap.add_argument("--no-explain", action="store_true", help="skip the per-miss replay of the coder's gates")
    ap.add_argument("--json", help="write every record and figure to this file")
    args = ap.parse_args(argv)
    root = shared_root(args.shared)
    if not (root / DATA).exists():
        print(f"{root / DATA} is not here; nothing to measure", file=sys.stderr)
        return 2
    print("Label mapping (CASE code -> ACLED event_type / sub_event_type):")
    for code, (etype, sub) in LABEL_TO_ACLED.items():
        print(f"  {code:<30} {etype} / {sub}")
    for code in UNSEEN_LABELS:
        print(f"  {code:<30} {NOT_EVENT}")
    settings = default_settings()
    rows = load_snippets(root, args.limit)
    result = evaluate(rows, settings, explain=not args.no_explain)
    print_report(result, args.show, args.worst)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
