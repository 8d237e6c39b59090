"""The catalogue of named procedures (`catalogue.yaml`), loaded once and looked up by name.

Why data: a person knows the procedure (退休"一件事", 失业保险金审核, 工伤结算), not N. Each entry
holds what the text states about one time limit — what it counts from (the anchor, said even
where the text leaves it implicit), N and its unit, who must act, the provision and its words —
so that every interface and every rule computes the limit the same way, from one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from renshe.errors import NotFound
from renshe.resources import load_yaml, read_text

UNITS = (
    "days",
    "working_days",
    "months",
    "months_before",
    "months_from_next_month",
    "fixed_date",
    "quarter_first_month_end",
    "rule",
)

UNIT_TEXT = {
    "days": "日",
    "working_days": "个工作日",
    "months": "个月",
    "months_before": "个月(之前)",
    "months_from_next_month": "个月(自次月起算)",
    "fixed_date": "固定日期",
    "quarter_first_month_end": "下一季度首月底",
    "rule": "由计算器计算",
}


@dataclass(frozen=True)
class Anchor:
    key: str
    label: str
    implicit: bool = False
    note: str = ""


@dataclass(frozen=True)
class Procedure:
    """One named time limit, as the catalogue states it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    area: str
    actor: str
    anchor: Anchor
    limit: dict[str, Any]
    provision: str
    quote: str
    cases: tuple[dict[str, Any], ...]
    extension: dict[str, Any] | None = None
    later_anchor: dict[str, Any] | None = None
    after: str | None = None
    superseded_by: dict[str, Any] | None = None
    governs: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    note: str = ""  # what the text adds to the limit (an open extension, a liability)

    @property
    def unit(self) -> str:
        return str(self.limit["unit"])

    @property
    def n(self) -> int | None:
        n = self.limit.get("n")
        return int(n) if n is not None else None

    @property
    def limit_text(self) -> str:
        """The limit in words: 26个工作日, 次年2月28日前, 至少在选择的退休时间前3个月 …"""
        lim = self.limit
        if "rule" in lim and self.unit != "rule":
            return str(lim["rule"])
        if self.unit == "rule":
            return str(lim.get("text", lim["rule"]))
        if self.unit == "months_before":
            return f"提前{self.n}个月"
        text = f"{self.n}{UNIT_TEXT[self.unit]}"
        if lim.get("minimum"):
            text = f"不少于{text}"
        return text

    def names(self) -> tuple[str, ...]:
        return (self.id, self.name, *self.aliases)


def _procedure(raw: dict[str, Any]) -> Procedure:
    a = raw["anchor"]
    unit = raw["limit"]["unit"]
    if unit not in UNITS:
        raise ValueError(f"procedure {raw['id']}: unknown unit {unit!r}")
    return Procedure(
        id=raw["id"],
        name=raw["name"],
        aliases=tuple(raw.get("aliases", ())),
        area=raw["area"],
        actor=raw["actor"],
        anchor=Anchor(a["key"], a["label"], bool(a.get("implicit")), a.get("note", "")),
        limit=dict(raw["limit"]),
        provision=raw["provision"],
        quote=raw["quote"],
        cases=tuple(raw.get("cases", ())),
        extension=raw.get("extension"),
        later_anchor=raw.get("later_anchor"),
        after=raw.get("after"),
        superseded_by=raw.get("superseded_by"),
        governs=tuple(raw.get("governs", ())),
        note=raw.get("note", ""),
    )


@cache
def catalogue() -> tuple[Procedure, ...]:
    """Every procedure, in the catalogue's order (read through `renshe.resources`)."""
    raw = load_yaml(read_text("procedures", "catalogue.yaml"))
    items = tuple(_procedure(r) for r in raw["procedures"])
    ids = [p.id for p in items]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate procedure id in catalogue.yaml")
    return items


def fold(text: str) -> str:
    """A name as compared: no spaces, quotes or brackets, so 退休一件事 finds 退休"一件事"."""
    return re.sub(r"[\s\"'“”‘’「」《》()（）]", "", text).lower()


def by_id(pid: str) -> Procedure:
    for p in catalogue():
        if p.id == pid:
            return p
    raise NotFound(f"找不到程序“{pid}”", "procedure")


def find(name: str) -> Procedure:
    """The procedure a person names: its id, name or an alias; else the one name containing it.

    Several matches or none: a Chinese NotFound that lists the candidates (or points to --list).
    """
    key = fold(name)
    if not key:
        raise NotFound("请给出程序名称(renshe deadline --list 列出全部)", "procedure")
    exact = [p for p in catalogue() if key in {fold(n) for n in p.names()}]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [p for p in catalogue() if any(key in fold(n) for n in p.names())]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = "、".join(p.name for p in partial[:10])
        raise NotFound(f"“{name}”对应多个程序:{names};请写出完整名称", "procedure")
    raise NotFound(f"找不到名为“{name}”的程序;用 renshe deadline --list 查看全部程序", "procedure")
