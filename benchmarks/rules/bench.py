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


def timeit(fn: Callable[[], Any], n: int) -> float:
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n * 1e6  # µs per call


def measure(n: int, rounds: int, pairs: dict[str, Callable[[], Any]]) -> dict[str, float]:
    samples: dict[str, list[float]] = {k: [] for k in pairs}
    for _ in range(rounds):
        for k, fn in pairs.items():
            samples[k].append(timeit(fn, n))
    return {k: statistics.median(v) for k, v in samples.items()}


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
        # no formula and no plain baseline yet: `calculate` runs `compute` without steps
        "unemployment-benefit": (get_rule("unemployment-benefit").examples[0], None),
        "disability-allowance": (get_rule("disability-allowance").examples[0], None),
    }
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
    print(
        f"{'rule':22} {'plain µs':>9} {'calculate µs':>13} {'×':>6} {'compute_quiet µs':>17}"
        f" {'run_quiet µs':>13} {'run µs':>8}"
    )
    for rule_name, r in results.items():
        plain_us = r.get("plain")
        ratio = f"{r['calculate'] / plain_us:6.1f}" if plain_us else f"{'—':>6}"
        shown = f"{plain_us:9.2f}" if plain_us else f"{'—':>9}"
        print(
            f"{rule_name:22} {shown} {r['calculate']:13.2f} {ratio} {r['compute_quiet']:17.2f}"
            f" {r['run_quiet']:13.2f} {r['run']:8.1f}"
        )
    out = {
        "python": platform.python_version(),
        "n": args.n,
        "rounds": args.rounds,
        "results": {
            k: {**v, "calculate_ratio": v["calculate"] / v["plain"] if "plain" in v else None}
            for k, v in results.items()
        },
    }
    Path(__file__).with_name("results.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
