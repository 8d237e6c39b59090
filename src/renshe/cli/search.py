"""Search commands: `renshe search` and `renshe eval-search` (contracts in docs/cli.md)."""

from __future__ import annotations

import sqlite3
import sys
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from renshe.cli.common import JsonOpt, LazyConsole, respond
from renshe.errors import printable

console = LazyConsole()


def _conn() -> sqlite3.Connection:
    """The knowledge base's read-only connection, with the search tables present."""
    from renshe.app import default_app

    conn = default_app().kb().conn
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'").fetchone() is None:
        sys.stderr.write("检索索引不存在:请先运行 renshe build\n")
        raise typer.Exit(1)
    return conn


def _print_results(data: dict[str, Any]) -> None:
    from rich.text import Text

    results = data["results"]
    query = printable(data["query"], 200)  # the user's words, echoed: no control sequences
    console.print(f"「{query}」共 {data['total']} 条结果,显示前 {len(results)} 条")
    for i, r in enumerate(results, start=1):
        where = r["doc_number"] or r["doc_id"]
        head = Text(f"{i:>2}. ", style="dim")
        head.append(f"{r['doc_title']}", style="bold")
        head.append(f"  {where}  {r['label']}", style="cyan")
        console.print(head)
        snippet = Text("    " + r["snippet"])
        for a, b in r["highlights"]:
            snippet.stylize("bold red", a + 4, b + 4)
        console.print(snippet)
        console.print(Text(f"    {r['provision_id'] or r.get('table_id') or ''}", style="dim"))


def _print_eval(data: dict[str, Any]) -> None:
    console.print(f"查询 {data['queries']} 条(默认列表:前 10 条,同一文件只计首次出现)")
    console.print(f"nDCG@10   {data['ndcg@10']:.4f}")
    console.print(f"Recall@10 {data['recall@10']:.4f}")
    console.print(f"MRR       {data['mrr']:.4f}")
    if "grouped" in data:
        g = data["grouped"]
        console.print(
            f"按文件分组  nDCG@10 {g['ndcg@10']:.4f}  Recall@10 {g['recall@10']:.4f}  MRR {g['mrr']:.4f}"
        )
    for t, e in data.get("by_type", {}).items():
        d, g = e["default"], e.get("grouped")
        line = f"  {t}: {d['queries']} 条  默认 nDCG {d['ndcg@10']:.4f} 召回 {d['recall@10']:.4f}"
        if g:
            line += f"  分组 nDCG {g['ndcg@10']:.4f} 召回 {g['recall@10']:.4f}"
        console.print(line)
    lat = data["latency_ms"]
    console.print(f"延迟(毫秒) p50 {lat['p50']:.2f}  p95 {lat['p95']:.2f}")
    for p in data["per_query"]:
        if p["ndcg@10"] < 1.0:
            console.print(
                f"  {p['query']}: nDCG {p['ndcg@10']:.3f} 召回 {p['recall@10']:.2f} 前三 {p['top']}"
            )


def register(app: typer.Typer) -> None:
    @app.command("search")
    def search_cmd(
        query: Annotated[str, typer.Argument(help="检索词:关键词、文号(任意括号写法)或一两个字")],
        limit: Annotated[int, typer.Option("--limit", help="结果条数(1–100)")] = 10,
        category: Annotated[str | None, typer.Option("--category", help="分类,如 社会保险")] = None,
        doc: Annotated[str | None, typer.Option("--doc", help="只在该文件内检索(文号或标题片段)")] = None,
        level: Annotated[str | None, typer.Option("--level", help="发文层级:national 或 municipal")] = None,
        year: Annotated[int | None, typer.Option("--year", help="发文年份")] = None,
        as_of: Annotated[
            str | None,
            typer.Option(
                "--on", "--as-of", help="日期 YYYY-MM-DD:当日未生效或已失效的文件排后(--as-of 为旧名)"
            ),
        ] = None,
        group: Annotated[str | None, typer.Option("--group", help="doc:每个文件只列最相关的一条")] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """检索条款和表格行。"""
        from renshe.app import default_app

        def compute() -> dict[str, Any]:
            _conn()  # the search tables are there
            return default_app().search(
                query,
                limit=limit,
                category=category,
                doc=doc,
                level=level,
                year=year,
                as_of=as_of,
                group=group,
            )

        respond(json_out, compute, _print_results)

    @app.command("eval-search")
    def eval_cmd(
        qrels: Annotated[Path, typer.Argument(help="评测文件(JSON Lines:query + relevant)")],
        repeats: Annotated[int, typer.Option("--repeats", help="每条查询计时次数")] = 3,
        json_out: JsonOpt = False,
    ) -> None:
        """在评测查询集上计算默认列表和按文件分组列表的 nDCG@10、Recall@10、MRR(按查询类型)和延迟。"""
        from renshe.search.engine import search
        from renshe.search.evaluate import engine_ranker, evaluate, known_titles, load_qrels

        def compute() -> dict[str, Any]:
            from renshe.cli.common import bounded_file

            bounded_file(qrels, "qrels")  # /dev/zero or a huge file: refused, not read for ever
            judged = load_qrels(qrels)
            conn = _conn()
            bound, titles = partial(search, conn), known_titles(conn)
            return evaluate(
                judged,
                engine_ranker(bound, titles, group=None),
                repeats=max(1, repeats),
                grouped=engine_ranker(bound, titles, group="doc"),
            )

        respond(json_out, compute, _print_eval)
