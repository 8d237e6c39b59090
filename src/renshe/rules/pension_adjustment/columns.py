"""The 2024 adjustment over a whole register: the provision functions of `__init__` run on columns.

Nothing of the notice is written here: `amounts` and `notes` (the same functions a single call
runs) are evaluated with one polars column per input (renshe.rules.columnar). What this module
does is read the cells into typed columns and decide which rows it may take:

- a row is *accepted* when every cell is in the plain form the input model certainly accepts
  the same way: codes for the enums, true/false, amounts with at most two decimals within the
  model's bounds, years with at most six decimals, months and dates read by the model's own
  `Month.parse_month_or_date`, districts by its own `lookup` (both once per distinct cell);
- every other row (a spelling the model reads itself, a bad value, a revolution date, an
  inconsistent combination) is left to the single call, which gives its result or its Chinese
  error message. tests/batch/test_every_rule.py checks cell for cell that both agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any, get_args

import polars as pl

from renshe.rules.columnar import SCALE, MonthColumn
from renshe.rules.districts import lookup
from renshe.rules.months import Month
from renshe.rules.pension_adjustment import (
    EARLIEST_RETIREMENT,
    EXCLUDED_ALIASES,
    MAX_PENSION,
    MAX_YEARS,
    RETIREE_TYPE_ALIASES,
    SPECIAL_ALIASES,
    ExcludedGroup,
    PensionInput,
    RetireeType,
    SpecialGroup,
    amounts,
    figures,
    notes,
    out_of_scope,
)

DECIMAL = pl.Decimal(38, SCALE)
MONEY = pl.Decimal(38, 2)
_AMOUNT = r"^\d{1,7}(\.\d{1,2})?$"  # yuan with at most two decimals (the model's 到分)
_YEARS = r"^\d{1,3}(\.\d{1,6})?$"
TYPED = "\x00typed."
REASON = "\x00reason"
_DECIMALS = ("contribution_years", "pension_2023_12", "average_pension_2023")
_BOOLS = ("revolution_before_1954", "military_cadre")
_ALIASES = {
    "retiree_type": RETIREE_TYPE_ALIASES,
    "excluded_group": EXCLUDED_ALIASES,
    "special_group": SPECIAL_ALIASES,
}


class Register:
    """The inputs of a register as columns, with the attributes a PensionInput has."""

    def __init__(self, frame: pl.DataFrame) -> None:
        c = pl.col
        self.retiree_type = c(TYPED + "retiree_type")
        self.contribution_years = c(TYPED + "contribution_years")
        self.pension_2023_12 = c(TYPED + "pension_2023_12")
        self.average_pension_2023 = c(TYPED + "average_pension_2023")
        self.district_name = c(TYPED + "district")
        self.revolution_before_1954 = c(TYPED + "revolution_before_1954")
        self.revolution_joined_on = c("revolution_joined_on")
        self.military_cadre = c(TYPED + "military_cadre")
        self.excluded_group = c(TYPED + "excluded_group")
        self.special_group = c(TYPED + "special_group")
        self.retired_month = MonthColumn(c(TYPED + "retired_on"))
        self.died_month = MonthColumn(c(TYPED + "died_on"))
        # accepted rows carry no revolution date, so these are the plain yes/no of the cell
        self.revolution_tilt = self.revolution_before_1954
        self.joined_before_founding = pl.lit(False)

    @staticmethod
    def typed(frame: pl.DataFrame) -> list[pl.Expr]:
        """The cells as typed columns (null where a cell is not in the plain form)."""
        c = pl.col
        return [
            *(c(n).cast(DECIMAL, strict=False).alias(TYPED + n) for n in _DECIMALS),
            *((c(n).fill_null("false") == "true").alias(TYPED + n) for n in _BOOLS),
            _per_value(frame, "district", _district).alias(TYPED + "district"),
            # the model's own alias tables (its validators read a cell the same way)
            *(_per_value(frame, n, aliases.get).alias(TYPED + n) for n, aliases in _ALIASES.items()),
            *(_per_value(frame, n, _month, pl.Int64).alias(TYPED + n) for n in ("retired_on", "died_on")),
        ]

    def accepted(self) -> pl.Expr:
        """The rows whose every cell is in the plain form (see the module's docstring)."""
        c = pl.col
        bools = [c(n).is_null() | c(n).is_in(["true", "false"]) for n in _BOOLS]
        amount_ok = (
            c("pension_2023_12").str.contains(_AMOUNT).fill_null(False)
            & (self.pension_2023_12 > 0)
            & (self.pension_2023_12 < MAX_PENSION)
        )
        avg = c("average_pension_2023")
        avg_ok = avg.is_null() | (
            avg.str.contains(_AMOUNT).fill_null(False)
            & (self.average_pension_2023 > 0)
            & (self.average_pension_2023 < MAX_PENSION)
        )
        years_ok = c("contribution_years").str.contains(_YEARS).fill_null(False) & (
            self.contribution_years <= MAX_YEARS
        )
        retired = self.retired_month.index
        died = self.died_month.index
        institution = self.retiree_type == "institution"
        ok = (
            self.retiree_type.is_in(list(get_args(RetireeType))).fill_null(False)
            & amount_ok
            & avg_ok
            & years_ok
            & (retired >= EARLIEST_RETIREMENT.index).fill_null(False)
            & (c("died_on").is_null() | (died >= retired).fill_null(False))
            & self.district_name.is_not_null()
            & self.revolution_joined_on.is_null()
            & (c("excluded_group").is_null() | self.excluded_group.is_in(list(get_args(ExcludedGroup))))
            & (c("special_group").is_null() | self.special_group.is_in(list(get_args(SpecialGroup))))
            & ~(institution & (self.military_cadre | self.special_group.is_not_null()))
            & ~(self.military_cadre & avg.is_null())
        )
        for b in bools:
            ok = ok & b
        return ok.fill_null(False)


def evaluate(frame: pl.DataFrame, on: date) -> pl.DataFrame:
    """Per row: `accepted`, the PensionResult fields (typed) and `warnings` (joined by ";")."""
    del on  # the adjustment's figures are read on its own first day
    missing = [n for n in PensionInput.model_fields if n not in frame.columns]
    frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(n) for n in missing)
    frame = frame.with_columns(Register.typed(frame))  # each cell read once
    reg = Register(frame)
    f = figures()
    frame = frame.with_columns(out_of_scope(reg, f).alias(REASON))
    values = amounts(reg, f, pl.col(REASON))
    exprs = [reg.accepted().alias("accepted")]
    for name, value in values.items():
        expr = value if isinstance(value, pl.Expr) else pl.lit(value)
        if name not in ("eligible", "reason"):
            expr = expr.cast(MONEY)  # whole cents already: the only rounding is the notice's own
        exprs.append(expr.alias(name))
    exprs.append(notes(reg, values["reason"]).alias("warnings"))
    return frame.lazy().select(exprs).collect()  # lazy: shared subexpressions computed once


def _per_value(
    frame: pl.DataFrame, name: str, read: Callable[[str], Any], dtype: type[pl.DataType] = pl.String
) -> pl.Expr:
    """A column read by the model's own function once per distinct cell (None: not plain)."""
    values = frame.get_column(name).drop_nulls().unique().to_list()
    table = {v: read(v) for v in values}
    return pl.col(name).replace_strict(table, default=None, return_dtype=dtype)


@lru_cache(maxsize=1 << 16)  # the same months come back chunk after chunk
def _month(text: str) -> int | None:
    try:
        m, _ = Month.parse_month_or_date(text)
    except ValueError:
        return None
    return m.index


@lru_cache(maxsize=1 << 12)
def _district(text: str) -> str | None:
    d = lookup(text)
    return d.name if d is not None else None
