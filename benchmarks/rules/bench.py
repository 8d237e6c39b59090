"""Rule call without explanation vs the same arithmetic in plain Python, side by side in one run.

Run: `python benchmarks/rules/bench.py [--n 20000]`; prints a table and writes
benchmarks/rules/results.json. For each rule the three timings are taken in the same process,
interleaved (baseline, rule, baseline, rule …) so machine load affects both alike:

- `plain`: the rule's arithmetic written inline with Decimal/int (no validation, no rule code);
- `calculate`: `Rule.calculate(inputs)` on already validated inputs, no explanation (the batch path);
- `compute_quiet`: `compute(inputs, Trace(explain=False))`, what `calculate` ran before the rule had
  a `formula` (the "before" of the formula, in the same run);
- `run_quiet`: `Rule.run(raw, explain=False)` from raw text inputs (validation + contract);
- `run`: `Rule.run(raw)` with the explanation, for reference.
"""

from __future__ import annotations

import argparse
import calendar
import json
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from chinese_calendar import constants as _cc  # type: ignore[import-untyped]  # the data the rule reads

from renshe.rules.citations import Trace
from renshe.rules.registry import get_rule

ON = date(2025, 6, 1)

PENSION_RAW = {
    "retiree_type": "enterprise",
    "retired_on": "2015-06",
    "contribution_years": "25.2",
    "pension_2023_12": "2757.50",
    "district": "石柱县",
}
REMOTE = frozenset(
    {
        "黔江区",
        "城口县",
        "武隆区",
        "云阳县",
        "奉节县",
        "巫山县",
        "巫溪县",
        "石柱县",
        "秀山县",
        "酉阳县",
        "彭水县",
    }
)


def pension_plain(
    retired: int,
    died: int | None,
    excluded: str | None,
    special: str | None,
    years: Decimal,
    pension: Decimal,
    district: str,
    revolution: bool,
) -> dict[str, Any]:
    """The 2024 adjustment's arithmetic inline, the same decisions as the rule: scope (一), 28 +
    1.6×max(15,⌈years⌉) + round(0.6%×pension) + tilts (三), the same eight result figures."""
    cut = 2023 * 12 + 11
    if excluded is not None or retired > cut or (died is not None and died <= cut):
        return {"eligible": False}
    counted = max(15, int(years.to_integral_value(rounding=ROUND_CEILING)))
    fixed, linked_years = Decimal(28), Decimal("1.6") * counted
    linked = (pension * Decimal("0.006")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    remote = Decimal(15) if special is None and district in REMOTE else Decimal(0)
    rev = Decimal(15) if revolution and special is None else Decimal(0)
    total = fixed + linked_years + linked + remote + rev
    return {
        "eligible": True,
        "fixed": fixed,
        "linked_years": linked_years,
        "linked_pension": linked,
        "tilt_remote": remote,
        "tilt_revolution": rev,
        "military_top_up": Decimal(0),
        "total_increase": total,
        "new_pension": pension + total,
    }


def retirement_plain(
    birth_index: int, original: int, step: int, cap: int, paid: int | None
) -> dict[str, Any]:
    """The reform's arithmetic inline with integer months, the same figures as the rule: delay,
    retirement month, age text, minimum contribution of that year (附件4), flexible window."""
    start = 2025 * 12
    orig = birth_index + original
    delay = 0 if orig < start else min((orig - start) // step + 1, cap)
    month = orig + delay
    year = month // 12
    minimum = 180 if year < 2030 else min(240, 180 + 6 * (year - 2029))
    age = original + delay
    early = late = None
    if orig >= start:
        early, late = max(month - 36, orig), month + 36
    y, m = divmod(minimum, 12)
    return {
        "age": (age // 12, age % 12),
        "age_text": f"{age // 12}岁{age % 12}个月" if age % 12 else f"{age // 12}岁",
        "month": month,
        "delay": delay,
        "reform": orig >= start,
        "original": orig,
        "start": month + 1,
        "minimum": minimum,
        "minimum_text": f"{y}年{m}个月" if m else f"{y}年",
        "early": early,
        "late": late,
        "shortfall": None if paid is None else max(0, minimum - paid),
    }


def _whole_months(start: date, end: date) -> int:
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months - 1 if after.day < start.day else months


def severance_plain(
    due: bool, wage: Decimal, start: date | None, end: date | None, months: int | None, area: Decimal | None
) -> dict[str, Any]:
    """经济补偿 inline: 第九十七条 split at 2008-01-01, 第四十七条 one month per year (≥ 6 months a
    year, < 6 half a month), 3× area cap with 12 years, rounded to the fen."""
    law = date(2008, 1, 1)
    before = 0
    if months is None:
        assert start is not None and end is not None
        if start >= law:
            months = _whole_months(start, end)
        elif end < law:
            months, before = 0, _whole_months(start, end)
        else:
            months, before = _whole_months(law, end), _whole_months(start, law - timedelta(days=1))
    if not due:
        return {"due": False, "months": months, "before": before, "compensation": Decimal(0)}
    years, rest = divmod(months, 12)
    pay = Decimal(years + 1) if rest >= 6 else Decimal(years) + (Decimal("0.5") if rest else 0)
    capped = None
    if area is not None:
        capped = wage > area * 3
        if capped:
            wage, pay = area * 3, min(pay, Decimal(12))
    amount = (wage * pay).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "due": True,
        "months": months,
        "before": before,
        "pay": pay,
        "wage": wage,
        "capped": capped,
        "compensation": amount,
    }


def damages_plain(wage: Decimal, months: int) -> dict[str, Any]:
    """赔偿金 inline: the 第四十七条 standard (no cap given), twice."""
    st = severance_plain(True, wage, None, None, months, None)
    return {**st, "multiple": 2, "damages": st["compensation"] * 2}


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def double_wage_plain(start: date, signed: date | None, until: date, wage: Decimal | None) -> dict[str, Any]:
    """二倍工资 inline: from one month after the start to the signing or the first anniversary."""
    first, anniversary = _add_months(start, 1), _add_months(start, 12)
    stop = signed if signed is not None else until + timedelta(days=1)
    deemed, stop = stop > anniversary, min(stop, anniversary)
    n = 0
    if stop > first:
        while _add_months(first, n + 1) <= stop:
            n += 1
    days = (stop - _add_months(first, n)).days if stop > first else 0
    extra = None if wage is None else (wage * n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "first": first,
        "last": stop - timedelta(days=1),
        "months": n,
        "days": days,
        "deemed": deemed,
        "extra": extra,
    }


CB_ANNUAL, CB_FLOOR, CB_CAP = Decimal(87169), Decimal(4359), Decimal(21793)


def contribution_base_plain(wage: Decimal) -> dict[str, Any]:
    """缴费基数 inline with the 2024 figures as constants: floor/cap clamp, the monthly average."""
    adjusted = "floor" if wage < CB_FLOOR else "cap" if wage > CB_CAP else None
    base = CB_FLOOR if adjusted == "floor" else CB_CAP if adjusted == "cap" else wage
    monthly = (CB_ANNUAL / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {"base": base, "floor": CB_FLOOR, "cap": CB_CAP, "monthly": monthly, "adjusted": adjusted}


TIER1 = frozenset({"渝中区", "万州区", "江北区"})  # the tier lookup is one set membership either way


def minimum_wage_plain(district: str, monthly_wage: Decimal, overtime: Decimal) -> dict[str, Any]:
    """最低工资 inline: the area's tier and standard, the wage less overtime against it."""
    tier = 1 if district in TIER1 else 2
    std = Decimal(2330) if tier == 1 else Decimal(2200)
    counted = monthly_wage - overtime
    return {
        "tier": tier,
        "monthly": std,
        "hourly": Decimal(23) if tier == 1 else Decimal(22),
        "counted": counted,
        "compliant": counted >= std,
        "shortfall": max(Decimal(0), std - counted),
    }


HOLIDAYS = {date(2025, 10, 1): ("holiday", "国庆节")}  # the day lookup is one dict access either way
RATES = {"workday": Decimal("1.5"), "rest_day": Decimal(2), "holiday": Decimal(3)}


def overtime_plain(day: date, hours: Decimal, base: Decimal, month_hours: Decimal | None) -> dict[str, Any]:
    """加班工资 inline: day kind, 第四十四条 rate, pay rounded to the fen, 第四十一条 limits."""
    kind, label = HOLIDAYS.get(day, ("workday", ""))
    k = RATES[kind]
    pay = (base * hours * k).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    work = kind == "workday"
    return {
        "kind": kind,
        "label": label,
        "rate": k,
        "pay": pay,
        "general": hours > 1 if work else None,
        "daily": hours > 3 if work else None,
        "monthly": None if month_hours is None else month_hours > 36,
    }


PROBATION_ROWS = ((3, 12, 1), (12, 36, 2), (36, None, 6))
MINIMUM = {"渝中区": Decimal(2330)}


def probation_plain(
    term: int, months: int, contract_wage: Decimal, wage: Decimal, district: str
) -> dict[str, Any]:
    """试用期 inline: 第十九条 table, 第二十条 80% floor and the local minimum."""
    limit = next((m for lo, hi, m in PROBATION_ROWS if term >= lo and (hi is None or term < hi)), 0)
    floor = (contract_wage * Decimal("0.8")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    mw = MINIMUM[district]
    wage_floor = max(floor, mw)
    return {
        "limit": limit,
        "lawful": months <= limit,
        "floor": floor,
        "mw": mw,
        "wage_floor": wage_floor,
        "wage_lawful": wage >= wage_floor,
    }


HOLIDAY_DATES, WORKED_WEEKENDS = frozenset(_cc.holidays), frozenset(_cc.workdays)
UI_TIERS = ((12, 12), (60, 18), (120, 24))
UI_STOPS = (
    "重新就业",
    "应征服兵役",
    "移居境外",
    "享受基本养老保险待遇",
    "被判刑收监执行或者被劳动教养",
    "无正当理由,拒不接受当地人民政府指定的部门或者机构介绍的工作",
    "有法律、行政法规规定的其他情形",
)
A2 = "《失业保险金申领发放办法》附件2《失业保险条例》第十四条"
UI_REFS = {
    "contributions": [f"{A2}(一)", "《失业保险金申领发放办法》第十五条(一)"],
    "involuntary": [f"{A2}(二)", "《失业保险金申领发放办法》第四条", "《失业保险金申领发放办法》第四条(一)"],
    "registered": [f"{A2}(三)"],
}


def unemployment_plain(
    birth: int, category_age: int, years: Decimal, registered: bool, separated: date, applied: date | None
) -> dict[str, Any]:
    """失业保险金 inline for a male worker separated by the end of his contract: the statutory
    month (retirement_plain), 条例第十四条's three conditions with their texts, 第十七条's tier, the
    months from registration, 决定办法第七条's extension, 76号's fund months, 60号's 10 working days
    counted on the same holiday data, 办法第十四条's 10 days, 第六条's 60 days, the two notes."""
    r = retirement_plain(birth, category_age, 4, 36, None)
    statutory, original = r["month"], r["original"]
    months = years * 12
    ok = months >= 12
    reasons = [
        {
            "condition": "contributions",
            "met": ok,
            "text": f"累计缴费{years}年(含视同缴费),满1年,符合。"
            if ok
            else f"累计缴费{years}年(含视同缴费),不满1年,不符合“履行缴费义务满1年”的条件。",
            "provisions": list(UI_REFS["contributions"]),
        },
        {
            "condition": "involuntary",
            "met": True,
            "text": "离职原因为“终止劳动合同”,属于非因本人意愿中断就业,符合。",
            "provisions": list(UI_REFS["involuntary"]),
        },
        {
            "condition": "registered",
            "met": registered,
            "text": "已办理失业登记并有求职要求,符合。",
            "provisions": list(UI_REFS["registered"]),
        },
    ]
    eligible = ok and registered
    n = 0
    for lo, m in UI_TIERS:
        if months >= lo:
            n = m
    start = end = extended = last = fund_from = fund_until = None
    if eligible and n:
        start = separated.year * 12 + separated.month - 1
        end = start + n - 1
        last = statutory if statutory <= end else end
        if end < statutory <= end + 12:
            extended = last = statutory
        lo_, hi_ = max(start, statutory - 12, 2025 * 12), min(last, statutory, 2039 * 12 + 11)
        if lo_ <= hi_:
            fund_from, fund_until = lo_, hi_
    note = (
        "审核期限:人社厅发〔2024〕60号 一规定自收到申请之日起10个工作日内审核完毕,"
        "办法第十四条为自受理申请之日起10日内。"
        "本结果以60号文的10个工作日为准:它是2024年12月30日专就失业保险金审核作出的、最新的规定,"
        "依据《社会保险经办条例》(行政法规,经办期限以工作日计)。"
        "10个工作日不短于10日,经办机构在10日内办结的,同时符合两者。"
    )
    review = bylaw = None
    if applied is not None:
        bylaw, day, counted = applied + timedelta(days=10), applied, 0
        while counted < 10:
            day += timedelta(days=1)
            if (day.weekday() < 5 and day not in HOLIDAY_DATES) or day in WORKED_WEEKENDS:
                counted += 1
        review = day
        note += (
            f"申请日{applied.isoformat()}起10个工作日,即{review.isoformat()}"
            f"前审核完毕(办法的10日为{bylaw.isoformat()})。"
        )
    deadline = separated + timedelta(days=60)
    limit = (
        f"申领时限:办法第六条要求自终止或者解除劳动合同之日起60日内申领(本例为{deadline.isoformat()}前),"
        "但人社部发〔2024〕40号 五要求全面取消申领时限等,仅凭身份证或社保卡即可申领。"
        "本结果按40号文处理,不因超过60日而拒绝:"
        "40号文经国务院同意、由同一主管部门发出,是专门针对这一限制的明确指令。"
        "但失业保险金从办理失业登记之日起计发,晚登记、晚申请会推迟起领时间,应尽早办理。"
    )
    return {
        "eligible": eligible,
        "reasons": reasons,
        "max_months": n if eligible else None,
        "start": start,
        "end": end,
        "extension": "statutory_age" if extended else None,
        "extended_until": extended,
        "last_paid": last,
        "statutory": statutory,
        "original": original,
        "fund_from": fund_from,
        "fund_until": fund_until,
        "review": review,
        "bylaw": bylaw,
        "application_deadline": deadline,
        "stops": list(UI_STOPS),
        "notes": [note, limit],
        "readings": [],
    }


DA_NOTES = (
    "申请须持有地级以上劳动能力鉴定机构作出的完全丧失劳动能力鉴定结论,鉴定结论一年内有效。",
    "领取期间不再缴纳基本养老保险费;继续就业并按规定缴费的,自恢复缴费次月起停发。",
)


def _da_minimum(month: int) -> int:
    year = month // 12
    return 180 if year < 2030 else min(240, 180 + 6 * (year - 2029))


def disability_plain(birth: int, category_age: int, paid: Decimal, applied: date) -> dict[str, Any]:
    """病残津贴 inline: the statutory month (retirement_plain), the application year's minimum
    (附件4), 第三/四/五条 by contributions and 60 months, 第五条's 12 + 3 a year beyond 5 (a part
    year a whole one), the case text, the notes and the second reading (the retirement year's
    minimum) when it gives another case."""
    statutory = retirement_plain(birth, category_age, 4, 36, None)["month"]
    month = applied.year * 12 + applied.month - 1
    distance = statutory - month
    minimum = _da_minimum(month)
    months = end = recalc = None
    start = month + 1

    def case_of(need: int) -> str:
        if paid >= need:
            return "retirement_pension" if distance <= 60 else "basic_pension"
        return "limited_period"

    case = case_of(minimum)
    if case == "basic_pension":
        recalc = statutory - 60
    elif case == "limited_period":
        beyond = paid / 12 - 5
        months = 12 + 3 * (int(beyond.to_integral_value(rounding=ROUND_CEILING)) if beyond > 0 else 0)
        end = start + months - 1
    texts = {
        "retirement_pension": "第三条情形:按退休人员基本养老金计发办法计发",
        "basic_pension": "第四条情形:按退休人员基础养老金计发办法计发,距法定退休年龄{near}时重新核算",
        "limited_period": "第五条情形:按基础养老金计发办法计发,限期领取",
    }
    other_min = _da_minimum(statutory)
    other = case_of(other_min)
    readings = []
    if other != case:
        readings = [
            {
                "reading": f"按申请年份({applied.year}年)的最低缴费年限",
                "min": minimum,
                "case": case,
                "governs": True,
            },
            {
                "reading": f"按法定退休时间所在年份({statutory // 12}年)的最低缴费年限",
                "min": other_min,
                "case": other,
                "governs": False,
            },
        ]
    notes = [
        DA_NOTES[0],
        f"领取期间接受复查鉴定;无正当理由不按时参加复查鉴定的,自告知应复查鉴定的{60}日后暂停发放,"
        "经复查鉴定为完全丧失劳动能力的恢复发放,并自暂停之日起补发。",
        DA_NOTES[1],
    ]
    return {
        "case": case,
        "case_text": texts[case].format(near="5年"),
        "months": months,
        "start": start,
        "end": end,
        "recalculate_on": recalc,
        "statutory": statutory,
        "distance": distance,
        "minimum": minimum,
        "paid": paid,
        "notes": notes,
        "readings": readings,
    }


def timeit(fn: Callable[[], Any], n: int) -> float:
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n * 1e6  # µs per call


def measure(n: int, rounds: int, pairs: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """Median and minimum over the rounds of each timing (`k` and `k_min`). The minimum is the
    figure least disturbed by the other processes on a shared machine (timeit's advice); both
    are kept, and the ratio is given for both."""
    samples: dict[str, list[float]] = {k: [] for k in pairs}
    for _ in range(rounds):
        for k, fn in pairs.items():
            samples[k].append(timeit(fn, n))
    out = {k: statistics.median(v) for k, v in samples.items()}
    out.update({f"{k}_min": min(v) for k, v in samples.items()})
    return out


def check_baselines() -> None:
    """The two text-heavy baselines give the rule's figures and texts (so the comparison is of the
    same work): checked once before timing."""
    d = date.fromisoformat
    rule = get_rule("unemployment-benefit")
    r = rule.calculate(rule.validate(rule.examples[0], ON), ON)
    p = unemployment_plain(1966 * 12 + 2, 720, Decimal(12), True, d("2025-06-15"), d("2025-06-20"))
    assert (r.max_months, r.last_paid_month.index, r.fund_pays_pension_from.index) == (
        p["max_months"],
        p["last_paid"],
        p["fund_from"],
    )
    assert (r.review_deadline, r.notes, r.stop_conditions) == (p["review"], p["notes"], p["stops"])
    assert [c.text for c in r.reasons] == [c["text"] for c in p["reasons"]]
    assert [c.provisions for c in r.reasons] == [c["provisions"] for c in p["reasons"]]
    rule = get_rule("disability-allowance")
    a = rule.calculate(rule.validate(rule.examples[0], ON), ON)
    b = disability_plain(1968 * 12 + 4, 720, Decimal(240), d("2025-03-10"))
    assert (a.case, a.case_text, a.notes, a.statutory_retirement_month.index) == (
        b["case"],
        b["case_text"],
        b["notes"],
        b["statutory"],
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--rule", action="append", help="only this rule (repeatable)")
    args = ap.parse_args()

    years, amount = Decimal("25.2"), Decimal("2757.50")
    retired = 2015 * 12 + 5
    r_raw = {"birth": "1971-04", "category": "female55"}
    b = 1971 * 12 + 3

    sev_raw = {"reason": "employer_art40", "monthly_wage": "8000", "start": "2022-01-01", "end": "2025-07-31"}
    ut_raw = {"monthly_wage": "6000", "service_months": 24}
    dw_raw = {"start": "2025-03-01", "contract_signed": "2025-09-01", "monthly_wage": "6000"}
    cb_raw = {"wage": "3000"}
    mw_raw = {"district": "渝中区", "on": "2025-03-01", "monthly_wage": "2500", "overtime_pay": "300"}
    d = date.fromisoformat
    cases: dict[str, tuple[dict[str, Any], Callable[[], Any] | None]] = {
        "pension-adjustment": (
            PENSION_RAW,
            lambda: pension_plain(retired, None, None, None, years, amount, "石柱土家族自治县", False),
        ),
        "retirement": (r_raw, lambda: retirement_plain(b, 660, 4, 36, None)),
        "severance": (
            sev_raw,
            lambda: severance_plain(True, Decimal(8000), d("2022-01-01"), d("2025-07-31"), None, None),
        ),
        "unlawful-termination": (ut_raw, lambda: damages_plain(Decimal(6000), 24)),
        "double-wage": (
            dw_raw,
            lambda: double_wage_plain(d("2025-03-01"), d("2025-09-01"), ON, Decimal(6000)),
        ),
        "contribution-base": (cb_raw, lambda: contribution_base_plain(Decimal(3000))),
        "minimum-wage": (mw_raw, lambda: minimum_wage_plain("渝中区", Decimal(2500), Decimal(300))),
        "overtime-pay": (
            {"day": "2025-10-01", "hours": "8", "hourly_base": "30"},
            lambda: overtime_plain(d("2025-10-01"), Decimal(8), Decimal(30), None),
        ),
        "probation": (
            get_rule("probation").examples[0],
            lambda: probation_plain(36, 6, Decimal(5000), Decimal(4000), "渝中区"),
        ),
        "unemployment-benefit": (
            get_rule("unemployment-benefit").examples[0],
            lambda: unemployment_plain(
                1966 * 12 + 2, 720, Decimal(12), True, d("2025-06-15"), d("2025-06-20")
            ),
        ),
        "disability-allowance": (
            get_rule("disability-allowance").examples[0],
            lambda: disability_plain(1968 * 12 + 4, 720, Decimal(240), d("2025-03-10")),
        ),
    }
    check_baselines()
    load_before = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else None
    only = set(args.rule or cases)
    results: dict[str, dict[str, float]] = {}
    for name, (raw, plain) in cases.items():
        if name not in only:
            continue
        rule = get_rule(name)
        inp = rule.validate(raw, ON)
        pairs: dict[str, Callable[[], Any]] = {}
        if plain is not None:
            pairs["plain"] = plain
        pairs["calculate"] = lambda rule=rule, inp=inp: rule.calculate(inp, ON)
        # what `calculate` ran before a rule had a formula: `compute` with steps switched off
        pairs["compute_quiet"] = lambda rule=rule, inp=inp: rule.compute(inp, Trace(on=ON, explain=False))
        pairs["run_quiet"] = lambda rule=rule, raw=raw: rule.run(raw, ON, explain=False)
        pairs["run"] = lambda rule=rule, raw=raw: rule.run(raw, ON)
        results[name] = measure(args.n, args.rounds, pairs)
    print(f"load average before: {load_before}")
    print(
        f"{'rule':22} {'plain µs':>9} {'calculate µs':>13} {'× med':>6} {'× min':>6}"
        f" {'compute_quiet µs':>17} {'run_quiet µs':>13} {'run µs':>8}"
    )
    for rule_name, r in results.items():
        plain_us = r.get("plain")
        ratio = f"{r['calculate'] / plain_us:6.1f}" if plain_us else f"{'—':>6}"
        ratio_min = f"{r['calculate_min'] / r['plain_min']:6.1f}" if plain_us else f"{'—':>6}"
        shown = f"{plain_us:9.2f}" if plain_us else f"{'—':>9}"
        print(
            f"{rule_name:22} {shown} {r['calculate']:13.2f} {ratio} {ratio_min} {r['compute_quiet']:17.2f}"
            f" {r['run_quiet']:13.2f} {r['run']:8.1f}"
        )
    load_after = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else None
    print(f"load average after: {load_after}")
    out = {
        "python": platform.python_version(),
        "load_average": {"before": load_before, "after": load_after},
        "n": args.n,
        "rounds": args.rounds,
        "results": {
            k: {
                **v,
                "calculate_ratio": v["calculate"] / v["plain"] if "plain" in v else None,
                "calculate_ratio_min": v["calculate_min"] / v["plain_min"] if "plain" in v else None,
            }
            for k, v in results.items()
        },
    }
    Path(__file__).with_name("results.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
