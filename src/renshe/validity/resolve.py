"""One resolver for every reference a person types: `doc`, `show`, `status`, `refs` and search use it.

Why one: the knowledge base alone knows the compilation's documents and their printed 文号; the
validity layer also knows the numbers a document had before it was revised (劳动保障部令第8号 is
the 失业保险金申领发放办法), the documents the compilation only cites, and the national texts
held as external provisions (国务院令第258号 = 失业保险条例). Three resolvers once disagreed
(`renshe doc 劳动保障部令第8号` was "not found" while `renshe status` answered); now every
command asks here, and a test runs every alias the knowledge base holds through all of them.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from renshe.corpus.docnum import DocNumberError, canonical
from renshe.errors import InputError, NotFound
from renshe.kb import KB
from renshe.validity.cites import norm_title

_BRACKETS = str.maketrans({"（": "(", "）": ")"})
_ARTICLE_AFTER_SPACE = re.compile(r"/(第[一二三四五六七八九十百零〇]+[章节条]|附件)")


def resolve_ref(kb: KB, ref: str) -> str:
    """The v_docs id of `ref`. Exact names first (the KB's aliases, then every 文号 and title key
    the validity layer knows, earlier numbers and cited documents included), then title fragments:
    《中华人民共和国档案法》 is the cited law, not the compilation's 档案法实施条例 it is a fragment of."""
    text = (ref or "").strip()
    keys = [text, re.sub(r"[\s\u3000*]+", "", text), norm_title(text)]
    with contextlib.suppress(DocNumberError):
        keys.insert(0, canonical(text))
    for k in keys:
        row = kb.conn.execute("SELECT doc_id FROM doc_aliases WHERE alias = ?", (k,)).fetchone()
        if row is not None:
            return str(row[0])
    for k in keys:
        rows = kb.conn.execute("SELECT DISTINCT doc_id FROM v_aliases WHERE alias = ?", (k,)).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
    try:
        return kb.resolve(ref)  # a unique fragment of a compilation document's title
    except NotFound:
        pass
    frag = norm_title(text)
    rows = kb.conn.execute(
        "SELECT id, title FROM v_docs WHERE external = 1 "
        "AND (instr(id, ?) > 0 OR instr(titles, ?) > 0) ORDER BY id",
        (frag, frag),
    ).fetchall()
    if len(rows) == 1:
        return str(rows[0][0])
    if len(rows) > 1:
        names = ";".join(f"{r[0]}({str(r[1])[:30]})" for r in rows[:10])
        raise InputError(f"“{text}”对应多个文件:{names}。请给出文号或更完整的标题", field="ref")
    raise NotFound(f"找不到文件“{text}”(汇编内文档及汇编引用的文件均可按文号或标题查询)", field="ref")


@dataclass(frozen=True)
class Resolved:
    """What a reference names.

    doc_id: the validity layer's id (a compilation document, or a document only cited by it);
    provision_id: set when the reference names a provision; in_compilation: the document is
    printed in the compilation; external_doc: the id of the official text the KB holds for it
    (external provisions), if any.
    """

    doc_id: str
    provision_id: str | None = None
    in_compilation: bool = True
    external_doc: str | None = None


def resolve(kb: KB, ref: str) -> Resolved:
    """The document or provision `ref` names; NotFound (or InputError when ambiguous) otherwise."""
    text = re.sub(r"\s+", "", ref or "")
    if not text:
        raise InputError("请给出文号、文档标识、标题片段或条款标识", field="ref")
    if "/" in text:
        return _provision(kb, text)
    spaced = re.sub(r"\s+", "/", (ref or "").strip())
    if _ARTICLE_AFTER_SPACE.search(spaced):  # 工伤保险条例 第十七条: a document, a space, an article
        with contextlib.suppress(NotFound, InputError):
            return _provision(kb, spaced)
    return _document(kb, text)


def _document(kb: KB, text: str) -> Resolved:
    external = _external_document(kb, text)
    try:
        doc_id = resolve_ref(kb, text)
    except NotFound:
        if external is None:
            raise
        title = kb.conn.execute("SELECT title FROM external_documents WHERE id = ?", (external,)).fetchone()
        try:  # the validity layer knows the same text by its title (《失业保险条例》)
            doc_id = resolve_ref(kb, str(title[0]))
        except NotFound:
            doc_id = external
    in_compilation = kb.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None
    if external is None and not in_compilation:
        title = kb.conn.execute("SELECT title FROM v_docs WHERE id = ?", (doc_id,)).fetchone()
        if title is not None:
            external = _external_document(kb, str(title[0]))
    return Resolved(doc_id, None, in_compilation, external)


def _own_id(kb: KB, pid: str) -> str | None:
    """`pid` if it is a provision id, the provision an old id now names (provision_aliases: ids a
    parser fix replaced, docs/identifiers.md), else None."""
    if kb.conn.execute("SELECT 1 FROM provisions WHERE id = ?", (pid,)).fetchone():
        return pid
    row = kb.conn.execute("SELECT provision_id FROM provision_aliases WHERE alias = ?", (pid,)).fetchone()
    return None if row is None else str(row[0])


def _provision(kb: KB, text: str) -> Resolved:
    text = text.translate(_BRACKETS)
    own = _own_id(kb, text)
    if own is not None:
        row = kb.conn.execute("SELECT doc_id FROM provisions WHERE id = ?", (own,)).fetchone()
        return Resolved(str(row[0]), own, True, None)
    ext = kb.conn.execute("SELECT doc_id FROM external_provisions WHERE id = ?", (text,)).fetchone()
    if ext is not None:
        return Resolved(str(ext[0]), text, False, str(ext[0]))
    head, _, rest = text.partition("/")
    rest = rest.strip("/")
    try:
        doc = _document(kb, head)
    except NotFound:
        doc = None
    if doc is not None:
        for owner, table in ((doc.doc_id, "provisions"), (doc.external_doc, "external_provisions")):
            if owner is None:
                continue
            pid = f"{owner}/{rest}"
            if table == "provisions" and (own := _own_id(kb, pid)) is not None:
                return Resolved(doc.doc_id, own, True, doc.external_doc)
            if kb.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (pid,)).fetchone():
                return Resolved(doc.doc_id, pid, table == "provisions", doc.external_doc)
    raise NotFound(
        f"找不到条款“{text}”(条款标识如 渝人社发〔2024〕16号/三/(二)/2,可用 renshe doc 查看文件的条款目录)",
        field="provision_id",
    )


def _external_document(kb: KB, text: str) -> str | None:
    """The external_documents id that `text` names by id, 文号 or title."""
    keys = [text]
    with contextlib.suppress(DocNumberError):
        keys.append(canonical(text))
    for k in keys:
        row = kb.conn.execute(
            "SELECT id FROM external_documents WHERE id = ? OR doc_number = ?", (k, k)
        ).fetchone()
        if row is not None:
            return str(row[0])
    title = _short_title(text)
    for doc_id, doc_title in kb.conn.execute("SELECT id, title FROM external_documents ORDER BY id"):
        if _short_title(str(doc_title)) == title:
            return str(doc_id)
    return None


def _short_title(text: str) -> str:
    """A national law is named with or without its 中华人民共和国 prefix (劳动合同法)."""
    return norm_title(text).removeprefix("中华人民共和国")


def cited_document(kb: KB, resolved: Resolved) -> dict[str, Any]:
    """A document the compilation cites but does not print: what is known of it, for `renshe doc`."""
    row = kb.conn.execute(
        "SELECT id, doc_number, title FROM v_docs WHERE id = ?", (resolved.doc_id,)
    ).fetchone()
    if row is None and resolved.external_doc is not None:
        row = kb.conn.execute(
            "SELECT id, doc_number, title FROM external_documents WHERE id = ?", (resolved.external_doc,)
        ).fetchone()
    if row is None:
        raise NotFound(f"找不到文件“{resolved.doc_id}”", field="ref")
    provisions = [
        {"id": r[0], "label": r[1]}
        for r in kb.conn.execute(
            "SELECT id, label FROM external_provisions WHERE doc_id = ? ORDER BY ord",
            (resolved.external_doc,),
        )
    ]
    cited_by = sorted(
        {
            str(r[0])
            for r in kb.conn.execute(
                "SELECT DISTINCT from_doc FROM v_refs WHERE to_doc = ?", (resolved.doc_id,)
            )
        }
    )
    note = "本汇编未收录该文件全文" + (
        ";汇编计算所依据的条文据官方公布文本引用,见 external_provisions" if provisions else ""
    )
    number = row[1]
    if number is None and resolved.external_doc is not None:
        ext = kb.conn.execute(
            "SELECT doc_number FROM external_documents WHERE id = ?", (resolved.external_doc,)
        ).fetchone()
        number = ext[0] if ext else None
    return {
        "id": row[0],
        "doc_number": number,
        "title": row[2],
        "in_compilation": False,
        "external": True,
        "note": note + ";其效力与引用见 renshe status / renshe refs",
        "external_provisions": provisions,
        "cited_by": cited_by,
    }


def document(kb: KB, ref: str) -> dict[str, Any]:
    """`renshe doc REF` / `GET /api/docs/{ref}`: the compilation document, or what is known of a
    cited one (`in_compilation: false`)."""
    found = resolve(kb, ref)
    if found.provision_id is not None:
        raise InputError(f"“{ref.strip()}”是条款标识,请用 renshe show 查看条款", field="ref")
    if found.in_compilation:
        return {**kb.document(found.doc_id), "in_compilation": True}
    return cited_document(kb, found)


def provision(kb: KB, ref: str) -> dict[str, Any]:
    """`renshe show ID` / `GET /api/provisions/{id}`: a provision, with its id in any bracket form."""
    found = resolve(kb, ref)
    if found.provision_id is None:
        raise InputError(
            f"“{ref.strip()}”是文件而不是条款;条款标识如 渝人社发〔2024〕16号/三/(二)/2", field="provision_id"
        )
    return kb.show(found.provision_id)
