"""Rule `minimum-wage`: the legal minimum in a Chongqing district, and whether a wage meets it.

Source: 渝人社发〔2024〕22号 (source lines 13859–13895), in force from 2025-01-01. 一 puts the 41
areas in two tiers (2330元/月 or 23元/小时; 2200元/月 or 22元/小时); 三 defines the minimum as pay for
normal work in legal working hours and lists four items that do not count towards it. So the wage
compared is the wage minus those items, when the caller gives them.

District names go through `renshe.rules.districts` (shared with the pension rule), so 石柱,
石柱县 and 石柱土家族自治县 are one place and a typo exits 2 with suggestions. Dates before
2025-01-01 exit 2: the standard then was 渝人社发〔2021〕52号, whose figures the compilation lacks.

Decision: the excluded amounts are in the same unit as the wage given (per month with
`monthly_wage`, per hour with `hourly_wage`); the text does not say how to prorate them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.districts import District, districts, resolve_district
from renshe.rules.inputs import parse_date
from renshe.rules.money import Money, to_decimal, yuan_text
from renshe.rules.months import zh_date
from renshe.rules.params import cite, derived, param
from renshe.rules.registry import Rule, built, private, register


def first_day() -> date:
    """The first day of the earliest standard the compilation prints (渝人社发〔2024〕22号 四)."""
    d: date = param("minimum_wage.tiers").first.start
    return d


PREVIOUS_DOC = "渝人社发〔2021〕52号"

# excluded item field -> (Chinese name, citation key), in the order of 三(一)–(四)
EXCLUSIONS: dict[str, tuple[str, str]] = {
    "overtime_pay": ("加班加点工资", "mw.excl.overtime"),
    "special_allowances": ("特殊工作条件或特殊工作环境下的津贴", "mw.excl.special"),
    "non_monetary_benefits": ("非货币性补贴", "mw.excl.non_monetary"),
    "insurance_welfare": ("非工资性劳动保险福利待遇", "mw.excl.insurance_welfare"),
}


def _money_or_none(v: Any, field: str, label: str) -> Decimal | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        d = to_decimal(v, label)
    except ValueError as err:
        raise InputError(f"{label} {field} 无效:{err}", field) from None
    if d < 0:
        raise InputError(f"{label} {field} 不能为负数", field)
    if d > Decimal("10000000"):
        raise InputError(f"{label} {field} 超出合理范围", field)
    return d


class MinimumWageInput(BaseModel):
    """Where and when; optionally the wage paid and the amounts that do not count."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    district: str = Field(
        title="区县",
        description="区县(自治县)或功能区名称,全称或简称均可,如 渝中区、石柱县、秀山土家族苗族自治县",
    )
    on: date = Field(
        None,  # filled by the validator with the date asked (the interface's `on`, default today)
        validate_default=True,
        title="日期",
        description="YYYY-MM-DD,默认今天;不早于2025-01-01",
    )
    monthly_wage: Decimal | None = Field(None, title="月工资(元/月)", description="全日制职工的月工资")
    hourly_wage: Decimal | None = Field(None, title="小时工资(元/小时)", description="非全日制职工的小时工资")
    overtime_pay: Decimal | None = Field(
        None, title="加班加点工资(元)", description="所填工资中包含的加班加点工资,不计入最低工资"
    )
    special_allowances: Decimal | None = Field(
        None, title="特殊工作条件津贴(元)", description="中班、夜班、高温、低温、井下、有毒有害等"
    )
    non_monetary_benefits: Decimal | None = Field(
        None, title="非货币性补贴(元)", description="用人单位支付的非货币性补贴,不计入最低工资"
    )
    insurance_welfare: Decimal | None = Field(
        None,
        title="非工资性劳动保险福利待遇(元)",
        description="法律、法规、规章、政策规定的非工资性劳动保险福利待遇,不计入最低工资",
    )

    _district: District = PrivateAttr()

    @field_validator("monthly_wage", "hourly_wage", *EXCLUSIONS, mode="before")
    @classmethod
    def _amounts(cls, v: Any, info: Any) -> Decimal | None:
        labels = {"monthly_wage": "月工资", "hourly_wage": "小时工资"}
        labels.update({k: n for k, (n, _) in EXCLUSIONS.items()})
        return _money_or_none(v, info.field_name, labels[info.field_name])

    @field_validator("on", mode="before")
    @classmethod
    def _on(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            asked = info.context.get("on") if isinstance(info.context, dict) else None
            return asked if asked is not None else date.today()
        return parse_date(v, "on", "日期")

    @model_validator(mode="after")
    def _check(self) -> MinimumWageInput:
        self._district = resolve_district(self.district)
        start = first_day()
        if self.on < start:
            raise InputError(
                f"{self.on.isoformat()} 早于本标准的执行日期{zh_date(start)}(渝人社发〔2024〕22号 四)"
                "。此前执行的是"
                f"{PREVIOUS_DOC}规定的最低工资标准,其具体数额未收入本汇编,无法计算",
                "on",
            )
        if self.monthly_wage is not None and self.hourly_wage is not None:
            raise InputError(
                "月工资 monthly_wage 和小时工资 hourly_wage 只能填一项(全日制按月、非全日制按小时)",
                "hourly_wage",
            )
        given = [k for k in EXCLUSIONS if getattr(self, k) is not None]
        if given and self.monthly_wage is None and self.hourly_wage is None:
            raise InputError(
                f"填写了不计入最低工资的项目({given[0]}),请同时填写 monthly_wage 或 hourly_wage", given[0]
            )
        return self

    @property
    def area(self) -> District:
        return self._district


class MinimumWageResult(BaseModel):
    district: str = Field(title="区县(规范名称)")
    tier: Literal[1, 2] = Field(title="类别", description="一类或二类区县")
    monthly: Money = Field(title="月最低工资标准(元/月,全日制)")
    hourly: Money = Field(title="小时最低工资标准(元/小时,非全日制)")
    employment: Literal["full_time", "part_time"] | None = Field(
        title="用工形式", description="按所填工资判断"
    )
    wage: Money | None = Field(title="所填工资(元)")
    excluded: Money | None = Field(title="不计入的项目合计(元)")
    wage_counted: Money | None = Field(title="计入比较的工资(元)")
    compliant: bool | None = Field(title="是否不低于最低工资标准", description="null:未填工资")
    shortfall: Money | None = Field(title="差额(元)", description="低于标准的差额;达标为0.00")


def tier_of_area(on: date | None = None) -> dict[str, int]:
    """Official district name → tier, from the lists in force on `on` (default: the first standard)."""
    p = param("minimum_wage.tiers")
    v = p.at(on) if on is not None else p.first
    result: dict[str, int] = derived(v, "tier_of_area", _tiers)
    return result


def _tiers(tiers: dict[int, Any]) -> dict[str, int]:
    """Every area exactly once, from the lists printed in 一."""
    out: dict[str, int] = {}
    for tier, spec in tiers.items():
        for printed in spec["areas"]:
            d = resolve_district(printed)
            if d.name in out:
                raise ValueError(f"minimum_wage.yaml: {printed} listed twice")
            out[d.name] = int(tier)
    missing = [d.name for d in districts() if d.name not in out]
    if missing:
        raise ValueError(f"minimum_wage.yaml: areas without a tier: {missing}")
    return out


def standard_start(on: date) -> date:
    """The first day of the standard in force on `on`."""
    d: date = param("minimum_wage.tiers").at(on).start
    return d


def standard_figures(area: District, on: date) -> tuple[int, Decimal, Decimal]:
    """一: the area's tier and its (monthly, hourly) standard on a date (on ≥ 2025-01-01), derived
    once per dated value of the tiers."""
    v = param("minimum_wage.tiers").at(on)
    figures: dict[str, tuple[int, Decimal, Decimal]] = derived(v, "figures_of_area", _figures_of_area)
    return figures[area.name]


def _figures_of_area(tiers: dict[int, Any]) -> dict[str, tuple[int, Decimal, Decimal]]:
    return {
        name: (tier, Decimal(tiers[tier]["monthly"]), Decimal(tiers[tier]["hourly"]))
        for name, tier in _tiers(tiers).items()
    }


def standard(area: District, on: date) -> tuple[int, Decimal, Decimal, list[Citation]]:
    """(tier, monthly, hourly, citations) for an area on a date (on ≥ 2025-01-01)."""
    tier, monthly, hourly = standard_figures(area, on)
    keys = ("mw.tier1.areas", "mw.tier1.amounts") if tier == 1 else ("mw.tier2.areas", "mw.tier2.amounts")
    return tier, monthly, hourly, [cite(k) for k in keys]


def comparison(
    inp: MinimumWageInput, monthly: Decimal, hourly: Decimal
) -> tuple[
    Literal["full_time", "part_time"] | None,
    Decimal | None,
    Decimal | None,
    Decimal | None,
    bool | None,
    Decimal | None,
]:
    """渝人社发〔2024〕22号 三 (line 13879): “最低工资是指劳动者在法定工作时间内提供正常劳动所应该
    取得的劳动报酬的最低限额,不包括下列各项” — the wage given, less the items it excludes,
    against the monthly (full-time) or hourly (part-time) standard: (employment, wage, excluded,
    counted, compliant, shortfall); all None when no wage is given."""
    wage = inp.monthly_wage if inp.monthly_wage is not None else inp.hourly_wage
    if wage is None:
        return None, None, None, None, None, None
    part_time = inp.hourly_wage is not None
    std = hourly if part_time else monthly
    excluded = sum((amt for k in EXCLUSIONS if (amt := getattr(inp, k)) is not None), Decimal(0))
    counted = wage - excluded
    return (
        "part_time" if part_time else "full_time",
        wage,
        excluded,
        counted,
        counted >= std,
        max(Decimal(0), std - counted),
    )


def formula(inp: MinimumWageInput, on: date) -> MinimumWageResult:
    """The answer without an explanation: the same provision functions `compute` calls."""
    area: District = private(inp, "_district")
    tier, monthly, hourly = standard_figures(area, inp.on)
    employment, wage, excluded, counted, compliant, shortfall = comparison(inp, monthly, hourly)
    return built(
        MinimumWageResult,
        district=area.name,
        tier=1 if tier == 1 else 2,
        monthly=monthly,
        hourly=hourly,
        employment=employment,
        wage=wage,
        excluded=excluded,
        wage_counted=counted,
        compliant=compliant,
        shortfall=shortfall,
    )


def compute(inp: MinimumWageInput, trace: Trace) -> MinimumWageResult:
    c = cite
    area = inp.area
    tier, monthly, hourly, cites = standard(area, inp.on)
    printed = area.short if area.kind == "autonomous_county" else area.name
    named = f"{area.name}(通知写作“{printed}”)" if printed != area.name else area.name
    trace.step(
        f"{named}属于{'一' if tier == 1 else '二'}类地区:全日制职工月最低工资标准{monthly}元/月,"
        f"非全日制职工小时最低工资标准{hourly}元/小时。",
        *cites,
    )
    trace.step(
        f"{inp.on.isoformat()}在该标准的执行期内(自{zh_date(standard_start(inp.on))}起执行;"
        f"此前为{PREVIOUS_DOC},数额未收入本汇编)。",
        c("mw.effective"),
    )
    trace.step(
        "最低工资标准适用于本市辖区内的企业、个体经济组织、民办非企业单位、国家机关、事业单位、社会团体、"
        "会计师事务所律师事务所等合伙组织、基金会和与其建立劳动关系的劳动者,"
        "以及不完全符合确立劳动关系情形的新就业形态劳动者。",
        c("mw.scope"),
    )

    employment, wage, excluded, counted, compliant, shortfall = comparison(inp, monthly, hourly)
    if wage is not None:
        part_time = employment == "part_time"
        std, unit = (hourly, "元/小时") if part_time else (monthly, "元/月")
        items = [(k, getattr(inp, k)) for k in EXCLUSIONS if getattr(inp, k) is not None]
        if items:
            detail = "、".join(f"{EXCLUSIONS[k][0]}{amt}元" for k, amt in items)
            trace.step(
                f"最低工资是法定工作时间内提供正常劳动应得报酬的最低限额,不包括加班加点工资、特殊条件津贴、"
                f"非货币性补贴和非工资性劳动保险福利待遇。从所填工资{wage}{unit}中扣除{detail},"
                f"合计{excluded}元,计入比较的工资为{counted}{unit}。",
                c("mw.definition"),
                *[c(EXCLUSIONS[k][1]) for k, _ in items],
            )
        else:
            trace.step(
                "最低工资不包括加班加点工资、特殊条件津贴、非货币性补贴和非工资性劳动保险福利待遇;"
                f"未填写这些项目,按所填工资{wage}{unit}全额比较(如其中含有这些项目,应先扣除)。",
                c("mw.definition"),
            )
        assert shortfall is not None
        verdict = (
            f"不低于{'小时' if part_time else '月'}最低工资标准{std}{unit},符合规定。"
            if compliant
            else f"低于{'小时' if part_time else '月'}最低工资标准{std}{unit},差{yuan_text(shortfall)}。"
        )
        trace.step(f"计入比较的工资{counted}{unit}{verdict}", *cites, c("mw.definition"))
    return formula(inp, inp.on)  # the result: the same provision functions, once


def normalize_inputs(inp: MinimumWageInput) -> dict[str, Any]:
    out: dict[str, Any] = {"district": inp.area.name, "on": inp.on.isoformat()}
    for k in ("monthly_wage", "hourly_wage", *EXCLUSIONS):
        v = getattr(inp, k)
        out[k] = None if v is None else f"{v:.2f}"
    return out


def summarize(doc: dict[str, Any]) -> list[str]:
    r = doc["result"]
    lines = [
        f"{r['district']}为{'一' if r['tier'] == 1 else '二'}类地区:月最低工资{r['monthly']}元(全日制),"
        f"小时最低工资{r['hourly']}元(非全日制),"
        f"自{zh_date(standard_start(date.fromisoformat(doc['inputs']['on'])))}起执行。"
    ]
    if r["compliant"] is not None:
        unit = "元/小时" if r["employment"] == "part_time" else "元/月"
        lines.append(
            f"计入比较的工资{r['wage_counted']}{unit}:"
            + ("符合最低工资标准。" if r["compliant"] else f"低于最低工资标准,差{r['shortfall']}元。")
        )
    return lines


def basis() -> list[Citation]:
    keys = [
        "mw.tier1.areas",
        "mw.tier1.amounts",
        "mw.tier2.areas",
        "mw.tier2.amounts",
        "mw.definition",
        "mw.effective",
    ]
    return [cite(k) for k in keys]


def assess(inp: MinimumWageInput, r: MinimumWageResult, on: date) -> Assessment:
    """Whether the wage counted is not below the standard; null when no wage was given."""
    std_cite = cite("mw.tier1.amounts") if r.tier == 1 else cite("mw.tier2.amounts")
    if r.compliant is None:
        return Assessment(None, [], ["monthly_wage"], ("monthly", "月最低工资标准", r.monthly))
    label = "小时最低工资标准" if r.employment == "part_time" else "月最低工资标准"
    conditions: list[tuple[str, bool | None, Citation | str | None]] = [
        (f"计入比较的工资不低于{label}", r.compliant, std_cite)
    ]
    amount = (
        ("shortfall", "低于标准的差额", r.shortfall)
        if not r.compliant and r.shortfall is not None
        else (
            "monthly" if r.employment != "part_time" else "hourly",
            label,
            r.monthly if r.employment != "part_time" else r.hourly,
        )
    )
    return Assessment(r.compliant, conditions, [], amount)


def governing_law(inp: MinimumWageInput) -> tuple[str, date]:
    """The standard in force on the wage's day."""
    return "minimum_wage.tiers", inp.on


RULE: Rule[MinimumWageInput, MinimumWageResult] = register(
    Rule(
        name="minimum-wage",
        title="最低工资标准(2025年起)",
        summary="查询区县的月/小时最低工资标准(一类、二类地区),并判断工资(扣除不计入的项目后)是否达标。",
        input_model=MinimumWageInput,
        result_model=MinimumWageResult,
        compute=compute,
        formula=formula,
        basis=basis,
        normalize=normalize_inputs,
        summarize=summarize,
        assess=assess,
        in_force=governing_law,
        examples=[
            {"district": "渝中区", "on": "2025-03-01", "monthly_wage": "2500", "overtime_pay": "300"},
            {"district": "秀山县", "on": "2025-06-01", "hourly_wage": "21"},
            {"district": "石柱土家族自治县", "on": "2025-01-01"},
        ],
    )
)
