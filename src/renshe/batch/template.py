"""A blank register for a rule: the accepted columns in Chinese and one example row.

The headers are the input fields' Chinese titles (what `renshe batch` reads back), the example
row is the rule's first example (`Rule.examples`, the same one `renshe rules` shows) with codes
written as the office words of rule.yaml `values`, so the template is itself a valid input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from renshe.batch.io import Writer, file_format
from renshe.batch.schema import rule_schema
from renshe.errors import InputError
from renshe.rules.registry import get_rule


def template_frame(rule_name: str) -> pl.DataFrame:
    """One row: the rule's example (or each field's own example) under the Chinese headers."""
    rule = get_rule(rule_name)
    schema = rule_schema(rule)
    example: dict[str, Any] = dict(rule.examples[0]) if rule.examples else {}
    cols: dict[str, pl.Series] = {}
    for name, spec in schema.inputs.items():
        value = example.get(name, spec.example if spec.required else None)
        if value is not None and spec.kind == "enum":
            label = next((s for s, code in spec.spellings.items() if code == value and s != value), None)
            value = label or value
        elif isinstance(value, bool):
            value = "是" if value else "否"
        text = None if value is None else str(value)
        header = spec.label + ("" if spec.required else "(选填)")
        cols[header] = pl.Series(header, [text], dtype=pl.String)
    return pl.DataFrame(cols)


def write_template(rule_name: str, path: str | Path) -> dict[str, Any]:
    """Write the template (CSV or XLSX by extension); what was written."""
    target = Path(path)
    if file_format(target, "template") == ".parquet":
        raise InputError("模板只能是 .csv 或 .xlsx 文件", "template")
    if not target.parent.is_dir():
        raise InputError(f"输出目录不存在:{target.parent}", "template")
    frame = template_frame(rule_name)
    writer = Writer(target)
    try:
        writer.write(frame)
        writer.commit(frame.columns)
    except BaseException:
        writer.abort()
        raise
    return {"rule": rule_name, "template": str(target), "columns": frame.columns}
