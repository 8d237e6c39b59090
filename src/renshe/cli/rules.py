"""`renshe rules` and `renshe calc`: the calculators on the command line.

Both go through the rules registry, so the CLI prints exactly the document the API returns.
`calc` takes `key=value` pairs, or `--input FILE|-` with one JSON object or JSON Lines; JSON
Lines give one result per line, in order, an `{"error": …}` object on the line of each invalid
input, and exit code 2 if any line was invalid (the valid lines still run).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from renshe.cli.common import JsonOpt, dumps, fail, respond
from renshe.cli.common import console as make_console
from renshe.errors import InputError, as_input_error, printable, safe_message

if TYPE_CHECKING:
    from rich.console import Console

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_pairs(pairs: list[str]) -> dict[str, Any]:
    """`key=value` arguments as a dict of strings; the rule's model does the typing."""
    out: dict[str, Any] = {}
    for p in pairs:
        key, sep, value = p.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"参数“{p}”应写作 key=value,例如 birth=1971-04", None)
        if key in out:
            raise InputError(f"参数 {key} 重复", key)
        out[key] = value.strip()
    return out


def read_input(source: str, limit: int | None = None) -> str:
    """The text of `--input` (a file, or `-` for stdin), read at most `limit` bytes (default
    `Limits.input_bytes`): `--input -` from /dev/zero is refused, not read for ever."""
    from renshe.limits import Limits, describe_bytes

    cap = limit or Limits.from_env().input_bytes
    name = printable(source)
    if source == "-":
        data = sys.stdin.buffer.read(cap + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"找不到输入文件:{name}", "input")
        with path.open("rb") as f:
            data = f.read(cap + 1)
    if len(data) > cap:
        raise InputError(f"输入超过 {describe_bytes(cap)} 的上限(可设置 RENSHE_LIMIT_INPUT_BYTES)", "input")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"输入 {name} 不是 UTF-8 文本", "input") from None


def run_one(rule: Any, raw: dict[str, Any], on: date | None = None) -> dict[str, Any]:
    """One calculation asked on `on`; whatever fails while computing from this input is that
    input's error."""
    try:
        result: dict[str, Any] = rule.run(raw, on)
    except Exception as err:
        raise as_input_error(err) from None
    return result


def split_input(text: str) -> tuple[dict[str, Any] | None, list[str]]:
    """One JSON object (possibly pretty-printed) → (object, []); otherwise JSON Lines → (None, lines)."""
    stripped = text.strip()
    if not stripped:
        raise InputError("输入为空:应为一个 JSON 对象或每行一个 JSON 对象(JSON Lines)", "input")
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        return None, text.splitlines()
    if isinstance(whole, dict):
        return whole, []
    raise InputError("输入应为一个 JSON 对象,或每行一个 JSON 对象(JSON Lines)", "input")


def run_lines(
    rule_name: str, lines: list[str], defaults: dict[str, Any], on: date | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Run every non-blank line; (outputs in order, number of invalid lines)."""
    from renshe.rules.registry import get_rule

    rule = get_rule(rule_name)
    outputs: list[dict[str, Any]] = []
    bad = 0
    for no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"第{no}行不是有效的 JSON({err.msg},第{err.colno}列)", None) from None
            if not isinstance(obj, dict):
                raise InputError(f"第{no}行应为一个 JSON 对象", None)
            outputs.append(run_one(rule, {**defaults, **obj}, on))
        except InputError as err:
            bad += 1
            sys.stderr.write(f"错误:第{no}行:{safe_message(err.message)}\n")
            outputs.append(err.to_dict())
    return outputs, bad


# --- human output ----------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        m = _MONTH.match(value)
        return f"{int(m.group(1))}年{int(m.group(2))}月" if m else value
    if isinstance(value, list):
        return "\n".join(_fmt(v) for v in value)
    if isinstance(value, dict):
        # An item explained for people (a condition with its verdict): show its own words.
        if "text" in value:
            met = value.get("met")
            mark = "✔ " if met is True else "✘ " if met is False else ""
            return f"{mark}{value['text']}"
        return ";".join(f"{k}:{_fmt(v)}" for k, v in value.items())
    return str(value)


def _titles(schema: dict[str, Any], ref: dict[str, Any] | None = None) -> dict[str, str]:
    return {k: str(v.get("title", k)) for k, v in (ref or schema).get("properties", {}).items()}


def _sub_schema(schema: dict[str, Any], name: str) -> dict[str, Any]:
    prop = schema.get("properties", {}).get(name, {})
    refs = [prop.get("$ref")] + [x.get("$ref") for x in prop.get("anyOf", [])]
    for r in refs:
        if r:
            sub = schema.get("$defs", {}).get(r.rsplit("/", 1)[-1])
            if isinstance(sub, dict):
                return sub
    return {}


def render_calc(doc: dict[str, Any], console: Console | None = None) -> None:
    """A calculator document for people: answer, result table, steps with articles, warnings."""
    from rich.table import Table

    from renshe.rules.registry import get_rule

    console = console or make_console()
    rule = get_rule(doc["rule"])
    schema = rule.result_model.model_json_schema(mode="serialization")
    titles = _titles(schema)
    if rule.summarize:
        console.print(f"[bold]{rule.title}[/bold]")
        for line in rule.summarize(doc):
            console.print(f"[green]●[/green] {line}", highlight=False, soft_wrap=True)
    table = Table(title="计算结果", show_header=False, title_justify="left")
    table.add_column("项目", style="bold")
    table.add_column("值", overflow="fold")
    nested: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for key, value in doc["result"].items():
        if f"{key}_text" in doc["result"]:
            continue  # the rule already spells it for people
        if isinstance(value, dict):
            sub = _sub_schema(schema, key)
            if len(value) <= 3 and all(not isinstance(v, dict | list) for v in value.values()):
                st = _titles(schema, sub)
                table.add_row(
                    titles.get(key, key), "".join(f"{_fmt(v)}{st.get(k, k)}" for k, v in value.items())
                )
            else:
                nested.append((titles.get(key, key), value, sub))
            continue
        if value is None:
            continue
        table.add_row(titles.get(key, key), _fmt(value))
    console.print(table)
    for title, value, sub in nested:
        st = _titles(schema, sub)
        t = Table(title=title, show_header=False, title_justify="left")
        t.add_column("项目", style="bold")
        t.add_column("值", overflow="fold")
        for k, v in value.items():
            if v is not None and v != [] and f"{k}_text" not in value:
                t.add_row(st.get(k, k), _fmt(v))
        console.print(t)
    # Chinese has no spaces to wrap at: let the terminal wrap (soft_wrap) instead of rich.
    console.print("[bold]计算过程[/bold]")
    for i, step in enumerate(doc["steps"], start=1):
        console.print(f"{i}. {step['text']}", highlight=False, soft_wrap=True)
        refs = "、".join(dict.fromkeys(c["ref"] for c in step["citations"]))
        if refs:
            console.print(f"   [dim]依据:{refs}[/dim]", highlight=False, soft_wrap=True)
    console.print("[bold]引用条文[/bold]")
    grouped: dict[str, list[dict[str, Any]]] = {}
    for c in doc["citations"]:
        grouped.setdefault(c["provision_id"], []).append(c)
    for pid, cs in grouped.items():
        quotes = "……".join(f"“{c['quote']}”" for c in cs)
        console.print(f"· {cs[0]['ref']}:{quotes} [dim]({pid})[/dim]", highlight=False, soft_wrap=True)
    if doc["warnings"]:
        console.print("[bold yellow]提示[/bold yellow]")
        for w in doc["warnings"]:
            console.print(f"[yellow]! {w}[/yellow]", highlight=False, soft_wrap=True)


def render_rules(data: dict[str, Any], console: Console | None = None) -> None:
    from rich.table import Table

    console = console or make_console()
    for r in data["rules"]:
        console.print(f"[bold]{r['name']}[/bold]  {r['title']}", highlight=False)
        console.print(f"  {r['summary']}", highlight=False)
        schema = r["input_schema"]
        required = set(schema.get("required", []))
        t = Table(show_header=True, box=None, padding=(0, 2))
        t.add_column("输入项")
        t.add_column("名称")
        t.add_column("必填")
        t.add_column("说明", overflow="fold")
        for name, prop in schema.get("properties", {}).items():
            t.add_row(
                name,
                str(prop.get("title", "")),
                "是" if name in required else "",
                str(prop.get("description", "")),
            )
        console.print(t)
        console.print("  依据:" + "、".join(c["ref"] for c in r["basis"]), highlight=False)
        if r["examples"]:
            ex = " ".join(f"{k}={v}" for k, v in r["examples"][0].items())
            console.print(f"  示例:renshe calc {r['name']} {ex}", highlight=False)
        console.print()


# --- commands --------------------------------------------------------------------------------


def register(app: typer.Typer) -> None:
    @app.command("rules")
    def rules_cmd(json_out: JsonOpt = False) -> None:
        """列出计算器:名称、标题、输入项(JSON Schema)和法律依据。"""
        from renshe.rules.registry import all_rules

        respond(json_out, lambda: {"rules": [r.describe() for r in all_rules()]}, render_rules)

    @app.command("calc")
    def calc_cmd(
        rule: Annotated[str, typer.Argument(help="计算器名称,见 renshe rules")],
        pairs: Annotated[list[str] | None, typer.Argument(help="输入项 key=value,例如 birth=1971-04")] = None,
        input_file: Annotated[
            str | None,
            typer.Option(
                "--input", help="从文件读取输入(- 为标准输入):一个 JSON 对象,或每行一个(JSON Lines)"
            ),
        ] = None,
        on: Annotated[
            str | None,
            typer.Option("--on", help="所问的日期 YYYY-MM-DD(默认今天):判断是否仍有效、期限是否已过"),
        ] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """运行一个计算器。"""
        from renshe.cli.common import parse_day
        from renshe.rules.registry import get_rule

        lines: list[str] = []
        single: dict[str, Any] | None = None
        asked = None
        try:
            asked = parse_day(on)
            get_rule(rule)
            defaults = parse_pairs(pairs or [])
            if input_file is not None:
                single, lines = split_input(read_input(input_file))
        except InputError as err:
            fail(err, json_out)
            return
        if input_file is None or single is not None:
            raw = {**defaults, **(single or {})}
            respond(json_out, lambda: run_one(get_rule(rule), raw, asked), render_calc)
            return
        outputs, bad = run_lines(rule, lines, defaults, asked)
        for out in outputs:
            sys.stdout.write(dumps(out) + "\n")
        if bad:
            raise typer.Exit(2)
