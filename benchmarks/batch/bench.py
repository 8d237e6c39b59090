"""Batch benchmark (issue 16), one command, everything side by side in one run:

    python benchmarks/batch/bench.py                      # the recorded run (see benchmarks/README.md)
    python benchmarks/batch/bench.py --rows 100000 --other-rows 20000 --no-big   # a quick look

For the retirement register (two profiles) and the pension-adjustment roll, 1M rows CSV → CSV:
- `polars floor`: `pl.read_csv(in, infer_schema=False).write_csv(out)`, the least a batch costs;
- `renshe`: `renshe.batch.run_batch(rule, in, out, columns="en")` (every core);
- `openfisca` (pension only): the same formula as OpenFisca variables
  (benchmarks/batch/openfisca_peer.py) in its own venv OPENFISCA_PYTHON
  (default /work/venvs/openfisca-bench/bin/python);
- `baseline`: the batch before this work (`--baseline-src`, another checkout's `src`, e.g.
  `git archive 99e39a5 src | tar -x -C /tmp/base`) on the first `--baseline-rows` rows.
Then every other rule on `--other-rows` rows (profile `repeated`, rows drawn from its cases),
floor and renshe; and `--big` rows of retirement (profile `varied`) with the peak RSS.
Each measurement is a fresh subprocess reporting its wall time and peak RSS (VmHWM); the load
average is recorded with each. Profiles: `repeated` = rows drawn from the rule's own cases as
they are (few distinct inputs); `varied` = amounts, counts and dates moved per row (many
distinct inputs). The pension roll is `synthetic.pension_rows` (every pension its own amount).
Lines go to benchmarks/batch/results.jsonl ("bench": "batch-16b").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
OPENFISCA = os.environ.get("OPENFISCA_PYTHON", "/work/venvs/openfisca-bench/bin/python")

RENSHE = """
import json, sys
from renshe.batch import run_batch
s = run_batch(sys.argv[1], sys.argv[2], sys.argv[3], columns="en")
hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
keys = ("rows", "results", "errors", "seconds", "rows_per_second")
rec = {**{k: s[k] for k in keys}, "total_increase_sum": s.get("total_increase_sum")}
print(json.dumps({**rec, "peak_rss_mb": hwm // 1024}))
"""

FLOOR = """
import json, sys, time
import polars as pl
t = time.perf_counter()
pl.read_csv(sys.argv[1], infer_schema=False).write_csv(sys.argv[2])
hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
print(json.dumps({"seconds": round(time.perf_counter() - t, 3), "peak_rss_mb": hwm // 1024}))
"""

HEAD = """
import sys
import polars as pl
pl.read_csv(sys.argv[1], infer_schema=False, n_rows=int(sys.argv[3])).write_csv(sys.argv[2])
"""


def generate(rule: str, path: Path, rows: int, profile: str) -> None:
    from renshe.batch.synthetic import pension_rows, register

    piece = 200_000
    with path.open("wb") as f:
        done = 0
        while done < rows:
            n = min(piece, rows - done)
            if rule == "pension-adjustment" and profile == "roll":
                df = pension_rows(n, seed=done)  # a retiree roll: every pension its own amount
            else:
                df = register(rule, n, seed=done, vary=profile == "varied")
            df.write_csv(f, include_header=done == 0)
            done += n


def child(code: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    load = os.getloadavg()[0]
    t = time.perf_counter()
    out = subprocess.run(code, capture_output=True, text=True, check=True, env=env)
    rec: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    rec["wall"] = round(time.perf_counter() - t, 2)
    rec["load_before"] = round(load, 2)
    rec["load_after"] = round(os.getloadavg()[0], 2)
    return rec


class Run:
    def __init__(self, tmp: Path, log: Path, stamp: str) -> None:
        self.tmp, self.log, self.stamp = tmp, log, stamp

    def measure(self, base: dict[str, object], label: str, code: list[str], rows: int, **kw: object) -> None:
        out = self.tmp / f"out-{label.replace(' ', '-')}.csv"
        out.unlink(missing_ok=True)
        rec = {**base, "path": label, "date": self.stamp, **child(code, **kw)}  # type: ignore[arg-type]
        rec["rows_per_second_wall"] = round(rows / float(rec["wall"]))  # type: ignore[arg-type]
        rec["output_mb"] = round(out.stat().st_size / 1e6, 1) if out.exists() else None
        out.unlink(missing_ok=True)
        print(json.dumps(rec, ensure_ascii=False), flush=True)
        with self.log.open("a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def rule(self, rule: str, profile: str, rows: int, baseline: Path | None, baseline_rows: int) -> None:
        src = self.tmp / f"{rule}-{profile}.csv"
        generate(rule, src, rows, profile)
        base: dict[str, object] = {"bench": "batch-16b", "rule": rule, "profile": profile, "rows_in": rows}
        py = sys.executable
        self.measure(
            base, "polars floor", [py, "-c", FLOOR, str(src), str(self.tmp / "out-polars-floor.csv")], rows
        )
        self.measure(
            base, "renshe", [py, "-c", RENSHE, rule, str(src), str(self.tmp / "out-renshe.csv")], rows
        )
        if rule == "pension-adjustment" and Path(OPENFISCA).exists():
            peer = [OPENFISCA, str(HERE / "openfisca_peer.py"), str(src), str(self.tmp / "out-openfisca.csv")]
            self.measure(base, "openfisca", peer, rows)
        if baseline is not None:
            head = self.tmp / f"{rule}-{profile}-head.csv"
            subprocess.run([py, "-c", HEAD, str(src), str(head), str(baseline_rows)], check=True)
            env = {**os.environ, "PYTHONPATH": str(baseline)}
            code = [py, "-c", RENSHE, rule, str(head), str(self.tmp / "out-baseline.csv")]
            self.measure({**base, "rows_in": baseline_rows}, "baseline", code, baseline_rows, env=env)
            head.unlink()
        src.unlink()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--other-rows", type=int, default=200_000)
    ap.add_argument("--big", type=int, default=10_000_000)
    ap.add_argument("--no-big", action="store_true")
    ap.add_argument("--no-others", action="store_true")
    ap.add_argument("--baseline-src", type=Path)
    ap.add_argument("--baseline-rows", type=int, default=100_000)
    args = ap.parse_args()
    from renshe.rules.registry import all_rules

    stamp = time.strftime("%Y-%m-%d %H:%M")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        run = Run(Path(tmp), HERE / "results.jsonl", stamp)
        b, n = args.baseline_src, args.baseline_rows
        run.rule("retirement", "repeated", args.rows, b, n)
        run.rule("retirement", "varied", args.rows, b, n)
        run.rule("pension-adjustment", "roll", args.rows, b, n)
        if not args.no_others:
            for r in all_rules():
                if r.name not in ("retirement", "pension-adjustment"):
                    run.rule(r.name, "repeated", args.other_rows, None, n)
        if not args.no_big:
            src = Path(tmp) / "big.csv"
            generate("retirement", src, args.big, "varied")
            base: dict[str, object] = {"bench": "batch-16b", "rule": "retirement", "profile": "varied"}
            base["rows_in"] = args.big
            code = [sys.executable, "-c", RENSHE, "retirement", str(src), str(Path(tmp) / "out-renshe.csv")]
            run.measure(base, "renshe", code, args.big)
            src.unlink()


if __name__ == "__main__":
    main()
