"""`run_batch`: one rule over a whole file, every row accounted for.

The promise to a caseworker: every input row is in the output, in order, with either the result
columns or an `error` and `error_field` (nothing is dropped or reordered); the output appears
only when complete (temporary file, then rename); memory stays bounded (chunks); and the summary
says how many rows, results and errors there were and what the increases add up to. The CLI,
the HTTP API and the benchmarks all call this one function.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from renshe.batch.columns import (
    ERROR,
    ERROR_FIELD,
    flatten,
    fold_header,
    header_names,
    map_headers,
    result_columns,
)
from renshe.batch.io import EXTRA, Table, Writer, file_format, open_table, remove_stale_parts
from renshe.batch.vectorised import VECTORISED
from renshe.errors import InputError, as_input_error, printable
from renshe.limits import Limits
from renshe.rules.money import money_str
from renshe.rules.registry import Rule, get_rule

DEFAULT_CHUNK = 200_000
PER_ROW_CHUNK = 5_000
MAX_ERROR_SAMPLES = 20
ROW = "__row"
BLANK = "空行(没有任何数据)"

Progress = Callable[[int, int | None], None]  # (rows done, total rows or None)


row_failure = as_input_error  # one row's failure, whatever it was, is that row's error


def run_row(rule: Rule[Any, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """One row through the rule: the result document, or `{"error": ...}` whatever went wrong."""
    try:
        return rule.run(raw)
    except Exception as err:
        return row_failure(err).to_dict()


def per_row_frame(
    rule: Rule[Any, Any], rows: Iterable[dict[str, Any]], columns: list[str], budget: Budget | None = None
) -> pl.DataFrame:
    """Results of the per-row path as text columns plus error columns (one output per input).

    The per-row path does about 7,000 rows a second, so the budget (stop signal, deadline) is
    checked every 256 rows, not only between chunks."""
    out: list[list[str | None]] = []
    width = len(columns)
    for n, raw in enumerate(rows):
        if budget is not None and n % 256 == 255:
            budget.check(0)
        doc = run_row(rule, raw)
        if "error" in doc:
            err = doc["error"]
            out.append([None] * width + [str(err["message"]), err.get("field")])
        else:
            try:
                out.append([*flatten(doc["result"], columns), None, None])
            except Exception as failure:  # a result that cannot be written is that row's error
                bad = row_failure(failure)
                out.append([*([None] * width), bad.message, bad.field])
    names = [*columns, ERROR, ERROR_FIELD]
    cols = list(zip(*out, strict=True)) if out else [() for _ in names]
    return pl.DataFrame({n: pl.Series(n, c, dtype=pl.String) for n, c in zip(names, cols, strict=True)})


def _records(df: pl.DataFrame, fields: list[str]) -> list[dict[str, Any]]:
    """Input dicts for the per-row path: only the rule's fields, blank cells left out."""
    return [
        {k: v for k, v in row.items() if v is not None} for row in df.select(fields).iter_rows(named=True)
    ]


def compute_chunk(
    rule: Rule[Any, Any],
    inputs: pl.DataFrame,
    columns: list[str],
    vectorised: bool,
    budget: Budget | None = None,
) -> tuple[pl.DataFrame, int]:
    """Result columns for a chunk whose columns are the rule's input fields; (frame, rows vectorised)."""
    fields = [c for c in inputs.columns if c in rule.input_model.model_fields]
    vec = VECTORISED.get(rule.name) if vectorised else None
    if vec is None:
        return per_row_frame(rule, _records(inputs, fields), columns, budget), 0
    indexed = inputs.with_row_index(ROW)
    try:
        mask, fast = vec(inputs)
    except (pl.exceptions.PolarsError, ArithmeticError, ValueError):  # the formula gave up: every row per-row
        return per_row_frame(rule, _records(inputs, fields), columns, budget), 0
    fast = fast.with_columns(
        pl.lit(None, dtype=pl.String).alias(ERROR), pl.lit(None, dtype=pl.String).alias(ERROR_FIELD)
    ).with_columns(indexed.filter(mask).get_column(ROW))
    rest = indexed.filter(~mask)
    if rest.height == 0:
        return fast.drop(ROW), fast.height
    slow = per_row_frame(rule, _records(rest, fields), columns, budget).with_columns(rest.get_column(ROW))
    merged = pl.concat([fast, slow.select(fast.columns)]).sort(ROW)
    return merged.drop(ROW), fast.height


class Budget:
    """What one run may use, checked between chunks: a cell count, a deadline, a stop signal.

    The CLI runs unbounded; the HTTP layer gives every request a budget (docs/limits.md), and
    sets `stop` when the client goes away or the server is shutting down, so a run never keeps a
    core busy for nobody. Exceeding the budget is an InputError (the request asked too much).
    """

    def __init__(
        self,
        max_cells: int | None = None,
        seconds: float | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.max_cells = max_cells
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds is not None else None
        self.stop = stop or threading.Event()

    def check(self, cells: int) -> None:
        if self.stop.is_set():
            raise BatchCancelled("批量计算已取消(连接已断开或服务器正在停止)")
        if self.max_cells is not None and cells > self.max_cells:
            raise InputError(
                f"文件太大:单元格数超过上限 {self.max_cells:,}(行数 × 列数);"
                "请拆分文件或在命令行中运行 renshe batch",
                "file",
                code="too_large",
            )
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise InputError(
                f"批量计算超过了时间上限 {self.seconds:g} 秒;请拆分文件或在命令行中运行 renshe batch",
                "file",
                code="too_large",
            )


class BatchCancelled(Exception):
    """The run was stopped from outside (client gone, SIGTERM); no output is written."""


def run_batch(
    rule: str,
    in_path: str | Path,
    out_path: str | Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    chunk_size: int | None = None,
    vectorised: bool = True,
    progress: Progress | None = None,
    budget: Budget | None = None,
    limits: Limits | None = None,
) -> dict[str, Any]:
    """Run `rule` over the rows of `in_path` into `out_path` (formats by extension); the summary.

    InputError (exit 2 / HTTP 422) when the run cannot start: unknown rule, unreadable, empty or
    headerless file, unsupported format, output onto the input, a limit exceeded. Bad *rows* are
    not exceptions: they get `error` / `error_field` in the output and are counted in the summary.
    """
    started = time.perf_counter()
    r = get_rule(rule)
    src, dst = Path(in_path), Path(out_path)
    if src.resolve() == dst.resolve():
        raise InputError("输出文件不能与输入文件相同", "output")
    if not dst.parent.is_dir():
        raise InputError(f"输出目录不存在:{printable(str(dst.parent))}", "output")
    file_format(dst, "output")
    remove_stale_parts(dst.parent)
    has_vec = vectorised and r.name in VECTORISED
    size = chunk_size or (DEFAULT_CHUNK if has_vec else PER_ROW_CHUNK)
    known = set(header_names(r.input_model))
    lim = limits or Limits.from_env()
    plan = budget or Budget()

    def is_known(cell: str) -> bool:
        return fold_header(cell) in known

    table = open_table(src, is_known, encoding=encoding, sheet=sheet, chunk_size=size, limits=lim)
    try:
        if table.total_rows is not None:
            plan.check(table.total_rows * len(table.headers))
        return _run(r, table, src, dst, has_vec, started, progress, plan)
    except pl.exceptions.PolarsError as err:  # a malformed file found mid-way
        raise InputError(f"读取输入文件 {printable(src.name)} 出错:{printable(str(err))}", "input") from None
    finally:
        table.close()


def _run(
    rule: Rule[Any, Any],
    table: Table,
    src: Path,
    dst: Path,
    vectorised: bool,
    started: float,
    progress: Progress | None,
    budget: Budget,
) -> dict[str, Any]:
    mapping, ignored = map_headers(table.headers, rule.input_model)
    fields = rule.input_model.model_fields
    required = [n for n, f in fields.items() if f.is_required()]
    missing = [n for n in required if n not in mapping.values()]
    columns = result_columns(rule.result_model)
    taken = set(columns) | {ERROR, ERROR_FIELD}
    out_input = {h: (f"{h}(输入)" if h in taken else h) for h in table.headers}
    rows = results = errors = blank = fast_rows = 0
    total_cents = Decimal(0)
    has_total = "total_increase" in columns
    by_field: Counter[str] = Counter()
    samples: list[dict[str, Any]] = []
    warnings = [
        f"表头中“{printable(d, 40)}”出现了不止一次:只用第一列计算,其余各列原样保留(列名加了序号)"
        for d in table.duplicates
    ]
    writer = Writer(dst, numeric=set(columns))
    try:
        for chunk in table.chunks:
            budget.check((rows + chunk.height) * len(table.headers))
            extra = chunk.get_column(EXTRA)
            chunk = chunk.drop(EXTRA)
            empty = chunk.select(pl.all_horizontal(pl.all().is_null()).alias("e")).to_series()
            long = extra.is_not_null()
            empty = empty & ~long
            inputs = chunk.select(pl.col(h).alias(f) for h, f in mapping.items())
            res, fast = compute_chunk(rule, inputs, columns, vectorised, budget)
            n_blank = int(empty.sum())
            if n_blank:  # a blank line stays in its place, marked, and is not counted as an error
                res = res.with_columns(
                    pl.when(empty).then(pl.lit(BLANK)).otherwise(pl.col(ERROR)).alias(ERROR),
                    pl.when(empty).then(None).otherwise(pl.col(ERROR_FIELD)).alias(ERROR_FIELD),
                )
            if bool(long.any()):  # more fields than the header: values may be in the wrong columns
                res = res.with_columns(
                    *(pl.when(long).then(None).otherwise(pl.col(c)).alias(c) for c in columns),
                    pl.when(long).then(extra).otherwise(pl.col(ERROR)).alias(ERROR),
                    pl.when(long).then(None).otherwise(pl.col(ERROR_FIELD)).alias(ERROR_FIELD),
                )
            fast_rows += fast
            writer.write(pl.concat([chunk.rename(out_input), res], how="horizontal"))
            bad = res.with_row_index("i").filter(pl.col(ERROR).is_not_null() & ~empty)
            n_err = bad.height
            if n_err:
                by_field.update(f or "" for f in bad.get_column(ERROR_FIELD).to_list())
                room = MAX_ERROR_SAMPLES - len(samples)
                for i, msg, f in bad.select("i", ERROR, ERROR_FIELD).head(max(room, 0)).iter_rows():
                    samples.append({"row": rows + i + 1, "field": f, "message": msg})
            if has_total:
                total_cents += _sum_money(res.get_column("total_increase"))
            rows += chunk.height
            errors += n_err
            blank += n_blank
            results += chunk.height - n_err - n_blank
            if progress is not None:
                progress(rows, table.total_rows)
        budget.check(0)
        writer.commit([*out_input.values(), *columns, ERROR, ERROR_FIELD])
    except BaseException:
        writer.abort()
        raise
    seconds = time.perf_counter() - started
    summary: dict[str, Any] = {
        "rule": rule.name,
        "input": str(src),
        "output": str(dst),
        "rows": rows,
        "results": results,
        "errors": errors,
        "blank_rows": blank,
        "path": "vectorised" if vectorised else "per-row",
        "vectorised_rows": fast_rows,
        "per_row_rows": rows - fast_rows,
        "header_row": table.header_row,
        "encoding": table.encoding,
        "columns": mapping,
        "ignored_columns": ignored,
        "missing_columns": missing,
        "warnings": warnings,
        "errors_by_field": dict(by_field.most_common()),
        "error_samples": samples,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds) if seconds > 0 else None,
    }
    if has_total:
        summary["total_increase_sum"] = money_str(total_cents / 100)
    return summary


def _sum_money(col: pl.Series) -> Decimal:
    """Exact sum of two-decimal money strings, in cents (no float rounding on millions of rows)."""
    s = col.drop_nulls()
    if s.len() == 0:
        return Decimal(0)
    parts = s.str.split_exact(".", 1).struct.unnest()
    cents = parts.get_column("field_0").cast(pl.Int64) * 100 + parts.get_column("field_1").fill_null(
        "0"
    ).str.pad_end(2, "0").cast(pl.Int64)
    return Decimal(int(cents.sum()))
