"""Every citation resolves against the knowledge base: the provision exists, its label and the
document's 文号 and title are as cited, the quote is in its text (whitespace folded, as the
knowledge base folds it), and the document is in force on the value's dates."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from renshe.rules.citations import Citation
from renshe.rules.params import params
from renshe.rules.registry import all_rules
from renshe.validity.status import is_in_force, status_of


def squeeze(text: str) -> str:
    """The knowledge base's own folding for matching (renshe.kb.query: whitespace, ＊ removed)."""
    return re.sub(r"[\s\u3000*]+", "", text)


def rule_citations() -> list[tuple[str, Citation]]:
    """Citations of every rule's legal basis and of the steps of its example runs."""
    out: list[tuple[str, Citation]] = []
    probes: dict[str, list[dict[str, Any]]] = {
        "retirement": [
            {"birth": "1960-01", "category": "male60", "planned_month": "2020-01", "contribution_months": 10},
            {
                "birth": "1976-09",
                "category": "male60",
                "contribution_months": 225,
                "planned_month": "2037-06",
            },
            {
                "birth": "1971-04",
                "category": "female55",
                "contribution_months": 100,
                "planned_month": "2029-08",
            },
            {
                "birth": "1971-04",
                "category": "female55",
                "contribution_months": 100,
                "planned_month": "2026-08",
            },
            {"birth": "1984-12", "category": "female50", "planned_month": "2030-01"},
            {"birth": "1984-12", "category": "female50", "planned_month": "2045-01"},
        ]
    }
    for rule in all_rules():
        out.extend((f"{rule.name}.basis", c) for c in rule.basis())
        for raw in rule.examples + probes.get(rule.name, []):
            trace_doc = rule.run(raw)
            for step in trace_doc["steps"]:
                for c in step["citations"]:
                    out.append((f"{rule.name} step", Citation(**{k: v for k, v in c.items() if k != "ref"})))
    return out


def check(kb: Any, where: str, c: Citation, day: date | None = None, until: date | None = None) -> list[str]:
    p = kb.provision(c.provision_id)
    if p is None:
        return [f"{where}: 知识库中没有条文 {c.provision_id}"]
    problems = []
    if squeeze(c.quote) not in squeeze(p["text"]):
        problems.append(f"{where}: 引文不在 {c.provision_id} 中:{c.quote}")
    if p["label"] != c.label:
        problems.append(f"{where}: {c.provision_id} 的标签是 {p['label']},引用写作 {c.label}")
    if p["external"]:
        # an article the compilation cites but does not print: held by the KB as external, and
        # the citation must carry the external document's own number and title
        if (p["doc_number"], squeeze(p["doc_title"])) != (c.doc_number, squeeze(c.doc_title)):
            problems.append(f"{where}: 外部条文 {c.provision_id} 的文号或标题不符")
        return problems
    doc = kb.document(c.doc_id)
    if (doc["doc_number"], squeeze(doc["title"])) != (c.doc_number, squeeze(c.doc_title)):
        problems.append(
            f"{where}: 文件 {c.doc_id} 的文号或标题与知识库不符:{doc['doc_number']} {doc['title']}"
        )
    if day is not None and not _in_force_during(kb, c.doc_id, doc, day, until):
        st = status_of(kb, c.doc_id, day)
        problems.append(f"{where}: {c.doc_id} 在取值起始日 {day} 的效力是{st['status']}(自 {st['since']})")
    return problems


def _in_force_during(kb: Any, doc_id: str, doc: dict[str, Any], start: date, until: date | None) -> bool:
    """In force on the value's first day, or from the day it took effect if that falls inside the
    value's period: a notice issued in August may set the base of the whole year (retroactive)."""
    days = [start]
    took_effect = doc.get("effective_from") or doc.get("signed_on")
    if took_effect:
        eff = date.fromisoformat(took_effect)
        if eff > start and (until is None or eff <= until):
            days.append(eff)
    return any(is_in_force(kb, doc_id, d) for d in days)


def test_every_parameter_citation_resolves(kb: Any) -> None:
    ps = params()
    problems: list[str] = []
    for name, c in ps.named.items():
        problems += check(kb, f"citations.{name}", c)
    for p in ps.params.values():
        for v in p.values:
            for c in v.citations:
                problems += check(kb, f"{p.name}@{v.start}", c, v.start, v.until)
    assert problems == []
    assert len(ps.all_citations()) >= 60


def test_every_rule_step_citation_resolves(kb: Any) -> None:
    cites = rule_citations()
    assert len(cites) > 50
    problems: list[str] = []
    for where, c in {(c.provision_id, c.quote): (w, c) for w, c in cites}.values():
        problems += check(kb, where, c)
    assert problems == []


def test_documents_match_kb(kb: Any) -> None:
    from renshe.rules.external import external_documents

    for doc_id, spec in params().documents.items():
        ext = external_documents().get(doc_id)
        if ext is not None:  # a national text the compilation does not print (external_provisions.yaml)
            assert (ext.number, squeeze(ext.title)) == (spec.number, squeeze(spec.title))
            continue
        doc = kb.document(doc_id)
        assert doc["doc_number"] == spec.number
        assert squeeze(doc["title"]) == squeeze(spec.title)


def test_a_wrong_quote_is_caught(kb: Any) -> None:
    """The checker itself can fail: a changed word, a missing provision, a wrong label."""
    good = params().cite("flex.art9.pension_start")
    bad_quote = replace(good, quote="职工从审核通过的退休时间当月开始领取基本养老金")
    assert check(kb, "t", bad_quote)
    missing = replace(good, provision_id=good.doc_id + "/实施弹性退休制度暂行办法/第十五条")
    assert check(kb, "t", missing)
    wrong_label = replace(good, label="第八条")
    assert check(kb, "t", wrong_label)
    assert check(kb, "t", good) == []
