"""Rule `graduate-flexible-si` (高校毕业生灵活就业社会保险补贴, catalogue E4).

Source: 渝人社发〔2024〕17号 一. A registered-unemployed graduate within two years of leaving (leaving
deemed 30 June) in one of four kinds of flexible work (网络配送员, 个体工商户雇工, 商贩, 网约车 — 17号's list,
which differs from 14号's: each list governs its own subsidy) who pays one continuous year of pension
insurance as an individual and is still insured receives 6,000 元 per year, for at most two years, one
claim after each insured year (一(二)2, (三)1); qualification at the latest employment registration
(一(四)2); each claim within six months (一(四)3); transition at 500 元/月 (一(四)6). Not together with the
一次性灵活就业补贴 beyond the limit that rule states (五(二), 五(四)5).
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
    window_after,
)
from renshe.rules.money import yuan_text
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register


class GraduateFlexibleInput(FlexibleGraduate):
    """`insured_months` counts from the first insured month, or, for a second claim, since the first
    claim's year ("再次连续就业并参保1年后")."""

    claims_made: int = Field(0, ge=0, le=10, title="已申请次数", description="已按年申请并享受本补贴的次数")
    prior_months_received: int = Field(
        0,
        ge=0,
        le=120,
        title="2024年6月前已享受月数",
        description="按原规定已享受的灵活就业社会保险补贴月数(过渡)",
    )
    lump_sum_received: bool = Field(False, title="已享受一次性灵活就业补贴", description="两者不重复享受")
    receiving_hardship_si: bool = Field(
        False, title="正在享受就业困难人员社会保险补贴", description="不能同时享受"
    )


class GraduateFlexibleResult(SubsidyResult):
    claim_number: int = Field(title="本次为第几次申请")
    claims_left: int = Field(title="本次之后还可申请次数")
    regime: str = Field(title="适用标准", description="annual 按年度标准;transitional 按过渡期月标准至期满")
    months: int | None = Field(title="过渡期补贴月数")


def compute(inp: GraduateFlexibleInput, trace: Trace) -> GraduateFlexibleResult:
    checks = Checks(trace)
    on = trace.on or date.today()
    when = inp.employment_registered_on or (inp.insured_from or on)
    first = Month.from_date(inp.insured_from) if inp.insured_from else Month.from_date(on)
    need = int(figure("graduate_flexible_si.insured_months", when))
    max_years = int(figure("graduate_flexible_si.max_years", when))
    max_claims = max_years * 12 // need
    check_graduate_window(
        checks,
        inp.graduation_date,
        inp.registered_unemployed,
        inp.employment_registered_on,
        int(figure("graduate_flexible_si.window_years", when)),
        "gfs.target",
        graduation_year_too=False,
        what="最近一次就业登记时",
    )
    trace.step(
        "资格认定以最近一次就业登记的时间为准;在规定类型之间变换就业类型不影响资格。",
        cite("gfs.qualified"),
        cite("gfs.switch"),
    )
    check_flexible_type(
        checks,
        inp.flexible_type,
        "graduate_flexible_si.job_types",
        when,
        ["gfs.delivery", "gfs.employee", "gfs.vendor", "gfs.driver"],
        "渝人社发〔2024〕14号(就业困难人员)",
    )
    checks.add(
        f"以个人身份连续缴纳城镇职工基本养老保险费{duration_text(need)}以上",
        None if inp.insured_months is None else inp.insured_months >= need,
        "gfs.target",
        "insured_months",
    )
    checks.add("申报时仍在参保", inp.still_insured, "gfs.target", "still_insured")
    checks.add(
        f"补贴时间未满{max_years}年(已申请{inp.claims_made}次)", inp.claims_made < max_claims, "gfs.standard"
    )
    checks.add("未享受一次性灵活就业补贴", not inp.lump_sum_received, "lump.standard")
    checks.add("未同时享受就业困难人员社会保险补贴", not inp.receiving_hardship_si, "hes.shared_duration")
    regime, months = "annual", None
    amount = Decimal(figure("graduate_flexible_si.amount", when))
    total_months = max_years * 12
    if inp.prior_months_received >= total_months:
        checks.add(f"此前享受灵活就业社会保险补贴未满{max_years}年", False, "ges.transition_new")
    elif inp.prior_months_received > 0:
        regime = "transitional"
        monthly = Decimal(figure("graduate_flexible_si.transition_monthly", when))
        months = total_months - inp.prior_months_received
        amount = monthly * months
        trace.step(
            f"过渡:此前已享受{duration_text(inp.prior_months_received)},按{yuan_text(monthly)}/月享受剩余{months}个月,共{yuan_text(amount)}。",
            cite("ges.transition_new"),
            cite("ges.transition_amount"),
        )
    else:
        trace.step(
            f"补贴标准{yuan_text(amount)}/人/年,最长{max_years}年;每连续参保{duration_text(need)}申请1次。",
            cite("gfs.standard"),
            cite("gfs.per_year"),
        )
    met = first + need * (inp.claims_made + 1)
    within = int(figure("graduate_employer_si.apply_within_months", when))
    apply_by = window_after(met, within)
    trace.step(
        f"本次满足条件的月份为{met.zh()},应在{within}个月内即{zh_date(apply_by)}前申报;每季度集中办理一次。",
        cite("ges.window"),
        cite("gfs.quarterly"),
    )
    trace.step("与单位就业社会保险补贴的期限分别计算。", cite("gfs.separate"))
    eligible = checks.eligible
    r = GraduateFlexibleResult(
        eligible=eligible,
        subsidy=amount if eligible else Decimal(0),
        apply_by=apply_by if eligible is not False else None,
        claim_number=inp.claims_made + 1,
        claims_left=max(max_claims - inp.claims_made - 1, 0),
        regime=regime,
        months=months,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in ["gfs.target", "gfs.standard", "gfs.per_year", "gfs.qualified", "ges.window", "gfs.separate"]
    ]


def governing_law(inp: GraduateFlexibleInput) -> tuple[str, date]:
    start: date = param("graduate_flexible_si.amount").first.start
    return "graduate_flexible_si.amount", inp.employment_registered_on or start


RULE: Rule[GraduateFlexibleInput, GraduateFlexibleResult] = register(
    Rule(
        name="graduate-flexible-si",
        title="高校毕业生灵活就业社会保险补贴",
        summary="登记失业的高校毕业生从事网络配送、个体工商户雇工、商贩、网约车等灵活就业并以个人身份连续缴纳养老保险费的,按年给予社会保险补贴;给出是否符合、本次金额和申报期限。",
        input_model=GraduateFlexibleInput,
        result_model=GraduateFlexibleResult,
        compute=compute,
        basis=basis,
        assess=assess_with("本次灵活就业社会保险补贴"),
        in_force=governing_law,
        examples=[
            {
                "graduation_date": "2024-06-20",
                "registered_unemployed": True,
                "flexible_type": "online_delivery",
                "employment_registered_on": "2024-09-10",
                "insured_from": "2024-09",
                "insured_months": 12,
                "still_insured": True,
            }
        ],
    )
)
