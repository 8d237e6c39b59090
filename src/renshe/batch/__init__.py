"""Batch runs of calculators over CSV / XLSX / Parquet files (see `runner.run_batch`)."""

from renshe.batch.runner import run_batch

__all__ = ["run_batch"]
