"""Knowledge-base commands: build, stats, docs, doc, show, table, findings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from renshe.app import default_app
from renshe.cli.common import JsonOpt, LazyConsole, respond
from renshe.errors import InputError
from renshe.kb import KB

console = LazyConsole()

LABELS = {
    "documents": "文档",
    "provisions": "条款节点",
    "tables": "表格",
    "table_rows": "表格行",
    "references": "文号引用",
    "references_resolved": "其中指向汇编内文档",
    "toc_total": "目录条目",
    "toc_matched": "已匹配目录条目",
    "findings": "源文本问题",
    "content_hash": "内容哈希",
    "status_on": "效力统计日期",
}


def _kb() -> KB:
    return default_app().kb()


def _print_kv(data: dict[str, Any], labels: dict[str, str]) -> None:
    width = max(len(labels.get(k, k)) for k in data) if data else 0
    for key, value in data.items():
        label = labels.get(key, key)
        console.print(f"{label}{' ' * (2 * (width - len(label)))}  {value}")


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build(
        source: Annotated[
            Path | None, typer.Option("--source", help="源文本路径(默认:随包附带的汇编全文)")
        ] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """(重新)从源文本构建知识库。"""
        from renshe.build import build_database
        from renshe.corpus.source import load_source

        def compute() -> dict[str, Any]:
            if source is None:
                return build_database()
            if not source.is_file():
                raise InputError(f"找不到源文本文件:{source}", field="source")
            try:
                text = load_source(source)
            except (OSError, UnicodeDecodeError) as err:
                reason = type(err).__name__
                raise InputError(f"无法读取源文本文件 {source}:应为 UTF-8 文本({reason})", "source") from None
            return build_database(source=text, origin=str(source.resolve()))

        respond(
            json_out,
            compute,
            lambda r: _print_kv(
                r,
                {
                    "path": "数据库",
                    "content_hash": "内容哈希",
                    "documents": "文档",
                    "findings": "源文本问题",
                    "parse_seconds": "解析用时(秒)",
                    "seconds": "总用时(秒)",
                },
            ),
        )

    @app.command("stats")
    def stats(
        on: Annotated[
            str | None, typer.Option("--on", help="统计效力状态的日期(YYYY-MM-DD,默认今天)")
        ] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """统计:文档、条款、表格、表格行、引用、目录匹配、源文本问题、各效力状态的文档数。"""

        def compute() -> dict[str, Any]:
            kb = _kb()
            data = kb.stats()
            day = parse_day(on, "on")
            counts = _status_counts(kb, day)
            if counts is not None:
                data["status_on"] = (day or date.today()).isoformat()
                data["status"] = counts["all"]
                data["status_compilation"] = counts["compilation"]
            return data

        def human(r: dict[str, Any]) -> None:
            flat = {k: v for k, v in r.items() if not isinstance(v, dict)}
            _print_kv(flat, LABELS)
            titles = (("status_compilation", "汇编内文档效力"), ("status", "全部文档(含被引用文档)效力"))
            for key, title in titles:
                if key in r:
                    counts = ",".join(f"{k} {v}" for k, v in r[key].items())
                    console.print(f"{title}({r['status_on']}):{counts}")

        respond(json_out, compute, human)

    @app.command("docs")
    def docs(
        category: Annotated[
            str | None, typer.Option("--category", help="分类或子分类,如 社会保险、工伤保险")
        ] = None,
        status: Annotated[str | None, typer.Option("--status", help="效力状态(如 现行有效)")] = None,
        on: Annotated[str | None, typer.Option("--on", help="效力状态的日期(YYYY-MM-DD,默认今天)")] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """列出文档。"""

        def compute() -> dict[str, Any]:
            kb = _kb()
            items = kb.documents(category)
            if status:
                items = _filter_status(kb, items, status, parse_day(on, "on"))
            return {"total": len(items), "documents": items}

        def human(r: dict[str, Any]) -> None:
            from rich.table import Table as RichTable

            t = RichTable(show_lines=False, header_style="bold")
            for col in ("文号/标识", "标题", "分类", "成文日期"):
                t.add_column(col, overflow="fold")
            for d in r["documents"]:
                t.add_row(
                    d["doc_number"] or d["id"],
                    d["title"],
                    "/".join(x for x in (d["category"], d["subcategory"]) if x),
                    d["signed_on"] or "",
                )
            console.print(t)
            console.print(f"共 {r['total']} 件")

        respond(json_out, compute, human)

    @app.command("doc")
    def doc(
        ref: Annotated[str, typer.Argument(help="文号(任意括号写法)、文档标识或唯一的标题片段")],
        json_out: JsonOpt = False,
    ) -> None:
        """显示一件文档:元数据、目录结构和正文。"""

        def compute() -> dict[str, Any]:
            from renshe.validity.resolve import document

            kb = _kb()
            d = document(kb, ref)
            if not json_out and d["in_compilation"]:
                d["_provisions"] = kb.provisions(d["id"])
                d["_tables"] = kb.tables(d["id"])
            return d

        respond(json_out, compute, _print_document)

    @app.command("show")
    def show(
        provision_id: Annotated[
            list[str],
            typer.Argument(
                help="条款标识,如 渝人社发〔2024〕16号/一/(一);或文件名与条款:工伤保险条例 第十七条"
            ),
        ],
        json_out: JsonOpt = False,
    ) -> None:
        """显示一个条款:正文、路径、引用。"""
        ref = " ".join(provision_id)

        def human(p: dict[str, Any]) -> None:
            console.print(f"[bold]{p['doc_title']}[/bold]  {p['doc_number'] or ''}")
            where = (
                f"[yellow]{p['note']}[/yellow]"
                if p.get("external")
                else f"(源文本第 {p['lines'][0]}–{p['lines'][1]} 行)"
            )
            console.print(f"[cyan]{' › '.join(p['path'])}[/cyan]  {where}")
            console.print(p["text"])
            if p["cites"]:
                console.print("引用:" + "、".join(c["doc_number"] for c in p["cites"]))

        def compute() -> dict[str, Any]:
            from renshe.validity.resolve import provision

            return provision(_kb(), ref)

        respond(json_out, compute, human)

    @app.command("table")
    def table(
        table_id: Annotated[str, typer.Argument(help="表格标识,如 延迟退休决定/表1")],
        json_out: JsonOpt = False,
    ) -> None:
        """显示一个表格。"""

        def compute() -> dict[str, Any]:
            return _kb().get_table(table_id)

        def human(t: dict[str, Any]) -> None:
            _print_table(t)
            console.print(f"源文本第 {t['lines'][0]}–{t['lines'][1]} 行")

        respond(json_out, compute, human)

    @app.command("findings")
    def findings(
        kind: Annotated[str | None, typer.Option("--kind", help="只看某类问题,如 count_mismatch")] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """源文本本身的数据质量问题(附行号)。"""

        def compute() -> dict[str, Any]:
            items = _kb().findings(kind)
            return {"total": len(items), "findings": items}

        def human(r: dict[str, Any]) -> None:
            for f in r["findings"]:
                console.print(
                    f"[dim]{f['lines'][0]}–{f['lines'][1]}[/dim] [yellow]{f['kind']}[/yellow] {f['message']}"
                )
            console.print(f"共 {r['total']} 条")

        respond(json_out, compute, human)


STATUSES = ("现行有效", "尚未生效", "已修改", "已废止", "失效", "已到期", "待核实")


def parse_day(text: str | None, field: str) -> date | None:
    """A YYYY-MM-DD option, or a Chinese InputError naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"日期“{text}”无效,应为 YYYY-MM-DD,如 2024-12-01", field=field) from None


def _status_counts(kb: KB, on: date | None) -> dict[str, dict[str, int]] | None:
    """Counts per validity status (issue 7), when the validity layer is installed."""
    try:
        from renshe.validity.status import status_counts
    except ModuleNotFoundError:
        return None
    return {scope: status_counts(kb, on, scope) for scope in ("all", "compilation")}


def _filter_status(kb: KB, items: list[dict[str, Any]], status: str, on: date | None) -> list[dict[str, Any]]:
    if status not in STATUSES:
        raise InputError(f"效力状态“{status}”无效;可选:{'、'.join(STATUSES)}", field="status")
    from renshe.validity.status import status_of

    return [d for d in items if status_of(kb, d["id"], on)["status"] == status]


def _print_document(d: dict[str, Any]) -> None:
    console.print(f"[bold]{d['title']}[/bold]")
    if not d["in_compilation"]:
        console.print(f"文号      {d['doc_number'] or '—'}")
        console.print(f"标识      {d['id']}")
        console.print(f"[yellow]{d['note']}[/yellow]")
        for p in d["external_provisions"]:
            console.print(f"  {p['label']}  renshe show {p['id']}")
        if d["cited_by"]:
            console.print("汇编中引用它的文件:" + "、".join(d["cited_by"]))
        return
    meta = [
        ("文号", d["doc_number"] or "(未印文号)"),
        ("标识", d["id"]),
        ("发文机关", "、".join(d["issuers"]) or "—"),
        ("成文日期", d["signed_on"] or "—"),
        ("施行日期", d["effective_from"] or "—"),
        ("有效期至", d["effective_until"] or "—"),
        ("分类", " / ".join(x for x in (d["category"], d["subcategory"]) if x)),
        ("源文本行", f"{d['lines'][0]}–{d['lines'][1]}"),
    ]
    for k, v in meta:
        console.print(f"[dim]{k}[/dim]  {v}")
    console.print()
    # A table is printed where the law prints it: after the provision (annex) that holds it.
    tables_at: dict[str | None, list[dict[str, Any]]] = {}
    for t in d.get("_tables", []):
        tables_at.setdefault(t["provision_id"], []).append(t)
    for p in d.get("_provisions", []):
        indent = "  " * max(0, len(p["path"]) - 1)
        text = p["text"] or p["label"]
        first, *rest = text.split("\n")
        # Chinese has no spaces to wrap at: rich would break at the one after 第三条, so let the
        # terminal wrap (soft_wrap) instead.
        console.print(f"{indent}{first}  [dim]({p['lines'][0]})[/dim]", soft_wrap=True)
        for line in rest:
            console.print(f"{indent}{line}", soft_wrap=True)
        for t in tables_at.pop(p["id"], []):
            _print_table(t)
    for t in (t for ts in tables_at.values() for t in ts):
        _print_table(t)


def _print_table(t: dict[str, Any]) -> None:
    from rich.table import Table as RichTable

    rt = RichTable(title=f"{t['title']}  [dim]({t['id']},{len(t['rows'])} 行)[/dim]", header_style="bold")
    for c in t["columns"]:
        rt.add_column(str(c), overflow="fold")
    for row in t["rows"]:
        rt.add_row(*[str(x) for x in row])
    console.print(rt)
