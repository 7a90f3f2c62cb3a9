"""Whole runs scored by the shared scorer: floors that only rise.

The seeds are five real articles; the demo corpus is our own invented
conflict, so it checks that the method is not keyed to the seeds' wording.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitroom import runner
from sitroom.settings import default_settings

from conftest import FIXTURES, GOLD, SCORER, SEEDS, need

DEMO = Path(__file__).resolve().parents[1] / "sitroom" / "demo" / "corpus"

SEED_FLOORS = {
    "cleaning.noise_removed": 0.95, "cleaning.content_kept": 1.0, "titles.exact": 1.0, "stories.bcubed_f1": 1.0,
    "events.recall": 0.9, "events.precision": 0.85, "events.sub_type_ok": 0.9, "events.fatalities_ok": 0.9,
    "events.actor1_ok": 0.85, "events.actor2_ok": 0.7, "events.disputed_ok": 0.9, "events.sources_recall": 0.9,
    "claims.recall": 0.9, "claims.speaker_ok": 0.85, "claims.kind_ok": 0.85, "contradictions.recall": 1.0,
    "framing.recall": 0.9, "provenance.grounded": 1.0,
}
DEMO_FLOORS = {
    "cleaning.content_kept": 1.0, "cleaning.noise_removed": 1.0, "titles.exact": 1.0, "stories.bcubed_f1": 1.0,
    "events.recall": 0.9, "events.precision": 0.95, "events.sub_type_ok": 0.9, "events.actor1_ok": 0.9,
    "events.actor2_ok": 0.9, "events.fatalities_ok": 0.9, "events.sources_recall": 0.9, "events.disputed_ok": 0.9,
    "claims.recall": 0.95, "claims.speaker_ok": 0.9, "contradictions.recall": 1.0, "framing.recall": 0.95,
    "provenance.grounded": 1.0,
}
CEILINGS = {"events.forbidden_dates": 0, "events.redundancy": 1.5}


def _score(gold: Path, run_dir: Path) -> dict:
    out = subprocess.run([sys.executable, str(need(SCORER)), "--gold", str(gold), "--run", str(run_dir), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out[:out.rindex("}") + 1])


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    runner.run([str(need(SEEDS))], out, default_settings().replace(workers=1))
    return out


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    runner.run([str(DEMO)], out, default_settings().replace(workers=1))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("key,floor", sorted(SEED_FLOORS.items()))
def test_seed_scores_stay_above_their_floors(seed_run, key, floor):
    result = _score(need(GOLD), seed_run)
    assert result[key] is not None and result[key] >= floor, f"{key}={result[key]} < {floor}"


@pytest.mark.slow
@pytest.mark.parametrize("key,ceiling", sorted(CEILINGS.items()))
def test_no_event_from_captions_or_history_and_reports_are_merged(seed_run, demo_run, key, ceiling):
    for result in (_score(need(GOLD), seed_run), _score(FIXTURES / "demo.gold.json", demo_run)):
        assert result[key] is not None and result[key] <= ceiling, f"{key}={result[key]} > {ceiling}"


@pytest.mark.slow
@pytest.mark.parametrize("key,floor", sorted(DEMO_FLOORS.items()))
def test_demo_scores_stay_above_their_floors(demo_run, key, floor):
    result = _score(FIXTURES / "demo.gold.json", demo_run)
    assert result[key] is not None and result[key] >= floor, f"{key}={result[key]} < {floor}"


@pytest.mark.slow
def test_every_event_and_claim_points_back_to_its_sentence(demo_run):
    bodies = {json.loads(l)["article_id"]: json.loads(l)["body"] for l in (demo_run / "articles.jsonl").open()}
    for line in (demo_run / "events.jsonl").open():
        event = json.loads(line)
        assert event["evidence"], event["event_id"]
        for ev in event["evidence"]:
            assert bodies[ev["article_id"]][ev["start"]:ev["end"]] == ev["text"]
    for line in (demo_run / "claims.jsonl").open():
        claim = json.loads(line)
        assert bodies[claim["article_id"]][claim["start"]:claim["end"]] == claim["text"]
