"""Rule `work-injury-benefits` (工伤保险待遇): 本人工资, benefits by grade, care, death, who pays.

Source: 工伤保险条例 (国务院令第375号, the text as revised by 国务院令第586号, in force 2011-01-01),
which the compilation cites (渝人社发〔2024〕7号 第一条, 渝人社发〔2024〕23号 导语) but does not print: its
articles are external provisions (renshe/data/external_provisions.yaml). 第六十四条 defines 本人工资
(the 12-month average contribution wage, clamped to 60%–300% of the area's average wage);
第三十五–三十七条 give the lump sum and the monthly allowance by grade and who pays them; 第三十三条
the suspension period (停工留薪期) paid by the employer; 第三十四条 the care allowance; 第三十九条 the
death benefits. The area average wage, the minimum wage before 2025 and the national per-capita
disposable income are published elsewhere (not in the compilation): they are inputs with their year.
The standards of 一次性工伤医疗补助金 and 一次性伤残就业补助金 are left to the province (第三十六条、
第三十七条) and are not in the compilation either: they are inputs, with a warning, never invented.
Money is rounded to the 分 half-up; the 条例 states no rounding (README).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.districts import resolve_district
from renshe.rules.double_wage import (
    add_months,
)  # 民法典 第二百零二条: the corresponding day, else the month's last
from renshe.rules.inputs import parse_date
from renshe.rules.minimum_wage import first_day as minimum_wage_start
from renshe.rules.minimum_wage import standard as minimum_wage_standard
from renshe.rules.money import Money, round_half_up, to_decimal, yuan_text
from renshe.rules.months import zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

CareLevel = Literal["full", "most", "partial"]
CARE_TEXT: dict[str, str] = {
    "full": "生活完全不能自理",
    "most": "生活大部分不能自理",
    "partial": "生活部分不能自理",
}
FUND = "工伤保险基金"
EMPLOYER = "用人单位"
GRADE_CN = "一二三四五六七八九十"
# the citations of 第三十五条 (grades 1–4), 第三十六条 (5–6) and 第三十七条 (7–10)
ARTICLE_KEYS: tuple[dict[str, str], ...] = (
    {"lump": "wii.art35.lump", "allowance": "wii.art35.allowance", "topup": "wii.art35.topup"},
    {"lump": "wii.art36.lump", "allowance": "wii.art36.allowance", "topup": "wii.art36.topup"},
    {"lump": "wii.art37.lump", "allowance": "wii.art37.lump", "topup": "wii.art37.lump"},
)
MONEY_FIELDS: dict[str, str] = {
    "monthly_wage": "本人工资(受伤前的月平均缴费工资)",
    "area_average_wage": "统筹地区职工月平均工资",
    "minimum_wage": "当地月最低工资标准",
    "national_income": "上一年度全国城镇居民人均可支配收入",
    "medical_subsidy": "一次性工伤医疗补助金标准",
    "employment_subsidy": "一次性伤残就业补助金标准",
}


def first_day() -> date:
    """The first day of the 条例's text shipped (the 2010 revision, 国务院令第586号)."""
    d: date = param("injury.lump_sum_months").first.start
    return d


class WorkInjuryInput(BaseModel):
    """The facts of a recognised work injury (or occupational disease): wage, grade, care, death."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    injured_on: date = Field(
        title="事故伤害发生之日或诊断、鉴定为职业病之日", description="YYYY-MM-DD;待遇标准按这一天适用的条文"
    )
    monthly_wage: Decimal = Field(
        title="本人工资(元/月)",
        description="第六十四条所称本人工资:因工作遭受事故伤害或者患职业病前按该条所定月数计算的平均月缴费工资",
        examples=["6000"],
    )
    area_average_wage: Decimal | None = Field(
        None,
        title="统筹地区职工月平均工资(元)",
        description="本人工资的上下限、生活护理费和丧葬补助金都以它为基数;本汇编未收录,请按公布数填写",
    )
    area_average_year: int | None = Field(
        None, title="该平均工资的年度", description="生活护理费、丧葬补助金用上年度"
    )
    grade: int | None = Field(
        None, title="伤残等级", description="劳动能力鉴定的伤残等级,1(最重)至10;未评残不填"
    )
    care_level: CareLevel | None = Field(
        None,
        title="生活护理等级",
        description="full 生活完全不能自理;most 生活大部分不能自理;partial 生活部分不能自理",
    )
    suspension_months: int | None = Field(
        None, title="停工留薪期(月)", description="实际或拟定的停工留薪月数"
    )
    suspension_extended: bool = Field(
        False,
        title="停工留薪期经确认延长",
        description="伤情严重或者情况特殊,经设区的市级劳动能力鉴定委员会确认延长",
    )
    left_job: bool = Field(
        False,
        title="已解除或终止劳动关系",
        description="五级、六级本人提出解除或终止,或七级至十级合同期满终止、本人提出解除",
    )
    district: str | None = Field(
        None, title="区县", description="领取伤残津贴所在区县,用于当地最低工资标准(2025年起)"
    )
    allowance_on: date | None = Field(
        None, title="伤残津贴所属日期", description="比较最低工资标准的日期(YYYY-MM-DD);不填为所问日期"
    )
    minimum_wage: Decimal | None = Field(
        None, title="当地月最低工资标准(元)", description="2025年以前的日期须填写(汇编只收录2025年起的标准)"
    )
    died: bool = Field(False, title="因工死亡", description="职工因工死亡(含停工留薪期内因工伤导致死亡)")
    spouse: bool = Field(
        False, title="有配偶需供养", description="由死者生前提供主要生活来源、无劳动能力的配偶"
    )
    other_dependants: int = Field(
        0, title="其他供养亲属人数", description="配偶以外由死者生前供养、无劳动能力的亲属"
    )
    alone_dependants: int = Field(
        0, title="其中孤寡老人或孤儿人数", description="供养亲属中孤寡老人或者孤儿的人数(每人加发)"
    )
    national_income: Decimal | None = Field(
        None, title="上一年度全国城镇居民人均可支配收入(元/年)", description="国家统计局公布;本汇编未收录"
    )
    national_income_year: int | None = Field(
        None, title="该人均可支配收入的年度", description="应为死亡的上一年度"
    )
    medical_subsidy: Decimal | None = Field(
        None,
        title="一次性工伤医疗补助金标准(元)",
        description="由省级人民政府规定,本汇编未收录;按重庆现行标准填写",
    )
    employment_subsidy: Decimal | None = Field(
        None,
        title="一次性伤残就业补助金标准(元)",
        description="由省级人民政府规定,本汇编未收录;按重庆现行标准填写",
    )
    employer_filed_on: date | None = Field(
        None,
        title="用人单位提出工伤认定申请之日",
        description="YYYY-MM-DD;超过规定期限提出的,期间的费用由用人单位负担",
    )

    @field_validator(*MONEY_FIELDS, mode="before")
    @classmethod
    def _money(cls, v: Any, info: ValidationInfo) -> Decimal | None:
        name = str(info.field_name)
        label = MONEY_FIELDS[name]
        if v is None or (isinstance(v, str) and not v.strip()):
            if name == "monthly_wage":
                raise InputError("请填写本人工资 monthly_wage(受伤前的月平均缴费工资)", name)
            return None
        try:
            d = to_decimal(v, label)
        except ValueError as err:
            raise InputError(f"{label} {name} 无效:{err}", name) from None
        if d < 0 or d > Decimal("100000000"):
            raise InputError(f"{label} {name} 应在0至1亿元之间", name)
        return d

    @field_validator("injured_on", "allowance_on", "employer_filed_on", mode="before")
    @classmethod
    def _dates(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            if info.field_name == "injured_on":
                raise InputError(
                    "请填写事故伤害发生之日或诊断为职业病之日 injured_on(YYYY-MM-DD)", "injured_on"
                )
            return None
        labels = {
            "injured_on": "受伤日期",
            "allowance_on": "伤残津贴所属日期",
            "employer_filed_on": "单位申请日期",
        }
        return parse_date(v, str(info.field_name), labels[str(info.field_name)])

    @model_validator(mode="after")
    def _check(self) -> WorkInjuryInput:
        if self.injured_on < first_day():
            raise InputError(
                f"本规则依据的是自{zh_date(first_day())}起施行的工伤保险条例修订文本;"
                "此前受伤的适用2003年文本,未收录,无法计算",
                "injured_on",
            )
        if self.grade is not None and not 1 <= self.grade <= len(GRADE_CN):
            raise InputError("伤残等级 grade 应为1至10", "grade")
        if self.suspension_months is not None and not 0 <= self.suspension_months <= 120:
            raise InputError("停工留薪期 suspension_months 应在0至120个月之间", "suspension_months")
        if self.other_dependants < 0 or self.other_dependants > 20:
            raise InputError("其他供养亲属人数 other_dependants 应在0至20之间", "other_dependants")
        if not 0 <= self.alone_dependants <= self.other_dependants + int(self.spouse):
            raise InputError("孤寡老人或孤儿人数 alone_dependants 不能超过供养亲属总人数", "alone_dependants")
        if self.area_average_wage is not None and self.area_average_wage <= 0:
            raise InputError("统筹地区职工月平均工资 area_average_wage 必须大于0", "area_average_wage")
        if self.employer_filed_on is not None and self.employer_filed_on < self.injured_on:
            raise InputError(
                "用人单位申请日期 employer_filed_on 不能早于受伤日期 injured_on", "employer_filed_on"
            )
        if self.district is not None:
            self.district = resolve_district(self.district).name
        return self


class Payment(BaseModel):
    benefit: str = Field(title="待遇")
    amount: Money | None = Field(title="金额(元)", description="null:标准由省级规定或缺少基数")
    per: Literal["一次性", "按月"] = Field(title="支付方式")
    paid_by: str = Field(title="支付方")
    article: str = Field(title="依据")


class WorkInjuryResult(BaseModel):
    own_wage: Money = Field(title="本人工资(元/月,计发基数)")
    own_wage_bound: Literal["floor", "cap"] | None = Field(
        title="本人工资按限额计算",
        description="floor 按平均工资的下限比例;cap 按上限比例;null 未调整或未填平均工资",
    )
    grade: int | None = Field(title="伤残等级")
    lump_sum_months: int | None = Field(title="一次性伤残补助金(月数)")
    lump_sum: Money | None = Field(title="一次性伤残补助金(元)")
    allowance_rate: Decimal | None = Field(title="伤残津贴比例")
    allowance: Money | None = Field(title="伤残津贴按比例计算(元/月)")
    minimum_wage_used: Money | None = Field(title="当地月最低工资标准(元)")
    allowance_topup: Money | None = Field(title="补足最低工资的差额(元/月)")
    allowance_paid: Money | None = Field(title="伤残津贴实发(元/月)")
    allowance_paid_by: str | None = Field(title="伤残津贴支付方")
    suspension_max_months: int = Field(title="停工留薪期上限(月)")
    suspension_within_limit: bool | None = Field(title="停工留薪期未超过上限")
    care_fee: Money | None = Field(title="生活护理费(元/月)")
    funeral_grant: Money | None = Field(title="丧葬补助金(元)")
    survivor_pension: Money | None = Field(title="供养亲属抚恤金合计(元/月)")
    survivor_capped: bool | None = Field(title="抚恤金按生前工资封顶")
    death_grant: Money | None = Field(title="一次性工亡补助金(元)")
    employer_liable_until: date | None = Field(
        title="用人单位负担费用的截止日",
        description="逾期申请工伤认定时,受伤至申请之日的待遇费用由用人单位负担",
    )
    payments: list[Payment] = Field(title="各项待遇及支付方")


def grade_text(grade: int) -> str:
    return f"{GRADE_CN[grade - 1]}级"


def own_wage(wage: Decimal, area: Decimal | None, on: date) -> tuple[Decimal, Literal["floor", "cap"] | None]:
    """第六十四条: 本人工资高于统筹地区职工平均工资300%的,按300%计算;低于60%的,按60%计算."""
    if area is None:
        return wage, None
    bounds = param("injury.own_wage_bounds").value_at(on)
    low, high = area * Decimal(bounds["floor"]), area * Decimal(bounds["cap"])
    if wage < low:
        return round_half_up(low), "floor"
    if wage > high:
        return round_half_up(high), "cap"
    return wage, None


def lump_sum_months(grade: int, on: date) -> int:
    """第三十五–三十七条(一): 一次性伤残补助金,一级27个月……十级7个月的本人工资."""
    return int(param("injury.lump_sum_months").value_at(on)[grade])


def allowance_rate(grade: int, on: date) -> Decimal | None:
    """第三十五条(二)、第三十六条(二): 伤残津贴,一级90%……六级60%;七级至十级无伤残津贴."""
    rate = param("injury.allowance_rate").value_at(on).get(grade)
    return None if rate is None else Decimal(rate)


def allowance_payer(grade: int, on: date) -> str:
    """一级至四级从工伤保险基金按月支付(第三十五条);五级、六级难以安排工作的由用人单位按月发给(第三十六条)."""
    return FUND if grade <= int(param("injury.fund_allowance_grades").value_at(on)) else EMPLOYER


def suspension_limit(extended: bool, on: date) -> int:
    """第三十三条: 停工留薪期一般不超过12个月;经确认可以适当延长,但延长不得超过12个月."""
    base = int(param("injury.suspension_months").value_at(on))
    return base + (int(param("injury.suspension_extension_months").value_at(on)) if extended else 0)


def care_fee(level: str, area: Decimal, on: date) -> Decimal:
    """第三十四条: 生活护理费为统筹地区上年度职工月平均工资的50%、40%或者30%."""
    return round_half_up(area * Decimal(param("injury.care_rate").value_at(on)[level]))


def survivors(wage: Decimal, spouse: bool, others: int, alone: int, on: date) -> Decimal:
    """第三十九条(二): 配偶每月40%,其他亲属每人每月30%,孤寡老人或者孤儿每人每月加10%(本人工资)."""
    r = param("injury.survivor_rate").value_at(on)
    rate = (
        (Decimal(r["spouse"]) if spouse else 0)
        + others * Decimal(r["other"])
        + alone * Decimal(r["alone_extra"])
    )
    return round_half_up(wage * rate)


def recognition_window(injured_on: date) -> tuple[date, date]:
    """第十七条: 用人单位30日内;未申请的,职工或其近亲属、工会组织1年内 — (employer's, worker's last day).

    The same limits as the procedures catalogue (injury-recognition-employer / -worker); a test
    keeps the two equal (rules sit below procedures and cannot call it)."""
    w = param("injury.recognition_window").value_at(injured_on)
    return injured_on + timedelta(days=int(w["employer_days"])), add_months(
        injured_on, int(w["worker_months"])
    )


def _minimum_wage(inp: WorkInjuryInput, day: date, trace: Trace) -> tuple[Decimal | None, list[Citation]]:
    """当地最低工资标准 on `day`: from the minimum-wage rule from 2025, else the input."""
    if day >= minimum_wage_start():
        if inp.district is None:
            if inp.minimum_wage is None:
                trace.warn("未填写区县:无法取得当地最低工资标准,伤残津贴是否需要补足差额未判断。")
            return inp.minimum_wage, []
        _, monthly, _, cites = minimum_wage_standard(resolve_district(inp.district), day)
        if inp.minimum_wage is not None and inp.minimum_wage != monthly:
            trace.warn(
                f"所填最低工资标准{yuan_text(inp.minimum_wage)}与{inp.district}{zh_date(day)}的标准"
                f"{yuan_text(monthly)}不同:按汇编所载标准计算。"
            )
        return monthly, cites
    if inp.minimum_wage is None:
        trace.warn(
            f"{zh_date(day)}早于汇编所载最低工资标准的施行日{zh_date(minimum_wage_start())}:"
            "当时的标准未收录,请填写当地月最低工资标准;未填写,伤残津贴是否需要补足差额未判断。"
        )
    return inp.minimum_wage, []


def _pay(out: list[Payment], benefit: str, amount: Decimal | None, per: str, by: str, c: Citation) -> None:
    out.append(Payment(benefit=benefit, amount=amount, per=per, paid_by=by, article=c.label))  # type: ignore[arg-type]


def _wage_step(inp: WorkInjuryInput, trace: Trace) -> tuple[Decimal, Literal["floor", "cap"] | None]:
    on = inp.injured_on
    months = param("injury.own_wage_months").value_at(on)
    wage, bound = own_wage(inp.monthly_wage, inp.area_average_wage, on)
    trace.step(
        f"本人工资是受伤(或患职业病)前{months}个月平均月缴费工资:{yuan_text(inp.monthly_wage)}。",
        cite("wii.art64.own_wage"),
    )
    b = param("injury.own_wage_bounds").value_at(on)
    if inp.area_average_wage is None:
        trace.warn(
            "未填写统筹地区职工月平均工资(本汇编未收录):本人工资未按其"
            f"{Decimal(b['floor']) * 100:.0f}%–{Decimal(b['cap']) * 100:.0f}%调整,"
            "生活护理费和丧葬补助金无法计算。"
        )
        return wage, bound
    area = yuan_text(inp.area_average_wage)
    if bound == "floor":
        trace.step(
            f"低于统筹地区职工平均工资{area}的{Decimal(b['floor']) * 100:.0f}%,按{yuan_text(wage)}计算。",
            cite("wii.art64.floor"),
        )
    elif bound == "cap":
        trace.step(
            f"高于统筹地区职工平均工资{area}的{Decimal(b['cap']) * 100:.0f}%,按{yuan_text(wage)}计算。",
            cite("wii.art64.cap"),
        )
    else:
        trace.step(
            f"在统筹地区职工平均工资{area}的限额之内,按实际计算。",
            cite("wii.art64.floor"),
            cite("wii.art64.cap"),
        )
    if inp.area_average_year is None:
        trace.warn("未填写平均工资的年度:请核对所填平均工资是统筹地区公布的哪一年度的数。")
    return wage, bound


def _grade_steps(inp: WorkInjuryInput, wage: Decimal, trace: Trace, pays: list[Payment]) -> dict[str, Any]:
    """第三十五–三十七条 for the grade: lump sum, monthly allowance with its floor, who pays."""
    out: dict[str, Any] = dict.fromkeys(
        (
            "lump_sum_months",
            "lump_sum",
            "allowance_rate",
            "allowance",
            "minimum_wage_used",
            "allowance_topup",
            "allowance_paid",
            "allowance_paid_by",
        ),
    )
    grade = inp.grade
    if grade is None:
        trace.step("未评定伤残等级:不计算一次性伤残补助金和伤残津贴。", cite("wii.art35.lump"))
        return out
    on = inp.injured_on
    art = ARTICLE_KEYS[0] if grade <= 4 else ARTICLE_KEYS[1] if grade <= 6 else ARTICLE_KEYS[2]
    months = lump_sum_months(grade, on)
    lump = round_half_up(wage * months)
    trace.step(
        f"{grade_text(grade)}伤残:一次性伤残补助金为{months}个月的本人工资,"
        f"{yuan_text(wage)} × {months} = {yuan_text(lump)},"
        "从工伤保险基金支付。",
        cite(art["lump"]),
    )
    _pay(pays, "一次性伤残补助金", lump, "一次性", FUND, cite(art["lump"]))
    out.update(lump_sum_months=months, lump_sum=lump)
    rate = allowance_rate(grade, on)
    if rate is None:
        trace.step(f"{grade_text(grade)}伤残没有伤残津贴。", cite("wii.art37.lump"))
        return out
    payer = allowance_payer(grade, on)
    amount = round_half_up(wage * rate)
    topup_key = art["topup"]
    trace.step(
        f"伤残津贴为本人工资的{rate * 100:.0f}%:{yuan_text(amount)}/月,由{payer}按月支付"
        + ("(保留劳动关系,退出工作岗位)。" if payer == FUND else "(用人单位难以安排工作时)。"),
        cite(art["allowance"]),
    )
    day = inp.allowance_on or trace.on or on
    minimum, mw_cites = _minimum_wage(inp, day, trace)
    topup: Decimal | None = None
    if minimum is not None:
        topup = max(minimum - amount, Decimal(0))
        if topup > 0:
            trace.step(
                f"低于当地最低工资标准{yuan_text(minimum)}({zh_date(day)}):由{payer}补足差额{yuan_text(topup)},"
                f"实发{yuan_text(minimum)}/月。",
                cite(topup_key),
                *mw_cites,
            )
        else:
            trace.step(
                f"不低于当地最低工资标准{yuan_text(minimum)}({zh_date(day)}),无需补足。",
                cite(topup_key),
                *mw_cites,
            )
    paid = amount + topup if topup is not None else None
    _pay(pays, "伤残津贴", paid if paid is not None else amount, "按月", payer, cite(art["allowance"]))
    if payer == FUND:
        trace.step(
            "达到退休年龄并办理退休手续后,停发伤残津贴,享受基本养老保险待遇。", cite("wii.art35.retire")
        )
    out.update(
        allowance_rate=rate,
        allowance=amount,
        minimum_wage_used=minimum,
        allowance_topup=topup,
        allowance_paid=paid,
        allowance_paid_by=payer,
    )
    return out


def _leaving(inp: WorkInjuryInput, trace: Trace, pays: list[Payment]) -> None:
    """第三十六条第二款、第三十七条(二): on leaving the job, the fund pays 一次性工伤医疗补助金, the
    employer 一次性伤残就业补助金; the province sets both standards (inputs, with a warning)."""
    if inp.grade is None or inp.grade <= 4 or not inp.left_job:
        return
    art = "wii.art36.leave" if inp.grade <= 6 else "wii.art37.leave"
    trace.step(
        "解除或终止劳动关系:由工伤保险基金支付一次性工伤医疗补助金,由用人单位支付一次性伤残就业补助金。",
        cite(art),
    )
    _pay(pays, "一次性工伤医疗补助金", inp.medical_subsidy, "一次性", FUND, cite(art))
    _pay(pays, "一次性伤残就业补助金", inp.employment_subsidy, "一次性", EMPLOYER, cite(art))
    trace.step("两项补助金的具体标准由省、自治区、直辖市人民政府规定。", cite("wii.art36.province"))
    trace.warn(
        "一次性工伤医疗补助金和一次性伤残就业补助金的具体标准由省级人民政府规定(第三十六条),"
        "本汇编和条例均未载明:结果只列所填标准,未填的不计算;请按重庆市现行规定核定。"
    )


def _suspension(inp: WorkInjuryInput, trace: Trace, pays: list[Payment]) -> tuple[int, bool | None]:
    on = inp.injured_on
    limit = suspension_limit(inp.suspension_extended, on)
    within = None if inp.suspension_months is None else inp.suspension_months <= limit
    keys = [cite("wii.art33.pay"), cite("wii.art33.period")] + (
        [cite("wii.art33.extension")] if inp.suspension_extended else []
    )
    text = f"停工留薪期内原工资福利待遇不变,由所在单位按月支付;停工留薪期最长{limit}个月"
    if inp.suspension_months is not None:
        text += f",所填{inp.suspension_months}个月" + ("未超过上限" if within else "超过上限")
    trace.step(text + "。", *keys)
    if within is False:
        trace.warn(
            f"停工留薪期{inp.suspension_months}个月超过上限{limit}个月"
            + ("" if inp.suspension_extended else ":延长须经设区的市级劳动能力鉴定委员会确认")
            + "。"
        )
    _pay(pays, "停工留薪期工资福利待遇", None, "按月", EMPLOYER, cite("wii.art33.pay"))
    return limit, within


def _care(inp: WorkInjuryInput, trace: Trace, pays: list[Payment]) -> Decimal | None:
    if inp.care_level is None:
        return None
    if inp.area_average_wage is None:
        _pay(pays, "生活护理费", None, "按月", FUND, cite("wii.art34.care"))
        return None
    trace.step("停工留薪期内需要护理的,由所在单位负责;评定伤残等级后按以下标准。", cite("wii.art33.care"))
    fee = care_fee(inp.care_level, inp.area_average_wage, inp.injured_on)
    rate = Decimal(param("injury.care_rate").value_at(inp.injured_on)[inp.care_level])
    trace.step(
        f"{CARE_TEXT[inp.care_level]}:生活护理费为统筹地区上年度职工月平均工资的{rate * 100:.0f}%,"
        f"{yuan_text(fee)}/月,从工伤保险基金按月支付。",
        cite("wii.art34.levels"),
        cite("wii.art34.care"),
    )
    _pay(pays, "生活护理费", fee, "按月", FUND, cite("wii.art34.care"))
    return fee


def _death(inp: WorkInjuryInput, wage: Decimal, trace: Trace, pays: list[Payment]) -> dict[str, Any]:
    """第三十九条: 丧葬补助金、供养亲属抚恤金(封顶)和一次性工亡补助金,从工伤保险基金领取."""
    out: dict[str, Any] = dict.fromkeys(
        ("funeral_grant", "survivor_pension", "survivor_capped", "death_grant")
    )
    if not inp.died:
        return out
    on = inp.injured_on
    trace.step("职工因工死亡:近亲属从工伤保险基金领取以下待遇。", cite("wii.art39.head"))
    months = int(param("injury.funeral_months").value_at(on))
    if inp.area_average_wage is not None:
        out["funeral_grant"] = round_half_up(inp.area_average_wage * months)
        trace.step(
            f"丧葬补助金为{months}个月的统筹地区上年度职工月平均工资:{yuan_text(out['funeral_grant'])}。",
            cite("wii.art39.funeral"),
        )
    _pay(pays, "丧葬补助金", out["funeral_grant"], "一次性", FUND, cite("wii.art39.funeral"))
    if inp.spouse or inp.other_dependants:
        total = survivors(wage, inp.spouse, inp.other_dependants, inp.alone_dependants, on)
        capped = total > inp.monthly_wage
        trace.step(
            f"供养亲属抚恤金按本人工资{yuan_text(wage)}计:配偶{'1' if inp.spouse else '0'}人、其他亲属"
            f"{inp.other_dependants}人(其中孤寡老人或孤儿{inp.alone_dependants}人),合计{yuan_text(total)}/月。",
            cite("wii.art39.survivors"),
        )
        if capped:
            total = inp.monthly_wage
            trace.step(
                f"各供养亲属的抚恤金之和不应高于生前的工资,按{yuan_text(total)}/月。",
                cite("wii.art39.survivor_cap"),
            )
            trace.warn("“生前的工资”按所填本人工资(受伤前的月平均缴费工资,未经限额调整)理解;条例未另作定义。")
        out.update(survivor_pension=total, survivor_capped=capped)
        _pay(pays, "供养亲属抚恤金", total, "按月", FUND, cite("wii.art39.survivors"))
    multiple = int(param("injury.death_grant_multiple").value_at(on))
    if inp.national_income is None:
        trace.warn(
            "未填写上一年度全国城镇居民人均可支配收入(国家统计局公布,本汇编未收录):一次性工亡补助金未计算。"
        )
    else:
        out["death_grant"] = round_half_up(inp.national_income * multiple)
        trace.step(
            f"一次性工亡补助金为上一年度全国城镇居民人均可支配收入{yuan_text(inp.national_income)}的{multiple}倍:"
            f"{yuan_text(out['death_grant'])}。",
            cite("wii.art39.grant"),
        )
        if inp.national_income_year is not None and inp.national_income_year != on.year - 1:
            trace.warn(f"所填人均可支配收入为{inp.national_income_year}年度;第三十九条要求的是上一年度。")
    _pay(pays, "一次性工亡补助金", out["death_grant"], "一次性", FUND, cite("wii.art39.grant"))
    return out


def _late_filing(inp: WorkInjuryInput, trace: Trace) -> date | None:
    """第十七条第四款: the employer bears the costs of the period when it files after the 30 days."""
    employer_by, _ = recognition_window(inp.injured_on)
    if inp.employer_filed_on is None or inp.employer_filed_on <= employer_by:
        return None
    trace.step(
        f"用人单位{zh_date(inp.employer_filed_on)}才提出工伤认定申请,晚于{zh_date(employer_by)}:"
        "在此期间发生的工伤待遇等有关费用由该用人单位负担。",
        cite("wii.art17.employer"),
        cite("wii.art17.liability"),
    )
    trace.warn(
        f"用人单位逾期申请工伤认定:{zh_date(inp.injured_on)}至{zh_date(inp.employer_filed_on)}的待遇费用由用人单位负担。"
    )
    return inp.employer_filed_on


def compute(inp: WorkInjuryInput, trace: Trace) -> WorkInjuryResult:
    pays: list[Payment] = []
    wage, bound = _wage_step(inp, trace)
    limit, within = _suspension(inp, trace, pays)
    grade = _grade_steps(inp, wage, trace, pays)
    _leaving(inp, trace, pays)
    care = _care(inp, trace, pays)
    death = _death(inp, wage, trace, pays)
    liable = _late_filing(inp, trace)
    return WorkInjuryResult(
        own_wage=wage,
        own_wage_bound=bound,
        grade=inp.grade,
        **grade,
        suspension_max_months=limit,
        suspension_within_limit=within,
        care_fee=care,
        **death,
        employer_liable_until=liable,
        payments=pays,
    )


def basis() -> list[Citation]:
    keys = [
        "wii.art64.own_wage",
        "wii.art64.floor",
        "wii.art64.cap",
        "wii.art33.pay",
        "wii.art33.period",
        "wii.art34.levels",
        "wii.art35.lump",
        "wii.art35.allowance",
        "wii.art36.lump",
        "wii.art36.allowance",
        "wii.art37.lump",
        "wii.art39.head",
        "wii.art17.worker",
    ]
    return [cite(k) for k in keys]


def assess(inp: WorkInjuryInput, r: WorkInjuryResult, on: date) -> Assessment:
    """The rule prices a recognised injury; recognition itself (第十四–十六条) is a condition it
    cannot decide (null). apply_by is the last day of the worker's own 1-year window (第十七条)."""
    _, worker_by = recognition_window(inp.injured_on)
    conditions: list[tuple[str, bool | None, Citation | str | None]] = [
        ("已认定(或视同)为工伤", None, cite("wii.art14.recognised")),
        (f"工伤认定申请不晚于{zh_date(worker_by)}提出(职工或近亲属的时限)", None, cite("wii.art17.worker")),
    ]
    if r.suspension_within_limit is not None:
        conditions.append(("停工留薪期未超过上限", r.suspension_within_limit, cite("wii.art33.period")))
    amount: tuple[str, str, Decimal] | None = None
    if r.death_grant is not None:
        amount = ("death_grant", "一次性工亡补助金", r.death_grant)
    elif r.lump_sum is not None:
        amount = ("lump_sum", "一次性伤残补助金", r.lump_sum)
    return Assessment(None, conditions, [], amount, apply_by=worker_by)


def governing_law(inp: WorkInjuryInput) -> tuple[str, date]:
    return "injury.lump_sum_months", inp.injured_on


def summarize(doc: dict[str, Any]) -> list[str]:
    r = doc["result"]
    lines = [f"本人工资(计发基数):{r['own_wage']}元/月"]
    for p in r["payments"]:
        amount = f"{p['amount']}元" if p["amount"] is not None else "标准未定或缺少基数"
        lines.append(f"{p['benefit']}({p['per']}):{amount},由{p['paid_by']}支付({p['article']})")
    return lines


RULE: Rule[WorkInjuryInput, WorkInjuryResult] = register(
    Rule(
        name="work-injury-benefits",
        title="工伤保险待遇(工伤保险条例第三十三条至第三十九条、第六十四条)",
        summary="按本人工资(统筹地区平均工资的上下限)和伤残等级计算一次性伤残补助金、伤残津贴(最低工资补差)、停工留薪期、"
        "生活护理费和因工死亡待遇,并列出每项由工伤保险基金还是用人单位支付。",
        input_model=WorkInjuryInput,
        result_model=WorkInjuryResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing_law,
        summarize=summarize,
        examples=[
            {"injured_on": "2025-03-10", "monthly_wage": "6000", "area_average_wage": "8000", "grade": 7},
            {
                "injured_on": "2025-03-10",
                "monthly_wage": "3000",
                "area_average_wage": "8000",
                "grade": 3,
                "district": "渝中区",
                "allowance_on": "2025-09-01",
            },
        ],
    )
)
