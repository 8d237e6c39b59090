"""The per-chunk function: one frame of input cells in, one frame of result cells out.

Why this shape: the rule is the one implementation of the law, and a rule is a pure function of
its inputs (`Rule.compute` may not read the clock or do I/O). So a chunk is evaluated by calling
the rule once per *distinct* input tuple (polars `unique` on the input columns, the rule's own
`validate` + `execute(explain=False)`, a join back onto the rows): a register of a million people
has far fewer distinct (birth month, category) pairs than rows, and every row gets exactly the
cells a single call gives. High-cardinality inputs are spread over worker processes. The same
function runs locally (runner) and on Spark (renshe.batch.spark).

Before evaluation the office's spellings are read into the codes the rule takes (`prepare`):
Chinese enum labels and `vocabulary.yaml` spellings, 是/否, 2015年6月, 3,000元; a spelling that
does not decide a value (a bare 女 for 原50 vs 原55) is that row's error, naming the fact.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from renshe.batch.schema import Columns, RuleSchema, rule_schema, vocabulary
from renshe.errors import as_input_error
from renshe.rules import idcard
from renshe.rules.citations import Trace
from renshe.rules.registry import Rule, get_rule

PRE_ERROR = "__pre_error"
PRE_FIELD = "__pre_field"
KEY = "__key"
POS = "__pos"
SLOT = "__slot"
ROW = "__row"
OUT_WARNINGS = "__warnings"
OUT_STEPS = "__steps"
OUT_ERROR = "__error"
OUT_FIELD = "__error_field"
RESULT = "__result."
HASH_SEED = 16
PARALLEL_MIN = 3000  # distinct tuples below this are evaluated in process (a pool costs ~0.1 s)
MEMO = 50_000  # results kept from earlier chunks (≈ 1–2 kB each), then forgotten
TASK = 256  # distinct inputs per worker task: small, so a stop signal or deadline is honoured quickly

_TRUE = ("true", "1", "是", "有", "√", "✓", "Y", "y", "yes", "对", "T")
_FALSE = ("false", "0", "否", "无", "×", "✗", "N", "n", "no", "错", "F")
# GB 11643 check-digit weights and characters: renshe.rules.idcard's, as columns here
_ID_WEIGHTS = idcard._WEIGHTS
_ID_CHECK = idcard._CHECK


@dataclass(frozen=True)
class Plan:
    """What a chunk needs besides its rows (picklable: it travels to workers and Spark executors)."""

    rule: str
    on: date
    explain: bool = False
    columns: Columns = "zh"


# --- the office's spellings → the rule's codes ---------------------------------------------


def _date_text(col: pl.Expr) -> pl.Expr:
    """2015年6月 / 2015年6月1日 / 2015/6/1 / 2015.06 → 2015-06 / 2015-06-01; other text as is."""
    m = col.str.extract_groups(r"^(\d{4})\s*[年/.]\s*(\d{1,2})\s*(?:月)?\s*(?:[/.]?\s*(\d{1,2})\s*日?)?$")
    y, mo, d = m.struct.field("1"), m.struct.field("2"), m.struct.field("3")
    ym = pl.concat_str(y, pl.lit("-"), mo.str.zfill(2))
    iso = pl.when(d.is_null()).then(ym).otherwise(pl.concat_str(ym, pl.lit("-"), d.str.zfill(2)))
    return pl.when(y.is_not_null()).then(iso).otherwise(col)


_THOUSANDS = r"^[+-]?\d{1,3}([,,]\d{3})+(\.\d+)?$"


def _number_text(col: pl.Expr) -> pl.Expr:
    """3,000 / 3,000.50元 / 3000 元 → 3000 / 3000.50 (only thousands separators in their places)."""
    bare = col.str.replace(r"\s*元(整)?$", "")
    return pl.when(bare.str.contains(_THOUSANDS)).then(bare.str.replace_all(r"[,,]", "")).otherwise(bare)


def _spelling_key(col: pl.Expr) -> pl.Expr:
    """Spellings compared without spaces and with full-width brackets as half-width."""
    return (
        col.str.replace_all(r"[\s\u3000]", "")
        .str.replace_all("(", "(", literal=True)
        .str.replace_all(")", ")", literal=True)
    )


def _fold(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text).replace("(", "(").replace(")", ")")


def _id_check(first17: pl.Expr) -> pl.Expr:
    """The GB 11643 check character of 17 digits, as a column (ISO 7064 MOD 11-2)."""
    total = pl.sum_horizontal(
        first17.str.slice(i, 1).cast(pl.Int64, strict=False) * w for i, w in enumerate(_ID_WEIGHTS)
    )
    return pl.lit(_ID_CHECK).str.slice(total % 11, 1)


def _valid_id(col: pl.Expr) -> pl.Expr:
    n = col.str.replace_all(r"\s", "").str.to_uppercase()
    return (
        n.str.contains(r"^\d{17}[\dX]$") & (_id_check(n.str.slice(0, 17)) == n.str.slice(17, 1))
    ).fill_null(False)


def prepare(schema: RuleSchema, frame: pl.DataFrame) -> pl.DataFrame:
    """Input cells (text, columns named by input field) → the codes the rule takes, plus
    PRE_ERROR / PRE_FIELD for rows whose spelling cannot decide a value (the first such column)."""
    values: list[pl.Series] = []
    errors: list[tuple[str, pl.Series]] = []
    for name in frame.columns:
        spec = schema.inputs.get(name)
        if spec is None:
            continue
        if spec.kind in ("money", "int", "decimal") and _plain_numbers(frame.get_column(name)):
            continue  # the common case of a register of amounts: the cells are the numbers
        value, error = _reading(spec, name)
        read = _per_value(frame.select(name), name, value, error)
        values.append(read.get_column("v").alias(name))
        if error is not None:
            errors.append((name, read.get_column("e")))
    out = frame.with_columns(values) if values else frame
    pre_error: pl.Expr = pl.lit(None, dtype=pl.String)
    pre_field: pl.Expr = pl.lit(None, dtype=pl.String)
    for name, err in reversed(errors):  # the first column with an error names it
        pre_error = pl.when(pl.lit(err).is_not_null()).then(pl.lit(err)).otherwise(pre_error)
        pre_field = pl.when(pl.lit(err).is_not_null()).then(pl.lit(name)).otherwise(pre_field)
    out, pre_error, pre_field = _from_id_sex(schema, out, pre_error, pre_field)
    return out.with_columns(pre_error.alias(PRE_ERROR), pre_field.alias(PRE_FIELD))


def _reading(spec: Any, name: str) -> tuple[pl.Expr, pl.Expr | None]:
    """How one column's cells are read: (the code or text the rule takes, the message when the
    spelling cannot decide the value, or None for kinds without such spellings)."""
    col = pl.col(name).str.strip_chars()
    col = pl.when(col == "").then(None).otherwise(col)
    error: pl.Expr | None = None
    if spec.kind == "enum" and spec.spellings:
        folded = {_fold(k): v for k, v in spec.spellings.items()}
        key = _spelling_key(col)
        if spec.ambiguous:
            amb = {_fold(k): v for k, v in spec.ambiguous.items()}
            hit = key.is_in(list(amb)) & ~key.is_in(list(folded))
            error = pl.when(hit).then(key.replace(amb)).otherwise(pl.lit(None, dtype=pl.String))
        col = pl.when(key.is_in(list(folded))).then(key.replace(folded)).otherwise(col)
    elif spec.kind == "bool":
        col = (
            pl.when(col.is_in(_TRUE))
            .then(pl.lit("true"))
            .when(col.is_in(_FALSE))
            .then(pl.lit("false"))
            .otherwise(col)
        )
    elif spec.kind in ("money", "int", "decimal"):
        col = _number_text(col)
    elif spec.kind in ("text", "date", "month"):
        col = _date_text(col)
    return col, error


def _plain_numbers(column: pl.Series) -> bool:
    """Every cell already a plain number (no 元, no separators, no spaces): nothing to read."""
    return not bool((column.str.contains(r"[^0-9.+\-]") | (column == "")).any())


def _per_value(column: pl.DataFrame, name: str, value: pl.Expr, error: pl.Expr | None) -> pl.DataFrame:
    """`value` (as "v") and `error` (as "e") of one column: read once per distinct cell and
    joined back when cells repeat (categories, districts, months), else read row by row."""
    exprs = [value.alias("v"), *([error.alias("e")] if error is not None else [])]
    distinct = column.get_column(name).unique()
    if distinct.len() * 4 >= column.height:
        return column.select(exprs)
    table = distinct.to_frame().with_columns(exprs)
    return column.join(table, on=name, how="left", nulls_equal=True, maintain_order="left")


def _from_id_sex(
    schema: RuleSchema, frame: pl.DataFrame, pre_error: pl.Expr, pre_field: pl.Expr
) -> tuple[pl.DataFrame, pl.Expr, pl.Expr]:
    """A blank fact that the sex in a valid ID number decides (vocabulary `from_id_sex`)."""
    id_field = schema.by_fact.get("person.id_number")
    if id_field is None or id_field not in frame.columns:
        return frame, pre_error, pre_field
    ident = pl.col(id_field).str.replace_all(r"\s", "").str.to_uppercase()
    valid = _valid_id(pl.col(id_field))
    male = ident.str.slice(16, 1).cast(pl.Int64, strict=False) % 2 == 1
    for fact, by_sex in vocabulary().get("from_id_sex", {}).items():
        target = schema.by_fact.get(fact)
        if target is None:
            continue
        spec = schema.inputs[target]
        if target not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(target))
        blank = pl.col(target).is_null() & valid
        for sex, value in by_sex.items():
            is_sex = male if sex == "male" else ~male
            if value in spec.spellings.values():  # a code: fill it in
                frame = frame.with_columns(
                    pl.when(blank & is_sex).then(pl.lit(value)).otherwise(pl.col(target)).alias(target)
                )
            else:  # a message: the ID does not decide it
                hit = blank & is_sex
                pre_error = pl.when(pre_error.is_null() & hit).then(pl.lit(value)).otherwise(pre_error)
                pre_field = pl.when(pre_field.is_null() & hit).then(pl.lit(target)).otherwise(pre_field)
    return frame, pre_error, pre_field


def _id_key(schema: RuleSchema, frame: pl.DataFrame, explain: bool) -> pl.DataFrame:
    """The evaluation key of a valid ID number: a number with the same birth date and sex.

    A rule reads only the birth date and the sex from a valid ID number (renshe.rules.idcard),
    so two people born the same day, of the same sex, get the same result: the key makes them
    one distinct tuple. Invalid numbers stay as they are (their own error message); with
    `--explain` the real number is used (the explanation shows it masked)."""
    id_field = schema.by_fact.get("person.id_number")
    if explain or id_field is None or id_field not in frame.columns:
        return frame
    col = pl.col(id_field)
    n = col.str.replace_all(r"\s", "").str.to_uppercase()
    sex = (
        pl.when(n.str.slice(16, 1).cast(pl.Int64, strict=False) % 2 == 1)
        .then(pl.lit("001"))
        .otherwise(pl.lit("002"))
    )
    first17 = pl.concat_str(pl.lit("110101"), n.str.slice(6, 8), sex)
    canonical = pl.concat_str(first17, _id_check(first17))
    return frame.with_columns(pl.when(_valid_id(col)).then(canonical).otherwise(col).alias(id_field))


# --- evaluation -----------------------------------------------------------------------------

_RULES: dict[str, Rule[Any, Any]] = {}


def _rule(name: str) -> Rule[Any, Any]:
    r = _RULES.get(name)
    if r is None:
        r = _RULES[name] = get_rule(name)
    return r


def _cell(value: Any) -> str | None:
    """A JSON result value as the cell text a single call's document shows."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _dig(doc: dict[str, Any], path: str) -> Any:
    value: Any = doc
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def steps_text(steps: list[dict[str, Any]]) -> str:
    """The explanation as one cell: numbered steps, each with the provisions it cites."""
    lines = []
    for i, s in enumerate(steps, start=1):
        cites = "、".join(str(c.get("label") or c.get("provision_id") or "") for c in s.get("citations", []))
        lines.append(f"{i}. {s.get('text', '')}" + (f"〔{cites}〕" if cites else ""))
    return "\n".join(lines)


def evaluate_records(
    plan: Plan, paths: list[str], records: list[dict[str, Any]], check: Callable[[], None] | None = None
) -> list[tuple[Any, ...]]:
    """Each input dict through the rule (validate, execute without explanation unless asked):
    a tuple of result cells, warnings, steps, error message, error field."""
    rule = _rule(plan.rule)
    out: list[tuple[Any, ...]] = []
    width = len(paths)
    for n, raw in enumerate(records):
        if check is not None and n % 256 == 255:  # a stop signal or deadline mid-chunk
            check()
        try:
            inputs = rule.validate(raw, plan.on)
            if plan.explain:
                doc = rule.execute(inputs, plan.on, explain=True)
                res, warnings = doc["result"], doc.get("warnings") or []
                steps = steps_text(doc.get("steps") or [])
            else:  # what `execute(explain=False)` computes, less the contract this file has no column for
                trace = Trace(on=plan.on, explain=False)
                res, warnings, steps = (
                    rule.compute(inputs, trace).model_dump(mode="json"),
                    trace.warnings,
                    None,
                )
            warn = ";".join(warnings) or None
            out.append((*[_cell(_dig(res, p)) for p in paths], warn, steps, None, None))
        except Exception as err:  # one row's failure, whatever it was, is that row's error
            bad = as_input_error(err)
            out.append((*([None] * width), None, None, bad.message, bad.field))
    return out


def _worker_init() -> None:
    """Workers leave Ctrl+C to the parent (which stops them) and die on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _worker_task(args: tuple[Plan, list[str], list[dict[str, Any]]]) -> list[tuple[Any, ...]]:
    return evaluate_records(*args)


class Workers:
    """A pool of worker processes, started on first need and stopped by `close` (terminate)."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes if processes is not None else (os.cpu_count() or 1)
        self._pool: Any = None
        # results of this run so far, by input: the next chunk's rows repeat many of them
        self._seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._seen_for: tuple[Plan, tuple[str, ...]] | None = None

    def map(
        self,
        plan: Plan,
        paths: list[str],
        records: list[dict[str, Any]],
        check: Callable[[], None] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Each record's result cells, in order; a record met in an earlier chunk of the run is
        not computed again (the rule is a pure function of its inputs)."""
        if self._seen_for != (plan, tuple(paths)):
            self._seen, self._seen_for = {}, (plan, tuple(paths))
        keys = [tuple(sorted(r.items())) for r in records]
        todo = list(dict.fromkeys(k for k in keys if k not in self._seen))  # also 女干部 = female55
        done = dict(zip(todo, self._compute(plan, paths, [dict(k) for k in todo], check), strict=True))
        results = [self._seen[k] if k in self._seen else done[k] for k in keys]
        if len(self._seen) + len(done) > MEMO:
            self._seen.clear()
        self._seen.update(done)
        yield from results

    def _compute(
        self,
        plan: Plan,
        paths: list[str],
        records: list[dict[str, Any]],
        check: Callable[[], None] | None,
    ) -> Iterator[tuple[Any, ...]]:
        if self.processes <= 1 or len(records) < PARALLEL_MIN:
            yield from evaluate_records(plan, paths, records, check)
            return
        if self._pool is None:
            self._pool = multiprocessing.get_context("fork").Pool(self.processes, initializer=_worker_init)
        tasks = [(plan, paths, records[i : i + TASK]) for i in range(0, len(records), TASK)]
        for part in self._pool.imap(_worker_task, tasks):
            if check is not None:
                check()
            yield from part

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


@dataclass(frozen=True)
class Evaluated:
    """A chunk's results in the form they are computed: one row of `table` per distinct input
    row (result cells by path, OUT_WARNINGS, OUT_STEPS, OUT_ERROR, OUT_FIELD), and for every
    input row, in order, the row of `table` that holds its results (`index`). Writers render
    the few distinct rows once and repeat them; `rows()` gives one row per input row."""

    table: pl.DataFrame
    index: pl.Series

    def rows(self) -> pl.DataFrame:
        return self.table.select(pl.all().gather(self.index))


def evaluate(
    plan: Plan,
    frame: pl.DataFrame,
    workers: Workers | None = None,
    check: Callable[[], None] | None = None,
) -> pl.DataFrame:
    """The per-chunk function: input cells (text, one column per input field present) → one row
    per input row, in order: the result cells (columns named by result path, text as the calculator
    document has them), OUT_WARNINGS, OUT_STEPS, OUT_ERROR, OUT_FIELD."""
    return evaluate_distinct(plan, frame, workers, check).rows()


def evaluate_distinct(
    plan: Plan,
    frame: pl.DataFrame,
    workers: Workers | None = None,
    check: Callable[[], None] | None = None,
) -> Evaluated:
    """`evaluate` without repeating the results onto the rows (see Evaluated)."""
    r = _rule(plan.rule)
    schema = rule_schema(r)
    paths = [o.path for o in schema.outputs]
    fields = [c for c in frame.columns if c in schema.inputs]
    # result columns carry a prefix while they sit beside the inputs (a result may share a name)
    names = [*(RESULT + p for p in paths), OUT_WARNINGS, OUT_STEPS, OUT_ERROR, OUT_FIELD]
    if not fields:  # no input column at all: every row is the same (empty) input
        (one,) = evaluate_records(plan, paths, [{}])
        per_raw = pl.DataFrame(
            {n: pl.Series(n, [v], dtype=pl.String) for n, v in zip(names, one, strict=True)}
        )
        per_raw = per_raw.with_columns(
            pl.lit(None, dtype=pl.String).alias(PRE_ERROR), pl.lit(None, dtype=pl.String).alias(PRE_FIELD)
        )
        index = pl.zeros(frame.height, dtype=pl.UInt32, eager=True)
    else:
        # distinct cells first (spellings are read once per distinct row, not once per row) …
        raw = frame.select(fields)
        distinct_raw, index = _distinct(raw)
        # … then as the rule sees them (spellings read, the ID number keyed), row for row
        keyed = _id_key(schema, prepare(schema, distinct_raw), plan.explain).with_row_index(ROW)
        used = [c for c in keyed.columns if c in schema.inputs]  # with any the ID number filled in
        todo = keyed.filter(pl.col(PRE_ERROR).is_null()).select(ROW, *used)
        table = _results(plan, r, paths, names, todo, workers, check).select(ROW, *names)
        per_raw = keyed.select(ROW, PRE_ERROR, PRE_FIELD).join(
            table, on=ROW, how="left", maintain_order="left"
        )
    pre = pl.col(PRE_ERROR).is_not_null()
    table = per_raw.select(
        *(pl.when(pre).then(None).otherwise(pl.col(RESULT + p)).alias(p) for p in paths),
        pl.when(pre).then(None).otherwise(pl.col(OUT_WARNINGS)).alias(OUT_WARNINGS),
        pl.when(pre).then(None).otherwise(pl.col(OUT_STEPS)).alias(OUT_STEPS),
        pl.when(pre).then(pl.col(PRE_ERROR)).otherwise(pl.col(OUT_ERROR)).alias(OUT_ERROR),
        pl.when(pre).then(pl.col(PRE_FIELD)).otherwise(pl.col(OUT_FIELD)).alias(OUT_FIELD),
    )
    return Evaluated(table, index)


def _results(
    plan: Plan,
    rule: Rule[Any, Any],
    paths: list[str],
    names: list[str],
    todo: pl.DataFrame,
    workers: Workers | None,
    check: Callable[[], None] | None,
) -> pl.DataFrame:
    """The rule's results for each distinct input (`todo`, codes as the rule takes them), one
    row each: `todo`'s columns and `names`. A rule with a columnar form (`rules/<rule>/columns.py`, the same
    provision functions over columns) computes the rows it accepts in one pass; every other row
    goes through the rule's `validate` and `compute`, one call per row."""
    done: pl.DataFrame | None = None
    if rule.columns is not None and not plan.explain and todo.height:
        done, todo = _columnar(rule, todo, plan.on, paths)
    records = [
        {k: v for k, v in row.items() if v is not None and k != ROW} for row in todo.iter_rows(named=True)
    ]
    results = list((workers or Workers(1)).map(plan, paths, records, check))
    cols = list(zip(*results, strict=True)) if results else [() for _ in names]
    values = pl.concat(
        [todo, pl.DataFrame({n: pl.Series(n, c, dtype=pl.String) for n, c in zip(names, cols, strict=True)})],
        how="horizontal",
    )
    if done is not None:
        values = pl.concat([done, values], how="vertical_relaxed")
    return values


def _columnar(
    rule: Rule[Any, Any], todo: pl.DataFrame, on: date, paths: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the rows the rule's columnar form accepted, with their result cells; the other rows).

    The columnar form returns, per row, `accepted`, the result fields as typed columns and the
    warnings joined by ";"; a cell is the text the result document has (true/false, money with
    two decimals)."""
    assert rule.columns is not None
    out: pl.DataFrame = rule.columns(todo, on)
    ok = out.get_column("accepted")
    taken = out.filter(ok)
    cells = taken.select(
        *(_as_cell(taken, p).alias(RESULT + p) for p in paths),
        pl.col("warnings").alias(OUT_WARNINGS),
        *(pl.lit(None, dtype=pl.String).alias(n) for n in (OUT_STEPS, OUT_ERROR, OUT_FIELD)),
    )
    return pl.concat([todo.filter(ok), cells], how="horizontal"), todo.filter(~ok)


def _as_cell(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A typed result column as the cells `_cell` gives for the document's JSON values."""
    col = pl.col(name)
    if frame.schema[name] == pl.Boolean:
        return pl.when(col).then(pl.lit("true")).when(~col).then(pl.lit("false")).otherwise(None)
    return col.cast(pl.String)


def _distinct(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The distinct rows of `raw` and, per row, the position of its distinct row.

    By a 64-bit hash of the cells (a join on one integer column is several times faster than
    on the text columns) — checked: every row's cells must equal those of the distinct row it
    points at; on a hash collision (never seen, but possible) the cells themselves are joined."""
    key = raw.select(pl.struct(raw.columns).hash(seed=HASH_SEED).alias(KEY))
    if key.get_column(KEY).n_unique() * 2 > raw.height:  # mostly distinct: nothing to share
        return raw, pl.int_range(0, raw.height, eager=True, dtype=pl.UInt32)
    first = key.with_row_index(POS).unique(subset=[KEY], keep="first").with_row_index(SLOT)
    distinct = raw.select(pl.all().gather(first.get_column(POS)))
    index = key.join(first.select(KEY, SLOT), on=KEY, how="left", maintain_order="left").get_column(SLOT)
    if all(raw.get_column(c).eq_missing(distinct.get_column(c).gather(index)).all() for c in raw.columns):
        return distinct, index
    slots = raw.unique(maintain_order=True).with_row_index(SLOT)
    joined = raw.join(slots, on=raw.columns, how="left", nulls_equal=True, maintain_order="left")
    return slots.drop(SLOT), joined.get_column(SLOT)


def schema_of(rule: str) -> RuleSchema:
    return rule_schema(_rule(rule))
