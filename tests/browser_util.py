"""Helpers for the browser tests: launching the system Chromium, watching a page,
serving the web app from a thread, and reading a run directory's rows.

Chromium comes from the Debian package (``apt-get install chromium``); the
tests never download a browser, so ``playwright install`` is not needed.
"""
from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

CHROMIUM = Path("/usr/bin/chromium")
# Quiet, offline Chromium: no sandbox (containers), no GPU, and none of the
# background fetches (updates, sync, safe browsing lists) a fresh profile makes.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[1] / "bench" / "screenshots"

# Where the target mark starts inside its article body, counted in characters of
# the body's text, and that text: the highlight's own offsets, as the reader sees them.
MARK_OFFSET_JS = """(mark) => {
  const body = mark.closest('.body');
  const range = document.createRange();
  range.setStart(body, 0);
  range.setEndBefore(mark);
  return {offset: range.toString().length, body: body.textContent};
}"""


@dataclass
class PageWatch:
    """Console errors, uncaught exceptions and every request a page makes."""
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, page) -> "PageWatch":
        watch = cls()
        page.on("console", watch._on_console)
        page.on("pageerror", lambda exc: watch.errors.append(f"uncaught: {exc}"))
        page.on("request", lambda request: watch.requests.append(request.url))
        return watch

    def _on_console(self, message) -> None:
        # CSP violations and failed loads are reported as console errors too.
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def clear(self) -> None:
        self.errors.clear()
        self.requests.clear()

    def foreign_requests(self, allowed_prefix: str) -> list[str]:
        """Requests that left the allowed origin (data: URIs are not network)."""
        return [url for url in self.requests if not url.startswith((allowed_prefix, "data:"))]


@contextlib.contextmanager
def serve_app(db_path: Path) -> Iterator[str]:
    """The web app over *db_path* on 127.0.0.1, in a thread; yields its base URL."""
    import uvicorn

    from sitroom.web.app import create_app

    # Bind first and hand uvicorn the socket: no window in which another
    # process could take a port we picked but had not bound yet.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db_path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="sitroom-web")
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the web app did not start on 127.0.0.1:{port}")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class RunRows:
    """A run directory's rows, as the scorer and the briefing read them."""
    name: str
    out: Path
    articles: list[dict]
    events: list[dict]
    contradictions: list[dict]
    stories: list[dict]

    @classmethod
    def load(cls, name: str, out: Path) -> "RunRows":
        return cls(name, out, *(read_jsonl(out / f"{name}.jsonl")
                          for name in ("articles", "events", "contradictions", "stories")))

    @property
    def briefing(self) -> Path:
        return self.out / "briefing.html"

    @property
    def db(self) -> Path:
        return self.out / "sitroom.db"

    def body(self, article_id: str) -> str:
        return next(a["body"] for a in self.articles if a["article_id"] == article_id)

    def briefing_evidence(self) -> dict[str, dict]:
        """Evidence rows by the highlight id the briefing gives them (s<article key>-<start>-<end>)."""
        from sitroom.report.briefing import anchor_key

        key = {a["article_id"]: anchor_key(a["article_id"]) for a in self.articles}
        found = {}
        for event in self.events:
            for ev in event.get("evidence") or []:
                if ev["article_id"] in key:
                    found.setdefault(f"s{key[ev['article_id']]}-{ev['start']}-{ev['end']}", ev)
        return found


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
