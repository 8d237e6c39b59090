"""Cases as data: a YAML file of inputs, expected outputs and the source line each comes from.

Why data: a case derived from the text ("2757.50 × 0.6% = 16.545 → 16.55", line 8246) is a
statement about the law, not about the code; a caseworker can write one without Python, and
`renshe test FILE` runs it. Every rule folder ships its own `cases.yaml`; the test suite runs all
of them through the same runner.

File format:

    rule: pension-adjustment       # the registry name
    on: 2025-06-01                 # optional: the date asked (default today)
    defaults: {district: 渝中区}    # optional: merged under every case's input
    cases:
      - name: 四舍五入的临界值
        source: 8246               # compilation line(s): 8246, "8244-8246", or [8244, 8246]
        input: {pension_2023_12: "2757.50", contribution_years: "25.2"}
        expect:                    # a subset of `result`; dotted paths reach inside (planned.kind)
          linked_pension: "16.55"
        steps_contain: [四舍五入]    # optional: words the explanation must contain
        warnings_contain: [...]    # optional (warnings_absent: words that must not appear)
        error: birth               # optional: the input must be rejected, naming this field
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from renshe.errors import InputError
from renshe.resources import MissingResourceError


class CaseSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    source: int | str | list[int | str] = Field(
        description="compilation line(s) the expected value comes from, or an external provision id"
    )
    input: dict[str, Any] = Field(default_factory=dict)
    expect: dict[str, Any] = Field(default_factory=dict)
    steps_contain: list[str] = Field(default_factory=list)
    warnings_contain: list[str] = Field(default_factory=list)
    warnings_absent: list[str] = Field(default_factory=list)
    error: str | None = None
    on: date | None = None

    @field_validator("source")
    @classmethod
    def _source(cls, v: Any) -> Any:
        from renshe.rules.external import external_provision

        items = v if isinstance(v, list) else [v]

        # a national article the compilation does not print (renshe.rules.external) has no source
        # line: such a case names the article's id (主席令第六十五号/第四十七条) instead
        def ext(x: Any) -> bool:
            return isinstance(x, str) and external_provision(x.strip()) is not None

        if all(ext(x) for x in items):
            return v
        lines = [x for x in v if not ext(x)] if isinstance(v, list) else str(v).replace("–", "-").split("-")
        if not lines or not all(str(x).strip().isdigit() for x in lines):
            raise ValueError(
                "source 应为源文本行号,如 8246、8244-8246 或 [8244, 8246];"
                "外部条文写条款标识,如 主席令第六十五号/第四十七条"
            )
        return v


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    on: date | None = None
    defaults: dict[str, Any] = Field(default_factory=dict)
    cases: list[CaseSpec] = Field(min_length=1)


@dataclass
class CaseResult:
    name: str
    source: str
    passed: bool
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "passed": self.passed, "problems": self.problems}


class _Loader(yaml.SafeLoader):
    """YAML without 1.1's "on/off/yes/no" booleans: `on:` is the date asked, not True."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list(_first),
    )


def load_cases(text: str, where: str = "cases") -> CaseFile:
    """Parse and check a cases file; InputError (Chinese) naming what is wrong."""
    try:
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as err:
        raise InputError(f"{where}: 不是有效的 YAML:{err}", "file") from None
    try:
        return CaseFile.model_validate(raw)
    except ValidationError as err:
        e = err.errors(include_url=False)[0]
        loc = ".".join(str(x) for x in e["loc"])
        raise InputError(f"{where}: {loc} {e['msg']}", "file") from None


def load_case_file(path: Path) -> CaseFile:
    if not path.is_file():
        raise InputError(f"找不到案例文件 {path}", "file")
    return load_cases(path.read_text(encoding="utf-8"), path.name)


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if isinstance(obj, dict) and part in obj:
            obj = obj[part]
        elif isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        else:
            raise KeyError(dotted)
    return obj


def _same(expected: Any, actual: Any) -> bool:
    """YAML writes 16.55 as a float and 2039-12 as text; compare as the contract prints them."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and _same(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            _same(e, a) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, (bool, type(None))) or isinstance(actual, (bool, type(None))):
        return expected is actual
    if isinstance(expected, (int, float)) and isinstance(actual, str):
        try:
            return float(actual) == float(expected)
        except ValueError:
            return False
    if isinstance(expected, date):
        return bool(expected.isoformat() == actual)
    return bool(expected == actual)


def run_case(cf: CaseFile, case: CaseSpec) -> CaseResult:
    from renshe.rules.registry import get_rule

    rule = get_rule(cf.rule)
    src = "、".join(str(x) for x in case.source) if isinstance(case.source, list) else str(case.source)
    raw = {**cf.defaults, **case.input}
    on = case.on or cf.on
    problems: list[str] = []
    try:
        doc = rule.run(raw, on)
    except InputError as err:
        if case.error is None:
            return CaseResult(case.name, src, False, [f"输入被拒绝:{err.message}"])
        if err.field != case.error:
            return CaseResult(
                case.name, src, False, [f"应拒绝输入项 {case.error},实际为 {err.field}:{err.message}"]
            )
        return CaseResult(case.name, src, True)
    if case.error is not None:
        return CaseResult(case.name, src, False, [f"应拒绝输入项 {case.error},但计算成功"])
    result = doc["result"]
    for key, want in case.expect.items():
        try:
            got = _get(result, key)
        except KeyError:
            problems.append(f"结果中没有 {key}")
            continue
        if not _same(want, got):
            problems.append(f"{key}:应为 {want!r},实际为 {got!r}")
    text = "".join(s["text"] for s in doc["steps"])
    problems += [f"说明中没有“{w}”" for w in case.steps_contain if w not in text]
    warns = "".join(doc["warnings"])
    problems += [f"提示中没有“{w}”" for w in case.warnings_contain if w not in warns]
    problems += [f"提示中不应有“{w}”" for w in case.warnings_absent if w in warns]
    return CaseResult(case.name, src, not problems, problems)


def run_cases(cf: CaseFile) -> list[CaseResult]:
    return [run_case(cf, c) for c in cf.cases]


def shipped_case_files() -> list[tuple[str, str]]:
    """(rule folder, cases.yaml text) for every rule folder, read through importlib.resources."""
    from importlib.resources import files

    from renshe.rules.params import RULE_FOLDERS

    out = []
    for folder in RULE_FOLDERS:
        f = files("renshe").joinpath("rules", folder, "cases.yaml")
        if not f.is_file():
            raise MissingResourceError(f"安装不完整:找不到 rules/{folder}/cases.yaml")
        out.append((folder, f.read_text(encoding="utf-8")))
    return out
