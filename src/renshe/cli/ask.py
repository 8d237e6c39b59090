"""`renshe ask QUESTION`: the computed answer first (a calculator or a document's status), then
the provisions (docs/cli.md style: `--json` prints the whole document, exit 2 on bad input)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from renshe.cli.common import JsonOpt, LazyConsole, respond
from renshe.cli.search import _conn, _print_results

console = LazyConsole()


def _print_answer(a: dict[str, Any]) -> None:
    from rich.text import Text

    console.print(Text(f"【{a['title']}】", style="bold green"))
    for line in a["lines"]:
        console.print(f"  {line}")
    for q in a["ask"]:
        console.print(Text(f"  还需要:{q}", style="yellow"))
    for c in a["citations"]:
        quote = f":{c['quote']}" if c.get("quote") else ""
        console.print(Text(f"  依据 {c['ref']}{quote}", style="dim"))
    for n in a["notes"]:
        console.print(Text(f"  说明:{n}", style="dim"))
    if a.get("link"):
        console.print(Text(f"  计算器/详情:{a['link']}", style="cyan"))


def _print(data: dict[str, Any]) -> None:
    if data.get("answer"):
        _print_answer(data["answer"])
        console.print()
    _print_results(data)
    sug = data.get("suggestions")
    if sug:
        if sug.get("terms"):
            console.print("可以试试:" + "、".join(sug["terms"]))
        if sug.get("calculators"):
            console.print("计算器:" + "、".join(f"{c['title']}({c['link']})" for c in sug["calculators"]))


def register(app: typer.Typer) -> None:
    @app.command("ask")
    def ask_cmd(
        question: Annotated[str, typer.Argument(help="问题,如 我68年的男的什么时候退休、渝中区最低工资")],
        limit: Annotated[int, typer.Option("--limit", help="答案下列出的条款数(1–100)")] = 5,
        json_out: JsonOpt = False,
    ) -> None:
        """回答问题:能由计算器或效力判断回答的先给出答案,再列出相关条款。"""
        from renshe.answers import ask

        respond(json_out, lambda: ask(_conn(), question, limit=limit), _print)
