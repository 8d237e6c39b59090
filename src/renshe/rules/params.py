"""Parameters as data: dated, cited values read from each rule folder's `params.yaml`.

Why data and not code: the figures of the law (ages, steps, caps, minimum years, deadlines,
amounts) change by notice, and each must carry the provision that sets it, so a reader can
check it and the test suite can resolve it against the knowledge base. The schema is strict
(unknown keys are errors) because a silently ignored key is the classic failure of parameter
files (PolicyEngine's mis-placed `uprating`).

File layout (one file per policy area; names are global across files):

    documents:            # doc_id -> 文号 (null if none) and title, as the knowledge base has them
      延迟退休决定: {number: null, title: 全国人民代表大会常务委员会关于…的决定}
    citations:            # named citations that rule steps use
      办法第三条.弹性提前: {provision: 延迟退休决定/…/第三条, quote: 提前时间最长不超过三年}
    parameters:
      retirement.flexible_early_max_months:
        title: 弹性提前退休最长提前时间
        unit: months      # months | years | yuan | rate | date | count | table
        values:
          - from: 2025-01-01          # inclusive
            until: null               # inclusive last day; omitted = still in force
            value: 36
            cite: [办法第三条.弹性提前]  # names, or inline {provision, quote}

`until` is the inclusive last day (not the first day of the next value), stated explicitly to
avoid OpenFisca's off-by-one; values of one parameter must not overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from renshe.resources import MissingResourceError, load_yaml
from renshe.rules.citations import Citation
from renshe.rules.months import Month


class ParamError(LookupError):
    """A parameter is missing, or has no value on the requested date (a bug or a gap in the law)."""


# --- file schema (strict) -----------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _DocSpec(_Strict):
    number: str | None
    title: str


class _CiteSpec(_Strict):
    provision: str
    quote: str = Field(min_length=2)
    doc: str | None = None  # defaults to the longest documents key prefixing `provision`
    label: str | None = None


class _ValueSpec(_Strict):
    start: date = Field(alias="from")
    until: date | None = None
    value: Any
    cite: list[str | _CiteSpec] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> _ValueSpec:
        if self.until is not None and self.until < self.start:
            raise ValueError(f"until {self.until} precedes from {self.start}")
        return self


class _ParamSpec(_Strict):
    title: str
    unit: str
    description: str | None = None
    values: list[_ValueSpec] = Field(min_length=1)


class _FileSpec(_Strict):
    documents: dict[str, _DocSpec] = Field(default_factory=dict)
    citations: dict[str, _CiteSpec] = Field(default_factory=dict)
    parameters: dict[str, _ParamSpec] = Field(default_factory=dict)


# --- loaded objects -----------------------------------------------------------------------


@dataclass(frozen=True)
class ParamValue:
    """One dated value of a parameter with the provisions that set it."""

    start: date
    until: date | None
    value: Any
    citations: tuple[Citation, ...]
    note: str | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Param:
    """A named parameter: its dated values in order."""

    name: str
    title: str
    unit: str
    description: str | None
    values: tuple[ParamValue, ...]

    def __post_init__(self) -> None:
        # dates already looked up → their value: a batch asks the same few months again and again
        object.__setattr__(self, "_memo", {})

    def at(self, when: date | Month) -> ParamValue:
        """The value in force on `when` (a Month means its first day); ParamError if none."""
        memo: dict[date | Month, ParamValue] = self._memo  # type: ignore[attr-defined]
        hit = memo.get(when)
        if hit is not None:
            return hit
        day = when.first_day() if isinstance(when, Month) else when
        for v in self.values:
            if v.covers(day):
                if len(memo) > 4096:
                    memo.clear()
                memo[when] = v
                return v
        raise ParamError(f"参数 {self.name}({self.title})在 {day.isoformat()} 没有生效的取值")

    def value_at(self, when: date | Month) -> Any:
        return self.at(when).value

    @property
    def first(self) -> ParamValue:
        return self.values[0]


@dataclass(frozen=True)
class ParamSet:
    """Everything in the rules' `params.yaml` files: documents, named citations, parameters."""

    documents: dict[str, _DocSpec]
    named: dict[str, Citation]
    params: dict[str, Param]

    def param(self, name: str) -> Param:
        try:
            return self.params[name]
        except KeyError:
            raise ParamError(f"未定义的参数:{name}") from None

    def cite(self, key: str) -> Citation:
        try:
            return self.named[key]
        except KeyError:
            raise ParamError(f"未定义的引用:{key}") from None

    def all_citations(self) -> list[tuple[str, Citation]]:
        """(where, citation) for every named citation and every parameter value's citation."""
        out: list[tuple[str, Citation]] = [(f"citations.{k}", c) for k, c in self.named.items()]
        for p in self.params.values():
            for v in p.values:
                out.extend((f"parameters.{p.name}@{v.start.isoformat()}", c) for c in v.citations)
        return out


def _make_citation(spec: _CiteSpec, documents: dict[str, _DocSpec], where: str) -> Citation:
    doc_id = spec.doc
    if doc_id is None:
        prefixes = [d for d in documents if spec.provision.startswith(d + "/")]
        if not prefixes:
            raise ParamError(f"{where}: 引用 {spec.provision} 的文件不在 documents 中")
        doc_id = max(prefixes, key=len)
    doc = documents.get(doc_id)
    if doc is None:
        raise ParamError(f"{where}: 未知文件 {doc_id}")
    return Citation(
        doc_id=doc_id,
        doc_number=doc.number,
        doc_title=doc.title,
        provision_id=spec.provision,
        quote=spec.quote,
        label=spec.label or "",
    )


RULE_FOLDERS: tuple[str, ...] = (
    "retirement",
    "pension_adjustment",
    "contribution_base",
    "minimum_wage",
    "unemployment",
    "disability_allowance",
    "severance",
    "unlawful_termination",
    "double_wage",
    "overtime_pay",
    "probation",
)


def shipped_param_files() -> list[Traversable]:
    """Each rule folder's `params.yaml` (`renshe/rules/<rule>/params.yaml`), in a fixed order."""
    base = files("renshe").joinpath("rules")
    out: list[Traversable] = []
    for folder in RULE_FOLDERS:
        f = base.joinpath(folder, "params.yaml")
        if not f.is_file():
            raise MissingResourceError(f"安装不完整:找不到参数文件 rules/{folder}/params.yaml")
        out.append(f)
    return out


def load_params(directory: Path | Traversable | None = None) -> ParamSet:
    """Read and check every `*.yaml` in `directory` (default: every shipped rule folder's
    `params.yaml`); ParamError on any schema or consistency fault. All files share one name space."""
    if directory is None:
        paths: list[tuple[str, Path | Traversable]] = [
            (f"{folder}/params.yaml", f)
            for folder, f in zip(RULE_FOLDERS, shipped_param_files(), strict=True)
        ]
    else:
        if not directory.is_dir():
            raise MissingResourceError(f"找不到参数目录 {directory}")
        found = sorted((p for p in directory.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
        paths = [(p.name, p) for p in found]
    files_: list[tuple[str, _FileSpec]] = []
    for where, path in paths:
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
        try:
            files_.append((where, _FileSpec.model_validate(raw)))
        except ValidationError as err:
            raise ParamError(f"{where}: {err}") from None
    documents: dict[str, _DocSpec] = {}
    for where, f in files_:
        for k, d in f.documents.items():
            if k in documents and documents[k] != d:
                raise ParamError(f"{where}: 文件 {k} 的定义与其他参数文件不一致")
            documents[k] = d
    named: dict[str, Citation] = {}
    for where, f in files_:
        for k, c in f.citations.items():
            if k in named:
                raise ParamError(f"{where}: 引用名 {k} 重复")
            named[k] = _make_citation(c, documents, f"{where} citations.{k}")
    loaded: dict[str, Param] = {}
    for where, f in files_:
        for name, p in f.parameters.items():
            if name in loaded:
                raise ParamError(f"{where}: 参数 {name} 重复")
            values: list[ParamValue] = []
            for v in sorted(p.values, key=lambda x: x.start):
                cites: list[Citation] = []
                for ref in v.cite:
                    if isinstance(ref, str):
                        if ref not in named:
                            raise ParamError(f"{where}: 参数 {name} 引用了未定义的 {ref}")
                        cites.append(named[ref])
                    else:
                        cites.append(_make_citation(ref, documents, f"{where} {name}"))
                if values and (values[-1].until is None or values[-1].until >= v.start):
                    raise ParamError(f"{where}: 参数 {name} 的取值时间重叠({v.start})")
                values.append(ParamValue(v.start, v.until, v.value, tuple(cites), v.note))
            loaded[name] = Param(name, p.title, p.unit, p.description, tuple(values))
    return ParamSet(documents, named, loaded)


@cache
def shipped_params() -> ParamSet:
    """The shipped parameters, loaded once per process."""
    return load_params()


_OVERRIDE: ContextVar[ParamSet | None] = ContextVar("renshe_params_override", default=None)


def params() -> ParamSet:
    """The parameters rules read: the shipped set, or the one `using_params` put in place."""
    return _OVERRIDE.get() or shipped_params()


@contextmanager
def using_params(ps: ParamSet) -> Iterator[ParamSet]:
    """Run rules against another parameter set (next year's figures, a test's second dated value).

    Why a context and not a rule argument: the law a rule reads is the same for every call in a
    run, and threading a parameter set through every small provision function would hide the
    provisions behind plumbing. The override is per context (thread/async task), never global.
    """
    token = _OVERRIDE.set(ps)
    try:
        yield ps
    finally:
        _OVERRIDE.reset(token)


_DERIVED: dict[tuple[int, str], tuple[object, object]] = {}


def derived(value: ParamValue, key: str, build: Callable[[Any], Any]) -> Any:
    """`build(value.value)` computed once per dated value (e.g. the district set of a list).

    Keyed by the value object itself, so another parameter set or another dated value gets its
    own result and a cache can never serve last year's figures.
    """
    slot = (id(value), key)
    hit = _DERIVED.get(slot)
    if hit is None or hit[0] is not value:
        hit = (value, build(value.value))
        _DERIVED[slot] = hit
    return hit[1]


def param(name: str) -> Param:
    return params().param(name)


_VALUES: list[tuple[ParamSet, dict[tuple[str, date | Month], Any]]] = []


def value(name: str, when: date | Month) -> Any:
    """`param(name).value_at(when)` remembered per parameter set, name and date: the figure a
    formula reads for every row of a register, looked up once (ParamError as `Param.at`)."""
    ps = _OVERRIDE.get() or shipped_params()
    if not _VALUES or _VALUES[0][0] is not ps:
        _VALUES[:] = [(ps, {})]
    memo = _VALUES[0][1]
    key = (name, when)
    try:
        return memo[key]
    except KeyError:
        if len(memo) > 65536:
            memo.clear()
        v = memo[key] = ps.param(name).at(when).value
        return v


def cite(key: str) -> Citation:
    return params().cite(key)
