"""`run_batch`: one rule over a whole file, every row accounted for.

The promise to a caseworker: every input row is in the output, in order, with either the result
columns or an `error` and `error_field` (nothing is dropped or reordered); the output appears
only when complete (temporary file, then rename); memory stays bounded (chunks); and the summary
says how many rows, results and errors there were and what the increases add up to. The CLI,
the HTTP API and the benchmarks all call this one function.
"""

from __future__ import annotations

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
from renshe.batch.io import Table, Writer, open_table
from renshe.batch.vectorised import VECTORISED
from renshe.errors import InputError
from renshe.rules.money import money_str
from renshe.rules.registry import Rule, get_rule, run_many

DEFAULT_CHUNK = 200_000
PER_ROW_CHUNK = 5_000
MAX_ERROR_SAMPLES = 20
ROW = "__row"
BLANK = "空行(没有任何数据)"

Progress = Callable[[int, int | None], None]  # (rows done, total rows or None)


def per_row_frame(rule: Rule[Any, Any], rows: Iterable[dict[str, Any]], columns: list[str]) -> pl.DataFrame:
    """Results of the per-row path (`registry.run_many`) as text columns plus error columns."""
    out: list[list[str | None]] = []
    width = len(columns)
    for doc in run_many(rule.name, rows):
        if "error" in doc:
            err = doc["error"]
            out.append([None] * width + [str(err["message"]), err.get("field")])
        else:
            out.append([*flatten(doc["result"], columns), None, None])
    names = [*columns, ERROR, ERROR_FIELD]
    cols = list(zip(*out, strict=True)) if out else [() for _ in names]
    return pl.DataFrame({n: pl.Series(n, c, dtype=pl.String) for n, c in zip(names, cols, strict=True)})


def _records(df: pl.DataFrame, fields: list[str]) -> list[dict[str, Any]]:
    """Input dicts for the per-row path: only the rule's fields, blank cells left out."""
    return [
        {k: v for k, v in row.items() if v is not None} for row in df.select(fields).iter_rows(named=True)
    ]


def compute_chunk(
    rule: Rule[Any, Any], inputs: pl.DataFrame, columns: list[str], vectorised: bool
) -> tuple[pl.DataFrame, int]:
    """Result columns for a chunk whose columns are the rule's input fields; (frame, rows vectorised)."""
    fields = [c for c in inputs.columns if c in rule.input_model.model_fields]
    vec = VECTORISED.get(rule.name) if vectorised else None
    if vec is None:
        return per_row_frame(rule, _records(inputs, fields), columns), 0
    indexed = inputs.with_row_index(ROW)
    mask, fast = vec(inputs)
    fast = fast.with_columns(
        pl.lit(None, dtype=pl.String).alias(ERROR), pl.lit(None, dtype=pl.String).alias(ERROR_FIELD)
    ).with_columns(indexed.filter(mask).get_column(ROW))
    rest = indexed.filter(~mask)
    if rest.height == 0:
        return fast.drop(ROW), fast.height
    slow = per_row_frame(rule, _records(rest, fields), columns).with_columns(rest.get_column(ROW))
    merged = pl.concat([fast, slow.select(fast.columns)]).sort(ROW)
    return merged.drop(ROW), fast.height


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
) -> dict[str, Any]:
    """Run `rule` over the rows of `in_path` into `out_path` (formats by extension); the summary.

    InputError (exit 2 / HTTP 422) when the run cannot start: unknown rule, unreadable, empty or
    headerless file, unsupported format, output onto the input. Bad *rows* are not exceptions:
    they get `error` / `error_field` in the output and are counted in the summary.
    """
    started = time.perf_counter()
    r = get_rule(rule)
    src, dst = Path(in_path), Path(out_path)
    if src.resolve() == dst.resolve():
        raise InputError("输出文件不能与输入文件相同", "output")
    if not dst.parent.is_dir():
        raise InputError(f"输出目录不存在:{dst.parent}", "output")
    has_vec = vectorised and r.name in VECTORISED
    size = chunk_size or (DEFAULT_CHUNK if has_vec else PER_ROW_CHUNK)
    known = set(header_names(r.input_model))

    def is_known(cell: str) -> bool:
        return fold_header(cell) in known

    table = open_table(src, is_known, encoding=encoding, sheet=sheet, chunk_size=size, workdir=dst.parent)
    try:
        return _run(r, table, src, dst, has_vec, size, started, progress)
    except pl.exceptions.PolarsError as err:  # a malformed file found mid-way (bad quoting, bad UTF-8)
        raise InputError(f"读取输入文件 {src.name} 出错:{err}", "input") from None
    finally:
        table.close()


def _run(
    rule: Rule[Any, Any],
    table: Table,
    src: Path,
    dst: Path,
    vectorised: bool,
    chunk_size: int,
    started: float,
    progress: Progress | None,
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
    writer = Writer(dst)
    try:
        for chunk in table.chunks:
            empty = chunk.select(pl.all_horizontal(pl.all().is_null()).alias("e")).to_series()
            inputs = chunk.select(pl.col(h).alias(f) for h, f in mapping.items())
            res, fast = compute_chunk(rule, inputs, columns, vectorised)
            n_blank = int(empty.sum())
            if n_blank:  # a blank line stays in its place, marked, and is not counted as an error
                res = res.with_columns(
                    pl.when(empty).then(pl.lit(BLANK)).otherwise(pl.col(ERROR)).alias(ERROR),
                    pl.when(empty).then(None).otherwise(pl.col(ERROR_FIELD)).alias(ERROR_FIELD),
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
