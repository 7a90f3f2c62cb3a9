"""Shared fixtures: the spaCy pipeline is loaded once per test session."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitroom.settings import default_settings

SHARED = Path(os.environ.get("SITROOM_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "eval" / "seeds.gold.json"
SCORER = SHARED / "eval" / "score.py"
EVAL_DATA = SHARED / "eval-data"
FIXTURES = Path(__file__).parent / "fixtures"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (the ../shared folder is absent on this machine)")
    return path


@pytest.fixture(scope="session")
def settings():
    return default_settings()


@pytest.fixture(scope="session")
def parse(settings):
    """parse(text, published=None, outlet=None) -> Article with tokens, sentences, mentions."""
    from sitroom import nlp
    from sitroom.model import Article

    def _parse(text: str, published: str | None = None, outlet: str | None = None, article_id: str = "t1"):
        article = Article(article_id=article_id, path=f"{article_id}.txt", body=text, published=published, outlet=outlet)
        nlp.fill_from_doc(article, nlp.resources.get("nlp", settings)(text))
        return article

    return _parse


@pytest.fixture(scope="session")
def read_events(settings, parse):
    """read_events(text, published) -> Article read by every per-article stage, event candidates included."""
    from sitroom import pipeline
    from sitroom.model import Corpus
    stages = pipeline.per_article(pipeline.load_stages())[1:]

    def _read(text: str, published: str):
        article = parse(text, published=published, outlet="Test Wire")
        corpus = Corpus(articles=[article])
        for stage in stages:
            corpus = stage.run(corpus, settings)
        return article

    return _read


@pytest.fixture(scope="session")
def seed_manifest():
    need(SEEDS)
    rows = [json.loads(line) for line in (SEEDS / "manifest.jsonl").read_text().splitlines() if line.strip()]
    return {r["path"]: r for r in rows}


@pytest.fixture(scope="session")
def gold():
    return json.loads(need(GOLD).read_text())
