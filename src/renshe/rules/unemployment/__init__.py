"""Rule `unemployment-benefit`: am I entitled to 失业保险金, for how long, and what happens near retirement.

Sources (all in the compilation except one article):
- 失业保险金申领发放办法 (2024 revision, lines 8768–8897): who counts as involuntarily unemployed
  (第四条), the application period (第六条), review and start (第十四条), duration by cumulative
  contributions and merging with unused months, capped at 24 (第十五条); its 附件2 prints
  失业保险条例 第十四条 (eligibility) and 第十五条 (stop conditions).
- 失业保险条例 第十七条 (the 12/18/24-month tiers): NOT printed in the compilation; cited as an
  external provision (data/external_provisions.yaml, `renshe.rules.external`).
- the 决定's 办法 第七条 and 人社部发〔2024〕76号: benefit extended to the statutory retirement age for
  people within a year of it, with the fund paying their pension contributions (2025–2039).
- 人社厅发〔2024〕60号 三: people receiving on 2024-12-31 whose benefit ends more than a year before the
  new age but less than a year before the old one are paid until the old age.
- review within 10 working days (60号 一) vs 10 days (办法 第十四条); application within 60 days
  (办法 第六条) vs the abolition of time limits (40号 五). The answer states which prevails and why.

The statutory and original retirement months come from the `retirement` rule (`statutory`).

Month conventions (documented decisions; the text works in years and days):
- Benefit months run from the month of 失业登记 (第十四条 "从其办理失业登记之日起计发"):
  start S, entitlement N → last month E = S + N − 1.
- "距法定退休年龄不足一年" at expiry: the statutory month R satisfies R − E ≤ 12 (at the end of month
  E the birthday in month R is less than a year away). Extended benefit is paid through month R.
- The fund pays pension contributions for months m of receipt with R − 12 ≤ m ≤ R (76号 一、五),
  within 2025-01…2039-12 (76号 施行期间).
- If the statutory month falls inside the entitlement, payment ends at R (the person reaches the
  age; 76号 五, 条例 第十五条(四)) — reported with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
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
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.external import external_cite
from renshe.rules.inputs import MIN_WORKING_AGE_YEARS, contribution_years, parse_date
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import ParamError, ParamSet, cite, cites, param, params, value
from renshe.rules.person import PersonInput
from renshe.rules.registry import Rule, built, register
from renshe.rules.retirement import CATEGORY_TEXT, Statutory, reform_start, statutory

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


# --- pieces ---------------------------------------------------------------------------------


def tier_months(contribution_months: Decimal, separated_on: date) -> tuple[int, str]:
    """(benefit months, tier text) by cumulative contribution months (条例 第十七条); 0 below a year.

    Read on the day the employment ended: the tiers in force when the person became unemployed.
    """
    tiers = value("unemployment.duration_tiers", separated_on)
    months, text = 0, f"不满{duration_text(int(tiers[0][0]))}"
    bounds = [int(lo) for lo, _ in tiers] + [10**9]
    for i, (lo, n) in enumerate(tiers):
        if contribution_months >= lo:
            hi = bounds[i + 1]
            months = int(n)
            text = f"满{lo // 12}年不足{hi // 12}年" if hi < 10**9 else f"{lo // 12}年以上"
    return months, text


def _months_text(months: Decimal) -> str:
    """Contribution time for people: whole months as "8个月"/"1年6个月", a fraction as "7.2个月"."""
    return duration_text(int(months)) if months == months.to_integral_value() else f"{months:.1f}个月"


def tiers_text(separated_on: date) -> str:
    """条例 第十七条 in one clause, from the tiers in force: "满1年不足5年的最长12个月;…"."""
    tiers = param("unemployment.duration_tiers").value_at(separated_on)
    parts = []
    for i, (lo, n) in enumerate(tiers):
        if i + 1 < len(tiers):
            hi = tiers[i + 1][0]
            parts.append(f"满{duration_text(int(lo))}不足{duration_text(int(hi))}的最长{n}个月")
        else:
            parts.append(f"{duration_text(int(lo))}以上的最长{n}个月")
    return ";".join(parts)


def reg17(quote: str) -> Citation:
    return external_cite("国务院令第258号/第十七条", quote)


def _refs(*cs: Citation) -> list[str]:
    return list(dict.fromkeys(c.ref for c in cs))


# --- 条例 第十四条: the conditions ---------------------------------------------------------

Judged = tuple[Condition, tuple[Citation, ...], tuple[str, ...]]
"""A condition as judged, the citations that decide it and the warnings it raises."""


def _judged(
    kind: str, met: bool, text: str, cs: tuple[Citation, ...], warnings: tuple[str, ...] = ()
) -> Judged:
    return built(Condition, condition=kind, met=met, text=text, provisions=_refs(*cs)), cs, warnings


def contributions_condition(inp: UnemploymentInput) -> Judged:
    """条例 第十四条(一) “所在单位和本人已按照规定履行缴费义务满1年的”; 办法第十五条(一) (deemed
    time counts) and (二) (after re-employment the time restarts; re-employed less than a year,
    “可以继续申领其前次失业应领取而尚未领取的失业保险金”)."""
    months = inp.counted_contribution_months
    need = int(value("unemployment.min_contribution_months", inp.separated_on))
    ok = months >= need
    cs = cites("ui.reg14.contributions", "ui.art15.deemed")
    need_text = duration_text(need)
    prev = inp.previous_unused_months or 0
    if prev:
        cs = cites("ui.reg14.contributions", "ui.art15.deemed", "ui.art15.restart")
    text = f"累计缴费{inp.contribution_years}年(含视同缴费)," + (
        f"满{need_text},符合。" if ok else f"不满{need_text},不符合“履行缴费义务满{need_text}”的条件。"
    )
    warnings: tuple[str, ...] = ()
    if not ok and prev and (inp.reemployment_months is None or inp.reemployment_months < need):
        # 办法第十五条(二) second sentence: re-employed less than a year, the unused months continue.
        ok = True
        how = (
            f"重新就业{inp.reemployment_months}个月"
            if inp.reemployment_months is not None
            else "重新就业后缴费不满一年"
        )
        text = (
            f"累计缴费(重新就业后重新计算){_months_text(months)},不满{need_text};"
            "但本人在领取失业保险金期间"
            f"重新就业,{how}后再次失业,不满一年,可以继续申领前次失业应领取而尚未领取的{prev}个月,符合。"
        )
        cs = (*cs, *cites("ui.art15.continue"))
        if inp.reemployment_months is None:
            warnings = ("未填重新就业月数 reemployment_months:本结果按重新就业不满一年处理(缴费不满一年)。",)
        warnings += (
            "办法第十五条(二)“可以继续申领”未写明是否仍须非因本人意愿中断就业、办理失业登记;"
            "本结果仍按条例第十四条的另两项条件判断,请向经办机构确认。",
        )
    return _judged("contributions", ok, text, cs, warnings)


def involuntary_condition(inp: UnemploymentInput) -> Judged:
    """条例 第十四条(二) “非因本人意愿中断就业的”, as 办法第四条 lists the cases."""
    r = inp.separation_reason
    if r in INVOLUNTARY:
        cs = cites("ui.reg14.involuntary", "ui.art4.involuntary", REASON_CITE[r])
        text = f"离职原因为“{REASON_TEXT[r]}”,属于非因本人意愿中断就业,符合。"
        if r == "employee_terminated_for_cause":
            text += (
                "(限于用人单位以暴力、威胁或者非法限制人身自由的手段强迫劳动,"
                "或未按约定支付劳动报酬、提供劳动条件。)"
            )
            cs = (*cs, *cites("ui.labor32.item2", "ui.labor32.item3"))
        return _judged("involuntary", True, text, cs)
    cs = cites("ui.reg14.involuntary", "ui.art4.involuntary", "ui.labor32.item1", "ui.n60.dispute")
    text = (
        "离职原因为本人辞职,"
        "不属于办法第四条所列非因本人意愿中断就业的情形(试用期内辞职即劳动法第三十二条第一项也不在其列),"
        "不符合。如用人单位把停保原因认定为本人意愿主动离职,而本人能证明并非本人意愿中断就业的,"
        "可以申请经办机构据实重新核实认定。"
    )
    return _judged("involuntary", False, text, cs)


def registered_condition(inp: UnemploymentInput) -> Judged:
    """条例 第十四条(三) “已办理失业登记,并有求职要求的”; 60号 (registration with the application)."""
    if inp.registered:
        return _judged("registered", True, "已办理失业登记并有求职要求,符合。", cites("ui.reg14.registered"))
    text = (
        "尚未办理失业登记,暂不符合。失业保险金申请与失业登记可以一并办理:经办机构受理申请后,"
        "会把符合其他条件但未办理失业登记的人员推送公共就业服务机构办理登记,完成登记后发放。"
    )
    return _judged("registered", False, text, cites("ui.reg14.registered", "ui.n60.registration"))


def retirement_age_condition(inp: UnemploymentInput, s: Statutory) -> Judged | None:
    """条例 第十五条(四) and 76号: past the statutory age a person retires and draws no benefit
    (None: the registration is before the statutory month)."""
    start = Month.from_date(inp.registration)
    if start <= s.month:
        return None
    text = (
        f"办理失业登记时({start.zh()})已过法定退休时间{s.month.zh()},应按规定办理退休;"
        "达到法定退休年龄后不再领取失业保险金。"
    )
    return _judged("below_retirement_age", False, text, cites("ui.n76.stop", "ui.reg15.4"))


def conditions(inp: UnemploymentInput, s: Statutory) -> list[Judged]:
    """Every condition of 条例 第十四条, in order (and the age, when it is past)."""
    out = [contributions_condition(inp), involuntary_condition(inp), registered_condition(inp)]
    age = retirement_age_condition(inp, s)
    return out if age is None else [*out, age]


def explain_conditions(judged: list[Judged], trace: Trace) -> None:
    for label, (cond, cs, warnings) in zip(("条件一:", "条件二:", "条件三:", ""), judged, strict=False):
        trace.step(label + cond.text, *cs)
        for w in warnings:
            trace.warn(w)


# --- 办法 第十四条、第十五条: how long -------------------------------------------------------


def entitled_months(inp: UnemploymentInput, base: int) -> int:
    """办法第十五条 (line 8823) with 条例 第十七条: “经办机构根据失业人员累计缴费时间核定其领取失业
    保险金的期限”; the months of a previous entitlement left unused are added, “但是最长不得超过
    24个月” (第十七条, cap from params.yaml); re-employed less than a year, only those months
    (第十五条(二)). For an eligible person."""
    prev = inp.previous_unused_months or 0
    if base == 0:
        return prev
    if not prev:
        return base
    return min(base + prev, int(value("unemployment.max_combined_months", inp.separated_on)))


def explain_entitlement(
    inp: UnemploymentInput, base: int, tier_text: str, max_months: int, trace: Trace
) -> None:
    c = cite
    prev = inp.previous_unused_months or 0
    if base == 0:
        trace.step(
            f"重新就业后缴费不满一年,本次没有按缴费时间核定的新期限;继续申领前次失业应领取而尚未领取的{prev}个月。",
            c("ui.art15.continue"),
        )
        return
    trace.step(
        f"领取期限按累计缴费时间核定:累计缴费{inp.contribution_years}年,"
        f"属于{tier_text},最长领取{base}个月"
        f"(《失业保险条例》第十七条:{tiers_text(inp.separated_on)}。"
        "该条不在本汇编中,据官方公布文本引用)。",
        c("ui.art15.duration"),
        reg17("累计缴费时间满1年不足5年的,领取失业保险金的期限最长为12个月"),
        reg17("累计缴费时间满5年不足10年的,领取失业保险金的期限最长为18个月"),
        reg17("累计缴费时间10年以上的,领取失业保险金的期限最长为24个月"),
    )
    if prev:
        cap = int(value("unemployment.max_combined_months", inp.separated_on))
        trace.step(
            f"前次失业应领而未领的{prev}个月与本次期限合并计算:{base}+{prev}={base + prev}个月"
            + (f",超过最长{cap}个月,按{cap}个月计。" if max_months < base + prev else "。"),
            c("ui.art15.combined"),
            reg17(
                "领取失业保险金的期限可以与前次失业应领取而尚未领取的失业保险金的期限合并计算,"
                "但是最长不得超过24个月"
            ),
        )


def benefit_period(inp: UnemploymentInput, max_months: int) -> tuple[Month, Month]:
    """办法第十四条 “从其办理失业登记之日起计发失业保险金”: (first month, month the entitlement
    expires)."""
    start = Month.from_date(inp.registration)
    return start, start + max_months - 1


def explain_period(inp: UnemploymentInput, start: Month, end: Month, max_months: int, trace: Trace) -> None:
    trace.step(
        f"失业保险金从办理失业登记之日起计发:自{start.zh()}起按月领取,{max_months}个月期满为{end.zh()}"
        + ("" if inp.registered_on else "(未填失业登记日期,按离职当月办理登记计)")
        + "。经办机构应在期满前一个月告知本人。",
        cite("ui.art14.start"),
        cite("ui.art18.notice"),
    )


# --- near the statutory age: 决定办法第七条, 76号, 60号 三 ---------------------------------------

Interplay = Literal["reached_age", "before_reform", "statutory_age", "pre_reform_age", "none"]


@dataclass(slots=True)
class AgeInterplay:
    """How the statutory age meets the entitlement, and the figures the explanation states."""

    kind: Interplay
    near: int  # months: “距法定退休年龄不足一年”
    gap: int = 0  # statutory month − expiry month
    old_gap: int = 0  # pre-reform statutory month − expiry month
    receiving: bool = False  # receiving on 2024-12-31 (given or inferred)
    inferred: bool = False
    readings: list[Reading] = field(default_factory=list)

    def paid_to(self, s: Statutory, end: Month) -> tuple[Extension | None, Month | None, Month]:
        """(extension kind, extended until, last paid month)."""
        if self.kind == "reached_age":
            return None, None, s.month
        if self.kind == "statutory_age":
            return "statutory_age", s.month, s.month
        if self.kind == "pre_reform_age":
            return "pre_reform_age", s.original_month, s.original_month
        return None, None, end


def interplay(inp: UnemploymentInput, s: Statutory, start: Month, end: Month) -> AgeInterplay:
    """决定办法第七条 (line 561): “领取失业保险金且距法定退休年龄不足一年的,领取失业保险金年限延长至
    法定退休年龄”; 条例 第十五条(四)/76号 五: payment stops at the statutory age; 60号 三 (line 8955):
    people receiving on 2024-12-31 whose benefit ends more than a year before the new age but
    less than a year before the old one are paid to the old age, “待遇期满后不再次续发”."""
    near = int(value("unemployment.near_retirement_months", max(end, reform_start())))
    r = s.month
    if r <= end:
        return AgeInterplay("reached_age", near)
    gap = r - end
    if gap <= near:
        return AgeInterplay("before_reform" if end < reform_start() - 1 else "statutory_age", near, gap)
    receiving = inp.receiving_on_2024_12_31
    inferred = receiving is None
    if receiving is None:
        receiving = start <= Month.of(2024, 12) <= end
    old = s.original_month
    old_gap = old - end
    if receiving and s.reform_applies and 0 < old_gap <= near:
        readings = []
        if r - old <= near:
            readings = [
                built(
                    Reading,
                    reading="按人社厅发〔2024〕60号 三:续发至改革前法定退休年龄,期满后不再次续发",
                    last_paid_month=old,
                    governs=True,
                ),
                built(
                    Reading,
                    reading="按决定办法第七条:期满时距法定退休年龄不足一年,延长至法定退休年龄",
                    last_paid_month=r,
                    governs=False,
                ),
            ]
        return AgeInterplay("pre_reform_age", near, gap, old_gap, receiving, inferred, readings)
    return AgeInterplay("none", near, gap, old_gap, receiving, inferred)


def explain_interplay(ip: AgeInterplay, s: Statutory, end: Month, trace: Trace) -> None:
    c = cite
    r, old, near, gap, old_gap = s.month, s.original_month, ip.near, ip.gap, ip.old_gap
    if ip.kind == "reached_age":
        trace.step(
            f"法定退休时间{r.zh()}早于期满月份{end.zh()}:"
            "达到法定退休年龄后按规定办理退休、享受基本养老保险待遇,"
            f"失业保险金领至{r.zh()}为止,失业保险基金代缴养老保险费也在达到法定退休年龄时停止。",
            c("ui.reg15.4"),
            c("ui.n76.stop"),
        )
        trace.warn(
            "达到法定退休年龄但缴费不足最低缴费年限、暂不能按月领取基本养老金的,"
            "失业保险金是否继续发放,本汇编未作规定,"
            "请向经办机构确认。"
        )
    elif ip.kind == "before_reform":
        trace.step(
            f"期满时({end.zh()})距法定退休时间{r.zh()}不足一年,但期满早于{reform_start().zh()};"
            f"延长领取至法定退休年龄的规定自{zh_date(reform_start().first_day())}起施行,"
            "此前的情形按当时规定办理(不在本汇编中)。",
            c("decision.effective"),
            c("ui.measures.art7"),
        )
    elif ip.kind == "statutory_age":
        trace.step(
            f"期满时({end.zh()})距法定退休时间{r.zh()}只有{gap}个月,"
            "不足一年:失业保险金延长发放至法定退休年龄,"
            f"即领至{r.zh()}(延长{gap}个月);期间由失业保险基金按规定为其缴纳养老保险费。",
            c("ui.measures.art7"),
            c("ui.n76.scope"),
        )
        trace.warn(
            f"“距法定退休年龄不足一年”按月份比较(期满月份与法定退休月份相差不超过{near}个月);"
            f"恰好相差{near}个月的,以出生日和经办机构的口径为准。"
        )
    elif ip.kind == "pre_reform_age":
        how = "(按推算的领取期间判断)" if ip.inferred else ""
        trace.step(
            f"2024年12月31日正在领取失业保险金{how};期满时({end.zh()})"
            f"距改革后的法定退休时间{r.zh()}超过一年({gap}个月),"
            f"但距改革前的法定退休时间{old.zh()}不足一年({old_gap}个月)"
            ":经本人申请,可继续发放失业保险金至改革前法定退休年龄,"
            f"即领至{old.zh()},待遇期满后不再次续发。",
            c("ui.n60.transition"),
        )
        trace.warn("过渡期延长须经本人申请;延长期满后不再续发,此后至法定退休年龄之间不再领取失业保险金。")
        if ip.readings:
            trace.warn(
                "延长期满时距改革后的法定退休年龄已不足一年:"
                "决定办法第七条的文字可读作应继续延长至法定退休年龄,"
                "但人社厅发〔2024〕60号 三明确“待遇期满后不再次续发”;"
                "本结果按60号文(针对过渡人员的专门规定)处理,请向经办机构确认。"
            )
    else:
        why = f"期满时({end.zh()})距法定退休时间{r.zh()}还有{gap}个月,超过一年,不延长领取" + (
            f";改革前法定退休时间{old.zh()}距期满{old_gap}个月,"
            + (
                "但本人2024年12月31日不在领取失业保险金,不适用过渡政策。"
                if not ip.receiving and 0 < old_gap <= near
                else "不适用过渡政策。"
            )
            if s.reform_applies
            else "。"
        )
        trace.step(why, c("ui.measures.art7"), c("ui.n60.transition"))


def fund_months(s: Statutory, start: Month, last: Month) -> tuple[Month | None, Month | None]:
    """76号 一、五 (lines 8074, 8082): the months in which the fund pays the pension contributions
    of a person receiving within a year of the statutory age, until that age, in 2025–2039."""
    near = int(value("unemployment.near_retirement_months", max(last, reform_start())))
    try:
        period = value("unemployment.fund_pension_period", max(start, reform_start()))
    except ParamError:  # the 76号 policy is not in force when this benefit starts
        return None, None
    p_from, p_until = Month.from_date(period["from"]), Month.from_date(period["until"])
    lo = max(start, s.month - near, p_from)
    hi = min(last, s.month, p_until)
    return (None, None) if lo > hi else (lo, hi)


def explain_fund(lo: Month, hi: Month, trace: Trace) -> None:
    c = cite
    trace.step(
        f"{lo.zh()}至{hi.zh()}领取失业保险金期间距法定退休年龄不足一年,"
        "属于大龄领金人员:本人在领金地以个人身份参加企业职工"
        "基本养老保险并缴费,"
        "其中按当地灵活就业人员最低缴费标准的部分由失业保险基金支付(先缴费,再向经办机构申请,"
        "发放到本人社会保障卡银行账户);达到法定退休年龄或出现停止领取失业保险金的情形时停止。",
        c("ui.n76.scope"),
        c("ui.n76.fund_pays"),
        c("ui.n76.claim"),
        c("ui.n76.stop"),
        c("ui.n76.period"),
    )
    trace.warn(
        "当地灵活就业人员最低缴费标准(缴费基数下限×缴费比例)中的缴费比例不在本汇编中,本结果不计算金额。"
    )


# --- the procedure: review, application period, stop conditions ------------------------------


@dataclass(slots=True)
class Review:
    """The two review deadlines and the note that says which prevails (a result field)."""

    deadline: date | None
    bylaw: date | None
    note: str
    error: str | None  # the working-day count could not be made (holiday data)


def review_deadlines(inp: UnemploymentInput) -> Review:
    """10 working days (60号 一, line 8943) and 10 days (办法 第十四条, line 8821) from the
    application; which prevails and why."""
    from renshe.rules.workdays import working_day_after

    asked = inp.applied_on or inp.registration
    wd = int(value("unemployment.review_working_days", max(asked, review_rule_start())))
    days = int(value("unemployment.review_days_bylaw", asked))
    note = (
        f"审核期限:人社厅发〔2024〕60号 一规定自收到申请之日起{wd}个工作日内审核完毕,"
        f"办法第十四条为自受理申请之日起{days}日内。"
        f"本结果以60号文的{wd}个工作日为准:它是{zh_date(review_rule_start())}专就失业保险金审核作出的、"
        "最新的规定,依据《社会保险经办条例》(行政法规,经办期限以工作日计)。"
        f"{wd}个工作日不短于{days}日,经办机构在{days}日内办结的,同时符合两者。"
    )
    if inp.applied_on is None:
        return Review(None, None, note, None)
    bylaw = inp.applied_on + timedelta(days=days)  # “10日内”: calendar days
    try:
        review = working_day_after(inp.applied_on, wd)
    except InputError as err:
        when = (
            f"申请日{inp.applied_on.isoformat()}起{wd}个工作日:{err.message}。"
            f"办法的{days}日为{bylaw.isoformat()}。"
        )
        return Review(None, bylaw, note + when, err.message)
    when = (
        f"申请日{inp.applied_on.isoformat()}起{wd}个工作日,即{review.isoformat()}"
        f"前审核完毕(办法的{days}日为{bylaw.isoformat()})。"
    )
    return Review(review, bylaw, note + when, None)


def explain_review(rv: Review, trace: Trace) -> None:
    if rv.error is not None:
        trace.warn(rv.error)
    trace.step(rv.note, cite("ui.n60.review"), cite("ui.art14.ten_days"))


def application_deadline(inp: UnemploymentInput) -> date:
    """办法第六条 (line 8795): “自终止或者解除劳动合同之日起60日内…申领” (abolished by 40号 五)."""
    return inp.separated_on + timedelta(days=int(value("unemployment.application_days", inp.separated_on)))


def time_limit_note(inp: UnemploymentInput, deadline: date) -> str:
    """办法第六条's 60 days against 40号 五 (line 8913) “全面取消申领时限”: which prevails and why."""
    days = (deadline - inp.separated_on).days
    return (
        f"申领时限:办法第六条要求自终止或者解除劳动合同之日起{days}日内申领(本例为{deadline.isoformat()}前),"
        "但人社部发〔2024〕40号 五要求全面取消申领时限等,"
        f"仅凭身份证或社保卡即可申领。本结果按40号文处理,不因超过{days}日而拒绝:"
        "40号文经国务院同意、由同一主管部门发出,是专门针对这一限制的明确指令。"
        "但失业保险金从办理失业登记之日起计发,晚登记、晚申请会推迟起领时间,应尽早办理。"
    )


STOP_KEYS = ("ui.reg15.1", "ui.reg15.2", "ui.reg15.3", "ui.reg15.4", "ui.reg15.5", "ui.reg15.6", "ui.reg15.7")
_STOPS: list[tuple[ParamSet, tuple[str, ...]]] = []


def stop_conditions() -> list[str]:
    """条例 第十五条's items in its own words (from the citations' quotes; built once per
    parameter set)."""
    ps = params()
    if not _STOPS or _STOPS[0][0] is not ps:
        _STOPS[:] = [(ps, tuple(ps.cite(k).quote.removesuffix("的") for k in STOP_KEYS))]
    return list(_STOPS[0][1])


def explain_stops(items: list[str], trace: Trace) -> None:
    c = cite
    trace.step(
        "领取期间出现下列情形之一的,停止领取失业保险金并停止享受其他失业保险待遇:" + ";".join(items) + "。",
        c("ui.reg15.head"),
        *[c(k) for k in STOP_KEYS],
        c("ui.art13.stop"),
    )


# --- the rule -------------------------------------------------------------------------------


def explain_statutory(inp: UnemploymentInput, s: Statutory, trace: Trace) -> None:
    c = cite
    trace.step(
        f"出生年月{inp.birth_month.zh()},{CATEGORY_TEXT[inp.category]}:法定退休时间为{s.month.zh()}"
        + (
            f"(改革前为{s.original_month.zh()},延迟{s.delay}个月)。"
            if s.reform_applies
            else "(不适用延迟退休)。"
        ),
        c("decision.targets"),
        c("measures.art1.female50") if inp.category == "female50" else c("measures.art1.male_female55"),
    )


def compute(inp: UnemploymentInput, trace: Trace) -> UnemploymentResult:
    """The answer with its explanation: the provision functions `formula` calls, each followed by
    its text."""
    s = statutory(inp.category, inp.birth_month)
    explain_statutory(inp, s, trace)
    judged = conditions(inp, s)
    explain_conditions(judged, trace)
    eligible = all(j[0].met for j in judged)
    max_months = start = end = None
    ip: AgeInterplay | None = None
    fund: tuple[Month | None, Month | None] = (None, None)
    if eligible:
        base, tier_text = tier_months(inp.counted_contribution_months, inp.separated_on)
        max_months = entitled_months(inp, base)
        explain_entitlement(inp, base, tier_text, max_months, trace)
    if eligible and max_months:
        start, end = benefit_period(inp, max_months)
        explain_period(inp, start, end, max_months, trace)
        ip = interplay(inp, s, start, end)
        explain_interplay(ip, s, end, trace)
        fund = fund_months(s, start, ip.paid_to(s, end)[2])
        if fund[0] is not None and fund[1] is not None:
            explain_fund(fund[0], fund[1], trace)
    rv = review_deadlines(inp)
    explain_review(rv, trace)
    app_deadline = application_deadline(inp)
    limit = time_limit_note(inp, app_deadline)
    trace.step(limit, cite("ui.art6.sixty_days"), cite("ui.n40.no_time_limit"), cite("ui.art14.start"))
    stops = stop_conditions()
    explain_stops(stops, trace)
    if not eligible:
        trace.warn("不符合领取条件时不计算领取期限;条件满足后(例如办理失业登记后)可再次计算。")
    return _result(judged, s, max_months, start, end, ip, fund, rv, app_deadline, limit, stops)


def formula(inp: UnemploymentInput, on: date) -> UnemploymentResult:
    """The answer without an explanation (the batch path): the provision functions `compute`
    calls, without the text."""
    s = statutory(inp.category, inp.birth_month)
    judged = conditions(inp, s)
    max_months = start = end = None
    ip: AgeInterplay | None = None
    fund: tuple[Month | None, Month | None] = (None, None)
    if all(j[0].met for j in judged):
        max_months = entitled_months(inp, tier_months(inp.counted_contribution_months, inp.separated_on)[0])
    if max_months:
        start, end = benefit_period(inp, max_months)
        ip = interplay(inp, s, start, end)
        fund = fund_months(s, start, ip.paid_to(s, end)[2])
    app_deadline = application_deadline(inp)
    limit = time_limit_note(inp, app_deadline)
    return _result(
        judged,
        s,
        max_months,
        start,
        end,
        ip,
        fund,
        review_deadlines(inp),
        app_deadline,
        limit,
        stop_conditions(),
    )


def _result(
    judged: list[Judged],
    s: Statutory,
    max_months: int | None,
    start: Month | None,
    end: Month | None,
    ip: AgeInterplay | None,
    fund: tuple[Month | None, Month | None],
    rv: Review,
    app_deadline: date,
    limit_note: str,
    stops: list[str],
) -> UnemploymentResult:
    extension: Extension | None = None
    extended_until = last_paid = None
    if ip is not None and end is not None:
        extension, extended_until, last_paid = ip.paid_to(s, end)
    return built(
        UnemploymentResult,
        eligible=all(j[0].met for j in judged),
        reasons=[j[0] for j in judged],
        max_months=max_months,
        benefit_start_month=start,
        # the month the entitlement expires (as its description says); reaching the statutory
        # age earlier only ends payment (last_paid_month)
        benefit_end_month=end,
        extension=extension,
        extended_until=extended_until,
        last_paid_month=last_paid,
        statutory_retirement_month=s.month,
        original_retirement_month=s.original_month,
        fund_pays_pension_from=fund[0],
        fund_pays_pension_until=fund[1],
        review_deadline=rv.deadline,
        review_deadline_bylaw=rv.bylaw,
        application_deadline_bylaw=app_deadline,
        application_time_limit_applies=False,
        stop_conditions=stops,
        notes=[rv.note, limit_note],
        readings=ip.readings if ip is not None else [],
    )


def normalize_inputs(inp: UnemploymentInput) -> dict[str, Any]:
    from renshe.rules.idcard import mask

    return {
        "contribution_years": str(inp.contribution_years),
        "separation_reason": inp.separation_reason,
        "registered": inp.registered,
        "birth": inp.birth_month.iso(),
        "id_number": mask(inp.id_number) if inp.id_number else None,
        "category": inp.category,
        "separated_on": inp.separated_on.isoformat(),
        "registered_on": inp.registration.isoformat(),
        "applied_on": inp.applied_on.isoformat() if inp.applied_on else None,
        "previous_unused_months": inp.previous_unused_months,
        "reemployment_months": inp.reemployment_months,
        "receiving_on_2024_12_31": inp.receiving_on_2024_12_31,
    }


def summarize(doc: dict[str, Any]) -> list[str]:
    r = doc["result"]

    def zh(m: str | None) -> str:
        return Month.parse(m).zh() if m else ""

    if not r["eligible"]:
        failed = [x["text"] for x in r["reasons"] if not x["met"]]
        return ["目前不能领取失业保险金。", *failed]
    lines = [
        f"可以领取失业保险金,最长{r['max_months']}个月({duration_text(r['max_months'])}):"
        f"自{zh(r['benefit_start_month'])}起,至{zh(r['benefit_end_month'])}期满。"
    ]
    if r["last_paid_month"] and r["benefit_end_month"] and r["last_paid_month"] < r["benefit_end_month"]:
        lines.append(f"期满前达到法定退休年龄:失业保险金领至{zh(r['last_paid_month'])}为止。")
    if r["extension"] == "statutory_age":
        lines.append(f"期满时距法定退休年龄不足一年,延长领取至法定退休年龄,即{zh(r['extended_until'])}。")
    elif r["extension"] == "pre_reform_age":
        lines.append(
            f"过渡政策:经本人申请,可继续领取至改革前法定退休年龄,即{zh(r['extended_until'])},之后不再续发。"
        )
    if r["fund_pays_pension_from"]:
        lines.append(
            f"{zh(r['fund_pays_pension_from'])}至{zh(r['fund_pays_pension_until'])},"
            "以个人身份参加企业职工基本养老保险的,"
            "按当地灵活就业人员最低缴费标准的部分由失业保险基金支付。"
        )
    lines.append(f"法定退休时间:{zh(r['statutory_retirement_month'])}。")
    if r["review_deadline"]:
        lines.append(f"经办机构应在{r['review_deadline']}前审核完毕。")
    return lines


def basis() -> list[Citation]:
    keys = [
        "ui.reg14.contributions",
        "ui.reg14.involuntary",
        "ui.reg14.registered",
        "ui.art4.involuntary",
        "ui.art14.start",
        "ui.art15.duration",
        "ui.art15.combined",
        "ui.measures.art7",
        "ui.n76.scope",
        "ui.n76.fund_pays",
        "ui.n60.transition",
        "ui.n60.review",
        "ui.n40.no_time_limit",
        "ui.reg15.head",
    ]
    return [cite(k) for k in keys] + [reg17("累计缴费时间满1年不足5年的,领取失业保险金的期限最长为12个月")]


def assess(inp: UnemploymentInput, r: UnemploymentResult, on: date) -> Assessment:
    """The conditions of 条例 第十四条 (or 办法 第十五条(二)) as the rule judged them."""
    conditions: list[tuple[str, bool | None, Citation | str | None]] = [
        (x.text, x.met, "、".join(x.provisions) or None) for x in r.reasons
    ]
    return Assessment(r.eligible, conditions, [])


def governing_law(inp: UnemploymentInput) -> tuple[str, date]:
    """The duration tiers in force on the day the employment ended."""
    return "unemployment.duration_tiers", inp.separated_on


RULE: Rule[UnemploymentInput, UnemploymentResult] = register(
    Rule(
        name="unemployment-benefit",
        title="失业保险金领取资格与期限",
        summary="判断能否领取失业保险金、最长领取多少个月,临近法定退休年龄的延长领取和过渡政策,以及失业保险基金代缴养老保险费的月份。",
        input_model=UnemploymentInput,
        result_model=UnemploymentResult,
        compute=compute,
        basis=basis,
        normalize=normalize_inputs,
        summarize=summarize,
        assess=assess,
        in_force=governing_law,
        formula=formula,
        examples=[
            {
                "contribution_years": "12",
                "separation_reason": "contract_ended",
                "registered": "true",
                "birth": "1966-03",
                "category": "male60",
                "separated_on": "2025-06-15",
                "applied_on": "2025-06-20",
            },
            {
                "contribution_years": "3",
                "separation_reason": "辞职",
                "registered": "false",
                "birth": "1985-05",
                "category": "female50",
                "separated_on": "2025-03-01",
            },
        ],
    )
)
