"""Search quality and latency: renshe's engine and two baselines on the same units, same process.

    python benchmarks/search/run.py [QRELS.jsonl ...] [--db PATH] [--scale 10] [--out FILE]

Baselines (both over exactly the units `renshe.search.units.units_from_kb` makes):
* FTS5 `trigram`: title, heading path and text in a trigram FTS5 table; each query term of 3+
  characters is a quoted MATCH phrase (AND), shorter terms fall back to `instr()` on a plain
  table (SQLite 3.40 trigram MATCH needs 3 characters); ranked by bm25.
* BM25 over jieba tokens: rjieba search-mode tokens of title + headings + text, Okapi BM25
  (k1 = 1.2, b = 0.75) with OR semantics, in Python.
BM25 runs twice: on the query's tokens as typed, and without question and function words
(renshe's `data/search/stopwords.txt`), so renshe's question handling is compared with the
simplest version of the same idea. Every ranker is scored as `renshe eval-search` does: the
default list (first 10 units, a document counted once at its first position) and the list
grouped by document, overall and per query type, on every qrels file given, in one run.

`--scale N` adds N-1 synthetic copies of every unit (as other cities' documents: new ids) to
measure latency on a corpus N times larger, 1× and N× side by side (renshe and BM25 without
question words), every query 5 times: p50/p95 over all calls, and p95 over the per-query
medians (robust to the other jobs that share this machine); quality is measured at 1× only.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import rjieba

from renshe.search.engine import search
from renshe.search.evaluate import DocHit, K, Ranker, engine_ranker, evaluate, known_titles, load_qrels
from renshe.search.units import Unit, units_from_kb

ROOT = Path(__file__).resolve().parents[2]
_SPLIT = re.compile(r"[^\w]+")


UnitRanker = Callable[[str], list[Unit]]


def trigram_ranker(units: list[Unit]) -> UnitRanker:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, ctx, body, tokenize='trigram')")
    conn.execute("CREATE TABLE p(rowid INTEGER PRIMARY KEY, title, ctx, body)")
    rows = [(i, u.doc_title, f"{u.context} {u.label}", u.text) for i, u in enumerate(units)]
    conn.executemany("INSERT INTO t(rowid, title, ctx, body) VALUES (?,?,?,?)", rows)
    conn.executemany("INSERT INTO p VALUES (?,?,?,?)", rows)

    def rank(q: str) -> list[Unit]:
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
        return [units[r] for r, _s in hits]

    return rank


def _default(rank: UnitRanker) -> Ranker:
    """The default (ungrouped) list: the first K units as (doc_id, 文号, title), repeats kept."""
    return lambda q: [(u.doc_id, u.doc_number, u.doc_title) for u in rank(q)[:K]]


def _grouped(rank: UnitRanker) -> Ranker:
    def ranked(q: str) -> list[DocHit]:
        out: list[DocHit] = []
        seen: set[str] = set()
        for u in rank(q):
            if u.doc_id not in seen:
                seen.add(u.doc_id)
                out.append((u.doc_id, u.doc_number, u.doc_title))
            if len(out) == K:
                break
        return out

    return ranked


def jieba_bm25_ranker(
    units: list[Unit], drop: frozenset[str] = frozenset(), k1: float = 1.2, b: float = 0.75
) -> UnitRanker:
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

    def rank(q: str) -> list[Unit]:
        scores: dict[int, float] = defaultdict(float)
        for w in {w for w in rjieba.cut_for_search(q) if w.strip() and w not in drop}:
            post = postings.get(w, [])
            if not post:
                continue
            idf = math.log(1 + (n_docs - len(post) + 0.5) / (len(post) + 0.5))
            for i, tf in post:
                scores[i] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[i] / avg))
        best = sorted(scores, key=lambda i: -scores[i])[:400]
        return [units[i] for i in best]

    return rank


def scaled(units: list[Unit], n: int) -> list[Unit]:
    """`units` plus n-1 copies standing for other cities' documents (distinct doc ids)."""
    out = list(units)
    for k in range(1, n):
        out.extend(
            replace(u, doc_id=f"{u.doc_id}#{k}", doc_number=f"{u.doc_number}#{k}" if u.doc_number else None)
            for u in units
        )
    return out


def _pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))]


def _line(name: str, r: dict[str, Any]) -> str:
    g = r.get("grouped", {})
    return (
        f"{name}: default nDCG@10 {r['ndcg@10']:.3f} R@10 {r['recall@10']:.3f} MRR {r['mrr']:.3f} | "
        f"grouped nDCG@10 {g.get('ndcg@10', 0):.3f} R@10 {g.get('recall@10', 0):.3f} | "
        f"p50 {r['latency_ms']['p50']:.2f} ms p95 {r['latency_ms']['p95']:.2f} ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "qrels",
        nargs="*",
        default=[
            str(ROOT.parent / "shared" / "eval" / f)
            for f in ("search-dev.jsonl", "search-dev-2.jsonl")
        ],
    )
    ap.add_argument("--db", default=None)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "search" / "results.json"))
    args = ap.parse_args()
    from renshe.build import build_database
    from renshe.search.index import build_index, write_units
    from renshe.search.lexicon import lexicon

    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "renshe.db"
    if not db.exists():
        build_database(db)
    src = sqlite3.connect(db)
    work = Path(tempfile.mkdtemp()) / "bench.db"
    src.backup(conn := sqlite3.connect(work))
    src.close()
    t0 = time.perf_counter()
    build_index(conn)
    index_s = time.perf_counter() - t0
    units = units_from_kb(conn)
    titles = known_titles(conn)
    stop = lexicon().stopwords
    unit_rankers: dict[str, UnitRanker] = {
        "baseline: FTS5 trigram": trigram_ranker(units),
        "baseline: BM25 over jieba tokens": jieba_bm25_ranker(units),
        "baseline: BM25 over jieba tokens, question words removed": jieba_bm25_ranker(units, stop),
    }
    # The baselines' Python postings are millions of objects: freeze them out of the garbage
    # collector so that no ranker is timed paying for another's heap.
    gc.collect()
    gc.freeze()
    report: dict[str, Any] = {"units": len(units), "index_build_s": round(index_s, 3), "sets": {}}
    for path in args.qrels:
        qrels = load_qrels(Path(path))
        name_of_set = Path(path).stem
        res: dict[str, Any] = {}
        print(f"== {name_of_set} ({len(qrels)} queries)", file=sys.stderr)
        bound = partial(search, conn)
        r = evaluate(qrels, engine_ranker(bound, titles, group=None), 5, engine_ranker(bound, titles))
        res["renshe"] = r
        for name, ur in unit_rankers.items():

            def with_titles(base: Ranker) -> Ranker:
                return lambda q: [(d, n, titles.get(d, t)) for d, n, t in base(q)]

            res[name] = evaluate(qrels, with_titles(_default(ur)), 5, with_titles(_grouped(ur)))
        for name, r in res.items():
            print(_line(name, r), file=sys.stderr)
            for t, e in r.get("by_type", {}).items():
                d, g = e["default"], e["grouped"]
                print(
                    f"    {t:9s} default nDCG {d['ndcg@10']:.3f} R {d['recall@10']:.3f} | "
                    f"grouped nDCG {g['ndcg@10']:.3f} R {g['recall@10']:.3f}",
                    file=sys.stderr,
                )
        report["sets"][name_of_set] = {
            k: {kk: vv for kk, vv in v.items() if kk != "per_query"}
            | {
                "per_query": [
                    {
                        "query": p["query"],
                        "type": p["type"],
                        "ndcg@10": round(p["ndcg@10"], 4),
                        "recall@10": round(p["recall@10"], 4),
                        "top": p["top"],
                    }
                    for p in v["per_query"]
                ]
            }
            for k, v in res.items()
        }
    if args.scale > 1:
        queries = [q.text for p in args.qrels for q in load_qrels(Path(p))]
        big = scaled(units, args.scale)
        big_conn = sqlite3.connect(":memory:")
        big_conn.executescript("CREATE TABLE documents(id TEXT, title TEXT, toc_title TEXT);")
        t0 = time.perf_counter()
        write_units(big_conn, big)
        big_index_s = time.perf_counter() - t0
        lat: dict[str, Any] = {
            "units_1x": len(units),
            f"units_{args.scale}x": len(big),
            f"index_build_s_{args.scale}x": round(big_index_s, 2),
        }
        for label, c, us in (("1x", conn, units), (f"{args.scale}x", big_conn, big)):
            bm = jieba_bm25_ranker(us, stop)
            gc.collect()
            gc.freeze()
            for name, fn in (
                ("renshe", lambda q, c=c: search(c, q)),
                ("baseline: BM25 over jieba tokens, question words removed", bm),
            ):
                for q in queries[:3]:
                    fn(q)
                times: list[float] = []
                medians: list[float] = []
                cpu: list[float] = []
                for q in queries:
                    per_q = []
                    for _ in range(5):
                        c1, t1 = time.thread_time(), time.perf_counter()
                        fn(q)
                        per_q.append((time.perf_counter() - t1) * 1000)
                        cpu.append((time.thread_time() - c1) * 1000)
                    times.extend(per_q)
                    medians.append(sorted(per_q)[2])
                lat.setdefault(name, {})[label] = {
                    "p50": round(_pct(times, 50), 3),
                    "p95": round(_pct(times, 95), 3),
                    "p95_of_query_medians": round(_pct(medians, 95), 3),
                    "cpu_p50": round(_pct(cpu, 50), 3),
                    "cpu_p95": round(_pct(cpu, 95), 3),
                }
        lat["load_average"] = [round(x, 2) for x in os.getloadavg()]
        report["scale"] = lat
        print(json.dumps(lat, ensure_ascii=False), file=sys.stderr)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
