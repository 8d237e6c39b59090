"""Training and evaluation subsidies (issue 21): the B table, the derived A/C/A+ tables, the
catalogue and directory counts, the extractor against the shipped CSV, and oracle figures."""

from __future__ import annotations

import collections
import re
from datetime import date
from decimal import Decimal

import pytest

from renshe.resources import data_text
from renshe.rules.occupation_class import catalogue as cat
from renshe.rules.registry import run
from renshe.rules.skill_evaluation import base_amount, with_bonus
from renshe.rules.training_subsidy import b_figures, class_figures

DAY = date(2024, 6, 1)
LEVELS = ["training_cert", "special", "junior", "intermediate", "senior", "technician", "senior_technician"]
TEXT = data_text("compilation-2024.txt")


def _annex_row(label: str) -> list[Decimal]:
    """The 附件 row of the source text (line 11310/11311), read directly from the text."""
    line = next(ln for ln in TEXT.split("\n") if ln.startswith(label))
    return [Decimal(x) for x in line.split("\t")[1:]]


def test_b_table_is_the_annex() -> None:
    caps = _annex_row("培训补贴标准上限(元)")
    rates = _annex_row("课时费标准(元/课时)")
    assert caps == [Decimal(x) for x in (800, 900, 1000, 1500, 2000, 2500, 3000)]
    assert rates == [Decimal(x) for x in (17, 19, 21, 23, 25, 30, 40)]
    assert [b_figures(c, DAY) for c in LEVELS] == list(zip(caps, rates, strict=True))


# the derived tables, as the catalogue notes state them (rules-catalogue.md, Group 3 oracles)
DERIVED = {
    "A": (
        ["1040", "1170", "1300", "1950", "2600", "3250", "3900"],
        ["19.55", "21.85", "24.15", "26.45", "28.75", "34.5", "46"],
    ),
    "C": (
        ["560", "630", "700", "1050", "1400", "1750", "2100"],
        ["14.45", "16.15", "17.85", "19.55", "21.25", "25.5", "34"],
    ),
    "A+": (
        ["1280", "1440", "1600", "2400", "3200", "4000", "4800"],
        ["22.1", "24.7", "27.3", "29.9", "32.5", "39", "52"],
    ),
    "B": (["800", "900", "1000", "1500", "2000", "2500", "3000"], ["17", "19", "21", "23", "25", "30", "40"]),
}


@pytest.mark.parametrize("cls", list(DERIVED))
def test_derived_tables(cls: str) -> None:
    caps, rates = DERIVED[cls]
    got = [class_figures(cls, c, DAY) for c in LEVELS]
    assert [g[0] for g in got] == [Decimal(x) for x in caps]
    assert [g[1] for g in got] == [Decimal(x) for x in rates]


def test_catalogue_counts_match_the_note() -> None:
    c = cat.catalogue()
    assert len(c.rows) == 390 == sum(c.counts.values())
    assert c.counts == {"national": 274, "special": 97, "featured": 18, "programme": 1}
    kinds = collections.Counter(r.kind for r in c.rows)
    assert kinds == collections.Counter(c.counts)
    assert collections.Counter(r.cls for r in c.rows) == {"A": 133, "A+": 15, "B": 191, "C": 51}
    assert [r.seq for r in c.rows] == list(range(1, 391))
    # 专项职业能力 items classed A or A+ (the open point of the +30% evaluation bonus)
    assert sum(1 for r in c.rows if r.kind == "special" and r.cls in ("A", "A+")) == 33


def test_shipped_csv_is_the_extraction_of_the_text() -> None:
    assert cat.catalogue_csv(cat.extract_catalogue(TEXT)) == cat.catalogue_csv(cat.catalogue())
    assert cat.institutions_csv(cat.extract_institutions(TEXT)) == cat.institutions_csv(cat.institutions())


def test_directory_has_711_rows_numbered_to_712() -> None:
    rows = cat.institutions()
    assert len(rows) == 711
    assert rows[-1].seq == 712
    assert sorted(set(range(1, 713)) - {r.seq for r in rows}) == [19]  # the source skips 序号 19
    assert all(" " not in r.credit_code and " " not in r.code for r in rows)


def test_mixed_class_codes_are_the_five() -> None:
    mixed = cat.mixed_codes()
    assert sorted(mixed) == ["4-03-02-01", "4-07-03-04", "5-05-01-01", "6-18-01-01", "6-30-05-01"]
    assert {r.name: r.cls for r in mixed["6-30-05-01"]} == {"叉车司机": "A+", "起重装卸机械操作工": "A"}


def test_lookup_never_picks_silently() -> None:
    assert cat.lookup("6-30-05-01").cls is None
    weak = cat.lookup("叉车")
    assert weak.cls is None and {r.name for r in weak.candidates} >= {"叉车司机", "叉车操作"}
    assert cat.lookup("叉车", confirmed_not_listed=True).cls == "B"
    assert cat.lookup("叉车司机").cls == "A+"
    assert cat.lookup("6—30—05—01").status == "ambiguous"
    assert cat.lookup("４－１２－０１－０１").cls == "A"  # full-width digits and dashes


def test_evaluation_amounts_and_bonus() -> None:
    base = [base_amount(c, DAY) for c in LEVELS[1:]]
    assert base == [Decimal(x) for x in (150, 200, 250, 300, 400, 500)]
    assert [with_bonus(b, DAY) for b in base] == [Decimal(x) for x in (195, 260, 325, 390, 520, 650)]


def test_forklift_driver_intermediate_evaluation_is_325() -> None:
    doc = run(
        "skill-evaluation-subsidy",
        {"occupation": "叉车司机", "certificate": "intermediate"},
        on=date(2024, 10, 1),
    )
    assert doc["result"]["subsidy"] == "325.00"
    assert doc["result"]["occupation_class"] == "A+"


def test_new_citizen_district_plan_sums_to_the_offline_target() -> None:
    """71号 附件: the district plan sums to the 3万人次 offline target of 一 (line 6537)."""
    start = TEXT.index("2024 年度区县(自治县)新市民培训指导性")
    block = TEXT[start : TEXT.index("\n\n\n", start) if "\n\n\n" in TEXT[start:] else start + 3000]
    rows = [ln for ln in block.split("\n") if ln.count("\t") == 5 and not ln.startswith("区县")]
    total = sum(int(x) for ln in rows for x in ln.split("\t")[1::2] if re.fullmatch(r"\d+", x))
    assert total == 30000


def test_skill_upgrade_has_ended() -> None:
    doc = run(
        "skill-upgrade-subsidy", {"level": "junior", "certificate_date": "2025-01-02"}, on=date(2025, 2, 1)
    )
    assert doc["result"]["in_force"] is False
    assert doc["result"]["ended_on"] == "2024-12-31"
    assert doc["result"]["eligible"] is False
