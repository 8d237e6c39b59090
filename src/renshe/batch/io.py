"""Reading and writing batch files in chunks: CSV, XLSX and Parquet, chosen by extension.

Why chunks: a district's roll of retirees is millions of rows, and a caseworker's laptop must
not run out of memory, so every reader yields polars frames of at most `chunk_size` rows with
every column as text (the rule's model does the typing, exactly as for one person), and every
writer appends chunk by chunk. Why text: type inference on real office files guesses wrong
(a 身份证号 as a number, "2015-06" as a date) and loses rows; text loses nothing.

Chinese offices add a title row above the header ("2024年养老金调整名册") and save CSV as GBK,
so the header row is found by matching known column names in the first rows, and the encoding
is detected (UTF-8, else GB18030, a superset of GBK) unless given.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import polars as pl

from renshe.errors import InputError

FORMATS = (".csv", ".xlsx", ".parquet")
HEADER_SCAN_ROWS = 20
DETECT_BYTES = 1 << 20
XLSX_MAX_ROWS = 1_048_576


def file_format(path: Path, field_name: str) -> str:
    ext = path.suffix.lower()
    if ext == ".xls":
        raise InputError(f"不支持旧版 Excel(.xls)文件 {path.name},请另存为 .xlsx 或 .csv", field_name)
    if ext not in FORMATS:
        raise InputError(f"不支持的文件类型 {path.name}:只支持 .csv、.xlsx、.parquet", field_name)
    return ext


# --- encodings ----------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """'utf-8' (a BOM is fine) when the first megabyte decodes as UTF-8, else 'gb18030'."""
    with path.open("rb") as f:
        head = f.read(DETECT_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def canonical_encoding(name: str) -> str:
    """A Python codec name for user input (GBK, gb2312, utf8, UTF-8-SIG …); InputError if unknown."""
    try:
        codec = codecs.lookup(name.strip())
    except LookupError:
        raise InputError(f"不认识的编码 {name},可用如 utf-8、gbk、gb18030", "encoding") from None
    if codec.name in ("gbk", "gb2312"):
        return "gb18030"  # a superset: accepts every GBK file, and the rare characters beyond
    return codec.name


def transcode_to_utf8(path: Path, encoding: str, workdir: Path) -> Path:
    """Copy a non-UTF-8 text file to a temporary UTF-8 file, 1 MB at a time (bounded memory)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    fd, tmp = tempfile.mkstemp(prefix=".renshe-utf8-", suffix=".csv", dir=workdir)
    offset = 0
    try:
        with path.open("rb") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            while block := src.read(DETECT_BYTES):
                try:
                    dst.write(decoder.decode(block))
                except UnicodeDecodeError as err:
                    raise InputError(
                        f"输入文件第 {offset + err.start + 1} 字节处不是有效的 {encoding} 编码;"
                        "请用 --encoding 指定文件的编码(如 gbk、utf-8)",
                        "encoding",
                    ) from None
                offset += len(block)
            dst.write(decoder.decode(b"", final=True))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


# --- cell values --------------------------------------------------------------------------


def cell_text(value: Any) -> str | None:
    """An Excel cell as the text a person would type: 2015-06-01, 30, 2757.5, true."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value).strip()
    return text or None


# --- readers ------------------------------------------------------------------------------


@dataclass
class Table:
    """An opened input: its original headers, the header row (1-based; 0 for Parquet), its
    encoding, a row-count estimate for the progress bar, and the chunks (all columns text)."""

    headers: list[str]
    header_row: int
    encoding: str | None
    total_rows: int | None
    chunks: Iterator[pl.DataFrame]
    cleanup: list[Path] = field(default_factory=list)

    def close(self) -> None:
        for p in self.cleanup:
            p.unlink(missing_ok=True)


def pick_header(rows: list[list[str | None]], score: Callable[[str], bool]) -> int:
    """Index of the header among the first rows: the first row with the most known names."""
    best, best_score = -1, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        s = sum(1 for cell in row if cell and score(cell))
        if s > best_score:
            best, best_score = i, s
    return best


def _dedupe(headers: list[str]) -> list[str]:
    """Blank headers get 列N; duplicates get a suffix, so every column survives to the output."""
    out: list[str] = []
    seen: set[str] = set()
    for i, h in enumerate(headers, start=1):
        name = (h or "").replace("\ufeff", "").strip() or f"列{i}"
        base, n = name, 2
        while name in seen:
            name, n = f"{base}_{n}", n + 1
        seen.add(name)
        out.append(name)
    return out


def _no_header(path: Path) -> InputError:
    return InputError(
        f"在 {path.name} 的前{HEADER_SCAN_ROWS}行中找不到表头(列名与计算器的输入项都对不上)", "input"
    )


def open_csv(
    path: Path, is_known: Callable[[str], bool], encoding: str | None, chunk_size: int, workdir: Path
) -> Table:
    enc = canonical_encoding(encoding) if encoding else detect_encoding(path)
    cleanup: list[Path] = []
    src = path
    if enc not in ("utf-8", "utf-8-sig"):
        src = transcode_to_utf8(path, enc, workdir)
        cleanup.append(src)
    try:
        try:
            with src.open("r", encoding="utf-8-sig", newline="") as f:
                lines = [f.readline() for _ in range(HEADER_SCAN_ROWS)]
        except UnicodeDecodeError:
            raise InputError(
                f"输入文件 {path.name} 不是有效的 {enc} 编码;请用 --encoding 指定文件的编码(如 gbk)",
                "encoding",
            ) from None
        reader = csv.reader(line for line in lines if line)
        head: list[list[str]] = []
        ends: list[int] = []  # physical lines consumed after each row (a quoted title may span lines)
        for row in reader:
            head.append(row)
            ends.append(reader.line_num)
        if not any(any(c.strip() for c in row) for row in head):
            raise InputError(f"输入文件 {path.name} 是空的", "input")
        h = pick_header([[c or None for c in row] for row in head], is_known)
        if h < 0:
            raise _no_header(path)
        headers = _dedupe(head[h])
        chunks = _csv_chunks(src, headers, ends[h], max(1 << 20, chunk_size * 64))
    except BaseException:
        for p in cleanup:
            p.unlink(missing_ok=True)
        raise
    header_line = (ends[h - 1] if h else 0) + 1
    return Table(headers, header_line, enc, None, chunks, cleanup)


def _cut(data: bytes) -> int:
    """End of the last complete record in `data`: after a newline that is not inside quotes
    (an even number of quote characters before it; "" escapes count twice, so parity holds)."""
    pos = data.rfind(b"\n")
    while pos >= 0 and data.count(b'"', 0, pos) % 2:
        pos = data.rfind(b"\n", 0, pos)
    return pos + 1


def _csv_chunks(src: Path, headers: list[str], skip_lines: int, block: int) -> Iterator[pl.DataFrame]:
    """Pull-based CSV reading: one block of whole records at a time, parsed by polars.

    Pull-based so memory stays bounded however slow the consumer is (a background reader
    would run ahead and buffer the file); each block is cut after a record, never inside a
    quoted field.
    """
    with src.open("rb") as f:
        for _ in range(skip_lines):
            f.readline()
        carry = b""
        while True:
            data = f.read(block)
            buf = carry + data
            if not data:
                if buf.strip(b"\r\n"):
                    yield _parse(buf, headers)
                return
            end = _cut(buf)
            if end == 0:  # one record longer than a block: keep reading
                carry = buf
                continue
            carry = buf[end:]
            yield _parse(buf[:end], headers)


def _parse(data: bytes, headers: list[str]) -> pl.DataFrame:
    return pl.read_csv(
        io.BytesIO(data),
        has_header=False,
        schema={name: pl.String for name in headers},
        truncate_ragged_lines=True,
        empty_string_is_null=True,
        raise_if_empty=False,
    )


def open_xlsx(path: Path, is_known: Callable[[str], bool], sheet: str | None, chunk_size: int) -> Table:
    import openpyxl  # type: ignore[import-untyped]

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # zip, xml, or not a workbook at all
        raise InputError(f"无法读取 Excel 文件 {path.name}:{err}", "input") from None
    if sheet is not None and sheet not in wb.sheetnames:
        raise InputError(f"{path.name} 中没有工作表“{sheet}”;有:{'、'.join(wb.sheetnames)}", "sheet")
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    head: list[list[str | None]] = []
    for row in rows:
        head.append([cell_text(v) for v in row])
        if len(head) >= HEADER_SCAN_ROWS:
            break
    if not any(any(head_row) for head_row in head):
        wb.close()
        raise InputError(f"输入文件 {path.name} 是空的", "input")
    h = pick_header(head, is_known)
    if h < 0:
        wb.close()
        raise _no_header(path)
    headers = _dedupe([c or "" for c in head[h]])
    width = len(headers)
    total = (ws.max_row - h - 1) if ws.max_row else None

    def fit(r: list[str | None]) -> list[str | None]:
        return (r + [None] * width)[:width]

    def chunks() -> Iterator[pl.DataFrame]:
        buf: list[list[str | None]] = [fit(r) for r in head[h + 1 :]]
        try:
            for row in rows:
                buf.append(fit([cell_text(v) for v in row]))
                if len(buf) >= chunk_size:
                    yield _frame(headers, buf)
                    buf = []
            if buf:
                yield _frame(headers, buf)
        finally:
            wb.close()

    return Table(headers, h + 1, None, total, chunks())


def _frame(headers: list[str], rows: list[list[str | None]]) -> pl.DataFrame:
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in headers]
    return pl.DataFrame({h: pl.Series(h, c, dtype=pl.String) for h, c in zip(headers, cols, strict=True)})


def open_parquet(path: Path, chunk_size: int) -> Table:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        pf = pq.ParquetFile(path)
    except Exception as err:
        raise InputError(f"无法读取 Parquet 文件 {path.name}:{err}", "input") from None
    headers = list(pf.schema_arrow.names)
    if len(set(headers)) != len(headers):
        raise InputError(f"{path.name} 有重复的列名", "input")

    def chunks() -> Iterator[pl.DataFrame]:
        for batch in pf.iter_batches(batch_size=chunk_size):
            df = pl.from_arrow(batch)
            assert isinstance(df, pl.DataFrame)
            yield df.select(_as_text(df, c) for c in df.columns)

    return Table(headers, 0, None, pf.metadata.num_rows, chunks())


def _as_text(df: pl.DataFrame, name: str) -> pl.Expr:
    """A Parquet column as text the way a person writes it (true/false, 2015-06-01, 2757.5)."""
    dtype = df.schema[name]
    col = pl.col(name)
    if dtype == pl.Boolean:
        return pl.when(col).then(pl.lit("true")).otherwise(pl.lit("false")).alias(name)
    if dtype == pl.Datetime:
        return col.dt.strftime("%Y-%m-%d").alias(name)
    if dtype.is_float():
        integral = col.round(0) == col
        return (
            pl.when(integral & (col.abs() < 1e15))
            .then(col.cast(pl.Int64).cast(pl.String))
            .otherwise(col.cast(pl.String))
            .alias(name)
        )
    return col.cast(pl.String).alias(name)


def open_table(
    path: Path,
    is_known: Callable[[str], bool],
    *,
    encoding: str | None,
    sheet: str | None,
    chunk_size: int,
    workdir: Path,
) -> Table:
    if not path.is_file():
        raise InputError(f"找不到输入文件:{path}", "input")
    if path.stat().st_size == 0:
        raise InputError(f"输入文件 {path.name} 是空的(0 字节)", "input")
    ext = file_format(path, "input")
    if ext == ".csv":
        return open_csv(path, is_known, encoding, chunk_size, workdir)
    if encoding:
        raise InputError("--encoding 只适用于 CSV 文件", "encoding")
    if ext == ".xlsx":
        return open_xlsx(path, is_known, sheet, chunk_size)
    return open_parquet(path, chunk_size)


# --- writers ------------------------------------------------------------------------------


class Writer:
    """Appends text frames to a temporary file; `commit` renames it onto the target, so an
    interrupted run leaves the old file (or nothing), never half a file."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.ext = file_format(target, "output")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self.rows = 0
        self._csv: Any = None
        self._pq: Any = None
        self._wb: Any = None
        self._ws: Any = None

    def write(self, df: pl.DataFrame) -> None:
        if self.ext == ".csv":
            if self._csv is None:
                self._csv = self.tmp.open("wb")
                df.write_csv(self._csv, include_bom=True)
            else:
                df.write_csv(self._csv, include_header=False)
        elif self.ext == ".parquet":
            import pyarrow.parquet as pq

            table = df.to_arrow()
            if self._pq is None:
                self._pq = pq.ParquetWriter(str(self.tmp), table.schema)
            self._pq.write_table(table)
        else:
            self._write_xlsx(df)
        self.rows += df.height

    def _write_xlsx(self, df: pl.DataFrame) -> None:
        import openpyxl

        if self._wb is None:
            self._wb = openpyxl.Workbook(write_only=True)
            self._ws = self._wb.create_sheet("结果")
            self._ws.append(df.columns)
        if self.rows + df.height + 1 > XLSX_MAX_ROWS:
            raise InputError(
                f"结果超过 Excel 的行数上限({XLSX_MAX_ROWS - 1} 行数据),请输出为 .csv 或 .parquet", "output"
            )
        for row in df.iter_rows():
            self._ws.append(row)

    def commit(self, columns: list[str]) -> None:
        if self.rows == 0:  # still write the header, so an empty input gives an empty table
            self.write(pl.DataFrame({c: pl.Series(c, [], dtype=pl.String) for c in columns}))
        if self._csv is not None:
            self._csv.close()
        if self._pq is not None:
            self._pq.close()
        if self._wb is not None:
            self._wb.save(self.tmp)
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        if self._csv is not None:
            self._csv.close()
        if self._pq is not None:
            with contextlib.suppress(Exception):  # the file is being thrown away
                self._pq.close()
        self.tmp.unlink(missing_ok=True)
