"""Rule `absorption-subsidy` (一次性吸纳就业补贴, catalogue E5).

Source: 渝人社发〔2024〕17号 三. A small or micro enterprise that newly hires a registered-unemployed
graduate within five years of leaving (leaving deemed 30 June, 九(二)) and pays one continuous year of
social insurance, still insured, receives 5,000 元 once per person (三(一)(二)); not together with the
graduate employer SI subsidy (三(二)); a person for whom 一次性扩岗补助 or six months or more of employer SI
subsidy has been received is not covered (三(四)4); claim within six months of meeting the conditions
(三(四)3), qualification judged at the first insured month (三(四)2).

Two documents say otherwise, and the answer says which governs and why (docs/rules-employment.md):
- 卓越工程师清单 (渝人社办 2024-07-16, row 3): "一次性吸纳就业补贴2000元/人" for 应届工程类 graduates after
  six months. 17号 governs: the list is a service guide that says "按规定给予" (it points to the rules, it
  does not make them), its conditions differ, and 17号 is the notice that sets the standard.
- 人社部发〔2024〕44号 一 merges 吸纳 and 扩岗 nationally. 17号 (issued after 44号 and citing it) keeps
both in
  Chongqing, funds 吸纳 from the 就业补助资金, and forbids receiving both for one person: 17号 governs for
  Chongqing employers; the national text sets the 扩岗 ceiling, which 17号 八 respects.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field

from renshe.rules.citations import Citation, Trace
from renshe.rules.employment import (
    Checks,
    GraduatePerson,
    MonthDay,
    SubsidyResult,
    assess_with,
    check_graduate_window,
    figure,
    finish,
    met_month,
    window_after,
)
from renshe.rules.money import yuan_text
from renshe.rules.months import Month, duration_text, zh_date
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register


class AbsorptionInput(GraduatePerson):
    small_micro: bool | None = Field(None, title="小微企业", description="用人单位是否属于小微企业")
    insured_from: MonthDay | None = Field(
        None, title="新参保首月", description="新参保首月或最近一次新续保首月,YYYY-MM"
    )
    insured_months: int | None = Field(
        None, ge=0, le=600, title="已连续缴纳社会保险费月数", description="截至申报时"
    )
    still_insured: bool | None = Field(None, title="仍在参保", description="申报时是否仍在参保")
    graduate_employer_si_months: int = Field(
        0,
        ge=0,
        le=120,
        title="已享受单位就业社会保险补贴月数",
        description="该人员已使单位享受的单位就业社会保险补贴月数",
    )
    expansion_received: bool = Field(
        False, title="已享受一次性扩岗补助", description="该人员是否已使单位享受一次性扩岗补助"
    )
    once_received: bool = Field(False, title="已享受过一次性吸纳就业补贴", description="同一人员只享受一次")


class AbsorptionResult(SubsidyResult):
    readings: list[dict[str, Any]] = Field(title="不同文件的规定", description="哪一个适用及理由")


def readings(when: date) -> list[dict[str, Any]]:
    """The figure of each document, and which governs (17号 三(二))."""
    ours = Decimal(figure("absorption.amount", when))
    other = Decimal(figure("absorption.engineer_list_amount", when))
    return [
        {
            "source": cite("absorption.standard").ref,
            "amount": str(ours),
            "governs": True,
            "why": "规范性文件,规定补贴对象、标准和程序",
        },
        {
            "source": cite("absorption.engineer_list").ref,
            "amount": str(other),
            "governs": False,
            "why": "服务指南,写明“按规定给予”,且对象(应届工程类高校毕业生)和条件不同",
        },
        {
            "source": cite("absorption.national_merge").ref,
            "amount": None,
            "governs": False,
            "why": "全国政策合并实施;17号晚于44号并据其制定,在重庆仍分别实施",
        },
    ]


def compute(inp: AbsorptionInput, trace: Trace) -> AbsorptionResult:
    checks = Checks(trace)
    first = (
        Month.from_date(inp.insured_from) if inp.insured_from else Month.from_date(trace.on or date.today())
    )
    when = first.first_day()
    need = int(figure("absorption.insured_months", when))
    limit = int(figure("absorption.employer_si_months_limit", when))
    checks.add("用人单位为小微企业", inp.small_micro, "absorption.target", "small_micro")
    check_graduate_window(
        checks,
        inp.graduation_date,
        inp.registered_unemployed,
        inp.insured_from,
        int(figure("absorption.window_years", when)),
        "absorption.target",
        graduation_year_too=False,
        what="新参保首月",
    )
    checks.add(
        f"在我市为其连续缴纳{duration_text(need)}以上社会保险费",
        None if inp.insured_months is None else inp.insured_months >= need,
        "absorption.target",
        "insured_months",
    )
    checks.add("申报时仍在参保", inp.still_insured, "absorption.target", "still_insured")
    checks.add("同一人员未享受过本补贴", not inp.once_received, "absorption.standard")
    checks.add("该人员未享受一次性扩岗补助", not inp.expansion_received, "absorption.excluded")
    checks.add(
        f"该人员享受单位就业社会保险补贴不足{duration_text(limit)}(“以上”含本数;且与高校毕业生单位社会保险补贴不重复享受)",
        inp.graduate_employer_si_months < limit,
        "absorption.excluded",
    )
    amount = Decimal(figure("absorption.amount", when))
    other = Decimal(figure("absorption.engineer_list_amount", when))
    trace.step(f"补贴标准{yuan_text(amount)}/人,同一人员只享受一次。", cite("absorption.standard"))
    trace.step(
        f"服务指南所列{yuan_text(other)}/人不作为标准:指南注明随政策调整更新,标准以17号为准。",
        cite("absorption.engineer_list"),
        cite("absorption.engineer_list_note"),
    )
    trace.warn(
        f"《卓越工程师培养集聚行动支持政策清单及服务指南》表1第3行写作一次性吸纳就业补贴{yuan_text(other)}/人({cite('absorption.engineer_list').ref}),"
        f"与渝人社发〔2024〕17号三(二)的{yuan_text(amount)}/人不同。本规则按17号计算:清单是服务指南,写明“按规定给予”,"
        "指向的正是17号等规定,且所列对象(应届工程类高校毕业生)和条件与17号不同,指南本身注明“将根据政策调整适时更新”;17号是规定标准的规范性文件。"
    )
    trace.warn(
        "人社部发〔2024〕44号一要求合并实施一次性吸纳就业补贴和一次性扩岗补助;重庆的渝人社发〔2024〕17号晚于44号并据其制定,"
        "仍分别规定两项补贴,并规定同一人员二者不重复享受。本规则按17号(本市经办依据)判断。"
    )
    met = met_month(first, need)
    within = int(figure("absorption.apply_within_months", when))
    apply_by = window_after(met, within)
    trace.step(
        f"连续缴费满{duration_text(need)}即{met.zh()}符合条件,应在{within}个月内申报:{zh_date(apply_by)}前。",
        cite("absorption.qualified"),
        cite("absorption.window"),
    )
    eligible = checks.eligible
    r = AbsorptionResult(
        eligible=eligible,
        subsidy=amount if eligible else Decimal(0),
        apply_by=apply_by if eligible is not False else None,
        readings=readings(when),
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in [
            "absorption.target",
            "absorption.standard",
            "absorption.window",
            "absorption.excluded",
            "absorption.engineer_list",
            "absorption.national_merge",
        ]
    ]


def governing_law(inp: AbsorptionInput) -> tuple[str, date]:
    start: date = param("absorption.amount").first.start
    return "absorption.amount", inp.insured_from or start


RULE: Rule[AbsorptionInput, AbsorptionResult] = register(
    Rule(
        name="absorption-subsidy",
        title="一次性吸纳就业补贴",
        summary="小微企业新招用登记失业的高校毕业生并连续缴纳社会保险费满规定期限的,给予一次性吸纳就业补贴;说明与高校毕业生社保补贴、扩岗补助的关系和各文件规定的差异。",
        input_model=AbsorptionInput,
        result_model=AbsorptionResult,
        compute=compute,
        basis=basis,
        assess=assess_with("一次性吸纳就业补贴"),
        in_force=governing_law,
        examples=[
            {
                "graduation_date": "2021-06-20",
                "registered_unemployed": True,
                "small_micro": True,
                "insured_from": "2024-09",
                "insured_months": 12,
                "still_insured": True,
            }
        ],
    )
)
