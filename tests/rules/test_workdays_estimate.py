"""The 放假办法 calendar (国务院令第795号, lines 1184–1211) against the published one, and the 预估 mode."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import typer
from chinese_calendar import constants as cc
from typer.testing import CliRunner

from renshe.cli import deadline as cli_deadline
from renshe.errors import InputError
from renshe.kb import KB
from renshe.rules.workdays import (
    FESTIVALS,
    MAKEUP_PROVISION,
    MAKEUP_QUOTE,
    add_days,
    add_working_days,
    calendar_range,
    day_info,
    day_kind,
    is_working_day,
    makeup_days,
    statutory_days,
    working_days_between,
)

app = typer.Typer(add_completion=False, rich_markup_mode=None)
cli_deadline.register(app)


@app.command("noop")
def _noop() -> None:  # keeps Typer from collapsing the app into `deadline`
    """(测试用)"""


runner = CliRunner()


def _published_statutory(year: int) -> set[date]:
    """The published schedule's statutory and make-up days: weekdays off that are not 调休 days."""
    return {d for d in cc.holidays if d.year == year and d.weekday() < 5 and d not in cc.in_lieu_days}


@pytest.mark.parametrize("year", [2025, 2026])
def test_computed_equals_published_day_by_day(year: int) -> None:
    computed = {d for d in statutory_days(year) if d.weekday() < 5} | set(makeup_days(year))
    assert sorted(computed) == sorted(_published_statutory(year))
    # every statutory day (weekend ones included) is a day off in the published schedule
    assert set(statutory_days(year)) <= {d for d in cc.holidays if d.year == year}
    # and none of the computed days is one of its 调休 rest days
    assert not (computed & set(cc.in_lieu_days))


def test_2025_and_2026_counts_and_makeup_days() -> None:
    # 第二条: 1 + 4 + 1 + 2 + 1 + 1 + 3 = 13 days a year
    assert len(statutory_days(2025)) == 13 and len(statutory_days(2026)) == 13
    # 第六条: 端午 2025-05-31 is a Saturday → 2025-06-02;
    # 2026: 清明 04-05 (Sun), 劳动节 05-02 (Sat), 国庆 10-03 (Sat)
    assert makeup_days(2025) == {date(2025, 6, 2): "端午节"}
    assert makeup_days(2026) == {
        date(2026, 4, 6): "清明节",
        date(2026, 5, 4): "劳动节",
        date(2026, 10, 5): "国庆节",
    }
    assert statutory_days(2025)[date(2025, 1, 28)] == "春节"  # 除夕


def test_2025_national_day_labels() -> None:
    # 2025 国庆+中秋: 10-01…10-08 off; 09-28 (Sun) and 10-11 (Sat) worked
    expected = {
        date(2025, 10, 1): "法定节假日(国庆节)",
        date(2025, 10, 2): "法定节假日(国庆节)",
        date(2025, 10, 3): "法定节假日(国庆节)",
        date(2025, 10, 4): "周末",
        date(2025, 10, 5): "周末",
        date(2025, 10, 6): "法定节假日(中秋节)",
        date(2025, 10, 7): "调休休息日(国庆节)",
        date(2025, 10, 8): "调休休息日(国庆节)",
    }
    assert {d: day_kind(d) for d in expected} == expected
    assert day_kind(date(2025, 9, 28)) == "调休上班日(国庆节)"
    assert day_kind(date(2025, 10, 11)) == "调休上班日(国庆节)"
    assert day_kind(date(2025, 10, 9)) == "工作日"
    assert day_kind(date(2025, 6, 2)) == "补假(端午节)"
    assert day_kind(date(2025, 5, 31)) == "法定节假日(端午节)"  # a statutory day on a Saturday


def test_lunar_dates_match_the_published_years() -> None:
    # the package's lunar dates fall inside the published festival blocks of every published year
    names = {"春节": "Spring Festival", "清明节": "Tomb-sweeping Day", "端午节": "Dragon Boat Festival"}
    names["中秋节"] = "Mid-autumn Festival"
    first, last = calendar_range()
    for year in range(first.year, last.year + 1):
        for f in FESTIVALS:
            if f.name not in names or (f.name != "春节" and year < 2008):  # 清明/端午/中秋 off from 2008
                continue
            day = f.days(year)[1 if f.name == "春节" else 0]  # 正月初一 / the day itself
            detail = cc.holidays.get(day)
            if detail is None:  # chinesecalendar leaves out 2012-06-23 (Sat) inside 端午 06-22…06-24
                assert (year, day.weekday()) == (2012, 5), (year, f.name, day)
                assert {day - timedelta(days=1), day + timedelta(days=1)} <= set(cc.holidays)
                continue
            assert str(detail) in (names[f.name], "National Day"), (year, f.name, day, detail)


def test_festival_quotes_are_the_articles_words(kb: KB) -> None:
    for f in FESTIVALS:
        p = kb.provision(f.provision_id)
        assert p is not None and f.quote in p["text"], f.provision_id
    p = kb.provision(MAKEUP_PROVISION)
    assert p is not None and MAKEUP_QUOTE in p["text"]


def test_estimate_past_the_calendar() -> None:
    d = add_working_days(date(2026, 12, 1), 26, strict=False)
    assert d.estimated and d.deadline == date(2027, 1, 7)
    assert (date(2027, 1, 1), "法定节假日(元旦)") in d.skipped
    assert any("预估" in n and "调休安排尚未公布" in n for n in d.notes)
    # strict (the library default) refuses with the reason
    with pytest.raises(InputError, match="2027年的法定节假日和调休安排尚未收录"):
        add_working_days(date(2026, 12, 1), 26)
    # a deadline inside the published data is never marked
    assert not add_working_days(date(2025, 9, 26), 10, strict=False).estimated


def test_estimated_2027_labels() -> None:
    # 2027: 除夕 02-05 (Fri), 初一 02-06 (Sat), 初二 02-07 (Sun), 初三 02-08 (Mon) → 补假 02-09, 02-10
    assert makeup_days(2027) == {
        date(2027, 2, 9): "春节",
        date(2027, 2, 10): "春节",
        date(2027, 5, 3): "劳动节",
        date(2027, 5, 4): "劳动节",
        date(2027, 10, 4): "国庆节",
        date(2027, 10, 5): "国庆节",
    }
    info = day_info(date(2027, 2, 9), strict=False)
    assert (info.kind, info.name, info.estimated) == ("补假", "春节", True)
    assert day_kind(date(2027, 2, 6), strict=False) == "法定节假日(春节)"
    assert day_kind(date(2027, 2, 13), strict=False) == "周末"
    assert is_working_day(date(2027, 2, 11), strict=False)
    with pytest.raises(InputError):
        is_working_day(date(2027, 2, 11))


def test_property_estimate_counts_consistently() -> None:
    start = date(2026, 12, 20)
    for n in (1, 5, 10, 30, 200):
        d = add_working_days(start, n, strict=False)
        assert working_days_between(start, d.deadline, strict=False) == n
        assert is_working_day(d.deadline, strict=False)
        assert len(d.skipped) == (d.deadline - start).days - n


def test_add_days_note_past_the_calendar() -> None:
    # 2027-10-01 (Fri) is 国庆节: the last-day note is estimated
    d = add_days(date(2027, 9, 21), 10)
    assert d.deadline == date(2027, 10, 1)
    assert any("2027-10-06" in n and "预估" in n for n in d.notes)


def test_cli_estimate_and_strict() -> None:
    res = runner.invoke(app, ["deadline", "2026-12-01", "26", "--working-days", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["deadline"] == "2027-01-07" and doc["estimated"] is True
    assert "holidays" in doc["calendar"]["estimate"]
    assert any("预估" in n for n in doc["notes"])
    human = runner.invoke(app, ["deadline", "2026-12-01", "26", "--working-days"])
    assert human.exit_code == 0 and "预估" in human.stdout and "2027-01-07" in human.stdout
    strict = runner.invoke(app, ["deadline", "2026-12-01", "26", "--working-days", "--strict", "--json"])
    assert strict.exit_code == 2
    assert "调休安排尚未收录" in json.loads(strict.stdout)["error"]["message"]
    inside = runner.invoke(app, ["deadline", "2025-09-26", "10", "--working-days", "--json"])
    assert json.loads(inside.stdout)["estimated"] is False


def test_before_the_data_is_always_refused() -> None:
    with pytest.raises(InputError, match="超出节假日数据的范围"):
        add_working_days(date(2003, 6, 1), 5, strict=False)
    assert date(2003, 12, 31) + timedelta(days=1) == calendar_range()[0]


def test_two_festivals_on_one_day_get_one_more_day() -> None:
    # 2020 (published): 中秋 on 国庆 10-01; 10-03 (Sat) → 补假 10-05, and one more weekday off, 10-06
    guoqing = next(f for f in FESTIVALS if f.name == "国庆节")
    zhongqiu = next(f for f in FESTIVALS if f.name == "中秋节")
    assert zhongqiu.days(2020) == [date(2020, 10, 1)] and guoqing.days(2020)[0] == date(2020, 10, 1)
    october = {d for d in _published_statutory(2020) if d.month == 10}
    computed = {d for d in statutory_days(2020) if d.month == 10 and d.weekday() < 5}
    computed |= {d for d in makeup_days(2020) if d.month == 10}
    assert sorted(computed) == sorted(october) == [date(2020, 10, d) for d in (1, 2, 5, 6)]
    # the same rule within ten years: 2028-10-03 (Tue) is 中秋 and 国庆, 10-01 a Sunday
    assert statutory_days(2028)[date(2028, 10, 3)] == "中秋节、国庆节"
    assert {d: n for d, n in makeup_days(2028).items() if d.month == 10} == {
        date(2028, 10, 4): "国庆节",
        date(2028, 10, 5): "中秋节、国庆节",
    }
    assert day_kind(date(2028, 10, 5), strict=False) == "补假(中秋节、国庆节)"
