"""Search units: what a result points at — an article-level provision or one table row.

The knowledge base stores the full outline (章/节/条/款/项, 一、(一)1.(1), 附件). Searching every
node would return a paragraph without its article, or a bare heading; searching whole documents
would drown the deciding sentence. A unit is therefore an *article-level* node: an article with
its paragraphs and items, or — in notices numbered 一、(一)1. — the largest numbered part that
is still short enough to read as one answer (split further when longer). Its document title and
heading path travel with it as context, which is what people's words often match (a chapter
called 失业保险金申领).

The reader follows `renshe/kb/schema.sql` and tolerates a few alternative column names, so a
schema change that only renames a column does not silently empty the index.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Nodes that only group articles: they become context, never units of their own.
STRUCTURAL = frozenset({"part", "chapter", "section", "book", "instrument"})
# An outline node whose subtree is longer than this is split into its own text and its children.
MAX_UNIT_CHARS = 900
# A split node's own text becomes a unit only when it says more than its heading.
MIN_OWN_TEXT = 40


@dataclass(frozen=True)
class Unit:
    """One searchable unit, with everything a result needs (no further lookups at query time)."""

    doc_id: str
    doc_number: str | None
    doc_title: str
    provision_id: str | None
    label: str
    context: str  # heading path, e.g. "第二章 失业保险金申领"; table title for a row
    text: str
    kind: str  # "provision" | "table_row"
    category: str | None
    level: str  # "national" | "municipal"
    year: int | None
    effective_from: str | None
    effective_until: str | None
    line_start: int
    line_end: int
    order: int
    table_id: str | None = None
    row: int | None = None
    # What the index sees when it differs from what is shown: a table row indexes its cells as
    # body and its column names with the table title as context, so a column header repeated on
    # 408 rows (改革后法定退休年龄) does not make every row a body hit.
    index_text: str | None = None
    index_context: str | None = None


def _get(row: Mapping[str, Any], *names: str, default: Any = None) -> Any:
    for n in names:
        if row.get(n) is not None:
            return row[n]
    return default


def _rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    cur = conn.execute(f"SELECT * FROM {table}")  # table names are ours, not user input
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name=?", (name,)
        ).fetchone()
        is not None
    )


def doc_level(doc_number: str | None, title: str, issuers: str) -> str:
    """municipal for Chongqing's own documents (渝… 文号, 重庆 issuers or title), else national."""
    if doc_number and doc_number.startswith("渝"):
        return "municipal"
    head = title[:12]
    if "重庆" in head or issuers.startswith("重庆") or "重庆市" in issuers[:20]:
        return "municipal"
    return "national"


def doc_year(doc_number: str | None, signed_on: str | None) -> int | None:
    if doc_number and "〔" in doc_number:
        y = doc_number.split("〔", 1)[1][:4]
        if y.isdigit():
            return int(y)
    if signed_on and signed_on[:4].isdigit():
        return int(signed_on[:4])
    return None


@dataclass
class _Node:
    id: str
    kind: str
    label: str
    heading: str
    text: str
    parent: str | None
    line_start: int
    line_end: int
    order: int
    children: list[_Node]

    def subtree_text(self) -> str:
        parts = [self.text] + [c.subtree_text() for c in self.children]
        return "\n".join(p for p in parts if p)

    def subtree_end(self) -> int:
        return max([self.line_end] + [c.subtree_end() for c in self.children])

    def title(self) -> str:
        """How this node reads in a heading path: label and heading, else its first words."""
        if self.heading:
            return f"{self.label} {self.heading}".strip()
        first = self.text.split("\n", 1)[0]
        return first[:30]


def _walk_units(nodes: list[_Node], path: list[str]) -> Iterator[tuple[_Node, str, str]]:
    """(node, text, context) for every unit under `nodes`, in document order."""
    for n in nodes:
        if n.kind == "closing" and "附件" not in n.text:
            continue  # a signature and date answer no question; an attachment list may
        if n.kind in STRUCTURAL:
            if n.text and not n.children:
                yield n, n.text, " › ".join(path)
            yield from _walk_units(n.children, [*path, n.title()])
            continue
        whole = n.subtree_text()
        if n.kind == "article" or not n.children or len(whole) <= MAX_UNIT_CHARS:
            if whole.strip():
                yield n, whole, " › ".join(path)
            continue
        if len(n.text.strip()) > MIN_OWN_TEXT:  # a bare heading is context, not an answer
            yield n, n.text, " › ".join(path)
        yield from _walk_units(n.children, [*path, n.title()])


def units_from_kb(conn: sqlite3.Connection) -> list[Unit]:
    """All units from the knowledge-base tables of `conn` (documents, provisions, tables)."""
    docs: dict[str, dict[str, Any]] = {}
    for r in _rows(conn, "documents"):
        issuers = _get(r, "issuers", default="")
        if isinstance(issuers, str) and issuers.startswith("["):
            issuers = "、".join(json.loads(issuers))
        num = _get(r, "doc_number")
        title = _get(r, "title", default="")
        docs[r["id"]] = {
            "doc_number": num,
            "title": title,
            "category": _get(r, "category"),
            "level": doc_level(num, title, str(issuers)),
            "year": doc_year(num, _get(r, "signed_on")),
            "effective_from": _get(r, "effective_from"),
            "effective_until": _get(r, "effective_until"),
        }
    by_doc: dict[str, list[_Node]] = {}
    nodes: dict[str, _Node] = {}
    for r in _rows(conn, "provisions"):
        lines = _get(r, "lines")
        if isinstance(lines, str):
            a, b = json.loads(lines)
        else:
            a, b = _get(r, "line_start", default=0), _get(r, "line_end", default=0)
        node = _Node(
            id=r["id"],
            kind=_get(r, "kind", default="article"),
            label=_get(r, "label", default=""),
            heading=_get(r, "heading", default=""),
            text=_get(r, "text", default=""),
            parent=_get(r, "parent_id"),
            line_start=int(a),
            line_end=int(b),
            order=int(_get(r, "ord", "order", "position", "seq", default=0)),
            children=[],
        )
        nodes[node.id] = node
        by_doc.setdefault(r["doc_id"], []).append(node)
    roots: dict[str, list[_Node]] = {}
    for doc_id, ns in by_doc.items():
        ns.sort(key=lambda n: (n.order, n.line_start))
        for n in ns:
            parent = nodes.get(n.parent) if n.parent else None
            if parent is not None:
                parent.children.append(n)
            else:
                roots.setdefault(doc_id, []).append(n)
    out: list[Unit] = []
    for doc_id, rs in roots.items():
        d = docs.get(doc_id)
        if d is None:
            continue
        for k, (n, text, ctx) in enumerate(_walk_units(rs, [])):
            out.append(
                Unit(
                    doc_id=doc_id,
                    doc_number=d["doc_number"],
                    doc_title=d["title"],
                    provision_id=n.id,
                    label=n.label,
                    context=ctx,
                    text=text,
                    kind="provision",
                    category=d["category"],
                    level=d["level"],
                    year=d["year"],
                    effective_from=d["effective_from"],
                    effective_until=d["effective_until"],
                    line_start=n.line_start,
                    line_end=n.subtree_end(),
                    order=k,
                )
            )
    out.extend(_table_units(conn, docs))
    return out


def _table_units(conn: sqlite3.Connection, docs: dict[str, dict[str, Any]]) -> list[Unit]:
    """One unit per table row: "column：value" pairs, the table title as context."""
    if not _has_table(conn, "tables"):
        return []
    out: list[Unit] = []
    row_table = next((t for t in ("table_rows", "rows") if _has_table(conn, t)), None)
    rows_by_table: dict[str, list[tuple[int, list[str], int]]] = {}
    if row_table:
        for r in _rows(conn, row_table):
            cells = _get(r, "cells", "values", "data", default="[]")
            cells_list = json.loads(cells) if isinstance(cells, str) else list(cells)
            idx = int(_get(r, "row_index", "idx", "row", "n", "ord", default=0))
            rows_by_table.setdefault(r["table_id"], []).append(
                (idx, [str(c) for c in cells_list], int(_get(r, "line", "line_no", default=0)))
            )
    for t in _rows(conn, "tables"):
        d = docs.get(t["doc_id"])
        if d is None:
            continue
        columns = _get(t, "columns", default="[]")
        cols = json.loads(columns) if isinstance(columns, str) else list(columns)
        rows = rows_by_table.get(t["id"])
        if rows is None:
            raw_rows = _get(t, "rows", default="[]")
            lst = json.loads(raw_rows) if isinstance(raw_rows, str) else raw_rows
            raw_lines = _get(t, "row_lines", default="[]")
            lns = json.loads(raw_lines) if isinstance(raw_lines, str) else raw_lines
            rows = [
                (i, [str(c) for c in row], int(lns[i]) if i < len(lns) else 0) for i, row in enumerate(lst)
            ]
        rows.sort()
        title = _get(t, "title", default="")
        for k, (_idx, cells, line) in enumerate(rows):
            pairs = [f"{c}：{v}" if c else v for c, v in zip(cols, cells, strict=False) if v]
            text = "；".join(pairs)
            if not text:
                continue
            out.append(
                Unit(
                    doc_id=t["doc_id"],
                    doc_number=d["doc_number"],
                    doc_title=d["title"],
                    provision_id=_get(t, "provision_id"),
                    label=f"{t['id'].rsplit('/', 1)[-1]} 第{k + 1}行",
                    context=title,
                    text=text,
                    kind="table_row",
                    category=d["category"],
                    level=d["level"],
                    year=d["year"],
                    effective_from=d["effective_from"],
                    effective_until=d["effective_until"],
                    line_start=line,
                    line_end=line,
                    order=100000 + k,
                    table_id=t["id"],
                    row=k + 1,
                    index_text=" ".join(c for c in cells if c),
                    index_context=f"{title} {' '.join(cols)}",
                )
            )
    return out
