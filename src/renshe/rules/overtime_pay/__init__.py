"""Rule `overtime-pay` (加班工资): one day's overtime pay from an hourly base, and 第四十一条's limits.

Source: 劳动法 (主席令第二十八号, 2018 text; external provisions) 第四十四条: longer hours on a working
day at no less than 150%, a rest day without 补休 at 200%, a statutory holiday at 300%; 第四十一条:
longer hours generally at most one hour a day, for special reasons at most three a day and 36 a month;
第三十六条: eight hours a day, 44 a week on average. The day's kind comes from renshe.rules.workdays
(法定节假日, 调休, 周末). The hourly base is what the person states: turning a monthly wage into an hourly one
needs a monthly working-day figure the national texts here do not give (劳社部发〔2008〕3号, not in the
compilation), so the rule does not do it and says so. The 44-hour week is the law's text; the State
Council's 40-hour week (国务院关于职工工作时间的规定) is not in the compilation: stated as a warning.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, round_half_up, to_decimal, yuan_text
from renshe.rules.months import zh_date
from renshe.rules.params import cite, param, value
from renshe.rules.registry import Rule, built, register
from renshe.rules.workdays import day_info

DayClass = Literal["workday", "rest_day", "holiday"]
RATE_CITE = {"workday": "ll.art44.workday", "rest_day": "ll.art44.rest_day", "holiday": "ll.art44.holiday"}
CLASS_TEXT = {
    "workday": "工作日延长工作时间",
    "rest_day": "休息日工作且不能安排补休",
    "holiday": "法定休假日工作",
}


class OvertimeInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    day: date = Field(
        title="加班日期", description="YYYY-MM-DD;按国家节假日安排判断工作日、休息日或法定休假日"
    )
    hours: Decimal = Field(title="加班小时数", description="当日加班(工作日为超出正常工作时间)的小时数")
    hourly_base: Decimal = Field(
        title="小时工资基数(元/小时)", description="本人正常工作时间的小时工资,由本人提供"
    )
    compensatory_leave: bool = Field(
        False, title="是否已安排补休", description="休息日加班已安排补休的,不支付200%的工资"
    )
    month_hours: Decimal | None = Field(
        None, title="本月加班小时数合计(含本日)", description="用于判断每月36小时的上限;可不填"
    )

    @field_validator("day", mode="before")
    @classmethod
    def _day(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            raise InputError("请填写加班日期 day", "day")
        return parse_date(v, "day", "加班日期")

    @field_validator("hours", "hourly_base", "month_hours", mode="before")
    @classmethod
    def _num(cls, v: Any, info: ValidationInfo) -> Decimal | None:
        name = str(info.field_name)
        if v is None or (isinstance(v, str) and not v.strip()):
            if name == "month_hours":
                return None
            raise InputError(f"请填写 {name}", name)
        try:
            d = to_decimal(v, name)
        except ValueError as err:
            raise InputError(f"{name} 无效:{err}", name) from None
        top = Decimal(24) if name == "hours" else Decimal(1000000)
        if d < 0 or d > top:
            raise InputError(f"{name} 应在0至{top}之间", name)
        return d


class OvertimeResult(BaseModel):
    day_kind: str = Field(title="日期类型")
    day_class: DayClass = Field(
        title="加班类别", description=";".join(f"{k} {v}" for k, v in CLASS_TEXT.items())
    )
    rate: Decimal = Field(title="不低于工资的倍数")
    pay: Money = Field(title="加班工资(元,不低于)")
    over_general_daily: bool | None = Field(title="是否超过一般每日上限", description="仅工作日延长工作时间")
    over_daily: bool | None = Field(title="是否超过每日上限", description="仅工作日延长工作时间")
    over_monthly: bool | None = Field(title="是否超过每月上限", description="null:未填本月合计")


def classify(day: date) -> tuple[DayClass, str]:
    """第四十四条's three cases by the day's kind.

    法定节假日 → 法定休假日; 周末/调休休息日/补假 → 休息日; else 工作日."""
    info = day_info(day)
    if info.kind == "法定节假日":
        return "holiday", info.label
    if not info.working:
        return "rest_day", info.label
    return "workday", info.label


def rate(cls_: DayClass, on: date) -> Decimal:
    """第四十四条: 不低于工资的百分之一百五十 / 百分之二百 / 百分之三百."""
    return Decimal(value("overtime.rates", on)[cls_])


def limits(hours: Decimal, month_hours: Decimal | None, on: date) -> tuple[bool, bool, bool | None]:
    """第四十一条: 一般每日不得超过一小时;因特殊原因每日不得超过三小时,但是每月不得超过三十六小时."""
    general = Decimal(value("overtime.daily_general_max", on))
    daily = Decimal(value("overtime.daily_max", on))
    monthly = Decimal(value("overtime.monthly_max", on))
    return hours > general, hours > daily, None if month_hours is None else month_hours > monthly


def pay_rate(inp: OvertimeInput, cls_: DayClass) -> Decimal:
    """第四十四条(二): 休息日安排劳动者工作又不能安排补休的 — with 补休 no rest-day rate is due."""
    if cls_ == "rest_day" and inp.compensatory_leave:
        return Decimal(0)
    return rate(cls_, inp.day)


def overtime_pay(inp: OvertimeInput, k: Decimal) -> Decimal:
    """第四十四条: the hourly base × hours × the rate, rounded to the fen (四舍五入)."""
    return round_half_up(inp.hourly_base * inp.hours * k)


def formula(inp: OvertimeInput, on: date) -> OvertimeResult:
    """The answer without an explanation: the same provision functions `compute` calls."""
    cls_, label = classify(inp.day)
    k = pay_rate(inp, cls_)
    g, d, m = limits(inp.hours, inp.month_hours, inp.day)
    return built(
        OvertimeResult,
        day_kind=label,
        day_class=cls_,
        rate=k,
        pay=overtime_pay(inp, k),
        over_general_daily=g if cls_ == "workday" else None,
        over_daily=d if cls_ == "workday" else None,
        over_monthly=m,
    )


def compute(inp: OvertimeInput, trace: Trace) -> OvertimeResult:
    c = cite
    on = inp.day
    cls_, label = classify(on)
    trace.step(f"{zh_date(on)}为{label}。", c(RATE_CITE[cls_]))
    if cls_ == "rest_day" and inp.compensatory_leave:
        trace.step(
            "休息日加班已安排补休:第四十四条第二项的加班工资不适用(补休代替)。", c("ll.art44.rest_day")
        )
    k = pay_rate(inp, cls_)
    pay = overtime_pay(inp, k)
    trace.step(
        f"{CLASS_TEXT[cls_]}:支付不低于工资的{(k * 100).normalize()}%。"
        f"{yuan_text(inp.hourly_base)}/小时 × {inp.hours.normalize()}小时 × {k.normalize()}"
        f" = {yuan_text(pay)}。",
        c(RATE_CITE[cls_]),
    )
    trace.warn(
        "小时工资基数按所填数额计算。由月工资折算小时工资所用的月计薪天数(劳社部发〔2008〕3号)本汇编未收录,"
        "本规则不作折算。"
    )
    g = d = None
    if cls_ == "workday":
        g, d, m = limits(inp.hours, inp.month_hours, on)
        daily_hours = param("overtime.daily_hours").value_at(on)
        trace.step(
            f"工作日延长工作时间指超出每日{daily_hours}小时(平均每周"
            f"{param('overtime.weekly_hours').value_at(on)}小时)的部分;"
            f"一般每日不得超过{param('overtime.daily_general_max').value_at(on)}小时,"
            f"因特殊原因每日不得超过{param('overtime.daily_max').value_at(on)}小时,"
            f"每月不得超过{param('overtime.monthly_max').value_at(on)}小时。",
            c("ll.art36.hours"),
            c("ll.art41.general"),
            c("ll.art41.special"),
        )
        if d:
            trace.warn(
                f"本日延长工作时间{inp.hours.normalize()}小时,超过第四十一条的每日上限(第四十二条情形除外)。"
            )
        elif g:
            trace.warn(f"本日延长工作时间{inp.hours.normalize()}小时,超过一般每日上限,须有特殊原因。")
    else:
        _, _, m = limits(inp.hours, inp.month_hours, on)
    if m:
        trace.warn(
            f"本月加班合计{inp.month_hours}小时,超过每月{param('overtime.monthly_max').value_at(on)}小时的上限"
            "(本规则将休息日、法定休假日加班一并计入,第四十一条只称“延长工作时间”)。"
        )
    trace.warn(
        f"劳动法第三十六条规定平均每周工作时间不超过{param('overtime.weekly_hours').value_at(on)}小时;"
        "国务院关于职工工作时间的规定另有规定,本汇编未收录。"
    )
    return OvertimeResult(
        day_kind=label,
        day_class=cls_,
        rate=k,
        pay=pay,
        over_general_daily=g,
        over_daily=d,
        over_monthly=m,
    )


def basis() -> list[Citation]:
    return [
        cite(k) for k in ("ll.art44.workday", "ll.art44.rest_day", "ll.art44.holiday", "ll.art41.special")
    ]


def assess(inp: OvertimeInput, r: OvertimeResult, on: date) -> Assessment:
    """The amount is the day's overtime pay (at least); no entitlement to decide."""
    return Assessment(None, [], [], ("pay", "加班工资", r.pay))


def governing_law(inp: OvertimeInput) -> tuple[str, date]:
    return "overtime.rates", inp.day


RULE: Rule[OvertimeInput, OvertimeResult] = register(
    Rule(
        name="overtime-pay",
        title="加班工资(劳动法第四十四条)",
        summary="按工作日、休息日(不能补休)、法定休假日,以本人小时工资计算一日加班工资,并提示第四十一条的加班时长上限。",
        input_model=OvertimeInput,
        result_model=OvertimeResult,
        compute=compute,
        formula=formula,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[{"day": "2025-10-01", "hours": "8", "hourly_base": "30"}],
    )
)
