"""The per-chunk function on Apache Spark (local mode) gives what the local run gives (issue 16).

Needs the `[spark]` extra and a Java runtime; `.ci/run` installs both. Skipped, with the reason
printed, only when one of them cannot be had on the machine.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date

import polars as pl
import pytest

from renshe.batch.chunk import OUT_ERROR, OUT_FIELD, OUT_STEPS, OUT_WARNINGS, Plan, evaluate
from renshe.batch.synthetic import case_inputs, register

ON = date(2025, 6, 1)


def _spark_or_skip() -> object:
    reason = None
    if shutil.which("java") is None:
        reason = "没有 Java 运行时(apt-get install default-jre-headless),跳过 Spark 测试"
    try:
        import pyspark  # noqa: F401
    except ImportError:
        reason = "没有安装 pyspark(pip install 'renshe[spark]'),跳过 Spark 测试"
    if reason:
        print(reason, file=sys.stderr)
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("renshe-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )


@pytest.fixture(scope="module")
def spark() -> object:
    session = _spark_or_skip()
    yield session
    session.stop()  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", ["retirement", "pension-adjustment", "severance"])
def test_spark_matches_the_local_run(spark: object, rule: str) -> None:
    from renshe.batch.spark import ERROR, ERROR_FIELD, WARNINGS, apply_rule

    on = case_inputs(rule)[1] or ON  # the date the rule's cases are asked on
    frame = register(rule, 3000, seed=11).with_row_index("id").with_columns(pl.col("id").cast(pl.Int64))
    sdf = spark.createDataFrame(frame.to_arrow()).repartition(3)  # type: ignore[attr-defined]
    got = pl.from_arrow(apply_rule(sdf, rule, on=on).toArrow())
    assert isinstance(got, pl.DataFrame)
    got = got.sort("id")
    local = evaluate(Plan(rule, on), frame.drop("id"))
    assert got.height == frame.height
    for col in local.drop(OUT_STEPS).columns:
        name = {OUT_WARNINGS: WARNINGS, OUT_ERROR: ERROR, OUT_FIELD: ERROR_FIELD}.get(col, col)
        name = name + "_result" if name in frame.columns else name
        assert got[name].to_list() == local[col].to_list(), col
    assert got.filter(pl.col(ERROR).is_null()).height > 0
