"""Batch reader before and after a change, side by side in one run (same input, same machine).

    python benchmarks/batch/compare.py --baseline-src /tmp/base/src [--rows 1000000] [--repeat 2]

The baseline is another checkout's `src` directory (for issue 12: `git archive a3283dd src`);
each run is a fresh subprocess with that `src` first on sys.path, alternating baseline / current
so that load on the shared machine hits both alike. Prints and appends JSON lines to
benchmarks/batch/results.jsonl.
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
sys.path.insert(0, str(HERE))
from bench import RENSHE, generate  # noqa: E402


def run(src: Path, inp: Path, out: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    t = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-c", RENSHE, "pension-adjustment", str(inp), str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rec: dict[str, object] = json.loads(res.stdout.strip().splitlines()[-1])
    rec["wall"] = round(time.perf_counter() - t, 2)
    return rec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-src", type=Path, required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    current = HERE.parent.parent / "src"
    with tempfile.TemporaryDirectory() as d:
        inp = Path(d) / "in.csv"
        generate("pension-adjustment", inp, args.rows, "roll")
        for i in range(args.repeat):
            for label, src in (("baseline", args.baseline_src), ("current", current)):
                rec = {"bench": "reader-compare", "label": label, "repeat": i, "rows_in": args.rows}
                rec.update(run(src, inp, Path(d) / f"out-{label}.csv"))
                rec["date"] = time.strftime("%Y-%m-%d %H:%M")
                print(json.dumps(rec, ensure_ascii=False), flush=True)
                with (HERE / "results.jsonl").open("a", encoding="utf-8") as f:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
