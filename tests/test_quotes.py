"""Quotes and reported speech: quotation styles, attribution, speaker resolution, offsets."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from sitroom.model import Article, Corpus
from sitroom.read import quotes
from sitroom.read.quotes import scan_quotes


def inner(body: str) -> list[str]:
    return [body[q.start:q.end] for q in scan_quotes(body)]


# --------------------------------------------------------------------------- the scanner (no model)

@pytest.mark.parametrize("body, expected", [
    ("He said “we will stay here” today.", ["we will stay here"]),
    ('He said "we will stay here" today.', ["we will stay here"]),
    ("He said ‘we will stay here’ today.", ["we will stay here"]),
    ("He said «we will stay here» today.", ["we will stay here"]),
    ("Er sagte „wir bleiben hier“ heute.", ["wir bleiben hier"]),
    ("He said 'we will stay here' today.", ["we will stay here"]),
])
def test_every_quotation_style_is_paired(body, expected):
    assert inner(body) == expected


def test_apostrophes_are_not_quotes():
    body = "The council’s plan and the town’s mayor's office didn't change the region’s map."
    assert scan_quotes(body) == []


def test_single_quote_runs_past_inner_apostrophes():
    body = "The office called it ‘the valley’s worst night and the city’s shame’, officials said."
    assert inner(body) == ["the valley’s worst night and the city’s shame"]


def test_plural_possessive_inside_single_quotes():
    body = "She said ‘the farmers’ fields are burning’ on Monday."
    assert inner(body) == ["the farmers’ fields are burning"]


def test_quote_over_several_paragraphs():
    body = "The mayor said: “We lost power at night.\n\n“Then the water stopped,” she added.\n\nNext."
    quotes_found = scan_quotes(body)
    assert len(quotes_found) == 1
    q = quotes_found[0]
    assert body[q.start:q.end].startswith("We lost power") and body[q.start:q.end].endswith("water stopped")


def test_unclosed_quote_stops_at_paragraph_end():
    body = "He said “this never ends\n\nA new paragraph without marks."
    quotes_found = scan_quotes(body)
    assert [body[q.start:q.end] for q in quotes_found] == ["this never ends"]
    assert quotes_found[0].close_at is None


def test_unclosed_single_quote_is_an_apostrophe():
    assert scan_quotes("Back in the '90s the town grew.") == []


def test_read_article_without_parse_gives_no_claims():
    article = Article(article_id="x", path="x.txt", body="“A quote with no parse at all, long enough,” he said.")
    assert quotes.read_article(article).claims == []


# --------------------------------------------------------------------------- with the model

def claims_of(parse, text: str):
    article = quotes.read_article(parse(text))
    for c in article.claims:
        assert article.body[c.start:c.end] == c.text
        if c.speaker_start is not None:
            assert article.body[c.speaker_start:c.speaker_end] == c.speaker
    return article.claims


def claim_with(claims, phrase: str, direct: bool | None = None):
    hits = [c for c in claims if phrase in c.text and (direct is None or c.direct == direct)]
    assert hits, f"no claim contains {phrase!r}: {[c.text for c in claims]}"
    return hits[0]


@pytest.mark.model
def test_direct_quote_then_attribution(parse):
    claims = claims_of(parse, "“The bridge was destroyed overnight by heavy shelling,” Mayor Anna Kovacs said on Friday.")
    c = claim_with(claims, "bridge was destroyed")
    assert c.direct and c.speaker == "Anna Kovacs" and c.kind == "statement"
    assert c.claim_id == "t1-c1"


@pytest.mark.model
def test_attribution_then_colon_quote(parse):
    text = "The interior minister, Paul Okafor, said: “Our forces will not withdraw from the northern towns.”"
    c = claim_with(claims_of(parse, text), "will not withdraw")
    assert c.speaker == "Paul Okafor" and c.speaker_role and "minister" in c.speaker_role


@pytest.mark.model
def test_inverted_attribution_with_role(parse):
    text = "“The situation in the capital remains calm,” said army spokesman Omar Haddad."
    c = claim_with(claims_of(parse, text), "remains calm")
    assert c.speaker == "Omar Haddad" and "spokesman" in (c.speaker_role or "")


@pytest.mark.model
def test_quote_embedded_mid_sentence(parse):
    text = ("The president condemned the decision to close the border “at the risk of starving the valley,” "
            "the presidential office said.")
    c = claim_with(claims_of(parse, text), "at the risk of starving", direct=True)
    assert c.direct and c.speaker is not None


@pytest.mark.model
def test_reported_speech_takes_the_complement(parse):
    text = "Interior Minister Paul Okafor said that three police stations were attacked in the north on Monday."
    c = claim_with(claims_of(parse, text), "three police stations were attacked")
    assert not c.direct
    assert not c.text.startswith("Interior") and "said" not in c.text
    assert c.speaker == "Paul Okafor"


@pytest.mark.model
@pytest.mark.parametrize("text, phrase, kind", [
    ("The defence ministry denied that its troops had shelled the market.", "had shelled the market", "denial"),
    ("The rebel command accused the army of bombing two villages near the river.", "bombing two villages", "accusation"),
    ("The foreign ministry urged both sides to return to the negotiating table at once.", "return to the negotiating table", "appeal"),
    ("The governor claimed that rebels had seized the airport overnight.", "rebels had seized the airport", "claim"),
])
def test_kind_follows_the_cue(parse, text, phrase, kind):
    c = claim_with(claims_of(parse, text), phrase)
    assert c.kind == kind


@pytest.mark.model
def test_denial_text_reads_as_the_denial(parse):
    c = claim_with(claims_of(parse, "The defence ministry denied there had been any strike on the town."), "strike")
    assert c.text.startswith("denied")


@pytest.mark.model
def test_pronoun_resolves_to_the_last_named_speaker(parse):
    text = ("Opposition leader Maria Lindqvist said the vote had been rigged in several districts.\n\n"
            "She said the commission had ignored complaints from observers for weeks.")
    c = claim_with(claims_of(parse, text), "ignored complaints")
    assert c.speaker == "Maria Lindqvist"


@pytest.mark.model
def test_surname_resolves_to_the_full_name(parse):
    text = ("Prime Minister Viktor Halloran met the envoys on Tuesday.\n\n"
            "Halloran said the ceasefire was holding across the whole front line.")
    c = claim_with(claims_of(parse, text), "ceasefire was holding")
    assert c.speaker == "Viktor Halloran"


@pytest.mark.model
def test_description_speaker_keeps_its_modifiers(parse):
    c = claim_with(claims_of(parse, "Local officials in the province said water supplies had run out."),
                   "water supplies had run out")
    assert c.speaker and "officials" in c.speaker.lower()


@pytest.mark.model
def test_document_speaks_for_its_author(parse):
    text = "A statement by the Health Ministry claimed that twelve civilians were killed in the strike."
    c = claim_with(claims_of(parse, text), "twelve civilians were killed")
    assert c.speaker and "Health Ministry" in c.speaker and c.kind == "claim"


@pytest.mark.model
def test_according_to(parse):
    text = "Dozens of homes were destroyed in the flooding, according to the Red Cross."
    c = claim_with(claims_of(parse, text), "Dozens of homes were destroyed")
    assert c.speaker and "Red Cross" in c.speaker


@pytest.mark.model
def test_unattributed_quote_after_an_attributed_one_keeps_the_speaker(parse):
    text = ("“We have no fuel left for the generators,” said hospital director Lena Brandt. "
            "“Patients are being moved to corridors and the staff are exhausted.”")
    c = claim_with(claims_of(parse, text), "Patients are being moved")
    assert c.speaker == "Lena Brandt"


@pytest.mark.model
def test_quote_then_attribution_after_an_inner_full_stop(parse):
    text = "“Their safety must be guaranteed. Aid must reach them now,” Jonas Berg wrote in a post on social media."
    c = claim_with(claims_of(parse, text), "Aid must reach them now")
    assert c.speaker == "Jonas Berg"


@pytest.mark.model
def test_multi_paragraph_quote_is_one_claim(parse):
    text = ("The mayor, Ines Duarte, said: “We lost power at night and the pumps stopped working.\n\n"
            "“By morning there was no water in the whole district,” she added.")
    c = claim_with(claims_of(parse, text), "no water in the whole district")
    assert "lost power" in c.text and c.speaker == "Ines Duarte"


@pytest.mark.model
def test_unclosed_quote_never_crashes(parse):
    text = "The general said “the offensive will continue until every village is retaken\n\nOther news followed."
    c = claim_with(claims_of(parse, text), "offensive will continue")
    assert "Other news" not in c.text


@pytest.mark.model
def test_scare_quotes_without_a_cue_are_not_claims(parse):
    claims = claims_of(parse, "The so-called ‘peace corridor’ was closed again on Monday morning.")
    assert not [c for c in claims if c.direct]


@pytest.mark.model
def test_stage_fills_every_article(parse):
    corpus = Corpus(articles=[parse("“We will rebuild the school,” the mayor said.", article_id="a1"),
                              parse("No quotes here at all.", article_id="a2")])
    corpus = quotes.run(corpus, None)
    assert [c.claim_id for c in corpus.articles[0].claims] == ["a1-c1"]
    assert corpus.articles[1].claims == []


QUOTE_CHARS = list("“”„‘’«»‹›\"'") + ["\n", "\n\n", " ", ", ", ". "]
WORDS = ["he", "said", "the", "ministry", "Anna", "Berg", "claimed", "that", "troops", "fired", "it", "Azov’s"]


@pytest.mark.model
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(QUOTE_CHARS + WORDS), min_size=1, max_size=40))
def test_random_quote_soup_keeps_offsets_valid(parse, pieces):
    text = " ".join(pieces).strip() or "x"
    for q in scan_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
    claims_of(parse, text)


@given(st.text(alphabet=st.sampled_from(list("ab ’'‘“”\"„«»\n.,")), max_size=80))
def test_scanner_never_fails_on_random_marks(text):
    for q in scan_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.open_at < q.start


# --------------------------------------------------------------------------- trailing attribution, blame, short names

@pytest.mark.model
def test_clause_before_a_trailing_attribution_is_the_claim(parse):
    text = ("Fighters of the Northern Liberation Alliance crossed the river on Friday. Two clinics were looted "
            "and the power station was set alight, the Alliance's military wing said in a statement on Tuesday.")
    c = claim_with(claims_of(parse, text), "Two clinics were looted")
    assert c.text.endswith("set alight") and not c.direct and c.kind in {"statement", "claim"}
    assert c.speaker == "Northern Liberation Alliance" and c.speaker_role == "military wing"


@pytest.mark.model
def test_trailing_attribution_without_a_fuller_name_keeps_the_phrase(parse):
    text = "Hundreds of families have fled the coastal villages, the regional health office said on Sunday."
    c = claim_with(claims_of(parse, text), "Hundreds of families have fled")
    assert c.speaker == "regional health office" and "said" not in c.text


@pytest.mark.model
@pytest.mark.parametrize("text, phrase, speaker", [
    ("The Transport Workers Federation met on Friday. The Federation holds the port police responsible "
     "for the deaths of two strikers.", "holds the port police responsible", "Transport Workers Federation"),
    ("Opposition leader Maria Lindqvist held the interior ministry accountable for the violence at the rally.",
     "held the interior ministry accountable", "Maria Lindqvist"),
    ("The Harbour Pilots Association blamed the shipping company for the collision near the breakwater.",
     "blamed the shipping company", "Harbour Pilots Association"),
])
def test_holding_someone_responsible_is_an_accusation(parse, text, phrase, speaker):
    c = claim_with(claims_of(parse, text), phrase)
    assert c.kind == "accusation" and c.speaker == speaker


@pytest.mark.model
def test_holding_without_blame_is_not_speech(parse):
    claims = claims_of(parse, "The rebels held the bridge for three days before the army arrived.")
    assert not [c for c in claims if c.kind == "accusation"]


@pytest.mark.model
def test_present_tense_appeal_by_a_short_name_resolves_to_the_full_name(parse):
    text = ("The Coastal Rights Observatory published its quarterly report on Friday.\n\n"
            "The Observatory calls on all armed groups to release detained journalists and to reopen the roads "
            "to aid convoys.")
    c = claim_with(claims_of(parse, text), "calls on all armed groups to release detained journalists")
    assert c.kind == "appeal" and c.speaker == "Coastal Rights Observatory"


@pytest.mark.model
def test_appeal_text_starting_at_the_verb_still_yields_to_the_quote(parse):
    claims = claims_of(parse, "The mayor called for “an immediate halt to the shelling of the old town”.")
    assert [c.direct for c in claims if "immediate halt" in c.text] == [True]


@pytest.mark.model
def test_an_attribution_cut_into_its_sentence_claims_the_whole_sentence(parse):
    claims = claims_of(parse, "The convoy, the ministry said, was hit by two rockets near Gedo.")
    assert [(c.speaker, c.kind) for c in claims] == [("ministry", "statement")]
    assert claims[0].text == "The convoy, the ministry said, was hit by two rockets near Gedo"
    # a relative clause with a speech verb is no cut-in attribution of its sentence
    claims = claims_of(parse, "Villagers, who said they had seen the convoy, fled to the hills.")
    assert all(c.text != "Villagers, who said they had seen the convoy, fled to the hills" for c in claims)


@pytest.mark.model
def test_threats_and_vows_are_claimed_with_what_is_promised(parse):
    claims = claims_of(parse, "The militia commander vowed to retake the bridge within a week.")
    assert [(c.speaker, c.text) for c in claims] == [("militia commander", "to retake the bridge within a week")]
    assert claims_of(parse, "The gunmen threatened the villagers at the well.") == []


@pytest.mark.model
def test_going_on_after_a_quote_is_speech_but_going_on_with_a_war_is_not(parse):
    claims = claims_of(parse, "Amina Yusuf spoke first. “We buried four men,” she continued.")
    assert [(c.speaker, c.text) for c in claims] == [("Amina Yusuf", "We buried four men")]
    assert claims_of(parse, "The mayor said the curfew would continue “until the roads are safe”.")[0].speaker \
        == "mayor"
    assert all(c.speaker != "curfew" for c in claims_of(
        parse, "The mayor said the curfew would continue “until the roads are safe”."))


@pytest.mark.model
def test_a_name_inside_the_quote_is_never_the_pronoun_speaker_of_its_tagline(parse):
    # The quote runs over two paragraphs, so its speaker's own sentence lies beyond the nearest-cue window;
    # the only person named closer is the general the speaker talks about.
    text = ("Anna Kowalski, who heads the aid mission of the Northern Relief Office in the district, has asked "
            "both armies to let her lorries through.\n\n"
            "“Last week we wrote to General Tomas Ruiz about a corridor to the hill villages. He has not answered.\n\n"
            "“Until our people get in, every toll printed about this valley is a guess. Ours too,” she said.")
    c = claim_with(claims_of(parse, text), "every toll printed about this valley is a guess")
    assert c.speaker == "Anna Kowalski"


@pytest.mark.model
@pytest.mark.parametrize("text, phrase, kind", [
    ("A police spokeswoman said the allegation was “pure fiction from the first line to the last”.",
     "pure fiction from the first line to the last", "denial"),
    ("The district governor said the charges against his guards were baseless and politically driven.",
     "the charges against his guards were baseless", "denial"),
    ("The interior minister said the new rules would punish false reports about the border.",
     "the new rules would punish false reports", "statement"),
])
def test_calling_a_charge_false_is_a_denial(parse, text, phrase, kind):
    assert claim_with(claims_of(parse, text), phrase).kind == kind


@pytest.mark.model
@pytest.mark.parametrize("text, kind", [
    ("The coast guard flatly denied it. “Our boats stayed in the harbour all night,” the coast guard said.",
     "denial"),
    ("The coast guard denied that its boats had fired on the ferry. “Our boats stayed in the harbour all night,” "
     "the coast guard said.", "statement"),
])
def test_a_quote_spelling_out_a_bare_denial_is_the_denial(parse, text, kind):
    assert claim_with(claims_of(parse, text), "Our boats stayed in the harbour all night").kind == kind
