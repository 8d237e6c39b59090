"""The oracle: every row of the annex tables of the retirement decision equals the calculator.

附件1–3 (source lines 577–824; 144 + 144 + 120 = 408 birth months) and 附件4 (lines 826–845,
15 years) are read from the knowledge base's own tables, so this checks the formula, the
parameters and the table parser against each other. The formula-only tests below pin the
boundaries with values printed in the source, so they fail even without the knowledge base.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

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

BOUNDARIES = [
    # category, birth, age text, retirement month, delay   (source line)
    ("male60", "1965-01", "60岁1个月", "2025-02", 1),  # 583
    ("male60", "1976-12", "63岁", "2039-12", 36),  # 附件1 last row
    ("female55", "1970-01", "55岁1个月", "2025-02", 1),  # 附件2 first row
    ("female55", "1971-04", "55岁4个月", "2026-08", 4),
    ("female55", "1981-12", "58岁", "2039-12", 36),  # 附件2 last row
    ("female50", "1975-01", "50岁1个月", "2025-02", 1),  # 附件3 first row
    ("female50", "1979-03", "52岁2个月", "2031-05", 26),  # 797
    ("female50", "1981-01", "53岁1个月", "2034-02", 37),  # 801
    ("female50", "1981-04", "53岁2个月", "2034-06", 38),  # 804 (printed "2月")
    ("female50", "1984-10", "54岁11个月", "2039-09", 59),  # 822
    ("female50", "1984-11", "55岁", "2039-11", 60),  # 823
    ("female50", "1984-12", "55岁", "2039-12", 60),  # 824
]


@pytest.mark.parametrize(("category", "birth", "age", "month", "delay"), BOUNDARIES)
def test_formula_boundaries(category: str, birth: str, age: str, month: str, delay: int) -> None:
    s = statutory(category, Month.parse(birth))
    assert (age_text(s.age), s.month.iso(), s.delay) == (age, month, delay)


# Outside the reform: reached the original age by 2024-12 (暂行办法第十四条, line 1350).
OUTSIDE = [
    ("male60", "1964-12", "60岁", "2024-12"),
    ("female55", "1969-12", "55岁", "2024-12"),
    ("female50", "1974-12", "50岁", "2024-12"),
    ("male60", "1963-12", "60岁", "2023-12"),
    ("female55", "1963-04", "55岁", "2018-04"),
]


@pytest.mark.parametrize(("category", "birth", "age", "month"), OUTSIDE)
def test_outside_reform(category: str, birth: str, age: str, month: str) -> None:
    s = statutory(category, Month.parse(birth))
    assert not s.reform_applies
    assert (age_text(s.age), s.month.iso(), s.delay) == (age, month, 0)


def test_minimum_contribution_by_year() -> None:
    # 附件4 (lines 830–845): 15 years to 2029, +6 months a year from 2030, 20 years in 2039.
    expected = {2025: 180, 2029: 180, 2030: 186, 2031: 192, 2034: 210, 2038: 234, 2039: 240, 2050: 240}
    for year, months in expected.items():
        assert min_contribution(Month.of(year, 7))[0] == months
