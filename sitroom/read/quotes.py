"""Who said what: direct quotes and reported speech, with their speakers.

Two readers feed one list of claims per article:

* ``scan_quotes`` walks the body character by character and pairs quotation
  marks of every common style (“…”, "…", ‘…’, '…', «…», „…“, ‹…›). It knows
  that ’ is also an apostrophe, lets a quote run on into the next paragraph
  when that paragraph re-opens it, and caps a quote that never closes at its
  paragraph's end. It needs no parse.
* ``reported_claims`` reads the dependency parse: a speech verb ("said",
  "denied", "accused ... of", "urged ... to", "according to") with a subject
  and a complement gives a claim whose text is the complement.

Speakers are resolved to the fullest name in the article: pronouns and
definite descriptions ("the ministry", "the spokesman") go back to the most
recent compatible name, a surname goes to the full name seen elsewhere, and an
appositive role ("Kremlin spokesman Dmitry Peskov") is split into speaker and
role. Everything keeps ``body[start:end] == text``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from ..model import Article, Claim, Corpus, Mention, Token

NAME = "quotes"
REQUIRES = {"tokens", "sentences", "mentions"}
PROVIDES = {"claims"}
PER_ARTICLE = True

# --------------------------------------------------------------------------- lexicons (general English)

# Speech and reporting verbs by lemma, with the claim kind each one signals.
CUE_KINDS: dict[str, str] = {
    **dict.fromkeys(("deny", "reject", "dismiss", "refute", "rebut", "disown"), "denial"),
    **dict.fromkeys(("accuse", "condemn", "blame", "charge", "denounce", "criticise", "criticize", "slam",
                     "decry", "fault"), "accusation"),
    # "X holds Y responsible": an accusation only with a blame adjective (see ``_speech_frame``).
    **dict.fromkeys(("hold", "deem", "consider"), "accusation"),
    **dict.fromkeys(("urge", "call", "appeal", "demand", "ask", "request", "plead", "implore", "press",
                     "exhort"), "appeal"),
    **dict.fromkeys(("claim", "allege", "report", "purport"), "claim"),
    **dict.fromkeys(("say", "tell", "state", "add", "warn", "insist", "stress", "note", "announce", "describe",
                     "tweet", "write", "post", "explain", "argue", "declare", "confirm", "acknowledge", "admit",
                     "assert", "emphasise", "emphasize", "reiterate", "promise", "pledge", "vow", "threaten",
                     "complain", "suggest", "predict", "estimate", "reveal", "respond", "reply", "recall",
                     "conclude", "maintain", "contend", "highlight", "underline", "underscore", "indicate",
                     "believe", "think", "comment", "agree", "announce", "observe", "remark", "counter",
                     "point", "inform", "assure", "caution", "concede", "read", "show", "mention",
                     "proclaim", "retort", "quip", "signal", "disclose", "testify", "continue"), "statement"),
}
# Verbs of commitment: what is promised or threatened is an infinitive ("vowed to retaliate").
COMMITMENT_VERBS = {"vow", "promise", "pledge", "threaten"}
# Verbs that only count as speech in a narrow frame (checked in ``_is_cue``).
NEEDS_SPEECH_FRAME = {"read", "show", "call", "point", "think", "believe", "agree", "press", "charge", "post",
                      "write", "signal", "note", "comment", "observe", "highlight", "indicate", "mention",
                      "underline", "underscore", "remark", "recall", "respond", "reply", "counter", "maintain",
                      "conclude", "reveal", "estimate", "predict", "suggest", "promise", "threaten", "confirm",
                      "acknowledge", "explain", "inform", "signal", "testify", "hold", "deem", "consider",
                      "continue"}
# "holds the army responsible", "deemed the police accountable": the adjective makes the verb an accusation.
BLAME_ADJECTIVES = {"responsible", "accountable", "liable", "culpable", "guilty"}
# Cue kinds whose claim text starts at the verb: "calls on ... to ...", "holds ... responsible" (denials too).
TEXT_FROM_VERB_KINDS = {"appeal", "accusation"}
# A document speaks for its author: "a statement by X", "X's statement read".
DOCUMENT_NOUNS = {"statement", "message", "letter", "post", "tweet", "communique", "communiqué", "release",
                  "report", "text", "declaration", "note", "announcement", "bulletin", "transcript", "readout"}
# Descriptions that name an institution or a role instead of a person.
INSTITUTION_NOUNS = {"ministry", "office", "parliament", "government", "army", "military", "council", "agency",
                     "service", "committee", "commission", "department", "presidency", "cabinet", "kremlin",
                     "administration", "authority", "authorities", "command", "headquarters", "force", "forces",
                     "assembly", "embassy", "mission", "court", "prosecutor", "police", "secretariat", "union",
                     "organisation", "organization", "group", "party", "side", "delegation", "bureau", "staff",
                     "wing", "leadership", "directorate"}
ROLE_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "minister", "president", "ombudsman", "commissioner",
              "aide", "adviser", "advisor", "leader", "chief", "head", "secretary", "envoy", "ambassador",
              "official", "general", "commander", "governor", "mayor", "premier", "chancellor", "director",
              "chairman", "chairwoman", "chair", "representative", "prosecutor", "speaker", "negotiator",
              "diplomat", "senator", "lawmaker", "deputy", "king", "queen", "emir", "prince", "pm"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it"}
PLURAL_PRONOUNS = {"they", "them"}
FIRST_PERSON = {"i", "we", "me", "us", "you"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
PERSONISH = {"PERSON"}
# NER labels that never name a body; any other label may (the NER calls "the X Rights Observatory" a LAW).
NOT_A_BODY = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
BODYISH = {"ORG", "GPE", "NORP"}

SHORT_QUOTE_WORDS = 4      # fewer words than this is a term or a scare quote unless a cue attributes it
LONE_QUOTE_WORDS = 6       # an unattributed quote must be this long to count as somebody's words
PRONOUN_LOOKBACK = 6       # sentences searched for a pronoun's antecedent

# --------------------------------------------------------------------------- quotation marks

# opener -> (the closers that end it, family); a family groups re-openings across paragraphs.
OPENERS: dict[str, tuple[str, str]] = {
    "\u201c": ("\u201d", "double"),            # “ … ”
    "\u201e": ("\u201c\u201d", "double"),      # „ … “ (German) or „ … ” (Polish)
    "\u201d": ("\u201d", "double"),            # ” … ” (Swedish, Finnish)
    '"': ('"', "straight-double"),
    "\u00ab": ("\u00bb", "guillemet"),         # « … »
    "\u00bb": ("\u00ab", "guillemet"),         # » … « (German, Danish)
    "\u2039": ("\u203a", "single-guillemet"),  # ‹ … ›
    "\u2018": ("\u2019", "single"),            # ‘ … ’
    "\u201a": ("\u2018\u2019", "single"),      # ‚ … ‘
    "'": ("'", "straight-single"),
}
_SINGLE_FAMILIES = {"single", "straight-single"}
_REOPENERS = {"double": "\u201c\u201e\u201d\"", "straight-double": '"\u201c', "guillemet": "\u00ab\u00bb",
              "single-guillemet": "\u2039", "single": "\u2018'", "straight-single": "'\u2018"}
ALL_QUOTE_CHARS = "\u201c\u201d\u201e\u201f\"\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a'`"


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation: [start, end) is the words inside the marks."""
    start: int
    end: int
    open_at: int
    close_at: Optional[int]          # index of the closing mark; None when it never closed
    family: str


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _may_open(body: str, i: int) -> bool:
    """An opening mark follows a boundary and precedes the quoted words."""
    before = body[i - 1] if i > 0 else " "
    after = body[i + 1] if i + 1 < len(body) else " "
    return not _is_word(before) and not after.isspace()


def _may_close(body: str, i: int, family: str) -> bool:
    before = body[i - 1] if i > 0 else " "
    after = body[i + 1] if i + 1 < len(body) else " "
    if family in _SINGLE_FAMILIES:
        # ’ and ' between letters are apostrophes: Azerbaijan’s, don't.
        return not before.isspace() and not _is_word(after)
    return not before.isspace() or not _is_word(after)


def _looks_possessive(body: str, i: int, line_end: int, closers: str) -> bool:
    """“the officials’ report”: a plural possessive, when a better closer comes later."""
    if i == 0 or body[i - 1] not in "sS":
        return False
    rest = body[i + 1:line_end]
    if not (len(rest) > 1 and rest[0] == " " and rest[1].islower()):
        return False
    for j in range(i + 1, line_end):
        ch = body[j]
        if ch in "\u2018" or (ch == "'" and _may_open(body, j)):
            return False
        if ch in closers and _may_close(body, j, "single"):
            return True
    return False


def _line_end(body: str, i: int) -> int:
    end = body.find("\n", i)
    return len(body) if end < 0 else end


def _trim_end(body: str, start: int, end: int) -> int:
    while end > start and body[end - 1].isspace():
        end -= 1
    return end


def _reopens(body: str, newline: int, family: str) -> Optional[int]:
    """Index of the mark that re-opens a quote in the next paragraph, if it does."""
    j = newline
    while j < len(body) and body[j].isspace():
        j += 1
    if j < len(body) and body[j] in _REOPENERS[family] and j + 1 < len(body) and not body[j + 1].isspace():
        return j
    return None


def scan_quotes(body: str) -> list[QuoteSpan]:
    """Top-level quotations in reading order; nested quotes stay inside their parent."""
    found: list[QuoteSpan] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch not in OPENERS or not _may_open(body, i):
            i += 1
            continue
        closers, family = OPENERS[ch]
        quote, after = _close_quote(body, i, closers, family)
        if quote is None and family in _SINGLE_FAMILIES:
            # A single mark that never closes was an apostrophe ('90s, ‘n’): read on after it.
            i += 1
            continue
        if quote is not None:
            found.append(quote)
        i = max(after, i + 1)
    return found


def _close_quote(body: str, open_at: int, closers: str, family: str) -> tuple[Optional[QuoteSpan], int]:
    """Find where the quote opened at ``open_at`` ends; returns the quote and where to scan on."""
    i = open_at + 1
    line_end = _line_end(body, i)
    while True:
        while i < line_end:
            ch = body[i]
            if ch in closers and _may_close(body, i, family):
                if family in _SINGLE_FAMILIES and _looks_possessive(body, i, line_end, closers):
                    i += 1
                    continue
                return _make_quote(body, open_at, i, i, family), i + 1
            i += 1
        if line_end >= len(body):
            break
        again = _reopens(body, line_end, family)
        if again is None:
            break
        i = again + 1
        line_end = _line_end(body, i)
    if family in _SINGLE_FAMILIES:
        return None, line_end
    end = _trim_end(body, open_at + 1, line_end)
    return _make_quote(body, open_at, end, None, family), line_end


def _make_quote(body: str, open_at: int, end: int, close_at: Optional[int], family: str) -> Optional[QuoteSpan]:
    start = open_at + 1
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in ",;:"):
        end -= 1
    if end <= start:
        return None
    return QuoteSpan(start=start, end=end, open_at=open_at, close_at=close_at, family=family)


# --------------------------------------------------------------------------- the parse, as a small graph

@dataclass
class Parse:
    """Lookups over one article's tokens that every reader below shares."""
    article: Article
    children: list[list[int]]
    mention_at: dict[int, Mention]
    quotes: list[QuoteSpan]

    @classmethod
    def of(cls, article: Article) -> "Parse":
        children: list[list[int]] = [[] for _ in article.tokens]
        for t in article.tokens:
            if t.head != t.i and 0 <= t.head < len(children):
                children[t.head].append(t.i)
        mention_at = {}
        for m in article.mentions:
            for k in range(m.token_start, m.token_end):
                mention_at[k] = m
        return cls(article, children, mention_at, scan_quotes(article.body))

    def tok(self, i: int) -> Token:
        return self.article.tokens[i]

    def kids(self, i: int, *deps: str) -> list[int]:
        return [c for c in self.children[i] if not deps or self.tok(c).dep in deps]

    def subtree(self, i: int, skip: Iterable[int] = ()) -> list[int]:
        skip = set(skip)
        out, todo = [], [i]
        while todo:
            k = todo.pop()
            if k in skip:
                continue
            out.append(k)
            todo.extend(self.children[k])
        return sorted(out)

    def inside_quote(self, offset: int) -> Optional[QuoteSpan]:
        for q in self.quotes:
            if q.open_at <= offset < (q.close_at + 1 if q.close_at is not None else q.end):
                return q
        return None


@dataclass
class SpeakerSpan:
    text: str
    start: int
    end: int
    role: Optional[str] = None
    label: str = ""                  # PERSON, ORG ... when known: guides pronoun resolution
    plural: bool = False


@dataclass
class Found:
    """A claim before ids are given, with the local evidence the benchmark checks."""
    start: int
    end: int
    direct: bool
    kind: str
    cue: Optional[str]
    sentence: int
    speaker: Optional[SpeakerSpan]
    subject_start: Optional[int] = None   # the words that name the speaker where the claim is made ("he")
    subject_end: Optional[int] = None
    document_subject: bool = False
    content_start: Optional[int] = None   # where the words said begin, when the text starts at the verb


# --------------------------------------------------------------------------- noun phrases and names

_NP_LEFT = {"compound", "amod", "det", "poss", "nummod", "nmod", "case", "quantmod", "npadvmod", "predet"}
_NP_RIGHT = {"prep", "case", "compound", "cc", "conj"}


def noun_phrase(p: Parse, head: int, with_preps: bool = True, strip_det: bool = True) -> tuple[int, int]:
    """Token range [first, last] of the phrase a noun heads, without clauses or appositions."""
    keep = [head]
    for c in p.children[head]:
        dep = p.tok(c).dep
        if (c < head and dep in _NP_LEFT) or (c > head and dep in _NP_RIGHT and (with_preps or dep == "case")):
            keep.extend(p.subtree(c))
    keep = sorted(k for k in keep if p.tok(k).sent == p.tok(head).sent)
    first, last = keep[0], keep[-1]
    # An appositive or relative clause starts at a comma: stop there.
    for k in range(head + 1, last + 1):
        if p.tok(k).text in {",", "(", ";", "—", "–"}:
            last = k - 1
            break
    for k in range(head - 1, first - 1, -1):
        if p.tok(k).text in {",", "(", ";", "—", "–"}:
            first = k + 1
            break
    while strip_det and first < head and _is_determiner(p.tok(first)):
        first += 1
    while last > head and (p.tok(last).is_punct or p.tok(last).dep in {"cc"}):
        last -= 1
    return first, last


def _is_determiner(t: Token) -> bool:
    return t.text.lower() in DETERMINERS and t.pos in {"DET", "PRON"}


def _span_of(p: Parse, first: int, last: int) -> tuple[int, int, str]:
    start, end = p.tok(first).start, p.tok(last).end
    return start, end, p.article.body[start:end]


def fullest_name(p: Parse, mention: Mention) -> Mention:
    """The longest PERSON mention in the article that ends in the same surname."""
    words = mention.text.replace("\u2019s", "").replace("'s", "").split()
    if not words:
        return mention
    surname = words[-1]
    best = mention
    for m in p.article.mentions:
        if m.label != "PERSON" or "\n" in m.text:
            continue
        mw = m.text.split()
        if mw and mw[-1] == surname and len(mw) > len(best.text.split()) and len(mw) <= 4:
            best = m if m.start < mention.start or best is mention else best
    return best


def _speaker_from_mention(p: Parse, m: Mention, role: Optional[str] = None) -> SpeakerSpan:
    if m.label == "PERSON":
        m = fullest_name(p, m)
    text = m.text
    start, end = m.start, m.end
    if m.label == "PERSON":
        start, text, lead = _split_leading_role(p, m)
        if lead:
            role = f"{role} {lead}".strip() if role else lead
    # "Azerbaijan’s" as a whole mention: drop the possessive ending.
    for suffix in ("\u2019s", "'s", "\u2019", "'"):
        if text.endswith(suffix) and len(text) > len(suffix):
            end -= len(suffix)
            text = text[: -len(suffix)]
            break
    if text.lower().startswith("the "):
        start += 4
        text = text[4:]
    return SpeakerSpan(text=text, start=start, end=end, role=role, label=m.label)


def _split_leading_role(p: Parse, m: Mention) -> tuple[int, str, str]:
    """Title words the NER put inside a PERSON name go to the role."""
    k = m.token_start
    while k < m.token_end - 1 and p.tok(k).text.lower() in ROLE_NOUNS | {"the"}:
        k += 1
    if k == m.token_start or k >= m.token_end:
        return m.start, m.text, ""
    start = p.tok(k).start
    return start, p.article.body[start:m.end], p.article.body[m.start:start].strip()


def _person_in(p: Parse, first: int, last: int) -> Optional[Mention]:
    """The PERSON mention that ends a name phrase ("Kremlin spokesman Dmitry Peskov")."""
    found = None
    for k in range(first, last + 1):
        m = p.mention_at.get(k)
        if m is not None and m.label == "PERSON":
            found = m
    return found


def _role_text(p: Parse, first: int, name: Mention) -> Optional[str]:
    """The words before the name inside its phrase: the speaker's role."""
    if p.tok(first).start >= name.start:
        return None
    role = p.article.body[p.tok(first).start:name.start].strip(" ,")
    return role or None


def _plural(p: Parse, head: int) -> bool:
    return p.tok(head).tag in {"NNS", "NNPS"}


def describe_speaker(p: Parse, head: int, history: list[Found], depth: int = 0) -> Optional[SpeakerSpan]:
    """The speaker a subject token names, resolved to the fullest name in the article."""
    t = p.tok(head)
    low = t.text.lower()
    if depth > 3:
        return None
    if t.pos == "PRON" or low in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS | FIRST_PERSON:
        return resolve_pronoun(p, head, history)
    if t.lemma.lower() in DOCUMENT_NOUNS or low in DOCUMENT_NOUNS:
        return _document_author(p, head, history, depth)
    first, last = noun_phrase(p, head)
    # An appositive name: "the Armenian foreign minister, Ararat Mirzoyan, said".
    for c in p.kids(head, "appos"):
        m = p.mention_at.get(c)
        if m is not None and m.label == "PERSON" and _person_in(p, first, last) is None:
            role = p.article.body[p.tok(first).start:p.tok(last).end]
            return _speaker_from_mention(p, m, role=role)
    m = p.mention_at.get(head)
    if m is not None and m.label == "PERSON":
        role = _role_text(p, first, m)
        for c in p.kids(head, "appos"):
            af, al = noun_phrase(p, c)
            role = role or p.article.body[p.tok(af).start:p.tok(al).end]
        return _speaker_from_mention(p, m, role=role)
    if t.pos == "PROPN" and (m is None or m.label != "PERSON") and first == head:
        # A surname the NER missed or mislabelled: borrow a PERSON mention with that surname.
        for other in p.article.mentions:
            if other.label == "PERSON" and len(other.text.split()) > 1 and other.text.split()[-1] == t.text:
                return _speaker_from_mention(p, other)
        # "the Council", "the Monitor": the short form of a body named in full elsewhere.
        full = fullest_body(p, head)
        if full is not None:
            return full
    owned = _owned_by_short_name(p, head, first, last)
    if owned is not None:
        return owned
    start, end, text = _span_of(p, first, last)
    label = m.label if m is not None else ""
    desc = SpeakerSpan(text=text, start=start, end=end, label=label, plural=_plural(p, head))
    if _is_bare_description(p, head, first, last):
        return resolve_description(p, head, history) or desc
    return desc


def _name_word(text: str) -> str:
    for suffix in ("\u2019s", "'s", "\u2019", "'"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def fullest_body(p: Parse, head: int) -> Optional[SpeakerSpan]:
    """A one-word name of a body ("the Front") → its longest form in the article ("Cordillera Liberation
    Front", "Ministry of Internal Security"): a mention whose head word or last word is that word; the
    nearest one before it, else the first one after."""
    word = _name_word(p.tok(head).text)
    if not word[:1].isupper():
        return None
    here = p.tok(head).start
    before, after = None, None
    for m in p.article.mentions:
        if m.label in NOT_A_BODY or "\n" in m.text or m.token_start <= head < m.token_end:
            continue
        words = [w for w in _name_word(m.text).split() if w.lower() != "the"]
        if not 1 < len(words) <= 7:
            continue
        if words[-1] != word and p.tok(_mention_head(p, m)).text != word:
            continue
        if m.end <= here:
            before = m
        elif after is None:
            after = m
    best = before or after
    if best is None:
        return None
    sp = _speaker_from_mention(p, best)
    return SpeakerSpan(text=sp.text, start=sp.start, end=sp.end, label=best.label if best.label in BODYISH else "ORG")


def _owned_by_short_name(p: Parse, head: int, first: int, last: int) -> Optional[SpeakerSpan]:
    """"the Front's general command" → the Front's full name, with "general command" as the role, when the
    article names that body in full elsewhere."""
    if p.tok(head).lemma.lower() not in INSTITUTION_NOUNS | ROLE_NOUNS:
        return None
    for owner in p.kids(head, "poss"):
        if p.tok(owner).pos != "PROPN" or any(p.tok(k).dep != "case" for k in p.kids(owner)
                                              if p.tok(k).dep != "det"):
            continue
        full = fullest_body(p, owner)
        if full is None:
            continue
        role_first = max(p.kids(owner, "case") or [owner]) + 1
        if role_first > last:
            return None
        full.role = p.article.body[p.tok(role_first).start:p.tok(last).end]
        return full
    return None


def _is_bare_description(p: Parse, head: int, first: int, last: int) -> bool:
    """'the ministry', 'the spokesman': a definite phrase with no name in it."""
    lemma = p.tok(head).lemma.lower()
    if lemma not in INSTITUTION_NOUNS | ROLE_NOUNS:
        return False
    det = [k for k in p.kids(head, "det") if p.tok(k).text.lower() in {"the", "this", "that"}]
    has_name = any(p.tok(k).pos == "PROPN" or k in p.mention_at for k in range(first, last + 1))
    return bool(det) and not has_name


def resolve_description(p: Parse, head: int, history: list[Found]) -> Optional[SpeakerSpan]:
    """'the spokesman' → an earlier speaker whose name or role has that noun."""
    word = p.tok(head).lemma.lower()
    before = p.tok(head).start
    for f in reversed(history):
        sp = f.speaker
        if sp is None or f.start >= before:
            continue
        if word in sp.text.lower() or (sp.role and word in sp.role.lower()):
            return sp
    wanted = PERSONISH if word in ROLE_NOUNS and word not in INSTITUTION_NOUNS else BODYISH | PERSONISH
    for m in sorted(p.article.mentions, key=lambda m: -m.start):
        if m.start >= before or m.label not in wanted:
            continue
        mf, ml = noun_phrase(p, _mention_head(p, m), with_preps=False)
        phrase = p.article.body[p.tok(mf).start:p.tok(ml).end].lower()
        if word in phrase:
            if m.label == "PERSON":
                return _speaker_from_mention(p, m, role=_role_text(p, mf, m))
            start, end, text = _span_of(p, mf, ml)
            return SpeakerSpan(text=text, start=start, end=end, label=m.label)
    return None


def _mention_head(p: Parse, m: Mention) -> int:
    """The token of a mention whose head lies outside it."""
    for k in range(m.token_start, m.token_end):
        h = p.tok(k).head
        if h < m.token_start or h >= m.token_end or h == k:
            return k
    return m.token_end - 1


def _document_author(p: Parse, head: int, history: list[Found], depth: int) -> Optional[SpeakerSpan]:
    """'a statement by X', 'X's statement', 'the ministry statement' → X."""
    for c in p.kids(head, "poss"):
        return describe_speaker(p, c, history, depth + 1)
    for c in p.kids(head, "prep", "agent"):
        if p.tok(c).text.lower() in {"by", "from", "of"}:
            for obj in p.kids(c, "pobj"):
                return describe_speaker(p, obj, history, depth + 1)
    for c in p.kids(head, "acl"):        # "a statement signed by all parties"
        for agent in p.kids(c, "agent", "prep"):
            if p.tok(agent).text.lower() == "by":
                for obj in p.kids(agent, "pobj"):
                    return describe_speaker(p, obj, history, depth + 1)
    names = [c for c in p.kids(head, "compound", "amod", "nmod") if c < head and
             (p.tok(c).pos == "PROPN" or c in p.mention_at)]
    if names:
        first = min(p.subtree(names[0]))
        last = head - 1
        start, end, text = _span_of(p, first, last)
        m = p.mention_at.get(last)
        return SpeakerSpan(text=text, start=start, end=end, label=m.label if m else "ORG")
    # "the statement read": the author of the latest statement.
    for f in reversed(history):
        if f.speaker is not None and f.start < p.tok(head).start and f.document_subject:
            return f.speaker
    first, last = noun_phrase(p, head)
    start, end, text = _span_of(p, first, last)
    return SpeakerSpan(text=text, start=start, end=end)


def resolve_pronoun(p: Parse, head: int, history: list[Found]) -> Optional[SpeakerSpan]:
    """he/she → the latest salient person; it → the latest body; they → either, plural first."""
    low = p.tok(head).text.lower()
    if low in FIRST_PERSON:
        return None
    pos = p.tok(head).start
    if low in PERSON_PRONOUNS:
        wanted = PERSONISH
    elif low in THING_PRONOUNS:
        wanted = {"ORG", "GPE"}
    else:
        wanted = BODYISH | PERSONISH
    # The latest speaker nearby is the most salient antecedent.
    sp = _latest_speaker(p, head, history)
    if sp is not None and _compatible(sp, wanted, low):
        return sp
    singular = low not in PLURAL_PRONOUNS
    sent = p.tok(head).sent
    for s in range(sent, max(-1, sent - PRONOUN_LOOKBACK), -1):
        # A name inside quoted words is someone the speaker talks about, never the speaker.
        cands = [m for m in p.article.mentions if m.sentence == s and m.end <= pos and m.label in wanted
                 and p.inside_quote(m.start) is None
                 and not (singular and m.label == "PERSON" and p.tok(_mention_head(p, m)).tag in {"NNS", "NNPS"})]
        if not cands:
            continue
        subjects = [m for m in cands if p.tok(_mention_head(p, m)).dep in {"nsubj", "nsubjpass", "appos", "compound", "poss"}]
        m = (subjects or cands)[0] if s != sent else (subjects or cands)[-1]
        if m.label == "PERSON":
            return _speaker_from_mention(p, m)
        mf, ml = noun_phrase(p, _mention_head(p, m), with_preps=False)
        start, end, text = _span_of(p, mf, ml)
        return SpeakerSpan(text=text, start=start, end=end, label=m.label)
    return None


def _latest_speaker(p: Parse, head: int, history: list[Found]) -> Optional[SpeakerSpan]:
    """The subject of the nearest earlier speech verb (within a few sentences), named, not a pronoun."""
    here = p.tok(head)
    for k in range(head - 1, -1, -1):
        t = p.tok(k)
        if here.sent - t.sent > 3:
            break
        if not _is_cue(p, k) or p.inside_quote(t.start) is not None:
            continue
        subj, _ = subject_of(p, k)
        if subj is None or subj == head or p.tok(subj).pos == "PRON":
            continue
        return describe_speaker(p, subj, history, depth=2)
    return None


def _compatible(sp: SpeakerSpan, wanted: set[str], pronoun: str) -> bool:
    if sp.label:
        if pronoun in PLURAL_PRONOUNS:
            return sp.plural or sp.label in BODYISH
        return sp.label in wanted
    if pronoun in PERSON_PRONOUNS:
        return False
    if pronoun in PLURAL_PRONOUNS:
        return sp.plural
    return not sp.plural


# --------------------------------------------------------------------------- cues

def cue_kind(lemma: str) -> Optional[str]:
    return CUE_KINDS.get(lemma.lower())


def _is_cue(p: Parse, i: int) -> bool:
    t = p.tok(i)
    lemma = t.lemma.lower()
    if t.pos not in {"VERB", "AUX"} or lemma not in CUE_KINDS:
        return False
    if lemma in NEEDS_SPEECH_FRAME:
        return _speech_frame(p, i, lemma)
    return True


def _speech_frame(p: Parse, i: int, lemma: str) -> bool:
    if lemma == "call":
        return any(p.tok(c).text.lower() in {"on", "upon", "for"} for c in p.kids(i, "prep", "prt")) or bool(
            p.kids(i, "xcomp"))
    if lemma in {"hold", "deem", "consider"}:
        return _blame_complement(p, i) is not None
    if lemma == "point":
        return any(p.tok(c).text.lower() == "out" for c in p.kids(i, "prt"))
    if lemma in {"read", "show"}:
        return any(p.tok(c).lemma.lower() in DOCUMENT_NOUNS for c in p.kids(i, "nsubj"))
    if lemma == "press":
        return bool(p.kids(i, "xcomp")) or bool(p.kids(i, "ccomp"))
    if lemma == "continue":
        # '"...," she continued.' goes on speaking; 'continued to fire' and 'the war continued' do not
        return not p.kids(i, "xcomp", "dobj") and _quote_just_before(p, i) and any(
            p.tok(c).text.lower() in PERSON_PRONOUNS | PLURAL_PRONOUNS or p.tok(c).ent_type == "PERSON"
            or p.tok(c).lemma.lower() in ROLE_NOUNS for c in p.kids(i, "nsubj"))
    if lemma in COMMITMENT_VERBS:
        return bool(p.kids(i, "xcomp", "ccomp")) or _near_quote(p, i)
    # write/post/think/believe/agree/note/comment/charge/signal: only with a clause or a quote.
    return bool(p.kids(i, "ccomp")) or _near_quote(p, i)


def _blame_complement(p: Parse, i: int) -> Optional[int]:
    """The 'responsible' of 'holds Y responsible (for Z)', however the parser hangs it on the verb."""
    for c in p.kids(i, "ccomp", "oprd", "xcomp", "acomp", "advcl", "dobj", "conj"):
        if c > i and p.tok(c).lemma.lower() in BLAME_ADJECTIVES:
            return c
        # "holds [the army responsible]" parsed as a noun with an adjective modifier
        for a in p.kids(c, "amod"):
            if a > c and p.tok(a).lemma.lower() in BLAME_ADJECTIVES:
                return c
    return None


def _quote_just_before(p: Parse, i: int) -> bool:
    t = p.tok(i)
    return any(0 <= t.start - (q.close_at or q.end) <= 30 for q in p.quotes)


def _near_quote(p: Parse, i: int) -> bool:
    t = p.tok(i)
    return _quote_just_before(p, i) or any(0 <= q.open_at - t.end <= 30 for q in p.quotes)


def _negated(p: Parse, i: int) -> bool:
    return bool(p.kids(i, "neg"))


def subject_of(p: Parse, i: int) -> tuple[Optional[int], Optional[int]]:
    """(subject token, the verb whose subject it is): climbs from participles and conjuncts."""
    governor = _governing_cue(p, i)
    if governor is not None:
        subj = p.kids(governor, "nsubj")
        if subj:
            return subj[0], governor
    k = i
    for _ in range(4):
        subj = p.kids(k, "nsubj")
        if subj:
            return subj[0], k
        passive = p.kids(k, "nsubjpass")
        if passive:
            for agent in p.kids(k, "agent"):
                for obj in p.kids(agent, "pobj"):
                    return obj, k
            return None, None
        t = p.tok(k)
        if t.dep in {"advcl", "xcomp", "conj", "pcomp", "ccomp"} and t.head != k:
            if t.dep == "ccomp" and p.kids(k, "nsubj"):
                return None, None
            k = t.head
            continue
        break
    return None, None


def _governing_cue(p: Parse, i: int) -> Optional[int]:
    """'X denied that Y fired, saying Z': a subjectless participle belongs to the speech act above it,
    even when the parser hangs it on the reported clause."""
    t = p.tok(i)
    if t.tag != "VBG" or t.dep not in {"advcl", "conj", "xcomp"} or p.kids(i, "nsubj"):
        return None
    k = t.head
    for _ in range(4):
        if k != i and _is_cue(p, k):
            return k
        if p.tok(k).head == k:
            return None
        k = p.tok(k).head
    return None


def _inherited_kind(p: Parse, i: int, own: str) -> str:
    """'denied X, saying Y': the participle carries on the stronger speech act."""
    if own not in {"statement", "claim"}:
        return own
    governor = _governing_cue(p, i)
    if governor is not None:
        hk = cue_kind(p.tok(governor).lemma)
        if hk in {"denial", "accusation"}:
            return hk
    return own


# --------------------------------------------------------------------------- reported speech

_CONTENT_DEPS = {
    "appeal": {"ccomp", "xcomp", "dobj", "dative", "prep", "oprd"},
    "accusation": {"ccomp", "dobj", "prep", "xcomp"},
    "denial": {"ccomp", "dobj", "xcomp"},
}
_TELL_DEPS = {"ccomp", "xcomp", "dobj", "dative"}
_BLAME_DEPS = {"ccomp", "oprd", "xcomp", "acomp", "dobj", "prep"}


def content_tokens(p: Parse, i: int) -> list[int]:
    """The complement of a cue verb: what was said, as token indices."""
    lemma = p.tok(i).lemma.lower()
    kind = cue_kind(lemma) or "statement"
    if lemma in {"hold", "deem", "consider"}:
        deps = _BLAME_DEPS
    elif lemma in COMMITMENT_VERBS:
        deps = {"ccomp", "xcomp"}
    elif lemma in {"tell", "warn", "inform", "assure", "describe"}:
        deps = _TELL_DEPS | ({"prep"} if lemma == "describe" else set())
    else:
        deps = _CONTENT_DEPS.get(kind, {"ccomp"})
    picked: list[int] = []
    for c in p.children[i]:
        ct = p.tok(c)
        if c < i or ct.dep not in deps:
            continue
        if ct.dep == "prep" and ct.text.lower() not in {"of", "for", "on", "upon", "as", "to", "over", "against"}:
            continue
        if ct.dep == "dobj" and kind in {"statement", "claim"} and lemma != "describe":
            continue
        if ct.tag == "VBG" and ct.dep in {"xcomp", "advcl", "conj"} and _is_cue(p, c) and not p.kids(c, "nsubj"):
            # "denied..., saying ...": the participle is its own claim.
            continue
        picked.extend(p.subtree(c))
    if not picked:
        # "..., the Kremlin said." parsed with the clause as the head of the cue, or as its left complement.
        return _fronted_clause(p, i) or _clause_before_cue(p, i) or _cut_in_clause(p, i)
    return sorted(set(picked))


def _cut_in_clause(p: Parse, i: int) -> list[int]:
    """'The strike, the ministry said, killed 12 people.': an attribution set off by commas inside the
    clause it attributes, which the parser hangs on that clause's verb to its right. What was said is
    the whole sentence (its words are not contiguous without the cut-in, and a claim is one span)."""
    t = p.tok(i)
    if t.dep not in {"parataxis", "ccomp"} or t.head <= i or _is_cue(p, t.head) or not _says_nothing_after(p, i):
        return []
    cut = [k for k in p.subtree(i) if not p.tok(k).is_punct]  # the parser gives it its commas
    if not cut:
        return []
    sent = p.article.sentences[t.sent]
    before, after = cut[0] - 1, cut[-1] + 1
    if before <= sent.token_start or after >= sent.token_end or \
            p.tok(before).text != "," or p.tok(after).text != ",":
        return []
    return list(range(sent.token_start, sent.token_end))


def _clause_before_cue(p: Parse, i: int) -> list[int]:
    """'Two posts fell overnight, the army said (in a statement).': the clause the parser hangs on the cue
    as a complement to its left, set off from the speaker by a comma or a dash."""
    clauses = [c for c in p.kids(i, "ccomp") if c < i]
    if not clauses:
        return []
    clause = p.subtree(clauses[-1])
    subj, _ = subject_of(p, i)
    speaker_at = min(p.subtree(subj)) if subj is not None and subj < i else i
    if subj is not None and subj in clause or clause[-1] >= speaker_at:
        return []
    between = range(clause[-1] + 1, speaker_at)
    if not any(p.tok(k).text in {",", "—", "–", "-"} for k in between):
        return []
    return list(range(clause[0], clause[-1] + 1))


def _says_nothing_after(p: Parse, i: int) -> bool:
    """A cue with a subject and nothing said to its right: "..., the army said" or ", the army said,"."""
    return bool(p.kids(i, "nsubj")) and not any(
        c > i and p.tok(c).dep in {"dobj", "ccomp", "xcomp", "dative"} for c in p.children[i])


def _fronted_clause(p: Parse, i: int) -> list[int]:
    t = p.tok(i)
    if t.dep not in {"parataxis", "ccomp", "conj"} or t.head >= i or _is_cue(p, t.head):
        return []
    if not _says_nothing_after(p, i):
        return []
    subj = p.kids(i, "nsubj")
    first = min(p.subtree(subj[0]))
    sent = p.article.sentences[t.sent]
    k = first - 1
    while k >= sent.token_start and p.tok(k).is_punct:
        k -= 1
    if k < sent.token_start or first - k < 2:
        return []
    return list(range(sent.token_start, k + 1))


def _trim_tokens(p: Parse, toks: list[int], keep_mark: bool = False) -> tuple[Optional[int], Optional[int]]:
    if not toks:
        return None, None
    toks = [k for k in toks if not p.tok(k).text.isspace()]
    if not toks:
        return None, None
    first, last = toks[0], toks[-1]
    # A complement is one run of tokens; a gap means a cut-in phrase, keep the run after the cue.
    while first < last and (p.tok(first).is_punct and p.tok(first).text not in ALL_QUOTE_CHARS
                            or (not keep_mark and p.tok(first).dep == "mark" and p.tok(first).text.lower() in {"that", "whether", "if"})):
        first += 1
    while last > first and p.tok(last).is_punct and p.tok(last).text not in ALL_QUOTE_CHARS and p.tok(last).text not in ")]":
        last -= 1
    return first, last


def reported_claims(p: Parse, history: list[Found]) -> list[Found]:
    """A claim for every cue verb with a subject and a complement outside quotation marks."""
    out: list[Found] = []
    for t in p.article.tokens:
        if t.text.lower() == "according" and any(p.tok(c).text.lower() == "to" for c in p.kids(t.i, "prep")):
            f = _according_claim(p, t.i, history + out)
            if f:
                out.append(f)
            continue
        if not _is_cue(p, t.i) or p.inside_quote(t.start) is not None or _negated(p, t.i):
            continue
        toks = content_tokens(p, t.i)
        first, last = _trim_tokens(p, toks)
        if first is None:
            continue
        lemma = t.lemma.lower()
        own = cue_kind(lemma) or "statement"
        kind = _inherited_kind(p, t.i, own)
        start, end = p.tok(first).start, p.tok(last).end
        if kind == "denial" and start > t.start:
            # A denial's text starts at the verb, so it reads as what the speaker asserts (and a quoted
            # denial keeps its "denied" as a claim of its own).
            start = t.start
        said_start = start if kind == "denial" else _after_cue_preposition(p, t.i, first, last)
        if _within_one_quote(p, said_start, end) or end - start < 3:
            continue
        content_start = None
        if own in TEXT_FROM_VERB_KINDS and start > t.start:
            # An appeal or an accusation reads as a speech act from its verb on: "calls on both sides
            # to ...", "holds the army responsible"; a quote it only restates still drops it below.
            content_start, start = said_start, t.start
        found = _with_speaker(p, t.i, start, end, kind, False, history + out)
        if found is not None:
            found.content_start = content_start
            out.append(found)
    return out


def _after_cue_preposition(p: Parse, cue: int, first: int, last: int) -> int:
    """Where the words said begin: 'called for “a halt”' says only what is inside the marks."""
    if first < last and p.tok(first).dep == "prep" and p.tok(first).head == cue:
        return p.tok(first + 1).start
    return p.tok(first).start


def _within_one_quote(p: Parse, start: int, end: int) -> bool:
    q = p.inside_quote(start)
    return q is not None and end <= q.end + 2


def _with_speaker(p: Parse, cue: int, start: int, end: int, kind: str, direct: bool,
                  history: list[Found]) -> Optional[Found]:
    subj, _ = subject_of(p, cue)
    if subj is None:
        return None
    if p.inside_quote(p.tok(subj).start) is not None:
        return None
    speaker = describe_speaker(p, subj, history)
    st = p.tok(subj)
    doc_subject = st.lemma.lower() in DOCUMENT_NOUNS
    sf, sl = noun_phrase(p, subj) if st.pos != "PRON" else (subj, subj)
    return Found(start=start, end=end, direct=direct, kind=kind, cue=p.tok(cue).text, sentence=p.tok(cue).sent,
                 speaker=speaker, subject_start=p.tok(sf).start, subject_end=p.tok(sl).end,
                 document_subject=doc_subject)


def _according_claim(p: Parse, i: int, history: list[Found]) -> Optional[Found]:
    """'according to X, ...' or '..., according to X': the rest of the sentence is X's."""
    to = next(c for c in p.kids(i, "prep") if p.tok(c).text.lower() == "to")
    objs = p.kids(to, "pobj")
    if not objs:
        return None
    span = p.subtree(i)
    sent = p.article.sentences[p.tok(i).sent]
    left = [k for k in range(sent.token_start, span[0])]
    right = [k for k in range(span[-1] + 1, sent.token_end)]
    first, last = _trim_tokens(p, left if len(left) >= len(right) else right)
    if first is None:
        return None
    start, end = p.tok(first).start, p.tok(last).end
    if end - start < 10 or _within_one_quote(p, start, end):
        return None
    speaker = describe_speaker(p, objs[0], history)
    of, ol = noun_phrase(p, objs[0])
    return Found(start=start, end=end, direct=False, kind="statement", cue="according to", sentence=p.tok(i).sent,
                 speaker=speaker, subject_start=p.tok(of).start, subject_end=p.tok(ol).end)


# --------------------------------------------------------------------------- direct quotes

def _sentence_of(p: Parse, offset: int) -> Optional[int]:
    for s in p.article.sentences:
        if s.start <= offset < max(s.end, s.start + 1):
            return s.index
    best = None
    for s in p.article.sentences:
        if s.start <= offset:
            best = s.index
    return best


def _cue_for_quote(p: Parse, q: QuoteSpan) -> Optional[int]:
    """The cue verb outside the quote, in the sentences it opens and closes, nearest first."""
    close = q.close_at if q.close_at is not None else q.end
    s_open, s_close = _sentence_of(p, q.open_at), _sentence_of(p, max(q.start, close - 1))
    if s_open is None or s_close is None:
        return None
    sents = {s_open, s_close}
    # The closing mark may sit after the sentence's final stop: '... ensured.” Michel wrote'.
    if s_close + 1 < len(p.article.sentences):
        nxt = p.article.sentences[s_close + 1]
        if nxt.start - close <= 3 and "\n" not in p.article.body[close:nxt.start]:
            sents.add(s_close + 1)
    best, best_gap = None, None
    for s in sents:
        sent = p.article.sentences[s]
        for k in range(sent.token_start, sent.token_end):
            t = p.tok(k)
            if p.inside_quote(t.start) is not None:
                continue
            if not (_is_cue(p, k) or (t.text.lower() == "according" and p.kids(k, "prep"))):
                continue
            if t.text.lower() != "according" and subject_of(p, k)[0] is None and not _positional_run(p, k, q):
                continue
            gap = q.open_at - t.end if t.end <= q.open_at else t.start - close
            if gap < 0:
                continue
            if best_gap is None or gap < best_gap:
                best, best_gap = k, gap
    return best


def _positional_run(p: Parse, cue: int, q: QuoteSpan) -> list[int]:
    """'”, Chief Jane Doe said' / '” said Jane Doe,': the words between the quote and its verb, or after
    the verb, when the parse gives the verb no subject."""
    close = q.close_at if q.close_at is not None else q.end
    t = p.tok(cue)
    if t.start < close:
        return []
    between = [k for k in range(cue - 1, -1, -1) if p.tok(k).start > close]
    between = [k for k in reversed(between) if not p.tok(k).text.isspace()]
    run = between
    if not between:
        run = []
        for k in range(cue + 1, min(cue + 9, len(p.article.tokens))):
            if p.tok(k).is_punct and p.tok(k).text not in "-'’" or p.tok(k).sent != t.sent:
                break
            run.append(k)
    if not run or len(run) > 8 or any(p.tok(k).is_punct and p.tok(k).text not in "-'’" for k in run):
        return []
    if not any(p.tok(k).pos in {"PROPN", "NOUN", "PRON"} for k in run):
        return []
    return run


def _positional_found(p: Parse, cue: int, q: QuoteSpan, kind: str, history: list[Found]) -> Optional[Found]:
    run = _positional_run(p, cue, q)
    if not run:
        return None
    sentence = p.tok(cue).sent
    name = _person_in(p, run[0], run[-1])
    if name is not None:
        sp = _speaker_from_mention(p, name, role=_role_text(p, run[0], name))
    elif len(run) == 1 and p.tok(run[0]).pos == "PRON":
        sp = resolve_pronoun(p, run[0], history)
    else:
        first = run[0] + 1 if _is_determiner(p.tok(run[0])) and len(run) > 1 else run[0]
        start, end, text = _span_of(p, first, run[-1])
        sp = SpeakerSpan(text=text, start=start, end=end, plural=_plural(p, run[-1]))
    if sp is None:
        return None
    return Found(q.start, q.end, True, kind, p.tok(cue).text, sentence, sp,
                 p.tok(run[0]).start, p.tok(run[-1]).end)


def _colon_cue(p: Parse, q: QuoteSpan, history: list[Found]) -> Optional[Found]:
    """'X said:' at the end of the previous paragraph introduces the quote."""
    before = p.article.body[:q.open_at].rstrip()
    if not before.endswith(":"):
        return None
    colon = len(before) - 1
    for f in reversed(history):
        if f.speaker is not None and f.sentence == _sentence_of(p, colon):
            return f
    s = _sentence_of(p, colon)
    if s is None:
        return None
    sent = p.article.sentences[s]
    for k in range(sent.token_end - 1, sent.token_start - 1, -1):
        if _is_cue(p, k) and subject_of(p, k)[0] is not None:
            return _with_speaker(p, k, q.start, q.end, cue_kind(p.tok(k).lemma) or "statement", True, history)
    return None


_DASHES = "\u2015\u2014\u2013-"


def _tagline_speaker(p: Parse, q: QuoteSpan, sentence: int) -> Optional[Found]:
    """'“…” — Jane Doe' or 'Jane Doe: “…”': a name set off by a dash or a colon, as in vox pops."""
    body = p.article.body
    close = q.close_at if q.close_at is not None else q.end
    after = close + 1
    while after < len(body) and body[after] in " \t":
        after += 1
    name_at = None
    if after < len(body) and body[after] in _DASHES:
        name_at = after + 1
        while name_at < len(body) and body[name_at] in " \t":
            name_at += 1
    else:
        line_start = body.rfind("\n", 0, q.open_at) + 1
        lead = body[line_start:q.open_at].rstrip()
        if lead.endswith(":") and 0 < len(lead) <= 60:
            name_at = line_start
    if name_at is None:
        return None
    for m in p.article.mentions:
        if m.start == name_at and m.label in PERSONISH | BODYISH:
            sp = _speaker_from_mention(p, m)
            return Found(q.start, q.end, True, "statement", None, sentence, sp, m.start, m.end)
    return None


def _words(text: str) -> int:
    return len([w for w in text.split() if any(ch.isalnum() for ch in w)])


def _paragraph_of(body: str, offset: int) -> int:
    return body.count("\n\n", 0, offset) if "\n\n" in body else body.count("\n", 0, offset)


def direct_claims(p: Parse, reported: list[Found]) -> list[Found]:
    out: list[Found] = []
    body = p.article.body
    for q in p.quotes:
        words = _words(body[q.start:q.end])
        history = sorted(reported + out, key=lambda f: f.start)
        history = [f for f in history if f.start < q.start]
        sentence = _sentence_of(p, q.start) or 0
        found: Optional[Found] = None
        cue = _cue_for_quote(p, q)
        if cue is not None:
            if p.tok(cue).text.lower() == "according":
                f = _according_claim(p, cue, history)
                speaker = f.speaker if f else None
                found = Found(q.start, q.end, True, "statement", "according to", sentence, speaker,
                              f.subject_start if f else None, f.subject_end if f else None)
            else:
                kind = _inherited_kind(p, cue, cue_kind(p.tok(cue).lemma) or "statement")
                found = _with_speaker(p, cue, q.start, q.end, kind, True, history) or \
                    _positional_found(p, cue, q, kind, history)
                if found is not None:
                    found.sentence = sentence
        if found is None:
            found = _colon_cue(p, q, history)
        if found is None:
            found = _tagline_speaker(p, q, sentence)
        if found is None and words >= SHORT_QUOTE_WORDS:
            found = _same_paragraph_speaker(p, q, history, sentence)
        if found is None:
            if words < LONE_QUOTE_WORDS:
                continue
            found = Found(q.start, q.end, True, "statement", None, sentence, None)
        if words < SHORT_QUOTE_WORDS and _covered(found, q, reported):
            continue
        found.start, found.end, found.direct = q.start, q.end, True
        out.append(found)
    return out


def _same_paragraph_speaker(p: Parse, q: QuoteSpan, history: list[Found], sentence: int) -> Optional[Found]:
    """An unattributed quote right after an attributed one in the same paragraph: same speaker."""
    body = p.article.body
    para = _paragraph_of(body, q.open_at)
    for f in reversed(history):
        if f.speaker is not None and _paragraph_of(body, f.start) == para:
            return Found(q.start, q.end, True, f.kind if f.kind != "denial" else "statement", f.cue, sentence,
                         f.speaker, f.subject_start, f.subject_end)
    return None


def _covered(found: Found, q: QuoteSpan, reported: list[Found]) -> bool:
    return any(r.start <= q.start and q.end <= r.end for r in reported)


# --------------------------------------------------------------------------- the stage

def find_claims(article: Article) -> list[Found]:
    """Every claim of one article, in reading order (the benchmark reads ``Found`` directly)."""
    if not article.tokens or not article.sentences:
        return []
    p = Parse.of(article)
    reported = reported_claims(p, [])
    direct = direct_claims(p, reported)
    # Reported claims that only restate one quotation are dropped: the quote says it in the speaker's words.
    quote_spans = [(f.start, f.end) for f in direct]
    reported = [r for r in reported if not any(s - 2 <= _said_from(r) and r.end <= e + 2 for s, e in quote_spans)]
    found = sorted(direct + reported, key=lambda f: (f.start, f.end, not f.direct))
    _read_denials_in_their_words(p, found)
    return found


# What a speaker calls a charge when denying it: "the allegation is a fabrication", "the claims are false".
# Only said of the charge (its predicate): "false reports" alone is a topic, not a denial.
FALSEHOOD_WORDS = {"fabrication", "lie", "falsehood", "fiction", "fantasy", "invention", "slander", "smear",
                   "nonsense", "propaganda", "disinformation", "misinformation", "fake", "false", "baseless",
                   "groundless", "unfounded", "untrue", "fabricated", "invented", "absurd"}
ACCUSATION_NOUNS = {"accusation", "allegation", "charge", "claim", "report", "story", "assertion"}
_PRONOUN_OBJECTS = {"it", "this", "that", "them", "these", "those"}


def _read_denials_in_their_words(p: Parse, found: list[Found]) -> None:
    """A statement is a denial when its words deny: it calls a charge false, or it is the quote that
    spells out a bare "X denied it" of the same speaker just before."""
    for k, f in enumerate(found):
        if f.kind not in {"statement", "claim"}:
            continue
        if _calls_a_charge_false(p, f) or (f.direct and _spells_out_a_bare_denial(p, found[:k], f)):
            f.kind = "denial"


def _calls_a_charge_false(p: Parse, f: Found) -> bool:
    for t in p.article.tokens[_first_token_at(p, f.start):]:
        if t.start >= f.end:
            break
        if t.lemma.lower() not in FALSEHOOD_WORDS and t.text.lower() not in FALSEHOOD_WORDS:
            continue
        if t.dep in {"attr", "acomp", "oprd"} and any(
                p.tok(s).lemma.lower() in ACCUSATION_NOUNS for s in p.kids(t.head, "nsubj", "nsubjpass")):
            return True
    return False


def _spells_out_a_bare_denial(p: Parse, earlier: list[Found], f: Found) -> bool:
    for g in reversed(earlier):
        if g.speaker is None or f.speaker is None or f.sentence - g.sentence > 1:
            return False
        if g.kind != "denial" or g.speaker.text != f.speaker.text:
            continue
        verb = _first_token_at(p, g.start)
        objects = p.kids(verb, "dobj")
        return bool(objects) and all(p.tok(o).text.lower() in _PRONOUN_OBJECTS for o in objects) \
            and not p.kids(verb, "ccomp")
    return False


def _first_token_at(p: Parse, offset: int) -> int:
    return next((t.i for t in p.article.tokens if t.end > offset), len(p.article.tokens))


def _said_from(f: Found) -> int:
    return f.content_start if f.content_start is not None else f.start


def to_claims(article: Article, found: list[Found]) -> list[Claim]:
    claims = []
    body = article.body
    for n, f in enumerate(found, 1):
        sp = f.speaker
        claims.append(Claim(
            claim_id=f"{article.article_id}-c{n}", article_id=article.article_id, start=f.start, end=f.end,
            text=body[f.start:f.end], speaker=sp.text if sp else None, speaker_role=sp.role if sp else None,
            speaker_start=sp.start if sp else None, speaker_end=sp.end if sp else None, cue=f.cue, kind=f.kind,
            direct=f.direct, sentence=f.sentence))
    return claims


def read_article(article: Article) -> Article:
    article.claims = to_claims(article, find_claims(article))
    return article


def run(corpus: Corpus, settings) -> Corpus:
    for article in corpus.articles:
        read_article(article)
    return corpus
