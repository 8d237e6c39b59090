"""The shared predicates of the employment subsidies (就业补贴), and rule `employment-groups` (E17).

Why one module: every subsidy of 渝人社发〔2024〕14号, 17号 and 12号 asks the same few questions —
is this person a 就业困难人员 of the kind the clause lists, a 高校毕业生 in 毕业年度 or within N years
of leaving, less than five years from the statutory retirement age — but each clause asks them in
its own words. The texts define them, per policy:

- 高校毕业生 (17号 九(一)); 毕业年度 = 1 January to 31 December of the graduation year, and the day of
  leaving school is deemed 30 June of that year (17号 九(二)): "离校N年内" runs from that 30 June.
- 见习 (12号 第三条第二款): "离校两年内未就业" runs from the diploma's date (毕业证书发证之日), not from
  30 June; "毕业学年在校生" is from 1 September of the year before graduation to the diploma date.
- 就业困难人员 for the 社会保险补贴 (14号 一(一), repeated in 17号 二(一)): 脱贫人口 (含防止返贫监测对象)
  with no further condition, or a person recognised as 就业困难人员 with Chongqing 户籍 who is a "4050"
  person registered unemployed for three months or more, or of a 低保 family, a 零就业家庭, or disabled.
  The "4050" ages are not defined in the compilation: whether the person is one is an input.
- "距法定退休年龄不足5年" (14号 一(三), 二(三)): measured at the first approval, against the statutory
  retirement month of the `retirement` rule (the 2025 reform included).
- 小微企业 is an input (the classification, 国统字〔2017〕213号, is not computed here).

Other rules (start-up loans, training subsidies) import these functions; each takes the facts and
returns the answer with the citation that defines it, so a rule can both decide and explain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError

from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.money import Money
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import ParamError, ParamValue, cite, param
from renshe.rules.registry import Rule, input_error, register
from renshe.rules.retirement import Category, RetirementInput, statutory

HardshipGroup = Literal[
    "poverty_alleviated",
    "unemployed_4050",
    "low_income_family",
    "zero_employment_family",
    "disabled",
    "none",
]
HARDSHIP_TEXT: dict[str, str] = {
    "poverty_alleviated": "脱贫人口(含防止返贫监测对象)",
    "unemployed_4050": "登记失业的“4050”人员",
    "low_income_family": "低保家庭人员",
    "zero_employment_family": "零就业家庭人员",
    "disabled": "残疾人员",
    "none": "不属于以上人员",
}


# --------------------------------------------------------------------------------------------
# Conditions: each one is a step of the explanation and a condition of the result contract


@dataclass
class Checks:
    """The conditions a subsidy rule tests, in order; `eligible` is false if one fails, null if
    one is unknown (its field is then `missing`), else true."""

    trace: Trace
    items: list[tuple[str, bool | None, Citation | str | None]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def add(
        self, text: str, met: bool | None, key: str | Citation, missing: str | None = None
    ) -> bool | None:
        c = cite(key) if isinstance(key, str) else key
        self.items.append((text, met, c))
        if met is None and missing and missing not in self.missing:
            self.missing.append(missing)
        mark = "符合" if met else ("不符合" if met is False else "无法判断(请补充信息)")
        self.trace.step(f"{text}:{mark}。", c)
        return met

    @property
    def eligible(self) -> bool | None:
        mets = [m for _, m, _ in self.items]
        if any(m is False for m in mets):
            return False
        if any(m is None for m in mets):
            return None
        return True


class SubsidyResult(BaseModel):
    """What every employment subsidy answers besides its own figures."""

    eligible: bool | None = Field(title="是否符合补贴条件", description="null:缺少判断所需的信息")
    subsidy: Money = Field(title="补贴金额(元)", description="本规则所算的补贴总额;不符合条件时为0")
    apply_by: date | None = Field(None, title="最迟申报日期", description="文件规定申报期限的,为最后一天")

    _checks: Checks | None = PrivateAttr(None)


def assess_with(label: str) -> Any:
    """The `assess` of a subsidy rule: its checked conditions, the amount and the apply-by date."""

    def assess(inp: BaseModel, r: SubsidyResult, on: date) -> Assessment:
        checks = r._checks
        items = checks.items if checks else []
        missing = checks.missing if checks else []
        return Assessment(r.eligible, list(items), list(missing), ("subsidy", label, r.subsidy), r.apply_by)

    return assess


S = TypeVar("S", bound=SubsidyResult)


def finish(r: S, checks: Checks) -> S:
    r._checks = checks
    return r


# --------------------------------------------------------------------------------------------
# Dated values of a policy that ends


def figure(name: str, when: date | Month) -> Any:
    """The value of `name` for a fact on `when`, clamped into the parameter's dated range: a fact
    before the first value or after the last reads the nearest one. Used where another condition
    (the policy window) already says the date is outside, so the figure is shown, not applied."""
    p = param(name)
    day = when.first_day() if isinstance(when, Month) else when
    if day < p.first.start:
        return p.first.value
    last = p.values[-1]
    if last.until is not None and day > last.until:
        return last.value
    return p.value_at(day)


def dated(name: str, when: date) -> ParamValue | None:
    """The value of `name` on `when`, or None where the policy sets none (before it began or after
    it ended): the caller says so instead of failing."""
    try:
        return param(name).at(when)
    except ParamError:
        return None


def policy_window(checks: Checks, name: str, when: date, what: str, end_key: str) -> ParamValue | None:
    """Condition: `when` (the month subsidised, the hire) lies inside the policy's dated value."""
    v = dated(name, when)
    p = param(name)
    first, last = p.first, p.values[-1]
    if v is None and when < first.start:
        checks.add(
            f"{what}({zh_date(when)})早于本政策执行之日{zh_date(first.start)}:按原规定执行,本汇编未收录原规定",
            None,
            end_key,
        )
        checks.trace.warn(
            f"{what}在{zh_date(first.start)}之前:补贴标准和享受条件按原规定执行,原规定本汇编未收录,本规则不计算。"
        )
    elif v is None:
        assert last.until is not None
        checks.add(f"{what}({zh_date(when)})在本政策实施期限({zh_date(last.until)}止)之后", False, end_key)
    else:
        checks.add(f"{what}({zh_date(when)})在本政策执行期间", True, end_key)
    return v


def warn_ended(trace: Trace, name: str, title: str, end_key: str, review_key: str | None = None) -> None:
    """On a date after the policy's last day: it has ended; for 14号, later documents may extend it."""
    last = param(name).values[-1]
    on = trace.on
    if on is None or last.until is None or on <= last.until:
        return
    text = f"{title}的实施期限至{zh_date(last.until)}({cite(end_key).ref}),所问日期{zh_date(on)}时已到期。"
    if review_key:
        text += (
            f"该文件规定到期前开展绩效评估、确定是否延续({cite(review_key).ref})"
            ":后续文件可能已延续,请以最新文件为准。"
        )
    trace.warn(text)


# --------------------------------------------------------------------------------------------
# Months and windows


def month_last_day(m: Month) -> date:
    return (m + 1).first_day() - timedelta(days=1)


def window_after(met: Month, months: int) -> date:
    """ "满足条件后的N个月内": counted from the day the conditions are met — the last day of the month
    before `met` (the last insured month the condition needs) — to the same day N months later, or
    that month's last day (民法典 第二百零二条, as the procedures catalogue counts the same limits)."""
    anchor = month_last_day(met - 1)
    target = met - 1 + months
    return date(target.year, target.month, min(anchor.day, month_last_day(target).day))


def met_month(first_insured: Month, insured_months: int) -> Month:
    """The month the condition "连续缴纳N个月" is met: the month after the N-th insured month."""
    return first_insured + insured_months


# --------------------------------------------------------------------------------------------
# 高校毕业生 (17号 九) and 见习人员 (12号 第三条)


def departure_day(graduation: date) -> date:
    """17号 九(二): 高校毕业生离校截止日期统一认定为6月30日 (of the graduation year)."""
    md = figure("employment.graduate_departure", graduation)
    return date(graduation.year, int(md["month"]), int(md["day"]))


def in_graduation_year(graduation: date, when: date) -> bool:
    """17号 九(二): 高校毕业生毕业年度指毕业当年1月1日至12月31日."""
    return when.year == graduation.year


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def within_years_of_leaving(graduation: date, when: date, years: int) -> bool:
    """ "离校N年内" (17号 一、三、五、八): from the deemed departure day (30 June) to N years later."""
    leave = departure_day(graduation)
    return when <= add_years(leave, years)


def check_graduate_window(
    checks: Checks,
    graduation: date | None,
    registered: bool | None,
    when: date | None,
    years: int,
    key: str,
    *,
    graduation_year_too: bool,
    what: str = "招用时",
) -> bool | None:
    """The graduate window of one clause: 毕业年度 (if the clause admits it), or 登记失业 and within
    `years` of the deemed departure day (17号 九(二)). One condition, with the dates explained."""
    head = "毕业年度高校毕业生或" if graduation_year_too else ""
    text = f"{what}为{head}登记失业的离校{years}年内高校毕业生(离校时间按毕业当年{departure_text()}认定)"
    if graduation is None or when is None:
        return checks.add(text, None, key, "graduation_date" if graduation is None else None)
    leave = departure_day(graduation)
    until = add_years(leave, years)
    checks.trace.step(
        f"毕业时间{zh_date(graduation)}:毕业年度为{graduation.year}年,离校时间认定为{zh_date(leave)},"
        f"离校{years}年截至{zh_date(until)};判断日{zh_date(when)}。",
        cite("emp.graduate.year"),
        cite("emp.graduate.departure"),
    )
    if graduation_year_too and in_graduation_year(graduation, when):
        return checks.add(text, True, key)
    if when < graduation.replace(month=1, day=1) or when > until:
        return checks.add(text, False, key)
    return checks.add(text, registered, key, "registered_unemployed")


def departure_text() -> str:
    md = param("employment.graduate_departure").first.value
    return f"{md['month']}月{md['day']}日"


def trainee_window_end(diploma: date) -> date:
    """12号 第三条第二款: 离校两年内未就业是指毕业证书发证之日起的两年内."""
    years = int(figure("employment.trainee_window_years", diploma))
    return add_years(diploma, years)


def trainee_school_year_start(diploma: date) -> date:
    """12号 第三条第二款: 毕业学年在校生是指毕业前一年的9月1日至毕业证书发证之日."""
    md = figure("employment.trainee_school_year_start", diploma)
    return date(diploma.year - 1, int(md["month"]), int(md["day"]))


# --------------------------------------------------------------------------------------------
# 就业困难人员 for the 社会保险补贴 (14号 一(一), 17号 二(一))


def registered_months(registered_on: date | None, at: date) -> int | None:
    if registered_on is None:
        return None
    return Month.from_date(at).minus(Month.from_date(registered_on)) - (
        1 if at.day < registered_on.day else 0
    )


def check_hardship_si(
    checks: Checks,
    group: str | None,
    recognised: bool | None,
    hukou: bool | None,
    registered_on: date | None,
    at: date,
    key: str,
) -> bool | None:
    """14号 一(一): 脱贫人口, or a recognised 就业困难人员 with Chongqing 户籍 of the four kinds."""
    if group is None:
        return checks.add("属于补贴对象人员类别", None, key, "group")
    if group == "none":
        return checks.add("属于补贴对象人员类别(脱贫人口、“4050”、低保、零就业、残疾)", False, key)
    checks.add(f"人员类别:{HARDSHIP_TEXT[group]}", True, key)
    if group == "poverty_alleviated":
        checks.trace.step("脱贫人口(含防止返贫监测对象)不另要求就业困难人员认定和本市户籍。", cite(key))
        return True
    ok_rec = checks.add("已被认定为就业困难人员", recognised, key, "recognised")
    ok_hk = checks.add("本市户籍", hukou, key, "hukou_chongqing")
    ok_reg: bool | None = True
    if group == "unemployed_4050":
        need = int(figure("employment.hardship_4050_registered_months", at))
        months = registered_months(registered_on, at)
        ok_reg = checks.add(
            f"登记失业{need}个月及以上"
            + (f"(至{zh_date(at)}已登记{months}个月)" if months is not None else ""),
            None if months is None else months >= need,
            key,
            "registered_on",
        )
        checks.trace.warn(
            "“4050”人员的年龄界限本汇编未作规定(各地通常指女性40周岁、男性50周岁以上,以认定为准):"
            "本规则按所填人员类别判断,不按年龄推算。"
        )
    results = [ok_rec, ok_hk, ok_reg]
    if False in results:
        return False
    return None if None in results else True


# --------------------------------------------------------------------------------------------
# 距法定退休年龄不足5年 (14号 一(三), 二(三)), through the `retirement` rule


def retirement_month(birth: str | None, category: str | None) -> Month | None:
    if birth is None or category is None:
        return None
    try:
        who = RetirementInput.model_validate({"birth": birth, "category": category})
    except ValidationError as err:
        raise input_error(err, RetirementInput) from None
    return statutory(category, who.birth_month).month


def subsidy_months(
    checks: Checks, birth: str | None, category: str | None, first_approved: Month, max_months: int
) -> tuple[int | None, Month | None]:
    """Months of subsidy from the first approval: at most `max_months`, or to retirement when the
    statutory retirement month is less than five years away at the first approval."""
    years = int(figure("employment.near_retirement_years", first_approved))
    ret = retirement_month(birth, category)
    if ret is None:
        checks.trace.step(
            f"补贴期限最长{duration_text(max_months)};距法定退休年龄不足{years}年的可延长至退休"
            "(未填出生年月和人员类别,按一般期限计)。",
            cite("emp.hardship.duration"),
        )
        return max_months, None
    left = ret.minus(first_approved)
    if left < years * 12:
        months = max(left, 0)
        checks.trace.step(
            f"初次核定时({first_approved.zh()})距法定退休({ret.zh()})不足{years}年:补贴可延长至退休,共{months}个月。",
            cite("emp.hardship.duration"),
        )
        return months, ret
    checks.trace.step(
        f"初次核定时({first_approved.zh()})距法定退休({ret.zh()}){duration_text(left)}:补贴最长{duration_text(max_months)}。",
        cite("emp.hardship.duration"),
    )
    return max_months, ret


# --------------------------------------------------------------------------------------------
# Rule `employment-groups` (E17): the predicates asked directly


class GroupsInput(BaseModel):
    """A person's facts; the answer is each policy's window and category."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    at: date | None = Field(
        None, title="判断日期", description="招用、申请或补贴的日期,YYYY-MM-DD;不填为所问日期"
    )
    graduation_date: date | None = Field(
        None, title="毕业时间", description="毕业证书所载毕业日期,YYYY-MM-DD(见习按毕业证书发证日期)"
    )
    group: HardshipGroup | None = Field(
        None, title="人员类别", description="就业困难人员的类别;都不属于的选“不属于以上人员”"
    )
    recognised: bool | None = Field(None, title="已被认定为就业困难人员", description="是或否(true / false)")
    hukou_chongqing: bool | None = Field(None, title="本市户籍", description="是否重庆市户籍")
    registered_on: date | None = Field(
        None, title="失业登记日期", description="办理失业登记的日期,YYYY-MM-DD"
    )
    birth: str | None = Field(None, title="出生年月", description="YYYY-MM;用于判断距法定退休年龄")
    category: Category | None = Field(
        None,
        title="退休人员类别",
        description="male60 男职工;female55 原55周岁退休女职工;female50 原50周岁退休女职工",
    )


class GroupsResult(BaseModel):
    at: date = Field(title="判断日期")
    in_graduation_year: bool | None = Field(title="毕业年度内(17号九(二))")
    departure_day: date | None = Field(title="认定的离校日期(17号九(二))")
    within_2_years: bool | None = Field(title="在17号一、八所定的离校年限内")
    within_5_years: bool | None = Field(title="在17号三、五所定的离校年限内")
    trainee_window_until: date | None = Field(title="见习:离校两年内截止日(自毕业证书发证之日,12号第三条)")
    hardship_si_target: bool | None = Field(title="属于就业困难人员社会保险补贴对象(14号一(一))")
    retirement_month: str | None = Field(title="法定退休年月")
    under_5_years_to_retirement: bool | None = Field(title="距法定退休年龄不足规定年限")


def groups_compute(inp: GroupsInput, trace: Trace) -> GroupsResult:
    at = inp.at or trace.on or date.today()
    checks = Checks(trace)
    g = inp.graduation_date
    w2 = w5 = None
    if g is not None:
        checks.trace.step(
            f"高校毕业生:{cite('emp.graduate.definition').quote}……", cite("emp.graduate.definition")
        )
        w2 = within_years_of_leaving(g, at, 2) and g <= add_years(at, 1)
        w5 = within_years_of_leaving(g, at, 5) and g <= add_years(at, 1)
        trace.step(
            f"毕业年度为{g.year}年;离校时间认定为{zh_date(departure_day(g))}。",
            cite("emp.graduate.year"),
            cite("emp.graduate.departure"),
        )
        trace.step(
            f"见习:离校两年内自毕业证书发证之日起算,至{zh_date(trainee_window_end(g))}。",
            cite("emp.trainee.window"),
        )
    target = (
        check_hardship_si(
            checks,
            inp.group,
            inp.recognised,
            inp.hukou_chongqing,
            inp.registered_on,
            at,
            "emp.hardship.employer_target",
        )
        if inp.group is not None
        else None
    )
    ret = retirement_month(inp.birth, inp.category)
    years = int(figure("employment.near_retirement_years", at))
    under = None if ret is None else ret.minus(Month.from_date(at)) < years * 12
    if ret is not None:
        trace.step(
            f"法定退休年月{ret.zh()};距法定退休年龄不足{years}年:{'是' if under else '否'}。",
            cite("emp.hardship.duration"),
        )
    r = GroupsResult(
        at=at,
        in_graduation_year=None if g is None else in_graduation_year(g, at),
        departure_day=None if g is None else departure_day(g),
        within_2_years=w2,
        within_5_years=w5,
        trainee_window_until=None if g is None else trainee_window_end(g),
        hardship_si_target=target,
        retirement_month=None if ret is None else ret.iso(),
        under_5_years_to_retirement=under,
    )
    return r


def groups_assess(inp: GroupsInput, r: GroupsResult, on: date) -> Assessment:
    return Assessment(None, [], [])


def groups_basis() -> list[Citation]:
    keys = [
        "emp.graduate.definition",
        "emp.graduate.year",
        "emp.graduate.departure",
        "emp.trainee.window",
        "emp.hardship.employer_target",
        "emp.hardship.duration",
    ]
    return [cite(k) for k in keys]


RULE: Rule[GroupsInput, GroupsResult] = register(
    Rule(
        name="employment-groups",
        title="就业补贴人员类别与高校毕业生政策期限认定",
        summary="判断一个人在各项就业补贴中属于哪类人员:是否在毕业年度、离校几年内(离校时间统一按毕业当年6月底认定),见习的离校期限(自毕业证书发证之日起算),是否属于就业困难人员社会保险补贴对象,是否临近法定退休年龄。",
        input_model=GroupsInput,
        result_model=GroupsResult,
        compute=groups_compute,
        basis=groups_basis,
        assess=groups_assess,
        examples=[{"at": "2025-03-01", "graduation_date": "2023-06-20"}],
    )
)


# --------------------------------------------------------------------------------------------
# Input fields shared by the subsidy rules (one title and description each)


class HardshipPerson(BaseModel):
    """The person of 14号 一(一) / 二(一): category, recognition, 户籍, registration, birth."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    group: HardshipGroup | None = Field(
        None,
        title="人员类别",
        description="poverty_alleviated 脱贫人口(含防止返贫监测对象);unemployed_4050 登记失业的“4050”人员;"
        "low_income_family 低保家庭人员;zero_employment_family 零就业家庭人员;"
        "disabled 残疾人员;none 以上都不是",
    )
    recognised: bool | None = Field(None, title="已被认定为就业困难人员", description="是或否(true / false)")
    hukou_chongqing: bool | None = Field(None, title="本市户籍", description="是否重庆市户籍")
    registered_on: date | None = Field(
        None,
        title="失业登记日期",
        description="“4050”人员办理失业登记的日期,YYYY-MM-DD(须登记失业三个月及以上)",
    )
    birth: str | None = Field(
        None, title="出生年月", description="YYYY-MM;用于判断距法定退休年龄是否不足规定年限"
    )
    category: Category | None = Field(
        None,
        title="退休人员类别",
        description="male60 男职工;female55 原55周岁退休女职工;female50 原50周岁退休女职工",
    )


class GraduatePerson(BaseModel):
    """The graduate of 17号 一、三、五、六、八: graduation date and registration."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    graduation_date: date | None = Field(
        None, title="毕业时间", description="毕业证书所载毕业日期,YYYY-MM-DD;离校时间按17号九(二)统一认定"
    )
    registered_unemployed: bool | None = Field(
        None, title="已办理失业登记", description="离校后是否办理了失业登记(“登记失业”高校毕业生)"
    )


def _month_day(v: Any) -> Any:
    """ "2024-07" (or 2024年7月, or a date) → the first day of that month; a month field's value."""
    if v is None or isinstance(v, date):
        return v.replace(day=1) if isinstance(v, date) else v
    if isinstance(v, str):
        if not v.strip():
            return None
        try:
            m, _ = Month.parse_month_or_date(v.strip())
        except ValueError as err:
            raise ValueError(f"应写作 YYYY-MM:{err}") from None
        return m.first_day()
    return v


# A calendar month given as YYYY-MM, held as its first day.
MonthDay = Annotated[date, BeforeValidator(_month_day)]


CATEGORY_LABELS = {
    "male60": "男职工",
    "female55": "原法定退休年龄55周岁的女职工",
    "female50": "原法定退休年龄50周岁的女职工",
}


FlexibleType = Literal[
    "domestic_service",
    "online_delivery",
    "individual_business_employee",
    "street_vendor",
    "ride_hailing_driver",
    "other",
]
FLEXIBLE_TEXT: dict[str, str] = {
    "domestic_service": "家政服务人员",
    "online_delivery": "网络配送员",
    "individual_business_employee": "个体工商户雇工(夫妻关系除外)",
    "street_vendor": "在规定区域和时间内销售农副产品、日常生活用品的商贩(未取得营业执照)",
    "ride_hailing_driver": "网约车驾驶员",
    "other": "其他灵活就业",
}


def check_flexible_type(
    checks: Checks, kind: str | None, list_param: str, when: date, keys: list[str], other: str
) -> bool | None:
    """The job-type list of one clause (14号 and 17号 list different types: each governs its own
    subsidy). `other` names the clause whose list has the type, for the warning."""
    allowed = list(figure(list_param, when))
    if kind is None:
        return checks.add("灵活就业类型属于所列类型", None, keys[0], "flexible_type")
    met = kind in allowed
    names = "、".join(FLEXIBLE_TEXT[k] for k in allowed)
    checks.add(
        f"灵活就业类型({FLEXIBLE_TEXT[kind]})属于所列类型:{names}",
        met,
        cite(keys[allowed.index(kind)]) if met else keys[0],
    )
    if not met and kind != "other":
        checks.trace.warn(
            f"“{FLEXIBLE_TEXT[kind]}”在{other}中列为灵活就业类型,但不在本项补贴所列类型中:两份文件的列表不同,"
            "各自适用于各自的补贴对象(范围不同,并非冲突),本项补贴按本项所列类型判断。"
        )
    return met


class FlexibleGraduate(GraduatePerson):
    """A graduate in flexible work insured as an individual (17号 一(一)2, 五(一))."""

    flexible_type: FlexibleType | None = Field(
        None,
        title="灵活就业类型",
        description="online_delivery 网络配送员;individual_business_employee 个体工商户雇工;"
        "street_vendor 商贩;ride_hailing_driver 网约车驾驶员;domestic_service 家政服务;other 其他",
    )
    employment_registered_on: date | None = Field(
        None,
        title="就业登记日期",
        description="最近一次就业登记的日期,YYYY-MM-DD(灵活就业补贴资格认定以此为准)",
    )
    insured_from: MonthDay | None = Field(
        None, title="以个人身份参保首月", description="连续缴纳城镇职工基本养老保险费的首月,YYYY-MM"
    )
    insured_months: int | None = Field(
        None, ge=0, le=600, title="已连续缴纳养老保险费月数", description="以个人身份,截至申报时"
    )
    still_insured: bool | None = Field(None, title="仍在参保", description="申报时是否仍在参保")
