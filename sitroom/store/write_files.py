"""Writes a store's run-directory files in a process of its own (see rundir.files_writer).

The job comes on standard input as one JSON object: the store's path, the
output folder, the actors' kinds, the run's info and its errors. Exit status 0
means every file is in place; anything else, that the caller must write them.
"""
from __future__ import annotations

import json
import sys

from .db import Store
from .rundir import write_store


def main() -> int:
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    store = Store(job["db"], readonly=True)
    try:
        write_store(store, job["out"], job["actor_kinds"], job["run"], job["errors"],
                    briefing_max_stories=1, briefing=False)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
