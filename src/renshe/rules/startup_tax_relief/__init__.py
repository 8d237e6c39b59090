"""Rule `startup-tax-relief` (重点群体、自主就业退役士兵创业就业税收扣减): the deduction limit and the
order in which it is taken, as far as 公告2024年第4号 gives them.

Source: 国家税务总局等 公告2024年第4号 一(二) (self-employed: limit = annual cap ÷ 12 × months operated
this year; VAT → 城建税 → 教育费附加 → 地方教育附加 → 个人所得税), 二(三) (employer: limit = Σ months
each hire worked this year ÷ 12 × annual quota; VAT → 城建税 → 教育费附加 → 地方教育附加; the rest
against 企业所得税 at the annual settlement; no carry-forward), 三(三) (自主就业退役士兵 the same).
The annual caps are set by 财政部等 公告2023年第15号/第14号 and the province, which the compilation
does not print: they are inputs, with a warning.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.money import Money, round_half_up, to_decimal, yuan_text
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

Kind = Literal["self_employed", "employer"]
TAX_TEXT = {
    "vat": "增值税",
    "urban": "城市维护建设税",
    "education": "教育费附加",
    "local_education": "地方教育附加",
    "iit": "个人所得税",
    "cit": "企业所得税",
}
TAXES = ("vat", "urban", "education", "local_education", "iit", "cit")


class TaxReliefInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Kind = Field(title="享受主体", description="self_employed 从事个体经营;employer 企业招用")
    annual_cap: Decimal = Field(
        title="年度限额(定额)标准(元)",
        description="个体经营为每户每年的限额标准,企业为每人每年的定额标准;由财政部等公告2023年第15号、第14号及本省确定,本汇编未收录",
    )
    months: int = Field(
        ge=0,
        le=100000,
        title="月数",
        description="个体经营:本年度已实际经营月数;企业:每名重点群体本年度在本企业已实际工作月数之和",
    )
    year: int = Field(2024, ge=2024, le=2100, title="纳税年度", description="公告自2024年1月1日起施行")
    vat: Decimal = Field(Decimal(0), title="本年累计应缴增值税(元)", description="享受政策前")
    urban: Decimal = Field(
        Decimal(0), title="本年累计应缴城市维护建设税(元)", description="按享受政策前的增值税计"
    )
    education: Decimal = Field(
        Decimal(0), title="本年累计应缴教育费附加(元)", description="按享受政策前的增值税计"
    )
    local_education: Decimal = Field(
        Decimal(0), title="本年累计应缴地方教育附加(元)", description="按享受政策前的增值税计"
    )
    iit: Decimal = Field(Decimal(0), title="本年累计应缴个人所得税(元)", description="仅个体经营")
    cit: Decimal = Field(Decimal(0), title="本年应缴企业所得税(元)", description="仅企业,年度汇算清缴时")

    @field_validator("annual_cap", *TAXES, mode="before")
    @classmethod
    def _money(cls, v: Any, info: ValidationInfo) -> Decimal:
        label = "年度限额标准" if info.field_name == "annual_cap" else TAX_TEXT[str(info.field_name)]
        if v is None or (isinstance(v, str) and not v.strip()):
            if info.field_name == "annual_cap":
                raise InputError("请填写年度限额(定额)标准 annual_cap(本汇编未收录)", "annual_cap")
            return Decimal(0)
        try:
            d = to_decimal(v, label)
        except ValueError as err:
            raise InputError(f"{label} {info.field_name} 无效:{err}", str(info.field_name)) from None
        if d < 0 or d > Decimal("100000000"):
            raise InputError(f"{label} {info.field_name} 应在0至1亿元之间", str(info.field_name))
        return d

    @model_validator(mode="after")
    def _months(self) -> TaxReliefInput:
        if self.kind == "self_employed" and self.months > 12:
            raise InputError("个体经营的本年度已实际经营月数 months 不能超过12", "months")
        return self


class TaxLine(BaseModel):
    tax: str = Field(title="税费")
    due: Money = Field(title="应缴(元)")
    relief: Money = Field(title="扣减(元)")


class TaxReliefResult(BaseModel):
    limit: Money = Field(title="扣减限额(元)")
    lines: list[TaxLine] = Field(title="依次扣减")
    relief: Money = Field(title="减免合计(元)")
    unused: Money = Field(title="未用完的限额(元)", description="不结转以后年度")


def limit(inp: TaxReliefInput) -> Decimal:
    """一(二)1 / 二(三)1: 扣减限额 = 年度限额标准 ÷ 12 × 月数 (rounded to the fen: the text states none)."""
    per_year = Decimal(param("tax_relief.months_per_year").value_at(date(inp.year, 1, 1)))
    return round_half_up(inp.annual_cap / per_year * inp.months)


def deduct(inp: TaxReliefInput, cap: Decimal) -> list[TaxLine]:
    """一(二)2 / 二(三)2–3: taxes in order, each up to what is due, until the limit is used; an
    employer's remainder goes against 企业所得税 at the annual settlement."""
    order = list(param("tax_relief.order").value_at(date(inp.year, 1, 1))[inp.kind])
    if inp.kind == "employer":
        order.append("cit")
    left, out = cap, []
    for tax in order:
        due: Decimal = getattr(inp, tax)
        take = min(due, left)
        left -= take
        out.append(TaxLine(tax=TAX_TEXT[tax], due=due, relief=take))
    return out


def compute(inp: TaxReliefInput, trace: Trace) -> TaxReliefResult:
    per_year = param("tax_relief.months_per_year").value_at(date(inp.year, 1, 1))
    cap = limit(inp)
    self_employed = inp.kind == "self_employed"
    cap_text = yuan_text(inp.annual_cap)
    formula = (
        f"个体经营:扣减限额 = 年度限额标准{cap_text} ÷ {per_year} × 本年度已实际经营{inp.months}个月"
        if self_employed
        else f"企业:扣减限额 = 每名重点群体本年度已实际工作月数之和{inp.months} ÷ {per_year}"
        f" × 年度定额标准{cap_text}"
    )
    trace.step(
        f"{formula} = {yuan_text(cap)}。",
        cite("tax4.self.limit" if self_employed else "tax4.firm.limit"),
    )
    trace.warn(
        "年度限额(定额)标准由财政部等公告2023年第15号、第14号和本省规定,本汇编未收录,请按所填数额核对。"
    )
    lines = deduct(inp, cap)
    trace.step(
        "依次扣减:"
        + "→".join(f"{x.tax}{yuan_text(x.relief)}" for x in lines)
        + ";应缴税款小于限额的,以应缴税款为限。",
        cite("tax4.self.order" if self_employed else "tax4.firm.order"),
        cite("tax4.self.cap_at_due"),
    )
    relief = sum((x.relief for x in lines), Decimal(0))
    if not self_employed:
        trace.step(
            "年度终了,差额部分在企业所得税汇算清缴时扣减;当年扣减不完的,不再结转。", cite("tax4.firm.cit")
        )
    trace.step("自主就业退役士兵的扣减额度、顺序比照执行。", cite("tax4.veterans"))
    return TaxReliefResult(limit=cap, lines=lines, relief=relief, unused=cap - relief)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in ["tax4.self.limit", "tax4.self.order", "tax4.firm.limit", "tax4.firm.order", "tax4.firm.cit"]
    ]


def assess(inp: TaxReliefInput, r: TaxReliefResult, on: date) -> Assessment:
    """The rule computes a limit, not an entitlement: eligible is null; the amount is the relief."""
    return Assessment(None, [], [], ("relief", "税费减免", r.relief))


def governing_law(inp: TaxReliefInput) -> tuple[str, date]:
    return "tax_relief.months_per_year", date(inp.year, 1, 1)


RULE: Rule[TaxReliefInput, TaxReliefResult] = register(
    Rule(
        name="startup-tax-relief",
        title="重点群体、自主就业退役士兵创业就业税费扣减(公告2024年第4号)",
        summary="按年度限额(输入)和经营或工作月数换算扣减限额,按增值税、城市维护建设税、教育费附加、地方教育附加(个人所得税或企业所得税)的顺序扣减。",
        input_model=TaxReliefInput,
        result_model=TaxReliefResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        examples=[
            {"kind": "self_employed", "annual_cap": "24000", "months": 6, "vat": "5000", "iit": "9000"}
        ],
    )
)
