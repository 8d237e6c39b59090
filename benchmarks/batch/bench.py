"""Batch benchmark: rows/s and peak memory of the vectorised and per-row paths, side by side.

    python benchmarks/batch/bench.py --rows 1000000 --paths vectorised per-row
    python benchmarks/batch/bench.py --rows 10000000 --paths vectorised

Each measured run is a fresh subprocess (`renshe.batch.run_batch`, CSV in → CSV out) that
reports its own peak RSS (VmHWM, which exec resets: ru_maxrss would include the forked
parent). The input is generated in 1M-row pieces by `renshe.batch.synthetic.pension_rows`
(1% messy rows that fall back to the per-row path). Also measured: the in-process vectorised
formula on a 1M-row frame in memory
(no file I/O), which is the ≥ 2M rows/s target of issue 5. Results are appended as JSON lines
to benchmarks/batch/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
PIECE = 1_000_000

CHILD = """
import json, sys
from renshe.batch import run_batch
s = run_batch("pension-adjustment", sys.argv[1], sys.argv[2], vectorised=sys.argv[3] == "vectorised")
hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
keys = ("rows", "results", "errors", "seconds", "rows_per_second", "vectorised_rows", "total_increase_sum")
print(json.dumps({**{k: s[k] for k in keys}, "peak_rss_mb": hwm // 1024}))
"""


def generate(path: Path, rows: int) -> None:
    from renshe.batch.synthetic import pension_rows

    with path.open("wb") as f:
        done = 0
        while done < rows:
            n = min(PIECE, rows - done)
            df = pension_rows(n, seed=done, messy=0.01)
            df.write_csv(f, include_header=done == 0)
            done += n


def in_process(rows: int = 1_000_000) -> dict[str, float]:
    from renshe.batch.columns import result_columns
    from renshe.batch.runner import compute_chunk
    from renshe.batch.synthetic import pension_rows
    from renshe.batch.vectorised import pension_adjustment, pension_adjustment_cents
    from renshe.rules.registry import get_rule

    df = pension_rows(rows, seed=1)
    pension_adjustment(df.head(1000))  # warm up: parameters, district tables, regexes

    def best_of(fn: object, n: int = 3) -> float:
        times = []
        for _ in range(n):
            t = time.perf_counter()
            fn(df)  # type: ignore[operator]
            times.append(time.perf_counter() - t)
        return min(times)

    mask, _ = pension_adjustment_cents(df)
    formula = best_of(pension_adjustment_cents)
    formatted = best_of(pension_adjustment)
    rule = get_rule("pension-adjustment")
    t = time.perf_counter()
    compute_chunk(rule, df.head(200_000), result_columns(rule.result_model), True)
    chunk = time.perf_counter() - t
    return {
        "rows": rows,
        "clean_share": round(float(mask.mean()), 4),
        "formula_rows_per_s": round(rows / formula),  # money in integer cents
        "formatted_rows_per_s": round(rows / formatted),  # money as "2757.50" strings
        "chunk_200k_rows_per_s": round(200_000 / chunk),
    }


def child(inp: Path, out: Path, path: str) -> dict[str, object]:
    t = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-c", CHILD, str(inp), str(out), path], capture_output=True, text=True
    )
    wall = time.perf_counter() - t
    if res.returncode:
        raise SystemExit(res.stderr)
    summary = json.loads(res.stdout)
    return {
        "path": path,
        **summary,
        "wall_s": round(wall, 2),
        "end_to_end_rows_per_s": round(summary["rows"] / wall),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--paths", nargs="+", default=["vectorised", "per-row"])
    ap.add_argument("--in-process", action="store_true")
    args = ap.parse_args()
    record: dict[str, object] = {"date": time.strftime("%Y-%m-%d %H:%M"), "rows": args.rows}
    if args.in_process:
        record["in_process"] = in_process()
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.csv"
        t = time.perf_counter()
        generate(inp, args.rows)
        record["generate_s"] = round(time.perf_counter() - t, 1)
        record["input_mb"] = round(inp.stat().st_size / 2**20)
        runs = []
        for path in args.paths:
            runs.append(child(inp, Path(tmp) / f"out-{path}.csv", path))
            (Path(tmp) / f"out-{path}.csv").unlink()
        record["runs"] = runs
    print(json.dumps(record, ensure_ascii=False, indent=1))
    with (HERE / "results.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
