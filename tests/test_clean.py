"""Cleaning: body, title, dates and outlet from scraped text and HTML."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from sitroom.ingest import clean
from sitroom.ingest.read import discover
from sitroom.model import Article, Corpus
from sitroom.settings import default_settings
from tests.conftest import FIXTURES, GOLD, SEEDS, need

SETTINGS = default_settings()


def cleaned(raw: str, raw_format: str = "txt", settings=SETTINGS, **fields) -> Corpus:
    article = Article(article_id=fields.pop("article_id", "t1"), path="page.txt", raw=raw, raw_format=raw_format,
                      **fields)
    return clean.run(Corpus(articles=[article]), settings)


def norm(text: str) -> str:
    return " ".join((text or "").replace("\u2019", "'").split()).lower()


# --------------------------------------------------------------------------- the seeds against the gold file

@pytest.fixture(scope="module")
def cleaned_seeds():
    need(SEEDS)
    articles = [a for a in discover([str(SEEDS)], SETTINGS) if isinstance(a, Article)]
    corpus = clean.run(Corpus(articles=articles), SETTINGS)
    return {os.path.basename(a.path): a for a in corpus.articles}


def test_seeds_lose_every_noise_line_and_keep_every_content_line(cleaned_seeds):
    gold = json.loads(need(GOLD).read_text(encoding="utf-8"))
    for name, expected in gold["articles"].items():
        article = cleaned_seeds[name]
        body = norm(article.body)
        for line in expected.get("noise", []):
            assert norm(line) not in body, f"{name}: noise kept: {line}"
        for line in expected.get("content", []):
            assert norm(line) in body, f"{name}: content lost: {line}"
        if expected.get("title"):
            assert norm(article.title) == norm(expected["title"])


def test_seed_removals_are_recorded_with_reasons(cleaned_seeds):
    for article in cleaned_seeds.values():
        assert article.removed, article.path
        assert all(r.reason and r.text and r.line >= 1 for r in article.removed)


# --------------------------------------------------------------------------- a golden scraped page (own words)

GOLDEN_BODY = "\n\n".join([
    "Fighters took the bridge at dawn, local officials said",
    "Armed militia fighters seized a strategic river crossing near the town of Velmar early on Tuesday, local "
    "officials said, as talks on a ceasefire stalled for a second week.",
    "The regional governor said at least three police officers were killed in the fighting and nine civilians "
    "were wounded.",
    "A spokesman for the militia denied targeting civilians and said its fighters had acted in self-defence.",
    "Earlier clashes in the north",
    "Residents reported heavy gunfire overnight in two villages north of the town, and several families fled "
    "towards the coast.",
    "Negotiators are due to meet again on Friday, the foreign ministry said.",
])


def test_golden_scraped_page():
    article = cleaned((FIXTURES / "scraped_page.txt").read_text(encoding="utf-8")).articles[0]
    assert article.body == GOLDEN_BODY
    assert article.title == "Militia fighters seize river crossing as ceasefire talks stall"
    assert article.published == "2024-03-12"          # the dateline under the headline
    assert article.outlet == "The Harbour Gazette"    # the masthead, which names a publication
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Floods displace thousands in the southern delta"] == clean.R_TEASER
    assert reasons["5 Feb. 2024"] == clean.R_TEASER_DATE
    assert reasons["12 March 2024"] == clean.R_DATELINE


def test_known_fields_are_not_overwritten():
    raw = (FIXTURES / "scraped_page.txt").read_text(encoding="utf-8")
    article = cleaned(raw, published="2024-03-13", outlet="Wire Service", title="Given headline").articles[0]
    assert (article.published, article.outlet, article.title) == ("2024-03-13", "Wire Service", "Given headline")


def test_no_outlet_or_date_is_guessed():
    raw = ("Talks resume in the capital after a week of clashes\n\n"
           "Delegations from both sides returned to the table on Monday, diplomats said, after a week of "
           "clashes along the front line.\n\nNo agreement was expected before the weekend, they added.\n")
    article = cleaned(raw).articles[0]
    assert article.outlet is None and article.published is None
    assert article.title == "Talks resume in the capital after a week of clashes"


def test_outlet_and_date_from_url():
    raw = "Rebels and the army traded fire across the valley overnight, residents said on Sunday morning.\n"
    article = cleaned(raw, url="https://www.example-news.org/world/2024/05/19/valley-fire").articles[0]
    assert article.outlet == "example-news.org" and article.published == "2024-05-19"


def test_impossible_dateline_is_not_used():
    raw = ("Army says the border is calm after a night of shelling\n31 February 2024\n\n"
           "The army said on Thursday that the border was calm after a night of shelling near two villages.\n")
    article = cleaned(raw).articles[0]
    assert article.published is None
    assert "31 February" not in article.body


# --------------------------------------------------------------------------- odd characters, empties, long bodies

def test_odd_spaces_and_invisible_characters_are_normalised():
    raw = ("Heavy\u00a0fighting\u2009was reported near the\u200b airport on Monday, a military spokesman "
           "said\u202fin a statement to reporters.\u00a0\n")
    body = cleaned(raw).articles[0].body
    assert body == ("Heavy fighting was reported near the airport on Monday, a military spokesman said in a "
                    "statement to reporters.")


def test_every_control_character_but_the_newline_is_removed_and_nothing_else():
    import sys
    import unicodedata

    every = "".join(map(chr, range(sys.maxunicode + 1))) + "a\r\nb\rc"
    spaced = clean._LINE_BREAKS.sub("\n", every).translate(clean._ODD_SPACES).translate(clean._INVISIBLE)
    assert clean.normalise_text(every) == "".join(c for c in spaced if c == "\n" or unicodedata.category(c) != "Cc")


def test_empty_article_is_e104_and_removed():
    corpus = cleaned("Advertisement\n\nShare via\n\n×\n\nSubscribe to our newsletter\n")
    assert corpus.articles == []
    assert [(e.code, e.stage, e.article_id) for e in corpus.errors] == [("E104", "clean", "t1")]


def test_long_body_is_cut_at_a_paragraph_boundary():
    paragraph = "Officials said the fighting continued through the night in the northern districts of the city."
    raw = "\n\n".join(f"{paragraph} Report {i}." for i in range(40))
    article = cleaned(raw, settings=SETTINGS.replace(max_article_chars=1000)).articles[0]
    assert len(article.body) <= 1000
    assert article.body.endswith(".") and "\n\n" in article.body
    assert any(r.reason == clean.R_TOO_LONG for r in article.removed)


def test_cut_body_splits_one_giant_paragraph_at_a_sentence():
    body, cut = clean.cut_body("One sentence here. " * 20, 50)
    assert body.endswith(".") and len(body) <= 50 and cut


# --------------------------------------------------------------------------- evidence across the corpus

FOOTER = "Our coverage of the region is supported by readers like you, and every contribution counts here."


def _story(n: int) -> str:
    return (f"Local officials reported a new round of clashes in district number {n} on Monday, with several "
            f"homes damaged by artillery fire.\n\nThe interior ministry said it was sending more police to the "
            f"area number {n} and urged residents to stay indoors.\n\n{FOOTER}\n")


def test_line_recurring_across_an_outlets_articles_is_dropped():
    articles = [Article(article_id=f"r{n}", path=f"{n}.txt", raw=_story(n), outlet="Example Daily")
                for n in range(3)]
    corpus = clean.run(Corpus(articles=articles), SETTINGS)
    for article in corpus.articles:
        assert FOOTER not in article.body
        assert "clashes in district" in article.body


def test_copies_of_one_story_do_not_make_its_lines_recurring():
    raw = ("Local officials reported a new round of clashes on Monday, with several homes damaged by artillery "
           "fire in the old town.\n\nThe interior ministry said it was sending more police to the area and urged "
           "residents to stay indoors tonight.\n\nA third paragraph says that schools in the area will stay "
           "closed until further notice, the mayor said.\n\nThey will be closed.\n")
    articles = [Article(article_id=f"c{n}", path=f"{n}.txt", raw=raw, outlet="Example Daily") for n in range(3)]
    corpus = clean.run(Corpus(articles=articles), SETTINGS)
    assert all("They will be closed." in a.body for a in corpus.articles)


# --------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html><html><head><title>Port city shelled overnight | The Example Herald</title>
<meta property="og:site_name" content="The Example Herald">
<meta property="article:published_time" content="2024-04-02T08:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Port city shelled overnight</h1>
<p>Artillery fire struck the port city overnight, damaging warehouses along the docks and setting a fuel depot
alight, the city's mayor said on Tuesday morning.</p>
<p>Emergency services said two dock workers were killed and five others were taken to hospital with burns.</p>
<p>Advertisement</p>
<p>The defence ministry blamed the attack on separatist forces, who denied any involvement in a statement
posted online later in the day.</p>
</article><footer><p>Copyright 2024 The Example Herald. All rights reserved.</p></footer></body></html>"""


def test_html_article_gets_body_title_date_and_site():
    article = cleaned(HTML_PAGE, raw_format="html").articles[0]
    assert "two dock workers were killed" in article.body
    assert "separatist forces" in article.body
    assert "Advertisement" not in article.body and "All rights reserved" not in article.body
    assert "Home" not in article.body.split()
    assert article.title.startswith("Port city shelled overnight")
    assert article.published == "2024-04-02"
    assert article.outlet == "The Example Herald"


def test_html_with_nothing_to_extract_is_e104():
    corpus = cleaned("<html><body><nav><a href='/'>Home</a></nav></body></html>", raw_format="html")
    assert corpus.articles == [] and corpus.errors[0].code == "E104"


# --------------------------------------------------------------------------- line features

@pytest.mark.parametrize("line, expected", [
    ("28 June 2023", "2023-06-28"), ("Jan. 23, 2023", "2023-01-23"), ("Published: Wednesday 5 July 2023, 10:15 GMT",
                                                                        "2023-07-05"),
    ("2024-02-29", "2024-02-29"), ("Updated Sept 3, 2022 at 4:05 pm ET", "2022-09-03")])
def test_date_lines(line, expected):
    assert clean.date_line(line).iso == expected


@pytest.mark.parametrize("line", ["The talks began on 28 June 2023 in the capital.", "June 2023 was hot",
                                  "Four people were killed"])
def test_not_date_lines(line):
    assert clean.date_line(line) is None


@pytest.mark.parametrize("line", [
    "Photo: Some Agency.", "A convoy on the road. (photo credit: JOHN DOE/AGENCY)", "(Jane Roe / Wire Agency)",
    "Smoke over the hills. \u00a9 Agency/Photographer", "[Read more: Another story about something else]",
    "Related: Another story about something else", "Read more", "Share via", "menu-control", "\u00d7", "Email:",
    "Subscribe to the Example Newsletter", "Advertisement"])
def test_furniture_lines(line):
    assert clean.intrinsic_reason(line, clean.load_cues()) is not None


@pytest.mark.parametrize("line", [
    "Four soldiers were killed in the attack, the ministry said.",
    "He said the newsletter he edits had been shut down by the authorities last year after a court ruling.",
    "The photo, which was shared widely on social media, showed a burning truck.",
    "Read said the talks would continue.",
])
def test_sentences_are_not_furniture(line):
    assert clean.intrinsic_reason(line, clean.load_cues()) is None


def test_hard_wrapped_text_is_joined_into_paragraphs():
    raw = ("Government forces and rebels fought for control of the\nairport on Sunday, residents said, as\n"
           "aid agencies warned of shortages.\n\nThe United Nations called for a\nhumanitarian pause.\n")
    body = cleaned(raw).articles[0].body
    assert body.split("\n\n") == [
        "Government forces and rebels fought for control of the airport on Sunday, residents said, as aid "
        "agencies warned of shortages.", "The United Nations called for a humanitarian pause."]


# --------------------------------------------------------------------------- properties

LINES = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["Advertisement", "Read more", "28 June 2023", "Jan. 5, 2023", "(Name / Agency)", "",
                     "Share via", "\u00a0", "\u200b", "Related: a story", "The Example Post",
                     "Officials said the fighting continued overnight in the north of the country.",
                     "A short headline about the fighting today", "\u00d7", "Email:"]),
)


@hyp_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=25))
def test_clean_never_raises_and_removed_lines_stay_out(lines):
    corpus = cleaned("\n".join(lines))
    for article in corpus.articles:
        paragraphs = article.body.split("\n\n")
        assert all(p and p == p.strip() for p in paragraphs)
        assert not any(c in article.body for c in "\u00a0\u200b\u2009\ufeff")
        for removed in article.removed:
            if removed.reason != clean.R_REPEAT:   # a repeat's first copy may rightly stay
                assert removed.text not in paragraphs
    for error in corpus.errors:
        assert error.code == "E104"


@hyp_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=60), st.sampled_from(["<p>", "</p>", "<div>", "<html>", "<body>", "<br>",
                                                                 "<script>", "&nbsp;", "<!--", "<"])), max_size=30))
def test_html_cleaning_never_raises(parts):
    corpus = cleaned("".join(parts), raw_format="html")
    assert all(a.body for a in corpus.articles)
    assert all(e.code == "E104" for e in corpus.errors)


# --------------------------------------------------------------------------- lists of other stories inside the page

def _page(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


LEAD = ("River barges carrying grain were turned back at the northern lock on Thursday after gunmen fired on a "
        "patrol boat, the port authority said in a statement.")
MIDDLE = ("Harbour workers said the lock had been closed twice this month, and that dozens of barges were now "
          "waiting downstream for permission to pass.")
LATER = ("The transport ministry said it would send an engineering team to inspect the lock gates once the area "
         "was declared safe by the police.")
CLOSING = "Shipping companies said they were weighing whether to reroute cargo by rail until the end of the month."


def test_numbered_list_box_in_the_middle_of_the_page_is_dropped():
    raw = _page("Gunmen fire on patrol boat at northern river lock", LEAD, MIDDLE,
                "Trending", "1. Lantern festival draws record crowds to the old quarter",
                "2. Ferry fares to rise again in the spring", "3. Obituary: Mr. Tobias Renner, clockmaker, 1938-2024",
                LATER, CLOSING)
    article = cleaned(raw).articles[0]
    assert article.body.split("\n\n") == [LEAD, MIDDLE, LATER, CLOSING]
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["2. Ferry fares to rise again in the spring"] == clean.R_LIST_WIDGET


def test_bulleted_list_box_runs_until_the_next_paragraph():
    raw = _page("Gunmen fire on patrol boat at northern river lock", LEAD, "Editor's picks",
                "\u2022 Inside the last glassworks of the valley", "\u2022 How a village rebuilt its bridge by hand",
                MIDDLE, LATER, CLOSING)
    body = cleaned(raw).articles[0].body
    assert "glassworks" not in body and "rebuilt its bridge" not in body
    assert body.split("\n\n") == [LEAD, MIDDLE, LATER, CLOSING]


def test_subheading_that_starts_like_a_list_heading_keeps_its_text():
    lines = [clean.Line(1, LEAD, 0), clean.Line(2, "Related charges dropped", 1), clean.Line(3, MIDDLE, 2),
             clean.Line(4, LATER, 3)]
    clean.mark_list_widgets(lines, clean.load_cues())
    assert all(line.kept for line in lines)


def test_numbered_list_without_a_list_heading_is_kept():
    items = ["1. Reopen the northern lock to civilian traffic", "2. Release the detained crew members"]
    lines = [clean.Line(1, LEAD, 0), clean.Line(2, "The union set out two demands:", 1)]
    lines += [clean.Line(3 + i, item, 2) for i, item in enumerate(items)] + [clean.Line(5, LATER, 3)]
    clean.mark_list_widgets(lines, clean.load_cues())
    assert all(line.kept for line in lines)


@pytest.mark.parametrize("line", ["14 responses to \u201cA night on the river\u201d", "3 comments on this post",
                                  "Priya wrote on 4 May 2021 at 9:12 pm said:"])
def test_comment_headers(line):
    assert clean.is_list_header(line, clean.load_cues())


# --------------------------------------------------------------------------- the last lines of the article

def test_closing_sentence_above_read_more_links_with_dates_is_kept():
    raw = _page("Gunmen fire on patrol boat at northern river lock", LEAD, MIDDLE, LATER,
                "A second patrol boat was sent to the lock this afternoon, the port authority said.",
                "Read more: Port authority names new harbour master\n3 March 2024",
                "Read more: Grain exports fall for third month\n9 March 2024",
                # a sentence in the footer puts the dates above inside the run of prose
                "The Example Wire is an independent agency, and its reports may be reused if the source is named.")
    article = cleaned(raw).articles[0]
    assert "A second patrol boat was sent to the lock this afternoon, the port authority said." in article.body
    assert "harbour master" not in article.body and "3 March 2024" not in article.body


def test_teaser_directly_above_its_date_still_goes():
    raw = _page("Gunmen fire on patrol boat at northern river lock", LEAD, MIDDLE,
                "Farmers in the delta say the drought has halved this year's rice harvest.", "2 Feb. 2024",
                LATER, CLOSING)
    article = cleaned(raw).articles[0]
    assert "halved" not in article.body and CLOSING in article.body


LIVE_UPDATE_PAGE = """<html><head><title>Depot burns after night of drone strikes</title></head><body><article>
<h1>Depot burns after night of drone strikes</h1>
<p>Drones struck a fuel depot on the edge of the river port overnight, setting tanks alight and forcing hundreds of
residents from their homes, the regional governor said on Wednesday.</p>
<p>Firefighters from three districts were still fighting the blaze at noon, and the governor said two night
watchmen were missing.</p>
<p><strong>UPDATE 16:05</strong> - A second wave of drones hit the rail yard next to the depot this afternoon. Our
reporting team saw at least six wagons burning and ambulances leaving the yard in the coverage area.</p>
</article></body></html>"""


def test_live_update_paragraph_in_the_outlets_voice_is_kept():
    article = cleaned(LIVE_UPDATE_PAGE, raw_format="html").articles[0]
    assert "second wave of drones hit the rail yard" in article.body
    assert "six wagons burning" in article.body


@pytest.mark.parametrize("text, expected", [
    ("UPDATE 16:05 - Drones hit the rail yard this afternoon. Our reporting team saw six wagons burning.", False),
    ("Shells fell on the square at dawn. Our correspondent saw two craters near the school.", False),
    ("Update 11.20: We have corrected the name of the district in this story.", True),
    ("To keep the text readable, we do not use the official titles either side prefers.", True),
    ("A previous version of this report misspelt a village. We regret the error.", True),
    ("What the valley lives through has a name. For all of us and our neighbours, it must end.", False),
])
def test_editorial_notes(text, expected):
    assert clean.is_editorial_note(text) is expected


def test_author_box_at_the_end_is_dropped():
    box = ("Tomasz Wierzbicki is the Example Courier\u2019s eastern Europe correspondent. He has covered the "
           "region since 2009.")
    article = cleaned(_page("Gunmen fire on patrol boat at northern river lock", LEAD, MIDDLE, LATER, CLOSING,
                            box)).articles[0]
    assert "Wierzbicki" not in article.body and article.body.endswith(CLOSING)
    assert {r.text: r.reason for r in article.removed}[box] == clean.R_AUTHOR_BOX


@pytest.mark.parametrize("text, expected", [
    ("Ines van der Berg is a freelance reporter based in the capital.", True),
    ("Samuel Adeyemi is a senior editor at the Example Review.", True),
    ("Grace Liu is an associate professor of history. She is the author of two books on the delta.", True),
    ("Maria Okafor is a local journalist who was detained last week, her lawyer said.", False),
    ("Colonel Ruiz is the commander of the northern garrison.", False),
    ("The lock is the busiest on the river, and a correspondent for the port authority says it is unsafe.", False),
])
def test_author_boxes(text, expected):
    assert clean.is_author_box(text) is expected


def test_author_box_sentence_inside_the_article_is_kept():
    bio = "Anna Petrova is a veteran reporter whose paper was shut last year after a court ruling."
    article = cleaned(_page("Gunmen fire on patrol boat at northern river lock", LEAD, bio, MIDDLE, LATER,
                            CLOSING)).articles[0]
    assert bio in article.body
