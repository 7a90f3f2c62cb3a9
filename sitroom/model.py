"""The typed objects that flow through sitroom's stages.

Every object read from text carries ``article_id``, ``start`` and ``end`` into
the cleaned body of its article, so that ``body[start:end] == text`` holds and
provenance is never lost. Objects are plain dataclasses; ``to_dict`` and
``from_dict`` round-trip them through JSON-friendly dicts.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Optional

KILLED, WOUNDED, ARRESTED, MISSING, DISPLACED = "killed", "wounded", "arrested", "missing", "displaced"
CASUALTIES = "casualties"  # killed and wounded together, never counted as deaths
FIGURE_CATEGORIES = (KILLED, WOUNDED, ARRESTED, MISSING, DISPLACED, CASUALTIES)
CLAIM_KINDS = ("statement", "claim", "accusation", "denial", "appeal")


class Record:
    """Mixin: dict round-trip for dataclasses, nested ones included."""

    __slots__ = ()  # so that the readings below can be slotted: a store's projections hold millions of them

    def to_dict(self) -> dict[str, Any]:
        return {name: _plain(getattr(self, name)) for name in _stored_fields(type(self))}

    def stored_fields(self) -> dict[str, Any]:
        """The stored fields as they are (nested records left as records): to_dict, one level deep."""
        return {name: getattr(self, name) for name in _stored_fields(type(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        return cls(**{name: revive(data[name]) for name, revive in _revivers(cls) if name in data})


@functools.cache
def _stored_fields(cls) -> tuple[str, ...]:
    # asked once per class: dataclasses.fields() is slow enough to dominate writing a large run
    return tuple(f.name for f in dataclasses.fields(cls) if not f.metadata.get("transient"))


@functools.cache
def _revivers(cls) -> tuple[tuple[str, Any], ...]:
    """Per stored field, the function that turns its JSON value back into the typed one.

    Built once per class from the type hints: reading them again for every
    value made loading a large store spend most of its time in typing.
    """
    hints = typing.get_type_hints(cls)
    return tuple((name, _reviver(hints[name])) for name in _stored_fields(cls))


def _plain(value):
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _as_is(value):
    return value


def _reviver(hint):
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _reviver(inner[0]) if len(inner) == 1 else _as_is
    if origin is list and args:
        item = _reviver(args[0])
        if item is _as_is:
            return lambda value: None if value is None else list(value)
        return lambda value: None if value is None else [item(v) for v in value]
    if isinstance(hint, type) and issubclass(hint, Record):
        return lambda value: hint.from_dict(value) if isinstance(value, dict) else value
    return _as_is


def transient(default_factory=None, default=None):
    """A field that lives only in memory (never serialised or cached)."""
    if default_factory is not None:
        return field(default_factory=default_factory, metadata={"transient": True}, repr=False, compare=False)
    return field(default=default, metadata={"transient": True}, repr=False, compare=False)


# --------------------------------------------------------------------------- spans read from text

@dataclass(slots=True)
class Span(Record):
    """A piece of one article's cleaned body."""
    article_id: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Token(Record):
    """One token of the parse, as our own object (spaCy stays inside nlp.py)."""
    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    sent: int
    ent_type: str = ""
    ent_iob: str = ""
    like_num: bool = False
    is_punct: bool = False


@dataclass(slots=True)
class Sentence(Record):
    index: int
    start: int
    end: int
    text: str
    token_start: int = 0
    token_end: int = 0
    paragraph: int = 0


@dataclass(slots=True)
class Mention(Record):
    """A named entity or noun phrase mention."""
    article_id: str
    start: int
    end: int
    text: str
    label: str                       # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, DATE, TIME, CARDINAL ...
    sentence: int = 0
    token_start: int = 0
    token_end: int = 0


@dataclass(slots=True)
class Place(Record):
    """A place mention resolved against the gazetteer."""
    article_id: str
    start: int
    end: int
    text: str
    sentence: int
    name: str                        # the gazetteer's preferred name
    country: Optional[str] = None
    iso: Optional[str] = None        # ISO 3166-1 alpha-2
    iso3: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    kind: str = "populated place"    # populated place | region | country | territory
    geo_precision: int = 1           # ACLED: 1 the town itself, 2 near it / a small district, 3 a larger region
    geonameid: Optional[int] = None
    population: int = 0


@dataclass(slots=True)
class Actor(Record):
    """A mention of a party to the conflict, normalised to a canonical actor."""
    article_id: str
    start: int
    end: int
    text: str
    sentence: int
    name: str                        # canonical, ACLED-like: "Military Forces of Azerbaijan (2003-)"
    kind: str = "other"              # state_forces | rebels | militia | civilians | protesters | police | peacekeepers | government | international | other
    country: Optional[str] = None
    side: Optional[str] = None       # a stable key for the party: the country or the group


@dataclass(slots=True)
class TimeExpr(Record):
    """A date or time expression resolved against the publication date."""
    article_id: str
    start: int
    end: int
    text: str
    sentence: int
    date: Optional[str] = None       # ISO date of the (first) day meant
    end_date: Optional[str] = None   # last day for ranges ("last week")
    time_precision: int = 1          # ACLED: 1 day, 2 week, 3 month or vaguer
    part_of_day: Optional[str] = None
    historical: bool = False         # before the article's news window (a war years earlier)


@dataclass(slots=True)
class Figure(Record):
    """A reported count of people killed, wounded, arrested, missing or displaced."""
    article_id: str
    start: int
    end: int
    text: str                        # the number as written, e.g. "at least 200"
    sentence: int
    category: str                    # one of FIGURE_CATEGORIES
    best: Optional[int] = None
    low: Optional[int] = None
    high: Optional[int] = None
    group: Optional[str] = None      # soldiers, civilians, peacekeepers, protesters, people ...
    source: Optional[str] = None     # who the figure is attributed to
    claim_id: Optional[str] = None
    historical: bool = False


@dataclass(slots=True)
class Claim(Record):
    """Who said what: a quote or reported statement with its speaker."""
    claim_id: str
    article_id: str
    start: int
    end: int
    text: str
    speaker: Optional[str] = None
    speaker_role: Optional[str] = None
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None
    cue: Optional[str] = None
    kind: str = "statement"          # one of CLAIM_KINDS
    direct: bool = False
    sentence: int = 0
    event_id: Optional[str] = None
    party: Optional[str] = None      # the side of the speaker, when known


@dataclass(frozen=True, slots=True)
class EventSignal(Record):
    """What one reported event says about the story: its kind, day and place."""
    event_type: str
    sub_event_type: str
    day: int
    precise_day: bool
    latitude: Optional[float]
    longitude: Optional[float]
    admin1: Optional[str]
    region_only: bool


@dataclass(slots=True)
class StoryCues(Record):
    """What story linking compares of one article besides its words: the names it uses (normalised), the
    towns it names, the events it reports, the day its own dates point to most, and its first sentence.
    Read with the article, so that linking a large store never loads every mention, place, date and
    event candidate again."""
    entities: list[str] = field(default_factory=list)
    towns: list[list[float]] = field(default_factory=list)   # [latitude, longitude], rounded
    events: list[EventSignal] = field(default_factory=list)
    dated_day: Optional[int] = None
    lead: str = ""


@dataclass(slots=True)
class Wording(Record):
    """How one article names a contested thing, as framing compares it across outlets: a phrase of one
    family ("the punitive operation"), or a place or an armed group under one of its names."""
    article_id: str
    start: int
    end: int
    text: str                        # body[start:end]
    source: str                      # phrase | place | group
    referent: str                    # phrase: what it names; place or group: its canonical name
    per_story: bool = False          # a phrase that names nothing named ("the offensive") names it in its story
    attributed: bool = False         # inside a quote or reported claim: the outlet only reports the words


@dataclass(slots=True)
class Voicing(Record):
    """One claim's speaker, as framing counts voices: who, for which side, of what kind."""
    speaker: str
    party: Optional[str] = None
    kind: str = "other"


@dataclass(slots=True)
class Evidence(Record):
    article_id: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class EventCandidate(Record):
    """One article's report of an event, coded in ACLED's taxonomy."""
    candidate_id: str
    article_id: str
    event_type: str
    sub_event_type: str
    event_date: Optional[str] = None
    time_precision: int = 3
    actor1: Optional[str] = None
    assoc_actor_1: Optional[str] = None
    actor2: Optional[str] = None
    assoc_actor_2: Optional[str] = None
    location: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    admin3: Optional[str] = None
    country: Optional[str] = None
    iso: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    fatalities: Optional[int] = None
    fatalities_low: Optional[int] = None
    fatalities_high: Optional[int] = None
    figures: list[Figure] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    trigger: Optional[str] = None
    strength: int = 2                # 3 names the means, 2 a clear event, 1 only an outcome ("were killed")
    date_source: str = "sentence"    # sentence | paragraph | published (no date in the text)
    place_source: str = "sentence"   # sentence | paragraph | article
    reference: bool = False          # names an event told elsewhere; may join it, never founds one
    source_speaker: Optional[str] = None
    source_kind: Optional[str] = None  # the kind of claim the report comes in (accusation, denial ...)
    disputed: bool = False
    denied_by: Optional[str] = None
    historical: bool = False
    notes: Optional[str] = None
    sentence: int = 0


# --------------------------------------------------------------------------- articles

@dataclass(slots=True)
class RemovedLine(Record):
    """A line of the raw input that cleaning dropped, and why."""
    line: int
    text: str
    reason: str


@dataclass
class Article(Record):
    article_id: str
    path: str
    body: str = ""
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None
    url: Optional[str] = None
    raw: str = ""
    raw_format: str = "txt"          # txt | html | jsonl
    content_hash: str = ""
    story_id: Optional[str] = None
    duplicate_of: Optional[str] = None
    removed: list[RemovedLine] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    candidates: list[EventCandidate] = field(default_factory=list)
    terms: list[Mention] = field(default_factory=list)   # noun phrases that name contested things (label = family)
    wordings: list[Wording] = field(default_factory=list)   # what framing sums of this article
    voicings: list[Voicing] = field(default_factory=list)
    cues: Optional[StoryCues] = None   # None: not read yet (story linking then reads them off the readings)
    tokens: list[Token] = transient(default_factory=list)
    cleaning: Any = transient(default=None)   # ingest.clean's prepared page, carried to the worker that cleans it

    def span(self, start: int, end: int) -> Span:
        return Span(self.article_id, start, end, self.body[start:end])

    def sentence_at(self, offset: int) -> Optional[Sentence]:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def sentence_tokens(self, index: int) -> list[Token]:
        s = self.sentences[index]
        return self.tokens[s.token_start:s.token_end]


# --------------------------------------------------------------------------- across articles

@dataclass(slots=True)
class FieldSource(Record):
    """Which source said what for one field of a merged event."""
    field: str
    value: Any
    article_id: str
    outlet: Optional[str] = None
    speaker: Optional[str] = None


@dataclass
class Event(Record):
    """A real-world event merged from one or more candidates."""
    event_id: str
    event_date: Optional[str]
    event_type: str
    sub_event_type: str
    actor1: Optional[str] = None
    assoc_actor_1: Optional[str] = None
    actor2: Optional[str] = None
    assoc_actor_2: Optional[str] = None
    location: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    admin3: Optional[str] = None
    country: Optional[str] = None
    iso: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    time_precision: int = 3
    fatalities: Optional[int] = None
    fatalities_low: Optional[int] = None
    fatalities_high: Optional[int] = None
    notes: Optional[str] = None
    sources: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    sources_count: int = 0           # independent outlets, syndicated copies collapsed
    evidence: list[Evidence] = field(default_factory=list)
    candidate_ids: list[str] = field(default_factory=list)
    field_sources: list[FieldSource] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    disputed: bool = False
    historical: bool = False
    story_id: Optional[str] = None


@dataclass
class Merge(Record):
    """One audited decision to fold a candidate into an event."""
    event_id: str
    candidate_id: str
    article_id: str
    reason: str
    score: float = 1.0


@dataclass
class Story(Record):
    story_id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    first_date: Optional[str] = None
    last_date: Optional[str] = None


@dataclass(slots=True)
class Statement(Record):
    article_id: str
    text: str
    speaker: Optional[str] = None
    outlet: Optional[str] = None
    value: Optional[int] = None
    start: Optional[int] = None
    end: Optional[int] = None


@dataclass
class Contradiction(Record):
    contradiction_id: str
    kind: str                        # figure | denial | attribution | timing | place
    subject: str
    event_id: Optional[str] = None
    statements: list[Statement] = field(default_factory=list)


@dataclass
class FrameTerm(Record):
    outlet: str
    referent: str
    term: str
    count: int = 1
    attributed: bool = False
    examples: list[Span] = field(default_factory=list)
    story_id: Optional[str] = None


@dataclass
class Voice(Record):
    outlet: str
    story_id: Optional[str]
    speaker: str
    party: Optional[str] = None
    kind: str = "other"              # official | third_state | international | resident | media | other
    count: int = 1
    share: float = 0.0


@dataclass
class Blindspot(Record):
    story_id: str
    item_kind: str                   # event | figure | claim
    item_id: str
    summary: str
    reported_by: list[str] = field(default_factory=list)
    missing_from: list[str] = field(default_factory=list)


@dataclass
class ProcessingError(Record):
    path: str
    stage: str
    reason: str
    code: str = "E000"
    article_id: Optional[str] = None


@dataclass
class Corpus(Record):
    articles: list[Article] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    framing: list[FrameTerm] = field(default_factory=list)
    voices: list[Voice] = field(default_factory=list)
    blindspots: list[Blindspot] = field(default_factory=list)
    errors: list[ProcessingError] = field(default_factory=list)
    provides: set[str] = transient(default_factory=set)
    duplicate_index: Any = transient(default=None)   # link.dedup's index, kept by the runner for incremental runs

    def article(self, article_id: str) -> Optional[Article]:
        for a in self.articles:
            if a.article_id == article_id:
                return a
        return None
