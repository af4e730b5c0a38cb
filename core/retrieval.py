"""Hybrid product retrieval: BM25 (FTS5) and dense MiniLM vectors, fused, with filters.

How a search runs (`HybridSearch.rank`):
1. The request's content words (stopwords and price phrases removed: prices are filters).
   Words the catalogue does not know and that are not English words are spell-corrected
   against the catalogue's own vocabulary (edit distance 1, symmetric-deletion index), so
   "traiil" reaches "trail"; the corrected text is what gets embedded too.
2. BM25 candidates from the FTS5 index with the filters in SQL, over the words that can
   rank: not those a filter already enforces, not those in more than `max_share` of the
   products (FTS5 scores every match, so such words cost the most and rank the least);
   when every word is that common, all must match. On a big catalogue the rows BM25 may
   walk are bounded (`max_rows`: rarest words first; an AND of common words past it is
   skipped and the dense ranking decides) - that walk was the 50k tail. Dense candidates
   are the cosines of the query vector with every product vector passing the same filters
   (a numpy mask), top-N by `argpartition`.
3. Fusion. Default "convex": alpha * cosine + (1 - alpha) * coverage * bm25 / best bm25,
   where coverage is the share of the request's words the catalogue knows: a paraphrase
   ("puffy coat for snowy weather") shares almost no words with the products it means, so
   its incidental keyword hits ("wet weather") must not outvote the meaning. "rrf"
   (reciprocal rank fusion) is kept for comparison; bench/retrieval_bench.py measures both.
   A candidate is a match when its cosine clears a floor (BM25 hits) or, dense-only, clears
   `min_cosine` and is within `margin` of the best product for the query; the rest is the
   noise nearest-neighbour search returns for any query.
4. Nothing matched with filters -> `alternatives`: the same search without them, ordered by
   how many filters each product misses, flagged with the filters it misses (`unmet`), so
   the bot can say "nothing under 50 EUR, but these are close".
5. Guesses are not matches. The embedding ranks something for any request, so a ranking
   is a guess when the catalogue knows none of the request's words, no product is near it
   in meaning (cosine below `guess_cosine`) and no filter names the kind of product ("do
   you sell kayaks?": trekking boots at 0.37); or when the thing asked for (`asked_thing`)
   is a word the catalogue never uses and nothing is near that word alone ("tent pegs":
   tents, for "tent"; a request of that word only must clear `unsold_cosine`). `search`
   then returns nothing and `alternatives` the same ranking flagged `alternative` with no
   filter missed: the bot says no product mentions it and shows them as the nearest, not
   as what it found.

Vectors live in SQLite (`product_vectors`: id, content_hash, model, float32 BLOB) and in a
per-process in-memory mirror (one float32 matrix plus filter columns) that reloads when the
trigger-kept counter in `catalog_version` moves (an O(1) check per search, whichever
process wrote). A vector whose content_hash differs from its product's is stale and ignored
until `VectorIndex.sync` re-embeds that row; import calls it with the changed ids, and a
reload re-embeds rows another process changed. Hits are re-checked against the filters
on the live product row, so a stale mirror can never break a filter.

Why numpy brute force and not sqlite-vec: a 50k x 384 float32 matrix is 73 MB and one
matrix-vector product over it costs ~7 ms of one core here (bench/retrieval_bench.py);
filters become boolean masks over the same arrays, so filtered search stays exact with no
candidate over-fetching. sqlite-vec's vec0 is also a brute-force scan (no ANN), would add a
native extension to install and version, and its metadata filtering would duplicate the
product columns. From 20k products the scan is a coarse pass over 128 principal
directions with the 1000 best re-scored exactly (bench: same top 50 as the exact scan at
50k); past a few hundred thousand products an ANN index is the next step.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from . import attribute_filters, synonyms
from .catalog import FTS_WEIGHTS, STOPWORDS, Catalog, Hit, filter_sql
from .colours import matching, shades
from .errors import ModelError
from .embeddings import Embedder, dictionary_words, from_blob, product_text, to_blob
from .slots import singular
from .store import now

CANDIDATES = 50      # from each of BM25 and dense
FUSION = "convex"    # or "rrf"; measured on data/retrieval_queries.jsonl (bench/)
ALPHA = 0.75         # convex: alpha * cosine + (1 - alpha) * coverage * bm25 / best bm25
RRF_K = 10           # rrf: sum of 1 / (k + rank)
DENSE_WEIGHT = 1.0   # rrf: weight of the dense list
MIN_COSINE = 0.20    # a dense-only candidate below this is noise ...
MARGIN = 0.25        # ... and so is one this far below the best product for the query
BM25_FLOOR = 0.20    # a keyword hit this unrelated in meaning is a false friend ...
BM25_MARGIN = 0.25   # ... and so is one this far below the best product for the query
GUESS_COSINE = 0.40  # known words none, every cosine below this: a guess, not a match
# a request that is one word no product uses ("kayaks?"): below this nothing is near it.
# One word embeds poorly, so the bar is higher: what the shop sells under another word
# comes 0.52-0.58 ("raincoat", "sneakers", "flashlight"), what it does not sell 0.39-0.49
# ("kayaks" 0.40, "skis" 0.45, "swimsuits" 0.49); a bare "trainers" (0.43) or "smartwatch"
# (0.48) is told no product mentions it, with running shoes or watches as the nearest
UNSOLD_COSINE = 0.50
COARSE_FROM = 20_000 # products from which dense search takes a coarse pass first ...
COARSE_DIM = 128     # ... in this many principal directions ...
SHORTLIST = 1000     # ... re-scoring this many exactly
MAX_SHARE = 0.03     # BM25 skips words found in more than this share of the products ...
MAX_ROWS = 5000      # ... and keeps its rarest words' matches within this many rows
FILTER_KEYS = ("min_price", "max_price", "category", "brand", "size", "color",
               *attribute_filters.KEYS, "in_stock", "without", "made_of")
# filters that say themselves what kind of product is wanted, so results passing them match
KIND_FILTERS = ("category", "brand", "persons", "comfort_temp_c", "capacity_l")
SLOT_ALIASES = {"budget": "max_price", "price_max": "max_price", "price_min": "min_price",
                "colour": "color", "instock": "in_stock", "available": "in_stock"}
log = logging.getLogger(__name__)


PRICE_PHRASE = re.compile(
    r"(?:(?:under|below|over|above|less than|more than|max|up to|between|and|from|to)\s*)?"
    r"[€$]?\s*\d+(?:[.,]\d+)?\s*(?:eur|euros?|€|\$|dollars?)(?!\w)|"
    r"\b(?:under|below|over|above|less than|more than|max|up to|between)\s*[€$]?\s*\d+"
    r"(?:[.,]\d+)?(?:\s*and\s*\d+(?:[.,]\d+)?)?")
TERM = re.compile(r"[^\W\d_]{2,}|\d{2,}")


def content_words(query: str) -> list[str]:
    """The words (and numbers such as '55' litres) a request is about; prices left out,
    they are filters."""
    text = PRICE_PHRASE.sub(" ", query.lower())
    return [w for w in dict.fromkeys(TERM.findall(text)) if w not in STOPWORDS][:12]


def thing_words(query: str) -> list[str]:
    """The content words of a request without a filter's own words ("men's kayaks" ->
    ["kayaks"], "something for 2 people" -> []): what may name a thing."""
    return content_words(attribute_filters.CUES.sub(" ", query.lower()))


# the thing a request asks for is the last content word before its first preposition
# ("tent pegs for my tent": pegs); words there that name no thing are left out
PREPOSITION = re.compile(r"\b(?:for|with|without|in|under|below|over|above|to|from|that|which|"
                         r"who|on|at|around|between|near|like|by)\b")
# "a tent I can set up alone": what follows the thing says what it must do (it said no
# product mentions "tent I can set up alone": "alone" was the thing)
RELATIVE = re.compile(r"(?<=\w )(?:i|we|you|he|she|they|it) (?:can|could|will|would|might|"
                      r"should|'ll|can't|cannot)\b")
# "running shoes, I run on roads mostly": a clause of its own says what for ("run" was the
# thing asked, and no product mentioned "running shoes, I run on roads mostly")
CLAUSE = re.compile(r"[,;.!?]\s*(?:(?:and|but|as|since|because|so)\s+)?(?:i|i'm|im|i've|we|we're|"
                    r"he|he's|she|she's|they|they're|my|our)\b")
NO_THING = frozenset("""gift gifts present presents stuff thing things item items gear kit kits
gadget gadgets device devices tool tools equipment accessories product products size sizes
colour colours color colors brand brands clothes sale deals deal discount discounts offer
offers bestsellers arrivals option options idea ideas selection range collection bucks quid
pounds search list lookin xs xl xxl xxxl difference differences compare comparison versus
info information question questions material materials fabric fabrics
would should could think recommend recommendation recommendations suggest suggestion
suggestions advice tips help seller sellers comfy pick top suit someone others another ones
hey hi hello hiya howdy yo ok okay yes yeah yep um hmm cheers morning afternoon evening
budget budgets spend spending limit
they them these those this that its their theirs
""".split())  # advice; and a greeting before the request ("hey! looking for some boots")
# (a pronoun: "… boots and they should be waterproof" said no product mentions "they")
# (and a budget: "hiking boots, budget around 150" said no product mentions "budget")
# words after the thing asked for ("do you have sleeping bags too?", "kayaks as well?")
# ("ok socks then": "then" was the thing, and no product mentioned "socks")
TRAILING = frozenset("too also either please thanks thank well as then instead maybe perhaps "
                     "now anyway first here online separately come comes fit fits".split())
# "cheapest first": no "first" sold; "a sleeping bag online", "tent pegs here": sleeping
# bags, pegs; "what other boots come in 47?": boots (no product mentioned "come")
NOT_A_NOUN = re.compile(r"(?:ing|able|ible|ed|ly|est|ful|ive|ous)$")  # hiking, breathable


_BODY_FIRST = re.compile(r"^\W*(?:i'?m|i am|he'?s|he is|she'?s|she is|we'?re|we are) "
                        r"(?:about |around |only |quite |very |really )?(?:[\d.,]+\s*(?:cm|m|ft|"
                        r"feet|foot|'|kg|kilos?)?\s*(?:tall|short)?|tall|short)\s*[,.;!?-]\s*")


def asked_thing(query: str, dictionary: Container[str] = frozenset()) -> str | None:
    """The noun a request asks for ('do you sell tent pegs?' -> 'pegs'), or None when that
    word may be no noun ('for hiking'; 'smaller', 'burner' when 'small', 'burn' are words
    of `dictionary`), is a number, is short and no word of `dictionary` ('hav', a typo),
    or names no kind of product ('gear', 'sizes')."""
    # a filter's own words are no thing ("a tent less than 1.5 kilos" asks for a tent); nor
    # is a body said first ("I'm 190cm tall, which sleeping bag?": no product mentions "tall")
    plain = PRICE_PHRASE.sub(" ", attribute_filters.CUES.sub(" ", _BODY_FIRST.sub(
        "", query.lower())))
    before = PREPOSITION.split(CLAUSE.split(RELATIVE.split(plain, maxsplit=1)[0], maxsplit=1)[0],
                               maxsplit=1)[0]
    words = content_words(before)
    while words and words[-1] in TRAILING:
        words.pop()
    thing = words[-1] if words else ""
    if (len(thing) < 4 and thing not in dictionary) or thing.isdigit() or thing in NO_THING \
            or NOT_A_NOUN.search(thing):
        return None
    if thing.endswith("er") and any(w in dictionary for w in (thing[:-1], thing[:-2], thing[:-3])) \
            and not _compound(before, thing):
        return None  # wider, smaller, bigger (and a burner or heater: missed, not misread)
    return thing


# "a bit warmer", "even lighter": a degree, not the first word of a compound noun
DEGREE = frozenset("bit tad lot lots even much way far still little slightly somewhat".split())


def _compound(text: str, thing: str) -> bool:
    """`thing` (an -er word whose stem is a word) ends a compound noun: "a rain cover", "a
    gas burner", "hand warmers" (a rain cover was read as a comparative, and rain shells
    were listed as found). Not a comparative after its noun ("a tent bigger than mine")."""
    m = re.search(rf"\b([^\W\d_]+) {thing}\b(?! th[ae]n\b)", text)
    return bool(m) and (m[1] not in STOPWORDS and m[1] not in NO_THING and m[1] not in DEGREE
                        and not NOT_A_NOUN.search(m[1]))


def fts_match(speller: Speller, words: list[str], fixes: dict[str, str],
              max_share: float, max_rows: int | None = None) -> str:
    """The FTS5 query for a request: each word OR its spelling fix, the words OR-ed.

    FTS5 scores every document that matches, so a word found in a large share of the
    catalogue ("hiking" in a shop of boots) costs the most time and adds the least rank
    (low IDF): such words are left out; when every word is that common, all must match.
    `max_rows` bounds that work on a big catalogue: the rarest words are kept while the
    rows they can match stay within it, and an AND of common words that would still walk
    more rows than that is dropped ("" - no BM25, the dense ranking decides): at 50k
    products "year AND warranty" walks 41k rows for 18 ms and ranks nothing a filter and
    the embedding do not (bench/retrieval_bench.py). A 324-product shop never reaches it.
    """
    groups = [[w, fixes[w]] if w in fixes else [w] for w in words]
    quoted = ["(" + " OR ".join(f'"{t}"' for t in g) + ")" for g in groups]
    shares = [max(map(speller.share, g)) for g in groups]
    rare = sorted((s, n) for n, s in enumerate(shares) if s <= max_share)
    if not rare:
        if max_rows is not None and min(shares) * speller.docs > max_rows:
            return ""
        return " AND ".join(quoted)
    keep, rows = [], 0.0
    for share, n in rare:
        if keep and max_rows is not None and rows + share * speller.docs > max_rows:
            break
        keep.append(n)
        rows += share * speller.docs
    return " OR ".join(quoted[n] for n in sorted(keep))


def product_passes(p: dict[str, Any], filters: dict[str, Any],
                   listed_by: dict[str, Any] | None = None) -> bool:
    """The filter rules of catalog.filter_sql, checked on one product as `Catalog.get`
    returns it. `listed_by`: attribute -> the categories that list it (the catalogue's
    vocabulary); a product of a kind that never lists a gender passes a gender filter."""
    def has(values: list[str], want: Any) -> bool:
        return str(want).lower() in {v.lower() for v in values}

    def attribute_passes(key: str) -> bool:
        if key in attribute_filters.FOR_ANY_KIND and listed_by is not None and \
                str(p.get("category") or "") not in listed_by.get(key, ()):
            return True
        return attribute_filters.passes(p["attributes"], key, filters[key])

    return ((filters.get("min_price") is None or p["price"] >= float(filters["min_price"]))
            and (filters.get("max_price") is None or p["price"] <= float(filters["max_price"]))
            and all(not filters.get(k) or str(p.get(k) or "").lower() == str(filters[k]).lower()
                    for k in ("category", "brand"))
            and (not filters.get("size") or has(p["sizes"], filters["size"]))
            and (not filters.get("color") or bool(matching(p["colors"], filters["color"])))
            and all(not filters.get(k) or attribute_passes(k) for k in attribute_filters.KEYS)
            and (not filters.get("in_stock") or p["in_stock"])
            and (not filters.get("without") or attribute_filters.lacks(
                attribute_filters.made_text(p["name"], p["attributes"]), filters["without"]))
            and (not filters.get("made_of") or not attribute_filters.lacks(
                attribute_filters.made_text(p["name"], p["attributes"]), filters["made_of"])))


def filters_from_slots(slots: dict[str, Any]) -> dict[str, Any]:
    """The search filters among an understanding's slots (aliases folded, empties dropped)."""
    out: dict[str, Any] = {}
    for key, value in (slots or {}).items():
        key = SLOT_ALIASES.get(key, key)
        if key in FILTER_KEYS and value not in (None, "", False):
            out[key] = value
    return out


@dataclass(frozen=True, slots=True)
class Ranked:
    id: str
    score: float
    bm25_rank: int | None = None
    dense_rank: int | None = None
    cosine: float = 0.0
    alternative: bool = False
    unmet: tuple[str, ...] = ()
    unsold: str = ""  # flagged, and this is the thing asked for, which nothing backs


@dataclass(frozen=True, slots=True)
class SearchResult:
    ranked: tuple[Ranked, ...]
    alternatives: bool = False          # nothing matched the filters; these are the nearest
    corrected: tuple[str, ...] = ()     # spelling corrections used for BM25


class Mirror:
    """Product vectors and filter columns in memory, aligned by position."""

    def __init__(self, rows: list[tuple], vocab_rows: Iterable[tuple], dim: int):
        self.ids = [r[0] for r in rows]
        self.pos = {pid: i for i, pid in enumerate(self.ids)}
        self.vectors = (np.vstack([from_blob(r[1]) for r in rows]) if rows
                        else np.zeros((0, dim), dtype=np.float32))
        self.price = np.array([r[2] for r in rows], dtype=np.float64)
        self.stock = np.array([r[3] or 0 for r in rows], dtype=np.int64)
        # value -> positions, per filter column: a filter's mask is one vectorised
        # assignment, not a Python pass over every product (5-10 ms at 50k products)
        self.where: dict[str, dict[str, list[int]]] = {
            key: {} for key in ("category", "brand", "size", "color", *attribute_filters.KEYS)}
        # the filtered attributes per position (nearest alternatives are ordered by them)
        self.attributes: dict[str, list[Any]] = {key: [] for key in attribute_filters.KEYS}
        self.made: list[str] = []  # name and material, for "not leather"
        self.category = [str(r[4] or "") for r in rows]
        for i, r in enumerate(rows):
            attributes = json.loads(r[8] or "{}")
            self.made.append(attribute_filters.made_text(r[9], attributes))
            for key in attribute_filters.KEYS:
                self.attributes[key].append(attributes.get(key))
            for key, raw, multi in (("category", r[4], False), ("brand", r[5], False),
                                    ("size", r[6], True), ("color", r[7], True),
                                    *((k, attributes.get(k), False) for k in attribute_filters.KEYS)):
                raw = str(raw) if raw is not None else ""
                for value in (raw.lower().split("|") if multi else [raw.lower()]):
                    self.where[key].setdefault(value, []).append(i)
        self._masks: dict[tuple[str, str], np.ndarray] = {}
        self._listed_by: dict[str, set[str]] = {}
        self.speller = Speller(vocab_rows)
        self.basis = self.reduced = None
        if len(self.ids) >= COARSE_FROM:  # big catalogue: a coarse pass in fewer dimensions
            rng = np.random.default_rng(0)
            sample = self.vectors[rng.choice(len(self.ids), 4000, replace=False)]
            self.basis = np.ascontiguousarray(
                np.linalg.svd(sample, full_matrices=False)[2][:COARSE_DIM].T)
            self.reduced = np.ascontiguousarray(self.vectors @ self.basis)

    def similarities(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every product. Past COARSE_FROM products: the cosine in
        the top COARSE_DIM principal directions, exact for the SHORTLIST best of those (the
        ranked top is re-scored exactly in `top`): a third of the work of the full product."""
        if self.reduced is None:
            return self.vectors @ query
        sims = self.reduced @ (query @ self.basis)
        k = min(SHORTLIST, len(sims))
        best = np.argpartition(-sims, k - 1)[:k]
        sims[best] = self.vectors[best] @ query
        return sims

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, filters: dict[str, Any]) -> np.ndarray:
        """Boolean mask of the products passing every filter (same rules as filter_sql)."""
        m = np.ones(len(self.ids), dtype=bool)
        for key in FILTER_KEYS:
            if filters.get(key) not in (None, "", False):
                m &= self.mask_one(key, filters[key])
        return m

    def mask_one(self, key: str, value: Any) -> np.ndarray:
        if key == "min_price":
            return self.price >= float(value)
        if key == "max_price":
            return self.price <= float(value)
        if key == "in_stock":
            return self.stock > 0
        cache_key = (key, str(value).lower())
        if cache_key not in self._masks and key in ("without", "made_of"):
            self._masks[cache_key] = np.array(
                [attribute_filters.lacks(t, value) == (key == "without") for t in self.made],
                dtype=bool)
        if cache_key not in self._masks and key in attribute_filters.AT_MOST:  # "-10" passes "-5"
            self._masks[cache_key] = np.array(
                [attribute_filters.number(v) for v in self.attributes[key]]) <= float(value)
        if cache_key not in self._masks and key in attribute_filters.AT_LEAST:  # 500 lm: 300
            self._masks[cache_key] = np.array(
                [attribute_filters.number(v, missing=True)
                 for v in self.attributes[key]]) >= float(value)
        if cache_key not in self._masks and key in attribute_filters.NEAR:  # 50 l passes 55 l
            low, high = attribute_filters.near(value)
            have = np.array([attribute_filters.number(v) for v in self.attributes[key]])
            self._masks[cache_key] = (have >= low) & (have <= high)
        if cache_key not in self._masks:
            m = np.zeros(len(self.ids), dtype=bool)
            values = (attribute_filters.allowed(key, value) if key in attribute_filters.KEYS
                      else shades(value) if key == "color" else (cache_key[1],))
            for v in values:
                m[self.where[key].get(v, [])] = True
            if key in attribute_filters.FOR_ANY_KIND:
                m |= ~self.of_kinds(self.listed_by(key))
            self._masks[cache_key] = m
        return self._masks[cache_key]

    def listed_by(self, key: str) -> set[str]:
        """The categories (as stored) with a product that lists the attribute `key`."""
        if key not in self._listed_by:
            listing = np.zeros(len(self.ids), dtype=bool)
            for value, positions in self.where[key].items():
                if value:
                    listing[positions] = True
            self._listed_by[key] = {self.category[i] for i in listing.nonzero()[0]}
        return self._listed_by[key]

    def of_kinds(self, kinds: set[str]) -> np.ndarray:
        return np.array([c in kinds for c in self.category], dtype=bool)

    def unmet(self, i: int, filters: dict[str, Any]) -> tuple[str, ...]:
        return tuple(k for k in FILTER_KEYS if filters.get(k) not in (None, "", False)
                     and not self.mask_one(k, filters[k])[i])

    def gap(self, i: int | None, filters: dict[str, Any]) -> float:
        """How far product i misses the attribute filters (0 when it passes them), and a
        price bound, as a share of it ("tents under 100": the 131 EUR tent before the
        245 EUR one, which came first as the more relevant)."""
        if i is None:
            return 0.0
        price = float(self.price[i])
        over = (max(0.0, price - float(filters["max_price"])) / float(filters["max_price"])
                if filters.get("max_price") else 0.0)
        under = (max(0.0, float(filters["min_price"]) - price) / float(filters["min_price"])
                 if filters.get("min_price") else 0.0)
        return over + under + sum(attribute_filters.gap(k, self.attributes[k][i], filters[k])
                                  for k in attribute_filters.KEYS if filters.get(k))

    def top(self, sims: np.ndarray, mask: np.ndarray | None, k: int,
            query: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(position, cosine) of the k best `sims` among the products the mask allows."""
        if not len(self.ids):
            return []
        if mask is not None:
            sims = np.where(mask, sims, -np.inf)
        k = min(k, len(sims))
        idx = np.argpartition(-sims, k - 1)[:k]
        idx = idx[sims[idx] > -np.inf]
        if self.reduced is not None and query is not None:  # exact scores for the top
            sims = np.zeros(len(self.ids), dtype=np.float32)
            sims[idx] = self.vectors[idx] @ query
        idx = idx[np.argsort(-sims[idx], kind="stable")]
        return [(int(i), float(sims[i])) for i in idx]


class Speller:
    """Edit-distance-1 correction against the catalogue's own words (symmetric deletion),
    and two words of a name or kind written as one ("headtorch": "head torch").

    `rows`: (name, brand, category, ...) of each product."""

    def __init__(self, rows: Iterable[tuple]):
        counts: dict[str, int] = {}  # documents containing the word
        self.joined: dict[str, str] = {}  # "headtorch" -> "head torch"
        docs = 0
        for row in rows:
            docs += 1
            for word in set(TERM.findall(" ".join(str(v or "") for v in row).lower())):
                counts[word] = counts.get(word, 0) + 1
            for field in (row[0], row[2]) if len(row) > 2 else ():
                # names and kinds only: a description's neighbours are no compound
                words = TERM.findall(str(field or "").lower())
                for a, b in zip(words, words[1:]):
                    if a.isalpha() and b.isalpha() and len(a) > 2 and len(b) > 2:
                        self.joined.setdefault(a + b, f"{a} {b}")
        self.counts = counts
        self.docs = max(docs, 1)
        self.dictionary = dictionary_words()
        self.sorted = sorted(counts)
        self.deletes: dict[str, list[str]] = {}
        for word in counts:
            if len(word) >= 4:
                for d in _deletions(word):
                    self.deletes.setdefault(d, []).append(word)

    def share(self, word: str) -> float:
        """Share of products containing the word (or its singular/plural)."""
        forms = (word, word[:-1] if word.endswith("s") else word + "s")
        return max(self.counts.get(f, 0) for f in forms) / self.docs

    def known(self, word: str) -> bool:
        """A catalogue word, or a prefix of one (FTS prefix queries match it)."""
        import bisect

        i = bisect.bisect_left(self.sorted, word)
        return i < len(self.sorted) and self.sorted[i].startswith(word)

    def correct(self, word: str) -> str | None:
        if len(word) < 5 or english(word, self.dictionary) or self.known(word):
            return None
        for plural in ("", "s", "es"):  # "headtorches": "head torches"
            if word.endswith(plural) and (one := self.joined.get(word[:len(word) - len(plural)])):
                return one + plural
        found = set(self.deletes.get(word, ()))
        for d in _deletions(word):
            if len(d) >= 5 and d in self.counts:
                found.add(d)
            found.update(self.deletes.get(d, ()))
        # a shared deletion is no proof of one edit: "itchy" and "pitch" both lose a letter
        # to "itch", two edits apart ("are they itchy?" read as "pitch")
        found = {w for w in found if one_edit(word, w)}
        # "freezer", "looser": a word the catalogue knows + r, a thing or a comparative (it
        # said the listing "does not say whether you can put it in the freeze")
        found -= {word[:-1]} if word.endswith("er") else set()
        return max(sorted(found), key=lambda w: self.counts[w]) if found else None


def english(word: str, dictionary: frozenset[str]) -> bool:
    """Is `word` an English word, or the plural of one? The vocabulary holds "paddle" but
    not "paddles" ("what about paddles?" was read as "puddles", and waterproof shoes
    listed)."""
    return word in dictionary or not word.endswith("ss") and any(
        word.endswith(end) and word[:len(word) - len(end)] + stem in dictionary
        for end, stem in (("s", ""), ("es", ""), ("ies", "y")))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """Are `a` and `b` one insertion, deletion, substitution or swap of neighbours apart?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) != len(b):  # the rest after one letter dropped from the longer
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        return longer[i + 1:] == shorter[i:]
    return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])


class VectorIndex:
    """Product vectors in SQLite, re-embedded per changed row, mirrored in memory."""

    def __init__(self, catalog: Catalog, embedder: Embedder, batch_size: int = 64):
        self.catalog = catalog
        self.store = catalog.store
        self.db = catalog.store.db
        self.embedder = embedder
        self.batch_size = batch_size
        self._mirror: Mirror | None = None
        self._stamp: tuple | None = None
        self._lock = threading.Lock()

    def stale_ids(self, ids: Iterable[str] | None = None) -> list[str]:
        """Products with no vector, or one computed from different content."""
        sql = ("SELECT p.id FROM products p LEFT JOIN product_vectors v ON v.id = p.id"
               " WHERE v.content_hash IS NOT p.content_hash OR v.model IS NOT ?")
        with self.store.lock:
            stale = [r[0] for r in self.db.execute(sql, [self.embedder.name])]
        if ids is not None:
            wanted = set(ids)
            stale = [i for i in stale if i in wanted]
        return stale

    def sync(self, ids: Iterable[str] | None = None,
             progress: Callable[[int], None] | None = None) -> int:
        """Embed the given (or all stale) products; drop vectors of deleted products."""
        todo = self.stale_ids(ids)
        for start in range(0, len(todo), 256):
            chunk = todo[start:start + 256]
            with self.store.lock:
                rows = list(self.db.query(
                    f"SELECT * FROM products WHERE id IN ({','.join('?' * len(chunk))})", chunk))
            vecs = self.embedder.encode([product_text(r) for r in rows], self.batch_size)
            stamp = now()
            with self.store.tx():
                self.db["product_vectors"].upsert_all(
                    [{"id": r["id"], "content_hash": r["content_hash"],
                      "model": self.embedder.name, "dim": int(v.shape[0]),
                      "vector": to_blob(v), "embedded_at": stamp} for r, v in zip(rows, vecs)],
                    pk="id")
            if progress:
                progress(len(rows))
        with self.store.tx():
            self.db.execute("DELETE FROM product_vectors WHERE id NOT IN (SELECT id FROM products)")
        return len(todo)

    def mirror(self) -> Mirror:
        """The in-memory mirror, reloaded when products or vectors changed.

        Products changed behind our back (an import in another process) are re-embedded
        here first, so a running bot never serves vectors of old descriptions.
        """
        with self._lock:
            stamp = self._read_stamp()
            if self._mirror is None or stamp != self._stamp:
                if self._stamp is None or stamp[0] != self._stamp[0]:
                    self.sync()
                    stamp = self._read_stamp()
                self._mirror = self._load()
                self._stamp = stamp
            return self._mirror

    def _read_stamp(self) -> tuple:
        with self.store.lock:
            return tuple(self.db.execute(
                "SELECT products, vectors FROM catalog_version WHERE id = 1").fetchone())

    def _load(self) -> Mirror:
        with self.store.lock:
            rows = self.db.execute(
                "SELECT p.id, v.vector, p.price, p.stock, p.category, p.brand, p.sizes, p.colors,"
                " p.attributes, p.name"
                " FROM product_vectors v JOIN products p ON p.id = v.id"
                " AND p.content_hash = v.content_hash WHERE v.model = ? ORDER BY p.rowid",
                [self.embedder.name]).fetchall()
            vocab = self.db.execute(
                "SELECT name, brand, category, colors, attributes, description"
                " FROM products").fetchall()
        return Mirror(rows, vocab, 384)


class HybridSearch:
    """The engine's search seam: `search(query, filters, limit) -> list[Hit]`.

    `search` returns only products that match the request and its filters, [] when none
    does (the engine then says so); `alternatives` returns the nearest products with the
    filters relaxed, each flagged `alternative` with the filters it misses.
    """

    def __init__(self, catalog: Catalog, index: VectorIndex, *, rrf_k: int = RRF_K,
                 candidates: int = CANDIDATES, min_cosine: float = MIN_COSINE,
                 margin: float = MARGIN, floor: float = BM25_FLOOR,
                 dense_weight: float = DENSE_WEIGHT,
                 fusion: str = FUSION, alpha: float = ALPHA, max_share: float = MAX_SHARE,
                 bm25_margin: float = BM25_MARGIN, max_rows: int | None = MAX_ROWS,
                 guess_cosine: float = GUESS_COSINE, unsold_cosine: float = UNSOLD_COSINE):
        self.catalog = catalog
        self.index = index
        self.rrf_k = rrf_k
        self.candidates = candidates
        self.min_cosine = min_cosine
        self.margin = margin
        self.floor = floor
        self.fusion = fusion
        self.alpha = alpha
        self.max_share = max_share
        self.max_rows = max_rows
        self.bm25_margin = bm25_margin
        self.dense_weight = dense_weight
        self.guess_cosine = guess_cosine
        self.unsold_cosine = unsold_cosine

    @classmethod
    def attach(cls, catalog: Catalog, embedder: Embedder, **options: Any) -> HybridSearch:
        """Hybrid search over `catalog`, re-embedding changed rows on every import.

        Embeds whatever is stale now, so it raises ModelError here (at wiring time, where
        the caller can fall back to BM25) when the model cannot load.
        """
        search = cls(catalog, VectorIndex(catalog, embedder), **options)
        search.index.sync()
        catalog.on_change.append(search.on_import)
        return search

    def on_import(self, changed_ids: Iterable[str]) -> int:
        """Catalogue import hook: re-embed exactly the rows that changed."""
        return self.index.sync(list(changed_ids))

    def corrector(self) -> Callable[[str], str | None]:
        """word -> its fix from the catalogue's words ("waterprof"), else None; taken once
        per message (each `mirror()` reads the catalogue's version stamp)."""
        return self.index.mirror().speller.correct

    def search(self, query: str, filters: dict[str, Any] | None = None,
               limit: int = 5) -> list[Hit]:
        return self._hits(query, filters, limit, relax=False)

    def alternatives(self, query: str, filters: dict[str, Any] | None = None,
                     limit: int = 3) -> list[Hit]:
        """The nearest products when nothing matches the filters (flagged with `unmet`)."""
        return self._hits(query, filters, limit, relax=True)

    def _hits(self, query: str, filters: dict[str, Any] | None, limit: int,
              relax: bool) -> list[Hit]:
        filters = filters_from_slots(filters or {})
        try:
            result = self.rank(query, filters, limit, relax=relax)
        except ModelError as exc:  # the model broke at run time: keyword search still works
            log.warning("dense search unavailable, using BM25 only: %s", exc)
            return [] if relax else self.catalog.search(query, filters, limit)
        if result.alternatives != relax:
            return []
        mirror = self.index.mirror()
        listed_by = {k: mirror.listed_by(k) for k in attribute_filters.FOR_ANY_KIND}
        hits = []
        for r in result.ranked:
            product = self.catalog.get(r.id)
            if product is None or (not relax and not product_passes(product, filters, listed_by)):
                continue  # gone, or changed since the in-memory copy was loaded
            if r.alternative:
                product = {**product, "alternative": True, "unmet_filters": list(r.unmet),
                           "nearness": round(r.cosine, 3),
                           **({"unsold": r.unsold} if r.unsold else {})}
            hits.append(Hit(product, round(r.score, 6)))
        return hits

    def rank(self, query: str, filters: dict[str, Any] | None = None, limit: int = 5,
             mode: str = "hybrid", relax: bool | None = None) -> SearchResult:
        """Ranked ids with their evidence; mode is 'hybrid', 'bm25' or 'dense'.

        relax=None: the matches, or the alternatives when there are none; False: matches
        only; True: alternatives only.
        """
        filters = filters_from_slots(filters or {})
        mirror = self.index.mirror()
        words = content_words(query)
        if not words:
            return self._browse(mirror, filters, limit)
        fixes = {w: fix for w in words if (fix := mirror.speller.correct(w))}
        corrected = tuple(f"{w}->{fix}" for w, fix in fixes.items())
        # words a filter already enforces ("rain jacket" with category=rain jackets) cannot
        # rank within the filtered set; BM25 skips them (the embedding keeps them)
        enforced = set(content_words(" ".join(
            str(filters[k]) for k in ("category", "brand", "color") if filters.get(k))))
        bm25_words = [w for w in words if mode != "hybrid" or not (
            {w, w.rstrip("s"), w + "s"} & enforced)] or words
        match = fts_match(mirror.speller, bm25_words, fixes,
                          *((self.max_share, self.max_rows) if mode == "hybrid" else (1.0,)))
        # BM25 can only be as right as the share of the request's words the catalogue knows
        coverage = sum(1 for w in words if w in fixes or mirror.speller.known(w)) / len(words)
        sims = qvec = None
        if mode != "bm25" and len(mirror):
            text = re.sub(r"[^\W\d_]+", lambda m: fixes.get(m[0].lower(), m[0]), query)
            qvec = self.index.embedder.encode_query(text)
            sims = mirror.similarities(qvec)
        ranked = self._fuse(mirror, match, coverage, sims, qvec, filters, mode)
        unsold = ""
        if ranked and mode == "hybrid" and (
                self._guessed(ranked, filters, coverage)
                or (unsold := self._unsold(mirror, query, fixes, filters))):
            # the thing asked for goes with them ("a hat": nothing backs any word of it)
            thing = unsold or asked_thing(query, mirror.speller.dictionary) or ""
            return SearchResult(tuple(replace(r, alternative=True, unsold=thing)
                                      for r in ranked[:limit]), True, corrected)
        if relax is not True and (ranked or relax is False or not filters):
            return SearchResult(tuple(ranked[:limit]), False, corrected)
        if not filters:
            return SearchResult((), True, corrected)
        loose = self._fuse(mirror, match, coverage, sims, qvec, {}, mode)
        alts = []
        for r in loose:
            i = mirror.pos.get(r.id)
            unmet = mirror.unmet(i, filters) if i is not None else self._unmet_sql(r.id, filters)
            alts.append(Ranked(r.id, r.score, r.bm25_rank, r.dense_rank, r.cosine, True, unmet))
        # the kind of product asked for first ("women's sleeping bags" where no sleeping bag is
        # sold as women's: sleeping bags, not women's trousers), then fewest filters missed,
        # then nearest ("for 6 people": 4-person tents first), then relevance
        alts.sort(key=lambda r: ("category" in r.unmet, len(r.unmet),
                                 mirror.gap(mirror.pos.get(r.id), filters), -r.score))
        return SearchResult(tuple(alts[:limit]), True, corrected)

    def _guessed(self, ranked: list[Ranked], filters: dict[str, Any], coverage: float) -> bool:
        """Nothing backs this ranking: the catalogue knows none of the request's words, no
        product is near it in meaning, no filter names the kind of product (step 5 of the
        module docstring). Known words count even without a keyword hit: in a small shop
        every word is common and BM25 may need them all in one product."""
        return (coverage == 0 and not any(k in filters for k in KIND_FILTERS)
                and all(r.bm25_rank is None and r.cosine < self.guess_cosine for r in ranked))

    def _unsold(self, mirror: Mirror, query: str, fixes: dict[str, str],
                filters: dict[str, Any]) -> str:
        """The thing asked for, when it is a word the catalogue never uses and no product is
        near it in meaning: the ranking comes from the other words ('tent pegs' -> tents, the
        category filter 'tent' gave too); else "". Not a word for the category filtered on
        ("trainers": running shoes, core/synonyms). One more query encoding, only then."""
        thing = asked_thing(query, mirror.speller.dictionary)
        if thing is None or thing in fixes or not len(mirror) or thing in mirror.speller.counts \
                or (len(thing) > 3 and mirror.speller.known(thing)):
            # a short word is no truncated one: "mat" is not "material", "cap" not "capacity"
            return ""
        terms = getattr(self.catalog, "current_vocabulary", dict)().get("category_term", {})
        if filters.get("category") and filters["category"] in (
                terms.get(thing), terms.get(singular(thing))):
            return ""
        if synonyms.own_kind(thing):
            return thing
        sims = mirror.similarities(self.index.embedder.encode_query(thing))
        # other words say what kind ("trainers for running": 0.43 to running shoes), and the
        # thing only has to be no other thing ("pegs": 0.25); a bare word is all there is,
        # and a filter's words say no kind ("men's kayaks": 0.40 to a men's boot, found)
        # ("kayaks or canoes": no other word the catalogue knows says a kind either; boots
        # at 0.41 were found)
        alone = not any(w in fixes or mirror.speller.known(w)
                        for w in thing_words(query) if w != thing)
        return thing if float(sims.max()) < (self.unsold_cosine if alone else
                                             self.guess_cosine) else ""

    def _fuse(self, mirror: Mirror, match: str, coverage: float, sims: np.ndarray | None,
              qvec: np.ndarray | None, filters: dict[str, Any], mode: str) -> list[Ranked]:
        bm25 = self._bm25(match, filters) if mode in ("hybrid", "bm25") else {}
        dense: list[tuple[int, float]] = []
        if sims is not None and mode in ("hybrid", "dense"):
            dense = mirror.top(sims, mirror.mask(filters) if filters else None, self.candidates,
                               qvec)
            if mirror.reduced is not None:  # keyword hits get exact cosines too
                exact = [mirror.pos[p] for p in bm25 if p in mirror.pos]
                sims = sims.copy()
                sims[exact] = mirror.vectors[exact] @ qvec
                sims[[i for i, _ in dense]] = [c for _, c in dense]
        gate = mode == "hybrid" and sims is not None
        best = float(sims.max()) if gate else 0.0
        bar = max(self.min_cosine, best - self.margin)
        top_bm25 = max(bm25.values(), default=1.0) or 1.0
        coverage = coverage if mode == "hybrid" else 1.0
        b_rank = {pid: n for n, pid in enumerate(bm25, 1)}
        d_rank = {mirror.ids[i]: n for n, (i, _) in enumerate(dense, 1)}
        out = []
        for pid in dict.fromkeys([*bm25, *d_rank]):
            i = mirror.pos.get(pid)
            cos = float(sims[i]) if sims is not None and i is not None else 0.0
            if gate and i is not None and cos < (max(self.floor, best - self.bm25_margin) if pid in b_rank else bar):
                continue
            if self.fusion == "convex" and mode == "hybrid":
                score = self.alpha * cos + ((1 - self.alpha) * coverage
                                            * bm25.get(pid, 0.0) / top_bm25)
            else:
                score = ((coverage / (self.rrf_k + b_rank[pid]) if pid in b_rank else 0.0)
                         + (self.dense_weight / (self.rrf_k + d_rank[pid])
                            if pid in d_rank else 0.0))
            out.append(Ranked(pid, score, b_rank.get(pid), d_rank.get(pid), cos))
        out.sort(key=lambda r: -r.score)
        return out

    def _bm25(self, match: str, filters: dict[str, Any]) -> dict[str, float]:
        """id -> BM25 score (higher is better), best first."""
        if not match:
            return {}
        where, args = filter_sql(filters)
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        sql = (f"SELECT p.id, -bm25(products_fts, {weights}) AS s FROM products_fts"
               f" JOIN products p ON p.rowid = products_fts.rowid"
               f" WHERE products_fts MATCH ? {('AND ' + where) if where else ''}"
               f" ORDER BY s DESC LIMIT ?")
        with self.catalog.store.lock:
            return dict(self.catalog.db.execute(sql, [match, *args, self.candidates]).fetchall())

    def _browse(self, mirror: Mirror, filters: dict[str, Any], limit: int) -> SearchResult:
        """No content words: products passing the filters, in stock first, cheapest first."""
        if not filters:
            return SearchResult(())
        m = mirror.mask(filters)
        alternative = not m.any()
        missed = ([len(mirror.unmet(i, filters)) for i in range(len(mirror))] if alternative
                  else np.zeros(len(mirror)))
        order = np.lexsort((mirror.price, mirror.stock <= 0, missed))
        picked = [int(i) for i in order if alternative or m[i]][:limit]
        return SearchResult(tuple(
            Ranked(mirror.ids[i], 0.0, alternative=alternative,
                   unmet=mirror.unmet(i, filters) if alternative else ())
            for i in picked), alternative)

    def _unmet_sql(self, pid: str, filters: dict[str, Any]) -> tuple[str, ...]:
        out = []
        for key in FILTER_KEYS:
            if filters.get(key) not in (None, "", False):
                where, args = filter_sql({key: filters[key]})
                with self.catalog.store.lock:
                    ok = self.catalog.db.execute(
                        f"SELECT 1 FROM products p WHERE p.id = ? AND {where}",
                        [pid, *args]).fetchone()
                if not ok:
                    out.append(key)
        return tuple(out)


EVENT_KINDS = ("viewed", "asked", "bought")
EVENT_WEIGHTS = {"asked": 2.0, "viewed": 1.0}
RECENCY_DECAY = 0.85


class Recommender:
    """'More like this' and 'for you' from a profile vector: in stock only, never bought.

    A user's profile is the recency-weighted mean of the vectors of products they asked
    about (weight 2) or were shown (weight 1). History comes from two stored places: the
    product cards in the bot's own logged replies (so it works with no extra wiring) and
    `product_events` rows recorded explicitly (`record`), which also carry purchases.
    """

    def __init__(self, catalog: Catalog, index: VectorIndex, history_size: int = 30):
        self.catalog = catalog
        self.index = index
        self.db = catalog.store.db
        self.lock = catalog.store.lock
        self.history_size = history_size

    def record(self, user_id: str, product_ids: Iterable[str], kind: str = "viewed") -> None:
        if kind not in EVENT_KINDS:
            raise ValueError(f"event kind must be one of {', '.join(EVENT_KINDS)}")
        stamp = now()
        with self.catalog.store.tx():
            self.db["product_events"].insert_all(
                [{"user_id": user_id, "product_id": pid, "kind": kind, "at": stamp}
                 for pid in product_ids])

    def history(self, user_id: str) -> list[tuple[str, str]]:
        """(product_id, kind) newest first: recorded events and cards the bot showed."""
        with self.lock:
            events = self.db.execute(
                "SELECT at, id, product_id, kind FROM product_events WHERE user_id = ?"
                " ORDER BY id DESC LIMIT ?", [user_id, self.history_size * 2]).fetchall()
            shown = self.db.execute(
                "SELECT created_at, id, payload FROM messages WHERE user_id = ?"
                " AND direction = 'out' AND payload LIKE '%product_id%'"
                " ORDER BY id DESC LIMIT ?", [user_id, self.history_size]).fetchall()
        items = [(at, n, pid, kind) for at, n, pid, kind in events]
        for at, n, payload in shown:
            try:
                cards = json.loads(payload).get("cards") or []
            except (ValueError, AttributeError):
                continue
            items += [(at, n, c["product_id"], "viewed") for c in cards if "product_id" in c]
        items.sort(key=lambda t: (t[0], t[1]), reverse=True)
        return [(pid, kind) for _, _, pid, kind in items]

    def profile(self, user_id: str) -> np.ndarray | None:
        mirror = self.index.mirror()
        total, weight_sum = None, 0.0
        seen = [(pid, k) for pid, k in self.history(user_id) if k in EVENT_WEIGHTS]
        for age, (pid, kind) in enumerate(seen[:self.history_size]):
            i = mirror.pos.get(pid)
            if i is None:
                continue
            w = EVENT_WEIGHTS[kind] * RECENCY_DECAY ** age
            total = mirror.vectors[i] * w if total is None else total + mirror.vectors[i] * w
            weight_sum += w
        if total is None or not np.linalg.norm(total):
            return None
        return (total / np.linalg.norm(total)).astype(np.float32)

    def for_user(self, user_id: str, limit: int = 5, include_seen: bool = False) -> list[Hit]:
        """Suggestions for a returning customer; [] when there is no history yet."""
        vec = self.profile(user_id)
        if vec is None:
            return []
        history = self.history(user_id)
        exclude = {pid for pid, kind in history if kind == "bought"}
        if not include_seen:
            exclude |= {pid for pid, _ in history}
        return self._nearest(vec, limit, exclude)

    def more_like_this(self, product_id: str, limit: int = 5,
                       exclude: Iterable[str] = ()) -> list[Hit]:
        mirror = self.index.mirror()
        i = mirror.pos.get(product_id)
        if i is None:
            return []
        return self._nearest(mirror.vectors[i], limit, {product_id, *exclude})

    def _nearest(self, vec: np.ndarray, limit: int, exclude: set[str]) -> list[Hit]:
        mirror = self.index.mirror()
        mask = mirror.stock > 0
        for pid in exclude:
            if pid in mirror.pos:
                mask[mirror.pos[pid]] = False
        hits = []
        for i, cos in mirror.top(mirror.vectors @ vec, mask, limit):
            product = self.catalog.get(mirror.ids[i])
            if product is not None and product["in_stock"]:
                hits.append(Hit(product, round(cos, 6)))
        return hits


def build_search(catalog: Catalog, backend: str = "hybrid",
                 model_path: str | None = None) -> Any:
    """The search the engine uses: hybrid, or the catalogue's BM25 alone when configured so
    or when the embedding model cannot be loaded (logged; the bot keeps working)."""
    if backend == "bm25":
        return catalog
    from .embeddings import shared_embedder

    try:
        return HybridSearch.attach(catalog, shared_embedder(model_path))
    except ModelError as exc:
        log.warning("embedding model unavailable, search is BM25 only: %s", exc)
        return catalog
