"""Batch runs: every input row accounted for, in order, with results or an explained error.

Fault injection: bad values, missing columns, wrong types (Parquet floats and booleans), an
empty file, GBK CSV, an Excel sheet with a title row above the header, an interrupted run.
Expected figures: 渝人社发〔2024〕16号 三 (lines 8238–8258), see tests/rules/test_pension_adjustment.py.
"""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from renshe.batch import run_batch as run_batch_zh
from renshe.batch import runner as runner_mod
from renshe.errors import InputError

# These tests read the output by program names (`--columns en`); test_chinese.py reads the default.
run_batch = partial(run_batch_zh, columns="en")

HEADER = "序号,人员类别,退休时间,缴费年限,2023年12月基本养老金,区县,备注"
ROWS = [
    "1,企业,2015-06,25.2,2757.50,石柱县,",
    "2,机关事业单位,2010-01-15,14.3,5000,渝中区,",
    "3,enterprise,2024-01,30,3000,黔江区,",
    "4,enterprise,2015-13,30,3000,黔江区,月份错",
    "5,enterprise,2015-06,三十,3000,北京,两处错",
    "",
    "7,enterprise,2015-06,30,3000.123,万州,",
]


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def read(path: Path) -> pl.DataFrame:
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        width = len(rows[0])
        body = [(list(r) + [None] * width)[:width] for r in rows[1:]]
        return pl.DataFrame(body, schema={str(h): pl.String for h in rows[0]}, orient="row")
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    return pl.read_csv(path, infer_schema=False)


def check_rows(out: pl.DataFrame) -> None:
    assert out["序号"].to_list()[:5] == ["1", "2", "3", "4", "5"]
    assert out["total_increase"].to_list()[:3] == ["101.15", "82.00", "0.00"]  # 2: 15 yrs→24, 0.6%→30
    assert out["eligible"].to_list()[:3] == ["true", "true", "false"]
    assert out["error_field"].to_list() == [
        None,
        None,
        None,
        "retired_on",
        "contribution_years",
        None,
        "pension_2023_12",
    ]
    assert out["error"][5] == "空行(没有任何数据)"
    assert "两位小数" in out["error"][6]


@pytest.mark.parametrize("per_row", [False, True])
def test_csv_with_title_row(tmp_path: Path, per_row: bool) -> None:
    src = write_csv(tmp_path / "in.csv", ["2024年调整名册,,", HEADER, *ROWS])
    s = run_batch("pension-adjustment", src, tmp_path / "out.csv", vectorised=not per_row)
    assert (s["rows"], s["results"], s["errors"], s["blank_rows"]) == (7, 3, 3, 1)
    assert s["header_row"] == 2 and s["ignored_columns"] == ["序号", "备注"]
    assert s["total_increase_sum"] == "183.15"
    assert s["path"] == "rule"  # one implementation: the --per-row switch changes nothing
    check_rows(read(tmp_path / "out.csv"))
    assert [e["row"] for e in s["error_samples"]] == [4, 5, 7]


def test_gbk_detected_and_explicit(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "gbk.csv", [HEADER, *ROWS], encoding="gbk")
    s = run_batch("pension-adjustment", src, tmp_path / "out.csv")
    assert s["encoding"] == "gb18030" and s["rows"] == 7
    check_rows(read(tmp_path / "out.csv"))
    s = run_batch("pension-adjustment", src, tmp_path / "out2.csv", encoding="GBK")
    assert s["rows"] == 7
    with pytest.raises(InputError) as e:
        run_batch("pension-adjustment", src, tmp_path / "out3.csv", encoding="utf-8")
    assert e.value.field == "encoding"
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_xlsx_title_row_and_types(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["重庆市2024年退休人员基本养老金调整表"])
    ws.append([])
    ws.append(HEADER.split(","))
    for line in ROWS:
        ws.append(line.split(",") if line else [])
    ws.append([8, "企业", date(2015, 6, 1), 25.2, 2757.5, "石柱", None])  # native Excel types
    wb.save(tmp_path / "in.xlsx")
    s = run_batch("pension-adjustment", tmp_path / "in.xlsx", tmp_path / "out.xlsx")
    assert s["header_row"] == 3 and s["rows"] == 8
    out = read(tmp_path / "out.xlsx")
    assert out.height == 8
    assert out.row(7)[out.columns.index("total_increase")] == "101.15"


def test_parquet_wrong_types_and_missing_column(tmp_path: Path) -> None:
    pl.DataFrame(
        {
            "retiree_type": ["enterprise", "institution", "enterprise"],
            "retired_on": [date(2015, 6, 1), date(2010, 1, 1), None],
            "contribution_years": [25.2, 30.0, 20.0],
            "pension_2023_12": [2757.5, 3000.0, 3000.0],
            "revolution_before_1954": [True, False, False],
            "extra": [1, 2, 3],
        }
    ).write_parquet(tmp_path / "in.parquet")
    s = run_batch("pension-adjustment", tmp_path / "in.parquet", tmp_path / "out.parquet")
    assert s["missing_columns"] == ["district"]
    assert (s["rows"], s["errors"]) == (3, 3)
    out = pl.read_parquet(tmp_path / "out.parquet")
    assert out["error_field"].to_list() == ["district", "district", "retired_on"]
    assert out["extra"].to_list() == ["1", "2", "3"]


def test_empty_and_headerless(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError, match="空"):
        run_batch("pension-adjustment", tmp_path / "empty.csv", tmp_path / "o.csv")
    write_csv(tmp_path / "junk.csv", ["a,b,c", "1,2,3"])
    with pytest.raises(InputError, match="表头"):
        run_batch("pension-adjustment", tmp_path / "junk.csv", tmp_path / "o.csv")
    write_csv(tmp_path / "head.csv", [HEADER])
    s = run_batch("pension-adjustment", tmp_path / "head.csv", tmp_path / "o.csv")
    assert s["rows"] == 0 and s["total_increase_sum"] == "0.00"
    assert read(tmp_path / "o.csv").columns[-2:] == ["error", "error_field"]
    assert not (tmp_path / "x.csv").exists()


def test_interrupted_run_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_csv(tmp_path / "in.csv", [HEADER, *ROWS])
    (tmp_path / "out.csv").write_text("old")
    calls = {"n": 0}
    real = runner_mod.compute_chunk

    def flaky(*a: Any, **k: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:  # after the temporary output file exists
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(runner_mod, "compute_chunk", flaky)
    with pytest.raises(KeyboardInterrupt):
        run_batch("pension-adjustment", src, tmp_path / "out.csv", chunk_size=3)
    assert (tmp_path / "out.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_retirement_rule_per_row(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "r.csv",
        ["出生年月,人员类别,累计缴费月数", "1971-04,female55,", "1965-01,male60,200", "x,male60,"],
    )
    s = run_batch("retirement", src, tmp_path / "r.csv.out.csv")
    assert (s["rows"], s["results"], s["errors"], s["path"]) == (3, 2, 1, "rule")
    out = read(tmp_path / "r.csv.out.csv")
    assert out["retirement_month"].to_list() == ["2026-08", "2025-02", None]  # 附件2 / 附件1 first rows
    assert out["retirement_age.years"].to_list()[:2] == ["55", "60"]
    assert out["error_field"].to_list() == [None, None, "birth"]


def test_cli_json_summary(tmp_path: Path) -> None:
    from renshe.cli import app

    src = write_csv(tmp_path / "in.csv", [HEADER, *ROWS])
    res = CliRunner().invoke(
        app,
        ["batch", "pension-adjustment", str(src), str(tmp_path / "o.parquet"), "--json", "--columns", "en"],
    )
    assert res.exit_code == 0, res.output
    s = json.loads(res.stdout)
    assert (s["rows"], s["errors"], s["total_increase_sum"]) == (7, 3, "183.15")
    res = CliRunner().invoke(
        app, ["batch", "pension-adjustment", str(src), str(tmp_path / "o.csv"), "--json", "--strict"]
    )
    assert res.exit_code == 2
    res = CliRunner().invoke(app, ["batch", "nope", str(src), str(tmp_path / "o.csv"), "--json"])
    assert res.exit_code == 2 and json.loads(res.stdout)["error"]["field"] == "rule"


def test_a_blank_row_adds_no_error_reason(tmp_path: Path) -> None:
    """A blank row is counted as blank, never as an error reason of 0 rows (its distinct input,
    every field missing, is replaced by the blank marker and no row points to it)."""
    src = tmp_path / "in.csv"
    src.write_text(
        "retiree_type,retired_on,contribution_years,pension_2023_12,district\n"
        "enterprise,2015-06,25.2,2757.50,石柱县\n"
        "enterprise,2015-06,-3,2757.50,石柱县\n"
        ",,,,\n",
        encoding="utf-8",
    )
    s = run_batch("pension-adjustment", src, tmp_path / "out.csv")
    assert (s["results"], s["errors"], s["blank_rows"]) == (1, 1, 1)
    assert all(n > 0 for n in s["errors_by_reason"].values())
    assert sum(s["errors_by_reason"].values()) == 1
