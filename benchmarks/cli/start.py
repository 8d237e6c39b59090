"""How long a command takes before it prints, beside `python -c pass` measured in the same run.

The machine is shared and noisy, so the commands are interleaved round by round and each is
reported as the median (and min) of its wall time and of its CPU time (user + sys of the child).
Run: python benchmarks/cli/start.py [--rounds 15]; appends one JSON line to results.jsonl.
Compare installs side by side in one run (e.g. the wheel of an earlier commit in its own venv):
    python benchmarks/cli/start.py --install now=/venvs/new/bin:/tmp/new.db \
        --install before=/venvs/old/bin:/tmp/old.db
(each install its own database: a version builds the database its own way, and two versions
sharing one file would rebuild it at every command).
Measure an installed wheel, not an editable checkout: a wheel install writes the .pyc files,
while a checkout run under PYTHONDONTWRITEBYTECODE=1 compiles every module at every start.
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
DATABASES: dict[str, str] = {}
PYDANTIC_MODEL = (
    "from pydantic import BaseModel, Field\n"
    "class A(BaseModel):\n    x: int = Field(1, title='t')\n    y: str | None = None\n"
    "A(x=2)"
)
ARGS = {
    "renshe --help": ["--help"],
    "calc retirement --json": ["calc", "retirement", "birth=1971-04", "category=female55", "--json"],
    "search 失业金 --json": ["search", "失业金", "--json"],
    "status --json": ["status", "渝人社发〔2019〕130号", "--on", "2024-12-01", "--json"],
}


def commands(installs: dict[str, Path | None]) -> dict[str, list[str]]:
    """The commands of every install, beside `python -c pass` of the first one."""
    out: dict[str, list[str]] = {}
    for label, bindir in installs.items():
        db = DATABASES.get(label)
        python = str(bindir / "python") if bindir else sys.executable
        renshe = str(bindir / "renshe") if bindir else (shutil.which("renshe") or "renshe")
        prefix = f"[{label}] " if len(installs) > 1 else ""
        if not out:
            out["python -c pass"] = [python, "-c", "pass"]
            # What the two libraries every command path stands on cost by themselves: the floor
            # under `calc` while rules are pydantic models and the CLI is a typer app.
            out["import typer"] = [python, "-c", "import typer"]
            out["pydantic + one model"] = [python, "-c", PYDANTIC_MODEL]
        for name, args in ARGS.items():
            out[prefix + name] = (["env", f"RENSHE_DB={db}"] if db else []) + [renshe, *args]
    return out


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
    ap.add_argument("--install", action="append", default=[], help="LABEL=BINDIR of a venv to compare")
    args = ap.parse_args()
    installs: dict[str, Path | None] = {}
    for spec in args.install:
        label, _, where = spec.partition("=")
        bindir, _, db = where.partition(":")
        installs[label] = Path(bindir)
        if db:
            DATABASES[label] = db
    cmds = commands(installs or {"": None})
    for cmd in cmds.values():  # warm: database built, files in the page cache
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    walls: dict[str, list[float]] = {k: [] for k in cmds}
    cpus: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(args.rounds):
        for name, cmd in cmds.items():
            w, c = one(cmd)
            walls[name].append(w)
            cpus[name].append(c)
    rows = {
        name: {
            "wall_median_ms": round(statistics.median(walls[name]), 1),
            "wall_min_ms": round(min(walls[name]), 1),
            "cpu_median_ms": round(statistics.median(cpus[name]), 1),
        }
        for name in cmds
    }
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "rounds": args.rounds,
        "load_average": os.getloadavg()[0],
        "installs": {k: str(v) for k, v in installs.items()},
        "results": rows,
    }
    for name, r in rows.items():
        print(
            f"{name:36} wall median {r['wall_median_ms']:7.1f} ms  min {r['wall_min_ms']:7.1f}  "
            f"cpu median {r['cpu_median_ms']:7.1f} ms"
        )
    with (HERE / "results.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
