"""`renshe batch RULE INPUT OUTPUT`: a calculator over a CSV / XLSX / Parquet file.

A thin shell over `renshe.batch.run_batch` (the HTTP API calls the same function): a progress
bar on a terminal, the summary for people or as one JSON document with `--json`. Exit 0 when
the output was written — rows with bad values are results too (their `error` column says why)
— unless `--strict` asks for exit 2 when any row was invalid; exit 2 when the run cannot start
(unknown rule, missing / empty / headerless file, unsupported format).
"""

from __future__ import annotations

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
    t.add_row("行数", f"{s['rows']:,}")
    t.add_row("计算成功", f"{s['results']:,}")
    t.add_row("输入有误", f"{s['errors']:,}")
    if s["blank_rows"]:
        t.add_row("空行", f"{s['blank_rows']:,}")
    if "total_increase_sum" in s:
        t.add_row("每月增加额合计", f"{s['total_increase_sum']} 元")
    t.add_row("计算方式", f"向量化 {s['vectorised_rows']:,} 行,逐行 {s['per_row_rows']:,} 行")
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
    if s["error_samples"]:
        console.print("[bold yellow]有误的行(前几条):[/bold yellow]")
        for e in s["error_samples"][:10]:
            console.print(
                escape(f"  数据第{e['row']}行 [{e['field'] or '-'}] {e['message']}"),
                highlight=False,
                soft_wrap=True,
            )


def register(app: typer.Typer) -> None:
    @app.command("batch")
    def batch(
        rule: Annotated[str, typer.Argument(help="计算器名称,如 pension-adjustment、retirement")],
        input: Annotated[str, typer.Argument(help="输入文件(.csv / .xlsx / .parquet)")],
        output: Annotated[str, typer.Argument(help="输出文件(.csv / .xlsx / .parquet)")],
        encoding: Annotated[
            str | None, typer.Option("--encoding", help="CSV 的编码(如 gbk、utf-8);默认自动识别")
        ] = None,
        sheet: Annotated[str | None, typer.Option("--sheet", help="Excel 工作表名称;默认第一个")] = None,
        per_row: Annotated[bool, typer.Option("--per-row", help="不用向量化计算,逐行计算")] = False,
        chunk_size: Annotated[int | None, typer.Option("--chunk-size", min=1, help="每批行数")] = None,
        strict: Annotated[bool, typer.Option("--strict", help="有任何一行输入有误时以退出码 2 结束")] = False,
        json_out: JsonOpt = False,
    ) -> None:
        """对 CSV / XLSX / Parquet 文件中的每一行运行计算器;每一行都出现在输出中(结果列或 error 列)。"""
        from renshe.batch import run_batch

        def compute() -> dict[str, Any]:
            run = partial(
                run_batch,
                rule,
                input,
                output,
                encoding=encoding,
                sheet=sheet,
                chunk_size=chunk_size,
                vectorised=not per_row,
            )
            if json_out or not sys.stderr.isatty():
                return run()
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("[bold]计算中"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            ) as bar:
                task = bar.add_task("rows", total=None)

                def tick(done: int, total: int | None) -> None:
                    bar.update(task, completed=done, total=total)

                return run(progress=tick)

        summary = respond(json_out, compute, render_summary)
        if summary["errors"]:
            sys.stderr.write(f"提示:{summary['errors']} 行输入有误,原因见输出文件的 error 列。\n")
            if strict:
                raise typer.Exit(2)
