"""The register's fast path (memos per rule, shared lines) gives exactly what screening each person
alone gives: the same row, in the same place, the same summary; bad rows are errors in their place.

Property-style: a few hundred people drawn from small pools of values (so that people share the
projections a memo keys on, and differ in the facts some rule reads), with the issue's example
profile among them (two eligible subsidies that exclude each other), subsidies already received,
values of other types than text (numbers from a spreadsheet, a list), and bad rows (a wrong ID
check digit, an impossible month, an unknown sex, blank rows).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from renshe.errors import InputError
from renshe.rules.declarations import shared_facts
from renshe.rules.idcard import check_digit
from renshe.screen import screen
from renshe.screen.register import COLUMNS, RegisterScreen

ON = date(2026, 12, 1)


def _id(birth: str, male: bool, bad: bool = False) -> str:
    first17 = f"500101{birth}00{'1' if male else '2'}"
    digit = check_digit(first17)
    return first17 + (("0" if digit != "0" else "1") if bad else digit)


POOLS: dict[str, list[Any]] = {
    "person.id_number": [_id("19700501", True), _id("19850312", False), _id("19990630", True)],
    "person.birth": ["1966-03", "1975-11", "2001-08", "1999-12"],
    "person.sex": ["男", "女"],
    "person.district": ["渝中区", "城口县", "万州区"],
    "person.wage_monthly": ["1800", "2500", "4550", 3000, Decimal("3000.00"), 3000.0],
    "person.contribution_months": ["0", "180", "300", 420],
    "person.unemployment_registered": ["是", "否"],
    "person.unemployment_registered_on": ["2024-03-01", "2025-07-15"],
    "person.education": ["本科", "大专"],
    "person.graduation_date": ["2023-06-30", "2025-06-30"],
    "job.start": ["2024-09-01", "2026-01-01", "2020-05-01"],
    "employer.size_class": ["小型", "中型"],
    "employer.district": ["城口县", "渝中区"],
    "person.subsidies_received": ["一次性吸纳就业补贴", "absorption-subsidy", ["graduate-employer-si"]],
}
EXAMPLE = {
    "person.education": "本科",
    "person.school_location": "市外",
    "person.graduation_date": "2023-06-30",
    "person.diploma_on": "2023-06-30",
    "person.unemployment_registered": "是",
    "person.unemployment_registered_on": "2024-03-01",
    "person.graduate_registered_unemployed": "是",
    "person.employed": "是",
    "job.start": "2024-09-01",
    "job.insured": "是",
    "job.insured_from": "2024-09",
    "job.insured_months": "12",
    "job.still_insured": "是",
    "job.insurance_kinds": "养老、失业、工伤",
    "job.contract_signed_flag": "是",
    "job.full_time": "是",
    "job.district": "城口县",
    "employer.district": "城口县",
    "employer.size_class": "小型",
    "employer.kind": "企业等用人单位",
}
BAD = [
    {"person.id_number": _id("19700501", True, bad=True)},  # wrong check digit
    {"person.birth": "1990-13", "person.sex": "男"},  # an impossible month: rules refuse it
    {"person.sex": "X"},  # not a sex
    {},  # blank
]


def people(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    known = shared_facts()
    example = {k: v for k, v in EXAMPLE.items() if k in known}
    out: list[dict[str, Any]] = []
    for i in range(n):
        if i % 37 == 5:
            out.append(dict(rng.choice(BAD)))
            continue
        if i % 11 == 0:  # the example as it is, and with a few facts changed
            out.append(dict(example))
            continue
        person = dict(example) if i % 11 == 1 else {}
        for fact, pool in POOLS.items():
            if fact in known and rng.random() < 0.45:
                person[fact] = rng.choice(pool)
        if "person.id_number" in person:  # the number says the sex: keep them consistent
            person.pop("person.sex", None)
        out.append(person)
    return out


def register(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({k for r in rows for k in r} | {"姓名"})


@pytest.mark.parametrize("on", [date(2025, 3, 1), ON])  # exclusions between eligible lines; ended
def test_fast_rows_are_the_rows_of_each_person_screened_alone(on: date) -> None:
    rows = people(150, seed=on.year)
    for i, r in enumerate(rows):
        r["姓名"] = f"人员{i + 1}"
    headers = register(rows)
    fast = RegisterScreen(headers, on)
    got = [fast.row(r) for r in rows]
    assert [g[COLUMNS["row"]] for g in got] == [str(i + 1) for i in range(len(rows))]
    assert [g["姓名"] for g in got] == [r["姓名"] for r in rows]
    keys = ("eligible", "maybe", "window_closed", "ended", "ineligible")
    alone_people: dict[str, Counter[str]] = {}
    for r, g in zip(rows, got, strict=True):
        alone = RegisterScreen(headers, on, memo=False)
        expected = alone.row(r)
        assert {k: v for k, v in g.items() if k != COLUMNS["row"]} == {
            k: v for k, v in expected.items() if k != COLUMNS["row"]
        }, r
        for line in alone.summary():
            c = alone_people.setdefault(line["rule"], Counter())
            c.update({k: line[k] for k in keys})
            c["total"] += int(Decimal(line["total_amount"]) * 100)
    for line in fast.summary():
        c = alone_people[line["rule"]]
        assert [line[k] for k in keys] == [c[k] for k in keys], line["rule"]
        assert int(Decimal(line["total_amount"]) * 100) == c["total"]
    # the memo was used: people shared lines (fewer rule runs than people × rules)
    assert sum(len(m) for m in fast._line_of) < len(rows) * len(fast.plans) / 4
    # the cases the fast path hands to the exclusions were met: subsidies received, and (in 2025)
    # two eligible subsidies that exclude each other
    assert fast._changed
    noted = any(g[COLUMNS["eligible"]] and "不能同时享受" in g[COLUMNS["eligible"]] for g in got)
    assert noted is (on.year == 2025)
    fast.close()
    assert not fast._lines and not any(fast._line_of) and not fast._changed


def test_errors_come_back_in_their_places_and_agree_with_the_one_person_screen() -> None:
    rows = people(200, seed=7)
    headers = register(rows)
    fast = RegisterScreen(headers, ON)
    got = [fast.row(r) for r in rows]
    eligible: Counter[str] = Counter()
    for r, g in zip(rows, got, strict=True):
        if not any(v not in (None, "") for v in r.values()):
            assert g[COLUMNS["error"]] == "空行(没有任何情况)"
            continue
        try:
            doc = screen(r, ON, explain=False)
        except InputError as err:
            assert g[COLUMNS["error"]] == err.message
            assert all(g[COLUMNS[k]] is None for k in ("eligible", "maybe", "ask", "ineligible"))
            continue
        assert g[COLUMNS["error"]] is None
        eligible.update(ln["rule"] for ln in doc["groups"]["eligible"])
        titles = [ln["title"] for ln in doc["groups"]["maybe"]]
        assert (g[COLUMNS["maybe"]] or "") == "、".join(
            t for t in fast_order(fast, doc, "maybe") if t in titles
        )
    errors = [i for i, g in enumerate(got) if g[COLUMNS["error"]]]
    assert errors and errors == [i for i, r in enumerate(rows) if _bad(r)]
    assert fast.errors + fast.blank == len(errors)
    assert {s["rule"]: s["eligible"] for s in fast.summary() if s["eligible"]} == dict(eligible)


def fast_order(fast: RegisterScreen, doc: dict[str, Any], group: str) -> list[str]:
    """The titles of a group's lines in the register's order (the rules' order)."""
    names = {ln["rule"]: ln["title"] for ln in doc["groups"][group]}
    return [names[p.name] for p in fast.plans if p.name in names]


def _bad(r: dict[str, Any]) -> bool:
    try:
        screen(r, ON, explain=False)
    except InputError:
        return True
    return not any(v not in (None, "") for v in r.values())


def test_worker_processes_give_the_rows_of_one_process_in_order(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows split among workers by birth date (`RegisterScreen.shard`) come back in input order,
    each the row one process gives, with the same summary (small blocks: several in flight)."""
    import polars as pl

    from renshe import app

    rows = people(240, seed=3)
    headers = register(rows)
    cells = [
        {
            h: ("、".join(v) if isinstance(v, list) else None if v is None else str(v))
            for h, v in ((h, r.get(h)) for h in headers)
        }
        for r in rows
    ]
    for i, c in enumerate(cells):
        c["姓名"] = f"人员{i}"
    src = tmp_path / "名册.csv"
    pl.DataFrame(cells, schema={h: pl.String for h in headers}).write_csv(src)
    monkeypatch.setattr(app, "BLOCK", 50)
    got = {}
    for n in (1, 2):
        dst = tmp_path / f"名单{n}.csv"
        summary = app.screen_register(src, dst, on=ON, workers=n)
        got[n] = (pl.read_csv(dst, infer_schema=False).rows(), summary["rules"], summary["errors"])
    assert got[2] == got[1]
    names = [r[1] for r in got[2][0]]
    assert names == [f"人员{i}" for i in range(len(rows))]
    assert got[2][2] > 0  # the bad rows are among them, in their places
