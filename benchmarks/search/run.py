"""Search quality and latency: renshe's engine and two baselines on the same units, same process.

    python benchmarks/search/run.py [QRELS.jsonl] [--db PATH]

Baselines (both over exactly the units `renshe.search.units.units_from_kb` makes):
* FTS5 `trigram`: title, heading path and text in a trigram FTS5 table; each query term of 3+
  characters is a quoted MATCH phrase (AND), shorter terms fall back to `instr()` on a plain
  table (SQLite 3.40 trigram MATCH needs 3 characters); ranked by bm25.
* BM25 over jieba tokens: rjieba search-mode tokens of title + headings + text, Okapi BM25
  (k1 = 1.2, b = 0.75) with OR semantics, in Python.
Documents are ranked by their best unit, as `renshe eval-search` does.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path

import rjieba

from renshe.search.engine import search
from renshe.search.evaluate import DocHit, K, engine_ranker, evaluate, known_titles, load_qrels
from renshe.search.units import Unit, units_from_kb

ROOT = Path(__file__).resolve().parents[2]
_SPLIT = re.compile(r"[^\w]+")


def trigram_ranker(units: list[Unit]) -> object:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, ctx, body, tokenize='trigram')")
    conn.execute("CREATE TABLE p(rowid INTEGER PRIMARY KEY, title, ctx, body)")
    rows = [(i, u.doc_title, f"{u.context} {u.label}", u.text) for i, u in enumerate(units)]
    conn.executemany("INSERT INTO t(rowid, title, ctx, body) VALUES (?,?,?,?)", rows)
    conn.executemany("INSERT INTO p VALUES (?,?,?,?)", rows)

    def rank(q: str) -> list[DocHit]:
        terms = [t for t in _SPLIT.split(q) if t]
        long_terms = [t for t in terms if len(t) >= 3]
        short = [t for t in terms if len(t) < 3]
        if long_terms:
            expr = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
            sql = "SELECT t.rowid, bm25(t) FROM t WHERE t MATCH ?"
            args: list[object] = [expr]
            for s in short:
                sql += " AND instr(t.title || t.ctx || t.body, ?) > 0"
                args.append(s)
            hits = conn.execute(sql + " ORDER BY bm25(t) LIMIT 400", args).fetchall()
        elif short:
            cond = " AND ".join("instr(title || ctx || body, ?) > 0" for _ in short)
            hits = [(r, 0.0) for (r,) in conn.execute(f"SELECT rowid FROM p WHERE {cond} LIMIT 400", short)]
        else:
            hits = []
        return _docs([units[r] for r, _s in hits])

    return rank


def _docs(ranked_units: list[Unit]) -> list[DocHit]:
    out: list[DocHit] = []
    seen: set[str] = set()
    for u in ranked_units:
        if u.doc_id not in seen:
            seen.add(u.doc_id)
            out.append((u.doc_id, u.doc_number, u.doc_title))
        if len(out) == K:
            break
    return out


def jieba_bm25_ranker(units: list[Unit], k1: float = 1.2, b: float = 0.75) -> object:
    docs = [
        [w for w in rjieba.cut_for_search(f"{u.doc_title} {u.context} {u.label} {u.text}") if w.strip()]
        for u in units
    ]
    avg = sum(len(d) for d in docs) / len(docs)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, d in enumerate(docs):
        for w, n in Counter(d).items():
            postings[w].append((i, n))
    lengths = [len(d) for d in docs]
    n_docs = len(docs)

    def rank(q: str) -> list[DocHit]:
        scores: dict[int, float] = defaultdict(float)
        for w in {w for w in rjieba.cut_for_search(q) if w.strip()}:
            post = postings.get(w, [])
            if not post:
                continue
            idf = math.log(1 + (n_docs - len(post) + 0.5) / (len(post) + 0.5))
            for i, tf in post:
                scores[i] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[i] / avg))
        best = sorted(scores, key=lambda i: -scores[i])[:400]
        return _docs([units[i] for i in best])

    return rank


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("qrels", nargs="?", default=str(ROOT / "tests" / "search" / "search-dev.jsonl"))
    ap.add_argument("--db", default=None)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "search" / "results.json"))
    args = ap.parse_args()
    from renshe.build import build_database

    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "renshe.db"
    if not db.exists():
        build_database(db)
    conn = sqlite3.connect(db)
    t0 = time.perf_counter()
    from renshe.search.index import build_index

    build_index(conn)
    index_s = time.perf_counter() - t0
    units = units_from_kb(conn)
    qrels = load_qrels(Path(args.qrels))
    report: dict[str, object] = {"units": len(units), "index_build_s": round(index_s, 3)}
    rankers = {
        "renshe (FTS5 uni+bigram, synonyms, boosts, doc aggregation)": engine_ranker(
            partial(search, conn), known_titles(conn)
        ),
        "baseline: FTS5 trigram": trigram_ranker(units),
        "baseline: BM25 over jieba tokens": jieba_bm25_ranker(units),
    }
    titles = known_titles(conn)
    for name, ranker in rankers.items():
        if not name.startswith("renshe"):
            base = ranker

            def with_titles(q: str, base: object = base) -> list[DocHit]:
                return [(d, n, titles.get(d, t)) for d, n, t in base(q)]  # type: ignore[operator]

            ranker = with_titles
        r = evaluate(qrels, ranker, repeats=5)  # type: ignore[arg-type]
        r.pop("per_query")
        report[name] = r
        print(
            f"{name}: nDCG@10 {r['ndcg@10']:.3f}  Recall@10 {r['recall@10']:.3f}  MRR {r['mrr']:.3f}  "
            f"p50 {r['latency_ms']['p50']:.2f} ms  p95 {r['latency_ms']['p95']:.2f} ms",
            file=sys.stderr,
        )
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
