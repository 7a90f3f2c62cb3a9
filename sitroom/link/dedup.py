"""Near-duplicate articles: syndicated and lightly edited copies.

A copy points at its original through ``article.duplicate_of``. Bodies are
cut into word shingles and sketched with MinHash; a locality-sensitive hash
(LSH) proposes candidate pairs, so the cost grows with the number of articles,
not with the number of pairs. Candidates whose estimated Jaccard similarity
reaches ``settings.dedup_threshold`` are copies of each other, and so is a
trimmed copy whose shingles lie nearly all inside the longer text, as are
bodies that are identical after folding case and whitespace.

Copies form groups around an original: an article is a copy of the most
original article it copies directly (earliest published, then the longer
body, then the smaller id) that is not itself a copy, else an original. A
group is never joined through a chain of copies of copies, so an article that
combines two wire stories does not fuse their groups (at 10,000 articles
transitive groups had chained 8,331 articles into one). Each "copies" edge is
found whichever of its two articles comes first, and the groups are drawn
from the edges in one fixed order, so they do not depend on input order.
``DuplicateIndex`` keeps the sketches so an incremental run can link new
articles to a stored corpus without sketching it again.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from datasketch import MinHash, MinHashLSH

from ..model import Article, Corpus

NAME = "dedup"
REQUIRES = {"body"}
PROVIDES = {"duplicates"}
PER_ARTICLE = False
# What this stage reads of each stored article beside its own columns (the body): nothing more.
READINGS: tuple[str, ...] = ()

log = logging.getLogger(__name__)

SHINGLE_WORDS = 3          # short enough that a changed word costs a copy only three shingles
NUM_PERM = 128
MINHASH_SEED = 1           # fixed: the same text gives the same sketch on every run
# Named, not left to datasketch's default: stored sketches must be read back with the scheme
# that made them, whatever a later datasketch release defaults to.
SKETCH_SCHEME = "affine32"
SKETCH_DTYPE = "<u4"       # affine32 hash values are 32-bit
# A trimmed copy (the wire story cut after a few paragraphs) has a low Jaccard
# similarity with its original but is almost wholly contained in it: such a
# pair is a copy when the shorter text is nearly all inside the longer one and
# the Jaccard similarity is at least half the threshold. The LSH is tuned to
# that lower bound (banding also misses some pairs just above its own
# threshold); the check afterwards removes the extra candidates.
CONTAINED_SHARE = 0.85

_NON_WORD = re.compile(r"[^\w]+")


# --------------------------------------------------------------------------- text → sketch

def normalised_words(text: str) -> list[str]:
    """Lower-cased words with accents, typographic quotes and punctuation folded away."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return [w for w in _NON_WORD.sub(" ", folded.lower()).replace("_", " ").split() if w]


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping word n-grams; a text shorter than one n-gram is its own single shingle."""
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words)}
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def sketch(words: list[str]) -> Optional[MinHash]:
    grams = shingles(words)
    if not grams:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=SKETCH_SCHEME)
    mh.update_batch(sorted(g.encode("utf-8") for g in grams))
    return mh


def body_fingerprint(words: list[str]) -> str:
    """Exact-copy key: identical after folding case, accents, punctuation and spacing."""
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- which copy is the original

@dataclass(frozen=True)
class Entry:
    """What the index remembers of one article (enough to choose originals without its body)."""
    article_id: str
    published: Optional[str]
    length: int
    fingerprint: str
    content_hash: str = ""
    shingle_count: int = 0

    def original_key(self) -> tuple:
        # earliest published first (undated after dated), then the longer body, then the smaller id
        return (self.published is None, self.published or "", -self.length, self.article_id)


def entry_for(article: Article, words: list[str]) -> Entry:
    return Entry(article.article_id, article.published or None, len(article.body or ""),
                 body_fingerprint(words), article.content_hash or "", len(shingles(words)))


def is_copy(jaccard: float, size_a: int, size_b: int, threshold: float) -> bool:
    """Near-duplicates by Jaccard, or a trimmed copy nearly contained in the longer text."""
    if jaccard >= threshold:
        return True
    if jaccard < threshold / 2 or not size_a or not size_b:
        return False
    shared = jaccard * (size_a + size_b) / (1 + jaccard)   # |A∩B| from J, |A| and |B|
    return shared / min(size_a, size_b) >= max(CONTAINED_SHARE, threshold)


class DuplicateIndex:
    """MinHash LSH over article bodies, with the copy groups found so far.

    ``add`` files an article and links it to its copies; ``query`` lists the
    stored articles an article is a copy of (or that are copies of it) without
    filing it. ``original_of`` gives the group's original. ``to_bytes`` /
    ``from_bytes`` let the store keep the index between runs.
    """

    def __init__(self, threshold: float = 0.7):
        self.threshold = float(threshold)
        self.lsh = MinHashLSH(threshold=self.threshold / 2, num_perm=NUM_PERM)
        self.sketches: dict[str, MinHash] = {}
        self.entries: dict[str, Entry] = {}
        self.by_fingerprint: dict[str, list[str]] = {}
        self.by_content_hash: dict[str, list[str]] = {}
        self.edges: dict[str, set[str]] = {}       # who copies whom (symmetric), as found
        self._originals: Optional[dict[str, str]] = None   # drawn from the edges on demand

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.entries

    # ----------------------------------------------------------------- filing and asking

    def query(self, article: Article) -> list[str]:
        """Stored articles that are copies of *article* (itself excluded), sorted."""
        words = normalised_words(article.body or "")
        return self._matches(article.article_id, words, sketch(words), entry_for(article, words))

    def add(self, article: Article) -> list[str]:
        """File *article*; return the stored articles it was found to copy (or be copied by)."""
        if article.article_id in self.entries:
            return []
        words = normalised_words(article.body or "")
        if not words:
            return []  # an empty body is nobody's copy
        mh = sketch(words)
        entry = entry_for(article, words)
        matches = self._matches(article.article_id, words, mh, entry)
        self.entries[entry.article_id] = entry
        self.sketches[entry.article_id] = mh
        self.edges[entry.article_id] = set()
        self.lsh.insert(entry.article_id, mh)
        self.by_fingerprint.setdefault(entry.fingerprint, []).append(entry.article_id)
        if entry.content_hash:
            self.by_content_hash.setdefault(entry.content_hash, []).append(entry.article_id)
        self._link(entry.article_id, matches)
        return matches

    def original_of(self, article_id: str) -> Optional[str]:
        """The original of the group *article_id* belongs to (itself when it has no copies)."""
        return self._assignment().get(article_id)

    def groups(self) -> dict[str, list[str]]:
        """original id → sorted ids of all members (original included), for groups of two or more."""
        members: dict[str, list[str]] = {}
        for aid, root in self._assignment().items():
            members.setdefault(root, []).append(aid)
        return {root: sorted(ids) for root, ids in members.items() if len(ids) > 1}

    def duplicate_map(self) -> dict[str, str]:
        """copy id → original id, for every filed article that is a copy."""
        return {aid: root for root, ids in self.groups().items() for aid in ids if aid != root}

    # ----------------------------------------------------------------- persistence

    def rows(self, article_ids: Optional[Iterable[str]] = None) -> list[tuple]:
        """What the store keeps of filed articles (all, or *article_ids*): see ``from_rows``."""
        ids = self.entries if article_ids is None else [a for a in article_ids if a in self.entries]
        out = []
        for aid in sorted(ids):
            e = self.entries[aid]
            out.append((aid, e.published, e.length, e.fingerprint, e.content_hash, e.shingle_count,
                        self.sketches[aid].hashvalues.astype(SKETCH_DTYPE).tobytes()))
        return out

    @classmethod
    def from_rows(cls, rows: Iterable, threshold: float) -> "DuplicateIndex":
        """Rebuild the index from stored rows without sketching any body again.

        A row is (article_id, published, length, fingerprint, content_hash,
        shingle_count, hashvalues bytes, duplicate_of): the copy groups are
        taken as stored, so no pair is compared again.
        """
        import numpy as np

        index = cls(threshold)
        # every sketch has the same permutations (one seed): made once, where MinHash draws them per object
        permutations = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=SKETCH_SCHEME).permutations
        originals: dict[str, Optional[str]] = {}
        for aid, published, length, fingerprint, content_hash, shingle_count, blob, original in rows:
            entry = Entry(aid, published, int(length or 0), fingerprint, content_hash or "", int(shingle_count or 0))
            mh = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=SKETCH_SCHEME,
                         hashvalues=np.frombuffer(blob, dtype=SKETCH_DTYPE), permutations=permutations)
            index.entries[aid] = entry
            index.sketches[aid] = mh
            index.edges[aid] = set()
            index.lsh.insert(aid, mh)
            index.by_fingerprint.setdefault(fingerprint, []).append(aid)
            if entry.content_hash:
                index.by_content_hash.setdefault(entry.content_hash, []).append(aid)
            originals[aid] = original
        for aid, original in originals.items():
            if original and original in index.entries:
                index._link(aid, [original])   # a stored copy copies its original directly
        return index


    def to_bytes(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> "DuplicateIndex":
        index = pickle.loads(data)  # noqa: S301 - only the store's own bytes are loaded here
        if not isinstance(index, cls):
            raise TypeError(f"expected a {cls.__name__}, got {type(index).__name__}")
        return index

    # ----------------------------------------------------------------- inner workings

    def _matches(self, article_id: str, words: list[str], mh: Optional[MinHash], entry: Entry) -> list[str]:
        if mh is None:
            return []
        found = set(self.by_fingerprint.get(entry.fingerprint, ()))
        if entry.content_hash:
            found.update(self.by_content_hash.get(entry.content_hash, ()))
        for other in self.lsh.query(mh):
            jaccard = mh.jaccard(self.sketches[other])
            if is_copy(jaccard, entry.shingle_count, self.entries[other].shingle_count, self.threshold):
                found.add(other)
        found.discard(article_id)
        return sorted(found)

    def _link(self, aid: str, others: Iterable[str]) -> None:
        for other in others:
            self.edges[aid].add(other)
            self.edges[other].add(aid)
        self._originals = None

    def _assignment(self) -> dict[str, str]:
        """Each filed article's original, drawn from the edges in original order (see the module's notes)."""
        if self._originals is None:
            key = {aid: e.original_key() for aid, e in self.entries.items()}
            originals: dict[str, str] = {}
            for aid in sorted(self.entries, key=key.__getitem__):
                # neighbours more original than aid were assigned already; later ones are its copies, if anything
                roots = [y for y in self.edges[aid] if originals.get(y) == y]
                originals[aid] = min(roots, key=key.__getitem__) if roots else aid
            self._originals = originals
        return self._originals


def build_index(articles: Iterable[Article], threshold: float) -> DuplicateIndex:
    index = DuplicateIndex(threshold)
    for article in articles:
        index.add(article)
    return index


# --------------------------------------------------------------------------- the stage

def run(corpus: Corpus, settings) -> Corpus:
    index = build_index(corpus.articles, settings.dedup_threshold)
    apply_duplicates(corpus.articles, index)
    corpus.duplicate_index = index  # the runner keeps its sketches for incremental runs
    return corpus


def apply_duplicates(articles: Iterable[Article], index: DuplicateIndex) -> int:
    """Set duplicate_of on every article from the index; return how many are copies."""
    copies = index.duplicate_map()
    for article in articles:
        # a re-run starts clean: an article the index did not file is nobody's copy
        article.duplicate_of = copies.get(article.article_id)
    if copies:
        log.info("dedup: %d copies in %d groups", len(copies), len(set(copies.values())))
    return len(copies)


def link_new(new_articles: Iterable[Article], index: DuplicateIndex) -> dict[str, Optional[str]]:
    """File new articles into a stored index; return id → original for the new articles and for
    every stored article whose original changed (a new article may be an earlier original, so the
    store updates those rows). ``None`` means the article is its own original.
    """
    new_articles = list(new_articles)
    before = dict(index._assignment())
    for article in new_articles:
        index.add(article)
    after = index._assignment()
    filed = {a.article_id for a in new_articles if a.article_id in index}
    changes = {aid: (None if root == aid else root) for aid, root in sorted(after.items())
               if aid in filed or before.get(aid) != root}
    for article in new_articles:
        if article.article_id in changes:
            article.duplicate_of = changes[article.article_id]
    return changes


def independent_outlets(article_ids: Iterable[str], corpus: Corpus) -> list[str]:
    """Distinct outlets behind *article_ids*, counting a copy as its original's outlet.

    An article without a known outlet still counts as one source of its own,
    named ``"unknown outlet (<article id>)"``, so corroboration is not undercounted.
    """
    by_id = {a.article_id: a for a in corpus.articles}
    outlets: set[str] = set()
    for aid in article_ids:
        article = by_id.get(aid)
        original_id = article.duplicate_of if article is not None and article.duplicate_of else aid
        # the original's outlet when we hold it, else the copy's own (all we know)
        holder = by_id.get(original_id) or article
        outlet = (holder.outlet or "").strip() if holder is not None else ""
        outlets.add(outlet or f"unknown outlet ({original_id})")
    return sorted(outlets)
