"""Provision functions written once, run on one person or on a whole register.

Why: a rule's arithmetic is the law, and it must exist once. A register of a million retirees
has a million distinct pensions, so calling the rule once per row (about 50 µs each) is far
too slow; OpenFisca's answer is to write every formula over arrays. Here a provision function
is written with the few operations below, which take either Python values (Decimal, bool,
str, Month, None: a single call, exactly as before) or polars expressions (one column per
input: the batch path, `rules/<rule>/columns.py`). Operators (+, -, *, ==, <, &, |) work on
both as they are; what Python spells with `if`, `is None`, `max` or `quantize` is spelled with
these helpers. On Python values every helper is the plain Python operation, and polars is
never imported.

Decimals stay decimals on both sides: polars `Decimal` columns are exact fixed-point numbers.
polars rounds a product to the larger scale of its operands, so columns carry `SCALE` decimals,
enough for every product the rules take (an amount in cents × a rate in thousandths); the
columnar forms accept only inputs within that precision (other rows take the single call).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from renshe.rules.months import Month

if TYPE_CHECKING:
    import polars as pl

SCALE = 10  # decimals of a Decimal column (an amount's 2 + a rate's 3 fit with room to spare)
CENT = Decimal("0.01")
_SCALARS = (bool, int, str, Decimal, Month)


def scalar(x: Any) -> bool:
    """A Python value (a single call) rather than a column."""
    return x is None or isinstance(x, _SCALARS)


def where(cond: Any, then: Any, otherwise: Any) -> Any:
    """`then if cond else otherwise`."""
    if scalar(cond):
        return then if cond else otherwise
    import polars as pl

    return pl.when(cond).then(_lit(then)).otherwise(_lit(otherwise))


def is_none(x: Any) -> Any:
    """`x is None` (a blank cell in a column)."""
    if scalar(x):
        return x is None
    return x.is_null()


def is_given(x: Any) -> Any:
    """`x is not None`."""
    if scalar(x):
        return x is not None
    return x.is_not_null()


def not_(x: Any) -> Any:
    """`not x` (Python's `~` is not a logical not on bool)."""
    if scalar(x):
        return not x
    return ~x


def at_least(floor: Any, x: Any) -> Any:
    """`max(floor, x)`."""
    if scalar(x):
        return max(floor, x)
    import polars as pl

    return pl.max_horizontal(_lit(floor), x)


def whole_up(x: Any) -> Any:
    """The whole number at or above `x` (不足1年的按1年计算)."""
    if scalar(x):
        return int(x.to_integral_value(rounding=ROUND_CEILING))
    return x.ceil()


def half_up(x: Any) -> Any:
    """四舍五入 to the cent (half away from zero, as Decimal's ROUND_HALF_UP)."""
    if scalar(x):
        return x.quantize(CENT, rounding=ROUND_HALF_UP)
    return x.round(2, mode="half_away_from_zero")


def below(a: Any, b: Any) -> Any:
    """`a < b`, False when `b` is not given."""
    if scalar(b) and scalar(a):
        return b is not None and a < b
    return (a < b).fill_null(False)


def member(x: Any, values: frozenset[str]) -> Any:
    """`x in values`."""
    if scalar(x):
        return x in values
    return x.is_in(sorted(values)).fill_null(False)


def fill(template: str, **values: Any) -> Any:
    """`template.format(**values)` for one placeholder; a blank value gives a blank (as polars'
    `concat_str` gives null for a null cell)."""
    ((name, value),) = values.items()
    if scalar(value):
        return None if value is None else template.format(**values)
    import polars as pl

    before, after = template.split("{" + name + "}")
    return pl.concat_str(pl.lit(before), value, pl.lit(after))


def noted(pairs: Iterable[tuple[Any, str]]) -> Any:
    """The texts whose condition holds, in order (a rule's warnings): a list on one person; on
    columns, the texts joined by ";" (as a batch cell shows them), null when none holds."""
    items = list(pairs)
    if all(scalar(c) for c, _ in items):
        return [text for cond, text in items if cond]
    import polars as pl

    # which conditions hold, as the bits of one number, then one lookup (not a list per row)
    mask = pl.sum_horizontal(
        pl.when(_lit(c)).then(pl.lit(1 << i, dtype=pl.Int64)).otherwise(pl.lit(0, dtype=pl.Int64))
        for i, (c, _) in enumerate(items)
    )
    texts = {
        m: ";".join(t for i, (_, t) in enumerate(items) if m >> i & 1) or None for m in range(1 << len(items))
    }
    return mask.replace_strict(texts, return_dtype=pl.String)


class MonthColumn:
    """A column of months (Month.index as integers), compared with a Month as a Month is."""

    def __init__(self, index: pl.Expr) -> None:
        self.index = index

    def __gt__(self, other: Month) -> pl.Expr:
        return self.index > other.index

    def __le__(self, other: Month) -> pl.Expr:
        return self.index <= other.index

    def is_null(self) -> pl.Expr:
        return self.index.is_null()

    def is_not_null(self) -> pl.Expr:
        return self.index.is_not_null()


def at_or_before(m: Any, cutoff: Month) -> Any:
    """`m is not None and m <= cutoff`."""
    if scalar(m):
        return m is not None and m <= cutoff
    return (m <= cutoff).fill_null(False)


def _lit(x: Any) -> Any:
    if not scalar(x):
        return x
    import polars as pl

    if isinstance(x, Decimal):
        return pl.lit(x, dtype=pl.Decimal(38, SCALE))
    if x is None:
        return pl.lit(None)
    return pl.lit(x)
