"""Rule `severance` (经济补偿): whether it is due when a labour contract ends, and how much.

Source: 劳动合同法 (主席令第六十五号, 2012 text), which the compilation relies on but does not print:
its articles are external provisions (renshe/data/external_provisions.yaml). 第四十六条 lists when the
employer must pay; 第四十七条 sets the amount: one month's wage per full year of service, six months
or more counting as a year, less than six months as half a month; the wage is the average of the
last twelve months; above three times the area's average monthly wage of the previous year the wage
is capped at that figure and the years at twelve. The area average wage is published by the city
government (for Chongqing, the municipal government) and is not in the compilation: it is an input
with its year, and the cap is not checked without it. 第九十七条: for a contract running on
2008-01-01, the years under this law count from that day; service before it is paid "按照当时有关规定",
which the compilation does not print, so those months are reported and not priced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, round_half_up, to_decimal, yuan_text
from renshe.rules.months import duration_text, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, built, register

Reason = Literal[
    "employee_art38",
    "mutual_employer_proposed",
    "employer_art40",
    "employer_art41",
    "fixed_term_expired",
    "employer_closed",
    "other_law",
    "employee_resigned",
    "mutual_employee_proposed",
    "employer_art39",
    "fixed_term_renewal_refused",
]
# reason → the 第四十六条 item that makes compensation due (None: the article does not list it)
DUE_ITEM: dict[str, str | None] = {
    "employee_art38": "lcl.art46.1",
    "mutual_employer_proposed": "lcl.art46.2",
    "employer_art40": "lcl.art46.3",
    "employer_art41": "lcl.art46.4",
    "fixed_term_expired": "lcl.art46.5",
    "employer_closed": "lcl.art46.6",
    "other_law": "lcl.art46.7",
    "employee_resigned": None,
    "mutual_employee_proposed": None,
    "employer_art39": None,
    "fixed_term_renewal_refused": None,
}
REASON_TEXT: dict[str, str] = {
    "employee_art38": "劳动者依照第三十八条解除(用人单位未依约提供劳动保护、未及时足额支付劳动报酬等)",
    "mutual_employer_proposed": "用人单位提出、双方协商一致解除",
    "employer_art40": "用人单位依照第四十条解除(医疗期满、不能胜任、客观情况重大变化)",
    "employer_art41": "用人单位依照第四十一条第一款经济性裁员",
    "fixed_term_expired": "固定期限劳动合同期满终止(用人单位不续订,或降低条件续订劳动者不同意)",
    "employer_closed": "用人单位被依法宣告破产,或被吊销营业执照、责令关闭、撤销、决定提前解散",
    "other_law": "法律、行政法规规定的其他情形",
    "employee_resigned": "劳动者主动辞职(第三十七条)",
    "mutual_employee_proposed": "劳动者提出、双方协商一致解除",
    "employer_art39": "用人单位依照第三十九条因劳动者过错解除",
    "fixed_term_renewal_refused": "合同期满,用人单位维持或者提高条件续订而劳动者不同意",
}


class ServiceInput(BaseModel):
    """The facts of 第四十七条: the wage, the years of service and the area average wage."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    monthly_wage: Decimal = Field(
        title="月工资(元)", description="解除或者终止劳动合同前十二个月的平均工资", examples=["8000"]
    )
    service_months: int | None = Field(
        None, title="工作年限(月)", description="在本单位工作的月数;不填则由入职日期和离职日期计算"
    )
    start: date | None = Field(
        None, title="入职日期(用工之日)", description="开始在本单位工作的日期,YYYY-MM-DD"
    )
    end: date | None = Field(
        None, title="劳动合同解除或终止日期", description="劳动关系结束的日期,YYYY-MM-DD"
    )
    area_average_wage: Decimal | None = Field(
        None,
        title="本地区上年度职工月平均工资(元)",
        description="用人单位所在直辖市、设区的市级人民政府公布;本汇编未收录,用于三倍封顶",
    )
    area_average_year: int | None = Field(None, title="该平均工资的年度", description="应为离职前一年")

    @field_validator("monthly_wage", "area_average_wage", mode="before")
    @classmethod
    def _money(cls, v: Any, info: ValidationInfo) -> Decimal | None:
        label = {"monthly_wage": "月工资", "area_average_wage": "本地区上年度职工月平均工资"}[
            str(info.field_name)
        ]
        if v is None or (isinstance(v, str) and not v.strip()):
            if info.field_name == "monthly_wage":
                raise InputError("请填写月工资 monthly_wage(离职前十二个月的平均工资)", "monthly_wage")
            return None
        try:
            d = to_decimal(v, label)
        except ValueError as err:
            raise InputError(f"{label} {info.field_name} 无效:{err}", str(info.field_name)) from None
        if d < 0 or d > Decimal("10000000"):
            raise InputError(f"{label} {info.field_name} 应在0至1000万元之间", str(info.field_name))
        return d

    @field_validator("start", "end", mode="before")
    @classmethod
    def _dates(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        label = {"start": "入职日期", "end": "离职日期"}[str(info.field_name)]
        return parse_date(v, str(info.field_name), label)

    @model_validator(mode="after")
    def _check(self) -> ServiceInput:
        if self.service_months is None:
            if self.start is None or self.end is None:
                raise InputError(
                    "请填写工作年限 service_months(月),或同时填写入职日期 start 和离职日期 end",
                    "service_months",
                )
            if self.end < self.start:
                raise InputError("离职日期 end 不能早于入职日期 start", "end")
        elif self.service_months < 0 or self.service_months > 1200:
            raise InputError("工作年限 service_months 应在0至1200个月之间", "service_months")
        if self.area_average_wage is not None and self.area_average_wage <= 0:
            raise InputError("本地区上年度职工月平均工资 area_average_wage 必须大于0", "area_average_wage")
        return self


class SeveranceInput(ServiceInput):
    reason: Reason = Field(
        title="劳动合同解除或终止的原因",
        description=";".join(f"{k} {v}" for k, v in REASON_TEXT.items()),
    )


class SeveranceResult(BaseModel):
    due: bool = Field(title="是否应支付经济补偿")
    item: str | None = Field(title="第四十六条的哪一项")
    service_months: int = Field(title="计算经济补偿的工作月数")
    service_months_before_law: int = Field(title="劳动合同法施行前的工作月数(按当时有关规定,未计算)")
    months_of_pay: Decimal = Field(title="支付的月工资数")
    wage_used: Money = Field(title="计算基数(元/月)")
    capped: bool | None = Field(title="是否按三倍封顶", description="null:未填本地区平均工资,无法判断")
    compensation: Money = Field(title="经济补偿(元)")


def whole_months(start: date, end: date) -> int:
    """Whole months of service from `start` to `end` inclusive (the day after `end` is the first day off)."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months - 1 if after.day < start.day else months


def law_start() -> date:
    """第九十八条 本法自2008年1月1日起施行 (the day 第九十七条's split is made on)."""
    d: date = param("severance.law_start").first.value
    return d


def service_split(inp: ServiceInput) -> tuple[int, int]:
    """第九十七条: 经济补偿年限自本法施行之日起计算 — (months counted under this law, months before it)."""
    if inp.service_months is not None or inp.start is None or inp.end is None:
        return inp.service_months or 0, 0
    start = law_start()
    if inp.start >= start:
        return whole_months(inp.start, inp.end), 0
    if inp.end < start:
        return 0, whole_months(inp.start, inp.end)
    return whole_months(start, inp.end), whole_months(inp.start, start - timedelta(days=1))


def months_of_pay(months: int, on: date) -> Decimal:
    """第四十七条: 每满一年支付一个月工资;六个月以上不满一年的,按一年计算;不满六个月的,支付半个月工资."""
    per_year = Decimal(param("severance.months_per_year").value_at(on))
    round_from = int(param("severance.round_up_months").value_at(on))
    years, rest = divmod(months, 12)
    if rest >= round_from:
        return (years + 1) * per_year
    if rest > 0:
        return years * per_year + Decimal(param("severance.short_service_pay").value_at(on))
    return years * per_year


def cap(wage: Decimal, area: Decimal | None, pay: Decimal, on: date) -> tuple[Decimal, Decimal, bool | None]:
    """第四十七条第二款: 月工资高于本地区上年度职工月平均工资三倍的,按三倍支付,年限最高不超过十二年."""
    if area is None:
        return wage, pay, None
    ceiling = area * Decimal(param("severance.cap_multiple").value_at(on))
    if wage <= ceiling:
        return wage, pay, False
    max_years = Decimal(param("severance.cap_years").value_at(on))
    return ceiling, min(pay, max_years * Decimal(param("severance.months_per_year").value_at(on))), True


def fact_day(inp: ServiceInput, on: date | None) -> date:
    """The figures are those in force when the contract ends (the day asked when no end date)."""
    if inp.end is not None:
        return inp.end
    return max(on or law_start(), law_start())


def day_of(inp: ServiceInput, trace: Trace) -> date:
    return fact_day(inp, trace.on)


@dataclass(frozen=True, slots=True)
class Standard:
    """第四十七条's figures for one contract: months counted (and before 2008), months of pay before
    and after the cap, the wage used, whether capped, the amount."""

    months: int
    before: int
    uncapped_pay: Decimal
    pay: Decimal
    wage: Decimal
    capped: bool | None
    amount: Decimal


def standard_of(inp: ServiceInput, on: date) -> Standard:
    """第四十七条: 经济补偿按劳动者在本单位工作的年限,每满一年支付一个月工资的标准向劳动者支付……
    (service_split, months_of_pay, cap; the product rounded to the fen, 四舍五入)."""
    months, before = service_split(inp)
    uncapped = months_of_pay(months, on)
    wage, pay, capped = cap(inp.monthly_wage, inp.area_average_wage, uncapped, on)
    return Standard(months, before, uncapped, pay, wage, capped, round_half_up(wage * pay))


def standard(inp: ServiceInput, trace: Trace) -> tuple[int, int, Decimal, Decimal, bool | None, Decimal]:
    """第四十七条 with its explanation: (months, months before 2008, pay months, wage, capped, amount)."""
    c = cite
    on = day_of(inp, trace)
    st = standard_of(inp, on)
    months, before = st.months, st.before
    window = param("severance.wage_window_months").value_at(on)
    round_from = param("severance.round_up_months").value_at(on)
    trace.step(
        f"月工资按劳动合同解除或者终止前{window}个月的平均工资计算:{yuan_text(inp.monthly_wage)}。",
        c("lcl.art47.wage"),
    )
    if before:
        trace.step(
            f"{zh_date(law_start())}前的工作时间{duration_text(before)}:本法施行前按照当时有关规定应当支付经济补偿的,"
            "按照当时有关规定执行;本规则不计算这一部分。经济补偿年限自"
            f"{zh_date(law_start())}起计算。",
            c("lcl.art97.split"),
            c("lcl.art98"),
        )
        trace.warn(
            f"入职早于{zh_date(law_start())}:此前{duration_text(before)}的经济补偿按当时有关规定"
            "(原劳动部关于违反和解除劳动合同的经济补偿办法等)执行,本汇编未收录,未计入结果,请另行核算。"
        )
    pay = st.uncapped_pay
    trace.step(
        f"工作年限{duration_text(months) if months else '0个月'}:每满一年支付一个月工资,"
        f"{round_from}个月以上不满一年的按一年计算,不满{round_from}个月的支付半个月工资,共{pay.normalize()}个月工资。",
        c("lcl.art47.per_year"),
        c("lcl.art47.round_up"),
        c("lcl.art47.short"),
    )
    wage, pay, capped = st.wage, st.pay, st.capped
    multiple = param("severance.cap_multiple").value_at(on)
    if capped is None:
        trace.warn(
            "未填写本地区上年度职工月平均工资(由用人单位所在直辖市、设区的市级人民政府公布,重庆为市政府"
            f"或其人力社保部门发布的上年度职工月平均工资;本汇编未收录):无法判断月工资是否超过其{multiple}倍的封顶。"
        )
    else:
        assert inp.area_average_wage is not None
        if inp.area_average_year is not None and inp.area_average_year != on.year - 1:
            trace.warn(
                f"所填平均工资为{inp.area_average_year}年度;"
                f"第四十七条要求的是离职时的上年度({on.year - 1}年度)。"
            )
        if capped:
            trace.step(
                f"月工资{yuan_text(inp.monthly_wage)}高于本地区上年度职工月平均工资{yuan_text(inp.area_average_wage)}的"
                f"{multiple}倍,按{yuan_text(wage)}计算,年限最高不超过{param('severance.cap_years').value_at(on)}年:"
                f"支付{pay.normalize()}个月。",
                c("lcl.art47.cap"),
                c("lcl.art47.cap_years"),
            )
        else:
            trace.step(
                f"月工资不高于本地区上年度职工月平均工资的{multiple}倍,不封顶。",
                c("lcl.art47.cap"),
            )
    amount = st.amount
    trace.step(
        f"经济补偿 = {yuan_text(wage)} × {pay.normalize()} = {yuan_text(amount)}。", c("lcl.art47.per_year")
    )
    return months, before, pay, wage, capped, amount


def due_item(reason: str) -> str | None:
    """第四十六条: 有下列情形之一的,用人单位应当向劳动者支付经济补偿 — the item a reason falls
    under (its citation key), or None when the article does not list it."""
    return DUE_ITEM[reason]


def item_label(item: str) -> str:
    """The item's label as the result shows it (“第四十六条(三)”)."""
    c = cite(item)
    return c.provision_id.split("/")[-1] + c.quote[:3]


def formula(inp: SeveranceInput, on: date) -> SeveranceResult:
    """The answer without an explanation: the same provision functions `compute` calls."""
    item = due_item(inp.reason)
    if item is None:
        months, before = service_split(inp)
        return built(
            SeveranceResult,
            due=False,
            item=None,
            service_months=months,
            service_months_before_law=before,
            months_of_pay=Decimal(0),
            wage_used=inp.monthly_wage,
            capped=None,
            compensation=Decimal(0),
        )
    st = standard_of(inp, fact_day(inp, on))
    return built(
        SeveranceResult,
        due=True,
        item=item_label(item),
        service_months=st.months,
        service_months_before_law=st.before,
        months_of_pay=st.pay,
        wage_used=st.wage,
        capped=st.capped,
        compensation=st.amount,
    )


def compute(inp: SeveranceInput, trace: Trace) -> SeveranceResult:
    item = due_item(inp.reason)
    if item is None:
        trace.step(
            f"解除或终止原因:{REASON_TEXT[inp.reason]}。不属于第四十六条所列应当支付经济补偿的情形,用人单位无需支付经济补偿。",
            cite("lcl.art46.head"),
        )
        return formula(inp, trace.on or law_start())  # the result: the same provision functions, once
    trace.step(
        f"解除或终止原因:{REASON_TEXT[inp.reason]},属于第四十六条规定应当支付经济补偿的情形。", cite(item)
    )
    standard(inp, trace)  # the explanation of 第四十七条
    return formula(inp, trace.on or law_start())  # the result: the same provision functions, once


def basis() -> list[Citation]:
    keys = [
        "lcl.art46.head",
        "lcl.art47.per_year",
        "lcl.art47.round_up",
        "lcl.art47.short",
        "lcl.art47.cap",
        "lcl.art47.cap_years",
        "lcl.art47.wage",
        "lcl.art97.split",
    ]
    return [cite(k) for k in keys]


def assess(inp: SeveranceInput, r: SeveranceResult, on: date) -> Assessment:
    """Due or not by 第四十六条; the amount is the compensation."""
    item = DUE_ITEM[inp.reason]
    conditions: list[tuple[str, bool | None, Citation | str | None]] = [
        ("解除或终止属于第四十六条所列情形", r.due, cite(item) if item else cite("lcl.art46.head"))
    ]
    return Assessment(r.due, conditions, [], ("compensation", "经济补偿", r.compensation))


def governing_law(inp: ServiceInput) -> tuple[str, date]:
    return "severance.months_per_year", inp.end or law_start()


RULE: Rule[SeveranceInput, SeveranceResult] = register(
    Rule(
        name="severance",
        title="经济补偿(劳动合同法第四十六条、第四十七条)",
        summary="按解除或终止原因判断是否应支付经济补偿,按工作年限和离职前十二个月平均工资计算数额(含三倍封顶、十二年上限)。",
        input_model=SeveranceInput,
        result_model=SeveranceResult,
        compute=compute,
        formula=formula,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[
            {"reason": "employer_art40", "monthly_wage": "8000", "start": "2022-01-01", "end": "2025-07-31"},
            {
                "reason": "mutual_employer_proposed",
                "monthly_wage": "40000",
                "service_months": 240,
                "area_average_wage": "10000",
                "area_average_year": 2024,
            },
        ],
    )
)
