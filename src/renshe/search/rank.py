"""Ranking of units for a parsed query: BM25 over the query's content words, read from the
inverted index (`search_terms`) into dense numpy arrays.

Why this shape:

* every content word counts (no strict level that fails on one question word, no fallback that
  forgets the common topic words 退休/补贴/社保): a unit's score is the BM25 sum of the words it
  has, times a coverage factor (the idf-weighted share of the query's concepts it — or its
  document's title — has), so covering more of the question beats repeating one rare word;
* a concept is the typed word or the law's word for it (synonyms), scored by the better one;
* title evidence is a document's, counted once: it is added to the document's best unit only
  and only for whole title words (jieba words of the title), so 能领 never matches 高技能领军人才
  and a title match does not lift every unit of the document;
* a query only reads the postings of its own words and scores them with vector operations over
  an array of all units; the top k are taken with `argpartition`, so nothing is recounted per
  call and the cost grows with the words' postings, not with a full scan in Python.

The per-unit arrays (lengths, document of each unit, filters) are loaded once per database and
index build (`search_meta.stamp`) and kept in a small process cache.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from renshe.search.index import K1, B
from renshe.search.query import Concept, phrase

TITLE_WEIGHT = 2.0  # a whole-word title hit: twice one body occurrence of the word, once per document
COVERAGE_FLOOR = 0.2  # score factor of a unit that covers none of the concepts' idf on its own
CANONICAL_WEIGHT = 0.95  # the law's word for a colloquial one, just below the typed word
ARTICLE_SCORE = 6.0  # a unit whose label is the 第N条 asked for
# A one-character word (到, 领) beside other words: jieba emits it alone only by accident, so
# its rarity as a word says little; it counts half, in score and in coverage.
ONE_CHAR_WEIGHT = 0.5
CANDIDATES = 300
TABLE_ROW_FACTOR = 0.6  # a row is one entry of a list; an article states the rule
# Postings are stored highest impact first; a word in more units than this is read only for its
# best units (a very common word adds little to any unit's score, and reading all of it is what
# would make a larger corpus slow). At 1× no word of the compilation reaches it.
POSTINGS_CAP = 4000
FALLBACK_CAP = 20000  # rows read for one word the index does not know (phrase fallback)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]
RowArray = npt.NDArray[np.intp]


@dataclass
class Arrays:
    """Per-unit data of one index build, indexed by rowid (row 0 unused)."""

    n: int
    avg: float
    length: FloatArray
    doc: IntArray  # document index of each unit
    is_row: npt.NDArray[np.bool_]
    table: IntArray  # table index of a table row, -1 for a provision
    doc_ids: list[str]
    doc_first: IntArray  # first unit (lowest ord) of each document
    title_docs: dict[str, IntArray]  # whole title word → documents whose title has it
    norm: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        self.norm = K1 * (1 - B + B * self.length / max(self.avg, 1e-9))
        self.one_hit = (K1 + 1) / (1 + self.norm)  # the BM25 tf part of one occurrence


_CACHE: dict[tuple[str, str], Arrays] = {}
_LOCK = threading.Lock()


def _key(conn: sqlite3.Connection) -> tuple[str, str]:
    stamp = conn.execute("SELECT value FROM search_meta WHERE key = 'stamp'").fetchone()
    path = next((str(r[2]) for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
    return (path or f"memory:{id(conn)}", str(stamp[0]) if stamp else "")


def arrays(conn: sqlite3.Connection) -> Arrays:
    """The per-unit arrays of the index in `conn` (loaded once per build)."""
    key = _key(conn)
    with _LOCK:
        got = _CACHE.get(key)
    if got is not None:
        return got
    rows = conn.execute(
        "SELECT rowid, doc_id, kind, n_words, ord, table_id FROM search_units ORDER BY rowid"
    ).fetchall()
    n = rows[-1][0] if rows else 0
    length = np.zeros(n + 1)
    doc = np.zeros(n + 1, dtype=np.int32)
    is_row = np.zeros(n + 1, dtype=np.bool_)
    table = np.full(n + 1, -1, dtype=np.int32)
    table_index: dict[str, int] = {}
    doc_index: dict[str, int] = {}
    first: dict[int, tuple[int, int]] = {}
    for rowid, doc_id, kind, n_words, ord_, table_id in rows:
        if table_id is not None:
            table[rowid] = table_index.setdefault(table_id, len(table_index))
        d = doc_index.setdefault(doc_id, len(doc_index))
        doc[rowid] = d
        length[rowid] = n_words
        is_row[rowid] = kind == "table_row"
        if d not in first or ord_ < first[d][0]:
            first[d] = (ord_, rowid)
    doc_ids = list(doc_index)
    title_lists: dict[str, list[int]] = {}
    for doc_id, words in conn.execute("SELECT doc_id, title_words FROM search_docs"):
        if doc_id in doc_index:
            for w in set(words.split()):
                title_lists.setdefault(w, []).append(doc_index[doc_id])
    meta = dict(conn.execute("SELECT key, value FROM search_meta").fetchall())
    got = Arrays(
        n=n,
        avg=float(meta.get("avg_words", 1.0)),
        length=length,
        doc=doc,
        is_row=is_row,
        table=table,
        doc_ids=doc_ids,
        doc_first=np.array([first[d][1] for d in range(len(doc_ids))], dtype=np.int32),
        title_docs={w: np.array(ds, dtype=np.int32) for w, ds in title_lists.items()},
    )
    with _LOCK:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = got
    return got


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _postings(conn: sqlite3.Connection, word: str) -> tuple[IntArray, npt.NDArray[np.float32], int] | None:
    """Rowids of the units with `word` (at most POSTINGS_CAP, best first), the BM25 tf part of
    each (computed at build time) and the word's document frequency."""
    row = conn.execute("SELECT rowids, impacts, df FROM search_terms WHERE term = ?", (word,)).fetchone()
    if row is None:
        return None
    df = int(row[2])
    rows = np.frombuffer(row[0], dtype=np.int32, count=min(df, POSTINGS_CAP))
    return rows, np.frombuffer(row[1], dtype=np.float32, count=len(rows)), df


def _phrase_rows(conn: sqlite3.Connection, text: str) -> IntArray:
    """Units whose heading path or body holds `text` verbatim (for words jieba never emits)."""
    expr = phrase(text)
    if expr is None:
        return np.zeros(0, dtype=np.int32)
    body_only = expr.replace("{t_uni c_uni b_uni}", "{c_uni b_uni}").replace(
        "{t_bi c_bi b_bi}", "{c_bi b_bi}"
    )
    rows = conn.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?", (body_only, FALLBACK_CAP)
    ).fetchall()
    return np.array(rows, dtype=np.int32).reshape(-1)


@dataclass
class Scored:
    unit: FloatArray  # body score × coverage, per rowid
    title: FloatArray  # title bonus per document
    nz: RowArray  # rowids of the units with any evidence (so callers need no pass over all units)


def score(conn: sqlite3.Connection, a: Arrays, concepts: list[Concept], articles: list[str]) -> Scored:
    """Body BM25 × coverage per unit and the once-per-document title bonus (see module doc).

    Work is proportional to the postings read (at most POSTINGS_CAP rows per word): per concept
    only its rows are touched; the dense arrays are combined once at the end."""
    n_docs = len(a.doc_ids)
    body = np.zeros(a.n + 1)
    # idf of the concepts each unit has in its body but its document's title has not (a unit
    # with only a broader law's word — 用人单位 for 公司 — earns that word's idf)
    covered = np.zeros(a.n + 1)
    best: FloatArray | None = None  # scratch for the better alternative per unit (made when needed)
    best_idf = body
    title = np.zeros(n_docs)
    title_cov = np.zeros(n_docs)
    total = 0.0
    # A one-character word jieba never emits alone (招, 领) is read from the phrase index only
    # when it is all the query has (薪): beside other words it adds noise and costs a scan.
    lone = all(len(c.text) == 1 for c in concepts)
    # ... and beside two or more longer words it is left out: weak evidence, long postings (人).
    if sum(len(c.text) > 1 for c in concepts) >= 2:
        concepts = [c for c in concepts if len(c.text) > 1 or any(len(x) > 1 for x in c.alternatives)]
    for c in concepts:
        hits: list[tuple[IntArray, FloatArray, float]] = []
        c_idf = 0.0
        t_docs: list[IntArray] = []
        t_idf = 0.0
        for i, alt in enumerate(c.alternatives):
            weight = 1.0 if i == 0 else CANONICAL_WEIGHT
            post = _postings(conn, alt)
            df = 0
            if post is not None:
                rows, impact32, df = post
                impact = impact32.astype(np.float64)
            else:
                usable = len(alt) > 1 or (lone and not alt.isascii())
                rows = _phrase_rows(conn, alt) if usable else np.zeros(0, np.int32)
                impact = a.one_hit[rows]
                df = len(rows)
            if len(rows):
                idf = _idf(df, a.n) * (ONE_CHAR_WEIGHT if len(alt) == 1 and not lone else 1.0)
                hits.append((rows, (weight * idf) * impact, idf))
                c_idf = max(c_idf, idf)
            docs = a.title_docs.get(alt)
            if docs is not None:
                t_docs.append(docs)
                t_idf = max(t_idf, weight * _idf(len(docs), n_docs))
        if c_idf == 0.0 and t_idf == 0.0:
            continue  # a word found nowhere does not lower anyone's coverage
        c_weight = c_idf or t_idf
        total += c_weight
        t_hit = np.zeros(n_docs, dtype=np.bool_)
        for docs in t_docs:
            t_hit[docs] = True
        if len(hits) == 1:
            rows, w, idf = hits[0]
            body[rows] += w
            covered[rows] += np.where(t_hit[a.doc[rows]], 0.0, idf)
        elif hits:
            if best is None:
                best, best_idf = np.zeros(a.n + 1), np.zeros(a.n + 1)
            for rows, w, idf in hits:
                best[rows] = np.maximum(best[rows], w)
                best_idf[rows] = np.maximum(best_idf[rows], idf)
            # a repeated index in `x[idx] += y` is applied once: each unit counts once
            touched = np.concatenate([r for r, _, _ in hits])
            body[touched] += best[touched]
            covered[touched] += np.where(t_hit[a.doc[touched]], 0.0, best_idf[touched])
            best[touched] = 0.0
            best_idf[touched] = 0.0
        if t_docs:
            title[t_hit] += TITLE_WEIGHT * t_idf
            title_cov[t_hit] += c_weight
    for label in articles:
        # "…办法第二十七条": the article of the document the other words name, so the label
        # counts most where the title has those words
        post = _postings(conn, f"label:{label}")
        if post is not None:
            rows = post[0]
            named = title_cov[a.doc[rows]] / max(total, 1e-9)
            body[rows] += ARTICLE_SCORE * (1 + 4 * named)
            covered[rows] += ARTICLE_SCORE
            total += ARTICLE_SCORE
    if total == 0:
        return Scored(body, title, np.zeros(0, dtype=np.intp))
    unit = body  # scaled in place: body is not needed any more
    nz = np.flatnonzero(body)
    cov = np.minimum((covered[nz] + title_cov[a.doc[nz]]) / total, 1.0)
    unit[nz] *= COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * cov * cov
    unit[nz[a.is_row[nz]]] *= TABLE_ROW_FACTOR
    tcov = np.minimum(title_cov / total, 1.0)
    return Scored(unit, title * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * tcov * tcov), nz)


def top(
    values: FloatArray, k: int, mask: npt.NDArray[np.bool_] | None = None, among: RowArray | None = None
) -> list[int]:
    """Rowids of the `k` highest positive values (under `mask`; only `among` when given), best first."""
    nz = np.flatnonzero(values > 0) if among is None else among[values[among] > 0]
    if mask is not None:
        nz = nz[mask[nz]]
    if not len(nz):
        return []
    if len(nz) > k:
        nz = nz[np.argpartition(-values[nz], k - 1)[:k]]
    return [int(i) for i in nz[np.argsort(-values[nz], kind="stable")]]


def best_per_doc(
    a: Arrays, values: FloatArray, mask: npt.NDArray[np.bool_] | None, k: int, among: RowArray | None = None
) -> list[int]:
    """The best unit of each of the `k` documents whose best unit scores highest (for a list
    grouped by document, which needs `k` documents even when a few fill the top units)."""
    nz = np.flatnonzero(values > 0) if among is None else among[values[among] > 0]
    if mask is not None:
        nz = nz[mask[nz]]
    if not len(nz):
        return []
    order = nz[np.argsort(-values[nz], kind="stable")]
    _docs, first = np.unique(a.doc[order], return_index=True)
    best = order[np.sort(first)]  # document order of first appearance = by best score
    return [int(r) for r in best[:k]]
