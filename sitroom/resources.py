"""Heavy, shared resources (spaCy pipeline, gazetteer), built once per process.

Stages ask for a resource by name; tests may install a small fake first.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

_lock = threading.Lock()
_built: dict[str, Any] = {}
_factories: dict[str, Callable[[Any], Any]] = {}


def register(name: str, factory: Callable[[Any], Any]) -> None:
    _factories[name] = factory


def get(name: str, settings: Any) -> Any:
    with _lock:
        if name not in _built:
            if name not in _factories:
                _import_default_factories()
            _built[name] = _factories[name](settings)
        return _built[name]


def install(name: str, value: Any) -> None:
    """Use *value* for *name* (tests hand in fakes)."""
    with _lock:
        _built[name] = value


def forget(name: str | None = None) -> None:
    with _lock:
        if name is None:
            _built.clear()
        else:
            _built.pop(name, None)


def _import_default_factories() -> None:
    # Importing the modules registers their make_* factories.
    from . import nlp  # noqa: F401
    from .read import places  # noqa: F401
