"""The screen on the rules of today and on throwaway rules it has never seen."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from renshe.errors import InputError
from renshe.rules.registry import all_rules
from renshe.screen import screen

ON = date(2026, 12, 1)


def lines(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {ln["rule"]: ln for g in doc["groups"].values() for ln in g}


def test_an_empty_profile_puts_every_rule_in_maybe_with_its_questions() -> None:
    doc = screen({}, ON)
    assert doc["rules"] == len(all_rules())
    by_rule = lines(doc)
    assert set(by_rule) == {r.name for r in all_rules()}
    maybe = doc["groups"]["maybe"]
    assert maybe and all(ln["missing"] for ln in maybe)
    decides = [q["decides"] for q in doc["questions"]]
    assert decides == sorted(decides, reverse=True) and decides[0] >= 2
    # 人员类别 is required by retirement, disability-allowance and unemployment-benefit
    cat = next(q for q in doc["questions"] if q["fact"] == "person.retirement_category")
    assert set(cat["rules"]) >= {"retirement", "unemployment-benefit", "disability-allowance"}
    assert "男职工" in cat["options"]


def test_every_line_cites_its_provision() -> None:
    doc = screen({"person.birth": "1970-05", "person.sex": "男", "person.district": "渝中区"}, ON)
    for ln in lines(doc).values():
        assert ln["citations"], ln["rule"]


def test_a_man_of_1970_retires_in_2031_and_the_2024_base_has_ended() -> None:
    doc = screen(
        {"出生年月": "1970-05", "性别": "男", "累计缴费月数": "300", "月工资": "3000", "区县": "渝中区"}, ON
    )
    by_rule = lines(doc)
    ret = by_rule["retirement"]
    assert ret["group"] == "eligible"
    assert any("2031年10月" in s for s in ret["summary"])
    base = by_rule["contribution-base"]
    assert base["group"] == "ended" and base["ended_on"] == "2024-12-31"
    assert "渝人社发〔2024〕18号" in base["reason"]["citation"]
    # asked in 2024 the same base is in force: a figure, no entitlement (供参考)
    assert (
        lines(screen({"person.wage_monthly": "3000"}, date(2024, 6, 1)))["contribution-base"]["group"]
        == "info"
    )
    # 3000 元 is not below 渝中区's monthly minimum wage
    assert by_rule["minimum-wage"]["eligible"] is True


def test_the_id_number_gives_birth_and_sex() -> None:
    doc = screen({"身份证号码": "500101197005011238", "person.contribution_months": "300"}, ON)
    assert doc["profile"]["person.sex"] == "男"
    assert doc["profile"]["person.birth"] == "1970-05-01"  # for the rules that read only the birth
    assert lines(doc)["retirement"]["group"] == "eligible"
    asked = {m["fact"] for ln in doc["groups"]["maybe"] for m in ln["missing"]}
    assert "person.birth" not in asked
    with pytest.raises(InputError, match=r"居民身份证号码 person\.id_number 无效"):
        screen({"person.id_number": "500101197005011239"}, ON)
    with pytest.raises(InputError, match="性别与居民身份证号码不符"):
        screen({"person.id_number": "500101197005011238", "性别": "女"}, ON)
    masked = screen({"身份证号码": "500101197005011238"}, ON, keep_ids=False)
    assert masked["profile"]["person.id_number"] == "500101********1238"


def test_an_unknown_fact_is_a_chinese_input_error() -> None:
    with pytest.raises(InputError, match="不认识的事实“brith”"):
        screen({"brith": "1970-05"}, ON)


def test_a_value_a_rule_refuses_is_that_rules_line_not_an_error() -> None:
    doc = screen({"person.birth": "1970-13", "person.retirement_category": "male60"}, ON)
    ret = lines(doc)["retirement"]
    assert ret["group"] == "undetermined" and "出生" in ret["reason"]["text"]


def test_a_new_rule_appears_without_changing_the_screener(throwaway: list[str]) -> None:
    doc = screen({"job.start": "2024-09-01"}, ON)
    by_rule = lines(doc)
    assert set(throwaway) <= set(by_rule)
    a = by_rule["zz-hire-a"]
    assert a["group"] == "maybe" and [m["fact"] for m in a["missing"]] == ["employer.size_class"]
    # asked about by the three that are not over (zz-hire-old has ended): among the first questions
    q = next(q for q in doc["questions"] if q["fact"] == "employer.size_class")
    assert {"zz-hire-a", "zz-hire-b", "zz-hire-window"} <= set(q["rules"]) and q["decides"] >= 3
    doc = screen({"job.start": "2024-09-01", "employer.size_class": "小型"}, ON)
    by_rule = lines(doc)
    assert by_rule["zz-hire-a"]["group"] == "eligible"
    assert by_rule["zz-hire-a"]["amount"]["value"] == "1000.00"
    assert by_rule["zz-hire-a"]["apply_by"] == "2034-08-30"
    assert by_rule["zz-hire-a"]["citations"] == ["《测试用的补贴办法》第三条"]
    assert by_rule["zz-hire-a"]["warnings"] == ["zz-hire-a:“小型”按统计口径理解"]
    # the eligible list is sorted by amount
    eligible = [ln["rule"] for ln in doc["groups"]["eligible"]]
    assert eligible.index("zz-hire-b") < eligible.index("zz-hire-a")
    # ended on 2024-12-31: 已到期 with the clause; a 30-day window from 2024-09-01 has closed
    old = by_rule["zz-hire-old"]
    assert old["group"] == "ended" and old["ended_on"] == "2024-12-31"
    assert any("渝人社发〔2024〕18号" in c for c in old["clause"])
    assert by_rule["zz-hire-window"]["group"] == "window_closed"
    assert by_rule["zz-hire-window"]["reason"]["text"] == "申请期限已于2024-10-01届满"
    # not small: the first failed condition
    no = lines(screen({"job.start": "2024-09-01", "employer.size_class": "大型"}, ON))["zz-hire-a"]
    assert no["group"] == "ineligible" and no["reason"]["text"] == "小微企业"


def test_exclusions_say_which_gives_more_and_apply_to_subsidies_received(throwaway: list[str]) -> None:
    doc = screen({"job.start": "2024-09-01", "employer.size_class": "小型"}, ON)
    (ex,) = doc["exclusions"]
    assert ex["rules"] == ["zz-hire-a", "zz-hire-b"] and ex["better"] == "zz-hire-b"
    assert "金额较高(1500.00元)" in ex["text"]
    assert lines(doc)["zz-hire-a"]["exclusions"] == [ex]
    # b already received: a is excluded (read both ways), b is marked received
    doc = screen({"job.start": "2024-09-01", "employer.size_class": "小型", "已享受的补贴": "zz-hire-b"}, ON)
    by_rule = lines(doc)
    assert by_rule["zz-hire-a"]["group"] == "ineligible"
    assert (
        by_rule["zz-hire-a"]["reason"]["text"]
        == "已享受“测试补贴zz-hire-b”,与“测试补贴zz-hire-a”不能同时享受"
    )
    assert by_rule["zz-hire-b"]["received"] is True
    assert doc["exclusions"] == []
