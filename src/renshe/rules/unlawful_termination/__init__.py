"""Rule `unlawful-termination` (赔偿金): twice the 第四十七条 compensation, instead of it.

Source: 劳动合同法 第八十七条 (external provision): an employer that ends a contract in breach of the
law pays 赔偿金 at twice the 经济补偿 standard of 第四十七条. It replaces the compensation; the two are
not paid together (the later 劳动合同法实施条例 第二十五条 says so expressly; it is not in the
compilation, so the rule states the replacement as a warning). The standard (months of pay, the
12-month average wage, the 3× cap and 12-year limit) is `severance.standard`, one implementation.
For service before 2008 the same 第九十七条 split as for 经济补偿 is applied, with a warning: the
实施条例 counts 赔偿金 years from the first day of work, and it is not in the compilation.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.money import Money, yuan_text
from renshe.rules.months import zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, built, register
from renshe.rules.severance import (
    ServiceInput,
    day_of,
    fact_day,
    governing_law,
    law_start,
    standard,
    standard_of,
)


class UnlawfulTerminationResult(BaseModel):
    service_months: int = Field(title="计算年限的工作月数")
    months_of_pay: Decimal = Field(title="经济补偿标准的月工资数")
    wage_used: Money = Field(title="计算基数(元/月)")
    capped: bool | None = Field(title="是否按三倍封顶")
    severance_standard: Money = Field(title="按第四十七条计算的经济补偿标准(元)")
    multiple: int = Field(title="倍数")
    damages: Money = Field(title="赔偿金(元)")


def damages(standard_amount: Decimal, on: date) -> tuple[int, Decimal]:
    """第八十七条: 依照本法第四十七条规定的经济补偿标准的二倍向劳动者支付赔偿金."""
    k = int(param("unlawful_termination.multiple").value_at(on))
    return k, standard_amount * k


def compute(inp: ServiceInput, trace: Trace) -> UnlawfulTerminationResult:
    on = day_of(inp, trace)
    trace.step(
        "用人单位违反本法规定解除或者终止劳动合同:按第四十七条的经济补偿标准计算,再乘以倍数。",
        cite("lcl.art87"),
    )
    months, before, pay, wage, capped, amount = standard(inp, trace)
    k, total = damages(amount, on)
    trace.step(f"赔偿金 = {yuan_text(amount)} × {k} = {yuan_text(total)}。", cite("lcl.art87"))
    trace.warn("支付赔偿金的,不再支付经济补偿(劳动合同法实施条例第二十五条;本汇编未收录该条例)。")
    if before:
        trace.warn(
            "劳动合同法实施条例第二十五条规定赔偿金的计算年限自用工之日起计算;本汇编未收录,"
            f"本结果只计{zh_date(law_start())}起的年限。"
        )
    return UnlawfulTerminationResult(
        service_months=months,
        months_of_pay=pay,
        wage_used=wage,
        capped=capped,
        severance_standard=amount,
        multiple=k,
        damages=total,
    )


def formula(inp: ServiceInput, on: date) -> UnlawfulTerminationResult:
    """The answer without an explanation: the same provision functions `compute` calls."""
    day = fact_day(inp, on)
    st = standard_of(inp, day)
    k, total = damages(st.amount, day)
    return built(
        UnlawfulTerminationResult,
        service_months=st.months,
        months_of_pay=st.pay,
        wage_used=st.wage,
        capped=st.capped,
        severance_standard=st.amount,
        multiple=k,
        damages=total,
    )


def basis() -> list[Citation]:
    return [cite("lcl.art87"), cite("lcl.art47.per_year"), cite("lcl.art47.cap")]


def assess(inp: ServiceInput, r: UnlawfulTerminationResult, on: date) -> Assessment:
    """Entitled by the premise (the termination was unlawful); the amount is the 赔偿金."""
    return Assessment(
        True,
        [("用人单位违法解除或者终止劳动合同", True, cite("lcl.art87"))],
        [],
        ("damages", "赔偿金", r.damages),
    )


RULE: Rule[ServiceInput, UnlawfulTerminationResult] = register(
    Rule(
        name="unlawful-termination",
        title="违法解除或终止劳动合同的赔偿金(劳动合同法第八十七条)",
        summary="按第四十七条经济补偿标准的二倍计算赔偿金(代替经济补偿)。",
        input_model=ServiceInput,
        result_model=UnlawfulTerminationResult,
        compute=compute,
        formula=formula,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[{"monthly_wage": "6000", "service_months": 24}],
    )
)
