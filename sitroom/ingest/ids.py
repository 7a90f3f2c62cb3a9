"""Stable identifiers derived from content, so a re-run gives the same ids."""
from __future__ import annotations

import hashlib

ID_PREFIX = "a"
ID_HEX_CHARS = 15


def article_id(raw: bytes) -> str:
    """Id of one input document: the same bytes give the same id on every run and machine."""
    return ID_PREFIX + hashlib.sha256(raw).hexdigest()[:ID_HEX_CHARS]


def content_hash(text: str) -> str:
    """Hash of a text (the key for per-article caches)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
