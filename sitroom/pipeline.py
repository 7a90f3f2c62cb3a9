"""The ordered stages, and the check that each one gets what it needs.

A stage is a module with ``NAME``, ``REQUIRES``, ``PROVIDES`` (sets of
capability names) and ``run(corpus, settings) -> corpus``. Per-article stages
(``PER_ARTICLE = True``) may run in worker processes over batches; corpus
stages see every article at once.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from .errors import SitroomError

# Module paths, in order; each module says itself whether it runs per article.
STAGES: tuple[str, ...] = (
    "sitroom.ingest.clean",
    "sitroom.nlp",
    "sitroom.read.places",
    "sitroom.read.actors",
    "sitroom.read.times",
    "sitroom.read.quotes",
    "sitroom.read.figures",
    "sitroom.read.terms",
    "sitroom.read.wording",
    "sitroom.extract.events",
    "sitroom.link.cues",
    "sitroom.link.dedup",
    "sitroom.link.stories",
    "sitroom.link.events",
    "sitroom.link.contradictions",
    "sitroom.frame",
)


def load_stages(names: tuple[str, ...] = STAGES) -> list[ModuleType]:
    stages = [importlib.import_module(n) for n in names]
    check(stages)
    return stages


def check(stages: list[ModuleType], have: frozenset[str] = frozenset({"raw"})) -> None:
    """Fail at start, not mid-run, when a stage needs what no earlier stage provides."""
    provided = set(have)
    for stage in stages:
        for attr in ("NAME", "REQUIRES", "PROVIDES", "run"):
            if not hasattr(stage, attr):
                raise SitroomError(f"stage {stage.__name__} lacks {attr}", "E000")
        missing = set(stage.REQUIRES) - provided
        if missing:
            raise SitroomError(f"stage {stage.NAME} needs {sorted(missing)}, which no earlier stage provides", "E000")
        provided |= set(stage.PROVIDES)


def per_article(stages: list[ModuleType]) -> list[ModuleType]:
    return [s for s in stages if getattr(s, "PER_ARTICLE", False)]


def corpus_level(stages: list[ModuleType]) -> list[ModuleType]:
    return [s for s in stages if not getattr(s, "PER_ARTICLE", False)]

