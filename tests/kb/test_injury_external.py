"""工伤保险条例 as external provisions (issue 22 item 1): shipped, loaded, found by the 条例's name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renshe.cli import app
from renshe.kb import KB
from renshe.rules.external import EXTERNAL_NOTE, external_documents, external_provisions
from renshe.validity.resolve import document, provision

runner = CliRunner()
DOC = "国务院令第375号"
ARTICLES = [
    "第十四条", "第十五条", "第十六条", "第十七条", "第十八条", "第十九条", "第二十条",
    "第二十五条", "第二十六条", "第二十七条", "第二十八条",
    "第三十三条", "第三十四条", "第三十五条", "第三十六条", "第三十七条", "第三十八条", "第三十九条",
    "第六十四条",
]  # fmt: skip
SHARED = Path("/work/shared/corpus/external/工伤保险条例.md")


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def test_the_articles_rules_use_are_shipped() -> None:
    provs = external_provisions()
    assert [p.label for p in provs.values() if p.doc_id == DOC] == ARTICLES
    d = external_documents()[DOC]
    assert d.title == "工伤保险条例" and "国务院令第586号" in d.source and "2010" in d.source
    art17 = provs[f"{DOC}/第十七条"].text
    assert "所在单位应当自事故伤害发生之日或者被诊断、鉴定为职业病之日起30日内" in art17
    assert "在事故伤害发生之日或者被诊断、鉴定为职业病之日起1年内" in art17


@pytest.mark.skipif(not SHARED.is_file(), reason="the shared corpus copy is not on this machine")
def test_shipped_text_is_verbatim_from_the_shared_copy() -> None:
    body = SHARED.read_text(encoding="utf-8").split("<!-- INFO END -->")[1]
    chunks = re.split(r"\n(?=第[一二三四五六七八九十百]+条 )", body)
    by_label = {c.split(" ", 1)[0]: _squeeze(re.sub(r"\n##.*", "", c.split(" ", 1)[1])) for c in chunks[1:]}
    for label in ARTICLES:
        assert external_provisions()[f"{DOC}/{label}"].text == by_label[label], label


def test_show_by_the_name_of_the_regulation_quotes_the_shipped_text(db_path: Path) -> None:
    shipped = external_provisions()[f"{DOC}/第十七条"].text
    for args in (["工伤保险条例", "第十七条"], ["工伤保险条例/第十七条"], [f"{DOC}/第十七条"]):
        result = runner.invoke(app, ["show", *args, "--json"])
        assert result.exit_code == 0, result.output
        p = json.loads(result.stdout)
        assert p["id"] == f"{DOC}/第十七条" and p["text"] == shipped
        assert p["external"] is True and p["note"] == EXTERNAL_NOTE and p["doc_title"] == "工伤保险条例"
    human = runner.invoke(app, ["show", "工伤保险条例", "第十七条"])
    assert human.exit_code == 0 and "本条不在本汇编中" in human.stdout
    assert "30日内" in human.stdout


def test_document_lists_the_articles_and_who_cites_it(kb: KB) -> None:
    d = document(kb, "工伤保险条例")
    assert d["in_compilation"] is False and d["doc_number"] == DOC
    assert {"id": f"{DOC}/第六十四条", "label": "第六十四条"} in d["external_provisions"]
    assert provision(kb, "工伤保险条例 第三十九条")["id"] == f"{DOC}/第三十九条"
    assert kb.provision(f"{DOC}/第四十条") is None  # not shipped: not used by a rule
