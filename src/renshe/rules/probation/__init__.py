"""Rule `probation` (试用期): the longest lawful probation, and whether a probation wage is lawful.

Source: 劳动合同法 第十九条 and 第二十条 (external provisions). 第十九条 sets the longest probation by the
contract's term (three months to under a year: one month; one to under three years: two; three years
or more, and open-ended contracts: six) and none for task contracts or terms under three months.
第二十条: the probation wage may not be below 80% of the lowest wage for the same job in the unit or of
the contract wage, and not below the local minimum wage. The two 80% bases are joined by 或者; the rule
checks each one given and warns which it read. The minimum wage comes from the `minimum-wage` rule
(through the registry) for the district and the date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, round_half_up, to_decimal, yuan_text
from renshe.rules.params import ParamSet, cite, param, params
from renshe.rules.registry import Rule, built, get_rule, register

Kind = Literal["fixed", "open_ended", "task"]
KIND_TEXT = {
    "fixed": "固定期限劳动合同",
    "open_ended": "无固定期限劳动合同",
    "task": "以完成一定工作任务为期限的劳动合同",
}
WAGES = ("contract_wage", "probation_wage", "lowest_wage_same_job")


class ProbationInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    contract_kind: Kind = Field(
        "fixed",
        title="劳动合同类型",
        description="fixed 固定期限;open_ended 无固定期限;task 以完成一定工作任务为期限",
    )
    contract_months: int | None = Field(
        None, title="劳动合同期限(月)", description="固定期限劳动合同的期限,按月"
    )
    probation_months: int | None = Field(
        None, title="约定的试用期(月)", description="可不填;填写则判断是否超过法定上限"
    )
    contract_wage: Decimal | None = Field(
        None, title="劳动合同约定工资(元/月)", description="试用期满后的月工资"
    )
    lowest_wage_same_job: Decimal | None = Field(
        None, title="本单位相同岗位最低档工资(元/月)", description="可不填"
    )
    probation_wage: Decimal | None = Field(None, title="试用期工资(元/月)", description="填写则判断是否合法")
    district: str | None = Field(None, title="用人单位所在区县", description="用于查询最低工资标准")
    on: date | None = Field(None, title="日期", description="试用期工资所属日期;不填为查询日")

    @field_validator(*WAGES, mode="before")
    @classmethod
    def _money(cls, v: Any, info: ValidationInfo) -> Decimal | None:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        try:
            d = to_decimal(v, "工资")
        except ValueError as err:
            raise InputError(f"{info.field_name} 无效:{err}", str(info.field_name)) from None
        if d < 0 or d > Decimal("10000000"):
            raise InputError(f"{info.field_name} 应在0至1000万元之间", str(info.field_name))
        return d

    @field_validator("on", mode="before")
    @classmethod
    def _on(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            asked = info.context.get("on") if isinstance(info.context, dict) else None
            return asked if asked is not None else date.today()
        return parse_date(v, "on", "日期")

    @model_validator(mode="after")
    def _check(self) -> ProbationInput:
        if self.contract_kind == "fixed" and self.contract_months is None:
            raise InputError("固定期限劳动合同请填写劳动合同期限 contract_months(月)", "contract_months")
        if self.contract_months is not None and not 0 < self.contract_months <= 1200:
            raise InputError("劳动合同期限 contract_months 应在1至1200个月之间", "contract_months")
        if self.probation_wage is not None:
            if self.contract_wage is None and self.lowest_wage_same_job is None:
                raise InputError(
                    "判断试用期工资请填写劳动合同约定工资 contract_wage 或相同岗位最低档工资", "contract_wage"
                )
            if not self.district:
                raise InputError(
                    "判断试用期工资请填写用人单位所在区县 district(查询最低工资标准)", "district"
                )
        return self


class ProbationResult(BaseModel):
    max_probation_months: int = Field(title="法定试用期上限(月)", description="0:不得约定试用期")
    probation_lawful: bool | None = Field(title="约定的试用期是否不超过上限", description="null:未填")
    ratio_floor: Money | None = Field(title="按比例的试用期工资下限(元/月)")
    minimum_wage: Money | None = Field(title="当地月最低工资标准(元/月)")
    wage_floor: Money | None = Field(title="试用期工资下限(元/月)")
    wage_lawful: bool | None = Field(title="试用期工资是否合法", description="null:未填试用期工资")


def max_probation(kind: str, term: int | None, on: date) -> int:
    """第十九条: 三个月以上不满一年的,不得超过一个月;一年以上不满三年的,不得超过二个月;三年以上固定期限和
    无固定期限的,不得超过六个月;以完成一定工作任务为期限或者不满三个月的,不得约定试用期."""
    rows = param("probation.limits").value_at(on)
    if kind == "task":
        return 0
    if kind == "open_ended":
        return int(rows[-1]["max_months"])
    assert term is not None
    for row in rows:
        if term >= row["term_from"] and (row["term_below"] is None or term < row["term_below"]):
            return int(row["max_months"])
    return 0


def ratio_floor(bases: list[Decimal], on: date) -> Decimal:
    """第二十条: 不得低于本单位相同岗位最低档工资或者劳动合同约定工资的百分之八十.

    Each base given is checked (the higher floor governs)."""
    ratio = Decimal(param("probation.wage_ratio").value_at(on))
    return round_half_up(max(bases) * ratio)


_MINIMUMS: dict[tuple[str, date], tuple[ParamSet, Decimal, int, str]] = {}


def local_minimum_wage(district: str, on: date) -> tuple[Decimal, int, str]:
    """第二十条 “并不得低于用人单位所在地的最低工资标准”: (monthly standard, tier, district) from
    the minimum-wage rule (one implementation), remembered per parameter set, district and day."""
    ps = params()
    hit = _MINIMUMS.get((district, on))
    if hit is None or hit[0] is not ps:
        mw_rule = get_rule("minimum-wage")
        r = mw_rule.calculate(mw_rule.validate({"district": district, "on": on.isoformat()}, on), on)
        if len(_MINIMUMS) > 4096:
            _MINIMUMS.clear()
        hit = _MINIMUMS[(district, on)] = (ps, Decimal(r.monthly), int(r.tier), str(r.district))
    return hit[1], hit[2], hit[3]


def wage_floor_of(inp: ProbationInput, on: date) -> tuple[list[Decimal], Decimal, Decimal, Decimal, int, str]:
    """第二十条 as a whole: (bases, ratio floor, local minimum, the floor that governs, tier, district)."""
    assert inp.district
    bases = [b for b in (inp.contract_wage, inp.lowest_wage_same_job) if b is not None]
    floor = ratio_floor(bases, on)
    mw, tier, district = local_minimum_wage(inp.district, on)
    return bases, floor, mw, max(floor, mw), tier, district


def formula(inp: ProbationInput, on: date) -> ProbationResult:
    """The answer without an explanation: the same provision functions `compute` calls."""
    day = inp.on or on
    limit = max_probation(inp.contract_kind, inp.contract_months, day)
    floor = mw = wage_floor = None
    wage_lawful = None
    if inp.probation_wage is not None and inp.district:
        _, floor, mw, wage_floor, _, _ = wage_floor_of(inp, day)
        wage_lawful = inp.probation_wage >= wage_floor
    return built(
        ProbationResult,
        max_probation_months=limit,
        probation_lawful=None if inp.probation_months is None else inp.probation_months <= limit,
        ratio_floor=floor,
        minimum_wage=mw,
        wage_floor=wage_floor,
        wage_lawful=wage_lawful,
    )


def compute(inp: ProbationInput, trace: Trace) -> ProbationResult:
    on = inp.on or trace.on or date.today()
    limit = max_probation(inp.contract_kind, inp.contract_months, on)
    term = f"期限{inp.contract_months}个月的" if inp.contract_kind == "fixed" else ""
    if limit:
        trace.step(
            f"{term}{KIND_TEXT[inp.contract_kind]}:试用期不得超过{limit}个月。", cite("lcl.art19.limits")
        )
    else:
        trace.step(f"{term}{KIND_TEXT[inp.contract_kind]}:不得约定试用期。", cite("lcl.art19.none"))
    lawful = None
    if inp.probation_months is not None:
        lawful = inp.probation_months <= limit
        trace.step(
            f"约定试用期{inp.probation_months}个月,"
            + ("未超过法定上限。" if lawful else "超过法定上限,超过部分违法。"),
            cite("lcl.art19.limits") if limit else cite("lcl.art19.none"),
        )
    floor = mw = wage_floor = None
    wage_lawful = None
    if inp.probation_wage is not None and inp.district:
        bases, floor, mw, wage_floor, tier, district = wage_floor_of(inp, on)
        pct = Decimal(param("probation.wage_ratio").value_at(on)) * 100
        trace.step(
            f"试用期工资不得低于约定工资或相同岗位最低档工资的{pct.normalize()}%({yuan_text(floor)}),"
            f"并不得低于{district}月最低工资标准{yuan_text(mw)}:下限{yuan_text(wage_floor)}。",
            cite("lcl.art20.wage"),
            cite("mw.tier1.amounts" if tier == 1 else "mw.tier2.amounts"),
        )
        if len(bases) == 2:
            trace.warn("第二十条的两个比例基数以“或者”连接;本规则取两者中较高者的比例下限,从严判断。")
        wage_lawful = inp.probation_wage >= wage_floor
        trace.step(
            f"试用期工资{yuan_text(inp.probation_wage)}"
            + ("不低于下限,合法。" if wage_lawful else "低于下限,不合法。"),
            cite("lcl.art20.wage"),
        )
    return ProbationResult(
        max_probation_months=limit,
        probation_lawful=lawful,
        ratio_floor=floor,
        minimum_wage=mw,
        wage_floor=wage_floor,
        wage_lawful=wage_lawful,
    )


def basis() -> list[Citation]:
    return [cite("lcl.art19.limits"), cite("lcl.art19.none"), cite("lcl.art20.wage")]


def assess(inp: ProbationInput, r: ProbationResult, on: date) -> Assessment:
    """Lawful when every check given holds; null when nothing was given to check."""
    conds: list[tuple[str, bool | None, Citation | str | None]] = []
    if r.probation_lawful is not None:
        conds.append(("约定的试用期不超过法定上限", r.probation_lawful, cite("lcl.art19.limits")))
    if r.wage_lawful is not None:
        conds.append(("试用期工资不低于法定下限", r.wage_lawful, cite("lcl.art20.wage")))
    ok = None if not conds else all(bool(c[1]) for c in conds)
    amount = ("wage_floor", "试用期工资下限", r.wage_floor) if r.wage_floor is not None else None
    return Assessment(ok, conds, [] if conds else ["probation_months"], amount)


def governing_law(inp: ProbationInput) -> tuple[str, date]:
    return "probation.limits", inp.on or date.today()


RULE: Rule[ProbationInput, ProbationResult] = register(
    Rule(
        name="probation",
        title="试用期上限与试用期工资(劳动合同法第十九条、第二十条)",
        summary="按劳动合同期限给出最长试用期,判断约定的试用期和试用期工资(不低于约定工资的百分比和最低工资)是否合法。",
        input_model=ProbationInput,
        result_model=ProbationResult,
        compute=compute,
        formula=formula,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[
            {
                "contract_months": 36,
                "probation_months": 6,
                "contract_wage": "5000",
                "probation_wage": "4000",
                "district": "渝中区",
                "on": "2025-06-01",
            }
        ],
    )
)
