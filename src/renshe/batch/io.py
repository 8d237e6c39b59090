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
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from renshe.errors import InputError
from renshe.limits import MB, Limits, describe_bytes

FORMATS = (".csv", ".xlsx", ".parquet")
HEADER_SCAN_ROWS = 20
DETECT_BYTES = 1 << 20
XLSX_MAX_ROWS = 1_048_576
EXTRA = "__extra"  # reader column: why a row had more fields than the header (None when it had not)


def file_format(path: Path, field_name: str) -> str:
    ext = path.suffix.lower()
    if ext == ".xls":
        raise InputError(f"不支持旧版 Excel(.xls)文件 {short(path.name)},请另存为 .xlsx 或 .csv", field_name)
    if ext not in FORMATS:
        raise InputError(f"不支持的文件类型 {short(path.name)}:只支持 .csv、.xlsx、.parquet", field_name)
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
        raise InputError(f"不认识的编码 {short(name)},可用如 utf-8、gbk、gb18030", "encoding") from None
    if codec.name in ("gbk", "gb2312"):
        return "gb18030"  # a superset: accepts every GBK file, and the rare characters beyond
    return codec.name


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
    duplicates: list[str] = field(default_factory=list)  # header names given twice (reported)

    def close(self) -> None:
        """Stop reading: closes the file or workbook the chunk generator holds."""
        close = getattr(self.chunks, "close", None)
        if close is not None:
            close()


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
        f"在 {short(path.name)} 的前{HEADER_SCAN_ROWS}行中找不到表头(列名与计算器的输入项都对不上)", "input"
    )


def open_csv(
    path: Path,
    is_known: Callable[[str], bool],
    encoding: str | None,
    chunk_size: int,
    limits: Limits,
) -> Table:
    """A CSV file read as a stream of UTF-8 text with "\\n" line ends, header found by byte offset.

    Every line end (CRLF, LF, and the lone CR of Excel for Mac) becomes LF and any encoding is
    decoded on the fly, block by block, so the header scan and the data reader see the same
    bytes (no temporary copy, no second reader that counts lines differently).
    """
    enc = canonical_encoding(encoding) if encoding else detect_encoding(path)
    stream = _text_blocks(path, enc, max(DETECT_BYTES, chunk_size * 64))
    buf = b""
    ends: list[int] = []
    eof = False
    while len(ends) < HEADER_SCAN_ROWS and not eof and len(buf) < HEADER_SCAN_BYTES:
        block = next(stream, None)
        if block is None:
            eof = True
        else:
            buf += block
        ends = _record_ends(buf, HEADER_SCAN_ROWS, eof)
    if not ends and buf.strip():
        raise InputError(
            f"{short(path.name)} 的前 {describe_bytes(HEADER_SCAN_BYTES)} 中没有一行完整的记录(引号不成对?)",
            "input",
        )
    head: list[list[str]] = []
    for start, stop in zip([0, *ends], ends, strict=False):
        record = buf[start:stop].decode("utf-8")
        if '"' not in record and record.count(",") >= limits.columns:  # cheap: no csv parse of 10⁶ fields
            raise InputError(
                f"{short(path.name)} 的第 {len(head) + 1} 行有 {record.count(',') + 1} 列,"
                f"超过上限 {limits.columns} 列",
                "input",
            )
        try:
            fields = next(csv.reader(io.StringIO(record, newline="")), [])
        except csv.Error:
            raise InputError(
                f"{short(path.name)} 的第 {len(head) + 1} 行无法按 CSV 读取(单元格过长或引号不成对)", "input"
            ) from None
        if len(fields) > limits.columns:
            raise InputError(
                f"{short(path.name)} 的第 {len(head) + 1} 行有 {len(fields)} 列,超过上限 {limits.columns} 列",
                "input",
            )
        head.append(fields)
    if not any(any(c.strip() for c in row) for row in head):
        raise InputError(f"输入文件 {short(path.name)} 是空的", "input")
    h = pick_header([[c or None for c in row] for row in head], is_known)
    if h < 0:
        raise _no_header(path)
    headers = _dedupe(head[h])
    header_line = buf.count(b"\n", 0, ends[h - 1]) + 1 if h else 1
    chunks = _csv_chunks(buf[ends[h] :], stream, headers, limits)
    table = Table(headers, header_line, enc, None, chunks)
    table.duplicates = _duplicates(head[h])
    return table


HEADER_SCAN_BYTES = 8 << 20


def _text_blocks(path: Path, encoding: str, block: int) -> Iterator[bytes]:
    """The file as UTF-8 bytes with LF line ends, about `block` bytes at a time.

    Decoding is strict: a byte that is not valid in the encoding is an InputError naming its
    offset (a silently replaced character could change a name or an ID number). A UTF-8 file
    is only validated (its bytes are passed on, so no decoded copy is held); CR and CRLF are
    replaced on bytes, which is safe in UTF-8 and in the re-encoded text alike.
    """
    utf8 = encoding in ("utf-8", "utf-8-sig")
    decoder = codecs.getincrementaldecoder("utf-8" if utf8 else encoding)(errors="strict")
    held = b""  # a CR at the end of a block: is it CRLF or a lone CR? the next block tells
    offset = 0
    first = True
    with path.open("rb") as f:
        while True:
            raw = f.read(block)
            try:
                text = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as err:
                raise InputError(
                    f"输入文件第 {offset + max(err.start, 0) + 1} 字节附近不是有效的 {encoding} 编码;"
                    "请用 --encoding 指定文件的编码(如 gbk、utf-8)",
                    "encoding",
                ) from None
            offset += len(raw)
            data = raw if utf8 else text.encode("utf-8")
            del text
            if first:
                data = data.removeprefix(codecs.BOM_UTF8)
                first = False
            data = held + data
            held = b""
            if raw and data.endswith(b"\r"):
                held, data = b"\r", data[:-1]
            if b"\r" in data:
                data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            if data:
                yield data
            if not raw:
                return


def _record_ends(data: bytes, limit: int, eof: bool) -> list[int]:
    """Byte offsets just after each of the first `limit` records of `data` (a newline outside
    quotes ends a record; at end of file the unterminated last record ends there too)."""
    ends: list[int] = []
    start = quotes = 0
    while len(ends) < limit:
        pos = data.find(b"\n", start)
        if pos < 0:
            if eof and data[start:].strip():
                ends.append(len(data))
            break
        quotes += data.count(b'"', start, pos)
        start = pos + 1
        if quotes % 2 == 0:
            ends.append(start)
    return ends


def _duplicates(raw: list[str]) -> list[str]:
    """Header names that occur more than once (after trimming), in order of first occurrence."""
    seen: dict[str, int] = {}
    for h in raw:
        name = h.replace("\ufeff", "").strip()
        if name:
            seen[name] = seen.get(name, 0) + 1
    return [n for n, k in seen.items() if k > 1]


def _cut(data: bytes) -> int:
    """End of the last complete record in `data`: after a newline that is not inside quotes
    (an even number of quote characters before it; "" escapes count twice, so parity holds)."""
    pos = data.rfind(b"\n")
    while pos >= 0 and data.count(b'"', 0, pos) % 2:
        pos = data.rfind(b"\n", 0, pos)
    return pos + 1


def _csv_chunks(
    carry: bytes, blocks: Iterator[bytes], headers: list[str], limits: Limits
) -> Iterator[pl.DataFrame]:
    """Pull-based CSV reading: one block of whole records at a time.

    Pull-based so memory stays bounded however slow the consumer is (a background reader
    would run ahead and buffer the file); each block is cut after a record, never inside a
    quoted field. A record longer than the cell budget allows is refused rather than buffered.
    Blocks whose quotes are all well formed go to polars (fast); from the first block with a
    stray quote on, the rest of the file is read by Python's csv module, whose reading of such
    text is the reference (polars silently drops some of those cells).
    """
    max_record = limits.cell_bytes * (len(headers) + 1) + (1 << 20)
    first, carry = carry, b""  # the rest of the header scan's block is a block of its own:
    for data in itertools.chain([first], blocks):  # joined to the next, the first chunk was double
        buf = carry + data
        end = _cut(buf)
        if end == 0:  # one record longer than a block: keep reading, within reason
            if len(buf) > max_record:
                raise InputError(
                    f"输入文件中有一行超过 {describe_bytes(max_record)}(或引号不成对),无法读取", "input"
                )
            carry = buf
            continue
        if not _well_quoted(buf[:end]):
            yield from _csv_module_chunks(buf, blocks, headers, limits)
            return
        carry = buf[end:]
        yield _parse(buf[:end], headers)
    if carry:  # the last record, or trailing blank lines (blank rows, as the csv module reads them)
        if _well_quoted(carry):
            yield _parse(carry, headers)
        else:
            yield from _csv_module_chunks(carry, iter(()), headers, limits)


# A quoted field: a quote at a field start (after , or a line end, or at the start), any text
# with "" for a quote, the closing quote before , or a line end or the end. Written to start
# with the literal quote (so the regex engine jumps from quote to quote: ~300 MB/s on a roll
# with a few quoted cells; ~10 MB/s when every field is quoted).
_QUOTED = re.compile(rb'"(?<![^,\n]")[^"]*(?:""[^"]*)*"(?![^,\n])')


def _well_quoted(data: bytes) -> bool:
    """True when every quote in `data` belongs to a properly quoted field ("…", "" inside)."""
    if b'"' not in data:
        return True
    return b'"' not in _QUOTED.sub(b"", data)


def _lines(first: bytes, blocks: Iterator[bytes]) -> Iterator[str]:
    """Text lines (ends kept) of `first` and the blocks after it, for the csv module."""
    pending = ""
    for block in itertools.chain([first], blocks):
        parts = (pending + block.decode("utf-8")).split("\n")
        pending = parts.pop()
        for part in parts:
            yield part + "\n"
    if pending:
        yield pending


def _csv_module_chunks(
    first: bytes, blocks: Iterator[bytes], headers: list[str], limits: Limits, rows_per_chunk: int = 5000
) -> Iterator[pl.DataFrame]:
    width = len(headers)
    old = csv.field_size_limit(limits.cell_bytes)
    try:
        rows: list[list[str | None]] = []
        for fields in csv.reader(_lines(first, blocks)):
            rows.append(_fit_fields(fields, width))
            if len(rows) >= rows_per_chunk:
                yield _frame([*headers, EXTRA], rows)
                rows = []
        if rows:
            yield _frame([*headers, EXTRA], rows)
    except csv.Error as err:
        raise InputError(
            f"输入文件无法按 CSV 读取:{short(str(err))}(单元格上限 {describe_bytes(limits.cell_bytes)})",
            "input",
        ) from None
    finally:
        csv.field_size_limit(old)


def _fit_fields(fields: list[str], width: int) -> list[str | None]:
    cells: list[str | None] = [c if c != "" else None for c in fields[:width]]
    cells += [None] * (width - len(cells))
    rest = [c for c in fields[width:] if c.strip()]
    cells.append(extra_note(len(fields) - width, rest) if rest else None)
    return cells


def _parse(data: bytes, headers: list[str]) -> pl.DataFrame:
    """Whole, well-quoted records → a text frame of exactly the header's width plus EXTRA.

    polars is given a first line of exactly `len(headers)` empty fields (then dropped), which
    fixes the column count: a short row is padded with empty cells, a blank line is an all-empty
    row, and a row with more fields than the header makes polars refuse the block. Such a block
    is read by Python's csv module instead, which keeps the extra fields so the row can say
    what they were.
    """
    width = len(headers)
    sentinel = b",".join([b'""'] * width) + b"\n"
    try:
        df = pl.read_csv(
            io.BytesIO(sentinel + data),
            has_header=False,
            new_columns=headers,
            infer_schema=False,
            empty_string_is_null=True,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return pl.concat(list(_csv_module_chunks(data, iter(()), headers, Limits.from_env(), 1 << 30)))
    df = df.slice(1)
    if b'""' in data:  # a quoted empty field ("") is read as "", not null: make it blank like the rest
        df = df.with_columns(
            pl.when(pl.col(h) == "").then(None).otherwise(pl.col(h)).alias(h) for h in headers
        )
    return df.with_columns(pl.lit(None, dtype=pl.String).alias(EXTRA))


def extra_note(count: int, values: list[str]) -> str:
    """The error of a row with more fields than the header (values shown shortened)."""
    shown = "、".join(f"“{short(v, 20)}”" for v in values[:3])
    more = " 等" if len(values) > 3 else ""
    return (
        f"这一行比表头多出 {count} 个字段({shown}{more}),各值可能错位了列;"
        "请检查没有加引号的逗号(如 2,757.50)或表头外多填的单元格"
    )


def short(text: str, limit: int = 100) -> str:
    """User text for a message: control characters escaped, cut to `limit` characters."""
    from renshe.errors import printable

    return printable(text, limit)


def check_xlsx(path: Path, limits: Limits) -> None:
    """Refuse a zip bomb before openpyxl opens it: every part's declared uncompressed size, and
    its ratio to the compressed size, are read from the zip directory (nothing is inflated).

    Why here: openpyxl's read-only mode still holds the whole shared-strings part in memory,
    so one 512 MiB string in a 500 KB file would take the process past a gigabyte.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise InputError(
            f"无法读取 Excel 文件 {short(path.name)}:不是有效的 .xlsx({type(err).__name__})", "input"
        ) from None
    for info in infos:
        name = info.filename.lower()
        cap = (
            limits.xlsx_shared_strings_bytes
            if name.endswith("sharedstrings.xml")
            else limits.xlsx_member_bytes
        )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > cap or (info.file_size > 1 * MB and ratio > limits.xlsx_ratio):
            raise InputError(
                f"Excel 文件 {short(path.name)} 解压后过大({short(info.filename, 60)} 为 "
                f"{info.file_size // MB} MB,上限 {describe_bytes(cap)},压缩比上限 {limits.xlsx_ratio}),"
                "已拒绝;请另存为 .csv 或拆分文件",
                "input",
                code="too_large",
            )


def open_xlsx(
    path: Path, is_known: Callable[[str], bool], sheet: str | None, chunk_size: int, limits: Limits
) -> Table:
    import openpyxl  # type: ignore[import-untyped]

    check_xlsx(path, limits)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # zip, xml, or not a workbook at all
        raise InputError(f"无法读取 Excel 文件 {short(path.name)}:{short(str(err))}", "input") from None
    if sheet is not None and sheet not in wb.sheetnames:
        names = "、".join(short(n, 40) for n in wb.sheetnames[:20])
        wb.close()
        raise InputError(f"{short(path.name)} 中没有工作表“{short(sheet)}”;有:{names}", "sheet")
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    head: list[list[str | None]] = []
    try:
        for row in rows:
            if len(row) > limits.columns:
                raise InputError(
                    f"{short(path.name)} 的第 {len(head) + 1} 行有 {len(row)} 列,"
                    f"超过上限 {limits.columns} 列",
                    "input",
                )
            head.append([cell_text(v) for v in row])
            if len(head) >= HEADER_SCAN_ROWS:
                break
        if not any(any(head_row) for head_row in head):
            raise InputError(f"输入文件 {short(path.name)} 是空的", "input")
        h = pick_header(head, is_known)
        if h < 0:
            raise _no_header(path)
    except BaseException:
        wb.close()
        raise
    headers = _dedupe([c or "" for c in head[h]])
    width = len(headers)
    total = (ws.max_row - h - 1) if ws.max_row else None

    def fit(r: list[str | None]) -> list[str | None]:
        cells = (r + [None] * width)[:width]
        rest = [c for c in r[width:] if c]
        cells.append(extra_note(len(r) - width, rest) if rest else None)
        return cells

    def chunks() -> Iterator[pl.DataFrame]:
        buf: list[list[str | None]] = [fit(r) for r in head[h + 1 :]]
        try:
            for row in rows:
                if len(row) > limits.columns:  # a row far wider than the header: do not convert it
                    buf.append([None] * width + [f"这一行有 {len(row)} 列,超过上限 {limits.columns} 列"])
                else:
                    buf.append(fit([cell_text(v) for v in row]))
                if len(buf) >= chunk_size:
                    yield _frame([*headers, EXTRA], buf)
                    buf = []
            if buf:
                yield _frame([*headers, EXTRA], buf)
        finally:
            wb.close()

    table = Table(headers, h + 1, None, total, chunks())
    table.duplicates = _duplicates([c or "" for c in head[h]])
    return table


def _frame(headers: list[str], rows: list[list[str | None]]) -> pl.DataFrame:
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in headers]
    return pl.DataFrame({h: pl.Series(h, c, dtype=pl.String) for h, c in zip(headers, cols, strict=True)})


def open_parquet(path: Path, chunk_size: int, limits: Limits) -> Table:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        pf = pq.ParquetFile(path)
    except Exception as err:
        raise InputError(f"无法读取 Parquet 文件 {short(path.name)}:{short(str(err))}", "input") from None
    headers = list(pf.schema_arrow.names)
    if len(set(headers)) != len(headers):
        raise InputError(f"{short(path.name)} 有重复的列名", "input")

    def chunks() -> Iterator[pl.DataFrame]:
        for batch in pf.iter_batches(batch_size=chunk_size):
            df = pl.from_arrow(batch)
            assert isinstance(df, pl.DataFrame)
            yield df.select(_as_text(df, c) for c in df.columns).with_columns(
                pl.lit(None, dtype=pl.String).alias(EXTRA)
            )

    if len(headers) > limits.columns:
        raise InputError(f"{short(path.name)} 有 {len(headers)} 列,超过上限 {limits.columns} 列", "input")
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
    limits: Limits | None = None,
) -> Table:
    """The input file opened for chunked reading; every frame has the header's columns plus EXTRA."""
    lim = limits or Limits.from_env()
    if not path.is_file():
        raise InputError(f"找不到输入文件:{short(str(path))}", "input")
    if path.stat().st_size == 0:
        raise InputError(f"输入文件 {short(path.name)} 是空的(0 字节)", "input")
    ext = file_format(path, "input")
    if ext == ".csv":
        return open_csv(path, is_known, encoding, chunk_size, lim)
    if encoding:
        raise InputError("--encoding 只适用于 CSV 文件", "encoding")
    if ext == ".xlsx":
        return open_xlsx(path, is_known, sheet, chunk_size, lim)
    return open_parquet(path, chunk_size, lim)


# --- writers ------------------------------------------------------------------------------


PART_SUFFIX = ".part"
_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)$"
_RISKY = r"^[=+\-@\t\r\n]"  # OWASP CSV injection: a cell that starts like a formula
_NUMBER_RE = re.compile(_NUMBER)


def _part_pid(path: Path) -> int | None:
    m = re.search(r"\.(\d+)\.[^.]*\.part$", path.name)
    return int(m.group(1)) if m else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_parts(directory: Path) -> list[Path]:
    """Remove partial outputs left by a batch that was killed (its process no longer exists).

    A live run's `.part` file is left alone: the owner's PID is part of the name."""
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for p in directory.glob(f".*{PART_SUFFIX}"):
            pid = _part_pid(p)
            if pid is not None and pid != os.getpid() and not _alive(pid):
                with contextlib.suppress(OSError):
                    p.unlink()
                    removed.append(p)
    return removed


def defuse_csv(df: pl.DataFrame, plain: set[str] | None = None) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP).

    A cell that is a plain number ("-12.50", "+3") is left as it is: a negative amount is a
    number, and Excel reads it as one, not as a formula."""
    text = [name for name, dtype in df.schema.items() if dtype == pl.String and name not in (plain or ())]
    if not text or df.height == 0:
        return df
    flagged = df.select(pl.col(c).str.slice(0, 1).is_in(_RISKY_FIRST).any() for c in text).row(0)
    exprs = []
    for name, any_risky in zip(text, flagged, strict=True):
        if any_risky:  # only columns with such a cell are rewritten (a copy of every column is costly)
            col = pl.col(name)
            risky = col.str.contains(_RISKY) & ~col.str.contains(_NUMBER)
            exprs.append(pl.when(risky).then(pl.lit("'") + col).otherwise(col).alias(name))
    return df.with_columns(exprs) if exprs else df


_CSV_QUOTE = r'[,"\r\n]'
_PLAIN_KINDS = ("money", "int", "decimal")  # result cells that are numbers (or empty): never a formula
_RISKY_FIRST = ["=", "+", "-", "@", "\t", "\r", "\n"]  # _RISKY as first characters


def csv_cell(col: pl.Expr) -> pl.Expr:
    """A text cell as `Writer.write` puts it in a CSV file: a formula-like cell defused (see
    `defuse_csv`), quoted when it holds a comma, a quote or a line break, or is empty; null as
    nothing."""
    risky = col.str.contains(_RISKY) & ~col.str.contains(_NUMBER)
    col = pl.when(risky).then(pl.lit("'") + col).otherwise(col)
    quoted = pl.lit('"') + col.str.replace_all('"', '""', literal=True) + pl.lit('"')
    return pl.when(col.str.contains(_CSV_QUOTE) | (col == "")).then(quoted).otherwise(col).fill_null("")


def render_csv(df: pl.DataFrame, plain: set[str] | None = None) -> pl.Series:
    """Each row of a text frame as the CSV text of its cells (joined by commas, no line end);
    `plain` columns hold only numbers or codes, never anything to defuse or quote."""
    ready = _csv_ready(df, plain or set())
    return ready.select(
        pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in ready.columns], separator=",").alias(
            "csv"
        )
    ).to_series()


def _csv_ready(df: pl.DataFrame, plain: set[str] | None = None) -> pl.DataFrame:
    """A frame whose text cells may be written without quoting: only the columns with a cell
    that needs defusing or quoting are rewritten (`csv_cell`), the others pass as they are."""
    text = [name for name, dtype in df.schema.items() if dtype == pl.String and name not in (plain or ())]
    if not text or df.height == 0:
        return df
    needs = df.select(
        (
            pl.col(c).str.slice(0, 1).is_in(_RISKY_FIRST)
            | pl.col(c).str.contains(_CSV_QUOTE)
            | (pl.col(c) == "")
        ).any()
        for c in text
    ).row(0)
    fix: list[pl.Expr] = []
    for name, flag in zip(text, needs, strict=True):
        if not flag:
            continue
        values = df.get_column(name).drop_nulls().unique()
        if values.len() * 4 < df.height:  # a few texts repeated (warnings): each rewritten once
            fixed = pl.select(csv_cell(pl.lit(values))).to_series()
            fix.append(pl.col(name).replace_strict(values, fixed, default="").alias(name))
        else:
            fix.append(csv_cell(pl.col(name)).alias(name))
    return df.with_columns(fix) if fix else df


class Writer:
    """Appends text frames to a temporary file; `commit` renames it onto the target, so an
    interrupted run leaves the old file (or nothing), never half a file.

    Spreadsheet safety: in CSV a cell starting with = + - @ tab or CR gets a leading apostrophe,
    in XLSX every text cell is written as text (openpyxl would store "=…" as a live formula),
    and the `numeric` (result) columns are written as numbers in XLSX where they are numbers.
    """

    def __init__(
        self, target: Path, numeric: set[str] | None = None, kinds: dict[str, str] | None = None
    ) -> None:
        self.target = target
        self.ext = file_format(target, "output")
        self.kinds: dict[str, str] = dict(kinds or {})
        for name in numeric or set():
            self.kinds.setdefault(name, "decimal")
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name[:80]}.{os.getpid()}.", suffix=PART_SUFFIX, dir=target.parent
        )
        os.close(fd)
        self.tmp = Path(tmp)
        self.rows = 0
        self._csv: Any = None
        self._pq: Any = None
        self._wb: Any = None
        self._ws: Any = None

    def write(self, df: pl.DataFrame) -> None:
        if self.ext == ".csv":
            df = defuse_csv(df, {c for c, k in self.kinds.items() if k in _PLAIN_KINDS})
            if self._csv is None:
                self._csv = self.tmp.open("wb")
                df.write_csv(self._csv, include_bom=True)
            else:
                df.write_csv(self._csv, include_header=False)
        elif self.ext == ".parquet":
            import pyarrow.parquet as pq

            table = _typed(df, self.kinds).to_arrow()
            if self._pq is None:
                self._pq = pq.ParquetWriter(str(self.tmp), table.schema)
            self._pq.write_table(table)
        else:
            self._write_xlsx(df)
        self.rows += df.height

    def write_rendered(self, columns: list[str], head: pl.DataFrame, rest: pl.Series) -> None:
        """CSV only: rows whose first cells are `head` (written as `write` would) and whose
        remaining cells are already CSV text (`render_csv`): the result part of a row is
        rendered once per distinct input and repeated, not formatted again for every row."""
        if self._csv is None:
            self._csv = self.tmp.open("wb")
            pl.DataFrame(schema=dict.fromkeys(columns, pl.String)).write_csv(self._csv, include_bom=True)
        frame = _csv_ready(head).with_columns(rest.alias("\x00rest"))
        frame.write_csv(self._csv, include_header=False, quote_style="never")
        self.rows += frame.height

    def _write_xlsx(self, df: pl.DataFrame) -> None:
        import openpyxl
        from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

        if self._wb is None:
            self._wb = openpyxl.Workbook(write_only=True)
            self._ws = self._wb.create_sheet("结果")
            self._ws.append([self._text(c) for c in df.columns])
        if self.rows + df.height + 1 > XLSX_MAX_ROWS:
            raise InputError(
                f"结果超过 Excel 的行数上限({XLSX_MAX_ROWS - 1} 行数据),请输出为 .csv 或 .parquet", "output"
            )
        kinds = [self.kinds.get(c, "text") for c in df.columns]
        ws = self._ws

        def value(v: Any, kind: str) -> Any:
            if v is None or not isinstance(v, str):
                return v
            fmt = XLSX_FORMATS.get(kind)
            if fmt is not None:
                typed = _xlsx_value(v, kind)
                if typed is not None:
                    cell = WriteOnlyCell(ws, value=typed)
                    cell.number_format = fmt
                    return cell
            if v[:1] == "=":
                cell = WriteOnlyCell(ws, value=v)
                cell.data_type = "s"  # text, never a formula
                return cell
            return v

        for row in df.iter_rows():
            ws.append([value(v, k) for v, k in zip(row, kinds, strict=True)])

    def _text(self, v: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if v[:1] != "=":
            return v
        cell = WriteOnlyCell(self._ws, value=v)
        cell.data_type = "s"
        return cell

    def commit(self, columns: list[str]) -> None:
        if self.rows == 0:  # still write the header, so an empty input gives an empty table
            self.write(pl.DataFrame({c: pl.Series(c, [], dtype=pl.String) for c in columns}))
        if self._csv is not None:
            self._csv.close()
        if self._pq is not None:
            self._pq.close()
        if self._wb is not None:
            self._wb.save(self.tmp)
        os.chmod(self.tmp, 0o666 & ~_umask())  # a normal file, like any program writes (not 0600)
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        if self._csv is not None:
            with contextlib.suppress(Exception):
                self._csv.close()
        if self._pq is not None:
            with contextlib.suppress(Exception):  # the file is being thrown away
                self._pq.close()
        self.tmp.unlink(missing_ok=True)


XLSX_FORMATS = {"money": "#,##0.00", "int": "0", "decimal": "General", "date": "yyyy-mm-dd"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _xlsx_value(v: str, kind: str) -> Any:
    """A result cell as the Excel value of its kind (a number SUM adds, a date), or None."""
    if kind == "date":
        return date.fromisoformat(v) if _DATE_RE.match(v) else None
    if _NUMBER_RE.match(v):
        return int(v) if kind == "int" else Decimal(v)
    return None


def _typed(df: pl.DataFrame, kinds: dict[str, str]) -> pl.DataFrame:
    """Result columns as Parquet types: money Decimal(38, 2), integers, decimals as doubles,
    dates as dates, yes/no as booleans (the text cells are the rule's own, so casts are exact)."""
    exprs: list[pl.Expr] = []
    for name in df.columns:
        kind = kinds.get(name)
        col = pl.col(name)
        if kind == "money":
            exprs.append(col.cast(pl.Decimal(38, 2), strict=False))
        elif kind == "int":
            exprs.append(col.cast(pl.Int64, strict=False))
        elif kind == "decimal":
            exprs.append(col.cast(pl.Float64, strict=False))
        elif kind == "date":
            exprs.append(col.str.to_date("%Y-%m-%d", strict=False))
        elif kind == "bool":
            exprs.append(
                col.replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
            )
        else:
            exprs.append(col)
    return df.select(exprs)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Stdio:
    """`-` for standard input / output: a CSV stream through a temporary file, so the readers
    and the writer see an ordinary file (header scan, encoding detection, atomic commit) and
    nothing reaches stdout unless the whole run succeeded."""

    @contextlib.contextmanager
    def input(self, path: str | Path) -> Iterator[Path]:
        if str(path) != "-":
            yield Path(path)
            return
        import shutil
        import sys

        with tempfile.TemporaryDirectory(prefix="renshe-stdin-") as tmp:
            p = Path(tmp) / "stdin.csv"
            with p.open("wb") as f:
                shutil.copyfileobj(sys.stdin.buffer, f)
            yield p

    @contextlib.contextmanager
    def output(self, path: str | Path) -> Iterator[Path]:
        if str(path) != "-":
            yield Path(path)
            return
        import shutil
        import sys

        with tempfile.TemporaryDirectory(prefix="renshe-stdout-") as tmp:
            p = Path(tmp) / "stdout.csv"
            yield p
            if p.exists():
                with p.open("rb") as f:
                    shutil.copyfileobj(f, sys.stdout.buffer)
                sys.stdout.buffer.flush()


STDIO = _Stdio()
