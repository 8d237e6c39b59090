"""Register screening benchmark (issue 23): 100k synthetic people screened on every registered rule.

    git show 99e39a5:src/renshe/screen/register.py > /tmp/register_start.py   # optional
    python benchmarks/screen/bench.py --rows 100000 --baseline-rows 5000 \
        --start-register /tmp/register_start.py

Measured in one run, side by side: (1) the whole file path, `renshe.app.screen_register`, CSV
with Chinese headers in → the per-person list and the per-rule summary out, on every core (the
number issue 23 asks for: under a minute), with the CPU seconds of this process and its workers
(the work, whatever else loads the machine); (2) on the first `--baseline-rows` rows, in memory,
one process: the fast path, the uncached baseline (`memo=False`: every rule validated and run for
every person) and, if given, the register module of an earlier commit (its own memo), each from
cold. Rows are synthetic (`register_rows`): birth from a valid 18-digit ID number or a birth
month, sex, district, wage, contribution months, unemployment registration, separation, hire
date, graduation, employer size; 1% messy (bad ID check digit, impossible month). The load
average (1, 5, 15 min) before and after is recorded: the machine is shared. Results are appended
as JSON lines to benchmarks/screen/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ON = date(2026, 12, 1)
DISTRICTS = ["渝中区", "江北区", "城口县", "万州区", "石柱县", "巫溪县", "沙坪坝区", "綦江区"]
REASONS = ["终止劳动合同", "被用人单位解除劳动合同", "本人辞职(本人意愿中断就业)", None]
FILE_KEYS = ("rows", "results", "errors", "blank_rows", "seconds", "rows_per_second")
HEADERS = [
    "姓名",
    "身份证号码",
    "出生年月",
    "性别",
    "区县",
    "月工资",
    "累计缴费月数",
    "累计缴费年限",
    "已办理失业登记",
    "失业登记日期",
    "离职原因",
    "离职日期",
    "入职日期(用工之日)",
    "学历",
    "毕业时间",
    "企业规模",
    "用人单位所在区县",
]


def _id_number(rng: random.Random, birth: date, male: bool) -> str:
    from renshe.rules.idcard import check_digit

    seq = rng.randrange(0, 50) * 2 + (1 if male else 0)
    first17 = f"500101{birth:%Y%m%d}{rng.randrange(10)}{seq:02d}"
    return first17 + check_digit(first17)


def register_rows(n: int, seed: int = 0, messy: float = 0.01) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        birth = date(rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28))
        male = rng.random() < 0.5
        row: dict[str, Any] = dict.fromkeys(HEADERS)
        row["姓名"] = f"人员{i + 1}"
        if rng.random() < 0.6:
            row["身份证号码"] = _id_number(rng, birth, male)
        else:
            row["出生年月"] = f"{birth:%Y-%m}"
            row["性别"] = "男" if male else "女"
        row["区县"] = rng.choice(DISTRICTS)
        if rng.random() < 0.8:
            row["月工资"] = str(rng.randrange(1800, 12000, 50))
        row["累计缴费月数"] = str(rng.randint(0, 420))
        if rng.random() < 0.3:
            sep = date(rng.randint(2023, 2026), rng.randint(1, 11), rng.randint(1, 28))
            row["已办理失业登记"] = "是"
            row["失业登记日期"] = sep.isoformat()
            row["离职日期"] = sep.isoformat()
            row["离职原因"] = rng.choice(REASONS)
            row["累计缴费年限"] = str(rng.randint(0, 30))
        if rng.random() < 0.5:
            row["入职日期(用工之日)"] = f"{rng.randint(2020, 2026)}-{rng.randint(1, 11):02d}-01"
            row["企业规模"] = rng.choice(["小型", "微型", "中型", "大型"])
            row["用人单位所在区县"] = rng.choice(DISTRICTS)
        if birth.year >= 1995:
            row["学历"] = rng.choice(["本科", "大专", "硕士研究生"])
            row["毕业时间"] = f"{birth.year + 22}-06-30"
        if rng.random() < messy:
            if row["身份证号码"]:
                row["身份证号码"] = row["身份证号码"][:17] + ("0" if row["身份证号码"][17] != "0" else "1")
            else:
                row["出生年月"] = f"{birth.year}-13"
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    import polars as pl

    pl.DataFrame(rows, schema={h: pl.String for h in HEADERS}).write_csv(path)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def in_memory(rows: list[dict[str, Any]], memo: bool, module: Any = None) -> dict[str, Any]:
    """One process, from cold: `module` is the register module to time (default: the current)."""
    if module is None:
        from renshe.screen import register as module

    s = module.RegisterScreen(HEADERS, ON, memo=memo)
    t, c = time.perf_counter(), time.process_time()
    out = [s.row(r) for r in rows]
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    s.close()
    assert len(out) == len(rows)
    return {
        "rows": len(rows),
        "seconds": round(seconds, 3),
        "rows_per_second": round(len(rows) / seconds),
        "cpu_ms_per_row": round(1000 * cpu / len(rows), 3),
    }


def _load(path: Path) -> Any:
    """A register module from a file (an earlier commit's `renshe/screen/register.py`)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("register_start", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--baseline-rows", type=int, default=10_000)
    ap.add_argument("--start-register", type=Path, help="register.py of an earlier commit, timed too")
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()
    load_before = [round(x, 1) for x in os.getloadavg()]

    from renshe.app import screen_register
    from renshe.rules.registry import all_rules

    all_rules()  # load the rules before timing (a process does this once)
    rows = register_rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "名册.csv", Path(tmp) / "名单.csv"
        write_csv(src, rows)
        cpu0 = _cpu()
        summary = screen_register(src, dst, on=ON)
        cpu = _cpu() - cpu0
        assert summary["rows"] == args.rows, summary["rows"]
        eligible = {r["rule"]: (r["eligible"], r["total_amount"]) for r in summary["rules"] if r["eligible"]}
    sample = rows[: args.baseline_rows]
    in_memory(register_rows(300, seed=1), memo=False)  # warm what every path shares (parameters)
    same: dict[str, Any] = {
        "fast": in_memory(sample, memo=True),
        "uncached_baseline": in_memory(sample, memo=False),
    }
    if args.start_register:
        same["start_commit_register"] = in_memory(sample, memo=True, module=_load(args.start_register))
    record = {
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": {"before": load_before, "after": [round(x, 1) for x in os.getloadavg()]},
        "cores": os.cpu_count(),
        "rules": len(all_rules()),
        "file": {
            **{k: summary[k] for k in FILE_KEYS},
            "workers": summary["workers"],
            "cpu_seconds": round(cpu, 1),  # this process and its workers: the work, whatever the load
        },
        "sample_one_process": same,
        "speedup_vs_uncached": round(
            same["uncached_baseline"]["cpu_ms_per_row"] / same["fast"]["cpu_ms_per_row"], 1
        ),
        "eligible_by_rule": eligible,
    }
    print(json.dumps(record, ensure_ascii=False, indent=1))
    if not args.no_record:
        with (HERE / "results.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
