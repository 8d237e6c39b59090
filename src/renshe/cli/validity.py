"""Validity commands: `renshe status REF [--on DATE]` and `renshe refs REF`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from renshe.cli.common import JsonOpt, LazyConsole, parse_day, respond

if TYPE_CHECKING:
    from renshe.kb import KB

console = LazyConsole()


def _kb() -> KB:
    from renshe.app import default_app

    return default_app().kb()


def _print_status(r: dict[str, Any]) -> None:
    console.print(
        f"[bold]{r['title']}[/bold]  {r['doc_number'] or r['doc_id']}"
        + ("(汇编外文件)" if r["external"] else "")
    )
    since = f",自 {r['since']} 起" if r["since"] else ""
    if r.get("provision_id"):
        heading = f" {r['heading']}" if r.get("heading") else ""
        console.print(f"条款 {r['provision_id']}{heading}(文件效力:{r['document_status']})")
    console.print(f"{r['on']} 的效力状态:[bold]{r['status']}[/bold]{since}")
    for d in r["decided_by"]:
        where = d.get("provision_id") or d.get("doc_id") or ""
        lines = d.get("lines") or []
        at = f"(第 {lines[0]} 行)" if lines and lines[0] else ""
        console.print(f"  依据 {where}{at}:{d.get('quote', '')}")
    for n in r["notes"]:
        console.print(f"  注:{n}")


def _print_refs(r: dict[str, Any]) -> None:
    console.print(f"[bold]{r['title']}[/bold]  {r['doc_number'] or r['doc_id']}")
    console.print(f"引用的文件({len(r['out'])}):")
    for x in r["out"]:
        console.print(f"  [{x['kind']}] {x['to_doc']}  {x['title'] or ''}  ← {x['provision_id'] or ''}")
    console.print(f"引用本文件的文件({len(r['in'])}):")
    for x in r["in"]:
        console.print(f"  [{x['kind']}] {x['from_doc']}  ← {x['provision_id'] or ''}")
    for c in r.get("clauses", []):
        console.print(f"  [一般性条款] {c['provision_id']}:{c['quote']}")


def register(app: typer.Typer) -> None:
    @app.command("status")
    def status(
        ref: Annotated[
            str,
            typer.Argument(
                help="文号(任意括号写法)、文档标识或标题(含汇编只引用的文件),"
                "或条款标识如 渝人社发〔2024〕14号/五/(五)"
            ),
        ],
        on: Annotated[str | None, typer.Option("--on", help="日期 YYYY-MM-DD(默认今天)")] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """文件或条款在某日的效力状态,以及决定它的条款(含条款自身的执行期限和申请期限)。"""
        from renshe.validity.status import status_of

        respond(json_out, lambda: status_of(_kb(), ref, parse_day(on)), _print_status)

    @app.command("refs")
    def refs(
        ref: Annotated[str, typer.Argument(help="文号、文档标识或标题(含汇编只引用的文件)")],
        json_out: JsonOpt = False,
    ) -> None:
        """文件引用的文件和引用它的文件(依据、印发、转发、修改、废止、宣布失效、代替……)。"""
        from renshe.validity.graph import refs_of

        respond(json_out, lambda: refs_of(_kb(), ref), _print_refs)
