"""Rule `graduate-employer-si` (高校毕业生单位就业社会保险补贴, catalogue E3).

Source: 渝人社发〔2024〕17号 一. A small or micro enterprise (小微企业: an input) that newly hires a
graduate in
毕业年度, or a registered-unemployed graduate within two years of leaving (leaving deemed 30 June, 九(二)),
and pays social insurance for one continuous year while still insured, receives 10,000 元 for that
person, once (一(一)1, (二)1). Eligibility is judged at the first insured month (一(四)2); the claim must
be made within six months of meeting the conditions (一(四)3). The duration is counted together with
the 就业困难人员 subsidy and the two are not received at the same time (一(四)4); not with 一次性吸纳就业补贴
(三(二)); combinable with 一次性扩岗补助 (八(四)4). Transition (一(四)6): qualified before 2024-06-01 → the
就业困难人员 standard (see `hardship-employer-si`); qualified later with less than a year already
received → 833 元/月 for the remaining months.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.employment import (
    Checks,
    GraduatePerson,
    MonthDay,
    SubsidyResult,
    assess_with,
    check_graduate_window,
    figure,
    finish,
    met_month,
    window_after,
)
from renshe.rules.money import Money, yuan_text
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register


class GraduateEmployerInput(GraduatePerson):
    small_micro: bool | None = Field(None, title="小微企业", description="用人单位是否属于小微企业")
    insured_from: MonthDay | None = Field(
        None,
        title="新参保首月",
        description="单位为其新参保首月或最近一次新续保首月,YYYY-MM(资格认定以此为准)",
    )
    insured_months: int | None = Field(
        None, ge=0, le=600, title="已连续缴纳社会保险费月数", description="截至申报时"
    )
    still_insured: bool | None = Field(None, title="仍在参保", description="申报时是否仍在参保")
    prior_months_received: int = Field(
        0,
        ge=0,
        le=120,
        title="已享受单位就业社会保险补贴月数",
        description="该毕业生此前已享受的高校毕业生单位就业社会保险补贴月数",
    )
    absorption_received: bool = Field(
        False, title="已享受一次性吸纳就业补贴", description="该人员是否已使单位享受一次性吸纳就业补贴"
    )
    receiving_hardship_si: bool = Field(
        False, title="正在享受就业困难人员社会保险补贴", description="是或否(true / false)"
    )


class GraduateEmployerResult(SubsidyResult):
    qualified_month: str | None = Field(title="资格认定月份(新参保首月)")
    regime: str = Field(
        title="适用标准", description="annual 1万元/年;transitional 按月至期满;old 原就业困难人员标准"
    )
    monthly: Money | None = Field(title="过渡期每月补贴(元)")
    months: int | None = Field(title="补贴月数")


def compute(inp: GraduateEmployerInput, trace: Trace) -> GraduateEmployerResult:
    checks = Checks(trace)
    first = (
        Month.from_date(inp.insured_from) if inp.insured_from else Month.from_date(trace.on or date.today())
    )
    when = first.first_day()
    start: date = param("graduate_employer_si.amount").first.start
    need = int(figure("graduate_employer_si.months", when))
    checks.add("用人单位为小微企业", inp.small_micro, "ges.target", "small_micro")
    trace.step("资格认定以新参保首月或最近一次新续保首月的时间为准。", cite("emp.qualified_month"))
    check_graduate_window(
        checks,
        inp.graduation_date,
        inp.registered_unemployed,
        inp.insured_from,
        int(figure("graduate_employer_si.window_years", when)),
        "ges.target",
        graduation_year_too=True,
        what="新参保首月",
    )
    checks.add(
        f"在我市为其连续缴纳{duration_text(need)}以上社会保险费",
        None if inp.insured_months is None else inp.insured_months >= need,
        "ges.target",
        "insured_months",
    )
    checks.add("申报时仍在参保", inp.still_insured, "ges.target", "still_insured")
    checks.add(
        "该人员未享受一次性吸纳就业补贴(两者不重复享受)", not inp.absorption_received, "absorption.standard"
    )
    checks.add("未同时享受就业困难人员社会保险补贴", not inp.receiving_hardship_si, "hes.shared_duration")
    regime = "annual"
    monthly: Decimal | None = None
    months: int | None = need
    amount = Decimal(figure("graduate_employer_si.amount", when))
    if when < start:
        regime, amount, months = "old", Decimal(0), None
        checks.add(
            f"资格认定在{zh_date(start)}及以后(此前认定的按就业困难人员社会保险补贴标准)",
            None,
            "ges.transition_old",
        )
        trace.warn(
            f"{zh_date(start)}前认定符合条件的高校毕业生,继续参照就业困难人员社会保险补贴标准执行:请用“就业困难人员单位就业社会保险补贴”计算。"
        )
    elif inp.prior_months_received >= need:
        checks.add(f"此前享受单位就业社会保险补贴不超过{duration_text(need)}", False, "ges.transition_new")
    elif inp.prior_months_received > 0:
        regime = "transitional"
        monthly = Decimal(figure("graduate_employer_si.transition_monthly", when))
        months = need - inp.prior_months_received
        amount = monthly * months
        checks.add(
            f"此前已享受{duration_text(inp.prior_months_received)},不足{duration_text(need)}:按月享受至期满",
            True,
            "ges.transition_new",
        )
        trace.step(
            f"过渡期补贴 = {yuan_text(monthly)}/月 × {months}个月 = {yuan_text(amount)}。",
            cite("ges.transition_amount"),
        )
    else:
        trace.step(
            f"补贴标准{yuan_text(amount)}/人/年,补贴时间{duration_text(need)},同一人只能享受一次。",
            cite("ges.standard"),
        )
    met = met_month(first, need)
    within = int(figure("graduate_employer_si.apply_within_months", when))
    apply_by = window_after(met, within)
    trace.step(
        f"连续参保满{duration_text(need)}即{met.zh()}满足条件,应在{within}个月内申报:{zh_date(apply_by)}前"
        "(按自然月计到第六个月月末;以“渝悦·就业”受理时间为准)。财政部门每季度首月底前划拨上季度确认的补贴。",
        cite("ges.apply"),
        cite("ges.window"),
        cite("ges.payment"),
    )
    trace.step("一次性扩岗补助与单位就业社会保险补贴可同时享受。", cite("expansion.combines"))
    eligible = checks.eligible
    r = GraduateEmployerResult(
        eligible=eligible,
        subsidy=amount if eligible else Decimal(0),
        apply_by=apply_by if eligible is not False else None,
        qualified_month=first.iso() if inp.insured_from else None,
        regime=regime,
        monthly=monthly,
        months=months,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in [
            "ges.target",
            "ges.standard",
            "ges.window",
            "ges.transition_old",
            "ges.transition_new",
            "emp.graduate.year",
            "emp.graduate.departure",
            "ges.reference_181",
        ]
    ]


def governing_law(inp: GraduateEmployerInput) -> tuple[str, date]:
    start: date = param("graduate_employer_si.amount").first.start
    return "graduate_employer_si.amount", inp.insured_from or start


RULE: Rule[GraduateEmployerInput, GraduateEmployerResult] = register(
    Rule(
        name="graduate-employer-si",
        title="高校毕业生单位就业社会保险补贴",
        summary="小微企业新招用毕业年度或登记失业的离校不久的高校毕业生并连续缴纳社会保险费满规定期限的,给予社会保险补贴;给出是否符合、金额、与其他补贴的关系和申报期限。",
        input_model=GraduateEmployerInput,
        result_model=GraduateEmployerResult,
        compute=compute,
        basis=basis,
        assess=assess_with("高校毕业生单位社会保险补贴"),
        in_force=governing_law,
        examples=[
            {
                "graduation_date": "2024-06-20",
                "small_micro": True,
                "insured_from": "2024-08",
                "insured_months": 12,
                "still_insured": True,
            }
        ],
    )
)
