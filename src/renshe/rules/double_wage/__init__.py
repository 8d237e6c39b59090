"""Rule `double-wage` (二倍工资): no written contract after the first month of work.

Source: 劳动合同法 第八十二条第一款 and 第十四条第三款 (external provisions). From the day after the
first month of work until the written contract is signed, and at most until the first anniversary,
the employer pays twice the wage each month; what is owed on top of the wage already paid is one
more wage per month. If no contract is signed within a year, 第十四条第三款 deems an open-ended
contract concluded on the anniversary, and the double wage of 第八十二条第一款 stops there.
Whole months are counted; a part month is reported in days and not priced (the text does not say
how to prorate it; local practice divides by a monthly working-day figure the compilation lacks).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, round_half_up, to_decimal, yuan_text
from renshe.rules.months import zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, built, register


class DoubleWageInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    start: date = Field(title="用工之日", description="开始在本单位工作的日期,YYYY-MM-DD")
    contract_signed: date | None = Field(
        None, title="书面劳动合同订立日期", description="未订立不填;不填则按截至日期计算"
    )
    end: date | None = Field(None, title="截至日期", description="劳动关系结束日或计算截止日;不填为查询日")
    monthly_wage: Decimal | None = Field(None, title="月工资(元)", description="用于计算应补发的差额;可不填")

    @field_validator("start", "contract_signed", "end", mode="before")
    @classmethod
    def _dates(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            if info.field_name == "start":
                raise InputError("请填写用工之日 start", "start")
            return None
        labels = {"start": "用工之日", "contract_signed": "书面劳动合同订立日期", "end": "截至日期"}
        return parse_date(v, str(info.field_name), labels[str(info.field_name)])

    @field_validator("monthly_wage", mode="before")
    @classmethod
    def _wage(cls, v: Any) -> Decimal | None:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        try:
            d = to_decimal(v, "月工资")
        except ValueError as err:
            raise InputError(f"月工资 monthly_wage 无效:{err}", "monthly_wage") from None
        if d < 0 or d > Decimal("10000000"):
            raise InputError("月工资 monthly_wage 应在0至1000万元之间", "monthly_wage")
        return d

    @model_validator(mode="after")
    def _check(self) -> DoubleWageInput:
        if self.contract_signed is not None and self.contract_signed < self.start:
            raise InputError(
                "书面劳动合同订立日期 contract_signed 早于用工之日,不产生二倍工资", "contract_signed"
            )
        if self.end is not None and self.end < self.start:
            raise InputError("截至日期 end 不能早于用工之日 start", "end")
        return self


class DoubleWageResult(BaseModel):
    first_day: date = Field(title="二倍工资起算日")
    last_day: date | None = Field(title="二倍工资最后一日", description="null:不产生二倍工资")
    months: int = Field(title="应支付二倍工资的整月数")
    extra_days: int = Field(title="不足一个月的天数(未计算金额)")
    deemed_open_ended: bool = Field(title="是否视为已订立无固定期限劳动合同")
    deemed_from: date | None = Field(title="视为订立无固定期限劳动合同之日")
    extra_pay: Money | None = Field(
        title="应另行支付的工资(元)", description="每月再付一倍工资;未填月工资为null"
    )


def add_months(d: date, n: int) -> date:
    """The same day n months later (the month's last day when it has fewer days)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def period(start: date, signed: date | None, until: date) -> tuple[date, date, bool]:
    """第八十二条: 自用工之日起超过一个月不满一年未订立书面劳动合同 — [first day, exclusive end), deemed?

    第十四条第三款: 满一年不订立书面劳动合同的,视为已订立无固定期限劳动合同 (the double wage stops)."""
    first = add_months(start, int(param("double_wage.grace_months").value_at(start)))
    anniversary = add_months(start, int(param("double_wage.limit_months").value_at(start)))
    stop = signed if signed is not None else until + timedelta(days=1)
    deemed = stop > anniversary
    return first, min(stop, anniversary), deemed


def whole_months(first: date, stop: date) -> tuple[int, int]:
    """Whole months from `first` up to (not including) `stop`, and the days left over."""
    if stop <= first:
        return 0, 0
    n = 0
    while add_months(first, n + 1) <= stop:
        n += 1
    return n, (stop - add_months(first, n)).days


def extra_pay(wage: Decimal, multiple: int, months: int) -> Decimal:
    """第八十二条: 应当向劳动者每月支付二倍的工资 — beyond the wage already paid, (multiple − 1)
    wages for each whole month (rounded to the fen, 四舍五入)."""
    return round_half_up(wage * (multiple - 1) * months)


def formula(inp: DoubleWageInput, on: date) -> DoubleWageResult:
    """The answer without an explanation: the same provision functions `compute` calls."""
    first, stop, deemed = period(inp.start, inp.contract_signed, inp.end or on)
    months, days = whole_months(first, stop)
    if months == 0 and days == 0:
        return built(
            DoubleWageResult,
            first_day=first,
            last_day=None,
            months=0,
            extra_days=0,
            deemed_open_ended=False,
            deemed_from=None,
            extra_pay=Decimal(0) if inp.monthly_wage is not None else None,
        )
    k = int(param("double_wage.multiple").value_at(inp.start))
    return built(
        DoubleWageResult,
        first_day=first,
        last_day=stop - timedelta(days=1),
        months=months,
        extra_days=days,
        deemed_open_ended=deemed,
        deemed_from=stop if deemed else None,
        extra_pay=None if inp.monthly_wage is None else extra_pay(inp.monthly_wage, k, months),
    )


def compute(inp: DoubleWageInput, trace: Trace) -> DoubleWageResult:
    c = cite
    until = inp.end or trace.on or inp.start
    first, stop, deemed = period(inp.start, inp.contract_signed, until)
    grace = param("double_wage.grace_months").value_at(inp.start)
    k = int(param("double_wage.multiple").value_at(inp.start))
    months, days = whole_months(first, stop)
    signed = (
        f"于{zh_date(inp.contract_signed)}订立书面劳动合同" if inp.contract_signed else "未订立书面劳动合同"
    )
    trace.step(
        f"自{zh_date(inp.start)}用工,{signed}。用工超过{grace}个月未订立书面劳动合同的,"
        f"自{zh_date(first)}起每月支付{k}倍的工资。",
        c("lcl.art82.no_contract"),
    )
    if months == 0 and days == 0:
        trace.step(
            "在起算日前已订立书面劳动合同(或尚未到起算日),不产生二倍工资。", c("lcl.art82.no_contract")
        )
        return formula(inp, trace.on or inp.start)  # the result: the same provision functions, once
    last = stop - timedelta(days=1)
    trace.step(
        f"二倍工资期间:{zh_date(first)}至{zh_date(last)},共{months}个整月"
        + (f"又{days}日。" if days else "。"),
        c("lcl.art82.no_contract"),
    )
    if deemed:
        trace.step(
            f"自用工之日起满一年仍未订立书面劳动合同:视为自{zh_date(stop)}起已订立无固定期限劳动合同,"
            "二倍工资计至其前一日。",
            c("lcl.art14.deemed"),
        )
        trace.warn(
            "此后用人单位仍应与劳动者补订书面劳动合同;视为订立无固定期限劳动合同后,"
            "用人单位违法不订立的二倍工资另依第八十二条第二款判断,本规则未计算。"
        )
    if days:
        trace.warn(
            f"不足一个月的{days}日未计算金额:法律未规定折算方法,按日折算所用的月计薪天数本汇编未收录。"
        )
    extra = None
    if inp.monthly_wage is not None:
        extra = extra_pay(inp.monthly_wage, k, months)
        trace.step(
            f"在已按月支付的工资之外,应另行支付 {yuan_text(inp.monthly_wage)} × {k - 1} × {months}"
            f" = {yuan_text(extra)}。",
            c("lcl.art82.no_contract"),
        )
    return formula(inp, trace.on or inp.start)  # the result: the same provision functions, once


def basis() -> list[Citation]:
    return [cite("lcl.art82.no_contract"), cite("lcl.art14.deemed")]


def assess(inp: DoubleWageInput, r: DoubleWageResult, on: date) -> Assessment:
    """Owed when there is at least one month (or part month) in the period."""
    owed = r.months > 0 or r.extra_days > 0
    amount = ("extra_pay", "应另行支付的工资", r.extra_pay) if r.extra_pay is not None else None
    return Assessment(
        owed,
        [("用工超过一个月未订立书面劳动合同", owed, cite("lcl.art82.no_contract"))],
        [] if inp.monthly_wage is not None else ["monthly_wage"],
        amount,
    )


def governing_law(inp: DoubleWageInput) -> tuple[str, date]:
    return "double_wage.multiple", inp.start


RULE: Rule[DoubleWageInput, DoubleWageResult] = register(
    Rule(
        name="double-wage",
        title="未订立书面劳动合同的二倍工资(劳动合同法第八十二条)",
        summary="按用工之日和书面劳动合同订立日,计算应支付二倍工资的月数和差额;满一年视为订立无固定期限劳动合同。",
        input_model=DoubleWageInput,
        result_model=DoubleWageResult,
        compute=compute,
        formula=formula,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[{"start": "2025-03-01", "contract_signed": "2025-09-01", "monthly_wage": "6000"}],
    )
)
