"""The reference graph: every citation of another document by 《title》 or 文号, typed.

Citations are scanned in every provision's clean text (lines joined, so a 文号 split by a page
break is found); the words around each decide its type (`renshe.validity.cites.kind_of`). A
document citing itself (its own 文号, title or embedded instrument) is not a reference.
The entries of the repeal and continuing lists are references too; `build` adds them with the
list's type (废止, 宣布失效, 修改, 继续有效).
"""

from __future__ import annotations

from dataclasses import dataclass

from renshe.validity.cites import find_cites, kind_of, norm_title
from renshe.validity.registry import Registry
from renshe.validity.sources import Doc, Prov, Target, flat, own_keys


@dataclass(frozen=True)
class Ref:
    from_doc: str
    from_provision: str
    to_doc: str
    kind: str
    number: str | None
    title: str | None
    raw: str
    line: int
    start: int


def scan(docs: dict[str, Doc], provs: list[Prov], registry: Registry, skip: set[str]) -> list[Ref]:
    """Citations out of every provision not in `skip` (list attachments), linked to documents."""
    out: list[Ref] = []
    keys: dict[str, set[str]] = {}
    by_doc: dict[str, list[Prov]] = {}
    for p in provs:
        by_doc.setdefault(p.doc_id, []).append(p)
    for p in provs:
        if p.id in skip or p.parent_id in skip:
            continue
        text = flat(p.text)
        if "《" not in text and "号" not in text:
            continue
        doc = docs[p.doc_id]
        if doc.id not in keys:
            keys[doc.id] = own_keys(doc, by_doc[doc.id])
        for c in find_cites(text):
            if (c.number and c.number == doc.doc_number) or (
                c.title and not c.number and norm_title(c.title) in keys[doc.id]
            ):
                continue
            target = Target(c.number, c.title)
            to = registry.resolve(target)
            if to == doc.id:
                continue
            out.append(Ref(doc.id, p.id, to, kind_of(text, c), c.number, c.title, c.raw, p.lines[0], c.start))
    return out
