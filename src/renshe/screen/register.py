"""Screening a register: one row per person in, one row per person out, plus a summary per rule.

The caseworker's 政策找人 list: for every person what they qualify for (with amount and apply-by
date), what may apply and what to ask them, what has ended; for every rule how many people
qualify and the total amount. Reading and writing files is the batch layer's (`renshe.batch.io`,
glued in `renshe.app`); this module works on rows so that it stays below the interfaces.

Privacy: ID numbers are masked in the output unless the caller keeps them; nothing about the
people is kept after the run (the memo of rule lines lives in the `RegisterScreen` object,
which the caller drops; no file, log or database is written here).

Speed: rules are pure (rules/registry.py: no clock, no I/O), so a rule given the same inputs on
the same date gives the same line. People in a register share many of the facts one rule reads
(the same district, wage band, no registration), so each rule runs once per distinct projection
of the profiles onto its declared facts; and most people get one of a rule's few lines, so a row
is made from lines kept once with their words (`RegisterScreen`). benchmarks/screen measures it
against the baseline (`memo=False`: every rule run for every person).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from renshe.errors import InputError
from renshe.rules.idcard import mask
from renshe.screen.core import (
    ASKED_ON,
    GROUPS,
    Plan,
    apply_exclusions,
    fact_order,
    inputs_for,
    plans,
    screen_rule,
)
from renshe.screen.profile import fact_of, parse_profile

IDENTITY = ("姓名", "序号", "编号", "人员编号")  # passed through so the caseworker knows who is who
ID_FACT = "person.id_number"
BIRTH_FACT = "person.birth"
COLUMNS = {
    "row": "行号",
    "id": "身份证号码",
    "eligible": "可以享受",
    "maybe": "可能可以",
    "ask": "需要询问",
    "window_closed": "申请期已过",
    "ended": "已到期",
    "ineligible": "不符合",
    "error": "错误",
}
ASK_LIMIT = 5  # questions per person: the few that decide the most


def map_headers(headers: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    """(header → fact, identity headers passed through, headers ignored)."""
    facts: dict[str, str] = {}
    identity: list[str] = []
    ignored: list[str] = []
    for h in headers:
        fact = fact_of(h)
        if fact is not None and fact not in facts.values():
            facts[h] = fact
        elif h.strip() in IDENTITY:
            identity.append(h)
        else:
            ignored.append(h)
    return facts, identity, ignored


def _money(line: dict[str, Any]) -> Decimal | None:
    a = line.get("amount")
    return Decimal(a["value"]) if a and a.get("value") is not None else None


@dataclass(frozen=True)
class _Reads:
    """What one rule reads of a profile: its facts in the plan's order (the date asked, the same for
    the whole run, left out), and the places of the facts behind its required fields."""

    plan: Plan
    facts: tuple[str, ...]
    required: tuple[int, ...]  # places in `facts` of the required fields' facts
    always_absent: bool  # a required field no fact fills: the line never depends on the profile

    @classmethod
    def of(cls, plan: Plan) -> _Reads:
        facts = tuple(f for _, f in plan.facts if f != ASKED_ON)
        field_fact = dict(plan.facts)
        required = tuple(facts.index(field_fact[f]) for f in plan.required if field_fact.get(f) in facts)
        always = any(field_fact.get(f) not in (*facts, ASKED_ON) for f in plan.required)
        return cls(plan, facts, required, always)


def _picker(places: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """A function taking the values at `places` of a list, as a tuple (itemgetter gives a bare
    value for one place and fails for none)."""
    if not places:
        return lambda _: ()
    if len(places) == 1:
        (only,) = places
        return lambda vals: (vals[only],)
    return itemgetter(*places)


@dataclass(frozen=True)
class _Line:
    """A distinct line and what a row takes from it: its group, its words in that group's column,
    and for the exclusions between rules its rule's bit and the bits of the rules it clashes with
    (both only when eligible: exclusions are noted between eligible lines)."""

    line: dict[str, Any]
    group: str
    words: str
    bit: int
    clashes: int
    amount: Decimal | None


@dataclass(frozen=True)
class _Row:
    """The columns of a row whose lines were changed by exclusions (received subsidies, or two
    eligible rules that exclude each other), and each of its lines' (rule, group, amount)."""

    columns: dict[str, str | None]
    tally: list[tuple[str, str, Decimal | None]]


_SHOWN = ("eligible", "maybe", "window_closed", "ended", "ineligible", "undetermined")


class RegisterScreen:
    """Screens rows on one date; keeps the per-rule tallies for the summary.

    Speed (benchmarks/screen): each rule is run once per distinct projection of the profiles
    onto the facts it reads (`_Reads`; the date asked is fixed for the run), the lines are kept
    once per distinct content (`_Line`, with the words a row shows), so a person's row is a
    look-up per rule and a few joins. `memo=False` is the baseline: every rule validated and run
    for every person, as the screen of one person does."""

    def __init__(self, headers: list[str], on: date, keep_ids: bool = False, memo: bool = True) -> None:
        self.on = on
        self.keep_ids = keep_ids
        self.memo = memo
        self.facts, self.identity, self.ignored = map_headers(headers)
        self.plans: list[Plan] = plans()
        self.by_name = {p.name: p for p in self.plans}
        self.people: dict[str, Counter[str]] = {p.name: Counter() for p in self.plans}
        self.totals: dict[str, Decimal] = {p.name: Decimal(0) for p in self.plans}
        self.rows = self.errors = self.blank = 0
        self._columns = self.columns()
        self._id_header = next((h for h, f in self.facts.items() if f == ID_FACT), None)
        self._birth_header = next((h for h, f in self.facts.items() if f == BIRTH_FACT), None)
        self._reads = [_Reads.of(p) for p in self.plans]
        # every fact any rule reads, read once per row; each rule's key picked from them in C
        self._all_facts = tuple(dict.fromkeys(f for r in self._reads for f in r.facts))
        place_of = {f: i for i, f in enumerate(self._all_facts)}
        self._picks = [_picker([place_of[f] for f in r.facts]) for r in self._reads]
        self._fact_of_header = tuple(self.facts.items())
        place = {p.name: i for i, p in enumerate(self.plans)}
        self._clash_bits = [
            sum(
                1 << place[o.name]
                for o in self.plans
                if o.name != p.name and (o.name in p.excludes or p.name in o.excludes)
            )
            for p in self.plans
        ]
        # the memos of the run (dropped by `close`; never written anywhere)
        self._line_of: list[dict[Any, int]] = [{} for _ in self.plans]  # per rule: projection → line
        self._lines: list[_Line] = []  # the distinct lines
        self._line_ids: dict[tuple[Any, ...], int] = {}  # a line as shown → its place in `_lines`
        self._asks: dict[tuple[int, ...], str | None] = {}  # the 可能可以 lines → 需要询问
        self._changed: dict[tuple[Any, ...], _Row] = {}  # rows changed by exclusions
        self._plain_rows: dict[tuple[int, ...], dict[str, str | None]] = {}  # lines → columns
        self._seen: Counter[int] = Counter()  # lines met since the tallies were last added up
        self._seen_rows: Counter[tuple[int, ...]] = Counter()  # rows (their lines) met since
        self._seen_changed: list[_Row] = []

    def columns(self) -> list[str]:
        id_col = [COLUMNS["id"]] if ID_FACT in self.facts.values() else []
        rest = [v for k, v in COLUMNS.items() if k not in ("row", "id")]
        return [COLUMNS["row"], *self.identity, *id_col, *rest]

    def row(self, raw: dict[str, Any]) -> dict[str, str | None]:
        """One person's output row (every column present; `错误` set when the row is unusable)."""
        self.rows += 1
        out: dict[str, str | None] = dict.fromkeys(self._columns)
        out[COLUMNS["row"]] = str(self.rows)
        for h in self.identity:
            out[h] = raw.get(h)
        idn = raw.get(self._id_header) if self._id_header else None
        if idn and COLUMNS["id"] in out:
            out[COLUMNS["id"]] = str(idn) if self.keep_ids else mask(str(idn))
        facts = {f: raw.get(h) for h, f in self._fact_of_header}
        if not any(v is not None and str(v).strip() for v in facts.values()):
            self.blank += 1
            out[COLUMNS["error"]] = "空行(没有任何情况)"
            return out
        try:
            profile = parse_profile(facts)
        except InputError as err:
            self.errors += 1
            out[COLUMNS["error"]] = err.message
            return out
        received = profile.get("person.subsidies_received")
        if self.memo:
            out.update(self._row_columns(self._line_places(profile), received))
        else:  # the baseline: every rule run for this person, nothing shared with other people
            lines = [screen_rule(p, inputs_for(p, profile, self.on), self.on, False) for p in self.plans]
            lines = apply_exclusions(lines, self.by_name, list(received or []))
            out.update(columns(lines))
            self._seen_changed.append(_Row({}, [(ln["rule"], ln["group"], _money(ln)) for ln in lines]))
            self._add_up()
        return out

    # -- the memos -----------------------------------------------------------------------------

    def _line_places(self, profile: dict[str, Any]) -> list[int]:
        """The place in `_lines` of each rule's line for the profile; a rule runs once per
        distinct value of the facts it reads.

        The key is the facts' values (of other types than text: type and repr, so that 1, 1.0
        and True, or Decimal 5 and 5.00, stay apart). A required fact absent makes the line
        depend on which are absent only (`screen_rule` stops there), so those share one key."""
        plain = all(type(v) is str for v in profile.values())
        known = list(map(profile.get, self._all_facts))
        out = []
        for i, (reads, pick, memo) in enumerate(zip(self._reads, self._picks, self._line_of, strict=True)):
            vals = pick(known)
            key: Any = vals
            if reads.always_absent:
                key = "absent"
            elif (
                reads.required
                and None in vals
                and (absent := tuple(j for j in reads.required if vals[j] is None))
            ):
                key = ("absent", absent)
            if not plain and key is vals:
                key = tuple(v if v is None or type(v) is str else (type(v), repr(v)) for v in vals)
            place = memo.get(key)
            if place is None:
                plan = reads.plan
                line = screen_rule(plan, inputs_for(plan, profile, self.on), self.on, explain=False)
                place = memo[key] = self._intern(i, line)
            out.append(place)
        return out

    def _intern(self, i: int, line: dict[str, Any]) -> int:
        """One place per distinct line as a row shows it (`shown`: most people get one of a rule's
        few lines, whatever the dates that led there)."""
        content = shown(line)
        place = self._line_ids.get(content)
        if place is None:
            group = line["group"]
            eligible = group == "eligible"
            place = self._line_ids[content] = len(self._lines)
            self._lines.append(
                _Line(
                    line=line,
                    group=group,
                    words=_words(line),
                    bit=(1 << i) if eligible else 0,
                    clashes=self._clash_bits[i] if eligible else 0,
                    amount=_money(line) if eligible else None,
                )
            )
        return place

    def _row_columns(self, ids: list[int], received: list[str] | None) -> dict[str, str | None]:
        """The output columns of a row from its lines' places (in plan order)."""
        key = tuple(ids)
        if not received and (known := self._plain_rows.get(key)) is not None:
            self._seen_rows[key] += 1  # a row met before: its columns as they were
            return known
        lines = [self._lines[i] for i in ids]
        bits = clashes = 0
        for ln in lines:
            bits |= ln.bit
            clashes |= ln.clashes
        if received or bits & clashes:  # exclusions change lines: the screen's own way, once
            return self._changed_columns(ids, received or [])
        self._seen_rows[key] += 1
        words: dict[str, list[str]] = {g: [] for g in _SHOWN}
        for ln in lines:
            if ln.group in words:
                words[ln.group].append(ln.words)
        out: dict[str, str | None] = {
            COLUMNS["eligible"]: ";".join(words["eligible"]) or None,
            COLUMNS["maybe"]: "、".join(words["maybe"]) or None,
            COLUMNS["window_closed"]: ";".join(words["window_closed"]) or None,
            COLUMNS["ended"]: ";".join(words["ended"]) or None,
            COLUMNS["ineligible"]: ";".join(words["ineligible"] + words["undetermined"]) or None,
        }
        maybe = tuple(i for i, ln in zip(ids, lines, strict=True) if ln.group == "maybe")
        ask = self._asks.get(maybe, "")
        if ask == "":
            ask = self._asks[maybe] = "、".join(top_questions([self._lines[i].line for i in maybe])) or None
        out[COLUMNS["ask"]] = ask
        self._plain_rows[key] = out  # shared by the rows alike: read, never changed
        return out

    def _changed_columns(self, ids: list[int], received: list[str]) -> dict[str, str | None]:
        key = (tuple(ids), tuple(received))
        row = self._changed.get(key)
        if row is None:
            lines = apply_exclusions([self._lines[i].line for i in ids], self.by_name, received)
            row = self._changed[key] = _Row(
                columns(lines), [(ln["rule"], ln["group"], _money(ln)) for ln in lines]
            )
        self._seen_changed.append(row)
        return row.columns

    def _add_up(self) -> None:
        """Fold the lines met into the per-rule tallies (amounts summed per rule only: one rule's
        amounts are alike; only eligible lines count an amount)."""
        for key, n in self._seen_rows.items():
            for place in key:
                self._seen[place] += n
        self._seen_rows.clear()
        for place, n in self._seen.items():
            ln = self._lines[place]
            rule = ln.line["rule"]
            self.people[rule][ln.group] += n
            if ln.amount is not None:
                self.totals[rule] += ln.amount * n
        self._seen.clear()
        for row in self._seen_changed:
            for rule, group, amount in row.tally:
                self.people[rule][group] += 1
                if amount is not None and group == "eligible":
                    self.totals[rule] += amount
        self._seen_changed.clear()

    def shard(self, raw: dict[str, Any], n: int) -> int:
        """Which of `n` worker processes screens this row: one birth date, one worker.

        Why: each worker keeps its own memo, and the rules that make people distinct read the
        birth date (the employment subsidies, retirement), so a birth date met by two workers is
        run by both; routed by birth, each projection that holds a birth is run once in the
        whole register. The birth is read from the raw cells (the ID number's digits 7–14, else
        the birth column), as a route only: a row sent anywhere gets the same result."""
        idn = raw.get(self._id_header) if self._id_header else None
        key = str(idn).strip()[6:14] if idn else None
        if not key and self._birth_header:
            key = str(raw.get(self._birth_header) or "").strip()
        return zlib.crc32((key or "").encode()) % n

    def rows_at(
        self, numbers: list[int], raws: list[dict[str, Any]]
    ) -> tuple[list[dict[str, str | None]], dict[str, Any]]:
        """Rows numbered `numbers` (1-based places in the register), and the tallies they add
        (for a worker process: its rows are those of its birth dates, see `shard`)."""
        before = self.tallies()
        out = []
        for number, raw in zip(numbers, raws, strict=True):
            self.rows = number - 1
            out.append(self.row(raw))
        after = self.tallies()
        delta = {
            "errors": after["errors"] - before["errors"],
            "blank": after["blank"] - before["blank"],
            "people": {n: after["people"][n] - before["people"][n] for n in after["people"]},
            "totals": {n: after["totals"][n] - before["totals"][n] for n in after["totals"]},
        }
        return out, delta

    def tallies(self) -> dict[str, Any]:
        self._add_up()
        return {
            "errors": self.errors,
            "blank": self.blank,
            "people": {n: Counter(c) for n, c in self.people.items()},
            "totals": dict(self.totals),
        }

    def add(self, count: int, delta: dict[str, Any]) -> None:
        """Take in the tallies of `count` rows screened elsewhere (a worker process)."""
        self.rows += count
        self.errors += delta["errors"]
        self.blank += delta["blank"]
        for n, c in delta["people"].items():
            self.people[n].update(c)
        for n, t in delta["totals"].items():
            self.totals[n] += t

    def summary(self) -> list[dict[str, Any]]:
        """Per rule: how many people qualify and the total amount, how many may qualify."""
        self._add_up()
        out = []
        for p in self.plans:
            c = self.people[p.name]
            out.append(
                {
                    "rule": p.name,
                    "title": p.rule.title,
                    "eligible": c["eligible"],
                    "total_amount": f"{self.totals[p.name]:.2f}",
                    "maybe": c["maybe"],
                    "window_closed": c["window_closed"],
                    "ended": c["ended"],
                    "ineligible": c["ineligible"] + c["undetermined"],
                    "citation": p.basis[0] if p.basis else None,
                }
            )
        return out

    def close(self) -> None:
        """Forget every line: nothing about the people outlives the run."""
        self._add_up()
        for memo in self._line_of:
            memo.clear()
        self._lines.clear()
        self._line_ids.clear()
        self._asks.clear()
        self._changed.clear()
        self._plain_rows.clear()


SUMMARY_COLUMNS = {
    "rule": "计算器",
    "title": "政策",
    "eligible": "可以享受人数",
    "total_amount": "金额合计(元)",
    "maybe": "可能可以人数",
    "window_closed": "申请期已过人数",
    "ended": "已到期人数",
    "ineligible": "不符合人数",
    "citation": "依据",
}


def columns(lines: list[dict[str, Any]]) -> dict[str, str | None]:
    """A row's result columns from its lines (in plan order, exclusions applied)."""
    g: dict[str, list[dict[str, Any]]] = {k: [] for k in GROUPS}
    for ln in lines:
        g[ln["group"]].append(ln)
    return {
        COLUMNS["eligible"]: ";".join(_entitled(ln) for ln in g["eligible"]) or None,
        COLUMNS["maybe"]: "、".join(ln["title"] for ln in g["maybe"]) or None,
        COLUMNS["ask"]: "、".join(top_questions(g["maybe"])) or None,
        COLUMNS["window_closed"]: ";".join(_why(ln) for ln in g["window_closed"]) or None,
        COLUMNS["ended"]: ";".join(_why(ln) for ln in g["ended"]) or None,
        COLUMNS["ineligible"]: ";".join(_why(ln) for ln in g["ineligible"] + g["undetermined"]) or None,
    }


def top_questions(maybe: list[dict[str, Any]], limit: int = ASK_LIMIT) -> list[str]:
    """The labels of the facts that decide the most 可能可以 lines (the screen's order, lean)."""
    count: Counter[str] = Counter()
    label: dict[str, str] = {}
    for ln in maybe:
        for m in ln["missing"]:
            key = m["fact"] or m["label"]
            count[key] += 1
            label.setdefault(key, m["label"])
    order = fact_order()
    far = len(order)
    return [label[k] for k in sorted(count, key=lambda k: (-count[k], order.get(k, far)))[:limit]]


# --- worker processes: a register is screened in blocks on every core ---------------------------

_WORKER: RegisterScreen | None = None


def start_worker(headers: list[str], on: date, keep_ids: bool) -> None:
    """Process-pool initializer: one screen (and memo) per worker process."""
    global _WORKER
    _WORKER = RegisterScreen(headers, on, keep_ids)


def work(
    numbers: list[int], raws: list[dict[str, Any]]
) -> tuple[list[dict[str, str | None]], dict[str, Any]]:
    assert _WORKER is not None
    return _WORKER.rows_at(numbers, raws)


def shown(ln: dict[str, Any]) -> tuple[Any, ...]:
    """Every part of a line that a register row or its summary reads: `_entitled`, `_why`,
    `columns`, `top_questions`, the tallies and the exclusions between rules (`apply_exclusions`
    reads the rule, group, title and amount). Two lines equal here make the same row; a part
    read there and not listed here would make rows wrong (tests/screen/test_register_memo.py)."""
    a = ln.get("amount") or {}
    r = ln.get("reason") or {}
    missing = tuple((m["fact"], m["label"]) for m in ln.get("missing") or ())
    return (
        ln["rule"],
        ln["group"],
        ln["title"],
        a.get("label"),
        a.get("value"),
        ln.get("apply_by"),
        "text" in r,
        r.get("text"),
        missing,
        bool(ln.get("exclusions")),
    )


def _words(ln: dict[str, Any]) -> str:
    """A line's words in its group's column (as `columns` writes them)."""
    if ln["group"] == "eligible":
        return _entitled(ln)
    return str(ln["title"]) if ln["group"] == "maybe" else _why(ln)


def _entitled(ln: dict[str, Any]) -> str:
    a = ln.get("amount")
    text: str = ln["title"] + (f" {a['label']}{a['value']}元" if a and a.get("value") is not None else "")
    if ln.get("apply_by"):
        text += f"(申请截止{ln['apply_by']})"
    for ex in ln.get("exclusions", []):
        text += f"[{ex['text']}]"
    return text


def _why(ln: dict[str, Any]) -> str:
    r = ln.get("reason") or {}
    return f"{ln['title']}:{r.get('text', GROUPS[ln['group']])}"
