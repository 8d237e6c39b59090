"""Write a parsed corpus into the knowledge-base tables of one SQLite connection.

Rows are inserted in document order from data that is a pure function of the source text, so
two builds give the same content; `content_hash` hashes the rows themselves (not the file
bytes) and is stored in `meta` to prove it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from importlib import resources
from typing import Any

from renshe.corpus.docnum import DocNumberError, canonical, find_all
from renshe.corpus.model import Corpus
from renshe.resources import load_yaml

# bumped when a build writes different tables or rows from the same source, so older files are
# rebuilt on first use (3: v_ends, v_windows and the end clause after an effective clause)
SCHEMA_VERSION = "4"  # 4: provision_aliases (issue 14)
KB_TABLES = (
    "meta",
    "toc",
    "documents",
    "provisions",
    "tables",
    "table_rows",
    "refs",
    "doc_aliases",
    "provision_aliases",
    "findings",
    "external_documents",
    "external_provisions",
)
EXTERNAL_NOTE = "本条不在本汇编中(外部条文,据官方公布文本引用)"


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(resources.files("renshe.kb").joinpath("schema.sql").read_text(encoding="utf-8"))


def write_corpus(conn: sqlite3.Connection, corpus: Corpus) -> None:
    """Insert every document, provision, table, reference, alias and finding."""
    doc_by_toc = {d.toc_index: d.id for d in corpus.documents}
    conn.executemany(
        "INSERT INTO toc VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                e.index,
                e.category,
                e.subcategory,
                e.title,
                e.doc_number_raw,
                e.doc_number,
                e.page,
                e.line_start,
                e.line_end,
                doc_by_toc.get(e.index),
            )
            for e in corpus.toc
        ],
    )
    numbers = {d.doc_number: d.id for d in corpus.documents if d.doc_number}
    for i, d in enumerate(corpus.documents):
        conn.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                d.id,
                i,
                d.doc_number,
                d.doc_number_raw,
                d.title,
                _j(d.issuers),
                _iso(d.signed_on),
                _iso(d.effective_from),
                _iso(d.effective_until),
                d.category,
                d.subcategory,
                d.line_start,
                d.line_end,
                d.title_start,
                d.body_start,
                d.toc_index,
                d.toc_title,
                d.toc_page,
            ),
        )
        aliases = {d.id}
        if d.doc_number:
            aliases.add(d.doc_number)
        if d.doc_number_raw:
            with contextlib.suppress(DocNumberError):
                aliases.add(canonical(d.doc_number_raw))
        conn.executemany("INSERT INTO doc_aliases VALUES (?,?)", [(a, d.id) for a in sorted(aliases)])
        conn.executemany(
            "INSERT INTO provisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    p.id,
                    d.id,
                    p.order,
                    p.kind,
                    p.label,
                    _j(list(p.path)),
                    p.parent_id,
                    p.heading,
                    p.text,
                    p.raw_text,
                    p.line_start,
                    p.line_end,
                )
                for p in d.provisions
            ],
        )
        for t_ord, t in enumerate(d.tables):
            conn.execute(
                "INSERT INTO tables VALUES (?,?,?,?,?,?,?,?)",
                (t.id, d.id, t_ord, t.provision_id, t.title, _j(t.columns), t.line_start, t.line_end),
            )
            lines = t.row_lines if len(t.row_lines) == len(t.rows) else [None] * len(t.rows)
            conn.executemany(
                "INSERT INTO table_rows VALUES (?,?,?,?)",
                [
                    (t.id, r_ord, line, _j(row))
                    for r_ord, (row, line) in enumerate(zip(t.rows, lines, strict=True))
                ],
            )
        for p in d.provisions:
            for m in find_all(p.text):
                if m.canonical == d.doc_number:
                    continue
                conn.execute(
                    "INSERT INTO refs VALUES (?,?,?,?,?,?)",
                    (p.id, d.id, m.canonical, numbers.get(m.canonical), m.raw, m.start),
                )
    conn.executemany(
        "INSERT INTO findings (kind, message, line_start, line_end, doc_id) VALUES (?,?,?,?,?)",
        [(f.kind, f.message, f.line_start, f.line_end, f.doc_id) for f in corpus.findings],
    )


def write_external(conn: sqlite3.Connection, text: str, name: str = "external_provisions.yaml") -> int:
    """Load the curated external provisions (official texts the compilation cites but does not print).

    They live in their own tables so that nothing counts them as documents of the compilation;
    `KB.provision()` finds them and marks them `external`.
    """
    data = load_yaml(text) or {}
    docs = data.get("documents") or {}
    for doc_id, d in sorted(docs.items()):
        if d.get("external") is not True:
            raise ValueError(f"{name}: document {doc_id} must be marked external: true")
        conn.execute(
            "INSERT INTO external_documents VALUES (?,?,?,?,?,?,?)",
            (
                doc_id,
                d.get("number"),
                d["title"],
                d.get("issuer"),
                _iso(d.get("promulgated_on")),
                _iso(d.get("effective_from")),
                d.get("source", ""),
            ),
        )
    provisions = data.get("provisions") or {}
    for i, (pid, p) in enumerate(provisions.items()):
        if p.get("external") is not True or p.get("doc") not in docs:
            raise ValueError(f"{name}: provision {pid} must be external: true and name a listed doc")
        conn.execute(
            "INSERT INTO external_provisions VALUES (?,?,?,?,?)",
            (pid, p["doc"], i, p["label"], "".join(str(p["text"]).split())),
        )
    return len(provisions)


def write_provision_aliases(conn: sqlite3.Connection, text: str) -> int:
    """Old provision ids kept as names of the provision that holds their text now. An alias that
    is still an id, or names no provision, fails the build: an alias must never shadow or dangle."""
    aliases = (load_yaml(text) or {}).get("aliases") or {}
    for alias, pid in aliases.items():
        if conn.execute("SELECT 1 FROM provisions WHERE id = ?", (alias,)).fetchone():
            raise ValueError(f"provision_aliases.yaml: {alias} is a provision id, not an old one")
        if not conn.execute("SELECT 1 FROM provisions WHERE id = ?", (pid,)).fetchone():
            raise ValueError(f"provision_aliases.yaml: {alias} names {pid}, which is no provision")
    conn.executemany("INSERT INTO provision_aliases VALUES (?,?)", sorted(aliases.items()))
    return len(aliases)


def content_hash(conn: sqlite3.Connection, tables: tuple[str, ...]) -> str:
    """SHA-256 over every row of the given tables in a fixed order: equal content, equal hash."""
    h = hashlib.sha256()
    for name in tables:
        if name == "meta":
            continue
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        h.update(f"#{name}:{','.join(cols)}\n".encode())
        for row in conn.execute(f"SELECT * FROM {name} ORDER BY {', '.join(cols)}"):
            h.update(_j(list(row)).encode())
            h.update(b"\n")
    return h.hexdigest()
