"""The command line follows its ecosystem: --version, -h with an example, completion, piped output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from renshe import __version__


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "renshe", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_version_and_short_help() -> None:
    r = _run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"renshe {__version__}"
    r = _run("calc", "-h")
    assert r.returncode == 0 and "示例" in r.stdout
    assert "renshe calc retirement birth=1971-04 category=female55" in r.stdout


def test_shell_completion_names_commands() -> None:
    r = _run(env={"_RENSHE_COMPLETE": "complete_bash", "COMP_WORDS": "renshe ca", "COMP_CWORD": "1"})
    assert r.returncode == 0 and r.stdout.split() == ["calc"]


def test_piped_output_is_not_hard_wrapped(db_path: Path) -> None:
    """Piped to a file, a long Chinese line stays one line (rich wraps at 80 columns otherwise)."""
    r = _run("show", "渝人社发〔2024〕16号/三/(二)/2")
    assert r.returncode == 0
    text_line = next(line for line in r.stdout.splitlines() if line.startswith("2.退休人员"))
    assert text_line.endswith("计算结果按照四舍五入保留小数点后两位。")


def test_output_survives_a_gbk_terminal() -> None:
    """calc retirement prints a bullet; on a GBK console an unencodable character is escaped."""
    r = subprocess.run(
        [sys.executable, "-m", "renshe", "calc", "retirement", "birth=1971-04", "category=female55"],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "gbk"},
    )
    assert r.returncode == 0, r.stderr.decode("gbk", "replace")
    assert "法定退休年龄".encode("gbk") in r.stdout
