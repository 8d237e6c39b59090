"""Build stage: write the validity evidence, the reference graph and the reconciliation to the KB file.

Called by `renshe.build` after the knowledge base is written (`build_validity(conn, source)`). The
status of a document on a date is not stored (it depends on the date); the statements that
decide it are, and `renshe.validity.status` reads them at query time.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date

from renshe.corpus.docnum import DocNumberError, canonical
from renshe.corpus.source import Source
from renshe.validity import periods
from renshe.validity import reconcile as rec
from renshe.validity.cites import norm_title, title_keys
from renshe.validity.refs import scan
from renshe.validity.registry import Registry
from renshe.validity.sources import (
    Doc,
    Evidence,
    ListRow,
    Target,
    clauses,
    dates,
    load_docs,
    load_provisions,
    paragraph_lists,
    revision_notes,
    table_lists,
)

SCHEMA = """
CREATE TABLE v_docs (id TEXT PRIMARY KEY, doc_number TEXT, title TEXT NOT NULL, external INTEGER NOT NULL,
  titles TEXT NOT NULL);
CREATE TABLE v_aliases (alias TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (alias, doc_id));
CREATE TABLE v_events (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, kind TEXT NOT NULL, on_date TEXT,
  source_doc TEXT NOT NULL, provision_id TEXT, quote TEXT NOT NULL, line_start INTEGER, line_end INTEGER,
  partial INTEGER NOT NULL, note TEXT NOT NULL, list_id TEXT, seq INTEGER, ground TEXT NOT NULL);
CREATE INDEX v_events_doc ON v_events(doc_id);
CREATE TABLE v_refs (from_doc TEXT NOT NULL, from_provision TEXT, to_doc TEXT NOT NULL, kind TEXT NOT NULL,
  doc_number TEXT, title TEXT, raw TEXT NOT NULL, line INTEGER, start INTEGER);
CREATE INDEX v_refs_from ON v_refs(from_doc);
CREATE INDEX v_refs_to ON v_refs(to_doc);
CREATE TABLE v_clauses (doc_id TEXT NOT NULL, provision_id TEXT NOT NULL, quote TEXT NOT NULL,
  line_start INTEGER, line_end INTEGER, on_date TEXT);
CREATE TABLE v_reconciliation (doc_id TEXT NOT NULL, seq_old INTEGER, line_old INTEGER, seq_new INTEGER,
  line_new INTEGER, title_old TEXT, title_new TEXT, title_differs INTEGER NOT NULL, outcome TEXT NOT NULL,
  explained_by TEXT);
CREATE TABLE v_summary (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE v_findings (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, message TEXT NOT NULL,
  line_start INTEGER NOT NULL, line_end INTEGER NOT NULL, doc_id TEXT);
"""

VALIDITY_TABLES = (
    "v_docs",
    "v_aliases",
    "v_events",
    "v_refs",
    "v_clauses",
    "v_reconciliation",
    "v_summary",
    "v_findings",
    *periods.TABLES,
)

LIST_REF_KIND = {
    "repealed": "废止",
    "lapsed": "宣布失效",
    "amended": "修改",
    "continuing": "继续有效",
    "superseded": "代替",
}


def _header_texts(docs: dict[str, Doc], src: Source) -> dict[str, tuple[int, str]]:
    """The lines between each document's title and body (where revision notes are printed)."""
    out: dict[str, tuple[int, str]] = {}
    for d in docs.values():
        if d.body_start - d.title_start < 2:
            continue
        span = src.span(d.title_start + 1, d.body_start - 1)
        text = "\n".join(t for _, t in span if t.strip())
        if re.search(r"(公布|发布|修订|修正)", text) and text.lstrip().startswith(("(", "（")):
            out[d.id] = (span[0][0], text)
    return out


def _supersessions(docs: dict[str, Doc], registry: Registry, dated: list[Evidence]) -> list[Evidence]:
    """A newer compilation document with the same title as an older one replaces its content.

    The 2024 minimum-wage notice (渝人社发〔2024〕22号, from 2025-01-01) carries the title of
    渝人社发〔2021〕52号, which stays on the continuing list: superseded, not repealed.
    """
    effective = {e.source_doc: e for e in dated if e.kind == "effective"}
    out: list[Evidence] = []
    for d in docs.values():
        start = d.in_force_from
        if start is None or not d.doc_number:
            continue
        m = re.search(r"〔(\d{4})〕", d.doc_number)
        for other in sorted(registry.by_title.get(norm_title(d.title), set())):
            o = registry.entries[other]
            om = re.search(r"〔(\d{4})〕", o.doc_number or "")
            if other == d.id or not (m and om) or int(om.group(1)) >= int(m.group(1)):
                continue
            ev = effective.get(d.id)
            out.append(
                Evidence(
                    Target(o.doc_number, o.title),
                    "superseded",
                    start,
                    d.id,
                    ev.provision_id if ev else None,
                    ev.quote if ev else "",
                    ev.lines if ev else d.lines,
                    note=f"同名的{d.doc_number}自{start.isoformat()}起施行,其内容(标准)自该日起由后者替代;"
                    "汇编未载明废止该文件",
                )
            )
    return out


def build_validity(conn: sqlite3.Connection, source: Source) -> None:
    """Write the v_* tables: documents and stubs, evidence, references, reconciliation, findings.

    `source` is the text the knowledge base in `conn` was built from (revision notes are read
    from the lines between a document's title and body, which no KB table keeps)."""
    conn.executescript(SCHEMA)
    docs = load_docs(conn)
    provs = load_provisions(conn)
    aliases = [
        (str(a), str(d))
        for a, d in conn.execute("SELECT alias, doc_id FROM doc_aliases ORDER BY alias, doc_id")
    ]
    revisions, extra_numbers = revision_notes(docs, _header_texts(docs, source))
    registry = Registry()
    registry.add_kb(docs, provs, aliases, extra_numbers)

    para = paragraph_lists(conn, docs, provs)
    tabled, list_rows = table_lists(conn, docs, provs)
    list_ids = {e.list_id for e in para + tabled if e.list_id}
    list_docs = {e.source_doc for e in para + tabled}
    skip = {p.id for p in provs if p.doc_id in list_docs and "/附件" in p.id} | {
        p.id for p in provs if p.doc_id in list_docs and p.id.split("/")[1:2] == ["导语"]
    }
    skip |= {i for i in list_ids if i}
    found, general = clauses(docs, provs, skip)
    dated = dates(docs, provs)
    periods.write(conn, *periods.scan(docs, provs, dated))

    evidence: list[tuple[str, Evidence]] = []
    # lists and clauses in document order, so the earlier list names a document first
    for e in sorted(para + tabled + found, key=lambda x: (docs[x.source_doc].ord, x.lines[0])):
        evidence.append((registry.resolve(e.target), e))
    for e in dated + revisions:
        evidence.append((e.source_doc, e))
    for e in _supersessions(docs, registry, dated):
        evidence.append((registry.resolve(e.target), e))

    findings: list[tuple[str, str, int, int, str | None]] = []
    # reconciliation of the two continuing lists
    continuing = [(d, e) for d, e in evidence if e.kind == "continuing"]
    list_order = sorted(
        {e.list_id for _, e in continuing if e.list_id}, key=lambda t: docs[t.split("/")[0]].ord
    )
    summary: dict[str, str] = {}
    if len(list_order) >= 2:
        old_id, new_id = list_order[-2], list_order[-1]
        old = [(d, e) for d, e in continuing if e.list_id == old_id]
        new = [(d, e) for d, e in continuing if e.list_id == new_id]
        new_doc = new[0][1].source_doc
        abolished = [(d, e) for d, e in evidence if e.kind == "repealed" and e.source_doc == new_doc]
        repeals = [
            (d, e) for d, e in evidence if e.kind in ("repealed", "lapsed") and e.source_doc != new_doc
        ]
        cutoff = _cutoff(old[0][1])
        result = rec.reconcile(old, new, abolished, repeals, cutoff)
        findings += _reconcile_findings(result, evidence, list_rows, docs)
        seqs = {r.seq for r in list_rows.get(new_id, [])}
        missing = sorted(set(range(1, max(seqs) + 1)) - seqs) if seqs else []
        if missing:
            summary_missing = ",".join(map(str, missing))
            findings = [
                (k, m + (f";新目录缺少序号{ln_seq}" if ln_seq else ""), a, b, d)
                for (k, m, a, b, d), ln_seq in ((f, _missing_seq(f, result, missing)) for f in findings)
            ]
        for ln in result.lines:
            conn.execute(
                "INSERT INTO v_reconciliation VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    ln.doc_id,
                    ln.seq_old,
                    ln.line_old,
                    ln.seq_new,
                    ln.line_new,
                    ln.title_old,
                    ln.title_new,
                    int(ln.title_differs),
                    ln.outcome,
                    ln.explained_by,
                ),
            )
            if ln.outcome == "unexplained_drop":
                ne = new[0][1]
                evidence.append(
                    (
                        ln.doc_id,
                        Evidence(
                            Target(None, None),
                            "dropped",
                            ne.on,
                            ne.source_doc,
                            ne.provision_id,
                            f"{old[0][1].source_doc}继续有效目录第{ln.seq_old}项({ln.title_old})未列入本批继续有效目录,亦未列入本批废止目录",
                            (ne.lines[0], ne.lines[0]),
                            note="两批目录之间无废止依据,效力待核实",
                            list_id=new_id,
                        ),
                    )
                )
        summary = {k: str(v) for k, v in result.counts.items()}
        if missing:
            summary["new_missing_seq"] = summary_missing
        summary.update(
            old_list=old_id,
            new_list=new_id,
            balanced=str(rec.balance(result.counts)).lower(),
            old_date=result.old_date.isoformat(),
            new_date=result.new_date.isoformat(),
        )
        stated = re.search(
            r"共(\d+)件", conn.execute("SELECT title FROM tables WHERE id = ?", (new_id,)).fetchone()[0] or ""
        )
        if stated:
            summary["new_stated"] = stated.group(1)
    findings += _conflict_findings(evidence)

    for doc_id, e in evidence:
        conn.execute(
            "INSERT INTO v_events (doc_id, kind, on_date, source_doc, provision_id, quote, line_start, "
            "line_end, partial, note, list_id, seq, ground) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc_id,
                e.kind,
                e.on.isoformat() if e.on else None,
                e.source_doc,
                e.provision_id,
                e.quote,
                e.lines[0],
                e.lines[1],
                int(e.partial),
                e.note,
                e.list_id,
                e.seq,
                json.dumps(e.ground, ensure_ascii=False),
            ),
        )
    refs = scan(docs, provs, registry, skip)
    seen = {(r.from_doc, r.to_doc, r.kind) for r in refs}
    rows: list[tuple[str, str | None, str, str, str | None, str | None, str, int | None, int | None]] = [
        (r.from_doc, r.from_provision, r.to_doc, r.kind, r.number, r.title, r.raw, r.line, r.start)
        for r in refs
    ]
    for doc_id, e in evidence:
        kind = LIST_REF_KIND.get(e.kind)
        if kind is None or doc_id == e.source_doc or (e.source_doc, doc_id, kind) in seen:
            continue
        seen.add((e.source_doc, doc_id, kind))
        rows.append(
            (
                e.source_doc,
                e.provision_id,
                doc_id,
                kind,
                e.target.number,
                e.target.title,
                e.quote,
                e.lines[0],
                None,
            )
        )
    conn.executemany("INSERT INTO v_refs VALUES (?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany(
        "INSERT INTO v_clauses VALUES (?,?,?,?,?,?)",
        [
            (g["doc_id"], g["provision_id"], g["quote"], g["lines"][0], g["lines"][1], g["on"])
            for g in general
        ],
    )
    for entry in registry.entries.values():
        conn.execute(
            "INSERT INTO v_docs VALUES (?,?,?,?,?)",
            (
                entry.id,
                entry.doc_number,
                entry.title,
                int(entry.external),
                json.dumps(sorted(entry.titles), ensure_ascii=False),
            ),
        )
    alias_rows: set[tuple[str, str]] = set()
    for number, doc_id in registry.by_number.items():
        alias_rows.add((number, doc_id))
    for key, ids in registry.by_title.items():
        for doc_id in ids:
            alias_rows.add((key, doc_id))
    for entry in registry.entries.values():
        alias_rows.add((entry.id, entry.id))
        for k in title_keys(entry.title):
            alias_rows.add((k, entry.id))
    conn.executemany("INSERT INTO v_aliases VALUES (?,?)", sorted(alias_rows))
    conn.executemany("INSERT INTO v_summary VALUES (?,?)", sorted(summary.items()))
    ordered = sorted(findings, key=lambda f: (f[2], f[0], f[1]))
    conn.executemany(
        "INSERT INTO v_findings (kind, message, line_start, line_end, doc_id) VALUES (?,?,?,?,?)", ordered
    )
    # Findings about the source are one list for people (`renshe findings`): add them to the KB's.
    conn.executemany(
        "INSERT INTO findings (kind, message, line_start, line_end, doc_id) VALUES (?,?,?,?,?)", ordered
    )


def _missing_seq(
    finding: tuple[str, str, int, int, str | None], result: rec.Result, missing: list[int]
) -> int | None:
    """The missing 序号 of the new list that held an unexplained drop's place in the old one."""
    if finding[0] != "validity_unexplained_drop":
        return None
    ln = next((x for x in result.lines if x.outcome == "unexplained_drop" and x.line_old == finding[2]), None)
    return ln.seq_old if ln and ln.seq_old in missing else None


_CUTOFF = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日前")


def _cutoff(e: Evidence) -> date | None:
    """The cut-off date of a continuing list, from its notice (…对2023年12月31日前…制发的…进行了清理)."""
    for g in e.ground:
        m = _CUTOFF.search(str(g.get("quote", "")).replace(" ", ""))
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _reconcile_findings(
    result: rec.Result,
    evidence: list[tuple[str, Evidence]],
    list_rows: dict[str, list[ListRow]],
    docs: dict[str, Doc],
) -> list[tuple[str, str, int, int, str | None]]:
    out: list[tuple[str, str, int, int, str | None]] = []
    old_doc = result.old_list.split("/")[0]
    new_doc = result.new_list.split("/")[0]
    for ln in result.lines:
        if ln.outcome == "unexplained_drop":
            line = ln.line_old or 0
            out.append(
                (
                    "validity_unexplained_drop",
                    f"{ln.doc_id}({ln.title_old})列入{old_doc}继续有效目录(第{ln.seq_old}项),"
                    f"未列入{new_doc}继续有效目录,也未见任何文件废止或宣布失效,效力待核实",
                    line,
                    line,
                    new_doc,
                )
            )
        elif ln.outcome == "unexplained_addition":
            line = ln.line_new or 0
            out.append(
                (
                    "validity_unexplained_addition",
                    f"{ln.doc_id}({ln.title_new})列入{new_doc}继续有效目录(第{ln.seq_new}项),"
                    f"但未列入{old_doc}继续有效目录,且文号年份早于上批清理截止日",
                    line,
                    line,
                    new_doc,
                )
            )
    c = result.counts
    if not rec.balance(c):
        out.append(
            (
                "validity_reconciliation",
                f"两批继续有效目录对不上:{json.dumps(c, ensure_ascii=False)}",
                0,
                0,
                new_doc,
            )
        )
    for tid, rows in list_rows.items():
        for r in rows:
            line = r.line or 0
            if not r.number_cell.strip():
                matched = next((d for d, e in evidence if e.list_id == tid and e.seq == r.seq), None)
                out.append(
                    (
                        "validity_list_entry",
                        f"{tid}第{r.seq}项文号栏为空,按标题匹配为{matched}",
                        line,
                        line,
                        tid.split("/")[0],
                    )
                )
                continue
            try:
                canonical(r.number_cell)
            except DocNumberError:
                out.append(
                    (
                        "validity_list_entry",
                        f"{tid}第{r.seq}项文号印作“{r.number_cell}”,按{r.number}处理",
                        line,
                        line,
                        tid.split("/")[0],
                    )
                )
    return out


def _conflict_findings(evidence: list[tuple[str, Evidence]]) -> list[tuple[str, str, int, int, str | None]]:
    """A document confirmed as continuing after it was repealed: the sources conflict."""
    out: list[tuple[str, str, int, int, str | None]] = []
    by_doc: dict[str, list[Evidence]] = {}
    for d, e in evidence:
        by_doc.setdefault(d, []).append(e)
    for d, es in by_doc.items():
        ends = [e for e in es if e.kind in ("repealed", "lapsed") and e.on]
        for c in (e for e in es if e.kind == "continuing" and e.on):
            for r in ends:
                assert r.on is not None and c.on is not None
                if r.on < c.on:
                    out.append(
                        (
                            "validity_conflict",
                            f"{d}已于{r.on.isoformat()}由{r.source_doc}废止,却列入{c.source_doc}"
                            f"({c.on.isoformat()})继续有效目录",
                            c.lines[0],
                            c.lines[1],
                            c.source_doc,
                        )
                    )
    return out
