"""Rule `pension-adjustment`: Chongqing's 2024 increase of retirees' basic pensions.

Source: 渝人社发〔2024〕16号 (source lines 8206–8272), made under 人社部发〔2024〕48号 (7980–8006).
All figures come from `params/pension_2024.yaml`. Batch runs call this rule itself (once per
distinct input, `renshe.batch.chunk`): there is no second copy of the arithmetic.

Decisions the text leaves to us (each also said in a step or a warning):
- Scope is judged by month: "2023年12月31日及以前" 退休 means a retirement month ≤ 2023-12; "不含
  2023年12月31日及以前已死亡的人员" means a death month ≤ 2023-12 excludes (a death in 2024 does not).
- "不足1年的按1年计算": any fraction of a year counts as a whole year (25.2 → 26, 25.0 → 25), then
  "低于15年的统一按15年" (so 14.3 → 15). 1.6 元 × whole years needs no rounding.
- 0.6% is the only rounding the notice states: 四舍五入 to 0.01 (2757.50 → 16.545 → 16.55).
- 企业退休军转干部 (三(三)1(3)): the December 2023 pension is first topped up to the 2023 year-end
  city average (not in the compilation: a required input), and the 0.6% is taken on the topped-up
  amount. `military_top_up` is part of `total_increase`; `new_pension` = December 2023 pension +
  `total_increase`.
- The tilts of 三(三)1 name "第(一)项第1、2目" only, so 被征地农转非人员 and 城镇超龄人员 of 一(一)3
  get the fixed and linked increases (三(一) names "领取养老待遇的人员") but no tilt — not even the
  remote-area one, though 三(三)2 gives it to 机关事业单位 retirees. A warning says so.
- The excluded groups of 一(三) end in "等": other groups may be excluded by other rules; a
  warning says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any, Literal, cast, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.columnar import (
    at_least,
    at_or_before,
    below,
    fill,
    half_up,
    is_given,
    is_none,
    member,
    not_,
    noted,
    where,
    whole_up,
)
from renshe.rules.contract import Assessment
from renshe.rules.districts import lookup, resolve_district
from renshe.rules.money import Money, round_half_up, to_decimal, yuan_text
from renshe.rules.months import Month, zh_date
from renshe.rules.params import cite, derived, param
from renshe.rules.registry import Rule, built, private, register

NAME = "pension-adjustment"
AS_OF = date(2024, 1, 1)  # every parameter is read on the day the adjustment starts
EARLIEST_RETIREMENT = Month.of(1950, 1)
MAX_PENSION = Decimal("1000000")
MAX_YEARS = Decimal("80")

RetireeType = Literal["enterprise", "institution"]
ExcludedGroup = Literal[
    "离休干部", "建国前参加革命工作的退休老工人", "两航起义退休人员", "原南侨机工服务团退休人员"
]
SpecialGroup = Literal["land_requisitioned", "urban_over_age"]

RETIREE_TYPE_ALIASES: dict[str, str] = {
    "enterprise": "enterprise",
    "企业": "enterprise",
    "企业退休人员": "enterprise",
    "institution": "institution",
    "机关事业单位": "institution",
    "机关事业": "institution",
    "机关事业单位退休人员": "institution",
}
EXCLUDED_ALIASES: dict[str, str] = {
    **{g: g for g in get_args(ExcludedGroup)},
    "retired_cadre": "离休干部",
    "pre_1949_worker": "建国前参加革命工作的退休老工人",
    "建国前老工人": "建国前参加革命工作的退休老工人",
    "two_airlines_uprising": "两航起义退休人员",
    "两航起义": "两航起义退休人员",
    "nanqiao_mechanic": "原南侨机工服务团退休人员",
    "南侨机工": "原南侨机工服务团退休人员",
}
SPECIAL_ALIASES: dict[str, str] = {
    "land_requisitioned": "land_requisitioned",
    "被征地农转非": "land_requisitioned",
    "被征地农转非人员": "land_requisitioned",
    "urban_over_age": "urban_over_age",
    "城镇超龄": "urban_over_age",
    "城镇超龄人员": "urban_over_age",
}
PRE_FOUNDING = "建国前参加革命工作的人员(离休干部或建国前参加革命工作的退休老工人)"
SPECIAL_TEXT: dict[str, str] = {"land_requisitioned": "被征地农转非人员", "urban_over_age": "城镇超龄人员"}
TYPE_TEXT: dict[str, str] = {"enterprise": "企业退休人员", "institution": "机关事业单位退休人员"}
BOOL_ALIASES: dict[str, bool] = {"是": True, "否": False, "有": True, "无": False, "Y": True, "N": False}

# Reasons for ineligibility: fixed texts (the vectorised form builds the same strings).
REASON_EXCLUDED = "属于{group},按通知一(三)不执行本次退休人员基本养老金调整办法"
REASON_PRE_FOUNDING = REASON_EXCLUDED.format(group=PRE_FOUNDING)
_REASON_LATE = "{cutoff}以后才退休(按月领取基本养老金),不在本次调整范围"
_REASON_DIED = "{cutoff}及以前已死亡,不在本次调整范围"


def cutoff_day() -> date:
    """The last day of retirement (and of death) the adjustment looks at: 一 “2023年12月31日及以前”."""
    d: date = param("pension_2024.cutoff").value_at(AS_OF)
    return d


def effective_day() -> date:
    """The day the adjustment starts (二 “从2024年1月1日起”)."""
    d: date = param("pension_2024.effective").value_at(AS_OF)
    return d


def reason_late() -> str:
    return _REASON_LATE.format(cutoff=zh_date(cutoff_day()))


def reason_died() -> str:
    return _REASON_DIED.format(cutoff=zh_date(cutoff_day()))


ELDERLY_WARNING = (
    "增发的高龄人员养老金继续按原规定执行(通知三(三)3),不含在本次调整额中;"
    "其标准不在本汇编中,请向社保经办机构查询。"
)
OPEN_LIST_WARNING = (
    "通知一(三)所列不执行本次调整的人员以“等”字结尾,其他另有规定的人员请以社保经办机构认定为准。"
)
DIED_WARNING = "本人已于2024年或以后去世:调整后的养老金发放至何时,按养老金停发的有关规定执行(不在本通知中)。"
AVERAGE_WARNING = "2023年年末全市企业退休人员平均养老金水平不在本汇编中,本结果使用您填写的数值。"
REVOLUTION_WARNING = (
    "只填了“1953年年底及以前参加革命工作”:建国前参加革命工作的(离休干部、建国前参加革命工作的退休老工人)"
    "不执行本次调整(通知一(三)),1949年10月至1953年年底参加的才每月再增加;请填写参加革命工作时间 "
    "revolution_joined_on 以区分。本结果按建国后参加计算。"
)
SPECIAL_WARNING = (
    "通知三(三)1的倾斜调整只适用于一(一)第1、2目的企业退休人员;一(一)3的被征地农转非人员和城镇超龄人员"
    "按三(一)领取定额调整,挂钩调整按“退休人员”计算,但不享受倾斜调整(含艰苦边远地区倾斜)。"
)


# --- input --------------------------------------------------------------------------------


def _aliases(*names: str) -> dict[str, Any]:
    """Chinese column headers batch files may use for a field (besides its title)."""
    return {"aliases": list(names)}


class PensionInput(BaseModel):
    """One retiree as the notice sees them: type, dates, years, December 2023 pension, place."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    retiree_type: RetireeType = Field(
        title="退休人员类别",
        description="enterprise 企业退休人员;institution 机关事业单位退休人员(也可填“企业”“机关事业单位”)",
        json_schema_extra=_aliases("人员类别", "类别", "退休类别"),
    )
    retired_on: str = Field(
        title="退休时间",
        description="退休审批并开始按月领取基本养老金的日期,YYYY-MM-DD 或 YYYY-MM",
        examples=["2015-06"],
        json_schema_extra=_aliases("退休日期", "退休年月", "退休审批时间"),
    )
    contribution_years: Decimal = Field(
        title="缴费年限",
        description="本人缴费年限或工作年限(年,可带小数),含视同缴费年限,不含折算工龄",
        json_schema_extra=_aliases("工作年限", "缴费年限(年)", "缴费年限或工作年限"),
    )
    pension_2023_12: Decimal = Field(
        title="2023年12月基本养老金",
        description="本人2023年12月的月基本养老金(元)",
        json_schema_extra=_aliases("2023年12月养老金", "基本养老金", "养老金"),
    )
    district: str = Field(
        title="区县",
        description="所在区县(自治县),全称或简称均可,例如 石柱土家族自治县、石柱县",
        json_schema_extra=_aliases("所在区县", "区县(自治县)", "地区"),
    )
    revolution_before_1954: bool = Field(
        False,
        title="1953年年底及以前参加革命工作",
        description=(
            "企业退休人员1953年年底及以前参加革命工作的填 true(旧输入项;请改填 revolution_joined_on:"
            "建国前参加革命工作的不执行本次调整,是/否无法区分)"
        ),
        json_schema_extra=_aliases("1953年底前参加革命工作"),
    )
    revolution_joined_on: str | None = Field(
        None,
        title="参加革命工作时间",
        description=(
            "YYYY-MM 或 YYYY-MM-DD;建国前参加的不执行本次调整(通知一(三)),"
            "1953年年底及以前参加的每月再增加(三(三)1(1))"
        ),
        json_schema_extra=_aliases("参加革命工作时间", "参加革命工作"),
    )
    military_cadre: bool = Field(
        False,
        title="企业退休军转干部",
        description=(
            "安置到地方工作且已参加基本养老保险的企业退休军转干部填 true(须同时填 average_pension_2023)"
        ),
        json_schema_extra=_aliases("军转干部"),
    )
    average_pension_2023: Decimal | None = Field(
        None,
        title="2023年末全市企业退休人员平均养老金",
        description="本汇编未载明此数;military_cadre 为 true 时必填(元/月)",
        json_schema_extra=_aliases("全市企业退休人员平均养老金", "平均养老金"),
    )
    died_on: str | None = Field(
        None,
        title="死亡日期",
        description="已死亡的填 YYYY-MM-DD 或 YYYY-MM",
        json_schema_extra=_aliases("死亡时间"),
    )
    excluded_group: ExcludedGroup | None = Field(
        None,
        title="不执行本次调整的人员类别",
        description="通知一(三):离休干部、建国前参加革命工作的退休老工人、两航起义退休人员、原南侨机工服务团退休人员",
        json_schema_extra=_aliases("不调整人员类别"),
    )
    special_group: SpecialGroup | None = Field(
        None,
        title="一(一)3人员",
        description="land_requisitioned 被征地农转非人员;urban_over_age 城镇超龄人员(通知一(一)3,仅企业)",
        json_schema_extra=_aliases("被征地农转非或城镇超龄", "特殊人员类别"),
    )

    _retired: Month = PrivateAttr()
    _died: Month | None = PrivateAttr(default=None)
    _district: str = PrivateAttr()
    _revolution: bool = PrivateAttr(default=False)
    _pre_founding: bool = PrivateAttr(default=False)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, v: Any) -> Any:
        """Empty cells (CSV, `key=`) mean "not given"."""
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("retiree_type", mode="before")
    @classmethod
    def _retiree_type(cls, v: Any) -> Any:
        return RETIREE_TYPE_ALIASES.get(v.strip(), v) if isinstance(v, str) else v

    @field_validator("excluded_group", mode="before")
    @classmethod
    def _excluded(cls, v: Any) -> Any:
        return EXCLUDED_ALIASES.get(v.strip(), v) if isinstance(v, str) else v

    @field_validator("special_group", mode="before")
    @classmethod
    def _special(cls, v: Any) -> Any:
        return SPECIAL_ALIASES.get(v.strip(), v) if isinstance(v, str) else v

    @field_validator("revolution_before_1954", "military_cadre", mode="before")
    @classmethod
    def _bool(cls, v: Any) -> Any:
        if v is None:
            return False
        return BOOL_ALIASES.get(v.strip(), v) if isinstance(v, str) else v

    @field_validator("contribution_years", "pension_2023_12", "average_pension_2023", mode="before")
    @classmethod
    def _number(cls, v: Any) -> Any:
        if v is None or isinstance(v, Decimal):
            return v
        try:
            return to_decimal(v, "数字")
        except ValueError as err:
            raise ValueError(str(err)) from None

    @model_validator(mode="after")
    def _derive(self) -> PensionInput:
        if not 0 <= self.contribution_years <= MAX_YEARS:
            raise InputError(
                f"缴费年限 contribution_years 应在 0 到 {MAX_YEARS} 年之间", "contribution_years"
            )
        for name, amount in (
            ("pension_2023_12", self.pension_2023_12),
            ("average_pension_2023", self.average_pension_2023),
        ):
            if amount is None:
                continue
            label = type(self).model_fields[name].title
            if not 0 < amount < MAX_PENSION:
                raise InputError(f"{label} {name} 应大于 0 且小于 {MAX_PENSION} 元", name)
            if amount != amount.quantize(Decimal("0.01")):
                raise InputError(f"{label} {name} 最多保留两位小数(到分)", name)
        try:
            self._retired, _ = Month.parse_month_or_date(self.retired_on)
        except ValueError as err:
            raise InputError(f"退休时间 retired_on 无效:{err}", "retired_on") from None
        if self._retired < EARLIEST_RETIREMENT:
            raise InputError(f"退休时间 {self._retired.iso()} 早于1950年,超出本计算器的范围", "retired_on")
        if self.died_on is not None:
            try:
                self._died, _ = Month.parse_month_or_date(self.died_on)
            except ValueError as err:
                raise InputError(f"死亡日期 died_on 无效:{err}", "died_on") from None
            if self._died < self._retired:
                raise InputError("死亡日期 died_on 早于退休时间 retired_on", "died_on")
        self._district = resolve_district(self.district).name
        self._revolution = self.revolution_before_1954
        self._pre_founding = False
        if self.revolution_joined_on is not None:
            try:
                joined, _ = Month.parse_month_or_date(self.revolution_joined_on)
            except ValueError as err:
                raise InputError(
                    f"参加革命工作时间 revolution_joined_on 无效:{err}", "revolution_joined_on"
                ) from None
            founding: date = param("pension_2024.founding_day").value_at(AS_OF)
            by: date = param("pension_2024.revolution_cutoff").value_at(AS_OF)
            self._pre_founding = joined < Month.from_date(founding)
            in_period = not self._pre_founding and joined <= Month.from_date(by)
            if "revolution_before_1954" in self.model_fields_set and self.revolution_before_1954 != (
                in_period or self._pre_founding
            ):
                raise InputError(
                    f"参加革命工作时间 {joined.iso()} 与 revolution_before_1954 不一致,"
                    "请只填参加革命工作时间",
                    "revolution_before_1954",
                )
            self._revolution = in_period
        if self.retiree_type == "institution":
            if self.military_cadre:
                raise InputError(
                    "企业退休军转干部 military_cadre 只适用于企业退休人员(通知三(三)1(3)),"
                    "机关事业单位退休人员请勿填写",
                    "military_cadre",
                )
            if self.special_group is not None:
                raise InputError(
                    "被征地农转非人员和城镇超龄人员 special_group 属企业职工基本养老保险(通知一(一)3),"
                    "不能与机关事业单位退休人员同时填写",
                    "special_group",
                )
        if self.military_cadre and self.average_pension_2023 is None:
            raise InputError(
                "企业退休军转干部须填写 average_pension_2023(2023年末全市企业退休人员平均养老金):"
                "本汇编未载明此数,请向社保经办机构查询",
                "average_pension_2023",
            )
        return self

    @property
    def retired_month(self) -> Month:
        return cast(Month, private(self, "_retired"))

    @property
    def died_month(self) -> Month | None:
        return cast("Month | None", private(self, "_died"))

    @property
    def revolution_tilt(self) -> bool:
        """Joined revolutionary work between the founding and the end of 1953 (三(三)1(1))."""
        return bool(private(self, "_revolution"))

    @property
    def joined_before_founding(self) -> bool:
        """Joined before the founding: 离休干部 or 建国前参加革命工作的退休老工人, not adjusted (一(三))."""
        return bool(private(self, "_pre_founding"))

    @property
    def district_name(self) -> str:
        """The official name of the district (石柱 → 石柱土家族自治县)."""
        return cast(str, private(self, "_district"))


def normalize_inputs(inp: PensionInput) -> dict[str, Any]:
    out = inp.model_dump(mode="json")
    out["district"] = inp.district_name
    return out


# --- result -------------------------------------------------------------------------------


class PensionResult(BaseModel):
    eligible: bool = Field(title="属于调整范围")
    reason: str | None = Field(title="不予调整的原因")
    fixed: Money = Field(title="定额调整")
    linked_years: Money = Field(title="与缴费年限挂钩")
    linked_pension: Money = Field(title="与养老金水平挂钩")
    tilt_remote: Money = Field(title="艰苦边远地区倾斜")
    tilt_revolution: Money = Field(title="1953年年底前参加革命工作倾斜")
    military_top_up: Money = Field(title="军转干部补足到平均水平")
    total_increase: Money = Field(title="每月增加合计")
    new_pension: Money = Field(title="调整后月基本养老金")


# --- the formula --------------------------------------------------------------------------


def remote_districts() -> frozenset[str]:
    """Official names of the hardship districts (the notice lists them by short names)."""
    result: frozenset[str] = derived(param("pension_2024.remote_districts").at(AS_OF), "official", _official)
    return result


def _official(names: list[str]) -> frozenset[str]:
    out = set()
    for n in names:
        d = lookup(n)
        if d is None:
            raise ValueError(f"pension_2024.remote_districts: 未知区县 {n}")
        out.add(d.name)
    return frozenset(out)


def counted_years(years: Decimal) -> int:
    """Whole years for the years-linked part: a part year is a whole one, at least 15."""
    minimum = int(param("pension_2024.min_years").value_at(AS_OF))
    return max(minimum, int(years.to_integral_value(rounding=ROUND_CEILING)))


ZERO = Decimal("0.00")


def _zero_result(inp: PensionInput, reason: str) -> PensionResult:
    z = Decimal("0.00")
    return PensionResult(
        eligible=False,
        reason=reason,
        fixed=z,
        linked_years=z,
        linked_pension=z,
        tilt_remote=z,
        tilt_revolution=z,
        military_top_up=z,
        total_increase=z,
        new_pension=inp.pension_2023_12,
    )


def _scope(inp: PensionInput, trace: Trace) -> str | None:
    """Who is covered (一); the reason when not covered, else None."""
    c = cite
    cutoff: date = param("pension_2024.cutoff").value_at(AS_OF)
    cut = Month.from_date(cutoff)
    if inp.excluded_group is not None:
        trace.step(
            f"本人属于{inp.excluded_group}:通知一(三)规定这类人员不执行本次退休人员基本养老金调整办法。",
            c("pension2024.scope.excluded"),
        )
        return REASON_EXCLUDED.format(group=inp.excluded_group)
    if inp.joined_before_founding:
        founding: date = param("pension_2024.founding_day").value_at(AS_OF)
        trace.step(
            f"本人{inp.revolution_joined_on}参加革命工作,早于{zh_date(founding)}(建国前):离休干部、"
            "建国前参加革命工作的退休老工人不执行本次退休人员基本养老金调整办法(通知一(三))。",
            c("pension2024.scope.excluded"),
        )
        return REASON_PRE_FOUNDING
    if inp.retired_month > cut:
        trace.step(
            f"本人{inp.retired_month.zh()}退休,晚于{cut.zh()}:调整范围限于{zh_date(cutoff)}及以前已办理退休审批手续"
            "并按月领取基本养老金的人员(本市通知一写作“及以前”,含当日;"
            "全国通知人社部发〔2024〕48号 一写作“前”。"
            "本结果按本市通知:它是本市执行本次调整的具体办法,范围不窄于全国通知)。",
            c(
                "pension2024.scope.institution"
                if inp.retiree_type == "institution"
                else "pension2024.scope.enterprise"
            ),
            c("pension2024.national.scope"),
        )
        return reason_late()
    if inp.died_month is not None and inp.died_month <= cut:
        trace.step(
            f"本人已于{inp.died_month.zh()}死亡:调整范围不含{zh_date(cutoff)}及以前已死亡的人员。",
            c(
                "pension2024.scope.institution"
                if inp.retiree_type == "institution"
                else "pension2024.scope.enterprise"
            ),
        )
        return reason_died()
    if inp.retiree_type == "institution":
        who, key = "机关事业单位退休人员(通知一(二))", "pension2024.scope.institution"
    elif inp.special_group is not None:
        who, key = f"{SPECIAL_TEXT[inp.special_group]}(通知一(一)3)", "pension2024.scope.land"
    else:
        who, key = "企业退休人员(通知一(一)1、2)", "pension2024.scope.enterprise"
    receives = "养老待遇" if inp.special_group else "基本养老金"
    start = zh_date(effective_day())
    alive = "" if inp.died_month is None else f";本人{inp.died_month.zh()}去世,{start}仍在世"
    trace.step(
        f"本人为{who},{inp.retired_month.zh()}退休并按月领取{receives}"
        f",不晚于{zh_date(cutoff)}{alive},属于本次调整范围;调整从{start}起执行。",
        c(key),
        *([c("pension2024.scope.individual")] if key == "pension2024.scope.enterprise" else []),
        c("pension2024.time"),
    )
    return None


# --- the arithmetic, one provision per function (no text: the batch path) -----------------


@dataclass(frozen=True)
class Figures:
    """The 2024 adjustment's figures (params/pension_2024), read once per parameter set."""

    cutoff: Month  # 一: retired (and not dead) 2023年12月31日及以前 → the month 2023-12
    fixed: Decimal  # 三(一)
    per_year: Decimal  # 三(二)1
    min_years: int  # 三(二)1 不足15年的按15年计算
    rate: Decimal  # 三(二)2
    tilt_revolution: Decimal  # 三(三)1(1)
    tilt_remote: Decimal  # 三(三)1(2), 三(三)2
    remote: frozenset[str]  # 三(三)1(2): the listed districts, official names
    reason_late: str  # 一: the reason given to those retired after the cut-off (its date filled)
    reason_died: str  # 一(二): the reason given to those dead by the cut-off


def figures() -> Figures:
    key = param("pension_2024.fixed").at(AS_OF)
    result: Figures = derived(key, "figures", lambda _: _figures())
    return result


def _figures() -> Figures:
    def amount(name: str) -> Decimal:
        return Decimal(param(name).value_at(AS_OF))

    return Figures(
        cutoff=Month.from_date(cutoff_day()),
        fixed=amount("pension_2024.fixed"),
        per_year=amount("pension_2024.per_year"),
        min_years=int(param("pension_2024.min_years").value_at(AS_OF)),
        rate=amount("pension_2024.rate"),
        tilt_revolution=amount("pension_2024.tilt_revolution"),
        tilt_remote=amount("pension_2024.tilt_remote"),
        remote=remote_districts(),
        reason_late=reason_late(),
        reason_died=reason_died(),
    )


# Each provision function below takes one person (a PensionInput, Decimals: a single call) or a
# register (renshe.rules.columnar: one polars column per input, `columns.py`): the same words,
# written once; `where`, `is_none` … are `if`, `is None` … on one person.


def out_of_scope(inp: Any, f: Figures) -> Any:
    """一(一)(二): retired by 2023-12-31 and not dead by then; 一(三): the listed groups are not
    adjusted. The reason when not covered, else None."""
    return where(
        is_given(inp.excluded_group),
        fill(REASON_EXCLUDED, group=inp.excluded_group),
        where(
            inp.joined_before_founding,
            REASON_PRE_FOUNDING,
            where(
                inp.retired_month > f.cutoff,
                f.reason_late,
                where(at_or_before(inp.died_month, f.cutoff), f.reason_died, None),
            ),
        ),
    )


def linked_years_amount(years: Any, f: Figures) -> Any:
    """三(二)1 “每满1年…增加1.6元…不足1年的按1年计算…不足15年的按15年计算”."""
    return f.per_year * at_least(f.min_years, whole_up(years))


def linked_pension_amount(base: Any, f: Figures) -> Any:
    """三(二)2 “按本人2023年12月基本养老金的0.6%增加…四舍五入保留到分”."""
    return half_up(base * f.rate)


def tilts_apply(inp: Any) -> Any:
    """三(三)1: the tilts are for 一(一)第1、2目 enterprise retirees (not 一(一)3, not institutions)."""
    return (inp.retiree_type == "enterprise") & is_none(inp.special_group)


def military_base(inp: Any) -> Any:
    """三(三)1(3): an enterprise military cadre below the average is first topped up to it."""
    topped = inp.military_cadre & tilts_apply(inp) & below(inp.pension_2023_12, inp.average_pension_2023)
    return where(topped, inp.average_pension_2023, inp.pension_2023_12)


def remote_tilt(inp: Any, f: Figures) -> Any:
    """三(三)1(2) and 三(三)2: enterprise and institution retirees in a listed district."""
    return where(is_none(inp.special_group) & member(inp.district_name, f.remote), f.tilt_remote, ZERO)


def revolution_tilt(inp: Any, f: Figures) -> Any:
    """三(三)1(1): enterprise retirees who joined revolutionary work by the end of 1953."""
    return where(inp.revolution_tilt & tilts_apply(inp), f.tilt_revolution, ZERO)


def amounts(inp: Any, f: Figures, reason: Any = None) -> dict[str, Any]:
    """The whole adjustment, field by field of PensionResult: nothing for those out of scope
    (their pension stays as it was), else 三(一) + 三(二) + 三(三). (Over columns the caller
    passes `out_of_scope` already computed as a column, so it is not recomputed per part.)"""
    reason = out_of_scope(inp, f) if reason is None else reason
    covered = is_none(reason)
    base = military_base(inp)
    parts = {
        "fixed": f.fixed,
        "linked_years": linked_years_amount(inp.contribution_years, f),
        "linked_pension": linked_pension_amount(base, f),
        "tilt_remote": remote_tilt(inp, f),
        "tilt_revolution": revolution_tilt(inp, f),
        "military_top_up": base - inp.pension_2023_12,
    }
    parts = {k: where(covered, v, ZERO) for k, v in parts.items()}
    total = sum(parts.values(), ZERO)
    return {
        "eligible": covered,
        "reason": reason,
        **parts,
        "total_increase": total,
        "new_pension": inp.pension_2023_12 + total,
    }


def notes(inp: Any, reason: Any) -> Any:
    """The warnings of a result, in the order the explanation meets them."""
    covered = is_none(reason)
    return noted(
        [
            (is_none(inp.excluded_group) & not_(inp.joined_before_founding), OPEN_LIST_WARNING),
            (covered & is_given(inp.died_month), DIED_WARNING),
            (True, ELDERLY_WARNING),
            (covered & inp.military_cadre, AVERAGE_WARNING),
            (covered & is_given(inp.special_group), SPECIAL_WARNING),
            (
                covered & inp.revolution_before_1954 & is_none(inp.revolution_joined_on),
                REVOLUTION_WARNING,
            ),
        ]
    )


def formula(inp: PensionInput, on: date) -> PensionResult:
    """The whole adjustment without an explanation: the same provisions `compute` explains. (The
    event's figures are its own, read on its first day; `on` changes nothing here.)"""
    return built(PensionResult, **amounts(inp, figures()))


def evaluate_columns(frame: Any, on: date) -> Any:
    """The adjustment over a register (a polars frame of input cells): `columns.evaluate`."""
    from renshe.rules.pension_adjustment.columns import evaluate

    return evaluate(frame, on)


def compute(inp: PensionInput, trace: Trace) -> PensionResult:
    c = cite
    trace.step(
        "重庆市2024年调整退休人员基本养老金按人社部发〔2024〕48号和两部批复意见执行,"
        "采取定额调整、挂钩调整与适当倾斜相结合的办法。",
        c("pension2024.basis"),
        c("pension2024.national.method"),
    )
    reason = _scope(inp, trace)
    for warning in notes(inp, reason):
        trace.warn(warning)
    if reason is not None:
        trace.step(f"不予调整:{reason}。2023年12月的基本养老金 {yuan_text(inp.pension_2023_12)} 不变。")
        return _zero_result(inp, reason)

    fixed = Decimal(param("pension_2024.fixed").value_at(AS_OF))
    trace.step(f"定额调整:每人每月增加 {yuan_text(fixed)}。", c("pension2024.fixed"))

    per_year = Decimal(param("pension_2024.per_year").value_at(AS_OF))
    minimum = int(param("pension_2024.min_years").value_at(AS_OF))
    years = counted_years(inp.contribution_years)
    whole = int(inp.contribution_years.to_integral_value(rounding=ROUND_CEILING))
    how = f"缴费年限(含视同缴费年限,不含折算工龄){inp.contribution_years.normalize():f}年"
    if inp.contribution_years != whole:
        how += f",不足1年的部分按1年计,为{whole}年"
    if whole < minimum:
        how += f";低于{minimum}年,统一按{minimum}年计"
    linked_years = per_year * years
    trace.step(
        f"与缴费年限挂钩:{how};每满1年每月增加 {per_year} 元,"
        f"{years}年 × {per_year}元 = {yuan_text(linked_years)}。",
        c("pension2024.years.scope"),
        c("pension2024.years.amount"),
        *([c("pension2024.years.floor")] if whole < minimum else []),
    )

    tilts_apply = inp.retiree_type == "enterprise" and inp.special_group is None
    base = inp.pension_2023_12
    top_up = Decimal("0")
    if inp.military_cadre:
        average = inp.average_pension_2023
        assert average is not None  # the input model requires it
        if not tilts_apply:
            trace.step(
                "企业退休军转干部补足到平均水平的规定只适用于通知一(一)第1、2目的企业退休人员,本人不适用。",
                c("pension2024.tilt.scope"),
            )
        elif base < average:
            top_up = average - base
            trace.step(
                f"企业退休军转干部:调整前基本养老金 {yuan_text(base)} "
                "低于2023年年末全市企业退休人员平均养老金"
                f" {yuan_text(average)}(由您填写),先补足 {yuan_text(top_up)} 到平均水平,再参加本次调整。",
                c("pension2024.tilt.military"),
                c("pension2024.national.military"),
            )
            base = average
        else:
            trace.step(
                f"企业退休军转干部:调整前基本养老金 {yuan_text(base)} "
                "不低于2023年年末全市企业退休人员平均养老金"
                f" {yuan_text(average)}(由您填写),无需补足。",
                c("pension2024.tilt.military"),
            )

    rate = Decimal(param("pension_2024.rate").value_at(AS_OF))
    exact = base * rate
    pct = f"{(rate * 100).normalize():f}%"
    linked_pension = round_half_up(exact)
    rounded = "" if exact == linked_pension else f",四舍五入保留两位小数为 {yuan_text(linked_pension)}"
    trace.step(
        f"与养老金水平挂钩:以{'补足后的' if top_up else '本人2023年12月'}基本养老金 {yuan_text(base)} 为基数,"
        f"增加{pct}:{base} × {pct} = {exact.normalize():f} 元{rounded}。",
        c("pension2024.pension.rate"),
        c("pension2024.pension.rounding"),
    )

    remote = inp.district_name in remote_districts()
    tilt_amount = Decimal(param("pension_2024.tilt_remote").value_at(AS_OF))
    tilt_remote = Decimal("0")
    if inp.special_group is not None:
        trace.step(
            f"适当倾斜:倾斜调整只适用于通知一(一)第1、2目的企业退休人员和机关事业单位退休人员,"
            f"{SPECIAL_TEXT[inp.special_group]}不享受倾斜调整。",
            c("pension2024.tilt.scope"),
            c("pension2024.tilt.remote_institution"),
        )
    elif remote:
        tilt_remote = tilt_amount
        trace.step(
            f"艰苦边远地区倾斜:{inp.district_name}属于国务院批准的艰苦边远地区,{TYPE_TEXT[inp.retiree_type]}"
            f"每人每月再增加 {yuan_text(tilt_amount)}。",
            c("pension2024.tilt.remote"),
            *([c("pension2024.tilt.remote_institution")] if inp.retiree_type == "institution" else []),
        )
    else:
        trace.step(
            f"艰苦边远地区倾斜:{inp.district_name}不在通知所列{len(remote_districts())}个艰苦边远地区之内,不增加。",
            c("pension2024.tilt.remote"),
        )

    tilt_revolution = Decimal("0")
    who_text = TYPE_TEXT[inp.retiree_type] if inp.special_group is None else SPECIAL_TEXT[inp.special_group]
    if inp.revolution_tilt:
        amount = Decimal(param("pension_2024.tilt_revolution").value_at(AS_OF))
        by: date = param("pension_2024.revolution_cutoff").value_at(AS_OF)
        if tilts_apply:
            tilt_revolution = amount
            trace.step(
                f"{by.year}年年底及以前参加革命工作的企业退休人员,每人每月再增加 {yuan_text(amount)}。",
                c("pension2024.tilt.scope"),
                c("pension2024.tilt.revolution"),
            )
        else:
            trace.step(
                f"{by.year}年年底及以前参加革命工作的倾斜只适用于通知一(一)第1、2目的企业退休人员,"
                f"本人为{who_text},不适用。",
                c("pension2024.tilt.scope"),
                c("pension2024.tilt.revolution"),
            )

    total = fixed + linked_years + linked_pension + tilt_remote + tilt_revolution + top_up
    new = inp.pension_2023_12 + total
    parts = [
        ("定额", fixed),
        ("缴费年限挂钩", linked_years),
        ("养老金水平挂钩", linked_pension),
        ("艰苦边远地区倾斜", tilt_remote),
        ("革命工作倾斜", tilt_revolution),
        ("军转干部补足", top_up),
    ]
    sum_text = " + ".join(f"{n} {v:.2f}" for n, v in parts if v)
    trace.step(
        f"每月合计增加 {sum_text} = {yuan_text(total)};调整后月基本养老金为 "
        f"{yuan_text(inp.pension_2023_12)} + {yuan_text(total)} = {yuan_text(new)},"
        f"从{Month.from_date(effective_day()).zh()}起执行。"
        "调整对象和金额由区县社保经办机构审核后报市里备案执行。",
        c("pension2024.time"),
        c("pension2024.filing"),
    )
    trace.step("已享受的增发高龄人员养老金继续按原规定执行,不在上述调整额之内。", c("pension2024.elderly"))
    return PensionResult(
        eligible=True,
        reason=None,
        fixed=fixed,
        linked_years=linked_years,
        linked_pension=linked_pension,
        tilt_remote=tilt_remote,
        tilt_revolution=tilt_revolution,
        military_top_up=top_up,
        total_increase=total,
        new_pension=new,
    )


def summarize(doc: dict[str, Any]) -> list[str]:
    """The answer in a few plain sentences, for the CLI and the web headline."""
    r = doc["result"]
    if not r["eligible"]:
        return [f"不属于2024年养老金调整范围:{r['reason']}。"]
    names = [
        ("fixed", "定额调整"),
        ("linked_years", "与缴费年限挂钩"),
        ("linked_pension", "与养老金水平挂钩"),
        ("tilt_remote", "艰苦边远地区倾斜"),
        ("tilt_revolution", "1953年年底前参加革命工作倾斜"),
        ("military_top_up", "军转干部补足到平均水平"),
    ]
    parts = "、".join(f"{label} {r[k]} 元" for k, label in names if Decimal(r[k]))
    return [
        f"从{Month.from_date(effective_day()).zh()}起,每月基本养老金增加 {r['total_increase']} 元,"
        f"调整后为 {r['new_pension']} 元。",
        f"其中:{parts}。",
    ]


def basis() -> list[Citation]:
    keys = [
        "pension2024.basis",
        "pension2024.national.scope",
        "pension2024.national.method",
        "pension2024.scope.enterprise",
        "pension2024.scope.institution",
        "pension2024.scope.land",
        "pension2024.scope.excluded",
        "pension2024.time",
        "pension2024.fixed",
        "pension2024.years.amount",
        "pension2024.years.floor",
        "pension2024.pension.rate",
        "pension2024.pension.rounding",
        "pension2024.tilt.revolution",
        "pension2024.tilt.remote",
        "pension2024.tilt.military",
        "pension2024.tilt.remote_institution",
        "pension2024.elderly",
    ]
    return [cite(k) for k in keys]


def assess(inp: PensionInput, r: PensionResult, on: date) -> Assessment:
    """Covered by the 2024 adjustment (一), and the monthly increase."""
    return Assessment(
        r.eligible,
        [(r.reason or "属于本次调整范围", r.eligible, cite("pension2024.scope.enterprise"))],
        [],
        ("total_increase", "每月增加合计", r.total_increase),
    )


RULE: Rule[PensionInput, PensionResult] = register(
    Rule(
        name=NAME,
        title="2024年重庆市退休人员基本养老金调整",
        summary="按渝人社发〔2024〕16号,算出本次调整起每月增加的基本养老金:定额、与缴费年限和养老金水平挂钩、"
        "艰苦边远地区和革命工作倾斜、企业退休军转干部补足。",
        input_model=PensionInput,
        result_model=PensionResult,
        compute=compute,
        basis=basis,
        normalize=normalize_inputs,
        summarize=summarize,
        assess=assess,
        formula=formula,
        columns=evaluate_columns,
        examples=[
            {
                "retiree_type": "enterprise",
                "retired_on": "2015-06",
                "contribution_years": "25.2",
                "pension_2023_12": "2757.50",
                "district": "石柱县",
            },
            {
                "retiree_type": "enterprise",
                "retired_on": "2010-03-01",
                "contribution_years": "30",
                "pension_2023_12": "3000",
                "district": "渝中区",
                "military_cadre": True,
                "average_pension_2023": "3500",
            },
        ],
    )
)
