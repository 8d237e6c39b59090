"""External provisions: official articles the compilation relies on but does not print.

Why: the unemployment-benefit tiers (12/18/24 months) are set by 失业保险条例 第十七条, which the
compilation's 失业保险金申领发放办法 invokes ("根据《条例》", 第十五条 "根据…累计缴费时间核定…期限")
without printing it. A rule must not use an uncited number, and it must not pretend the article is
in the compilation either. So the article's official text lives in `renshe/data/external_provisions.yaml`,
clearly marked `external: true`, and citations to it are ordinary `Citation`s whose provision id is
listed there. The knowledge-base build loads the same file into its `external_*` tables, so
`KB.provision()` resolves these ids (marked `external`) and the citation test checks them like any
other provision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from pydantic import BaseModel, ConfigDict

from renshe.resources import data_text, load_yaml
from renshe.rules.citations import Citation

EXTERNAL_FILE = "external_provisions.yaml"  # in renshe/data/
EXTERNAL_NOTE = "本条不在本汇编中(外部条文,据官方公布文本引用)"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _CitedBy(_Strict):
    provision: str
    quote: str


class _ExtDoc(_Strict):
    number: str | None
    title: str
    issuer: str
    promulgated_on: date
    effective_from: date
    external: bool
    source: str
    cited_by: list[_CitedBy] = []


class _ExtProvision(_Strict):
    doc: str
    label: str
    external: bool
    text: str


class _ExtFile(_Strict):
    documents: dict[str, _ExtDoc]
    provisions: dict[str, _ExtProvision]


@dataclass(frozen=True)
class ExternalProvision:
    """One external article: id, label, its document and its official text (whitespace removed)."""

    id: str
    doc_id: str
    doc_number: str | None
    doc_title: str
    label: str
    text: str
    source: str


@dataclass(frozen=True)
class ExternalDocument:
    id: str
    number: str | None
    title: str
    effective_from: date
    source: str
    cited_by: tuple[tuple[str, str], ...]  # (provision id in the KB, quote) that refer to it


def _squeeze(text: str) -> str:
    """Chinese legal text has no meaningful spaces; YAML folding adds some."""
    return re.sub(r"[\s\u3000]+", "", text)


@cache
def _load() -> tuple[dict[str, ExternalDocument], dict[str, ExternalProvision]]:
    raw = load_yaml(data_text(EXTERNAL_FILE))
    spec = _ExtFile.model_validate(raw)
    docs: dict[str, ExternalDocument] = {}
    for k, d in spec.documents.items():
        if not d.external:
            raise ValueError(f"{EXTERNAL_FILE}: document {k} must be marked external: true")
        docs[k] = ExternalDocument(
            k,
            d.number,
            d.title,
            d.effective_from,
            d.source,
            tuple((c.provision, c.quote) for c in d.cited_by),
        )
    provs: dict[str, ExternalProvision] = {}
    for pid, p in spec.provisions.items():
        if not p.external:
            raise ValueError(f"{EXTERNAL_FILE}: provision {pid} must be marked external: true")
        if p.doc not in docs or not pid.startswith(p.doc + "/"):
            raise ValueError(f"{EXTERNAL_FILE}: provision {pid} does not belong to a listed document")
        owner = docs[p.doc]
        provs[pid] = ExternalProvision(
            pid, p.doc, owner.number, owner.title, p.label, _squeeze(p.text), owner.source
        )
    return docs, provs


def external_documents() -> dict[str, ExternalDocument]:
    return _load()[0]


def external_provisions() -> dict[str, ExternalProvision]:
    return _load()[1]


def external_provision(provision_id: str) -> ExternalProvision | None:
    """The external provision with this id, or None (then it must be in the knowledge base)."""
    return external_provisions().get(provision_id)


def is_external(citation: Citation) -> bool:
    return citation.provision_id in external_provisions()


def external_cite(provision_id: str, quote: str) -> Citation:
    """A citation of an external provision; ValueError if the id is unknown or the quote is not in it."""
    p = external_provision(provision_id)
    if p is None:
        raise ValueError(f"unknown external provision {provision_id!r}")
    if _squeeze(quote) not in p.text:
        raise ValueError(f"quote not in external provision {provision_id}: {quote}")
    return Citation(
        doc_id=p.doc_id,
        doc_number=p.doc_number,
        doc_title=p.doc_title,
        provision_id=p.id,
        quote=quote,
        label=p.label,
    )


def check_external(where: str, c: Citation) -> list[str]:
    """Problems with a citation of an external provision (empty list = fine).

    The hook for the citation test: call it for ids that `external_provision` knows, instead of
    looking them up in the knowledge base.
    """
    p = external_provision(c.provision_id)
    if p is None:
        return [f"{where}: 外部条文文件中没有 {c.provision_id}"]
    problems: list[str] = []
    if _squeeze(c.quote) not in p.text:
        problems.append(f"{where}: 引文不在外部条文 {c.provision_id} 中:{c.quote}")
    if c.label != p.label:
        problems.append(f"{where}: 外部条文 {c.provision_id} 的标签是 {p.label},引用写作 {c.label}")
    if (c.doc_id, c.doc_number, c.doc_title) != (p.doc_id, p.doc_number, p.doc_title):
        problems.append(f"{where}: 外部条文 {c.provision_id} 的文件信息与外部条文文件不符")
    return problems
