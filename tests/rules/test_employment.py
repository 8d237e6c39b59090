"""The employment subsidies (issue 19): their apply-by dates agree with the procedures catalogue,
which counts the same limits of 渝人社发〔2024〕17号 by name (`renshe deadline --procedure …`), and the
shared predicates answer as their definitions say."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from renshe.procedures.catalogue import by_id
from renshe.procedures.compute import compute as deadline
from renshe.rules.employment import add_years, departure_day, in_graduation_year, trainee_window_end
from renshe.rules.registry import get_rule

GRAD = {"small_micro": True, "still_insured": True}
# (rule, inputs, procedure, the day the conditions are met: the last day of the last insured month)
PAIRS: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "graduate-employer-si",
        {**GRAD, "graduation_date": "2024-06-20", "insured_from": "2024-08", "insured_months": 12},
        "graduate-si-subsidy-application",
        "2025-07-31",
    ),
    (
        "absorption-subsidy",
        {
            **GRAD,
            "graduation_date": "2021-06-20",
            "registered_unemployed": True,
            "insured_from": "2024-09",
            "insured_months": 12,
        },
        "absorption-subsidy-application",
        "2025-08-31",
    ),
    (
        "job-expansion-subsidy",
        {
            "graduation_date": "2025-06-20",
            "contract_signed": True,
            "still_insured": True,
            "insured_from": "2025-07",
            "insured_months": 3,
        },
        "expansion-subsidy-application",
        "2025-09-30",
    ),
    (
        "shortage-post-subsidy",
        {
            "birth_date": "1995-05-01",
            "industry": "manufacturing",
            "shortage_post": True,
            "still_insured": True,
            "insured_from": "2024-07",
            "insured_months": 12,
        },
        "shortage-job-subsidy-application",
        "2025-06-30",
    ),
    (
        "flexible-lump-sum",
        {
            "graduation_date": "2021-06-20",
            "registered_unemployed": True,
            "flexible_type": "ride_hailing_driver",
            "still_insured": True,
            "insured_from": "2024-05",
            "insured_months": 13,
        },
        "flexible-employment-subsidy-application",
        "2025-04-30",
    ),
    (
        "graduate-travel-subsidy",
        {
            "graduation_date": "2025-06-20",
            "university_outside_chongqing": True,
            "shortage_post": True,
            "insured_from": "2025-08",
            "insured_months": 2,
        },
        "travel-subsidy-application",
        "2025-08-01",
    ),
]


@pytest.mark.parametrize(("rule", "inputs", "procedure", "met_on"), PAIRS, ids=[p[0] for p in PAIRS])
def test_apply_by_agrees_with_the_procedures_catalogue(
    rule: str, inputs: dict[str, Any], procedure: str, met_on: str
) -> None:
    doc = get_rule(rule).run(inputs, on=date(2025, 3, 1))
    assert doc["result"]["eligible"] is True
    assert doc["result"]["apply_by"] == str(deadline(by_id(procedure), met_on).deadline)


def test_graduate_windows_per_policy() -> None:
    """17号 九(二): leaving deemed 30 June; 12号 第三条: 见习 counts from the diploma date."""
    g = date(2023, 6, 20)
    assert departure_day(g) == date(2023, 6, 30)
    assert add_years(departure_day(g), 2) == date(2025, 6, 30)
    assert trainee_window_end(g) == date(2025, 6, 20)
    assert in_graduation_year(g, date(2023, 12, 31)) and not in_graduation_year(g, date(2024, 1, 1))


def test_expansion_on_2026_07_01_says_the_acceptance_closed() -> None:
    doc = get_rule("job-expansion-subsidy").run(
        {
            "graduation_date": "2025-06-20",
            "contract_signed": True,
            "still_insured": True,
            "insured_from": "2025-12",
            "insured_months": 6,
        },
        on=date(2026, 7, 1),
    )
    r = doc["result"]
    assert (r["eligible"], r["in_force"], r["ended_on"]) == (False, False, "2026-06-30")
    failed = [c for c in r["conditions"] if c["met"] is False]
    assert failed and "八、(四)3" in failed[0]["citation"]
    assert any("2026年6月30日截止" in w and "八、(四)3" in w for w in doc["warnings"])
