"""Rule `occupation-class` (培训目录类别): an occupation, 工种, 专项 or 特色工种 → A / B / C / A+.

Source: 渝人社办〔2024〕78号 附件 (390 items, classes) and its 备注 2 (a 工种 not listed takes its
职业's class); 渝人社发〔2024〕13号 二(一) (未纳入目录的按照B类执行); 渝人社办〔2024〕121号 (the
711 institutions). The rows come from `catalogue.py` (shipped CSV derived from the text).

Exact names and codes decide; a code shared by rows of different classes (5 codes, e.g.
6—30—05—01 叉车司机 A+ / 起重装卸机械操作工 A) and weak name matches list candidates and decide
nothing. Both lists are of 2024: a later year gets the horizon note.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.occupation_class.catalogue import KIND_TEXT, find_institution
from renshe.rules.occupation_class.common import BASIS_TEXT, catalogue_horizon, occupation_step, resolve
from renshe.rules.params import cite, param
from renshe.rules.registry import Rule, register


class OccupationInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    occupation: str = Field(
        title="职业(工种)", description="名称或编码,如 叉车司机、6-30-05-01、6240501100000001"
    )
    parent_occupation: str | None = Field(None, title="所属职业", description="工种不在目录中时填其所属职业")
    not_listed: bool = Field(
        False, title="确认不在目录中", description="名称只近似匹配时确认不在目录中(按B类)"
    )
    institution: str | None = Field(None, title="培训机构", description="名称、统一社会信用代码或机构代码")
    year: int | None = Field(
        None, ge=2000, le=2100, title="年度", description="所问的年度;不填为查询日所在年"
    )

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> OccupationInput:
        if not self.occupation:
            raise InputError("请填写职业(工种)occupation", "occupation")
        if self.year is None:
            self.year = ((info.context or {}).get("on") or date.today()).year
        return self


class OccupationResult(BaseModel):
    occupation_class: str | None = Field(title="培训目录类别(A、B、C、A+)")
    class_basis: str = Field(title="类别依据", description="名称、编码、所属职业、未纳入目录(B类)或未确定")
    entry: dict[str, Any] | None = Field(title="目录中的项目")
    candidates: list[str] = Field(title="未替您选择的候选项目")
    same_code_other_class: list[str] = Field(title="同一编码下类别不同的项目")
    institution_in_directory: bool | None = Field(title="培训机构在补贴性职业培训机构目录中")
    institution_entry: dict[str, Any] | None = Field(title="目录中的培训机构")


def compute(inp: OccupationInput, trace: Trace) -> OccupationResult:
    assert inp.year is not None
    found = resolve(inp.occupation, inp.parent_occupation, inp.not_listed)
    occupation_step(found, trace, cite("occ.catalogue"), cite("occ.default_b"), cite("occ.note2"))
    catalogue_horizon(inp.year, trace)
    e = found.entry
    entry = (
        None
        if e is None
        else {
            "seq": e.seq,
            "code": e.code,
            "name": e.name,
            "class": e.cls,
            "kind": KIND_TEXT[e.kind],
            "line": e.line,
        }
    )
    in_dir: bool | None = None
    inst: dict[str, Any] | None = None
    if inp.institution:
        hits = find_institution(inp.institution)
        in_dir = bool(hits)
        if hits:
            h = hits[0]
            inst = {
                "seq": h.seq,
                "name": h.name,
                "credit_code": h.credit_code,
                "code": h.code,
                "address": h.address,
                "line": h.line,
            }
            trace.step(
                f"“{inp.institution}”在补贴性职业培训机构目录中:第{h.seq}号 {h.name}(机构代码{h.code})。",
                cite("occ.directory"),
            )
        else:
            trace.step(
                f"“{inp.institution}”不在补贴性职业培训机构目录中(按名称、统一社会信用代码或机构代码精确查找)。",
                cite("occ.directory"),
            )
        catalogue_horizon(inp.year, trace, "directory")
    return OccupationResult(
        occupation_class=found.cls,
        class_basis=BASIS_TEXT[found.status],
        entry=entry,
        candidates=[r.label for r in found.candidates],
        same_code_other_class=[r.label for r in found.siblings],
        institution_in_directory=in_dir,
        institution_entry=inst,
    )


def assess(inp: OccupationInput, r: OccupationResult, on: date) -> Assessment:
    conds: list[tuple[str, bool | None, Citation | str | None]] = [
        ("类别已确定", True if r.occupation_class else None, cite("occ.catalogue"))
    ]
    if inp.institution:
        conds.append(("培训机构在目录中", r.institution_in_directory, cite("occ.directory")))
    return Assessment(None, conds, [] if r.occupation_class else ["occupation"], None)


def basis() -> list[Citation]:
    return [cite(k) for k in ("occ.catalogue", "occ.note1", "occ.note2", "occ.default_b", "occ.directory")]


def governing(inp: OccupationInput) -> tuple[str, date]:
    assert inp.year is not None
    first = param("occupation.catalogue_year").first.start
    return "occupation.catalogue_year", max(date(inp.year, 12, 31), first)


RULE: Rule[OccupationInput, OccupationResult] = register(
    Rule(
        name="occupation-class",
        title="职业技能培训目录类别查询(渝人社办〔2024〕78号、121号)",
        summary="按名称或编码查询职业(工种)、专项职业能力、特色工种在培训目录中的类别(A、B、C、A+),"
        "工种按所属职业、未纳入目录按B类,并查询培训机构是否在补贴性职业培训机构目录中。",
        input_model=OccupationInput,
        result_model=OccupationResult,
        compute=compute,
        basis=basis,
        assess=assess,
        in_force=governing,
        examples=[{"occupation": "叉车司机"}, {"occupation": "6-18-01-01"}],
    )
)
