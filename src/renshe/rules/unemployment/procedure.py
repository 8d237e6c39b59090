"""The procedure: review deadlines (60号 一 vs 办法第十四条), the abolished application period (办法第六条
vs 40号 五), the stop conditions (条例 第十五条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from renshe.errors import InputError
from renshe.rules.citations import Trace
from renshe.rules.months import zh_date
from renshe.rules.params import ParamSet, cite, params, value
from renshe.rules.unemployment.models import (
    UnemploymentInput,
    review_rule_start,
)

# --- the procedure: review, application period, stop conditions ------------------------------


@dataclass(slots=True)
class Review:
    """The two review deadlines and the note that says which prevails (a result field)."""

    deadline: date | None
    bylaw: date | None
    note: str
    error: str | None  # the working-day count could not be made (holiday data)


def review_deadlines(inp: UnemploymentInput) -> Review:
    """10 working days (60号 一, line 8943) and 10 days (办法 第十四条, line 8821) from the
    application; which prevails and why."""
    from renshe.rules.workdays import working_day_after

    asked = inp.applied_on or inp.registration
    wd = int(value("unemployment.review_working_days", max(asked, review_rule_start())))
    days = int(value("unemployment.review_days_bylaw", asked))
    note = (
        f"审核期限:人社厅发〔2024〕60号 一规定自收到申请之日起{wd}个工作日内审核完毕,"
        f"办法第十四条为自受理申请之日起{days}日内。"
        f"本结果以60号文的{wd}个工作日为准:它是{zh_date(review_rule_start())}专就失业保险金审核作出的、"
        "最新的规定,依据《社会保险经办条例》(行政法规,经办期限以工作日计)。"
        f"{wd}个工作日不短于{days}日,经办机构在{days}日内办结的,同时符合两者。"
    )
    if inp.applied_on is None:
        return Review(None, None, note, None)
    bylaw = inp.applied_on + timedelta(days=days)  # “10日内”: calendar days
    try:
        review = working_day_after(inp.applied_on, wd)
    except InputError as err:
        when = (
            f"申请日{inp.applied_on.isoformat()}起{wd}个工作日:{err.message}。"
            f"办法的{days}日为{bylaw.isoformat()}。"
        )
        return Review(None, bylaw, note + when, err.message)
    when = (
        f"申请日{inp.applied_on.isoformat()}起{wd}个工作日,即{review.isoformat()}"
        f"前审核完毕(办法的{days}日为{bylaw.isoformat()})。"
    )
    return Review(review, bylaw, note + when, None)


def explain_review(rv: Review, trace: Trace) -> None:
    if rv.error is not None:
        trace.warn(rv.error)
    trace.step(rv.note, cite("ui.n60.review"), cite("ui.art14.ten_days"))


def application_deadline(inp: UnemploymentInput) -> date:
    """办法第六条 (line 8795): “自终止或者解除劳动合同之日起60日内…申领” (abolished by 40号 五)."""
    return inp.separated_on + timedelta(days=int(value("unemployment.application_days", inp.separated_on)))


def time_limit_note(inp: UnemploymentInput, deadline: date) -> str:
    """办法第六条's 60 days against 40号 五 (line 8913) “全面取消申领时限”: which prevails and why."""
    days = (deadline - inp.separated_on).days
    return (
        f"申领时限:办法第六条要求自终止或者解除劳动合同之日起{days}日内申领(本例为{deadline.isoformat()}前),"
        "但人社部发〔2024〕40号 五要求全面取消申领时限等,"
        f"仅凭身份证或社保卡即可申领。本结果按40号文处理,不因超过{days}日而拒绝:"
        "40号文经国务院同意、由同一主管部门发出,是专门针对这一限制的明确指令。"
        "但失业保险金从办理失业登记之日起计发,晚登记、晚申请会推迟起领时间,应尽早办理。"
    )


STOP_KEYS = ("ui.reg15.1", "ui.reg15.2", "ui.reg15.3", "ui.reg15.4", "ui.reg15.5", "ui.reg15.6", "ui.reg15.7")
_STOPS: list[tuple[ParamSet, tuple[str, ...]]] = []


def stop_conditions() -> list[str]:
    """条例 第十五条's items in its own words (from the citations' quotes; built once per
    parameter set)."""
    ps = params()
    if not _STOPS or _STOPS[0][0] is not ps:
        _STOPS[:] = [(ps, tuple(ps.cite(k).quote.removesuffix("的") for k in STOP_KEYS))]
    return list(_STOPS[0][1])


def explain_stops(items: list[str], trace: Trace) -> None:
    c = cite
    trace.step(
        "领取期间出现下列情形之一的,停止领取失业保险金并停止享受其他失业保险待遇:" + ";".join(items) + "。",
        c("ui.reg15.head"),
        *[c(k) for k in STOP_KEYS],
        c("ui.art13.stop"),
    )
