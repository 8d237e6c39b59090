"""Rule `public-post-subsidy` (公益性岗位补贴, catalogue E10).

Source: 渝人社发〔2024〕14号 二 (in force until 2025-12-31, 五(五)). An employer that places a person of the
listed groups on a recognised 公益性岗位, signs a contract and pays social insurance receives the full
local minimum wage each month (part-time: the hourly minimum × hours), for at most three years, or to
retirement for a person less than five years from it at the first approval. The SI subsidy for these
posts follows the 就业困难人员 subsidy (17号 九(三); rule `hardship-employer-si`).

The minimum wage comes from the `minimum-wage` rule from 2025-01-01 (渝人社发〔2024〕22号); for months
before 2025 it is 渝人社发〔2021〕52号, which the compilation does not print: an input, with a warning.

Reading of the list in 二(一) (stated in the answer): 登记失业离校2年内高校毕业生 need no further condition;
脱贫人口 must be recognised as 就业困难人员 and have Chongqing 户籍; every other group needs Chongqing 户籍
("我市户籍" heads the list); "4050" people must have been registered unemployed three months or more.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.districts import resolve_district
from renshe.rules.employment import (
    Checks,
    MonthDay,
    SubsidyResult,
    assess_with,
    check_graduate_window,
    figure,
    finish,
    policy_window,
    registered_months,
    subsidy_months,
    warn_ended,
)
from renshe.rules.minimum_wage import first_day as wage_first_day
from renshe.rules.minimum_wage import standard as wage_standard
from renshe.rules.money import Money, round_half_up, yuan_text
from renshe.rules.months import Month, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register
from renshe.rules.retirement import Category

TERM = "employment.policy14_term"
PostGroup = Literal[
    "graduate_unemployed",
    "poverty_alleviated",
    "unemployed_4050",
    "low_income_family",
    "zero_employment_family",
    "disabled",
    "released_prisoner",
    "rehabilitated_addict",
    "overcapacity_worker",
    "veteran",
    "none",
]
GROUP_TEXT = {
    "graduate_unemployed": "登记失业离校2年内高校毕业生",
    "poverty_alleviated": "脱贫人口(含防止返贫监测对象)",
    "unemployed_4050": "登记失业的“4050”人员",
    "low_income_family": "低保家庭人员",
    "zero_employment_family": "零就业家庭人员",
    "disabled": "残疾人",
    "released_prisoner": "刑满释放人员",
    "rehabilitated_addict": "戒毒康复人员",
    "overcapacity_worker": "去产能企业职工",
    "veteran": "复员退伍军人",
    "none": "不属于以上人员",
}


class PublicPostInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    group: PostGroup | None = Field(
        None, title="人员类别", description="; ".join(f"{k} {v}" for k, v in GROUP_TEXT.items())
    )
    recognised: bool | None = Field(None, title="已被认定为就业困难人员", description="脱贫人口须经认定")
    hukou_chongqing: bool | None = Field(None, title="本市户籍", description="是否重庆市户籍")
    registered_on: date | None = Field(
        None, title="失业登记日期", description="“4050”人员须登记失业三个月及以上,YYYY-MM-DD"
    )
    graduation_date: date | None = Field(
        None, title="毕业时间", description="高校毕业生的毕业日期,YYYY-MM-DD"
    )
    post_recognised: bool | None = Field(
        None, title="岗位经人社部门认定为公益性岗位", description="是或否(true / false)"
    )
    contract_signed: bool | None = Field(None, title="已签订劳动合同", description="是或否(true / false)")
    insured: bool | None = Field(None, title="已按规定缴纳社会保险费", description="是或否(true / false)")
    hired_on: date | None = Field(None, title="上岗日期", description="首次核定享受补贴的起点,YYYY-MM-DD")
    month: MonthDay | None = Field(None, title="补贴月度", description="YYYY-MM;不填为上岗当月")
    district: str | None = Field(None, title="区县", description="岗位所在区县(2025年起按该区县最低工资标准)")
    full_time: bool = Field(True, title="全日制", description="false 为非全日制公益性岗位")
    hours: Decimal | None = Field(
        None, gt=0, le=744, title="非全日制当月工作小时数", description="非全日制按小时最低工资标准计算"
    )
    minimum_wage: Decimal | None = Field(
        None,
        gt=0,
        title="当地最低工资标准(元)",
        description="全日制填月标准,非全日制填小时标准;2025年前(渝人社发〔2021〕52号)须填写",
    )
    birth: str | None = Field(None, title="出生年月", description="YYYY-MM;判断距法定退休年龄是否不足5年")
    category: Category | None = Field(
        None,
        title="退休人员类别",
        description="male60 男职工;female55 原55周岁退休女职工;female50 原50周岁退休女职工",
    )
    months_received: int = Field(
        0, ge=0, le=600, title="已享受公益性岗位补贴月数", description="同一人员已享受的月数"
    )


class PublicPostResult(SubsidyResult):
    month: date = Field(title="补贴月度(该月1日)")
    wage_standard: Money | None = Field(title="适用的最低工资标准(元)")
    monthly: Money | None = Field(title="当月补贴(元)")
    months: int | None = Field(title="剩余补贴期限(月)")


def check_group(checks: Checks, inp: PublicPostInput, at: date) -> None:
    """14号 二(一), with the reading of the list stated in the module docstring."""
    if inp.group is None:
        checks.add("属于公益性岗位补贴对象人员类别", None, "post.target", "group")
        return
    met = inp.group != "none"
    checks.add(f"人员类别:{GROUP_TEXT[inp.group]}", met, "post.target")
    if not met:
        return
    if inp.group == "graduate_unemployed":
        check_graduate_window(
            checks, inp.graduation_date, True, at, 2, "post.target", graduation_year_too=False, what="上岗时"
        )
        return
    checks.add("本市户籍", inp.hukou_chongqing, "post.target", "hukou_chongqing")
    if inp.group == "poverty_alleviated":
        checks.add("已被认定为就业困难人员", inp.recognised, "post.target", "recognised")
    if inp.group == "unemployed_4050":
        need = int(figure("employment.hardship_4050_registered_months", at))
        months = registered_months(inp.registered_on, at)
        checks.add(
            f"登记失业{need}个月及以上",
            None if months is None else months >= need,
            "post.target",
            "registered_on",
        )
    checks.trace.warn(
        "14号二(一)所列人员的读法:“我市户籍”适用于脱贫人口之后所列各类人员,脱贫人口另须认定为就业困难人员;“等”字表明列举未尽,"
        "其他人员以人社部门认定为准。"
    )


def wage_of(inp: PublicPostInput, month: Month, trace: Trace) -> Decimal | None:
    """14号 二(二): 按照当地最低工资标准全额补贴 (part-time: the hourly standard)."""
    if inp.minimum_wage is not None:
        trace.step(f"当地最低工资标准按所填{yuan_text(inp.minimum_wage)}。", cite("post.standard"))
        return inp.minimum_wage
    if month.first_day() >= wage_first_day() and inp.district:
        area = resolve_district(inp.district)
        tier, monthly, hourly, cites = wage_standard(area, month.first_day())
        value = monthly if inp.full_time else hourly
        trace.step(
            f"{area.name}属{tier}类区县,{'月' if inp.full_time else '小时'}最低工资标准{yuan_text(value)}。",
            cite("post.standard"),
            *cites,
        )
        return value
    if month.first_day() < wage_first_day():
        trace.warn(
            f"{zh_date(wage_first_day())}前的最低工资标准(渝人社发〔2021〕52号)"
            "本汇编未收录:请填写 minimum_wage。"
        )
    else:
        trace.warn("未填区县:请填写 district(或直接填写 minimum_wage)。")
    return None


def compute(inp: PublicPostInput, trace: Trace) -> PublicPostResult:
    checks = Checks(trace)
    month_day = inp.month or inp.hired_on or trace.on or date.today()
    month = Month.from_date(month_day)
    at = inp.hired_on or month_day
    policy_window(checks, TERM, month.first_day(), "补贴月度", "emp.policy14.term")
    check_group(checks, inp, at)
    checks.add("岗位经人社部门认定为公益性岗位", inp.post_recognised, "post.target", "post_recognised")
    checks.add("与其签订劳动合同", inp.contract_signed, "post.target", "contract_signed")
    checks.add("按规定缴纳社会保险费", inp.insured, "post.target", "insured")
    first = Month.from_date(inp.hired_on) if inp.hired_on else month
    total, _ = subsidy_months(
        checks, inp.birth, inp.category, first, int(figure("public_post.max_months", first))
    )
    months = None if total is None else max(total - inp.months_received, 0)
    if inp.months_received:
        checks.add(
            f"补贴期限未用完(已享受{inp.months_received}个月)",
            None if months is None else months > 0,
            "post.duration",
        )
    wage = wage_of(inp, month, trace)
    monthly = None
    if wage is not None:
        if inp.full_time:
            monthly = wage
            trace.step(
                f"全日制公益性岗位:按月最低工资标准全额补贴{yuan_text(monthly)}。", cite("post.standard")
            )
        elif inp.hours is None:
            trace.warn("非全日制公益性岗位按小时最低工资标准计算:请填写当月工作小时数 hours。")
        else:
            monthly = round_half_up(wage * inp.hours)
            trace.step(
                f"非全日制:{yuan_text(wage)}/小时 × {inp.hours.normalize()}小时 = {yuan_text(monthly)}。",
                cite("post.standard"),
            )
    share = figure("public_post.budget_share", month)
    trace.step(
        f"(经办)公益性岗位补贴占全年就业补助资金支出的比例:主城都市区区县原则上不超过{share['main_city']}%,"
        f"两群地区区县不超过{share['two_groups']}%;社会保险补贴参照就业困难人员社会保险补贴执行。",
        cite("post.budget"),
        cite("post.si"),
    )
    warn_ended(trace, TERM, "渝人社发〔2024〕14号", "emp.policy14.term", "emp.policy14.review")
    eligible = checks.eligible
    r = PublicPostResult(
        eligible=eligible,
        subsidy=monthly if (monthly is not None and eligible) else Decimal(0),
        apply_by=None,
        month=month.first_day(),
        wage_standard=wage,
        monthly=monthly,
        months=months,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k) for k in ["post.target", "post.standard", "post.duration", "post.si", "emp.policy14.term"]
    ]


def governing_law(inp: PublicPostInput) -> tuple[str, date]:
    start: date = param(TERM).first.start
    return TERM, inp.month or inp.hired_on or start


RULE: Rule[PublicPostInput, PublicPostResult] = register(
    Rule(
        name="public-post-subsidy",
        title="公益性岗位补贴",
        summary="用人单位在认定的公益性岗位上安置高校毕业生、就业困难人员等并签订劳动合同、缴纳社会保险费的,按当地最低工资标准补贴;给出是否符合、当月金额和剩余期限。",
        input_model=PublicPostInput,
        result_model=PublicPostResult,
        compute=compute,
        basis=basis,
        assess=assess_with("当月公益性岗位补贴"),
        in_force=governing_law,
        examples=[
            {
                "group": "disabled",
                "hukou_chongqing": True,
                "post_recognised": True,
                "contract_signed": True,
                "insured": True,
                "hired_on": "2025-02-01",
                "month": "2025-03",
                "district": "渝中区",
            }
        ],
    )
)
