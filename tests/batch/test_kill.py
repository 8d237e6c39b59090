"""A killed batch leaves nothing behind (issue 12): `renshe batch` in a subprocess, stopped by
SIGTERM or SIGINT mid-run, leaves no output and no partial file; after SIGKILL (no handler can
run) the next batch into the same directory removes the dead run's partial file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 120_000  # distinct inputs (the rule runs once per distinct row): well over a few seconds


def roll(path: Path) -> Path:
    lines = [
        f"{1950 + i % 40}-{1 + i // 40 % 12:02d},{('male60', 'female55', 'female50')[i % 3]},{i % 720}\n"
        for i in range(ROWS)
    ]
    path.write_bytes(b"birth,category,contribution_months\n" + "".join(lines).encode())
    return path


def start(tmp_path: Path, db_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "RENSHE_DB": str(db_path)}
    return subprocess.Popen(
        [sys.executable, "-m", "renshe", "batch", "retirement", "in.csv", "out.xlsx", "--json"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_part(tmp_path: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.xlsx.*.part")):
        assert proc.poll() is None, "the batch ended before it was interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    time.sleep(0.5)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_batch_leaves_no_file(tmp_path: Path, db_path: Path, sig: signal.Signals) -> None:
    roll(tmp_path / "in.csv")
    proc = start(tmp_path, db_path)
    wait_for_part(tmp_path, proc)
    proc.send_signal(sig)
    assert proc.wait(timeout=60) != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_partial_file_of_a_killed_batch_removed_by_the_next(tmp_path: Path, db_path: Path) -> None:
    roll(tmp_path / "in.csv")
    proc = start(tmp_path, db_path)
    wait_for_part(tmp_path, proc)
    proc.kill()
    proc.wait(timeout=60)
    assert list(tmp_path.glob(".out.xlsx.*.part"))  # SIGKILL: nothing could clean up
    assert not (tmp_path / "out.xlsx").exists()
    (tmp_path / "small.csv").write_text("birth,category\n1971-04,male60\n", encoding="utf-8")
    from renshe.batch import run_batch

    run_batch("retirement", tmp_path / "small.csv", tmp_path / "small-out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "small-out.csv", "small.csv"]
