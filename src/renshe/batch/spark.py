"""Batch on Apache Spark: the same per-chunk function as `renshe batch`, for registers that live
in a data platform. Optional: `pip install 'renshe[spark]'` and a Java 17/21 runtime.

    from pyspark.sql import SparkSession
    from renshe.batch.spark import apply_rule

    spark = SparkSession.builder.getOrCreate()
    roll = spark.read.option("header", True).csv("retirees.csv")  # every column text
    result = apply_rule(roll, "retirement", on=date(2025, 6, 1))
    result.write.parquet("result.parquet")

`apply_rule` maps the DataFrame's columns to the rule's inputs by header (the same spellings as
a batch file: field names, Chinese titles, 身份证号码 …), and runs `renshe.batch.chunk.evaluate`
on each Arrow batch of each partition (`mapInArrow`): distinct inputs once per batch, the rule's
own validation and arithmetic, one output row per input row in order. The result has the input
columns, then the result columns by program name (`row_error` / `row_error_field` for a row's
error, `warnings`), every value text as in the calculator document, so a Spark result and a
local run compare cell for cell. The executors need renshe installed (same version).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import polars as pl

from renshe.batch.chunk import OUT_ERROR, OUT_FIELD, OUT_WARNINGS, Plan, evaluate, schema_of
from renshe.batch.columns import fold_header, map_headers
from renshe.batch.schema import header_index

ERROR = "row_error"
ERROR_FIELD = "row_error_field"
WARNINGS = "warnings"


def output_names(rule: str, taken: set[str] | None = None) -> list[str]:
    """The result columns `apply_rule` adds, in order; a result named like an input column
    (severance's `service_months`) gets the suffix `_result`."""
    paths = [o.path for o in schema_of(rule).outputs]
    return [p + "_result" if p in (taken or set()) else p for p in paths] + [WARNINGS, ERROR, ERROR_FIELD]


def chunk_function(rule: str, on: date, mapping: dict[str, str], taken: set[str]) -> Any:
    """The function each Spark task runs: Arrow record batches in, record batches out."""
    plan = Plan(rule, on)
    paths = [o.path for o in schema_of(rule).outputs]
    names = output_names(rule, taken)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            inputs = frame.select(pl.col(h).cast(pl.String).alias(f) for h, f in mapping.items())
            res = evaluate(plan, inputs)
            out = pl.concat(
                [
                    frame,
                    res.select(
                        *(pl.col(p).alias(n) for p, n in zip(paths, names, strict=False)),
                        pl.col(OUT_WARNINGS).alias(WARNINGS),
                        pl.col(OUT_ERROR).alias(ERROR),
                        pl.col(OUT_FIELD).alias(ERROR_FIELD),
                    ),
                ],
                how="horizontal",
            )
            yield from out.to_arrow().to_batches()

    return run


def apply_rule(df: Any, rule: str, on: date | None = None) -> Any:
    """`df` (a pyspark DataFrame) with the rule's result columns added, row for row."""
    from pyspark.sql.types import StringType, StructField, StructType

    schema = schema_of(rule)
    mapping, _ = map_headers(list(df.columns), header_index(schema, fold_header))
    taken = set(df.columns)
    names = output_names(rule, taken)
    clash = [n for n in names if n in taken]
    if clash:
        raise ValueError(f"输入中已有与结果同名的列:{'、'.join(clash)}")
    out_schema = StructType([*df.schema.fields, *(StructField(n, StringType(), True) for n in names)])
    return df.mapInArrow(chunk_function(rule, on or date.today(), mapping, taken), out_schema)
