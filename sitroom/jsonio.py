"""Reading back the JSON we wrote ourselves (stored records, kept briefing parts), fast."""
from __future__ import annotations

import json
from typing import Any

import orjson


def load_json(text: str) -> Any:
    """A record we stored, back from its JSON. orjson reads our rows two to three times as fast as json
    (the briefing and a rerun's linking decode tens of thousands of them); what it refuses and json
    takes (NaN, Infinity) is read by json. orjson would read an integer past 64 bits as a float; our
    records hold none (figures stop at ten million, offsets at an article's length, years at MAX_YEAR)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
