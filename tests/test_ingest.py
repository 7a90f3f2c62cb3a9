"""Reading inputs: formats, manifests, encodings, bad files, stable ids."""
from __future__ import annotations

import io
import json
import os

import pytest

from sitroom.ingest.ids import article_id, content_hash
from sitroom.ingest.read import decode_bytes, discover, valid_date
from sitroom.model import Article, ProcessingError
from sitroom.settings import default_settings

SETTINGS = default_settings()
STORY = "Shelling hit the town on Monday, officials said.\n\nTwo people were wounded.\n"


def read(inputs, settings=SETTINGS, stdin=None):
    items = list(discover([str(i) for i in inputs], settings, stdin=stdin))
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ProcessingError)])


def codes(errors):
    return sorted(e.code for e in errors)


# --------------------------------------------------------------------------- ids

def test_article_id_is_stable_and_content_based():
    assert article_id(b"same text") == article_id(b"same text")
    assert article_id(b"same text") != article_id(b"other text")
    assert article_id(b"x").startswith("a") and len(article_id(b"x")) == 16
    assert content_hash("abc") == content_hash("abc") != content_hash("abd")


def test_same_file_read_twice_gives_the_same_id(tmp_path):
    (tmp_path / "one.txt").write_text(STORY, encoding="utf-8")
    first, _ = read([tmp_path])
    second, _ = read([tmp_path])
    assert first[0].article_id == second[0].article_id


# --------------------------------------------------------------------------- formats

def test_folder_walk_reads_txt_html_and_jsonl_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a.html").write_text("<html><body><p>Page text here.</p></body></html>", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.jsonl").write_text(json.dumps({"text": "Record one."}) + "\n" + json.dumps({"html": "<p>Two</p>"}) + "\n",
                                 encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    articles, errors = read([tmp_path])
    assert errors == []
    assert [os.path.basename(a.path).split(":")[0] for a in articles] == ["a.html", "b.txt", "c.jsonl", "c.jsonl"]
    assert [a.raw_format for a in articles] == ["html", "txt", "txt", "html"]
    assert articles[1].raw == STORY
    assert articles[1].path == str(tmp_path / "b.txt")


def test_single_file_path_is_kept_as_given(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    articles, _ = read([path])
    assert articles[0].path == str(path)
    assert articles[0].content_hash == content_hash(STORY)


def test_jsonl_records_keep_their_fields_and_bad_lines_become_e107(tmp_path):
    lines = [
        json.dumps({"text": "First story body.", "url": "https://example.org/a", "outlet": "Example Daily",
                    "published": "2024-03-05", "title": "A headline", "language": "en", "id": "rec-1"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Third story body."}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = read([path])
    assert [a.raw for a in articles] == ["First story body.", "Third story body."]
    first = articles[0]
    assert (first.article_id, first.url, first.outlet, first.published, first.title, first.language) == (
        "rec-1", "https://example.org/a", "Example Daily", "2024-03-05", "A headline", "en")
    assert codes(errors) == ["E107", "E107", "E107"]
    assert {e.path for e in errors} == {f"{path}:2", f"{path}:3", f"{path}:4"}


def test_stdin_dash_reads_json_lines():
    stream = io.BytesIO((json.dumps({"text": "From a pipe."}) + "\n\n" + "oops\n").encode("utf-8"))
    articles, errors = read(["-"], stdin=stream)
    assert articles[0].raw == "From a pipe."
    assert codes(errors) == ["E107"]
    assert errors[0].path == "<stdin>:3"


def test_duplicate_ids_keep_the_first_and_report_e109(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY, encoding="utf-8")
    articles, errors = read([tmp_path])
    assert [os.path.basename(a.path) for a in articles] == ["a.txt"]
    assert codes(errors) == ["E109"] and errors[0].path.endswith("b.txt")


def test_txt_holding_an_html_page_is_read_as_html(tmp_path):
    (tmp_path / "saved.txt").write_text("<!DOCTYPE html><html><body><p>Hi there.</p></body></html>", encoding="utf-8")
    articles, _ = read([tmp_path])
    assert articles[0].raw_format == "html"


# --------------------------------------------------------------------------- manifest

def test_manifest_fills_metadata_and_reports_broken_lines(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY + "More.\n", encoding="utf-8")
    rows = [json.dumps({"path": "a.txt", "outlet": "Example Times", "published": "2023-02-31", "language": "en"}),
            "{broken",
            json.dumps({"outlet": "no path"}),
            json.dumps({"path": "b.txt", "outlet": "Other Post", "published": "2023-06-28", "title": "Given"})]
    (tmp_path / "manifest.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    articles, errors = read([tmp_path])
    by_name = {os.path.basename(a.path): a for a in articles}
    assert set(by_name) == {"a.txt", "b.txt"}   # the manifest itself is not an article
    assert by_name["a.txt"].outlet == "Example Times"
    assert by_name["a.txt"].published is None   # 31 February: refused, never guessed
    assert (by_name["b.txt"].published, by_name["b.txt"].title) == ("2023-06-28", "Given")
    assert codes(errors) == ["E106", "E106"]


def test_manifest_refuses_traversal_absolute_paths_and_links_out(tmp_path):
    inside = tmp_path / "in"
    inside.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("outside the folder", encoding="utf-8")
    (inside / "ok.txt").write_text(STORY, encoding="utf-8")
    (inside / "link.txt").symlink_to(outside)
    rows = [json.dumps({"path": "../secret.txt", "outlet": "X"}),
            json.dumps({"path": str(outside), "outlet": "X"}),
            json.dumps({"path": "link.txt", "outlet": "X"}),
            json.dumps({"path": "ok.txt", "outlet": "Fine"})]
    (inside / "manifest.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    articles, errors = read([inside])
    assert [os.path.basename(a.path) for a in articles] == ["ok.txt"]
    assert articles[0].outlet == "Fine"
    assert all(a.raw != "outside the folder" for a in articles)
    # three refused manifest lines, plus the link itself refused by the folder walk
    assert codes(errors) == ["E108"] * 4


def test_seed_folder_reads_with_its_manifest(seed_manifest):
    from tests.conftest import SEEDS
    articles, errors = read([SEEDS])
    assert errors == []
    assert len(articles) == len(seed_manifest)
    for article in articles:
        meta = seed_manifest[os.path.basename(article.path)]
        assert (article.outlet, article.published) == (meta["outlet"], meta["published"])


# --------------------------------------------------------------------------- encodings and bad files

RUSSIAN = "Обстрел продолжался всю ночь, сообщили местные власти."
FRENCH = "Les négociations ont repris à Genève après une trêve fragile, a déclaré le ministère."


@pytest.mark.parametrize("data, expected", [
    (RUSSIAN.encode("cp1251"), RUSSIAN),
    (FRENCH.encode("latin-1"), FRENCH),
    (FRENCH.encode("utf-16"), FRENCH),                  # with BOM
    ("\ufeff".encode("utf-8") + FRENCH.encode("utf-8"), FRENCH),
    (FRENCH.encode("utf-8"), FRENCH),
])
def test_decoding(tmp_path, data, expected):
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    articles, errors = read([path])
    assert errors == []
    assert articles[0].raw == expected


def test_invalid_utf8_still_decodes_to_text(tmp_path):
    data = FRENCH.encode("utf-8") + b" \xff\xfe broken tail " + FRENCH.encode("utf-8")
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    articles, errors = read([path])
    assert errors == []
    assert articles[0].raw.count("Genève") == 2 and "\ufffd" in articles[0].raw


def test_binary_file_is_e103(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    articles, errors = read([path])
    assert articles == [] and codes(errors) == ["E103"]


def test_control_characters_without_nul_are_e103():
    decoded = decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 50, "x.txt")
    assert decoded.error is not None and decoded.error.code == "E103"


def test_oversized_file_is_e105(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(STORY * 10, encoding="utf-8")
    articles, errors = read([path], settings=SETTINGS.replace(max_file_bytes=50))
    assert articles == [] and codes(errors) == ["E105"]


def test_missing_and_unreadable_files_are_e101(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(STORY, encoding="utf-8")
    locked.chmod(0)
    try:
        articles, errors = read([tmp_path / "nope.txt", locked])
    finally:
        locked.chmod(0o644)
    if os.geteuid() == 0:   # root reads anything: only the missing file fails
        assert codes(errors) == ["E101"]
    else:
        assert articles == [] and codes(errors) == ["E101", "E101"]


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").write_text(STORY, encoding="utf-8")
    articles, errors = read([tmp_path])
    assert len(articles) == 1 and codes(errors) == ["E103"]


@pytest.mark.parametrize("value, expected", [
    ("2023-06-28", "2023-06-28"), ("2023-06-28T10:00:00Z", "2023-06-28"), ("2023-02-31", None),
    ("28 June 2023", None), ("", None), (None, None)])
def test_valid_date(value, expected):
    assert valid_date(value, "here") == expected


def test_control_share_counts_unicode_controls_except_whitespace_and_replacements():
    import unicodedata

    from sitroom.ingest.read import _control_share

    for code in range(0x3000):
        char = chr(code)
        counted = unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v" or char == "\ufffd"
        assert _control_share("ab" + char + "d") == (0.25 if counted else 0.0), hex(code)
    assert _control_share("\ufffd\x00ok\n") == 0.4
