"""Rule `disability-allowance`: which 病残津贴 case applies, for how long, and when it is recalculated.

Source: 企业职工基本养老保险病残津贴暂行办法 (人社部发〔2024〕72号, source lines 8101–8153), in force
from 2025-01-01. A person certified as wholly unable to work before the statutory retirement age
may apply (第二条). Three cases, by contributions and distance to the statutory age at application:
- 第三条 `retirement_pension`: minimum contribution years met and the statutory age 5 years (含)
  or less away → the full pension formula; at the statutory age they retire without recalculation.
- 第四条 `basic_pension`: minimum met and more than 5 years away → the 基础养老金 formula, recalculated
  under 第三条 when the person comes within 5 years (`recalculate_on`).
- 第五条 `limited_period`: minimum not met → the 基础养老金 formula for a limited number of months:
  12, plus 3 for every year (a part year counts as a whole one) beyond 5.
Payment starts the month after applying (第十二条).

The statutory retirement month and the minimum contribution years come from the `retirement` rule
(`statutory`, `min_contribution`). Decisions the text leaves open (also in the warnings):
- "最低缴费年限" is taken for the year of application ("申请病残津贴时"), from 附件4 of the 决定's 办法.
- Distance to the statutory age is counted in whole months from the month of application to the
  statutory retirement month; "5年(含)以内" = at most 60 months.
- At exactly 5 years of contributions 第五条 gives 12 months ("满5年以上" adds 3 per year *beyond* 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
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
from renshe.rules.inputs import MIN_WORKING_AGE_YEARS, contribution_years, parse_date
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite, param, value
from renshe.rules.person import PersonInput
from renshe.rules.registry import Rule, built, register
from renshe.rules.retirement import (
    CATEGORY_TEXT,
    Statutory,
    min_contribution,
    min_contribution_months,
    statutory,
)

Case = Literal["retirement_pension", "basic_pension", "limited_period"]
CASE_TEXT: dict[str, str] = {
    "retirement_pension": "第三条情形:按退休人员基本养老金计发办法计发",
    "basic_pension": "第四条情形:按退休人员基础养老金计发办法计发,距法定退休年龄{near}时重新核算",
    "limited_period": "第五条情形:按基础养老金计发办法计发,限期领取",
}


class DisabilityInput(PersonInput):
    """Who applies, their contributions and when they apply."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    contribution_years: Decimal | None = Field(
        None, title="累计缴费年限", description="含视同缴费年限,可有小数;与 contribution_months 填一项"
    )
    contribution_months: int | None = Field(
        None, ge=0, le=720, title="累计缴费月数", description="含视同缴费"
    )
    applied_on: date = Field(
        title="申请日期", description="YYYY-MM-DD,不早于病残津贴暂行办法的实施日期(第十四条)"
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blanks(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("contribution_years", mode="before")
    @classmethod
    def _years(cls, v: Any) -> Any:
        return contribution_years(v)

    @field_validator("applied_on", mode="before")
    @classmethod
    def _applied(cls, v: Any) -> Any:
        return parse_date(v, "applied_on", "申请日期")

    @model_validator(mode="after")
    def _derive(self) -> DisabilityInput:
        self.derive_person()
        if (self.contribution_years is None) == (self.contribution_months is None):
            raise InputError(
                "请填写累计缴费年限 contribution_years 或累计缴费月数 contribution_months(只填一项)",
                "contribution_years",
            )
        start: date = param("disability.start").first.value
        if self.applied_on < start:
            raise InputError(
                f"申请日期 {self.applied_on.isoformat()} 早于《企业职工基本养老保险病残津贴暂行办法》"
                f"的实施日期{zh_date(start)}"
                "(第十四条);此前适用各地因病或非因工完全丧失劳动能力退休、退职政策,不在本汇编中",
                "applied_on",
            )
        if Month.from_date(self.applied_on) <= self.birth_month + MIN_WORKING_AGE_YEARS * 12:
            raise InputError(f"申请日期早于本人{MIN_WORKING_AGE_YEARS}周岁,不可能", "applied_on")
        s = statutory(self.category, self.birth_month)
        if Month.from_date(self.applied_on) > s.month:
            raise InputError(
                f"申请时已超过法定退休时间{s.month.zh()}:病残津贴只能在达到法定退休年龄前申请(第二条),"
                "达到法定退休年龄的应办理退休",
                "applied_on",
            )
        return self

    @property
    def months_paid(self) -> Decimal:
        """Cumulative contribution months (possibly fractional when given in years)."""
        if self.contribution_months is not None:
            return Decimal(self.contribution_months)
        assert self.contribution_years is not None
        return self.contribution_years * 12


class Reading(BaseModel):
    """One reading of an open point of the text, and the answer it gives."""

    reading: str = Field(title="理解")
    min_contribution_months: int = Field(title="最低缴费月数")
    case: Case = Field(title="情形")
    governs: bool = Field(title="本结果采用")


class DisabilityResult(BaseModel):
    case: Case = Field(title="情形")
    case_text: str = Field(title="情形说明")
    months: int | None = Field(
        title="领取月数", description="第五条限期领取的月数;其他情形为 null(按月领取至法定退休年龄)"
    )
    start_month: Month = Field(title="开始发放月份")
    end_month: Month | None = Field(title="最后发放月份", description="限期领取的最后一个月")
    recalculate_on: Month | None = Field(
        title="重新核算月份", description="第四条:距法定退休年龄只剩该条所定年限的月份"
    )
    statutory_retirement_month: Month = Field(title="法定退休时间")
    months_to_retirement: int = Field(title="申请时距法定退休时间(月)")
    min_contribution_months: int = Field(title="最低缴费月数(申请年份)")
    contribution_months: Decimal = Field(title="累计缴费月数")
    notes: list[str] = Field(title="注意事项")
    readings: list[Reading] = Field(
        default_factory=list,
        title="两种理解",
        description="第三条至第五条“申请病残津贴时…满领取基本养老金最低缴费年限”未写明按哪一年的最低缴费年限;"
        "两种理解得出不同情形时列出两者",
    )


def limited_months(months_paid: Decimal, applied_on: date | None = None) -> tuple[int, int]:
    """第五条 (line 8133): “累计缴费年限不足5年的,支付12个月的病残津贴;累计缴费年限满5年以上的,每多
    缴费1年(不满1年按1年计算),增加3个月的病残津贴”: (allowance months, extra years counted) for
    cumulative contribution months, with the figures in force on the application day (default:
    the first ones)."""
    p = param("disability.limited_months").first.value if applied_on is None else _limited(applied_on)
    base, threshold, per_year = int(p["base_months"]), int(p["threshold_years"]), int(p["months_per_year"])
    beyond = months_paid / 12 - threshold
    extra = int(beyond.to_integral_value(rounding=ROUND_CEILING)) if beyond > 0 else 0
    return base + per_year * extra, extra


def _limited(applied_on: date) -> dict[str, Any]:
    p: dict[str, Any] = value("disability.limited_months", applied_on)
    return p


def case_of(paid: Decimal, minimum: int, distance: int, near: int) -> Case:
    """第三条 (minimum met, within `near` of the age), 第四条 (met, further), 第五条 (not met)."""
    if paid >= minimum:
        return "retirement_pension" if distance <= near else "basic_pension"
    return "limited_period"


@dataclass(slots=True)
class Decided:
    """The figures of one application, as 第二条 to 第五条 and 第十二条 decide them."""

    s: Statutory
    applied: Month
    distance: int  # months from the month of application to the statutory month
    paid: Decimal  # cumulative contribution months
    minimum: int  # the minimum of the application year (附件4)
    near: int  # “5年(含)以内”, in months
    case: Case
    start: Month  # 第十二条: the month after applying
    months: int | None = None  # 第五条
    extra: int = 0  # 第五条: years counted beyond the threshold
    end: Month | None = None  # 第五条: the last month paid
    recalc: Month | None = None  # 第四条: recalculated under 第三条
    other_minimum: int = 0  # the other reading: the minimum of the statutory year
    other: Case | None = None  # the case under the other reading, when it differs


def decide(inp: DisabilityInput) -> Decided:
    """第二条 to 第五条, 第十二条: which case, how long, from when (no text)."""
    s = statutory(inp.category, inp.birth_month)
    applied = Month.from_date(inp.applied_on)
    distance = s.month - applied
    paid = inp.months_paid
    minimum = min_contribution_months(applied)
    near = int(value("disability.near_retirement_months", inp.applied_on))
    case = case_of(paid, minimum, distance, near)
    d = Decided(s, applied, distance, paid, minimum, near, case, applied + 1)
    if case == "basic_pension":
        d.recalc = s.month - near
    elif case == "limited_period":
        d.months, d.extra = limited_months(paid, inp.applied_on)
        d.end = d.start + d.months - 1
    d.other_minimum = min_contribution_months(s.month)
    other = case_of(paid, d.other_minimum, distance, near)
    d.other = other if other != case else None
    return d


def case_text(case: Case, near: int) -> str:
    return CASE_TEXT[case].format(near=duration_text(near))


def notes(applied_on: date) -> list[str]:
    """第十条 (validity of the assessment), 第十一条 (suspension), 第八条 (stop on re-employment)."""
    return [
        "申请须持有地级以上劳动能力鉴定机构作出的完全丧失劳动能力鉴定结论,鉴定结论一年内有效。",
        "领取期间接受复查鉴定;无正当理由不按时参加复查鉴定的,自告知应复查鉴定的"
        f"{value('disability.review_suspension_days', applied_on)}日后暂停发放,"
        "经复查鉴定为完全丧失劳动能力的恢复发放,并自暂停之日起补发。",
        "领取期间不再缴纳基本养老保险费;继续就业并按规定缴费的,自恢复缴费次月起停发。",
    ]


def readings(d: Decided) -> list[Reading]:
    """Both readings of “申请病残津贴时…满领取基本养老金最低缴费年限” (line 8123) when they differ:
    the application year's minimum (governs) and the statutory year's."""
    if d.other is None:
        return []
    return [
        built(
            Reading,
            reading=f"按申请年份({d.applied.year}年)的最低缴费年限",
            min_contribution_months=d.minimum,
            case=d.case,
            governs=True,
        ),
        built(
            Reading,
            reading=f"按法定退休时间所在年份({d.s.month.year}年)的最低缴费年限",
            min_contribution_months=d.other_minimum,
            case=d.other,
            governs=False,
        ),
    ]


def _result(inp: DisabilityInput, d: Decided) -> DisabilityResult:
    return built(
        DisabilityResult,
        case=d.case,
        case_text=case_text(d.case, d.near),
        months=d.months,
        start_month=d.start,
        end_month=d.end,
        recalculate_on=d.recalc,
        statutory_retirement_month=d.s.month,
        months_to_retirement=d.distance,
        min_contribution_months=d.minimum,
        contribution_months=d.paid,
        notes=notes(inp.applied_on),
        readings=readings(d),
    )


def formula(inp: DisabilityInput, on: date) -> DisabilityResult:
    """The answer without an explanation (the batch path): `decide`, without the text."""
    return _result(inp, decide(inp))


def compute(inp: DisabilityInput, trace: Trace) -> DisabilityResult:
    """The answer with its explanation: `decide`, then each provision's text."""
    d = decide(inp)
    explain_distance(inp, d, trace)
    explain_minimum(d, trace)
    explain_case(inp, d, trace)
    explain_payment(inp, d, trace)
    result = _result(inp, d)
    trace.step(
        "注意:" + "".join(result.notes),
        cite("da.art10.validity"),
        cite("da.art11.suspend"),
        cite("da.art8.stop"),
    )
    trace.warn("病残津贴的月标准金额取决于待遇领取地的计发办法和本人缴费情况,本计算器不计算金额。")
    if d.other is not None:
        near_text = duration_text(d.near)
        trace.warn(
            f"两种理解得出不同情形:按申请年份为“{CASE_TEXT[d.case].format(near=near_text)}”,按法定退休年份"
            f"({d.other_minimum}个月)为“{CASE_TEXT[d.other].format(near=near_text)}”。本结果按申请年份:第三条写明"
            "“申请病残津贴时”满最低缴费年限,判断的时点是申请时。请向经办机构确认。"
        )
    start_day: date = param("disability.start").first.value
    trace.step(
        f"各地企业职工因病或非因工完全丧失劳动能力退休、退职(病退)政策自{zh_date(start_day)}起停止执行,"
        "不能再按病退提前退休;此前已按规定领取病退、退职待遇的,原则上继续领取。",
        cite("da.art14.local_ended"),
        cite("da.art14.effective"),
    )
    return result


def _paid_text(paid: Decimal) -> str:
    return f"{paid.normalize():f}个月" if paid % 1 else duration_text(int(paid))


def explain_distance(inp: DisabilityInput, d: Decided, trace: Trace) -> None:
    trace.step(
        f"出生年月{inp.birth_month.zh()},{CATEGORY_TEXT[inp.category]}:法定退休时间{d.s.month.zh()}。"
        f"{inp.applied_on.isoformat()}申请,"
        f"申请月份{d.applied.zh()}距法定退休时间{d.distance}个月({duration_text(d.distance)})。"
        "达到法定退休年龄前因病或者非因工致残经鉴定为完全丧失劳动能力的,可以申请按月领取病残津贴。",
        cite("da.art2.eligible"),
        cite("decision.targets"),
    )
    if d.distance == 0:
        trace.warn("申请当月即达到法定退休年龄:只有在达到法定退休年龄之日前申请才符合第二条,请核对出生日期。")


def explain_minimum(d: Decided, trace: Trace) -> None:
    minimum, min_cites = min_contribution(d.applied)
    trace.step(
        f"申请时({d.applied.year}年)领取基本养老金的最低缴费年限为{duration_text(minimum)}({minimum}个月);"
        f"本人累计缴费(含视同缴费){_paid_text(d.paid)},"
        + ("已满最低缴费年限。" if d.paid >= minimum else "不满最低缴费年限。"),
        cite("measures.art2.min_years"),
        *min_cites,
    )
    trace.warn(
        "“最低缴费年限”按申请年份的标准判断(第三条至第五条“申请病残津贴时”);2030年起最低缴费年限逐年提高。"
    )


def explain_case(inp: DisabilityInput, d: Decided, trace: Trace) -> None:
    c = cite
    s, near_text = d.s, duration_text(d.near)
    if d.case == "retirement_pension":
        trace.step(
            f"已满最低缴费年限,且距法定退休年龄{d.distance}个月,"
            f"在{near_text}(含)以内:病残津贴月标准按待遇领取地退休人员基本养老金"
            "计发办法计发,国家统一调整基本养老金时同步调整。"
            "达到法定退休年龄时办理退休手续,基本养老金不再重新计算;"
            "符合弹性提前退休条件的,可以申请弹性提前退休。",
            c("da.art3.case"),
            c("da.art3.retire"),
        )
        if d.other_minimum > d.minimum and d.paid < d.other_minimum:
            trace.warn(
                f"法定退休时间所在年份({s.month.year}年)的最低缴费年限为{d.other_minimum}个月,高于申请年份;"
                "达到法定退休年龄办理退休时能否按月领取基本养老金,以届时的规定为准。"
            )
    elif d.case == "basic_pension":
        assert d.recalc is not None
        trace.step(
            f"已满最低缴费年限,但距法定退休年龄{d.distance}个月,超过{near_text}:"
            "病残津贴月标准按待遇领取地退休人员基础养老金计发办法计发,"
            f"按基本养老金全国总体调整比例同步调整。距法定退休年龄{near_text}时即{d.recalc.zh()}重新核算,"
            "改按第三条(基本养老金计发办法)执行。",
            c("da.art4.case"),
            c("da.art4.recalc"),
        )
    else:
        assert d.months is not None and d.end is not None
        lp = _limited(inp.applied_on)
        base, threshold, per_year = (
            int(lp["base_months"]),
            int(lp["threshold_years"]),
            int(lp["months_per_year"]),
        )
        how = (
            f"不足{threshold}年,支付{base}个月"
            if d.extra == 0
            else f"满{threshold}年以上,超过{threshold}年的部分按{d.extra}年计(不满一年按一年计算),"
            f"{base}+{per_year}×{d.extra}={d.months}个月"
        )
        trace.step(
            f"不满最低缴费年限:病残津贴月标准按基础养老金计发办法计发,限期领取。累计缴费{_paid_text(d.paid)},{how};"
            f"自{d.start.zh()}起领取至{d.end.zh()}。",
            c("da.art5.case"),
            c("da.art5.months"),
        )
        if d.end > s.month:
            trace.warn(
                f"限期领取的最后一个月{d.end.zh()}晚于法定退休时间{s.month.zh()};"
                "本办法未规定达到法定退休年龄后是否继续限期领取,"
                "请向经办机构确认。"
            )


def explain_payment(inp: DisabilityInput, d: Decided, trace: Trace) -> None:
    trace.step(
        f"审核通过后从申请的次月即{d.start.zh()}开始发放,"
        "通过本人社会保障卡银行账户发放;正式审核决定前须公示不少于"
        f"{value('disability.publicity_working_days', inp.applied_on)}个工作日。",
        cite("da.art12.start"),
        cite("da.art12.publicity"),
    )


def normalize_inputs(inp: DisabilityInput) -> dict[str, Any]:
    from renshe.rules.idcard import mask

    return {
        "birth": inp.birth_month.iso(),
        "id_number": mask(inp.id_number) if inp.id_number else None,
        "category": inp.category,
        "contribution_years": None if inp.contribution_years is None else str(inp.contribution_years),
        "contribution_months": inp.contribution_months,
        "applied_on": inp.applied_on.isoformat(),
    }


def summarize(doc: dict[str, Any]) -> list[str]:
    r = doc["result"]

    def zh(m: str | None) -> str:
        return Month.parse(m).zh() if m else ""

    lines = [f"{r['case_text']}。从{zh(r['start_month'])}开始发放。"]
    if r["case"] == "limited_period":
        lines.append(f"限期领取{r['months']}个月,至{zh(r['end_month'])}。")
    elif r["case"] == "basic_pension":
        lines.append(f"{zh(r['recalculate_on'])}重新核算,改按基本养老金计发办法。")
    else:
        lines.append(
            f"领取至法定退休时间{zh(r['statutory_retirement_month'])},届时办理退休,基本养老金不再重新计算。"
        )
    return lines


def basis() -> list[Citation]:
    keys = [
        "da.art2.eligible",
        "da.art3.case",
        "da.art4.case",
        "da.art4.recalc",
        "da.art5.months",
        "da.art12.start",
    ]
    return [cite(k) for k in keys]


def assess(inp: DisabilityInput, r: DisabilityResult, on: date) -> Assessment:
    """第二条: before the statutory age, assessed as fully incapacitated (not an input: null)."""
    conditions: list[tuple[str, bool | None, Citation | str | None]] = [
        ("经劳动能力鉴定为完全丧失劳动能力(请核对鉴定结论)", None, cite("da.art2.eligible")),
        ("申请时未达到法定退休年龄", r.months_to_retirement >= 0, cite("da.art2.eligible")),
    ]
    return Assessment(None, conditions, ["fully_incapacitated"])


def governing_law(inp: DisabilityInput) -> tuple[str, date]:
    """The 病残津贴 figures in force on the application day."""
    return "disability.limited_months", inp.applied_on


RULE: Rule[DisabilityInput, DisabilityResult] = register(
    Rule(
        name="disability-allowance",
        title="病残津贴(2025年起)",
        summary="按缴费年限和距法定退休年龄的时间,判断病残津贴属于第三、四、五条哪种情形,算出领取月数、重新核算月份和开始发放月份。",
        input_model=DisabilityInput,
        result_model=DisabilityResult,
        compute=compute,
        basis=basis,
        normalize=normalize_inputs,
        summarize=summarize,
        assess=assess,
        in_force=governing_law,
        formula=formula,
        examples=[
            {
                "birth": "1968-05",
                "category": "male60",
                "contribution_years": "20",
                "applied_on": "2025-03-10",
            },
            {
                "birth": "1975-05",
                "category": "male60",
                "contribution_years": "18",
                "applied_on": "2025-03-10",
            },
            {
                "birth": "1975-05",
                "category": "female50",
                "contribution_months": "75",
                "applied_on": "2025-03-10",
            },
        ],
    )
)
