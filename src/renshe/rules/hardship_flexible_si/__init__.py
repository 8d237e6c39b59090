"""Rule `hardship-flexible-si` (就业困难人员灵活就业社会保险补贴, catalogue E2).

Source: 渝人社发〔2024〕14号 一(一)2 (who: the same groups as the employer subsidy, in one of four kinds
of flexible work — 家政, 个体工商户雇工, 商贩, 网约车), 一(二)2 (pension subsidy = 2/3 of the contribution on
the year's base floor; medical subsidy = 2/3 of the year's lowest-tier contribution; 先缴后补), 一(三)
(3 years, or to retirement), 一(四) (灵活就业登记 and 备案 first); 17号 二(四) (not while receiving
unemployment insurance; quarterly; first claim within the next year). In force until 2025-12-31.

The flexible pension rate and the medical lowest tier are not in the compilation: inputs.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.contribution_base import covered_years, derive_range
from renshe.rules.employment import (
    Checks,
    FlexibleType,
    HardshipPerson,
    MonthDay,
    SubsidyResult,
    assess_with,
    check_flexible_type,
    check_hardship_si,
    figure,
    finish,
    policy_window,
    subsidy_months,
    warn_ended,
)
from renshe.rules.money import Money, round_half_up, yuan_text
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

TERM = "employment.policy14_term"


class HardshipFlexibleInput(HardshipPerson):
    flexible_type: FlexibleType | None = Field(
        None,
        title="灵活就业类型",
        description="domestic_service 家政服务;individual_business_employee 个体工商户雇工;"
        "street_vendor 商贩;ride_hailing_driver 网约车驾驶员;online_delivery 网络配送员;other 其他",
    )
    flexible_registered: bool | None = Field(
        None, title="已办理灵活就业登记和补贴备案", description="是或否(true / false)"
    )
    receiving_unemployment_benefit: bool = Field(
        False, title="正在领取失业保险待遇", description="是或否(true / false)"
    )
    insured_from: MonthDay | None = Field(
        None, title="以个人身份参保首月", description="首次享受补贴的参保月份,YYYY-MM"
    )
    month: MonthDay | None = Field(None, title="补贴月度", description="YYYY-MM;不填为参保首月")
    base_floor: Decimal | None = Field(
        None, gt=0, title="补贴年度缴费基数下限(元/月)", description="2024年度为4359元;其他年度须填写"
    )
    pension_rate: Decimal | None = Field(
        None, ge=0, le=100, title="灵活就业人员养老保险费率(%)", description="本汇编未收录,请填写"
    )
    medical_lowest_monthly: Decimal | None = Field(
        None,
        ge=0,
        title="职工医疗保险最低档月缴费(元)",
        description="补贴年度以个人身份参保的最低档;本汇编未收录",
    )
    si_subsidy_months_received: int = Field(
        0, ge=0, le=600, title="已享受社会保险补贴月数", description="期限合并计算"
    )


class HardshipFlexibleResult(SubsidyResult):
    month: date | None = Field(title="补贴月度(该月首日)")
    pension_subsidy: Money | None = Field(title="每月养老保险补贴(元)")
    medical_subsidy: Money | None = Field(title="每月医疗保险补贴(元)")
    monthly: Money | None = Field(title="每月补贴合计(元)")
    months: int | None = Field(title="补贴期限(月)", description="扣除已享受月数后的剩余月数")


def share(month: Month) -> tuple[int, int]:
    """14号 一(二)2: 缴费的2/3."""
    v = figure("hardship_flexible_si.share", month)
    return int(v["numerator"]), int(v["denominator"])


def two_thirds(amount: Decimal, month: Month) -> Decimal:
    n, d = share(month)
    return round_half_up(amount * n / d)


def compute(inp: HardshipFlexibleInput, trace: Trace) -> HardshipFlexibleResult:
    checks = Checks(trace)
    month_day = inp.month or inp.insured_from or trace.on or date.today()
    month = Month.from_date(month_day)
    policy_window(checks, TERM, month.first_day(), "补贴月度", "emp.policy14.term")
    check_hardship_si(
        checks,
        inp.group,
        inp.recognised,
        inp.hukou_chongqing,
        inp.registered_on,
        month_day,
        "emp.hardship.flexible_target",
    )
    check_flexible_type(
        checks,
        inp.flexible_type,
        "hardship_flexible_si.job_types",
        month_day,
        ["hfs.domestic", "hfs.employee", "hfs.vendor", "hfs.driver"],
        "渝人社发〔2024〕17号(高校毕业生)",
    )
    checks.add(
        "已办理灵活就业登记并提前备案", inp.flexible_registered, "hfs.registration", "flexible_registered"
    )
    checks.add("未在领取失业保险待遇", not inp.receiving_unemployment_benefit, "hfs.benefit")
    first = Month.from_date(inp.insured_from) if inp.insured_from else month
    total, _ = subsidy_months(
        checks, inp.birth, inp.category, first, int(figure("hardship_flexible_si.max_months", first))
    )
    months = None if total is None else max(total - inp.si_subsidy_months_received, 0)
    if inp.si_subsidy_months_received:
        checks.add(
            f"补贴期限未用完(已享受{duration_text(inp.si_subsidy_months_received)})",
            None if months is None else months > 0,
            "emp.hardship.duration",
        )
    n, d = share(month)
    floor = inp.base_floor
    if floor is None and month.year in covered_years():
        floor = derive_range(month.year)[1]
    pension = medical = None
    if floor is None:
        trace.warn(f"{month.year}年度社会保险缴费基数下限本汇编未收录:请填写 base_floor。")
    elif inp.pension_rate is None:
        trace.warn("灵活就业人员养老保险缴费比例本汇编未收录:请填写 pension_rate。")
    else:
        pension = two_thirds(floor * inp.pension_rate / 100, month)
        trace.step(
            f"养老保险补贴 = {yuan_text(floor)} × {inp.pension_rate.normalize()}% × {n}/{d}"
            f" = {yuan_text(pension)}。",
            cite("hfs.standard"),
        )
    if inp.medical_lowest_monthly is None:
        trace.warn("补贴年度职工医疗保险最低档缴费额本汇编未收录:请填写 medical_lowest_monthly。")
    else:
        medical = two_thirds(inp.medical_lowest_monthly, month)
        trace.step(
            f"医疗保险补贴 = {yuan_text(inp.medical_lowest_monthly)} × {n}/{d} = {yuan_text(medical)}。",
            cite("hfs.standard"),
        )
    monthly = None if pension is None or medical is None else pension + medical
    years = int(figure("hardship_employer_si.first_claim_years", first))
    apply_by = date(first.year + years, 12, 31)
    trace.step(
        f"先缴后补,每季度集中办理一次;首次申报应在满足条件后次年内,即{zh_date(apply_by)}前。",
        cite("hfs.quarterly"),
        cite("hes.first_claim"),
    )
    warn_ended(trace, TERM, "渝人社发〔2024〕14号", "emp.policy14.term", "emp.policy14.review")
    eligible = checks.eligible
    r = HardshipFlexibleResult(
        eligible=eligible,
        subsidy=monthly if (monthly is not None and eligible) else Decimal(0),
        apply_by=apply_by if eligible is not False else None,
        month=month.first_day(),
        pension_subsidy=pension,
        medical_subsidy=medical,
        monthly=monthly,
        months=months,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in [
            "emp.hardship.flexible_target",
            "hfs.standard",
            "emp.hardship.duration",
            "hfs.benefit",
            "emp.policy14.term",
        ]
    ]


def governing_law(inp: HardshipFlexibleInput) -> tuple[str, date]:
    start: date = param(TERM).first.start
    return TERM, inp.month or inp.insured_from or start


RULE: Rule[HardshipFlexibleInput, HardshipFlexibleResult] = register(
    Rule(
        name="hardship-flexible-si",
        title="就业困难人员灵活就业社会保险补贴",
        summary="就业困难人员从事家政、个体工商户雇工、商贩、网约车等灵活就业并以个人身份缴纳职工社会保险费的,按规定比例补贴养老、医疗保险费(先缴后补);给出是否符合、每月金额和期限。",
        input_model=HardshipFlexibleInput,
        result_model=HardshipFlexibleResult,
        compute=compute,
        basis=basis,
        assess=assess_with("每月补贴"),
        in_force=governing_law,
        examples=[
            {
                "group": "disabled",
                "recognised": True,
                "hukou_chongqing": True,
                "flexible_type": "ride_hailing_driver",
                "flexible_registered": True,
                "insured_from": "2024-07",
                "month": "2024-10",
                "pension_rate": "20",
                "medical_lowest_monthly": "300",
            }
        ],
    )
)
