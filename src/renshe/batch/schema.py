"""What a rule's batch file looks like, read from the rule's declarations (nothing rule-specific).

Input columns: each input field of the rule, with the spellings a header may use (field name,
the model's Chinese `title`, its `aliases`, the shared fact's label and the office spellings of
`vocabulary.yaml`), the kind of value it takes (yes/no, one of a list, a number, text), and for
enums the Chinese labels of rule.yaml `values` read back as codes. Output columns: the result
model flattened (`planned.month`), each with its Chinese header (the field titles), its kind
(money, integer, decimal, date, month, yes/no, enum, text) so writers can store numbers as
numbers and dates as dates, and enum labels. A rule added later gets all of this from its own
declarations; `tests/batch` run over every registered rule.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from renshe.resources import load_yaml
from renshe.rules.declarations import declarations, shared_facts
from renshe.rules.months import Month
from renshe.rules.registry import Rule

Kind = Literal["bool", "enum", "money", "int", "decimal", "date", "month", "text", "json"]
Columns = Literal["zh", "en"]

# The columns every output has besides the input columns and the result (program name, 中文).
ROW = ("row", "行号")
WARNINGS = ("warnings", "警告")
STEPS = ("steps", "计算过程")
ERROR_COLUMN = ("error_column", "出错的列")
ERROR = ("error", "错误原因")
ERROR_FIELD = ("error_field", "出错的输入项")


@dataclass(frozen=True)
class InputSpec:
    """One input field as a spreadsheet column."""

    name: str
    label: str
    kind: Kind
    fact: str | None
    headers: tuple[str, ...]
    # spelling → code, for enums (labels of rule.yaml `values`, office spellings, the codes)
    spellings: dict[str, str] = field(default_factory=dict)
    # spelling → why it does not decide the value (a bare 女 for 原50 vs 原55)
    ambiguous: dict[str, str] = field(default_factory=dict)
    required: bool = False
    example: str | None = None
    own: int = 1  # how many of `headers` are the field's own (name, title, aliases): they win


@dataclass(frozen=True)
class OutputSpec:
    """One result column: dotted path in the result document, headers, kind, enum labels."""

    path: str
    zh: str
    kind: Kind
    labels: dict[str, str] = field(default_factory=dict)

    def header(self, columns: Columns) -> str:
        return self.zh if columns == "zh" else self.path


@dataclass(frozen=True)
class RuleSchema:
    rule: str
    title: str
    inputs: dict[str, InputSpec]
    outputs: list[OutputSpec]
    # fact → field, for the derivations of `vocabulary.yaml` (sex from the ID number)
    by_fact: dict[str, str]


@cache
def vocabulary() -> dict[str, Any]:
    """Office spellings per shared fact (headers, values, ambiguous values, values from the ID)."""
    text = files("renshe").joinpath("batch", "vocabulary.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_yaml(text)
    return data


def _unwrap(annotation: Any) -> Any:
    """Optional[X] → X; Annotated[X, …] → X."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_money(annotation: Any) -> bool:
    """The rules' `Money` type: a Decimal serialised with two decimals (rules.money)."""
    for a in [annotation, *get_args(annotation)]:
        if get_origin(a) is typing.Annotated and get_args(a)[0] is Decimal:
            return any("money_str" in repr(m) for m in get_args(a)[1:])
    return False


def kind_of(annotation: Any, metadata: list[Any] | None = None) -> Kind:
    """The kind of a field's values; `metadata` is pydantic's (where `Annotated` extras go)."""
    money = _is_money(annotation) or any("money_str" in repr(m) for m in metadata or [])
    t = _unwrap(annotation)
    if get_origin(t) is Literal:
        return "enum"
    if t is bool:
        return "bool"
    if t is int:
        return "int"
    if t is Decimal:
        return "money" if money else "decimal"
    if t is dt.date:
        return "date"
    if t is Month:
        return "month"
    if t is str:
        return "text"
    if get_origin(t) in (list, dict) or t in (list, dict):
        return "json"
    return "text"


def _submodel(annotation: Any) -> type[BaseModel] | None:
    t = _unwrap(annotation)
    if isinstance(t, type) and issubclass(t, BaseModel):
        return t
    return None


def output_specs(model: type[BaseModel], values: dict[str, dict[str, str]]) -> list[OutputSpec]:
    """The result model's fields as columns; nested models flattened as `parent.child`."""

    def walk(m: type[BaseModel], prefix: str, zh_prefix: str) -> list[OutputSpec]:
        out: list[OutputSpec] = []
        for name, info in m.model_fields.items():
            title = info.title or name
            sub = _submodel(info.annotation)
            if sub is not None:
                out += walk(sub, f"{prefix}{name}.", f"{zh_prefix}{title}·")
            else:
                labels = values.get(prefix + name, {}) if not prefix else {}
                kind = kind_of(info.annotation, info.metadata)
                out.append(OutputSpec(prefix + name, zh_prefix + title, kind, labels))
        return out

    specs = walk(model, "", "")
    seen: dict[str, int] = {}
    for s in specs:
        seen[s.zh] = seen.get(s.zh, 0) + 1
    # two fields with the same title: the program name tells them apart
    return [OutputSpec(s.path, f"{s.zh}({s.path})", s.kind, s.labels) if seen[s.zh] > 1 else s for s in specs]


def _example(info: Any) -> str | None:
    ex = getattr(info, "examples", None)
    return str(ex[0]) if ex else None


def header_index(schema: RuleSchema, fold: Any) -> dict[str, str]:
    """Folded header spelling → field: a field's own spellings first, shared ones after."""
    out: dict[str, str] = {}
    for spec in schema.inputs.values():
        for h in spec.headers[: spec.own]:
            out.setdefault(fold(h), spec.name)
    for spec in schema.inputs.values():
        for h in spec.headers[spec.own :]:
            out.setdefault(fold(h), spec.name)
    return out


_SCHEMAS: dict[str, RuleSchema] = {}


def rule_schema(rule: Rule[Any, Any]) -> RuleSchema:
    """The rule's batch schema (built once per rule name)."""
    got = _SCHEMAS.get(rule.name)
    if got is None:
        got = _SCHEMAS[rule.name] = _build(rule)
    return got


def _build(rule: Rule[Any, Any]) -> RuleSchema:
    decl = declarations().get(rule.name)
    facts = shared_facts()
    vocab = vocabulary()
    headers_by_fact: dict[str, list[str]] = vocab.get("headers", {})
    values_by_fact: dict[str, dict[str, str]] = vocab.get("values", {})
    ambiguous_by_fact: dict[str, dict[str, str]] = vocab.get("ambiguous", {})
    inputs: dict[str, InputSpec] = {}
    by_fact: dict[str, str] = {}
    for name, info in rule.input_model.model_fields.items():
        fact = decl.facts.get(name) if decl else None
        if fact:
            by_fact.setdefault(fact, name)
        heads = [name]
        if info.title:
            heads.append(info.title)
        extra = info.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get("aliases"), list):
            heads += [str(a) for a in extra["aliases"]]
        own = len(dict.fromkeys(heads))
        if fact in facts:
            heads.append(facts[fact].label)
        heads += headers_by_fact.get(fact or "", [])
        kind = kind_of(info.annotation, info.metadata)
        spellings: dict[str, str] = {}
        if kind == "enum":
            for code in _literal_values(info.annotation):
                spellings[str(code)] = str(code)
            for code, label in (decl.values.get(name, {}) if decl else {}).items():
                spellings.setdefault(label, code)
            for spelling, code in values_by_fact.get(fact or "", {}).items():
                if code in spellings.values():
                    spellings.setdefault(spelling, code)
        inputs[name] = InputSpec(
            name=name,
            label=info.title or name,
            kind=kind,
            fact=fact,
            headers=tuple(dict.fromkeys(heads)),
            spellings=spellings,
            ambiguous=dict(ambiguous_by_fact.get(fact or "", {})),
            required=info.is_required(),
            example=_example(info),
            own=own,
        )
    outputs = output_specs(rule.result_model, decl.values if decl else {})
    return RuleSchema(rule.name, rule.title, inputs, outputs, by_fact)


def _literal_values(annotation: Any) -> list[Any]:
    acc: list[Any] = []

    def walk(t: Any) -> None:
        if get_origin(t) is Literal:
            acc.extend(get_args(t))
        for a in get_args(t):
            if not isinstance(a, (str, int)):
                walk(a)

    walk(annotation)
    return acc
