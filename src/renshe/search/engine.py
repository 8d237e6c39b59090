"""The embedded search engine: the knowledge-base SQLite file holds the units, an inverted
index of words (ranked by `rank`: BM25 over all content words with a coverage factor, title
evidence once per document) and an FTS5 table for phrases and 文号 mentions.

On the few hundred best units (Python): the units of a 文号 asked for come first (in document
order when nothing else was typed), then the units that cite it; a document's best unit takes
the title bonus; in the default list a document's later units count a decaying share and at
most PER_DOC of them fill the first screen (grouped: one line per document, scored by its best
unit plus a share of the next ones); documents not in force on `as_of` rank down.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from renshe.corpus import docnum
from renshe.errors import InputError
from renshe.search import rank
from renshe.search.index import write_units
from renshe.search.query import ParsedQuery, parse_query
from renshe.search.snippet import make_snippet, match_spans
from renshe.search.units import Unit

# `in_force_ids(conn, on)`: the ids of the documents in force on a date (the validity layer's).
InForce = Callable[[sqlite3.Connection, date], set[str]]

CANDIDATES = 100  # best units re-ranked in Python (at least 6 per result asked for)
TITLE_DOCS = 30  # documents matched by title whose best unit is added to the candidates
DOCNUM_BONUS = 1000.0
MENTION_BONUS = 100.0  # a unit citing the 文号 asked for, after that document's own units
DOC_SHARE = 0.3  # share of a document's next units in its grouped score
SAME_DOC_DECAY = 0.5  # the j-th unit of one document counts 0.5^j in the default list
PER_DOC = 3  # units of one document on the first screen of the default list
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
_UNIT_COLS = (
    "rowid, doc_id, doc_number, doc_title, provision_id, label, context, kind, category, "
    "level, year, effective_from, effective_until, line_start, line_end, ord, table_id, row"
)
PER_TABLE = 3  # table rows of one table on the first screen of ungrouped results


class SqliteBackend:
    """The default `SearchBackend`: search tables in the knowledge-base SQLite file."""

    def __init__(self, conn: sqlite3.Connection, in_force: InForce | None = None) -> None:
        self.conn = conn
        self.in_force = in_force
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
    def _mask(self, a: rank.Arrays, where: str, params: list[Any]) -> npt.NDArray[np.bool_] | None:
        if not where:
            return None
        mask = np.zeros(a.n + 1, dtype=np.bool_)
        rows = [r[0] for r in self.conn.execute(f"SELECT u.rowid FROM search_units u WHERE {where}", params)]
        mask[np.array(rows, dtype=np.int64)] = True
        return mask

    def _docnum_rows(self, pq: ParsedQuery) -> tuple[list[tuple[int, int]], list[int]]:
        """(rowid, ord) of the units of the 文号 asked for, and rowids of units citing them."""
        exact: list[tuple[int, int]] = []
        mentions: list[int] = []
        for canon in pq.docnums:
            exact += [
                (int(r), int(o))
                for r, o in self.conn.execute(
                    "SELECT rowid, ord FROM search_units WHERE doc_number = ?", (canon,)
                )
            ]
            mentions += [
                int(r[0])
                for r in self.conn.execute(
                    "SELECT rowid_ FROM search_cites WHERE doc_number = ? LIMIT ?", (canon, CANDIDATES)
                )
            ]
        return exact, mentions

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
        a = rank.arrays(self.conn)
        mask = self._mask(a, where, params)
        scored = rank.score(self.conn, a, pq.concepts, pq.articles)
        unit, title = scored.unit, scored.title
        if on is not None:
            factor = _doc_factor(self.conn, a, on, self.in_force)
            unit = unit * factor[a.doc]
            title = title * factor
        among = scored.nz
        exact, mentions = self._docnum_rows(pq)
        if exact or mentions:
            unit = unit.copy()
            among = np.union1d(among, np.array([r for r, _ in exact] + mentions, dtype=np.intp))
            exact_ids = np.array([r for r, _ in exact], dtype=np.int64)
            if len(mentions):
                m = np.array(mentions, dtype=np.int64)
                unit[m] += MENTION_BONUS
            if len(exact_ids):
                ords = np.array([o for _, o in exact], dtype=np.float64)
                base = unit[exact_ids] if pq.concepts else 0.0
                unit[exact_ids] = DOCNUM_BONUS + base - np.minimum(ords, 500) * 0.01
        cand = rank.top(unit, max(CANDIDATES, 6 * limit), mask, among)
        if group == "doc":
            cand = list(dict.fromkeys(cand + rank.best_per_doc(a, unit, mask, limit * 4, among)))
        # documents whose title matches but whose best unit is not among the candidates
        if title.any():
            have = set(a.doc[cand].tolist())
            for d in rank.top(title, TITLE_DOCS):
                if d not in have:
                    r = int(a.doc_first[d])
                    if mask is None or mask[r]:
                        cand.append(r)
        # plain Python values from here on (a few hundred candidates): no numpy scalar lookups
        doc_of = dict(zip(cand, a.doc[cand].tolist(), strict=True))
        eff = dict(zip(cand, unit[cand].tolist(), strict=True))
        titles = title.tolist()
        per_doc: dict[int, list[int]] = defaultdict(list)
        for r in sorted(cand, key=lambda r: (-eff[r], r)):
            per_doc[doc_of[r]].append(r)
        for d, rs in per_doc.items():
            eff[rs[0]] += titles[d]  # title evidence: once per document, on its best unit
        doc_score = {
            d: eff[rs[0]] + DOC_SHARE * sum(eff[r] * 0.5**i for i, r in enumerate(rs[1:4]))
            for d, rs in per_doc.items()
        }
        if group == "doc":
            ranked = sorted((rs[0] for rs in per_doc.values()), key=lambda r: (-doc_score[doc_of[r]], r))
            score_of = {r: doc_score[doc_of[r]] for r in ranked}
            matched = among[unit[among] > 0]
            total = int(np.unique(a.doc[matched if mask is None else matched[mask[matched]]]).size)
        else:
            # A document's second and later units count less (a decaying share), and at most
            # PER_DOC of them fill the first screen: one long document never hides the others.
            score_of = {}
            for rs in per_doc.values():
                for j, r in enumerate(rs):
                    score_of[r] = eff[r] * (SAME_DOC_DECAY**j if doc is None else 1.0)
            ranked = sorted(score_of, key=lambda r: (-score_of[r], r))
            if doc is None:
                ranked = _cap_per_doc(ranked, doc_of, limit)
                table_of = dict(zip(cand, a.table[cand].tolist(), strict=True))
                ranked = _spread_tables(ranked, table_of, limit)
            matched = among[unit[among] > 0]
            total = len(matched) if mask is None else int(np.count_nonzero(mask[matched]))
        shown = ranked[:limit]
        meta = self._units(shown)
        texts = self._texts(shown)
        needles = [n for n in pq.highlight_strings() if n] + [x for c in pq.concepts for x in c.alternatives]
        words = [w for t in pq.terms for w in t.words if len(w) > 1 or len(t.text) == 1]
        results = [_result(meta[r], texts[r], score_of[r], needles, words, pq.docnums) for r in shown]
        out: dict[str, Any] = {"query": query, "total": max(total, len(results)), "results": results}
        if not results:
            from renshe.search.suggest import suggestions

            out["suggestions"] = suggestions(self.conn, query)
        return out


def _cap_per_doc(ranked: list[int], doc_of: dict[int, int], limit: int) -> list[int]:
    """At most PER_DOC units of one document among the first `limit`; the rest follow."""
    head: list[int] = []
    tail: list[int] = []
    per: dict[int, int] = defaultdict(int)
    for i, r in enumerate(ranked):
        if len(head) == limit:
            return head + tail + ranked[i:]
        d = doc_of[r]
        if per[d] < PER_DOC:
            per[d] += 1
            head.append(r)
        else:
            tail.append(r)
    return head + tail


def _doc_factor(
    conn: sqlite3.Connection, a: rank.Arrays, on: date, in_force_ids: InForce | None
) -> npt.NDArray[np.float64]:
    """NOT_IN_FORCE for documents not in force on `on`, 1 for the others (per document index)."""
    factor = np.ones(len(a.doc_ids))
    in_force = _validity(conn, on, in_force_ids)
    if in_force is not None:
        for i, d in enumerate(a.doc_ids):
            if d not in in_force:
                factor[i] = NOT_IN_FORCE
        return factor
    dates = dict(
        (str(d), (f, u))
        for d, f, u in conn.execute(
            "SELECT DISTINCT doc_id, effective_from, effective_until FROM search_units"
        )
    )
    for i, d in enumerate(a.doc_ids):
        f, u = dates.get(d, (None, None))
        if not _in_force({"effective_from": f, "effective_until": u}, on):
            factor[i] = NOT_IN_FORCE
    return factor


def _spread_tables(ranked: list[int], table_of: dict[int, int], limit: int) -> list[int]:
    """At most PER_TABLE rows of one table among the first `limit` results; the rest follow."""
    head: list[int] = []
    tail: list[int] = []
    per: dict[int, int] = defaultdict(int)
    for i, r in enumerate(ranked):
        if len(head) == limit:
            return head + tail + ranked[i:]
        t = table_of[r]
        if t >= 0:
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


def _validity(conn: sqlite3.Connection, on: date, in_force_ids: InForce | None) -> set[str] | None:
    """Ids of the documents in force on `on`, from the validity layer's function the application
    passes in (`renshe.validity.status.in_force_ids`: it knows repeals and lapses, not only the
    dates a document states). Search sits beside validity, not above it, so it is handed the
    function instead of importing it; without one, the stated dates are all there is."""
    if in_force_ids is None:
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
    in_force: InForce | None = None,
) -> dict[str, Any]:
    """Search the index in `conn` (see module docstring); InputError for invalid input.

    `in_force` is the validity layer's `in_force_ids`, which the application passes so that
    `as_of` ranks down repealed documents (without it, only the dates a document states count)."""
    return SqliteBackend(conn, in_force).search(
        query, limit=limit, category=category, doc=doc, level=level, year=year, as_of=as_of, group=group
    )
