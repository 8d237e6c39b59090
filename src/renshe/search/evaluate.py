"""Search quality and latency on a judged query set (`renshe eval-search QRELS.jsonl`).

A qrels file has one JSON object per line: ``{"query": "...", "type": "question", "relevant":
[{"doc": "文号", "grade": 2} | {"title": "title fragment", "grade": 1}, ...]}`` (`type` optional).
Relevance is per document. Two lists are scored, because they are what people see:

* ``default``: the ungrouped list `renshe search` shows — its first 10 units, each document
  counted once at its first position (a second unit of the same document adds nothing, so a
  document filling the screen costs the places other documents would have had);
* ``grouped``: `group="doc"`, one line per document.

Each relevant entry counts once in the ideal ranking; a document satisfies an entry when its
canonical 文号 (or id) equals the entry's 文号 in any variant, or its title contains the
fragment. Metrics are reported overall and per query `type`. Latency is in-process wall time of
each call of the default list.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Callable, Iterator
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


@dataclass(frozen=True)
class Query:
    text: str
    judged: list[Judgement]
    type: str = ""

    def __iter__(self) -> Iterator[Any]:
        """Unpacks as (text, judged), the pair earlier callers used."""
        return iter((self.text, self.judged))


def load_qrels(path: Path) -> list[Query]:
    """Parse a qrels JSONL file; InputError with the line number for a malformed line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"无法读取评测文件:{path}({err.strerror})", field="qrels") from None
    out: list[Query] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            judged = []
            for r in obj["relevant"]:
                doc = docnum.canonical(r["doc"]) if r.get("doc") else None
                judged.append(Judgement(doc, r.get("title"), int(r.get("grade", 1))))
            out.append(Query(str(obj["query"]), judged, str(obj.get("type") or "")))
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"评测文件第 {n} 行格式错误:{err}", field="qrels") from None
    if not out:
        raise InputError("评测文件中没有查询", field="qrels")
    return out


def _grades(hits: list[DocHit], judged: list[Judgement]) -> list[int]:
    """The grade of each hit; a document counts at its first position only, and each judgement
    is credited once (to its first matching hit)."""
    used: set[int] = set()
    seen_docs: set[str] = set()
    grades: list[int] = []
    for h in hits:
        g = 0
        if h[0] in seen_docs:
            grades.append(0)
            continue
        seen_docs.add(h[0])
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


def _score(hits: list[DocHit], judged: list[Judgement]) -> dict[str, float]:
    grades = _grades(hits[:K], judged)
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))
    ideal = sorted((j.grade for j in judged), reverse=True)[:K]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    found = sum(1 for g in grades if g > 0)
    first = next((i + 1 for i, g in enumerate(grades) if g > 0), None)
    return {
        "ndcg@10": dcg / idcg if idcg else 0.0,
        "recall@10": found / len(judged),
        "rr": 1 / first if first else 0.0,
    }


def _means(rows: list[dict[str, Any]], key: str) -> dict[str, float]:
    n = len(rows)
    return {
        "queries": n,
        "ndcg@10": round(sum(p[key]["ndcg@10"] for p in rows) / n, 4),
        "recall@10": round(sum(p[key]["recall@10"] for p in rows) / n, 4),
        "mrr": round(sum(p[key]["rr"] for p in rows) / n, 4),
    }


def evaluate(
    qrels: list[Query], ranker: Ranker, repeats: int = 3, grouped: Ranker | None = None
) -> dict[str, Any]:
    """nDCG@10, Recall@10, MRR of the default list (top level) and, when `grouped` is given, of
    the grouped list; overall and per query type; p50/p95 latency (ms) of `ranker`."""
    for q in qrels[:3]:
        ranker(q.text)  # warm caches (jieba dictionary, SQLite pages)
    per: list[dict[str, Any]] = []
    times: list[float] = []
    for q in qrels:
        hits: list[DocHit] = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            hits = ranker(q.text)[:K]
            times.append((time.perf_counter() - t0) * 1000)
        row: dict[str, Any] = {"query": q.text, "type": q.type, "default": _score(hits, q.judged)}
        row.update({k: v for k, v in row["default"].items()})
        row["top"] = [h[1] or h[0] for h in hits[:3]]
        if grouped is not None:
            ghits = grouped(q.text)[:K]
            row["grouped"] = _score(ghits, q.judged)
        per.append(row)
    out: dict[str, Any] = {"list": "default", **_means(per, "default")}
    if grouped is not None:
        out["grouped"] = _means(per, "grouped")
    types = sorted({p["type"] for p in per if p["type"]})
    if types:
        out["by_type"] = {}
        for t in types:
            rows = [p for p in per if p["type"] == t]
            entry: dict[str, Any] = {"default": _means(rows, "default")}
            if grouped is not None:
                entry["grouped"] = _means(rows, "grouped")
            out["by_type"][t] = entry
    out["latency_ms"] = {"p50": round(_percentile(times, 50), 3), "p95": round(_percentile(times, 95), 3)}
    out["per_query"] = per
    return out


def engine_ranker(
    search: Callable[..., dict[str, Any]], titles: dict[str, str] | None = None, group: str | None = "doc"
) -> Ranker:
    """Adapt `engine.search`-like callables (bound to a connection) to a ranker: of documents
    (`group="doc"`) or of the default, ungrouped list (`group=None`).

    `titles` maps a doc id to every title it is known by (body title and TOC title, which
    differ for a few documents); judgements by title fragment match any of them.
    """
    names = titles or {}

    def rank(q: str) -> list[DocHit]:
        res = search(q, limit=K, group=group)
        return [
            (r["doc_id"], r["doc_number"], names.get(r["doc_id"], r["doc_title"])) for r in res["results"]
        ]

    return rank
