"""Rule `shortage-post-subsidy` (紧缺岗位就业补贴, catalogue E7).

Source: 渝人社发〔2024〕17号 四. A young person aged 35 or under who works in a shortage post (紧缺岗位,
published on 渝职聘 and applied for there while the post was open) of a manufacturing or producer-service
enterprise in Chongqing, with one continuous year of social insurance in Chongqing and still insured,
receives 6,000 元 once; claim within six months of meeting the conditions; qualification at the first
insured month. The day on which the age is measured is not stated: reading taken, the first insured
month (the day 四(四)2 names for qualification), said in a warning.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.employment import (
    Checks,
    MonthDay,
    SubsidyResult,
    assess_with,
    figure,
    finish,
    met_month,
    window_after,
)
from renshe.rules.money import yuan_text
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register

Industry = Literal["manufacturing", "producer_services", "other"]


class ShortageInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    birth_date: date | None = Field(None, title="出生日期", description="本人出生日期,YYYY-MM-DD")
    industry: Industry | None = Field(
        None,
        title="企业所属行业",
        description="manufacturing 制造业;producer_services 生产性服务业;other 其他",
    )
    shortage_post: bool | None = Field(
        None,
        title="紧缺岗位且经“渝职聘”投递",
        description="在“渝职聘”发布的紧缺岗位有效期内通过该平台投递简历并在该岗位就业",
    )
    work_in_chongqing: bool = Field(True, title="实际就业地在本市", description="是或否(true / false)")
    insured_from: MonthDay | None = Field(
        None, title="新参保首月", description="新参保首月或最近一次新续保首月,YYYY-MM"
    )
    insured_months: int | None = Field(
        None, ge=0, le=600, title="已在本市连续缴纳社会保险费月数", description="截至申报时"
    )
    still_insured: bool | None = Field(None, title="仍在参保", description="申报时是否仍在参保")
    once_received: bool = Field(False, title="已享受过紧缺岗位就业补贴", description="同一人员只享受一次")


class ShortageResult(SubsidyResult):
    age_at_qualification: int | None = Field(title="新参保首月时的周岁")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def compute(inp: ShortageInput, trace: Trace) -> ShortageResult:
    checks = Checks(trace)
    on = trace.on or date.today()
    first = Month.from_date(inp.insured_from) if inp.insured_from else Month.from_date(on)
    when = first.first_day()
    max_age = int(figure("shortage_post.max_age", when))
    need = int(figure("shortage_post.insured_months", when))
    age = None if inp.birth_date is None else age_on(inp.birth_date, when)
    checks.add(
        f"{max_age}周岁及以下青年" + ("" if age is None else f"(新参保首月{first.zh()}时{age}周岁)"),
        None if age is None else age <= max_age,
        "shortage.target",
        "birth_date",
    )
    trace.warn(
        f"文件未写明年龄按哪一天计算:本规则按资格认定的新参保首月计算({max_age}周岁及以下含{max_age}周岁)。"
    )
    checks.add(
        "在制造业或生产性服务业企业就业",
        None if inp.industry is None else inp.industry != "other",
        "shortage.target",
        "industry",
    )
    checks.add(
        "在紧缺岗位有效期内通过“渝职聘”投递简历并在该岗位就业",
        inp.shortage_post,
        "shortage.apply",
        "shortage_post",
    )
    checks.add("实际就业地在本市", inp.work_in_chongqing, "shortage.place")
    checks.add(
        f"在我市连续缴纳社会保险费{duration_text(need)}以上",
        None if inp.insured_months is None else inp.insured_months >= need,
        "shortage.target",
        "insured_months",
    )
    checks.add("申报时仍在参保", inp.still_insured, "shortage.target", "still_insured")
    checks.add("同一人员未享受过本补贴", not inp.once_received, "shortage.standard")
    amount = Decimal(figure("shortage_post.amount", when))
    trace.step(
        f"补贴标准{yuan_text(amount)}/人,同一人员只享受一次;每季度集中办理一次。",
        cite("shortage.standard"),
        cite("shortage.quarterly"),
    )
    met = met_month(first, need)
    within = int(figure("shortage_post.apply_within_months", when))
    apply_by = window_after(met, within)
    trace.step(
        f"连续参保满{duration_text(need)}即{met.zh()}符合条件,应在{within}个月内即{zh_date(apply_by)}前通过“渝职聘”申请。",
        cite("shortage.qualified"),
    )
    eligible = checks.eligible
    r = ShortageResult(
        eligible=eligible,
        subsidy=amount if eligible else Decimal(0),
        apply_by=apply_by if eligible is not False else None,
        age_at_qualification=age,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [cite(k) for k in ["shortage.target", "shortage.standard", "shortage.apply", "shortage.qualified"]]


def governing_law(inp: ShortageInput) -> tuple[str, date]:
    start: date = param("shortage_post.amount").first.start
    return "shortage_post.amount", inp.insured_from or start


RULE: Rule[ShortageInput, ShortageResult] = register(
    Rule(
        name="shortage-post-subsidy",
        title="紧缺岗位就业补贴",
        summary="青年通过“渝职聘”在本市制造业、生产性服务业企业紧缺岗位就业并连续参保的,给予紧缺岗位就业补贴;给出是否符合、金额和申报期限。",
        input_model=ShortageInput,
        result_model=ShortageResult,
        compute=compute,
        basis=basis,
        assess=assess_with("紧缺岗位就业补贴"),
        in_force=governing_law,
        examples=[
            {
                "birth_date": "1995-05-01",
                "industry": "manufacturing",
                "shortage_post": True,
                "insured_from": "2024-07",
                "insured_months": 12,
                "still_insured": True,
            }
        ],
    )
)
