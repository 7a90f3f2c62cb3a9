"""Errors a user sees, with searchable codes."""
from __future__ import annotations


class SitroomError(Exception):
    """A problem that stops the whole run (bad settings, unusable store, no input)."""

    code = "E000"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0]}"


# The codes, in one place so the README can list them.
CODES = {
    "E001": "no input files found",
    "E002": "settings file invalid",
    "E003": "store is locked by another run",
    "E004": "store is not a sitroom store or is damaged",
    "E101": "file unreadable (permission, missing, not a regular file)",
    "E102": "text encoding could not be decoded",
    "E103": "file is binary, not text",
    "E104": "article is empty after cleaning",
    "E105": "article too large (see setting max_article_chars)",
    "E106": "manifest line is broken",
    "E107": "JSON Lines record is broken or not an object",
    "E108": "path refused (outside the input folder, or a link leading out)",
    "E109": "duplicate article id in input",
    "E110": "article took too long to process (see setting max_article_seconds)",
    "E120": "a stage failed on this article",
}
