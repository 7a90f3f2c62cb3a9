"""Smoke tests: each quality bench runs on a tiny slice of its data and its measures behave.

The measures (B-cubed, F1, field matching, date table) are tested on hand-made
inputs; the runs on ../shared/eval-data skip when that folder is absent.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from conftest import EVAL_DATA, SHARED, need

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def bench():
    """Import a bench script as a module (bench/ is not a package)."""
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module
    finally:
        sys.path.remove(str(BENCH))


# --------------------------------------------------------------------------- measures on hand-made inputs

def test_bcubed_perfect_and_one_cluster(bench):
    merge = bench("merge")
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert merge.bcubed(gold, gold) == (1.0, 1.0, 1.0)
    p, r, f = merge.bcubed(gold, {k: "all" for k in gold})
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)


def test_components_join_documents_through_shared_events(bench):
    merge = bench("merge")
    clusters = merge.components(["a", "b", "c", "d"], [["a", "b"], ["b", "c"], ["zz"]])
    assert clusters["a"] == clusters["c"] != clusters["d"]


def test_detokenize_rejoins_punctuation(bench):
    merge = bench("merge")
    assert merge.detokenize(["Reid", "'s", "rep", ",", "33", ",", "said", "(", "Monday", ")", "."]) == \
        "Reid's rep, 33, said (Monday)."


def test_typing_scores_and_label_mapping(bench):
    et = bench("event_typing")
    assert et.gold_label("ART_MISS_ATTACK") == "Shelling/artillery/missile attack"
    assert et.gold_label("DIPLO") == et.NOT_EVENT
    with pytest.raises(ValueError):
        et.gold_label("NO_SUCH_CODE")
    s = et.summary(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert s["accuracy"] == 0.75
    assert s["per_class"]["a"]["recall"] == 0.5 and s["per_class"]["b"]["precision"] == pytest.approx(2 / 3)


def test_best_candidate_prefers_strength_then_order_and_skips_history(bench):
    from sitroom.model import EventCandidate

    et = bench("event_typing")

    def cand(n, strength, historical=False):
        return EventCandidate(f"c{n}", "a", "Battles", "Armed clash", strength=strength, historical=historical)

    assert et.best_candidate([cand(0, 2), cand(1, 3, historical=True), cand(2, 3), cand(3, 3)]).candidate_id == "c2"
    assert et.best_candidate([cand(0, 3, historical=True)]) is None


def test_acled_field_matching(bench):
    an = bench("acled_notes")
    assert an.actor_matches("Military Forces of Armenia (2018-)", "Military Forces of Armenia")
    assert an.actor_matches("Military Forces of Yemen (2016-) Supreme Political Council", "Military Forces of Yemen")
    assert not an.actor_matches("Protesters (Armenia)", "Protesters (Kenya)")
    assert an.actor_matches("", None) and not an.actor_matches("Civilians (Kenya)", None)
    assert an.iso_day("9-May-20") == "2020-05-09" and an.iso_day("31-12-19") == "2019-12-31"
    assert an.km_between(40.18, 44.51, 40.18, 44.51) == 0.0
    assert 20 < an.km_between(40.18, 44.51, 40.40, 44.51) < 30


def test_acled_sample_is_spread_and_fixed(bench):
    an = bench("acled_notes")
    rows = list(range(1000))
    picked = an.sample(rows, 10, seed=3)
    assert picked == an.sample(rows, 10, seed=3)
    assert len(picked) == 10 and all(100 * i <= v < 100 * (i + 1) for i, v in enumerate(picked))


def test_date_table_is_checked_against_resolve(bench):
    dates = bench("dates")
    cases = dates.all_cases()
    assert len(cases) > 100
    wrong = dates.Case("yesterday", "2024-03-06", "2024-03-01", None, 1)
    assert dates.check(wrong) is not None
    assert dates.check(dates.Case("yesterday", "2024-03-06", "2024-03-05", None, 1)) is None


# --------------------------------------------------------------------------- tiny runs on the shared data

@pytest.mark.model
@pytest.mark.slow
def test_typing_bench_runs_on_a_slice(bench):
    need(EVAL_DATA / "case2021-task2-acled-subtypes")
    et = bench("event_typing")
    from sitroom.settings import default_settings

    rows = et.load_snippets(SHARED, limit=6)
    result = et.evaluate(rows, default_settings(), explain=True, progress=False)
    assert result["n"] == 6 and 0.0 <= result["macro_f1"] <= 1.0
    assert all(r["pred"] for r in result["records"])
    assert all("why" in r for r in result["records"] if r["pred"] == et.NOT_EVENT)


@pytest.mark.model
@pytest.mark.slow
def test_protest_docs_bench_runs_on_a_slice(bench):
    need(EVAL_DATA / "glocon-gold-sample")
    pd = bench("protest_docs")
    from sitroom.settings import default_settings

    docs = pd.load_documents(SHARED, 2, 3)
    assert {d["label"] for d in docs} == {0, 1} and sum(d["label"] == 0 for d in docs) == 2
    result = pd.evaluate(docs[:2] + docs[-2:], default_settings())
    assert sum(result["counts"].values()) == 4 and 0.0 <= result["f1"] <= 1.0
    assert set(result["types_by_label"]) == {0, 1}


@pytest.mark.model
@pytest.mark.slow
def test_acled_bench_runs_on_a_slice(bench):
    need(EVAL_DATA / "acled-kenya-2019")
    an = bench("acled_notes")
    from sitroom.settings import default_settings

    path = next(p for p in an.acled_files(SHARED) if p.parent.name == "acled-kenya-2019")
    records = an.evaluate_file(path, 4, 7, default_settings(), progress=False)
    assert len(records) == 4
    acc = an.accuracy(records)
    assert set(acc) == set(an.FIELDS) and all(0.0 <= a <= 1.0 for a, n in acc.values() if n)


@pytest.mark.model
@pytest.mark.slow
def test_merge_bench_runs_on_one_topic(bench, tmp_path):
    need(EVAL_DATA / "ecbplus")
    merge = bench("merge")
    from sitroom.settings import default_settings

    topic, paths = next(iter(merge.ecb_topics(SHARED).items()))
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in paths[:4]:
        (folder / (path.stem + ".txt")).write_text(merge.ecb_text(path), encoding="utf-8")
    got = merge.run_folder(folder, default_settings().replace(workers=1, cache=False))
    assert sorted(got["docs"]) == sorted(p.stem + ".txt" for p in paths[:4])
    assert set(got["story"]) == set(got["docs"])
