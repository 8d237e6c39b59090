"""Chinese spreadsheets in and out (issue 16): office headers and words, numbers Excel can add,
a 警告 column, an error that names the cell, templates, `-` for stdin/stdout, file modes.

Expected figures: 附件2 first rows (born 1971-04, 原55岁女职工 → 55岁4个月, 2026-08) and 附件3
(born 1975-01, 原50岁 → 50岁1个月, 2025-02); 渝人社发〔2024〕16号 三 for 城口县 (a listed remote
county: 15 元 tilt; source lines 8238–8258).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from renshe.batch import run_batch
from renshe.rules.idcard import check_digit

ON = date(2025, 6, 1)


def ident(birth8: str, female: bool) -> str:
    first17 = f"500229{birth8}00{2 if female else 1}"
    return first17 + check_digit(first17)


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def sheet(path: Path) -> tuple[list[str], list[list[openpyxl.cell.cell.Cell]]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows())
    return [str(c.value) for c in rows[0]], rows[1:]


def test_xlsx_with_chinese_headers_in_and_out(tmp_path: Path) -> None:
    src = xlsx(
        tmp_path / "名册.xlsx",
        [
            ["2025年退休名册"],
            ["姓名", "身份证号码", "人员类别", "累计缴费月数"],
            ["甲", ident("19710415", True), "女干部", "200"],
            ["乙", ident("19750110", True), "女工人", None],
            ["丙", ident("19650101", False), None, None],  # a man: 男职工 from the ID number
            ["丁", ident("19710415", True), "女", None],  # 原50 or 原55? not decided
            ["戊", ident("19710415", True)[:-1] + "0", "女干部", None],  # wrong check digit
        ],
    )
    s = run_batch("retirement", src, tmp_path / "结果.xlsx", on=ON)
    assert (s["rows"], s["results"], s["errors"]) == (5, 3, 2)
    headers, rows = sheet(tmp_path / "结果.xlsx")
    assert headers[:5] == ["行号", "姓名", "身份证号码", "人员类别", "累计缴费月数"]
    for name in ("法定退休时间", "法定退休年龄", "延迟月数", "警告", "出错的列", "错误原因"):
        assert name in headers
    col = {h: i for i, h in enumerate(headers)}
    assert [r[col["法定退休时间"]].value for r in rows] == ["2026-08", "2025-02", "2025-02", None, None]
    assert [r[col["法定退休年龄"]].value for r in rows][:3] == ["55岁4个月", "50岁1个月", "60岁1个月"]
    delay = [r[col["延迟月数"]] for r in rows[:3]]
    assert all(c.data_type == "n" for c in delay) and [c.value for c in delay] == [4, 1, 1]  # SUM works
    assert [r[col["行号"]].value for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0][col["警告"]].value and "工人" in rows[0][col["警告"]].value  # the rule's own warning
    assert rows[3][col["出错的列"]].value == "人员类别"
    assert "50周岁还是55周岁" in rows[3][col["错误原因"]].value
    assert rows[4][col["出错的列"]].value == "身份证号码" and "校验位" in rows[4][col["错误原因"]].value
    assert rows[0][col["适用延迟退休"]].value == "是"


def test_pension_xlsx_money_is_numeric_and_sums(tmp_path: Path) -> None:
    src = xlsx(
        tmp_path / "调整.xlsx",
        [
            ["人员类别", "退休时间", "缴费年限", "2023年12月基本养老金", "区县", "军转干部"],
            ["企业", "2015年6月", "25.2", "2,757.50元", "城口", "否"],
            ["机关事业单位", date(2010, 1, 15), 14.3, 5000, "渝中区", None],
        ],
    )
    s = run_batch("pension-adjustment", src, tmp_path / "o.xlsx", on=ON)
    assert s["errors"] == 0 and s["total_increase_sum"] == "183.15"  # 101.15 + 82.00
    headers, rows = sheet(tmp_path / "o.xlsx")
    total = headers.index("每月增加合计")
    cells = [r[total] for r in rows]
    assert all(c.data_type == "n" for c in cells)
    assert sum(Decimal(str(c.value)) for c in cells) == Decimal("183.15")
    assert rows[0][headers.index("艰苦边远地区倾斜")].value == 15  # 城口县 is listed
    assert rows[0][headers.index("属于调整范围")].value == "是"
    out = pl.read_parquet(run_parquet(src, tmp_path))
    assert out["total_increase"].dtype == pl.Decimal(38, 2)
    assert out["eligible"].dtype == pl.Boolean


def run_parquet(src: Path, tmp_path: Path) -> Path:
    run_batch("pension-adjustment", src, tmp_path / "o.parquet", on=ON, columns="en")
    return tmp_path / "o.parquet"


def test_template_is_a_valid_input(tmp_path: Path) -> None:
    from renshe.cli import app

    for suffix in (".csv", ".xlsx"):
        tpl = tmp_path / f"模板{suffix}"
        res = CliRunner().invoke(app, ["batch", "retirement", "--template", str(tpl)])
        assert res.exit_code == 0, res.output
        s = run_batch("retirement", tpl, tmp_path / f"o{suffix}", on=ON)
        assert (s["rows"], s["errors"], s["missing_columns"]) == (1, 0, [])


def test_stdin_stdout_and_file_mode(tmp_path: Path) -> None:
    data = f"公民身份号码,人员类别\n{ident('19710415', True)},原55岁女职工\n".encode()
    env = {**os.environ}
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "renshe",
            "batch",
            "retirement",
            "-",
            "-",
            "--on",
            "2025-06-01",
            "--columns",
            "en",
        ],
        input=data,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr.decode()
    out = pl.read_csv(res.stdout, infer_schema=False)
    assert out["retirement_month"].to_list() == ["2026-08"]
    assert out["row"].to_list() == ["1"]
    old = os.umask(0o022)
    try:
        src = tmp_path / "in.csv"
        src.write_bytes(data)
        run_batch("retirement", src, tmp_path / "o.csv", on=ON)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "o.csv").stat().st_mode) == 0o644


@pytest.mark.parametrize("columns", ["zh", "en"])
def test_explain_adds_the_steps(tmp_path: Path, columns: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text("出生年月,人员类别\n1971-04,女干部\n", encoding="utf-8")
    run_batch("retirement", src, tmp_path / "o.csv", on=ON, explain=True, columns=columns)  # type: ignore[arg-type]
    out = pl.read_csv(tmp_path / "o.csv", infer_schema=False)
    steps = out["计算过程" if columns == "zh" else "steps"][0]
    assert steps.startswith("1. ") and "2026年8月" in steps


def test_id_number_alone_decides_a_man_and_names_the_fact_for_a_woman(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"公民身份号码\n{ident('19650101', False)}\n{ident('19710415', True)}\n", encoding="utf-8")
    s = run_batch("retirement", src, tmp_path / "o.csv", on=ON, columns="en")
    out = pl.read_csv(tmp_path / "o.csv", infer_schema=False)
    assert out["retirement_month"].to_list() == ["2025-02", None]  # 附件1 first row: 60岁1个月
    assert out["error_field"].to_list() == [None, "category"] and s["missing_columns"] == ["category"]
    assert "人员类别" in out["error"][1] and "50周岁" in out["error"][1]
