"""The `retirement` rule end to end: answers, flexible window, planned-month verdicts, bad input.

Values come from the decision and the 暂行办法 (source lines 524–575, 1318–1350); property tests
check the shape of the law over every birth month from 1930 to 2010.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renshe.errors import InputError
from renshe.rules.idcard import check_digit
from renshe.rules.months import Month
from renshe.rules.registry import get_rule, run, run_many
from renshe.rules.retirement import statutory

CATEGORIES = ("male60", "female55", "female50")


def calc(**kw: Any) -> dict[str, Any]:
    return run("retirement", kw)


def result(**kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = calc(**kw)["result"]
    return out


def make_id(birth: str, male: bool, region: str = "500101") -> str:
    seq = "12" + ("3" if male else "4")
    first17 = region + birth.replace("-", "") + seq
    return first17 + check_digit(first17)


# --- the contract shape ---------------------------------------------------------------------


def test_document_shape_and_headline_case() -> None:
    doc = calc(birth="1971-04", category="female55")
    assert set(doc) == {"rule", "inputs", "result", "steps", "citations", "warnings"}
    assert doc["rule"] == "retirement"
    assert doc["inputs"] == {
        "birth": "1971-04",
        "id_number": None,
        "category": "female55",
        "contribution_months": None,
        "planned_month": None,
    }
    r = doc["result"]
    assert r["retirement_age"] == {"years": 55, "months": 4}
    assert r["retirement_age_text"] == "55岁4个月"
    assert r["retirement_month"] == "2026-08"
    assert r["delay_months"] == 4
    assert r["reform_applies"] is True
    assert r["pension_start_month"] == "2026-09"  # 暂行办法第九条: 次月
    assert r["min_contribution_months"] == 180
    # 36 months before 2026-08 is 2023-08, below the original age 55 (2026-04): 办法第三条.
    assert r["flexible_early_month"] == "2026-04"
    assert r["flexible_late_month"] == "2029-08"
    assert r["contribution_shortfall_months"] is None
    assert r["planned"] is None
    assert all(s["text"] and isinstance(s["citations"], list) for s in doc["steps"])
    cited = {c["provision_id"] for c in doc["citations"]}
    assert "延迟退休决定/国务院关于渐进式延迟法定退休年龄的办法/第一条" in cited
    assert "人社部发〔2024〕94号/实施弹性退休制度暂行办法/第三条" in cited
    assert any("第三条、第四条" in w for w in doc["warnings"])  # the garbled articles


def test_every_step_is_cited() -> None:
    for kw in (
        {"birth": "1971-04", "category": "female55"},
        {"birth": "1960-01", "category": "male60", "contribution_months": 100, "planned_month": "2020-01"},
        {"birth": "1980-06", "category": "male60", "contribution_months": 300, "planned_month": "2042-01"},
    ):
        doc = calc(**kw)
        for s in doc["steps"]:
            assert s["citations"], s["text"]


def test_min_contribution_in_the_year_of_retirement() -> None:
    # male 1976-12: 63岁 in 2039-12 → 20 years (附件4 2039年 20年).
    r = result(birth="1976-12", category="male60", contribution_months=230)
    assert r["retirement_month"] == "2039-12"
    assert r["min_contribution_months"] == 240
    assert r["contribution_shortfall_months"] == 10


def test_outside_reform() -> None:
    r = result(birth="1964-12", category="male60")
    assert r["reform_applies"] is False
    assert r["retirement_month"] == "2024-12"
    assert r["delay_months"] == 0
    assert r["flexible_early_month"] is None and r["flexible_late_month"] is None
    r = result(birth="1974-12", category="female50")
    assert (r["retirement_month"], r["retirement_age_text"]) == ("2024-12", "50岁")


def test_flexible_window_36_months_early_when_delay_large() -> None:
    # male 1980-01: 63岁 (delay 36) → 2043-01; early 2040-01 (= original 60), late 2046-01.
    r = result(birth="1980-01", category="male60")
    assert r["retirement_month"] == "2043-01"
    assert r["flexible_early_month"] == "2040-01"
    assert r["flexible_late_month"] == "2046-01"
    # female50 1984-12: 55岁 (delay 60) → 2039-12; 36 months early is 2036-12, above age 50.
    r = result(birth="1984-12", category="female50")
    assert r["flexible_early_month"] == "2036-12"


def test_early_open_judged_by_year_of_chosen_month() -> None:
    # male 1976-09: 63岁 (附件1) → 2039-09 (min 240); earliest 2036-09 (min 222): 暂行办法第七条.
    r = result(birth="1976-09", category="male60", contribution_months=225)
    assert r["retirement_month"] == "2039-09"
    assert r["min_contribution_months"] == 240
    assert r["contribution_shortfall_months"] == 15
    assert r["flexible_early_month"] == "2036-09"
    assert r["flexible_early_open"] is True
    r = result(birth="1976-09", category="male60", contribution_months=225, planned_month="2037-06")
    assert r["flexible_early_open"] is False  # 2037 needs 228
    assert r["planned"]["kind"] == "early"
    assert r["planned"]["allowed"] is False
    assert r["planned"]["min_contribution_months"] == 228
    assert r["planned"]["contribution_shortfall_months"] == 3


def test_planned_early_deadlines() -> None:
    p = result(birth="1971-04", category="female55", planned_month="2026-05", contribution_months=200)[
        "planned"
    ]
    assert p["kind"] == "early" and p["allowed"] is True
    assert p["notice_deadline_month"] == "2026-02"  # 3 months before (第二条)
    assert p["application_deadline_month"] == "2026-05"  # 第八条
    assert p["pension_start_month"] == "2026-06"  # 第九条
    assert p["agreement_deadline_month"] is None
    # without contributions the answer depends on them
    p = result(birth="1971-04", category="female55", planned_month="2026-05")["planned"]
    assert p["allowed"] is None


def test_planned_late_and_out_of_window() -> None:
    p = result(birth="1971-04", category="female55", planned_month="2029-08", contribution_months=200)[
        "planned"
    ]
    assert p["kind"] == "late" and p["allowed"] is True
    assert p["agreement_deadline_month"] == "2026-07"  # 1 month before 2026-08 (第四条)
    assert p["min_contribution_months"] == 180  # the statutory year, not 2029 (第七条)
    assert p["pension_start_month"] == "2029-09"
    assert (
        result(birth="1971-04", category="female55", planned_month="2029-09")["planned"]["kind"] == "too_late"
    )
    p = result(birth="1971-04", category="female55", planned_month="2026-03")["planned"]
    assert (p["kind"], p["allowed"]) == ("below_original_age", False)
    p = result(birth="1980-01", category="male60", planned_month="2039-12")["planned"]
    assert p["kind"] == "below_original_age"
    p = result(birth="1984-12", category="female50", planned_month="2036-11")["planned"]
    assert (p["kind"], p["allowed"]) == ("too_early", False)
    p = result(birth="1971-04", category="female55", planned_month="2026-08")["planned"]
    assert (p["kind"], p["allowed"]) == ("statutory", True)
    p = result(birth="1960-01", category="male60", planned_month="2021-01")["planned"]
    assert (p["kind"], p["allowed"]) == ("outside_reform", False)


def test_id_number() -> None:
    idn = make_id("19710415", male=False)
    doc = calc(id_number=idn, category="female55")
    assert doc["result"]["retirement_month"] == "2026-08"
    assert doc["inputs"]["birth"] == "1971-04"
    assert doc["inputs"]["id_number"] == idn[:6] + "********" + idn[14:]
    # lower-case x is accepted
    first17 = "11010519491231002"
    assert check_digit(first17) == "X"
    assert calc(id_number=first17 + "x", category="female50")["inputs"]["birth"] == "1949-12"


@pytest.mark.parametrize(
    ("kw", "field", "fragment"),
    [
        ({"birth": "1971-13", "category": "female55"}, "birth", "月份"),
        ({"birth": "1971-02-30", "category": "female55"}, "birth", "不是存在的日期"),
        ({"birth": "abc", "category": "female55"}, "birth", "YYYY-MM"),
        ({"birth": "1971-04", "category": "female60"}, "category", "male60"),
        ({"birth": "1971-04"}, "category", "缺少必填项"),
        ({"category": "male60"}, "birth", "出生年月"),
        ({"birth": "1929-12", "category": "male60"}, "birth", "1930"),
        ({"birth": "2999-01", "category": "male60"}, "birth", "晚于当前月份"),
        ({"id_number": "110105194912310021", "category": "female50"}, "id_number", "校验位"),
        ({"id_number": "11010519491231002", "category": "female50"}, "id_number", "18位"),
        ({"id_number": make_id("19710415", male=True), "category": "female55"}, "category", "性别"),
        (
            {"id_number": make_id("19710415", male=False), "birth": "1971-05", "category": "female55"},
            "birth",
            "不一致",
        ),
        (
            {"birth": "1971-04", "category": "female55", "contribution_months": "十年"},
            "contribution_months",
            "整数",
        ),
        (
            {"birth": "1971-04", "category": "female55", "contribution_months": "-1"},
            "contribution_months",
            "不能小于",
        ),
        ({"birth": "1971-04", "category": "female55", "planned_month": "2026-00"}, "planned_month", "月份"),
        (
            {"birth": "1971-04", "category": "female55", "planned_month": "1960-01"},
            "planned_month",
            "晚于出生",
        ),
        ({"birth": "1971-04", "category": "female55", "sex": "f"}, "sex", "未知的输入项"),
    ],
)
def test_bad_input(kw: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        run("retirement", kw)
    assert info.value.field == field
    assert fragment in info.value.message


def test_unknown_rule_and_run_many() -> None:
    with pytest.raises(InputError, match="没有名为"):
        get_rule("nope")
    out = list(run_many("retirement", [{"birth": "1971-04", "category": "female55"}, {"birth": "x"}]))
    assert out[0]["result"]["retirement_month"] == "2026-08"
    assert set(out[1]) == {"error"}


def test_blank_values_mean_not_given() -> None:
    r = result(birth="1971-04", category="female55", planned_month="", contribution_months=" ")
    assert r["planned"] is None and r["contribution_shortfall_months"] is None


def test_describe_has_schema_and_basis() -> None:
    d = get_rule("retirement").describe()
    props = d["input_schema"]["properties"]
    assert set(props) == {"birth", "id_number", "category", "contribution_months", "planned_month"}
    assert d["input_schema"]["required"] == ["category"]
    assert props["category"]["enum"] == ["male60", "female55", "female50"]
    assert any(c["label"] == "附件4" for c in d["basis"])


# --- properties over all birth months -------------------------------------------------------

births = st.integers(min_value=Month.of(1930, 1).index, max_value=Month.of(2010, 12).index).map(Month)
cats = st.sampled_from(CATEGORIES)
CAPS = {"male60": 36, "female55": 36, "female50": 60}


@settings(max_examples=300, deadline=None)
@given(cats, births)
def test_monotone_in_birth(category: str, birth: Month) -> None:
    assert statutory(category, birth + 1).month >= statutory(category, birth).month


@settings(max_examples=300, deadline=None)
@given(cats, births)
def test_delay_within_cap(category: str, birth: Month) -> None:
    s = statutory(category, birth)
    assert 0 <= s.delay <= CAPS[category]
    assert s.reform_applies == (s.delay > 0)


@settings(max_examples=150, deadline=None)
@given(cats, births)
def test_flexible_window_contains_statutory_month(category: str, birth: Month) -> None:
    r = result(birth=birth.iso(), category=category)
    if r["reform_applies"]:
        early, late = Month.parse(r["flexible_early_month"]), Month.parse(r["flexible_late_month"])
        stat = Month.parse(r["retirement_month"])
        assert early <= stat <= late
        assert stat.minus(early) <= 36 and late.minus(stat) == 36
        assert early >= Month.parse(r["original_retirement_month"])
    else:
        assert r["flexible_early_month"] is None and r["flexible_late_month"] is None


def test_monotone_exhaustive() -> None:
    """Every birth month 1930–2010 in every category (cheap: pure formula)."""
    for category in CATEGORIES:
        prev = None
        for i in range(Month.of(1930, 1).index, Month.of(2011, 1).index):
            m = statutory(category, Month(i)).month
            assert prev is None or m >= prev
            prev = m
