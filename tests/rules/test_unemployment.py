"""unemployment-benefit: eligibility, the 条例第十七条 tiers (external), near-retirement extension,
the 人社厅发〔2024〕60号 三 transition, and the precedence notes."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from renshe.cli import rules as cli_rules
from renshe.errors import InputError
from renshe.rules.citations import Citation
from renshe.rules.external import check_external, external_documents, external_provision
from renshe.rules.months import Month
from renshe.rules.params import param
from renshe.rules.registry import run
from renshe.rules.retirement import statutory

BASE: dict[str, Any] = {
    "contribution_years": "12",
    "separation_reason": "contract_ended",
    "registered": True,
    "birth": "1985-05",
    "category": "male60",
    "separated_on": "2025-03-10",
}


def calc(**raw: Any) -> dict[str, Any]:
    return run("unemployment-benefit", {**BASE, **raw})


# --- the external provision --------------------------------------------------------------


def test_tiers_are_the_external_article() -> None:
    """The parameter equals what 失业保险条例 第十七条 says (parsed from its stored text)."""
    p = external_provision("国务院令第258号/第十七条")
    assert p is not None and p.doc_title == "失业保险条例" and p.label == "第十七条"
    found = re.findall(r"(?:满(\d+)年不足\d+年|(\d+)年以上)的,领取失业保险金的期限最长为(\d+)个月", p.text)
    parsed = [[int(a or b) * 12, int(m)] for a, b, m in found]
    assert parsed == param("unemployment.duration_tiers").value_at(Month.of(2025, 1))
    assert "最长不得超过24个月" in p.text


def test_external_provision_is_in_the_kb_marked_external_and_is_cited_by_it(kb: Any) -> None:
    held = kb.provision("国务院令第258号/第十七条")
    assert held is not None and held["external"] is True and held["lines"] is None
    assert "不在本汇编中" in held["note"]
    assert held["text"] == "".join(external_provision("国务院令第258号/第十七条").text.split())
    assert kb.stats()["documents"] == 136  # not counted as a document of the compilation
    for doc in external_documents().values():
        for pid, quote in doc.cited_by:
            assert quote.replace(" ", "") in kb.provision(pid)["text"], pid


def test_every_external_citation_checks_out() -> None:
    doc = calc()
    ext = [Citation(**{k: v for k, v in c.items() if k != "ref"}) for c in doc["citations"]]
    ext = [c for c in ext if external_provision(c.provision_id)]
    assert len(ext) >= 3
    for c in ext:
        assert check_external("t", c) == []
    bad = replace(ext[0], quote="领取失业保险金的期限最长为36个月")
    assert check_external("t", bad)


# --- eligibility -------------------------------------------------------------------------


def test_less_than_a_year_is_not_eligible() -> None:
    r = calc(contribution_years="0.9")["result"]
    assert not r["eligible"] and r["max_months"] is None
    assert [x["met"] for x in r["reasons"]] == [False, True, True]


def test_resigned_is_not_involuntary_but_can_be_reviewed() -> None:
    doc = calc(separation_reason="辞职")
    r = doc["result"]
    assert not r["eligible"]
    inv = next(x for x in r["reasons"] if x["condition"] == "involuntary")
    assert not inv["met"] and "重新核实认定" in inv["text"]
    assert any("人社厅发〔2024〕60号" in ref and "五" in ref for ref in inv["provisions"])


def test_not_registered_points_to_integrated_registration() -> None:
    r = calc(registered=False)["result"]
    reg = next(x for x in r["reasons"] if x["condition"] == "registered")
    assert not r["eligible"] and not reg["met"] and "推送公共就业服务机构" in reg["text"]


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("终止劳动合同的", "contract_ended"),
        ("被用人单位解除劳动合同", "dismissed_by_employer"),
        ("辞退", "expelled"),
        ("被迫解除劳动合同", "employee_terminated_for_cause"),
        ("主动离职", "resigned"),
        ("法律、行政法规另有规定", "other_law"),
    ],
)
def test_chinese_labels(label: str, code: str) -> None:
    doc = calc(separation_reason=label)
    assert doc["inputs"]["separation_reason"] == code
    assert doc["result"]["eligible"] is (code != "resigned")


def test_previous_unused_months_capped_at_24() -> None:
    assert calc(contribution_years="7", previous_unused_months="4")["result"]["max_months"] == 22
    assert calc(contribution_years="7", previous_unused_months="10")["result"]["max_months"] == 24
    assert calc(contribution_years="2", previous_unused_months="5")["result"]["max_months"] == 17


# --- close to retirement ----------------------------------------------------------------


def test_extension_to_statutory_age_and_fund_pays_pension() -> None:
    # male born 1967-09: 60 in 2027-09, delay 9 months (第一条/附件1) → statutory 2028-06.
    # 24 months from 2025-08 end 2027-07, 11 months before 2028-06 → paid until 2028-06.
    doc = calc(birth="1967-09", separated_on="2025-08-15")
    r = doc["result"]
    assert r["statutory_retirement_month"] == "2028-06"
    assert (r["benefit_end_month"], r["extension"], r["extended_until"], r["last_paid_month"]) == (
        "2027-07",
        "statutory_age",
        "2028-06",
        "2028-06",
    )
    assert (r["fund_pays_pension_from"], r["fund_pays_pension_until"]) == ("2027-06", "2028-06")
    pids = {c["provision_id"] for c in doc["citations"]}
    assert "延迟退休决定/国务院关于渐进式延迟法定退休年龄的办法/第七条" in pids
    assert {"人社部发〔2024〕76号/一", "人社部发〔2024〕76号/二"} <= pids


def test_more_than_a_year_away_is_not_extended() -> None:
    # registered one month earlier: end 2027-06 is 12 months before 2028-06 → extended; 2027-05 → 13: not
    assert calc(birth="1967-09", separated_on="2025-07-01")["result"]["extension"] == "statutory_age"
    r = calc(birth="1967-09", separated_on="2025-06-01")["result"]
    assert r["extension"] is None and r["last_paid_month"] == "2027-05"
    assert r["fund_pays_pension_from"] is None


def test_statutory_age_inside_the_entitlement_ends_payment() -> None:
    # male born 1966-03: statutory 2026-07 (60岁4个月); 24 months from 2025-06 would end 2027-05
    doc = calc(birth="1966-03", separated_on="2025-06-01")
    r = doc["result"]
    assert r["statutory_retirement_month"] == "2026-07"
    # benefit_end_month is the entitlement's expiry (its description); payment ends at the age
    assert (r["benefit_end_month"], r["extension"], r["last_paid_month"]) == ("2027-05", None, "2026-07")
    assert r["fund_pays_pension_from"] == "2025-07"


def test_transition_60_3_pays_until_the_old_age() -> None:
    # male born 1965-12: old age 60 in 2025-12; new statutory month 2026-03 (delay 3).
    # Receiving since 2023-03, 24 months → ends 2025-02: 13 months before 2026-03 (> 1 year),
    # 10 months before 2025-12 (< 1 year) → on application, paid until 2025-12 (60号 三).
    doc = calc(birth="1965-12", separated_on="2023-03-05")
    r = doc["result"]
    assert (r["original_retirement_month"], r["statutory_retirement_month"]) == ("2025-12", "2026-03")
    assert (r["benefit_end_month"], r["extension"], r["extended_until"]) == (
        "2025-02",
        "pre_reform_age",
        "2025-12",
    )
    assert any(c["provision_id"] == "人社厅发〔2024〕60号/三" for c in doc["citations"])
    assert any("不再次续发" in w or "不再续发" in w for w in doc["warnings"])
    # stated explicitly as not receiving on 2024-12-31 → no transition
    r2 = calc(birth="1965-12", separated_on="2023-03-05", receiving_on_2024_12_31=False)["result"]
    assert r2["extension"] is None and r2["last_paid_month"] == "2025-02"


def test_extension_only_from_2025() -> None:
    # benefit ending 2024-06 close to an old retirement age: not extended by the 2025 rules
    r = calc(birth="1964-12", separated_on="2022-07-01", category="male60")["result"]
    assert r["statutory_retirement_month"] == "2024-12"
    assert r["benefit_end_month"] == "2024-06" and r["extension"] is None


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=240),
    st.integers(min_value=Month.of(1962, 1).index, max_value=Month.of(1980, 12).index),
    st.sampled_from(["male60", "female55", "female50"]),
    st.integers(min_value=Month.of(2023, 1).index, max_value=Month.of(2030, 12).index),
)
def test_property_extension(months_paid: int, birth: int, cat: str, sep: int) -> None:
    b, sep_m = Month(birth), Month(sep)
    s = statutory(cat, b)
    if sep_m > s.month or sep_m <= b + 16 * 12:
        return
    r = calc(
        contribution_years=str(months_paid / 12),
        birth=b.iso(),
        category=cat,
        separated_on=sep_m.first_day().isoformat(),
    )["result"]
    if months_paid < 12:
        assert not r["eligible"]
        return
    assert r["max_months"] in (12, 18, 24)
    last = Month.parse(r["last_paid_month"])
    assert last <= s.month
    if r["extension"] == "statutory_age":
        assert r["extended_until"] == s.month.iso() and s.month - Month.parse(r["benefit_end_month"]) <= 12
    if r["extension"] == "pre_reform_age":
        assert r["extended_until"] == s.original_month.iso()
    if r["fund_pays_pension_from"]:
        lo, hi = Month.parse(r["fund_pays_pension_from"]), Month.parse(r["fund_pays_pension_until"])
        assert s.month - 12 <= lo <= hi <= s.month and lo >= Month.of(2025, 1)


# --- deadlines and precedence --------------------------------------------------------------


def test_review_deadline_in_working_days_and_precedence_notes() -> None:
    doc = calc(applied_on="2025-09-26")
    r = doc["result"]
    assert (r["review_deadline"], r["review_deadline_bylaw"]) == ("2025-10-16", "2025-10-06")
    notes = "".join(r["notes"])
    assert "以60号文的10个工作日为准" in notes and "按40号文处理" in notes
    assert r["application_deadline_bylaw"] == "2025-05-09" and r["application_time_limit_applies"] is False
    pids = {c["provision_id"] for c in doc["citations"]}
    assert {
        "人社厅发〔2024〕60号/一",
        "失业保险金申领发放办法/第十四条",
        "失业保险金申领发放办法/第六条",
        "人社部发〔2024〕40号/五",
    } <= pids


def test_review_beyond_calendar_says_so() -> None:
    doc = calc(separated_on="2026-12-20", applied_on="2026-12-28")
    assert doc["result"]["review_deadline"] is None
    assert any("超出节假日数据的范围" in w for w in doc["warnings"])


def test_stop_conditions_checklist() -> None:
    r = calc()["result"]
    assert len(r["stop_conditions"]) == 7
    assert r["stop_conditions"][0] == "重新就业" and r["stop_conditions"][3] == "享受基本养老保险待遇"


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"separation_reason": "跳槽"}, "separation_reason"),
        ({"birth": "1985-13"}, "birth"),
        ({"birth": "1920-01"}, "birth"),
        ({"category": "male65"}, "category"),
        ({"separated_on": "2000-12-31"}, "separated_on"),
        ({"separated_on": "2025-02-30"}, "separated_on"),
        ({"registered_on": "2025-03-01"}, "registered_on"),
        ({"previous_unused_months": "25"}, "previous_unused_months"),
        ({"contribution_years": "-1"}, "contribution_years"),
        ({"contribution_years": "十年"}, "contribution_years"),
        ({"registered": "也许"}, "registered"),
        ({"id_number": "11010119850501001X", "birth": None}, "id_number"),
    ],
)
def test_bad_input(raw: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as err:
        calc(**raw)
    assert err.value.field == field


def test_cli_tells_a_worker_near_retirement() -> None:
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    cli_rules.register(app)
    runner = CliRunner()
    args = [
        "calc",
        "unemployment-benefit",
        "contribution_years=12",
        "separation_reason=终止劳动合同",
        "registered=true",
        "birth=1967-09",
        "category=male60",
        "separated_on=2025-08-15",
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.stdout
    for fragment in (
        "2028年6月",
        "延长领取至法定退休年龄",
        "失业保险基金支付",
        "第十七条",
        "不在本汇编中",
        "第七条",
    ):
        assert fragment in res.stdout, fragment
    bad = runner.invoke(app, [*args[:-1], "separated_on=1999-01-01", "--json"])
    assert bad.exit_code == 2 and json.loads(bad.stdout)["error"]["field"] == "separated_on"


def test_headline_says_payment_stops_at_the_statutory_age() -> None:
    """条例第十五条(四) / 76号 五: the entitlement runs to 2027-05 but the man reaches his statutory
    age in 2026-07; the headline says where payment stops, not only where the entitlement ends."""
    from datetime import date as _date

    from renshe.rules.registry import get_rule

    rule = get_rule("unemployment-benefit")
    raw = {k: v for k, v in rule.examples[0].items() if k != "applied_on"}  # born 1966-03, male60
    doc = rule.run(raw, _date(2025, 7, 1))
    assert doc["result"]["benefit_end_month"] == "2027-05"
    assert doc["result"]["last_paid_month"] == "2026-07"
    assert rule.summarize is not None
    assert "期满前达到法定退休年龄:失业保险金领至2026年7月为止。" in rule.summarize(doc)
