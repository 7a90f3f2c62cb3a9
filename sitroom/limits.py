"""Per-article time limits, so one pathological document cannot stall a run."""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator


class ArticleTimeout(Exception):
    """Raised inside the work when an article has used up its time."""


def _on_alarm(signum, frame):
    raise ArticleTimeout()


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after *seconds* (SIGALRM; main thread only, elsewhere no limit).

    Python code is interrupted between bytecodes; a long call into C (a regex,
    an lxml parse) is interrupted when it returns.
    """
    usable = seconds and seconds > 0 and hasattr(signal, "SIGALRM") and \
        threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
