"""The rules core: Month arithmetic, money rounding, ID numbers, the parameter loader."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from renshe.rules.citations import Citation, Trace, label_of
from renshe.rules.idcard import check_digit, mask, parse_id_number
from renshe.rules.money import Money, money_str, round_down, round_half_up, round_up, to_decimal, yuan_text
from renshe.rules.months import Month, age_text, duration_text
from renshe.rules.params import ParamError, load_params, param


def test_month_arithmetic_and_format() -> None:
    m = Month.parse("1971-04")
    assert (m.year, m.month, m.iso(), m.zh()) == (1971, 4, "1971-04", "1971年4月")
    assert (m + 664).iso() == "2026-08"  # 55岁4个月 after 1971-04 (附件2)
    assert (Month.parse("2026-08") - 36).iso() == "2023-08"
    assert Month.parse("2026-08") - Month.parse("2025-01") == 19
    assert Month.parse("2026-08").minus(Month.parse("2025-01")) == 19
    assert Month.parse("2024年12月") == Month.of(2024, 12)
    assert Month.from_date(date(2025, 1, 31)) == Month.of(2025, 1)
    assert Month.of(2024, 12) + 1 == Month.of(2025, 1)
    assert sorted([Month.of(2025, 1), Month.of(2024, 12)])[0] == Month.of(2024, 12)
    assert len({Month.of(2025, 1), Month.parse("2025-01")}) == 1


@pytest.mark.parametrize("bad", ["2025-13", "2025-00", "2025", "25-01", "abc", ""])
def test_month_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        Month.parse(bad)


def test_month_or_date() -> None:
    assert Month.parse_month_or_date("1971-04-15") == (Month.of(1971, 4), date(1971, 4, 15))
    assert Month.parse_month_or_date("1971-04") == (Month.of(1971, 4), None)
    with pytest.raises(ValueError, match="不是存在的日期"):
        Month.parse_month_or_date("2023-02-29")


def test_month_in_pydantic() -> None:
    class M(BaseModel):
        m: Month

    assert M.model_validate({"m": "2026-08"}).model_dump(mode="json") == {"m": "2026-08"}
    assert M.model_json_schema()["properties"]["m"]["pattern"] == r"^\d{4}-\d{2}$"


def test_age_and_duration_text() -> None:
    assert (age_text(721), age_text(720), age_text(659)) == ("60岁1个月", "60岁", "54岁11个月")
    assert (duration_text(186), duration_text(180), duration_text(4)) == ("15年6个月", "15年", "4个月")


def test_money() -> None:
    assert round_half_up(Decimal("2.345")) == Decimal("2.35")  # not banker's rounding
    assert round_half_up(Decimal("2.5"), Decimal("1")) == Decimal("3")
    assert round_down(Decimal("2.349")) == Decimal("2.34")
    assert round_up(Decimal("2.301"), Decimal("1")) == Decimal("3")
    assert money_str(Decimal("94")) == "94.00"
    assert yuan_text(Decimal("2330")) == "2,330.00元"
    assert to_decimal("1,234.5元") == Decimal("1234.5")
    assert to_decimal(0.1) == Decimal("0.1")
    with pytest.raises(ValueError):
        to_decimal("十元")
    with pytest.raises(ValueError):
        to_decimal("NaN")

    class R(BaseModel):
        amount: Money

    assert R(amount=Decimal("94")).model_dump(mode="json") == {"amount": "94.00"}


def test_id_number() -> None:
    # GB 11643 worked example: 11010519491231002X
    assert check_digit("11010519491231002") == "X"
    info = parse_id_number("11010519491231002x")
    assert (info.birth, info.sex) == (date(1949, 12, 31), "female")
    assert mask("11010519491231002X") == "110105********002X"
    with pytest.raises(ValueError, match="校验位"):
        parse_id_number("110105194912310021")
    first17 = "50010119710230123"  # 1971-02-30 does not exist
    with pytest.raises(ValueError, match="不存在"):
        parse_id_number(first17 + check_digit(first17))


def test_citation_labels_and_ref() -> None:
    assert label_of("延迟退休决定/一") == "一、"
    assert label_of("渝人社发〔2024〕16号/三/(二)/1") == "1."
    assert label_of("x/第三条~2") == "第三条"
    c = Citation(
        "人社部发〔2024〕94号",
        "人社部发〔2024〕94号",
        "通知",
        "人社部发〔2024〕94号/实施弹性退休制度暂行办法/第九条",
        "次月",
    )
    assert c.ref == "《实施弹性退休制度暂行办法》(人社部发〔2024〕94号)第九条"
    d = Citation(
        "渝人社发〔2024〕16号", "渝人社发〔2024〕16号", "关于…的通知", "渝人社发〔2024〕16号/三/(二)/1", "x"
    )
    assert d.ref == "《关于…的通知》(渝人社发〔2024〕16号)三、(二)1"
    with pytest.raises(ValueError):
        Citation("A", None, "t", "B/第一条", "q")
    t = Trace()
    t.step("a", c, d)
    t.step("b", c)
    t.warn("w")
    t.warn("w")
    assert [x.provision_id for x in t.citations()] == [c.provision_id, d.provision_id]
    assert t.warnings == ["w"]


def test_param_lookup_by_date() -> None:
    p = param("retirement.min_contribution_months")
    assert p.value_at(date(2029, 12, 31)) == 180
    assert p.value_at(date(2030, 1, 1)) == 186
    assert p.value_at(Month.of(2039, 6)) == 240
    with pytest.raises(ParamError):
        p.at(date(2024, 12, 31))
    assert param("retirement.step_birth_months").value_at(date(2025, 1, 1)) == {
        "male60": 4,
        "female55": 4,
        "female50": 2,
    }


HEAD = """
documents:
  D: {number: null, title: 文件}
"""


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "x.yaml").write_text(HEAD + body, encoding="utf-8")
    return tmp_path


def test_param_loader_rejects_mistakes(tmp_path: Path) -> None:
    ok = """
parameters:
  a:
    title: A
    unit: months
    values:
      - {from: 2025-01-01, until: 2025-12-31, value: 1, cite: [{provision: D/第一条, quote: 一二三}]}
      - {from: 2026-01-01, value: 2, cite: [{provision: D/第一条, quote: 一二三}]}
"""
    ps = load_params(_write(tmp_path, ok))
    assert ps.param("a").value_at(date(2030, 1, 1)) == 2
    bad_bodies = [
        ok.replace("unit: months", "unit: months\n    uprating: x"),  # unknown key
        ok.replace("until: 2025-12-31", "until: 2026-06-30"),  # overlap
        ok.replace("until: 2025-12-31", "until: 2024-12-31"),  # until before from
        ok.replace(
            "provision: D/第一条, quote: 一二三}]}\n      - {from: 2026",
            "provision: E/第一条, quote: 一二三}]}\n      - {from: 2026",
        ),
        ok.replace(
            "cite: [{provision: D/第一条, quote: 一二三}]}\n      - {from: 2026",
            "cite: []}\n      - {from: 2026",
        ),
        ok.replace(
            "cite: [{provision: D/第一条, quote: 一二三}]}\n      - {from: 2026",
            "cite: [nope]}\n      - {from: 2026",
        ),
    ]
    for body in bad_bodies:
        assert body != ok
        with pytest.raises(ParamError):
            load_params(_write(tmp_path, body))
