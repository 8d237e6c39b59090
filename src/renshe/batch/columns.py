"""Which file column feeds which rule input.

Offices name columns in Chinese ("缴费年限", "2023年12月基本养老金", "公民身份号码"), so a header
matches an input by any spelling `schema.InputSpec.headers` lists (field name, Chinese title,
aliases, the shared fact's label, the office spellings of vocabulary.yaml); spaces, full-width
brackets and case do not matter.
"""

from __future__ import annotations

import re

_FOLD = re.compile(r"[\s\u3000_\-]+")
_BRACKETS = str.maketrans("()【】[]", "()()()")


_MARKS = re.compile(r"\((选填|必填|可选|必须)\)|^\*|\*$")


def fold_header(name: str) -> str:
    """A header compared without spaces, BOM, bracket width, case, 选填/必填 marks or asterisks
    (the marks `renshe batch --template` and office templates add)."""
    return _MARKS.sub("", _FOLD.sub("", name.replace("\ufeff", "").translate(_BRACKETS))).lower()


def map_headers(headers: list[str], names: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(file header → input field, ignored headers); `names` maps folded spellings to fields.
    An exact spelling beats a shared one; otherwise the first header naming a field wins."""
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
