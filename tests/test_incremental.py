"""Incremental runs: new articles are linked into a stored corpus without relinking the rest."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sitroom import runner
from sitroom.link import dedup, incremental
from sitroom.model import Article
from sitroom.settings import default_settings
from sitroom.store.db import Store

DEMO = Path(runner.__file__).parent / "demo" / "corpus"
LATE = ("03_", "07_")   # two demo articles (from outlets with no other article) that arrive in a second run

# Our own article, years after the demo's story and about another country: it can touch nothing stored.
FAR_AWAY = """Flooding cuts road to northern towns

Heavy rain washed away a bridge on the main road north of Tarija on Monday, the regional
roads office said, leaving several villages without supplies for the second day.

"Crews will need at least a week," an engineer with the office told reporters.
"""


def _copy_demo(dest: Path, leave_out: tuple[str, ...] = ()) -> Path:
    shutil.copytree(DEMO, dest)
    for name in leave_out:
        for path in dest.glob(f"{name}*"):
            path.unlink()
    lines = [line for line in (dest / "manifest.jsonl").read_text().splitlines()
             if line.strip() and not json.loads(line)["path"].startswith(leave_out)]
    (dest / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    return dest


def _far_away_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "late"
    folder.mkdir()
    (folder / "flood.txt").write_text(FAR_AWAY, encoding="utf-8")
    (folder / "manifest.jsonl").write_text(json.dumps(
        {"path": "flood.txt", "outlet": "Valley Ledger", "published": "2031-02-11", "language": "en"}) + "\n")
    return folder


def _events(out: Path) -> set[tuple]:
    rows = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    return {(e["event_id"], e["event_date"], e["sub_event_type"], e["location"], e["actor1"], e["actor2"],
             e["fatalities"], e["disputed"], tuple(e["sources"])) for e in rows}


def _ids(out: Path, name: str, key: str) -> set[str]:
    return {json.loads(line)[key] for line in (out / f"{name}.jsonl").read_text().splitlines()}


@pytest.fixture(scope="module")
def settings():
    return default_settings().replace(workers=1)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, settings):
    """The demo without two articles, then the whole demo on the same store; and one whole run."""
    base = tmp_path_factory.mktemp("incremental")
    part, whole = _copy_demo(base / "part", LATE), _copy_demo(base / "whole")
    store = base / "store.db"
    runner.run([str(part)], base / "first", settings, db_path=store)
    stored = base / "after-first.db"
    shutil.copy(store, stored)
    calls = []
    real = incremental.link_into

    def spy(*args, **kwargs):
        calls.append(real(*args, **kwargs))
        return calls[-1]  # the runner reports from it

    incremental.link_into = spy
    try:
        second = runner.run([str(whole)], base / "second", settings, db_path=store)
    finally:
        incremental.link_into = real
    runner.run([str(whole)], base / "fresh", settings)
    return {"base": base, "whole": whole, "store": store, "stored": stored, "calls": calls, "second": second}


@pytest.mark.model
@pytest.mark.slow
def test_new_articles_are_linked_into_the_store_not_relinked_from_scratch(two_runs):
    assert len(two_runs["calls"]) == 1
    counts = two_runs["calls"][0].counts()
    assert counts["new"] == 2
    assert two_runs["second"].articles_read == 2


@pytest.mark.model
@pytest.mark.slow
def test_linking_in_two_runs_finds_the_events_of_one_run(two_runs):
    base = two_runs["base"]
    assert _events(base / "second") == _events(base / "fresh")
    assert _ids(base / "second", "contradictions", "contradiction_id") == _ids(base / "fresh", "contradictions",
                                                                              "contradiction_id")
    assert _ids(base / "second", "articles", "article_id") == _ids(base / "fresh", "articles", "article_id")


def _rows(out: Path, name: str) -> list[str]:
    return sorted(json.dumps(json.loads(line), sort_keys=True) for line in (out / f"{name}.jsonl").read_text().splitlines())


@pytest.mark.model
@pytest.mark.slow
def test_framing_voices_and_blindspots_linked_in_are_those_of_one_run(two_runs):
    """Linking in recomputes them only for the stories and names the new articles touch; the rest stay
    as stored, and the whole must be what one run over everything gives."""
    base = two_runs["base"]
    assert _ids(base / "second", "stories", "story_id") == _ids(base / "fresh", "stories", "story_id")
    for name in ("framing", "voices", "blindspots"):
        assert _rows(base / "second", name) == _rows(base / "fresh", name), name


@pytest.mark.model
@pytest.mark.slow
def test_an_article_far_from_everything_relinks_only_itself(two_runs, settings, tmp_path, monkeypatch):
    store = tmp_path / "store.db"
    shutil.copy(two_runs["store"], store)
    folder = _far_away_folder(tmp_path)
    calls = []
    real = incremental.link_into
    monkeypatch.setattr(incremental, "link_into", lambda *a, **k: calls.append(real(*a, **k)) or calls[-1])
    runner.run([str(folder)], tmp_path / "out", settings, db_path=store)
    assert calls and calls[0].relinked_articles == 1 and calls[0].events_replaced == 0
    # everything stored before is still there, unchanged
    before = _events(two_runs["base"] / "second")
    assert before <= _events(tmp_path / "out")


@pytest.mark.model
@pytest.mark.slow
def test_a_briefing_reusing_kept_story_sections_is_the_briefing_made_afresh(two_runs, settings, tmp_path, monkeypatch):
    from sitroom.report import briefing

    store = tmp_path / "store.db"
    shutil.copy(two_runs["store"], store)
    folder = _far_away_folder(tmp_path)
    reused, real = [], briefing.KeptParts.reuse
    monkeypatch.setattr(briefing.KeptParts, "reuse", lambda self, *a: reused.append(real(self, *a)) or reused[-1])
    runner.run([str(folder)], tmp_path / "out", settings, db_path=store)
    stories = len(_ids(tmp_path / "out", "stories", "story_id"))
    # the demo's stories come from the last briefing; the new article's story is built
    assert sum(part is not None for part in reused) == stories - 1 and len(reused) == stories
    afresh = briefing.render(briefing.load_bundle(tmp_path / "out"))
    assert (tmp_path / "out" / "briefing.html").read_text(encoding="utf-8") == afresh


@pytest.mark.model
@pytest.mark.slow
def test_other_linking_settings_relink_the_whole_store(two_runs, settings, tmp_path, monkeypatch):
    store = tmp_path / "store.db"
    shutil.copy(two_runs["stored"], store)
    monkeypatch.setattr(incremental, "link_into", lambda *a, **k: pytest.fail("linked incrementally"))
    other = settings.replace(story_threshold=0.5)
    runner.run([str(two_runs["whole"])], tmp_path / "out", other, db_path=store)
    runner.run([str(two_runs["whole"])], tmp_path / "fresh", other)
    assert _events(tmp_path / "out") == _events(tmp_path / "fresh")
    assert _ids(tmp_path / "out", "stories", "story_id") == _ids(tmp_path / "fresh", "stories", "story_id")


@pytest.mark.model
@pytest.mark.slow
def test_a_failure_while_linking_in_falls_back_to_a_whole_relink(two_runs, settings, tmp_path, monkeypatch):
    store = tmp_path / "store.db"
    shutil.copy(two_runs["stored"], store)

    def broken(*args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(incremental, "link_into", broken)
    summary = runner.run([str(two_runs["whole"])], tmp_path / "out", settings, db_path=store)
    assert summary.articles_read == 2 and not summary.errors
    assert _events(tmp_path / "out") == _events(two_runs["base"] / "fresh")


@pytest.mark.model
@pytest.mark.slow
def test_a_rerun_with_nothing_new_links_nothing(two_runs, settings, tmp_path, monkeypatch):
    store = tmp_path / "store.db"
    shutil.copy(two_runs["store"], store)
    monkeypatch.setattr(incremental, "link_into", lambda *a, **k: pytest.fail("linked incrementally"))
    monkeypatch.setattr(runner, "_link_whole_store", lambda *a, **k: pytest.fail("relinked the store"))
    summary = runner.run([str(two_runs["whole"])], tmp_path / "out", settings, db_path=store)
    assert summary.articles_read == 0
    assert _events(tmp_path / "out") == _events(two_runs["base"] / "second")


# --------------------------------------------------------------------------- no model needed

def test_stored_sketches_find_the_same_copies_as_fresh_ones():
    story = " ".join(f"word{i}" for i in range(200))
    articles = [Article("a1", "a1.txt", body=story, published="2024-01-01"),
                Article("a2", "a2.txt", body=story + " with one more line at the end", published="2024-01-02"),
                Article("a3", "a3.txt", body=" ".join(f"other{i}" for i in range(200)), published="2024-01-01")]
    fresh = dedup.build_index(articles[:2], 0.7)
    rows = [row + (fresh.original_of(row[0]) if fresh.original_of(row[0]) != row[0] else None,)
            for row in fresh.rows()]
    stored = dedup.DuplicateIndex.from_rows(rows, 0.7)
    assert stored.duplicate_map() == fresh.duplicate_map() == {"a2": "a1"}
    late = Article("a4", "a4.txt", body=story + " and a different last line", published="2024-01-03")
    assert stored.query(late) == fresh.query(late) == ["a1", "a2"]
    assert stored.query(articles[2]) == []


def test_the_link_state_names_the_linking_settings():
    base = default_settings()
    assert incremental.link_state(base, "v1") == incremental.link_state(base.replace(workers=3), "v1")
    assert incremental.link_state(base, "v1") != incremental.link_state(base.replace(story_threshold=0.3), "v1")
    assert incremental.link_state(base, "v1") != incremental.link_state(base, "v2")


@pytest.mark.model
@pytest.mark.slow
def test_the_store_files_each_briefing_row_under_the_field_it_was_written_with(two_runs):
    # the briefing groups these rows by story from the filed value alone, without decoding them
    store = Store(two_runs["store"], readonly=True)
    try:
        for kind, field in (("claims", "article_id"), ("framing", "story_id"), ("voices", "story_id"),
                            ("blindspots", "story_id")):
            filed = list(store.report_filed(kind))
            assert filed, kind
            assert [json.loads(text).get(field) for _, text in filed] == [value for value, _ in filed], kind
    finally:
        store.close()
