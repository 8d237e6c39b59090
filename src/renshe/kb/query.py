"""Read-only queries over the knowledge base.

Everything above the knowledge base (search, rules, CLI, web) asks through this class, so the
SQL schema can change without touching them. Results are plain dicts ready for JSON.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from renshe.corpus.docnum import DocNumberError, canonical
from renshe.errors import InputError, NotFound, SetupError
from renshe.kb.build import EXTERNAL_NOTE

DOC_COLUMNS = (
    "id, doc_number, doc_number_raw, title, issuers, signed_on, effective_from, effective_until, "
    "category, subcategory, line_start, line_end, toc_title, toc_page, ord"
)


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000*]+", "", text)


class KB:
    """The knowledge base opened read-only."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | str) -> KB:
        """Open the database file at `path` read-only. It only opens: building it on first use is
        the application's job (`renshe.app.Renshe`, `renshe.build.ensure_database`)."""
        p = Path(path)
        if not p.is_file():
            raise SetupError(f"知识库文件 {p} 不存在;请运行 renshe build")
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        return cls(conn, p)

    def close(self) -> None:
        self.conn.close()

    # -- documents -------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM meta")}

    @staticmethod
    def _doc_row(row: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": row["id"],
            "doc_number": row["doc_number"],
            "title": row["title"],
            "issuers": json.loads(row["issuers"]),
            "signed_on": row["signed_on"],
            "effective_from": row["effective_from"],
            "effective_until": row["effective_until"],
            "category": row["category"],
            "subcategory": row["subcategory"],
            "lines": [row["line_start"], row["line_end"]],
            "toc_title": row["toc_title"],
            "toc_page": row["toc_page"],
        }

    def documents(self, category: str | None = None) -> list[dict[str, Any]]:
        sql = f"SELECT {DOC_COLUMNS} FROM documents"
        args: tuple[str, ...] = ()
        if category:
            sql += " WHERE category = ? OR subcategory = ?"
            args = (category, category)
        rows = self.conn.execute(sql + " ORDER BY ord", args).fetchall()
        if category and not rows:
            cats = [r[0] for r in self.conn.execute("SELECT DISTINCT category FROM documents ORDER BY rowid")]
            raise InputError(f"没有分类“{category}”;可选分类:{'、'.join(cats)}", field="category")
        return [self._doc_row(r) for r in rows]

    def categories(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute("SELECT category FROM documents GROUP BY category ORDER BY MIN(ord)")
        ]

    def resolve(self, ref: str) -> str:
        """The id of the document that `ref` names: a 文号 in any variant, an id, or a title fragment."""
        text = (ref or "").strip()
        if not text:
            raise InputError("请给出文号、文档标识或标题中的词语", field="ref")
        candidates = [text, _squeeze(text)]
        with contextlib.suppress(DocNumberError):
            candidates.append(canonical(text))
        for c in candidates:
            row = self.conn.execute("SELECT doc_id FROM doc_aliases WHERE alias = ?", (c,)).fetchone()
            if row:
                return str(row[0])
        frag = _squeeze(text)
        rows = self.conn.execute(
            "SELECT id, title FROM documents WHERE instr(title, ?) > 0 OR instr(toc_title, ?) > 0 "
            "ORDER BY ord",
            (frag, frag),
        ).fetchall()
        if len(rows) == 1:
            return str(rows[0]["id"])
        if len(rows) > 1:
            names = ";".join(f"{r['id']}({r['title'][:40]})" for r in rows[:10])
            more = f" 等 {len(rows)} 个" if len(rows) > 10 else ""
            raise InputError(f"“{text}”对应多个文档{more}:{names}。请给出更完整的标题或文号", field="ref")
        raise NotFound(f"找不到文档“{text}”(可用文号、文档标识或标题片段查询)", field="ref")

    def document(self, ref: str) -> dict[str, Any]:
        """One document: metadata, outline (provision ids and labels in order) and its tables."""
        doc_id = self.resolve(ref)
        row = self.conn.execute(f"SELECT {DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        doc = self._doc_row(row)
        doc["outline"] = [
            {
                "id": r["id"],
                "label": r["label"],
                "kind": r["kind"],
                "heading": r["heading"],
                "depth": len(json.loads(r["path"])),
                "lines": [r["line_start"], r["line_end"]],
            }
            for r in self.conn.execute(
                "SELECT id, label, kind, heading, path, line_start, line_end FROM provisions "
                "WHERE doc_id = ? ORDER BY ord",
                (doc_id,),
            )
        ]
        doc["tables"] = [
            {"id": t["id"], "title": t["title"], "columns": t["columns"], "row_count": t["row_count"]}
            for t in self.tables(doc_id)
        ]
        return doc

    # -- provisions ------------------------------------------------------------------------

    @staticmethod
    def _prov_row(r: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": r["id"],
            "doc_id": r["doc_id"],
            "kind": r["kind"],
            "label": r["label"],
            "path": json.loads(r["path"]),
            "parent_id": r["parent_id"],
            "heading": r["heading"],
            "text": r["text"],
            "raw_text": r["raw_text"],
            "lines": [r["line_start"], r["line_end"]],
            "order": r["ord"],
        }

    def provision(self, provision_id: str) -> dict[str, Any] | None:
        """A provision of the compilation, or an external one (marked `external: True`)."""
        r = self.conn.execute("SELECT * FROM provisions WHERE id = ?", (provision_id,)).fetchone()
        if r:
            return {**self._prov_row(r), "external": False}
        return self.external_provision(provision_id)

    def external_provision(self, provision_id: str) -> dict[str, Any] | None:
        """An article the compilation cites but does not print, quoted from its official text."""
        r = self.conn.execute(
            "SELECT p.*, d.title, d.doc_number, d.source FROM external_provisions p "
            "JOIN external_documents d ON d.id = p.doc_id WHERE p.id = ?",
            (provision_id,),
        ).fetchone()
        if r is None:
            return None
        return {
            "id": r["id"],
            "doc_id": r["doc_id"],
            "kind": "article",
            "label": r["label"],
            "path": [r["label"]],
            "parent_id": None,
            "heading": "",
            "text": r["text"],
            "raw_text": r["text"],
            "lines": None,
            "order": r["ord"],
            "external": True,
            "note": EXTERNAL_NOTE,
            "external_source": r["source"],
            "doc_number": r["doc_number"],
            "doc_title": r["title"],
        }

    def provisions(self, doc_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM provisions WHERE doc_id = ? ORDER BY ord", (doc_id,))
        return [self._prov_row(r) for r in rows]

    def children(self, provision_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM provisions WHERE parent_id = ? ORDER BY ord", (provision_id,))
        return [self._prov_row(r) for r in rows]

    def subtree_text(self, provision_id: str) -> str:
        """The clean text of a provision with all its descendants, in order (an article as printed)."""
        rows = self.conn.execute(
            "SELECT text FROM provisions WHERE id = ? OR substr(id, 1, ?) = ? ORDER BY ord",
            (provision_id, len(provision_id) + 1, provision_id + "/"),
        )
        return "\n".join(r[0] for r in rows if r[0])

    def show(self, provision_id: str) -> dict[str, Any]:
        """One provision with its citations out of and into it (by 文号)."""
        p = self.provision((provision_id or "").strip())
        if p is None:
            raise NotFound(
                f"找不到条款“{provision_id}”(格式如 渝人社发〔2024〕16号/三/(二))", field="provision_id"
            )
        if p["external"]:
            p["cites"] = []
            p["doc_cited_by"] = []
            return p
        p["cites"] = [
            {"doc_number": r["doc_number"], "doc_id": r["to_doc"], "raw": r["raw"]}
            for r in self.conn.execute(
                "SELECT doc_number, to_doc, raw FROM refs WHERE from_provision = ? ORDER BY start", (p["id"],)
            )
        ]
        doc = self.conn.execute(
            "SELECT doc_number, title FROM documents WHERE id = ?", (p["doc_id"],)
        ).fetchone()
        p["doc_number"] = doc["doc_number"]
        p["doc_title"] = doc["title"]
        p["doc_cited_by"] = [
            {"provision_id": r["from_provision"], "doc_id": r["from_doc"]}
            for r in self.conn.execute(
                "SELECT DISTINCT from_provision, from_doc FROM refs WHERE to_doc = ? "
                "ORDER BY from_doc, from_provision",
                (p["doc_id"],),
            )
        ]
        return p

    # -- tables ----------------------------------------------------------------------------

    def tables(self, doc_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT t.*, (SELECT COUNT(*) FROM table_rows r WHERE r.table_id = t.id) AS row_count "
            "FROM tables t WHERE doc_id = ? ORDER BY ord",
            (doc_id,),
        )
        out = []
        for t in rows:
            item = self.table(t["id"])
            assert item is not None
            item["row_count"] = t["row_count"]
            out.append(item)
        return out

    def get_table(self, table_id: str) -> dict[str, Any]:
        """One table, or NotFound with the id format in the message (for the CLI and the API)."""
        t = self.table((table_id or "").strip())
        if t is None:
            raise NotFound(
                f"找不到表格“{table_id}”(格式如 延迟退休决定/表1;renshe doc 列出文档的表格)", field="table_id"
            )
        return t

    def table(self, table_id: str) -> dict[str, Any] | None:
        t = self.conn.execute("SELECT * FROM tables WHERE id = ?", (table_id,)).fetchone()
        if t is None:
            return None
        rows = self.conn.execute(
            "SELECT line, cells FROM table_rows WHERE table_id = ? ORDER BY ord", (table_id,)
        ).fetchall()
        return {
            "id": t["id"],
            "doc_id": t["doc_id"],
            "provision_id": t["provision_id"],
            "title": t["title"],
            "columns": json.loads(t["columns"]),
            "rows": [json.loads(r["cells"]) for r in rows],
            "row_lines": [r["line"] for r in rows],
            "lines": [t["line_start"], t["line_end"]],
        }

    # -- counts and findings ---------------------------------------------------------------

    def _count(self, sql: str) -> int:
        return int(self.conn.execute(sql).fetchone()[0])

    def stats(self) -> dict[str, Any]:
        return {
            "documents": self._count("SELECT COUNT(*) FROM documents"),
            "provisions": self._count("SELECT COUNT(*) FROM provisions"),
            "tables": self._count("SELECT COUNT(*) FROM tables"),
            "table_rows": self._count("SELECT COUNT(*) FROM table_rows"),
            "references": self._count("SELECT COUNT(*) FROM refs"),
            "references_resolved": self._count("SELECT COUNT(*) FROM refs WHERE to_doc IS NOT NULL"),
            "toc_total": self._count("SELECT COUNT(*) FROM toc"),
            "toc_matched": self._count("SELECT COUNT(*) FROM toc WHERE doc_id IS NOT NULL"),
            "findings": self._count("SELECT COUNT(*) FROM findings"),
            "external_provisions": self._count("SELECT COUNT(*) FROM external_provisions"),
            "content_hash": self.meta().get("content_hash"),
        }

    def findings(self, kind: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT kind, message, line_start, line_end, doc_id FROM findings"
        args: tuple[str, ...] = ()
        if kind:
            sql += " WHERE kind = ?"
            args = (kind,)
        return [
            {
                "kind": r["kind"],
                "message": r["message"],
                "lines": [r["line_start"], r["line_end"]],
                "doc_id": r["doc_id"],
            }
            for r in self.conn.execute(sql + " ORDER BY line_start, kind", args)
        ]
