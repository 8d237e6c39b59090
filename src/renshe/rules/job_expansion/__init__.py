"""Rule `job-expansion-subsidy` (一次性扩岗补助, catalogue E6).

Source: 渝人社发〔2024〕17号 八. An enterprise that newly hires a graduate in 毕业年度 or a registered-
unemployed graduate within two years of leaving, or a registered-unemployed youth aged 16–24, signs a
contract and pays three consecutive months of unemployment, work-injury and pension insurance, still
paying, receives 1,500 元 once per person (八(一)(二)); not with 一次性吸纳就业补贴 (八(二)); combinable with
the employer SI subsidies (八(四)4). Claim within three months of meeting the conditions; 受理 closes on
2026-06-30 (八(四)3).

人社部发〔2024〕44号 一 (national) says "政策执行至2025年12月31日" and merges 吸纳 into 扩岗. Reading taken
(stated in every answer): the national policy decides which hires are covered — the first insured
month must fall on or before 2025-12-31 — and 17号 八 decides until when Chongqing accepts claims
(2026-06-30). The answer on a date after 2026-06-30 says the 受理 has closed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

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

Hire = Literal["graduate", "unemployed_youth"]


class ExpansionInput(GraduatePerson):
    hire_kind: Hire = Field(
        "graduate",
        title="招用人员类型",
        description="graduate 高校毕业生;unemployed_youth 登记失业的青年(年龄在文件规定的范围内)",
    )
    birth_date: date | None = Field(None, title="出生日期", description="登记失业青年的出生日期,YYYY-MM-DD")
    youth_registered: bool | None = Field(None, title="青年已办理失业登记", description="招用前已登记失业")
    employer_is_enterprise: bool = Field(
        True, title="用人单位为企业", description="机关事业单位等非企业不适用"
    )
    contract_signed: bool | None = Field(None, title="已签订劳动合同", description="是或否(true / false)")
    insured_from: MonthDay | None = Field(
        None, title="新参保首月", description="新参保首月或最近一次新续保首月,YYYY-MM"
    )
    insured_months: int | None = Field(
        None, ge=0, le=600, title="已连续缴纳失业、工伤、养老保险费月数", description="截至申报时"
    )
    still_insured: bool | None = Field(
        None, title="仍在缴纳", description="申报时是否仍在缴纳失业、工伤、职工养老保险费"
    )
    absorption_received: bool = Field(
        False, title="已享受一次性吸纳就业补贴", description="同一人员二者不重复享受"
    )
    once_received: bool = Field(False, title="已享受过一次性扩岗补助", description="同一人员只享受一次")


class ExpansionResult(SubsidyResult):
    cutoff: date = Field(title="受理截止日期")
    national_until: date = Field(title="全国政策执行期限(44号)")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def compute(inp: ExpansionInput, trace: Trace) -> ExpansionResult:
    checks = Checks(trace)
    on = trace.on or date.today()
    first = Month.from_date(inp.insured_from) if inp.insured_from else Month.from_date(on)
    when = first.first_day()
    cutoff: date = figure("expansion.acceptance_until", when)
    national: date = figure("expansion.national_until", when)
    need = int(figure("expansion.insured_months", when))
    checks.add("用人单位为企业", inp.employer_is_enterprise, "expansion.target")
    if inp.hire_kind == "graduate":
        check_graduate_window(
            checks,
            inp.graduation_date,
            inp.registered_unemployed,
            inp.insured_from,
            int(figure("expansion.window_years", when)),
            "expansion.target",
            graduation_year_too=True,
            what="新参保首月",
        )
    else:
        ages = figure("expansion.youth_ages", when)
        lo, hi = int(ages["min"]), int(ages["max"])
        age = None if inp.birth_date is None else age_on(inp.birth_date, when)
        checks.add(
            f"登记失业的{lo}—{hi}岁青年" + ("" if age is None else f"(新参保首月时{age}周岁)"),
            None if age is None else lo <= age <= hi,
            "expansion.target",
            "birth_date",
        )
        checks.add("青年已办理失业登记", inp.youth_registered, "expansion.target", "youth_registered")
        if age is not None and age == hi:
            trace.warn(
                f"“{lo}—{hi}岁”按周岁计,含{hi}周岁(未满{hi + 1}周岁);年龄按新参保首月计(文件未写明计算日)。"
            )
    checks.add("与其签订劳动合同", inp.contract_signed, "expansion.target", "contract_signed")
    checks.add(
        f"连续缴纳失业、工伤、职工养老保险费{duration_text(need)}以上",
        None if inp.insured_months is None else inp.insured_months >= need,
        "expansion.target",
        "insured_months",
    )
    checks.add("申报时仍在缴纳", inp.still_insured, "expansion.target", "still_insured")
    checks.add("同一人员未享受过本补助", not inp.once_received, "expansion.standard")
    checks.add("该人员未享受一次性吸纳就业补贴", not inp.absorption_received, "expansion.standard")
    checks.add(
        f"新参保首月不晚于{zh_date(national)}(全国政策执行期限)",
        when <= national,
        "expansion.national_until",
    )
    trace.warn(
        f"人社部发〔2024〕44号一规定政策执行至{zh_date(national)},渝人社发〔2024〕17号八规定受理截止日期为{zh_date(cutoff)}。"
        f"本规则的理解:{zh_date(national)}前新招用(新参保)的人员属于政策范围(44号为国家政策,层级更高),"
        f"其申报在{zh_date(cutoff)}前受理(17号为本市经办规定,规定的是受理期限而非招用期限,二者并不矛盾)。"
        f"{zh_date(national)}之后新参保的人员,除非后续文件延续政策,不再享受。"
    )
    met = met_month(first, need)
    within = int(figure("expansion.apply_within_months", when))
    window_end = window_after(met, within)
    apply_by = min(window_end, cutoff)
    trace.step(
        f"连续缴费满{duration_text(need)}即{met.zh()}符合条件,应在{within}个月内申报({zh_date(window_end)}前),"
        f"且不晚于受理截止日期{zh_date(cutoff)}:最迟{zh_date(apply_by)}。",
        cite("expansion.qualified"),
        cite("expansion.window"),
        cite("expansion.cutoff"),
    )
    if on > cutoff:
        checks.add(f"所问日期{zh_date(on)}在受理截止日期{zh_date(cutoff)}之前", False, "expansion.cutoff")
        trace.warn(
            f"一次性扩岗补助的受理已于{zh_date(cutoff)}截止({cite('expansion.cutoff').ref}),{zh_date(on)}不能再申报。"
        )
    amount = Decimal(figure("expansion.amount", min(when, cutoff)))
    trace.step(
        f"补助标准{yuan_text(amount)}/人,同一人员只享受一次;与单位就业社会保险补贴可同时享受。",
        cite("expansion.standard"),
        cite("expansion.combines"),
    )
    trace.warn(
        "人社部发〔2024〕44号一要求合并实施一次性吸纳就业补贴和一次性扩岗补助;渝人社发〔2024〕17号(晚于44号并据其制定)"
        "在重庆分别实施,同一人员二者不重复享受:本规则按17号判断。"
    )
    eligible = checks.eligible
    r = ExpansionResult(
        eligible=eligible,
        subsidy=amount if eligible else Decimal(0),
        apply_by=apply_by if eligible is not False or on > cutoff else None,
        cutoff=cutoff,
        national_until=national,
    )
    return finish(r, checks)


def basis() -> list[Citation]:
    return [
        cite(k)
        for k in [
            "expansion.target",
            "expansion.standard",
            "expansion.window",
            "expansion.cutoff",
            "expansion.combines",
            "expansion.national",
            "expansion.national_until",
            "expansion.procedure",
        ]
    ]


def governing_law(inp: ExpansionInput) -> tuple[str, date]:
    start: date = param("expansion.amount").first.start
    return "expansion.amount", inp.insured_from or start


RULE: Rule[ExpansionInput, ExpansionResult] = register(
    Rule(
        name="job-expansion-subsidy",
        title="一次性扩岗补助",
        summary="企业新招用高校毕业生或登记失业青年、签订劳动合同并连续缴纳失业、工伤、养老保险费的,给予一次性扩岗补助;给出是否符合、金额、申报期限和受理截止日期。",
        input_model=ExpansionInput,
        result_model=ExpansionResult,
        compute=compute,
        basis=basis,
        assess=assess_with("一次性扩岗补助"),
        in_force=governing_law,
        examples=[
            {
                "graduation_date": "2025-06-20",
                "contract_signed": True,
                "insured_from": "2025-07",
                "insured_months": 3,
                "still_insured": True,
            }
        ],
    )
)
