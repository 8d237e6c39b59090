"""References out of and into a document, for `renshe refs` and the document reader."""

from __future__ import annotations

from typing import Any

from renshe.kb import KB
from renshe.validity.resolve import resolve


def refs_of(kb: KB, ref: str) -> dict[str, Any]:
    """Keys: doc_id, doc_number, title, external, out [...], in [...], clauses [...].

    `out` and `in` items: from_doc, to_doc, to_doc_number, to_title, kind, provision_id, raw, line,
    to_external. `clauses` are the document's general supersession clauses that name no document.
    """
    doc_id = resolve(kb, ref).doc_id
    row = kb.conn.execute(
        "SELECT id, doc_number, title, external FROM v_docs WHERE id = ?", (doc_id,)
    ).fetchone()
    cols = (
        "SELECT r.from_doc, r.to_doc, r.kind, r.from_provision, r.raw, r.line, r.doc_number, r.title, "
        "v.doc_number, v.title, v.external FROM v_refs r JOIN v_docs v ON v.id = r.to_doc "
    )

    def item(r: Any) -> dict[str, Any]:
        return {
            "from_doc": r[0],
            "to_doc": r[1],
            "kind": r[2],
            "provision_id": r[3],
            "raw": r[4],
            "line": r[5],
            "doc_number": r[8],
            "title": r[9] or r[7],
            "to_external": bool(r[10]),
        }

    out = [
        item(r) for r in kb.conn.execute(cols + "WHERE r.from_doc = ? ORDER BY r.line, r.start", (doc_id,))
    ]
    into = [
        item(r) for r in kb.conn.execute(cols + "WHERE r.to_doc = ? ORDER BY r.from_doc, r.line", (doc_id,))
    ]
    clauses = [
        {"provision_id": c[0], "quote": c[1], "lines": [c[2], c[3]], "on": c[4]}
        for c in kb.conn.execute(
            "SELECT provision_id, quote, line_start, line_end, on_date FROM v_clauses "
            "WHERE doc_id = ? ORDER BY line_start",
            (doc_id,),
        )
    ]
    return {
        "doc_id": row[0],
        "doc_number": row[1],
        "title": row[2],
        "external": bool(row[3]),
        "out": out,
        "in": into,
        "clauses": clauses,
    }
