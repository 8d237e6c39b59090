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


def _od(name: str) -> dict[Any, Any]:
    """A shipped list of the occupational-disease rule, to change one entry of."""
    from renshe.rules.params import param

    return dict(param(f"occupational_disease.{name}").first.value)


XP: dict[str, Any] = {
    "route": "long_stay",
    "confirmed": True,
    "months_outside": 8,
    "meets_local_requirements": True,
    "prepayment_usage": "0.8",
}
WI: dict[str, Any] = {
    "monthly_wage": "5000",
    "area_average_wage": "9000",
    "grade": 5,
    "care_level": "most",
    "suspension_months": 13,
    "suspension_extended": True,
    "district": "渝中区",
    "allowance_on": "2025-09-01",
    "died": True,
    "spouse": True,
    "other_dependants": 1,
    "alone_dependants": 1,
    "national_income": "50000",
}
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
    # work-injury-benefits (issue 22): the injury day decides; one case touches every figure
    *[
        (
            name,
            [(name, "2030-01-01", value)],
            "work-injury-benefits",
            {**WI, "injured_on": "2025-03-10", "employer_filed_on": "2025-04-19"},
            {**WI, "injured_on": "2030-03-10", "employer_filed_on": "2030-04-19"},
            changes,
        )
        for name, value, changes in [
            ("injury.own_wage_months", 6, False),
            ("injury.own_wage_bounds", {"floor": "0.5", "cap": "3"}, True),
            (
                "injury.lump_sum_months",
                {1: 27, 2: 25, 3: 23, 4: 21, 5: 20, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7},
                True,
            ),
            ("injury.allowance_rate", {1: "0.9", 2: "0.85", 3: "0.8", 4: "0.75", 5: "0.75", 6: "0.6"}, True),
            ("injury.fund_allowance_grades", 5, True),
            ("injury.suspension_months", 14, True),
            ("injury.suspension_extension_months", 6, True),
            ("injury.care_rate", {"full": "0.5", "most": "0.45", "partial": "0.3"}, True),
            ("injury.funeral_months", 8, True),
            ("injury.survivor_rate", {"spouse": "0.5", "other": "0.3", "alone_extra": "0.1"}, True),
            ("injury.death_grant_multiple", 25, True),
            ("injury.recognition_window", {"employer_days": 60, "worker_months": 12}, True),
        ]
    ],
    # occupational-disease (issue 22): the lists of the diagnosis day
    *[
        (
            name,
            [(name, "2030-01-01", value)],
            "occupational-disease",
            {"disease": "苯中毒", "diagnosed_on": "2025-09-01"},
            {"disease": "苯中毒", "diagnosed_on": "2030-09-01"},
            True,
        )
        for name, value in [
            ("occupational_disease.catalogue", {**_od("catalogue"), "五/27": "苯及其化合物中毒"}),
            ("occupational_disease.acute", {**_od("acute"), 18: "甲苯二异氰酸酯中毒"}),
        ]
    ],
    # injury-cross-province (issue 22): the application day decides
    *[
        (
            name,
            [(name, "2030-01-01", value)],
            "injury-cross-province",
            {**XP, "applied_on": "2025-06-03"},
            {**XP, "applied_on": "2030-06-03"},
            True,
        )
        for name, value in [
            ("cross_province.min_months_outside", 9),
            ("cross_province.filing_working_days", 10),
            ("cross_province.warning_rates", {"yellow": "0.75", "red": "0.9"}),
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
            ("loan_subsidy.refund_quarters", 2, False),
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


# --- issue 21: training and evaluation subsidies (facts before / after 2024-09-01) ---------
TS: dict[str, Any] = {"occupation": "育婴员", "certificate": "junior", "hours": 40, "outcome": "employed"}
EV: dict[str, Any] = {"occupation": "叉车司机", "certificate": "intermediate"}
UP: dict[str, Any] = {"level": "junior", "insured_months": 12}
_B = {
    "training_cert": {"cap": 800, "hourly": 17},
    "special": {"cap": 900, "hourly": 19},
    "junior": {"cap": 1100, "hourly": 22},
    "intermediate": {"cap": 1500, "hourly": 23},
    "senior": {"cap": 2000, "hourly": 25},
    "technician": {"cap": 2500, "hourly": 30},
    "senior_technician": {"cap": 3000, "hourly": 40},
}
_ADJ = {
    "A": {"cap": "0.40", "hourly": "0.20"},
    "B": {"cap": "0", "hourly": "0"},
    "C": {"cap": "-0.30", "hourly": "-0.15"},
    "A+": {"cap": "0.60", "hourly": "0.30"},
}
_PROG = {
    "labour_prep": {"amount": 5000, "max_years": 2},
    "apprentice": {"amount": 5000, "senior_amount": 6000, "hours_per_year": 160, "max_years": 2},
    "technician": {"amount": 2500, "hours": 50},
    "senior_technician": {"amount": 3000, "hours": 50},
    "gyb": {"amount": 400, "hours": 24},
    "syb": {"amount": 1600, "hours": 80},
    "syb_short": {"amount": 1100, "hours": 56},
    "iyb": {"amount": 1500, "hours": 56},
    "online_startup": {"amount": 1300, "hours": 56},
    "job_search": {"amount": 1300, "hours": 56},
    "luyu": {"amount": 3000},
}
_D = "2024-09-01"
CASES += [
    (name, [(name, _D, value)], rule, {**base, key: "2024-06-01"}, {**base, key: "2024-10-01"}, changes)
    for name, value, rule, base, key, changes in [
        ("training.b_table", _B, "training-subsidy", TS, "start", True),
        ("training.class_adjust", _ADJ, "training-subsidy", {**TS, "occupation": "车工"}, "start", True),
        (
            "training.brand_bonus",
            "0.40",
            "training-subsidy",
            {**TS, "hours": 60, "brand_project": True},
            "start",
            True,
        ),
        (
            "training.institution_bonus",
            {"city": "0.15", "national_center": "0.25"},
            "training-subsidy",
            {**TS, "institution_level": "city"},
            "start",
            True,
        ),
        (
            "training.outcome_factor",
            {
                "new_job": "1.10",
                "not_employed": "0.90",
                "employed": "1.05",
                "post": "1.00",
                "project": "1.00",
            },
            "training-subsidy",
            TS,
            "start",
            True,
        ),
        (
            "training.online_share",
            "0.40",
            "training-subsidy",
            {**TS, "hours": 20, "online_hours": 20},
            "start",
            True,
        ),
        ("training.online_hourly", 12, "training-subsidy", {**TS, "online_hours": 10}, "start", True),
        (
            "training.course_max_hours",
            {"adaptive": 20, "pre_job": 30, "general_quality": 30},
            "training-subsidy",
            {**TS, "hours": 24, "course": "adaptive"},
            "start",
            True,
        ),
        ("training.class_size_max", 40, "training-subsidy", {**TS, "class_size": 45}, "start", True),
        ("training.per_year", 2, "training-subsidy", {**TS, "trainings_this_year": 1}, "start", True),
        ("training.lifetime", 4, "training-subsidy", {**TS, "trainings_received": 3}, "start", True),
        (
            "training.age_cap",
            {"male": 63, "female": 58},
            "training-subsidy",
            {**TS, "birth": "1963-03", "sex": "male"},
            "start",
            True,
        ),
        (
            "evaluation.amounts",
            {
                "special": 150,
                "junior": 200,
                "intermediate": 300,
                "senior": 300,
                "technician": 400,
                "senior_technician": 500,
            },
            "skill-evaluation-subsidy",
            EV,
            "certificate_date",
            True,
        ),
        ("evaluation.a_bonus", "0.40", "skill-evaluation-subsidy", EV, "certificate_date", True),
        (
            "evaluation.per_year",
            2,
            "skill-evaluation-subsidy",
            {**EV, "evaluations_this_year": 1},
            "certificate_date",
            True,
        ),
        (
            "evaluation.lifetime",
            4,
            "skill-evaluation-subsidy",
            {**EV, "evaluations_received": 3},
            "certificate_date",
            True,
        ),
        (
            "evaluation.age_cap",
            {"male": 63, "female": 58},
            "skill-evaluation-subsidy",
            {**EV, "birth": "1968-05-01", "sex": "female"},
            "certificate_date",
            True,
        ),
        (
            "programme.amounts",
            _PROG,
            "training-programme",
            {"programme": "syb", "outcome": "employed"},
            "start",
            True,
        ),
        (
            "programme.labour_prep_living",
            2500,
            "training-programme",
            {"programme": "labour_prep", "rural_or_dibao": True},
            "start",
            True,
        ),
        (
            "programme.technician_ui_months",
            18,
            "training-programme",
            {"programme": "technician", "ui_months": 12, "occupation": "车工"},
            "start",
            True,
        ),
        (
            "programme.luyu_months",
            6,
            "training-programme",
            {"programme": "luyu", "months_in_shandong": 3},
            "start",
            True,
        ),
        (
            "programme.poverty_living",
            {"hourly": 20, "max_hours": 180},
            "training-programme",
            {"programme": "poverty_living", "hours": 100},
            "start",
            True,
        ),
        (
            "upgrade.caps",
            {"junior": 1200, "intermediate": 1500, "senior": 2000},
            "skill-upgrade-subsidy",
            UP,
            "certificate_date",
            True,
        ),
        ("upgrade.insured_months", 24, "skill-upgrade-subsidy", UP, "certificate_date", True),
        (
            "upgrade.per_year",
            4,
            "skill-upgrade-subsidy",
            {**UP, "count_this_year": 3},
            "certificate_date",
            True,
        ),
        (
            "newcitizen.age",
            {"min": 16, "max": 70},
            "new-citizen-training",
            {"mode": "offline", "birth": "1956-01", "in_chongqing": True},
            "training_date",
            True,
        ),
        (
            "newcitizen.online",
            {"amount": 30, "credits": 20},
            "new-citizen-training",
            {"mode": "online", "credits": 20},
            "training_date",
            True,
        ),
        (
            "newcitizen.offline",
            {"hourly": 35, "per_year": 1, "hours_per_session": 1},
            "new-citizen-training",
            {"mode": "offline"},
            "training_date",
            True,
        ),
    ]
]

# Parameters that are not read on a fact's date, and why (each is the definition of a regime, or
# one event's figures chosen by the event).

# --- issue 19: employment subsidies. Each rule's facts before and after the new value's day. ---
_HES = {
    "group": "zero_employment_family",
    "recognised": True,
    "hukou_chongqing": True,
    "contract_signed": True,
    "insured_months": 8,
    "base_floor": "4500",
    "employer_pension_rate": "16",
    "employer_unemployment_rate": "0.5",
    "employer_medical_rate": "8.5",
}
HES_B = {**_HES, "insured_from": "2024-07", "month": "2024-09"}
HES_A = {**_HES, "insured_from": "2025-07", "month": "2025-09"}
_4050 = {"group": "unemployed_4050"}
_HFS = {
    "group": "disabled",
    "recognised": True,
    "hukou_chongqing": True,
    "flexible_type": "ride_hailing_driver",
    "flexible_registered": True,
    "pension_rate": "20",
    "medical_lowest_monthly": "300",
    "base_floor": "4500",
}
HFS_B = {**_HFS, "insured_from": "2024-07", "month": "2024-10"}
HFS_A = {**_HFS, "insured_from": "2025-07", "month": "2025-10"}
_GES = {"small_micro": True, "insured_months": 12, "still_insured": True}
GES_B = {**_GES, "graduation_date": "2024-06-20", "insured_from": "2024-08"}
GES_A = {**_GES, "graduation_date": "2025-06-20", "insured_from": "2025-08"}
_ABS = {"registered_unemployed": True, "small_micro": True, "insured_months": 12, "still_insured": True}
ABS_B = {**_ABS, "graduation_date": "2021-06-20", "insured_from": "2024-09"}
ABS_A = {**_ABS, "graduation_date": "2022-06-20", "insured_from": "2025-09"}
_EXP = {"graduation_date": "2025-06-20", "contract_signed": True, "insured_months": 3, "still_insured": True}
EXP_B = {**_EXP, "insured_from": "2025-07"}
EXP_A = {**_EXP, "insured_from": "2025-10"}
_GFS = {
    "registered_unemployed": True,
    "flexible_type": "online_delivery",
    "insured_months": 12,
    "still_insured": True,
}
GFS_B = {
    **_GFS,
    "graduation_date": "2024-06-20",
    "employment_registered_on": "2024-09-10",
    "insured_from": "2024-09",
}
GFS_A = {
    **_GFS,
    "graduation_date": "2025-06-20",
    "employment_registered_on": "2025-09-10",
    "insured_from": "2025-09",
}
_LUMP = {
    "registered_unemployed": True,
    "flexible_type": "ride_hailing_driver",
    "insured_months": 13,
    "still_insured": True,
}
LUMP_B = {**_LUMP, "graduation_date": "2021-06-20", "insured_from": "2024-05"}
LUMP_A = {**_LUMP, "graduation_date": "2022-06-20", "insured_from": "2025-05"}
_SHORT = {
    "birth_date": "1995-05-01",
    "industry": "manufacturing",
    "shortage_post": True,
    "insured_months": 12,
    "still_insured": True,
}
SHORT_B = {**_SHORT, "insured_from": "2024-07"}
SHORT_A = {**_SHORT, "insured_from": "2025-07"}
_TRAVEL = {"university_outside_chongqing": True, "shortage_post": True, "insured_months": 2}
TRAVEL_B = {**_TRAVEL, "graduation_date": "2024-06-20", "insured_from": "2024-08"}
TRAVEL_A = {**_TRAVEL, "graduation_date": "2025-06-20", "insured_from": "2025-08"}
_POST = {
    "group": "disabled",
    "hukou_chongqing": True,
    "post_recognised": True,
    "contract_signed": True,
    "insured": True,
    "minimum_wage": "2100",
}
POST_B = {**_POST, "hired_on": "2024-09-01", "month": "2024-10"}
POST_A = {**_POST, "hired_on": "2025-09-01", "month": "2025-10"}
_REF = {
    "agency_qualified": True,
    "placed_group": "registered_unemployed",
    "hukou_chongqing": True,
    "full_time": True,
    "insured_months": 6,
}
REF_B = {**_REF, "hired_on": "2024-09"}
REF_A = {**_REF, "hired_on": "2025-09"}
_TR = {"trainee_kind": "graduate", "months": 6, "retained": True, "retention_rate": "60"}
TR_B = {**_TR, "diploma_date": "2024-06-25", "start_date": "2025-03-03"}
TR_A = {**_TR, "diploma_date": "2025-06-25", "start_date": "2026-03-02"}
_YOUTH = {"trainee_kind": "unemployed_youth", "birth_date": "2001-01-01", "youth_registered": True}
_Y_EXP = {"hire_kind": "unemployed_youth", "birth_date": "2000-08-01", "youth_registered": True}

EMPLOYMENT: list[tuple[str, str, Any, str, dict[str, Any], dict[str, Any], bool]] = [
    (
        "employment.graduate_departure",
        "2025-01-01",
        {"month": 7, "day": 31},
        "employment-groups",
        {"at": "2025-03-01", "graduation_date": "2023-06-20"},
        {"at": "2025-09-01", "graduation_date": "2025-06-20"},
        True,
    ),
    (
        "employment.trainee_school_year_start",
        "2026-01-01",
        {"month": 10, "day": 1},
        "traineeship-subsidy",
        {
            "trainee_kind": "final_year_student",
            "months": 3,
            "diploma_date": "2025-06-25",
            "start_date": "2024-09-02",
        },
        {
            "trainee_kind": "final_year_student",
            "months": 3,
            "diploma_date": "2027-06-25",
            "start_date": "2026-09-02",
        },
        True,
    ),
    (
        "employment.trainee_window_years",
        "2025-01-01",
        3,
        "traineeship-subsidy",
        {**TR_B, "diploma_date": "2023-07-10"},
        {**TR_A, "diploma_date": "2025-07-10"},
        False,
    ),
    (
        "employment.hardship_4050_registered_months",
        "2025-06-01",
        6,
        "hardship-employer-si",
        {**HES_B, **_4050, "hired_on": "2024-07-01", "registered_on": "2024-03-10"},
        {**HES_A, **_4050, "hired_on": "2025-07-01", "registered_on": "2025-03-10"},
        True,
    ),
    (
        "employment.near_retirement_years",
        "2025-06-01",
        10,
        "employment-groups",
        {"at": "2025-03-01", "birth": "1970-01", "category": M},
        {"at": "2025-09-01", "birth": "1970-01", "category": M},
        True,
    ),
    ("hardship_employer_si.min_insured_months", "2025-06-01", 4, "hardship-employer-si", HES_B, HES_A, True),
    ("hardship_employer_si.max_months", "2025-06-01", 24, "hardship-employer-si", HES_B, HES_A, True),
    ("hardship_employer_si.first_claim_years", "2025-06-01", 2, "hardship-employer-si", HES_B, HES_A, True),
    (
        "hardship_flexible_si.share",
        "2025-06-01",
        {"numerator": 1, "denominator": 2},
        "hardship-flexible-si",
        HFS_B,
        HFS_A,
        True,
    ),
    ("hardship_flexible_si.max_months", "2025-06-01", 24, "hardship-flexible-si", HFS_B, HFS_A, True),
    (
        "hardship_flexible_si.job_types",
        "2025-06-01",
        [
            "domestic_service",
            "online_delivery",
            "individual_business_employee",
            "street_vendor",
            "ride_hailing_driver",
        ],
        "hardship-flexible-si",
        {**HFS_B, "flexible_type": "online_delivery"},
        {**HFS_A, "flexible_type": "online_delivery"},
        True,
    ),
    ("graduate_employer_si.amount", "2025-01-01", 12000, "graduate-employer-si", GES_B, GES_A, True),
    ("graduate_employer_si.months", "2025-01-01", 6, "graduate-employer-si", GES_B, GES_A, True),
    (
        "graduate_employer_si.transition_monthly",
        "2025-01-01",
        900,
        "graduate-employer-si",
        {**GES_B, "prior_months_received": 4},
        {**GES_A, "prior_months_received": 4},
        True,
    ),
    (
        "graduate_employer_si.window_years",
        "2025-01-01",
        3,
        "graduate-employer-si",
        {**GES_B, "graduation_date": "2022-06-20", "registered_unemployed": True},
        {**GES_A, "graduation_date": "2023-06-20", "registered_unemployed": True},
        True,
    ),
    ("graduate_employer_si.apply_within_months", "2025-01-01", 3, "graduate-employer-si", GES_B, GES_A, True),
    ("absorption.amount", "2025-01-01", 6000, "absorption-subsidy", ABS_B, ABS_A, True),
    ("absorption.engineer_list_amount", "2025-01-01", 2500, "absorption-subsidy", ABS_B, ABS_A, True),
    (
        "absorption.window_years",
        "2025-01-01",
        6,
        "absorption-subsidy",
        {**ABS_B, "graduation_date": "2019-06-20"},
        {**ABS_A, "graduation_date": "2020-06-20"},
        True,
    ),
    ("absorption.insured_months", "2025-01-01", 6, "absorption-subsidy", ABS_B, ABS_A, True),
    ("absorption.apply_within_months", "2025-01-01", 3, "absorption-subsidy", ABS_B, ABS_A, True),
    (
        "absorption.employer_si_months_limit",
        "2025-01-01",
        3,
        "absorption-subsidy",
        {**ABS_B, "graduate_employer_si_months": 4},
        {**ABS_A, "graduate_employer_si_months": 4},
        True,
    ),
    ("expansion.amount", "2025-09-01", 2000, "job-expansion-subsidy", EXP_B, EXP_A, False),
    (
        "expansion.acceptance_until",
        "2025-09-01",
        dt.date(2026, 12, 31),
        "job-expansion-subsidy",
        EXP_B,
        EXP_A,
        True,
    ),
    (
        "expansion.national_until",
        "2025-09-01",
        dt.date(2026, 12, 31),
        "job-expansion-subsidy",
        EXP_B,
        EXP_A,
        False,
    ),
    (
        "expansion.youth_ages",
        "2025-09-01",
        {"min": 16, "max": 25},
        "job-expansion-subsidy",
        {**EXP_B, **_Y_EXP},
        {**EXP_A, **_Y_EXP},
        True,
    ),
    (
        "expansion.window_years",
        "2025-09-01",
        3,
        "job-expansion-subsidy",
        {**EXP_B, "graduation_date": "2023-06-20", "registered_unemployed": True},
        {**EXP_A, "graduation_date": "2023-06-20", "registered_unemployed": True},
        True,
    ),
    ("expansion.insured_months", "2025-09-01", 2, "job-expansion-subsidy", EXP_B, EXP_A, True),
    ("expansion.apply_within_months", "2025-09-01", 2, "job-expansion-subsidy", EXP_B, EXP_A, True),
    ("graduate_flexible_si.amount", "2025-01-01", 7000, "graduate-flexible-si", GFS_B, GFS_A, True),
    ("graduate_flexible_si.max_years", "2025-01-01", 3, "graduate-flexible-si", GFS_B, GFS_A, True),
    ("graduate_flexible_si.insured_months", "2025-01-01", 6, "graduate-flexible-si", GFS_B, GFS_A, True),
    ("graduate_flexible_si.window_years", "2025-01-01", 3, "graduate-flexible-si", GFS_B, GFS_A, False),
    (
        "graduate_flexible_si.transition_monthly",
        "2025-01-01",
        600,
        "graduate-flexible-si",
        {**GFS_B, "prior_months_received": 10},
        {**GFS_A, "prior_months_received": 10},
        True,
    ),
    (
        "graduate_flexible_si.job_types",
        "2025-01-01",
        [
            "domestic_service",
            "online_delivery",
            "individual_business_employee",
            "street_vendor",
            "ride_hailing_driver",
        ],
        "graduate-flexible-si",
        {**GFS_B, "flexible_type": "domestic_service"},
        {**GFS_A, "flexible_type": "domestic_service"},
        True,
    ),
    ("flexible_lump_sum.amount", "2025-01-01", 7000, "flexible-lump-sum", LUMP_B, LUMP_A, True),
    (
        "flexible_lump_sum.window_years",
        "2025-01-01",
        6,
        "flexible-lump-sum",
        {**LUMP_B, "graduation_date": "2018-06-20"},
        {**LUMP_A, "graduation_date": "2019-06-20"},
        True,
    ),
    ("flexible_lump_sum.insured_months", "2025-01-01", 6, "flexible-lump-sum", LUMP_B, LUMP_A, True),
    ("flexible_lump_sum.apply_within_months", "2025-01-01", 3, "flexible-lump-sum", LUMP_B, LUMP_A, True),
    (
        "flexible_lump_sum.flexible_si_limit_months",
        "2025-01-01",
        6,
        "flexible-lump-sum",
        {**LUMP_B, "flexible_si_months_received": 10},
        {**LUMP_A, "flexible_si_months_received": 10},
        True,
    ),
    (
        "flexible_lump_sum.job_types",
        "2025-01-01",
        [
            "domestic_service",
            "online_delivery",
            "individual_business_employee",
            "street_vendor",
            "ride_hailing_driver",
        ],
        "flexible-lump-sum",
        {**LUMP_B, "flexible_type": "domestic_service"},
        {**LUMP_A, "flexible_type": "domestic_service"},
        True,
    ),
    ("shortage_post.amount", "2025-01-01", 7000, "shortage-post-subsidy", SHORT_B, SHORT_A, True),
    (
        "shortage_post.max_age",
        "2025-01-01",
        30,
        "shortage-post-subsidy",
        {**SHORT_B, "birth_date": "1994-01-01"},
        {**SHORT_A, "birth_date": "1994-01-01"},
        True,
    ),
    ("shortage_post.insured_months", "2025-01-01", 6, "shortage-post-subsidy", SHORT_B, SHORT_A, True),
    ("shortage_post.apply_within_months", "2025-01-01", 3, "shortage-post-subsidy", SHORT_B, SHORT_A, True),
    ("graduate_travel.amount", "2025-01-01", 800, "graduate-travel-subsidy", TRAVEL_B, TRAVEL_A, False),
    ("graduate_travel.insured_months", "2025-01-01", 2, "graduate-travel-subsidy", TRAVEL_B, TRAVEL_A, False),
    (
        "graduate_travel.cutoff",
        "2025-01-01",
        {"month": 6, "day": 30},
        "graduate-travel-subsidy",
        TRAVEL_B,
        TRAVEL_A,
        True,
    ),
    ("public_post.max_months", "2025-06-01", 24, "public-post-subsidy", POST_B, POST_A, True),
    (
        "public_post.budget_share",
        "2025-06-01",
        {"main_city": 20, "two_groups": 35},
        "public-post-subsidy",
        POST_B,
        POST_A,
        False,
    ),
    (
        "job_referral.standard",
        "2025-06-01",
        {"ordinary": {"total": 300, "second_after": 6}, "hardship": {"total": 600, "second_after": 3}},
        "job-referral-subsidy",
        REF_B,
        REF_A,
        True,
    ),
    ("job_referral.first_after_months", "2025-06-01", 2, "job-referral-subsidy", REF_B, REF_A, True),
    (
        "job_referral.share",
        "2025-06-01",
        40,
        "job-referral-subsidy",
        {**REF_B, "insured_months": 3},
        {**REF_A, "insured_months": 3},
        True,
    ),
    ("traineeship.living_monthly", "2026-01-01", 1400, "traineeship-subsidy", TR_B, TR_A, True),
    ("traineeship.retention_monthly", "2026-01-01", 300, "traineeship-subsidy", TR_B, TR_A, True),
    ("traineeship.retention_rate_min", "2026-01-01", 70, "traineeship-subsidy", TR_B, TR_A, True),
    ("traineeship.insurance", "2026-01-01", 150, "traineeship-subsidy", TR_B, TR_A, True),
    (
        "traineeship.months",
        "2026-01-01",
        {"min": 1, "max": 6},
        "traineeship-subsidy",
        {**TR_B, "months": 8},
        {**TR_A, "months": 8},
        True,
    ),
    (
        "traineeship.youth_ages",
        "2026-01-01",
        {"min": 16, "max": 25},
        "traineeship-subsidy",
        {**TR_B, **_YOUTH},
        {**TR_A, **_YOUTH},
        True,
    ),
    ("traineeship.filing_workdays", "2026-01-01", 7, "traineeship-subsidy", TR_B, TR_A, True),
]
CASES += [
    (name, [(name, day, value)], rule, b, a, changes) for name, day, value, rule, b, a, changes in EMPLOYMENT
]

NOT_TIME_VARYING = {
    "retirement.reform_start": "the first day of the delayed-retirement regime (决定 五)",
    "retirement.original_age_months": "the ages the reform starts from (决定 一): its baseline",
    "disability.start": "the first day of the 病残津贴 regime (办法 第十四条)",
    "severance.law_start": "the day 劳动合同法 took effect (第九十八条), where 第九十七条 splits the years",
    # issue 19: a document's term is not a figure a fact reads: extending 14号 changes the "ended"
    # answer for every fact (as it should); the cases after 2025-12-31 test it.
    "employment.policy14_term": "the term of 渝人社发〔2024〕14号 (五(五)): its end, asked on the date asked",
    "occupation.catalogue_year": "the edition of the shipped 2024 lists (78号, 121号): the horizon note",
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
