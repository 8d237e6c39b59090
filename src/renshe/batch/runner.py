"""`run_batch`: one rule over a whole file, every row accounted for.

The promise to a caseworker: every input row is in the output, in order, with either the result
columns or an `error` and `error_field` (nothing is dropped or reordered); the output appears
only when complete (temporary file, then rename); memory stays bounded (chunks); and the summary
says how many rows, results and errors there were and what the increases add up to. The CLI,
the HTTP API and the benchmarks all call this one function.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from renshe.batch import schema as sch
from renshe.batch.chunk import (
    OUT_ERROR,
    OUT_FIELD,
    OUT_STEPS,
    OUT_WARNINGS,
    Evaluated,
    Plan,
    Workers,
    evaluate_distinct,
)
from renshe.batch.columns import fold_header, map_headers
from renshe.batch.io import (
    EXTRA,
    STDIO,
    Table,
    Writer,
    file_format,
    open_table,
    remove_stale_parts,
    render_csv,
)
from renshe.batch.schema import Columns, RuleSchema, rule_schema
from renshe.errors import InputError, printable
from renshe.limits import Limits
from renshe.rules.money import money_str
from renshe.rules.registry import Rule, get_rule

DEFAULT_CHUNK = 200_000
MAX_ERROR_SAMPLES = 20
MAX_REASONS = 30
BLANK = "空行(没有任何数据)"
_QUOTED_VALUE = re.compile(r"“[^”]*”|\"[^\"]*\"")

Progress = Callable[[int, int | None], None]  # (rows done, total rows or None)


def compute_chunk(
    rule: Rule[Any, Any],
    inputs: pl.DataFrame,
    plan: Plan,
    workers: Workers | None = None,
    budget: Budget | None = None,
) -> Evaluated:
    """Result cells for a chunk whose columns are the rule's input fields (`chunk.evaluate_distinct`);
    the budget (stop signal, deadline) is checked every 256 distinct inputs, not only between chunks."""
    del rule
    return evaluate_distinct(plan, inputs, workers, (lambda: budget.check(0)) if budget is not None else None)


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
    progress: Progress | None = None,
    budget: Budget | None = None,
    limits: Limits | None = None,
    on: date | None = None,
    columns: Columns = "zh",
    explain: bool = False,
    workers: int | None = None,
    vectorised: bool = True,
) -> dict[str, Any]:
    """Run `rule` over the rows of `in_path` into `out_path` (formats by extension); the summary.

    `on` is the date asked (default today), as for a single call. `columns` chooses the output
    headers and value words: "zh" (Chinese, the default) or "en" (program names, codes,
    true/false). `explain` adds the 计算过程 column. `workers` processes evaluate distinct inputs
    (default: every core). `-` reads CSV from stdin / writes CSV to stdout. `vectorised` is kept
    for compatibility and ignored: every path is the rule itself.

    InputError (exit 2 / HTTP 422) when the run cannot start: unknown rule, unreadable, empty or
    headerless file, unsupported format, output onto the input, a limit exceeded. Bad *rows* are
    not exceptions: they get the error columns in the output and are counted in the summary.
    """
    del vectorised
    started = time.perf_counter()
    r = get_rule(rule)
    if columns not in ("zh", "en"):
        raise InputError("--columns 只能是 zh(中文表头,默认)或 en(程序名称)", "columns")
    with STDIO.input(in_path) as src, STDIO.output(out_path) as dst:
        if src.resolve() == dst.resolve():
            raise InputError("输出文件不能与输入文件相同", "output")
        if not dst.parent.is_dir():
            raise InputError(f"输出目录不存在:{printable(str(dst.parent))}", "output")
        file_format(dst, "output")
        remove_stale_parts(dst.parent)
        schema = rule_schema(r)
        known = {fold_header(h) for spec in schema.inputs.values() for h in spec.headers}
        lim = limits or Limits.from_env()
        plan_budget = budget or Budget()
        plan = Plan(r.name, on or date.today(), explain, columns)

        def is_known(cell: str) -> bool:
            return fold_header(cell) in known

        table = open_table(
            src, is_known, encoding=encoding, sheet=sheet, chunk_size=chunk_size or DEFAULT_CHUNK, limits=lim
        )
        pool = Workers(workers)
        try:
            if table.total_rows is not None:
                plan_budget.check(table.total_rows * len(table.headers))
            summary = _run(r, schema, plan, table, src, dst, started, progress, plan_budget, pool)
        except pl.exceptions.PolarsError as err:  # a malformed file found mid-way
            raise InputError(
                f"读取输入文件 {printable(src.name)} 出错:{printable(str(err))}", "input"
            ) from None
        finally:
            pool.close()
            table.close()
    summary["input"], summary["output"] = str(in_path), str(out_path)
    return summary


def _headers(schema: RuleSchema, columns: Columns) -> dict[str, str]:
    """Program name → output header of the columns every output has."""
    pick = 0 if columns == "en" else 1
    return {
        p[0]: p[pick]
        for p in (sch.ROW, sch.WARNINGS, sch.STEPS, sch.ERROR_COLUMN, sch.ERROR, sch.ERROR_FIELD)
    }


def _present(res: pl.DataFrame, schema: RuleSchema, plan: Plan, mapping: dict[str, str]) -> pl.DataFrame:
    """Result cells as the output shows them: Chinese words for codes and yes/no under "zh", the
    file's own header in `error_column`, the field's label in `error_field` under "zh"."""
    fixed = _headers(schema, plan.columns)
    by_field = {f: h for h, f in mapping.items()}
    exprs: list[pl.Expr] = []
    for o in schema.outputs:
        col = pl.col(o.path)
        if plan.columns == "zh":
            if o.kind == "bool":
                col = col.replace_strict({"true": "是", "false": "否"}, default=col, return_dtype=pl.String)
            elif o.labels:
                col = col.replace(o.labels)
        exprs.append(col.alias(o.header(plan.columns)))
    field_col = pl.col(OUT_FIELD)
    labels = {n: s.label for n, s in schema.inputs.items()}
    exprs.append(pl.col(OUT_WARNINGS).alias(fixed["warnings"]))
    if plan.explain:
        exprs.append(pl.col(OUT_STEPS).alias(fixed["steps"]))
    exprs.append(
        field_col.replace_strict({**labels, **by_field}, default=None, return_dtype=pl.String).alias(
            fixed["error_column"]
        )
    )
    exprs.append(pl.col(OUT_ERROR).alias(fixed["error"]))
    exprs.append(
        (field_col.replace(labels) if plan.columns == "zh" else field_col).alias(fixed["error_field"])
    )
    return res.select(exprs)


def _reason(message: str) -> str:
    """An error message with the offending value left out, so equal reasons count together."""
    return _QUOTED_VALUE.sub("“…”", message)


def _run(
    rule: Rule[Any, Any],
    schema: RuleSchema,
    plan: Plan,
    table: Table,
    src: Path,
    dst: Path,
    started: float,
    progress: Progress | None,
    budget: Budget,
    pool: Workers,
) -> dict[str, Any]:
    headers_of = sch.header_index(schema, fold_header)
    mapping, ignored = map_headers(table.headers, headers_of)
    required = [n for n, spec in schema.inputs.items() if spec.required]
    missing = [n for n in required if n not in mapping.values()]
    fixed = _headers(schema, plan.columns)
    result_headers = [o.header(plan.columns) for o in schema.outputs]
    tail = [fixed["warnings"], *([fixed["steps"]] if plan.explain else []), fixed["error_column"]]
    tail += [fixed["error"], fixed["error_field"]]
    taken = {fixed["row"], *result_headers, *tail}
    out_input = {h: (f"{h}(输入)" if h in taken else h) for h in table.headers}
    order = [fixed["row"], *out_input.values(), *result_headers, *tail]
    err_col, err_field = fixed["error"], fixed["error_field"]
    rows = results = errors = blank = 0
    total_cents = Decimal(0)
    has_total = any(o.path == "total_increase" and o.kind == "money" for o in schema.outputs)
    total_header = next((o.header(plan.columns) for o in schema.outputs if o.path == "total_increase"), "")
    by_field: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    samples: list[dict[str, Any]] = []
    warnings = [
        f"表头中“{printable(d, 40)}”出现了不止一次:只用第一列计算,其余各列原样保留(列名加了序号)"
        for d in table.duplicates
    ]
    kinds: dict[str, str] = {o.header(plan.columns): o.kind for o in schema.outputs}
    if plan.columns == "zh":
        kinds = {h: ("text" if k in ("bool", "enum") else k) for h, k in kinds.items()}
    kinds[fixed["row"]] = "int"
    writer = Writer(dst, kinds=kinds)
    result_order = [*result_headers, *tail]
    # result columns of numbers (and, under --columns en, yes/no codes): no cell to defuse or quote
    plain = {h for h, k in kinds.items() if k in ("money", "int", "decimal", "bool") and h in result_headers}
    try:
        for chunk in table.chunks:
            budget.check((rows + chunk.height) * len(table.headers))
            extra = chunk.get_column(EXTRA)
            chunk = chunk.drop(EXTRA)
            empty = chunk.select(pl.all_horizontal(pl.all().is_null()).alias("e")).to_series()
            long = extra.is_not_null()
            empty = empty & ~long
            inputs = chunk.select(pl.col(h).alias(f) for h, f in mapping.items())
            ev = compute_chunk(rule, inputs, plan, pool, budget)
            res, index, blank_slots = _special_rows(
                _present(ev.table, schema, plan, mapping), ev.index, empty, long, extra, err_col
            )
            numbers = pl.int_range(rows + 1, rows + chunk.height + 1, eager=True, dtype=pl.Int64)
            shared = res.height * 2 < chunk.height
            if writer.ext == ".csv" and shared:  # each distinct result rendered once, repeated by reference
                frag = render_csv(res.select(result_order), plain).gather(index)
                writer.write_rendered(
                    order,
                    pl.concat(
                        [numbers.alias(fixed["row"]).to_frame(), chunk.rename(out_input)], how="horizontal"
                    ),
                    frag,
                )
            else:
                row_col = numbers.cast(pl.String).alias(fixed["row"]).to_frame()
                in_order = res.height == index.len() and bool(
                    (index == pl.int_range(0, index.len(), eager=True)).all()
                )
                per_row = res if in_order else res.select(pl.all().gather(index))
                writer.write(
                    pl.concat([row_col, chunk.rename(out_input), per_row], how="horizontal").select(order)
                )
            n = index.to_frame("slot").group_by("slot").len("n")
            slots = (
                res.with_row_index("slot")
                .join(n, on="slot", how="left")
                .with_columns(pl.col("n").fill_null(0))
            )
            slot_bad = res.get_column(err_col).is_not_null().scatter(blank_slots, False)
            # a distinct result no row points to any more (a blank row's, replaced) counts nothing
            bad_slots = slots.filter(slot_bad).filter(pl.col("n") > 0)
            n_err = int(bad_slots.get_column("n").sum())
            n_blank = int(empty.sum())
            if n_err:
                for f, k in bad_slots.group_by(err_field).agg(pl.col("n").sum()).iter_rows():
                    by_field[f or ""] += k
                for msg, k in bad_slots.select(err_col, "n").iter_rows():
                    by_reason[_reason(msg)] += k
                room = MAX_ERROR_SAMPLES - len(samples)
                if room > 0:
                    for i in slot_bad.gather(index).arg_true().head(room).to_list():
                        slot = res.row(int(index[i]), named=True)
                        samples.append(
                            {
                                "row": rows + i + 1,
                                "field": slot[err_field],
                                "column": slot[fixed["error_column"]],
                                "message": slot[err_col],
                            }
                        )
            if has_total:
                total_cents += _sum_money(slots.get_column(total_header), slots.get_column("n"))
            rows += chunk.height
            errors += n_err
            blank += n_blank
            results += chunk.height - n_err - n_blank
            if progress is not None:
                progress(rows, table.total_rows)
        budget.check(0)
        writer.commit(order)
    except BaseException:
        writer.abort()
        raise
    seconds = time.perf_counter() - started
    summary: dict[str, Any] = {
        "rule": rule.name,
        "on": plan.on.isoformat(),
        "input": str(src),
        "output": str(dst),
        "rows": rows,
        "results": results,
        "errors": errors,
        "blank_rows": blank,
        "path": "rule",
        "columns_language": plan.columns,
        "header_row": table.header_row,
        "encoding": table.encoding,
        "columns": mapping,
        "ignored_columns": ignored,
        "missing_columns": missing,
        "warnings": warnings,
        "errors_by_field": dict(by_field.most_common()),
        "errors_by_reason": dict(by_reason.most_common(MAX_REASONS)),
        "error_samples": samples,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds) if seconds > 0 else None,
    }
    if has_total:
        summary["total_increase_sum"] = money_str(total_cents / 100)
    return summary


def _sum_money(col: pl.Series, times: pl.Series) -> Decimal:
    """Exact sum of two-decimal money strings, each `times` over, in cents (no float rounding
    on millions of rows)."""
    keep = col.is_not_null()
    s, n = col.filter(keep), times.filter(keep)
    if s.len() == 0:
        return Decimal(0)
    parts = s.str.split_exact(".", 1).struct.unnest()
    cents = parts.get_column("field_0").cast(pl.Int64) * 100 + parts.get_column("field_1").fill_null(
        "0"
    ).str.pad_end(2, "0").cast(pl.Int64)
    return Decimal(int((cents * n.cast(pl.Int64)).sum()))


def _special_rows(
    res: pl.DataFrame, index: pl.Series, empty: pl.Series, long: pl.Series, extra: pl.Series, err_col: str
) -> tuple[pl.DataFrame, pl.Series, pl.Series]:
    """Blank lines and lines with more fields than the header get a result row of their own
    (no result cells; the error column says why): (results, index, the slots of blank lines).

    A blank line stays in its place, marked, and is not counted as an error; a long line's
    values may be in the wrong columns, so it is not computed."""
    special = empty | long
    if not bool(special.any()):
        return res, index, pl.Series("slot", [], dtype=pl.UInt32)
    where = special.arg_true()
    is_blank, note = empty.gather(where), extra.gather(where)
    rows = pl.select(pl.when(pl.lit(is_blank)).then(pl.lit(BLANK)).otherwise(pl.lit(note)).alias(err_col))
    added = pl.concat([res, rows], how="diagonal_relaxed")
    slots = pl.int_range(res.height, res.height + where.len(), eager=True, dtype=pl.UInt32)
    blank_slots = slots.filter(empty.gather(where))
    return added, index.scatter(where, slots), blank_slots
