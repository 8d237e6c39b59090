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

from renshe.resources import MissingResourceError, load_yaml
from renshe.rules.citations import Citation
from renshe.rules.months import Month


class ParamError(LookupError):
    """A parameter is missing, or has no value on the requested date (a bug or a gap in the law)."""


# --- file schema (strict) -----------------------------------------------------------------
# Checked by hand rather than by pydantic models: building five pydantic models cost 40–100 ms
# at every start of `renshe calc` (issue 13), for files a test suite checks anyway. The checks
# are the same: unknown keys, missing keys, types, and `until` not before `from`.


class _SpecError(ValueError):
    pass


def _fields(
    raw: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _SpecError(f"{where}: 应为键值对")
    unknown = sorted(set(raw) - set(required) - set(optional))
    if unknown:
        raise _SpecError(f"{where}: 未知的键 {'、'.join(map(str, unknown))}")
    missing = [k for k in required if k not in raw]
    if missing:
        raise _SpecError(f"{where}: 缺少 {'、'.join(missing)}")
    return raw


def _text(raw: Any, where: str, optional: bool = False, min_length: int = 1) -> Any:
    if raw is None and optional:
        return None
    if not isinstance(raw, str) or len(raw) < min_length:
        raise _SpecError(f"{where}: 应为至少 {min_length} 个字的文本")
    return raw


def _day(raw: Any, where: str, optional: bool = False) -> Any:
    if raw is None and optional:
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise _SpecError(f"{where}: 应为 YYYY-MM-DD 日期") from None


def _mapping(raw: Any, where: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _SpecError(f"{where}: 应为键值对")
    return raw


@dataclass(frozen=True)
class _DocSpec:
    number: str | None
    title: str

    @classmethod
    def read(cls, raw: Any, where: str) -> _DocSpec:
        f = _fields(raw, where, ("number", "title"))
        return cls(_text(f["number"], f"{where}.number", optional=True), _text(f["title"], f"{where}.title"))


@dataclass(frozen=True)
class _CiteSpec:
    provision: str
    quote: str
    doc: str | None = None  # defaults to the longest documents key prefixing `provision`
    label: str | None = None

    @classmethod
    def read(cls, raw: Any, where: str) -> _CiteSpec:
        f = _fields(raw, where, ("provision", "quote"), ("doc", "label"))
        return cls(
            _text(f["provision"], f"{where}.provision"),
            _text(f["quote"], f"{where}.quote", min_length=2),
            _text(f.get("doc"), f"{where}.doc", optional=True),
            _text(f.get("label"), f"{where}.label", optional=True),
        )


@dataclass(frozen=True)
class _ValueSpec:
    start: date
    until: date | None
    value: Any
    cite: tuple[str | _CiteSpec, ...]
    note: str | None = None

    @classmethod
    def read(cls, raw: Any, where: str) -> _ValueSpec:
        f = _fields(raw, where, ("from", "value", "cite"), ("until", "note"))
        start = _day(f["from"], f"{where}.from")
        until = _day(f.get("until"), f"{where}.until", optional=True)
        if until is not None and until < start:
            raise _SpecError(f"{where}: until {until} precedes from {start}")
        cites = f["cite"]
        if not isinstance(cites, list) or not cites:
            raise _SpecError(f"{where}.cite: 至少要有一处引用")
        return cls(
            start,
            until,
            f["value"],
            tuple(c if isinstance(c, str) else _CiteSpec.read(c, f"{where}.cite") for c in cites),
            _text(f.get("note"), f"{where}.note", optional=True),
        )


@dataclass(frozen=True)
class _ParamSpec:
    title: str
    unit: str
    description: str | None
    values: tuple[_ValueSpec, ...]

    @classmethod
    def read(cls, raw: Any, where: str) -> _ParamSpec:
        f = _fields(raw, where, ("title", "unit", "values"), ("description",))
        values = f["values"]
        if not isinstance(values, list) or not values:
            raise _SpecError(f"{where}.values: 至少要有一个取值")
        return cls(
            _text(f["title"], f"{where}.title"),
            _text(f["unit"], f"{where}.unit"),
            _text(f.get("description"), f"{where}.description", optional=True),
            tuple(_ValueSpec.read(v, f"{where}.values[{i}]") for i, v in enumerate(values)),
        )


@dataclass(frozen=True)
class _FileSpec:
    documents: dict[str, _DocSpec]
    citations: dict[str, _CiteSpec]
    parameters: dict[str, _ParamSpec]

    @classmethod
    def read(cls, raw: Any) -> _FileSpec:
        f = _fields(raw, "文件", (), ("documents", "citations", "parameters"))
        return cls(
            {
                k: _DocSpec.read(v, f"documents.{k}")
                for k, v in _mapping(f.get("documents"), "documents").items()
            },
            {
                k: _CiteSpec.read(v, f"citations.{k}")
                for k, v in _mapping(f.get("citations"), "citations").items()
            },
            {
                k: _ParamSpec.read(v, f"parameters.{k}")
                for k, v in _mapping(f.get("parameters"), "parameters").items()
            },
        )


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


class ParamSet:
    """Everything in the rules' `params.yaml` files: documents, named citations, parameters.

    Why it can load file by file: `renshe calc retirement` should read the retirement rule's
    figures, not every rule's (issue 13: a command reads what it uses). A set built with
    `pending` files loads one of them only when a name it is asked for is not loaded yet (the
    rule's own folder first, through `ensure`); `documents`, `named` and `params` as attributes
    are the whole set, so audits and tests see everything. Loading all of them gives exactly the
    set `load_params` builds eagerly, with the same checks.
    """

    def __init__(
        self,
        documents: dict[str, _DocSpec],
        named: dict[str, Citation],
        params: dict[str, Param],
        pending: list[tuple[str, Path | Traversable]] | None = None,
    ) -> None:
        self._documents = documents
        self._named = named
        self._params = params
        self._pending = list(pending or [])

    # --- the whole set ---------------------------------------------------------------------
    @property
    def documents(self) -> dict[str, _DocSpec]:
        self.load_all()
        return self._documents

    @property
    def named(self) -> dict[str, Citation]:
        self.load_all()
        return self._named

    @property
    def params(self) -> dict[str, Param]:
        self.load_all()
        return self._params

    # --- lookups, loading on a miss ----------------------------------------------------------
    def param(self, name: str) -> Param:
        while name not in self._params and self._pending:
            self._load_next()
        try:
            return self._params[name]
        except KeyError:
            raise ParamError(f"未定义的参数:{name}") from None

    def cite(self, key: str) -> Citation:
        while key not in self._named and self._pending:
            self._load_next()
        try:
            return self._named[key]
        except KeyError:
            raise ParamError(f"未定义的引用:{key}") from None

    def has(self, key: str) -> bool:
        """Whether `key` names a parameter or a citation (loading files until it is found)."""
        while key not in self._params and key not in self._named and self._pending:
            self._load_next()
        return key in self._params or key in self._named

    def ensure(self, folder: str) -> None:
        """Load the file of one rule folder now, if it is still pending."""
        for i, (where, _path) in enumerate(self._pending):
            if where == f"{folder}/params.yaml":
                self._merge(*self._pending.pop(i))
                return

    def load_all(self) -> None:
        while self._pending:
            self._load_next()

    def _load_next(self) -> None:
        self._merge(*self._pending.pop(0))

    def _merge(self, where: str, path: Path | Traversable) -> None:
        spec = _read_file(where, path)
        while True:
            try:
                _merge_file(self._documents, self._named, self._params, where, spec)
                return
            except _MissingDocument:
                if not self._pending:
                    raise
                self._load_next()  # the document may be defined in a file not read yet

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
            raise _MissingDocument(f"{where}: 引用 {spec.provision} 的文件不在 documents 中")
        doc_id = max(prefixes, key=len)
    doc = documents.get(doc_id)
    if doc is None:
        raise _MissingDocument(f"{where}: 未知文件 {doc_id}")
    return Citation(
        doc_id=doc_id,
        doc_number=doc.number,
        doc_title=doc.title,
        provision_id=spec.provision,
        quote=spec.quote,
        label=spec.label or "",
    )


# The rules: name (what people type: `renshe calc NAME`) → its folder under rules/. The one list
# of rules; the registry imports a folder's module only when its rule is asked for. A new rule
# adds its line here and its import in `registry._import`.
RULES: dict[str, str] = {
    "retirement": "retirement",
    "pension-adjustment": "pension_adjustment",
    "contribution-base": "contribution_base",
    "minimum-wage": "minimum_wage",
    "unemployment-benefit": "unemployment",
    "disability-allowance": "disability_allowance",
    "severance": "severance",
    "unlawful-termination": "unlawful_termination",
    "double-wage": "double_wage",
    "overtime-pay": "overtime_pay",
    "probation": "probation",
    "employment-groups": "employment",
    "hardship-employer-si": "hardship_employer_si",
    "hardship-flexible-si": "hardship_flexible_si",
    "graduate-employer-si": "graduate_employer_si",
    "absorption-subsidy": "absorption_subsidy",
    "job-expansion-subsidy": "job_expansion",
    "graduate-flexible-si": "graduate_flexible_si",
    "flexible-lump-sum": "flexible_lump_sum",
    "shortage-post-subsidy": "shortage_post",
    "graduate-travel-subsidy": "graduate_travel",
    "public-post-subsidy": "public_post",
    "job-referral-subsidy": "job_referral",
    "traineeship-subsidy": "traineeship",
    "work-injury-benefits": "work_injury",
    "occupational-disease": "occupational_disease",
    "injury-cross-province": "injury_cross_province",
    "occupation-class": "occupation_class",
    "training-subsidy": "training_subsidy",
    "skill-evaluation-subsidy": "skill_evaluation",
    "training-programme": "training_programme",
    "skill-upgrade-subsidy": "skill_upgrade",
    "new-citizen-training": "new_citizen_training",
    "guarantee-loan": "guarantee_loan",
    "guarantee-loan-subsidy": "loan_subsidy",
    "startup-subsidy": "startup_subsidy",
    "yuchuang-award": "yuchuang_award",
    "startup-tax-relief": "startup_tax_relief",
}
RULE_FOLDERS: tuple[str, ...] = tuple(dict.fromkeys(RULES.values()))


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


def _param_paths(directory: Path | Traversable | None) -> list[tuple[str, Path | Traversable]]:
    if directory is None:
        return [
            (f"{folder}/params.yaml", f)
            for folder, f in zip(RULE_FOLDERS, shipped_param_files(), strict=True)
        ]
    if not directory.is_dir():
        raise MissingResourceError(f"找不到参数目录 {directory}")
    found = sorted((p for p in directory.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return [(p.name, p) for p in found]


def _read_file(where: str, path: Path | Traversable) -> _FileSpec:
    raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    try:
        return _FileSpec.read(raw)
    except _SpecError as err:
        raise ParamError(f"{where}: {err}") from None


class _MissingDocument(ParamError):
    """A citation names a document, or a value a named citation, that no loaded file defines (a
    lazy set loads more files and retries)."""


def _merge_file(
    documents: dict[str, _DocSpec],
    named: dict[str, Citation],
    loaded: dict[str, Param],
    where: str,
    f: _FileSpec,
) -> None:
    """Add one file to the set; ParamError on a clash with what is loaded or a dangling name.

    Nothing is added unless the whole file checks: a lazy set that meets a document defined in a
    file not loaded yet (`_MissingDocument`) loads that file and merges this one again."""
    docs = dict(documents)
    for k, d in f.documents.items():
        if k in docs and docs[k] != d:
            raise ParamError(f"{where}: 文件 {k} 的定义与其他参数文件不一致")
        docs[k] = d
    cites: dict[str, Citation] = {}
    for k, c in f.citations.items():
        if k in named:
            raise ParamError(f"{where}: 引用名 {k} 重复")
        cites[k] = _make_citation(c, docs, f"{where} citations.{k}")
    params_: dict[str, Param] = {}
    for name, p in f.parameters.items():
        if name in loaded:
            raise ParamError(f"{where}: 参数 {name} 重复")
        values: list[ParamValue] = []
        for v in sorted(p.values, key=lambda x: x.start):
            refs: list[Citation] = []
            for ref in v.cite:
                if isinstance(ref, str):
                    known = cites.get(ref) or named.get(ref)
                    if known is None:
                        raise _MissingDocument(f"{where}: 参数 {name} 引用了未定义的 {ref}")
                    refs.append(known)
                else:
                    refs.append(_make_citation(ref, docs, f"{where} {name}"))
            if values and (values[-1].until is None or values[-1].until >= v.start):
                raise ParamError(f"{where}: 参数 {name} 的取值时间重叠({v.start})")
            values.append(ParamValue(v.start, v.until, v.value, tuple(refs), v.note))
        params_[name] = Param(name, p.title, p.unit, p.description, tuple(values))
    documents.update(docs)
    named.update(cites)
    loaded.update(params_)


def load_params(directory: Path | Traversable | None = None, lazy: bool = False) -> ParamSet:
    """Read and check every `*.yaml` in `directory` (default: every shipped rule folder's
    `params.yaml`); ParamError on any schema or consistency fault. All files share one name space.
    With `lazy`, files are read when a name they hold is first asked for (ParamSet)."""
    ps = ParamSet({}, {}, {}, _param_paths(directory))
    if not lazy:
        ps.load_all()
    return ps


@cache
def shipped_params() -> ParamSet:
    """The shipped parameters, once per process, each file read when first needed."""
    return load_params(lazy=True)


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


_CITED: list[tuple[ParamSet, dict[tuple[str, ...], tuple[Citation, ...]]]] = []


def cites(*keys: str) -> tuple[Citation, ...]:
    """The citations named by `keys`, resolved once per parameter set: a formula that reports
    which provisions decided a condition names the same few constants for every row."""
    ps = _OVERRIDE.get() or shipped_params()
    if not _CITED or _CITED[0][0] is not ps:
        _CITED[:] = [(ps, {})]
    memo = _CITED[0][1]
    hit = memo.get(keys)
    if hit is None:
        hit = memo[keys] = tuple(ps.cite(k) for k in keys)
    return hit
