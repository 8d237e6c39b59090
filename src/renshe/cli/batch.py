"""`renshe batch RULE INPUT OUTPUT`: a calculator over a CSV / XLSX / Parquet file.

A thin shell over `renshe.batch.run_batch` (the HTTP API calls the same function): a progress
bar on a terminal, the summary for people or as one JSON document with `--json`. Exit 0 when
the output was written — rows with bad values are results too (their `error` column says why)
— unless `--strict` asks for exit 2 when any row was invalid; exit 2 when the run cannot start
(unknown rule, missing / empty / headerless file, unsupported format).
"""

from __future__ import annotations

import json
import sys
from functools import partial
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from renshe.cli.common import JsonOpt, respond


def render_summary(s: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console(stderr=False)
    t = Table(title=f"批量计算完成:{s['rule']}", show_header=False, title_justify="left")
    t.add_column("项目", style="bold")
    t.add_column("值", overflow="fold")
    t.add_row("输入", s["input"])
    t.add_row("输出", s["output"])
    t.add_row("计算日期", s.get("on", ""))
    t.add_row("行数", f"{s['rows']:,}")
    t.add_row("计算成功", f"{s['results']:,}")
    t.add_row("输入有误", f"{s['errors']:,}")
    if s["blank_rows"]:
        t.add_row("空行", f"{s['blank_rows']:,}")
    if "total_increase_sum" in s:
        t.add_row("每月增加额合计", f"{s['total_increase_sum']} 元")
    if s["header_row"]:
        t.add_row("表头所在行", str(s["header_row"]))
    if s["encoding"]:
        t.add_row("编码", s["encoding"])
    t.add_row("用时", f"{s['seconds']} 秒({s['rows_per_second'] or 0:,} 行/秒)")
    if s["ignored_columns"]:
        t.add_row("未使用的列(原样保留)", "、".join(s["ignored_columns"]))
    if s["missing_columns"]:
        t.add_row("缺少的必填列", "、".join(s["missing_columns"]))
    console.print(t)
    reasons = s.get("errors_by_reason") or {}
    if reasons:
        console.print("[bold yellow]出错原因(行数):[/bold yellow]")
        for reason, n in list(reasons.items())[:10]:
            console.print(escape(f"  {n:,} 行:{reason}"), highlight=False, soft_wrap=True)
    if s["error_samples"]:
        console.print("[bold yellow]有误的行(前几条):[/bold yellow]")
        for e in s["error_samples"][:10]:
            console.print(
                escape(f"  数据第{e['row']}行 [{e.get('column') or e['field'] or '-'}] {e['message']}"),
                highlight=False,
                soft_wrap=True,
            )


def _count_rows(path: str) -> int | None:
    """Lines in a CSV file less the header: the progress bar's total (an estimate when cells
    hold line breaks); None for stdin, XLSX and Parquet (their readers know the count)."""
    if path == "-" or not path.lower().endswith(".csv"):
        return None
    try:
        with open(path, "rb") as f:
            n = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))
    except OSError:
        return None
    return max(n - 1, 0)


def register(app: typer.Typer) -> None:
    @app.command("batch")
    def batch(
        rule: Annotated[str, typer.Argument(help="计算器名称,如 pension-adjustment、retirement")],
        input: Annotated[
            str | None, typer.Argument(help="输入文件(.csv / .xlsx / .parquet;- 为标准输入的 CSV)")
        ] = None,
        output: Annotated[
            str | None, typer.Argument(help="输出文件(.csv / .xlsx / .parquet;- 为标准输出的 CSV)")
        ] = None,
        encoding: Annotated[
            str | None, typer.Option("--encoding", help="CSV 的编码(如 gbk、utf-8);默认自动识别")
        ] = None,
        sheet: Annotated[str | None, typer.Option("--sheet", help="Excel 工作表名称;默认第一个")] = None,
        per_row: Annotated[
            bool, typer.Option("--per-row", help="(保留兼容;现在每一行都由计算器本身计算)")
        ] = False,
        chunk_size: Annotated[int | None, typer.Option("--chunk-size", min=1, help="每批行数")] = None,
        strict: Annotated[bool, typer.Option("--strict", help="有任何一行输入有误时以退出码 2 结束")] = False,
        on: Annotated[str | None, typer.Option("--on", help="计算日期 YYYY-MM-DD,默认今天")] = None,
        columns: Annotated[
            str, typer.Option("--columns", help="输出表头:zh 中文(默认)或 en 程序名称")
        ] = "zh",
        explain: Annotated[bool, typer.Option("--explain", help="增加“计算过程”列(较慢)")] = False,
        workers: Annotated[
            int | None, typer.Option("--workers", min=1, help="计算进程数,默认为 CPU 核数")
        ] = None,
        template: Annotated[
            str | None,
            typer.Option("--template", help="不计算,写出这个计算器的空白模板(.csv 或 .xlsx,含一行示例)"),
        ] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """对 CSV / XLSX / Parquet 文件中的每一行运行计算器;每一行都出现在输出中(结果列或错误原因列)。"""
        from renshe.cli.common import parse_day

        if template is not None:
            from renshe.batch.template import write_template

            def human(d: dict[str, Any]) -> None:
                Console().print(escape(f"已写出模板 {d['template']}:" + "、".join(d["columns"])))

            respond(json_out, lambda: write_template(rule, template), human)
            return

        def compute() -> dict[str, Any]:
            from renshe.batch import run_batch
            from renshe.errors import InputError

            if input is None or output is None:
                raise InputError("请给出输入文件和输出文件(或用 --template 模板文件 写出模板)", "input")
            run = partial(
                run_batch,
                rule,
                input,
                output,
                encoding=encoding,
                sheet=sheet,
                chunk_size=chunk_size,
                on=parse_day(on),
                columns=columns,  # type: ignore[arg-type]  # checked by run_batch
                explain=explain,
                workers=workers,
            )
            if json_out or not sys.stderr.isatty():
                return run()
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            with Progress(
                TextColumn("[bold]计算中"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("已用"),
                TimeElapsedColumn(),
                TextColumn("剩余"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            ) as bar:
                task = bar.add_task("rows", total=_count_rows(input))

                def tick(done: int, total: int | None) -> None:
                    known = total if total is not None else bar.tasks[0].total
                    bar.update(task, completed=done, total=max(known, done) if known is not None else None)

                return run(progress=tick)

        del per_row
        to_stdout = output == "-"
        show = render_summary if not to_stdout else (_to_stderr if not json_out else _quiet)
        summary = respond(json_out and not to_stdout, compute, show)
        if json_out and to_stdout:
            sys.stderr.write(json.dumps(summary, ensure_ascii=False) + "\n")
        if summary["errors"]:
            sys.stderr.write(f"提示:{summary['errors']} 行输入有误,原因见输出文件的“错误原因”列。\n")
            if strict:
                raise typer.Exit(2)


def _to_stderr(s: dict[str, Any]) -> None:
    """With `-` as output the results are on stdout, so the summary goes to stderr."""
    render_summary(s, Console(stderr=True))


def _quiet(s: dict[str, Any]) -> None:
    del s
