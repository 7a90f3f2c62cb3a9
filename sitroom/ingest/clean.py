"""The clean stage: raw input -> article body, title, publication date and outlet.

Scraped pages mix the article with page furniture: navigation, membership and
newsletter prompts, captions and photo credits, links to other stories, ads,
share widgets and site notices. The cleaner decides line by line, combining

* the line's own shape (length, final punctuation, sentence case, link-like
  phrasing, credits in parentheses, (c) marks, cue phrases from
  ``data/boilerplate.txt``),
* its neighbours (a caption above a credit line, a teaser above a bare date
  line, a line repeated right after itself, the headlines under a "Most read"
  heading wherever that box stands),
* its position (the page head before the first paragraph of prose, the page
  foot after the last one, author boxes and editorial notes on the last lines),
* evidence across the corpus (a line that recurs in several articles of one
  outlet is that outlet's furniture), and
* jusText's verdict, as one vote at the edges of the page.

Every dropped line is recorded in ``article.removed`` with its reason, so a
user can see and contest each decision. HTML goes through trafilatura first
(readability-lxml when trafilatura finds nothing), then through the same
line rules. For HTML the recorded line numbers count lines of the extracted
text, not of the markup.
"""
from __future__ import annotations

import datetime as dt
import html as html_lib
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import urlparse

from lxml.etree import LxmlError

from ..limits import ArticleTimeout, time_limit
from ..model import Article, Corpus, ProcessingError, RemovedLine

log = logging.getLogger(__name__)

NAME = "clean"
REQUIRES = {"raw"}
PROVIDES = {"body", "title", "published", "outlet"}
PER_ARTICLE = False

CUES_FILE = Path(__file__).resolve().parent.parent / "data" / "boilerplate.txt"

# Reasons, as recorded in article.removed.
R_TITLE = "title"
R_DATELINE = "dateline"
R_NAV = "navigation before the headline"
R_MASTHEAD = "masthead"
R_HEAD = "page furniture above the article"
R_FOOT = "page furniture below the article"
R_SYMBOL = "symbols only"
R_WIDGET = "widget token"
R_LABEL = "form label"
R_LINK = "link to another story"
R_TEASER = "teaser of another story (before its date)"
R_TEASER_DATE = "date of another story"
R_CUE = "boilerplate phrase"
R_PROMPT = "call to action (subscribe, share, join ...)"
R_CREDIT = "photo credit"
R_CAPTION = "photo caption"
R_BYLINE = "byline"
R_URL = "link or handle"
R_REPEAT = "repeated line"
R_RECURRING = "recurs across articles of this outlet"
R_EDITORIAL = "editorial note of the outlet"
R_FRAGMENT = "fragment"
R_JUSTEXT = "boilerplate (jusText)"
R_BELOW = "list or comments below the article"
R_OUTSIDE = "outside the main run of text"
R_LIST_WIDGET = "list of other stories (heading and items)"
R_AUTHOR_BOX = "author box"
R_TOO_LONG = "cut: body longer than max_article_chars"

# --------------------------------------------------------------------------- text normalisation

# Spaces that look like a space but are not U+0020.
_ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                                     "\u2009\u200a\u202f\u205f\u3000\t\v\f"), " ")
# Invisible characters that only break matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
# Unicode's control characters (category Cc) are exactly these 65, by its stability policy; a class
# matches them at a fraction of the cost of asking unicodedata about every character.
_CONTROLS_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SPACE_RUN = re.compile(r" {2,}")


def normalise_text(text: str) -> str:
    """Plain spaces and newlines only; invisible characters and stray controls removed."""
    text = _LINE_BREAKS.sub("\n", text).translate(_ODD_SPACES).translate(_INVISIBLE)
    return _CONTROLS_BUT_NEWLINE.sub("", text)


def normalise_line(line: str) -> str:
    return _SPACE_RUN.sub(" ", line).strip()


def line_key(text: str) -> str:
    """A line's identity for repeat detection: case, quotes and spacing folded."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip(" .")


# --------------------------------------------------------------------------- line features

_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_TERMINAL = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]\u300d]*$")
# Scripts written without spaces: count every two characters as a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]{2,}")
_AUX = frozenset("""is are was were be been being has have had will would can could should may might must do does
did said says say told tells added stated according""".split())
_SMALL_WORDS = frozenset("a an the of in on at to for and or but by with from as into over after".split())
_PRESS_WORDS = frozenset("""post times news media herald journal guardian tribune telegraph gazette daily press agency
observer independent mail express chronicle review today radio tv television broadcasting network wire monitor
standard star sun mirror courier record bulletin dispatch report reporter weekly magazine""".split())


def words(text: str) -> list[str]:
    found = []
    for word in _WORD.findall(text):
        if _UNSPACED.search(word):
            found.extend(word[i:i + 2] for i in range(0, len(word), 2))
        else:
            found.append(word)
    return found


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def lower_share(ws: list[str]) -> float:
    """Share of words in lower case: high in sentences, low in headlines-as-title-case and menus."""
    alpha = [w for w in ws if w[0].isalpha()]
    if not alpha:
        return 0.0
    return sum(1 for w in alpha if not w[0].isupper()) / len(alpha)


def capital_share(ws: list[str]) -> float:
    alpha = [w for w in ws if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if not alpha:
        return 0.0
    return sum(1 for w in alpha if w[0].isupper()) / len(alpha)


def is_prose(text: str) -> bool:
    """A paragraph of running text: the kind of line an article body is made of."""
    ws = words(text)
    return len(ws) >= 12 and ends_sentence(text) and lower_share(ws) >= 0.3


def is_sentence(text: str) -> bool:
    ws = words(text)
    return len(ws) >= 4 and ends_sentence(text) and lower_share(ws) >= 0.25


def is_headline_like(text: str) -> bool:
    """4-20 words, no final full stop or colon: the shape of a headline."""
    ws = words(text)
    if not 4 <= len(ws) <= 20 or text.endswith((".", ":", ";", ",")):
        return False
    return sum(c.isalpha() for c in text) >= 12


def is_standfirst(text: str) -> bool:
    """A summary sentence under the headline (kept in the body)."""
    ws = words(text)
    return len(ws) >= 8 and lower_share(ws) >= 0.5


def sentence_count(text: str) -> int:
    return max(1, len(re.findall(r"[.!?\u2026][\"'\u201d\u2019)]*(?:\s|$)", text)))


_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"|(?:(?<=\s)|^)\u2018[^\u2019]*\u2019(?![\w])")


def unquoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


# --------------------------------------------------------------------------- cue phrases

@dataclass(frozen=True)
class Cues:
    strong: tuple[re.Pattern, ...]   # count in any short line, sentences included
    weak: tuple[re.Pattern, ...]     # count only in short lines that are not sentences
    prefix: tuple[re.Pattern, ...]   # count at the start of a line of any length
    headers: tuple[re.Pattern, ...] = ()  # open a list of other stories or comments


@lru_cache(maxsize=1)
def load_cues(path: str = str(CUES_FILE)) -> Cues:
    strong, weak, prefix, headers = [], [], [], []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        log.warning("cannot read boilerplate cues %s (%s); cleaning uses line shape only", path, exc)
        lines = []
    for raw in lines:
        phrase = raw.strip().lower()
        if not phrase or phrase.startswith("#"):
            continue
        if phrase.startswith("="):
            headers.append(re.compile(r"^\W*" + re.escape(phrase[1:].strip()) + r"(?!\w)"))
        elif phrase.startswith("^"):
            prefix.append(re.compile(r"^\W*" + re.escape(phrase[1:].strip()) + r"(?!\w)"))
        elif phrase.startswith("!"):
            strong.append(_phrase_pattern(phrase[1:].strip()))
        elif " " in phrase:
            strong.append(_phrase_pattern(phrase))
        else:
            weak.append(_phrase_pattern(phrase))
    return Cues(tuple(strong), tuple(weak), tuple(prefix), tuple(headers))


def _phrase_pattern(phrase: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


STRONG_CUE_MAX_WORDS = 12
WEAK_CUE_MAX_WORDS = 8
PREFIX_CUE_MAX_WORDS = 60


def cue_reason(text: str, cues: Cues) -> Optional[str]:
    low = line_key(text)
    n = len(words(text))
    if n <= PREFIX_CUE_MAX_WORDS and any(p.search(low) for p in cues.prefix):
        return R_CUE
    if n <= STRONG_CUE_MAX_WORDS and any(p.search(low) for p in cues.strong):
        return R_CUE
    if n <= WEAK_CUE_MAX_WORDS and not is_sentence(text) and any(p.search(low) for p in cues.weak):
        return R_CUE
    return None


# --------------------------------------------------------------------------- rules on one line

_WIDGET = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$|^[a-z]+(?:[A-Z][a-z0-9]+)+$")
_BRACKETED = re.compile(r"^\[[^\[\]]+\]$")
_LINK_PREFIX = re.compile(r"^(?:related|read|read more|read also|also read|see also|more|watch|listen|recommended|"
                          r"further reading|more on this|explainer|opinion|analysis|live)\s*[:|\u2013\u2014>-]\s*\S",
                          re.IGNORECASE)
# Short lines opening with an imperative are links or prompts, not reporting.
_LINK_VERBS = re.compile(r"^(?:read|watch|listen|see)\b", re.IGNORECASE)
_PROMPT_VERBS = re.compile(r"^(?:click|tap|subscribe|follow|download|join|share|donate|sign|become|support)\b",
                           re.IGNORECASE)
_PARENTHETICAL = re.compile(r"^\([^()]+\)\.?$")
_CREDIT_WORDS = r"(?:photo(?:graph)?s?|images?|pictures?|pic|video|credits?|courtesy|illustration|file photo)"
# A caption ends with its credit: "(photo credit: X/Y)", "Photo: X.", "(c) X", "(Name / Agency)", "via Getty Images".
_TRAILING_CREDITS = (
    re.compile(r"\(\s*(?i:" + _CREDIT_WORDS + r")(?:\s+(?i:credits?))?\s*:[^()]{1,100}\)\s*$"),
    re.compile(r"(?:^|\s)(?:Photo(?:graph)?|Image|Picture|Pic|Video|Credit|Courtesy|Illustration|PHOTO|IMAGE|CREDIT)"
               r"(?:\s+(?:credit|by))?\s*:\s*[^.:()]{1,80}\.?\s*$"),
    re.compile(r"\u00a9\s*\S[^.]{0,80}\.?\s*$"),
    re.compile(r"\([^()]*[A-Z][\w.-]*\s*/\s*[A-Z][^()]*\)\s*$"),
    re.compile(r"(?:\bvia|/)\s*Getty Images\s*$"),
)
_BYLINE = re.compile(r"^(?:by|written by|words by)\s+[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,3}"
                     r"(?:\s*(?:,|and|&|\|)\s*[A-Z][\w.'\u2019 -]*){0,3}$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^@\w{2,}$|^\S+@\S+\.\w+$", re.IGNORECASE)
# Breadcrumbs and menus: "Home > World > Europe", "News | Sport | Weather".
_BREADCRUMB_START = re.compile(r"^(?:home|start|front page)\s*[>\u00bb\u203a/|]", re.IGNORECASE)
_MENU_SEPARATORS = re.compile(r"\s[|\u2022\u00b7>\u00bb\u203a/]\s")
_ALL_CAPS_LABEL = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$")


def intrinsic_reason(text: str, cues: Cues) -> Optional[str]:
    """Why a line is furniture judging by itself alone, or None."""
    ws = words(text)
    n = len(ws)
    if sum(c.isalnum() for c in text) <= 1:
        return R_SYMBOL
    if n == 1 and _WIDGET.match(text):
        return R_WIDGET
    if n <= 3 and text.endswith(":"):
        return R_LABEL
    if _URL.match(text):
        return R_URL
    if _BRACKETED.match(text) or _LINK_PREFIX.match(text):
        return R_LINK
    if n <= 8 and _LINK_VERBS.match(text) and not (n > 1 and ws[1].lower() in _AUX):
        return R_LINK
    if n <= 8 and _PROMPT_VERBS.match(text) and not is_sentence(text):
        return R_PROMPT
    if _PARENTHETICAL.match(text) and n <= 12:
        return R_CREDIT
    if n <= 80 and any(p.search(text) for p in _TRAILING_CREDITS):
        return R_CAPTION
    if n <= 15 and not ends_sentence(text) and (
            _BREADCRUMB_START.match(text) or len(_MENU_SEPARATORS.findall(text)) >= 2):
        return R_NAV
    reason = cue_reason(text, cues)
    if reason:
        return reason
    if n <= 12 and _BYLINE.match(text):
        return R_BYLINE
    if n <= 3 and _ALL_CAPS_LABEL.match(text) and not any(c.isdigit() for c in text):
        return R_LABEL
    return None


# --------------------------------------------------------------------------- dates

_MONTHS = {name: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), 1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(_DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR, re.IGNORECASE),
    re.compile(_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.IGNORECASE),
    re.compile(_YEAR + r"-(?P<month>\d{2})-(?P<day>\d{2})"),
    re.compile(_YEAR + r"/(?P<month>\d{1,2})/(?P<day>\d{1,2})"),
)
# What may stand around a date on a dateline: weekday, "Published", a time, a zone, separators.
_DATE_FILLER = re.compile(
    r"\b(?:published|updated|posted|first|last|modified|date|on|at|am|pm|a\.m|p\.m|gmt|utc|bst|cet|cest|est|edt|"
    r"et|pt|pst|pdt|msk|ist|local|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?|\d{1,2}[:.]\d{2}(?::\d{2})?|[|\u2022\u00b7,:\u2013\u2014()+-]",
    re.IGNORECASE)


@dataclass(frozen=True)
class DateLine:
    iso: Optional[str]    # None when the line names an impossible day (31 February)


def date_line(text: str) -> Optional[DateLine]:
    """The date when the whole line is a date (with weekday, time and "Published" allowed), else None."""
    if len(text) > 80:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        rest = _DATE_FILLER.sub(" ", text[:match.start()] + " " + text[match.end():])
        if rest.strip():
            return None
        return DateLine(_iso(match))
    return None


def _iso(match: re.Match) -> Optional[str]:
    month = match.group("month")
    month_no = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    try:
        return dt.date(int(match.group("year")), month_no or 0, int(match.group("day"))).isoformat()
    except ValueError:
        log.warning("date %r names no real day; not used", match.group(0))
        return None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)|/((?:19|20)\d\d)(\d\d)(\d\d)/")


def _parsed_url(url: str):
    """urlparse, or None for a URL it refuses ("http://[::1" raises ValueError): URLs come from input."""
    try:
        return urlparse(url)
    except ValueError:
        return None


def date_from_url(url: Optional[str]) -> Optional[str]:
    parsed = _parsed_url(url) if url else None
    if parsed is None:
        return None
    match = _URL_DATE.search(parsed.path or "")
    if not match:
        return None
    y, m, d = [g for g in match.groups() if g is not None]
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def outlet_from_url(url: Optional[str]) -> Optional[str]:
    """The site's host without www./m./amp. prefixes: a name the URL states, not a guess."""
    parsed = _parsed_url(url if "//" in url else "//" + url) if url else None
    if parsed is None:
        return None
    host = (parsed.hostname or "").lower()
    host = re.sub(r"^(?:www\d?|m|amp|mobile|edition)\.", "", host)
    return host or None


# --------------------------------------------------------------------------- pages and lines

@dataclass
class Line:
    number: int                      # 1-based line of the cleaned input (raw text, or extracted text for HTML)
    text: str
    block: int                       # lines with no blank line between them share a block
    reason: Optional[str] = None
    date: Optional[DateLine] = None

    @property
    def kept(self) -> bool:
        return self.reason is None


@dataclass
class Page:
    """One article's text split into lines, plus what the markup told us (HTML only)."""
    lines: list[Line]
    paragraphed: bool                # blank lines separate paragraphs
    meta_title: Optional[str] = None
    meta_date: Optional[str] = None
    meta_site: Optional[str] = None
    extracted: bool = False          # the text is an extractor's output, not a whole page


@dataclass
class Outcome:
    body: str
    title: Optional[str]
    published: Optional[str]
    masthead: Optional[str]
    site: Optional[str] = None
    removed: list[RemovedLine] = field(default_factory=list)


def split_lines(text: str) -> tuple[list[Line], bool]:
    lines, block, blank_run, blanks = [], 0, False, 0
    for number, raw in enumerate(unwrap(normalise_text(text)).split("\n"), 1):
        if raw == _JOINED:
            continue
        line = normalise_line(raw)
        if not line:
            blank_run, blanks = True, blanks + 1
            continue
        if blank_run and lines:
            block += 1
        blank_run = False
        lines.append(Line(number, line, block))
    paragraphed = blanks >= max(1, len(lines) // 4)
    return lines, paragraphed


_JOINED = "\x00"   # stands where a continuation line was joined to the line above


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (a line continued by one starting in lower case) into paragraphs.

    The joined line keeps its place so later lines keep their numbers (an empty
    line takes the place of the continuation).
    """
    rows = text.split("\n")
    continued = sum(1 for a, b in zip(rows, rows[1:]) if a.strip() and _continues(a, b))
    if continued < max(3, len([r for r in rows if r.strip()]) // 5):
        return text
    out: list[str] = []
    host = -1   # index in *out* of the paragraph a continuation joins
    for row in rows:
        if host >= 0 and out[host].strip() and _continues(out[host], row):
            out[host] = out[host].rstrip() + " " + row.strip()
            out.append(_JOINED)
        else:
            out.append(row)
            host = len(out) - 1
    return "\n".join(out)


def _continues(previous: str, current: str) -> bool:
    head = current.strip()[:1]
    return bool(head) and head.islower() and not _TERMINAL.search(previous.rstrip())


# --------------------------------------------------------------------------- contextual rules

def mark_intrinsic(lines: list[Line], cues: Cues) -> None:
    for line in lines:
        line.date = date_line(line.text)
        if line.reason is None and line.date is None:
            line.reason = intrinsic_reason(line.text, cues)


def mark_captions_above_credits(lines: list[Line], paragraphed: bool) -> None:
    """A credit on its own line belongs to the caption right above it (same block, no blank line)."""
    for i, line in enumerate(lines):
        if line.reason != R_CREDIT:
            continue
        reach = 3 if paragraphed else 1
        j = i - 1
        while j >= 0 and i - j <= reach and lines[j].block == line.block:
            above = lines[j]
            if above.reason is None:
                if len(words(above.text)) > 60 or sentence_count(above.text) > 2 or above.date:
                    break
                above.reason = R_CAPTION
            j -= 1


def mark_repeats(lines: list[Line]) -> None:
    """Drop a line that repeats an earlier one, or a caption shown twice (once with its credit)."""
    seen: dict[str, Line] = {}
    previous: Optional[Line] = None
    for line in lines:
        key = line_key(line.text)
        if line.reason is None and key in seen:
            first = seen[key]
            line.reason = first.reason if first.reason and first.reason not in (R_TITLE, R_DATELINE) else R_REPEAT
        elif (line.reason is None and previous is not None and previous.reason in (R_CAPTION, R_CREDIT)
              and len(key) >= 20 and key in line_key(previous.text)):
            line.reason = R_CAPTION
        elif (previous is not None and previous.reason is None and line.reason in (R_CAPTION,)
              and len(line_key(previous.text)) >= 20 and line_key(previous.text) in key):
            previous.reason = R_CAPTION
        seen.setdefault(key, line)
        previous = line


def unify_copies(lines: list[Line]) -> None:
    """A text judged furniture in one place is furniture wherever else the page repeats it."""
    verdict: dict[str, str] = {}
    for line in lines:
        if line.reason is not None and line.reason != R_REPEAT:
            verdict.setdefault(line_key(line.text), line.reason)
    for line in lines:
        if line.reason is None and line_key(line.text) in verdict:
            line.reason = verdict[line_key(line.text)]


def prose_indexes(lines: list[Line], recurring: set[str]) -> list[int]:
    """Lines of running text; for pages without long paragraphs, any full sentence."""
    candidates = [i for i, l in enumerate(lines)
                  if l.kept and l.date is None and line_key(l.text) not in recurring]
    prose = [i for i in candidates if is_prose(lines[i].text)]
    return prose or [i for i in candidates if is_sentence(lines[i].text) and len(words(lines[i].text)) >= 6]


def mark_dates(lines: list[Line], first_prose: int, last_prose: int) -> Optional[str]:
    """Datelines above the article give its date; a bare date inside it closes a teaser of another story."""
    published = None
    for i, line in enumerate(lines):
        if line.date is None or line.reason is not None:
            continue
        if i < first_prose:
            line.reason = R_DATELINE
            published = published or line.date.iso
            continue
        if i > last_prose:
            line.reason = R_FOOT
            continue
        line.reason = R_TEASER_DATE
        teaser = _teaser_above(lines, i)
        if teaser is not None and len(teaser.text) <= 320 and sentence_count(teaser.text) <= 2:
            teaser.reason = R_TEASER
    return published


def _teaser_above(lines: list[Line], i: int) -> Optional[Line]:
    """The line a teaser date closes: the nearest kept line above it.

    A date under a link already known as such ("Read more: ...") closes that
    link, so the paragraph further up is the article's own closing line. Other
    furniture in between (a "Name says:" label, a share button) is passed over.
    """
    for j in range(i - 1, -1, -1):
        if lines[j].kept:
            return lines[j]
        if lines[j].reason == R_LINK:
            return None
    return None


def mark_page_edge_notices(lines: list[Line], cues: Cues) -> None:
    """Site notices (maintenance, cookies) sit on the first or last lines of a page, and may be long sentences."""
    kept = [l for l in lines if l.kept]
    for line in kept[:2] + kept[-2:]:
        low = line_key(line.text)
        if any(p.search(low) for p in cues.strong + cues.weak) and len(words(line.text)) <= 40:
            line.reason = R_CUE


def mark_head(lines: list[Line], first_prose: int, given_title: Optional[str],
              light: bool = False) -> tuple[Optional[str], Optional[str]]:
    """Above the first paragraph: headline, masthead, navigation and meta lines. Returns (title, masthead)."""
    head = [l for l in lines[:first_prose] if l.kept]
    title_line = None
    if given_title:
        given = line_key(given_title)
        for line in head:
            if line_key(line.text) == given:
                line.reason = R_TITLE
                title_line = title_line or line
    else:
        lead = [l for l in lines[first_prose:] if l.kept and is_prose(l.text)][:3]
        title_line = choose_title(head, lead)
        if title_line is not None:
            title_line.reason = R_TITLE
    masthead = None
    if light:
        return (title_line.text if title_line is not None else None), None
    page_text = " \n ".join(line_key(l.text) for l in lines)
    for line in head:
        if line.reason is not None:
            continue
        before_title = title_line is not None and line.number < title_line.number
        if (before_title or title_line is None) and masthead is None and looks_like_masthead(line.text, page_text):
            line.reason, masthead = R_MASTHEAD, line.text
        elif before_title:
            line.reason = R_NAV
        elif not is_standfirst(line.text):
            line.reason = R_HEAD
    return (title_line.text if title_line is not None else None), masthead


TITLE_MIN_OVERLAP = 0.3


def choose_title(head: list[Line], lead: list[Line]) -> Optional[Line]:
    """The first headline-like line that shares words with the article's lead.

    Pages often put headlines of other stories above the article; those share
    few words with its first paragraphs. With no lead to compare, the first
    headline-like line wins.
    """
    # A line split by pipes is a masthead or a menu ("Agency | Home | News"), not a headline.
    candidates = [l for l in head if l.kept and is_headline_like(l.text) and " | " not in l.text]
    lead_words = {w.lower() for l in lead for w in words(l.text)}
    if not candidates or not lead_words:
        return candidates[0] if candidates else None
    best, best_overlap = None, TITLE_MIN_OVERLAP
    for line in candidates:
        content = [w.lower() for w in words(line.text) if w.lower() not in _SMALL_WORDS]
        overlap = sum(w in lead_words for w in content) / len(content) if content else 0.0
        if overlap >= best_overlap + (0.15 if best is not None else 0.0):
            best, best_overlap = line, overlap
    return best or candidates[0]


def looks_like_masthead(text: str, page_text: str) -> bool:
    """A short capitalised name on top of the page that is a publication's name, not a headline."""
    ws = words(text)
    if not 1 <= len(ws) <= 6 or ends_sentence(text) or capital_share(ws) < 0.99:
        return False
    if any(w.lower() in _AUX for w in ws):
        return False
    named_again = page_text.count(line_key(text)) >= 2
    return named_again or any(w.lower() in _PRESS_WORDS for w in ws)


def mark_foot(lines: list[Line], last_prose: int, recurring: set[str], bad_by_justext: set[int]) -> None:
    """Below the last paragraph: menus, notices and widgets, but not a short closing sentence."""
    for i in range(last_prose + 1, len(lines)):
        line = lines[i]
        if line.reason is not None:
            continue
        # jusText calls most short closing sentences bad, so it gets no vote on full sentences here.
        if (not ends_sentence(line.text) or line_key(line.text) in recurring
                or (i in bad_by_justext and not is_sentence(line.text))):
            line.reason = R_FOOT


_OUTLET_VOICE = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|[Oo]urselves)\b")
_EDITORIAL_WORDS = re.compile(r"\b(?:read(?:ing|ers?)?|use|used|refer|term(?:s|inology)?|call|qualifiers?|style|"
                              r"report(?:ing)?|coverage|contacted|reached out|comments?|articles?|stor(?:y|ies)|"
                              r"editorial|disclaimer|polic(?:y|ies)|correct(?:ion|ed)|updated|journalism|names?|"
                              r"errors?|regret)\b", re.IGNORECASE)
EDITORIAL_TAIL_LINES = 2
_ATTRIBUTION = re.compile(r"\b(?:said|says|say|told|tells|according|stated|added|wrote|tweeted|asked|urged)\b",
                          re.IGNORECASE)


# "UPDATE 14:30 -", "Update, 9.15am:": the time stamp of a live-blog entry.
_LIVE_UPDATE = re.compile(r"^\W*update[sd]?\b\W{0,3}(?:at\s+)?\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?)?"
                          r"(?:\s*[A-Z]{2,4}\b)?\s*[-:\u2013\u2014|]", re.IGNORECASE)
# The outlet's staff reporting what they saw is news, not a note about the article.
_STAFF_REPORTING = re.compile(r"\b(?:our|we)\s+(?:own\s+)?(?:\w+\s+)?(?:correspondents?|reporters?|journalists?|"
                              r"crews?|teams?|stringers?)\s+(?:\w+\s+)?(?:report|reported|saw|see|witnessed|counted|"
                              r"found|heard|confirmed|describe|described|say|said)\b", re.IGNORECASE)


_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)]*\s+")


def split_sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def is_editorial_note(text: str) -> bool:
    """A note in the outlet's own voice about the article itself ("we choose not to use ...").

    One sentence speaks as the outlet about its own writing, and the note is
    about the article from its first sentence on: a paragraph that opens with
    an event and then cites "our correspondents" is reporting.
    """
    bare = unquoted(_LIVE_UPDATE.sub("", text, count=1))   # the stamp says when, not what
    if _STAFF_REPORTING.search(bare) or _ATTRIBUTION.search(bare) or '"' in bare:
        return False
    sentences = split_sentences(bare) or [bare]
    if not any(_OUTLET_VOICE.search(s) and _EDITORIAL_WORDS.search(s) for s in sentences):
        return False
    return bool(_OUTLET_VOICE.search(sentences[0]) or _EDITORIAL_WORDS.search(sentences[0]))


def mark_editorial_notes(lines: list[Line]) -> None:
    """Notes in the outlet's own voice at the very end of the article."""
    tail = [l for l in lines if l.kept][-EDITORIAL_TAIL_LINES:]
    for line in reversed(tail):
        if is_editorial_note(line.text):
            line.reason = R_EDITORIAL
            continue
        break


# "Jane Q. Doe is the Example Post's Africa correspondent", "Ana de la Cruz is a freelance reporter".
_NAME_WORD = r"[A-Z][\w'\u2019.-]*"
_NAME_PARTICLE = r"(?:van|von|de|da|del|della|der|di|du|dos|la|le|al|el|bin|ibn|ben)"
_AUTHOR_ROLE = (r"(?:correspondent|reporter|editor|writer|journalist|columnist|contributor|contributing writer|"
                r"photographer|photojournalist|producer|freelancer|stringer|analyst|commentator|blogger|author|"
                r"professor|lecturer|researcher|scholar|fellow)s?")
_AUTHOR_BOX = re.compile(
    r"^" + _NAME_WORD + r"(?:\s+(?:" + _NAME_PARTICLE + r"\s+)*" + _NAME_WORD + r"){1,3}"
    r"\s+(?:is|has been)\s+(?:(?:a|an|the)\s+|[A-Z])[^.;:!?\"\u201c]{0,80}?\b" + _AUTHOR_ROLE + r"\b")
AUTHOR_BOX_TAIL_LINES = 3
AUTHOR_BOX_MAX_WORDS = 60


def is_author_box(text: str) -> bool:
    """A short note on who wrote the article: a name, then what the person is for the outlet.

    A paragraph that quotes or cites someone ("..., she said") is reporting about a
    journalist, not the outlet's note on its own writer.
    """
    if len(words(text)) > AUTHOR_BOX_MAX_WORDS or sentence_count(text) > 3:
        return False
    return bool(_AUTHOR_BOX.match(text)) and not _ATTRIBUTION.search(text) and not _QUOTED.search(text)


def mark_author_boxes(lines: list[Line]) -> None:
    """Author boxes stand among the last kept lines of the page, below the article."""
    for line in [l for l in lines if l.kept][-AUTHOR_BOX_TAIL_LINES:]:
        if is_author_box(line.text):
            line.reason = R_AUTHOR_BOX


def mark_recurring(lines: list[Line], recurring: set[str], first_prose: int, last_prose: int) -> None:
    """Lines shared with other articles of the outlet: furniture unless they are prose inside the article."""
    for i, line in enumerate(lines):
        if line.reason is None and line_key(line.text) in recurring:
            inside = first_prose <= i <= last_prose
            if not (inside and is_prose(line.text)):
                line.reason = R_RECURRING


def mark_fragments(lines: list[Line], first_prose: int, last_prose: int, bad_by_justext: set[int]) -> None:
    for i in range(first_prose, last_prose + 1):
        line = lines[i]
        if line.reason is not None:
            continue
        n = len(words(line.text))
        if n <= 3 and not ends_sentence(line.text):
            line.reason = R_FRAGMENT
        elif i in bad_by_justext and n <= 6 and not ends_sentence(line.text) and lower_share(words(line.text)) < 0.5:
            line.reason = R_JUSTEXT


_COMMENT_HEADER = re.compile(r"^.{1,80}\b(?:on|at)\b.*\d.*\b(?:said|says|wrote|writes|commented|replied)\s*:?$"
                             r"|^\d+\s+(?:comments?|replies|responses)(?:\s+(?:to|on)\s.*)?$", re.IGNORECASE)
# The article must be mostly behind us before a list header may end it.
END_MARKER_MIN_SHARE = 0.6


def is_list_header(text: str, cues: Cues) -> bool:
    if _COMMENT_HEADER.match(text):
        return True
    ws = words(text)
    if not ws or len(ws) > 6 or ends_sentence(text):
        return False
    return any(p.search(line_key(text)) for p in cues.headers)


def _prose_share_before(lines: list[Line], prose: list[int], index: int) -> float:
    sizes = [len(lines[i].text) for i in prose]
    total = sum(sizes) or 1
    return sum(size for i, size in zip(prose, sizes) if i < index) / total


def mark_lists_below(lines: list[Line], prose: list[int], cues: Cues) -> None:
    """A "Related stories" or comments header late in the page ends the article: drop it and all below."""
    for i, line in enumerate(lines):
        if line.date is None and is_list_header(line.text, cues) \
                and _prose_share_before(lines, prose, i) >= END_MARKER_MIN_SHARE:
            for below in lines[i:]:
                if below.reason is None or below.reason in (R_TITLE,):
                    below.reason = R_BELOW if below.reason is None else below.reason
            return


_LIST_ITEM = re.compile(r"^(?:[*\u2022\u2013\u2014-]|\d{1,2}[.)])\s+\S")
LIST_WIDGET_MIN_ITEMS = 2
LIST_ITEM_MAX_WORDS = 25


def _is_widget_item(text: str) -> bool:
    """A headline in a list of other stories: numbered or bulleted, or a bare headline; never a paragraph."""
    if is_prose(text) or len(words(text)) > LIST_ITEM_MAX_WORDS:
        return False
    return bool(_LIST_ITEM.match(text)) or is_headline_like(text)


def mark_list_widgets(lines: list[Line], cues: Cues) -> None:
    """A "Most read" or "Related stories" box wherever it stands: its heading and the headlines under it.

    The items run until the first paragraph of prose. At least two headlines must
    follow, so a sub-heading that merely starts with a cue word keeps its text.
    Above the article's first paragraph only numbered or bulleted items count:
    bare headline-like lines there may be the article's own headline and standfirst.
    """
    first_prose = next((i for i, l in enumerate(lines) if l.kept and is_prose(l.text)), len(lines))
    i = 0
    while i < len(lines):
        heading = lines[i]
        if heading.date is not None or not is_list_header(heading.text, cues) or _COMMENT_HEADER.match(heading.text):
            i += 1
            continue
        items = _widget_items(lines, i + 1)
        headlines = [l for l in items if l.date is None]
        bare = not any(_LIST_ITEM.match(l.text) for l in headlines)
        if len(headlines) < LIST_WIDGET_MIN_ITEMS or (bare and i < first_prose):
            i += 1
            continue
        for line in [heading] + items:
            if line.reason is None:
                line.reason = R_LIST_WIDGET
        i = i + 1 + len(items)


def _widget_items(lines: list[Line], start: int) -> list[Line]:
    """The headlines of a list box starting at *start*; all of one kind (all numbered/bulleted or all bare)."""
    items: list[Line] = []
    marked: Optional[bool] = None
    for line in lines[start:]:
        if line.date is not None and items:   # a date under a headline belongs to that item
            items.append(line)
            continue
        if not _is_widget_item(line.text):
            break
        is_marked = bool(_LIST_ITEM.match(line.text))
        if marked is not None and is_marked != marked:
            break
        marked = is_marked
        items.append(line)
    return items


def _run_score(line: Line) -> float:
    """Positive for running text, negative for furniture: the main text is the best-scoring run of lines."""
    n = len(words(line.text))
    if not line.kept:
        return -4.0
    if n >= 8 and ends_sentence(line.text):
        return float(n)
    if n >= 3 and is_sentence(line.text):
        return n / 2   # a short closing sentence still belongs to the text
    if _LIST_ITEM.match(line.text):
        return -1.0   # items of a list inside the article cost little
    return -(3.0 + n / 2)


def mark_outside_main_run(lines: list[Line], prose: list[int]) -> None:
    """Drop what trails the densest run of text (teaser lists, link farms), when the run holds most prose."""
    best_end, best, running = -1, 0.0, 0.0
    for i, line in enumerate(lines):
        running = max(0.0, running) + _run_score(line)
        if running > best:
            best, best_end = running, i
    if best_end < 0 or _prose_share_before(lines, prose, best_end + 1) < END_MARKER_MIN_SHARE:
        return
    for line in lines[best_end + 1:]:
        if line.reason is None:
            line.reason = R_OUTSIDE


# --------------------------------------------------------------------------- jusText as one vote

_JUSTEXT_LANGUAGES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
                      "pt": "Portuguese", "ru": "Russian", "nl": "Dutch", "tr": "Turkish", "pl": "Polish",
                      "uk": "Ukrainian", "hy": "Armenian", "az": "Azerbaijani", "ar": "Arabic"}


@lru_cache(maxsize=8)
def _stoplist(language: Optional[str]) -> frozenset:
    import justext
    name = _JUSTEXT_LANGUAGES.get((language or "en").lower()[:2], "English")
    try:
        return frozenset(justext.get_stoplist(name))
    except ValueError:
        return frozenset(justext.get_stoplist("English"))


def justext_bad(lines: list[Line], language: Optional[str]) -> set[int]:
    """Indexes (into *lines*) of kept lines that jusText classes as boilerplate."""
    import justext
    kept = [i for i, l in enumerate(lines) if l.kept]
    if not kept:
        return set()
    markup = "<html><body>" + "".join(f"<p>{html_lib.escape(lines[i].text)}</p>" for i in kept) + "</body></html>"
    try:
        paragraphs = justext.justext(markup.encode("utf-8"), _stoplist(language), encoding="utf-8")
    except (ValueError, TypeError, LxmlError) as exc:  # jusText gives up on some degenerate inputs
        log.debug("jusText failed: %s", exc)
        return set()
    if len(paragraphs) != len(kept):
        return set()   # paragraphs no longer line up with our lines: no vote
    return {i for i, p in zip(kept, paragraphs) if p.class_type == "bad"}


# --------------------------------------------------------------------------- one page

def clean_page(page: Page, recurring: frozenset[str] | set[str] = frozenset(), title: Optional[str] = None,
               language: Optional[str] = None, cues: Optional[Cues] = None) -> Outcome:
    """Decide every line of one page; return the body and what was read from the page's head.

    Text that an extractor already cut out of HTML (``page.extracted``) gets the
    line rules only: the page-level rules (head, foot, main run) would second-guess
    the extractor's segmentation and mostly cost real paragraphs.
    """
    cues = cues or load_cues()
    lines = page.lines
    given_title = title or page.meta_title
    mark_intrinsic(lines, cues)
    mark_page_edge_notices(lines, cues)
    mark_list_widgets(lines, cues)
    mark_captions_above_credits(lines, page.paragraphed)
    mark_repeats(lines)
    recurring = set(recurring)
    prose = prose_indexes(lines, recurring)
    first_prose, last_prose = (prose[0], prose[-1]) if prose else (0, len(lines) - 1)
    published = mark_dates(lines, first_prose, last_prose)
    found_title, masthead = mark_head(lines, first_prose, given_title, light=page.extracted)
    mark_recurring(lines, recurring, first_prose, last_prose)
    if not page.extracted:
        mark_lists_below(lines, prose, cues)
        mark_outside_main_run(lines, prose)
        bad = justext_bad(lines, language)
        if prose:
            mark_foot(lines, last_prose, recurring, bad)
        mark_fragments(lines, first_prose, last_prose, bad)
    elif not prose:   # extracted text without a single sentence: menu leftovers
        mark_fragments(lines, 0, len(lines) - 1, set())
    mark_author_boxes(lines)
    mark_editorial_notes(lines)   # after the author box, which often stands below a note
    unify_copies(lines)
    body_lines = [l.text for l in lines if l.kept]
    removed = [RemovedLine(l.number, l.text, l.reason) for l in lines if not l.kept]
    return Outcome(body="\n\n".join(body_lines), title=given_title or found_title,
                   published=published or page.meta_date, masthead=masthead, site=page.meta_site,
                   removed=removed)


def cut_body(body: str, limit: int) -> tuple[str, list[str]]:
    """Keep whole paragraphs up to *limit* characters; return the body and the text cut off."""
    if len(body) <= limit:
        return body, []
    paragraphs = body.split("\n\n")
    kept: list[str] = []
    size = 0
    for i, paragraph in enumerate(paragraphs):
        extra = len(paragraph) + (2 if kept else 0)
        if size + extra > limit:
            if kept:
                return "\n\n".join(kept), paragraphs[i:]
            # One giant paragraph: cut it at the last sentence end before the limit.
            head = paragraph[:limit]
            stop = head.rfind(". ")
            head = head[:stop + 1] if stop > 0 else head.rstrip()
            return head, [paragraph[len(head):].strip()] + paragraphs[1:]
        kept.append(paragraph)
        size += extra
    return "\n\n".join(kept), []


# --------------------------------------------------------------------------- HTML

def page_from_html(markup: str, url: Optional[str] = None) -> Page:
    """Main text by trafilatura (precision first), readability-lxml when trafilatura finds none."""
    if not markup.strip():
        return Page([], False, extracted=True)
    text, meta = _trafilatura(markup, url)
    if not text:
        text = _readability(markup)
    lines, paragraphed = split_lines(text or "")
    return Page(lines, paragraphed, extracted=True, **meta)


def _trafilatura(markup: str, url: Optional[str]) -> tuple[str, dict]:
    import trafilatura
    try:
        doc = trafilatura.bare_extraction(markup, url=url, favor_precision=True, include_comments=False,
                                          with_metadata=True,
                                          date_extraction_params={"extensive_search": False, "original_date": True})
    # Malformed markup trafilatura cannot parse; AssertionError and RecursionError come from
    # lxml's tree surgery inside htmldate on degenerate trees (e.g. <math><meta ...>).
    except (ValueError, TypeError, AttributeError, AssertionError, RecursionError, LxmlError) as exc:
        log.debug("trafilatura failed: %s", exc)
        return "", {}
    if doc is None:
        return "", {}
    meta = {"meta_title": _clean_meta(doc.title), "meta_date": _iso_or_none(doc.date),
            "meta_site": _clean_meta(doc.sitename)}
    return doc.text or "", meta


def _readability(markup: str) -> str:
    from lxml import html as lxml_html
    from readability import Document
    from readability.readability import Unparseable
    try:
        tree = lxml_html.fromstring(Document(markup).summary(html_partial=True))
    except (Unparseable, ValueError, TypeError, LxmlError) as exc:
        log.debug("readability failed: %s", exc)
        return ""
    blocks = tree.xpath("//p|//li|//h1|//h2|//h3|//h4|//blockquote|//pre")
    return "\n".join(" ".join(b.text_content().split()) for b in blocks if b.text_content().strip())


def _clean_meta(value) -> Optional[str]:
    if not isinstance(value, str):
        return None
    value = normalise_line(normalise_text(value))
    return value or None


def _iso_or_none(value) -> Optional[str]:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- corpus evidence

RARE_DF = 5               # lines in at most this many articles tell copies of one article apart
COPY_SHARED_LINES = 3     # articles sharing this many rare long lines are copies of one story


def recurring_lines(pages: dict[str, list[str]], groups: dict[str, Optional[str]], min_repeats: int) -> dict[str, set[str]]:
    """Per outlet: line keys found in at least *min_repeats* different stories of that outlet.

    Copies of one story (syndication, re-scrapes) would make every line recur,
    so articles that share several rare long lines count once.
    """
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for aid, outlet in groups.items():
        if outlet:
            by_outlet[outlet].append(aid)
    found: dict[str, set[str]] = {}
    for outlet, ids in by_outlet.items():
        if len(ids) < max(2, min_repeats):
            continue
        found[outlet] = _recurring_in_group(ids, pages, min_repeats)
    return found


def _recurring_in_group(ids: list[str], pages: dict[str, list[str]], min_repeats: int) -> set[str]:
    holders: dict[str, set[str]] = defaultdict(set)
    for aid in ids:
        for key in set(pages[aid]):
            holders[key].add(aid)
    story = {aid: aid for aid in ids}

    def find(a: str) -> str:
        while story[a] != a:
            story[a] = story[story[a]]
            a = story[a]
        return a

    shared: dict[tuple[str, str], int] = defaultdict(int)
    for key, owners in holders.items():
        if 2 <= len(owners) <= RARE_DF and len(key.split()) >= 8:
            ordered = sorted(owners)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    shared[(a, b)] += 1
    for (a, b), count in shared.items():
        if count >= COPY_SHARED_LINES:
            story[find(a)] = find(b)
    return {key for key, owners in holders.items() if len({find(a) for a in owners}) >= min_repeats}


# --------------------------------------------------------------------------- the stage

def prepare(article: Article) -> Page:
    if article.raw_format == "html":
        return page_from_html(article.raw, article.url)
    lines, paragraphed = split_lines(article.raw)
    return Page(lines, paragraphed)


@dataclass
class Prepared:
    """An article's page, and the lines that recur across its outlet's pages: all cleaning needs."""
    page: Page
    boilerplate: frozenset[str]


def prepare_all(articles: list[Article], settings,
                context: Iterable[Article] = ()) -> tuple[list[Article], list[ProcessingError]]:
    """The corpus-level half of cleaning: every page, and which lines recur across an outlet.

    Sets ``article.cleaning`` for ``clean_prepared``, which may then run on
    any worker. *context* articles (stored already: a rerun does not clean
    them again) are not cleaned, but those of the outlets in *articles* count
    when finding the recurring lines. Returns the articles whose page could be
    read, and an error for each of the others.
    """
    pages: dict[str, Page] = {}
    errors: list[ProcessingError] = []
    limit = float(getattr(settings, "max_article_seconds", 0) or 0)
    for a in articles:
        if a.raw:
            try:
                with time_limit(limit):
                    pages[a.article_id] = prepare(a)
            except ArticleTimeout:
                errors.append(_timeout(a, limit))
            except Exception as exc:  # an extractor choking on one page costs that page, not the run
                errors.append(ProcessingError(path=a.path, stage=NAME, code="E120", article_id=a.article_id,
                                              reason=_failure(a, exc)))
    groups = {a.article_id: _outlet_group(a) for a in articles if a.article_id in pages}
    wanted = set(groups.values()) - {None}
    for a in context:
        group = _outlet_group(a)
        if a.raw and group in wanted and a.article_id not in pages:
            try:
                with time_limit(limit):
                    pages[a.article_id] = prepare(a)
                groups[a.article_id] = group
            except Exception:  # a time-out too: a context page that fails only does not count
                log.debug("context page %s not prepared", a.path, exc_info=True)
    keys = {aid: [line_key(l.text) for l in page.lines] for aid, page in pages.items()}
    recurring = {outlet: frozenset(lines) for outlet, lines in
                 recurring_lines(keys, groups, settings.boilerplate_min_repeats).items()}
    failed = {e.article_id for e in errors}
    kept = []
    for a in articles:
        if a.article_id in failed:
            continue
        if a.article_id in pages:
            a.cleaning = Prepared(pages[a.article_id], recurring.get(groups[a.article_id] or "", frozenset()))
        kept.append(a)
    return kept, errors


def clean_prepared(article: Article, settings) -> Optional[ProcessingError]:
    """The per-article half of cleaning: body, title and dropped lines, or the error that stops the article."""
    prepared, article.cleaning = article.cleaning, None
    limit = float(getattr(settings, "max_article_seconds", 0) or 0)
    if prepared is not None:
        try:
            with time_limit(limit):
                apply(article, clean_page(prepared.page, prepared.boilerplate, article.title, article.language),
                      settings)
        except ArticleTimeout:
            return _timeout(article, limit)
        except Exception as exc:  # recorded per article, as the runner does for later stages
            return ProcessingError(path=article.path, stage=NAME, code="E120", article_id=article.article_id,
                                   reason=_failure(article, exc))
    if not article.body.strip():
        return ProcessingError(
            path=article.path, stage=NAME, code="E104", article_id=article.article_id,
            reason="nothing is left after removing navigation, ads and captions; is this a news article?")
    return None


def run(corpus: Corpus, settings, context: Iterable[Article] = ()) -> Corpus:
    """Clean every article of *corpus* (both halves, here); see ``prepare_all`` for *context*."""
    prepared, errors = prepare_all(corpus.articles, settings, context)
    kept = []
    for article in prepared:
        error = clean_prepared(article, settings)
        if error is None:
            kept.append(article)
        else:
            errors.append(error)
    order = {a.article_id: i for i, a in enumerate(corpus.articles)}
    corpus.errors.extend(sorted(errors, key=lambda e: order.get(e.article_id, len(order))))
    corpus.articles = kept
    return corpus


def _timeout(article: Article, limit: float) -> ProcessingError:
    return ProcessingError(path=article.path, stage=NAME, code="E110", article_id=article.article_id,
                           reason=f"cleaning took longer than {limit:g} s (setting max_article_seconds)")


def _failure(article: Article, exc: Exception) -> str:
    log.debug("cleaning failed on %s", article.path, exc_info=True)
    return f"cleaning failed: {type(exc).__name__}: {exc}"


def apply(article: Article, outcome: Outcome, settings) -> None:
    body, cut = cut_body(outcome.body, settings.max_article_chars)
    if cut:
        log.warning("%s: body longer than max_article_chars=%d; %d paragraph(s) cut",
                    article.path, settings.max_article_chars, len(cut))
    article.body = body
    article.removed = outcome.removed + [RemovedLine(0, p, R_TOO_LONG) for p in cut]
    article.title = article.title or outcome.title
    article.published = article.published or outcome.published or date_from_url(article.url)
    if not article.outlet:
        article.outlet = outcome.site or outcome.masthead or outlet_from_url(article.url)


def _outlet_group(article: Article) -> Optional[str]:
    if article.outlet:
        return article.outlet.strip().lower()
    return outlet_from_url(article.url)
