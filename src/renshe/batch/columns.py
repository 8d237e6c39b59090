"""Which file column feeds which rule input, and which columns the results add.

Offices name columns in Chinese ("缴费年限", "2023年12月基本养老金"), so a header matches an
input by its name, by the field's Chinese title, or by an alias the rule lists in the field's
`json_schema_extra={"aliases": [...]}`; spaces, full-width brackets and case do not matter.
Result columns are the rule's result model flattened (`planned.month` for nested models), so
every rule gets the same columns on every row, whichever path computed it.
"""

from __future__ import annotations

import json
import re
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

ERROR = "error"
ERROR_FIELD = "error_field"
_FOLD = re.compile(r"[\s\u3000_\-]+")
_BRACKETS = str.maketrans("()【】[]", "()()()")


def fold_header(name: str) -> str:
    return _FOLD.sub("", name.replace("\ufeff", "").translate(_BRACKETS)).lower()


def header_names(model: type[BaseModel]) -> dict[str, str]:
    """Folded header spelling → input field name, for every field of the input model."""
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        spellings = [name]
        if info.title:
            spellings.append(info.title)
        extra = info.json_schema_extra
        if isinstance(extra, dict):
            aliases = extra.get("aliases")
            if isinstance(aliases, list):
                spellings += [str(a) for a in aliases]
        for s in spellings:
            out.setdefault(fold_header(s), name)
    return out


def map_headers(headers: list[str], model: type[BaseModel]) -> tuple[dict[str, str], list[str]]:
    """(file header → input field, ignored headers); the first header naming a field wins."""
    names = header_names(model)
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    taken: set[str] = set()
    for h in headers:
        field = names.get(fold_header(h))
        if field is None or field in taken:
            ignored.append(h)
        else:
            mapping[h] = field
            taken.add(field)
    return mapping, ignored


def _submodel(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            sub = _submodel(arg)
            if sub is not None:
                return sub
    return None


def result_columns(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The result model's fields, nested models flattened as `parent.child`."""
    cols: list[str] = []
    for name, info in model.model_fields.items():
        sub = _submodel(info.annotation)
        if sub is not None:
            cols += result_columns(sub, f"{prefix}{name}.")
        else:
            cols.append(prefix + name)
    return cols


def cell(value: Any) -> str | None:
    """A JSON result value as an output cell: booleans true/false, lists as JSON, null empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def flatten(result: dict[str, Any], columns: list[str]) -> list[str | None]:
    """One result document's `result` as cells in column order."""
    row: list[str | None] = []
    for col in columns:
        value: Any = result
        for part in col.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row.append(cell(value))
    return row
