"""CLI fuzz: hostile argument lists never end in 内部错误, a traceback or an unescaped control
character (issue 12). Runs `renshe.cli.main` in process (hypothesis, bounded examples).

Each example is a command name followed by arguments drawn from values that broke the CLI
before: lone surrogates (bytes that are not UTF-8), control characters, 5,000-character file
names, /dev/zero, NaN/Infinity, dates such as 9999-12-31, option names with bad values.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renshe import cli

COMMANDS = [
    "eval-search", "stats", "docs", "doc", "show", "table", "findings", "search", "rules", "calc", "batch",
    "deadline", "status", "refs", "nope",
]  # fmt: skip
RULES = ["retirement", "pension-adjustment", "unemployment-benefit", "contribution-base", "x"]
NASTY = [
    "\udcff\udcfe",
    "\x1b]0;title\x07",
    "a" * 5000,
    "/dev/zero",
    "/etc/passwd",
    "/",
    "NaN",
    "-Infinity",
    "1e999999",
    "9999-12-31",
    "0000-00-00",
    "-1",
    "",
    " ",
    "=HYPERLINK(1)",
    "--json",
    "--input",
    "-",
    "--on",
    "--limit",
    "--encoding",
    "--sheet",
    "x.xls",
    "out.csv",
    "birth=9999-12",
    "separated_on=9999-12-31",
    "contribution_years=NaN",
    "category=male60",
    "渝人社发〔2024〕16号",
    "\u202e",
    "\x00",
]
ARG = st.one_of(st.sampled_from(NASTY), st.sampled_from(RULES), st.text(max_size=12))

SCALE = int(os.environ.get("RENSHE_FUZZ_SCALE", "1"))  # longer runs: RENSHE_FUZZ_SCALE=20


def run_main(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "argv", ["renshe", *argv])
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00" * 64)))
    code = 0
    try:
        cli.main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@settings(
    max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(command=st.sampled_from(COMMANDS), args=st.lists(ARG, max_size=5))
def test_no_internal_error_for_any_arguments(
    command: str, args: list[str], monkeypatch: pytest.MonkeyPatch, db_path: Path, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main([command, *args], monkeypatch)
    assert "内部错误" not in err and "Traceback" not in err, err
    assert code in (0, 2), (code, err)
    assert "\x1b" not in err and "\x07" not in err and "\x1b" not in out
    for line in err.splitlines():
        assert len(line) < 1000


def test_reproductions(monkeypatch: pytest.MonkeyPatch, db_path: Path, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(["calc", "retirement", "--input", "a" * 5000], monkeypatch)
    assert code == 2 and "文件名太长" in err and len(err) < 300
    code, _, err = run_main(["calc", "retirement", "birth=\udcff"], monkeypatch)
    assert code == 2 and "UTF-8" in err
    code, _, err = run_main(["show", "\x1b]0;pwned\x07"], monkeypatch)
    assert code == 2 and "\x1b" not in err and "\\x1b" in err
    overflow = [
        "calc", "unemployment-benefit", "contribution_years=12", "separation_reason=contract_ended",
        "registered=true", "birth=1966-03", "category=male60", "separated_on=9999-12-31",
        "applied_on=9999-12-31",
    ]  # fmt: skip
    code, _, err = run_main(overflow, monkeypatch)
    assert code == 2 and "超出可计算的范围" in err
    code, _, err = run_main(["eval-search", "/dev/zero"], monkeypatch)  # read for ever before
    assert code == 2 and "不是普通文件" in err


def test_bounded_stdin(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """`--input -` from an endless stream stops at the limit instead of reading for ever."""

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            b[:] = b"\x00" * len(b)
            return len(b)

    monkeypatch.setenv("RENSHE_LIMIT_INPUT_BYTES", str(1 << 20))
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "argv", ["renshe", "calc", "retirement", "--input", "-"])
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    with pytest.raises(SystemExit) as e:
        cli.main()
    assert e.value.code == 2 and "1 MB" in err.getvalue()
