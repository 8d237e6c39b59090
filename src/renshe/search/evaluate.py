"""Search quality and latency on a judged query set (`renshe eval-search QRELS.jsonl`).

A qrels file has one JSON object per line: ``{"query": "...", "relevant": [{"doc": "文号", "grade": 2}
| {"title": "title fragment", "grade": 1}, ...]}``. Relevance is per document, so the engine is
asked for documents (`group="doc"`). Each relevant entry counts once in the ideal ranking; a
document satisfies an entry when its canonical 文号 (or id) equals the entry's 文号 in any
variant, or its title contains the fragment. Latency is in-process wall time of each call.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renshe.corpus import docnum
from renshe.errors import InputError

K = 10
# One ranked result as evaluation sees it: (doc_id, doc_number, doc_title).
DocHit = tuple[str, str | None, str]
Ranker = Callable[[str], list[DocHit]]


@dataclass(frozen=True)
class Judgement:
    doc: str | None  # canonical 文号
    title: str | None
    grade: int

    def matches(self, hit: DocHit) -> bool:
        doc_id, number, title = hit
        if self.doc is not None:
            return self.doc in (number, doc_id)
        return self.title is not None and _squash(self.title) in _squash(title)


def _squash(s: str) -> str:
    return "".join(c for c in s if c not in " \u3000“”\"'《》「」")


def known_titles(conn: sqlite3.Connection) -> dict[str, str]:
    """doc id → "body title | TOC title" from the KB's documents table (empty when absent)."""
    try:
        rows = conn.execute("SELECT id, title, toc_title FROM documents").fetchall()
    except sqlite3.Error:
        return {}
    return {str(i): f"{t} | {tt}" for i, t, tt in rows}


def load_qrels(path: Path) -> list[tuple[str, list[Judgement]]]:
    """Parse a qrels JSONL file; InputError with the line number for a malformed line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"无法读取评测文件:{path}({err.strerror})", field="qrels") from None
    out: list[tuple[str, list[Judgement]]] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            judged = []
            for r in obj["relevant"]:
                doc = docnum.canonical(r["doc"]) if r.get("doc") else None
                judged.append(Judgement(doc, r.get("title"), int(r.get("grade", 1))))
            out.append((str(obj["query"]), judged))
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"评测文件第 {n} 行格式错误:{err}", field="qrels") from None
    if not out:
        raise InputError("评测文件中没有查询", field="qrels")
    return out


def _grades(hits: list[DocHit], judged: list[Judgement]) -> list[int]:
    """The grade of each hit; each judgement is credited once (to its first matching hit)."""
    used: set[int] = set()
    grades: list[int] = []
    for h in hits:
        g = 0
        for i, j in enumerate(judged):
            if i not in used and j.matches(h):
                used.add(i)
                g = max(g, j.grade)
                break
        grades.append(g)
    return grades


def _percentile(xs: list[float], p: float) -> float:
    s = sorted(xs)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def evaluate(qrels: list[tuple[str, list[Judgement]]], ranker: Ranker, repeats: int = 3) -> dict[str, Any]:
    """nDCG@10, Recall@10, MRR (means over queries), p50/p95 latency in ms, and per-query rows."""
    for q, _ in qrels[:3]:
        ranker(q)  # warm caches (jieba dictionary, SQLite pages)
    per: list[dict[str, Any]] = []
    times: list[float] = []
    for q, judged in qrels:
        hits: list[DocHit] = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            hits = ranker(q)[:K]
            times.append((time.perf_counter() - t0) * 1000)
        grades = _grades(hits, judged)
        dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))
        ideal = sorted((j.grade for j in judged), reverse=True)[:K]
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        found = sum(1 for g in grades if g > 0)
        first = next((i + 1 for i, g in enumerate(grades) if g > 0), None)
        per.append(
            {
                "query": q,
                "ndcg@10": dcg / idcg if idcg else 0.0,
                "recall@10": found / len(judged),
                "rr": 1 / first if first else 0.0,
                "top": [h[1] or h[0] for h in hits[:3]],
            }
        )
    n = len(per)
    return {
        "queries": n,
        "ndcg@10": round(sum(p["ndcg@10"] for p in per) / n, 4),
        "recall@10": round(sum(p["recall@10"] for p in per) / n, 4),
        "mrr": round(sum(p["rr"] for p in per) / n, 4),
        "latency_ms": {"p50": round(_percentile(times, 50), 3), "p95": round(_percentile(times, 95), 3)},
        "per_query": per,
    }


def engine_ranker(search: Callable[..., dict[str, Any]], titles: dict[str, str] | None = None) -> Ranker:
    """Adapt `engine.search`-like callables (bound to a connection) to a document ranker.

    `titles` maps a doc id to every title it is known by (body title and TOC title, which
    differ for a few documents); judgements by title fragment match any of them.
    """
    names = titles or {}

    def rank(q: str) -> list[DocHit]:
        res = search(q, limit=K, group="doc")
        return [
            (r["doc_id"], r["doc_number"], names.get(r["doc_id"], r["doc_title"])) for r in res["results"]
        ]

    return rank
