"""The embedded search engine: SQLite FTS5 over Python-made tokens, ranked in two stages.

Stage 1 (SQL): BM25 with column weights — a hit in the document title or the heading path
counts several times a body hit, and whole jieba words count above bigram coincidences — at
three levels of strictness (`query`), a looser level only when a stricter one found too little.
Stage 2 (Python, on at most a few hundred candidates): exact-文号 matches first, a proximity
bonus when several terms sit close together, a document-level score (a document with several
matching provisions is a better answer than one stray mention) added to each unit, and
documents not in force on `as_of` ranked down.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from renshe.corpus import docnum
from renshe.errors import InputError
from renshe.search.index import write_units
from renshe.search.query import (
    ParsedQuery,
    any_of,
    docnum_expr,
    loose_phrases,
    parse_query,
    strict_expr,
    words_expr,
)
from renshe.search.snippet import make_snippet, match_spans
from renshe.search.textfold import fold
from renshe.search.units import Unit

# bm25 column weights, in index.COLUMNS order: t_uni t_bi t_w c_uni c_bi b_uni b_bi b_w
WEIGHTS = (3.0, 5.0, 5.0, 2.0, 3.0, 1.0, 1.0, 1.5)
LEVEL_FACTORS = (1.0, 0.4, 0.12)
CANDIDATES = 400
DOCNUM_BONUS = 1000.0
DOC_WEIGHT = 0.5  # share of the document score added to each of its units
NOT_IN_FORCE = 0.3
MAX_LIMIT = 100
LEVELS = {
    "national": "national",
    "国家": "national",
    "全国": "national",
    "中央": "national",
    "municipal": "municipal",
    "市级": "municipal",
    "重庆": "municipal",
    "重庆市": "municipal",
    "地方": "municipal",
}
_BM25 = "bm25(search_fts, " + ", ".join(str(w) for w in WEIGHTS) + ")"
_UNIT_COLS = (
    "rowid, doc_id, doc_number, doc_title, provision_id, label, context, kind, category, "
    "level, year, effective_from, effective_until, line_start, line_end, ord, table_id, row"
)
PROXIMITY_TOP = 60
RARE_SHARE = 0.05  # words in more of the units than this are left out of the any-word level
_META_NAMES = ("doc_id", "kind", "effective_from", "effective_until", "table_id", "ord")
_META_COLS = ", ".join(f"u.{c}" for c in _META_NAMES)
SATURATED = 40  # candidates from one document after which others are fetched separately
TABLE_ROW_FACTOR = 0.6  # a row is one entry of a list; an article states the rule
PER_TABLE = 3  # table rows of one table on the first screen of ungrouped results


class SqliteBackend:
    """The default `SearchBackend`: search tables in the knowledge-base SQLite file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._meta: dict[int, dict[str, Any]] = {}
        self._units_total: int | None = None

    def index(self, units: Sequence[Unit]) -> None:
        write_units(self.conn, units)

    # -- filters -----------------------------------------------------------------------------
    def _filters(
        self, category: str | None, doc: str | None, level: str | None, year: int | None
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if category:
            cats = [r[0] for r in self.conn.execute("SELECT DISTINCT category FROM search_units") if r[0]]
            hit = [c for c in cats if c == category] or [c for c in cats if category in c]
            if len(hit) != 1:
                raise InputError(f"未知的分类「{category}」;可选:{'、'.join(sorted(cats))}", field="category")
            clauses.append("u.category = ?")
            params.append(hit[0])
        if doc:
            doc_id = self._resolve_doc(doc)
            clauses.append("u.doc_id = ?")
            params.append(doc_id)
        if level:
            lv = LEVELS.get(level.strip().lower())
            if lv is None:
                raise InputError("发文层级只能是 national(国家)或 municipal(重庆市)", field="level")
            clauses.append("u.level = ?")
            params.append(lv)
        if year is not None:
            if not 1949 <= year <= 2100:
                raise InputError(f"年份不合理:{year}", field="year")
            clauses.append("u.year = ?")
            params.append(year)
        return " AND ".join(clauses), params

    def _resolve_doc(self, ref: str) -> str:
        ref = ref.strip()
        row = self.conn.execute("SELECT doc_id FROM search_units WHERE doc_id = ? LIMIT 1", (ref,)).fetchone()
        if row:
            return str(row[0])
        try:
            canon = docnum.canonical(ref)
        except InputError:
            canon = None
        if canon:
            row = self.conn.execute(
                "SELECT doc_id FROM search_units WHERE doc_number = ? LIMIT 1", (canon,)
            ).fetchone()
            if row:
                return str(row[0])
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT doc_id FROM search_units WHERE instr(doc_title, ?) > 0 LIMIT 6", (ref,)
            )
        ]
        if len(ids) == 1:
            return str(ids[0])
        if not ids:
            raise InputError(f"找不到文件「{ref}」", field="doc")
        raise InputError(f"「{ref}」对应多个文件:{'、'.join(ids[:5])}", field="doc")

    # -- retrieval ---------------------------------------------------------------------------
    def _match(
        self, expr: str, where: str, params: list[Any], cap: int, exclude: Sequence[str] = ()
    ) -> list[tuple[int, float, str]]:
        """(rowid, score, doc_id) of the best `cap` units matching `expr`, skipping `exclude` docs.

        The light columns stage 2 needs are kept in `self._meta` on the way (one pass, no
        second lookup of hundreds of candidates)."""
        clauses = [where] if where else []
        args = list(params)
        if exclude:
            clauses.append(f"u.doc_id NOT IN ({','.join('?' * len(exclude))})")
            args.extend(exclude)
        extra = "".join(f" AND {c}" for c in clauses)
        sql = (
            f"SELECT f.rowid, {_BM25} AS s, {_META_COLS} FROM search_fts f "
            "JOIN search_units u ON u.rowid = f.rowid "
            f"WHERE search_fts MATCH ?{extra} ORDER BY s LIMIT ?"
        )
        out: list[tuple[int, float, str]] = []
        for row in self.conn.execute(sql, [expr, *args, cap]):
            rowid = int(row[0])
            self._meta[rowid] = dict(zip(_META_NAMES, row[2:], strict=True))
            out.append((rowid, -float(row[1]), str(row[2])))
        return out

    def _match_diverse(self, expr: str, where: str, params: list[Any]) -> list[tuple[int, float, str]]:
        """Like `_match`, but when one document fills the candidate list (the 408 rows of the
        retirement tables all say 法定退休年龄), look again without the documents that did."""
        hits = self._match(expr, where, params, CANDIDATES)
        if len(hits) < CANDIDATES:
            return hits
        per_doc: dict[str, int] = defaultdict(int)
        for _r, _s, d in hits:
            per_doc[d] += 1
        full = [d for d, n in per_doc.items() if n >= SATURATED]
        if full:
            hits += self._match(expr, where, params, CANDIDATES, exclude=full)
        return hits

    def _rare_any(self, pq: ParsedQuery, where: str, params: list[Any]) -> str | None:
        """The any-word expression over the discriminating words only.

        A word found in more than RARE_SHARE of the units (实施, 企业, 目录) adds nothing to
        recall that the stricter levels missed, yet makes FTS5 score thousands of rows; the
        rarest word is always kept."""
        phrases = loose_phrases(pq)
        if len(phrases) <= 1:
            return any_of(phrases)
        n_units = self._n_units()
        counted = sorted((self._count(p, where, params), p) for p in phrases)
        kept = [p for n, p in counted if n <= RARE_SHARE * n_units] or [counted[0][1]]
        return any_of(kept)

    def _n_units(self) -> int:
        if self._units_total is None:
            self._units_total = int(self.conn.execute("SELECT count(*) FROM search_units").fetchone()[0])
        return self._units_total

    def _count(self, expr: str, where: str, params: list[Any]) -> int:
        if where:
            sql = (
                "SELECT count(*) FROM search_fts f JOIN search_units u ON u.rowid = f.rowid "
                f"WHERE search_fts MATCH ? AND {where}"
            )
        else:
            sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?"
        return int(self.conn.execute(sql, [expr, *params]).fetchone()[0])

    def _candidates(
        self, pq: ParsedQuery, where: str, params: list[Any], want: int, limit: int, by_doc: bool
    ) -> tuple[dict[int, float], int]:
        scores: dict[int, float] = {}
        total = 0
        for canon in pq.docnums:
            sql = f"SELECT u.rowid, {_META_COLS} FROM search_units u WHERE doc_number = ?" + (
                f" AND {where}" if where else ""
            )
            for row in self.conn.execute(sql, [canon, *params]):
                rowid = int(row[0])
                self._meta[rowid] = dict(zip(_META_NAMES, row[1:], strict=True))
                bonus = DOCNUM_BONUS - min(int(self._meta[rowid]["ord"]), 500) * 0.01
                scores[rowid] = max(scores.get(rowid, 0.0), bonus if not pq.terms else 0.0)
            mention = docnum_expr(canon)
            if mention and not pq.terms:
                for rowid, s, _d in self._match(mention, where, params, CANDIDATES):
                    scores[rowid] = max(scores.get(rowid, 0.0), s * 0.5)
        exact_docs = set(pq.docnums)
        if pq.terms:
            # Escalate only while too little was found: the word level when the exact phrases
            # gave fewer than `want` units, the any-word level only when fewer than `limit`
            # units (documents, when grouping: a list of documents should be full).
            levels = [
                (strict_expr(pq), LEVEL_FACTORS[0], want),
                (words_expr(pq), LEVEL_FACTORS[1], limit),
                (self._rare_any(pq, where, params), LEVEL_FACTORS[2], 0),
            ]
            seen_exprs: set[str] = set()
            docs_found: set[str] = set()
            for expr, factor, enough in levels:
                if not expr or expr in seen_exprs:
                    continue
                seen_exprs.add(expr)
                hits = self._match_diverse(expr, where, params)
                total = max(total, len(hits) if len(hits) < CANDIDATES else self._count(expr, where, params))
                for rowid, s, d in hits:
                    scores[rowid] = max(scores.get(rowid, 0.0), s * factor)
                    docs_found.add(d)
                if (len(docs_found) if by_doc else len(scores)) >= enough:
                    break
            if exact_docs:
                rows = self.conn.execute(
                    f"SELECT rowid FROM search_units WHERE doc_number IN ({','.join('?' * len(exact_docs))})",
                    list(exact_docs),
                )
                ids = {r[0] for r in rows}
                for rowid in list(scores):
                    if rowid in ids:
                        scores[rowid] += DOCNUM_BONUS
        total = max(total, len(scores))
        return {k: v for k, v in scores.items() if v > 0 or not pq.terms}, total

    def _units(self, rowids: list[int]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        cols = [c.strip() for c in _UNIT_COLS.split(",")]
        for i in range(0, len(rowids), 500):
            chunk = rowids[i : i + 500]
            sql = f"SELECT {_UNIT_COLS} FROM search_units WHERE rowid IN ({','.join('?' * len(chunk))})"
            for r in self.conn.execute(sql, chunk):
                out[int(r[0])] = dict(zip(cols, r, strict=True))
        return out

    def _texts(self, rowids: list[int]) -> dict[int, str]:
        if not rowids:
            return {}
        sql = f"SELECT rowid, text FROM search_units WHERE rowid IN ({','.join('?' * len(rowids))})"
        return {int(r): str(t) for r, t in self.conn.execute(sql, rowids)}

    # -- the public call ---------------------------------------------------------------------
    def search(
        self,
        query: str,
        limit: int = 10,
        category: str | None = None,
        doc: str | None = None,
        level: str | None = None,
        year: int | None = None,
        as_of: str | None = None,
        group: str | None = None,
    ) -> dict[str, Any]:
        if not 1 <= limit <= MAX_LIMIT:
            raise InputError(f"结果条数应在 1 到 {MAX_LIMIT} 之间", field="limit")
        if group not in (None, "", "doc", "provision"):
            raise InputError("分组方式只能是 doc(按文件)", field="group")
        on = _parse_date(as_of) if as_of else None
        pq = parse_query(query)
        where, params = self._filters(category, doc, level, year)
        want = limit * (4 if group == "doc" else 2)
        self._meta = {}
        scores, total = self._candidates(pq, where, params, want, limit, group == "doc")
        units = self._meta
        needles = [n for n in pq.highlight_strings() if n]
        words = [w for t in pq.terms for w in t.words if len(w) > 1 or len(t.text) == 1]
        if len(pq.terms) > 1:
            top = sorted(scores, key=lambda r: -scores[r])[:PROXIMITY_TOP]
            for rowid, text in self._texts(top).items():
                scores[rowid] *= _proximity(fold(text), [t.alternatives for t in pq.terms])
        for rowid, u in units.items():
            if u["kind"] == "table_row":
                scores[rowid] *= TABLE_ROW_FACTOR
        if on is not None:
            in_force = _validity(self.conn, on)
            for rowid, u in units.items():
                ok = (u["doc_id"] in in_force) if in_force is not None else _in_force(u, on)
                if not ok:
                    scores[rowid] *= NOT_IN_FORCE
        doc_scores = _doc_scores(scores, units)
        final = {r: s + DOC_WEIGHT * doc_scores[units[r]["doc_id"]] for r, s in scores.items() if r in units}
        ranked = sorted(final, key=lambda r: (-final[r], units[r]["doc_id"], units[r]["ord"]))
        if group == "doc":
            best: dict[str, int] = {}
            for r in ranked:
                best.setdefault(units[r]["doc_id"], r)
            ranked = sorted(best.values(), key=lambda r: (-doc_scores[units[r]["doc_id"]], -final[r]))
            total = len(best) if len(scores) < CANDIDATES else max(len(best), total and len(best))
            score_of = {r: doc_scores[units[r]["doc_id"]] for r in ranked}
        else:
            score_of = final
            if doc is None:
                ranked = _spread_tables(ranked, units, limit)
        shown = ranked[:limit]
        full = self._units(shown)
        texts = self._texts(shown)
        results = [_result(full[r], texts[r], score_of[r], needles, words, pq.docnums) for r in shown]
        return {"query": query, "total": max(total, len(results)), "results": results}


def _spread_tables(ranked: list[int], units: dict[int, dict[str, Any]], limit: int) -> list[int]:
    """At most PER_TABLE rows of one table among the first `limit` results; the rest follow."""
    head: list[int] = []
    tail: list[int] = []
    per: dict[str, int] = defaultdict(int)
    for r in ranked:
        t = units[r]["table_id"]
        if t is not None and len(head) < limit:
            per[t] += 1
            if per[t] > PER_TABLE:
                tail.append(r)
                continue
        (head if len(head) < limit else tail).append(r)
    return head + tail


def _parse_date(s: str) -> date:
    try:
        return date.fromisoformat(s.strip())
    except ValueError:
        raise InputError(f"日期格式应为 YYYY-MM-DD:{s}", field="as_of") from None


def _validity(conn: sqlite3.Connection, on: date) -> set[str] | None:
    """Ids of the documents in force on `on` by the validity layer, when its tables are built.

    The validity layer knows repeals and lapses, not only the dates a document states; without
    it (an older database) the stated dates are all there is.
    """
    try:
        from renshe.validity.status import in_force_ids
    except ModuleNotFoundError:
        return None
    try:
        return in_force_ids(conn, on)
    except sqlite3.OperationalError:
        return None


def _in_force(u: dict[str, Any], on: date) -> bool:
    start, end = u.get("effective_from"), u.get("effective_until")
    if start and str(start) > on.isoformat():
        return False
    return not (end and str(end) < on.isoformat())


def _proximity(text: str, alternatives: list[list[str]]) -> float:
    """1 + bonus when every term occurs in `text` within a short window (phrase proximity)."""
    positions: list[list[tuple[int, int]]] = []
    for alts in alternatives:
        ps = [(m.start(), m.end()) for a in alts for m in re.finditer(re.escape(a), text)]
        if not ps:
            return 1.0
        positions.append(ps)
    best = math.inf
    for s0, e0 in positions[0]:
        lo, hi = s0, e0
        for ps in positions[1:]:
            near = min(ps, key=lambda p: abs(p[0] - s0))
            lo, hi = min(lo, near[0]), max(hi, near[1])
        best = min(best, hi - lo)
    need = sum(len(a[0]) for a in alternatives)
    return 1.0 + 0.5 / (1.0 + max(0.0, best - need) / 10.0)


def _doc_scores(scores: dict[int, float], units: dict[int, dict[str, Any]]) -> dict[str, float]:
    """Best unit + decaying share of the next ones: several matching provisions beat one."""
    per: dict[str, list[float]] = defaultdict(list)
    for r, s in scores.items():
        if r in units:
            per[units[r]["doc_id"]].append(s)
    out: dict[str, float] = {}
    for d, ss in per.items():
        ss.sort(reverse=True)
        out[d] = ss[0] + sum(s * 0.5 ** (i + 1) for i, s in enumerate(ss[1:4])) * 0.5
    return out


def _result(
    u: dict[str, Any], text: str, score: float, needles: list[str], words: list[str], docnums: list[str]
) -> dict[str, Any]:
    spans = match_spans(text, needles, docnums)
    if not spans and words:
        spans = match_spans(text, words, docnums)
    snippet, hl = make_snippet(text, spans)
    return {
        "doc_id": u["doc_id"],
        "doc_number": u["doc_number"],
        "doc_title": u["doc_title"],
        "provision_id": u["provision_id"],
        "label": u["label"],
        "snippet": snippet,
        "highlights": hl,
        "score": round(score, 4),
        "kind": u["kind"],
        "context": u["context"],
        "table_id": u["table_id"],
        "row": u["row"],
        "lines": [u["line_start"], u["line_end"]],
    }


def search(
    conn: sqlite3.Connection,
    query: str,
    limit: int = 10,
    category: str | None = None,
    doc: str | None = None,
    level: str | None = None,
    year: int | None = None,
    as_of: str | None = None,
    group: str | None = None,
) -> dict[str, Any]:
    """Search the index in `conn` (see module docstring); InputError for invalid input."""
    return SqliteBackend(conn).search(
        query, limit=limit, category=category, doc=doc, level=level, year=year, as_of=as_of, group=group
    )
