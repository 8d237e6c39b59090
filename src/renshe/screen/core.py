"""The screen: every registered rule run on one profile, sorted by the result contract.

Why the screen knows no rule by name: rules are added every week (employment subsidies, loans,
training, 工伤). It reads what each rule declares (rules/<rule>/rule.yaml: the shared fact behind
every input field, the rules it excludes, the Chinese labels of enum values), gives each rule
the profile's facts under its own field names, runs it with the date asked, and reads the one
result contract (rules/contract.py) every rule returns. A rule added tomorrow appears here
without a line changed.

The groups (docs/screen.md):
    eligible       可以享受    eligible is true (amount, apply-by date)
    maybe          可能可以    a deciding fact is missing (the facts to ask)
    ineligible     不符合      eligible is false (the first condition that fails)
    window_closed  申请期已过  eligible, in force, but apply_by is before the date asked
    ended          已到期      the governing provision ended before the date asked (the clause)
    info           供参考      the rule computes a figure but decides no entitlement
    undetermined   无法判断    the rule does not accept a value the profile gives (its message)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from renshe.errors import InputError
from renshe.rules.declarations import Declaration, declarations, shared_facts
from renshe.screen.profile import parse_profile

GROUPS: dict[str, str] = {
    "eligible": "可以享受",
    "maybe": "可能可以",
    "ineligible": "不符合",
    "window_closed": "申请期已过",
    "ended": "已到期",
    "info": "供参考",
    "undetermined": "无法判断",
}
ASKED_ON = "case.on"  # the one fact the screen supplies itself: the date asked


@dataclass(frozen=True, eq=False)  # hashed by identity (the lru_cache of _missing)
class Plan:
    """What the screen needs of one rule, read once from its declaration and input model."""

    rule: Any  # renshe.rules.registry.Rule
    facts: tuple[tuple[str, str], ...]  # (input field, shared fact): the first field per fact
    required: tuple[str, ...]
    codes: dict[str, dict[str, str]]  # field → Chinese label → enum code
    excludes: frozenset[str]
    basis: tuple[str, ...]  # references of the rule's legal basis

    @property
    def name(self) -> str:
        return str(self.rule.name)

    def fact_of(self, field: str) -> str | None:
        return next((f for fl, f in self.facts if fl == field), None) or self._any_fact(field)

    def _any_fact(self, field: str) -> str | None:
        d = declarations().get(self.name)
        return d.facts.get(field) if d else None


def make_plan(rule: Any, decl: Declaration | None) -> Plan:
    """One rule's plan. A fact mapped to several fields of one rule (minimum-wage's excluded wage
    items) goes to the first of them only: giving one amount to four fields would count it four
    times; the others stay empty, as they would on the rule's own form."""
    seen: set[str] = set()
    pairs: list[tuple[str, str]] = []
    for field, fact in (decl.facts if decl else {}).items():
        if fact not in seen:
            seen.add(fact)
            pairs.append((field, fact))
    fields = rule.input_model.model_fields
    codes = {f: {label: code for code, label in v.items()} for f, v in (decl.values if decl else {}).items()}
    refs = tuple(dict.fromkeys(c.ref for c in rule.basis()))
    return Plan(
        rule=rule,
        facts=tuple(pairs),
        required=tuple(n for n, f in fields.items() if f.is_required()),
        codes=codes,
        excludes=frozenset(decl.excludes if decl else ()),
        basis=refs,
    )


def plans(rules: Iterable[Any] | None = None) -> list[Plan]:
    """A plan for every registered rule (or the rules given), in registry order."""
    if rules is None:
        from renshe.rules.registry import all_rules

        rules = all_rules()
    decls = declarations()
    return [make_plan(r, decls.get(r.name)) for r in rules]


# --- one rule on one profile ------------------------------------------------------------------


def inputs_for(plan: Plan, profile: dict[str, Any], on: date) -> dict[str, Any]:
    """The rule's raw inputs from the profile's facts (Chinese enum labels → the rule's codes)."""
    out: dict[str, Any] = {}
    for field, fact in plan.facts:
        if fact in profile:
            v = profile[fact]
        elif fact == ASKED_ON:
            v = on.isoformat()
        else:
            continue
        codes = plan.codes.get(field)
        if codes and isinstance(v, str):
            v = codes.get(v, v)
        out[field] = v
    return out


def _missing(plan: Plan, fields: Iterable[str]) -> list[dict[str, Any]]:
    return _missing_cached(plan, tuple(fields))


@lru_cache(maxsize=4096)
def _missing_cached(plan: Plan, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """(Cached: a register asks the same few combinations a hundred thousand times; the lists
    are read, never changed.)"""
    facts = shared_facts()
    model_fields = plan.rule.input_model.model_fields
    out = []
    for field in dict.fromkeys(fields):
        fact = plan.fact_of(field)
        info = model_fields.get(field)
        label = facts[fact].label if fact in facts else (info.title if info is not None else None) or field
        options = list(plan.codes.get(field, {}))  # the Chinese labels of an enum field
        out.append({"fact": fact, "field": field, "label": label, "options": options})
    return out


def _line(plan: Plan, group: str, **kw: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "rule": plan.name,
        "title": plan.rule.title,
        "group": group,
        "group_label": GROUPS[group],
        "eligible": None,
        "amount": None,
        "apply_by": None,
        "ended_on": None,
        "reason": None,
        "missing": [],
        "conditions": [],
        "citations": list(plan.basis),
        "warnings": [],
        "readings": [],
        "summary": [],
    }
    line.update(kw)
    return line


def _ended_clause(plan: Plan, model: Any) -> list[str]:
    """The references of the dated parameter whose end decides `ended_on` (else the basis)."""
    from renshe.rules.params import ParamError, param

    if plan.rule.in_force is None:
        return list(plan.basis)
    try:
        name, fact = plan.rule.in_force(model)
        p = param(name)
        try:
            v = p.at(fact)
        except ParamError:
            v = p.first if fact < p.first.start else p.values[-1]
        refs = [c.ref for c in v.citations]
    except Exception:  # the clause is a courtesy: the basis still cites the rule
        refs = []
    return list(dict.fromkeys(refs)) or list(plan.basis)


def _readings(result: dict[str, Any]) -> list[str]:
    """The readings a rule took where its text is open (`readings`: [{reading, governs}])."""
    out = []
    for r in result.get("readings") or []:
        if isinstance(r, dict) and r.get("reading"):
            out.append(f"{r['reading']}" + ("(本结果采用)" if r.get("governs") else ""))
    return out


def classify(
    plan: Plan, doc: dict[str, Any], on: date, model: Any, explain: bool, contract: dict[str, Any]
) -> dict[str, Any]:
    """A calculator document → its screen line, by the result contract alone (`contract`: the
    contract keys as `assess` gave them; in `doc["result"]` a rule's own field of the same name,
    such as a result field `amount`, would stand in their place)."""
    res = {**doc["result"], **contract}
    conditions = res.get("conditions") or []
    cites = [c["citation"] for c in conditions if c.get("citation")]
    common: dict[str, Any] = {
        "eligible": res.get("eligible"),
        "amount": res.get("amount"),
        "apply_by": res.get("apply_by"),
        "ended_on": res.get("ended_on"),
        "conditions": conditions,
        "citations": list(dict.fromkeys([*cites, *plan.basis])),
        "warnings": doc.get("warnings", []),
        "readings": _readings(res),
    }
    if explain and plan.rule.summarize is not None and res.get("eligible") is not False:
        try:
            common["summary"] = list(plan.rule.summarize(doc))
        except Exception:  # a summary is words for people; the contract keys still say it all
            common["summary"] = []
    eligible = res.get("eligible")
    reason: dict[str, Any] | None
    if res.get("ended_on"):
        clause = _ended_clause(plan, model)
        reason = {"text": f"该政策已于{res['ended_on']}到期", "citation": "、".join(clause)}
        return _line(plan, "ended", reason=reason, clause=clause, **common)
    if res.get("in_force") is False:
        reason = {
            "text": f"该政策在{on.isoformat()}尚未施行",
            "citation": plan.basis[0] if plan.basis else None,
        }
        return _line(plan, "ineligible", reason=reason, **common)
    if eligible is False:
        failed = next((c for c in conditions if c.get("met") is False), None)
        reason = {"text": failed["text"], "citation": failed.get("citation")} if failed else None
        return _line(plan, "ineligible", reason=reason, **common)
    if eligible is True:
        if res.get("apply_by") and res["apply_by"] < on.isoformat():
            reason = {"text": f"申请期限已于{res['apply_by']}届满", "citation": cites[0] if cites else None}
            return _line(plan, "window_closed", reason=reason, **common)
        return _line(plan, "eligible", **common)
    missing = res.get("missing") or []
    if missing:
        return _line(plan, "maybe", **{**common, "missing": _missing(plan, missing)})
    return _line(plan, "info", **common)


def screen_rule(plan: Plan, inputs: dict[str, Any], on: date, explain: bool = True) -> dict[str, Any]:
    """One rule on one set of its inputs: the screen line. Never raises for the profile's sake:
    a required fact that is absent makes the line 可能可以, a value the rule refuses 无法判断."""
    absent = [f for f in plan.required if f not in inputs]
    if absent:
        return _line(plan, "maybe", missing=_missing(plan, absent))
    try:
        model = plan.rule.validate(inputs, on)
    except InputError as err:
        if err.field and err.field not in inputs and err.field in plan.rule.input_model.model_fields:
            return _line(plan, "maybe", missing=_missing(plan, [err.field]), reason={"text": err.message})
        return _undetermined(plan, err.message, err.field)
    try:
        contract = contract_only(plan.rule, model, on)
        doc = plan.rule.execute(model, on, explain=True) if explain else contract
    except InputError as err:
        return _undetermined(plan, err.message, err.field)
    except Exception:  # a rule's own failure is that rule's line, not the whole screen's
        return _undetermined(plan, "按所给情况计算时出错,请向经办机构咨询", None)
    return classify(plan, doc, on, model, explain, contract["result"])


def contract_only(rule: Any, model: Any, on: date) -> dict[str, Any]:
    """The result contract without the explanation (the batch path): `calculate` (the rule's
    formula where it has one) and `assess`, as `Rule.execute` combines them, minus the trace,
    the normalised inputs and the result's serialisation that only people read."""
    from renshe.rules.contract import in_force

    result = rule.calculate(model, on)
    if rule.assess is None:
        return {"result": {}, "warnings": []}
    force: tuple[bool, date | None] = (True, None)
    if rule.in_force is not None:
        name, fact = rule.in_force(model)
        force = in_force(name, fact, on)
    return {"result": rule.assess(model, result, on).to_json(on, force), "warnings": []}


def _undetermined(plan: Plan, message: str, field: str | None) -> dict[str, Any]:
    fact = plan.fact_of(field) if field else None
    return _line(plan, "undetermined", reason={"text": message, "fact": fact})


# --- across rules -----------------------------------------------------------------------------


def _amount(line: dict[str, Any]) -> Decimal | None:
    a = line.get("amount")
    return Decimal(a["value"]) if a and a.get("value") is not None else None


def _matches(received: list[str], plan: Plan) -> bool:
    return any(r in (plan.name, plan.rule.title) for r in received)


def apply_exclusions(
    lines: list[dict[str, Any]], by_name: dict[str, Plan], received: list[str]
) -> list[dict[str, Any]]:
    """Exclusions between rules (`excludes`, read both ways): a rule that excludes a subsidy the
    person has already received moves to 不符合; two eligible rules that exclude each other are
    both kept, each with a note naming the other and which gives more (by amount)."""
    pairs: list[dict[str, Any]] = []
    done = {n for n, p in by_name.items() if _matches(received, p)}
    out = []
    for line in lines:
        plan = by_name[line["rule"]]
        clash = [
            o for o in done if o != plan.name and (o in plan.excludes or plan.name in by_name[o].excludes)
        ]
        if clash and line["group"] in ("eligible", "maybe", "window_closed"):
            other = by_name[clash[0]]
            line = {
                **line,
                "group": "ineligible",
                "group_label": GROUPS["ineligible"],
                "reason": {
                    "text": f"已享受“{other.rule.title}”,与“{plan.rule.title}”不能同时享受",
                    "citation": "、".join(dict.fromkeys([*plan.basis[:1], *other.basis[:1]])),
                },
            }
        if plan.name in done:
            line = {**line, "received": True}  # a copy, never the (possibly shared) line itself
        out.append(line)
    eligible = {ln["rule"]: ln for ln in out if ln["group"] == "eligible"}
    names = list(eligible)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if b in by_name[a].excludes or a in by_name[b].excludes:
                pairs.append(_exclusion(eligible[a], eligible[b], by_name))
    if not pairs:
        return out
    # new dicts: a batch memo shares lines between people, so a line is never changed in place
    notes = {n: [p for p in pairs if n in p["rules"]] for n in names}
    return [{**ln, "exclusions": notes[ln["rule"]]} if notes.get(ln["rule"]) else ln for ln in out]


def _exclusion(a: dict[str, Any], b: dict[str, Any], by_name: dict[str, Plan]) -> dict[str, Any]:
    va, vb = _amount(a), _amount(b)
    better = None
    if va is not None and vb is not None and va != vb:
        better = a["rule"] if va > vb else b["rule"]
    text = f"“{a['title']}”与“{b['title']}”不能同时享受"
    if better:
        w = a if better == a["rule"] else b
        text += f";选择“{w['title']}”金额较高({w['amount']['value']}元)"
    return {
        "rules": [a["rule"], b["rule"]],
        "better": better,
        "text": text,
        "citations": list(dict.fromkeys([*by_name[a["rule"]].basis[:1], *by_name[b["rule"]].basis[:1]])),
    }


def questions(lines: list[dict[str, Any]], limit: int | None = None) -> list[dict[str, Any]]:
    """The missing facts of the 可能可以 lines, those that decide the most rules first (ties in
    the order of rules/facts.yaml, then of first appearance)."""
    order = fact_order()
    count: Counter[str] = Counter()
    info: dict[str, dict[str, Any]] = {}
    for line in lines:
        if line["group"] != "maybe":
            continue
        for m in line["missing"]:
            key = m["fact"] or f"{line['rule']}.{m['field']}"
            count[key] += 1
            q = info.setdefault(key, {"fact": m["fact"], "label": m["label"], "options": [], "rules": []})
            q["rules"].append(line["rule"])
            q["options"] = q["options"] or m.get("options", [])
    facts = shared_facts()
    seen = {k: i for i, k in enumerate(info)}
    ranked = sorted(info, key=lambda k: (-count[k], order.get(k, len(order)), seen[k]))
    out = []
    for k in ranked[:limit]:
        q = info[k]
        fact = facts.get(k)
        out.append({**q, "description": fact.description if fact else None, "decides": count[k]})
    return out


@lru_cache(maxsize=1)
def fact_order() -> dict[str, int]:
    """Fact name → its place in rules/facts.yaml (the tie-break of the questions)."""
    return {name: i for i, name in enumerate(shared_facts())}


def _known_share(line: dict[str, Any], plan: Plan, profile: dict[str, Any]) -> float:
    facts = [f for _, f in plan.facts]
    return sum(1 for f in facts if f in profile) / len(facts) if facts else 0.0


def screen_lines(
    profile: dict[str, Any],
    on: date,
    ps: list[Plan],
    by_name: dict[str, Plan],
    explain: bool = False,
    run: Callable[[Plan, dict[str, Any], date, bool], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Every rule's line for one profile, exclusions applied (in plan order; the register's path)."""
    call = run or screen_rule
    lines = [call(p, inputs_for(p, profile, on), on, explain) for p in ps]
    return apply_exclusions(lines, by_name, list(profile.get("person.subsidies_received") or []))


def screen_profile(
    profile: dict[str, Any],
    on: date,
    all_plans: list[Plan] | None = None,
    explain: bool = True,
    run: Callable[[Plan, dict[str, Any], date, bool], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A parsed profile → the screen document (groups, questions, exclusions). `run` lets a
    batch put a memo in front of `screen_rule` (rules are pure: same inputs, same line)."""
    ps = all_plans if all_plans is not None else plans()
    by_name = {p.name: p for p in ps}
    lines = screen_lines(profile, on, ps, by_name, explain, run)
    groups: dict[str, list[dict[str, Any]]] = {g: [] for g in GROUPS}
    for line in lines:
        groups[line["group"]].append(line)
    groups["eligible"].sort(key=lambda ln: -(_amount(ln) or Decimal(0)))
    groups["maybe"].sort(key=lambda ln: -_known_share(ln, by_name[ln["rule"]], profile))
    exclusions = list({id(x): x for ln in groups["eligible"] for x in ln.get("exclusions", [])}.values())
    return {
        "on": on.isoformat(),
        "rules": len(ps),
        "counts": {g: len(v) for g, v in groups.items()},
        "groups": groups,
        "questions": questions(lines),
        "exclusions": exclusions,
    }


def screen(raw: dict[str, Any], on: date, keep_ids: bool = True, explain: bool = True) -> dict[str, Any]:
    """Raw facts (names or Chinese labels) → the screen document, with the profile as read."""
    from renshe.rules.idcard import mask

    profile = parse_profile(raw)
    doc = screen_profile(profile, on, explain=explain)
    shown = dict(profile)
    if not keep_ids and "person.id_number" in shown:
        shown["person.id_number"] = mask(str(shown["person.id_number"]))
    return {"profile": shown, **doc}
