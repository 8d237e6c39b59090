"""Screening a register: one row per person in, one row per person out, plus a summary per rule.

The caseworker's 政策找人 list: for every person what they qualify for (with amount and apply-by
date), what may apply and what to ask them, what has ended; for every rule how many people
qualify and the total amount. Reading and writing files is the batch layer's (`renshe.batch.io`,
glued in `renshe.app`); this module works on rows so that it stays below the interfaces.

Privacy: ID numbers are masked in the output unless the caller keeps them; nothing about the
people is kept after the run (the memo of rule lines lives in the `RegisterScreen` object,
which the caller drops; no file, log or database is written here).

Speed: rules are pure (rules/registry.py: no clock, no I/O), so a rule given the same inputs on
the same date gives the same line. People in a register share most inputs (the same district,
the same birth month), so a memo in front of `screen_rule` runs each distinct input once.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from renshe.errors import InputError
from renshe.rules.idcard import mask
from renshe.screen.core import GROUPS, Plan, fact_order, plans, screen_lines, screen_rule
from renshe.screen.profile import fact_of, parse_profile

IDENTITY = ("姓名", "序号", "编号", "人员编号")  # passed through so the caseworker knows who is who
ID_FACT = "person.id_number"
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


def _key(inputs: dict[str, Any]) -> tuple[Any, ...]:
    """Hashable inputs (their order is the plan's, fixed for a rule)."""
    return tuple((k, tuple(v) if type(v) is list else v) for k, v in inputs.items())


def _money(line: dict[str, Any]) -> Decimal | None:
    a = line.get("amount")
    return Decimal(a["value"]) if a and a.get("value") is not None else None


class RegisterScreen:
    """Screens rows on one date; keeps the per-rule tallies for the summary."""

    def __init__(self, headers: list[str], on: date, keep_ids: bool = False, memo: bool = True) -> None:
        self.on = on
        self.keep_ids = keep_ids
        self.memo = memo  # False: every rule validated and run for every person (the baseline)
        self.facts, self.identity, self.ignored = map_headers(headers)
        self.plans: list[Plan] = plans()
        self.by_name = {p.name: p for p in self.plans}
        self._memo: dict[tuple[str, tuple[Any, ...]], dict[str, Any]] = {}
        self.people: dict[str, Counter[str]] = {p.name: Counter() for p in self.plans}
        self.totals: dict[str, Decimal] = {p.name: Decimal(0) for p in self.plans}
        self.rows = self.errors = self.blank = 0

    def columns(self) -> list[str]:
        id_col = [COLUMNS["id"]] if ID_FACT in self.facts.values() else []
        rest = [v for k, v in COLUMNS.items() if k not in ("row", "id")]
        return [COLUMNS["row"], *self.identity, *id_col, *rest]

    def _run(self, plan: Plan, inputs: dict[str, Any], on: date, explain: bool) -> dict[str, Any]:
        if not self.memo:
            return screen_rule(plan, inputs, on, explain=False)
        absent = tuple(f for f in plan.required if f not in inputs)
        # a required fact absent: the line depends on which are absent, not on the other values
        key = (plan.name, ("absent", absent) if absent else _key(inputs))
        line = self._memo.get(key)
        if line is None:
            line = screen_rule(plan, inputs, on, explain=False)
            self._memo[key] = line
        return line

    def row(self, raw: dict[str, Any]) -> dict[str, str | None]:
        """One person's output row (every column present; `错误` set when the row is unusable)."""
        self.rows += 1
        out: dict[str, str | None] = dict.fromkeys(self.columns())
        out[COLUMNS["row"]] = str(self.rows)
        for h in self.identity:
            out[h] = raw.get(h)
        idn = next((raw.get(h) for h, f in self.facts.items() if f == ID_FACT), None)
        if COLUMNS["id"] in out and idn:
            out[COLUMNS["id"]] = str(idn) if self.keep_ids else mask(str(idn))
        facts = {f: raw.get(h) for h, f in self.facts.items()}
        if all(v is None or str(v).strip() == "" for v in facts.values()):
            self.blank += 1
            out[COLUMNS["error"]] = "空行(没有任何情况)"
            return out
        try:
            lines = screen_lines(parse_profile(facts), self.on, self.plans, self.by_name, run=self._run)
        except InputError as err:
            self.errors += 1
            out[COLUMNS["error"]] = err.message
            return out
        g: dict[str, list[dict[str, Any]]] = {k: [] for k in GROUPS}
        for ln in lines:
            g[ln["group"]].append(ln)
        for ln in g["eligible"]:  # amounts are summed per rule only: one rule's amounts are alike
            self.people[ln["rule"]]["eligible"] += 1
            m = _money(ln)
            if m is not None:
                self.totals[ln["rule"]] += m
        for name in ("maybe", "window_closed", "ended", "ineligible", "undetermined"):
            for ln in g[name]:
                self.people[ln["rule"]][name] += 1
        out[COLUMNS["eligible"]] = ";".join(_entitled(ln) for ln in g["eligible"]) or None
        out[COLUMNS["maybe"]] = "、".join(ln["title"] for ln in g["maybe"]) or None
        out[COLUMNS["ask"]] = "、".join(top_questions(g["maybe"])) or None
        out[COLUMNS["window_closed"]] = ";".join(_why(ln) for ln in g["window_closed"]) or None
        out[COLUMNS["ended"]] = ";".join(_why(ln) for ln in g["ended"]) or None
        out[COLUMNS["ineligible"]] = ";".join(_why(ln) for ln in g["ineligible"] + g["undetermined"]) or None
        return out

    def rows_of(
        self, start: int, raws: list[dict[str, Any]]
    ) -> tuple[list[dict[str, str | None]], dict[str, Any]]:
        """Rows numbered from `start` + 1, and the tallies they add (for a worker process)."""
        before = self.tallies()
        self.rows = start
        out = [self.row(r) for r in raws]
        after = self.tallies()
        delta = {
            "errors": after["errors"] - before["errors"],
            "blank": after["blank"] - before["blank"],
            "people": {n: after["people"][n] - before["people"][n] for n in after["people"]},
            "totals": {n: after["totals"][n] - before["totals"][n] for n in after["totals"]},
        }
        return out, delta

    def tallies(self) -> dict[str, Any]:
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
        self._memo.clear()


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


def work(start: int, raws: list[dict[str, Any]]) -> tuple[list[dict[str, str | None]], dict[str, Any]]:
    assert _WORKER is not None
    return _WORKER.rows_of(start, raws)


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
