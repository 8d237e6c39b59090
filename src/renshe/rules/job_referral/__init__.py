"""Rule `job-referral-subsidy` (职业介绍补贴, catalogue E11), paid to the agency.

Source: 渝人社发〔2024〕14号 三 (until 2025-12-31, 五(五)); 17号 九(四) keeps 渝就发〔2021〕25号 for the
range of
就业困难人员 and the procedure (not printed in the compilation). A licensed human-resources agency or a
certified 劳务经纪人 that places, free of charge, a Chongqing-户籍 registered-unemployed person or
就业困难人员 in full-time work (not a 公益性岗位, not 劳务派遣) with social insurance receives 200 元 per
person
(100 after one month of contributions, 100 after six consecutive months) or, for a 就业困难人员 or 脱贫人口,
500 元 (250 after one month, 250 after three consecutive months). Once per person per year; once per
person and employer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.employment import (
    Checks,
    MonthDay,
    SubsidyResult,
    assess_with,
    figure,
    finish,
    policy_window,
    warn_ended,
)
from renshe.rules.money import Money, yuan_text
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

TERM = "employment.policy14_term"
AgencyKind = Literal["licensed_agency", "labour_broker", "other"]
PlacedGroup = Literal["registered_unemployed", "hardship", "poverty_alleviated", "other"]


class ReferralInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    agency_kind: AgencyKind = Field(
        "licensed_agency",
        title="机构类型",
        description="licensed_agency 经营性人力资源服务机构;labour_broker 劳务经纪人;other 其他",
    )
    agency_qualified: bool | None = Field(
        None,
        title="机构资质符合",
        description="机构:依法登记、取得人力资源服务许可证并符合诚信企业等条件;经纪人:取得证书、培训考核合格",
    )
    placed_group: PlacedGroup | None = Field(
        None,
        title="被介绍人员类别",
        description=(
            "registered_unemployed 登记失业人员;hardship 就业困难人员;poverty_alleviated 脱贫人口;other 其他"
        ),
    )
    hukou_chongqing: bool | None = Field(
        None, title="被介绍人员为本市户籍", description="是或否(true / false)"
    )
    free_service: bool = Field(True, title="免费职业介绍", description="是或否(true / false)")
    full_time: bool | None = Field(None, title="全日制就业", description="是或否(true / false)")
    public_post: bool = Field(False, title="公益性岗位就业", description="公益性岗位就业不享受")
    dispatch: bool = Field(False, title="劳务派遣方式就业", description="劳务派遣不享受")
    hired_on: MonthDay | None = Field(
        None, title="就业月份", description="被介绍人员到单位就业的月份,YYYY-MM"
    )
    insured_months: int | None = Field(
        None, ge=0, le=600, title="用人单位已连续缴纳社会保险费月数", description="截至申请时"
    )
    received_this_year: bool = Field(
        False, title="该人员本年已享受过职业介绍补贴", description="每人每年只享受一次"
    )
    same_employer_before: bool = Field(
        False, title="该人员到同一单位就业已享受过", description="同一人员到同一用人单位只能享受一次"
    )


class Installment(BaseModel):
    after_months: int = Field(title="缴费满几个月后")
    amount: Money = Field(title="金额(元)")
    reached: bool | None = Field(title="是否已满足", description="null:未填缴费月数")


class ReferralResult(SubsidyResult):
    standard: Money = Field(title="补贴标准(元/人)")
    payments: list[Installment] = Field(title="分两次支付")


def kind_of(group: str) -> str:
    return "ordinary" if group == "registered_unemployed" else "hardship"


def schedule(group: str, when: date) -> tuple[Decimal, list[tuple[int, Decimal]]]:
    """14号 三(二): (total, [(months of contributions, amount)]) — 50% after one month, 50% after
    six or three."""
    std: dict[str, Any] = figure("job_referral.standard", when)[kind_of(group)]
    total = Decimal(std["total"])
    half = total * Decimal(figure("job_referral.share", when)) / 100
    first = int(figure("job_referral.first_after_months", when))
    return total, [(first, half), (int(std["second_after"]), total - half)]


def compute(inp: ReferralInput, trace: Trace) -> ReferralResult:
    checks = Checks(trace)
    when = inp.hired_on or trace.on or date.today()
    policy_window(checks, TERM, when, "就业月份", "emp.policy14.term")
    checks.add("经营性人力资源服务机构或劳务经纪人", inp.agency_kind != "other", "referral.target")
    checks.add("机构(经纪人)资质符合", inp.agency_qualified, "referral.agency", "agency_qualified")
    if inp.placed_group is None:
        checks.add(
            "被介绍人员为登记失业人员、就业困难人员或脱贫人口", None, "referral.target", "placed_group"
        )
    else:
        checks.add(
            "被介绍人员为登记失业人员、就业困难人员或脱贫人口", inp.placed_group != "other", "referral.target"
        )
    checks.add("被介绍人员为本市户籍", inp.hukou_chongqing, "referral.target", "hukou_chongqing")
    checks.add("提供免费职业介绍服务", inp.free_service, "referral.target")
    checks.add("实现全日制就业", inp.full_time, "referral.target", "full_time")
    checks.add("不是公益性岗位就业", not inp.public_post, "referral.target")
    checks.add("不是劳务派遣方式就业", not inp.dispatch, "referral.once")
    checks.add("该人员本年未享受过", not inp.received_this_year, "referral.once")
    checks.add("该人员到同一用人单位就业未享受过", not inp.same_employer_before, "referral.once")
    group = inp.placed_group or "registered_unemployed"
    total, parts = schedule(group, when)
    key = "referral.ordinary" if kind_of(group) == "ordinary" else "referral.hardship"
    payments = [
        Installment(
            after_months=m, amount=a, reached=None if inp.insured_months is None else inp.insured_months >= m
        )
        for m, a in parts
    ]
    trace.step(
        f"补贴标准{yuan_text(total)}/人:缴费满{parts[0][0]}个月后支付{yuan_text(parts[0][1])},"
        f"连续缴费满{parts[1][0]}个月再支付{yuan_text(parts[1][1])}。",
        cite(key),
        *([cite("referral.hardship_schedule")] if key == "referral.hardship" else []),
    )
    if inp.placed_group in ("hardship", "poverty_alleviated"):
        trace.warn("就业困难人员的范围和申请流程按渝就发〔2021〕25号执行(17号九(四)),该文件本汇编未收录。")
        trace.step("就业困难人员范围和申请流程按渝就发〔2021〕25号执行。", cite("referral.scope_2021"))
    warn_ended(trace, TERM, "渝人社发〔2024〕14号", "emp.policy14.term", "emp.policy14.review")
    eligible = checks.eligible
    due = sum((p.amount for p in payments if p.reached), Decimal(0))
    r = ReferralResult(
        eligible=eligible,
        subsidy=due if eligible else Decimal(0),
        apply_by=None,
        standard=total,
        payments=payments,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in [
            "referral.target",
            "referral.agency",
            "referral.ordinary",
            "referral.hardship",
            "referral.once",
            "emp.policy14.term",
        ]
    ]


def governing_law(inp: ReferralInput) -> tuple[str, date]:
    start: date = param(TERM).first.start
    return TERM, inp.hired_on or start


RULE: Rule[ReferralInput, ReferralResult] = register(
    Rule(
        name="job-referral-subsidy",
        title="职业介绍补贴",
        summary="人力资源服务机构或劳务经纪人免费介绍本市户籍登记失业人员、就业困难人员到单位全日制就业的,分两次给予机构职业介绍补贴;给出是否符合、标准和已可支付的金额。",
        input_model=ReferralInput,
        result_model=ReferralResult,
        compute=compute,
        basis=basis,
        assess=assess_with("已可支付的职业介绍补贴"),
        in_force=governing_law,
        examples=[
            {
                "agency_qualified": True,
                "placed_group": "registered_unemployed",
                "hukou_chongqing": True,
                "full_time": True,
                "hired_on": "2024-09",
                "insured_months": 6,
            }
        ],
    )
)
