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

from datetime import date
from typing import Any

from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.months import Month, duration_text
from renshe.rules.params import cite
from renshe.rules.registry import Rule, built, register
from renshe.rules.retirement import CATEGORY_TEXT, Statutory, statutory
from renshe.rules.unemployment.conditions import Judged, conditions, explain_conditions
from renshe.rules.unemployment.duration import (
    AgeInterplay,
    benefit_period,
    entitled_months,
    explain_entitlement,
    explain_fund,
    explain_interplay,
    explain_period,
    fund_months,
    interplay,
    reg17,
    tier_months,
)
from renshe.rules.unemployment.models import (
    INVOLUNTARY,
    REASON_CITE,
    REASON_TEXT,
    Condition,
    Extension,
    Reading,
    UnemploymentInput,
    UnemploymentResult,
    bylaw_start,
    review_rule_start,
)
from renshe.rules.unemployment.procedure import (
    Review,
    application_deadline,
    explain_review,
    explain_stops,
    review_deadlines,
    stop_conditions,
    time_limit_note,
)

# the rule's names, wherever their provision group lives (the folder's modules)
__all__ = [
    "INVOLUNTARY",
    "REASON_CITE",
    "REASON_TEXT",
    "RULE",
    "AgeInterplay",
    "Condition",
    "Extension",
    "Judged",
    "Reading",
    "Review",
    "UnemploymentInput",
    "UnemploymentResult",
    "application_deadline",
    "assess",
    "basis",
    "benefit_period",
    "bylaw_start",
    "compute",
    "conditions",
    "entitled_months",
    "explain_conditions",
    "explain_entitlement",
    "explain_fund",
    "explain_interplay",
    "explain_period",
    "explain_review",
    "explain_statutory",
    "explain_stops",
    "formula",
    "fund_months",
    "governing_law",
    "interplay",
    "normalize_inputs",
    "reg17",
    "review_deadlines",
    "review_rule_start",
    "stop_conditions",
    "summarize",
    "tier_months",
    "time_limit_note",
]

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
