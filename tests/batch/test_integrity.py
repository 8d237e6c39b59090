"""Nothing lost: every input row of a malformed file comes back once, in order (issue 12).

The reproductions of the issue, one test each, then a property test that writes random
malformed CSV and XLSX files (line ends, blank lines, short and long rows, quotes, encodings,
rows across block boundaries) and checks the output row by row against Python's csv module
(for CSV) or openpyxl (for XLSX) reading the same file.
"""

from __future__ import annotations

import csv
import io
import os
import time
import zipfile
from decimal import Decimal
from functools import partial
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renshe.batch import io as batch_io
from renshe.batch import run_batch as run_batch_zh
from renshe.errors import InputError

# These tests read the output by program names (`--columns en`); test_chinese.py reads the default.
run_batch = partial(run_batch_zh, columns="en")

HEADER = ["序号", "人员类别", "退休时间", "缴费年限", "2023年12月基本养老金", "区县"]
GOOD = ["1", "企业", "2015-06", "25.2", "2757.50", "石柱县"]

SCALE = int(os.environ.get("RENSHE_FUZZ_SCALE", "1"))  # longer runs: RENSHE_FUZZ_SCALE=20


def line(cells: list[str]) -> str:
    return ",".join(cells)


def run(
    tmp_path: Path, name: str, data: bytes, out: str = "out.parquet", **kw: object
) -> tuple[dict, pl.DataFrame]:
    src = tmp_path / name
    src.write_bytes(data)
    summary = run_batch("pension-adjustment", src, tmp_path / out, **kw)  # type: ignore[arg-type]
    if out.endswith(".parquet"):
        return summary, pl.read_parquet(tmp_path / out)
    return summary, pl.read_csv(tmp_path / out, infer_schema=False)


# --- the reproductions ----------------------------------------------------------------------


def test_cr_only_line_ends_give_every_row(tmp_path: Path) -> None:
    rows = [line(HEADER), line(GOOD), line(["2", *GOOD[1:]]), line(["3", *GOOD[1:]])]
    s, out = run(tmp_path, "mac.csv", "\r".join(rows).encode())
    assert s["rows"] == 3 and s["results"] == 3
    assert out["序号"].to_list() == ["1", "2", "3"]


def test_cr_only_gbk_with_title_row(tmp_path: Path) -> None:
    rows = ["2024年调整名册", line(HEADER), line(GOOD), line(["2", *GOOD[1:]])]
    s, out = run(tmp_path, "mac.csv", ("\r".join(rows) + "\r").encode("gbk"))
    assert (s["rows"], s["header_row"], s["encoding"]) == (2, 2, "gb18030")
    assert out["区县"].to_list() == ["石柱县", "石柱县"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mac.csv", "out.parquet"]  # no transcoded copy


def test_blank_line_after_header_is_a_blank_row(tmp_path: Path) -> None:
    s, out = run(tmp_path, "b.csv", f"{line(HEADER)}\n\n{line(GOOD)}\n".encode())
    assert (s["rows"], s["blank_rows"], s["results"]) == (2, 1, 1)
    assert out["error"].to_list() == ["空行(没有任何数据)", None]


def test_short_first_row_and_short_unterminated_last_row(tmp_path: Path) -> None:
    data = f"{line(HEADER)}\n1,企业\n{line(GOOD)}\n3,企业,2015-06".encode()
    s, out = run(tmp_path, "s.csv", data)
    assert s["rows"] == 3 and s["results"] == 1 and s["errors"] == 2
    assert out["序号"].to_list() == ["1", "1", "3"]
    assert out["error_field"].to_list() == ["retired_on", None, "contribution_years"]


def test_short_row_on_a_one_mebibyte_block_boundary(tmp_path: Path) -> None:
    good = line(GOOD) + "\n"
    head = line(HEADER) + "\n"
    n = ((1 << 20) - len(head.encode())) // len(good.encode())
    pad = (1 << 20) - len(head.encode()) - n * len(good.encode())
    filler = "x" * max(pad - 1, 0)  # the short row "x…" ends exactly at byte 2^20
    data = (head + good * n + filler + "\n" + "9,企业\n" + good * 3).encode()
    s, out = run(tmp_path, "boundary.csv", data, chunk_size=1000)
    assert s["rows"] == n + 5
    assert out["序号"].to_list()[n : n + 2] == [filler or None, "9"]


def test_row_that_overflows_is_one_error_among_results(tmp_path: Path) -> None:
    header = "contribution_years,separation_reason,registered,birth,category,separated_on,applied_on"
    ok = "12,contract_ended,true,1966-03,male60,2025-06-15,2025-06-20"
    bad = "12,contract_ended,true,1966-03,male60,9999-12-31,9999-12-31"
    src = tmp_path / "u.csv"
    src.write_text("\n".join([header, ok, bad, ok]) + "\n", encoding="utf-8")
    s = run_batch("unemployment-benefit", src, tmp_path / "u-out.csv")
    assert (s["rows"], s["results"], s["errors"]) == (3, 2, 1)
    out = pl.read_csv(tmp_path / "u-out.csv", infer_schema=False)
    assert out["error"][0] is None and out["error"][2] is None
    assert "超出" in out["error"][1]


def test_extra_fields_are_a_row_error_and_trailing_empty_fields_are_not(tmp_path: Path) -> None:
    data = f"{line(HEADER)}\n{line(GOOD)},多,余\n{line(GOOD)},,\n".encode()
    s, out = run(tmp_path, "long.csv", data)
    assert (s["rows"], s["errors"], s["results"]) == (2, 1, 1)
    assert "多出 2 个字段" in out["error"][0] and "“多”" in out["error"][0]
    assert out["total_increase"].to_list() == [None, Decimal("101.15")]  # Parquet: a decimal number


def test_duplicate_header_is_reported(tmp_path: Path) -> None:
    data = f"{line(HEADER)},区县\n{line(GOOD)},北京\n".encode()
    s, out = run(tmp_path, "dup.csv", data)
    assert any("区县" in w for w in s["warnings"])
    assert out["区县_2"].to_list() == ["北京"]


def test_csv_of_a_million_columns_refused_within_a_second(tmp_path: Path) -> None:
    (tmp_path / "wide.csv").write_bytes((",".join(["序号"] * 1_000_000) + "\n1\n").encode())
    t = time.perf_counter()
    with pytest.raises(InputError, match="超过上限 200 列"):
        run_batch("pension-adjustment", tmp_path / "wide.csv", tmp_path / "o.csv")
    assert time.perf_counter() - t < 1.0


def shared_string_bomb(path: Path, size: int) -> None:
    """A valid workbook whose one shared string is `size` bytes (compresses to almost nothing)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号"])
    ws.append(["x"])
    buf = io.BytesIO()
    wb.save(buf)
    # compresslevel=1: the test builds the bomb in ~2 s instead of ~7 (2.3 MB instead of 0.5 MB)
    zout = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    with zipfile.ZipFile(buf) as zin, zout:
        for item in zin.infolist():
            if item.filename != "xl/sharedStrings.xml":
                zout.writestr(item, zin.read(item.filename))
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            block = b"A" * (1 << 20)
            for _ in range(size >> 20):
                f.write(block)
            f.write(b"</t></si></sst>")


def test_xlsx_shared_string_bomb_refused_within_a_second(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    shared_string_bomb(bomb, 512 << 20)
    assert bomb.stat().st_size < 3 << 20
    t = time.perf_counter()
    with pytest.raises(InputError, match="解压后过大") as err:
        run_batch("pension-adjustment", bomb, tmp_path / "o.csv")
    assert time.perf_counter() - t < 1.0
    assert err.value.code == "too_large"


def test_formula_cells_are_text_and_numbers_stay_numbers(tmp_path: Path) -> None:
    header = [*HEADER, "备注"]
    rows = [
        line([*GOOD, '"=HYPERLINK(""http://evil/"",""点我"")"']),
        line(["2", *GOOD[1:], "+1+1"]),
        line(["-3", *GOOD[1:], "@SUM(A1)"]),
        line(["4", *GOOD[1:], "-12.5"]),
    ]
    src = tmp_path / "inj.csv"
    src.write_text("\n".join([line(header), *rows]) + "\n", encoding="utf-8")
    run_batch("pension-adjustment", src, tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "o.xlsx").worksheets[0]
    cells = list(ws.iter_rows(min_row=2))
    note = [c.value for c in next(ws.iter_rows(max_row=1))].index("备注")  # after the row number
    assert cells[0][note].data_type == "s" and cells[0][note].value.startswith("=HYPERLINK")
    total = [c.value for c in next(ws.iter_rows(max_row=1))].index("total_increase")
    assert cells[0][total].data_type == "n" and float(cells[0][total].value) == 101.15
    run_batch("pension-adjustment", src, tmp_path / "o.csv")
    out = list(csv.reader(io.StringIO((tmp_path / "o.csv").read_text(encoding="utf-8-sig"))))
    assert [r[note] for r in out[1:]] == [
        '\'=HYPERLINK("http://evil/","点我")',
        "'+1+1",
        "'@SUM(A1)",
        "-12.5",
    ]
    assert [r[1] for r in out[1:]] == ["1", "2", "-3", "4"]  # a negative number is not prefixed
    assert [r[0] for r in out[1:]] == ["1", "2", "3", "4"]  # the row number


# --- the property: every row once, in order -------------------------------------------------

CELL = st.text(alphabet=st.sampled_from(list('ab中文 ,"\n\r\t=-0129.')), max_size=6)
ROW = st.lists(CELL, min_size=0, max_size=len(HEADER) + 2)


def to_csv(rows: list[list[str]], ending: str, quote_all: bool) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=ending, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    for r in rows:
        if r:
            w.writerow(r)
        else:
            buf.write(ending)  # a blank line
    return buf.getvalue()


def expected_rows(text: str) -> list[list[str | None]]:
    """Python's csv module reading the same text: the reference for what a row is."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    width = len(HEADER)
    return [[(c if c != "" else None) for c in (r + [""] * width)[:width]] for r in records[1:]]


@settings(
    max_examples=120 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(ROW, max_size=25),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    quote_all=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
    final_newline=st.booleans(),
    block=st.sampled_from([16, 64, 1 << 20]),
)
def test_every_csv_row_comes_back_once_in_order(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[list[str]],
    ending: str,
    quote_all: bool,
    encoding: str,
    final_newline: bool,
    block: int,
) -> None:
    monkeypatch.setattr(batch_io, "DETECT_BYTES", block)  # blocks of 16 bytes: boundaries everywhere
    text = to_csv([HEADER, *rows], ending, quote_all)
    if not final_newline and text.endswith(ending) and rows and rows[-1]:
        text = text[: -len(ending)]
    src = tmp_path / "p.csv"
    src.write_bytes(text.encode(encoding))
    out = tmp_path / "p.parquet"
    s = run_batch("pension-adjustment", src, out, chunk_size=7)
    expect = expected_rows(text.replace("\r\n", "\n").replace("\r", "\n"))
    got = pl.read_parquet(out)
    assert s["rows"] == got.height == len(expect)
    assert [list(r) for r in got.select(HEADER).iter_rows()] == expect
    assert s["rows"] == s["results"] + s["errors"] + s["blank_rows"]
    long = [
        i
        for i, r in enumerate(csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n"))))
        if i and any(c.strip() for c in r[len(HEADER) :])
    ]
    errors = got["error"].to_list()
    assert all("多出" in (errors[i - 1] or "") for i in long)


@settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.lists(
            st.one_of(st.none(), CELL.filter(lambda c: not c.startswith("="))), max_size=len(HEADER) + 2
        ),
        max_size=15,
    )
)
def test_every_xlsx_row_comes_back_once_in_order(tmp_path: Path, rows: list[list[str | None]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for r in rows:
        ws.append(r or [None])
    wb.save(tmp_path / "p.xlsx")
    s = run_batch("pension-adjustment", tmp_path / "p.xlsx", tmp_path / "p.parquet", chunk_size=4)
    got = pl.read_parquet(tmp_path / "p.parquet")
    back = list(
        openpyxl.load_workbook(tmp_path / "p.xlsx", read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    width = len(HEADER)
    expect = [[batch_io.cell_text(v) for v in (list(r) + [None] * width)[:width]] for r in back[1:]]
    assert s["rows"] == got.height == len(expect)
    assert [list(r) for r in got.select(HEADER).iter_rows()] == expect


@settings(
    max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.text(alphabet=st.sampled_from(list('a中,"\n\r 1')), max_size=60),
    block=st.sampled_from([8, 1 << 20]),
)
def test_raw_text_with_stray_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, block: int
) -> None:
    """Text that no CSV writer produced (a quote inside a field, an unclosed quote): the rows are
    still exactly those Python's csv module reads, or the file is refused as a whole."""
    monkeypatch.setattr(batch_io, "DETECT_BYTES", block)
    text = line(HEADER) + "\n" + body
    src = tmp_path / "raw.csv"
    src.write_bytes(text.encode())
    try:
        s = run_batch("pension-adjustment", src, tmp_path / "raw.parquet", chunk_size=3)
    except InputError as err:
        assert "引号" in err.message or "出错" in err.message
        return
    expect = expected_rows(text.replace("\r\n", "\n").replace("\r", "\n"))
    got = pl.read_parquet(tmp_path / "raw.parquet")
    assert s["rows"] == got.height == len(expect)
    assert [list(r) for r in got.select(HEADER).iter_rows()] == expect
