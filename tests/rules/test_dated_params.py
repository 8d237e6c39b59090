"""Each time-varying parameter gets a second dated value (in a temporary copy of the parameter
files): the answer and its explanation change for facts after that date, and not before.

This is the test the fixed-date reads failed: with `value_at(date(2024, 1, 1))` a new value from
2030 changed nothing. Each row names the parameter, the new value and its first day, and two
cases of the same rule: one whose governing fact is before that day, one after it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from renshe.errors import InputError
from renshe.rules.params import RULE_FOLDERS, ParamSet, load_params, params, shipped_param_files, using_params
from renshe.rules.registry import get_rule

Change = tuple[str, str, Any]  # (parameter, first day of the new value, new value)

M = "male60"


def _unemp(**kw: Any) -> dict[str, Any]:
    base = {"separation_reason": "contract_ended", "registered": True, "category": M}
    return {**base, **kw}


# (id, changes, rule, input before, input after, result must change)
SEV: dict[str, Any] = {"reason": "employer_art40", "monthly_wage": "8000", "service_months": 43}
SEV_CAPPED: dict[str, Any] = {
    **SEV,
    "monthly_wage": "40000",
    "service_months": 247,
    "area_average_wage": "10000",
}
OT: dict[str, Any] = {"hours": "2", "hourly_base": "30"}
PROB: dict[str, Any] = {
    "contract_months": 36,
    "contract_wage": "5000",
    "probation_wage": "4000",
    "district": "渝中区",
}
LOAN: dict[str, Any] = {"principal": "300000", "rate": "3.60", "term_months": 36}
STARTUP: dict[str, Any] = {
    "group": "graduate",
    "business": "individual",
    "people": 3,
    "graduation_date": "2023-06-20",
    "first_business": True,
    "operating": True,
    "workers_ok": True,
    "insured_no_arrears": True,
    "household_received": False,
    "business_received": False,
}
GLOAN: dict[str, Any] = {
    "applicant": "person",
    "group": "graduate",
    "birth": "1998-05",
    "category": M,
    "amount": "100000",
    "term_months": 12,
    "lpr_1y": "3.10",
    "rate": "3.45",
    "loan_count": 2,
    "repaid_well": True,
    "engineer": True,
}
GLOAN_FIRM: dict[str, Any] = {"applicant": "enterprise", "small_micro": True, "staff": 80, "new_hires": 9}
TAX: dict[str, Any] = {
    "kind": "self_employed",
    "annual_cap": "24000",
    "months": 6,
    "vat": "5000",
    "iit": "9000",
}
UNLAWFUL: dict[str, Any] = {"monthly_wage": "6000", "service_months": 24}

CASES: list[tuple[str, list[Change], str, dict[str, Any], dict[str, Any], bool]] = [
    (
        "retirement.target_age_months",
        [("retirement.target_age_months", "2030-01-01", {"male60": 768, "female55": 696, "female50": 660})],
        "retirement",
        {"birth": "1966-01", "category": M},
        {"birth": "1980-01", "category": M},
        True,
    ),
    (
        "retirement.step_birth_months",
        [("retirement.step_birth_months", "2030-01-01", {"male60": 2, "female55": 4, "female50": 2})],
        "retirement",
        {"birth": "1966-01", "category": M},
        {"birth": "1972-01", "category": M},
        True,
    ),
    (
        "retirement.min_contribution_months",
        [("retirement.min_contribution_months", "2045-01-01", 252)],
        "retirement",
        {"birth": "1970-01", "category": M},
        {"birth": "1983-01", "category": M},
        True,
    ),
    (
        "retirement.flexible_early_max_months",
        [("retirement.flexible_early_max_months", "2035-01-01", 24)],
        "retirement",
        {"birth": "1966-01", "category": M},
        {"birth": "1976-01", "category": M},
        True,
    ),
    (
        "retirement.flexible_late_max_months",
        [("retirement.flexible_late_max_months", "2035-01-01", 24)],
        "retirement",
        {"birth": "1966-01", "category": M},
        {"birth": "1976-01", "category": M},
        True,
    ),
    (
        "retirement.early_notice_months",
        [("retirement.early_notice_months", "2035-01-01", 6)],
        "retirement",
        {"birth": "1966-01", "category": M, "planned_month": "2026-03"},
        {"birth": "1975-01", "category": M, "planned_month": "2036-06"},
        True,
    ),
    (
        "retirement.late_agreement_months",
        [("retirement.late_agreement_months", "2035-01-01", 2)],
        "retirement",
        {"birth": "1966-01", "category": M, "planned_month": "2027-01"},
        {"birth": "1975-01", "category": M, "planned_month": "2038-06"},
        True,
    ),
    (
        "unemployment.min_contribution_months",
        [("unemployment.min_contribution_months", "2030-01-01", 24)],
        "unemployment-benefit",
        _unemp(contribution_years="1.5", birth="1985-05", separated_on="2025-03-01"),
        _unemp(contribution_years="1.5", birth="1985-05", separated_on="2030-03-01"),
        True,
    ),
    (
        "unemployment.duration_tiers",
        [("unemployment.duration_tiers", "2030-01-01", [[12, 6], [60, 18], [120, 24]])],
        "unemployment-benefit",
        _unemp(contribution_years="3", birth="1985-05", separated_on="2025-03-01"),
        _unemp(contribution_years="3", birth="1985-05", separated_on="2030-03-01"),
        True,
    ),
    (
        "unemployment.max_combined_months",
        [("unemployment.max_combined_months", "2030-01-01", 30)],
        "unemployment-benefit",
        _unemp(
            contribution_years="12", birth="1985-05", separated_on="2025-03-01", previous_unused_months=10
        ),
        _unemp(
            contribution_years="12", birth="1985-05", separated_on="2030-03-01", previous_unused_months=10
        ),
        True,
    ),
    (
        "unemployment.near_retirement_months",
        [("unemployment.near_retirement_months", "2030-01-01", 24)],
        "unemployment-benefit",
        _unemp(contribution_years="12", birth="1966-06", separated_on="2023-03-15"),
        _unemp(contribution_years="12", birth="1972-06", separated_on="2031-01-15"),
        True,
    ),
    (
        "unemployment.fund_pension_period",
        [
            (
                "unemployment.fund_pension_period",
                "2040-01-01",
                {"from": dt.date(2040, 1, 1), "until": dt.date(2049, 12, 31)},
            )
        ],
        "unemployment-benefit",
        _unemp(contribution_years="12", birth="1966-06", separated_on="2025-06-15"),
        _unemp(contribution_years="12", birth="1980-01", separated_on="2041-06-15"),
        True,
    ),
    (
        "unemployment.review_working_days",
        [("unemployment.review_working_days", "2026-01-01", 15)],
        "unemployment-benefit",
        _unemp(contribution_years="12", birth="1985-05", separated_on="2025-03-01", applied_on="2025-03-03"),
        _unemp(contribution_years="12", birth="1985-05", separated_on="2026-03-01", applied_on="2026-03-03"),
        True,
    ),
    (
        "unemployment.review_days_bylaw",
        [("unemployment.review_days_bylaw", "2026-01-01", 20)],
        "unemployment-benefit",
        _unemp(contribution_years="12", birth="1985-05", separated_on="2025-03-01", applied_on="2025-03-03"),
        _unemp(contribution_years="12", birth="1985-05", separated_on="2026-03-01", applied_on="2026-03-03"),
        True,
    ),
    (
        "unemployment.application_days",
        [("unemployment.application_days", "2026-01-01", 90)],
        "unemployment-benefit",
        _unemp(contribution_years="12", birth="1985-05", separated_on="2025-03-01"),
        _unemp(contribution_years="12", birth="1985-05", separated_on="2026-03-01"),
        True,
    ),
    (
        "disability.near_retirement_months",
        [("disability.near_retirement_months", "2030-01-01", 36)],
        "disability-allowance",
        {"birth": "1970-01", "category": M, "contribution_years": "20", "applied_on": "2029-06-01"},
        {"birth": "1975-01", "category": M, "contribution_years": "20", "applied_on": "2034-06-01"},
        True,
    ),
    (
        "disability.limited_months",
        [
            (
                "disability.limited_months",
                "2030-01-01",
                {"base_months": 24, "threshold_years": 5, "months_per_year": 3},
            )
        ],
        "disability-allowance",
        {"birth": "1970-01", "category": M, "contribution_years": "8", "applied_on": "2026-06-01"},
        {"birth": "1975-01", "category": M, "contribution_years": "8", "applied_on": "2031-06-01"},
        True,
    ),
    (
        "disability.review_suspension_days",
        [("disability.review_suspension_days", "2030-01-01", 90)],
        "disability-allowance",
        {"birth": "1970-01", "category": M, "contribution_years": "8", "applied_on": "2026-06-01"},
        {"birth": "1975-01", "category": M, "contribution_years": "8", "applied_on": "2031-06-01"},
        True,
    ),
    (
        "disability.publicity_working_days",
        [("disability.publicity_working_days", "2030-01-01", 7)],
        "disability-allowance",
        {"birth": "1970-01", "category": M, "contribution_years": "8", "applied_on": "2026-06-01"},
        {"birth": "1975-01", "category": M, "contribution_years": "8", "applied_on": "2031-06-01"},
        False,  # a wording of the procedure only: the explanation changes, no result field does
    ),
    (
        "minimum_wage.tiers",
        [("minimum_wage.tiers", "2026-01-01", "raise")],
        "minimum-wage",
        {"district": "渝中区", "on": "2025-06-01", "monthly_wage": "2400"},
        {"district": "渝中区", "on": "2026-03-01", "monthly_wage": "2400"},
        True,
    ),
    (
        "contribution_base (one year's three figures)",
        [
            ("contribution_base.average_wage_annual", "2025-01-01", 90000),
            ("contribution_base.ratios", "2025-01-01", {"floor": "0.6", "cap": "3"}),
            (
                "contribution_base.stated_range",
                "2025-01-01",
                {"employee": {"floor": 4500, "cap": 22500}, "individual": {"floor": 4500, "cap": 22500}},
            ),
        ],
        "contribution-base",
        {"wage": "3000", "year": 2024},
        {"wage": "3000", "year": 2025},
        True,
    ),
    *[
        (
            name,
            [(name, "2030-01-01", value)],
            rule,
            {**base, "end": "2025-06-30"},
            {**base, "end": "2030-06-30"},
            changes,
        )
        for name, value, rule, base, changes in [
            ("severance.months_per_year", 2, "severance", SEV, True),
            ("severance.round_up_months", 8, "severance", SEV, True),
            ("severance.short_service_pay", "0.6", "severance", {**SEV, "service_months": 5}, True),
            ("severance.cap_multiple", 2, "severance", SEV_CAPPED, True),
            ("severance.cap_years", 10, "severance", SEV_CAPPED, True),
            ("severance.wage_window_months", 6, "severance", SEV, False),
            ("unlawful_termination.multiple", 3, "unlawful-termination", UNLAWFUL, True),
        ]
    ],
    *[
        (
            name,
            [(name, "2030-01-01", value)],
            "double-wage",
            {"start": "2025-03-01", "contract_signed": "2025-09-01", "monthly_wage": "6000"},
            {"start": "2030-03-01", "contract_signed": "2030-09-01", "monthly_wage": "6000"},
            True,
        )
        for name, value in [
            ("double_wage.grace_months", 2),
            ("double_wage.limit_months", 5),
            ("double_wage.multiple", 3),
        ]
    ],
    *[
        (
            name,
            [(name, "2026-03-01", value)],
            "overtime-pay",
            {**base, "day": "2025-06-10"},
            {**base, "day": "2026-06-10"},
            changes,
        )
        for name, value, base, changes in [
            ("overtime.rates", {"workday": "2", "rest_day": "2", "holiday": "3"}, OT, True),
            ("overtime.daily_hours", 7, OT, False),
            ("overtime.weekly_hours", 40, OT, False),
            ("overtime.daily_general_max", 2, OT, True),
            ("overtime.daily_max", 1, OT, True),
            ("overtime.monthly_max", 48, {**OT, "month_hours": "40"}, True),
        ]
    ],
    *[
        (
            name,
            [(name, "2030-01-01", value)],
            "probation",
            {**PROB, "on": "2025-06-01"},
            {**PROB, "on": "2030-06-01"},
            True,
        )
        for name, value in [
            (
                "probation.limits",
                [
                    {"term_from": 3, "term_below": 12, "max_months": 1},
                    {"term_from": 12, "term_below": 36, "max_months": 2},
                    {"term_from": 36, "term_below": None, "max_months": 4},
                ],
            ),
            ("probation.wage_ratio", "0.9"),
        ]
    ],
    *[
        (
            name,
            [(name, "2027-01-01", value)],
            "guarantee-loan-subsidy",
            {**LOAN, "start": "2025-01-01", "term_months": 12, "quarter": "2025Q3"},
            {**LOAN, "start": "2027-01-01", "quarter": "2027Q3"},
            changes,
        )
        for name, value, changes in [
            ("loan_subsidy.share", "0.6", True),
            ("loan_subsidy.claim_working_days", 15, True),
            ("loan_subsidy.review_months", 2, True),
            ("loan_subsidy.credit_working_days", 5, True),
        ]
    ],
    *[
        (
            name,
            [(name, "2027-01-01", value)],
            "startup-subsidy",
            {**STARTUP, "registered_on": "2024-03-01", "applied_on": "2025-06-01"},
            {**STARTUP, "registered_on": "2026-03-01", "applied_on": "2027-06-01"},
            True,
        )
        for name, value in [
            ("startup_subsidy.per_person", 2500),
            ("startup_subsidy.cap", 5000),
            ("startup_subsidy.operating_years", {"min": 2, "max": 4}),
            ("startup_subsidy.graduate_years", 3),
            ("startup_subsidy.contract_si", {"contract_years": 2, "si_months": 6}),
        ]
    ],
    *[
        (
            name,
            [(name, "2027-01-01", value)],
            "guarantee-loan",
            {**GLOAN, "contract_on": "2025-03-15"},
            {**GLOAN, "contract_on": "2027-06-01"},
            True,
        )
        for name, value in [
            (
                "guarantee_loan.caps",
                {"person": 250000, "partner": 300000, "partnership_total": 3000000, "enterprise": 3000000},
            ),
            ("guarantee_loan.rate_margin_bp", 30),
            ("guarantee_loan.max_term_months", {"person": 24, "enterprise": 12}),
            ("guarantee_loan.max_loans", 1),
            ("guarantee_loan.min_age_years", 30),
            ("guarantee_loan.no_counter_guarantee_max", 50000),
            ("guarantee_loan.engineer_list", {"person": 250000, "enterprise": 3500000, "lpr_minus_bp": 100}),
        ]
    ],
    (
        "guarantee_loan.new_hires",
        [("guarantee_loan.new_hires", "2027-01-01", {"share": 20, "large_share": 10, "large_above": 50})],
        "guarantee-loan",
        {**GLOAN_FIRM, "contract_on": "2025-03-15"},
        {**GLOAN_FIRM, "contract_on": "2027-06-01"},
        True,
    ),
    *[
        (
            name,
            [(name, "2026-01-01", value)],
            "startup-tax-relief",
            {**TAX, "year": 2025},
            {**TAX, "year": 2026},
            True,
        )
        for name, value in [
            ("tax_relief.months_per_year", 10),
            (
                "tax_relief.order",
                {
                    "self_employed": ["iit", "vat", "urban", "education", "local_education"],
                    "employer": ["vat", "urban", "education", "local_education"],
                },
            ),
        ]
    ],
]

# Parameters that are not read on a fact's date, and why (each is the definition of a regime, or
# one event's figures chosen by the event).
NOT_TIME_VARYING = {
    "retirement.reform_start": "the first day of the delayed-retirement regime (决定 五)",
    "retirement.original_age_months": "the ages the reform starts from (决定 一): its baseline",
    "disability.start": "the first day of the 病残津贴 regime (办法 第十四条)",
    "severance.law_start": "the day 劳动合同法 took effect (第九十八条), where 第九十七条 splits the years",
    # the 2024 渝创渝新 round (渝人社办〔2024〕73号): one event, its figures read on its notice day
    "yuchuang.round": "the 2024 round's notice day and application deadline",
    "yuchuang.years": "the 2024 round's graduation and registration windows",
    "yuchuang.tiers": "the 2024 round's tier conditions",
    "yuchuang.awards": "the 2024 round's awards",
}
EVENT_PREFIX = "pension_2024."  # the 2024 adjustment: one event, its figures read on its own day


def _raise_wage(v: dict[Any, Any]) -> dict[Any, Any]:
    out = {k: dict(spec) for k, spec in v.items()}
    for spec in out.values():
        spec["monthly"] = int(spec["monthly"]) + 170
        spec["hourly"] = int(spec["hourly"]) + 2
    return out


def second_value(tmp: Path, changes: list[Change]) -> ParamSet:
    """A copy of the shipped parameter files with a new dated value for each changed parameter;
    the value in force until then ends the day before."""
    docs: dict[str, Any] = {}
    for folder, f in zip(RULE_FOLDERS, shipped_param_files(), strict=True):
        docs[folder] = yaml.safe_load(f.read_text(encoding="utf-8"))
    for name, start, value in changes:
        day = dt.date.fromisoformat(start)
        spec = next(d["parameters"][name] for d in docs.values() if name in d.get("parameters", {}))
        last = spec["values"][-1]
        if last.get("until") is None or last["until"] >= day:
            last["until"] = day - dt.timedelta(days=1)
        if value == "raise":
            value = _raise_wage(last["value"])
        spec["values"].append({"from": day, "value": value, "cite": list(last["cite"])})
    for folder, d in docs.items():
        (tmp / f"{folder}.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return load_params(tmp)


ASKED_KEYS = ("in_force", "ended_on")


def _doc(rule: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The calculator document without the keys that depend on the date asked: a new value
    rightly ends the old one (`in_force` false, `ended_on` its last day) for every fact."""
    doc = get_rule(rule).run(raw)
    for k in ASKED_KEYS:
        doc["result"].pop(k, None)
    return doc


@pytest.mark.parametrize(
    ("changes", "rule", "before", "after", "result_changes"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_second_dated_value(
    tmp_path: Path,
    changes: list[Change],
    rule: str,
    before: dict[str, Any],
    after: dict[str, Any],
    result_changes: bool,
) -> None:
    old_before = _doc(rule, before)
    try:
        old_after: dict[str, Any] | None = _doc(rule, after)
    except InputError:  # e.g. a contribution year the shipped parameters do not hold
        old_after = None
    with using_params(second_value(tmp_path, changes)):
        new_before, new_after = _doc(rule, before), _doc(rule, after)
    assert new_before == old_before, "a fact before the new value's first day must not change"
    if old_after is None:
        return
    assert new_after["steps"] != old_after["steps"], "the explanation must state the new value"
    if result_changes:
        assert new_after["result"] != old_after["result"]


def test_every_time_varying_parameter_is_covered() -> None:
    covered = {name for case in CASES for name, _, _ in case[1]}
    names = set(params().params)
    missing = sorted(n for n in names - covered - set(NOT_TIME_VARYING) if not n.startswith(EVENT_PREFIX))
    assert missing == []


def test_the_override_is_scoped(tmp_path: Path) -> None:
    ps = second_value(tmp_path, [("retirement.early_notice_months", "2035-01-01", 6)])
    with using_params(ps):
        assert params() is ps
    assert params() is not ps
