"""How long a command takes before it prints, beside `python -c pass` measured in the same run.

The machine is shared and noisy, so the commands are interleaved round by round and each is
reported as the median (and min) of its wall time and of its CPU time (user + sys of the child).
Run: python benchmarks/cli/start.py [--rounds 15]; appends one JSON line to results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent
RENSHE = shutil.which("renshe") or "renshe"
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "renshe --help": [RENSHE, "--help"],
    "calc retirement --json": [RENSHE, "calc", "retirement", "birth=1971-04", "category=female55", "--json"],
    "search 失业金 --json": [RENSHE, "search", "失业金", "--json"],
    "status --json": [RENSHE, "status", "渝人社发〔2019〕130号", "--on", "2024-12-01", "--json"],
}


def one(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    for cmd in COMMANDS.values():  # warm: database built, files in the page cache
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    walls: dict[str, list[float]] = {k: [] for k in COMMANDS}
    cpus: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for _ in range(args.rounds):
        for name, cmd in COMMANDS.items():
            w, c = one(cmd)
            walls[name].append(w)
            cpus[name].append(c)
    rows = {
        name: {
            "wall_median_ms": round(statistics.median(walls[name]), 1),
            "wall_min_ms": round(min(walls[name]), 1),
            "cpu_median_ms": round(statistics.median(cpus[name]), 1),
        }
        for name in COMMANDS
    }
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "rounds": args.rounds,
        "load_average": os.getloadavg()[0],
        "results": rows,
    }
    for name, r in rows.items():
        print(
            f"{name:28} wall median {r['wall_median_ms']:7.1f} ms  min {r['wall_min_ms']:7.1f}  "
            f"cpu median {r['cpu_median_ms']:7.1f} ms"
        )
    with (HERE / "results.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
