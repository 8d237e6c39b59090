"""Every input field and enum value has Chinese words; every field names a shared fact."""

from __future__ import annotations

import re

from renshe.rules.declarations import declarations, enum_values, shared_facts
from renshe.rules.registry import all_rules, get_rule

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_rule_declares() -> None:
    assert set(declarations()) == {r.name for r in all_rules()}


def test_every_field_has_a_chinese_label_and_description() -> None:
    missing = [
        f"{r.name}.{n}"
        for r in all_rules()
        for n, f in r.input_model.model_fields.items()
        if not (f.title and CJK.search(f.title) and f.description and CJK.search(f.description))
    ]
    assert missing == []


def test_every_enum_value_has_a_chinese_label() -> None:
    missing = []
    for r in all_rules():
        d = declarations()[r.name]
        for field, values in enum_values(r.input_model).items():
            for v in values:
                label = d.values.get(field, {}).get(str(v))
                if not (label and CJK.search(label)):
                    missing.append(f"{r.name}.{field}={v}")
    assert missing == []


def test_every_field_names_a_shared_fact() -> None:
    facts = shared_facts()
    for r in all_rules():
        d = declarations()[r.name]
        assert set(d.facts) == set(r.input_model.model_fields), r.name
        assert all(f in facts for f in d.facts.values()), r.name
        assert all(other in declarations() for other in d.combines_with + d.excludes)


def test_describe_carries_the_declaration() -> None:
    desc = get_rule("retirement").describe()["declaration"]
    cat = desc["fields"]["category"]
    assert cat["fact"] == "person.retirement_category" and cat["label"] == "人员类别"
    assert cat["values"]["female50"].startswith("原法定退休年龄为五十周岁")  # 办法第一条's name (line 545)
