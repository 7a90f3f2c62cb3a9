"""The command line: a thin shell, but what a user sees first."""
import json

import pytest
from click.testing import CliRunner

from sitroom import __version__
from sitroom.cli import main

STORY = ("Rebels shelled the town of Uyuni on Monday, killing two civilians, the regional governor said.\n\n"
         "\"We will not be intimidated,\" the governor, Ana Quispe, told reporters on Tuesday.\n")


def test_version_settings_and_codes():
    runner = CliRunner()
    assert __version__ in runner.invoke(main, ["--version"]).output
    out = runner.invoke(main, ["settings"]).output
    assert "max_article_seconds" in out and "story_threshold" in out
    assert "[E104]" in runner.invoke(main, ["codes"]).output


def test_serve_and_export_refuse_a_missing_store(tmp_path):
    runner = CliRunner()
    for args in (["serve", "--db", str(tmp_path / "none.db")],
                 ["export", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "x")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and "no store at" in result.output


def test_run_with_nothing_to_read_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["run", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "[E001]" in result.output


@pytest.mark.model
def test_run_reports_what_it_read_and_skipped(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Rebels shell Uyuni\n\n" + STORY, encoding="utf-8")
    (src / "empty.txt").write_text("   \n", encoding="utf-8")
    (src / "manifest.jsonl").write_text(json.dumps({"path": "a.txt", "outlet": "Test Wire",
                                                    "published": "2024-05-15"}) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(src), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "1 article(s) in this run" in result.output
    assert "E106" in result.output and "E104" in result.output  # the broken manifest line and the empty file
    assert "briefing" in result.output and (out / "briefing.html").exists()
    strict = CliRunner().invoke(main, ["run", str(src), "--out", str(tmp_path / "out2"), "--workers", "1",
                                       "--strict"])
    assert strict.exit_code == 1
