"""The registry of calculators and the one way to run them.

Every interface (CLI, HTTP API, web forms, batch files) calls `run(name, raw_inputs)` and gets
the calculator document of docs/cli.md back, so validation, error messages, the trace and the JSON
shape are the same everywhere. A rule is a plain function from a validated pydantic input model
to a pydantic result model that writes its explanation into a `Trace`; the registry adds the
Chinese error messages, the normalised inputs, the deduplicated citations and the warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from renshe.errors import InputError
from renshe.rules.citations import Citation, Trace
from renshe.rules.contract import Assessment
from renshe.rules.contract import in_force as contract_in_force
from renshe.rules.params import RULE_FOLDERS, RULES

I = TypeVar("I", bound=BaseModel)  # noqa: E741 - conventional name for the input model
R = TypeVar("R", bound=BaseModel)


def _import(folder: str) -> ModuleType:
    """The module of one rule folder. Explicit imports (mypy and import-linter see every edge; no
    module names in strings), one per folder, so a command imports only the rule it runs."""
    match folder:
        case "retirement":
            from renshe.rules import retirement

            return retirement
        case "pension_adjustment":
            from renshe.rules import pension_adjustment

            return pension_adjustment
        case "contribution_base":
            from renshe.rules import contribution_base

            return contribution_base
        case "minimum_wage":
            from renshe.rules import minimum_wage

            return minimum_wage
        case "unemployment":
            from renshe.rules import unemployment

            return unemployment
        case "disability_allowance":
            from renshe.rules import disability_allowance

            return disability_allowance
        case "severance":
            from renshe.rules import severance

            return severance
        case "unlawful_termination":
            from renshe.rules import unlawful_termination

            return unlawful_termination
        case "double_wage":
            from renshe.rules import double_wage

            return double_wage
        case "overtime_pay":
            from renshe.rules import overtime_pay

            return overtime_pay
        case "probation":
            from renshe.rules import probation

            return probation
        case "employment":
            from renshe.rules import employment

            return employment
        case "hardship_employer_si":
            from renshe.rules import hardship_employer_si

            return hardship_employer_si
        case "hardship_flexible_si":
            from renshe.rules import hardship_flexible_si

            return hardship_flexible_si
        case "graduate_employer_si":
            from renshe.rules import graduate_employer_si

            return graduate_employer_si
        case "absorption_subsidy":
            from renshe.rules import absorption_subsidy

            return absorption_subsidy
        case "job_expansion":
            from renshe.rules import job_expansion

            return job_expansion
        case "graduate_flexible_si":
            from renshe.rules import graduate_flexible_si

            return graduate_flexible_si
        case "flexible_lump_sum":
            from renshe.rules import flexible_lump_sum

            return flexible_lump_sum
        case "shortage_post":
            from renshe.rules import shortage_post

            return shortage_post
        case "graduate_travel":
            from renshe.rules import graduate_travel

            return graduate_travel
        case "public_post":
            from renshe.rules import public_post

            return public_post
        case "job_referral":
            from renshe.rules import job_referral

            return job_referral
        case "traineeship":
            from renshe.rules import traineeship

            return traineeship
        case "work_injury":
            from renshe.rules import work_injury

            return work_injury
        case "occupational_disease":
            from renshe.rules import occupational_disease

            return occupational_disease
        case "injury_cross_province":
            from renshe.rules import injury_cross_province

            return injury_cross_province
        case "occupation_class":
            from renshe.rules import occupation_class

            return occupation_class
        case "training_subsidy":
            from renshe.rules import training_subsidy

            return training_subsidy
        case "skill_evaluation":
            from renshe.rules import skill_evaluation

            return skill_evaluation
        case "training_programme":
            from renshe.rules import training_programme

            return training_programme
        case "skill_upgrade":
            from renshe.rules import skill_upgrade

            return skill_upgrade
        case "new_citizen_training":
            from renshe.rules import new_citizen_training

            return new_citizen_training
        case "guarantee_loan":
            from renshe.rules import guarantee_loan

            return guarantee_loan
        case "loan_subsidy":
            from renshe.rules import loan_subsidy

            return loan_subsidy
        case "startup_subsidy":
            from renshe.rules import startup_subsidy

            return startup_subsidy
        case "yuchuang_award":
            from renshe.rules import yuchuang_award

            return yuchuang_award
        case "startup_tax_relief":
            from renshe.rules import startup_tax_relief

            return startup_tax_relief
    raise KeyError(folder)


def rule_modules() -> list[ModuleType]:
    """Every rule's module, in the order of `params.RULES` (importing one registers its rule)."""
    return [_load_folder(folder) for folder in RULE_FOLDERS]


@dataclass(frozen=True)
class Rule(Generic[I, R]):
    """A calculator: names, models, legal basis and the compute function.

    `compute(inputs, trace)` must be pure (no clock, no I/O) so that batch runs and tests are
    reproducible; anything it cannot decide from the law it reports with `trace.warn`.
    `normalize(inputs)` gives the contract's `inputs` object (default: the model's JSON dump).
    """

    name: str
    title: str
    summary: str
    input_model: type[I]
    result_model: type[R]
    compute: Callable[[I, Trace], R]
    basis: Callable[[], list[Citation]]
    normalize: Callable[[I], dict[str, Any]] | None = None
    # The result contract (renshe.rules.contract): eligibility, conditions, missing facts, amount.
    assess: Callable[[I, R, date], Assessment] | None = None
    # (parameter, fact date of the inputs) whose governing value decides `in_force`/`ended_on`.
    in_force: Callable[[I], tuple[str, date]] | None = None
    # Optional: the arithmetic alone (no trace), for `calculate`: `formula(inputs, on)`, the same
    # provision functions `compute` calls; must agree with `compute`
    # (tests/rules/test_formula.py checks it on every case).
    formula: Callable[[I, date], R] | None = None
    # Optional (issue 16): the same provision functions over columns, for batch registers where
    # nearly every row is distinct: `columns(frame, on)` takes a polars frame of input cells
    # (text, codes) and returns, per row, `accepted` (False: the row goes through `validate` and
    # `compute` one by one), the result fields as typed columns and `warnings` (joined by ";").
    # Must agree cell for cell with single calls (tests/batch/test_every_rule.py checks it).
    columns: Callable[[Any, date], Any] | None = None
    # Plain-Chinese answer lines for people, from the calculator document (CLI, web headline).
    summarize: Callable[[dict[str, Any]], list[str]] | None = None
    examples: list[dict[str, Any]] = field(default_factory=list)

    def validate(self, raw: dict[str, Any], on: date | None = None) -> I:
        """Raw inputs (strings from the CLI, JSON values from the API) → the input model.

        `on` (the date asked, default today) reaches validators as the validation context, so
        "not in the future" and "default: the day asked" never read the clock themselves."""
        if not isinstance(raw, dict):
            raise InputError("输入必须是一个 JSON 对象(键值对)", None)
        # A blank value (`key=`, an empty cell or form field) is "not given", the same in every
        # interface: a required field left blank is reported missing, as in batch.
        given = {k: v for k, v in raw.items() if not (isinstance(v, str) and not v.strip())}
        try:
            return self.input_model.model_validate(given, context={"on": on or date.today()})
        except ValidationError as err:
            raise input_error(err, self.input_model, self.name) from None

    def calculate(self, inputs: I, on: date | None = None) -> R:
        """Only the arithmetic: the result model, no explanation, no contract (the batch path)."""
        asked = on or date.today()
        if self.formula is not None:
            return self.formula(inputs, asked)
        return self.compute(inputs, Trace(on=asked, explain=False))

    def execute(self, inputs: I, on: date | None = None, explain: bool = True) -> dict[str, Any]:
        """Run on validated inputs; the calculator document of docs/cli.md plus the result contract.

        `on` is the date asked (default today: interfaces supply it; the rule never reads the
        clock). With `explain=False` no step is kept: `steps` and `citations` are empty."""
        asked = on or date.today()
        trace = Trace(on=asked, explain=explain)
        result = self.compute(inputs, trace)
        norm = self.normalize(inputs) if self.normalize else inputs.model_dump(mode="json")
        res = result.model_dump(mode="json")
        if self.assess is not None:
            force: tuple[bool, date | None] = (True, None)
            if self.in_force is not None:
                name, fact = self.in_force(inputs)
                force = contract_in_force(name, fact, asked)
            for k, v in self.assess(inputs, result, asked).to_json(asked, force).items():
                res.setdefault(k, v)
        return {
            "rule": self.name,
            "inputs": norm,
            "result": res,
            "steps": [s.to_json() for s in trace.steps],
            "citations": [c.to_json() for c in trace.citations()],
            "warnings": list(trace.warnings),
        }

    def run(self, raw: dict[str, Any], on: date | None = None, explain: bool = True) -> dict[str, Any]:
        return self.execute(self.validate(raw, on), on, explain)

    def describe(self) -> dict[str, Any]:
        """What `renshe rules --json` shows for this rule."""
        return {
            "name": self.name,
            "title": self.title,
            "summary": self.summary,
            "input_schema": self.input_model.model_json_schema(),
            "result_schema": self.result_model.model_json_schema(mode="serialization"),
            "basis": [c.to_json() for c in self.basis()],
            "examples": self.examples,
            "declaration": _describe_declaration(self.name, self.input_model),
        }


def _describe_declaration(name: str, model: type[BaseModel]) -> dict[str, Any]:
    from renshe.rules.declarations import describe

    return describe(name, model)


def private(model: BaseModel, name: str) -> Any:
    """A value an input model's validator derived (a `PrivateAttr`), read from pydantic's dict:
    `model._x` goes through BaseModel.__getattr__ (a few µs each), and formulas read these per
    row of a register."""
    return (model.__pydantic_private__ or {})[name]


def built(cls: type[R], **values: Any) -> R:
    """A result model from values the formula computed (already of the right types), without
    validation: `model_construct` costs ~40 µs of a 50 µs batch call; this costs ~1 µs. Only for
    results a rule builds itself, never for input."""
    m = _new(cls)
    _set(m, "__dict__", values)
    _set(m, "__pydantic_fields_set__", set(values))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


_new = object.__new__
_set = object.__setattr__


_RULES: dict[str, Rule[Any, Any]] = {}
_LOADED: dict[str, ModuleType] = {}


CONTRACT_KEYS = frozenset(
    {"on", "in_force", "ended_on", "eligible", "conditions", "missing", "amount", "apply_by"}
)


def register(rule: Rule[I, R]) -> Rule[I, R]:
    """Add a rule (called at import time by the rule's module); names are unique."""
    if rule.name in _RULES and _RULES[rule.name] is not rule:
        raise ValueError(f"rule {rule.name!r} registered twice")
    if rule.assess is not None:
        # A result field named like a contract key would stand in the contract's place (the
        # contract is added beside the fields, never over them): only `eligible` and `apply_by`
        # may be both, meaning the same (tests/rules/test_contract_fields.py checks they agree).
        clash = sorted(set(rule.result_model.model_fields) & (CONTRACT_KEYS - {"eligible", "apply_by"}))
        if clash:
            raise ValueError(f"rule {rule.name!r}: result fields {clash} are result-contract keys")
    _RULES[rule.name] = rule
    return rule


def _load_folder(folder: str) -> ModuleType:
    """Import one rule folder's module, with its parameter file, and check every citation and
    parameter key it names (audit.check_keys): an unknown key fails here, at load, not when a
    case happens to reach it."""
    module = _LOADED.get(folder)
    if module is None:
        from renshe.rules.audit import check_keys
        from renshe.rules.params import params

        ps = params()
        ps.ensure(folder)
        module = _import(folder)
        check_keys([module], ps)
        _LOADED[folder] = module
    return module


def rule_names() -> list[str]:
    """The names of every rule, without loading any."""
    return list(RULES)


def all_rules() -> list[Rule[Any, Any]]:
    rule_modules()
    return [_RULES[name] for name in RULES if name in _RULES] + [
        r for name, r in _RULES.items() if name not in RULES
    ]


def get_rule(name: str) -> Rule[Any, Any]:
    key = name.strip()
    rule = _RULES.get(key)
    if rule is not None:
        return rule
    folder = RULES.get(key)
    if folder is not None:
        _load_folder(folder)
        rule = _RULES.get(key)
    if rule is None:
        known = "、".join(RULES) or "(无)"
        raise InputError(f"没有名为“{name}”的计算器;可用的有:{known}", "rule", code="unknown_rule")
    return rule


def run(
    name: str, raw_inputs: dict[str, Any], on: date | None = None, explain: bool = True
) -> dict[str, Any]:
    """Validate `raw_inputs` for rule `name` and run it on the date asked (`on`, default today);
    InputError (Chinese) on bad input."""
    return get_rule(name).run(raw_inputs, on, explain)


def run_many(name: str, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Run one rule over many inputs in order; a bad row yields its error object, not an exception.

    This is the contract of JSON Lines input and the base of batch runs: one output per input,
    in order, `{"error": {...}}` where the input was invalid.
    """
    rule = get_rule(name)
    for raw in rows:
        try:
            yield rule.run(raw)
        except InputError as err:
            yield err.to_dict()


# --- pydantic errors → one Chinese message ------------------------------------------------

_TYPE_MESSAGES: dict[str, str] = {
    "missing": "缺少必填项",
    "extra_forbidden": "不是这个计算器的输入项",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "int_from_float": "必须是整数",
    "float_parsing": "必须是数字",
    "decimal_parsing": "必须是数字",
    "bool_parsing": "必须是 true 或 false",
    "string_type": "必须是文本",
    "date_from_datetime_parsing": "必须是 YYYY-MM-DD 格式的日期",
    "date_parsing": "必须是 YYYY-MM-DD 格式的日期",
}


def _field_label(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    title = info.title if info is not None else None
    return f"{name}({title})" if title else name


def _choices(model: type[BaseModel], rule_name: str | None, field_name: str | None) -> str:
    """The values an enum field allows (its Literal type), each with its Chinese words from
    rule.yaml."""
    from renshe.rules.declarations import declarations, enum_values

    codes = enum_values(model).get(field_name or "", [])
    d = declarations().get(rule_name or "")
    words = d.values.get(field_name or "", {}) if d else {}
    return "、".join(f"{c}({words[c]})" if c in words else str(c) for c in codes)


def input_error(err: ValidationError, model: type[BaseModel], rule_name: str | None = None) -> InputError:
    """The first pydantic error as a Chinese InputError naming the field."""
    e = err.errors(include_url=False)[0]
    loc = [str(x) for x in e.get("loc", ()) if x != "__root__"]
    field_name = loc[0] if loc else None
    ctx = e.get("ctx") or {}
    kind = e["type"]
    inner = ctx.get("error")
    if isinstance(inner, InputError):  # raised by a validator that knows its field
        return inner
    if kind in ("value_error", "assertion_error"):
        msg = str(inner) if inner is not None else e["msg"]
    elif kind == "literal_error":
        msg = f"必须是以下之一:{_choices(model, rule_name, field_name) or ctx.get('expected', '')}"
    elif kind in ("greater_than_equal", "greater_than"):
        op = "不能小于" if kind == "greater_than_equal" else "必须大于"
        msg = f"{op} {ctx.get('ge', ctx.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        op = "不能大于" if kind == "less_than_equal" else "必须小于"
        msg = f"{op} {ctx.get('le', ctx.get('lt'))}"
    elif kind in _TYPE_MESSAGES:
        msg = _TYPE_MESSAGES[kind]
    else:
        msg = f"无效({e['msg']})"
    if field_name is None:
        return InputError(msg, None)
    label = _field_label(model, field_name)
    if kind == "missing":
        return InputError(f"缺少必填项 {label}", field_name)
    if kind == "extra_forbidden":
        known = "、".join(model.model_fields)
        return InputError(f"未知的输入项 {field_name};可用的输入项有:{known}", field_name)
    sep = ":" if kind.startswith("value") else " "
    return InputError(f"输入项 {label}{sep}{msg}", field_name)
