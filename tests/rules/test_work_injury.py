"""work-injury-benefits (issue 22): the figures against 工伤保险条例's stored text, and the
recognition window equal to the procedures catalogue's."""

from __future__ import annotations

import re
from datetime import date

import pytest

from renshe.procedures import compute, find
from renshe.rules.external import external_provision
from renshe.rules.registry import get_rule, run
from renshe.rules.work_injury import allowance_rate, lump_sum_months, recognition_window

ON = date(2025, 6, 1)
CN = "一二三四五六七八九十"


def test_lump_sum_months_equal_the_articles_text() -> None:
    text = "".join(
        external_provision(f"国务院令第375号/{a}").text for a in ("第三十五条", "第三十六条", "第三十七条")
    )  # type: ignore[union-attr]
    for grade in range(1, 11):
        m = re.search(f"{CN[grade - 1]}级伤残为(\\d+)个月的本人工资", text)
        assert m and lump_sum_months(grade, ON) == int(m.group(1)), grade
        r = re.search(f"{CN[grade - 1]}级伤残为本人工资的(\\d+)%", text)
        rate = allowance_rate(grade, ON)
        assert (rate is None and r is None) or (
            r is not None and rate is not None and rate * 100 == int(r.group(1))
        )


@pytest.mark.parametrize("injured", ["2025-03-01", "2024-02-29", "2024-11-20"])
def test_recognition_window_equals_the_catalogue(injured: str) -> None:
    employer, worker = recognition_window(date.fromisoformat(injured))
    assert compute(find("injury-recognition-employer"), injured).deadline == employer.isoformat()
    assert compute(find("injury-recognition-worker"), injured).deadline == worker.isoformat()


def test_apply_by_and_the_oracles() -> None:
    doc = run(
        "work-injury-benefits",
        {"injured_on": "2024-11-20", "monthly_wage": "6000", "area_average_wage": "8000", "grade": 7},
        on=ON,
    )
    assert doc["result"]["lump_sum"] == "78000.00" and doc["result"]["apply_by"] == "2025-11-20"
    doc = run(
        "work-injury-benefits",
        {"injured_on": "2024-11-20", "monthly_wage": "3000", "area_average_wage": "8000"},
        on=ON,
    )
    assert doc["result"]["own_wage"] == "4800.00"
    # the 2024 costs of that injury, recognised in 2025-02, settle by 2026-02-28 (7号 第四条)
    assert (
        compute(find("injury-medical-settlement"), "2024-11", {"recognised_on": "2025-02"}).deadline
        == "2026-02-28"
    )
    assert get_rule("work-injury-benefits").title.startswith("工伤保险待遇")


@pytest.mark.parametrize("applied", ["2024-09-27", "2025-06-03"])
def test_cross_province_filing_equals_the_catalogue(applied: str) -> None:
    doc = run("injury-cross-province", {"route": "referral", "applied_on": applied}, on=ON)
    assert compute(find("injury-cross-province-filing"), applied).deadline == doc["result"]["filing_done_by"]
