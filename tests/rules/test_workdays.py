"""Working days on the official holiday calendar (chinesecalendar) and `renshe deadline`."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from renshe.cli import deadline as cli_deadline
from renshe.errors import InputError
from renshe.rules.workdays import (
    add_days,
    add_working_days,
    calendar_range,
    day_kind,
    is_working_day,
    working_days_between,
)

app = typer.Typer(add_completion=False, rich_markup_mode=None)
cli_deadline.register(app)


@app.command("noop")
def _noop() -> None:  # a second command keeps Typer from collapsing the app into `deadline`
    """(测试用)"""


runner = CliRunner()


def test_official_schedule_2025() -> None:
    # 2025 National Day + Mid-autumn: 10-01…10-08 off, Sunday 09-28 and Saturday 10-11 worked (调休)
    assert not is_working_day(date(2025, 10, 1))
    assert not is_working_day(date(2025, 10, 8))
    assert is_working_day(date(2025, 9, 28))
    assert is_working_day(date(2025, 10, 11))
    assert day_kind(date(2025, 9, 28)).startswith("调休上班")
    # Spring Festival 2025: 01-28…02-04 off; Sunday 01-26 worked
    assert not is_working_day(date(2025, 1, 29))
    assert is_working_day(date(2025, 1, 26))


def test_ten_working_days_across_national_day() -> None:
    d = add_working_days(date(2025, 9, 26), 10)
    assert d.deadline == date(2025, 10, 16)
    assert (date(2025, 10, 1), "法定节假日(国庆节)") in d.skipped
    # the naive count would be 2025-10-10
    assert d.deadline > date(2025, 9, 26) + timedelta(days=14)


def test_start_day_not_counted() -> None:
    # Monday 2025-03-03 + 1 working day = Tuesday
    assert add_working_days(date(2025, 3, 3), 1).deadline == date(2025, 3, 4)
    # Friday + 1 = Monday
    assert add_working_days(date(2025, 3, 7), 1).deadline == date(2025, 3, 10)


def test_beyond_the_data_is_refused_plainly() -> None:
    first, last = calendar_range()
    assert first == date(2004, 1, 1) and last.year >= 2026
    with pytest.raises(InputError, match="超出节假日数据的范围"):
        add_working_days(last - timedelta(days=3), 10)
    with pytest.raises(InputError, match="超出节假日数据的范围"):
        add_working_days(date(2003, 6, 1), 5)
    with pytest.raises(InputError):
        is_working_day(last + timedelta(days=1))


def test_calendar_days_and_holiday_note() -> None:
    d = add_days(date(2025, 9, 21), 10)
    assert d.deadline == date(2025, 10, 1)
    assert any("2025-10-09" in n for n in d.notes)
    assert add_days(date(2025, 3, 3), 10).notes == []


@settings(max_examples=80, deadline=None)
@given(
    st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31)), st.integers(min_value=1, max_value=40)
)
def test_property_deadline_is_the_nth_working_day(start: date, n: int) -> None:
    d = add_working_days(start, n)
    assert d.deadline > start
    assert is_working_day(d.deadline)
    assert working_days_between(start, d.deadline) == n
    assert working_days_between(start, d.deadline - timedelta(days=1)) == n - 1
    assert len(d.skipped) == (d.deadline - start).days - n


@pytest.mark.parametrize("n", [0, -3, 100000])
def test_bad_n(n: int) -> None:
    with pytest.raises(InputError):
        add_working_days(date(2025, 3, 3), n)


def test_cli_deadline() -> None:
    res = runner.invoke(app, ["deadline", "2025-09-26", "10", "--working-days", "--json"])
    assert res.exit_code == 0, res.stdout
    doc = json.loads(res.stdout)
    assert doc["deadline"] == "2025-10-16" and doc["unit"] == "working_days"
    human = runner.invoke(app, ["deadline", "2025-09-26", "10", "--working-days"])
    assert human.exit_code == 0 and "2025-10-16" in human.stdout and "国庆节" in human.stdout
    plain = runner.invoke(app, ["deadline", "2025-03-03", "10", "--json"])
    assert json.loads(plain.stdout)["deadline"] == "2025-03-13"


@pytest.mark.parametrize(
    "args",
    [
        ["deadline", "2025-02-30", "10", "--working-days", "--json"],
        ["deadline", "2025-03-03", "x", "--working-days", "--json"],
        ["deadline", "2025-03-03", "0", "--working-days", "--json"],
        # past the published schedules only with --strict (without it: 预估, see test_workdays_estimate)
        ["deadline", "2026-12-28", "10", "--working-days", "--strict", "--json"],
    ],
)
def test_cli_bad_input_exit_2(args: list[str]) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert json.loads(res.stdout)["error"]["message"]


@pytest.mark.parametrize("strict", [True, False])
def test_working_day_after_counts_day_by_day(strict: bool) -> None:
    """The bisection over a year's working days (`working_day_after`, what formulas call) gives
    the day a day-by-day count gives, across year ends and holiday weeks."""
    from renshe.rules.workdays import is_working_day, working_day_after

    start = date(2024, 12, 1) if strict else date(2026, 11, 1)
    for offset in range(0, 90, 3):
        s = start + timedelta(days=offset)
        for n in (1, 10, 15, 30):
            day, counted = s, 0
            while counted < n:
                day += timedelta(days=1)
                counted += is_working_day(day, strict=strict)
            assert working_day_after(s, n, strict=strict) == day, (s, n)
