"""`renshe deadline START N --working-days`: a deadline on the official holiday calendar.

For caseworkers: "10个工作日内审核完毕" from a given day is not START + 14; it depends on the
holiday schedule the State Council publishes each year. The command says plainly when a date is
beyond the calendar data: past the published schedules the statutory holidays and make-up days
are computed from 《全国年节及纪念日放假办法》 and the result is marked 预估 (调休安排尚未公布);
`--strict` refuses such a date instead. Without `--working-days` it counts calendar days.
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
    """The validity of the provision that sets the limit, on the start day and up to the deadline.

    Read from the validity layer (`renshe.validity.periods.provision_end`): its end clauses and
    application windows, and the horizon warning past what the compilation can know.
    """
    from renshe.app import default_app
    from renshe.validity.periods import provision_end

    g = provision_end(default_app().kb(), provision, start)
    pid = g["provision_id"]
    if not g["in_force"]:
        why = f",依据{g['clause']['provision_id']}:{g['clause']['quote']}" if g["clause"] else ""
        since = f",自{g['since']}起" if g["since"] else ""
        notes.append(f"{pid}在{start.isoformat()}已不再有效({g['status']}{since}{why})")
    for e in g["ends"]:
        last = date.fromisoformat(e["ends_on"])
        if start <= last < deadline:
            notes.append(
                f"{pid}的执行期限至{last.isoformat()},早于期限{deadline.isoformat()}(见{e['provision_id']})"
            )
    for w in g["windows"]:
        closes = date.fromisoformat(w["closes"]) if w.get("closes") else None
        if closes is None:
            continue
        if closes < start:
            notes.append(
                f"受理截止日期{closes.isoformat()}已过(见{w['provision_id']}):受理期限届满,不是政策失效"
            )
        elif closes < deadline:
            notes.append(
                f"期限{deadline.isoformat()}晚于受理截止日期{closes.isoformat()}(见{w['provision_id']}),"
                f"须在{closes.isoformat()}前(含当日)提出"
            )
    if g["horizon"]:
        notes.append(g["horizon"])
    return g


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


def register(app: typer.Typer) -> None:
    @app.command("deadline")
    def deadline_cmd(
        start: Annotated[str, typer.Argument(help="开始日期 YYYY-MM-DD(当日不计入)")],
        n: Annotated[str, typer.Argument(help="天数")],
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
        json_out: JsonOpt = False,
    ) -> None:
        """计算期限:自开始日期起 N 个工作日(--working-days)或 N 日。"""
        respond(json_out, lambda: deadline_doc(start, n, working_days, strict, provision), render)
