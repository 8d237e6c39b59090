"""What each rule declares as data (`rules/<rule>/rule.yaml`): the shared fact behind every input
field, the rules it combines with or excludes, and the Chinese label of every enum value.

Why data: the web form, the batch header, the screener and the error messages must show a person
words, never a code name (`female55`), and a screener asking once for "birth" must know which
rules need it. The input model stays the one source of field titles and descriptions; this file
adds what a model cannot say. `describe()` exposes it as `declaration` (additive).
"""

from __future__ import annotations

import typing
from functools import cache
from importlib.resources import files
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from renshe.resources import MissingResourceError, load_yaml


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str
    description: str


class Declaration(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    facts: dict[str, str] = Field(description="input field → shared fact name (rules/facts.yaml)")
    combines_with: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)
    values: dict[str, dict[str, str]] = Field(default_factory=dict, description="field → enum value → 中文")


@cache
def shared_facts() -> dict[str, _Fact]:
    f = files("renshe").joinpath("rules", "facts.yaml")
    if not f.is_file():
        raise MissingResourceError("安装不完整:找不到 rules/facts.yaml")
    raw = load_yaml(f.read_text(encoding="utf-8"))["facts"]
    return {k: _Fact.model_validate(v) for k, v in raw.items()}


@cache
def declarations() -> dict[str, Declaration]:
    """rule name → its declaration, from every rule folder's rule.yaml."""
    from renshe.rules.params import RULE_FOLDERS

    out: dict[str, Declaration] = {}
    for folder in RULE_FOLDERS:
        f = files("renshe").joinpath("rules", folder, "rule.yaml")
        if not f.is_file():
            raise MissingResourceError(f"安装不完整:找不到 rules/{folder}/rule.yaml")
        d = Declaration.model_validate(load_yaml(f.read_text(encoding="utf-8")))
        out[d.rule] = d
    return out


def enum_values(model: type[BaseModel]) -> dict[str, list[Any]]:
    """field → the Literal values its type allows (through Optional / unions)."""
    out: dict[str, list[Any]] = {}

    def walk(t: Any, acc: list[Any]) -> None:
        if typing.get_origin(t) is typing.Literal:
            acc.extend(typing.get_args(t))
        for a in typing.get_args(t):
            if not isinstance(a, (str, int)):
                walk(a, acc)

    for name, f in model.model_fields.items():
        acc: list[Any] = []
        walk(f.annotation, acc)
        if acc:
            out[name] = acc
    return out


def describe(rule_name: str, model: type[BaseModel]) -> dict[str, Any]:
    """The declaration as people and other layers read it: per field its label, description,
    shared fact (with its label) and, for enums, each value's Chinese label."""
    d = declarations().get(rule_name)
    facts = shared_facts()
    fields: dict[str, Any] = {}
    for name, f in model.model_fields.items():
        fact = d.facts.get(name) if d else None
        fields[name] = {
            "label": f.title,
            "description": f.description,
            "fact": fact,
            "fact_label": facts[fact].label if fact in facts else None,
            "values": (d.values.get(name) if d else None),
        }
    return {
        "fields": fields,
        "combines_with": d.combines_with if d else [],
        "excludes": d.excludes if d else [],
    }
