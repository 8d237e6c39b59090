"""occupational-disease (issue 22): the catalogue and the acute list against the knowledge base."""

from __future__ import annotations

import re
from collections import Counter

from renshe.kb import KB
from renshe.rules.occupational_disease import ACUTE_VARIANTS, OCR_READINGS, _fold
from renshe.rules.params import param

BASE = "国卫职健发〔2024〕39号/职业病分类和目录/"


def test_every_catalogue_name_is_the_printed_item(kb: KB) -> None:
    items: dict[str, str] = param("occupational_disease.catalogue").first.value
    for path, name in items.items():
        p = kb.provision(BASE + path)
        assert p is not None, path
        assert _fold(re.sub(r"^\d+\.", "", p["text"])) == _fold(name), path
    # the oracle: 12 categories, 135 items, 19/9/3/4/59/7/13/5/11/2/1/2
    counts = Counter(path.split("/")[0] for path in items)
    assert list(counts.values()) == [19, 9, 3, 4, 59, 7, 13, 5, 11, 2, 1, 2] and sum(counts.values()) == 135
    assert items["五/54"] == items["五/7"] == "钡及其化合物中毒"  # the printed duplicate (OCR: 铟)
    assert "胂" in items["五/16"] and set(OCR_READINGS) == {"五/54", "五/16"}


def test_the_acute_list_is_the_printed_table(kb: KB) -> None:
    acute: dict[int, str] = param("occupational_disease.acute").first.value
    assert sorted(acute) == list(range(1, 33))
    rows = kb.get_table("渝人社发〔2024〕23号/表1")
    printed = " ".join(
        str(c) for row in rows["rows"] for c in (row.values() if isinstance(row, dict) else row)
    )
    for name in acute.values():
        assert _fold(name) in _fold(printed), name
    items: dict[str, str] = param("occupational_disease.catalogue").first.value
    national = {_fold(n) for n in items.values()}
    differing = sorted(n for n, name in acute.items() if _fold(name) not in national)
    assert differing == sorted(ACUTE_VARIANTS) == [11, 25, 32]
