"""Working days on the official Chinese holiday calendar, and an estimate past the published years.

Why: deadlines such as "自收到申请之日起10个工作日内" (人社厅发〔2024〕60号 一) or "不少于5个工作日的
公示" (病残津贴暂行办法 第十二条) skip weekends and statutory holidays but count the weekend days
the State Council makes working days (调休). The 调休 schedule is announced year by year;
`chinesecalendar` carries the published schedules (2004 through its last release year).

Past its data the statutory days are still fixed by law: 《全国年节及纪念日放假办法》 (as revised
by 国务院令第795号, from 2025-01-01; source lines 1184–1211) 第二条 lists the days and 第六条 adds a
make-up day (补假) for a holiday that falls on a Saturday or Sunday. Only the 调休 swaps are
unknown. So for a year the data does not cover, the calendar is *computed* from the 办法 (lunar
dates from the `holidays` package) and every result is marked 预估 ("调休安排尚未公布"); with
`strict=True` (the default of the library calls, so existing rules keep their behaviour) such a
date is refused instead.

Day kinds are kept apart: 法定节假日 (第二条), 补假 (第六条), 调休休息日 (a weekday off in exchange
for a 调休上班日), 调休上班日 (a weekend day worked), 周末, 工作日.

Counting follows the usual rule for periods in days (民法典 第二百零一条, not in the compilation):
the start day is not counted; the deadline is the N-th working day after it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache

import chinese_calendar  # type: ignore[import-untyped]
from chinese_calendar import constants as _cc
from holidays.calendars.chinese import _ChineseLunisolar

from renshe.errors import InputError

MAX_DAYS = 3660  # a deadline is at most ten years out; beyond is a typo

BANFA = "国务院令第795号/全国年节及纪念日放假办法"
# 国务院令第795号 公布令: "…现予公布,自2025年1月1日起施行。" — 第二条 in its present form from then on
RULES_FROM = date(2025, 1, 1)
LUNAR_UNTIL = 2099  # the `holidays` package's lunisolar tables are reliable for 1901–2099

ESTIMATE_NOTE = (
    "预估:{years}年的调休安排尚未公布(国务院办公厅通常于上一年年底公布)。本结果按《全国年节及纪念日放假办法》"
    "第二条的法定节假日和第六条的补假计算,未计入调休(调休上班日、调休休息日);公布后请以公布的放假安排为准。"
)


# --------------------------------------------------------------------------------------------
# 放假办法 第二条 and 第六条


@dataclass(frozen=True)
class Festival:
    """One item of 第二条: its name, the provision, its words, and the days it gives in a year."""

    name: str
    provision_id: str
    quote: str
    days: Callable[[int], list[date]]


_LUNAR = _ChineseLunisolar()


def _lunar(getter: Callable[[int], tuple[date | None, bool]], year: int) -> date:
    day, _estimated = getter(year)
    if day is None:  # pragma: no cover - outside the package's tables
        raise InputError(f"{year}年的农历日期超出可计算的范围", "date")
    return day


def _spring_festival(year: int) -> list[date]:
    first = _lunar(_LUNAR.lunar_new_year_date, year)
    return [first + timedelta(days=i) for i in range(-1, 3)]  # 除夕, 正月初一至初三


FESTIVALS: tuple[Festival, ...] = (
    Festival("元旦", f"{BANFA}/第二条/(一)", "元旦,放假1天(1月1日)", lambda y: [date(y, 1, 1)]),
    Festival("春节", f"{BANFA}/第二条/(二)", "春节,放假4天(农历除夕、正月初一至初三)", _spring_festival),
    Festival(
        "清明节",
        f"{BANFA}/第二条/(三)",
        "清明节,放假1天(农历清明当日)",
        lambda y: [_lunar(_LUNAR.qingming_date, y)],
    ),
    Festival(
        "劳动节",
        f"{BANFA}/第二条/(四)",
        "劳动节,放假2天(5月1日、2日)",
        lambda y: [date(y, 5, 1), date(y, 5, 2)],
    ),
    Festival(
        "端午节",
        f"{BANFA}/第二条/(五)",
        "端午节,放假1天(农历端午当日)",
        lambda y: [_lunar(_LUNAR.dragon_boat_date, y)],
    ),
    Festival(
        "中秋节",
        f"{BANFA}/第二条/(六)",
        "中秋节,放假1天(农历中秋当日)",
        lambda y: [_lunar(_LUNAR.mid_autumn_date, y)],
    ),
    Festival(
        "国庆节",
        f"{BANFA}/第二条/(七)",
        "国庆节,放假3天(10月1日至3日)",
        lambda y: [date(y, 10, 1), date(y, 10, 2), date(y, 10, 3)],
    ),
)
MAKEUP_PROVISION = f"{BANFA}/第六条"
MAKEUP_QUOTE = "全体公民放假的假日,如果适逢周六、周日,应当在工作日补假"


@cache
def statutory_days(year: int) -> dict[date, str]:
    """第二条: the days off of every 全体公民放假的节日 in `year` ({day: festival}; 2025 onward).

    Two festivals on one day (中秋 on 10月1日–3日: 2028-10-03, 2031-10-01) give one day named
    after both; see `makeup_days` for the day that case adds.
    """
    out: dict[date, str] = {}
    for f in FESTIVALS:
        for d in f.days(year):
            out[d] = f"{out[d]}、{f.name}" if d in out else f.name
    return out


@cache
def makeup_days(year: int) -> dict[date, str]:
    """第六条: "全体公民放假的假日,如果适逢周六、周日,应当在工作日补假" ({day: festival}).

    The article does not say which working day; the published schedules give it on the first
    weekday after the holiday that is not itself a holiday (2025-06-02 for 端午 on Saturday
    2025-05-31; 2026-04-06, 2026-05-04, 2026-10-05), and so does this function. Nor does it say
    what happens when two festivals fall on one day; the published 2020 schedule (中秋 on
    国庆 10-01) gave one more weekday off (2020-10-06, after the 补假 10-05), and so does this
    function: every festival day is given one day off that is a working day.
    """
    holidays = statutory_days(year)
    out: dict[date, str] = {}
    claimed: dict[date, str] = {}
    for f in FESTIVALS:
        days = sorted(f.days(year))
        for d in days:
            owed = d.weekday() >= 5 or d in claimed  # on a weekend, or already another festival's
            claimed.setdefault(d, f.name)
            if not owed:
                continue
            nxt = max(days)
            while True:
                nxt += timedelta(days=1)
                if nxt.weekday() < 5 and nxt not in holidays and nxt not in out:
                    break
            out[nxt] = holidays[d] if d.weekday() < 5 else f.name
    return out


# --------------------------------------------------------------------------------------------
# The published calendar and the estimate


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


def estimate_source() -> str:
    from importlib.metadata import version

    try:
        return f"《全国年节及纪念日放假办法》第二条、第六条;农历日期 holidays {version('holidays')}"
    except Exception:
        return "《全国年节及纪念日放假办法》第二条、第六条"


def is_estimated(day: date) -> bool:
    """Whether `day` lies past the published schedules (its calendar is computed, 预估)."""
    return day > calendar_range()[1]


def _check_covered(day: date, field_name: str, strict: bool = True) -> None:
    first, last = calendar_range()
    if first <= day <= last:
        return
    if day > last and not strict and day.year <= LUNAR_UNTIL:
        return
    reason = "尚未收录(通常由国务院办公厅于上一年年底公布)" if day > last else "未收录"
    extra = "(严格模式:不按放假办法估算)" if day > last and strict else ""
    raise InputError(
        f"{day.isoformat()} 超出节假日数据的范围({first.year}–{last.year}年,{calendar_version()}):"
        f"{day.year}年的法定节假日和调休安排{reason},无法按工作日计算{extra};"
        "请以国务院办公厅公布的放假安排为准",
        field_name,
    )


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
class DayInfo:
    """What a day is: 法定节假日 / 补假 / 调休休息日 / 调休上班日 / 周末 / 工作日, festival, 预估."""

    kind: str
    name: str = ""
    estimated: bool = False

    @property
    def working(self) -> bool:
        return self.kind in ("工作日", "调休上班日")

    @property
    def label(self) -> str:
        return f"{self.kind}({self.name})" if self.name else self.kind


@lru_cache(maxsize=8192)  # pure (fixed data); chinese_calendar re-checks its whole range per call
def day_info(day: date, *, strict: bool = True) -> DayInfo:
    """Classify one day; past the published data, from the 办法 (预估) unless `strict`."""
    _check_covered(day, "date", strict)
    if is_estimated(day):
        if day in statutory_days(day.year):
            return DayInfo("法定节假日", statutory_days(day.year)[day], True)
        if day in makeup_days(day.year):
            return DayInfo("补假", makeup_days(day.year)[day], True)
        return DayInfo("周末" if day.weekday() >= 5 else "工作日", "", True)
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    zh = _HOLIDAY_ZH.get(str(name), str(name)) if name else ""
    if not on_holiday:
        return DayInfo("调休上班日", zh) if day.weekday() >= 5 else DayInfo("工作日")
    if day.year >= RULES_FROM.year:
        if day in statutory_days(day.year):
            return DayInfo("法定节假日", statutory_days(day.year)[day])
        if day in makeup_days(day.year):
            return DayInfo("补假", makeup_days(day.year)[day])
    if day in _cc.in_lieu_days:
        return DayInfo("调休休息日", zh)
    if day.weekday() >= 5:
        return DayInfo("周末")
    # before 2025 the 办法 in force is not in the compilation: a weekday off that is not a
    # 调休 day is its statutory day (or its 补假, which the data does not tell apart)
    return DayInfo("法定节假日", zh)


def is_working_day(day: date, *, strict: bool = True) -> bool:
    """Whether `day` is a working day (a non-holiday weekday or a 调休上班日); InputError beyond data."""
    return day_info(day, strict=strict).working


def day_kind(day: date, *, strict: bool = True) -> str:
    """Why a day is or is not a working day, in Chinese (for explanations): 法定节假日(国庆节) …"""
    return day_info(day, strict=strict).label


@dataclass(frozen=True)
class Deadline:
    """A deadline counted from `start`: the date, and the non-working days skipped on the way."""

    start: date
    n: int
    working_days: bool
    deadline: date
    skipped: list[tuple[date, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    estimated: bool = False  # some day counted lies past the published schedules (预估)


def _estimate_note(years: list[int]) -> str:
    return ESTIMATE_NOTE.format(years="、".join(str(y) for y in years))


@lru_cache(maxsize=128)
def _working_ordinals(year: int, strict: bool) -> tuple[int, ...]:
    """The working days of one whole year as sorted ordinals (the data covers whole years, so a
    year is either counted or out of range): the N-th working day is then one bisection."""
    day, out = date(year, 1, 1), []
    while day.year == year:
        if day_info(day, strict=strict).working:
            out.append(day.toordinal())
        day += _ONE_DAY
    return tuple(out)


_ONE_DAY = timedelta(days=1)


def working_day_after(start: date, n: int, *, strict: bool = True) -> date:
    """The N-th working day after `start` (start not counted): the date alone, for formulas that
    need no list of skipped days. InputError (as `add_working_days`) when N is out of range or a
    day counted lies beyond the holiday data (`strict`) or the lunisolar tables."""
    if n < 1:
        raise InputError("工作日数 N 必须是正整数", "n")
    if n > MAX_DAYS:
        raise InputError(f"工作日数 N 过大(不超过{MAX_DAYS})", "n")
    _check_covered(start, "start", strict)
    after, year, left = start.toordinal(), start.year, n
    while True:
        days = _working_ordinals(year, strict)
        i = bisect_right(days, after)
        if i + left <= len(days):
            return date.fromordinal(days[i + left - 1])
        left -= len(days) - i
        year += 1
        _check_covered(date(year, 1, 1), "n", strict)


def add_working_days(start: date, n: int, *, strict: bool = True) -> Deadline:
    """The N-th working day after `start` (start not counted), with the non-working days skipped
    on the way (for explanations).

    Past the published data: InputError when `strict`, else counted on the 办法's statutory days
    and make-up days and marked `estimated` (预估) with a note.
    """
    deadline = working_day_after(start, n, strict=strict)
    day = start
    skipped: list[tuple[date, str]] = []
    estimated: set[int] = set()
    while day < deadline:
        day += _ONE_DAY
        info = day_info(day, strict=strict)
        if info.estimated:
            estimated.add(day.year)
        if not info.working:
            skipped.append((day, info.label))
    notes = [_estimate_note(sorted(estimated))] if estimated else []
    return Deadline(start, n, True, deadline, skipped, notes, bool(estimated))


def add_days(start: date, n: int) -> Deadline:
    """N calendar days after `start` (start not counted).

    A last day that falls on a rest day is also reported with the next working day (民法典
    第二百零三条: a period ending on a statutory holiday ends on the day after the holiday; not
    in the compilation), as a note, not as the deadline; past the published data that note is
    预估 from the 办法.
    """
    if n < 1:
        raise InputError("天数 N 必须是正整数", "n")
    if n > MAX_DAYS:
        raise InputError(f"天数 N 过大(不超过{MAX_DAYS})", "n")
    end = start + timedelta(days=n)
    notes: list[str] = []
    first, _last = calendar_range()
    if not first <= end or end.year > LUNAR_UNTIL:
        notes.append(f"{end.year}年的放假安排不在节假日数据中,无法判断最后一日是否为休假日。")
        return Deadline(start, n, False, end, [], notes)
    info = day_info(end, strict=False)
    if not info.working:
        nxt = end + timedelta(days=1)
        while not is_working_day(nxt, strict=False):
            nxt += timedelta(days=1)
        mark = "(预估)" if info.estimated or is_estimated(nxt) else ""
        notes.append(
            f"期限最后一日{end.isoformat()}为{info.label}{mark};按民法典第二百零三条(不在本汇编中),"
            f"期间的最后一日是法定休假日的,以法定休假日结束的次日为最后一日,即{nxt.isoformat()}。"
        )
        if mark:
            notes.append(_estimate_note(sorted({end.year, nxt.year})))
    return Deadline(start, n, False, end, [], notes, is_estimated(end))


def working_days_between(start: date, end: date, *, strict: bool = True) -> int:
    """Working days in (start, end] — how many of a deadline's days have been used by `end`."""
    if end < start:
        raise InputError("结束日期不能早于开始日期", "end")
    _check_covered(start, "start", strict)
    _check_covered(end, "end", strict)
    return sum(
        1
        for i in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=i), strict=strict)
    )
