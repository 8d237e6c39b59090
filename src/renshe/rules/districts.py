"""Chongqing's districts and counties: one canonical name for every way people write them.

Rules keyed by place (the pension adjustment's 艰苦边远地区, the minimum wage's 一类/二类) must
agree on what "石柱", "石柱县" and "石柱土家族自治县" mean, and a typo must be an error with
suggestions, never a silent "not in the list". The list is data (`districts.yaml`, beside this
module): the 38 区县 (26 区, 8 县, 4 自治县) and the three functional areas (两江新区,
西部科学城重庆高新区, 万盛经开区) that Chongqing notices list beside them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from renshe.errors import InputError
from renshe.resources import load_yaml, read_text

Kind = Literal["district", "county", "autonomous_county", "functional_area"]
KIND_TEXT: dict[str, str] = {
    "district": "区",
    "county": "县",
    "autonomous_county": "自治县",
    "functional_area": "功能区",
}
_PREFIX = re.compile(r"^(中国)?重庆市?")
_SPACES = re.compile(r"[\s\u3000]+")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    kind: Kind
    short: str
    aliases: list[str] = Field(default_factory=list)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    districts: list[_Spec]


@dataclass(frozen=True)
class District:
    """One district or county: its official name, the short form notices use, and its kind."""

    name: str
    kind: str
    short: str
    aliases: tuple[str, ...]

    @property
    def kind_text(self) -> str:
        return KIND_TEXT[self.kind]

    @property
    def is_functional_area(self) -> bool:
        return self.kind == "functional_area"


def _fold(text: str) -> str:
    """Spaces and a leading 重庆市 / 重庆 do not distinguish names ("重庆市 渝中区" = 渝中区)."""
    folded = _SPACES.sub("", text)
    stripped = _PREFIX.sub("", folded)
    return stripped or folded


@cache
def districts() -> tuple[District, ...]:
    """All 41 areas in official order (38 区县, then the 3 functional areas)."""
    raw = load_yaml(read_text("rules", "districts.yaml"))
    spec = _File.model_validate(raw)
    return tuple(District(d.name, d.kind, d.short, tuple(d.aliases)) for d in spec.districts)


@cache
def name_index() -> dict[str, District]:
    """Every accepted spelling (folded) → its district; ambiguity in the data is a bug."""
    index: dict[str, District] = {}
    for d in districts():
        for spelling in {d.name, d.short, *d.aliases}:
            key = _fold(spelling)
            other = index.get(key)
            if other is not None and other is not d:
                raise ValueError(f"districts.yaml: “{spelling}” 同时指 {other.name} 和 {d.name}")
            index[key] = d
    return index


def lookup(name: str) -> District | None:
    """The district a spelling names, or None (no suggestions: for fast batch checks)."""
    return name_index().get(_fold(name))


def resolve_district(name: str, field: str = "district") -> District:
    """The district `name` means; InputError (exit 2) naming close matches when there is none."""
    if not isinstance(name, str) or not name.strip():
        raise InputError("请填写区县名称,例如 渝中区、石柱县 或 石柱土家族自治县", field)
    found = lookup(name)
    if found is not None:
        return found
    key = _fold(name)
    spellings = list(name_index())
    close = difflib.get_close_matches(key, spellings, n=5, cutoff=0.4)
    # Short Chinese names share few characters: also offer names that contain or share a character.
    close += [s for s in spellings if s not in close and (key in s or s in key)]
    close += [s for s in spellings if s not in close and set(key) & set(s)][: max(0, 3 - len(close))]
    names = list(dict.fromkeys(name_index()[s].name for s in close))[:5]
    hint = f";您是否要找:{'、'.join(names)}" if names else ""
    raise InputError(f"“{name.strip()}”不是重庆市的区县(自治县)或功能区{hint}", field)
