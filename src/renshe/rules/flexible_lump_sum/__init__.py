"""Rule `flexible-lump-sum` (一次性灵活就业补贴, catalogue E8).

Source: 渝人社发〔2024〕17号 五. A registered-unemployed graduate within five years of leaving (leaving
deemed 30 June) in one of four kinds of flexible work, who pays one continuous year of pension
insurance as an individual and is still insured, receives 6,000 元 once (五(一)(二)); claim within six
months (五(四)4). 五(二) says it is "not received together with" the graduate flexible SI subsidy, and 五(四)5
that a graduate who has received one year or less of that subsidy may still have it, more than a year
not. Reading taken: the two do not cover the same person beyond that limit — received months ≤ 12 →
eligible; > 12 → not (五(四)5 is the specific rule that says how 五(二) applies).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.employment import (
    Checks,
    FlexibleGraduate,
    SubsidyResult,
    assess_with,
    check_flexible_type,
    check_graduate_window,
    figure,
    finish,
    met_month,
    window_after,
)
from renshe.rules.money import yuan_text
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register


class LumpSumInput(FlexibleGraduate):
    flexible_si_months_received: int = Field(
        0,
        ge=0,
        le=120,
        title="已享受灵活就业社会保险补贴月数",
        description="已享受的高校毕业生灵活就业社会保险补贴月数",
    )
    once_received: bool = Field(False, title="已享受过一次性灵活就业补贴", description="同一人员只享受一次")


class LumpSumResult(SubsidyResult):
    pass


def compute(inp: LumpSumInput, trace: Trace) -> LumpSumResult:
    checks = Checks(trace)
    on = trace.on or date.today()
    first = Month.from_date(inp.insured_from) if inp.insured_from else Month.from_date(on)
    when = first.first_day()
    need = int(figure("flexible_lump_sum.insured_months", when))
    limit = int(figure("flexible_lump_sum.flexible_si_limit_months", when))
    check_graduate_window(
        checks,
        inp.graduation_date,
        inp.registered_unemployed,
        inp.insured_from,
        int(figure("flexible_lump_sum.window_years", when)),
        "lump.target",
        graduation_year_too=False,
        what="新参保首月",
    )
    check_flexible_type(
        checks,
        inp.flexible_type,
        "flexible_lump_sum.job_types",
        when,
        ["lump.delivery", "lump.employee", "lump.vendor", "lump.driver"],
        "渝人社发〔2024〕14号(就业困难人员)",
    )
    checks.add(
        f"以个人身份连续缴纳城镇职工基本养老保险费{duration_text(need)}以上",
        None if inp.insured_months is None else inp.insured_months >= need,
        "lump.target",
        "insured_months",
    )
    checks.add("申报时仍在参保", inp.still_insured, "lump.target", "still_insured")
    checks.add("同一人员未享受过本补贴", not inp.once_received, "lump.standard")
    checks.add(
        f"已享受灵活就业社会保险补贴不超过{duration_text(limit)}(已享受{inp.flexible_si_months_received}个月)",
        inp.flexible_si_months_received <= limit,
        "lump.flexible_si_limit",
    )
    if inp.flexible_si_months_received:
        trace.warn(
            "五(二)规定与高校毕业生灵活就业社会保险补贴“不重复享受”,五(四)5又允许已享受不超过规定期限的毕业生享受本政策:"
            "本规则按五(四)5判断(它具体规定了五(二)如何适用)。"
        )
    amount = Decimal(figure("flexible_lump_sum.amount", when))
    trace.step(f"补贴标准{yuan_text(amount)}/人,同一人员只享受一次。", cite("lump.standard"))
    met = met_month(first, need)
    within = int(figure("flexible_lump_sum.apply_within_months", when))
    apply_by = window_after(met, within)
    trace.step(
        f"{met.zh()}符合条件,应在{within}个月内即{zh_date(apply_by)}前申报。",
        cite("lump.qualified"),
        cite("lump.window"),
    )
    eligible = checks.eligible
    r = LumpSumResult(
        eligible=eligible,
        subsidy=amount if eligible else Decimal(0),
        apply_by=apply_by if eligible is not False else None,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [cite(k) for k in ["lump.target", "lump.standard", "lump.window", "lump.flexible_si_limit"]]


def governing_law(inp: LumpSumInput) -> tuple[str, date]:
    start: date = param("flexible_lump_sum.amount").first.start
    return "flexible_lump_sum.amount", inp.insured_from or start


RULE: Rule[LumpSumInput, LumpSumResult] = register(
    Rule(
        name="flexible-lump-sum",
        title="一次性灵活就业补贴",
        summary="登记失业的高校毕业生从事网络配送、个体工商户雇工、商贩、网约车等灵活就业并以个人身份连续缴纳养老保险费的,给予一次性灵活就业补贴;给出是否符合、金额和申报期限。",
        input_model=LumpSumInput,
        result_model=LumpSumResult,
        compute=compute,
        basis=basis,
        assess=assess_with("一次性灵活就业补贴"),
        in_force=governing_law,
        examples=[
            {
                "graduation_date": "2021-06-20",
                "registered_unemployed": True,
                "flexible_type": "ride_hailing_driver",
                "insured_from": "2024-05",
                "insured_months": 13,
                "still_insured": True,
            }
        ],
    )
)
