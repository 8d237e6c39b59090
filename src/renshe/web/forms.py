"""Calculator forms generated from the rules' input JSON Schemas, and form values back to inputs.

A new rule gets its web form for free: each property becomes a field whose widget follows its
schema (enum → select, integer → number, YYYY-MM pattern → month, date → date, boolean →
是/否/不填). Option labels come from the property's description when it lists them
("male60 男职工;female55 …"), so the form speaks Chinese without a second copy of the text;
code names left in help texts are replaced by their Chinese labels (`renshe.web.labels`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from renshe.web.labels import chinese_text, enum_labels, lists_only_codes, schema_names

MONTH_PATTERN = r"^\d{4}-\d{2}$"


@dataclass
class FormField:
    """One input of a calculator form."""

    name: str
    label: str
    widget: str  # text | number | month | date | select | bool | decimal
    required: bool
    help: str = ""
    placeholder: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    minimum: int | float | None = None
    maximum: int | float | None = None
    value: str = ""
    sensitive: bool = False  # never echoed back into the page (ID numbers)


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in prop:
        target = defs.get(str(prop["$ref"]).rsplit("/", 1)[-1], {})
        merged = {**target, **{k: v for k, v in prop.items() if k != "$ref"}}
        return merged
    return prop


def _branches(prop: dict[str, Any], defs: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a property (pydantic writes Optional as anyOf [.., null])."""
    options = prop.get("anyOf") or prop.get("oneOf")
    if options:
        return [_resolve(o, defs) for o in options if o.get("type") != "null"]
    return [_resolve(prop, defs)]


def _option_labels(enum: list[Any], description: str) -> list[tuple[str, str]]:
    """(value, Chinese label) for each enum value; the value itself only where no label exists
    (Chinese enum values such as 离休干部 are their own label)."""
    labels = enum_labels(enum, description)
    return [(str(e), labels.get(str(e), str(e))) for e in enum]


def form_fields(schema: dict[str, Any], values: dict[str, str] | None = None) -> list[FormField]:
    """The fields of a rule's input schema, in schema order, with submitted values filled in."""
    defs: dict[str, Any] = schema.get("$defs", {})
    required = set(schema.get("required", []))
    values = values or {}
    names = schema_names(schema)
    out: list[FormField] = []
    for name, raw in schema.get("properties", {}).items():
        prop = _resolve(raw, defs)
        branches = _branches(prop, defs)
        first = branches[0] if branches else {}
        types = {b.get("type") for b in branches}
        description = str(prop.get("description") or first.get("description") or "")
        examples = prop.get("examples") or first.get("examples") or []
        f = FormField(
            name=name,
            label=str(prop.get("title") or first.get("title") or name),
            widget="text",
            required=name in required,
            help=chinese_text(description, names),
            placeholder=str(examples[0]) if examples else "",
            sensitive="id_number" in name,
        )
        enum = next((b["enum"] for b in branches if "enum" in b), None)
        const = [b["const"] for b in branches if "const" in b]
        if enum or const:
            f.widget = "select"
            f.options = _option_labels(list(enum or const), description)
            if lists_only_codes(description, list(enum or const)):
                f.help = ""
            if lists_only_codes(description, list(enum or const)):
                f.help = ""
        elif types == {"boolean"}:
            f.widget = "bool"
            f.options = [("true", "是"), ("false", "否")]
        elif types == {"integer"}:
            f.widget = "number"
            f.minimum = first.get("minimum")
            f.maximum = first.get("maximum")
        elif "number" in types:
            f.widget = "decimal"
        elif any(b.get("format") == "date" for b in branches):
            f.widget = "date"
        elif any(b.get("pattern") == MONTH_PATTERN for b in branches):
            f.widget = "month"
        if not f.sensitive:
            f.value = values.get(name, "")
        out.append(f)
    return out


def to_inputs(schema: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """Submitted form values → the rule's raw inputs: blanks dropped, integers and booleans typed.

    Anything that does not parse is passed on as text so the rule's own validation names the
    field in its Chinese message (one error path for API, CLI and web).
    """
    fields = {f.name: f for f in form_fields(schema)}
    out: dict[str, Any] = {}
    for name, f in fields.items():
        value = (form.get(name) or "").strip()
        if not value:
            continue
        if f.widget == "number" and re.fullmatch(r"-?\d{1,9}", value):
            out[name] = int(value)
        elif f.widget == "bool" and value in ("true", "false"):
            out[name] = value == "true"
        else:
            out[name] = value
    return out
