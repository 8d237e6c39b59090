"""Synthetic registers for benchmarks and property tests: any rule's (`register`), and the
retiree roll of the pension adjustment (`pension_rows`).

Generated with numpy so that 10 million rows take seconds, not minutes. `messy` is the share
of rows given an unusual but valid spelling (企业, 石柱, 是) or an invalid value (bad month,
unknown district, three decimals, missing pension): those rows exercise the fallback from the
vectorised path to the per-row path and its error messages.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl

from renshe.rules.districts import districts

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def case_inputs(rule: str) -> tuple[list[dict[str, Any]], date | None]:
    """The inputs of a rule's shipped cases (rules/<rule>/cases.yaml) and the cases' date."""
    from renshe.rules.cases import load_cases, shipped_case_files

    for folder, text in shipped_case_files():
        cf = load_cases(text, folder)
        if cf.rule == rule:
            return [{**cf.defaults, **c.input} for c in cf.cases], cf.on
    return [], None


def register(rule: str, n: int, seed: int = 0, vary: bool = True) -> pl.DataFrame:
    """`n` rows for `rule`, drawn from its own cases (so every kind of input, valid or not, that
    the cases cover). With `vary`, amounts are scaled by 0.8–1.2 (two decimals), whole numbers
    moved by up to ±20 %, and dates by up to ±24 months, so the register has about as many
    distinct rows as a real one (amounts and dates differ person to person); without it the
    rows repeat the cases (the fewest distinct inputs). Every column is text, as read from a file."""
    from renshe.batch.schema import rule_schema
    from renshe.rules.registry import get_rule

    schema = rule_schema(get_rule(rule))
    cases, _ = case_inputs(rule)
    if not cases:
        cases = [{}]
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(cases), n)
    cols: dict[str, list[str | None]] = {}
    for name, spec in schema.inputs.items():
        base = [None if c.get(name) is None else _text(c[name]) for c in cases]
        values = np.array(base, dtype=object)[pick]
        if vary:
            values = _vary(values, spec.kind, rng)
        cols[name] = values.tolist()
    return pl.DataFrame({k: pl.Series(k, v, dtype=pl.String) for k, v in cols.items()})


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _vary(values: np.ndarray, kind: str, rng: np.random.Generator) -> np.ndarray:
    n = len(values)
    out = values.copy()
    if kind in ("money", "decimal"):
        scale = rng.uniform(0.8, 1.2, n)
        for i, v in enumerate(values):
            try:
                x = Decimal(v)
            except (TypeError, ArithmeticError, ValueError):
                continue
            if x > 0:
                out[i] = str((x * Decimal(str(round(scale[i], 4)))).quantize(Decimal("0.01")))
        return out
    if kind == "int":
        for i, v in enumerate(values):
            if isinstance(v, str) and v.isdigit() and int(v) > 0:
                k = int(v)
                out[i] = str(max(0, k + int(rng.integers(-(k // 5) - 1, k // 5 + 2))))
        return out
    shift = rng.integers(-24, 25, n)
    for i, v in enumerate(values):
        if not isinstance(v, str):
            continue
        m = _ISO_DAY.match(v) or _ISO_MONTH.match(v)
        if m is None:
            continue
        idx = int(m.group(1)) * 12 + int(m.group(2)) - 1 + int(shift[i])
        y, mo = divmod(idx, 12)
        text = f"{y:04d}-{mo + 1:02d}"
        if m.re is _ISO_DAY:
            text += f"-{min(int(m.group(3)), 28):02d}"
        out[i] = text
    return out


TYPES = ["enterprise", "institution"]
MESSY_TYPES = ["企业", "机关事业单位", " enterprise ", "企业单位", ""]
MESSY_DISTRICTS = ["石柱", "重庆市渝中区", "北京", "", "彭水苗族土家族自治县"]
MESSY_PENSION = ["2757.505", "0", "-5", "", "3,000", "abc", "1234.5元"]
MESSY_MONTH = ["2015-13", "2015-02-30", "2015/06", "1949-12", "", "2024-01-01"]
EXCLUDED = ["离休干部", "两航起义", "retired_cadre"]
SPECIAL = ["land_requisitioned", "城镇超龄"]


def pension_rows(n: int, seed: int = 0, messy: float = 0.0) -> pl.DataFrame:
    """`n` rows of pension-adjustment inputs as text columns (the file schema)."""
    rng = np.random.default_rng(seed)
    names = np.array([d.name for d in districts()] + ["石柱县", "秀山县", "黔江"], dtype=object)
    year = rng.integers(1985, 2025, n)
    month = rng.integers(1, 13, n)
    day = rng.integers(1, 29, n)
    with_day = rng.random(n) < 0.5
    retired = np.where(
        with_day,
        np.char.add(np.char.add(_ym(year, month), "-"), np.char.zfill(day.astype(str), 2)),
        _ym(year, month),
    )
    years = np.round(rng.uniform(0, 45, n), rng.integers(0, 3, n).max()).astype(str)
    years = np.where(rng.random(n) < 0.3, rng.integers(0, 46, n).astype(str), years)
    cents = rng.integers(50_000, 1_200_000, n)
    cents = np.where(rng.random(n) < 0.05, (cents // 100) * 100 + 50, cents)  # ties at ….50 / half cents
    pension = np.char.add(
        np.char.add((cents // 100).astype(str), "."), np.char.zfill((cents % 100).astype(str), 2)
    )
    pension = np.where(rng.random(n) < 0.2, (cents // 100).astype(str), pension)
    military = rng.random(n) < 0.05
    avg = np.where(military, rng.integers(2500, 4500, n).astype(str), "")
    died = np.where(rng.random(n) < 0.05, _ym(rng.integers(2023, 2026, n), rng.integers(1, 13, n)), "")
    died = np.where(np.char.greater_equal(died.astype(str), retired.astype(str)) | (died == ""), died, "")
    data: dict[str, np.ndarray] = {
        "retiree_type": rng.choice(np.array(TYPES, dtype=object), n),
        "retired_on": retired.astype(object),
        "contribution_years": years.astype(object),
        "pension_2023_12": pension.astype(object),
        "district": rng.choice(names, n),
        "revolution_before_1954": np.where(rng.random(n) < 0.03, "true", "").astype(object),
        "military_cadre": np.where(military, "true", "").astype(object),
        "average_pension_2023": avg.astype(object),
        "died_on": died.astype(object),
        "excluded_group": np.where(rng.random(n) < 0.02, rng.choice(np.array(EXCLUDED, dtype=object), n), ""),
        "special_group": np.where(rng.random(n) < 0.03, rng.choice(np.array(SPECIAL, dtype=object), n), ""),
    }
    # Military cadres are enterprise retirees of 一(一)1–2 (the model rejects other combinations).
    data["retiree_type"] = np.where(military, "enterprise", data["retiree_type"])
    data["special_group"] = np.where(
        military | (data["retiree_type"] == "institution"), "", data["special_group"]
    )
    if messy > 0:
        for col, pool in (
            ("retiree_type", MESSY_TYPES),
            ("district", MESSY_DISTRICTS),
            ("pension_2023_12", MESSY_PENSION),
            ("retired_on", MESSY_MONTH),
            ("revolution_before_1954", ["是", "否", "maybe", "1"]),
            ("military_cadre", ["是", "1"]),
            ("contribution_years", ["25.2", "-1", "81", "十五", ""]),
        ):
            hit = rng.random(n) < messy / 7
            data[col] = np.where(hit, rng.choice(np.array(pool, dtype=object), n), data[col])
    frame = pl.DataFrame({k: pl.Series(k, v.tolist(), dtype=pl.String) for k, v in data.items()})
    return frame.with_columns(pl.all().replace("", None))


def _ym(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    return np.char.add(np.char.add(year.astype(str), "-"), np.char.zfill(month.astype(str), 2))
