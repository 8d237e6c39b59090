"""Working days on the official Chinese holiday calendar (the `chinesecalendar` package).

Why: deadlines such as "自收到申请之日起10个工作日内" (人社厅发〔2024〕60号 一) or "不少于5个工作日的
公示" (病残津贴暂行办法 第十二条) skip weekends and statutory holidays but count the weekend days
the State Council makes working days (调休). That schedule is announced year by year, so no formula
can produce it; `chinesecalendar` carries the published schedules (2004 through its last release
year). Beyond its data we refuse (InputError) instead of guessing: a caseworker must never get a
deadline that silently ignores a holiday nobody has announced yet.

Counting follows the usual rule for periods in days (民法典 第二百零一条, not in the compilation):
the start day is not counted; the deadline is the N-th working day after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import chinese_calendar  # type: ignore[import-untyped]
from chinese_calendar import constants as _cc

from renshe.errors import InputError

MAX_DAYS = 3660  # a deadline is at most ten years out; beyond is a typo


@cache
def calendar_range() -> tuple[date, date]:
    """First and last day the installed holiday data covers (whole years)."""
    years = {d.year for d in _cc.holidays} | {d.year for d in _cc.workdays}
    return date(min(years), 1, 1), date(max(years), 12, 31)


def calendar_version() -> str:
    from importlib.metadata import version

    try:
        return f"chinesecalendar {version('chinesecalendar')}"
    except Exception:
        return "chinesecalendar"


def _check_covered(day: date, field_name: str) -> None:
    first, last = calendar_range()
    if not first <= day <= last:
        raise InputError(
            f"{day.isoformat()} 超出节假日数据的范围({first.year}–{last.year}年,{calendar_version()}):"
            f"{day.year}年的法定节假日和调休安排"
            f"{'尚未收录(通常由国务院办公厅于上一年年底公布)' if day > last else '未收录'},"
            "无法按工作日计算;请以国务院办公厅公布的放假安排为准",
            field_name,
        )


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day (a non-holiday weekday or a 调休 weekend); InputError beyond data."""
    _check_covered(day, "date")
    return bool(chinese_calendar.is_workday(day))


def day_kind(day: date) -> str:
    """Why a day is or is not a working day, in Chinese (for explanations)."""
    _check_covered(day, "date")
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if on_holiday:
        return f"法定节假日({_HOLIDAY_ZH.get(str(name), str(name))})" if name else "周末"
    if day.weekday() >= 5:
        return f"调休上班({_HOLIDAY_ZH.get(str(name), str(name))})" if name else "调休上班"
    return "工作日"


_HOLIDAY_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class Deadline:
    """A deadline counted from `start`: the date, and the non-working days skipped on the way."""

    start: date
    n: int
    working_days: bool
    deadline: date
    skipped: list[tuple[date, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def add_working_days(start: date, n: int) -> Deadline:
    """The N-th working day after `start` (start not counted); InputError when beyond the data."""
    if n < 1:
        raise InputError("工作日数 N 必须是正整数", "n")
    if n > MAX_DAYS:
        raise InputError(f"工作日数 N 过大(不超过{MAX_DAYS})", "n")
    _check_covered(start, "start")
    day, counted = start, 0
    skipped: list[tuple[date, str]] = []
    while counted < n:
        day += timedelta(days=1)
        _check_covered(day, "n")
        if chinese_calendar.is_workday(day):
            counted += 1
        else:
            skipped.append((day, day_kind(day)))
    return Deadline(start, n, True, day, skipped)


def add_days(start: date, n: int) -> Deadline:
    """N calendar days after `start` (start not counted).

    When the holiday data covers it, a last day that falls on a rest day is also reported with
    the next working day (民法典 第二百零三条: a period ending on a statutory holiday ends on the
    day after the holiday; not in the compilation), as a note, not as the deadline.
    """
    if n < 1:
        raise InputError("天数 N 必须是正整数", "n")
    if n > MAX_DAYS:
        raise InputError(f"天数 N 过大(不超过{MAX_DAYS})", "n")
    end = start + timedelta(days=n)
    notes: list[str] = []
    first, last = calendar_range()
    if first <= end <= last and not chinese_calendar.is_workday(end):
        nxt = end
        while nxt <= last and not chinese_calendar.is_workday(nxt):
            nxt += timedelta(days=1)
        if nxt <= last:
            notes.append(
                f"期限最后一日{end.isoformat()}为{day_kind(end)};按民法典第二百零三条(不在本汇编中),"
                f"期间的最后一日是法定休假日的,以法定休假日结束的次日为最后一日,即{nxt.isoformat()}。"
            )
    elif not first <= end <= last:
        notes.append(f"{end.year}年的放假安排不在节假日数据中,无法判断最后一日是否为休假日。")
    return Deadline(start, n, False, end, [], notes)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end] — how many of a deadline's days have been used by `end`."""
    if end < start:
        raise InputError("结束日期不能早于开始日期", "end")
    _check_covered(start, "start")
    _check_covered(end, "end")
    return sum(
        1 for i in range(1, (end - start).days + 1) if chinese_calendar.is_workday(start + timedelta(days=i))
    )
