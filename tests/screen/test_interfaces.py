"""`renshe screen`, POST /api/screen, the /screen page and register screening."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from renshe.app import Renshe, summary_path

MAN = {"出生年月": "1970-05", "性别": "男", "累计缴费月数": "300", "区县": "渝中区"}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "renshe", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_key_value_and_profile_file(db_path: Path, tmp_path: Path) -> None:
    r = cli("screen", *[f"{k}={v}" for k, v in MAN.items()], "--on", "2026-12-01", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert "retirement" in [ln["rule"] for ln in doc["groups"]["eligible"]]
    base = next(ln for ln in doc["groups"]["maybe"] if ln["rule"] == "contribution-base")
    assert [m["fact"] for m in base["missing"]] == ["person.wage_monthly"]
    f = tmp_path / "情况.yaml"
    f.write_text("person.birth: 1970-05\nperson.sex: 男\n", encoding="utf-8")
    r = cli("screen", "--profile", str(f), "person.contribution_months=300", "--on", "2026-12-01")
    assert r.returncode == 0, r.stderr
    assert "可以享受" in r.stdout and "法定退休年龄与弹性退休" in r.stdout and "2031年10月" in r.stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [(["brith=1970-05"], "brith"), (["--on", "2026-02-30"], "on"), (["性别=X"], "person.sex")],
)
def test_cli_bad_input_is_exit_2_in_chinese(db_path: Path, args: list[str], field: str) -> None:
    r = cli("screen", *args, "--json")
    assert r.returncode == 2
    assert json.loads(r.stdout)["error"]["field"] == field
    assert r.stderr.startswith("错误:")


def test_api_screen(client: Any) -> None:
    r = client.post("/api/screen?on=2026-12-01", json=MAN)
    assert r.status_code == 200
    doc = r.json()
    assert doc["on"] == "2026-12-01" and doc["profile"]["person.birth"] == "1970-05"
    assert "retirement" in [ln["rule"] for ln in doc["groups"]["eligible"]]
    assert client.post("/api/screen", json={"x": 1}).json()["error"]["field"] == "x"
    assert client.post("/api/screen", json=["x"]).status_code == 422
    assert client.post("/api/screen?on=2026-13-01", json={}).status_code == 422


def test_web_page_asks_three_questions_and_never_takes_an_id_number(client: Any) -> None:
    r = client.get("/screen?on=2026-12-01")
    assert r.status_code == 200 and r.text.count('<div class="field">') == 4  # 3 questions + the date
    r = client.get("/screen?person.id_number=500101197005011238&on=2026-12-01")
    assert "身份证号码不会放进网址" in r.text and "500101197005011238" not in r.text
    r = client.get("/screen", params={**MAN, "person.retirement_category": "男职工", "on": "2026-12-01"})
    assert 'data-rule="retirement"' in r.text and "可以享受" in r.text
    # a question shown and left blank is not asked again
    first = client.get("/screen?on=2026-12-01")
    import re

    shown = re.findall(r'name="(person\.[a-z_]+|job\.[a-z_]+)"', first.text)
    nxt = client.get("/screen", params={"on": "2026-12-01", "asked": ",".join(shown[:3])})
    assert not set(re.findall(r'<(?:select|input) id="q-\d" name="([^"]+)"', nxt.text)) & set(shown[:3])


def register_rows() -> list[dict[str, Any]]:
    return [
        {
            "姓名": "甲",
            "身份证号码": "500101197005011238",
            "累计缴费月数": "300",
            "月工资": "3000",
            "区县": "渝中区",
        },
        {"姓名": "乙", "身份证号码": None, "累计缴费月数": None, "月工资": None, "区县": None},
        {
            "姓名": "丙",
            "身份证号码": "500101197005011239",
            "累计缴费月数": "300",
            "月工资": "1000",
            "区县": "渝中区",
        },
        {"姓名": "丁", "身份证号码": None, "累计缴费月数": None, "月工资": "1000", "区县": "渝中区"},
    ]


@pytest.mark.parametrize("ext", [".csv", ".xlsx", ".parquet"])
def test_register_every_row_back_in_order_ids_masked(db_path: Path, tmp_path: Path, ext: str) -> None:
    src = tmp_path / f"名册{ext}"
    df = pl.DataFrame(register_rows(), schema={k: pl.String for k in register_rows()[0]})
    if ext == ".csv":
        src.write_text("2026年名册\n" + df.write_csv(), encoding="gb18030")  # a title row, GBK
    elif ext == ".xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["2026年名册"])
        ws.append(df.columns)
        for row in df.iter_rows():
            ws.append(list(row))
        wb.save(src)
    else:
        df.write_parquet(src)
    out = tmp_path / f"名单{ext}"
    summary = Renshe(db_path).screen_register(src, out, on=date(2026, 12, 1))
    assert summary["rows"] == 4 and summary["blank_rows"] == 1
    res = _read(out)
    assert res.get_column("姓名").to_list() == ["甲", "乙", "丙", "丁"]
    assert res.get_column("行号").to_list() == ["1", "2", "3", "4"]
    ids = res.get_column("身份证号码").to_list()
    assert ids[0] == "500101********1238" and ids[1] is None
    errors = res.get_column("错误").to_list()
    assert errors[1] == "空行(没有任何情况)" and errors[0] is None
    assert "法定退休年龄与弹性退休" in res.get_column("可以享受").to_list()[0]
    assert res.get_column("需要询问").to_list()[3]  # 丁: what to ask next
    # a wrong ID number (check digit) is that row's error, in its place
    assert errors[2].startswith("居民身份证号码 person.id_number 无效") and summary["errors"] == 1
    totals = _read(summary_path(out))
    mw = totals.filter(pl.col("计算器") == "minimum-wage").row(0, named=True)
    assert mw["可以享受人数"] in ("1", 1) and mw["不符合人数"] in ("1", 1)
    # nothing is left beside the outputs
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([src.name, out.name, summary_path(out).name])


def test_register_keep_ids(db_path: Path, tmp_path: Path) -> None:
    src = tmp_path / "名册.csv"
    pl.DataFrame(register_rows()[:1]).write_csv(src)
    out = tmp_path / "名单.csv"
    s = Renshe(db_path).screen_register(src, out, on=date(2026, 12, 1), keep_ids=True)
    assert s["ids_masked"] is False
    assert _read(out).get_column("身份证号码").to_list() == ["500101197005011238"]


def test_register_without_known_headers_is_refused(db_path: Path, tmp_path: Path) -> None:
    from renshe.errors import InputError

    src = tmp_path / "x.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError):
        Renshe(db_path).screen_register(src, tmp_path / "o.csv", on=date(2026, 12, 1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def _read(path: Path) -> pl.DataFrame:
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema=False)
    if path.suffix == ".xlsx":
        import openpyxl

        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
        return pl.DataFrame(
            [[None if v is None else str(v) for v in r] for r in rows[1:]],
            schema={str(c): pl.String for c in rows[0]},
            orient="row",
        )
    return pl.read_parquet(path)
