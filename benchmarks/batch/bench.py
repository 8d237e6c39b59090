"""Batch benchmark (issue 16): every rule CSV → CSV end to end, beside the polars read+write
floor of the same file and, for the pension adjustment, an OpenFisca peer, in one run.

    python benchmarks/batch/bench.py --rows 1000000 --profile repeated
    python benchmarks/batch/bench.py --rows 100000 --profile varied --rules retirement pension-adjustment

Each measurement is a fresh subprocess reporting its own wall time and peak RSS (VmHWM):
- `renshe`: `renshe.batch.run_batch(rule, in.csv, out.csv, columns="en")` (every core);
- `polars floor`: `pl.read_csv(in, infer_schema=False).write_csv(out)`, the least any batch costs;
- `openfisca` (pension-adjustment, the retiree roll of `synthetic.pension_rows`): the same formula
  as OpenFisca variables (benchmarks/batch/openfisca_peer.py) in the venv OPENFISCA_PYTHON
  (default /work/venvs/openfisca-bench/bin/python).
Profiles: `repeated` draws rows from each rule's cases as they are (few distinct inputs, as in a
register where many people share a birth month and category); `varied` scales amounts, counts
and dates per row (about as many distinct inputs as rows). Lines go to benchmarks/batch/results.jsonl.
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


def generate(rule: str, path: Path, rows: int, profile: str) -> None:
    from renshe.batch.synthetic import pension_rows, register

    piece = 200_000
    with path.open("wb") as f:
        done = 0
        while done < rows:
            n = min(piece, rows - done)
            if rule == "pension-adjustment" and profile == "varied":
                df = pension_rows(n, seed=done)  # a retiree roll: every pension its own amount
            else:
                df = register(rule, n, seed=done, vary=profile == "varied")
            df.write_csv(f, include_header=done == 0)
            done += n


def child(code: list[str]) -> dict[str, object]:
    t = time.perf_counter()
    out = subprocess.run(code, capture_output=True, text=True, check=True)
    rec: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    rec["wall"] = round(time.perf_counter() - t, 2)
    return rec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--profile", choices=["repeated", "varied"], default="repeated")
    ap.add_argument("--rules", nargs="*")
    ap.add_argument("--no-openfisca", action="store_true")
    args = ap.parse_args()
    from renshe.rules.registry import all_rules

    rules = args.rules or [r.name for r in all_rules()]
    stamp = time.strftime("%Y-%m-%d %H:%M")
    with tempfile.TemporaryDirectory() as tmp, (HERE / "results.jsonl").open("a") as log:
        for rule in rules:
            src, out = Path(tmp) / f"{rule}.csv", Path(tmp) / f"{rule}-out.csv"
            generate(rule, src, args.rows, args.profile)
            base = {
                "bench": "batch-16",
                "rule": rule,
                "profile": args.profile,
                "rows_in": args.rows,
                "date": stamp,
            }
            runs = [("polars floor", [sys.executable, "-c", FLOOR, str(src), str(out)])]
            runs.append(("renshe", [sys.executable, "-c", RENSHE, rule, str(src), str(out)]))
            if rule == "pension-adjustment" and not args.no_openfisca and Path(OPENFISCA).exists():
                peer = str(HERE / "openfisca_peer.py")
                runs.append(("openfisca", [OPENFISCA, peer, str(src), str(out)]))
            for label, code in runs:
                rec = {**base, "path": label, **child(code)}
                rec["rows_per_second_wall"] = round(args.rows / float(rec["wall"]))  # type: ignore[arg-type]
                print(json.dumps(rec, ensure_ascii=False), flush=True)
                log.write(json.dumps(rec, ensure_ascii=False) + "\n")
            src.unlink()


if __name__ == "__main__":
    main()
