"""Find input documents and turn each one into an ``Article`` holding its raw text.

Inputs are folders (walked recursively, in sorted order), single files, or
``"-"`` for JSON Lines on stdin. Every problem with one document becomes a
``ProcessingError`` in the stream, never an exception, so one bad file cannot
stop a run. Cleaning (body, title, dates) happens later, in ``clean.py``.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional, Union

from ..model import Article, ProcessingError
from .ids import article_id, content_hash

log = logging.getLogger(__name__)

STAGE = "ingest"
MANIFEST = "manifest.jsonl"
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MANIFEST_FIELDS = ("outlet", "published", "language", "title", "url")
RECORD_FIELDS = ("outlet", "published", "language", "title", "url")
# Share of control characters above which decoded bytes are not text.
MAX_CONTROL_SHARE = 0.02
SNIFF_BYTES = 8192

Item = Union[Article, ProcessingError]


@dataclass
class Decoded:
    text: Optional[str] = None
    encoding: Optional[str] = None
    error: Optional[ProcessingError] = None


@dataclass
class Manifest:
    """Per-file metadata from a folder's manifest.jsonl, keyed by resolved path."""
    entries: dict[str, dict] = field(default_factory=dict)
    errors: list[ProcessingError] = field(default_factory=list)


# --------------------------------------------------------------------------- public entry point

def discover(inputs: list[str], settings, stdin: Optional[IO[bytes]] = None) -> Iterator[Item]:
    """Yield one Article per readable document and one ProcessingError per bad one."""
    seen_ids: dict[str, str] = {}
    for given in inputs:
        for item in _items_for_input(given, settings, stdin):
            if isinstance(item, Article):
                first = seen_ids.get(item.article_id)
                if first is not None:
                    yield _error(item.path, "E109", f"same article id {item.article_id} as {first}; keeping the first",
                                 item.article_id)
                    continue
                seen_ids[item.article_id] = item.path
            yield item


def _items_for_input(given: str, settings, stdin: Optional[IO[bytes]]) -> Iterator[Item]:
    if given == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _read_jsonl_lines(_stream_lines(stream), "<stdin>", settings, defaults={})
        return
    path = Path(given)
    if path.is_dir():
        yield from _walk_folder(given, settings)
    elif path.exists() or path.is_symlink():
        yield from _read_file(given, settings, defaults={})
    else:
        yield _error(given, "E101", "no such file or folder; check the path")


# --------------------------------------------------------------------------- folders and manifests

def _walk_folder(folder: str, settings) -> Iterator[Item]:
    root = Path(folder).resolve()
    manifest = _read_manifest(folder, root)
    yield from manifest.errors
    for shown in _folder_files(folder):
        real = Path(shown).resolve()
        if not _is_inside(real, root):
            yield _error(shown, "E108", "refused: a link that leads outside the input folder")
            continue
        yield from _read_file(shown, settings, defaults=manifest.entries.get(str(real), {}))


def _folder_files(folder: str) -> list[str]:
    """Document paths under *folder* as the user would write them, sorted, hidden ones skipped."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name == MANIFEST:
                continue
            if Path(name).suffix.lower() not in KNOWN_SUFFIXES:
                log.info("skipping %s: not a .txt, .html or .jsonl file", os.path.join(dirpath, name))
                continue
            found.append(os.path.join(dirpath, name))
    return sorted(found)


def _read_manifest(folder: str, root: Path) -> Manifest:
    manifest = Manifest()
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return manifest
    shown = str(path)
    if not _is_inside(path.resolve(), root):
        manifest.errors.append(_error(shown, "E108", "refused: the manifest is a link that leads outside the folder"))
        return manifest
    try:
        lines = jsonl_lines(path.read_text(encoding="utf-8-sig", errors="replace"))
    except OSError as exc:
        manifest.errors.append(_error(shown, "E106", f"cannot read the manifest: {exc.strerror or exc}"))
        return manifest
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        entry = _parse_manifest_line(line, where, folder, root)
        if isinstance(entry, ProcessingError):
            manifest.errors.append(entry)
            continue
        target, meta = entry
        manifest.entries.setdefault(target, meta)
    return manifest


def _parse_manifest_line(line: str, where: str, folder: str, root: Path):
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(where, "E106", f"manifest line is not JSON ({exc.msg}); the rest of the manifest is used")
    if not isinstance(record, dict) or not isinstance(record.get("path"), str) or not record["path"].strip():
        return _error(where, "E106", "manifest line needs a JSON object with a \"path\"; the rest of the manifest is used")
    rel = record["path"].strip()
    if _is_traversal(rel):
        return _error(where, "E108", f"refused manifest path {rel!r}: it must stay inside the folder")
    target = (Path(folder) / rel)
    real = target.resolve()
    if not _is_inside(real, root):
        return _error(where, "E108", f"refused manifest path {rel!r}: a link that leads outside the folder")
    if not target.exists():
        return _error(where, "E101", f"manifest lists {rel!r}, which is not in the folder")
    meta = {k: record[k] for k in MANIFEST_FIELDS if isinstance(record.get(k), str) and record[k].strip()}
    return str(real), meta


def _is_traversal(rel: str) -> bool:
    norm = rel.replace("\\", "/")
    return (os.path.isabs(rel) or norm.startswith("/") or (len(norm) > 1 and norm[1] == ":")
            or any(part == ".." for part in norm.split("/")))


def _is_inside(real: Path, root: Path) -> bool:
    return real == root or root in real.parents


# --------------------------------------------------------------------------- one file

def _read_file(shown: str, settings, defaults: dict) -> Iterator[Item]:
    path = Path(shown)
    try:
        if not path.is_file():
            yield _error(shown, "E101", "not a regular file")
            return
        size = path.stat().st_size
        if size > settings.max_file_bytes and path.suffix.lower() in JSONL_SUFFIXES:
            # A feed holds many documents: the limit applies to each record, so stream it line by line.
            with open(path, "rb") as stream:
                yield from _read_jsonl_lines(_stream_lines(stream), shown, settings, defaults)
            return
        if size > settings.max_file_bytes:
            yield _error(shown, "E105", f"file is {size} bytes, over max_file_bytes={settings.max_file_bytes}; "
                                        "split it or raise the setting")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _error(shown, "E101", f"cannot read the file: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        decoded = decode_bytes(data, shown)
        if decoded.error:
            yield decoded.error
            return
        yield from _read_jsonl_lines(enumerate(jsonl_lines(decoded.text), 1), shown, settings, defaults)
        return
    decoded = decode_bytes(data, shown)
    if decoded.error:
        yield decoded.error
        return
    raw_format = "html" if suffix in HTML_SUFFIXES or looks_like_html(decoded.text) else "txt"
    yield _article(shown, data, decoded.text, raw_format, defaults)


def looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<body" in text[:200_000].lower()


# An id taken from input is used in URLs, HTML anchors and export file rows: only
# plain characters are kept as given; anything else gets a stable id derived from it.
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def record_id(given) -> Optional[str]:
    """The article id for a record's "id" field, or None when it gives none."""
    if isinstance(given, bool) or not isinstance(given, (str, int)):
        return None
    text = str(given).strip()
    if not text:
        return None
    if _PLAIN_ID.fullmatch(text) and ".." not in text:
        return text
    return article_id(scrub(text).encode("utf-8"))


def _article(shown: str, data: bytes, text: str, raw_format: str, meta: dict,
             given_id: Optional[str] = None) -> Article:
    article = Article(
        article_id=given_id or article_id(data),
        path=scrub(shown),
        raw=scrub(text),
        raw_format=raw_format,
        content_hash=content_hash(text),
    )
    for key in RECORD_FIELDS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            setattr(article, key, scrub(value.strip()))
    article.published = valid_date(article.published, shown)
    return article


# --------------------------------------------------------------------------- JSON Lines

def jsonl_lines(text: str) -> list[str]:
    """Split JSON Lines on \\n only: str.splitlines() would also break records at U+2028,
    U+0085 and other characters that JSON allows raw inside strings."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _stream_lines(stream: IO[bytes]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, 1):
        yield number, line.decode("utf-8", errors="replace") if isinstance(line, bytes) else line


def _read_jsonl_lines(lines: Iterable[tuple[int, str]], shown: str, settings, defaults: dict) -> Iterator[Item]:
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        if len(line.encode("utf-8", "replace")) > settings.max_file_bytes:
            yield _error(where, "E105", f"record is over max_file_bytes={settings.max_file_bytes}")
            continue
        yield _record_article(line.lstrip("\ufeff"), where, defaults)


def _record_article(line: str, where: str, defaults: dict) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(where, "E107", f"line is not JSON ({exc.msg}); the other lines are read")
    if not isinstance(record, dict):
        return _error(where, "E107", "line is JSON but not an object; the other lines are read")
    text, html = record.get("text"), record.get("html")
    if isinstance(html, str) and html.strip():
        raw, raw_format = html, "html"
    elif isinstance(text, str) and text.strip():
        raw, raw_format = text, "txt"
    else:
        return _error(where, "E107", "record has no non-empty \"text\" or \"html\" field")
    shown = record["path"] if isinstance(record.get("path"), str) and record["path"].strip() else where
    given_id = record_id(record.get("id"))
    meta = {**defaults, **{k: record[k] for k in RECORD_FIELDS if k in record}}
    return _article(shown, raw.encode("utf-8", "surrogatepass"), raw, raw_format, meta, given_id)


# --------------------------------------------------------------------------- decoding

def decode_bytes(data: bytes, shown: str) -> Decoded:
    """Bytes to text: BOMs first, then strict UTF-8, then a detector, then single-byte code pages."""
    bom = _bom_encoding(data)
    if bom:
        try:
            return _checked(data.decode(bom), bom, shown)
        except UnicodeDecodeError:
            return Decoded(error=_error(shown, "E102", f"starts with a {bom} byte-order mark but does not decode as {bom}"))
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16, shown)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:SNIFF_BYTES]:
        return Decoded(error=_error(shown, "E103", "file holds NUL bytes: it is binary, not text"))
    try:
        return _checked(data.decode("utf-8"), "utf-8", shown)
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes (a bad copy-paste): keep UTF-8, mark the bad bytes.
    mostly = data.decode("utf-8", errors="replace")
    if _multibyte_share(data) > 0 and mostly.count("\ufffd") <= max(2, len(mostly) // 100):
        return Decoded(mostly, "utf-8 (with replacements)")
    for encoding, text in _candidate_decodings(data):
        if _control_share(text) <= MAX_CONTROL_SHARE:
            return Decoded(text, encoding)
    return Decoded(error=_error(shown, "E102", "text encoding could not be decoded; save the file as UTF-8"))


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """UTF-16 saved without a byte-order mark: mostly Latin text leaves every other byte NUL."""
    sample = data[:SNIFF_BYTES]
    if len(sample) < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _multibyte_share(data: bytes) -> float:
    """Share of bytes that belong to valid multi-byte UTF-8 sequences."""
    valid = sum(len(m.group(0)) for m in _UTF8_MULTIBYTE.finditer(data))
    return valid / max(1, len(data))


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _bom_encoding(data: bytes) -> Optional[str]:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _checked(text: str, encoding: str, shown: str) -> Decoded:
    if _control_share(text) > MAX_CONTROL_SHARE:
        return Decoded(error=_error(shown, "E103", "file is mostly control characters: it is binary, not text"))
    return Decoded(text, encoding)


def _candidate_decodings(data: bytes) -> list[tuple[str, str]]:
    """Plausible decodings, best first: the detector's guess and the common single-byte pages."""
    found: list[tuple[float, int, str, str]] = []
    guess = _detector_guess(data)
    order = ([guess] if guess else []) + ["cp1252", "cp1251", "latin-1"]
    for rank, encoding in enumerate(dict.fromkeys(order)):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        found.append((-_plausibility(text), rank, encoding, text))
    found.sort()
    return [(enc, text) for _, _, enc, text in found]


def _detector_guess(data: bytes) -> Optional[str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: trafilatura normally brings it
        return None
    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def _plausibility(text: str) -> float:
    """How much a decoding reads like natural text: words in one script, few rare accented runs."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if not words:
        return 0.0
    good = 0
    for word in words:
        letters = [c for c in word if c.isalpha()]
        scripts = {_script(c) for c in letters}
        accented = sum(1 for c in letters if _script(c) == "latin" and ord(c) > 0x7F)
        if len(scripts) == 1 and accented * 2 <= len(letters):
            good += 1
    return good / len(words) + 0.5 * _common_letter_share(text) - _control_share(text)


# Letters of the languages most news arrives in; a wrong code page produces rarer ones.
_COMMON_NON_ASCII = set("àâäáãåæçéèêëíìîïñóòôöõøœúùûüýÿßÀÂÄÁÇÉÈÊËÍÎÏÑÓÔÖØŒÚÙÛÜ") | {
    chr(c) for c in range(0x0400, 0x0460)} | {chr(c) for c in range(0x0391, 0x03CA)}


def _common_letter_share(text: str) -> float:
    rare = [c for c in text[:20_000] if ord(c) > 0x7F and c.isalpha()]
    if not rare:
        return 1.0
    return sum(c in _COMMON_NON_ASCII for c in rare) / len(rare)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ")[0].lower() if name else "?"


# Unicode's control characters (category Cc: C0, DEL and C1) other than the whitespace ones, and the
# replacement character: one regex pass, where a per-character category lookup cost a rerun half a
# second over a thousand stored files.
_CONTROL_OR_REPLACED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20_000]
    return len(_CONTROL_OR_REPLACED.findall(sample)) / len(sample)


# --------------------------------------------------------------------------- small helpers

def valid_date(value: Optional[str], where: str) -> Optional[str]:
    """An ISO date (YYYY-MM-DD, optionally with a time) or None with a warning; never a guess."""
    if value is None:
        return None
    text = str(value).strip()
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        log.warning("%s: published date %r is not a valid YYYY-MM-DD date; left empty", where, value)
        return None
    if len(text) > 10 and text[10] not in "T ":
        log.warning("%s: published date %r is not a valid YYYY-MM-DD date; left empty", where, value)
        return None
    return day.isoformat()


# Lone UTF-16 surrogates: JSON escapes ("\\ud800") and undecodable file names
# (os.fsdecode's surrogateescape) produce them, and neither UTF-8 files nor
# SQLite can hold them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """*text* with every lone surrogate replaced by U+FFFD, so it can be written as UTF-8."""
    return _SURROGATES.sub("\ufffd", text)


def _error(path: str, code: str, reason: str, aid: Optional[str] = None) -> ProcessingError:
    return ProcessingError(path=scrub(path), stage=STAGE, reason=scrub(reason), code=code,
                           article_id=scrub(aid) if aid else aid)
