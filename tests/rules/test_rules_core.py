"""The rules core: figures come from parameters, every parameter and citation is used, unknown
keys fail at load, and a second dated value changes the answer only for facts after its date."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from renshe.errors import InputError
from renshe.rules import person
from renshe.rules.audit import check_keys, unused
from renshe.rules.params import ParamError, params
from renshe.rules.registry import get_rule, rule_modules

sys.path.insert(0, str(Path(__file__).parent))
from textlint import scan, scan_yaml

RULES_DIR = Path(__file__).parents[2] / "src" / "renshe" / "rules"


def _modules() -> list[object]:
    return [*rule_modules(), person]


def test_no_parameter_value_typed_into_a_text() -> None:
    files = [*sorted(RULES_DIR.glob("*/*.py")), RULES_DIR / "person.py"]
    hits = scan(files, params())
    assert not hits, "\n".join(f"{h.file}:{h.line} {h.param} “{h.figure}” in “{h.text}”" for h in hits)


def test_no_parameter_value_typed_into_a_declaration() -> None:
    """rule.yaml: enum labels and descriptions state no figure of the law either."""
    hits = scan_yaml(sorted(RULES_DIR.glob("*/rule.yaml")), params())
    assert not hits, "\n".join(f"{h.file} {h.param} “{h.figure}” in “{h.text}”" for h in hits)


def test_the_label_and_summary_check_can_fail(tmp_path: Path) -> None:
    """A figure in a result field's label, in an input field's description, in `summarize` and in
    rule.yaml is found; an input field's title (what to type) is not scanned."""
    src = tmp_path / "__init__.py"
    src.write_text(
        "class ProbeResult(BaseModel):\n"
        '    early: int = Field(title="最长提前36个月")\n'
        "class ProbeInput(BaseModel):\n"
        '    months: int = Field(description="填写36个月以内")\n'
        '    n: int = Field(title="不超过36个月的月数")\n'
        "def summarize(doc):\n"
        '    return [f"可提前{doc}个月,最长36个月"]\n',
        encoding="utf-8",
    )
    (tmp_path / "params.yaml").write_text(
        "parameters:\n  retirement.flexible_early_max_months: {}\n", encoding="utf-8"
    )
    (tmp_path / "rule.yaml").write_text("values:\n  kind:\n    early: 提前36个月以内\n", encoding="utf-8")
    lines = {h.line for h in scan([src], params())}
    assert lines == {2, 4, 7}
    yaml_hits = scan_yaml([tmp_path / "rule.yaml"], params())
    assert [(h.param, h.figure) for h in yaml_hits] == [("retirement.flexible_early_max_months", "36个月")]


def test_the_text_check_can_fail(tmp_path: Path) -> None:
    """A typed figure ("最长36个月") and a typed date are found; the filled form is not."""
    src = tmp_path / "probe.py"
    src.write_text(
        'A = "弹性提前退休最长36个月"\nB = "自2025年1月1日起施行"\nC = f"最长{n}个月"\n', encoding="utf-8"
    )
    (tmp_path / "params.yaml").write_text(
        "parameters:\n  retirement.flexible_early_max_months: {}\n  retirement.reform_start: {}\n",
        encoding="utf-8",
    )
    hits = scan([src], params())
    assert {(h.line, h.param) for h in hits} >= {
        (1, "retirement.flexible_early_max_months"),
        (2, "retirement.reform_start"),
    }
    assert all(h.line != 3 for h in hits)


def test_every_parameter_and_citation_is_used() -> None:
    unused_params, unused_cites = unused(_modules(), params())  # type: ignore[arg-type]
    assert unused_params == []
    assert unused_cites == []


def test_unknown_citation_key_fails_at_load(tmp_path: Path) -> None:
    mod_file = tmp_path / "probe_rule.py"
    mod_file.write_text('from renshe.rules.params import cite\nX = lambda: cite("flex.art99.nothing")\n')
    sys.path.insert(0, str(tmp_path))
    try:
        mod = importlib.import_module("probe_rule")
        with pytest.raises(ParamError, match=r"flex\.art99\.nothing"):
            check_keys([mod], params())
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("probe_rule", None)


def test_a_blank_value_is_not_given_and_enum_errors_speak_chinese() -> None:
    """`key=` (a blank form field or cell) is "not given" in a single call as in batch; a value
    outside an enum is answered with each allowed value's words from rule.yaml."""
    rule = get_rule("retirement")
    with pytest.raises(InputError) as blank:
        rule.validate({"birth": "1971-04", "category": "  "})
    assert blank.value.message == "缺少必填项 category(人员类别)"
    with pytest.raises(InputError) as wrong:
        rule.validate({"birth": "1971-04", "category": "x"})
    assert "male60(男职工)" in wrong.value.message and "female50(" in wrong.value.message
