"""The rule's inputs and results: the worker, the separation and its reasons, the conditions and readings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from renshe.errors import InputError
from renshe.rules.inputs import MIN_WORKING_AGE_YEARS, contribution_years, parse_date
from renshe.rules.months import Month, zh_date
from renshe.rules.params import param
from renshe.rules.person import PersonInput

Reason = Literal[
    "contract_ended",
    "dismissed_by_employer",
    "expelled",
    "employee_terminated_for_cause",
    "resigned",
    "other_law",
]
Extension = Literal["statutory_age", "pre_reform_age"]

REASON_TEXT: dict[str, str] = {
    "contract_ended": "终止劳动合同",
    "dismissed_by_employer": "被用人单位解除劳动合同",
    "expelled": "被用人单位开除、除名和辞退",
    "employee_terminated_for_cause": "根据劳动法第三十二条第二、三项与用人单位解除劳动合同",
    "resigned": "本人辞职(本人意愿中断就业)",
    "other_law": "法律、行政法规另有规定的情形",
}
REASON_CITE: dict[str, str] = {
    "contract_ended": "ui.art4.contract_ended",
    "dismissed_by_employer": "ui.art4.dismissed",
    "expelled": "ui.art4.expelled",
    "employee_terminated_for_cause": "ui.art4.for_cause",
    "other_law": "ui.art4.other_law",
}
_REASON_ALIASES: dict[str, str] = {
    "终止劳动合同": "contract_ended",
    "劳动合同终止": "contract_ended",
    "合同到期": "contract_ended",
    "合同期满": "contract_ended",
    "劳动合同期满": "contract_ended",
    "被用人单位解除劳动合同": "dismissed_by_employer",
    "用人单位解除劳动合同": "dismissed_by_employer",
    "单位解除劳动合同": "dismissed_by_employer",
    "单位解除": "dismissed_by_employer",
    "被解除劳动合同": "dismissed_by_employer",
    "被用人单位开除、除名和辞退": "expelled",
    "被用人单位开除、除名或辞退": "expelled",
    "开除": "expelled",
    "除名": "expelled",
    "辞退": "expelled",
    "被辞退": "expelled",
    "被开除": "expelled",
    "根据《中华人民共和国劳动法》第三十二条第二、三项与用人单位解除劳动合同": "employee_terminated_for_cause",
    "根据劳动法第三十二条第二、三项与用人单位解除劳动合同": "employee_terminated_for_cause",
    "劳动法第三十二条第二、三项": "employee_terminated_for_cause",
    "被迫解除劳动合同": "employee_terminated_for_cause",
    "被迫解除": "employee_terminated_for_cause",
    "辞职": "resigned",
    "主动辞职": "resigned",
    "本人辞职": "resigned",
    "主动离职": "resigned",
    "本人意愿": "resigned",
    "个人原因": "resigned",
    "法律、行政法规另有规定": "other_law",
    "其他法律规定": "other_law",
}
INVOLUNTARY = frozenset(REASON_CITE)


def bylaw_start() -> date:
    """办法 第三十条: 本办法自二〇〇一年一月一日起施行 (the first day its figures apply)."""
    d: date = param("unemployment.review_days_bylaw").first.start
    return d


def review_rule_start() -> date:
    """The day 人社厅发〔2024〕60号's 10-working-day review applies from (its first value)."""
    d: date = param("unemployment.review_working_days").first.start
    return d


def _blank(v: Any) -> Any:
    return None if isinstance(v, str) and not v.strip() else v


class UnemploymentInput(PersonInput):
    """The worker, the separation, contributions and registration."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    contribution_years: Decimal = Field(
        title="累计缴费年限",
        description=(
            "失业保险累计缴费时间(年,可有小数),含按国家规定视同缴费的工龄;"
            "领取失业保险金期间重新就业后再次失业的,缴费时间重新计算,只填重新就业后的缴费时间(办法第十五条(二))"
        ),
        examples=["12"],
    )
    separation_reason: Reason = Field(
        title="离职原因",
        description=(
            "contract_ended 终止劳动合同;"
            "dismissed_by_employer 被用人单位解除劳动合同;expelled 被开除、除名、辞退;"
            "employee_terminated_for_cause 依劳动法第三十二条第二、"
            "三项解除;resigned 本人辞职;other_law 法律、行政法规另有规定"
            "(也可填中文)"
        ),
    )
    registered: bool = Field(
        title="已办理失业登记并有求职要求", description="是否已办理失业登记并有求职要求(是/否)"
    )
    separated_on: date = Field(title="终止或解除劳动合同日期", description="离职日期,YYYY-MM-DD")
    registered_on: date | None = Field(
        None,
        title="失业登记日期",
        description="YYYY-MM-DD;默认与离职日期同月。失业保险金从办理失业登记之日起计发",
    )
    applied_on: date | None = Field(None, title="申领日期", description="YYYY-MM-DD;填写后计算审核期限")
    previous_unused_months: int | None = Field(
        None,
        ge=0,
        le=24,
        title="前次失业未领月数",
        description="前次失业应领而尚未领取的月数(办法第十五条(二))",
    )
    reemployment_months: int | None = Field(
        None,
        ge=0,
        le=600,
        title="重新就业月数",
        description="领取前次失业保险金期间重新就业、到本次失业时的月数;不满一年的可继续申领前次未领月数(办法第十五条(二))",
    )
    receiving_on_2024_12_31: bool | None = Field(
        None, title="2024年12月31日正在领取失业保险金", description="不填则按推算的领取期间判断"
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blanks(cls, v: Any) -> Any:
        return _blank(v)

    @field_validator("contribution_years", mode="before")
    @classmethod
    def _years(cls, v: Any) -> Any:
        return contribution_years(v)

    @field_validator("separation_reason", mode="before")
    @classmethod
    def _reason(cls, v: Any) -> Any:
        if isinstance(v, str):
            s = v.strip().rstrip("的;;。")  # noqa: B005 - strip any of these trailing marks
            code = _REASON_ALIASES.get(s, s)
            if code not in REASON_TEXT:
                known = ";".join(f"{k}({t})" for k, t in REASON_TEXT.items())
                raise InputError(
                    f"离职原因 separation_reason 无法识别:“{v}”;可填:{known}", "separation_reason"
                )
            return code
        return v

    @field_validator("separated_on", "registered_on", "applied_on", mode="before")
    @classmethod
    def _dates(cls, v: Any, info: Any) -> Any:
        labels = {"separated_on": "离职日期", "registered_on": "失业登记日期", "applied_on": "申领日期"}
        return parse_date(v, info.field_name, labels[info.field_name])

    @model_validator(mode="after")
    def _derive(self) -> UnemploymentInput:
        self.derive_person()
        if self.separated_on < bylaw_start():
            raise InputError(
                f"离职日期 {self.separated_on.isoformat()} 早于《失业保险金申领发放办法》"
                f"的施行日期{zh_date(bylaw_start())}"
                "(第三十条);此前的失业保险待遇按当时的规定办理,不在本汇编中",
                "separated_on",
            )
        if Month.from_date(self.separated_on) <= self.birth_month + MIN_WORKING_AGE_YEARS * 12:
            raise InputError(f"离职日期早于本人{MIN_WORKING_AGE_YEARS}周岁,不可能", "separated_on")
        if self.registered_on is not None and self.registered_on < self.separated_on:
            raise InputError("失业登记日期 registered_on 不能早于离职日期 separated_on", "registered_on")
        if self.applied_on is not None and self.applied_on < self.separated_on:
            raise InputError("申领日期 applied_on 不能早于离职日期 separated_on", "applied_on")
        return self

    @property
    def counted_contribution_months(self) -> Decimal:
        """办法第十五条(二) “缴费时间重新计算”: after re-employment during a benefit, only the time
        since re-employment counts, so it cannot exceed `reemployment_months` when that is given."""
        months = self.contribution_years * 12
        if self.previous_unused_months and self.reemployment_months is not None:
            months = min(months, Decimal(self.reemployment_months))
        return months

    @property
    def registration(self) -> date:
        return self.registered_on or self.separated_on


class Condition(BaseModel):
    condition: Literal["contributions", "involuntary", "registered", "below_retirement_age"] = Field(
        title="条件"
    )
    met: bool = Field(title="是否满足")
    text: str = Field(title="说明")
    provisions: list[str] = Field(title="依据条文")


class Reading(BaseModel):
    """One reading of a point where two documents disagree, and the last month it pays."""

    reading: str = Field(title="理解")
    last_paid_month: Month = Field(title="最后领取月份")
    governs: bool = Field(title="本结果采用")


class UnemploymentResult(BaseModel):
    eligible: bool = Field(title="可以领取失业保险金")
    reasons: list[Condition] = Field(title="领取条件")
    max_months: int | None = Field(title="最长领取期限(月)")
    benefit_start_month: Month | None = Field(title="起始月份")
    benefit_end_month: Month | None = Field(
        title="期满月份", description="按缴费年限核定的期限届满的月份(不含延长)"
    )
    extension: Extension | None = Field(
        title="延长领取",
        description="statutory_age 延长至法定退休年龄;pre_reform_age 过渡期延长至改革前法定退休年龄",
    )
    extended_until: Month | None = Field(title="延长领取至", description="达到该年龄的月份")
    last_paid_month: Month | None = Field(title="最后领取月份")
    statutory_retirement_month: Month = Field(title="法定退休时间")
    original_retirement_month: Month = Field(title="改革前法定退休时间")
    fund_pays_pension_from: Month | None = Field(title="失业保险基金代缴养老保险费起始月份")
    fund_pays_pension_until: Month | None = Field(title="失业保险基金代缴养老保险费截止月份")
    review_deadline: date | None = Field(title="审核期限(人社厅发〔2024〕60号,工作日)")
    review_deadline_bylaw: date | None = Field(title="办法第十四条所定审核期限")
    application_deadline_bylaw: date = Field(title="办法第六条所定申领期限(已取消)")
    application_time_limit_applies: bool = Field(title="申领时限是否适用")
    stop_conditions: list[str] = Field(title="停止领取的情形")
    notes: list[str] = Field(title="说明")
    readings: list[Reading] = Field(
        default_factory=list,
        title="两种理解",
        description="过渡人员续发期满时距改革后的法定退休年龄不足一年:60号文三与决定办法第七条两种理解的最后领取月份",
    )
