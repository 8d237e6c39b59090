"""Rule `retirement`: the statutory retirement age after the 2025 reform, and flexible retirement.

Sources: 全国人大常委会关于实施渐进式延迟法定退休年龄的决定 with the approved 国务院办法 and its
附件1–4 (source lines 524–845), and 实施弹性退休制度暂行办法 (人社部发〔2024〕94号, lines 1300–1350).
All figures come from `params/retirement.yaml`; the formula is checked against every row of the
annex tables by the tests.

Decisions the text leaves to us (documented in docs/rules.md):
- Months, not days. The annex tables map a birth *month* to a retirement *month*; a person
  retires in the month they reach the age (born 1971-04, 55岁4个月 → 2026-08). The day of birth
  is accepted and checked, but does not change any answer.
- Who is inside the reform: whoever reaches the original age (60/55/50) in 2025-01 or later.
  Born 1964-12, male: 60 in 2024-12, so outside (retirement 2024-12, no delay); born 1965-01:
  first row of 附件1 (60岁1个月, 2025-02). Same boundary as 暂行办法第十四条 ("2024年12月31日前已经
  达到原法定退休年龄的人员,不适用本办法"). Female50 born 1974-12: statutory month 2024-12, age 50.
- Delay = min(⌊k / step⌋ + 1, target − original), k = months from 2025-01 to the original
  retirement month (= months of birth since the first reformed cohort, 1965-01 / 1970-01 / 1975-01).
- Flexible early month = max(statutory − 36, original retirement month): never below the
  original age (办法第三条). Flexible late month = statutory + 36. Both null outside the reform.
- `contribution_months` is taken as the total (including deemed months) the person will have
  at the month being judged; we do not project future contributions.
- The written agreement for late retirement "应提前1个月" (暂行办法第四条) is read as one month
  before the statutory retirement month (when the employment would otherwise end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
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
from renshe.rules.idcard import mask, parse_id_number
from renshe.rules.months import Month, age_text, duration_text, zh_date
from renshe.rules.params import ParamError, ParamSet, cite, param, params
from renshe.rules.registry import Rule, built, private, register

Category = Literal["male60", "female55", "female50"]


def _original_years(category: str) -> int:
    """The original statutory age of a category in whole years (the reform's baseline)."""
    return int(param("retirement.original_age_months").first.value[category]) // 12


# The categories are named by their original age, as the 决定 and 办法 name them.
CATEGORY_TEXT: dict[str, str] = {
    "male60": f"男职工(原法定退休年龄{_original_years('male60')}周岁)",
    "female55": f"原法定退休年龄{_original_years('female55')}周岁的女职工",
    "female50": f"原法定退休年龄{_original_years('female50')}周岁的女职工",
}
CATEGORY_SEX: dict[str, str] = {"male60": "male", "female55": "female", "female50": "female"}
ANNEX_OF: dict[str, str] = {
    "male60": "measures.annex1",
    "female55": "measures.annex2",
    "female50": "measures.annex3",
}
EARLIEST_BIRTH = Month.of(1930, 1)
ONE_DAY = timedelta(days=1)
GARBLED_WARNING = (
    "《实施弹性退休制度暂行办法》第三条、第四条在本汇编中文字错乱(源文本第1324–1328行:第三条中夹有"
    "多余的“第一条”字样,第四条中混入他刊页眉“动和社会保障法规政策专刊2025年第1期”),"
    "本结果按知识库所存条文引用,条文原貌请以官方发布文本为准。"
)


# --- input --------------------------------------------------------------------------------


class RetirementInput(BaseModel):
    """Who the person is, and optionally what they have paid and when they want to retire."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    birth: str | None = Field(
        None,
        title="出生年月",
        description="YYYY-MM 或 YYYY-MM-DD;与 id_number 至少填一项",
        examples=["1971-04"],
    )
    id_number: str | None = Field(
        None,
        title="居民身份证号码",
        description="18位居民身份证号码(校验位按 GB 11643 核对),可代替 birth;输出中只保留前6位和后4位",
    )
    category: Category = Field(
        title="人员类别",
        description=(
            "male60 男职工;female55 原法定退休年龄为五十五周岁的女职工;"
            "female50 原法定退休年龄为五十周岁的女职工"
        ),
    )
    contribution_months: int | None = Field(
        None,
        ge=0,
        le=720,
        title="累计缴费月数",
        description="含视同缴费;按所判断的退休月份时的累计数填写(不推算今后缴费)",
    )
    planned_month: Month | None = Field(None, title="拟退休年月", description="YYYY-MM,打算退休的月份")

    _birth: Month = PrivateAttr()
    _birth_date: date | None = PrivateAttr(default=None)
    _from_id: bool = PrivateAttr(default=False)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, v: Any) -> Any:
        """Empty cells (CSV, `key=`) mean "not given"."""
        return None if isinstance(v, str) and not v.strip() else v

    @model_validator(mode="after")
    def _derive(self, ctx: ValidationInfo) -> RetirementInput:
        born: Month | None = None
        if self.birth is not None:
            try:
                born, self._birth_date = Month.parse_month_or_date(self.birth)
            except ValueError as err:
                raise InputError(f"出生年月 birth 无效:{err}", "birth") from None
        if self.id_number is not None:
            try:
                info = parse_id_number(self.id_number)
            except ValueError as err:
                raise InputError(str(err), "id_number") from None
            id_month = Month.from_date(info.birth)
            if born is not None and born != id_month:
                raise InputError(
                    f"出生年月 {born.iso()} 与居民身份证号码中的出生年月 {id_month.iso()} 不一致", "birth"
                )
            if CATEGORY_SEX[self.category] != info.sex:
                sex = "男" if info.sex == "male" else "女"
                raise InputError(
                    f"人员类别 {self.category}({CATEGORY_TEXT[self.category]})"
                    f"与居民身份证号码显示的性别({sex})不符",
                    "category",
                )
            born, self._birth_date, self._from_id = id_month, info.birth, True
        if born is None:
            raise InputError("请填写出生年月 birth(YYYY-MM)或居民身份证号码 id_number", "birth")
        field = "id_number" if self._from_id else "birth"
        if born < EARLIEST_BIRTH:
            raise InputError(f"出生年月 {born.iso()} 早于1930年1月,超出本计算器的范围", field)
        asked = ctx.context.get("on") if isinstance(ctx.context, dict) else None
        if born > Month.from_date(asked or date.today()):
            raise InputError(f"出生年月 {born.iso()} 晚于当前月份,不可能", field)
        if self.planned_month is not None and self.planned_month <= born:
            raise InputError("拟退休年月 planned_month 必须晚于出生年月", "planned_month")
        self._birth = born
        return self

    @property
    def birth_month(self) -> Month:
        """The birth month used by the rule (from `birth` or from the ID number); read from the
        private values directly, not through pydantic's __getattr__ (formulas read it per row)."""
        birth: Month = private(self, "_birth")
        return birth

    @property
    def from_id(self) -> bool:
        return self._from_id


def normalize_inputs(inp: RetirementInput) -> dict[str, Any]:
    """The contract's `inputs`: birth as YYYY-MM, the ID number masked, the rest as given."""
    return {
        "birth": inp.birth_month.iso(),
        "id_number": mask(inp.id_number) if inp.id_number else None,
        "category": inp.category,
        "contribution_months": inp.contribution_months,
        "planned_month": inp.planned_month.iso() if inp.planned_month else None,
    }


# --- result -------------------------------------------------------------------------------


class Age(BaseModel):
    model_config = ConfigDict(frozen=True)  # a value: one instance per age can be shared

    years: int = Field(title="周岁")
    months: int = Field(title="个月")


_AGES: dict[int, Age] = {}


def age_of(months: int) -> Age:
    """An age in months as the result's (years, months), one frozen instance per age (a register
    of a million people has a few dozen distinct retirement ages)."""
    age = _AGES.get(months)
    if age is None:
        age = _AGES[months] = built(Age, years=months // 12, months=months % 12)
    return age


PlannedKind = Literal[
    "below_original_age", "too_early", "early", "statutory", "late", "too_late", "outside_reform"
]


class PlannedVerdict(BaseModel):
    """Whether a chosen retirement month is allowed, why, and what must be done by when."""

    month: Month = Field(title="拟退休年月")
    kind: PlannedKind = Field(title="类型")
    kind_text: str = Field(title="类型说明")
    allowed: bool | None = Field(title="是否可以", description="null:取决于未提供的缴费月数")
    reasons: list[str] = Field(title="理由与条件")
    min_contribution_months: int | None = Field(title="适用的最低缴费月数")
    contribution_shortfall_months: int | None = Field(title="缴费缺口(月)")
    notice_deadline_month: Month | None = Field(title="书面告知单位的最晚月份(弹性提前)")
    agreement_deadline_month: Month | None = Field(title="书面约定延迟的最晚月份(弹性延迟)")
    application_deadline_month: Month | None = Field(title="单位申请领取养老金的最晚月份")
    pension_start_month: Month | None = Field(title="开始领取养老金月份")


class RetirementResult(BaseModel):
    retirement_age: Age = Field(title="法定退休年龄")
    retirement_age_text: str = Field(title="法定退休年龄")
    retirement_month: Month = Field(title="法定退休时间")
    delay_months: int = Field(title="延迟月数")
    reform_applies: bool = Field(title="适用延迟退休")
    original_retirement_month: Month = Field(title="原法定退休时间")
    pension_start_month: Month = Field(title="开始领取养老金月份")
    min_contribution_months: int = Field(title="最低缴费月数")
    min_contribution_text: str = Field(title="最低缴费年限")
    flexible_early_month: Month | None = Field(title="弹性提前退休最早月份")
    flexible_late_month: Month | None = Field(title="弹性延迟退休最晚月份")
    contribution_shortfall_months: int | None = Field(title="法定退休时缴费缺口(月)")
    flexible_early_open: bool | None = Field(title="可否弹性提前退休")
    planned: PlannedVerdict | None = Field(title="拟退休月份评估")


# --- the formula --------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs a third of the formula
class Statutory:
    """The statutory retirement of one birth month and category (no flexible options)."""

    category: str
    birth: Month
    original_age: int  # months
    original_month: Month
    reform_applies: bool
    ordinal: int  # 1-based birth month counted from the first reformed cohort (0 if outside)
    step: int
    cap: int
    delay: int
    age: int  # months: original age + delay
    month: Month  # the statutory retirement month: birth + age


Span = tuple[int, int, Any]  # (first month index, last month index, value)


@dataclass(frozen=True)
class Schedule:
    """The rule's dated figures as month indices, built once per parameter set: the arithmetic
    then reads integers instead of looking dates up (a register asks the same months millions of
    times). Each tuple is (first month, last month, value) as `Param.at(Month)` would choose it."""

    start: int
    original: dict[str, int]
    dated: tuple[tuple[int, int, dict[str, int], dict[str, int]], ...]  # (first, last, target, step)
    minimum: tuple[Span, ...]  # 附件4, by the first month of a calendar year
    flexible: tuple[Span, ...]  # (longest early, longest late), split where either changes

    def target_step(self, when: int) -> tuple[dict[str, int], dict[str, int]]:
        for first, last, target, step in self.dated:
            if first <= when <= last:
                return target, step
        raise ParamError(f"参数 retirement.target_age_months 在 {Month(when).iso()} 没有生效的取值")


def _lookup(spans: tuple[Span, ...], when: int, name: str) -> Any:
    """The value of the span covering month index `when` (ParamError, like Param.at, if none)."""
    for first, last, value in spans:
        if first <= when <= last:
            return value
    raise ParamError(f"参数 {name} 在 {Month(when).iso()} 没有生效的取值")


def _month_span(start: date, until: date | None) -> tuple[int, int]:
    """The months whose first day a value [start, until] covers (Param.at(Month) semantics)."""
    first = Month.from_date(start).index + (0 if start.day == 1 else 1)
    return first, (Month.from_date(until).index if until is not None else 10**7)


def _spans(name: str) -> tuple[Span, ...]:
    return tuple((*_month_span(v.start, v.until), int(v.value)) for v in param(name).values)


_LAST: list[tuple[ParamSet, Schedule]] = []


def schedule() -> Schedule:
    """The schedule of the parameter set in force, built once per set (the last one is kept: a
    run reads one set; a test that swaps sets gets the schedule of the set it put in place)."""
    ps = params()
    if _LAST and _LAST[0][0] is ps:
        return _LAST[0][1]
    sch = _schedule()
    _LAST[:] = [(ps, sch)]
    return sch


def _schedule() -> Schedule:
    targets, steps = param("retirement.target_age_months"), param("retirement.step_birth_months")
    dated = []
    for t in targets.values:
        first, last = _month_span(t.start, t.until)
        # the step values in force inside this target value's span (split where the step changes)
        for s in steps.values:
            s_first, s_last = _month_span(s.start, s.until)
            lo, hi = max(first, s_first), min(last, s_last)
            if lo <= hi:
                target = {k: int(v) for k, v in t.value.items()}
                dated.append((lo, hi, target, {k: int(v) for k, v in s.value.items()}))
    return Schedule(
        start=Month.from_date(param("retirement.reform_start").first.value).index,
        original={k: int(v) for k, v in param("retirement.original_age_months").first.value.items()},
        dated=tuple(sorted(dated)),
        minimum=_spans("retirement.min_contribution_months"),
        flexible=_paired(
            _spans("retirement.flexible_early_max_months"), _spans("retirement.flexible_late_max_months")
        ),
    )


def _paired(a: tuple[Span, ...], b: tuple[Span, ...]) -> tuple[Span, ...]:
    """Two dated figures as one: a span for every overlap of a span of each, valued (a, b)."""
    return tuple(
        (max(fa, fb), min(la, lb), (va, vb))
        for fa, la, va in a
        for fb, lb, vb in b
        if max(fa, fb) <= min(la, lb)
    )


def statutory(category: str, birth: Month, sch: Schedule | None = None) -> Statutory:
    """办法第一条 (line 545): “从2025年1月1日起,男职工和原法定退休年龄为五十五周岁的女职工,法定
    退休年龄每四个月延迟一个月,分别逐步延迟至六十三周岁和五十八周岁;原法定退休年龄为五十周岁的
    女职工,法定退休年龄每二个月延迟一个月,逐步延迟至五十五周岁。” (figures from params.yaml).

    The reform's first month and the ages it starts from are the reform's own definition (one
    value each); the target, the step and hence the delay are read on the fact they govern: the
    month the person reaches the original age. (`sch`: the schedule, when the caller has it.)"""
    sch = sch or schedule()
    original = sch.original[category]
    orig = birth.index + original
    targets, steps = sch.target_step(orig if orig > sch.start else sch.start)
    target, step = targets[category], steps[category]
    cap = target - original
    if orig < sch.start:
        outside = Month(orig)
        return Statutory(category, birth, original, outside, False, 0, step, cap, 0, original, outside)
    k = orig - sch.start
    delay = min(k // step + 1, cap)
    age = original + delay
    return Statutory(
        category, birth, original, Month(orig), True, k + 1, step, cap, delay, age, Month(birth.index + age)
    )


def min_contribution_months(month: Month, sch: Schedule | None = None) -> int:
    """附件4 / 办法第二条 (line 547): “从2030年1月1日起,将职工按月领取基本养老金最低缴费年限由十五年逐步提高
    至二十年,每年提高六个月”: the minimum of `month`'s calendar year (the first value before the
    table's first year, with a warning in `min_contribution`)."""
    sch = sch or schedule()
    year_start = month.index - month.index % 12
    first = sch.minimum[0]
    if year_start < first[0]:
        return int(first[2])
    return int(_lookup(sch.minimum, year_start, "retirement.min_contribution_months"))


def flexible_bounds(month: Month, sch: Schedule | None = None) -> tuple[int, int]:
    """办法第三条 (line 549): “职工达到最低缴费年限,可以自愿选择弹性提前退休,提前时间最长不超过
    三年……延迟时间最长不超过三年”:
    (longest early, longest late) in months, as in force at the statutory month."""
    sch = sch or schedule()
    bounds: tuple[int, int] = _lookup(
        sch.flexible, month.index, "retirement.flexible_early_max_months、flexible_late_max_months"
    )
    return bounds


def flexible_window(s: Statutory, sch: Schedule | None = None) -> tuple[Month | None, Month | None]:
    """办法第三条 (line 549): early at most the maximum before the statutory month, “且退休年龄不得
    低于女职工五十周岁、五十五周岁及男职工六十周岁的原法定退休年龄”; late at most the maximum
    after it. None outside the reform (暂行办法第十四条 “2024年12月31日前已经达到原法定退休年龄的
    人员,不适用本办法”)."""
    if not s.reform_applies:
        return None, None
    max_early, max_late = flexible_bounds(s.month, sch)
    at = s.month.index
    return Month(max(at - max_early, s.original_month.index)), Month(at + max_late)


def pension_start(retired: Month) -> Month:
    """暂行办法第九条 (line 1338): “职工从审核通过的退休时间次月开始领取基本养老金。”"""
    return Month(retired.index + 1)


def early_retirement_open(
    s: Statutory, early: Month | None, paid: int, planned: Month | None, sch: Schedule | None = None
) -> tuple[Month, int, bool] | None:
    """暂行办法第七条 (line 1334): “弹性提前退休的职工,应达到所选择退休时间对应年份最低缴费年限”: judged
    at the planned month when that is an early month, else at the earliest month. (month judged,
    minimum of that year, open); None when there is no early month at all."""
    if early is None or not early < s.month:
        return None
    judged = planned if planned is not None and early <= planned < s.month else early
    need = min_contribution_months(judged, sch)
    return judged, need, paid >= need


def contribution_shortfall(minimum: int, paid: int) -> int:
    """办法第二条 (line 547): “职工达到法定退休年龄但不满最低缴费年限的,可以按照规定通过延长缴费或者一次性
    缴费的办法达到最低缴费年限”: the months still missing (0 when the minimum is reached)."""
    return max(0, minimum - paid)


def min_contribution(month: Month, trace: Trace | None = None) -> tuple[int, list[Citation]]:
    """`min_contribution_months` with the citations of the value used (and, before the table's
    first year, a warning that the compilation prints no figure)."""
    p = param("retirement.min_contribution_months")
    first = p.first.start
    months = min_contribution_months(month)
    if month.first_day() < first:
        if trace is not None:
            trace.warn(
                f"{month.year}年早于附件4所列年份({first.year}年起)。第二条“由十五年逐步提高”表明此前最低缴费年限为"
                f"十五年,本结果按{duration_text(months)}({months}个月)计;具体依据为《社会保险法》,未收入本汇编。"
            )
        return months, list(p.first.citations)
    return months, list(p.at(Month.of(month.year, 1)).citations)


def min_contribution_schedule(month: Month) -> str:
    """附件4 up to `month`'s year in one clause, from the dated values: "2030年起每年提高6个月"."""
    values = [v for v in param("retirement.min_contribution_months").values if v.start <= month.first_day()]
    rising = [v for v in values if int(v.value) > int(values[0].value)] if values else []
    if not rising:
        base = values[0] if values else param("retirement.min_contribution_months").first
        return f"附件4:{base.start.year}年起为{duration_text(int(base.value))}"
    step = int(rising[0].value) - int(values[0].value)
    return f"附件4:{rising[0].start.year}年起每年提高{step}个月"


def reform_start() -> Month:
    """The first month of the delayed-retirement regime (决定 五 “自2025年1月1日起施行”; from the
    schedule, read once per parameter set)."""
    return Month(schedule().start)


# --- the rule -----------------------------------------------------------------------------


def explain_person(inp: RetirementInput, s: Statutory, trace: Trace) -> None:
    """办法第一条 (line 545): the original statutory age of the person's category, “男职工和原法定退休
    年龄为五十五周岁的女职工 / 原法定退休年龄为五十周岁的女职工”, and the month they reach it."""
    cat, c, birth_zh = inp.category, cite, inp.birth_month.zh()
    src = "(由居民身份证号码第7–14位得出)" if inp.from_id else ""
    trace.step(
        f"出生年月 {birth_zh}{src};人员类别:{CATEGORY_TEXT[cat]}。原法定退休年龄为{age_text(s.original_age)},"
        f"按原规定应于{s.original_month.zh()}退休(退休时间为达到退休年龄的当月)。",
        c("decision.targets"),
    )
    if cat != "male60":
        trace.warn(
            f"女职工适用原法定退休年龄{_original_years('female50')}周岁还是{_original_years('female55')}周岁,"
            "取决于本人岗位(工人/非管理岗位或干部/管理岗位),"
            "身份证号码无法判断,请按实际情况选择人员类别;本市退休“一件事”申请表要求填写“现人员身份(工作岗位)”。"
        )


def explain_delay(inp: RetirementInput, s: Statutory, trace: Trace) -> None:
    """办法第一条 (line 545) and 暂行办法第十四条 (line 1350): the delay of the person's birth month,
    or why there is none (“2024年12月31日前已经达到原法定退休年龄的人员,不适用本办法”)."""
    cat, c, birth_zh = inp.category, cite, inp.birth_month.zh()
    if not s.reform_applies:
        trace.step(
            f"{s.original_month.zh()}早于{reform_start().zh()}:"
            f"本人在{zh_date(reform_start().first_day() - ONE_DAY)}"
            "前已达到原法定退休年龄,"
            f"不适用渐进式延迟法定退休年龄,也不适用弹性退休;法定退休年龄仍为{age_text(s.original_age)},"
            f"退休时间{s.month.zh()}。",
            c("decision.effective"),
            c("measures.art1.male_female55") if cat != "female50" else c("measures.art1.female50"),
            c("flex.art14.scope"),
        )
    else:
        first_birth = s.birth - (s.ordinal - 1)
        group = (s.ordinal - 1) // s.step + 1
        capped = group > s.cap
        art1 = c("measures.art1.female50") if cat == "female50" else c("measures.art1.male_female55")
        text = (
            f"原退休时间{s.original_month.zh()}不早于{reform_start().zh()},适用延迟:"
            f"自{zh_date(reform_start().first_day())}起,法定退休年龄"
            f"每{s.step}个月延迟一个月。{birth_zh}是自{first_birth.zh()}起的第{s.ordinal}个出生月,"
            f"每{s.step}个出生月为一档,属第{group}档"
        )
        text += (
            f",已超过最长延迟{s.cap}个月(延迟至{age_text(s.original_age + s.cap)}),按{s.cap}个月计。"
            if capped
            else f",延迟{s.delay}个月(最长延迟{s.cap}个月,至{age_text(s.original_age + s.cap)})。"
        )
        trace.step(text, art1, c("decision.targets"), c("decision.effective"))
    trace.step(
        f"法定退休年龄为{age_text(s.age)},法定退休时间为{s.month.zh()}(出生年月加上法定退休年龄)"
        + (f";与{c(ANNEX_OF[cat]).label}所列对照表一致。" if s.reform_applies else "。"),
        *([c(ANNEX_OF[cat])] if s.reform_applies else [c("decision.targets"), c("flex.art14.scope")]),
        c("measures.art1.override"),
    )
    trace.warn(
        "本结果按国家统一规定计算;从事井下、高空、高温等特殊工种或病残等提前退休的,另按有关规定办理"
        "(办法第一条“国家另有规定的,从其规定”)。"
    )


def explain_minimum(s: Statutory, trace: Trace) -> tuple[int, Month]:
    """办法第二条 (line 547) / 附件4, and 暂行办法第八条、第九条: the minimum contribution of the
    statutory year, and when the pension starts. (minimum months, first pension month)"""
    c = cite
    minimum, min_cites = min_contribution(s.month, trace)
    trace.step(
        f"{s.month.year}年按月领取基本养老金的最低缴费年限为{duration_text(minimum)}({minimum}个月)"
        f"({min_contribution_schedule(s.month)})。",
        c("measures.art2.min_years"),
        *[x for x in min_cites if x != c("measures.art2.min_years")],
    )
    pension_start_month = pension_start(s.month)
    trace.step(
        f"按法定退休时间退休的,从退休时间次月即{pension_start_month.zh()}开始领取基本养老金;"
        f"所在单位应不晚于退休当月({s.month.zh()})向社会保险经办机构提出申请。",
        c("flex.art9.pension_start"),
        c("flex.art8.application"),
    )
    return minimum, pension_start_month


def explain_flexible(s: Statutory, trace: Trace) -> tuple[Month | None, Month | None]:
    """办法第三条 (line 549), 暂行办法第二条至第五条、第七条、第十条、第十三条: the flexible window
    and what each way needs. (earliest, latest month; None outside the reform)"""
    c = cite
    early, late = flexible_window(s)
    if early is not None and late is not None:
        max_early, max_late = flexible_bounds(s.month)
        notice = int(param("retirement.early_notice_months").value_at(s.month))
        agree = int(param("retirement.late_agreement_months").value_at(s.month))
        bound = f"法定退休时间前{max_early}个月为{(s.month - max_early).zh()}" + (
            f",但退休年龄不得低于原法定退休年龄{age_text(s.original_age)}({s.original_month.zh()})"
            if early == s.original_month and early != s.month - max_early
            else ""
        )
        if early < s.month:
            trace.step(
                f"弹性提前退休:达到最低缴费年限的,可自愿提前退休,最长提前{max_early}个月且不得低于原法定退休年龄。"
                f"{bound},故最早可于{early.zh()}退休。须达到所选退休时间所在年份的最低缴费年限,"
                f"并至少在所选退休时间前{notice}个月书面告知所在单位。",
                c("measures.art3.early"),
                c("flex.art3.early"),
                c("flex.art7.early"),
                c("flex.art2.notice"),
            )
        else:
            trace.step(
                f"弹性提前退休:{bound},不能早于法定退休时间,故没有可提前的月份。",
                c("measures.art3.early"),
                c("flex.art3.early"),
            )
        trace.step(
            f"弹性延迟退休:达到法定退休年龄时,经所在单位与本人协商一致,可延迟退休,最长{max_late}个月,"
            f"即最晚{late.zh()}。双方应提前{agree}个月书面明确延迟退休时间(即不晚于{(s.month - agree).zh()}),"
            f"确定后不再延长;须达到法定退休时间所在年份({s.month.year}年)的最低缴费年限;延迟期间照常缴纳社会保险费。"
            "公务员、国有企事业单位领导人员及其他管理人员达到法定退休年龄时应当及时办理退休手续。",
            c("measures.art3.late"),
            c("flex.art4.late"),
            c("flex.art4.agreement"),
            c("flex.art7.late"),
            c("flex.art5.contributions"),
            c("flex.art4.officials"),
        )
        trace.step(
            "已经领取基本养老金的人员,不再受理弹性退休申请;机关和国有企事业单位工作人员弹性退休的,"
            "须按干部人事管理权限报批同意。",
            c("flex.art10.already_drawing"),
            c("flex.art13.approval"),
        )
        trace.warn(GARBLED_WARNING)
    return early, late


def explain_contributions(
    inp: RetirementInput, s: Statutory, early: Month | None, minimum: int, trace: Trace
) -> tuple[int | None, bool | None]:
    """办法第二条 (line 547) and 暂行办法第七条 (line 1334) on the contributions given: the shortfall
    at the statutory month and whether early retirement is open. (shortfall, early open)"""
    c = cite
    shortfall: int | None = None
    early_open: bool | None = None
    if inp.contribution_months is not None:
        paid = inp.contribution_months
        shortfall = contribution_shortfall(minimum, paid)
        if shortfall:
            trace.step(
                f"累计缴费{duration_text(paid)}({paid}个月),距{s.month.year}年最低缴费年限尚差{shortfall}个月:"
                "达到法定退休年龄时可以按照规定延长缴费或者一次性缴费补足,再按月领取基本养老金。",
                c("measures.art2.shortfall"),
            )
        else:
            trace.step(
                f"累计缴费{duration_text(paid)}({paid}个月),已达到{s.month.year}年的最低缴费年限{minimum}个月。",
                c("measures.art2.min_years"),
            )
        judged_early = early_retirement_open(s, early, paid, inp.planned_month)
        if judged_early is not None:
            judged, need, early_open = judged_early
            trace.step(
                f"弹性提前退休按所选退休时间所在年份的最低缴费年限判断:以{judged.zh()}计,需{need}个月,"
                + (
                    "已达到,可以选择弹性提前退休。"
                    if early_open
                    else f"尚差{need - paid}个月,暂不能弹性提前退休。"
                ),
                c("flex.art7.early"),
                c("measures.art3.early"),
            )
        elif s.reform_applies:
            early_open = False
    return shortfall, early_open


def compute(inp: RetirementInput, trace: Trace) -> RetirementResult:
    """The answer with its explanation: each provision explained in turn (the same provision
    functions `formula` calls, plus the text)."""
    s = statutory(inp.category, inp.birth_month)
    explain_person(inp, s, trace)
    explain_delay(inp, s, trace)
    minimum, pension_start_month = explain_minimum(s, trace)
    early, late = explain_flexible(s, trace)
    shortfall, early_open = explain_contributions(inp, s, early, minimum, trace)
    planned = None
    if inp.planned_month is not None:
        planned = judge_planned(inp, s, early, late, minimum, trace)

    return RetirementResult(
        retirement_age=Age(years=s.age // 12, months=s.age % 12),
        retirement_age_text=age_text(s.age),
        retirement_month=s.month,
        delay_months=s.delay,
        reform_applies=s.reform_applies,
        original_retirement_month=s.original_month,
        pension_start_month=pension_start_month,
        min_contribution_months=minimum,
        min_contribution_text=duration_text(minimum),
        flexible_early_month=early,
        flexible_late_month=late,
        contribution_shortfall_months=shortfall,
        flexible_early_open=early_open,
        planned=planned,
    )


def deadline_warnings(trace: Trace, what: str, by: Month) -> None:
    """A flexible-retirement deadline before the 暂行办法 took effect, or already past on the date
    asked (`trace.on`), gets a warning: the verdict alone would read as if there were still time."""
    effective = reform_start()
    if by < effective:
        trace.warn(
            f"{what}的最晚月份{by.zh()}早于《实施弹性退休制度暂行办法》施行的{zh_date(effective.first_day())}"
            "(第十四条):办法施行前无从按办法办理,是否还能选择该退休时间,请向经办机构确认。"
        )
    if trace.on is not None and Month.from_date(trace.on) > by:
        trace.warn(
            f"按所问日期{trace.on.isoformat()},{what}的最晚月份{by.zh()}已过:"
            "按此退休时间已来不及办理,请另选退休时间或向经办机构确认。"
        )


def judge_planned(
    inp: RetirementInput, s: Statutory, early: Month | None, late: Month | None, minimum: int, trace: Trace
) -> PlannedVerdict:
    """The verdict on `planned_month`: kind, allowed, reasons, minimum, deadlines."""
    pm = inp.planned_month
    assert pm is not None
    c = cite
    paid = inp.contribution_months
    reasons: list[str] = []
    cites: list[Citation] = []
    need: int | None = None
    notice_by = agree_by = apply_by = start = None
    allowed: bool | None

    # Outside the reform there is no flexible window; the bounds are then read at its start only
    # to word the answer.
    when = max(s.month, reform_start())
    max_early = int(param("retirement.flexible_early_max_months").value_at(when))
    max_late = int(param("retirement.flexible_late_max_months").value_at(when))

    def contribution_check(year_text: str) -> bool | None:
        if paid is None:
            reasons.append(f"须达到{year_text}的最低缴费年限{need}个月(未提供缴费月数,无法判断)。")
            return None
        assert need is not None
        if paid >= need:
            reasons.append(f"累计缴费{paid}个月,达到{year_text}的最低缴费年限{need}个月。")
            return True
        reasons.append(f"累计缴费{paid}个月,不足{year_text}的最低缴费年限{need}个月,差{need - paid}个月。")
        return False

    if pm == s.month:
        kind: PlannedKind = "statutory"
        need, _ = min_contribution(pm)
        allowed = True
        reasons.append("即法定退休时间,按法定退休年龄退休。")
        if paid is not None and paid < need:
            reasons.append(f"缴费不足最低缴费年限{need}个月,可延长缴费或一次性缴费补足后按月领取基本养老金。")
            cites.append(c("measures.art2.shortfall"))
        apply_by, start = pm, pm + 1
        cites += [c("flex.art8.application"), c("flex.art9.pension_start")]
    elif not s.reform_applies or early is None or late is None:
        kind = "outside_reform"
        allowed = False
        reasons.append(
            f"本人在{zh_date(reform_start().first_day() - ONE_DAY)}前已达到原法定退休年龄,不适用弹性退休;"
            f"法定退休时间为{s.month.zh()}。"
        )
        cites.append(c("flex.art14.scope"))
    elif pm < s.original_month:
        kind = "below_original_age"
        allowed = False
        reasons.append(
            f"早于原法定退休年龄{age_text(s.original_age)}({s.original_month.zh()}),弹性提前退休不得低于原法定退休年龄;"
            f"最早可选{early.zh()}。"
        )
        cites += [c("measures.art3.early"), c("flex.art3.early")]
    elif pm < early:
        kind = "too_early"
        allowed = False
        reasons.append(
            f"比法定退休时间提前{s.month.minus(pm)}个月,超过最长{duration_text(max_early)};最早可选{early.zh()}。"
        )
        cites += [c("measures.art3.early"), c("flex.art3.early")]
    elif pm < s.month:
        kind = "early"
        need, _ = min_contribution(pm)
        reasons.append(
            f"弹性提前退休,比法定退休时间提前{s.month.minus(pm)}个月(最长{max_early}个月,且不低于原法定退休年龄)。"
        )
        allowed = contribution_check(f"所选退休时间所在年份({pm.year}年)")
        notice = int(param("retirement.early_notice_months").value_at(pm))
        notice_by = pm - notice
        reasons.append(f"须至少提前{notice}个月,即不晚于{notice_by.zh()},以书面形式告知所在单位。")
        deadline_warnings(trace, "书面告知所在单位", notice_by)
        reasons.append("已经领取基本养老金的,不再受理弹性退休申请。")
        apply_by, start = pm, pm + 1
        cites += [
            c("measures.art3.early"),
            c("flex.art3.early"),
            c("flex.art7.early"),
            c("flex.art2.notice"),
            c("flex.art10.already_drawing"),
            c("flex.art8.application"),
            c("flex.art9.pension_start"),
        ]
    elif pm <= late:
        kind = "late"
        need = minimum
        reasons.append(
            f"弹性延迟退休,比法定退休时间延迟{pm.minus(s.month)}个月(最长{max_late}个月),须所在单位与本人协商一致。"
        )
        allowed = contribution_check(f"法定退休时间所在年份({s.month.year}年)")
        agree = int(param("retirement.late_agreement_months").value_at(s.month))
        agree_by = s.month - agree
        deadline_warnings(trace, "与所在单位书面明确延迟退休时间", agree_by)
        reasons.append(
            f"双方应提前{agree}个月以书面形式明确延迟退休时间,即不晚于{agree_by.zh()};确定后不再延长。"
            "延迟期间照常缴纳社会保险费。公务员、国有企事业单位领导人员及其他管理人员不适用。"
        )
        apply_by, start = pm, pm + 1
        cites += [
            c("measures.art3.late"),
            c("flex.art4.late"),
            c("flex.art4.agreement"),
            c("flex.art4.officials"),
            c("flex.art7.late"),
            c("flex.art5.contributions"),
            c("flex.art8.application"),
            c("flex.art9.pension_start"),
        ]
        agreement_words = c("flex.art4.agreement").quote.split("等事项")[0]
        trace.warn(
            f"暂行办法第四条“{agreement_words}”未写明提前于何时,本结果按法定退休时间前{agree}个月计算。"
        )
    else:
        kind = "too_late"
        allowed = False
        reasons.append(
            f"比法定退休时间延迟{pm.minus(s.month)}个月,超过最长{duration_text(max_late)};最晚可选{late.zh()}。"
        )
        cites += [c("measures.art3.late"), c("flex.art4.late")]

    shortfall = None if need is None or paid is None else max(0, need - paid)
    if start is not None:
        reasons.append(f"单位应不晚于{pm.zh()}提出领取基本养老金申请,审核通过后从{start.zh()}开始领取。")
    verdict = {True: "可以", False: "不可以", None: "有条件可以"}[allowed]
    trace.step(f"拟于{pm.zh()}退休({KIND_TEXT[kind]}):{verdict}。" + "".join(reasons), *cites)
    return PlannedVerdict(
        month=pm,
        kind=kind,
        kind_text=KIND_TEXT[kind],
        allowed=allowed,
        reasons=reasons,
        min_contribution_months=need,
        contribution_shortfall_months=shortfall,
        notice_deadline_month=notice_by,
        agreement_deadline_month=agree_by,
        application_deadline_month=apply_by,
        pension_start_month=start,
    )


KIND_TEXT: dict[str, str] = {
    "below_original_age": "低于原法定退休年龄",
    "too_early": "提前超过最长期限",
    "early": "弹性提前退休",
    "statutory": "按法定退休年龄退休",
    "late": "弹性延迟退休",
    "too_late": "延迟超过最长期限",
    "outside_reform": "不适用弹性退休",
}


def formula(inp: RetirementInput, on: date) -> RetirementResult:
    """The answer without an explanation (the batch path): the same provision functions `compute`
    calls, without the text.

    A planned month needs the verdict's reasons, which are text: that case goes through `compute`."""
    if inp.planned_month is not None:
        return compute(inp, Trace(on=on, explain=False))
    sch = schedule()
    s = statutory(inp.category, inp.birth_month, sch)
    minimum = min_contribution_months(s.month, sch)
    early, late = flexible_window(s, sch)
    paid = inp.contribution_months
    shortfall = early_open = None
    if paid is not None:
        shortfall = contribution_shortfall(minimum, paid)
        judged = early_retirement_open(s, early, paid, None, sch)
        if judged is not None:
            early_open = judged[2]
        elif s.reform_applies:
            early_open = False
    age = s.age
    return built(
        RetirementResult,
        retirement_age=age_of(age),
        retirement_age_text=age_text(age),
        retirement_month=s.month,
        delay_months=s.delay,
        reform_applies=s.reform_applies,
        original_retirement_month=s.original_month,
        pension_start_month=pension_start(s.month),
        min_contribution_months=minimum,
        min_contribution_text=duration_text(minimum),
        flexible_early_month=early,
        flexible_late_month=late,
        contribution_shortfall_months=shortfall,
        flexible_early_open=early_open,
        planned=None,
    )


def summarize(doc: dict[str, Any]) -> list[str]:
    """The answer in a few plain sentences, for the CLI and the web headline."""
    r = doc["result"]

    def zh(m: str | None) -> str:
        return Month.parse(m).zh() if m else ""

    lines = [
        f"法定退休年龄:{r['retirement_age_text']};法定退休时间:{zh(r['retirement_month'])}"
        + (f"(比原规定延迟{r['delay_months']}个月)。" if r["reform_applies"] else "(不适用延迟退休)。"),
        f"从{zh(r['pension_start_month'])}开始领取基本养老金;需要缴费满{r['min_contribution_text']}"
        f"({r['min_contribution_months']}个月,{r['retirement_month'][:4]}年的最低缴费年限)。",
    ]
    if r["flexible_early_month"] and r["flexible_early_month"] != r["retirement_month"]:
        statutory_month = Month.parse(r["retirement_month"])
        notice = param("retirement.early_notice_months").value_at(Month.parse(r["flexible_early_month"]))
        agree = param("retirement.late_agreement_months").value_at(statutory_month)
        lines.append(
            f"可以选择的退休时间:最早{zh(r['flexible_early_month'])}(弹性提前,须达到所选年份的最低缴费年限,"
            f"并提前{notice}个月书面告知单位)"
            f",最晚{zh(r['flexible_late_month'])}(弹性延迟,须与单位协商一致、提前{agree}个月书面约定)。"
        )
    elif r["flexible_late_month"]:
        lines.append(f"可与单位协商弹性延迟退休,最晚{zh(r['flexible_late_month'])};不能提前。")
    if r["contribution_shortfall_months"]:
        lines.append(
            f"按目前缴费,到法定退休时间还差{r['contribution_shortfall_months']}个月,可延长缴费或一次性缴费补足。"
        )
    p = r.get("planned")
    if p:
        verdict = {True: "可以", False: "不可以", None: "有条件可以"}[p["allowed"]]
        lines.append(f"拟于{zh(p['month'])}退休({p['kind_text']}):{verdict}。" + "".join(p["reasons"]))
    return lines


def basis() -> list[Citation]:
    keys = [
        "decision.targets",
        "decision.effective",
        "measures.art1.male_female55",
        "measures.art1.female50",
        "measures.art2.min_years",
        "measures.art3.early",
        "measures.art3.late",
        "measures.annex1",
        "measures.annex2",
        "measures.annex3",
        "measures.annex4",
        "flex.art2.notice",
        "flex.art4.agreement",
        "flex.art7.early",
        "flex.art9.pension_start",
        "flex.art14.scope",
    ]
    return [cite(k) for k in keys]


def assess(inp: RetirementInput, r: RetirementResult, on: date) -> Assessment:
    """Entitled to a monthly pension at the statutory month: the contribution condition (办法第二条);
    and, when a month is planned, whether that month is allowed."""
    paid = inp.contribution_months
    met = None if paid is None else paid >= r.min_contribution_months
    conditions: list[tuple[str, bool | None, Citation | str | None]] = [
        (
            f"累计缴费达到{r.retirement_month.year}年的最低缴费年限{r.min_contribution_text}"
            f"({r.min_contribution_months}个月)",
            met,
            cite("measures.art2.min_years"),
        )
    ]
    eligible = met
    if r.planned is not None:
        conditions.append((f"拟于{r.planned.month.zh()}退休:{r.planned.kind_text}", r.planned.allowed, None))
        eligible = r.planned.allowed
    return Assessment(eligible, conditions, [] if paid is not None else ["contribution_months"])


def governing_law(inp: RetirementInput) -> tuple[str, date]:
    """The reform schedule, read for the month the person reaches the original age."""
    s = statutory(inp.category, inp.birth_month)
    return "retirement.target_age_months", max(s.original_month, reform_start()).first_day()


RULE: Rule[RetirementInput, RetirementResult] = register(
    Rule(
        name="retirement",
        title="法定退休年龄与弹性退休",
        summary="按渐进式延迟法定退休年龄的规定,算出法定退休年龄和时间、最低缴费年限、弹性提前/延迟退休的时间窗口和办理期限。",
        input_model=RetirementInput,
        result_model=RetirementResult,
        compute=compute,
        basis=basis,
        normalize=normalize_inputs,
        summarize=summarize,
        assess=assess,
        formula=formula,
        in_force=governing_law,
        examples=[
            {"birth": "1971-04", "category": "female55"},
            {
                "birth": "1975-06",
                "category": "male60",
                "contribution_months": 200,
                "planned_month": "2036-01",
            },
        ],
    )
)
