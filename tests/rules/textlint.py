"""Find figures of the law typed into rule texts instead of filled from parameters.

Used by tests/rules/test_rules_core.py. A "figure" is a parameter value (number or date) written
next to a unit ("36个月", "0.6%", "11个", "2025年1月1日"); the scan covers every Chinese string
constant in the rule modules — step texts, warnings, `summarize`, the rule's title and summary, the
labels (`title`/`description`) of result fields, the descriptions of input fields (a description
that says "16—24岁" keeps saying it after the YAML changes) — except docstrings and the titles of
input fields (what to type, e.g. “18位居民身份证号码”), and every Chinese string of the rules'
`rule.yaml` (enum labels, descriptions).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from renshe.rules.params import ParamSet

CJK = re.compile(r"[\u4e00-\u9fff]")
UNITS = "个工作日|个月|个小时|小时|个|周岁|岁|年|日|天|元|%|倍"


# Calls whose string arguments are verbatim quotes of the law (citations), not step texts.
QUOTING = {"reg17", "external_cite", "Citation"}


@dataclass(frozen=True)
class Hit:
    file: str
    line: int
    param: str
    figure: str
    text: str


def _numbers(value: Any) -> Iterator[Decimal]:
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float, Decimal)):
        yield Decimal(str(value))
    elif isinstance(value, str):
        try:
            yield Decimal(value)
        except ArithmeticError:
            return
    elif isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _numbers(v)


def _dates(value: Any) -> Iterator[date]:
    if isinstance(value, date):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _dates(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _dates(v)


def _fmt(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


UNIT_FORMS = {
    "months": r"个月",
    "count": r"个工作日|个|日|天|年|元",
    "yuan": r"元",
    "rate": r"%",
}


def figure_patterns(ps: ParamSet) -> list[tuple[str, re.Pattern[str]]]:
    """(parameter name, regex) for every figure a parameter's values state, in its unit's words.

    A months parameter is found as "N个月" (and N/12 as "M年"/"M周岁"), a rate as "P%", an amount
    as "N元", a date as "YYYY年M月D日"/"YYYY-MM-DD"; tables match any unit. Calendar months
    ("12月") are not figures of a months parameter.
    """
    out: list[tuple[str, re.Pattern[str]]] = []
    for p in ps.params.values():
        forms: set[str] = set()
        for v in p.values:
            for n in _numbers(v.value):
                num = re.escape(_fmt(n))
                if p.unit == "months":
                    forms.add(num + r"(?:" + UNIT_FORMS["months"] + ")")
                    if n % 12 == 0 and n > 0:
                        forms.add(re.escape(_fmt(n / 12)) + r"(?:年|周岁)")
                elif p.unit == "rate":
                    forms.add(re.escape(_fmt(n * 100)) + "%")
                elif p.unit in UNIT_FORMS:
                    forms.add(num + r"(?:" + UNIT_FORMS[p.unit] + ")")
                elif p.unit not in ("date",):
                    forms.add(num + r"\s*(?:" + UNITS + ")")
                    if 0 < n < 1:
                        forms.add(re.escape(_fmt(n * 100)) + "%")
            for d in _dates(v.value):
                forms.add(f"{d.year}年{d.month}月{d.day}日")
                forms.add(re.escape(d.isoformat()))
        for f in forms:
            out.append((p.name, re.compile(r"(?<![\d.])" + f)))
    return out


def _input_classes(tree: ast.AST) -> list[ast.ClassDef]:
    """The input models: classes named …Input (a result label states what the figure is, so it is
    scanned; an input label says what to type)."""
    return [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name.endswith("Input")]


def _skipped(tree: ast.AST) -> set[int]:
    """ids of constants that are docstrings or input-field titles."""
    skip: set[int] = set()
    for cls in _input_classes(tree):
        for node in ast.walk(cls):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Field":
                for kw in node.keywords:
                    if kw.arg == "title":
                        for sub in ast.walk(kw.value):
                            skip.add(id(sub))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in QUOTING:
            for sub in ast.walk(node):
                skip.add(id(sub))
    return skip


def _own_params(path: Path) -> set[str]:
    import yaml

    f = path.parent / "params.yaml"
    if not f.is_file():
        return set()
    return set((yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("parameters", {}))


def scan(files: list[Path], ps: ParamSet) -> list[Hit]:
    pats = figure_patterns(ps)
    hits: list[Hit] = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        skip = _skipped(tree)
        own = _own_params(path)
        # A file is checked against the parameters it reads and those of its own rule folder:
        # "满1年" in the pension rule is the notice's words, not the unemployment rule's figure.
        mine = [(n, pat) for n, pat in pats if n in own or f'"{n}"' in source]
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                text = node.value
                if not CJK.search(text):
                    continue
                for name, pat in mine:
                    m = pat.search(text)
                    if m:
                        hits.append(
                            Hit(f"{path.parent.name}/{path.name}", node.lineno, name, m.group(0), text[:80])
                        )
    return hits


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key path, text) of every string in a YAML document."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def scan_yaml(files: list[Path], ps: ParamSet) -> list[Hit]:
    """The same check over declaration files (`rule.yaml`): each against the parameters of its
    folder and those the folder's module reads. `line` is 0; `text` names the key path."""
    import yaml

    pats = figure_patterns(ps)
    hits: list[Hit] = []
    for path in files:
        module = path.parent / "__init__.py"
        source = module.read_text(encoding="utf-8") if module.is_file() else ""
        own = _own_params(path)
        mine = [(n, pat) for n, pat in pats if n in own or f'"{n}"' in source]
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for where, text in _strings(doc):
            if not CJK.search(text):
                continue
            for name, pat in mine:
                m = pat.search(text)
                if m:
                    file = f"{path.parent.name}/{path.name}"
                    hits.append(Hit(file, 0, name, m.group(0), f"{where}: {text[:60]}"))
    return hits
