"""Answers before provisions (`renshe ask`, /api/ask): values checked against the rules themselves."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renshe.answers import answer, ask
from renshe.answers.slots import read_slots
from renshe.rules import registry

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def conn(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


@pytest.mark.parametrize(
    "text,year,month,category",
    [
        ("我68年的男的什么时候退休", 1968, None, "male60"),
        ("1971年4月出生的女干部几岁退休", 1971, 4, "female55"),
        ("1975.3出生女工人退休时间", 1975, 3, "female50"),
        ("我是女的，80年生，什么时候退休", 1980, None, None),
        ("我是1990年的女工人啥时候退休", 1990, None, "female50"),
        ("2024年养老金涨多少", None, None, None),
    ],
)
def test_birth_and_category_slots(
    text: str, year: int | None, month: int | None, category: str | None
) -> None:
    s = read_slots(text)
    assert (s.birth_year, s.birth_month, s.category) == (year, month, category)


def test_other_slots() -> None:
    s = read_slots("渝人社发〔2018〕229号还有效吗")
    assert s.docnums == ["渝人社发〔2018〕229号"] and s.birth_year is None
    s = read_slots("交了6年失业保险,2025年3月1日离职", lambda d: d == "渝中区")
    assert s.contribution_years == "6" and s.on == date(2025, 3, 1)
    assert read_slots("我在渝中区上班最低工资", lambda d: d == "渝中区").district == "渝中区"
    assert read_slots("2024年养老金涨多少").year == 2024


def test_birth_year_without_month_gives_the_range_and_asks(conn: sqlite3.Connection) -> None:
    a = answer(conn, "我68年的男的什么时候退休", TODAY)
    assert a is not None and a["intent"] == "retirement"
    assert len(a["runs"]) == 12
    jan = registry.run("retirement", {"birth": "1968-01", "category": "male60"})["result"]
    dec = registry.run("retirement", {"birth": "1968-12", "category": "male60"})["result"]
    assert a["runs"][0]["result"]["retirement_month"] == jan["retirement_month"]
    y1, m1 = jan["retirement_month"].split("-")
    y2, m2 = dec["retirement_month"].split("-")
    assert f"{int(y1)}年{int(m1)}月至{int(y2)}年{int(m2)}月" in a["lines"][0]
    assert any("出生月份" in q for q in a["ask"])
    assert a["citations"] and a["link"].startswith("/calc/retirement?")


def test_full_birth_month_gives_one_answer(conn: sqlite3.Connection) -> None:
    a = answer(conn, "1971年4月出生的女干部几岁退休", TODAY)
    assert a is not None and len(a["runs"]) == 1 and not a["ask"]
    doc = registry.run("retirement", {"birth": "1971-04", "category": "female55"})
    assert doc["result"]["retirement_age_text"] in a["lines"][0]


def test_an_id_number_is_used_and_never_put_in_the_link(conn: sqlite3.Connection) -> None:
    a = answer(conn, "身份证110101196805120013的男职工什么时候退休", TODAY)
    doc = registry.run("retirement", {"id_number": "110101196805120013", "category": "male60"})
    assert a is not None and doc["result"]["retirement_age_text"] in a["lines"][0]
    assert "id_number" not in a["link"] and "0013" not in a["link"]
    bad = answer(conn, "身份证110101196805120014的男职工什么时候退休", TODAY)
    assert bad is not None and not bad["lines"] and any("校验位" in q for q in bad["ask"])


def test_a_woman_without_category_is_asked_which(conn: sqlite3.Connection) -> None:
    a = answer(conn, "我是女的，80年生，什么时候退休", TODAY)
    assert a is not None and len(a["runs"]) == 24  # 12 months × female55 and female50
    assert any("50周岁" in q for q in a["ask"])


def test_validity_of_a_docnum_outside_the_kb(conn: sqlite3.Connection, db_path: Path) -> None:
    from renshe.kb import KB
    from renshe.validity.status import status_of

    a = answer(conn, "渝人社发〔2018〕229号还有效吗", TODAY)
    assert a is not None and a["intent"] == "validity"
    kb = KB(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True), db_path)
    st = status_of(kb, "渝人社发〔2018〕229号", None)
    assert st["status"] in a["lines"][0]
    assert any((c["provision_id"] or "").startswith("渝人社发〔2024〕6号") for c in a["citations"])


def test_minimum_wage_by_district_and_without(conn: sqlite3.Connection) -> None:
    a = answer(conn, "渝中区最低工资", TODAY)
    doc = registry.run("minimum-wage", {"district": "渝中区"})
    assert a is not None and doc["result"]["monthly"] in a["lines"][0] and not a["ask"]
    b = answer(conn, "最低工资多少", TODAY)
    assert b is not None and b["lines"] and any("区县" in q for q in b["ask"])


def test_pension_adjustment_links_the_calculator(conn: sqlite3.Connection) -> None:
    a = answer(conn, "2024年养老金涨多少", TODAY)
    assert a is not None and a["intent"] == "pension-adjustment"
    assert a["link"].startswith("/calc/pension-adjustment") and a["citations"]
    assert any("16号" in (c["ref"] or "") for c in a["citations"])


def test_unemployment_months_come_from_the_rule(conn: sqlite3.Connection) -> None:
    a = answer(conn, "失业了能领多少钱", TODAY)
    assert a is not None and a["intent"] == "unemployment-benefit"
    base = {
        "separation_reason": "contract_ended",
        "registered": "true",
        "category": "male60",
        "birth": "1990-01",
        "separated_on": "2025-06-01",
    }
    for years in ("1", "5", "10"):
        months = registry.run("unemployment-benefit", {**base, "contribution_years": years})["result"][
            "max_months"
        ]
        assert f"最长{months}个月" in a["lines"][0]
    assert any("不在本汇编中" in n for n in a["notes"])
    b = answer(conn, "交了6年失业保险失业了能领几个月", TODAY)
    six = registry.run("unemployment-benefit", {**base, "contribution_years": "6"})["result"]["max_months"]
    assert b is not None and f"最长{six}个月" in b["lines"][0]


def test_no_answer_for_a_plain_topic(conn: sqlite3.Connection) -> None:
    assert answer(conn, "工伤认定", TODAY) is None
    doc = ask(conn, "工伤认定")
    assert doc["answer"] is None and doc["results"]


def test_cli_and_api(db_path: Path) -> None:
    from renshe.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["ask", "渝中区最低工资", "--json"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert data["answer"]["intent"] == "minimum-wage" and data["results"]
    assert runner.invoke(app, ["ask", "。。", "--json"]).exit_code == 2

    from fastapi.testclient import TestClient

    from renshe.server import create_app

    client = TestClient(create_app())
    r = client.get("/api/ask", params={"q": "我68年的男的什么时候退休"})
    assert r.status_code == 200 and r.json()["answer"]["intent"] == "retirement"
    assert client.get("/api/ask", params={"q": ""}).status_code == 422
    page = client.get("/search", params={"q": "我68年的男的什么时候退休"})
    assert page.status_code == 200 and 'class="answer"' in page.text


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("被辞退能拿多少补偿", "severance"),
        ("公司违法辞退赔偿金怎么算", "unlawful-termination"),
        ("入职半年了还没签合同怎么赔", "double-wage"),
        ("周末加班费怎么算", "overtime-pay"),
        ("试用期最长多久", "probation"),
    ],
)
def test_labour_contract_questions_route_to_their_calculator(question: str, rule: str) -> None:
    a = answer(sqlite3.connect(":memory:"), question)
    assert a is not None and a["intent"] == rule and a["link"] == f"/calc/{rule}"
    assert a["ask"] and a["citations"], "what to add, and the articles that decide it"
    assert all("本条不在本汇编中" not in (c.get("quote") or "") for c in a["citations"])
