"""`renshe screen`: 政策找人 on the command line — every rule on one profile, or on a register.

Facts are `key=value` words (the shared fact names of rules/facts.yaml or their Chinese labels:
`person.birth=1970-05` or `出生年月=1970-05`), or a profile file (YAML or JSON, one object);
words override the file. `--register IN --output OUT` screens every row of a CSV/XLSX/Parquet
register and writes the per-person list and the per-rule summary (docs/screen.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from renshe.cli.common import JsonOpt, respond
from renshe.cli.common import console as make_console
from renshe.errors import InputError


def read_profile(path: str) -> dict[str, Any]:
    """A profile file: one YAML or JSON object (JSON is YAML; the file's text decides)."""
    from renshe.cli.rules import read_input
    from renshe.resources import load_yaml

    text = read_input(path)
    try:
        data = json.loads(text) if path.lower().endswith(".json") else load_yaml(text)
    except (json.JSONDecodeError, ValueError) as err:
        raise InputError(
            f"情况文件 {path} 不是有效的 YAML/JSON:{str(err).splitlines()[0]}", "profile"
        ) from None
    except Exception as err:  # yaml.YAMLError without importing yaml here
        raise InputError(
            f"情况文件 {path} 不是有效的 YAML/JSON:{str(err).splitlines()[0]}", "profile"
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"情况文件 {path} 应为一个对象(事实名称: 值)", "profile")
    return data


def facts_doc() -> dict[str, Any]:
    from renshe.rules.declarations import shared_facts

    return {
        "facts": [
            {"name": n, "label": f.label, "description": f.description} for n, f in shared_facts().items()
        ]
    }


def render_facts(doc: dict[str, Any]) -> None:
    console = make_console()
    for f in doc["facts"]:
        console.print(f"{f['name']}  {f['label']}:{f['description']}", highlight=False, soft_wrap=True)


def _amount(ln: dict[str, Any]) -> str:
    a = ln.get("amount")
    return f" {a['label']} {a['value']}元" if a and a.get("value") is not None else ""


def render(doc: dict[str, Any]) -> None:
    """The screen for people: each group with its lines and citations, then the questions."""
    from renshe.screen import GROUPS

    console = make_console()
    console.print(f"[bold]政策找人[/bold](按{doc['on']};共{doc['rules']}项政策)", highlight=False)
    for key, label in GROUPS.items():
        lines = doc["groups"][key]
        if not lines:
            continue
        console.print(f"\n[bold]{label}[/bold]({len(lines)}项)", highlight=False)
        for ln in lines:
            head = f"· {ln['title']}{_amount(ln)}"
            if ln.get("apply_by"):
                head += f",申请截止 {ln['apply_by']}"
            console.print(head, highlight=False, soft_wrap=True)
            for s in ln.get("summary") or []:
                console.print(f"    {s}", highlight=False, soft_wrap=True)
            if ln.get("reason"):
                console.print(f"    {ln['reason']['text']}", highlight=False, soft_wrap=True)
            if ln["missing"]:
                console.print("    还需要:" + "、".join(m["label"] for m in ln["missing"]), highlight=False)
            for ex in ln.get("exclusions", []):
                console.print(f"    [yellow]! {ex['text']}[/yellow]", highlight=False, soft_wrap=True)
            for r in ln.get("readings") or []:
                console.print(f"    [dim]理解:{r}[/dim]", highlight=False, soft_wrap=True)
            if ln["citations"]:
                console.print(
                    f"    [dim]依据:{'、'.join(ln['citations'][:3])}[/dim]", highlight=False, soft_wrap=True
                )
    if doc["questions"]:
        console.print("\n[bold]接下来请回答[/bold](先问能决定最多政策的)", highlight=False)
        for i, q in enumerate(doc["questions"][:5], start=1):
            fact = f"{q['fact']}=" if q["fact"] else ""
            console.print(
                f"{i}. {q['label']}({fact}…,关系到{q['decides']}项政策)", highlight=False, soft_wrap=True
            )


def render_register(doc: dict[str, Any]) -> None:
    console = make_console()
    console.print(
        f"已筛查 {doc['rows']} 行(结果 {doc['results']} 行,错误 {doc['errors']} 行,"
        f"空行 {doc['blank_rows']} 行),"
        f"用时 {doc['seconds']} 秒",
        highlight=False,
    )
    console.print(f"名单:{doc['output']}", highlight=False)
    console.print(f"汇总:{doc['summary_output']}", highlight=False)
    if doc["ids_masked"]:
        console.print("身份证号码已隐去中间8位(--keep-ids 保留)", highlight=False)
    if doc["ignored_columns"]:
        console.print("未使用的列:" + "、".join(doc["ignored_columns"]), highlight=False)
    for r in doc["rules"]:
        if r["eligible"] or r["maybe"]:
            console.print(
                f"· {r['title']}:可以享受 {r['eligible']} 人,金额合计 {r['total_amount']} 元;"
                f"可能可以 {r['maybe']} 人",
                highlight=False,
                soft_wrap=True,
            )


def register(app: typer.Typer) -> None:
    @app.command("screen")
    def screen_cmd(
        pairs: Annotated[
            list[str] | None, typer.Argument(help="情况 事实=值,如 person.birth=1970-05 或 出生年月=1970-05")
        ] = None,
        profile: Annotated[
            str | None, typer.Option("--profile", help="情况文件(YAML 或 JSON 对象;- 为标准输入)")
        ] = None,
        on: Annotated[
            str | None,
            typer.Option("--on", help="所问的日期 YYYY-MM-DD(默认今天):政策是否到期、申请期是否已过"),
        ] = None,
        register_in: Annotated[
            str | None,
            typer.Option("--register", help="筛查名册(CSV/XLSX/Parquet,中文表头),需同时给 --output"),
        ] = None,
        output: Annotated[
            str | None, typer.Option("--output", help="名册筛查结果文件;汇总写入同目录的 *.汇总.*")
        ] = None,
        keep_ids: Annotated[
            bool, typer.Option("--keep-ids", help="名册结果中保留完整身份证号码(默认隐去中间8位)")
        ] = False,
        encoding: Annotated[
            str | None, typer.Option("--encoding", help="CSV 名册的编码(默认自动识别)")
        ] = None,
        sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX 名册的工作表(默认第一个)")] = None,
        list_facts: Annotated[
            bool, typer.Option("--facts", help="列出全部可填写的情况(事实名称、中文名称)")
        ] = False,
        json_out: JsonOpt = False,
    ) -> None:
        """政策找人:按一个人(及其单位)的情况,列出可以享受、可能可以、不符合、申请期已过和已到期的政策。"""
        from renshe.cli.common import parse_day

        if list_facts:
            respond(json_out, facts_doc, render_facts)
            return

        def one() -> dict[str, Any]:
            from renshe.app import default_app
            from renshe.cli.rules import parse_pairs

            asked = parse_day(on)
            raw = read_profile(profile) if profile else {}
            raw.update(parse_pairs(pairs or []))
            return default_app().screen(raw, asked)

        def many() -> dict[str, Any]:
            from renshe.app import default_app

            if pairs or profile:
                raise InputError("--register 筛查名册时不能同时给出个人情况", "register")
            if not output:
                raise InputError("请用 --output 指定名册筛查结果文件", "output")
            assert register_in is not None
            return default_app().screen_register(
                Path(register_in),
                Path(output),
                on=parse_day(on),
                keep_ids=keep_ids,
                encoding=encoding,
                sheet=sheet,
            )

        if register_in is not None:
            respond(json_out, many, render_register)
        else:
            respond(json_out, one, render)
