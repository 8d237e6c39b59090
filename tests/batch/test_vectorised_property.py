"""The vectorised pension adjustment equals the per-row rule, cell for cell.

100k random rows (5% with unusual or invalid values, which must fall back to the per-row path
and get its exact error) against the rule's own validation and formula; 5k rows against the
full `registry.run_many` path the batch uses for fallback rows.
"""

from __future__ import annotations

import polars as pl

from renshe.batch.columns import ERROR, ERROR_FIELD, flatten, result_columns
from renshe.batch.runner import _records, compute_chunk
from renshe.batch.synthetic import pension_rows
from renshe.errors import InputError
from renshe.rules.citations import Trace
from renshe.rules.registry import get_rule

RULE = get_rule("pension-adjustment")
COLUMNS = result_columns(RULE.result_model)


def oracle(df: pl.DataFrame) -> pl.DataFrame:
    """Per-row: the rule's validation and compute on each row (the trace is not serialised)."""
    out: list[list[str | None]] = []
    for raw in _records(df, df.columns):
        try:
            res = RULE.compute(RULE.validate(raw), Trace()).model_dump(mode="json")
            out.append([*flatten(res, COLUMNS), None, None])
        except InputError as err:
            out.append([None] * len(COLUMNS) + [err.message, err.field])
    names = [*COLUMNS, ERROR, ERROR_FIELD]
    return pl.DataFrame([list(r) for r in out], schema={n: pl.String for n in names}, orient="row")


def test_vectorised_equals_per_row_100k() -> None:
    df = pension_rows(100_000, seed=2024, messy=0.05)
    fast, n_fast = compute_chunk(RULE, df, COLUMNS, vectorised=True)
    assert n_fast > 90_000  # the fast path really ran
    slow = oracle(df)
    assert fast.columns == slow.columns
    for col in fast.columns:
        same = fast[col].eq_missing(slow[col])
        assert same.all(), (
            col,
            df.filter(~same).head(3).to_dicts(),
            fast.filter(~same)[col].head(3).to_list(),
        )
    # The random rows reach every branch.
    r = fast.filter(pl.col(ERROR).is_null())
    assert r.filter(pl.col("eligible") == "false").height > 1000
    for col in ("tilt_remote", "tilt_revolution", "military_top_up"):
        assert r.filter(pl.col(col) != "0.00").height > 100, col
    assert slow.filter(pl.col(ERROR).is_not_null()).height > 1000


def test_vectorised_equals_registry_path() -> None:
    df = pension_rows(5_000, seed=7, messy=0.1)
    fast, _ = compute_chunk(RULE, df, COLUMNS, vectorised=True)
    slow, n = compute_chunk(RULE, df, COLUMNS, vectorised=False)
    assert n == 0
    assert fast.equals(slow)
