"""`renshe deadline START N --working-days`: a deadline on the official holiday calendar.

For caseworkers: "10个工作日内审核完毕" from a given day is not START + 14; it depends on the
holiday schedule the State Council publishes each year. The command says plainly when a date is
beyond the calendar data: past the published schedules the statutory holidays and make-up days
are computed from 《全国年节及纪念日放假办法》 and the result is marked 预估 (调休安排尚未公布);
`--strict` refuses such a date instead. Without `--working-days` it counts calendar days.

A person who knows the procedure, not N: `renshe deadline --procedure 退休一件事 2026-12-01`
(the catalogue of named procedures, `renshe.procedures`; `--list` shows them all).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console

from renshe.cli.common import JsonOpt, respond
from renshe.errors import InputError

_WEEKDAYS = "一二三四五六日"


def _parse_start(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"开始日期“{text}”无效,应写作 YYYY-MM-DD 且是存在的日期", "start") from None


def _parse_n(text: str) -> int:
    try:
        n = int(text.strip())
    except ValueError:
        raise InputError(f"天数 N“{text}”应为正整数", "n") from None
    return n


def deadline_doc(
    start: str, n: str, working_days: bool, strict: bool = False, provision: str | None = None
) -> dict[str, Any]:
    """The JSON document of one deadline (also used by the API).

    `strict` refuses a working-day count that reaches past the published holiday schedules
    instead of estimating it from the 放假办法 (`estimated: true`, 预估). `provision` names the
    provision that sets the time limit: the answer then says whether it is in force on the start
    day and whether it ends or its application window closes before the deadline (`governing`)."""
    from renshe.rules.workdays import (
        add_days,
        add_working_days,
        calendar_range,
        calendar_version,
        estimate_source,
    )

    day = _parse_start(start)
    count = _parse_n(n)
    d = add_working_days(day, count, strict=strict) if working_days else add_days(day, count)
    first, last = calendar_range()
    calendar: dict[str, Any] = {
        "source": calendar_version(),
        "from": first.isoformat(),
        "until": last.isoformat(),
    }
    if d.estimated:
        calendar["estimate"] = estimate_source()
    notes = list(d.notes)
    governing = _governing(provision, d.start, d.deadline, notes) if provision else None
    out = {
        "start": d.start.isoformat(),
        "n": d.n,
        "unit": "working_days" if working_days else "days",
        "deadline": d.deadline.isoformat(),
        "deadline_weekday": f"星期{_WEEKDAYS[d.deadline.weekday()]}",
        "skipped": [{"date": x.isoformat(), "reason": why} for x, why in d.skipped],
        "estimated": d.estimated,
        "calendar": calendar,
        "rule": "开始当日不计入,自次日起算"
        + ("(工作日不含周末和法定节假日,含调休上班日)" if working_days else ""),
        "notes": notes,
    }
    if governing is not None:
        out["governing"] = governing
    return out


def _governing(provision: str, start: date, deadline: date, notes: list[str]) -> dict[str, Any]:
    """The validity of the provision that sets the limit (`renshe.procedures.answer.governing`)."""
    from renshe.app import default_app
    from renshe.procedures.answer import governing

    return governing(default_app().kb(), provision, start, deadline, notes)


def render(doc: dict[str, Any]) -> None:
    console = Console()
    unit = "个工作日" if doc["unit"] == "working_days" else "日"
    console.print(
        f"自{doc['start']}起{doc['n']}{unit}:"
        f"期限为 [bold]{doc['deadline']}[/bold]({doc['deadline_weekday']})"
        + (" [bold yellow]预估[/bold yellow]" if doc.get("estimated") else ""),
        highlight=False,
    )
    console.print(f"计算规则:{doc['rule']}。", highlight=False)
    if doc["skipped"]:
        console.print(f"跳过的非工作日({len(doc['skipped'])}天):", highlight=False)
        for s in doc["skipped"]:
            if s["reason"] != "周末":
                console.print(f"  {s['date']} {s['reason']}", highlight=False)
        weekends = sum(1 for s in doc["skipped"] if s["reason"] == "周末")
        if weekends:
            console.print(f"  另有周末{weekends}天", highlight=False)
    for note in doc["notes"]:
        console.print(f"[yellow]! {note}[/yellow]", highlight=False, soft_wrap=True)
    cal = doc["calendar"]
    console.print(
        f"[dim]节假日数据:{cal['source']}({cal['from'][:4]}–{cal['until'][:4]}年)"
        + (f";其后按{cal['estimate']}估算" if cal.get("estimate") else "")
        + "[/dim]",
        highlight=False,
    )


def _facts(items: list[str]) -> dict[str, str]:
    """KEY=VALUE words after the date (recognised_on=2025-02-10, birth=1970-06 …)."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(f"“{item}”应写作 输入项=值,如 recognised_on=2025-02-10", "inputs")
        out[key.strip()] = value.strip()
    return out


def procedure_doc(name: str, start: str | None, rest: list[str], strict: bool = False) -> dict[str, Any]:
    from renshe.app import default_app
    from renshe.procedures.answer import deadline_doc as procedure_deadline

    if not start:
        raise InputError("请给出起算日期,如 renshe deadline --procedure 退休一件事 2026-12-01", "start")
    return procedure_deadline(default_app().kb(), name, start, _facts(rest), strict)


def list_doc() -> dict[str, Any]:
    from renshe.app import default_app
    from renshe.procedures.answer import listing

    return listing(default_app().kb())


def render_list(doc: dict[str, Any]) -> None:
    console = Console()
    console.print(f"具名程序与期限({doc['count']}项;效力按{doc['on']}):", highlight=False)
    area = None
    for e in doc["procedures"]:
        if e["area"] != area:
            area = e["area"]
            console.print(f"[bold]{area}[/bold]", highlight=False)
        lines = e["provision"]["lines"]
        where = (
            f"第{lines[0]}行"
            if lines and lines[0] == lines[1]
            else (f"第{lines[0]}–{lines[1]}行" if lines else "")
        )
        status = e.get("validity", {}).get("status", "")
        mark = "(被取代)" if e["superseded_by"] else ""
        console.print(
            f"  {e['name']}{mark}:{e['limit']}(起算:{e['anchor']['label']});{e['actor']}"
            f" [dim]— {e['provision']['id']} {where} {status}[/dim]",
            highlight=False,
            soft_wrap=True,
        )


def render_procedure(doc: dict[str, Any]) -> None:
    console = Console()
    p = doc["procedure"]
    when = doc["deadline"] + (f"({doc['deadline_weekday']})" if doc.get("deadline_weekday") else "")
    console.print(
        f"{p['name']}:{doc['anchor']['label']} {doc['anchor']['date']} 起,{p['limit']},"
        f"期限为 [bold]{when}[/bold]" + (" [bold yellow]预估[/bold yellow]" if doc["estimated"] else ""),
        highlight=False,
        soft_wrap=True,
    )
    if doc.get("extended_deadline"):
        console.print(f"可延长至 {doc['extended_deadline']}({p['extension']['quote']})", highlight=False)
    lines = p["provision"]["lines"]
    where = (
        f"(源文本第{lines[0]}行)"
        if lines and lines[0] == lines[1]
        else (f"(源文本第{lines[0]}–{lines[1]}行)" if lines else "")
    )
    console.print(
        f"依据:{p['provision']['id']}{where}“{p['provision']['quote']}”", highlight=False, soft_wrap=True
    )
    console.print(f"办理主体:{p['actor']}", highlight=False)
    for step in doc["steps"]:
        console.print(f"  {step}", highlight=False, soft_wrap=True)
    if doc.get("validity"):
        v = doc["validity"]
        console.print(f"条款效力({v['on']}):{v['status']}", highlight=False)
    for note in doc["notes"]:
        console.print(f"[yellow]! {note}[/yellow]", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    @app.command("deadline")
    def deadline_cmd(
        start: Annotated[str | None, typer.Argument(help="开始日期 YYYY-MM-DD(当日不计入)")] = None,
        n: Annotated[str | None, typer.Argument(help="天数;--procedure 时为 输入项=值")] = None,
        rest: Annotated[
            list[str] | None, typer.Argument(help="--procedure 时的其他输入项,如 recognised_on=2025-02-10")
        ] = None,
        working_days: Annotated[
            bool, typer.Option("--working-days", help="按工作日计算(按国务院公布的放假调休安排)")
        ] = False,
        strict: Annotated[
            bool,
            typer.Option("--strict", help="超出已公布放假安排的年份时拒绝计算(默认按放假办法估算并标注预估)"),
        ] = False,
        provision: Annotated[
            str | None,
            typer.Option(
                "--provision",
                help="规定该期限的条款,如 渝人社发〔2024〕17号/八:同时说明它在开始日是否有效、受理是否截止",
            ),
        ] = None,
        procedure: Annotated[
            str | None,
            typer.Option(
                "--procedure", help="按程序名称计算期限,如 退休一件事、失业保险金审核、工伤医疗期待遇结算"
            ),
        ] = None,
        list_all: Annotated[
            bool, typer.Option("--list", help="列出全部具名程序:起算点、期限、办理主体和条款")
        ] = False,
        json_out: JsonOpt = False,
    ) -> None:
        """计算期限:自开始日期起 N 个工作日(--working-days)或 N 日;或按程序名称(--procedure)。"""
        if list_all:
            respond(json_out, list_doc, render_list)
            return
        if procedure is not None:
            facts = ([n] if n else []) + list(rest or [])
            respond(json_out, lambda: procedure_doc(procedure, start, facts, strict), render_procedure)
            return

        def classic() -> dict[str, Any]:
            if start is None or n is None:
                raise InputError(
                    "请给出开始日期和天数(renshe deadline START N),或用 --procedure 名称 / --list", "start"
                )
            if rest:
                raise InputError(f"多余的参数:{' '.join(rest)}", "n")
            return deadline_doc(start, n, working_days, strict, provision)

        respond(json_out, classic, render)
