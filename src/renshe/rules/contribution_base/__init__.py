"""Rule `contribution-base`: the monthly social-insurance contribution base for 2024.

Source: 渝人社发〔2024〕18号 (source lines 7357–7374). 一 gives the average wage used (87169元/年),
二 the monthly cap and floor (21793 / 4359) for employees and, identically, for people insured in
their own name. The notice states the figures but not how they were obtained: 60% and 300% of the
monthly average, rounded *up* to the yuan, reproduce both exactly (ordinary rounding gives 4358 /
21792). The rule derives the floor and cap that way, shows the arithmetic in its steps, and checks
the derivation against the stated figures, so a typo in either the parameters or the law shows up.

The base itself is the wage clamped to [floor, cap]. Only 2024 is in the compilation; other years
are an input error (exit 2) rather than a guess.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.money import YUAN, Money, round_half_up, round_up, to_decimal, yuan_text
from renshe.rules.params import cite, derived, param
from renshe.rules.registry import Rule, built, register

InsuredAs = Literal["employee", "individual"]
INSURED_TEXT: dict[str, str] = {
    "employee": "参保职工(单位参保)",
    "individual": "以个人身份参加城镇企业职工基本养老保险人员",
}
_INSURED_ALIASES: dict[str, str] = {
    "职工": "employee",
    "参保职工": "employee",
    "单位": "employee",
    "单位参保": "employee",
    "个人": "individual",
    "个人身份": "individual",
    "灵活就业": "individual",
    "灵活就业人员": "individual",
}


def covered_years() -> tuple[int, ...]:
    """The contribution years whose figures the parameters hold (one dated value per year)."""
    return tuple(v.start.year for v in param("contribution_base.average_wage_annual").values)


class ContributionBaseInput(BaseModel):
    """A monthly wage, the contribution year and how the person is insured."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    wage: Decimal = Field(
        title="月工资(元)",
        description="本人月工资收入;以个人身份参保的填本人申报的月缴费工资",
        examples=["8000"],
    )
    year: int = Field(2024, title="缴费年度", description="本汇编只收录2024年度")
    insured_as: InsuredAs = Field(
        "employee",
        title="参保身份",
        description="employee 参保职工;individual 以个人身份参加城镇企业职工基本养老保险",
    )

    @field_validator("wage", mode="before")
    @classmethod
    def _wage(cls, v: Any) -> Decimal:
        try:
            d = to_decimal(v, "月工资")
        except ValueError as err:
            raise InputError(f"月工资 wage 无效:{err}", "wage") from None
        if d <= 0:
            raise InputError("月工资 wage 必须大于0", "wage")
        if d > Decimal("10000000"):
            raise InputError("月工资 wage 超出合理范围(不超过1000万元)", "wage")
        return d

    @field_validator("insured_as", mode="before")
    @classmethod
    def _insured(cls, v: Any) -> Any:
        if isinstance(v, str):
            s = v.strip()
            return _INSURED_ALIASES.get(s, s or "employee")
        return v

    @field_validator("year", mode="after")
    @classmethod
    def _year(cls, v: int) -> int:
        years = covered_years()
        if v not in years:
            raise InputError(
                f"本汇编只收录{'、'.join(str(y) for y in years)}年度的缴费基数上下限(渝人社发〔2024〕18号)"
                f";{v}年度的上下限由当年另行发布的通知核定,"
                "不在本汇编中",
                "year",
            )
        return v


class ContributionBaseResult(BaseModel):
    base: Money = Field(title="月缴费基数(元)")
    floor: Money = Field(title="月缴费基数下限(元)")
    cap: Money = Field(title="月缴费基数上限(元)")
    average_wage_annual: Money = Field(title="就业人员平均工资(元/年)")
    average_wage_monthly: Money = Field(title="月平均工资(元,保留两位)")
    adjusted: Literal["floor", "cap"] | None = Field(title="按下限或上限核定", description="null:按本人工资")


def derive_range(year: int = 2024) -> tuple[Decimal, Decimal, Decimal]:
    """(monthly average unrounded, floor, cap) derived from the average wage: ratio × average, rounded up.

    Raises ValueError if the derivation does not reproduce the figures the notice states: a
    parameter file that disagrees with the notice must fail loudly, not silently.
    """
    when = _year_start(year)
    annual = Decimal(param("contribution_base.average_wage_annual").value_at(when))
    ratios = param("contribution_base.ratios").value_at(when)
    monthly = annual / Decimal(12)
    floor = round_up(monthly * Decimal(ratios["floor"]), YUAN)
    cap = round_up(monthly * Decimal(ratios["cap"]), YUAN)
    stated = param("contribution_base.stated_range").value_at(when)
    for who, rng in stated.items():
        if (Decimal(rng["floor"]), Decimal(rng["cap"])) != (floor, cap):
            raise ValueError(f"derived range {floor}/{cap} differs from the stated range for {who}: {rng}")
    return monthly, floor, cap


def _year_start(year: int) -> date:
    """The figures of a contribution year are those in force on its first day."""
    return date(year, 1, 1)


def _pct(which: str, year: int) -> str:
    ratio = Decimal(param("contribution_base.ratios").value_at(_year_start(year))[which])
    return f"{ratio * 100:.0f}%"


def year_range(year: int) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(annual average, monthly average, floor, cap) of a contribution year: `derive_range`,
    derived once per dated value of the average wage (the check against the notice included)."""
    v = param("contribution_base.average_wage_annual").at(_year_start(year))
    out: tuple[Decimal, Decimal, Decimal, Decimal] = derived(
        v, f"range.{year}", lambda annual: (Decimal(annual), *derive_range(year))
    )
    return out


def assessed_base(
    wage: Decimal, floor: Decimal, cap: Decimal
) -> tuple[Decimal, Literal["floor", "cap"] | None]:
    """The notice's 月缴费基数上限 / 下限: a wage below the floor is assessed at the floor, above
    the cap at the cap, otherwise at the wage itself."""
    if wage < floor:
        return floor, "floor"
    if wage > cap:
        return cap, "cap"
    return wage, None


def formula(inp: ContributionBaseInput, on: date) -> ContributionBaseResult:
    """The answer without an explanation: the same provision functions `compute` calls."""
    annual, monthly, floor, cap = year_range(inp.year)
    base, adjusted = assessed_base(inp.wage, floor, cap)
    return built(
        ContributionBaseResult,
        base=base,
        floor=floor,
        cap=cap,
        average_wage_annual=annual,
        average_wage_monthly=round_half_up(monthly),
        adjusted=adjusted,
    )


def compute(inp: ContributionBaseInput, trace: Trace) -> ContributionBaseResult:
    c = cite
    when = _year_start(inp.year)
    ratios = param("contribution_base.ratios").value_at(when)
    annual, monthly, floor, cap = year_range(inp.year)
    fr, cr = Decimal(ratios["floor"]), Decimal(ratios["cap"])
    stated = param("contribution_base.stated_range").value_at(when)[inp.insured_as]
    stated_floor, stated_cap = stated["floor"], stated["cap"]
    trace.step(
        f"{inp.year}年度缴费基数上下限核定使用的就业人员平均工资为{annual}元/年,"
        f"折合月平均工资 {annual}÷12 = {monthly.quantize(Decimal('0.0001'))}元。",
        c("cb.average_wage"),
    )
    trace.step(
        f"下限 = 月平均工资×{fr * 100:.0f}% = {(monthly * fr).quantize(Decimal('0.01'))}元,"
        f"向上取整到元为{floor}元;"
        f"上限 = 月平均工资×{cr * 100:.0f}% = {(monthly * cr).quantize(Decimal('0.01'))}元,"
        f"向上取整到元为{cap}元。"
        f"与通知所列“上限为{stated_cap}元、下限为{stated_floor}元”一致(按四舍五入则为"
        f"{round_half_up(monthly * fr, YUAN)}元和{round_half_up(monthly * cr, YUAN)}元,"
        f"与通知不符,故取整方式为向上取整)。{fr * 100:.0f}%和{cr * 100:.0f}%的比例本汇编未载明,"
        "系由通知所列数字反推并逐项核对。",
        c("cb.average_wage"),
        c("cb.employee_range"),
    )
    range_cite: Citation = (
        c("cb.individual_range") if inp.insured_as == "individual" else c("cb.employee_range")
    )
    who = INSURED_TEXT[inp.insured_as]
    trace.step(
        f"{who}:{inp.year}年度月缴费基数下限{floor}元、上限{cap}元(职工与以个人身份参保人员的上下限相同)。"
        "适用于城镇企业职工基本养老保险、机关事业单位工作人员养老保险、"
        "失业保险、工伤保险、医疗保险(含生育保险)。",
        range_cite,
        c("cb.insurances"),
    )
    base, adjusted = assessed_base(inp.wage, floor, cap)
    if adjusted == "floor":
        text = f"月工资{yuan_text(inp.wage)}低于下限,按下限{yuan_text(floor)}核定月缴费基数。"
    elif adjusted == "cap":
        text = f"月工资{yuan_text(inp.wage)}高于上限,按上限{yuan_text(cap)}核定月缴费基数。"
    else:
        text = f"月工资{yuan_text(inp.wage)}在上下限之间,按本人工资{yuan_text(base)}核定月缴费基数。"
    trace.step(text, range_cite)
    trace.warn("各险种的缴费比例不在本通知中;本结果只给出缴费基数。")
    return formula(inp, trace.on or _year_start(inp.year))  # the result: the same provision functions


def normalize_inputs(inp: ContributionBaseInput) -> dict[str, Any]:
    return {"wage": f"{inp.wage:.2f}", "year": inp.year, "insured_as": inp.insured_as}


def summarize(doc: dict[str, Any]) -> list[str]:
    r = doc["result"]
    year = int(doc["inputs"]["year"])
    how = {"floor": "(低于下限,按下限)", "cap": "(高于上限,按上限)", None: ""}[r["adjusted"]]
    return [
        f"月缴费基数:{r['base']}元{how}。",
        f"{doc['inputs']['year']}年度月缴费基数下限{r['floor']}元、上限{r['cap']}元"
        f"(就业人员平均工资{r['average_wage_annual']}元/年的月平均数的{_pct('floor', year)}"
        f"和{_pct('cap', year)},向上取整到元)。",
    ]


def basis() -> list[Citation]:
    return [cite(k) for k in ("cb.average_wage", "cb.employee_range", "cb.individual_range", "cb.insurances")]


def assess(inp: ContributionBaseInput, r: ContributionBaseResult, on: date) -> Assessment:
    """Not an entitlement: `eligible` is null; the amount is the monthly contribution base."""
    return Assessment(None, [], [], ("base", "月缴费基数", r.base))


def governing_law(inp: ContributionBaseInput) -> tuple[str, date]:
    """A contribution year's figures are those in force on its first day."""
    return "contribution_base.average_wage_annual", _year_start(inp.year)


RULE: Rule[ContributionBaseInput, ContributionBaseResult] = register(
    Rule(
        name="contribution-base",
        title="社会保险月缴费基数(2024年度)",
        summary="按年度缴费基数上下限核定月缴费基数,并给出上下限的推算过程。",
        input_model=ContributionBaseInput,
        result_model=ContributionBaseResult,
        compute=compute,
        formula=formula,
        basis=basis,
        normalize=normalize_inputs,
        summarize=summarize,
        assess=assess,
        in_force=governing_law,
        examples=[{"wage": "3000"}, {"wage": "8000", "insured_as": "individual"}, {"wage": "30000"}],
    )
)
