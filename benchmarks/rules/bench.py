"""Rule call without explanation vs the same arithmetic in plain Python, side by side in one run.

Run: `python benchmarks/rules/bench.py [--n 20000]`; prints a table and writes
benchmarks/rules/results.json. For each rule the three timings are taken in the same process,
interleaved (baseline, rule, baseline, rule …) so machine load affects both alike:

- `plain`: the rule's arithmetic written inline with Decimal/int (no validation, no rule code);
- `calculate`: `Rule.calculate(inputs)` on already validated inputs, no explanation (the batch path);
- `run_quiet`: `Rule.run(raw, explain=False)` from raw text inputs (validation + contract);
- `run`: `Rule.run(raw)` with the explanation, for reference.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

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
    args = ap.parse_args()

    pension = get_rule("pension-adjustment")
    p_inp = pension.validate(PENSION_RAW, ON)
    years, amount = Decimal("25.2"), Decimal("2757.50")
    retired = 2015 * 12 + 5
    retirement = get_rule("retirement")
    r_raw = {"birth": "1971-04", "category": "female55"}
    r_inp = retirement.validate(r_raw, ON)
    b = 1971 * 12 + 3

    results = {
        "pension-adjustment": measure(
            args.n,
            args.rounds,
            {
                "plain": lambda: pension_plain(
                    retired, None, None, None, years, amount, "石柱土家族自治县", False
                ),
                "calculate": lambda: pension.calculate(p_inp, ON),
                "run_quiet": lambda: pension.run(PENSION_RAW, ON, explain=False),
                "run": lambda: pension.run(PENSION_RAW, ON),
            },
        ),
        "retirement": measure(
            args.n,
            args.rounds,
            {
                "plain": lambda: retirement_plain(b, 660, 4, 36, None),
                "calculate": lambda: retirement.calculate(r_inp, ON),
                "run_quiet": lambda: retirement.run(r_raw, ON, explain=False),
                "run": lambda: retirement.run(r_raw, ON),
            },
        ),
    }
    print(
        f"{'rule':20} {'plain µs':>9} {'calculate µs':>13} {'×':>6}"
        f" {'run_quiet µs':>13} {'×':>6} {'run µs':>8}"
    )
    for rule, r in results.items():
        print(
            f"{rule:20} {r['plain']:9.2f} {r['calculate']:13.2f} {r['calculate'] / r['plain']:6.1f}"
            f" {r['run_quiet']:13.2f} {r['run_quiet'] / r['plain']:6.1f} {r['run']:8.1f}"
        )
    out = {
        "python": platform.python_version(),
        "n": args.n,
        "rounds": args.rounds,
        "results": {k: {**v, "calculate_ratio": v["calculate"] / v["plain"]} for k, v in results.items()},
    }
    Path(__file__).with_name("results.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
