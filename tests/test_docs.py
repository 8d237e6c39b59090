"""The contracts are documented (in the style of Datasette's test_docs.py): a command, an option,
an HTTP endpoint or a rule that the code has and docs/ does not name fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from renshe.cli import EXAMPLES, GROUPS, make_app

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _section(text: str, command: str) -> str:
    m = re.search(rf"^### renshe {re.escape(command)}\n(.*?)(?=^### |\Z)", text, re.S | re.M)
    assert m, f"docs/cli.md has no section '### renshe {command}'"
    return m.group(1)


def _commands() -> dict[str, list[str]]:
    cmd = typer.main.get_command(make_app())
    out: dict[str, list[str]] = {}
    for name, c in cmd.commands.items():  # type: ignore[attr-defined]
        out[name] = [o for p in c.params if p.param_type_name == "option" for o in p.opts if o != "--help"]
    return out


def test_every_command_and_option_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _commands()
    assert set(commands) == set(GROUPS), "every command is registered through GROUPS"
    for name, options in commands.items():
        section = _section(text, name)
        for option in options:
            assert option in section, f"docs/cli.md: renshe {name} does not document {option}"


def test_every_command_has_an_example_in_its_help() -> None:
    for name in _commands():
        assert EXAMPLES.get(name), f"renshe {name} has no example"
        assert all(e.startswith(f"renshe {name}") for e in EXAMPLES[name])


def test_every_endpoint_is_documented(db_path: Path) -> None:
    from renshe.server import create_app

    text = (DOCS / "http.md").read_text(encoding="utf-8")
    for path, methods in create_app().openapi()["paths"].items():
        for method in methods:
            row = re.search(rf"^\| {method.upper()} \| `{re.escape(path)}` \|", text, re.M)
            assert row, f"docs/http.md does not document {method.upper()} {path}"


@pytest.mark.parametrize("doc", ["rules.md"])
def test_every_rule_is_documented(doc: str) -> None:
    from renshe.rules.registry import all_rules

    text = (DOCS / doc).read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"`{rule.name}`" in text, f"docs/{doc} does not name the rule {rule.name}"
