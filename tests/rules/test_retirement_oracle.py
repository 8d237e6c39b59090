"""The oracle: every row of the annex tables of the retirement decision equals the calculator.

附件1–3 (source lines 577–824; 144 + 144 + 120 = 408 birth months) and 附件4 (lines 826–845,
15 years) are read from the knowledge base's own tables, so this checks the formula, the
parameters and the table parser against each other. The formula-only tests below pin the
boundaries with values printed in the source, so they fail even without the knowledge base.
"""

from __future__ import annotations

import re
from typing import Any

from renshe.rules.months import Month, age_text
from renshe.rules.registry import run
from renshe.rules.retirement import min_contribution, statutory

TABLES = {"延迟退休决定/表1": "male60", "延迟退休决定/表2": "female55", "延迟退休决定/表3": "female50"}
EXPECTED_ROWS = {"male60": 144, "female55": 144, "female50": 120}  # 408 in all


def ym(text: str) -> Month:
    m = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*", text)
    assert m, text
    return Month.of(int(m.group(1)), int(m.group(2)))


def years_months(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+)\s*[岁年]\s*(?:\+?\s*(\d+)\s*个月)?\s*", text)
    assert m, text
    return int(m.group(1)) * 12 + int(m.group(2) or 0)


def annex_rows(kb: Any) -> list[tuple[str, list[str]]]:
    rows: list[tuple[str, list[str]]] = []
    for table_id, category in TABLES.items():
        t = kb.table(table_id)
        assert t is not None, f"知识库中没有表 {table_id}"
        assert t["columns"] == ["出生时间", "改革后法定退休年龄", "改革后退休时间", "延迟月数"]
        assert len(t["rows"]) == EXPECTED_ROWS[category]
        rows.extend((category, r) for r in t["rows"])
    return rows


def test_annex_1_to_3_every_row(kb: Any) -> None:
    rows = annex_rows(kb)
    assert len(rows) == 408
    mismatches = []
    for category, (birth, age, month, delay) in rows:
        s = statutory(category, ym(birth))
        got = (age_text(s.age), s.month, s.delay, s.reform_applies)
        want = (age.replace(" ", ""), ym(month), int(delay), True)
        if got != want:
            mismatches.append((category, birth, got, want))
    assert mismatches == []


def test_annex_rows_through_the_rule(kb: Any) -> None:
    """The full calculator (not only the formula) on every row: month, delay, age text."""
    for category, (birth, age, month, delay) in annex_rows(kb):
        b = ym(birth)
        r = run("retirement", {"birth": b.iso(), "category": category})["result"]
        assert r["retirement_month"] == ym(month).iso()
        assert r["delay_months"] == int(delay)
        assert r["retirement_age_text"] == age.replace(" ", "")
        assert r["min_contribution_months"] == min_contribution(ym(month))[0]


def test_annex_4_every_year(kb: Any) -> None:
    t = kb.table("延迟退休决定/表4")
    assert t is not None
    assert t["columns"] == ["年份", "当年最低缴费年限"]
    assert len(t["rows"]) == 15
    for year, minimum in t["rows"]:
        y = int(year.strip().removesuffix("年"))
        for month in (1, 6, 12):
            assert min_contribution(Month.of(y, month))[0] == years_months(minimum), (year, minimum)


# --- formula only (values printed in the source) ----------------------------------------------


def test_minimum_contribution_by_year() -> None:
    # 附件4 (lines 830–845): 15 years to 2029, +6 months a year from 2030, 20 years in 2039.
    expected = {2025: 180, 2029: 180, 2030: 186, 2031: 192, 2034: 210, 2038: 234, 2039: 240, 2050: 240}
    for year, months in expected.items():
        assert min_contribution(Month.of(year, 7))[0] == months
