"""Measure the knowledge-base build on this machine: parse, write, whole build (median of N).

Run: python benchmarks/build_kb.py [N]. Prints one JSON line; record it in benchmarks/README.md.
The baseline beside it is the bare cost of reading and splitting the source text.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from renshe.build import build_database
from renshe.corpus import load_source, parse_corpus


def main(n: int = 5) -> None:
    read, parse, build, stages = [], [], [], []
    for _ in range(n):
        t = time.perf_counter()
        src = load_source()
        _ = src.lines
        read.append(time.perf_counter() - t)
        t = time.perf_counter()
        parse_corpus(src)
        parse.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as d:
            report = build_database(Path(d) / "kb.db")
            build.append(report["seconds"])
            stages.append(report["parse_seconds"])
    print(
        json.dumps(
            {
                "runs": n,
                "baseline_read_split_s": round(statistics.median(read), 4),
                "parse_corpus_s": round(statistics.median(parse), 3),
                "build_database_s": round(statistics.median(build), 3),
                "build_database_max_s": round(max(build), 3),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
