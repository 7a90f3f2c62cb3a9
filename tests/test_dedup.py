"""Near-duplicate detection: copies, originals, order independence, the saved index."""
from __future__ import annotations

import random

import pytest

from sitroom.link import dedup
from sitroom.model import Article, Corpus
from sitroom.settings import default_settings

# Our own texts, written for these tests.
HARBOUR = (
    "Fishermen in the northern harbour town of Lessby said on Monday that a storm had wrecked at least "
    "twelve boats overnight and flooded the lower market. The harbour master told reporters that the sea wall "
    "gave way shortly after midnight and that crews worked until dawn to pump water out of the warehouses. "
    "No one was hurt, according to the local council, but several families living near the quay spent the "
    "night in the school gym. The council has asked the regional government for emergency funds to repair "
    "the wall before the winter season, when storms of this kind are more frequent. Traders said the damage "
    "to stock alone would run to tens of thousands and that insurance rarely covers losses from the sea."
)
# A syndicated copy: new first words, two words changed, last sentence dropped.
HARBOUR_COPY = (
    "LESSBY (Wire) - Fishermen in the northern harbour town of Lessby said on Monday that a storm had wrecked "
    "at least twelve boats overnight and flooded the lower market. The harbour master told journalists that the "
    "sea wall gave way shortly after midnight and that crews worked until dawn to pump water out of the "
    "warehouses. No one was injured, according to the local council, but several families living near the quay "
    "spent the night in the school gym. The council has asked the regional government for emergency funds to "
    "repair the wall before the winter season, when storms of this kind are more frequent."
)
# The same event told independently: shares names, not sentences.
HARBOUR_OTHER = (
    "A night of gales left the port of Lessby counting its losses: a dozen fishing vessels sank or were smashed "
    "against the quay after part of the old sea defences collapsed. Residents of the waterfront were moved to a "
    "school while pumps ran through the night. Local officials want money from the region to rebuild before "
    "winter, and shopkeepers in the flooded market fear their insurers will not pay."
)
ORCHARD = (
    "The apple harvest in the valley began two weeks early this year after an unusually warm spring, growers "
    "said. Pickers arrived from neighbouring districts and the cooperative opened its cold store on Thursday. "
    "Prices at the first auction were lower than last season because of the large crop, and some farmers said "
    "they would keep part of the fruit in storage until the market recovers."
)


def art(aid, body, published=None, outlet=None):
    return Article(article_id=aid, path=f"{aid}.txt", body=body, published=published, outlet=outlet)


def corpus_of(*articles):
    return Corpus(articles=list(articles))


def run_dedup(*articles, **changes):
    settings = default_settings().replace(**changes) if changes else default_settings()
    corpus = dedup.run(corpus_of(*articles), settings)
    return {a.article_id: a.duplicate_of for a in corpus.articles}


def test_lightly_edited_copy_points_to_the_earlier_original():
    result = run_dedup(art("a2", HARBOUR_COPY, "2024-03-05", "Wire"), art("a1", HARBOUR, "2024-03-04", "Coast News"),
                       art("a3", HARBOUR_OTHER, "2024-03-04", "Daily"), art("a4", ORCHARD, "2024-03-04"))
    assert result == {"a1": None, "a2": "a1", "a3": None, "a4": None}


def test_an_independent_report_of_the_same_event_is_not_a_copy():
    index = dedup.build_index([art("a1", HARBOUR)], 0.7)
    assert index.query(art("a3", HARBOUR_OTHER)) == []
    assert index.query(art("a2", HARBOUR_COPY)) == ["a1"]


def test_original_is_earliest_then_longest_then_smallest_id():
    # same day: the longer body is the original
    assert run_dedup(art("a1", HARBOUR_COPY, "2024-03-04"), art("a2", HARBOUR, "2024-03-04")) == {"a1": "a2", "a2": None}
    # an undated copy never beats a dated one
    assert run_dedup(art("a1", HARBOUR), art("a2", HARBOUR_COPY, "2024-03-09")) == {"a1": "a2", "a2": None}
    # identical bodies on the same day: the smaller id
    assert run_dedup(art("b9", HARBOUR, "2024-03-04"), art("b1", HARBOUR, "2024-03-04")) == {"b1": None, "b9": "b1"}


def test_exact_copy_after_folding_case_and_spacing():
    shouted = "  " + HARBOUR.upper().replace(" ", "\n ") + " "
    assert run_dedup(art("a1", ORCHARD), art("a2", shouted, "2024-01-01"), art("a3", ORCHARD, "2024-01-02")) == {
        "a1": "a3", "a2": None, "a3": None}


def test_short_texts_only_match_when_identical():
    assert run_dedup(art("a1", "Storm hits Lessby."), art("a2", "storm  hits lessby"), art("a3", "Storm hits Dunmore.")) == {
        "a1": None, "a2": "a1", "a3": None}


def test_result_does_not_depend_on_input_order():
    articles = [art("a1", HARBOUR, "2024-03-04"), art("a2", HARBOUR_COPY, "2024-03-04"),
                art("a3", HARBOUR_COPY.replace("twelve", "12"), "2024-03-05"), art("a4", HARBOUR_OTHER, "2024-03-04"),
                art("a5", ORCHARD), art("a6", ORCHARD + " Growers were pleased.", "2024-03-06")]
    orders = [articles[::-1]] + [random.Random(seed).sample(articles, len(articles)) for seed in range(8)]
    results = {tuple(sorted(run_dedup(*[art(a.article_id, a.body, a.published) for a in order]).items()))
               for order in [articles] + orders}
    assert len(results) == 1
    (only,) = results
    assert dict(only) == {"a1": None, "a2": "a1", "a3": "a1", "a4": None, "a5": "a6", "a6": None}


def test_empty_bodies_are_nobodys_copy():
    assert run_dedup(art("a1", ""), art("a2", "   "), art("a3", HARBOUR)) == {"a1": None, "a2": None, "a3": None}


def test_rerun_clears_a_stale_link():
    a = art("a1", ORCHARD)
    a.duplicate_of = "gone"
    assert run_dedup(a) == {"a1": None}


def test_independent_outlets_collapse_copies():
    corpus = corpus_of(art("a1", HARBOUR, "2024-03-04", "Coast News"), art("a2", HARBOUR_COPY, "2024-03-05", "Wire"),
                       art("a3", HARBOUR_OTHER, "2024-03-04", "Daily"), art("a4", ORCHARD, "2024-03-04", "Coast News"),
                       art("a5", ORCHARD + " More.", "2024-03-09"))
    dedup.run(corpus, default_settings())
    assert corpus.article("a2").duplicate_of == "a1"
    assert dedup.independent_outlets(["a1", "a2", "a3"], corpus) == ["Coast News", "Daily"]
    assert dedup.independent_outlets(["a2"], corpus) == ["Coast News"]
    # a5 is a copy of a4, so it counts as a4's outlet
    assert dedup.independent_outlets(["a4", "a5"], corpus) == ["Coast News"]
    assert dedup.independent_outlets(["zz"], corpus) == ["unknown outlet (zz)"]


def test_saved_index_links_new_articles_like_a_full_run():
    old = [art("a1", HARBOUR, "2024-03-04"), art("a4", ORCHARD, "2024-03-04")]
    new = [art("a2", HARBOUR_COPY, "2024-03-05"), art("a0", HARBOUR.replace("Monday", "Sunday"), "2024-03-03")]
    stored = dedup.build_index(old, 0.7).to_bytes()

    index = dedup.DuplicateIndex.from_bytes(stored)
    assert index.query(new[0]) == ["a1"]
    changes = dedup.link_new(new, index)
    # a0 is earlier than the stored original: the whole group now points to it
    assert changes == {"a0": None, "a1": "a0", "a2": "a0"}
    full = run_dedup(*[art(a.article_id, a.body, a.published) for a in old + new])
    assert {k: v for k, v in full.items() if k in changes} == changes
    assert new[1].duplicate_of is None and new[0].duplicate_of == "a0"


def test_from_bytes_refuses_other_objects():
    import pickle
    with pytest.raises(TypeError):
        dedup.DuplicateIndex.from_bytes(pickle.dumps({"not": "an index"}))


def test_many_random_texts_stay_apart_and_copies_are_found():
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(2000)]
    texts = [" ".join(rng.choice(vocab) for _ in range(150)) for _ in range(300)]
    articles = [art(f"r{i:03d}", t, "2024-01-01") for i, t in enumerate(texts)]
    copies = []
    for i in range(0, 300, 10):
        words = texts[i].split()
        words[rng.randrange(150)] = "changed"
        copies.append(art(f"z{i:03d}", " ".join(words), "2024-01-02"))
    result = run_dedup(*articles, *copies)
    assert {k: v for k, v in result.items() if v} == {f"z{i:03d}": f"r{i:03d}" for i in range(0, 300, 10)}


def test_a_roundup_of_two_stories_does_not_fuse_their_groups():
    # The roundup carries both stories whole, so each is "contained" in it; it is a copy of
    # the more original of the two, and the other story stays an original with its own copy.
    orchard_copy = ORCHARD.replace("Thursday", "Friday")
    roundup = HARBOUR + " In other news from the region: " + ORCHARD
    result = run_dedup(art("h", HARBOUR, "2024-03-04"), art("o", ORCHARD, "2024-03-04"),
                       art("o2", orchard_copy, "2024-03-05"), art("r", roundup, "2024-03-06"))
    assert result["o"] is None and result["o2"] == "o"
    assert result["r"] in ("h", "o")
    assert result["h"] is None


def test_a_copy_of_a_copy_that_no_longer_copies_the_original_is_not_in_its_group():
    words = HARBOUR.split()
    first = " ".join(words[:80])                       # a trimmed copy of HARBOUR
    second = first + " " + ORCHARD                     # contains the trimmed copy, not HARBOUR
    result = run_dedup(art("h", HARBOUR, "2024-03-04"), art("t", first, "2024-03-05"),
                       art("s", second, "2024-03-06"))
    assert result["t"] == "h"
    assert result["s"] != "h"
